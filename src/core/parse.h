/* parse.h — state shared by the flex scanner and the bison parser, and the
 * entry point that runs them over one rules source. */
#ifndef ERI_PARSE_H
#define ERI_PARSE_H

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"

#define ERI_MAX_NESTING 64

typedef struct eri_parse_state {
    eri_arena *arena;
    const eri_source *src;
    er_diag *diag;
    uint32_t pos;           /* byte offset of the next character to scan */
    bool at_eof;            /* the scanner has returned end of file */
    eri_decl *result;        /* the file's declarations */
    unsigned errors;        /* syntax errors reported */
    /* open '{' and the keyword that opened each, for "not closed" messages */
    struct {
        uint32_t brace, keyword;
        const char *what;
    } open[ERI_MAX_NESTING];
    int depth;              /* may exceed ERI_MAX_NESTING; deeper ones are not recorded */
    char *cat;              /* the text of adjacent strings being joined (parser.y concat) */
    size_t cat_cap;
    const char *last_keyword;
    uint32_t last_keyword_at;
} eri_parse_state;

/* Parse src; declarations land in *out (NULL on a file with none).
 * Returns the number of syntax errors reported to diag. */
unsigned eri_parse(const eri_source *src, eri_arena *arena, er_diag *diag, eri_decl **out);

/* Used by the grammar: report at a span. */
void eri_parse_error(eri_parse_state *ps, eri_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
