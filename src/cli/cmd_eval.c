/* cmd_eval.c — `evalrules RULES INPUT…` (evaluate and report; batches: docs/batch.md) and
 * `evalrules check RULES` (check only). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* DIR/NAME.EXT for a facts file (NAME: its base name without .facts; EXT:
 * the format's name, "txt" for text); malloc'd, NULL when out of memory. */
static char *output_path(const char *dir, const char *facts, const char *format)
{
    const char *base = strrchr(facts, '/');
    base = base ? base + 1 : facts;
    size_t len = strlen(base);
    if (len > 6 && strcmp(base + len - 6, ".facts") == 0)
        len -= 6;
    const char *ext = strcmp(format, "text") == 0 ? "txt" : format;
    size_t need = strlen(dir) + 1 + len + 1 + strlen(ext) + 1;
    char *p = malloc(need);
    if (p)
        snprintf(p, need, "%s/%.*s.%s", dir, (int)len, base, ext);
    return p;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Two facts files that would write the same DIR/NAME.EXT: a usage error. */
static int same_outputs(const char *dir, const char **facts, int n, const char *format)
{
    char **paths = calloc((size_t)n, sizeof *paths);
    int rc = paths ? 0 : EXIT_USAGE;
    for (int i = 0; paths && i < n; i++)
        if (!(paths[i] = output_path(dir, facts[i], format)))
            rc = EXIT_USAGE;
    if (rc == 0) {
        qsort(paths, (size_t)n, sizeof *paths, by_name);
        for (int i = 1; i < n && rc == 0; i++)
            if (strcmp(paths[i - 1], paths[i]) == 0)
                rc = cli_usage_error(NULL, "two facts files would both write %s; rename one",
                                     paths[i]);
    } else {
        fputs("evalrules: out of memory\n", stderr);
    }
    for (int i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

static int run_eval(int argc, char **argv);
static int run_check(int argc, char **argv);

const cli_command cli_eval = {
    .synopsis = "RULES INPUT...",
    .summary = "evaluate each enterprise: facts files, JSON Lines, CSV",
    .usage = "[OPTIONS] [eval] RULES INPUT...\n"
             "check [OPTIONS] RULES...\n"
             "COMMAND --help",
    .description = "Evaluate an enterprise's audit facts against an evaluation standard's rules\n"
                   "(such as rules/gbt27922.rules for GB/T 27922-2011) and report the score, where\n"
                   "every point was lost and why, vetoes and the level awarded.  An INPUT is a\n"
                   "facts file, a directory of them, a JSON Lines or CSV file of records (one\n"
                   "enterprise each; see docs/batch.md), or - for standard input; several form\n"
                   "one batch, reported in input order, an invalid record named with its line\n"
                   "while the others are still scored.\n",
    .epilogue = "Exit status: 0 evaluated (a vetoed or unrated enterprise included), 1 invalid\n"
                "rules or facts (any record of a batch), 2 usage error or unreadable file.\n"
                "See evalrules(1) and docs/language.md.\n",
    .run = run_eval,
};

const cli_command cli_check = {
    .name = "check",
    .prefix = "check",
    .synopsis = "check RULES...",
    .summary = "check rules files without evaluating anything",
    .usage = "[OPTIONS] RULES...",
    .description =
        "Check each rules file without evaluating anything: the syntax, then (in a file\n"
        "without syntax errors) points that do not add up, unknown names, types, tiers\n"
        "out of order, cycles and levels, then the scoring lints, as warnings: an item\n"
        "whose full points no enterprise can earn, a pass item that can never pass or\n"
        "always passes, a grade tier beyond the graded value's range, an exclusion,\n"
        "veto or cap whose condition can never be true or never be false.  Every error\n"
        "is reported, not only the first.  Prints 'RULES: ok' for each file with none.\n"
        "With --format json, prints instead one JSON document on standard output: every\n"
        "diagnostic as an object (file, line, column, end, severity, code, message,\n"
        "hint) and the counts (see docs/standards-experts.md); with --format sarif, one\n"
        "SARIF 2.1.0 log for code-review tools.  Codes: docs/diagnostics.md.\n",
    .epilogue = "Exit status: 0 no errors (warnings may have been shown; none with --strict),\n"
                "1 errors in any file, 2 usage error or unreadable file.\n"
                "\n"
                "Examples:\n"
                "  evalrules check rules/gbt27922.rules\n"
                "  evalrules check --format json rules/*.rules\n"
                "  evalrules check --scheme examples/schemes/ahp-first-level.scheme \\\n"
                "      rules/gbt27922.rules\n"
                "See evalrules(1) and docs/standards-experts.md.\n",
    .run = run_check,
};

typedef struct options {
    cli_common common;
    int format; /* among cli_report_formats() */
    bool check, dump_ast;
    bool check_json;       /* check --format json or sarif */
    bool check_sarif;      /* check --format sarif */
    bool strict;           /* --strict: warnings are errors */
    const char **checked; /* check: the rules files, in args */
    int nchecked;
    const char *rules;
    const char *scheme; /* --scheme, or NULL */
    int lang, audience; /* among cli_langs, cli_audiences, or CLI_UNSET */
    const char *output_dir; /* --output-dir (or -o naming a directory), or NULL */
    const char *output;     /* -o FILE, or NULL */
    cli_list args;      /* the other arguments */
    const char **facts; /* in args */
    int nfacts;
    unsigned long long jobs;  /* -j N */
    int input_format;         /* among cli_input_formats, or CLI_UNSET */
    const char *summary;      /* --summary FILE, or NULL */
    unsigned long long first_line; /* --first-line N, or 0 */
} options;

/* Whether an input is one facts file (not a directory, records or stdin). */
static bool one_facts_file(const options *o, const char *input)
{
    struct stat st;
    size_t n = strlen(input);
    if (o->input_format != CLI_UNSET)
        return o->input_format == 0 && strcmp(input, "-") != 0;
    return strcmp(input, "-") != 0 && !(stat(input, &st) == 0 && S_ISDIR(st.st_mode)) &&
           !(n >= 6 && strcmp(input + n - 6, ".jsonl") == 0) && !(n >= 7 && strcmp(input + n - 7, ".ndjson") == 0) &&
           !(n >= 4 && strcmp(input + n - 4, ".csv") == 0);
}

/* What the arguments say, once parsed: -1 to go on, else the exit status. */
static int settle(options *o)
{
    int first = 0;
    if (!o->check && o->args.n > 0 && strcmp(o->args.v[0], "check") == 0) {
        o->check = true; /* evalrules OPTIONS check RULES */
        first = 1;
    } else if (!o->check && o->args.n > 0 && strcmp(o->args.v[0], "eval") == 0) {
        first = 1; /* evalrules eval RULES INPUT…: the evaluation named (docs/batch.md) */
    }
    int n = o->args.n - first;
    if (n < 1)
        return cli_usage_error(o->check ? "check" : NULL,
                               o->check ? "'check' needs a rules file" : "missing the rules file and facts files");
    if (cli_stdin_once(o->check ? "check" : NULL, (const char *const *)o->args.v + first, n))
        return EXIT_USAGE;
    o->rules = o->args.v[first];
    o->facts = o->args.v + first + 1;
    o->nfacts = n - 1;
    if (o->check) {
        o->checked = o->args.v + first;
        o->nchecked = n;
        o->nfacts = 0;
        if (o->scheme && n > 1)
            return cli_usage_error("check", "--scheme goes with one rules file, not %d", n);
        if (o->dump_ast && o->check_json)
            return cli_usage_error("check", "--dump-ast prints the syntax tree as text: not with --format %s",
                                   o->check_sarif ? "sarif" : "json");
    }
    if (!o->check && o->nfacts == 0)
        return cli_usage_error(NULL, "no facts file given; to only check the rules, run: evalrules check %s", o->rules);
    if (o->dump_ast && !o->check)
        return cli_usage_error(NULL, "--dump-ast goes with 'check'");
    struct stat st;
    if (o->output && stat(o->output, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (o->output_dir)
            return cli_usage_error(NULL, "-o %s and --output-dir %s: give one", o->output, o->output_dir);
        o->output_dir = o->output; /* -o DIR: as --output-dir DIR (cp's way with a directory) */
        o->output = NULL;
    }
    if (o->check && (o->output || o->output_dir))
        return cli_usage_error("check", "-o and --output-dir go with the evaluation, not 'check'");
    if (o->output && o->output_dir)
        return cli_usage_error(NULL, "-o %s and --output-dir %s: give one", o->output, o->output_dir);
    er_report_format format;
    er_report_format_at((size_t)o->format, &format);
    bool worded = o->lang != CLI_UNSET || o->audience != CLI_UNSET; /* --lang, --audience */
    if (worded && o->check)
        return cli_usage_error("check", "--lang and --audience go with the evaluation's reports, not 'check'");
    if (worded && strcmp(format.name, "json") == 0) /* taken and ignored would mislead */
        return cli_usage_error(NULL, "--%s goes with the text and HTML reports: the JSON report is the same in "
                               "every language and for every audience",
                               o->lang != CLI_UNSET ? "lang" : "audience");
    bool records = false; /* an input of many enterprises */
    for (int i = 0; i < o->nfacts; i++)
        records |= !one_facts_file(o, o->facts[i]);
    if (!o->check && !format.separator && !records && o->nfacts > 1 && !o->output_dir)
        return cli_usage_error(NULL, "--format %s writes one document per facts file: give --output-dir DIR for %d files",
                               format.name, o->nfacts);
    if (!o->check && !format.separator && records && !o->output_dir)
        return cli_usage_error(NULL, "--format %s writes one document per enterprise: give --output-dir DIR for a batch",
                               format.name);
    if (o->check && (o->jobs || o->input_format != CLI_UNSET || o->summary || o->first_line))
        return cli_usage_error("check", "-j, --input-format, --summary and --first-line go with the evaluation, not 'check'");
    if (!o->check && o->output_dir) {
        int n = 0; /* two facts files that would write one report: an error before anything is written */
        for (int i = 0; i < o->nfacts; i++)
            if (one_facts_file(o, o->facts[i]))
                o->facts[n++] = o->facts[i];
        int rc = same_outputs(o->output_dir, o->facts, n, format.name);
        if (rc)
            return rc;
    }
    return -1;
}

static int run(options *o);
static int check(options *o);

/* check's formats (and the names it takes of the evaluation's formats, in
 * `evalrules --format json check RULES`) */
static const cli_choice check_formats[] = {
    {"text", NULL},
    {"json", NULL},
    {"sarif", NULL},
    {NULL, NULL},
};

static int run_eval(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .lang = CLI_UNSET, .audience = CLI_UNSET, .input_format = CLI_UNSET};
    const cli_option table[] = {
        CLI_OPT_FORMAT(&o.format, cli_report_formats(), "report format (default text):"),
        CLI_OPT_LANG(&o.lang),
        CLI_OPT_AUDIENCE(&o.audience),
        CLI_OPT_TEXT('o', "output", "FILE", &o.output, 1, "a file name",
                     "write the report(s) to FILE instead of standard output,\n"
                     "whole or not at all (a temporary file renamed over it);\n"
                     "an existing directory: as --output-dir"),
        CLI_OPT_TEXT(0, "output-dir", "DIR", &o.output_dir, 1, "a directory",
                     "write each report to DIR/NAME.FORMAT (NAME: the facts\n"
                     "file's name without .facts, or a record's id made safe)\n"
                     "instead of standard output; needed for html with more\n"
                     "than one enterprise"),
        CLI_OPT_INPUT_FORMAT(&o.input_format),
        CLI_OPT_NUMBER('j', "jobs", "N", &o.jobs, 1, 64, "a number from 1 to 64",
                       "evaluate with N threads (default 1); the output is the\n"
                       "same bytes as with one"),
        CLI_OPT_TEXT(0, "summary", "FILE", &o.summary, 1, "a file name",
                     "write the batch's counts (per level, vetoed, invalid,\n"
                     "total) to FILE as one JSON object (docs/batch.md)"),
        CLI_OPT_NUMBER(0, "first-line", "N", &o.first_line, 1, 4000000000u, "a line number",
                       "number the lines of JSON Lines and CSV inputs from N,\n"
                       "for a part of a larger file (docs/batch.md)"),
        CLI_OPT_QUIET(&o.common, "no summary of the diagnostics or of a batch (errors\n"
                                 "still shown)"),
        CLI_OPT_COMMON(&o.common, "colour output"),
        CLI_OPT_TEXT(0, "scheme", "NAME|FILE", &o.scheme, 1, "a scheme's name or a scheme file",
                     "evaluate under a weighting scheme: one written in the\n"
                     "rules file, or a scheme file (see docs/language.md)"),
        CLI_OPT_FLAG(0, "dump-ast", &o.dump_ast, "with check: print the syntax tree"),
        CLI_OPT_FLAG(0, "strict", &o.strict, "warnings are errors: shown as such, and exit 1"),
        CLI_OPT_HELP,
        CLI_OPT_VERSION,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_eval, table, argc, argv, cli_collect, &o.args);
    if (rc < 0)
        rc = settle(&o);
    if (rc < 0 && o.check) { /* evalrules --format F check RULES */
        er_report_format f;
        er_report_format_at((size_t)o.format, &f);
        if (strcmp(f.name, "json") != 0 && strcmp(f.name, "text") != 0)
            rc = cli_usage_error(NULL, "'check' writes text or json, not %s", f.name);
        o.check_json = strcmp(f.name, "json") == 0;
    }
    rc = rc < 0 ? run(&o) : rc;
    free(o.args.v);
    return rc;
}

static int run_check(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .check = true, .lang = CLI_UNSET, .audience = CLI_UNSET,
                 .input_format = CLI_UNSET};
    int format = 0; /* among check_formats */
    const cli_option table[] = {
        CLI_OPT_FORMAT(&format, check_formats, "diagnostics as {choices}:\n"
                                               "json and sarif print one document on standard\n"
                                               "output (no 'ok' lines); sarif is SARIF 2.1.0"),
        CLI_OPT_FLAG(0, "strict", &o.strict, "warnings are errors: shown as such, and exit 1"),
        CLI_OPT_TEXT(0, "scheme", "NAME|FILE", &o.scheme, 1, "a scheme's name or a scheme file",
                     "check a weighting scheme too: one written in the rules\n"
                     "file, or a scheme file; print 'NAME|FILE: ok' and what\n"
                     "its pairwise comparisons derived (AHP)"),
        CLI_OPT_FLAG(0, "dump-ast", &o.dump_ast, "print the syntax tree instead of 'RULES: ok'"),
        CLI_OPT_QUIET(&o.common, "no 'RULES: ok' lines and no summary (errors still\n"
                                 "shown): only the exit status says all is well"),
        CLI_OPT_COMMON(&o.common, "colour diagnostics"),
        CLI_OPT_HELP,
        {.kind = CLI_VERSION, .short_name = 'V', .name = "version"},
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_check, table, argc, argv, cli_collect, &o.args);
    o.check_json = format >= 1;
    o.check_sarif = format == 2;
    if (rc < 0)
        rc = settle(&o);
    rc = rc < 0 ? run(&o) : rc;
    free(o.args.v);
    return rc;
}

/* Check the rules, and evaluate and report each facts file. */
static int run(options *o)
{
    if (o->check)
        return check(o);
    er_diag *d = cli_diag(&o->common);
    if (d)
        er_diag_set_strict(d, o->strict);
    er_rules *rules = d ? er_rules_load(o->rules, d) : NULL;
    if (rules && er_diag_errors(d) > 0) { /* --strict: a warning is an error */
        er_rules_free(rules);
        rules = NULL;
    }
    if (!rules)
        return cli_finish_quiet(d, d ? EXIT_INVALID : EXIT_USAGE, o->common.quiet);
    er_scheme *own = NULL; /* a scheme file's, freed here */
    const er_scheme *scheme = NULL;
    if (o->scheme) {
        scheme = cli_scheme(rules, o->scheme, d, &own);
        if (!scheme) {
            er_rules_free(rules);
            return cli_finish_quiet(d, er_diag_errors(d) && !er_diag_io_failed(d) ? EXIT_INVALID : EXIT_USAGE, o->common.quiet);
        }
    }
    int rc = EXIT_EVALUATED;
    char today[11];
    er_report_opts ropts = {.color = cli_want_color(o->common.color, stdout) && !o->output_dir && !o->output,
                            .lang = cli_lang(o->lang, rules),
                            .audience = cli_audience(o->audience),
                            .date = cli_today(today)};
    er_report_format format; /* cli_report_formats() is the core's list, in order */
    er_report_format_at((size_t)o->format, &format);
    char *whole = NULL; /* -o FILE: the reports, written at the end */
    size_t whole_len = 0;
    bool any = false; /* a report was written */
    FILE *to = o->output ? open_memstream(&whole, &whole_len) : stdout;
    if (!to) {
        fputs("evalrules: out of memory\n", stderr);
        er_scheme_free(own);
        er_rules_free(rules);
        return cli_finish_quiet(d, EXIT_USAGE, o->common.quiet);
    }
    er_batch_opts bo = {.format = format.name, .report = &ropts, .scheme = scheme, .output_dir = o->output_dir,
                        .threads = o->jobs ? (unsigned)o->jobs : 1, .diagnostics = stderr,
                        .color_diagnostics = cli_want_color(o->common.color, stderr),
                        .max_shown = o->common.max_errors ? (unsigned)o->common.max_errors : 1000000u,
                        .first_line = (unsigned)o->first_line,
                        .input_format = cli_input_format_name(o->input_format)};
    er_batch *b = er_batch_new(rules, &bo, to, d);
    if (!b) {
        fputs("evalrules: out of memory\n", stderr);
        rc = EXIT_USAGE;
    }
    for (int i = 0; b && i < o->nfacts; i++)
        if (!er_batch_add(b, o->facts[i]))
            rc = EXIT_USAGE;
    if (b && !er_batch_finish(b) && rc == EXIT_EVALUATED)
        rc = EXIT_USAGE;
    const er_batch_counts *counts = b ? er_batch_counts_of(b) : NULL;
    any = counts && (counts->scored > 0 || (counts->total > 0 && strcmp(format.name, "jsonl") == 0) ||
                     strcmp(format.name, "csv") == 0);
    if (counts && counts->invalid && rc == EXIT_EVALUATED)
        rc = EXIT_INVALID;
    if (b && er_batch_io_failed(b))
        rc = EXIT_USAGE;
    if (b && counts->total > 1 && !o->common.quiet)
        er_batch_summary(b, stderr, false);
    if (b && o->summary) {
        char *sum = NULL;
        size_t sum_len = 0;
        FILE *sf = open_memstream(&sum, &sum_len);
        bool made = sf && er_batch_summary(b, sf, true) == 0;
        if (sf && fclose(sf) != 0)
            made = false;
        if (!made)
            fputs("evalrules: out of memory\n", stderr);
        if (!made || !er_write_file(o->summary, sum, sum_len, d)) /* which says why it could not */
            rc = EXIT_USAGE;
        free(sum);
    }
    er_batch_free(b);
    if (o->output) {
        if (fclose(to) != 0 || !whole) {
            fputs("evalrules: out of memory\n", stderr);
            rc = EXIT_USAGE;
        } else if (any && !er_write_file(o->output, whole, whole_len, d)) {
            rc = EXIT_USAGE;
        }
        free(whole);
    }
    er_scheme_free(own);
    er_rules_free(rules);
    return cli_finish_quiet(d, rc, o->common.quiet);
}

/* Check each rules file (and the scheme): 'FILE: ok' for each without
 * errors, or (--format json) every diagnostic in one JSON document. */
static int check(options *o)
{
    er_diag *d = cli_diag(&o->common);
    if (!d)
        return EXIT_USAGE;
    er_diag_set_collect(d, o->check_json);
    er_diag_set_strict(d, o->strict);
    int rc = EXIT_EVALUATED;
    for (int i = 0; i < o->nchecked; i++) {
        unsigned before = er_diag_errors(d);
        er_rules *rules = er_rules_load(o->checked[i], d);
        if (rules && er_diag_errors(d) > before) { /* --strict: a warning is an error */
            er_rules_free(rules);
            rules = NULL;
        }
        er_scheme *own = NULL; /* a scheme file's, freed here */
        const er_scheme *scheme = NULL;
        if (rules && o->scheme) {
            unsigned errors = er_diag_errors(d);
            scheme = cli_scheme(rules, o->scheme, d, &own);
            if (!scheme && er_diag_errors(d) == errors) /* an unknown name: a usage error */
                rc = EXIT_USAGE;
        }
        if ((!rules || (o->scheme && !scheme)) && rc == EXIT_EVALUATED)
            rc = EXIT_INVALID;
        if (rules && (!o->scheme || scheme) && !o->check_json) {
            if (o->dump_ast)
                er_rules_dump(stdout, rules);
            else if (!o->common.quiet) /* named as its diagnostics name it */
                printf("%s: ok\n", strcmp(o->checked[i], "-") == 0 ? "<stdin>" : o->checked[i]);
            if (scheme) { /* check --scheme: the scheme was checked too; show what AHP derived */
                if (!o->common.quiet)
                    printf("%s: ok\n", o->scheme);
                er_scheme_describe(stdout, rules, scheme);
            }
        }
        er_scheme_free(own);
        er_rules_free(rules);
    }
    if (o->check_json && (o->check_sarif ? er_diag_write_sarif(d, stdout) : er_diag_write_json(d, stdout)) != 0) {
        fputs("evalrules: error: could not write the diagnostics (out of memory or output failed)\n", stderr);
        rc = EXIT_USAGE;
    }
    return cli_finish_quiet(d, rc, o->common.quiet);
}
