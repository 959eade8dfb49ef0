# needs: utimensat fchownat
# touch (utimensat) makes a file and sets times (-d, -r); cp -p keeps mode, times and
# ownership (utimensat, fchownat), read back by date -r and stat.
touch new
ls new
touch -d '2001-02-03 04:05:06' new
date -r new '+%Y-%m-%d %H:%M:%S'
: > other
touch -r new other
date -r other '+%Y-%m-%d %H:%M:%S'
chmod 444 new
cp -p new copy
ls -l copy | cut -c1-10
date -r copy '+%Y-%m-%d %H:%M:%S'
stat -c '%s %a %Y' copy
