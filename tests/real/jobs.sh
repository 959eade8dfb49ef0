# needs: signals
# Background jobs (ash's wait builtin blocks in sigsuspend): $!, wait for one and for all, a job's exit status, kill of a
# background job (signal default action only: no handler), subshells.
(exit 3) &
wait $!
echo "status $?"
ash -c 'sleep 0.2; echo first' &
ash -c 'echo second' > /tmp/jobs.out &
wait
cat /tmp/jobs.out
rm /tmp/jobs.out
# ash reports "Terminated" on stderr only if the wait builtin is what reaps the job; on
# several harts the job may die and be reaped before the shell reaches the wait.
sleep 100 &
kill $!
wait $! 2>/dev/null
echo "killed status $?"
( cd /tmp && pwd ); pwd | grep -c check-jobs
x=1; ( x=2 ); echo "x=$x"
