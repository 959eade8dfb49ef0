/* glibc's file calls, unchanged: stdio on files (fopen, fprintf, fgets, fseek, ftell,
 * fclose), stat and fstat (struct stat's layout), mkdir, opendir/readdir/closedir (which
 * read getdents64 records), rename, link, symlink/readlink, chdir/getcwd, dup2, pipe,
 * fcntl, access, truncate by descriptor, unlink/rmdir, and errno for the failures. Every
 * return value is checked. Built with glibc for rv64gc, as real programs are. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

#define DIR_PATH "/tmp/t_glibc_files.d"

static void stdio_files(void)
{
    char line[64];
    FILE *f = fopen(DIR_PATH "/a.txt", "w");
    check("fopen w", f != NULL);
    if (!f)
        return;
    check("fprintf", fprintf(f, "line %d\nsecond\n", 1) == 14);
    check("fclose w", fclose(f) == 0);
    f = fopen(DIR_PATH "/a.txt", "r");
    check("fopen r", f != NULL);
    if (!f)
        return;
    check("fgets 1", fgets(line, sizeof(line), f) && !strcmp(line, "line 1\n"));
    check("ftell", ftell(f) == 7);
    check("fgets 2", fgets(line, sizeof(line), f) && !strcmp(line, "second\n"));
    check("EOF", fgets(line, sizeof(line), f) == NULL && feof(f));
    check("fseek", fseek(f, 5, SEEK_SET) == 0);
    check("fgetc after fseek", fgetc(f) == '1');
    check("fclose r", fclose(f) == 0);
    f = fopen(DIR_PATH "/a.txt", "a");
    check("fopen a", f != NULL && fputs("third\n", f) >= 0 && fclose(f) == 0);

    struct stat st;
    check("stat", stat(DIR_PATH "/a.txt", &st) == 0);
    check("st_size", st.st_size == 20);
    check("st_mode", S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0644);
    check("st_nlink", st.st_nlink == 1);
    check("fopen of a missing file", fopen(DIR_PATH "/none", "r") == NULL && errno == ENOENT);
}

static void directories(void)
{
    check("mkdir sub", mkdir(DIR_PATH "/sub", 0755) == 0);
    check("mkdir again", mkdir(DIR_PATH "/sub", 0755) == -1 && errno == EEXIST);
    check("symlink", symlink("a.txt", DIR_PATH "/ln") == 0);
    check("link", link(DIR_PATH "/a.txt", DIR_PATH "/hard") == 0);
    char target[16] = { 0 };
    check("readlink", readlink(DIR_PATH "/ln", target, sizeof(target)) == 5 &&
                      !memcmp(target, "a.txt", 5));
    struct stat st;
    check("lstat", lstat(DIR_PATH "/ln", &st) == 0 && S_ISLNK(st.st_mode));
    check("stat through the link", stat(DIR_PATH "/ln", &st) == 0 && st.st_nlink == 2);

    DIR *d = opendir(DIR_PATH);
    check("opendir", d != NULL);
    if (!d)
        return;
    int seen = 0, count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        count++;
        if (!strcmp(e->d_name, "a.txt") && e->d_type == DT_REG)
            seen |= 1;
        if (!strcmp(e->d_name, "sub") && e->d_type == DT_DIR)
            seen |= 2;
        if (!strcmp(e->d_name, "ln") && e->d_type == DT_LNK)
            seen |= 4;
    }
    check("readdir names and types", seen == 7);
    check("readdir count", count == 6);   /* . .. a.txt sub ln hard */
    check("closedir", closedir(d) == 0);
    check("opendir of a file", opendir(DIR_PATH "/a.txt") == NULL && errno == ENOTDIR);

    check("rename", rename(DIR_PATH "/hard", DIR_PATH "/sub/moved") == 0);
    check("chdir", chdir(DIR_PATH "/sub") == 0);
    char cwd[64];
    check("getcwd", getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, DIR_PATH "/sub"));
    check("access relative", access("moved", R_OK) == 0);
    check("access X_OK", access("moved", X_OK) == -1 && errno == EACCES);
    check("chdir back", chdir("/") == 0);
    check("rmdir of a full directory", rmdir(DIR_PATH "/sub") == -1 && errno == ENOTEMPTY);
    check("unlink moved", unlink(DIR_PATH "/sub/moved") == 0);
    check("rmdir sub", rmdir(DIR_PATH "/sub") == 0);
    check("unlink ln", unlink(DIR_PATH "/ln") == 0);
}

static void descriptors(void)
{
    int fds[2];
    char buf[8];
    check("pipe", pipe(fds) == 0);
    check("pipe write", write(fds[1], "pipe", 4) == 4);
    check("pipe read", read(fds[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "pipe", 4));
    int fd = open(DIR_PATH "/a.txt", O_RDWR | O_CLOEXEC);
    check("open", fd >= 0);
    check("FD_CLOEXEC", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    check("dup2", dup2(fd, 20) == 20);
    check("dup2's FD_CLOEXEC cleared", fcntl(20, F_GETFD) == 0);
    check("ftruncate", ftruncate(20, 4) == 0);
    struct stat st;
    check("fstat", fstat(fd, &st) == 0 && st.st_size == 4);
    check("lseek", lseek(fd, 0, SEEK_END) == 4);
    check("close", close(20) == 0 && close(fd) == 0 && close(fds[0]) == 0 && close(fds[1]) == 0);
    check("close twice", close(fd) == -1 && errno == EBADF);
    check("unlink a.txt", unlink(DIR_PATH "/a.txt") == 0);
}

int main(void)
{
    umask(022);
    check("mkdir", mkdir(DIR_PATH, 0755) == 0);
    stdio_files();
    directories();
    descriptors();
    check("rmdir", rmdir(DIR_PATH) == 0);
    if (failures)
        return 1;
    printf("t_glibc_files: all checks passed\n");
    return 0;
}
