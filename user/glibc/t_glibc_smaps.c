/* /proc/self/smaps, smaps_rollup and pagemap read by glibc's stdio and pread, as the mm
 * selftests (mlock2-tests, madv_populate) and tools read them: a range's fields in
 * Linux's format ("Rss:" padded to 16 columns, the number to 8, " kB"), Size and Rss
 * as pages are touched, Private_Dirty and Anonymous, Locked and VmFlags "lo" after
 * mlock, Pss halved and the pages Shared_Dirty while a forked child shares them;
 * pagemap's present bit, page frame number and exclusive bit (not after the fork), the
 * file/shared bit of MAP_SHARED memory, nothing for untouched pages, EINVAL for a
 * misaligned offset or count, and nothing read past the end of user space. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define PAGE 4096UL
#define PM_PRESENT   (1ULL << 63)
#define PM_FILE      (1ULL << 61)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN       ((1ULL << 55) - 1)

/* The line of smaps starting with field in the block of the range at addr, copied into
 * line; 0 if there is none. */
static int smaps_line(void *addr, const char *field, char *line, size_t size)
{
    char head[32];
    int in_block = 0;
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return 0;
    snprintf(head, sizeof(head), "%08lx-", (unsigned long)addr);
    while (fgets(line, (int)size, f)) {
        unsigned long start, end;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3)
            in_block = !strncmp(line, head, strlen(head));
        else if (in_block && !strncmp(line, field, strlen(field))) {
            fclose(f);
            return 1;
        }
    }
    fclose(f);
    return 0;
}

static long kb(void *addr, const char *field)
{
    char line[256];
    if (!smaps_line(addr, field, line, sizeof(line)))
        return -1;
    return strtol(line + strlen(field), NULL, 10);
}

static int has_flag(void *addr, const char *flag)
{
    char line[256], word[8];
    if (!smaps_line(addr, "VmFlags:", line, sizeof(line)))
        return 0;
    snprintf(word, sizeof(word), " %s", flag);
    char *at = strstr(line, word);
    return at && (at[3] == ' ' || at[3] == '\n');
}

static uint64_t pagemap(int fd, void *addr)
{
    uint64_t e = 0;
    if (pread(fd, &e, sizeof(e), (long)((uintptr_t)addr / PAGE * 8)) != sizeof(e))
        return ~0ULL;
    return e;
}

static void fields(char *p)
{
    char line[256];
    check("smaps has the range", smaps_line(p, "Size:", line, sizeof(line)));
    check("Size line in Linux's format", !strcmp(line, "Size:                 16 kB\n"));
    check("KernelPageSize", kb(p, "KernelPageSize:") == 4);
    check("Rss 0 before a touch", kb(p, "Rss:") == 0);
    static const char *const names[] = {
        "Pss:", "Pss_Dirty:", "Shared_Clean:", "Shared_Dirty:", "Private_Clean:",
        "Private_Dirty:", "Referenced:", "Anonymous:", "LazyFree:", "AnonHugePages:",
        "ShmemPmdMapped:", "FilePmdMapped:", "Shared_Hugetlb:", "Private_Hugetlb:",
        "Swap:", "SwapPss:", "Locked:", "THPeligible:" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        check(names[i], smaps_line(p, names[i], line, sizeof(line)));
    check("VmFlags as Linux prints them", smaps_line(p, "VmFlags:", line, sizeof(line)) &&
          !strcmp(line, "VmFlags: rd wr mr mw me ac \n"));
    check("VmFlags rd wr mr mw me ac", has_flag(p, "rd") && has_flag(p, "wr") &&
          has_flag(p, "mr") && has_flag(p, "mw") && has_flag(p, "me") && has_flag(p, "ac"));
    check("no lo, no sh, no sd", !has_flag(p, "lo") && !has_flag(p, "sh") &&
          !has_flag(p, "sd"));
    p[0] = 1;
    p[PAGE] = 1;
    check("Rss 8 after two touches", kb(p, "Rss:") == 8);
    check("Pss 8", kb(p, "Pss:") == 8);
    check("Private_Dirty 8", kb(p, "Private_Dirty:") == 8);
    check("Anonymous 8", kb(p, "Anonymous:") == 8);
    check("Locked 0", kb(p, "Locked:") == 0);
    check("mlock", mlock(p, 4 * PAGE) == 0);
    check("VmFlags lo after mlock", has_flag(p, "lo"));
    check("Rss 16 once locked", kb(p, "Rss:") == 16);
    check("Locked 16", kb(p, "Locked:") == 16);
    check("munlock", munlock(p, 4 * PAGE) == 0);
    check("no lo after munlock", !has_flag(p, "lo"));
}

static void pagemap_bits(char *p, int fd)
{
    uint64_t e = pagemap(fd, p);
    check("present", (e & PM_PRESENT) != 0);
    check("a page frame number", (e & PM_PFN) != 0);
    check("exclusive", (e & PM_EXCLUSIVE) != 0);
    check("not a file page", !(e & PM_FILE));
    char *untouched = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                           -1, 0);
    check("mmap", untouched != MAP_FAILED);
    check("an untouched page: nothing", pagemap(fd, untouched) == 0);
    check("munmap", munmap(untouched, PAGE) == 0);
    char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                        -1, 0);
    check("mmap shared", shared != MAP_FAILED);
    shared[0] = 1;
    e = pagemap(fd, shared);
    check("shared anonymous: present and the file bit", (e & PM_PRESENT) && (e & PM_FILE));
    check("munmap", munmap(shared, PAGE) == 0);
    uint64_t two[2];
    errno = 0;
    check("misaligned offset: EINVAL", pread(fd, two, 8, 4) == -1 && errno == EINVAL);
    errno = 0;
    check("misaligned count: EINVAL", pread(fd, two, 4, 0) == -1 && errno == EINVAL);
    check("past user space: nothing", pread(fd, two, 16, (long)(0x4000000000UL / PAGE * 8)) == 0);
    check("two entries at once", pread(fd, two, 16, (long)((uintptr_t)p / PAGE * 8)) == 16 &&
          (two[0] & PM_PRESENT) && (two[1] & PM_PRESENT));
}

/* A forked child shares the pages copy-on-write until it exits. */
static void shared_with_child(char *p, int fd)
{
    int go[2];
    check("pipe", pipe(go) == 0);
    pid_t pid = fork();
    check("fork", pid >= 0);
    if (pid == 0) {
        char c;
        close(go[1]);
        _exit(read(go[0], &c, 1) == 0 && p[0] == 1 ? 0 : 1);
    }
    close(go[0]);
    check("Rss still 16", kb(p, "Rss:") == 16);
    check("Pss halved", kb(p, "Pss:") == 8);
    check("Shared_Dirty 16", kb(p, "Shared_Dirty:") == 16);
    check("Private_Dirty 0", kb(p, "Private_Dirty:") == 0);
    check("not exclusive while shared", !(pagemap(fd, p) & PM_EXCLUSIVE));
    close(go[1]);
    int status;
    check("wait", waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
          WEXITSTATUS(status) == 0);
}

static void rollup(void)
{
    char line[256];
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    check("smaps_rollup", f != NULL);
    if (!f)
        return;
    check("header", fgets(line, sizeof(line), f) && strstr(line, " [rollup]\n") &&
          strstr(line, "---p 00000000 00:00 0"));
    check("Rss", fgets(line, sizeof(line), f) && !strncmp(line, "Rss:", 4) &&
          strtol(line + 4, NULL, 10) > 0);
    int anon = 0;
    while (fgets(line, sizeof(line), f))
        anon |= !strncmp(line, "Pss_Anon:", 9);
    check("Pss_Anon", anon);
    fclose(f);
}

int main(void)
{
    char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check("mmap", p != MAP_FAILED);
    if (p == MAP_FAILED)
        return 1;
    int fd = open("/proc/self/pagemap", O_RDONLY);
    check("open pagemap", fd >= 0);
    fields(p);
    check("munlock'ed pages stay", kb(p, "Rss:") == 16);
    pagemap_bits(p, fd);
    shared_with_child(p, fd);
    rollup();
    close(fd);
    munmap(p, 4 * PAGE);
    return failures != 0;
}
