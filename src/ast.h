/* ast.h — the syntax tree the parser builds.  Nodes live in the rules
 * file's arena and carry byte ranges into the source.  The parser only
 * builds; the checker resolves names and fills the fields marked
 * "checker". */
#ifndef ER_AST_H
#define ER_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "decimal.h"

typedef struct er_span {
    uint32_t start, end; /* byte offsets, end exclusive */
} er_span;

typedef struct er_str {
    const char *s; /* NUL-terminated, arena-owned; NULL when absent */
    uint32_t len;
    er_span span;
} er_str;

typedef enum er_expr_kind {
#define ER_EXPR(k, n) ER_EX_##k,
#include "ast.def"
    ER_EX_COUNT_
} er_expr_kind;

typedef enum er_decl_kind {
#define ER_DECL(k, n) ER_DC_##k,
#include "ast.def"
    ER_DC_COUNT_
} er_decl_kind;

typedef enum er_op {
    ER_OP_ADD, ER_OP_SUB, ER_OP_MUL, ER_OP_DIV,
    ER_OP_LT, ER_OP_LE, ER_OP_GT, ER_OP_GE, ER_OP_EQ, ER_OP_NE,
    ER_OP_AND, ER_OP_OR, ER_OP_NOT, ER_OP_NEG
} er_op;

/* Value types, set on expressions by the checker. */
typedef enum er_type {
    ER_TY_ERROR,  /* already reported */
    ER_TY_BOOL,
    ER_TY_NUMBER, /* int, decimal, percent: all exact rationals */
    ER_TY_SAMPLE, /* conforming/sampled; a number (its ratio) where one is needed */
    ER_TY_TEXT,
    ER_TY_DATE,
    ER_TY_ENUM,
    ER_TY_ID      /* an indicator id, only as an argument */
} er_type;

/* What a NAME expression refers to (checker). */
typedef enum er_ref_kind { ER_REF_NONE, ER_REF_FACT, ER_REF_LET } er_ref_kind;

typedef struct er_expr er_expr;
struct er_expr {
    er_expr_kind kind;
    uint8_t op;       /* er_op, or BOOL's value */
    uint8_t type;     /* er_type (checker) */
    uint8_t ref_kind; /* er_ref_kind (checker) */
    uint8_t percent;  /* NUM written as a percentage */
    er_span span;
    er_expr *next;    /* next argument */
    er_expr *a, *b, *c;
    er_str str;
    er_num num;
    int32_t date;
    int32_t ref;      /* checker: fact, let, builtin or node index */
    int32_t aux;      /* checker: enum fact for enum-typed values */
};

typedef struct er_decl er_decl;
struct er_decl {
    er_decl_kind kind;
    uint8_t op;
    er_span span;     /* the whole declaration */
    er_span head;     /* its first line, for messages */
    er_decl *next;
    er_str name, label, extra;
    er_expr *a, *b, *c;
    er_decl *body;
};

extern const char *const er_expr_kind_names[];
extern const char *const er_decl_kind_names[];
const char *er_op_text(er_op op);

/* Builders used by the grammar actions. */
er_expr *er_ast_expr(er_arena *a, er_expr_kind k, er_span span);
er_expr *er_ast_binary(er_arena *a, er_op op, er_expr *l, er_expr *r, er_span span);
er_decl *er_ast_decl(er_arena *a, er_decl_kind k, er_span span);
/* Lists are built by prepending (O(1)) and reversed once when complete. */
er_decl *er_ast_reverse(er_decl *list);
er_expr *er_ast_reverse_expr(er_expr *list);

/* Print a tree (for --dump-ast and tests). */
void er_ast_dump(FILE *out, const er_decl *decls);
void er_ast_dump_expr(FILE *out, const er_expr *e);

/* Days since 1970-01-01 of a valid y-m-d; INT32_MIN when the date is not real. */
int32_t er_date_days(int y, int m, int d);
/* Parse "YYYY-MM-DD" exactly (len 10) into days; false when invalid. */
bool er_date_parse(const char *s, size_t len, int32_t *days);
/* Format days as YYYY-MM-DD into buf (at least 11 bytes). */
void er_date_format(int32_t days, char *buf);

#endif
