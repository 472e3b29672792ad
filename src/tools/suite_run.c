/* suite_run.c — running the cases of a test file (`evalrules test`):
 * each case's facts evaluated, its expectations checked, and a failure
 * explained (what was expected, what came out, and the result's own
 * explanation).  A result is read through its accessors (evalrules.h,
 * result.h), never the evaluator's layout. */
#include "suite.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "escape.h"
#include "result.h"

#define DECIMALS 6 /* places an actual value is written with before it becomes a fraction */

bool eri_suite_evaluate(const er_suite *su, const eri_tcase *c, eri_outcome *o)
{
    *o = (eri_outcome){0};
    FILE *mem = open_memstream(&o->diags, &o->dlen);
    er_diag *d = mem ? er_diag_new(mem) : NULL;
    if (d)
        o->res = er_eval(su->r, c->facts, d);
    er_diag_free(d);
    if (mem)
        fclose(mem);
    return d != NULL;
}

void eri_outcome_free(eri_outcome *o)
{
    er_result_free(o->res);
    free(o->diags);
}

/* Actual points as an expectation would write them: exact decimal, else N/D. */
size_t eri_suite_num_text(eri_num n, char *buf, size_t cap, bool approx)
{
    if (eri_num_decimals(n) >= 0 && eri_num_decimals(n) <= DECIMALS)
        return eri_num_format(n, 0, DECIMALS, buf, cap, NULL);
    char dec[64];
    size_t k = eri_num_format_fraction(n, buf, cap);
    if (approx && k < cap) {
        eri_num_format(n, 0, DECIMALS, dec, sizeof dec, NULL);
        int w = snprintf(buf + k, cap - k, " (≈ %s…)", dec);
        k += w > 0 ? (size_t)w : 0;
    }
    return k;
}

eri_num eri_suite_points(const er_result *res, const eri_expect *x)
{
    if (x->node < 0)
        return eri_result_total(res, x->k == ERI_X_EARNED ? ER_TOTAL_EARNED : ER_TOTAL_APPLICABLE);
    return eri_result_amount(res, (size_t)x->node, x->k == ERI_X_EARNED ? ER_AMOUNT_EARNED : ER_AMOUNT_APPLICABLE);
}

static bool points_match(const eri_expect *x, eri_num actual)
{
    if (x->places < 0)
        return eri_num_eq(x->num, actual);
    eri_num q = ERI_NUM_ONE, rounded; /* 10^-places: beyond 18 places, in the current number heap */
    for (int i = 0; i < x->places; i++)
        if (eri_num_div(q, eri_num_int(10), &q) != ERI_NUM_OK)
            return false;
    return eri_num_round(actual, q, ERI_ROUND_HALF_UP, &rounded) == ERI_NUM_OK && eri_num_eq(rounded, x->num);
}

const char *eri_suite_level_text(const er_rules *r, int level) { return level >= 0 ? r->levels[level].label : "none"; }

/* The fired vetoes as expectation lines would name them: "a", "b" or none. */
/* set: the vetoes named; NULL for the ones that fired in res. */
static void vetoes_text(const er_rules *r, const bool *set, const er_result *res, char *buf, size_t cap)
{
    size_t k = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if ((set ? set[i] : er_result_vetoed(res, i)) && k < cap)
            k += (size_t)snprintf(buf + k, cap - k, "%s\"%s\"", k ? ", " : "", r->vetoes[i].message);
    if (k == 0)
        snprintf(buf, cap, "none");
}

/* Does the expected veto set of c match res?  exp: the expected set (per veto). */
static bool vetoes_match(const er_rules *r, const eri_tcase *c, const er_result *res, bool *exp)
{
    memset(exp, 0, sizeof *exp * (r->nvetoes + 1));
    for (uint32_t i = 0; i < c->nx; i++)
        if (c->x[i].k == ERI_X_VETO && c->x[i].index >= 0)
            exp[c->x[i].index] = true;
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (exp[i] != er_result_vetoed(res, i))
            return false;
    return true;
}

bool eri_suite_check(const er_suite *su, const eri_tcase *c, const eri_expect *x, const eri_outcome *o,
                     char *expected, char *actual, size_t cap, bool *vexp)
{
    const er_rules *r = su->r;
    const er_result *res = o->res;
    const char *v = su->src->text + x->vs;
    int vlen = (int)(x->ve - x->vs);
    snprintf(expected, cap, "%.*s", vlen, v);
    if (x->k == ERI_X_ERROR) {
        bool ok = !res && o->diags && strstr(o->diags, x->text);
        snprintf(actual, cap, "%s", res ? "it evaluated without error" : "other errors (below)");
        return ok;
    }
    if (!res) {
        snprintf(actual, cap, "the evaluation failed (below)");
        return false;
    }
    switch (x->k) {
    case ERI_X_SCORE: {
        const char *score = er_result_score(res);
        snprintf(actual, cap, "%s", score);
        return eri_num_eq(x->num, eri_result_total(res, ER_TOTAL_SCORE)) ||
               (vlen == (int)strlen(score) && memcmp(v, score, (size_t)vlen) == 0);
    }
    case ERI_X_LEVEL:
        snprintf(actual, cap, "%s", eri_suite_level_text(r, er_result_level(res)));
        return x->index == er_result_level(res);
    case ERI_X_VETO: {
        bool ok = vetoes_match(r, c, res, vexp);
        vetoes_text(r, vexp, res, expected, cap);
        vetoes_text(r, NULL, res, actual, cap);
        return ok;
    }
    case ERI_X_VETOES:
        snprintf(actual, cap, "%zu", er_result_veto_count(res));
        return (int64_t)er_result_veto_count(res) == x->count;
    case ERI_X_EARNED:
    case ERI_X_APPLICABLE: {
        eri_num n = eri_suite_points(res, x);
        eri_suite_num_text(n, actual, cap, true);
        return points_match(x, n);
    }
    case ERI_X_EXCLUDED: {
        er_indicator ind;
        eri_num points = eri_result_amount(res, (size_t)x->node, ER_AMOUNT_APPLICABLE);
        snprintf(expected, cap, "not applicable");
        char shown[64];
        eri_num_show(shown, sizeof shown, points, 6, true);
        snprintf(actual, cap, "applicable (%s point%s)", shown, strcmp(shown, "1") == 0 ? "" : "s");
        return er_result_indicator(res, (size_t)x->node, &ind) && !ind.applicable;
    }
    default:
        return false;
    }
}

void eri_suite_indented(FILE *out, const char *text, size_t len, const char *lead)
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
        eri_suite_indented(out, buf + (blanks == 2 ? from : 0), len - (blanks == 2 ? from : 0), "     ");
    free(buf);
}

bool eri_suite_selected(const eri_tcase *c, const er_suite_opts *o) { return !o || !o->filter || strstr(c->name, o->filter); }

/* Why case c failed (or, verbose, how it passed): each unmet expectation,
 * expected against actual, then the result's explanation or the errors. */
static void details(FILE *out, const er_suite *su, const eri_tcase *c, eri_outcome *oc, bool pass,
                    const er_suite_opts *o, bool *vexp, bool color)
{
    const er_rules *r = su->r;
    char expected[512], actual[512];
    bool veto_said = false;
    if (!pass) {
        for (uint32_t k = 0; k < c->nx; k++) {
            const eri_expect *x = &c->x[k];
            if (eri_suite_check(su, c, x, oc, expected, actual, sizeof expected, vexp) || (x->k == ERI_X_VETO && veto_said))
                continue;
            veto_said |= x->k == ERI_X_VETO;
            char what[96];
            if (x->k == ERI_X_EARNED || x->k == ERI_X_APPLICABLE || x->k == ERI_X_EXCLUDED)
                snprintf(what, sizeof what, "%s %s", eri_xnames[x->k], x->node >= 0 ? r->nodes[x->node].id : "total");
            else
                snprintf(what, sizeof what, "%s", eri_xnames[x->k]);
            char e1[512], e2[512];
            fprintf(out, "     %s:%d: %s: expected %s, actual %s\n", su->src->name, x->line, what,
                    eri_esc_text(e1, sizeof e1, expected), eri_esc_text(e2, sizeof e2, actual));
        }
    }
    if (!oc->res && (!pass || (o && o->verbose)) && oc->diags)
        eri_suite_indented(out, oc->diags, oc->dlen, "     | ");
    else if (oc->res && (!pass || (o && o->verbose)))
        explain(out, oc->res, color);
}

/* text as XML character data: line by line through the HTML escaper (the
 * five XML entities; control characters made visible), newlines kept */
static void xml_text(FILE *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
        eri_esc_html_put(out, text + i, n);
        i += n;
        if (nl) {
            fputc('\n', out);
            i++;
        }
    }
}

void er_suite_junit_begin(FILE *out, const er_suite_tally *t)
{
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<testsuites name=\"evalrules test\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
            t->passed + t->failed, t->failed);
}

void er_suite_junit_end(FILE *out) { fputs("</testsuites>\n", out); }

int er_suite_run(const er_suite *su, FILE *out, const er_suite_opts *o, er_suite_tally *t)
{
    bool color = o && o->color && !o->junit;
    bool *vexp = eri_calloc(su->r->nvetoes + 1, sizeof *vexp);
    if (!vexp)
        return -1;
    int rc = 0;
    /* JUnit: this file's <testcase> elements, written under its <testsuite> once counted */
    char *cases = NULL;
    size_t cases_len = 0, passed = 0, failed = 0;
    FILE *junit = out && o && o->junit ? open_memstream(&cases, &cases_len) : NULL;
    if (out && o && o->junit && !junit) {
        eri_free(vexp);
        return -1;
    }
    eri_numheap nums = ERI_NUMHEAP_INIT, *before = eri_numheap_use(&nums); /* the comparisons', case by case */
    for (uint32_t i = 0; i < su->ncases; i++) {
        const eri_tcase *c = &su->cases[i];
        eri_numheap_clear(&nums);
        if (!eri_suite_selected(c, o))
            continue;
        eri_outcome oc;
        if (!eri_suite_evaluate(su, c, &oc)) {
            eri_outcome_free(&oc);
            rc = -1;
            break;
        }
        if (oc.res && o && o->coverage)
            er_coverage_add(o->coverage, oc.res);
        bool pass = true;
        char expected[512], actual[512];
        for (uint32_t k = 0; k < c->nx; k++)
            pass &= eri_suite_check(su, c, &c->x[k], &oc, expected, actual, sizeof expected, vexp);
        if (!oc.res && !eri_suite_find(c, ERI_X_ERROR))
            pass = false;
        if (pass) {
            t->passed++;
            passed++;
        } else {
            t->failed++;
            failed++;
        }
        if (junit) {
            fputs("    <testcase classname=\"", junit);
            eri_esc_html(junit, su->src->name);
            fputs("\" name=\"", junit);
            eri_esc_html(junit, c->name);
            fputs(pass ? "\"/>\n" : "\">\n", junit);
            if (!pass) {
                char *why = NULL;
                size_t why_len = 0;
                FILE *m = open_memstream(&why, &why_len);
                if (m) {
                    details(m, su, c, &oc, false, o, vexp, false);
                    fclose(m);
                }
                fputs("      <failure message=\"expectations not met\" type=\"failure\">", junit);
                if (why)
                    xml_text(junit, why, why_len);
                fputs("</failure>\n    </testcase>\n", junit);
                free(why);
            }
        } else if (out) {
            char name[512];
            fprintf(out, "%s%s%s %s\n", color ? (pass ? "\033[32m" : "\033[1;31m") : "", pass ? "ok  " : "FAIL",
                    color ? "\033[0m" : "", eri_esc_text(name, sizeof name, c->name));
            details(out, su, c, &oc, pass, o, vexp, color);
        }
        eri_outcome_free(&oc);
    }
    eri_numheap_use(before);
    eri_numheap_clear(&nums);
    eri_free(vexp);
    if (junit) {
        if (fclose(junit) != 0 || !cases) {
            free(cases);
            return -1;
        }
        fputs("  <testsuite name=\"", out);
        eri_esc_html(out, su->src->name);
        fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", passed + failed, failed);
        fwrite(cases, 1, cases_len, out);
        fputs("  </testsuite>\n", out);
        free(cases);
    }
    return rc;
}
