/* cli.h — what the evalrules commands share: option parsing, colour, the
 * diagnostics sink and exit statuses.  The commands live in cmd_*.c; main.c
 * only dispatches to them.  Nothing here is part of the library. */
#ifndef ERI_CLI_H
#define ERI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "evalrules.h"
#include "evalrules_tools.h"

enum { EXIT_EVALUATED = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* Options every command takes. */
typedef struct cli_common {
    int color;           /* -1 auto, 0 never, 1 always */
    unsigned max_errors; /* diagnostics shown */
} cli_common;
#define CLI_COMMON_INIT {.color = -1, .max_errors = 100}

/* "evalrules CMD: MESSAGE" and the hint to run CMD --help; returns EXIT_USAGE.
 * cmd is NULL for the evaluating form. */
__attribute__((format(printf, 2, 3))) int cli_usage_error(const char *cmd, const char *fmt, ...);

/* Whether arg is the long option name, alone or as name=VALUE. */
bool cli_is_option(const char *arg, const char *name);
/* The value of --name=VALUE or --name VALUE (advancing *i); NULL when absent. */
const char *cli_option_value(int argc, char **argv, int *i, const char *name);

/* --color/--colour WHEN, --max-errors N.  Returns 1 when argv[*i] was one of
 * them, 0 when not, -1 after reporting a usage error. */
int cli_common_option(int argc, char **argv, int *i, cli_common *c, const char *cmd);

bool cli_want_color(int setting, FILE *f);

/* A diagnostics sink on stderr set up from the common options; NULL after
 * reporting out of memory. */
er_diag *cli_diag(const cli_common *c);

/* Print the diagnostics summary, free d, and check that stdout was written:
 * returns rc, EXIT_USAGE when a file could not be read or stdout failed. */
int cli_finish(er_diag *d, int rc);

/* --scheme ARG: a scheme of the rules file by name, else a scheme file.
 * A file's scheme is returned in *owned too (free it after use).  NULL
 * after reporting (an unknown name is a usage error, counted by no diag). */
const er_scheme *cli_scheme(const er_rules *r, const char *arg, er_diag *d, er_scheme **owned);

/* The commands: argv[0] is the command's name ("evalrules" for evaluation). */
int cmd_eval(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

#endif
