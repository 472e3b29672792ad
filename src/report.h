/* report.h — helpers shared by the text and JSON reports. */
#ifndef ER_REPORT_H
#define ER_REPORT_H

#include "eval.h"

/* n as a decimal: exact when it terminates within max_dec places, else
 * rounded half-up with "…" appended when ellipsis is set. */
const char *er_report_num(char *buf, size_t cap, er_num n, int max_dec, bool ellipsis);
/* A fact's value as the auditor wrote it (or the default's text). */
const char *er_report_fact_value(const er_result *res, int32_t fact, char *buf, size_t cap);
/* "full", "partial", "lost", "excluded" */
const char *er_report_outcome(er_outcome o);
/* The scoring kind's name: "pass", "ratio", "grade", "score". */
const char *er_report_kind(er_score_kind k);
/* 1-based line in the rules file of a span. */
int er_report_rules_line(const er_result *res, er_span span);
/* Index of the next level up (or -1) and the points it needs. */
int32_t er_report_next_level(const er_result *res, er_num *needed);

#endif
