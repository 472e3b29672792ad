/* sweep_report.c — the reports of a weight sweep (sweep.c): per
 * enterprise the centre's score and level, the range of scores over the
 * runs, how many runs award each level, and the weights that move the
 * score most; as text for people, as JSON for programs, and as HTML with
 * charts for analysts (docs/sweep.md). */
#include <string.h>

#include "alloc.h"
#include "escape.h"
#include "facts.h"
#include "html.h"
#include "json.h"
#include "messages.h"
#include "source.h"
#include "sweep.h"

static void pad_to(FILE *f, const char *s, size_t cols)
{
    size_t used = eri_utf8_columns(s, strlen(s));
    fputs(s, f);
    while (used++ < cols)
        fputc(' ', f);
}

static const char *signed_num(eri_num v, char *buf, size_t cap)
{
    buf[0] = eri_num_sign(v) < 0 ? '-' : '+';
    bool exact = true;
    size_t len = eri_num_format(v, 0, 4, buf + 1, cap - 1, &exact);
    if (buf[1] == '-') { /* |v| without computing it: the sign is already in front */
        memmove(buf + 1, buf + 2, strlen(buf + 2) + 1);
        len--;
    }
    if (!exact && len + 5 < cap)
        memcpy(buf + 1 + len, "\xE2\x80\xA6", 4); /* … */
    return buf;
}

int er_sweep_report_text(FILE *out, const er_sweep *sw, const er_sweep_report_opts *opts)
{
    unsigned *shares = eri_calloc(sw->nout, sizeof *shares);
    if (!shares)
        return -1;
    const er_rules *r = sw->r;
    bool color = opts && opts->color;
    const char *bold = color ? "\033[1m" : "", *dim = color ? "\033[2m" : "", *reset = color ? "\033[0m" : "";
    char q[32];
    eri_num_format(sw->quantum, 0, 9, q, sizeof q, NULL);
    char e1[512], e2[512];
    fprintf(out, "%sWeight sweep%s  %s %s\n", bold, reset, eri_esc_text(e1, sizeof e1, r->code),
            eri_esc_text(e2, sizeof e2, r->title));
    fprintf(out, "Rules:   %s\n", r->src->name);
    fprintf(out, "Centre:  %s%s%s\n", sw->centre->name, *sw->centre->label ? " " : "",
            eri_esc_text(e1, sizeof e1, sw->centre->label));
    fprintf(out, "Runs:    %llu, seed %llu: every weight × (1 + u), u uniform in ±%s,\n", (unsigned long long)sw->runs,
            (unsigned long long)sw->seed, sw->spread_text);
    fprintf(out, "         renormalised to its parent's points in steps of %s\n", q);
    size_t wide = 6; /* "centre" */
    for (size_t k = 0; k < sw->nout; k++) {
        const char *l = eri_esc_text(e1, sizeof e1, er_sweep_outcome_label(sw, k));
        size_t w = eri_utf8_columns(l, strlen(l));
        wide = w > wide ? w : wide;
    }
    int digits = snprintf(NULL, 0, "%llu", (unsigned long long)sw->runs);
    for (size_t e = 0; e < sw->n; e++) {
        const eri_sweep_ent *en = &sw->ents[e];
        const char *subject = en->f->subject && *en->f->subject ? en->f->subject : "(no subject)";
        fprintf(out, "\n%s%s%s  %s%s%s\n", bold, eri_esc_text(e1, sizeof e1, subject), reset, dim, en->name,
                reset);
        fputs("  ", out);
        pad_to(out, "centre", wide + 2);
        fprintf(out, "%s  %s\n  ", en->centre_score,
                eri_esc_text(e1, sizeof e1, er_sweep_outcome_label(sw, en->centre_outcome)));
        pad_to(out, "runs", wide + 2);
        fprintf(out, "min %s  median %s  max %s\n", er_sweep_score(sw, e, 0), er_sweep_score(sw, e, 1), er_sweep_score(sw, e, 2));
        er_sweep_shares(sw, e, shares);
        for (size_t k = 0; k < sw->nout; k++) {
            if (en->counts[k] == 0)
                continue; /* outcomes no run gives: the JSON lists them */
            fputs("  ", out);
            pad_to(out, eri_esc_text(e1, sizeof e1, er_sweep_outcome_label(sw, k)), wide + 2);
            unsigned sh = shares[k];
            fprintf(out, "%*llu/%llu  %3u.%u%%\n", digits, (unsigned long long)en->counts[k],
                    (unsigned long long)sw->runs, sh / 10, sh % 10);
        }
        if (sw->sens_skipped) {
            fprintf(out, "  weights not ranked: the rules have more than %d indicators and items\n",
                    ERI_SWEEP_SENS_NODES);
            continue;
        }
        if (en->nsens == 0) {
            fprintf(out, "  no weight moves the score\n");
            continue;
        }
        fprintf(out, "  weights that move the score most (one raised by %s, score before rounding):\n",
                sw->spread_text);
        for (uint32_t k = 0; k < en->nsens; k++) {
            const eri_node *n = &r->nodes[en->sens_node[k]];
            char head[512], delta[64];
            snprintf(head, sizeof head, "%s %s", n->id, eri_esc_text(e1, sizeof e1, n->label));
            fputs("    ", out);
            pad_to(out, head, 40);
            fprintf(out, " %s\n", signed_num(en->sens_delta[k], delta, sizeof delta));
        }
    }
    eri_free(shares);
    return 0;
}
static void ent_json(eri_json *j, const er_sweep *sw, const eri_sweep_ent *en, size_t e, unsigned *shares)
{
    const er_rules *r = sw->r;
    eri_json_object(j, NULL);
    eri_json_str(j, "subject", en->f->subject ? en->f->subject : "");
    eri_json_str(j, "facts_file", en->name);
    eri_json_object(j, "centre");
    eri_json_str(j, "score", en->centre_score);
    eri_json_str(j, "outcome", er_sweep_outcome_label(sw, en->centre_outcome));
    eri_json_object_end(j);
    eri_json_object(j, "score");
    eri_json_str(j, "min", er_sweep_score(sw, e, 0));
    eri_json_str(j, "median", er_sweep_score(sw, e, 1));
    eri_json_str(j, "max", er_sweep_score(sw, e, 2));
    eri_json_object_end(j);
    er_sweep_shares(sw, e, shares);
    eri_json_array(j, "outcomes");
    for (size_t k = 0; k < sw->nout; k++) {
        char pct[16];
        snprintf(pct, sizeof pct, "%u.%u", shares[k] / 10, shares[k] % 10);
        eri_json_object(j, NULL);
        eri_json_str(j, "outcome", er_sweep_outcome_label(sw, k));
        eri_json_str(j, "kind", k < r->nlevels ? "level" : k == sw->nout - 2 ? "unrated" : "vetoed");
        eri_json_int(j, "runs", (long long)en->counts[k]);
        eri_json_str(j, "percent", pct);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
    eri_json_array(j, "sensitivity");
    for (uint32_t k = 0; k < en->nsens; k++) {
        const eri_node *n = &r->nodes[en->sens_node[k]];
        eri_json_object(j, NULL);
        eri_json_str(j, "id", n->id);
        eri_json_str(j, "label", n->label);
        eri_json_num(j, "delta", en->sens_delta[k]);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
    eri_json_object_end(j);
}

int er_sweep_report_json(FILE *out, const er_sweep *sw)
{
    const er_rules *r = sw->r;
    unsigned *shares = eri_calloc(sw->nout, sizeof *shares);
    if (!shares)
        return -1;
    eri_json j;
    eri_json_begin(&j, out);
    eri_json_object(&j, NULL);
    eri_json_str(&j, "standard", r->code);
    eri_json_str(&j, "title", r->title);
    eri_json_str(&j, "rules_file", r->src->name);
    eri_json_str(&j, "centre", sw->centre->name);
    eri_json_int(&j, "runs", (long long)sw->runs);
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)sw->seed); /* beyond JSON's safe integers */
    eri_json_str(&j, "seed", seed);
    eri_json_num(&j, "spread", sw->spread); /* decimals: never a fraction beside them */
    eri_json_num(&j, "quantum", sw->quantum);
    eri_json_array(&j, "enterprises");
    for (size_t e = 0; e < sw->n; e++)
        ent_json(&j, sw, &sw->ents[e], e, shares);
    eri_json_array_end(&j);
    eri_json_object_end(&j);
    eri_free(shares);
    return eri_json_end(&j);
}

/* ---- HTML report ----------------------------------------------------------- */

typedef struct shares_of {
    const er_sweep *sw;
    unsigned *shares; /* [enterprise × outcomes], tenths of a percent */
    er_lang lang;
} shares_of;

#define M(lang, name) eri_msg(lang, ERI_MSG_##name)

/* Outcome k (the levels, unrated, vetoed) named in lang: a level's or
 * 'otherwise' English label in English when the rules give one. */
static const char *outcome_name(const er_sweep *sw, er_lang lang, size_t k)
{
    const er_rules *r = sw->r;
    if (k < r->nlevels)
        return eri_msg_label(lang, false, r->levels[k].label, r->levels[k].english);
    if (k == sw->nout - 2)
        return r->unrated_label ? eri_msg_label(lang, false, r->unrated_label, r->unrated_english)
                                : M(lang, UNRATED);
    return M(lang, VETOED_SHORT);
}

static const char *subject_of(const eri_sweep_ent *en)
{
    return en->f->subject && *en->f->subject ? en->f->subject : en->name;
}

static const char *ent_row(const void *ctx, size_t i)
{
    return subject_of(&((const shares_of *)ctx)->sw->ents[i]);
}

static const char *outcome_part(const void *ctx, size_t k)
{
    const shares_of *s = ctx;
    return outcome_name(s->sw, s->lang, k);
}

static unsigned long long share(const void *ctx, size_t i, size_t k)
{
    const shares_of *s = ctx;
    return s->shares[i * s->sw->nout + k];
}

static void share_text(const void *ctx, size_t i, size_t k, char *buf, size_t cap)
{
    unsigned long long v = share(ctx, i, k);
    snprintf(buf, cap, "%llu.%llu%%", v / 10, v % 10);
}

enum { SENS_LABEL = 260, SENS_BAR = 300, SENS_ROW = 24 };

/* The weights that move enterprise en's score most, as bars of |delta|. */
static void sensitivity(FILE *out, const er_sweep *sw, const eri_sweep_ent *en, er_lang lang)
{
    if (en->nsens == 0) {
        fprintf(out, "<p>%s</p>\n", M(lang, SW_NO_WEIGHT));
        return;
    }
    eri_num max = ERI_NUM_ZERO, mag[ER_SWEEP_TOP];
    for (uint32_t k = 0; k < en->nsens; k++) {
        if (eri_num_sign(en->sens_delta[k]) >= 0 || eri_num_neg(en->sens_delta[k], &mag[k]) != ERI_NUM_OK)
            mag[k] = en->sens_delta[k];
        max = eri_num_max(max, mag[k]);
    }
    fprintf(out, "<h3>%s</h3>\n<p class=\"src\">", M(lang, SW_MOVERS));
    fprintf(out, M(lang, SW_MOVERS_NOTE), sw->spread_text);
    fputs("</p>\n", out);
    unsigned h = en->nsens * SENS_ROW + 4;
    fprintf(out, "<svg role=\"img\" viewBox=\"0 0 %d %u\" width=\"%d\" height=\"%u\">\n<title>%s</title>\n",
            SENS_LABEL + SENS_BAR + 100, h, SENS_LABEL + SENS_BAR + 100, h, M(lang, SW_MOVERS));
    for (uint32_t k = 0; k < en->nsens; k++) {
        const eri_node *n = &sw->r->nodes[en->sens_node[k]];
        unsigned y = k * SENS_ROW;
        char w[64], d[64];
        fprintf(out, "<text x=\"0\" y=\"%u\">", y + 16);
        eri_esc_html(out, n->id);
        fputs(" ", out);
        eri_esc_html(out, eri_msg_label(lang, false, n->label, n->english));
        fprintf(out, "</text><rect class=\"%s\" x=\"%d\" y=\"%u\" width=\"%s\" height=\"16\"/>",
                eri_num_sign(en->sens_delta[k]) < 0 ? "c7" : "fg", SENS_LABEL, y + 4,
                eri_num_sign(max) > 0 ? eri_html_bar(w, sizeof w, mag[k], max, SENS_BAR) : "0");
        fprintf(out, "<text x=\"%d\" y=\"%u\">", SENS_LABEL + SENS_BAR + 8, y + 16);
        eri_esc_html(out, signed_num(en->sens_delta[k], d, sizeof d));
        fputs("</text>\n", out);
    }
    fputs("</svg>\n", out);
}

int er_sweep_report_html(FILE *out, const er_sweep *sw, er_lang lang)
{
    const er_rules *r = sw->r;
    shares_of so = {sw, eri_calloc(sw->n * sw->nout + 1, sizeof *so.shares), lang};
    if (!so.shares)
        return -1;
    for (size_t e = 0; e < sw->n; e++)
        er_sweep_shares(sw, e, so.shares + e * sw->nout);
    char q[32], runs[32], seed[32];
    eri_num_format(sw->quantum, 0, 9, q, sizeof q, NULL);
    snprintf(runs, sizeof runs, "%llu", (unsigned long long)sw->runs);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)sw->seed);
    eri_html_head(out, lang);
    eri_esc_html(out, r->code);
    fprintf(out, " %s", M(lang, SW_TITLE));
    eri_html_body(out, "");
    fputs("<header>\n<p class=\"std\">", out);
    eri_esc_html(out, r->code);
    fputs(" ", out);
    eri_esc_html(out, eri_msg_title(r, lang));
    fprintf(out, "</p>\n<h1>%s</h1>\n<dl class=\"meta\">\n<dt>%s</dt><dd><code>", M(lang, SW_TITLE),
            M(lang, RULES_FILE));
    eri_esc_html(out, r->src->name);
    fprintf(out, "</code></dd>\n<dt>%s</dt><dd>", M(lang, SW_CENTRE));
    eri_esc_html(out, sw->centre->name);
    fputs(" ", out);
    eri_esc_html(out, sw->centre->label);
    fprintf(out, "</dd>\n<dt>%s</dt><dd>", M(lang, SW_RUNS));
    fprintf(out, M(lang, SW_MODEL), runs, seed, sw->spread_text, q);
    fputs("</dd>\n</dl>\n</header>\n", out);
    if (sw->n) {
        eri_html_stack chart = {M(lang, SW_CHART), sw->n, sw->nout, &so, ent_row, outcome_part, share, share_text};
        fprintf(out, "<section>\n<h2>%s</h2>\n", M(lang, SW_CHART));
        eri_html_stacked(out, &chart);
        fputs("</section>\n", out);
    }
    for (size_t e = 0; e < sw->n; e++) {
        const eri_sweep_ent *en = &sw->ents[e];
        fputs("<section>\n<h2>", out);
        eri_esc_html(out, subject_of(en));
        fprintf(out, "</h2>\n<dl class=\"meta\">\n<dt>%s</dt><dd><code>", M(lang, FACTS_FILE));
        eri_esc_html(out, en->name);
        fprintf(out, "</code></dd>\n<dt>%s</dt><dd><strong>%s</strong> ", M(lang, SW_CENTRE_SCORE), en->centre_score);
        eri_esc_html(out, outcome_name(sw, lang, en->centre_outcome));
        fprintf(out, "</dd>\n<dt>%s</dt><dd>", M(lang, SW_OVER_RUNS));
        fprintf(out, M(lang, SW_RANGE), er_sweep_score(sw, e, 0), er_sweep_score(sw, e, 1), er_sweep_score(sw, e, 2));
        fprintf(out, "</dd>\n</dl>\n<table>\n<thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr>"
                     "</thead>\n<tbody>\n",
                M(lang, SW_OUTCOME), M(lang, SW_RUNS), M(lang, SW_SHARE));
        for (size_t k = 0; k < sw->nout; k++) {
            if (en->counts[k] == 0)
                continue;
            unsigned sh = so.shares[e * sw->nout + k];
            fputs("<tr><td>", out);
            eri_esc_html(out, outcome_name(sw, lang, k));
            fprintf(out, "</td><td class=\"n\">%llu/%llu</td><td class=\"n\">%u.%u%%</td></tr>\n",
                    (unsigned long long)en->counts[k], (unsigned long long)sw->runs, sh / 10, sh % 10);
        }
        fputs("</tbody>\n</table>\n", out);
        sensitivity(out, sw, en, lang);
        fputs("</section>\n", out);
    }
    eri_html_end(out, lang);
    eri_free(so.shares);
    return ferror(out) ? -1 : 0;
}
