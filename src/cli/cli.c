/* cli.c — usage errors, colour, diagnostics and exit handling shared by the
 * commands (the options are options.c's). */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "evalrules%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'evalrules%s%s --help' for more information.\n", cmd ? " " : "", cmd ? cmd : "");
    return EXIT_USAGE;
}

bool cli_want_color(int setting, FILE *f)
{
    if (setting != CLI_COLOR_AUTO)
        return setting == CLI_COLOR_ALWAYS;
    const char *no = getenv("NO_COLOR");
    return isatty(fileno(f)) && !(no && *no);
}

er_diag *cli_diag(const cli_common *c)
{
    er_diag *d = er_diag_new(stderr);
    if (!d) {
        fputs("evalrules: out of memory\n", stderr);
        return NULL;
    }
    er_diag_set_color(d, cli_want_color(c->color, stderr));
    er_diag_set_limit(d, c->max_errors ? (unsigned)c->max_errors : 1000000u);
    return d;
}

int cli_finish(er_diag *d, int rc)
{
    if (d && er_diag_io_failed(d))
        rc = EXIT_USAGE;
    if (d)
        er_diag_summary(d);
    er_diag_free(d);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("evalrules: writing the output");
        return EXIT_USAGE;
    }
    return rc;
}

const er_scheme *cli_scheme(const er_rules *r, const char *arg, er_diag *d, er_scheme **owned)
{
    *owned = NULL;
    const er_scheme *s = er_rules_scheme(r, arg);
    if (s)
        return s;
    if (access(arg, F_OK) == 0 || strchr(arg, '/') || strstr(arg, ".scheme")) {
        *owned = er_scheme_load(r, arg, d);
        return *owned;
    }
    size_t n = er_rules_scheme_count(r);
    fprintf(stderr, "evalrules: no scheme '%s' in the rules and no such file", arg);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s%s", i == 0 ? "; the rules define: base, " : ", ", er_scheme_name(er_rules_scheme_at(r, i)));
    fputs(n ? "\n" : "; the rules define only 'base'\n", stderr);
    return NULL;
}
