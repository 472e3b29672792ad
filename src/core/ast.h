/* ast.h — the syntax tree the parser builds.  Nodes live in the rules
 * file's arena and carry byte ranges into the source.  The parser only
 * builds; the checker resolves names and fills the fields marked
 * "checker". */
#ifndef ERI_AST_H
#define ERI_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "decimal.h"

typedef struct eri_span {
    uint32_t start, end; /* byte offsets, end exclusive */
} eri_span;

typedef struct eri_str {
    const char *s; /* NUL-terminated, arena-owned; NULL when absent */
    uint32_t len;
    eri_span span;
} eri_str;

typedef enum eri_expr_kind {
#define ERI_EXPR(k, n) ERI_EX_##k,
#include "ast.def"
    ERI_EX_COUNT_
} eri_expr_kind;

typedef enum eri_decl_kind {
#define ERI_DECL(k, n) ERI_DC_##k,
#include "ast.def"
    ERI_DC_COUNT_
} eri_decl_kind;

typedef enum eri_op {
    ERI_OP_ADD, ERI_OP_SUB, ERI_OP_MUL, ERI_OP_DIV,
    ERI_OP_LT, ERI_OP_LE, ERI_OP_GT, ERI_OP_GE, ERI_OP_EQ, ERI_OP_NE,
    ERI_OP_AND, ERI_OP_OR, ERI_OP_NOT, ERI_OP_NEG
} eri_op;

/* Value types, set on expressions by the checker. */
typedef enum eri_type {
    ERI_TY_ERROR,  /* already reported */
    ERI_TY_BOOL,
    ERI_TY_NUMBER, /* int, decimal, percent: all exact rationals */
    ERI_TY_SAMPLE, /* conforming/sampled; a number (its ratio) where one is needed */
    ERI_TY_TEXT,
    ERI_TY_DATE,
    ERI_TY_ENUM,
    ERI_TY_ID      /* an indicator id, only as an argument */
} eri_type;

/* What a NAME expression refers to (checker). */
typedef enum eri_ref_kind { ERI_REF_NONE, ERI_REF_FACT, ERI_REF_LET } eri_ref_kind;

typedef struct eri_expr eri_expr;
struct eri_expr {
    eri_expr_kind kind;
    uint8_t op;       /* eri_op, or BOOL's value */
    uint8_t type;     /* eri_type (checker) */
    uint8_t ref_kind; /* eri_ref_kind (checker) */
    uint8_t percent;  /* NUM written as a percentage */
    uint8_t link;     /* an operand of a CHAIN: the operator joining it to those before */
    eri_span span;
    eri_expr *next;    /* next argument */
    eri_expr *a, *b, *c;
    eri_str str;
    eri_num num;
    int32_t date;
    int32_t ref;      /* checker: fact, let, builtin or node index */
    int32_t aux;      /* checker: enum fact for enum-typed values */
};

typedef struct eri_decl eri_decl;
struct eri_decl {
    eri_decl_kind kind;
    uint8_t op;
    eri_span span;     /* the whole declaration */
    eri_span head;     /* its first line, for messages */
    eri_decl *next;
    eri_str name, label, extra;
    eri_expr *a, *b, *c;
    eri_decl *body;
};

extern const char *const eri_expr_kind_names[];
extern const char *const eri_decl_kind_names[];
const char *eri_op_text(eri_op op);

/* Limits on nesting, checked once as the file is parsed (eri_ast_check_depth)
 * so that every pass after it may recurse over the tree: an expression nests
 * at most ERI_MAX_EXPR_DEPTH levels (parentheses, 'if', 'not', signs, calls,
 * operators of different levels; a run of one level's operators such as a
 * sum of any length is one level), indicators at most ERI_MAX_NODE_DEPTH. */
#define ERI_MAX_EXPR_DEPTH 100
#define ERI_MAX_NODE_DEPTH 32
/* An expression with the named values it uses, one inside another, nests at
 * most this many levels (checked by check_expr.c; the checker's, bounds' and
 * the evaluator's recursion follow that path).  A chain of results read
 * through earned() and friends is at most ERI_MAX_RESULT_DEPTH long
 * (check_deps.c). */
#define ERI_MAX_EVAL_DEPTH 400
#define ERI_MAX_RESULT_DEPTH 32

/* Builders used by the grammar actions. */
eri_expr *eri_ast_expr(eri_arena *a, eri_expr_kind k, eri_span span);
/* l op r: a comparison (or a judgement's n/m) as one node. */
eri_expr *eri_ast_binary(eri_arena *a, eri_op op, eri_expr *l, eri_expr *r, eri_span span);
/* l op r for + - * / and or: r joins l's chain when l is a chain of op's level
 * that is not in parentheses, else a new chain of the two (ERI_EX_CHAIN), so
 * that a sum of 10^5 terms is one node, not 10^5 nested ones. */
eri_expr *eri_ast_chain(eri_arena *a, eri_op op, eri_expr *l, eri_expr *r, eri_span span);
/* The level of a chain's operator: ADD for + and -, MUL for * and /, AND, OR. */
eri_op eri_op_level(eri_op op);
eri_decl *eri_ast_decl(eri_arena *a, eri_decl_kind k, eri_span span);
/* Lists are built by prepending (O(1)) and reversed once when complete. */
eri_decl *eri_ast_reverse(eri_decl *list);
eri_expr *eri_ast_reverse_expr(eri_expr *list);

/* Report (through report(arg, at, message)) the first place where decls
 * nest deeper than the limits above; returns how many were reported (0, 1). */
unsigned eri_ast_check_depth(const eri_decl *decls, void (*report)(void *arg, eri_span at, const char *msg),
                             void *arg);

/* Print a tree (for --dump-ast and tests). */
void eri_ast_dump(FILE *out, const eri_decl *decls);
void eri_ast_dump_expr(FILE *out, const eri_expr *e);

/* Days since 1970-01-01 of a valid y-m-d; INT32_MIN when the date is not real. */
int32_t eri_date_days(int y, int m, int d);
/* Parse "YYYY-MM-DD" exactly (len 10) into days; false when invalid. */
bool eri_date_parse(const char *s, size_t len, int32_t *days);
/* Format days as YYYY-MM-DD into buf (at least 11 bytes). */
void eri_date_format(int32_t days, char *buf);
/* Whole months and whole years from a to b: the monthiversaries (and
 * anniversaries) of a reached by b.  The n-th one is a's day n months on,
 * or that month's last day when the month is shorter: 2023-01-31 → 1 month
 * on 2023-02-28, 2024-02-29 → 1 year on 2025-02-28.  The day itself counts
 * (2023-03-02 → 2024-03-02 is 1 year).  When b is before a the result is
 * minus the count from b to a. */
int32_t eri_date_months_between(int32_t a, int32_t b);
int32_t eri_date_years_between(int32_t a, int32_t b);

#endif
