/* check.c — from the syntax tree to the checked rule set (SQLite's
 * resolve.c role): names and ids are resolved, types checked, points
 * added up, tiers and levels ordered, cycles and unused facts found.
 * Every problem is reported; the rule set is usable only without errors. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- reporting ---------------------------------------------------------- */

void ck_error(checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_ERROR, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
    c->errors++;
}

void ck_warning(checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_WARNING, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
}

void ck_note(checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_NOTE, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
}

/* did-you-mean: the closest of candidates to name, or NULL */
typedef struct {
    const char *name;
    size_t len, best_dist;
    const char *best;
} suggest;

static suggest suggest_start(const char *name, size_t len)
{
    size_t max = len / 3 > 2 ? len / 3 : 2;
    return (suggest){name, len, max + 1, NULL};
}

static void suggest_try(suggest *s, const char *cand)
{
    if (!cand)
        return;
    size_t dist = eri_edit_distance(s->name, s->len, cand, strlen(cand), s->best_dist - 1);
    if (dist < s->best_dist) {
        s->best_dist = dist;
        s->best = cand;
    }
}

static const char *type_name(eri_type t)
{
    static const char *const names[] = {"an erroneous value", "a yes/no value", "a number", "a sample",
                                        "text", "a date", "an enumeration value", "an indicator id"};
    return names[t];
}

char *ck_fmt_num(char *buf, size_t cap, eri_num n)
{
    eri_num_format(n, 0, 6, buf, cap, NULL);
    return buf;
}

/* ---- pass 1: collect declarations -------------------------------------- */

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

static void collect_standard(checker *c, const eri_decl *d)
{
    er_rules *r = c->r;
    if (r->code) {
        ck_error(c, d->head, "a rules file describes one standard; this is a second 'standard'");
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
            suggest s = suggest_start(m->name.s, m->name.len);
            for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++)
                suggest_try(&s, meta_keys[i]);
            if (s.best)
                ck_warning(c, m->name.span, "unknown metadata '%s'; did you mean '%s'?", m->name.s, s.best);
            else
                ck_warning(c, m->name.span, "unknown metadata '%s'", m->name.s);
        }
        for (uint32_t i = 0; i < r->nmeta; i++)
            if (strcmp(r->meta[i].key, m->name.s) == 0)
                ck_error(c, m->name.span, "metadata '%s' is given twice", m->name.s);
        bool is_date_key = strcmp(m->name.s, "issued") == 0 || strcmp(m->name.s, "effective") == 0;
        if (is_date_key && m->a->kind != ERI_EX_DATE)
            ck_error(c, m->a->span, "'%s' is a date (YYYY-MM-DD)", m->name.s);
        else if (!is_date_key && m->a->kind != ERI_EX_STR && known)
            ck_error(c, m->a->span, "'%s' is text: put it in \"quotes\"", m->name.s);
        const char *value = m->a->str.s ? m->a->str.s : "";
        if (m->a->kind == ERI_EX_BOOL)
            value = m->a->op ? "yes" : "no";
        r->meta[r->nmeta++] = (eri_meta){m->name.s, value};
        if (strcmp(m->name.s, "title") == 0)
            r->title = value;
    }
}

static bool literal_fits(checker *c, eri_fact *f, const eri_expr *e, eri_value *out, const char *what)
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
                ck_error(c, e->span, "'%s' is a percentage: write the %s as one (e.g. %s%%)", f->name, what,
                      e->str.s ? e->str.s : "0");
                return false;
            }
            if (f->type != ERI_FT_PERCENT && e->percent) {
                ck_error(c, e->span, "'%s' is %s, not a percentage", f->name, eri_fact_type_names[f->type]);
                return false;
            }
            if (f->type == ERI_FT_INT && !eri_num_is_int(e->num)) {
                ck_error(c, e->span, "'%s' is a whole number (int); %s %s is not", f->name, what, e->str.s);
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
            ck_error(c, e->span, "\"%s\" is not one of the values of '%s'", e->str.s, f->name);
            return false;
        }
        break;
    case ERI_FT_COUNT_:
        break;
    }
    ck_error(c, e->span, "the %s of '%s' must be %s %s", what, f->name,
          f->type == ERI_FT_INT || f->type == ERI_FT_ENUM ? "an" : "a", eri_fact_type_names[f->type]);
    return false;
}

static int value_cmp(const eri_value *a, const eri_value *b)
{
    if (a->type == ERI_TY_DATE)
        return (a->date > b->date) - (a->date < b->date);
    return eri_num_cmp(a->num, b->num);
}

static void collect_fact(checker *c, const eri_decl *d)
{
    er_rules *r = c->r;
    eri_fact *f = &r->facts[r->nfacts];
    f->name = d->name.s;
    f->label = d->label.s ? d->label.s : "";
    f->span = d->head;
    f->name_span = d->name.span;
    if (strcmp(f->name, "subject") == 0) {
        ck_error(c, d->name.span, "'subject' is reserved: facts files name the enterprise with 'subject = \"…\"'");
        return;
    }
    int32_t dup = eri_rules_find_fact(r, f->name, d->name.len);
    if (dup >= 0) {
        ck_error(c, d->name.span, "fact '%s' is declared twice", f->name);
        ck_note(c, r->facts[dup].name_span, "first declared here");
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
            suggest s = suggest_start(d->extra.s, d->extra.len);
            for (int t = 0; t < ERI_FT_COUNT_; t++)
                suggest_try(&s, eri_fact_type_names[t]);
            hint = s.best;
        }
        if (hint)
            ck_error(c, d->extra.span, "unknown type '%s'; did you mean '%s'?", d->extra.s, hint);
        else
            ck_error(c, d->extra.span,
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
                    ck_error(c, v->name.span, "value '%s' is listed twice", v->name.s);
            f->choices[i++] = v->name.s;
        }
    }
    if (d->a || d->b) {
        bool rangeable = f->type == ERI_FT_INT || f->type == ERI_FT_DECIMAL || f->type == ERI_FT_PERCENT ||
                         f->type == ERI_FT_DATE;
        if (!rangeable)
            ck_error(c, (d->a ? d->a : d->b)->span, "a %s fact has no range", eri_fact_type_names[f->type]);
        else {
            if (d->a)
                f->has_lo = literal_fits(c, f, d->a, &f->lo, "lower bound");
            if (d->b)
                f->has_hi = literal_fits(c, f, d->b, &f->hi, "upper bound");
            if (f->has_lo && f->has_hi && value_cmp(&f->lo, &f->hi) > 0)
                ck_error(c, (eri_span){d->a->span.start, d->b->span.end}, "empty range: the lower bound is above the upper");
        }
    }
    if (d->c) {
        f->has_default = literal_fits(c, f, d->c, &f->def, "default");
        if (f->has_default && ((f->has_lo && value_cmp(&f->def, &f->lo) < 0) ||
                               (f->has_hi && value_cmp(&f->def, &f->hi) > 0)))
            ck_error(c, d->c->span, "the default of '%s' is outside its range", f->name);
    }
    r->nfacts++;
}

static void add_let(checker *c, const eri_decl *d, int32_t scope)
{
    er_rules *r = c->r;
    for (uint32_t i = 0; i < r->nlets; i++)
        if (r->lets[i].scope == scope && strcmp(r->lets[i].name, d->name.s) == 0) {
            ck_error(c, d->name.span, "'%s' is already defined here", d->name.s);
            ck_note(c, r->lets[i].span, "first defined here");
            return;
        }
    r->lets[r->nlets++] = (eri_let){d->name.s, d->a, d->name.span, scope};
}

/* an item's scoring statement among its body statements */
static const eri_decl *scoring_of(const eri_decl *body)
{
    for (; body; body = body->next)
        if (body->kind == ERI_DC_PASS || body->kind == ERI_DC_RATIO || body->kind == ERI_DC_SCORE ||
            body->kind == ERI_DC_GRADE)
            return body;
    return NULL;
}

static int32_t add_node(checker *c, const eri_decl *d, int32_t parent, int depth)
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
    if (d->a) {
        n->points_declared = true;
        n->points = d->a->num;
        if (eri_num_sign(n->points) < 0 || d->a->percent)
            ck_error(c, d->a->span, "points are a number of points, zero or more");
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
                ck_error(c, s->head, "an item cannot contain %ss; make '%s' an indicator", eri_decl_kind_names[s->kind],
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
                ck_error(c, s->span, "'%s' is given twice for %s", eri_decl_kind_names[s->kind], n->id);
            *slot = s->label.s;
            break;
        }
        case ERI_DC_EXCLUDE:
            if (n->exclude_when) {
                ck_error(c, s->span, "%s has two 'exclude when' rules; join the conditions with 'or'", n->id);
                break;
            }
            n->exclude_when = s->a;
            n->exclude_reason = s->extra.s;
            n->exclude_span = s->span;
            break;
        case ERI_DC_PASS:
        case ERI_DC_RATIO:
        case ERI_DC_SCORE:
        case ERI_DC_GRADE:
            if (!n->is_item) {
                ck_error(c, s->span, "only items score: indicator %s adds up its children (make it an 'item')",
                      n->id);
                break;
            }
            if (rule) {
                ck_error(c, s->span, "item %s has a second scoring rule", n->id);
                ck_note(c, rule->span, "the first is here");
                break;
            }
            rule = s;
            n->kind = s->kind == ERI_DC_PASS    ? ERI_SC_PASS
                      : s->kind == ERI_DC_RATIO ? ERI_SC_RATIO
                      : s->kind == ERI_DC_SCORE ? ERI_SC_EXPR
                                               : ERI_SC_GRADE;
            n->expr = s->a;
            n->rule_span = s->kind == ERI_DC_GRADE ? s->head : s->span;
            break;
        default:
            break;
        }
    }
    n = &r->nodes[idx];
    n->end = (int32_t)r->nnodes;
    if (n->is_item) {
        if (!n->points_declared)
            ck_error(c, d->head, "item %s needs its points: item %s \"…\" points N { … }", n->id, n->id);
        if (!rule)
            ck_error(c, d->head,
                  "item %s has no scoring rule; add 'pass when …', 'ratio …', 'grade … { … }' or 'score …'", n->id);
    } else if (n->nchildren == 0) {
        ck_error(c, d->head, "indicator %s has no items", n->id);
    }
    return idx;
}

/* ---- pass 2: names and types --------------------------------------------- */

static eri_type check_expr(checker *c, eri_expr *e);

static bool numeric(eri_type t) { return t == ERI_TY_NUMBER || t == ERI_TY_SAMPLE; }

/* a number is needed: say so unless it is one (or already an error) */
static void want_number(checker *c, const eri_expr *e, eri_type t, const char *where)
{
    if (numeric(t) || t == ERI_TY_ERROR)
        return;
    if (t == ERI_TY_BOOL)
        ck_error(c, e->span, "a yes/no value where a number is needed%s; write 'if … then 1 else 0' to count it",
              where);
    else
        ck_error(c, e->span, "%s where a number is needed%s", type_name(t), where);
}

static void want_bool(checker *c, const eri_expr *e, eri_type t, const char *where)
{
    if (t == ERI_TY_BOOL || t == ERI_TY_ERROR)
        return;
    ck_error(c, e->span, "%s where a condition (yes/no) is needed%s", type_name(t), where);
}

static int32_t find_let(const er_rules *r, const char *name, int32_t scope)
{
    for (;;) {
        for (uint32_t i = 0; i < r->nlets; i++)
            if (r->lets[i].scope == scope && strcmp(r->lets[i].name, name) == 0)
                return (int32_t)i;
        if (scope < 0)
            return -1;
        scope = r->nodes[scope].parent;
    }
}

static eri_type check_let(checker *c, int32_t li, eri_span use)
{
    er_rules *r = c->r;
    if (c->let_state[li] == 2)
        return (eri_type)c->let_type[li];
    if (c->let_state[li] == 1) {
        char path[512];
        size_t len = 0;
        int from = 0;
        while (from < c->let_depth && c->let_stack[from] != li)
            from++;
        for (int i = from; i < c->let_depth && len < sizeof path - 64; i++)
            len += (size_t)snprintf(path + len, sizeof path - len, "%s → ", r->lets[c->let_stack[i]].name);
        snprintf(path + len, sizeof path - len, "%s", r->lets[li].name);
        ck_error(c, use, "'%s' is defined in terms of itself: %s", r->lets[li].name, path);
        c->let_state[li] = 2;
        c->let_type[li] = ERI_TY_ERROR;
        return ERI_TY_ERROR;
    }
    if (c->let_depth >= (int)(sizeof c->let_stack / sizeof c->let_stack[0])) {
        ck_error(c, use, "named values nest too deeply");
        return ERI_TY_ERROR;
    }
    c->let_state[li] = 1;
    c->let_stack[c->let_depth++] = li;
    int32_t scope = c->scope;
    bool score_ok = c->score_ok;
    c->scope = r->lets[li].scope;
    c->score_ok = false;
    eri_type t = check_expr(c, r->lets[li].expr);
    c->scope = scope;
    c->score_ok = score_ok;
    c->let_depth--;
    if (c->let_state[li] == 1) {
        c->let_state[li] = 2;
        c->let_type[li] = (uint8_t)t;
        c->let_aux[li] = r->lets[li].expr->aux;
    }
    return (eri_type)c->let_type[li];
}

static eri_type check_name(checker *c, eri_expr *e)
{
    er_rules *r = c->r;
    int32_t li = find_let(r, e->str.s, c->scope);
    if (li >= 0) {
        e->ref_kind = ERI_REF_LET;
        e->ref = li;
        eri_type t = check_let(c, li, e->span);
        e->aux = c->let_aux[li];
        return t;
    }
    int32_t fi = eri_rules_find_fact(r, e->str.s, e->str.len);
    if (fi >= 0) {
        eri_fact *f = &r->facts[fi];
        e->ref_kind = ERI_REF_FACT;
        e->ref = fi;
        f->uses++;
        switch (f->type) {
        case ERI_FT_BOOL: return ERI_TY_BOOL;
        case ERI_FT_SAMPLE: return ERI_TY_SAMPLE;
        case ERI_FT_TEXT: return ERI_TY_TEXT;
        case ERI_FT_DATE: return ERI_TY_DATE;
        case ERI_FT_ENUM: e->aux = fi; return ERI_TY_ENUM;
        default: return ERI_TY_NUMBER;
        }
    }
    suggest s = suggest_start(e->str.s, e->str.len);
    for (uint32_t i = 0; i < r->nfacts; i++)
        suggest_try(&s, r->facts[i].name);
    for (int32_t scope = c->scope;; scope = r->nodes[scope].parent) {
        for (uint32_t i = 0; i < r->nlets; i++)
            if (r->lets[i].scope == scope)
                suggest_try(&s, r->lets[i].name);
        if (scope < 0)
            break;
    }
    if (s.best)
        ck_error(c, e->span, "unknown name '%s'; did you mean '%s'?", e->str.s, s.best);
    else
        ck_error(c, e->span, "unknown name '%s': declare it with 'fact %s : TYPE' or 'let %s = …'", e->str.s, e->str.s,
              e->str.s);
    return ERI_TY_ERROR;
}

/* resolve the indicator id argument of earned() and its kind */
static bool resolve_id(checker *c, eri_expr *arg, const char *fn)
{
    er_rules *r = c->r;
    if (arg->kind != ERI_EX_ID && arg->kind != ERI_EX_NAME && !(arg->kind == ERI_EX_NUM && !arg->percent && !arg->a)) {
        ck_error(c, arg->span, "%s() takes an indicator id, such as %s(5.1)", fn, fn);
        return false;
    }
    int32_t ni = eri_rules_find_node(r, arg->str.s, arg->str.len);
    if (ni < 0) {
        suggest s = suggest_start(arg->str.s, arg->str.len);
        for (uint32_t i = 0; i < r->nnodes; i++)
            suggest_try(&s, r->nodes[i].id);
        if (s.best)
            ck_error(c, arg->span, "unknown indicator '%s'; did you mean '%s'?", arg->str.s, s.best);
        else
            ck_error(c, arg->span, "unknown indicator '%s'", arg->str.s);
        return false;
    }
    arg->kind = ERI_EX_ID;
    arg->ref = ni;
    arg->type = ERI_TY_ID;
    return true;
}

static eri_type check_call(checker *c, eri_expr *e)
{
    int fn = -1;
    for (int i = 0; i < ERI_FN_COUNT_; i++)
        if (strcmp(e->str.s, eri_builtin_names[i]) == 0)
            fn = i;
    unsigned nargs = 0;
    for (eri_expr *a = e->a; a; a = a->next)
        nargs++;
    if (fn < 0) {
        suggest s = suggest_start(e->str.s, e->str.len);
        for (int i = 0; i < ERI_FN_COUNT_; i++)
            suggest_try(&s, eri_builtin_names[i]);
        if (s.best)
            ck_error(c, e->str.span, "unknown function '%s'; did you mean '%s'?", e->str.s, s.best);
        else
            ck_error(c, e->str.span, "unknown function '%s'", e->str.s);
        for (eri_expr *a = e->a; a; a = a->next)
            if (a->kind != ERI_EX_ID)
                check_expr(c, a);
        return ERI_TY_ERROR;
    }
    e->ref = fn;
    unsigned lo = 1, hi = 1;
    if (fn == ERI_FN_MIN || fn == ERI_FN_MAX)
        hi = 64;
    else if (fn == ERI_FN_ROUND)
        hi = 2;
    else if (fn == ERI_FN_DAYS_BETWEEN)
        lo = hi = 2;
    if (nargs < lo || nargs > hi) {
        if (lo == hi)
            ck_error(c, e->span, "%s() takes %u argument%s, not %u", e->str.s, lo, lo == 1 ? "" : "s", nargs);
        else
            ck_error(c, e->span, "%s() takes %u to %u arguments, not %u", e->str.s, lo, hi, nargs);
        for (eri_expr *a = e->a; a; a = a->next)
            if (a->kind != ERI_EX_ID && fn < ERI_FN_EARNED)
                check_expr(c, a);
        return ERI_TY_ERROR;
    }
    switch ((eri_builtin)fn) {
    case ERI_FN_EARNED:
    case ERI_FN_APPLICABLE:
    case ERI_FN_FAILED:
    case ERI_FN_POINTS:
    case ERI_FN_EXCLUDED:
        if (!resolve_id(c, e->a, e->str.s))
            return ERI_TY_ERROR;
        return fn == ERI_FN_EXCLUDED ? ERI_TY_BOOL : ERI_TY_NUMBER;
    case ERI_FN_DAYS_BETWEEN:
        for (eri_expr *a = e->a; a; a = a->next) {
            eri_type t = check_expr(c, a);
            if (t != ERI_TY_DATE && t != ERI_TY_ERROR)
                ck_error(c, a->span, "days_between() takes two dates, not %s", type_name(t));
        }
        return ERI_TY_NUMBER;
    case ERI_FN_CONFORMING:
    case ERI_FN_SAMPLED: {
        eri_type t = check_expr(c, e->a);
        if (t != ERI_TY_SAMPLE && t != ERI_TY_ERROR)
            ck_error(c, e->a->span, "%s() takes a sample fact (such as 18/20), not %s", e->str.s, type_name(t));
        return ERI_TY_NUMBER;
    }
    case ERI_FN_ROUND:
        want_number(c, e->a, check_expr(c, e->a), " by round()");
        if (e->a->next) {
            eri_expr *q = e->a->next;
            check_expr(c, q);
            if (q->kind != ERI_EX_NUM || q->a || eri_num_sign(q->num) <= 0 || eri_num_decimals(q->num) < 0)
                ck_error(c, q->span, "round()'s second argument is a step such as 0.1, 0.5 or 1");
        }
        return ERI_TY_NUMBER;
    default:
        for (eri_expr *a = e->a; a; a = a->next)
            want_number(c, a, check_expr(c, a), "");
        return ERI_TY_NUMBER;
    }
}

/* enum == "value": the string must be one of the enum's values */
static void check_enum_literal(checker *c, const eri_expr *en, const eri_expr *lit)
{
    if (en->aux < 0 || lit->kind != ERI_EX_STR)
        return;
    const eri_fact *f = &c->r->facts[en->aux];
    for (uint32_t i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i], lit->str.s) == 0)
            return;
    suggest s = suggest_start(lit->str.s, lit->str.len);
    for (uint32_t i = 0; i < f->nchoices; i++)
        suggest_try(&s, f->choices[i]);
    if (s.best)
        ck_error(c, lit->span, "\"%s\" is not a value of '%s'; did you mean \"%s\"?", lit->str.s, f->name, s.best);
    else
        ck_error(c, lit->span, "\"%s\" is not a value of '%s'", lit->str.s, f->name);
}

/* "satisfaction >= 90" where satisfaction is a percentage */
static void percent_hint(checker *c, const eri_expr *x, const eri_expr *lit)
{
    if (x->kind != ERI_EX_NAME || x->ref_kind != ERI_REF_FACT || lit->kind != ERI_EX_NUM || lit->percent || lit->a)
        return;
    const eri_fact *f = &c->r->facts[x->ref];
    if (f->type == ERI_FT_PERCENT && eri_num_cmp(lit->num, ERI_NUM_ONE) > 0)
        ck_warning(c, lit->span, "'%s' is a percentage (92%% is 0.92) but is compared with %s; did you mean %s%%?",
                f->name, lit->str.s, lit->str.s);
}

static eri_type check_binary(checker *c, eri_expr *e)
{
    eri_type l = check_expr(c, e->a), r = check_expr(c, e->b);
    eri_op op = (eri_op)e->op;
    if (l == ERI_TY_ERROR || r == ERI_TY_ERROR)
        return op <= ERI_OP_DIV ? ERI_TY_NUMBER : ERI_TY_BOOL;
    switch (op) {
    case ERI_OP_ADD:
    case ERI_OP_SUB:
    case ERI_OP_MUL:
    case ERI_OP_DIV:
        want_number(c, e->a, l, "");
        want_number(c, e->b, r, "");
        return ERI_TY_NUMBER;
    case ERI_OP_LT:
    case ERI_OP_LE:
    case ERI_OP_GT:
    case ERI_OP_GE:
        if (l == ERI_TY_DATE && r == ERI_TY_DATE)
            return ERI_TY_BOOL;
        if (l == ERI_TY_DATE || r == ERI_TY_DATE) {
            ck_error(c, e->span, "a date can only be compared with a date");
            return ERI_TY_BOOL;
        }
        want_number(c, e->a, l, " by the comparison");
        want_number(c, e->b, r, " by the comparison");
        percent_hint(c, e->a, e->b);
        percent_hint(c, e->b, e->a);
        return ERI_TY_BOOL;
    case ERI_OP_EQ:
    case ERI_OP_NE:
        if (numeric(l) && numeric(r)) {
            percent_hint(c, e->a, e->b);
            percent_hint(c, e->b, e->a);
            return ERI_TY_BOOL;
        }
        if (l == ERI_TY_ENUM && r == ERI_TY_TEXT) {
            check_enum_literal(c, e->a, e->b);
            return ERI_TY_BOOL;
        }
        if (r == ERI_TY_ENUM && l == ERI_TY_TEXT) {
            check_enum_literal(c, e->b, e->a);
            return ERI_TY_BOOL;
        }
        if (l == r && (l != ERI_TY_ENUM || e->a->aux == e->b->aux))
            return ERI_TY_BOOL;
        ck_error(c, e->span, "cannot compare %s with %s", type_name(l), type_name(r));
        return ERI_TY_BOOL;
    case ERI_OP_AND:
    case ERI_OP_OR:
        want_bool(c, e->a, l, op == ERI_OP_AND ? " by 'and'" : " by 'or'");
        want_bool(c, e->b, r, op == ERI_OP_AND ? " by 'and'" : " by 'or'");
        return ERI_TY_BOOL;
    default:
        return ERI_TY_ERROR;
    }
}

static eri_type check_expr(checker *c, eri_expr *e)
{
    eri_type t = ERI_TY_ERROR;
    switch (e->kind) {
    case ERI_EX_NUM:
        t = ERI_TY_NUMBER;
        break;
    case ERI_EX_BOOL:
        t = e->type == ERI_TY_ERROR && e->op == 0 && e->span.end > e->span.start &&
                    c->r->src->text[e->span.start] == '('
                ? ERI_TY_ERROR /* '(' error ')' placeholder */
                : ERI_TY_BOOL;
        break;
    case ERI_EX_STR:
        t = ERI_TY_TEXT;
        break;
    case ERI_EX_DATE:
        t = ERI_TY_DATE;
        break;
    case ERI_EX_NAME:
        t = check_name(c, e);
        break;
    case ERI_EX_ID:
        ck_error(c, e->span, "an indicator id means something only inside earned(), applicable(), failed(), "
                          "points() or excluded()");
        break;
    case ERI_EX_POINTS:
        if (c->scope < 0)
            ck_error(c, e->span, "'points' means the points of the enclosing item or indicator; there is none here");
        else
            t = ERI_TY_NUMBER;
        break;
    case ERI_EX_SCORE:
        if (!c->score_ok)
            ck_error(c, e->span, "'score' is the final score: it can be used only in vetoes and rating caps");
        else
            t = ERI_TY_NUMBER;
        break;
    case ERI_EX_CALL:
        t = check_call(c, e);
        break;
    case ERI_EX_UNARY: {
        eri_type a = check_expr(c, e->a);
        if (e->op == ERI_OP_NOT) {
            want_bool(c, e->a, a, " by 'not'");
            t = ERI_TY_BOOL;
        } else {
            want_number(c, e->a, a, "");
            t = ERI_TY_NUMBER;
        }
        break;
    }
    case ERI_EX_BINARY:
        t = check_binary(c, e);
        if ((e->op == ERI_OP_EQ || e->op == ERI_OP_NE) && t == ERI_TY_BOOL)
            e->aux = e->a->type == ERI_TY_ENUM ? e->a->aux : e->b->type == ERI_TY_ENUM ? e->b->aux : -1;
        break;
    case ERI_EX_IF: {
        want_bool(c, e->a, check_expr(c, e->a), " after 'if'");
        eri_type b = check_expr(c, e->b), d = check_expr(c, e->c);
        if (b == ERI_TY_ERROR || d == ERI_TY_ERROR)
            t = ERI_TY_ERROR;
        else if (numeric(b) && numeric(d))
            t = ERI_TY_NUMBER;
        else if (b == d)
            t = b;
        else
            ck_error(c, e->span, "the branches of 'if' differ: %s after 'then', %s after 'else'", type_name(b),
                  type_name(d));
        if (t == ERI_TY_ENUM)
            e->aux = e->b->aux;
        break;
    }
    case ERI_EX_COUNT_:
        break;
    }
    e->type = (uint8_t)t;
    return t;
}

/* check e in a context; returns its type */
static eri_type check_in(checker *c, eri_expr *e, int32_t scope, bool score_ok)
{
    c->scope = scope;
    c->score_ok = score_ok;
    return check_expr(c, e);
}

/* ---- items, total, rating ------------------------------------------------- */

static void check_grade(checker *c, eri_node *n, const eri_decl *g)
{
    uint32_t count = 0;
    for (const eri_decl *t = g->body; t; t = t->next)
        count++;
    n->tiers = ERI_NEW_ARRAY(c->a, eri_tier, count ? count : 1);
    for (const eri_decl *t = g->body; t; t = t->next) {
        eri_tier tier = {(eri_op)t->op, ERI_NUM_ZERO, t->b->num, t->span};
        check_in(c, t->a, (int32_t)(n - c->r->nodes), false);
        bool constant = t->a->kind == ERI_EX_NUM && !t->a->a;
        if (!constant && t->a->kind == ERI_EX_UNARY && t->a->op == ERI_OP_NEG && t->a->a->kind == ERI_EX_NUM) {
            eri_num_neg(t->a->a->num, &tier.threshold);
            constant = true;
        } else if (constant)
            tier.threshold = t->a->num;
        if (!constant) {
            ck_error(c, t->a->span, "a tier's threshold is a number such as 90%% or 4.5");
            continue;
        }
        const eri_expr *subject = g->a;
        if (subject->kind == ERI_EX_NAME && subject->ref_kind == ERI_REF_FACT &&
            c->r->facts[subject->ref].type == ERI_FT_PERCENT && !t->a->percent && eri_num_cmp(tier.threshold, ERI_NUM_ONE) > 0)
            ck_warning(c, t->a->span, "'%s' is a percentage (92%% is 0.92) but this tier compares it with %s; did you "
                    "mean %s%%?", c->r->facts[subject->ref].name, t->a->str.s, t->a->str.s);
        if (eri_num_sign(tier.share) < 0 || eri_num_cmp(tier.share, ERI_NUM_ONE) > 0)
            ck_error(c, t->b->span, "a tier gives a share of the item's points, from 0 to 100%%; %s is not",
                  t->b->str.s);
        bool down = tier.op == ERI_OP_GE || tier.op == ERI_OP_GT;
        for (uint32_t j = 0; j < n->ntiers; j++) {
            const eri_tier *p = &n->tiers[j];
            bool pdown = p->op == ERI_OP_GE || p->op == ERI_OP_GT;
            if (pdown != down) {
                ck_error(c, t->span, "tiers mix '>=' and '<=' directions; grade one way");
                break;
            }
            int cmp = eri_num_cmp(p->threshold, tier.threshold);
            /* p covers tier when every value tier accepts, p accepts too */
            bool covers = down ? (p->op == ERI_OP_GE ? cmp <= 0 : (tier.op == ERI_OP_GT ? cmp <= 0 : cmp < 0))
                               : (p->op == ERI_OP_LE ? cmp >= 0 : (tier.op == ERI_OP_LT ? cmp >= 0 : cmp > 0));
            if (covers) {
                size_t plen;
                const char *ptext = eri_rules_text(c->r, p->span, &plen);
                ck_error(c, t->span, "this tier can never apply: the tier before it (%.*s) already covers it; "
                      "list tiers from the %s threshold %s", (int)plen, ptext, down ? "highest" : "lowest",
                      down ? "down" : "up");
                break;
            }
        }
        n->tiers[n->ntiers++] = tier;
    }
    n->otherwise = g->b ? g->b->num : ERI_NUM_ZERO;
    if (g->b && (eri_num_sign(n->otherwise) < 0 || eri_num_cmp(n->otherwise, ERI_NUM_ONE) > 0))
        ck_error(c, g->b->span, "'otherwise' gives a share of the item's points, from 0 to 100%%");
}

static void check_item_rule(checker *c, int32_t ni, const eri_decl *body)
{
    eri_node *n = &c->r->nodes[ni];
    char b1[64], b2[64];
    const eri_decl *rule = scoring_of(body);
    if (!rule || !n->expr)
        return;
    eri_type t = check_in(c, n->expr, ni, false);
    switch (n->kind) {
    case ERI_SC_PASS:
        want_bool(c, n->expr, t, " after 'pass when'");
        break;
    case ERI_SC_RATIO: {
        want_number(c, n->expr, t, " by 'ratio'");
        bounds b = ck_bounds(c, n->expr, 0);
        if ((b.has_lo && eri_num_cmp(b.lo, ERI_NUM_ONE) > 0) || (b.has_hi && eri_num_sign(b.hi) < 0))
            ck_error(c, n->expr->span, "this ratio is always outside 0..1, so item %s always scores %s", n->id,
                  b.has_hi && eri_num_sign(b.hi) < 0 ? "0" : "full points");
        else if (b.has_hi && eri_num_cmp(b.hi, ERI_NUM_ONE) > 0)
            ck_error(c, n->expr->span, "this ratio can reach %s, above 1: item %s would score more than its points; "
                  "write min(1, …) if that is meant", ck_fmt_num(b1, sizeof b1, b.hi), n->id);
        break;
    }
    case ERI_SC_EXPR: {
        want_number(c, n->expr, t, " by 'score'");
        bounds b = ck_bounds(c, n->expr, 0);
        if (b.has_hi && eri_num_cmp(b.hi, n->points) > 0)
            ck_error(c, n->expr->span, "item %s can score up to %s, more than its %s points; write min(points, …) "
                  "if that is meant", n->id, ck_fmt_num(b1, sizeof b1, b.hi), ck_fmt_num(b2, sizeof b2, n->points));
        else if (b.has_hi && eri_num_sign(b.hi) < 0)
            ck_error(c, n->expr->span, "item %s always scores below zero", n->id);
        break;
    }
    case ERI_SC_GRADE:
        want_number(c, n->expr, t, " by 'grade'");
        check_grade(c, n, rule);
        break;
    case ERI_SC_NONE:
        break;
    }
}

static void sum_points(checker *c)
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
            ck_error(c, n->head, "the points under %s are too large to add up", n->id);
            continue;
        }
        if (n->points_declared && n->nchildren && !eri_num_eq(sum, n->points)) {
            ck_error(c, n->head, "the children of %s add up to %s points, but it declares %s", n->id,
                  ck_fmt_num(b1, sizeof b1, sum), ck_fmt_num(b2, sizeof b2, n->points));
            for (uint32_t k = 0; k < n->nchildren; k++) {
                const eri_node *ch = &r->nodes[n->children[k]];
                ck_note(c, ch->head, "%s: %s points", ch->id, ck_fmt_num(b1, sizeof b1, ch->points));
            }
        } else if (!n->points_declared)
            n->points = sum;
    }
}

static void check_total(checker *c, const eri_decl *t, const eri_decl **seen)
{
    er_rules *r = c->r;
    if (*seen) {
        ck_error(c, t->head, "a second 'total' block");
        ck_note(c, (*seen)->head, "the first is here");
        return;
    }
    *seen = t;
    uint32_t n = 0;
    for (const eri_decl *s = t->body; s; s = s->next)
        n += s->kind == ERI_DC_DEDUCT || s->kind == ERI_DC_BONUS;
    r->adjusts = ERI_NEW_ARRAY(c->a, eri_adjust, n ? n : 1);
    bool normalize_seen = false, round_seen = false;
    for (const eri_decl *s = t->body; s; s = s->next) {
        switch (s->kind) {
        case ERI_DC_NORMALIZE:
            if (normalize_seen)
                ck_error(c, s->span, "'normalize' is given twice");
            normalize_seen = true;
            r->normalize = true;
            r->scale = s->a->num;
            if (eri_num_sign(r->scale) <= 0 || s->a->percent)
                ck_error(c, s->a->span, "normalize to a positive number of points, such as 100");
            break;
        case ERI_DC_ROUND: {
            if (round_seen)
                ck_error(c, s->span, "'round' is given twice");
            round_seen = true;
            bool found = false;
            for (int i = 0; i < ERI_ROUND_MODES; i++)
                if (strcmp(s->name.s, eri_round_mode_names[i]) == 0) {
                    r->round_mode = (eri_round_mode)i;
                    found = true;
                }
            if (!found) {
                suggest sg = suggest_start(s->name.s, s->name.len);
                for (int i = 0; i < ERI_ROUND_MODES; i++)
                    suggest_try(&sg, eri_round_mode_names[i]);
                ck_error(c, s->name.span, "unknown rounding '%s'%s%s%s (half_up, half_even, half_down, up, down, floor, "
                      "ceiling)", s->name.s, sg.best ? "; did you mean '" : "", sg.best ? sg.best : "",
                      sg.best ? "'?" : "");
            }
            r->round = true;
            r->quantum = s->a->num;
            r->score_decimals = eri_num_decimals(r->quantum);
            if (eri_num_sign(r->quantum) <= 0 || s->a->percent || r->score_decimals < 0)
                ck_error(c, s->a->span, "round to a step such as 0.1, 0.5 or 1");
            break;
        }
        case ERI_DC_DEDUCT:
        case ERI_DC_BONUS: {
            eri_adjust *adj = &r->adjusts[r->nadjusts++];
            *adj = (eri_adjust){s->kind == ERI_DC_BONUS, s->label.s, s->a, s->b, s->span, {NULL, 0}};
            want_number(c, s->a, check_in(c, s->a, -1, false), "");
            if (s->b) {
                want_number(c, s->b, check_in(c, s->b, -1, false), " by 'cap'");
                bounds b = ck_bounds(c, s->b, 0);
                if (b.has_hi && eri_num_sign(b.hi) < 0)
                    ck_error(c, s->b->span, "a cap below zero");
            }
            break;
        }
        default:
            break;
        }
    }
    if (!round_seen)
        r->score_decimals = -1;
}

static int32_t find_level(const er_rules *r, const char *label)
{
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (strcmp(r->levels[i].label, label) == 0)
            return (int32_t)i;
    return -1;
}

/* the highest score the total can produce, when known */
static bool max_score(checker *c, eri_num *out)
{
    er_rules *r = c->r;
    eri_num top = ERI_NUM_ZERO;
    if (r->normalize)
        top = r->scale;
    else
        for (uint32_t i = 0; i < r->nroots; i++)
            if (eri_num_add(top, r->nodes[r->roots[i]].points, &top) != ERI_NUM_OK)
                return false;
    for (uint32_t i = 0; i < r->nadjusts; i++) {
        const eri_adjust *a = &r->adjusts[i];
        bounds b = ck_bounds(c, a->expr, 0);
        if (a->bonus) {
            if (a->cap) {
                bounds cb = ck_bounds(c, a->cap, 0);
                if (cb.has_hi && (!b.has_hi || eri_num_cmp(cb.hi, b.hi) < 0))
                    b.hi = cb.hi, b.has_hi = true;
            }
            if (!b.has_hi || eri_num_add(top, b.hi, &top) != ERI_NUM_OK)
                return false;
        } else if (!b.has_lo || eri_num_sub(top, b.lo, &top) != ERI_NUM_OK) { /* a negative deduction adds */
            return false;
        }
    }
    *out = top;
    return true;
}

static void check_rating(checker *c, const eri_decl *rt, const eri_decl **seen)
{
    er_rules *r = c->r;
    char b1[64], b2[64];
    if (*seen) {
        ck_error(c, rt->head, "a second 'rating' block");
        ck_note(c, (*seen)->head, "the first is here");
        return;
    }
    *seen = rt;
    uint32_t nl = 0, nc = 0;
    for (const eri_decl *s = rt->body; s; s = s->next) {
        nl += s->kind == ERI_DC_LEVEL;
        nc += s->kind == ERI_DC_CAP;
    }
    r->levels = ERI_NEW_ARRAY(c->a, eri_level, nl ? nl : 1);
    r->caps = ERI_NEW_ARRAY(c->a, eri_cap, nc ? nc : 1);
    eri_num top;
    bool top_known = max_score(c, &top);
    for (const eri_decl *s = rt->body; s; s = s->next) {
        if (s->kind == ERI_DC_LEVEL) {
            eri_level lv = {s->label.s, s->a->num, s->span};
            if (find_level(r, lv.label) >= 0) {
                ck_error(c, s->label.span, "level \"%s\" is listed twice", lv.label);
                continue;
            }
            if (s->a->percent)
                ck_error(c, s->a->span, "a level's threshold is a score, not a percentage");
            if (r->nlevels > 0) {
                const eri_level *p = &r->levels[r->nlevels - 1];
                if (eri_num_cmp(lv.threshold, p->threshold) >= 0)
                    ck_error(c, s->span, "level \"%s\" at %s can never be reached: \"%s\" at %s comes first; list "
                          "levels from the highest threshold down", lv.label, ck_fmt_num(b1, sizeof b1, lv.threshold),
                          p->label, ck_fmt_num(b2, sizeof b2, p->threshold));
            }
            if (top_known && eri_num_cmp(lv.threshold, top) > 0)
                ck_error(c, s->span, "level \"%s\" needs %s, but the score can be at most %s", lv.label,
                      ck_fmt_num(b1, sizeof b1, lv.threshold), ck_fmt_num(b2, sizeof b2, top));
            r->levels[r->nlevels++] = lv;
        } else if (s->kind == ERI_DC_OTHERWISE) {
            if (r->unrated_label)
                ck_error(c, s->span, "'otherwise' is given twice");
            r->unrated_label = s->label.s;
        }
    }
    for (const eri_decl *s = rt->body; s; s = s->next) {
        if (s->kind != ERI_DC_CAP)
            continue;
        int32_t li = find_level(r, s->label.s);
        if (li < 0) {
            suggest sg = suggest_start(s->label.s, s->label.len);
            for (uint32_t i = 0; i < r->nlevels; i++)
                suggest_try(&sg, r->levels[i].label);
            if (sg.best)
                ck_error(c, s->label.span, "unknown level \"%s\"; did you mean \"%s\"?", s->label.s, sg.best);
            else
                ck_error(c, s->label.span, "unknown level \"%s\": caps name one of the levels above", s->label.s);
        }
        want_bool(c, s->a, check_in(c, s->a, -1, true), " after 'unless'");
        r->caps[r->ncaps++] = (eri_cap){li, s->a, s->extra.s, s->span, {NULL, 0}};
    }
}

/* ---- dependencies between nodes (earned(…) and friends) ------------------ */

typedef struct {
    int32_t *list;
    uint32_t n, cap;
} idlist;

/* the nodes whose results e reads (earned(5.1) …), through named values too */
static void refs_of(checker *c, const eri_expr *e, idlist *out, uint8_t *let_seen)
{
    if (!e)
        return;
    if (e->kind == ERI_EX_CALL) {
        if (e->ref >= ERI_FN_EARNED && e->a && e->a->kind == ERI_EX_ID && e->a->ref >= 0) {
            if (out->n < out->cap)
                out->list[out->n++] = e->a->ref;
            return;
        }
        for (const eri_expr *arg = e->a; arg; arg = arg->next)
            refs_of(c, arg, out, let_seen);
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

static bool visit(checker *c, int32_t ni, uint8_t *color, idlist *scratch, uint8_t *let_seen, int32_t *via)
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
                    ck_error(c, n->head, "%s depends on its own result through %s", n->id, x->id);
                }
                scratch->n -= refs.n;
                return false;
            }
    }
    scratch->n -= refs.n;
    color[ni] = 2;
    return true;
}

static void check_cycles(checker *c)
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
static void gather(checker *c, const eri_expr *e)
{
    if (!e)
        return;
    if (e->kind == ERI_EX_CALL) {
        for (const eri_expr *arg = e->a; arg; arg = arg->next)
            gather(c, arg);
        return;
    }
    if (e->kind == ERI_EX_NAME && e->ref >= 0) {
        if (e->ref_kind == ERI_REF_FACT && !c->fact_mark[e->ref]) {
            c->fact_mark[e->ref] = 1;
            c->fact_buf[c->nbuf++] = e->ref;
        } else if (e->ref_kind == ERI_REF_LET && !c->let_mark[e->ref]) {
            c->let_mark[e->ref] = 1;
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

static eri_factset factset(checker *c, const eri_expr *e1, const eri_expr *e2)
{
    c->nbuf = 0;
    memset(c->fact_mark, 0, c->r->nfacts + 1);
    memset(c->let_mark, 0, c->r->nlets + 1);
    gather(c, e1);
    gather(c, e2);
    eri_factset fs = {ERI_NEW_ARRAY(c->a, int32_t, c->nbuf ? c->nbuf : 1), c->nbuf};
    memcpy(fs.idx, c->fact_buf, sizeof(int32_t) * c->nbuf);
    qsort(fs.idx, fs.n, sizeof(int32_t), cmp_i32);
    return fs;
}

static void build_factsets(checker *c)
{
    er_rules *r = c->r;
    c->fact_mark = eri_arena_alloc(c->a, r->nfacts + 1);
    c->let_mark = eri_arena_alloc(c->a, r->nlets + 1);
    c->fact_buf = ERI_NEW_ARRAY(c->a, int32_t, r->nfacts + 1);
    for (uint32_t i = 0; i < r->nnodes; i++)
    {
        r->nodes[i].exclude_facts = factset(c, r->nodes[i].exclude_when, NULL);
        r->nodes[i].facts = factset(c, r->nodes[i].expr, NULL);
        /* the named values that rule went through, from the marks gather() left */
        uint32_t n = 0;
        for (uint32_t l = 0; l < r->nlets; l++)
            n += c->let_mark[l];
        r->nodes[i].lets.idx = ERI_NEW_ARRAY(c->a, int32_t, n ? n : 1);
        for (uint32_t l = 0; l < r->nlets; l++)
            if (c->let_mark[l])
                r->nodes[i].lets.idx[r->nodes[i].lets.n++] = (int32_t)l;
    }
    for (uint32_t i = 0; i < r->nvetoes; i++)
        r->vetoes[i].facts = factset(c, r->vetoes[i].cond, NULL);
    for (uint32_t i = 0; i < r->nadjusts; i++)
        r->adjusts[i].facts = factset(c, r->adjusts[i].expr, r->adjusts[i].cap);
    for (uint32_t i = 0; i < r->ncaps; i++)
        r->caps[i].facts = factset(c, r->caps[i].cond, NULL);
}

/* ---- driver --------------------------------------------------------------- */

bool eri_check(er_rules *r, er_diag *d)
{
    checker c = {.r = r, .d = d, .a = r->arena, .scope = -1};
    uint32_t nfacts = 0, nlets = 0, nnodes = 0;
    count_decls(r->ast, &nfacts, &nlets, &nnodes);
    r->facts = ERI_NEW_ARRAY(c.a, eri_fact, nfacts + 1);
    r->lets = ERI_NEW_ARRAY(c.a, eri_let, nlets + 1);
    r->nodes = ERI_NEW_ARRAY(c.a, eri_node, nnodes + 1);
    r->roots = ERI_NEW_ARRAY(c.a, int32_t, nnodes + 1);
    uint32_t nvetoes = 0;
    for (const eri_decl *dc = r->ast; dc; dc = dc->next)
        nvetoes += dc->kind == ERI_DC_VETO;
    r->vetoes = ERI_NEW_ARRAY(c.a, eri_veto, nvetoes + 1);
    r->code = NULL;
    r->score_decimals = -1;

    /* declarations first, so that uses may come before them */
    for (const eri_decl *dc = r->ast; dc; dc = dc->next) {
        if (dc->kind == ERI_DC_STANDARD)
            collect_standard(&c, dc);
        else if (dc->kind == ERI_DC_FACT)
            collect_fact(&c, dc);
        else if (dc->kind == ERI_DC_LET)
            add_let(&c, dc, -1);
        else if (dc->kind == ERI_DC_INDICATOR || dc->kind == ERI_DC_ITEM)
            r->roots[r->nroots++] = add_node(&c, dc, -1, 0);
    }
    /* node ids are unique */
    for (uint32_t i = 0; i < r->nnodes; i++) {
        int32_t first = eri_rules_find_node(r, r->nodes[i].id, strlen(r->nodes[i].id));
        if (first >= 0 && (uint32_t)first != i) {
            ck_error(&c, r->nodes[i].head, "indicator id %s is used twice", r->nodes[i].id);
            ck_note(&c, r->nodes[first].head, "first used here");
        }
    }
    sum_points(&c);

    c.let_state = eri_arena_alloc(c.a, r->nlets + 1);
    c.let_type = eri_arena_alloc(c.a, r->nlets + 1);
    c.let_aux = ERI_NEW_ARRAY(c.a, int32_t, r->nlets + 1);
    for (uint32_t i = 0; i < r->nlets; i++) {
        c.scope = r->lets[i].scope;
        c.score_ok = false;
        check_let(&c, (int32_t)i, r->lets[i].span);
    }
    for (uint32_t i = 0; i < r->nnodes; i++) {
        eri_node *n = &r->nodes[i];
        if (n->exclude_when)
            want_bool(&c, n->exclude_when, check_in(&c, n->exclude_when, (int32_t)i, false), " after 'exclude when'");
    }
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (r->nodes[i].is_item)
            check_item_rule(&c, (int32_t)i, r->nodes[i].decl->body);
    const eri_decl *total = NULL, *rating = NULL;
    for (const eri_decl *dc = r->ast; dc; dc = dc->next)
        if (dc->kind == ERI_DC_TOTAL)
            check_total(&c, dc, &total);
    for (const eri_decl *dc = r->ast; dc; dc = dc->next) {
        if (dc->kind == ERI_DC_VETO) {
            want_bool(&c, dc->a, check_in(&c, dc->a, -1, true), " after 'veto … when'");
            r->vetoes[r->nvetoes++] = (eri_veto){dc->label.s, dc->a, dc->span, {NULL, 0}};
        } else if (dc->kind == ERI_DC_RATING)
            check_rating(&c, dc, &rating);
    }
    if (c.errors == 0)
        check_cycles(&c);
    if (r->nnodes > 0 && c.errors == 0) {
        bool any_item = false;
        for (uint32_t i = 0; i < r->nnodes; i++)
            any_item |= r->nodes[i].is_item;
        if (!any_item)
            ck_error(&c, r->nodes[0].head, "there are no items to score");
    }
    for (uint32_t i = 0; i < r->nfacts; i++)
        if (r->facts[i].uses == 0)
            ck_warning(&c, r->facts[i].name_span, "fact '%s' is declared but never used", r->facts[i].name);
    if (!r->code)
        r->code = "";
    if (!r->title)
        r->title = "";
    if (c.errors == 0) {
        ck_lint(&c);
        build_factsets(&c);
        ck_schemes(&c);
    }
    return c.errors == 0;
}
