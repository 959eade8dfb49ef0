#!/usr/bin/env python3
"""Checks that only the trap path and the context switch use gp and t3-t6 (x3, x28-x31).

The kernel's C code is built with -ffixed-t3..t6 and never uses gp, so on the system-call
and page-fault paths these registers still hold the user's values when the kernel returns
and trap/entry.S neither saves nor restores them (docs/traps.md). Hand-written assembly,
libgcc or an inline asm that used one would hand a user program a changed register after a
system call. Reads `objdump -d` of the kernel on stdin; argv[1] names it in the message."""
import re
import sys

# The code that saves, restores or switches these registers on purpose.
ALLOWED = {'trap_entry', 'trap_return', 'syscall_clone_entry', 'syscall_clone3_entry',
           'context_switch'}
REG = re.compile(r'\b(gp|t[3-6])\b')
FUNC = re.compile(r'^[0-9a-f]+ <([^>]+)>:$')

func, bad = None, []
for line in sys.stdin:
    m = FUNC.match(line.strip())
    if m:
        func = m.group(1)
        continue
    parts = line.split('\t')
    if len(parts) < 3 or func in ALLOWED:
        continue
    operands = re.sub(r'<[^>]*>', '', parts[2].split('#')[0])
    if REG.search(operands):
        bad.append(f'{func}: {line.strip()}')
if bad:
    sys.exit(f'check-fixed-regs: {sys.argv[1]}: gp or t3-t6 used outside the trap path:\n  ' +
             '\n  '.join(bad[:10]))
