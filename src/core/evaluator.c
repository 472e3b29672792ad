/* evaluator.c — the reusable evaluator (er_evaluate) over eval.c's nodes
 * and expressions: the totals, deductions and bonuses, rounding, vetoes,
 * the level and its caps; the entry to the compiled plan (plan.h: the
 * brief, the memo, the general parts it leaves to eval.c's code); and a
 * result whose details are made when first read (eri_result_details).
 * Missing facts are listed together, as eval.c records them. */
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "eval.h"
#include "eval_ctx.h"
#include "plan.h"
#include "result.h"

typedef eri_eval_ctx ctx; /* eval_ctx.h */

/* ---- totals, vetoes, level ------------------------------------------------ */

/* adjustment i's value and its value applied, after its cap */
static bool adjust_value(ctx *c, uint32_t i, eri_adjust_result *ar)
{
    const eri_adjust *a = &c->r->adjusts[i];
    eri_value v, cap;
    c->scope = -1;
    if (!eri_eval_have(c, &a->facts, a->label) || !eri_eval_expr(c, a->expr, &v) || (a->cap && !eri_eval_expr(c, a->cap, &cap)))
        return false;
    ar->value = ar->applied = v.num;
    ar->capped = false;
    if (a->cap && eri_num_cmp(v.num, cap.num) > 0) {
        ar->applied = cap.num;
        ar->capped = true;
    }
    return true;
}

/* res->score_text from res->score (the result's number heap current) */
/* the first level whose threshold score reaches (an index into r->levels), or -1 */
static int32_t level_of(const er_rules *r, eri_num score)
{
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (eri_num_cmp(score, r->levels[i].threshold) >= 0)
            return (int32_t)i;
    return -1;
}

static void score_text(er_result *res)
{
    const er_rules *r = res->rules;
    size_t len = eri_result_score_text(r, res->score, res->score_buf, sizeof res->score_buf);
    char *text = len < sizeof res->score_buf ? NULL : eri_numheap_text(len + 1);
    if (text) /* a score of more than 63 characters: in the result's number heap */
        eri_result_score_text(r, res->score, text, len + 1);
    res->score_text = text ? text : res->score_buf;
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
    score_text(res);
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
        if (!eri_eval_have(c, &r->vetoes[i].facts, "a veto") || !eri_eval_expr(c, r->vetoes[i].cond, &v)) {
            ok = false;
            continue;
        }
        res->vetoed[i] = v.b;
        res->nvetoed += v.b;
    }
    res->uncapped_level = level_of(r, res->score);
    res->level = res->uncapped_level;
    res->cap = -1;
    for (uint32_t i = 0; i < r->ncaps; i++) {
        const eri_cap *cp = &r->caps[i];
        eri_value v;
        if (!eri_eval_have(c, &cp->facts, "a rating cap") || !eri_eval_expr(c, cp->cond, &v)) {
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
    bool lazy;              /* er_evaluate through the plan, the details when first read */
    er_diag *quiet;         /* the plan's general parts report nowhere: a fall-back reports */
    /* a score of steps quanta is steps × step_mult / 10^step_dec, its text
     * step_dec places (score_of_steps); 0: the quantum is not so simple */
    int64_t step_mult, step_pow;
    int step_dec;
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
    int64_t p10 = 1, qn = r->quantum.num, qd = r->quantum.den;
    for (int i = 0; r->round && i < r->score_decimals && i < 18; i++)
        p10 *= 10;
    if (r->round && r->score_decimals >= 0 && r->score_decimals < 18 && !eri_num_is_big(r->quantum) && qd > 0 &&
        p10 % qd == 0 && !__builtin_mul_overflow(qn, p10 / qd, &ev->step_mult)) {
        ev->step_dec = r->score_decimals;
        ev->step_pow = p10;
    } else {
        ev->step_mult = 0;
    }

    ev->use_plan = true;
    ev->lazy = true;
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

/* The whole evaluation by the general evaluator: every detail */
static const er_result *evaluate_general(er_evaluator *ev, const er_facts *f, const er_scheme *s, er_diag *d)
{
    const er_rules *r = ev->r;
    reset(ev, f, s);
    ctx c = {.r = r, .f = f, .res = ev->res, .d = d, .scope = -1, .missing = ev->missing, .needed_by = ev->needed_by};
    eri_numheap *before = eri_numheap_use(&ev->res->nums);
    bool ok = true;
    for (uint32_t i = 0; i < r->nroots; i++)
        ok &= eri_eval_node(&c, r->roots[i]);
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

static bool planned(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s, eri_plan_memo *m,
                    bool record, eri_plan_out *po);

/* The details of a result the plan answered (lazy): by the general
 * evaluator, on the result's own facts and scheme, once */
static void complete(er_result *res)
{
    er_evaluator *ev = res->pending;
    res->pending = NULL;
    (void)evaluate_general(ev, res->facts, res->scheme, ev->quiet); /* it answers: the plan did (plan.h) */
}

/* A result from the plan's answer: the score (before rounding when read), the
 * level with its cap and the vetoes now, the rest when first read (result.c:
 * eri_result_details); NULL when the plan's answer cannot say it all */
/* The score of steps quanta and its text (eri_result_score_text's, step_dec
 * places) without a gcd or a general formatter, when the quantum is a
 * multiple of a power of ten's reciprocal (0.1, 0.25, 2): false when it is
 * not, or on overflow */
static bool score_of_steps(er_evaluator *ev, int64_t steps, er_result *res)
{
    int64_t m, num, den = ev->step_pow;
    if (!ev->step_mult || __builtin_mul_overflow(steps, ev->step_mult, &m) || m == INT64_MIN)
        return false;
    for (num = m; den % 2 == 0 && num % 2 == 0; den /= 2) /* m / 10^dec reduced: only 2 and 5 divide both */
        num /= 2;
    for (; den % 5 == 0 && num % 5 == 0; den /= 5)
        num /= 5;
    res->score = (eri_num){.num = num, .den = den};
    char digits[24], *t = res->score_buf;
    uint64_t u = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
    int n = 0;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u || n <= ev->step_dec); /* at least one digit before the point */
    if (m < 0)
        *t++ = '-';
    while (n > 0) {
        *t++ = digits[--n];
        if (n == ev->step_dec && n > 0)
            *t++ = '.';
    }
    *t = 0;
    res->score_text = res->score_buf;
    return true;
}

static const er_result *lazy(er_evaluator *ev, const er_facts *f, const er_scheme *s, const eri_plan_out *po)
{
    const er_rules *r = ev->r;
    er_result *res = ev->res;
    if (r->nvetoes > 64)
        return NULL;
    eri_numheap_clear(&res->nums); /* the last result's large numbers */
    res->rules = r;
    res->facts = f;
    res->scheme = s ? s : &r->base;
    res->points = res->scheme->points;
    if (!score_of_steps(ev, po->steps, res)) {
        eri_numheap *before = eri_numheap_use(&res->nums);
        bool ok = eri_plan_score(r, po, &res->score) == ERI_NUM_OK;
        if (ok)
            score_text(res);
        eri_numheap_use(before);
        if (!ok)
            return NULL;
    }
    res->round_pending = true; /* its reduction (a gcd of two 60-bit numbers) when read: result.c */
    res->round_n = po->un;
    res->round_d = po->ud;
    res->level = po->level;
    res->cap = po->cap;
    res->nvetoed = po->nvetoed;
    for (uint32_t i = 0; i < r->nvetoes; i++)
        res->vetoed[i] = po->veto_bits >> i & 1;
    res->uncapped_level = eri_plan_level_of(ev->plan, po->steps);
    if (res->uncapped_level == -2) /* the plan could not say */
        res->uncapped_level = level_of(r, res->score);
    res->pending = ev;
    res->complete = complete;
    return res;
}

const er_result *er_evaluate(er_evaluator *ev, const er_facts *f, const er_scheme *s, er_diag *d)
{
    return eri_evaluate_lazy(ev, f, f->row, s, d);
}

const er_result *eri_evaluate_lazy(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s,
                                   er_diag *d)
{
    eri_plan_out po;
    const er_result *res;
    if (ev->plan && ev->use_plan && ev->lazy && planned(ev, f, row, s, NULL, false, &po) &&
        (res = lazy(ev, f, s, &po)))
        return res;
    return evaluate_general(ev, f, s, d);
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
    if (!eri_eval_applicability(c, ni))
        return false;
    *out = !c->res->nodes[ni].applicable;
    return true;
}

static bool general_earned(void *p, int32_t ni, eri_num *out)
{
    ctx *c = general_ctx(p);
    if (!eri_eval_node(c, ni))
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
    if (!eri_eval_have(c, &c->r->vetoes[i].facts, "a veto") || !eri_eval_expr(c, c->r->vetoes[i].cond, &v))
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
    if (!eri_eval_have(c, &c->r->caps[i].facts, "a rating cap") || !eri_eval_expr(c, c->r->caps[i].cond, &v))
        return false;
    *held = v.b;
    return true;
}

/* e, an operand of cap i's 'unless' that reads no weight (plan.c: compile_cap) */
static bool general_cond(void *p, uint32_t i, const eri_expr *e, bool *out)
{
    ctx *c = general_ctx(p);
    eri_value v;
    c->scope = -1;
    if (!eri_eval_have(c, &c->r->caps[i].facts, "a rating cap") || !eri_eval_expr(c, e, &v))
        return false;
    *out = v.b;
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

/* The plan's answer (the fast path first, plan.c, else the plan's general
 * path with the general parts by eval.c's code); false: not the plan's */
static bool planned(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s, eri_plan_memo *m,
                    bool record, eri_plan_out *po)
{
    general g; /* its context is made when a general part first asks (general_ctx): not zeroed on every run */
    g.ev = ev;
    g.f = f;
    g.s = s;
    g.started = false;
    eri_plan_general gp = {&g, general_excluded, general_earned, general_adjust, general_veto, general_cap,
                           general_cond};
    eri_plan_status st = eri_plan_run_memo(ev->plan, row, s, &gp, m, record, po);
    if (g.started) {
        eri_numheap_use(g.before);
        ev->missing_dirty |= g.c.nmissing > 0;
    }
    return st == ERI_PLAN_OK;
}

static bool evaluate_memo(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s,
                          eri_plan_memo *m, bool record, er_diag *d, eri_brief *out)
{
    if (ev->plan && ev->use_plan && planned(ev, f, row, s, m, record, &out->plan)) { /* in place: no copy */
        out->planned = true;
        out->steps = out->plan.steps;
        out->score = ERI_NUM_ZERO;
        out->level = out->plan.level;
        out->nvetoed = out->plan.nvetoed;
        return true;
    }
    const er_result *res = evaluate_general(ev, f, s, d);
    if (!res)
        return false;
    *out = (eri_brief){.score = res->score, .level = res->level, .nvetoed = res->nvetoed};
    return true;
}

bool eri_evaluate_unrounded(er_evaluator *ev, const er_facts *f, const er_scheme *s, eri_plan_memo *m, er_diag *d,
                            eri_num *out)
{
    eri_brief b;
    if (!evaluate_memo(ev, f, f->row, s, m, false, d, &b))
        return false;
    if (b.planned && eri_plan_unrounded(ev->r, &b.plan, out) == ERI_NUM_OK)
        return true;
    const er_result *res = b.planned ? evaluate_general(ev, f, s, d) : ev->res; /* not planned: ev->res is its result */
    if (!res)
        return false;
    *out = res->before_round;
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
void eri_evaluator_lazy(er_evaluator *ev, bool lazy) { ev->lazy = lazy; }
const er_rules *eri_evaluator_rules(const er_evaluator *ev) { return ev->r; }

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
    ev->lazy = false; /* the result outlives ev: every detail now */
    if (er_evaluate(ev, f, s, d)) {
        res = ev->res;
        ev->res = NULL;
    }
    er_evaluator_free(ev);
    return res;
}
