#!/usr/bin/env bash
# Builds the Lua 5.4 interpreter `lua` from Debian's lua5.4 source package
# (tools/fetch-sources.sh unpacks it, with Debian's patches applied, into
# build/src/lua5.4) into build/lua/lua: static, Debian's riscv64-linux-gnu toolchain
# (glibc), no readline. Debian's patched Makefile builds through libtool and
# dpkg-buildflags, so the compiler is called here directly with what upstream's
# `make linux-noreadline` would pass (-std=gnu99 -O2 -Wall -Wextra -DLUA_COMPAT_5_3
# -DLUA_USE_LINUX), except dlopen: LUA_USE_POSIX instead of LUA_USE_LINUX, since a static
# program cannot load C modules (Lua modules written in Lua still load).
# Cached: build/lua/.built is the stamp.
#   tools/build-lua.sh [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-2}
src=$PWD/build/src/lua5.4/src
out=$PWD/build/lua
[[ -f $out/.built && -x $out/lua ]] && exit 0
bash tools/fetch-sources.sh lua5.4
mkdir -p "$out/obj"
# Debian's luaconf.h includes lua5.4-deb-multiarch.h, which debian/rules writes at
# configure time: the same header, for riscv64, in the build folder.
printf '%s\n' '#ifndef _LUA_DEB_MULTIARCH_' '#define _LUA_DEB_MULTIARCH_' \
  '#define DEB_HOST_MULTIARCH "riscv64-linux-gnu"' '#endif' > "$out/obj/lua5.4-deb-multiarch.h"
cc="riscv64-linux-gnu-gcc -std=gnu99 -O2 -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I$out/obj"
echo "build-lua: compiling Lua 5.4 (static, riscv64-linux-gnu-gcc, -j$jobs)" >&2
start=$SECONDS
# Every source but the compiler luac's main: the core, the libraries and lua.c.
objs=()
for c in "$src"/*.c; do
  [[ $(basename "$c") == luac.c ]] && continue
  objs+=("$out/obj/$(basename "${c%.c}").o")
done
printf '%s\n' "${objs[@]}" | sed 's|.*/obj/\(.*\)\.o$|\1|' |
  xargs -P "$jobs" -I{} sh -c "$cc -c '$src/{}.c' -o '$out/obj/{}.o'" 2>"$out/build.log" ||
  { cat "$out/build.log" >&2; exit 1; }
riscv64-linux-gnu-gcc -static -o "$out/lua" "${objs[@]}" -lm
echo "build-lua: built in $((SECONDS - start)) s" >&2
touch "$out/.built"
