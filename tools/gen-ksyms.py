#!/usr/bin/env python3
"""Turns `nm -n` output (argument: a file, '-' for stdin, /dev/null for none) into an
assembly file holding a sorted table of text symbols, for kernel backtraces."""
import sys

src = sys.stdin if sys.argv[1] == '-' else open(sys.argv[1])
syms = []
for line in src:
    parts = line.split()
    if len(parts) == 3 and parts[1] in 'tTW' and not parts[2].startswith('.L'):
        syms.append((int(parts[0], 16), parts[2]))
syms.sort()

out = ['\t.section .ksyms, "a"', '\t.balign 8',
       '\t.globl ksyms_count, ksyms_addrs, ksyms_name_offsets, ksyms_names',
       f'ksyms_count:\t.dword {len(syms)}', 'ksyms_addrs:']
out += [f'\t.dword 0x{a:x}' for a, _ in syms]
out.append('ksyms_name_offsets:')
offset = 0
for _, name in syms:
    out.append(f'\t.word {offset}')
    offset += len(name) + 1
out.append('ksyms_names:')
out += [f'\t.asciz "{name}"' for _, name in syms]
print('\n'.join(out))
