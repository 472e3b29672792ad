/* test_result.c — unit tests for reading a result (result.c): the public
 * accessors of include/evalrules.h and the exact ones of result.h, on the
 * bundled GB/T 27922 rules and examples.  The expected figures are those
 * of examples/EXPECTED.md, computed independently with exact fractions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"
#include "result.h"

typedef struct fixture {
    er_diag *d;
    er_rules *r;
    er_facts *f;
    er_result *res;
} fixture;

static fixture load(const char *example)
{
    fixture x = {.d = er_diag_new(stderr)};
    assert_non_null(x.d);
    x.r = er_rules_load(ERI_SOURCE_DIR "/rules/gbt27922.rules", x.d);
    assert_non_null(x.r);
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/%s", ERI_SOURCE_DIR, example);
    x.f = er_facts_load(x.r, path, x.d);
    assert_non_null(x.f);
    x.res = er_eval(x.r, x.f, x.d);
    assert_non_null(x.res);
    return x;
}

static void unload(fixture *x)
{
    er_result_free(x->res);
    er_facts_free(x->f);
    er_rules_free(x->r);
    er_diag_free(x->d);
}

/* The index of the indicator or item with this id, or -1. */
static int find(const er_result *res, const char *id)
{
    for (size_t i = 0; i < er_result_indicator_count(res); i++) {
        er_indicator in;
        assert_true(er_result_indicator(res, i, &in));
        if (strcmp(in.id, id) == 0)
            return (int)i;
    }
    return -1;
}

static void assert_total(const er_result *res, er_total which, const char *want)
{
    char buf[128];
    size_t n = er_result_total(res, which, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static void assert_amount(const er_result *res, const char *id, er_amount which, const char *want)
{
    char buf[128];
    int i = find(res, id);
    assert_true(i >= 0);
    er_result_indicator_amount(res, (size_t)i, which, buf, sizeof buf);
    assert_string_equal(buf, want);
}

/* three-star.facts: 5.2.6 excluded by rule, 5.2.2.3 by the auditor, one deduction. */
static void test_three_star(void **state)
{
    (void)state;
    fixture x = load("three-star.facts");
    const er_result *res = x.res;
    assert_int_equal(er_result_level_count(res), 4);
    assert_int_equal(er_result_level(res), 2);
    assert_int_equal(er_result_uncapped_level(res), 2);
    assert_string_equal(er_result_level_label(res, 2), "三星级");
    assert_null(er_result_level_label(res, 4));
    assert_int_equal(er_result_cap(res), -1);
    assert_total(res, ER_TOTAL_APPLICABLE, "94");
    assert_total(res, ER_TOTAL_EARNED, "256801/3300");
    assert_total(res, ER_TOTAL_NORMALIZED, "256801/3102");
    assert_total(res, ER_TOTAL_BEFORE_ROUND, "253699/3102");
    assert_total(res, ER_TOTAL_SCORE, "81.8");
    assert_string_equal(er_result_score(res), "81.8");

    /* exact numbers for the tools: the same values */
    eri_num earned = eri_result_total(res, ER_TOTAL_EARNED), want;
    assert_int_equal(eri_num_make(256801, 3300, &want), ERI_NUM_OK);
    assert_true(eri_num_eq(earned, want));
    assert_ptr_equal(eri_result_rules(res), x.r);

    /* the adjustments: deduct 1 (not capped), bonus 0 */
    assert_int_equal(er_result_adjust_count(res), 2);
    char buf[64];
    er_result_adjust_points(res, 0, buf, sizeof buf);
    assert_string_equal(buf, "1");
    assert_false(er_result_adjust_capped(res, 0));
    er_result_adjust_points(res, 1, buf, sizeof buf);
    assert_string_equal(buf, "0");
    assert_false(er_result_adjust_capped(res, 7)); /* out of range */

    /* indicators: the tree, outcomes, exclusions */
    int i526 = find(res, "5.2.6"), i5223 = find(res, "5.2.2.3"), i511 = find(res, "5.1.1");
    assert_true(i526 >= 0 && i5223 >= 0 && i511 >= 0);
    er_indicator in;
    assert_true(er_result_indicator(res, (size_t)i526, &in));
    assert_false(in.is_item);
    assert_null(in.kind);
    assert_int_equal(in.depth, 1);
    assert_string_equal(in.label, "废弃商品回收");
    assert_false(in.applicable);
    assert_int_equal(in.outcome, ER_OUTCOME_EXCLUDED);
    assert_int_equal(in.excluded_by, i526);
    assert_false(in.excluded_by_auditor);
    /* its items are excluded through it */
    assert_true(er_result_indicator(res, (size_t)i526 + 1, &in));
    assert_int_equal(in.parent, i526);
    assert_int_equal(in.excluded_by, i526);
    assert_true(er_result_indicator(res, (size_t)i5223, &in));
    assert_true(in.is_item);
    assert_true(in.excluded_by_auditor);
    assert_non_null(in.exclusion_reason);
    assert_non_null(strstr(in.exclusion_reason, "远程诊断"));
    assert_amount(res, "5.2.2.3", ER_AMOUNT_APPLICABLE, "0");
    assert_amount(res, "5.2.2.3", ER_AMOUNT_POINTS, "2");
    assert_amount(res, "5.1.1", ER_AMOUNT_EARNED, "151/44");
    assert_amount(res, "5.1.1", ER_AMOUNT_APPLICABLE, "4");
    assert_amount(res, "5.1.1.2", ER_AMOUNT_EARNED, "63/44");
    assert_true(er_result_indicator(res, (size_t)i511, &in));
    assert_int_equal(in.outcome, ER_OUTCOME_PARTIAL);
    assert_true(in.failed >= 1);
    assert_false(er_result_indicator(res, er_result_indicator_count(res), &in));
    unload(&x);
}

/* Like snprintf: the length needed, and a cut, terminated text. */
static void test_small_buffer(void **state)
{
    (void)state;
    fixture x = load("three-star.facts");
    char buf[5];
    size_t n = er_result_total(x.res, ER_TOTAL_EARNED, buf, sizeof buf);
    assert_int_equal(n, strlen("256801/3300"));
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_int_equal(er_result_total(x.res, ER_TOTAL_SCORE, NULL, 0), 4);
    unload(&x);
}

/* capped.facts: the score reaches 四星级, a rating cap holds it at 达标. */
static void test_capped(void **state)
{
    (void)state;
    fixture x = load("capped.facts");
    assert_int_equal(er_result_level(x.res), 3);
    assert_int_equal(er_result_uncapped_level(x.res), 1);
    assert_int_equal(er_result_cap(x.res), 0);
    assert_int_equal(er_result_cap_count(x.res), 1);
    assert_false(er_result_cap_lifted(x.res, 0));
    assert_false(er_result_cap_lifted(x.res, 1)); /* out of range */
    assert_total(x.res, ER_TOTAL_SCORE, "92.5");
    unload(&x);
}

/* vetoed.facts: five special deductions block any rating. */
static void test_vetoed(void **state)
{
    (void)state;
    fixture x = load("vetoed.facts");
    assert_int_equal(er_result_level(x.res), -1);
    assert_int_equal(er_result_rules_veto_count(x.res), 1);
    assert_true(er_result_vetoed(x.res, 0));
    assert_false(er_result_vetoed(x.res, 1)); /* out of range */
    assert_int_equal(er_result_veto_count(x.res), 1);
    assert_total(x.res, ER_TOTAL_SCORE, "81.5");
    unload(&x);
}

/* five-star.facts: every item applicable; a grade item reports its tier. */
static void test_five_star(void **state)
{
    (void)state;
    fixture x = load("five-star.facts");
    assert_int_equal(er_result_level(x.res), 0);
    assert_false(er_result_vetoed(x.res, 0));
    size_t grades = 0;
    for (size_t i = 0; i < er_result_indicator_count(x.res); i++) {
        er_indicator in;
        assert_true(er_result_indicator(x.res, i, &in));
        assert_true(in.applicable);
        assert_int_equal(in.excluded_by, -1);
        assert_null(in.exclusion_reason);
        if (in.is_item)
            assert_non_null(in.kind);
        if (in.kind && strcmp(in.kind, "grade") == 0) {
            grades++;
            assert_true(in.tier >= -1);
        } else
            assert_int_equal(in.tier, -1);
    }
    assert_true(grades > 0);
    assert_total(x.res, ER_TOTAL_EARNED, "58447/600");
    unload(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_star), cmocka_unit_test(test_small_buffer), cmocka_unit_test(test_capped),
        cmocka_unit_test(test_vetoed),     cmocka_unit_test(test_five_star),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
