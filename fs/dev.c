/* The character devices of /dev (mem(4)'s null and zero, full(4), console(4)), with the
 * device numbers Linux gives them (Documentation/admin-guide/devices.txt). */
#include "abi/errno.h"
#include "fs/dev.h"
#include "fs/file.h"
#include "mm/usercopy.h"
#include "tty/tty.h"

#define CHUNK 256

static long read_nothing(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)n, (void)off;
	return 0;
}

static long write_anything(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)off;
	return (long)n;
}

static long read_zeros(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	static const char zeros[CHUNK];
	uint64_t done = 0;

	(void)f, (void)off;
	while (done < n) {
		uint64_t len = n - done < CHUNK ? n - done : CHUNK;
		if (copy_to_user(ubuf + done, zeros, len))
			return done ? (long)done : -EFAULT;
		done += len;
	}
	return (long)done;
}

static long write_no_space(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *off)
{
	(void)f, (void)ubuf, (void)n, (void)off;
	return -ENOSPC;
}

/* null, zero and full ignore the offset and every lseek succeeds (drivers/char/mem.c);
 * the console and /dev/tty are the terminal (tty/tty.c), where lseek says ESPIPE. */
static const struct file_ops null_ops = { .read = read_nothing, .write = write_anything,
					  .seekable = 1 };
static const struct file_ops zero_ops = { .read = read_zeros, .write = write_anything,
					  .seekable = 1 };
static const struct file_ops full_ops = { .read = read_zeros, .write = write_no_space,
					  .seekable = 1 };

static const struct {
	const char *name;
	uint32_t mode;
	uint32_t rdev;
	const struct file_ops *ops;
} devices[] = {
	{ "null", 0666, DEV_NUMBER(1, 3), &null_ops },
	{ "zero", 0666, DEV_NUMBER(1, 5), &zero_ops },
	{ "full", 0666, DEV_NUMBER(1, 7), &full_ops },
	{ "console", 0620, DEV_NUMBER(5, 1), &tty_ops },
	{ "tty", 0666, DEV_NUMBER(5, 0), &tty_ops },
};

int dev_init(void)
{
	struct inode *root = fs_root(), *dir;
	int err = fs_mkdir(root, "dev", 0755);

	if (err && err != -EEXIST)
		return err;
	if ((err = fs_lookup(root, root, "/dev", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir)))
		return err;
	for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]) && !err; i++) {
		struct inode *ip;
		fs_unlink(dir, devices[i].name);   /* one the initrd brought is replaced */
		err = fs_create(dir, devices[i].name, 0, &ip);
		if (err)
			break;
		ip->mode = S_IFCHR | devices[i].mode;
		ip->rdev = devices[i].rdev;
		ip->fops = devices[i].ops;
		inode_put(ip);
	}
	inode_put(dir);
	return err;
}
