/* sweep_report.c — the reports of a weight sweep (sweep.c): per
 * enterprise the centre's score and level, the range of scores over the
 * runs, how many runs award each level, and the weights that move the
 * score most; as text for people and as JSON for programs (docs/sweep.md). */
#include <string.h>

#include "alloc.h"
#include "escape.h"
#include "facts.h"
#include "json.h"
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

void er_sweep_report_text(FILE *out, const er_sweep *sw, const er_sweep_report_opts *opts)
{
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
    unsigned *shares = eri_calloc(sw->nout, sizeof *shares);
    int digits = snprintf(NULL, 0, "%llu", (unsigned long long)sw->runs);
    for (size_t e = 0; e < sw->n; e++) {
        const eri_sweep_ent *en = &sw->ents[e];
        const char *subject = en->f->subject && *en->f->subject ? en->f->subject : "(no subject)";
        fprintf(out, "\n%s%s%s  %s%s%s\n", bold, eri_esc_text(e1, sizeof e1, subject), reset, dim, en->f->src->name,
                reset);
        fputs("  ", out);
        pad_to(out, "centre", wide + 2);
        fprintf(out, "%s  %s\n  ", en->centre_score,
                eri_esc_text(e1, sizeof e1, er_sweep_outcome_label(sw, en->centre_outcome)));
        pad_to(out, "runs", wide + 2);
        fprintf(out, "min %s  median %s  max %s\n", er_sweep_score(sw, e, 0), er_sweep_score(sw, e, 1), er_sweep_score(sw, e, 2));
        if (shares)
            er_sweep_shares(sw, e, shares);
        for (size_t k = 0; k < sw->nout; k++) {
            if (en->counts[k] == 0)
                continue; /* outcomes no run gives: the JSON lists them */
            fputs("  ", out);
            pad_to(out, eri_esc_text(e1, sizeof e1, er_sweep_outcome_label(sw, k)), wide + 2);
            unsigned sh = shares ? shares[k] : 0;
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
}
static void ent_json(eri_json *j, const er_sweep *sw, const eri_sweep_ent *en, size_t e, unsigned *shares)
{
    const er_rules *r = sw->r;
    eri_json_object(j, NULL);
    eri_json_str(j, "subject", en->f->subject ? en->f->subject : "");
    eri_json_str(j, "facts_file", en->f->src->name);
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
