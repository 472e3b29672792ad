/* writers.c — the report formats of an evaluation, from one list.
 *
 * A format is a name (what --format takes), a line for a command's --help,
 * what separates two of its reports written one after the other, and its
 * writer.  Adding a format is one writer and one entry below; the command
 * line takes its --format names from this list (er_report_format_at). */
#include <string.h>

#include "evalrules.h"

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

static const struct writer {
    er_report_format format;
    int (*write)(FILE *out, const er_result *res, const er_report_opts *opts);
} writers[] = {
    {{"text", "for people: where every point was lost, and why",
      "\n────────────────────────────────────────────────────────────────────────────────\n\n"},
     write_text},
    {{"json", "one JSON object per facts file, exact numbers", ""}, write_json},
    {{"html", "a document to hand over and print, one per file", NULL}, write_html},
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
