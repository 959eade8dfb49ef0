# Command substitution: $(...), nested, backquotes, trailing newlines removed, in
# arithmetic and in a for list.
x=$(echo abc)
echo "x=$x"
echo "nested: $(echo "a $(echo b $(echo c))")"
echo "backquotes: `echo old style`"
lines=$(printf 'one\ntwo\n\n\n')
echo "[$lines]"
echo "sum $(( $(echo 20) + $(seq 3 | wc -l) ))"
for w in $(echo p q r); do printf '<%s>' "$w"; done; echo
n=$(ash -c 'exit 7'); echo "status of the substitution $?"
