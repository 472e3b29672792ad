/* test_sweep.c — unit tests for the reusable evaluator (eval.c) and weight
 * sweeps (sweep.c): the random numbers against published and independently
 * computed values, the perturbation keeping every sum exact and every
 * factor within the spread, shares adding up, the same sweep for one and
 * two threads, and no allocation per evaluation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "evalrules.h"
#include "evalrules_tools.h"
#include "sweep.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static const char *repo_path(const char *rel)
{
    /* __FILE__ is tests/unit/test_sweep.c inside the source tree */
    static char buf[4096];
    const char *file = __FILE__, *cut = strstr(file, "tests/unit/test_sweep.c");
    snprintf(buf, sizeof buf, "%.*s%s", cut ? (int)(cut - file) : 0, file, rel);
    return buf;
}

static const char *const examples[] = {"capped", "first-five-star", "five-star", "four-star",
                                       "standard", "three-star",     "unrated",   "vetoed"};
#define NEX (sizeof examples / sizeof examples[0])

typedef struct world {
    er_diag *d;
    er_rules *r;
    er_facts *f[NEX];
} world;

static world gbt(void)
{
    world w = {.d = er_diag_new(NULL)};
    w.r = er_rules_load(repo_path("rules/gbt27922.rules"), w.d);
    assert_non_null(w.r);
    for (size_t i = 0; i < NEX; i++) {
        char rel[256];
        snprintf(rel, sizeof rel, "examples/%s.facts", examples[i]);
        w.f[i] = er_facts_load(w.r, repo_path(rel), w.d);
        assert_non_null(w.f[i]);
    }
    return w;
}

static void world_free(world *w)
{
    for (size_t i = 0; i < NEX; i++)
        er_facts_free(w->f[i]);
    er_rules_free(w->r);
    er_diag_free(w->d);
}

static er_rules *rules_from(const char *text)
{
    er_diag *d = er_diag_new(NULL);
    er_rules *r = er_rules_load_string("t.rules", text, strlen(text), d);
    er_diag_free(d);
    assert_non_null(r);
    return r;
}

/* A report written to memory; the caller frees it. */
static char *text_of(const er_sweep *sw, bool json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    if (json)
        assert_int_equal(er_sweep_report_json(m, sw), 0);
    else
        assert_int_equal(er_sweep_report_text(m, sw, NULL), 0);
    fclose(m);
    return buf;
}

static char *result_text(const er_result *res)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    er_report_text(m, res, NULL);
    assert_int_equal(er_report_json(m, res), 0);
    fclose(m);
    return buf;
}

/* ---------------------------------------------------------------------- */
/* Random numbers                                                          */
/* ---------------------------------------------------------------------- */

static void test_splitmix64_reference_values(void **state)
{
    (void)state;
    /* the published test vector of splitmix64 for seed 1234567 */
    static const uint64_t want[] = {6457827717110365317u, 3203168211198807973u, 9817491932198370423u,
                                    4593380528125082431u, 16408922859458223821u};
    uint64_t s = 1234567;
    for (size_t i = 0; i < 5; i++)
        assert_true(eri_splitmix64(&s) == want[i]);
}

static void test_xoshiro_reference_values(void **state)
{
    (void)state;
    /* xoshiro256** from the state {1, 2, 3, 4}, as its reference code gives */
    eri_rng g = {{1, 2, 3, 4}};
    static const uint64_t want[] = {11520u, 0u, 1509978240u, 1215971899390074240u};
    for (size_t i = 0; i < 4; i++)
        assert_true(eri_rng_next(&g) == want[i]);
}

static void test_run_streams(void **state)
{
    (void)state;
    /* computed independently (Python, bench-free) for seed 1, runs 0 and 5 */
    eri_rng g;
    eri_rng_seed(&g, 1, 0);
    assert_true(eri_rng_next(&g) == 12966619160104079557u);
    assert_true(eri_rng_next(&g) == 9600361134598540522u);
    eri_rng_seed(&g, 1, 5);
    assert_true(eri_rng_next(&g) == 17495022312314353620u);
    assert_true(eri_rng_next(&g) == 5283563975910360898u);
    /* run k's state is words 4k..4k+3 of the seed's splitmix64 stream */
    uint64_t s = 42;
    for (int i = 0; i < 4 * 7; i++)
        (void)eri_splitmix64(&s);
    eri_rng_seed(&g, 42, 7);
    for (int i = 0; i < 4; i++)
        assert_true(g.s[i] == eri_splitmix64(&s));
    /* the steps of seed 1, run 0 */
    static const uint32_t steps[] = {1474133, 1091434, 1203986, 820675, 1462089};
    eri_rng_seed(&g, 1, 0);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(eri_rng_step(&g), steps[i]);
    /* every step in range over many draws, both ends reachable in principle */
    eri_rng_seed(&g, 99, 3);
    uint32_t lo = UINT32_MAX, hi = 0;
    for (int i = 0; i < 100000; i++) {
        uint32_t j = eri_rng_step(&g);
        assert_true(j <= 2 * ERI_SWEEP_STEPS);
        lo = j < lo ? j : lo;
        hi = j > hi ? j : hi;
    }
    assert_true(lo < 100 && hi > 2 * ERI_SWEEP_STEPS - 100);
}

/* ---------------------------------------------------------------------- */
/* The perturbation                                                        */
/* ---------------------------------------------------------------------- */

static void test_spread_parsing(void **state)
{
    (void)state;
    eri_num s;
    assert_int_equal(eri_sweep_parse_spread("10%", &s), ERI_NUM_OK);
    assert_true(s.num == 1 && s.den == 10);
    assert_int_equal(eri_sweep_parse_spread("0.125", &s), ERI_NUM_OK);
    assert_true(s.num == 1 && s.den == 8);
    assert_null(er_sweep_spread_error("10%"));
    assert_null(er_sweep_spread_error("12.5%"));
    assert_null(er_sweep_spread_error("0.1"));
    assert_null(er_sweep_spread_error("0"));
    assert_non_null(er_sweep_spread_error("-5%"));
    assert_non_null(er_sweep_spread_error("100%"));
    assert_non_null(er_sweep_spread_error("1.5"));
    assert_non_null(er_sweep_spread_error("ten"));
    assert_non_null(er_sweep_spread_error("%"));
    assert_non_null(er_sweep_spread_error(""));
}

static void test_factor_bounds(void **state)
{
    (void)state;
    eri_num s = {1, 10}, f, lo = {9, 10}, hi = {11, 10};
    assert_int_equal(eri_sweep_factor(s, 0, &f), ERI_NUM_OK);
    assert_true(eri_num_eq(f, lo));
    assert_int_equal(eri_sweep_factor(s, 2 * ERI_SWEEP_STEPS, &f), ERI_NUM_OK);
    assert_true(eri_num_eq(f, hi));
    assert_int_equal(eri_sweep_factor(s, ERI_SWEEP_STEPS, &f), ERI_NUM_OK);
    assert_true(eri_num_eq(f, ERI_NUM_ONE));
    eri_rng g;
    eri_rng_seed(&g, 5, 0);
    for (int i = 0; i < 10000; i++) {
        assert_int_equal(eri_sweep_factor(s, eri_rng_step(&g), &f), ERI_NUM_OK);
        assert_true(eri_num_cmp(f, lo) >= 0 && eri_num_cmp(f, hi) <= 0);
    }
}

static void test_quantum(void **state)
{
    (void)state;
    eri_num q;
    assert_true(eri_sweep_quantum(eri_num_int(100), &q));
    assert_true(q.num == 1 && q.den == 1000);
    eri_num t;
    assert_int_equal(eri_num_parse("99.9995", 7, &t), ERI_NUM_OK);
    assert_true(eri_sweep_quantum(t, &q));
    assert_true(q.num == 1 && q.den == 10000);
    assert_int_equal(eri_num_make(100, 3, &t), ERI_NUM_OK);
    assert_false(eri_sweep_quantum(t, &q));
}

/* every indicator's children add up to it exactly, the first level to the
 * total, every point a multiple of the quantum and not negative */
static void assert_exact(const er_rules *r, const eri_num *p, eri_num total, eri_num quantum)
{
    eri_num sum = ERI_NUM_ZERO;
    for (uint32_t i = 0; i < r->nroots; i++)
        assert_int_equal(eri_num_add(sum, p[r->roots[i]], &sum), ERI_NUM_OK);
    assert_true(eri_num_eq(sum, total));
    for (uint32_t i = 0; i < r->nnodes; i++) {
        eri_num units;
        assert_true(eri_num_sign(p[i]) >= 0);
        assert_int_equal(eri_num_div(p[i], quantum, &units), ERI_NUM_OK);
        assert_true(eri_num_is_int(units));
        if (r->nodes[i].nchildren == 0)
            continue;
        sum = ERI_NUM_ZERO;
        for (uint32_t k = 0; k < r->nodes[i].nchildren; k++)
            assert_int_equal(eri_num_add(sum, p[r->nodes[i].children[k]], &sum), ERI_NUM_OK);
        assert_true(eri_num_eq(sum, p[i]));
    }
}

static void test_points_keep_every_sum(void **state)
{
    (void)state;
    world w = gbt();
    const er_rules *r = w.r;
    eri_num *factor = calloc(r->nnodes, sizeof *factor), *p = calloc(r->nnodes, sizeof *p);
    eri_num *scratch = calloc(2 * r->nnodes, sizeof *scratch);
    eri_num q = {1, 1000}, s = {3, 10}, total = eri_num_int(100);
    /* factors 1: the rules' own points come back exactly (they are multiples of 0.001) */
    for (uint32_t i = 0; i < r->nnodes; i++)
        factor[i] = ERI_NUM_ONE;
    assert_true(eri_sweep_points(r, r->base.points, factor, q, p, scratch));
    for (uint32_t i = 0; i < r->nnodes; i++)
        assert_true(eri_num_eq(p[i], r->base.points[i]));
    bool moved = false;
    for (uint64_t run = 0; run < 200; run++) {
        eri_rng g;
        eri_rng_seed(&g, 11, run);
        for (uint32_t i = 0; i < r->nnodes; i++)
            assert_int_equal(eri_sweep_factor(s, eri_rng_step(&g), &factor[i]), ERI_NUM_OK);
        assert_true(eri_sweep_points(r, r->base.points, factor, q, p, scratch));
        assert_exact(r, p, total, q);
        for (uint32_t i = 0; i < r->nnodes; i++)
            moved |= !eri_num_eq(p[i], r->base.points[i]);
    }
    assert_true(moved);
    free(factor);
    free(p);
    free(scratch);
    world_free(&w);
}

/* ---------------------------------------------------------------------- */
/* The evaluator                                                           */
/* ---------------------------------------------------------------------- */

static size_t allocations;
static void *counting_malloc(size_t n)
{
    allocations++;
    return malloc(n);
}
static void *counting_realloc(void *p, size_t n)
{
    allocations++;
    return realloc(p, n);
}

static void test_no_allocation_per_evaluation(void **state)
{
    (void)state;
    world w = gbt();
    er_set_allocator(counting_malloc, counting_realloc, free);
    er_evaluator *ev = er_evaluator_new(w.r);
    assert_non_null(ev);
    assert_true(allocations > 0); /* the counter does count */
    allocations = 0;
    for (int rep = 0; rep < 200; rep++)
        for (size_t i = 0; i < NEX; i++)
            assert_non_null(er_evaluate(ev, w.f[i], NULL, w.d));
    assert_int_equal(allocations, 0);
    er_evaluator_free(ev);
    er_set_allocator(NULL, NULL, NULL);
    world_free(&w);
}

static void test_evaluator_matches_eval(void **state)
{
    (void)state;
    world w = gbt();
    er_evaluator *ev = er_evaluator_new(w.r);
    /* in an order that leaves each result behind a different one */
    for (int rep = 0; rep < 2; rep++)
        for (size_t k = 0; k < NEX; k++) {
            size_t i = rep ? NEX - 1 - k : k;
            er_result *want = er_eval(w.r, w.f[i], w.d);
            const er_result *got = er_evaluate(ev, w.f[i], NULL, w.d);
            assert_non_null(want);
            assert_non_null(got);
            char *a = result_text(want), *b = result_text(got);
            assert_string_equal(a, b);
            free(a);
            free(b);
            er_result_free(want);
        }
    er_evaluator_free(ev);
    world_free(&w);
}

static void test_evaluator_recovers_after_failure(void **state)
{
    (void)state;
    er_rules *r = rules_from("fact a : int\nfact b : int\n"
                             "item 1 \"x\" points 10 { score points * a / b }\n"
                             "total { normalize to 100 }\n");
    er_diag *d = er_diag_new(NULL);
    er_facts *missing = er_facts_load_string(r, "m.facts", "a = 1\n", 6, d);
    er_facts *zero = er_facts_load_string(r, "z.facts", "a = 1\nb = 0\n", 12, d);
    er_facts *good = er_facts_load_string(r, "g.facts", "a = 1\nb = 2\n", 12, d);
    assert_non_null(missing);
    assert_non_null(zero);
    assert_non_null(good);
    er_evaluator *ev = er_evaluator_new(r);
    assert_null(er_evaluate(ev, missing, NULL, d));
    unsigned errors = er_diag_errors(d);
    assert_true(errors > 0);
    assert_null(er_evaluate(ev, zero, NULL, d)); /* division by zero */
    assert_true(er_diag_errors(d) > errors);
    const er_result *res = er_evaluate(ev, good, NULL, d);
    assert_non_null(res);
    assert_string_equal(er_result_score(res), "50");
    /* and the missing fact is reported again, not remembered */
    errors = er_diag_errors(d);
    assert_null(er_evaluate(ev, missing, NULL, d));
    assert_true(er_diag_errors(d) > errors);
    er_evaluator_free(ev);
    er_facts_free(missing);
    er_facts_free(zero);
    er_facts_free(good);
    er_diag_free(d);
    er_rules_free(r);
}

/* ---------------------------------------------------------------------- */
/* Sweeps                                                                  */
/* ---------------------------------------------------------------------- */

static er_sweep *sweep(const world *w, const char *spread, unsigned long runs, unsigned long long seed, unsigned jobs)
{
    er_sweep_opts o = {.spread = spread, .runs = runs, .seed = seed, .jobs = jobs};
    er_sweep *sw = er_sweep_run(w->r, (const er_facts *const *)w->f, NEX, &o, w->d);
    assert_non_null(sw);
    return sw;
}

static void test_shares_add_up(void **state)
{
    (void)state;
    world w = gbt();
    er_sweep *sw = sweep(&w, "40%", 301, 3, 2);
    assert_int_equal(er_sweep_count(sw), NEX);
    size_t nout = er_sweep_outcomes(sw);
    assert_int_equal(nout, 4 + 2); /* four levels, unrated, vetoed */
    assert_string_equal(er_sweep_outcome_label(sw, nout - 1), "vetoed");
    unsigned shares[8];
    bool spread_out = false;
    for (size_t i = 0; i < NEX; i++) {
        unsigned long long runs = 0, nonzero = 0;
        unsigned tenths = 0;
        er_sweep_shares(sw, i, shares);
        for (size_t k = 0; k < nout; k++) {
            unsigned long long c = er_sweep_runs_with(sw, i, k);
            runs += c;
            nonzero += c > 0;
            tenths += shares[k];
            /* a share is its count's quota, rounded down or up */
            assert_true(shares[k] == c * 1000 / 301 || shares[k] == c * 1000 / 301 + 1);
        }
        assert_int_equal(runs, 301);
        assert_int_equal(tenths, 1000);
        spread_out |= nonzero > 1;
        /* min <= median <= max, as numbers */
        eri_num lo, mid, hi;
        const char *s0 = er_sweep_score(sw, i, 0), *s1 = er_sweep_score(sw, i, 1), *s2 = er_sweep_score(sw, i, 2);
        assert_int_equal(eri_num_parse(s0, strlen(s0), &lo), ERI_NUM_OK);
        assert_int_equal(eri_num_parse(s1, strlen(s1), &mid), ERI_NUM_OK);
        assert_int_equal(eri_num_parse(s2, strlen(s2), &hi), ERI_NUM_OK);
        assert_true(eri_num_cmp(lo, mid) <= 0 && eri_num_cmp(mid, hi) <= 0);
    }
    assert_true(spread_out); /* at ±40% some enterprise changes level */
    /* the vetoed enterprise is vetoed in every run */
    assert_int_equal(er_sweep_runs_with(sw, NEX - 1, nout - 1), 301);
    er_sweep_free(sw);
    world_free(&w);
}

static void test_same_for_any_jobs(void **state)
{
    (void)state;
    world w = gbt();
    er_sweep *one = sweep(&w, "25%", 500, 7, 1), *two = sweep(&w, "25%", 500, 7, 2);
    er_sweep *three = sweep(&w, "25%", 500, 7, 3), *other = sweep(&w, "25%", 500, 8, 2);
    char *a = text_of(one, false), *b = text_of(two, false), *c = text_of(three, true), *d = text_of(two, true);
    char *e = text_of(other, false);
    assert_string_equal(a, b);
    assert_string_equal(c, d);
    assert_string_not_equal(a, e); /* the seed matters */
    free(a);
    free(b);
    free(c);
    free(d);
    free(e);
    er_sweep_free(one);
    er_sweep_free(two);
    er_sweep_free(three);
    er_sweep_free(other);
    world_free(&w);
}

static void test_zero_spread_is_the_centre(void **state)
{
    (void)state;
    world w = gbt();
    er_sweep *sw = sweep(&w, "0", 20, 1, 2);
    for (size_t i = 0; i < NEX; i++) {
        er_result *res = er_eval(w.r, w.f[i], w.d);
        assert_non_null(res);
        for (int k = 0; k < 3; k++)
            assert_string_equal(er_sweep_score(sw, i, k), er_result_score(res));
        er_result_free(res);
    }
    char *t = text_of(sw, false);
    assert_non_null(strstr(t, "no weight moves the score"));
    free(t);
    er_sweep_free(sw);
    world_free(&w);
}

static void test_sensitivity_ranks_the_heaviest(void **state)
{
    (void)state;
    /* two items; raising the one that scores 0 lowers the score most */
    er_rules *r = rules_from("fact a : bool\nfact b : bool\nfact c : bool\n"
                             "item 1 \"a\" points 50 { pass when a }\n"
                             "item 2 \"b\" points 30 { pass when b }\n"
                             "item 3 \"c\" points 20 { pass when c }\n"
                             "total { normalize to 100 }\n"
                             "rating { level \"A\" at 60 otherwise \"none\" }\n");
    er_diag *d = er_diag_new(NULL);
    const char text[] = "a = no\nb = yes\nc = yes\n";
    er_facts *f = er_facts_load_string(r, "f.facts", text, sizeof text - 1, d);
    assert_non_null(f);
    er_sweep_opts o = {.spread = "10%", .runs = 400, .seed = 1, .jobs = 2};
    er_sweep *sw = er_sweep_run(r, (const er_facts *const *)&f, 1, &o, d);
    assert_non_null(sw);
    char *t = text_of(sw, true);
    /* raising 1 (55 of 105): points 52.381, 28.571, 19.048 (in steps of 0.001,
     * largest remainders first), score 47.619; raising 2 (33 of 103): 48.544,
     * 32.039, 19.417, score 51.456; raising 3 (22 of 102): 49.019, 29.412,
     * 21.569, score 50.981.  Against 50: -2.381, +1.456, +0.981. */
    const char *first = strstr(t, "\"id\": \"1\""), *second = strstr(t, "\"id\": \"2\""), *third = strstr(t, "\"id\": \"3\"");
    assert_non_null(first);
    assert_non_null(second);
    assert_non_null(third);
    assert_true(first < second && second < third);
    assert_non_null(strstr(t, "\"delta\": \"-2.381\""));
    assert_non_null(strstr(t, "\"delta\": \"1.456\""));
    assert_non_null(strstr(t, "\"delta\": \"0.981\""));
    /* the level at a 50 centre: A in no run, "none" in all */
    assert_int_equal(er_sweep_runs_with(sw, 0, 0), 0);
    assert_int_equal(er_sweep_runs_with(sw, 0, 1), 400);
    free(t);
    er_sweep_free(sw);
    er_facts_free(f);
    er_diag_free(d);
    er_rules_free(r);
}

/* Scores of any length are reported whole: a score of 81 digits (they were
 * cut at 63 bytes in the report). */
/* An evaluation that fails under one weight raised alone (1 / (points -
 * 9.524) when the other item is raised: 20 × 11/21 = 10.476 for it, 9.524
 * for this one; only for b.facts, the second enterprise) fails the sweep
 * with that evaluation's own error and the table's, the same on one thread
 * or three (the table's enterprises are shared among the threads: the
 * first failure in one thread's order is the one shown). */
static void test_sensitivity_failure_shown(void **state)
{
    (void)state;
    er_rules *r = rules_from("standard \"S\" { title \"s\" }\nfact b : bool\n"
                             "indicator 1 \"n\" {\n"
                             "  item 1.1 \"x\" points 10 { score points * 0 + (if b then 0 else 1 / (points - 9.524)) * 0 }\n"
                             "  item 1.2 \"y\" points 10 { pass when b }\n}\n");
    char *out[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        const char *text[] = {"b = yes\n", "b = no\n", "b = yes\n"};
        er_diag *quiet = er_diag_new(NULL);
        er_facts *f[3];
        for (int i = 0; i < 3; i++) {
            f[i] = er_facts_load_string(r, i == 1 ? "b.facts" : "a.facts", text[i], strlen(text[i]), quiet);
            assert_non_null(f[i]);
        }
        size_t len;
        FILE *mem = open_memstream(&out[k], &len);
        er_diag *d = er_diag_new(mem);
        er_sweep_opts o = {.spread = "10%", .runs = 3, .seed = 1, .jobs = k ? 3 : 1};
        assert_null(er_sweep_run(r, (const er_facts *const *)f, 3, &o, d));
        er_diag_free(d);
        fclose(mem);
        for (int i = 0; i < 3; i++)
            er_facts_free(f[i]);
        er_diag_free(quiet);
    }
    assert_non_null(strstr(out[0], "error: division by zero while evaluating this for b.facts"));
    assert_non_null(strstr(out[0], "error: the one-at-a-time weights cannot be evaluated"));
    assert_string_equal(out[0], out[1]);
    free(out[0]);
    free(out[1]);
    er_rules_free(r);
}

static void test_long_scores_whole(void **state)
{
    (void)state;
    char big[82];
    big[0] = '1';
    memset(big + 1, '0', 80);
    big[81] = '\0';
    char rules_text[512];
    snprintf(rules_text, sizeof rules_text,
             "fact a : bool\nitem 1 \"a\" points %s { pass when a }\n"
             "rating { level \"A\" at 1 otherwise \"none\" }\n", big);
    er_rules *r = rules_from(rules_text);
    er_diag *d = er_diag_new(NULL);
    const char text[] = "a = yes\n";
    er_facts *f = er_facts_load_string(r, "f.facts", text, sizeof text - 1, d);
    assert_non_null(f);
    er_sweep_opts o = {.spread = "10%", .runs = 20, .seed = 1, .jobs = 1};
    er_sweep *sw = er_sweep_run(r, (const er_facts *const *)&f, 1, &o, d);
    assert_non_null(sw);
    for (int k = 0; k < 3; k++)
        assert_string_equal(er_sweep_score(sw, 0, k), big);
    char *t = text_of(sw, true);
    char want[128];
    snprintf(want, sizeof want, "\"min\": \"%s\"", big);
    assert_non_null(strstr(t, want));
    snprintf(want, sizeof want, "\"score\": \"%s\"", big);
    assert_non_null(strstr(t, want));
    free(t);
    t = text_of(sw, false);
    snprintf(want, sizeof want, "max %s", big);
    assert_non_null(strstr(t, want));
    free(t);
    er_sweep_free(sw);
    er_facts_free(f);
    er_diag_free(d);
    er_rules_free(r);
}

/* A facts file whose name is not UTF-8: U+FFFD in facts_file, the exact
 * bytes in facts_file_bytes. */
static void test_json_facts_file_not_utf8(void **state)
{
    (void)state;
    er_rules *r = rules_from("fact a : bool\n"
                             "item 1 \"a\" points 10 { pass when a }\n"
                             "item 2 \"b\" points 10 { pass when a }\n");
    er_diag *d = er_diag_new(NULL);
    er_facts *f = er_facts_load_string(r, "e\xff.facts", "a = yes\n", 8, d);
    assert_non_null(f);
    er_sweep_opts o = {.runs = 4, .seed = 1, .jobs = 1};
    er_sweep *sw = er_sweep_run(r, (const er_facts *const *)&f, 1, &o, d);
    assert_non_null(sw);
    char *t = text_of(sw, true);
    assert_non_null(strstr(t, "      \"facts_file\": \"e\xEF\xBF\xBD.facts\",\n"
                              "      \"facts_file_bytes\": \"e%FF.facts\",\n"));
    free(t);
    er_sweep_free(sw);
    er_facts_free(f);
    er_diag_free(d);
    er_rules_free(r);
}

static void test_failing_enterprise_left_out(void **state)
{
    (void)state;
    er_rules *r = rules_from("fact a : int\nfact b : int\n"
                             "item 1 \"x\" points 10 { score points * a / b }\n"
                             "item 2 \"y\" points 10 { score points }\n"
                             "total { normalize to 100 }\n");
    er_diag *d = er_diag_new(NULL);
    er_facts *f[2] = {er_facts_load_string(r, "bad.facts", "a = 1\n", 6, d),
                      er_facts_load_string(r, "good.facts", "a = 1\nb = 2\n", 12, d)};
    assert_non_null(f[0]);
    assert_non_null(f[1]);
    unsigned errors = er_diag_errors(d);
    er_sweep_opts o = {.runs = 10, .seed = 1, .jobs = 2};
    er_sweep *sw = er_sweep_run(r, (const er_facts *const *)f, 2, &o, d);
    assert_non_null(sw);
    assert_true(er_diag_errors(d) > errors); /* the missing fact is reported */
    assert_int_equal(er_sweep_count(sw), 1);
    er_sweep_free(sw);
    /* a bad spread is refused */
    o.spread = "150%";
    assert_null(er_sweep_run(r, (const er_facts *const *)f, 2, &o, d));
    er_facts_free(f[0]);
    er_facts_free(f[1]);
    er_diag_free(d);
    er_rules_free(r);
}

/* Without options a sweep takes its defaults (10%, 1000 runs, one job);
 * more jobs than runs are fewer threads; progress is reported in order up
 * to the total; the accessors answer out of range without reading past the
 * end; no enterprise at all is a sweep of none. */
typedef struct progress_log {
    unsigned long long last, total;
    unsigned calls;
    bool in_order;
} progress_log;

static void on_progress(void *arg, unsigned long long done, unsigned long long total)
{
    progress_log *p = arg;
    p->in_order = p->in_order && done >= p->last && done <= total;
    p->last = done;
    p->total = total;
    p->calls++;
}

static unsigned long long runs_of(const er_sweep *sw, size_t i)
{
    unsigned long long n = 0;
    for (size_t k = 0; k < er_sweep_outcomes(sw); k++)
        n += er_sweep_runs_with(sw, i, k);
    return n;
}

static void test_defaults_progress_and_bounds(void **state)
{
    (void)state;
    world w = gbt();
    er_sweep *sw = er_sweep_run(w.r, (const er_facts *const *)w.f, 2, NULL, w.d);
    assert_non_null(sw);
    assert_int_equal(er_sweep_count(sw), 2);
    assert_int_equal(runs_of(sw, 0), 1000);
    assert_int_equal(runs_of(sw, 1), 1000);
    /* out of range */
    assert_string_equal(er_sweep_score(sw, 2, 0), "");
    assert_string_equal(er_sweep_score(sw, 0, 3), "");
    assert_string_equal(er_sweep_score(sw, 0, -1), "");
    assert_int_equal(er_sweep_runs_with(sw, 2, 0), 0);
    assert_int_equal(er_sweep_runs_with(sw, 0, er_sweep_outcomes(sw)), 0);
    assert_string_equal(er_sweep_outcome_label(sw, er_sweep_outcomes(sw) - 1), "vetoed");
    assert_null(er_sweep_outcome_label(sw, er_sweep_outcomes(sw)));
    er_sweep_free(sw);

    progress_log p = {0, 0, 0, true};
    er_sweep_opts o = {.spread = "5%", .runs = 3, .seed = 11, .jobs = 8, .progress = on_progress, .progress_arg = &p};
    sw = er_sweep_run(w.r, (const er_facts *const *)w.f, NEX, &o, w.d);
    assert_non_null(sw);
    for (size_t i = 0; i < er_sweep_count(sw); i++)
        assert_int_equal(runs_of(sw, i), 3);
    assert_true(p.calls >= 1);
    assert_true(p.in_order);
    assert_int_equal(p.last, p.total);
    er_sweep_free(sw);

    sw = er_sweep_run(w.r, NULL, 0, &o, w.d);
    assert_non_null(sw);
    assert_int_equal(er_sweep_count(sw), 0);
    char *text = text_of(sw, true);
    assert_non_null(strstr(text, "\"enterprises\""));
    free(text);
    er_sweep_free(sw);
    world_free(&w);
}

/* A sweep scores its runs through the compiled plan; with no spread every
 * run is the centre, so its scores are er_eval's exactly, under every
 * rounding mode, for scores that fall on, below and above a rounding tie,
 * positive and negative (a deduction larger than the points earned). */
static void test_plan_rounds_as_the_evaluator(void **state)
{
    (void)state;
    static const char *const modes[] = {"half_up", "half_even", "half_down", "up", "down", "floor", "ceiling"};
    static const char *const audits[] = {"s = 1/8\nd = 0\n", "s = 3/8\nd = 0\n", "s = 5/8\nd = 0\n",
                                         "s = 1/3\nd = 0\n", "s = 2/3\nd = 0\n", "s = 0/8\nd = 3\n",
                                         "s = 1/16\nd = 1\n", "s = 7/8\nd = 1\n"};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++)
        for (int scale = 0; scale < 2; scale++) {
            char text[512];
            snprintf(text, sizeof text,
                     "fact s : sample \"s\"\nfact d : int \"d\" range 0..5\n"
                     "indicator 1 \"I\" points 2 { item 1.1 \"A\" points 2 { ratio s } }\n"
                     "total { %s deduct \"扣\" d  round %s to %s }\n"
                     "rating { level \"A\" at 1 }\n",
                     scale ? "normalize to 100" : "", modes[m], scale ? "1" : "0.5");
            er_rules *r = rules_from(text);
            er_diag *d = er_diag_new(NULL);
            for (size_t a = 0; a < sizeof audits / sizeof audits[0]; a++) {
                er_facts *f = er_facts_load_string(r, "a.facts", audits[a], strlen(audits[a]), d);
                assert_non_null(f);
                er_result *res = er_eval(r, f, d);
                assert_non_null(res);
                const er_facts *list[] = {f};
                er_sweep_opts o = {.spread = "0", .runs = 2, .seed = 1, .jobs = 1};
                er_sweep *sw = er_sweep_run(r, list, 1, &o, d);
                assert_non_null(sw);
                for (int which = 0; which < 3; which++)
                    if (strcmp(er_sweep_score(sw, 0, which), er_result_score(res)))
                        fail_msg("round %s%s, %s: the sweep scores %s, er_eval %s", modes[m],
                                 scale ? " (normalized)" : "", audits[a], er_sweep_score(sw, 0, which),
                                 er_result_score(res));
                er_sweep_free(sw);
                er_result_free(res);
                er_facts_free(f);
            }
            er_diag_free(d);
            er_rules_free(r);
        }
}

/* The plan against the general evaluator on a rule set with every form
 * the plan compiles and some it leaves to the evaluator (conditions on
 * facts, constant and conditional scores, tiers up and down, exclusions by
 * rule and by the auditor, capped deductions and bonuses, vetoes, rating
 * caps), over 400 audits drawn at random (a fixed seed): a sweep with no
 * spread scores each exactly as er_eval does, with the same level or
 * none. */
static void test_plan_matches_on_random_audits(void **state)
{
    (void)state;
    static const char text[] =
        "fact ok : bool \"ok\"\nfact off : bool \"off\"\nfact n : int \"n\" range 0..20\n"
        "fact p : percent \"p\" range 0%..100%\nfact s : sample \"s\"\nfact d : int \"d\" range 0..6\n"
        "fact b : int \"b\" range 0..4\nfact x : decimal \"x\" range 0..10\n"
        "indicator 1 \"I\" points 40 {\n"
        "  item 1.1 \"pass\" points 5 { pass when ok }\n"
        "  item 1.2 \"cmp\" points 5 { pass when n >= 7 }\n"
        "  item 1.3 \"ratio\" points 5 { ratio s }\n"
        "  item 1.4 \"down\" points 5 { grade p { >= 90%: 100%  >= 75%: 66.5%  otherwise 12.5% } }\n"
        "  item 1.5 \"up\" points 5 { grade n { <= 3: 100%  < 10: 40%  otherwise 0 } }\n"
        "  item 1.6 \"if\" points 5 { score if ok then 5 else 2 }\n"
        "  item 1.7 \"expr\" points 5 { score min(points, x * n / 8) }\n"
        "  item 1.8 \"audit\" points 5 { excludable \"无\"  pass when not off }\n"
        "}\n"
        "indicator 2 \"J\" points 20 {\n"
        "  exclude when off because \"不适用\"\n"
        "  item 2.1 \"a\" points 12 { ratio s }\n"
        "  item 2.2 \"b\" points 8 { pass when p > 50% and n != 4 }\n"
        "}\n"
        "total { normalize to 100  deduct \"扣\" d cap 4  bonus \"加\" b cap 2  round half_even to 0.1 }\n"
        "veto \"否\" when d >= 6\n"
        "rating { level \"A\" at 90  level \"B\" at 75  level \"C\" at 60  cap \"B\" unless n > 15  otherwise \"无\" }\n";
    er_rules *r = rules_from(text);
    er_diag *d = er_diag_new(NULL);
    uint64_t g = 0x9E3779B97F4A7C15u;
    for (int k = 0; k < 400; k++) {
        uint64_t v[10];
        for (int j = 0; j < 10; j++) {
            g ^= g << 13, g ^= g >> 7, g ^= g << 17;
            v[j] = g;
        }
        unsigned sampled = 1 + (unsigned)(v[4] % 12);
        char facts[512];
        snprintf(facts, sizeof facts,
                 "ok = %s\noff = %s\nn = %u\np = %u%%\ns = %u/%u\nd = %u\nb = %u\nx = %u.%u\n%s",
                 v[0] & 1 ? "yes" : "no", v[1] % 5 == 0 ? "yes" : "no", (unsigned)(v[2] % 21),
                 (unsigned)(v[3] % 101), (unsigned)(v[5] % (sampled + 1)), sampled, (unsigned)(v[6] % 7),
                 (unsigned)(v[7] % 5), (unsigned)(v[8] % 10), (unsigned)(v[9] % 100),
                 v[9] % 7 == 0 ? "exclude 1.8 \"审核员排除\"\n" : "");
        er_facts *f = er_facts_load_string(r, "a.facts", facts, strlen(facts), d);
        if (!f)
            fail_msg("facts do not load:\n%s", facts);
        er_result *res = er_eval(r, f, d);
        assert_non_null(res);
        const er_facts *list[] = {f};
        er_sweep_opts o = {.spread = "0", .runs = 1, .seed = 1, .jobs = 1};
        er_sweep *sw = er_sweep_run(r, list, 1, &o, d);
        assert_non_null(sw);
        if (strcmp(er_sweep_score(sw, 0, 1), er_result_score(res)))
            fail_msg("the sweep scores %s, er_eval %s for\n%s", er_sweep_score(sw, 0, 1), er_result_score(res), facts);
        int level = er_result_level(res);
        size_t k_out = level >= 0 ? (size_t)level : er_result_veto_count(res) ? er_sweep_outcomes(sw) - 1
                                                                                : er_sweep_outcomes(sw) - 2;
        if (er_sweep_runs_with(sw, 0, k_out) != 1)
            fail_msg("the sweep's outcome is not er_eval's (%d) for\n%s", level, facts);
        er_sweep_free(sw);
        er_result_free(res);
        er_facts_free(f);
    }
    er_diag_free(d);
    er_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splitmix64_reference_values),
        cmocka_unit_test(test_xoshiro_reference_values),
        cmocka_unit_test(test_run_streams),
        cmocka_unit_test(test_spread_parsing),
        cmocka_unit_test(test_factor_bounds),
        cmocka_unit_test(test_quantum),
        cmocka_unit_test(test_points_keep_every_sum),
        cmocka_unit_test(test_no_allocation_per_evaluation),
        cmocka_unit_test(test_evaluator_matches_eval),
        cmocka_unit_test(test_evaluator_recovers_after_failure),
        cmocka_unit_test(test_shares_add_up),
        cmocka_unit_test(test_same_for_any_jobs),
        cmocka_unit_test(test_zero_spread_is_the_centre),
        cmocka_unit_test(test_sensitivity_ranks_the_heaviest),
        cmocka_unit_test(test_sensitivity_failure_shown),
        cmocka_unit_test(test_long_scores_whole),
        cmocka_unit_test(test_failing_enterprise_left_out),
        cmocka_unit_test(test_json_facts_file_not_utf8),
        cmocka_unit_test(test_defaults_progress_and_bounds),
        cmocka_unit_test(test_plan_rounds_as_the_evaluator),
        cmocka_unit_test(test_plan_matches_on_random_audits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
