/* cmd_verify.c — `evalrules verify REPORT.json RULES FACTS [--scheme FILE]`:
 * whether a sealed JSON report is what its inputs give (er_verify), and if
 * not, which part differs. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_verify = {
    .name = "verify",
    .prefix = "verify",
    .synopsis = "verify REPORT RULES FACTS",
    .summary = "check that a sealed JSON report is what its rules and facts give",
    .usage = "[OPTIONS] REPORT.json RULES FACTS",
    .description =
        "Check a JSON report against the files it was made from.  Every report carries a\n"
        "seal: the SHA-256 of the rules, scheme and facts files, the version of\n"
        "evalrules, and a digest over them and the result.  verify recomputes them: the\n"
        "seal against the report's content, the digests against the files given, and,\n"
        "when those agree, evaluates the files again and compares the report with\n"
        "theirs.  It says that the report matches, or which part differs: the rules,\n"
        "the scheme, the facts, the version, or the report itself (edited after it was\n"
        "written).  File names do not matter, only the files' bytes.\n"
        "\n"
        "The seal is a digest, not a signature: anyone can recompute it.  It shows\n"
        "that a report matches its inputs; to show who issued it, sign the JSON\n"
        "report with a key (docs/auditors.md, \"The seal\").\n",
    .epilogue = "Exit status: 0 the report matches its inputs, 1 it does not (or the inputs\n"
                "are invalid), 2 usage error or unreadable file.\n"
                "\n"
                "Example:\n"
                "  evalrules -f json rules/gbt27922.rules audit.facts > report.json\n"
                "  evalrules verify report.json rules/gbt27922.rules audit.facts\n",
    .run = run,
};

typedef struct options {
    cli_common common;
    const char *scheme; /* --scheme FILE, or NULL */
    cli_list args;
} options;

static void digest_line(const char *what, const char *hex, const char *file)
{
    printf("  %-10s %s%s%s\n", what, hex, file ? "  " : "", file ? file : "");
}

/* What differs, one line (or a few) per part. */
static void explain(const options *o, const er_verification *v)
{
    const char *report = o->args.v[0], *rules = o->args.v[1], *facts = o->args.v[2];
    unsigned x = v->differs;
    printf("%s: does not match its inputs\n", report);
    if (x & ER_VERIFY_VERSION)
        printf("  the version differs: the report was sealed by evalrules %s, this is %s;\n"
               "  verify it with evalrules %s\n",
               v->sealed.version, v->actual.version, v->sealed.version);
    if (x & ER_VERIFY_RULES)
        printf("  the rules differ: %s has sha256 %s,\n  the report was made from rules with sha256 %s\n", rules,
               v->actual.rules, v->sealed.rules);
    if ((x & ER_VERIFY_SCHEME) && !o->scheme)
        printf("  the scheme differs: the report was made under a scheme file with sha256 %s;\n"
               "  give it with --scheme FILE\n",
               v->sealed.scheme);
    else if ((x & ER_VERIFY_SCHEME) && !*v->sealed.scheme)
        printf("  the scheme differs: the report was made under no scheme file, but --scheme %s was given\n",
               o->scheme);
    else if (x & ER_VERIFY_SCHEME)
        printf("  the scheme differs: %s has sha256 %s,\n  the report was made under a scheme with sha256 %s\n",
               o->scheme, v->actual.scheme, v->sealed.scheme);
    if (x & ER_VERIFY_FACTS)
        printf("  the facts differ: %s has sha256 %s,\n  the report was made from facts with sha256 %s\n", facts,
               v->actual.facts, v->sealed.facts);
    if ((x & ER_VERIFY_REPORT) && v->line)
        printf("  the report was edited: line %d is not what the inputs give\n"
               "    report  %s\n    inputs  %s\n",
               v->line, v->found, v->expected);
    else if (x & ER_VERIFY_REPORT)
        printf("  the report was edited after it was sealed: its content has sha256 %s,\n"
               "  its seal says %s\n",
               v->actual.seal, v->sealed.seal);
}

static int run(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT};
    const cli_option table[] = {
        CLI_OPT_TEXT(0, "scheme", "FILE", &o.scheme, 1, "a scheme file",
                     "the scheme file the report was made under (a scheme\n"
                     "written in the rules file is found by its name)"),
        CLI_OPT_COMMON(&o.common, "colour diagnostics"),
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_verify, table, argc, argv, cli_collect, &o.args);
    if (rc < 0 && o.args.n != 3)
        rc = cli_usage_error("verify", o.args.n < 3 ? "needs a JSON report, its rules file and its facts file"
                                                    : "one report, one rules file and one facts file ('%s' is a fourth)",
                             o.args.n < 3 ? "" : o.args.v[3]);
    if (rc >= 0) {
        free(o.args.v);
        return rc;
    }
    er_diag *d = cli_diag(&o.common);
    er_verification v;
    if (!d) {
        rc = EXIT_USAGE;
    } else if (!er_verify(o.args.v[0], o.args.v[1], o.args.v[2], o.scheme, &v, d)) {
        rc = er_diag_io_failed(d) ? EXIT_USAGE : EXIT_INVALID;
    } else if (v.differs & ER_VERIFY_UNSEALED) {
        printf("%s: holds no seal: not a JSON report of evalrules, or one cut short\n", o.args.v[0]);
        rc = EXIT_INVALID;
    } else if (v.differs) {
        explain(&o, &v);
        rc = EXIT_INVALID;
    } else {
        printf("%s: matches its inputs\n", o.args.v[0]);
        digest_line("evalrules", v.actual.version, NULL);
        digest_line("rules", v.actual.rules, o.args.v[1]);
        if (o.scheme)
            digest_line("scheme", v.actual.scheme, o.scheme);
        digest_line("facts", v.actual.facts, o.args.v[2]);
        digest_line("seal", v.actual.seal, NULL);
        rc = EXIT_EVALUATED;
    }
    free(o.args.v);
    return d ? cli_finish(d, rc) : rc;
}
