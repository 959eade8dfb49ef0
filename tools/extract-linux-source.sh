#!/usr/bin/env bash
# extract-linux-source.sh DEST PATTERN...: extracts the files matching each PATTERN (a tar
# wildcard below the top folder, e.g. 'scripts/dtc/libfdt/*') from Debian 12's
# linux-source-6.1 package into DEST, keeping their paths. The package (about 140 MB) is
# downloaded once into build/src/linux-source/ and kept, so libfdt and the mm selftests
# share one download.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=$root/build/src/linux-source
dest=$1
shift
mkdir -p "$cache" "$dest"
if ! compgen -G "$cache/linux-source-6.1_*.deb" >/dev/null; then
  (cd "$cache"
   if ! apt-get download linux-source-6.1 >/dev/null 2>&1; then
     if [[ $(id -u) -eq 0 ]]; then apt-get update -q >/dev/null; apt-get download linux-source-6.1 >/dev/null
     else echo "extract-linux-source: cannot download linux-source-6.1 (run 'apt-get update' as root)" >&2; exit 1; fi
   fi)
fi
dpkg-deb --fsys-tarfile "$cache"/linux-source-6.1_*.deb |
  tar -xO ./usr/src/linux-source-6.1.tar.xz |
  tar -xJ -C "$dest" --strip-components=1 --wildcards "${@/#/linux-source-6.1/}"
