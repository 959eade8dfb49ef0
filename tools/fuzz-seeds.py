#!/usr/bin/env python3
"""Writes the seed corpus of the host fuzzers (tests/fuzz/) into DIR/NAME/: small valid
inputs each fuzzer starts mutating from. dt: the test device trees (build/dtb); cpio:
small newc archives; elf: a minimal static RISC-V executable and variants; path: lines of
operations for fuzz_path.c. Usage: fuzz-seeds.py DIR"""
import glob
import os
import shutil
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from qemu_cases import newc_archive  # noqa: E402


def tiny_elf(vaddr=0x10000, flags=5, segments=1):
    """An ELF64 RISC-V ET_EXEC: header, program headers, a few bytes of code."""
    code = b'\x13\x00\x00\x00' * 2          # two nops
    phoff, phsize = 64, 56
    size = phoff + phsize * segments + len(code)
    entry = vaddr + phoff + phsize * segments
    ehdr = b'\x7fELF' + bytes([2, 1, 1, 0]) + bytes(8) + struct.pack(
        '<HHIQQQIHHHHHH', 2, 243, 1, entry, phoff, 0, 0, 64, phsize, segments, 64, 0, 0)
    phdrs = b''.join(struct.pack('<IIQQQQQQ', 1, flags, 0, vaddr + i * 0x1000,
                                 vaddr + i * 0x1000, size, size + 4096 * i, 0x1000)
                     for i in range(segments))
    return ehdr + phdrs + code


def main():
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    seeds = {
        'dt': {os.path.basename(p): open(p, 'rb').read()
               for p in glob.glob(os.path.join(ROOT, 'build', 'dtb', '*.dtb'))},
        'cpio': {'empty': newc_archive({}),
                 'one': newc_archive({'init': b'\x7fELF' + bytes(60)}),
                 'tree': newc_archive({'bin/sh': b'x' * 100, './init': b'', 'a/b/c': b'abc'})},
        'elf': {'tiny': tiny_elf(), 'two': tiny_elf(segments=2), 'rwx': tiny_elf(flags=7)},
        'path': {'lookups': b'f/a/b\nl/l\nf/l/../f\nf/loop\nf////a/./b/..\n',
                 'changes': b'm/a/x\nc/a/x/y\nn/a/x/y\n/a/z\nu/a/z\nr/a/x\n',
                 'links': b's/s\n/a/f\nh/a/g\n/a/f\nf/s\nu/s\nn/a\n/a/b/c\n'},
    }
    for name, files in seeds.items():
        os.makedirs(os.path.join(out, name))
        for fname, data in files.items():
            with open(os.path.join(out, name, fname), 'wb') as f:
                f.write(data)


if __name__ == '__main__':
    main()
