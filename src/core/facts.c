/* facts.c — reading an auditor's facts file, typed by the rules' declarations.
 *
 * One statement a line (UTF-8; CRLF and a missing final newline are fine):
 *   # a comment; one may also follow a value:   staff.managers = 42   # from HR
 *   subject = "某某电器有限公司"     the enterprise audited (also: subject "…"), once
 *   NAME = VALUE                    a fact declared in the rules, at most once
 *   exclude ID "reason"             indicator or item ID is not applicable; only
 *                                   a node the rules mark 'excludable', and the
 *                                   reason may not be blank
 * NAME is a declared fact name (staff.managers, f_5_1_1_1).  VALUE is read by
 * the fact's declared type:
 *   bool     yes | no | true | false
 *   int      -?[0-9]+
 *   decimal  -?[0-9]+(.[0-9]+)?
 *   percent  a decimal followed by '%'  (92.5% is exactly 37/40)
 *   sample   K/N whole numbers with N > 0 and K <= N (conforming/sampled)
 *   text     "…" with the escapes \" \\ \n \t; never spans lines
 *   date     YYYY-MM-DD, a real calendar date
 *   enum     one of the declared values, bare or quoted
 * A bare value ends at a blank or '#'.  Control characters other than tab,
 * and invalid UTF-8, are errors; a UTF-8 byte order mark at the start is
 * skipped.  A range bounded by another fact (range ..audit.date) is checked
 * once the file (or an overlay) is read, with both values known.  Every
 * error is reported (at most one per line, the first found on it) and then
 * the load fails.  Facts not given take their declared
 * default; missing facts are the evaluator's business.  The lines are split
 * by the one facts-line scanner (factline.c), shared with test files and
 * the formatter.  The values again in a compact row for the compiled plan:
 * facts_row.c.
 */
#include "facts.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "factline.h"
#include "suggest.h"

#define CLIP ERI_CLIP

typedef struct scan {
    er_facts *f;
    const er_rules *r;
    er_diag *d;
    const char *t;   /* the whole text */
    int line;
    const eri_source *src; /* the text being read: the facts file or an overlay */
    const char *file; /* its name */
    uint32_t layer;   /* 0 for the facts file, then one per overlay */
} scan;

/* Report an error at s->t[start..end); false, so callers can return it. */
__attribute__((format(printf, 4, 5))) static bool err(scan *s, uint32_t start, uint32_t end,
                                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(s->d, ERI_SEV_ERROR, s->src, start, end, fmt, ap);
    va_end(ap);
    return false;
}

/* The line's syntax error, when it was found at or before stage upto, is
 * reported (type: the fact's, for a missing value); false then. */
static bool syntax(scan *s, const eri_factline *fl, eri_fl_stage upto, const char *type)
{
    if (fl->err.code == ERI_FLE_NONE || eri_fl_stage_of(fl->err.code) > upto)
        return true;
    return eri_fl_report(s->d, s->src, &fl->err, type);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool same(const char *a, size_t alen, const char *word)
{
    return strlen(word) == alen && memcmp(a, word, alen) == 0;
}

static const char *type_name(eri_fact_type t) { return eri_fact_type_names[t]; } /* t: a checked fact's */

static eri_type value_type(eri_fact_type t)
{
    static const eri_type map[] = {ERI_TY_BOOL,   ERI_TY_NUMBER, ERI_TY_NUMBER, ERI_TY_NUMBER,
                                  ERI_TY_SAMPLE, ERI_TY_TEXT,   ERI_TY_DATE,   ERI_TY_ENUM};
    return map[t]; /* t: a checked fact's type */
}

/* "expected … for 'x' (type), found '…'" plus an optional hint; false. */
static bool wrong(scan *s, const eri_fact *fd, uint32_t vs, uint32_t ve, const char *hint)
{
    static const char *const expected[] = {
        "yes or no", "a whole number", "a number", "a percentage",
        "conforming/sampled counts like 18/20", "a quoted string", "a date YYYY-MM-DD", NULL};
    const char *what = expected[fd->type];
    if (fd->type == ERI_FT_ENUM) { /* "one of a, b, c" */
        size_t len = sizeof "one of ";
        for (uint32_t i = 0; i < fd->nchoices; i++)
            len += strlen(fd->choices[i]) + 2;
        char *list = strcpy(eri_arena_alloc(s->f->arena, len), "one of ");
        for (uint32_t i = 0; i < fd->nchoices; i++)
            strcat(strcat(list, i ? ", " : ""), fd->choices[i]);
        what = list;
    }
    return err(s, vs, ve, "expected %s for '%s' (%s), found '%.*s%s'%s", what, fd->name,
               type_name(fd->type), CLIP(s->t + vs, ve - vs), hint ? hint : "");
}

static bool too_large(scan *s, const eri_fact *fd, uint32_t vs, uint32_t ve)
{
    return err(s, vs, ve, "number too large for '%s' (%s): '%.*s%s'", fd->name,
               type_name(fd->type), CLIP(s->t + vs, ve - vs));
}

/* [0-9]+ into *out: 0 when it is, 1 when it is not digits, 2 when too large. */
static int count(const char *v, size_t len, int64_t *out)
{
    int st = len ? 0 : 1;
    *out = 0;
    for (size_t i = 0; i < len && st != 1; i++) {
        if (!is_digit(v[i]))
            st = 1;
        else if (st == 0 && *out > (INT64_MAX - (v[i] - '0')) / 10)
            st = 2;
        else if (st == 0)
            *out = *out * 10 + (v[i] - '0');
    }
    return st;
}

static bool sample(scan *s, const eri_fact *fd, uint32_t vs, uint32_t ve, eri_value *v)
{
    const char *t = s->t + vs, *slash = memchr(t, '/', ve - vs);
    if (!slash)
        return wrong(s, fd, vs, ve, NULL);
    size_t klen = (size_t)(slash - t);
    int kst = count(t, klen, &v->k), nst = count(slash + 1, ve - vs - klen - 1, &v->n);
    if (kst == 1 || nst == 1)
        return wrong(s, fd, vs, ve, NULL);
    if (kst || nst)
        return too_large(s, fd, vs, ve);
    if (v->n == 0)
        return err(s, vs, ve, "sample %" PRId64 "/0 for '%s' has nothing sampled; the second "
                   "number must be at least 1", v->k, fd->name);
    if (v->k > v->n)
        return err(s, vs, ve, "sample %" PRId64 "/%" PRId64 " has more conforming (%" PRId64
                   ") than sampled (%" PRId64 ")", v->k, v->n, v->k, v->n);
    return eri_num_make(v->k, v->n, &v->num) == ERI_NUM_OK;
}

/* The value s->t[vs..ve) (str: its unescaped text when quoted, else NULL)
 * read as fd's type into *v; false after reporting. */
static bool value(scan *s, const eri_fact *fd, uint32_t vs, uint32_t ve, const char *str,
                  size_t slen, eri_value *v)
{
    const char *t = s->t + vs;
    size_t len = ve - vs;
    eri_num_status st;
    v->type = (uint8_t)value_type(fd->type);
    if (str && fd->type != ERI_FT_TEXT && fd->type != ERI_FT_ENUM)
        return wrong(s, fd, vs, ve, NULL);
    switch (fd->type) {
    case ERI_FT_BOOL:
        v->b = same(t, len, "yes") || same(t, len, "true");
        return v->b || same(t, len, "no") || same(t, len, "false") || wrong(s, fd, vs, ve, NULL);
    case ERI_FT_INT:
    case ERI_FT_DECIMAL: { /* an int is -?[0-9]+; eri_num_parse gives the value or the overflow */
        size_t neg = len && t[0] == '-';
        int64_t whole;
        bool syntax = fd->type == ERI_FT_INT && count(t + neg, len - neg, &whole) == 1;
        st = syntax ? ERI_NUM_SYNTAX : eri_num_parse(t, len, &v->num);
        break;
    }
    case ERI_FT_PERCENT:
        if (len == 0 || t[len - 1] != '%') {
            bool number = eri_num_parse(t, len, &v->num) != ERI_NUM_SYNTAX;
            return wrong(s, fd, vs, ve, number ? "; write it as a percentage, e.g. 85%" : NULL);
        }
        st = eri_num_parse_shifted(t, len - 1, 2, &v->num);
        break;
    case ERI_FT_SAMPLE:
        return sample(s, fd, vs, ve, v);
    case ERI_FT_TEXT:
        v->text = str;
        return str || wrong(s, fd, vs, ve, NULL);
    case ERI_FT_DATE:
        if (eri_date_parse(t, len, &v->date))
            return true;
        if (len == 10 && t[4] == '-' && t[7] == '-')
            return err(s, vs, ve, "'%.*s' for '%s' is not a real calendar date", (int)len, t,
                       fd->name);
        return wrong(s, fd, vs, ve, NULL);
    case ERI_FT_ENUM: {
        const char *w = str ? str : t;
        size_t wlen = str ? slen : len;
        for (uint32_t i = 0; i < fd->nchoices; i++)
            if (same(w, wlen, fd->choices[i])) {
                v->choice = (int32_t)i;
                v->text = fd->choices[i];
                return true;
            }
        eri_suggest sg = eri_suggest_start(w, wlen);
        for (uint32_t i = 0; i < fd->nchoices; i++)
            eri_suggest_try(&sg, fd->choices[i]);
        const char *hit = sg.best;
        char hint[ERI_SHOWN + 32] = "";
        if (hit)
            snprintf(hint, sizeof hint, "; did you mean '%.*s%s'?", CLIP(hit, strlen(hit)));
        return wrong(s, fd, vs, ve, hint);
    }
    default:
        return err(s, vs, ve, "fact '%s' has an unknown type", fd->name);
    }
    if (st == ERI_NUM_OVERFLOW)
        return too_large(s, fd, vs, ve);
    return st == ERI_NUM_OK || wrong(s, fd, vs, ve, NULL);
}

/* A range bound as written in messages: "100", "95%", "2026-01-01", a fact's
 * name (by_fact), or "". */
static void bound(const er_rules *r, const eri_fact *fd, bool has, bool by_fact, int32_t bound_fact,
                  const eri_value *b, char *buf, size_t cap)
{
    if (by_fact)
        snprintf(buf, cap, "%s", r->facts[bound_fact].name);
    if (!has)
        return;
    if (fd->type == ERI_FT_DATE) {
        eri_date_format(b->date, buf);
        return;
    }
    eri_num n = b->num;
    bool pct = fd->type == ERI_FT_PERCENT && eri_num_mul(n, eri_num_int(100), &n) == ERI_NUM_OK;
    size_t k = eri_num_format(pct ? n : b->num, 0, 6, buf, cap - 1, NULL);
    if (pct && k + 1 < cap)
        strcpy(buf + k, "%");
}

static bool in_range(scan *s, const eri_fact *fd, uint32_t vs, uint32_t ve, const eri_value *v)
{
    bool low, high;
    if (fd->type == ERI_FT_DATE) {
        low = fd->has_lo && v->date < fd->lo.date;
        high = fd->has_hi && v->date > fd->hi.date;
    } else if (v->type == ERI_TY_NUMBER || v->type == ERI_TY_SAMPLE) {
        low = fd->has_lo && eri_num_cmp(v->num, fd->lo.num) < 0;
        high = fd->has_hi && eri_num_cmp(v->num, fd->hi.num) > 0;
    } else
        return true;
    if (!low && !high)
        return true;
    char lo[64] = "", hi[64] = "";
    bound(s->r, fd, fd->has_lo, fd->lo_by_fact, fd->lo_fact, &fd->lo, lo, sizeof lo);
    bound(s->r, fd, fd->has_hi, fd->hi_by_fact, fd->hi_fact, &fd->hi, hi, sizeof hi);
    return err(s, vs, ve, "value %.*s%s for '%s' is outside its range %s..%s",
               CLIP(s->t + vs, ve - vs), fd->name, lo, hi);
}

/* The source a value or an exclusion of a layer was read from. */
static const eri_source *layer_source(const er_facts *f, uint32_t layer)
{
    return layer == 0 || layer > f->noverlays ? f->src : f->overlays[layer - 1];
}

/* "line 4", "other.facts:4" or "its default": where an entry's value came from. */
static void origin(const er_facts *f, uint32_t layer, const eri_fact_entry *e, char *buf, size_t cap)
{
    if (e->defaulted || !e->line)
        snprintf(buf, cap, "its default");
    else if (e->layer == layer)
        snprintf(buf, cap, "line %d", e->line);
    else
        snprintf(buf, cap, "%s:%d", e->file ? e->file : layer_source(f, e->layer)->name, e->line);
}

/* fact_opts -> RANGE range_lo DOTDOT range_hi with a fact as a bound (range ..audit.date):
 * both values known, the bounded one must not pass the other.  Reported at
 * the bounded value (at the bounding one when the first is a default). */
static void fact_bounded_ranges(er_facts *f, er_diag *d)
{
    const er_rules *r = f->rules;
    for (uint32_t i = 0; i < r->nfacts; i++) {
        const eri_fact *fd = &r->facts[i];
        for (int hi = 0; hi < 2; hi++) {
            if (!(hi ? fd->hi_by_fact : fd->lo_by_fact))
                continue;
            int32_t j = hi ? fd->hi_fact : fd->lo_fact;
            const eri_fact_entry *e = &f->entries[i], *b = &f->entries[j];
            if (!e->present || !b->present)
                continue;
            int c = fd->type == ERI_FT_DATE ? (e->value.date > b->value.date) - (e->value.date < b->value.date)
                                            : eri_num_cmp(e->value.num, b->value.num);
            if (hi ? c <= 0 : c >= 0)
                continue;
            const eri_fact *bd = &r->facts[j];
            char v[128], w[128], lo[64] = "", up[64] = "", at[256];
            eri_fact_value_text(fd, &e->value, v, sizeof v);
            eri_fact_value_text(bd, &b->value, w, sizeof w);
            bound(r, fd, fd->has_lo, fd->lo_by_fact, fd->lo_fact, &fd->lo, lo, sizeof lo);
            bound(r, fd, fd->has_hi, fd->hi_by_fact, fd->hi_fact, &fd->hi, up, sizeof up);
            const eri_fact_entry *where = e->line ? e : b;
            origin(f, where->layer, where == e ? b : e, at, sizeof at);
            const eri_source *src = layer_source(f, where->layer);
            if (!where->line)
                eri_diag_whole(d, ERI_SEV_ERROR, f->src,
                              "the default %s of '%s' is outside its range %s..%s: '%s' is %s (its default)", v,
                              fd->name, lo, up, bd->name, w);
            else if (where == e)
                eri_diag_at(d, ERI_SEV_ERROR, src, e->span.start, e->span.end,
                            "value %s for '%s' is outside its range %s..%s: '%s' is %s (%s)", v, fd->name, lo, up,
                            bd->name, w, at);
            else
                eri_diag_at(d, ERI_SEV_ERROR, src, b->span.start, b->span.end,
                            "value %s for '%s' puts '%s' (%s, %s) outside its range %s..%s", w, bd->name, fd->name,
                            v, at, lo, up);
        }
    }
}

/* A fact's name s->t[ks..ke) (name: its text, which a record may have
 * unescaped elsewhere) and its value s->t[vs..ve) (str: its text when a
 * string, else NULL); fl: the facts-file line, NULL for a record's value;
 * hint: the fact to try first, then the one found (NULL: none).
 * The name's errors first, then the value's; false after reporting. */
static bool fact_at(scan *s, const char *name, size_t len, uint32_t ks, uint32_t ke, uint32_t vs, uint32_t ve,
                    const char *str, size_t slen, bool bare, const eri_factline *fl, int32_t *hint)
{
    int32_t fi = hint ? eri_rules_find_fact_hint(s->r, name, len, *hint) : eri_rules_find_fact(s->r, name, len);
    if (hint)
        *hint = fi;
    if (fi < 0 && s->f->ignore_unknown) {
        s->f->ignored++;
        return true;
    }
    if (fi < 0 && eri_rules_find_node(s->r, name, len) >= 0)
        return err(s, ks, ke, "'%.*s' is an indicator, not a fact; to mark it not applicable "
                   "write: exclude %.*s \"reason\"", (int)len, name, (int)len, name);
    if (fi < 0) {
        eri_suggest sg = eri_suggest_start(name, len);
        for (uint32_t i = 0; i < s->r->nfacts && !eri_diag_quiet(s->d); i++) /* no hint when not shown */
            eri_suggest_try(&sg, s->r->facts[i].name);
        const char *hit = sg.best;
        return err(s, ks, ke, "unknown fact '%.*s%s'%s%s%s", CLIP(name, len),
                   hit ? "; did you mean '" : "", hit ? hit : "", hit ? "'?" : "");
    }
    const eri_fact *fd = &s->r->facts[fi];
    eri_fact_entry *e = &s->f->entries[fi];
    if (bare && fd->type != ERI_FT_TEXT && fd->type != ERI_FT_ENUM)
        str = NULL; /* a record's string read as a bare value ("27/30") */
    else if (str && fl == NULL)
        str = eri_arena_strndup(s->f->arena, str, slen);
    if (e->line && e->layer == s->layer)
        return err(s, ks, ke, "fact '%s' is given twice (first at line %d)", fd->name, e->line);
    e->line = s->line;
    e->file = s->file;
    e->layer = s->layer;
    e->defaulted = false;
    if (fl && !syntax(s, fl, ERI_FLS_VALUE, type_name(fd->type)))
        return false;
    /* typed in place when an error fails the whole file or record (layer 0):
     * a value built aside and copied stalled on its many small stores */
    eri_value v, *pv = s->layer == 0 ? &e->value : &v;
    *pv = (eri_value){0};
    if (!value(s, fd, vs, ve, str, slen, pv) || !in_range(s, fd, vs, ve, pv) ||
        (fl && !syntax(s, fl, ERI_FLS_REST, NULL)))
        return false;
    if (pv != &e->value)
        e->value = v;
    e->span = (eri_span){vs, ve};
    e->present = true;
    return true;
}

/* NAME = VALUE */
static bool fact(scan *s, const eri_factline *fl)
{
    uint32_t ks = fl->key.start, ke = fl->key.end;
    bool valid = fl->err.code == ERI_FLE_NONE || eri_fl_stage_of(fl->err.code) > ERI_FLS_VALUE;
    size_t slen = 0;
    const char *str = fl->quoted && valid ? eri_fl_unescape(s->f->arena, s->t, fl->value, &slen) : NULL;
    return fact_at(s, s->t + ks, ke - ks, ks, ke, fl->value.start, fl->value.end, str, slen, false, fl, NULL);
}

/* subject = "…" or subject "…". */
static bool subject(scan *s, const eri_factline *fl)
{
    if (s->f->subject_line && s->f->subject_layer == s->layer)
        return err(s, fl->key.start, fl->key.end, "the subject is given twice (first at line %d)",
                   s->f->subject_line);
    if (!syntax(s, fl, ERI_FLS_REST, NULL))
        return false;
    s->f->subject = eri_fl_unescape(s->f->arena, s->t, fl->value, NULL);
    s->f->subject_line = s->line;
    s->f->subject_layer = s->layer;
    return true;
}

/* An exclusion of a node the rules do not mark 'excludable': the hint lists
 * those they do (the first few), or says there are none.  False. */
static bool not_excludable(scan *s, uint32_t is, uint32_t ie, int32_t node)
{
    enum { SHOWN = 8 };
    const er_rules *r = s->r;
    char list[SHOWN * (ERI_SHOWN + 8) + 64] = "";
    size_t len = 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->nnodes; i++)
        n += r->nodes[i].excludable;
    for (uint32_t i = 0, k = 0; i < r->nnodes && k < SHOWN; i++) {
        if (!r->nodes[i].excludable)
            continue;
        const char *id = r->nodes[i].id;
        k++;
        const char *sep = k == 1 ? "" : k == n ? " and " : ", ";
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%.*s%s", sep, CLIP(id, strlen(id)));
    }
    if (n > SHOWN)
        snprintf(list + len, sizeof list - len, " and %u more", n - SHOWN);
    const eri_node *nd = &r->nodes[node];
    const char *label = nd->label && *nd->label ? nd->label : NULL;
    if (n == 0)
        return err(s, is, ie, "%s%s%s cannot be excluded by the auditor: these rules allow no exclusions "
                   "(rules mark an indicator that may not apply 'excludable')", nd->id, label ? " " : "",
                   label ? label : "");
    return err(s, is, ie, "%s%s%s cannot be excluded by the auditor: the rules allow excluding only %s", nd->id,
               label ? " " : "", label ? label : "", list);
}

/* exclude ID "reason": the id's errors first, then the reason's.  The id
 * is s->t[is..ie) (id: its text); the reason, reason (fl: NULL) or the
 * line's string; rs..re where it was written. */
static bool exclude_at(scan *s, const char *id, size_t len, uint32_t is, uint32_t ie, const char *reason,
                       uint32_t rs, uint32_t re, uint32_t start, const eri_factline *fl)
{
    const er_rules *r = s->r;
    er_facts *f = s->f;
    int32_t node = eri_rules_find_node(r, id, len);
    if (node < 0 && f->ignore_unknown) {
        f->ignored++;
        return true;
    }
    if (node < 0) {
        eri_suggest sg = eri_suggest_start(id, len);
        for (uint32_t i = 0; i < r->nnodes && !eri_diag_quiet(s->d); i++)
            eri_suggest_try(&sg, r->nodes[i].id);
        const char *hit = sg.best;
        return err(s, is, ie, "unknown indicator '%.*s%s'%s%s%s", CLIP(id, len),
                   hit ? "; did you mean '" : "", hit ? hit : "", hit ? "'?" : "");
    }
    if (!r->nodes[node].excludable)
        return not_excludable(s, is, ie, node);
    eri_exclusion *again = NULL;
    for (uint32_t i = 0; i < f->nexclusions; i++)
        if (f->exclusions[i].node == node)
            again = &f->exclusions[i];
    if (again && again->layer == s->layer)
        return err(s, is, ie, "indicator '%s' is excluded twice (first at line %d)",
                   r->nodes[node].id, again->line);
    if (fl && !syntax(s, fl, ERI_FLS_REST, NULL))
        return false;
    if (fl)
        reason = eri_fl_unescape(f->arena, s->t, fl->value, NULL);
    if (!reason[strspn(reason, " \t\n")]) /* "" is the scanner's error; blanks are no reason either */
        return err(s, rs, re, "an exclusion needs a reason: exclude %s \"…\"", r->nodes[node].id);
    eri_exclusion x = {node, reason, {start, re}, s->line, s->file, s->layer};
    if (again) { /* an overlay's exclusion replaces the facts file's */
        *again = x;
        return true;
    }
    if (f->nexclusions == f->excap) {
        uint32_t cap = f->excap ? f->excap * 2 : 8;
        f->exclusions = eri_arena_grow(f->arena, f->exclusions, sizeof *f->exclusions * f->excap,
                                      sizeof *f->exclusions * cap);
        f->excap = cap;
    }
    f->exclusions[f->nexclusions++] = x;
    return true;
}

static bool exclude(scan *s, const eri_factline *fl)
{
    if (!syntax(s, fl, ERI_FLS_KEY, NULL))
        return false;
    uint32_t is = fl->key.start, ie = fl->key.end;
    return exclude_at(s, s->t + is, ie - is, is, ie, NULL, fl->value.start, fl->value.end, fl->start, fl);
}

/* Every line of src (layer 0: the facts file; then overlays). */
static void read_lines(er_facts *f, const eri_source *src, uint32_t layer, er_diag *d)
{
    scan s = {.f = f, .r = f->rules, .d = d, .t = src->text, .src = src, .file = src->name,
              .layer = layer};
    eri_lines it;
    eri_lines_init(&it, src->text, src->len);
    while (eri_lines_next(&it)) {
        eri_factline fl;
        eri_factline_scan(s.t, it.start, it.end, &fl);
        s.line = it.line + (int)src->line_base;
        if (!syntax(&s, &fl, ERI_FLS_LINE, NULL))
            continue;
        if (fl.kind == ERI_FL_FACT)
            fact(&s, &fl);
        else if (fl.kind == ERI_FL_SUBJECT)
            subject(&s, &fl);
        else if (fl.kind == ERI_FL_EXCLUDE)
            exclude(&s, &fl);
    }
}

/* Defaults for the facts not given (after the facts file, before overlays). */
static void defaults(er_facts *f)
{
    const er_rules *r = f->rules;
    for (uint32_t i = 0; i < r->nfacts; i++) { /* defaults for the facts not given */
        eri_fact_entry *e = &f->entries[i];
        if (!e->present && r->facts[i].has_default) {
            *e = (eri_fact_entry){.present = true, .defaulted = true, .value = r->facts[i].def};
            e->value.type = (uint8_t)value_type(r->facts[i].type);
        }
    }
}

/* A rules or test file given where facts are expected: reported once, with
 * the right order, rather than as an error on every line. */
static bool foreign(const eri_source *src, er_diag *d)
{
    eri_source_kind kind = src->line_base == 0 ? eri_source_guess(src) : ERI_SRC_OTHER;
    if (kind == ERI_SRC_RULES) {
        eri_diag_file(d, ERI_SEV_ERROR, src->name, "this is a rules file ('fact …', 'indicator …'), not facts");
        eri_diag_file(d, ERI_SEV_NOTE, src->name, "the rules come first: evalrules RULES FACTS…");
        return true;
    }
    if (kind == ERI_SRC_TESTS) {
        eri_diag_file(d, ERI_SEV_ERROR, src->name, "this is a test file ('case \"…\"' blocks), not facts");
        eri_diag_file(d, ERI_SEV_NOTE, src->name, "run it with its rules: evalrules test RULES %s", src->name);
        return true;
    }
    return false;
}

/* Run read (a file's or a record's) under the arena's protection: f, or
 * NULL (f freed) when memory ran out or read reported an error since
 * before errors were counted. */
static er_facts *settle(er_facts *f, eri_arena *arena, void (*read)(void *), void *args, unsigned before,
                        er_diag *d)
{
    if (!eri_arena_protect(arena, read, args)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while loading %s", f->src->name);
        er_facts_free(f);
        return NULL;
    }
    if (er_diag_errors(d) == before)
        return f;
    er_facts_free(f);
    return NULL;
}

typedef struct read_args {
    er_facts *f;
    eri_source *src;
    er_diag *d;
} read_args;

/* The facts file's lines, then the defaults (a protected call). */
static void read_file(void *arg)
{
    read_args *ra = arg;
    ra->f->entries = ERI_NEW_ARRAY(ra->f->arena, eri_fact_entry, ra->f->rules->nfacts);
    if (foreign(ra->src, ra->d))
        return;
    read_lines(ra->f, ra->src, 0, ra->d);
    defaults(ra->f);
    fact_bounded_ranges(ra->f, ra->d);
    eri_facts_densify(ra->f);
}

/* A facts struct with room for its row just after it (densify fills it):
 * the plan reads the struct and the row together, from one place in memory
 * rather than two (an evaluation of facts loaded one by one waited on both) */
static er_facts *facts_alloc(const er_rules *r)
{
    uint32_t size = !r ? 0 : r->row_order ? r->row_size : eri_row_layout(r, NULL);
    er_facts *f = eri_calloc(1, sizeof *f + size);
    if (f && r) {
        f->row = (uint8_t *)(f + 1);
        f->row_size = size;
    }
    return f;
}

static er_facts *load(const er_rules *r, eri_source *src, const er_facts_opts *o, er_diag *d)
{
    er_facts *f = facts_alloc(r);
    eri_arena *arena = eri_arena_new();
    if (!f || !arena || !r) {
        eri_free(f);
        eri_arena_free(arena);
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, r ? "out of memory" : "no rules to read facts with");
        return NULL;
    }
    f->rules = r;
    f->src = src;
    f->arena = arena;
    f->subject = "";
    f->ignore_unknown = o && o->ignore_unknown;
    unsigned before = er_diag_errors(d);
    read_args ra = {.f = f, .src = src, .d = d};
    return settle(f, arena, read_file, &ra, before, d);
}

er_facts *er_facts_load(const er_rules *r, const char *path, er_diag *d)
{
    return er_facts_load_opts(r, path, NULL, d);
}

er_facts *er_facts_load_opts(const er_rules *r, const char *path, const er_facts_opts *o, er_diag *d)
{
    eri_source *src = eri_diag_read(d, path);
    return src ? load(r, src, o, d) : NULL;
}

er_facts *er_facts_load_string(const er_rules *r, const char *name, const char *text, size_t len,
                               er_diag *d)
{
    return eri_facts_load_window(r, name, text, len, 0, d);
}

er_facts *eri_facts_load_window(const er_rules *r, const char *name, const char *text, size_t len, uint32_t line_base,
                               er_diag *d)
{
    eri_source *src = eri_diag_text(d, name, text, len);
    if (src)
        src->line_base = line_base;
    return src ? load(r, src, NULL, d) : NULL;
}

typedef struct record_args {
    er_facts *f;
    const eri_record *rec;
    er_diag *d;
} record_args;

/* A record's parts, typed as a facts file's lines are (a protected call). */
static void read_record(void *arg)
{
    record_args *ra = arg;
    er_facts *f = ra->f;
    const eri_record *rec = ra->rec;
    f->entries = ERI_NEW_ARRAY(f->arena, eri_fact_entry, f->rules->nfacts);
    scan s = {.f = f, .r = f->rules, .d = ra->d, .t = f->src->text, .src = f->src, .file = f->src->name,
              .line = (int)f->src->line_base + 1};
    if (rec->subject) {
        f->subject = eri_arena_strndup(f->arena, rec->subject, strlen(rec->subject));
        f->subject_line = s.line;
    }
    /* the fact each position named in this thread's last record: tried first */
    static _Thread_local int32_t hints[256];
    for (uint32_t i = 0; i < rec->nfacts; i++) {
        const eri_given *g = &rec->facts[i];
        int32_t spare = -1;
        if (!g->in_place && !g->str) { /* null, an empty cell: not given, but where is kept */
            int32_t *hint = i < 256 ? &hints[i] : &spare;
            int32_t fi = *hint = eri_rules_find_fact_hint(s.r, g->name, g->name_len, *hint);
            if (fi >= 0 && !f->entries[fi].present)
                f->entries[fi].left_empty = true, f->entries[fi].span = g->value;
            continue;
        }
        fact_at(&s, g->name, g->name_len, g->at.start, g->at.end, g->value.start, g->value.end, g->str, g->str_len,
                g->in_place, NULL, i < 256 ? &hints[i] : &spare);
    }
    for (uint32_t i = 0; i < rec->nexcludes; i++) {
        const eri_given *g = &rec->excludes[i];
        const char *reason = eri_arena_strndup(f->arena, g->str ? g->str : "", g->str ? g->str_len : 0);
        exclude_at(&s, g->name, g->name_len, g->at.start, g->at.end, reason, g->value.start, g->value.end,
                   g->at.start, NULL);
    }
    defaults(f);
    fact_bounded_ranges(f, ra->d);
    eri_facts_densify(f);
}

er_facts *eri_facts_from_record(const er_rules *r, eri_source *src, const eri_record *rec, er_diag *d)
{
    er_facts *f = facts_alloc(r);
    eri_arena *arena = eri_arena_new();
    if (!f || !arena || !r || !src) {
        eri_free(f);
        eri_arena_free(arena);
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    *f = (er_facts){.rules = r, .src = src, .arena = arena, .subject = "", .row = f->row, .row_size = f->row_size};
    unsigned before = er_diag_errors(d);
    record_args ra = {.f = f, .rec = rec, .d = d};
    return settle(f, arena, read_record, &ra, before, d);
}

/* An overlay recorded and read (a protected call). */
static void overlay(void *arg)
{
    read_args *ra = arg;
    er_facts *f = ra->f;
    eri_source *src = ra->src;
    er_diag *d = ra->d;
    f->overlays = eri_arena_grow(f->arena, f->overlays, sizeof *f->overlays * f->noverlays,
                                sizeof *f->overlays * (f->noverlays + 1));
    f->overlays[f->noverlays++] = src;
    read_lines(f, src, f->noverlays, d);
    fact_bounded_ranges(f, d);
    eri_facts_densify(f);
}

bool er_facts_overlay_string(er_facts *f, const char *name, const char *text, size_t len, er_diag *d)
{
    return eri_facts_overlay_window(f, name, text, len, 0, d);
}

bool eri_facts_overlay_window(er_facts *f, const char *name, const char *text, size_t len, uint32_t line_base,
                              er_diag *d)
{
    eri_source *src = f ? eri_source_from_string(name, text, len) : NULL;
    if (!src) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return false;
    }
    src->line_base = line_base;
    unsigned before = er_diag_errors(d);
    read_args ra = {.f = f, .src = src, .d = d};
    if (!eri_arena_protect(f->arena, overlay, &ra)) {
        if (f->noverlays == 0 || f->overlays[f->noverlays - 1] != src)
            eri_source_free(src); /* not recorded yet: er_facts_free would not free it */
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while loading %s", name);
        return false;
    }
    return er_diag_errors(d) == before;
}

size_t er_facts_ignored(const er_facts *f) { return f ? f->ignored : 0; }

void er_facts_free(er_facts *f)
{
    if (!f)
        return;
    for (uint32_t i = 0; i < f->noverlays; i++)
        eri_source_free(f->overlays[i]);
    eri_arena_free(f->arena);
    eri_source_free(f->src);
    eri_free(f);
}

const char *er_facts_subject(const er_facts *f) { return f && f->subject ? f->subject : ""; }

const char *eri_facts_value_text(const er_facts *f, int32_t fact, char *buf, size_t cap)
{
    const eri_fact_entry *fe = &f->entries[fact];
    const eri_fact *fa = &f->rules->facts[fact];
    if (!fe->present) {
        snprintf(buf, cap, "(missing)");
        return buf;
    }
    /* an overlay's value is in the overlay's text */
    const eri_source *src = fe->layer && fe->layer <= f->noverlays ? f->overlays[fe->layer - 1] : f->src;
    if (!fe->defaulted && fe->span.end > fe->span.start && fe->span.end <= src->len) {
        size_t len = fe->span.end - fe->span.start;
        if (len >= cap)
            len = cap - 1;
        memcpy(buf, src->text + fe->span.start, len);
        buf[len] = '\0';
        return buf;
    }
    eri_fact_value_text(fa, &fe->value, buf, cap);
    return buf;
}
