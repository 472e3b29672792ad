/* eval_ctx.h — the evaluator's state during one evaluation, shared by
 * eval.c (expressions and nodes), evaluator.c (totals, level, the reusable
 * evaluator and the plan's entry) and eval_errors.c (its run-time errors
 * and the facts that caused them).  Internal to the evaluator. */
#ifndef ERI_EVAL_CTX_H
#define ERI_EVAL_CTX_H

#include "eval.h"

typedef struct eri_eval_ctx {
    const er_rules *r;
    const er_facts *f;
    er_result *res;
    er_diag *d;
    int32_t scope;        /* node whose 'points' an expression means, or -1 */
    bool score_ready;     /* 'score' is known */
    bool failed;          /* an arithmetic error was reported */
    int depth;            /* ev's recursion, through named values and indicator results */
    uint8_t *missing;     /* per fact */
    uint32_t nmissing;
    const char **needed_by; /* per fact: the first place that needed it */
} eri_eval_ctx;

/* eval.c: an expression's value (scope c->scope); whether node ni applies
 * (c->res->nodes[ni].applicable); node ni evaluated (its subtree first) */
bool eri_eval_expr(eri_eval_ctx *c, const eri_expr *e, eri_value *out);
bool eri_eval_applicability(eri_eval_ctx *c, int32_t ni);
bool eri_eval_node(eri_eval_ctx *c, int32_t ni);

/* Whether st is ERI_NUM_OK; else an error at span at (c->failed set). */
bool eri_eval_arith_at(eri_eval_ctx *c, eri_span at, eri_num_status st);
/* The same, followed by notes at the facts why reads (their values and lines). */
bool eri_eval_arith_why(eri_eval_ctx *c, eri_span at, eri_num_status st, const eri_expr *why);
/* An error at e: for a division by zero the divisor's facts, else e's. */
bool eri_eval_arith(eri_eval_ctx *c, const eri_expr *e, eri_num_status st);
/* Every fact in fs present?  Records the missing ones (who needed them first). */
bool eri_eval_have(eri_eval_ctx *c, const eri_factset *fs, const char *who);

#endif
