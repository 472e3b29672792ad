/* cmd_eval.c — `evalrules RULES FACTS…` (evaluate and report) and
 * `evalrules check RULES` (check only). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: evalrules [OPTIONS] RULES FACTS...\n"
    "       evalrules check [OPTIONS] RULES\n"
    "       evalrules COMMAND --help\n"
    "\n"
    "Evaluate an enterprise's audit facts against an evaluation standard's rules\n"
    "(such as rules/gbt27922.rules for GB/T 27922-2011) and report the score, where\n"
    "every point was lost and why, vetoes and the level awarded.\n"
    "\n"
    "Commands:\n"
    "  RULES FACTS...        evaluate each facts file; one report per file\n"
    "  check RULES           check a rules file without evaluating anything\n"
    "  fmt FILE...           lay out rules and facts files canonically\n"
    "  test RULES [TESTS...] run a rules file's test cases (and --coverage)\n"
    "  template RULES        print a blank facts file for auditors to fill in\n"
    "  diff OLD NEW          compare two editions of a standard (and replay audits)\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT   report format: text (default) or json\n"
    "      --color WHEN      colour output: auto (default), always or never\n"
    "      --max-errors N    show at most N diagnostics (default 100; 0 = no limit)\n"
    "      --scheme NAME|FILE evaluate under a weighting scheme: one written in the\n"
    "                        rules file, or a scheme file (see docs/language.md)\n"
    "      --dump-ast        with check: print the syntax tree\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Exit status: 0 evaluated (a vetoed or unrated enterprise included), 1 invalid\n"
    "rules or facts, 2 usage error or unreadable file.\n"
    "See evalrules(1) and docs/language.md.\n";

typedef struct options {
    cli_common common;
    bool json, check, dump_ast;
    const char *rules;
    const char *scheme;  /* --scheme, or NULL */
    char **positional; /* the non-option arguments (allocated) */
    char **facts;
    int nfacts;
} options;

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    char **positional = calloc((size_t)argc + 1, sizeof *positional);
    if (!positional) {
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    int npos = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int common;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            positional[npos++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            free(positional);
            return EXIT_EVALUATED;
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("evalrules %s\n", er_version());
            free(positional);
            return EXIT_EVALUATED;
        } else if (strcmp(a, "-f") == 0 || cli_is_option(a, "--format")) {
            const char *v = cli_option_value(argc, argv, &i, strcmp(a, "-f") == 0 ? "-f" : "--format");
            if (!v || (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)) {
                free(positional);
                return v ? cli_usage_error(NULL, "unknown format '%s' (text or json)", v)
                         : cli_usage_error(NULL, "option '%s' needs a value: text or json", a);
            }
            o->json = strcmp(v, "json") == 0;
        } else if ((common = cli_common_option(argc, argv, &i, &o->common, NULL)) != 0) {
            if (common < 0) {
                free(positional);
                return EXIT_USAGE;
            }
        } else if (cli_is_option(a, "--scheme")) {
            o->scheme = cli_option_value(argc, argv, &i, "--scheme");
            if (!o->scheme || !*o->scheme) {
                free(positional);
                return cli_usage_error(NULL, "option '--scheme' needs a scheme's name or a scheme file");
            }
        } else if (strcmp(a, "--dump-ast") == 0) {
            o->dump_ast = true;
        } else {
            free(positional);
            return cli_usage_error(NULL, "unknown option '%s'", a);
        }
    }
    int first = 0;
    if (npos > 0 && strcmp(positional[0], "check") == 0) {
        o->check = true;
        first = 1;
    }
    int rc = -1;
    if (npos - first < 1)
        rc = cli_usage_error(NULL, o->check ? "'check' needs a rules file" : "missing the rules file and facts files");
    else {
        o->rules = positional[first];
        o->facts = positional + first + 1;
        o->nfacts = npos - first - 1;
        if (o->check && o->nfacts > 0)
            rc = cli_usage_error(NULL, "'check' takes one rules file, not facts ('%s')", o->facts[0]);
        else if (!o->check && o->nfacts == 0)
            rc = cli_usage_error(NULL, "no facts file given; to only check the rules, run: evalrules check %s",
                                 o->rules);
        else if (o->dump_ast && !o->check)
            rc = cli_usage_error(NULL, "--dump-ast goes with 'check'");
    }
    if (rc >= 0) {
        free(positional);
        return rc;
    }
    o->positional = positional; /* o->facts points into it */
    return -1;
}

int cmd_eval(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;

    er_diag *d = cli_diag(&o.common);
    er_rules *rules = d ? er_rules_load(o.rules, d) : NULL;
    if (!rules) {
        free(o.positional);
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    }
    er_scheme *own = NULL; /* a scheme file's, freed here */
    const er_scheme *scheme = NULL;
    if (o.scheme) {
        scheme = cli_scheme(rules, o.scheme, d, &own);
        if (!scheme) {
            er_rules_free(rules);
            free(o.positional);
            return cli_finish(d, er_diag_errors(d) && !er_diag_io_failed(d) ? EXIT_INVALID : EXIT_USAGE);
        }
    }
    rc = EXIT_EVALUATED;
    if (o.check) {
        if (o.dump_ast)
            er_rules_dump(stdout, rules);
        else
            printf("%s: ok\n", o.rules);
        if (scheme) { /* check --scheme: the scheme was checked too; show what AHP derived */
            printf("%s: ok\n", o.scheme);
            er_scheme_describe(stdout, rules, scheme);
        }
    }
    er_report_opts ropts = {.color = cli_want_color(o.common.color, stdout)};
    for (int i = 0; i < o.nfacts; i++) {
        unsigned errors = er_diag_errors(d);
        er_facts *facts = er_facts_load(rules, o.facts[i], d);
        er_result *res = facts ? er_eval_scheme(rules, facts, scheme, d) : NULL;
        if (res) {
            if (o.json) {
                if (er_report_json(stdout, res) != 0) {
                    fputs("evalrules: out of memory writing JSON\n", stderr);
                    rc = EXIT_USAGE;
                }
            } else {
                if (i > 0)
                    fputs("\n────────────────────────────────────────────────────────────────────────────────\n\n",
                          stdout);
                er_report_text(stdout, res, &ropts);
            }
        } else if (er_diag_errors(d) > errors && rc == EXIT_EVALUATED) {
            rc = EXIT_INVALID;
        }
        er_result_free(res);
        er_facts_free(facts);
    }
    er_scheme_free(own);
    er_rules_free(rules);
    free(o.positional);
    return cli_finish(d, rc);
}
