# sed: s with g and a number, -n with p, d, ranges, several -e, y, a, i, -i in place.
printf 'one two two\nthree\nfour\nfive\n' > s
sed 's/two/2/' s
sed 's/two/2/g' s | head -n 1
sed 's/two/2/2' s | head -n 1
sed -n '2p' s
sed '2,3d' s
sed -n '/^f/p' s
sed -e 's/one/1/' -e 's/three/3/' s
echo hello | sed 'y/lo/01/'
printf 'a\nb\n' | sed '1a\
after'
printf 'a\nb\n' | sed '2i\
before'
sed -i 's/four/4/' s
cat s
echo 'key=value' | sed 's/\(.*\)=\(.*\)/\2=\1/'
printf 'x\ny\nz\n' | sed -n '$p'
