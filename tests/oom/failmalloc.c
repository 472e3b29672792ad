/* failmalloc.c — an LD_PRELOAD library that makes one allocation of a
 * program fail, for tests/oom/check_cli.sh: with FAILMALLOC_N=n the n-th
 * call of malloc, calloc or realloc (counted from the program's start)
 * returns NULL with errno ENOMEM, every other call succeeds; with
 * FAILMALLOC_COUNT=FILE the number of calls made is written to FILE at exit.
 * Only main's allocations count and fail: __libc_start_main is wrapped so
 * that counting starts when main is called and stops when it returns or
 * the program exits (an atexit handler registered then, after those of the
 * constructors, so run before them: the coverage build's gcov runtime,
 * whose allocations are unchecked, dumps its counts after it).
 * The library's own allocations (er_set_allocator's default), GMP's through
 * it, and the command line's and libc's own all go through these. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static long calls, fail_at = -2; /* -2: not read yet; -1: never */
static int counting;

static int fails(void)
{
    if (!__atomic_load_n(&counting, __ATOMIC_SEQ_CST))
        return 0;
    if (fail_at == -2) {
        const char *v = getenv("FAILMALLOC_N");
        fail_at = v && *v ? atol(v) : -1;
    }
    long n = __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST);
    if (n != fail_at)
        return 0;
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t n) { return fails() ? NULL : __libc_malloc(n); }
void *calloc(size_t k, size_t n) { return fails() ? NULL : __libc_calloc(k, n); }
void *realloc(void *p, size_t n) { return fails() ? NULL : __libc_realloc(p, n); }

static void report(void)
{
    if (!__atomic_exchange_n(&counting, 0, __ATOMIC_SEQ_CST))
        return;
    const char *f = getenv("FAILMALLOC_COUNT");
    if (!f || !*f)
        return;
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld\n", calls);
    int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        if (write(fd, buf, (size_t)len) < 0) {
            /* nothing to do: the count is missing, the script says so */
        }
        close(fd);
    }
}

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int counted_main(int argc, char **argv, char **env)
{
    atexit(report);
    __atomic_store_n(&counting, 1, __ATOMIC_SEQ_CST);
    int rc = real_main(argc, argv, env);
    report();
    return rc;
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);
    start_fn real;
    *(void **)&real = dlsym(RTLD_NEXT, "__libc_start_main"); /* POSIX's way to a function pointer */
    real_main = main;
    return real(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}
