/* lines.h — one line per enterprise: the batch formats jsonl and csv
 * (report_lines.c, listed in writers.c; docs/batch.md has their keys and
 * columns).  A line is written from a result (er_report_write) or, in a
 * batch, from what the compiled plan's brief and the record give. */
#ifndef ERI_LINES_H
#define ERI_LINES_H

#include <stdint.h>
#include <stdio.h>

#include "evalrules.h"
#include "plan.h"

typedef struct eri_line {
    const char *id;      /* "" when the record gives none */
    const char *subject; /* "" when not given */
    /* scored */
    const char *score;   /* exact, at the rules' places; NULL: the record is invalid */
    const char *level;   /* NULL: not rated */
    const char *const *vetoes; /* the messages of the vetoes that fired */
    size_t nvetoes;
    const char *cap;     /* the reason of the rating cap that lowered the level ("" when it has none), or NULL */
    const char *applicable, *earned; /* exact totals */
    const char *rules;   /* the rules file's SHA-256 */
    /* invalid: the first error */
    const char *input;   /* the input's name */
    uint32_t line;       /* the record's line in it (0: a facts file) */
    const char *error;   /* the message */
    int error_line, error_column;
} eri_line;

/* The csv format's header row. */
int eri_line_csv_header(FILE *out);
/* l as one JSON Lines line, or as one CSV row; 0, or -1 when writing failed. */
int eri_line_jsonl(FILE *out, const eri_line *l);
int eri_line_csv(FILE *out, const eri_line *l);
/* l's scored part from a result (vetoes: room for the rules' vetoes; buf:
 * room for the totals' text, 2 × cap bytes); -1 when out of memory. */
int eri_line_of_result(const er_result *res, eri_line *l, const char **vetoes, char *buf, size_t cap);
/* The same from a brief the plan ran itself (plan.h: eri_brief; buf: room
 * for the score and the totals, 3 × cap bytes): 1 when the brief does not
 * carry the whole line (not planned, totals beyond 64 bits, a veto past the
 * 64th) — then from a result; -1 when it does not fit. */
int eri_line_of_brief(const er_rules *r, const eri_brief *b, eri_line *l, const char **vetoes, char *buf,
                      size_t cap);

#endif
