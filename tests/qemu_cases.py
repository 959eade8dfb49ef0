"""The QEMU test cases tests/run.py boots. Each is a dict: name, kernel, append, mem, smp,
initrd (bool), machine, bios, extra (QEMU args), status (expected exit status), expect /
forbid (regexes over the console output), checks (functions returning a complaint or None),
faults (the case provokes a kernel fault on purpose), timeout (seconds), until (a regex:
once a line of the output matches it the runner stops QEMU and does not check the exit
status),
prepare (a function the runner calls with the case just before booting it, to build what
only that case needs), programs (the case runs /bin/runtests with these user programs, or
'all' of them: the runner sets the command line and checks that each one ran and passed),
skips ({check: reason}: a "SKIP check (...)" line of the output is printed with this reason,
neither passed nor failed).
"""
import collections
import glob
import os
import re
import subprocess
import threading

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


UNKNOWN_SYSCALL_LINE = re.compile(
    r'^pid (\d+) \((\S+)\): syscall (\d+) (?:does not exist|not implemented)', re.M)


def unknown_syscalls_logged_once(output):
    """System-call numbers without a handler are logged once per number and process: no
    (pid, number) line twice. When t_syscalls ran, its loops over 4000, 89 (acct) and -1
    left one line each in two processes, and its child calling 5000-5019 left eight
    lines, a ninth with the note that further such numbers are not logged, and no more."""
    lines = UNKNOWN_SYSCALL_LINE.findall(output)
    counts = collections.Counter((pid, nr) for pid, _, nr in lines)
    repeated = sorted(f'pid {pid} syscall {nr} x{n}' for (pid, nr), n in counts.items() if n > 1)
    if repeated:
        return 'logged more than once: ' + ', '.join(repeated[:4])
    if not re.search(r'^RESULT t_syscalls ', output, re.M):
        return None
    logged = collections.defaultdict(set)
    for pid, name, nr in lines:
        if name == 't_syscalls':
            logged[pid].add(int(nr))
    if sum({4000, 89, 2**64 - 1} <= nrs for nrs in logged.values()) < 2:
        return 't_syscalls: syscalls 4000, 89 and -1 not logged in two processes'
    if not any(nrs >= set(range(5000, 5009)) and not nrs & set(range(5009, 5020))
               for nrs in logged.values()):
        return 't_syscalls: not just 5000-5008 of the numbers 5000-5019 logged'
    if not re.search(r'syscall 5008 does not exist: ENOSYS \(further such numbers are not '
                     r'logged\)', output):
        return 't_syscalls: no note that further nonexistent numbers are not logged'
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
                          'not-elf': newc_archive({'init': b'echo hi\n'})}.items():
        path = os.path.join(build, f'initrd-{name}.cpio')
        with open(path, 'wb') as f:
            f.write(content)
        paths[name] = path
    return paths


def elf_at(build, address, image='Image-ktest'):
    """The Image wrapped in an ELF loaded at another 2 MiB-aligned address."""
    out = os.path.join(build, f'{image}-at-{address:#x}.elf')
    subprocess.run(['python3', os.path.join(ROOT, 'tools/image-to-elf.py'),
                    os.path.join(build, image), hex(address), out], check=True)
    return out


def user_tests():
    """The test programs runtests runs when given no names: every t_*.c of user/tests and
    user/glibc (the list user/user.mk builds into the initrd), read from the source tree so
    that a program missing from the initrd or skipped by runtests is noticed."""
    return sorted(os.path.basename(path)[:-2] for d in ('user/tests', 'user/glibc')
                  for path in glob.glob(os.path.join(ROOT, d, 't_*.c')))


def runtests_append(programs):
    """The command line that runs runtests on these programs ('all': its built-in list)."""
    if programs == 'all':
        return 'init=/bin/runtests'
    return 'init=/bin/runtests -- ' + ' '.join(programs)


# The user-suite case a program named on its own (`run.py t_brk`) runs in.
MAIN_USER_CASE = 'user/virt-512M'


def time_only_firmware(build):
    """tools/scounteren-time-only.S as a raw image, which QEMU loads and enters at
    0x80200000: hands over to the kernel 2 MiB higher with scounteren = 0x2, as OpenSBI
    1.8 and later do."""
    elf = os.path.join(build, 'scounteren-time-only.elf')
    subprocess.run(['riscv64-unknown-elf-gcc', '-march=rv64imac_zicsr_zifencei', '-mabi=lp64',
                    '-nostdlib', '-static', '-Wl,-Ttext=0x80200000', '-o', elf,
                    os.path.join(ROOT, 'tools/scounteren-time-only.S')], check=True)
    subprocess.run(['riscv64-unknown-elf-objcopy', '-O', 'binary', elf, elf[:-3] + 'bin'],
                   check=True)
    return elf[:-3] + 'bin'


def icicle_high_initrd(build, address):
    """QEMU 7.2's microchip-icicle-kit puts -initrd at the kernel's address + 128 MiB cut to
    32 bits (0x8200000 for a kernel at 0x1000200000: the L2 LIM, not RAM). So the initrd
    goes in with -device loader at address instead, and a copy of dts/icicle-kit.dts
    says where: returns the QEMU arguments for both."""
    size = os.path.getsize(os.path.join(build, 'initrd.cpio'))
    dts = os.path.join(build, 'icicle-kit-initrd-high.dts')
    with open(dts, 'w') as f:
        f.write(f'/include/ "{ROOT}/dts/icicle-kit.dts"\n'
                f'/ {{ chosen {{ linux,initrd-start = /bits/ 64 <{address:#x}>;\n'
                f'  linux,initrd-end = /bits/ 64 <{address + size:#x}>; }}; }};\n')
    dtb = dts[:-1] + 'b'
    subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', dtb, dts], check=True)
    return ['-dtb', dtb, '-device',
            f"loader,file={os.path.join(build, 'initrd.cpio')},addr={address:#x},force-raw=on"]


def disk_image(build, bootargs, name='disk-test.img'):
    """A disk for U-Boot (tools/mkdisk.sh), made from the current build."""
    out = os.path.join(build, name)
    subprocess.run(['bash', os.path.join(ROOT, 'tools/mkdisk.sh'), out,
                    os.path.join(build, 'Image'), os.path.join(build, 'initrd.cpio'), bootargs],
                   check=True)
    return out


def booti_handover(initrd_path):
    """U-Boot's booti passed the kernel its own device tree, which the kernel reserved,
    and the whole initrd at ${ramdisk_addr_r} (so ${filesize} was the initrd's)."""
    def check(output):
        uboot = re.search(r'Using Device Tree in place at ([0-9a-f]+)', output)
        kernel = re.search(r'device tree at (0x[0-9a-f]+)', output)
        reserved = re.search(r'^  reserved: dtb +(0x[0-9a-f]+)', output, re.M)
        initrd = re.search(r'^initrd: (0x[0-9a-f]+)-(0x[0-9a-f]+)', output, re.M)
        if not (uboot and kernel and reserved and initrd):
            return 'no U-Boot device tree / kernel device tree / dtb reservation / initrd line'
        dtbs = {int(m.group(1), 16) for m in (uboot, kernel, reserved)}
        if len(dtbs) != 1:
            return f'device tree addresses differ: {sorted(hex(a) for a in dtbs)}'
        start, last = int(initrd.group(1), 16), int(initrd.group(2), 16)
        initrd_size = os.path.getsize(initrd_path)
        if start != UBOOT_RAMDISK_ADDR or last + 1 - start != initrd_size:
            return f'initrd {initrd.group(0)}, expected {initrd_size} bytes at ' \
                   f'{UBOOT_RAMDISK_ADDR:#x}'
        return None
    return check


UBOOT = '/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf'
UBOOT_RAMDISK_ADDR = 0x8c300000   # ${ramdisk_addr_r} of Debian's qemu-riscv64_smode
UBOOT_FDT_ADDR = 0x8c000000       # ${fdt_addr_r}
UBOOT_PROMPT = r'^=> '

# StarFive's factory U-Boot, typed at Debian's: its environment, as far as the boot from
# the SD card uses it (StarFive U-Boot's include/configs/starfive-visionfive2.h and the
# board's printenv), then its bootcmd word for word. The differences are QEMU's: virtio
# where the board says mmc (this U-Boot has no MMC driver; devtype is set for the same
# reason, so boot2 keeps it), `virtio scan` for the `mmc rescan` of the factory preboot,
# device 0, and the addresses and sizes of this machine's RAM.
# memory_addr and memory_size are what the factory firmware sets from the DDR it found;
# here they say 256 MiB of the 512 MiB, as the factory tree's 4 GiB misstates a 2 GiB board.
FACTORY_UBOOT = [
    (r'Hit any key to stop autoboot', ' '),
    (UBOOT_PROMPT, 'virtio scan; setenv devtype virtio; setenv devnum 0; setenv mmcpart 3; '
                   'setenv bootpart 0:3; setenv loadaddr 0x88000000; '
                   'setenv testenv vf2_uEnv.txt; setenv bootenv uEnv.txt\r'),
    (UBOOT_PROMPT, 'setenv memory_addr 80000000; setenv memory_size 10000000; '
                   'setenv distroloadaddr 0x89000000\r'),
    (UBOOT_PROMPT, "setenv load_vf2_env 'fatload virtio ${bootpart} ${loadaddr} ${testenv}'\r"),
    (UBOOT_PROMPT, "setenv importbootenv 'echo Importing environment from mmc${devnum} ...; "
                   "env import -t ${loadaddr} ${filesize}'\r"),
    (UBOOT_PROMPT, "setenv load_distro_uenv 'fatload virtio ${devnum}:3 ${distroloadaddr} "
                   "/${bootenv}; setenv fatbootpart ${devnum}:3; "
                   "env import ${distroloadaddr} 200;'\r"),
    (UBOOT_PROMPT, 'run load_vf2_env;run importbootenv;run load_distro_uenv;run boot2;'
                   'run distro_bootcmd\r'),
]
# sifive_u cannot power off from S-mode (SRST says NOT_SUPPORTED): the kernel parks.
PARKED = r'^power: SBI shutdown failed .*halting this hart'

DTB_LOADER_BLOB = 0x87000000      # where tools/dtb-loader.S hands the kernel its tree
RAW_TREE_KERNEL = 0x80400000      # the Image, 2 MiB above the loader


def dtb_loader(build, blob=DTB_LOADER_BLOB):
    """tools/dtb-loader.S as a raw image for QEMU's -kernel (entered at 0x80200000),
    handing the kernel the tree at blob. Cases build it at the same time: each into
    files of its own, the image then renamed into place (atomically)."""
    final = os.path.join(build, f'dtb-loader-{blob:#x}.bin')
    elf = f'{final[:-4]}-{threading.get_ident()}.elf'
    subprocess.run(['riscv64-unknown-elf-gcc', '-march=rv64imac_zicsr_zifencei', '-mabi=lp64',
                    f'-DDTB_LOADER_BLOB={blob:#x}',
                    '-nostdlib', '-static', '-Wl,-Ttext=0x80200000', '-o', elf,
                    os.path.join(ROOT, 'tools/dtb-loader.S')], check=True)
    subprocess.run(['riscv64-unknown-elf-objcopy', '-O', 'binary', elf, elf[:-3] + 'bin'],
                   check=True)
    os.replace(elf[:-3] + 'bin', final)
    os.remove(elf)
    return final


def raw_tree(build, name, source, bootargs='', image='Image', initrd=True):
    """A case's QEMU arguments for booting the kernel with a tree handed over untouched
    (tools/dtb-loader.S): qemu-virt.dtsi with source (nodes for the root; the default
    /memory is 512 MiB at 0x80000000, /chosen names the UART and the initrd QEMU loads
    at 0x88200000, each left out when source has its own) compiled into
    build/raw-dtb/NAME.dtb. QEMU's -append reaches only QEMU's tree: the command line
    is bootargs."""
    out = os.path.join(build, 'raw-dtb')
    os.makedirs(out, exist_ok=True)
    size = os.path.getsize(os.path.join(build, 'initrd.cpio'))
    chosen = f'stdout-path = "/soc/serial@10000000"; bootargs = "{bootargs}";'
    if initrd:
        chosen += (f' linux,initrd-start = <0x88200000>;'
                   f' linux,initrd-end = <{0x88200000 + size:#x}>;')
    dts = os.path.join(out, name + '.dts')
    with open(dts, 'w') as f:
        f.write(f'/dts-v1/;\n/include/ "{ROOT}/dts/qemu-virt.dtsi"\n/ {{\n')
        if 'memory@' not in source:
            f.write('memory@80000000 { device_type = "memory"; '
                    'reg = <0x00 0x80000000 0x00 0x20000000>; };\n')
        if 'reserved-memory {' not in source:
            f.write('reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; '
                    'mmode_resv0@80000000 { reg = <0x00 0x80000000 0x00 0x80000>; }; };\n')
        if 'chosen {' not in source:
            f.write(f'chosen {{ {chosen} }};\n')
        f.write(source + '\n};\n')
    dtb = dts[:-1] + 'b'
    subprocess.run(['dtc', '-q', '-I', 'dts', '-O', 'dtb', '-o', dtb, dts], check=True)
    return dict(kernel=dtb_loader(build), initrd=initrd, mem='512M', extra=[
        '-device', f"loader,file={os.path.join(build, image)},addr={RAW_TREE_KERNEL:#x},"
        'force-raw=on',
        '-device', f'loader,file={dtb},addr={DTB_LOADER_BLOB:#x},force-raw=on'])


# The real-program checks (tests/real: NAME.sh run by BusyBox's ash, NAME.lua by Lua 5.4,
# each compared with NAME.out by tests/real/run.sh) boot $(B)/initrd-real.cpio
# (user/real.mk). A check whose "needs:" comment names a feature listed here, one the
# kernel does not have yet, is skipped with this reason: enabling such checks once the
# feature is merged is deleting its line.
REAL_PENDING = {
}
REAL_DIR = os.path.join(ROOT, 'tests', 'real')


def real_checks():
    """{name: [features it needs]} of every check in tests/real."""
    checks = {}
    for path in sorted(glob.glob(os.path.join(REAL_DIR, '*.sh')) +
                       glob.glob(os.path.join(REAL_DIR, '*.lua'))):
        name = os.path.basename(path).rsplit('.', 1)[0]
        if name == 'run':
            continue
        with open(path) as f:
            checks[name] = [word for line in f
                            for word in re.findall(r'^(?:#|--) needs: (.*)', line)
                            for word in word.split()]
    return checks


def real_skips():
    """{check: reason} for the checks that need a pending feature."""
    return {name: '; '.join(REAL_PENDING[w] for w in needs if w in REAL_PENDING)
            for name, needs in real_checks().items()
            if any(w in REAL_PENDING for w in needs)}


def real_all_reported(output):
    """Every check has its RESULT line, or its SKIP line if it needs a pending feature,
    and run.sh's count agrees."""
    skips = real_skips()
    results = set(re.findall(r'^RESULT (\S+) ', output, re.M))
    skipped = set(re.findall(r'^SKIP (\S+) ', output, re.M))
    problems = [f'no RESULT for {n}' for n in real_checks() if n not in skips and n not in results]
    problems += [f'{n} not skipped' for n in skips if n not in skipped]
    problems += [f'{n} skipped' for n in skipped if n not in skips]
    if not re.search(r'^real: \d+ passed, \d+ failed, \d+ skipped', output, re.M):
        problems.append('no "real: N passed" line from run.sh')
    return '; '.join(problems) or None


def real_cases(build):
    """The checks of tests/real in one boot, as BusyBox's shell running run.sh as init."""
    return [dict(name='real/busybox-lua', initrd=False, mem='512M', timeout=300,
                 extra=['-initrd', os.path.join(build, 'initrd-real.cpio')],
                 append='init=/bin/busybox -- sh /tests/real/run.sh ' + ' '.join(REAL_PENDING),
                 skips=real_skips(), checks=[real_all_reported, unknown_syscalls_logged_once])]


# Linux's mm selftests (tools/build-mm-selftests.sh; user/real.mk puts them into the real
# initrd as /mm/NAME): tests/mm/run.sh runs each, a RESULT line or a SKIP line with the
# reason for every one, judged by the kselftest exit codes (0 pass, 4 skip, else fail).
MM_SELFTESTS = ['map_fixed_noreplace', 'virtual_address_range', 'madv_populate',
                'map_populate', 'mlock-random-test', 'mlock2-tests', 'mremap_dontunmap',
                'mremap_test', 'on-fault-limit', 'soft-dirty']


# The selftests that need what this kernel does not have (yet), with the reason; run.sh
# skips them. Enabling one once the feature is there is deleting its line.
MM_PENDING = {
    'on-fault-limit': 'run_vmtests.sh runs it as nobody (sudo -u nobody): as root '
                      '(CAP_IPC_LOCK) RLIMIT_MEMLOCK limits nothing, on Linux too, and '
                      'every process here runs as root',
}


def mm_all_reported(output):
    """Every mm selftest has its RESULT or SKIP line, and run.sh's count agrees."""
    seen = set(re.findall(r'^(?:RESULT|SKIP) (\S+) ', output, re.M))
    problems = [f'no RESULT or SKIP for {n}' for n in MM_SELFTESTS if n not in seen]
    if not re.search(r'^mm: \d+ passed, 0 failed, \d+ skipped', output, re.M):
        problems.append('no "mm: N passed, 0 failed" line from run.sh')
    return '; '.join(problems) or None


def mm_selftest_cases(build):
    """The mm selftests in one boot of the real initrd, BusyBox's shell running run.sh."""
    return [dict(name='mm-selftests', initrd=False, mem='512M', timeout=600,
                 extra=['-initrd', os.path.join(build, 'initrd-real.cpio')],
                 append='init=/bin/busybox -- sh /tests/mm/run.sh ' + ' '.join(MM_PENDING),
                 skips=MM_PENDING, checks=[mm_all_reported])]


def qemu_cases(build):
    ktest_image = os.path.join(build, 'Image-ktest')
    bad = make_bad_inputs(build)
    pmm_pass = [r'^ktest pmm: PASSED']
    cases = [
        # The user programs: every RESULT line is a test of its own.
        # The initrd is unpacked into the root file system, the files keep their
        # page-aligned data where it lies (tools/mkinitrd.py) and the rest is given back.
        dict(name=MAIN_USER_CASE, programs='all', mem='512M', timeout=400,
             checks=[unknown_syscalls_logged_once],
             expect=[r'^initrd: [1-9]\d* entries unpacked into the root file system, '
                     r'[1-9]\d* KiB of file data used in place; [1-9]\d* KiB given back']),
        # The same programs with four harts running them (kernel/smp.c).
        dict(name='user/virt-512M-smp4', programs='all', mem='512M', smp=4, timeout=400,
             checks=[unknown_syscalls_logged_once],
             expect=[r'^smp: 4 harts online: \d+\* \d+ \d+ \d+ ',
                     r'^t_smp: children ran at once on 4 CPUs']),
        # The boot options that limit the harts (kernel/smp.c): t_smp sees as many CPUs.
        dict(name='boot/maxcpus-2', append='maxcpus=2 init=/bin/runtests -- t_smp', smp=4,
             mem='512M', expect=[r'^smp: 2 harts online: \d+\* \d+ \(',
                                 r'^smp: 2 usable harts not started \(maxcpus=2, at most 64\)',
                                 r'^t_smp: children ran at once on 2 CPUs',
                                 r'^RESULT t_smp PASS']),
        dict(name='boot/nosmp', append='nosmp init=/bin/runtests -- t_smp', smp=4, mem='512M',
             expect=[r'^smp: 1 hart online: \d+\* \(',
                     r'^smp: 3 usable harts not started \(maxcpus=1, at most 64\)',
                     r'^t_smp: one CPU', r'^RESULT t_smp PASS']),
        # Instruction counting as make bench runs it: QEMU then runs the harts in turn in
        # one thread, and the boot hart's wait for a started hart must hand its turn on
        # (kernel/smp.c, start_hart); a polling wait starved the hart for ever.
        dict(name='boot/icount-smp2', append='init=/bin/runtests -- t_syscalls', smp=2,
             mem='512M', extra=['-icount', 'shift=0,sleep=off'],
             expect=[r'^smp: 2 harts online: \d+\* \d+ \(', r'^RESULT t_syscalls PASS']),
        # The same with four harts and threads that contend: the kernel's waits for another
        # hart (spinlocks, TLB shootdown answers) yield it (docs/smp.md), and remote flushes
        # go by IPI, not through OpenSBI's RFENCE, which spins in M-mode. Before, the harts
        # starved each other (t_mmthreads did not finish in 200 s; now about 50 s).
        dict(name='boot/icount-smp4', append='init=/bin/runtests -- t_mmthreads',
             smp=4, mem='512M', extra=['-icount', 'shift=0,sleep=off'], timeout=400,
             expect=[r'^smp: 4 harts online: \d+\* \d+ \d+ \d+ \(',
                     r'^RESULT t_mmthreads PASS']),
        dict(name='user/virt-64M-smp4', programs=['t_fork', 't_preempt', 't_mmap', 't_oom',
             't_lifecycle', 't_signals', 't_kill', 't_cow', 't_shared', 't_files', 't_pipe',
             't_fdtable', 't_mmthreads'],
             mem='64M', smp=4, timeout=300),
        dict(name='user/virt-8G', programs=['t_large', 't_mmap', 't_fork'], mem='8G',
             timeout=300),
        # Boot matrix: the allocator self-test at several sizes, hart counts, with and
        # without an initrd, and at a second load address.
        dict(name='boot/64M', kernel=ktest_image, append='ktest=pmm', mem='64M', expect=pmm_pass),
        dict(name='boot/512M-smp4', kernel=ktest_image, append='ktest=pmm', mem='512M', smp=4,
             expect=pmm_pass),
        dict(name='boot/8G', kernel=ktest_image, append='ktest=pmm', mem='8G', timeout=400,
             expect=pmm_pass),
        dict(name='boot/64-harts', programs=['t_fork'], smp=64, mem='512M',
             expect=[r'^smp: 64 harts online: \d+\*( \d+){63} \(\* = boot hart\)']),
        dict(name='boot/no-initrd', kernel=ktest_image, append='ktest=pmm', initrd=False,
             expect=pmm_pass, forbid=[r'reserved: initrd']),
        dict(name='boot/with-initrd', kernel=ktest_image, append='ktest=pmm',
             expect=pmm_pass + [r'reserved: initrd']),
        dict(name='boot/load-address-0x81000000', append='ktest=pmm',
             prepare=lambda case: case.update(kernel=elf_at(build, 0x81000000)),
             expect=pmm_pass + [r'loaded at 0x81000000']),
        # Device-tree variants from dts/, as the firmware's tree.
        *[dict(name=f'boot/dtb-{dtb}', kernel=ktest_image, append='ktest=pmm', mem='512M',
               initrd=dtb != 'no-initrd', expect=pmm_pass,
               extra=['-dtb', os.path.join(build, 'dtb', f'{dtb}.dtb')])
          for dtb in ('qemu-virt', 'two-regions-hole', 'multi-reg', 'cells32', 'reserved',
                      'no-initrd', 'initrd64')],
        dict(name='boot/two-regions-hole-user', programs=['t_large', 't_fork'], mem='512M',
             extra=['-dtb', os.path.join(build, 'dtb', 'two-regions-hole.dtb')]),
        # Firmware that lets user mode read only the time counter (OpenSBI 1.8 and later):
        # the benchmark reading rdinstret still runs, since the kernel sets scounteren.
        dict(name='boot/firmware-scounteren-time-only', kernel=time_only_firmware(build),
             append='init=/bin/bench_boot',
             extra=['-device', f"loader,file={os.path.join(build, 'Image')},addr=0x80400000,"
                    'force-raw=on'],
             expect=[r'loaded at 0x80400000', r'^BENCH boot_to_main \d+ 1$']),
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
    # Boot inputs a tree may get wrong, handed over exactly as written (raw_tree): each a
    # working boot or a clear error, never a hang or a fault. A panic before the power-off
    # register is mapped exits QEMU with status 0 (docs/boot.md, section 7).
    fork = 'init=/bin/runtests -- t_fork'
    booted = [r'^RESULT t_fork PASS']
    resv = ('reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; '
            'mmode_resv0@80000000 { reg = <0x00 0x80000000 0x00 0x80000>; }; ')
    not_mapped = r'is not in RAM the kernel maps \(outside every memory node, or under a no-map'
    boot_inputs = {
        # RAM the direct map cannot hold: its gigapages once ran over the kernel stacks
        # (0x2700000000) and the image (0x2780000000) - a silent hang.
        'ram-beyond-direct-map': (
            ''.join(f'memory@{a:x} {{ device_type = "memory"; reg = <{a >> 32:#x} '
                    f'{a & 0xffffffff:#x} {s >> 32:#x} {s & 0xffffffff:#x}>; }};'
                    for a, s in ((0x80000000, 512 << 20), (0x2700000000, 1 << 30),
                                 (0x2780000000, 1 << 30), (1 << 40, 1 << 32),
                                 (0x7fc0000000, 1 << 30))), 0,
            booted + [r'^memory: 0x2700000000-0x273fffffff left out: above 0x2700000000',
                      r'^memory: 0x2780000000-0x27bfffffff left out',
                      r'^memory: 0x10000000000-0x100ffffffff left out',
                      r'^memory: 0x7fc0000000-0x7fffffffff left out']),
        # Device registers: only those the drivers use are mapped (a 2^63-byte reg was
        # mapped page by page for 90 s), never over RAM, never beyond the direct map.
        'uart-huge-reg': ('soc { serial@10000000 { reg = <0x00 0x10000000 0x7fffffff '
                          '0xffffffff>; }; };', 0, booted + [r'^console: ns16550']),
        # The PLIC and the RTC too (main.c mapped their whole reg: a silent hang).
        'plic-huge-reg': ('soc { plic@c000000 { reg = <0x00 0x0c000000 0x7fffffff '
                          '0xffffffff>; }; };', 0,
                          booted + [r'^plic: 0xc000000, \d+ sources',
                                    r'^console: receive and transmit interrupts']),
        'plic-in-ram': ('soc { plic@c000000 { reg = <0x00 0x80400000 0x00 0x600000>; }; };', 0,
                        booted + [r'^plic: registers at 0x80400000-0x809fffff overlap RAM; '
                                  r'not used', r'^console: no receive interrupt']),
        'rtc-huge-reg': ('soc { rtc@101000 { reg = <0x00 0x101000 0x7fffffff 0xffffffff>; }; };',
                         0,
                         booted + [r'^rtc: goldfish at 0x101000, wall clock']),
        'poweroff-huge-reg': ('soc { test@100000 { reg = <0x00 0x100000 0x7fffffff '
                              '0xffffffff>; }; };', 0, booted),
        'uart-in-ram': ('soc { serial@10000000 { reg = <0x00 0x80400000 0x00 0x100>; }; };', 0,
                        booted + [r'^console: registers at 0x80400000-0x804000ff overlap RAM; '
                                  r'not used', r'^console: sbi']),
        'uart-beyond-direct-map': (
            'soc { serial@10000000 { reg = <0x40 0x10000000 0x00 0x100>; }; };', 0,
            booted + [r'^console: registers at 0x4010000000 lie above 0x2700000000',
                      r'^console: sbi']),
        # A tick of 0 timer counts was an endless interrupt storm.
        'timebase-1': ('cpus { timebase-frequency = <1>; };', 1,
                       [r'^kernel panic: timebase-frequency 1 Hz: the timer needs 100 to']),
        'timebase-absurd': ('cpus { timebase-frequency = <0xffffffff 0xffffffff>; };', 1,
                            [r'^kernel panic: timebase-frequency 18446744073709551615 Hz']),
        # The tree, image and initrd are read through the direct map, which holds only
        # RAM without no-map reservations.
        'initrd-outside-ram': (
            'memory@80000000 { device_type = "memory"; reg = <0x00 0x80000000 0x00 0x8000000>; };',
            1, [r'^initrd: 0x88200000-0x[0-9a-f]+ is not in RAM the kernel maps; ignored',
                r'^kernel panic: no initrd']),
        'kernel-outside-ram': (
            'memory@80800000 { device_type = "memory"; reg = <0x00 0x80800000 0x00 0x10000000>; };',
            0, booted + [r'^warning: the kernel image at 0x80400000-0x[0-9a-f]+ ' + not_mapped]),
        'dtb-outside-ram': (
            'memory@80000000 { device_type = "memory"; reg = <0x00 0x80000000 0x00 0x7000000>; };',
            0, [r'^kernel panic: the device tree at 0x87000000-0x[0-9a-f]+ ' + not_mapped]),
        'no-map-over-initrd': (resv + 'x@88000000 { reg = <0x00 0x88000000 0x00 0x400000>; '
                               'no-map; }; };', 1,
                               [r'^initrd: 0x88200000-0x[0-9a-f]+ is not in RAM the kernel maps',
                                r'^kernel panic: no initrd']),
        'no-map-over-kernel': (resv + 'x@80400000 { reg = <0x00 0x80400000 0x00 0x1000>; '
                               'no-map; }; };', 0,
                               booted + [r'^warning: the kernel image at 0x80400000-0x[0-9a-f]+ '
                                         + not_mapped]),
        'no-map-over-dtb': (resv + 'x@87000000 { reg = <0x00 0x87000000 0x00 0x1000>; '
                            'no-map; }; };', 0,
                            [r'^kernel panic: the device tree at 0x87000000-0x[0-9a-f]+ ' +
                             not_mapped]),
        # Found by tests/boot_fuzz.py (seed 19): a console UART where no device answers
        # faulted in the first printk, the report faulted on the same UART, and
        # power-off's store at a misaligned offset faulted again, for ever.
        'uart-no-device': ('soc { serial@10000000 { reg = <0x00 0x01 0x00 0x200000>; }; };', 0,
                           booted + [r'^console: nothing answers at 0x6; not used',
                                     r'^console: sbi']),
        'poweroff-no-device': ('soc { test@100000 { reg = <0x00 0x1c000000 0x00 0x1000>; }; };', 0,
                               booted + [r'^power-off: nothing answers at 0x1c000000; not used']),
        'poweroff-offset-misaligned': (
            'poweroff { offset = <0x1>; };', 0,
            [r'^kernel panic: device tree at 0x87000000: syscon-poweroff offset not a '
             r'multiple of 4']),
        'poweroff-offset-beyond-syscon': (
            'poweroff { offset = <0x2000>; };', 0,
            [r'^kernel panic: device tree at 0x87000000: syscon-poweroff offset outside its '
             r'syscon: test@100000']),
    }
    # A tree handed over above the direct map (DIRECT_MAP_BASE + 0x2780000000 is
    # KERNEL_VBASE): neither read nor mapped over the image's gigapage, a clear panic.
    cases.append(dict(name='boot-input/dtb-above-direct-map', faults=True, timeout=40,
                      expect=[r'^kernel panic: device tree at 0x2780000000: above '
                              r'0x2700000000, the end of the direct map'],
                      prepare=lambda case: case.update(
                          raw_tree(build, 'plain', '', fork),
                          kernel=dtb_loader(build, 0x2780000000))))
    for name, (source, status, expect) in boot_inputs.items():
        cases.append(dict(name=f'boot-input/{name}', status=status, faults=status != 0 or
                          not expect[0].startswith('^RESULT'), expect=expect, timeout=40,
                          prepare=lambda case, n=name, src=source: case.update(
                              raw_tree(build, n, src, fork))))
    # Boot-input fuzzing (tests/boot_fuzz.py): trees made from fixed seeds, each a boot or
    # a clear error, never a fault, a reset or silence; `make fuzz-boot` runs many more.
    from boot_fuzz import UNTIL, case_args, defect
    for seed in range(1, 9):
        cases.append(dict(name=f'boot-fuzz/seed-{seed}', faults=True, until=UNTIL, timeout=40,
                          checks=[defect], prepare=lambda case, s=seed: case.update(
                              case_args(build, s))))
    # A panic where no device can power off (sifive_u from S-mode): the report, then the
    # hart parks, no reset.
    cases.append(dict(name='boot-input/panic-parks-sifive_u', machine='sifive_u', smp=5,
                      mem='512M', append='init=/bin/nonexistent', until=PARKED, faults=True,
                      timeout=60, expect=[r'^kernel panic: cannot run init /bin/nonexistent',
                                          r'halting this hart \(status 1\)']))
    # Board boot chains: OpenSBI -> U-Boot -> booti from a disk, and the sifive_u machine
    # (hart 0 without an MMU, sifive,uart0, no Sstc, no power-off).
    cases += [
        # Mainline U-Boot's way: distro boot finds boot.scr on partition 3, the only one
        # (marked bootable), and the kernel gets U-Boot's tree as it is. The command line
        # goes into the disk's boot.scr: U-Boot passes it on, not QEMU.
        dict(name='board/uboot-booti', kernel=UBOOT, initrd=False, mem='512M', timeout=400,
             programs='all', prepare=lambda case: case.update(
                 extra=['-drive', f"file={disk_image(build, case.pop('append'))},format=raw,"
                        'if=virtio']),
             expect=[r'Scanning virtio 0:3\.\.\.', r'Found U-Boot script /boot\.scr',
                     r'Moving Image from 0x84000000 to 0x80200000', r'loaded at 0x80200000',
                     r'^  RAM +0x0080000000-0x009fffffff', r'^harts: 0\*? \(',
                     r'bootargs: "init=/bin/runtests'],
             checks=[booti_handover(os.path.join(build, 'initrd.cpio'))]),
        # StarFive's factory U-Boot's way, typed: vf2_uEnv.txt from partition 3, its boot2,
        # the same boot.scr, which sees memory_size and fixes a copy of the tree: the RAM
        # the firmware found, cpu@0 disabled.
        dict(name='board/uboot-factory-vf2-uenv', kernel=UBOOT, initrd=False, mem='512M',
             smp=2, timeout=300, type=FACTORY_UBOOT,
             extra=['-drive', 'format=raw,if=virtio,file=' + disk_image(
                 build, 'init=/bin/runtests -- t_fork t_mmap t_large', 'disk-factory.img')],
             expect=[r'Importing environment from mmc0', r'## Executing script at 8c100000',
                     rf'device tree at {UBOOT_FDT_ADDR:#x}, loaded at 0x80200000',
                     r'^  RAM +0x0080000000-0x008fffffff', r'^harts: 1\*? \(',
                     r'^runtests: 3 passed, 0 failed'],
             forbid=[r'not defined', r'Scanning virtio']),
        dict(name='board/sifive_u', machine='sifive_u', smp=5, mem='512M', programs='all',
             timeout=400, until=PARKED,
             expect=[r'^harts: 1\*? 2\*? 3\*? 4\*? \(', r'^timer: 1000000 Hz timebase, SBI TIME',
                     r'^console: sifive,uart0', r'halting this hart \(status 0\)']),
        dict(name='board/sifive_u-ktest-pmm', machine='sifive_u', smp=5, mem='512M',
             kernel=ktest_image, append='ktest=pmm', until=PARKED,
             expect=pmm_pass + [r'halting this hart \(status 0\)']),
    ]
    # QEMU's microchip-icicle-kit, the JH7110's closest cousin QEMU has: a monitor hart 0
    # without S-mode that the tree enables with an mmu-type (as StarFive's factory tree does
    # for the S7), four U54 harts, the console a 16550 described as the JH7110's uart0
    # (snps,dw-apb-uart, reg-shift 2, reg-io-width 4), RAM at 0x80000000 and 0x1000000000,
    # no power-off. At 0x1000200000 the kernel sits in another gigabyte than the tree QEMU
    # puts at 0xbfe00000, as on a 4 or 8 GiB VisionFive 2.
    icicle = dict(machine='microchip-icicle-kit', smp=5, mem='2G', until=PARKED,
                  extra=['-dtb', os.path.join(build, 'dtb', 'icicle-kit.dtb')])
    icicle_boot = [r'^harts: 1\*? 2\*? 3\*? 4\*? \(', r'^timer: 1000000 Hz timebase, SBI TIME',
                   r'^console: ns16550;', r'^  RAM +0x0080000000-0x00bfffffff',
                   r'^  RAM +0x1000000000-0x103fffffff', r'halting this hart \(status 0\)']
    high = 0x1000200000
    cases += [
        dict(icicle, name='board/icicle-kit', programs='all', timeout=400,
             expect=icicle_boot + [r'loaded at 0x80200000']),
        dict(icicle, name='board/icicle-kit-ktest-pmm', kernel=ktest_image, append='ktest=pmm',
             expect=icicle_boot + pmm_pass),
        dict(icicle, name=f'board/icicle-kit-ktest-pmm-at-{high:#x}', kernel=elf_at(build, high),
             append='ktest=pmm',
             expect=icicle_boot + pmm_pass + [rf'device tree at 0xbfe00000, loaded at {high:#x}']),
        dict(icicle, name=f'board/icicle-kit-at-{high:#x}', kernel=elf_at(build, high, 'Image'),
             programs='all', timeout=400, initrd=False,
             extra=icicle_high_initrd(build, high + (256 << 20)),
             expect=icicle_boot + [rf'device tree at 0xbfe00000, loaded at {high:#x}',
                                   rf'^initrd: {high + (256 << 20):#x}-']),
    ]
    # The interactive shell (/init), typed at over the console: UART receive, echo, running
    # a program, and init's exit status as QEMU's.
    shell_session = [(r'^\$ ', 'help\r'), (r'^\$ ', 't_grow\r'), (r'^\$ ', 'nosuch\r'),
                     (r'^\$ ', 'exit 7\r')]
    shell_expect = [r'commands: help', r'\[exit 0\]', r'init exited with status 7']
    cases.append(dict(name='shell/virt-ns16550', type=shell_session, status=7,
                      expect=shell_expect, timeout=60))
    cases.append(dict(name='shell/sifive_u-uart0', machine='sifive_u', mem='512M', smp=5,
                      type=shell_session, expect=shell_expect, timeout=60,
                      until=r'halting this hart \(status 7\)'))
    # Power-off through a syscon-poweroff whose syscon is no sifive,test finisher: the
    # kernel writes the tree's value under its mask, which dts/syscon-poweroff.dts makes
    # the finisher's "fail with 5", and not the finisher's encoding of init's status 3.
    cases.append(dict(name='boot/syscon-poweroff-value-mask', mem='512M', status=5,
                      type=[(r'^\$ ', 'exit 3\r')], expect=[r'init exited with status 3'],
                      extra=['-dtb', os.path.join(build, 'dtb', 'syscon-poweroff.dtb')],
                      timeout=60))
    for name in ('pmm', 'kmalloc', 'timer', 'fixup', 'latemap'):
        cases.append(dict(name=f'ktest/{name}', kernel=ktest_image, append=f'ktest={name}',
                          expect=[rf'^ktest {name}: PASSED']))
    # Harts that answer after the boot hart's start timeout (made 0 here) park on their
    # slots instead of joining (kernel/smp.c, tests/ktest/ktest_latehart.c).
    cases.append(dict(name='ktest/latehart', kernel=ktest_image, append='ktest=latehart', smp=4,
                      expect=[r'smp: hart \d+ not started: given up at once \(start '
                              r'timeout 0\)', r'smp: 1 hart online: \d+\*',
                              r'^ktest latehart: PASSED']))
    faults = {
        'rodata': r'\(store page fault, scause=0xf\)',
        'textalias': r'\(store page fault, scause=0xf\)',
        'rodataalias': r'\(store page fault, scause=0xf\)',
        'execdata': r'\(instruction page fault, scause=0xc\)',
        'null': r'\(load page fault, scause=0xd\)',
        'unmapped': r'\(load page fault, scause=0xd\)',
    }
    for name, cause in faults.items():
        cases.append(dict(name=f'ktest/fault-{name}', kernel=ktest_image, append=f'ktest={name}',
                          status=1, faults=True, checks=[stval_matches],
                          expect=[r'^kernel fault: unhandled trap in the kernel ' + cause,
                                  r'^  sepc=0x', r'^backtrace:', r'\ba0=[0-9a-f]{16}']))
    # Console output still in the transmit ring is written before a panic's report and
    # before a power-off (drivers/console_tx.c), in that order.
    cases.append(dict(name='ktest/ring-panic', kernel=ktest_image, append='ktest=ring-panic',
                      status=1, faults=True,
                      expect=[r'^console: receive and transmit interrupts',
                              r'ktest: queued before the panic\r?\n\r?\nkernel panic: after '
                              r'queued output']))
    cases.append(dict(name='ktest/ring-poweroff', kernel=ktest_image,
                      append='ktest=ring-poweroff',
                      expect=[r'^console: receive and transmit interrupts',
                              r'^ktest: queued before the power-off\r?$']))
    cases.append(dict(name='ktest/fault-stackoverflow', kernel=ktest_image,
                      append='ktest=stackoverflow', status=1, faults=True,
                      expect=[r'^kernel fault: kernel stack overflow', r'<recurse']))
    cases.append(dict(name='ktest/fault-nested', kernel=ktest_image, append='ktest=nestedfault',
                      status=2, faults=True, expect=[r'fault while reporting a fault; stopping']))
    # Spinlock misuse: the panic names the lock and both places (tests/ktest/ktest_locks.c).
    def sym(name):
        return rf'0x[0-9a-f]+ <{name}\+0x[0-9a-f]+>'
    lock_panics = {
        'lock-twice': rf'spinlock "ktest-lock" taken twice on hart 0: held since '
                      rf'{sym("lock_first")}, taken again at {sym("lock_again")}',
        'lock-unheld': rf'spinlock "ktest-lock" released at {sym("unlock_again")} by hart 0, '
                       rf'which does not hold it: nobody does \(last taken at {sym("lock_first")}\)',
        'lock-other-hart': rf'spinlock "ktest-lock" released at {sym("unlock_again")} by hart 0, '
                           rf'which does not hold it: hart 1 does, since {sym("lock_first")}',
        'lock-sched': rf'sched\(\) called from {sym("sched_with_lock")} with spinlock '
                      rf'"ktest-lock" held \(taken at {sym("lock_first")}\)',
        'lock-rw-twice': rf'rwlock "ktest-rwlock" taken twice on hart 0: held shared since '
                         rf'{sym("rw_shared_first")}, taken again at {sym("rw_exclusive_again")}',
        'lock-rw-unheld': rf'rwlock "ktest-rwlock" released shared at '
                          rf'{sym("rw_unlock_shared_unheld")} by hart 0, which does not hold it '
                          rf'shared \(it holds it exclusive\)',
        'lock-rw-sched': rf'sched\(\) called from {sym("sched_with_lock")} with rwlock '
                         rf'"ktest-rwlock" held \(taken at {sym("rw_shared_first")}\)',
    }
    for name, report in lock_panics.items():
        cases.append(dict(name=f'ktest/{name}', kernel=ktest_image, append=f'ktest={name}',
                          status=1, faults=True, timeout=30,
                          expect=[r'^kernel panic: ' + report, r'^backtrace:']))
    # The terminal, typed at over the UART (t_tty with an argument prints what it read):
    # erase, ^W and ^U editing with its echo, CR and LF both ending lines, ^D ending a line
    # and then the input; ^C, ^\ and ^Z reaching the program in the foreground and not
    # the shell; a raw read of single bytes without echo; a read with echo off.
    prompt_after = lambda what: rf'{what}\r?\n\$ '
    tty_session = [
        (r'^\$ ', 't_tty lines\r'), (r'lines ready', 'abx\x7fc\r'),
        (r'read "abc', 'foo bar\x17baz\r'), (r'read "foo baz', 'junk\x15ok\r'),
        (r'read "ok', 'x\ny\r'), (r'read "y', 'partial\x04'), (r'read "partial"', '\x04'),
        (prompt_after(r'\[exit 0\]'), 't_tty spin\r'), (r'spinning', '\x03'),
        (prompt_after(r'signal 2\]'), 't_tty spin\r'), (r'spinning', '\x1c'),
        (prompt_after(r'signal 3\]'), 't_tty spin\r'), (r'spinning', '\x1a'),
        (prompt_after(r'signal 20\]'), 't_tty raw\r'), (r'raw ready', 'q\rz'),
        (prompt_after(r'\[exit 0\]'), 't_tty noecho\r'), (r'noecho ready', 'secret\r'),
        (prompt_after(r'\[exit 0\]'), 'exit 5\r')]
    tty_expect = [
        r'^\$ t_tty lines\r?$', r'abx\x08 \x08c', r'read "abc\\n"', r'read "foo baz\\n"',
        r'read "ok\\n"', r'read "x\\n"', r'read "y\\n"', r'read "partial"',
        r'end of file \(0\)', r'\^C\[killed by signal 2\]', r'\[killed by signal 3\]',
        r'\[stopped by signal 20\]',
        r'raw ready\r?\nbyte 1 0x71\r?\nbyte 1 0x0a\r?\nbyte 1 0x7a',
        r'noecho ready\r?\nread 7 bytes', r'init exited with status 5']
    cases.append(dict(name='tty/virt-ns16550', type=tty_session, status=5, timeout=60,
                      expect=tty_expect + [r'^console: receive and transmit interrupts, PLIC source 10'],
                      forbid=[r'secret']))
    cases.append(dict(name='tty/sifive_u-uart0', machine='sifive_u', mem='512M', smp=5,
                      type=tty_session, timeout=60, until=r'halting this hart \(status 5\)',
                      expect=tty_expect + [r'^console: receive and transmit interrupts, PLIC source \d+'],
                      forbid=[r'secret']))
    # A tree without PLIC and RTC: the console is polled on the tick, typing still works
    # (^C included), and the wall clock starts at the epoch.
    cases.append(dict(name='tty/virt-polled', type=tty_session, status=5, timeout=60,
                      extra=['-dtb', os.path.join(build, 'dtb', 'no-plic.dtb')], mem='512M',
                      expect=tty_expect + [r'^plic: none in the device tree',
                                           r'^console: no receive interrupt in the device '
                                           r'tree: polled every tick',
                                           r'^rtc: none in the device tree'],
                      forbid=[r'secret']))
    # BusyBox ash as an interactive login over the UART (as `make run`): job control
    # (a background job listed and killed, a foreground one ended by ^C, one stopped by
    # ^Z, listed Stopped and brought back with fg), line editing and history, exit status.
    ash_prompt = r'[#$] $'
    ash_session = [
        (ash_prompt, 'sleep 30 &\r'), (ash_prompt, 'jobs\r'),
        (r'Running\s+sleep 30[^\n]*\n(?:.*\n)*?.*' + ash_prompt, 'kill %1\r'),
        (ash_prompt, 'wait %1; echo status $?\r'),
        (r'status 143\r?\n(?:.*\n)*?.*' + ash_prompt, "ash -c 'echo started; sleep 30'\r"),
        (r'^started\r?\n', '\x03'),
        (ash_prompt, 'echo alive $?\r'),
        (r'alive 130\r?\n.*' + ash_prompt, "ash -c 'echo started; exec cat'\r"),
        (r'^started\r?\n', '\x1a'),
        (ash_prompt, 'jobs\r'),
        (r'Stopped\s+ash -c[^\n]*\n(?:.*\n)*?.*' + ash_prompt, 'fg\r'),
        (r'exec cat.?\r?\n', 'back\r'), (r'back\r?\n.*back\r?\n', '\x04'),
        (ash_prompt, 'echo abd\x7fc\r'), (r'\nabc\r?\n.*' + ash_prompt, 'echo hist\r'),
        (r'\nhist\r?\n.*' + ash_prompt, '\x1b[A'), (r'echo hist', '\r'),
        (r'\nhist\r?\n.*' + ash_prompt, 'exit 3\r')]
    cases.append(dict(name='tty/busybox-ash-jobs', initrd=False, mem='512M', timeout=90,
                      extra=['-initrd', os.path.join(build, 'initrd-real.cpio')],
                      append='init=/bin/ash -- -i', type=ash_session, status=3,
                      expect=[r'Running\s+sleep 30', r'status 143', r'alive 130',
                              r'Stopped\s+ash -c', r'\nabc\r?$', r'init exited with status 3']))
    # BusyBox vi in raw mode over the UART: a file written, edited with cursor motion and
    # saved with :wq, then shown by cat. The first keys wait for vi's status line ("- "
    # before the name: its screen is drawn, the terminal raw): the echo of the command line
    # names the file too, and keys typed before vi sets raw mode go through the line
    # discipline (echoed, held for a whole line) instead of reaching vi one by one.
    vi_session = [
        (ash_prompt, 'vi /tmp/note\r'), (r'- /tmp/note', 'ihello world\x1b'),
        (r'hello world', '0wibig \x1b'), (r'big ', ':wq\r'),
        (ash_prompt, 'cat /tmp/note\r'), (r'hello big world\r?\n.*' + ash_prompt, 'exit 4\r')]
    cases.append(dict(name='tty/busybox-vi', initrd=False, mem='512M', timeout=90,
                      extra=['-initrd', os.path.join(build, 'initrd-real.cpio')],
                      append='init=/bin/ash -- -i', type=vi_session, status=4,
                      expect=[r'\nhello big world\r?$', r'init exited with status 4']))
    # BusyBox top over the UART: its screen from /proc (the load, the memory, the
    # processes with top itself among them) refreshed, then q quits it.
    top_session = [
        (ash_prompt, 'top -d 1\r'), (r'Mem:(?:.*\n)*?.*\bPID\b(?:.*\n)*?.*\btop\b', ''),
        (r'Load average(?:.*\n)*?.*Load average', 'q'),
        (ash_prompt, 'echo top quit $?\r'), (r'top quit 0\r?\n.*' + ash_prompt, 'exit 6\r')]
    cases.append(dict(name='tty/busybox-top', initrd=False, mem='512M', timeout=90,
                      extra=['-initrd', os.path.join(build, 'initrd-real.cpio')],
                      append='init=/bin/ash -- -i', type=top_session, status=6,
                      expect=[r'Mem: \d+K used, \d+K free', r'CPU:', r'top quit 0',
                              r'init exited with status 6']))
    # The wall clock from QEMU virt's goldfish RTC (not 1970), then set and read back.
    cases.append(dict(name='rtc/virt-goldfish', append='init=/bin/t_walltime -- rtc',
                      expect=[r'^rtc: goldfish at 0x101000, wall clock \d+ s since the epoch'],
                      timeout=60))
    cases += real_cases(build)
    cases += mm_selftest_cases(build)
    return cases
