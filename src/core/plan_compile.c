/* plan_compile.c — a checked rule set compiled into a flat plan (plan.h
 * says what it expresses): items as operations in preorder, exclusions as
 * jumps, adjustments, vetoes and rating caps; the memo's slots; the levels
 * in steps of the quantum.  plan.c binds it to a scheme's points and runs it. */
#include "alloc.h"
#include "plan_ops.h"

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

/* 'score CMP number' or 'number CMP score' as a term; false when e is not */
static bool score_term(const eri_expr *e, cap_term *t)
{
    static const eri_op flip[] = {[ERI_OP_LT] = ERI_OP_GT, [ERI_OP_LE] = ERI_OP_GE, [ERI_OP_GT] = ERI_OP_LT,
                                  [ERI_OP_GE] = ERI_OP_LE, [ERI_OP_EQ] = ERI_OP_EQ, [ERI_OP_NE] = ERI_OP_NE};
    if (e->kind != ERI_EX_BINARY || e->op < ERI_OP_LT || e->op > ERI_OP_NE)
        return false;
    bool left = e->a->kind == ERI_EX_SCORE;
    const eri_expr *num = left ? e->b : e->a;
    if ((left ? e->b : e->a)->kind == ERI_EX_SCORE || (!left && e->b->kind != ERI_EX_SCORE) ||
        num->kind != ERI_EX_NUM || !small(num->num))
        return false;
    *t = (cap_term){.score = true, .cmp = left ? (eri_op)e->op : flip[e->op], .cn = num->num.num,
                    .cd = num->num.den};
    return true;
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

/* A cap's 'unless' as an 'and' or 'or' of operands (a chain or a pair;
 * *any: 'or'), or one condition: how many operands */
static uint32_t cap_operands(const eri_expr *e, bool *any)
{
    bool chain = e->kind == ERI_EX_CHAIN && (e->op == ERI_OP_AND || e->op == ERI_OP_OR);
    bool pair = e->kind == ERI_EX_BINARY && (e->op == ERI_OP_AND || e->op == ERI_OP_OR);
    *any = (chain || pair) && e->op == ERI_OP_OR;
    uint32_t n = 0;
    for (const eri_expr *x = e->a; chain && x; x = x->next)
        n++;
    return chain ? n : pair ? 2 : 1;
}

/* its operand k (k < cap_operands) */
static const eri_expr *cap_operand(const eri_expr *e, uint32_t k)
{
    if (e->kind == ERI_EX_CHAIN && (e->op == ERI_OP_AND || e->op == ERI_OP_OR)) {
        const eri_expr *x = e->a;
        while (k--)
            x = x->next;
        return x;
    }
    if (e->kind == ERI_EX_BINARY && (e->op == ERI_OP_AND || e->op == ERI_OP_OR))
        return k ? e->b : e->a;
    return e;
}

/* rating_stmt -> CAP STRING UNLESS expr: the plan's when each operand of
 * its 'and' or 'or' (or the one condition) compares the score with a number
 * or reads no weight (that one evaluated by the general evaluator, once per
 * enterprise with a memo); else the whole cap is the general evaluator's */
static void compile_cap(eri_plan *p, const eri_cap *cp, cap_op *c)
{
    bool any;
    uint32_t n = cap_operands(cp->cond, &any);
    *c = (cap_op){.any = any, .term0 = p->nterms, .nterms = n};
    for (uint32_t k = 0; k < n; k++) {
        const eri_expr *x = cap_operand(cp->cond, k);
        cap_term *t = &p->terms[p->nterms + k];
        if (!score_term(x, t)) {
            if (!weight_free(p->r, x, 0)) {
                *c = (cap_op){.general = true};
                return;
            }
            *t = (cap_term){.e = x};
        }
    }
    p->nterms += n;
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
    for (uint32_t i = 0; i < p->nterms; i++)
        p->term_slot[i] = p->terms[i].score ? -1 : (int32_t)p->nslots++;
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
    uint32_t ntiers = 0, nterms = 0;
    for (uint32_t i = 0; i < r->nnodes; i++)
        ntiers += r->nodes[i].ntiers + 1;
    for (uint32_t i = 0; i < r->ncaps; i++) {
        bool any;
        nterms += cap_operands(r->caps[i].cond, &any);
    }
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
    p->caps = eri_calloc(r->ncaps + 1, sizeof *p->caps);
    p->terms = eri_calloc(nterms + 1, sizeof *p->terms);
    p->term_slot = eri_calloc(nterms + 1, sizeof *p->term_slot);
    p->nslot_ops = 3 * r->nnodes + 1;
    p->nslot_tiers = ntiers + 1;
    p->binds = eri_calloc(4, sizeof *p->binds);
    p->cap = 4;
    p->b = p->binds;
    p->nbinds = p->binds && eri_plan_binding_new(p, p->b);
    p->lsteps = eri_calloc(r->nlevels + 1, sizeof *p->lsteps);
    bool ok = p->nbinds && p->at && p->node_at && p->op_slot && p->adj_slot && p->veto_slot && p->ops && p->tiers &&
              p->adjs && p->vetoes && p->lsteps && p->caps && p->terms && p->term_slot;
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
    for (uint32_t i = 0; ok && i < r->ncaps; i++)
        compile_cap(p, &r->caps[i], &p->caps[i]);
    for (uint32_t i = 0; ok && i < r->nvetoes; i++)
        p->vetoes[i].narrow = p->vetoes[i].fact >= 0 && r->facts[p->vetoes[i].fact].type == ERI_FT_PERCENT;
    if (!ok) {
        eri_plan_free(p);
        return NULL;
    }
    p->lsteps_ok = level_steps(p);
    memo_slots(p);
    eri_plan_grade_tables(p);
    return p;
}
