/* check_items.c — each item's scoring rule. */
#include "bounds.h"
#include "check.h"
#include "check_expr.h"

static const eri_decl *scoring_of(const eri_decl *body)
{
    for (; body; body = body->next)
        if (body->kind == ERI_DC_PASS || body->kind == ERI_DC_RATIO || body->kind == ERI_DC_SCORE ||
            body->kind == ERI_DC_GRADE)
            return body;
    return NULL;
}

static void check_grade(checker *c, eri_node *n, const eri_decl *g)
{
    uint32_t count = 0;
    for (const eri_decl *t = g->body; t; t = t->next)
        count++;
    n->tiers = ERI_NEW_ARRAY(c->a, eri_tier, count ? count : 1);
    for (const eri_decl *t = g->body; t; t = t->next) {
        eri_tier tier = {(eri_op)t->op, ERI_NUM_ZERO, t->b->num, t->span};
        ck_check_in(c, t->a, (int32_t)(n - c->r->nodes), false);
        bool constant = t->a->kind == ERI_EX_NUM && !t->a->a;
        if (!constant && t->a->kind == ERI_EX_UNARY && t->a->op == ERI_OP_NEG && t->a->a->kind == ERI_EX_NUM) {
            eri_num_neg(t->a->a->num, &tier.threshold);
            constant = true;
        } else if (constant)
            tier.threshold = t->a->num;
        if (!constant) {
            ck_error(c, t->a->span, "a tier's threshold is a number such as 90%% or 4.5");
            continue;
        }
        const eri_expr *subject = g->a;
        if (subject->kind == ERI_EX_NAME && subject->ref_kind == ERI_REF_FACT &&
            c->r->facts[subject->ref].type == ERI_FT_PERCENT && !t->a->percent && eri_num_cmp(tier.threshold, ERI_NUM_ONE) > 0)
            ck_warning(c, t->a->span, "'%s' is a percentage (92%% is 0.92) but this tier compares it with %s; did you "
                    "mean %s%%?", c->r->facts[subject->ref].name, t->a->str.s, t->a->str.s);
        if (eri_num_sign(tier.share) < 0 || eri_num_cmp(tier.share, ERI_NUM_ONE) > 0)
            ck_error(c, t->b->span, "a tier gives a share of the item's points, from 0 to 100%%; %s is not",
                  t->b->str.s);
        bool down = tier.op == ERI_OP_GE || tier.op == ERI_OP_GT;
        for (uint32_t j = 0; j < n->ntiers; j++) {
            const eri_tier *p = &n->tiers[j];
            bool pdown = p->op == ERI_OP_GE || p->op == ERI_OP_GT;
            if (pdown != down) {
                ck_error(c, t->span, "tiers mix '>=' and '<=' directions; grade one way");
                break;
            }
            int cmp = eri_num_cmp(p->threshold, tier.threshold);
            /* p covers tier when every value tier accepts, p accepts too */
            bool covers = down ? (p->op == ERI_OP_GE ? cmp <= 0 : (tier.op == ERI_OP_GT ? cmp <= 0 : cmp < 0))
                               : (p->op == ERI_OP_LE ? cmp >= 0 : (tier.op == ERI_OP_LT ? cmp >= 0 : cmp > 0));
            if (covers) {
                size_t plen;
                const char *ptext = eri_rules_text(c->r, p->span, &plen);
                ck_error(c, t->span, "this tier can never apply: the tier before it (%.*s) already covers it; "
                      "list tiers from the %s threshold %s", (int)plen, ptext, down ? "highest" : "lowest",
                      down ? "down" : "up");
                break;
            }
        }
        n->tiers[n->ntiers++] = tier;
    }
    n->otherwise = g->b ? g->b->num : ERI_NUM_ZERO;
    if (g->b && (eri_num_sign(n->otherwise) < 0 || eri_num_cmp(n->otherwise, ERI_NUM_ONE) > 0))
        ck_error(c, g->b->span, "'otherwise' gives a share of the item's points, from 0 to 100%%");
}

static void check_item_rule(checker *c, int32_t ni, const eri_decl *body)
{
    eri_node *n = &c->r->nodes[ni];
    char b1[64], b2[64];
    const eri_decl *rule = scoring_of(body);
    if (!rule || !n->expr)
        return;
    eri_type t = ck_check_in(c, n->expr, ni, false);
    switch (n->kind) {
    case ERI_SC_PASS:
        ck_want_bool(c, n->expr, t, " after 'pass when'");
        break;
    case ERI_SC_RATIO: {
        ck_want_number(c, n->expr, t, " by 'ratio'");
        bounds b = ck_bounds(c, n->expr, 0);
        if ((b.has_lo && eri_num_cmp(b.lo, ERI_NUM_ONE) > 0) || (b.has_hi && eri_num_sign(b.hi) < 0))
            ck_error(c, n->expr->span, "this ratio is always outside 0..1, so item %s always scores %s", n->id,
                  b.has_hi && eri_num_sign(b.hi) < 0 ? "0" : "full points");
        else if (b.has_hi && eri_num_cmp(b.hi, ERI_NUM_ONE) > 0)
            ck_error(c, n->expr->span, "this ratio can reach %s, above 1: item %s would score more than its points; "
                  "write min(1, …) if that is meant", ck_fmt_num(b1, sizeof b1, b.hi), n->id);
        break;
    }
    case ERI_SC_EXPR: {
        ck_want_number(c, n->expr, t, " by 'score'");
        bounds b = ck_bounds(c, n->expr, 0);
        if (b.has_hi && eri_num_cmp(b.hi, n->points) > 0)
            ck_error(c, n->expr->span, "item %s can score up to %s, more than its %s points; write min(points, …) "
                  "if that is meant", n->id, ck_fmt_num(b1, sizeof b1, b.hi), ck_fmt_num(b2, sizeof b2, n->points));
        else if (b.has_hi && eri_num_sign(b.hi) < 0)
            ck_error(c, n->expr->span, "item %s always scores below zero", n->id);
        break;
    }
    case ERI_SC_GRADE:
        ck_want_number(c, n->expr, t, " by 'grade'");
        check_grade(c, n, rule);
        break;
    case ERI_SC_NONE:
        break;
    }
}

void ck_item_rules(checker *c)
{
    for (uint32_t i = 0; i < c->r->nnodes; i++)
        if (c->r->nodes[i].is_item)
            check_item_rule(c, (int32_t)i, c->r->nodes[i].decl->body);
}
