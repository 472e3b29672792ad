/* template.c — a blank facts file for auditors to fill in.
 *
 * Every fact becomes a commented-out line "# name =" under a comment with
 * its question, what may be written and which clauses it feeds.  Left
 * commented out, a fact is simply not given: the file still loads, and
 * evaluating it lists every missing fact with its question — an unfilled
 * template can never be scored by accident.  Facts are grouped by the
 * indicator that first reads them, in the rules' order (an item's facts go
 * under the indicator that holds the item; an exclusion condition's under
 * its own indicator); then the facts only the total, vetoes or rating read;
 * then the facts only the report's header shows (audit.team); then facts
 * nothing reads.  The header lists the indicators the auditor may exclude
 * (the rules' 'excludable'), and each one's group says so. */
#include <string.h>

#include "evalrules_tools.h"
#include "alloc.h"
#include "rules.h"

typedef struct tpl {
    FILE *out;
    const er_rules *r;
    int32_t *group;    /* per fact: the node it is listed under; -1 none yet */
    uint32_t *order;   /* facts in the order they were placed */
    uint32_t nplaced;
    uint32_t *next;    /* per fact: the next fact placed in the same group (UINT32_MAX: none) */
    uint32_t *first;   /* per node: its group's first fact (UINT32_MAX: none) */
    uint32_t *use_at;  /* per fact: where its uses start in uses (nfacts + 1 entries) */
    int32_t *uses;     /* the nodes whose rules read each fact, exclusions as -2 - node */
} tpl;

#define GLOBAL_GROUP (-2) /* the total, vetoes and rating */

/* A label on one comment line: line breaks become blanks. */
static void put_oneline(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
}

static void place(tpl *t, const eri_factset *fs, int32_t group)
{
    for (uint32_t i = 0; i < fs->n; i++) {
        int32_t f = fs->idx[i];
        if (t->group[f] == -1) {
            t->group[f] = group;
            t->order[t->nplaced++] = (uint32_t)f;
        }
    }
}

static void place_all(tpl *t)
{
    const er_rules *r = t->r;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node *n = &r->nodes[i];
        place(t, &n->exclude_facts, (int32_t)i);
        place(t, &n->facts, n->is_item && n->parent >= 0 ? n->parent : (int32_t)i);
    }
    for (uint32_t i = 0; i < r->nadjusts; i++)
        place(t, &r->adjusts[i].facts, GLOBAL_GROUP);
    for (uint32_t i = 0; i < r->nvetoes; i++)
        place(t, &r->vetoes[i].facts, GLOBAL_GROUP);
    for (uint32_t i = 0; i < r->ncaps; i++)
        place(t, &r->caps[i].facts, GLOBAL_GROUP);
}

/* "a whole number, at least 1", "a date YYYY-MM-DD, at most audit.date" and the like. */
static void put_kind(FILE *out, const er_rules *r, const eri_fact *f)
{
    static const char *const kinds[] = {
        "yes or no", "a whole number", "a number", "a percentage such as 85%",
        "conforming/sampled counts such as 18/20", "text in quotes", "a date YYYY-MM-DD", "one of:"};
    fputs(kinds[f->type], out);
    if (f->type == ERI_FT_ENUM)
        for (uint32_t i = 0; i < f->nchoices; i++)
            fprintf(out, "%s %s", i ? "," : "", f->choices[i]);
    char lo[128], hi[128];
    bool has_lo = f->has_lo || f->lo_by_fact, has_hi = f->has_hi || f->hi_by_fact;
    if (f->has_lo)
        eri_fact_value_text(f, &f->lo, lo, sizeof lo);
    else if (f->lo_by_fact) /* bounded by another fact: range ..audit.date */
        snprintf(lo, sizeof lo, "%s", r->facts[f->lo_fact].name);
    if (f->has_hi)
        eri_fact_value_text(f, &f->hi, hi, sizeof hi);
    else if (f->hi_by_fact)
        snprintf(hi, sizeof hi, "%s", r->facts[f->hi_fact].name);
    if (has_lo && has_hi)
        fprintf(out, ", from %s to %s", lo, hi);
    else if (has_lo)
        fprintf(out, ", at least %s", lo);
    else if (has_hi)
        fprintf(out, ", at most %s", hi);
    if (f->has_default) {
        char def[256];
        eri_fact_value_text(f, &f->def, def, sizeof def);
        fprintf(out, "; default %s (may stay commented out)", def);
    }
}

/* per fact, the nodes that read it in the rules' order: counted, then laid
 * out one after the other (linear in the sizes of the fact sets) */
static bool index_uses(tpl *t)
{
    const er_rules *r = t->r;
    size_t total = 0;
    for (uint32_t i = 0; i < r->nnodes; i++)
        total += r->nodes[i].exclude_facts.n + r->nodes[i].facts.n;
    t->use_at = eri_calloc(r->nfacts + 2, sizeof *t->use_at);
    t->uses = eri_malloc(sizeof *t->uses * (total + 1));
    if (!t->use_at || !t->uses)
        return false;
    for (uint32_t i = 0; i < r->nnodes; i++) {
        for (uint32_t k = 0; k < r->nodes[i].exclude_facts.n; k++)
            t->use_at[r->nodes[i].exclude_facts.idx[k] + 2]++;
        for (uint32_t k = 0; k < r->nodes[i].facts.n; k++)
            t->use_at[r->nodes[i].facts.idx[k] + 2]++;
    }
    for (uint32_t f = 2; f < r->nfacts + 2; f++)
        t->use_at[f] += t->use_at[f - 1];
    /* use_at[f + 1] is now where fact f's uses start; filling moves it to their end */
    for (uint32_t i = 0; i < r->nnodes; i++) {
        for (uint32_t k = 0; k < r->nodes[i].exclude_facts.n; k++)
            t->uses[t->use_at[r->nodes[i].exclude_facts.idx[k] + 1]++] = -2 - (int32_t)i;
        for (uint32_t k = 0; k < r->nodes[i].facts.n; k++)
            t->uses[t->use_at[r->nodes[i].facts.idx[k] + 1]++] = (int32_t)i;
    }
    return true;
}

static bool in_set(const eri_factset *fs, uint32_t fact)
{
    for (uint32_t i = 0; i < fs->n; i++)
        if ((uint32_t)fs->idx[i] == fact)
            return true;
    return false;
}

/* "5.1.1.2, 5.2.3 (exclusion), veto, total" */
static void put_uses(const tpl *t, uint32_t fact)
{
    const er_rules *r = t->r;
    FILE *out = t->out;
    const char *sep = "";
    for (uint32_t u = t->use_at[fact]; u < t->use_at[fact + 1]; u++) {
        int32_t i = t->uses[u];
        fprintf(out, "%s%s%s", sep, r->nodes[i < 0 ? -2 - i : i].id, i < 0 ? " (exclusion)" : "");
        sep = ", ";
    }
    for (uint32_t i = 0; i < r->nadjusts; i++)
        if (in_set(&r->adjusts[i].facts, fact)) {
            fprintf(out, "%sthe total (%s)", sep, r->adjusts[i].label);
            sep = ", ";
        }
    for (uint32_t i = 0; i < r->nvetoes; i++)
        if (in_set(&r->vetoes[i].facts, fact)) {
            fprintf(out, "%sa veto", sep);
            sep = ", ";
            break;
        }
    for (uint32_t i = 0; i < r->ncaps; i++)
        if (in_set(&r->caps[i].facts, fact)) {
            fprintf(out, "%sa rating cap", sep);
            sep = ", ";
            break;
        }
    if (!*sep)
        fputs("nothing (not read by any rule)", out);
}

static void put_fact(tpl *t, uint32_t fact)
{
    const eri_fact *f = &t->r->facts[fact];
    fputs("#\n", t->out);
    if (*f->label) {
        fputs("# ", t->out);
        put_oneline(t->out, f->label);
        fputc('\n', t->out);
    }
    fputs("#   ", t->out);
    put_kind(t->out, t->r, f);
    fputs("; feeds ", t->out);
    put_uses(t, fact);
    /* not aligned: comment lines between facts end an alignment block in fmt's layout */
    fprintf(t->out, "\n# %s =\n", f->name);
}

/* "#   may be excluded if it does not apply (…): exclude 5.2.4 "reason"" */
static void put_excludable(FILE *out, const eri_node *n)
{
    fputs("\n#   may be excluded if it does not apply", out);
    if (n->excludable_note) {
        fputs(" (", out);
        put_oneline(out, n->excludable_note);
        fputc(')', out);
    }
    fprintf(out, ": exclude %s \"reason\"", n->id);
}

static void put_group(tpl *t, int32_t group, const char *title)
{
    const er_rules *r = t->r;
    fputs("\n# ", t->out);
    if (title)
        fputs(title, t->out);
    else {
        const eri_node *n = &r->nodes[group];
        fprintf(t->out, "%s ", n->id);
        put_oneline(t->out, n->label);
        if (n->parent >= 0) {
            fprintf(t->out, " (in %s ", r->nodes[n->parent].id);
            put_oneline(t->out, r->nodes[n->parent].label);
            fputc(')', t->out);
        }
        if (n->exclude_when) {
            size_t len;
            const char *cond = eri_rules_text(r, n->exclude_when->span, &len);
            fputs("\n#   not applicable when ", t->out);
            for (size_t k = 0; k < len; k++) /* a condition may span lines */
                fputc(cond[k] == '\n' || cond[k] == '\r' ? ' ' : cond[k], t->out);
            if (n->exclude_reason) {
                fputs(" (", t->out);
                put_oneline(t->out, n->exclude_reason);
                fputc(')', t->out);
            }
            fputs(": then the facts only it reads may stay commented out", t->out);
        }
        if (n->excludable)
            put_excludable(t->out, n);
    }
    fputc('\n', t->out);
    if (group >= 0) {
        for (uint32_t f = t->first[group]; f != UINT32_MAX; f = t->next[f])
            put_fact(t, f);
        return;
    }
    for (uint32_t i = 0; i < t->nplaced; i++)
        if (t->group[t->order[i]] == group)
            put_fact(t, t->order[i]);
}

/* Step 3 of the header: the indicators the auditor may exclude, each with
 * when (the rules' 'excludable'), or that there are none. */
static void put_exclusions(FILE *out, const er_rules *r)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->nnodes; i++)
        n += r->nodes[i].excludable;
    if (n == 0) {
        fputs("#   3. These rules let no indicator be excluded as not applicable.\n", out);
        return;
    }
    fputs("#   3. Only these may be excluded, when they do not apply: add a line   exclude ID \"reason\"\n", out);
    for (uint32_t i = 0; i < r->nnodes; i++) {
        const eri_node *nd = &r->nodes[i];
        if (!nd->excludable)
            continue;
        fprintf(out, "#        %s ", nd->id);
        put_oneline(out, nd->label);
        if (nd->excludable_note) {
            fputs(": ", out);
            put_oneline(out, nd->excludable_note);
        }
        fputc('\n', out);
    }
    fputs("#      The facts only it reads may then stay commented out.\n", out);
}

static void put_header(FILE *out, const er_rules *r, const char *rules_path)
{
    const char *path = rules_path ? rules_path : r->src->name;
    fprintf(out, "# Facts file for %s", *r->code ? r->code : "(no standard named)");
    if (r->title && *r->title) {
        fputc(' ', out);
        put_oneline(out, r->title);
    }
    fprintf(out, "\n# A blank template from `evalrules template %s`.\n", path);
    fputs("#\n"
          "# How to fill it in:\n"
          "#   1. Write the enterprise's name on the subject line and remove its \"# \".\n"
          "#   2. For every fact, remove the \"# \" before its name and write the value after \"=\":\n"
          "#      yes/no, 42, 3.5, 85%, 18/20 (conforming/sampled), \"text\", 2026-10-12, or one of\n"
          "#      the values listed.  The comment above each fact says what to record.\n",
          out);
    put_exclusions(out, r);
    fputs("#   4. A fact with a default may stay commented out: the default is used.\n", out);
    fprintf(out, "#   5. Evaluate: evalrules %s FILE\n", path);
    fputs("#      A fact still commented out is reported as missing; nothing is scored until every\n"
          "#      fact needed is given.\n"
          "\n"
          "# subject = \"\"\n",
          out);
}

int er_template_write(FILE *out, const er_rules *r, const char *rules_path)
{
    if (!out || !r)
        return -1;
    tpl t = {.out = out, .r = r};
    t.group = eri_malloc(sizeof *t.group * (r->nfacts + 1));
    t.order = eri_malloc(sizeof *t.order * (r->nfacts + 1));
    t.next = eri_malloc(sizeof *t.next * (r->nfacts + 1));
    t.first = eri_malloc(sizeof *t.first * (r->nnodes + 1));
    int rc = -1;
    if (!t.group || !t.order || !t.next || !t.first || !index_uses(&t))
        goto done;
    for (uint32_t i = 0; i < r->nfacts; i++)
        t.group[i] = -1;
    place_all(&t);
    uint32_t placed = t.nplaced;
    uint32_t unread = t.nplaced, header = 0;
    for (uint32_t i = 0; i < r->nfacts; i++) /* the report's header reads these (rules.h) */
        if (t.group[i] == -1 && eri_header_fact(r->facts[i].name)) {
            t.group[i] = -4;
            t.order[t.nplaced++] = i;
            header++;
        }
    unread = t.nplaced;
    for (uint32_t i = 0; i < r->nfacts; i++) /* read by nothing: a group of their own */
        if (t.group[i] == -1) {
            t.group[i] = -3;
            t.order[t.nplaced++] = i;
        }
    /* each node's group as a list in the order its facts were placed */
    for (uint32_t i = 0; i < r->nnodes; i++)
        t.first[i] = UINT32_MAX;
    for (uint32_t i = placed; i-- > 0;) {
        uint32_t f = t.order[i];
        if (t.group[f] >= 0) {
            t.next[f] = t.first[t.group[f]];
            t.first[t.group[f]] = f;
        }
    }

    put_header(out, r, rules_path);
    for (uint32_t i = 0; i < placed; i++) { /* node groups, each at its first fact */
        int32_t g = t.group[t.order[i]];
        if (g >= 0 && t.first[g] == t.order[i])
            put_group(&t, g, NULL);
    }
    for (uint32_t i = 0; i < placed; i++)
        if (t.group[t.order[i]] == GLOBAL_GROUP) {
            put_group(&t, GLOBAL_GROUP, "Total, vetoes and rating");
            break;
        }
    if (header)
        put_group(&t, -4, "Shown in the report's header");
    if (t.nplaced > unread)
        put_group(&t, -3, "Facts no rule reads (declared, but they change nothing)");
    rc = fflush(out) != 0 || ferror(out) ? -1 : 0;
done:
    eri_free(t.group);
    eri_free(t.order);
    eri_free(t.next);
    eri_free(t.first);
    eri_free(t.use_at);
    eri_free(t.uses);
    return rc;
}
