/* batch.c — many enterprises in one run (evalrules_tools.h: er_batch;
 * docs/batch.md): facts files, directories of them, JSON Lines and CSV
 * records read into the pipeline (batch_pipe.c: evaluated by workers in
 * blocks, written in input order), the closing summary, and the
 * enterprises of an input one at a time for compare and sweep. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "batch.h"
#include "diag.h"
#include "evalrules_tools.h"
#include "json.h"
#include "records.h"
#include "rules.h"
#include "seal.h"

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
    b->blocks[0].items = eri_calloc(b->cap, sizeof(item));
    b->blocks[1].items = eri_calloc(b->cap, sizeof(item));
    bool ok = b->levels && b->blocks[0].items && b->blocks[1].items;
    for (unsigned t = 0; ok && t < b->nthreads; t++) {
        worker *w = &b->w[t];
        w->b = b;
        w->ev = er_evaluator_new(r);
        w->scratch = eri_rec_scratch_new();
        ok = w->ev && w->scratch;
        for (int k = 0; k < 2; k++) {
            outs *o = &w->o[k];
            o->out = open_memstream(&o->out_buf, &o->out_size);
            o->err = open_memstream(&o->err_buf, &o->err_size);
            ok = ok && o->out && o->err;
        }
    }
    b->counts.levels = b->levels;
    b->counts.nlevels = r->nlevels;
    if (!ok) {
        er_batch_free(b);
        return NULL;
    }
    eri_batch_start(b);
    return b;
}

void er_batch_free(er_batch *b)
{
    if (!b)
        return;
    eri_batch_stop(b);
    for (unsigned t = 0; t < b->nthreads; t++) {
        worker *w = &b->w[t];
        er_evaluator_free(w->ev);
        eri_rec_scratch_free(w->scratch);
        for (int k = 0; k < 2; k++) {
            outs *o = &w->o[k];
            if (o->out)
                fclose(o->out);
            if (o->err)
                fclose(o->err);
            free(o->out_buf);
            free(o->err_buf);
        }
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
    for (int k = 0; k < 2; k++) /* records read and not written (a batch not finished) */
        for (size_t i = 0; i < b->blocks[k].n; i++) {
            free(b->blocks[k].items[i].path);
            free(b->blocks[k].items[i].rec.text);
            eri_free(b->blocks[k].items[i].id);
        }
    eri_free(b->blocks[0].items);
    eri_free(b->blocks[1].items);
    eri_free(b->levels);
    eri_free(b);
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
    eri_batch_flush(b);
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
            eri_batch_push(b, &(item){.kind = ERI_REC_FACTS, .input = names[i], .path = names[i]});
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
            eri_batch_first_error(text, len, &l, (*bad)->msg, sizeof (*bad)->msg);
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
    eri_batch_flush(b); /* what came before first: its diagnostics before this input's */
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
        eri_batch_push(b, &(item){.kind = kind, .input = name, .rec = rec, .header = header, .bad = bad});
    }
    if (ok && got < 0) {
        eri_diag_io(b->d, input, errno);
        ok = false;
    }
    eri_rec_close(rr);
    if (!std)
        fclose(in);
    eri_batch_flush(b); /* the input's name and header live until its records are written */
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
    eri_batch_push(b, &(item){.kind = ERI_REC_FACTS, .input = path, .path = path});
    return true;
}

bool er_batch_finish(er_batch *b)
{
    eri_batch_flush(b);
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

/* The records' format of an input read as a file: input_format's ("facts",
 * "jsonl", "csv") when given, else its name's ("-": facts). */
static eri_rec_format kind_of(const char *input, const char *input_format)
{
    if (input_format)
        return strcmp(input_format, "jsonl") == 0 ? ERI_REC_JSONL
               : strcmp(input_format, "csv") == 0 ? ERI_REC_CSV
                                                  : ERI_REC_FACTS;
    return ends(input, ".jsonl") || ends(input, ".ndjson") ? ERI_REC_JSONL
           : ends(input, ".csv")                           ? ERI_REC_CSV
                                                           : ERI_REC_FACTS;
}

er_inputs *er_inputs_open(const er_rules *r, const char *input, const char *input_format, er_diag *d)
{
    er_inputs *in = eri_calloc(1, sizeof *in);
    if (!in) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    *in = (er_inputs){.r = r, .d = d, .input = input};
    struct stat st;
    if (!input_format && strcmp(input, "-") != 0 && stat(input, &st) == 0 && S_ISDIR(st.st_mode)) {
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
    in->kind = kind_of(input, input_format);
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

bool er_input_is_facts_file(const char *input, const char *input_format)
{
    struct stat st;
    return kind_of(input, input_format) == ERI_REC_FACTS &&
           (input_format || strcmp(input, "-") == 0 || !(stat(input, &st) == 0 && S_ISDIR(st.st_mode)));
}
