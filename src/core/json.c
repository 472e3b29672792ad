/* json.c — the one JSON writer (json.h).
 *
 * Why a streaming writer of our own rather than jansson, which the reports
 * used before: a report is a walk over a result that already holds every
 * value, so building a tree only to print it costs an allocation per value
 * and an error path per allocation (which the reports did not check: a
 * failure silently dropped a member); jansson takes only valid UTF-8, so a
 * file name that is not was dropped as well; and it has no exact numbers.
 * Written as it goes, the JSON needs no memory, no error but a failed
 * write, and one place for strings and numbers.  The state is the depth
 * and one flag: whether the innermost container is still empty is all the
 * commas and line breaks need, since a container that was closed is a
 * value of the one around it, which so is no longer empty.  (The library
 * itself no longer needs jansson; the tests parse the reports with it.) */
#include "json.h"

#include <string.h>

#include "alloc.h"
#include "digest.h"
#include "source.h"

void eri_bytes_init(eri_bytes *b, char *room, size_t cap) { *b = (eri_bytes){.p = room, .cap = cap}; }

void eri_bytes_add(eri_bytes *b, const char *s, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len)
            cap *= 2;
        char *p = b->heap ? eri_realloc(b->p, cap) : eri_malloc(cap);
        if (!p) {
            b->failed = true;
            return;
        }
        if (!b->heap && b->len)
            memcpy(p, b->p, b->len);
        b->p = p;
        b->cap = cap;
        b->heap = true;
    }
    if (len)
        memcpy(b->p + b->len, s, len);
    b->len += len;
}

int eri_bytes_flush(eri_bytes *b, FILE *out)
{
    bool ok = !b->failed && out && fwrite(b->p, 1, b->len, out) == b->len;
    if (b->heap)
        eri_free(b->p);
    b->heap = false;
    b->len = 0;
    return ok ? 0 : -1;
}

static void put(eri_json *j, const char *s, size_t len)
{
    if (j->digest)
        eri_sha256_update(j->digest, s, len);
    if (j->bytes)
        eri_bytes_add(j->bytes, s, len);
    else if (len && j->out && fwrite(s, 1, len, j->out) != len)
        j->failed = true;
}

static void put_str(eri_json *j, const char *s) { put(j, s, strlen(s)); }

static void newline(eri_json *j)
{
    static const char spaces[] = "                                ";
    if (j->compact)
        return;
    put(j, "\n", 1);
    for (size_t n = 2 * (size_t)j->depth; n > 0;) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        put(j, spaces, k);
        n -= k;
    }
}

/* The string's bytes, escaped: invalid UTF-8 as U+FFFD, or (bytes) as %XX
 * with '%' too.  Whether any byte was invalid. */
static bool body(eri_json *j, const char *s, size_t len, bool bytes)
{
    static const char hex[] = "0123456789ABCDEF";
    bool invalid = false;
    size_t run = 0; /* bytes s[i - run, i) to write as they are */
    for (size_t i = 0; i < len;) {
        size_t plain = i; /* a run of ASCII written as it is */
        for (unsigned char a; plain < len && (a = (unsigned char)s[plain]) >= 0x20 && a < 0x80 && a != '"' &&
                              a != '\\' && !(bytes && a == '%');)
            plain++;
        if (plain > i) {
            run += plain - i;
            i = plain;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        int n = eri_utf8_len((const unsigned char *)s + i, len - i);
        char esc[8];
        const char *e = NULL;
        if (n == 0 || (bytes && c == '%')) {
            invalid |= n == 0;
            if (bytes) {
                esc[0] = '%', esc[1] = hex[c >> 4], esc[2] = hex[c & 15], esc[3] = '\0';
                e = esc;
            } else {
                e = "\xEF\xBF\xBD";
            }
            n = 1;
        } else if (c == '"' || c == '\\') {
            e = c == '"' ? "\\\"" : "\\\\";
        } else if (c < 0x20) {
            switch (c) {
            case '\b': e = "\\b"; break;
            case '\t': e = "\\t"; break;
            case '\n': e = "\\n"; break;
            case '\f': e = "\\f"; break;
            case '\r': e = "\\r"; break;
            default:
                snprintf(esc, sizeof esc, "\\u%04X", c);
                e = esc;
            }
        }
        if (e) {
            put(j, s + i - run, run);
            put_str(j, e);
            run = 0;
        } else {
            run += (size_t)n;
        }
        i += (size_t)n;
    }
    put(j, s + len - run, run);
    return invalid;
}

static void quoted(eri_json *j, const char *s, size_t len, bool bytes, bool *invalid)
{
    put(j, "\"", 1);
    bool bad = body(j, s, len, bytes);
    if (invalid)
        *invalid = bad;
    put(j, "\"", 1);
}

/* Before a value: the comma and line break, and the key. */
static void prefix(eri_json *j, const char *key)
{
    if (j->depth > 0) {
        if (!j->empty)
            put(j, ",", 1);
        newline(j);
    }
    j->empty = false;
    if (key) {
        quoted(j, key, strlen(key), false, NULL);
        put(j, ": ", j->compact ? 1 : 2);
    }
}

void eri_json_begin(eri_json *j, FILE *out) { *j = (eri_json){.out = out}; }

int eri_json_end(eri_json *j)
{
    put(j, "\n", 1);
    return j->failed || j->depth != 0 ? -1 : 0;
}

static void open_container(eri_json *j, const char *key, char c)
{
    prefix(j, key);
    put(j, &c, 1);
    j->depth++;
    j->empty = true;
}

static void close_container(eri_json *j, char c)
{
    if (j->depth == 0) {
        j->failed = true; /* a close without its open: a bug, reported as a failure */
        return;
    }
    j->depth--;
    if (!j->empty)
        newline(j);
    put(j, &c, 1);
    j->empty = false;
}

void eri_json_object(eri_json *j, const char *key) { open_container(j, key, '{'); }
void eri_json_object_end(eri_json *j) { close_container(j, '}'); }
void eri_json_array(eri_json *j, const char *key) { open_container(j, key, '['); }
void eri_json_array_end(eri_json *j) { close_container(j, ']'); }

void eri_json_strn(eri_json *j, const char *key, const char *s, size_t len)
{
    prefix(j, key);
    bool invalid;
    quoted(j, s, len, false, &invalid);
    if (!invalid || !key)
        return;
    char k[128];
    snprintf(k, sizeof k, "%s_bytes", key);
    prefix(j, k);
    quoted(j, s, len, true, NULL);
}

void eri_json_str(eri_json *j, const char *key, const char *s)
{
    if (s)
        eri_json_strn(j, key, s, strlen(s));
    else
        eri_json_null(j, key);
}

void eri_json_int(eri_json *j, const char *key, long long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", v);
    prefix(j, key);
    put_str(j, buf);
}

void eri_json_bool(eri_json *j, const char *key, bool b)
{
    prefix(j, key);
    put_str(j, b ? "true" : "false");
}

void eri_json_null(eri_json *j, const char *key)
{
    prefix(j, key);
    put_str(j, "null");
}

/* n to 6 places (fraction: "num/den") as a string member; a text longer
 * than the buffer (a number beyond 64 bits) in memory of its own.  Whether
 * the decimal was exact. */
static bool num_str(eri_json *j, const char *key, eri_num n, bool fraction)
{
    char buf[96], *t = buf;
    bool exact = true;
    size_t len = fraction ? eri_num_format_fraction(n, buf, sizeof buf) : eri_num_format(n, 0, 6, buf, sizeof buf, &exact);
    if (len >= sizeof buf) {
        if (!(t = eri_malloc(len + 1))) { /* no memory for its text: a failed write */
            j->failed = true;
            eri_json_null(j, key);
            return true;
        }
        len = fraction ? eri_num_format_fraction(n, t, len + 1) : eri_num_format(n, 0, 6, t, len + 1, &exact);
    }
    eri_json_strn(j, key, t, len);
    if (t != buf)
        eri_free(t);
    return exact;
}

void eri_json_num(eri_json *j, const char *key, eri_num n)
{
    if (num_str(j, key, n, false) || !key)
        return;
    char k[128];
    snprintf(k, sizeof k, "%s_exact", key);
    num_str(j, k, n, true);
}
