/* ast.c — node builders, kind names, the tree printer, calendar dates. */
#include "ast.h"

#include <inttypes.h>

const char *const er_expr_kind_names[] = {
#define ER_EXPR(k, n) n,
#include "ast.def"
};

const char *const er_decl_kind_names[] = {
#define ER_DECL(k, n) n,
#include "ast.def"
};

const char *er_op_text(er_op op)
{
    static const char *const text[] = {"+",  "-",  "*",  "/",   "<",  "<=",  ">",
                                       ">=", "==", "!=", "and", "or", "not", "-"};
    return text[op];
}

er_expr *er_ast_expr(er_arena *a, er_expr_kind k, er_span span)
{
    er_expr *e = ER_NEW(a, er_expr);
    e->kind = k;
    e->span = span;
    e->ref = -1;
    e->aux = -1;
    return e;
}

er_expr *er_ast_binary(er_arena *a, er_op op, er_expr *l, er_expr *r, er_span span)
{
    er_expr *e = er_ast_expr(a, ER_EX_BINARY, span);
    e->op = (uint8_t)op;
    e->a = l;
    e->b = r;
    return e;
}

er_decl *er_ast_decl(er_arena *a, er_decl_kind k, er_span span)
{
    er_decl *d = ER_NEW(a, er_decl);
    d->kind = k;
    d->span = span;
    d->head = span;
    return d;
}

er_decl *er_ast_reverse(er_decl *list)
{
    er_decl *out = NULL;
    while (list) {
        er_decl *next = list->next;
        list->next = out;
        out = list;
        list = next;
    }
    return out;
}

er_expr *er_ast_reverse_expr(er_expr *list)
{
    er_expr *out = NULL;
    while (list) {
        er_expr *next = list->next;
        list->next = out;
        out = list;
        list = next;
    }
    return out;
}

/* ---- printing ---------------------------------------------------------- */

void er_ast_dump_expr(FILE *out, const er_expr *e)
{
    char buf[64];
    switch (e->kind) {
    case ER_EX_NUM:
        fputs(e->str.s ? e->str.s : "?", out);
        break;
    case ER_EX_BOOL:
        fputs(e->op ? "true" : "false", out);
        break;
    case ER_EX_STR:
        fprintf(out, "\"%s\"", e->str.s);
        break;
    case ER_EX_DATE:
        er_date_format(e->date, buf);
        fputs(buf, out);
        break;
    case ER_EX_NAME:
    case ER_EX_ID:
        fputs(e->str.s, out);
        break;
    case ER_EX_POINTS:
        fputs("points", out);
        break;
    case ER_EX_SCORE:
        fputs("score", out);
        break;
    case ER_EX_CALL:
        fprintf(out, "%s(", e->str.s);
        for (const er_expr *a = e->a; a; a = a->next) {
            er_ast_dump_expr(out, a);
            if (a->next)
                fputs(", ", out);
        }
        fputc(')', out);
        break;
    case ER_EX_UNARY:
        fprintf(out, e->op == ER_OP_NOT ? "(not " : "(-");
        er_ast_dump_expr(out, e->a);
        fputc(')', out);
        break;
    case ER_EX_BINARY:
        fputc('(', out);
        er_ast_dump_expr(out, e->a);
        fprintf(out, " %s ", er_op_text((er_op)e->op));
        er_ast_dump_expr(out, e->b);
        fputc(')', out);
        break;
    case ER_EX_IF:
        fputs("(if ", out);
        er_ast_dump_expr(out, e->a);
        fputs(" then ", out);
        er_ast_dump_expr(out, e->b);
        fputs(" else ", out);
        er_ast_dump_expr(out, e->c);
        fputc(')', out);
        break;
    case ER_EX_COUNT_:
        break;
    }
}

static void dump(FILE *out, const er_decl *d, int depth)
{
    for (; d; d = d->next) {
        fprintf(out, "%*s%s", depth * 2, "", er_decl_kind_names[d->kind]);
        if (d->kind == ER_DC_TIER)
            fprintf(out, " %s", er_op_text((er_op)d->op));
        if (d->name.s)
            fprintf(out, " %s", d->name.s);
        if (d->extra.s)
            fprintf(out, " [%s]", d->extra.s);
        if (d->label.s)
            fprintf(out, " \"%s\"", d->label.s);
        const er_expr *ex[3] = {d->a, d->b, d->c};
        for (int i = 0; i < 3; i++)
            if (ex[i]) {
                fprintf(out, " %c=", 'a' + i);
                er_ast_dump_expr(out, ex[i]);
            }
        fputc('\n', out);
        dump(out, d->body, depth + 1);
    }
}

void er_ast_dump(FILE *out, const er_decl *decls) { dump(out, decls, 0); }

/* ---- dates (proleptic Gregorian, days from civil: H. Hinnant) ---------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int32_t er_date_days(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return INT32_MIN;
    if (d > mdays[m - 1] + (m == 2 && leap(y)))
        return INT32_MIN;
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool er_date_parse(const char *s, size_t len, int32_t *days)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[3] = {0, 0, 0}, field = 0;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            field++;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        v[field] = v[field] * 10 + (s[i] - '0');
    }
    int32_t r = er_date_days(v[0], v[1], v[2]);
    if (r == INT32_MIN)
        return false;
    *days = r;
    return true;
}

void er_date_format(int32_t days, char *buf)
{
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t y = yoe + era * 400;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    int32_t d = doy - (153 * mp + 2) / 5 + 1;
    int32_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}
