/* eval.c — runs a checked rule set on one enterprise's facts.
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

#include "alloc.h"
#include "diag.h"
#include "eval.h"
#include "eval_ctx.h"
#include "plan.h"
#include "result.h"
#include "scoring.h"

typedef eri_eval_ctx ctx; /* eval_ctx.h */

static bool ev(ctx *c, const eri_expr *e, eri_value *out);

/* ---- values ------------------------------------------------------------- */

static eri_value number(eri_num n) { return (eri_value){.type = ERI_TY_NUMBER, .num = n}; }
static eri_value boolean(bool b) { return (eri_value){.type = ERI_TY_BOOL, .b = b}; }

static bool eval_node(ctx *c, int32_t ni);
static bool applicability(ctx *c, int32_t ni);

/* primary -> IDENT '(' args ')' | ROUND '(' args ')' | POINTS '(' args ')' (a builtin: check_expr.c resolved it) */
static bool ev_call(ctx *c, const eri_expr *e, eri_value *out)
{
    eri_value a, b;
    eri_num n;
    switch ((eri_builtin)e->ref) {
    case ERI_FN_MIN:
    case ERI_FN_MAX: {
        if (!ev(c, e->a, &a))
            return false;
        n = a.num;
        for (const eri_expr *x = e->a->next; x; x = x->next) {
            if (!ev(c, x, &b))
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
        if (!ev(c, e->a, &a))
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
        if (!ev(c, e->a, &a) || !ev(c, e->a->next, &b))
            return false;
        *out = number(eri_num_int((int64_t)b.date - a.date));
        return true;
    case ERI_FN_MONTHS_BETWEEN:
    case ERI_FN_YEARS_BETWEEN:
        if (!ev(c, e->a, &a) || !ev(c, e->a->next, &b))
            return false;
        *out = number(eri_num_int(e->ref == ERI_FN_MONTHS_BETWEEN ? eri_date_months_between(a.date, b.date)
                                                                 : eri_date_years_between(a.date, b.date)));
        return true;
    case ERI_FN_CONFORMING:
    case ERI_FN_SAMPLED:
        if (!ev(c, e->a, &a))
            return false;
        *out = number(eri_num_int(e->ref == ERI_FN_CONFORMING ? a.k : a.n));
        return true;
    case ERI_FN_POINTS:
        *out = number(c->res->points[e->a->ref]);
        return true;
    case ERI_FN_EXCLUDED:
        if (!applicability(c, e->a->ref))
            return false;
        *out = boolean(!c->res->nodes[e->a->ref].applicable);
        return true;
    case ERI_FN_EARNED:
    case ERI_FN_APPLICABLE:
    case ERI_FN_FAILED: {
        int32_t scope = c->scope;
        bool ok = eval_node(c, e->a->ref);
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

/* expr -> expr ('+' | '-' | '*' | '/' | '<' | LE | '>' | GE | EQ | NE | AND | OR) expr */
static bool ev_binary(ctx *c, const eri_expr *e, eri_value *out)
{
    eri_value a, b;
    eri_num n;
    if (!ev(c, e->a, &a))
        return false;
    if (e->op == ERI_OP_AND || e->op == ERI_OP_OR) {
        if (a.b == (e->op == ERI_OP_OR)) {
            *out = boolean(a.b);
            return true;
        }
        return ev(c, e->b, out);
    }
    if (!ev(c, e->b, &b))
        return false;
    int cmp = 0;
    if (e->op >= ERI_OP_LT && e->op <= ERI_OP_GE)
        cmp = a.type == ERI_TY_DATE ? (a.date > b.date) - (a.date < b.date) : eri_num_cmp(a.num, b.num);
    switch ((eri_op)e->op) {
    case ERI_OP_ADD: if (!eri_eval_arith(c, e, eri_num_add(a.num, b.num, &n))) return false; break;
    case ERI_OP_SUB: if (!eri_eval_arith(c, e, eri_num_sub(a.num, b.num, &n))) return false; break;
    case ERI_OP_MUL: if (!eri_eval_arith(c, e, eri_num_mul(a.num, b.num, &n))) return false; break;
    case ERI_OP_DIV: if (!eri_eval_arith(c, e, eri_num_div(a.num, b.num, &n))) return false; break;
    case ERI_OP_LT: *out = boolean(cmp < 0); return true;
    case ERI_OP_LE: *out = boolean(cmp <= 0); return true;
    case ERI_OP_GT: *out = boolean(cmp > 0); return true;
    case ERI_OP_GE: *out = boolean(cmp >= 0); return true;
    case ERI_OP_EQ: *out = boolean(equal(&a, &b, c->r, e)); return true;
    case ERI_OP_NE: *out = boolean(!equal(&a, &b, c->r, e)); return true;
    default: return false;
    }
    *out = number(n);
    return true;
}

/* expr -> expr ('+' | '-') expr | expr ('*' | '/') expr | expr AND expr | expr OR expr: a run
 * of one level is one chain (ast.c), folded left to right as the nested pairs
 * it stands for; 'and' and 'or' stop at the first operand that decides */
static bool ev_chain(ctx *c, const eri_expr *e, eri_value *out)
{
    if (!ev(c, e->a, out))
        return false;
    for (const eri_expr *x = e->a->next; x; x = x->next) {
        if (e->op == ERI_OP_AND || e->op == ERI_OP_OR) {
            if (out->b == (e->op == ERI_OP_OR))
                return true;
            if (!ev(c, x, out))
                return false;
            continue;
        }
        eri_value b;
        eri_num n;
        if (!ev(c, x, &b))
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

static bool ev(ctx *c, const eri_expr *e, eri_value *out)
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
        if (e->ref_kind == ERI_REF_FACT) {
            const eri_fact_entry *fe = &c->f->entries[e->ref];
            if (!fe->present)
                return false; /* recorded by eri_eval_have() */
            *out = fe->value;
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
            bool ok = ev(c, c->r->lets[e->ref].expr, &res->let_vals[e->ref]);
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
        if (!ev(c, e->a, out))
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
        if (!ev(c, e->a, &cond))
            return false;
        return ev(c, cond.b ? e->b : e->c, out);
    }
    default:
        return false;
    }
}

/* ---- nodes ------------------------------------------------------------ */

/* stmt -> EXCLUDE WHEN expr because_opt: is node ni applicable?  Its ancestors', the
 * auditor's and its own exclusions decide. */
static bool applicability(ctx *c, int32_t ni)
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
        if (!applicability(c, n->parent)) {
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
        bool ok = eri_eval_have(c, &n->exclude_facts, n->id) && ev(c, n->exclude_when, &v);
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
    if (!eri_eval_have(c, &n->facts, n->id) || !ev(c, n->expr, &v))
        return false;
    nr->tier = -1;
    return eri_eval_arith(c, n->expr, eri_scorings[n->kind].eval(n, &v, c->res->points[ni], nr));
}

/* node -> node_kind node_id strings [POINTS number_lit] '{' body '}': an item scores by its rule,
 * an indicator adds up its children */
static bool eval_node(ctx *c, int32_t ni)
{
    eri_node_result *nr = &c->res->nodes[ni];
    if (nr->state == 2)
        return true;
    if (nr->state != 0)
        return false;
    nr->state = 1;
    nr->earned = nr->applicable_points = nr->share = nr->raw = ERI_NUM_ZERO;
    const eri_node *n = &c->r->nodes[ni];
    bool ok = applicability(c, ni);
    if (ok && !nr->applicable) {
        nr->outcome = ERI_OUT_EXCLUDED;
        /* children are reported as excluded too */
        for (uint32_t k = 0; k < n->nchildren; k++)
            ok &= eval_node(c, n->children[k]);
    } else if (ok && n->is_item) {
        ok = score_item(c, ni);
        if (ok) {
            nr->applicable_points = c->res->points[ni];
            nr->failed = eri_num_cmp(nr->earned, c->res->points[ni]) < 0;
        }
    } else if (ok) {
        for (uint32_t k = 0; k < n->nchildren; k++) {
            int32_t ch = n->children[k];
            if (!eval_node(c, ch)) {
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
    if (ok && nr->applicable && !n->is_item && n->nchildren > 0) {
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

/* ---- totals, vetoes, level ------------------------------------------------ */

/* adjustment i's value and its value applied, after its cap */
static bool adjust_value(ctx *c, uint32_t i, eri_adjust_result *ar)
{
    const eri_adjust *a = &c->r->adjusts[i];
    eri_value v, cap;
    c->scope = -1;
    if (!eri_eval_have(c, &a->facts, a->label) || !ev(c, a->expr, &v) || (a->cap && !ev(c, a->cap, &cap)))
        return false;
    ar->value = ar->applied = v.num;
    ar->capped = false;
    if (a->cap && eri_num_cmp(v.num, cap.num) > 0) {
        ar->applied = cap.num;
        ar->capped = true;
    }
    return true;
}

/* total -> TOTAL '{' total_stmt* '}'
 * total_stmt -> NORMALIZE TO number_lit | DEDUCT STRING expr cap_opt | BONUS STRING expr cap_opt
 *             | ROUND IDENT TO number_lit */
static bool totals(ctx *c)
{
    const er_rules *r = c->r;
    er_result *res = c->res;
    res->earned_total = res->applicable_total = ERI_NUM_ZERO;
    for (uint32_t i = 0; i < r->nroots; i++) {
        const eri_node_result *nr = &res->nodes[r->roots[i]];
        if (eri_num_add(res->earned_total, nr->earned, &res->earned_total) != ERI_NUM_OK ||
            eri_num_add(res->applicable_total, nr->applicable_points, &res->applicable_total) != ERI_NUM_OK) {
            eri_diag_plain(c->d, ERI_SEV_ERROR, "out of memory adding up the total points");
            return false;
        }
    }
    res->normalized = res->earned_total;
    if (r->normalize) {
        if (eri_num_is_zero(res->applicable_total)) {
            eri_diag_whole(c->d, ERI_SEV_ERROR, c->f->src,
                         "nothing left to score: every item is excluded, so the score cannot be normalized");
            return false;
        }
        eri_num share;
        if (eri_num_div(res->earned_total, res->applicable_total, &share) != ERI_NUM_OK ||
            eri_num_mul(share, r->scale, &res->normalized) != ERI_NUM_OK) {
            eri_diag_plain(c->d, ERI_SEV_ERROR, "out of memory normalizing the score");
            return false;
        }
    }
    eri_num s = res->normalized;
    bool ok = true;
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const eri_adjust *a = &r->adjusts[i];
        eri_adjust_result *ar = &res->adjusts[i];
        if (!adjust_value(c, i, ar)) {
            ok = false;
            continue;
        }
        if (!eri_eval_arith(c, a->expr, a->bonus ? eri_num_add(s, ar->applied, &s) : eri_num_sub(s, ar->applied, &s)))
            ok = false;
    }
    if (!ok)
        return false;
    res->before_round = s;
    res->score = s;
    if (r->round && eri_num_round(s, r->quantum, r->round_mode, &res->score) != ERI_NUM_OK) {
        eri_diag_plain(c->d, ERI_SEV_ERROR, "out of memory rounding the score");
        return false;
    }
    size_t len = eri_result_score_text(r, res->score, res->score_buf, sizeof res->score_buf);
    char *text = len < sizeof res->score_buf ? NULL : eri_numheap_text(len + 1);
    if (text) /* a score of more than 63 characters: in the result's number heap */
        eri_result_score_text(r, res->score, text, len + 1);
    res->score_text = text ? text : res->score_buf;
    c->score_ready = true;
    return true;
}

/* veto -> VETO strings WHEN expr ;  rating -> RATING '{' rating_stmt* '}'
 * rating_stmt -> LEVEL STRING AT number_lit | OTHERWISE STRING | CAP STRING UNLESS expr because_opt */
static bool rate(ctx *c)
{
    const er_rules *r = c->r;
    er_result *res = c->res;
    bool ok = true;
    for (uint32_t i = 0; i < r->nvetoes; i++) {
        eri_value v;
        c->scope = -1;
        if (!eri_eval_have(c, &r->vetoes[i].facts, "a veto") || !ev(c, r->vetoes[i].cond, &v)) {
            ok = false;
            continue;
        }
        res->vetoed[i] = v.b;
        res->nvetoed += v.b;
    }
    res->uncapped_level = -1;
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (eri_num_cmp(res->score, r->levels[i].threshold) >= 0) {
            res->uncapped_level = (int32_t)i;
            break;
        }
    res->level = res->uncapped_level;
    res->cap = -1;
    for (uint32_t i = 0; i < r->ncaps; i++) {
        const eri_cap *cp = &r->caps[i];
        eri_value v;
        if (!eri_eval_have(c, &cp->facts, "a rating cap") || !ev(c, cp->cond, &v)) {
            ok = false;
            continue;
        }
        res->cap_held[i] = v.b;
        if (!v.b && res->level >= 0 && res->level < cp->level) {
            res->level = cp->level;
            res->cap = (int32_t)i;
        }
    }
    if (res->nvetoed) { /* a veto blocks every level: no cap is then at work */
        res->level = -1;
        res->cap = -1;
    }
    return ok;
}

static void report_missing(ctx *c)
{
    const er_rules *r = c->r;
    for (uint32_t i = 0; i < r->nfacts; i++) {
        if (!c->missing[i])
            continue;
        const eri_fact *fa = &r->facts[i];
        const eri_fact_entry *e = &c->f->entries[i];
        if (e->left_empty) /* a record's empty cell or null: there */
            eri_diag_at(c->d, ERI_SEV_ERROR, c->f->src, e->span.start, e->span.end,
                        "missing fact '%s' (%s%s%s%s), needed by %s", fa->name, eri_fact_type_names[fa->type],
                        *fa->label ? ": " : "", fa->label, "", c->needed_by[i]);
        else
            eri_diag_whole(c->d, ERI_SEV_ERROR, c->f->src, "missing fact '%s' (%s%s%s%s), needed by %s", fa->name,
                           eri_fact_type_names[fa->type], *fa->label ? ": " : "", fa->label, "", c->needed_by[i]);
    }
    bool excludable = false; /* exclusion is advice only where the rules allow one */
    for (uint32_t i = 0; i < r->nnodes && !excludable; i++)
        excludable = r->nodes[i].excludable;
    eri_diag_whole(c->d, ERI_SEV_NOTE, c->f->src, "an incomplete audit is not scored: add the %u missing fact%s "
                 "(name = value)%s", c->nmissing, c->nmissing == 1 ? "" : "s",
                 excludable ? ", or exclude the indicators they belong to where the rules allow it "
                              "(exclude ID \"reason\")" : "");
}

void er_result_free(er_result *res)
{
    if (!res)
        return;
    eri_free(res->nodes);
    eri_free(res->adjusts);
    eri_free(res->vetoed);
    eri_free(res->cap_held);
    eri_free(res->let_vals);
    eri_free(res->let_state);
    eri_numheap_clear(&res->nums);
    eri_free(res);
}

/* ---- the reusable evaluator ----------------------------------------------- */

/* Everything one evaluation needs, allocated once per rule set: a sweep
 * evaluates a million times without touching the allocator. */
struct er_evaluator {
    const er_rules *r;
    er_result *res;
    uint8_t *missing;       /* per fact */
    const char **needed_by; /* per fact */
    bool missing_dirty;     /* the last evaluation marked facts missing */
    eri_plan *plan;         /* the rules compiled (plan.c), or NULL */
    bool use_plan;
    er_diag *quiet;         /* the plan's general parts report nowhere: a fall-back reports */
};

er_evaluator *er_evaluator_new(const er_rules *r)
{
    er_evaluator *ev = eri_calloc(1, sizeof *ev);
    if (!ev)
        return NULL;
    ev->r = r;
    er_result *res = ev->res = eri_calloc(1, sizeof *res);
    if (res) {
        res->rules = r;
        res->nodes = eri_calloc(r->nnodes + 1, sizeof *res->nodes);
        res->adjusts = eri_calloc(r->nadjusts + 1, sizeof *res->adjusts);
        res->vetoed = eri_calloc(r->nvetoes + 1, sizeof *res->vetoed);
        res->cap_held = eri_calloc(r->ncaps + 1, sizeof *res->cap_held);
        res->let_vals = eri_calloc(r->nlets + 1, sizeof *res->let_vals);
        res->let_state = eri_calloc(r->nlets + 1, 1);
    }
    ev->missing = eri_calloc(r->nfacts + 1, 1);
    ev->needed_by = eri_calloc(r->nfacts + 1, sizeof *ev->needed_by);
    ev->quiet = er_diag_new(NULL);
    if (!res || !res->nodes || !res->adjusts || !res->vetoed || !res->cap_held || !res->let_vals ||
        !res->let_state || !ev->missing || !ev->needed_by || !ev->quiet) {
        er_evaluator_free(ev);
        return NULL;
    }
    ev->plan = eri_plan_new(r); /* NULL: every evaluation is the general one */

    ev->use_plan = true;
    return ev;
}

void er_evaluator_free(er_evaluator *ev)
{
    if (!ev)
        return;
    er_result_free(ev->res);
    eri_free(ev->missing);
    eri_free(ev->needed_by);
    eri_plan_free(ev->plan);
    er_diag_free(ev->quiet);
    eri_free(ev);
}

/* Back to the state of a fresh eri_calloc'd result: every node, named value,
 * veto and cap not yet evaluated. */
static void reset(er_evaluator *ev, const er_facts *f, const er_scheme *s)
{
    const er_rules *r = ev->r;
    er_result *res = ev->res;
    eri_node_result *nodes = res->nodes;
    eri_adjust_result *adjusts = res->adjusts;
    bool *vetoed = res->vetoed, *cap_held = res->cap_held;
    eri_value *let_vals = res->let_vals;
    uint8_t *let_state = res->let_state;
    memset(nodes, 0, r->nnodes * sizeof *nodes);
    memset(adjusts, 0, r->nadjusts * sizeof *adjusts);
    memset(vetoed, 0, r->nvetoes * sizeof *vetoed);
    memset(cap_held, 0, r->ncaps * sizeof *cap_held);
    memset(let_state, 0, r->nlets);
    eri_numheap nums = res->nums;
    eri_numheap_clear(&nums); /* the last result's large numbers */
    *res = (er_result){.rules = r, .facts = f, .scheme = s ? s : &r->base, .nodes = nodes, .adjusts = adjusts,
                       .vetoed = vetoed, .cap_held = cap_held, .let_vals = let_vals, .let_state = let_state,
                       .nums = nums, .score_text = ""};
    res->points = res->scheme->points;
    if (ev->missing_dirty) {
        memset(ev->missing, 0, r->nfacts);
        memset(ev->needed_by, 0, r->nfacts * sizeof *ev->needed_by);
        ev->missing_dirty = false;
    }
}

const er_result *er_evaluate(er_evaluator *ev, const er_facts *f, const er_scheme *s, er_diag *d)
{
    const er_rules *r = ev->r;
    reset(ev, f, s);
    ctx c = {.r = r, .f = f, .res = ev->res, .d = d, .scope = -1, .missing = ev->missing, .needed_by = ev->needed_by};
    eri_numheap *before = eri_numheap_use(&ev->res->nums);
    bool ok = true;
    for (uint32_t i = 0; i < r->nroots; i++)
        ok &= eval_node(&c, r->roots[i]);
    if (ok)
        ok = totals(&c) && rate(&c);
    eri_numheap_use(before);
    if (!ok && !c.failed) {
        /* facts are missing: list those of the total, the vetoes and the caps too */
        for (uint32_t i = 0; i < r->nadjusts; i++)
            eri_eval_have(&c, &r->adjusts[i].facts, r->adjusts[i].label);
        for (uint32_t i = 0; i < r->nvetoes; i++)
            eri_eval_have(&c, &r->vetoes[i].facts, "a veto");
        for (uint32_t i = 0; i < r->ncaps; i++)
            eri_eval_have(&c, &r->caps[i].facts, "a rating cap");
    }
    if (c.nmissing) {
        ev->missing_dirty = true;
        report_missing(&c);
        return NULL;
    }
    return ok ? ev->res : NULL;
}

bool eri_evaluate_brief(er_evaluator *ev, const er_facts *f, const er_scheme *s, er_diag *d, eri_brief *out)
{
    return eri_evaluate_row(ev, f, f->row, s, d, out);
}

/* ---- the plan's general parts (plan.h: eri_plan_general) ------------------ */

/* One evaluation's general parts share one context, started on the first */
typedef struct general {
    er_evaluator *ev;
    const er_facts *f;
    const er_scheme *s;
    bool started;
    ctx c;
    eri_numheap *before;
} general;

static ctx *general_ctx(void *p)
{
    general *g = p;
    if (!g->started) {
        er_evaluator *ev = g->ev;
        reset(ev, g->f, g->s);
        g->c = (ctx){.r = ev->r, .f = g->f, .res = ev->res, .d = ev->quiet, .scope = -1, .missing = ev->missing,
                     .needed_by = ev->needed_by};
        g->before = eri_numheap_use(&ev->res->nums);
        g->started = true;
    }
    return &g->c;
}

static bool general_excluded(void *p, int32_t ni, bool *out)
{
    ctx *c = general_ctx(p);
    if (!applicability(c, ni))
        return false;
    *out = !c->res->nodes[ni].applicable;
    return true;
}

static bool general_earned(void *p, int32_t ni, eri_num *out)
{
    ctx *c = general_ctx(p);
    if (!eval_node(c, ni))
        return false;
    *out = c->res->nodes[ni].earned;
    return true;
}

static bool general_adjust(void *p, uint32_t i, eri_num *out)
{
    ctx *c = general_ctx(p);
    if (!adjust_value(c, i, &c->res->adjusts[i]))
        return false;
    *out = c->res->adjusts[i].applied;
    return true;
}

static bool general_veto(void *p, uint32_t i, bool *out)
{
    ctx *c = general_ctx(p);
    eri_value v;
    c->scope = -1;
    if (!eri_eval_have(c, &c->r->vetoes[i].facts, "a veto") || !ev(c, c->r->vetoes[i].cond, &v))
        return false;
    *out = v.b;
    return true;
}

static bool general_cap(void *p, uint32_t i, eri_num score, bool *held)
{
    ctx *c = general_ctx(p);
    eri_value v;
    c->scope = -1;
    c->res->score = score; /* what 'score' reads */
    c->score_ready = true;
    if (!eri_eval_have(c, &c->r->caps[i].facts, "a rating cap") || !ev(c, c->r->caps[i].cond, &v))
        return false;
    *held = v.b;
    return true;
}

static bool evaluate_memo(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s,
                          eri_plan_memo *m, bool record, er_diag *d, eri_brief *out);

bool eri_evaluate_row(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s, er_diag *d,
                      eri_brief *out)
{
    return evaluate_memo(ev, f, row, s, NULL, false, d, out);
}

bool eri_evaluate_memo(er_evaluator *ev, const er_facts *f, const er_scheme *s, eri_plan_memo *m, bool record,
                       er_diag *d, eri_brief *out)
{
    return evaluate_memo(ev, f, f->row, s, m, record, d, out);
}

static bool evaluate_memo(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s,
                          eri_plan_memo *m, bool record, er_diag *d, eri_brief *out)
{
    eri_plan_out po;
    if (ev->plan && ev->use_plan && eri_plan_run_fast(ev->plan, row, s, &po) == ERI_PLAN_OK) {
        *out = (eri_brief){.planned = true, .steps = po.steps, .level = po.level, .nvetoed = po.nvetoed, .plan = po};
        return true;
    }
    if (ev->plan && ev->use_plan) {
        general g = {.ev = ev, .f = f, .s = s};
        eri_plan_general gp = {&g, general_excluded, general_earned, general_adjust, general_veto, general_cap};
        eri_plan_status st = eri_plan_run_memo(ev->plan, row, s, &gp, m, record, &po);
        if (g.started) {
            eri_numheap_use(g.before);
            ev->missing_dirty |= g.c.nmissing > 0;
        }
        if (st == ERI_PLAN_OK) {
            *out = (eri_brief){.planned = true, .steps = po.steps, .level = po.level, .nvetoed = po.nvetoed, .plan = po};
            return true;
        }
    }
    const er_result *res = er_evaluate(ev, f, s, d);
    if (!res)
        return false;
    *out = (eri_brief){.score = res->score, .level = res->level, .nvetoed = res->nvetoed};
    return true;
}

eri_num_status eri_brief_score(const er_rules *r, const eri_brief *b, eri_num *score)
{
    if (!b->planned) {
        *score = b->score;
        return ERI_NUM_OK;
    }
    eri_plan_out po = {.steps = b->steps};
    return eri_plan_score(r, &po, score);
}

bool eri_brief_totals(const eri_brief *b, eri_num *applicable, eri_num *earned)
{
    const eri_plan_out *po = &b->plan;
    int64_t ud;
    return b->planned && po->earned_l > 0 && !__builtin_mul_overflow(po->u, po->earned_l, &ud) &&
           eri_num_make(po->applicable, po->u, applicable) == ERI_NUM_OK &&
           eri_num_make(po->earned, ud, earned) == ERI_NUM_OK;
}

bool eri_evaluator_planned(const er_evaluator *ev) { return ev->plan != NULL; }
const eri_plan *eri_evaluator_plan(const er_evaluator *ev) { return ev->plan; }
void eri_evaluator_use_plan(er_evaluator *ev, bool use) { ev->use_plan = use; }

er_result *er_eval(const er_rules *r, const er_facts *f, er_diag *d)
{
    return er_eval_scheme(r, f, NULL, d);
}

/* One evaluator, used once: its result is handed over to the caller. */
er_result *er_eval_scheme(const er_rules *r, const er_facts *f, const er_scheme *s, er_diag *d)
{
    er_evaluator *ev = er_evaluator_new(r);
    if (!ev) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    er_result *res = NULL;
    if (er_evaluate(ev, f, s, d)) {
        res = ev->res;
        ev->res = NULL;
    }
    er_evaluator_free(ev);
    return res;
}
