#!/usr/bin/env python3
"""The benchmarks behind `make bench`: guest instructions per operation.

Boots the kernel under QEMU with `-icount shift=0,sleep=off -smp 1` (the parallel-fault boots
with -smp 2 and 4), where rdinstret counts
guest instructions deterministically (one count per guest instruction since reset),
runs the programs of user/bench and the kernel self-test ktest=bench-pmm, each boot several
times, and writes the medians, each beside the most it should cost, to
build/bench/results.json and build/bench/results.md. Builds nothing: `make bench` depends on `make all`.

The programs print "BENCH <name> <instructions> <units>"; a result is instructions / units.
The boot result is the count at the first statement of bench_boot's main minus what the
firmware ran before the kernel's first instruction, measured by booting tools/firmware-probe.S
in the kernel's place with the same memory, initrd and command line.

Options: --runs N (boots per configuration, default 3), --out DIR (default build/bench).
Exits 1 if a boot fails, times out or prints no result; a missed target is only reported."""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.path.join(ROOT, 'build')
IMAGE, KTEST_IMAGE, INITRD = f'{B}/Image', f'{B}/Image-ktest', f'{B}/initrd.cpio'
PROBE = f'{B}/firmware-probe.bin'
ICOUNT = 'shift=0,sleep=off'
TIMEOUT = 300   # seconds per boot; the slowest (bench_mm) takes about 5

# name, kernel, RAM, command line. The -m 1G for bench_mm: its copy-on-write run holds
# two copies of 65536 pages.
BOOTS = [
    ('boot-128M', IMAGE, '128M', 'init=/bin/bench_boot'),
    ('boot-8G', IMAGE, '8G', 'init=/bin/bench_boot'),
    ('firmware-128M', PROBE, '128M', 'init=/bin/bench_boot'),
    ('firmware-8G', PROBE, '8G', 'init=/bin/bench_boot'),
    ('mm', IMAGE, '1G', 'init=/bin/bench_mm'),
    ('sched', IMAGE, '1G', 'init=/bin/bench_sched'),
    ('pmm-128M', KTEST_IMAGE, '128M', 'ktest=bench-pmm'),
    ('pmm-8G', KTEST_IMAGE, '8G', 'ktest=bench-pmm'),
    *[(f'parfault-{p}', IMAGE, '1G', f'init=/bin/bench_parfault -- {p}') for p in (1, 2, 4)],
]
# Boots with more than one hart (-smp): the parallel faults, one process per hart.
SMP = {'parfault-2': 2, 'parfault-4': 4}

SIZES = (256, 4096, 65536)
PERCENTS = (10, 50, 90, 99)
RAMS = ('128M', '8G')


def metric(key, what, unit, target=None):
    return dict(key=key, what=what, unit=unit, target=target)


# Every result, in report order, with the most it should cost (None: no target yet).
METRICS = [
    *[metric(f'fault_zero/{n}', f'demand-zero fault, N = {n}', 'per page', 800) for n in SIZES],
    *[metric(f'munmap/{n}', f'munmap of N = {n} touched pages', 'per page', 150) for n in SIZES],
    metric('mmap_munmap_1g', 'mmap + munmap of an untouched 1 GiB range', 'total'),
    metric('getpid', 'null system call (getpid) round trip', 'per call', 100),
    *[metric(f'fork_exit_wait/{n}', f'fork with N = {n} touched pages + child exit + wait',
             'per page') for n in SIZES],
    *[metric(f'cow_fault/{n}', f'copy-on-write fault (child writes), N = {n}', 'per page')
      for n in SIZES],
    metric('yield_switch', 'sched_yield ping-pong, one context switch', 'per switch'),
    *[metric(f'pmm_alloc_free/{ram}/{pct}', f'pmm_alloc + pmm_free, -m {ram}, {pct}% in use',
             'per pair', 100) for ram in RAMS for pct in PERCENTS],
    *[metric(f'boot/{ram}', f'boot, kernel entry to init\'s main, -m {ram}', 'total', 1_000_000)
      for ram in RAMS],
    # The target: 1.2 times the one-process figure of the same run (set in summarize).
    *[metric(f'fault_par/{p}', f'demand-zero faults, {p} processes on -smp {p} at once',
             'per page') for p in (1, 2, 4)],
]


def qemu_command(kernel, mem, append, smp=1):
    cmd = ['qemu-system-riscv64', '-M', 'virt', '-bios', 'default', '-nographic', '-m', mem,
           '-smp', str(smp), '-icount', ICOUNT, '-kernel', kernel, '-append', append]
    if kernel in (IMAGE, PROBE):
        cmd += ['-initrd', INITRD]
    return cmd


def boot(config, run, log_dir):
    """Boots one configuration; returns (results {key: value}, error or None)."""
    name, kernel, mem, append = config
    log = os.path.join(log_dir, f'{name}-{run}.log')
    with open(log, 'w') as out:
        proc = subprocess.Popen(qemu_command(kernel, mem, append, SMP.get(name, 1)), stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT)
        try:
            status = proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return {}, f'{log}: timed out after {TIMEOUT} s'
    with open(log, errors='replace') as f:
        output = f.read()
    if status != 0:
        return {}, f'{log}: exit status {status}'
    if re.search(r'^BENCH-ERROR', output, re.M):
        return {}, f'{log}: a benchmark failed'
    results = {}
    for key, instructions, units in re.findall(r'^BENCH (\S+) (\d+) (\d+)', output, re.M):
        results[key] = int(instructions) / int(units)
    if name.startswith('pmm-'):
        results = {k.replace('pmm_alloc_free/', f'pmm_alloc_free/{mem}/'): v
                   for k, v in results.items()}
    if name.startswith('boot-'):
        if 'boot_to_main' not in results:
            return {}, f'{log}: no boot_to_main line'
        results = {f'boot_to_main/{mem}': results['boot_to_main']}
    if name.startswith('firmware-'):
        probe = re.search(r'^BENCH-FIRMWARE (0x[0-9a-f]+)', output, re.M)
        if not probe:
            return {}, f'{log}: no BENCH-FIRMWARE line'
        results = {f'firmware/{mem}': int(probe.group(1), 16)}
    if not results:
        return {}, f'{log}: no BENCH lines'
    return results, None


def verdict(value, target):
    """How far value is under (met) or over (missed) a maximum target."""
    diff = value - target
    percent = abs(diff) / target * 100
    if diff <= 0:
        return True, f'met: {-diff:,.0f} under ({percent:.0f}% below target)'
    return False, f'MISSED: {diff:,.0f} over ({value / target:.1f}x the target)'


def summarize(samples, runs):
    metrics = {}
    for m in METRICS:
        values = samples.get(m['key'], [])
        if len(values) != runs:
            raise SystemExit(f'bench: {m["key"]}: {len(values)} of {runs} runs gave a value')
        target = m['target']
        if m['key'].startswith('fault_par/') and m['key'] != 'fault_par/1':
            target = round(1.2 * metrics['fault_par/1']['median'], 1)
        entry = dict(what=m['what'], unit=m['unit'], median=statistics.median(values),
                     samples=values, target=target)
        if target is not None:
            entry['met'], entry['verdict'] = verdict(entry['median'], target)
        metrics[m['key']] = entry
    return metrics


def qemu_version():
    out = subprocess.run(['qemu-system-riscv64', '--version'], capture_output=True, text=True)
    return out.stdout.splitlines()[0] if out.stdout else 'unknown'


def write_markdown(path, data):
    metrics = data['metrics']
    with_target = [m for m in metrics.values() if m['target'] is not None]
    met = sum(m['met'] for m in with_target)
    lines = [
        '# Benchmarks: guest instructions per operation',
        '',
        f'{data["qemu"]}, `-M virt -smp 1 -icount {ICOUNT}` (`fault_par/P`: `-smp P`): '
        'rdinstret counts guest '
        'instructions (user and kernel), one per instruction. Each value is the median of '
        f'{data["runs"]} boots; the spread column gives the lowest and highest run. '
        'Written by `make bench` (tools/bench.py); the plot is fault-cost.svg.',
        '',
        f'**Targets met: {met} of {len(with_target)}.**',
        '',
        '| measurement | unit | median | spread | target | verdict |',
        '| --- | --- | ---: | ---: | ---: | --- |',
    ]
    for m in metrics.values():
        spread = f'{min(m["samples"]):,.1f}-{max(m["samples"]):,.1f}'
        target = f'<= {m["target"]:,}' if m['target'] is not None else ''
        lines.append(f'| {m["what"]} | {m["unit"]} | {m["median"]:,.1f} | {spread} | '
                     f'{target} | {m.get("verdict", "")} |')
    lines += [
        '',
        'Notes: per-page values include the loop of the benchmark around the operation '
        '(a few instructions). fork_exit_wait also covers the fixed cost of forking and '
        'tearing down the rest of the process, which weighs most at N = 256. The boot '
        'count runs from the kernel\'s first instruction to the first statement of '
        'bench_boot\'s main (so it includes the libc start-up before main); the firmware '
        f'before the kernel took {data["firmware"]:,.0f} instructions.',
        '',
    ]
    with open(path, 'w') as f:
        f.write('\n'.join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--out', default=os.path.join(B, 'bench'))
    args = parser.parse_args()
    for f in (IMAGE, KTEST_IMAGE, INITRD, PROBE):
        if not os.path.exists(f):
            raise SystemExit(f'bench: {f} is missing: run `make all` first')
    log_dir = os.path.join(args.out, 'logs')
    os.makedirs(log_dir, exist_ok=True)

    jobs = [(config, run) for run in range(args.runs) for config in BOOTS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda job: boot(*job, log_dir), jobs))
    errors = [err for _, err in outcomes if err]
    for err in errors:
        print(f'bench: {err}', file=sys.stderr)
    if errors:
        return 1
    samples = {}
    for results, _ in outcomes:
        for key, value in results.items():
            samples.setdefault(key, []).append(value)
    # Boot = init's main minus the firmware, run by run (both are deterministic).
    for ram in RAMS:
        samples[f'boot/{ram}'] = [at_main - firmware for at_main, firmware in
                                  zip(samples[f'boot_to_main/{ram}'], samples[f'firmware/{ram}'])]

    data = dict(qemu=qemu_version(), icount=ICOUNT, runs=args.runs,
                firmware=statistics.median(samples['firmware/128M']),
                metrics=summarize(samples, args.runs))
    with open(os.path.join(args.out, 'results.json'), 'w') as f:
        json.dump(data, f, indent=1)
        f.write('\n')
    write_markdown(os.path.join(args.out, 'results.md'), data)
    for key, m in data['metrics'].items():
        print(f'{key:28} {m["median"]:14,.1f}  {m.get("verdict", "")}')
    print(f'bench: wrote {args.out}/results.json and results.md')
    return 0


if __name__ == '__main__':
    sys.exit(main())
