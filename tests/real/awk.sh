# awk: fields, NR/NF, BEGIN/END, sums, printf, -F, associative arrays, functions,
# string functions, -v.
printf 'alice 30 paris\nbob 25 rome\ncarol 35 paris\n' > people
awk '{ print $1 }' people
awk '{ s += $2 } END { print "total", s, "average", s / NR }' people
awk 'NR == 2 { print NF, $NF }' people
awk -F: '{ print $2 }' <<END
a:b:c
d:e:f
END
awk '{ n[$3]++ } END { print "paris", n["paris"]; print "rome", n["rome"] }' people
awk 'BEGIN { printf "%5.2f|%-4s|%03d\n", 3.14159, "ab", 7 }'
awk 'function sq(x) { return x * x } BEGIN { print sq(12) }'
awk 'BEGIN { s = "Hello, World"; print length(s), toupper(s), substr(s, 8, 5), index(s, "W") }'
awk 'BEGIN { n = split("a-b-c", p, "-"); print n, p[1] p[3] }'
awk '{ gsub(/a/, "A"); print }' people | head -n 1
awk -v k=2 '$2 > 26 { print k * $2 }' people
awk 'BEGIN { while (i < 3) { i++; printf "%d ", i }; print "" }'
