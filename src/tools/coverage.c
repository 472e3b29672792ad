/* coverage.c — which parts of a rules file the test cases exercised.
 *
 * The targets are fixed when the coverage is created, in rules-file order;
 * each evaluation (er_coverage_add) marks those its result shows.  What a
 * target means (docs/testing-rules.md, "Coverage"):
 *   every indicator and item   applicable in some case; and excluded in some
 *                              case when it has an 'exclude when'
 *   'exclude when'             held (excluded by the rule) / did not hold
 *   'excludable'               excluded by the auditor in some case
 *   pass item                  passed / failed
 *   ratio and score items      full / partial / zero points
 *   grade item                 each tier applied / 'otherwise' applied
 *   veto                       fired / did not fire
 *   deduct, bonus              applied a non-zero amount / was cut by its cap
 *   rating cap                 lowered the level / its 'unless' held while the
 *                              score alone gave a higher level (lifted it)
 *   levels                     each awarded / the score below every level
 * Nothing is evaluated here: the targets are read off er_result. */
#include <string.h>

#include "evalrules_tools.h"
#include "alloc.h"
#include "escape.h"
#include "json.h"
#include "result.h"
#include "rules.h"
#include "scoring.h"

typedef enum kind {
    T_APPLICABLE, T_EXCLUDED, T_EXCL_HELD, T_EXCL_NOT, T_BY_AUDITOR, T_PASSED, T_FAILED, T_FULL, T_PARTIAL,
    T_ZERO, T_TIER, T_OTHERWISE, T_VETO_FIRED, T_VETO_NOT, T_ADJ_APPLIED, T_ADJ_CAPPED,
    T_CAP_APPLIED, T_CAP_LIFTED, T_LEVEL, T_UNRATED
} kind;

typedef struct target {
    kind k;
    int32_t i;   /* node, veto, adjustment, cap or level */
    int32_t sub; /* grade tier */
    eri_span at;  /* where in the rules file */
    size_t hits;
} target;

struct er_coverage {
    const er_rules *r;
    target *t; /* allocated once, for as many targets as the rules can have */
    size_t n;
};

static void add(er_coverage *c, kind k, int32_t i, int32_t sub, eri_span at)
{
    c->t[c->n++] = (target){k, i, sub, at, 0};
}

/* The span of a tiered rule's 'otherwise' (its statement when none is written). */
static eri_span otherwise_span(const eri_node *n)
{
    for (const eri_decl *s = n->decl ? n->decl->body : NULL; s; s = s->next) {
        const eri_scoring *sc = eri_scoring_of_decl(s->kind);
        if (sc && sc->outcomes == ERI_SO_TIERS)
            return s->b ? s->b->span : s->head;
    }
    return n->rule_span;
}

/* The rating's 'otherwise', or the rating block, or the last level. */
static eri_span unrated_span(const er_rules *r)
{
    for (const eri_decl *d = r->ast; d; d = d->next)
        if (d->kind == ERI_DC_RATING) {
            for (const eri_decl *s = d->body; s; s = s->next)
                if (s->kind == ERI_DC_OTHERWISE)
                    return s->span;
            return d->head;
        }
    return r->nlevels ? r->levels[r->nlevels - 1].span : (eri_span){0, 0};
}

static void node_targets(er_coverage *c, int32_t ni)
{
    const eri_node *n = &c->r->nodes[ni];
    add(c, T_APPLICABLE, ni, 0, n->head);
    if (n->exclude_when) {
        add(c, T_EXCLUDED, ni, 0, n->head);
        add(c, T_EXCL_HELD, ni, 0, n->exclude_span);
        add(c, T_EXCL_NOT, ni, 0, n->exclude_span);
    }
    if (n->excludable)
        add(c, T_BY_AUDITOR, ni, 0, n->excludable_span);
    /* what an item can come to, by its scoring kind (scoring.def) */
    switch (n->is_item ? eri_scorings[n->kind].outcomes : ERI_SO_NONE) {
    case ERI_SO_PASS_FAIL:
        add(c, T_PASSED, ni, 0, n->rule_span);
        add(c, T_FAILED, ni, 0, n->rule_span);
        break;
    case ERI_SO_SHARE:
        add(c, T_FULL, ni, 0, n->rule_span);
        add(c, T_PARTIAL, ni, 0, n->rule_span);
        add(c, T_ZERO, ni, 0, n->rule_span);
        break;
    case ERI_SO_TIERS:
        for (uint32_t t = 0; t < n->ntiers; t++)
            add(c, T_TIER, ni, (int32_t)t, n->tiers[t].span);
        add(c, T_OTHERWISE, ni, 0, otherwise_span(n));
        break;
    default:
        break;
    }
}

er_coverage *er_coverage_new(const er_rules *r)
{
    /* at most: per node, applicable, three of 'exclude when', the auditor's
     * and its outcomes (three, or each tier and 'otherwise'); two per veto,
     * adjustment and cap; each level and the score below them */
    size_t most = 2 * ((size_t)r->nvetoes + r->nadjusts + r->ncaps) + r->nlevels + 1;
    for (uint32_t i = 0; i < r->nnodes; i++)
        most += 8 + (size_t)r->nodes[i].ntiers;
    er_coverage *c = eri_calloc(1, sizeof *c);
    target *t = c ? eri_malloc(most * sizeof *t) : NULL;
    if (!t) {
        eri_free(c);
        return NULL;
    }
    c->r = r;
    c->t = t;
    for (uint32_t i = 0; i < r->nnodes; i++)
        node_targets(c, (int32_t)i);
    for (uint32_t i = 0; i < r->nvetoes; i++) {
        add(c, T_VETO_FIRED, (int32_t)i, 0, r->vetoes[i].span);
        add(c, T_VETO_NOT, (int32_t)i, 0, r->vetoes[i].span);
    }
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        add(c, T_ADJ_APPLIED, (int32_t)i, 0, r->adjusts[i].span);
        if (r->adjusts[i].cap)
            add(c, T_ADJ_CAPPED, (int32_t)i, 0, r->adjusts[i].cap->span);
    }
    for (uint32_t i = 0; i < r->nlevels; i++)
        add(c, T_LEVEL, (int32_t)i, 0, r->levels[i].span);
    if (r->nlevels)
        add(c, T_UNRATED, -1, 0, unrated_span(r));
    for (uint32_t i = 0; i < r->ncaps; i++) {
        add(c, T_CAP_APPLIED, (int32_t)i, 0, r->caps[i].span);
        add(c, T_CAP_LIFTED, (int32_t)i, 0, r->caps[i].cond->span);
    }
    return c;
}

void er_coverage_free(er_coverage *c)
{
    if (!c)
        return;
    eri_free(c->t);
    eri_free(c);
}

/* Did the result exercise target t?  ind is the result's indicator t->i
 * for the targets of indicators and items (up to T_OTHERWISE). */
static bool hit(const target *t, const er_result *res, const er_indicator *ind)
{
    const er_rules *r = eri_result_rules(res);
    size_t i = (size_t)t->i;
    switch (t->k) {
    case T_APPLICABLE: return ind->applicable;
    case T_EXCLUDED: return !ind->applicable && ind->excluded_by == t->i;
    case T_EXCL_HELD: return !ind->applicable && ind->excluded_by == t->i && !ind->excluded_by_auditor;
    /* its condition was evaluated (no exclusion above it or by the auditor) and was false */
    case T_EXCL_NOT: return ind->excluded_by == -1;
    case T_BY_AUDITOR: return !ind->applicable && ind->excluded_by == t->i && ind->excluded_by_auditor;
    case T_PASSED:
    case T_FULL: return ind->applicable && ind->outcome == ER_OUTCOME_FULL;
    case T_FAILED:
    case T_ZERO: return ind->applicable && ind->outcome == ER_OUTCOME_LOST;
    case T_PARTIAL: return ind->applicable && ind->outcome == ER_OUTCOME_PARTIAL;
    case T_TIER: return ind->applicable && ind->tier == t->sub;
    case T_OTHERWISE: return ind->applicable && ind->tier == -1;
    case T_VETO_FIRED: return er_result_vetoed(res, i);
    case T_VETO_NOT: return !er_result_vetoed(res, i);
    case T_ADJ_APPLIED: return !eri_num_is_zero(eri_result_adjust_points(res, i));
    case T_ADJ_CAPPED: return er_result_adjust_capped(res, i);
    case T_CAP_APPLIED: return er_result_cap(res) == t->i;
    case T_CAP_LIFTED: { /* it held where the score alone was above the capped level */
        int uncapped = er_result_uncapped_level(res);
        return er_result_veto_count(res) == 0 && er_result_cap_lifted(res, i) && uncapped >= 0 &&
               uncapped < r->caps[i].level;
    }
    case T_LEVEL: return er_result_level(res) == t->i;
    default: /* T_UNRATED, the last kind */
        return er_result_uncapped_level(res) < 0;
    }
}

void er_coverage_add(er_coverage *c, const er_result *res)
{
    if (!c || !res || eri_result_rules(res) != c->r)
        return;
    er_indicator ind = {0};
    int32_t at = -1; /* the indicator ind holds */
    for (size_t i = 0; i < c->n; i++) {
        const target *t = &c->t[i];
        if (t->k <= T_OTHERWISE && t->i != at && er_result_indicator(res, (size_t)t->i, &ind))
            at = t->i;
        if (hit(t, res, &ind))
            c->t[i].hits++;
    }
}

size_t er_coverage_targets(const er_coverage *c) { return c ? c->n : 0; }

size_t er_coverage_covered(const er_coverage *c)
{
    size_t k = 0;
    for (size_t i = 0; c && i < c->n; i++)
        k += c->t[i].hits > 0;
    return k;
}

/* "94.5" for covered/total, rounded half-up to 0.1 (integers only). */
static void percent(size_t covered, size_t total, char *buf, size_t cap)
{
    unsigned long long tenths = total ? ((unsigned long long)covered * 2000 + total) / (2 * total) : 1000;
    snprintf(buf, cap, "%llu.%llu", tenths / 10, tenths % 10);
}

/* What target t asks for, as a phrase: "item 5.2.2.2 服务热线: tier >= 85% : 50% never applied". */
static void describe(const er_coverage *c, const target *t, char *buf, size_t cap)
{
    const er_rules *r = c->r;
    const eri_node *n = t->k <= T_OTHERWISE ? &r->nodes[t->i] : NULL;
    char who[384] = "";
    if (n)
        snprintf(who, sizeof who, "%s %s %s", n->is_item ? "item" : "indicator", n->id, n->label);
    size_t len;
    const char *text;
    switch (t->k) {
    case T_APPLICABLE: snprintf(buf, cap, "%s: never applicable", who); return;
    case T_EXCLUDED: snprintf(buf, cap, "%s: never excluded", who); return;
    case T_BY_AUDITOR: snprintf(buf, cap, "%s: 'excludable', but never excluded by the auditor", who); return;
    case T_EXCL_HELD:
    case T_EXCL_NOT:
        text = eri_rules_text(r, n->exclude_when->span, &len);
        snprintf(buf, cap, "%s: 'exclude when %.*s' %s", who, (int)len, text,
                 t->k == T_EXCL_HELD ? "never held" : "never evaluated false");
        return;
    case T_PASSED: snprintf(buf, cap, "%s: never passed", who); return;
    case T_FAILED: snprintf(buf, cap, "%s: never failed", who); return;
    case T_FULL: snprintf(buf, cap, "%s: never full points", who); return;
    case T_PARTIAL: snprintf(buf, cap, "%s: never partial points", who); return;
    case T_ZERO: snprintf(buf, cap, "%s: never zero points", who); return;
    case T_TIER:
        text = eri_rules_text(r, n->tiers[t->sub].span, &len);
        snprintf(buf, cap, "%s: tier '%.*s' never applied", who, (int)len, text);
        return;
    case T_OTHERWISE: {
        char share[64];
        snprintf(buf, cap, "%s: 'otherwise %s' never applied", who,
                 eri_num_show(share, sizeof share, n->otherwise, 4, true));
        return;
    }
    case T_VETO_FIRED: snprintf(buf, cap, "veto \"%s\": never fired", r->vetoes[t->i].message); return;
    case T_VETO_NOT: snprintf(buf, cap, "veto \"%s\": fired in every case", r->vetoes[t->i].message); return;
    case T_ADJ_APPLIED:
    case T_ADJ_CAPPED:
        snprintf(buf, cap, "%s \"%s\": %s", r->adjusts[t->i].bonus ? "bonus" : "deduct", r->adjusts[t->i].label,
                 t->k == T_ADJ_APPLIED ? "never applied (always 0)" : "its cap was never reached");
        return;
    case T_CAP_APPLIED:
        snprintf(buf, cap, "cap \"%s\": never lowered a level", r->levels[r->caps[t->i].level].label);
        return;
    case T_CAP_LIFTED:
        text = eri_rules_text(r, r->caps[t->i].cond->span, &len);
        snprintf(buf, cap, "cap \"%s\": 'unless %.*s' never lifted it", r->levels[r->caps[t->i].level].label,
                 (int)len, text);
        return;
    case T_LEVEL: snprintf(buf, cap, "level \"%s\": never awarded", r->levels[t->i].label); return;
    default: /* T_UNRATED, the last kind */
        snprintf(buf, cap, "%s%s%s: no case scored below every level", r->unrated_label ? "otherwise \"" : "unrated",
                 r->unrated_label ? r->unrated_label : "", r->unrated_label ? "\"" : "");
        return;
    }
}

static int line_of(const er_rules *r, eri_span at)
{
    int line, col;
    eri_source_position(r->src, at.start, &line, &col);
    return line;
}

void er_coverage_report(FILE *out, const er_coverage *c, bool color)
{
    size_t covered = er_coverage_covered(c), total = er_coverage_targets(c);
    char pct[32], what[1024];
    percent(covered, total, pct, sizeof pct);
    fprintf(out, "%scoverage of %s: %zu/%zu (%s%%)%s\n", color ? "\033[1m" : "", c->r->src->name, covered, total,
            pct, color ? "\033[0m" : "");
    if (covered == total)
        return;
    fprintf(out, "not exercised by any case:\n");
    for (size_t i = 0; i < c->n; i++) {
        if (c->t[i].hits)
            continue;
        describe(c, &c->t[i], what, sizeof what);
        char shown[1024];
        fprintf(out, "  %s%s:%d:%s %s\n", color ? "\033[2m" : "", c->r->src->name, line_of(c->r, c->t[i].at),
                color ? "\033[0m" : "", eri_esc_text(shown, sizeof shown, what));
    }
}

int er_coverage_report_json(FILE *out, const er_coverage *c)
{
    size_t covered = er_coverage_covered(c), total = er_coverage_targets(c);
    char pct[32], what[1024];
    percent(covered, total, pct, sizeof pct);
    eri_json j;
    eri_json_begin(&j, out);
    eri_json_object(&j, NULL);
    eri_json_str(&j, "rules", c->r->src->name);
    eri_json_int(&j, "targets", (long long)total);
    eri_json_int(&j, "covered", (long long)covered);
    eri_json_str(&j, "percent", pct);
    eri_json_array(&j, "missed");
    for (size_t i = 0; i < c->n; i++) {
        if (c->t[i].hits)
            continue;
        describe(c, &c->t[i], what, sizeof what);
        eri_json_object(&j, NULL);
        eri_json_int(&j, "line", line_of(c->r, c->t[i].at));
        eri_json_str(&j, "target", what);
        eri_json_object_end(&j);
    }
    eri_json_array_end(&j);
    eri_json_object_end(&j);
    return eri_json_end(&j);
}
