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
                   "FACTS may also be JSON Lines or CSV records, a directory of facts files, or\n"
                   "- for standard input, read as --input-format says (docs/batch.md); a record\n"
                   "is named by its id, an invalid one reported with its line and left out.\n",
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
    int input_format; /* among cli_input_formats, or CLI_UNSET */
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
        CLI_OPT_INPUT_FORMAT(&o->input_format),
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
    if (cli_stdin_once("sweep", o->args.v, o->args.n))
        return EXIT_USAGE;
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

/* ---- the enterprises ---------------------------------------------------------- */

typedef struct enterprises {
    er_facts **facts;
    char **names; /* a record's id (or FILE:LINE); NULL for a facts file: its path */
    size_t n, cap;
} enterprises;

static void enterprises_free(enterprises *e)
{
    for (size_t i = 0; i < e->n; i++) {
        er_facts_free(e->facts[i]);
        free(e->names[i]);
    }
    free(e->facts);
    free(e->names);
}

/* Append f named name (copied; NULL: its path); false after reporting out of memory (f freed). */
static bool append(enterprises *e, er_facts *f, const char *name)
{
    char *copy = name ? strdup(name) : NULL;
    if (e->n == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 16;
        er_facts **fv = realloc(e->facts, cap * sizeof *fv);
        e->facts = fv ? fv : e->facts;
        char **nv = fv ? realloc(e->names, cap * sizeof *nv) : NULL;
        e->names = nv ? nv : e->names;
        if (nv)
            e->cap = cap;
    }
    if (e->n == e->cap || (name && !copy)) {
        er_facts_free(f);
        free(copy);
        fputs("evalrules: out of memory\n", stderr);
        return false;
    }
    e->facts[e->n] = f;
    e->names[e->n++] = copy;
    return true;
}

/* Every input's enterprises into *e (inputs as the evaluation reads them:
 * facts files, directories, JSON Lines, CSV, "-", by --input-format or their
 * names; docs/batch.md): EXIT_EVALUATED, EXIT_INVALID when one could not be
 * read (reported; the others are kept), EXIT_USAGE when out of memory. */
static int gather(const options *o, const er_rules *rules, er_diag *d, enterprises *e)
{
    int rc = EXIT_EVALUATED;
    const char *as = cli_input_format_name(o->input_format);
    for (int i = 1; i < o->args.n && rc != EXIT_USAGE; i++) {
        const char *input = o->args.v[i];
        if (er_input_is_facts_file(input, as)) {
            er_facts *f = er_facts_load(rules, input, d);
            if (!f)
                rc = EXIT_INVALID;
            else if (!append(e, f, NULL))
                rc = EXIT_USAGE;
            continue;
        }
        unsigned errors = er_diag_errors(d);
        er_inputs *in = er_inputs_open(rules, input, as, d);
        er_facts *f;
        const char *name;
        while (in && rc != EXIT_USAGE && er_inputs_next(in, &f, &name) == 1) {
            if (!f)
                rc = EXIT_INVALID; /* an invalid record, reported and left out */
            else if (!append(e, f, name))
                rc = EXIT_USAGE;
        }
        if (!in)
            rc = EXIT_USAGE; /* out of memory, reported */
        else if (er_diag_errors(d) > errors && rc == EXIT_EVALUATED)
            rc = EXIT_INVALID; /* a CSV header that names no fact, say (reported) */
        er_inputs_close(in);
    }
    return rc;
}

/* ---- the command ------------------------------------------------------------ */

static int run(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .lang = CLI_UNSET, .input_format = CLI_UNSET,
                 .sweep = {.spread = "10%", .seed = 1}, .runs = 1000};
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
    enterprises all = {0};
    rc = gather(&o, rules, d, &all);
    er_facts **facts = all.facts;
    int nfacts = (int)all.n;
    o.sweep.names = (const char *const *)all.names;
    er_sweep *sw = NULL;
    if (rc != EXIT_USAGE && nfacts > 0) {
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
    enterprises_free(&all);
    er_scheme_free(own);
    er_rules_free(rules);
    free(o.args.v);
    return cli_finish(d, rc);
}
