/* block.c — many loaded facts held compactly for evaluation in a loop
 * (include/evalrules.h: er_block).
 *
 * A block copies each facts' row (facts.h: the values again, a few hundred
 * bytes, the same layout for every enterprise of a rule set) into one array
 * in the order given, and keeps the facts themselves for what the row does
 * not hold: an evaluation the compiled plan cannot answer, and a result's
 * details.  Scoring enterprise after enterprise then reads memory in order,
 * as a program holding its data in an array of structs does, rather than a
 * few cache lines in each facts' own allocation. */
#include "alloc.h"
#include "diag.h"
#include "eval.h"
#include "evalrules.h"
#include "facts.h"
#include "plan.h"

struct er_block {
    const er_rules *r;
    const er_facts **facts;
    uint8_t *rows;
    uint32_t row_size;
    size_t n;
};

er_block *er_block_new(const er_rules *r, const er_facts *const *facts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!facts[i] || facts[i]->rules != r)
            return NULL;
    er_block *b = eri_calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->r = r;
    b->n = n;
    b->row_size = n ? facts[0]->row_size : 0;
    b->facts = eri_malloc((n ? n : 1) * sizeof *b->facts);
    b->rows = eri_facts_rows(facts, n);
    if (!b->facts || !b->rows) {
        er_block_free(b);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        b->facts[i] = facts[i];
    return b;
}

void er_block_free(er_block *b)
{
    if (!b)
        return;
    eri_free(b->facts);
    eri_free(b->rows);
    eri_free(b);
}

size_t er_block_count(const er_block *b) { return b->n; }

const er_result *er_evaluate_at(er_evaluator *ev, const er_block *b, size_t i, const er_scheme *s, er_diag *d)
{
    if (i >= b->n) {
        eri_diag_plain(d, ERI_SEV_ERROR, "no enterprise %zu in a block of %zu", i, b->n);
        return NULL;
    }
    if (b->r != eri_evaluator_rules(ev)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "the block's facts are of other rules than the evaluator's");
        return NULL;
    }
    return eri_evaluate_lazy(ev, b->facts[i], b->rows + i * b->row_size, s, d);
}
