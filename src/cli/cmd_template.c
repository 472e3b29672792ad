/* cmd_template.c — `evalrules template RULES [-o FILE]`: a blank facts
 * file for auditors, every fact commented out with its question. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_template = {
    .name = "template",
    .prefix = "template",
    .synopsis = "template RULES",
    .summary = "print a blank facts file for auditors to fill in",
    .usage = "[OPTIONS] RULES",
    .description = "Print a blank facts file for the rules: every fact the auditor supplies, grouped\n"
                   "by the indicator that uses it, with its question, type, allowed values, default\n"
                   "and the clauses it feeds.  Each fact is a commented-out line '# name ='; remove\n"
                   "the '# ' and write the value.  A fact left commented out is reported as missing\n"
                   "when the file is evaluated, so an unfinished audit is never scored.\n",
    .epilogue = "Exit status: 0 written, 1 invalid rules, 2 usage error, unreadable rules or a\n"
                "file that cannot be written.\n"
                "\n"
                "Example:\n"
                "  evalrules template rules/gbt27922.rules -o audit-2026.facts\n",
    .run = run,
};

typedef struct options {
    cli_common common;
    const char *rules, *output;
    bool force;
} options;

static int set_rules(void *ctx, const char *arg)
{
    options *o = ctx;
    if (o->rules)
        return cli_usage_error("template", "one rules file only ('%s' is a second)", arg);
    o->rules = arg;
    return 0;
}

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    const cli_option table[] = {
        CLI_OPT_TEXT('o', "output", "FILE", &o->output, 1, "a file name",
                     "write to FILE instead of standard output; an existing\n"
                     "file is not overwritten unless --force is given"),
        CLI_OPT_FLAG(0, "force", &o->force, "overwrite FILE"),
        CLI_OPT_COMMON(&o->common, "colour diagnostics"),
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_template, table, argc, argv, set_rules, o);
    if (rc >= 0)
        return rc;
    if (!o->rules)
        return cli_usage_error("template", "missing the rules file");
    if (o->force && !o->output) /* taken and ignored would mislead */
        return cli_usage_error("template", "--force goes with -o FILE (it lets FILE be overwritten)");
    return -1;
}

static int run(int argc, char **argv)
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
    if (out) {
        /* one message: the file's (with its reason), standard output's from cli_finish, else out of memory */
        errno = 0;
        bool written = er_template_write(out, rules, o.rules) == 0;
        int failed = ferror(out) ? (errno ? errno : EIO) : 0;
        if (out != stdout && fclose(out) != 0 && !failed)
            failed = errno ? errno : EIO;
        if (failed && out != stdout)
            fprintf(stderr, "evalrules template: cannot write '%s': %s\n", o.output, strerror(failed));
        else if (!written && !failed)
            fputs("evalrules: out of memory\n", stderr);
        rc = written && !failed ? rc : EXIT_USAGE;
    }
    er_rules_free(rules);
    return cli_finish(d, rc);
}
