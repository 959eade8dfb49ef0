#!/usr/bin/env bash
# Extracts libfdt from Debian's linux-source-6.1 package into $1 (default build/libfdt).
# Nothing of it is committed; the build compiles it freestanding, with include/ providing the
# few C library headers libfdt_env.h asks for.
set -euo pipefail
dest=${1:-build/libfdt}
[[ -f $dest/libfdt.h && -f $dest/fdt_ro.c ]] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$(dirname "$0")"/extract-linux-source.sh "$work" 'scripts/dtc/libfdt/*'
mkdir -p "$dest"
cp "$work"/scripts/dtc/libfdt/* "$dest"/
echo "fetch-libfdt: libfdt extracted into $dest" >&2
