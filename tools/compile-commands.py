#!/usr/bin/env python3
"""Prints compile_commands.json (for clangd and other editors) to stdout: the compiler
commands a dry run of the whole build (`make -n -B V=1 all host-tests`) shows, one entry
per C or assembler source. A file compiled more than once (a kernel file that is also
in a host test) keeps its first command, the kernel's.

Usage: python3 tools/compile-commands.py [MAKE]"""
import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    make = sys.argv[1] if len(sys.argv) > 1 else 'make'
    # -B: every command, not just those of out-of-date files. MAKEFLAGS cleared so that
    # an enclosing make's flags (-j, -s) do not change what is printed.
    dry_run = subprocess.run([make, '-n', '-B', 'V=1', 'all', 'host-tests'], cwd=ROOT,
                             env=dict(os.environ, MAKEFLAGS=''), capture_output=True,
                             text=True, check=True).stdout
    entries = {}
    for line in dry_run.splitlines():
        try:
            words = shlex.split(line)
        except ValueError:          # shell syntax shlex does not take: not a compile
            continue
        if not words or not re.search(r'(^|[-/])(gcc|cc|clang)$', words[0]):
            continue
        sources = [w for w in words[1:] if re.search(r'\.(c|S)$', w)]
        for source in sources:
            path = os.path.normpath(os.path.join(ROOT, source))
            args = [w for w in words if w == source or w not in sources]
            entries.setdefault(path, {'directory': ROOT, 'file': path, 'arguments': args})
    json.dump(list(entries.values()), sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
