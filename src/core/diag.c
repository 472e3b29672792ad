/* diag.c — reporting diagnostics. */
#include "diag.h"

#include <errno.h>

#include <string.h>

#include "alloc.h"

#define DEFAULT_LIMIT 100

struct er_diag {
    FILE *out;
    bool color;
    unsigned errors, warnings, shown, limit;
    bool limit_said;
    bool hiding;      /* the last error or warning was not shown: nor are its notes */
    bool io_failed;
};

er_diag *er_diag_new(FILE *out)
{
    er_diag *d = eri_calloc(1, sizeof *d);
    if (d) {
        d->out = out;
        d->limit = DEFAULT_LIMIT;
    }
    return d;
}

void er_diag_free(er_diag *d) { eri_free(d); }
void er_diag_set_color(er_diag *d, bool on) { d->color = on; }
void er_diag_set_limit(er_diag *d, unsigned max_shown) { d->limit = max_shown; }
unsigned er_diag_errors(const er_diag *d) { return d->errors; }
unsigned er_diag_warnings(const er_diag *d) { return d->warnings; }
bool er_diag_io_failed(const er_diag *d) { return d->io_failed; }

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

/* Counts the diagnostic and says whether to print it. */
static bool admit(er_diag *d, eri_severity sev)
{
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
        if (!d->limit_said) {
            fprintf(d->out, "evalrules: too many diagnostics; the rest are counted but not shown\n");
            d->limit_said = true;
        }
        return false;
    }
    d->shown++;
    return true;
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
    if (!admit(d, sev))
        return;
    int line, col;
    eri_source_position(s, start, &line, &col);
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

void eri_diag_file(er_diag *d, eri_severity sev, const char *file, const char *fmt, ...)
{
    if (!admit(d, sev))
        return;
    if (d->color)
        fputs(BOLD, d->out);
    fprintf(d->out, "%s: ", file);
    head(d, sev);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    tail(d);
}

void eri_diag_plain(er_diag *d, eri_severity sev, const char *fmt, ...)
{
    if (!admit(d, sev))
        return;
    if (d->color)
        fputs(BOLD, d->out);
    fputs("evalrules: ", d->out);
    head(d, sev);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    tail(d);
}

void er_diag_summary(er_diag *d)
{
    if (!d->out || (d->errors == 0 && d->warnings == 0))
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
