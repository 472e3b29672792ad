/* diag.c — reporting diagnostics. */
#include "diag.h"

#include <errno.h>

#include <string.h>

#include "alloc.h"
#include "json.h"

#define DEFAULT_LIMIT 100

struct er_diag {
    FILE *out;
    bool color;
    bool strict;      /* warnings are errors (--strict) */
    const char *code_fmt; /* the last error's or warning's format: its code, for its notes */
    bool code_warning; /* … and whether it was a warning (W) */
    unsigned errors, warnings, shown, limit;
    bool limit_said;
    bool hiding;      /* the last error or warning was not shown: nor are its notes */
    bool io_failed;
    /* collecting (er_diag_set_collect): each shown diagnostic kept for
     * er_diag_write_json instead of printed */
    bool collect;
    eri_diag_record *entries;
    size_t n, cap;
    bool lost; /* an entry could not be kept (out of memory) */
};

/* Every error's and warning's number, by its format (diag.def). */
static const struct {
    unsigned short number;
    const char *format;
} codes[] = {
#define ERI_DIAG(n, f) {n, f},
#include "diag.def"
#undef ERI_DIAG
};

unsigned eri_diag_number(const char *fmt)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(codes[i].format, fmt) == 0)
            return codes[i].number;
    return 0;
}

const char *eri_diag_code(const eri_diag_record *r, char buf[8])
{
    if (r->code == 0)
        return "";
    snprintf(buf, 8, "%c%04u", r->code_warning ? 'W' : 'E', r->code % 10000);
    return buf;
}

size_t eri_diag_count(const er_diag *d) { return d->n; }
bool eri_diag_lost(const er_diag *d) { return d->lost; }
const eri_diag_record *eri_diag_record_at(const er_diag *d, size_t i) { return i < d->n ? &d->entries[i] : NULL; }

const char *eri_diag_hint(const char *message)
{
    bool quoted = false;
    for (const char *p = message; *p; p++) {
        if (*p == '\'' && (p == message || p[-1] == ' ' || p[-1] == '(' || quoted))
            quoted = !quoted;
        else if (!quoted && p[0] == ';' && p[1] == ' ' && p[2])
            return p + 2;
    }
    return NULL;
}

size_t er_diag_count(const er_diag *d) { return d->n; }

bool er_diag_get(const er_diag *d, size_t i, er_diagnostic *out)
{
    const eri_diag_record *r = eri_diag_record_at(d, i);
    if (!r)
        return false;
    *out = (er_diagnostic){.file = r->file, .line = r->line, .column = r->col, .end_line = r->end_line,
                           .end_column = r->end_col, .message = r->message, .hint = eri_diag_hint(r->message)};
    out->severity = r->sev == ERI_SEV_ERROR ? "error" : r->sev == ERI_SEV_WARNING ? "warning" : "note";
    char buf[8];
    snprintf(out->code, sizeof out->code, "%s", eri_diag_code(r, buf));
    return true;
}

er_diag *er_diag_new(FILE *out)
{
    er_diag *d = eri_calloc(1, sizeof *d);
    if (d) {
        d->out = out;
        d->limit = DEFAULT_LIMIT;
    }
    return d;
}

void er_diag_free(er_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        eri_free(d->entries[i].file);
        eri_free(d->entries[i].message);
    }
    eri_free(d->entries);
    eri_free(d);
}

void er_diag_set_collect(er_diag *d, bool on) { d->collect = on; }
void er_diag_set_strict(er_diag *d, bool on) { d->strict = on; }
void er_diag_set_color(er_diag *d, bool on) { d->color = on; }
void er_diag_set_limit(er_diag *d, unsigned max_shown) { d->limit = max_shown; }
unsigned er_diag_errors(const er_diag *d) { return d->errors; }
unsigned er_diag_warnings(const er_diag *d) { return d->warnings; }
bool er_diag_io_failed(const er_diag *d) { return d->io_failed; }

void eri_diag_add_counts(er_diag *d, unsigned errors, unsigned warnings, bool io_failed)
{
    d->errors += errors;
    d->warnings += warnings;
    d->io_failed |= io_failed;
}

void eri_diag_io(er_diag *d, const char *path, int err)
{
    d->io_failed = true;
    eri_diag_plain(d, ERI_SEV_ERROR, "cannot read '%s': %s", path, strerror(err));
}

static const char *const sev_name[] = {"error", "warning", "note"};
static const char *const sev_color[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};
#define BOLD "\033[1m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

bool eri_diag_quiet(const er_diag *d) { return !d->out || d->shown >= d->limit; }

/* Counts the diagnostic and says whether to print it; a warning becomes an
 * error under --strict (*sev changed); an error's or warning's number is
 * remembered for its notes. */
static bool admit(er_diag *d, eri_severity *sevp, const char *fmt)
{
    if (*sevp != ERI_SEV_NOTE) { /* looked up only when kept (keep) */
        d->code_fmt = fmt;
        d->code_warning = *sevp == ERI_SEV_WARNING;
    }
    if (*sevp == ERI_SEV_WARNING && d->strict)
        *sevp = ERI_SEV_ERROR;
    eri_severity sev = *sevp;
    if (sev == ERI_SEV_ERROR)
        d->errors++;
    else if (sev == ERI_SEV_WARNING)
        d->warnings++;
    if (!d->out)
        return false;
    if (sev == ERI_SEV_NOTE)
        return !d->hiding;
    d->hiding = d->shown >= d->limit;
    if (d->hiding) {
        if (!d->limit_said && !d->collect) {
            fprintf(d->out, "evalrules: too many diagnostics; the rest are counted but not shown\n");
            d->limit_said = true;
        }
        return false;
    }
    d->shown++;
    return true;
}

/* fmt's text, malloc'd (NULL when out of memory). */
static char *format(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *text = len >= 0 ? eri_malloc((size_t)len + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)len + 1, fmt, again);
    va_end(again);
    return text;
}

/* Keep a diagnostic for er_diag_write_json. */
static void keep(er_diag *d, eri_severity sev, const char *file, int line, int col, int end_line, int end_col,
                 const char *fmt, va_list ap)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        eri_diag_record *e = eri_realloc(d->entries, cap * sizeof *e);
        if (!e) {
            d->lost = true;
            return;
        }
        d->entries = e;
        d->cap = cap;
    }
    eri_diag_record e = {.sev = sev, .line = line, .col = col, .end_line = end_line, .end_col = end_col,
                         .code = d->code_fmt ? eri_diag_number(d->code_fmt) : 0,
                         .code_warning = d->code_warning};
    e.message = format(fmt, ap);
    e.file = file ? eri_strndup(file, strlen(file)) : NULL;
    if (!e.message || (file && !e.file)) {
        eri_free(e.message);
        eri_free(e.file);
        d->lost = true;
        return;
    }
    d->entries[d->n++] = e;
}

static void head(er_diag *d, eri_severity sev)
{
    if (d->color)
        fprintf(d->out, "%s%s:" RESET " " BOLD, sev_color[sev], sev_name[sev]);
    else
        fprintf(d->out, "%s: ", sev_name[sev]);
}

static void tail(er_diag *d) { fputs(d->color ? RESET "\n" : "\n", d->out); }

/* A line longer than this is shown as a window around the caret. */
#define EXCERPT_MAX 160
#define EXCERPT_BEFORE 60

/* back to the start of the UTF-8 character at or before i */
static size_t char_start(const char *text, size_t i)
{
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* text[0..len) written in runs, control characters as '?' (they would garble
 * the terminal) */
static void put_text(FILE *out, const char *text, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 0x20 && text[i] != '\t') {
            fwrite(text + run, 1, i - run, out);
            fputc('?', out);
            run = i + 1;
        }
    fwrite(text + run, 1, len - run, out);
}

/* Print the line and a caret under s[start..end) (clipped to the line); a
 * long line is clipped to a window around the caret, marked with "…". */
static void excerpt(er_diag *d, const eri_source *s, int line, uint32_t start, uint32_t end)
{
    size_t len;
    const char *text = eri_source_line(s, line, &len);
    uint32_t line_start = (uint32_t)(text - s->text);
    size_t from = start - line_start;
    size_t to = end > start ? end - line_start : from + 1;
    if (from > len)
        from = len;
    if (to > len)
        to = len > from ? len : from + 1;
    const char *lead = "", *trail = "";
    if (len > EXCERPT_MAX) {
        size_t w0 = from > EXCERPT_BEFORE ? char_start(text, from - EXCERPT_BEFORE) : 0;
        size_t w1 = w0 + EXCERPT_MAX < len ? char_start(text, w0 + EXCERPT_MAX) : len;
        lead = w0 > 0 ? "…" : "";
        trail = w1 < len ? "…" : "";
        text += w0;
        len = w1 - w0;
        from -= w0;
        to = to - w0 > len ? (len > from ? len : from + 1) : to - w0;
    }
    fprintf(d->out, "%5d | %s", line, lead);
    put_text(d->out, text, len);
    fprintf(d->out, "%s\n      | %s", trail, *lead ? " " : "");
    for (size_t i = 0; i < from;) {
        int b;
        if (text[i] == '\t') {
            fputc('\t', d->out);
            i++;
            continue;
        }
        int w = eri_utf8_width((const unsigned char *)text + i, len - i, &b);
        fprintf(d->out, "%*s", w, "");
        i += (size_t)b;
    }
    if (d->color)
        fputs(GREEN, d->out);
    fputc('^', d->out);
    size_t cols = to > from ? eri_utf8_columns(text + from, to - from) : 1;
    for (size_t i = 1; i < cols; i++)
        fputc('~', d->out);
    if (d->color)
        fputs(RESET, d->out);
    fputc('\n', d->out);
}

void eri_diag_vat(er_diag *d, eri_severity sev, const eri_source *s, uint32_t start, uint32_t end,
                 const char *fmt, va_list ap)
{
    if (!admit(d, &sev, fmt))
        return;
    int line, col;
    eri_source_position(s, start, &line, &col);
    if (d->collect) {
        int end_line, end_col;
        eri_source_position(s, end > start ? end : start, &end_line, &end_col);
        keep(d, sev, s->name, line, col, end_line, end_col, fmt, ap);
        return;
    }
    if (d->color)
        fputs(BOLD, d->out);
    fprintf(d->out, "%s:%d:%d: ", s->name, line, col);
    head(d, sev);
    vfprintf(d->out, fmt, ap);
    tail(d);
    excerpt(d, s, line, start, end);
}

void eri_diag_at(er_diag *d, eri_severity sev, const eri_source *s, uint32_t start, uint32_t end,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(d, sev, s, start, end, fmt, ap);
    va_end(ap);
}

/* FILE: or FILE:LINE: (line > 0), then the message. */
static void vfile(er_diag *d, eri_severity sev, const char *file, int line, const char *fmt, va_list ap)
{
    if (d->collect) {
        keep(d, sev, file, line, 0, line, 0, fmt, ap);
        return;
    }
    if (d->color)
        fputs(BOLD, d->out);
    if (line > 0)
        fprintf(d->out, "%s:%d: ", file, line);
    else
        fprintf(d->out, "%s: ", file);
    head(d, sev);
    vfprintf(d->out, fmt, ap);
    tail(d);
}

void eri_diag_file(er_diag *d, eri_severity sev, const char *file, const char *fmt, ...)
{
    if (!admit(d, &sev, fmt))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfile(d, sev, file, 0, fmt, ap);
    va_end(ap);
}

void eri_diag_whole(er_diag *d, eri_severity sev, const eri_source *s, const char *fmt, ...)
{
    if (!admit(d, &sev, fmt))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfile(d, sev, s->name, s->record ? (int)s->line_base + 1 : 0, fmt, ap);
    va_end(ap);
}

void eri_diag_plain(er_diag *d, eri_severity sev, const char *fmt, ...)
{
    if (!admit(d, &sev, fmt))
        return;
    va_list ap;
    va_start(ap, fmt);
    if (d->collect) {
        keep(d, sev, NULL, 0, 0, 0, 0, fmt, ap);
        va_end(ap);
        return;
    }
    if (d->color)
        fputs(BOLD, d->out);
    fputs("evalrules: ", d->out);
    head(d, sev);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    tail(d);
}

void er_diag_summary(er_diag *d)
{
    if (!d->out || d->collect || (d->errors == 0 && d->warnings == 0))
        return;
    fputs("evalrules: ", d->out);
    if (d->errors)
        fprintf(d->out, "%u error%s", d->errors, d->errors == 1 ? "" : "s");
    if (d->errors && d->warnings)
        fputs(", ", d->out);
    if (d->warnings)
        fprintf(d->out, "%u warning%s", d->warnings, d->warnings == 1 ? "" : "s");
    fputc('\n', d->out);
}

/* A position as a member: null when there is none (line 0). */
static void position(eri_json *j, const char *key, int line, int col)
{
    if (line == 0) {
        eri_json_null(j, key);
        return;
    }
    eri_json_object(j, key);
    eri_json_int(j, "line", line);
    eri_json_int(j, "column", col);
    eri_json_object_end(j);
}

int er_diag_write_json(er_diag *d, FILE *out)
{
    eri_json j;
    eri_json_begin(&j, out);
    eri_json_object(&j, NULL);
    eri_json_array(&j, "diagnostics");
    for (size_t i = 0; i < d->n; i++) {
        const eri_diag_record *e = &d->entries[i];
        char code[8];
        const char *hint = eri_diag_hint(e->message);
        eri_json_object(&j, NULL);
        eri_json_str(&j, "file", e->file);
        if (e->line) {
            eri_json_int(&j, "line", e->line);
            eri_json_int(&j, "column", e->col);
        } else {
            eri_json_null(&j, "line");
            eri_json_null(&j, "column");
        }
        position(&j, "end", e->end_line, e->end_col);
        eri_json_str(&j, "severity", sev_name[e->sev]);
        if (e->code)
            eri_json_str(&j, "code", eri_diag_code(e, code));
        else
            eri_json_null(&j, "code");
        eri_json_str(&j, "message", e->message);
        if (hint)
            eri_json_str(&j, "hint", hint);
        else
            eri_json_null(&j, "hint");
        eri_json_object_end(&j);
    }
    eri_json_array_end(&j);
    eri_json_int(&j, "errors", d->errors);
    eri_json_int(&j, "warnings", d->warnings);
    eri_json_int(&j, "not_shown", (long long)(d->errors + d->warnings) - (long long)d->shown);
    eri_json_bool(&j, "complete", !d->lost);
    eri_json_object_end(&j);
    return d->lost ? -1 : eri_json_end(&j);
}

/* A text in GBK or UTF-16 is said once, with how to convert it, rather
 * than as an error at every byte the readers cannot take. */
static eri_source *utf8_only(er_diag *d, eri_source *src)
{
    const char *enc = src ? eri_source_encoding(src->text, src->len) : NULL;
    if (!enc)
        return src;
    bool gb = strcmp(enc, "GB18030") == 0;
    eri_diag_file(d, ERI_SEV_ERROR, src->name, "this file looks like %s; save it as UTF-8",
                  gb ? "GBK (or GB18030)" : enc);
    eri_diag_file(d, ERI_SEV_NOTE, src->name, "for example: iconv -f %s -t UTF-8 %s > %s.utf8", enc, src->name,
                  src->name);
    eri_source_free(src);
    return NULL;
}

eri_source *eri_diag_read(er_diag *d, const char *path)
{
    eri_source *src = eri_source_read(path);
    if (!src)
        eri_diag_io(d, path, errno);
    return utf8_only(d, src);
}

eri_source *eri_diag_text(er_diag *d, const char *name, const char *text, size_t len)
{
    eri_source *src = eri_source_from_string(name, text, len);
    if (!src)
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
    return utf8_only(d, src);
}

bool eri_diag_code_at(size_t i, unsigned *number, const char **format)
{
    if (i >= sizeof codes / sizeof codes[0])
        return false;
    *number = codes[i].number;
    *format = codes[i].format;
    return true;
}
