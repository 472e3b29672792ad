/* brief_check.h — a planned brief's line against the general evaluator's
 * result (include after cmocka.h): the applicable and earned totals exactly,
 * which vetoes held and the rating cap at work, as the batch's jsonl and csv
 * lines take them from either (lines.h); and the score before rounding, as
 * a sweep's one-at-a-time table takes it (eri_evaluate_unrounded).  Shared by test_plan.c (the bundled
 * examples) and test_plan_random.c (random rule sets). */
#ifndef ERI_TEST_BRIEF_CHECK_H
#define ERI_TEST_BRIEF_CHECK_H

#include <string.h>

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

#endif
