/* check_expr.c — names and types of expressions (SQLite's resolve.c
 * role): a name is resolved to a named value (innermost scope first) or a
 * fact, an indicator id to its node, a call to its builtin; every operator
 * gets operands of the types it needs.  Below the passes that check rules
 * (scoring.c, check_total.c), which call eri_ck_check_in; the pass of its own,
 * eri_ck_types, checks the named values and the exclusion conditions. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "check_expr.h"
#include "suggest.h"

static eri_type check_expr(eri_checker *c, eri_expr *e);

static bool numeric(eri_type t) { return t == ERI_TY_NUMBER || t == ERI_TY_SAMPLE; }

/* a number is needed: say so unless it is one (or already an error) */
void eri_ck_want_number(eri_checker *c, const eri_expr *e, eri_type t, const char *where)
{
    if (numeric(t) || t == ERI_TY_ERROR)
        return;
    if (t == ERI_TY_BOOL)
        eri_ck_error(c, e->span, "a yes/no value where a number is needed%s; write 'if … then 1 else 0' to count it",
              where);
    else
        eri_ck_error(c, e->span, "%s where a number is needed%s", eri_ck_type_name(t), where);
}

void eri_ck_want_bool(eri_checker *c, const eri_expr *e, eri_type t, const char *where)
{
    if (t == ERI_TY_BOOL || t == ERI_TY_ERROR)
        return;
    eri_ck_error(c, e->span, "%s where a condition (yes/no) is needed%s", eri_ck_type_name(t), where);
}

static int32_t find_let(const er_rules *r, const char *name, int32_t scope)
{
    for (;;) {
        int32_t i = eri_rules_find_let(r, name, scope);
        if (i >= 0)
            return i;
        if (scope < 0)
            return -1;
        scope = r->nodes[scope].parent;
    }
}

/* nesting beyond ERI_MAX_EVAL_DEPTH: said once per rule or named value */
static void too_deep(eri_checker *c, eri_span at)
{
    if (c->nest_said)
        return;
    c->nest_said = true;
    eri_ck_error(c, (eri_span){at.start, at.start + 1},
                 "this expression nests too deeply with the named values it uses, one inside another: "
                 "at most %d levels", ERI_MAX_EVAL_DEPTH);
}

/* let -> LET IDENT '=' expr: its type, checked once, on first use or in order */
static eri_type check_let(eri_checker *c, int32_t li, eri_span use)
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
        eri_ck_error(c, use, "'%s' is defined in terms of itself: %s", r->lets[li].name, path);
        c->let_state[li] = 2;
        c->let_type[li] = ERI_TY_ERROR;
        return ERI_TY_ERROR;
    }
    if (c->let_depth >= (int)(sizeof c->let_stack / sizeof c->let_stack[0])) {
        too_deep(c, use);
        return ERI_TY_ERROR;
    }
    c->let_state[li] = 1;
    c->let_stack[c->let_depth++] = li;
    int32_t scope = c->scope;
    bool score_ok = c->score_ok;
    int base = c->nest, reach = c->reach;
    c->reach = c->nest;
    c->scope = r->lets[li].scope;
    c->score_ok = false;
    eri_type t = check_expr(c, r->lets[li].expr);
    c->scope = scope;
    c->score_ok = score_ok;
    c->let_reach[li] = (uint16_t)(c->reach - base);
    if (c->nest_said) { /* too deep, said: uses of it are not said again */
        t = ERI_TY_ERROR;
        c->let_reach[li] = 0;
    }
    if (reach > c->reach)
        c->reach = reach;
    c->let_depth--;
    if (c->let_state[li] == 1) {
        c->let_state[li] = 2;
        c->let_type[li] = (uint8_t)t;
        c->let_aux[li] = r->lets[li].expr->aux;
    }
    return (eri_type)c->let_type[li];
}

/* primary -> IDENT: a named value (innermost scope first) or a fact */
static eri_type check_name(eri_checker *c, eri_expr *e)
{
    er_rules *r = c->r;
    int32_t li = find_let(r, e->str.s, c->scope);
    if (li >= 0) {
        e->ref_kind = ERI_REF_LET;
        e->ref = li;
        eri_type t = check_let(c, li, e->span);
        e->aux = c->let_aux[li];
        int deep = c->nest + c->let_reach[li]; /* evaluating it goes this deep */
        if (deep > c->reach)
            c->reach = deep;
        if (deep > ERI_MAX_EVAL_DEPTH) {
            too_deep(c, e->span);
            return ERI_TY_ERROR;
        }
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
    eri_suggest s = eri_suggest_start(e->str.s, e->str.len);
    for (uint32_t i = 0; i < r->nfacts && !eri_diag_quiet(c->d); i++) /* no hint when it is not shown */
        eri_suggest_try(&s, r->facts[i].name);
    for (int32_t scope = c->scope; !eri_diag_quiet(c->d); scope = r->nodes[scope].parent) {
        for (uint32_t i = 0; i < r->nlets; i++)
            if (r->lets[i].scope == scope)
                eri_suggest_try(&s, r->lets[i].name);
        if (scope < 0)
            break;
    }
    if (s.best)
        eri_ck_error(c, e->span, "unknown name '%s'; did you mean '%s'?", e->str.s, s.best);
    else
        eri_ck_error(c, e->span, "unknown name '%s': declare it with 'fact %s : TYPE' or 'let %s = …'", e->str.s, e->str.s,
              e->str.s);
    return ERI_TY_ERROR;
}

/* resolve the indicator id argument of earned() and its kind */
/* primary -> CLAUSE (or a NUMBER or IDENT read as one), inside earned(…) and friends */
static bool resolve_id(eri_checker *c, eri_expr *arg, const char *fn)
{
    er_rules *r = c->r;
    if (arg->kind != ERI_EX_ID && arg->kind != ERI_EX_NAME && !(arg->kind == ERI_EX_NUM && !arg->percent)) {
        eri_ck_error(c, arg->span, "%s() takes an indicator id, such as %s(5.1)", fn, fn);
        return false;
    }
    int32_t ni = eri_rules_find_node(r, arg->str.s, arg->str.len);
    if (ni < 0) {
        eri_suggest s = eri_suggest_start(arg->str.s, arg->str.len);
        for (uint32_t i = 0; i < r->nnodes && !eri_diag_quiet(c->d); i++)
            eri_suggest_try(&s, r->nodes[i].id);
        if (s.best)
            eri_ck_error(c, arg->span, "unknown indicator '%s'; did you mean '%s'?", arg->str.s, s.best);
        else
            eri_ck_error(c, arg->span, "unknown indicator '%s'", arg->str.s);
        return false;
    }
    arg->kind = ERI_EX_ID;
    arg->ref = ni;
    arg->type = ERI_TY_ID;
    return true;
}

/* primary -> IDENT '(' args ')' | ROUND '(' args ')' | POINTS '(' args ')' */
static eri_type check_call(eri_checker *c, eri_expr *e)
{
    int fn = -1;
    for (int i = 0; i < ERI_FN_COUNT_; i++)
        if (strcmp(e->str.s, eri_builtin_names[i]) == 0)
            fn = i;
    unsigned nargs = 0;
    for (eri_expr *a = e->a; a; a = a->next)
        nargs++;
    if (fn < 0) {
        eri_suggest s = eri_suggest_start(e->str.s, e->str.len);
        for (int i = 0; i < ERI_FN_COUNT_; i++)
            eri_suggest_try(&s, eri_builtin_names[i]);
        if (s.best)
            eri_ck_error(c, e->str.span, "unknown function '%s'; did you mean '%s'?", e->str.s, s.best);
        else
            eri_ck_error(c, e->str.span, "unknown function '%s'", e->str.s);
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
    else if (fn == ERI_FN_DAYS_BETWEEN || fn == ERI_FN_MONTHS_BETWEEN || fn == ERI_FN_YEARS_BETWEEN)
        lo = hi = 2;
    if (nargs < lo || nargs > hi) {
        if (lo == hi)
            eri_ck_error(c, e->span, "%s() takes %u argument%s, not %u", e->str.s, lo, lo == 1 ? "" : "s", nargs);
        else
            eri_ck_error(c, e->span, "%s() takes %u to %u arguments, not %u", e->str.s, lo, hi, nargs);
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
    case ERI_FN_MONTHS_BETWEEN:
    case ERI_FN_YEARS_BETWEEN:
        for (eri_expr *a = e->a; a; a = a->next) {
            eri_type t = check_expr(c, a);
            if (t != ERI_TY_DATE && t != ERI_TY_ERROR)
                eri_ck_error(c, a->span, "%s() takes two dates, not %s", e->str.s, eri_ck_type_name(t));
        }
        return ERI_TY_NUMBER;
    case ERI_FN_CONFORMING:
    case ERI_FN_SAMPLED: {
        eri_type t = check_expr(c, e->a);
        if (t != ERI_TY_SAMPLE && t != ERI_TY_ERROR)
            eri_ck_error(c, e->a->span, "%s() takes a sample fact (such as 18/20), not %s", e->str.s, eri_ck_type_name(t));
        return ERI_TY_NUMBER;
    }
    case ERI_FN_ROUND:
        eri_ck_want_number(c, e->a, check_expr(c, e->a), " by round()");
        if (e->a->next) {
            eri_expr *q = e->a->next;
            check_expr(c, q);
            if (q->kind != ERI_EX_NUM || eri_num_sign(q->num) <= 0) /* a literal: a decimal, no sample (fact defaults only) */
                eri_ck_error(c, q->span, "round()'s second argument is a step such as 0.1, 0.5 or 1");
        }
        return ERI_TY_NUMBER;
    default:
        for (eri_expr *a = e->a; a; a = a->next)
            eri_ck_want_number(c, a, check_expr(c, a), "");
        return ERI_TY_NUMBER;
    }
}

/* enum == "value": the string must be one of the enum's values */
static void check_enum_literal(eri_checker *c, const eri_expr *en, const eri_expr *lit)
{
    if (en->aux < 0 || lit->kind != ERI_EX_STR)
        return;
    const eri_fact *f = &c->r->facts[en->aux];
    for (uint32_t i = 0; i < f->nchoices; i++)
        if (strcmp(f->choices[i], lit->str.s) == 0)
            return;
    eri_suggest s = eri_suggest_start(lit->str.s, lit->str.len);
    for (uint32_t i = 0; i < f->nchoices; i++)
        eri_suggest_try(&s, f->choices[i]);
    if (s.best)
        eri_ck_error(c, lit->span, "\"%s\" is not a value of '%s'; did you mean \"%s\"?", lit->str.s, f->name, s.best);
    else
        eri_ck_error(c, lit->span, "\"%s\" is not a value of '%s'", lit->str.s, f->name);
}

/* What an enumeration-valued expression holds, for a message: "a value of
 * 'ch' (one of phone, web)", its values cut with "…" to fit cap. */
static const char *enum_text(const eri_checker *c, const eri_expr *x, char *buf, size_t cap)
{
    if (x->aux < 0) {
        snprintf(buf, cap, "an enumeration value");
        return buf;
    }
    const eri_fact *f = &c->r->facts[x->aux];
    size_t len = (size_t)snprintf(buf, cap, "a value of '%s' (one of ", f->name);
    for (uint32_t i = 0; i < f->nchoices && len < cap; i++) {
        size_t need = strlen(f->choices[i]) + (i ? 2 : 0);
        if (len + need + sizeof "…)" > cap) {
            len += (size_t)snprintf(buf + len, cap - len, "%s…", i ? ", " : "");
            break;
        }
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", f->choices[i]);
    }
    if (len < cap)
        snprintf(buf + len, cap - len, ")");
    return buf;
}

/* ch == mode where ch and mode hold different enumerations: both named with
 * their values, and what can be compared */
static void enum_mismatch(eri_checker *c, const eri_expr *e)
{
    char a[160], b[160], hint[160] = "";
    const eri_expr *named = e->a->aux >= 0 ? e->a : e->b->aux >= 0 ? e->b : NULL;
    if (named && c->r->facts[named->aux].nchoices > 0) {
        const eri_fact *f = &c->r->facts[named->aux];
        snprintf(hint, sizeof hint, "; an enumeration is compared with one of its own values, such as %s == \"%s\"",
                 f->name, f->choices[0]);
    }
    eri_ck_error(c, e->span, "cannot compare %s with %s%s", enum_text(c, e->a, a, sizeof a),
                 enum_text(c, e->b, b, sizeof b), hint);
}

/* "satisfaction >= 90" where satisfaction is a percentage */
static void percent_hint(eri_checker *c, const eri_expr *x, const eri_expr *lit)
{
    if (x->kind != ERI_EX_NAME || x->ref_kind != ERI_REF_FACT || lit->kind != ERI_EX_NUM || lit->percent)
        return;
    const eri_fact *f = &c->r->facts[x->ref];
    if (f->type == ERI_FT_PERCENT && eri_num_cmp(lit->num, ERI_NUM_ONE) > 0)
        eri_ck_warning(c, lit->span, "'%s' is a percentage (92%% is 0.92) but is compared with %s; did you mean %s%%?",
                f->name, lit->str.s, lit->str.s);
}

/* expr -> expr ('<' | LE | '>' | GE | EQ | NE) expr (the parser makes + - * / 'and' 'or' chains: check_chain) */
static eri_type check_binary(eri_checker *c, eri_expr *e)
{
    eri_type l = check_expr(c, e->a), r = check_expr(c, e->b);
    if (l == ERI_TY_ERROR || r == ERI_TY_ERROR)
        return ERI_TY_BOOL;
    if (e->op != ERI_OP_EQ && e->op != ERI_OP_NE) { /* < <= > >= */
        if (l == ERI_TY_DATE && r == ERI_TY_DATE)
            return ERI_TY_BOOL;
        if (l == ERI_TY_DATE || r == ERI_TY_DATE) {
            eri_ck_error(c, e->span, "a date can only be compared with a date");
            return ERI_TY_BOOL;
        }
        eri_ck_want_number(c, e->a, l, " by the comparison");
        eri_ck_want_number(c, e->b, r, " by the comparison");
        percent_hint(c, e->a, e->b);
        percent_hint(c, e->b, e->a);
        return ERI_TY_BOOL;
    }
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
    if (l == ERI_TY_ENUM && r == ERI_TY_ENUM) {
        enum_mismatch(c, e);
        return ERI_TY_BOOL;
    }
    eri_ck_error(c, e->span, "cannot compare %s with %s%s", eri_ck_type_name(l), eri_ck_type_name(r), "");
    return ERI_TY_BOOL;
}

/* expr -> expr ('+' | '-') expr | expr ('*' | '/') expr | expr AND expr | expr OR expr, a run of
 * one level as one chain (ast.c): each operand checked as the right side of
 * the pair it closes, ((a + b) - c), with the same messages */
static void want(eri_checker *c, const eri_expr *chain, const eri_expr *x, eri_type t)
{
    if (chain->op == ERI_OP_AND || chain->op == ERI_OP_OR)
        eri_ck_want_bool(c, x, t, chain->op == ERI_OP_AND ? " by 'and'" : " by 'or'");
    else
        eri_ck_want_number(c, x, t, "");
}

static eri_type check_chain(eri_checker *c, eri_expr *e)
{
    eri_type result = e->op == ERI_OP_AND || e->op == ERI_OP_OR ? ERI_TY_BOOL : ERI_TY_NUMBER;
    eri_type l = check_expr(c, e->a);
    for (eri_expr *x = e->a->next; x; x = x->next) {
        eri_type r = check_expr(c, x);
        if (l != ERI_TY_ERROR && r != ERI_TY_ERROR) {
            if (x == e->a->next) /* the left side is the first operand; later, a result of the right type */
                want(c, e, e->a, l);
            want(c, e, x, r);
        }
        l = result;
    }
    return result;
}

/* expr -> … | NOT expr | '-' expr | IF expr THEN expr ELSE expr | primary
 * primary -> NUMBER | PERCENT | DATE | STRING | TRUE | FALSE | IDENT | CLAUSE | POINTS | SCORE | call | '(' expr ')' */
static eri_type check_expr(eri_checker *c, eri_expr *e)
{
    eri_type t = ERI_TY_ERROR;
    if (c->nest >= ERI_MAX_EVAL_DEPTH) {
        too_deep(c, e->span);
        e->type = ERI_TY_ERROR;
        return ERI_TY_ERROR;
    }
    if (++c->nest > c->reach)
        c->reach = c->nest;
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
        eri_ck_error(c, e->span, "an indicator id means something only inside earned(), applicable(), failed(), "
                          "points() or excluded()");
        break;
    case ERI_EX_POINTS:
        if (c->scope < 0)
            eri_ck_error(c, e->span, "'points' means the points of the enclosing item or indicator; there is none here");
        else
            t = ERI_TY_NUMBER;
        break;
    case ERI_EX_SCORE:
        if (!c->score_ok)
            eri_ck_error(c, e->span, "'score' is the final score: it can be used only in vetoes and rating caps");
        else
            t = ERI_TY_NUMBER;
        break;
    case ERI_EX_CALL:
        t = check_call(c, e);
        break;
    case ERI_EX_UNARY: {
        eri_type a = check_expr(c, e->a);
        if (e->op == ERI_OP_NOT) {
            eri_ck_want_bool(c, e->a, a, " by 'not'");
            t = ERI_TY_BOOL;
        } else {
            eri_ck_want_number(c, e->a, a, "");
            t = ERI_TY_NUMBER;
        }
        break;
    }
    case ERI_EX_BINARY:
        t = check_binary(c, e); /* a comparison: bool */
        if (e->op == ERI_OP_EQ || e->op == ERI_OP_NE)
            e->aux = e->a->type == ERI_TY_ENUM ? e->a->aux : e->b->type == ERI_TY_ENUM ? e->b->aux : -1;
        break;
    case ERI_EX_CHAIN:
        t = check_chain(c, e);
        break;
    case ERI_EX_IF: {
        eri_ck_want_bool(c, e->a, check_expr(c, e->a), " after 'if'");
        eri_type b = check_expr(c, e->b), d = check_expr(c, e->c);
        if (b == ERI_TY_ERROR || d == ERI_TY_ERROR)
            t = ERI_TY_ERROR;
        else if (numeric(b) && numeric(d))
            t = ERI_TY_NUMBER;
        else if (b == d)
            t = b;
        else
            eri_ck_error(c, e->span, "the branches of 'if' differ: %s after 'then', %s after 'else'", eri_ck_type_name(b),
                  eri_ck_type_name(d));
        if (t == ERI_TY_ENUM)
            e->aux = e->b->aux;
        break;
    }
    case ERI_EX_COUNT_:
        break;
    }
    c->nest--;
    e->type = (uint8_t)t;
    return t;
}

/* check e in a context; returns its type */
eri_type eri_ck_check_in(eri_checker *c, eri_expr *e, int32_t scope, bool score_ok)
{
    c->scope = scope;
    c->score_ok = score_ok;
    c->nest_said = false;
    return check_expr(c, e);
}

/* let -> LET IDENT '=' expr, then each item's and indicator's 'exclude when expr' */
void eri_ck_types(eri_checker *c)
{
    er_rules *r = c->r;
    c->let_state = eri_arena_alloc(c->a, r->nlets + 1);
    c->let_type = eri_arena_alloc(c->a, r->nlets + 1);
    c->let_aux = ERI_NEW_ARRAY(c->a, int32_t, r->nlets + 1);
    c->let_reach = ERI_NEW_ARRAY(c->a, uint16_t, r->nlets + 1);
    for (uint32_t i = 0; i < r->nlets; i++) {
        c->scope = r->lets[i].scope;
        c->score_ok = false;
        c->nest_said = false;
        check_let(c, (int32_t)i, r->lets[i].span);
    }
    for (uint32_t i = 0; i < r->nnodes; i++) {
        eri_node *n = &r->nodes[i];
        if (n->exclude_when)
            eri_ck_want_bool(c, n->exclude_when, eri_ck_check_in(c, n->exclude_when, (int32_t)i, false), " after 'exclude when'");
    }
}
