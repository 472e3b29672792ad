/* source.c — file buffers, line maps, UTF-8 columns. */
#include "source.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

#define MAX_SOURCE ((size_t)256 << 20)

/* the line starts (memchr: a batch's record is a source of one line) */
static int build_lines(eri_source *s)
{
    uint32_t n = 1;
    const char *end = s->text + s->len;
    for (const char *p = s->text; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
        n++;
    s->lines = eri_malloc(sizeof *s->lines * n);
    if (!s->lines)
        return -1;
    s->nlines = 0;
    s->lines[s->nlines++] = 0;
    for (const char *p = s->text; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
        s->lines[s->nlines++] = (uint32_t)(p - s->text + 1);
    return 0;
}

static eri_source *make(const char *name, char *text, size_t len)
{
    eri_source *s = eri_calloc(1, sizeof *s);
    if (!s)
        goto fail;
    s->name = eri_strndup(name, strlen(name));
    s->text = text;
    s->len = len;
    if (!s->name || build_lines(s) < 0)
        goto fail;
    return s;
fail:
    if (s) {
        eri_free(s->name);
        eri_free(s);
    }
    eri_free(text);
    errno = ENOMEM;
    return NULL;
}

/* closes what eri_source_read opened (not standard input) */
static void done(FILE *f)
{
    if (f != stdin)
        fclose(f);
}

eri_source *eri_source_read(const char *path)
{
    bool std_in = strcmp(path, "-") == 0;
    FILE *f = std_in ? stdin : fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = eri_malloc(cap);
    if (!buf) {
        done(f);
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (len + 1 >= cap) {
            if (cap >= MAX_SOURCE) {
                eri_free(buf);
                done(f);
                errno = EFBIG;
                return NULL;
            }
            char *nb = eri_realloc(buf, cap * 2);
            if (!nb) {
                eri_free(buf);
                done(f);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                eri_free(buf);
                done(f);
                errno = e;
                return NULL;
            }
            break;
        }
    }
    done(f);
    buf[len] = '\0';
    return make(std_in ? ERI_STDIN_NAME : path, buf, len);
}

eri_source *eri_source_from_string(const char *name, const char *text, size_t len)
{
    char *copy = eri_strndup(text, len);
    if (!copy) {
        errno = ENOMEM;
        return NULL;
    }
    return make(name, copy, len);
}

eri_source *eri_source_take(const char *name, char *text, size_t len) { return make(name, text, len); }

void eri_source_free(eri_source *s)
{
    if (!s)
        return;
    eri_free(s->name);
    eri_free(s->text);
    eri_free(s->lines);
    eri_free(s);
}

void eri_source_position(const eri_source *s, uint32_t offset, int *line, int *col)
{
    if (offset > s->len)
        offset = (uint32_t)s->len;
    uint32_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t from = lo == 0 && offset >= eri_source_start(s) ? eri_source_start(s) : s->lines[lo];
    *line = (int)(lo + 1 + s->line_base);
    *col = (int)eri_utf8_count(s->text + from, offset - from) + 1;
}

const char *eri_source_line(const eri_source *s, int line, size_t *len)
{
    line -= (int)s->line_base;
    if (line < 1 || (uint32_t)line > s->nlines) {
        *len = 0;
        return "";
    }
    const char *start = s->text + (line == 1 ? eri_source_start(s) : s->lines[line - 1]);
    const char *end = memchr(start, '\n', (size_t)(s->text + s->len - start));
    if (!end)
        end = s->text + s->len;
    if (end > start && end[-1] == '\r')
        end--;
    *len = (size_t)(end - start);
    return start;
}

int eri_utf8_len(const unsigned char *p, size_t avail)
{
    if (avail == 0)
        return 0;
    unsigned c = p[0];
    int n;
    unsigned min;
    if (c < 0x80)
        return 1;
    else if ((c & 0xE0) == 0xC0)
        n = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        n = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        n = 4, min = 0x10000;
    else
        return 0;
    if ((size_t)n > avail)
        return 0;
    unsigned cp = c & (0x7Fu >> n);
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static unsigned decode(const unsigned char *p, int n)
{
    if (n == 1)
        return p[0];
    unsigned cp = p[0] & (0x7Fu >> n);
    for (int i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    return cp;
}

int eri_utf8_width(const unsigned char *p, size_t avail, int *bytes)
{
    int n = eri_utf8_len(p, avail);
    if (n == 0) {
        *bytes = 1;
        return 1;
    }
    *bytes = n;
    unsigned cp = decode(p, n);
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
        (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

size_t eri_utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        int b = eri_utf8_len((const unsigned char *)s + i, len - i);
        i += b ? (size_t)b : 1;
        n++;
    }
    return n;
}

size_t eri_utf8_columns(const char *s, size_t len)
{
    size_t cols = 0;
    for (size_t i = 0; i < len;) {
        int b;
        cols += (size_t)eri_utf8_width((const unsigned char *)s + i, len - i, &b);
        i += (size_t)b;
    }
    return cols;
}

/* ---- what kind of file this looks like ----------------------------------- */

/* the next line of text[*at..len): its first non-blank byte, and *at past it */
static const char *next_line(const char *text, size_t len, size_t *at, size_t *n)
{
    size_t i = *at;
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
        i++;
    const char *line = text + i;
    const char *nl = memchr(line, '\n', len - i);
    *n = nl ? (size_t)(nl - line) : len - i;
    *at = i + *n + (nl ? 1 : 0);
    return line;
}

/* "name = value" or "name: value", as a facts file has (full-width = and : too) */
static bool facts_line(const char *l, size_t n)
{
    size_t i = 0;
    while (i < n && ((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= 'A' && l[i] <= 'Z') || l[i] == '_' || l[i] == '.' ||
                     (i > 0 && l[i] >= '0' && l[i] <= '9')))
        i++;
    if (i == 0)
        return false;
    while (i < n && (l[i] == ' ' || l[i] == '\t'))
        i++;
    return i < n && (l[i] == '=' || l[i] == ':' ||
                     (n - i >= 3 && (memcmp(l + i, "\xEF\xBC\x9D", 3) == 0 || memcmp(l + i, "\xEF\xBC\x9A", 3) == 0)));
}

static bool starts_word(const char *l, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n > k && memcmp(l, w, k) == 0 && (l[k] == ' ' || l[k] == '\t' || l[k] == '{');
}

static bool rules_line(const char *l, size_t n)
{
    static const char *const words[] = {"standard", "fact",   "indicator", "item",  "let",  "text",  "note",
                                        "english",  "pass",   "ratio",     "score", "grade", "total", "rating",
                                        "veto",     "scheme", "level",     "}"};
    if (n >= 1 && *l == '}')
        return true;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (starts_word(l, n, words[i]))
            return true;
    return false;
}

uint32_t eri_source_start(const eri_source *s)
{
    return s->line_base == 0 && s->len >= 3 && memcmp(s->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* UTF-16 by its byte order mark, or by NUL bytes: a quarter of the first
 * 4 KiB or more, most on one side (ASCII in UTF-16LE is 'c' 0). */
static const char *utf16(const unsigned char *t, size_t len)
{
    if (len >= 2 && t[0] == 0xFF && t[1] == 0xFE)
        return "UTF-16LE";
    if (len >= 2 && t[0] == 0xFE && t[1] == 0xFF)
        return "UTF-16BE";
    size_t n = len < 4096 ? len : 4096, even = 0, odd = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i] == 0)
            *(i % 2 ? &odd : &even) += 1;
    if (n < 4 || (even + odd) * 4 < n)
        return NULL;
    return odd > even * 3 ? "UTF-16LE" : even > odd * 3 ? "UTF-16BE" : NULL;
}

/* Valid GB18030 throughout, with two characters or more beyond ASCII:
 * two bytes 81-FE 40-7E|80-FE, or four 81-FE 30-39 81-FE 30-39. */
static bool gb18030(const unsigned char *t, size_t len)
{
    unsigned wide = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = t[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xFF || i + 1 >= len)
            return false;
        unsigned c2 = t[i + 1];
        if ((c2 >= 0x40 && c2 <= 0x7E) || (c2 >= 0x80 && c2 <= 0xFE))
            i += 2;
        else if (c2 >= 0x30 && c2 <= 0x39 && i + 3 < len && t[i + 2] >= 0x81 && t[i + 2] <= 0xFE &&
                 t[i + 3] >= 0x30 && t[i + 3] <= 0x39)
            i += 4;
        else
            return false;
        wide++;
    }
    return wide >= 2;
}

const char *eri_source_encoding(const char *text, size_t len)
{
    const unsigned char *t = (const unsigned char *)text;
    const char *wide = utf16(t, len);
    if (wide)
        return wide;
    /* UTF-8 with a character cut off or a stray byte is still UTF-8: GBK
     * has more bytes that are not UTF-8 than Chinese characters that are */
    size_t bad = 0, cjk = 0;
    for (size_t i = 0; i < len;) {
        int n = eri_utf8_len(t + i, len - i);
        bad += n == 0;
        cjk += n >= 3;
        i += n ? (size_t)n : 1;
    }
    return bad > cjk && gb18030(t, len) ? "GB18030" : NULL;
}

eri_source_kind eri_source_guess(const eri_source *s)
{
    size_t at = eri_source_start(s), n;
    unsigned lines = 0, facts = 0, cases = 0, rules = 0;
    while (at < s->len && lines < 200) {
        const char *l = next_line(s->text, s->len, &at, &n);
        if (n == 0 || *l == '#' || *l == '\r')
            continue;
        lines++;
        facts += facts_line(l, n);
        rules += rules_line(l, n);
        cases += n > 6 && memcmp(l, "case \"", 6) == 0;
    }
    if (cases > 0)
        return ERI_SRC_TESTS;
    if (lines > 0 && facts * 2 > lines)
        return ERI_SRC_FACTS;
    if (lines > 0 && rules * 2 > lines)
        return ERI_SRC_RULES;
    return ERI_SRC_OTHER;
}

/* ---- full-width characters -------------------------------------------- */

static const struct { const char *wide, *ascii; } twins[] = {
    {"\xEF\xBC\x9A", ":"}, {"\xEF\xBC\x8C", ","}, {"\xEF\xBC\x88", "("}, {"\xEF\xBC\x89", ")"},
    {"\xE2\x80\x9C", "\""}, {"\xE2\x80\x9D", "\""}, {"\xEF\xBC\x9D", "="}, {"\xEF\xBC\x85", "%"},
    {"\xE3\x80\x80", "a space"}, {"\xEF\xBC\x9B", "a new line"}, {"\xEF\xBD\x9B", "{"}, {"\xEF\xBD\x9D", "}"},
    {"\xEF\xBC\x8F", "/"}, {"\xEF\xBC\x8E", "."}, {"\xE3\x80\x82", "."},
};
static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

const char *eri_wide_twin(const char *p, size_t avail, int *n)
{
    if (avail < 3)
        return NULL;
    *n = 3;
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) /* ０-９ */
        return digits[u[2] - 0x90];
    for (size_t i = 0; i < sizeof twins / sizeof twins[0]; i++)
        if (memcmp(p, twins[i].wide, 3) == 0)
            return twins[i].ascii;
    return NULL;
}
