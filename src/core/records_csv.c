/* records_csv.c — CSV records (records.h, docs/batch.md): RFC 4180 fields
 * (separated by commas; "quoted" when they hold a comma, a quote — doubled —
 * or a line break; rows end in LF or CR LF), a header of column names, then
 * one enterprise a row:
 *
 *   id,subject,staff.managers,satisfaction,complaints.sample,exclude
 *   E1,某某电器有限公司,42,92.5%,18/20,5.2.3: 本企业不提供配送服务
 *
 * A column is a fact's name or one of id, subject and exclude (each at most
 * once).  A cell is the fact's value as a facts file writes it, without
 * quotes for text ("张三、李四"); an empty cell is a fact not given.  The
 * exclude cell lists exclusions as ID: reason, separated by ';'. */
#include <string.h>

#include "alloc.h"
#include "diag.h"
#include "factline.h"
#include "records.h"
#include "rules.h"
#include "suggest.h"

enum { COL_FACT, COL_ID, COL_SUBJECT, COL_EXCLUDE };

struct eri_csv_header {
    uint32_t n;
    uint8_t *kind;  /* per column */
    char **names;   /* per column: the fact's name */
};

/* One field of a row: its text in place at t[start..end) or, when quoted
 * with doubled quotes, unescaped into own. */
typedef struct field {
    uint32_t start, end; /* the content (inside the quotes) */
    bool in_place;
    char *own;           /* the content unescaped when not in place */
} field;

typedef struct fields {
    field *v;
    uint32_t n, cap;
} fields;

static void fields_clear(fields *fs)
{
    for (uint32_t i = 0; i < fs->n; i++)
        eri_free(fs->v[i].own);
    fs->n = 0;
}

static void fields_free(fields *fs)
{
    fields_clear(fs);
    eri_free(fs->v);
}

/* Split src's text into fields; false after reporting. */
static bool split(const eri_source *src, er_diag *d, fields *fs)
{
    const char *t = src->text;
    uint32_t len = (uint32_t)src->len, p = 0;
    for (;;) {
        field f = {.start = p, .end = p, .in_place = true};
        if (p < len && t[p] == '"') {
            uint32_t open = p++;
            f.start = p;
            bool doubled = false;
            for (;;) {
                if (p >= len) {
                    eri_diag_at(d, ERI_SEV_ERROR, src, open, open + 1,
                                "unterminated quoted field (a quote inside a field is written twice: \"\")");
                    return false;
                }
                if (t[p] == '"' && p + 1 < len && t[p + 1] == '"') {
                    doubled = true;
                    p += 2;
                } else if (t[p] == '"') {
                    break;
                } else {
                    p++;
                }
            }
            f.end = p++;
            if (p < len && t[p] != ',') {
                eri_diag_at(d, ERI_SEV_ERROR, src, p, p + 1, "unexpected text after a quoted field; expected ','");
                return false;
            }
            if (doubled) {
                f.in_place = false;
                f.own = eri_malloc(f.end - f.start + 1);
                if (!f.own) {
                    eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
                    return false;
                }
                size_t k = 0;
                for (uint32_t i = f.start; i < f.end; i++) {
                    f.own[k++] = t[i];
                    i += t[i] == '"';
                }
                f.own[k] = '\0';
            }
        } else {
            while (p < len && t[p] != ',') {
                if (t[p] == '"') {
                    eri_diag_at(d, ERI_SEV_ERROR, src, p, p + 1,
                                "a quote inside an unquoted field; quote the whole field and double the quote: \"…\"\"…\"");
                    return false;
                }
                p++;
            }
            f.end = p;
        }
        if (fs->n == fs->cap) {
            uint32_t cap = fs->cap ? fs->cap * 2 : 64;
            field *v = eri_realloc(fs->v, cap * sizeof *v);
            if (!v) {
                eri_free(f.own);
                eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
                return false;
            }
            fs->v = v;
            fs->cap = cap;
        }
        fs->v[fs->n++] = f;
        if (p >= len)
            return true;
        p++; /* the comma */
    }
}

static const char *content(const eri_source *src, const field *f, size_t *len)
{
    *len = f->own ? strlen(f->own) : f->end - f->start;
    return f->own ? f->own : src->text + f->start;
}

void eri_csv_header_free(eri_csv_header *h)
{
    if (!h)
        return;
    for (uint32_t i = 0; i < h->n; i++)
        eri_free(h->names[i]);
    eri_free(h->names);
    eri_free(h->kind);
    eri_free(h);
}

eri_csv_header *eri_csv_header_read(const er_rules *r, const char *name, const eri_rec *rec, er_diag *d)
{
    eri_source *src = eri_rec_source(name, rec, d);
    fields fs = {0};
    eri_csv_header *h = NULL;
    if (!src || !split(src, d, &fs))
        goto done;
    h = eri_calloc(1, sizeof *h);
    if (h) {
        h->kind = eri_calloc(fs.n, 1);
        h->names = eri_calloc(fs.n, sizeof *h->names);
    }
    if (!h || !h->kind || !h->names) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        goto fail;
    }
    h->n = fs.n;
    static const char *const special[] = {"id", "subject", "exclude"};
    bool ok = true;
    for (uint32_t i = 0; i < fs.n; i++) {
        size_t len;
        const char *c = content(src, &fs.v[i], &len);
        uint32_t s = fs.v[i].start, e = fs.v[i].end;
        for (uint8_t k = 0; k < 3; k++)
            if (strlen(special[k]) == len && memcmp(special[k], c, len) == 0)
                h->kind[i] = (uint8_t)(COL_ID + k);
        if (!(h->names[i] = eri_strndup(c, len))) {
            eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
            goto fail;
        }
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(h->names[j], h->names[i]) == 0) {
                eri_diag_at(d, ERI_SEV_ERROR, src, s, e > s ? e : s + 1, "column '%s' is given twice (first as column %u)",
                            h->names[i], j + 1);
                ok = false;
                break;
            }
        if (h->kind[i] != COL_FACT || eri_rules_find_fact(r, c, len) >= 0)
            continue;
        ok = false;
        if (len == 0) {
            eri_diag_at(d, ERI_SEV_ERROR, src, s, s + 1, "column %u has no name; name a fact, or id, subject or exclude", i + 1);
            continue;
        }
        eri_suggest sg = eri_suggest_start(c, len);
        for (uint32_t k = 0; k < r->nfacts && !eri_diag_quiet(d); k++)
            eri_suggest_try(&sg, r->facts[k].name);
        const char *hit = sg.best;
        eri_diag_at(d, ERI_SEV_ERROR, src, s, e, "unknown fact '%.*s%s' as a column (the others are id, subject and exclude)%s%s%s",
                    ERI_CLIP(c, len), hit ? "; did you mean '" : "", hit ? hit : "", hit ? "'?" : "");
    }
    if (ok)
        goto done;
fail:
    eri_csv_header_free(h);
    h = NULL;
done:
    fields_free(&fs);
    eri_source_free(src);
    return h;
}

/* The exclude cell "ID: reason; ID: reason" as exclusions (spans in the cell
 * when it is in place, else at its start). */
static bool exclusions(const eri_source *src, const field *f, eri_given **out, uint32_t *n, er_diag *d)
{
    size_t len;
    const char *c = content(src, f, &len);
    uint32_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += c[i] == ';';
    *out = eri_calloc(count, sizeof **out);
    if (!*out) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return false;
    }
    *n = 0;
    for (size_t p = 0; p < len;) {
        size_t e = p;
        while (e < len && c[e] != ';')
            e++;
        size_t a = p, z = e;
        while (a < z && (c[a] == ' ' || c[a] == '\t'))
            a++;
        while (z > a && (c[z - 1] == ' ' || c[z - 1] == '\t'))
            z--;
        if (z > a) {
            const char *colon = memchr(c + a, ':', z - a);
            size_t ie = colon ? (size_t)(colon - c) : z, rs = colon ? ie + 1 : z;
            size_t idz = ie;
            while (idz > a && (c[idz - 1] == ' ' || c[idz - 1] == '\t'))
                idz--;
            while (rs < z && (c[rs] == ' ' || c[rs] == '\t'))
                rs++;
            uint32_t base = f->start;
            eri_span at = f->in_place ? (eri_span){base + (uint32_t)a, base + (uint32_t)idz}
                                      : (eri_span){f->start, f->end};
            eri_span why = f->in_place ? (eri_span){base + (uint32_t)rs, base + (uint32_t)z} : at;
            if (why.end == why.start)
                why = at;
            (*out)[(*n)++] = (eri_given){.name = c + a, .name_len = (uint32_t)(idz - a), .at = at, .value = why,
                                         .str = c + rs, .str_len = z - rs};
        }
        p = e + 1;
    }
    return true;
}

static er_facts *csv_facts(eri_rec_scratch *sc, const er_rules *r, const eri_csv_header *h, eri_source *src,
                           const eri_rec *rec, char **id, er_diag *d);

er_facts *eri_csv_facts(const er_rules *r, const eri_csv_header *h, const char *name, const eri_rec *rec, char **id,
                        er_diag *d)
{
    *id = NULL;
    return csv_facts(NULL, r, h, eri_rec_source(name, rec, d), rec, id, d);
}

er_facts *eri_csv_facts_in(eri_rec_scratch *sc, const er_rules *r, const eri_csv_header *h, const char *name,
                           eri_rec *rec, char **id, er_diag *d)
{
    *id = NULL;
    return csv_facts(sc, r, h, eri_rec_source_take(name, rec, d), rec, id, d);
}

/* src: the row's (taken), NULL after reporting; sc NULL: room of its own. */
static er_facts *csv_facts(eri_rec_scratch *sc, const er_rules *r, const eri_csv_header *h, eri_source *src,
                           const eri_rec *rec, char **id, er_diag *d)
{
    if (!src)
        return NULL;
    fields fs = {.v = sc ? sc->fields : NULL, .cap = sc ? sc->fields_cap : 0}; /* the last row's room */
    er_facts *out = NULL;
    eri_given *given = NULL, *excl = NULL;
    uint32_t ng = 0, nx = 0;
    char *subject = NULL;
    if (rec->too_long) {
        eri_diag_at(d, ERI_SEV_ERROR, src, 0, 1, "the row is longer than %u MiB", ERI_REC_MAX >> 20);
        goto done;
    }
    if (!split(src, d, &fs))
        goto done;
    for (uint32_t i = 0; i < fs.n && i < h->n; i++) /* the id first: named even when the row is invalid */
        if (h->kind[i] == COL_ID) {
            size_t len;
            const char *c = content(src, &fs.v[i], &len);
            if (len && !(*id = eri_strndup(c, len))) {
                eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
                goto done;
            }
        }
    if (fs.n != h->n) {
        uint32_t at = fs.n > h->n ? fs.v[h->n].start - 1 : (uint32_t)src->len;
        eri_diag_at(d, ERI_SEV_ERROR, src, at, at + 1, "the row has %u field%s, the header %u", fs.n, fs.n == 1 ? "" : "s", h->n);
        goto done;
    }
    if (sc && sc->capf < fs.n + 1) {
        eri_free(sc->facts);
        sc->capf = fs.n + 1;
        if (!(sc->facts = eri_malloc(sc->capf * sizeof *sc->facts)))
            sc->capf = 0;
    }
    given = sc ? sc->facts : eri_calloc(fs.n ? fs.n : 1, sizeof *given);
    if (!given) {
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        goto done;
    }
    bool ok = true;
    for (uint32_t i = 0; i < fs.n; i++) {
        size_t len;
        const char *c = content(src, &fs.v[i], &len);
        field *f = &fs.v[i];
        if (h->kind[i] == COL_SUBJECT && len) {
            if (!(subject = eri_strndup(c, len))) {
                eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
                ok = false;
            }
        } else if (h->kind[i] == COL_EXCLUDE && len) {
            ok = ok && exclusions(src, f, &excl, &nx, d);
        } else if (h->kind[i] == COL_FACT && !len) { /* not given: where, for a missing fact's error */
            given[ng++] = (eri_given){.name = h->names[i], .name_len = (uint32_t)strlen(h->names[i]), .at = {f->start, f->end},
                                      .value = {f->start, f->end}};
        } else if (h->kind[i] == COL_FACT && len) {
            eri_span at = f->in_place ? (eri_span){f->start, f->end} : (eri_span){f->start - 1, f->end + 1};
            given[ng++] = (eri_given){.name = h->names[i], .name_len = (uint32_t)strlen(h->names[i]), .at = at,
                                      .value = at, .str = c, .str_len = len, .in_place = f->in_place};
        }
    }
    if (ok) {
        eri_record rc = {.subject = subject, .facts = given, .nfacts = ng, .excludes = excl, .nexcludes = nx};
        out = eri_facts_from_record(r, src, &rc, d);
        src = NULL;
    }
done:
    if (!sc)
        eri_free(given);
    eri_free(excl);
    eri_free(subject);
    if (sc) { /* the room kept for the next row */
        fields_clear(&fs);
        sc->fields = fs.v;
        sc->fields_cap = fs.cap;
    } else {
        fields_free(&fs);
    }
    eri_source_free(src);
    return out;
}
