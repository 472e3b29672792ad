/* replay.c — how the enterprises of archived audits fare under two
 * editions of a rules file (evalrules diff OLD NEW --facts AUDIT…).
 *
 * Each audit is loaded and evaluated under each edition with the facts an
 * edition does not declare skipped; what the reports need is copied into
 * the replay's arena (strings, the exact score, why an audit could not be
 * evaluated, from its captured diagnostics).  The audits are then sorted:
 * the evaluable first, the largest change of score first, a change of
 * level before a change of score only, else in the order given.  An
 * allocation failure jumps back to er_replay_run, which reports it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "diff.h"
#include "result.h"
#include "rules.h"

#define CAPTURE 16384 /* bytes of an audit's diagnostics kept to find the reason */

/* Why an audit was not evaluated, from its captured diagnostics: the names
 * of the missing facts when that is all, else the first error. */
static void reason_of(const char *buf, unsigned errors, char *out, size_t cap)
{
    static const char tag[] = ": error: ", missing[] = "missing fact '";
    size_t k = 0;
    unsigned nmissing = 0;
    const char *first = NULL;
    size_t first_len = 0;
    out[0] = '\0';
    for (const char *line = buf; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        const char *e = line[0] != ' ' ? strstr(line, tag) : NULL;
        if (e && e < line + len) {
            const char *msg = e + sizeof tag - 1;
            size_t mlen = (size_t)(line + len - msg);
            if (!first) {
                first = msg;
                first_len = mlen;
            }
            const char *q = mlen > sizeof missing - 1 && memcmp(msg, missing, sizeof missing - 1) == 0
                                ? memchr(msg + sizeof missing - 1, '\'', mlen - (sizeof missing - 1))
                                : NULL;
            if (q) {
                const char *name = msg + sizeof missing - 1;
                int w = snprintf(out + k, cap - k, "%s%.*s", nmissing ? ", " : "", (int)(q - name), name);
                k = w > 0 && (size_t)w < cap - k ? k + (size_t)w : k;
                nmissing++;
            }
        }
        line += len + (eol ? 1 : 0);
    }
    if (nmissing && nmissing == errors) {
        char names[1024];
        snprintf(names, sizeof names, "%s", out);
        snprintf(out, cap, "missing fact%s %s", nmissing == 1 ? "" : "s", names);
    } else if (first && errors > 1)
        snprintf(out, cap, "%.*s (and %u more error%s)", (int)first_len, first, errors - 1, errors == 2 ? "" : "s");
    else if (first)
        snprintf(out, cap, "%.*s", (int)first_len, first);
    else
        snprintf(out, cap, "%s", errors ? "invalid facts" : "could not be evaluated");
}

static const char *dup(eri_arena *a, const char *s) { return eri_arena_strndup(a, s, strlen(s)); }

/* What one edition made of an audit, copied into the replay's arena (a
 * protected call: the facts, result and captured messages are still held
 * by the caller, which frees them before passing a failure on). */
typedef struct side_args {
    eri_arena *a;
    const er_rules *r;
    const er_facts *f;
    const er_result *res;
    const char *messages;
    unsigned errors;
    er_replay_side *s;
    eri_num *score;
    const char **subject;
} side_args;

static void copy_side(void *arg)
{
    side_args *x = arg;
    eri_arena *a = x->a;
    er_replay_side *s = x->s;
    s->ignored = er_facts_ignored(x->f);
    s->evaluated = x->res != NULL;
    if (x->f && !**x->subject)
        *x->subject = dup(a, er_facts_subject(x->f));
    if (x->res) {
        const char *rating = er_result_rating(x->res);
        *x->score = eri_result_total(x->res, ER_TOTAL_SCORE);
        if (eri_num_keep(eri_arena_nums(a), x->score) != ERI_NUM_OK) /* outlives the result */
            eri_arena_fail(a);
        s->score = dup(a, er_result_score(x->res));
        s->rating = rating ? dup(a, rating) : NULL;
        s->outcome = dup(a, rating ? rating : x->r->unrated_label ? x->r->unrated_label : "not rated");
        s->vetoed = er_result_veto_count(x->res) > 0;
    } else {
        char why[2048];
        reason_of(x->messages, x->errors, why, sizeof why);
        s->reason = dup(a, why);
    }
}

/* Load and evaluate one audit under one edition; *score is the exact final
 * score when evaluated.  Jumps (arena) only when nothing is held. */
static void play(er_replay *rp, const er_rules *r, const char *path, er_replay_side *s, eri_num *score,
                 const char **subject)
{
    eri_arena *a = rp->arena;
    char *buf = eri_calloc(1, CAPTURE + 1);
    FILE *m = buf ? fmemopen(buf, CAPTURE, "w") : NULL;
    er_diag *cd = buf ? er_diag_new(m) : NULL; /* m NULL: errors are only counted */
    if (!cd) {
        if (m)
            fclose(m);
        eri_free(buf);
        eri_arena_fail(a);
    }
    er_facts_opts o = {.ignore_unknown = true};
    er_facts *f = er_facts_load_opts(r, path, &o, cd);
    er_result *res = f ? er_eval(r, f, cd) : NULL;
    if (m)
        fclose(m); /* buf now holds what was printed, NUL-terminated */

    side_args x = {.a = a, .r = r, .f = f, .res = res, .messages = buf, .errors = er_diag_errors(cd),
                   .s = s, .score = score, .subject = subject};
    bool ok = eri_arena_protect(a, copy_side, &x);
    er_result_free(res);
    er_facts_free(f);
    er_diag_free(cd);
    eri_free(buf);
    if (!ok)
        eri_arena_fail(a);
}

static const char *delta_text(eri_arena *a, eri_num d, const er_rules *o, const er_rules *n)
{
    int dec = o->score_decimals > n->score_decimals ? o->score_decimals : n->score_decimals;
    char local[96], *buf = local;
    eri_num abs = d;
    if (eri_num_sign(d) < 0 && eri_num_neg(d, &abs) != ERI_NUM_OK)
        eri_arena_fail(a);
    size_t len = eri_num_format(abs, dec > 0 ? dec : 0, 6, buf, sizeof local, NULL);
    if (len >= sizeof local) /* a large number's */
        eri_num_format(abs, dec > 0 ? dec : 0, 6, buf = eri_arena_alloc(a, len + 1), len + 1, NULL);
    return eri_diff_format(a, "%s%s", eri_num_sign(d) > 0 ? "+" : eri_num_sign(d) < 0 ? "-" : "", buf);
}

typedef struct sort_key {
    uint32_t index;
    bool evaluable, level;
    eri_num abs_delta;
} sort_key;

static int by_change(const void *pa, const void *pb)
{
    const sort_key *a = pa, *b = pb;
    if (a->evaluable != b->evaluable)
        return a->evaluable ? -1 : 1;
    int c = eri_num_cmp(b->abs_delta, a->abs_delta);
    if (c)
        return c;
    if (a->level != b->level)
        return a->level ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

typedef struct replay_args {
    er_replay *rp;
    const er_rules *o, *n;
    const char *const *paths;
    size_t npaths;
    er_diag *d;
} replay_args;

/* Every audit under both editions (a protected call). */
static void replay(void *arg)
{
    replay_args *ra = arg;
    er_replay *rp = ra->rp;
    const er_rules *o = ra->o, *n = ra->n;
    const char *const *paths = ra->paths;
    size_t npaths = ra->npaths;
    er_diag *d = ra->d;
    eri_arena *a = rp->arena;
    rp->old_code = o->code ? o->code : "";
    rp->new_code = n->code ? n->code : "";
    er_replay_entry *e = ERI_NEW_ARRAY(a, er_replay_entry, npaths + 1);
    sort_key *keys = ERI_NEW_ARRAY(a, sort_key, npaths + 1);
    for (size_t i = 0; i < npaths; i++) {
        er_replay_entry *x = &e[i];
        x->file = eri_diff_format(a, "%s", paths[i]);
        x->subject = "";
        x->status = ER_REPLAY_NOT_EVALUABLE;
        keys[i] = (sort_key){.index = (uint32_t)i, .abs_delta = ERI_NUM_ZERO};
        FILE *probe = fopen(paths[i], "rb"); /* an unreadable file is the caller's error, not a reason */
        if (!probe) {
            int err = errno;
            eri_diag_io(d, paths[i], err);
            x->old_side.reason = x->new_side.reason =
                eri_diff_format(a, "cannot read '%s': %s", paths[i], strerror(err));
            continue;
        }
        fclose(probe);
        eri_num os = ERI_NUM_ZERO, ns = ERI_NUM_ZERO, delta;
        play(rp, o, paths[i], &x->old_side, &os, &x->subject);
        play(rp, n, paths[i], &x->new_side, &ns, &x->subject);
        if (!x->old_side.evaluated || !x->new_side.evaluated)
            continue;
        if (eri_num_sub(ns, os, &delta) != ERI_NUM_OK) /* in the arena's number heap */
            eri_arena_fail(a);
        x->delta = delta_text(a, delta, o, n);
        bool level = !eri_diff_same(x->old_side.rating, x->new_side.rating);
        x->status = level ? ER_REPLAY_LEVEL : eri_num_is_zero(delta) ? ER_REPLAY_UNCHANGED : ER_REPLAY_SCORE;
        keys[i].evaluable = true;
        keys[i].level = level;
        if (eri_num_sign(delta) < 0 && eri_num_neg(delta, &delta) != ERI_NUM_OK)
            eri_arena_fail(a);
        keys[i].abs_delta = delta;
    }
    qsort(keys, npaths, sizeof *keys, by_change);
    rp->e = ERI_NEW_ARRAY(a, er_replay_entry, npaths + 1);
    for (size_t i = 0; i < npaths; i++)
        rp->e[i] = e[keys[i].index];
    rp->n = npaths;
}

er_replay *er_replay_run(const er_rules *old_rules, const er_rules *new_rules, const char *const *paths,
                         size_t npaths, er_diag *d)
{
    er_replay *rp = eri_calloc(1, sizeof *rp);
    eri_arena *arena = eri_arena_new();
    if (!rp || !arena || !old_rules || !new_rules || (npaths && !paths)) {
        eri_free(rp);
        eri_arena_free(arena);
        eri_diag_plain(d, ERI_SEV_ERROR, rp && arena ? "no rules or audits to replay" : "out of memory");
        return NULL;
    }
    rp->arena = arena;
    replay_args ra = {.rp = rp, .o = old_rules, .n = new_rules, .paths = paths, .npaths = npaths, .d = d};
    if (!eri_arena_protect(arena, replay, &ra)) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while replaying the audits");
        er_replay_free(rp);
        return NULL;
    }
    return rp;
}

void er_replay_free(er_replay *rp)
{
    if (!rp)
        return;
    eri_arena_free(rp->arena);
    eri_free(rp);
}

size_t er_replay_count(const er_replay *rp) { return rp ? rp->n : 0; }

const er_replay_entry *er_replay_entry_at(const er_replay *rp, size_t i)
{
    return rp && i < rp->n ? &rp->e[i] : NULL;
}

size_t er_replay_count_status(const er_replay *rp, er_replay_status st)
{
    size_t k = 0;
    for (size_t i = 0; rp && i < rp->n; i++)
        k += rp->e[i].status == st;
    return k;
}
