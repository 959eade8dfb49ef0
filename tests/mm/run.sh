# Linux's mm selftests (tools/testing/selftests/vm of linux-source-6.1, built unchanged by
# tools/build-mm-selftests.sh into /mm), run by BusyBox's shell: tests/qemu_cases.py boots
# `init=/bin/busybox -- sh /tests/mm/run.sh`. Each test's output is shown as it runs, then
# its verdict by the kselftest exit codes: 0 "RESULT NAME PASS", 4 (KSFT_SKIP)
# "SKIP NAME (the reason the test printed)", anything else "RESULT NAME FAIL (...)".
# A test not built (/mm/NAME.skip says why) or that does not apply here is skipped with
# the reason. A test still running after $limit seconds is ended by timeout(1).
# A test named as an argument (it needs a kernel feature not there yet: tests/qemu_cases.py's
# MM_PENDING has the reason) is not run: "SKIP NAME (pending)".
# The last line counts them; the exit status is the number that failed.
pending=" $* "
pass=0 fail=0 skip=0 limit=120
mkdir -p /tmp/mm-output || exit 100
run() {
    name=$1; shift
    if [ -f "/mm/$name.skip" ]; then
        echo "SKIP $name ($(cat "/mm/$name.skip"))"; skip=$((skip + 1)); return
    fi
    case $pending in *" $name "*)
        echo "SKIP $name (pending)"; skip=$((skip + 1)); return ;;
    esac
    got=/tmp/mm-output/$name
    echo "== $name $*"
    (cd /tmp && exec timeout $limit "/mm/$name" "$@") > "$got" 2>&1
    status=$?
    cat "$got"
    case $status in
    0) echo "RESULT $name PASS"; pass=$((pass + 1)) ;;
    4) why=$(grep -i -e skip -e '^# ' "$got" | tail -n 1)
       echo "SKIP $name (exit status 4, KSFT_SKIP: ${why:-no reason printed})"
       skip=$((skip + 1)) ;;
    *) echo "RESULT $name FAIL (exit status $status)"; fail=$((fail + 1)) ;;
    esac
}
run map_fixed_noreplace
run virtual_address_range
run madv_populate
run map_populate
run mlock-random-test
run mlock2-tests
run mremap_dontunmap
# The default threshold: every case's mremap is done (up to 2 GB of address space) and
# the first 4 MB of each region checked; -t 0 would touch all 2 GB, more than the machine has.
run mremap_test
run on-fault-limit
# It skips itself: /proc/self/smaps has no "sd" flag, soft-dirty is not tracked.
run soft-dirty
echo "mm: $pass passed, $fail failed, $skip skipped"
exit $fail
