/* gen_text.h — seeded random choices and text written into a fixed
 * buffer, for the tests that generate rule sets, facts and trees
 * (test_plan_random.c, test_sweep_points.c): the same seed, the same text. */
#ifndef GEN_TEXT_H
#define GEN_TEXT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

typedef struct gen_text {
    uint64_t state; /* the generator's (a 64-bit LCG; its high bits are used) */
    char *buf;      /* the text so far: len bytes of cap */
    size_t len, cap;
} gen_text;

/* A number in [0, n). */
static inline uint32_t gen_rnd(gen_text *g, uint32_t n)
{
    g->state = g->state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(g->state >> 33) % n;
}

/* printf's text appended; the test fails when it does not fit. */
static inline void gen_vput(gen_text *g, const char *fmt, va_list ap)
{
    int n = vsnprintf(g->buf + g->len, g->cap - g->len, fmt, ap);
    assert_true(n >= 0 && g->len + (size_t)n < g->cap);
    g->len += (size_t)n;
}

#endif
