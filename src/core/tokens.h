/* tokens.h — a rules source as the real scanner (grammar/lexer.l) reads
 * it: every token with its bytes, for the tools that re-lay a file (the
 * formatter) without seeing the generated scanner or parser.
 *
 * A token's kind is its character for the one-character tokens
 *   ( ) { } , : + - * / < > =
 * and one of eri_tok_kind for the others; keywords, names and operators no
 * tool needs to tell apart are ERI_TK_OTHER. */
#ifndef ERI_TOKENS_H
#define ERI_TOKENS_H

#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"

typedef enum eri_tok_kind {
    ERI_TK_OTHER = 256, /* any other keyword, a name, a clause id, <= >= == != */
    ERI_TK_NUMBER,      /* 42, 3.5 */
    ERI_TK_PERCENT,     /* 92.5% */
    ERI_TK_DATE,        /* 2026-10-12 */
    ERI_TK_STRING,      /* "…" */
    ERI_TK_TRUE,        /* true, yes */
    ERI_TK_FALSE,       /* false, no */
    ERI_TK_DOTDOT,      /* .. */
    ERI_TK_FACT,        /* the keywords the formatter lays out by */
    ERI_TK_ENUM,
    ERI_TK_RANGE,
    ERI_TK_OTHERWISE
} eri_tok_kind;

typedef struct eri_token {
    int kind;      /* a character or an eri_tok_kind */
    eri_span span; /* its bytes in the source */
} eri_token;

/* Every token of src in order, into an array in a (the scanner's own
 * memory lives there too); returns how many.  Meant for a source that
 * parsed: the scanner's errors go to d all the same.  Out of memory jumps
 * to the arena's protected call (eri_arena_protect). */
uint32_t eri_tokenize(const eri_source *src, eri_arena *a, er_diag *d, eri_token **out);

#endif
