/* parse.c — runs the flex scanner and the bison parser over one source. */
#include "parse.h"

#include <setjmp.h>
#include <stdarg.h>
#include <string.h>

#include "parser.h"
#define YYSTYPE ER_YYSTYPE
#define YYLTYPE ER_YYLTYPE
#include "lexer.h"

void er_parse_error(er_parse_state *ps, er_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    er_diag_vat(ps->diag, ER_SEV_ERROR, ps->src, at.start, at.end, fmt, ap);
    va_end(ap);
    ps->errors++;
}

/* Scan and parse; may longjmp out when memory runs out. */
static int run(er_parse_state *ps, yyscan_t scanner)
{
    /* flex scans in place a buffer that ends in two NULs; the arena owns it */
    size_t len = ps->src->len;
    char *text = er_arena_alloc(ps->arena, len + 2);
    memcpy(text, ps->src->text, len);
    text[len] = text[len + 1] = '\0';
    YY_BUFFER_STATE buf = er_yy_scan_buffer(text, len + 2, scanner);
    int rc = er_yyparse(scanner, ps);
    er_yy_delete_buffer(buf, scanner);
    return rc;
}

unsigned er_parse(const er_source *src, er_arena *arena, er_diag *diag, er_decl **out)
{
    er_parse_state ps = {.arena = arena, .src = src, .diag = diag};
    yyscan_t scanner;
    *out = NULL;
    if (er_yylex_init_extra(&ps, &scanner) != 0) {
        er_diag_plain(diag, ER_SEV_ERROR, "out of memory");
        return 1;
    }
    /* out of memory inside the scanner or an action: free the scanner, then
     * pass the failure on to the loader's handler */
    jmp_buf *outer = er_arena_oom(arena), here;
    if (setjmp(here)) {
        er_yylex_destroy(scanner);
        er_arena_on_oom(arena, outer);
        er_arena_fail(arena);
    }
    er_arena_on_oom(arena, &here);
    int rc = run(&ps, scanner);
    er_yylex_destroy(scanner);
    er_arena_on_oom(arena, outer);
    if (rc == 2 && ps.errors == 0) {
        er_diag_plain(diag, ER_SEV_ERROR, "out of memory while parsing %s", src->name);
        ps.errors++;
    } else if (rc != 0 && ps.errors == 0) {
        /* bison gave up without a message (cannot happen with error rules, but be sure) */
        er_span end = {(uint32_t)src->len, (uint32_t)src->len};
        er_parse_error(&ps, end, "syntax error");
    }
    *out = ps.result;
    return ps.errors;
}
