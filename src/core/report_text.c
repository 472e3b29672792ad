/* report_text.c — the report an auditor reads: the indicator tree, where
 * every lost point went and why, the totals step by step, vetoes, level. */
#include <string.h>

#include "escape.h"
#include "report.h"
#include "scoring.h"

#define LABEL_COLS 58

typedef struct out {
    FILE *f;
    bool color;
    const er_result *res;
} out;

static const char *paint(const out *o, const char *code) { return o->color ? code : ""; }
#define RESET(o) paint(o, "\033[0m")
#define BOLD(o) paint(o, "\033[1m")
#define DIM(o) paint(o, "\033[2m")
#define GREEN(o) paint(o, "\033[32m")
#define YELLOW(o) paint(o, "\033[33m")
#define RED(o) paint(o, "\033[31m")

/* print s, cut with "…" to at most cols terminal columns; returns columns used */
static size_t put_cols(FILE *f, const char *s, size_t cols)
{
    size_t used = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        int b;
        int w = eri_utf8_width((const unsigned char *)s + i, len - i, &b);
        if (used + (size_t)w > cols - 1 && eri_utf8_columns(s + i, len - i) + used > cols) {
            fputs("\xE2\x80\xA6", f);
            return used + 1;
        }
        fwrite(s + i, 1, (size_t)b, f);
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

static void tree(const out *o, int32_t ni)
{
    const er_rules *r = o->res->rules;
    const eri_node *n = &r->nodes[ni];
    const eri_node_result *nr = &o->res->nodes[ni];
    char head[512], pts[64], got[64], lb[256];
    snprintf(head, sizeof head, "%*s%s %s", n->depth * 2, "", n->id, eri_esc_text(lb, sizeof lb, n->label));
    const char *color = nr->outcome == ERI_OUT_FULL      ? GREEN(o)
                        : nr->outcome == ERI_OUT_PARTIAL ? YELLOW(o)
                        : nr->outcome == ERI_OUT_ZERO    ? RED(o)
                                                        : DIM(o);
    if (!n->is_item)
        fputs(BOLD(o), o->f);
    size_t used = put_cols(o->f, head, LABEL_COLS);
    pad(o->f, LABEL_COLS + 1 - used);
    /* an applicable indicator counts only its applicable points */
    eri_num_show(pts, sizeof pts, nr->applicable ? nr->applicable_points : n->points, 3, true);
    if (nr->applicable)
        eri_num_show(got, sizeof got, nr->earned, 3, true);
    else
        snprintf(got, sizeof got, "-");
    fprintf(o->f, "%8s %9s  %s", pts, got, RESET(o));
    fputs(color, o->f);
    if (!nr->applicable)
        fprintf(o->f, "%s", nr->excluded_by == ni ? "excluded" : nr->excluded_by < 0 ? "excluded (every item)"
                                                                                  : "excluded (above)");
    else if (nr->outcome == ERI_OUT_FULL)
        fputs("full", o->f);
    else {
        eri_num lost;
        eri_num_sub(nr->applicable_points, nr->earned, &lost);
        fprintf(o->f, "lost %s", eri_num_show(got, sizeof got, lost, 3, true));
    }
    fprintf(o->f, "%s\n", RESET(o));
    for (uint32_t k = 0; k < n->nchildren; k++)
        tree(o, n->children[k]);
}

static void facts_of(const out *o, const eri_factset *fs, const char *lead)
{
    const er_result *res = o->res;
    char val[256];
    for (uint32_t i = 0; i < fs->n; i++) {
        int32_t fi = fs->idx[i];
        const eri_fact_entry *fe = &res->facts->entries[fi];
        fprintf(o->f, "      %-10s%s = %s", i == 0 ? lead : "", res->rules->facts[fi].name,
                eri_report_fact_value(res, fi, val, sizeof val));
        if (fe->defaulted)
            fprintf(o->f, "   %s(default)%s\n", DIM(o), RESET(o));
        else
            fprintf(o->f, "   %s%s:%d%s\n", DIM(o), fe->file, fe->line, RESET(o));
    }
}

static void why(const out *o, int32_t ni)
{
    const er_result *res = o->res;
    const er_rules *r = res->rules;
    const eri_node *n = &r->nodes[ni];
    const eri_node_result *nr = &res->nodes[ni];
    char a[64], b[64], c[64], lb[256];
    eri_num lost;
    eri_num_sub(res->points[ni], nr->earned, &lost);
    fprintf(o->f, "  %s%s %s%s: %s of %s points, lost %s\n", BOLD(o), n->id, eri_esc_text(lb, sizeof lb, n->label), RESET(o),
            eri_num_show(a, sizeof a, nr->earned, 3, true), eri_num_show(b, sizeof b, res->points[ni], 3, true),
            eri_num_show(c, sizeof c, lost, 3, true));
    if (n->text) {
        fputs("      requires  ", o->f);
        eri_esc_text_put(o->f, n->text, strlen(n->text));
        fputc('\n', o->f);
    }
    size_t len;
    const char *rule = eri_rules_text(r, n->rule_span, &len);
    fprintf(o->f, "      rule      %.*s   %s%s:%d%s\n", (int)len, rule, DIM(o), r->src->name,
            eri_report_rules_line(res, n->rule_span), RESET(o));
    eri_scorings[n->kind].explain(o->f, r, n, nr); /* graded, share, value: scoring.c */
    for (uint32_t i = 0; i < n->lets.n; i++) {
        int32_t li = n->lets.idx[i];
        if (res->let_state[li] == 2 && res->let_vals[li].type == ERI_TY_NUMBER)
            fprintf(o->f, "      %-10s%s = %s\n", i == 0 ? "where" : "", r->lets[li].name,
                    eri_num_show(a, sizeof a, res->let_vals[li].num, 6, true));
    }
    facts_of(o, &n->facts, "facts");
}

static void excluded_list(const out *o)
{
    const er_result *res = o->res;
    const er_rules *r = res->rules;
    bool any = false;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node_result *nr = &res->nodes[i];
        if (nr->applicable || nr->excluded_by != (int32_t)i)
            continue;
        if (!any)
            fprintf(o->f, "\n%sNot applicable%s (left out of both earned and applicable points)\n", BOLD(o), RESET(o));
        any = true;
        char p[64], lb[256], why[512];
        fprintf(o->f, "  %s %s (%s points): %s\n", r->nodes[i].id, eri_esc_text(lb, sizeof lb, r->nodes[i].label),
                eri_num_show(p, sizeof p, res->points[i], 3, true),
                nr->reason ? eri_esc_text(why, sizeof why, nr->reason) : "no reason given");
        if (nr->by_auditor) {
            const eri_exclusion *x = eri_facts_excluded(res->facts, (int32_t)i);
            fprintf(o->f, "      excluded by the auditor   %s%s:%d%s\n", DIM(o), x ? x->file : res->facts->src->name, x ? x->line : 0,
                    RESET(o));
        } else {
            size_t len;
            const char *cond = eri_rules_text(r, r->nodes[i].exclude_span, &len);
            fprintf(o->f, "      rule      %.*s   %s%s:%d%s\n", (int)len, cond, DIM(o), r->src->name,
                    eri_report_rules_line(res, r->nodes[i].exclude_span), RESET(o));
            facts_of(o, &r->nodes[i].exclude_facts, "facts");
        }
    }
}

static void totals(const out *o)
{
    const er_result *res = o->res;
    const er_rules *r = res->rules;
    char a[64], b[64], c[64], d[64];
    fprintf(o->f, "\n%sTotals%s\n", BOLD(o), RESET(o));
    eri_num all = ERI_NUM_ZERO, out_pts;
    for (uint32_t i = 0; i < r->nroots; i++)
        eri_num_add(all, res->points[r->roots[i]], &all);
    eri_num_sub(all, res->applicable_total, &out_pts);
    fprintf(o->f, "  applicable points   %s", eri_num_show(a, sizeof a, res->applicable_total, 3, true));
    if (!eri_num_is_zero(out_pts))
        fprintf(o->f, "   (%s of %s points not applicable)", eri_num_show(b, sizeof b, out_pts, 3, true),
                eri_num_show(c, sizeof c, all, 3, true));
    fprintf(o->f, "\n  earned points       %s\n", eri_num_show(a, sizeof a, res->earned_total, 6, true));
    if (r->normalize)
        fprintf(o->f, "  normalized          %s / %s × %s = %s\n", eri_num_show(a, sizeof a, res->earned_total, 6, true),
                eri_num_show(b, sizeof b, res->applicable_total, 6, true), eri_num_show(c, sizeof c, r->scale, 6, true),
                eri_num_show(d, sizeof d, res->normalized, 6, true));
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const eri_adjust *adj = &r->adjusts[i];
        const eri_adjust_result *ar = &res->adjusts[i];
        fprintf(o->f, "  %s %s", adj->bonus ? "+" : "−", eri_num_show(a, sizeof a, ar->applied, 6, true));
        fprintf(o->f, "   %s", eri_esc_text(b, sizeof b, adj->label));
        if (ar->capped)
            fprintf(o->f, " (%s, capped)", eri_num_show(b, sizeof b, ar->value, 6, true));
        fputc('\n', o->f);
        facts_of(o, &adj->facts, "facts");
    }
    if (r->nadjusts)
        fprintf(o->f, "  before rounding     %s\n", eri_num_show(a, sizeof a, res->before_round, 6, true));
    if (r->round)
        fprintf(o->f, "  rounded %s to %s: %s\n", eri_round_mode_names[r->round_mode],
                eri_num_show(a, sizeof a, r->quantum, 6, false), res->score_text);
    fprintf(o->f, "\n%sScore  %s%s\n", BOLD(o), res->score_text, RESET(o));
}

static void verdict(const out *o)
{
    const er_result *res = o->res;
    const er_rules *r = res->rules;
    char a[64], b[64], msg[512], c[256];
    if (res->nvetoed) {
        fprintf(o->f, "%sVetoed%s (no level can be awarded):\n", RED(o), RESET(o));
        for (uint32_t i = 0; i < r->nvetoes; i++)
            if (res->vetoed[i]) {
                size_t len;
                const char *cond = eri_rules_text(r, r->vetoes[i].cond->span, &len);
                fprintf(o->f, "  %s   %swhen %.*s, %s:%d%s\n", eri_esc_text(msg, sizeof msg, r->vetoes[i].message), DIM(o), (int)len, cond,
                        r->src->name, eri_report_rules_line(res, r->vetoes[i].span), RESET(o));
                facts_of(o, &r->vetoes[i].facts, "facts");
            }
    }
    if (res->level >= 0) {
        const eri_level *lv = &r->levels[res->level];
        fprintf(o->f, "%sLevel  %s%s   (score ≥ %s)\n", BOLD(o), eri_esc_text(c, sizeof c, lv->label), RESET(o),
                eri_num_show(a, sizeof a, lv->threshold, 3, false));
    } else {
        fprintf(o->f, "%sLevel  not rated%s", BOLD(o), RESET(o));
        if (res->nvetoed)
            fprintf(o->f, ": vetoed\n");
        else if (r->nlevels)
            fprintf(o->f, "%s%s%s: the score is below %s\n", r->unrated_label ? " (" : "",
                    r->unrated_label ? eri_esc_text(c, sizeof c, r->unrated_label) : "", r->unrated_label ? ")" : "",
                    eri_num_show(a, sizeof a, r->levels[r->nlevels - 1].threshold, 3, false));
        else
            fprintf(o->f, ": the rules define no levels\n");
    }
    if (res->cap >= 0) {
        const eri_cap *cp = &r->caps[res->cap];
        size_t len;
        const char *cond = eri_rules_text(r, cp->cond->span, &len);
        fprintf(o->f, "  capped at %s: the score alone gives %s, but this holds only when %.*s   %s%s:%d%s\n",
                eri_esc_text(c, sizeof c, r->levels[cp->level].label),
                eri_esc_text(msg, sizeof msg, r->levels[res->uncapped_level].label), (int)len, cond, DIM(o), r->src->name,
                eri_report_rules_line(res, cp->span), RESET(o));
        if (cp->reason)
            fprintf(o->f, "  (%s)\n", eri_esc_text(msg, sizeof msg, cp->reason));
        facts_of(o, &cp->facts, "facts");
    }
    eri_num need;
    int32_t next = eri_report_next_level(res, &need);
    if (next >= 0 && !res->nvetoed)
        fprintf(o->f, "  next level: %s at %s needs %s more point%s\n", eri_esc_text(c, sizeof c, r->levels[next].label),
                eri_num_show(a, sizeof a, r->levels[next].threshold, 3, false), eri_num_show(b, sizeof b, need, 6, true),
                eri_num_cmp(need, ERI_NUM_ONE) == 0 ? "" : "s");
}

/* The seal: the digests of the inputs, the version, and the seal the JSON
 * report of this result carries (evalrules verify checks that one). */
static void seal_lines(const out *o)
{
    er_seal seal;
    if (er_result_seal(o->res, &seal) != 0) {
        fprintf(o->f, "\nSeal: could not be computed (out of memory)\n");
        return;
    }
    fprintf(o->f, "\n%sSeal%s   %s(the JSON report's; evalrules verify REPORT.json RULES FACTS)%s\n", BOLD(o), RESET(o),
            DIM(o), RESET(o));
    fprintf(o->f, "  evalrules  %s\n  rules      %s\n", seal.version, seal.rules);
    if (*seal.scheme)
        fprintf(o->f, "  scheme     %s\n", seal.scheme);
    fprintf(o->f, "  facts      %s\n  seal       %s\n", seal.facts, seal.seal);
}

static void report(FILE *f, const er_result *res, const er_report_opts *opts);

void er_report_text(FILE *f, const er_result *res, const er_report_opts *opts)
{
    /* the points lost and the long texts of large numbers are the report's own */
    eri_numheap nums = ERI_NUMHEAP_INIT, *before = eri_numheap_use(&nums);
    report(f, res, opts);
    eri_numheap_use(before);
    eri_numheap_clear(&nums);
}

static void report(FILE *f, const er_result *res, const er_report_opts *opts)
{
    out o = {f, opts && opts->color, res};
    const er_rules *r = res->rules;
    char e1[256], e2[512];
    fprintf(f, "%s%s%s%s%s\n", BOLD(&o), eri_esc_text(e1, sizeof e1, er_rules_standard(r)), *r->title ? " " : "",
            eri_esc_text(e2, sizeof e2, r->title), RESET(&o));
    fprintf(f, "Subject: %s\n", *res->facts->subject ? eri_esc_text(e2, sizeof e2, res->facts->subject) : "(not named)");
    fprintf(f, "Facts:   %s\nRules:   %s\n", res->facts->src->name, r->src->name);
    if (res->scheme != &r->base) { /* a weighting scheme other than the rules' own */
        int line, col;
        eri_source_position(res->scheme->src, res->scheme->span.start, &line, &col);
        fprintf(f, "Scheme:  %s%s%s   %s%s:%d%s\n", res->scheme->name, *res->scheme->label ? " " : "",
                eri_esc_text(e2, sizeof e2, res->scheme->label), DIM(&o), res->scheme->src->name, line, RESET(&o));
    }
    fputc('\n', f);
    fprintf(f, "%-*s %8s %9s  %s\n", LABEL_COLS, "Indicator", "Points", "Earned", "Status");
    for (uint32_t i = 0; i < r->nroots; i++)
        tree(&o, r->roots[i]);
    bool any = false;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node_result *nr = &res->nodes[i];
        if (!r->nodes[i].is_item || !nr->applicable || nr->outcome == ERI_OUT_FULL)
            continue;
        if (!any)
            fprintf(f, "\n%sWhere points were lost%s\n", BOLD(&o), RESET(&o));
        any = true;
        why(&o, (int32_t)i);
    }
    if (!any)
        fprintf(f, "\nNo points were lost.\n");
    excluded_list(&o);
    totals(&o);
    verdict(&o);
    seal_lines(&o);
}
