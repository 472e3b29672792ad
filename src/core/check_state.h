/* check_state.h — the checker's shared state and its diagnostics: what
 * every pass of the checker (check_decl.c, check_expr.c, scoring.c,
 * check_total.c, check_deps.c, lint.c, scheme.c) works on.  The bottom of
 * the checker: it calls nothing above it.  Internal. */
#ifndef ERI_CHECK_STATE_H
#define ERI_CHECK_STATE_H

#include "diag.h"
#include "rules.h"
#include "suggest.h"

/* The values a numeric expression can take; a side is unknown when not has_*
 * (bounds.c). */
typedef struct eri_bounds {
    bool has_lo, has_hi;
    eri_num lo, hi;
} eri_bounds;

typedef struct eri_checker {
    er_rules *r;
    er_diag *d;
    eri_arena *a;
    unsigned errors;
    /* where an expression is being checked */
    int32_t scope;       /* node index, or -1 */
    bool score_ok;       /* 'score' (the final score) allowed */
    /* let types: 0 unchecked, 1 in progress, 2 done */
    uint8_t *let_state;
    uint8_t *let_type;
    int32_t *let_aux;
    int32_t let_stack[ERI_MAX_EVAL_DEPTH + 1];
    int let_depth;
    int nest;            /* check_expr's recursion, through named values too */
    int reach;           /* the deepest nesting found, counting a checked let's own */
    bool nest_said;      /* "nests too deeply" reported for this rule */
    uint16_t *let_reach; /* per let: how deep its expression nests, through its lets */
    /* fact-set collection */
    uint8_t *fact_mark;
    uint8_t *let_mark;
    int32_t *fact_buf;
    uint32_t nbuf;
    int32_t *let_buf;    /* the named values marked, to clear only those */
    uint32_t nlet_buf;
    /* bounds.c: per let, what is known of it (bounds, truth, reads facts),
     * for the meaning of 'points' in memo_points */
    uint8_t *let_memo;
    eri_bounds *let_bounds;
    uint8_t *let_truth;
    const eri_num *memo_points;
    /* schemes: the file being reported on (NULL: the rules'), and the points
     * that 'points' means (NULL: the rules' own) */
    const eri_source *src;
    const eri_num *points;
} eri_checker;

/* Report at a span of the rules file; errors are counted in c->errors. */
__attribute__((format(printf, 3, 4))) void eri_ck_error(eri_checker *c, eri_span at, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void eri_ck_warning(eri_checker *c, eri_span at, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void eri_ck_note(eri_checker *c, eri_span at, const char *fmt, ...);
/* n as a short decimal ("2.5", "1/3" as 0.333333) for messages. */
const char *eri_ck_fmt_num(char *buf, size_t cap, eri_num n);
/* "s" after a number n, "" when n is 1: "%s point%s".  It takes the number,
 * not the text eri_ck_fmt_num made of it: the order in which a call's
 * arguments are evaluated is unspecified. */
const char *eri_ck_plural(eri_num n);
/* "a" or "an" before a lower-case English word: "%s %s fact" gives "an enum fact". */
const char *eri_ck_article(const char *word);
/* A type as messages name it: "a number", "a yes/no value", … */
const char *eri_ck_type_name(eri_type t);

/* The points of node i as c sees them (a scheme's, or the rules'). */
static inline eri_num eri_ck_points(const eri_checker *c, int32_t i)
{
    return c->points ? c->points[i] : c->r->nodes[i].points;
}

#endif
