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

typedef struct deps {
    eri_checker *c;
    uint8_t *color;      /* per node: 0 not seen, 1 on the path, 2 done */
    uint16_t *rdepth;    /* per node (done): the longest chain of results it reads, one through another */
    idlist scratch;      /* the refs of the nodes on the path */
    uint8_t *let_seen;   /* per let: looked into for the node at hand */
    int32_t *seen;       /* those lets, to clear only them */
    uint32_t nseen;
    int32_t via;
} deps;

/* the nodes whose results e reads (earned(5.1) …), through named values too */
static void refs_of(deps *w, const eri_expr *e, idlist *out)
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
            refs_of(w, x, out);
        return;
    }
    if (e->kind == ERI_EX_NAME && e->ref_kind == ERI_REF_LET && e->ref >= 0 && !w->let_seen[e->ref]) {
        w->let_seen[e->ref] = 1;
        w->seen[w->nseen++] = e->ref;
        refs_of(w, w->c->r->lets[e->ref].expr, out);
    }
    refs_of(w, e->a, out);
    refs_of(w, e->b, out);
    refs_of(w, e->c, out);
}

/* depth: the results read one through another to come here; with each
 * node's own longest chain below it, bounded so that neither this walk nor
 * the evaluation nests without limit */
static bool visit(deps *w, int32_t ni, int depth)
{
    eri_checker *c = w->c;
    er_rules *r = c->r;
    if (w->color[ni] == 1)
        return false;
    if (depth + (w->color[ni] == 2 ? w->rdepth[ni] : 0) > ERI_MAX_RESULT_DEPTH) {
        if (w->via < 0)
            eri_ck_error(c, r->nodes[ni].head, "%s is reached through too many results that read one another "
                         "(earned() and the like): at most %d", r->nodes[ni].id, ERI_MAX_RESULT_DEPTH);
        w->via = ni;
        return false;
    }
    if (w->color[ni] == 2)
        return true;
    w->color[ni] = 1;
    const eri_node *n = &r->nodes[ni];
    if (n->parent >= 0 && !visit(w, n->parent, depth))
        return false;
    int below = n->parent >= 0 ? w->rdepth[n->parent] : 0;
    idlist refs = {w->scratch.list + w->scratch.n, 0, w->scratch.cap - w->scratch.n};
    for (uint32_t k = 0; k < w->nseen; k++)
        w->let_seen[w->seen[k]] = 0;
    w->nseen = 0;
    refs_of(w, n->exclude_when, &refs);
    refs_of(w, n->expr, &refs);
    w->scratch.n += refs.n;
    for (uint32_t k = 0; k < refs.n; k++) {
        const eri_node *x = &r->nodes[refs.list[k]];
        for (int32_t j = refs.list[k]; j < x->end; j++) {
            if (!visit(w, j, depth + 1)) {
                if (w->via < 0) {
                    w->via = refs.list[k];
                    eri_ck_error(c, n->head, "%s depends on its own result through %s", n->id, x->id);
                }
                w->scratch.n -= refs.n;
                return false;
            }
            if (w->rdepth[j] + 1 > below)
                below = w->rdepth[j] + 1;
        }
    }
    w->scratch.n -= refs.n;
    w->rdepth[ni] = (uint16_t)below;
    w->color[ni] = 2;
    return true;
}

void eri_ck_cycles(eri_checker *c)
{
    er_rules *r = c->r;
    if (r->nnodes == 0)
        return;
    deps w = {c, eri_arena_alloc(c->a, r->nnodes), ERI_NEW_ARRAY(c->a, uint16_t, r->nnodes),
              {ERI_NEW_ARRAY(c->a, int32_t, 4096), 0, 4096}, eri_arena_alloc(c->a, r->nlets + 1),
              ERI_NEW_ARRAY(c->a, int32_t, r->nlets + 1), 0, -1};
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (!visit(&w, (int32_t)i, 0))
            return; /* one cycle reported is enough to act on */
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
        if (r->facts[i].uses == 0 && !eri_header_fact(r->facts[i].name)) /* the header's are the reports' */
            eri_ck_warning(c, r->facts[i].name_span, "fact '%s' is declared but never used", r->facts[i].name);
}
