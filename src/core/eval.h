/* eval.h — the result of one evaluation: a tree of node results beside the
 * rule set's nodes, the totals and every step from earned points to the
 * level.  The result points into its rules and facts: keep them alive. */
#ifndef ERI_EVAL_H
#define ERI_EVAL_H

#include "facts.h"
#include "plan.h"
#include "rules.h"

typedef enum eri_outcome {
    ERI_OUT_FULL,     /* all points */
    ERI_OUT_PARTIAL,  /* some lost */
    ERI_OUT_ZERO,     /* all lost */
    ERI_OUT_EXCLUDED  /* not applicable */
} eri_outcome;

typedef struct eri_node_result {
    bool applicable;
    uint8_t state;            /* evaluation: 0 not yet, 1 running, 2 done, 3 failed */
    uint8_t applic_state;     /* applicability: 0 not yet, 1 running, 2 done, 3 failed */
    eri_outcome outcome;
    int32_t excluded_by;      /* node whose exclusion applies (itself or an ancestor), or -1 */
    bool by_auditor;          /* that exclusion came from the facts file */
    const char *reason;       /* its reason (may be NULL) */
    eri_num earned;            /* points earned (0 when not applicable) */
    eri_num applicable_points; /* points that count (0 when not applicable) */
    eri_num share;             /* items: earned / points, as the rule gave it before clamping */
    int32_t tier;             /* grade: the tier that held, -1 for 'otherwise' */
    bool clamped;             /* the rule's value was outside [0, points] (or [0, 1]) */
    eri_num raw;               /* score / ratio before clamping */
    uint32_t failed;          /* applicable items at or below this node that lost points */
} eri_node_result;

typedef struct eri_adjust_result {
    eri_num value;             /* the expression's value */
    eri_num applied;           /* after the cap */
    bool capped;
} eri_adjust_result;

struct er_result {
    const er_rules *rules;
    const er_facts *facts;
    const er_scheme *scheme;  /* the weighting (the rules' own: rules->base) */
    const eri_num *points;     /* per node, under that scheme */
    eri_node_result *nodes;
    eri_num earned_total, applicable_total;
    eri_num normalized;        /* earned / applicable × scale (or earned when not normalized) */
    eri_adjust_result *adjusts;
    eri_num before_round, score;
    const char *score_text;   /* score_buf, or the number heap's when longer */
    char score_buf[64];
    bool *vetoed;             /* per rules->vetoes */
    uint32_t nvetoed;
    int32_t level;            /* index into rules->levels, or -1 when not rated */
    int32_t uncapped_level;   /* what the score alone would give */
    int32_t cap;              /* the cap that lowered the level, or -1 */
    bool *cap_held;           /* per rules->caps: its 'unless' condition held */
    /* evaluation scratch: named values */
    eri_value *let_vals;
    uint8_t *let_state;
    eri_numheap nums;         /* its numbers that outgrow 64 bits */
    /* details to be made (evaluator.c: er_evaluate through the plan): the
     * score, level, uncapped_level, cap and vetoes are set (before_round
     * too, or round_pending);
     * complete(res) makes the rest, once (result.c: eri_result_details) */
    struct er_evaluator *pending;
    void (*complete)(er_result *res);
    /* before_round not made yet (evaluator.c: lazy): round_n / round_d
     * quanta, made when read (result.c); the details make it too */
    bool round_pending;
    __extension__ __int128 round_n, round_d;
};

/* eri_evaluate_brief, the plan's entry (defined in eval.c): plan.h */

#endif
