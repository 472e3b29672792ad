/* cmd_compare.c — `evalrules compare RULES FACTS… --scheme A --scheme B`:
 * every enterprise's score and level under the rules' own points and each
 * weighting scheme, side by side, the level changes marked and first. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: evalrules compare [OPTIONS] RULES FACTS... --scheme NAME|FILE...\n"
    "\n"
    "Evaluate every facts file under the rules' own points (the scheme 'base') and\n"
    "under each weighting scheme given, and print one row per enterprise with the\n"
    "score and the level under each.  Rows whose level is not the same under every\n"
    "scheme are marked '*' and come first, then the widest spread between the\n"
    "scores.  A summary counts the enterprises that change level and how many each\n"
    "scheme puts at each level.  A facts file that cannot be evaluated is reported\n"
    "with its errors and listed as not evaluable (marked '!'); the others are still\n"
    "compared.\n"
    "\n"
    "Options:\n"
    "      --scheme NAME|FILE a scheme written in the rules file, or a scheme file\n"
    "                        (*.scheme); give it once per scheme, in column order\n"
    "      --all-schemes     every scheme written in the rules file (after those\n"
    "                        given with --scheme)\n"
    "  -f, --format FORMAT   text (default), json or csv (a spreadsheet's cells that\n"
    "                        would run as formulas are escaped with a leading ')\n"
    "      --color WHEN      colour diagnostics: auto (default), always or never\n"
    "      --max-errors N    show at most N diagnostics (default 100; 0 = no limit)\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Exit status: 0 compared (whether or not levels change), 1 invalid rules, scheme\n"
    "or facts (the others are still compared), 2 usage error or unreadable file.\n"
    "\n"
    "Example:\n"
    "  evalrules compare rules/gbt27922.rules examples/*.facts \\\n"
    "      --scheme customer_heavy.scheme --scheme system_heavy.scheme\n";

typedef enum format { FMT_TEXT, FMT_JSON, FMT_CSV } format;

typedef struct options {
    cli_common common;
    format format;
    bool all_schemes;
    const char *rules;
    const char **facts;   /* allocated */
    int nfacts;
    const char **schemes; /* allocated: the --scheme arguments */
    int nschemes;
} options;

static void free_options(options *o)
{
    free(o->facts);
    free(o->schemes);
}

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    o->facts = calloc((size_t)argc + 1, sizeof *o->facts);
    o->schemes = calloc((size_t)argc + 1, sizeof *o->schemes);
    if (!o->facts || !o->schemes) {
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int common;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!o->rules)
                o->rules = a;
            else
                o->facts[o->nfacts++] = a;
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return EXIT_EVALUATED;
        } else if (cli_is_option(a, "--scheme")) {
            const char *v = cli_option_value(argc, argv, &i, "--scheme");
            if (!v || !*v)
                return cli_usage_error("compare", "option '--scheme' needs a scheme's name or a scheme file");
            o->schemes[o->nschemes++] = v;
        } else if (strcmp(a, "--all-schemes") == 0) {
            o->all_schemes = true;
        } else if (strcmp(a, "-f") == 0 || cli_is_option(a, "--format")) {
            const char *v = cli_option_value(argc, argv, &i, strcmp(a, "-f") == 0 ? "-f" : "--format");
            if (!v)
                return cli_usage_error("compare", "option '%s' needs a value: text, json or csv", a);
            if (strcmp(v, "text") == 0)
                o->format = FMT_TEXT;
            else if (strcmp(v, "json") == 0)
                o->format = FMT_JSON;
            else if (strcmp(v, "csv") == 0)
                o->format = FMT_CSV;
            else
                return cli_usage_error("compare", "unknown format '%s' (text, json or csv)", v);
        } else if ((common = cli_common_option(argc, argv, &i, &o->common, "compare")) != 0) {
            if (common < 0)
                return EXIT_USAGE;
        } else {
            return cli_usage_error("compare", "unknown option '%s'", a);
        }
    }
    if (!o->rules)
        return cli_usage_error("compare", "missing the rules file and facts files");
    if (o->nfacts == 0)
        return cli_usage_error("compare", "no facts file given");
    if (o->nschemes == 0 && !o->all_schemes)
        return cli_usage_error("compare", "no scheme to compare with the base: give --scheme NAME|FILE or --all-schemes");
    for (int i = 0; i < o->nschemes; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(o->schemes[i], o->schemes[j]) == 0)
                return cli_usage_error("compare", "scheme '%s' is given twice", o->schemes[i]);
    return -1;
}

/* The columns after the base: the --scheme arguments (every one resolved,
 * so that one run reports the errors of all), then with --all-schemes the
 * rules file's others.  -1 to go on, else the exit status. */
static int resolve(const options *o, const er_rules *rules, er_diag *d, const er_scheme **cols, size_t *ncols,
                   er_scheme **owned)
{
    bool unknown = false;
    const char **arg = calloc((size_t)o->nschemes + 1, sizeof *arg); /* what named each column */
    if (!arg) {
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    *ncols = 0;
    for (int i = 0; i < o->nschemes; i++) {
        unsigned before = er_diag_errors(d);
        const er_scheme *s = cli_scheme(rules, o->schemes[i], d, &owned[i]);
        if (!s)
            unknown |= er_diag_errors(d) == before; /* no such name and no such file */
        else if (strcmp(er_scheme_name(s), "base") != 0) { /* the first column already */
            arg[*ncols] = o->schemes[i];
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

int cmd_compare(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
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
    size_t most = (size_t)o.nschemes + er_rules_scheme_count(rules), ncols = 0;
    const er_scheme **cols = calloc(most + 1, sizeof *cols);
    er_scheme **owned = calloc((size_t)o.nschemes + 1, sizeof *owned); /* scheme files', freed here */
    er_compare *c = NULL;
    if (!cols || !owned) {
        fputs("evalrules: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else if ((rc = resolve(&o, rules, d, cols, &ncols, owned)) < 0) {
        c = er_compare_new(rules, cols, ncols, d);
        rc = c ? EXIT_EVALUATED : EXIT_USAGE;
    }
    for (int i = 0; c && i < o.nfacts; i++) {
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
        if (o.format == FMT_JSON)
            written = er_compare_report_json(stdout, c);
        else if (o.format == FMT_CSV)
            er_compare_report_csv(stdout, c);
        else
            written = er_compare_report_text(stdout, c);
        if (written != 0) {
            fputs("evalrules: out of memory writing the comparison\n", stderr);
            rc = EXIT_USAGE;
        }
    }
    er_compare_free(c);
    for (int i = 0; owned && i < o.nschemes; i++)
        er_scheme_free(owned[i]);
    free(owned);
    free(cols);
    er_rules_free(rules);
    free_options(&o);
    return cli_finish(d, rc);
}
