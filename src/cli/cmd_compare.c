/* cmd_compare.c — `evalrules compare RULES FACTS… --scheme A --scheme B`:
 * every enterprise's score and level under the rules' own points and each
 * weighting scheme, side by side, the level changes marked and first. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_compare = {
    .name = "compare",
    .prefix = "compare",
    .synopsis = "compare RULES FACTS...",
    .summary = "set weighting schemes side by side: scores and levels",
    .usage = "[OPTIONS] RULES FACTS... --scheme NAME|FILE...",
    .description = "Evaluate every facts file under the rules' own points (the scheme 'base') and\n"
                   "under each weighting scheme given, and print one row per enterprise with the\n"
                   "score and the level under each.  Rows whose level is not the same under every\n"
                   "scheme are marked '*' and come first, then the widest spread between the\n"
                   "scores.  A summary counts the enterprises that change level and how many each\n"
                   "scheme puts at each level.  A facts file that cannot be evaluated is reported\n"
                   "with its errors and listed as not evaluable (marked '!'); the others are still\n"
                   "compared.  FACTS may also be JSON Lines (*.jsonl, *.ndjson) or CSV (*.csv)\n"
                   "records, a directory of facts files, or - for standard input, read as\n"
                   "--input-format says (docs/batch.md): each record is a row named by its id;\n"
                   "an invalid record is reported with its line and left out.\n",
    .epilogue = "Exit status: 0 compared (whether or not levels change), 1 invalid rules, scheme\n"
                "or facts (the others are still compared), 2 usage error or unreadable file.\n"
                "\n"
                "Example:\n"
                "  evalrules compare rules/gbt27922.rules examples/*.facts \\\n"
                "      --scheme examples/schemes/customer-heavy.scheme \\\n"
                "      --scheme examples/schemes/equal-first-level.scheme\n",
    .run = run,
};

static const cli_choice formats[] = {{"text", NULL}, {"json", NULL}, {"csv", NULL}, {"html", NULL}, {NULL, NULL}};
enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_HTML }; /* by index in formats */

typedef struct options {
    cli_common common;
    int format;
    int lang; /* among cli_langs, or CLI_UNSET */
    int input_format; /* among cli_input_formats, or CLI_UNSET */
    bool all_schemes;
    cli_list args;    /* RULES then FACTS */
    const char *rules;
    const char **facts; /* in args */
    int nfacts;
    cli_list schemes; /* the --scheme arguments */
} options;

static void free_options(options *o)
{
    free(o->args.v);
    free(o->schemes.v);
}

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    const cli_option table[] = {
        CLI_OPT_LIST(0, "scheme", "NAME|FILE", &o->schemes, "a scheme's name or a scheme file",
                     "a scheme written in the rules file, or a scheme file\n"
                     "(*.scheme); give it once per scheme, in column order"),
        CLI_OPT_FLAG(0, "all-schemes", &o->all_schemes,
                     "every scheme written in the rules file (after those\n"
                     "given with --scheme)"),
        CLI_OPT_FORMAT(&o->format, formats,
                       "{choices}; html has charts; in\n"
                       "csv, a spreadsheet's cells that would run as formulas\n"
                       "are escaped with a leading '"),
        CLI_OPT_CHOICE(0, "lang", "LANG", &o->lang, "language", cli_langs, NULL,
                       "the HTML report's language: {choices}; default: as\n"
                       "for an evaluation (LC_ALL, LC_MESSAGES or LANG, else\n"
                       "Chinese for GB/T rules)"),
        CLI_OPT_INPUT_FORMAT(&o->input_format),
        CLI_OPT_COMMON(&o->common, "colour diagnostics"),
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_compare, table, argc, argv, cli_collect, &o->args);
    if (rc >= 0)
        return rc;
    if (o->args.n == 0)
        return cli_usage_error("compare", "missing the rules file and facts files");
    o->rules = o->args.v[0];
    o->facts = o->args.v + 1;
    o->nfacts = o->args.n - 1;
    if (o->nfacts == 0)
        return cli_usage_error("compare", "no facts file given");
    if (cli_stdin_once("compare", o->args.v, o->args.n))
        return EXIT_USAGE;
    if (o->schemes.n == 0 && !o->all_schemes)
        return cli_usage_error("compare", "no scheme to compare with the base: give --scheme NAME|FILE or --all-schemes");
    for (int i = 0; i < o->schemes.n; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(o->schemes.v[i], o->schemes.v[j]) == 0)
                return cli_usage_error("compare", "scheme '%s' is given twice", o->schemes.v[i]);
    if (o->lang != CLI_UNSET && o->format != FORMAT_HTML) /* taken and ignored would mislead */
        return cli_usage_error("compare", "--lang goes with --format html");
    return -1;
}

/* The columns after the base: the --scheme arguments (every one resolved,
 * so that one run reports the errors of all), then with --all-schemes the
 * rules file's others.  -1 to go on, else the exit status. */
static int resolve(const options *o, const er_rules *rules, er_diag *d, const er_scheme **cols, size_t *ncols,
                   er_scheme **owned)
{
    bool unknown = false;
    const char **arg = calloc((size_t)o->schemes.n + 1, sizeof *arg); /* what named each column */
    if (!arg) {
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    *ncols = 0;
    for (int i = 0; i < o->schemes.n; i++) {
        unsigned before = er_diag_errors(d);
        const er_scheme *s = cli_scheme(rules, o->schemes.v[i], d, &owned[i]);
        if (!s)
            unknown |= er_diag_errors(d) == before; /* no such name and no such file */
        else if (strcmp(er_scheme_name(s), "base") != 0) { /* the first column already */
            arg[*ncols] = o->schemes.v[i];
            cols[(*ncols)++] = s;
        }
    }
    int rc = -1;
    if (er_diag_errors(d) > 0)
        rc = er_diag_io_failed(d) || unknown ? EXIT_USAGE : EXIT_INVALID;
    else if (unknown)
        rc = EXIT_USAGE; /* cli_scheme said which */
    for (size_t i = 0; rc < 0 && i < *ncols; i++)
        for (size_t j = 0; rc < 0 && j < i; j++)
            if (strcmp(er_scheme_name(cols[i]), er_scheme_name(cols[j])) == 0)
                rc = cli_usage_error("compare", "scheme '%s' is given twice: by '%s' and by '%s'",
                                     er_scheme_name(cols[i]), arg[j], arg[i]);
    free(arg);
    if (rc >= 0)
        return rc;
    for (size_t k = 0; o->all_schemes && k < er_rules_scheme_count(rules); k++) {
        const er_scheme *s = er_rules_scheme_at(rules, k);
        bool given = false;
        for (size_t j = 0; j < *ncols; j++)
            given |= strcmp(er_scheme_name(cols[j]), er_scheme_name(s)) == 0;
        if (!given)
            cols[(*ncols)++] = s;
    }
    if (*ncols == 0)
        return cli_usage_error("compare", o->all_schemes && er_rules_scheme_count(rules) == 0
                                              ? "the rules file defines no scheme; give --scheme FILE"
                                              : "no scheme to compare with the base");
    return -1;
}

static int run(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .lang = CLI_UNSET, .input_format = CLI_UNSET};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free_options(&o);
        return rc;
    }
    er_diag *d = cli_diag(&o.common);
    er_rules *rules = d ? er_rules_load(o.rules, d) : NULL;
    if (!rules) {
        free_options(&o);
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    }
    size_t most = (size_t)o.schemes.n + er_rules_scheme_count(rules), ncols = 0;
    const er_scheme **cols = calloc(most + 1, sizeof *cols);
    er_scheme **owned = calloc((size_t)o.schemes.n + 1, sizeof *owned); /* scheme files', freed here */
    er_compare *c = NULL;
    if (!cols || !owned) {
        fputs("evalrules: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else if ((rc = resolve(&o, rules, d, cols, &ncols, owned)) < 0) {
        c = er_compare_new(rules, cols, ncols, d);
        rc = c ? EXIT_EVALUATED : EXIT_USAGE;
    }
    for (int i = 0; c && i < o.nfacts && rc != EXIT_USAGE; i++) {
        const char *as = cli_input_format_name(o.input_format);
        if (!er_input_is_facts_file(o.facts[i], as)) { /* JSON Lines, CSV, a directory (docs/batch.md) */
            unsigned errors = er_diag_errors(d);
            er_inputs *in = er_inputs_open(rules, o.facts[i], as, d);
            er_facts *f;
            const char *name;
            while (in && er_inputs_next(in, &f, &name) == 1) {
                int added = f ? er_compare_add_facts(c, name, f, d) : 0;
                er_facts_free(f);
                if (added < 0)
                    rc = EXIT_USAGE;
                else if (added == 0 && rc != EXIT_USAGE)
                    rc = EXIT_INVALID; /* an invalid record, reported and left out */
            }
            er_inputs_close(in);
            if (!in)
                rc = EXIT_USAGE;
            else if (er_diag_errors(d) > errors && rc == EXIT_EVALUATED)
                rc = EXIT_INVALID; /* a CSV header that names no fact, say (reported) */
            continue;
        }
        int added = er_compare_add(c, o.facts[i], d);
        if (added < 0) {
            rc = EXIT_USAGE; /* out of memory, reported */
            break;
        }
        if (added == 0)
            rc = EXIT_INVALID; /* an unreadable one: EXIT_USAGE from cli_finish */
    }
    if (c && rc != EXIT_USAGE) {
        int written = 0;
        if (o.format == FORMAT_JSON)
            written = er_compare_report_json(stdout, c);
        else if (o.format == FORMAT_CSV)
            er_compare_report_csv(stdout, c);
        else if (o.format == FORMAT_HTML)
            written = er_compare_report_html(stdout, c, cli_lang(o.lang, rules));
        else
            written = er_compare_report_text(stdout, c);
        if (written != 0) {
            fputs("evalrules: error: could not write the comparison (out of memory or output failed)\n", stderr);
            rc = EXIT_USAGE;
        }
    }
    er_compare_free(c);
    for (int i = 0; owned && i < o.schemes.n; i++)
        er_scheme_free(owned[i]);
    free(owned);
    free(cols);
    er_rules_free(rules);
    free_options(&o);
    return cli_finish(d, rc);
}
