/* test_eval.c — unit tests for the evaluator (eval.c): item scoring, grades,
 * clamping, exclusions, normalization, adjustments, rounding, vetoes, caps,
 * missing facts, run-time errors and repeated evaluation.
 *
 * Rules and facts are loaded from strings; results are read both through
 * the public API and through the result's internals (eval.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval.h"
#include "evalrules.h"
#include "evalrules_tools.h"
#include "report.h"
#include "support.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static er_rules *rules(const char *text)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    er_rules *r = er_rules_load_string("t.rules", text, strlen(text), d);
    unsigned errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    if (!r || errors)
        fail_msg("the test rules do not load:\n%s\n%s", text, out);
    free(out);
    return r;
}

typedef struct run {
    er_facts *f;
    er_result *res;
    char *out; /* diagnostics */
    size_t len;
    unsigned errors;
} run;

static run eval(const er_rules *r, const char *facts)
{
    run x = {0};
    FILE *m = open_memstream(&x.out, &x.len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    x.f = er_facts_load_string(r, "t.facts", facts, strlen(facts), d);
    if (!x.f) {
        er_diag_free(d);
        fclose(m);
        fail_msg("the test facts do not load:\n%s\n%s", facts, x.out);
    }
    x.res = er_eval(r, x.f, d);
    x.errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    return x;
}

/* Evaluates without a word. */
static run ok(const er_rules *r, const char *facts)
{
    run x = eval(r, facts);
    if (!x.res || x.errors || x.len)
        fail_msg("expected a clean evaluation of:\n%s\ngot:\n%s", facts, x.out);
    return x;
}

static void done(run *x)
{
    er_result_free(x->res);
    er_facts_free(x->f);
    free(x->out);
}

static void contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find\n%s\nin\n%s", needle, hay);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void assert_num(eri_num a, int64_t num, int64_t den)
{
    if (a.num != num || a.den != den)
        fail_msg("expected %lld/%lld, got %lld/%lld", (long long)num, (long long)den, (long long)a.num,
                 (long long)a.den);
}

static const eri_node_result *node(const run *x, const er_rules *r, const char *id)
{
    int32_t i = eri_rules_find_node(r, id, strlen(id));
    if (i < 0)
        fail_msg("no node %s", id);
    return &x->res->nodes[i];
}

/* ---------------------------------------------------------------------- */
/* Items                                                                   */
/* ---------------------------------------------------------------------- */

static const char items_rules[] =
    "fact a : bool\n"
    "fact s : sample\n"
    "fact p : percent range 0%..100%\n"
    "fact n : int range 0..\n"
    "item 1 \"pass\" points 10 { pass when a }\n"
    "item 2 \"ratio\" points 10 { ratio s }\n"
    "item 3 \"grade\" points 10 {\n"
    "  grade p {\n"
    "    >= 90% : 100%\n"
    "    >= 80% : 50%\n"
    "    otherwise 0\n"
    "  }\n"
    "}\n"
    "item 4 \"score\" points 5 { score n - 2 }\n";

static char *items_facts(const char *a, const char *s, const char *p, const char *n)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "a = %s\ns = %s\np = %s\nn = %s\n", a, s, p, n);
    return buf;
}

static void test_pass_and_fail(void **state)
{
    (void)state;
    er_rules *r = rules(items_rules);
    run x = ok(r, items_facts("yes", "1/1", "100%", "2"));
    const eri_node_result *n = node(&x, r, "1");
    assert_true(n->applicable);
    assert_num(n->earned, 10, 1);
    assert_int_equal(n->outcome, ERI_OUT_FULL);
    assert_int_equal(n->failed, 0);
    done(&x);
    x = ok(r, items_facts("no", "1/1", "100%", "2"));
    n = node(&x, r, "1");
    assert_num(n->earned, 0, 1);
    assert_num(n->applicable_points, 10, 1);
    assert_int_equal(n->outcome, ERI_OUT_ZERO);
    assert_int_equal(n->failed, 1);
    done(&x);
    er_rules_free(r);
}

static void test_ratio_from_sample(void **state)
{
    (void)state;
    er_rules *r = rules(items_rules);
    run x = ok(r, items_facts("yes", "18/20", "100%", "2"));
    const eri_node_result *n = node(&x, r, "2");
    assert_num(n->earned, 9, 1);
    assert_num(n->share, 9, 10);
    assert_false(n->clamped);
    assert_int_equal(n->outcome, ERI_OUT_PARTIAL);
    /* 10 + 9 + 10 + 0 */
    assert_num(x.res->earned_total, 29, 1);
    assert_num(x.res->applicable_total, 35, 1);
    done(&x);
    /* a share that does not terminate stays exact */
    x = ok(r, items_facts("yes", "2/3", "100%", "2"));
    assert_num(node(&x, r, "2")->earned, 20, 3);
    done(&x);
    er_rules_free(r);
}

static void test_grade_tiers_and_boundaries(void **state)
{
    (void)state;
    er_rules *r = rules(items_rules);
    static const struct {
        const char *p;
        int tier;
        int64_t earned;
    } cases[] = {
        {"100%", 0, 10}, {"90%", 0, 10},  /* exactly 90% hits the >= 90% tier */
        {"89.99%", 1, 5}, {"80%", 1, 5}, /* exactly 80% hits >= 80% */
        {"79.99%", -1, 0}, {"0%", -1, 0}, /* 'otherwise' */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run x = ok(r, items_facts("yes", "1/1", cases[i].p, "2"));
        const eri_node_result *n = node(&x, r, "3");
        if (n->tier != cases[i].tier)
            fail_msg("p = %s: expected tier %d, got %d", cases[i].p, cases[i].tier, n->tier);
        assert_num(n->earned, cases[i].earned, 1);
        done(&x);
    }
    er_rules_free(r);
}

static void test_grade_strict_and_upward_tiers(void **state)
{
    (void)state;
    er_rules *r = rules("fact rework : percent range 0%..100%\n"
                        "item 1 \"a\" points 2 {\n"
                        "  grade rework {\n"
                        "    <= 2% : 100%\n"
                        "    < 5% : 50%\n"
                        "  }\n"
                        "}\n");
    run x = ok(r, "rework = 2%\n");
    assert_num(node(&x, r, "1")->earned, 2, 1);
    done(&x);
    x = ok(r, "rework = 4.99%\n");
    assert_num(node(&x, r, "1")->earned, 1, 1);
    done(&x);
    x = ok(r, "rework = 5%\n"); /* not < 5%; no otherwise: nothing */
    assert_num(node(&x, r, "1")->earned, 0, 1);
    assert_int_equal(node(&x, r, "1")->tier, -1);
    done(&x);
    er_rules_free(r);
}

static void test_score_expression_clamped(void **state)
{
    (void)state;
    er_rules *r = rules(items_rules);
    /* n - 2 = 5: exactly the points, not clamped */
    run x = ok(r, items_facts("yes", "1/1", "100%", "7"));
    const eri_node_result *n = node(&x, r, "4");
    assert_num(n->earned, 5, 1);
    assert_false(n->clamped);
    done(&x);
    /* n - 2 = 8: clamped to the 5 points */
    x = ok(r, items_facts("yes", "1/1", "100%", "10"));
    n = node(&x, r, "4");
    assert_num(n->earned, 5, 1);
    assert_num(n->raw, 8, 1);
    assert_true(n->clamped);
    assert_int_equal(n->outcome, ERI_OUT_FULL);
    done(&x);
    /* n - 2 = -2: clamped to 0 */
    x = ok(r, items_facts("yes", "1/1", "100%", "0"));
    n = node(&x, r, "4");
    assert_num(n->earned, 0, 1);
    assert_num(n->raw, -2, 1);
    assert_true(n->clamped);
    assert_int_equal(n->outcome, ERI_OUT_ZERO);
    done(&x);
    er_rules_free(r);
}

static void test_ratio_clamped(void **state)
{
    (void)state;
    er_rules *r = rules("fact x : int range 0..\n"
                        "fact y : int range 1..\n"
                        "item 1 \"a\" points 4 { ratio x / y }\n");
    run x = ok(r, "x = 3\ny = 2\n");
    const eri_node_result *n = node(&x, r, "1");
    assert_num(n->earned, 4, 1);
    assert_num(n->raw, 3, 2);
    assert_true(n->clamped);
    done(&x);
    er_rules_free(r);
}

static void test_real_5_1_2_2_formula(void **state)
{
    (void)state;
    er_rules *r = rules("fact staff.managers : int range 0..\n"
                        "fact staff.certified : int range 0..\n"
                        "item 5.1.2.2 \"售后服务管理师\" points 5 {\n"
                        "  let need = max(1, ceil(staff.managers * 10%))\n"
                        "  score points * min(1, staff.certified / need)\n"
                        "}\n");
    /* 12 managers need ceil(1.2) = 2; 1 certified gives half */
    run x = ok(r, "staff.managers = 12\nstaff.certified = 1\n");
    assert_num(node(&x, r, "5.1.2.2")->earned, 5, 2);
    done(&x);
    /* 3 managers still need 1 */
    x = ok(r, "staff.managers = 3\nstaff.certified = 1\n");
    assert_num(node(&x, r, "5.1.2.2")->earned, 5, 1);
    done(&x);
    er_rules_free(r);
}

/* ---------------------------------------------------------------------- */
/* Exclusions and normalization                                            */
/* ---------------------------------------------------------------------- */

static const char excl_rules[] =
    "fact mode : enum { own, none }\n"
    "fact a : bool\n"
    "fact b : bool\n"
    "fact c : bool\n"
    "indicator 1 \"A\" {\n"
    "  item 1.1 \"x\" points 20 { pass when a }\n"
    "  item 1.2 \"y\" points 30 { excludable pass when b }\n"
    "}\n"
    "indicator 2 \"B\" {\n"
    "  exclude when mode == \"none\" because \"no delivery\"\n"
    "  excludable \"no delivery, whatever the mode says\"\n"
    "  item 2.1 \"z\" points 25 { pass when c }\n"
    "  item 2.2 \"w\" points 25 { pass when not c }\n"
    "}\n"
    "total { normalize to 100 round half_up to 0.1 }\n";

static void test_nothing_excluded(void **state)
{
    (void)state;
    er_rules *r = rules(excl_rules);
    run x = ok(r, "mode = own\na = yes\nb = no\nc = yes\n");
    assert_num(x.res->applicable_total, 100, 1);
    assert_num(x.res->earned_total, 45, 1);
    assert_string_equal(er_result_score(x.res), "45.0");
    done(&x);
    er_rules_free(r);
}

static void test_auditor_exclusion_removes_points_from_both_totals(void **state)
{
    (void)state;
    er_rules *r = rules(excl_rules);
    /* b is not given: only the excluded 1.2 reads it */
    run x = ok(r, "mode = own\na = yes\nc = yes\nexclude 1.2 \"不涉及\"\n");
    const eri_node_result *n = node(&x, r, "1.2");
    assert_false(n->applicable);
    assert_int_equal(n->outcome, ERI_OUT_EXCLUDED);
    assert_true(n->by_auditor);
    assert_string_equal(n->reason, "不涉及");
    assert_num(n->earned, 0, 1);
    assert_num(n->applicable_points, 0, 1);
    assert_num(node(&x, r, "1")->applicable_points, 20, 1);
    assert_num(x.res->applicable_total, 70, 1);
    assert_num(x.res->earned_total, 45, 1);
    /* 45 / 70 × 100 = 64.2857… → 64.3 */
    assert_num(x.res->normalized, 450, 7);
    assert_string_equal(er_result_score(x.res), "64.3");
    done(&x);
    er_rules_free(r);
}

static void test_rule_exclusion(void **state)
{
    (void)state;
    er_rules *r = rules(excl_rules);
    /* c is not needed once 2 is excluded by its rule */
    run x = ok(r, "mode = none\na = yes\nb = yes\n");
    const eri_node_result *n = node(&x, r, "2");
    assert_false(n->applicable);
    assert_false(n->by_auditor);
    assert_string_equal(n->reason, "no delivery");
    assert_int_equal(n->excluded_by, eri_rules_find_node(r, "2", 1));
    assert_num(x.res->applicable_total, 50, 1);
    assert_num(x.res->earned_total, 50, 1);
    assert_string_equal(er_result_score(x.res), "100.0");
    done(&x);
    er_rules_free(r);
}

static void test_excluding_an_indicator_excludes_its_children(void **state)
{
    (void)state;
    er_rules *r = rules(excl_rules);
    int32_t two = eri_rules_find_node(r, "2", 1);
    /* by the auditor */
    run x = ok(r, "mode = own\na = yes\nb = yes\nexclude 2 \"本企业不提供配送\"\n");
    for (int k = 0; k < 2; k++) {
        const eri_node_result *n = node(&x, r, k ? "2.2" : "2.1");
        assert_false(n->applicable);
        assert_int_equal(n->outcome, ERI_OUT_EXCLUDED);
        assert_int_equal(n->excluded_by, two);
        assert_true(n->by_auditor);
        assert_num(n->earned, 0, 1);
        assert_num(n->applicable_points, 0, 1);
    }
    assert_num(x.res->applicable_total, 50, 1);
    done(&x);
    /* by the rule */
    x = ok(r, "mode = none\na = yes\nb = yes\n");
    assert_false(node(&x, r, "2.1")->applicable);
    assert_int_equal(node(&x, r, "2.1")->excluded_by, two);
    assert_false(node(&x, r, "2.1")->by_auditor);
    done(&x);
    er_rules_free(r);
}

static void test_everything_excluded_cannot_be_normalized(void **state)
{
    (void)state;
    er_rules *r = rules("fact a : bool\n"
                        "item 1 \"x\" points 20 { excludable pass when a }\n"
                        "total { normalize to 100 }\n");
    run x = eval(r, "exclude 1 \"n/a\"\n");
    assert_null(x.res);
    assert_string_equal(x.out, "t.facts: error: nothing left to score: every item is excluded, so the score "
                               "cannot be normalized\n");
    done(&x);
    er_rules_free(r);
}

static void test_normalization_is_exact(void **state)
{
    (void)state;
    er_rules *r = rules("fact a : bool\n"
                        "fact s : sample\n"
                        "item 1 \"x\" points 40 { pass when a }\n"
                        "item 2 \"y\" points 10 { ratio s }\n"
                        "total { normalize to 100 round half_up to 0.1 }\n");
    /* earned 47 of 50 applicable → 94 exactly */
    run x = ok(r, "a = yes\ns = 7/10\n");
    assert_num(x.res->earned_total, 47, 1);
    assert_num(x.res->applicable_total, 50, 1);
    assert_num(x.res->normalized, 94, 1);
    assert_num(x.res->score, 94, 1);
    assert_string_equal(er_result_score(x.res), "94.0");
    done(&x);
    /* 0.1 steps add up exactly: 40 + 10 × 3/10 = 43 → 86 */
    x = ok(r, "a = yes\ns = 3/10\n");
    assert_num(x.res->normalized, 86, 1);
    done(&x);
    er_rules_free(r);
}

static void test_without_total_the_score_is_the_earned_sum(void **state)
{
    (void)state;
    er_rules *r = rules("fact s : sample\n"
                        "item 1 \"y\" points 10 { ratio s }\n");
    run x = ok(r, "s = 1/4\n");
    assert_num(x.res->score, 5, 2);
    assert_string_equal(er_result_score(x.res), "2.5");
    assert_null(er_result_rating(x.res));
    done(&x);
    er_rules_free(r);
}

/* ---------------------------------------------------------------------- */
/* Total, vetoes, levels                                                   */
/* ---------------------------------------------------------------------- */

static const char total_rules[] =
    "fact s : sample\n"
    "fact d : int range 0.. default 0\n"
    "fact b : int range 0.. default 0\n"
    "fact since : date\n"
    "fact audit : date\n"
    "item 1 \"x\" points 100 { ratio s }\n"
    "total {\n"
    "  normalize to 100\n"
    "  deduct \"扣分\" d\n"
    "  bonus \"加分\" b cap 1\n"
    "  round half_up to 0.1\n"
    "}\n"
    "veto \"too many deductions\" when d >= 5\n"
    "veto \"far too low\" when score < 10\n"
    "rating {\n"
    "  level \"A\" at 95\n"
    "  level \"B\" at 90\n"
    "  level \"C\" at 70\n"
    "  otherwise \"unrated\"\n"
    "  cap \"C\" unless days_between(since, audit) >= 365 or score >= 95 because \"one year at C first\"\n"
    "}\n";

static char *total_facts(const char *s, int d, int b, const char *since)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "s = %s\nd = %d\nb = %d\nsince = %s\naudit = 2026-06-16\n", s, d, b, since);
    return buf;
}

static const char *long_ago = "2020-01-01";

static void test_deduction_and_capped_bonus(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    /* 90 - 2 + min(3, 1) = 89 */
    run x = ok(r, total_facts("9/10", 2, 3, long_ago));
    assert_num(x.res->normalized, 90, 1);
    assert_num(x.res->adjusts[0].applied, 2, 1);
    assert_false(x.res->adjusts[0].capped);
    assert_num(x.res->adjusts[1].value, 3, 1);
    assert_num(x.res->adjusts[1].applied, 1, 1);
    assert_true(x.res->adjusts[1].capped);
    assert_num(x.res->before_round, 89, 1);
    assert_string_equal(er_result_score(x.res), "89.0");
    assert_string_equal(er_result_rating(x.res), "C");
    done(&x);
    /* a bonus under its cap is applied whole */
    x = ok(r, total_facts("9/10", 0, 1, long_ago));
    assert_false(x.res->adjusts[1].capped);
    assert_string_equal(er_result_score(x.res), "91.0");
    assert_string_equal(er_result_rating(x.res), "B");
    done(&x);
    er_rules_free(r);
}

static void test_defaults_used_when_absent(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    run x = ok(r, "s = 9/10\nsince = 2020-01-01\naudit = 2026-06-16\n");
    int32_t d = eri_rules_find_fact(r, "d", 1), b = eri_rules_find_fact(r, "b", 1);
    assert_true(x.f->entries[d].defaulted);
    assert_true(x.f->entries[b].defaulted);
    assert_num(x.res->adjusts[0].applied, 0, 1);
    assert_num(x.res->adjusts[1].applied, 0, 1);
    assert_string_equal(er_result_score(x.res), "90.0");
    done(&x);
    er_rules_free(r);
}

static void test_round_half_up_94_95(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    run x = ok(r, total_facts("1899/2000", 0, 0, long_ago));
    assert_num(x.res->before_round, 1899, 20); /* 94.95 exactly */
    assert_num(x.res->score, 95, 1);
    assert_string_equal(er_result_score(x.res), "95.0");
    assert_string_equal(er_result_rating(x.res), "A");
    done(&x);
    /* 94.9499… is not a tie */
    x = ok(r, total_facts("18989/20000", 0, 0, long_ago));
    assert_string_equal(er_result_score(x.res), "94.9");
    assert_string_equal(er_result_rating(x.res), "B");
    done(&x);
    er_rules_free(r);
}

static void test_round_69_95_is_rated(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    /* 70.95 - 1 = 69.95 → 70.0 → level C (at 70) */
    run x = ok(r, total_facts("1419/2000", 1, 0, long_ago));
    assert_num(x.res->before_round, 1399, 20);
    assert_string_equal(er_result_score(x.res), "70.0");
    assert_string_equal(er_result_rating(x.res), "C");
    done(&x);
    /* 69.94 → 69.9: not rated */
    x = ok(r, total_facts("6994/10000", 0, 0, long_ago));
    assert_string_equal(er_result_score(x.res), "69.9");
    assert_null(er_result_rating(x.res));
    assert_int_equal(x.res->level, -1);
    done(&x);
    er_rules_free(r);
}

static void test_rounding_modes(void **state)
{
    (void)state;
    static const struct {
        const char *mode, *score;
    } cases[] = {{"half_up", "95"}, {"half_even", "94"}, {"half_down", "94"}, {"down", "94"},
                 {"up", "95"},      {"floor", "94"},     {"ceiling", "95"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[256];
        snprintf(text, sizeof text,
                 "fact s : sample\nitem 1 \"x\" points 100 { ratio s }\n"
                 "total { normalize to 100 round %s to 1 }\n",
                 cases[i].mode);
        er_rules *r = rules(text);
        run x = ok(r, "s = 189/200\n"); /* 94.5 */
        if (strcmp(er_result_score(x.res), cases[i].score) != 0)
            fail_msg("round %s: expected %s, got %s", cases[i].mode, cases[i].score, er_result_score(x.res));
        done(&x);
        er_rules_free(r);
    }
}

static void test_veto_at_five_deductions(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    run x = ok(r, total_facts("1/1", 4, 0, long_ago));
    assert_int_equal(er_result_veto_count(x.res), 0);
    assert_string_equal(er_result_score(x.res), "96.0");
    assert_string_equal(er_result_rating(x.res), "A");
    done(&x);
    x = ok(r, total_facts("1/1", 5, 0, long_ago));
    assert_int_equal(er_result_veto_count(x.res), 1);
    assert_string_equal(er_result_veto_message(x.res, 0), "too many deductions");
    assert_null(er_result_veto_message(x.res, 1));
    /* the score is still computed; the level is not given */
    assert_string_equal(er_result_score(x.res), "95.0");
    assert_null(er_result_rating(x.res));
    assert_int_equal(x.res->uncapped_level, 0);
    done(&x);
    er_rules_free(r);
}

static void test_every_veto_that_fires_is_reported(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    run x = ok(r, total_facts("0/10", 6, 0, long_ago));
    assert_string_equal(er_result_score(x.res), "-6.0");
    assert_int_equal(er_result_veto_count(x.res), 2);
    assert_string_equal(er_result_veto_message(x.res, 0), "too many deductions");
    assert_string_equal(er_result_veto_message(x.res, 1), "far too low");
    assert_null(er_result_rating(x.res));
    done(&x);
    /* only the second */
    x = ok(r, total_facts("0/10", 0, 0, long_ago));
    assert_int_equal(er_result_veto_count(x.res), 1);
    assert_string_equal(er_result_veto_message(x.res, 0), "far too low");
    done(&x);
    er_rules_free(r);
}

static void test_cap_limits_the_level_unless(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    /* 92: level B by score, but rated less than a year ago: capped at C */
    run x = ok(r, total_facts("92/100", 0, 0, "2026-01-01"));
    assert_string_equal(er_result_score(x.res), "92.0");
    assert_int_equal(x.res->uncapped_level, 1);
    assert_int_equal(x.res->level, 2);
    assert_int_equal(x.res->cap, 0);
    assert_false(x.res->cap_held[0]);
    assert_string_equal(er_result_rating(x.res), "C");
    done(&x);
    /* the 'unless' holds: a year has passed (exactly 365 days) */
    x = ok(r, total_facts("92/100", 0, 0, "2025-06-16"));
    assert_true(x.res->cap_held[0]);
    assert_int_equal(x.res->cap, -1);
    assert_string_equal(er_result_rating(x.res), "B");
    done(&x);
    /* 364 days is not enough */
    x = ok(r, total_facts("92/100", 0, 0, "2025-06-17"));
    assert_string_equal(er_result_rating(x.res), "C");
    done(&x);
    /* the 'unless' holds: an outstanding score */
    x = ok(r, total_facts("96/100", 0, 0, "2026-01-01"));
    assert_string_equal(er_result_rating(x.res), "A");
    assert_int_equal(x.res->cap, -1);
    done(&x);
    /* a score at or below the cap's level is not touched */
    x = ok(r, total_facts("75/100", 0, 0, "2026-01-01"));
    assert_string_equal(er_result_rating(x.res), "C");
    assert_int_equal(x.res->cap, -1);
    done(&x);
    er_rules_free(r);
}

static void test_next_level(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    run x = ok(r, total_facts("92/100", 0, 0, long_ago));
    eri_num need;
    int32_t next = eri_report_next_level(x.res, &need);
    assert_int_equal(next, 0);
    assert_num(need, 3, 1);
    done(&x);
    /* unrated: the lowest level is next */
    x = ok(r, total_facts("655/1000", 0, 0, long_ago));
    next = eri_report_next_level(x.res, &need);
    assert_int_equal(next, 2);
    assert_num(need, 9, 2); /* 70 - 65.5 */
    done(&x);
    /* at the top: none */
    x = ok(r, total_facts("1/1", 0, 0, long_ago));
    assert_int_equal(eri_report_next_level(x.res, &need), -1);
    done(&x);
    er_rules_free(r);
}

/* ---------------------------------------------------------------------- */
/* Missing facts and run-time errors                                       */
/* ---------------------------------------------------------------------- */

static void test_missing_facts_all_listed(void **state)
{
    (void)state;
    er_rules *r = rules(excl_rules);
    run x = eval(r, "mode = own\nc = yes\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 2);
    assert_string_equal(x.out, "t.facts: error: missing fact 'a' (bool), needed by 1.1\n"
                               "t.facts: error: missing fact 'b' (bool), needed by 1.2\n"
                               "t.facts: note: an incomplete audit is not scored: add the 2 missing facts "
                               "(name = value), or exclude the indicators they belong to where the rules allow it (exclude ID "
                               "\"reason\")\n");
    done(&x);
    er_rules_free(r);
}

static void test_missing_facts_of_total_vetoes_and_caps_listed_too(void **state)
{
    (void)state;
    er_rules *r = rules("fact s : sample \"抽查\"\n"
                        "fact d : int range 0..\n"
                        "fact since : date\n"
                        "fact audit : date\n"
                        "item 1 \"x\" points 100 { ratio s }\n"
                        "total { normalize to 100 deduct \"扣分\" d }\n"
                        "veto \"v\" when d >= 5\n"
                        "rating { level \"A\" at 90 level \"C\" at 70 cap \"C\" unless days_between(since, audit) >= 365 }\n");
    run x = eval(r, "\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 4);
    contains(x.out, "t.facts: error: missing fact 's' (sample: 抽查), needed by 1\n");
    contains(x.out, "t.facts: error: missing fact 'd' (int), needed by 扣分\n");
    contains(x.out, "t.facts: error: missing fact 'since' (date), needed by a rating cap\n");
    contains(x.out, "t.facts: error: missing fact 'audit' (date), needed by a rating cap\n");
    contains(x.out, "add the 4 missing facts");
    done(&x);
    /* with the items and the total complete, the cap's facts are listed */
    x = eval(r, "s = 1/1\nd = 0\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 2);
    contains(x.out, "missing fact 'since' (date), needed by a rating cap\n");
    contains(x.out, "missing fact 'audit' (date), needed by a rating cap\n");
    done(&x);
    er_rules_free(r);
}

/* Regression: when every item can be scored but a fact of the total (deduct/bonus)
 * is missing, totals() fails and rate() never runs, so the facts that only
 * the vetoes and rating caps read are not listed: this reports 1 missing
 * fact ('d') instead of 3 ('d', 'since', 'audit').  er_eval's "list those of
 * the total, the vetoes and the caps too" pass runs only when an item
 * failed. */
static void test_missing_facts_after_a_missing_adjustment_fact(void **state)
{
    (void)state;
    er_rules *r = rules("fact s : sample\n"
                        "fact d : int range 0..\n"
                        "fact since : date\n"
                        "fact audit : date\n"
                        "item 1 \"x\" points 100 { ratio s }\n"
                        "total { normalize to 100 deduct \"扣分\" d }\n"
                        "rating { level \"A\" at 90 level \"C\" at 70 cap \"C\" unless days_between(since, audit) >= 365 }\n");
    run x = eval(r, "s = 1/1\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 3);
    contains(x.out, "missing fact 'd' (int), needed by 扣分\n");
    contains(x.out, "missing fact 'since' (date), needed by a rating cap\n");
    contains(x.out, "missing fact 'audit' (date), needed by a rating cap\n");
    done(&x);
    er_rules_free(r);
}

static void test_facts_of_excluded_indicators_not_required(void **state)
{
    (void)state;
    er_rules *r = rules(excl_rules);
    run x = ok(r, "mode = own\na = yes\nb = yes\nexclude 2 \"n/a\"\n");
    assert_num(x.res->applicable_total, 50, 1);
    done(&x);
    er_rules_free(r);
}

static void test_missing_fact_of_an_exclusion_condition(void **state)
{
    (void)state;
    er_rules *r = rules(excl_rules);
    run x = eval(r, "a = yes\nb = yes\nc = yes\n");
    assert_null(x.res);
    contains(x.out, "t.facts: error: missing fact 'mode' (enum), needed by 2\n");
    done(&x);
    er_rules_free(r);
}

static void test_division_by_zero_at_run_time(void **state)
{
    (void)state;
    er_rules *r = rules("fact x : int range 0..\n"
                        "fact y : int range 0..\n"
                        "item 1 \"d\" points 10 { score min(points, x / y) }\n");
    run x = eval(r, "x = 4\ny = 0\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 1);
    assert_string_equal(x.out, "t.rules:3:42: error: division by zero while evaluating this for t.facts\n"
                               "    3 | item 1 \"d\" points 10 { score min(points, x / y) }\n"
                               "      |                                          ^~~~~\n"
                               "t.facts:2:5: note: y is 0 here\n" /* the divisor's facts, not x */
                               "    2 | y = 0\n"
                               "      |     ^\n");
    done(&x);
    x = ok(r, "x = 4\ny = 2\n");
    assert_num(node(&x, r, "1")->earned, 2, 1);
    done(&x);
    er_rules_free(r);
}

static void test_earned_applicable_failed(void **state)
{
    (void)state;
    er_rules *r = rules("fact a : bool\n"
                        "fact b : bool\n"
                        "fact s : sample\n"
                        "indicator 1 \"A\" {\n"
                        "  item 1.1 \"x\" points 2 { pass when a }\n"
                        "  item 1.2 \"y\" points 3 { excludable pass when b }\n"
                        "  item 1.3 \"z\" points 5 { ratio s }\n"
                        "}\n"
                        "item 2 \"E\" points 10 { score earned(1) }\n"
                        "item 3 \"P\" points 10 { score applicable(1) }\n"
                        "item 4 \"F\" points 3 { score failed(1) }\n"
                        "item 5 \"X\" points 1 { pass when excluded(1.2) }\n");
    run x = ok(r, "a = yes\nb = no\ns = 1/2\n");
    assert_num(node(&x, r, "2")->earned, 9, 2);
    assert_num(node(&x, r, "3")->earned, 10, 1);
    assert_num(node(&x, r, "4")->earned, 2, 1);
    assert_num(node(&x, r, "5")->earned, 0, 1);
    assert_int_equal(node(&x, r, "1")->failed, 2);
    done(&x);
    x = ok(r, "a = yes\ns = 1/2\nexclude 1.2 \"n/a\"\n");
    assert_num(node(&x, r, "2")->earned, 9, 2);
    assert_num(node(&x, r, "3")->earned, 7, 1);
    assert_num(node(&x, r, "4")->earned, 1, 1);
    assert_num(node(&x, r, "5")->earned, 1, 1);
    done(&x);
    er_rules_free(r);
}

static void test_earned_of_a_later_indicator(void **state)
{
    (void)state;
    /* 1 reads 2, declared after it: evaluated on demand */
    er_rules *r = rules("fact a : bool\n"
                        "item 1 \"first\" points 4 { score earned(2) }\n"
                        "item 2 \"second\" points 4 { pass when a }\n");
    run x = ok(r, "a = yes\n");
    assert_num(node(&x, r, "1")->earned, 4, 1);
    assert_num(x.res->earned_total, 8, 1);
    done(&x);
    er_rules_free(r);
}

static void test_let_evaluated_once(void **state)
{
    (void)state;
    er_rules *r = rules("fact x : int range 0..\n"
                        "fact y : int range 0..\n"
                        "let q = x / y\n"
                        "item 1 \"a\" points 10 { score min(points, q) }\n"
                        "item 2 \"b\" points 10 { score min(points, q * 2) }\n");
    run x = ok(r, "x = 4\ny = 2\n");
    assert_num(node(&x, r, "1")->earned, 2, 1);
    assert_num(node(&x, r, "2")->earned, 4, 1);
    assert_int_equal(x.res->let_state[0], 2);
    assert_num(x.res->let_vals[0].num, 2, 1);
    done(&x);
    /* one failure, reported once, although two items use the value */
    x = eval(r, "x = 4\ny = 0\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 1);
    assert_int_equal(count(x.out, "division by zero"), 1);
    contains(x.out, "t.rules:3:9: error: division by zero while evaluating this for t.facts\n");
    done(&x);
    er_rules_free(r);
}

static void test_let_in_a_node_scope(void **state)
{
    (void)state;
    er_rules *r = rules("fact n : int range 0..\n"
                        "indicator 1 \"A\" {\n"
                        "  let half = points / 2\n"
                        "  item 1.1 \"x\" points 4 { score min(points, half * n) }\n"
                        "  item 1.2 \"y\" points 6 { score min(points, half) }\n"
                        "}\n");
    run x = ok(r, "n = 1\n");
    /* 'points' in the let is the indicator's (10) */
    assert_num(node(&x, r, "1.1")->earned, 4, 1);
    assert_num(node(&x, r, "1.2")->earned, 5, 1);
    done(&x);
    er_rules_free(r);
}

static void test_enum_and_text_comparisons(void **state)
{
    (void)state;
    er_rules *r = rules("fact mode : enum { own, contracted, none }\n"
                        "item 1 \"a\" points 1 { pass when mode == \"contracted\" }\n"
                        "item 2 \"b\" points 1 { pass when mode != \"none\" }\n");
    run x = ok(r, "mode = contracted\n");
    assert_num(x.res->earned_total, 2, 1);
    done(&x);
    x = ok(r, "mode = \"none\"\n");
    assert_num(x.res->earned_total, 0, 1);
    done(&x);
    er_rules_free(r);
}

static void test_text_fact_comparison(void **state)
{
    (void)state;
    er_rules *r = rules("fact leader : text\n"
                        "item 1 \"a\" points 1 { pass when leader == \"张三\" }\n"
                        "item 2 \"b\" points 1 { pass when leader != \"\" }\n");
    run x = ok(r, "leader = \"张三\"\n");
    assert_num(x.res->earned_total, 2, 1);
    done(&x);
    x = ok(r, "leader = \"\"\n");
    assert_num(x.res->earned_total, 0, 1);
    done(&x);
    er_rules_free(r);
}

/* Regression (was a crash): an enum compared with a string written on the LEFT,
 * "none" == mode, crashes the evaluator (SEGV in equal(), eval.c: it
 * indexes r->facts[e->aux] with aux == -1).  check.c sets the comparison's
 * aux only when the enum is the left operand (e->a->type == ERI_TY_ENUM).
 * The same with a named value: let m = mode … "own" == m. */
static void test_enum_on_the_right_of_a_comparison(void **state)
{
    (void)state;
    er_rules *r = rules("fact mode : enum { own, none }\n"
                        "item 1 \"a\" points 1 { pass when \"none\" == mode }\n"
                        "item 2 \"b\" points 1 { pass when \"none\" != mode }\n");
    run x = ok(r, "mode = none\n");
    assert_num(node(&x, r, "1")->earned, 1, 1);
    assert_num(node(&x, r, "2")->earned, 0, 1);
    done(&x);
    er_rules_free(r);
}

static void test_short_circuit_skips_missing_facts_not(void **state)
{
    (void)state;
    /* a fact the rule reads is required even when 'or' would not reach it */
    er_rules *r = rules("fact a : bool\nfact b : bool\n"
                        "item 1 \"a\" points 1 { pass when a or b }\n");
    run x = eval(r, "a = yes\n");
    assert_null(x.res);
    contains(x.out, "missing fact 'b' (bool), needed by 1\n");
    done(&x);
    er_rules_free(r);
}

/* ---------------------------------------------------------------------- */
/* Repeated evaluation                                                     */
/* ---------------------------------------------------------------------- */

static void test_same_rules_many_times(void **state)
{
    (void)state;
    er_rules *r = rules(items_rules);
    char first[64] = "";
    for (int i = 0; i < 1000; i++) {
        int k = i % 21, pc = i % 101, n = i % 9;
        bool a = i % 2;
        char facts[256], pstr[16], sstr[16], nstr[16];
        snprintf(pstr, sizeof pstr, "%d%%", pc);
        snprintf(sstr, sizeof sstr, "%d/20", k);
        snprintf(nstr, sizeof nstr, "%d", n);
        snprintf(facts, sizeof facts, "%s", items_facts(a ? "yes" : "no", sstr, pstr, nstr));
        run x = ok(r, facts);
        /* 10a + 10k/20 + grade + clamp(n - 2, 0, 5), in halves */
        int64_t halves = (a ? 20 : 0) + k + (pc >= 90 ? 20 : pc >= 80 ? 10 : 0) +
                         2 * (n - 2 < 0 ? 0 : n - 2 > 5 ? 5 : n - 2);
        eri_num want;
        assert_int_equal(eri_num_make(halves, 2, &want), ERI_NUM_OK);
        if (!eri_num_eq(x.res->earned_total, want))
            fail_msg("run %d: expected %lld/2, got %lld/%lld", i, (long long)halves,
                     (long long)x.res->earned_total.num, (long long)x.res->earned_total.den);
        /* the same facts again give the same answer */
        run y = ok(r, facts);
        assert_string_equal(er_result_score(x.res), er_result_score(y.res));
        assert_true(eri_num_eq(x.res->earned_total, y.res->earned_total));
        if (i == 0)
            snprintf(first, sizeof first, "%s", er_result_score(x.res));
        done(&y);
        done(&x);
    }
    /* and the first facts once more, after all the others */
    run z = ok(r, items_facts("no", "0/20", "0%", "0"));
    assert_string_equal(er_result_score(z.res), first);
    done(&z);
    er_rules_free(r);
}

static void test_results_are_independent(void **state)
{
    (void)state;
    er_rules *r = rules(total_rules);
    run x = ok(r, total_facts("92/100", 0, 0, long_ago));
    run y = ok(r, total_facts("50/100", 0, 0, long_ago));
    /* two live results over one rule set do not disturb each other */
    assert_string_equal(er_result_score(x.res), "92.0");
    assert_string_equal(er_result_rating(x.res), "B");
    assert_string_equal(er_result_score(y.res), "50.0");
    assert_null(er_result_rating(y.res));
    done(&x);
    done(&y);
    er_rules_free(r);
}

static void test_examples_score_as_expected(void **state)
{
    (void)state;
    /* the expectations of examples/EXPECTED.md */
    static const struct {
        const char *file, *score, *rating;
        size_t vetoes;
    } cases[] = {
        {"five-star.facts", "97.4", "五星级", 0},   {"first-five-star.facts", "97.5", "五星级", 0},
        {"four-star.facts", "91.1", "四星级", 0},   {"three-star.facts", "81.8", "三星级", 0},
        {"standard.facts", "73.4", "达标", 0},      {"unrated.facts", "61.9", NULL, 0},
        {"vetoed.facts", "81.5", NULL, 1},          {"capped.facts", "92.5", "达标", 0},
    };
    char root[4096];
    const char *file = __FILE__, *cut = strstr(file, "tests/unit/test_eval.c");
    snprintf(root, sizeof root, "%.*s", cut ? (int)(cut - file) : 0, file);
    char path[4200];
    snprintf(path, sizeof path, "%srules/gbt27922.rules", root);
    er_diag *d = er_diag_new(NULL);
    er_rules *r = er_rules_load(path, d);
    assert_non_null(r);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(path, sizeof path, "%sexamples/%s", root, cases[i].file);
        er_facts *f = er_facts_load(r, path, d);
        assert_non_null(f);
        er_result *res = er_eval(r, f, d);
        if (!res)
            fail_msg("%s did not evaluate", cases[i].file);
        if (strcmp(er_result_score(res), cases[i].score) != 0)
            fail_msg("%s: expected %s, got %s", cases[i].file, cases[i].score, er_result_score(res));
        const char *rating = er_result_rating(res);
        if (cases[i].rating ? !rating || strcmp(rating, cases[i].rating) != 0 : rating != NULL)
            fail_msg("%s: expected rating %s, got %s", cases[i].file, cases[i].rating ? cases[i].rating : "none",
                     rating ? rating : "none");
        assert_int_equal(er_result_veto_count(res), cases[i].vetoes);
        er_result_free(res);
        er_facts_free(f);
    }
    assert_int_equal(er_diag_errors(d), 0);
    er_rules_free(r);
    er_diag_free(d);
}


/* ---------------------------------------------------------------------- */
/* Every form evaluated, and an error inside every form                     */
/* ---------------------------------------------------------------------- */

/* Literals, negation, 'not' and the comparisons of every type. */
static void test_every_form_evaluates(void **state)
{
    (void)state;
    er_rules *r = rules("fact n : int range -10..10\nfact b : bool\nfact day : date\n"
                        "fact mode : enum { own, contracted, none }\n"
                        "item 1 \"neg\" points 10 { score max(0, -n) }\n"
                        "item 2 \"bool\" points 1 { pass when b == no and yes }\n"
                        "item 3 \"date\" points 1 { pass when day == 2024-05-01 }\n"
                        "item 4 \"enum\" points 1 { pass when mode == mode }\n"
                        "item 5 \"order\" points 1 { pass when day <= 2024-05-01 and day > 2024-04-30 }\n"
                        "item 6 \"ne\" points 1 { pass when b != b }\n");
    run x = ok(r, "n = -4\nb = no\nday = 2024-05-01\nmode = own\n");
    assert_num(node(&x, r, "1")->earned, 4, 1);
    assert_num(node(&x, r, "2")->earned, 1, 1);
    assert_num(node(&x, r, "3")->earned, 1, 1);
    assert_num(node(&x, r, "4")->earned, 1, 1);
    assert_num(node(&x, r, "5")->earned, 1, 1);
    assert_num(node(&x, r, "6")->earned, 0, 1);
    done(&x);
    x = ok(r, "n = 3\nb = yes\nday = 2024-05-02\nmode = none\n");
    assert_num(node(&x, r, "1")->earned, 0, 1);
    assert_num(node(&x, r, "2")->earned, 0, 1);
    assert_num(node(&x, r, "3")->earned, 0, 1);
    assert_num(node(&x, r, "5")->earned, 0, 1);
    done(&x);
    er_rules_free(r);
}

/* A named value that fails (a division by zero) is reported once, where it
 * is defined, though rules of every form read it: as the operand of each
 * function, of 'not', '-', a comparison and 'if', in an exclusion read by
 * excluded() and earned(), and again after it has failed. */
static void test_an_error_under_every_form_is_reported_once(void **state)
{
    (void)state;
    er_rules *r = rules("fact z : int range 0..\nfact day : date\n"
                        "let bad = 1 / z\n"
                        "let dt = if bad > 0 then day else day\n"
                        "indicator 1 \"X\" {\n"
                        "  exclude when bad > 1 because \"r\"\n"
                        "  item 1.1 \"a\" points 1 { pass when yes }\n"
                        "}\n"
                        "item 2 \"days\" points 1 { score min(points, days_between(day, dt)) }\n"
                        "item 3 \"months\" points 1 { score min(points, months_between(dt, day)) }\n"
                        "item 5 \"excl\" points 1 { pass when excluded(1.1) }\n"
                        "item 6 \"earned\" points 1 { score earned(1) }\n"
                        "item 7 \"neg\" points 1 { score min(points, -bad) }\n"
                        "item 8 \"not\" points 1 { pass when not (bad > 0) }\n"
                        "item 9 \"cmp\" points 1 { pass when day < dt }\n"
                        "item 10 \"ceil\" points 1 { score min(points, ceil(bad), floor(bad), abs(bad), round(bad)) }\n"
                        "item 11 \"first\" points 1 { score min(points, months_between(day, dt), days_between(dt, day)) }\n");
    run x = eval(r, "z = 0\nday = 2024-05-01\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 1);
    assert_string_equal(x.out, "t.rules:3:11: error: division by zero while evaluating this for t.facts\n"
                               "    3 | let bad = 1 / z\n"
                               "      |           ^~~~~\n"
                               "t.facts:1:5: note: z is 0 here\n"
                               "    1 | z = 0\n"
                               "      |     ^\n");
    done(&x);
    x = ok(r, "z = 2\nday = 2024-05-01\n"); /* bad = 1/2: floor(bad) = 0 is the least */
    assert_num(node(&x, r, "10")->earned, 0, 1);
    assert_num(node(&x, r, "2")->earned, 0, 1);
    done(&x);
    er_rules_free(r);
    /* in an adjustment's cap; in a veto and a rating cap (each reported) */
    r = rules("fact z : int range 0..\nitem 1 \"a\" points 1 { pass when yes }\n"
              "total { deduct \"d\" 1 cap 2 / z }\n");
    x = eval(r, "z = 0\n");
    assert_null(x.res);
    contains(x.out, "t.rules:3:26: error: division by zero while evaluating this for t.facts\n");
    done(&x);
    er_rules_free(r);
    r = rules("fact z : int range 0..\nitem 1 \"a\" points 1 { pass when yes }\n"
              "veto \"v\" when 1 / z > 1\nrating { level \"A\" at 1  cap \"A\" unless 2 / z > 1 }\n");
    x = eval(r, "z = 0\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 2);
    contains(x.out, "t.rules:3:15: error: division by zero while evaluating this for t.facts\n");
    contains(x.out, "t.rules:4:41: error: division by zero while evaluating this for t.facts\n");
    done(&x);
    er_rules_free(r);
}

/* A score of more than 63 characters is shown in full. */
static void test_a_very_long_score(void **state)
{
    (void)state;
    er_rules *r = rules("fact big : decimal range 0..\nitem 1 \"a\" points 1 { pass when yes }\n"
                        "total { bonus \"b\" big * big * big }\n");
    run x = ok(r, "big = 10000000000000000000000000\n");
    assert_string_equal(er_result_score(x.res), "1000000000000000000000000000000000000000000000000000000000000000000"
                                                "000000001");
    done(&x);
    er_rules_free(r);
}

/* The facts behind a division by zero: a default and a value an overlay
 * gave are named with where they come from; no more than six are named. */
static void test_causes_of_a_division_by_zero(void **state)
{
    (void)state;
    er_rules *r = rules("fact a : int range 0.. default 0\nfact b : int range 0..\n"
                        "fact c1 : int range 0..\nfact c2 : int range 0..\nfact c3 : int range 0..\n"
                        "fact c4 : int range 0..\nfact c5 : int range 0..\nfact c6 : int range 0..\n"
                        "item 1 \"d\" points 10 { score min(points, 1 / (a * b)) }\n"
                        "item 2 \"e\" points 10 { score min(points, 1 / (c1 * c2 * c3 * c4 * c5 * c6 * a)) }\n");
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    const char base[] = "b = 1\nc1 = 1\nc2 = 1\nc3 = 1\nc4 = 1\nc5 = 1\nc6 = 1\n";
    er_facts *f = er_facts_load_string(r, "t.facts", base, sizeof base - 1, d);
    assert_non_null(f);
    assert_true(er_facts_overlay_string(f, "o.facts", "b = 0\n", 6, d));
    assert_null(er_eval(r, f, d));
    assert_int_equal(er_diag_errors(d), 2);
    er_diag_free(d);
    fclose(m);
    char *h = headers(out);
    assert_string_equal(h, "t.rules:9:42: error: division by zero while evaluating this for t.facts\n"
                           "evalrules: note: a is 0 (its default: not in t.facts)\n"
                           "o.facts:1:5: note: b is 0 here\n"
                           "t.rules:10:42: error: division by zero while evaluating this for t.facts\n"
                           "t.facts:2:6: note: c1 is 1 here\n"
                           "t.facts:3:6: note: c2 is 1 here\n"
                           "t.facts:4:6: note: c3 is 1 here\n"
                           "t.facts:5:6: note: c4 is 1 here\n"
                           "t.facts:6:6: note: c5 is 1 here\n"
                           "t.facts:7:6: note: c6 is 1 here\n");
    free(h);
    free(out);
    er_facts_free(f);
    er_rules_free(r);
}

/* earned() of an item whose rule reads earned() of the next, each through
 * a long chain of named values: deeper than the evaluator goes, an error
 * at the rule, not a stack overflow. */
static void test_nesting_through_earned_is_bounded(void **state)
{
    (void)state;
    enum { ITEMS = 8, LETS = 150 };
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "fact z : int range 0..1\n");
    for (int i = 1; i <= ITEMS; i++) {
        for (int k = 1; k < LETS; k++)
            len += (size_t)snprintf(text + len, cap - len, "let v%d_%d = v%d_%d + 0\n", i, k, i, k + 1);
        if (i < ITEMS)
            len += (size_t)snprintf(text + len, cap - len, "let v%d_%d = earned(%d)\n", i, LETS, i + 1);
        else
            len += (size_t)snprintf(text + len, cap - len, "let v%d_%d = z\n", i, LETS);
        len += (size_t)snprintf(text + len, cap - len, "item %d \"i\" points 1 { score min(points, v%d_1) }\n", i, i);
    }
    er_rules *r = rules(text);
    run x = eval(r, "z = 1\n");
    assert_null(x.res);
    assert_int_equal(x.errors, 1);
    contains(x.out, "error: the rules nest too deeply to evaluate for t.facts: more than 1600 levels through named "
                    "values and indicator results\n");
    done(&x);
    er_rules_free(r);
    free(text);
}

/* Memory running out for a large number while evaluating: an error, no
 * result, nothing leaked; with memory the same evaluation scores. */
static void test_large_numbers_out_of_memory(void **state)
{
    (void)state;
    er_rules *r = rules("fact big : decimal range 0..\nfact k : decimal range 0..\n"
                        "indicator 1 \"A\" {\n"
                        "  item 1.1 \"a\" points 10 { score min(points, ceil(big / 10000000000000000000000) - 1 + "
                        "floor(k) + abs(-k) + round(k, 0.5) - -k) }\n"
                        "  item 1.2 \"b\" points 10 { score min(points, big * 0 + k) }\n"
                        "}\n"
                        "total { normalize to 100 deduct \"d\" k / 1000000000000000000000 "
                        "bonus \"b\" k / 1000000000000000000000 round half_up to 0.1 }\n"
                        "rating { level \"A\" at 1  cap \"A\" unless score > k }\n");
    const char facts[] = "big = 12345678901234567890123.5\nk = 0.123456789012345678901\n";
    run x = ok(r, facts); /* ceil(1.23…) - 1 + 2k = 1.2469… and k = 0.1234…, of 20 points: 6.9 */
    assert_string_equal(er_result_score(x.res), "6.9");
    done(&x);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    er_facts *f = er_facts_load_string(r, "t.facts", facts, sizeof facts - 1, d);
    assert_non_null(f);
    int failed = 0;
    for (long n = 0;; n++) {
        unsigned before = er_diag_errors(d);
        support_fail_from(n);
        er_result *res = er_eval(r, f, d);
        bool reached = support_fail_stop();
        if (res)
            assert_string_equal(er_result_score(res), "6.9");
        else {
            assert_true(er_diag_errors(d) > before);
            failed++;
        }
        er_result_free(res);
        if (!reached)
            break;
    }
    assert_true(failed > 3);
    er_diag_free(d);
    fclose(m);
    contains(out, "out of memory for a large number");
    free(out);
    er_facts_free(f);
    er_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass_and_fail),
        cmocka_unit_test(test_ratio_from_sample),
        cmocka_unit_test(test_grade_tiers_and_boundaries),
        cmocka_unit_test(test_grade_strict_and_upward_tiers),
        cmocka_unit_test(test_score_expression_clamped),
        cmocka_unit_test(test_ratio_clamped),
        cmocka_unit_test(test_real_5_1_2_2_formula),
        cmocka_unit_test(test_nothing_excluded),
        cmocka_unit_test(test_auditor_exclusion_removes_points_from_both_totals),
        cmocka_unit_test(test_rule_exclusion),
        cmocka_unit_test(test_excluding_an_indicator_excludes_its_children),
        cmocka_unit_test(test_everything_excluded_cannot_be_normalized),
        cmocka_unit_test(test_normalization_is_exact),
        cmocka_unit_test(test_without_total_the_score_is_the_earned_sum),
        cmocka_unit_test(test_deduction_and_capped_bonus),
        cmocka_unit_test(test_defaults_used_when_absent),
        cmocka_unit_test(test_round_half_up_94_95),
        cmocka_unit_test(test_round_69_95_is_rated),
        cmocka_unit_test(test_rounding_modes),
        cmocka_unit_test(test_veto_at_five_deductions),
        cmocka_unit_test(test_every_veto_that_fires_is_reported),
        cmocka_unit_test(test_cap_limits_the_level_unless),
        cmocka_unit_test(test_next_level),
        cmocka_unit_test(test_missing_facts_all_listed),
        cmocka_unit_test(test_missing_facts_of_total_vetoes_and_caps_listed_too),
        cmocka_unit_test(test_facts_of_excluded_indicators_not_required),
        cmocka_unit_test(test_missing_fact_of_an_exclusion_condition),
        cmocka_unit_test(test_division_by_zero_at_run_time),
        cmocka_unit_test(test_earned_applicable_failed),
        cmocka_unit_test(test_earned_of_a_later_indicator),
        cmocka_unit_test(test_let_evaluated_once),
        cmocka_unit_test(test_let_in_a_node_scope),
        cmocka_unit_test(test_enum_and_text_comparisons),
        cmocka_unit_test(test_text_fact_comparison),
        cmocka_unit_test(test_short_circuit_skips_missing_facts_not),
        cmocka_unit_test(test_same_rules_many_times),
        cmocka_unit_test(test_results_are_independent),
        cmocka_unit_test(test_examples_score_as_expected),
        cmocka_unit_test(test_missing_facts_after_a_missing_adjustment_fact),
        cmocka_unit_test(test_enum_on_the_right_of_a_comparison),
        cmocka_unit_test(test_every_form_evaluates),
        cmocka_unit_test(test_an_error_under_every_form_is_reported_once),
        cmocka_unit_test(test_causes_of_a_division_by_zero),
        cmocka_unit_test(test_nesting_through_earned_is_bounded),
        cmocka_unit_test(test_large_numbers_out_of_memory),
        cmocka_unit_test(test_a_very_long_score),
};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
