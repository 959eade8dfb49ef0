# The real-program checks, run by BusyBox's shell (tests/qemu_cases.py boots
# `init=/bin/busybox -- sh /tests/real/run.sh [FEATURE...]`):
#   NAME.sh runs under BusyBox's ash and NAME.lua under lua, in an empty directory of
#   their own under /tmp; what they print (stdout and stderr) must be NAME.out exactly.
# A check still running after $limit seconds is ended by timeout(1) with SIGTERM.
# Each prints "RESULT NAME PASS" or "RESULT NAME FAIL (...)" after a diff of the output.
# A check whose "needs:" comment names a FEATURE given as an argument (a kernel feature
# not there yet) is not run: "SKIP NAME (needs FEATURE)".
# The last line counts them; the exit status is the number that failed.
cd /tests/real || exit 100
pass=0 fail=0 skip=0 limit=30
mkdir -p /tmp/check-output || exit 100
for file in *.sh *.lua; do
    [ "$file" = run.sh ] && continue
    name=${file%.*}
    needs=$(sed -n -e 's/^# needs: *//p' -e 's/^-- needs: *//p' "$file")
    missing=
    for feature in $needs; do
        for pending in "$@"; do
            [ "$feature" = "$pending" ] && missing="$missing $feature"
        done
    done
    if [ -n "$missing" ]; then
        echo "SKIP $name (needs${missing})"
        skip=$((skip + 1))
        continue
    fi
    dir=/tmp/check-$name got=/tmp/check-output/$name
    rm -rf "$dir" && mkdir "$dir" || exit 101
    case $file in
    *.lua) (cd "$dir" && exec timeout $limit lua "/tests/real/$file") > "$got" 2>&1 ;;
    *) (cd "$dir" && exec timeout $limit ash "/tests/real/$file") > "$got" 2>&1 ;;
    esac
    status=$?
    if cmp -s "$name.out" "$got"; then
        echo "RESULT $name PASS"
        pass=$((pass + 1))
    else
        diff "$name.out" "$got"
        echo "RESULT $name FAIL (output differs from $name.out, exit status $status)"
        fail=$((fail + 1))
    fi
    rm -rf "$dir"
done
echo "real: $pass passed, $fail failed, $skip skipped"
exit $fail
