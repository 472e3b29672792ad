/* load.c — loading a rules file or a scheme file: read, parse, check,
 * freeze; and the public face of what was loaded (er_rules_*, er_scheme_*).
 *
 * Loading sits above the checker: it calls the checker's passes in order
 * (check_rules below) and no pass calls back into this file.  The rule
 * set's own look-ups (find a fact or node, the text of a span) are in
 * rules.c, which the checker and the evaluator use. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "check.h"
#include "diag.h"
#include "facts.h"
#include "parse.h"

const char *er_version(void) { return EVALRULES_VERSION; }

/* ---- the checker's passes, in order ------------------------------------- */

/* The order of the passes (check.h): declarations first, so that uses may
 * come before them; then every expression's names and types; then what
 * needs them resolved.  Cycles are looked for, and lints and schemes run,
 * only on a rule set without errors. */
static bool check_rules(er_rules *r, er_diag *d)
{
    eri_checker c = {.r = r, .d = d, .a = r->arena, .scope = -1};
    eri_ck_decls(&c);
    eri_ck_types(&c);
    eri_ck_item_rules(&c);
    eri_ck_total(&c);
    if (c.errors == 0)
        eri_ck_cycles(&c);
    eri_ck_unused_facts(&c);
    if (!r->code)
        r->code = "";
    if (!r->title)
        r->title = "";
    if (c.errors == 0) {
        eri_ck_lint(&c);
        eri_ck_factsets(&c);
        eri_ck_schemes(&c);
        eri_row_lay(r);
    }
    return c.errors == 0;
}

/* ---- a rules file ------------------------------------------------------- */

typedef struct load_args {
    er_rules *r;
    er_diag *d;
    bool ok;
} load_args;

/* Parse and check (a protected call). */
static void parse_and_check(void *arg)
{
    load_args *la = arg;
    unsigned before = er_diag_errors(la->d);
    /* after syntax errors the tree has holes: checking it would report their echoes */
    la->ok = !eri_parse_foreign(la->r->src, la->d) && eri_parse(la->r->src, la->r->arena, la->d, &la->r->ast) == 0 &&
             !eri_parse_only_schemes(la->r->src, la->r->ast, la->d) && check_rules(la->r, la->d) &&
             er_diag_errors(la->d) == before;
}

static er_rules *load(eri_source *src, er_diag *d)
{
    er_rules *r = eri_calloc(1, sizeof *r);
    eri_arena *arena = eri_arena_new();
    if (!r || !arena) {
        eri_free(r);
        eri_arena_free(arena);
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    r->arena = arena;
    r->src = src;
    load_args la = {.r = r, .d = d, .ok = false};
    if (!eri_arena_protect(arena, parse_and_check, &la)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while loading %s", src->name);
        er_rules_free(r);
        return NULL;
    }
    if (!la.ok) {
        er_rules_free(r);
        return NULL;
    }
    return r;
}

er_rules *er_rules_load(const char *path, er_diag *d)
{
    eri_source *src = eri_diag_read(d, path);
    return src ? load(src, d) : NULL;
}

er_rules *er_rules_load_string(const char *name, const char *text, size_t len, er_diag *d)
{
    eri_source *src = eri_diag_text(d, name, text, len);
    return src ? load(src, d) : NULL;
}

void er_rules_free(er_rules *r)
{
    if (!r)
        return;
    eri_arena_free(r->arena);
    eri_source_free(r->src);
    eri_free(r);
}

const char *er_rules_standard(const er_rules *r) { return r->code; /* "" when none (check_rules) */ }
const char *er_rules_title(const er_rules *r) { return r->title; /* "" when none (check_rules) */ }
void er_rules_dump(FILE *out, const er_rules *r) { eri_ast_dump(out, r->ast); }

/* ---- a scheme file ------------------------------------------------------ */

typedef struct scheme_args {
    er_scheme *s;
    const er_rules *r;
    er_diag *d;
    bool ok;
} scheme_args;

/* Parse the scheme file and check it (a protected call). */
static void parse_and_check_scheme(void *arg)
{
    scheme_args *sa = arg; /* eri_ck_scheme_file is true only when it reported no error */
    sa->ok = eri_parse(sa->s->own_src, sa->s->own_arena, sa->d, &sa->s->own_ast) == 0 &&
             eri_ck_scheme_file(sa->s, sa->r, sa->d);
}

static er_scheme *load_scheme(const er_rules *r, eri_source *src, er_diag *d)
{
    er_scheme *s = eri_calloc(1, sizeof *s);
    eri_arena *arena = eri_arena_new();
    if (!s || !arena || !r) {
        eri_free(s);
        eri_arena_free(arena);
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, r ? "out of memory" : "no rules to apply the scheme to");
        return NULL;
    }
    s->own_arena = arena;
    s->own_src = src;
    scheme_args sa = {.s = s, .r = r, .d = d, .ok = false};
    if (!eri_arena_protect(arena, parse_and_check_scheme, &sa)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while loading %s", src->name);
        er_scheme_free(s);
        return NULL;
    }
    if (!sa.ok) {
        er_scheme_free(s);
        return NULL;
    }
    return s;
}

er_scheme *er_scheme_load(const er_rules *r, const char *path, er_diag *d)
{
    eri_source *src = eri_diag_read(d, path);
    return src ? load_scheme(r, src, d) : NULL;
}

er_scheme *er_scheme_load_string(const er_rules *r, const char *name, const char *text, size_t len, er_diag *d)
{
    eri_source *src = eri_diag_text(d, name, text, len);
    return src ? load_scheme(r, src, d) : NULL;
}

void er_scheme_free(er_scheme *s)
{
    if (!s || !s->own_arena) /* the rules' schemes live in the rules' arena */
        return;
    eri_arena_free(s->own_arena);
    eri_source_free(s->own_src);
    eri_free(s);
}

/* ---- the schemes of a rule set ------------------------------------------ */

const er_scheme *er_rules_base(const er_rules *r) { return &r->base; }
size_t er_rules_scheme_count(const er_rules *r) { return r->nschemes; }
const er_scheme *er_rules_scheme_at(const er_rules *r, size_t i) { return i < r->nschemes ? &r->schemes[i] : NULL; }

const er_scheme *er_rules_scheme(const er_rules *r, const char *name)
{
    if (strcmp(name, "base") == 0)
        return &r->base;
    for (uint32_t i = 0; i < r->nschemes; i++)
        if (strcmp(r->schemes[i].name, name) == 0)
            return &r->schemes[i];
    return NULL;
}

const char *er_scheme_name(const er_scheme *s) { return s->name; }
const char *er_scheme_label(const er_scheme *s) { return s->label; }

/* ---- describing a scheme ---------------------------------------------- */

void er_scheme_describe(FILE *out, const er_rules *r, const er_scheme *s)
{
    char w[64], p[64], a[64], b[64], c[64];
    for (uint32_t i = 0; i < s->npairwise; i++) {
        const eri_pairwise *pw = &s->pairwise[i];
        int line, col;
        eri_source_position(s->src, pw->span.start, &line, &col);
        eri_num_format(pw->lambda_max, 0, 6, a, sizeof a, NULL);
        eri_num_format(pw->ci, 0, 6, b, sizeof b, NULL);
        eri_num_format(pw->cr, 0, 6, c, sizeof c, NULL);
        fprintf(out, "  pairwise %s (%s:%d): lambda max %s, CI %s, CR %s\n",
                pw->parent >= 0 ? r->nodes[pw->parent].id : "(first level)", s->src->name, line, a, b, c);
        for (uint32_t k = 0; k < pw->nchildren; k++) {
            const eri_node *n = &r->nodes[pw->children[k]];
            eri_num_format(pw->weights[k], 0, 6, w, sizeof w, NULL);
            eri_num_format(s->points[pw->children[k]], 0, 6, p, sizeof p, NULL);
            fprintf(out, "    %-10s weight %-9s points %s\n", n->id, w, p);
        }
    }
}
