/* fmt_rules.c — the canonical layout of a rules file (`evalrules fmt`).
 *
 * A rules file is re-laid out token by token.  The real parser first checks
 * the file (a file with syntax errors is not formatted) and its tree says
 * where statements start, which strings are concatenated, which '-' is a
 * sign and which name is called; the real scanner (tokens.h) then gives
 * every token's bytes, which are copied exactly, in order, so the formatted
 * file parses to the same tree.  What lies between tokens is whitespace and
 * comments only: comments are kept byte for byte (trailing blanks dropped),
 * blank lines collapse to one, and everything else is decided here:
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
 * Layout rules are documented in docs/fmt.md. */
#include "fmt.h"

#include <string.h>

#include "ast.h"
#include "parse.h"
#include "tokens.h"

/* ---- rules files: tokens and what the tree says about them ------------- */

enum {
    T_LINE = 1 << 0,   /* starts a statement */
    T_OPEN = 1 << 1,   /* '{' of a block (not of an enum) */
    T_CLOSE = 1 << 2,  /* '}' of a block */
    T_SIGN = 1 << 3,   /* '-' of a negative literal or a negation */
    T_CALLEE = 1 << 4, /* name of a call: no space before its '(' */
    T_TIGHT = 1 << 5,  /* '/' of a fraction of two numbers: 18/20 */
    T_CONCAT = 1 << 6, /* a string concatenated to the previous one */
    T_BOUND = 1 << 7,  /* a fact named as a range bound: range ..audit.date */
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
    uint32_t ntok;
    line *ln;
    uint32_t nln, lcap;
} rules_fmt;

/* Every token of the (already parsed) source, from the real scanner. */
static void lex(rules_fmt *f, er_diag *d)
{
    eri_token *t;
    f->ntok = eri_tokenize(f->src, f->a, d, &t);
    f->tok = ERI_NEW_ARRAY(f->a, tok, f->ntok + 1);
    for (uint32_t i = 0; i < f->ntok; i++) {
        f->tok[i] = (tok){.kind = t[i].kind, .start = t[i].span.start, .end = t[i].span.end,
                          .pad = {-1, -1}, .first_string = -1};
        f->tok[i].width = (uint32_t)eri_utf8_columns(f->t + t[i].span.start,
                                                     t[i].span.end - t[i].span.start);
    }
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

/* a number over a number reads as a fraction: 1/3, 18/20 */
static void fraction(rules_fmt *f, int op, const eri_expr *l, const eri_expr *r)
{
    uint32_t i = token_from(f, l->span.end);
    if (op == ERI_OP_DIV && l->kind == ERI_EX_NUM && r->kind == ERI_EX_NUM && !l->a && !r->a && i > 0 &&
        i + 1 < f->ntok && f->tok[i].kind == '/' && f->tok[i - 1].kind == ERI_TK_NUMBER &&
        f->tok[i + 1].kind == ERI_TK_NUMBER)
        f->tok[i].flags |= T_TIGHT;
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
        case ERI_EX_BINARY: /* a judgement's n/m */
            fraction(f, e->op, e->a, e->b);
            break;
        case ERI_EX_CHAIN: /* the first pair only: in 2 * 1/3 the 1 is not the left side of the '/' */
            fraction(f, e->a->next->link, e->a, e->a->next);
            mark_expr(f, e->a); /* the operands, one after the other */
            continue;
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
        if (f->tok[i].kind != ERI_TK_STRING)
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
        if (d->kind == ERI_DC_FACT && d->b && d->b->kind == ERI_EX_NAME)
            flag_at(f, d->b->span.start, T_BOUND);
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
        case ERI_DC_DEDUCT: /* deduct|bonus LABEL [english LABEL] EXPR */
        case ERI_DC_BONUS:
            group(f, at, G_ADJUST, (int32_t)at, (int32_t)at + 1);
            break;
        case ERI_DC_LEVEL: /* level LABEL [english LABEL] at N */
            group(f, at, G_LEVEL, (int32_t)at + 1, d->extra.s ? (int32_t)at + 3 : -1);
            break;
        case ERI_DC_TIER: /* CMP EXPR : SHARE */
            if (d->a)
                group(f, at, G_TIER, token_ending(f, d->a->span.end), -1);
            break;
        case ERI_DC_GRADE: { /* 'otherwise SHARE' of a grade has its own line */
            uint32_t i = d->b ? token_from(f, d->b->span.start) : 0;
            if (i > 0 && i < f->ntok && f->tok[i - 1].kind == ERI_TK_OTHERWISE)
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
            bool block = !(i > 0 && f->tok[i - 1].kind == ERI_TK_ENUM);
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
                    c->cend = eri_fmt_comment_end(t, p, e);
                } else {
                    line *l = new_line(f);
                    l->comment = l->open = true;
                    l->blank = nl >= 2;
                    l->cstart = p;
                    l->cend = eri_fmt_comment_end(t, p, e);
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
            else if (cont && f->tok[stmt].kind == ERI_TK_FACT && stmt + 3 < i)
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
    if (k->kind == ERI_TK_DOTDOT) /* range 0..100, range ..5 */
        return p->kind == ERI_TK_RANGE;
    if (p->kind == ERI_TK_DOTDOT) /* but: range 0.. default 1 */
        return !(k->kind == ERI_TK_NUMBER || k->kind == ERI_TK_PERCENT || k->kind == ERI_TK_DATE ||
                 k->kind == ERI_TK_STRING || k->kind == '-' || k->kind == ERI_TK_TRUE ||
                 k->kind == ERI_TK_FALSE || (k->flags & T_BOUND));
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
static uint32_t lay_out(rules_fmt *f, line *l, eri_fmt_buf *out)
{
    uint32_t col = l->indent;
    if (out)
        eri_fmt_spaces(out, col);
    const tok *head = &f->tok[l->first];
    for (uint32_t i = l->first; i < l->last; i++) {
        tok *k = &f->tok[i];
        if (i > l->first && space_before(f, i)) {
            col++;
            if (out)
                eri_fmt_put(out, " ", 1);
        }
        k->col = col;
        col += k->width;
        if (out)
            eri_fmt_put(out, f->t + k->start, k->end - k->start);
        for (int p = 0; p < 2; p++)
            if (!l->cont && (int32_t)i == head->pad[p] && l->target[p] > col && i + 1 < l->last) {
                if (out)
                    eri_fmt_spaces(out, l->target[p] - col);
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
static void render(rules_fmt *f, eri_fmt_buf *out)
{
    eri_fmt_buf scratch = {.a = f->a};
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
                eri_fmt_put(out, "\n", 1);
            if (l->comment) {
                eri_fmt_spaces(out, l->indent);
                eri_fmt_put(out, f->t + l->cstart, l->cend - l->cstart);
            } else {
                eri_fmt_put(out, scratch.s + l->text, l->len);
                if (l->cstart != l->cend) {
                    eri_fmt_spaces(out, width + 1 - l->width);
                    eri_fmt_put(out, f->t + l->cstart, l->cend - l->cstart);
                }
            }
            eri_fmt_put(out, "\n", 1);
        }
    }
}

bool eri_fmt_rules(eri_arena *a, const eri_source *src, er_diag *d, eri_fmt_buf *out)
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
