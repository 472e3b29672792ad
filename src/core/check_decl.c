/* check_decl.c — the checker's first pass: what the rules file declares.
 * The standard and its metadata, facts (types, ranges, defaults), named
 * values, and the tree of indicators and items with their points, texts,
 * exclusions and scoring statements.  Declarations are collected before any
 * use is resolved, so that a use may come before its declaration.  Ids
 * must be unique; an indicator's children must add up to its points. */
#include <string.h>

#include "check.h"
#include "scoring.h"
#include "suggest.h"

static void count_decls(const eri_decl *d, uint32_t *facts, uint32_t *lets, uint32_t *nodes)
{
    for (; d; d = d->next) {
        if (d->kind == ERI_DC_FACT)
            (*facts)++;
        else if (d->kind == ERI_DC_LET)
            (*lets)++;
        else if (d->kind == ERI_DC_INDICATOR || d->kind == ERI_DC_ITEM) {
            (*nodes)++;
            count_decls(d->body, facts, lets, nodes);
        }
    }
}

static const char *const meta_keys[] = {"title",   "english",   "version", "issued", "effective",
                                        "replaces", "publisher", "note",    "text"};

/* standard -> STANDARD STRING [ '{' meta* '}' ] ;  meta -> meta_key literal */
static void collect_standard(eri_checker *c, const eri_decl *d)
{
    er_rules *r = c->r;
    if (r->code) {
        eri_ck_error(c, d->head, "a rules file describes one standard; this is a second 'standard'");
        return;
    }
    r->code = d->label.s;
    uint32_t n = 0;
    for (const eri_decl *m = d->body; m; m = m->next)
        n++;
    r->meta = ERI_NEW_ARRAY(c->a, eri_meta, n ? n : 1);
    for (const eri_decl *m = d->body; m; m = m->next) {
        bool known = false;
        for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
            known |= strcmp(m->name.s, meta_keys[i]) == 0;
        if (!known) {
            eri_suggest s = eri_suggest_start(m->name.s, m->name.len);
            for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
                eri_suggest_try(&s, meta_keys[i]);
            if (s.best)
                eri_ck_warning(c, m->name.span, "unknown metadata '%s'; did you mean '%s'?", m->name.s, s.best);
            else
                eri_ck_warning(c, m->name.span, "unknown metadata '%s'", m->name.s);
        }
        for (uint32_t i = 0; i < r->nmeta; i++)
            if (strcmp(r->meta[i].key, m->name.s) == 0)
                eri_ck_error(c, m->name.span, "metadata '%s' is given twice", m->name.s);
        bool is_date_key = strcmp(m->name.s, "issued") == 0 || strcmp(m->name.s, "effective") == 0;
        if (is_date_key && m->a->kind != ERI_EX_DATE)
            eri_ck_error(c, m->a->span, "'%s' is a date (YYYY-MM-DD)", m->name.s);
        else if (!is_date_key && m->a->kind != ERI_EX_STR && known)
            eri_ck_error(c, m->a->span, "'%s' is text: put it in \"quotes\"", m->name.s);
        const char *value = m->a->str.s ? m->a->str.s : "";
        if (m->a->kind == ERI_EX_BOOL)
            value = m->a->op ? "yes" : "no";
        r->meta[r->nmeta++] = (eri_meta){m->name.s, value};
        if (strcmp(m->name.s, "title") == 0)
            r->title = value;
    }
}

/* fact_opts -> fact_opts RANGE range_lo DOTDOT range_hi | fact_opts DEFAULT literal: one literal
 * against the fact's type; out gets its value */
static bool literal_fits(eri_checker *c, eri_fact *f, const eri_expr *e, eri_value *out, const char *what)
{
    memset(out, 0, sizeof *out);
    switch (f->type) {
    case ERI_FT_BOOL:
        if (e->kind == ERI_EX_BOOL) {
            out->type = ERI_TY_BOOL;
            out->b = e->op;
            return true;
        }
        break;
    case ERI_FT_INT:
    case ERI_FT_DECIMAL:
    case ERI_FT_PERCENT:
        if (e->kind == ERI_EX_NUM && !e->a) {
            if (f->type == ERI_FT_PERCENT && !e->percent) {
                eri_ck_error(c, e->span, "'%s' is a percentage: write the %s as one (e.g. %s%%)", f->name, what,
                      e->str.s ? e->str.s : "0");
                return false;
            }
            if (f->type != ERI_FT_PERCENT && e->percent) {
                eri_ck_error(c, e->span, "'%s' is %s, not a percentage", f->name, eri_fact_type_names[f->type]);
                return false;
            }
            if (f->type == ERI_FT_INT && !eri_num_is_int(e->num)) {
                eri_ck_error(c, e->span, "'%s' is a whole number (int); %s %s is not", f->name, what, e->str.s);
                return false;
            }
            out->type = ERI_TY_NUMBER;
            out->num = e->num;
            return true;
        }
        break;
    case ERI_FT_SAMPLE:
        if (e->kind == ERI_EX_NUM && e->a) {
            out->type = ERI_TY_SAMPLE;
            out->num = e->num;
            out->k = e->a->num.num;
            out->n = e->b->num.num;
            return true;
        }
        break;
    case ERI_FT_TEXT:
        if (e->kind == ERI_EX_STR) {
            out->type = ERI_TY_TEXT;
            out->text = e->str.s;
            return true;
        }
        break;
    case ERI_FT_DATE:
        if (e->kind == ERI_EX_DATE) {
            out->type = ERI_TY_DATE;
            out->date = e->date;
            return true;
        }
        break;
    case ERI_FT_ENUM:
        if (e->kind == ERI_EX_STR) {
            for (uint32_t i = 0; i < f->nchoices; i++)
                if (strcmp(f->choices[i], e->str.s) == 0) {
                    out->type = ERI_TY_ENUM;
                    out->choice = (int32_t)i;
                    return true;
                }
            eri_ck_error(c, e->span, "\"%s\" is not one of the values of '%s'", e->str.s, f->name);
            return false;
        }
        break;
    case ERI_FT_COUNT_:
        break;
    }
    eri_ck_error(c, e->span, "the %s of '%s' must be %s %s", what, f->name,
          f->type == ERI_FT_INT || f->type == ERI_FT_ENUM ? "an" : "a", eri_fact_type_names[f->type]);
    return false;
}

static int value_cmp(const eri_value *a, const eri_value *b)
{
    if (a->type == ERI_TY_DATE)
        return (a->date > b->date) - (a->date < b->date);
    return eri_num_cmp(a->num, b->num);
}

/* fact -> FACT IDENT ':' fact_type fact_label fact_opts
 *       | FACT IDENT ':' ENUM '{' enum_values '}' fact_label fact_opts */
static void collect_fact(eri_checker *c, const eri_decl *d)
{
    er_rules *r = c->r;
    eri_fact *f = &r->facts[r->nfacts];
    f->name = d->name.s;
    f->label = d->label.s ? d->label.s : "";
    f->span = d->head;
    f->name_span = d->name.span;
    if (strcmp(f->name, "subject") == 0) {
        eri_ck_error(c, d->name.span, "'subject' is reserved: facts files name the enterprise with 'subject = \"…\"'");
        return;
    }
    int32_t dup = eri_rules_find_fact(r, f->name, d->name.len);
    if (dup >= 0) {
        eri_ck_error(c, d->name.span, "fact '%s' is declared twice", f->name);
        eri_ck_note(c, r->facts[dup].name_span, "first declared here");
        return;
    }
    bool typed = false;
    for (int t = 0; t < ERI_FT_COUNT_; t++)
        if (strcmp(d->extra.s, eri_fact_type_names[t]) == 0) {
            f->type = (eri_fact_type)t;
            typed = true;
        }
    if (!typed) {
        static const struct { const char *alias, *type; } aliases[] = {
            {"boolean", "bool"}, {"integer", "int"}, {"number", "decimal"}, {"percentage", "percent"},
            {"string", "text"},  {"ratio", "sample"}, {"yesno", "bool"},    {"count", "int"}};
        const char *hint = NULL;
        for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
            if (strcmp(d->extra.s, aliases[i].alias) == 0)
                hint = aliases[i].type;
        if (!hint) {
            eri_suggest s = eri_suggest_start(d->extra.s, d->extra.len);
            for (int t = 0; t < ERI_FT_COUNT_; t++)
                eri_suggest_try(&s, eri_fact_type_names[t]);
            hint = s.best;
        }
        if (hint)
            eri_ck_error(c, d->extra.span, "unknown type '%s'; did you mean '%s'?", d->extra.s, hint);
        else
            eri_ck_error(c, d->extra.span,
                  "unknown type '%s' (types: bool, int, decimal, percent, sample, text, date, enum { … })",
                  d->extra.s);
        return;
    }
    if (f->type == ERI_FT_ENUM) {
        for (const eri_decl *v = d->body; v; v = v->next)
            f->nchoices++;
        f->choices = ERI_NEW_ARRAY(c->a, const char *, f->nchoices ? f->nchoices : 1);
        uint32_t i = 0;
        for (const eri_decl *v = d->body; v; v = v->next) {
            for (uint32_t j = 0; j < i; j++)
                if (strcmp(f->choices[j], v->name.s) == 0)
                    eri_ck_error(c, v->name.span, "value '%s' is listed twice", v->name.s);
            f->choices[i++] = v->name.s;
        }
    }
    if (d->a || d->b) {
        bool rangeable = f->type == ERI_FT_INT || f->type == ERI_FT_DECIMAL || f->type == ERI_FT_PERCENT ||
                         f->type == ERI_FT_DATE;
        if (!rangeable)
            eri_ck_error(c, (d->a ? d->a : d->b)->span, "%s %s fact has no range", eri_ck_article(eri_fact_type_names[f->type]),
                         eri_fact_type_names[f->type]);
        else {
            if (d->a && d->a->kind != ERI_EX_NAME) /* a fact as a bound: fact_bounds() */
                f->has_lo = literal_fits(c, f, d->a, &f->lo, "lower bound");
            if (d->b && d->b->kind != ERI_EX_NAME)
                f->has_hi = literal_fits(c, f, d->b, &f->hi, "upper bound");
            if (f->has_lo && f->has_hi && value_cmp(&f->lo, &f->hi) > 0)
                eri_ck_error(c, (eri_span){d->a->span.start, d->b->span.end}, "empty range: the lower bound is above the upper");
        }
    }
    if (d->c) {
        f->has_default = literal_fits(c, f, d->c, &f->def, "default");
        if (f->has_default && ((f->has_lo && value_cmp(&f->def, &f->lo) < 0) ||
                               (f->has_hi && value_cmp(&f->def, &f->hi) > 0)))
            eri_ck_error(c, d->c->span, "the default of '%s' is outside its range", f->name);
    }
    eri_rules_index_fact(r, r->nfacts++);
}

/* range_lo, range_hi -> IDENT: a bound given by another fact of the same kind
 * (range ..audit.date), resolved once every fact is declared; its index or -1 */
static int32_t bound_fact(eri_checker *c, const eri_fact *f, const eri_expr *e)
{
    er_rules *r = c->r;
    int32_t i = eri_rules_find_fact(r, e->str.s, e->str.len);
    if (i < 0) {
        eri_suggest s = eri_suggest_start(e->str.s, e->str.len);
        for (uint32_t k = 0; k < r->nfacts; k++)
            eri_suggest_try(&s, r->facts[k].name);
        eri_ck_error(c, e->span, "unknown fact '%s' as a bound of '%s'%s%s%s", e->str.s, f->name,
                     s.best ? "; did you mean '" : "", s.best ? s.best : "", s.best ? "'?" : "");
        return -1;
    }
    const eri_fact *g = &r->facts[i];
    bool fnum = f->type == ERI_FT_INT || f->type == ERI_FT_DECIMAL, gnum = g->type == ERI_FT_INT || g->type == ERI_FT_DECIMAL;
    if (g == f)
        eri_ck_error(c, e->span, "'%s' cannot be a bound of its own range", f->name);
    else if (!(f->type == g->type || (fnum && gnum)))
        eri_ck_error(c, e->span, "'%s' (%s) cannot bound '%s' (%s): a bound is a fact of the same type", g->name,
                     eri_fact_type_names[g->type], f->name, eri_fact_type_names[f->type]);
    else {
        r->facts[i].uses++; /* bounding another fact is a use */
        return i;
    }
    return -1;
}

static void fact_bounds(eri_checker *c)
{
    er_rules *r = c->r;
    for (const eri_decl *d = r->ast; d; d = d->next) {
        if (d->kind != ERI_DC_FACT || !((d->a && d->a->kind == ERI_EX_NAME) || (d->b && d->b->kind == ERI_EX_NAME)))
            continue;
        int32_t fi = eri_rules_find_fact(r, d->name.s, d->name.len);
        eri_fact *f = fi >= 0 ? &r->facts[fi] : NULL;
        if (!f || f->name_span.start != d->name.span.start || f->type == ERI_FT_BOOL || f->type == ERI_FT_SAMPLE ||
            f->type == ERI_FT_TEXT || f->type == ERI_FT_ENUM)
            continue; /* not collected, or already reported: it has no range */
        if (d->a && d->a->kind == ERI_EX_NAME)
            f->lo_by_fact = (f->lo_fact = bound_fact(c, f, d->a)) >= 0;
        if (d->b && d->b->kind == ERI_EX_NAME)
            f->hi_by_fact = (f->hi_fact = bound_fact(c, f, d->b)) >= 0;
    }
}

/* let -> LET IDENT '=' expr (its type is checked by eri_ck_types) */
static void add_let(eri_checker *c, const eri_decl *d, int32_t scope)
{
    er_rules *r = c->r;
    r->lets[r->nlets] = (eri_let){d->name.s, d->a, d->name.span, scope};
    int32_t dup = eri_rules_index_let(r, r->nlets);
    if (dup >= 0) {
        eri_ck_error(c, d->name.span, "'%s' is already defined here", d->name.s);
        eri_ck_note(c, r->lets[dup].span, "first defined here");
        return;
    }
    r->nlets++;
}


/* node -> node_kind node_id strings [POINTS number_lit] '{' body '}' ;  node_kind -> INDICATOR | ITEM
 * stmt -> node | let | TEXT strings | NOTE strings | ENGLISH STRING | EXCLUDE WHEN expr because_opt
 *       | EXCLUDABLE [strings] | PASS WHEN expr | RATIO expr | SCORE expr | grade */
static int32_t add_node(eri_checker *c, const eri_decl *d, int32_t parent, int depth)
{
    er_rules *r = c->r;
    int32_t idx = (int32_t)r->nnodes++;
    eri_node *n = &r->nodes[idx];
    n->id = d->name.s;
    n->label = d->label.s;
    n->is_item = d->kind == ERI_DC_ITEM;
    n->decl = d;
    n->span = d->span;
    n->head = d->head;
    n->parent = parent;
    n->depth = depth;
    eri_rules_index_node(r, (uint32_t)idx); /* a second of this id is reported once all are in */
    n->points = ERI_NUM_ZERO; /* an item without its points (an error below) still adds up under its parent */
    if (d->a) {
        n->points_declared = true;
        n->points = d->a->num;
        if (eri_num_sign(n->points) < 0 || d->a->percent)
            eri_ck_error(c, d->a->span, "points are a number of points, zero or more");
    }
    uint32_t nchildren = 0;
    for (const eri_decl *s = d->body; s; s = s->next)
        nchildren += s->kind == ERI_DC_INDICATOR || s->kind == ERI_DC_ITEM;
    n->children = ERI_NEW_ARRAY(c->a, int32_t, nchildren ? nchildren : 1);
    const eri_decl *rule = NULL;
    for (const eri_decl *s = d->body; s; s = s->next) {
        switch (s->kind) {
        case ERI_DC_INDICATOR:
        case ERI_DC_ITEM:
            if (n->is_item) {
                eri_ck_error(c, s->head, "an item cannot contain %ss; make '%s' an indicator", eri_decl_kind_names[s->kind],
                      n->id);
                continue;
            }
            {
                int32_t child = add_node(c, s, idx, depth + 1);
                n = &r->nodes[idx];
                n->children[n->nchildren++] = child;
            }
            break;
        case ERI_DC_LET:
            add_let(c, s, idx);
            break;
        case ERI_DC_TEXT:
        case ERI_DC_NOTE:
        case ERI_DC_ENGLISH: {
            const char **slot = s->kind == ERI_DC_TEXT ? &n->text : s->kind == ERI_DC_NOTE ? &n->note : &n->english;
            if (*slot)
                eri_ck_error(c, s->span, "'%s' is given twice for %s", eri_decl_kind_names[s->kind], n->id);
            *slot = s->label.s;
            break;
        }
        case ERI_DC_EXCLUDE:
            if (n->exclude_when) {
                eri_ck_error(c, s->span, "%s has two 'exclude when' rules; join the conditions with 'or'", n->id);
                break;
            }
            n->exclude_when = s->a;
            n->exclude_reason = s->extra.s;
            n->exclude_span = s->span;
            break;
        case ERI_DC_EXCLUDABLE:
            if (n->excludable)
                eri_ck_error(c, s->span, "'excludable' is given twice for %s", n->id);
            n->excludable = true;
            n->excludable_note = s->label.s;
            n->excludable_span = s->span;
            break;
        default: {
            const eri_scoring *sk = eri_scoring_of_decl(s->kind); /* pass when, ratio, grade, score … */
            if (!sk)
                break;
            if (!n->is_item) {
                eri_ck_error(c, s->span, "only items score: indicator %s adds up its children (make it an 'item')",
                      n->id);
                break;
            }
            if (rule) {
                eri_ck_error(c, s->span, "item %s has a second scoring rule", n->id);
                eri_ck_note(c, rule->span, "the first is here");
                break;
            }
            rule = s;
            n->kind = sk->kind;
            n->expr = s->a;
            n->rule_span = s->head; /* a grade's: without its tiers */
            break;
        }
        }
    }
    n = &r->nodes[idx];
    n->end = (int32_t)r->nnodes;
    if (n->excludable && n->exclude_when)
        eri_ck_warning(c, n->excludable_span, "%s is excluded by its rule 'exclude when …'; 'excludable' also lets "
                       "an auditor exclude it when that rule does not hold", n->id);
    if (n->is_item) {
        if (!n->points_declared)
            eri_ck_error(c, d->head, "item %s needs its points: item %s \"…\" points N { … }", n->id, n->id);
        if (!rule) {
            char forms[256];
            eri_scoring_forms(forms, sizeof forms);
            eri_ck_error(c, d->head, "item %s has no scoring rule; add %s", n->id, forms);
        }
    } else if (n->nchildren == 0) {
        eri_ck_error(c, d->head, "indicator %s has no items", n->id);
    }
    return idx;
}

/* node -> INDICATOR node_id strings [POINTS number_lit] '{' body '}': its children add up to its points */
static void sum_points(eri_checker *c)
{
    er_rules *r = c->r;
    char b1[64], b2[64];
    for (int32_t i = (int32_t)r->nnodes - 1; i >= 0; i--) {
        eri_node *n = &r->nodes[i];
        if (n->is_item)
            continue;
        eri_num sum = ERI_NUM_ZERO;
        bool ok = true;
        for (uint32_t k = 0; k < n->nchildren; k++)
            if (eri_num_add(sum, r->nodes[n->children[k]].points, &sum) != ERI_NUM_OK)
                ok = false;
        if (!ok) {
            eri_ck_error(c, n->head, "out of memory adding up the points under %s", n->id);
            continue;
        }
        if (n->points_declared && n->nchildren && !eri_num_eq(sum, n->points)) {
            eri_ck_error(c, n->head, "the children of %s add up to %s point%s, but it declares %s", n->id,
                  eri_ck_fmt_num(b1, sizeof b1, sum), eri_ck_plural(sum), eri_ck_fmt_num(b2, sizeof b2, n->points));
            for (uint32_t k = 0; k < n->nchildren; k++) {
                const eri_node *ch = &r->nodes[n->children[k]];
                eri_ck_note(c, ch->head, "%s: %s point%s", ch->id, eri_ck_fmt_num(b1, sizeof b1, ch->points),
                            eri_ck_plural(ch->points));
            }
        } else if (!n->points_declared)
            n->points = sum;
    }
}


/* file -> decl* ; decl -> standard | fact | let | node | … (the declarations) */
void eri_ck_decls(eri_checker *c)
{
    er_rules *r = c->r;
    uint32_t nfacts = 0, nlets = 0, nnodes = 0;
    count_decls(r->ast, &nfacts, &nlets, &nnodes);
    r->facts = ERI_NEW_ARRAY(c->a, eri_fact, nfacts + 1);
    r->lets = ERI_NEW_ARRAY(c->a, eri_let, nlets + 1);
    r->nodes = ERI_NEW_ARRAY(c->a, eri_node, nnodes + 1);
    r->roots = ERI_NEW_ARRAY(c->a, int32_t, nnodes + 1);
    eri_index_init(&r->fact_index, c->a, nfacts);
    eri_index_init(&r->node_index, c->a, nnodes);
    eri_index_init(&r->let_index, c->a, nlets);
    r->code = NULL;
    r->score_decimals = -1;

    /* declarations first, so that uses may come before them */
    for (const eri_decl *dc = r->ast; dc; dc = dc->next) {
        if (dc->kind == ERI_DC_STANDARD)
            collect_standard(c, dc);
        else if (dc->kind == ERI_DC_FACT)
            collect_fact(c, dc);
        else if (dc->kind == ERI_DC_LET)
            add_let(c, dc, -1);
        else if (dc->kind == ERI_DC_INDICATOR || dc->kind == ERI_DC_ITEM)
            r->roots[r->nroots++] = add_node(c, dc, -1, 0);
    }
    fact_bounds(c);
    /* node ids are unique */
    for (uint32_t i = 0; i < r->nnodes; i++) {
        int32_t first = eri_rules_find_node(r, r->nodes[i].id, strlen(r->nodes[i].id));
        if ((uint32_t)first != i) { /* it is there: first >= 0 */
            eri_ck_error(c, r->nodes[i].head, "indicator id %s is used twice", r->nodes[i].id);
            eri_ck_note(c, r->nodes[first].head, "first used here");
        }
    }
    sum_points(c);
}
