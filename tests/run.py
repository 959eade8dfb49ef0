#!/usr/bin/env python3
"""The test runner behind `make test`: host unit tests, kernel self-tests, the QEMU boot
matrix and the user programs.

    python3 tests/run.py [-j N] [--list] [WORD...]

Each host test binary and each QEMU boot is a job; jobs run in parallel, as many as the
machine has cores. Every result is printed as it finishes ("PASS 1.2s name" or
"FAIL 1.2s name: why"; a job's own line gives its whole time, a host case's or user
program's the time since the previous result of its job); failures are listed again at
the end with the path of their full log, and the last line is "N passed, M failed".
Every process is bounded by a timeout, reported as a failure like any other.

WORDs select what runs (default: everything):
  - a word contained in a job's name runs that job (`host/pmm`, `ktest`, `boot/8G`);
  - a word without '/' also picks the user programs whose names contain it, run alone in
    the main user-suite case (`t_brk` boots runtests with t_brk only);
  - a word with '/' picks the programs whose full result name contains it
    (`board/sifive_u/t_fork`; `/t_fork` runs t_fork in every case that includes it).
A word that selects nothing is an error."""
import argparse
import collections
import glob
import os
import re
import select
import subprocess
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.path.join(ROOT, 'build')
LOGS = os.path.join(B, 'test-logs')
IMAGE, INITRD = f'{B}/Image', f'{B}/initrd.cpio'
HOST_TIMEOUT = 120
OUTPUT_KEPT = 16 << 20
# init gets at most 14 arguments (kernel/proc.c); a longer program list runs them all.
MAX_INIT_ARGS = 14
# The processes running now, killed if the run is interrupted.
RUNNING = set()
sys.path.insert(0, os.path.join(ROOT, 'tests'))
from qemu_cases import MAIN_USER_CASE, qemu_cases, runtests_append, user_tests  # noqa: E402


class Result:
    def __init__(self, name, ok, why='', seconds=0.0, log=None, skipped=False):
        self.name, self.ok, self.why, self.seconds, self.log = name, ok, why, seconds, log
        # A check the case did not run (it needs a feature not there yet): printed as
        # "SKIP name: why", counted neither as passed nor as failed.
        self.skipped = skipped


def run_process(cmd, log, timeout, watch=None, stdin=False):
    """Runs cmd with stdout and stderr copied into the file log as they arrive, and calls
    watch(text, proc) with each new piece; watch returning True stops the process.
    Returns (status, output): status is the exit status, 'stopped' (by watch) or
    'timeout'; output is what was printed (its first OUTPUT_KEPT characters: a runaway
    printer cannot exhaust memory, and the log has everything)."""
    deadline = time.monotonic() + timeout
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL)
    RUNNING.add(proc)
    kept, size, status = [], 0, 'timeout'
    try:
        with open(log, 'w') as f:
            while (left := deadline - time.monotonic()) > 0:
                if not select.select([proc.stdout], [], [], left)[0]:
                    continue
                data = os.read(proc.stdout.fileno(), 65536)
                if not data:        # output closed: the process is exiting
                    status = proc.wait(timeout=max(left, 1))
                    break
                text = data.decode(errors='replace')
                f.write(text)
                f.flush()
                if size < OUTPUT_KEPT:
                    kept.append(text)
                    size += len(text)
                if watch and watch(text, proc):
                    status = 'stopped'
                    break
    except subprocess.TimeoutExpired:
        pass
    finally:
        RUNNING.discard(proc)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        if proc.stdin:
            proc.stdin.close()
    return status, ''.join(kept).replace('\r\n', '\n')


class Lines:
    """Splits output arriving in pieces into complete lines."""
    def __init__(self):
        self.partial = ''

    def feed(self, text):
        *lines, self.partial = (self.partial + text).split('\n')
        return [line.rstrip('\r') for line in lines]


def log_path(name):
    return os.path.join(LOGS, name.replace('/', '_') + '.log')


def last_matching(lines, pattern, default=''):
    found = [line.strip() for line in lines if re.search(pattern, line)]
    return found[-1] if found else default


class Timer:
    """Seconds since the start, and since the previous lap (a result's own time)."""
    def __init__(self):
        self.start = self.last = time.monotonic()

    def lap(self):
        now, last = time.monotonic(), self.last
        self.last = now
        return now - last

    def total(self):
        return time.monotonic() - self.start


def host_job(suite):
    """A host unit-test binary: a result per "PASS: case" / "FAIL: case" line (with the
    "check failed" lines before it as the reason), and one for the binary itself."""
    name, exe = f'host/{suite}', os.path.join(B, 'host', f'test_{suite}')
    log = log_path(name)

    def run(report):
        if not os.access(exe, os.X_OK):
            report(Result(name, False, f'{os.path.relpath(exe, ROOT)} is not built '
                                       '(make host-tests)'))
            return
        # The lines since the last verdict (the last few: a case may print without end).
        timer, lines, pending, failed = Timer(), Lines(), collections.deque(maxlen=20), []

        def watch(text, proc):
            for line in lines.feed(text):
                m = re.match(r'(PASS|FAIL): (\S+)$', line)
                if not m:
                    pending.append(line)
                    continue
                why = '' if m[1] == 'PASS' else last_matching(pending, r'\S', 'no message')
                if m[1] == 'FAIL':
                    failed.append(m[2])
                report(Result(f'{name}/{m[2]}', m[1] == 'PASS', why, timer.lap(), log))
                pending.clear()
        status, output = run_process([exe], log, HOST_TIMEOUT, watch)
        if status == 'timeout':
            why = f'timed out after {HOST_TIMEOUT} s'
        elif status != 0 and not failed:
            # Crashed, or a sanitizer stopped it: its report says why.
            why = f'exit status {status}: ' + last_matching(
                output.splitlines(), r'ERROR|error|Assertion|runtime error', 'no message')
        elif failed:
            why = f'{len(failed)} failed: ' + ' '.join(failed) + \
                ('' if status else ' (and the exit status is 0)')
        else:
            why = ''
        report(Result(name, not why, why, timer.total(), log))
    return name, HOST_TIMEOUT, run


# The host fuzzers' short run in `make test`: this many inputs each from a fixed seed,
# from the generated seeds (make fuzzers) and nothing else; `make fuzz` runs them long.
FUZZ_RUNS = 20000
FUZZ_SECONDS = 20


def fuzz_job(fuzzer):
    """A libFuzzer binary (tests/fuzz/): passes when it ends without a crash, a sanitizer
    report or a leak; its crashing input is kept in build/fuzz-work/test-NAME/."""
    name, exe = f'fuzz/{fuzzer}', os.path.join(B, 'fuzz', f'fuzz_{fuzzer}')
    work, seeds = os.path.join(B, 'fuzz-work', f'test-{fuzzer}'), os.path.join(B, 'fuzz-seeds', fuzzer)

    def run(report):
        if not os.access(exe, os.X_OK) or not os.path.isdir(seeds):
            report(Result(name, False, 'not built (make fuzzers)'))
            return
        timer = Timer()
        subprocess.run(['rm', '-rf', work], check=True)
        os.makedirs(work)
        status, output = run_process(
            [exe, '-seed=1', f'-runs={FUZZ_RUNS}', f'-max_total_time={FUZZ_SECONDS}',
             f'-artifact_prefix={work}/', work, seeds], log_path(name), FUZZ_SECONDS + 60)
        why = '' if status == 0 else f'exit status {status}: ' + last_matching(
            output.splitlines(), r'ERROR|runtime error|SUMMARY', 'no message')
        report(Result(name, not why, why, timer.total(), log_path(name)))
    return name, FUZZ_SECONDS + 60, run


def qemu_command(case):
    cmd = ['qemu-system-riscv64', '-M', case.get('machine', 'virt'), '-bios',
           case.get('bios', 'default'), '-nographic', '-m', case.get('mem', '256M'),
           '-smp', str(case.get('smp', 1)), '-kernel', case.get('kernel', IMAGE)]
    if case.get('initrd', True):
        cmd += ['-initrd', INITRD]
    if 'append' in case:
        cmd += ['-append', case['append']]
    return cmd + case.get('extra', [])


def program_failure(section, program, verdict):
    """Why a user program failed: the last FAIL line it printed (its failed check), or the
    kernel's line about killing it, then runtests' own verdict (exit N, signal N, leak)."""
    message = last_matching(section, r'^FAIL') or \
        last_matching(section, rf'^pid \d+ \({re.escape(program)}\): ')
    message = re.sub(r'^FAIL:\s*', '', message)
    return f'{message} [{verdict}]' if message else verdict


def check_runtests(output, expected):
    """Every expected program has a RESULT line, and runtests counted them all."""
    problems = []
    ran = re.findall(r'^RESULT (\S+) ', output, re.M)
    if missing := [p for p in expected if p not in ran]:
        problems.append('no RESULT for ' + ' '.join(missing))
    if extra := sorted(set(ran) - set(expected)):
        problems.append('unexpected programs ' + ' '.join(extra))
    summary = re.search(r'^runtests: (\d+) passed, (\d+) failed', output, re.M)
    if not summary:
        return problems + ['no "runtests: N passed" line']
    passed, failed = int(summary[1]), int(summary[2])
    if passed + failed != len(expected) or passed == 0:
        problems.append(f'{summary[0]}, expected {len(expected)} programs')
    elif failed:
        problems.append(summary[0])
    return problems


def qemu_job(case, programs=None):
    """One QEMU boot. For a runtests case, programs restricts it to those user programs;
    each program's RESULT line is a result of its own, and so is the boot."""
    case = dict(case)
    name, timeout = case['name'], case.get('timeout', 120)
    log = log_path(name)
    expected = None
    if 'programs' in case:
        expected = programs or (user_tests() if case['programs'] == 'all'
                                else case['programs'])
        case['append'] = runtests_append('all' if expected == user_tests()
                                         else expected)

    def run(report):
        if 'prepare' in case:
            case['prepare'](case)
        timer, lines, section = Timer(), Lines(), collections.deque(maxlen=200)
        until = re.compile(case['until']) if 'until' in case else None
        # A case's `type` list of (regex, text) pairs is typed at the console in order:
        # each text once the output after the previous one matches its regex (a prompt,
        # which ends no line, so this looks at the raw output).
        typing = [(re.compile(r, re.M), text) for r, text in case.get('type', [])]
        since_typed = ''

        def watch(text, proc):
            nonlocal since_typed
            stop = False
            for line in lines.feed(text):
                stop = stop or bool(until and until.search(line))
                if skip := re.match(r'SKIP (\S+) \((.*)\)$', line):
                    report(Result(f'{name}/{skip[1]}', True, case.get('skips', {}).get(
                        skip[1], skip[2]), skipped=True))
                    continue
                m = re.match(r'RESULT (\S+) (PASS|FAIL)\s*\(?(.*?)\)?$', line)
                if not m:
                    section.append(line)
                    continue
                ok = m[2] == 'PASS'
                why = '' if ok else program_failure(section, m[1], m[3])
                report(Result(f'{name}/{m[1]}', ok, why, timer.lap(), log))
                section.clear()
            if typing:
                since_typed = (since_typed + text)[-65536:]
                if match := typing[0][0].search(since_typed):
                    since_typed = since_typed[match.end():]
                    # QEMU's UART takes input only as fast as its FIFO has room: none is lost.
                    proc.stdin.write(typing.pop(0)[1].encode())
                    proc.stdin.flush()
            return stop

        status, output = run_process(qemu_command(case), log, timeout, watch,
                                     stdin='type' in case)
        problems = []
        if status == 'timeout':
            problems.append(f'timed out after {timeout} s')
        elif status != 'stopped' and status != case.get('status', 0):
            problems.append(f"exit status {status}, expected {case.get('status', 0)}")
        for pattern in case.get('expect', []):
            if not re.search(pattern, output, re.M):
                problems.append(f'missing /{pattern}/')
        # A kernel report of a bad kfree (a double free: an object used after its last
        # reference went, t_glibc_cwdrace) is a failure like a panic.
        forbid = case.get('forbid', []) + [r'^kernel (panic|fault).*', r'^kfree: .*'] * (
            not case.get('faults'))
        for pattern in forbid:
            if m := re.search(pattern, output, re.M):
                problems.append(f'unexpected "{m[0].strip()}"')
        problems += [why for check in case.get('checks', []) if (why := check(output))]
        if expected is not None:
            problems += check_runtests(output, expected)
        report(Result(name, not problems, '; '.join(problems), timer.total(), log))
    return name, timeout, run


def select_jobs(words, cases, host_suites):
    """The jobs the words select (see the module's description), and the words that
    selected nothing."""
    used, jobs = set(), []

    def selected(name, whole_for_subtests=True):
        # A host binary runs whole for one of its cases (host/pmm/test_contig); a runtests
        # case runs only the programs named (below).
        hit = [w for w in words if w in name or
               whole_for_subtests and w.startswith(name + '/')]
        used.update(hit)
        return bool(hit) or not words

    jobs += [host_job(suite) for suite in host_suites if selected(f'host/{suite}')]
    for case in cases:
        if selected(case['name'], 'programs' not in case):
            jobs.append(qemu_job(case))
        elif 'programs' in case:
            picked = []
            for program in user_tests() if case['programs'] == 'all' else case['programs']:
                hit = [w for w in words if w in f"{case['name']}/{program}"
                       and ('/' in w or case['name'] == MAIN_USER_CASE)]
                used.update(hit)
                picked += [program] if hit else []
            if picked:
                jobs.append(qemu_job(case, picked if len(picked) <= MAX_INIT_ARGS else None))
    return jobs, [w for w in words if w not in used]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('words', nargs='*', metavar='WORD', help='what to run (see above)')
    parser.add_argument('-j', type=int, default=os.cpu_count(), help='jobs at once')
    parser.add_argument('-l', '--list', action='store_true', help='list the jobs and programs')
    parser.usage = __doc__.split('\n\n', 2)[1].strip()
    parser.epilog = __doc__.split('\n\n', 2)[2]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    args = parser.parse_args()

    os.makedirs(LOGS, exist_ok=True)
    host_suites = sorted(os.path.basename(p)[5:-2]
                         for p in glob.glob(os.path.join(ROOT, 'tests/host/test_*.c')))
    cases = qemu_cases(B)
    if args.list:
        for suite in host_suites:
            print(f'host/{suite}')
        for case in cases:
            print(case['name'])
        print('user programs:', ' '.join(user_tests()))
        return 0
    jobs, unmatched = select_jobs(args.words, cases, host_suites)
    fuzzers = sorted(os.path.basename(p)[5:-2]
                     for p in glob.glob(os.path.join(ROOT, 'tests/fuzz/fuzz_*.c')))
    fuzz_words = [w for w in args.words if any(w in f'fuzz/{f}' for f in fuzzers)]
    jobs += [fuzz_job(f) for f in fuzzers
             if not args.words or any(w in f'fuzz/{f}' for w in fuzz_words)]
    unmatched = [w for w in unmatched if w not in fuzz_words]
    if unmatched:
        print(f"run.py: nothing matches {' '.join(unmatched)} (--list shows the names)",
              file=sys.stderr)
        return 2

    results, lock, interrupted = [], threading.Lock(), threading.Event()

    def report(r):
        with lock:
            if interrupted.is_set():    # the jobs killed by the interrupt fail: not news
                return
            if r.skipped:
                print(f'SKIP {r.seconds:6.1f}s  {r.name}: {r.why}', flush=True)
                return
            results.append(r)
            line = f"{'PASS' if r.ok else 'FAIL'} {r.seconds:6.1f}s  {r.name}"
            print(line + (f': {r.why}' if r.why else ''), flush=True)

    def run(job):
        name, _, fn = job
        try:
            fn(report)
        except Exception as e:          # a bug or a failed build step: one failure
            with open(log_path(name), 'a') as f:
                traceback.print_exc(file=f)
            report(Result(name, False, f'{type(e).__name__}: {e}', log=log_path(name)))

    # The longest first (a case's timeout says roughly how long it is), so that the run
    # does not end with one long boot on one core.
    jobs.sort(key=lambda job: -job[1])
    pool = ThreadPoolExecutor(max_workers=max(1, args.j))
    try:
        list(pool.map(run, jobs))
    except KeyboardInterrupt:
        # Start nothing more; end what runs (a Ctrl-C at the terminal reached it too,
        # a kill of this process alone did not).
        interrupted.set()
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(RUNNING):
            proc.kill()
        print('interrupted', file=sys.stderr)
        return 130
    pool.shutdown()

    failed = [r for r in results if not r.ok]
    if failed:
        print(f'\n{len(failed)} failed:')
        for r in failed:
            print(f'  {r.name}: {r.why}')
            if r.log:
                print(f'    log: {os.path.relpath(r.log, ROOT)}')
    print(f'{len(results) - len(failed)} passed, {len(failed)} failed')
    return 0 if results and not failed else 1


if __name__ == '__main__':
    sys.exit(main())
