/* report_json.c — the result as JSON for programs (json.h).  Numbers are
 * strings holding exact decimals; a value that does not terminate as a
 * decimal (e.g. 1.5 × 17/19) is given to 6 places with its exact fraction
 * beside it under KEY_exact.  Keys come in a fixed order; the seal comes
 * last (seal.h), and er_result_seal writes the report only to its digest. */
#include <string.h>

#include "json.h"
#include "report.h"
#include "scoring.h"
#include "seal.h"

static void facts_json(eri_json *j, const char *key, const er_result *res, const eri_factset *fs)
{
    char val[256];
    eri_json_array(j, key);
    for (uint32_t i = 0; i < fs->n; i++) {
        int32_t fi = fs->idx[i];
        const eri_fact_entry *fe = &res->facts->entries[fi];
        eri_json_object(j, NULL);
        eri_json_str(j, "name", res->rules->facts[fi].name);
        eri_json_str(j, "value", eri_report_fact_value(res, fi, val, sizeof val));
        if (fe->defaulted)
            eri_json_null(j, "line");
        else
            eri_json_int(j, "line", fe->line);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
}

static void rule_text(eri_json *j, const char *key, const er_rules *r, eri_span span)
{
    size_t len;
    const char *s = eri_rules_text(r, span, &len);
    eri_json_strn(j, key, s, len);
}

static void node_json(eri_json *j, const er_result *res, int32_t ni)
{
    const er_rules *r = res->rules;
    const eri_node *n = &r->nodes[ni];
    const eri_node_result *nr = &res->nodes[ni];
    eri_json_object(j, NULL);
    eri_json_str(j, "id", n->id);
    eri_json_str(j, "label", n->label);
    if (n->english)
        eri_json_str(j, "english", n->english);
    eri_json_str(j, "kind", n->is_item ? "item" : "indicator");
    eri_json_num(j, "points", res->points[ni]);
    eri_json_num(j, "earned", nr->earned);
    eri_json_bool(j, "applicable", nr->applicable);
    eri_json_num(j, "applicable_points", nr->applicable_points);
    eri_json_str(j, "status", eri_report_outcome(nr->outcome));
    if (!nr->applicable && nr->excluded_by < 0) {
        eri_json_object(j, "excluded");
        eri_json_str(j, "by", "items"); /* every item under it is excluded */
        eri_json_null(j, "reason");
        eri_json_object_end(j);
    } else if (!nr->applicable && nr->excluded_by == ni) {
        eri_json_object(j, "excluded");
        eri_json_str(j, "by", nr->by_auditor ? "auditor" : "rule");
        eri_json_str(j, "reason", nr->reason);
        eri_json_object_end(j);
    }
    if (n->is_item) {
        eri_json_object(j, "rule");
        eri_json_str(j, "kind", eri_scorings[n->kind].name);
        rule_text(j, "text", r, n->rule_span);
        eri_json_int(j, "line", eri_report_rules_line(res, n->rule_span));
        eri_json_object_end(j);
        if (nr->applicable) {
            if (eri_scorings[n->kind].outcomes == ERI_SO_TIERS) {
                if (nr->tier >= 0)
                    eri_json_int(j, "tier", nr->tier + 1);
                else
                    eri_json_null(j, "tier");
            }
            if (eri_scorings[n->kind].valued)
                eri_json_num(j, "value", nr->raw);
            facts_json(j, "facts", res, &n->facts);
        }
    } else {
        eri_json_int(j, "failed_items", nr->failed);
    }
    eri_json_array(j, "children");
    for (uint32_t k = 0; k < n->nchildren; k++)
        node_json(j, res, n->children[k]);
    eri_json_array_end(j);
    eri_json_object_end(j);
}

static void vetoes_json(eri_json *j, const er_result *res)
{
    const er_rules *r = res->rules;
    eri_json_array(j, "vetoes");
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (res->vetoed[i]) {
            eri_json_object(j, NULL);
            eri_json_str(j, "message", r->vetoes[i].message);
            rule_text(j, "condition", r, r->vetoes[i].cond->span);
            eri_json_int(j, "line", eri_report_rules_line(res, r->vetoes[i].span));
            facts_json(j, "facts", res, &r->vetoes[i].facts);
            eri_json_object_end(j);
        }
    eri_json_array_end(j);
}

static void adjustments_json(eri_json *j, const er_result *res)
{
    const er_rules *r = res->rules;
    eri_json_array(j, "adjustments");
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        eri_json_object(j, NULL);
        eri_json_str(j, "kind", r->adjusts[i].bonus ? "bonus" : "deduct");
        eri_json_str(j, "label", r->adjusts[i].label);
        eri_json_num(j, "value", res->adjusts[i].value);
        eri_json_num(j, "applied", res->adjusts[i].applied);
        eri_json_bool(j, "capped", res->adjusts[i].capped);
        facts_json(j, "facts", res, &r->adjusts[i].facts);
        eri_json_object_end(j);
    }
    eri_json_array_end(j);
}

/* The rounding, the rating cap at work and the next level up (or nulls). */
static void rating_json(eri_json *j, const er_result *res)
{
    const er_rules *r = res->rules;
    if (r->round) {
        eri_json_object(j, "rounding");
        eri_json_str(j, "mode", eri_round_mode_names[r->round_mode]);
        eri_json_num(j, "step", r->quantum);
        eri_json_object_end(j);
    } else {
        eri_json_null(j, "rounding");
    }
    if (res->cap >= 0) {
        const eri_cap *cp = &r->caps[res->cap];
        eri_json_object(j, "cap");
        eri_json_str(j, "level", r->levels[cp->level].label);
        eri_json_str(j, "uncapped", r->levels[res->uncapped_level].label);
        rule_text(j, "unless", r, cp->cond->span);
        eri_json_str(j, "reason", cp->reason);
        if (cp->english)
            eri_json_str(j, "reason_english", cp->english);
        eri_json_object_end(j);
    } else {
        eri_json_null(j, "cap");
    }
    eri_num need;
    int32_t next = res->nvetoed ? -1 : eri_report_next_level(res, &need);
    if (next >= 0) {
        eri_json_object(j, "next_level");
        eri_json_str(j, "label", r->levels[next].label);
        eri_json_num(j, "threshold", r->levels[next].threshold);
        eri_json_num(j, "points_needed", need);
        eri_json_object_end(j);
    } else {
        eri_json_null(j, "next_level");
    }
}

static int report(FILE *out, const er_result *res, er_seal *seal);

int er_report_json(FILE *out, const er_result *res)
{
    er_seal seal;
    return report(out, res, &seal);
}

int er_result_seal(const er_result *res, er_seal *out) { return report(NULL, res, out); }

/* The report to out (NULL: only digested), its seal into *seal. */
static int report(FILE *out, const er_result *res, er_seal *seal)
{
    res = eri_result_details(res);
    /* the points to the next level are the report's own */
    eri_numheap nums = ERI_NUMHEAP_INIT, *before = eri_numheap_use(&nums);
    const er_rules *r = res->rules;
    eri_sha256 h;
    eri_sha256_init(&h);
    eri_json j;
    eri_json_begin(&j, out);
    j.digest = &h;
    eri_json_object(&j, NULL);
    eri_json_str(&j, "subject", res->facts->subject);
    eri_json_str(&j, "standard", er_rules_standard(r));
    eri_json_str(&j, "title", er_rules_title(r));
    eri_json_str(&j, "rules_file", r->src->name);
    eri_json_str(&j, "facts_file", res->facts->src->name);
    eri_json_object(&j, "scheme");
    eri_json_str(&j, "name", res->scheme->name);
    eri_json_str(&j, "label", res->scheme->label);
    eri_json_str(&j, "file", res->scheme == &r->base ? NULL : res->scheme->src->name);
    eri_json_object_end(&j);
    eri_json_str(&j, "score", res->score_text);
    const char *rating = er_result_rating(res);
    eri_json_str(&j, "rating", rating);
    eri_json_bool(&j, "rated", rating != NULL);
    vetoes_json(&j, res);
    eri_json_num(&j, "applicable_total", res->applicable_total);
    eri_json_num(&j, "earned_total", res->earned_total);
    eri_json_num(&j, "normalized", res->normalized);
    adjustments_json(&j, res);
    eri_json_num(&j, "before_rounding", res->before_round);
    rating_json(&j, res);
    eri_json_array(&j, "indicators");
    for (uint32_t i = 0; i < r->nroots; i++)
        node_json(&j, res, r->roots[i]);
    eri_json_array_end(&j);
    /* the seal last: its digest covers every byte before its own line (seal.h) */
    eri_seal_inputs(res, seal);
    eri_json_object(&j, "seal");
    eri_json_str(&j, "evalrules", seal->version);
    eri_json_str(&j, "rules_sha256", seal->rules);
    eri_json_str(&j, "scheme_sha256", *seal->scheme ? seal->scheme : NULL);
    eri_json_str(&j, "facts_sha256", seal->facts);
    j.digest = NULL;
    eri_seal_close(&h, seal);
    eri_json_str(&j, "sha256", seal->seal);
    eri_json_object_end(&j);
    eri_json_object_end(&j);
    eri_numheap_use(before);
    eri_numheap_clear(&nums);
    return eri_json_end(&j);
}
