/* result.c — reading a result: the accessors of include/evalrules.h
 * ("reading a result") and the exact ones of result.h, over the layout
 * the evaluator fills (eval.h).  Nothing outside the core sees that layout. */
#include "result.h"

#include <string.h>

#include "eval.h"
#include "plan.h"
#include "scoring.h"

/* A result the plan answered has its details made when one is first read
 * (evaluator.c: complete, through the result's own pointer): the score,
 * level, cap and vetoes are there from the start. */
const er_result *eri_result_details(const er_result *res)
{
    if (res->pending)
        res->complete((er_result *)res); /* a result is never defined const: the evaluator's */
    return res;
}

size_t er_result_level_count(const er_result *res) { return res->rules->nlevels; }
size_t er_result_rules_veto_count(const er_result *res) { return res->rules->nvetoes; }
size_t er_result_cap_count(const er_result *res) { return res->rules->ncaps; }
size_t er_result_adjust_count(const er_result *res) { return res->rules->nadjusts; }
size_t er_result_indicator_count(const er_result *res) { return res->rules->nnodes; }

int er_result_level(const er_result *res) { return res->level; }
int er_result_uncapped_level(const er_result *res) { return res->uncapped_level; }

const char *er_result_level_label(const er_result *res, size_t level)
{
    return level < res->rules->nlevels ? res->rules->levels[level].label : NULL;
}

bool er_result_vetoed(const er_result *res, size_t veto)
{
    return veto < res->rules->nvetoes && res->vetoed[veto];
}

int er_result_cap(const er_result *res) { return res->cap; }

bool er_result_cap_lifted(const er_result *res, size_t cap)
{
    res = eri_result_details(res);
    return cap < res->rules->ncaps && res->cap_held[cap];
}

bool er_result_adjust_capped(const er_result *res, size_t i)
{
    res = eri_result_details(res);
    return i < res->rules->nadjusts && res->adjusts[i].capped;
}

/* n exactly, snprintf-style: a terminating decimal in full, else a fraction. */
size_t eri_result_write_num(eri_num n, char *buf, size_t cap)
{
    if (eri_num_decimals(n) >= 0)
        return eri_num_format(n, 0, eri_num_decimals(n), buf, cap, NULL);
    return eri_num_format_fraction(n, buf, cap);
}

size_t eri_result_score_text(const er_rules *r, eri_num score, char *buf, size_t cap)
{
    int dec = r->round ? r->score_decimals : 0;
    return eri_num_format(score, dec, r->round ? dec : 4, buf, cap, NULL);
}

eri_num eri_result_adjust_points(const er_result *res, size_t i)
{
    res = eri_result_details(res);
    return i < res->rules->nadjusts ? res->adjusts[i].applied : ERI_NUM_ZERO;
}

size_t er_result_adjust_points(const er_result *res, size_t i, char *buf, size_t cap)
{
    return eri_result_write_num(eri_result_adjust_points(res, i), buf, cap);
}

const er_rules *eri_result_rules(const er_result *res) { return res->rules; }

const er_facts *eri_result_facts(const er_result *res) { return res->facts; }

eri_num eri_result_total(const er_result *res, er_total which)
{
    eri_num before;
    if (which == ER_TOTAL_BEFORE_ROUND && res->round_pending) { /* the plan's, made now (or by the details) */
        eri_plan_out po = {.un = res->round_n, .ud = res->round_d};
        if (eri_plan_unrounded(res->rules, &po, &before) == ERI_NUM_OK)
            return before;
        res = eri_result_details(res);
    }
    if (which != ER_TOTAL_SCORE && which != ER_TOTAL_BEFORE_ROUND)
        res = eri_result_details(res);
    switch (which) {
    case ER_TOTAL_EARNED: return res->earned_total;
    case ER_TOTAL_APPLICABLE: return res->applicable_total;
    case ER_TOTAL_NORMALIZED: return res->normalized;
    case ER_TOTAL_BEFORE_ROUND: return res->before_round;
    case ER_TOTAL_SCORE: return res->score;
    }
    return ERI_NUM_ZERO;
}

size_t er_result_total(const er_result *res, er_total which, char *buf, size_t cap)
{
    return eri_result_write_num(eri_result_total(res, which), buf, cap);
}

static const er_outcome outcomes[] = {
    [ERI_OUT_FULL] = ER_OUTCOME_FULL,
    [ERI_OUT_PARTIAL] = ER_OUTCOME_PARTIAL,
    [ERI_OUT_ZERO] = ER_OUTCOME_LOST,
    [ERI_OUT_EXCLUDED] = ER_OUTCOME_EXCLUDED,
};

bool er_result_indicator(const er_result *res, size_t i, er_indicator *out)
{
    res = eri_result_details(res);
    const er_rules *r = res->rules;
    if (i >= r->nnodes || !out)
        return false;
    const eri_node *n = &r->nodes[i];
    const eri_node_result *nr = &res->nodes[i];
    *out = (er_indicator){
        .id = n->id,
        .label = n->label,
        .is_item = n->is_item,
        .depth = n->depth,
        .parent = n->parent,
        .kind = n->is_item ? eri_scorings[n->kind].name : NULL,
        .applicable = nr->applicable,
        .outcome = outcomes[nr->outcome],
        .excluded_by = nr->applicable ? -1 : nr->excluded_by,
        .excluded_by_auditor = !nr->applicable && nr->by_auditor,
        .exclusion_reason = nr->applicable ? NULL : nr->reason,
        .tier = n->is_item && eri_scorings[n->kind].outcomes == ERI_SO_TIERS ? nr->tier : -1,
        .clamped = nr->clamped,
        .failed = nr->failed,
    };
    return true;
}

eri_num eri_result_amount(const er_result *res, size_t i, er_amount which)
{
    res = eri_result_details(res);
    if (i >= res->rules->nnodes)
        return ERI_NUM_ZERO;
    const eri_node_result *nr = &res->nodes[i];
    switch (which) {
    case ER_AMOUNT_EARNED: return nr->earned;
    case ER_AMOUNT_APPLICABLE: return nr->applicable_points;
    case ER_AMOUNT_POINTS: return res->points[i];
    case ER_AMOUNT_SHARE: return nr->share;
    }
    return ERI_NUM_ZERO;
}

size_t er_result_indicator_amount(const er_result *res, size_t i, er_amount which, char *buf, size_t cap)
{
    return eri_result_write_num(eri_result_amount(res, i, which), buf, cap);
}

const char *er_result_score(const er_result *res) { return res->score_text; }

const char *er_result_rating(const er_result *res)
{
    return res->level >= 0 ? res->rules->levels[res->level].label : NULL;
}

size_t er_result_veto_count(const er_result *res) { return res->nvetoed; }

const char *er_result_veto_message(const er_result *res, size_t i)
{
    for (uint32_t v = 0; v < res->rules->nvetoes; v++)
        if (res->vetoed[v] && i-- == 0)
            return res->rules->vetoes[v].message;
    return NULL;
}
