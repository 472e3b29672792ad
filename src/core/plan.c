/* plan.c — the compiled plan (plan_compile.c) bound to a scheme's points and run
 * (plan.h says what it expresses and when it falls back).
 *
 * Units.  Every item's points P = pn/pd under the bound scheme become the
 * integer Pu = P × U, U = Dp × Ds: Dp the lcm of the points' denominators,
 * Ds the lcm of the tier shares'.  A pass earns Pu, a grade tier Pu × share
 * (an integer), a sample k/n earns Pu × k / n: its Pu × k is added to a
 * bucket per n, and the buckets are brought over their lcm L once at the
 * end (L = lcm(1..20) with a table when every n <= 20).  So
 *   earned = (Ef × L + Es) / (U × L),  applicable = A / U,
 *   normalized = earned / applicable × scale,
 * deductions and bonuses are integers over Da (the lcm of their constants'
 * denominators), and the score is N / D rounded once to the quantum. */
#include "alloc.h"
#include "plan_ops.h"

static void binding_free(binding *b)
{
    eri_free(b->pu);
    eri_free(b->bound_copy);
    eri_free(b->earn);
    eri_free(b->fitems);
    eri_free(b->fskips);
    eri_free(b->apre);
    eri_free(b->live);
    eri_free(b->fearn);
    *b = (binding){0};
}

/* a binding's arrays; false when memory ran out (nothing kept) */
bool eri_plan_binding_new(const eri_plan *p, binding *b)
{
    *b = (binding){0};
    b->pu = eri_calloc(p->nslot_ops, sizeof *b->pu);
    b->bound_copy = eri_calloc(p->r->nnodes + 1, sizeof *b->bound_copy);
    b->earn = eri_calloc(p->nslot_tiers, sizeof *b->earn);
    b->fitems = eri_calloc(p->nslot_ops, sizeof *b->fitems);
    b->fskips = eri_calloc(p->nslot_ops, sizeof *b->fskips);
    b->apre = eri_calloc(p->nslot_ops + 1, sizeof *b->apre);
    b->live = eri_calloc(p->nslot_ops, 1);
    b->fearn = eri_calloc(p->nslot_tiers, sizeof *b->fearn);
    if (b->pu && b->bound_copy && b->earn && b->fitems && b->fskips && b->apre && b->live && b->fearn)
        return true;
    binding_free(b);
    return false;
}

void eri_plan_free(eri_plan *p)
{
    if (!p)
        return;
    eri_free(p->at);
    eri_free(p->node_at);
    eri_free(p->op_slot);
    eri_free(p->adj_slot);
    eri_free(p->veto_slot);
    eri_free(p->term_slot);
    eri_free(p->caps);
    eri_free(p->terms);
    eri_free(p->gtab);
    eri_free(p->gtab_at);
    eri_free(p->ops);
    eri_free(p->tiers);
    eri_free(p->adjs);
    eri_free(p->vetoes);
    for (uint32_t i = 0; i < p->nbinds; i++)
        binding_free(&p->binds[i]);
    eri_free(p->binds);
    eri_free(p->lsteps);
    eri_free(p);
}

/* Points of the items under points[] as integers over U; false on overflow
 * (or a point too large to be small) */
static bool bind_points(eri_plan *p, const eri_num *points)
{
    p->b->bound = points;
    memcpy(p->b->bound_copy, points, p->r->nnodes * sizeof *points);
    int64_t dp = 1;
    for (uint32_t i = 0; i < p->nops; i++)
        if (p->ops[i].kind != OP_SKIP && p->ops[i].kind != OP_GSKIP &&
            (eri_num_is_big(points[p->ops[i].node]) || !lcm64(dp, points[p->ops[i].node].den, &dp)))
            return p->b->bind_ok = false;
    bool ok = !__builtin_mul_overflow(dp, p->ds, &p->b->u);
    int64_t total = 0; /* every item's largest amount: at most 2^56, so no sum or product of a run overflows */
    for (uint32_t i = 0; ok && i < p->nops; i++) {
        const op *o = &p->ops[i];
        if (o->kind == OP_SKIP || o->kind == OP_GSKIP)
            continue;
        int64_t most = p->b->pu[i] = over(points[o->node], p->b->u, &ok);
        for (uint32_t t = o->tier0; o->kind == OP_GRADE && t <= o->tier0 + o->ntiers; t++) {
            eri_num pt = points[o->node], sh = p->tiers[t].share;
            int64_t a = over(pt, dp, &ok), b = over(sh, p->ds, &ok);
            ok &= !__builtin_mul_overflow(a, b, &p->b->earn[t]);
            most = p->b->earn[t] > most ? p->b->earn[t] : -p->b->earn[t] > most ? -p->b->earn[t] : most;
        }
        ok &= most >= 0 && most <= BOUND && (total += most) <= BOUND;
    }
    p->b->total = total;
    return p->b->bind_ok = ok;
}

static bool bind(eri_plan *p, const eri_num *points)
{
    bool ok = bind_points(p, points);
    eri_plan_build_fast(p);
    return ok;
}

/* the points of s bound (p->b: the binding of those points, else a new one
 * — one per scheme compared, up to NBINDINGS, then in place of the oldest);
 * false when the plan cannot run them */
static bool bound(eri_plan *p, const er_scheme *s)
{
    const er_rules *r = p->r;
    const eri_num *points = (s ? s : &r->base)->points;
    if (points == p->b->bound && points == r->base.points) /* the common case first: the rules' own, bound */
        return p->b->bind_ok;
    /* the rules' own points do not change; a scheme's may, in place */
    for (uint32_t i = 0; i < p->nbinds; i++) {
        binding *b = &p->binds[(p->b - p->binds + i) % p->nbinds]; /* the one in use first */
        if (points != b->bound)
            continue;
        p->b = b;
        if (points == r->base.points || memcmp(points, b->bound_copy, r->nnodes * sizeof *points) == 0)
            return b->bind_ok;
        p->nbound++; /* changed in place (a sweep's run): bound again, in the same binding */
        return bind(p, points) && p->b->bind_ok;
    }
    if (p->nbinds == p->cap && p->cap < NBINDINGS) { /* room for more */
        binding *more = eri_realloc(p->binds, 2 * p->cap * sizeof *more);
        if (more) {
            p->binds = more;
            p->cap *= 2;
        }
    }
    if (!p->binds[0].bound) /* the first */
        p->b = &p->binds[0];
    else if (p->nbinds < p->cap && eri_plan_binding_new(p, &p->binds[p->nbinds]))
        p->b = &p->binds[p->nbinds++];
    else
        p->b = &p->binds[p->next_bind++ % p->nbinds];
    p->nbound++;
    return bind(p, points) && p->b->bind_ok;
}

eri_plan_status eri_plan_run_fast(eri_plan *p, const uint8_t *row, const er_scheme *s, eri_plan_out *out)
{
    return bound(p, s) && p->b->fast && !p->no_fast && eri_plan_fast_run(p, row, out) ? ERI_PLAN_OK
                                                                                          : ERI_PLAN_FALLBACK;
}

eri_plan_status eri_plan_run(eri_plan *p, const er_facts *f, const er_scheme *s, const eri_plan_general *g,
                             eri_plan_out *out)
{
    return eri_plan_run_row(p, f->row, s, g, out);
}

void eri_plan_coverage(const eri_plan *p, eri_plan_cover *c)
{
    *c = (eri_plan_cover){0};
    for (uint32_t i = 0; i < p->nops; i++) {
        uint8_t k = p->ops[i].kind;
        bool skip = k == OP_SKIP || k == OP_GSKIP;
        c->items += !skip;
        c->items_planned += !skip && k != OP_GENERAL;
        c->conds += skip;
        c->conds_planned += k == OP_SKIP;
    }
    for (uint32_t i = 0; i < p->r->nadjusts; i++)
        c->conds_planned += !p->adjs[i].general;
    for (uint32_t i = 0; i < p->r->nvetoes; i++)
        c->conds_planned += !p->vetoes[i].general;
    for (uint32_t i = 0; i < p->r->ncaps; i++)
        c->conds_planned += !p->caps[i].general;
    c->conds += p->r->nadjusts + p->r->nvetoes + p->r->ncaps;
}

uint32_t eri_plan_row_size(const eri_plan *p) { return p->row_size; }
uint64_t eri_plan_binds(const eri_plan *p) { return p->nbound; }
void eri_plan_set_fast(eri_plan *p, bool on) { p->no_fast = !on; }

eri_plan_status eri_plan_run_row(eri_plan *p, const uint8_t *row, const er_scheme *s, const eri_plan_general *g,
                                 eri_plan_out *out)
{
    return eri_plan_run_memo(p, row, s, g, NULL, false, out);
}

uint32_t eri_plan_memo_slots(const eri_plan *p) { return p->nslots; }

eri_plan_memo *eri_plan_memo_new(const eri_plan *p)
{
    eri_plan_memo *m = eri_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->n = p->nslots;
    m->v = eri_calloc(m->n + 1, sizeof *m->v);
    m->known = eri_calloc(m->n + 1, 1);
    m->scaled = eri_calloc(m->n + 1, sizeof *m->scaled);
    m->lm = 1;
    m->lm_ok = true;
    if (!m->v || !m->known || !m->scaled) {
        eri_plan_memo_free(m);
        return NULL;
    }
    return m;
}

void eri_plan_memo_free(eri_plan_memo *m)
{
    if (!m)
        return;
    eri_free(m->v);
    eri_free(m->known);
    eri_free(m->scaled);
    eri_free(m);
}

void eri_plan_memo_clear(eri_plan_memo *m)
{
    memset(m->known, 0, m->n);
    m->lm = 1;
    m->lm_ok = true;
}

/* slot's value when the memo knows it */
static inline bool recall(const eri_plan_memo *m, int32_t slot, eri_num *v)
{
    if (!m || slot < 0 || !m->known[slot])
        return false;
    *v = m->v[slot];
    return true;
}

static inline void keep(eri_plan_memo *m, bool record, int32_t slot, eri_num v)
{
    if (m && record && slot >= 0 && !eri_num_is_big(v)) {
        m->v[slot] = v;
        m->known[slot] = 1;
    }
}

#define SCALED_MAX ((int64_t)1 << 60)

/* An item's share just kept in slot: also over the memo's lm (every
 * share's scaled again when lm grows); lm_ok false when they no longer fit */
static void keep_share(eri_plan_memo *m, int32_t slot)
{
    if (slot < 0 || !m->lm_ok || !m->known[slot])
        return;
    eri_num v = m->v[slot];
    int64_t lm, f;
    if (!lcm64(m->lm, v.den, &lm) || lm > ((int64_t)1 << 40)) {
        m->lm_ok = false;
        return;
    }
    f = lm / m->lm;
    for (uint32_t i = 0; f > 1 && i < m->n; i++)
        if (m->known[i] && i != (uint32_t)slot &&
            (MUL(m->scaled[i], f, &m->scaled[i]) || m->scaled[i] > SCALED_MAX || m->scaled[i] < -SCALED_MAX)) {
            m->lm_ok = false;
            return;
        }
    m->lm = lm;
    if (MUL(v.num, lm / v.den, &m->scaled[slot]) || m->scaled[slot] > SCALED_MAX || m->scaled[slot] < -SCALED_MAX)
        m->lm_ok = false;
}

/* Cap i's 'unless' by the plan (compile_cap), on the rounded score
 * steps × quantum: every term the general evaluator gives is asked (or
 * recalled), so that one it cannot evaluate falls back, as the general
 * evaluator would fail or answer; false: fall back */
static bool cap_holds(const eri_plan *p, uint32_t i, i128 steps, const eri_plan_general *g, eri_plan_memo *m,
                      bool record, bool *held)
{
    const er_rules *r = p->r;
    const cap_op *c = &p->caps[i];
    bool any = false, all = true;
    for (uint32_t k = c->term0; k < c->term0 + c->nterms; k++) {
        const cap_term *t = &p->terms[k];
        bool v;
        eri_num x;
        if (t->score) { /* steps × qn / qd CMP cn / cd, qd and cd > 0 */
            i128 lhs, rhs;
            if (MUL(steps * r->quantum.num, (i128)t->cd, &lhs) || MUL((i128)t->cn, (i128)r->quantum.den, &rhs))
                return false;
            v = holds(t->cmp, (lhs > rhs) - (lhs < rhs));
        } else if (recall(m, p->term_slot[k], &x)) {
            v = x.num != 0;
        } else if (!g || !g->cond(g->ctx, i, t->e, &v)) {
            return false;
        } else {
            keep(m, record, p->term_slot[k], eri_num_int(v));
        }
        any |= v;
        all &= v;
    }
    *held = c->any ? any : all;
    return true;
}

eri_plan_status eri_plan_run_memo(eri_plan *p, const uint8_t *row, const er_scheme *s, const eri_plan_general *g,
                                  eri_plan_memo *m, bool record, eri_plan_out *out)
{
    const er_rules *r = p->r;
    if (!bound(p, s))
        return ERI_PLAN_FALLBACK;
    if (p->b->fast && !p->no_fast && eri_plan_fast_run(p, row, out))
        return ERI_PLAN_OK;
    int64_t ef = 0, a = 0, bucket[SAMPLE_MAX + 1];
    uint64_t used = 0;
    eri_num ge = ERI_NUM_ZERO; /* what the items left to the general evaluator earned */
    i128 gi = 0;               /* … those a memo knows: over U × m->lm */
    bool gi_used = false;
    const op *ops = p->ops;
    for (uint32_t i = 0, nops = p->nops; i < nops;) {
        const op *o = &ops[i];
        const uint8_t *x = row + o->at;
        switch (o->kind) {
        case OP_SKIP:
            if (*x > 1)
                return ERI_PLAN_FALLBACK;
            i = (*x != 0) != o->negate ? (uint32_t)o->node : i + 1;
            continue;
        case OP_GSKIP: {
            bool excluded;
            eri_num v;
            if (recall(m, p->op_slot[i], &v))
                excluded = v.num != 0;
            else if (!g || !g->excluded(g->ctx, (int32_t)o->tier0, &excluded))
                return ERI_PLAN_FALLBACK;
            else
                keep(m, record, p->op_slot[i], eri_num_int(excluded));
            i = excluded ? (uint32_t)o->node : i + 1;
            continue;
        }
        case OP_GENERAL: {
            eri_num e, share, pts = p->b->bound[o->node];
            int32_t slot = p->op_slot[i];
            if (m && m->lm_ok && slot >= 0 && m->known[slot] && !record) { /* Pu × share over U × lm */
                gi += (i128)p->b->pu[i] * m->scaled[slot]; /* below 2^116 each (bind, keep_share) */
                gi_used = true;
                break;
            }
            if (recall(m, p->op_slot[i], &share)) { /* earned = points × share */
                if (eri_num_mul(pts, share, &e) != ERI_NUM_OK)
                    return ERI_PLAN_FALLBACK;
            } else if (!g || !g->earned(g->ctx, o->node, &e))
                return ERI_PLAN_FALLBACK;
            else if (m && record && !eri_num_is_zero(pts) && !eri_num_is_big(e) &&
                     eri_num_div(e, pts, &share) == ERI_NUM_OK) {
                keep(m, record, p->op_slot[i], share);
                keep_share(m, p->op_slot[i]);
            }
            if (eri_num_is_big(e) || eri_num_add(ge, e, &ge) != ERI_NUM_OK || eri_num_is_big(ge))
                return ERI_PLAN_FALLBACK;
            break;
        }
        case OP_PASS:
            if (*x > 1)
                return ERI_PLAN_FALLBACK;
            ef += *x ? p->b->pu[i] : 0;
            break;
        case OP_RATIO: {
            int64_t k = x[0], n = x[1];
            if (n == 0 || n > SAMPLE_MAX)
                return ERI_PLAN_FALLBACK;
            uint64_t bit = (uint64_t)1 << n;
            if (!(used & bit)) {
                used |= bit;
                bucket[n] = 0;
            }
            bucket[n] += p->b->pu[i] * k; /* <= 63 × 2^56 in all (bind) */
            break;
        }
        default: {
            int64_t xa, xb;
            if (!number_w(x, o->narrow, &xa, &xb))
                return ERI_PLAN_FALLBACK;
            uint32_t t = o->tier0, end = o->tier0 + o->ntiers;
            while (t < end && !holds(p->tiers[t].cmp, cmp(xa, xb, p->tiers[t].tn, p->tiers[t].td)))
                t++;
            ef += p->b->earn[t];
        }
        }
        a += p->b->pu[i];
        i++;
    }
    /* the samples over their lcm */
    int64_t l = 1;
    i128 es = 0;
    if (used) {
        if (!(used >> 21))
            l = L20;
        else
            for (uint64_t m = used; m; m &= m - 1)
                if (!lcm64(l, __builtin_ctzll(m), &l) || l > ((int64_t)1 << 40))
                    return ERI_PLAN_FALLBACK;
        for (uint64_t m = used; m; m &= m - 1) {
            int n = __builtin_ctzll(m);
            es += (i128)bucket[n] * (l == L20 ? eri_l20_over[n] : l / n);
        }
    }
    /* the general items' earnings: earned over U×L×gd, and L becomes L×gd */
    i128 earned = (i128)ef * l + es, lg = l;
    if (gi_used) { /* those a memo knows: earned over U×L×lm, and L becomes L×lm */
        i128 t;
        if (MUL(earned, (i128)m->lm, &earned) || MUL(gi, (i128)l, &t) || __builtin_add_overflow(earned, t, &earned) ||
            MUL(lg, (i128)m->lm, &lg))
            return ERI_PLAN_FALLBACK;
    }
    if (ge.num != 0) {
        i128 gn;
        if (MUL(earned, (i128)ge.den, &earned) || MUL((i128)ge.num * p->b->u, lg, &gn) ||
            __builtin_add_overflow(earned, gn, &earned) || MUL(lg, (i128)ge.den, &lg))
            return ERI_PLAN_FALLBACK;
    }
    /* adjustments over Da (the general evaluator's apart, in ga) */
    i128 adj = 0;
    eri_num ga = ERI_NUM_ZERO;
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const adjust_op *j = &p->adjs[i];
        int64_t v = j->a;
        if (j->general) {
            eri_num x;
            if (recall(m, p->adj_slot[i], &x))
                ;
            else if (!g || !g->adjust(g->ctx, i, &x))
                return ERI_PLAN_FALLBACK;
            else
                keep(m, record, p->adj_slot[i], x);
            if (eri_num_is_big(x) ||
                (j->bonus ? eri_num_add(ga, x, &ga) : eri_num_sub(ga, x, &ga)) != ERI_NUM_OK || eri_num_is_big(ga))
                return ERI_PLAN_FALLBACK;
            continue;
        }
        if (j->fact >= 0 && j->is_if) {
            if (row[j->at] > 1)
                return ERI_PLAN_FALLBACK;
            v = row[j->at] ? j->a : j->b;
        } else if (j->fact >= 0) {
            int64_t xa, xb;
            if (!number(row + j->at, &xa, &xb) || xb != 1 || MUL(xa, p->da, &v))
                return ERI_PLAN_FALLBACK;
        }
        if (j->has_cap && v > j->cap)
            v = j->cap;
        adj += j->bonus ? v : -(i128)v;
    }
    int64_t da = p->da;
    if (ga.num != 0) { /* adj / Da + ga = (adj × gd + gn × Da) / (Da × gd) */
        i128 t;
        if (MUL(adj, (i128)ga.den, &adj) || MUL((i128)ga.num, (i128)da, &t) || __builtin_add_overflow(adj, t, &adj) ||
            MUL(da, ga.den, &da))
            return ERI_PLAN_FALLBACK;
    }
    /* score = N / D: earned over U×L, normalized, adjusted, then rounded to the quantum */
    i128 n, d;
    if (r->normalize) {
        if (a == 0)
            return ERI_PLAN_FALLBACK; /* nothing left to score: the general evaluator says so */
        i128 la;
        if (MUL(lg, (i128)a, &la))
            return ERI_PLAN_FALLBACK;
        i128 sd = (i128)r->scale.den * da;
        if (la > ((i128)1 << 100) / sd || earned > ((i128)1 << 100) / ((i128)r->scale.num * da + 1))
            return ERI_PLAN_FALLBACK;
        d = la * sd;
        i128 lhs = earned * r->scale.num * da, rhs;
        if (MUL(adj, la * r->scale.den, &rhs))
            return ERI_PLAN_FALLBACK;
        if (__builtin_add_overflow(lhs, rhs, &n))
            return ERI_PLAN_FALLBACK;
    } else {
        i128 ul, rhs;
        if (MUL((i128)p->b->u, lg, &ul) || MUL(ul, (i128)da, &d) || MUL(adj, ul, &rhs) || MUL(earned, (i128)da, &n))
            return ERI_PLAN_FALLBACK;
        if (__builtin_add_overflow(n, rhs, &n))
            return ERI_PLAN_FALLBACK;
    }
    /* steps = round(N / D / quantum) = round(N × qd / (D × qn)) */
    i128 nq, dq;
    if (MUL(n, (i128)r->quantum.den, &nq) || MUL(d, (i128)r->quantum.num, &dq))
        return ERI_PLAN_FALLBACK;
    i128 steps = round_div(nq, dq, r->round_mode);
    if (steps > INT64_MAX / 2 || steps < INT64_MIN / 2)
        return ERI_PLAN_FALLBACK;
    *out = (eri_plan_out){.steps = (int64_t)steps, .u = p->b->u, .applicable = a, .cap = -1, .un = nq, .ud = dq};
    if (earned <= INT64_MAX && earned >= INT64_MIN && lg <= INT64_MAX) {
        out->earned = (int64_t)earned;
        out->earned_l = (int64_t)lg;
    }
    /* vetoes, then the level: steps × qn / qd >= threshold */
    for (uint32_t i = 0; i < r->nvetoes; i++) {
        const veto *v = &p->vetoes[i];
        int64_t xa, xb;
        bool held;
        if (v->general) {
            eri_num x;
            if (recall(m, p->veto_slot[i], &x))
                held = x.num != 0;
            else if (!g || !g->veto(g->ctx, i, &held))
                return ERI_PLAN_FALLBACK;
            else
                keep(m, record, p->veto_slot[i], eri_num_int(held));
        } else if (v->is_cmp) {
            if (!number_w(row + v->at, v->narrow, &xa, &xb))
                return ERI_PLAN_FALLBACK;
            held = holds(v->cmp, cmp(xa, xb, v->vn, v->vd));
        } else {
            if (row[v->at] > 1)
                return ERI_PLAN_FALLBACK;
            held = row[v->at];
        }
        note_veto(out, i, held);
    }
    out->level = -1;
    for (uint32_t i = 0; i < r->nlevels; i++) {
        eri_num t = r->levels[i].threshold;
        i128 lhs, rhs;
        if (MUL(steps * r->quantum.num, (i128)t.den, &lhs) || MUL((i128)t.num, (i128)r->quantum.den, &rhs))
            return ERI_PLAN_FALLBACK;
        if (lhs >= rhs) {
            out->level = (int32_t)i;
            break;
        }
    }
    /* the rating caps: the plan's (compile_cap), else the general evaluator's with the plan's score */
    for (uint32_t i = 0; i < r->ncaps; i++) {
        bool held;
        if (p->caps[i].general) {
            eri_num score;
            if (!g || eri_plan_score(r, out, &score) != ERI_NUM_OK || !g->cap(g->ctx, i, score, &held))
                return ERI_PLAN_FALLBACK;
        } else if (!cap_holds(p, i, steps, g, m, record, &held))
            return ERI_PLAN_FALLBACK;
        if (!held && out->level >= 0 && out->level < r->caps[i].level) {
            out->level = r->caps[i].level;
            out->cap = (int32_t)i;
        }
    }
    if (out->nvetoed) {
        out->level = -1;
        out->cap = -1;
    }
    return ERI_PLAN_OK;
}

eri_num_status eri_plan_unrounded(const er_rules *r, const eri_plan_out *out, eri_num *score)
{
    eri_num q;
    eri_num_status st = eri_num_make_wide(out->un, out->ud, &q);
    return st == ERI_NUM_OK ? eri_num_mul(q, r->quantum, score) : st;
}

eri_num_status eri_plan_score(const er_rules *r, const eri_plan_out *out, eri_num *score)
{
    return eri_num_mul(eri_num_int(out->steps), r->quantum, score);
}
