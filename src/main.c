/* main.c — the evalrules command: parses arguments and wires the library's
 * public API (evalrules.h).  Nothing else lives here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evalrules.h"

enum { EXIT_EVALUATED = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "Usage: evalrules [OPTIONS] RULES FACTS...\n"
    "       evalrules check [OPTIONS] RULES\n"
    "\n"
    "Evaluate an enterprise's audit facts against an evaluation standard's rules\n"
    "(such as rules/gbt27922.rules for GB/T 27922-2011) and report the score, where\n"
    "every point was lost and why, vetoes and the level awarded.\n"
    "\n"
    "Commands:\n"
    "  RULES FACTS...        evaluate each facts file; one report per file\n"
    "  check RULES           check a rules file without evaluating anything\n"
    "\n"
    "Options:\n"
    "  -f, --format FORMAT   report format: text (default) or json\n"
    "      --color WHEN      colour output: auto (default), always or never\n"
    "      --max-errors N    show at most N diagnostics (default 100; 0 = no limit)\n"
    "      --dump-ast        with check: print the syntax tree\n"
    "  -h, --help            show this help and exit\n"
    "  -V, --version         show the version and exit\n"
    "\n"
    "Exit status: 0 evaluated (a vetoed or unrated enterprise included), 1 invalid\n"
    "rules or facts, 2 usage error or unreadable file.\n"
    "See evalrules(1) and docs/language.md.\n";

typedef struct options {
    bool json, check, dump_ast;
    int color; /* -1 auto, 0 never, 1 always */
    unsigned max_errors;
    const char *rules;
    const char **facts;
    int nfacts;
} options;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("evalrules: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'evalrules --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* the value of an option given as --opt=VALUE or --opt VALUE */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t len = strlen(name);
    if (argv[*i][len] == '=')
        return argv[*i] + len + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static bool is_option(const char *arg, const char *name)
{
    size_t len = strlen(name);
    return strncmp(arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=');
}

static int parse_args(int argc, char **argv, options *o)
{
    static const char *positional[4096];
    int npos = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (npos == (int)(sizeof positional / sizeof positional[0]))
                return usage_error("too many files%s", "");
            positional[npos++] = a;
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            exit(EXIT_EVALUATED);
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("evalrules %s\n", er_version());
            exit(EXIT_EVALUATED);
        } else if (strcmp(a, "-f") == 0 || is_option(a, "--format")) {
            const char *v = option_value(argc, argv, &i, strcmp(a, "-f") == 0 ? "-f" : "--format");
            if (!v)
                return usage_error("option '%s' needs a value: text or json", a);
            if (strcmp(v, "json") == 0)
                o->json = true;
            else if (strcmp(v, "text") == 0)
                o->json = false;
            else
                return usage_error("unknown format '%s' (text or json)", v);
        } else if (is_option(a, "--color") || is_option(a, "--colour")) {
            const char *v = option_value(argc, argv, &i, is_option(a, "--colour") ? "--colour" : "--color");
            if (!v)
                return usage_error("option '%s' needs a value: auto, always or never", a);
            if (strcmp(v, "auto") == 0)
                o->color = -1;
            else if (strcmp(v, "always") == 0)
                o->color = 1;
            else if (strcmp(v, "never") == 0)
                o->color = 0;
            else
                return usage_error("unknown colour setting '%s' (auto, always or never)", v);
        } else if (is_option(a, "--max-errors")) {
            const char *v = option_value(argc, argv, &i, "--max-errors");
            char *end;
            unsigned long n = v ? strtoul(v, &end, 10) : 0;
            if (!v || !*v || *end || v[0] == '-' || n > 1000000)
                return usage_error("option '--max-errors' needs a number%s", "");
            o->max_errors = n ? (unsigned)n : 1000000u;
        } else if (strcmp(a, "--dump-ast") == 0) {
            o->dump_ast = true;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    int first = 0;
    if (npos > 0 && strcmp(positional[0], "check") == 0) {
        o->check = true;
        first = 1;
    }
    if (npos - first < 1)
        return usage_error(o->check ? "'check' needs a rules file%s" : "missing the rules file and facts files%s",
                           "");
    o->rules = positional[first];
    o->facts = positional + first + 1;
    o->nfacts = npos - first - 1;
    if (o->check && o->nfacts > 0)
        return usage_error("'check' takes one rules file, not facts ('%s')", o->facts[0]);
    if (!o->check && o->nfacts == 0)
        return usage_error("no facts file given; to only check the rules, run: evalrules check %s", o->rules);
    if (o->dump_ast && !o->check)
        return usage_error("--dump-ast goes with 'check'%s", "");
    return -1;
}

static bool want_color(int setting, FILE *f)
{
    if (setting >= 0)
        return setting == 1;
    const char *no = getenv("NO_COLOR");
    return isatty(fileno(f)) && !(no && *no);
}

int main(int argc, char **argv)
{
    options o = {.color = -1, .max_errors = 100};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;

    er_diag *d = er_diag_new(stderr);
    if (!d) {
        fputs("evalrules: out of memory\n", stderr);
        return EXIT_USAGE;
    }
    er_diag_set_color(d, want_color(o.color, stderr));
    er_diag_set_limit(d, o.max_errors);

    er_rules *rules = er_rules_load(o.rules, d);
    if (!rules) {
        er_diag_summary(d);
        rc = er_diag_io_failed(d) ? EXIT_USAGE : EXIT_INVALID;
        er_diag_free(d);
        return rc;
    }
    rc = EXIT_EVALUATED;
    if (o.check) {
        if (o.dump_ast)
            er_rules_dump(stdout, rules);
        else
            printf("%s: ok\n", o.rules);
    }
    er_report_opts ropts = {.color = want_color(o.color, stdout)};
    for (int i = 0; i < o.nfacts; i++) {
        unsigned errors = er_diag_errors(d);
        er_facts *facts = er_facts_load(rules, o.facts[i], d);
        er_result *res = facts ? er_eval(rules, facts, d) : NULL;
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
    if (er_diag_io_failed(d))
        rc = EXIT_USAGE;
    er_diag_summary(d);
    er_diag_free(d);
    er_rules_free(rules);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("evalrules: writing the report");
        return EXIT_USAGE;
    }
    return rc;
}
