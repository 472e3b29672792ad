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
 * where it happens and reported.  The reports are compare_report.c's. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compare.h"
#include "diag.h"
#include "plan.h"
#include "result.h"
#include "source.h"

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
    er_evaluator *ev = er_evaluator_new(r);
    const eri_plan *plan = ev ? eri_evaluator_plan(ev) : NULL;
    eri_plan_memo *memo = plan && eri_plan_memo_slots(plan) ? eri_plan_memo_new(plan) : NULL;
    if (!c || !cols || !tally || !ev || (plan && eri_plan_memo_slots(plan) && !memo)) {
        eri_free(c);
        eri_arena_free(a);
        er_evaluator_free(ev);
        eri_plan_memo_free(memo);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    c->arena = a;
    c->rules = r;
    c->schemes = cols;
    c->tally = tally;
    c->noutcomes = noutcomes;
    c->ev = ev;
    c->memo = memo;
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
    er_evaluator_free(c->ev);
    eri_plan_memo_free(c->memo);
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

/* A score or the scores' spread as text, at the rules' rounding, as the
 * evaluator writes a result's score (eval.c). */
static const char *score_text(eri_arena *a, const er_rules *r, eri_num spread)
{
    char buf[96];
    int dec = r->round ? r->score_decimals : 0;
    size_t len = eri_num_format(spread, dec, r->round ? dec : 4, buf, sizeof buf, NULL);
    if (len < sizeof buf)
        return copy(a, buf);
    char *t = eri_arena_alloc(a, len + 1); /* a large number's */
    if (t)
        eri_num_format(spread, dec, r->round ? dec : 4, t, len + 1, NULL);
    return t;
}

static int oom(er_diag *d)
{
    eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while comparing schemes");
    return -1;
}

/* The cells of x, one evaluation per scheme: the score, level and vetoes
 * only (eval.h: by the compiled plan where it applies; under the schemes
 * after the first, the parts that read no weight come from the memo the
 * first recorded).  0 when one fails (reported by the evaluator;
 * x->pub.reason says under which), -1 out of memory. */
static int evaluate(er_compare *c, row *x, const er_facts *f, er_diag *d)
{
    const er_rules *r = c->rules;
    eri_arena *a = c->arena;
    er_compare_cell *cells = ERI_NEW_ARRAY(a, er_compare_cell, c->nschemes);
    size_t *cats = ERI_NEW_ARRAY(a, size_t, c->nschemes);
    if (!cells || !cats)
        return oom(d);
    eri_num lo = ERI_NUM_ZERO, hi = ERI_NUM_ZERO;
    int first_level = -1;
    if (c->memo)
        eri_plan_memo_clear(c->memo);
    for (size_t i = 0; i < c->nschemes; i++) {
        unsigned before = er_diag_errors(d);
        eri_brief b;
        if (!eri_evaluate_memo(c->ev, f, c->schemes[i], c->memo, i == 0, d, &b)) {
            unsigned errors = er_diag_errors(d) - before;
            /* the same facts fail the same way under every scheme: say it once */
            x->pub.reason = i == 0 ? sfmt(a, "not evaluated: %u %s", errors, errors_text(errors))
                                   : sfmt(a, "not evaluated under scheme '%s': %u %s",
                                          er_scheme_name(c->schemes[i]), errors, errors_text(errors));
            return x->pub.reason ? 0 : oom(d);
        }
        er_compare_cell *cell = &cells[i];
        eri_num score;
        eri_numheap *heap = eri_numheap_use(eri_arena_nums(a)); /* a planned score's, if large */
        bool kept = eri_brief_score(r, &b, &score) == ERI_NUM_OK;
        eri_numheap_use(heap);
        kept = kept && eri_num_keep(eri_arena_nums(a), &score) == ERI_NUM_OK; /* outlives the evaluation */
        cell->score = kept ? score_text(a, r, score) : NULL;
        int level = b.level;
        cell->rating = level >= 0 ? r->levels[level].label : NULL; /* lives in the rules */
        cell->vetoed = b.nvetoed > 0;
        cats[i] = level >= 0 ? (size_t)level : cell->vetoed ? r->nlevels + 1u : r->nlevels;
        cell->outcome = outcome_of(c, cats[i]);
        if (i == 0) {
            lo = hi = score;
            first_level = level;
        } else {
            lo = eri_num_min(lo, score);
            hi = eri_num_max(hi, score);
            x->pub.changes_level |= level != first_level;
        }
        if (!cell->score || !kept)
            return oom(d);
    }
    /* the spread is the comparison's, in its arena's number heap */
    eri_numheap *before = eri_numheap_use(eri_arena_nums(a));
    eri_num_status st = eri_num_sub(hi, lo, &x->spread);
    eri_numheap_use(before);
    if (st != ERI_NUM_OK)
        return oom(d);
    x->pub.spread = score_text(a, r, x->spread);
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
    bool std_in = strcmp(path, "-") == 0;
    if (std_in)
        path = ERI_STDIN_NAME; /* read as er_facts_load reads "-", named as its diagnostics name it */
    FILE *probe = std_in ? NULL : fopen(path, "rb"); /* an unreadable file is an I/O error, not invalid facts */
    if (!std_in && !probe) {
        int err = errno;
        eri_diag_io(d, path, err);
        row *x = new_row(c, path, "");
        if (!x || !(x->pub.reason = sfmt(c->arena, "cannot read: %s", strerror(err))))
            return oom(d);
        insert(c, x);
        return 0;
    }
    if (probe)
        fclose(probe);
    unsigned before = er_diag_errors(d);
    er_facts *f = er_facts_load(c->rules, std_in ? "-" : path, d);
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
