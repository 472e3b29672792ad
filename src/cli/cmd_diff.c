/* cmd_diff.c — `evalrules diff OLD NEW [--facts FILE...]`: what changed
 * between two editions of a standard, and (with --facts) which audited
 * enterprises would score or rate differently under the new one. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: evalrules diff [OPTIONS] OLD.rules NEW.rules [--facts FACTS...]\n"
    "\n"
    "Compare two editions of an evaluation standard's rules: indicators and items\n"
    "added, removed, renumbered, moved or relabelled, points and scoring rules\n"
    "changed, exclusions, facts, the total, vetoes, levels and caps.  Indicators are\n"
    "paired by clause id, then by label, then (items) by the facts they read.\n"
    "\n"
    "With --facts, every facts file (an archived audit) is evaluated under both\n"
    "editions; the enterprises whose score or level changes are listed, biggest\n"
    "change first, and those that cannot be evaluated under one edition are listed\n"
    "with the reason.  Facts an edition does not declare are skipped and counted.\n"
    "\n"
    "Options:\n"
    "      --facts FACTS...  replay these facts files (every argument after it)\n"
    "  -f, --format FORMAT   text (default) or json\n"
    "      --color WHEN      colour diagnostics: auto (default), always or never\n"
    "      --max-errors N    show at most N diagnostics (default 100; 0 = no limit)\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "Exit status: 0 compared (whether or not the editions differ, and whatever the\n"
    "replay found), 1 invalid rules, 2 usage error or unreadable file.\n"
    "\n"
    "Example:\n"
    "  evalrules diff rules/sbt10401-2006.rules rules/gbt27922.rules \\\n"
    "      --facts examples/*.facts\n";

typedef struct options {
    cli_common common;
    bool json;
    const char *rules[2];
    int nrules;
    const char **facts; /* allocated */
    int nfacts;
    bool replay;
} options;

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    o->facts = calloc((size_t)argc + 1, sizeof *o->facts);
    if (!o->facts) {
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int common;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->replay)
                o->facts[o->nfacts++] = a;
            else if (o->nrules < 2)
                o->rules[o->nrules++] = a;
            else
                return cli_usage_error("diff", "unexpected argument '%s'; facts files go after --facts", a);
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return EXIT_EVALUATED;
        } else if (cli_is_option(a, "--facts")) {
            o->replay = true;
            if (a[7] == '=')
                o->facts[o->nfacts++] = a + 8;
        } else if (strcmp(a, "-f") == 0 || cli_is_option(a, "--format")) {
            const char *v = cli_option_value(argc, argv, &i, strcmp(a, "-f") == 0 ? "-f" : "--format");
            if (!v || (strcmp(v, "json") != 0 && strcmp(v, "text") != 0))
                return v ? cli_usage_error("diff", "unknown format '%s' (text or json)", v)
                         : cli_usage_error("diff", "option '%s' needs a value: text or json", a);
            o->json = strcmp(v, "json") == 0;
        } else if ((common = cli_common_option(argc, argv, &i, &o->common, "diff")) != 0) {
            if (common < 0)
                return EXIT_USAGE;
        } else {
            return cli_usage_error("diff", "unknown option '%s'", a);
        }
    }
    if (o->nrules < 2)
        return cli_usage_error("diff", o->nrules ? "missing the new edition's rules file"
                                                 : "missing the two rules files to compare (OLD NEW)");
    if (o->replay && o->nfacts == 0)
        return cli_usage_error("diff", "--facts needs at least one facts file");
    return -1;
}

int cmd_diff(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.facts);
        return rc;
    }
    er_diag *d = cli_diag(&o.common);
    if (!d) {
        free(o.facts);
        return EXIT_USAGE;
    }
    /* both loaded, so that one run reports the errors of both */
    er_rules *old_rules = er_rules_load(o.rules[0], d), *new_rules = er_rules_load(o.rules[1], d);
    er_diff *df = old_rules && new_rules ? er_diff_rules(old_rules, new_rules, d) : NULL;
    er_replay *rp = df && o.replay ? er_replay_run(old_rules, new_rules, o.facts, (size_t)o.nfacts, d) : NULL;
    if (!old_rules || !new_rules)
        rc = EXIT_INVALID;
    else if (!df || (o.replay && !rp))
        rc = EXIT_USAGE; /* out of memory, reported */
    else if (o.json) {
        rc = EXIT_EVALUATED;
        if (er_diff_report_json(stdout, df, rp) != 0) {
            fputs("evalrules: out of memory writing JSON\n", stderr);
            rc = EXIT_USAGE;
        }
    } else {
        rc = EXIT_EVALUATED;
        er_diff_report_text(stdout, df, rp);
    }
    er_replay_free(rp);
    er_diff_free(df);
    er_rules_free(new_rules);
    er_rules_free(old_rules);
    free(o.facts);
    return cli_finish(d, rc);
}
