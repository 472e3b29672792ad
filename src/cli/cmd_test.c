/* cmd_test.c — `evalrules test RULES [TESTS…]`: run a rules file's test
 * cases, rewrite their expectations (--update) and say what no case
 * exercised (--coverage).  The work is suite.c's and coverage.c's. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_test = {
    .name = "test",
    .prefix = "test",
    .synopsis = "test RULES [TESTS...]",
    .summary = "run a rules file's test cases (and --coverage)",
    .usage = "[OPTIONS] RULES [TESTS...]",
    .description = "Run the test cases of a rules file.  Each case in a test file names its facts\n"
                   "(a facts file with a few overriding lines, or all facts inline) and what the\n"
                   "evaluation must give: score, level, vetoes, points earned.  Without TESTS the\n"
                   "test file is RULES with .rules replaced by .tests.  One line per case (ok or\n"
                   "FAIL, with expected against actual and the explanation of the actual result),\n"
                   "then 'N passed, N failed'.  The format is in docs/testing-rules.md.\n",
    .epilogue = "Exit status: 0 every case passed (and the coverage is at least --threshold),\n"
                "1 a case failed, the coverage is under the threshold, or a rules or test file\n"
                "is invalid, 2 usage error or unreadable file.\n"
                "\n"
                "Examples:\n"
                "  evalrules test --coverage rules/gbt27922.rules\n"
                "  evalrules test --format junit rules/gbt27922.rules > results.xml\n"
                "  evalrules test --coverage --threshold 95 rules/gbt27922.rules\n",
    .run = run,
};

/* The coverage report's formats (the first is the default). */
enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT };
static const cli_choice formats[] = {
    {"text", NULL},
    {"json", "the coverage report as one JSON object (with --coverage)"},
    {"junit", "the cases as JUnit XML, for CI systems"},
    {NULL, NULL},
};

typedef struct options {
    cli_common common;
    bool verbose, update, coverage;
    int format;
    const char *filter;
    long threshold; /* --threshold: hundredths of a percent, or -1 */
    cli_list args;  /* RULES then TESTS */
} options;

/* --threshold PCT: a percentage from 0 to 100 with at most two decimals
 * ("95", "92.5", "95%"), kept in hundredths so that it compares exactly */
static int set_threshold(void *ctx, const char *v)
{
    options *o = ctx;
    long whole = 0, frac = 0;
    int digits = 0, places = 0;
    const char *p = v;
    for (; *p >= '0' && *p <= '9' && digits < 4; p++, digits++)
        whole = whole * 10 + (*p - '0');
    if (*p == '.' && digits)
        for (p++; *p >= '0' && *p <= '9' && places < 2; p++, places++)
            frac = frac * 10 + (*p - '0');
    frac *= places == 1 ? 10 : 1;
    if (*p == '%')
        p++;
    long t = whole * 100 + frac;
    if (!digits || *p || t > 10000)
        return cli_usage_error("test", "option '--threshold' needs a percentage from 0 to 100, such as 95 or 92.5");
    o->threshold = t;
    return 0;
}

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    const cli_option table[] = {
        CLI_OPT_TEXT(0, "filter", "TEXT", &o->filter, 0, "a text", "run only the cases whose name contains TEXT"),
        CLI_OPT_FLAG('v', "verbose", &o->verbose, "explain passing cases too"),
        CLI_OPT_FLAG(0, "update", &o->update,
                     "rewrite the unmet expectations of the test files so\n"
                     "they state the actual results (review the change!)"),
        CLI_OPT_FLAG(0, "coverage", &o->coverage, "then list what no case exercised, with a percentage"),
        CLI_OPT_CALL(0, "threshold", "PCT", o, set_threshold, "a percentage",
                     "with --coverage: exit 1 when less than PCT% of the\n"
                     "rules is covered (opa test's --threshold)"),
        CLI_OPT_FORMAT(&o->format, formats,
                       "{choices}: json and junit\n"
                       "print only their document on stdout (the summary on\n"
                       "stderr)"),
        CLI_OPT_COMMON(&o->common, "colour output"),
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_test, table, argc, argv, cli_collect, &o->args);
    if (rc >= 0)
        return rc;
    if (o->args.n < 1)
        return cli_usage_error("test", "missing the rules file");
    if (o->format == FORMAT_JSON && !o->coverage)
        return cli_usage_error("test", "--format json goes with --coverage");
    if (o->threshold >= 0 && !o->coverage)
        return cli_usage_error("test", "--threshold goes with --coverage");
    if (o->verbose && o->format != FORMAT_TEXT) /* taken and ignored would mislead */
        return cli_usage_error("test", "-v explains passing cases in the text output, not with --format %s",
                               formats[o->format].name);
    if (o->format == FORMAT_JUNIT && o->update)
        return cli_usage_error("test", "--format junit reports a run, not --update");
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

static int run(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .threshold = -1};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.args.v);
        return rc;
    }
    bool json = o.format == FORMAT_JSON, junit = o.format == FORMAT_JUNIT;
    char *guessed = o.args.n == 1 ? default_tests(o.args.v[0]) : NULL;
    if (o.args.n == 1 && !guessed) {
        free(o.args.v);
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    er_diag *d = cli_diag(&o.common);
    er_rules *rules = d ? er_rules_load(o.args.v[0], d) : NULL;
    if (!rules) {
        free(guessed);
        free(o.args.v);
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    }
    bool color = cli_want_color(o.common.color, stdout);
    er_coverage *cov = o.coverage ? er_coverage_new(rules) : NULL;
    er_suite_opts so = {.filter = o.filter, .verbose = o.verbose, .color = color, .coverage = cov, .junit = junit};
    char *suites = NULL; /* --format junit: every file's <testsuite>, written once all are counted */
    size_t suites_len = 0;
    FILE *cases_out = junit ? open_memstream(&suites, &suites_len) : json ? NULL : stdout;
    er_suite_tally tally = {0, 0};
    rc = (o.coverage && !cov) || (junit && !cases_out) ? EXIT_USAGE : EXIT_EVALUATED;
    if (rc == EXIT_USAGE)
        fputs("evalrules: out of memory\n", stderr);
    int ntests = guessed ? 1 : o.args.n - 1;
    for (int i = 0; i < ntests && rc != EXIT_USAGE; i++) {
        const char *path = guessed ? guessed : o.args.v[1 + i];
        er_suite *s = er_suite_load(rules, path, d);
        if (!s) {
            rc = EXIT_INVALID;
            continue;
        }
        if (o.update) {
            if (!er_suite_update(s, stdout, &so, &tally, d))
                rc = EXIT_USAGE;
        } else if (er_suite_run(s, cases_out, &so, &tally) != 0) {
            fputs("evalrules: out of memory\n", stderr);
            rc = EXIT_USAGE;
        }
        er_suite_free(s);
    }
    if (junit && cases_out) {
        if (fclose(cases_out) != 0 || !suites) {
            fputs("evalrules: out of memory\n", stderr);
            rc = EXIT_USAGE;
        } else if (rc != EXIT_USAGE) {
            er_suite_junit_begin(stdout, &tally);
            fwrite(suites, 1, suites_len, stdout);
            er_suite_junit_end(stdout);
        }
        free(suites);
    }
    if (cov && rc != EXIT_USAGE) {
        if (junit)
            er_coverage_report(stderr, cov, cli_want_color(o.common.color, stderr));
        else if (!json)
            er_coverage_report(stdout, cov, color);
        else if (er_coverage_report_json(stdout, cov) != 0) {
            fputs("evalrules: error: could not write the JSON report\n", stderr);
            rc = EXIT_USAGE;
        }
    }
    if (rc != EXIT_USAGE) /* the last line (with JSON or JUnit on stdout, on stderr) */
        fprintf(json || junit ? stderr : stdout, "%zu passed, %zu failed\n", tally.passed, tally.failed);
    if (rc == EXIT_EVALUATED && tally.failed)
        rc = EXIT_INVALID;
    if (cov && rc != EXIT_USAGE && o.threshold >= 0) {
        size_t covered = er_coverage_covered(cov), targets = er_coverage_targets(cov);
        /* covered / targets < threshold / 10000, exactly */
        if ((unsigned long long)covered * 10000 < (unsigned long long)o.threshold * targets) {
            fprintf(stderr, "evalrules: coverage %zu/%zu is under the threshold %ld.%02ld%%\n", covered, targets,
                    o.threshold / 100, o.threshold % 100);
            if (rc == EXIT_EVALUATED)
                rc = EXIT_INVALID;
        }
    }
    er_coverage_free(cov);
    er_rules_free(rules);
    free(guessed);
    free(o.args.v);
    return cli_finish(d, rc);
}
