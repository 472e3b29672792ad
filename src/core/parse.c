/* parse.c — runs the flex scanner and the bison parser over one source. */
#include "parse.h"

#include <stdarg.h>
#include <string.h>

#include "parser.h"
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
    YY_BUFFER_STATE buf = eri_yy_scan_buffer(text, len + 2, scanner);
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
