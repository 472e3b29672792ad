/* batch.c — many enterprises in one run (evalrules_tools.h: er_batch;
 * docs/batch.md): facts files, directories of them, JSON Lines and CSV
 * records, read, evaluated and written in a pipeline of blocks.
 *
 * The main thread reads a block of records (their bytes only: records.h's
 * eri_rec_next), the block is cut into one contiguous slice per thread, each
 * thread types, evaluates and writes its records into its own memory
 * streams (the report, the diagnostics), and the main thread then writes
 * the block's bytes in input order.  So memory is bounded by a block, and
 * the output is the same bytes whatever the number of threads: every record
 * is written by the same code into a buffer of its own, only the thread
 * differs.  The batch formats (jsonl, csv) take a line from the compiled
 * plan's brief (plan.h: eri_evaluate_brief) and from the general evaluator
 * only where the plan did not run the record itself (see line()). */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "diag.h"
#include "evalrules_tools.h"
#include "json.h"
#include "lines.h"
#include "plan.h"
#include "records.h"
#include "result.h"
#include "rules.h"
#include "seal.h"

enum { PER_THREAD = 256, MAX_THREADS = 64 };

/* An invalid CSV header's first error, which every row under it names. */
typedef struct bad_header {
    char msg[512];
    int line, column;
} bad_header;

typedef struct item {
    eri_rec_format kind;
    const char *input; /* the input's name in messages */
    char *path;        /* a facts file's path (malloc'd) */
    eri_rec rec;       /* a record's bytes */
    const eri_csv_header *header;
    const struct bad_header *bad; /* a CSV row under an invalid header: its error line says why */
    /* what its thread made of it */
    char *id;
    size_t out_at, out_len, err_at, err_len;
    bool invalid, io_failed, vetoed;
    unsigned errors, warnings; /* its diagnostics */
    int level; /* -1 not rated */
} item;

typedef struct worker {
    er_batch *b;
    er_evaluator *ev;
    eri_rec_scratch *scratch; /* a record's room, reused */
    FILE *out, *err;
    char *out_buf, *err_buf;
    size_t out_size, err_size;
    item *from, *to;
    bool failed; /* out of memory or a write failed */
} worker;

struct er_batch {
    const er_rules *r;
    er_batch_opts o;
    er_report_format format;
    bool lines, csv; /* a batch format; csv: its header is written once */
    FILE *out;
    er_diag *d;
    char digest[ER_SHA256_HEX];
    worker w[MAX_THREADS];
    unsigned nthreads;
    item *items;
    size_t n, cap;
    eri_csv_header **headers;
    size_t nheaders;
    bad_header **bad; /* the invalid ones' errors */
    size_t nbad;
    bool written, io_failed, failed;
    er_batch_counts counts;
    size_t *levels;
    /* --output-dir: names given so far (an open-addressing set) */
    char **names;
    size_t nnames, names_cap;
};

er_batch *er_batch_new(const er_rules *r, const er_batch_opts *o, FILE *out, er_diag *d)
{
    er_batch *b = eri_calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->r = r;
    b->o = *o;
    b->out = out;
    b->d = d;
    b->nthreads = o->threads < 1 ? 1 : o->threads > MAX_THREADS ? MAX_THREADS : o->threads;
    size_t i = 0;
    while (er_report_format_at(i, &b->format) && strcmp(b->format.name, o->format) != 0)
        i++;
    b->lines = strcmp(o->format, "jsonl") == 0 || strcmp(o->format, "csv") == 0;
    b->csv = strcmp(o->format, "csv") == 0;
    eri_seal_source(r->src, b->digest);
    b->levels = eri_calloc(r->nlevels + 1, sizeof *b->levels);
    b->cap = (size_t)PER_THREAD * b->nthreads;
    b->items = eri_calloc(b->cap, sizeof *b->items);
    bool ok = b->levels && b->items;
    for (unsigned t = 0; ok && t < b->nthreads; t++) {
        worker *w = &b->w[t];
        w->b = b;
        w->ev = er_evaluator_new(r);
        w->scratch = eri_rec_scratch_new();
        w->out = open_memstream(&w->out_buf, &w->out_size);
        w->err = open_memstream(&w->err_buf, &w->err_size);
        ok = w->ev && w->scratch && w->out && w->err;
    }
    b->counts.levels = b->levels;
    b->counts.nlevels = r->nlevels;
    if (!ok) {
        er_batch_free(b);
        return NULL;
    }
    return b;
}

void er_batch_free(er_batch *b)
{
    if (!b)
        return;
    for (unsigned t = 0; t < b->nthreads; t++) {
        worker *w = &b->w[t];
        er_evaluator_free(w->ev);
        eri_rec_scratch_free(w->scratch);
        if (w->out)
            fclose(w->out);
        if (w->err)
            fclose(w->err);
        free(w->out_buf);
        free(w->err_buf);
    }
    for (size_t i = 0; i < b->nheaders; i++)
        eri_csv_header_free(b->headers[i]);
    for (size_t i = 0; i < b->names_cap; i++)
        eri_free(b->names[i]);
    eri_free(b->names);
    eri_free(b->headers);
    for (size_t i = 0; i < b->nbad; i++)
        eri_free(b->bad[i]);
    eri_free(b->bad);
    eri_free(b->items);
    eri_free(b->levels);
    eri_free(b);
}

/* ---- one record, in its thread ------------------------------------------ */

/* The first error of a record's diagnostics text: its line, column and
 * message (colour codes skipped). */
static void first_error(const char *text, size_t len, eri_line *l, char *msg, size_t cap)
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
static int line(worker *w, const er_facts *f, er_diag *d, eri_line *l, item *it)
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
        rc = b->csv ? eri_line_csv(w->out, l) : eri_line_jsonl(w->out, l);
    if (v != vetoes)
        free(v);
    return rc;
}

static void one(worker *w, item *it)
{
    er_batch *b = w->b;
    it->out_at = (size_t)ftell(w->out);
    it->err_at = (size_t)ftell(w->err);
    it->level = -1;
    er_diag *d = er_diag_new(w->err);
    if (!d) {
        w->failed = true;
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
        ok = line(w, f, d, &l, it) == 0;
    } else if (f) {
        const er_result *res = er_evaluate(w->ev, f, b->o.scheme, d);
        if (res) {
            it->level = er_result_level(res);
            it->vetoed = er_result_veto_count(res) > 0;
            if (er_report_write(w->out, res, b->format.name, b->o.report) != 0)
                w->failed = true;
            ok = true;
        }
    }
    it->invalid = !ok;
    it->io_failed = er_diag_io_failed(d);
    it->errors = er_diag_errors(d);
    it->warnings = er_diag_warnings(d);
    if (fflush(w->err) != 0)
        w->failed = true;
    if (!ok && b->lines) { /* the error's line instead */
        char msg[512];
        first_error(w->err_buf + it->err_at, w->err_size - it->err_at, &l, msg, sizeof msg);
        if (it->bad)
            l.error = it->bad->msg, l.error_line = it->bad->line, l.error_column = it->bad->column;
        if (l.error_line == 0) /* an error of the whole record (a missing fact): its line, column 0 */
            l.error_line = (int)l.line;
        l.score = NULL;
        fseek(w->out, (long)it->out_at, SEEK_SET); /* a line half written (out of memory) */
        if ((b->csv ? eri_line_csv(w->out, &l) : eri_line_jsonl(w->out, &l)) != 0)
            w->failed = true;
    }
    if (fflush(w->out) != 0)
        w->failed = true;
    it->out_len = (size_t)ftell(w->out) - it->out_at;
    it->err_len = (size_t)ftell(w->err) - it->err_at;
    er_diag_free(d);
    er_facts_free(f);
}

static void *work(void *arg)
{
    worker *w = arg;
    for (item *it = w->from; it < w->to; it++)
        one(w, it);
    return NULL;
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

/* Evaluate and write the block read so far. */
static void flush(er_batch *b)
{
    if (b->n == 0)
        return;
    unsigned nt = b->nthreads;
    size_t per = (b->n + nt - 1) / nt;
    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    for (unsigned t = 0; t < nt; t++) {
        worker *w = &b->w[t];
        rewind(w->out);
        rewind(w->err);
        size_t from = t * per < b->n ? t * per : b->n, to = from + per < b->n ? from + per : b->n;
        w->from = b->items + from;
        w->to = b->items + to;
        if (t > 0 && from < to)
            started[t] = pthread_create(&tid[t], NULL, work, w) == 0;
        if (t > 0 && from < to && !started[t])
            work(w); /* no thread: here */
    }
    work(&b->w[0]);
    for (unsigned t = 1; t < nt; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    for (unsigned t = 0; t < nt; t++) {
        worker *w = &b->w[t];
        if (w->failed)
            eri_diag_plain(b->d, ERI_SEV_ERROR, "could not write the %s reports (out of memory or output failed)",
                           b->format.name);
        b->failed |= w->failed;
        w->failed = false;
        for (item *it = w->from; it < w->to; it++) {
            count(b, it);
            b->io_failed |= it->io_failed;
            eri_diag_add_counts(b->d, it->errors, it->warnings, it->io_failed);
            if (it->err_len && b->o.diagnostics)
                fwrite(w->err_buf + it->err_at, 1, it->err_len, b->o.diagnostics);
            const char *bytes = w->out_buf + it->out_at;
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
    b->n = 0;
}

static void push(er_batch *b, const item *it)
{
    if (b->n == b->cap)
        flush(b);
    b->items[b->n++] = *it;
}

/* ---- reading the inputs -------------------------------------------------- */

static bool ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int by_name(const void *a, const void *c) { return strcmp(*(char *const *)a, *(char *const *)c); }

/* The *.facts files of a directory, in the order of their names. */
static bool directory(er_batch *b, const char *dir)
{
    flush(b);
    DIR *dh = opendir(dir);
    if (!dh) {
        eri_diag_io(b->d, dir, errno);
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(dh));) {
        if (e->d_name[0] == '.' || !ends(e->d_name, ".facts"))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **v = realloc(names, cap * sizeof *v);
            ok = v != NULL;
            names = v ? v : names;
        }
        if (ok) {
            size_t need = strlen(dir) + strlen(e->d_name) + 2;
            ok = (names[n] = malloc(need)) != NULL;
            if (ok)
                snprintf(names[n++], need, "%s/%s", dir, e->d_name);
        }
    }
    closedir(dh);
    if (!ok)
        eri_diag_plain(b->d, ERI_SEV_ERROR, "out of memory");
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if (ok)
            push(b, &(item){.kind = ERI_REC_FACTS, .input = names[i], .path = names[i]});
        else
            free(names[i]);
    }
    free(names);
    return ok;
}

/* A CSV file's header, kept for its rows; or when invalid (reported, as a
 * record's diagnostics are) its first error, which each of its rows then
 * gives as its error line: nothing is lost and the order is kept.  False
 * when out of memory. */
static bool csv_header(er_batch *b, const char *name, const eri_rec *rec, eri_csv_header **header, bad_header **bad)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    er_diag *d = m ? er_diag_new(m) : NULL;
    if (d) {
        er_diag_set_color(d, b->o.color_diagnostics);
        if (b->o.max_shown)
            er_diag_set_limit(d, b->o.max_shown);
        *header = eri_csv_header_read(b->r, name, rec, d);
        eri_diag_add_counts(b->d, er_diag_errors(d), er_diag_warnings(d), false);
        er_diag_free(d);
    }
    if (m && fflush(m) == 0 && b->o.diagnostics) {
        fwrite(text, 1, len, b->o.diagnostics);
        fflush(b->o.diagnostics);
    }
    bool ok = d != NULL;
    if (ok && *header) {
        eri_csv_header **v = eri_realloc(b->headers, (b->nheaders + 1) * sizeof *v);
        if ((ok = v != NULL)) {
            b->headers = v;
            b->headers[b->nheaders++] = *header;
        }
    } else if (ok) {
        bad_header **v = eri_realloc(b->bad, (b->nbad + 1) * sizeof *v);
        *bad = v ? eri_calloc(1, sizeof **bad) : NULL;
        if ((ok = *bad != NULL)) {
            b->bad = v;
            b->bad[b->nbad++] = *bad;
            eri_line l = {0};
            first_error(text, len, &l, (*bad)->msg, sizeof (*bad)->msg);
            if (l.error != (*bad)->msg)
                memmove((*bad)->msg, l.error, strlen(l.error) + 1);
            (*bad)->line = l.error_line ? l.error_line : (int)rec->line;
            (*bad)->column = l.error_column;
        } else if (v) {
            b->bad = v;
        }
    }
    if (m)
        fclose(m);
    free(text);
    if (!ok) {
        eri_csv_header_free(*header);
        *header = NULL;
        eri_diag_plain(b->d, ERI_SEV_ERROR, "out of memory");
    }
    return ok;
}

static bool stream(er_batch *b, const char *input, eri_rec_format kind)
{
    flush(b); /* what came before first: its diagnostics before this input's */
    bool std = strcmp(input, "-") == 0;
    const char *name = std ? ERI_STDIN_NAME : input;
    FILE *in = std ? stdin : fopen(input, "rb");
    if (!in) {
        eri_diag_io(b->d, input, errno);
        return false;
    }
    eri_rec_reader *rr = eri_rec_open(in, kind);
    if (rr)
        eri_rec_set_line(rr, b->o.first_line);
    eri_csv_header *header = NULL;
    bad_header *bad = NULL;
    bool ok = rr != NULL;
    eri_rec rec;
    int got;
    while (ok && (got = eri_rec_next(rr, &rec)) == 1) {
        if (kind == ERI_REC_CSV && !header && !bad) {
            ok = csv_header(b, name, &rec, &header, &bad);
            free(rec.text);
            continue;
        }
        push(b, &(item){.kind = kind, .input = name, .rec = rec, .header = header, .bad = bad});
    }
    if (ok && got < 0) {
        eri_diag_io(b->d, input, errno);
        ok = false;
    }
    eri_rec_close(rr);
    if (!std)
        fclose(in);
    flush(b); /* the input's name and header live until its records are written */
    return ok;
}

bool er_batch_add(er_batch *b, const char *input)
{
    const char *f = b->o.input_format;
    struct stat st;
    bool std = strcmp(input, "-") == 0;
    if (!std && !f && stat(input, &st) == 0 && S_ISDIR(st.st_mode))
        return directory(b, input);
    eri_rec_format kind = ERI_REC_FACTS;
    if (f ? strcmp(f, "jsonl") == 0 : !std && (ends(input, ".jsonl") || ends(input, ".ndjson")))
        kind = ERI_REC_JSONL;
    else if (f ? strcmp(f, "csv") == 0 : !std && ends(input, ".csv"))
        kind = ERI_REC_CSV;
    if (kind != ERI_REC_FACTS)
        return stream(b, input, kind);
    char *path = eri_strndup(input, strlen(input));
    if (!path) {
        eri_diag_plain(b->d, ERI_SEV_ERROR, "out of memory");
        return false;
    }
    push(b, &(item){.kind = ERI_REC_FACTS, .input = path, .path = path});
    return true;
}

bool er_batch_finish(er_batch *b)
{
    flush(b);
    if (b->csv && !b->written && !b->o.output_dir) {
        b->failed |= eri_line_csv_header(b->out) != 0;
        b->written = true;
    }
    return !b->failed && !b->io_failed;
}

const er_batch_counts *er_batch_counts_of(const er_batch *b) { return &b->counts; }
bool er_batch_io_failed(const er_batch *b) { return b->io_failed; }

/* ---- the summary ---------------------------------------------------------- */

int er_batch_summary(const er_batch *b, FILE *out, bool json)
{
    const er_batch_counts *c = &b->counts;
    if (json) {
        eri_json j;
        eri_json_begin(&j, out);
        eri_json_object(&j, NULL);
        eri_json_int(&j, "total", (long long)c->total);
        eri_json_int(&j, "scored", (long long)c->scored);
        eri_json_int(&j, "invalid", (long long)c->invalid);
        eri_json_int(&j, "vetoed", (long long)c->vetoed);
        eri_json_int(&j, "not_rated", (long long)c->not_rated);
        eri_json_object(&j, "levels");
        for (size_t i = 0; i < c->nlevels; i++)
            eri_json_int(&j, b->r->levels[i].label, (long long)c->levels[i]);
        eri_json_object_end(&j);
        eri_json_object_end(&j);
        return eri_json_end(&j);
    }
    fprintf(out, "evalrules: %zu enterprise%s: %zu scored (", c->total, c->total == 1 ? "" : "s", c->scored);
    for (size_t i = 0; i < c->nlevels; i++)
        fprintf(out, "%s %zu, ", b->r->levels[i].label, c->levels[i]);
    fprintf(out, "not rated %zu; %zu vetoed), %zu invalid\n", c->not_rated, c->vetoed, c->invalid);
    return ferror(out) ? -1 : 0;
}

/* ---- the enterprises of inputs, one at a time (compare, sweep) ------------ */

struct er_inputs {
    const er_rules *r;
    er_diag *d;
    const char *input;    /* the input being read */
    eri_rec_format kind;
    FILE *in;
    eri_rec_reader *rr;
    eri_csv_header *header;
    char **paths;         /* a directory's facts files */
    size_t npaths, at;
    char *name;           /* the last enterprise's name */
};

er_inputs *er_inputs_open(const er_rules *r, const char *input, er_diag *d)
{
    er_inputs *in = eri_calloc(1, sizeof *in);
    if (!in) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    *in = (er_inputs){.r = r, .d = d, .input = input};
    struct stat st;
    if (strcmp(input, "-") != 0 && stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
        DIR *dh = opendir(input);
        if (!dh) {
            eri_diag_io(d, input, errno);
            return in;
        }
        size_t cap = 0;
        for (struct dirent *e; (e = readdir(dh));) {
            if (e->d_name[0] == '.' || !ends(e->d_name, ".facts"))
                continue;
            if (in->npaths == cap) {
                cap = cap ? cap * 2 : 64;
                char **v = realloc(in->paths, cap * sizeof *v);
                if (!v)
                    break;
                in->paths = v;
            }
            size_t need = strlen(input) + strlen(e->d_name) + 2;
            if (!(in->paths[in->npaths] = malloc(need)))
                break;
            snprintf(in->paths[in->npaths++], need, "%s/%s", input, e->d_name);
        }
        closedir(dh);
        qsort(in->paths, in->npaths, sizeof *in->paths, by_name);
        in->kind = ERI_REC_FACTS;
        return in;
    }
    in->kind = ends(input, ".jsonl") || ends(input, ".ndjson") ? ERI_REC_JSONL
               : ends(input, ".csv")                           ? ERI_REC_CSV
                                                               : ERI_REC_FACTS;
    if (in->kind == ERI_REC_FACTS) { /* one facts file */
        in->paths = malloc(sizeof *in->paths);
        if (in->paths && (in->paths[0] = eri_strndup(input, strlen(input))))
            in->npaths = 1;
        return in;
    }
    in->in = strcmp(input, "-") == 0 ? stdin : fopen(input, "rb");
    if (!in->in) {
        eri_diag_io(d, input, errno);
        return in;
    }
    in->rr = eri_rec_open(in->in, in->kind);
    return in;
}

int er_inputs_next(er_inputs *in, er_facts **f, const char **name)
{
    *f = NULL;
    eri_free(in->name);
    in->name = NULL;
    if (in->kind == ERI_REC_FACTS) {
        if (in->at >= in->npaths)
            return 0;
        const char *path = in->paths[in->at++];
        *f = er_facts_load(in->r, path, in->d);
        *name = path;
        return 1;
    }
    eri_rec rec;
    while (in->rr && eri_rec_next(in->rr, &rec) == 1) {
        const char *src = in->in == stdin ? ERI_STDIN_NAME : in->input;
        if (in->kind == ERI_REC_CSV && !in->header) {
            in->header = eri_csv_header_read(in->r, src, &rec, in->d);
            free(rec.text);
            if (!in->header)
                return 0;
            continue;
        }
        char *id = NULL;
        *f = in->kind == ERI_REC_CSV ? eri_csv_facts(in->r, in->header, src, &rec, &id, in->d)
                                     : eri_jsonl_facts(in->r, src, &rec, &id, in->d);
        if (id) {
            in->name = id;
        } else {
            size_t need = strlen(src) + 16;
            if ((in->name = eri_malloc(need)))
                snprintf(in->name, need, "%s:%u", src, (unsigned)rec.line);
        }
        free(rec.text);
        *name = in->name ? in->name : src;
        return 1;
    }
    return 0;
}

void er_inputs_close(er_inputs *in)
{
    if (!in)
        return;
    for (size_t i = 0; i < in->npaths; i++)
        free(in->paths[i]);
    free(in->paths);
    eri_rec_close(in->rr);
    if (in->in && in->in != stdin)
        fclose(in->in);
    eri_csv_header_free(in->header);
    eri_free(in->name);
    eri_free(in);
}

bool er_input_is_facts_file(const char *input)
{
    struct stat st;
    return strcmp(input, "-") == 0 || (!ends(input, ".jsonl") && !ends(input, ".ndjson") && !ends(input, ".csv") &&
                                       !(stat(input, &st) == 0 && S_ISDIR(st.st_mode)));
}
