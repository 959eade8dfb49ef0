#!/usr/bin/env python3
"""Wraps a raw kernel Image in an ELF whose only PT_LOAD starts at a chosen physical
address, so QEMU's -kernel loads (and OpenSBI enters) it there: the boot test for
"the same Image boots at any 2 MiB-aligned address".
Usage: image-to-elf.py IMAGE LOAD_ADDRESS OUTPUT"""
import struct
import sys

image = open(sys.argv[1], 'rb').read()
addr = int(sys.argv[2], 0)
if addr % (2 << 20):
    sys.exit('image-to-elf: the load address must be 2 MiB aligned')
image_size = struct.unpack_from('<Q', image, 16)[0]   # Image header: image_size
EHDR, PHDR = 64, 56
offset = 0x1000
ehdr = struct.pack('<4sBBBBB7sHHIQQQIHHHHHH', b'\x7fELF', 2, 1, 1, 0, 0, b'\0' * 7,
                   2, 243, 1, addr, EHDR, 0, 0, EHDR, PHDR, 1, 64, 0, 0)
phdr = struct.pack('<IIQQQQQQ', 1, 7, offset, addr, addr, len(image), max(image_size, len(image)),
                   0x1000)
with open(sys.argv[3], 'wb') as out:
    out.write(ehdr + phdr + b'\0' * (offset - EHDR - PHDR) + image)
