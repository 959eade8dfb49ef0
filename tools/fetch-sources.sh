#!/usr/bin/env bash
# Fetches and unpacks Debian 12 (bookworm) source packages into build/src/ with
# `apt-get source` (dpkg-source -x: Debian's patches applied), through a private
# sources list of deb-src lines and private apt state under build/src/apt, so the
# system's apt configuration is neither needed nor changed.
#   tools/fetch-sources.sh PACKAGE...     (e.g. busybox lua5.4)
# Cached: a package whose tree build/src/PACKAGE exists is not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD/build/src
apt=$src/apt
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"

todo=()
for pkg in "$@"; do
  [[ -d $src/$pkg ]] || todo+=("$pkg")
done
[[ ${#todo[@]} -eq 0 ]] && exit 0

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$apt/sources.list" <<LIST
deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm main
deb-src [signed-by=$keyring] http://deb.debian.org/debian-security bookworm-security main
deb-src [signed-by=$keyring] http://deb.debian.org/debian bookworm-updates main
LIST
opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache"
      -o Dir::State::Status=/var/lib/dpkg/status -o APT::Sandbox::User="$(id -un)"
      -o Debug::NoLocking=1 -q)
# The index is fetched once (lists stay in build/src/apt/lists).
if ! compgen -G "$apt/lists/*Sources*" >/dev/null; then
  echo "fetch-sources: apt-get update (deb-src, bookworm)" >&2
  apt-get "${opts[@]}" update >/dev/null
fi
for pkg in "${todo[@]}"; do
  echo "fetch-sources: apt-get source $pkg" >&2
  work=$src/.work-$pkg
  rm -rf "$work"
  mkdir -p "$work"
  (cd "$work" && apt-get "${opts[@]}" source "$pkg" >/dev/null)
  # apt-get source unpacks with dpkg-source -x into NAME-VERSION/; keep the tree as
  # build/src/PACKAGE, and the .dsc and tarballs beside it for reference.
  tree=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
  [[ -n $tree ]] || { echo "fetch-sources: $pkg: nothing unpacked" >&2; exit 1; }
  mv "$tree" "$src/$pkg"
  mkdir -p "$src/archives"
  mv "$work"/* "$src/archives/" 2>/dev/null || true
  rm -rf "$work"
done
