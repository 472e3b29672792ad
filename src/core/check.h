/* check.h — the checker's state and helpers, shared by check.c (names,
 * types, structure), bounds.c (value ranges) and lint.c (scoring lints).
 * Internal: not part of the library's interface. */
#ifndef ERI_CHECK_H
#define ERI_CHECK_H

#include "diag.h"
#include "rules.h"

typedef struct checker {
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
    int32_t let_stack[64];
    int let_depth;
    /* fact-set collection */
    uint8_t *fact_mark;
    uint8_t *let_mark;
    int32_t *fact_buf;
    uint32_t nbuf;
    /* schemes: the file being reported on (NULL: the rules'), and the points
     * that 'points' means (NULL: the rules' own) */
    const eri_source *src;
    const eri_num *points;
} checker;

/* Report at a span of the rules file; errors are counted in c->errors. */
__attribute__((format(printf, 3, 4))) void ck_error(checker *c, eri_span at, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void ck_warning(checker *c, eri_span at, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void ck_note(checker *c, eri_span at, const char *fmt, ...);
/* n as a short decimal ("2.5", "1/3" as 0.333333) for messages. */
char *ck_fmt_num(char *buf, size_t cap, eri_num n);

/* The values a numeric expression can take; a side is unknown when not has_*. */
typedef struct bounds {
    bool has_lo, has_hi;
    eri_num lo, hi;
} bounds;
/* Bounds of e checked in c->scope (for 'points'); depth starts at 0. */
bounds ck_bounds(checker *c, const eri_expr *e, int depth);

/* What a condition can be, by the declared ranges of what it reads. */
enum { CK_CAN_TRUE = 1, CK_CAN_FALSE = 2, CK_EITHER = 3 };
int ck_truth(checker *c, const eri_expr *e, int depth);

/* Scoring lints over a checked rule set without errors: warnings only. */
void ck_lint(checker *c);

/* The points of node i as c sees them (a scheme's, or the rules'). */
static inline eri_num ck_points(const checker *c, int32_t i)
{
    return c->points ? c->points[i] : c->r->nodes[i].points;
}

/* scheme.c: the base scheme and the schemes of the rules file (after a
 * clean check), and one scheme declaration into s. */
void ck_schemes(checker *c);
bool ck_scheme(checker *c, const eri_decl *d, er_scheme *s);

#endif
