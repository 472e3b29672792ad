/* cmd_sweep.c — `evalrules sweep RULES FACTS… [--spread 10%] [--runs N]
 * [--seed S]`: how robust each enterprise's level is to the weights
 * (sweep.c, docs/sweep.md). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_sweep = {
    .name = "sweep",
    .prefix = "sweep",
    .synopsis = "sweep RULES FACTS...",
    .summary = "how robust each level is to the weights (--spread)",
    .usage = "[OPTIONS] RULES FACTS...",
    .description = "How robust is each enterprise's level to the weights?  In every run each\n"
                   "indicator's and item's points are multiplied by 1 + u, u drawn uniformly from\n"
                   "[-spread, +spread], and renormalised so that an indicator's children still add\n"
                   "up to its points (in steps of 0.001, by largest remainder).  Every enterprise\n"
                   "is evaluated under every run.  The report gives, per enterprise, how many runs\n"
                   "award each level (or leave it unrated or vetoed) as counts and percentages\n"
                   "that add up to 100.0, the lowest, median and highest score, and the five\n"
                   "weights that move its score most when raised by the spread one at a time.\n"
                   "The same seed gives the same report, whatever the number of jobs.\n"
                   "FACTS may also be JSON Lines or CSV records, or a directory of facts files\n"
                   "(docs/batch.md).\n",
    .epilogue = "A progress bar is shown on standard error when it is a terminal and the sweep\n"
                "is long (100000 evaluations or more).\n"
                "\n"
                "Exit status: 0 swept, 1 invalid rules or facts (the other enterprises are still\n"
                "swept) or a run that cannot be evaluated, 2 usage error or unreadable file.\n"
                "\n"
                "Example:\n"
                "  evalrules sweep --spread 10% --runs 10000 --seed 7 rules/gbt27922.rules \\\n"
                "      examples/*.facts\n",
    .run = run,
};

#define MAX_RUNS 100000000ULL
#define MAX_JOBS 64

static const cli_choice formats[] = {{"text", NULL}, {"json", NULL}, {"html", NULL}, {NULL, NULL}};
enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML }; /* by index in formats */

typedef struct options {
    cli_common common;
    int format;
    int lang; /* among cli_langs, or CLI_UNSET */
    er_sweep_opts sweep;
    unsigned long long runs, jobs; /* for .sweep; jobs 0: the number of CPUs */
    const char *scheme; /* --scheme, or NULL */
    cli_list args;      /* RULES then FACTS */
} options;

static unsigned cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

static int set_spread(void *ctx, const char *value)
{
    options *o = ctx;
    const char *why = er_sweep_spread_error(value);
    if (why)
        return cli_usage_error("sweep", "bad spread '%s': %s", value, why);
    o->sweep.spread = value;
    return 0;
}

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    const cli_option table[] = {
        CLI_OPT_CALL(0, "spread", "S", o, set_spread, "a value such as 10% or 0.1",
                     "how far a weight may move: 10% (default) or 0.1;\n"
                     "from 0 to below 100%"),
        CLI_OPT_NUMBER(0, "runs", "N", &o->runs, 1, MAX_RUNS, "a number of runs from 1 to 100000000",
                       "number of runs (default 1000; at most 100000000)"),
        CLI_OPT_NUMBER(0, "seed", "S", &o->sweep.seed, 0, ~0ULL, "a whole number from 0 to 18446744073709551615",
                       "seed of the random numbers (default 1; 0 to 2^64-1)"),
        CLI_OPT_TEXT(0, "scheme", "NAME|FILE", &o->scheme, 1, "a scheme's name or a scheme file",
                     "the centre weights: a scheme of the rules file or a\n"
                     "scheme file (default: the rules' own points, 'base')"),
        CLI_OPT_NUMBER('j', "jobs", "N", &o->jobs, 1, MAX_JOBS, "a number of threads from 1 to 64",
                       "threads (default: the number of CPUs, at most 64)"),
        CLI_OPT_FORMAT(&o->format, formats, "{choices} (html: charts for analysts)"),
        CLI_OPT_CHOICE(0, "lang", "LANG", &o->lang, "language", cli_langs, NULL,
                       "the HTML report's language: {choices}; default: as\n"
                       "for an evaluation (LC_ALL, LC_MESSAGES or LANG, else\n"
                       "Chinese for GB/T rules)"),
        CLI_OPT_COMMON(&o->common, "colour"),
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_sweep, table, argc, argv, cli_collect, &o->args);
    if (rc >= 0)
        return rc;
    if (o->args.n == 0)
        return cli_usage_error("sweep", "missing the rules file and facts files");
    if (o->args.n == 1)
        return cli_usage_error("sweep", "no facts file given: sweep needs the enterprises to evaluate");
    if (o->lang != CLI_UNSET && o->format != FORMAT_HTML) /* taken and ignored would mislead */
        return cli_usage_error("sweep", "--lang goes with --format html");
    o->sweep.runs = (unsigned long)o->runs;
    o->sweep.jobs = o->jobs ? (unsigned)o->jobs : cpus();
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

static int run(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .lang = CLI_UNSET, .sweep = {.spread = "10%", .seed = 1}, .runs = 1000};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.args.v);
        return rc;
    }
    er_diag *d = cli_diag(&o.common);
    er_rules *rules = d ? er_rules_load(o.args.v[0], d) : NULL;
    if (!rules) {
        free(o.args.v);
        return cli_finish(d, d ? EXIT_INVALID : EXIT_USAGE);
    }
    er_scheme *own = NULL; /* a scheme file's, freed here */
    if (o.scheme) {
        o.sweep.centre = cli_scheme(rules, o.scheme, d, &own);
        if (!o.sweep.centre) {
            er_rules_free(rules);
            free(o.args.v);
            return cli_finish(d, er_diag_errors(d) && !er_diag_io_failed(d) ? EXIT_INVALID : EXIT_USAGE);
        }
    }
    rc = EXIT_EVALUATED;
    size_t cap = (size_t)o.args.n;
    er_facts **facts = calloc(cap, sizeof *facts);
    int nfacts = 0;
    for (int i = 0; facts && i + 1 < o.args.n; i++) {
        if (!er_input_is_facts_file(o.args.v[1 + i])) { /* JSON Lines, CSV, a directory (docs/batch.md) */
            er_inputs *in = er_inputs_open(rules, o.args.v[1 + i], d);
            er_facts *f;
            const char *name;
            while (facts && in && er_inputs_next(in, &f, &name) == 1) {
                if (!f) {
                    rc = EXIT_INVALID;
                    continue;
                }
                if ((size_t)nfacts == cap) {
                    er_facts **v = realloc(facts, 2 * cap * sizeof *v);
                    if (!v) {
                        er_facts_free(f);
                        for (int k = 0; k < nfacts; k++)
                            er_facts_free(facts[k]);
                        free(facts);
                        facts = NULL;
                        nfacts = 0;
                        break;
                    }
                    facts = v;
                    cap *= 2;
                }
                facts[nfacts++] = f;
            }
            er_inputs_close(in);
            continue;
        }
        facts[nfacts] = er_facts_load(rules, o.args.v[1 + i], d);
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
        er_sweep_report_opts ropts = {.color = cli_want_color(o.common.color, stdout)};
        int written = o.format == FORMAT_JSON   ? er_sweep_report_json(stdout, sw)
                      : o.format == FORMAT_HTML ? er_sweep_report_html(stdout, sw, cli_lang(o.lang, rules))
                                                : er_sweep_report_text(stdout, sw, &ropts);
        if (written != 0) {
            fprintf(stderr, "evalrules: error: could not write the %s report (out of memory or output failed)\n",
                    o.format == FORMAT_JSON ? "JSON" : o.format == FORMAT_HTML ? "HTML" : "text");
            rc = EXIT_USAGE;
        }
    }
    er_sweep_free(sw);
    for (int i = 0; i < nfacts; i++)
        er_facts_free(facts[i]);
    free(facts);
    er_scheme_free(own);
    er_rules_free(rules);
    free(o.args.v);
    return cli_finish(d, rc);
}
