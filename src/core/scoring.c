/* scoring.c — the ways an item scores, one entry of scoring.def each: how
 * its rule is checked, what the lints say of it, how the evaluator turns
 * the rule's value into earned points, and how the text report explains
 * the result.  The checker (eri_ck_item_rules, lint.c), the evaluator (eval.c)
 * and the reports dispatch through eri_scorings[kind].
 *
 * Below the passes that use it; above check_expr.c and bounds.c, whose
 * expression checks and value ranges its checks and lints use. */
#include "scoring.h"

#include <string.h>

#include "bounds.h"
#include "check.h"
#include "check_expr.h"
#include "messages.h"
#include "report.h"

/* The share of points earned: nr->earned = points × share. */
static eri_num_status earn_share(eri_node_result *nr, eri_num share, eri_num points)
{
    nr->share = share;
    return eri_num_mul(points, share, &nr->earned);
}

/* ---- pass when: all the points or none ---------------------------------- */

/* stmt -> PASS WHEN expr */
static void check_pass(eri_checker *c, eri_node *n, eri_type t, const eri_decl *rule)
{
    (void)rule;
    eri_ck_want_bool(c, n->expr, t, " after 'pass when'");
}

static void lint_pass(eri_checker *c, const eri_node *n)
{
    int t = eri_ck_truth(c, n->expr, 0);
    if (t == CK_CAN_FALSE)
        eri_ck_warning(c, n->rule_span, "item %s can never pass: its condition is false for every enterprise, %s",
                   n->id, eri_ck_why(c, n->expr));
    else if (t == CK_CAN_TRUE)
        eri_ck_warning(c, n->rule_span, "item %s always passes: its condition cannot be false, %s", n->id,
                   eri_ck_why(c, n->expr));
}

/* stmt -> PASS WHEN expr */
static eri_num_status eval_pass(const eri_node *n, const eri_value *v, eri_num points, eri_node_result *nr)
{
    (void)n;
    return earn_share(nr, v->b ? ERI_NUM_ONE : ERI_NUM_ZERO, points);
}

static void explain_pass(FILE *out, er_lang lang, const er_rules *r, const eri_node *n, const eri_node_result *nr)
{
    (void)out, (void)lang, (void)r, (void)n, (void)nr; /* the rule's line says it all */
}

/* ---- ratio: a share of the points, clamped to 0..1 ----------------------- */

/* stmt -> RATIO expr */
static void check_ratio(eri_checker *c, eri_node *n, eri_type t, const eri_decl *rule)
{
    char b1[64];
    (void)rule;
    eri_ck_want_number(c, n->expr, t, " by 'ratio'");
    eri_bounds b = eri_ck_bounds(c, n->expr, 0);
    if ((b.has_lo && eri_num_cmp(b.lo, ERI_NUM_ONE) > 0) || (b.has_hi && eri_num_sign(b.hi) < 0))
        eri_ck_error(c, n->expr->span, "this ratio is always outside 0..1, so item %s always scores %s", n->id,
                 b.has_hi && eri_num_sign(b.hi) < 0 ? "0" : "full points");
    else if (b.has_hi && eri_num_cmp(b.hi, ERI_NUM_ONE) > 0)
        eri_ck_error(c, n->expr->span, "this ratio can reach %s, above 1: item %s would score more than its points; "
                 "write min(1, …) if that is meant", eri_ck_fmt_num(b1, sizeof b1, b.hi), n->id);
}

static void lint_ratio(eri_checker *c, const eri_node *n)
{
    char b1[64], b2[64];
    eri_bounds b = eri_ck_bounds(c, n->expr, 0);
    if (b.has_hi && eri_num_sign(b.hi) >= 0 && eri_num_cmp(b.hi, ERI_NUM_ONE) < 0)
        eri_ck_warning(c, n->rule_span, "item %s can never earn its full %s point%s: its ratio is at most %s, %s",
                   n->id, eri_ck_fmt_num(b1, sizeof b1, n->points), eri_ck_plural(n->points), eri_ck_fmt_num(b2, sizeof b2, b.hi), eri_ck_why(c, n->expr));
}

/* stmt -> RATIO expr */
static eri_num_status eval_ratio(const eri_node *n, const eri_value *v, eri_num points, eri_node_result *nr)
{
    (void)n;
    nr->raw = v->num;
    eri_num share = eri_num_clamp(v->num, ERI_NUM_ZERO, ERI_NUM_ONE);
    nr->clamped = !eri_num_eq(share, v->num);
    return earn_share(nr, share, points);
}

static void explain_ratio(FILE *out, er_lang lang, const er_rules *r, const eri_node *n, const eri_node_result *nr)
{
    char a[64];
    (void)r, (void)n;
    eri_msg_lead(out, eri_msg(lang, ERI_MSG_SC_SHARE));
    fprintf(out, "%s%s\n", eri_num_show(a, sizeof a, nr->raw, 4, true),
            nr->clamped ? eri_msg(lang, ERI_MSG_SC_CLAMPED_SHARE) : "");
}

/* ---- grade: the share of the first tier the value meets ----------------- */

/* stmt -> grade ;  grade -> GRADE expr '{' tier* otherwise_opt '}' ;  tier -> cmp expr ':' number_lit */
static void check_grade(eri_checker *c, eri_node *n, eri_type type, const eri_decl *g)
{
    eri_ck_want_number(c, n->expr, type, " by 'grade'");
    uint32_t count = 0;
    for (const eri_decl *t = g->body; t; t = t->next)
        count++;
    n->tiers = ERI_NEW_ARRAY(c->a, eri_tier, count ? count : 1);
    for (const eri_decl *t = g->body; t; t = t->next) {
        eri_tier tier = {(eri_op)t->op, ERI_NUM_ZERO, t->b->num, t->span};
        eri_ck_check_in(c, t->a, (int32_t)(n - c->r->nodes), false);
        bool constant = t->a->kind == ERI_EX_NUM; /* a decimal (sample literals are fact defaults only) */
        if (!constant && t->a->kind == ERI_EX_UNARY && t->a->op == ERI_OP_NEG && t->a->a->kind == ERI_EX_NUM) {
            eri_num_neg(t->a->a->num, &tier.threshold);
            constant = true;
        } else if (constant)
            tier.threshold = t->a->num;
        if (!constant) {
            eri_ck_error(c, t->a->span, "a tier's threshold is a number such as 90%% or 4.5");
            continue;
        }
        const eri_expr *subject = g->a;
        if (subject->kind == ERI_EX_NAME && subject->ref_kind == ERI_REF_FACT &&
            c->r->facts[subject->ref].type == ERI_FT_PERCENT && !t->a->percent && eri_num_cmp(tier.threshold, ERI_NUM_ONE) > 0)
            eri_ck_warning(c, t->a->span, "'%s' is a percentage (92%% is 0.92) but this tier compares it with %s; did you "
                    "mean %s%%?", c->r->facts[subject->ref].name, t->a->str.s, t->a->str.s);
        if (eri_num_sign(tier.share) < 0 || eri_num_cmp(tier.share, ERI_NUM_ONE) > 0)
            eri_ck_error(c, t->b->span, "a tier gives a share of the item's points, from 0 to 100%%; %s is not",
                  t->b->str.s);
        bool down = tier.op == ERI_OP_GE || tier.op == ERI_OP_GT;
        for (uint32_t j = 0; j < n->ntiers; j++) {
            const eri_tier *p = &n->tiers[j];
            bool pdown = p->op == ERI_OP_GE || p->op == ERI_OP_GT;
            if (pdown != down) {
                eri_ck_error(c, t->span, "tiers mix '>=' and '<=' directions; grade one way");
                break;
            }
            int cmp = eri_num_cmp(p->threshold, tier.threshold);
            /* p covers tier when every value tier accepts, p accepts too */
            bool covers = down ? (p->op == ERI_OP_GE ? cmp <= 0 : (tier.op == ERI_OP_GT ? cmp <= 0 : cmp < 0))
                               : (p->op == ERI_OP_LE ? cmp >= 0 : (tier.op == ERI_OP_LT ? cmp >= 0 : cmp > 0));
            if (covers) {
                size_t plen;
                const char *ptext = eri_rules_text(c->r, p->span, &plen);
                eri_ck_error(c, t->span, "this tier can never apply: the tier before it (%.*s) already covers it; "
                      "list tiers from the %s threshold %s", (int)plen, ptext, down ? "highest" : "lowest",
                      down ? "down" : "up");
                break;
            }
        }
        n->tiers[n->ntiers++] = tier;
    }
    n->otherwise = g->b ? g->b->num : ERI_NUM_ZERO;
    if (g->b && (eri_num_sign(n->otherwise) < 0 || eri_num_cmp(n->otherwise, ERI_NUM_ONE) > 0))
        eri_ck_error(c, g->b->span, "'otherwise' gives a share of the item's points, from 0 to 100%%");
}

/* Can the graded value reach tier t at all? */
static bool tier_reachable(const eri_tier *t, const eri_bounds *b)
{
    switch (t->op) {
    case ERI_OP_GE: return !b->has_hi || eri_num_cmp(b->hi, t->threshold) >= 0;
    case ERI_OP_GT: return !b->has_hi || eri_num_cmp(b->hi, t->threshold) > 0;
    case ERI_OP_LE: return !b->has_lo || eri_num_cmp(b->lo, t->threshold) <= 0;
    case ERI_OP_LT: return !b->has_lo || eri_num_cmp(b->lo, t->threshold) < 0;
    default: return true;
    }
}

static void lint_grade(eri_checker *c, const eri_node *n)
{
    char b1[64], b2[64];
    eri_bounds b = eri_ck_bounds(c, n->expr, 0);
    eri_num best = n->otherwise;
    bool low = true; /* every reachable tier's share is below 1 */
    for (uint32_t i = 0; i < n->ntiers; i++) {
        const eri_tier *t = &n->tiers[i];
        if (!tier_reachable(t, &b)) {
            bool down = t->op == ERI_OP_GE || t->op == ERI_OP_GT;
            eri_ck_warning(c, t->span, "this tier can never apply: the graded value is at %s %s, %s", down ? "most" : "least",
                       eri_ck_fmt_num(b1, sizeof b1, down ? b.hi : b.lo), eri_ck_why(c, n->expr));
            continue;
        }
        best = eri_num_max(best, t->share);
        low &= eri_num_cmp(t->share, ERI_NUM_ONE) < 0;
    }
    if (low && eri_num_cmp(best, ERI_NUM_ONE) < 0)
        eri_ck_warning(c, n->rule_span, "item %s can never earn its full %s point%s: no tier that can apply gives more "
                   "than %s of them", n->id, eri_ck_fmt_num(b1, sizeof b1, n->points), eri_ck_plural(n->points), eri_ck_fmt_num(b2, sizeof b2, best));
}

/* stmt -> grade ;  grade -> GRADE expr '{' tier* otherwise_opt '}' */
static eri_num_status eval_grade(const eri_node *n, const eri_value *v, eri_num points, eri_node_result *nr)
{
    eri_num share = n->otherwise;
    nr->raw = v->num;
    for (uint32_t t = 0; t < n->ntiers; t++) {
        int cmp = eri_num_cmp(v->num, n->tiers[t].threshold);
        bool holds = n->tiers[t].op == ERI_OP_GE   ? cmp >= 0
                     : n->tiers[t].op == ERI_OP_GT ? cmp > 0
                     : n->tiers[t].op == ERI_OP_LE ? cmp <= 0
                                                  : cmp < 0;
        if (holds) {
            share = n->tiers[t].share;
            nr->tier = (int32_t)t;
            break;
        }
    }
    return earn_share(nr, share, points);
}

static void explain_grade(FILE *out, er_lang lang, const er_rules *r, const eri_node *n, const eri_node_result *nr)
{
    char a[64], c[64];
    size_t len;
    const eri_expr *subject = n->expr;
    bool percent = subject->kind == ERI_EX_NAME && subject->ref_kind == ERI_REF_FACT &&
                   r->facts[subject->ref].type == ERI_FT_PERCENT;
    eri_num shown = nr->raw;
    if (percent && eri_num_mul(nr->raw, eri_num_int(100), &shown) != ERI_NUM_OK)
        shown = nr->raw, percent = false;
    eri_num_show(a, sizeof a, shown, 4, true);
    if (percent && strlen(a) + 2 <= sizeof a)
        strcat(a, "%");
    eri_msg_lead(out, eri_msg(lang, ERI_MSG_SC_GRADED));
    if (nr->tier >= 0) {
        const char *tier = eri_rules_text(r, n->tiers[nr->tier].span, &len);
        fprintf(out, "%s %s %.*s", a, eri_msg(lang, ERI_MSG_SC_TIER), (int)len, tier);
    } else {
        fprintf(out, eri_msg(lang, ERI_MSG_SC_NO_TIER), a, eri_num_show(c, sizeof c, n->otherwise, 4, true));
    }
    fputc('\n', out);
}

/* ---- score: points, clamped to 0..the item's points ---------------------- */

/* stmt -> SCORE expr */
static void check_score(eri_checker *c, eri_node *n, eri_type t, const eri_decl *rule)
{
    char b1[64], b2[64];
    (void)rule;
    eri_ck_want_number(c, n->expr, t, " by 'score'");
    eri_bounds b = eri_ck_bounds(c, n->expr, 0);
    if (b.has_hi && eri_num_cmp(b.hi, n->points) > 0)
        eri_ck_error(c, n->expr->span, "item %s can score up to %s, more than its %s point%s; write min(points, …) "
                 "if that is meant", n->id, eri_ck_fmt_num(b1, sizeof b1, b.hi), eri_ck_fmt_num(b2, sizeof b2, n->points),
                 eri_ck_plural(n->points));
    else if (b.has_hi && eri_num_sign(b.hi) < 0)
        eri_ck_error(c, n->expr->span, "item %s always scores below zero", n->id);
}

static void lint_score(eri_checker *c, const eri_node *n)
{
    char b1[64], b2[64];
    eri_bounds b = eri_ck_bounds(c, n->expr, 0);
    if (b.has_hi && eri_num_sign(b.hi) >= 0 && eri_num_cmp(b.hi, n->points) < 0)
        eri_ck_warning(c, n->rule_span, "item %s can never earn its full %s point%s: its score is at most %s, %s",
                   n->id, eri_ck_fmt_num(b1, sizeof b1, n->points), eri_ck_plural(n->points), eri_ck_fmt_num(b2, sizeof b2, b.hi), eri_ck_why(c, n->expr));
}

/* stmt -> SCORE expr */
static eri_num_status eval_score(const eri_node *n, const eri_value *v, eri_num points, eri_node_result *nr)
{
    (void)n;
    nr->raw = v->num;
    nr->earned = eri_num_clamp(v->num, ERI_NUM_ZERO, points);
    nr->clamped = !eri_num_eq(nr->earned, v->num);
    if (eri_num_is_zero(points)) {
        nr->share = ERI_NUM_ONE;
        return ERI_NUM_OK;
    }
    return eri_num_div(nr->earned, points, &nr->share);
}

static void explain_score(FILE *out, er_lang lang, const er_rules *r, const eri_node *n, const eri_node_result *nr)
{
    char a[64];
    (void)r, (void)n;
    eri_msg_lead(out, eri_msg(lang, ERI_MSG_SC_VALUE));
    fprintf(out, "%s%s\n", eri_num_show(a, sizeof a, nr->raw, 4, true),
            nr->clamped ? eri_msg(lang, ERI_MSG_SC_CLAMPED_POINTS) : "");
}

/* ---- no scoring rule (not an item) --------------------------------------- */

static void check_none(eri_checker *c, eri_node *n, eri_type t, const eri_decl *rule) { (void)c, (void)n, (void)t, (void)rule; }
static void lint_none(eri_checker *c, const eri_node *n) { (void)c, (void)n; }

static eri_num_status eval_none(const eri_node *n, const eri_value *v, eri_num points, eri_node_result *nr)
{
    (void)n, (void)v;
    return earn_share(nr, ERI_NUM_ZERO, points);
}

static void explain_none(FILE *out, er_lang lang, const er_rules *r, const eri_node *n, const eri_node_result *nr)
{
    (void)out, (void)lang, (void)r, (void)n, (void)nr;
}

/* ---- the table -------------------------------------------------------------- */

const eri_scoring eri_scorings[ERI_SC_COUNT_] = {
    [ERI_SC_NONE] = {ERI_SC_NONE, "none", ERI_DC_COUNT_, "", ERI_SO_NONE, false, false, check_none, lint_none,
                     eval_none, explain_none},
#define ERI_SCORING(KIND, tag, name, DECL, form, OUTCOMES, valued, points)                                        \
    [ERI_SC_##KIND] = {ERI_SC_##KIND, name, ERI_DC_##DECL, form, ERI_SO_##OUTCOMES, valued, points, check_##tag,  \
                       lint_##tag, eval_##tag, explain_##tag},
#include "scoring.def"
};

const eri_scoring *eri_scoring_of_decl(eri_decl_kind k)
{
    for (int i = ERI_SC_NONE + 1; i < ERI_SC_COUNT_; i++)
        if (eri_scorings[i].decl == k)
            return &eri_scorings[i];
    return NULL;
}

const eri_scoring *eri_scoring_named(const char *name)
{
    for (int i = ERI_SC_NONE + 1; i < ERI_SC_COUNT_; i++)
        if (strcmp(eri_scorings[i].name, name) == 0)
            return &eri_scorings[i];
    return NULL;
}

void eri_scoring_forms(char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = ERI_SC_NONE + 1; i < ERI_SC_COUNT_ && len < cap; i++) {
        const char *sep = i == ERI_SC_NONE + 1 ? "" : i == ERI_SC_COUNT_ - 1 ? " or " : ", ";
        len += (size_t)snprintf(buf + len, cap - len, "%s'%s'", sep, eri_scorings[i].form);
    }
}

/* ---- the checker's pass over the items' rules ------------------------------ */

/* node -> ITEM node_id strings POINTS number_lit '{' body '}', its scoring
 * statement (the first; add_node reported any second) */
static void check_item_rule(eri_checker *c, int32_t ni)
{
    eri_node *n = &c->r->nodes[ni];
    const eri_decl *rule = NULL;
    for (const eri_decl *s = n->decl->body; s && !rule; s = s->next)
        if (eri_scoring_of_decl(s->kind))
            rule = s;
    if (!rule || !n->expr)
        return;
    eri_type t = eri_ck_check_in(c, n->expr, ni, false);
    eri_scorings[n->kind].check(c, n, t, rule);
}

void eri_ck_item_rules(eri_checker *c)
{
    for (uint32_t i = 0; i < c->r->nnodes; i++)
        if (c->r->nodes[i].is_item)
            check_item_rule(c, (int32_t)i);
}
