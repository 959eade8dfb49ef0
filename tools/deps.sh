#!/usr/bin/env bash
# Installs the Debian packages the build, run and test targets need, plus any named on
# the command line as COMMAND=PACKAGE (e.g. gdb-multiarch=gdb-multiarch for make gdb).
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail

# command-or-file -> Debian package that provides it
declare -A need=(
  [riscv64-unknown-elf-gcc]=gcc-riscv64-unknown-elf
  [qemu-system-riscv64]=qemu-system-misc
  [/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin]=opensbi
  [dtc]=device-tree-compiler
  [cpio]=cpio
  [python3]=python3
  [gcc]=gcc
  [riscv64-linux-gnu-gcc]=gcc-riscv64-linux-gnu
  [/usr/riscv64-linux-gnu/lib/libc.a]=libc6-dev-riscv64-cross
  [/usr/lib/u-boot/qemu-riscv64_smode/uboot.elf]=u-boot-qemu
  [mkimage]=u-boot-tools
  [mcopy]=mtools
  [mkfs.vfat]=dosfstools
  [sfdisk]=fdisk
  [clang]=clang
  [/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a]=libclang-rt-14-dev
  [dpkg-source]=dpkg-dev
  [bzip2]=bzip2
  [make]=make
)

for extra in "$@"; do
  need[${extra%%=*}]=${extra#*=}
done

missing=()
for what in "${!need[@]}"; do
  if [[ $what == /* ]]; then [[ -e $what ]] && continue
  else command -v "$what" >/dev/null 2>&1 && continue
    [[ -x /usr/sbin/$what || -x /sbin/$what ]] && continue
  fi
  missing+=("${need[$what]}")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
line="apt-get install -y ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "deps: missing packages. Run as root:  apt-get update && $line" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${missing[@]}" >/dev/null
