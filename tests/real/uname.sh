# uname: each field and -a, as this kernel reports them (syscall/sys_info.c).
uname
uname -s
uname -n
uname -r
uname -m
uname -a
uname -s -m
