/* test_sweep_points.c — a sweep run's points in 64-bit integers
 * (sweep_points.c) against the exact rationals of eri_sweep_points
 * (sweep.c): on random trees (up to 24 children, so that both ways of
 * ranking remainders are used), random centres (0 to 3 decimals, zeros,
 * equal siblings: ties), spreads and draws (random, the ends, all alike),
 * every node's points must be equal wherever the integers answer, and they
 * must answer on all but the rare run they decline. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "evalrules.h"
#include "gen_text.h"
#include "sweep.h"

typedef gen_text gen;

static uint32_t rnd(gen *g, uint32_t n) { return gen_rnd(g, n); }

static void put(gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gen_vput(g, fmt, ap);
    va_end(ap);
}

static void node(gen *g, const char *parent, int k, int depth, const char *same)
{
    static const char *points[] = {"1", "2.5", "0.125", "3", "0", "7.333", "10", "0.001", "4.75", "1"};
    char id[32];
    snprintf(id, sizeof id, "%s%s%d", parent, *parent ? "." : "", k);
    if (depth >= 3 || (depth > 0 && rnd(g, 3) == 0)) {
        put(g, "item %s \"i\" points %s { pass when b }\n", id, same ? same : points[rnd(g, 10)]);
        return;
    }
    put(g, "indicator %s \"n\" {\n", id);
    uint32_t n = rnd(g, 8) == 0 ? 17 + rnd(g, 8) : 1 + rnd(g, 5);
    const char *alike = rnd(g, 3) == 0 ? points[rnd(g, 10)] : NULL; /* siblings of equal points: ties */
    for (uint32_t c = 1; c <= n; c++)
        node(g, id, (int)c, depth + 1, alike);
    put(g, "}\n");
}

static void test_integers_equal_rationals(void **state)
{
    (void)state;
    static const char *spreads[] = {"0", "10%", "33.3%", "0.5", "0.999", "1%", "12.5%", "0.0001", "99%"};
    static char text[1 << 17];
    gen g = {.state = 27922, .buf = text, .cap = sizeof text};
    long compared = 0, declined = 0, sets = 0;
    for (int set = 0; set < 150; set++) {
        g.len = 0;
        put(&g, "standard \"S\" { title \"s\" }\nfact b : bool\n");
        uint32_t roots = 1 + rnd(&g, 4);
        for (uint32_t k = 1; k <= roots; k++)
            node(&g, "", (int)k, 0, NULL);
        er_diag *d = er_diag_new(NULL);
        er_rules *r = er_rules_load_string("s.rules", text, g.len, d);
        er_diag_free(d);
        if (!r) /* every point 0: nothing to sweep */
            continue;
        sets++;
        eri_num total = ERI_NUM_ZERO, quantum, spread;
        for (uint32_t i = 0; i < r->nroots; i++)
            assert_int_equal(eri_num_add(total, r->base.points[r->roots[i]], &total), ERI_NUM_OK);
        assert_true(eri_sweep_quantum(total, &quantum));
        assert_int_equal(eri_sweep_parse_spread(spreads[set % 9], &spread), ERI_NUM_OK);
        eri_sweep_int si;
        assert_true(eri_sweep_int_new(&si, r, r->base.points, spread, quantum));
        uint32_t n = r->nnodes;
        uint32_t steps[4096];
        int64_t q[4096], w[4096];
        eri_sweep_rank order[4096];
        eri_num factor[4096], exact[4096], fast[4096], scratch[8192];
        assert_true(n <= 4096);
        for (int run = 0; run < 120; run++) {
            for (uint32_t i = 0; i < n; i++) /* preorder: a parent's step is drawn before its children's */
                steps[i] = run == 0   ? ERI_SWEEP_STEPS /* every factor 1 */
                           : run == 1 ? 0
                           : run == 2 ? 2 * ERI_SWEEP_STEPS
                           : run % 7 == 0 ? ERI_SWEEP_STEPS + rnd(&g, 3) /* near ties */
                           : run % 5 == 0 && r->nodes[i].parent >= 0
                               ? steps[r->nodes[i].parent] /* a family alike: equal siblings tie */
                               : rnd(&g, 2 * ERI_SWEEP_STEPS + 1);
            for (uint32_t i = 0; i < n; i++)
                assert_int_equal(eri_sweep_factor(spread, steps[i], &factor[i]), ERI_NUM_OK);
            eri_numheap nums = ERI_NUMHEAP_INIT, *before = eri_numheap_use(&nums); /* as a sweep's run heap */
            bool ok = eri_sweep_points(r, r->base.points, factor, quantum, exact, scratch);
            eri_numheap_use(before);
            if (!eri_sweep_points_int(&si, r, steps, q, w, order, fast)) {
                declined++;
                eri_numheap_clear(&nums);
                continue;
            }
            assert_true(ok); /* the integers never answer where the rationals fail */
            for (uint32_t i = 0; i < n; i++)
                if (!eri_num_eq(exact[i], fast[i]))
                    fail_msg("set %d run %d node %u: %lld/%lld exact, %lld/%lld in integers\n%s", set, run, i,
                             (long long)exact[i].num, (long long)exact[i].den, (long long)fast[i].num,
                             (long long)fast[i].den, text);
            eri_numheap_clear(&nums);
            compared++;
        }
        eri_sweep_int_free(&si);
        er_rules_free(r);
    }
    print_message("%ld rule sets, %ld runs compared, %ld declined\n", sets, compared, declined);
    assert_true(sets > 100);
    assert_int_equal(declined, 0);
}

/* What does not fit in the integers is declined at setup, and the sweep
 * shares those runs out in rationals: a spread with a large denominator */
static void test_declined(void **state)
{
    (void)state;
    const char *text = "standard \"S\" { title \"s\" }\nfact b : bool\n"
                       "indicator 1 \"n\" {\n item 1.1 \"a\" points 1 { pass when b }\n"
                       " item 1.2 \"b\" points 2 { pass when b }\n}\n";
    er_diag *d = er_diag_new(NULL);
    er_rules *r = er_rules_load_string("s.rules", text, strlen(text), d);
    er_diag_free(d);
    assert_non_null(r);
    eri_sweep_int si;
    eri_num spread, quantum = {1, 1000};
    assert_int_equal(eri_sweep_parse_spread("0.12345678901", &spread), ERI_NUM_OK);
    assert_false(eri_sweep_int_new(&si, r, r->base.points, spread, quantum));
    assert_int_equal(eri_sweep_parse_spread("10%", &spread), ERI_NUM_OK);
    assert_false(eri_sweep_int_new(&si, r, r->base.points, spread, (eri_num){3, 1000})); /* not 1 / 10^k */
    assert_true(eri_sweep_int_new(&si, r, r->base.points, spread, quantum));
    eri_sweep_int_free(&si);
    er_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers_equal_rationals),
        cmocka_unit_test(test_declined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
