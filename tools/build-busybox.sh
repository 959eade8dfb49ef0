#!/usr/bin/env bash
# Builds BusyBox from Debian's source package (tools/fetch-sources.sh unpacks it, with
# Debian's patches applied, into build/src/busybox) with upstream's make, out of tree in
# build/busybox: `make defconfig`, then static and cross-compiled with Debian's
# riscv64-linux-gnu toolchain (glibc). Nothing else of the defconfig is changed.
# Cached: build/busybox/.built is the stamp; a tree already built is not compiled again.
#   tools/build-busybox.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-2}
src=$PWD/build/src/busybox
out=$PWD/build/busybox
[[ -f $out/.built && -x $out/busybox ]] && exit 0
bash tools/fetch-sources.sh busybox
mkdir -p "$out"
cross=riscv64-linux-gnu-
if [[ ! -f $out/.config ]]; then
  make -s -C "$src" O="$out" defconfig >/dev/null
  # The two changes to defconfig: a static binary, built by the cross compiler.
  sed -i -e 's/^# CONFIG_STATIC is not set$/CONFIG_STATIC=y/' \
         -e "s/^CONFIG_CROSS_COMPILER_PREFIX=.*/CONFIG_CROSS_COMPILER_PREFIX=\"$cross\"/" \
         "$out/.config"
  make -s -C "$src" O="$out" oldconfig </dev/null >/dev/null
  grep -q '^CONFIG_STATIC=y' "$out/.config"
fi
echo "build-busybox: compiling BusyBox (static, ${cross}gcc, -j$jobs)" >&2
start=$SECONDS
make -s -C "$out" -j"$jobs" busybox >"$out/build.log" 2>&1 ||
  { tail -n 30 "$out/build.log" >&2; exit 1; }
# The applet list for the initrd's links: one path a line (/bin/ls, /usr/bin/awk, ...).
make -s -C "$out" busybox.links >/dev/null 2>&1
echo "build-busybox: built in $((SECONDS - start)) s" >&2
touch "$out/.built"
