/* lint.c — lints made for scoring, run once a rule set checks without
 * errors.  They find rules that are valid but cannot do what their author
 * meant: an item whose full points no enterprise can earn, a pass item
 * that can never fail or never pass, a grade tier no value reaches, an
 * exclusion, veto or cap that always or never applies (the lints of each
 * scoring kind are in scoring.c, with the kind).  All are warnings:
 * the verdicts rest on the facts' declared ranges (bounds.c), which the
 * author may have left loose on purpose. */
#include "bounds.h"
#include "check.h"
#include "scoring.h"

static void lint_exclusion(eri_checker *c, int32_t ni)
{
    const eri_node *n = &c->r->nodes[ni];
    c->scope = ni;
    int t = eri_ck_truth(c, n->exclude_when, 0);
    if (t == CK_CAN_TRUE)
        eri_ck_warning(c, n->exclude_span, "%s %s is always excluded: this condition cannot be false, %s",
                   n->is_item ? "item" : "indicator", n->id, eri_ck_why(c, n->exclude_when));
    else if (t == CK_CAN_FALSE)
        eri_ck_warning(c, n->exclude_span, "this exclusion never applies: its condition is false for every enterprise, %s",
                   eri_ck_why(c, n->exclude_when));
}

void eri_ck_lint(eri_checker *c)
{
    er_rules *r = c->r;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        if (r->nodes[i].exclude_when)
            lint_exclusion(c, (int32_t)i);
        if (r->nodes[i].is_item) {
            c->scope = (int32_t)i;
            eri_scorings[r->nodes[i].kind].lint(c, &r->nodes[i]); /* scoring.c */
        }
    }
    c->scope = -1;
    for (uint32_t i = 0; i < r->nvetoes; i++) {
        int t = eri_ck_truth(c, r->vetoes[i].cond, 0);
        if (t == CK_CAN_TRUE)
            eri_ck_warning(c, r->vetoes[i].span, "this veto always fires: its condition cannot be false, %s, so no "
                       "enterprise can be rated", eri_ck_why(c, r->vetoes[i].cond));
        else if (t == CK_CAN_FALSE)
            eri_ck_warning(c, r->vetoes[i].span, "this veto can never fire: its condition is false for every "
                       "enterprise, %s", eri_ck_why(c, r->vetoes[i].cond));
    }
    for (uint32_t i = 0; i < r->ncaps; i++) {
        const eri_cap *cp = &r->caps[i];
        if (cp->level < 0)
            continue;
        int t = eri_ck_truth(c, cp->cond, 0);
        if (t == CK_CAN_TRUE)
            eri_ck_warning(c, cp->span, "this cap never applies: its 'unless' condition always holds, %s",
                       eri_ck_why(c, cp->cond));
        else if (t == CK_CAN_FALSE)
            eri_ck_warning(c, cp->span, "this cap always applies: its 'unless' condition never holds, %s, so no "
                       "enterprise is rated above \"%s\"", eri_ck_why(c, cp->cond), r->levels[cp->level].label);
    }
}
