/* fuzz_mutate.c — mutation robustness: take a valid rules file and facts
 * files, damage them in random ways (flipped bytes, cut-offs, stray
 * tokens, duplicated or deleted spans), and run the whole pipeline on each
 * result.  Whatever the input, the library must report and return, never
 * crash, hang or touch memory it should not; run under the sanitizer build
 * this is the check.  Deterministic for a given seed.
 *
 *   fuzz_mutate RULES FACTS... [--iterations N] [--seed S]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"
#include "evalrules_tools.h"

static uint64_t state;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static size_t below(size_t n) { return n ? (size_t)(next() % n) : 0; }

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        exit(2);
    *len = n;
    return buf;
}

static const char *const tokens[] = {
    "{", "}", "(", ")", "\"", "..", "%", "/", "==", "=", ":", ",", "-", "*", "\n", "#", "5.1", "5.1.2.2",
    "0", "-1", "100%", "1/0", "21/20", "99999999999999999999", "0.000000000000000000001", "yes", "no",
    "indicator", "item", "points", "score", "ratio", "grade", "pass when", "exclude", "exclude when",
    "let", "fact", "veto", "rating", "total", "cap", "level", "round", "earned(5.1)", "if", "then",
    "else", "and", "not", "min(", "max(", "\xE5\x94\xAE", "\xEF\xBC\x9A", "\xFF", "\x00", "\t", "\r",
    "2026-02-30", "subject = ", "\\", "scheme", "normalize to 0", "otherwise", "excludable",
    "years_between(", "range ..audit.date", "2024-02-29",
};

/* one random damage to buf[0..*len) (capacity cap) */
static void mutate(char *buf, size_t *len, size_t cap)
{
    size_t n = *len;
    switch (below(7)) {
    case 0: /* flip a byte */
        if (n)
            buf[below(n)] ^= (char)(1u << below(8));
        break;
    case 1: /* random byte */
        if (n)
            buf[below(n)] = (char)below(256);
        break;
    case 2: { /* insert a token */
        const char *t = tokens[below(sizeof tokens / sizeof tokens[0])];
        size_t tl = strlen(t) ? strlen(t) : 1, at = below(n + 1);
        if (n + tl < cap) {
            memmove(buf + at + tl, buf + at, n - at);
            memcpy(buf + at, t, tl);
            *len = n + tl;
        }
        break;
    }
    case 3: { /* delete a span */
        size_t at = below(n + 1), l = below(64);
        if (at + l > n)
            l = n - at;
        memmove(buf + at, buf + at + l, n - at - l);
        *len = n - l;
        break;
    }
    case 4: /* cut off */
        *len = below(n + 1);
        break;
    case 5: { /* duplicate a span */
        size_t at = below(n + 1), l = below(200);
        if (at + l > n)
            l = n - at;
        if (n + l < cap) {
            size_t to = below(n + 1);
            char tmp[200];
            memcpy(tmp, buf + at, l);
            memmove(buf + to + l, buf + to, n - to);
            memcpy(buf + to, tmp, l);
            *len = n + l;
        }
        break;
    }
    default: { /* swap two lines' worth of bytes */
        if (n > 2) {
            size_t a = below(n), b = below(n);
            char t = buf[a];
            buf[a] = buf[b];
            buf[b] = t;
        }
        break;
    }
    }
}

static unsigned outcomes[4]; /* rules invalid, facts invalid, eval failed, evaluated */

static void run(const char *rules, size_t rlen, const char *facts, size_t flen, FILE *sink)
{
    er_diag *d = er_diag_new(sink);
    er_rules *r = er_rules_load_string("fuzz.rules", rules, rlen, d);
    if (!r) {
        outcomes[0]++;
        er_diag_free(d);
        return;
    }
    er_facts *f = er_facts_load_string(r, "fuzz.facts", facts, flen, d);
    er_result *res = f ? er_eval(r, f, d) : NULL;
    if (!f)
        outcomes[1]++;
    else if (!res)
        outcomes[2]++;
    else {
        outcomes[3]++;
        er_report_text(sink, res, NULL);
        er_report_json(sink, res);
        (void)er_result_score(res);
        (void)er_result_rating(res);
    }
    er_result_free(res);
    er_facts_free(f);
    er_rules_free(r);
    er_diag_free(d);
}

int main(int argc, char **argv)
{
    unsigned long iterations = 300;
    state = 0x9E3779B97F4A7C15ull;
    const char *files[64];
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc)
            iterations = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            state = strtoull(argv[++i], NULL, 10) * 2 + 1;
        else if (nfiles < 64)
            files[nfiles++] = argv[i];
    }
    if (nfiles < 2) {
        fprintf(stderr, "usage: fuzz_mutate RULES FACTS... [--iterations N] [--seed S]\n");
        return 2;
    }
    FILE *sink = fopen("/dev/null", "w");
    size_t rlen, flen[63];
    char *rules = slurp(files[0], &rlen), *facts[63];
    for (int i = 1; i < nfiles; i++)
        facts[i - 1] = slurp(files[i], &flen[i - 1]);
    size_t cap = rlen * 2 + 4096;
    char *buf = malloc(cap);
    for (unsigned long it = 0; it < iterations; it++) {
        int which = (int)below((size_t)(nfiles - 1));
        size_t fcap = flen[which] * 2 + 4096, len, fl = flen[which];
        char *fbuf = malloc(fcap);
        memcpy(fbuf, facts[which], fl);
        /* half the runs damage the rules, half the facts (with sound rules) */
        if (it % 2 == 0) {
            memcpy(buf, rules, rlen);
            len = rlen;
            for (size_t m = 1 + below(4); m > 0; m--)
                mutate(buf, &len, cap);
            run(buf, len, fbuf, fl, sink);
        } else {
            for (size_t m = 1 + below(4); m > 0; m--)
                mutate(fbuf, &fl, fcap);
            run(rules, rlen, fbuf, fl, sink);
        }
        free(fbuf);
    }
    printf("%lu mutated inputs: %u rules rejected, %u facts rejected, %u evaluations refused, %u evaluated\n",
           iterations, outcomes[0], outcomes[1], outcomes[2], outcomes[3]);
    free(buf);
    free(rules);
    for (int i = 1; i < nfiles; i++)
        free(facts[i - 1]);
    fclose(sink);
    return 0;
}
