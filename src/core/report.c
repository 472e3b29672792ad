/* report.c — helpers shared by the text and JSON reports. */
#include "report.h"

#include <string.h>

const char *eri_report_fact_value(const er_result *res, int32_t fact, char *buf, size_t cap)
{
    const eri_fact_entry *fe = &res->facts->entries[fact];
    const eri_fact *fa = &res->rules->facts[fact];
    if (!fe->present) {
        snprintf(buf, cap, "(missing)");
        return buf;
    }
    /* an overlay's value is in the overlay's text */
    const eri_source *src = fe->layer && fe->layer <= res->facts->noverlays ? res->facts->overlays[fe->layer - 1]
                                                                            : res->facts->src;
    if (!fe->defaulted && fe->span.end > fe->span.start && fe->span.end <= src->len) {
        size_t len = fe->span.end - fe->span.start;
        if (len >= cap)
            len = cap - 1;
        memcpy(buf, src->text + fe->span.start, len);
        buf[len] = '\0';
        return buf;
    }
    eri_fact_value_text(fa, &fe->value, buf, cap);
    return buf;
}

const char *eri_report_outcome(eri_outcome o)
{
    static const char *const names[] = {"full", "partial", "lost", "excluded"};
    return names[o];
}

int eri_report_rules_line(const er_result *res, eri_span span)
{
    int line, col;
    eri_source_position(res->rules->src, span.start, &line, &col);
    return line;
}

int32_t eri_report_next_level(const er_result *res, eri_num *needed)
{
    const er_rules *r = res->rules;
    int32_t next = res->uncapped_level < 0 ? (int32_t)r->nlevels - 1 : res->uncapped_level - 1;
    if (next < 0 || r->nlevels == 0)
        return -1;
    if (eri_num_sub(r->levels[next].threshold, res->score, needed) != ERI_NUM_OK)
        return -1;
    return next;
}
