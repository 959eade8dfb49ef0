# needs: proc signals
# ps (/proc/PID/stat, cmdline, status): the header, process 1 (the run.sh shell), this
# shell, and ps itself, each once; a background sleep shows up and is gone once killed.
ps | head -n 1 | awk '{ print $1, $2, $3, $4 }'
ps | awk '$1 == 1 { print "pid 1:", $NF }'
me=$$
ps | awk -v me=$me '$1 == me { print "this shell found" }'
ps | grep -c '[p]s$'
sleep 100 &
pid=$!
ps | awk -v p=$pid '$1 == p { print "background job found" }'
kill $pid
wait $pid
echo "sleep status $?"
ps | awk -v p=$pid '$1 == p' | wc -l
