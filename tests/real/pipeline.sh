# Pipelines: two and four stages, a pipeline's status is its last command's, ! negates.
echo hello world | tr a-z A-Z
printf 'pear\napple\nfig\n' | sort | head -n 2
seq 1 20 | grep 1 | tr -d '\n' | wc -c
printf 'a\nb\n' | cat | cat | cat
false | true; echo "status $?"
true | false; echo "status $?"
! false | grep -q x; echo "negated $?"
