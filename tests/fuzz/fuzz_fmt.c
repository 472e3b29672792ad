/* fuzz_fmt.c — the formatter with oracles.  The first byte chooses the
 * kind (even: a rules file, odd: a facts file), the rest is the text.
 * When the text formats:
 *   - formatting the result changes nothing (idempotent);
 *   - rules: the real scanner's tokens (kind and bytes: every literal and
 *     string) are the same, in the same order, and so are the comments;
 *     the rule set loads after exactly when it loaded before, with the
 *     same numbers of errors and warnings, and the same syntax tree
 *     (er_rules_dump, which shows no positions);
 *   - facts: every byte but blanks is kept, in order (but a byte order
 *     mark, which is dropped, and the '=' that 'subject "…"' gains); the
 *     text loads
 *     against rules/gbt27922.rules after exactly as it did before. */
#include "arena.h"
#include "source.h"
#include "tokens.h"

#include "fuzz.h"

static er_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    rules = fuzz_bundled_rules("rules/gbt27922.rules");
    return 0;
}

/* A text's tokens and comments (right-trimmed), one string: each as its
 * kind, its length and its bytes, so that two lists compare with memcmp. */
struct lexed {
    const char *text;
    char *out;
    size_t n, cap;
    uint32_t ntok;
    eri_token *tok;
    eri_source *src;
    eri_arena *arena;
    er_diag *d;
};

static void put(struct lexed *l, int kind, const char *s, size_t n)
{
    size_t need = l->n + n + 32;
    if (need > l->cap) {
        l->cap = need * 2;
        l->out = realloc(l->out, l->cap);
        if (!l->out)
            abort();
    }
    l->n += (size_t)snprintf(l->out + l->n, 32, "%d:%zu:", kind, n);
    memcpy(l->out + l->n, s, n);
    l->n += n;
}

static void comments(struct lexed *l, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (l->text[i] == '#') {
            size_t e = i;
            while (e < to && l->text[e] != '\n')
                e++;
            size_t t = e;
            while (t > i && (l->text[t - 1] == ' ' || l->text[t - 1] == '\t' || l->text[t - 1] == '\r'))
                t--;
            put(l, '#', l->text + i, t - i);
            i = e;
        }
}

static void tokenize(void *arg)
{
    struct lexed *l = arg;
    l->ntok = eri_tokenize(l->src, l->arena, l->d, &l->tok);
}

/* Every token and comment of a rules text that parsed into l->out. */
static void lex(struct lexed *l, const char *text, size_t len)
{
    memset(l, 0, sizeof *l);
    l->text = text;
    l->arena = eri_arena_new();
    l->src = eri_source_from_string("fuzz.rules", text, len);
    l->d = er_diag_new(NULL);
    if (!l->arena || !l->src || !l->d || !eri_arena_protect(l->arena, tokenize, l))
        abort();
    size_t at = 0;
    for (uint32_t i = 0; i < l->ntok; i++) {
        comments(l, at, l->tok[i].span.start);
        put(l, l->tok[i].kind, text + l->tok[i].span.start, l->tok[i].span.end - l->tok[i].span.start);
        at = l->tok[i].span.end;
    }
    comments(l, at, len);
    er_diag_free(l->d);
    eri_source_free(l->src);
    eri_arena_free(l->arena);
}

/* The syntax tree as er_rules_dump prints it, and the checker's counts. */
struct checked {
    bool loaded;
    unsigned errors, warnings;
    char *dump;
    size_t dump_len;
};

static void check(struct checked *c, const char *text, size_t len)
{
    er_diag *d = er_diag_new(NULL);
    er_rules *r = er_rules_load_string("fuzz.rules", text, len, d);
    c->loaded = r != NULL;
    c->errors = er_diag_errors(d);
    c->warnings = er_diag_warnings(d);
    c->dump = NULL;
    c->dump_len = 0;
    if (r) {
        FILE *f = open_memstream(&c->dump, &c->dump_len);
        if (!f)
            abort();
        er_rules_dump(f, r);
        fclose(f);
    }
    er_rules_free(r);
    er_diag_free(d);
}

static void rules_oracles(const char *in, size_t in_len, const char *out, size_t out_len)
{
    struct lexed a, b;
    lex(&a, in, in_len);
    lex(&b, out, out_len);
    FUZZ_ASSERT(a.n == b.n && (!a.n || !memcmp(a.out, b.out, a.n)), "tokens or comments differ:\n%.*s\n---\n%.*s",
                (int)a.n, a.out, (int)b.n, b.out);
    free(a.out);
    free(b.out);
    struct checked before, after;
    check(&before, in, in_len);
    check(&after, out, out_len);
    FUZZ_ASSERT(before.loaded == after.loaded && before.errors == after.errors &&
                    before.warnings == after.warnings,
                "check: loaded %d, %u errors, %u warnings before; %d, %u, %u after", before.loaded,
                before.errors, before.warnings, after.loaded, after.errors, after.warnings);
    FUZZ_ASSERT(before.dump_len == after.dump_len && (!before.dump_len || !memcmp(before.dump, after.dump, before.dump_len)),
                "syntax trees differ:\n%.*s\n---\n%.*s", (int)before.dump_len, before.dump ? before.dump : "",
                (int)after.dump_len, after.dump ? after.dump : "");
    free(before.dump);
    free(after.dump);
}

/* s without blanks, and without the '=' after 'subject' (the formatter
 * writes 'subject "…"' as 'subject = "…"', docs/fmt.md) */
static size_t unblank(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' &&
            !(s[i] == '=' && k >= 7 && !memcmp(out + k - 7, "subject", 7)))
            out[k++] = s[i];
    return k;
}

static void facts_oracles(const char *in, size_t in_len, const char *out, size_t out_len)
{
    char *a = malloc(in_len + 1), *b = malloc(out_len + 1);
    if (!a || !b)
        abort();
    size_t bom = in_len >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3) ? 3 : 0; /* dropped (docs/fmt.md) */
    size_t na = unblank(in + bom, in_len - bom, a), nb = unblank(out, out_len, b);
    FUZZ_ASSERT(na == nb && !memcmp(a, b, na), "bytes other than blanks differ:\n%.*s\n---\n%.*s", (int)na, a,
                (int)nb, b);
    free(a);
    free(b);
    er_diag *d1 = er_diag_new(NULL), *d2 = er_diag_new(NULL);
    er_facts *f1 = er_facts_load_string(rules, "fuzz.facts", in, in_len, d1);
    er_facts *f2 = er_facts_load_string(rules, "fuzz.facts", out, out_len, d2);
    FUZZ_ASSERT((f1 != NULL) == (f2 != NULL) && er_diag_errors(d1) == er_diag_errors(d2),
                "facts: loaded %d with %u errors before, %d with %u after", f1 != NULL, er_diag_errors(d1),
                f2 != NULL, er_diag_errors(d2));
    er_facts_free(f1);
    er_facts_free(f2);
    er_diag_free(d1);
    er_diag_free(d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > FUZZ_MAX_INPUT)
        return -1;
    er_fmt_kind kind = (data[0] & 1) ? ER_FMT_FACTS : ER_FMT_RULES;
    const char *text = (const char *)data + 1;
    size_t len = size - 1, out_len, again_len;
    er_diag *d = er_diag_new(NULL);
    char *out = er_format(kind, "fuzz", text, len, &out_len, d);
    er_diag_free(d);
    if (!out)
        return 0;
    d = er_diag_new(NULL);
    char *again = er_format(kind, "fuzz", out, out_len, &again_len, d);
    FUZZ_ASSERT(again != NULL, "formatted text does not format (%u errors):\n%.*s", er_diag_errors(d), (int)out_len,
                out);
    er_diag_free(d);
    FUZZ_ASSERT(again_len == out_len && !memcmp(again, out, out_len), "not idempotent:\n%.*s\n---\n%.*s",
                (int)out_len, out, (int)again_len, again);
    er_fmt_free(again);
    if (kind == ER_FMT_RULES)
        rules_oracles(text, len, out, out_len);
    else
        facts_oracles(text, len, out, out_len);
    er_fmt_free(out);
    return 0;
}
