/* rules.h — the checked rule set: what the checker builds from the AST and
 * the evaluator runs.  Everything lives in the rules file's arena; once
 * er_rules_load returns, nothing here changes again. */
#ifndef ER_RULES_H
#define ER_RULES_H

#include "arena.h"
#include "ast.h"
#include "decimal.h"
#include "evalrules.h"
#include "source.h"

/* Declared fact types. */
typedef enum er_fact_type {
    ER_FT_BOOL, ER_FT_INT, ER_FT_DECIMAL, ER_FT_PERCENT, ER_FT_SAMPLE, ER_FT_TEXT, ER_FT_DATE,
    ER_FT_ENUM, ER_FT_COUNT_
} er_fact_type;
extern const char *const er_fact_type_names[]; /* "bool", "int", … */
/* Rounding modes as the rules write them ("half_up", …), in er_round_mode order. */
#define ER_ROUND_MODES (ER_ROUND_CEILING + 1)
extern const char *const er_round_mode_names[ER_ROUND_MODES];

/* A value: a fact's, or an expression's during evaluation. */
typedef struct er_value {
    uint8_t type;      /* er_type */
    bool b;
    int32_t date;      /* days since 1970-01-01 */
    int32_t choice;    /* enum: index into the fact's values */
    er_num num;        /* numbers; a sample's ratio */
    int64_t k, n;      /* a sample: k conforming of n sampled */
    const char *text;  /* text (NUL-terminated) */
} er_value;

typedef struct er_fact {
    const char *name, *label; /* label may be "" */
    er_fact_type type;
    er_span span, name_span;
    const char **choices;     /* enum values */
    uint32_t nchoices;
    bool has_lo, has_hi, has_default;
    er_value lo, hi, def;
    uint32_t uses;            /* references in the rules */
} er_fact;

typedef struct er_let {
    const char *name;
    er_expr *expr;
    er_span span;
    int32_t scope;            /* node index, or -1 for a file-level let */
} er_let;

typedef enum er_score_kind { ER_SC_NONE, ER_SC_PASS, ER_SC_RATIO, ER_SC_GRADE, ER_SC_EXPR } er_score_kind;

typedef struct er_tier {
    er_op op;                 /* GE, GT, LE, LT */
    er_num threshold, share;  /* both constants */
    er_span span;
} er_tier;

/* A sorted set of fact indexes. */
typedef struct er_factset {
    int32_t *idx;
    uint32_t n;
} er_factset;

typedef struct er_node {
    const char *id, *label;
    const char *english, *text, *note; /* NULL when absent */
    bool is_item;
    bool points_declared;
    er_num points;            /* items: declared; indicators: declared, else the children's sum */
    er_span span, head;
    const er_decl *decl;      /* where it was declared */
    int32_t parent, depth;
    int32_t end;              /* one past the last descendant (preorder) */
    int32_t *children;
    uint32_t nchildren;
    /* exclusion by condition */
    er_expr *exclude_when;
    const char *exclude_reason;
    er_span exclude_span;
    /* items: how they score */
    er_score_kind kind;
    er_expr *expr;            /* pass condition, ratio, score, or the graded value */
    er_span rule_span;        /* the scoring statement */
    er_tier *tiers;
    uint32_t ntiers;
    er_num otherwise;         /* grade share when no tier holds */
    er_factset exclude_facts; /* facts the exclusion condition reads, through lets too */
    er_factset facts;         /* facts the scoring rule reads, through lets too */
    er_factset lets;          /* named values the scoring rule reads (indexes into lets) */
} er_node;

typedef struct er_veto {
    const char *message;
    er_expr *cond;
    er_span span;
    er_factset facts;
} er_veto;

typedef struct er_adjust {
    bool bonus;               /* added; else deducted */
    const char *label;
    er_expr *expr, *cap;      /* cap may be NULL */
    er_span span;
    er_factset facts;
} er_adjust;

typedef struct er_level {
    const char *label;
    er_num threshold;
    er_span span;
} er_level;

typedef struct er_cap {
    int32_t level;            /* at most this level … */
    er_expr *cond;            /* … unless this holds */
    const char *reason;       /* may be NULL */
    er_span span;
    er_factset facts;
} er_cap;

/* One pairwise comparison of a scheme: a matters value times as much as b. */
typedef struct er_judgement {
    int32_t a, b;             /* node indexes */
    er_num value;
    er_span span;
} er_judgement;

/* Weights derived by AHP for the children of an indicator (or the top level). */
typedef struct er_pairwise {
    int32_t parent;           /* node index, -1 for the first-level indicators */
    er_span span;
    int32_t *children;        /* in the order of the rules */
    er_num *weights;          /* per child, summing to 1 */
    uint32_t nchildren;
    er_num lambda_max, ci, cr;
    er_judgement *judgements;
    uint32_t njudgements;
} er_pairwise;

/* How a scheme came to a node's points. */
typedef enum er_scheme_how {
    ER_SCH_BASE,              /* as in the rules */
    ER_SCH_SET,               /* named by the scheme */
    ER_SCH_RESCALED,          /* an ancestor was set: scaled in proportion */
    ER_SCH_PAIRWISE           /* derived from pairwise comparisons */
} er_scheme_how;

/* A weighting scheme: other points for some indicators, the rest rescaled.
 * The rules' own points are a scheme too (r->base). */
struct er_scheme {
    const char *name, *label; /* label "" when absent */
    const char *standard;     /* the standard it is written for, "" when not said */
    er_span span;
    const er_source *src;     /* the file it was written in */
    er_num *points;           /* per node */
    uint8_t *how;             /* per node: er_scheme_how */
    er_pairwise *pairwise;
    uint32_t npairwise;
    /* a scheme loaded from its own file owns these (NULL otherwise) */
    er_arena *own_arena;
    er_source *own_src;
    er_decl *own_ast;
};

typedef struct er_meta {
    const char *key, *value;
} er_meta;

struct er_rules {
    er_arena *arena;
    er_source *src;
    er_decl *ast;
    const char *code, *title;          /* "" when absent */
    er_meta *meta;
    uint32_t nmeta;
    er_fact *facts;
    uint32_t nfacts;
    er_let *lets;
    uint32_t nlets;
    er_node *nodes;                    /* preorder */
    uint32_t nnodes;
    int32_t *roots;
    uint32_t nroots;
    er_veto *vetoes;
    uint32_t nvetoes;
    er_adjust *adjusts;
    uint32_t nadjusts;
    bool normalize;
    er_num scale;                      /* normalize to this (100) */
    bool round;
    er_num quantum;                    /* round to a multiple of this */
    er_round_mode round_mode;
    int score_decimals;                /* digits shown for the score */
    er_level *levels;                  /* highest threshold first */
    uint32_t nlevels;
    const char *unrated_label;         /* "otherwise" text, or NULL */
    er_cap *caps;
    uint32_t ncaps;
    er_factset global_facts;           /* read by lets outside nodes (all vetoes, adjustments, caps) */
    er_scheme base;                    /* the rules' own points */
    er_scheme *schemes;                /* the schemes written in the rules file */
    uint32_t nschemes;
};

/* Builtin functions, shared by the checker and the evaluator. */
typedef enum er_builtin {
    ER_FN_MIN, ER_FN_MAX, ER_FN_CEIL, ER_FN_FLOOR, ER_FN_ROUND, ER_FN_ABS, ER_FN_DAYS_BETWEEN,
    ER_FN_CONFORMING, ER_FN_SAMPLED, ER_FN_EARNED, ER_FN_APPLICABLE, ER_FN_FAILED, ER_FN_POINTS,
    ER_FN_EXCLUDED, ER_FN_COUNT_
} er_builtin;
extern const char *const er_builtin_names[];

/* check.c: build the checked rule set from the AST; returns false after
 * reporting errors. */
bool er_check(er_rules *r, er_diag *d);

/* A value of fact f as a facts file writes it ("yes", "18/20", "92.5%",
 * "2026-10-12"); numbers that do not terminate are cut at 6 decimals. */
void er_fact_value_text(const er_fact *f, const er_value *v, char *buf, size_t cap);

/* Index of a fact by name, or -1. */
int32_t er_rules_find_fact(const er_rules *r, const char *name, size_t len);
/* Index of a node by id, or -1. */
int32_t er_rules_find_node(const er_rules *r, const char *id, size_t len);
/* The source text of a span (for "the rule's condition" in reports). */
const char *er_rules_text(const er_rules *r, er_span span, size_t *len);

/* Edit distance capped at max+1, for did-you-mean hints. */
size_t er_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t max);

#endif
