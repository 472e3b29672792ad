/* parse.c — runs the flex scanner and the bison parser over one source. */
#include "parse.h"

#include <setjmp.h>
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

/* Scan and parse; may longjmp out when memory runs out. */
static int run(eri_parse_state *ps, yyscan_t scanner)
{
    /* flex scans in place a buffer that ends in two NULs; the arena owns it */
    size_t len = ps->src->len;
    char *text = eri_arena_alloc(ps->arena, len + 2);
    memcpy(text, ps->src->text, len);
    text[len] = text[len + 1] = '\0';
    YY_BUFFER_STATE buf = eri_yy_scan_buffer(text, len + 2, scanner);
    int rc = eri_yyparse(scanner, ps);
    eri_yy_delete_buffer(buf, scanner);
    return rc;
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
     * pass the failure on to the loader's handler */
    jmp_buf *outer = eri_arena_oom(arena), here;
    if (setjmp(here)) {
        eri_yylex_destroy(scanner);
        eri_arena_on_oom(arena, outer);
        eri_arena_fail(arena);
    }
    eri_arena_on_oom(arena, &here);
    int rc = run(&ps, scanner);
    eri_yylex_destroy(scanner);
    eri_arena_on_oom(arena, outer);
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
