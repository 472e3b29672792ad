/* cmd_diff.c — `evalrules diff OLD NEW [--facts FILE...]`: what changed
 * between two editions of a standard, and (with --facts) which audited
 * enterprises would score or rate differently under the new one. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_diff = {
    .name = "diff",
    .prefix = "diff",
    .synopsis = "diff OLD NEW",
    .summary = "compare two editions of a standard (and replay audits)",
    .usage = "[OPTIONS] OLD.rules NEW.rules [--facts FACTS...]",
    .description = "Compare two editions of an evaluation standard's rules: indicators and items\n"
                   "added, removed, renumbered, moved or relabelled, points and scoring rules\n"
                   "changed, exclusions, facts, the total, vetoes, levels and caps.  Indicators are\n"
                   "paired by clause id, then by label, then (items) by the facts they read.\n"
                   "\n"
                   "With --facts, every facts file (an archived audit) is evaluated under both\n"
                   "editions; the enterprises whose score or level changes are listed, biggest\n"
                   "change first, and those that cannot be evaluated under one edition are listed\n"
                   "with the reason.  Facts an edition does not declare are skipped and counted.\n",
    .epilogue = "Exit status, as diff(1)'s: 0 the editions are the same, 1 they differ (whatever\n"
                "the replay found), 2 trouble: invalid rules, a usage error or an unreadable\n"
                "file.\n"
                "\n"
                "Example:\n"
                "  evalrules diff rules/sbt10401-2006.rules rules/gbt27922.rules \\\n"
                "      --facts examples/*.facts\n",
    .run = run,
};

enum { EXIT_DIFFERENT = 1 }; /* the editions differ */

static const cli_choice formats[] = {{"text", NULL}, {"json", NULL}, {NULL, NULL}};
enum { FORMAT_TEXT, FORMAT_JSON }; /* by index in formats */

typedef struct options {
    cli_common common;
    int format;
    const char *rules[2];
    int nrules;
    cli_list facts;
    bool replay;
} options;

/* OLD, NEW, and after --facts the facts files */
static int add_file(void *ctx, const char *arg)
{
    options *o = ctx;
    if (o->replay)
        return cli_collect(&o->facts, arg);
    if (o->nrules == 2)
        return cli_usage_error("diff", "unexpected argument '%s'; facts files go after --facts", arg);
    o->rules[o->nrules++] = arg;
    return 0;
}

/* --facts, or --facts=FILE: the arguments after it are facts files */
static int start_facts(void *ctx, const char *value)
{
    options *o = ctx;
    o->replay = true;
    return value ? cli_collect(&o->facts, value) : 0;
}

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    const cli_option table[] = {
        {.kind = CLI_CALL, .name = "facts", .arg = "FACTS...", .target = o, .call = start_facts, .optional = true,
         .help = "replay these facts files (every argument after it)"},
        CLI_OPT_FORMAT(&o->format, formats, "{choices}"),
        CLI_OPT_COMMON(&o->common, "colour diagnostics"),
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_diff, table, argc, argv, add_file, o);
    if (rc >= 0)
        return rc;
    if (o->nrules < 2)
        return cli_usage_error("diff", o->nrules ? "missing the new edition's rules file"
                                                 : "missing the two rules files to compare (OLD NEW)");
    if (o->replay && o->facts.n == 0)
        return cli_usage_error("diff", "--facts needs at least one facts file");
    return -1;
}

static int run(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.facts.v);
        return rc;
    }
    er_diag *d = cli_diag(&o.common);
    if (!d) {
        free(o.facts.v);
        return EXIT_USAGE;
    }
    /* both loaded, so that one run reports the errors of both */
    er_rules *old_rules = er_rules_load(o.rules[0], d), *new_rules = er_rules_load(o.rules[1], d);
    er_diff *df = old_rules && new_rules ? er_diff_rules(old_rules, new_rules, d) : NULL;
    er_replay *rp = df && o.replay ? er_replay_run(old_rules, new_rules, o.facts.v, (size_t)o.facts.n, d) : NULL;
    /* diff(1)'s statuses: 0 same, 1 different, 2 trouble (invalid rules too) */
    int compared = df && er_diff_count(df) > 0 ? EXIT_DIFFERENT : EXIT_EVALUATED;
    if (!old_rules || !new_rules)
        rc = EXIT_USAGE;
    else if (!df || (o.replay && !rp))
        rc = EXIT_USAGE; /* out of memory, reported */
    else if (o.format == FORMAT_JSON) {
        rc = compared;
        if (er_diff_report_json(stdout, df, rp) != 0) {
            fputs("evalrules: error: could not write the JSON report\n", stderr);
            rc = EXIT_USAGE;
        }
    } else {
        rc = compared;
        er_diff_report_text(stdout, df, rp);
    }
    er_replay_free(rp);
    er_diff_free(df);
    er_rules_free(new_rules);
    er_rules_free(old_rules);
    free(o.facts.v);
    return cli_finish(d, rc);
}
