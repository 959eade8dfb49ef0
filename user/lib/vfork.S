/* long vfork(void): clone(CLONE_VM | CLONE_VFORK | SIGCHLD, newsp 0 = same stack, 0, 0, 0).
 * Assembly because the child runs on the parent's stack until it calls execve or exit: a C
 * function's prologue and epilogue would let the child overwrite the return address the
 * parent needs. This leaf touches no stack, and ra stays in its register. */
#define SYS_clone   220
#define VFORK_FLAGS 0x4111  /* CLONE_VM 0x100 | CLONE_VFORK 0x4000 | SIGCHLD 17 */

    .text
    .globl vfork
    .type vfork, @function
vfork:
    li a0, VFORK_FLAGS
    li a1, 0
    li a2, 0
    li a3, 0
    li a4, 0
    li a7, SYS_clone
    ecall
    ret
    .size vfork, . - vfork
