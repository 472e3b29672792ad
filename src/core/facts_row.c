/* facts_row.c — a facts file's values again, compactly, for the compiled
 * plan (plan.h): one row per enterprise, every fact at the same offset for
 * every enterprise of a rule set, so that a batch is one block of rows
 * (facts.h says the layout), the auditor's exclusions among them. */
#include <string.h>

#include "alloc.h"
#include "facts.h"

static const uint8_t row_width[] = {[ERI_FT_INT] = 8, [ERI_FT_DECIMAL] = 8, [ERI_FT_PERCENT] = 4,
                                    [ERI_FT_SAMPLE] = 2, [ERI_FT_BOOL] = 1};

static uint8_t width_of(eri_fact_type t) { return (unsigned)t < sizeof row_width ? row_width[t] : 0; }

/* the facts' part of the row (its end) */
static uint32_t facts_layout(const er_rules *r, uint32_t *offsets)
{
    uint32_t at = 4; /* byte 0: the flags */
    for (uint8_t w = 8; w; w >>= 1) /* widest first: every number 4-aligned */
        for (uint32_t i = 0; i < r->nfacts; i++) {
            uint8_t fw = width_of(r->facts[i].type);
            if (offsets && !fw)
                offsets[i] = ERI_ROW_NONE;
            if (fw == w) {
                if (offsets)
                    offsets[i] = at;
                at += w;
            }
        }
    return at;
}

/* the auditor's exclusions after the facts: one byte per excludable node */
static uint32_t nodes_layout(const er_rules *r, uint32_t at, uint32_t *node_at)
{
    for (uint32_t i = 0; i < r->nnodes; i++) {
        if (node_at)
            node_at[i] = r->nodes[i].excludable ? at : ERI_ROW_NONE;
        at += r->nodes[i].excludable;
    }
    return at;
}

uint32_t eri_row_layout(const er_rules *r, uint32_t *offsets)
{
    return (nodes_layout(r, facts_layout(r, offsets), NULL) + 3) & ~3u;
}

void eri_row_node_layout(const er_rules *r, uint32_t *node_at)
{
    nodes_layout(r, facts_layout(r, NULL), node_at);
}

/* fact i's value at x (eri_row_layout) */
static void pack(const er_facts *f, uint32_t i, uint8_t *x)
{
    const eri_fact_entry *e = &f->entries[i];
    switch (f->rules->facts[i].type) {
    case ERI_FT_BOOL:
        *x = e->present ? e->value.b : ERI_ROW_ABSENT;
        break;
    case ERI_FT_SAMPLE:
        if (e->present && e->value.n > 0 && e->value.n <= 255 && e->value.k >= 0 && e->value.k <= e->value.n) {
            x[0] = (uint8_t)e->value.k;
            x[1] = (uint8_t)e->value.n;
        }
        break;
    case ERI_FT_PERCENT: /* 4 bytes: most percents are a few hundredths */
        if (e->present && !eri_num_is_big(e->value.num) && e->value.num.num >= INT16_MIN &&
            e->value.num.num <= INT16_MAX && e->value.num.den > 0 && e->value.num.den <= UINT16_MAX) {
            int16_t n = (int16_t)e->value.num.num;
            uint16_t d = (uint16_t)e->value.num.den;
            memcpy(x, &n, sizeof n);
            memcpy(x + sizeof n, &d, sizeof d);
        }
        break;
    default: /* numbers */
        if (e->present && !eri_num_is_big(e->value.num) && e->value.num.num >= INT32_MIN &&
            e->value.num.num <= INT32_MAX && e->value.num.den > 0 && e->value.num.den <= INT32_MAX) {
            int32_t ab[2] = {(int32_t)e->value.num.num, (int32_t)e->value.num.den};
            memcpy(x, ab, sizeof ab);
        }
        break;
    }
}

/* the facts a row holds, in the order of eri_row_layout (in arena a) */
static uint32_t *row_order(const er_rules *r, eri_arena *a)
{
    uint32_t *order = ERI_NEW_ARRAY(a, uint32_t, r->nfacts + 1), k = 0;
    for (uint8_t w = 8; w; w >>= 1)
        for (uint32_t i = 0; i < r->nfacts; i++)
            if (width_of(r->facts[i].type) == w)
                order[k++] = i;
    order[k] = UINT32_MAX;
    return order;
}

void eri_row_lay(er_rules *r)
{
    r->row_size = eri_row_layout(r, NULL);
    r->row_order = row_order(r, r->arena);
}

const eri_exclusion *eri_facts_excluded(const er_facts *f, int32_t node)
{
    for (uint32_t i = 0; f && i < f->nexclusions; i++)
        if (f->exclusions[i].node == node)
            return &f->exclusions[i];
    return NULL;
}

void eri_facts_densify(er_facts *f)
{
    const er_rules *r = f->rules;
    f->row_size = r->row_order ? r->row_size : eri_row_layout(r, NULL);
    const uint32_t *order = r->row_order ? r->row_order : row_order(r, f->arena);
    if (!f->row)
        f->row = ERI_NEW_ARRAY(f->arena, uint8_t, f->row_size);
    memset(f->row, 0, f->row_size);
    f->row[0] = f->nexclusions ? ERI_ROW_EXCLUDED : 0;
    uint32_t at = 4;
    for (const uint32_t *i = order; *i != UINT32_MAX; i++) {
        pack(f, *i, f->row + at);
        at += width_of(r->facts[*i].type);
    }
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (r->nodes[i].excludable)
            f->row[at++] = eri_facts_excluded(f, (int32_t)i) != NULL;
}

uint8_t *eri_facts_rows(const er_facts *const *f, size_t n)
{
    uint32_t size = n ? f[0]->row_size : 0;
    uint8_t *rows = eri_malloc(n * size + 1);
    for (size_t i = 0; rows && i < n; i++)
        memcpy(rows + i * size, f[i]->row, size);
    return rows;
}

