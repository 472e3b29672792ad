/* fmt.c — the canonical layout of rules and facts files (`evalrules fmt`).
 *
 * Rules files are re-laid out token by token.  The real parser first checks
 * the file (a file with syntax errors is not formatted) and its tree says
 * where statements start, which strings are concatenated, which '-' is a
 * sign and which name is called; the real lexer then gives every token's
 * bytes, which are copied exactly, in order, so the formatted file parses to
 * the same tree.  What lies between tokens is whitespace and comments only:
 * comments are kept byte for byte (trailing blanks dropped), blank lines
 * collapse to one, and everything else is decided here:
 *   - one statement a line, indented two spaces per block; '{' ends the
 *     line that opens a block, '}' has its own line;
 *   - single spaces between tokens, none inside parentheses, before ',' or
 *     after a sign, around '..' and in fractions of two numbers (18/20);
 *   - a line break the author put inside a statement is kept: the next line
 *     is a continuation, lined up under what follows the statement's keyword
 *     (a fact's under its type, a concatenated string under the first
 *     string); every string of a concatenation starts a line;
 *   - runs of facts, metadata, deductions/bonuses, levels and grade tiers
 *     are aligned in columns, broken by blank and comment lines;
 *   - trailing comments of consecutive lines line up one space after the
 *     longest of them.
 * Facts files are laid out line by line, without the rules (see
 * format_facts).  Layout rules are documented in docs/fmt.md. */
#include "evalrules.h"
#include "evalrules_tools.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "parse.h"
#include "source.h"

#include "parser.h"
#define YYSTYPE ERI_YYSTYPE
#define YYLTYPE ERI_YYLTYPE
#include "lexer.h"

#define MAX_TEXT ((size_t)256 << 20)
#define FACTS_COMMENT_COLUMN 27 /* trailing comments of a facts file start here at the earliest */

/* ---- output text in the arena ------------------------------------------ */

typedef struct buf {
    eri_arena *a;
    char *s;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->s = eri_arena_grow(b->a, b->s, b->len, cap); /* jumps to the handler when out of memory */
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void put_spaces(buf *b, size_t n)
{
    static const char blanks[] = "                                ";
    for (; n > sizeof blanks - 1; n -= sizeof blanks - 1)
        put(b, blanks, sizeof blanks - 1);
    put(b, blanks, n);
}

static size_t columns(const char *s, size_t len) { return eri_utf8_columns(s, len); }

/* A comment's text s[start..end) without trailing blanks (and CR). */
static uint32_t comment_end(const char *s, uint32_t start, uint32_t end)
{
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
        end--;
    return end;
}

/* ---- rules files: tokens and what the tree says about them ------------- */

enum {
    T_LINE = 1 << 0,   /* starts a statement */
    T_OPEN = 1 << 1,   /* '{' of a block (not of an enum) */
    T_CLOSE = 1 << 2,  /* '}' of a block */
    T_SIGN = 1 << 3,   /* '-' of a negative literal or a negation */
    T_CALLEE = 1 << 4, /* name of a call: no space before its '(' */
    T_TIGHT = 1 << 5,  /* '/' of a fraction of two numbers: 18/20 */
    T_CONCAT = 1 << 6, /* a string concatenated to the previous one */
};

/* Columns aligned across a run of statements of one kind. */
enum { G_NONE, G_FACT, G_META, G_ADJUST, G_LEVEL, G_TIER };

typedef struct tok {
    int kind;             /* bison token number, or the character */
    uint32_t start, end;  /* bytes in the source */
    uint32_t width;       /* display columns */
    uint32_t col;         /* where it was put (rendering) */
    uint16_t flags;
    uint8_t group;        /* T_LINE: the alignment group of the statement */
    int32_t pad[2];       /* T_LINE: tokens after which the group's columns are (-1: none) */
    int32_t first_string; /* T_CONCAT: the first string of the concatenation */
} tok;

typedef struct line {
    bool comment;          /* an own-line comment (else code) */
    bool blank;            /* a blank line before it in the source */
    bool cont;             /* continues a statement (no blank line before it) */
    bool open;             /* a comment line whose placement waits for the next token */
    bool blank_out;        /* a blank line is written before it */
    int depth;             /* block depth */
    int32_t anchor;        /* continuation: the token it lines up under (-1: four more) */
    int32_t follow;        /* comment inside a statement: the code line whose indent it takes */
    uint32_t first, last;  /* code: tokens [first, last) */
    uint32_t cstart, cend; /* the comment (code: trailing comment; none when equal) */
    uint32_t target[2];    /* code: the group's columns (0: none) */
    uint32_t indent;       /* rendering */
    size_t text, len;      /* rendered text in the scratch buffer */
    size_t width;          /* its display width */
} line;

typedef struct rules_fmt {
    eri_arena *a;
    const eri_source *src;
    const char *t;
    uint32_t len;
    tok *tok;
    uint32_t ntok, tcap;
    line *ln;
    uint32_t nln, lcap;
} rules_fmt;

static void add_token(rules_fmt *f, int kind, uint32_t start, uint32_t end)
{
    if (f->ntok == f->tcap) {
        uint32_t cap = f->tcap ? f->tcap * 2 : 256;
        f->tok = eri_arena_grow(f->a, f->tok, sizeof *f->tok * f->tcap, sizeof *f->tok * cap);
        f->tcap = cap;
    }
    tok *k = &f->tok[f->ntok++];
    *k = (tok){.kind = kind, .start = start, .end = end, .pad = {-1, -1}, .first_string = -1};
    k->width = (uint32_t)columns(f->t + start, end - start);
}

/* Every token of the (already parsed) source, from the real lexer. */
static void lex(rules_fmt *f, er_diag *d)
{
    eri_parse_state ps = {.arena = f->a, .src = f->src, .diag = d};
    yyscan_t scanner;
    if (eri_yylex_init_extra(&ps, &scanner) != 0)
        eri_arena_fail(f->a);
    /* the scanner, its buffer and its strings all live in the arena: an
     * allocation failure jumps out with nothing to free but the arena */
    char *text = eri_arena_alloc(f->a, (size_t)f->len + 2);
    memcpy(text, f->t, f->len);
    text[f->len] = text[f->len + 1] = '\0';
    eri_yy_scan_buffer(text, (size_t)f->len + 2, scanner);
    for (;;) {
        ERI_YYSTYPE lval;
        ERI_YYLTYPE lloc;
        int kind = eri_yylex(&lval, &lloc, scanner);
        if (kind == ERI_YYEOF)
            break;
        add_token(f, kind, lloc.start, lloc.end);
    }
    eri_yylex_destroy(scanner);
}

/* The first token starting at or after offset (ntok when none). */
static uint32_t token_from(const rules_fmt *f, uint32_t offset)
{
    uint32_t lo = 0, hi = f->ntok;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (f->tok[mid].start < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The token that ends at offset, or -1. */
static int32_t token_ending(const rules_fmt *f, uint32_t offset)
{
    uint32_t i = token_from(f, offset);
    return i > 0 && f->tok[i - 1].end == offset ? (int32_t)(i - 1) : -1;
}

static void flag_at(rules_fmt *f, uint32_t offset, uint16_t flag)
{
    uint32_t i = token_from(f, offset);
    if (i < f->ntok && f->tok[i].start == offset)
        f->tok[i].flags |= flag;
}

static void mark_expr(rules_fmt *f, const eri_expr *e)
{
    for (; e; e = e->next) { /* next: the following argument of a call */
        switch (e->kind) {
        case ERI_EX_UNARY:
            if (e->op == ERI_OP_NEG)
                flag_at(f, e->span.start, T_SIGN);
            break;
        case ERI_EX_NUM:
            if (e->str.s && e->str.s[0] == '-')
                flag_at(f, e->span.start, T_SIGN);
            if (e->a && e->b) { /* a sample literal, conforming/sampled */
                uint32_t i = token_from(f, e->a->span.end);
                if (i < f->ntok && f->tok[i].kind == '/')
                    f->tok[i].flags |= T_TIGHT;
            }
            break;
        case ERI_EX_CALL:
            flag_at(f, e->span.start, T_CALLEE);
            break;
        case ERI_EX_BINARY: {
            /* a number over a number reads as a fraction: 1/3, 18/20 */
            uint32_t i = token_from(f, e->a ? e->a->span.end : 0);
            if (e->op == ERI_OP_DIV && e->a->kind == ERI_EX_NUM && e->b->kind == ERI_EX_NUM && !e->a->a &&
                !e->b->a && i > 0 && i + 1 < f->ntok && f->tok[i].kind == '/' &&
                f->tok[i - 1].kind == NUMBER && f->tok[i + 1].kind == NUMBER)
                f->tok[i].flags |= T_TIGHT;
            break;
        }
        default:
            break;
        }
        if (e->kind != ERI_EX_NUM) { /* a sample's parts are not marked twice */
            mark_expr(f, e->a);
            mark_expr(f, e->b);
            mark_expr(f, e->c);
        }
    }
}

/* A label or reason of several strings: each one after the first starts a
 * line, under the first. */
static void mark_strings(rules_fmt *f, eri_str s)
{
    if (!s.s || s.span.end <= s.span.start)
        return;
    uint32_t first = token_from(f, s.span.start), i;
    for (i = first; i < f->ntok && f->tok[i].end <= s.span.end; i++)
        if (f->tok[i].kind != STRING)
            return;
    for (i = first + 1; i < f->ntok && f->tok[i].end <= s.span.end; i++) {
        f->tok[i].flags |= T_CONCAT;
        f->tok[i].first_string = (int32_t)first;
    }
}

static void group(rules_fmt *f, uint32_t at, uint8_t g, int32_t pad0, int32_t pad1)
{
    f->tok[at].group = g;
    f->tok[at].pad[0] = pad0;
    f->tok[at].pad[1] = pad1;
}

static void mark_decls(rules_fmt *f, const eri_decl *d)
{
    for (; d; d = d->next) {
        uint32_t at = token_from(f, d->span.start);
        if (at >= f->ntok || f->tok[at].start != d->span.start)
            continue; /* cannot happen in a file that parsed */
        if (d->kind != ERI_DC_ENUM_VALUE)
            f->tok[at].flags |= T_LINE;
        mark_strings(f, d->label);
        mark_strings(f, d->extra);
        mark_expr(f, d->a);
        mark_expr(f, d->b);
        mark_expr(f, d->c);
        switch (d->kind) {
        case ERI_DC_FACT: /* fact NAME : TYPE LABEL */
            group(f, at, G_FACT, (int32_t)at + 1, token_ending(f, d->head.end));
            break;
        case ERI_DC_META: /* KEY VALUE */
            group(f, at, G_META, (int32_t)at, -1);
            break;
        case ERI_DC_DEDUCT: /* deduct|bonus LABEL EXPR */
        case ERI_DC_BONUS:
            group(f, at, G_ADJUST, (int32_t)at, (int32_t)at + 1);
            break;
        case ERI_DC_LEVEL: /* level LABEL at N */
            group(f, at, G_LEVEL, (int32_t)at + 1, -1);
            break;
        case ERI_DC_TIER: /* CMP EXPR : SHARE */
            if (d->a)
                group(f, at, G_TIER, token_ending(f, d->a->span.end), -1);
            break;
        case ERI_DC_GRADE: { /* 'otherwise SHARE' of a grade has its own line */
            uint32_t i = d->b ? token_from(f, d->b->span.start) : 0;
            if (i > 0 && i < f->ntok && f->tok[i - 1].kind == OTHERWISE)
                f->tok[i - 1].flags |= T_LINE;
            break;
        }
        default:
            break;
        }
        mark_decls(f, d->body);
    }
}

/* Block braces: every '{' but an enum's. */
static void mark_braces(rules_fmt *f)
{
    uint8_t stack[ERI_MAX_NESTING * 4];
    size_t depth = 0;
    for (uint32_t i = 0; i < f->ntok; i++) {
        tok *k = &f->tok[i];
        if (k->kind == '{') {
            bool block = !(i > 0 && f->tok[i - 1].kind == ENUM);
            if (block)
                k->flags |= T_OPEN;
            if (depth < sizeof stack)
                stack[depth] = block;
            depth++;
        } else if (k->kind == '}' && depth > 0) {
            depth--;
            if (depth >= sizeof stack || stack[depth])
                k->flags |= T_CLOSE;
        }
    }
}

/* ---- rules files: lines ------------------------------------------------- */

static line *new_line(rules_fmt *f)
{
    if (f->nln == f->lcap) {
        uint32_t cap = f->lcap ? f->lcap * 2 : 256;
        f->ln = eri_arena_grow(f->a, f->ln, sizeof *f->ln * f->lcap, sizeof *f->ln * cap);
        f->lcap = cap;
    }
    line *l = &f->ln[f->nln++];
    *l = (line){.anchor = -1, .follow = -1};
    return l;
}

/* The comment lines still open are placed by what follows them. */
static void place_comments(rules_fmt *f, uint32_t from, int depth, bool cont, int32_t follow)
{
    for (uint32_t j = from; j < f->nln; j++) {
        line *c = &f->ln[j];
        if (!c->comment || !c->open)
            continue;
        c->open = false;
        c->depth = depth;
        c->cont = cont;
        c->follow = follow;
    }
}

/* Cut the token stream into lines (see the comment at the top). */
static void build_lines(rules_fmt *f)
{
    const char *t = f->t;
    uint32_t prev_end = 0, stmt = 0, open_from = 0;
    int32_t cur = -1;
    int depth = 0;
    for (uint32_t i = 0; i <= f->ntok; i++) {
        uint32_t gap_end = i < f->ntok ? f->tok[i].start : f->len;
        unsigned nl = 0;
        bool any_nl = false, gap_comment = false;
        for (uint32_t p = prev_end; p < gap_end;) {
            if (t[p] == '\n') {
                nl++;
                any_nl = true;
                p++;
            } else if (t[p] == '#') {
                uint32_t e = p;
                while (e < gap_end && t[e] != '\n')
                    e++;
                line *c = cur >= 0 ? &f->ln[cur] : NULL;
                /* trailing: on the previous token's line, which has none yet
                 * and is the last line (comments that moved after a '{' keep
                 * their order) */
                if (!any_nl && c && c->cstart == c->cend && (uint32_t)cur == f->nln - 1) {
                    c->cstart = p;
                    c->cend = comment_end(t, p, e);
                } else {
                    line *l = new_line(f);
                    l->comment = l->open = true;
                    l->blank = nl >= 2;
                    l->cstart = p;
                    l->cend = comment_end(t, p, e);
                }
                nl = 0;
                any_nl = gap_comment = true; /* what follows a comment is on another line */
                p = e;
            } else {
                p++;
            }
        }
        if (i == f->ntok) {
            place_comments(f, open_from, 0, false, -1);
            break;
        }
        tok *k = &f->tok[i];
        prev_end = k->end;
        if (k->flags & T_OPEN) {
            /* a block's '{' ends the line that opens it; comments before it
             * move after it, into the block */
            if (cur < 0) { /* cannot happen in a file that parsed */
                line *l = new_line(f);
                l->first = i;
                cur = (int32_t)(f->nln - 1);
            }
            f->ln[cur].last = i + 1;
            depth++;
            continue;
        }
        if ((k->flags & T_CLOSE) && cur >= 0 && (f->tok[i - 1].flags & T_OPEN) && !gap_comment) {
            f->ln[cur].last = i + 1; /* an empty block: {} */
            depth = depth > 0 ? depth - 1 : 0;
            continue;
        }
        bool starts = (k->flags & (T_LINE | T_CLOSE)) || cur < 0 ||
                      (f->tok[i - 1].flags & (T_OPEN | T_CLOSE));
        if (starts || any_nl || (k->flags & T_CONCAT)) {
            int32_t anchor = -1;
            bool cont = !starts;
            if (cont && (k->flags & T_CONCAT))
                anchor = k->first_string;
            else if (cont && f->tok[stmt].kind == FACT && stmt + 3 < i)
                anchor = (int32_t)stmt + 3; /* the fact's type */
            else if (cont && stmt + 1 < i)
                anchor = (int32_t)stmt + 1; /* what follows the statement's keyword */
            uint32_t id = f->nln;
            /* comments before a '}' belong to the block it closes */
            place_comments(f, open_from, depth, cont, cont ? (int32_t)id : -1);
            if (k->flags & T_CLOSE)
                depth = depth > 0 ? depth - 1 : 0;
            line *l = new_line(f);
            l->first = i;
            l->last = i + 1;
            l->depth = depth;
            l->cont = cont;
            l->blank = !cont && nl >= 2;
            l->anchor = anchor;
            cur = (int32_t)id;
            open_from = f->nln;
            if (k->flags & T_LINE)
                stmt = i;
        } else {
            f->ln[cur].last = i + 1;
        }
    }
}

/* ---- rules files: rendering --------------------------------------------- */

static bool space_before(const rules_fmt *f, uint32_t i)
{
    const tok *p = &f->tok[i - 1], *k = &f->tok[i];
    if (k->kind == ')' || k->kind == ',' || p->kind == '(' || ((p->flags & T_OPEN) && (k->flags & T_CLOSE)))
        return false;
    if (k->kind == '(')
        return !(p->flags & (T_CALLEE | T_SIGN));
    if (p->flags & T_SIGN)
        return false;
    if ((k->flags & T_TIGHT) || (p->flags & T_TIGHT))
        return false;
    if (k->kind == DOTDOT) /* range 0..100, range ..5 */
        return p->kind == RANGE;
    if (p->kind == DOTDOT) /* but: range 0.. default 1 */
        return !(k->kind == NUMBER || k->kind == PERCENT || k->kind == DATE || k->kind == STRING ||
                 k->kind == '-' || k->kind == TRUE || k->kind == FALSE);
    return true;
}

static uint32_t indent_of(const rules_fmt *f, const line *l)
{
    if (!l->cont)
        return (uint32_t)l->depth * 2;
    if (l->anchor >= 0)
        return f->tok[l->anchor].col;
    return (uint32_t)l->depth * 2 + 4;
}

/* Lay out a code line's tokens, setting their columns; writes the text to
 * out when not NULL.  Returns the width.  A group's column is padded to
 * only when something follows on the line. */
static uint32_t lay_out(rules_fmt *f, line *l, buf *out)
{
    uint32_t col = l->indent;
    if (out)
        put_spaces(out, col);
    const tok *head = &f->tok[l->first];
    for (uint32_t i = l->first; i < l->last; i++) {
        tok *k = &f->tok[i];
        if (i > l->first && space_before(f, i)) {
            col++;
            if (out)
                put(out, " ", 1);
        }
        k->col = col;
        col += k->width;
        if (out)
            put(out, f->t + k->start, k->end - k->start);
        for (int p = 0; p < 2; p++)
            if (!l->cont && (int32_t)i == head->pad[p] && l->target[p] > col && i + 1 < l->last) {
                if (out)
                    put_spaces(out, l->target[p] - col);
                col = l->target[p];
            }
    }
    return col;
}

/* The column just after token pad of l, as laid out now; 0 when nothing
 * follows it on the line. */
static uint32_t column_after(rules_fmt *f, line *l, int32_t pad)
{
    if (pad < (int32_t)l->first || pad + 1 >= (int32_t)l->last)
        return 0;
    lay_out(f, l, NULL);
    return f->tok[pad].col + f->tok[pad].width;
}

/* Align the columns of each run of statements of one group: consecutive
 * first lines of one depth (their continuation lines between them), with
 * no blank or comment line between. */
static void align_groups(rules_fmt *f)
{
    for (uint32_t s = 0; s < f->nln;) {
        line *l = &f->ln[s];
        uint8_t g = l->comment || l->cont ? G_NONE : f->tok[l->first].group;
        if (g == G_NONE) {
            s++;
            continue;
        }
        uint32_t e = s + 1; /* the run is [s, e) */
        for (uint32_t j = s + 1; j < f->nln; j++) {
            const line *m = &f->ln[j];
            if (m->comment)
                break;
            if (m->cont)
                continue;
            if (m->blank || m->depth != l->depth || f->tok[m->first].group != g)
                break;
            e = j + 1;
        }
        for (int p = 0; p < 2; p++) {
            uint32_t target = 0;
            for (uint32_t j = s; j < e; j++) {
                line *m = &f->ln[j];
                if (!m->cont) {
                    m->indent = (uint32_t)m->depth * 2;
                    uint32_t c = column_after(f, m, f->tok[m->first].pad[p]);
                    target = c > target ? c : target;
                }
            }
            for (uint32_t j = s; j < e; j++)
                if (!f->ln[j].cont)
                    f->ln[j].target[p] = target;
        }
        s = e;
    }
}

/* Render every line into scratch; then decide the blank lines, line up
 * trailing comments and write the result. */
static void render(rules_fmt *f, buf *out)
{
    buf scratch = {.a = f->a};
    for (uint32_t j = 0; j < f->nln; j++) {
        line *l = &f->ln[j];
        if (l->comment)
            continue;
        l->indent = indent_of(f, l);
        l->text = scratch.len;
        l->width = lay_out(f, l, &scratch);
        l->len = scratch.len - l->text;
    }
    for (uint32_t j = 0; j < f->nln; j++) {
        line *l = &f->ln[j];
        if (!l->comment)
            continue;
        if (l->cont && l->follow >= 0)
            l->indent = f->ln[l->follow].indent;
        else
            l->indent = (uint32_t)l->depth * 2;
    }
    /* blank lines: where the source had one, but never first, inside a
     * statement, right after a '{' or right before a '}' */
    for (uint32_t j = 1; j < f->nln; j++) {
        line *l = &f->ln[j], *p = &f->ln[j - 1];
        bool after_open = !p->comment && (f->tok[p->last - 1].flags & T_OPEN);
        bool before_close = !l->comment && (f->tok[l->first].flags & T_CLOSE);
        l->blank_out = l->blank && !l->cont && !after_open && !before_close;
    }
    for (uint32_t j = 0; j < f->nln;) {
        /* a run of consecutive code lines with trailing comments */
        uint32_t e = j;
        size_t width = 0;
        while (e < f->nln && !f->ln[e].comment && f->ln[e].cstart != f->ln[e].cend &&
               (e == j || !f->ln[e].blank_out)) {
            width = f->ln[e].width > width ? f->ln[e].width : width;
            e++;
        }
        if (e == j)
            e = j + 1;
        for (; j < e; j++) {
            line *l = &f->ln[j];
            if (l->blank_out)
                put(out, "\n", 1);
            if (l->comment) {
                put_spaces(out, l->indent);
                put(out, f->t + l->cstart, l->cend - l->cstart);
            } else {
                put(out, scratch.s + l->text, l->len);
                if (l->cstart != l->cend) {
                    put_spaces(out, width + 1 - l->width);
                    put(out, f->t + l->cstart, l->cend - l->cstart);
                }
            }
            put(out, "\n", 1);
        }
    }
}

static bool format_rules(eri_arena *a, const eri_source *src, er_diag *d, buf *out)
{
    eri_decl *ast = NULL;
    if (eri_parse(src, a, d, &ast) != 0)
        return false;
    rules_fmt f = {.a = a, .src = src, .t = src->text, .len = (uint32_t)src->len};
    lex(&f, d);
    mark_braces(&f);
    mark_decls(&f, ast);
    build_lines(&f);
    align_groups(&f);
    render(&f, out);
    return true;
}

/* ---- facts files --------------------------------------------------------
 *
 * The syntax of src/facts.c, read without the rules: one statement a line,
 *   NAME = VALUE  |  subject = "…"  |  subject "…"  |  exclude ID "reason"
 * each perhaps followed by a comment; comment lines and blank lines.  The
 * layout: statements at the left margin with single spaces, 'subject
 * "…"' written 'subject = "…"', values and reasons copied exactly; in
 * each block of consecutive statements (blank and comment lines end it) the
 * '=' line up, and trailing comments line up one space after the longest
 * statement of the block but not before column FACTS_COMMENT_COLUMN + 1. */

typedef struct fact_line {
    int kind;              /* F_BLANK, F_COMMENT, F_VALUE (name = value), F_OTHER (exclude) */
    uint32_t ks, ke;       /* name, or "exclude"'s id */
    uint32_t vs, ve;       /* value, or the exclusion's reason */
    uint32_t cs, ce;       /* comment */
} fact_line;
enum { F_BLANK, F_COMMENT, F_VALUE, F_EXCLUDE };

typedef struct facts_fmt {
    const eri_source *src;
    er_diag *d;
    const char *t;
    uint32_t p, le; /* cursor; end of the line */
} facts_fmt;

__attribute__((format(printf, 4, 5))) static bool ferr(facts_fmt *s, uint32_t start, uint32_t end,
                                                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(s->d, ERI_SEV_ERROR, s->src, start, end, fmt, ap);
    va_end(ap);
    return false;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_key(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

static void skip_blanks(facts_fmt *s)
{
    while (s->p < s->le && is_blank(s->t[s->p]))
        s->p++;
}

static uint32_t trimmed(const facts_fmt *s)
{
    uint32_t e = s->le;
    while (e > s->p && is_blank(s->t[e - 1]))
        e--;
    return e;
}

/* Only blanks and perhaps a comment left: records the comment. */
static bool rest(facts_fmt *s, fact_line *fl, const char *after)
{
    skip_blanks(s);
    if (s->p < s->le && s->t[s->p] != '#') {
        uint32_t e = trimmed(s), n = e - s->p, shown = n;
        if (shown > 48) /* quote at most 48 bytes, never half a character */
            for (shown = 48; shown > 0 && ((unsigned char)s->t[s->p + shown] & 0xC0) == 0x80; shown--)
                ;
        return ferr(s, s->p, e, "unexpected text after %s: '%.*s%s'", after, (int)shown, s->t + s->p,
                    shown < n ? "…" : "");
    }
    if (s->p < s->le) {
        fl->cs = s->p;
        fl->ce = comment_end(s->t, s->p, s->le);
    }
    return true;
}

/* A quoted string at s->p, escapes checked; s->p goes past it. */
static bool quoted(facts_fmt *s)
{
    uint32_t q = s->p, i = q + 1;
    for (;;) {
        if (i >= s->le || (s->t[i] == '\\' && i + 1 >= s->le))
            return ferr(s, q, s->le, "unterminated string: the closing \" is missing");
        if (s->t[i] == '"')
            break;
        if (s->t[i] == '\\') {
            char e = s->t[i + 1];
            if (e != '"' && e != '\\' && e != 'n' && e != 't') {
                int b = eri_utf8_len((const unsigned char *)s->t + i + 1, s->le - i - 1);
                b = b ? b : 1;
                return ferr(s, i, i + 1 + (uint32_t)b,
                            "unknown escape '\\%.*s' in a string; use \\\" \\\\ \\n or \\t", b,
                            s->t + i + 1);
            }
            i++;
        }
        i++;
    }
    s->p = i + 1;
    return true;
}

/* Control characters (but tab) and invalid UTF-8 are errors, as in facts.c. */
static bool clean_line(facts_fmt *s)
{
    for (uint32_t i = s->p; i < s->le;) {
        unsigned char c = (unsigned char)s->t[i];
        if (c == 0)
            return ferr(s, i, i + 1, "unexpected NUL byte");
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return ferr(s, i, i + 1, "unexpected control character 0x%02X", c);
        int n = eri_utf8_len((const unsigned char *)s->t + i, s->le - i);
        if (n == 0)
            return ferr(s, i, i + 1, "invalid UTF-8 (byte 0x%02X)", c);
        i += (uint32_t)n;
    }
    return true;
}

/* One line into *fl; false after reporting. */
static bool facts_statement(facts_fmt *s, fact_line *fl)
{
    if (!clean_line(s))
        return false;
    skip_blanks(s);
    if (s->p >= s->le) {
        fl->kind = F_BLANK;
        return true;
    }
    if (s->t[s->p] == '#') {
        fl->kind = F_COMMENT;
        fl->cs = s->p;
        fl->ce = comment_end(s->t, s->p, s->le);
        return true;
    }
    uint32_t ks = s->p;
    while (s->p < s->le && is_key(s->t[s->p]))
        s->p++;
    uint32_t ke = s->p;
    skip_blanks(s);
    char c = s->p < s->le ? s->t[s->p] : '\0';
    fl->ks = ks;
    fl->ke = ke;
    if (ke - ks == 7 && memcmp(s->t + ks, "subject", 7) == 0 && (c == '=' || c == '"')) {
        fl->kind = F_VALUE;
        if (c == '=')
            s->p++;
        skip_blanks(s);
        fl->vs = s->p;
        if (s->p >= s->le || s->t[s->p] != '"')
            return ferr(s, s->p, trimmed(s),
                        "the subject must be a quoted string: subject = \"某某有限公司\"");
        if (!quoted(s))
            return false;
        fl->ve = s->p;
        if (fl->ve - fl->vs == 2)
            return ferr(s, fl->vs, fl->ve, "the subject is empty");
        return rest(s, fl, "the subject");
    }
    if (ke - ks == 7 && memcmp(s->t + ks, "exclude", 7) == 0 && c != '=') {
        fl->kind = F_EXCLUDE;
        fl->ks = s->p;
        while (s->p < s->le && is_key(s->t[s->p]))
            s->p++;
        fl->ke = s->p;
        if (fl->ke == fl->ks)
            return ferr(s, fl->ks, trimmed(s),
                        "expected an indicator id after 'exclude': exclude 5.2.3 \"reason\"");
        skip_blanks(s);
        fl->vs = s->p;
        bool none = s->p >= s->le || s->t[s->p] == '#', q = !none && s->t[s->p] == '"';
        if (q && !quoted(s))
            return false;
        if (!q || s->p - fl->vs == 2) /* absent, not quoted or empty */
            return ferr(s, none ? fl->ke : fl->vs, none ? fl->ke : q ? s->p : trimmed(s),
                        "an exclusion needs a reason: exclude %.*s \"…\"", (int)(fl->ke - fl->ks),
                        s->t + fl->ks);
        fl->ve = s->p;
        return rest(s, fl, "the reason");
    }
    if (ke == ks || c != '=')
        return ferr(s, ks, trimmed(s),
                    "expected 'name = value', 'subject = \"…\"' or 'exclude ID \"reason\"'");
    fl->kind = F_VALUE;
    s->p++;
    skip_blanks(s);
    fl->vs = s->p;
    if (s->p >= s->le || s->t[s->p] == '#')
        return ferr(s, s->p, s->p, "missing value for '%.*s'", (int)(ke - ks), s->t + ks);
    if (s->t[s->p] == '"') {
        if (!quoted(s))
            return false;
    } else {
        while (s->p < s->le && !is_blank(s->t[s->p]) && s->t[s->p] != '#')
            s->p++; /* a bare value */
    }
    fl->ve = s->p;
    return rest(s, fl, "the value");
}

/* Width of a statement line as written (before its comment). */
static size_t facts_width(const char *t, const fact_line *fl, size_t name_col)
{
    if (fl->kind == F_VALUE)
        return name_col + 3 + columns(t + fl->vs, fl->ve - fl->vs);
    return 8 + (fl->ke - fl->ks) + 1 + columns(t + fl->vs, fl->ve - fl->vs);
}

static void facts_write(const char *t, const fact_line *fl, size_t name_col, buf *out)
{
    if (fl->kind == F_VALUE) {
        put(out, t + fl->ks, fl->ke - fl->ks);
        put_spaces(out, name_col - (fl->ke - fl->ks));
        put(out, " = ", 3);
    } else {
        put(out, "exclude ", 8);
        put(out, t + fl->ks, fl->ke - fl->ks);
        put(out, " ", 1);
    }
    put(out, t + fl->vs, fl->ve - fl->vs);
}

static bool format_facts(eri_arena *a, const eri_source *src, er_diag *d, buf *out)
{
    facts_fmt s = {.src = src, .d = d, .t = src->text};
    uint32_t len = (uint32_t)src->len, n = 0;
    for (uint32_t i = 0; i < len; i++)
        n += src->text[i] == '\n';
    fact_line *fl = ERI_NEW_ARRAY(a, fact_line, n + 1);
    uint32_t nfl = 0;
    bool ok = true;
    if (len >= 3 && memcmp(s.t, "\xEF\xBB\xBF", 3) == 0)
        s.p = 3; /* a byte order mark is dropped */
    while (s.p < len) {
        const char *nl = memchr(s.t + s.p, '\n', len - s.p);
        uint32_t next = nl ? (uint32_t)(nl - s.t) + 1 : len;
        s.le = nl ? (uint32_t)(nl - s.t) : len;
        if (s.le > s.p && s.t[s.le - 1] == '\r')
            s.le--;
        fact_line *l = &fl[nfl++];
        *l = (fact_line){0};
        ok = facts_statement(&s, l) && ok;
        s.p = next;
    }
    if (!ok)
        return false;
    bool any = false, blank = false;
    for (uint32_t i = 0; i < nfl;) {
        if (fl[i].kind == F_BLANK) {
            blank = any;
            i++;
            continue;
        }
        if (blank)
            put(out, "\n", 1);
        blank = false;
        any = true;
        if (fl[i].kind == F_COMMENT) {
            put(out, s.t + fl[i].cs, fl[i].ce - fl[i].cs);
            put(out, "\n", 1);
            i++;
            continue;
        }
        uint32_t e = i; /* the block [i, e) */
        size_t name_col = 0, width = 0;
        for (; e < nfl && (fl[e].kind == F_VALUE || fl[e].kind == F_EXCLUDE); e++)
            if (fl[e].kind == F_VALUE && fl[e].ke - fl[e].ks > name_col)
                name_col = fl[e].ke - fl[e].ks;
        for (uint32_t j = i; j < e; j++) {
            size_t w = facts_width(s.t, &fl[j], name_col);
            width = w > width ? w : width;
        }
        size_t comment_col = width + 1 > FACTS_COMMENT_COLUMN ? width + 1 : FACTS_COMMENT_COLUMN;
        for (; i < e; i++) {
            facts_write(s.t, &fl[i], name_col, out);
            if (fl[i].ce > fl[i].cs) {
                put_spaces(out, comment_col - facts_width(s.t, &fl[i], name_col));
                put(out, s.t + fl[i].cs, fl[i].ce - fl[i].cs);
            }
            put(out, "\n", 1);
        }
    }
    return true;
}

/* ---- the API ------------------------------------------------------------ */

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n > m && strcmp(s + n - m, end) == 0 && s[n - m - 1] != '/';
}

bool er_fmt_kind_of(const char *path, er_fmt_kind *kind)
{
    if (ends_with(path, ".rules") || ends_with(path, ".scheme")) { /* a scheme file is in the rules language */
        *kind = ER_FMT_RULES;
        return true;
    }
    if (ends_with(path, ".facts")) {
        *kind = ER_FMT_FACTS;
        return true;
    }
    return false;
}
typedef struct format_args {
    er_fmt_kind kind;
    eri_arena *a;
    const eri_source *src;
    er_diag *d;
    buf out;
    bool ok;
} format_args;

/* Either layout (a protected call). */
static void format_any(void *arg)
{
    format_args *fa = arg;
    fa->ok = fa->kind == ER_FMT_FACTS ? format_facts(fa->a, fa->src, fa->d, &fa->out)
                                      : format_rules(fa->a, fa->src, fa->d, &fa->out);
}

char *er_format(er_fmt_kind kind, const char *name, const char *text, size_t len, size_t *out_len,
                er_diag *d)
{
    if (len > MAX_TEXT) {
        eri_diag_file(d, ERI_SEV_ERROR, name, "too large to format (more than 256 MiB)");
        return NULL;
    }
    eri_source *src = eri_source_from_string(name, text, len);
    eri_arena *a = src ? eri_arena_new() : NULL;
    if (!a) {
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    format_args fa = {.kind = kind, .a = a, .src = src, .d = d, .out = {.a = a}, .ok = false};
    if (!eri_arena_protect(a, format_any, &fa)) {
        eri_arena_free(a);
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while formatting %s", name);
        return NULL;
    }
    buf out = fa.out;
    bool ok = fa.ok;
    char *result = NULL;
    if (ok) {
        result = eri_malloc(out.len + 1);
        if (result) {
            if (out.len)
                memcpy(result, out.s, out.len);
            result[out.len] = '\0';
            *out_len = out.len;
        } else {
            eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while formatting %s", name);
        }
    }
    eri_arena_free(a);
    eri_source_free(src);
    return result;
}

char *er_fmt_read(const char *path, size_t *len, er_diag *d)
{
    bool std_in = strcmp(path, "-") == 0;
    FILE *f = std_in ? stdin : fopen(path, "rb");
    if (!f) {
        eri_diag_io(d, path, errno);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *text = eri_malloc(cap);
    int err = text ? 0 : ENOMEM;
    while (!err) {
        if (n + 1 >= cap) {
            char *more = cap < MAX_TEXT ? eri_realloc(text, cap * 2) : NULL;
            if (!more) {
                err = cap < MAX_TEXT ? ENOMEM : EFBIG;
                break;
            }
            text = more;
            cap *= 2;
        }
        size_t got = fread(text + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                err = errno ? errno : EIO;
            break;
        }
    }
    if (!std_in)
        fclose(f);
    if (err) {
        eri_free(text);
        eri_diag_io(d, std_in ? "<stdin>" : path, err);
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

void er_fmt_free(char *text) { eri_free(text); }
