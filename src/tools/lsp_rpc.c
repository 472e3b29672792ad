/* lsp_rpc.c — JSON-RPC messages of the language server as LSP frames them
 * ("Content-Length: N\r\n\r\n" and N bytes of JSON), and positions in
 * UTF-16 code units, as LSP counts them, converted to and from byte
 * offsets. */
#include "lsp.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "source.h"

/* ---- framing -------------------------------------------------------------- */

/* One header line without its "\r\n" (or "\n") into buf; its length, -1 at
 * the end of input, -2 when it is longer than the buffer (the rest of the
 * line is read and dropped). */
static int header_line(FILE *in, char *buf, size_t cap)
{
    size_t n = 0;
    bool over = false;
    for (;;) {
        int c = getc(in);
        if (c == EOF)
            return n > 0 || over ? (over ? -2 : (int)n) : -1;
        if (c == '\n')
            break;
        if (n + 1 < cap)
            buf[n++] = (char)c;
        else
            over = true;
    }
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return over ? -2 : (int)n;
}

/* "Content-Length: 123" (the name in any case, blanks around the value) */
static bool content_length(const char *line, size_t *len)
{
    static const char name[] = "content-length:";
    for (size_t i = 0; i < sizeof name - 1; i++)
        if ((line[i] | 0x20) != name[i])
            return false;
    const char *p = line + sizeof name - 1;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p < '0' || *p > '9')
        return false;
    size_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (SIZE_MAX - 9) / 10)
            return false;
        v = v * 10 + (size_t)(*p - '0');
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p)
        return false;
    *len = v;
    return true;
}

/* Read and drop n bytes; false when the input ended first. */
static bool skip(FILE *in, size_t n)
{
    char buf[4096];
    while (n > 0) {
        size_t got = fread(buf, 1, n < sizeof buf ? n : sizeof buf, in);
        if (got == 0)
            return false;
        n -= got;
    }
    return true;
}

eri_lsp_read_status eri_lsp_read(FILE *in, char **body, size_t *len)
{
    char line[ERI_LSP_MAX_HEADER];
    bool have = false, any = false;
    size_t n = 0;
    for (;;) {
        int got = header_line(in, line, sizeof line);
        if (got == -1)
            return ERI_LSP_EOF;
        if (got == 0 && any)
            break;
        if (got == 0)
            continue; /* blank lines between messages */
        any = true;
        if (got > 0 && content_length(line, &n))
            have = true; /* other headers, and lines that are none, are passed over */
    }
    if (!have)
        return ERI_LSP_BAD_HEADER;
    if (n > ERI_LSP_MAX_MESSAGE)
        return skip(in, n) ? ERI_LSP_TOO_LARGE : ERI_LSP_EOF;
    char *text = eri_malloc(n + 1);
    if (!text)
        return skip(in, n) ? ERI_LSP_NO_MEMORY : ERI_LSP_EOF;
    if (fread(text, 1, n, in) != n) {
        eri_free(text);
        return ERI_LSP_EOF;
    }
    text[n] = '\0';
    *body = text;
    *len = n;
    return ERI_LSP_MESSAGE;
}

int eri_lsp_write(FILE *out, const char *body, size_t len)
{
    if (fprintf(out, "Content-Length: %zu\r\n\r\n", len) < 0 || fwrite(body, 1, len, out) != len)
        return -1;
    return fflush(out) == 0 ? 0 : -1;
}

bool eri_lsp_too_deep(const char *text, size_t len, int max)
{
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max)
                return true;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return false;
}

/* ---- positions ------------------------------------------------------------ */

/* The character at text[i] (i < len): its bytes and its UTF-16 units. */
static int char_at(const char *text, size_t len, size_t i, int *units)
{
    int n = eri_utf8_len((const unsigned char *)text + i, len - i);
    if (n == 0)
        n = 1; /* an invalid byte: U+FFFD, one unit */
    *units = n == 4 ? 2 : 1;
    return n;
}

size_t eri_lsp_text_start(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Start of 0-based line, or len when the text has fewer lines. */
static size_t line_start(const char *text, size_t len, int64_t line)
{
    size_t i = eri_lsp_text_start(text, len);
    for (int64_t l = 0; l < line; l++) {
        const char *nl = memchr(text + i, '\n', len - i);
        if (!nl)
            return len;
        i = (size_t)(nl - text) + 1;
    }
    return i;
}

size_t eri_lsp_offset(const char *text, size_t len, int64_t line, int64_t character)
{
    if (line < 0)
        return 0;
    size_t i = line_start(text, len, line);
    int64_t u = 0;
    while (i < len && text[i] != '\n') {
        int units, n = char_at(text, len, i, &units);
        if (u + units > character)
            break;
        u += units;
        i += (size_t)n;
    }
    return i;
}

/* UTF-16 units from text[from] up to offset (on one line), stopping at the
 * start of a character that offset falls inside */
static uint32_t units_to(const char *text, size_t len, size_t from, size_t offset)
{
    uint32_t u = 0;
    for (size_t i = from; i < offset;) {
        int units, n = char_at(text, len, i, &units);
        if (i + (size_t)n > offset)
            break;
        u += (uint32_t)units;
        i += (size_t)n;
    }
    return u;
}

void eri_lsp_position(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *character)
{
    if (offset > len)
        offset = len;
    uint32_t l = 0;
    size_t start = eri_lsp_text_start(text, len);
    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n')
            l++, start = i + 1;
    *line = l;
    *character = units_to(text, len, start, offset);
}

void eri_lsp_text_init(eri_lsp_text *t, const char *s, size_t len)
{
    *t = (eri_lsp_text){.s = s, .len = len};
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    t->lines = eri_malloc(n * sizeof *t->lines);
    if (!t->lines)
        return;
    t->lines[t->nlines++] = (uint32_t)eri_lsp_text_start(s, len);
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n')
            t->lines[t->nlines++] = (uint32_t)(i + 1);
}

void eri_lsp_text_free(eri_lsp_text *t)
{
    eri_free(t->lines);
    t->lines = NULL;
}

void eri_lsp_text_position(eri_lsp_text *t, size_t offset, uint32_t *line, uint32_t *character)
{
    if (!t->lines) {
        eri_lsp_position(t->s, t->len, offset, line, character);
        return;
    }
    if (offset > t->len)
        offset = t->len;
    size_t lo = 0, hi = t->nlines; /* the last line starting at or before offset */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    size_t from = t->lines[lo];
    uint32_t u = 0;
    if (t->have_at && t->at_line == lo && t->at <= offset && t->at >= from)
        from = t->at, u = t->at_units;
    u += units_to(t->s, t->len, from, offset);
    /* go on from a character's start only (offset may fall inside one) */
    size_t back = offset;
    while (back > t->lines[lo] && back < t->len && ((unsigned char)t->s[back] & 0xC0) == 0x80)
        back--;
    if (back == offset) {
        t->at = offset;
        t->at_line = (uint32_t)lo;
        t->at_units = u;
        t->have_at = true;
    }
    *line = (uint32_t)lo;
    *character = u;
}

size_t eri_lsp_offset_chars(const char *text, size_t len, int line, int column)
{
    if (line < 1)
        return 0;
    size_t i = line_start(text, len, line - 1);
    for (int c = 1; c < column && i < len && text[i] != '\n'; c++) {
        int units;
        i += (size_t)char_at(text, len, i, &units);
    }
    return i;
}

void eri_lsp_range(eri_json *j, const char *key, eri_lsp_text *t, size_t start, size_t end)
{
    uint32_t l, c;
    eri_json_object(j, key);
    eri_lsp_text_position(t, start, &l, &c);
    eri_json_object(j, "start");
    eri_json_int(j, "line", l);
    eri_json_int(j, "character", c);
    eri_json_object_end(j);
    eri_lsp_text_position(t, end, &l, &c);
    eri_json_object(j, "end");
    eri_json_int(j, "line", l);
    eri_json_int(j, "character", c);
    eri_json_object_end(j);
    eri_json_object_end(j);
}

/* ---- URIs ----------------------------------------------------------------- */

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

char *eri_lsp_uri_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (*p != '/') { /* file://host/path: only the local host */
        if (strncmp(p, "localhost/", 10) != 0)
            return NULL;
        p += 9;
    }
    size_t n = strlen(p);
    char *path = eri_malloc(n + 1), *q = path;
    if (!path)
        return NULL;
    for (; *p; p++) {
        if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
            *q++ = (char)(hex(p[1]) * 16 + hex(p[2]));
            p += 2;
        } else {
            *q++ = *p;
        }
    }
    *q = '\0';
    if (strlen(path) != (size_t)(q - path)) { /* %00 */
        eri_free(path);
        return NULL;
    }
    return path;
}

char *eri_lsp_path_uri(const char *path)
{
    static const char keep[] = "-._~/!$&'()*+,;=:@";
    size_t n = strlen(path);
    char *uri = eri_malloc(7 + 3 * n + 1), *q = uri;
    if (!uri)
        return NULL;
    memcpy(q, "file://", 7);
    q += 7;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(keep, *p))
            *q++ = (char)*p;
        else
            q += sprintf(q, "%%%02X", *p);
    }
    *q = '\0';
    return uri;
}
