/* report_json.c — the result as JSON for programs (jansson).  Numbers are
 * strings holding exact decimals; a value that does not terminate as a
 * decimal (e.g. 1.5 × 17/19) is given to 6 places with its exact fraction
 * beside it under KEY_exact.  Keys come in a fixed order. */
#include <jansson.h>
#include <string.h>

#include "report.h"
#include "scoring.h"

static void put_num(json_t *obj, const char *key, eri_num n)
{
    char buf[96];
    bool exact = true;
    eri_num_format(n, 0, 6, buf, sizeof buf, &exact);
    json_object_set_new(obj, key, json_string(buf));
    if (!exact) {
        char k[64];
        eri_num_format_fraction(n, buf, sizeof buf);
        snprintf(k, sizeof k, "%s_exact", key);
        json_object_set_new(obj, k, json_string(buf));
    }
}

static json_t *facts_json(const er_result *res, const eri_factset *fs)
{
    json_t *arr = json_array();
    char val[256];
    for (uint32_t i = 0; i < fs->n; i++) {
        int32_t fi = fs->idx[i];
        const eri_fact_entry *fe = &res->facts->entries[fi];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(res->rules->facts[fi].name));
        json_object_set_new(o, "value", json_string(eri_report_fact_value(res, fi, val, sizeof val)));
        json_object_set_new(o, "line", fe->defaulted ? json_null() : json_integer(fe->line));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *rule_text(const er_rules *r, eri_span span)
{
    size_t len;
    const char *s = eri_rules_text(r, span, &len);
    return json_stringn(s, len);
}

static json_t *node_json(const er_result *res, int32_t ni)
{
    const er_rules *r = res->rules;
    const eri_node *n = &r->nodes[ni];
    const eri_node_result *nr = &res->nodes[ni];
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(n->id));
    json_object_set_new(o, "label", json_string(n->label));
    if (n->english)
        json_object_set_new(o, "english", json_string(n->english));
    json_object_set_new(o, "kind", json_string(n->is_item ? "item" : "indicator"));
    put_num(o, "points", res->points[ni]);
    put_num(o, "earned", nr->earned);
    json_object_set_new(o, "applicable", json_boolean(nr->applicable));
    put_num(o, "applicable_points", nr->applicable_points);
    json_object_set_new(o, "status", json_string(eri_report_outcome(nr->outcome)));
    if (!nr->applicable && nr->excluded_by < 0) {
        json_t *x = json_object();
        json_object_set_new(x, "by", json_string("items")); /* every item under it is excluded */
        json_object_set_new(x, "reason", json_null());
        json_object_set_new(o, "excluded", x);
    } else if (!nr->applicable && nr->excluded_by == ni) {
        json_t *x = json_object();
        json_object_set_new(x, "by", json_string(nr->by_auditor ? "auditor" : "rule"));
        json_object_set_new(x, "reason", nr->reason ? json_string(nr->reason) : json_null());
        json_object_set_new(o, "excluded", x);
    }
    if (n->is_item) {
        json_t *rule = json_object();
        json_object_set_new(rule, "kind", json_string(eri_scorings[n->kind].name));
        json_object_set_new(rule, "text", rule_text(r, n->rule_span));
        json_object_set_new(rule, "line", json_integer(eri_report_rules_line(res, n->rule_span)));
        json_object_set_new(o, "rule", rule);
        if (nr->applicable) {
            if (eri_scorings[n->kind].outcomes == ERI_SO_TIERS)
                json_object_set_new(o, "tier", nr->tier >= 0 ? json_integer(nr->tier + 1) : json_null());
            if (eri_scorings[n->kind].valued)
                put_num(o, "value", nr->raw);
            json_object_set_new(o, "facts", facts_json(res, &n->facts));
        }
    } else {
        json_object_set_new(o, "failed_items", json_integer(nr->failed));
    }
    json_t *kids = json_array();
    for (uint32_t k = 0; k < n->nchildren; k++)
        json_array_append_new(kids, node_json(res, n->children[k]));
    json_object_set_new(o, "children", kids);
    return o;
}

int er_report_json(FILE *out, const er_result *res)
{
    const er_rules *r = res->rules;
    json_t *o = json_object();
    if (!o)
        return -1;
    json_object_set_new(o, "subject", json_string(res->facts->subject));
    json_object_set_new(o, "standard", json_string(er_rules_standard(r)));
    json_object_set_new(o, "title", json_string(er_rules_title(r)));
    json_object_set_new(o, "rules_file", json_string(r->src->name));
    json_object_set_new(o, "facts_file", json_string(res->facts->src->name));
    json_t *sch = json_object();
    json_object_set_new(sch, "name", json_string(res->scheme->name));
    json_object_set_new(sch, "label", json_string(res->scheme->label));
    json_object_set_new(sch, "file", res->scheme == &r->base ? json_null() : json_string(res->scheme->src->name));
    json_object_set_new(o, "scheme", sch);
    json_object_set_new(o, "score", json_string(res->score_text));
    const char *rating = er_result_rating(res);
    json_object_set_new(o, "rating", rating ? json_string(rating) : json_null());
    json_object_set_new(o, "rated", json_boolean(rating != NULL));
    json_t *vetoes = json_array();
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (res->vetoed[i]) {
            json_t *v = json_object();
            json_object_set_new(v, "message", json_string(r->vetoes[i].message));
            json_object_set_new(v, "condition", rule_text(r, r->vetoes[i].cond->span));
            json_object_set_new(v, "line", json_integer(eri_report_rules_line(res, r->vetoes[i].span)));
            json_object_set_new(v, "facts", facts_json(res, &r->vetoes[i].facts));
            json_array_append_new(vetoes, v);
        }
    json_object_set_new(o, "vetoes", vetoes);
    put_num(o, "applicable_total", res->applicable_total);
    put_num(o, "earned_total", res->earned_total);
    put_num(o, "normalized", res->normalized);
    json_t *adjs = json_array();
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        json_t *a = json_object();
        json_object_set_new(a, "kind", json_string(r->adjusts[i].bonus ? "bonus" : "deduct"));
        json_object_set_new(a, "label", json_string(r->adjusts[i].label));
        put_num(a, "value", res->adjusts[i].value);
        put_num(a, "applied", res->adjusts[i].applied);
        json_object_set_new(a, "capped", json_boolean(res->adjusts[i].capped));
        json_object_set_new(a, "facts", facts_json(res, &r->adjusts[i].facts));
        json_array_append_new(adjs, a);
    }
    json_object_set_new(o, "adjustments", adjs);
    put_num(o, "before_rounding", res->before_round);
    if (r->round) {
        json_t *rd = json_object();
        json_object_set_new(rd, "mode", json_string(eri_round_mode_names[r->round_mode]));
        put_num(rd, "step", r->quantum);
        json_object_set_new(o, "rounding", rd);
    } else {
        json_object_set_new(o, "rounding", json_null());
    }
    if (res->cap >= 0) {
        const eri_cap *cp = &r->caps[res->cap];
        json_t *c = json_object();
        json_object_set_new(c, "level", json_string(r->levels[cp->level].label));
        json_object_set_new(c, "uncapped", json_string(r->levels[res->uncapped_level].label));
        json_object_set_new(c, "unless", rule_text(r, cp->cond->span));
        json_object_set_new(c, "reason", cp->reason ? json_string(cp->reason) : json_null());
        json_object_set_new(o, "cap", c);
    } else {
        json_object_set_new(o, "cap", json_null());
    }
    eri_num need;
    int32_t next = res->nvetoed ? -1 : eri_report_next_level(res, &need);
    if (next >= 0) {
        json_t *nl = json_object();
        json_object_set_new(nl, "label", json_string(r->levels[next].label));
        put_num(nl, "threshold", r->levels[next].threshold);
        put_num(nl, "points_needed", need);
        json_object_set_new(o, "next_level", nl);
    } else {
        json_object_set_new(o, "next_level", json_null());
    }
    json_t *tree = json_array();
    for (uint32_t i = 0; i < r->nroots; i++)
        json_array_append_new(tree, node_json(res, r->roots[i]));
    json_object_set_new(o, "indicators", tree);
    int rc = json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(o);
    return rc == 0 ? 0 : -1;
}
