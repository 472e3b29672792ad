/* html.h — what every HTML document of evalrules shares (the evaluation's
 * report, report_html.c; compare's and sweep's, src/tools): the head with
 * its one style sheet, the footer, and a chart's bar lengths as exact
 * fractions rounded to 0.1.  Self-contained: inline CSS, no script, nothing
 * fetched.  Text from rules and facts is escaped with escape.h. */
#ifndef ERI_HTML_H
#define ERI_HTML_H

#include <stdio.h>

#include "decimal.h"
#include "evalrules.h"

/* The style sheet (A4 print, tables, charts' .bg and .fg bars, .c0 … .c7
 * for the outcomes of a stacked bar). */
extern const char eri_html_style[];

/* The document up to its <title> tag: write the title (escaped) next, then
 * eri_html_body. */
void eri_html_head(FILE *f, er_lang lang);
/* </title>, the style sheet and extra CSS (may be ""), and <body>. */
void eri_html_body(FILE *f, const char *extra_css);
/* The footer ("Written by evalrules VERSION.") and the end of the document. */
void eri_html_end(FILE *f, er_lang lang);

/* x × width / max, rounded half up to 0.1, as text (max > 0). */
const char *eri_html_bar(char *buf, size_t cap, eri_num x, eri_num max, int width);

/* A stacked bar chart: one row per thing (a scheme, an enterprise), its bar
 * cut into parts (the levels, then not rated, then vetoed) in proportion to
 * their values, the levels coloured c0 … c5, not rated c6 (grey) and
 * vetoed c7 (red), and a legend of the parts below.
 * Lengths are whole numbers scaled in integers and rounded to 0.1, each
 * part ending where the running total ends, so a row's parts always fill
 * its bar exactly.  Labels are escaped here. */
typedef struct eri_html_stack {
    const char *title; /* fixed wording (not escaped) */
    size_t rows, parts; /* parts: the levels, not rated, vetoed */
    const void *ctx;
    const char *(*row_label)(const void *ctx, size_t row);
    const char *(*part_label)(const void *ctx, size_t part);
    unsigned long long (*value)(const void *ctx, size_t row, size_t part);
    /* the text shown in a part wide enough for it ("12", "40.0%") */
    void (*value_text)(const void *ctx, size_t row, size_t part, char *buf, size_t cap);
} eri_html_stack;
void eri_html_stacked(FILE *f, const eri_html_stack *s);

#endif
