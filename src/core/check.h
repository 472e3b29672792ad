/* check.h — the checker's passes, as load.c runs them, in this order:
 *
 *   eri_ck_decls         check_decl.c   declarations: standard, facts, named values, the
 *                                       tree of indicators and items; ids; points add up
 *   eri_ck_types         check_expr.c   named values and exclusion conditions: names, types
 *   eri_ck_item_rules    scoring.c      each item's scoring rule, by its kind
 *   eri_ck_total         check_total.c  total, vetoes, rating
 *   eri_ck_cycles        check_deps.c   no node depends on its own result   (no errors yet)
 *   eri_ck_unused_facts  check_deps.c   facts never read (warnings)
 *   eri_ck_lint          lint.c         scoring lints (warnings)            (no errors)
 *   eri_ck_factsets      check_deps.c   the facts each rule reads           (no errors)
 *   eri_ck_schemes       scheme.c       the base scheme and the file's own  (no errors)
 *
 * The passes share the state in check_state.h and call only what is below
 * them (scoring.c → check_expr.c, bounds.c → check_state.c → rules.c,
 * suggest.c); no pass calls another pass or load.c.  Internal. */
#ifndef ERI_CHECK_H
#define ERI_CHECK_H

#include "check_state.h"

void eri_ck_decls(eri_checker *c);
void eri_ck_types(eri_checker *c);
void eri_ck_item_rules(eri_checker *c);
void eri_ck_total(eri_checker *c);
void eri_ck_cycles(eri_checker *c);
void eri_ck_unused_facts(eri_checker *c);
void eri_ck_lint(eri_checker *c);
void eri_ck_factsets(eri_checker *c);
void eri_ck_schemes(eri_checker *c);

/* A scheme file's one scheme, checked against r into s (which owns the
 * file's arena, source and tree); false after reporting. */
bool eri_ck_scheme_file(er_scheme *s, const er_rules *r, er_diag *d);

#endif
