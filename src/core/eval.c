/* eval.c — runs a checked rule set on one enterprise's facts: expressions
 * and nodes (evaluator.c adds the totals, the level and the reusable evaluator).
 *
 * Nodes are evaluated on demand and remembered (earned(5.1) in one item
 * evaluates 5.1 first; the checker has ruled out cycles).  Before a rule
 * runs, the facts it reads (its fact set, through named values too) must
 * all be present: every missing one is recorded, and the evaluation goes on
 * so that one run lists them all.  Arithmetic is exact at any size
 * (decimal.h; numbers that outgrow 64 bits live in the result's number
 * heap); a division by zero stops the evaluation with an error at the rule
 * that caused it, and so does memory running out for a large number. */
#include <string.h>

#include "diag.h"
#include "eval.h"
#include "eval_ctx.h"
#include "scoring.h"

typedef eri_eval_ctx ctx; /* eval_ctx.h */


/* ---- values ------------------------------------------------------------- */

static eri_value number(eri_num n) { return (eri_value){.type = ERI_TY_NUMBER, .num = n}; }
static eri_value boolean(bool b) { return (eri_value){.type = ERI_TY_BOOL, .b = b}; }


/* primary -> IDENT '(' args ')' | ROUND '(' args ')' | POINTS '(' args ')' (a builtin: check_expr.c resolved it) */
static bool ev_call(ctx *c, const eri_expr *e, eri_value *out)
{
    eri_value a, b;
    eri_num n;
    switch ((eri_builtin)e->ref) {
    case ERI_FN_MIN:
    case ERI_FN_MAX: {
        if (!eri_eval_expr(c, e->a, &a))
            return false;
        n = a.num;
        for (const eri_expr *x = e->a->next; x; x = x->next) {
            if (!eri_eval_expr(c, x, &b))
                return false;
            n = e->ref == ERI_FN_MIN ? eri_num_min(n, b.num) : eri_num_max(n, b.num);
        }
        *out = number(n);
        return true;
    }
    case ERI_FN_CEIL:
    case ERI_FN_FLOOR:
    case ERI_FN_ABS:
    case ERI_FN_ROUND:
        if (!eri_eval_expr(c, e->a, &a))
            return false;
        if (e->ref == ERI_FN_CEIL && !eri_eval_arith(c, e, eri_num_ceil(a.num, &n)))
            return false;
        if (e->ref == ERI_FN_FLOOR && !eri_eval_arith(c, e, eri_num_floor(a.num, &n)))
            return false;
        if (e->ref == ERI_FN_ABS && !eri_eval_arith(c, e, eri_num_sign(a.num) < 0 ? eri_num_neg(a.num, &n) : (n = a.num, ERI_NUM_OK)))
            return false;
        if (e->ref == ERI_FN_ROUND &&
            !eri_eval_arith(c, e, eri_num_round(a.num, e->a->next ? e->a->next->num : ERI_NUM_ONE, ERI_ROUND_HALF_UP, &n)))
            return false;
        *out = number(n);
        return true;
    case ERI_FN_DAYS_BETWEEN:
        if (!eri_eval_expr(c, e->a, &a) || !eri_eval_expr(c, e->a->next, &b))
            return false;
        *out = number(eri_num_int((int64_t)b.date - a.date));
        return true;
    case ERI_FN_MONTHS_BETWEEN:
    case ERI_FN_YEARS_BETWEEN:
        if (!eri_eval_expr(c, e->a, &a) || !eri_eval_expr(c, e->a->next, &b))
            return false;
        *out = number(eri_num_int(e->ref == ERI_FN_MONTHS_BETWEEN ? eri_date_months_between(a.date, b.date)
                                                                 : eri_date_years_between(a.date, b.date)));
        return true;
    case ERI_FN_CONFORMING:
    case ERI_FN_SAMPLED:
        if (!eri_eval_expr(c, e->a, &a))
            return false;
        *out = number(eri_num_int(e->ref == ERI_FN_CONFORMING ? a.k : a.n));
        return true;
    case ERI_FN_POINTS:
        *out = number(c->res->points[e->a->ref]);
        return true;
    case ERI_FN_EXCLUDED:
        if (!eri_eval_applicability(c, e->a->ref))
            return false;
        *out = boolean(!c->res->nodes[e->a->ref].applicable);
        return true;
    case ERI_FN_EARNED:
    case ERI_FN_APPLICABLE:
    case ERI_FN_FAILED: {
        int32_t scope = c->scope;
        bool ok = eri_eval_node(c, e->a->ref);
        c->scope = scope;
        if (!ok)
            return false;
        const eri_node_result *nr = &c->res->nodes[e->a->ref];
        *out = number(e->ref == ERI_FN_EARNED       ? nr->earned
                      : e->ref == ERI_FN_APPLICABLE ? nr->applicable_points
                                                   : eri_num_int(nr->failed));
        return true;
    }
    default:
        return false;
    }
}

static bool equal(const eri_value *a, const eri_value *b, const er_rules *r, const eri_expr *e)
{
    if (a->type == ERI_TY_ENUM && b->type == ERI_TY_TEXT)
        return strcmp(r->facts[e->aux].choices[a->choice], b->text) == 0;
    if (b->type == ERI_TY_ENUM && a->type == ERI_TY_TEXT)
        return strcmp(r->facts[e->aux].choices[b->choice], a->text) == 0;
    switch (a->type) {
    case ERI_TY_BOOL: return a->b == b->b;
    case ERI_TY_TEXT: return strcmp(a->text, b->text) == 0;
    case ERI_TY_DATE: return a->date == b->date;
    case ERI_TY_ENUM: return a->choice == b->choice;
    default: return eri_num_eq(a->num, b->num);
    }
}

/* expr -> expr ('<' | LE | '>' | GE | EQ | NE) expr: the parser makes every other binary
 * operator a chain (ev_chain) */
static bool ev_binary(ctx *c, const eri_expr *e, eri_value *out)
{
    eri_value a, b;
    if (!eri_eval_expr(c, e->a, &a) || !eri_eval_expr(c, e->b, &b))
        return false;
    if (e->op == ERI_OP_EQ || e->op == ERI_OP_NE) {
        *out = boolean(equal(&a, &b, c->r, e) == (e->op == ERI_OP_EQ));
        return true;
    }
    int cmp = a.type == ERI_TY_DATE ? (a.date > b.date) - (a.date < b.date) : eri_num_cmp(a.num, b.num);
    *out = boolean(e->op == ERI_OP_LT ? cmp < 0 : e->op == ERI_OP_LE ? cmp <= 0 : e->op == ERI_OP_GT ? cmp > 0 : cmp >= 0);
    return true;
}

/* expr -> expr ('+' | '-') expr | expr ('*' | '/') expr | expr AND expr | expr OR expr: a run
 * of one level is one chain (ast.c), folded left to right as the nested pairs
 * it stands for; 'and' and 'or' stop at the first operand that decides */
static bool ev_chain(ctx *c, const eri_expr *e, eri_value *out)
{
    if (!eri_eval_expr(c, e->a, out))
        return false;
    for (const eri_expr *x = e->a->next; x; x = x->next) {
        if (e->op == ERI_OP_AND || e->op == ERI_OP_OR) {
            if (out->b == (e->op == ERI_OP_OR))
                return true;
            if (!eri_eval_expr(c, x, out))
                return false;
            continue;
        }
        eri_value b;
        eri_num n;
        if (!eri_eval_expr(c, x, &b))
            return false;
        eri_num_status st = x->link == ERI_OP_ADD   ? eri_num_add(out->num, b.num, &n)
                            : x->link == ERI_OP_SUB ? eri_num_sub(out->num, b.num, &n)
                            : x->link == ERI_OP_MUL ? eri_num_mul(out->num, b.num, &n)
                                                    : eri_num_div(out->num, b.num, &n);
        if (st != ERI_NUM_OK) /* at the pair that failed: from the first operand to this one */
            return eri_eval_arith_why(c, (eri_span){e->a->span.start, x->span.end}, st, st == ERI_NUM_DIVZERO ? x : e);
        *out = number(n);
    }
    if (e->op == ERI_OP_AND || e->op == ERI_OP_OR)
        *out = boolean(out->b);
    return true;
}

/* expr -> … | NOT expr | '-' expr | IF expr THEN expr ELSE expr | primary
 * primary -> NUMBER | PERCENT | DATE | STRING | TRUE | FALSE | IDENT | POINTS | SCORE | call | '(' expr ')' */
/* The checker bounds an expression's nesting with its named values
 * (ERI_MAX_EVAL_DEPTH); results read through earned() and friends can
 * stack several such: this is the safety net under them. */
#define MAX_DEPTH (4 * ERI_MAX_EVAL_DEPTH)

static bool ev_at(ctx *c, const eri_expr *e, eri_value *out);

bool eri_eval_expr(ctx *c, const eri_expr *e, eri_value *out)
{
    if (c->depth >= MAX_DEPTH) {
        if (!c->failed)
            eri_diag_at(c->d, ERI_SEV_ERROR, c->r->src, e->span.start, e->span.start + 1,
                        "the rules nest too deeply to evaluate for %s: more than %d levels through named values "
                        "and indicator results", c->f->src->name, MAX_DEPTH);
        c->failed = true;
        return false;
    }
    c->depth++;
    bool ok = ev_at(c, e, out);
    c->depth--;
    return ok;
}

static bool ev_at(ctx *c, const eri_expr *e, eri_value *out)
{
    switch (e->kind) {
    case ERI_EX_NUM:
        *out = number(e->num);
        return true;
    case ERI_EX_BOOL:
        *out = boolean(e->op);
        return true;
    case ERI_EX_STR:
        *out = (eri_value){.type = ERI_TY_TEXT, .text = e->str.s};
        return true;
    case ERI_EX_DATE:
        *out = (eri_value){.type = ERI_TY_DATE, .date = e->date};
        return true;
    case ERI_EX_NAME:
        if (e->ref_kind == ERI_REF_FACT) { /* present: eri_eval_have() checked the facts of the rule first */
            *out = c->f->entries[e->ref].value;
            return true;
        } else {
            er_result *res = c->res;
            if (res->let_state[e->ref] == 2) {
                *out = res->let_vals[e->ref];
                return true;
            }
            if (res->let_state[e->ref] == 3)
                return false;
            int32_t scope = c->scope;
            c->scope = c->r->lets[e->ref].scope;
            bool ok = eri_eval_expr(c, c->r->lets[e->ref].expr, &res->let_vals[e->ref]);
            c->scope = scope;
            res->let_state[e->ref] = ok ? 2 : 3;
            *out = res->let_vals[e->ref];
            return ok;
        }
    case ERI_EX_POINTS:
        *out = number(c->res->points[c->scope]);
        return true;
    case ERI_EX_SCORE:
        *out = number(c->res->score);
        return c->score_ready;
    case ERI_EX_CALL:
        return ev_call(c, e, out);
    case ERI_EX_UNARY:
        if (!eri_eval_expr(c, e->a, out))
            return false;
        if (e->op == ERI_OP_NOT) {
            out->b = !out->b;
            return true;
        }
        {
            eri_num n;
            if (!eri_eval_arith(c, e, eri_num_neg(out->num, &n)))
                return false;
            *out = number(n);
        }
        return true;
    case ERI_EX_BINARY:
        return ev_binary(c, e, out);
    case ERI_EX_CHAIN:
        return ev_chain(c, e, out);
    case ERI_EX_IF: {
        eri_value cond;
        if (!eri_eval_expr(c, e->a, &cond))
            return false;
        return eri_eval_expr(c, cond.b ? e->b : e->c, out);
    }
    default:
        return false;
    }
}

/* ---- nodes ------------------------------------------------------------ */

/* stmt -> EXCLUDE WHEN expr because_opt: is node ni applicable?  Its ancestors', the
 * auditor's and its own exclusions decide. */
bool eri_eval_applicability(ctx *c, int32_t ni)
{
    eri_node_result *nr = &c->res->nodes[ni];
    if (nr->applic_state == 2)
        return true;
    if (nr->applic_state == 3 || nr->applic_state == 1)
        return false;
    nr->applic_state = 1;
    const eri_node *n = &c->r->nodes[ni];
    nr->applicable = true;
    nr->excluded_by = -1;
    if (n->parent >= 0) {
        if (!eri_eval_applicability(c, n->parent)) {
            nr->applic_state = 3;
            return false;
        }
        const eri_node_result *pr = &c->res->nodes[n->parent];
        if (!pr->applicable) {
            nr->applicable = false;
            nr->excluded_by = pr->excluded_by;
            nr->by_auditor = pr->by_auditor;
            nr->reason = pr->reason;
        }
    }
    const eri_exclusion *x = nr->applicable ? eri_facts_excluded(c->f, ni) : NULL;
    if (x) {
        nr->applicable = false;
        nr->excluded_by = ni;
        nr->by_auditor = true;
        nr->reason = x->reason;
    } else if (nr->applicable && n->exclude_when) {
        eri_value v;
        int32_t scope = c->scope;
        c->scope = ni;
        bool ok = eri_eval_have(c, &n->exclude_facts, n->id) && eri_eval_expr(c, n->exclude_when, &v);
        c->scope = scope;
        if (!ok) {
            nr->applic_state = 3;
            return false;
        }
        if (v.b) {
            nr->applicable = false;
            nr->excluded_by = ni;
            nr->reason = n->exclude_reason;
        }
    }
    nr->applic_state = 2;
    return true;
}

/* node -> ITEM node_id strings POINTS number_lit '{' body '}': its scoring
 * statement (stmt -> PASS WHEN expr | RATIO expr | SCORE expr | grade), by
 * its kind (scoring.c) */
static bool score_item(ctx *c, int32_t ni)
{
    const eri_node *n = &c->r->nodes[ni];
    eri_node_result *nr = &c->res->nodes[ni];
    eri_value v;
    c->scope = ni;
    if (!eri_eval_have(c, &n->facts, n->id) || !eri_eval_expr(c, n->expr, &v))
        return false;
    nr->tier = -1;
    return eri_eval_arith(c, n->expr, eri_scorings[n->kind].eval(n, &v, c->res->points[ni], nr));
}

/* node -> node_kind node_id strings [POINTS number_lit] '{' body '}': an item scores by its rule,
 * an indicator adds up its children */
bool eri_eval_node(ctx *c, int32_t ni)
{
    eri_node_result *nr = &c->res->nodes[ni];
    if (nr->state == 2)
        return true;
    if (nr->state != 0)
        return false;
    nr->state = 1;
    nr->earned = nr->applicable_points = nr->share = nr->raw = ERI_NUM_ZERO;
    const eri_node *n = &c->r->nodes[ni];
    bool ok = eri_eval_applicability(c, ni);
    if (ok && !nr->applicable) {
        nr->outcome = ERI_OUT_EXCLUDED;
        /* children are reported as excluded too */
        for (uint32_t k = 0; k < n->nchildren; k++)
            ok &= eri_eval_node(c, n->children[k]);
    } else if (ok && n->is_item) {
        ok = score_item(c, ni);
        if (ok) {
            nr->applicable_points = c->res->points[ni];
            nr->failed = eri_num_cmp(nr->earned, c->res->points[ni]) < 0;
        }
    } else if (ok) {
        for (uint32_t k = 0; k < n->nchildren; k++) {
            int32_t ch = n->children[k];
            if (!eri_eval_node(c, ch)) {
                ok = false;
                continue;
            }
            const eri_node_result *cr = &c->res->nodes[ch];
            if (eri_num_add(nr->earned, cr->earned, &nr->earned) != ERI_NUM_OK ||
                eri_num_add(nr->applicable_points, cr->applicable_points, &nr->applicable_points) != ERI_NUM_OK) {
                eri_diag_at(c->d, ERI_SEV_ERROR, c->r->src, n->head.start, n->head.end,
                           "out of memory adding up the points of %s", n->id);
                c->failed = true;
                ok = false;
            }
            nr->failed += cr->failed;
        }
    }
    if (ok && nr->applicable && !n->is_item) { /* an indicator has items (check_decl.c) */
        bool any = false;
        for (uint32_t k = 0; k < n->nchildren; k++)
            any |= c->res->nodes[n->children[k]].applicable;
        if (!any) { /* every item under it is excluded: so is it */
            nr->applicable = false;
            nr->outcome = ERI_OUT_EXCLUDED;
        }
    }
    if (ok && nr->applicable)
        nr->outcome = eri_num_cmp(nr->earned, nr->applicable_points) >= 0 ? ERI_OUT_FULL
                      : eri_num_is_zero(nr->earned)                      ? ERI_OUT_ZERO
                                                                        : ERI_OUT_PARTIAL;
    nr->state = ok ? 2 : 3;
    return ok;
}
