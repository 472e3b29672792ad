/* sarif.c — the diagnostics a collecting sink kept, as SARIF 2.1.0 (the
 * Static Analysis Results Interchange Format that code-review tools read):
 * `evalrules check --format sarif`.  One run; tool.driver.rules lists the
 * codes seen (docs/diagnostics.md), each result names its rule, level and
 * region, a note becomes a related location of the result it explains.
 * Written through the one JSON writer. */
#include <string.h>

#include "diag.h"
#include "json.h"

/* A file name as a URI reference: unreserved bytes and '/' as they are,
 * everything else percent-encoded ("<stdin>" → "%3Cstdin%3E"). */
static void uri(eri_json *j, const char *key, const char *file)
{
    char buf[1024];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)file; *p && n + 4 < sizeof buf; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            buf[n++] = (char)*p;
        else
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%%%02X", *p);
    }
    eri_json_strn(j, key, buf, n);
}

/* A format as the docs show it: each conversion as '…'. */
static void description(eri_json *j, const char *fmt)
{
    char buf[512];
    size_t n = 0;
    for (const char *p = fmt; *p && n + 4 < sizeof buf; p++) {
        if (p[0] == '%' && p[1] == '%') {
            buf[n++] = '%';
            p++;
        } else if (*p == '%') {
            p += strspn(p + 1, "-0123456789.*lz");
            memcpy(buf + n, "…", 3);
            n += 3;
            p++; /* the conversion's letter */
            if (!*p)
                break;
        } else {
            buf[n++] = *p;
        }
    }
    eri_json_object(j, "shortDescription");
    eri_json_strn(j, "text", buf, n);
    eri_json_object_end(j);
}

static void location(eri_json *j, const eri_diag_record *e)
{
    eri_json_object(j, NULL);
    if (e->file) {
        eri_json_object(j, "physicalLocation");
        eri_json_object(j, "artifactLocation");
        uri(j, "uri", e->file);
        eri_json_object_end(j);
        if (e->line) {
            eri_json_object(j, "region");
            eri_json_int(j, "startLine", e->line);
            eri_json_int(j, "startColumn", e->col);
            eri_json_int(j, "endLine", e->end_line);
            eri_json_int(j, "endColumn", e->end_col > e->col || e->end_line > e->line ? e->end_col : e->col + 1);
            eri_json_object_end(j);
        }
        eri_json_object_end(j);
    }
    if (e->sev == ERI_SEV_NOTE) {
        eri_json_object(j, "message");
        eri_json_str(j, "text", e->message);
        eri_json_object_end(j);
    }
    eri_json_object_end(j);
}

/* The codes seen, in order of first appearance: rule k is codes[k]. */
enum { MOST_RULES = 512 };

static size_t rule_index(const unsigned *seen, size_t n, unsigned key)
{
    for (size_t k = 0; k < n; k++)
        if (seen[k] == key)
            return k;
    return n;
}

int er_diag_write_sarif(er_diag *d, FILE *out)
{
    size_t n = eri_diag_count(d);
    unsigned seen[MOST_RULES]; /* number * 2 + warning */
    size_t nseen = 0;
    for (size_t i = 0; i < n; i++) {
        const eri_diag_record *e = eri_diag_record_at(d, i);
        unsigned key = e->code * 2 + e->code_warning;
        if (e->sev != ERI_SEV_NOTE && e->code && nseen < MOST_RULES && rule_index(seen, nseen, key) == nseen)
            seen[nseen++] = key;
    }
    eri_json j;
    eri_json_begin(&j, out);
    eri_json_object(&j, NULL);
    eri_json_str(&j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    eri_json_str(&j, "version", "2.1.0");
    eri_json_array(&j, "runs");
    eri_json_object(&j, NULL);
    eri_json_object(&j, "tool");
    eri_json_object(&j, "driver");
    eri_json_str(&j, "name", "evalrules");
    eri_json_str(&j, "version", er_version());
    eri_json_array(&j, "rules");
    for (size_t k = 0; k < nseen; k++) {
        eri_diag_record r = {.code = seen[k] / 2, .code_warning = seen[k] % 2};
        char code[8];
        eri_json_object(&j, NULL);
        eri_json_str(&j, "id", eri_diag_code(&r, code));
        unsigned number;
        const char *format;
        for (size_t c = 0; eri_diag_code_at(c, &number, &format); c++)
            if (number == r.code)
                description(&j, format);
        eri_json_object(&j, "defaultConfiguration");
        eri_json_str(&j, "level", r.code_warning ? "warning" : "error");
        eri_json_object_end(&j);
        eri_json_object_end(&j);
    }
    eri_json_array_end(&j);
    eri_json_object_end(&j); /* driver */
    eri_json_object_end(&j); /* tool */
    eri_json_str(&j, "columnKind", "unicodeCodePoints");
    eri_json_array(&j, "results");
    for (size_t i = 0; i < n; i++) {
        const eri_diag_record *e = eri_diag_record_at(d, i);
        if (e->sev == ERI_SEV_NOTE)
            continue; /* written with the result it explains */
        char code[8];
        eri_json_object(&j, NULL);
        if (e->code) {
            eri_json_str(&j, "ruleId", eri_diag_code(e, code));
            size_t k = rule_index(seen, nseen, e->code * 2 + e->code_warning);
            if (k < nseen)
                eri_json_int(&j, "ruleIndex", (long long)k);
        }
        eri_json_str(&j, "level", e->sev == ERI_SEV_ERROR ? "error" : "warning");
        eri_json_object(&j, "message");
        eri_json_str(&j, "text", e->message);
        eri_json_object_end(&j);
        eri_json_array(&j, "locations");
        if (e->file)
            location(&j, e);
        eri_json_array_end(&j);
        size_t notes = i + 1;
        while (notes < n && eri_diag_record_at(d, notes)->sev == ERI_SEV_NOTE)
            notes++;
        if (notes > i + 1) {
            eri_json_array(&j, "relatedLocations");
            for (size_t k = i + 1; k < notes; k++)
                location(&j, eri_diag_record_at(d, k));
            eri_json_array_end(&j);
        }
        eri_json_object_end(&j);
    }
    eri_json_array_end(&j);
    eri_json_object_end(&j); /* the run */
    eri_json_array_end(&j);
    eri_json_object_end(&j);
    return eri_diag_lost(d) ? -1 : eri_json_end(&j);
}
