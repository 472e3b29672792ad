/* compare_report.c — the reports of a comparison of schemes (compare.c):
 * text for people (the schemes, a table aligned in terminal columns, the
 * levels each scheme awards), JSON for programs, CSV for spreadsheets, and
 * HTML for analysts: the levels per scheme as a chart, and the table
 * (docs/compare.md). */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "compare.h"
#include "escape.h"
#include "html.h"
#include "json.h"
#include "messages.h"
#include "source.h"

/* ---- text report ----------------------------------------------------------- */

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
    l->who = eri_esc_cols(NULL, "Enterprise", WHO_COLS);
    l->spread = strlen("Spread");
    for (size_t i = 0; i < c->nschemes; i++)
        l->score[i] = l->outcome[i] = 0;
    for (size_t k = 0; k < c->n; k++) {
        const er_compare_row *x = &c->rows[k]->pub;
        size_t w = eri_esc_cols(NULL, who(x), WHO_COLS);
        l->who = w > l->who ? w : l->who;
        if (!x->evaluated)
            continue;
        l->spread = strlen(x->spread) > l->spread ? strlen(x->spread) : l->spread;
        for (size_t i = 0; i < c->nschemes; i++) {
            size_t s = strlen(x->cells[i].score), o = eri_esc_cols(NULL, x->cells[i].outcome, (size_t)-1);
            l->score[i] = s > l->score[i] ? s : l->score[i];
            l->outcome[i] = o > l->outcome[i] ? o : l->outcome[i];
        }
    }
    for (size_t i = 0; i < c->nschemes; i++) {
        size_t name = eri_esc_cols(NULL, er_scheme_name(c->schemes[i]), (size_t)-1);
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
        size_t n = eri_esc_cols(NULL, er_scheme_name(c->schemes[i]), (size_t)-1);
        size_t l = i == 0 ? 0 : eri_esc_cols(NULL, er_scheme_label(c->schemes[i]), (size_t)-1);
        nw = n > nw ? n : nw;
        lw = l > lw ? l : lw;
    }
    for (size_t i = 0; i < c->nschemes; i++) {
        const er_scheme *s = c->schemes[i];
        fputs(i == 0 ? "Schemes:  " : "          ", out);
        pad(out, nw - eri_esc_cols(out, er_scheme_name(s), (size_t)-1));
        if (i == 0) {
            fputs("  the rules' own points\n", out);
            continue;
        }
        fputs("  ", out);
        pad(out, lw - eri_esc_cols(out, er_scheme_label(s), (size_t)-1));
        int line, col;
        eri_source_position(s->src, s->span.start, &line, &col);
        fputs("  ", out);
        eri_esc_cols(out, s->src->name, (size_t)-1);
        fprintf(out, ":%d\n", line);
    }
}

static void table(FILE *out, const er_compare *c, const layout *l)
{
    fputs("\n  ", out);
    pad(out, l->who - eri_esc_cols(out, "Enterprise", WHO_COLS));
    for (size_t i = 0; i < c->nschemes; i++) {
        fputs("  ", out);
        pad(out, l->col[i] - eri_esc_cols(out, er_scheme_name(c->schemes[i]), (size_t)-1));
    }
    fprintf(out, "  %*s  File\n", (int)l->spread, "Spread");
    for (size_t k = 0; k < c->n; k++) {
        const er_compare_row *x = &c->rows[k]->pub;
        fputs(!x->evaluated ? "! " : x->changes_level ? "* " : "  ", out);
        size_t used = eri_esc_cols(out, who(x), WHO_COLS);
        if (!x->evaluated) {
            pad(out, l->who - used);
            char why[512];
            fprintf(out, "  not evaluable (%s)", x->reason ? eri_esc_text(why, sizeof why, x->reason) : "?");
            if (*x->subject) {
                fputs("  ", out);
                eri_esc_cols(out, x->file, (size_t)-1);
            }
            fputc('\n', out);
            continue;
        }
        pad(out, l->who - used);
        for (size_t i = 0; i < c->nschemes; i++) {
            const er_compare_cell *cell = &x->cells[i];
            fprintf(out, "  %*s ", (int)l->score[i], cell->score);
            pad(out, l->col[i] - l->score[i] - 1 - eri_esc_cols(out, cell->outcome, (size_t)-1));
        }
        fprintf(out, "  %*s  ", (int)l->spread, x->spread);
        eri_esc_cols(out, x->file, (size_t)-1);
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
        size_t w = eri_esc_cols(NULL, er_compare_outcome(c, k), (size_t)-1);
        lw = w > lw ? w : lw;
    }
    fputs("\nLevels awarded", out);
    pad(out, lw + 2 - strlen("Levels awarded"));
    for (size_t i = 0; i < c->nschemes; i++) {
        fputs("  ", out);
        eri_esc_cols(out, er_scheme_name(c->schemes[i]), (size_t)-1);
    }
    fputc('\n', out);
    for (size_t k = 0; k < c->noutcomes; k++) {
        fputs("  ", out);
        pad(out, lw - eri_esc_cols(out, er_compare_outcome(c, k), (size_t)-1));
        for (size_t i = 0; i < c->nschemes; i++)
            fprintf(out, "  %*zu", (int)eri_esc_cols(NULL, er_scheme_name(c->schemes[i]), (size_t)-1),
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

static void schemes_json(eri_json *j, const er_compare *c)
{
    eri_json_array(j, "schemes");
    for (size_t i = 0; i < c->nschemes; i++) {
        const er_scheme *s = c->schemes[i];
        eri_json_object(j, NULL);
        eri_json_str(j, "name", er_scheme_name(s));
        eri_json_str(j, "label", er_scheme_label(s));
        eri_json_str(j, "file", i == 0 ? NULL : s->src->name);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
}

static void row_json(eri_json *j, const er_compare *c, const er_compare_row *x)
{
    eri_json_object(j, NULL);
    eri_json_str(j, "subject", x->subject);
    eri_json_str(j, "file", x->file);
    eri_json_bool(j, "evaluated", x->evaluated);
    eri_json_bool(j, "changes_level", x->changes_level);
    eri_json_str(j, "spread", x->spread);
    if (!x->evaluated) {
        eri_json_null(j, "results");
        eri_json_str(j, "reason", x->reason);
    } else {
        eri_json_object(j, "results");
        for (size_t i = 0; i < c->nschemes; i++) {
            const er_compare_cell *cell = &x->cells[i];
            eri_json_object(j, er_scheme_name(c->schemes[i]));
            eri_json_str(j, "score", cell->score);
            eri_json_str(j, "rating", cell->rating);
            eri_json_str(j, "outcome", cell->outcome);
            eri_json_bool(j, "vetoed", cell->vetoed);
            eri_json_object_end(j);
        }
        eri_json_object_end(j);
        eri_json_null(j, "reason");
    }
    eri_json_object_end(j);
}

static void summary_json(eri_json *j, const er_compare *c)
{
    size_t evaluated = c->n - c->not_evaluable;
    eri_json_object(j, "summary");
    eri_json_int(j, "enterprises", (long long)evaluated);
    eri_json_int(j, "change_level", (long long)c->changed);
    eri_json_int(j, "same_level", (long long)(evaluated - c->changed));
    eri_json_int(j, "not_evaluable", (long long)c->not_evaluable);
    eri_json_array(j, "levels");
    for (size_t k = 0; k < c->noutcomes; k++) {
        eri_json_object(j, NULL);
        eri_json_str(j, "outcome", er_compare_outcome(c, k));
        eri_json_bool(j, "rated", k < c->rules->nlevels);
        eri_json_object(j, "counts");
        for (size_t i = 0; i < c->nschemes; i++)
            eri_json_int(j, er_scheme_name(c->schemes[i]), (long long)c->tally[i * c->noutcomes + k]);
        eri_json_object_end(j);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
    eri_json_object_end(j);
}

int er_compare_report_json(FILE *out, const er_compare *c)
{
    if (!c)
        return -1;
    eri_json j;
    eri_json_begin(&j, out);
    eri_json_object(&j, NULL);
    eri_json_str(&j, "standard", c->rules->code);
    eri_json_str(&j, "title", c->rules->title);
    eri_json_str(&j, "rules_file", c->rules->src->name);
    schemes_json(&j, c);
    eri_json_array(&j, "rows");
    for (size_t k = 0; k < c->n; k++)
        row_json(&j, c, &c->rows[k]->pub);
    eri_json_array_end(&j);
    summary_json(&j, c);
    eri_json_object_end(&j);
    return eri_json_end(&j);
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

/* ---- HTML report ----------------------------------------------------------- */

typedef struct html_ctx {
    const er_compare *c;
    er_lang lang;
} html_ctx;

/* Outcome k (compare.h: the levels, not rated, vetoed) named in lang: a
 * level's or 'otherwise' English label in English when the rules give one. */
static const char *outcome_name(const er_compare *c, er_lang lang, size_t k)
{
    const er_rules *r = c->rules;
    if (k < r->nlevels)
        return eri_msg_label(lang, false, r->levels[k].label, r->levels[k].english);
    if (k == r->nlevels)
        return r->unrated_label ? eri_msg_label(lang, false, r->unrated_label, r->unrated_english)
                                : eri_msg(lang, ERI_MSG_NOT_RATED);
    return eri_msg(lang, ERI_MSG_VETOED_SHORT);
}

/* A cell's outcome (as compare.c counts it) named in lang. */
static const char *cell_outcome(const er_compare *c, er_lang lang, const er_compare_cell *cell)
{
    const er_rules *r = c->rules;
    size_t k = cell->vetoed ? r->nlevels + 1u : r->nlevels;
    for (uint32_t l = 0; cell->rating && l < r->nlevels; l++)
        if (strcmp(cell->rating, r->levels[l].label) == 0) {
            k = l;
            break;
        }
    return outcome_name(c, lang, k);
}

static const char *scheme_row(const void *ctx, size_t i)
{
    return er_scheme_name(((const html_ctx *)ctx)->c->schemes[i]);
}

static const char *outcome_part(const void *ctx, size_t k)
{
    const html_ctx *h = ctx;
    return outcome_name(h->c, h->lang, k);
}

static unsigned long long tally_of(const void *ctx, size_t i, size_t k)
{
    const er_compare *c = ((const html_ctx *)ctx)->c;
    return c->tally[i * c->noutcomes + k];
}

static void tally_text(const void *ctx, size_t i, size_t k, char *buf, size_t cap)
{
    snprintf(buf, cap, "%llu", tally_of(ctx, i, k));
}

static void html_esc2(FILE *out, const char *a, const char *b)
{
    eri_esc_html(out, a);
    if (*a && *b)
        fputs(" ", out);
    eri_esc_html(out, b);
}

/* One self-contained document (html.h): the schemes, the levels each
 * awards as a stacked bar per scheme, and every enterprise's score and
 * level under each, level changes marked; its wording in lang. */
int er_compare_report_html(FILE *out, const er_compare *c, er_lang lang)
{
#define M(name) eri_msg(lang, ERI_MSG_##name)
    const er_rules *r = c->rules;
    size_t evaluated = c->n - c->not_evaluable;
    const char *title = eri_msg_title(r, lang);
    eri_html_head(out, lang);
    html_esc2(out, r->code, M(CMP_TITLE));
    eri_html_body(out, "tr.changes td{background:#fbf3e6}\n");
    fputs("<header>\n<p class=\"std\">", out);
    html_esc2(out, r->code, title);
    fprintf(out, "</p>\n<h1>%s</h1>\n<dl class=\"meta\">\n<dt>%s</dt><dd><code>", M(CMP_TITLE), M(RULES_FILE));
    eri_esc_html(out, r->src->name);
    fputs("</code></dd>\n", out);
    for (size_t i = 0; i < c->nschemes; i++) {
        const er_scheme *sc = c->schemes[i];
        fprintf(out, "<dt>%s</dt><dd><strong>", i == 0 ? M(CMP_SCHEMES) : "");
        eri_esc_html(out, er_scheme_name(sc));
        fputs("</strong> ", out);
        if (i == 0) {
            fprintf(out, "%s</dd>\n", M(CMP_BASE));
            continue;
        }
        eri_esc_html(out, er_scheme_label(sc));
        int line, col;
        eri_source_position(sc->src, sc->span.start, &line, &col);
        fputs(" <span class=\"src\">", out);
        eri_esc_html(out, sc->src->name);
        fprintf(out, ":%d</span></dd>\n", line);
    }
    fprintf(out, "<dt>%s</dt><dd>", M(CMP_ENTERPRISES));
    fprintf(out, c->changed == 1 ? M(CMP_COUNTS_ONE) : M(CMP_COUNTS), evaluated, c->changed);
    if (c->not_evaluable)
        fprintf(out, c->not_evaluable == 1 ? M(CMP_NOT_EVALUABLE_ONE) : M(CMP_NOT_EVALUABLE), c->not_evaluable);
    fputs("</dd>\n</dl>\n</header>\n", out);
    html_ctx h = {c, lang};
    if (evaluated) {
        eri_html_stack chart = {M(CMP_CHART), c->nschemes, c->noutcomes, &h, scheme_row, outcome_part,
                                tally_of, tally_text};
        fprintf(out, "<section>\n<h2>%s</h2>\n", M(CMP_CHART));
        eri_html_stacked(out, &chart);
        fputs("</section>\n", out);
    }
    fprintf(out, "<section>\n<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th>", M(CMP_ENTERPRISES), M(ENTERPRISE));
    for (size_t i = 0; i < c->nschemes; i++) {
        fputs("<th>", out);
        eri_esc_html(out, er_scheme_name(c->schemes[i]));
        fputs("</th>", out);
    }
    fprintf(out, "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n", M(CMP_SPREAD));
    for (size_t k = 0; k < c->n; k++) {
        const er_compare_row *x = &c->rows[k]->pub;
        fprintf(out, "<tr%s><td>", x->changes_level ? " class=\"changes\"" : "");
        eri_esc_html(out, who(x));
        if (*x->subject) {
            fputs("<br><span class=\"src\">", out);
            eri_esc_html(out, x->file);
            fputs("</span>", out);
        }
        fputs("</td>", out);
        if (!x->evaluated && lang != ER_LANG_EN) { /* compare.c's reasons are in English */
            fprintf(out, "<td colspan=\"%zu\" class=\"lost\">%s</td></tr>\n", c->nschemes + 1, M(CMP_NOT_EVALUATED_SEE));
            continue;
        }
        if (!x->evaluated) {
            /* the reason escaped, then set into the message around it */
            char *why = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&why, &len);
            if (m) {
                eri_esc_html(m, x->reason ? x->reason : "?");
                if (fclose(m) != 0) {
                    free(why);
                    why = NULL;
                }
            }
            fprintf(out, "<td colspan=\"%zu\" class=\"lost\">", c->nschemes + 1);
            fprintf(out, M(CMP_NOT_EVALUATED), why ? why : "?");
            fputs("</td></tr>\n", out);
            free(why);
            continue;
        }
        for (size_t i = 0; i < c->nschemes; i++) {
            fprintf(out, "<td><strong>%s</strong> ", x->cells[i].score);
            eri_esc_html(out, cell_outcome(c, lang, &x->cells[i]));
            fputs("</td>", out);
        }
        fprintf(out, "<td class=\"n\">%s</td></tr>\n", x->spread);
    }
    fputs("</tbody>\n</table>\n", out);
    if (c->changed)
        fprintf(out, "<p class=\"src\">%s</p>\n", M(CMP_SHADED));
    fputs("</section>\n", out);
    eri_html_end(out, lang);
    return ferror(out) ? -1 : 0;
#undef M
}
