/* brief_check.h — a planned brief's line against the general evaluator's
 * result (include after cmocka.h): the applicable and earned totals exactly,
 * which vetoes held and the rating cap at work, as the batch's jsonl and csv
 * lines take them from either (lines.h); and the score before rounding, as
 * a sweep's one-at-a-time table takes it (eri_evaluate_unrounded).  Shared by test_plan.c (the bundled
 * examples) and test_plan_random.c (random rule sets). */
#ifndef ERI_TEST_BRIEF_CHECK_H
#define ERI_TEST_BRIEF_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#include "plan.h"
#include "result.h"
#include "rules.h"

/* 1 when b carries the line and it is res's, 0 when b does not carry it
 * (not planned, or beyond 64 bits); fails the test when they differ */
static inline int brief_like_result(const er_rules *r, const eri_brief *b, const er_result *res, const char *what)
{
    eri_num a, e;
    if (!eri_brief_totals(b, &a, &e) || b->plan.veto_more)
        return 0;
    eri_num ga = eri_result_total(res, ER_TOTAL_APPLICABLE), ge = eri_result_total(res, ER_TOTAL_EARNED);
    char t[4][160]; /* equal, and written alike (the general evaluator's may be unreduced under a scheme) */
    eri_result_write_num(a, t[0], sizeof t[0]);
    eri_result_write_num(ga, t[1], sizeof t[1]);
    eri_result_write_num(e, t[2], sizeof t[2]);
    eri_result_write_num(ge, t[3], sizeof t[3]);
    if (eri_num_cmp(a, ga) != 0 || eri_num_cmp(e, ge) != 0 || strcmp(t[0], t[1]) != 0 || strcmp(t[2], t[3]) != 0)
        fail_msg("%s: applicable %s earned %s, general %s and %s", what, t[0], t[2], t[1], t[3]);
    for (uint32_t v = 0; v < r->nvetoes && v < 64; v++)
        if ((bool)(b->plan.veto_bits >> v & 1) != er_result_vetoed(res, v))
            fail_msg("%s: veto %u %s by the plan only", what, v, b->plan.veto_bits >> v & 1 ? "held" : "did not hold");
    eri_num u;
    eri_num_status st = eri_plan_unrounded(r, &b->plan, &u);
    if (st != ERI_NUM_OVERFLOW && (st != ERI_NUM_OK || !eri_num_eq(u, eri_result_total(res, ER_TOTAL_BEFORE_ROUND))))
        fail_msg("%s: before rounding %lld/%lld, general %lld/%lld", what, (long long)u.num, (long long)u.den,
                 (long long)eri_result_total(res, ER_TOTAL_BEFORE_ROUND).num,
                 (long long)eri_result_total(res, ER_TOTAL_BEFORE_ROUND).den);
    if (b->plan.cap != er_result_cap(res))
        fail_msg("%s: cap %d, general %d", what, b->plan.cap, er_result_cap(res));
    return 1;
}

/* A report of res in memory (malloc'd) */
static inline char *report_of(const er_result *res, int kind)
{
    char *text = NULL;
    size_t len;
    FILE *mem = open_memstream(&text, &len);
    assert_non_null(mem);
    er_report_opts o = {.lang = kind == 3 ? ER_LANG_ZH : ER_LANG_EN, .audience = ER_AUDIENCE_AUDITOR};
    if (kind == 0 || kind == 3)
        er_report_text(mem, res, &o);
    else if (kind == 1)
        assert_int_equal(er_report_json(mem, res), 0);
    else
        assert_int_equal(er_report_html(mem, res, &o), 0);
    fclose(mem);
    return text;
}

/* A result er_evaluate took from the plan (lazy: its details made when first
 * read) against the general evaluator's (eager), field by field through the
 * result API — what the plan set first, before any detail is read — and the
 * text, JSON and HTML reports byte for byte.  1 when lazy was the plan's. */
static inline int lazy_like_eager(const er_result *lazy, const er_result *eager, const char *what)
{
    assert_non_null(lazy);
    assert_non_null(eager);
    int was_lazy = lazy->pending != NULL;
    const er_rules *r = eri_result_rules(eager);
    if (strcmp(er_result_score(lazy), er_result_score(eager)) != 0 || er_result_level(lazy) != er_result_level(eager) ||
        er_result_uncapped_level(lazy) != er_result_uncapped_level(eager) || er_result_cap(lazy) != er_result_cap(eager) ||
        er_result_veto_count(lazy) != er_result_veto_count(eager) ||
        !eri_num_eq(eri_result_total(lazy, ER_TOTAL_SCORE), eri_result_total(eager, ER_TOTAL_SCORE)) ||
        !eri_num_eq(eri_result_total(lazy, ER_TOTAL_BEFORE_ROUND), eri_result_total(eager, ER_TOTAL_BEFORE_ROUND)))
        fail_msg("%s: score %s level %d (uncapped %d, cap %d), general %s level %d (%d, %d)", what,
                 er_result_score(lazy), er_result_level(lazy), er_result_uncapped_level(lazy), er_result_cap(lazy),
                 er_result_score(eager), er_result_level(eager), er_result_uncapped_level(eager), er_result_cap(eager));
    for (size_t v = 0; v < r->nvetoes; v++)
        assert_int_equal(er_result_vetoed(lazy, v), er_result_vetoed(eager, v));
    assert_int_equal(lazy->pending != NULL, was_lazy); /* nothing above made the details */
    for (int t = ER_TOTAL_EARNED; t <= ER_TOTAL_SCORE; t++)
        assert_true(eri_num_eq(eri_result_total(lazy, (er_total)t), eri_result_total(eager, (er_total)t)));
    assert_null(lazy->pending);
    for (size_t i = 0; i < r->ncaps; i++)
        assert_int_equal(er_result_cap_lifted(lazy, i), er_result_cap_lifted(eager, i));
    for (size_t i = 0; i < r->nadjusts; i++) {
        assert_int_equal(er_result_adjust_capped(lazy, i), er_result_adjust_capped(eager, i));
        assert_true(eri_num_eq(eri_result_adjust_points(lazy, i), eri_result_adjust_points(eager, i)));
    }
    for (size_t i = 0; i < r->nnodes; i++) {
        er_indicator a, b;
        assert_true(er_result_indicator(lazy, i, &a) && er_result_indicator(eager, i, &b));
        if (a.id != b.id || a.label != b.label || a.is_item != b.is_item || a.depth != b.depth || a.parent != b.parent ||
            a.kind != b.kind || a.applicable != b.applicable || a.outcome != b.outcome ||
            a.excluded_by != b.excluded_by || a.excluded_by_auditor != b.excluded_by_auditor ||
            a.exclusion_reason != b.exclusion_reason || a.tier != b.tier || a.clamped != b.clamped ||
            a.failed != b.failed)
            fail_msg("%s: indicator %s differs from the general evaluator's", what, a.id);
        for (int k = ER_AMOUNT_EARNED; k <= ER_AMOUNT_SHARE; k++)
            assert_true(eri_num_eq(eri_result_amount(lazy, i, (er_amount)k), eri_result_amount(eager, i, (er_amount)k)));
    }
    return was_lazy;
}

/* The reports of a lazy and an eager result, byte for byte (each read first
 * from a fresh result, so that the writer makes the details) */
static inline void reports_alike(const er_result *lazy, const er_result *eager, int kind, const char *what)
{
    char *a = report_of(lazy, kind), *b = report_of(eager, kind);
    if (strcmp(a, b) != 0)
        fail_msg("%s: report %d differs:\n%s\n---- general:\n%s", what, kind, a, b);
    free(a);
    free(b);
}

/* f by er_evaluate through the plan (lazy) and by the general evaluator:
 * every field alike, and the text (English and Chinese), JSON and HTML
 * reports; reports only when with_reports.  1 when the plan answered. */
static inline int lazy_check(const er_rules *r, const er_facts *f, const er_scheme *s, er_diag *d, bool with_reports,
                             const char *what)
{
    er_evaluator *lev = er_evaluator_new(r), *gev = er_evaluator_new(r);
    assert_non_null(lev);
    assert_non_null(gev);
    eri_evaluator_lazy(gev, false);
    const er_result *eager = er_evaluate(gev, f, s, d), *lazy = er_evaluate(lev, f, s, d);
    int was_lazy = 0;
    assert_int_equal(lazy != NULL, eager != NULL);
    if (eager) {
        was_lazy = lazy_like_eager(lazy, eager, what);
        for (int kind = 0; with_reports && kind < 4; kind++)
            reports_alike(er_evaluate(lev, f, s, d), eager, kind, what);
    }
    er_evaluator_free(lev);
    er_evaluator_free(gev);
    return was_lazy;
}

#endif
