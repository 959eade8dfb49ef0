#!/usr/bin/env bash
# Builds a raw disk image (an SD card for a VisionFive 2, a virtio disk for QEMU) that
# U-Boot boots: an MBR whose only partition is number 3, FAT16, marked bootable, holding
# the kernel Image, initrd.cpio, boot.scr (tools/boot.cmd.in with BOOTARGS) and
# vf2_uEnv.txt. Partition 3 because StarFive's factory U-Boot looks nowhere else on the
# card (for vf2_uEnv.txt, which runs boot.scr); mainline U-Boot's distro boot scans the
# partitions marked bootable and finds boot.scr there too.
# Usage: tools/mkdisk.sh OUT.img IMAGE INITRD "BOOTARGS"
# Works on plain files only: no loop devices, no mounts, no root.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 OUT.img IMAGE INITRD BOOTARGS" >&2
  exit 2
fi
out=$1 image=$2 initrd=$3 bootargs=$4
here=$(dirname "$0")
PATH=$PATH:/usr/sbin:/sbin     # sfdisk and mkfs.vfat, for users without sbin in PATH
# The bootargs go inside a double-quoted U-Boot hush string.
if [[ $bootargs == *[\"\$\\]* ]]; then
  echo "mkdisk: bootargs may not contain \", \$ or \\: $bootargs" >&2
  exit 2
fi

SECTOR=512
PART=3                          # the partition StarFive's factory U-Boot reads
PART_START=2048                 # sectors: the usual 1 MiB alignment
DISK_MIB=32                     # a sparse file; FAT16 fits 16 MiB to 2 GiB
part_sectors=$(( DISK_MIB * 1024 * 1024 / SECTOR - PART_START ))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
template=$(<"$here/boot.cmd.in")
printf '%s\n' "${template//@BOOTARGS@/$bootargs}" > "$tmp/boot.cmd"
mkimage -A riscv -O linux -T script -C none -n "sv39 kernel" -d "$tmp/boot.cmd" \
  "$tmp/boot.scr" >/dev/null

rm -f "$out.tmp"
truncate -s "${DISK_MIB}M" "$out.tmp"
# Primary partition 3 of type 0x0e (FAT16, LBA), marked bootable; entries 1 and 2 stay
# empty. sfdisk takes the partition number from the name, device name + number.
echo "$out.tmp$PART : start=$PART_START, size=$part_sectors, type=e, bootable" |
  sfdisk --quiet --label dos "$out.tmp"
mkfs.vfat -F 16 -n BOOT --offset="$PART_START" "$out.tmp" $(( part_sectors * SECTOR / 1024 )) \
  >/dev/null
# mtools reads the partition at a byte offset; its geometry check does not fit a file.
export MTOOLS_SKIP_CHECK=1
fs="$out.tmp@@$(( PART_START * SECTOR ))"
mcopy -i "$fs" "$image" ::Image
mcopy -i "$fs" "$initrd" ::initrd.cpio
mcopy -i "$fs" "$tmp/boot.scr" ::boot.scr
mcopy -i "$fs" "$here/vf2_uEnv.txt" ::vf2_uEnv.txt
mv "$out.tmp" "$out"
