/* factline.c — the one scanner of facts-file lines (see factline.h). */
#include "factline.h"

#include <string.h>

/* ---- lines ------------------------------------------------------------ */

void eri_lines_init(eri_lines *it, const char *text, size_t len)
{
    *it = (eri_lines){.t = text, .len = (uint32_t)len};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        it->next = 3;
}

bool eri_lines_next(eri_lines *it)
{
    if (it->next >= it->len)
        return false;
    const char *nl = memchr(it->t + it->next, '\n', it->len - it->next);
    it->start = it->next;
    it->end = nl ? (uint32_t)(nl - it->t) : it->len;
    it->next = nl ? it->end + 1 : it->len;
    if (it->end > it->start && it->t[it->end - 1] == '\r')
        it->end--;
    it->line++;
    return true;
}

/* ---- quoting ---------------------------------------------------------- */

int eri_clip(const char *s, size_t len)
{
    if (len <= ERI_SHOWN)
        return (int)len;
    size_t n = ERI_SHOWN;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* ---- errors ----------------------------------------------------------- */

static bool fail(eri_fl_error *e, eri_fl_err code, uint32_t start, uint32_t end)
{
    *e = (eri_fl_error){.code = code, .at = {start, end}};
    return false;
}

eri_fl_stage eri_fl_stage_of(eri_fl_err code)
{
    switch (code) {
    case ERI_FLE_NONE: return ERI_FLS_NONE;
    case ERI_FLE_NUL:
    case ERI_FLE_CONTROL:
    case ERI_FLE_UTF8:
    case ERI_FLE_SHAPE:
    case ERI_FLE_WIDE_SEP: return ERI_FLS_LINE;
    case ERI_FLE_NO_ID: return ERI_FLS_KEY;
    case ERI_FLE_TRAILING: return ERI_FLS_REST;
    default: return ERI_FLS_VALUE;
    }
}

bool eri_fl_report(er_diag *d, const eri_source *src, const eri_fl_error *e, const char *type)
{
    const char *t = src->text, *at = t + e->at.start, *name = t + e->name.start;
    uint32_t len = e->at.end - e->at.start, nlen = e->name.end - e->name.start;
    uint32_t s = e->at.start, x = e->at.end;
    switch (e->code) {
    case ERI_FLE_NONE:
        return true;
    case ERI_FLE_NUL:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "unexpected NUL byte");
        break;
    case ERI_FLE_CONTROL:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "unexpected control character 0x%02X",
                    (unsigned char)*at);
        break;
    case ERI_FLE_UTF8:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "invalid UTF-8 (byte 0x%02X)", (unsigned char)*at);
        break;
    case ERI_FLE_SHAPE:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x,
                    "expected 'name = value', 'subject = \"…\"' or 'exclude ID \"reason\"'");
        break;
    case ERI_FLE_WIDE_SEP:
    case ERI_FLE_WIDE: {
        int n = 0;
        const char *twin = eri_wide_twin(at, len, &n);
        if (twin && e->code == ERI_FLE_WIDE_SEP && *twin == ':') /* name: value, as in the rules */
            twin = "=";
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "full-width '%.*s' (typed with a Chinese input method); write %s%s%s",
                    (int)len, at, twin && twin[1] ? "" : "'", twin ? twin : "?", twin && twin[1] ? "" : "'");
        break;
    }
    case ERI_FLE_SPACED:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "a space inside the value '%.*s%s'; write it without spaces, "
                    "as in 88%% or 27/30", ERI_CLIP(at, len));
        break;
    case ERI_FLE_NO_ID:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x,
                    "expected an indicator id after 'exclude': exclude 5.2.3 \"reason\"");
        break;
    case ERI_FLE_NO_VALUE:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "missing value for '%.*s'%s%s%s", (int)nlen, name,
                    type ? " (" : "", type ? type : "", type ? ")" : "");
        break;
    case ERI_FLE_NOT_QUOTED:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x,
                    "the subject must be a quoted string: subject = \"某某有限公司\"");
        break;
    case ERI_FLE_UNTERMINATED:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "unterminated string: the closing \" is missing");
        break;
    case ERI_FLE_ESCAPE: /* at: the backslash and the character after it */
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x,
                    "unknown escape '\\%.*s' in a string; use \\\" \\\\ \\n or \\t", (int)len - 1,
                    at + 1);
        break;
    case ERI_FLE_EMPTY_SUBJECT:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "the subject is empty");
        break;
    case ERI_FLE_NO_REASON:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "an exclusion needs a reason: exclude %.*s \"…\"",
                    (int)nlen, name);
        break;
    case ERI_FLE_TRAILING:
        eri_diag_at(d, ERI_SEV_ERROR, src, s, x, "unexpected text after %s: '%.*s%s'",
                    e->after ? e->after : "the statement", ERI_CLIP(at, len));
        break;
    }
    return false;
}

/* ---- pieces ----------------------------------------------------------- */

bool eri_fl_is_blank(char c) { return c == ' ' || c == '\t'; }

bool eri_fl_is_key(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

uint32_t eri_fl_blanks(const char *t, uint32_t p, uint32_t end)
{
    while (p < end && eri_fl_is_blank(t[p]))
        p++;
    return p;
}

uint32_t eri_fl_word(const char *t, uint32_t p, uint32_t end)
{
    while (p < end && eri_fl_is_key(t[p]))
        p++;
    return p;
}

uint32_t eri_fl_bare(const char *t, uint32_t p, uint32_t end)
{
    while (p < end && !eri_fl_is_blank(t[p]) && t[p] != '#')
        p++;
    return p;
}

uint32_t eri_fl_trim(const char *t, uint32_t from, uint32_t end)
{
    while (end > from && eri_fl_is_blank(t[end - 1]))
        end--;
    return end;
}

bool eri_fl_at_end(const char *t, uint32_t p, uint32_t end)
{
    p = eri_fl_blanks(t, p, end);
    return p >= end || t[p] == '#';
}

bool eri_fl_clean(const char *t, uint32_t p, uint32_t end, eri_fl_error *e)
{
    for (uint32_t i = p; i < end;) {
        unsigned char c = (unsigned char)t[i];
        if (c == 0)
            return fail(e, ERI_FLE_NUL, i, i + 1);
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return fail(e, ERI_FLE_CONTROL, i, i + 1);
        int n = eri_utf8_len((const unsigned char *)t + i, end - i);
        if (n == 0)
            return fail(e, ERI_FLE_UTF8, i, i + 1);
        i += (uint32_t)n;
    }
    return true;
}

bool eri_fl_string(const char *t, uint32_t q, uint32_t end, uint32_t *after, eri_fl_error *e)
{
    uint32_t i = q + 1;
    for (;;) {
        if (i >= end || (t[i] == '\\' && i + 1 >= end))
            return fail(e, ERI_FLE_UNTERMINATED, q, end);
        if (t[i] == '"')
            break;
        if (t[i] == '\\') {
            char c = t[i + 1];
            if (c != '"' && c != '\\' && c != 'n' && c != 't') { /* quote the whole character */
                int b = eri_utf8_len((const unsigned char *)t + i + 1, end - i - 1);
                return fail(e, ERI_FLE_ESCAPE, i, i + 1 + (uint32_t)(b ? b : 1));
            }
            i++;
        }
        i++;
    }
    *after = i + 1;
    return true;
}

bool eri_fl_rest(const char *t, uint32_t p, uint32_t end, const char *after, eri_span *comment,
                 eri_fl_error *e)
{
    p = eri_fl_blanks(t, p, end);
    if (p < end && t[p] != '#') {
        fail(e, ERI_FLE_TRAILING, p, eri_fl_trim(t, p, end));
        e->after = after;
        return false;
    }
    if (comment)
        *comment = (eri_span){p, p < end ? eri_fl_trim(t, p, end) : p};
    return true;
}

char *eri_fl_unescape(eri_arena *a, const char *t, eri_span s, size_t *len)
{
    size_t n = 0;
    for (uint32_t j = s.start + 1; j + 1 < s.end; j++, n++)
        j += t[j] == '\\';
    char *buf = eri_arena_alloc(a, n + 1), *o = buf;
    for (uint32_t j = s.start + 1; j + 1 < s.end; j++) {
        char c = t[j];
        if (c == '\\') {
            c = t[++j];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        *o++ = c;
    }
    *o = '\0';
    if (len)
        *len = n;
    return buf;
}

/* ---- a line split ----------------------------------------------------- */

static bool same(const char *t, eri_span s, const char *word)
{
    size_t n = strlen(word);
    return s.end - s.start == n && memcmp(t + s.start, word, n) == 0;
}

/* The value of NAME = VALUE, at p (after the '=' and blanks). */
static bool fact_value(const char *t, uint32_t p, uint32_t end, eri_factline *fl)
{
    if (eri_fl_at_end(t, p, end)) {
        fail(&fl->err, ERI_FLE_NO_VALUE, p, p);
        fl->err.name = fl->key;
        return false;
    }
    fl->quoted = t[p] == '"';
    uint32_t ve = 0;
    if (fl->quoted && !eri_fl_string(t, p, end, &ve, &fl->err))
        return false;
    if (!fl->quoted) {
        int n = 0;
        if (eri_wide_twin(t + p, end - p, &n)) /* a curly quote, or a value typed full-width */
            return fail(&fl->err, ERI_FLE_WIDE, p, p + (uint32_t)n);
        ve = eri_fl_bare(t, p, end);
        /* in a number (not in a bare text, which may hold any character) */
        for (uint32_t i = p; i < ve && ((t[p] >= '0' && t[p] <= '9') || t[p] == '-'); i++)
            if ((unsigned char)t[i] >= 0x80 && eri_wide_twin(t + i, ve - i, &n))
                return fail(&fl->err, ERI_FLE_WIDE, i, i + (uint32_t)n);
        /* '88 %', '27 / 30': a number, blanks, then '%' or '/' */
        uint32_t q = eri_fl_blanks(t, ve, end);
        if (q > ve && q < end && (t[q] == '%' || t[q] == '/') && ve > p && t[ve - 1] >= '0' && t[ve - 1] <= '9') {
            uint32_t r = t[q] == '/' ? eri_fl_bare(t, eri_fl_blanks(t, q + 1, end), end) : q + 1;
            return fail(&fl->err, ERI_FLE_SPACED, p, r);
        }
    }
    fl->value = (eri_span){p, ve};
    return eri_fl_rest(t, ve, end, "the value", &fl->comment, &fl->err);
}

/* subject = "…" or subject "…", p at the '=' or the quote. */
static bool subject(const char *t, uint32_t p, uint32_t end, eri_factline *fl)
{
    if (t[p] == '=')
        p = eri_fl_blanks(t, p + 1, end);
    uint32_t ve = 0;
    int n = 0;
    const char *twin = p < end ? eri_wide_twin(t + p, end - p, &n) : NULL;
    if (twin && *twin == '"')
        return fail(&fl->err, ERI_FLE_WIDE, p, p + (uint32_t)n);
    if (p >= end || t[p] != '"')
        return fail(&fl->err, ERI_FLE_NOT_QUOTED, p, eri_fl_trim(t, p, end));
    if (!eri_fl_string(t, p, end, &ve, &fl->err))
        return false;
    fl->quoted = true;
    fl->value = (eri_span){p, ve};
    if (ve - p == 2)
        return fail(&fl->err, ERI_FLE_EMPTY_SUBJECT, p, ve);
    return eri_fl_rest(t, ve, end, "the subject", &fl->comment, &fl->err);
}

/* exclude ID "reason", p after the keyword. */
static bool exclude(const char *t, uint32_t p, uint32_t end, eri_factline *fl)
{
    p = eri_fl_blanks(t, p, end);
    fl->key = (eri_span){p, eri_fl_word(t, p, end)};
    if (fl->key.end == p)
        return fail(&fl->err, ERI_FLE_NO_ID, p, eri_fl_trim(t, p, end));
    uint32_t rs = eri_fl_blanks(t, fl->key.end, end), re = rs;
    bool none = eri_fl_at_end(t, rs, end), q = !none && t[rs] == '"';
    if (q && !eri_fl_string(t, rs, end, &re, &fl->err))
        return false;
    if (!q || re - rs == 2) { /* absent, not quoted or empty: point after the id, or at what is there */
        uint32_t ke = fl->key.end;
        fail(&fl->err, ERI_FLE_NO_REASON, none ? ke : rs, none ? ke : q ? re : eri_fl_trim(t, rs, end));
        fl->err.name = fl->key;
        return false;
    }
    fl->quoted = true;
    fl->value = (eri_span){rs, re};
    return eri_fl_rest(t, re, end, "the reason", &fl->comment, &fl->err);
}

bool eri_factline_scan(const char *t, uint32_t start, uint32_t end, eri_factline *fl)
{
    *fl = (eri_factline){.kind = ERI_FL_OTHER, .start = start};
    if (!eri_fl_clean(t, start, end, &fl->err))
        return false;
    uint32_t p = eri_fl_blanks(t, start, end);
    fl->start = p;
    if (p >= end) {
        fl->kind = ERI_FL_BLANK;
        return true;
    }
    if (t[p] == '#') {
        fl->kind = ERI_FL_COMMENT;
        fl->comment = (eri_span){p, eri_fl_trim(t, p, end)};
        return true;
    }
    eri_span word = {p, eri_fl_word(t, p, end)};
    p = eri_fl_blanks(t, word.end, end);
    char c = p < end ? t[p] : '\0';
    bool named = word.end > word.start;
    if (named && same(t, word, "subject") && (c == '=' || c == '"')) {
        fl->kind = ERI_FL_SUBJECT;
        fl->key = word;
        return subject(t, p, end, fl);
    }
    if (named && same(t, word, "exclude") && c != '=') {
        fl->kind = ERI_FL_EXCLUDE;
        return exclude(t, p, end, fl);
    }
    int wn = 0;
    const char *twin = named && p < end ? eri_wide_twin(t + p, end - p, &wn) : NULL;
    if (twin && (*twin == '=' || *twin == ':' || strcmp(twin, "a space") == 0))
        return fail(&fl->err, ERI_FLE_WIDE_SEP, p, p + (uint32_t)wn);
    if (named && c == '=') {
        fl->kind = ERI_FL_FACT;
        fl->key = word;
        return fact_value(t, eri_fl_blanks(t, p + 1, end), end, fl);
    }
    return fail(&fl->err, ERI_FLE_SHAPE, word.start, eri_fl_trim(t, word.start, end));
}
