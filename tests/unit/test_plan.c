/* test_plan.c — the compiled plan (plan.c) against the general evaluator
 * (eval.c): the same score, level and vetoes, and a fall-back (never a wrong
 * answer) where the plan does not apply.  The oracle's 1,000 and 100,000
 * enterprises are compared the same way by bench_plan (ctest bench.plan). */
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
#include "plan.h"

#include "brief_check.h"

static const char *RULES =
    "standard \"T\" { title \"t\" }\n"
    "fact ok : bool\nfact na : bool\nfact keep : bool\nfact s : sample\nfact pct : percent\n"
    "fact ded : int range 0..\nfact bon : bool\n"
    "indicator 1 \"one\" {\n"
    "  item 1.1 \"a\" points 1.5 { pass when ok }\n"
    "  item 1.2 \"b\" points 2.25 { exclude when na because \"n/a\"\n ratio s }\n"
    "  item 1.3 \"c\" points 3 { grade pct { >= 90%: 1  > 80%: 0.6  >= 60%: 0.35  otherwise 0 } }\n"
    "}\n"
    "indicator 2 \"two\" {\n"
    "  exclude when not keep because \"gone\"\n"
    "  item 2.1 \"d\" points 1.4 { pass when ok }\n"
    "  item 2.2 \"e\" points 0.7 { ratio s }\n"
    "}\n"
    "veto \"too many\" when ded >= 5\n"
    "total {\n  normalize to 100\n  deduct \"d\" ded\n  bonus \"b\" if bon then 1.5 else 0 cap 1\n"
    "  round half_up to 0.1\n}\n"
    "rating {\n  level \"A\" at 95\n  level \"B\" at 80\n  level \"C\" at 60\n}\n";

static er_rules *load_rules(const char *text)
{
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load_string("t.rules", text, strlen(text), d);
    er_diag_free(d);
    assert_non_null(r);
    return r;
}

static er_facts *load_facts(const er_rules *r, const char *text)
{
    er_diag *d = er_diag_new(stderr);
    er_facts *f = er_facts_load_string(r, "t.facts", text, strlen(text), d);
    er_diag_free(d);
    assert_non_null(f);
    return f;
}

static int lines;  /* planned briefs whose line was checked (brief_check.h) */
static int lazies; /* er_evaluate's results made by the plan, compared with the general evaluator's */

/* evaluates facts text both ways; returns whether the plan answered */
static bool both(const er_rules *r, const char *text)
{
    FILE *null = fopen("/dev/null", "w");
    er_diag *d = er_diag_new(null);
    er_facts *f = er_facts_load_string(r, "t.facts", text, strlen(text), d);
    if (!f) { /* an overlay's value out of its range: nothing to compare */
        er_diag_free(d);
        fclose(null);
        return false;
    }
    er_evaluator *ev = er_evaluator_new(r);
    assert_non_null(ev);
    eri_brief b = {0}, g = {0};
    bool ok = eri_evaluate_brief(ev, f, NULL, d, &b);
    eri_evaluator_use_plan(ev, false);
    bool gok = eri_evaluate_brief(ev, f, NULL, d, &g);
    assert_int_equal(ok, gok);
    assert_false(g.planned);
    if (ok) {
        eri_num x, y;
        assert_int_equal(eri_brief_score(r, &b, &x), ERI_NUM_OK);
        assert_int_equal(eri_brief_score(r, &g, &y), ERI_NUM_OK);
        if (!eri_num_eq(x, y))
            fail_msg("plan %lld/%lld, general %lld/%lld for\n%s", (long long)x.num, (long long)x.den, (long long)y.num,
                     (long long)y.den, text);
        assert_int_equal(b.level, g.level);
        assert_int_equal(b.nvetoed, g.nvetoed);
        if (b.planned)
            lines += brief_like_result(r, &b, er_evaluate(ev, f, NULL, d), text);
        lazies += lazy_check(r, f, NULL, d, true, text);
    }
    er_evaluator_free(ev);
    er_facts_free(f);
    er_diag_free(d);
    fclose(null);
    return ok && b.planned;
}

static void test_same_answers(void **state)
{
    (void)state;
    er_rules *r = load_rules(RULES);
    char text[512];
    int planned = 0, runs = 0;
    /* every combination of a few values of each fact */
    for (int ok = 0; ok < 2; ok++)
        for (int na = 0; na < 2; na++)
            for (int keep = 0; keep < 2; keep++)
                for (int k = 0; k <= 7; k += 3)
                    for (int pct = 55; pct <= 95; pct += 5)
                        for (int ded = 0; ded <= 6; ded += 3)
                            for (int bon = 0; bon < 2; bon++) {
                                snprintf(text, sizeof text,
                                         "ok = %s\nna = %s\nkeep = %s\ns = %d/7\npct = %d.5%%\nded = %d\nbon = %s\n",
                                         ok ? "yes" : "no", na ? "yes" : "no", keep ? "yes" : "no", k, pct, ded,
                                         bon ? "yes" : "no");
                                planned += both(r, text);
                                runs++;
                            }
    assert_int_equal(planned, runs);
    er_rules_free(r);
}

/* A grade's tier from its table (plan_fast.c: a percent in whole
 * hundredths, a whole number, 0..127) or from its tiers (any other value):
 * the general evaluator's, on and around every threshold and past the
 * table's ends, with tiers of every comparison */
static void test_grade_tables(void **state)
{
    (void)state;
    er_rules *r = load_rules("standard \"T\" { title \"t\" }\n"
                             "fact pct : percent\nfact n : int\nfact x : decimal\n"
                             "indicator 1 \"one\" {\n"
                             "  item 1.1 \"a\" points 3 { grade pct { >= 90%: 1  > 80%: 0.6  >= 60%: 0.35  otherwise 0 } }\n"
                             "  item 1.2 \"b\" points 2 { grade pct { <= 20%: 1  < 50%: 0.5  <= 99.5%: 0.25  otherwise 0.1 } }\n"
                             "  item 1.3 \"c\" points 1 { grade n { >= 127: 1  > 100: 0.5  >= 3: 0.25  otherwise 0 } }\n"
                             "  item 1.4 \"d\" points 1 { grade n { < 0: 1  <= 5: 0.5  otherwise 0.2 } }\n"
                             "  item 1.5 \"e\" points 2 { grade x { >= 2.5: 1  > 1: 0.5  otherwise 0 } }\n"
                             "}\n"
                             "total {\n  normalize to 100\n  round half_up to 0.01\n}\n");
    const char *pcts[] = {"0%",  "1%",    "19.99%", "20%",  "20.01%", "33.3%", "66.75%", "49%",  "50%",   "59%",  "60%",
                          "61%", "79.5%", "80%",    "81%",  "89%",    "90%",     "99.5%", "99.6%", "100%", "126%",
                          "127%", "128%", "130.5%", "250%", "-1%",    "-0.5%"};
    const char *ns[] = {"0", "2", "3", "5", "6", "100", "101", "126", "127", "128", "1000", "-1", "-200"};
    const char *xs[] = {"0", "1", "1.5", "2.5", "2.49", "3", "127", "200.25", "-1"};
    char text[256];
    int planned = 0, runs = 0;
    for (size_t i = 0; i < sizeof pcts / sizeof *pcts; i++)
        for (size_t j = 0; j < sizeof ns / sizeof *ns; j++)
            for (size_t k = 0; k < sizeof xs / sizeof *xs; k += (i + j) % 3 + 1) {
                snprintf(text, sizeof text, "pct = %s\nn = %s\nx = %s\n", pcts[i], ns[j], xs[k]);
                planned += both(r, text);
                runs++;
            }
    assert_int_equal(planned, runs);
    er_rules_free(r);
}

/* A planned result's score and its text made from the plan's steps
 * (evaluator.c: score_of_steps, when the quantum is a multiple of a power
 * of ten's reciprocal) or by the general formatter: the general
 * evaluator's, for quanta of each kind and scores negative, zero, large */
static void test_score_texts(void **state)
{
    (void)state;
    const char *quanta[] = {"1", "0.1", "0.01", "0.001", "0.25", "0.5", "0.05", "2", "5", "0.125", "1/3", "0.3"};
    const char *xs[] = {"0", "0.37", "1.5", "99.99", "100", "100.05", "150.5", "250", "12345.678", "0.004", "33.3333"};
    int lazy = 0, runs = 0;
    for (size_t q = 0; q < sizeof quanta / sizeof *quanta; q++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "standard \"T\" { title \"t\" }\nfact ok : bool\nfact x : decimal\n"
                 "indicator 1 \"one\" {\n  item 1.1 \"a\" points 3 { pass when ok }\n}\n"
                 "total {\n  normalize to 100\n  deduct \"d\" x\n  round half_up to %s\n}\n"
                 "rating {\n  level \"A\" at 90\n  level \"B\" at 0\n}\n",
                 quanta[q]);
        FILE *null = fopen("/dev/null", "w");
        er_diag *d = er_diag_new(null);
        er_rules *r = er_rules_load_string("t.rules", text, strlen(text), d);
        if (!r) { /* a quantum the language does not take ("1/3"): nothing to compare */
            er_diag_free(d);
            fclose(null);
            continue;
        }
        for (size_t i = 0; i < sizeof xs / sizeof *xs; i++)
            for (int ok = 0; ok < 2; ok++) {
                char facts[128];
                snprintf(facts, sizeof facts, "ok = %s\nx = %s\n", ok ? "yes" : "no", xs[i]);
                er_facts *f = load_facts(r, facts);
                lazy += lazy_check(r, f, NULL, d, false, facts);
                runs++;
                er_facts_free(f);
            }
        er_rules_free(r);
        er_diag_free(d);
        fclose(null);
    }
    assert_true(runs >= 200);
    assert_int_equal(lazy, runs); /* every one by the plan */
}

/* A block of facts (er_block): er_evaluate_at gives er_evaluate's result on
 * the same facts — planned, left to the general evaluator, refused — and
 * refuses what is not its own */
static void test_block(void **state)
{
    (void)state;
    er_rules *r = load_rules(RULES), *other = load_rules(RULES);
    const char *texts[] = {
        "ok = yes\nna = no\nkeep = yes\ns = 5/7\npct = 91%\nded = 1\nbon = yes\n",
        "ok = no\nna = yes\nkeep = no\ns = 0/3\npct = 60%\nded = 6\nbon = no\n",   /* vetoed */
        "ok = yes\nna = no\nkeep = yes\ns = 30/70\npct = 81%\nded = 0\nbon = no\n", /* a sample past 20 */
        "ok = yes\nna = no\nkeep = yes\npct = 81%\nded = 0\nbon = no\n",            /* s missing: refused */
    };
    enum { N = sizeof texts / sizeof *texts };
    er_facts *f[N];
    for (size_t i = 0; i < N; i++)
        f[i] = load_facts(r, texts[i]);
    FILE *null = fopen("/dev/null", "w");
    er_diag *d = er_diag_new(null);
    er_evaluator *ev = er_evaluator_new(r), *gen = er_evaluator_new(r), *ev_other = er_evaluator_new(other);
    assert_non_null(ev);
    assert_non_null(gen);
    assert_non_null(ev_other);
    eri_evaluator_lazy(gen, false);
    er_block *b = er_block_new(r, (const er_facts *const *)f, N);
    assert_non_null(b);
    assert_int_equal(er_block_count(b), N);
    int lazy = 0;
    for (int pass = 0; pass < 2; pass++) /* twice: a reused evaluator */
        for (size_t i = 0; i < N; i++) {
            const er_result *eager = er_evaluate(gen, f[i], NULL, d), *at = er_evaluate_at(ev, b, i, NULL, d);
            assert_int_equal(at != NULL, eager != NULL);
            assert_int_equal(at != NULL, i != 3);
            if (at)
                lazy += lazy_like_eager(at, eager, texts[i]);
        }
    assert_true(lazy >= 4); /* the first two, both passes, by the plan */
    /* not its own: an enterprise past the end, an evaluator of other rules */
    unsigned errors = er_diag_errors(d);
    assert_null(er_evaluate_at(ev, b, N, NULL, d));
    assert_null(er_evaluate_at(ev_other, b, 0, NULL, d));
    assert_int_equal(er_diag_errors(d), errors + 2);
    /* facts of other rules, or none, make no block; an empty block is one */
    er_facts *foreign = load_facts(other, texts[0]);
    const er_facts *mixed[] = {f[0], foreign}, *none[] = {f[0], NULL};
    assert_null(er_block_new(r, mixed, 2));
    assert_null(er_block_new(r, none, 2));
    er_block *empty = er_block_new(r, NULL, 0);
    assert_non_null(empty);
    assert_int_equal(er_block_count(empty), 0);
    assert_null(er_evaluate_at(ev, empty, 0, NULL, d));
    er_block_free(empty);
    er_block_free(b);
    er_block_free(NULL);
    er_facts_free(foreign);
    er_evaluator_free(ev);
    er_evaluator_free(gen);
    er_evaluator_free(ev_other);
    for (size_t i = 0; i < N; i++)
        er_facts_free(f[i]);
    er_diag_free(d);
    fclose(null);
    er_rules_free(r);
    er_rules_free(other);
}

/* what the plan leaves to the general evaluator: the same answer, or the same error */
static void test_fallbacks(void **state)
{
    (void)state;
    er_rules *r = load_rules(RULES);
    /* a missing fact: both refuse */
    assert_false(both(r, "ok = yes\nna = no\nkeep = yes\ns = 1/2\nded = 0\nbon = no\n"));
    /* all facts given: planned */
    const char *ex = "ok = yes\nna = no\nkeep = yes\ns = 1/2\npct = 70%\nded = 0\nbon = no\n";
    assert_true(both(r, ex));
    /* a percent beyond the row's 16 bits (facts.h): the general evaluator's, the same */
    assert_false(both(r, "ok = yes\nna = no\nkeep = yes\ns = 1/2\npct = 88.88889%\nded = 0\nbon = no\n"));
    assert_true(both(r, "ok = yes\nna = no\nkeep = yes\ns = 1/2\npct = 88.875%\nded = 0\nbon = no\n"));
    /* a sample of more than 63 */
    assert_false(both(r, "ok = yes\nna = no\nkeep = yes\ns = 99/100\npct = 70%\nded = 0\nbon = no\n"));
    /* every item excluded: normalizing fails in both */
    er_rules_free(r);
    er_rules *all =
        load_rules("fact na : bool\nindicator 1 \"one\" {\n item 1.1 \"a\" points 1 { exclude when na\n pass when na }\n}\n"
                   "total {\n normalize to 100\n round half_up to 1\n}\n");
    assert_false(both(all, "na = yes\n"));
    assert_true(both(all, "na = no\n"));
    er_rules_free(all);
}

/* rules without rounding have no plan, and are evaluated as before; rules
 * without normalisation have one (the item the plan cannot express is the
 * general evaluator's part) */
static void test_no_plan(void **state)
{
    (void)state;
    er_rules *r = load_rules("fact x : int\nindicator 1 \"one\" {\n item 1.1 \"a\" points 1 { pass when x > 2 }\n}\n"
                             "total {\n round half_up to 1\n}\n");
    eri_plan *p = eri_plan_new(r);
    assert_non_null(p);
    eri_plan_free(p);
    assert_true(both(r, "x = 3\n"));
    assert_true(both(r, "x = 1\n"));
    er_rules_free(r);
    r = load_rules("fact x : int\nindicator 1 \"one\" {\n item 1.1 \"a\" points 1 { pass when x > 2 }\n}\n");
    assert_null(eri_plan_new(r));
    assert_false(both(r, "x = 3\n"));
    er_rules_free(r);
}

/* every rounding mode, on positive and negative scores */
static void test_rounding_modes(void **state)
{
    (void)state;
    static const char *modes[] = {"half_up", "half_even", "half_down", "up", "down", "floor", "ceiling"};
    for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "fact s : sample\nfact ded : int range 0..\nindicator 1 \"one\" {\n item 1.1 \"a\" points 3 { ratio s }\n}\n"
                 "total {\n normalize to 100\n deduct \"d\" ded\n round %s to 0.5\n}\n",
                 modes[m]);
        er_rules *r = load_rules(text);
        for (int k = 0; k <= 8; k++)
            for (int ded = 0; ded <= 120; ded += 40) {
                char facts[64];
                snprintf(facts, sizeof facts, "s = %d/8\nded = %d\n", k, ded);
                assert_true(both(r, facts));
            }
        er_rules_free(r);
    }
}

/* Schemes alternating evaluation by evaluation (as compare does), more of
 * them than the plan keeps bindings for, one changed in place between
 * rounds: each evaluation under its own scheme's points */
static void test_alternating_schemes(void **state)
{
    (void)state;
    er_rules *r = load_rules(RULES);
    er_facts *f = load_facts(r, "ok = yes\nna = no\nkeep = yes\ns = 17/20\npct = 85%\nded = 1\nbon = yes\n");
    er_diag *d = er_diag_new(stderr);
    enum { K = 20 }; /* more than the 16 bindings the plan used to keep */
    er_scheme s[K];
    for (int k = 0; k < K; k++) {
        s[k] = r->base;
        s[k].points = malloc(r->nnodes * sizeof *s[k].points);
        for (uint32_t i = 0; i < r->nnodes; i++)
            s[k].points[i] = r->nodes[i].is_item ? (eri_num){(k + 1) * (int64_t)(i + 2), 8} : r->base.points[i];
    }
    er_evaluator *ev = er_evaluator_new(r), *gen = er_evaluator_new(r);
    eri_evaluator_use_plan(gen, false);
    for (int n = 3; n <= K; n += K - 3) /* a few schemes, then more, one changed in place */
        for (int round = 0; round < 3; round++) {
            s[1].points[1 + round % 2] = (eri_num){round + 5, 3}; /* in place */
            for (int k = 0; k < n; k++) {
                eri_brief b, g;
                eri_num bs, gs;
                assert_true(eri_evaluate_brief(ev, f, k == n - 1 ? NULL : &s[k], d, &b));
                assert_true(b.planned);
                assert_true(eri_evaluate_brief(gen, f, k == n - 1 ? NULL : &s[k], d, &g));
                assert_int_equal(eri_brief_score(r, &b, &bs), ERI_NUM_OK);
                assert_int_equal(eri_brief_score(r, &g, &gs), ERI_NUM_OK);
                assert_true(eri_num_eq(bs, gs));
                assert_int_equal(b.level, g.level);
            }
        }
    /* each scheme binds its points once, however many (compare's columns) */
    er_evaluator *once = er_evaluator_new(r);
    for (int round = 0; round < 4; round++)
        for (int k = 0; k < K; k++) {
            eri_brief b;
            assert_true(eri_evaluate_brief(once, f, &s[k], d, &b));
            assert_true(b.planned);
        }
    assert_int_equal(eri_plan_binds(eri_evaluator_plan(once)), K);
    er_evaluator_free(once);
    for (int k = 0; k < K; k++)
        free(s[k].points);
    er_evaluator_free(ev);
    er_evaluator_free(gen);
    er_facts_free(f);
    er_diag_free(d);
    er_rules_free(r);
}

/* The auditor's exclusions are the plan's (a byte of the row per excludable
 * node, jumped over like an 'exclude when'), also under an excluded parent
 * and beside a rule's exclusion of the same node */
static void test_auditor_exclusions(void **state)
{
    (void)state;
    er_rules *r = load_rules("fact ok : bool\nfact na : bool\nfact s : sample\n"
                             "indicator 1 \"one\" {\n excludable\n"
                             "  item 1.1 \"a\" points 1.5 { excludable\n exclude when na\n pass when ok }\n"
                             "  item 1.2 \"b\" points 2.25 { ratio s }\n}\n"
                             "indicator 2 \"two\" {\n item 2.1 \"c\" points 3 { excludable\n ratio s }\n}\n"
                             "total {\n normalize to 100\n round half_even to 0.01\n}\n");
    static const char *excl[] = {"", "exclude 1 \"x\"\n", "exclude 1.1 \"x\"\n", "exclude 2.1 \"x\"\n",
                                 "exclude 1 \"x\"\nexclude 1.1 \"y\"\n"};
    char text[256];
    for (size_t e = 0; e < sizeof excl / sizeof *excl; e++)
        for (int ok = 0; ok < 2; ok++)
            for (int na = 0; na < 2; na++)
                for (int k = 0; k <= 7; k += 7) {
                    snprintf(text, sizeof text, "ok = %s\nna = %s\ns = %d/7\n%s", ok ? "yes" : "no",
                             na ? "yes" : "no", k, excl[e]);
                    assert_true(both(r, text));
                }
    er_rules_free(r);
}

/* A scheme's points changed in place between two evaluations (as a sweep
 * changes its runs' points): the plan binds the new points, not the old. */
static void test_points_changed_in_place(void **state)
{
    (void)state;
    er_rules *r = load_rules(RULES);
    er_facts *f = load_facts(r, "ok = yes\nna = no\nkeep = yes\ns = 17/20\npct = 85%\nded = 1\nbon = yes\n");
    er_diag *d = er_diag_new(stderr);
    er_scheme s = r->base;
    s.points = malloc(r->nnodes * sizeof *s.points);
    memcpy(s.points, r->base.points, r->nnodes * sizeof *s.points);
    er_evaluator *ev = er_evaluator_new(r), *gen = er_evaluator_new(r);
    eri_evaluator_use_plan(gen, false);
    for (int k = 1; k <= 3; k++) {
        for (uint32_t i = 0; i < r->nnodes; i++)
            if (r->nodes[i].is_item)
                s.points[i] = (eri_num){k * (int64_t)(i + 1) + (i % 2) * k * k, 4}; /* same array, new values */
        eri_brief b = {0}, g = {0};
        eri_num bs, gs;
        assert_true(eri_evaluate_brief(ev, f, &s, d, &b));
        assert_true(b.planned);
        assert_true(eri_evaluate_brief(gen, f, &s, d, &g));
        assert_int_equal(eri_brief_score(r, &b, &bs), ERI_NUM_OK);
        assert_int_equal(eri_brief_score(r, &g, &gs), ERI_NUM_OK);
        assert_true(eri_num_eq(bs, gs));
        assert_int_equal(b.level, g.level);
    }
    free(s.points);
    er_evaluator_free(ev);
    er_evaluator_free(gen);
    er_facts_free(f);
    er_diag_free(d);
    er_rules_free(r);
}

/* Rating caps on the plan (plan_compile.c: compile_cap): 'score CMP number'
 * on either side, and operands that read no weight, joined by 'and' or
 * 'or'; a cap that reads a weight stays the general evaluator's.  The same
 * answers as the general evaluator on every combination of the facts. */
static void test_rating_caps(void **state)
{
    (void)state;
    static const char *caps[] = {
        "  cap \"B\" unless score >= 95 or ok because \"first year\"\n",
        "  cap \"C\" unless ok and 90 < score\n",
        "  cap \"A\" unless score != 96.1 and not bon or ded >= 3\n",
        "  cap \"B\" unless (score >= 95 or bon) and (ok or ded == 0)\n",
        "  cap \"B\" unless earned(1) >= 4 or ok\n", /* reads a weight: general */
    };
    char rules[4096], text[512];
    for (size_t k = 0; k < sizeof caps / sizeof *caps; k++) {
        const char *at = strstr(RULES, "  level \"C\" at 60\n");
        snprintf(rules, sizeof rules, "%.*s  level \"C\" at 60\n%s}\n", (int)(at - RULES), RULES, caps[k]);
        er_rules *r = load_rules(rules);
        er_evaluator *ev = er_evaluator_new(r);
        eri_plan_cover c;
        eri_plan_coverage(eri_evaluator_plan(ev), &c);
        bool general = k >= 2; /* 2 and 3: an operand reads the score inside an 'and' or 'or' */
        assert_int_equal(c.conds_planned, c.conds - general);
        er_evaluator_free(ev);
        int planned = 0, runs = 0;
        for (int ok = 0; ok < 2; ok++)
            for (int sk = 0; sk <= 7; sk++)
                for (int pct = 80; pct <= 100; pct += 5)
                    for (int ded = 0; ded <= 3; ded++)
                        for (int bon = 0; bon < 2; bon++) {
                            snprintf(text, sizeof text,
                                     "ok = %s\nna = no\nkeep = yes\ns = %d/7\npct = %d%%\nded = %d\nbon = %s\n",
                                     ok ? "yes" : "no", sk, pct, ded, bon ? "yes" : "no");
                            planned += both(r, text);
                            runs++;
                        }
        assert_int_equal(planned, runs);
        er_rules_free(r);
    }
}

static char *read_all(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = malloc(1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* another value of the same shape as v (yes/no, k/n, an integer, a percent,
 * an enum word, a date), chosen by pick; NULL to keep v */
static const char *variant(const char *v, unsigned pick, char *buf, size_t size)
{
    int k, n;
    if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
        return strcmp(v, "yes") == 0 ? "no" : "yes";
    if (sscanf(v, "%d/%d", &k, &n) == 2 && n > 0) {
        int ks[] = {0, n / 2, n - 1, n};
        snprintf(buf, size, "%d/%d", ks[pick % 4], n);
        return buf;
    }
    if (strchr(v, '%')) {
        static const char *pcts[] = {"0%", "69.9%", "70%", "80%", "89.95%", "90%", "97.5%", "100%"};
        return pcts[pick % 8];
    }
    if (v[0] >= '0' && v[0] <= '9' && strlen(v) == 10 && v[4] == '-')
        return pick % 2 ? "2020-01-01" : NULL;
    if (v[0] >= '0' && v[0] <= '9') {
        static const char *ints[] = {"0", "1", "2", "3", "5", "9", "10", "33"};
        return ints[pick % 8];
    }
    if (strcmp(v, "own") == 0 || strcmp(v, "contracted") == 0 || strcmp(v, "none") == 0) {
        static const char *modes[] = {"own", "contracted", "none"};
        return modes[pick % 3];
    }
    return NULL;
}

/* text with each 'name = value' line's value changed when (lcg) says so */
static void overlay(const char *text, unsigned *lcg, unsigned every, char *out, size_t size)
{
    size_t o = 0;
    for (const char *line = text; *line && o + 256 < size;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char name[128], value[128], buf[64];
        const char *nv = NULL;
        *lcg = *lcg * 1103515245u + 12345u;
        if (line[0] != '#' && sscanf(line, "%127s = %127s", name, value) == 2 && strcmp(name, "subject") != 0 &&
            strcmp(name, "audit.team") != 0 && strcmp(name, "exclude") != 0 && (*lcg >> 16) % every == 0)
            nv = variant(value, *lcg >> 8, buf, sizeof buf);
        o += nv ? (size_t)snprintf(out + o, size - o, "%s = %s\n", name, nv)
                : (size_t)snprintf(out + o, size - o, "%.*s\n", (int)len, line);
        line += len + (end != NULL);
    }
    out[o] = '\0';
}

/* The bundled rules on every example, and on 300 overlays of each that
 * change some of its facts: the plan (part planned, part general) and the
 * general evaluator agree on every one; most are planned (a value out of
 * range or a sample of more than 63 are not). */
static void test_bundled_examples(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/rules/gbt27922.rules", ERI_SOURCE_DIR);
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load(path, d);
    assert_non_null(r);
    er_diag_free(d);
    er_evaluator *ev = er_evaluator_new(r);
    eri_plan_cover c;
    eri_plan_coverage(eri_evaluator_plan(ev), &c);
    assert_true(c.items_planned >= 40 && c.items == 50);
    assert_int_equal(c.conds_planned, c.conds - 1); /* all but 5.2.3's enum exclusion: the rating cap too */
    er_evaluator_free(ev);
    static const char *examples[] = {"capped",    "first-five-star", "five-star", "four-star",
                                     "standard",  "three-star",      "unrated",   "vetoed"};
    static char text[1 << 16];
    int planned = 0, runs = 0;
    unsigned lcg = 27922;
    lines = lazies = 0;
    for (size_t e = 0; e < sizeof examples / sizeof *examples; e++) {
        snprintf(path, sizeof path, "%s/examples/%s.facts", ERI_SOURCE_DIR, examples[e]);
        char *facts = read_all(path);
        planned += both(r, facts);
        runs++;
        for (int v = 0; v < 300; v++) {
            overlay(facts, &lcg, 1 + v % 8, text, sizeof text);
            planned += both(r, text);
            runs++;
        }
        free(facts);
    }
    if (planned * 2 < runs)
        fail_msg("only %d of %d planned", planned, runs);
    if (lazies < planned) /* er_evaluate runs the plan too */
        fail_msg("only %d of %d planned results were lazy", lazies, planned);
    if (lines < planned) /* each planned one carries its line */
        fail_msg("only %d of %d planned briefs carry their line", lines, planned);
    er_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_answers),
        cmocka_unit_test(test_fallbacks),
        cmocka_unit_test(test_grade_tables),
        cmocka_unit_test(test_block),
        cmocka_unit_test(test_score_texts),
        cmocka_unit_test(test_no_plan),
        cmocka_unit_test(test_rounding_modes),
        cmocka_unit_test(test_points_changed_in_place),
        cmocka_unit_test(test_auditor_exclusions),
        cmocka_unit_test(test_alternating_schemes),
        cmocka_unit_test(test_bundled_examples),
        cmocka_unit_test(test_rating_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
