/* lint.c — lints made for scoring, run once a rule set checks without
 * errors.  They find rules that are valid but cannot do what their author
 * meant: an item whose full points no enterprise can earn, a pass item
 * that can never fail or never pass, a grade tier no value reaches, an
 * exclusion, veto or cap that always or never applies.  All are warnings:
 * the verdicts rest on the facts' declared ranges (bounds.c), which the
 * author may have left loose on purpose. */
#include "bounds.h"
#include "check.h"

/* Can the graded value reach tier t at all? */
static bool tier_reachable(const eri_tier *t, const bounds *b)
{
    switch (t->op) {
    case ERI_OP_GE: return !b->has_hi || eri_num_cmp(b->hi, t->threshold) >= 0;
    case ERI_OP_GT: return !b->has_hi || eri_num_cmp(b->hi, t->threshold) > 0;
    case ERI_OP_LE: return !b->has_lo || eri_num_cmp(b->lo, t->threshold) <= 0;
    case ERI_OP_LT: return !b->has_lo || eri_num_cmp(b->lo, t->threshold) < 0;
    default: return true;
    }
}

static void lint_grade(checker *c, const eri_node *n)
{
    char b1[64], b2[64];
    bounds b = ck_bounds(c, n->expr, 0);
    eri_num best = n->otherwise;
    bool low = true; /* every reachable tier's share is below 1 */
    for (uint32_t i = 0; i < n->ntiers; i++) {
        const eri_tier *t = &n->tiers[i];
        if (!tier_reachable(t, &b)) {
            bool down = t->op == ERI_OP_GE || t->op == ERI_OP_GT;
            ck_warning(c, t->span, "this tier can never apply: the graded value is at %s %s, %s", down ? "most" : "least",
                       ck_fmt_num(b1, sizeof b1, down ? b.hi : b.lo), ck_why(c, n->expr));
            continue;
        }
        best = eri_num_max(best, t->share);
        low &= eri_num_cmp(t->share, ERI_NUM_ONE) < 0;
    }
    if (low && eri_num_cmp(best, ERI_NUM_ONE) < 0)
        ck_warning(c, n->rule_span, "item %s can never earn its full %s points: no tier that can apply gives more than "
                   "%s of them", n->id, ck_fmt_num(b1, sizeof b1, n->points), ck_fmt_num(b2, sizeof b2, best));
}

static void lint_item(checker *c, int32_t ni)
{
    const eri_node *n = &c->r->nodes[ni];
    char b1[64], b2[64];
    c->scope = ni;
    switch (n->kind) {
    case ERI_SC_PASS: {
        int t = ck_truth(c, n->expr, 0);
        if (t == CK_CAN_FALSE)
            ck_warning(c, n->rule_span, "item %s can never pass: its condition is false for every enterprise, %s",
                       n->id, ck_why(c, n->expr));
        else if (t == CK_CAN_TRUE)
            ck_warning(c, n->rule_span, "item %s always passes: its condition cannot be false, %s", n->id,
                       ck_why(c, n->expr));
        break;
    }
    case ERI_SC_RATIO: {
        bounds b = ck_bounds(c, n->expr, 0);
        if (b.has_hi && eri_num_sign(b.hi) >= 0 && eri_num_cmp(b.hi, ERI_NUM_ONE) < 0)
            ck_warning(c, n->rule_span, "item %s can never earn its full %s points: its ratio is at most %s, %s",
                       n->id, ck_fmt_num(b1, sizeof b1, n->points), ck_fmt_num(b2, sizeof b2, b.hi), ck_why(c, n->expr));
        break;
    }
    case ERI_SC_EXPR: {
        bounds b = ck_bounds(c, n->expr, 0);
        if (b.has_hi && eri_num_sign(b.hi) >= 0 && eri_num_cmp(b.hi, n->points) < 0)
            ck_warning(c, n->rule_span, "item %s can never earn its full %s points: its score is at most %s, %s",
                       n->id, ck_fmt_num(b1, sizeof b1, n->points), ck_fmt_num(b2, sizeof b2, b.hi), ck_why(c, n->expr));
        break;
    }
    case ERI_SC_GRADE:
        lint_grade(c, n);
        break;
    case ERI_SC_NONE:
        break;
    }
}

static void lint_exclusion(checker *c, int32_t ni)
{
    const eri_node *n = &c->r->nodes[ni];
    c->scope = ni;
    int t = ck_truth(c, n->exclude_when, 0);
    if (t == CK_CAN_TRUE)
        ck_warning(c, n->exclude_span, "%s %s is always excluded: this condition cannot be false, %s",
                   n->is_item ? "item" : "indicator", n->id, ck_why(c, n->exclude_when));
    else if (t == CK_CAN_FALSE)
        ck_warning(c, n->exclude_span, "this exclusion never applies: its condition is false for every enterprise, %s",
                   ck_why(c, n->exclude_when));
}

void ck_lint(checker *c)
{
    er_rules *r = c->r;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        if (r->nodes[i].exclude_when)
            lint_exclusion(c, (int32_t)i);
        if (r->nodes[i].is_item)
            lint_item(c, (int32_t)i);
    }
    c->scope = -1;
    for (uint32_t i = 0; i < r->nvetoes; i++) {
        int t = ck_truth(c, r->vetoes[i].cond, 0);
        if (t == CK_CAN_TRUE)
            ck_warning(c, r->vetoes[i].span, "this veto always fires: its condition cannot be false, %s, so no "
                       "enterprise can be rated", ck_why(c, r->vetoes[i].cond));
        else if (t == CK_CAN_FALSE)
            ck_warning(c, r->vetoes[i].span, "this veto can never fire: its condition is false for every "
                       "enterprise, %s", ck_why(c, r->vetoes[i].cond));
    }
    for (uint32_t i = 0; i < r->ncaps; i++) {
        const eri_cap *cp = &r->caps[i];
        if (cp->level < 0)
            continue;
        int t = ck_truth(c, cp->cond, 0);
        if (t == CK_CAN_TRUE)
            ck_warning(c, cp->span, "this cap never applies: its 'unless' condition always holds, %s",
                       ck_why(c, cp->cond));
        else if (t == CK_CAN_FALSE)
            ck_warning(c, cp->span, "this cap always applies: its 'unless' condition never holds, %s, so no "
                       "enterprise is rated above \"%s\"", ck_why(c, cp->cond), r->levels[cp->level].label);
    }
}
