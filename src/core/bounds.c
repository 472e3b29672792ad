/* bounds.c — what values an expression can take, from the declared ranges
 * of the facts it reads (interval arithmetic over exact rationals), and
 * whether a condition can be true or false.  The checker uses it to find
 * scores above an item's points; the lints (lint.c) to find rules that can
 * never or always apply.  Over-approximate: "unknown" is always safe.
 * Below the passes: it reads checked expressions and calls only
 * check_state.c. */
#include "bounds.h"

#include <string.h>

static eri_bounds exact(eri_num n) { return (eri_bounds){true, true, n, n}; }
static eri_bounds unknown(void) { return (eri_bounds){false, false, ERI_NUM_ZERO, ERI_NUM_ZERO}; }

static eri_bounds corners(const eri_bounds *a, const eri_bounds *b, eri_op op)
{
    if (!a->has_lo || !a->has_hi || !b->has_lo || !b->has_hi)
        return unknown();
    eri_num xs[2] = {a->lo, a->hi}, ys[2] = {b->lo, b->hi}, v[4];
    if (op == ERI_OP_DIV && eri_num_sign(b->lo) <= 0 && eri_num_sign(b->hi) >= 0)
        return unknown();
    for (int i = 0; i < 4; i++) {
        eri_num_status st = op == ERI_OP_MUL ? eri_num_mul(xs[i / 2], ys[i % 2], &v[i])
                                           : eri_num_div(xs[i / 2], ys[i % 2], &v[i]);
        if (st != ERI_NUM_OK)
            return unknown();
    }
    eri_bounds r = {true, true, v[0], v[0]};
    for (int i = 1; i < 4; i++) {
        r.lo = eri_num_min(r.lo, v[i]);
        r.hi = eri_num_max(r.hi, v[i]);
    }
    return r;
}

/* a op b for + - * / (an arithmetic chain's links: nothing else) */
static eri_bounds combine(const eri_bounds *a, const eri_bounds *b, eri_op op)
{
    eri_bounds r = unknown();
    if (op == ERI_OP_ADD) {
        r.has_lo = a->has_lo && b->has_lo && eri_num_add(a->lo, b->lo, &r.lo) == ERI_NUM_OK;
        r.has_hi = a->has_hi && b->has_hi && eri_num_add(a->hi, b->hi, &r.hi) == ERI_NUM_OK;
    } else if (op == ERI_OP_SUB) {
        r.has_lo = a->has_lo && b->has_hi && eri_num_sub(a->lo, b->hi, &r.lo) == ERI_NUM_OK;
        r.has_hi = a->has_hi && b->has_lo && eri_num_sub(a->hi, b->lo, &r.hi) == ERI_NUM_OK;
    } else {
        r = corners(a, b, op);
    }
    return r;
}

/* ---- named values, each worked out once -----------------------------------
 * A let's bounds, truth and whether it reads facts are computed on first
 * use, in its own scope, and remembered: a chain of lets that each use the
 * one before twice costs one visit per let, not 2^n.  The memo holds for one
 * meaning of 'points' (c->points): another scheme starts it afresh.  A let
 * met again while it is being worked out (a cycle, already an error) is
 * unknown. */
enum { KNOWN = 1, BUSY = 2 };           /* per question, shifted by its slot */
enum { Q_BOUNDS = 0, Q_TRUTH = 2, Q_READS = 4, READS_YES = 0x40 };

static uint8_t *memo(eri_checker *c, int32_t li)
{
    uint32_t n = c->r->nlets + 1;
    if (!c->let_memo) {
        c->let_memo = eri_arena_alloc(c->a, n);
        c->let_bounds = ERI_NEW_ARRAY(c->a, eri_bounds, n);
        c->let_truth = eri_arena_alloc(c->a, n);
        c->memo_points = c->points;
    } else if (c->memo_points != c->points) {
        memset(c->let_memo, 0, n);
        c->memo_points = c->points;
    }
    return &c->let_memo[li];
}

static eri_bounds let_bounds(eri_checker *c, int32_t li)
{
    uint8_t *m = memo(c, li);
    if (*m & (KNOWN << Q_BOUNDS))
        return c->let_bounds[li];
    if (*m & (BUSY << Q_BOUNDS))
        return unknown();
    *m |= BUSY << Q_BOUNDS;
    int32_t scope = c->scope;
    c->scope = c->r->lets[li].scope;
    eri_bounds b = eri_ck_bounds(c, c->r->lets[li].expr, 0);
    c->scope = scope;
    m = memo(c, li);
    *m = (uint8_t)((*m & ~(BUSY << Q_BOUNDS)) | (KNOWN << Q_BOUNDS));
    c->let_bounds[li] = b;
    return b;
}

static int let_truth(eri_checker *c, int32_t li)
{
    uint8_t *m = memo(c, li);
    if (*m & (KNOWN << Q_TRUTH))
        return c->let_truth[li];
    if (*m & (BUSY << Q_TRUTH))
        return CK_EITHER;
    *m |= BUSY << Q_TRUTH;
    int32_t scope = c->scope;
    c->scope = c->r->lets[li].scope;
    int t = eri_ck_truth(c, c->r->lets[li].expr, 0);
    c->scope = scope;
    m = memo(c, li);
    *m = (uint8_t)((*m & ~(BUSY << Q_TRUTH)) | (KNOWN << Q_TRUTH));
    c->let_truth[li] = (uint8_t)t;
    return t;
}

/* points(), earned(), applicable() or failed() of a node */
static eri_bounds node_range(eri_checker *c, const eri_expr *call)
{
    const eri_node *n = &c->r->nodes[call->a->ref];
    if (call->ref == ERI_FN_POINTS)
        return exact(eri_ck_points(c, call->a->ref));
    if (call->ref != ERI_FN_FAILED) /* earned, applicable */
        return (eri_bounds){true, true, ERI_NUM_ZERO, eri_ck_points(c, call->a->ref)};
    int64_t items = 0;
    for (int32_t i = call->a->ref; i < n->end; i++)
        items += c->r->nodes[i].is_item;
    return (eri_bounds){true, true, ERI_NUM_ZERO, eri_num_int(items)};
}

/* depth: within one expression (a let's starts again at 0); the nesting
 * limits (ast.h, check_expr.c) keep it well under the cut, a safety net */
#define CUT (2 * ERI_MAX_EXPR_DEPTH)

static bool is_numeric(const eri_expr *e) { return e->type == ERI_TY_NUMBER || e->type == ERI_TY_SAMPLE; }

/* e's bounds: a number's (the checker asks while it reports errors too: an
 * expression of another type, or the error type, is unknown) */
eri_bounds eri_ck_bounds(eri_checker *c, const eri_expr *e, int depth)
{
    if (depth > CUT || !is_numeric(e))
        return unknown();
    switch (e->kind) {
    case ERI_EX_NUM:
        return exact(e->num);
    case ERI_EX_POINTS:
        return c->scope >= 0 ? exact(eri_ck_points(c, c->scope)) : unknown();
    case ERI_EX_NAME: /* resolved: an unresolved name has the error type */
        if (e->ref_kind == ERI_REF_LET)
            return let_bounds(c, e->ref);
        {
            const eri_fact *f = &c->r->facts[e->ref];
            if (f->type == ERI_FT_SAMPLE)
                return (eri_bounds){true, true, ERI_NUM_ZERO, ERI_NUM_ONE};
            return (eri_bounds){f->has_lo, f->has_hi, f->lo.num, f->hi.num};
        }
    case ERI_EX_UNARY: { /* '-': a number ('not' is no number) */
        eri_bounds a = eri_ck_bounds(c, e->a, depth + 1);
        eri_bounds r = {a.has_hi, a.has_lo, ERI_NUM_ZERO, ERI_NUM_ZERO};
        if ((a.has_hi && eri_num_neg(a.hi, &r.lo) != ERI_NUM_OK) || (a.has_lo && eri_num_neg(a.lo, &r.hi) != ERI_NUM_OK))
            return unknown();
        return r;
    }
    case ERI_EX_CHAIN: { /* + - * /, folded left to right, as evaluated ('and', 'or': no number) */
        eri_bounds r = eri_ck_bounds(c, e->a, depth + 1);
        for (const eri_expr *x = e->a->next; x; x = x->next) {
            eri_bounds b = eri_ck_bounds(c, x, depth + 1);
            r = combine(&r, &b, (eri_op)x->link);
        }
        return r;
    }
    case ERI_EX_IF: {
        eri_bounds a = eri_ck_bounds(c, e->b, depth + 1), b = eri_ck_bounds(c, e->c, depth + 1);
        eri_bounds r = unknown(); /* a side without a bound holds no number (a fact's unset bound) */
        if (a.has_lo && b.has_lo)
            r.has_lo = true, r.lo = eri_num_min(a.lo, b.lo);
        if (a.has_hi && b.has_hi)
            r.has_hi = true, r.hi = eri_num_max(a.hi, b.hi);
        return r;
    }
    case ERI_EX_CALL:
        switch (e->ref) {
        case ERI_FN_MIN:
        case ERI_FN_MAX: {
            bool is_min = e->ref == ERI_FN_MIN;
            eri_bounds r = eri_ck_bounds(c, e->a, depth + 1);
            for (const eri_expr *x = e->a->next; x; x = x->next) {
                eri_bounds b = eri_ck_bounds(c, x, depth + 1);
                /* min: hi is known if any hi is; lo only if all are */
                bool any_hi = is_min ? (r.has_hi || b.has_hi) : (r.has_hi && b.has_hi);
                bool any_lo = is_min ? (r.has_lo && b.has_lo) : (r.has_lo || b.has_lo);
                eri_num hi = !r.has_hi ? b.hi : !b.has_hi ? r.hi : is_min ? eri_num_min(r.hi, b.hi) : eri_num_max(r.hi, b.hi);
                eri_num lo = !r.has_lo ? b.lo : !b.has_lo ? r.lo : is_min ? eri_num_min(r.lo, b.lo) : eri_num_max(r.lo, b.lo);
                r = (eri_bounds){any_lo, any_hi, lo, hi};
            }
            return r;
        }
        case ERI_FN_CEIL:
        case ERI_FN_FLOOR:
        case ERI_FN_ROUND: {
            eri_bounds a = eri_ck_bounds(c, e->a, depth + 1);
            eri_num one;
            if (a.has_lo && eri_num_floor(a.lo, &one) == ERI_NUM_OK)
                a.lo = one;
            else
                a.has_lo = false;
            if (a.has_hi && eri_num_ceil(a.hi, &one) == ERI_NUM_OK)
                a.hi = one;
            else
                a.has_hi = false;
            return a;
        }
        case ERI_FN_CONFORMING:
        case ERI_FN_SAMPLED:
        case ERI_FN_ABS:
            return (eri_bounds){true, false, ERI_NUM_ZERO, ERI_NUM_ZERO};
        case ERI_FN_EARNED:
        case ERI_FN_APPLICABLE:
        case ERI_FN_FAILED:
        case ERI_FN_POINTS:
            return node_range(c, e);
        default:
            return unknown();
        }
    default:
        return unknown();
    }
}

/* Can a comparison of a and b by op come out true, false?  From the bounds
 * of a - b: e.g. a < b cannot be true when a - b >= 0 for every value. */
static int compare_truth(eri_checker *c, const eri_expr *e, int depth)
{
    eri_bounds a = eri_ck_bounds(c, e->a, depth + 1), b = eri_ck_bounds(c, e->b, depth + 1);
    eri_bounds d = {a.has_lo && b.has_hi, a.has_hi && b.has_lo, ERI_NUM_ZERO, ERI_NUM_ZERO};
    if (d.has_lo && eri_num_sub(a.lo, b.hi, &d.lo) != ERI_NUM_OK)
        d.has_lo = false;
    if (d.has_hi && eri_num_sub(a.hi, b.lo, &d.hi) != ERI_NUM_OK)
        d.has_hi = false;
    int lo = d.has_lo ? eri_num_sign(d.lo) : -2, hi = d.has_hi ? eri_num_sign(d.hi) : 2;
    bool can_true, can_false;
    switch ((eri_op)e->op) {
    case ERI_OP_LT: can_true = lo < 0, can_false = hi >= 0; break;
    case ERI_OP_LE: can_true = lo <= 0, can_false = hi > 0; break;
    case ERI_OP_GT: can_true = hi > 0, can_false = lo <= 0; break;
    case ERI_OP_GE: can_true = hi >= 0, can_false = lo < 0; break;
    case ERI_OP_EQ: can_true = lo <= 0 && hi >= 0, can_false = !(lo == 0 && hi == 0); break;
    default: can_true = !(lo == 0 && hi == 0), can_false = lo <= 0 && hi >= 0; break; /* ERI_OP_NE */
    }
    return (can_true ? CK_CAN_TRUE : 0) | (can_false ? CK_CAN_FALSE : 0);
}

/* The lints ask, once the rules check without errors: e is a condition */
int eri_ck_truth(eri_checker *c, const eri_expr *e, int depth)
{
    if (depth > CUT)
        return CK_EITHER;
    switch (e->kind) {
    case ERI_EX_BOOL:
        return e->op ? CK_CAN_TRUE : CK_CAN_FALSE;
    case ERI_EX_NAME:
        if (e->ref_kind == ERI_REF_LET)
            return let_truth(c, e->ref);
        return CK_EITHER;
    case ERI_EX_UNARY: { /* 'not': a condition ('-' is none) */
        int t = eri_ck_truth(c, e->a, depth + 1);
        return ((t & CK_CAN_TRUE) ? CK_CAN_FALSE : 0) | ((t & CK_CAN_FALSE) ? CK_CAN_TRUE : 0);
    }
    case ERI_EX_CHAIN: { /* 'and', 'or': a condition (+ - * / is none) */
        bool and = e->op == ERI_OP_AND;
        int a = eri_ck_truth(c, e->a, depth + 1);
        for (const eri_expr *x = e->a->next; x; x = x->next) {
            int b = eri_ck_truth(c, x, depth + 1);
            bool can_true = and ? (a & b & CK_CAN_TRUE) : ((a | b) & CK_CAN_TRUE);
            bool can_false = and ? ((a | b) & CK_CAN_FALSE) : (a & b & CK_CAN_FALSE);
            a = (can_true ? CK_CAN_TRUE : 0) | (can_false ? CK_CAN_FALSE : 0);
        }
        return a;
    }
    case ERI_EX_BINARY: { /* a comparison: the parser's only binary operators in a rule */
        if (is_numeric(e->a) && is_numeric(e->b))
            return compare_truth(c, e, depth);
        return CK_EITHER;
    }
    case ERI_EX_IF: {
        int cond = eri_ck_truth(c, e->a, depth + 1);
        int t = 0;
        if (cond & CK_CAN_TRUE)
            t |= eri_ck_truth(c, e->b, depth + 1);
        if (cond & CK_CAN_FALSE)
            t |= eri_ck_truth(c, e->c, depth + 1);
        return t; /* a condition's truth has a flag at least: so has t */
    }
    default:
        return CK_EITHER;
    }
}

/* Whether e reads a fact, directly or through named values (each let
 * looked into once). */
static bool reads_facts(eri_checker *c, const eri_expr *e, int depth)
{
    for (; e && depth <= CUT; e = e->next) { /* next: the following argument or operand */
        if (e->kind == ERI_EX_NAME && e->ref_kind == ERI_REF_FACT)
            return true;
        if (e->kind == ERI_EX_NAME) { /* a named value: a fact's returned above */
            uint8_t *m = memo(c, e->ref);
            if (!(*m & ((KNOWN | BUSY) << Q_READS))) {
                *m |= BUSY << Q_READS;
                bool yes = reads_facts(c, c->r->lets[e->ref].expr, 0);
                m = memo(c, e->ref);
                *m = (uint8_t)((*m & ~(BUSY << Q_READS)) | (KNOWN << Q_READS) | (yes ? READS_YES : 0));
            }
            if (*m & READS_YES)
                return true;
            continue;
        }
        if (e->kind == ERI_EX_NUM) /* a sample literal's parts */
            continue;
        if (reads_facts(c, e->a, depth + 1))
            return true;
        if (e->kind != ERI_EX_CALL && e->kind != ERI_EX_CHAIN &&
            (reads_facts(c, e->b, depth + 1) || reads_facts(c, e->c, depth + 1)))
            return true;
    }
    return false;
}

const char *eri_ck_why(eri_checker *c, const eri_expr *e)
{
    return reads_facts(c, e, 0) ? "given the declared ranges of the facts it reads" : "whatever the facts";
}
