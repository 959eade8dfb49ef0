/* Program entry point. The kernel starts a program with sp pointing at the Linux initial
 * stack: argc, argv[0..argc-1], NULL, envp[...], NULL, then auxv (type, value) pairs ending in
 * AT_NULL (the System V ABI layout; Linux fs/binfmt_elf.c create_elf_tables). */
    .section .text._start, "ax"
    .globl _start
_start:
    /* gp anchors the linker's gp-relative relaxation of global accesses; setting it must
     * not itself be relaxed (RISC-V psABI, "Global pointer"). */
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    mv a0, sp
    call start_main
    /* start_main never returns. */
    unimp
