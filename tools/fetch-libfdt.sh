#!/usr/bin/env bash
# Extracts libfdt from Debian's linux-source-6.1 package into $1 (default build/libfdt).
# Nothing of it is committed; the build compiles it freestanding, with include/ providing the
# few C library headers libfdt_env.h asks for.
set -euo pipefail
dest=${1:-build/libfdt}
[[ -f $dest/libfdt.h && -f $dest/fdt_ro.c ]] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download linux-source-6.1 >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then apt-get update -q >/dev/null; apt-get download linux-source-6.1 >/dev/null
  else echo "fetch-libfdt: cannot download linux-source-6.1 (run 'apt-get update' as root)" >&2; exit 1; fi
fi
deb=$(ls linux-source-6.1_*.deb)
dpkg-deb --fsys-tarfile "$deb" | tar -x ./usr/src/linux-source-6.1.tar.xz
tar -xJf usr/src/linux-source-6.1.tar.xz --wildcards 'linux-source-6.1/scripts/dtc/libfdt/*'
cd - >/dev/null
mkdir -p "$dest"
cp "$work"/linux-source-6.1/scripts/dtc/libfdt/* "$dest"/
echo "fetch-libfdt: libfdt extracted into $dest" >&2
