/* plan_ops.h — the compiled plan's operations and state, for plan.c (the
 * compiler and the general path) and plan_fast.c (the fast path) alone. */
#ifndef ERI_PLAN_OPS_H
#define ERI_PLAN_OPS_H

#include <string.h>

#include "plan.h"

__extension__ typedef __int128 i128;

/* OP_GSKIP and OP_GENERAL: an exclusion and an item the plan cannot express,
 * evaluated by the general evaluator's code for that part alone (plan.h) */
enum { OP_SKIP, OP_PASS, OP_RATIO, OP_GRADE, OP_GSKIP, OP_GENERAL };
#define SAMPLE_MAX 63 /* samples of up to 63: one bucket each */
#define L20 232792560 /* lcm(1..20) */
#define BOUND ((int64_t)1 << 56) /* the sum of every item's points (or tier's earnings) over U */

typedef struct op {
    uint8_t kind;
    bool negate;      /* OP_SKIP: skip when the fact does not hold */
    bool narrow;      /* OP_GRADE: a percent, held in 4 bytes (facts.h) */
    uint16_t ntiers;  /* OP_GRADE: how many, the 'otherwise' after them */
    uint32_t at;      /* the fact's offset in the facts' row (facts.h) */
    int32_t node;     /* items: their node; OP_SKIP: where to jump (an op index) */
    uint32_t tier0;   /* OP_GRADE: its first tier in p->tiers; OP_GSKIP: its node */
} op;

/* An item of the fast path (plan_fast.c): the items are grouped by kind —
 * passes, then samples, then grades — each kind one loop without a branch */
typedef struct fitem {
    uint32_t at;      /* the fact's offset in the row */
    uint32_t op;      /* its operation: its byte of the 'live' mask */
    int64_t v;        /* a pass: Pu × L20; a sample: Pu; a grade: its first tier slot */
    uint16_t ntiers;  /* a grade: how many tiers, the 'otherwise' after them */
    uint8_t narrow;   /* a grade: a percent, held in 4 bytes (facts.h) */
    uint8_t how;      /* a grade: FT_GE or FT_GT (tiers by falling thresholds: one count), else FT_ANY */
    uint32_t tab;     /* a grade: its table in p->gtab, or NO_GTAB */
} fitem;
enum { FT_ANY, FT_GE, FT_GT };
/* A grade's table: its tier for each value 0..GTAB - 1 — hundredths for a
 * percent (k/100), whole numbers for a number — one load in place of the
 * tiers' comparisons (plan_fast.c: eri_plan_grade_tables) */
#define GTAB 128
#define NO_GTAB UINT32_MAX

/* An exclusion of the fast path: a bool fact (or its negation) and the
 * operations it skips, op + 1 .. next - 1 */
typedef struct fskip {
    uint32_t at, op, next;
    uint8_t negate;
} fskip;

typedef struct tier {
    eri_op cmp;
    int64_t tn, td;   /* the threshold, both within 32 bits */
    eri_num share;
} tier;

/* A deduction or bonus: a fact, a constant, or 'if FACT then A else B' */
typedef struct adjust_op {
    bool bonus, has_cap, is_if, general;
    int32_t fact;     /* -1: the constant a */
    uint32_t at;      /* the fact's offset in the row */
    int64_t a, b, cap; /* over Da */
} adjust_op;

/* One operand of a rating cap's 'unless' (compile_cap): 'score CMP number',
 * compared with the plan's rounded score, or a condition that reads no
 * weight, evaluated by the general evaluator (g->cond) or kept in a memo */
typedef struct cap_term {
    bool score;
    eri_op cmp;       /* score: score CMP cn / cd */
    int64_t cn, cd;   /* within 32 bits */
    const eri_expr *e; /* !score: the condition */
} cap_term;

/* A rating cap: its 'unless' as one term or an 'and' / 'or' of terms;
 * general: by the general evaluator with the plan's score (g->cap) */
typedef struct cap_op {
    bool general;
    bool any;         /* 'or' of the terms, else 'and' (one term: either) */
    uint32_t term0, nterms;
} cap_op;

typedef struct veto {
    int32_t fact;
    uint32_t at;      /* the fact's offset in the row */
    bool is_cmp, general;
    bool narrow;      /* a percent, held in 4 bytes (facts.h) */
    eri_op cmp;
    int64_t vn, vd;   /* the value, both within 32 bits */
} veto;

/* The plan bound to one scheme's points (plan.c: bind): what depends on them */
typedef struct binding {
    const eri_num *bound;
    eri_num *bound_copy; /* its values when bound: a scheme's points may change in place (a sweep's do) */
    bool bind_ok;
    int64_t u;        /* Dp × Ds */
    int64_t *pu;      /* per op: the item's points in units of 1/U */
    int64_t *earn;    /* per tier slot: what it earns in units of 1/U */
    int64_t total;    /* the sum of every item's largest amount over U (bind) */
    /* the fast path (plan_fast.c): every part planned, samples of up to 20 */
    bool fast;        /* built for the bound points */
    fitem *fitems;    /* the items: npass passes, nratio samples, ngrade grades */
    uint32_t npass, nratio, ngrade;
    fskip *fskips;    /* the exclusions, in the order of the operations */
    uint32_t nskips;
    int64_t *apre;    /* per op: the points over U of the items before it (the applicable total of a range) */
    uint8_t *live;    /* per op: 1, 0 while a run skips it (the run's scratch) */
    int64_t *fearn;   /* per tier slot: earn × L20 */
    int64_t c1, c2, c3; /* the final division's constants (fast_constants) */
} binding;
#define NBINDINGS 4096 /* compare with up to 4,095 schemes and base: each keeps its own */

struct eri_plan {
    const er_rules *r;
    uint32_t *at;     /* per fact: its offset in the row (eri_row_layout) */
    uint32_t *node_at; /* per node: its auditor's exclusion in the row (eri_row_node_layout) */
    op *ops;
    uint32_t nops;
    tier *tiers;
    uint32_t ntiers;
    int64_t *units;   /* per tier and per 'otherwise' (ntiers + 1 per grade), times the item's Pu when bound */
    adjust_op *adjs;
    veto *vetoes;
    uint32_t row_size;
    int64_t da;       /* adjustments' denominator */
    int64_t ds;       /* shares' denominator */
    /* bound to schemes' points: the last few (compare alternates its schemes) */
    binding *binds;    /* cap of them, grown as schemes come (up to NBINDINGS) */
    uint32_t cap;
    uint64_t nbound;   /* how many times points were bound (eri_plan_binds) */
    binding *b;        /* the one in use */
    uint32_t nbinds, next_bind; /* how many are allocated; the one to replace next */
    uint32_t nslot_ops, nslot_tiers; /* sizes of a binding's arrays */
    bool no_fast;     /* eri_plan_set_fast(p, false) */
    int64_t *lsteps;  /* per level: the fewest steps at or above its threshold */
    bool lsteps_ok;
    /* what a memo keeps (eri_plan_memo): per op, adjustment and veto left to
     * the general evaluator whose value does not depend on the weights, its
     * slot; -1 when none */
    int32_t *op_slot, *adj_slot, *veto_slot, *term_slot;
    uint32_t nslots;
    cap_op *caps;     /* per rating cap */
    cap_term *terms;  /* the caps' terms */
    uint32_t nterms;
    uint8_t *gtab;    /* the grades' tables, GTAB bytes each (NULL: none) */
    uint32_t *gtab_at; /* per op: its grade's table in gtab, or NO_GTAB */
};

/* One enterprise's values of the general parts that do not depend on the
 * weights: an item's share (earned / points), an exclusion, an adjustment,
 * a veto; known[i] when slot i was recorded. */
struct eri_plan_memo {
    uint32_t n;
    eri_num *v;
    uint8_t *known;
    /* the items' shares again as integers over one denominator lm (while
     * lm_ok), so that a run adds Pu × share without a gcd (plan.c: keep_share) */
    int64_t *scaled;
    int64_t lm;
    bool lm_ok;
};

/* the grades' tables (p->gtab), once the operations are compiled: they do
 * not depend on the points; none when memory runs out */
void eri_plan_grade_tables(eri_plan *p);
/* the fast path for the points just bound (plan_fast.c): p->fast when it applies */
void eri_plan_build_fast(eri_plan *p);
/* false: not answered by the fast path (the general path of the plan decides) */
bool eri_plan_fast_run(const eri_plan *p, const uint8_t *row, eri_plan_out *out);


static inline bool holds(eri_op op, int c)
{
    switch (op) {
    case ERI_OP_LT: return c < 0;
    case ERI_OP_LE: return c <= 0;
    case ERI_OP_GT: return c > 0;
    case ERI_OP_GE: return c >= 0;
    case ERI_OP_EQ: return c == 0;
    default: return c != 0;
    }
}

/* n / d rounded to an integer by mode (d > 0); in 64 bits when both fit
 * (a 128-bit division costs a call and some 50 cycles) */
static inline i128 round_div(i128 n, i128 d, eri_round_mode mode)
{
    i128 q, r;
    if (n == (int64_t)n && d == (int64_t)d) {
        q = (int64_t)n / (int64_t)d;
        r = (int64_t)n % (int64_t)d;
    } else {
        q = n / d;
        r = n % d;
    }
    if (r < 0) { /* floor */
        q -= 1;
        r += d;
    }
    if (r == 0)
        return q;
    i128 twice = 2 * r;
    bool up; /* to q + 1, else q */
    switch (mode) {
    case ERI_ROUND_FLOOR: up = false; break;
    case ERI_ROUND_CEILING: up = true; break;
    case ERI_ROUND_DOWN: up = n < 0; break;
    case ERI_ROUND_UP: up = n >= 0; break;
    case ERI_ROUND_HALF_UP: up = twice > d || (twice == d && n >= 0); break;
    case ERI_ROUND_HALF_DOWN: up = twice > d || (twice == d && n < 0); break;
    default: up = twice > d || (twice == d && (q & 1)); break;
    }
    return up ? q + 1 : q;
}

static const int64_t eri_l20_over[21] = {0,        L20 / 1,  L20 / 2,  L20 / 3,  L20 / 4,  L20 / 5,  L20 / 6,
                                     L20 / 7,  L20 / 8,  L20 / 9,  L20 / 10, L20 / 11, L20 / 12, L20 / 13,
                                     L20 / 14, L20 / 15, L20 / 16, L20 / 17, L20 / 18, L20 / 19, L20 / 20};

/* the number at x in a row: false when absent (or not held there) */
static inline bool number(const uint8_t *x, int64_t *a, int64_t *b)
{
    int32_t ab[2];
    memcpy(ab, x, sizeof ab);
    *a = ab[0];
    *b = ab[1];
    return ab[1] != 0;
}

/* the number at x, 4 bytes wide when narrow (a percent: facts.h) */
static inline bool number_w(const uint8_t *x, bool narrow, int64_t *a, int64_t *b)
{
    if (!narrow)
        return number(x, a, b);
    int16_t n;
    uint16_t d;
    memcpy(&n, x, sizeof n);
    memcpy(&d, x + sizeof n, sizeof d);
    *a = n;
    *b = d;
    return d != 0;
}

/* a / b (b > 0) against cn / cd, all within 32 bits */
static inline int cmp(int64_t a, int64_t b, int64_t cn, int64_t cd)
{
    int64_t l = a * cd, r = cn * b;
    return (l > r) - (l < r);
}

#define MUL(a, b, out) (__builtin_mul_overflow((a), (b), (out)))

/* Veto i held (held is 0 or 1): counted, and its bit set (past 64, one flag). */
static inline void note_veto(eri_plan_out *out, uint32_t i, unsigned held)
{
    out->nvetoed += held;
    if (i < 64)
        out->veto_bits |= (uint64_t)held << i;
    else
        out->veto_more |= held;
}

/* greatest common divisor and least common multiple in 64 bits (lcm: false on overflow) */
static inline int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a < 0 ? -a : a;
}

static inline bool lcm64(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_mul_overflow(a / gcd64(a, b), b, out);
}

/* n over the denominator d (a multiple of n's): its numerator; *ok false on overflow */
static inline int64_t over(eri_num n, int64_t d, bool *ok)
{
    int64_t v;
    *ok &= !__builtin_mul_overflow(n.num, d / n.den, &v);
    return v;
}

/* a binding's arrays (plan.c); false when memory ran out (nothing kept) */
bool eri_plan_binding_new(const eri_plan *p, binding *b);

#endif
