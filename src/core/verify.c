/* verify.c — `evalrules verify`: is a JSON report what its inputs give?
 * (evalrules.h, er_verify; docs/language.md, "The seal").
 *
 * Four checks, each naming the part that differs:
 *   1. the seal is found (the report's last member, in the writer's fixed
 *      layout: json.h) and agrees with the report's content: SHA-256 of
 *      every byte before the seal's line (seal.h) — else the report was
 *      edited after it was written;
 *   2. the version that sealed it is this one (another may score alike or
 *      not: the docs say to verify with the version named);
 *   3. the digests of the rules, scheme and facts files given are those
 *      sealed;
 *   4. when all agree, the inputs (the very bytes digested) are evaluated
 *      again and the report compared with theirs line by line, leaving out
 *      the lines that only name the input files — so a report whose result
 *      was edited and then sealed again is caught too.
 * The report's file names are not compared: bytes are what a digest
 * identifies, and a file may be renamed or copied. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "escape.h"
#include "seal.h"

/* The line of text[0..len) that starts at *pos; *pos moves past it. */
static const char *next_line(const char *text, size_t len, size_t *pos, size_t *n)
{
    if (*pos >= len)
        return NULL;
    const char *s = text + *pos;
    const char *nl = memchr(s, '\n', len - *pos);
    *n = nl ? (size_t)(nl - s) : len - *pos;
    *pos += *n + (nl ? 1 : 0);
    return s;
}

static bool starts(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* `PREFIX"VALUE"` or `PREFIXnull` (then ","), VALUE without escapes, into
 * buf (cap bytes; "" for null).  False when the line is not that. */
static bool member(const char *s, size_t n, const char *prefix, char *buf, size_t cap)
{
    size_t k = strlen(prefix);
    if (!starts(s, n, prefix))
        return false;
    s += k, n -= k;
    if (n && s[n - 1] == ',')
        n--;
    if (n == 4 && memcmp(s, "null", 4) == 0) {
        *buf = '\0';
        return true;
    }
    if (n < 2 || s[0] != '"' || s[n - 1] != '"' || n - 2 >= cap || memchr(s, '\\', n))
        return false;
    memcpy(buf, s + 1, n - 2);
    buf[n - 2] = '\0';
    return true;
}

/* Lines that only name an input file: the report's names are not compared. */
static bool names_a_file(const char *s, size_t n)
{
    return starts(s, n, "  \"rules_file") || starts(s, n, "  \"facts_file") || starts(s, n, "    \"file\"") ||
           starts(s, n, "    \"file_bytes\"") || starts(s, n, ERI_SEAL_LINE);
}

/* The seal of the report text[0..len) into *sealed and the scheme's name
 * (scheme, cap bytes); *content: the bytes the seal is over.  False when
 * there is none. */
static bool read_seal(const char *text, size_t len, er_seal *sealed, char *scheme, size_t cap, size_t *content)
{
    memset(sealed, 0, sizeof *sealed);
    *scheme = '\0';
    /* the last seal line: the seal is the report's last member */
    const char *line = NULL;
    for (const char *p = text; (p = strstr(p, "\n" ERI_SEAL_LINE)) != NULL; p++)
        line = p + 1;
    if (!line) /* found in text[0..len): it ends in a NUL */
        return false;
    *content = (size_t)(line - text);
    size_t pos = *content, n = 0;
    const char *s = next_line(text, len, &pos, &n);
    if (!member(s, n, "    \"sha256\": ", sealed->seal, sizeof sealed->seal) || strlen(sealed->seal) != 64)
        return false;
    /* the seal's other members, from the line "  "seal": {" on */
    const char *open = NULL;
    for (const char *p = text; (p = strstr(p, "\n  \"seal\": {\n")) != NULL && p < line; p++)
        open = p + 1;
    bool version = false, rules = false, schemes = false, facts = false;
    for (pos = open ? (size_t)(open - text) : *content; open && pos < *content;) {
        s = next_line(text, len, &pos, &n);
        version |= member(s, n, "    \"evalrules\": ", sealed->version, sizeof sealed->version);
        rules |= member(s, n, "    \"rules_sha256\": ", sealed->rules, sizeof sealed->rules);
        schemes |= member(s, n, "    \"scheme_sha256\": ", sealed->scheme, sizeof sealed->scheme);
        facts |= member(s, n, "    \"facts_sha256\": ", sealed->facts, sizeof sealed->facts);
    }
    /* the scheme's name: the first member of "scheme" */
    const char *sch = strstr(text, "\n  \"scheme\": {\n");
    if (sch && sch < line) {
        pos = (size_t)(sch - text) + 15;
        s = next_line(text, len, &pos, &n);
        member(s, n, "    \"name\": ", scheme, cap);
    }
    return version && rules && schemes && facts && *scheme;
}

/* A line of a report, cut and shown safely (escape.h), into buf. */
static void show_line(char *buf, size_t cap, const char *s, size_t n)
{
    if (!s) {
        snprintf(buf, cap, "(the end of the report)");
        return;
    }
    char copy[200];
    snprintf(copy, sizeof copy, "%.*s", (int)(n < sizeof copy - 1 ? n : sizeof copy - 1), s);
    const char *shown = eri_esc_text(buf, cap, copy);
    if (shown != buf)
        snprintf(buf, cap, "%s", shown);
}

/* Compare the report with the inputs' one, leaving out the lines that name
 * files: the report's first line that differs, or 0. */
static int compare(const char *text, size_t len, const char *mine, size_t mlen, er_verification *v)
{
    size_t p = 0, q = 0, n = 0, m = 0; /* lengths of the lines a and b */
    int line = 0;
    for (;;) {
        const char *a, *b;
        do {
            a = next_line(text, len, &p, &n);
            line++;
        } while (a && names_a_file(a, n));
        do
            b = next_line(mine, mlen, &q, &m);
        while (b && names_a_file(b, m));
        if (!a && !b)
            return 0;
        if (!a || !b || n != m || memcmp(a, b, n) != 0) {
            show_line(v->found, sizeof v->found, a, n);
            show_line(v->expected, sizeof v->expected, b, m);
            return line;
        }
    }
}

/* Evaluate the inputs again and compare the report with their report. */
static bool evaluate(const eri_source *report, const eri_source *rules_src, const eri_source *facts_src,
                     const eri_source *scheme_src, const char *scheme_name, er_verification *v, er_diag *d)
{
    bool ok = false;
    er_rules *r = er_rules_load_string(rules_src->name, rules_src->text, rules_src->len, d);
    er_scheme *own = r && scheme_src
                         ? er_scheme_load_string(r, scheme_src->name, scheme_src->text, scheme_src->len, d)
                         : NULL;
    const er_scheme *scheme = own ? own : r ? er_rules_scheme(r, scheme_name) : NULL;
    er_facts *f = r && (own || !scheme_src) ? er_facts_load_string(r, facts_src->name, facts_src->text, facts_src->len, d)
                                            : NULL;
    er_result *res = f ? er_eval_scheme(r, f, scheme, d) : NULL;
    char *mine = NULL;
    size_t mlen = 0;
    FILE *out = res ? open_memstream(&mine, &mlen) : NULL;
    if (res && !out)
        eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
    if (out) {
        int st = er_report_json(out, res);
        if (fclose(out) != 0 || st != 0) {
            eri_diag_plain(d, ERI_SEV_ERROR, "out of memory");
        } else {
            v->line = compare(report->text, report->len, mine, mlen, v);
            if (v->line)
                v->differs |= ER_VERIFY_REPORT;
            ok = true;
        }
    }
    free(mine);
    er_result_free(res);
    er_facts_free(f);
    er_scheme_free(own);
    er_rules_free(r);
    return ok;
}

bool er_verify(const char *report, const char *rules, const char *facts, const char *scheme_file,
               er_verification *v, er_diag *d)
{
    memset(v, 0, sizeof *v);
    eri_source *rep = eri_diag_read(d, report);
    eri_source *rsrc = rep ? eri_diag_read(d, rules) : NULL;
    eri_source *fsrc = rsrc ? eri_diag_read(d, facts) : NULL;
    eri_source *ssrc = fsrc && scheme_file ? eri_diag_read(d, scheme_file) : NULL;
    bool ok = fsrc && (ssrc || !scheme_file);
    if (ok) {
        char scheme[128];
        size_t content;
        snprintf(v->actual.version, sizeof v->actual.version, "%s", er_version());
        eri_seal_source(rsrc, v->actual.rules);
        if (ssrc)
            eri_seal_source(ssrc, v->actual.scheme);
        eri_seal_source(fsrc, v->actual.facts);
        if (!read_seal(rep->text, rep->len, &v->sealed, scheme, sizeof scheme, &content)) {
            v->differs = ER_VERIFY_UNSEALED;
        } else {
            eri_sha256_of(rep->text, content, v->actual.seal);
            if (strcmp(v->sealed.seal, v->actual.seal) != 0)
                v->differs |= ER_VERIFY_REPORT;
            if (strcmp(v->sealed.version, v->actual.version) != 0)
                v->differs |= ER_VERIFY_VERSION;
            if (strcmp(v->sealed.rules, v->actual.rules) != 0)
                v->differs |= ER_VERIFY_RULES;
            if (strcmp(v->sealed.scheme, v->actual.scheme) != 0)
                v->differs |= ER_VERIFY_SCHEME;
            if (strcmp(v->sealed.facts, v->actual.facts) != 0)
                v->differs |= ER_VERIFY_FACTS;
            if ((v->differs & ~(unsigned)ER_VERIFY_REPORT) == 0)
                ok = evaluate(rep, rsrc, fsrc, ssrc, scheme, v, d);
        }
    }
    eri_source_free(ssrc);
    eri_source_free(fsrc);
    eri_source_free(rsrc);
    eri_source_free(rep);
    return ok;
}
