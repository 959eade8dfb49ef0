/* Loading a program from the file system into a fresh address space, with the initial stack
 * the Linux riscv64 ELF ABI describes: argc, argv[], NULL, envp[], NULL, auxv pairs,
 * AT_NULL (System V ABI, "Process Initialization"; Linux fs/binfmt_elf.c). */
#include <string.h>
#include "abi/auxv.h"
#include "lib/elf.h"
#include "abi/errno.h"
#include "fs/file.h"
#include "kernel/exec_args.h"
#include "kernel/printk.h"
#include "kernel/futex.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "mm/filemap.h"
#include "mm/kmalloc.h"
#include "mm/kvm.h"
#include "trap/timer.h"
#include "trap/trap.h"

#define NAUXV 17   /* entries build_stack writes, AT_NULL included */

/* Programs live below the mmap area and the stack. */
#define PROGRAM_TOP (1UL << 36)


/* The stack range: RLIMIT_STACK's soft limit, at most USER_STACK_SIZE (the room kept below
 * the stack for it) and at least 128 KiB, what Linux's setup_arg_pages gives a new stack
 * whatever the limit (stack_expand). */
#define STACK_MIN (128UL << 10)
static uint64_t stack_size(void)
{
	uint64_t size = PAGE_ROUND_DOWN(rlimit(current_proc(), RLIMIT_STACK));
	return size > USER_STACK_SIZE ? USER_STACK_SIZE : size < STACK_MIN ? STACK_MIN : size;
}

/* The initial stack, from the top: the strings (argv's, envp's, the path), AT_RANDOM's
 * 16 bytes, then at sp (16-byte aligned) argc, argv[], NULL, envp[], NULL and auxv. */
static int build_stack(struct mm *mm, const struct elf_image *img, const struct exec_args *args,
		       uint64_t *sp_out)
{
	uint64_t strings = USER_STACK_TOP - args->bytes;
	uint64_t random_addr = strings - 16;
	uint64_t nvectors = (uint64_t)exec_args_argc(args) + 1 + args->envc + 1;
	uint64_t sp = (random_addr - (1 + nvectors + 2 * NAUXV) * sizeof(uint64_t)) & ~15UL;
	uint64_t argv = sp + sizeof(uint64_t), auxv_addr = argv + nvectors * sizeof(uint64_t);
	uint64_t argc = (uint64_t)exec_args_argc(args), execfn;

	int err = uvm_add_range(mm, USER_STACK_TOP - stack_size(), USER_STACK_TOP,
				VMA_READ | VMA_WRITE, VMA_ANON | VMA_STACK);
	if (!err)
		err = exec_args_copy(args, mm, strings, argv, &execfn);
	if (err)
		return err;
	/* argv's strings end where envp's begin (envp[0]), or at the path without any. */
	uint64_t env0 = 0;
	if (args->envc && (err = uvm_read(mm, argv + (argc + 1) * sizeof(uint64_t), &env0,
					  sizeof(env0))))
		return err;
	mm->arg_start = strings;
	mm->arg_end = args->envc ? env0 : execfn;

	/* AT_RANDOM: 16 bytes for the program's stack protector and pointer guard. */
	uint64_t random[2] = { timer_read() * 0x9e3779b97f4a7c15UL, (uint64_t)img->entry ^ timer_read() };
	const uint64_t auxv[NAUXV][2] = {
		{ AT_PHDR, img->phdr_vaddr }, { AT_PHENT, img->phentsize }, { AT_PHNUM, img->phnum },
		{ AT_PAGESZ, PAGE_SIZE }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, img->entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 }, { AT_HWCAP, 0 },
		{ AT_CLKTCK, TICK_HZ }, { AT_SECURE, 0 }, { AT_RANDOM, random_addr },
		{ AT_EXECFN, execfn }, { AT_NULL, 0 },
	};
	if ((err = uvm_write(mm, random_addr, random, sizeof(random))) ||
	    (err = uvm_write(mm, sp, &argc, sizeof(argc))) ||
	    (err = uvm_write(mm, auxv_addr, auxv, sizeof(auxv))))
		return err;
	*sp_out = sp;
	return 0;
}

/* Copies file data into an address space being built (inode_read's destination). */
struct mm_buf {
	struct fs_buf buf;   /* buf.addr: the user address of the data's first byte */
	struct mm *mm;
};

static int copy_to_mm(const struct fs_buf *b, void *data, uint64_t done, uint64_t n)
{
	const struct mm_buf *to = (const struct mm_buf *)b;
	return uvm_write(to->mm, b->addr + done, data, n);
}

/* A segment whose file offset and address agree modulo the page size is mapped as
 * Linux's elf_map and padzero do: the pages holding file bytes are a private mapping of the
 * file (text is the same physical pages in every process running the program, data is
 * copied on its first write), the rest demand-zero (.bss), and file bytes past p_filesz in
 * the last file page are cleared, which copies that page. Nothing else is copied. */
static int map_segment(struct mm *mm, struct vm_object *file, const struct elf_segment *s)
{
	uint64_t start = PAGE_ROUND_DOWN(s->vaddr), end = PAGE_ROUND_UP(s->vaddr + s->memsz);
	uint64_t file_end = s->filesz ? PAGE_ROUND_UP(s->vaddr + s->filesz) : start;
	uint64_t pgoff = (s->offset - (s->vaddr - start)) >> PAGE_SHIFT;

	if (file_end > start) {
		vmobj_get(file);
		int err = vma_insert_obj(&mm->vmas, start, file_end, s->prot, 0, file, pgoff);
		if (err) {
			vmobj_put(file);
			return err;
		}
	}
	if (end > file_end) {
		int err = uvm_add_range(mm, file_end, end, s->prot, VMA_ANON);
		if (err)
			return err;
	}
	uint64_t tail = s->vaddr + s->filesz;
	if (s->memsz > s->filesz && tail < file_end)
		return uvm_write(mm, tail, NULL, file_end - tail);
	return 0;
}

/* A segment that cannot be mapped (p_align below the page size lets its offset and address
 * differ within a page) is copied into demand-zero memory. elf_parse checked that the file
 * bytes lie in the file, so a short copy means memory ran out. */
static int copy_segment(struct mm *mm, struct inode *ip, const struct elf_segment *s)
{
	uint64_t start = PAGE_ROUND_DOWN(s->vaddr), end = PAGE_ROUND_UP(s->vaddr + s->memsz);
	int err = uvm_add_range(mm, start, end, s->prot, VMA_ANON);
	if (err)
		return err;
	struct mm_buf to = { { copy_to_mm, s->vaddr }, mm };
	inode_lock_io(ip);
	long got = inode_read(ip, s->offset, s->filesz, &to.buf);
	inode_unlock_io(ip);
	return got == (long)s->filesz ? 0 : -ENOMEM;
}

static int load_segments(struct mm *mm, struct inode *ip, const struct elf_image *img)
{
	struct vm_object *file = filemap_object(ip);

	if (!file)
		return -ENOMEM;
	int err = 0;
	for (int i = 0; i < img->nsegments && !err; i++) {
		const struct elf_segment *s = &img->segment[i];
		if ((s->vaddr - s->offset) % PAGE_SIZE == 0)
			err = map_segment(mm, file, s);
		else
			err = copy_segment(mm, ip, s);
	}
	vmobj_put(file);
	mm->brk_start = mm->brk = img->end;
	return err;
}

static const char *basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

#define HEAD_SIZE 4096   /* the first bytes of a program, read to parse its headers */

/* A program file: the inode, and its first bytes (the ELF and program headers, or a
 * script's #! line). */
struct program {
	struct inode *ip;
	char *head;
	uint64_t nhead;    /* bytes in head: HEAD_SIZE, or the whole file if shorter */
	uint64_t size;
};

/* The new image gets its own descriptor table and signal actions if a clone without
 * CLONE_THREAD shared them (Linux unshare_files, unshare_sighand): exec must not close
 * or reset another process's. */
static long exec_unshare(struct proc *p)
{
	if (__atomic_load_n(&p->fdt->refs, __ATOMIC_ACQUIRE) > 1) {
		struct fd_table *copy = fd_table_copy(p->fdt);
		if (!copy)
			return -ENOMEM;
		struct fd_table *old = p->fdt;
		unsigned long flags = spin_lock_irqsave(&proc_lock);
		p->fdt = copy;
		spin_unlock_irqrestore(&proc_lock, flags);
		fd_table_put(old);
	}
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	long r = 0;
	if (__atomic_load_n(&p->sighand->refs, __ATOMIC_ACQUIRE) > 1) {
		struct sighand *copy = sighand_copy(p->sighand);
		if (copy) {
			sighand_put(p->sighand);
			p->sighand = copy;
		} else {
			r = -ENOMEM;
		}
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return r;
}

/* Looks the program up and reads its start. Only regular files with an execute bit run
 * (execve(2): EACCES). */
static int open_program(const char *path, struct program *prog)
{
	struct inode *cwd = fs_info_cwd(current_proc()->fs);
	int r = fs_lookup(fs_root(), cwd, path, LOOKUP_FOLLOW, &prog->ip);

	inode_put(cwd);

	if (r)
		return r;
	if (!S_ISREG(prog->ip->mode) || !(prog->ip->mode & 0111)) {
		inode_put(prog->ip);
		return -EACCES;
	}
	prog->size = prog->ip->size;
	prog->nhead = prog->size < HEAD_SIZE ? prog->size : HEAD_SIZE;
	prog->head = kmalloc(HEAD_SIZE);
	if (!prog->head) {
		inode_put(prog->ip);
		return -ENOMEM;
	}
	inode_lock_io(prog->ip);
	kernel_read(prog->ip, 0, prog->head, prog->nhead);
	inode_unlock_io(prog->ip);
	return 0;
}

static void close_program(struct program *prog)
{
	kfree(prog->head);
	inode_put(prog->ip);
}

#define BINPRM_BUF_SIZE 256   /* bytes of a script's first line that are read (Linux) */

static int is_script(const char *file, uint64_t size)
{
	return size >= 2 && file[0] == '#' && file[1] == '!';
}

/* A script's "#!interpreter [argument]" line (execve(2), "Interpreter scripts";
 * fs/binfmt_script.c): copied into line, and the interpreter, its argument (everything
 * after it, trimmed, as one string) and the script's path put in front of argv. */
static int parse_script(const char *file, uint64_t size, char line[BINPRM_BUF_SIZE],
			struct exec_args *args)
{
	uint64_t n = size - 2 < BINPRM_BUF_SIZE - 1 ? size - 2 : BINPRM_BUF_SIZE - 1;
	char *end = memchr(file + 2, '\n', n);

	if (!end && size - 2 > n)
		return -ENOEXEC;   /* the line does not fit */
	memcpy(line, file + 2, n);
	line[end ? end - (file + 2) : (long)n] = '\0';
	char *interp = line;
	while (*interp == ' ' || *interp == '\t')
		interp++;
	char *arg = interp;
	while (*arg && *arg != ' ' && *arg != '\t')
		arg++;
	if (arg == interp)
		return -ENOEXEC;   /* no interpreter named */
	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ' || *arg == '\t')
		arg++;
	char *tail = arg + strlen(arg);
	while (tail > arg && (tail[-1] == ' ' || tail[-1] == '\t'))
		*--tail = '\0';
	args->nprefix = 0;
	args->prefix[args->nprefix++] = interp;
	if (*arg)
		args->prefix[args->nprefix++] = arg;
	args->prefix[args->nprefix++] = args->path;
	return 0;
}

/* Replaces the current image with the program at args->path. Errors come in Linux's
 * order: the file (ENOENT, EACCES), the arguments (EFAULT, E2BIG), the format (ENOEXEC). */
static long exec_program(struct exec_args *args)
{
	struct proc *p = current_proc();
	const char *path = args->path;
	struct program prog;
	struct elf_image img;
	char err[80], line[BINPRM_BUF_SIZE];
	uint64_t sp;

	int r = open_program(path, &prog);
	if (r)
		return r;
	/* A script runs its interpreter, which must be a program itself: interpreters that
	 * are scripts are not supported (Linux allows four levels). */
	if (is_script(prog.head, prog.size)) {
		r = parse_script(prog.head, prog.size, line, args);
		close_program(&prog);
		if (r)
			return r;
		path = args->prefix[0];
		if ((r = open_program(path, &prog)))
			return r;
		if (is_script(prog.head, prog.size)) {
			close_program(&prog);
			return -ENOEXEC;
		}
	}
	r = exec_args_measure(args);
	if (!r && elf_headers_size(prog.head, prog.nhead) > prog.nhead &&
	    elf_headers_size(prog.head, prog.nhead) <= prog.size) {
		printk("exec %s: program headers beyond the first %d bytes\n", path, HEAD_SIZE);
		r = -ENOEXEC;
	} else if (!r && elf_parse(prog.head, prog.size, PROGRAM_TOP, &img, err, sizeof(err))) {
		printk("exec %s: %s\n", path, err);
		r = -ENOEXEC;
	}
	struct mm *mm = r ? NULL : mm_create();
	if (!r && !mm)
		r = -ENOMEM;
	if (!r)
		r = load_segments(mm, prog.ip, &img);
	close_program(&prog);
	if (!r)
		r = build_stack(mm, &img, args, &sp);
	if (!r)
		r = signal_map_trampoline(mm);
	if (!r)
		r = proc_de_thread();   /* the other threads end; this one leads */
	if (!r)
		r = exec_unshare(p);
	if (r) {
		if (mm)
			mm_put(mm);
		return r;
	}
	fd_exec(p);
	signal_exec(p);

	/* Linux does both at exec too (exec_mm_release, futex_exec_release). */
	futex_exit_robust_list(p);
	proc_clear_child_tid();
	usage_note_rss(p);   /* the peak survives exec, as Linux's signal->maxrss */
	struct mm *old = p->mm;
	unsigned long flags = spin_lock_irqsave(&proc_lock);   /* see proc_for_each_mm */
	p->mm = mm;
	spin_unlock_irqrestore(&proc_lock, flags);
	rlimit_to_mm(p);
	mm_activate(mm);
	mm_put(old);
	/* The name is the script's, the executable its interpreter (as Linux's comm and
	 * /proc/self/exe). */
	snprintk(p->name, sizeof(p->name), "%s", basename(args->path));
	snprintk(p->exe, sizeof(p->exe), "%s%s", path[0] == '/' ? "" : "/", path);

	uint64_t sstatus;
	__asm__ volatile("csrr %0, sstatus" : "=r"(sstatus));
	memset(p->tf, 0, sizeof(*p->tf));
	p->tf->sepc = img.entry;
	p->tf->x[REG_SP] = sp;
	/* Return to U-mode with interrupts on, no access to user pages from S, and the FPU
	 * in its initial state. */
	p->tf->sstatus = (sstatus & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_SUM | SSTATUS_FS_MASK)) |
			 SSTATUS_SPIE | fpu_exec(p);
	if (p->vfork_parent) {
		p->vfork_parent = NULL;
		wakeup(p);
	}
	return 0;
}

long proc_execve(const char *path, char *const argv[], char *const envp[])
{
	struct exec_args args = { .path = path, .argv = (uint64_t)argv, .envp = (uint64_t)envp,
				  .kernel = 1 };
	return exec_program(&args);
}

long proc_execve_user(const char *path, uint64_t argv, uint64_t envp)
{
	struct exec_args args = { .path = path, .argv = argv, .envp = envp };
	return exec_program(&args);
}
