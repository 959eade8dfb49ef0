# wc: lines, words and bytes of a file, of stdin, of two files with a total; -l, -w, -c.
printf 'one two\nthree\n\nfour five six\n' > w1
printf 'x' > w2
wc w1
wc -l w1
wc -w < w1
wc -c w1 w2
wc w1 w2
seq 1000 | wc -l
