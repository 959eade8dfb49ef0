# Process and system information: id and whoami (uid 0, no /etc/passwd), the shell's
# $$ and $PPID, getppid through a child, hostname, nproc, uptime, env, ulimit,
# sleep, date's clock.
id -u; id -g
id
whoami 2>&1
[ "$$" -gt 1 ] && echo "pid ok"
ash -c 'echo $PPID' > ppid; [ "$(cat ppid)" = "$$" ] && echo "child's PPID is the shell"
hostname
nproc
uptime | grep -c 'up .*load average'
env -i A=1 B=2 env | sort
ulimit -n
ulimit -s
sleep 0.1 && echo slept
d1=$(date +%s); sleep 1; d2=$(date +%s); [ $((d2 - d1)) -ge 1 ] && echo "date advances"
date -d @86400 -u '+%Y-%m-%d %H:%M'
