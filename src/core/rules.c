/* rules.c — loading a rules file (parse, check, freeze) and lookups on
 * the checked rule set. */
#include "rules.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "parse.h"

const char *const eri_fact_type_names[] = {"bool", "int", "decimal", "percent",
                                          "sample", "text", "date", "enum"};

const char *const eri_round_mode_names[ERI_ROUND_MODES] = {"half_up", "half_even", "half_down", "up",
                                           "down",    "floor",     "ceiling"};

const char *const eri_builtin_names[] = {"min",        "max",     "ceil",    "floor",      "round",
                                        "abs",        "days_between", "conforming", "sampled",
                                        "earned",     "applicable",   "failed",     "points",
                                        "excluded"};

const char *er_version(void) { return EVALRULES_VERSION; }

void eri_fact_value_text(const eri_fact *f, const eri_value *v, char *buf, size_t cap)
{
    char num[96];
    switch (f->type) {
    case ERI_FT_BOOL: snprintf(buf, cap, "%s", v->b ? "yes" : "no"); break;
    case ERI_FT_SAMPLE: snprintf(buf, cap, "%lld/%lld", (long long)v->k, (long long)v->n); break;
    case ERI_FT_TEXT: snprintf(buf, cap, "\"%s\"", v->text ? v->text : ""); break;
    case ERI_FT_DATE: eri_date_format(v->date, num); snprintf(buf, cap, "%s", num); break;
    case ERI_FT_ENUM:
        snprintf(buf, cap, "%s", v->choice >= 0 && (uint32_t)v->choice < f->nchoices ? f->choices[v->choice] : "");
        break;
    case ERI_FT_PERCENT: {
        eri_num p;
        bool ok = eri_num_mul(v->num, eri_num_int(100), &p) == ERI_NUM_OK;
        eri_num_format(ok ? p : v->num, 0, 6, num, sizeof num, NULL);
        snprintf(buf, cap, "%s%s", num, ok ? "%" : "");
        break;
    }
    default: eri_num_format(v->num, 0, 6, num, sizeof num, NULL); snprintf(buf, cap, "%s", num); break;
    }
}

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
    la->ok = eri_parse(la->r->src, la->r->arena, la->d, &la->r->ast) == 0 && eri_check(la->r, la->d) &&
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
    eri_source *src = eri_source_read(path);
    if (!src) {
        eri_diag_io(d, path, errno);
        return NULL;
    }
    return load(src, d);
}

er_rules *er_rules_load_string(const char *name, const char *text, size_t len, er_diag *d)
{
    eri_source *src = eri_source_from_string(name, text, len);
    if (!src) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    return load(src, d);
}

void er_rules_free(er_rules *r)
{
    if (!r)
        return;
    eri_arena_free(r->arena);
    eri_source_free(r->src);
    eri_free(r);
}

const char *er_rules_standard(const er_rules *r) { return r->code ? r->code : ""; }
const char *er_rules_title(const er_rules *r) { return r->title ? r->title : ""; }
void er_rules_dump(FILE *out, const er_rules *r) { eri_ast_dump(out, r->ast); }

int32_t eri_rules_find_fact(const er_rules *r, const char *name, size_t len)
{
    for (uint32_t i = 0; i < r->nfacts; i++)
        if (strlen(r->facts[i].name) == len && memcmp(r->facts[i].name, name, len) == 0)
            return (int32_t)i;
    return -1;
}

int32_t eri_rules_find_node(const er_rules *r, const char *id, size_t len)
{
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (strlen(r->nodes[i].id) == len && memcmp(r->nodes[i].id, id, len) == 0)
            return (int32_t)i;
    return -1;
}

const char *eri_rules_text(const er_rules *r, eri_span span, size_t *len)
{
    if (span.end > r->src->len || span.start > span.end) {
        *len = 0;
        return "";
    }
    *len = span.end - span.start;
    return r->src->text + span.start;
}

size_t eri_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t max)
{
    if ((alen > blen ? alen - blen : blen - alen) > max)
        return max + 1;
    if (blen > 255)
        return max + 1;
    size_t row[256];
    for (size_t j = 0; j <= blen; j++)
        row[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        size_t diag = row[0], best;
        row[0] = i;
        best = row[0];
        for (size_t j = 1; j <= blen; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = diag + cost;
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
    }
    return row[blen] > max ? max + 1 : row[blen];
}
