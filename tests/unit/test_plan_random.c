/* test_plan_random.c — the compiled plan against the general evaluator on
 * random rule sets (issue 10's proof): a seeded generator writes rule sets
 * with every scoring kind (pass, ratio, grade up and down, score), nested
 * indicators, exclusions by a fact, its negation or an expression, the
 * auditor's exclusions, deductions and bonuses with caps, vetoes, rating
 * caps, every rounding mode and steps, with and without normalisation; then
 * random facts for each (samples of up to 70, so that the fast path, the
 * plan's general path and the fall-back all run; some facts missing).  The
 * plan's fast path, its general path (fast path off) and the general
 * evaluator must give the same score, level and vetoes, or the same failure;
 * and under other weights, the plan reading a memo recorded under the rules'
 * own weights (eri_plan_memo) must give the general evaluator's answer.  A
 * planned brief's totals, vetoes and cap (what a batch's line is written
 * from) must be the general evaluator's result's (brief_check.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "gen_text.h"
#include "evalrules.h"
#include "plan.h"

#include "brief_check.h"

#define NB 6 /* facts of each type: b0.. bool, s0.. sample, p0.. percent, i0.. int */

typedef struct gen {
    gen_text t; /* first: the seed and the text */
    int nodes;
    char excludable[64][32]; /* ids the auditor may exclude */
    int nexcludable;
    long hundredths; /* the sum of the items' points, in hundredths */
    bool pure;       /* nothing the plan leaves to the general evaluator: the fast path applies */
} gen;

static uint32_t rnd(gen *g, uint32_t n) { return gen_rnd(&g->t, n); }

static void put(gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gen_vput(&g->t, fmt, ap);
    va_end(ap);
}

static const char *points_of(gen *g)
{
    static const char *p[] = {"1", "1.5", "2", "2.25", "3", "0.7", "4", "0.5", "10", "0", "1.25", "0.35"};
    static const int h[] = {100, 150, 200, 225, 300, 70, 400, 50, 1000, 0, 125, 35};
    uint32_t k = rnd(g, 12);
    g->hundredths += h[k];
    return p[k];
}

static void scoring(gen *g)
{
    static const char *shares[] = {"1", "60%", "0.3", "0.35", "75%", "0.125"};
    static const uint32_t planned[] = {0, 1, 3, 4, 5, 6, 7};
    switch (g->pure ? planned[rnd(g, 7)] : rnd(g, 4) ? rnd(g, 8) : rnd(g, 9)) { /* 2 and 8: general */
    case 0:
    case 1: put(g, "pass when b%u", rnd(g, NB)); break;
    case 2:
        if (rnd(g, 3))
            put(g, "pass when not b%u", rnd(g, NB)); /* general too */
        else
            put(g, "pass when b%u and not b%u", rnd(g, NB), rnd(g, NB)); /* general */
        break;
    case 3:
    case 4: put(g, "ratio s%u", rnd(g, NB)); break;
    case 5: /* descending, >= or > */
        put(g, "grade p%u { %s 90%%: 1  %s 75.5%%: %s  %s 60%%: %s  otherwise %s }", rnd(g, NB),
            rnd(g, 2) ? ">=" : ">", rnd(g, 4) ? ">=" : ">", shares[rnd(g, 6)], rnd(g, 2) ? ">=" : ">",
            shares[rnd(g, 6)], rnd(g, 2) ? "0" : "0.1");
        break;
    case 6: /* ascending */
        put(g, "grade i%u { <= 2: 1  < 5: %s  otherwise 0 }", rnd(g, NB), shares[rnd(g, 6)]);
        break;
    case 7: put(g, "grade p%u { >= 80%%: 1  otherwise %s }", rnd(g, NB), shares[rnd(g, 6)]); break;
    default: /* general; the memo keeps the share of 'points × X' */
        switch (rnd(g, 4)) {
        case 0: put(g, "score min(points, i%u / 4)", rnd(g, NB)); break; /* not a share */
        case 1: put(g, "score points * s%u", rnd(g, NB)); break;
        case 2: put(g, "score min(1, i%u / 5) * points", rnd(g, NB)); break;
        default: put(g, "score points * p%u * 50%%", rnd(g, NB)); break;
        }
        break;
    }
}

static void exclusion(gen *g, const char *id)
{
    switch (rnd(g, 12)) {
    case 0: put(g, "  exclude when b%u because \"n/a\"\n", rnd(g, NB)); break;
    case 1: put(g, "  exclude when not b%u because \"n/a\"\n", rnd(g, NB)); break;
    case 2:
        if (rnd(g, 3) == 0 && !g->pure)
            put(g, "  exclude when i%u >= 7 because \"n/a\"\n", rnd(g, NB)); /* general */
        break;
    case 3:
        if (g->nexcludable < 64) {
            put(g, "  excludable\n");
            snprintf(g->excludable[g->nexcludable++], 32, "%s", id);
        }
        break;
    default: break;
    }
}

static void node(gen *g, const char *parent, int k, int depth)
{
    char id[32];
    snprintf(id, sizeof id, "%s%s%d", parent, *parent ? "." : "", k);
    g->nodes++;
    if (depth >= 3 || (depth > 0 && rnd(g, 3) == 0)) {
        put(g, "item %s \"i\" points %s {\n", id, points_of(g));
        exclusion(g, id);
        put(g, "  ");
        scoring(g);
        put(g, "\n}\n");
        return;
    }
    put(g, "indicator %s \"n\" {\n", id);
    exclusion(g, id);
    int n = 1 + (int)rnd(g, 4);
    for (int c = 1; c <= n; c++)
        node(g, id, c, depth + 1);
    put(g, "}\n");
}

static void rule_set(gen *g)
{
    static const char *modes[] = {"half_up", "half_even", "half_down", "up", "down", "floor", "ceiling"};
    static const char *steps[] = {"0.1", "0.5", "1", "0.01", "0.25"};
    g->t.len = 0;
    g->nodes = g->nexcludable = 0;
    g->hundredths = 0;
    g->pure = rnd(g, 2);
    put(g, "standard \"R\" { title \"random\" }\n");
    for (int i = 0; i < NB; i++)
        put(g, "fact b%d : bool\nfact s%d : sample\nfact p%d : percent range 0%%..100%%\nfact i%d : int range 0..\n", i,
            i, i, i);
    int roots = 1 + (int)rnd(g, 3);
    for (int k = 1; k <= roots; k++)
        node(g, "", k, 0);
    if (rnd(g, 2))
        put(g, "veto \"v\" when b%u\n", rnd(g, NB));
    if (rnd(g, 2))
        put(g, "veto \"w\" when i%u >= 8\n", rnd(g, NB));
    if (rnd(g, 6) == 0 && !g->pure)
        put(g, "veto \"x\" when b%u and b%u\n", rnd(g, NB), rnd(g, NB)); /* general */
    put(g, "total {\n");
    long most = rnd(g, 3) ? 10000 : 1000; /* the score's top in hundredths (normalized) */
    if (rnd(g, 4) != 0 || g->hundredths < 40)
        put(g, "  normalize to %ld\n", most / 100);
    else
        most = g->hundredths;
    if (rnd(g, 2))
        put(g, "  deduct \"d\" i%u%s\n", rnd(g, NB), rnd(g, 2) ? " cap 3" : "");
    if (rnd(g, 3) == 0 && most > 100) {
        put(g, "  deduct \"c\" 0.5\n");
        most -= 50;
    }
    if (rnd(g, 2))
        put(g, "  bonus \"b\" if b%u then 1.5 else 0 cap 1\n", rnd(g, NB));
    if (rnd(g, 6) == 0 && !g->pure)
        put(g, "  bonus \"e\" min(2, i%u)\n", rnd(g, NB)); /* general */
    put(g, "  round %s to %s\n}\n", modes[rnd(g, 7)], steps[rnd(g, 5)]);
    long lv[3] = {most * 9 / 10, most * 3 / 4, most / 20};
    put(g, "rating {\n");
    for (int i = 0; i < 3; i++)
        put(g, "  level \"%c\" at %ld.%02ld\n", 'A' + i, lv[i] / 100, lv[i] % 100);
    long top = most * 19 / 20; /* a score threshold, in hundredths */
    if (rnd(g, 6) == 0 && !g->pure)
        switch (rnd(g, 5)) { /* the plan's (compile_cap) but the last */
        case 0: put(g, "  cap \"B\" unless score >= %ld.%02ld or b%u because \"c\"\n", top / 100, top % 100, rnd(g, NB)); break;
        case 1: put(g, "  cap \"B\" unless b%u and score < %ld.%02ld\n", rnd(g, NB), top / 100, top % 100); break;
        case 2: put(g, "  cap \"A\" unless %ld.%02ld <= score\n", top / 100, top % 100); break;
        case 3:
            put(g, "  cap \"B\" unless i%u >= 5 or score == %ld.%02ld or not b%u\n", rnd(g, NB), top / 100, top % 100,
                rnd(g, NB));
            break;
        default: put(g, "  cap \"B\" unless earned(1) >= 0.5 or b%u\n", rnd(g, NB)); break; /* general: reads weights */
        }
    put(g, "}\n");
}

/* random facts for the rules: some missing, samples up to 70, an auditor's exclusion */
static void facts(gen *g)
{
    g->t.len = 0;
    for (int i = 0; i < NB; i++) {
        if (rnd(g, 400) != 0)
            put(g, "b%d = %s\n", i, rnd(g, 2) ? "yes" : "no");
        uint32_t n = rnd(g, 12) == 0 ? 1 + rnd(g, 70) : 1 + rnd(g, 20);
        if (rnd(g, 400) != 0)
            put(g, "s%d = %u/%u\n", i, rnd(g, n + 1), n);
        if (rnd(g, 400) != 0)
            put(g, rnd(g, 4) ? "p%d = %u%%\n" : "p%d = %u.5%%\n", i, rnd(g, 100));
        if (rnd(g, 400) != 0)
            put(g, "i%d = %u\n", i, rnd(g, 3) ? rnd(g, 10) : rnd(g, 1000));
    }
    if (g->nexcludable && rnd(g, 8) == 0)
        put(g, "exclude %s \"not here\"\n", g->excludable[rnd(g, (uint32_t)g->nexcludable)]);
}

typedef struct tally {
    int runs, failed, fast, slow, general, memo, lines, lazy;
} tally;

/* the same answer from two briefs (or the same failure) */
static void same(const er_rules *r, bool ok0, const eri_brief *b0, bool ok1, const eri_brief *b1, const char *what,
                 const char *text, const char *rules_text)
{
    if (ok0 != ok1)
        fail_msg("%s %s, general %s on\n%s\nrules:\n%s", what, ok0 ? "answered" : "failed", ok1 ? "answered" : "failed",
                 text, rules_text);
    if (!ok1)
        return;
    eri_num x, y;
    assert_int_equal(eri_brief_score(r, b0, &x), ERI_NUM_OK);
    assert_int_equal(eri_brief_score(r, b1, &y), ERI_NUM_OK);
    if (!eri_num_eq(x, y) || b0->level != b1->level || b0->nvetoed != b1->nvetoed) {
        fprintf(stderr, "the rules in full (the message below may be cut):\n%s\n", rules_text);
        fail_msg("%s: %lld/%lld level %d vetoes %u, general %lld/%lld level %d vetoes %u on\n%s\nrules:\n%s", what,
                 (long long)x.num, (long long)x.den, b0->level, b0->nvetoed, (long long)y.num, (long long)y.den,
                 b1->level, b1->nvetoed, text, rules_text);
    }
}

/* Under other weights (every item's points changed), with a memo recorded
 * under the rules' own: the memo's values give the general evaluator's answer */
static void reweighed(const er_rules *r, const er_facts *f, const char *rules_text, const char *text, er_diag *d,
                      er_evaluator *ev, er_evaluator *gen_ev, tally *t)
{
    const eri_plan *p = eri_evaluator_plan(ev);
    if (!p || !eri_plan_memo_slots(p))
        return;
    eri_plan_memo *m = eri_plan_memo_new(p);
    assert_non_null(m);
    eri_brief b, g;
    if (eri_evaluate_memo(ev, f, NULL, m, true, d, &b)) {
        er_scheme s = r->base;
        s.points = malloc(r->nnodes * sizeof *s.points);
        assert_non_null(s.points);
        for (uint32_t i = 0; i < r->nnodes; i++) { /* some items weigh 0 now, others more */
            eri_num w; /* reduced, as a scheme's numbers are (scheme.c) */
            assert_int_equal(eri_num_make((int64_t)((i * 7 + (uint32_t)t->runs) % 5), 4, &w), ERI_NUM_OK);
            s.points[i] = r->nodes[i].is_item ? w : r->base.points[i];
        }
        bool ok = eri_evaluate_memo(ev, f, &s, m, false, d, &b), gok = eri_evaluate_brief(gen_ev, f, &s, d, &g);
        same(r, ok, &b, gok, &g, "with a memo", text, rules_text);
        t->memo += ok && b.planned;
        t->lazy += lazy_check(r, f, &s, d, false, text); /* er_evaluate under a scheme */
        if (ok && b.planned)
            t->lines += brief_like_result(r, &b, er_evaluate(gen_ev, f, &s, d), "with a memo");
        free(s.points);
    }
    eri_plan_memo_free(m);
}

/* the facts both ways (and the plan's two paths): the same answer */
static void compare(const er_rules *r, const char *rules_text, const char *text, er_diag *d, er_evaluator *ev,
                    er_evaluator *gen_ev, tally *t)
{
    er_facts *f = er_facts_load_string(r, "t.facts", text, strlen(text), d);
    if (!f)
        fail_msg("facts not loaded:\n%s\nrules:\n%s", text, rules_text);
    eri_brief b[3] = {{0}};
    bool ok[3];
    eri_plan *p = (eri_plan *)eri_evaluator_plan(ev);
    ok[0] = eri_evaluate_brief(ev, f, NULL, d, &b[0]);
    eri_plan_out po;
    bool fast = p && eri_plan_run_fast(p, f->row, NULL, &po) == ERI_PLAN_OK;
    if (p)
        eri_plan_set_fast(p, false);
    ok[1] = eri_evaluate_brief(ev, f, NULL, d, &b[1]);
    if (p)
        eri_plan_set_fast(p, true);
    ok[2] = eri_evaluate_brief(gen_ev, f, NULL, d, &b[2]);
    t->runs++;
    t->lazy += lazy_check(r, f, NULL, d, t->runs % 10 == 0, text); /* reports for one in ten */
    t->failed += !ok[2];
    t->fast += ok[0] && fast;
    t->slow += ok[1] && b[1].planned;
    t->general += ok[0] && !b[0].planned;
    same(r, ok[0], &b[0], ok[2], &b[2], "the plan", text, rules_text);
    same(r, ok[1], &b[1], ok[2], &b[2], "the plan's general path", text, rules_text);
    for (int k = 0; k < 2; k++)
        if (ok[k] && b[k].planned)
            t->lines += brief_like_result(r, &b[k], er_evaluate(gen_ev, f, NULL, d),
                                          k ? "the plan's general path" : "the plan");
    reweighed(r, f, rules_text, text, d, ev, gen_ev, t);
    er_facts_free(f);
}

static void test_random_rule_sets(void **state)
{
    (void)state;
    static char rules_buf[1 << 16], facts_buf[1 << 12];
    gen g = {.t = {.state = 10, .buf = rules_buf, .cap = sizeof rules_buf}};
    gen fg = {.t = {.state = 27922, .buf = facts_buf, .cap = sizeof facts_buf}};
    FILE *null = fopen("/dev/null", "w");
    er_diag *d = er_diag_new(null);
    tally t = {0};
    int sets = 0, planned_sets = 0;
    for (; sets < 400; sets++) {
        rule_set(&g);
        er_rules *r = er_rules_load_string("r.rules", rules_buf, g.t.len, d);
        if (!r) {
            er_diag *loud = er_diag_new(stderr);
            er_rules_free(er_rules_load_string("r.rules", rules_buf, g.t.len, loud));
            er_diag_free(loud);
            fail_msg("the generator wrote rules that do not check:\n%s", rules_buf);
        }
        er_evaluator *ev = er_evaluator_new(r), *gen_ev = er_evaluator_new(r);
        assert_non_null(ev);
        assert_non_null(gen_ev);
        eri_evaluator_use_plan(gen_ev, false);
        planned_sets += eri_evaluator_planned(ev);
        fg.nexcludable = g.nexcludable;
        memcpy(fg.excludable, g.excludable, sizeof g.excludable);
        for (int k = 0; k < 60; k++) {
            facts(&fg);
            compare(r, rules_buf, facts_buf, d, ev, gen_ev, &t);
        }
        er_evaluator_free(ev);
        er_evaluator_free(gen_ev);
        er_rules_free(r);
    }
    print_message("%d rule sets (%d with a plan), %d evaluations: %d fast, %d on the plan's general path, %d general, "
                  "%d failed alike; %d reweighed with a memo; %d lines from a brief; %d lazy results\n",
                  sets, planned_sets, t.runs, t.fast, t.slow, t.general, t.failed, t.memo, t.lines, t.lazy);
    /* every path ran, often */
    assert_true(planned_sets > sets / 2);
    assert_true(t.fast > t.runs / 10);
    assert_true(t.slow > t.runs / 4);
    assert_true(t.lazy > t.runs / 2);
    assert_true(t.general > t.runs / 200);
    assert_true(t.failed > 0 && t.failed < t.runs / 2);
    assert_true(t.memo > t.runs / 10);
    assert_true(t.lines > t.runs / 4);
    er_diag_free(d);
    fclose(null);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_rule_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
