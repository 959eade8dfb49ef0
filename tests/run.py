#!/usr/bin/env python3
"""The test runner behind `make test`: host unit tests, kernel self-tests, the QEMU boot
matrix and the user programs. Every QEMU run is bounded by a timeout. Prints one
"PASS: name" / "FAIL: name (why)" line per test and ends with "N passed, M failed".
Arguments (optional): substrings selecting which tests to run."""
import glob
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.path.join(ROOT, 'build')
IMAGE, KTEST_IMAGE, INITRD = f'{B}/Image', f'{B}/Image-ktest', f'{B}/initrd.cpio'
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from qemu_cases import qemu_cases  # noqa: E402


class Result:
    def __init__(self, name, ok, why=''):
        self.name, self.ok, self.why = name, ok, why


def host_tests():
    results = []
    for exe in sorted(glob.glob(f'{B}/host/test_*')):
        if not os.access(exe, os.X_OK) or exe.endswith('.d'):
            continue
        suite = os.path.basename(exe)[5:]
        proc = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=600)
        cases = re.findall(r'^(PASS|FAIL): (\S+)', proc.stdout, re.M)
        for status, case in cases:
            results.append(Result(f'host/{suite}/{case}', status == 'PASS',
                                  proc.stderr.strip()[-400:] if status == 'FAIL' else ''))
        if proc.returncode != 0 and all(s == 'PASS' for s, _ in cases):
            results.append(Result(f'host/{suite}', False,
                                  f'exit {proc.returncode}: {proc.stderr.strip()[-400:]}'))
    return results


def wait_for_qemu(proc, case, log):
    """Waits for QEMU to exit; returns its status, None on timeout, or 'until' when the
    console output matched the case's `until` regex and the runner stopped QEMU itself
    (a machine without a working power-off parks its hart after the verdict).
    A case's `type` list of (regex, text) pairs is typed at the console in order: each
    text once the output after the previous one matches its regex (a shell prompt)."""
    until = re.compile(case['until'], re.M) if 'until' in case else None
    typing = [(re.compile(r, re.M), text) for r, text in case.get('type', [])]
    watch, seen = until or typing, 0
    deadline = time.monotonic() + case.get('timeout', 120)
    while (left := deadline - time.monotonic()) > 0:
        try:
            return proc.wait(timeout=min(left, 0.2) if watch else left)
        except subprocess.TimeoutExpired:
            with open(log, errors='replace') as f:
                output = f.read()
            if typing and (match := typing[0][0].search(output, seen)):
                seen = match.end()
                # QEMU's UART takes input only as fast as its FIFO has room: none is lost.
                proc.stdin.write(typing.pop(0)[1].encode())
                proc.stdin.flush()
            if until and until.search(output):
                return 'until'
    return None


def run_qemu(case, log_dir):
    """Boots one case; returns (exit status, None on timeout or 'until', console output)."""
    cmd = ['qemu-system-riscv64', '-M', case.get('machine', 'virt'), '-bios',
           case.get('bios', 'default'), '-nographic', '-m', case.get('mem', '256M'),
           '-smp', str(case.get('smp', 1)), '-kernel', case.get('kernel', IMAGE)]
    if case.get('initrd', True):
        cmd += ['-initrd', INITRD]
    if 'append' in case:
        cmd += ['-append', case['append']]
    cmd += case.get('extra', [])
    log = os.path.join(log_dir, case['name'].replace('/', '_') + '.log')
    with open(log, 'w') as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.PIPE if 'type' in case else subprocess.DEVNULL,
                                cwd=ROOT)
        status = wait_for_qemu(proc, case, log)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with open(log, errors='replace') as f:
        return status, f.read(), log


def check_case(case, log_dir):
    status, output, log = run_qemu(case, log_dir)
    results = []
    # User-program runs report one result line per program.
    for name, verdict, why in re.findall(r'^RESULT (\S+) (PASS|FAIL)(.*)$', output, re.M):
        results.append(Result(f"{case['name']}/{name}", verdict == 'PASS', why.strip()))
    problems = []
    if status is None:
        problems.append(f"timed out after {case.get('timeout', 120)} s")
    elif status != 'until' and status != case.get('status', 0):
        problems.append(f"exit status {status}, expected {case.get('status', 0)}")
    for pattern in case.get('expect', []):
        if not re.search(pattern, output, re.M):
            problems.append(f'missing /{pattern}/')
    for pattern in case.get('forbid', []) + [r'^kernel (panic|fault)'] * (not case.get('faults')):
        if re.search(pattern, output, re.M):
            problems.append(f'unexpected /{pattern}/')
    for check in case.get('checks', []):
        why = check(output)
        if why:
            problems.append(why)
    why = '; '.join(problems) + (f' (log: {os.path.relpath(log, ROOT)})' if problems else '')
    results.append(Result(case['name'], not problems, why))
    return results


def main():
    selected = sys.argv[1:]
    results = [r for r in host_tests() if not selected or any(s in r.name for s in selected)]
    log_dir = os.path.join(B, 'test-logs')
    os.makedirs(log_dir, exist_ok=True)
    cases = [c for c in qemu_cases(B) if not selected or any(s in c['name'] for s in selected)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for case_results in pool.map(lambda c: check_case(c, log_dir), cases):
            results += case_results
    for r in results:
        print(f'PASS: {r.name}' if r.ok else f'FAIL: {r.name} ({r.why})')
    passed = sum(r.ok for r in results)
    print(f'{passed} passed, {len(results) - passed} failed')
    return 0 if passed == len(results) and results else 1


if __name__ == '__main__':
    sys.exit(main())
