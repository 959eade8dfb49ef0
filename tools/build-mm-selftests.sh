#!/usr/bin/env bash
# Builds some of Linux's own mm selftests (tools/testing/selftests/vm/ of Debian 12's
# linux-source-6.1 package, from tools/extract-linux-source.sh) unchanged: static,
# with Debian's riscv64-linux-gnu-gcc, the flags of their Makefile (-Wall -lrt -lpthread,
# vm_util.c beside the tests that use it). They go into build/mm-selftests/; user/real.mk
# puts them into the real-programs initrd as /mm/NAME and tests/mm/run.sh runs them.
# A test that cannot be built here gets NAME.skip instead, with the reason, which
# tests/mm/run.sh prints as its SKIP line.
# Cached: build/mm-selftests/.built is the stamp (rm -rf build/mm-selftests to rebuild).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/build/mm-selftests
src=$PWD/build/src/mm-selftests
[[ -f $out/.built ]] && exit 0
# The tests that apply to this kernel (no hugetlb, THP, userfaultfd, KSM, NUMA, GUP test
# device or memfd_secret). soft-dirty skips itself where smaps shows no "sd" flag.
tests="map_fixed_noreplace virtual_address_range madv_populate map_populate
       mlock-random-test mlock2-tests mremap_dontunmap mremap_test on-fault-limit soft-dirty"

if [[ ! -f $src/vm/mremap_test.c ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  tools/extract-linux-source.sh "$work" 'tools/testing/selftests/vm/*' \
      'tools/testing/selftests/kselftest.h'
  rm -rf "$src"
  mkdir -p "$src"
  cp -r "$work"/tools/testing/selftests/vm "$src"/vm
  cp "$work"/tools/testing/selftests/kselftest.h "$src"/
fi

cc=riscv64-linux-gnu-gcc
rm -rf "$out"
mkdir -p "$out"
cd "$src/vm"
for t in $tests; do
  extra=() libs=(-lrt -lpthread)
  case $t in
    madv_populate|soft-dirty) extra=(vm_util.c) ;;
    mlock-random-test) libs+=(-lcap) ;;
  esac
  if [[ $t == mlock-random-test ]] && ! echo '#include <sys/capability.h>' | $cc -E - >/dev/null 2>&1; then
    echo "needs libcap (sys/capability.h, -lcap), which Debian 12 has for no riscv64 cross build" > "$out/$t.skip"
    echo "build-mm-selftests: $t skipped: $(cat "$out/$t.skip")" >&2
    continue
  fi
  $cc -static -O2 -Wall "$t.c" "${extra[@]}" "${libs[@]}" -o "$out/$t" 2>"$out/$t.log" ||
    { cat "$out/$t.log" >&2; exit 1; }
  riscv64-linux-gnu-strip "$out/$t"
done
echo "build-mm-selftests: built $(ls "$out" | grep -vc '\.')" >&2
touch "$out/.built"
