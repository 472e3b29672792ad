/* fmt.c — the canonical layout of rules and facts files (`evalrules fmt`):
 * the entry points of include/evalrules_tools.h.  A rules file is laid out token by token (fmt_rules.c), a
 * facts file line by line (fmt_facts.c); docs/fmt.md has the rules. */
#include "fmt.h"

#include "evalrules_tools.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

#define MAX_TEXT ((size_t)256 << 20)

/* ---- the API ------------------------------------------------------------ */

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n > m && strcmp(s + n - m, end) == 0 && s[n - m - 1] != '/';
}

bool er_fmt_kind_of(const char *path, er_fmt_kind *kind)
{
    if (ends_with(path, ".rules") || ends_with(path, ".scheme")) { /* a scheme file is in the rules language */
        *kind = ER_FMT_RULES;
        return true;
    }
    if (ends_with(path, ".facts")) {
        *kind = ER_FMT_FACTS;
        return true;
    }
    return false;
}
typedef struct format_args {
    er_fmt_kind kind;
    eri_arena *a;
    const eri_source *src;
    er_diag *d;
    eri_fmt_buf out;
    bool ok;
} format_args;

/* Either layout (a protected call). */
static void format_any(void *arg)
{
    format_args *fa = arg;
    fa->ok = fa->kind == ER_FMT_FACTS ? eri_fmt_facts(fa->a, fa->src, fa->d, &fa->out)
                                      : eri_fmt_rules(fa->a, fa->src, fa->d, &fa->out);
}

char *er_format(er_fmt_kind kind, const char *name, const char *text, size_t len, size_t *out_len,
                er_diag *d)
{
    if (len > MAX_TEXT) {
        eri_diag_file(d, ERI_SEV_ERROR, name, "too large to format (more than 256 MiB)");
        return NULL;
    }
    eri_source *src = eri_diag_text(d, name, text, len); /* a file in GBK or UTF-16 is named so, once */
    if (!src)
        return NULL;
    eri_arena *a = eri_arena_new();
    if (!a) {
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        return NULL;
    }
    format_args fa = {.kind = kind, .a = a, .src = src, .d = d, .out = {.a = a}, .ok = false};
    if (!eri_arena_protect(a, format_any, &fa)) {
        eri_arena_free(a);
        eri_source_free(src);
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while formatting %s", name);
        return NULL;
    }
    eri_fmt_buf out = fa.out;
    bool ok = fa.ok;
    char *result = NULL;
    if (ok) {
        result = eri_malloc(out.len + 1);
        if (result) {
            if (out.len)
                memcpy(result, out.s, out.len);
            result[out.len] = '\0';
            *out_len = out.len;
        } else {
            eri_diag_plain(d, ERI_SEV_ERROR, "out of memory while formatting %s", name);
        }
    }
    eri_arena_free(a);
    eri_source_free(src);
    return result;
}

char *er_fmt_read(const char *path, size_t *len, er_diag *d)
{
    bool std_in = strcmp(path, "-") == 0;
    FILE *f = std_in ? stdin : fopen(path, "rb");
    if (!f) {
        eri_diag_io(d, path, errno);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *text = eri_malloc(cap);
    int err = text ? 0 : ENOMEM;
    while (!err) {
        if (n + 1 >= cap) {
            char *more = cap < MAX_TEXT ? eri_realloc(text, cap * 2) : NULL;
            if (!more) {
                err = cap < MAX_TEXT ? ENOMEM : EFBIG;
                break;
            }
            text = more;
            cap *= 2;
        }
        size_t got = fread(text + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                err = errno ? errno : EIO;
            break;
        }
    }
    if (!std_in)
        fclose(f);
    if (err) {
        eri_free(text);
        eri_diag_io(d, std_in ? "<stdin>" : path, err);
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

void er_fmt_free(char *text) { eri_free(text); }
