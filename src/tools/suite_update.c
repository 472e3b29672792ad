/* suite_update.c — rewriting a test file's expectations to state what its
 * cases now evaluate to (`evalrules test --update`).  Only the values that
 * no longer hold are replaced, byte for byte in place; a case without
 * 'expect score' gains one; the file is rewritten safely (er_rewrite_file:
 * its mode kept, no fixed temporary name a link could redirect). */
#include "suite.h"

#include <stdarg.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "result.h"

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

/* A label as an expectation writes it: bare when it can be, else quoted;
 * whole, whatever its length (NULL when out of memory; free it). */
static char *label_text(const char *s, bool always_quote)
{
    if (!always_quote && *s && strcmp(s, "none") != 0 && !strpbrk(s, " \t#\"\\\n"))
        return eri_strndup(s, strlen(s));
    char *buf = eri_malloc(2 * strlen(s) + 3), *p = buf;
    if (!buf)
        return NULL;
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\' || *s == '\n' || *s == '\t')
            *p++ = '\\';
        *p++ = *s == '\n' ? 'n' : *s == '\t' ? 't' : *s;
    }
    *p++ = '"';
    *p = '\0';
    return buf;
}

/* Points as an expectation writes them, whole whatever their length (NULL
 * when out of memory; free it). */
static char *num_text(eri_num n)
{
    size_t len = eri_suite_num_text(n, NULL, 0, false);
    char *s = eri_malloc(len + 1);
    if (s)
        eri_suite_num_text(n, s, len + 1, false);
    return s;
}

/* put() of an allocated text, which it frees (NULL: out of memory). */
static void put_owned(edits *ed, uint32_t start, uint32_t end, const char *fmt, char *text)
{
    if (!text)
        ed->oom = true;
    else
        put(ed, start, end, fmt, text);
    eri_free(text);
}

/* The edits that make case c's expectations state the outcome; false when
 * the case cannot be updated (it failed to evaluate). */
/* The blanks that begin the line at ls. */
static size_t indent(const char *t, size_t ls)
{
    size_t n = 0;
    while (t[ls + n] == ' ' || t[ls + n] == '\t')
        n++;
    return n;
}

static bool case_edits(const er_suite *su, const eri_tcase *c, const eri_outcome *o, edits *ed, bool *vexp)
{
    const er_rules *r = su->r;
    const er_result *res = o->res;
    const char *t = su->src->text;
    char expected[512], actual[512]; /* for the check only: what is written comes whole */
    const eri_expect *err_x = eri_suite_find(c, ERI_X_ERROR);
    if (!res) /* an expected error still holding needs nothing; anything else cannot be fixed here */
        return err_x && eri_suite_check(su, c, err_x, o, expected, actual, sizeof expected, vexp);
    if (err_x) { /* it evaluates now: state the score instead */
        put(ed, err_x->ks, err_x->ve, "score %s", er_result_score(res));
        return true;
    }
    bool veto_done = false;
    for (uint32_t k = 0; k < c->nx; k++) {
        const eri_expect *x = &c->x[k];
        if (eri_suite_check(su, c, x, o, expected, actual, sizeof expected, vexp) || (x->k == ERI_X_VETO && veto_done))
            continue;
        switch (x->k) {
        case ERI_X_SCORE:
            put(ed, x->vs, x->ve, "%s", er_result_score(res));
            break;
        case ERI_X_LEVEL:
            if (er_result_level(res) >= 0)
                put_owned(ed, x->vs, x->ve, "%s", label_text(eri_suite_level_text(r, er_result_level(res)), false));
            else
                put(ed, x->vs, x->ve, "none");
            break;
        case ERI_X_VETOES:
            put(ed, x->vs, x->ve, "%zu", er_result_veto_count(res));
            break;
        case ERI_X_EARNED:
        case ERI_X_APPLICABLE:
            put_owned(ed, x->vs, x->ve, "%s", num_text(eri_suite_points(res, x)));
            break;
        case ERI_X_EXCLUDED: { /* applicable after all: say how many points it has */
            char *n = num_text(eri_result_amount(res, (size_t)x->node, ER_AMOUNT_APPLICABLE));
            if (n)
                put(ed, x->ks, x->ve, "applicable %s %s", r->nodes[x->node].id, n);
            else
                ed->oom = true;
            eri_free(n);
            break;
        }
        case ERI_X_VETO: {
            /* the first veto line states the fired ones (one a line); the others go */
            veto_done = true;
            size_t fired = 0;
            for (uint32_t v = 0; v < r->nvetoes; v++)
                if (er_result_vetoed(res, v)) {
                    char *msg = label_text(r->vetoes[v].message, true);
                    if (!msg)
                        ed->oom = true;
                    else if (fired++ == 0)
                        put(ed, x->vs, x->ve, "%s", msg);
                    else /* a line like this one, indented as it is (ks is the word after 'expect') */
                        put(ed, x->lnext, x->lnext, "%.*sexpect veto %s\n", (int)indent(t, x->ls), t + x->ls, msg);
                    eri_free(msg);
                }
            if (!fired)
                put(ed, x->vs, x->ve, "none");
            for (uint32_t j = k + 1; j < c->nx; j++)
                if (c->x[j].k == ERI_X_VETO)
                    put(ed, c->x[j].ls, c->x[j].lnext, "%s", "");
            break;
        }
        default:
            break;
        }
    }
    if (!eri_suite_find(c, ERI_X_SCORE)) {
        int ilen = (int)(c->indent_e - c->indent_s);
        const char *ind = t + c->indent_s;
        if (c->tail_nl)
            put(ed, c->tail, c->tail, "%.*sexpect score %s\n", ilen, ind, er_result_score(res));
        else
            put(ed, c->tail, c->tail, "\n%.*sexpect score %s", ilen, ind, er_result_score(res));
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
    eri_numheap nums = ERI_NUMHEAP_INIT, *nums_before = eri_numheap_use(&nums); /* the comparisons', case by case */
    for (uint32_t i = 0; vexp && !ed.oom && i < su->ncases; i++) {
        const eri_tcase *c = &su->cases[i];
        eri_numheap_clear(&nums);
        if (!eri_suite_selected(c, o))
            continue;
        eri_outcome oc;
        if (!eri_suite_evaluate(su, c, &oc)) {
            eri_outcome_free(&oc);
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
            eri_suite_indented(out, oc.diags, oc.dlen, "     | ");
        eri_outcome_free(&oc);
    }
    eri_numheap_use(nums_before);
    eri_numheap_clear(&nums);
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
        selected_n += eri_suite_selected(&su->cases[i], o);
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

