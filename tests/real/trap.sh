# needs: signals
# ash's trap: a handler for a signal sent to the shell itself, EXIT, ignoring with
# trap '' and restoring with trap -, and kill -l.
trap 'echo got USR1' USR1
kill -USR1 $$
trap 'echo got TERM' TERM
kill -TERM $$
trap '' INT
kill -INT $$
echo "still here"
trap - INT
trap 'echo exiting' EXIT
kill -l 15
echo done
