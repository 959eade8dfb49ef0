/* Readiness of an open file for poll(2) and select(2). */
#include "abi/poll.h"
#include "fs/file.h"

int file_poll(struct file *f)
{
	if (f->ops->poll)
		return f->ops->poll(f);
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}
