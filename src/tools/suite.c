/* suite.c — test files for rules: reading them, running their cases and
 * rewriting their expectations (`evalrules test`, docs/testing-rules.md).
 *
 * One statement a line, like a facts file (UTF-8, CRLF fine, '#' comments):
 *   case "NAME"                   starts a case; names are unique in a file
 *   facts PATH                    the case's facts file, relative to the test
 *                                 file's directory (optional, once a case)
 *   NAME = VALUE                  \  facts-file lines, read over the facts file
 *   subject = "…"                  > (or, without 'facts', all the facts);
 *   exclude ID "reason"           /  a value given here replaces the file's
 *   expect score NUMBER           the final score (95, 95.0: compared exactly)
 *   expect level LABEL | none     the level awarded, or none when not rated
 *   expect veto "MESSAGE" | none  the vetoes that fire: every one, one a line
 *   expect vetoes COUNT           how many vetoes fire
 *   expect earned ID|total VALUE  points earned: 3.75, 15/4, or 3.866667… (rounded)
 *   expect applicable ID|total VALUE   applicable points, the same way
 *   expect excluded ID            the indicator or item is not applicable
 *   expect error "TEXT"           the evaluation fails, with TEXT in its messages
 * The facts lines of a case are read by facts.c as an overlay whose text is
 * the whole test file with every other line blanked to spaces: offsets, lines
 * and columns are then the test file's own, in diagnostics and reports. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules_tools.h"
#include "alloc.h"
#include "diag.h"
#include "eval.h"
#include "report.h"

#define SHOWN 48   /* bytes of user text quoted in a message */
#define DECIMALS 6 /* places an actual value is written with before it becomes a fraction */

typedef enum xkind { X_SCORE, X_LEVEL, X_VETO, X_VETOES, X_EARNED, X_APPLICABLE, X_EXCLUDED, X_ERROR, X_COUNT_ } xkind;
static const char *const xnames[X_COUNT_] = {"score",      "level",    "veto",    "vetoes",
                                              "earned", "applicable", "excluded", "error"};

typedef struct expect {
    xkind k;
    int line;
    uint32_t ls, lnext;  /* the line: start, and start of the next line */
    uint32_t ks, vs, ve; /* the kind word; the value (what --update replaces) */
    int32_t node;        /* earned/applicable/excluded: node, -1 for the totals */
    eri_num num;          /* score, earned, applicable */
    int places;          /* -1: exact; else the value was written rounded to these places (…) */
    int32_t index;       /* level or veto index, -1 for none */
    int64_t count;       /* vetoes */
    const char *text;    /* error */
} expect;

typedef struct tcase {
    const char *name;
    int line;
    uint32_t name_s, name_e;
    const char *facts_path; /* joined with the test file's directory; NULL when all facts are inline */
    uint32_t path_s, path_e;
    int path_line;
    uint32_t *lines;        /* facts lines: start, end pairs */
    uint32_t nlines, lcap;
    expect *x;
    uint32_t nx, xcap;
    uint32_t indent_s, indent_e; /* indentation to give an added line */
    uint32_t tail;          /* where an added line goes: after the case's last statement */
    bool tail_nl;           /* that statement ends with a newline */
    er_facts *facts;        /* loaded; NULL when they had errors */
    unsigned errors;        /* errors reported before the case began */
} tcase;

struct er_suite {
    const er_rules *r;
    eri_source *src;
    eri_arena *arena;
    tcase *cases;
    uint32_t ncases, ccap;
    const char **bad; /* facts files that could not be loaded */
    uint32_t nbad;
};

/* ---- reading ------------------------------------------------------------ */

typedef struct scan {
    er_suite *s;
    er_diag *d;
    const char *t;
    uint32_t p, le, next; /* cursor; end of the line's content; start of the next line */
    uint32_t ls;          /* start of the line */
    int line;
    tcase *c;             /* the current case */
} scan;

__attribute__((format(printf, 4, 5))) static bool err(scan *s, uint32_t start, uint32_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(s->d, ERI_SEV_ERROR, s->s->src, start, end, fmt, ap);
    va_end(ap);
    return false;
}

static int shown(const char *s, size_t len)
{
    if (len <= SHOWN)
        return (int)len;
    size_t n = SHOWN;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}
#define CLIP(s, len) shown((s), (len)), (s), ((len) > SHOWN ? "…" : "")

static bool is_blank(char c) { return c == ' ' || c == '\t'; }
static bool is_key(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}
static bool same(const char *a, size_t alen, const char *word) { return strlen(word) == alen && memcmp(a, word, alen) == 0; }

static void skip_blanks(scan *s)
{
    while (s->p < s->le && is_blank(s->t[s->p]))
        s->p++;
}

static bool at_end(scan *s)
{
    skip_blanks(s);
    return s->p >= s->le || s->t[s->p] == '#';
}

static uint32_t trimmed_end(const scan *s)
{
    uint32_t e = s->le;
    while (e > s->p && is_blank(s->t[e - 1]))
        e--;
    return e;
}

static bool rest_is_empty(scan *s, const char *after)
{
    if (at_end(s))
        return true;
    uint32_t e = trimmed_end(s);
    return err(s, s->p, e, "unexpected text after %s: '%.*s%s'", after, CLIP(s->t + s->p, e - s->p));
}

/* Did-you-mean among words: the closest within max(2, len/3) edits, or NULL. */
static const char *closest(const char *w, size_t len, const char *const *words, size_t n)
{
    const char *hit = NULL;
    size_t best = 0, max = len / 3 > 2 ? len / 3 : 2;
    for (size_t i = 0; i < n; i++) {
        size_t d = eri_edit_distance(w, len, words[i], strlen(words[i]), max);
        if (d <= max && (!hit || d < best)) {
            hit = words[i];
            best = d;
        }
    }
    return hit;
}

/* A word: key characters at s->p. */
static uint32_t word(scan *s)
{
    while (s->p < s->le && is_key(s->t[s->p]))
        s->p++;
    return s->p;
}

/* A bare value: up to a blank or '#'. */
static uint32_t bare(scan *s)
{
    while (s->p < s->le && !is_blank(s->t[s->p]) && s->t[s->p] != '#')
        s->p++;
    return s->p;
}

/* A quoted string at s->p ("…" with \" \\ \n \t) into the arena; NULL after reporting. */
static const char *string(scan *s)
{
    uint32_t q = s->p, i = q + 1;
    size_t n = 0;
    for (;; n++) {
        if (i >= s->le || (s->t[i] == '\\' && i + 1 >= s->le))
            return err(s, q, s->le, "unterminated string: the closing \" is missing"), NULL;
        if (s->t[i] == '"')
            break;
        if (s->t[i] != '\\') {
            i++;
            continue;
        }
        char e = s->t[i + 1];
        if (e != '"' && e != '\\' && e != 'n' && e != 't')
            return err(s, i, i + 2, "unknown escape in a string; use \\\" \\\\ \\n or \\t"), NULL;
        i += 2;
    }
    char *buf = eri_arena_alloc(s->s->arena, n + 1), *o = buf;
    for (uint32_t j = q + 1; j < i; j++) {
        char c = s->t[j];
        if (c == '\\') {
            c = s->t[++j];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        *o++ = c;
    }
    *o = '\0';
    s->p = i + 1;
    return buf;
}

/* A quoted string or a bare value into *out (arena); false after reporting. */
static bool text_value(scan *s, const char **out, uint32_t *vs, uint32_t *ve)
{
    *vs = s->p;
    if (s->t[s->p] == '"') {
        *out = string(s);
        *ve = s->p;
        return *out != NULL;
    }
    *ve = bare(s);
    *out = eri_arena_strndup(s->s->arena, s->t + *vs, *ve - *vs);
    return true;
}

/* NUMBER, N/D or NUMBER… (rounded) into x; false when it is none of them. */
static bool number(const char *t, size_t len, eri_num *out, int *places)
{
    *places = -1;
    const char *slash = memchr(t, '/', len);
    if (slash) {
        eri_num a, b;
        size_t alen = (size_t)(slash - t);
        return eri_num_parse(t, alen, &a) == ERI_NUM_OK && eri_num_parse(slash + 1, len - alen - 1, &b) == ERI_NUM_OK &&
               eri_num_is_int(a) && eri_num_is_int(b) && eri_num_div(a, b, out) == ERI_NUM_OK;
    }
    size_t ell = len >= 3 && memcmp(t + len - 3, "\xE2\x80\xA6", 3) == 0 ? 3
                 : len >= 3 && memcmp(t + len - 3, "...", 3) == 0   ? 3
                                                                   : 0;
    if (eri_num_parse(t, len - ell, out) != ERI_NUM_OK)
        return false;
    if (ell) {
        const char *dot = memchr(t, '.', len - ell);
        *places = dot ? (int)(t + len - ell - dot - 1) : 0;
    }
    return true;
}

static expect *new_expect(scan *s, xkind k, uint32_t ks)
{
    tcase *c = s->c;
    if (c->nx == c->xcap) {
        uint32_t cap = c->xcap ? c->xcap * 2 : 8;
        c->x = eri_arena_grow(s->s->arena, c->x, sizeof *c->x * c->xcap, sizeof *c->x * cap);
        c->xcap = cap;
    }
    expect *x = &c->x[c->nx++];
    *x = (expect){.k = k, .line = s->line, .ls = s->ls, .lnext = s->next, .ks = ks, .node = -1, .places = -1,
                  .index = -1};
    return x;
}

static const expect *find(const tcase *c, xkind k)
{
    for (uint32_t i = 0; i < c->nx; i++)
        if (c->x[i].k == k)
            return &c->x[i];
    return NULL;
}

/* An indicator id (or 'total' where allowed) at s->p into x->node. */
static bool node_id(scan *s, expect *x, bool total)
{
    const er_rules *r = s->s->r;
    skip_blanks(s);
    uint32_t is = s->p, ie = word(s);
    if (ie == is)
        return err(s, is, trimmed_end(s), "expected an indicator id%s after 'expect %s'", total ? " or 'total'" : "",
                   xnames[x->k]);
    const char *id = s->t + is;
    x->node = eri_rules_find_node(r, id, ie - is);
    if (x->node >= 0 || (total && same(id, ie - is, "total"))) {
        skip_blanks(s);
        return true;
    }
    const char *hit = NULL;
    size_t best = 0, max = (ie - is) / 3 > 2 ? (ie - is) / 3 : 2;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        size_t dist = eri_edit_distance(id, ie - is, r->nodes[i].id, strlen(r->nodes[i].id), max);
        if (dist <= max && (!hit || dist < best)) {
            hit = r->nodes[i].id;
            best = dist;
        }
    }
    return err(s, is, ie, "unknown indicator '%.*s%s'%s%s%s", CLIP(id, ie - is), hit ? "; did you mean '" : "",
               hit ? hit : "", hit ? "'?" : "");
}

static bool level_value(scan *s, expect *x)
{
    const er_rules *r = s->s->r;
    const char *v;
    if (!text_value(s, &v, &x->vs, &x->ve))
        return false;
    bool quoted = s->t[x->vs] == '"';
    if ((!quoted && strcmp(v, "none") == 0) || (r->unrated_label && strcmp(v, r->unrated_label) == 0))
        return true;
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (strcmp(v, r->levels[i].label) == 0) {
            x->index = (int32_t)i;
            return true;
        }
    const char *labels[64];
    size_t n = 0;
    for (uint32_t i = 0; i < r->nlevels && n < 64; i++)
        labels[n++] = r->levels[i].label;
    const char *hit = closest(v, strlen(v), labels, n);
    for (size_t i = 0; !hit && *v && i < n; i++) /* 五星 for 五星级 */
        if (strstr(labels[i], v) || strstr(v, labels[i]))
            hit = labels[i];
    return err(s, x->vs, x->ve, "unknown level '%.*s%s'%s%s%s (the levels: %s%s%s)", CLIP(v, strlen(v)),
               hit ? "; did you mean '" : "", hit ? hit : "", hit ? "'?" : "", r->nlevels ? r->levels[0].label : "",
               r->nlevels > 1 ? " … " : "", r->nlevels > 1 ? r->levels[r->nlevels - 1].label : "");
}

static bool veto_value(scan *s, expect *x)
{
    const er_rules *r = s->s->r;
    const char *v;
    if (!text_value(s, &v, &x->vs, &x->ve))
        return false;
    if (s->t[x->vs] != '"' && strcmp(v, "none") == 0)
        return true;
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (strcmp(v, r->vetoes[i].message) == 0) {
            x->index = (int32_t)i;
            return true;
        }
    const char *msgs[64];
    size_t n = 0;
    for (uint32_t i = 0; i < r->nvetoes && n < 64; i++)
        msgs[n++] = r->vetoes[i].message;
    const char *hit = closest(v, strlen(v), msgs, n);
    if (!hit && r->nvetoes == 1)
        hit = r->vetoes[0].message;
    return err(s, x->vs, x->ve, "no veto has the message '%.*s%s'%s%s%s", CLIP(v, strlen(v)),
               hit ? "; did you mean \"" : "", hit ? hit : "", hit ? "\"?" : "");
}

/* expect KIND …, with s->p after 'expect'. */
static bool expectation(scan *s)
{
    tcase *c = s->c;
    skip_blanks(s);
    uint32_t ks = s->p, ke = word(s);
    xkind k = X_COUNT_;
    for (int i = 0; i < X_COUNT_; i++)
        if (same(s->t + ks, ke - ks, xnames[i]))
            k = (xkind)i;
    if (k == X_COUNT_) {
        if (ke == ks)
            ke = bare(s);
        const char *hit = closest(s->t + ks, ke - ks, xnames, X_COUNT_);
        if (hit)
            return err(s, ks, ke, "unknown expectation '%.*s%s'; did you mean '%s'?", CLIP(s->t + ks, ke - ks), hit);
        return err(s, ks, ke > ks ? ke : trimmed_end(s), "unknown expectation '%.*s%s': expect score, level, veto, "
                   "vetoes, earned, applicable, excluded or error", CLIP(s->t + ks, ke - ks));
    }
    const expect *dup = (k == X_SCORE || k == X_LEVEL || k == X_VETOES || k == X_ERROR) ? find(c, k) : NULL;
    if (dup)
        return err(s, ks, ke, "this case already expects a %s (line %d)", xnames[k], dup->line);
    expect *x = new_expect(s, k, ks);
    if (k == X_EARNED || k == X_APPLICABLE || k == X_EXCLUDED) {
        if (!node_id(s, x, k != X_EXCLUDED))
            return false;
        for (uint32_t i = 0; i + 1 < c->nx; i++)
            if (c->x[i].k == k && c->x[i].node == x->node)
                return err(s, ks, s->p, "this case already expects %s of %s (line %d)", xnames[k],
                           x->node >= 0 ? s->s->r->nodes[x->node].id : "total", c->x[i].line);
        if (k == X_EXCLUDED) {
            x->vs = x->ve = s->p;
            return rest_is_empty(s, "the indicator id");
        }
    }
    skip_blanks(s);
    if (at_end(s))
        return err(s, s->p, s->p, "missing value after 'expect %s'", xnames[k]);
    switch (k) {
    case X_SCORE:
    case X_EARNED:
    case X_APPLICABLE:
        x->vs = s->p;
        x->ve = bare(s);
        if (!number(s->t + x->vs, x->ve - x->vs, &x->num, &x->places) || (k == X_SCORE && x->places >= 0))
            return err(s, x->vs, x->ve, "expected %s, found '%.*s%s'",
                       k == X_SCORE ? "a score such as 95.0" : "points such as 3.75, 15/4 or 3.866667…",
                       CLIP(s->t + x->vs, x->ve - x->vs));
        break;
    case X_LEVEL:
        if (!level_value(s, x))
            return false;
        break;
    case X_VETO:
        if (!veto_value(s, x))
            return false;
        for (uint32_t i = 0; i + 1 < c->nx; i++)
            if (c->x[i].k == X_VETO && (c->x[i].index == x->index || c->x[i].index < 0 || x->index < 0))
                return err(s, x->vs, x->ve, "%s (line %d)",
                           c->x[i].index == x->index ? "this veto is already expected"
                                                     : "'expect veto none' and an expected veto contradict each other",
                           c->x[i].line);
        break;
    case X_VETOES: {
        x->vs = s->p;
        x->ve = bare(s);
        eri_num n;
        int places;
        if (!number(s->t + x->vs, x->ve - x->vs, &n, &places) || places >= 0 || !eri_num_is_int(n) ||
            eri_num_sign(n) < 0)
            return err(s, x->vs, x->ve, "expected a count of vetoes, found '%.*s%s'",
                       CLIP(s->t + x->vs, x->ve - x->vs));
        x->count = n.num;
        break;
    }
    case X_ERROR:
        x->vs = s->p;
        if (s->t[s->p] != '"')
            return err(s, s->p, trimmed_end(s), "expect error takes a quoted text: expect error \"missing fact\"");
        if (!(x->text = string(s)))
            return false;
        x->ve = s->p;
        break;
    default:
        break;
    }
    return rest_is_empty(s, "the expected value");
}

/* A facts-file line of the current case: kept for the overlay. */
static void facts_line(scan *s)
{
    tcase *c = s->c;
    if (c->nlines == c->lcap) {
        uint32_t cap = c->lcap ? c->lcap * 2 : 16;
        c->lines = eri_arena_grow(s->s->arena, c->lines, sizeof *c->lines * 2 * c->lcap, sizeof *c->lines * 2 * cap);
        c->lcap = cap;
    }
    c->lines[2 * c->nlines] = s->ls;
    c->lines[2 * c->nlines + 1] = s->le;
    c->nlines++;
}

static const char *dir_join(eri_arena *a, const char *file, const char *path, size_t len)
{
    const char *slash = strrchr(file, '/');
    size_t dlen = path[0] == '/' || !slash ? 0 : (size_t)(slash - file) + 1;
    char *out = eri_arena_alloc(a, dlen + len + 1);
    memcpy(out, file, dlen);
    memcpy(out + dlen, path, len);
    out[dlen + len] = '\0';
    return out;
}

static void facts_directive(scan *s, uint32_t ks)
{
    tcase *c = s->c;
    skip_blanks(s);
    if (at_end(s)) {
        err(s, s->p, s->p, "expected a facts file after 'facts': facts ../examples/five-star.facts");
        return;
    }
    if (c->path_e) {
        err(s, ks, trimmed_end(s), "this case already names its facts file (line %d)", c->path_line);
        return;
    }
    const char *path;
    uint32_t vs, ve;
    if (!text_value(s, &path, &vs, &ve) || !rest_is_empty(s, "the facts file"))
        return;
    if (!*path) {
        err(s, vs, ve, "the facts file name is empty");
        return;
    }
    c->path_s = vs;
    c->path_e = ve;
    c->path_line = s->line;
    c->facts_path = dir_join(s->s->arena, s->s->src->name, path, strlen(path));
}

static void finish_case(er_suite *su, tcase *c, er_diag *d);

/* case "NAME": a new case even when the line has errors, so that the lines
 * after it are not taken for the case before. */
static void new_case(scan *s, uint32_t ks)
{
    er_suite *su = s->s;
    skip_blanks(s);
    uint32_t ns = s->p;
    const char *name = NULL;
    unsigned errors = er_diag_errors(s->d);
    if (s->p >= s->le || s->t[s->p] != '"')
        err(s, ns > ks + 4 ? ns : ks, trimmed_end(s), "a case needs a quoted name: case \"五星级下限\"");
    else if ((name = string(s)) && !*name)
        err(s, ns, s->p, "the case name is empty");
    else if (name && rest_is_empty(s, "the case name")) {
        for (uint32_t i = 0; i < su->ncases; i++)
            if (strcmp(su->cases[i].name, name) == 0) {
                err(s, ns, s->p, "a case named \"%s\" already exists (line %d)", name, su->cases[i].line);
                break;
            }
    }
    if (su->ncases == su->ccap) {
        uint32_t cap = su->ccap ? su->ccap * 2 : 16;
        su->cases = eri_arena_grow(su->arena, su->cases, sizeof *su->cases * su->ccap, sizeof *su->cases * cap);
        su->ccap = cap;
    }
    s->c = &su->cases[su->ncases++];
    *s->c = (tcase){.name = name ? name : "", .line = s->line, .name_s = ns, .name_e = s->p > ns ? s->p : s->le,
                    .errors = errors};
}

static void statement(scan *s)
{
    static const char *const keywords[] = {"case", "facts", "expect", "exclude", "subject"};
    if (at_end(s))
        return;
    uint32_t ks = s->p, ke = word(s);
    skip_blanks(s);
    char next = s->p < s->le ? s->t[s->p] : '\0';
    const char *k = s->t + ks;
    size_t klen = ke - ks;
    bool directive = ke > ks && next != '=';
    if (directive && same(k, klen, "case")) {
        if (s->c)
            finish_case(s->s, s->c, s->d);
        new_case(s, ks);
        return;
    }
    if (!s->c) {
        s->p = ks;
        err(s, ks, trimmed_end(s), "expected 'case \"name\"' to start a test case");
        return;
    }
    /* remember where the case's statements end and how they are indented */
    s->c->tail = s->next > s->le ? s->next : s->le;
    s->c->tail_nl = s->next > s->le;
    bool is_expect = directive && same(k, klen, "expect");
    if (!s->c->indent_e || (is_expect && s->c->nx == 0)) { /* the first statement's, then the first expect's */
        s->c->indent_s = s->ls;
        s->c->indent_e = ks;
    }
    if (directive && same(k, klen, "facts"))
        facts_directive(s, ks);
    else if (directive && same(k, klen, "expect")) {
        if (!expectation(s) && s->c->nx && s->c->x[s->c->nx - 1].line == s->line)
            s->c->nx--; /* a broken expectation is not kept */
    } else if ((ke > ks && next == '=') || (directive && (same(k, klen, "exclude") || same(k, klen, "subject"))) ||
               (ke > ks && eri_rules_find_fact(s->s->r, k, klen) >= 0)) /* facts.c says what is wrong */
        facts_line(s);
    else {
        if (ke == ks)
            ke = bare(s);
        const char *hit = closest(k, ke - ks, keywords, 5);
        if (hit)
            err(s, ks, ke, "unknown keyword '%.*s%s'; did you mean '%s'?", CLIP(k, ke - ks), hit);
        else
            err(s, ks, ke > ks ? ke : trimmed_end(s), "unknown keyword '%.*s%s': a case has 'facts FILE', 'expect …' "
                "and facts lines 'name = value'", CLIP(k, ke - ks));
    }
}

typedef struct read_args {
    er_suite *su;
    er_diag *d;
} read_args;

static void read_lines(er_suite *su, er_diag *d);

/* The test file read (a protected call). */
static void read_file(void *arg)
{
    read_args *ra = arg;
    read_lines(ra->su, ra->d);
    if (ra->su->ncases == 0)
        eri_diag_file(ra->d, ERI_SEV_ERROR, ra->su->src->name, "no test cases: start one with 'case \"name\"'");
}

static void read_lines(er_suite *su, er_diag *d)
{
    scan s = {.s = su, .d = d, .t = su->src->text};
    uint32_t len = (uint32_t)su->src->len;
    if (len >= 3 && memcmp(s.t, "\xEF\xBB\xBF", 3) == 0)
        s.p = 3;
    while (s.p < len) {
        const char *nl = memchr(s.t + s.p, '\n', len - s.p);
        s.ls = s.p;
        s.next = nl ? (uint32_t)(nl - s.t) + 1 : len;
        s.le = nl ? (uint32_t)(nl - s.t) : len;
        if (s.le > s.p && s.t[s.le - 1] == '\r')
            s.le--;
        s.line++;
        if (memchr(s.t + s.p, '\0', s.le - s.p))
            err(&s, s.p, s.le, "unexpected NUL byte");
        else
            statement(&s);
        s.p = s.next;
    }
    if (s.c)
        finish_case(su, s.c, d);
}

/* The overlay text of case c: the test file with every line but c's facts lines blanked. */
static char *overlay_text(const er_suite *su, const tcase *c)
{
    size_t len = su->src->len;
    char *t = eri_malloc(len + 1);
    if (!t)
        return NULL;
    for (size_t i = 0; i < len; i++)
        t[i] = su->src->text[i] == '\n' ? '\n' : ' ';
    for (uint32_t i = 0; i < c->nlines; i++)
        memcpy(t + c->lines[2 * i], su->src->text + c->lines[2 * i], c->lines[2 * i + 1] - c->lines[2 * i]);
    t[len] = '\0';
    return t;
}

/* Load case c's facts, reporting every error.  A facts file that failed
 * once is not read (nor reported) again. */
static void load_facts(er_suite *su, tcase *c, er_diag *d)
{
    for (uint32_t k = 0; c->facts_path && k < su->nbad; k++)
        if (strcmp(su->bad[k], c->facts_path) == 0)
            return;
    bool bad = false;
    if (c->facts_path) {
        FILE *f = fopen(c->facts_path, "rb");
        if (!f) {
            eri_diag_at(d, ERI_SEV_ERROR, su->src, c->path_s, c->path_e, "cannot read the facts file '%s': %s",
                       c->facts_path, strerror(errno));
            bad = true;
        } else
            fclose(f);
    }
    char *text = bad ? NULL : overlay_text(su, c);
    if (!bad && !text)
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
    else if (!bad && !c->facts_path)
        c->facts = er_facts_load_string(su->r, su->src->name, text, su->src->len, d);
    else if (!bad) {
        unsigned before = er_diag_errors(d);
        c->facts = er_facts_load(su->r, c->facts_path, d);
        bad = !c->facts && er_diag_errors(d) > before;
        if (c->facts && !er_facts_overlay_string(c->facts, su->src->name, text, su->src->len, d)) {
            er_facts_free(c->facts);
            c->facts = NULL;
        }
    }
    eri_free(text);
    if (bad) {
        su->bad = eri_arena_grow(su->arena, su->bad, sizeof *su->bad * su->nbad, sizeof *su->bad * (su->nbad + 1));
        su->bad[su->nbad++] = c->facts_path;
    }
}

/* The end of case c: what cannot be seen line by line, then its facts. */
static void finish_case(er_suite *su, tcase *c, er_diag *d)
{
    if (c->nx == 0 && er_diag_errors(d) == c->errors) /* (a broken expectation was reported already) */
        eri_diag_at(d, ERI_SEV_ERROR, su->src, c->name_s, c->name_e,
                   "case \"%s\" expects nothing; add at least one line such as 'expect score 95.0'", c->name);
    const expect *e = find(c, X_ERROR);
    for (uint32_t k = 0; e && k < c->nx; k++)
        if (c->x[k].k != X_ERROR) {
            eri_diag_at(d, ERI_SEV_ERROR, su->src, c->x[k].ks, c->x[k].ve,
                       "a case that expects an error (line %d) cannot expect results too", e->line);
            break;
        }
    load_facts(su, c, d);
}

static er_suite *load(const er_rules *r, eri_source *src, er_diag *d)
{
    er_suite *su = eri_calloc(1, sizeof *su);
    eri_arena *arena = eri_arena_new();
    if (!su || !arena || !r) {
        eri_free(su);
        eri_arena_free(arena);
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, r ? "out of memory" : "no rules to read test cases with");
        return NULL;
    }
    su->r = r;
    su->src = src;
    su->arena = arena;
    unsigned before = er_diag_errors(d);
    read_args ra = {.su = su, .d = d};
    if (!eri_arena_protect(arena, read_file, &ra)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while loading %s", src->name);
        er_suite_free(su);
        return NULL;
    }
    if (er_diag_errors(d) == before)
        return su;
    er_suite_free(su);
    return NULL;
}

er_suite *er_suite_load(const er_rules *r, const char *path, er_diag *d)
{
    eri_source *src = eri_source_read(path);
    if (!src) {
        eri_diag_io(d, path, errno);
        return NULL;
    }
    return load(r, src, d);
}

er_suite *er_suite_load_string(const er_rules *r, const char *name, const char *text, size_t len, er_diag *d)
{
    eri_source *src = eri_source_from_string(name, text, len);
    if (!src) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    return load(r, src, d);
}

void er_suite_free(er_suite *su)
{
    if (!su)
        return;
    for (uint32_t i = 0; i < su->ncases; i++)
        er_facts_free(su->cases[i].facts);
    eri_arena_free(su->arena);
    eri_source_free(su->src);
    eri_free(su);
}

size_t er_suite_cases(const er_suite *su) { return su ? su->ncases : 0; }
const char *er_suite_case_name(const er_suite *su, size_t i) { return su && i < su->ncases ? su->cases[i].name : NULL; }

/* ---- running ------------------------------------------------------------ */

/* A case's evaluation: the result, or the diagnostics of its failure. */
typedef struct outcome {
    er_result *res;
    char *diags; /* malloc'd by open_memstream; may be NULL */
    size_t dlen;
} outcome;

static bool evaluate(const er_suite *su, const tcase *c, outcome *o)
{
    *o = (outcome){0};
    FILE *mem = open_memstream(&o->diags, &o->dlen);
    er_diag *d = mem ? er_diag_new(mem) : NULL;
    if (d)
        o->res = er_eval(su->r, c->facts, d);
    er_diag_free(d);
    if (mem)
        fclose(mem);
    return d != NULL;
}

static void outcome_free(outcome *o)
{
    er_result_free(o->res);
    free(o->diags);
}

/* Actual points as an expectation would write them: exact decimal, else N/D. */
static void num_text(eri_num n, char *buf, size_t cap, bool approx)
{
    if (eri_num_decimals(n) >= 0 && eri_num_decimals(n) <= DECIMALS) {
        eri_num_format(n, 0, DECIMALS, buf, cap, NULL);
        return;
    }
    char dec[64];
    size_t k = eri_num_format_fraction(n, buf, cap);
    if (approx && k < cap) {
        eri_num_format(n, 0, DECIMALS, dec, sizeof dec, NULL);
        snprintf(buf + k, cap - k, " (≈ %s…)", dec);
    }
}

static eri_num actual_points(const er_result *res, const expect *x)
{
    if (x->node < 0)
        return x->k == X_EARNED ? res->earned_total : res->applicable_total;
    return x->k == X_EARNED ? res->nodes[x->node].earned : res->nodes[x->node].applicable_points;
}

static bool points_match(const expect *x, eri_num actual)
{
    if (x->places < 0)
        return eri_num_eq(x->num, actual);
    eri_num q = ERI_NUM_ONE, rounded;
    for (int i = 0; i < x->places && i < 18; i++)
        q.den *= 10;
    return eri_num_round(actual, q, ERI_ROUND_HALF_UP, &rounded) == ERI_NUM_OK && eri_num_eq(rounded, x->num);
}

static const char *level_text(const er_rules *r, int32_t level) { return level >= 0 ? r->levels[level].label : "none"; }

/* The fired vetoes as expectation lines would name them: "a", "b" or none. */
static void vetoes_text(const er_rules *r, const bool *set, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (set[i] && k < cap)
            k += (size_t)snprintf(buf + k, cap - k, "%s\"%s\"", k ? ", " : "", r->vetoes[i].message);
    if (k == 0)
        snprintf(buf, cap, "none");
}

/* Does the expected veto set of c match res?  exp: the expected set (per veto). */
static bool vetoes_match(const er_rules *r, const tcase *c, const er_result *res, bool *exp)
{
    memset(exp, 0, sizeof *exp * (r->nvetoes + 1));
    for (uint32_t i = 0; i < c->nx; i++)
        if (c->x[i].k == X_VETO && c->x[i].index >= 0)
            exp[c->x[i].index] = true;
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (exp[i] != res->vetoed[i])
            return false;
    return true;
}

/* Does expectation x hold for the outcome?  When it does not, *expected
 * and *actual describe both (for the failure report). */
static bool check(const er_suite *su, const tcase *c, const expect *x, const outcome *o, char *expected,
                  char *actual, size_t cap, bool *vexp)
{
    const er_rules *r = su->r;
    const er_result *res = o->res;
    const char *v = su->src->text + x->vs;
    int vlen = (int)(x->ve - x->vs);
    snprintf(expected, cap, "%.*s", vlen, v);
    if (x->k == X_ERROR) {
        bool ok = !res && o->diags && strstr(o->diags, x->text);
        snprintf(actual, cap, "%s", res ? "it evaluated without error" : "other errors (below)");
        return ok;
    }
    if (!res) {
        snprintf(actual, cap, "the evaluation failed (below)");
        return false;
    }
    switch (x->k) {
    case X_SCORE:
        snprintf(actual, cap, "%s", res->score_text);
        return eri_num_eq(x->num, res->score) || (vlen == (int)strlen(res->score_text) && memcmp(v, res->score_text, (size_t)vlen) == 0);
    case X_LEVEL:
        snprintf(actual, cap, "%s", level_text(r, res->level));
        return x->index == res->level;
    case X_VETO: {
        bool ok = vetoes_match(r, c, res, vexp);
        vetoes_text(r, vexp, expected, cap);
        vetoes_text(r, res->vetoed, actual, cap);
        return ok;
    }
    case X_VETOES:
        snprintf(actual, cap, "%u", res->nvetoed);
        return (int64_t)res->nvetoed == x->count;
    case X_EARNED:
    case X_APPLICABLE: {
        eri_num n = actual_points(res, x);
        num_text(n, actual, cap, true);
        return points_match(x, n);
    }
    case X_EXCLUDED:
        snprintf(expected, cap, "not applicable");
        snprintf(actual, cap, "applicable (%s points)", eri_num_show((char[64]){0}, 64, res->nodes[x->node].applicable_points, 6, true));
        return !res->nodes[x->node].applicable;
    default:
        return false;
    }
}

static void indented(FILE *out, const char *text, size_t len, const char *lead)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - text - i) : len - i;
        fprintf(out, "%s%.*s\n", n ? lead : "", (int)n, text + i);
        i += n + 1;
    }
}

/* The explanation of a result: the text report without its heading and
 * indicator table (what was lost and why, exclusions, totals, level). */
static void explain(FILE *out, const er_result *res, bool color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return;
    er_report_opts ro = {.color = color};
    er_report_text(mem, res, &ro);
    fclose(mem);
    size_t from = 0;
    int blanks = 0;
    for (size_t i = 0; buf && i + 1 < len && blanks < 2; i++)
        if (buf[i] == '\n' && buf[i + 1] == '\n') {
            blanks++;
            from = i + 2;
        }
    if (buf)
        indented(out, buf + (blanks == 2 ? from : 0), len - (blanks == 2 ? from : 0), "     ");
    free(buf);
}

static bool selected(const tcase *c, const er_suite_opts *o) { return !o || !o->filter || strstr(c->name, o->filter); }

int er_suite_run(const er_suite *su, FILE *out, const er_suite_opts *o, er_suite_tally *t)
{
    const er_rules *r = su->r;
    bool color = o && o->color;
    bool *vexp = eri_calloc(r->nvetoes + 1, sizeof *vexp);
    if (!vexp)
        return -1;
    int rc = 0;
    for (uint32_t i = 0; i < su->ncases; i++) {
        const tcase *c = &su->cases[i];
        if (!selected(c, o))
            continue;
        outcome oc;
        if (!evaluate(su, c, &oc)) {
            outcome_free(&oc);
            rc = -1;
            break;
        }
        if (oc.res && o && o->coverage)
            er_coverage_add(o->coverage, oc.res);
        bool pass = true, veto_said = false;
        char expected[512], actual[512];
        for (uint32_t k = 0; k < c->nx; k++)
            pass &= check(su, c, &c->x[k], &oc, expected, actual, sizeof expected, vexp);
        if (!oc.res && !find(c, X_ERROR))
            pass = false;
        if (pass)
            t->passed++;
        else
            t->failed++;
        if (!out) {
            outcome_free(&oc);
            continue;
        }
        fprintf(out, "%s%s%s %s\n", color ? (pass ? "\033[32m" : "\033[1;31m") : "", pass ? "ok  " : "FAIL",
                color ? "\033[0m" : "", c->name);
        if (!pass) {
            for (uint32_t k = 0; k < c->nx; k++) {
                const expect *x = &c->x[k];
                if (check(su, c, x, &oc, expected, actual, sizeof expected, vexp) || (x->k == X_VETO && veto_said))
                    continue;
                veto_said |= x->k == X_VETO;
                char what[96];
                if (x->k == X_EARNED || x->k == X_APPLICABLE || x->k == X_EXCLUDED)
                    snprintf(what, sizeof what, "%s %s", xnames[x->k], x->node >= 0 ? r->nodes[x->node].id : "total");
                else
                    snprintf(what, sizeof what, "%s", xnames[x->k]);
                fprintf(out, "     %s:%d: %s: expected %s, actual %s\n", su->src->name, x->line, what, expected, actual);
            }
        }
        if (!oc.res && (!pass || (o && o->verbose)) && oc.diags)
            indented(out, oc.diags, oc.dlen, "     | ");
        else if (oc.res && (!pass || (o && o->verbose)))
            explain(out, oc.res, color);
        outcome_free(&oc);
    }
    eri_free(vexp);
    return rc;
}

/* ---- rewriting expectations --------------------------------------------- */

typedef struct edit {
    uint32_t start, end; /* bytes of the file replaced */
    char *text;          /* malloc'd */
} edit;

typedef struct edits {
    edit *e;
    size_t n, cap;
    bool oom;
} edits;

__attribute__((format(printf, 4, 5))) static void put(edits *ed, uint32_t start, uint32_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = len >= 0 ? eri_malloc((size_t)len + 1) : NULL;
    if (ed->n == ed->cap) {
        size_t cap = ed->cap ? ed->cap * 2 : 16;
        edit *e = eri_realloc(ed->e, cap * sizeof *e);
        if (e) {
            ed->e = e;
            ed->cap = cap;
        }
    }
    if (!text || ed->n == ed->cap) {
        eri_free(text);
        ed->oom = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(text, (size_t)len + 1, fmt, ap);
    va_end(ap);
    ed->e[ed->n++] = (edit){start, end, text};
}

/* A label as an expectation writes it: bare when it can be, else quoted. */
static void label_text(const char *s, char *buf, size_t cap, bool always_quote)
{
    if (!always_quote && *s && strcmp(s, "none") != 0 && !strpbrk(s, " \t#\"\\\n")) {
        snprintf(buf, cap, "%s", s);
        return;
    }
    size_t k = 0;
    buf[k++] = '"';
    for (; *s && k + 4 < cap; s++) {
        bool esc = *s == '"' || *s == '\\' || *s == '\n' || *s == '\t';
        if (esc)
            buf[k++] = '\\';
        buf[k++] = *s == '\n' ? 'n' : *s == '\t' ? 't' : *s;
    }
    buf[k++] = '"';
    buf[k] = '\0';
}

/* The edits that make case c's expectations state the outcome; false when
 * the case cannot be updated (it failed to evaluate). */
static bool case_edits(const er_suite *su, const tcase *c, const outcome *o, edits *ed, bool *vexp)
{
    const er_rules *r = su->r;
    const er_result *res = o->res;
    const char *t = su->src->text;
    char expected[512], actual[512], buf[600];
    const expect *err_x = find(c, X_ERROR);
    if (!res) /* an expected error still holding needs nothing; anything else cannot be fixed here */
        return err_x && check(su, c, err_x, o, expected, actual, sizeof expected, vexp);
    if (err_x) { /* it evaluates now: state the score instead */
        put(ed, err_x->ks, err_x->ve, "score %s", res->score_text);
        return true;
    }
    bool veto_done = false;
    for (uint32_t k = 0; k < c->nx; k++) {
        const expect *x = &c->x[k];
        if (check(su, c, x, o, expected, actual, sizeof expected, vexp) || (x->k == X_VETO && veto_done))
            continue;
        switch (x->k) {
        case X_SCORE:
            put(ed, x->vs, x->ve, "%s", res->score_text);
            break;
        case X_LEVEL:
            label_text(level_text(r, res->level), buf, sizeof buf, false);
            put(ed, x->vs, x->ve, "%s", res->level >= 0 ? buf : "none");
            break;
        case X_VETOES:
            put(ed, x->vs, x->ve, "%u", res->nvetoed);
            break;
        case X_EARNED:
        case X_APPLICABLE:
            num_text(actual_points(res, x), buf, sizeof buf, false);
            put(ed, x->vs, x->ve, "%s", buf);
            break;
        case X_EXCLUDED: /* applicable after all: say how many points it has */
            num_text(res->nodes[x->node].applicable_points, buf, sizeof buf, false);
            put(ed, x->ks, x->ve, "applicable %s %s", r->nodes[x->node].id, buf);
            break;
        case X_VETO: {
            /* the first veto line states the fired ones (one a line); the others go */
            veto_done = true;
            size_t fired = 0;
            for (uint32_t v = 0; v < r->nvetoes; v++)
                if (res->vetoed[v]) {
                    label_text(r->vetoes[v].message, buf, sizeof buf, true);
                    if (fired++ == 0)
                        put(ed, x->vs, x->ve, "%s", buf);
                    else
                        put(ed, x->lnext, x->lnext, "%.*sexpect veto %s\n", (int)(x->ks - x->ls), t + x->ls, buf);
                }
            if (!fired)
                put(ed, x->vs, x->ve, "none");
            for (uint32_t j = k + 1; j < c->nx; j++)
                if (c->x[j].k == X_VETO)
                    put(ed, c->x[j].ls, c->x[j].lnext, "%s", "");
            break;
        }
        default:
            break;
        }
    }
    if (!find(c, X_SCORE)) {
        int ilen = (int)(c->indent_e - c->indent_s);
        const char *ind = t + c->indent_s;
        if (c->tail_nl)
            put(ed, c->tail, c->tail, "%.*sexpect score %s\n", ilen, ind, res->score_text);
        else
            put(ed, c->tail, c->tail, "\n%.*sexpect score %s", ilen, ind, res->score_text);
    }
    return true;
}

static int by_start(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start ? 1 : 0;
}

char *er_suite_updated_text(const er_suite *su, FILE *out, const er_suite_opts *o, size_t *len, size_t *changed,
                            size_t *failed)
{
    edits ed = {0};
    bool *vexp = eri_calloc(su->r->nvetoes + 1, sizeof *vexp);
    *changed = *failed = 0;
    for (uint32_t i = 0; vexp && !ed.oom && i < su->ncases; i++) {
        const tcase *c = &su->cases[i];
        if (!selected(c, o))
            continue;
        outcome oc;
        if (!evaluate(su, c, &oc)) {
            outcome_free(&oc);
            ed.oom = true;
            break;
        }
        size_t before = ed.n;
        bool ok = case_edits(su, c, &oc, &ed, vexp);
        if (!ok)
            ++*failed;
        else if (ed.n > before)
            ++*changed;
        if (out && (!ok || ed.n > before))
            fprintf(out, "%s %s%s\n", ok ? "updated" : "FAIL   ", c->name,
                    ok ? "" : " (it does not evaluate: not updated)");
        if (out && !ok && oc.diags)
            indented(out, oc.diags, oc.dlen, "     | ");
        outcome_free(&oc);
    }
    char *text = NULL;
    if (vexp && !ed.oom) {
        /* stable: insertions at one place stay in the order they were made */
        for (size_t i = 1; i < ed.n; i++)
            for (size_t j = i; j > 0 && by_start(&ed.e[j - 1], &ed.e[j]) > 0; j--) {
                edit tmp = ed.e[j];
                ed.e[j] = ed.e[j - 1];
                ed.e[j - 1] = tmp;
            }
        size_t total = su->src->len + 1;
        for (size_t i = 0; i < ed.n; i++)
            total += strlen(ed.e[i].text);
        text = eri_malloc(total);
        size_t k = 0;
        uint32_t at = 0;
        for (size_t i = 0; text && i < ed.n; i++) {
            if (ed.e[i].start < at)
                continue; /* overlapping (cannot happen): keep the first */
            memcpy(text + k, su->src->text + at, ed.e[i].start - at);
            k += ed.e[i].start - at;
            size_t n = strlen(ed.e[i].text);
            memcpy(text + k, ed.e[i].text, n);
            k += n;
            at = ed.e[i].end;
        }
        if (text) {
            memcpy(text + k, su->src->text + at, su->src->len - at);
            k += su->src->len - at;
            text[k] = '\0';
            *len = k;
        }
    }
    for (size_t i = 0; i < ed.n; i++)
        eri_free(ed.e[i].text);
    eri_free(ed.e);
    eri_free(vexp);
    return text;
}

bool er_suite_update(const er_suite *su, FILE *out, const er_suite_opts *o, er_suite_tally *t, er_diag *d)
{
    size_t len = 0, changed, failed;
    char *text = er_suite_updated_text(su, out, o, &len, &changed, &failed);
    if (!text) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while updating %s", su->src->name);
        return false;
    }
    size_t selected_n = 0;
    for (uint32_t i = 0; i < su->ncases; i++)
        selected_n += selected(&su->cases[i], o);
    t->failed += failed;
    t->passed += selected_n - failed;
    bool ok = true;
    if (changed) {
        const char *path = su->src->name;
        ok = er_rewrite_file(path, text, len, d);
        if (ok && out)
            fprintf(out, "%s: %zu case%s updated\n", path, changed, changed == 1 ? "" : "s");
    }
    eri_free(text);
    return ok;
}
