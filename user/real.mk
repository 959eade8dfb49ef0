# Real programs, included by the top Makefile: BusyBox and Lua 5.4 from Debian 12's
# source packages (tools/fetch-sources.sh), built static with Debian's riscv64-linux-gnu
# toolchain (tools/build-busybox.sh, tools/build-lua.sh) once: each build leaves a stamp
# and is not redone while its folder is there (rm -rf build/busybox to rebuild).
# They go into a second initrd, $(B)/initrd-real.cpio: everything of $(B)/initrd.cpio,
# plus /bin/busybox with its applet links, /bin/lua and the checks of tests/real. The
# project's programs keep their names (/bin/sh is the project's shell; BusyBox's is
# /bin/ash). `make run` boots it into BusyBox's shell; `make test` builds it and
# tests/qemu_cases.py runs the checks (real/*) and the mm selftests (mm/*).
BUSYBOX_STAMP := $(B)/busybox/.built
LUA_STAMP := $(B)/lua/.built
# Linux's mm selftests (tools/build-mm-selftests.sh: linux-source-6.1's
# tools/testing/selftests/vm, unchanged, static): /mm/NAME, run by tests/mm/run.sh.
MM_SELFTESTS_STAMP := $(B)/mm-selftests/.built
REAL_INITRD := $(B)/initrd-real.cpio
REAL_CHECKS := $(sort $(wildcard tests/real/*))
# The scripts of the benchmark workloads (user/bench/bench_workloads.c), in /bench.
BENCH_WORKLOADS := $(sort $(wildcard user/bench/workloads/*))

$(BUSYBOX_STAMP): | $(DEPS_STAMP)
	$(msg) BUSYBOX $(B)/busybox/busybox
	$(Q)bash tools/build-busybox.sh 2
$(LUA_STAMP): | $(DEPS_STAMP)
	$(msg) LUA $(B)/lua/lua
	$(Q)bash tools/build-lua.sh 2
$(MM_SELFTESTS_STAMP): tools/build-mm-selftests.sh | $(DEPS_STAMP)
	$(msg) MM-SELFTESTS $(B)/mm-selftests
	$(Q)rm -f $@
	$(Q)bash tools/build-mm-selftests.sh

# Staged in $(UB)/root-real: a copy of the initrd's tree, then BusyBox's links
# (busybox.links: /bin/ls, /usr/bin/awk, ...) as symlinks to /bin/busybox wherever the
# project has no file of that name, then Lua and the checks.
$(REAL_INITRD): $(B)/initrd.cpio $(BUSYBOX_STAMP) $(LUA_STAMP) $(MM_SELFTESTS_STAMP) $(REAL_CHECKS) \
		$(BENCH_WORKLOADS) \
		tests/mm/run.sh user/real.mk tools/mkinitrd.py
	$(msg) CPIO $@
	$(Q)rm -rf $(UB)/root-real
	$(Q)cp -a $(UB)/root $(UB)/root-real
	$(Q)cp $(B)/busybox/busybox $(UB)/root-real/bin/busybox
	$(Q)cd $(UB)/root-real && for l in $$(grep -v '^/linuxrc$$' $(abspath $(B))/busybox/busybox.links); do \
		[ -e .$$l ] || [ -L .$$l ] || { mkdir -p .$$(dirname $$l) && ln -s /bin/busybox .$$l; } || exit 1; done
	$(Q)riscv64-linux-gnu-strip -o $(UB)/root-real/bin/lua $(B)/lua/lua
	$(Q)mkdir -p $(UB)/root-real/tests/real
	$(Q)cp $(REAL_CHECKS) $(UB)/root-real/tests/real/
	$(Q)mkdir -p $(UB)/root-real/mm $(UB)/root-real/tests/mm
	$(Q)cp $$(ls -d $(B)/mm-selftests/* | grep -v '\.log$$') $(UB)/root-real/mm/
	$(Q)cp tests/mm/run.sh $(UB)/root-real/tests/mm/
	$(Q)mkdir -p $(UB)/root-real/bench
	$(Q)cp $(BENCH_WORKLOADS) $(UB)/root-real/bench/
	$(Q)python3 tools/mkinitrd.py $(UB)/root-real $@

real-programs: $(REAL_INITRD)
.PHONY: real-programs

# make run and make qemu-gdb boot the real initrd (QEMU takes the last -initrd given)
# into BusyBox's shell, interactive (-i) since the console is no tty yet. BOOTARGS on
# the command line still wins: make run BOOTARGS="init=/bin/runtests".
run qemu-gdb: $(REAL_INITRD)
run qemu-gdb: QEMU_VIRT += -initrd $(REAL_INITRD)
run qemu-gdb: BOOTARGS = init=/bin/ash -- -i
