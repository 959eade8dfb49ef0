#!/usr/bin/env bash
# build-linux.sh: builds the Linux anchor for `make bench` into build/linux/Image:
# Linux 6.1 from Debian 12's linux-source-6.1 (tools/extract-linux-source.sh), configured
# as tinyconfig + tools/linux-bench.config, cross-compiled with riscv64-linux-gnu-gcc.
# About 10 minutes on 2 cores; JOBS=N to change -j (default 2). Not part of make all/test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build/linux
src=$out/src
obj=$out/obj
fragment=$root/tools/linux-bench.config
bash "$root/tools/deps.sh" flex=flex bison=bison bc=bc perl=perl
[[ -f $src/Makefile ]] || bash "$root/tools/extract-linux-source.sh" "$src" '*'
mkdir -p "$obj"
kmake() { make -s -C "$src" O="$obj" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- "$@"; }
if ! cmp -s "$fragment" "$obj/bench.config"; then
  kmake tinyconfig >/dev/null
  (cd "$obj" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" .config "$fragment" >/dev/null)
  kmake olddefconfig
  # Every option the fragment sets must have survived olddefconfig (a missing dependency
  # silently drops one).
  bad=0
  while read -r line; do
    if [[ $line =~ ^(CONFIG_[A-Z0-9_]+)=(.*)$ ]]; then
      grep -qx "$line" "$obj/.config" || { echo "build-linux: $line did not stick" >&2; bad=1; }
    elif [[ $line =~ ^#\ (CONFIG_[A-Z0-9_]+)\ is\ not\ set$ ]]; then
      grep -q "^${BASH_REMATCH[1]}=" "$obj/.config" && { echo "build-linux: ${BASH_REMATCH[1]} still set" >&2; bad=1; }
    fi
  done < "$fragment"
  [[ $bad -eq 0 ]] || exit 1
  cp "$fragment" "$obj/bench.config"
fi
kmake -j"${JOBS:-2}" Image
cp "$obj/arch/riscv/boot/Image" "$out/Image"
echo "build-linux: $out/Image"
