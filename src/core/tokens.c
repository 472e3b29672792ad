/* tokens.c — a rules source cut into tokens by the real scanner (tokens.h). */
#include "tokens.h"

#include <string.h>

#include "parse.h"

#include "parser.h"
#define YYSTYPE ERI_YYSTYPE
#define YYLTYPE ERI_YYLTYPE
#include "lexer.h"

static int kind_of(int token)
{
    switch (token) {
    case NUMBER: return ERI_TK_NUMBER;
    case PERCENT: return ERI_TK_PERCENT;
    case DATE: return ERI_TK_DATE;
    case STRING: return ERI_TK_STRING;
    case TRUE: return ERI_TK_TRUE;
    case FALSE: return ERI_TK_FALSE;
    case DOTDOT: return ERI_TK_DOTDOT;
    case FACT: return ERI_TK_FACT;
    case ENUM: return ERI_TK_ENUM;
    case RANGE: return ERI_TK_RANGE;
    case OTHERWISE: return ERI_TK_OTHERWISE;
    default: return token > 0 && token < 256 ? token : ERI_TK_OTHER; /* a character */
    }
}

uint32_t eri_tokenize(const eri_source *src, eri_arena *a, er_diag *d, eri_token **out)
{
    eri_parse_state ps = {.arena = a, .src = src, .diag = d};
    yyscan_t scanner;
    if (eri_yylex_init_extra(&ps, &scanner) != 0)
        eri_arena_fail(a);
    /* the scanner, its buffer and its strings all live in the arena: an
     * allocation failure jumps out with nothing to free but the arena */
    size_t len = src->len;
    char *text = eri_arena_alloc(a, len + 2);
    memcpy(text, src->text, len);
    text[len] = text[len + 1] = '\0';
    ps.pos = eri_source_start(src); /* after a UTF-8 byte order mark */
    eri_yy_scan_buffer(text + ps.pos, len + 2 - ps.pos, scanner);
    eri_token *tok = NULL;
    uint32_t n = 0, cap = 0;
    for (;;) {
        ERI_YYSTYPE lval;
        ERI_YYLTYPE lloc;
        int kind = eri_yylex(&lval, &lloc, scanner);
        if (kind == ERI_YYEOF)
            break;
        if (n == cap) {
            uint32_t more = cap ? cap * 2 : 256;
            tok = eri_arena_grow(a, tok, sizeof *tok * cap, sizeof *tok * more);
            cap = more;
        }
        tok[n++] = (eri_token){kind_of(kind), {lloc.start, lloc.end}};
    }
    eri_yylex_destroy(scanner);
    *out = tok;
    return n;
}
