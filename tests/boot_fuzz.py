"""Boot-input fuzzing: device trees made from a seed, each handed to the kernel exactly as
written (tools/dtb-loader.S, raw_tree in qemu_cases.py), each boot classified as
  booted       - /bin/runtests ran t_fork,
  clear error  - a kernel panic line naming the problem,
  defect       - a kernel fault, an early boot trap, a second firmware banner (a reset),
                 or silence until the timeout (a hang).
The mutations stay within what the kernel can check: RAM is a part of QEMU's 512 MiB or
lies beyond the direct map (a tree claiming RAM that is not there cannot be told from
real RAM); the other properties - reservations, the initrd, the console's reg, cells,
timebase, the power-off offset - take any value, and the blob may then get byte flips.
tests/qemu_cases.py boots a few fixed seeds (boot-fuzz/seed-N); for more:
    python3 tests/boot_fuzz.py [COUNT [FIRST_SEED]]
"""
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from qemu_cases import raw_tree  # noqa: E402

RAM, RAM_SIZE = 0x80000000, 512 << 20
BOOTARGS = 'init=/bin/runtests -- t_fork'
UNTIL = r'^(init exited with status|kernel panic|kernel fault|early boot trap)'
DEFECT = re.compile(r'^(kernel fault|early boot trap)|fault while reporting', re.M)


def cells(value, n=2):
    return ' '.join(f'{(value >> (32 * i)) & 0xffffffff:#x}' for i in reversed(range(n)))


def interesting(rng):
    return rng.choice([0, 1, 0xfff, 0x1000, 1 << 21, 1 << 30, 0x2700000000, 0x2780000000,
                       1 << 40, (1 << 39) - (1 << 30), (1 << 64) - 1, (1 << 63),
                       rng.getrandbits(64), rng.getrandbits(32)])


def in_ram(rng, size_max=RAM_SIZE):
    base = RAM + rng.randrange(0, RAM_SIZE, 0x1000) if rng.random() < 0.8 else \
        RAM + rng.randrange(0, RAM_SIZE)
    return base, rng.randrange(0, min(size_max, RAM + RAM_SIZE - base) + 1)


def memory_nodes(rng):
    nodes = []
    for i in range(rng.randrange(0, 4)):
        kind = rng.random()
        if kind < 0.5:
            base, size = in_ram(rng)
        elif kind < 0.8:
            base, size = interesting(rng) | 0x2700000000, interesting(rng)
        else:
            base, size = interesting(rng), 0
        nodes.append(f'memory@{i} {{ device_type = "memory"; reg = <{cells(base)} '
                     f'{cells(size)}>; }};')
    if rng.random() < 0.7:
        nodes.append(f'memory@80000000 {{ device_type = "memory"; reg = <{cells(RAM)} '
                     f'{cells(RAM_SIZE)}>; }};')
    return nodes


def mutated_source(seed):
    """The nodes of seed's tree (added to qemu-virt.dtsi by raw_tree)."""
    rng = random.Random(seed)
    parts = memory_nodes(rng)
    resv = ['mmode_resv0@80000000 { reg = <0x00 0x80000000 0x00 0x80000>; };']
    for i in range(rng.randrange(0, 4)):
        base, size = in_ram(rng) if rng.random() < 0.7 else (interesting(rng), interesting(rng))
        resv.append(f'r{i}@{i} {{ reg = <{cells(base)} {cells(size)}>;'
                    f'{" no-map;" if rng.random() < 0.5 else ""} }};')
    parts.append('reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges; '
                 + ' '.join(resv) + ' };')
    chosen = f'stdout-path = "/soc/serial@10000000"; bootargs = "{BOOTARGS}";'
    start, end = 0x88200000, 0x88200000 + os.path.getsize(os.path.join(ROOT, 'build',
                                                                       'initrd.cpio'))
    if rng.random() < 0.3:
        start, end = rng.choice([(end, start), (start, interesting(rng)),
                                 (interesting(rng), end), (start, start)])
    chosen += f' linux,initrd-start = <{cells(start)}>; linux,initrd-end = <{cells(end)}>;'
    parts.append(f'chosen {{ {chosen} }};')
    if rng.random() < 0.4:
        base, size = rng.choice([in_ram(rng), (interesting(rng), interesting(rng)),
                                 (0x10000000, interesting(rng))])
        parts.append(f'soc {{ serial@10000000 {{ reg = <{cells(base)} {cells(size)}>;'
                     f' reg-shift = <{rng.choice([0, 2, 5, 31, 64])}>; }}; }};')
    if rng.random() < 0.3:
        parts.append(f'cpus {{ timebase-frequency = <{cells(interesting(rng))}>; }};')
    if rng.random() < 0.3:
        parts.append(f'poweroff {{ offset = <{interesting(rng) & 0xffffffff:#x}>; }};')
    return '\n'.join(parts)


def flip_bytes(path, seed):
    """A few byte changes in the blob after its header, for some seeds."""
    rng = random.Random(seed * 7919)
    if rng.random() < 0.6:
        return
    data = bytearray(open(path, 'rb').read())
    for _ in range(rng.randrange(1, 4)):
        data[rng.randrange(40, len(data))] = rng.getrandbits(8)
    open(path, 'wb').write(data)


def case_args(build, seed):
    """raw_tree's case arguments for seed's tree."""
    args = raw_tree(build, f'fuzz-{seed}', mutated_source(seed), BOOTARGS)
    flip_bytes(os.path.join(build, 'raw-dtb', f'fuzz-{seed}.dtb'), seed)
    return args


def defect(output):
    """What makes a boot's output a defect, or None."""
    if m := DEFECT.search(output):
        return m[0]
    if output.count('OpenSBI v') > 1:
        return 'the machine reset'
    if not re.search(UNTIL, output, re.M):
        return 'no result and no report'
    return None


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    build = os.path.join(ROOT, 'build')
    tally = {'booted': 0, 'clear error': 0, 'defect': 0}
    for seed in range(first, first + count):
        args = case_args(build, seed)
        cmd = ['timeout', '30', 'qemu-system-riscv64', '-M', 'virt', '-bios', 'default',
               '-nographic', '-m', args['mem'], '-kernel', args['kernel']]
        cmd += ['-initrd', os.path.join(build, 'initrd.cpio')] if args['initrd'] else []
        out = subprocess.run(cmd + args['extra'], capture_output=True, text=True,
                             errors='replace').stdout.replace('\r\n', '\n')
        why = defect(out)
        booted = re.search(r'^RESULT t_fork PASS', out, re.M)
        kind = 'defect' if why else 'booted' if booted else 'clear error'
        tally[kind] += 1
        last = why or (re.findall(r'^kernel panic: .*', out, re.M) or [''])[-1]
        print(f'seed {seed}: {kind} {last}', flush=True)
        if why:
            with open(os.path.join(build, 'raw-dtb', f'fuzz-{seed}.log'), 'w') as f:
                f.write(out)
    print(', '.join(f'{n} {k}' for k, n in tally.items()))
    return 1 if tally['defect'] else 0


if __name__ == '__main__':
    sys.exit(main())
