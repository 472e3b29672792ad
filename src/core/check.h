/* check.h — the checker's passes, as load.c runs them, in this order:
 *
 *   ck_decls         check_decl.c   declarations: standard, facts, named values, the
 *                                   tree of indicators and items; ids; points add up
 *   ck_types         check_expr.c   named values and exclusion conditions: names, types
 *   ck_item_rules    scoring.c      each item's scoring rule, by its kind
 *   ck_total         check_total.c  total, vetoes, rating
 *   ck_cycles        check_deps.c   no node depends on its own result   (no errors yet)
 *   ck_has_items     check_decl.c   there is something to score         (no errors yet)
 *   ck_unused_facts  check_deps.c   facts never read (warnings)
 *   ck_lint          lint.c         scoring lints (warnings)            (no errors)
 *   ck_factsets      check_deps.c   the facts each rule reads           (no errors)
 *   ck_schemes       scheme.c       the base scheme and the file's own  (no errors)
 *
 * The passes share the state in check_state.h and call only what is below
 * them (scoring.c → check_expr.c, bounds.c → check_state.c → rules.c,
 * suggest.c); no pass calls another pass or load.c.  Internal. */
#ifndef ERI_CHECK_H
#define ERI_CHECK_H

#include "check_state.h"

void ck_decls(checker *c);
void ck_types(checker *c);
void ck_item_rules(checker *c);
void ck_total(checker *c);
void ck_cycles(checker *c);
void ck_has_items(checker *c);
void ck_unused_facts(checker *c);
void ck_lint(checker *c);
void ck_factsets(checker *c);
void ck_schemes(checker *c);

/* A scheme file's one scheme, checked against r into s (which owns the
 * file's arena, source and tree); false after reporting. */
bool ck_scheme_file(er_scheme *s, const er_rules *r, er_diag *d);

#endif
