/* suite.h — the test runner's own header (internal to src/tools): a test
 * file as read (suite_read.c), its cases run and checked (suite_run.c) and
 * its expectations rewritten (suite_update.c).  The syntax is described in
 * suite_read.c and docs/testing-rules.md.  Results are read through their
 * accessors only (evalrules.h, result.h). */
#ifndef ERI_SUITE_H
#define ERI_SUITE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "evalrules.h"
#include "evalrules_tools.h"
#include "arena.h"
#include "decimal.h"
#include "rules.h"
#include "source.h"

/* What an expectation states: the word after 'expect'. */
typedef enum eri_xkind {
    ERI_X_SCORE,
    ERI_X_LEVEL,
    ERI_X_VETO,
    ERI_X_VETOES,
    ERI_X_EARNED,
    ERI_X_APPLICABLE,
    ERI_X_EXCLUDED,
    ERI_X_ERROR,
    ERI_X_COUNT_
} eri_xkind;
extern const char *const eri_xnames[ERI_X_COUNT_]; /* "score", "level", … */

/* ---- a test file as read (suite_read.c) ---- */

/* One expect line. */
typedef struct eri_expect {
    eri_xkind k;
    int line;
    uint32_t ls, lnext;  /* the line: start, and start of the next line */
    uint32_t ks, vs, ve; /* the kind word; the value (what --update replaces) */
    int32_t node;        /* earned/applicable/excluded: node, -1 for the totals */
    eri_num num;          /* score, earned, applicable */
    int places;          /* -1: exact; else the value was written rounded to these places (…) */
    int32_t index;       /* level or veto index, -1 for none */
    int64_t count;       /* vetoes */
    const char *text;    /* error */
} eri_expect;

/* One case: its facts (a facts file, lines of the test file over it) and expectations. */
typedef struct eri_tcase {
    const char *name;
    int line;
    uint32_t name_s, name_e;
    const char *facts_path; /* joined with the test file's directory; NULL when all facts are inline */
    uint32_t path_s, path_e;
    int path_line;
    uint32_t *lines;        /* facts lines: start, end pairs */
    uint32_t nlines, lcap;
    eri_expect *x;
    uint32_t nx, xcap;
    uint32_t indent_s, indent_e; /* indentation to give an added line */
    uint32_t tail;          /* where an added line goes: after the case's last statement */
    bool tail_nl;           /* that statement ends with a newline */
    er_facts *facts;        /* loaded; NULL when they had errors */
    unsigned errors;        /* errors reported before the case began */
} eri_tcase;

struct er_suite {
    const er_rules *r;
    eri_source *src;
    eri_arena *arena;
    eri_tcase *cases;
    uint32_t ncases, ccap;
    const char **bad; /* facts files that could not be loaded */
    uint32_t nbad;
};

/* Case c's first expectation of kind k, or NULL. */
const eri_expect *eri_suite_find(const eri_tcase *c, eri_xkind k);
/* Case c is run under o (its name has o's filter). */
bool eri_suite_selected(const eri_tcase *c, const er_suite_opts *o);

/* ---- running (suite_run.c) ---- */

/* A case's evaluation: the result, or the diagnostics of its failure. */
typedef struct eri_outcome {
    er_result *res;
    char *diags; /* malloc'd by open_memstream; may be NULL */
    size_t dlen;
} eri_outcome;

/* Evaluate case c; false when out of memory (free *o all the same). */
bool eri_suite_evaluate(const er_suite *su, const eri_tcase *c, eri_outcome *o);
void eri_outcome_free(eri_outcome *o);
/* Does expectation x of case c hold for the outcome?  When it does not,
 * expected and actual (cap bytes each) describe both; vexp is scratch of
 * one bool per veto of the rules, and one more. */
bool eri_suite_check(const er_suite *su, const eri_tcase *c, const eri_expect *x, const eri_outcome *o,
                     char *expected, char *actual, size_t cap, bool *vexp);
/* The points expectation x is about (earned or applicable, of a node or the total). */
eri_num eri_suite_points(const er_result *res, const eri_expect *x);
/* Points as an expectation would write them: an exact decimal, else N/D
 * (approx: followed by " (≈ 3.866667…)").  Like snprintf, the length it
 * needs is returned (buf may be NULL when cap is 0). */
size_t eri_suite_num_text(eri_num n, char *buf, size_t cap, bool approx);
/* A level's label, or "none" for -1. */
const char *eri_suite_level_text(const er_rules *r, int level);
/* text[0..len) written line by line, each non-empty line after lead. */
void eri_suite_indented(FILE *out, const char *text, size_t len, const char *lead);

#endif
