# RISC-V Sv39 kernel on OpenSBI. `make run` boots it in QEMU, `make test` runs every test.
.DEFAULT_GOAL := all
.SECONDEXPANSION:
B := build
CROSS ?= riscv64-unknown-elf-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
NM := $(CROSS)nm
OBJDUMP := $(CROSS)objdump
QEMU ?= qemu-system-riscv64
MEM ?= 512M
SMP ?= 1
BOOTARGS ?=
QEMUFLAGS ?=
# The port `make qemu-gdb` listens on and `make gdb` connects to, one per user (as xv6).
GDBPORT ?= $(shell expr $$(id -u) % 5000 + 25000)

# Quiet by default: one "  CC      kernel/main.c" line per step; make V=1 shows commands.
V ?= 0
ifeq ($(V),1)
Q :=
msg := @true
else
Q := @
msg := @printf '  %-7s %s\n'
endif

# Installs missing Debian packages (or says which) once; libfdt comes from linux-source-6.1.
DEPS_STAMP := $(B)/.deps-ok
LIBFDT := $(B)/libfdt
$(DEPS_STAMP):
	@mkdir -p $(B)
	@bash tools/deps.sh
	@touch $@
$(LIBFDT)/libfdt.h: | $(DEPS_STAMP)
	@bash tools/fetch-libfdt.sh $(LIBFDT)
# The sources come out of the same extraction as the header (and are no intermediates
# for make to delete afterwards).
$(LIBFDT)/%.c: $(LIBFDT)/libfdt.h ;

ARCHFLAGS := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
WARN := -Wall -Wextra -Werror -Wshadow
# -ffixed-t3..t6: the kernel's C code never touches x28-x31, so the system-call and page-fault
# paths need not save and restore them (docs/traps.md); tools/check-fixed-regs.py checks it.
FIXED_REGS := -ffixed-t3 -ffixed-t4 -ffixed-t5 -ffixed-t6
KCFLAGS := $(ARCHFLAGS) -std=c11 -O2 -g $(WARN) -ffreestanding -nostdlib -fno-builtin-printf \
	-fno-omit-frame-pointer -fno-stack-protector -fno-pie -fno-common $(FIXED_REGS) \
	-I. -Iinclude -I$(LIBFDT) -MMD -MP
LIBFDT_SRCS := fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_strerror.c fdt_addresses.c
.SECONDARY: $(addprefix $(LIBFDT)/,$(LIBFDT_SRCS))
LIBFDT_OBJS := $(addprefix $(B)/libfdt-obj/,$(LIBFDT_SRCS:.c=.o))

KDIRS := boot kernel riscv devicetree drivers lib syscall mm trap fs
KDIRS += fs/proc
KDIRS += tty
KSRCS := $(filter-out kernel/ktest_none.c,$(foreach d,$(KDIRS),$(wildcard $(d)/*.c $(d)/*.S)))
KOBJS := $(patsubst %,$(B)/k/%.o,$(KSRCS)) $(LIBFDT_OBJS)
KTEST_OBJS := $(patsubst %,$(B)/k/%.o,$(wildcard tests/ktest/*.c))

$(B)/k/%.c.o: %.c $(LIBFDT)/libfdt.h Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(msg) CC $<
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(B)/k/%.S.o: %.S Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(msg) AS $<
	$(Q)$(CC) $(KCFLAGS) -D__ASSEMBLER__ -c $< -o $@
$(B)/libfdt-obj/%.o: $(LIBFDT)/libfdt.h Makefile
	@mkdir -p $(dir $@)
	$(msg) CC $(LIBFDT)/$*.c
	$(Q)$(CC) $(KCFLAGS) -Wno-sign-compare -Wno-shadow -c $(LIBFDT)/$*.c -o $@

# Two links: the second embeds the symbol table of the first (for backtraces). The
# table sits after everything else, so nothing moves between the links.
# $(call link-kernel,NAME,extra objects): build/NAME.elf and build/NAME (raw Image).
# libgcc of the rv64imac/lp64 multilib (the zicsr/zifencei suffixes hide it from gcc's own lookup).
LIBGCC = $(shell $(CC) -march=rv64imac -mabi=lp64 -print-libgcc-file-name)
LINK = $(CC) $(ARCHFLAGS) -nostdlib -static -T linker.ld -Wl,--no-relax -o $@
define link-kernel
$(B)/$(1)-nosyms.elf: $(KOBJS) $(2) $(B)/k/ksyms-empty.o linker.ld
	$$(msg) LD $$@
	$$(Q)$$(LINK) $(KOBJS) $(2) $(B)/k/ksyms-empty.o $$(LIBGCC)
$(B)/k/$(1)-ksyms.o: $(B)/$(1)-nosyms.elf tools/gen-ksyms.py
	$$(msg) KSYMS $$@
	$$(Q)$(NM) -n $$< | python3 tools/gen-ksyms.py - > $(B)/k/$(1)-ksyms.S
	$$(Q)$(CC) $(KCFLAGS) -c $(B)/k/$(1)-ksyms.S -o $$@
$(B)/$(1).elf: $(KOBJS) $(2) $(B)/k/$(1)-ksyms.o linker.ld
	$$(msg) LD $$@
	$$(Q)$$(LINK) $(KOBJS) $(2) $(B)/k/$(1)-ksyms.o $$(LIBGCC)
	@python3 tools/check-ksyms.py $(B)/$(1)-nosyms.elf $$@
	@$(OBJDUMP) -d --no-show-raw-insn $$@ | python3 tools/check-fixed-regs.py $$@
endef
$(eval $(call link-kernel,kernel,$(B)/k/kernel/ktest_none.c.o))
$(eval $(call link-kernel,kernel-ktest,$(KTEST_OBJS)))
$(B)/k/ksyms-empty.o: tools/gen-ksyms.py | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(msg) KSYMS $@
	$(Q)python3 tools/gen-ksyms.py /dev/null > $(B)/k/ksyms-empty.S
	$(Q)$(CC) $(KCFLAGS) -c $(B)/k/ksyms-empty.S -o $@
$(B)/Image: $(B)/kernel.elf
	$(msg) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary $< $@
$(B)/Image-ktest: $(B)/kernel-ktest.elf
	$(msg) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary $< $@

# Device trees for the tests.
DTBS := $(patsubst dts/%.dts,$(B)/dtb/%.dtb,$(wildcard dts/*.dts))
$(B)/dtb/%.dtb: dts/%.dts $(wildcard dts/*.dtsi) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(msg) DTC $<
	$(Q)dtc -q -I dts -O dtb -o $@ $<

-include $(patsubst %.o,%.d,$(filter $(B)/k/%,$(KOBJS)) $(KTEST_OBJS))

include user/user.mk
include user/real.mk

all: $(B)/Image $(B)/Image-ktest $(B)/initrd.cpio $(DTBS)

QEMU_VIRT = $(QEMU) -M virt -bios default -nographic -m $(MEM) -smp $(SMP) -kernel $(B)/Image \
	-initrd $(B)/initrd.cpio -append "$(BOOTARGS)" $(QEMUFLAGS)
QEMU_KEYS = @echo "QEMU: Ctrl-A X quits, Ctrl-A C switches between the console and the QEMU monitor."
run: all
	$(QEMU_KEYS)
	$(Q)$(QEMU_VIRT)

# Debugging as in xv6, in two terminals: QEMU keeps this one (the guest console, and
# Ctrl-C goes to the guest), gdb gets its own, so its Ctrl-C stops the guest through the
# gdb stub instead of killing QEMU.
qemu-gdb: all
	$(QEMU_KEYS)
	@echo "QEMU waits for gdb on localhost:$(GDBPORT): run 'make gdb' in another terminal."
	$(Q)$(QEMU_VIRT) -S -gdb tcp:localhost:$(GDBPORT)
# No build here: the symbols must stay those of the kernel QEMU is running.
gdb:
	@bash tools/deps.sh gdb-multiarch=gdb-multiarch
	gdb-multiarch -q $(B)/kernel.elf -ex 'set $$gdbport = $(GDBPORT)' -x tools/gdbinit

# Host unit tests: pure modules built with the host compiler and sanitizers.
HOSTCC ?= gcc
HOSTCFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 $(WARN) -DHOST_TEST -fsanitize=address,undefined \
	-fno-omit-frame-pointer -I. -I$(LIBFDT)
HOST_TESTS := $(patsubst tests/host/test_%.c,$(B)/host/test_%,$(wildcard tests/host/test_*.c))
HOSTSRC_pmm := mm/pmm.c
HOSTSRC_asid := mm/asid.c
HOSTSRC_pagetable := mm/pagetable.c tests/host/sim_mem.c
HOSTSRC_kmalloc := mm/kmalloc.c
HOSTSRC_dt := devicetree/dt.c devicetree/dt_reg.c devicetree/dt_memory.c devicetree/dt_cpus.c devicetree/dt_console.c \
	devicetree/dt_poweroff.c devicetree/dt_irq.c devicetree/dt_walk.c lib/errmsg.c $(addprefix $(LIBFDT)/,$(LIBFDT_SRCS))
HOSTSRC_dt_limits := $(HOSTSRC_dt)
HOSTSRC_uart := drivers/uart_regs.c
HOSTSRC_dtirq := $(HOSTSRC_dt)
HOSTSRC_cpio := lib/cpio.c lib/errmsg.c tests/host/newc.c
HOSTSRC_elf := lib/elf.c lib/errmsg.c
HOSTSRC_bootargs := lib/bootargs.c
HOSTSRC_vma := mm/vma.c tests/host/host_kmalloc.c
HOSTSRC_uvm := mm/uvm.c mm/mmap.c mm/vma.c mm/vmobj.c mm/pagearray.c mm/pageref.c mm/pagetable.c \
	mm/page.c mm/tlb_gather.c mm/kstack.c tests/host/sim_mem.c tests/host/host_kmalloc.c
HOSTSRC_uvm += mm/populate.c mm/madvise.c mm/msync.c mm/mlock.c
HOSTSRC_uvm += mm/mremap.c mm/fork_copy.c
HOSTSRC_boottables := boot/boot_tables.c
HOSTSRC_fs := fs/inode.c fs/dir.c fs/namei.c fs/names.c fs/stat.c mm/kmalloc.c tests/host/host_fs_pages.c
HOSTSRC_initramfs := $(HOSTSRC_fs) fs/initramfs.c lib/cpio.c lib/errmsg.c tests/host/newc.c
$(B)/host/test_%: tests/host/test_%.c tests/host/host_printk.c $(LIBFDT)/libfdt.h $$(HOSTSRC_$$*) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(msg) HOSTCC $@
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -o $@ $< tests/host/host_printk.c $(HOSTSRC_$*) -Wno-sign-compare
$(HOST_TESTS): $(wildcard tests/host/*.h)
host-tests: $(HOST_TESTS)

# The real programs (user/real.mk): BusyBox, Lua and the initrd the real/* cases boot.
test: $(REAL_INITRD)
test: all host-tests
	python3 tests/run.py

# Host fuzzers (tests/fuzz/fuzz_*.c): libFuzzer with AddressSanitizer and UBSan (clang),
# over the parsers of untrusted input. The seed corpus is generated (tools/fuzz-seeds.py);
# `make test` runs each briefly (tests/run.py), `make fuzz` for FUZZ_SECONDS each.
FUZZCC ?= clang
FUZZCFLAGS := -std=c11 -D_DEFAULT_SOURCE -g -O1 $(WARN) -DHOST_TEST \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I. -I$(LIBFDT)
FUZZERS := $(patsubst tests/fuzz/fuzz_%.c,$(B)/fuzz/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZSRC_dt := $(HOSTSRC_dt)
FUZZSRC_cpio := lib/cpio.c lib/errmsg.c
FUZZSRC_elf := lib/elf.c lib/errmsg.c
FUZZSRC_path := $(HOSTSRC_fs)
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/host/host_printk.c $(LIBFDT)/libfdt.h $$(FUZZSRC_$$*) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(msg) FUZZCC $@
	$(Q)$(FUZZCC) $(FUZZCFLAGS) -o $@ $< tests/host/host_printk.c $(FUZZSRC_$*) -Wno-sign-compare
$(B)/fuzz-seeds/.done: tools/fuzz-seeds.py $(DTBS)
	$(msg) SEEDS $(B)/fuzz-seeds
	$(Q)python3 tools/fuzz-seeds.py $(B)/fuzz-seeds && touch $@
fuzzers: $(FUZZERS) $(B)/fuzz-seeds/.done
FUZZ_SECONDS ?= 300
fuzz: fuzzers
	@for f in $(FUZZERS); do n=$${f##*/fuzz_}; mkdir -p $(B)/fuzz-work/$$n; \
	  echo "fuzz $$n: $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(B)/fuzz-work/$$n/ \
	    $(B)/fuzz-work/$$n $(B)/fuzz-seeds/$$n || exit 1; done
.PHONY: fuzzers fuzz
test: fuzzers
# The system-call fuzzer (user/tests/t_fuzz_syscalls.c) as init, for FUZZ_CHILDREN
# children from seed FUZZ_SEED on; `make test` runs 6 of them inside runtests.
FUZZ_CHILDREN ?= 500
FUZZ_SEED ?= 1
fuzz-syscalls: all
	timeout $(shell expr $(FUZZ_CHILDREN) \* 3 + 60) $(QEMU) -M virt -bios default -nographic \
		-m $(MEM) -smp $(SMP) -kernel $(B)/Image -initrd $(B)/initrd.cpio \
		-append "init=/bin/t_fuzz_syscalls -- $(FUZZ_CHILDREN) $(FUZZ_SEED)" \
		> $(B)/fuzz-syscalls.log; s=$$?; grep -v -e ': ENOSYS' $(B)/fuzz-syscalls.log | tail -5; \
		echo "fuzz-syscalls: QEMU exit status $$s (log: $(B)/fuzz-syscalls.log)"; exit $$s
fuzz: fuzz-syscalls
.PHONY: fuzz-syscalls
# Boot-input fuzzing (tests/boot_fuzz.py): FUZZ_BOOTS device trees from FUZZ_SEED on.
FUZZ_BOOTS ?= 200
fuzz-boot: all
	python3 tests/boot_fuzz.py $(FUZZ_BOOTS) $(FUZZ_SEED)
fuzz: fuzz-boot
.PHONY: fuzz-boot

# Disks for U-Boot's distro boot (tools/mkdisk.sh): Image, initrd.cpio and a boot.scr with
# the bootargs. disk.img is remade every time since BOOTARGS may differ from the last run.
UBOOT := /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf
disk: $(B)/disk.img
$(B)/disk.img: $(B)/Image $(B)/initrd.cpio tools/mkdisk.sh tools/boot.cmd.in | $(DEPS_STAMP)
	$(msg) MKDISK $@
	$(Q)bash tools/mkdisk.sh $@ $(B)/Image $(B)/initrd.cpio "$(BOOTARGS)"
run-uboot: $(B)/disk.img
	$(QEMU_KEYS)
	$(Q)$(QEMU) -M virt -bios default -nographic -m $(MEM) -smp $(SMP) -kernel $(UBOOT) \
		-drive file=$(B)/disk.img,format=raw,if=virtio $(QEMUFLAGS)
.PHONY: disk run-uboot $(B)/disk.img

# Benchmarks: guest instructions per operation under QEMU -icount (tools/bench.py), with
# the target each figure should stay under; results and a plot in $(B)/bench/
# The firmware probe (tools/firmware-probe.S): a raw image whose first instruction reads
# rdinstret, so that the boot benchmark can subtract the firmware's share.
$(B)/firmware-probe.bin: tools/firmware-probe.S | $(DEPS_STAMP)
	@mkdir -p $(B)
	$(CC) $(ARCHFLAGS) -nostdlib -static -Wl,-Ttext=0x80200000 -o $(B)/firmware-probe.elf $<
	$(OBJCOPY) -O binary $(B)/firmware-probe.elf $@
# The workloads (user/bench/bench_workloads.c) boot the real initrd. When $(B)/linux/Image
# exists (make bench-linux), every benchmark also runs on Linux, beside ours.
bench: all $(B)/firmware-probe.bin $(REAL_INITRD)
	python3 tools/bench.py
	python3 tools/plot-bench.py $(B)/bench/results.json $(B)/bench/fault-cost.svg
# The Linux anchor for make bench: Linux 6.1 (Debian's linux-source-6.1) configured as
# tinyconfig + tools/linux-bench.config, into $(B)/linux/Image. Optional, about 10 minutes
# at -j2; not part of all or test.
bench-linux:
	bash tools/build-linux.sh
.PHONY: bench bench-linux

# For editors (clangd): the compiler commands of a dry run of the whole build.
compile_commands.json: | $(DEPS_STAMP)
	$(msg) GEN $@
	$(Q)python3 tools/compile-commands.py $(MAKE) > $@.tmp && mv $@.tmp $@

# Everything built, except the extracted libfdt (a download to redo) and the deps check.
clean:
	find $(B) -mindepth 1 -maxdepth 1 ! -name libfdt ! -name .deps-ok -exec rm -rf {} +

help:
	@echo 'Targets:'
	@echo '  all (default)    kernel build/Image and build/kernel.elf, the self-test kernel'
	@echo '                   build/Image-ktest, build/initrd.cpio, the test device trees'
	@echo '  run              boot in QEMU to the shell (Ctrl-A X quits, Ctrl-A C: monitor)'
	@echo '  test             every test; python3 tests/run.py --help for selecting some'
	@echo '  host-tests       build the host unit tests (build/host/test_*)'
	@echo '  qemu-gdb         QEMU halted, waiting for gdb on port $(GDBPORT)'
	@echo '  gdb              gdb-multiarch attached to it (from another terminal)'
	@echo '  bench            guest-instruction benchmarks, results in build/bench/'
	@echo '  bench-linux      build/linux/Image, Linux 6.1 for make bench to compare with'
	@echo '  disk             build/disk.img for U-Boot distro boot (SD card or QEMU)'
	@echo '  run-uboot        boot build/disk.img through U-Boot in QEMU'
	@echo '  compile_commands.json   compiler commands for editors (clangd)'
	@echo '  clean            remove build outputs (keeps the extracted libfdt)'
	@echo 'Variables (make VAR=value):'
	@echo '  MEM=$(MEM) SMP=$(SMP)   guest RAM and harts'
	@echo '  BOOTARGS="..."   kernel command line, e.g. "init=/bin/runtests -- t_brk"'
	@echo '  QEMUFLAGS="..."  extra QEMU arguments, e.g. "-d int,guest_errors"'
	@echo '  GDBPORT=$(GDBPORT)    port for qemu-gdb and gdb'
	@echo '  V=1              show the full build commands'
	@echo '  CROSS=$(CROSS) HOSTCC=$(HOSTCC) QEMU=$(QEMU)'

.PHONY: all run qemu-gdb gdb test clean host-tests help compile_commands.json
