/* compare.h — what compare.c (the comparison) and compare_report.c (its
 * text, JSON and CSV reports) share.  The public side is
 * include/evalrules_tools.h ("schemes compared"). */
#ifndef ERI_COMPARE_H
#define ERI_COMPARE_H

#include "evalrules_tools.h"
#include "arena.h"
#include "decimal.h"
#include "rules.h"

typedef struct row {
    er_compare_row pub;
    eri_num spread; /* exact, for sorting */
} row;

struct er_compare {
    eri_arena *arena;
    const er_rules *rules;
    const er_scheme **schemes; /* the columns: base first */
    size_t nschemes;
    row **rows;                /* sorted (see by_change) */
    size_t n, cap;
    size_t changed, not_evaluable;
    size_t *tally;             /* [scheme × outcomes + outcome] */
    size_t noutcomes;          /* the rules' levels, then "not rated", then "vetoed" */
    er_evaluator *ev;          /* one for every evaluation: by the plan where it applies */
    struct eri_plan_memo *memo; /* a row's general parts that no weight changes, or NULL */
};

#endif
