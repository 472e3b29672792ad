/* report_html.c — the report handed to the audited enterprise or filed by
 * the auditor: one self-contained HTML document (inline CSS and SVG, no
 * script, nothing fetched), readable on screen and printed on A4.
 *
 * Every string from the rules or the facts goes through eri_esc_html; the
 * fixed wording comes from messages.def in the report's language.  Numbers
 * are exact: a chart's bar lengths are exact fractions of its width rounded
 * to 0.1, never binary floating point. */
#include <stdarg.h>
#include <string.h>

#include "escape.h"
#include "html.h"
#include "messages.h"
#include "report.h"
#include "scoring.h"

typedef struct html {
    FILE *f;
    const er_result *res;
    er_lang lang;
    bool auditor; /* formulas and file lines shown, the rules' own labels */
    const char *date;
} html;

#define M(h, name) eri_msg((h)->lang, ERI_MSG_##name)

static void esc(const html *h, const char *s) { eri_esc_html(h->f, s); }

/* A label for this report: the 'english' one in an English report for the
 * enterprise, where the rules give one; else the rules' own (report.c). */
static const char *label_of(const html *h, const eri_node *n)
{
    return eri_msg_label(h->lang, h->auditor, n->label, n->english);
}
#define LABEL(h, x) eri_msg_label((h)->lang, (h)->auditor, (x)->label, (x)->english)

static const char *num(char *buf, size_t cap, eri_num n) { return eri_num_show(buf, cap, n, 3, true); }

/* printf into buf, then the result escaped (the arguments may come from the rules). */
__attribute__((format(printf, 2, 3))) static void escf(const html *h, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    esc(h, buf);
}


static void header(const html *h)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    const char *title = eri_msg_title(r, h->lang);
    fputs("<header>\n<p class=\"std\">", h->f);
    esc(h, er_rules_standard(r));
    fputs(*title ? " " : "", h->f);
    esc(h, title);
    fprintf(h->f, "</p>\n<h1>%s</h1>\n<dl class=\"meta\">\n<dt>%s</dt><dd>", M(h, REPORT), M(h, ENTERPRISE));
    esc(h, *res->facts->subject ? res->facts->subject : M(h, NOT_NAMED));
    fputs("</dd>\n", h->f);
    /* the audit's date and team, when the rules declare them (docs/auditors.md) */
    static const eri_msg_id audit[ERI_HEADER_FACTS] = {ERI_MSG_AUDIT_DATE, ERI_MSG_AUDIT_TEAM};
    for (size_t i = 0; i < ERI_HEADER_FACTS; i++) {
        int32_t fi = eri_rules_find_fact(r, eri_header_facts[i], strlen(eri_header_facts[i]));
        char val[256];
        if (fi < 0 || !res->facts->entries[fi].present)
            continue;
        const char *v = r->facts[fi].type == ERI_FT_TEXT ? res->facts->entries[fi].value.text
                                                         : eri_report_fact_value(res, fi, val, sizeof val);
        if (!v || !*v)
            continue;
        fprintf(h->f, "<dt>%s</dt><dd>", eri_msg(h->lang, audit[i]));
        esc(h, v);
        fputs("</dd>\n", h->f);
    }
    if (h->date) {
        fprintf(h->f, "<dt>%s</dt><dd>", M(h, EVAL_DATE));
        esc(h, h->date);
        fputs("</dd>\n", h->f);
    }
    if (res->scheme != &r->base) {
        fprintf(h->f, "<dt>%s</dt><dd>", M(h, SCHEME));
        esc(h, res->scheme->name);
        if (*res->scheme->label) {
            fputs(" ", h->f);
            esc(h, res->scheme->label);
        }
        fputs("</dd>\n", h->f);
    }
    if (h->auditor) {
        fprintf(h->f, "<dt>%s</dt><dd><code>", M(h, FACTS_FILE));
        esc(h, res->facts->src->name);
        fprintf(h->f, "</code></dd>\n<dt>%s</dt><dd><code>", M(h, RULES_FILE));
        esc(h, r->src->name);
        fputs("</code></dd>\n", h->f);
    }
    fputs("</dl>\n</header>\n", h->f);
}

/* The score and the level, as the headline, and how far the next level is. */
static void headline(const html *h)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    char a[64], b[64];
    fprintf(h->f, "<section class=\"headline\">\n<div class=\"box\"><span class=\"k\">%s</span>"
                  "<span class=\"v\" id=\"score\">", M(h, SCORE));
    esc(h, res->score_text);
    fprintf(h->f, "</span></div>\n<div class=\"box\"><span class=\"k\">%s</span><span class=\"v\" id=\"level\">",
            M(h, LEVEL));
    if (res->level >= 0)
        esc(h, LABEL(h, &r->levels[res->level]));
    else if (!res->nvetoed && r->nlevels && r->unrated_label) /* the rules' 'otherwise' */
        esc(h, eri_msg_label(h->lang, h->auditor, r->unrated_label, r->unrated_english));
    else
        fputs(M(h, NOT_RATED), h->f);
    fputs("</span></div>\n<p class=\"next\">", h->f);
    if (res->level >= 0) {
        escf(h, M(h, LEVEL_AT), eri_num_show(a, sizeof a, r->levels[res->level].threshold, 3, false));
        fputs("<br>", h->f);
    } else if (res->nvetoed) {
        fprintf(h->f, "%s<br>", M(h, NOT_RATED_VETOED));
    } else if (r->nlevels) {
        escf(h, M(h, NOT_RATED_BELOW), eri_num_show(a, sizeof a, r->levels[r->nlevels - 1].threshold, 3, false));
        fputs("<br>", h->f);
    } else {
        fprintf(h->f, "%s<br>", M(h, NOT_RATED_NO_LEVELS));
    }
    eri_num need;
    int32_t next = res->nvetoed ? -1 : eri_report_next_level(res, &need);
    if (next >= 0)
        escf(h, eri_num_cmp(need, ERI_NUM_ONE) == 0 ? M(h, NEXT_LEVEL_ONE) : M(h, NEXT_LEVEL), LABEL(h, &r->levels[next]),
             eri_num_show(a, sizeof a, r->levels[next].threshold, 3, false), eri_num_show(b, sizeof b, need, 6, true));
    else if (res->level == 0)
        fputs(M(h, TOP_LEVEL), h->f);
    fputs("</p>\n</section>\n", h->f);
}

/* ---- the chart: earned against applicable points, one bar per indicator --- */

enum { CHART_LABEL = 300, CHART_BAR = 330, CHART_ROW = 26, CHART_WIDTH = CHART_LABEL + CHART_BAR + 110 };

/* x × CHART_BAR / max, rounded to 0.1, as text (max > 0). */
static const char *bar_len(char *buf, size_t cap, eri_num x, eri_num max)
{
    return eri_html_bar(buf, cap, x, max, CHART_BAR);
}

static void chart(const html *h, int depth, eri_msg_id title)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    eri_num max = ERI_NUM_ZERO;
    unsigned rows = 0;
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (r->nodes[i].depth == depth && !r->nodes[i].is_item) {
            max = eri_num_max(max, res->nodes[i].applicable_points);
            rows++;
        }
    if (rows == 0 || eri_num_sign(max) <= 0)
        return;
    fprintf(h->f, "<h3>%s</h3>\n<svg role=\"img\" viewBox=\"0 0 %d %u\" "
                  "width=\"%d\" height=\"%u\">\n<title>%s</title>\n",
            eri_msg(h->lang, title), CHART_WIDTH, rows * CHART_ROW + 24, CHART_WIDTH, rows * CHART_ROW + 24,
            eri_msg(h->lang, title));
    unsigned row = 0;
    char a[64], b[64], w[64];
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node *n = &r->nodes[i];
        const eri_node_result *nr = &res->nodes[i];
        if (n->depth != depth || n->is_item)
            continue;
        unsigned y = row++ * CHART_ROW;
        fprintf(h->f, "<text x=\"0\" y=\"%u\">", y + 17);
        esc(h, n->id);
        fputs(" ", h->f);
        esc(h, label_of(h, n));
        fprintf(h->f, "</text>\n<rect class=\"bg\" x=\"%d\" y=\"%u\" width=\"%s\" height=\"18\"/>", CHART_LABEL, y + 4,
                bar_len(w, sizeof w, nr->applicable_points, max));
        fprintf(h->f, "<rect class=\"fg\" x=\"%d\" y=\"%u\" width=\"%s\" height=\"18\"/>", CHART_LABEL, y + 4,
                bar_len(w, sizeof w, nr->earned, max));
        fprintf(h->f, "<text x=\"%d\" y=\"%u\">", CHART_LABEL + CHART_BAR + 8, y + 17);
        if (nr->applicable)
            fprintf(h->f, "%s / %s", num(a, sizeof a, nr->earned), num(b, sizeof b, nr->applicable_points));
        else
            fputs(M(h, EXCLUDED), h->f);
        fputs("</text>\n", h->f);
    }
    unsigned y = rows * CHART_ROW + 6;
    fprintf(h->f, "<rect class=\"fg\" x=\"%d\" y=\"%u\" width=\"14\" height=\"12\"/><text x=\"%d\" y=\"%u\">%s</text>"
                  "<rect class=\"bg\" x=\"%d\" y=\"%u\" width=\"14\" height=\"12\"/><text x=\"%d\" y=\"%u\">%s</text>\n",
            CHART_LABEL, y, CHART_LABEL + 20, y + 11, M(h, CHART_EARNED), CHART_LABEL + 120, y, CHART_LABEL + 140,
            y + 11, M(h, CHART_APPLICABLE));
    fputs("</svg>\n", h->f);
}

/* ---- the indicator table ----------------------------------------------- */

static void status(const html *h, int32_t ni)
{
    const eri_node_result *nr = &h->res->nodes[ni];
    char a[64];
    if (!nr->applicable) {
        fprintf(h->f, "<td class=\"excluded\">%s</td>", nr->excluded_by == ni ? M(h, EXCLUDED)
                                                        : nr->excluded_by < 0 ? M(h, EXCLUDED_ALL)
                                                                              : M(h, EXCLUDED_ABOVE));
    } else if (nr->outcome == ERI_OUT_FULL) {
        fprintf(h->f, "<td class=\"full\">%s</td>", M(h, FULL));
    } else {
        eri_num lost;
        eri_num_sub(nr->applicable_points, nr->earned, &lost);
        fprintf(h->f, "<td class=\"%s\">", nr->outcome == ERI_OUT_ZERO ? "lost" : "partial");
        escf(h, M(h, LOST), num(a, sizeof a, lost));
        fputs("</td>", h->f);
    }
}

static void table(const html *h)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    char a[64], b[64];
    fprintf(h->f, "<section>\n<h2>%s</h2>\n<table>\n<thead><tr><th>%s</th><th class=\"n\">%s</th>"
                  "<th class=\"n\">%s</th><th>%s</th></tr></thead>\n<tbody>\n",
            M(h, TABLE), M(h, INDICATOR), M(h, POINTS), M(h, EARNED), M(h, STATUS));
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node *n = &r->nodes[i];
        const eri_node_result *nr = &res->nodes[i];
        fprintf(h->f, "<tr class=\"d%d%s\"><td>", n->depth > 3 ? 3 : n->depth, n->is_item ? "" : " ind");
        esc(h, n->id);
        fputs(" ", h->f);
        esc(h, label_of(h, n));
        fprintf(h->f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td>",
                num(a, sizeof a, nr->applicable ? nr->applicable_points : res->points[i]),
                nr->applicable ? num(b, sizeof b, nr->earned) : "–");
        status(h, (int32_t)i);
        fputs("</tr>\n", h->f);
    }
    fputs("</tbody>\n</table>\n</section>\n", h->f);
}

/* ---- lost points --------------------------------------------------------- */

/* The facts a rule read, with their values (and, for the auditor, where). */
static void evidence(const html *h, const eri_factset *fs)
{
    const er_result *res = h->res;
    char val[256];
    if (fs->n == 0)
        return;
    fprintf(h->f, "<dt>%s</dt><dd><ul class=\"ev\">\n", M(h, EVIDENCE));
    for (uint32_t i = 0; i < fs->n; i++) {
        int32_t fi = fs->idx[i];
        const eri_fact *fa = &res->rules->facts[fi];
        const eri_fact_entry *fe = &res->facts->entries[fi];
        fputs("<li>", h->f);
        if (h->auditor || !*fa->label || h->lang == ER_LANG_EN) {
            fputs("<code>", h->f);
            esc(h, fa->name);
            fputs("</code>", h->f);
        }
        if (*fa->label && (!h->auditor || h->lang == ER_LANG_ZH)) {
            fputs(h->auditor || h->lang == ER_LANG_EN ? " (" : "", h->f);
            esc(h, fa->label);
            fputs(h->auditor || h->lang == ER_LANG_EN ? ")" : "", h->f);
        }
        fputs(h->lang == ER_LANG_ZH ? "：<strong>" : ": <strong>", h->f);
        if (fe->present && fa->type == ERI_FT_BOOL && !h->auditor)
            fputs(fe->value.b ? M(h, YES) : M(h, NO), h->f);
        else if (fe->present)
            esc(h, eri_report_fact_value(res, fi, val, sizeof val));
        else
            fputs(M(h, MISSING), h->f);
        fputs("</strong>", h->f);
        if (fe->defaulted)
            fprintf(h->f, " <span class=\"src\">%s</span>", M(h, DEFAULT));
        else if (h->auditor) {
            fputs(" <span class=\"src\">", h->f);
            escf(h, "%s:%d", fe->file, fe->line);
            fputs("</span>", h->f);
        }
        fputs("</li>\n", h->f);
    }
    fputs("</ul></dd>\n", h->f);
}

/* The rule's source text and its line (auditor only). */
static void rule_line(const html *h, eri_msg_id title, eri_span span)
{
    const er_rules *r = h->res->rules;
    size_t len;
    const char *text = eri_rules_text(r, span, &len);
    fprintf(h->f, "<dt>%s</dt><dd><code>", eri_msg(h->lang, title));
    eri_esc_html_put(h->f, text, len);
    fputs("</code> <span class=\"src\">", h->f);
    escf(h, "%s:%d", r->src->name, eri_report_rules_line(h->res, span));
    fputs("</span></dd>\n", h->f);
}

/* Why item ni lost points, in plain words from what its kind of rule found. */
static void why(const html *h, int32_t ni)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    const eri_node *n = &r->nodes[ni];
    char a[64], buf[1024];
    fprintf(h->f, "<dt>%s</dt><dd>", M(h, WHY));
    esc(h, eri_report_why(buf, sizeof buf, h->lang, res, ni));
    fputs("</dd>\n", h->f);
    if (!h->auditor)
        return;
    rule_line(h, ERI_MSG_RULE, n->rule_span);
    for (uint32_t i = 0; i < n->lets.n; i++) {
        int32_t li = n->lets.idx[i];
        if (res->let_state[li] == 2 && res->let_vals[li].type == ERI_TY_NUMBER) {
            fprintf(h->f, "<dt>%s</dt><dd><code>", i == 0 ? M(h, WHERE) : "");
            escf(h, "%s = %s", r->lets[li].name, eri_num_show(a, sizeof a, res->let_vals[li].num, 6, true));
            fputs("</code></dd>\n", h->f);
        }
    }
}

static void lost(const html *h)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    char a[64], b[64], c[64];
    fprintf(h->f, "<section>\n<h2>%s</h2>\n", M(h, WHERE_LOST));
    bool any = false;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node *n = &r->nodes[i];
        const eri_node_result *nr = &res->nodes[i];
        if (!n->is_item || !nr->applicable || nr->outcome == ERI_OUT_FULL)
            continue;
        any = true;
        eri_num lost;
        eri_num_sub(res->points[i], nr->earned, &lost);
        fputs("<article>\n<h3>", h->f);
        esc(h, n->id);
        fputs(" ", h->f);
        esc(h, label_of(h, n));
        fprintf(h->f, " <span class=\"%s\">", nr->outcome == ERI_OUT_ZERO ? "lost" : "partial");
        escf(h, eri_num_cmp(res->points[i], ERI_NUM_ONE) == 0 ? M(h, OF_POINTS_ONE) : M(h, OF_POINTS), num(a, sizeof a, nr->earned), num(b, sizeof b, res->points[i]),
             num(c, sizeof c, lost));
        fputs("</span></h3>\n<dl>\n", h->f);
        if (n->text) {
            fprintf(h->f, "<dt>%s</dt><dd>", M(h, REQUIRES));
            esc(h, n->text);
            fputs("</dd>\n", h->f);
        }
        why(h, (int32_t)i);
        evidence(h, &n->facts);
        fputs("</dl>\n</article>\n", h->f);
    }
    if (!any)
        fprintf(h->f, "<p>%s</p>\n", M(h, NONE_LOST));
    fputs("</section>\n", h->f);
}

/* ---- exclusions, vetoes and caps ------------------------------------------ */

static void excluded(const html *h)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    char a[64];
    bool any = false;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node_result *nr = &res->nodes[i];
        if (nr->applicable || nr->excluded_by != (int32_t)i)
            continue;
        if (!any)
            fprintf(h->f, "<section>\n<h2>%s</h2>\n<p>%s</p>\n", M(h, NOT_APPLICABLE), M(h, NOT_APPLICABLE_NOTE));
        any = true;
        fputs("<article class=\"na\">\n<h3>", h->f);
        esc(h, r->nodes[i].id);
        fputs(" ", h->f);
        esc(h, label_of(h, &r->nodes[i]));
        fprintf(h->f, " <span class=\"excluded\">(%s)</span></h3>\n<dl>\n<dt>%s</dt><dd>",
                num(a, sizeof a, res->points[i]), nr->by_auditor ? M(h, BY_AUDITOR) : M(h, BY_RULE));
        esc(h, nr->reason ? nr->reason : M(h, NO_REASON));
        fputs("</dd>\n", h->f);
        if (nr->by_auditor && h->auditor) {
            const eri_exclusion *x = eri_facts_excluded(res->facts, (int32_t)i);
            fprintf(h->f, "<dt>%s</dt><dd class=\"src\">", M(h, FACTS_FILE));
            escf(h, "%s:%d", x ? x->file : res->facts->src->name, x ? x->line : 0);
            fputs("</dd>\n", h->f);
        } else if (!nr->by_auditor) {
            if (h->auditor)
                rule_line(h, ERI_MSG_RULE, r->nodes[i].exclude_span);
            evidence(h, &r->nodes[i].exclude_facts);
        }
        fputs("</dl>\n</article>\n", h->f);
    }
    if (any)
        fputs("</section>\n", h->f);
}

static void vetoes_and_caps(const html *h)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    if (!res->nvetoed && res->cap < 0)
        return;
    fprintf(h->f, "<section>\n<h2>%s</h2>\n", res->nvetoed ? M(h, VETOES) : M(h, CAP));
    for (uint32_t i = 0; i < r->nvetoes; i++) {
        if (!res->vetoed[i])
            continue;
        fprintf(h->f, "<article class=\"veto\">\n<h3 class=\"lost\">%s</h3>\n<dl>\n<dt>%s</dt><dd>", M(h, VETOED),
                M(h, VETOES));
        esc(h, eri_msg_label(h->lang, h->auditor, r->vetoes[i].message, r->vetoes[i].english));
        fputs("</dd>\n", h->f);
        if (h->auditor)
            rule_line(h, ERI_MSG_RULE, r->vetoes[i].cond->span);
        evidence(h, &r->vetoes[i].facts);
        fputs("</dl>\n</article>\n", h->f);
    }
    if (res->cap >= 0) {
        const eri_cap *cp = &r->caps[res->cap];
        fputs("<article class=\"cap\">\n<h3>", h->f);
        escf(h, M(h, CAPPED), LABEL(h, &r->levels[cp->level]), LABEL(h, &r->levels[res->uncapped_level]));
        fputs("</h3>\n<dl>\n", h->f);
        if (cp->reason) {
            fprintf(h->f, "<dt>%s</dt><dd>", M(h, WHY));
            esc(h, eri_msg_label(h->lang, h->auditor, cp->reason, cp->english));
            fputs("</dd>\n", h->f);
        }
        if (h->auditor)
            rule_line(h, ERI_MSG_RULE, cp->cond->span);
        evidence(h, &cp->facts);
        fputs("</dl>\n</article>\n", h->f);
    }
    fputs("</section>\n", h->f);
}

/* ---- the totals ---------------------------------------------------------- */

static void total_row(const html *h, const char *what, const char *value)
{
    fprintf(h->f, "<tr><td>%s</td><td class=\"n\">", what);
    esc(h, value);
    fputs("</td></tr>\n", h->f);
}

static void totals(const html *h)
{
    const er_result *res = h->res;
    const er_rules *r = res->rules;
    char a[64], b[64], c[64];
    static const eri_msg_id modes[ERI_ROUND_MODES] = {
        ERI_MSG_ROUND_HALF_UP, ERI_MSG_ROUND_HALF_EVEN, ERI_MSG_ROUND_HALF_DOWN, ERI_MSG_ROUND_UP,
        ERI_MSG_ROUND_DOWN,    ERI_MSG_ROUND_FLOOR,     ERI_MSG_ROUND_CEILING};
    fprintf(h->f, "<section>\n<h2>%s</h2>\n<table class=\"totals\">\n<tbody>\n", M(h, TOTALS));
    eri_num all = ERI_NUM_ZERO, out_pts;
    for (uint32_t i = 0; i < r->nroots; i++)
        eri_num_add(all, res->points[r->roots[i]], &all);
    eri_num_sub(all, res->applicable_total, &out_pts);
    fprintf(h->f, "<tr><td>%s", M(h, APPLICABLE_POINTS));
    if (!eri_num_is_zero(out_pts)) {
        fputs(" <span class=\"src\">(", h->f);
        escf(h, eri_num_cmp(all, ERI_NUM_ONE) == 0 ? M(h, NOT_APPLICABLE_OF_ONE) : M(h, NOT_APPLICABLE_OF),
             num(b, sizeof b, out_pts), num(c, sizeof c, all));
        fputs(")</span>", h->f);
    }
    fprintf(h->f, "</td><td class=\"n\">%s</td></tr>\n", num(a, sizeof a, res->applicable_total));
    total_row(h, M(h, EARNED_POINTS), eri_num_show(a, sizeof a, res->earned_total, 6, true));
    if (r->normalize) {
        fprintf(h->f, "<tr><td>%s <span class=\"src\">", M(h, NORMALIZED));
        escf(h, "%s / %s × %s", eri_num_show(a, sizeof a, res->earned_total, 6, true),
             eri_num_show(b, sizeof b, res->applicable_total, 6, true), eri_num_show(c, sizeof c, r->scale, 6, true));
        fprintf(h->f, "</span></td><td class=\"n\">%s</td></tr>\n", eri_num_show(a, sizeof a, res->normalized, 6, true));
    }
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const eri_adjust *adj = &r->adjusts[i];
        const eri_adjust_result *ar = &res->adjusts[i];
        fprintf(h->f, "<tr><td>%s: ", adj->bonus ? M(h, BONUS) : M(h, DEDUCTION));
        esc(h, LABEL(h, adj));
        if (ar->capped) {
            fputs(" <span class=\"src\">", h->f);
            escf(h, M(h, CAPPED_FROM), eri_num_show(b, sizeof b, ar->value, 6, true));
            fputs("</span>", h->f);
        }
        if (h->auditor && adj->facts.n) {
            fputs("<dl>", h->f);
            evidence(h, &adj->facts);
            fputs("</dl>", h->f);
        }
        fprintf(h->f, "</td><td class=\"n\">%s %s</td></tr>\n", adj->bonus ? "+" : "−",
                eri_num_show(a, sizeof a, ar->applied, 6, true));
    }
    if (r->nadjusts)
        total_row(h, M(h, BEFORE_ROUNDING), eri_num_show(a, sizeof a, res->before_round, 6, true));
    if (r->round) {
        fputs("<tr><td>", h->f);
        escf(h, M(h, ROUNDED), eri_msg(h->lang, modes[r->round_mode]), eri_num_show(b, sizeof b, r->quantum, 6, false));
        fputs("</td><td class=\"n\">", h->f);
        esc(h, res->score_text);
        fputs("</td></tr>\n", h->f);
    }
    fprintf(h->f, "<tr class=\"ind\"><td><strong>%s</strong></td><td class=\"n\"><strong>", M(h, SCORE));
    esc(h, res->score_text);
    fputs("</strong></td></tr>\n</tbody>\n</table>\n</section>\n", h->f);
}

/* The seal: the inputs' digests, the version, and the seal the JSON report
 * of this result carries (evalrules verify checks that one). */
static void seal_section(const html *h)
{
    er_seal seal;
    fprintf(h->f, "<section class=\"seal\">\n<h2>%s</h2>\n", M(h, SEAL));
    if (er_result_seal(h->res, &seal) != 0) {
        fprintf(h->f, "<p>%s</p>\n</section>\n", M(h, SEAL_FAILED));
        return;
    }
    fprintf(h->f, "<p class=\"src\">%s</p>\n<dl class=\"meta\">\n", M(h, SEAL_NOTE));
    fprintf(h->f, "<dt>%s</dt><dd>%s</dd>\n", M(h, SEAL_VERSION), seal.version);
    fprintf(h->f, "<dt>%s</dt><dd><code>%s</code></dd>\n", M(h, SEAL_RULES), seal.rules);
    if (*seal.scheme)
        fprintf(h->f, "<dt>%s</dt><dd><code>%s</code></dd>\n", M(h, SEAL_SCHEME), seal.scheme);
    fprintf(h->f, "<dt>%s</dt><dd><code>%s</code></dd>\n", M(h, SEAL_FACTS), seal.facts);
    fprintf(h->f, "<dt>%s</dt><dd id=\"seal\"><code>%s</code></dd>\n</dl>\n</section>\n", M(h, SEAL_DIGEST),
            seal.seal);
}

int er_report_html(FILE *f, const er_result *res, const er_report_opts *opts)
{
    res = eri_result_details(res);
    html h = {f, res, opts ? opts->lang : ER_LANG_EN, opts && opts->audience == ER_AUDIENCE_AUDITOR,
              opts ? opts->date : NULL};
    const er_rules *r = res->rules;
    eri_html_head(f, h.lang);
    esc(&h, er_rules_standard(r));
    fprintf(f, " %s — ", M(&h, REPORT));
    esc(&h, *res->facts->subject ? res->facts->subject : M(&h, NOT_NAMED));
    eri_html_body(f, "");
    header(&h);
    headline(&h);
    fprintf(f, "<section>\n<h2>%s</h2>\n", M(&h, CHART));
    chart(&h, 0, ERI_MSG_CHART_FIRST);
    chart(&h, 1, ERI_MSG_CHART_SECOND);
    fputs("</section>\n", f);
    table(&h);
    lost(&h);
    excluded(&h);
    vetoes_and_caps(&h);
    totals(&h);
    seal_section(&h);
    eri_html_end(f, h.lang);
    return ferror(f) ? -1 : 0;
}
