/* escape.c — text from rules and facts made safe for reports (escape.h). */
#include "escape.h"

#include <stdbool.h>
#include <string.h>

#include "source.h"

size_t eri_esc_control(const char *text, size_t len, char *out, size_t cap, size_t *used)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned c = s[0];
    *used = 1;
    if (c == '\n')
        return (size_t)snprintf(out, cap, "\\n");
    if (c == '\r')
        return (size_t)snprintf(out, cap, "\\r");
    if (c == '\t')
        return (size_t)snprintf(out, cap, "\\t");
    if (c < 0x20 || c == 0x7F)
        return (size_t)snprintf(out, cap, "\\x%02X", c);
    if (c == 0xC2 && len >= 2 && s[1] >= 0x80 && s[1] <= 0x9F) { /* U+0080..U+009F */
        *used = 2;
        return (size_t)snprintf(out, cap, "\\u%04X", s[1]);
    }
    if (c == 0xE2 && len >= 3 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)) { /* U+2028, U+2029 */
        *used = 3;
        return (size_t)snprintf(out, cap, "\\u%04X", 0x2000u + (s[2] - 0x80u));
    }
    return 0;
}

static bool needs_escape(const char *s, size_t len)
{
    char tmp[8];
    size_t used;
    for (size_t i = 0; i < len; i++)
        if (eri_esc_control(s + i, len - i, tmp, sizeof tmp, &used))
            return true;
    return false;
}

const char *eri_esc_text(char *buf, size_t cap, const char *s)
{
    if (!s)
        return "";
    size_t len = strlen(s);
    if (!needs_escape(s, len) || cap == 0)
        return s;
    const char *const ell = "\xE2\x80\xA6"; /* … */
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        char tmp[8];
        size_t used, n = eri_esc_control(s + i, len - i, tmp, sizeof tmp, &used);
        const char *piece = n ? tmp : s + i;
        if (!n)
            n = used = 1;
        if (o + n + strlen(ell) >= cap) {
            if (o + strlen(ell) < cap) {
                memcpy(buf + o, ell, strlen(ell));
                o += strlen(ell);
            }
            break;
        }
        memcpy(buf + o, piece, n);
        o += n;
        i += used;
    }
    buf[o] = '\0'; /* o < cap: each piece and the ellipsis were put only with room left */
    return buf;
}

void eri_esc_text_put(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        char tmp[8];
        size_t used, n = eri_esc_control(s + i, len - i, tmp, sizeof tmp, &used);
        if (n)
            fputs(tmp, out);
        else
            fputc(s[i], out);
        i += used;
    }
}

void eri_esc_html_put(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        char tmp[8];
        size_t used, n = eri_esc_control(s + i, len - i, tmp, sizeof tmp, &used);
        if (n) {
            fputs(tmp, out);
        } else {
            switch (s[i]) {
            case '&': fputs("&amp;", out); break;
            case '<': fputs("&lt;", out); break;
            case '>': fputs("&gt;", out); break;
            case '"': fputs("&quot;", out); break;
            case '\'': fputs("&#39;", out); break;
            default: fputc(s[i], out);
            }
        }
        i += used;
    }
}

void eri_esc_html(FILE *out, const char *s)
{
    if (s)
        eri_esc_html_put(out, s, strlen(s));
}

size_t eri_esc_cols(FILE *f, const char *s, size_t max)
{
    size_t used = 0, len = strlen(s), total = 0;
    char esc[8];
    size_t used_bytes;
    for (size_t i = 0; i < len;) { /* the whole width first: cut only when needed */
        int b;
        size_t n = eri_esc_control(s + i, len - i, esc, sizeof esc, &used_bytes);
        total += n ? n : (size_t)eri_utf8_width((const unsigned char *)s + i, len - i, &b);
        i += n ? used_bytes : (size_t)b;
    }
    for (size_t i = 0; i < len;) {
        int b = 1, w;
        size_t n = eri_esc_control(s + i, len - i, esc, sizeof esc, &used_bytes);
        if (n) {
            w = (int)n;
            b = (int)used_bytes;
        } else
            w = eri_utf8_width((const unsigned char *)s + i, len - i, &b);
        if (total > max && used + (size_t)w + 1 > max) {
            if (f)
                fputs("\xE2\x80\xA6", f);
            return used + 1;
        }
        if (f) {
            if (n)
                fputs(esc, f);
            else
                fwrite(s + i, 1, (size_t)b, f);
        }
        used += (size_t)w;
        i += (size_t)b;
    }
    return used;
}
