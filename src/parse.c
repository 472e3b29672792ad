/* parse.c — runs the flex scanner and the bison parser over one source. */
#include "parse.h"

#include <stdarg.h>

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

unsigned er_parse(const er_source *src, er_arena *arena, er_diag *diag, er_decl **out)
{
    er_parse_state ps = {.arena = arena, .src = src, .diag = diag};
    yyscan_t scanner;
    *out = NULL;
    if (er_yylex_init_extra(&ps, &scanner) != 0) {
        er_diag_plain(diag, ER_SEV_ERROR, "out of memory");
        return 1;
    }
    YY_BUFFER_STATE buf = er_yy_scan_bytes(src->text, (int)src->len, scanner);
    int rc = buf ? er_yyparse(scanner, &ps) : 2;
    if (buf)
        er_yy_delete_buffer(buf, scanner);
    er_yylex_destroy(scanner);
    if (rc == 2) {
        er_diag_plain(diag, ER_SEV_ERROR, "out of memory while parsing %s", src->name);
        ps.errors++;
    } else if (rc != 0 && ps.errors == 0) {
        /* bison gave up without a message (cannot happen with error rules, but be sure) */
        er_parse_error(&ps, (er_span){(uint32_t)src->len, (uint32_t)src->len}, "syntax error");
    }
    *out = ps.result;
    return ps.errors;
}
