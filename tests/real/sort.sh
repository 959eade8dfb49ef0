# sort: byte order, -n, -r, -u, -k with -t, -c.
printf '10\n9\n100\nb\na\nB\n' > in
sort in
echo --
sort -n in
echo --
sort -r in
echo --
printf 'x 3\ny 1\nz 2\nw 10\n' | sort -k2 -n
echo --
printf 'a\nb\na\nc\nb\n' | sort -u
echo --
printf 'root:x:0\nbin:x:2\nsys:x:1\n' | sort -t: -k3,3n
printf 'a\nb\n' | sort -c && echo sorted
printf 'b\na\n' | sort -c 2>/dev/null || echo "not sorted"
