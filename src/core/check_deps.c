/* check_deps.c — who reads what, once names are resolved: no node may
 * depend on its own result (earned(…) and friends, through named values
 * too); a fact declared and never read is a warning; and each rule's fact
 * set, the facts it reads, which the evaluator checks are present before
 * the rule runs. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

typedef struct {
    int32_t *list;
    uint32_t n, cap;
} idlist;

/* the nodes whose results e reads (earned(5.1) …), through named values too */
static void refs_of(eri_checker *c, const eri_expr *e, idlist *out, uint8_t *let_seen)
{
    if (!e)
        return;
    if (e->kind == ERI_EX_CALL && e->ref >= ERI_FN_EARNED && e->a && e->a->kind == ERI_EX_ID && e->a->ref >= 0) {
        if (out->n < out->cap)
            out->list[out->n++] = e->a->ref;
        return;
    }
    if (e->kind == ERI_EX_CALL || e->kind == ERI_EX_CHAIN) { /* arguments, operands */
        for (const eri_expr *x = e->a; x; x = x->next)
            refs_of(c, x, out, let_seen);
        return;
    }
    if (e->kind == ERI_EX_NAME && e->ref_kind == ERI_REF_LET && e->ref >= 0 && !let_seen[e->ref]) {
        let_seen[e->ref] = 1;
        refs_of(c, c->r->lets[e->ref].expr, out, let_seen);
    }
    refs_of(c, e->a, out, let_seen);
    refs_of(c, e->b, out, let_seen);
    refs_of(c, e->c, out, let_seen);
}

static bool visit(eri_checker *c, int32_t ni, uint8_t *color, idlist *scratch, uint8_t *let_seen, int32_t *via)
{
    er_rules *r = c->r;
    if (color[ni] == 2)
        return true;
    if (color[ni] == 1)
        return false;
    color[ni] = 1;
    const eri_node *n = &r->nodes[ni];
    if (n->parent >= 0 && !visit(c, n->parent, color, scratch, let_seen, via))
        return false;
    idlist refs = {scratch->list + scratch->n, 0, scratch->cap - scratch->n};
    memset(let_seen, 0, r->nlets);
    refs_of(c, n->exclude_when, &refs, let_seen);
    refs_of(c, n->expr, &refs, let_seen);
    scratch->n += refs.n;
    for (uint32_t k = 0; k < refs.n; k++) {
        const eri_node *x = &r->nodes[refs.list[k]];
        for (int32_t j = refs.list[k]; j < x->end; j++)
            if (!visit(c, j, color, scratch, let_seen, via)) {
                if (*via < 0) {
                    *via = refs.list[k];
                    eri_ck_error(c, n->head, "%s depends on its own result through %s", n->id, x->id);
                }
                scratch->n -= refs.n;
                return false;
            }
    }
    scratch->n -= refs.n;
    color[ni] = 2;
    return true;
}

void eri_ck_cycles(eri_checker *c)
{
    er_rules *r = c->r;
    if (r->nnodes == 0)
        return;
    uint8_t *color = eri_arena_alloc(c->a, r->nnodes);
    uint8_t *let_seen = eri_arena_alloc(c->a, r->nlets + 1);
    idlist scratch = {ERI_NEW_ARRAY(c->a, int32_t, 4096), 0, 4096};
    for (uint32_t i = 0; i < r->nnodes; i++) {
        int32_t via = -1;
        if (!visit(c, (int32_t)i, color, &scratch, let_seen, &via))
            return; /* one cycle reported is enough to act on */
    }
}

/* ---- fact sets ---------------------------------------------------------- */

/* add the facts e reads, through named values too, to the set being built */
static void gather(eri_checker *c, const eri_expr *e)
{
    if (!e)
        return;
    if (e->kind == ERI_EX_CALL || e->kind == ERI_EX_CHAIN) { /* arguments, operands */
        for (const eri_expr *x = e->a; x; x = x->next)
            gather(c, x);
        return;
    }
    if (e->kind == ERI_EX_NAME && e->ref >= 0) {
        if (e->ref_kind == ERI_REF_FACT && !c->fact_mark[e->ref]) {
            c->fact_mark[e->ref] = 1;
            c->fact_buf[c->nbuf++] = e->ref;
        } else if (e->ref_kind == ERI_REF_LET && !c->let_mark[e->ref]) {
            c->let_mark[e->ref] = 1;
            c->let_buf[c->nlet_buf++] = e->ref;
            gather(c, c->r->lets[e->ref].expr);
        }
    }
    gather(c, e->a);
    gather(c, e->b);
    gather(c, e->c);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* the facts e1 and e2 read; the named values they went through stay in
 * c->let_buf until the next call (the marks are cleared one by one, so a
 * rule costs what it reads, not the size of the rules) */
static eri_factset factset(eri_checker *c, const eri_expr *e1, const eri_expr *e2)
{
    for (uint32_t i = 0; i < c->nbuf; i++)
        c->fact_mark[c->fact_buf[i]] = 0;
    for (uint32_t i = 0; i < c->nlet_buf; i++)
        c->let_mark[c->let_buf[i]] = 0;
    c->nbuf = c->nlet_buf = 0;
    gather(c, e1);
    gather(c, e2);
    eri_factset fs = {ERI_NEW_ARRAY(c->a, int32_t, c->nbuf ? c->nbuf : 1), c->nbuf};
    memcpy(fs.idx, c->fact_buf, sizeof(int32_t) * c->nbuf);
    qsort(fs.idx, fs.n, sizeof(int32_t), cmp_i32);
    return fs;
}

void eri_ck_factsets(eri_checker *c)
{
    er_rules *r = c->r;
    c->fact_mark = eri_arena_alloc(c->a, r->nfacts + 1);
    c->let_mark = eri_arena_alloc(c->a, r->nlets + 1);
    c->fact_buf = ERI_NEW_ARRAY(c->a, int32_t, r->nfacts + 1);
    c->let_buf = ERI_NEW_ARRAY(c->a, int32_t, r->nlets + 1);
    c->nbuf = c->nlet_buf = 0;
    for (uint32_t i = 0; i < r->nnodes; i++)
    {
        r->nodes[i].exclude_facts = factset(c, r->nodes[i].exclude_when, NULL);
        r->nodes[i].facts = factset(c, r->nodes[i].expr, NULL);
        /* the named values that rule went through, in order */
        uint32_t n = c->nlet_buf;
        eri_factset *lets = &r->nodes[i].lets;
        lets->idx = ERI_NEW_ARRAY(c->a, int32_t, n ? n : 1);
        memcpy(lets->idx, c->let_buf, sizeof(int32_t) * n);
        qsort(lets->idx, n, sizeof(int32_t), cmp_i32);
        lets->n = n;
    }
    for (uint32_t i = 0; i < r->nvetoes; i++)
        r->vetoes[i].facts = factset(c, r->vetoes[i].cond, NULL);
    for (uint32_t i = 0; i < r->nadjusts; i++)
        r->adjusts[i].facts = factset(c, r->adjusts[i].expr, r->adjusts[i].cap);
    for (uint32_t i = 0; i < r->ncaps; i++)
        r->caps[i].facts = factset(c, r->caps[i].cond, NULL);
}

void eri_ck_unused_facts(eri_checker *c)
{
    er_rules *r = c->r;
    for (uint32_t i = 0; i < r->nfacts; i++)
        if (r->facts[i].uses == 0)
            eri_ck_warning(c, r->facts[i].name_span, "fact '%s' is declared but never used", r->facts[i].name);
}
