# needs: poll
# ash's read builtin (it polls its input before each byte: ppoll): lines from a file
# and a pipe, -r, field splitting with IFS, the status at end of file.
printf 'one two three\nfour\n' > in
while read -r line; do echo "read: $line"; done < in
read a b < in; echo "a=$a b=$b"
echo 'x:y:z' | { IFS=: read p q r; echo "$r$q$p"; }
printf 'back\\slash\n' | { read -r v; echo "$v"; }
printf 'back\\slash\n' | { read v; echo "$v"; }
read last < /dev/null; echo "status $?"
