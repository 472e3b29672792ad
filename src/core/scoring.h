/* scoring.h — the ways an item scores, from one list (scoring.def): for
 * each kind its name and statement, and what the checker, the lints, the
 * evaluator and the text report do with it (scoring.c).  The checker, the
 * evaluator, the reports and the tools dispatch through eri_scorings[kind]
 * rather than switching on the kind.  Internal. */
#ifndef ERI_SCORING_H
#define ERI_SCORING_H

#include <stdio.h>

#include "rules.h"

struct eri_checker;
struct eri_node_result; /* eval.h: the tools that read this list do not see it */

/* What an item scored a given way can come to (for coverage). */
typedef enum eri_scoring_outcomes {
    ERI_SO_NONE,      /* (ERI_SC_NONE only) */
    ERI_SO_PASS_FAIL, /* passed (all points) or failed (none) */
    ERI_SO_SHARE,     /* full, partial or zero points */
    ERI_SO_TIERS      /* one of its tiers (n->tiers), or its 'otherwise' */
} eri_scoring_outcomes;

typedef struct eri_scoring {
    eri_score_kind kind;
    const char *name;              /* "pass", "ratio", "grade", "score" */
    eri_decl_kind decl;            /* its statement in an item's body */
    const char *form;              /* "pass when …": how the rules write it */
    eri_scoring_outcomes outcomes;
    bool valued;                   /* nr->raw holds the rule's value */
    bool gives_points;             /* that value is points, not a share of them */
    /* Check item n's rule (its statement: rule), whose expression n->expr has been
     * resolved and found of type t (c->scope is the item). */
    void (*check)(struct eri_checker *c, eri_node *n, eri_type t, const eri_decl *rule);
    /* Warn about a rule that checks but cannot do what was meant (c->scope is the item). */
    void (*lint)(struct eri_checker *c, const eri_node *n);
    /* From the value v of n->expr to nr->earned, share, raw, clamped, tier, for an
     * item worth points (nr->tier is -1 on entry); not OK on an arithmetic error. */
    eri_num_status (*eval)(const eri_node *n, const eri_value *v, eri_num points, struct eri_node_result *nr);
    /* The text report's lines on how the rule came to nr (after the rule's own
     * line), in the report's language (messages.def, SC_*). */
    void (*explain)(FILE *out, er_lang lang, const er_rules *r, const eri_node *n, const struct eri_node_result *nr);
} eri_scoring;

/* Indexed by eri_score_kind, from ERI_SC_NONE (which does nothing and
 * which no checked item has) to ERI_SC_COUNT_ - 1. */
extern const eri_scoring eri_scorings[ERI_SC_COUNT_];

/* The kind a statement of an item's body scores by, or NULL. */
const eri_scoring *eri_scoring_of_decl(eri_decl_kind k);
/* The kind named name ("ratio"), or NULL. */
const eri_scoring *eri_scoring_named(const char *name);
/* "'pass when …', 'ratio …', 'grade … { … }' or 'score …'" into buf. */
void eri_scoring_forms(char *buf, size_t cap);

#endif
