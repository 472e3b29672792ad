/* records.c — a batch's stream split into records (records.h): a JSON Lines
 * line, or a CSV row (a newline inside double quotes belongs to the row),
 * read in blocks so that memory stays bounded by the longest record. */
#include "records.h"

#include <errno.h>
#include <string.h>

#include "alloc.h"
#include "diag.h"

#define BLOCK 65536

struct eri_rec_reader {
    FILE *in;
    eri_rec_format format;
    char buf[BLOCK];
    size_t at, end; /* unread bytes buf[at..end) */
    bool eof, started;
    uint32_t line;  /* the line the next byte is on */
};

eri_rec_reader *eri_rec_open(FILE *in, eri_rec_format format)
{
    eri_rec_reader *rr = eri_malloc(sizeof *rr);
    if (rr) {
        rr->in = in;
        rr->format = format;
        rr->at = rr->end = 0;
        rr->eof = rr->started = false;
        rr->line = 1;
    }
    return rr;
}

void eri_rec_close(eri_rec_reader *rr) { eri_free(rr); }

eri_rec_scratch *eri_rec_scratch_new(void) { return eri_calloc(1, sizeof(eri_rec_scratch)); }

void eri_rec_scratch_free(eri_rec_scratch *sc)
{
    if (!sc)
        return;
    eri_free(sc->facts);
    eri_free(sc->excl);
    eri_free(sc->pool);
    eri_free(sc->fields);
    eri_free(sc);
}

void eri_rec_set_line(eri_rec_reader *rr, uint32_t line) { rr->line = line ? line : 1; }

/* More bytes into buf: false at the end or on a read error (errno set). */
static bool fill(eri_rec_reader *rr)
{
    errno = 0;
    if (rr->eof)
        return false;
    rr->at = 0;
    rr->end = fread(rr->buf, 1, BLOCK, rr->in);
    if (rr->end == 0) {
        rr->eof = true;
        if (ferror(rr->in)) {
            if (!errno)
                errno = EIO;
            return false;
        }
        return false;
    }
    if (!rr->started) {
        rr->started = true;
        if (rr->end >= 3 && memcmp(rr->buf, "\xEF\xBB\xBF", 3) == 0)
            rr->at = 3;
    }
    return true;
}

typedef struct text {
    char *p;
    size_t len, cap;
    bool cut;
} text;

static bool add(text *t, const char *s, size_t n)
{
    if (t->len + n > ERI_REC_MAX) {
        t->cut = true;
        n = ERI_REC_MAX - t->len;
    }
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = eri_realloc(t->p, cap);
        if (!p)
            return false;
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = '\0';
    return true;
}

int eri_rec_next(eri_rec_reader *rr, eri_rec *out)
{
    for (;;) { /* one line or row a turn; blank ones skipped */
        text t = {0};
        bool quoted = false, any = false;
        uint32_t first = rr->line;
        for (;;) {
            if (rr->at == rr->end && !fill(rr)) {
                if (errno) {
                    eri_free(t.p);
                    return -1;
                }
                break;
            }
            any = true;
            const char *s = rr->buf + rr->at;
            size_t n = rr->end - rr->at, i = 0;
            bool done = false;
            if (rr->format == ERI_REC_CSV) {
                for (; i < n; i++) {
                    if (s[i] == '"')
                        quoted = !quoted;
                    else if (s[i] == '\n' && !quoted)
                        break;
                    else if (s[i] == '\n')
                        rr->line++;
                }
            } else {
                const char *nl = memchr(s, '\n', n);
                i = nl ? (size_t)(nl - s) : n;
            }
            done = i < n;
            if (!t.cut && !add(&t, s, i)) {
                eri_free(t.p);
                errno = ENOMEM;
                return -1;
            }
            rr->at += i + done;
            if (done) {
                rr->line++;
                break;
            }
        }
        if (!any && !t.len) {
            eri_free(t.p);
            return 0;
        }
        if (t.len && t.p[t.len - 1] == '\r' && !t.cut)
            t.p[--t.len] = '\0';
        size_t blank = 0;
        while (blank < t.len && (t.p[blank] == ' ' || t.p[blank] == '\t'))
            blank++;
        if (blank == t.len) { /* a blank line */
            eri_free(t.p);
            if (rr->eof && rr->at == rr->end)
                return 0;
            continue;
        }
        *out = (eri_rec){.text = t.p, .len = t.len, .line = first, .too_long = t.cut};
        return 1;
    }
}

static eri_source *sourced(eri_source *src, const eri_rec *rec, er_diag *d)
{
    if (!src)
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
    else
        src->line_base = rec->line - 1, src->record = true;
    return src;
}

eri_source *eri_rec_source(const char *name, const eri_rec *rec, er_diag *d)
{
    return sourced(eri_source_from_string(name, rec->text, rec->len), rec, d);
}

eri_source *eri_rec_source_take(const char *name, eri_rec *rec, er_diag *d)
{
    char *text = rec->text;
    rec->text = NULL;
    return sourced(eri_source_take(name, text, rec->len), rec, d);
}
