#!/usr/bin/env python3
"""mkinitrd.py DIR OUT: packs DIR into a cpio "newc" archive (cpio(5), the initramfs format
of Linux's Documentation/driver-api/early-userspace/buffer-format.rst), as
`cd DIR && find . | sort | cpio -o -H newc` does, with one difference: the data of every
regular file of at least a page starts on a 4096-byte boundary of the archive.

The kernel then lets each such file keep its whole pages where the boot loader put them
(fs/initramfs.c) instead of copying them. The padding is NULs after the file's own name,
counted in its c_namesize: Linux and cpio read the name as a C string and so see the
same name. c_namesize stays within Linux's PATH_MAX (4096); when the gap would take it
beyond, the padding is an entry for "." again before the file (a directory that exists,
with the mode and mtime of the archive's own "." entry) whose name is followed by as many
NULs as the gap needs: Linux and cpio change nothing for it, and this kernel skips
entries naming the root. A gap under the smallest such entry (112 bytes) takes two.
Each entry costs the kernel a header to parse at boot, so padding names rather than
adding entries halves the test archive's entries."""
import os
import stat
import sys

PAGE = 4096
HEADER = 110
PATH_MAX = 4096


def pad4(n):
    return (n + 3) & ~3


def entry(name, st, ino, data, name_pad=0):
    """One entry: header, NUL-terminated name (name_pad more NULs after it) and data, each
    padded to 4 bytes."""
    name = name.encode() + b'\0' * (1 + name_pad)
    fields = [ino, st.st_mode, st.st_uid, st.st_gid, st.st_nlink, int(st.st_mtime),
              len(data), 0, 0, 0, 0, len(name), 0]
    head = b'070701' + b''.join(b'%08X' % f for f in fields) + name
    head += b'\0' * (pad4(len(head)) - len(head))
    return head + data + b'\0' * (pad4(len(data)) - len(data))


def filler(size, root_st):
    """A "." entry exactly size bytes long (size a multiple of 4, 112 to 4204)."""
    name_size = size - HEADER               # with its NULs; pad4(HEADER + name_size) == size
    return entry('.', root_st, 0, b'', name_pad=name_size - 2)


def gap_fillers(gap, root_st):
    if gap == 0:
        return b''
    if gap < HEADER + 2:                    # too small for one entry: add a page
        gap += PAGE
    if gap > HEADER + PATH_MAX:
        half = pad4(gap // 2)
        return filler(half, root_st) + filler(gap - half, root_st)
    return filler(gap, root_st)


def main():
    root, out = sys.argv[1], sys.argv[2]
    paths = ['.']
    for dirpath, dirs, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        for n in dirs + files:
            paths.append('./' + os.path.normpath(os.path.join(rel, n)))
    paths.sort()
    archive = bytearray()
    root_st = os.lstat(root)
    for ino, path in enumerate(paths, 1):
        full = os.path.join(root, path)
        st = os.lstat(full)
        if stat.S_ISLNK(st.st_mode):
            data = os.readlink(full).encode()
        elif stat.S_ISREG(st.st_mode):
            with open(full, 'rb') as f:
                data = f.read()
        else:
            data = b''
        name_pad = 0
        if stat.S_ISREG(st.st_mode) and len(data) >= PAGE:
            name_size = len(path.encode()) + 1
            data_at = len(archive) + pad4(HEADER + name_size)
            gap = -data_at % PAGE
            # NULs that end the name exactly at the page boundary
            name_pad = pad4(HEADER + name_size) + gap - (HEADER + name_size)
            if name_size + name_pad > PATH_MAX:
                archive += gap_fillers(gap, root_st)
                name_pad = 0
        archive += entry(path, st, ino, data, name_pad)
    archive += entry('TRAILER!!!', os.stat_result((0,) * 10), 0, b'')
    archive += b'\0' * (-len(archive) % 512)   # whole 512-byte blocks, as cpio writes
    with open(out, 'wb') as f:
        f.write(archive)


if __name__ == '__main__':
    main()
