/* ast.c — node builders, kind names, the tree printer, calendar dates. */
#include "ast.h"

#include <inttypes.h>

const char *const eri_expr_kind_names[] = {
#define ERI_EXPR(k, n) n,
#include "ast.def"
};

const char *const eri_decl_kind_names[] = {
#define ERI_DECL(k, n) n,
#include "ast.def"
};

const char *eri_op_text(eri_op op)
{
    static const char *const text[] = {"+",  "-",  "*",  "/",   "<",  "<=",  ">",
                                       ">=", "==", "!=", "and", "or", "not", "-"};
    return text[op];
}

eri_expr *eri_ast_expr(eri_arena *a, eri_expr_kind k, eri_span span)
{
    eri_expr *e = ERI_NEW(a, eri_expr);
    e->kind = k;
    e->span = span;
    e->ref = -1;
    e->aux = -1;
    return e;
}

eri_expr *eri_ast_binary(eri_arena *a, eri_op op, eri_expr *l, eri_expr *r, eri_span span)
{
    eri_expr *e = eri_ast_expr(a, ERI_EX_BINARY, span);
    e->op = (uint8_t)op;
    e->a = l;
    e->b = r;
    return e;
}

eri_op eri_op_level(eri_op op)
{
    return op == ERI_OP_SUB ? ERI_OP_ADD : op == ERI_OP_DIV ? ERI_OP_MUL : op;
}

/* a chain in parentheses starts before its first operand ('(' expr ')' widens the span) */
static bool grouped(const eri_expr *chain) { return chain->span.start != chain->a->span.start; }

eri_expr *eri_ast_chain(eri_arena *a, eri_op op, eri_expr *l, eri_expr *r, eri_span span)
{
    eri_op level = eri_op_level(op);
    r->link = (uint8_t)op;
    if (l->kind == ERI_EX_CHAIN && l->op == level && !grouped(l)) {
        l->b->next = r;
        l->b = r;
        l->span.end = span.end;
        return l;
    }
    eri_expr *e = eri_ast_expr(a, ERI_EX_CHAIN, span);
    e->op = (uint8_t)level;
    l->link = (uint8_t)level;
    l->next = r;
    e->a = l;
    e->b = r;
    return e;
}

eri_decl *eri_ast_decl(eri_arena *a, eri_decl_kind k, eri_span span)
{
    eri_decl *d = ERI_NEW(a, eri_decl);
    d->kind = k;
    d->span = span;
    d->head = span;
    return d;
}

eri_decl *eri_ast_reverse(eri_decl *list)
{
    eri_decl *out = NULL;
    while (list) {
        eri_decl *next = list->next;
        list->next = out;
        out = list;
        list = next;
    }
    return out;
}

eri_expr *eri_ast_reverse_expr(eri_expr *list)
{
    eri_expr *out = NULL;
    while (list) {
        eri_expr *next = list->next;
        list->next = out;
        out = list;
        list = next;
    }
    return out;
}

/* ---- printing ---------------------------------------------------------- */

void eri_ast_dump_expr(FILE *out, const eri_expr *e)
{
    char buf[64];
    switch (e->kind) {
    case ERI_EX_NUM:
        fputs(e->str.s ? e->str.s : "?", out);
        break;
    case ERI_EX_BOOL:
        fputs(e->op ? "true" : "false", out);
        break;
    case ERI_EX_STR:
        fprintf(out, "\"%s\"", e->str.s);
        break;
    case ERI_EX_DATE:
        eri_date_format(e->date, buf);
        fputs(buf, out);
        break;
    case ERI_EX_NAME:
    case ERI_EX_ID:
        fputs(e->str.s, out);
        break;
    case ERI_EX_POINTS:
        fputs("points", out);
        break;
    case ERI_EX_SCORE:
        fputs("score", out);
        break;
    case ERI_EX_CALL:
        fprintf(out, "%s(", e->str.s);
        for (const eri_expr *a = e->a; a; a = a->next) {
            eri_ast_dump_expr(out, a);
            if (a->next)
                fputs(", ", out);
        }
        fputc(')', out);
        break;
    case ERI_EX_UNARY:
        fprintf(out, e->op == ERI_OP_NOT ? "(not " : "(-");
        eri_ast_dump_expr(out, e->a);
        fputc(')', out);
        break;
    case ERI_EX_BINARY:
        fputc('(', out);
        eri_ast_dump_expr(out, e->a);
        fprintf(out, " %s ", eri_op_text((eri_op)e->op));
        eri_ast_dump_expr(out, e->b);
        fputc(')', out);
        break;
    case ERI_EX_CHAIN: /* as the nested pairs it stands for: ((a + b) - c) */
        for (const eri_expr *x = e->a->next; x; x = x->next)
            fputc('(', out);
        eri_ast_dump_expr(out, e->a);
        for (const eri_expr *x = e->a->next; x; x = x->next) {
            fprintf(out, " %s ", eri_op_text((eri_op)x->link));
            eri_ast_dump_expr(out, x);
            fputc(')', out);
        }
        break;
    case ERI_EX_IF:
        fputs("(if ", out);
        eri_ast_dump_expr(out, e->a);
        fputs(" then ", out);
        eri_ast_dump_expr(out, e->b);
        fputs(" else ", out);
        eri_ast_dump_expr(out, e->c);
        fputc(')', out);
        break;
    case ERI_EX_COUNT_:
        break;
    }
}

/* ---- nesting limits ------------------------------------------------------ */

typedef struct depth_walk {
    void (*report)(void *arg, eri_span at, const char *msg);
    void *arg;
    unsigned reported;
} depth_walk;

/* The walk stops at the limit, so its own recursion is bounded too. */
static void expr_depth(depth_walk *w, const eri_expr *e, int depth)
{
    for (; e && !w->reported; e = e->next) { /* next: the following argument or operand */
        if (depth > ERI_MAX_EXPR_DEPTH) {
            char msg[160];
            snprintf(msg, sizeof msg, "this expression nests too deeply: at most %d levels of parentheses, "
                     "'if', 'not', signs and calls", ERI_MAX_EXPR_DEPTH);
            w->report(w->arg, (eri_span){e->span.start, e->span.start + 1}, msg);
            w->reported++;
            return;
        }
        switch (e->kind) {
        case ERI_EX_NUM: /* a sample literal's parts are leaves */
            break;
        case ERI_EX_CALL:
        case ERI_EX_CHAIN:
            expr_depth(w, e->a, depth + 1);
            break;
        default:
            expr_depth(w, e->a, depth + 1);
            expr_depth(w, e->b, depth + 1);
            expr_depth(w, e->c, depth + 1);
            break;
        }
    }
}

static void decl_depth(depth_walk *w, const eri_decl *d, int depth)
{
    for (; d && !w->reported; d = d->next) {
        bool node = d->kind == ERI_DC_INDICATOR || d->kind == ERI_DC_ITEM;
        if (node && depth >= ERI_MAX_NODE_DEPTH) {
            char msg[160];
            snprintf(msg, sizeof msg, "indicators nest too deeply: at most %d levels of indicators and items",
                     ERI_MAX_NODE_DEPTH);
            w->report(w->arg, d->head, msg);
            w->reported++;
            return;
        }
        expr_depth(w, d->a, 1);
        expr_depth(w, d->b, 1);
        expr_depth(w, d->c, 1);
        decl_depth(w, d->body, depth + node);
    }
}

unsigned eri_ast_check_depth(const eri_decl *decls, void (*report)(void *arg, eri_span at, const char *msg), void *arg)
{
    depth_walk w = {report, arg, 0};
    decl_depth(&w, decls, 0);
    return w.reported;
}

static void dump(FILE *out, const eri_decl *d, int depth)
{
    for (; d; d = d->next) {
        fprintf(out, "%*s%s", depth * 2, "", eri_decl_kind_names[d->kind]);
        if (d->kind == ERI_DC_TIER)
            fprintf(out, " %s", eri_op_text((eri_op)d->op));
        if (d->name.s)
            fprintf(out, " %s", d->name.s);
        if (d->extra.s)
            fprintf(out, " [%s]", d->extra.s);
        if (d->label.s)
            fprintf(out, " \"%s\"", d->label.s);
        const eri_expr *ex[3] = {d->a, d->b, d->c};
        for (int i = 0; i < 3; i++)
            if (ex[i]) {
                fprintf(out, " %c=", 'a' + i);
                eri_ast_dump_expr(out, ex[i]);
            }
        fputc('\n', out);
        dump(out, d->body, depth + 1);
    }
}

void eri_ast_dump(FILE *out, const eri_decl *decls) { dump(out, decls, 0); }

/* ---- dates (proleptic Gregorian, days from civil: H. Hinnant) ---------- */

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* the number of days of month m (1-12) of year y */
static int last_day(int y, int m)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return mdays[m - 1] + (m == 2 && leap(y));
}

int32_t eri_date_days(int y, int m, int d)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return INT32_MIN;
    if (d > last_day(y, m))
        return INT32_MIN;
    y -= m <= 2;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool eri_date_parse(const char *s, size_t len, int32_t *days)
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
    int32_t r = eri_date_days(v[0], v[1], v[2]);
    if (r == INT32_MIN)
        return false;
    *days = r;
    return true;
}

/* y-m-d of days since 1970-01-01 */
static void civil(int32_t days, int32_t *yy, int32_t *mm, int32_t *dd)
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
    *yy = y + (m <= 2);
    *mm = m;
    *dd = d;
}

void eri_date_format(int32_t days, char *buf)
{
    int32_t y, m, d;
    civil(days, &y, &m, &d);
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

/* The n-th monthiversary of a date is the same day n months later, or the
 * last day of that month when it is shorter (2023-01-31 → 2023-02-28; the
 * rule of the PRC Civil Code, art. 202, for periods in months and years).
 * Counted from the earlier date; the sign says which one came first. */
int32_t eri_date_months_between(int32_t a, int32_t b)
{
    if (a > b)
        return -eri_date_months_between(b, a);
    int32_t ya, ma, da, yb, mb, db;
    civil(a, &ya, &ma, &da);
    civil(b, &yb, &mb, &db);
    int32_t n = (yb - ya) * 12 + (mb - ma);
    int32_t last = last_day(yb, mb); /* the n-th monthiversary falls in b's month */
    return (da < last ? da : last) > db ? n - 1 : n;
}

int32_t eri_date_years_between(int32_t a, int32_t b) { return eri_date_months_between(a, b) / 12; }
