/* bounds.h — what values a checked expression can take, and whether a
 * condition can be true or false (bounds.c).  Used by the scoring checks
 * (scoring.c), the total and rating (check_total.c), the lints (lint.c)
 * and schemes (scheme.c).  Internal. */
#ifndef ERI_BOUNDS_H
#define ERI_BOUNDS_H

#include "check_state.h"

/* Bounds of e checked in c->scope (for 'points'); depth starts at 0. */
eri_bounds eri_ck_bounds(eri_checker *c, const eri_expr *e, int depth);

/* What a condition can be, by the declared ranges of what it reads. */
enum { CK_CAN_TRUE = 1, CK_CAN_FALSE = 2, CK_EITHER = 3 };
int eri_ck_truth(eri_checker *c, const eri_expr *e, int depth);

/* Why a verdict on e holds, for warnings: "given the declared ranges of
 * the facts it reads" or "whatever the facts". */
const char *eri_ck_why(eri_checker *c, const eri_expr *e);

#endif
