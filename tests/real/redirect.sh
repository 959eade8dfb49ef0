# Redirection to and from files in /tmp: >, >>, <, 2>, 2>&1, a here-document, a
# descriptor opened with exec, >| over an existing file, <> and 2>&-.
f=/tmp/redirect.txt
echo one > $f
echo two >> $f
cat < $f
wc -l < $f
ls /nonexistent 2> /tmp/redirect.err
echo "ls status $?"
[ -s /tmp/redirect.err ] && echo "stderr went to the file"
{ echo out; echo err >&2; } > /tmp/redirect.both 2>&1
cat /tmp/redirect.both
cat <<END > $f
here $((1 + 1))
document
END
cat $f
exec 3> /tmp/redirect.fd3
echo "through 3" >&3
exec 3>&-
cat /tmp/redirect.fd3
echo replaced >| $f
cat $f
cat <> /tmp/redirect.both
echo closed 2>&-
rm $f /tmp/redirect.err /tmp/redirect.both /tmp/redirect.fd3
ls /tmp/redirect.* 2>/dev/null || echo "all removed"
