/* cmd_test.c — `evalrules test RULES [TESTS…]`: run a rules file's test
 * cases, rewrite their expectations (--update) and say what no case
 * exercised (--coverage).  The work is suite.c's and coverage.c's. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: evalrules test [OPTIONS] RULES [TESTS...]\n"
    "\n"
    "Run the test cases of a rules file.  Each case in a test file names its facts\n"
    "(a facts file with a few overriding lines, or all facts inline) and what the\n"
    "evaluation must give: score, level, vetoes, points earned.  Without TESTS the\n"
    "test file is RULES with .rules replaced by .tests.  One line per case (ok or\n"
    "FAIL, with expected against actual and the explanation of the actual result),\n"
    "then 'N passed, N failed'.  The format is in docs/testing-rules.md.\n"
    "\n"
    "Options:\n"
    "      --filter TEXT     run only the cases whose name contains TEXT\n"
    "  -v, --verbose         explain passing cases too\n"
    "      --update          rewrite the unmet expectations of the test files so\n"
    "                        they state the actual results (review the change!)\n"
    "      --coverage        then list what no case exercised, with a percentage\n"
    "  -f, --format FORMAT   coverage report format: text (default) or json (only\n"
    "                        the JSON object on stdout; the summary on stderr)\n"
    "      --color WHEN      colour output: auto (default), always or never\n"
    "      --max-errors N    show at most N diagnostics (default 100; 0 = no limit)\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Exit status: 0 every case passed, 1 a case failed or a rules or test file is\n"
    "invalid, 2 usage error or unreadable file.\n"
    "\n"
    "Example:\n"
    "  evalrules test --coverage rules/gbt27922.rules\n";

typedef struct options {
    cli_common common;
    bool verbose, update, coverage, json;
    const char *filter;
    char **positional; /* allocated; RULES then TESTS */
    int npos;
} options;

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    o->positional = calloc((size_t)argc + 1, sizeof *o->positional);
    if (!o->positional) {
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int common;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            o->positional[o->npos++] = argv[i];
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return EXIT_EVALUATED;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            o->verbose = true;
        } else if (strcmp(a, "--update") == 0) {
            o->update = true;
        } else if (strcmp(a, "--coverage") == 0) {
            o->coverage = true;
        } else if (cli_is_option(a, "--filter")) {
            o->filter = cli_option_value(argc, argv, &i, "--filter");
            if (!o->filter)
                return cli_usage_error("test", "option '--filter' needs a text");
        } else if (strcmp(a, "-f") == 0 || cli_is_option(a, "--format")) {
            const char *v = cli_option_value(argc, argv, &i, strcmp(a, "-f") == 0 ? "-f" : "--format");
            if (!v || (strcmp(v, "json") != 0 && strcmp(v, "text") != 0))
                return v ? cli_usage_error("test", "unknown format '%s' (text or json)", v)
                         : cli_usage_error("test", "option '%s' needs a value: text or json", a);
            o->json = strcmp(v, "json") == 0;
        } else if ((common = cli_common_option(argc, argv, &i, &o->common, "test")) != 0) {
            if (common < 0)
                return EXIT_USAGE;
        } else {
            return cli_usage_error("test", "unknown option '%s'", a);
        }
    }
    if (o->npos < 1)
        return cli_usage_error("test", "missing the rules file");
    if (o->json && !o->coverage)
        return cli_usage_error("test", "--format goes with --coverage");
    if (o->update && o->coverage)
        return cli_usage_error("test", "--update and --coverage do not go together: update, then run with --coverage");
    return -1;
}

/* RULES with .rules replaced by .tests (or .tests appended); malloc'd. */
static char *default_tests(const char *rules)
{
    size_t len = strlen(rules);
    char *p = malloc(len + 7);
    if (!p)
        return NULL;
    memcpy(p, rules, len + 1);
    if (len > 6 && strcmp(p + len - 6, ".rules") == 0)
        p[len - 6] = '\0';
    strcat(p, ".tests");
    return p;
}

int cmd_test(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.positional);
        return rc;
    }
    char *guessed = o.npos == 1 ? default_tests(o.positional[0]) : NULL;
    if (o.npos == 1 && !guessed) {
        free(o.positional);
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    er_diag *d = cli_diag(&o.common);
    er_rules *rules = d ? er_rules_load(o.positional[0], d) : NULL;
    if (!rules) {
        free(guessed);
        free(o.positional);
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    }
    bool color = cli_want_color(o.common.color, stdout);
    er_coverage *cov = o.coverage ? er_coverage_new(rules) : NULL;
    er_suite_opts so = {.filter = o.filter, .verbose = o.verbose, .color = color, .coverage = cov};
    er_suite_tally tally = {0, 0};
    rc = o.coverage && !cov ? EXIT_USAGE : EXIT_EVALUATED;
    int ntests = guessed ? 1 : o.npos - 1;
    for (int i = 0; i < ntests && rc != EXIT_USAGE; i++) {
        const char *path = guessed ? guessed : o.positional[1 + i];
        er_suite *s = er_suite_load(rules, path, d);
        if (!s) {
            rc = EXIT_INVALID;
            continue;
        }
        if (o.update) {
            if (!er_suite_update(s, stdout, &so, &tally, d))
                rc = EXIT_USAGE;
        } else if (er_suite_run(s, o.json ? NULL : stdout, &so, &tally) != 0) {
            fputs("evalrules: out of memory\n", stderr);
            rc = EXIT_USAGE;
        }
        er_suite_free(s);
    }
    if (cov && rc != EXIT_USAGE) {
        if (!o.json)
            er_coverage_report(stdout, cov, color);
        else if (er_coverage_report_json(stdout, cov) != 0) {
            fputs("evalrules: out of memory writing JSON\n", stderr);
            rc = EXIT_USAGE;
        }
    }
    if (rc != EXIT_USAGE) /* the last line (with JSON on stdout, on stderr) */
        fprintf(o.json ? stderr : stdout, "%zu passed, %zu failed\n", tally.passed, tally.failed);
    if (rc == EXIT_EVALUATED && tally.failed)
        rc = EXIT_INVALID;
    er_coverage_free(cov);
    er_rules_free(rules);
    free(guessed);
    free(o.positional);
    return cli_finish(d, rc);
}
