# needs: proc
# free (sysinfo and /proc/meminfo): the header, a Mem: line whose total is the
# machine's RAM less what the kernel keeps (between 400 and 512 MiB at -m 512M), used +
# free <= total, and a Swap: line of zeros.
free | head -n 1 | awk '{ print $1, $2, $3, $4, $5, $6 }'
free | awk '$1 == "Mem:" { print "Mem:", ($2 > 400000 && $2 <= 524288), ($3 + $4 <= $2) }'
free | awk '$1 == "Swap:" { print $0 }' | tr -s ' '
free -m | awk '$1 == "Mem:" { print "MiB", ($2 > 390 && $2 <= 512) }'
