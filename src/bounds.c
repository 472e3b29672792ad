/* bounds.c — what values an expression can take, from the declared ranges
 * of the facts it reads (interval arithmetic over exact rationals), and
 * whether a condition can be true or false.  The checker uses it to find
 * scores above an item's points; the lints (lint.c) to find rules that can
 * never or always apply.  Over-approximate: "unknown" is always safe. */
#include "check.h"

static bounds exact(er_num n) { return (bounds){true, true, n, n}; }
static bounds unknown(void) { return (bounds){false, false, ER_NUM_ZERO, ER_NUM_ZERO}; }

static bounds corners(const bounds *a, const bounds *b, er_op op)
{
    if (!a->has_lo || !a->has_hi || !b->has_lo || !b->has_hi)
        return unknown();
    er_num xs[2] = {a->lo, a->hi}, ys[2] = {b->lo, b->hi}, v[4];
    if (op == ER_OP_DIV && er_num_sign(b->lo) <= 0 && er_num_sign(b->hi) >= 0)
        return unknown();
    for (int i = 0; i < 4; i++) {
        er_num_status st = op == ER_OP_MUL ? er_num_mul(xs[i / 2], ys[i % 2], &v[i])
                                           : er_num_div(xs[i / 2], ys[i % 2], &v[i]);
        if (st != ER_NUM_OK)
            return unknown();
    }
    bounds r = {true, true, v[0], v[0]};
    for (int i = 1; i < 4; i++) {
        r.lo = er_num_min(r.lo, v[i]);
        r.hi = er_num_max(r.hi, v[i]);
    }
    return r;
}

static bounds node_range(checker *c, const er_expr *call)
{
    const er_node *n = &c->r->nodes[call->a->ref];
    switch ((er_builtin)call->ref) {
    case ER_FN_POINTS:
        return exact(ck_points(c, call->a->ref));
    case ER_FN_EARNED:
    case ER_FN_APPLICABLE:
        return (bounds){true, true, ER_NUM_ZERO, ck_points(c, call->a->ref)};
    case ER_FN_FAILED: {
        int64_t items = 0;
        for (int32_t i = call->a->ref; i < n->end; i++)
            items += c->r->nodes[i].is_item;
        return (bounds){true, true, ER_NUM_ZERO, er_num_int(items)};
    }
    default:
        return unknown();
    }
}

bounds ck_bounds(checker *c, const er_expr *e, int depth)
{
    if (depth > 64 || e->type == ER_TY_ERROR)
        return unknown();
    switch (e->kind) {
    case ER_EX_NUM:
        return exact(e->num);
    case ER_EX_POINTS:
        return c->scope >= 0 ? exact(ck_points(c, c->scope)) : unknown();
    case ER_EX_NAME:
        if (e->ref_kind == ER_REF_LET && e->ref >= 0)
            return ck_bounds(c, c->r->lets[e->ref].expr, depth + 1);
        if (e->ref_kind == ER_REF_FACT && e->ref >= 0) {
            const er_fact *f = &c->r->facts[e->ref];
            if (f->type == ER_FT_SAMPLE)
                return (bounds){true, true, ER_NUM_ZERO, ER_NUM_ONE};
            return (bounds){f->has_lo, f->has_hi, f->lo.num, f->hi.num};
        }
        return unknown();
    case ER_EX_UNARY: {
        bounds a = ck_bounds(c, e->a, depth + 1);
        if (e->op != ER_OP_NEG)
            return unknown();
        bounds r = {a.has_hi, a.has_lo, ER_NUM_ZERO, ER_NUM_ZERO};
        if ((a.has_hi && er_num_neg(a.hi, &r.lo) != ER_NUM_OK) || (a.has_lo && er_num_neg(a.lo, &r.hi) != ER_NUM_OK))
            return unknown();
        return r;
    }
    case ER_EX_BINARY: {
        bounds a = ck_bounds(c, e->a, depth + 1), b = ck_bounds(c, e->b, depth + 1), r = unknown();
        if (e->op == ER_OP_ADD) {
            r.has_lo = a.has_lo && b.has_lo && er_num_add(a.lo, b.lo, &r.lo) == ER_NUM_OK;
            r.has_hi = a.has_hi && b.has_hi && er_num_add(a.hi, b.hi, &r.hi) == ER_NUM_OK;
        } else if (e->op == ER_OP_SUB) {
            r.has_lo = a.has_lo && b.has_hi && er_num_sub(a.lo, b.hi, &r.lo) == ER_NUM_OK;
            r.has_hi = a.has_hi && b.has_lo && er_num_sub(a.hi, b.lo, &r.hi) == ER_NUM_OK;
        } else if (e->op == ER_OP_MUL || e->op == ER_OP_DIV) {
            r = corners(&a, &b, (er_op)e->op);
        }
        return r;
    }
    case ER_EX_IF: {
        bounds a = ck_bounds(c, e->b, depth + 1), b = ck_bounds(c, e->c, depth + 1);
        bounds r = {a.has_lo && b.has_lo, a.has_hi && b.has_hi, er_num_min(a.lo, b.lo), er_num_max(a.hi, b.hi)};
        return r;
    }
    case ER_EX_CALL:
        switch (e->ref) {
        case ER_FN_MIN:
        case ER_FN_MAX: {
            bool is_min = e->ref == ER_FN_MIN;
            bounds r = ck_bounds(c, e->a, depth + 1);
            for (const er_expr *x = e->a->next; x; x = x->next) {
                bounds b = ck_bounds(c, x, depth + 1);
                /* min: hi is known if any hi is; lo only if all are */
                bool any_hi = is_min ? (r.has_hi || b.has_hi) : (r.has_hi && b.has_hi);
                bool any_lo = is_min ? (r.has_lo && b.has_lo) : (r.has_lo || b.has_lo);
                er_num hi = !r.has_hi ? b.hi : !b.has_hi ? r.hi : is_min ? er_num_min(r.hi, b.hi) : er_num_max(r.hi, b.hi);
                er_num lo = !r.has_lo ? b.lo : !b.has_lo ? r.lo : is_min ? er_num_min(r.lo, b.lo) : er_num_max(r.lo, b.lo);
                r = (bounds){any_lo, any_hi, lo, hi};
            }
            return r;
        }
        case ER_FN_CEIL:
        case ER_FN_FLOOR:
        case ER_FN_ROUND: {
            bounds a = ck_bounds(c, e->a, depth + 1);
            er_num one;
            if (a.has_lo && er_num_floor(a.lo, &one) == ER_NUM_OK)
                a.lo = one;
            else
                a.has_lo = false;
            if (a.has_hi && er_num_ceil(a.hi, &one) == ER_NUM_OK)
                a.hi = one;
            else
                a.has_hi = false;
            return a;
        }
        case ER_FN_CONFORMING:
        case ER_FN_SAMPLED:
        case ER_FN_ABS:
            return (bounds){true, false, ER_NUM_ZERO, ER_NUM_ZERO};
        case ER_FN_EARNED:
        case ER_FN_APPLICABLE:
        case ER_FN_FAILED:
        case ER_FN_POINTS:
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
static int compare_truth(checker *c, const er_expr *e, int depth)
{
    bounds a = ck_bounds(c, e->a, depth + 1), b = ck_bounds(c, e->b, depth + 1);
    bounds d = {a.has_lo && b.has_hi, a.has_hi && b.has_lo, ER_NUM_ZERO, ER_NUM_ZERO};
    if (d.has_lo && er_num_sub(a.lo, b.hi, &d.lo) != ER_NUM_OK)
        d.has_lo = false;
    if (d.has_hi && er_num_sub(a.hi, b.lo, &d.hi) != ER_NUM_OK)
        d.has_hi = false;
    int lo = d.has_lo ? er_num_sign(d.lo) : -2, hi = d.has_hi ? er_num_sign(d.hi) : 2;
    bool can_true, can_false;
    switch ((er_op)e->op) {
    case ER_OP_LT: can_true = lo < 0, can_false = hi >= 0; break;
    case ER_OP_LE: can_true = lo <= 0, can_false = hi > 0; break;
    case ER_OP_GT: can_true = hi > 0, can_false = lo <= 0; break;
    case ER_OP_GE: can_true = hi >= 0, can_false = lo < 0; break;
    case ER_OP_EQ: can_true = lo <= 0 && hi >= 0, can_false = !(lo == 0 && hi == 0); break;
    case ER_OP_NE: can_true = !(lo == 0 && hi == 0), can_false = lo <= 0 && hi >= 0; break;
    default: return CK_EITHER;
    }
    return (can_true ? CK_CAN_TRUE : 0) | (can_false ? CK_CAN_FALSE : 0);
}

static bool is_numeric(const er_expr *e) { return e->type == ER_TY_NUMBER || e->type == ER_TY_SAMPLE; }

int ck_truth(checker *c, const er_expr *e, int depth)
{
    if (depth > 64 || e->type == ER_TY_ERROR)
        return CK_EITHER;
    switch (e->kind) {
    case ER_EX_BOOL:
        return e->op ? CK_CAN_TRUE : CK_CAN_FALSE;
    case ER_EX_NAME:
        if (e->ref_kind == ER_REF_LET && e->ref >= 0)
            return ck_truth(c, c->r->lets[e->ref].expr, depth + 1);
        return CK_EITHER;
    case ER_EX_UNARY:
        if (e->op == ER_OP_NOT) {
            int t = ck_truth(c, e->a, depth + 1);
            return ((t & CK_CAN_TRUE) ? CK_CAN_FALSE : 0) | ((t & CK_CAN_FALSE) ? CK_CAN_TRUE : 0);
        }
        return CK_EITHER;
    case ER_EX_BINARY: {
        if (e->op == ER_OP_AND || e->op == ER_OP_OR) {
            int a = ck_truth(c, e->a, depth + 1), b = ck_truth(c, e->b, depth + 1);
            bool and = e->op == ER_OP_AND;
            bool can_true = and ? (a & b & CK_CAN_TRUE) : ((a | b) & CK_CAN_TRUE);
            bool can_false = and ? ((a | b) & CK_CAN_FALSE) : (a & b & CK_CAN_FALSE);
            return (can_true ? CK_CAN_TRUE : 0) | (can_false ? CK_CAN_FALSE : 0);
        }
        if (e->op >= ER_OP_LT && e->op <= ER_OP_NE && is_numeric(e->a) && is_numeric(e->b))
            return compare_truth(c, e, depth);
        return CK_EITHER;
    }
    case ER_EX_IF: {
        int cond = ck_truth(c, e->a, depth + 1);
        int t = 0;
        if (cond & CK_CAN_TRUE)
            t |= ck_truth(c, e->b, depth + 1);
        if (cond & CK_CAN_FALSE)
            t |= ck_truth(c, e->c, depth + 1);
        return t ? t : CK_EITHER;
    }
    default:
        return CK_EITHER;
    }
}
