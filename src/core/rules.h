/* rules.h — the checked rule set: what the checker builds from the AST and
 * the evaluator runs (rules.c: its look-ups; load.c: loading it).
 * Everything lives in the rules file's arena; once er_rules_load returns,
 * nothing here changes again. */
#ifndef ERI_RULES_H
#define ERI_RULES_H

#include "arena.h"
#include "ast.h"
#include "decimal.h"
#include "evalrules.h"
#include "source.h"

/* Declared fact types. */
typedef enum eri_fact_type {
    ERI_FT_BOOL, ERI_FT_INT, ERI_FT_DECIMAL, ERI_FT_PERCENT, ERI_FT_SAMPLE, ERI_FT_TEXT, ERI_FT_DATE,
    ERI_FT_ENUM, ERI_FT_COUNT_
} eri_fact_type;
extern const char *const eri_fact_type_names[]; /* "bool", "int", … */
/* Rounding modes as the rules write them ("half_up", …), in eri_round_mode order. */
#define ERI_ROUND_MODES (ERI_ROUND_CEILING + 1)
extern const char *const eri_round_mode_names[ERI_ROUND_MODES];

/* A value: a fact's, or an expression's during evaluation. */
typedef struct eri_value {
    uint8_t type;      /* eri_type */
    bool b;
    int32_t date;      /* days since 1970-01-01 */
    int32_t choice;    /* enum: index into the fact's values */
    eri_num num;        /* numbers; a sample's ratio */
    int64_t k, n;      /* a sample: k conforming of n sampled */
    const char *text;  /* text (NUL-terminated) */
} eri_value;

typedef struct eri_fact {
    const char *name, *label; /* label may be "" */
    eri_fact_type type;
    eri_span span, name_span;
    const char **choices;     /* enum values */
    uint32_t nchoices;
    bool has_lo, has_hi, has_default;
    eri_value lo, hi, def;
    /* a bound given by another fact (range ..audit.date): checked when facts
     * are read; to every other reader that side is open (has_lo/has_hi false) */
    bool lo_by_fact, hi_by_fact;
    int32_t lo_fact, hi_fact;  /* the bounding facts' indexes */
    uint32_t uses;            /* references in the rules */
} eri_fact;

typedef struct eri_let {
    const char *name;
    eri_expr *expr;
    eri_span span;
    int32_t scope;            /* node index, or -1 for a file-level let */
} eri_let;

/* How an item scores: one kind per scoring statement, from scoring.def
 * (scoring.h: what each kind does).  ERI_SC_NONE: not an item. */
typedef enum eri_score_kind {
    ERI_SC_NONE,
#define ERI_SCORING(kind, ...) ERI_SC_##kind,
#include "scoring.def"
    ERI_SC_COUNT_
} eri_score_kind;

typedef struct eri_tier {
    eri_op op;                 /* GE, GT, LE, LT */
    eri_num threshold, share;  /* both constants */
    eri_span span;
} eri_tier;

/* A sorted set of fact indexes. */
typedef struct eri_factset {
    int32_t *idx;
    uint32_t n;
} eri_factset;

typedef struct eri_node {
    const char *id, *label;
    const char *english, *text, *note; /* NULL when absent */
    bool is_item;
    bool points_declared;
    eri_num points;            /* items: declared; indicators: declared, else the children's sum */
    eri_span span, head;
    const eri_decl *decl;      /* where it was declared */
    int32_t parent, depth;
    int32_t end;              /* one past the last descendant (preorder) */
    int32_t *children;
    uint32_t nchildren;
    /* exclusion by condition */
    eri_expr *exclude_when;
    const char *exclude_reason;
    eri_span exclude_span;
    /* exclusion by the auditor: only where the rules allow it ('excludable') */
    bool excludable;
    const char *excludable_note; /* when it may be left out, in words; NULL when not said */
    eri_span excludable_span;
    /* items: how they score */
    eri_score_kind kind;
    eri_expr *expr;            /* pass condition, ratio, score, or the graded value */
    eri_span rule_span;        /* the scoring statement */
    eri_tier *tiers;
    uint32_t ntiers;
    eri_num otherwise;         /* grade share when no tier holds */
    eri_factset exclude_facts; /* facts the exclusion condition reads, through lets too */
    eri_factset facts;         /* facts the scoring rule reads, through lets too */
    eri_factset lets;          /* named values the scoring rule reads (indexes into lets) */
} eri_node;

typedef struct eri_veto {
    const char *message;
    eri_expr *cond;
    eri_span span;
    eri_factset facts;
    const char *english;      /* the English label, or NULL */
} eri_veto;

typedef struct eri_adjust {
    bool bonus;               /* added; else deducted */
    const char *label;
    eri_expr *expr, *cap;      /* cap may be NULL */
    eri_span span;
    eri_factset facts;
    const char *english;      /* the English label, or NULL */
} eri_adjust;

typedef struct eri_level {
    const char *label;
    eri_num threshold;
    eri_span span;
    const char *english;      /* the English label, or NULL */
} eri_level;

typedef struct eri_cap {
    int32_t level;            /* at most this level … */
    eri_expr *cond;            /* … unless this holds */
    const char *reason;       /* may be NULL */
    eri_span span;
    eri_factset facts;
    const char *english;      /* the reason in English, or NULL */
} eri_cap;

/* One pairwise comparison of a scheme: a matters value times as much as b. */
typedef struct eri_judgement {
    int32_t a, b;             /* node indexes */
    eri_num value;
    eri_span span;
} eri_judgement;

/* Weights derived by AHP for the children of an indicator (or the top level). */
typedef struct eri_pairwise {
    int32_t parent;           /* node index, -1 for the first-level indicators */
    eri_span span;
    int32_t *children;        /* in the order of the rules */
    eri_num *weights;          /* per child, summing to 1 */
    uint32_t nchildren;
    eri_num lambda_max, ci, cr;
    eri_judgement *judgements;
    uint32_t njudgements;
} eri_pairwise;

/* How a scheme came to a node's points. */
typedef enum eri_scheme_how {
    ERI_SCH_BASE,              /* as in the rules */
    ERI_SCH_SET,               /* named by the scheme */
    ERI_SCH_RESCALED,          /* an ancestor was set: scaled in proportion */
    ERI_SCH_PAIRWISE           /* derived from pairwise comparisons */
} eri_scheme_how;

/* A weighting scheme: other points for some indicators, the rest rescaled.
 * The rules' own points are a scheme too (r->base). */
struct er_scheme {
    const char *name, *label; /* label "" when absent */
    const char *standard;     /* the standard it is written for, "" when not said */
    eri_span span;
    const eri_source *src;     /* the file it was written in */
    eri_num *points;           /* per node */
    uint8_t *how;             /* per node: eri_scheme_how */
    eri_pairwise *pairwise;
    uint32_t npairwise;
    /* a scheme loaded from its own file owns these (NULL otherwise) */
    eri_arena *own_arena;
    eri_source *own_src;
    eri_decl *own_ast;
};

/* A hash index of names (facts, nodes, named values): open addressing,
 * slot holds index + 1 (0: empty), sized once for the names it will hold
 * so that every look-up costs the same whatever the size of the rules. */
typedef struct eri_index {
    uint32_t *slot;
    uint32_t mask;                     /* capacity - 1 (a power of two); 0: not built */
} eri_index;

typedef struct eri_meta {
    const char *key, *value;
} eri_meta;

struct er_rules {
    eri_arena *arena;
    eri_source *src;
    eri_decl *ast;
    const char *code, *title;          /* "" when absent */
    eri_meta *meta;
    uint32_t nmeta;
    eri_fact *facts;
    uint32_t nfacts;
    eri_let *lets;
    uint32_t nlets;
    eri_node *nodes;                    /* preorder */
    uint32_t nnodes;
    int32_t *roots;
    uint32_t nroots;
    eri_veto *vetoes;
    uint32_t nvetoes;
    eri_adjust *adjusts;
    uint32_t nadjusts;
    bool normalize;
    eri_num scale;                      /* normalize to this (100) */
    bool round;
    eri_num quantum;                    /* round to a multiple of this */
    eri_round_mode round_mode;
    int score_decimals;                /* digits shown for the score */
    eri_level *levels;                  /* highest threshold first */
    uint32_t nlevels;
    const char *unrated_label;         /* "otherwise" text, or NULL */
    const char *unrated_english;       /* its English label, or NULL */
    eri_cap *caps;
    uint32_t ncaps;
    er_scheme base;                    /* the rules' own points */
    er_scheme *schemes;                /* the schemes written in the rules file */
    uint32_t nschemes;
    /* look-ups by name (rules.c), built by the checker's first pass */
    eri_index fact_index, node_index, let_index;
    /* the facts' row laid out once (facts.h: eri_row_lay); NULL in a rule
     * set built by hand: then per facts */
    uint32_t *row_order, row_size;
};

/* Builtin functions, shared by the checker and the evaluator. */
typedef enum eri_builtin {
    ERI_FN_MIN, ERI_FN_MAX, ERI_FN_CEIL, ERI_FN_FLOOR, ERI_FN_ROUND, ERI_FN_ABS, ERI_FN_DAYS_BETWEEN,
    ERI_FN_MONTHS_BETWEEN, ERI_FN_YEARS_BETWEEN, ERI_FN_CONFORMING, ERI_FN_SAMPLED, ERI_FN_EARNED, ERI_FN_APPLICABLE, ERI_FN_FAILED, ERI_FN_POINTS,
    ERI_FN_EXCLUDED, ERI_FN_COUNT_
} eri_builtin;
extern const char *const eri_builtin_names[];

/* A value of fact f as a facts file writes it ("yes", "18/20", "92.5%",
 * "2026-10-12"); numbers that do not terminate are cut at 6 decimals. */
void eri_fact_value_text(const eri_fact *f, const eri_value *v, char *buf, size_t cap);

/* The facts a report shows in its header when the rules declare them: the
 * audit's date and team ("audit.date", "audit.team"; docs/auditors.md).  The
 * reports read them, so they are never "declared but never used". */
#define ERI_HEADER_FACTS 2
extern const char *const eri_header_facts[ERI_HEADER_FACTS];
bool eri_header_fact(const char *name);

/* Index of a fact by name, or -1. */
int32_t eri_rules_find_fact(const er_rules *r, const char *name, size_t len);
/* The same, trying fact hint first (its name compared): a batch's records
 * mostly give their facts in the same order (facts.c: read_record). */
int32_t eri_rules_find_fact_hint(const er_rules *r, const char *name, size_t len, int32_t hint);
/* Index of a node by id, or -1 (the first of that id). */
int32_t eri_rules_find_node(const er_rules *r, const char *id, size_t len);
/* Index of the named value name declared in scope (a node, or -1 for the
 * file), not looking in enclosing scopes; or -1. */
int32_t eri_rules_find_let(const er_rules *r, const char *name, int32_t scope);

/* The checker's first pass builds the indexes: room for n names, then each
 * fact, node and named value added once it is in its array.  An add
 * returns the index already there under that name (a duplicate, which is
 * not added), or -1. */
void eri_index_init(eri_index *x, eri_arena *a, uint32_t n);
int32_t eri_rules_index_fact(er_rules *r, uint32_t i);
int32_t eri_rules_index_node(er_rules *r, uint32_t i);
int32_t eri_rules_index_let(er_rules *r, uint32_t i);
/* The source text of a span (for "the rule's condition" in reports). */
const char *eri_rules_text(const er_rules *r, eri_span span, size_t *len);

#endif
