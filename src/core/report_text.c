/* report_text.c — the report an auditor reads: the indicator tree, where
 * every lost point went and why, the totals step by step, vetoes, level.
 * Its fixed wording comes from messages.def in the report's language; for
 * the auditor (the default) it shows the rules' formulas and the files'
 * lines, for the enterprise it says why in plain words instead. */
#include <string.h>

#include "escape.h"
#include "messages.h"
#include "report.h"
#include "scoring.h"

#define LABEL_COLS 58

typedef struct out {
    FILE *f;
    bool color;
    const er_result *res;
    er_lang lang;
    bool auditor; /* formulas and file lines; else plain words */
} out;

#define M(o, name) eri_msg((o)->lang, ERI_MSG_##name)
#define COLON(o) ((o)->lang == ER_LANG_ZH ? "：" : ": ")
/* the label of a node, level, veto or adjustment for this report (report.c) */
#define LABEL(o, x) eri_msg_label((o)->lang, (o)->auditor, (x)->label, (x)->english)

static const char *paint(const out *o, const char *code) { return o->color ? code : ""; }
#define RESET(o) paint(o, "\033[0m")
#define BOLD(o) paint(o, "\033[1m")
#define DIM(o) paint(o, "\033[2m")
#define GREEN(o) paint(o, "\033[32m")
#define YELLOW(o) paint(o, "\033[33m")
#define RED(o) paint(o, "\033[31m")

static void pad(FILE *f, size_t n)
{
    while (n--)
        fputc(' ', f);
}

/* s right-aligned in cols columns */
static void right(FILE *f, const char *s, size_t cols)
{
    size_t used = eri_utf8_columns(s, strlen(s));
    pad(f, used < cols ? cols - used : 0);
    fputs(s, f);
}

static void tree(const out *o, int32_t ni)
{
    const er_rules *r = o->res->rules;
    const eri_node *n = &r->nodes[ni];
    const eri_node_result *nr = &o->res->nodes[ni];
    char head[512], pts[64], got[64], lb[256];
    snprintf(head, sizeof head, "%*s%s %s", n->depth * 2, "", n->id, eri_esc_text(lb, sizeof lb, LABEL(o, n)));
    const char *color = nr->outcome == ERI_OUT_FULL      ? GREEN(o)
                        : nr->outcome == ERI_OUT_PARTIAL ? YELLOW(o)
                        : nr->outcome == ERI_OUT_ZERO    ? RED(o)
                                                        : DIM(o);
    if (!n->is_item)
        fputs(BOLD(o), o->f);
    size_t used = eri_esc_cols(o->f, head, LABEL_COLS);
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
        fputs(nr->excluded_by == ni ? M(o, EXCLUDED) : nr->excluded_by < 0 ? M(o, EXCLUDED_ALL) : M(o, EXCLUDED_ABOVE),
              o->f);
    else if (nr->outcome == ERI_OUT_FULL)
        fputs(M(o, FULL), o->f);
    else {
        eri_num lost;
        eri_num_sub(nr->applicable_points, nr->earned, &lost);
        fprintf(o->f, M(o, LOST), eri_num_show(got, sizeof got, lost, 3, true));
    }
    fprintf(o->f, "%s\n", RESET(o));
    for (uint32_t k = 0; k < n->nchildren; k++)
        tree(o, n->children[k]);
}

/* The facts a rule read, with their values: for the auditor by name with
 * their facts-file lines, for the enterprise by label. */
static void facts_of(const out *o, const eri_factset *fs)
{
    const er_result *res = o->res;
    char val[256], lb[256];
    for (uint32_t i = 0; i < fs->n; i++) {
        int32_t fi = fs->idx[i];
        const eri_fact *fa = &res->rules->facts[fi];
        const eri_fact_entry *fe = &res->facts->entries[fi];
        eri_msg_lead(o->f, i > 0 ? "" : o->auditor ? M(o, T_FACTS_LEAD) : M(o, T_EVIDENCE_LEAD));
        if (o->auditor) {
            fprintf(o->f, "%s = %s", fa->name, eri_report_fact_value(res, fi, val, sizeof val));
            if (fe->defaulted)
                fprintf(o->f, "   %s%s%s\n", DIM(o), M(o, DEFAULT), RESET(o));
            else
                fprintf(o->f, "   %s%s:%d%s\n", DIM(o), fe->file, fe->line, RESET(o));
            continue;
        }
        /* the enterprise: "label: value" (in English "name (label): value") */
        if (!*fa->label || o->lang == ER_LANG_EN)
            fputs(fa->name, o->f);
        if (*fa->label)
            fprintf(o->f, o->lang == ER_LANG_EN ? " (%s)" : "%s", eri_esc_text(lb, sizeof lb, fa->label));
        fputs(COLON(o), o->f);
        if (!fe->present)
            fputs(M(o, MISSING), o->f);
        else if (fa->type == ERI_FT_BOOL)
            fputs(fe->value.b ? M(o, YES) : M(o, NO), o->f);
        else {
            const char *v = eri_report_fact_value(res, fi, val, sizeof val);
            eri_esc_text_put(o->f, v, strlen(v));
        }
        if (fe->defaulted)
            fprintf(o->f, " %s", M(o, DEFAULT));
        fputc('\n', o->f);
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
    fprintf(o->f, "  %s%s %s%s%s", BOLD(o), n->id, eri_esc_text(lb, sizeof lb, LABEL(o, n)), RESET(o), COLON(o));
    fprintf(o->f, eri_num_cmp(res->points[ni], ERI_NUM_ONE) == 0 ? M(o, OF_POINTS_ONE) : M(o, OF_POINTS),
            eri_num_show(a, sizeof a, nr->earned, 3, true),
            eri_num_show(b, sizeof b, res->points[ni], 3, true), eri_num_show(c, sizeof c, lost, 3, true));
    fputc('\n', o->f);
    if (n->text) {
        eri_msg_lead(o->f, M(o, REQUIRES));
        eri_esc_text_put(o->f, n->text, strlen(n->text));
        fputc('\n', o->f);
    }
    if (!o->auditor) {
        char plain[1024];
        eri_msg_lead(o->f, M(o, T_WHY_LEAD));
        eri_report_why(plain, sizeof plain, o->lang, res, ni);
        eri_esc_text_put(o->f, plain, strlen(plain));
        fputc('\n', o->f);
        facts_of(o, &n->facts);
        return;
    }
    size_t len;
    const char *rule = eri_rules_text(r, n->rule_span, &len);
    eri_msg_lead(o->f, M(o, RULE));
    fprintf(o->f, "%.*s   %s%s:%d%s\n", (int)len, rule, DIM(o), r->src->name, eri_report_rules_line(res, n->rule_span),
            RESET(o));
    eri_scorings[n->kind].explain(o->f, o->lang, r, n, nr); /* graded, share, value: scoring.c */
    for (uint32_t i = 0; i < n->lets.n; i++) {
        int32_t li = n->lets.idx[i];
        if (res->let_state[li] == 2 && res->let_vals[li].type == ERI_TY_NUMBER) {
            eri_msg_lead(o->f, i == 0 ? M(o, WHERE) : "");
            fprintf(o->f, "%s = %s\n", r->lets[li].name, eri_num_show(a, sizeof a, res->let_vals[li].num, 6, true));
        }
    }
    facts_of(o, &n->facts);
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
            fprintf(o->f, "\n%s%s%s %s%s%s\n", BOLD(o), M(o, NOT_APPLICABLE), RESET(o), o->lang == ER_LANG_ZH ? "（" : "(",
                    M(o, NOT_APPLICABLE_NOTE), o->lang == ER_LANG_ZH ? "）" : ")");
        any = true;
        char p[64], lb[256], why[512], pts[96];
        snprintf(pts, sizeof pts, eri_num_cmp(res->points[i], ERI_NUM_ONE) == 0 ? M(o, T_N_POINTS_ONE) : M(o, T_N_POINTS),
                 eri_num_show(p, sizeof p, res->points[i], 3, true));
        fprintf(o->f, o->lang == ER_LANG_ZH ? "  %s %s（%s）：%s\n" : "  %s %s (%s): %s\n", r->nodes[i].id,
                eri_esc_text(lb, sizeof lb, LABEL(o, &r->nodes[i])), pts, nr->reason ? eri_esc_text(why, sizeof why, nr->reason) : M(o, NO_REASON));
        if (nr->by_auditor) {
            const eri_exclusion *x = eri_facts_excluded(res->facts, (int32_t)i);
            fprintf(o->f, "      %s", M(o, BY_AUDITOR));
            if (o->auditor)
                fprintf(o->f, "   %s%s:%d%s", DIM(o), x ? x->file : res->facts->src->name, x ? x->line : 0, RESET(o));
            fputc('\n', o->f);
        } else {
            size_t len;
            const char *cond = eri_rules_text(r, r->nodes[i].exclude_span, &len);
            if (o->auditor) {
                eri_msg_lead(o->f, M(o, RULE));
                fprintf(o->f, "%.*s   %s%s:%d%s\n", (int)len, cond, DIM(o), r->src->name,
                        eri_report_rules_line(res, r->nodes[i].exclude_span), RESET(o));
            } else
                fprintf(o->f, "      %s\n", M(o, BY_RULE));
            facts_of(o, &r->nodes[i].exclude_facts);
        }
    }
}

static void totals(const out *o)
{
    const er_result *res = o->res;
    const er_rules *r = res->rules;
    char a[64], b[64], c[64], d[64];
    static const eri_msg_id modes[ERI_ROUND_MODES] = {
        ERI_MSG_ROUND_HALF_UP, ERI_MSG_ROUND_HALF_EVEN, ERI_MSG_ROUND_HALF_DOWN, ERI_MSG_ROUND_UP,
        ERI_MSG_ROUND_DOWN,    ERI_MSG_ROUND_FLOOR,     ERI_MSG_ROUND_CEILING};
    fprintf(o->f, "\n%s%s%s\n", BOLD(o), M(o, TOTALS), RESET(o));
    eri_num all = ERI_NUM_ZERO, out_pts;
    for (uint32_t i = 0; i < r->nroots; i++)
        eri_num_add(all, res->points[r->roots[i]], &all);
    eri_num_sub(all, res->applicable_total, &out_pts);
    fputs("  ", o->f);
    eri_msg_pad(o->f, M(o, T_APPLICABLE), 20);
    fputs(eri_num_show(a, sizeof a, res->applicable_total, 3, true), o->f);
    if (!eri_num_is_zero(out_pts)) {
        fputs(o->lang == ER_LANG_ZH ? "   （" : "   (", o->f);
        fprintf(o->f, eri_num_cmp(all, ERI_NUM_ONE) == 0 ? M(o, NOT_APPLICABLE_OF_ONE) : M(o, NOT_APPLICABLE_OF),
                eri_num_show(b, sizeof b, out_pts, 3, true),
                eri_num_show(c, sizeof c, all, 3, true));
        fputs(o->lang == ER_LANG_ZH ? "）" : ")", o->f);
    }
    fputs("\n  ", o->f);
    eri_msg_pad(o->f, M(o, T_EARNED), 20);
    fprintf(o->f, "%s\n", eri_num_show(a, sizeof a, res->earned_total, 6, true));
    if (r->normalize) {
        fputs("  ", o->f);
        eri_msg_pad(o->f, M(o, T_NORMALIZED), 20);
        fprintf(o->f, "%s / %s × %s = %s\n", eri_num_show(a, sizeof a, res->earned_total, 6, true),
                eri_num_show(b, sizeof b, res->applicable_total, 6, true), eri_num_show(c, sizeof c, r->scale, 6, true),
                eri_num_show(d, sizeof d, res->normalized, 6, true));
    }
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const eri_adjust *adj = &r->adjusts[i];
        const eri_adjust_result *ar = &res->adjusts[i];
        fprintf(o->f, "  %s %s", adj->bonus ? "+" : "−", eri_num_show(a, sizeof a, ar->applied, 6, true));
        fprintf(o->f, "   %s", eri_esc_text(b, sizeof b, LABEL(o, adj)));
        if (ar->capped) {
            fputc(' ', o->f);
            fprintf(o->f, M(o, CAPPED_FROM), eri_num_show(b, sizeof b, ar->value, 6, true));
        }
        fputc('\n', o->f);
        if (o->auditor)
            facts_of(o, &adj->facts);
    }
    if (r->nadjusts) {
        fputs("  ", o->f);
        eri_msg_pad(o->f, M(o, T_BEFORE_ROUNDING), 20);
        fprintf(o->f, "%s\n", eri_num_show(a, sizeof a, res->before_round, 6, true));
    }
    if (r->round) {
        fputs("  ", o->f);
        /* the auditor reads the rules' own word for the mode (half_up) */
        fprintf(o->f, M(o, T_ROUNDED), o->auditor ? eri_round_mode_names[r->round_mode] : eri_msg(o->lang, modes[r->round_mode]),
                eri_num_show(a, sizeof a, r->quantum, 6, false), res->score_text);
        fputc('\n', o->f);
    }
    fprintf(o->f, "\n%s%s  %s%s\n", BOLD(o), M(o, SCORE), res->score_text, RESET(o));
}

static void verdict(const out *o)
{
    const er_result *res = o->res;
    const er_rules *r = res->rules;
    char a[64], b[64], msg[512], c[256];
    if (res->nvetoed) {
        fprintf(o->f, "%s%s%s\n", RED(o), M(o, T_VETOED), RESET(o));
        for (uint32_t i = 0; i < r->nvetoes; i++)
            if (res->vetoed[i]) {
                size_t len;
                const char *text = eri_rules_text(r, r->vetoes[i].cond->span, &len);
                fprintf(o->f, "  %s", eri_esc_text(msg, sizeof msg, eri_msg_label(o->lang, o->auditor, r->vetoes[i].message, r->vetoes[i].english)));
                if (o->auditor)
                    fprintf(o->f, "   %s%s %.*s, %s:%d%s", DIM(o), M(o, T_WHEN), (int)len, text, r->src->name,
                            eri_report_rules_line(res, r->vetoes[i].span), RESET(o));
                fputc('\n', o->f);
                facts_of(o, &r->vetoes[i].facts);
            }
    }
    if (res->level >= 0) {
        const eri_level *lv = &r->levels[res->level];
        fprintf(o->f, "%s%s  %s%s   ", BOLD(o), M(o, LEVEL), eri_esc_text(c, sizeof c, LABEL(o, lv)), RESET(o));
        fprintf(o->f, M(o, LEVEL_AT), eri_num_show(a, sizeof a, lv->threshold, 3, false));
        fputc('\n', o->f);
    } else {
        fprintf(o->f, "%s%s  ", BOLD(o), M(o, LEVEL));
        const char *otherwise = eri_msg_label(o->lang, o->auditor, r->unrated_label, r->unrated_english);
        if (res->nvetoed)
            fprintf(o->f, "%s%s", M(o, NOT_RATED_VETOED), RESET(o));
        else if (r->nlevels && otherwise)
            fprintf(o->f, M(o, T_NOT_RATED_AS), eri_esc_text(c, sizeof c, otherwise),
                    eri_num_show(a, sizeof a, r->levels[r->nlevels - 1].threshold, 3, false));
        else if (r->nlevels)
            fprintf(o->f, M(o, NOT_RATED_BELOW), eri_num_show(a, sizeof a, r->levels[r->nlevels - 1].threshold, 3, false));
        else
            fputs(M(o, NOT_RATED_NO_LEVELS), o->f);
        fprintf(o->f, "%s\n", res->nvetoed ? "" : RESET(o));
    }
    if (res->cap >= 0) {
        const eri_cap *cp = &r->caps[res->cap];
        size_t len;
        const char *text = eri_rules_text(r, cp->cond->span, &len);
        fputs("  ", o->f);
        const char *at = eri_esc_text(c, sizeof c, LABEL(o, &r->levels[cp->level]));
        const char *alone = eri_esc_text(msg, sizeof msg, LABEL(o, &r->levels[res->uncapped_level]));
        if (o->auditor) {
            fprintf(o->f, M(o, T_CAPPED_UNLESS), at, alone); /* followed by the condition */
            fprintf(o->f, "%.*s", (int)len, text);
            fprintf(o->f, "   %s%s:%d%s\n", DIM(o), r->src->name, eri_report_rules_line(res, cp->span), RESET(o));
        } else {
            fprintf(o->f, M(o, T_CAPPED), at, alone);
            fputc('\n', o->f);
        }
        if (cp->reason)
            fprintf(o->f, o->lang == ER_LANG_ZH ? "  （%s）\n" : "  (%s)\n", eri_esc_text(msg, sizeof msg, eri_msg_label(o->lang, o->auditor, cp->reason, cp->english)));
        facts_of(o, &cp->facts);
    }
    eri_num need;
    int32_t next = eri_report_next_level(res, &need);
    if (next >= 0 && !res->nvetoed) {
        fputs("  ", o->f);
        fprintf(o->f, eri_num_cmp(need, ERI_NUM_ONE) == 0 ? M(o, T_NEXT_LEVEL_ONE) : M(o, T_NEXT_LEVEL),
                eri_esc_text(c, sizeof c, LABEL(o, &r->levels[next])),
                eri_num_show(a, sizeof a, r->levels[next].threshold, 3, false), eri_num_show(b, sizeof b, need, 6, true));
        fputc('\n', o->f);
    }
}

/* The seal: the digests of the inputs, the version, and the seal the JSON
 * report of this result carries (evalrules verify checks that one). */
static void seal_lines(const out *o)
{
    er_seal seal;
    if (er_result_seal(o->res, &seal) != 0) {
        fprintf(o->f, "\n%s\n", M(o, T_SEAL_FAILED));
        return;
    }
    fprintf(o->f, "\n%s%s%s   %s%s%s\n", BOLD(o), M(o, SEAL), RESET(o), DIM(o), M(o, T_SEAL_NOTE), RESET(o));
    const struct {
        eri_msg_id key;
        const char *value;
    } lines[] = {{ERI_MSG_T_SEAL_VERSION, seal.version}, {ERI_MSG_T_SEAL_RULES, seal.rules},
                 {ERI_MSG_T_SEAL_SCHEME, seal.scheme},   {ERI_MSG_T_SEAL_FACTS, seal.facts},
                 {ERI_MSG_T_SEAL_SEAL, seal.seal}};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (*lines[i].value) {
            fputs("  ", o->f);
            eri_msg_pad(o->f, eri_msg(o->lang, lines[i].key), 11);
            fprintf(o->f, "%s\n", lines[i].value);
        }
}

/* The audit's date and team (for the enterprise, where the rules declare them). */
static void header_facts(const out *o)
{
    const er_result *res = o->res;
    const er_rules *r = res->rules;
    static const eri_msg_id keys[ERI_HEADER_FACTS] = {ERI_MSG_T_AUDIT_DATE, ERI_MSG_T_AUDIT_TEAM};
    for (size_t i = 0; i < ERI_HEADER_FACTS; i++) {
        int32_t fi = eri_rules_find_fact(r, eri_header_facts[i], strlen(eri_header_facts[i]));
        char val[256], e[512];
        if (fi < 0 || !res->facts->entries[fi].present)
            continue;
        const char *v = r->facts[fi].type == ERI_FT_TEXT ? res->facts->entries[fi].value.text
                                                         : eri_report_fact_value(res, fi, val, sizeof val);
        if (v && *v)
            fprintf(o->f, "%s%s\n", eri_msg(o->lang, keys[i]), eri_esc_text(e, sizeof e, v));
    }
}

static void report(FILE *f, const er_result *res, const er_report_opts *opts);

void er_report_text(FILE *f, const er_result *res, const er_report_opts *opts)
{
    res = eri_result_details(res);
    /* the points lost and the long texts of large numbers are the report's own */
    eri_numheap nums = ERI_NUMHEAP_INIT, *before = eri_numheap_use(&nums);
    report(f, res, opts);
    eri_numheap_use(before);
    eri_numheap_clear(&nums);
}

static void report(FILE *f, const er_result *res, const er_report_opts *opts)
{
    out o = {f, opts && opts->color, res, opts ? opts->lang : ER_LANG_EN,
             !opts || opts->audience != ER_AUDIENCE_ENTERPRISE};
    const er_rules *r = res->rules;
    char e1[256], e2[512];
    /* the title: in English for the enterprise, where the standard block gives one */
    const char *title = r->title;
    for (uint32_t i = 0; !o.auditor && o.lang == ER_LANG_EN && i < r->nmeta; i++)
        if (strcmp(r->meta[i].key, "english") == 0)
            title = r->meta[i].value;
    fprintf(f, "%s%s%s%s%s\n", BOLD(&o), eri_esc_text(e1, sizeof e1, er_rules_standard(r)), *title ? " " : "",
            eri_esc_text(e2, sizeof e2, title), RESET(&o));
    fprintf(f, "%s%s\n", M(&o, T_SUBJECT), *res->facts->subject ? eri_esc_text(e2, sizeof e2, res->facts->subject) : M(&o, NOT_NAMED));
    if (o.auditor)
        fprintf(f, "%s%s\n%s%s\n", M(&o, T_FACTS), res->facts->src->name, M(&o, T_RULES), r->src->name);
    else
        header_facts(&o);
    if (res->scheme != &r->base) { /* a weighting scheme other than the rules' own */
        fprintf(f, "%s%s%s%s", M(&o, T_SCHEME), res->scheme->name, *res->scheme->label ? " " : "",
                eri_esc_text(e2, sizeof e2, res->scheme->label));
        if (o.auditor) {
            int line, col;
            eri_source_position(res->scheme->src, res->scheme->span.start, &line, &col);
            fprintf(f, "   %s%s:%d%s", DIM(&o), res->scheme->src->name, line, RESET(&o));
        }
        fputc('\n', f);
    }
    fputc('\n', f);
    eri_msg_pad(f, M(&o, INDICATOR), LABEL_COLS + 1);
    right(f, M(&o, POINTS), 8);
    fputc(' ', f);
    right(f, M(&o, EARNED), 9);
    fprintf(f, "  %s\n", M(&o, STATUS));
    for (uint32_t i = 0; i < r->nroots; i++)
        tree(&o, r->roots[i]);
    bool any = false;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node_result *nr = &res->nodes[i];
        if (!r->nodes[i].is_item || !nr->applicable || nr->outcome == ERI_OUT_FULL)
            continue;
        if (!any)
            fprintf(f, "\n%s%s%s\n", BOLD(&o), M(&o, WHERE_LOST), RESET(&o));
        any = true;
        why(&o, (int32_t)i);
    }
    if (!any)
        fprintf(f, "\n%s\n", M(&o, NONE_LOST));
    /* for the auditor: an item whose value went above its points and was
     * clamped to them, with the facts that took it there and their lines */
    any = false;
    for (uint32_t i = 0; o.auditor && i < r->nnodes; i++) {
        const eri_node_result *nr = &res->nodes[i];
        if (!r->nodes[i].is_item || !nr->applicable || nr->outcome != ERI_OUT_FULL || !nr->clamped)
            continue;
        if (!any)
            fprintf(f, "\n%s%s%s\n", BOLD(&o), M(&o, CLAMPED_FULL), RESET(&o));
        any = true;
        why(&o, (int32_t)i);
    }
    excluded_list(&o);
    totals(&o);
    verdict(&o);
    seal_lines(&o);
}
