/* parse.h — state shared by the flex scanner and the bison parser, and the
 * entry point that runs them over one rules source. */
#ifndef ERI_PARSE_H
#define ERI_PARSE_H

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"

#define ERI_MAX_NESTING 64

/* an open '{' and the keyword that opened it, for "not closed" messages */
typedef struct eri_open_block {
    uint32_t brace, keyword;
    const char *what;
    int indent;             /* of the line the '{' is on */
    int inner;              /* of the block's first line of content; -1 before it */
} eri_open_block;

typedef struct eri_parse_state {
    eri_arena *arena;
    const eri_source *src;
    er_diag *diag;
    uint32_t pos;           /* byte offset of the next character to scan */
    bool at_eof;            /* the scanner has returned end of file */
    eri_decl *result;        /* the file's declarations */
    unsigned errors;        /* syntax errors reported */
    eri_open_block open[ERI_MAX_NESTING];
    int depth;              /* may exceed ERI_MAX_NESTING; deeper ones are not recorded */
    char *cat;              /* the text of adjacent strings being joined (parser.y concat) */
    size_t cat_cap;
    const char *last_keyword;
    uint32_t last_keyword_at;
    int indent;             /* of the line being scanned */
    bool line_first;        /* the last token was the first on its line */
    /* the likely place of a missing '}': the first line indented less than
     * the content of a block that is still open (see eri_parse_token) */
    struct {
        bool set;
        eri_span at;        /* the first token of that line */
        uint32_t brace, keyword;
        const char *what;
    } suspect;
    bool closing;           /* a top-level keyword inside a block: closing them */
} eri_parse_state;

/* Parse src; declarations land in *out (NULL on a file with none).
 * Returns the number of syntax errors reported to diag. */
unsigned eri_parse(const eri_source *src, eri_arena *arena, er_diag *diag, eri_decl **out);

/* Used by the grammar: report at a span. */
void eri_parse_error(eri_parse_state *ps, eri_span at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Used by the scanner, for every match (blanks and comments too): the
 * indentation of each line, and the likely place of a missing '}'. */
void eri_parse_token(eri_parse_state *ps, uint32_t start, uint32_t end, char first);
/* A '{' or '}' at offset at (the keyword that opened a block is ps->last_keyword). */
void eri_parse_open(eri_parse_state *ps, uint32_t at);
void eri_parse_close(eri_parse_state *ps, uint32_t at);
/* A keyword that only starts a top-level declaration (fact, standard, scheme,
 * veto, rating, total) at span at: true when blocks are still open there,
 * after reporting the missing '}' once; the scanner then returns a '}' to
 * close the innermost (and is called again for the next). */
bool eri_parse_top(eri_parse_state *ps, eri_span at, const char *keyword);
/* An identifier that begins its line, is followed by what cannot follow a
 * name (a number, a string, '{', another name) and is a keyword misspelt
 * (indicater, ratoi, normalise, otherwize): reported with the keyword it is
 * close to, whose token is returned so that nothing follows from the slip;
 * 0 otherwise. */
int eri_parse_respell(eri_parse_state *ps, eri_span at);
/* The keyword that begins a statement closest to word, or NULL. */
const char *eri_parse_keyword_like(const char *word, size_t len);
/* A facts file or a test file given where rules are expected: reported
 * (with the right order) and true, before any syntax error. */
bool eri_parse_foreign(const eri_source *src, er_diag *d);
/* A parsed file of schemes only, given where rules are expected: reported, true. */
bool eri_parse_only_schemes(const eri_source *src, const eri_decl *decls, er_diag *d);
/* The missing '}' at the end of the file, where a likely place is known;
 * false when there is none. */
bool eri_parse_unclosed_at_eof(eri_parse_state *ps);

#endif
