/* plan_fast.c — the compiled plan's fast path (plan_ops.h).
 *
 * When every part of a rule set is planned (no general part, no rating cap)
 * and every amount × L20 fits in 62 bits, an evaluation whose samples are
 * all of 1..20 adds in 64 bits over U × L20 directly: a pass adds a constant
 * without a branch, a sample Pu × k × L20 / n, a grade with sorted tiers
 * counts the thresholds above its value; the score is one 64-bit division.
 * Anything else (a larger sample, an absent fact, an overflow) is left to
 * the general path of the plan (plan.c), which is exact too. */
#include "plan_ops.h"

/* tiers all '>=' (or all '>') with thresholds that do not rise: the first
 * that holds is the count of those that do not */
static bool tiers_sorted(const eri_plan *p, const op *o)
{
    const tier *t = p->tiers + o->tier0;
    for (uint32_t j = 0; j < o->ntiers; j++)
        if (t[j].cmp != t[0].cmp || (t[j].cmp != ERI_OP_GE && t[j].cmp != ERI_OP_GT) ||
            (j > 0 && t[j].tn * t[j - 1].td > t[j - 1].tn * t[j].td))
            return false;
    return true;
}

/* the constants of the final division: N = E × c1 + adj × (A or 1) × c2, D = (A or 1) × c3 */
static bool fast_constants(eri_plan *p)
{
    const er_rules *r = p->r;
    int64_t qd = r->quantum.den, qn = r->quantum.num, t;
    if (r->normalize)
        return !MUL(r->scale.num, p->da, &t) && !MUL(t, qd, &p->b->c1) && !MUL((int64_t)L20, r->scale.den, &t) &&
               !MUL(t, qd, &p->b->c2) && !MUL(t, p->da, &t) && !MUL(t, qn, &p->b->c3);
    return !MUL(p->da, qd, &p->b->c1) && !MUL(p->b->u, (int64_t)L20, &t) && !MUL(t, qd, &p->b->c2) &&
           !MUL(t, p->da, &t) && !MUL(t, qn, &p->b->c3);
}

void eri_plan_build_fast(eri_plan *p)
{
    const er_rules *r = p->r;
    p->b->fast = false;
    if (!p->b->bind_ok || r->ncaps || !p->lsteps_ok || p->b->total > ((int64_t)1 << 62) / L20 || !fast_constants(p))
        return;
    for (uint32_t i = 0; i < r->nadjusts; i++)
        if (p->adjs[i].general)
            return;
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (p->vetoes[i].general)
            return;
    for (uint32_t i = 0; i < p->nops; i++) {
        const op *o = &p->ops[i];
        fop *f = &p->b->fops[i];
        *f = (fop){.kind = o->kind, .negate = o->negate, .narrow = o->narrow, .at = o->at, .pu = p->b->pu[i],
                   .pul = p->b->pu[i] * L20};
        switch (o->kind) {
        case OP_SKIP:
            *f = (fop){.kind = OP_SKIP, .negate = o->negate, .at = o->at, .next = (uint32_t)o->node};
            break;
        case OP_PASS:
        case OP_RATIO:
            break;
        case OP_GRADE:
            f->next = o->tier0;
            f->ntiers = o->ntiers;
            f->sorted = tiers_sorted(p, o);
            for (uint32_t t = o->tier0; t <= o->tier0 + o->ntiers; t++)
                p->b->fearn[t] = p->b->earn[t] * L20; /* |earn| <= total */
            break;
        default:
            return; /* a general part */
        }
    }
    p->b->fast = true;
}

/* the tier of a / b (b > 0) */
static inline uint32_t fast_tier(const eri_plan *p, const fop *o, int64_t a, int64_t b)
{
    const tier *t = p->tiers + o->next;
    uint32_t j = 0, n = o->ntiers;
    if (o->sorted && t[0].cmp == ERI_OP_GE)
        for (uint32_t k = 0; k < n; k++)
            j += a * t[k].td < t[k].tn * b;
    else if (o->sorted)
        for (uint32_t k = 0; k < n; k++)
            j += a * t[k].td <= t[k].tn * b;
    else
        while (j < n && !holds(t[j].cmp, cmp(a, b, t[j].tn, t[j].td)))
            j++;
    return j;
}

/* false: not answered here (the general path of the plan decides) */
bool eri_plan_fast_run(const eri_plan *p, const uint8_t *row, eri_plan_out *out)
{
    const er_rules *r = p->r;
    int64_t e = 0, a = 0; /* earned over U × L20, applicable over U: below 2^62 (build_fast) */
    const fop *fo = p->b->fops;
    for (uint32_t i = 0, nops = p->nops; i < nops;) {
        const fop *o = &fo[i];
        const uint8_t *x = row + o->at;
        switch (o->kind) {
        case OP_SKIP:
            if (*x > 1)
                return false;
            i = *x != o->negate ? o->next : i + 1;
            continue;
        case OP_PASS:
            if (*x > 1)
                return false;
            e += o->pul & -(int64_t)*x;
            break;
        case OP_RATIO: {
            unsigned k = x[0], n = x[1];
            if (n - 1u >= 20u)
                return false;
            e += o->pu * (int64_t)k * eri_l20_over[n];
            break;
        }
        default: {
            int64_t xa, xb;
            if (!number_w(x, o->narrow, &xa, &xb))
                return false;
            e += p->b->fearn[o->next + fast_tier(p, o, xa, xb)];
        }
        }
        a += o->pu;
        i++;
    }
    int64_t adj = 0;
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const adjust_op *j = &p->adjs[i];
        int64_t v = j->a, xa, xb;
        if (j->fact >= 0 && j->is_if) {
            if (row[j->at] > 1)
                return false;
            v = row[j->at] ? j->a : j->b;
        } else if (j->fact >= 0 && (!number(row + j->at, &xa, &xb) || xb != 1 || MUL(xa, p->da, &v)))
            return false;
        if (j->has_cap && v > j->cap)
            v = j->cap;
        if (__builtin_add_overflow(adj, j->bonus ? v : -v, &adj))
            return false;
    }
    int64_t n, d, t;
    if (r->normalize) {
        if (a == 0 || MUL(adj, a, &t) || MUL(a, p->b->c3, &d))
            return false;
    } else {
        t = adj;
        d = p->b->c3;
    }
    if (MUL(t, p->b->c2, &t) || MUL(e, p->b->c1, &n) || __builtin_add_overflow(n, t, &n))
        return false;
    i128 steps = round_div(n, d, r->round_mode);
    if (steps > INT64_MAX / 2 || steps < INT64_MIN / 2)
        return false;
    out->steps = (int64_t)steps;
    out->nvetoed = 0;
    out->veto_bits = 0;
    out->veto_more = false;
    for (uint32_t i = 0; i < r->nvetoes; i++) {
        const veto *v = &p->vetoes[i];
        int64_t xa, xb;
        unsigned held;
        if (v->is_cmp) {
            if (!number_w(row + v->at, v->narrow, &xa, &xb))
                return false;
            held = holds(v->cmp, cmp(xa, xb, v->vn, v->vd));
        } else {
            if (row[v->at] > 1)
                return false;
            held = row[v->at];
        }
        note_veto(out, i, held);
    }
    out->u = p->b->u; /* field by field: the whole struct again cost a tenth of the run */
    out->applicable = a;
    out->earned = e;
    out->earned_l = L20;
    out->cap = -1;
    out->un = n;
    out->ud = d;
    out->level = -1;
    for (uint32_t i = 0; i < r->nlevels && !out->nvetoed; i++)
        if (out->steps >= p->lsteps[i]) {
            out->level = (int32_t)i;
            break;
        }
    return true;
}
