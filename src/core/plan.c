/* plan.c — compiles a checked rule set into a flat plan and runs it
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

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

/* lcm(a, b) into *out; false on overflow */
static bool lcm64(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_mul_overflow(a / gcd64(a, b), b, out);
}

/* a fact named by e, of one of the types in mask, or -1 */
static int32_t fact_of(const er_rules *r, const eri_expr *e, unsigned mask)
{
    if (!e || e->kind != ERI_EX_NAME || e->ref_kind != ERI_REF_FACT)
        return -1;
    return (mask >> r->facts[e->ref].type) & 1 ? e->ref : -1;
}
#define T(x) (1u << ERI_FT_##x)
#define NUMBERS (T(INT) | T(DECIMAL) | T(PERCENT))

/* a constant that fits over Da, accumulating Da */
static bool constant(const eri_expr *e, int64_t *da)
{
    return e && e->kind == ERI_EX_NUM && !eri_num_is_big(e->num) && lcm64(*da, e->num.den, da);
}

static int64_t over(eri_num n, int64_t d, bool *ok)
{
    int64_t v;
    *ok &= !__builtin_mul_overflow(n.num, d / n.den, &v);
    return v;
}

static bool compile_adjust(eri_plan *p, const eri_adjust *a, adjust_op *out, int64_t *da)
{
    const er_rules *r = p->r;
    const eri_expr *e = a->expr;
    *out = (adjust_op){.bonus = a->bonus, .fact = -1, .has_cap = a->cap != NULL};
    int64_t da0 = *da;
    if (a->cap && !constant(a->cap, da))
        return false;
    if ((out->fact = fact_of(r, e, T(INT))) >= 0)
        return true;
    if (constant(e, da))
        return true;
    if (e->kind == ERI_EX_IF && (out->fact = fact_of(r, e->a, T(BOOL))) >= 0 && constant(e->b, da) &&
        constant(e->c, da)) {
        out->is_if = true;
        return true;
    }
    *da = da0; /* not for the plan: the general evaluator's */
    return false;
}

/* the constants of the adjustments over Da, once Da is known */
static bool scale_adjust(const eri_adjust *a, adjust_op *out, int64_t da)
{
    bool ok = true;
    if (out->general)
        return true;
    if (a->cap)
        out->cap = over(a->cap->num, da, &ok);
    if (out->is_if) {
        out->a = over(a->expr->b->num, da, &ok);
        out->b = over(a->expr->c->num, da, &ok);
    } else if (out->fact < 0)
        out->a = over(a->expr->num, da, &ok);
    return ok;
}

/* within 32 bits, so that a fact's a × its den fits in 64 */
static bool small(eri_num n)
{
    return !eri_num_is_big(n) && n.num >= INT32_MIN && n.num <= INT32_MAX && n.den <= INT32_MAX;
}

static bool compile_veto(const er_rules *r, const eri_veto *v, veto *out)
{
    const eri_expr *e = v->cond;
    *out = (veto){.fact = fact_of(r, e, T(BOOL))};
    if (out->fact >= 0)
        return true;
    if (e->kind != ERI_EX_BINARY || e->op < ERI_OP_LT || e->op > ERI_OP_NE || e->b->kind != ERI_EX_NUM ||
        eri_num_is_big(e->b->num))
        return false;
    out->fact = fact_of(r, e->a, NUMBERS);
    out->is_cmp = true;
    out->cmp = (eri_op)e->op;
    out->vn = e->b->num.num;
    out->vd = e->b->num.den;
    return out->fact >= 0 && small(e->b->num);
}

/* item ni as op o: false when the plan cannot express it (nothing kept) */
static bool compile_item(eri_plan *p, int32_t ni, op *o)
{
    const er_rules *r = p->r;
    const eri_node *n = &r->nodes[ni];
    int32_t fact = -1;
    switch (n->kind) {
    case ERI_SC_PASS:
        o->kind = OP_PASS;
        fact = fact_of(r, n->expr, T(BOOL));
        break;
    case ERI_SC_RATIO:
        o->kind = OP_RATIO;
        fact = fact_of(r, n->expr, T(SAMPLE));
        break;
    case ERI_SC_GRADE: {
        o->kind = OP_GRADE;
        fact = fact_of(r, n->expr, NUMBERS);
        if (fact < 0 || n->ntiers > UINT16_MAX)
            return false;
        int64_t ds = p->ds;
        for (uint32_t t = 0; t < n->ntiers; t++)
            if (!small(n->tiers[t].threshold) || eri_num_is_big(n->tiers[t].share) ||
                !lcm64(ds, n->tiers[t].share.den, &ds))
                return false;
        if (eri_num_is_big(n->otherwise) || !lcm64(ds, n->otherwise.den, &ds))
            return false;
        p->ds = ds;
        o->tier0 = p->ntiers;
        o->ntiers = (uint16_t)n->ntiers;
        for (uint32_t t = 0; t < n->ntiers; t++)
            p->tiers[p->ntiers++] = (tier){n->tiers[t].op, n->tiers[t].threshold.num, n->tiers[t].threshold.den,
                                           n->tiers[t].share};
        p->tiers[p->ntiers++] = (tier){ERI_OP_GE, 0, 1, n->otherwise};
        break;
    }
    default:
        return false;
    }
    if (fact < 0)
        return false;
    o->at = p->at[fact];
    o->narrow = r->facts[fact].type == ERI_FT_PERCENT;
    return true;
}

/* node ni and its subtree as operations, in preorder */
static void compile_node(eri_plan *p, int32_t ni)
{
    const er_rules *r = p->r;
    const eri_node *n = &r->nodes[ni];
    uint32_t skip = UINT32_MAX, auditor = UINT32_MAX;
    if (n->excludable) { /* the auditor's exclusion first, as the general evaluator decides it */
        auditor = p->nops;
        p->ops[p->nops++] = (op){.kind = OP_SKIP, .at = p->node_at[ni]};
    }
    if (n->exclude_when) {
        const eri_expr *x = n->exclude_when;
        bool negate = x->kind == ERI_EX_UNARY && x->op == ERI_OP_NOT;
        int32_t fact = fact_of(r, negate ? x->a : x, T(BOOL));
        skip = p->nops;
        p->ops[p->nops++] = fact >= 0 ? (op){.kind = OP_SKIP, .negate = negate, .at = p->at[fact]}
                                      : (op){.kind = OP_GSKIP, .tier0 = (uint32_t)ni};
    }
    if (n->is_item) {
        op *o = &p->ops[p->nops++];
        *o = (op){.node = ni};
        if (!compile_item(p, ni, o))
            *o = (op){.kind = OP_GENERAL, .node = ni};
    }
    for (uint32_t k = 0; k < n->nchildren; k++)
        compile_node(p, n->children[k]);
    if (skip != UINT32_MAX)
        p->ops[skip].node = (int32_t)p->nops;
    if (auditor != UINT32_MAX)
        p->ops[auditor].node = (int32_t)p->nops;
}

static void binding_free(binding *b)
{
    eri_free(b->pu);
    eri_free(b->bound_copy);
    eri_free(b->earn);
    eri_free(b->fops);
    eri_free(b->fearn);
    *b = (binding){0};
}

/* a binding's arrays; false when memory ran out (nothing kept) */
static bool binding_new(const eri_plan *p, binding *b)
{
    *b = (binding){0};
    b->pu = eri_calloc(p->nslot_ops, sizeof *b->pu);
    b->bound_copy = eri_calloc(p->r->nnodes + 1, sizeof *b->bound_copy);
    b->earn = eri_calloc(p->nslot_tiers, sizeof *b->earn);
    b->fops = eri_calloc(p->nslot_ops, sizeof *b->fops);
    b->fearn = eri_calloc(p->nslot_tiers, sizeof *b->fearn);
    if (b->pu && b->bound_copy && b->earn && b->fops && b->fearn)
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
    eri_free(p->ops);
    eri_free(p->tiers);
    eri_free(p->adjs);
    eri_free(p->vetoes);
    for (uint32_t i = 0; i < p->nbinds; i++)
        binding_free(&p->binds[i]);
    eri_free(p->lsteps);
    eri_free(p);
}

/* e reads no weight: no 'points', 'score', indicator id or result, through
 * named values too (conservative: false when unsure) */
static bool weight_free(const er_rules *r, const eri_expr *e, int depth)
{
    if (!e)
        return true;
    if (depth > ERI_MAX_EVAL_DEPTH)
        return false;
    switch (e->kind) {
    case ERI_EX_POINTS:
    case ERI_EX_SCORE:
    case ERI_EX_ID:
        return false;
    case ERI_EX_NAME:
        return e->ref_kind != ERI_REF_LET || weight_free(r, r->lets[e->ref].expr, depth + 1);
    case ERI_EX_CALL:
        if (e->ref >= ERI_FN_EARNED)
            return false;
        /* fall through */
    case ERI_EX_CHAIN:
        for (const eri_expr *x = e->a; x; x = x->next)
            if (!weight_free(r, x, depth + 1))
                return false;
        return weight_free(r, e->b, depth + 1) && weight_free(r, e->c, depth + 1);
    default:
        return weight_free(r, e->a, depth + 1) && weight_free(r, e->b, depth + 1) && weight_free(r, e->c, depth + 1);
    }
}

/* 'points × X' (X weight-free; points not a divisor): a 'score' item whose
 * earned points, clamp(points × X, 0, points) = points × clamp(X, 0, 1),
 * are its points times a share too */
static bool points_times(const er_rules *r, const eri_expr *e)
{
    if (!e || e->kind != ERI_EX_CHAIN || e->op != ERI_OP_MUL)
        return false;
    int npoints = 0;
    for (const eri_expr *x = e->a; x; x = x->next) {
        if (x->kind == ERI_EX_POINTS)
            npoints += x == e->a || x->link == ERI_OP_MUL ? 1 : 2;
        else if (!weight_free(r, x, 1))
            return false;
    }
    return npoints == 1;
}

/* the memo's slots (plan.h: eri_plan_memo): an item's share is its earned
 * points over its points for pass, ratio and grade, and for 'score points ×
 * X' (other 'score's: the clamp reads the points) */
static void memo_slots(eri_plan *p)
{
    const er_rules *r = p->r;
    for (uint32_t i = 0; i < p->nops; i++) {
        const op *o = &p->ops[i];
        const eri_node *n = o->kind == OP_GSKIP     ? &r->nodes[o->tier0]
                            : o->kind == OP_GENERAL ? &r->nodes[o->node]
                                                    : NULL;
        bool share = n && (n->kind == ERI_SC_PASS || n->kind == ERI_SC_RATIO || n->kind == ERI_SC_GRADE);
        bool keep = n && (o->kind == OP_GSKIP ? weight_free(r, n->exclude_when, 0)
                                              : share ? weight_free(r, n->expr, 0)
                                                      : n->kind == ERI_SC_EXPR && points_times(r, n->expr));
        p->op_slot[i] = keep ? (int32_t)p->nslots++ : -1;
    }
    for (uint32_t i = 0; i < r->nadjusts; i++)
        p->adj_slot[i] = p->adjs[i].general && weight_free(r, r->adjusts[i].expr, 0) &&
                                 weight_free(r, r->adjusts[i].cap, 0)
                             ? (int32_t)p->nslots++
                             : -1;
    for (uint32_t i = 0; i < r->nvetoes; i++)
        p->veto_slot[i] = p->vetoes[i].general && weight_free(r, r->vetoes[i].cond, 0) ? (int32_t)p->nslots++ : -1;
}

/* ceil(a / b), b > 0 */
static i128 ceil_div(i128 a, i128 b)
{
    i128 q = a / b; /* toward zero: already the ceiling when a < 0 */
    return q * b < a ? q + 1 : q;
}

/* Each level's threshold in steps of the quantum: steps × qn / qd >= t when
 * steps >= ceil(t × qd / qn) (qn, qd > 0); false when one does not fit */
static bool level_steps(eri_plan *p)
{
    const er_rules *r = p->r;
    if (r->quantum.num <= 0)
        return false;
    for (uint32_t i = 0; i < r->nlevels; i++) {
        eri_num t = r->levels[i].threshold;
        i128 c = ceil_div((i128)t.num * r->quantum.den, (i128)t.den * r->quantum.num);
        if (c > INT64_MAX / 2 || c < INT64_MIN / 2)
            return false;
        p->lsteps[i] = (int64_t)c;
    }
    return true;
}

eri_plan *eri_plan_new(const er_rules *r)
{
    if (!r->round || eri_num_is_big(r->quantum) || (r->normalize && eri_num_is_big(r->scale)))
        return NULL;
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (eri_num_is_big(r->levels[i].threshold))
            return NULL;
    uint32_t ntiers = 0;
    for (uint32_t i = 0; i < r->nnodes; i++)
        ntiers += r->nodes[i].ntiers + 1;
    eri_plan *p = eri_calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->r = r;
    p->ds = p->da = 1;
    p->at = eri_calloc(r->nfacts + 1, sizeof *p->at);
    p->node_at = eri_calloc(r->nnodes + 1, sizeof *p->node_at);
    p->op_slot = eri_calloc(3 * r->nnodes + 1, sizeof *p->op_slot);
    p->adj_slot = eri_calloc(r->nadjusts + 1, sizeof *p->adj_slot);
    p->veto_slot = eri_calloc(r->nvetoes + 1, sizeof *p->veto_slot);
    p->ops = eri_calloc(3 * r->nnodes + 1, sizeof *p->ops);
    p->tiers = eri_calloc(ntiers + 1, sizeof *p->tiers);
    p->adjs = eri_calloc(r->nadjusts + 1, sizeof *p->adjs);
    p->vetoes = eri_calloc(r->nvetoes + 1, sizeof *p->vetoes);
    p->nslot_ops = 3 * r->nnodes + 1;
    p->nslot_tiers = ntiers + 1;
    p->b = &p->binds[0];
    p->nbinds = binding_new(p, p->b);
    p->lsteps = eri_calloc(r->nlevels + 1, sizeof *p->lsteps);
    bool ok = p->nbinds && p->at && p->node_at && p->op_slot && p->adj_slot && p->veto_slot && p->ops && p->tiers &&
              p->adjs && p->vetoes && p->lsteps;
    if (ok)
        p->row_size = eri_row_layout(r, p->at);
    if (ok)
        eri_row_node_layout(r, p->node_at);
    for (uint32_t i = 0; ok && i < r->nroots; i++)
        compile_node(p, r->roots[i]);
    for (uint32_t i = 0; ok && i < r->nadjusts; i++)
        if (!compile_adjust(p, &r->adjusts[i], &p->adjs[i], &p->da))
            p->adjs[i] = (adjust_op){.bonus = r->adjusts[i].bonus, .fact = -1, .general = true};
    for (uint32_t i = 0; ok && i < r->nadjusts; i++)
        ok = scale_adjust(&r->adjusts[i], &p->adjs[i], p->da);
    for (uint32_t i = 0; ok && i < r->nvetoes; i++)
        if (!compile_veto(r, &r->vetoes[i], &p->vetoes[i]))
            p->vetoes[i] = (veto){.fact = -1, .general = true};
    for (uint32_t i = 0; ok && i < r->nadjusts; i++)
        p->adjs[i].at = p->adjs[i].fact >= 0 ? p->at[p->adjs[i].fact] : 0;
    for (uint32_t i = 0; ok && i < r->nvetoes; i++)
        p->vetoes[i].at = p->vetoes[i].fact >= 0 ? p->at[p->vetoes[i].fact] : 0;
    for (uint32_t i = 0; ok && i < r->nvetoes; i++)
        p->vetoes[i].narrow = p->vetoes[i].fact >= 0 && r->facts[p->vetoes[i].fact].type == ERI_FT_PERCENT;
    if (!ok) {
        eri_plan_free(p);
        return NULL;
    }
    p->lsteps_ok = level_steps(p);
    memo_slots(p);
    return p;
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

/* the points of s bound (p->b: one of the last few bindings, else a new
 * one in place of the oldest); false when the plan cannot run them */
static bool bound(eri_plan *p, const er_scheme *s)
{
    const er_rules *r = p->r;
    const eri_num *points = (s ? s : &r->base)->points;
    /* the rules' own points do not change; a scheme's may, in place */
    for (uint32_t i = 0; i < p->nbinds; i++) {
        binding *b = &p->binds[(p->b - p->binds + i) % p->nbinds]; /* the one in use first */
        if (points == b->bound &&
            (points == r->base.points || memcmp(points, b->bound_copy, r->nnodes * sizeof *points) == 0)) {
            p->b = b;
            return b->bind_ok;
        }
    }
    if (!p->binds[0].bound) /* the first */
        p->b = &p->binds[0];
    else if (p->nbinds < NBINDINGS && binding_new(p, &p->binds[p->nbinds]))
        p->b = &p->binds[p->nbinds++];
    else
        p->b = &p->binds[p->next_bind++ % p->nbinds];
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
    c->conds += p->r->nadjusts + p->r->nvetoes + p->r->ncaps;
}

uint32_t eri_plan_row_size(const eri_plan *p) { return p->row_size; }
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
    if (!m->v || !m->known) {
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
    eri_free(m);
}

void eri_plan_memo_clear(eri_plan_memo *m) { memset(m->known, 0, m->n); }

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
            if (recall(m, p->op_slot[i], &share)) { /* earned = points × share */
                if (eri_num_mul(pts, share, &e) != ERI_NUM_OK)
                    return ERI_PLAN_FALLBACK;
            } else if (!g || !g->earned(g->ctx, o->node, &e))
                return ERI_PLAN_FALLBACK;
            else if (m && record && !eri_num_is_zero(pts) && !eri_num_is_big(e) &&
                     eri_num_div(e, pts, &share) == ERI_NUM_OK)
                keep(m, record, p->op_slot[i], share);
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
    if (ge.num != 0) {
        i128 gn;
        if (MUL(earned, (i128)ge.den, &earned) || MUL((i128)ge.num * p->b->u, (i128)l, &gn) ||
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
    *out = (eri_plan_out){.steps = (int64_t)steps, .u = p->b->u, .applicable = a, .cap = -1};
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
    /* the rating caps, by the general evaluator (their conditions may read the score) */
    if (r->ncaps) {
        eri_num score;
        if (!g || eri_plan_score(r, out, &score) != ERI_NUM_OK)
            return ERI_PLAN_FALLBACK;
        for (uint32_t i = 0; i < r->ncaps; i++) {
            bool held;
            if (!g->cap(g->ctx, i, score, &held))
                return ERI_PLAN_FALLBACK;
            if (!held && out->level >= 0 && out->level < r->caps[i].level) {
                out->level = r->caps[i].level;
                out->cap = (int32_t)i;
            }
        }
    }
    if (out->nvetoed) {
        out->level = -1;
        out->cap = -1;
    }
    return ERI_PLAN_OK;
}

eri_num_status eri_plan_score(const er_rules *r, const eri_plan_out *out, eri_num *score)
{
    return eri_num_mul(eri_num_int(out->steps), r->quantum, score);
}
