/* suite_read.c — reading a test file for rules (`evalrules test`,
 * docs/testing-rules.md); suite_run.c runs its cases, suite_update.c
 * rewrites their expectations.
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
 * Lines are scanned by the facts-line scanner (src/core/factline.h), which
 * also words their syntax errors (strings, escapes, control characters).
 * The facts lines of a case are read by facts.c as an overlay whose text is
 * the whole test file with every other line blanked to spaces: offsets,
 * lines and columns are then the test file's own, in diagnostics and
 * reports. */
#include "suite.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "factline.h"
#include "facts.h"
#include "suggest.h"

#define CLIP ERI_CLIP

const char *const eri_xnames[ERI_X_COUNT_] = {"score",  "level",      "veto",     "vetoes",
                                              "earned", "applicable", "excluded", "error"};

typedef struct scan {
    er_suite *s;
    er_diag *d;
    const char *t;
    uint32_t p, le, next; /* cursor; end of the line's content; start of the next line */
    uint32_t ls;          /* start of the line */
    int line;
    eri_tcase *c;             /* the current case */
} scan;

__attribute__((format(printf, 4, 5))) static bool err(scan *s, uint32_t start, uint32_t end, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(s->d, ERI_SEV_ERROR, s->s->src, start, end, fmt, ap);
    va_end(ap);
    return false;
}

/* A syntax error the scanner found; false. */
static bool syntax_error(scan *s, const eri_fl_error *e) { return eri_fl_report(s->d, s->s->src, e, NULL); }

static bool same(const char *a, size_t alen, const char *word) { return strlen(word) == alen && memcmp(a, word, alen) == 0; }

static void skip_blanks(scan *s) { s->p = eri_fl_blanks(s->t, s->p, s->le); }

static bool at_end(scan *s)
{
    skip_blanks(s);
    return eri_fl_at_end(s->t, s->p, s->le);
}

static uint32_t trimmed_end(const scan *s) { return eri_fl_trim(s->t, s->p, s->le); }

static bool rest_is_empty(scan *s, const char *after)
{
    eri_fl_error e;
    return eri_fl_rest(s->t, s->p, s->le, after, NULL, &e) || syntax_error(s, &e);
}

/* Did-you-mean among words: the closest within max(2, len/3) edits, or NULL. */
static const char *closest(const char *w, size_t len, const char *const *words, size_t n)
{
    eri_suggest sg = eri_suggest_start(w, len);
    for (size_t i = 0; i < n; i++)
        eri_suggest_try(&sg, words[i]);
    return sg.best;
}

/* A word: key characters at s->p. */
static uint32_t word(scan *s) { return s->p = eri_fl_word(s->t, s->p, s->le); }

/* A bare value: up to a blank or '#'. */
static uint32_t bare(scan *s) { return s->p = eri_fl_bare(s->t, s->p, s->le); }

/* A quoted string at s->p ("…" with \" \\ \n \t) into the arena; NULL after reporting. */
static const char *string(scan *s)
{
    uint32_t q = s->p, after;
    eri_fl_error e;
    if (!eri_fl_string(s->t, q, s->le, &after, &e))
        return syntax_error(s, &e), NULL;
    s->p = after;
    return eri_fl_unescape(s->s->arena, s->t, (eri_span){q, after}, NULL);
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

static eri_expect *new_expect(scan *s, eri_xkind k, uint32_t ks)
{
    eri_tcase *c = s->c;
    if (c->nx == c->xcap) {
        uint32_t cap = c->xcap ? c->xcap * 2 : 8;
        c->x = eri_arena_grow(s->s->arena, c->x, sizeof *c->x * c->xcap, sizeof *c->x * cap);
        c->xcap = cap;
    }
    eri_expect *x = &c->x[c->nx++];
    *x = (eri_expect){.k = k, .line = s->line, .ls = s->ls, .lnext = s->next, .ks = ks, .node = -1, .places = -1,
                  .index = -1};
    return x;
}

const eri_expect *eri_suite_find(const eri_tcase *c, eri_xkind k)
{
    for (uint32_t i = 0; i < c->nx; i++)
        if (c->x[i].k == k)
            return &c->x[i];
    return NULL;
}

/* An indicator id (or 'total' where allowed) at s->p into x->node. */
static bool node_id(scan *s, eri_expect *x, bool total)
{
    const er_rules *r = s->s->r;
    skip_blanks(s);
    uint32_t is = s->p, ie = word(s);
    if (ie == is)
        return err(s, is, trimmed_end(s), "expected an indicator id%s after 'expect %s'", total ? " or 'total'" : "",
                   eri_xnames[x->k]);
    const char *id = s->t + is;
    x->node = eri_rules_find_node(r, id, ie - is);
    if (x->node >= 0 || (total && same(id, ie - is, "total"))) {
        skip_blanks(s);
        return true;
    }
    eri_suggest sg = eri_suggest_start(id, ie - is);
    for (uint32_t i = 0; i < r->nnodes && !eri_diag_quiet(s->d); i++) /* no hint when not shown */
        eri_suggest_try(&sg, r->nodes[i].id);
    const char *hit = sg.best;
    return err(s, is, ie, "unknown indicator '%.*s%s'%s%s%s", CLIP(id, ie - is), hit ? "; did you mean '" : "",
               hit ? hit : "", hit ? "'?" : "");
}

static bool level_value(scan *s, eri_expect *x)
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

static bool veto_value(scan *s, eri_expect *x)
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

/* One value of an expectation at p: a quoted string (*text unescaped, in
 * the arena) or a bare word; its end, or 0 when there is none. */
static uint32_t guess_value(scan *s, uint32_t p, const char **text, bool *quoted)
{
    p = eri_fl_blanks(s->t, p, s->le);
    if (eri_fl_at_end(s->t, p, s->le))
        return 0;
    uint32_t after;
    eri_fl_error e;
    *quoted = s->t[p] == '"';
    if (*quoted && !eri_fl_string(s->t, p, s->le, &after, &e))
        return 0;
    if (!*quoted)
        after = eri_fl_bare(s->t, p, s->le);
    *text = *quoted ? eri_fl_unescape(s->s->arena, s->t, (eri_span){p, after}, NULL)
                    : eri_arena_strndup(s->s->arena, s->t + p, after - p);
    return *text ? after : 0;
}

/* Whether v names a level: the rules' (or their 'otherwise' text), or a
 * level of GB/T 27922 (达标, 一星级 … 五星级). */
static bool level_name(const er_rules *r, const char *v)
{
    static const char *const gbt[] = {"达标", "一星级", "二星级", "三星级", "四星级", "五星级"};
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (strcmp(v, r->levels[i].label) == 0)
            return true;
    for (size_t i = 0; i < sizeof gbt / sizeof *gbt; i++)
        if (strcmp(v, gbt[i]) == 0)
            return true;
    return r->unrated_label && strcmp(v, r->unrated_label) == 0;
}

/* 'expect 97.4' and the like, the kind left out: the expectation (or two)
 * that what follows 'expect' at ks reads as, into buf ("expect score 97.4",
 * "expect level 五星级", "expect veto \"…\"", "expect excluded 5.2.3",
 * "expect earned 5.1 39.767' or 'expect applicable 5.1 39.767"); false
 * when it reads as none. */
static bool guess_kind(scan *s, uint32_t ks, char *buf, size_t cap)
{
    const er_rules *r = s->s->r;
    const char *v1 = NULL, *v2 = NULL;
    bool q1 = false, q2 = false;
    uint32_t e1 = guess_value(s, ks, &v1, &q1), e2 = e1 ? guess_value(s, e1, &v2, &q2) : 0;
    if (!e1 || (e2 && !eri_fl_at_end(s->t, eri_fl_blanks(s->t, e2, s->le), s->le)))
        return false; /* nothing, or more than two values */
    const char *w1 = s->t + ks; /* the values as written */
    int n1 = (int)(e1 - ks), n2 = e2 ? (int)(e2 - eri_fl_blanks(s->t, e1, s->le)) : 0;
    const char *w2 = e2 ? s->t + e2 - n2 : "";
    eri_num num;
    int places;
    bool is_num1 = !q1 && number(v1, strlen(v1), &num, &places);
    bool is_node1 = !q1 && (eri_rules_find_node(r, v1, strlen(v1)) >= 0 || strcmp(v1, "total") == 0);
    int n = -1;
    if (e2) {
        if (is_node1 && !q2 && number(v2, strlen(v2), &num, &places))
            n = snprintf(buf, cap, "expect earned %.*s %.*s' or 'expect applicable %.*s %.*s", n1, w1, n2, w2, n1, w1,
                         n2, w2);
    } else if (!q1 && strcmp(v1, "none") == 0) {
        n = snprintf(buf, cap, "expect level none' or 'expect veto none");
    } else if (is_num1 && is_node1 && strcmp(v1, "total") != 0) {
        n = snprintf(buf, cap, "expect score %.*s' or 'expect excluded %.*s", n1, w1, n1, w1);
    } else if (is_num1) {
        n = snprintf(buf, cap, "expect score %.*s", n1, w1);
    } else if (level_name(r, v1)) {
        n = snprintf(buf, cap, "expect level %.*s", n1, w1);
    } else if (is_node1 && strcmp(v1, "total") != 0) {
        n = snprintf(buf, cap, "expect excluded %.*s", n1, w1);
    } else {
        for (uint32_t i = 0; i < r->nvetoes && n < 0; i++)
            if (strcmp(v1, r->vetoes[i].message) == 0)
                n = snprintf(buf, cap, "expect veto %s%.*s%s", q1 ? "" : "\"", n1, w1, q1 ? "" : "\"");
    }
    return n > 0 && (size_t)n < cap;
}

/* expect KIND …, with s->p after 'expect'. */
/* The article before a kind's name: "a score", "an error", "vetoes". */
static const char *article(eri_xkind k)
{
    if (k == ERI_X_VETOES)
        return "";
    return strchr("aeiou", eri_xnames[k][0]) ? "an " : "a ";
}

static bool expectation(scan *s)
{
    eri_tcase *c = s->c;
    skip_blanks(s);
    uint32_t ks = s->p, ke = word(s);
    eri_xkind k = ERI_X_COUNT_;
    for (int i = 0; i < ERI_X_COUNT_; i++)
        if (same(s->t + ks, ke - ks, eri_xnames[i]))
            k = (eri_xkind)i;
    if (k == ERI_X_COUNT_) {
        if (ke == ks && at_end(s))
            return err(s, ks, ks, "missing expectation after 'expect': expect score, level, veto, vetoes, earned, "
                       "applicable, excluded or error");
        uint32_t after;
        eri_fl_error e;
        if (ke == ks && s->t[ks] == '"' && eri_fl_string(s->t, ks, s->le, &after, &e))
            ke = s->p = after; /* a quoted value, whole */
        else if (ke == ks)
            ke = bare(s);
        char guess[256];
        if (guess_kind(s, ks, guess, sizeof guess))
            return err(s, ks, ke, "unknown expectation '%.*s%s'; did you mean '%s'?", CLIP(s->t + ks, ke - ks), guess);
        const char *hit = closest(s->t + ks, ke - ks, eri_xnames, ERI_X_COUNT_);
        if (hit)
            return err(s, ks, ke, "unknown expectation '%.*s%s'; did you mean '%s'?", CLIP(s->t + ks, ke - ks), hit);
        return err(s, ks, ke > ks ? ke : trimmed_end(s), "unknown expectation '%.*s%s': expect score, level, veto, "
                   "vetoes, earned, applicable, excluded or error", CLIP(s->t + ks, ke - ks));
    }
    const eri_expect *dup = (k == ERI_X_SCORE || k == ERI_X_LEVEL || k == ERI_X_VETOES || k == ERI_X_ERROR) ? eri_suite_find(c, k) : NULL;
    if (dup)
        return err(s, ks, ke, "this case already expects %s%s (line %d)", article(k), eri_xnames[k], dup->line);
    eri_expect *x = new_expect(s, k, ks);
    if (k == ERI_X_EARNED || k == ERI_X_APPLICABLE || k == ERI_X_EXCLUDED) {
        if (!node_id(s, x, k != ERI_X_EXCLUDED))
            return false;
        for (uint32_t i = 0; i + 1 < c->nx; i++)
            if (c->x[i].k == k && c->x[i].node == x->node)
                return err(s, ks, s->p, "this case already expects %s of %s (line %d)", eri_xnames[k],
                           x->node >= 0 ? s->s->r->nodes[x->node].id : "total", c->x[i].line);
        if (k == ERI_X_EXCLUDED) {
            x->vs = x->ve = s->p;
            return rest_is_empty(s, "the indicator id");
        }
    }
    skip_blanks(s);
    if (at_end(s))
        return err(s, s->p, s->p, "missing value after 'expect %s'", eri_xnames[k]);
    switch (k) {
    case ERI_X_SCORE:
    case ERI_X_EARNED:
    case ERI_X_APPLICABLE:
        x->vs = s->p;
        x->ve = bare(s);
        if (!number(s->t + x->vs, x->ve - x->vs, &x->num, &x->places) || (k == ERI_X_SCORE && x->places >= 0))
            return err(s, x->vs, x->ve, "expected %s, found '%.*s%s'",
                       k == ERI_X_SCORE ? "a score such as 95.0" : "points such as 3.75, 15/4 or 3.866667…",
                       CLIP(s->t + x->vs, x->ve - x->vs));
        break;
    case ERI_X_LEVEL:
        if (!level_value(s, x))
            return false;
        break;
    case ERI_X_VETO:
        if (!veto_value(s, x))
            return false;
        for (uint32_t i = 0; i + 1 < c->nx; i++)
            if (c->x[i].k == ERI_X_VETO && (c->x[i].index == x->index || c->x[i].index < 0 || x->index < 0))
                return err(s, x->vs, x->ve, "%s (line %d)",
                           c->x[i].index == x->index ? "this veto is already expected"
                                                     : "'expect veto none' and an expected veto contradict each other",
                           c->x[i].line);
        break;
    case ERI_X_VETOES: {
        x->vs = s->p;
        x->ve = bare(s);
        eri_num n;
        int places;
        if (!number(s->t + x->vs, x->ve - x->vs, &n, &places) || places >= 0 || !eri_num_is_int(n) ||
            eri_num_sign(n) < 0 || eri_num_is_big(n))
            return err(s, x->vs, x->ve, "expected a count of vetoes, found '%.*s%s'",
                       CLIP(s->t + x->vs, x->ve - x->vs));
        x->count = n.num;
        break;
    }
    case ERI_X_ERROR:
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
    eri_tcase *c = s->c;
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
    eri_tcase *c = s->c;
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

static void finish_case(er_suite *su, eri_tcase *c, er_diag *d);

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
    *s->c = (eri_tcase){.name = name ? name : "", .line = s->line, .name_s = ns, .name_e = s->p > ns ? s->p : s->le,
                    .errors = errors};
}

/* A facts-file line, as the facts-line scanner sees it (or one facts.c
 * should explain: 'subject' misused, a declared fact without '='). */
static bool is_facts_line(scan *s, uint32_t ks, uint32_t ke, bool directive)
{
    eri_factline fl;
    eri_factline_scan(s->t, s->ls, s->le, &fl);
    return fl.kind == ERI_FL_FACT || fl.kind == ERI_FL_SUBJECT || fl.kind == ERI_FL_EXCLUDE ||
           (directive && same(s->t + ks, ke - ks, "subject")) ||
           (ke > ks && eri_rules_find_fact(s->s->r, s->t + ks, ke - ks) >= 0);
}

static void statement(scan *s)
{
    static const char *const keywords[] = {"case", "facts", "expect", "exclude", "subject"};
    eri_fl_error e;
    if (!eri_fl_clean(s->t, s->p, s->le, &e)) {
        syntax_error(s, &e);
        return;
    }
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
    else if (is_expect) {
        if (!expectation(s) && s->c->nx && s->c->x[s->c->nx - 1].line == s->line)
            s->c->nx--; /* a broken expectation is not kept */
    } else if (is_facts_line(s, ks, ke, directive)) /* facts.c says what is wrong with it */
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
    eri_lines it;
    eri_lines_init(&it, su->src->text, su->src->len);
    while (eri_lines_next(&it)) {
        s.ls = s.p = it.start;
        s.le = it.end;
        s.next = it.next;
        s.line = it.line;
        statement(&s);
    }
    if (s.c)
        finish_case(su, s.c, d);
}

/* The overlay text of case c: the window of the test file from its first
 * facts line to its last, every other line in it blanked (so that a case
 * costs its own size, not the file's); *from and *base say where the window
 * starts: its byte offset and the lines before it. */
static char *overlay_text(const er_suite *su, const eri_tcase *c, size_t *len, uint32_t *base)
{
    const eri_source *src = su->src;
    uint32_t from = 0, to = 0;
    if (c->nlines) {
        int line, col;
        eri_source_position(src, c->lines[0], &line, &col);
        from = src->lines[line - 1];
        to = c->lines[2 * c->nlines - 1];
        *base = (uint32_t)line - 1;
    } else
        *base = 0;
    *len = to - from;
    char *t = eri_malloc(*len + 1);
    if (!t)
        return NULL;
    for (size_t i = 0; i < *len; i++)
        t[i] = src->text[from + i] == '\n' ? '\n' : ' ';
    for (uint32_t i = 0; i < c->nlines; i++)
        memcpy(t + c->lines[2 * i] - from, src->text + c->lines[2 * i], c->lines[2 * i + 1] - c->lines[2 * i]);
    t[*len] = '\0';
    return t;
}

/* Load case c's facts, reporting every error.  A facts file that failed
 * once is not read (nor reported) again. */
static void load_facts(er_suite *su, eri_tcase *c, er_diag *d)
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
    size_t len = 0;
    uint32_t base = 0;
    char *text = bad ? NULL : overlay_text(su, c, &len, &base);
    if (!bad && !text)
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
    else if (!bad && !c->facts_path)
        c->facts = eri_facts_load_window(su->r, su->src->name, text, len, base, d);
    else if (!bad) {
        unsigned before = er_diag_errors(d);
        c->facts = er_facts_load(su->r, c->facts_path, d);
        bad = !c->facts && er_diag_errors(d) > before;
        if (c->facts && !eri_facts_overlay_window(c->facts, su->src->name, text, len, base, d)) {
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
static void finish_case(er_suite *su, eri_tcase *c, er_diag *d)
{
    if (c->nx == 0 && er_diag_errors(d) == c->errors) /* (a broken expectation was reported already) */
        eri_diag_at(d, ERI_SEV_ERROR, su->src, c->name_s, c->name_e,
                   "case \"%s\" expects nothing; add at least one line such as 'expect score 95.0'", c->name);
    const eri_expect *e = eri_suite_find(c, ERI_X_ERROR);
    for (uint32_t k = 0; e && k < c->nx; k++)
        if (c->x[k].k != ERI_X_ERROR) {
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
    eri_source *src = eri_diag_read(d, path);
    return src ? load(r, src, d) : NULL;
}

er_suite *er_suite_load_string(const er_rules *r, const char *name, const char *text, size_t len, er_diag *d)
{
    eri_source *src = eri_diag_text(d, name, text, len);
    return src ? load(r, src, d) : NULL;
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

