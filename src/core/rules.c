/* rules.c — the compiled rule set's own module: the names of its enums
 * and the look-ups the checker, the evaluator, the reports and the tools
 * make on it.  It calls nothing of the checker or the loader (load.c). */
#include "rules.h"

#include <stdio.h>
#include <string.h>

const char *const eri_fact_type_names[] = {"bool", "int", "decimal", "percent",
                                          "sample", "text", "date", "enum"};

const char *const eri_round_mode_names[ERI_ROUND_MODES] = {"half_up", "half_even", "half_down", "up",
                                           "down",    "floor",     "ceiling"};

const char *const eri_builtin_names[] = {"min",        "max",     "ceil",    "floor",      "round",
                                        "abs",        "days_between", "months_between", "years_between", "conforming", "sampled",
                                        "earned",     "applicable",   "failed",     "points",
                                        "excluded"};

void eri_fact_value_text(const eri_fact *f, const eri_value *v, char *buf, size_t cap)
{
    char num[96];
    switch (f->type) {
    case ERI_FT_BOOL: snprintf(buf, cap, "%s", v->b ? "yes" : "no"); break;
    case ERI_FT_SAMPLE: snprintf(buf, cap, "%lld/%lld", (long long)v->k, (long long)v->n); break;
    case ERI_FT_TEXT: snprintf(buf, cap, "\"%s\"", v->text ? v->text : ""); break;
    case ERI_FT_DATE: eri_date_format(v->date, num); snprintf(buf, cap, "%s", num); break;
    case ERI_FT_ENUM:
        snprintf(buf, cap, "%s", v->choice >= 0 && (uint32_t)v->choice < f->nchoices ? f->choices[v->choice] : "");
        break;
    case ERI_FT_PERCENT: {
        eri_num p;
        bool ok = eri_num_mul(v->num, eri_num_int(100), &p) == ERI_NUM_OK;
        eri_num_format(ok ? p : v->num, 0, 6, num, sizeof num, NULL);
        snprintf(buf, cap, "%s%s", num, ok ? "%" : "");
        break;
    }
    default: eri_num_format(v->num, 0, 6, num, sizeof num, NULL); snprintf(buf, cap, "%s", num); break;
    }
}

int32_t eri_rules_find_fact(const er_rules *r, const char *name, size_t len)
{
    for (uint32_t i = 0; i < r->nfacts; i++)
        if (strlen(r->facts[i].name) == len && memcmp(r->facts[i].name, name, len) == 0)
            return (int32_t)i;
    return -1;
}

int32_t eri_rules_find_node(const er_rules *r, const char *id, size_t len)
{
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (strlen(r->nodes[i].id) == len && memcmp(r->nodes[i].id, id, len) == 0)
            return (int32_t)i;
    return -1;
}

const char *eri_rules_text(const er_rules *r, eri_span span, size_t *len)
{
    if (span.end > r->src->len || span.start > span.end) {
        *len = 0;
        return "";
    }
    *len = span.end - span.start;
    return r->src->text + span.start;
}

const char *const eri_header_facts[ERI_HEADER_FACTS] = {"audit.date", "audit.team"};

bool eri_header_fact(const char *name)
{
    for (size_t i = 0; i < ERI_HEADER_FACTS; i++)
        if (strcmp(name, eri_header_facts[i]) == 0)
            return true;
    return false;
}
