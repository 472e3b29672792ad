/* parse.c — runs the flex scanner and the bison parser over one source. */
#include "parse.h"

#include <stdarg.h>
#include <string.h>

#include "parser.h"
#include "suggest.h"
#define YYSTYPE ERI_YYSTYPE
#define YYLTYPE ERI_YYLTYPE
#include "lexer.h"

void eri_parse_error(eri_parse_state *ps, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(ps->diag, ERI_SEV_ERROR, ps->src, at.start, at.end, fmt, ap);
    va_end(ap);
    ps->errors++;
}

/* The name of a block in a message: 'indicator', or "the" for a '{' that
 * followed no keyword. */
static const char *block_name(const char *what) { return *what ? what : "{"; }

static int line_of(const eri_parse_state *ps, uint32_t at)
{
    int line, col;
    eri_source_position(ps->src, at, &line, &col);
    return line;
}

void eri_parse_token(eri_parse_state *ps, uint32_t start, uint32_t end, char first)
{
    if (first == ' ' || first == '\t' || first == '\r' || first == '\n' || first == '#')
        return;
    const char *t = ps->src->text;
    uint32_t i = start;
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        i--;
    ps->line_first = i == eri_source_start(ps->src) || t[i - 1] == '\n';
    if (!ps->line_first)
        return;
    int indent = 0;
    for (uint32_t k = i; k < start; k++)
        indent = t[k] == '\t' ? (indent / 8 + 1) * 8 : indent + 1;
    ps->indent = indent;
    if (ps->depth == 0 || ps->depth > ERI_MAX_NESTING || ps->closing)
        return;
    /* A block whose content is indented deeper than the line that opened it,
     * and a line inside it that is not: the block's '}' is likely missing
     * before that line.  (A file written without indentation says nothing.) */
    eri_open_block *b = &ps->open[ps->depth - 1];
    bool drop;
    if (first == '}') {
        drop = indent < b->indent;
    } else if (b->inner < 0) {
        b->inner = indent;
        return;
    } else {
        drop = indent <= b->indent;
    }
    if (drop && b->inner > b->indent && !ps->suspect.set) {
        ps->suspect.set = true;
        ps->suspect.at = (eri_span){start, end};
        ps->suspect.brace = b->brace;
        ps->suspect.keyword = b->keyword;
        ps->suspect.what = b->what;
    }
}

void eri_parse_open(eri_parse_state *ps, uint32_t at)
{
    if (ps->depth < ERI_MAX_NESTING) {
        ps->open[ps->depth].brace = at;
        ps->open[ps->depth].keyword = ps->last_keyword ? ps->last_keyword_at : at;
        ps->open[ps->depth].what = ps->last_keyword ? ps->last_keyword : "";
        ps->open[ps->depth].indent = ps->indent;
        ps->open[ps->depth].inner = -1;
    }
    ps->depth++;
}

void eri_parse_close(eri_parse_state *ps, uint32_t at)
{
    (void)at;
    if (ps->depth == 0)
        return;
    ps->depth--;
    /* the suspected block closed where it should be (at its own indentation,
     * or not at a line's start): the suspicion was wrong */
    if (ps->suspect.set && ps->depth < ERI_MAX_NESTING && ps->open[ps->depth].brace == ps->suspect.brace &&
        (!ps->line_first || ps->indent >= ps->open[ps->depth].indent))
        ps->suspect.set = false;
    if (ps->depth == 0)
        ps->suspect.set = false;
}

/* "'}' expected (to close 'indicator' at line 195)" at the likely place,
 * and a note at the block's opening line. */
static void report_suspect(eri_parse_state *ps, const char *tail)
{
    int open_line = line_of(ps, ps->suspect.keyword), at_line = line_of(ps, ps->suspect.at.start);
    eri_parse_error(ps, ps->suspect.at, "'}' expected (to close '%s' at line %d)%s", block_name(ps->suspect.what),
                    open_line, tail);
    eri_diag_at(ps->diag, ERI_SEV_NOTE, ps->src, ps->suspect.keyword, ps->suspect.brace + 1,
                "the block opened here: its content is indented deeper than line %d, so its '}' likely belongs "
                "before line %d", at_line, at_line);
}

bool eri_parse_top(eri_parse_state *ps, eri_span at, const char *keyword)
{
    if (ps->depth == 0) {
        ps->closing = false;
        return false;
    }
    if (!ps->closing) {
        ps->closing = true;
        if (ps->suspect.set) {
            report_suspect(ps, "");
            eri_diag_at(ps->diag, ERI_SEV_NOTE, ps->src, at.start, at.end,
                        "'%s' begins a declaration of its own, which cannot stand inside a block; the blocks "
                        "still open end here", keyword);
        } else {
            int i = ps->depth <= ERI_MAX_NESTING ? ps->depth - 1 : ERI_MAX_NESTING - 1;
            eri_parse_error(ps, at, "'}' expected before '%s' (to close '%s' at line %d)", keyword,
                            block_name(ps->open[i].what), line_of(ps, ps->open[i].keyword));
            eri_diag_at(ps->diag, ERI_SEV_NOTE, ps->src, ps->open[i].keyword, ps->open[i].brace + 1,
                        "the block opened here needs a '}'");
        }
        ps->suspect.set = false;
    }
    ps->depth--;
    return true;
}

bool eri_parse_unclosed_at_eof(eri_parse_state *ps)
{
    if (!ps->suspect.set)
        return false;
    report_suspect(ps, "; the file ends with the block still open");
    ps->suspect.set = false;
    return true;
}

/* The words that begin a statement or declaration; block says it opens a
 * block (the scanner names the block after it). */
static const struct {
    const char *word;
    int token;
    bool block;
} statement_words[] = {
    {"indicator", INDICATOR, true}, {"item", ITEM, true},     {"fact", FACT, false},
    {"standard", STANDARD, true},   {"scheme", SCHEME, true}, {"veto", VETO, false},
    {"rating", RATING, true},       {"total", TOTAL, true},   {"let", LET, false},
    {"text", TEXT, false},          {"note", NOTE, false},    {"english", ENGLISH, false},
    {"exclude", EXCLUDE, false},    {"excludable", EXCLUDABLE, false}, {"pass", PASS, false},
    {"ratio", RATIO, false},        {"score", SCORE, false},  {"grade", GRADE, true},
    {"otherwise", OTHERWISE, false}, {"level", LEVEL, false}, {"cap", CAP, false},
    {"normalize", NORMALIZE, false}, {"deduct", DEDUCT, false}, {"bonus", BONUS, false},
    {"round", ROUND, false},        {"pairwise", PAIRWISE, true},
};

static bool is_word(const char *p, const char *end, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(end - p) >= n && memcmp(p, w, n) == 0 &&
           (p + n == end || !((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') || p[n] == '_' ||
                              (p[n] >= '0' && p[n] <= '9')));
}

int eri_parse_respell(eri_parse_state *ps, eri_span at)
{
    const char *t = ps->src->text + at.start, *end = ps->src->text + ps->src->len;
    size_t len = at.end - at.start;
    if (!ps->line_first || len < 3 || memchr(t, '.', len))
        return 0;
    /* metadata keys are any names */
    if (ps->depth > 0 && ps->depth <= ERI_MAX_NESTING && strcmp(ps->open[ps->depth - 1].what, "standard") == 0)
        return 0;
    /* what follows on the line: a name never stands before a number, a
     * string, '{' or another name (save an operator's word) */
    const char *p = t + len;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p == end)
        return 0;
    bool letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_';
    if (!(letter || (*p >= '0' && *p <= '9') || *p == '"' || *p == '{'))
        return 0;
    static const char *const joins[] = {"and", "or", "then", "else", "points", "when", "to", "at", "unless", "cap"};
    for (size_t i = 0; letter && i < sizeof joins / sizeof joins[0]; i++)
        if (is_word(p, end, joins[i]) && !(i >= 5 && len >= 4))
            return 0;
    eri_suggest sg = eri_suggest_start_max(t, len, len <= 4 ? 1 : 2);
    for (size_t i = 0; i < sizeof statement_words / sizeof statement_words[0]; i++)
        eri_suggest_try(&sg, statement_words[i].word);
    if (!sg.best)
        return 0;
    for (size_t i = 0; i < sizeof statement_words / sizeof statement_words[0]; i++) {
        if (statement_words[i].word != sg.best)
            continue;
        eri_parse_error(ps, at, "'%.*s' is not a keyword; did you mean '%s'?", (int)len, t, sg.best);
        if (statement_words[i].block) {
            ps->last_keyword = statement_words[i].word;
            ps->last_keyword_at = at.start;
        }
        return statement_words[i].token;
    }
    return 0;
}

const char *eri_parse_keyword_like(const char *word, size_t len)
{
    if (len < 3 || memchr(word, '.', len))
        return NULL;
    eri_suggest sg = eri_suggest_start_max(word, len, len <= 4 ? 1 : 2);
    for (size_t i = 0; i < sizeof statement_words / sizeof statement_words[0]; i++)
        eri_suggest_try(&sg, statement_words[i].word);
    return sg.best;
}

/* ---- a file of another kind given where rules are expected -------------- */

bool eri_parse_foreign(const eri_source *src, er_diag *d)
{
    eri_source_kind kind = eri_source_guess(src);
    if (kind == ERI_SRC_TESTS) {
        eri_diag_file(d, ERI_SEV_ERROR, src->name, "this is a test file ('case \"…\"' blocks), not rules");
        eri_diag_file(d, ERI_SEV_NOTE, src->name, "run it with its rules: evalrules test RULES %s", src->name);
        return true;
    }
    if (kind == ERI_SRC_FACTS) {
        eri_diag_file(d, ERI_SEV_ERROR, src->name, "this is a facts file ('name = value' lines), not rules");
        eri_diag_file(d, ERI_SEV_NOTE, src->name, "the rules come first: evalrules RULES FACTS…");
        return true;
    }
    return false;
}

bool eri_parse_only_schemes(const eri_source *src, const eri_decl *decls, er_diag *d)
{
    bool scheme = false;
    for (const eri_decl *x = decls; x; x = x->next) {
        if (x->kind == ERI_DC_SCHEME)
            scheme = true;
        else if (x->kind != ERI_DC_STANDARD)
            return false;
    }
    if (!scheme)
        return false;
    eri_diag_file(d, ERI_SEV_ERROR, src->name, "this is a scheme file ('scheme NAME { … }' only), not rules");
    eri_diag_file(d, ERI_SEV_NOTE, src->name, "a scheme re-weights rules: evalrules --scheme %s RULES FACTS…",
                  src->name);
    return true;
}

typedef struct run_args {
    eri_parse_state *ps;
    yyscan_t scanner;
    int rc;
} run_args;

static void depth_error(void *arg, eri_span at, const char *msg) { eri_parse_error(arg, at, "%s", msg); }

/* Scan and parse (a protected call: memory running out jumps out). */
static void run(void *arg)
{
    run_args *ra = arg;
    eri_parse_state *ps = ra->ps;
    yyscan_t scanner = ra->scanner;
    /* flex scans in place a buffer that ends in two NULs; the arena owns it */
    size_t len = ps->src->len;
    char *text = eri_arena_alloc(ps->arena, len + 2);
    memcpy(text, ps->src->text, len);
    text[len] = text[len + 1] = '\0';
    ps->pos = eri_source_start(ps->src); /* after a UTF-8 byte order mark */
    YY_BUFFER_STATE buf = eri_yy_scan_buffer(text + ps->pos, len + 2 - ps->pos, scanner);
    ra->rc = eri_yyparse(scanner, ps);
    eri_yy_delete_buffer(buf, scanner);
    /* the limits on nesting that every later pass relies on */
    eri_ast_check_depth(ps->result, depth_error, ps);
}

unsigned eri_parse(const eri_source *src, eri_arena *arena, er_diag *diag, eri_decl **out)
{
    eri_parse_state ps = {.arena = arena, .src = src, .diag = diag};
    yyscan_t scanner;
    *out = NULL;
    if (eri_yylex_init_extra(&ps, &scanner) != 0) {
        eri_diag_plain(diag, ERI_SEV_ERROR, "out of memory");
        return 1;
    }
    /* out of memory inside the scanner or an action: free the scanner, then
     * pass the failure on to the loader's protected call */
    run_args ra = {.ps = &ps, .scanner = scanner, .rc = 0};
    bool ran = eri_arena_protect(arena, run, &ra);
    eri_yylex_destroy(scanner);
    if (!ran)
        eri_arena_fail(arena);
    int rc = ra.rc;
    if (rc == 2 && ps.errors == 0) {
        eri_diag_plain(diag, ERI_SEV_ERROR, "out of memory while parsing %s", src->name);
        ps.errors++;
    } else if (rc != 0 && ps.errors == 0) {
        /* bison gave up without a message (cannot happen with error rules, but be sure) */
        eri_span end = {(uint32_t)src->len, (uint32_t)src->len};
        eri_parse_error(&ps, end, "syntax error");
    }
    *out = ps.result;
    return ps.errors;
}
