/* plan_fast.c — the compiled plan's fast path (plan_ops.h).
 *
 * When every part of a rule set is planned (no general part, no rating cap)
 * and every amount × L20 fits in 62 bits, an evaluation whose samples are
 * all of 1..20 adds in 64 bits over U × L20 directly.  The exclusions are
 * decided first: an excluded subtree's operations are marked dead in a mask
 * and its points leave the applicable total (a difference of prefix sums).
 * Then the items are added by kind, each kind one loop without a branch on
 * the facts (a dead item adds nothing, and its fact may be absent): a pass
 * adds Pu × L20 masked by its fact, a sample Pu × k × L20 / n, a grade with
 * sorted tiers counts the thresholds above its value.  The score is one
 * 64-bit division.  Anything else (a larger sample, an absent fact of a
 * live item, an overflow) is left to the general path of the plan
 * (plan.c), which is exact too. */
#include "alloc.h"
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

void eri_plan_grade_tables(eri_plan *p)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->nops; i++)
        n += p->ops[i].kind == OP_GRADE && p->ops[i].ntiers < UINT8_MAX;
    p->gtab_at = eri_calloc(p->nops + 1, sizeof *p->gtab_at);
    p->gtab = eri_calloc((size_t)n * GTAB + 1, 1);
    if (!p->gtab || !p->gtab_at) { /* none: every grade compares its tiers */
        eri_free(p->gtab);
        eri_free(p->gtab_at);
        p->gtab = NULL;
        p->gtab_at = NULL;
        return;
    }
    uint32_t next = 0;
    for (uint32_t i = 0; i < p->nops; i++) {
        const op *o = &p->ops[i];
        p->gtab_at[i] = NO_GTAB;
        if (o->kind != OP_GRADE || o->ntiers >= UINT8_MAX)
            continue;
        const tier *t = p->tiers + o->tier0;
        int64_t den = o->narrow ? 100 : 1; /* a percent's key is in hundredths */
        for (int64_t k = 0; k < GTAB; k++) {
            uint32_t j = 0;
            while (j < o->ntiers && !holds(t[j].cmp, cmp(k, den, t[j].tn, t[j].td)))
                j++;
            p->gtab[next + k] = (uint8_t)j;
        }
        p->gtab_at[i] = next;
        next += GTAB;
    }
}

void eri_plan_build_fast(eri_plan *p)
{
    const er_rules *r = p->r;
    binding *b = p->b;
    b->fast = false;
    if (!b->bind_ok || r->ncaps || !p->lsteps_ok || b->total > ((int64_t)1 << 62) / L20 || !fast_constants(p))
        return;
    for (uint32_t i = 0; i < r->nadjusts; i++)
        if (p->adjs[i].general)
            return;
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (p->vetoes[i].general)
            return;
    uint32_t counts[OP_GRADE + 1] = {0};
    for (uint32_t i = 0; i < p->nops; i++) {
        if (p->ops[i].kind > OP_GRADE)
            return; /* a general part */
        counts[p->ops[i].kind]++;
    }
    /* the items by kind: passes from 0, samples after them, grades last */
    uint32_t next[OP_GRADE + 1] = {[OP_RATIO] = counts[OP_PASS], [OP_GRADE] = counts[OP_PASS] + counts[OP_RATIO]};
    b->npass = counts[OP_PASS];
    b->nratio = counts[OP_RATIO];
    b->ngrade = counts[OP_GRADE];
    b->nskips = 0;
    b->apre[0] = 0;
    for (uint32_t i = 0; i < p->nops; i++) {
        const op *o = &p->ops[i];
        b->live[i] = 1;
        b->apre[i + 1] = b->apre[i] + (o->kind == OP_SKIP ? 0 : b->pu[i]); /* at most total */
        if (o->kind == OP_SKIP) {
            b->fskips[b->nskips++] = (fskip){.at = o->at, .op = i, .next = (uint32_t)o->node, .negate = o->negate};
            continue;
        }
        fitem *f = &b->fitems[next[o->kind]++];
        *f = (fitem){.at = o->at, .op = i, .v = o->kind == OP_PASS ? b->pu[i] * L20 : b->pu[i]};
        if (o->kind == OP_GRADE) {
            bool sorted = tiers_sorted(p, o);
            f->v = o->tier0;
            f->ntiers = o->ntiers;
            f->narrow = o->narrow;
            f->how = !sorted ? FT_ANY : p->tiers[o->tier0].cmp == ERI_OP_GE ? FT_GE : FT_GT;
            f->tab = p->gtab_at ? p->gtab_at[i] : NO_GTAB;
            for (uint32_t t = o->tier0; t <= o->tier0 + o->ntiers; t++)
                b->fearn[t] = b->earn[t] * L20; /* |earn| <= total */
        }
    }
    b->fast = true;
}

/* the tier of a / b (b > 0; b == 0, an absent value: some tier, the run falls back) */
static inline uint32_t fast_tier(const eri_plan *p, const fitem *g, int64_t a, int64_t b)
{
    const tier *t = p->tiers + g->v;
    uint32_t j = 0, n = g->ntiers;
    if (g->how == FT_GE)
        for (uint32_t k = 0; k < n; k++)
            j += a * t[k].td < t[k].tn * b;
    else if (g->how == FT_GT)
        for (uint32_t k = 0; k < n; k++)
            j += a * t[k].td <= t[k].tn * b;
    else
        while (j < n && !holds(t[j].cmp, cmp(a, b, t[j].tn, t[j].td)))
            j++;
    return j;
}

/* 100 / b for a percent's denominator b that divides 100, else 0 */
static const uint8_t hundred_over[101] = {[1] = 100, [2] = 50, [4] = 25, [5] = 20, [10] = 10,
                                          [20] = 5,  [25] = 4, [50] = 2, [100] = 1};

/* the tier of a / b: from the grade's table when the value is one of its
 * keys (a percent in whole hundredths, a whole number, 0..GTAB - 1) */
static inline uint32_t grade_tier(const eri_plan *p, const fitem *g, int64_t a, int64_t b)
{
    int64_t key = -1;
    if (g->narrow && b <= 100 && hundred_over[b])
        key = a * hundred_over[b];
    else if (!g->narrow && b == 1)
        key = a;
    if (g->tab != NO_GTAB && (uint64_t)key < GTAB)
        return p->gtab[g->tab + (uint32_t)key];
    return fast_tier(p, g, a, b);
}

/* L20 / n for a sample's n, 0 where the fast path does not take it (n == 0: absent; n > 20) */
static const int64_t l20_of[256] = {0,        L20 / 1,  L20 / 2,  L20 / 3,  L20 / 4,  L20 / 5,  L20 / 6,
                                    L20 / 7,  L20 / 8,  L20 / 9,  L20 / 10, L20 / 11, L20 / 12, L20 / 13,
                                    L20 / 14, L20 / 15, L20 / 16, L20 / 17, L20 / 18, L20 / 19, L20 / 20};

/* What the items earn over U × L20; *bad set when a live item's fact is
 * absent or not for the fast path.  live NULL: every item is live (always
 * inlined, so that each case is its own loop). */
static inline __attribute__((always_inline)) int64_t earned(const eri_plan *p, const uint8_t *row,
                                                            const uint8_t *live, unsigned *bad)
{
    const binding *b = p->b;
    const fitem *it = b->fitems;
    int64_t e = 0;
    unsigned no = 0;
    uint32_t i = 0, end = b->npass;
    for (; i < end; i++) { /* passes: 0 or 1, ERI_ROW_ABSENT when absent */
        unsigned x = row[it[i].at], l = live ? live[it[i].op] : 1;
        no |= (x > 1) & l;
        e += it[i].v & -(int64_t)(x & l);
    }
    for (end += b->nratio; i < end; i++) { /* samples k of n, k <= n */
        const uint8_t *x = row + it[i].at;
        unsigned k = x[0], n = x[1], l = live ? live[it[i].op] : 1;
        no |= (n - 1u >= 20u) & l;
        e += (it[i].v * (int64_t)k * l20_of[n]) & -(int64_t)l;
    }
    for (end += b->ngrade; i < end; i++) { /* grades */
        const fitem *g = &it[i];
        int64_t xa, xb;
        unsigned l = live ? live[g->op] : 1;
        no |= (unsigned)!number_w(row + g->at, g->narrow, &xa, &xb) & l;
        e += b->fearn[g->v + grade_tier(p, g, xa, xb)] & -(int64_t)l;
    }
    *bad = no;
    return e;
}

int32_t eri_plan_level_of(const eri_plan *p, int64_t steps)
{
    if (!p->lsteps_ok)
        return -2;
    for (uint32_t i = 0; i < p->r->nlevels; i++)
        if (steps >= p->lsteps[i])
            return (int32_t)i;
    return -1;
}

/* false: not answered here (the general path of the plan decides) */
bool eri_plan_fast_run(const eri_plan *p, const uint8_t *row, eri_plan_out *out)
{
    const er_rules *r = p->r;
    const binding *b = p->b;
    /* the exclusions: a skipped range's points leave the applicable total,
     * its items are dead in the mask (and an exclusion inside it is not asked) */
    int64_t a = b->apre[p->nops]; /* applicable over U: below 2^62 (build_fast) */
    uint32_t dead_until = 0;
    for (uint32_t i = 0, n = b->nskips; i < n; i++) {
        const fskip *k = &b->fskips[i];
        unsigned x = row[k->at];
        if (k->op < dead_until || x == k->negate)
            continue;
        if (x > 1) { /* absent: the general path decides, with every op live again */
            memset(b->live, 1, dead_until);
            return false;
        }
        memset(b->live + k->op + 1, 0, k->next - k->op - 1);
        a -= b->apre[k->next] - b->apre[k->op + 1];
        dead_until = k->next;
    }
    unsigned bad;
    int64_t e = dead_until ? earned(p, row, b->live, &bad) : earned(p, row, NULL, &bad); /* over U × L20 */
    if (dead_until)
        memset(b->live, 1, dead_until); /* every op live again, for the next run */
    if (bad)
        return false;
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
    out->level = out->nvetoed ? -1 : eri_plan_level_of(p, out->steps); /* lsteps_ok: build_fast */
    return true;
}
