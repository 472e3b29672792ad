/* rewrite.c — the one safe way to replace a file's contents in place, used
 * by evalrules fmt and evalrules test --update (er_rewrite_file). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "evalrules_tools.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "diag.h"

/* Write all of text to fd. */
static int write_all(int fd, const char *text, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno != EINTR)
            return errno;
        done += w > 0 ? (size_t)w : 0;
    }
    return 0;
}

/* Flush the directory holding path, so that the rename survives a crash
 * (best effort: some file systems refuse to sync a directory). */
static void sync_dir(const char *path)
{
    char *copy = eri_strndup(path, strlen(path));
    if (!copy)
        return;
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    eri_free(copy);
}

/* 0, or an errno value.  create: a file that does not exist yet is made,
 * with the permissions a new file gets (0666 less the umask). */
static int rewrite(const char *path, const char *text, size_t len, bool create)
{
    char *real = realpath(path, NULL); /* through a symbolic link, its target is rewritten */
    struct stat st;
    if (!real && create && errno == ENOENT) {
        /* the umask is read by setting it back at once: the CLI has one thread */
        mode_t mask = umask(0);
        umask(mask);
        st.st_mode = S_IFREG | (0666 & ~mask);
        real = strdup(path); /* freed as realpath's is */
        if (!real)
            return ENOMEM;
    } else if (!real) {
        return errno;
    } else if (stat(real, &st) != 0) {
        int err = errno;
        free(real);
        return err;
    }
    int err = !S_ISREG(st.st_mode) ? EINVAL : 0;
    size_t n = strlen(real);
    static const char suffix[] = ".evalrules-XXXXXX";
    char *tmp = err ? NULL : eri_malloc(n + sizeof suffix);
    if (!err && !tmp)
        err = ENOMEM;
    int fd = -1;
    if (!err) {
        memcpy(tmp, real, n);
        memcpy(tmp + n, suffix, sizeof suffix);
        fd = mkstemp(tmp); /* a fresh name, created exclusively (O_EXCL), mode 0600 */
        if (fd < 0)
            err = errno;
    }
    if (!err)
        err = write_all(fd, text, len);
    if (!err && fchmod(fd, st.st_mode & 07777) != 0)
        err = errno;
    if (!err && fsync(fd) != 0)
        err = errno;
    if (fd >= 0 && close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, real) != 0)
        err = errno;
    if (err && fd >= 0)
        unlink(tmp);
    if (!err)
        sync_dir(real);
    eri_free(tmp);
    free(real); /* realpath's, from the C library */
    return err;
}

bool er_rewrite_file(const char *path, const char *text, size_t len, er_diag *d)
{
    int err = rewrite(path, text, len, false);
    if (err)
        eri_diag_file(d, ERI_SEV_ERROR, path, "cannot rewrite the file: %s",
                      err == EINVAL ? "not a regular file" : strerror(err));
    return err == 0;
}

bool er_write_file(const char *path, const char *text, size_t len, er_diag *d)
{
    int err = rewrite(path, text, len, true);
    if (err)
        eri_diag_file(d, ERI_SEV_ERROR, path, "cannot write the file: %s",
                      err == EINVAL ? "not a regular file" : strerror(err));
    return err == 0;
}
