# More text tools: head, tail, cut, tr, uniq, tee, xargs, expr, basename, dirname, od,
# md5sum and sha256sum of known strings, gzip and gunzip through a pipe, tar of a tree.
seq 10 > n
head -n 3 n | tr '\n' ' '; echo
tail -n 2 n | tr '\n' ' '; echo
tail -c 3 n | od -c | head -n 1
echo 'a:b:c:d' | cut -d: -f2,4
echo 'hello' | cut -c2-4
echo 'Hello World' | tr -s 'lo' | tr 'A-Z' 'a-z'
printf 'a\na\nb\nc\nc\nc\n' | uniq -c | tr -s ' '
echo teed | tee t1 t2 > /dev/null; cat t1 t2
seq 5 | xargs echo sum:
printf 'x y\nz\n' | xargs -n 1 echo item
expr 7 \* 6; expr length "abcde"; expr 5 \> 3
basename /usr/local/bin/tool.sh .sh; dirname /usr/local/bin/tool.sh
printf 'abc' | od -A x -t x1
printf 'abc' | md5sum
printf 'abc' | sha256sum
seq 2000 > big
gzip -c big > big.gz && gunzip -c big.gz | cmp - big && echo "gzip round trip"
mkdir -p tree/sub && echo one > tree/a && echo two > tree/sub/b
tar cf tree.tar tree && rm -r tree && tar xf tree.tar && cat tree/a tree/sub/b
tar tf tree.tar | sort
[ -d tree ] && [ -f tree/a ] && [ ! -e tree/c ] && test 3 -lt 10 && echo "test ok"
printf '%s-%d-%x\n' str 42 255
