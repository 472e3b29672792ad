/* cli.h — what the evalrules commands share: the command and option tables,
 * their parser and help printer (options.c), colour, the diagnostics sink
 * and exit statuses (cli.c).  The commands live in cmd_*.c; main.c only
 * dispatches to them.  Nothing here is part of the library. */
#ifndef ERI_CLI_H
#define ERI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "evalrules.h"
#include "evalrules_tools.h"

enum { EXIT_EVALUATED = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* ---- commands (each cmd_*.c defines its own; main.c lists them) -------- */
typedef struct cli_command {
    const char *name;        /* "fmt" (argv[1]); NULL for the evaluating form */
    const char *prefix;      /* in usage errors, "evalrules PREFIX: …"; NULL: "evalrules: …" */
    const char *synopsis;    /* in the list of commands: "fmt FILE..." */
    const char *summary;     /* and what it does, in one line */
    const char *usage;       /* after "Usage: evalrules [NAME] ", one line per form */
    const char *description; /* the paragraphs before the options */
    const char *epilogue;    /* after the options: exit status, examples */
    int (*run)(int argc, char **argv); /* argv[0] is the command's name ("evalrules" for evaluation) */
} cli_command;

/* Every command, in the order `evalrules --help` lists them; NULL-terminated. */
extern const cli_command *const cli_commands[];
extern const cli_command cli_eval, cli_check, cli_fmt, cli_test, cli_template, cli_diff, cli_compare, cli_sweep, cli_verify;
extern const cli_command cli_completion;
extern const cli_command cli_lsp;

/* ---- options: one table per command ------------------------------------ */
/* In the manner of git's parse-options: a command lists its options in a
 * table of entries made by the CLI_OPT_* macros, each pointing at the field
 * it sets; cli_parse reads argv by it and cli_help prints it.  Options may
 * come before or after the other arguments; a value is given as
 * --name=VALUE or as the next argument (-x VALUE for a short name); "--"
 * ends the options; "-" is an argument. */
typedef enum cli_kind {
    CLI_END,     /* ends a table */
    CLI_FLAG,    /* bool: set */
    CLI_TEXT,    /* const char *: the value (.min 1: not empty) */
    CLI_LIST,    /* cli_list: the value appended; the option may be repeated */
    CLI_CHOICE,  /* int: the value's index among .choices */
    CLI_NUMBER,  /* unsigned long long: a whole number from .min to .max */
    CLI_CALL,    /* .call(.target, value): 0, or EXIT_USAGE after reporting */
    CLI_HELP,    /* print the command's help and exit 0 */
    CLI_VERSION, /* print the version and exit 0 */
} cli_kind;

/* A value a CLI_CHOICE option takes; a table of them ends with {NULL}. */
typedef struct cli_choice {
    const char *name;
    const char *help; /* NULL, or one short line listed under the option in --help */
} cli_choice;

typedef struct cli_option {
    cli_kind kind;
    char short_name;           /* 'f' for -f, or 0 */
    const char *name;          /* "format" for --format */
    const char *arg;           /* "FORMAT" in the help; NULL for options without a value */
    const char *help;          /* lines separated by '\n'; "{choices}" becomes "text (default) or json";
                                * NULL: not shown (an alias, or kept for old command lines) */
    void *target;              /* the field it sets (CLI_CALL: the handler's context) */
    const char *needs;         /* "a file name": "option '-o' needs a file name" */
    const char *noun;          /* CLI_CHOICE: "unknown NOUN 'x' (text or json)" */
    const cli_choice *choices; /* CLI_CHOICE */
    const char *def;           /* CLI_CHOICE: the default's name, marked in the help */
    unsigned long long min, max;
    int (*call)(void *target, const char *value);
    bool optional; /* CLI_CALL: a value only as --name=VALUE (else call gets NULL) */
} cli_option;

/* A growing list of arguments (free .v). */
typedef struct cli_list {
    const char **v;
    int n, cap;
} cli_list;
/* Append arg to the cli_list *list: 0, or EXIT_USAGE after reporting out of memory. */
int cli_collect(void *list, const char *arg);

#define CLI_OPT_FLAG(s, l, field, h) {.kind = CLI_FLAG, .short_name = (s), .name = (l), .target = (field), .help = (h)}
#define CLI_OPT_TEXT(s, l, a, field, nonempty, need, h)                                                           \
    {.kind = CLI_TEXT, .short_name = (s), .name = (l), .arg = (a), .target = (field), .min = (nonempty),          \
     .needs = (need), .help = (h)}
#define CLI_OPT_LIST(s, l, a, field, need, h)                                                                     \
    {.kind = CLI_LIST, .short_name = (s), .name = (l), .arg = (a), .target = (field), .min = 1, .needs = (need),  \
     .help = (h)}
#define CLI_OPT_CHOICE(s, l, a, field, what, list, dflt, h)                                                       \
    {.kind = CLI_CHOICE, .short_name = (s), .name = (l), .arg = (a), .target = (field), .noun = (what),           \
     .choices = (list), .def = (dflt), .help = (h)}
#define CLI_OPT_NUMBER(s, l, a, field, lo, hi, need, h)                                                           \
    {.kind = CLI_NUMBER, .short_name = (s), .name = (l), .arg = (a), .target = (field), .min = (lo), .max = (hi), \
     .needs = (need), .help = (h)}
#define CLI_OPT_CALL(s, l, a, ctx, fn, need, h)                                                                   \
    {.kind = CLI_CALL, .short_name = (s), .name = (l), .arg = (a), .target = (ctx), .call = (fn),                 \
     .needs = (need), .help = (h)}
/* -f, --format FORMAT: the one --format of every command, over its formats
 * (the first is the default). */
#define CLI_OPT_FORMAT(field, formats, h) CLI_OPT_CHOICE('f', "format", "FORMAT", field, "format", formats, "text", h)
/* --color/--colour WHEN and --max-errors N, which every command takes;
 * h says what is coloured ("colour diagnostics"). */
#define CLI_OPT_COMMON(common, h)                                                                                 \
    CLI_OPT_CHOICE(0, "color", "WHEN", &(common)->color, "colour setting", cli_colors, "auto", h ": {choices}"),  \
        CLI_OPT_CHOICE(0, "colour", "WHEN", &(common)->color, "colour setting", cli_colors, "auto", NULL),        \
        CLI_OPT_NUMBER(0, "max-errors", "N", &(common)->max_errors, 0, 1000000, "a number",                      \
                       "show at most N diagnostics (default 100; 0 = no limit)")
/* -q, --quiet: no summary and no 'ok' lines (h says what else is left out). */
#define CLI_OPT_QUIET(common, h) CLI_OPT_FLAG('q', "quiet", &(common)->quiet, h)
#define CLI_OPT_HELP {.kind = CLI_HELP, .short_name = 'h', .name = "help", .help = "show this help and exit"}
#define CLI_OPT_VERSION {.kind = CLI_VERSION, .short_name = 'V', .name = "version", .help = "show the version and exit"}
#define CLI_OPT_END {.kind = CLI_END}

/* Read argv[1..argc) by the table opts of command cmd: each option sets its
 * field; every other argument goes, in order, to positional(ctx, arg)
 * (0, or EXIT_USAGE after reporting; cli_collect gathers them).  Returns -1
 * to go on, else the exit status: 0 after --help or --version, EXIT_USAGE
 * after reporting a usage error. */
int cli_parse(const cli_command *cmd, const cli_option *opts, int argc, char **argv,
              int (*positional)(void *ctx, const char *arg), void *ctx);

/* When set (evalrules completion), cli_parse only hands the command and its
 * table to this function and returns 0: the command does nothing else. */
extern void (*cli_describing)(const cli_command *cmd, const cli_option *opts);

/* The help of cmd, generated from its entry and its table: usage, description,
 * (for the evaluating form) every command, options, epilogue. */
void cli_help(FILE *out, const cli_command *cmd, const cli_option *opts);

/* o's help as one line: its lines joined by a blank, "{choices}" replaced
 * (the help's text when it has none: its name); malloc'd, NULL when out of memory. */
char *cli_help_line(const cli_option *o);

/* The evaluation's report formats, from the core's list (er_report_format_at). */
const cli_choice *cli_report_formats(void);

/* ---- what every command shares ----------------------------------------- */
enum { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER }; /* the index among cli_colors */
extern const cli_choice cli_colors[];

/* Options every command takes (CLI_OPT_COMMON). */
typedef struct cli_common {
    int color;                     /* CLI_COLOR_* */
    unsigned long long max_errors; /* diagnostics shown; 0: no limit */
    bool quiet;                    /* -q (CLI_OPT_QUIET): no summary line */
} cli_common;
#define CLI_COMMON_INIT {.color = CLI_COLOR_AUTO, .max_errors = 100}

/* "evalrules CMD: MESSAGE" and the hint to run CMD --help; returns EXIT_USAGE.
 * cmd is NULL for the evaluating form. */
__attribute__((format(printf, 2, 3))) int cli_usage_error(const char *cmd, const char *fmt, ...);

bool cli_want_color(int setting, FILE *f);

/* A diagnostics sink on stderr set up from the common options; NULL after
 * reporting out of memory. */
er_diag *cli_diag(const cli_common *c);

/* Print the diagnostics summary (unless quiet), free d, and check that stdout was written:
 * returns rc, EXIT_USAGE when a file could not be read or stdout failed. */
int cli_finish(er_diag *d, int rc);
/* The same, with no summary when quiet (-q). */
int cli_finish_quiet(er_diag *d, int rc, bool quiet);

/* ---- inputs: --input-format (docs/batch.md) ---------------------------- */
/* "facts", "jsonl", "csv": how every input is read whatever its name; the
 * evaluation, compare and sweep take the same option. */
extern const cli_choice cli_input_formats[];
#define CLI_OPT_INPUT_FORMAT(field)                                                                          \
    CLI_OPT_CHOICE(0, "input-format", "FORMAT", field, "input format", cli_input_formats, NULL,              \
                   "read every input as {choices} whatever its\n"                                           \
                   "name (by default: *.jsonl and *.ndjson JSON Lines,\n"                                   \
                   "*.csv CSV, a directory its *.facts files, standard\n"                                   \
                   "input and any other file facts; docs/batch.md)")
/* The format's name for er_batch_opts and er_inputs_open: NULL for CLI_UNSET. */
const char *cli_input_format_name(int given);
/* 0, or EXIT_USAGE after reporting that standard input ('-') is among the
 * n arguments more than once (it can be read only once). */
int cli_stdin_once(const char *cmd, const char *const *args, int n);

/* ---- reports for people: --lang and --audience ---------------------------- */
enum { CLI_UNSET = -1 }; /* a --lang or --audience not given */
extern const cli_choice cli_langs[];     /* "zh", "en": the index is not er_lang, see cli_lang */
extern const cli_choice cli_audiences[]; /* "enterprise", "auditor" */
#define CLI_OPT_LANG(field)                                                                                  \
    CLI_OPT_CHOICE(0, "lang", "LANG", field, "language", cli_langs, NULL,                                    \
                   "the report's language: {choices}; default: from LC_ALL,\n"                               \
                   "LC_MESSAGES or LANG, else Chinese for GB/T rules")
#define CLI_OPT_AUDIENCE(field)                                                                              \
    CLI_OPT_CHOICE(0, "audience", "WHO", field, "audience", cli_audiences, NULL,                            \
                   "whom the report is for: {choices}; enterprise\n"                                          \
                   "(the default for html): plain words, no formulas or\n"                                    \
                   "file lines; auditor (the default for text): all of them")
/* The report language: the --lang given (its index among cli_langs, or
 * CLI_UNSET), else the locale's (LC_ALL, LC_MESSAGES, LANG: "zh…" or
 * "en…"), else Chinese for rules of a Chinese standard (code "GB…", "SB…"…,
 * see docs/auditors.md), else English. */
er_lang cli_lang(int given, const er_rules *r);
/* The --audience given (its index among cli_audiences, or CLI_UNSET). */
er_audience cli_audience(int given);
/* Today's date as YYYY-MM-DD into buf (11 bytes): SOURCE_DATE_EPOCH's when
 * set (reproducible reports), else the local date. */
const char *cli_today(char *buf);

/* --scheme ARG: a scheme of the rules file by name, else a scheme file.
 * A file's scheme is returned in *owned too (free it after use).  NULL
 * after reporting (an unknown name is a usage error, counted by no diag). */
const er_scheme *cli_scheme(const er_rules *r, const char *arg, er_diag *d, er_scheme **owned);

#endif
