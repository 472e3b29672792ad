/* support.h — helpers shared by the unit tests (include after cmocka.h). */
#ifndef ERI_TEST_SUPPORT_H
#define ERI_TEST_SUPPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"

/* The diagnostic header lines ("FILE:L:C: error: …") of out: every line
 * that is not part of a source excerpt (those start with blanks).  The
 * caller frees the result. */
static inline char *headers(const char *out)
{
    size_t n = strlen(out);
    char *h = malloc(n + 1);
    assert_non_null(h);
    size_t k = 0;
    for (const char *line = out; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (line[0] != ' ') {
            memcpy(h + k, line, len);
            k += len;
            h[k++] = '\n';
        }
        line += len + (nl ? 1 : 0);
    }
    h[k] = '\0';
    return h;
}

/* Diagnostics written to memory: capture_start(&c), the library's calls
 * with c.d, then capture_headers(&c): the header lines of all they wrote
 * (the caller frees them). */
typedef struct capture {
    char *out;
    size_t len;
    FILE *m;
    er_diag *d;
} capture;

static inline void capture_start(capture *c)
{
    c->out = NULL;
    c->len = 0;
    c->m = open_memstream(&c->out, &c->len);
    assert_non_null(c->m);
    c->d = er_diag_new(c->m);
    assert_non_null(c->d);
}

static inline char *capture_headers(capture *c)
{
    er_diag_free(c->d);
    fclose(c->m);
    char *h = headers(c->out);
    free(c->out);
    return h;
}

/* Allocation failure injection through the library's allocator hook.
 * support_fail_from(n): the next n allocations succeed, every one after
 * them fails.  support_fail_stop() restores malloc and says whether the
 * limit was reached (then a run may have seen a failure: try n + 1). */
static inline long *support_countdown(void)
{
    static long countdown = -1; /* allocations left before they fail; -1: never */
    return &countdown;
}

static inline bool support_take(void)
{
    long *c = support_countdown();
    if (*c == 0)
        return false;
    if (*c > 0)
        --*c;
    return true;
}

static inline void *support_failing_malloc(size_t n) { return support_take() ? malloc(n) : NULL; }
static inline void *support_failing_realloc(void *p, size_t n) { return support_take() ? realloc(p, n) : NULL; }

static inline void support_fail_from(long n)
{
    *support_countdown() = n;
    er_set_allocator(support_failing_malloc, support_failing_realloc, free);
}

static inline bool support_fail_reached(void) { return *support_countdown() == 0; }

static inline bool support_fail_stop(void)
{
    er_set_allocator(NULL, NULL, NULL);
    bool reached = *support_countdown() == 0;
    *support_countdown() = -1;
    return reached;
}

#endif
