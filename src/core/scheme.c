/* scheme.c — weighting schemes: other points for some indicators without
 * copying the rules.
 *
 *   scheme customer_heavy "顾客服务加重" for "GB/T 27922-2011" {
 *     5.1 points 35            an indicator's points: its subtree rescaled in proportion
 *     5.3 points 30
 *     5.1.2.2 points 4         an item's points
 *     pairwise 5.3 { 5.3.1 : 5.3.2 = 2 }   children's points from AHP judgements
 *   }
 *
 * Statements apply from the top of the tree down (a parent's rescaling
 * first, then what the scheme says of its children), whatever their order
 * in the text.  Afterwards every indicator's children must add up to its
 * points and the first-level indicators to the rules' own total: a scheme
 * moves weight, it does not create or lose any.  All arithmetic is exact. */
#include <stdio.h>
#include <string.h>

#include "ahp.h"
#include "bounds.h"
#include "check.h"
#include "scoring.h"
#include "suggest.h"

/* One statement of a scheme, resolved. */
typedef struct op {
    const eri_decl *d;
    int32_t node;  /* SET_POINTS: the node; PAIRWISE: the parent (-1: top level) */
    int depth;     /* where in the tree it applies */
} op;

static int32_t resolve(eri_checker *c, eri_str id, const char *scheme)
{
    int32_t ni = eri_rules_find_node(c->r, id.s, id.len);
    if (ni >= 0)
        return ni;
    eri_suggest sg = eri_suggest_start_max(id.s, id.len, id.len / 3); /* 5.1.9 → 5.1.1, but 9 is no misspelt 1 */
    for (uint32_t i = 0; i < c->r->nnodes && !eri_diag_quiet(c->d); i++)
        eri_suggest_try(&sg, c->r->nodes[i].id);
    const char *best = sg.best;
    if (best)
        eri_ck_error(c, id.span, "scheme '%s' names indicator %s, which the rules do not have; did you mean %s?", scheme,
                 id.s, best);
    else
        eri_ck_error(c, id.span, "scheme '%s' names indicator %s, which the rules do not have", scheme, id.s);
    return -1;
}

/* Give node ni the points v, rescaling its subtree in proportion. */
static bool set_points(eri_checker *c, er_scheme *s, int32_t ni, eri_num v, uint8_t how, eri_span at)
{
    const eri_node *n = &c->r->nodes[ni];
    char b1[64];
    if (!n->is_item && !eri_num_eq(s->points[ni], v)) {
        if (eri_num_is_zero(s->points[ni])) {
            eri_ck_error(c, at, "indicator %s has 0 points here, so its children cannot be rescaled to %s; give them "
                     "their points one by one", n->id, eri_ck_fmt_num(b1, sizeof b1, v));
            return false;
        }
        eri_num factor;
        if (eri_num_div(v, s->points[ni], &factor) != ERI_NUM_OK)
            goto overflow;
        for (int32_t k = ni + 1; k < n->end; k++) {
            if (eri_num_mul(s->points[k], factor, &s->points[k]) != ERI_NUM_OK)
                goto overflow;
            if (s->how[k] == ERI_SCH_BASE)
                s->how[k] = ERI_SCH_RESCALED;
        }
    }
    s->points[ni] = v;
    s->how[ni] = how;
    return true;
overflow:
    eri_ck_error(c, at, "out of memory rescaling %s to %s", n->id,
             eri_ck_fmt_num(b1, sizeof b1, v));
    return false;
}

/* The children of parent (-1: the first-level indicators). */
static const int32_t *children_of(const er_rules *r, int32_t parent, uint32_t *n)
{
    if (parent < 0) {
        *n = r->nroots;
        return r->roots;
    }
    *n = r->nodes[parent].nchildren;
    return r->nodes[parent].children;
}

static bool pairwise(eri_checker *c, er_scheme *s, const op *o, eri_pairwise *pw);

/* Where to report a sum that does not hold: the last statement of the
 * scheme that set one of these nodes.  One did (a sum the scheme did not
 * touch, or rescaled, holds), and it set points one by one: a pairwise
 * comparison shares out its parent's points exactly. */
static eri_span culprit(const eri_decl *const *by, const int32_t *nodes, uint32_t n)
{
    const eri_decl *last = NULL;
    for (uint32_t k = 0; k < n; k++)
        if (by[nodes[k]] && (!last || by[nodes[k]]->span.start > last->span.start))
            last = by[nodes[k]];
    return last->span;
}

/* Every indicator's children add up to its points; the top level to the rules' total. */
static void check_sums(eri_checker *c, const er_scheme *s, const eri_decl *const *by)
{
    const er_rules *r = c->r;
    char b1[64], b2[64];
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node *n = &r->nodes[i];
        if (n->is_item)
            continue;
        eri_num sum = ERI_NUM_ZERO;
        for (uint32_t k = 0; k < n->nchildren; k++)
            if (eri_num_add(sum, s->points[n->children[k]], &sum) != ERI_NUM_OK)
                return;
        if (!eri_num_eq(sum, s->points[i]))
            eri_ck_error(c, culprit(by, n->children, n->nchildren), "under scheme '%s' the children of %s add up to %s, but %s has %s point%s; change "
                     "its other children too, or set %s itself", s->name, n->id, eri_ck_fmt_num(b1, sizeof b1, sum), n->id,
                     eri_ck_fmt_num(b2, sizeof b2, s->points[i]), eri_ck_plural(s->points[i]), n->id);
    }
    eri_num base = ERI_NUM_ZERO, now = ERI_NUM_ZERO;
    for (uint32_t i = 0; i < r->nroots; i++)
        if (eri_num_add(base, r->nodes[r->roots[i]].points, &base) != ERI_NUM_OK ||
            eri_num_add(now, s->points[r->roots[i]], &now) != ERI_NUM_OK)
            return;
    if (!eri_num_eq(base, now))
        eri_ck_error(c, culprit(by, r->roots, r->nroots), "under scheme '%s' the first-level indicators add up to %s, not %s as in the rules; a "
                 "scheme moves points between indicators, so change the others too", s->name,
                 eri_ck_fmt_num(b1, sizeof b1, now), eri_ck_fmt_num(b2, sizeof b2, base));
}

/* A score item whose rule can exceed its new points (e.g. a literal 5 when
 * the scheme gives it 4) is an error under this scheme, as in the rules. */
static void check_items(eri_checker *c, const er_scheme *s, const eri_decl *const *by)
{
    char b1[64], b2[64];
    c->points = s->points;
    for (uint32_t i = 0; i < c->r->nnodes; i++) {
        const eri_node *n = &c->r->nodes[i];
        if (!n->is_item || !eri_scorings[n->kind].gives_points || s->how[i] == ERI_SCH_BASE)
            continue;
        c->scope = (int32_t)i;
        eri_bounds b = eri_ck_bounds(c, n->expr, 0);
        if (b.has_hi && eri_num_cmp(b.hi, s->points[i]) > 0) {
            int32_t at = (int32_t)i; /* the statement that set it or an ancestor (it is not the base's: one did) */
            while (!by[at])
                at = c->r->nodes[at].parent;
            const eri_decl *st = by[at];
            eri_ck_error(c, st->kind == ERI_DC_PAIRWISE ? st->head : st->span, "under scheme '%s' item %s has %s point%s, but its rule can score up to %s; write "
                     "its rule with 'points' rather than a number", s->name, n->id,
                     eri_ck_fmt_num(b1, sizeof b1, s->points[i]), eri_ck_plural(s->points[i]), eri_ck_fmt_num(b2, sizeof b2, b.hi));
            const eri_source *src = c->src;
            c->src = NULL; /* the note is in the rules file */
            eri_ck_note(c, n->rule_span, "the rule of %s", n->id);
            c->src = src;
        }
    }
    c->points = NULL;
    c->scope = -1;
}

/* scheme -> SCHEME IDENT fact_label scheme_for '{' scheme_stmt* '}'
 * scheme_stmt -> node_id POINTS number_lit | PAIRWISE [node_id] '{' judgement* '}' */
static bool check_scheme(eri_checker *c, const eri_decl *d, er_scheme *s)
{
    er_rules *r = c->r;
    unsigned before = c->errors;
    s->name = d->name.s;
    s->label = d->label.s ? d->label.s : "";
    s->standard = d->extra.s ? d->extra.s : "";
    s->span = d->span;
    s->src = c->src ? c->src : r->src;
    s->points = ERI_NEW_ARRAY(c->a, eri_num, r->nnodes + 1);
    s->how = eri_arena_alloc(c->a, r->nnodes + 1);
    memset(s->how, ERI_SCH_BASE, r->nnodes + 1);
    for (uint32_t i = 0; i < r->nnodes; i++)
        s->points[i] = r->nodes[i].points;
    if (d->extra.s && *r->code && strcmp(d->extra.s, r->code) != 0) /* r->code: "" when none (load.c) */
        eri_ck_error(c, d->extra.span, "scheme '%s' is for \"%s\", but these rules are \"%s\"", s->name, d->extra.s,
                 r->code);

    uint32_t nops = 0, npw = 0;
    for (const eri_decl *st = d->body; st; st = st->next)
        nops++, npw += st->kind == ERI_DC_PAIRWISE;
    op *ops = ERI_NEW_ARRAY(c->a, op, nops + 1);
    s->pairwise = ERI_NEW_ARRAY(c->a, eri_pairwise, npw + 1);
    nops = 0;
    for (const eri_decl *st = d->body; st; st = st->next) {
        op o = {st, -1, 0};
        if (st->kind == ERI_DC_SET_POINTS || st->name.s) {
            o.node = resolve(c, st->name, s->name);
            if (o.node < 0)
                continue;
            o.depth = r->nodes[o.node].depth + (st->kind == ERI_DC_PAIRWISE);
        }
        if (st->kind == ERI_DC_SET_POINTS && (eri_num_sign(st->a->num) < 0 || st->a->percent)) {
            eri_ck_error(c, st->a->span, "points are a number of points, zero or more");
            continue;
        }
        if (st->kind == ERI_DC_PAIRWISE && o.node >= 0 && r->nodes[o.node].is_item) {
            eri_ck_error(c, st->name.span, "%s is an item: pairwise comparisons weigh the children of an indicator",
                     r->nodes[o.node].id);
            continue;
        }
        /* stable insertion by depth: parents before their children */
        uint32_t k = nops++;
        while (k > 0 && ops[k - 1].depth > o.depth) {
            ops[k] = ops[k - 1];
            k--;
        }
        ops[k] = o;
    }
    /* who set each node, to report a node set twice */
    const eri_decl **by = ERI_NEW_ARRAY(c->a, const eri_decl *, r->nnodes + 1);
    for (uint32_t k = 0; k < nops; k++) {
        const op *o = &ops[k];
        if (o->d->kind == ERI_DC_SET_POINTS) {
            if (by[o->node]) {
                eri_ck_error(c, o->d->span, "scheme '%s' gives the points of %s twice", s->name, r->nodes[o->node].id);
                eri_ck_note(c, by[o->node]->span, "first here");
                continue;
            }
            by[o->node] = o->d;
            set_points(c, s, o->node, o->d->a->num, ERI_SCH_SET, o->d->span);
        } else {
            eri_pairwise *pw = &s->pairwise[s->npairwise];
            if (!pairwise(c, s, o, pw))
                continue;
            s->npairwise++;
            for (uint32_t i = 0; i < pw->nchildren; i++) {
                int32_t ch = pw->children[i];
                if (by[ch]) {
                    eri_ck_error(c, o->d->head, "scheme '%s' gives the points of %s twice", s->name, r->nodes[ch].id);
                    eri_ck_note(c, by[ch]->span, "first here");
                    continue;
                }
                by[ch] = o->d;
            }
        }
    }
    if (c->errors == before)
        check_sums(c, s, by);
    if (c->errors == before)
        check_items(c, s, by);
    return c->errors == before;
}

/* ---- pairwise comparisons (AHP) ------------------------------------------ */

/* The value of a judgement: 3, or 1/3 (the parser's only other form: NUMBER '/' NUMBER); false for 1/0. */
static bool judgement_value(const eri_expr *e, eri_num *out)
{
    if (e->kind == ERI_EX_NUM) {
        *out = e->num;
        return true;
    }
    return eri_num_div(e->a->num, e->b->num, out) == ERI_NUM_OK;
}

static int index_of(const int32_t *list, uint32_t n, int32_t x)
{
    for (uint32_t i = 0; i < n; i++)
        if (list[i] == x)
            return (int)i;
    return -1;
}

/* The quantum AHP points are apportioned in: 0.1, or 0.01 for a total
 * that is not a multiple of 0.1. */
static eri_num quantum_for(eri_num total)
{
    eri_num q = {1, 10}, r;
    if (eri_num_div(total, q, &r) == ERI_NUM_OK && eri_num_is_int(r))
        return q;
    return (eri_num){1, 100};
}

/* scheme_stmt -> PAIRWISE [node_id] '{' judgement* '}'
 * judgement -> node_id ':' node_id '=' judgement_value ;  judgement_value -> NUMBER | NUMBER '/' NUMBER */
static bool pairwise(eri_checker *c, er_scheme *s, const op *o, eri_pairwise *pw)
{
    const er_rules *r = c->r;
    const eri_decl *d = o->d;
    char b1[64], b2[64], b3[64];
    uint32_t n;
    const int32_t *kids = children_of(r, o->node, &n);
    char whose[96];
    if (o->node >= 0)
        snprintf(whose, sizeof whose, "the children of %s", r->nodes[o->node].id);
    else
        snprintf(whose, sizeof whose, "the first-level indicators");
    if (n < ERI_AHP_MIN_N || n > ERI_AHP_MAX_N) {
        eri_ck_error(c, d->head, "pairwise comparison weighs %d to %d indicators, and %s number %u", ERI_AHP_MIN_N,
                 ERI_AHP_MAX_N, whose, n);
        return false;
    }
    unsigned before = c->errors;
    int npairs = (int)(n * (n - 1) / 2);
    eri_num judged[ERI_AHP_MAX_JUDGEMENTS];
    const eri_decl *where[ERI_AHP_MAX_JUDGEMENTS] = {0};
    for (const eri_decl *j = d->body; j; j = j->next) {
        int32_t a = resolve(c, j->name, s->name), b = resolve(c, j->extra, s->name);
        if (a < 0 || b < 0)
            continue;
        int ia = index_of(kids, n, a), ib = index_of(kids, n, b);
        if (ia < 0 || ib < 0) {
            const eri_str *bad = ia < 0 ? &j->name : &j->extra;
            eri_ck_error(c, bad->span, "%s is not among what this compares: %s", bad->s, whose);
            continue;
        }
        if (ia == ib) {
            eri_ck_error(c, j->span, "%s is compared with itself", j->name.s);
            continue;
        }
        eri_num v;
        if (!judgement_value(j->a, &v) || !eri_ahp_on_scale(v)) {
            eri_ck_error(c, j->a->span, "a judgement is on Saaty's scale: 1 to 9 (how many times %s matters as much as "
                     "%s), or 1/2 to 1/9", j->name.s, j->extra.s);
            continue;
        }
        if (ia > ib) { /* b : a = 1/v */
            int t = ia;
            ia = ib, ib = t;
            eri_num_div(ERI_NUM_ONE, v, &v);
        }
        int k = eri_ahp_pair_index((int)n, ia, ib);
        if (where[k]) {
            eri_ck_error(c, j->span, "%s and %s are compared twice", j->name.s, j->extra.s);
            eri_ck_note(c, where[k]->span, "first here");
            continue;
        }
        where[k] = j;
        judged[k] = v;
    }
    if (c->errors != before)
        return false;
    char missing[512];
    size_t len = 0;
    int nmissing = 0;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = i + 1; k < n; k++)
            if (!where[eri_ahp_pair_index((int)n, (int)i, (int)k)]) {
                if (nmissing++ < 6 && len < sizeof missing)
                    len += (size_t)snprintf(missing + len, sizeof missing - len, "%s%s : %s", len ? ", " : "",
                                            r->nodes[kids[i]].id, r->nodes[kids[k]].id);
            }
    if (nmissing) {
        eri_ck_error(c, d->head, "comparing %s needs a judgement on each pair of them (%d pair%s); missing %s%s", whose,
                 npairs, npairs == 1 ? "" : "s", missing, nmissing > 6 ? ", …" : "");
        return false;
    }
    eri_ahp_result res;
    eri_ahp_status st = eri_ahp_compute((int)n, judged, &res);
    if (st == ERI_AHP_INCONSISTENT) {
        const eri_decl *worst = where[eri_ahp_pair_index((int)n, res.worst_i, res.worst_j)];
        eri_ck_error(c, worst->span, "the judgements on %s are too inconsistent: consistency ratio %s, and below 0.1 "
                 "is needed; this one agrees least with the others, which imply %s : %s = %s",
                 whose, eri_ck_fmt_num(b1, sizeof b1, res.cr), r->nodes[kids[res.worst_i]].id,
                 r->nodes[kids[res.worst_j]].id, eri_ck_fmt_num(b2, sizeof b2, res.worst_implied));
        return false;
    }
    if (st != ERI_AHP_OK) {
        eri_ck_error(c, d->head, "comparing %s: %s", whose, eri_ahp_status_message(st));
        return false;
    }
    eri_num total = ERI_NUM_ZERO;
    if (o->node >= 0)
        total = s->points[o->node];
    else
        for (uint32_t i = 0; i < n; i++)
            eri_num_add(total, s->points[kids[i]], &total);
    eri_num pts[ERI_AHP_MAX_N];
    eri_num q = quantum_for(total);
    if (eri_ahp_points((int)n, res.weight, total, q, pts) != ERI_AHP_OK) {
        eri_ck_error(c, d->head, "the %s point%s of %s cannot be shared out in steps of %s", eri_ck_fmt_num(b1, sizeof b1, total),
                 eri_ck_plural(total), whose, eri_ck_fmt_num(b3, sizeof b3, q));
        return false;
    }
    *pw = (eri_pairwise){.parent = o->node, .span = d->span, .nchildren = n, .lambda_max = res.lambda_max,
                        .ci = res.ci, .cr = res.cr, .njudgements = (uint32_t)npairs};
    pw->children = ERI_NEW_ARRAY(c->a, int32_t, n);
    pw->weights = ERI_NEW_ARRAY(c->a, eri_num, n);
    pw->judgements = ERI_NEW_ARRAY(c->a, eri_judgement, (size_t)npairs);
    for (uint32_t i = 0; i < n; i++) {
        pw->children[i] = kids[i];
        pw->weights[i] = res.weight[i];
        if (!set_points(c, s, kids[i], pts[i], ERI_SCH_PAIRWISE, d->head))
            return false;
    }
    for (uint32_t i = 0, k = 0; i < n; i++)
        for (uint32_t m = i + 1; m < n; m++, k++)
            pw->judgements[k] = (eri_judgement){kids[i], kids[m], judged[k], where[k]->span};
    return true;
}

/* ---- the rules file's schemes ------------------------------------------- */

void eri_ck_schemes(eri_checker *c)
{
    er_rules *r = c->r;
    er_scheme *base = &r->base;
    base->name = "base";
    base->label = "";
    base->standard = r->code; /* "" when none (load.c) */
    base->src = r->src;
    base->points = ERI_NEW_ARRAY(c->a, eri_num, r->nnodes + 1);
    base->how = eri_arena_alloc(c->a, r->nnodes + 1);
    memset(base->how, ERI_SCH_BASE, r->nnodes + 1);
    for (uint32_t i = 0; i < r->nnodes; i++)
        base->points[i] = r->nodes[i].points;

    uint32_t n = 0;
    for (const eri_decl *d = r->ast; d; d = d->next)
        n += d->kind == ERI_DC_SCHEME;
    r->schemes = ERI_NEW_ARRAY(c->a, er_scheme, n + 1);
    for (const eri_decl *d = r->ast; d; d = d->next) {
        if (d->kind != ERI_DC_SCHEME)
            continue;
        if (strcmp(d->name.s, "base") == 0) {
            eri_ck_error(c, d->name.span, "'base' names the rules' own points; call this scheme something else");
            continue;
        }
        const er_scheme *first = NULL;
        for (uint32_t i = 0; i < r->nschemes; i++)
            if (strcmp(r->schemes[i].name, d->name.s) == 0)
                first = &r->schemes[i];
        if (first) {
            eri_ck_error(c, d->name.span, "scheme '%s' is defined twice", d->name.s);
            eri_ck_note(c, first->span, "first defined here");
            continue;
        }
        if (check_scheme(c, d, &r->schemes[r->nschemes]))
            r->nschemes++;
    }
}

/* ---- a scheme in its own file ------------------------------------------- */

/* The file's one scheme, checked; false after reporting. */
bool eri_ck_scheme_file(er_scheme *s, const er_rules *r, er_diag *d)
{
    eri_checker c = {.r = (er_rules *)r, .d = d, .a = s->own_arena, .scope = -1, .src = s->own_src};
    const eri_decl *scheme = NULL;
    for (const eri_decl *dc = s->own_ast; dc; dc = dc->next) {
        if (dc->kind != ERI_DC_SCHEME)
            eri_ck_error(&c, dc->head.end > dc->head.start ? dc->head : dc->span,
                     "a scheme file holds one scheme; this %s belongs in the rules file", eri_decl_kind_names[dc->kind]);
        else if (scheme) {
            eri_ck_error(&c, dc->head, "a scheme file holds one scheme; put '%s' in a file of its own", dc->name.s);
        } else
            scheme = dc;
    }
    if (!scheme && c.errors == 0)
        eri_ck_error(&c, (eri_span){0, 0}, "no scheme in this file: scheme NAME \"label\" for \"%s\" { … }",
                 *r->code ? r->code : "STANDARD");
    if (!scheme)
        return false;
    if (strcmp(scheme->name.s, "base") == 0) {
        eri_ck_error(&c, scheme->name.span, "'base' names the rules' own points; call this scheme something else");
        return false;
    }
    return check_scheme(&c, scheme, s) && c.errors == 0;
}
