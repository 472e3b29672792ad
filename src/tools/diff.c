/* diff.c — what changed between two editions of a rules file (the audits
 * replayed under both are replay.c's, the reports diff_report.c's).
 *
 * Indicators and items are paired in three passes, each one-to-one:
 *   1. the same clause id;
 *   2. among those left, the same label (an id used once on each side);
 *   3. among the items left, the same non-empty set of facts read — the same
 *      evidence, so the same requirement under another name.
 * Pairs of passes 2 and 3 are "renumbered".  A pair is then compared: moved
 * (its parent is not the pair of its old parent), relabelled, indicator ↔
 * item, points, scoring rule (its source text with blanks and comments
 * folded, and the named values it reads), exclusion condition, whether the
 * auditor may exclude it ('excludable').  Facts are
 * paired by name, adjustments by kind and label, vetoes by message (then by
 * condition), levels by label, caps by the level they allow.
 *
 * Everything lives in one arena per er_diff; an allocation failure jumps
 * back to the entry point, which reports it. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "diff.h"
#include "rules.h"
#include "scoring.h"

typedef struct cmp {
    er_diff *df;
    eri_arena *a;
    const er_rules *o, *n;
    int32_t *o2n, *n2o; /* node pairs, -1 when unpaired */
} cmp;

/* ---- strings ------------------------------------------------------------ */

const char *eri_diff_format(eri_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = eri_arena_alloc(a, (size_t)(len < 0 ? 0 : len) + 1);
    vsnprintf(s, (size_t)(len < 0 ? 0 : len) + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

static const char *num_text(eri_arena *a, eri_num n)
{
    char buf[96]; /* a longer one: the arena's number heap holds it (eri_num_show) */
    return eri_diff_format(a, "%s", eri_num_show(buf, sizeof buf, n, 6, false));
}

/* Source text of a span with comments dropped and blanks folded to one
 * space, so that re-indenting a rule is not a change. */
static const char *folded(eri_arena *a, const er_rules *r, eri_span span)
{
    size_t len;
    const char *s = eri_rules_text(r, span, &len);
    char *out = eri_arena_alloc(a, len + 1), *o = out;
    bool blank = false, quoted = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!quoted && c == '#') {
            while (i + 1 < len && s[i + 1] != '\n')
                i++;
            blank = true;
            continue;
        }
        if (!quoted && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
            blank = true;
            continue;
        }
        if (blank && o > out)
            *o++ = ' ';
        blank = false;
        if (c == '"' && (!quoted || s[i - 1] != '\\'))
            quoted = !quoted;
        *o++ = c;
    }
    *o = '\0';
    return out;
}

/* ---- the change list ------------------------------------------------------ */

static er_change *add(cmp *c, er_change_op op, const char *section, const char *what, const char *key)
{
    er_diff *df = c->df;
    if (df->n == df->cap) {
        uint32_t cap = df->cap ? df->cap * 2 : 64;
        df->changes = eri_arena_grow(c->a, df->changes, sizeof *df->changes * df->cap, sizeof *df->changes * cap);
        df->cap = cap;
    }
    er_change *ch = &df->changes[df->n++];
    *ch = (er_change){.op = op, .section = section, .what = what, .key = key};
    return ch;
}

/* A changed value: "what old → new" unless they are equal. */
static void changed(cmp *c, const char *section, const char *what, const char *key, const char *label,
                    const char *ov, const char *nv)
{
    if ((ov && nv && strcmp(ov, nv) == 0) || (!ov && !nv))
        return;
    er_change *ch = add(c, ER_CHANGE_CHANGED, section, what, key);
    ch->label = label;
    ch->old_value = ov;
    ch->new_value = nv;
    ch->text = eri_diff_format(c->a, "%s %s → %s", what, ov ? ov : "none", nv ? nv : "none");
}

/* The same for rules text, shown in `backquotes`. */
static void changed_code(cmp *c, const char *section, const char *what, const char *key, const char *ov,
                         const char *nv)
{
    if (strcmp(ov, nv) == 0)
        return;
    er_change *ch = add(c, ER_CHANGE_CHANGED, section, what, key);
    ch->old_value = ov;
    ch->new_value = nv;
    ch->text = eri_diff_format(c->a, "%s `%s` → `%s`", what, ov, nv);
}

/* ---- standard ------------------------------------------------------------- */

static const char *meta(const er_rules *r, const char *key)
{
    for (uint32_t i = 0; i < r->nmeta; i++)
        if (strcmp(r->meta[i].key, key) == 0)
            return r->meta[i].value;
    return NULL;
}

static void diff_standard(cmp *c)
{
    changed(c, "standard", "code", "code", NULL, *c->o->code ? c->o->code : NULL, *c->n->code ? c->n->code : NULL);
    for (int side = 0; side < 2; side++) {
        const er_rules *r = side ? c->n : c->o;
        for (uint32_t i = 0; i < r->nmeta; i++) {
            const char *k = r->meta[i].key;
            if (side && meta(c->o, k))
                continue; /* done from the old side */
            changed(c, "standard", k, k, NULL, meta(c->o, k), meta(c->n, k));
        }
    }
}

/* ---- facts ---------------------------------------------------------------- */

static const char *fact_type(eri_arena *a, const eri_fact *f)
{
    if (f->type != ERI_FT_ENUM)
        return eri_fact_type_names[f->type];
    size_t len = 16;
    for (uint32_t i = 0; i < f->nchoices; i++)
        len += strlen(f->choices[i]) + 2;
    char *s = eri_arena_alloc(a, len);
    strcpy(s, "enum { ");
    for (uint32_t i = 0; i < f->nchoices; i++)
        strcat(strcat(s, i ? ", " : ""), f->choices[i]);
    strcat(s, " }");
    return s;
}

/* "0..", "0%..100%", "..audit.date", or NULL when the fact has no range. */
static const char *range_text(eri_arena *a, const er_rules *r, const eri_fact *f)
{
    if (!f->has_lo && !f->has_hi && !f->lo_by_fact && !f->hi_by_fact)
        return NULL;
    char lo[128] = "", hi[128] = "";
    if (f->has_lo)
        eri_fact_value_text(f, &f->lo, lo, sizeof lo);
    else if (f->lo_by_fact)
        snprintf(lo, sizeof lo, "%s", r->facts[f->lo_fact].name);
    if (f->has_hi)
        eri_fact_value_text(f, &f->hi, hi, sizeof hi);
    else if (f->hi_by_fact)
        snprintf(hi, sizeof hi, "%s", r->facts[f->hi_fact].name);
    return eri_diff_format(a, "%s..%s", lo, hi);
}

static const char *default_text(eri_arena *a, const eri_fact *f)
{
    if (!f->has_default)
        return NULL;
    char buf[256];
    eri_fact_value_text(f, &f->def, buf, sizeof buf);
    return eri_diff_format(a, "%s", buf);
}

static void fact_change(cmp *c, er_change_op op, const eri_fact *f)
{
    er_change *ch = add(c, op, "facts", op == ER_CHANGE_ADDED ? "added" : "removed", f->name);
    ch->label = *f->label ? f->label : NULL;
    const char *t = fact_type(c->a, f);
    *(op == ER_CHANGE_ADDED ? &ch->new_value : &ch->old_value) = t;
    ch->text = eri_diff_format(c->a, "(%s)", t);
}

static void diff_facts(cmp *c)
{
    for (uint32_t i = 0; i < c->o->nfacts; i++) {
        const eri_fact *of = &c->o->facts[i];
        int32_t j = eri_rules_find_fact(c->n, of->name, strlen(of->name));
        if (j < 0) {
            fact_change(c, ER_CHANGE_REMOVED, of);
            continue;
        }
        const eri_fact *nf = &c->n->facts[j];
        const char *lab = *nf->label ? nf->label : NULL;
        bool both_enum = of->type == ERI_FT_ENUM && nf->type == ERI_FT_ENUM;
        changed(c, "facts", both_enum ? "values" : "type", of->name, lab, fact_type(c->a, of), fact_type(c->a, nf));
        changed(c, "facts", "range", of->name, lab, range_text(c->a, c->o, of), range_text(c->a, c->n, nf));
        changed(c, "facts", "default", of->name, lab, default_text(c->a, of), default_text(c->a, nf));
        if (strcmp(of->label, nf->label) != 0) {
            er_change *ch = add(c, ER_CHANGE_CHANGED, "facts", "question", of->name);
            ch->label = lab;
            ch->old_value = of->label;
            ch->new_value = nf->label;
            ch->text = "question reworded";
        }
    }
    for (uint32_t j = 0; j < c->n->nfacts; j++)
        if (eri_rules_find_fact(c->o, c->n->facts[j].name, strlen(c->n->facts[j].name)) < 0)
            fact_change(c, ER_CHANGE_ADDED, &c->n->facts[j]);
}

/* ---- indicators: pairing ---------------------------------------------------- */

/* The key two unpaired nodes must share to pair in pass 2 (their label) or
 * 3 (items only: the names of the facts they read, sorted); NULL: none. */
static int by_name(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static const char *pair_key(const cmp *c, const er_rules *r, const eri_node *n, int pass)
{
    if (pass == 2)
        return n->label;
    if (!n->is_item || n->facts.n == 0)
        return NULL;
    const char **names = ERI_NEW_ARRAY(c->a, const char *, n->facts.n);
    size_t len = 1;
    for (uint32_t k = 0; k < n->facts.n; k++) {
        names[k] = r->facts[n->facts.idx[k]].name;
        len += strlen(names[k]) + 1;
    }
    qsort(names, n->facts.n, sizeof *names, by_name);
    char *key = eri_arena_alloc(c->a, len), *p = key;
    for (uint32_t k = 0; k < n->facts.n; k++) {
        size_t l = strlen(names[k]);
        memcpy(p, names[k], l);
        p[l] = '\n'; /* no name holds one */
        p += l + 1;
    }
    *p = '\0';
    return key;
}

/* A key and how many unpaired nodes of each side have it. */
typedef struct pair_slot {
    const char *key;
    uint32_t count[2];
    int32_t node[2];    /* the last one of each side */
} pair_slot;

static pair_slot *pair_find(pair_slot *t, uint32_t mask, const char *key)
{
    uint32_t h = 2166136261u;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    for (;; h++) {
        pair_slot *sl = &t[h & mask];
        if (!sl->key || strcmp(sl->key, key) == 0) {
            sl->key = key;
            return sl;
        }
    }
}

/* Unpaired nodes pair when they are the only ones, on both sides, with
 * their key: counted through a hash table (linear), not node against node. */
static void pair_pass(cmp *c, int pass)
{
    const er_rules *side[2] = {c->o, c->n};
    int32_t *map[2] = {c->o2n, c->n2o};
    uint32_t cap = 16;
    while (cap < 2 * ((uint64_t)c->o->nnodes + c->n->nnodes))
        cap <<= 1;
    pair_slot *t = ERI_NEW_ARRAY(c->a, pair_slot, cap);
    const char **keys[2];
    for (int s = 0; s < 2; s++) {
        keys[s] = ERI_NEW_ARRAY(c->a, const char *, side[s]->nnodes + 1);
        for (uint32_t i = 0; i < side[s]->nnodes; i++) {
            keys[s][i] = map[s][i] < 0 ? pair_key(c, side[s], &side[s]->nodes[i], pass) : NULL;
            if (keys[s][i]) {
                pair_slot *sl = pair_find(t, cap - 1, keys[s][i]);
                sl->count[s]++;
                sl->node[s] = (int32_t)i;
            }
        }
    }
    for (uint32_t i = 0; i < c->o->nnodes; i++) {
        if (!keys[0][i])
            continue;
        pair_slot *sl = pair_find(t, cap - 1, keys[0][i]);
        if (sl->count[0] == 1 && sl->count[1] == 1) {
            c->o2n[i] = sl->node[1];
            c->n2o[sl->node[1]] = (int32_t)i;
        }
    }
}

static void pair_nodes(cmp *c)
{
    for (uint32_t i = 0; i < c->o->nnodes; i++) {
        const char *id = c->o->nodes[i].id;
        int32_t j = eri_rules_find_node(c->n, id, strlen(id));
        c->o2n[i] = j;
        if (j >= 0)
            c->n2o[j] = (int32_t)i;
    }
    pair_pass(c, 2);
    pair_pass(c, 3);
}

/* ---- indicators: comparing ---------------------------------------------------- */

static const char *points_text(eri_arena *a, const eri_node *n)
{
    return num_text(a, n->points);
}

/* "4 points, 2 items" for an added or removed subtree; unpaired: the pair map of its side. */
static const char *subtree_text(cmp *c, const er_rules *r, int32_t i, const int32_t *unpaired)
{
    const eri_node *n = &r->nodes[i];
    uint32_t items = 0;
    for (int32_t k = i + 1; k < n->end; k++)
        items += r->nodes[k].is_item && unpaired[k] < 0;
    const char *p = points_text(c->a, n);
    if (n->is_item || items == 0)
        return eri_diff_format(c->a, "(%s point%s)", p, strcmp(p, "1") == 0 ? "" : "s");
    return eri_diff_format(c->a, "(%s point%s, %u item%s)", p, strcmp(p, "1") == 0 ? "" : "s", items, items == 1 ? "" : "s");
}

/* "5.1 (售后服务体系)", or "top level" */
static const char *parent_text(cmp *c, const er_rules *r, int32_t parent)
{
    if (parent < 0)
        return "top level";
    return eri_diff_format(c->a, "%s (%s)", r->nodes[parent].id, r->nodes[parent].label);
}

/* The scoring rule's folded text, with a grade's tiers (always with its
 * 'otherwise', 0 when not written) and the named values it reads. */
static const char *rule_text(cmp *c, const er_rules *r, const eri_node *n)
{
    const char *s = folded(c->a, r, n->rule_span);
    if (eri_scorings[n->kind].outcomes == ERI_SO_TIERS) {
        s = eri_diff_format(c->a, "%s {", s);
        for (uint32_t i = 0; i < n->ntiers; i++)
            s = eri_diff_format(c->a, "%s %s", s, folded(c->a, r, n->tiers[i].span));
        eri_num pct = n->otherwise;
        if (eri_num_mul(n->otherwise, eri_num_int(100), &pct) != ERI_NUM_OK)
            pct = n->otherwise;
        s = eri_diff_format(c->a, "%s otherwise %s%% }", s, num_text(c->a, pct));
    }
    for (uint32_t i = 0; i < n->lets.n; i++) {
        const eri_let *l = &r->lets[n->lets.idx[i]];
        s = eri_diff_format(c->a, "%s; let %s = %s", s, l->name, folded(c->a, r, l->expr->span));
    }
    return s;
}

static const char *exclusion_text(cmp *c, const er_rules *r, const eri_node *n)
{
    if (!n->exclude_when)
        return NULL;
    const char *s = folded(c->a, r, n->exclude_when->span);
    return n->exclude_reason ? eri_diff_format(c->a, "%s because \"%s\"", s, n->exclude_reason) : s;
}

static er_change *node_change(cmp *c, er_change_op op, const char *what, const eri_node *n)
{
    er_change *ch = add(c, op, "indicators", what, n->id);
    ch->label = n->label;
    return ch;
}

static void compare_pair(cmp *c, int32_t i, int32_t j)
{
    const eri_node *on = &c->o->nodes[i], *nn = &c->n->nodes[j];
    eri_arena *a = c->a;
    er_change *ch;
    if (strcmp(on->id, nn->id) != 0) {
        ch = node_change(c, ER_CHANGE_CHANGED, "renumbered", nn);
        ch->old_key = on->id;
        ch->old_value = on->id;
        ch->new_value = nn->id;
        ch->text = eri_diff_format(a, "renumbered from %s%s", on->id,
                        strcmp(on->label, nn->label) == 0 ? "" : " (same facts read)");
    }
    int32_t op = on->parent < 0 ? -1 : c->o2n[on->parent];
    if (op != nn->parent) {
        ch = node_change(c, ER_CHANGE_CHANGED, "moved", nn);
        ch->old_value = on->parent < 0 ? NULL : c->o->nodes[on->parent].id;
        ch->new_value = nn->parent < 0 ? NULL : c->n->nodes[nn->parent].id;
        ch->text = eri_diff_format(a, "moved from %s to %s", parent_text(c, c->o, on->parent),
                        parent_text(c, c->n, nn->parent));
    }
    if (strcmp(on->label, nn->label) != 0) {
        ch = node_change(c, ER_CHANGE_CHANGED, "relabelled", nn);
        ch->old_value = on->label;
        ch->new_value = nn->label;
        ch->text = eri_diff_format(a, "relabelled from %s", on->label);
    }
    changed(c, "indicators", "english", nn->id, nn->label, on->english, nn->english);
    if (on->is_item != nn->is_item) {
        ch = node_change(c, ER_CHANGE_CHANGED, "kind", nn);
        ch->old_value = on->is_item ? "item" : "indicator";
        ch->new_value = nn->is_item ? "item" : "indicator";
        ch->text = eri_diff_format(a, "now an %s (was an %s)", ch->new_value, ch->old_value);
    }
    if (!eri_num_eq(on->points, nn->points)) {
        ch = node_change(c, ER_CHANGE_CHANGED, "points", nn);
        ch->old_value = points_text(a, on);
        ch->new_value = points_text(a, nn);
        ch->text = eri_diff_format(a, "points %s → %s", ch->old_value, ch->new_value);
    }
    if (on->is_item && nn->is_item) {
        const char *ot = rule_text(c, c->o, on), *nt = rule_text(c, c->n, nn);
        if (strcmp(ot, nt) != 0) {
            ch = node_change(c, ER_CHANGE_CHANGED, "scoring", nn);
            ch->old_value = ot;
            ch->new_value = nt;
            ch->text = eri_diff_format(a, "scoring `%s` → `%s`", ot, nt);
        }
    }
    const char *ox = exclusion_text(c, c->o, on), *nx = exclusion_text(c, c->n, nn);
    if ((ox || nx) && (!ox || !nx || strcmp(ox, nx) != 0)) {
        ch = node_change(c, ER_CHANGE_CHANGED, "exclusion", nn);
        ch->old_value = ox;
        ch->new_value = nx;
        ch->text = eri_diff_format(a, "not applicable when %s%s%s → %s%s%s", ox ? "`" : "", ox ? ox : "never",
                        ox ? "`" : "", nx ? "`" : "", nx ? nx : "never", nx ? "`" : "");
    }
    if (on->excludable != nn->excludable) { /* whether the auditor may exclude it */
        ch = node_change(c, ER_CHANGE_CHANGED, "excludable", nn);
        ch->old_value = on->excludable ? "yes" : "no";
        ch->new_value = nn->excludable ? "yes" : "no";
        ch->text = nn->excludable ? "now excludable by the auditor" : "no longer excludable by the auditor";
    }
}

static void diff_nodes(cmp *c)
{
    pair_nodes(c);
    for (uint32_t j = 0; j < c->n->nnodes; j++) {
        const eri_node *nn = &c->n->nodes[j];
        if (c->n2o[j] >= 0)
            compare_pair(c, c->n2o[j], (int32_t)j);
        else if (nn->parent < 0 || c->n2o[nn->parent] >= 0) { /* not inside an added indicator */
            er_change *ch = node_change(c, ER_CHANGE_ADDED, "added", nn);
            ch->new_value = points_text(c->a, nn);
            ch->text = subtree_text(c, c->n, (int32_t)j, c->n2o);
        }
    }
    for (uint32_t i = 0; i < c->o->nnodes; i++) {
        const eri_node *on = &c->o->nodes[i];
        if (c->o2n[i] < 0 && (on->parent < 0 || c->o2n[on->parent] >= 0)) {
            er_change *ch = node_change(c, ER_CHANGE_REMOVED, "removed", on);
            ch->old_value = points_text(c->a, on);
            ch->text = subtree_text(c, c->o, (int32_t)i, c->o2n);
        }
    }
}

/* ---- total ---------------------------------------------------------------- */

static const char *normalize_text(cmp *c, const er_rules *r)
{
    return r->normalize ? eri_diff_format(c->a, "to %s", num_text(c->a, r->scale)) : NULL;
}

static const char *rounding_text(cmp *c, const er_rules *r)
{
    if (!r->round)
        return NULL;
    return eri_diff_format(c->a, "%s to %s", eri_round_mode_names[r->round_mode], num_text(c->a, r->quantum));
}

static const char *adjust_text(cmp *c, const er_rules *r, const eri_adjust *x)
{
    const char *e = folded(c->a, r, x->expr->span);
    return x->cap ? eri_diff_format(c->a, "%s cap %s", e, folded(c->a, r, x->cap->span)) : e;
}

static const eri_adjust *find_adjust(const er_rules *r, const eri_adjust *x)
{
    for (uint32_t i = 0; i < r->nadjusts; i++)
        if (r->adjusts[i].bonus == x->bonus && strcmp(r->adjusts[i].label, x->label) == 0)
            return &r->adjusts[i];
    return NULL;
}

static void adjust_change(cmp *c, er_change_op op, const er_rules *r, const eri_adjust *x)
{
    er_change *ch = add(c, op, "total", "adjustment", x->label);
    const char *t = eri_diff_format(c->a, "%s %s", x->bonus ? "bonus" : "deduct", adjust_text(c, r, x));
    *(op == ER_CHANGE_ADDED ? &ch->new_value : &ch->old_value) = t;
    ch->text = eri_diff_format(c->a, "`%s`", t);
}

static void diff_total(cmp *c)
{
    changed(c, "total", "normalize", "normalize", NULL, normalize_text(c, c->o), normalize_text(c, c->n));
    for (uint32_t i = 0; i < c->o->nadjusts; i++) {
        const eri_adjust *ox = &c->o->adjusts[i], *nx = find_adjust(c->n, ox);
        if (!nx)
            adjust_change(c, ER_CHANGE_REMOVED, c->o, ox);
        else {
            changed_code(c, "total", nx->bonus ? "bonus" : "deduct", nx->label, adjust_text(c, c->o, ox),
                         adjust_text(c, c->n, nx));
            changed(c, "total", "english", nx->label, NULL, ox->english, nx->english);
        }
    }
    for (uint32_t j = 0; j < c->n->nadjusts; j++)
        if (!find_adjust(c->o, &c->n->adjusts[j]))
            adjust_change(c, ER_CHANGE_ADDED, c->n, &c->n->adjusts[j]);
    changed(c, "total", "rounding", "round", NULL, rounding_text(c, c->o), rounding_text(c, c->n));
}

/* ---- vetoes ----------------------------------------------------------------- */

static void veto_change(cmp *c, er_change_op op, const er_rules *r, const eri_veto *v)
{
    er_change *ch = add(c, op, "vetoes", op == ER_CHANGE_ADDED ? "added" : "removed", v->message);
    const char *t = folded(c->a, r, v->cond->span);
    *(op == ER_CHANGE_ADDED ? &ch->new_value : &ch->old_value) = t;
    ch->text = eri_diff_format(c->a, "when `%s`", t);
}

static void diff_vetoes(cmp *c)
{
    uint32_t no = c->o->nvetoes, nn = c->n->nvetoes;
    int32_t *o2n = ERI_NEW_ARRAY(c->a, int32_t, no + 1), *n2o = ERI_NEW_ARRAY(c->a, int32_t, nn + 1);
    for (uint32_t i = 0; i < no; i++)
        o2n[i] = -1;
    for (uint32_t j = 0; j < nn; j++)
        n2o[j] = -1;
    for (int pass = 0; pass < 2; pass++) /* by message, then by condition */
        for (uint32_t i = 0; i < no; i++)
            for (uint32_t j = 0; j < nn && o2n[i] < 0; j++) {
                if (n2o[j] >= 0)
                    continue;
                bool same = pass == 0 ? strcmp(c->o->vetoes[i].message, c->n->vetoes[j].message) == 0
                                      : strcmp(folded(c->a, c->o, c->o->vetoes[i].cond->span),
                                               folded(c->a, c->n, c->n->vetoes[j].cond->span)) == 0;
                if (same) {
                    o2n[i] = (int32_t)j;
                    n2o[j] = (int32_t)i;
                }
            }
    for (uint32_t i = 0; i < no; i++) {
        const eri_veto *ov = &c->o->vetoes[i];
        if (o2n[i] < 0) {
            veto_change(c, ER_CHANGE_REMOVED, c->o, ov);
            continue;
        }
        const eri_veto *nv = &c->n->vetoes[o2n[i]];
        changed(c, "vetoes", "message", nv->message, NULL, ov->message, nv->message);
        changed(c, "vetoes", "english", nv->message, NULL, ov->english, nv->english);
        changed_code(c, "vetoes", "condition", nv->message, folded(c->a, c->o, ov->cond->span),
                     folded(c->a, c->n, nv->cond->span));
    }
    for (uint32_t j = 0; j < nn; j++)
        if (n2o[j] < 0)
            veto_change(c, ER_CHANGE_ADDED, c->n, &c->n->vetoes[j]);
}

/* ---- rating ----------------------------------------------------------------- */

static int32_t find_level(const er_rules *r, const char *label)
{
    for (uint32_t i = 0; i < r->nlevels; i++)
        if (strcmp(r->levels[i].label, label) == 0)
            return (int32_t)i;
    return -1;
}

static const char *cap_text(cmp *c, const er_rules *r, const eri_cap *cp)
{
    const char *s = folded(c->a, r, cp->cond->span);
    if (cp->reason && cp->english)
        return eri_diff_format(c->a, "unless %s because \"%s\" english \"%s\"", s, cp->reason, cp->english);
    return cp->reason ? eri_diff_format(c->a, "unless %s because \"%s\"", s, cp->reason)
                      : eri_diff_format(c->a, "unless %s", s);
}

static void cap_change(cmp *c, er_change_op op, const er_rules *r, const eri_cap *cp)
{
    er_change *ch = add(c, op, "rating", "cap", r->levels[cp->level].label);
    const char *t = cap_text(c, r, cp);
    *(op == ER_CHANGE_ADDED ? &ch->new_value : &ch->old_value) = t;
    ch->text = eri_diff_format(c->a, "cap `%s`", t);
}

static void diff_rating(cmp *c)
{
    const er_rules *o = c->o, *n = c->n;
    for (uint32_t i = 0; i < o->nlevels; i++) {
        const eri_level *ol = &o->levels[i];
        int32_t j = find_level(n, ol->label);
        if (j < 0) {
            er_change *ch = add(c, ER_CHANGE_REMOVED, "rating", "level", ol->label);
            ch->old_value = num_text(c->a, ol->threshold);
            ch->text = eri_diff_format(c->a, "at %s", ch->old_value);
        } else if (!eri_num_eq(ol->threshold, n->levels[j].threshold)) {
            er_change *ch = add(c, ER_CHANGE_CHANGED, "rating", "threshold", ol->label);
            ch->old_value = num_text(c->a, ol->threshold);
            ch->new_value = num_text(c->a, n->levels[j].threshold);
            ch->text = eri_diff_format(c->a, "at %s → %s", ch->old_value, ch->new_value);
        }
        if (j >= 0)
            changed(c, "rating", "english", ol->label, NULL, ol->english, n->levels[j].english);
    }
    for (uint32_t j = 0; j < n->nlevels; j++)
        if (find_level(o, n->levels[j].label) < 0) {
            er_change *ch = add(c, ER_CHANGE_ADDED, "rating", "level", n->levels[j].label);
            ch->new_value = num_text(c->a, n->levels[j].threshold);
            ch->text = eri_diff_format(c->a, "at %s", ch->new_value);
        }
    changed(c, "rating", "otherwise", "otherwise", NULL, o->unrated_label, n->unrated_label);
    changed(c, "rating", "english", "otherwise", NULL, o->unrated_english, n->unrated_english);
    /* caps, paired by the level they allow (in order, when several name one) */
    bool *used = ERI_NEW_ARRAY(c->a, bool, n->ncaps + 1);
    for (uint32_t i = 0; i < o->ncaps; i++) {
        const eri_cap *oc = &o->caps[i];
        const eri_cap *nc = NULL;
        for (uint32_t j = 0; j < n->ncaps && !nc; j++)
            if (!used[j] && strcmp(n->levels[n->caps[j].level].label, o->levels[oc->level].label) == 0) {
                used[j] = true;
                nc = &n->caps[j];
            }
        if (!nc)
            cap_change(c, ER_CHANGE_REMOVED, o, oc);
        else
            changed_code(c, "rating", "cap", n->levels[nc->level].label, cap_text(c, o, oc), cap_text(c, n, nc));
    }
    for (uint32_t j = 0; j < n->ncaps; j++)
        if (!used[j])
            cap_change(c, ER_CHANGE_ADDED, n, &n->caps[j]);
}

/* ---- entry points ------------------------------------------------------------- */

typedef struct diff_args {
    er_diff *df;
    const er_rules *o, *n;
} diff_args;

/* The whole comparison (a protected call). */
static void run(void *arg)
{
    diff_args *x = arg;
    er_diff *df = x->df;
    const er_rules *o = x->o, *n = x->n;
    cmp c = {.df = df, .a = df->arena, .o = o, .n = n};
    c.o2n = ERI_NEW_ARRAY(c.a, int32_t, o->nnodes + 1);
    c.n2o = ERI_NEW_ARRAY(c.a, int32_t, n->nnodes + 1);
    for (uint32_t i = 0; i < o->nnodes; i++)
        c.o2n[i] = -1;
    for (uint32_t j = 0; j < n->nnodes; j++)
        c.n2o[j] = -1;
    df->old_file = eri_diff_format(c.a, "%s", o->src->name);
    df->new_file = eri_diff_format(c.a, "%s", n->src->name);
    df->old_code = o->code ? o->code : "";
    df->new_code = n->code ? n->code : "";
    df->old_title = o->title ? o->title : "";
    df->new_title = n->title ? n->title : "";
    diff_standard(&c);
    diff_facts(&c);
    diff_nodes(&c);
    diff_total(&c);
    diff_vetoes(&c);
    diff_rating(&c);
}

er_diff *er_diff_rules(const er_rules *old_rules, const er_rules *new_rules, er_diag *d)
{
    er_diff *df = eri_calloc(1, sizeof *df);
    eri_arena *arena = eri_arena_new();
    if (!df || !arena || !old_rules || !new_rules) {
        eri_free(df);
        eri_arena_free(arena);
        eri_diag_plain(d, ERI_SEV_ERROR, old_rules && new_rules ? "out of memory" : "no rules to compare");
        return NULL;
    }
    df->arena = arena;
    diff_args x = {.df = df, .o = old_rules, .n = new_rules};
    if (!eri_arena_protect(arena, run, &x)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while comparing the rules");
        er_diff_free(df);
        return NULL;
    }
    return df;
}

void er_diff_free(er_diff *df)
{
    if (!df)
        return;
    eri_arena_free(df->arena);
    eri_free(df);
}

size_t er_diff_count(const er_diff *df) { return df ? df->n : 0; }

const er_change *er_diff_change(const er_diff *df, size_t i)
{
    return df && i < df->n ? &df->changes[i] : NULL;
}

size_t er_diff_count_op(const er_diff *df, er_change_op op)
{
    size_t k = 0;
    for (uint32_t i = 0; df && i < df->n; i++)
        k += df->changes[i].op == op;
    return k;
}
