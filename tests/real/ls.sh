# ls: names sorted, -a, -r, -1, -d, -F, and ls -ln's columns (mode, links, owner, group,
# size, name; the dates are left out) with "total" counting 1 KiB blocks.
mkdir lsdir && cd lsdir
echo hello > b.txt
: > a.txt
mkdir sub
ln -s b.txt link
chmod 600 a.txt
ls
ls -a
ls -r
ls -d sub
ls -F
ls -ln | awk 'NR == 1 { print; next } { print $1, $2, $3, $4, ($1 ~ /^d/ ? "(dir)" : $5), $9, $10, $11 }'
ls -l nonexistent 2>&1; echo "status $?"
