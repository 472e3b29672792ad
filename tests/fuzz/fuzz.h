/* fuzz.h — what the libFuzzer targets of tests/fuzz/ share: a sink for
 * the reports and diagnostics they write, the bundled rules loaded once,
 * an oracle's failure.  Each target is one file, fuzz_<name>.c, with
 * LLVMFuzzerTestOneInput (tests/fuzz/README.md says how to add one). */
#ifndef ERI_FUZZ_H
#define ERI_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"
#include "evalrules_tools.h"

/* Where reports go: /dev/null, opened once (written, never read). */
static inline FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    return sink;
}

/* A rules, scheme or facts file of the source tree, loaded once for the
 * whole run (ERI_SOURCE_DIR is the source directory). */
static inline er_rules *fuzz_bundled_rules(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", ERI_SOURCE_DIR, rel);
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load(path, d);
    er_diag_free(d);
    if (!r)
        abort();
    return r;
}

/* A file of the source tree, whole (malloc'd, NUL-terminated). */
static inline char *fuzz_read(const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", ERI_SOURCE_DIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        abort();
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0)
        if ((n += got) == cap - 1)
            buf = realloc(buf, cap *= 2);
    fclose(f);
    if (!buf)
        abort();
    buf[n] = '\0';
    *len = n;
    return buf;
}

static inline er_facts *fuzz_bundled_facts(const er_rules *r, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", ERI_SOURCE_DIR, rel);
    er_diag *d = er_diag_new(stderr);
    er_facts *f = er_facts_load(r, path, d);
    er_diag_free(d);
    if (!f)
        abort();
    return f;
}

/* An oracle did not hold: say which and stop (libFuzzer saves the input). */
#define FUZZ_ASSERT(cond, ...)                                                        \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: oracle failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* Inputs larger than this are skipped: what a long input finds, a short one
 * finds faster (and the hostile tests cover size). */
#define FUZZ_MAX_INPUT 65536

#endif
