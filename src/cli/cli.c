/* cli.c — usage errors, colour, diagnostics and exit handling shared by the
 * commands (the options are options.c's). */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
    return cli_finish_quiet(d, rc, false);
}

int cli_finish_quiet(er_diag *d, int rc, bool quiet)
{
    if (d && er_diag_io_failed(d))
        rc = EXIT_USAGE;
    if (d && !quiet)
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

const cli_choice cli_langs[] = {{"zh", NULL}, {"en", NULL}, {NULL, NULL}};
const cli_choice cli_audiences[] = {{"enterprise", NULL}, {"auditor", NULL}, {NULL, NULL}};
const cli_choice cli_input_formats[] = {{"facts", NULL}, {"jsonl", NULL}, {"csv", NULL}, {NULL, NULL}};

const char *cli_input_format_name(int given) { return given == CLI_UNSET ? NULL : cli_input_formats[given].name; }

int cli_stdin_once(const char *cmd, const char *const *args, int n)
{
    bool seen = false;
    for (int i = 0; i < n; i++) {
        bool dash = strcmp(args[i], "-") == 0;
        if (dash && seen)
            return cli_usage_error(cmd, "standard input ('-') can be read only once");
        seen |= dash;
    }
    return 0;
}

/* "zh_CN.UTF-8" → zh, "en_GB" → en; anything else (C, POSIX, de_DE) says nothing (-1). */
static int locale_lang(const char *v)
{
    if (!v || !*v)
        return -1;
    if (strncmp(v, "zh", 2) == 0 && (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@'))
        return ER_LANG_ZH;
    if (strncmp(v, "en", 2) == 0 && (v[2] == '\0' || v[2] == '_' || v[2] == '.' || v[2] == '@'))
        return ER_LANG_EN;
    return -2;
}

er_lang cli_lang(int given, const er_rules *r)
{
    if (given != CLI_UNSET)
        return given == 0 ? ER_LANG_ZH : ER_LANG_EN;
    /* POSIX: the first of LC_ALL, LC_MESSAGES, LANG that is set decides */
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        int l = locale_lang(getenv(vars[i]));
        if (l >= 0)
            return (er_lang)l;
        if (l == -2)
            break;
    }
    /* a Chinese national (GB, GB/T) or trade (SB/T …) standard */
    const char *code = r ? er_rules_standard(r) : "";
    return strncmp(code, "GB", 2) == 0 || strncmp(code, "SB", 2) == 0 ? ER_LANG_ZH : ER_LANG_EN;
}

er_audience cli_audience(int given)
{
    return given == CLI_UNSET ? ER_AUDIENCE_DEFAULT : given == 0 ? ER_AUDIENCE_ENTERPRISE : ER_AUDIENCE_AUDITOR;
}

const char *cli_today(char *buf)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long secs = epoch && *epoch ? strtoll(epoch, &end, 10) : 0;
    time_t t;
    struct tm tm;
    bool ok;
    if (epoch && *epoch && end && !*end && secs >= 0) {
        t = (time_t)secs;
        ok = gmtime_r(&t, &tm) != NULL;
    } else {
        t = time(NULL);
        ok = localtime_r(&t, &tm) != NULL;
    }
    if (!ok || strftime(buf, 11, "%Y-%m-%d", &tm) != 10)
        buf[0] = '\0';
    return buf;
}
