/* cmd_template.c — `evalrules template RULES [-o FILE]`: a blank facts
 * file for auditors, every fact commented out with its question. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: evalrules template [OPTIONS] RULES\n"
    "\n"
    "Print a blank facts file for the rules: every fact the auditor supplies, grouped\n"
    "by the indicator that uses it, with its question, type, allowed values, default\n"
    "and the clauses it feeds.  Each fact is a commented-out line '# name ='; remove\n"
    "the '# ' and write the value.  A fact left commented out is reported as missing\n"
    "when the file is evaluated, so an unfinished audit is never scored.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE     write to FILE instead of standard output; an existing\n"
    "                        file is not overwritten unless --force is given\n"
    "      --force           overwrite FILE\n"
    "      --color WHEN      colour diagnostics: auto (default), always or never\n"
    "      --max-errors N    show at most N diagnostics (default 100; 0 = no limit)\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Exit status: 0 written, 1 invalid rules, 2 usage error, unreadable rules or a\n"
    "file that cannot be written.\n"
    "\n"
    "Example:\n"
    "  evalrules template rules/gbt27922.rules -o audit-2026.facts\n";

typedef struct options {
    cli_common common;
    const char *rules, *output;
    bool force;
} options;

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int common;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->rules)
                return cli_usage_error("template", "one rules file only ('%s' is a second)", a);
            o->rules = a;
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return EXIT_EVALUATED;
        } else if (strcmp(a, "-o") == 0 || cli_is_option(a, "--output")) {
            o->output = cli_option_value(argc, argv, &i, strcmp(a, "-o") == 0 ? "-o" : "--output");
            if (!o->output || !*o->output)
                return cli_usage_error("template", "option '%s' needs a file name", a);
        } else if (strcmp(a, "--force") == 0) {
            o->force = true;
        } else if ((common = cli_common_option(argc, argv, &i, &o->common, "template")) != 0) {
            if (common < 0)
                return EXIT_USAGE;
        } else {
            return cli_usage_error("template", "unknown option '%s'", a);
        }
    }
    if (!o->rules)
        return cli_usage_error("template", "missing the rules file");
    return -1;
}

int cmd_template(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;
    er_diag *d = cli_diag(&o.common);
    er_rules *rules = d ? er_rules_load(o.rules, d) : NULL;
    if (!rules)
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    FILE *out = stdout;
    rc = EXIT_EVALUATED;
    if (o.output) {
        /* "x": an auditor's filled-in file is never overwritten by accident */
        out = fopen(o.output, o.force ? "w" : "wx");
        if (!out) {
            if (errno == EEXIST)
                fprintf(stderr, "evalrules template: '%s' exists; not overwritten (use --force)\n", o.output);
            else
                fprintf(stderr, "evalrules template: cannot write '%s': %s\n", o.output, strerror(errno));
            rc = EXIT_USAGE;
        }
    }
    if (out && er_template_write(out, rules, o.rules) != 0) {
        fprintf(stderr, "evalrules template: cannot write '%s'\n", o.output ? o.output : "standard output");
        rc = EXIT_USAGE;
    }
    if (out && out != stdout && fclose(out) != 0 && rc == EXIT_EVALUATED) {
        fprintf(stderr, "evalrules template: cannot write '%s': %s\n", o.output, strerror(errno));
        rc = EXIT_USAGE;
    }
    er_rules_free(rules);
    return cli_finish(d, rc);
}
