#!/usr/bin/env python3
"""Checks that the second kernel link placed every text symbol where the first did, so
the embedded symbol table (made from the first) is right for the second."""
import subprocess
import sys

def text_symbols(elf):
    out = subprocess.run(['riscv64-unknown-elf-nm', '-n', elf], check=True,
                         capture_output=True, text=True).stdout
    return {p[2]: p[0] for p in (l.split() for l in out.splitlines())
            if len(p) == 3 and p[1] in 'tTW' and not p[2].startswith('ksyms_')}

first, second = text_symbols(sys.argv[1]), text_symbols(sys.argv[2])
moved = [n for n in first if second.get(n) != first[n]]
if moved:
    sys.exit(f'check-ksyms: symbols moved between links: {moved[:5]}')
