/* report.c — helpers shared by the text, JSON and HTML reports. */
#include "report.h"

#include <string.h>

#include "messages.h"
#include "scoring.h"

const char *eri_report_fact_value(const er_result *res, int32_t fact, char *buf, size_t cap)
{
    return eri_facts_value_text(res->facts, fact, buf, cap);
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
    if (next < 0) /* rated at the top, or no levels: uncapped_level is one of them when >= 0 */
        return -1;
    if (eri_num_sub(r->levels[next].threshold, res->score, needed) != ERI_NUM_OK)
        return -1;
    return next;
}

const char *eri_report_pct(char *buf, size_t cap, eri_num n)
{
    eri_num p;
    if (eri_num_mul(n, eri_num_int(100), &p) != ERI_NUM_OK)
        return eri_num_show(buf, cap, n, 4, true);
    eri_num_show(buf, cap, p, 2, true);
    size_t len = strlen(buf);
    if (len + 2 <= cap)
        memcpy(buf + len, "%", 2);
    return buf;
}

const char *eri_report_why(char *buf, size_t cap, er_lang lang, const er_result *res, int32_t ni)
{
    const er_rules *r = res->rules;
    const eri_node *n = &r->nodes[ni];
    const eri_node_result *nr = &res->nodes[ni];
    const eri_scoring *sc = &eri_scorings[n->kind];
    char a[64], b[64];
    if (sc->outcomes == ERI_SO_PASS_FAIL) {
        snprintf(buf, cap, "%s", eri_msg(lang, ERI_MSG_WHY_PASS));
    } else if (sc->outcomes == ERI_SO_TIERS) {
        const eri_expr *e = n->expr;
        bool percent = e->kind == ERI_EX_NAME && e->ref_kind == ERI_REF_FACT && r->facts[e->ref].type == ERI_FT_PERCENT;
        const char *value = percent ? eri_report_pct(a, sizeof a, nr->raw) : eri_num_show(a, sizeof a, nr->raw, 4, true);
        if (nr->tier >= 0)
            snprintf(buf, cap, eri_msg(lang, ERI_MSG_WHY_TIER), value, eri_report_pct(b, sizeof b, n->tiers[nr->tier].share));
        else
            snprintf(buf, cap, eri_msg(lang, ERI_MSG_WHY_NO_TIER), value, eri_report_pct(b, sizeof b, n->otherwise));
    } else if (sc->gives_points) {
        snprintf(buf, cap, eri_msg(lang, ERI_MSG_WHY_SCORE), eri_num_show(a, sizeof a, nr->raw, 4, true));
    } else {
        snprintf(buf, cap, eri_msg(lang, ERI_MSG_WHY_SHARE), eri_report_pct(a, sizeof a, nr->raw));
    }
    if (nr->clamped) {
        size_t len = strlen(buf);
        snprintf(buf + len, cap - len, " %s", eri_msg(lang, ERI_MSG_WHY_CLAMPED));
    }
    return buf;
}
