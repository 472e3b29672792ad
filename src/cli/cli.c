/* cli.c — option parsing and exit handling shared by the commands. */
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

bool cli_is_option(const char *arg, const char *name)
{
    size_t len = strlen(name);
    return strncmp(arg, name, len) == 0 && (arg[len] == '\0' || arg[len] == '=');
}

const char *cli_option_value(int argc, char **argv, int *i, const char *name)
{
    size_t len = strlen(name);
    if (strncmp(argv[*i], name, len) == 0 && argv[*i][len] == '=')
        return argv[*i] + len + 1;
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

int cli_common_option(int argc, char **argv, int *i, cli_common *c, const char *cmd)
{
    const char *a = argv[*i];
    if (cli_is_option(a, "--color") || cli_is_option(a, "--colour")) {
        const char *v = cli_option_value(argc, argv, i, cli_is_option(a, "--colour") ? "--colour" : "--color");
        if (!v)
            return cli_usage_error(cmd, "option '%s' needs a value: auto, always or never", a), -1;
        if (strcmp(v, "auto") == 0)
            c->color = -1;
        else if (strcmp(v, "always") == 0)
            c->color = 1;
        else if (strcmp(v, "never") == 0)
            c->color = 0;
        else
            return cli_usage_error(cmd, "unknown colour setting '%s' (auto, always or never)", v), -1;
        return 1;
    }
    if (cli_is_option(a, "--max-errors")) {
        const char *v = cli_option_value(argc, argv, i, "--max-errors");
        char *end;
        unsigned long n = v ? strtoul(v, &end, 10) : 0;
        if (!v || !*v || *end || v[0] == '-' || n > 1000000)
            return cli_usage_error(cmd, "option '--max-errors' needs a number"), -1;
        c->max_errors = n ? (unsigned)n : 1000000u;
        return 1;
    }
    return 0;
}

bool cli_want_color(int setting, FILE *f)
{
    if (setting >= 0)
        return setting == 1;
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
    er_diag_set_limit(d, c->max_errors);
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
