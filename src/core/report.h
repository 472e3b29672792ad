/* report.h — helpers shared by the text, JSON and HTML reports. */
#ifndef ERI_REPORT_H
#define ERI_REPORT_H

#include "eval.h"
#include "result.h"

/* A fact's value as the auditor wrote it (or the default's text). */
const char *eri_report_fact_value(const er_result *res, int32_t fact, char *buf, size_t cap);
/* "full", "partial", "lost", "excluded" */
const char *eri_report_outcome(eri_outcome o);
/* 1-based line in the rules file of a span. */
int eri_report_rules_line(const er_result *res, eri_span span);
/* Index of the next level up (or -1) and the points it needs. */
int32_t eri_report_next_level(const er_result *res, eri_num *needed);

/* n as a percentage ("87.5%") in buf. */
const char *eri_report_pct(char *buf, size_t cap, eri_num n);
/* Why item ni lost points, in plain words (messages.def, WHY_*), in buf. */
const char *eri_report_why(char *buf, size_t cap, er_lang lang, const er_result *res, int32_t ni);

#endif
