/* cmd_sweep.c — `evalrules sweep RULES FACTS… [--spread 10%] [--runs N]
 * [--seed S]`: how robust each enterprise's level is to the weights
 * (sweep.c, docs/sweep.md). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: evalrules sweep [OPTIONS] RULES FACTS...\n"
    "\n"
    "How robust is each enterprise's level to the weights?  In every run each\n"
    "indicator's and item's points are multiplied by 1 + u, u drawn uniformly from\n"
    "[-spread, +spread], and renormalised so that an indicator's children still add\n"
    "up to its points (in steps of 0.001, by largest remainder).  Every enterprise\n"
    "is evaluated under every run.  The report gives, per enterprise, how many runs\n"
    "award each level (or leave it unrated or vetoed) as counts and percentages\n"
    "that add up to 100.0, the lowest, median and highest score, and the five\n"
    "weights that move its score most when raised by the spread one at a time.\n"
    "The same seed gives the same report, whatever the number of jobs.\n"
    "\n"
    "Options:\n"
    "      --spread S        how far a weight may move: 10% (default) or 0.1;\n"
    "                        from 0 to below 100%\n"
    "      --runs N          number of runs (default 1000; at most 100000000)\n"
    "      --seed S          seed of the random numbers (default 1; 0 to 2^64-1)\n"
    "      --scheme NAME|FILE the centre weights: a scheme of the rules file or a\n"
    "                        scheme file (default: the rules' own points, 'base')\n"
    "  -j, --jobs N          threads (default: the number of CPUs, at most 64)\n"
    "  -f, --format FORMAT   text (default) or json\n"
    "      --color WHEN      colour: auto (default), always or never\n"
    "      --max-errors N    show at most N diagnostics (default 100; 0 = no limit)\n"
    "  -h, --help            show this help and exit\n"
    "\n"
    "A progress bar is shown on standard error when it is a terminal and the sweep\n"
    "is long (100000 evaluations or more).\n"
    "\n"
    "Exit status: 0 swept, 1 invalid rules or facts (the other enterprises are still\n"
    "swept) or a run that cannot be evaluated, 2 usage error or unreadable file.\n"
    "\n"
    "Example:\n"
    "  evalrules sweep --spread 10% --runs 10000 --seed 7 rules/gbt27922.rules \\\n"
    "      examples/*.facts\n";

#define MAX_RUNS 100000000UL
#define MAX_JOBS 64

typedef struct options {
    cli_common common;
    bool json;
    er_sweep_opts sweep;
    const char *scheme; /* --scheme, or NULL */
    const char *rules;
    const char **facts; /* allocated */
    int nfacts;
} options;

/* A whole decimal number in [lo, hi]. */
static bool whole(const char *v, unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
    if (!v || !*v || v[0] == '-' || v[0] == '+' || strlen(v) > 20)
        return false;
    unsigned long long n = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9' || n > (~0ULL - (unsigned)(*p - '0')) / 10)
            return false;
        n = n * 10 + (unsigned)(*p - '0');
    }
    *out = n;
    return n >= lo && n <= hi;
}

static unsigned cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

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
        const char *a = argv[i], *v;
        unsigned long long n;
        int common;
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!o->rules)
                o->rules = a;
            else
                o->facts[o->nfacts++] = a;
        } else if (strcmp(a, "--") == 0) {
            options_done = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return EXIT_EVALUATED;
        } else if (cli_is_option(a, "--spread")) {
            v = cli_option_value(argc, argv, &i, "--spread");
            const char *why = v ? er_sweep_spread_error(v) : "";
            if (!v)
                return cli_usage_error("sweep", "option '--spread' needs a value such as 10%% or 0.1");
            if (why)
                return cli_usage_error("sweep", "bad spread '%s': %s", v, why);
            o->sweep.spread = v;
        } else if (cli_is_option(a, "--runs")) {
            v = cli_option_value(argc, argv, &i, "--runs");
            if (!whole(v, 1, MAX_RUNS, &n))
                return cli_usage_error("sweep", "option '--runs' needs a number of runs from 1 to %lu", MAX_RUNS);
            o->sweep.runs = (unsigned long)n;
        } else if (cli_is_option(a, "--seed")) {
            v = cli_option_value(argc, argv, &i, "--seed");
            if (!whole(v, 0, ~0ULL, &n))
                return cli_usage_error("sweep", "option '--seed' needs a whole number from 0 to 18446744073709551615");
            o->sweep.seed = n;
        } else if (strcmp(a, "-j") == 0 || cli_is_option(a, "--jobs")) {
            v = cli_option_value(argc, argv, &i, strcmp(a, "-j") == 0 ? "-j" : "--jobs");
            if (!whole(v, 1, MAX_JOBS, &n))
                return cli_usage_error("sweep", "option '%s' needs a number of threads from 1 to %d", a, MAX_JOBS);
            o->sweep.jobs = (unsigned)n;
        } else if (cli_is_option(a, "--scheme")) {
            o->scheme = cli_option_value(argc, argv, &i, "--scheme");
            if (!o->scheme || !*o->scheme)
                return cli_usage_error("sweep", "option '--scheme' needs a scheme's name or a scheme file");
        } else if (strcmp(a, "-f") == 0 || cli_is_option(a, "--format")) {
            v = cli_option_value(argc, argv, &i, strcmp(a, "-f") == 0 ? "-f" : "--format");
            if (!v || (strcmp(v, "json") != 0 && strcmp(v, "text") != 0))
                return v ? cli_usage_error("sweep", "unknown format '%s' (text or json)", v)
                         : cli_usage_error("sweep", "option '%s' needs a value: text or json", a);
            o->json = strcmp(v, "json") == 0;
        } else if ((common = cli_common_option(argc, argv, &i, &o->common, "sweep")) != 0) {
            if (common < 0)
                return EXIT_USAGE;
        } else {
            return cli_usage_error("sweep", "unknown option '%s'", a);
        }
    }
    if (!o->rules)
        return cli_usage_error("sweep", "missing the rules file and facts files");
    if (o->nfacts == 0)
        return cli_usage_error("sweep", "no facts file given: sweep needs the enterprises to evaluate");
    return -1;
}

/* ---- the progress bar ------------------------------------------------------ */

typedef struct bar {
    bool color;
    int shown; /* permille last drawn, -1 none */
} bar;

static void draw(void *arg, unsigned long long done, unsigned long long total)
{
    bar *b = arg;
    int permille = total ? (int)(done * 1000 / total) : 1000;
    if (permille == b->shown)
        return;
    b->shown = permille;
    if (done >= total) { /* clear the line: the report follows */
        fputs("\r\033[K", stderr);
        fflush(stderr);
        return;
    }
    enum { WIDTH = 40 };
    int fill = permille * WIDTH / 1000;
    fprintf(stderr, "\rsweep %s", b->color ? "\033[32m" : "");
    for (int i = 0; i < WIDTH; i++)
        fputs(i < fill ? "█" : i == fill ? "▏" : " ", stderr);
    fprintf(stderr, "%s %3d.%d%%  %llu/%llu runs", b->color ? "\033[0m" : "", permille / 10, permille % 10, done, total);
    fflush(stderr);
}

/* ---- the command ------------------------------------------------------------ */

int cmd_sweep(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .sweep = {.spread = "10%", .runs = 1000, .seed = 1}};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.facts);
        return rc;
    }
    if (!o.sweep.jobs)
        o.sweep.jobs = cpus();
    er_diag *d = cli_diag(&o.common);
    er_rules *rules = d ? er_rules_load(o.rules, d) : NULL;
    if (!rules) {
        free(o.facts);
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    }
    er_scheme *own = NULL; /* a scheme file's, freed here */
    if (o.scheme) {
        o.sweep.centre = cli_scheme(rules, o.scheme, d, &own);
        if (!o.sweep.centre) {
            er_rules_free(rules);
            free(o.facts);
            return cli_finish(d, er_diag_errors(d) && !er_diag_io_failed(d) ? EXIT_INVALID : EXIT_USAGE);
        }
    }
    rc = EXIT_EVALUATED;
    er_facts **facts = calloc((size_t)o.nfacts + 1, sizeof *facts);
    int nfacts = 0;
    for (int i = 0; facts && i < o.nfacts; i++) {
        facts[nfacts] = er_facts_load(rules, o.facts[i], d);
        if (facts[nfacts])
            nfacts++;
        else
            rc = EXIT_INVALID;
    }
    er_sweep *sw = NULL;
    if (!facts) {
        fputs("evalrules: out of memory\n", stderr);
        rc = EXIT_USAGE;
    } else if (nfacts > 0) {
        bar b = {.color = cli_want_color(o.common.color, stderr), .shown = -1};
        if (isatty(fileno(stderr)) && (unsigned long long)o.sweep.runs * (unsigned)nfacts >= 100000) {
            o.sweep.progress = draw;
            o.sweep.progress_arg = &b;
        }
        unsigned errors = er_diag_errors(d);
        sw = er_sweep_run(rules, (const er_facts *const *)facts, (size_t)nfacts, &o.sweep, d);
        if (!sw || er_diag_errors(d) > errors)
            rc = EXIT_INVALID;
    }
    if (sw && er_sweep_count(sw) > 0) {
        if (o.json) {
            if (er_sweep_report_json(stdout, sw) != 0) {
                fputs("evalrules: out of memory writing JSON\n", stderr);
                rc = EXIT_USAGE;
            }
        } else {
            er_sweep_report_opts ropts = {.color = cli_want_color(o.common.color, stdout)};
            er_sweep_report_text(stdout, sw, &ropts);
        }
    }
    er_sweep_free(sw);
    for (int i = 0; i < nfacts; i++)
        er_facts_free(facts[i]);
    free(facts);
    er_scheme_free(own);
    er_rules_free(rules);
    free(o.facts);
    return cli_finish(d, rc);
}
