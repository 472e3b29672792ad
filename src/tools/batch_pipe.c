/* batch_pipe.c — a batch's pipeline (batch.h; docs/batch.md): records
 * read by the main thread into blocks, evaluated by workers, written in
 * input order.
 *
 * Two blocks take turns: while the workers evaluate block k (each its
 * contiguous slice, into its own memory streams for that block), the main
 * thread writes block k-1's bytes in input order and reads block k+1.  With
 * -j N the N workers are threads started once per batch and handed each
 * block (a generation count under a mutex and two condition variables);
 * with -j 1 the block is evaluated in the main thread, at its turn.  So
 * memory is bounded by two blocks, and the output is the same bytes
 * whatever the number of threads: every record is written by the same code
 * into a buffer of its own, only the thread differs.  The batch formats
 * (jsonl, csv) take a line from the compiled plan's brief (plan.h:
 * eri_evaluate_brief) and from the general evaluator only where the plan
 * did not run the record itself (see line()). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "batch.h"
#include "diag.h"
#include "plan.h"
#include "result.h"
#include "rules.h"

/* ---- one record, in its thread ------------------------------------------ */

void eri_batch_first_error(const char *text, size_t len, eri_line *l, char *msg, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < len && text[i] != '\n' && k + 1 < cap; i++) {
        if (text[i] == '\033') { /* ESC [ … m */
            while (i < len && text[i] != 'm')
                i++;
            continue;
        }
        msg[k++] = text[i];
    }
    msg[k] = '\0';
    l->error = msg;
    char *e = strstr(msg, ": error: ");
    if (!e)
        return;
    l->error = e + 9;
    /* FILE:LINE:COL before it (the file's name may hold ':') */
    char *p = e;
    int n[2] = {0, 0};
    for (int f = 1; f >= 0; f--) {
        char *q = p;
        while (q > msg && q[-1] >= '0' && q[-1] <= '9')
            q--;
        if (q == p || q == msg || q[-1] != ':')
            return;
        n[f] = atoi(q);
        p = q - 1;
    }
    l->error_line = n[0];
    l->error_column = n[1];
}

static char *base_id(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 6 && strcmp(base + len - 6, ".facts") == 0)
        len -= 6;
    return eri_strndup(base, len);
}

/* The line of a scored record: from the brief when the plan ran the record
 * itself (its totals, vetoes and cap), else from the general evaluator's
 * result.  -1 when out of memory or the evaluation failed (reported). */
static int line(worker *w, outs *o, const er_facts *f, er_diag *d, eri_line *l, item *it)
{
    er_batch *b = w->b;
    eri_brief brief;
    if (!eri_evaluate_brief(w->ev, f, b->o.scheme, d, &brief))
        return -1;
    it->level = brief.level;
    it->vetoed = brief.nvetoed > 0;
    const char *vetoes[64], **v = b->r->nvetoes < 64 ? vetoes : malloc(b->r->nvetoes * sizeof *v);
    char totals[3 * 160];
    int rc = v ? eri_line_of_brief(b->r, &brief, l, v, totals, sizeof totals / 3) : -1;
    if (rc == 1) { /* the plan did not run it all: the general evaluator's result */
        const er_result *res = er_evaluate(w->ev, f, b->o.scheme, d);
        rc = res ? eri_line_of_result(res, l, v, totals, sizeof totals / 3) : -1;
    }
    if (rc == 0)
        rc = b->csv ? eri_line_csv(o->out, l) : eri_line_jsonl(o->out, l);
    if (v != vetoes)
        free(v);
    return rc;
}

static void one(worker *w, outs *o, item *it)
{
    er_batch *b = w->b;
    it->out_at = (size_t)ftell(o->out);
    it->err_at = (size_t)ftell(o->err);
    it->level = -1;
    er_diag *d = er_diag_new(o->err);
    if (!d) {
        o->failed = true;
        return;
    }
    er_diag_set_color(d, b->o.color_diagnostics);
    if (b->o.max_shown)
        er_diag_set_limit(d, b->o.max_shown);
    er_facts *f = NULL;
    if (it->bad) {
        /* not read: the header's error is its error */
    } else if (it->kind == ERI_REC_FACTS) {
        f = er_facts_load(b->r, it->path, d);
        it->id = base_id(strcmp(it->path, "-") == 0 ? "stdin" : it->path);
    } else if (it->kind == ERI_REC_JSONL) {
        f = eri_jsonl_facts_in(w->scratch, b->r, it->input, &it->rec, &it->id, d);
    } else {
        f = eri_csv_facts_in(w->scratch, b->r, it->header, it->input, &it->rec, &it->id, d);
    }
    const char *id = it->id ? it->id : "";
    eri_line l = {.id = id, .subject = er_facts_subject(f), .rules = b->digest, .input = it->input,
                  .line = it->kind == ERI_REC_FACTS ? 0 : it->rec.line};
    bool ok = false;
    if (f && b->lines) {
        ok = line(w, o, f, d, &l, it) == 0;
    } else if (f) {
        const er_result *res = er_evaluate(w->ev, f, b->o.scheme, d);
        if (res) {
            it->level = er_result_level(res);
            it->vetoed = er_result_veto_count(res) > 0;
            if (er_report_write(o->out, res, b->format.name, b->o.report) != 0)
                o->failed = true;
            ok = true;
        }
    }
    it->invalid = !ok;
    it->io_failed = er_diag_io_failed(d);
    it->errors = er_diag_errors(d);
    it->warnings = er_diag_warnings(d);
    if (fflush(o->err) != 0)
        o->failed = true;
    if (!ok && b->lines) { /* the error's line instead */
        char msg[512];
        eri_batch_first_error(o->err_buf + it->err_at, o->err_size - it->err_at, &l, msg, sizeof msg);
        if (it->bad)
            l.error = it->bad->msg, l.error_line = it->bad->line, l.error_column = it->bad->column;
        if (l.error_line == 0) /* an error of the whole record (a missing fact): its line, column 0 */
            l.error_line = (int)l.line;
        l.score = NULL;
        fseek(o->out, (long)it->out_at, SEEK_SET); /* a line half written (out of memory) */
        if ((b->csv ? eri_line_csv(o->out, &l) : eri_line_jsonl(o->out, &l)) != 0)
            o->failed = true;
    }
    if (fflush(o->out) != 0)
        o->failed = true;
    it->out_len = (size_t)ftell(o->out) - it->out_at;
    it->err_len = (size_t)ftell(o->err) - it->err_at;
    er_diag_free(d);
    er_facts_free(f);
}

/* ---- writing a block, in the main thread -------------------------------- */

/* DIR/NAME.EXT for an item: a facts file's name without .facts, a record's
 * id made safe (docs/batch.md, "One report per enterprise"), or
 * INPUT-LINE when it has none; a name given already gets -2, -3, … */
static char *safe_name(const item *it)
{
    char buf[96];
    size_t k = 0;
    if (it->kind == ERI_REC_FACTS)
        return base_id(strcmp(it->path, "-") == 0 ? "stdin" : it->path);
    if (it->id && it->id[0]) {
        for (const char *p = it->id; *p && k < 80; p++) {
            char c = *p;
            bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || (c == '.' && k > 0);
            buf[k++] = keep ? c : '_';
        }
    } else {
        char *base = base_id(it->input);
        char *dot = base ? strrchr(base, '.') : NULL;
        if (dot && dot != base)
            *dot = '\0';
        k = (size_t)snprintf(buf, sizeof buf, "%.60s-%u", base ? base : "record", (unsigned)it->rec.line);
        eri_free(base);
        for (size_t i = 0; i < k; i++)
            if (!((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z') ||
                  (buf[i] >= '0' && buf[i] <= '9') || buf[i] == '-' || buf[i] == '_' || (buf[i] == '.' && i)))
                buf[i] = '_';
    }
    return eri_strndup(buf, k);
}

static size_t hash(const char *s)
{
    size_t h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

/* Take name for this batch, or say it was taken: false. */
static bool claim(er_batch *b, const char *name, bool *taken)
{
    if (2 * (b->nnames + 1) > b->names_cap) {
        size_t cap = b->names_cap ? b->names_cap * 2 : 64;
        char **v = eri_calloc(cap, sizeof *v);
        if (!v)
            return false;
        for (size_t i = 0; i < b->names_cap; i++)
            if (b->names[i]) {
                size_t h = hash(b->names[i]) & (cap - 1);
                while (v[h])
                    h = (h + 1) & (cap - 1);
                v[h] = b->names[i];
            }
        eri_free(b->names);
        b->names = v;
        b->names_cap = cap;
    }
    size_t h = hash(name) & (b->names_cap - 1);
    for (; b->names[h]; h = (h + 1) & (b->names_cap - 1))
        if (strcmp(b->names[h], name) == 0) {
            *taken = true;
            return true;
        }
    *taken = false;
    if (!(b->names[h] = eri_strndup(name, strlen(name))))
        return false;
    b->nnames++;
    return true;
}

static bool write_file(er_batch *b, const item *it, const char *bytes, size_t len)
{
    char *name = safe_name(it);
    const char *ext = strcmp(b->format.name, "text") == 0 ? "txt" : b->format.name;
    size_t need = strlen(b->o.output_dir) + (name ? strlen(name) : 0) + strlen(ext) + 32;
    char *path = name ? malloc(need) : NULL;
    bool ok = path != NULL, taken = false;
    for (unsigned k = 1; ok; k++) {
        if (k == 1)
            snprintf(path, need, "%s/%s.%s", b->o.output_dir, name, ext);
        else
            snprintf(path, need, "%s/%s-%u.%s", b->o.output_dir, name, k, ext);
        if (!(ok = claim(b, path, &taken)) || !taken)
            break;
    }
    if (!ok) {
        eri_diag_plain(b->d, ERI_SEV_ERROR, "out of memory");
    } else {
        FILE *f = fopen(path, "w");
        bool header = b->csv && f && eri_line_csv_header(f) != 0;
        if (!f || header || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
            eri_diag_plain(b->d, ERI_SEV_ERROR, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
            ok = false;
        }
    }
    free(path);
    eri_free(name);
    return ok;
}

static void count(er_batch *b, const item *it)
{
    er_batch_counts *c = &b->counts;
    c->total++;
    if (it->invalid) {
        c->invalid++;
        return;
    }
    c->scored++;
    c->vetoed += it->vetoed;
    if (it->level >= 0 && (size_t)it->level < c->nlevels)
        b->levels[it->level]++;
    else
        c->not_rated++;
}


/* Worker t's slice of block k, into its streams for k. */
static void run(er_batch *b, unsigned t, int k)
{
    worker *w = &b->w[t];
    outs *o = &w->o[k];
    rewind(o->out);
    rewind(o->err);
    for (item *it = b->blocks[k].from[t]; it < b->blocks[k].to[t]; it++)
        one(w, o, it);
}

static void *work(void *arg)
{
    worker *w = arg;
    er_batch *b = w->b;
    unsigned t = (unsigned)(w - b->w), seen = 0;
    pthread_mutex_lock(&b->mu);
    for (;;) {
        while (b->gen == seen && !b->quit)
            pthread_cond_wait(&b->go, &b->mu);
        if (b->quit)
            break;
        seen = b->gen;
        int k = b->posted;
        pthread_mutex_unlock(&b->mu);
        run(b, t, k);
        pthread_mutex_lock(&b->mu);
        if (++b->ndone == b->nstarted)
            pthread_cond_signal(&b->done);
    }
    pthread_mutex_unlock(&b->mu);
    return NULL;
}

void eri_batch_start(er_batch *b)
{
    b->flight = -1;
    if (b->nthreads < 2 || pthread_mutex_init(&b->mu, NULL) != 0)
        return;
    if (pthread_cond_init(&b->go, NULL) != 0 || pthread_cond_init(&b->done, NULL) != 0) {
        pthread_mutex_destroy(&b->mu);
        return;
    }
    b->threaded = true;
    for (unsigned t = 0; t < b->nthreads; t++) {
        if (pthread_create(&b->w[t].tid, NULL, work, &b->w[t]) != 0)
            break;
        b->nstarted++;
    }
    if (b->nstarted == 0) /* no thread: the blocks in this one */
        eri_batch_stop(b);
}

void eri_batch_stop(er_batch *b)
{
    if (!b->threaded)
        return;
    pthread_mutex_lock(&b->mu);
    b->quit = true;
    pthread_cond_broadcast(&b->go);
    pthread_mutex_unlock(&b->mu);
    for (unsigned t = 0; t < b->nstarted; t++)
        pthread_join(b->w[t].tid, NULL);
    pthread_cond_destroy(&b->go);
    pthread_cond_destroy(&b->done);
    pthread_mutex_destroy(&b->mu);
    b->threaded = false;
    b->nstarted = 0;
}

/* Block k cut into slices and handed to the workers (or evaluated here). */
static void post(er_batch *b, int k)
{
    block *bl = &b->blocks[k];
    unsigned nt = b->threaded ? b->nstarted : b->nthreads;
    size_t per = (bl->n + nt - 1) / nt;
    for (unsigned t = 0; t < MAX_THREADS; t++) {
        size_t from = t < nt && t * per < bl->n ? t * per : bl->n, to = from + per < bl->n ? from + per : bl->n;
        bl->from[t] = bl->items + from;
        bl->to[t] = bl->items + to;
    }
    b->flight = k;
    if (!b->threaded) {
        for (unsigned t = 0; t < nt; t++)
            run(b, t, k);
        return;
    }
    pthread_mutex_lock(&b->mu);
    b->posted = k;
    b->ndone = 0;
    b->gen++;
    pthread_cond_broadcast(&b->go);
    pthread_mutex_unlock(&b->mu);
}

/* Until the block in flight is evaluated. */
static void wait_done(er_batch *b)
{
    if (!b->threaded)
        return;
    pthread_mutex_lock(&b->mu);
    while (b->ndone < b->nstarted)
        pthread_cond_wait(&b->done, &b->mu);
    pthread_mutex_unlock(&b->mu);
}

/* Block k's bytes, evaluated, written in input order; its records freed. */
static void write_block(er_batch *b, int k)
{
    block *bl = &b->blocks[k];
    for (unsigned t = 0; t < MAX_THREADS && bl->n; t++) {
        outs *o = &b->w[t].o[k];
        if (bl->from[t] == bl->to[t])
            continue;
        if (o->failed)
            eri_diag_plain(b->d, ERI_SEV_ERROR, "could not write the %s reports (out of memory or output failed)",
                           b->format.name);
        b->failed |= o->failed;
        o->failed = false;
        for (item *it = bl->from[t]; it < bl->to[t]; it++) {
            count(b, it);
            b->io_failed |= it->io_failed;
            eri_diag_add_counts(b->d, it->errors, it->warnings, it->io_failed);
            if (it->err_len && b->o.diagnostics)
                fwrite(o->err_buf + it->err_at, 1, it->err_len, b->o.diagnostics);
            const char *bytes = o->out_buf + it->out_at;
            if (it->out_len && b->o.output_dir) {
                b->failed |= !write_file(b, it, bytes, it->out_len);
            } else if (it->out_len) {
                if (b->csv && !b->written && eri_line_csv_header(b->out) != 0)
                    b->failed = true;
                if (b->written && b->format.separator)
                    fputs(b->format.separator, b->out);
                b->written = true;
                if (fwrite(bytes, 1, it->out_len, b->out) != it->out_len)
                    b->failed = true;
            }
            free(it->path);
            free(it->rec.text);
            eri_free(it->id);
            *it = (item){0};
        }
    }
    if (b->o.diagnostics)
        fflush(b->o.diagnostics);
    bl->n = 0;
}

void eri_batch_push(er_batch *b, const item *it)
{
    block *bl = &b->blocks[b->fill];
    bl->items[bl->n++] = *it;
    if (bl->n < b->cap)
        return;
    int prev = b->flight; /* the block full: evaluated while the last one is written */
    if (prev >= 0)
        wait_done(b);
    post(b, b->fill);
    if (prev >= 0)
        write_block(b, prev);
    b->fill = 1 - b->fill;
}

void eri_batch_flush(er_batch *b)
{
    int prev = b->flight, k = b->fill;
    if (prev >= 0)
        wait_done(b);
    bool more = b->blocks[k].n > 0;
    if (more)
        post(b, k);
    if (prev >= 0)
        write_block(b, prev);
    if (more) {
        wait_done(b);
        write_block(b, k);
    }
    b->flight = -1;
}
