/* options.c — the command line read by one table per command, and each
 * command's --help printed from the same table (in the manner of git's
 * parse-options).  The tables are in cmd_*.c, the list of commands in
 * main.c. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "revision.h" /* EVALRULES_REVISION, generated at build time (cmake/revision.cmake) */

const cli_choice cli_colors[] = {{"auto", NULL}, {"always", NULL}, {"never", NULL}, {NULL, NULL}};

const cli_choice *cli_report_formats(void)
{
    enum { MOST = 16 };
    static cli_choice list[MOST + 1];
    if (!list[0].name) {
        er_report_format f;
        for (size_t i = 0; i < MOST && er_report_format_at(i, &f); i++)
            list[i] = (cli_choice){f.name, f.description};
    }
    return list;
}

int cli_collect(void *list, const char *arg)
{
    cli_list *l = list;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 8;
        const char **v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) {
            fputs("evalrules: out of memory\n", stderr);
            return EXIT_USAGE;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = arg;
    return 0;
}

/* ---- reading argv ----------------------------------------------------------- */

/* The choices as "a, b or c" (with " (default)" after def) to f. */
static void list_choices(FILE *f, const cli_choice *c, const char *def)
{
    for (size_t i = 0; c[i].name; i++) {
        fprintf(f, "%s%s%s", i == 0 ? "" : c[i + 1].name ? ", " : " or ", c[i].name,
                def && strcmp(c[i].name, def) == 0 ? " (default)" : "");
    }
}

/* A whole decimal number from lo to hi: no sign, no blanks. */
static bool whole(const char *v, unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
    if (!*v || strlen(v) > 20)
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

/* The choices as "a, b or c" (malloc'd; NULL when out of memory). */
static char *choices_text(const cli_choice *c)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return NULL;
    list_choices(m, c, NULL);
    fclose(m);
    return text;
}

/* "option 'SPELT' needs …": what the option's value must be. */
static int needs(const cli_command *cmd, const cli_option *o, const char *spelt)
{
    if (o->kind != CLI_CHOICE)
        return cli_usage_error(cmd->prefix, "option '%s' needs %s", spelt, o->needs ? o->needs : "a value");
    char *list = choices_text(o->choices);
    cli_usage_error(cmd->prefix, "option '%s' needs a value: %s", spelt, list ? list : "");
    free(list);
    return EXIT_USAGE;
}

/* Apply option o, spelt as given (without "=VALUE"), whose value is eq
 * (after '=') or, when it takes one, the next argument. */
static int apply(const cli_command *cmd, const cli_option *o, const char *spelt, const char *eq, int argc,
                 char **argv, int *i, const cli_option *table)
{
    bool takes = o->kind != CLI_FLAG && o->kind != CLI_HELP && o->kind != CLI_VERSION;
    if (!takes && eq)
        return cli_usage_error(cmd->prefix, "option '%s' takes no value", spelt);
    const char *v = eq;
    if (takes && !v && !(o->kind == CLI_CALL && o->optional)) {
        if (*i + 1 >= argc)
            return needs(cmd, o, spelt);
        v = argv[++*i];
    }
    unsigned long long n;
    switch (o->kind) {
    case CLI_FLAG:
        *(bool *)o->target = true;
        return -1;
    case CLI_HELP:
        cli_help(stdout, cmd, table);
        return EXIT_EVALUATED;
    case CLI_VERSION:
        printf("evalrules %s\nrevision %s\n", er_version(), EVALRULES_REVISION);
        return EXIT_EVALUATED;
    case CLI_TEXT:
    case CLI_LIST:
        if (o->min && !*v)
            return needs(cmd, o, spelt);
        if (o->kind == CLI_TEXT)
            *(const char **)o->target = v;
        else if (cli_collect(o->target, v) != 0)
            return EXIT_USAGE;
        return -1;
    case CLI_CHOICE:
        for (int k = 0; o->choices[k].name; k++)
            if (strcmp(o->choices[k].name, v) == 0) {
                *(int *)o->target = k;
                return -1;
            }
        {
            char *list = choices_text(o->choices);
            cli_usage_error(cmd->prefix, "unknown %s '%s' (%s)", o->noun, v, list ? list : "");
            free(list);
        }
        return EXIT_USAGE;
    case CLI_NUMBER:
        if (!whole(v, o->min, o->max, &n))
            return needs(cmd, o, spelt);
        *(unsigned long long *)o->target = n;
        return -1;
    case CLI_CALL:
        return o->call(o->target, v) != 0 ? EXIT_USAGE : -1;
    case CLI_END:
        break;
    }
    return -1;
}

void (*cli_describing)(const cli_command *cmd, const cli_option *opts);

/* Whether o and p set the same thing (an alias such as --colour for --color
 * shares its target; a handler's context may serve several handlers). */
static bool same_setting(const cli_option *o, const cli_option *p)
{
    return o->target == p->target && (o->kind != CLI_CALL || o->call == p->call);
}

/* An option that takes one value, given before as well (a list, a flag, help
 * and version may be repeated): a usage error, not the last one silently
 * taken.  given[] holds the options met so far. */
static int once(const cli_command *cmd, const cli_option *o, const char *spelt, const cli_option **given, size_t *ngiven,
                size_t cap)
{
    if (o->kind == CLI_LIST || o->kind == CLI_FLAG || o->kind == CLI_HELP || o->kind == CLI_VERSION)
        return -1;
    for (size_t k = 0; k < *ngiven; k++)
        if (same_setting(o, given[k]))
            return cli_usage_error(cmd->prefix, "option '%s' is given twice; it takes one value", spelt);
    if (*ngiven < cap)
        given[(*ngiven)++] = o;
    return -1;
}

int cli_parse(const cli_command *cmd, const cli_option *opts, int argc, char **argv,
              int (*positional)(void *ctx, const char *arg), void *ctx)
{
    if (cli_describing) {
        cli_describing(cmd, opts);
        return EXIT_EVALUATED;
    }
    bool options_done = false;
    const cli_option *given[64];
    size_t ngiven = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (positional(ctx, a) != 0)
                return EXIT_USAGE;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        const cli_option *o = opts;
        const char *eq = NULL;
        size_t len = strlen(a);
        if (a[1] == '-') { /* --name or --name=VALUE */
            eq = strchr(a, '=');
            len = eq ? (size_t)(eq - a) : len;
            while (o->kind != CLI_END && !(strlen(o->name) == len - 2 && strncmp(o->name, a + 2, len - 2) == 0))
                o++;
            eq = eq ? eq + 1 : NULL;
        } else { /* -x: a short option stands alone */
            while (o->kind != CLI_END && !(a[2] == '\0' && o->short_name == a[1]))
                o++;
        }
        if (o->kind == CLI_END)
            return cli_usage_error(cmd->prefix, "unknown option '%s'", a);
        char spelt[64];
        snprintf(spelt, sizeof spelt, "%.*s", (int)len, a);
        int rc = once(cmd, o, spelt, given, &ngiven, sizeof given / sizeof *given);
        if (rc < 0)
            rc = apply(cmd, o, spelt, eq, argc, argv, &i, opts);
        if (rc >= 0)
            return rc;
    }
    return -1;
}

/* ---- the help ------------------------------------------------------------- */

enum { HELP_COLUMN = 24, WIDTH = 80 };

/* text with "{choices}" replaced by o's choices, each new line of it
 * indented by indent blanks (-1: the lines joined by a blank). */
static void help_text(FILE *out, const char *text, const cli_option *o, int indent)
{
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            if (indent < 0)
                fputc(' ', out);
            else
                fprintf(out, "\n%*s", indent, "");
            p++;
        } else if (o && o->choices && strncmp(p, "{choices}", 9) == 0) {
            list_choices(out, o->choices, o->def);
            p += 9;
        } else {
            fputc(*p++, out);
        }
    }
}

/* Lines of text after a left part of width used, each from HELP_COLUMN: the
 * first on the same line when the left part leaves two blanks before it,
 * else on the next (as git's parse-options does); "{choices}" replaced by
 * o's choices. */
static void help_lines(FILE *out, int used, const char *text, const cli_option *o)
{
    if (used <= HELP_COLUMN - 2)
        fprintf(out, "%*s", HELP_COLUMN - used, "");
    else
        fprintf(out, "\n%*s", HELP_COLUMN, "");
    help_text(out, text, o, HELP_COLUMN);
    fputc('\n', out);
}

char *cli_help_line(const cli_option *o)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (!m)
        return NULL;
    help_text(m, o->help ? o->help : o->name, o, -1);
    if (fclose(m) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* A choice's help under its option, wrapped at the last blank before WIDTH. */
static void choice_lines(FILE *out, const cli_option *o)
{
    int width = 0;
    for (const cli_choice *c = o->choices; c->name; c++)
        if (c->help && (int)strlen(c->name) > width)
            width = (int)strlen(c->name);
    int indent = HELP_COLUMN + 2 + width + 2;
    for (const cli_choice *c = o->choices; c->name; c++) {
        if (!c->help)
            continue;
        fprintf(out, "%*s%-*s  ", HELP_COLUMN + 2, "", width, c->name);
        for (const char *p = c->help; *p;) {
            int room = WIDTH - indent, n = (int)strlen(p);
            if (n > room) {
                n = room;
                while (n > 0 && p[n] != ' ')
                    n--;
                n = n ? n : room;
            }
            fprintf(out, "%.*s\n", n, p);
            p += n;
            while (*p == ' ')
                p++;
            if (*p)
                fprintf(out, "%*s", indent, "");
        }
    }
}

/* "Usage: evalrules NAME LINE" for the first line of usage, the others
 * under it. */
static void usage_lines(FILE *out, const char *name, const char *usage)
{
    for (const char *p = usage; *p;) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        fprintf(out, "%-6s evalrules%s%s %.*s\n", p == usage ? "Usage:" : "", name ? " " : "", name ? name : "",
                len, p);
        p += len + (nl ? 1 : 0);
    }
}

void cli_help(FILE *out, const cli_command *cmd, const cli_option *opts)
{
    usage_lines(out, cmd->name, cmd->usage);
    fprintf(out, "\n%s", cmd->description);
    if (!cmd->name) { /* the program's help: every command */
        fputs("\nCommands:\n", out);
        for (const cli_command *const *c = cli_commands; *c; c++) {
            fprintf(out, "  %s", (*c)->synopsis);
            help_lines(out, 2 + (int)strlen((*c)->synopsis), (*c)->summary, NULL);
        }
    }
    fputs("\nOptions:\n", out);
    for (const cli_option *o = opts; o->kind != CLI_END; o++) {
        if (!o->help)
            continue;
        int used = fprintf(out, "  %c%c%s--%s%s%s", o->short_name ? '-' : ' ', o->short_name ? o->short_name : ' ',
                           o->short_name ? ", " : "  ", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        help_lines(out, used, o->help, o);
        if (o->kind == CLI_CHOICE)
            choice_lines(out, o);
    }
    if (cmd->epilogue)
        fprintf(out, "\n%s", cmd->epilogue);
}
