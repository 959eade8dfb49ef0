"""The QEMU test cases tests/run.py boots. Each is a dict: name, kernel, append, mem, smp,
initrd (bool), extra (QEMU args), status (expected exit status), expect / forbid (regexes
over the console output), checks (functions returning a complaint or None), faults (the
case provokes a kernel fault on purpose), timeout (seconds)."""
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def stval_matches(output):
    """The fault report names the address the test said it would touch."""
    want = re.search(r'^ktest: expect .* at stval=(0x[0-9a-f]+)', output, re.M)
    got = re.search(r'^  stval=(0x[0-9a-f]+)', output, re.M)
    if not want or not got:
        return 'no expected/reported stval'
    if int(want.group(1), 16) != int(got.group(1), 16):
        return f'stval {got.group(1)} != expected {want.group(1)}'
    return None


def newc_archive(files):
    """A cpio newc archive (the initramfs format) of {name: bytes}, regular files."""
    out = b''
    for ino, (name, data) in enumerate(list(files.items()) + [('TRAILER!!!', b'')], 1):
        name_bytes = name.encode() + b'\0'
        fields = [ino, 0o100755, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_bytes), 0]
        header = b'070701' + b''.join(b'%08X' % f for f in fields)
        entry = header + name_bytes
        entry += b'\0' * (-len(entry) % 4) + data
        out += entry + b'\0' * (-len(entry) % 4)
    return out


def make_bad_inputs(build):
    """Initrds that must give clear errors: garbage, and an /init that is not ELF."""
    paths = {}
    for name, content in {'garbage': b'this is not a cpio archive' * 40,
                          'not-elf': newc_archive({'init': b'#!/bin/sh\necho hi\n'})}.items():
        path = os.path.join(build, f'initrd-{name}.cpio')
        with open(path, 'wb') as f:
            f.write(content)
        paths[name] = path
    return paths


def elf_at(build, address):
    """The Image wrapped in an ELF loaded at another 2 MiB-aligned address."""
    out = os.path.join(build, f'Image-ktest-at-{address:#x}.elf')
    subprocess.run(['python3', os.path.join(ROOT, 'tools/image-to-elf.py'),
                    os.path.join(build, 'Image-ktest'), hex(address), out], check=True)
    return out


def qemu_cases(build):
    ktest_image = os.path.join(build, 'Image-ktest')
    bad = make_bad_inputs(build)
    pmm_pass = [r'^ktest pmm: PASSED']
    cases = [
        # The user programs: every RESULT line is a test of its own.
        dict(name='user/virt-512M', append='init=/bin/runtests', mem='512M', timeout=400,
             expect=[r'^runtests: \d+ passed, 0 failed']),
        dict(name='user/virt-64M-smp4', append='init=/bin/runtests -- t_fork t_preempt t_mmap t_oom',
             mem='64M', smp=4, timeout=300, expect=[r'^runtests: 4 passed, 0 failed']),
        dict(name='user/virt-8G', append='init=/bin/runtests -- t_large t_mmap t_fork',
             mem='8G', timeout=300, expect=[r'^runtests: 3 passed, 0 failed']),
        # Boot matrix: the allocator self-test at several sizes, hart counts, with and
        # without an initrd, and at a second load address.
        dict(name='boot/64M', kernel=ktest_image, append='ktest=pmm', mem='64M', expect=pmm_pass),
        dict(name='boot/512M-smp4', kernel=ktest_image, append='ktest=pmm', mem='512M', smp=4,
             expect=pmm_pass),
        dict(name='boot/8G', kernel=ktest_image, append='ktest=pmm', mem='8G', timeout=400,
             expect=pmm_pass),
        dict(name='boot/no-initrd', kernel=ktest_image, append='ktest=pmm', initrd=False,
             expect=pmm_pass, forbid=[r'reserved: initrd']),
        dict(name='boot/with-initrd', kernel=ktest_image, append='ktest=pmm',
             expect=pmm_pass + [r'reserved: initrd']),
        dict(name='boot/load-address-0x81000000', kernel=elf_at(build, 0x81000000),
             append='ktest=pmm', expect=pmm_pass + [r'loaded at 0x81000000']),
        # Device-tree variants from dts/, as the firmware's tree.
        *[dict(name=f'boot/dtb-{dtb}', kernel=ktest_image, append='ktest=pmm', mem='512M',
               initrd=dtb != 'no-initrd', expect=pmm_pass,
               extra=['-dtb', os.path.join(build, 'dtb', f'{dtb}.dtb')])
          for dtb in ('qemu-virt', 'two-regions-hole', 'multi-reg', 'cells32', 'reserved',
                      'no-initrd', 'initrd64')],
        dict(name='boot/two-regions-hole-user', append='init=/bin/runtests -- t_large t_fork',
             mem='512M', extra=['-dtb', os.path.join(build, 'dtb', 'two-regions-hole.dtb')],
             expect=[r'^runtests: 2 passed, 0 failed']),
        dict(name='boot/normal-image-has-no-ktests', append='ktest=pmm', status=1,
             expect=[r'this image has no self-tests']),
        # Bad input gives a clear error, never a crash.
        dict(name='bad/no-initrd', initrd=False, status=1, faults=True,
             expect=[r'kernel panic: no initrd']),
        dict(name='bad/garbage-initrd', extra=['-initrd', bad['garbage']], initrd=False,
             status=1, faults=True, expect=[r'malformed initrd', r'cannot run init /init']),
        dict(name='bad/init-not-elf', extra=['-initrd', bad['not-elf']], initrd=False, status=1,
             faults=True, expect=[r'exec /init: not an ELF', r'cannot run init /init']),
        dict(name='bad/missing-init', append='init=/bin/nonexistent', status=1, faults=True,
             expect=[r'cannot run init /bin/nonexistent \(error -2\)']),
    ]
    for name in ('pmm', 'kmalloc', 'timer', 'fixup'):
        cases.append(dict(name=f'ktest/{name}', kernel=ktest_image, append=f'ktest={name}',
                          expect=[rf'^ktest {name}: PASSED']))
    faults = {
        'rodata': r'\(store page fault, scause=0xf\)',
        'execdata': r'\(instruction page fault, scause=0xc\)',
        'null': r'\(load page fault, scause=0xd\)',
        'unmapped': r'\(load page fault, scause=0xd\)',
    }
    for name, cause in faults.items():
        cases.append(dict(name=f'ktest/fault-{name}', kernel=ktest_image, append=f'ktest={name}',
                          status=1, faults=True, checks=[stval_matches],
                          expect=[r'^kernel fault: unhandled trap in the kernel ' + cause,
                                  r'^  sepc=0x', r'^backtrace:', r'\ba0=[0-9a-f]{16}']))
    cases.append(dict(name='ktest/fault-stackoverflow', kernel=ktest_image,
                      append='ktest=stackoverflow', status=1, faults=True,
                      expect=[r'^kernel fault: kernel stack overflow', r'<recurse']))
    cases.append(dict(name='ktest/fault-nested', kernel=ktest_image, append='ktest=nestedfault',
                      status=2, faults=True, expect=[r'fault while reporting a fault; stopping']))
    return cases
