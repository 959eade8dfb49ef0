# cat: files in order, - for stdin, -n numbering across files, a missing file.
printf 'line1\nline2\n' > /tmp/cat1.txt
printf 'x\n' > c2
cat /tmp/cat1.txt c2
echo stdin | cat c2 - c2
cat -n /tmp/cat1.txt c2
cat missing; echo "status $?"
printf 'no newline' > c3
cat c3 c2
rm /tmp/cat1.txt
