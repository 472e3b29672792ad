/* eval_errors.c — the evaluator's run-time errors: an arithmetic error at
 * the rule that caused it, followed by the facts behind it with their
 * values where the facts file gives them, and the missing facts recorded
 * so that one run lists them all. */
#include "eval_ctx.h"

#include "diag.h"

/* The facts expression x reads, through named values too, each named
 * once with its value where the facts file gives it:
 *   case.facts:3:18: note: staff.managers is 0 here */
#define CAUSES_SHOWN 6
static void causes(eri_eval_ctx *c, const eri_expr *x, int32_t *seen, int *nseen)
{
    if (*nseen >= CAUSES_SHOWN) /* x: never NULL (the callers' loops stop there) */
        return;
    if (x->kind == ERI_EX_NAME && x->ref_kind == ERI_REF_LET) {
        causes(c, c->r->lets[x->ref].expr, seen, nseen);
    } else if (x->kind == ERI_EX_NAME) { /* checked: a named value or a fact */
        int i = 0;
        while (i < *nseen && seen[i] != x->ref)
            i++;
        if (i == *nseen) {
            seen[(*nseen)++] = x->ref;
            const eri_fact_entry *fe = &c->f->entries[x->ref];
            const char *name = c->r->facts[x->ref].name;
            char buf[64];
            const char *v = eri_facts_value_text(c->f, x->ref, buf, sizeof buf);
            const eri_source *src = fe->layer && fe->layer <= c->f->noverlays ? c->f->overlays[fe->layer - 1] : c->f->src;
            if (!fe->defaulted && fe->span.end > fe->span.start && fe->span.end <= src->len) /* present: eri_eval_have */
                eri_diag_at(c->d, ERI_SEV_NOTE, src, fe->span.start, fe->span.end, "%s is %s here", name, v);
            else
                eri_diag_plain(c->d, ERI_SEV_NOTE, "%s is %s (its default: not in %s)", name, v, c->f->src->name);
        }
    }
    const eri_expr *kids[] = {x->a, x->b, x->c}; /* each a list (a call's arguments, a chain's operands) */
    for (int k = 0; k < 3; k++)
        for (const eri_expr *y = kids[k]; y; y = y->next)
            causes(c, y, seen, nseen);
}

bool eri_eval_arith_at(eri_eval_ctx *c, eri_span at, eri_num_status st)
{
    if (st == ERI_NUM_OK)
        return true;
    const char *what = st == ERI_NUM_DIVZERO ? "division by zero"
                       : st == ERI_NUM_NOMEM ? "out of memory for a large number"
                                             : "number too large to hold exactly";
    eri_diag_at(c->d, ERI_SEV_ERROR, c->r->src, at.start, at.end, "%s while evaluating this for %s", what,
               c->f->src->name);
    c->failed = true;
    return false;
}

/* An error at span at, followed by the facts of why that caused it. */
bool eri_eval_arith_why(eri_eval_ctx *c, eri_span at, eri_num_status st, const eri_expr *why)
{
    if (eri_eval_arith_at(c, at, st))
        return true;
    int32_t seen[CAUSES_SHOWN];
    int nseen = 0;
    causes(c, why, seen, &nseen);
    return false;
}

/* An error at e, followed by e's facts (a division, whose divisor's facts
 * are the cause, is a chain's: ev_chain calls eri_eval_arith_why). */
bool eri_eval_arith(eri_eval_ctx *c, const eri_expr *e, eri_num_status st)
{
    return eri_eval_arith_why(c, e->span, st, e);
}

/* every fact in fs present?  Records the missing ones. */
bool eri_eval_have(eri_eval_ctx *c, const eri_factset *fs, const char *who)
{
    bool ok = true;
    for (uint32_t i = 0; i < fs->n; i++) {
        int32_t fi = fs->idx[i];
        if (!c->f->entries[fi].present) {
            if (!c->missing[fi]) {
                c->missing[fi] = 1;
                c->needed_by[fi] = who;
                c->nmissing++;
            }
            ok = false;
        }
    }
    return ok;
}
