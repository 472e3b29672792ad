/* cmd_eval.c — `evalrules RULES FACTS…` (evaluate and report) and
 * `evalrules check RULES` (check only). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_eval(int argc, char **argv);
static int run_check(int argc, char **argv);

const cli_command cli_eval = {
    .synopsis = "RULES FACTS...",
    .summary = "evaluate each facts file; one report per file",
    .usage = "[OPTIONS] RULES FACTS...\n"
             "check [OPTIONS] RULES\n"
             "COMMAND --help",
    .description = "Evaluate an enterprise's audit facts against an evaluation standard's rules\n"
                   "(such as rules/gbt27922.rules for GB/T 27922-2011) and report the score, where\n"
                   "every point was lost and why, vetoes and the level awarded.\n",
    .epilogue = "Exit status: 0 evaluated (a vetoed or unrated enterprise included), 1 invalid\n"
                "rules or facts, 2 usage error or unreadable file.\n"
                "See evalrules(1) and docs/language.md.\n",
    .run = run_eval,
};

const cli_command cli_check = {
    .name = "check",
    .synopsis = "check RULES",
    .summary = "check a rules file without evaluating anything",
    .usage = "[OPTIONS] RULES",
    .description =
        "Check a rules file without evaluating anything: the syntax, then (in a file\n"
        "without syntax errors) points that do not add up, unknown names, types, tiers\n"
        "out of order, cycles and levels, then the scoring lints, as warnings: an item\n"
        "whose full points no enterprise can earn, a pass item that can never pass or\n"
        "always passes, a grade tier beyond the graded value's range, an exclusion,\n"
        "veto or cap whose condition can never be true or never be false.  Every error\n"
        "is reported, not only the first.  Prints 'RULES: ok' when there is none.\n",
    .epilogue = "Exit status: 0 no errors (warnings may have been shown), 1 errors, 2 usage\n"
                "error or unreadable file.\n"
                "\n"
                "Examples:\n"
                "  evalrules check rules/gbt27922.rules\n"
                "  evalrules check --scheme examples/schemes/ahp-first-level.scheme \\\n"
                "      rules/gbt27922.rules\n"
                "See evalrules(1) and docs/standards-experts.md.\n",
    .run = run_check,
};

typedef struct options {
    cli_common common;
    int format; /* among cli_report_formats() */
    bool check, dump_ast;
    const char *rules;
    const char *scheme; /* --scheme, or NULL */
    cli_list args;      /* the other arguments */
    const char **facts; /* in args */
    int nfacts;
} options;

/* What the arguments say, once parsed: -1 to go on, else the exit status. */
static int settle(options *o)
{
    int first = 0;
    if (!o->check && o->args.n > 0 && strcmp(o->args.v[0], "check") == 0) {
        o->check = true; /* evalrules OPTIONS check RULES */
        first = 1;
    }
    int n = o->args.n - first;
    if (n < 1)
        return cli_usage_error(NULL, o->check ? "'check' needs a rules file" : "missing the rules file and facts files");
    o->rules = o->args.v[first];
    o->facts = o->args.v + first + 1;
    o->nfacts = n - 1;
    if (o->check && o->nfacts > 0)
        return cli_usage_error(NULL, "'check' takes one rules file, not facts ('%s')", o->facts[0]);
    if (!o->check && o->nfacts == 0)
        return cli_usage_error(NULL, "no facts file given; to only check the rules, run: evalrules check %s", o->rules);
    if (o->dump_ast && !o->check)
        return cli_usage_error(NULL, "--dump-ast goes with 'check'");
    return -1;
}

static int run(options *o);

static int run_eval(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
    const cli_option table[] = {
        CLI_OPT_FORMAT(&o.format, cli_report_formats(), "report format (default text):"),
        CLI_OPT_COMMON(&o.common, "colour output"),
        CLI_OPT_TEXT(0, "scheme", "NAME|FILE", &o.scheme, 1, "a scheme's name or a scheme file",
                     "evaluate under a weighting scheme: one written in the\n"
                     "rules file, or a scheme file (see docs/language.md)"),
        CLI_OPT_FLAG(0, "dump-ast", &o.dump_ast, "with check: print the syntax tree"),
        CLI_OPT_HELP,
        CLI_OPT_VERSION,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_eval, table, argc, argv, cli_collect, &o.args);
    if (rc < 0)
        rc = settle(&o);
    rc = rc < 0 ? run(&o) : rc;
    free(o.args.v);
    return rc;
}

static int run_check(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .check = true};
    const cli_option table[] = {
        CLI_OPT_TEXT(0, "scheme", "NAME|FILE", &o.scheme, 1, "a scheme's name or a scheme file",
                     "check a weighting scheme too: one written in the rules\n"
                     "file, or a scheme file; print 'NAME|FILE: ok' and what\n"
                     "its pairwise comparisons derived (AHP)"),
        CLI_OPT_FLAG(0, "dump-ast", &o.dump_ast, "print the syntax tree instead of 'RULES: ok'"),
        CLI_OPT_COMMON(&o.common, "colour diagnostics"),
        CLI_OPT_HELP,
        /* taken and ignored, so that one set of options serves both forms */
        CLI_OPT_FORMAT(&o.format, cli_report_formats(), NULL),
        {.kind = CLI_VERSION, .short_name = 'V', .name = "version"},
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_check, table, argc, argv, cli_collect, &o.args);
    if (rc < 0)
        rc = settle(&o);
    rc = rc < 0 ? run(&o) : rc;
    free(o.args.v);
    return rc;
}

/* Check the rules, and evaluate and report each facts file. */
static int run(options *o)
{
    er_diag *d = cli_diag(&o->common);
    er_rules *rules = d ? er_rules_load(o->rules, d) : NULL;
    if (!rules)
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    er_scheme *own = NULL; /* a scheme file's, freed here */
    const er_scheme *scheme = NULL;
    if (o->scheme) {
        scheme = cli_scheme(rules, o->scheme, d, &own);
        if (!scheme) {
            er_rules_free(rules);
            return cli_finish(d, er_diag_errors(d) && !er_diag_io_failed(d) ? EXIT_INVALID : EXIT_USAGE);
        }
    }
    int rc = EXIT_EVALUATED;
    if (o->check) {
        if (o->dump_ast)
            er_rules_dump(stdout, rules);
        else
            printf("%s: ok\n", o->rules);
        if (scheme) { /* check --scheme: the scheme was checked too; show what AHP derived */
            printf("%s: ok\n", o->scheme);
            er_scheme_describe(stdout, rules, scheme);
        }
    }
    er_report_opts ropts = {.color = cli_want_color(o->common.color, stdout)};
    er_report_format format; /* cli_report_formats() is the core's list, in order */
    er_report_format_at((size_t)o->format, &format);
    for (int i = 0; i < o->nfacts; i++) {
        unsigned errors = er_diag_errors(d);
        er_facts *facts = er_facts_load(rules, o->facts[i], d);
        er_result *res = facts ? er_eval_scheme(rules, facts, scheme, d) : NULL;
        if (res) {
            if (i > 0)
                fputs(format.separator, stdout);
            if (er_report_write(stdout, res, format.name, &ropts) != 0) {
                fprintf(stderr, "evalrules: error: could not write the %s report (out of memory or output failed)\n", format.name);
                rc = EXIT_USAGE;
            }
        } else if (er_diag_errors(d) > errors && rc == EXIT_EVALUATED) {
            rc = EXIT_INVALID;
        }
        er_result_free(res);
        er_facts_free(facts);
    }
    er_scheme_free(own);
    er_rules_free(rules);
    return cli_finish(d, rc);
}
