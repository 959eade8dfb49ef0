# grep: a match, -v, -i, -c, -n, -E, -o, -w, -l over files, -r, exit statuses.
printf 'apple\nBanana\ncherry\napricot\nbanana split\n' > fruit
grep an fruit
echo --
grep -v a fruit
echo --
grep -i banana fruit
grep -c a fruit
grep -n '^a' fruit
grep -E 'ch|sp' fruit
grep -o 'an' fruit | wc -l
grep -w banana fruit
mkdir d && echo apple > d/one && echo pear > d/two
grep -l apple fruit d/one d/two
grep -r pear d
grep -q kiwi fruit; echo "status $?"
grep kiwi missing 2>/dev/null; echo "status $?"
