#ifndef TESTS_HOST_PRINTK_H
#define TESTS_HOST_PRINTK_H
/* Last message a module printed through printk, and how many it printed. */
extern char host_printk_last[512];
extern int host_printk_count;
#endif
