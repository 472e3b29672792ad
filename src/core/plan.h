/* plan.h — a checked rule set compiled into a flat evaluation plan (in the
 * spirit of SQLite's prepared statements and Lua's lcode → lvm): compile
 * once, run on many enterprises.
 *
 * The plan holds one operation per item and per conditional exclusion, in
 * preorder: an excluded subtree is skipped by a jump.  Points, tier shares
 * and constants are pre-scaled to integers over one common denominator, so
 * that an evaluation adds 64/128-bit integers without a gcd and divides once
 * at the end, to normalise and round.  It computes the score, the level and
 * the vetoes only: the details a report shows come from the general
 * evaluator (eval.c), which stays the reference.
 *
 * What the plan expresses: items that pass when a bool fact holds, take the
 * ratio of a sample fact or grade a number fact by constant tiers; exclusions
 * by a bool fact (or its negation) and the auditor's (a byte of the row per
 * excludable node, facts.h); deductions and bonuses of a fact, a
 * constant or 'if FACT then NUM else NUM', with a constant cap; vetoes on a
 * bool fact or a fact compared with a constant; rounding; levels.
 *
 * Everything else is left to the general evaluator part by part (per item,
 * not per rule set): an item, an exclusion, an adjustment or a veto the plan
 * cannot express, and every rating cap, is one operation that asks the
 * general evaluator's code for that part alone (eri_plan_general, given by
 * eval.c); its exact value joins the plan's integers at the end.  At run
 * time a missing fact, a sample outside 0..n or of
 * more than 63, an error in a general part, an overflow is
 * ERI_PLAN_FALLBACK: the caller runs the general evaluator on the whole,
 * which gives the same exact answer (or the error).  Never a wrong or
 * refused score. */
#ifndef ERI_PLAN_H
#define ERI_PLAN_H

#include "facts.h"
#include "rules.h"

typedef struct eri_plan eri_plan;

typedef enum eri_plan_status {
    ERI_PLAN_OK,
    ERI_PLAN_FALLBACK /* not for the plan: evaluate with the general evaluator */
} eri_plan_status;

/* The plan's answer: the score is steps × the rules' rounding quantum. */
typedef struct eri_plan_out {
    int64_t steps;
    int32_t level;    /* index into rules->levels, or -1 */
    uint32_t nvetoed;
    /* what a batch's line says besides (eri_brief_totals): the applicable
     * total is applicable / u, the earned total earned / (u × earned_l);
     * earned_l 0: it did not fit 64 bits */
    int64_t u, applicable, earned, earned_l;
    uint64_t veto_bits; /* rules->vetoes[i] held, for i < 64 */
    bool veto_more;     /* one of i >= 64 held */
    int32_t cap;        /* the rating cap that lowered the level (as er_result_cap), or -1 */
    __extension__ __int128 un, ud; /* the score before rounding in quanta: un / ud (eri_plan_unrounded) */
} eri_plan_out;

/* The general evaluator's code for one part of a rule set, on the facts the
 * plan runs on (eval.c): false when it cannot say (a missing fact, an
 * error): the plan then falls back.  Numbers may be big: the plan falls back. */
typedef struct eri_plan_general {
    void *ctx;
    bool (*excluded)(void *ctx, int32_t node, bool *out);  /* node's 'exclude when' holds */
    bool (*earned)(void *ctx, int32_t node, eri_num *out); /* an applicable item's earned points */
    bool (*adjust)(void *ctx, uint32_t i, eri_num *out);   /* rules->adjusts[i] as applied (after its cap) */
    bool (*veto)(void *ctx, uint32_t i, bool *out);        /* rules->vetoes[i] holds */
    bool (*cap)(void *ctx, uint32_t i, eri_num score, bool *held); /* rules->caps[i]'s 'unless' holds */
    bool (*cond)(void *ctx, uint32_t i, const eri_expr *e, bool *out); /* e, a part of caps[i]'s 'unless' */
} eri_plan_general;

/* How much of a rule set the plan runs itself: items (of all items), and
 * conditions — exclusions, adjustments, vetoes, caps — (of all). */
typedef struct eri_plan_cover {
    uint32_t items, items_planned, conds, conds_planned;
} eri_plan_cover;

/* The plan of r, or NULL when r has no rounding, a quantum, scale or level
 * of more than 64 bits (or memory ran out): then every evaluation is the
 * general one. */
eri_plan *eri_plan_new(const er_rules *r);
void eri_plan_free(eri_plan *p);
void eri_plan_coverage(const eri_plan *p, eri_plan_cover *c);

/* Score f under the points of scheme s (NULL: the rules' own); g evaluates
 * the parts left to the general evaluator (NULL: such a part falls back). */
eri_plan_status eri_plan_run(eri_plan *p, const er_facts *f, const er_scheme *s, const eri_plan_general *g,
                             eri_plan_out *out);
/* The same from f's row alone (facts.h: f->row, or one of eri_facts_rows),
 * for a batch held in one block: g's own facts must be the row's. */
eri_plan_status eri_plan_run_row(eri_plan *p, const uint8_t *row, const er_scheme *s, const eri_plan_general *g,
                                 eri_plan_out *out);
/* The fast path alone (plan.c: every part planned, samples of 1..20, no
 * overflow in 64 bits): ERI_PLAN_FALLBACK where it does not answer, for
 * eri_plan_run_row to decide.  Needs no general evaluator. */
eri_plan_status eri_plan_run_fast(eri_plan *p, const uint8_t *row, const er_scheme *s, eri_plan_out *out);
/* Whether eri_plan_run_row tries the fast path first (default true; tests
 * turn it off to prove the plan's general path on the same facts). */
void eri_plan_set_fast(eri_plan *p, bool on);
uint32_t eri_plan_row_size(const eri_plan *p);
/* How many times p bound a scheme's points (tests: each scheme once) */
uint64_t eri_plan_binds(const eri_plan *p);

/* Under many weightings (a sweep's runs, compare's schemes) an enterprise's
 * general parts that do not read the weights (no 'points', 'score' or
 * indicator results, through named values too) give the same value each
 * time — an item its share of its points, an exclusion, an adjustment, a
 * veto: a memo keeps them, so that only the weighting is redone.  record:
 * fill the memo's unknown slots from this run (the memo is then the
 * caller's alone); else it is only read (threads may share it). */
typedef struct eri_plan_memo eri_plan_memo;
eri_plan_memo *eri_plan_memo_new(const eri_plan *p);
void eri_plan_memo_free(eri_plan_memo *m);
/* forgets every value: for the next enterprise */
void eri_plan_memo_clear(eri_plan_memo *m);
/* how many values a memo of p holds (0: nothing to keep) */
uint32_t eri_plan_memo_slots(const eri_plan *p);
eri_plan_status eri_plan_run_memo(eri_plan *p, const uint8_t *row, const er_scheme *s, const eri_plan_general *g,
                                  eri_plan_memo *m, bool record, eri_plan_out *out);

/* The score of out before it was rounded (as er_result_total's
 * ER_TOTAL_BEFORE_ROUND); ERI_NUM_OVERFLOW when it does not fit in 64 bits. */
eri_num_status eri_plan_unrounded(const er_rules *r, const eri_plan_out *out, eri_num *score);
/* The level a score of steps quanta reaches (its index, as er_result_level),
 * before any veto or cap: -1 none, -2 when the plan cannot say (the
 * levels' thresholds in steps did not fit). */
int32_t eri_plan_level_of(const eri_plan *p, int64_t steps);
/* The score of out as an exact number (steps × quantum). */
eri_num_status eri_plan_score(const er_rules *r, const eri_plan_out *out, eri_num *score);

/* The evaluator's entry to the plan (eval.c), for the tools too (eval.h is
 * theirs not to see). */
/* The score, level and vetoes of one evaluation without its details: by the
 * evaluator's compiled plan (plan.h) where it applies, else by er_evaluate.
 * The score is steps × the rules' quantum when planned, else score. */
typedef struct eri_brief {
    bool planned;
    int64_t steps;
    eri_num score;            /* !planned: the result's score (valid until the evaluator's next use) */
    int32_t level;
    uint32_t nvetoed;
    eri_plan_out plan;        /* planned: the plan's own output, with the totals, vetoes and cap */
} eri_brief;
bool eri_evaluate_brief(er_evaluator *ev, const er_facts *f, const er_scheme *s, er_diag *d, eri_brief *out);
/* The same with f's values read from row: f's own or its copy in a batch
 * (facts.h: eri_facts_rows), one block for many enterprises. */
bool eri_evaluate_row(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s, er_diag *d,
                      eri_brief *out);
/* er_evaluate with f's values read from row (f's own or its copy in a
 * block: block.c) */
const er_result *eri_evaluate_lazy(er_evaluator *ev, const er_facts *f, const uint8_t *row, const er_scheme *s,
                                   er_diag *d);
/* The same keeping in m (record) or reading from it the general parts that
 * do not depend on the weights (eri_plan_memo): for an enterprise evaluated
 * under many weightings.  m NULL: eri_evaluate_brief. */
bool eri_evaluate_memo(er_evaluator *ev, const er_facts *f, const er_scheme *s, eri_plan_memo *m, bool record,
                       er_diag *d, eri_brief *out);
/* The score before rounding (as er_result_total's ER_TOTAL_BEFORE_ROUND):
 * from the plan when it answers (with m read, not recorded, when not
 * NULL), else from er_evaluate; valid until ev's next use.  False when the
 * facts cannot be evaluated (d says why). */
bool eri_evaluate_unrounded(er_evaluator *ev, const er_facts *f, const er_scheme *s, eri_plan_memo *m, er_diag *d,
                            eri_num *out);
/* The brief's score as a number. */
eri_num_status eri_brief_score(const er_rules *r, const eri_brief *b, eri_num *score);
/* A planned brief's applicable and earned totals, exact (as er_result_total
 * gives them); false when it is not planned or they do not fit. */
bool eri_brief_totals(const eri_brief *b, eri_num *applicable, eri_num *earned);
/* Whether ev has a plan; use false to evaluate every brief by the general evaluator (tests). */
bool eri_evaluator_planned(const er_evaluator *ev);
/* ev's plan (NULL when none), to count its coverage */
const eri_plan *eri_evaluator_plan(const er_evaluator *ev);
void eri_evaluator_use_plan(er_evaluator *ev, bool use);
/* Whether er_evaluate runs the plan and makes a result's details when first
 * read (default true; false: every er_evaluate is the general one, as tests
 * compare them) */
void eri_evaluator_lazy(er_evaluator *ev, bool lazy);
/* the rules ev evaluates */
const er_rules *eri_evaluator_rules(const er_evaluator *ev);

#endif
