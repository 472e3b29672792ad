/* compare.c — enterprises compared under several weighting schemes: one
 * row per facts file, per scheme the score and the level, the rows whose
 * level depends on the scheme marked and sorted first, and how many
 * enterprises each scheme puts at each level.
 *
 * Every facts file is loaded once and evaluated under every scheme; only
 * what the reports need is kept (strings in the comparison's arena), so a
 * long batch holds one evaluation at a time.  Scores are the evaluator's
 * rounded eri_num and its exact text; the spread between the schemes is an
 * exact difference of those.  No allocation failure jumps: each is checked
 * where it happens and reported. */
#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules_tools.h"
#include "alloc.h"
#include "diag.h"
#include "eval.h"

typedef struct row {
    er_compare_row pub;
    eri_num spread; /* exact, for sorting */
} row;

struct er_compare {
    eri_arena *arena;
    const er_rules *rules;
    const er_scheme **schemes; /* the columns: base first */
    size_t nschemes;
    row **rows;                /* sorted (see by_change) */
    size_t n, cap;
    size_t changed, not_evaluable;
    size_t *tally;             /* [scheme × outcomes + outcome] */
    size_t noutcomes;          /* the rules' levels, then "not rated", then "vetoed" */
};

static const char *copy(eri_arena *a, const char *s)
{
    return eri_arena_strndup(a, s, strlen(s));
}

/* Formatted into the arena; NULL when out of memory. */
__attribute__((format(printf, 2, 3))) static const char *sfmt(eri_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = len >= 0 ? eri_arena_alloc(a, (size_t)len + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)len + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

static const char *errors_text(unsigned n)
{
    return n == 1 ? "error" : "errors";
}

er_compare *er_compare_new(const er_rules *r, const er_scheme *const *schemes, size_t n, er_diag *d)
{
    if (!r || (n && !schemes)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "no rules to compare schemes of");
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(er_scheme_name(schemes[i]), er_scheme_name(schemes[j])) == 0) {
                eri_diag_plain(d, ERI_SEV_ERROR, "scheme '%s' is given twice", er_scheme_name(schemes[i]));
                return NULL;
            }
    er_compare *c = eri_calloc(1, sizeof *c);
    eri_arena *a = eri_arena_new();
    size_t noutcomes = (size_t)r->nlevels + 2;
    const er_scheme **cols = a ? ERI_NEW_ARRAY(a, const er_scheme *, n + 1) : NULL;
    size_t *tally = a ? ERI_NEW_ARRAY(a, size_t, (n + 1) * noutcomes) : NULL;
    if (!c || !cols || !tally) {
        eri_free(c);
        eri_arena_free(a);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    c->arena = a;
    c->rules = r;
    c->schemes = cols;
    c->tally = tally;
    c->noutcomes = noutcomes;
    cols[c->nschemes++] = er_rules_base(r);
    for (size_t i = 0; i < n; i++)
        if (strcmp(er_scheme_name(schemes[i]), "base") != 0) /* the first column already */
            cols[c->nschemes++] = schemes[i];
    return c;
}

void er_compare_free(er_compare *c)
{
    if (!c)
        return;
    eri_free(c->rows);
    eri_arena_free(c->arena);
    eri_free(c);
}

/* Level changes first, then the widest spread, then the order given; the
 * files not evaluable last, in the order given. */
static int by_change(const row *a, const row *b)
{
    if (a->pub.evaluated != b->pub.evaluated)
        return a->pub.evaluated ? -1 : 1;
    if (a->pub.evaluated) {
        if (a->pub.changes_level != b->pub.changes_level)
            return a->pub.changes_level ? -1 : 1;
        int s = eri_num_cmp(b->spread, a->spread);
        if (s)
            return s;
    }
    return a->pub.index < b->pub.index ? -1 : a->pub.index > b->pub.index;
}

static const char *outcome_of(const er_compare *c, size_t k)
{
    const er_rules *r = c->rules;
    if (k < r->nlevels)
        return r->levels[k].label;
    if (k == r->nlevels)
        return r->unrated_label ? r->unrated_label : "not rated";
    return "vetoed";
}

/* The scores' spread as text, at the rules' rounding (the scores' own). */
static const char *spread_text(eri_arena *a, const er_rules *r, eri_num spread)
{
    char buf[96];
    int dec = r->round ? r->score_decimals : 0;
    eri_num_format(spread, dec, r->round ? dec : 4, buf, sizeof buf, NULL);
    return copy(a, buf);
}

static int oom(er_diag *d)
{
    eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while comparing schemes");
    return -1;
}

/* The cells of x, one evaluation per scheme.  0 when one fails (reported
 * by the evaluator; x->pub.reason says under which), -1 out of memory. */
static int evaluate(er_compare *c, row *x, const er_facts *f, er_diag *d)
{
    const er_rules *r = c->rules;
    eri_arena *a = c->arena;
    er_compare_cell *cells = ERI_NEW_ARRAY(a, er_compare_cell, c->nschemes);
    size_t *cats = ERI_NEW_ARRAY(a, size_t, c->nschemes);
    if (!cells || !cats)
        return oom(d);
    eri_num lo = ERI_NUM_ZERO, hi = ERI_NUM_ZERO;
    int32_t first_level = -1;
    for (size_t i = 0; i < c->nschemes; i++) {
        unsigned before = er_diag_errors(d);
        er_result *res = er_eval_scheme(r, f, c->schemes[i], d);
        if (!res) {
            unsigned errors = er_diag_errors(d) - before;
            /* the same facts fail the same way under every scheme: say it once */
            x->pub.reason = i == 0 ? sfmt(a, "not evaluated: %u %s", errors, errors_text(errors))
                                   : sfmt(a, "not evaluated under scheme '%s': %u %s",
                                          er_scheme_name(c->schemes[i]), errors, errors_text(errors));
            return x->pub.reason ? 0 : oom(d);
        }
        er_compare_cell *cell = &cells[i];
        cell->score = copy(a, er_result_score(res));
        cell->rating = er_result_rating(res); /* lives in the rules */
        cell->vetoed = er_result_veto_count(res) > 0;
        cats[i] = res->level >= 0 ? (size_t)res->level : cell->vetoed ? r->nlevels + 1u : r->nlevels;
        cell->outcome = outcome_of(c, cats[i]);
        if (i == 0) {
            lo = hi = res->score;
            first_level = res->level;
        } else {
            lo = eri_num_min(lo, res->score);
            hi = eri_num_max(hi, res->score);
            x->pub.changes_level |= res->level != first_level;
        }
        er_result_free(res);
        if (!cell->score)
            return oom(d);
    }
    if (eri_num_sub(hi, lo, &x->spread) != ERI_NUM_OK)
        x->spread = ERI_NUM_ZERO; /* two scores in [0, 100] never overflow; be safe */
    x->pub.spread = spread_text(a, r, x->spread);
    if (!x->pub.spread)
        return oom(d);
    x->pub.cells = cells;
    x->pub.evaluated = true;
    for (size_t i = 0; i < c->nschemes; i++)
        c->tally[i * c->noutcomes + cats[i]]++;
    c->changed += x->pub.changes_level;
    return 1;
}

/* Room for one more row, so that inserting it cannot fail after its
 * evaluation was counted. */
static bool reserve(er_compare *c)
{
    if (c->n < c->cap)
        return true;
    size_t cap = c->cap ? c->cap * 2 : 16;
    row **rows = eri_realloc(c->rows, cap * sizeof *rows);
    if (!rows)
        return false;
    c->rows = rows;
    c->cap = cap;
    return true;
}

/* Insert x after every row that sorts before it or equal to it: a binary
 * search and one move, so batches of thousands stay cheap and the order is
 * the same as a stable sort's. */
static void insert(er_compare *c, row *x)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (by_change(c->rows[mid], x) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(c->rows + lo + 1, c->rows + lo, (c->n - lo) * sizeof *c->rows);
    c->rows[lo] = x;
    c->n++;
    c->not_evaluable += !x->pub.evaluated;
}

static row *new_row(er_compare *c, const char *file, const char *subject)
{
    row *x = reserve(c) ? ERI_NEW(c->arena, row) : NULL;
    if (!x)
        return NULL;
    x->pub.file = copy(c->arena, file);
    x->pub.subject = copy(c->arena, subject);
    x->pub.index = c->n;
    x->spread = ERI_NUM_ZERO;
    return x->pub.file && x->pub.subject ? x : NULL;
}

int er_compare_add_facts(er_compare *c, const char *file, const er_facts *f, er_diag *d)
{
    if (!c || !file || !f) {
        eri_diag_plain(d, ERI_SEV_ERROR, "no comparison or no facts to add to it");
        return -1;
    }
    row *x = new_row(c, file, er_facts_subject(f));
    int rc = x ? evaluate(c, x, f, d) : oom(d);
    if (rc >= 0)
        insert(c, x);
    return rc;
}

int er_compare_add(er_compare *c, const char *path, er_diag *d)
{
    if (!c || !path) {
        eri_diag_plain(d, ERI_SEV_ERROR, "no comparison or no facts file to add to it");
        return -1;
    }
    FILE *probe = fopen(path, "rb"); /* an unreadable file is an I/O error, not invalid facts */
    if (!probe) {
        int err = errno;
        eri_diag_io(d, path, err);
        row *x = new_row(c, path, "");
        if (!x || !(x->pub.reason = sfmt(c->arena, "cannot read: %s", strerror(err))))
            return oom(d);
        insert(c, x);
        return 0;
    }
    fclose(probe);
    unsigned before = er_diag_errors(d);
    er_facts *f = er_facts_load(c->rules, path, d);
    if (f) {
        int rc = er_compare_add_facts(c, path, f, d);
        er_facts_free(f);
        return rc;
    }
    unsigned errors = er_diag_errors(d) - before;
    row *x = new_row(c, path, "");
    if (!x || !(x->pub.reason = sfmt(c->arena, "facts not loaded: %u %s", errors, errors_text(errors))))
        return oom(d);
    insert(c, x);
    return 0;
}

size_t er_compare_schemes(const er_compare *c) { return c ? c->nschemes : 0; }

const er_scheme *er_compare_scheme(const er_compare *c, size_t i)
{
    return c && i < c->nschemes ? c->schemes[i] : NULL;
}

size_t er_compare_count(const er_compare *c) { return c ? c->n : 0; }

const er_compare_row *er_compare_row_at(const er_compare *c, size_t i)
{
    return c && i < c->n ? &c->rows[i]->pub : NULL;
}

size_t er_compare_changed(const er_compare *c) { return c ? c->changed : 0; }
size_t er_compare_not_evaluable(const er_compare *c) { return c ? c->not_evaluable : 0; }
size_t er_compare_outcomes(const er_compare *c) { return c ? c->noutcomes : 0; }
const char *er_compare_outcome(const er_compare *c, size_t k) { return c && k < c->noutcomes ? outcome_of(c, k) : NULL; }

size_t er_compare_tally(const er_compare *c, size_t scheme, size_t k)
{
    return c && scheme < c->nschemes && k < c->noutcomes ? c->tally[scheme * c->noutcomes + k] : 0;
}

/* ---- text report ----------------------------------------------------------- */

/* Print s (f NULL: only measure) with control characters escaped, cut with
 * "…" to at most max terminal columns; returns the columns it takes. */
static size_t put_text(FILE *f, const char *s, size_t max)
{
    size_t used = 0, len = strlen(s), total = 0;
    for (size_t i = 0; i < len;) { /* the whole width first: cut only when needed */
        int b;
        unsigned char ch = (unsigned char)s[i];
        total += ch < 0x20 || ch == 0x7f ? (ch == '\n' || ch == '\t' || ch == '\r' ? 2 : 4)
                                         : (size_t)eri_utf8_width((const unsigned char *)s + i, len - i, &b);
        i += ch < 0x20 || ch == 0x7f ? 1 : (size_t)b;
    }
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)s[i];
        char esc[8];
        int b = 1, w;
        if (ch < 0x20 || ch == 0x7f) {
            snprintf(esc, sizeof esc, ch == '\n' ? "\\n" : ch == '\t' ? "\\t" : ch == '\r' ? "\\r" : "\\x%02X", ch);
            w = (int)strlen(esc);
        } else
            w = eri_utf8_width((const unsigned char *)s + i, len - i, &b);
        if (total > max && used + (size_t)w + 1 > max) {
            if (f)
                fputs("\xE2\x80\xA6", f);
            return used + 1;
        }
        if (f) {
            if (ch < 0x20 || ch == 0x7f)
                fputs(esc, f);
            else
                fwrite(s + i, 1, (size_t)b, f);
        }
        used += (size_t)w;
        i += (size_t)b;
    }
    return used;
}

static void pad(FILE *f, size_t n)
{
    while (n--)
        fputc(' ', f);
}

#define WHO_COLS 40 /* an enterprise's name is cut beyond this */

static const char *who(const er_compare_row *x)
{
    return *x->subject ? x->subject : x->file;
}

typedef struct layout {
    size_t who, spread;
    size_t *score, *outcome, *col; /* per scheme */
} layout;

static void measure(const er_compare *c, layout *l)
{
    l->who = put_text(NULL, "Enterprise", WHO_COLS);
    l->spread = strlen("Spread");
    for (size_t i = 0; i < c->nschemes; i++)
        l->score[i] = l->outcome[i] = 0;
    for (size_t k = 0; k < c->n; k++) {
        const er_compare_row *x = &c->rows[k]->pub;
        size_t w = put_text(NULL, who(x), WHO_COLS);
        l->who = w > l->who ? w : l->who;
        if (!x->evaluated)
            continue;
        l->spread = strlen(x->spread) > l->spread ? strlen(x->spread) : l->spread;
        for (size_t i = 0; i < c->nschemes; i++) {
            size_t s = strlen(x->cells[i].score), o = put_text(NULL, x->cells[i].outcome, (size_t)-1);
            l->score[i] = s > l->score[i] ? s : l->score[i];
            l->outcome[i] = o > l->outcome[i] ? o : l->outcome[i];
        }
    }
    for (size_t i = 0; i < c->nschemes; i++) {
        size_t name = put_text(NULL, er_scheme_name(c->schemes[i]), (size_t)-1);
        size_t cell = l->score[i] + 1 + l->outcome[i];
        l->col[i] = name > cell ? name : cell;
    }
}

static void legend(FILE *out, const er_compare *c)
{
    const er_rules *r = c->rules;
    if (*r->code || *r->title)
        fprintf(out, "%s%s%s\n", r->code, *r->code && *r->title ? " " : "", r->title);
    fprintf(out, "Rules:    %s\n", r->src->name);
    size_t nw = 0, lw = 0;
    for (size_t i = 0; i < c->nschemes; i++) {
        size_t n = put_text(NULL, er_scheme_name(c->schemes[i]), (size_t)-1);
        size_t l = i == 0 ? 0 : put_text(NULL, er_scheme_label(c->schemes[i]), (size_t)-1);
        nw = n > nw ? n : nw;
        lw = l > lw ? l : lw;
    }
    for (size_t i = 0; i < c->nschemes; i++) {
        const er_scheme *s = c->schemes[i];
        fputs(i == 0 ? "Schemes:  " : "          ", out);
        pad(out, nw - put_text(out, er_scheme_name(s), (size_t)-1));
        if (i == 0) {
            fputs("  the rules' own points\n", out);
            continue;
        }
        fputs("  ", out);
        pad(out, lw - put_text(out, er_scheme_label(s), (size_t)-1));
        int line, col;
        eri_source_position(s->src, s->span.start, &line, &col);
        fputs("  ", out);
        put_text(out, s->src->name, (size_t)-1);
        fprintf(out, ":%d\n", line);
    }
}

static void table(FILE *out, const er_compare *c, const layout *l)
{
    fputs("\n  ", out);
    pad(out, l->who - put_text(out, "Enterprise", WHO_COLS));
    for (size_t i = 0; i < c->nschemes; i++) {
        fputs("  ", out);
        pad(out, l->col[i] - put_text(out, er_scheme_name(c->schemes[i]), (size_t)-1));
    }
    fprintf(out, "  %*s  File\n", (int)l->spread, "Spread");
    for (size_t k = 0; k < c->n; k++) {
        const er_compare_row *x = &c->rows[k]->pub;
        fputs(!x->evaluated ? "! " : x->changes_level ? "* " : "  ", out);
        size_t used = put_text(out, who(x), WHO_COLS);
        if (!x->evaluated) {
            pad(out, l->who - used);
            fprintf(out, "  not evaluable (%s)", x->reason ? x->reason : "?");
            if (*x->subject) {
                fputs("  ", out);
                put_text(out, x->file, (size_t)-1);
            }
            fputc('\n', out);
            continue;
        }
        pad(out, l->who - used);
        for (size_t i = 0; i < c->nschemes; i++) {
            const er_compare_cell *cell = &x->cells[i];
            fprintf(out, "  %*s ", (int)l->score[i], cell->score);
            pad(out, l->col[i] - l->score[i] - 1 - put_text(out, cell->outcome, (size_t)-1));
        }
        fprintf(out, "  %*s  ", (int)l->spread, x->spread);
        put_text(out, x->file, (size_t)-1);
        fputc('\n', out);
    }
}

static void summary(FILE *out, const er_compare *c)
{
    size_t evaluated = c->n - c->not_evaluable;
    fprintf(out, "\n%zu enterprise%s, %zu change%s level between schemes", evaluated, evaluated == 1 ? "" : "s",
            c->changed, c->changed == 1 ? "s" : "");
    fputs(c->changed ? " (marked *)\n" : "\n", out);
    if (c->not_evaluable)
        fprintf(out, "%zu facts file%s not evaluable (marked !): see the errors reported\n", c->not_evaluable,
                c->not_evaluable == 1 ? "" : "s");
    if (evaluated == 0)
        return;
    size_t lw = strlen("Levels awarded") - 2;
    for (size_t k = 0; k < c->noutcomes; k++) {
        size_t w = put_text(NULL, outcome_of(c, k), (size_t)-1);
        lw = w > lw ? w : lw;
    }
    fputs("\nLevels awarded", out);
    pad(out, lw + 2 - strlen("Levels awarded"));
    for (size_t i = 0; i < c->nschemes; i++) {
        fputs("  ", out);
        put_text(out, er_scheme_name(c->schemes[i]), (size_t)-1);
    }
    fputc('\n', out);
    for (size_t k = 0; k < c->noutcomes; k++) {
        fputs("  ", out);
        pad(out, lw - put_text(out, outcome_of(c, k), (size_t)-1));
        for (size_t i = 0; i < c->nschemes; i++)
            fprintf(out, "  %*zu", (int)put_text(NULL, er_scheme_name(c->schemes[i]), (size_t)-1),
                    c->tally[i * c->noutcomes + k]);
        fputc('\n', out);
    }
}

int er_compare_report_text(FILE *out, const er_compare *c)
{
    size_t *w = c ? eri_calloc(3 * c->nschemes, sizeof *w) : NULL;
    if (!w)
        return -1;
    layout l = {.score = w, .outcome = w + c->nschemes, .col = w + 2 * c->nschemes};
    measure(c, &l);
    legend(out, c);
    table(out, c, &l);
    summary(out, c);
    eri_free(w);
    return 0;
}

/* ---- JSON ------------------------------------------------------------------ */

/* A JSON string of s; bytes that are not UTF-8 (a file name can hold any)
 * become U+FFFD, as jansson takes only valid UTF-8. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t len = strlen(s), k = 0;
    char *buf = eri_malloc(3 * len + 1);
    if (!buf)
        return NULL;
    for (size_t i = 0; i < len;) {
        int b = eri_utf8_len((const unsigned char *)s + i, len - i);
        if (b) {
            memcpy(buf + k, s + i, (size_t)b);
            k += (size_t)b;
            i += (size_t)b;
        } else {
            memcpy(buf + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        }
    }
    j = json_stringn(buf, k);
    eri_free(buf);
    return j;
}

static json_t *jstr_or_null(const char *s)
{
    return s ? jstr(s) : json_null();
}

static json_t *schemes_json(const er_compare *c)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < c->nschemes; i++) {
        const er_scheme *s = c->schemes[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", jstr(er_scheme_name(s)));
        json_object_set_new(o, "label", jstr(er_scheme_label(s)));
        json_object_set_new(o, "file", i == 0 ? json_null() : jstr(s->src->name));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *row_json(const er_compare *c, const er_compare_row *x)
{
    json_t *o = json_object();
    json_object_set_new(o, "subject", jstr(x->subject));
    json_object_set_new(o, "file", jstr(x->file));
    json_object_set_new(o, "evaluated", json_boolean(x->evaluated));
    json_object_set_new(o, "changes_level", json_boolean(x->changes_level));
    json_object_set_new(o, "spread", jstr_or_null(x->spread));
    if (!x->evaluated) {
        json_object_set_new(o, "results", json_null());
        json_object_set_new(o, "reason", jstr_or_null(x->reason));
        return o;
    }
    json_t *res = json_object();
    for (size_t i = 0; i < c->nschemes; i++) {
        const er_compare_cell *cell = &x->cells[i];
        json_t *r = json_object();
        json_object_set_new(r, "score", jstr(cell->score));
        json_object_set_new(r, "rating", jstr_or_null(cell->rating));
        json_object_set_new(r, "outcome", jstr(cell->outcome));
        json_object_set_new(r, "vetoed", json_boolean(cell->vetoed));
        json_object_set_new(res, er_scheme_name(c->schemes[i]), r);
    }
    json_object_set_new(o, "results", res);
    json_object_set_new(o, "reason", json_null());
    return o;
}

static json_t *summary_json(const er_compare *c)
{
    json_t *o = json_object(), *levels = json_array();
    size_t evaluated = c->n - c->not_evaluable;
    json_object_set_new(o, "enterprises", json_integer((json_int_t)evaluated));
    json_object_set_new(o, "change_level", json_integer((json_int_t)c->changed));
    json_object_set_new(o, "same_level", json_integer((json_int_t)(evaluated - c->changed)));
    json_object_set_new(o, "not_evaluable", json_integer((json_int_t)c->not_evaluable));
    for (size_t k = 0; k < c->noutcomes; k++) {
        json_t *l = json_object(), *counts = json_object();
        json_object_set_new(l, "outcome", jstr(outcome_of(c, k)));
        json_object_set_new(l, "rated", json_boolean(k < c->rules->nlevels));
        for (size_t i = 0; i < c->nschemes; i++)
            json_object_set_new(counts, er_scheme_name(c->schemes[i]),
                                json_integer((json_int_t)c->tally[i * c->noutcomes + k]));
        json_object_set_new(l, "counts", counts);
        json_array_append_new(levels, l);
    }
    json_object_set_new(o, "levels", levels);
    return o;
}

int er_compare_report_json(FILE *out, const er_compare *c)
{
    if (!c)
        return -1;
    json_t *o = json_object(), *rows = json_array();
    json_object_set_new(o, "standard", jstr(c->rules->code));
    json_object_set_new(o, "title", jstr(c->rules->title));
    json_object_set_new(o, "rules_file", jstr(c->rules->src->name));
    json_object_set_new(o, "schemes", schemes_json(c));
    for (size_t k = 0; k < c->n; k++)
        json_array_append_new(rows, row_json(c, &c->rows[k]->pub));
    json_object_set_new(o, "rows", rows);
    json_object_set_new(o, "summary", summary_json(c));
    int rc = o ? json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;
    fputc('\n', out);
    json_decref(o);
    return rc == 0 ? 0 : -1;
}

/* ---- CSV ------------------------------------------------------------------- */

/* Whether a spreadsheet would take a cell starting so as a formula: = + - @
 * (and their fullwidth forms, which some spreadsheets accept too), a tab or
 * a carriage return (OWASP, "CSV Injection"). */
static bool formula_like(const char *s)
{
    static const char *const fullwidth[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
    if (s[0] && strchr("=+-@\t\r", s[0]))
        return true;
    for (size_t i = 0; i < sizeof fullwidth / sizeof fullwidth[0]; i++)
        if (strncmp(s, fullwidth[i], 3) == 0)
            return true;
    return false;
}

/* One field, RFC 4180: quoted when it holds a comma, a quote or a line
 * break (quotes doubled); a formula-like field gets a leading ' and quotes. */
static void csv_field(FILE *out, const char *s, bool first)
{
    if (!first)
        fputc(',', out);
    bool formula = formula_like(s), quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    if (quote)
        fputc('"', out);
}

void er_compare_report_csv(FILE *out, const er_compare *c)
{
    if (!c)
        return;
    csv_field(out, "subject", true);
    csv_field(out, "file", false);
    csv_field(out, "status", false);
    char head[512];
    for (size_t i = 0; i < c->nschemes; i++) {
        snprintf(head, sizeof head, "%s score", er_scheme_name(c->schemes[i]));
        csv_field(out, head, false);
        snprintf(head, sizeof head, "%s level", er_scheme_name(c->schemes[i]));
        csv_field(out, head, false);
    }
    csv_field(out, "spread", false);
    fputs("\r\n", out);
    for (size_t k = 0; k < c->n; k++) {
        const er_compare_row *x = &c->rows[k]->pub;
        csv_field(out, x->subject, true);
        csv_field(out, x->file, false);
        csv_field(out, !x->evaluated ? "not evaluable" : x->changes_level ? "changes level" : "same level", false);
        for (size_t i = 0; i < c->nschemes; i++) {
            csv_field(out, x->evaluated ? x->cells[i].score : "", false);
            csv_field(out, x->evaluated ? x->cells[i].outcome : "", false);
        }
        csv_field(out, x->evaluated ? x->spread : "", false);
        fputs("\r\n", out);
    }
}
