/* result.h — a result's exact numbers, for the tools built on the core.
 *
 * Embedders read a result through include/evalrules.h, where numbers are
 * text.  The tools (src/tools) compare, sort and subtract scores exactly,
 * so they read them here as eri_num — through accessors all the same: no
 * tool sees the evaluator's own layout (eval.h). */
#ifndef ERI_RESULT_H
#define ERI_RESULT_H

#include "decimal.h"
#include "evalrules.h"

/* The rules a result was evaluated under. */
/* res with every detail made (a result er_evaluate took from the plan has
 * its details made when first read: evaluator.c); the writers call it
 * first, since they read the result's layout (eval.h) directly */
const er_result *eri_result_details(const er_result *res);
const er_rules *eri_result_rules(const er_result *res);
/* The facts it was evaluated on. */
const er_facts *eri_result_facts(const er_result *res);
/* A total (er_total) exactly. */
eri_num eri_result_total(const er_result *res, er_total which);
/* An amount (er_amount) of indicator i exactly; zero when i is out of range. */
eri_num eri_result_amount(const er_result *res, size_t i, er_amount which);
/* Adjustment i's points after its cap. */
eri_num eri_result_adjust_points(const er_result *res, size_t i);
/* n as er_result_total writes a total (its decimals, else a fraction); the
 * length it needs, as snprintf. */
size_t eri_result_write_num(eri_num n, char *buf, size_t cap);
/* score as er_result_score writes a score under r; the length it needs. */
size_t eri_result_score_text(const er_rules *r, eri_num score, char *buf, size_t cap);

#endif
