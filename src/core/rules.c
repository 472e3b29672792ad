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
    case ERI_FT_TEXT: snprintf(buf, cap, "\"%s\"", v->text); break; /* a value read has its text */
    case ERI_FT_DATE: eri_date_format(v->date, num); snprintf(buf, cap, "%s", num); break;
    case ERI_FT_ENUM:
        snprintf(buf, cap, "%s", f->choices[v->choice]); /* a value read is one of them */
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

/* ---- look-ups by name ---------------------------------------------------- */

/* FNV-1a, with the scope of a named value folded in */
static uint32_t hash(const char *s, size_t len, int32_t scope)
{
    uint32_t h = 2166136261u ^ (uint32_t)scope;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

void eri_index_init(eri_index *x, eri_arena *a, uint32_t n)
{
    uint32_t cap = 16;
    while (cap < 2 * (uint64_t)n && cap < (1u << 31))
        cap <<= 1;
    x->slot = ERI_NEW_ARRAY(a, uint32_t, cap);
    x->mask = cap - 1;
}

/* key (NUL-terminated) is s's len bytes: a loop, as names are short (strncmp's call was 6% of a batch) */
static bool same(const char *key, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (key[i] != s[i] || !key[i])
            return false;
    return key[len] == '\0';
}

static const char *fact_key(const er_rules *r, uint32_t i, int32_t *scope) { *scope = -1; return r->facts[i].name; }
static const char *node_key(const er_rules *r, uint32_t i, int32_t *scope) { *scope = -1; return r->nodes[i].id; }
static const char *let_key(const er_rules *r, uint32_t i, int32_t *scope)
{
    *scope = r->lets[i].scope;
    return r->lets[i].name;
}

typedef const char *key_fn(const er_rules *r, uint32_t i, int32_t *scope);

/* the slot where name (in scope) is, or the empty slot where it would go */
static uint32_t *probe(const er_rules *r, const eri_index *x, key_fn *key, const char *name, size_t len, int32_t scope)
{
    for (uint32_t h = hash(name, len, scope);; h++) {
        uint32_t *slot = &x->slot[h & x->mask];
        if (*slot == 0)
            return slot;
        int32_t sc;
        const char *k = key(r, *slot - 1, &sc);
        if (sc == scope && same(k, name, len))
            return slot;
    }
}

static int32_t find(const er_rules *r, const eri_index *x, key_fn *key, const char *name, size_t len, int32_t scope,
                    uint32_t n)
{
    if (!x->mask) { /* a rule set built by hand (tests): no index, look at each */
        for (uint32_t i = 0; i < n; i++) {
            int32_t sc;
            const char *k = key(r, i, &sc);
            if (sc == scope && same(k, name, len))
                return (int32_t)i;
        }
        return -1;
    }
    uint32_t *slot = probe(r, x, key, name, len, scope);
    return *slot ? (int32_t)*slot - 1 : -1;
}

static int32_t add(er_rules *r, eri_index *x, key_fn *key, uint32_t i)
{
    int32_t scope;
    const char *name = key(r, i, &scope);
    uint32_t *slot = probe(r, x, key, name, strlen(name), scope);
    if (*slot)
        return (int32_t)*slot - 1;
    *slot = i + 1;
    return -1;
}

int32_t eri_rules_index_fact(er_rules *r, uint32_t i) { return add(r, &r->fact_index, fact_key, i); }
int32_t eri_rules_index_node(er_rules *r, uint32_t i) { return add(r, &r->node_index, node_key, i); }
int32_t eri_rules_index_let(er_rules *r, uint32_t i) { return add(r, &r->let_index, let_key, i); }

int32_t eri_rules_find_fact(const er_rules *r, const char *name, size_t len)
{
    return find(r, &r->fact_index, fact_key, name, len, -1, r->nfacts);
}

int32_t eri_rules_find_fact_hint(const er_rules *r, const char *name, size_t len, int32_t hint)
{
    if (hint >= 0 && (uint32_t)hint < r->nfacts && same(r->facts[hint].name, name, len))
        return hint;
    return eri_rules_find_fact(r, name, len);
}

int32_t eri_rules_find_node(const er_rules *r, const char *id, size_t len)
{
    return find(r, &r->node_index, node_key, id, len, -1, r->nnodes);
}

int32_t eri_rules_find_let(const er_rules *r, const char *name, int32_t scope)
{
    return find(r, &r->let_index, let_key, name, strlen(name), scope, r->nlets);
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
