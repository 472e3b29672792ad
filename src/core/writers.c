/* writers.c — the report formats of an evaluation, from one list.
 *
 * A format is a name (what --format takes), a line for a command's --help,
 * what separates two of its reports written one after the other, and its
 * writer.  Adding a format is one writer and one entry below; the command
 * line takes its --format names from this list (er_report_format_at). */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "evalrules.h"
#include "facts.h"
#include "lines.h"
#include "result.h"
#include "seal.h"

static int write_text(FILE *out, const er_result *res, const er_report_opts *opts)
{
    er_report_text(out, res, opts);
    return 0;
}

static int write_json(FILE *out, const er_result *res, const er_report_opts *opts)
{
    (void)opts;
    return er_report_json(out, res);
}

static int write_html(FILE *out, const er_result *res, const er_report_opts *opts)
{
    return er_report_html(out, res, opts);
}

/* One enterprise's line (lines.h) from a full result; its id is the facts
 * file's name without .facts, as in a batch. */
static int write_line(FILE *out, const er_result *res, bool csv)
{
    const er_rules *r = eri_result_rules(res);
    const char **vetoes = eri_malloc((r->nvetoes + 1) * sizeof *vetoes);
    char totals[2 * 160], digest[ER_SHA256_HEX], id[256];
    if (!vetoes)
        return -1;
    const er_facts *f = eri_result_facts(res);
    const char *name = f->src->name, *base = strrchr(name, '/'); /* a result's facts have their source */
    base = base ? base + 1 : name;
    size_t len = strlen(base);
    if (len > 6 && strcmp(base + len - 6, ".facts") == 0)
        len -= 6;
    snprintf(id, sizeof id, "%.*s", (int)len, base);
    eri_seal_source(r->src, digest);
    eri_line l = {.id = id, .subject = er_facts_subject(f), .rules = digest};
    int rc = eri_line_of_result(res, &l, vetoes, totals, sizeof totals / 2);
    if (rc == 0 && csv)
        rc = eri_line_csv_header(out);
    if (rc == 0)
        rc = csv ? eri_line_csv(out, &l) : eri_line_jsonl(out, &l);
    eri_free(vetoes);
    return rc;
}

static int write_jsonl(FILE *out, const er_result *res, const er_report_opts *opts)
{
    (void)opts;
    return write_line(out, res, false);
}

static int write_csv(FILE *out, const er_result *res, const er_report_opts *opts)
{
    (void)opts;
    return write_line(out, res, true);
}

static const struct writer {
    er_report_format format;
    int (*write)(FILE *out, const er_result *res, const er_report_opts *opts);
} writers[] = {
    {{"text", "for people: where every point was lost, and why",
      "\n────────────────────────────────────────────────────────────────────────────────\n\n"},
     write_text},
    {{"json", "one JSON object per facts file, exact numbers", ""}, write_json},
    {{"html", "a document to hand over and print, one per file", NULL}, write_html},
    {{"jsonl", "one JSON line per enterprise (batches)", ""}, write_jsonl},
    {{"csv", "a spreadsheet-safe table, a row per enterprise", ""}, write_csv},
};

bool er_report_format_at(size_t i, er_report_format *out)
{
    if (i >= sizeof writers / sizeof writers[0])
        return false;
    *out = writers[i].format;
    return true;
}

int er_report_write(FILE *out, const er_result *res, const char *name, const er_report_opts *opts)
{
    for (size_t i = 0; name && i < sizeof writers / sizeof writers[0]; i++)
        if (strcmp(writers[i].format.name, name) == 0)
            return writers[i].write(out, res, opts);
    return -2;
}
