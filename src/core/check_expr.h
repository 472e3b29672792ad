/* check_expr.h — checking one expression in a context (check_expr.c), for
 * the passes that check rules: scoring.c, check_total.c.  Internal. */
#ifndef ERI_CHECK_EXPR_H
#define ERI_CHECK_EXPR_H

#include "check_state.h"

/* Resolve the names in e and type it, as read in node scope (-1: outside
 * any node), with 'score' allowed or not; returns its type. */
eri_type eri_ck_check_in(eri_checker *c, eri_expr *e, int32_t scope, bool score_ok);
/* A number (or a sample) is needed where says where: report unless t is one
 * (or already an error). */
void eri_ck_want_number(eri_checker *c, const eri_expr *e, eri_type t, const char *where);
/* A condition (yes/no) is needed. */
void eri_ck_want_bool(eri_checker *c, const eri_expr *e, eri_type t, const char *where);

#endif
