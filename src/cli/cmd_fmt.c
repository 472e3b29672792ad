/* cmd_fmt.c — `evalrules fmt [--check|--diff|--list] [--kind KIND] FILE…`:
 * lay out rules and facts files canonically (er_format), in place, or check
 * or show what would change. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int run(int argc, char **argv);

const cli_command cli_fmt = {
    .name = "fmt",
    .prefix = "fmt",
    .synopsis = "fmt FILE...",
    .summary = "lay out rules and facts files canonically",
    .usage = "[OPTIONS] [FILE...]",
    .description = "Lay out rules files (*.rules, *.scheme) and facts files (*.facts) in the one\n"
                   "canonical layout of docs/fmt.md: indentation, spacing, alignment and blank\n"
                   "lines are the formatter's; comments, the author's line breaks inside a\n"
                   "statement and every literal are kept as written.  Each FILE is rewritten in\n"
                   "place when its layout changes; a file with syntax errors is reported and left\n"
                   "alone.  With no FILE, or FILE '-', standard input is formatted to standard\n"
                   "output.\n",
    .epilogue = "Exit status: 0 done (with --check: every file is formatted), 1 a file has\n"
                "syntax errors or, with --check, is not formatted, 2 usage error or a file\n"
                "that cannot be read or written.\n"
                "\n"
                "Examples:\n"
                "  evalrules fmt rules/gbt27922.rules examples/*.facts\n"
                "  evalrules fmt --check rules/*.rules examples/*.facts     (in CI)\n"
                "  evalrules fmt --kind facts - < audit.txt\n"
                "See docs/fmt.md.\n",
    .run = run,
};

static const cli_choice kinds[] = {{"rules", NULL}, {"facts", NULL}, {NULL, NULL}};
static const er_fmt_kind kind_of[] = {ER_FMT_RULES, ER_FMT_FACTS}; /* by index in kinds */

typedef struct options {
    cli_common common;
    bool check, diff, list;
    int kind;      /* among kinds; -1 when not given */
    cli_list files; /* "-" is standard input */
    bool std_in;
} options;

static int add_file(void *ctx, const char *arg)
{
    options *o = ctx;
    o->std_in |= strcmp(arg, "-") == 0;
    return cli_collect(&o->files, arg);
}

/* -1 to go on, else the exit status */
static int parse_args(int argc, char **argv, options *o)
{
    const cli_option table[] = {
        CLI_OPT_FLAG('c', "check", &o->check,
                     "write nothing: list the files that are not formatted,\n"
                     "one a line, and exit 1 if there are any"),
        CLI_OPT_FLAG('d', "diff", &o->diff,
                     "write nothing: print what would change as a diff\n"
                     "(with --check: instead of the file names)"),
        CLI_OPT_FLAG('l', "list", &o->list, "list the files rewritten"),
        CLI_OPT_CHOICE('k', "kind", "KIND", &o->kind, "kind", kinds, NULL,
                       "read every FILE as KIND, {choices}, whatever its\n"
                       "name (needed for standard input)"),
        CLI_OPT_COMMON(&o->common, "colour diagnostics"),
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    int rc = cli_parse(&cli_fmt, table, argc, argv, add_file, o);
    if (rc >= 0)
        return rc;
    if (o->files.n == 0 && add_file(o, "-") != 0)
        return EXIT_USAGE;
    if (cli_stdin_once("fmt", (const char *const *)o->files.v, o->files.n))
        return EXIT_USAGE;
    if (o->std_in && o->kind < 0)
        return cli_usage_error("fmt", "standard input needs --kind rules or --kind facts");
    er_fmt_kind k;
    for (int i = 0; i < o->files.n && o->kind < 0; i++) /* no '-' here: it needs --kind (above) */
        if (!er_fmt_kind_of(o->files.v[i], &k))
            return cli_usage_error("fmt", "cannot tell whether '%s' is a rules or a facts file: "
                                   "name it *.rules or *.facts, or give --kind", o->files.v[i]);
    return -1;
}

/* ---- a line diff ---------------------------------------------------------- */

typedef struct lines {
    const char **s;
    size_t *len; /* with the '\n', when there is one */
    size_t n;
} lines;

static bool split(const char *text, size_t len, lines *l)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    n += len > 0 && text[len - 1] != '\n';
    l->s = malloc((n + 1) * sizeof *l->s);
    l->len = malloc((n + 1) * sizeof *l->len);
    l->n = 0;
    if (!l->s || !l->len)
        return false;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) + 1 : len;
        l->s[l->n] = text + i;
        l->len[l->n++] = e - i;
        i = e;
    }
    return true;
}

static bool same_line(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

static void print_line(char mark, const char *s, size_t len)
{
    putchar(mark);
    fwrite(s, 1, len, stdout);
    if (len == 0 || s[len - 1] != '\n')
        fputs("\n\\ No newline at end of file\n", stdout);
}

#define CONTEXT 3
#define MAX_CELLS ((size_t)1 << 24)

/* A unified diff of old → new, by longest common subsequence of the lines
 * between their common head and tail; false when out of memory. */
static bool print_diff(const char *name, const char *old, size_t oldlen, const char *new, size_t newlen)
{
    lines a = {0}, b = {0};
    char *ops = NULL;
    uint32_t *lcs = NULL;
    bool ok = split(old, oldlen, &a) && split(new, newlen, &b);
    size_t head = 0, ta = a.n, tb = b.n;
    while (ok && head < a.n && head < b.n && same_line(&a, head, &b, head))
        head++;
    while (ok && ta > head && tb > head && same_line(&a, ta - 1, &b, tb - 1))
        ta--, tb--;
    size_t n = ta - head, m = tb - head, nops = 0;
    bool table = ok && n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_CELLS;
    if (ok)
        ops = malloc(a.n + b.n + 1);
    if (ok && table)
        lcs = malloc((n + 1) * (m + 1) * sizeof *lcs);
    ok = ok && ops && (!table || lcs);
    if (ok) {
        for (size_t i = 0; i < head; i++)
            ops[nops++] = ' ';
        if (table) { /* lcs[i][j]: of a[head+i..ta) and b[head+j..tb) */
#define L(i, j) lcs[(i) * (m + 1) + (j)]
            for (size_t i = n + 1; i-- > 0;)
                for (size_t j = m + 1; j-- > 0;)
                    L(i, j) = i == n || j == m ? 0
                              : same_line(&a, head + i, &b, head + j) ? L(i + 1, j + 1) + 1
                              : L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j) : L(i, j + 1);
            size_t i = 0, j = 0;
            while (i < n || j < m) {
                if (i < n && j < m && same_line(&a, head + i, &b, head + j))
                    ops[nops++] = ' ', i++, j++;
                else if (j == m || (i < n && L(i + 1, j) >= L(i, j + 1)))
                    ops[nops++] = '-', i++;
                else
                    ops[nops++] = '+', j++;
            }
#undef L
        } else { /* too large to match up: all of the middle replaced */
            memset(ops + nops, '-', n);
            memset(ops + nops + n, '+', m);
            nops += n + m;
        }
        for (size_t i = ta; i < a.n; i++)
            ops[nops++] = ' ';
        printf("--- %s\n+++ %s (formatted)\n", name, name);
        /* hunks: changes closer than 2 * CONTEXT lines go together */
        size_t k = 0, oi = 0, ni = 0;
        while (k < nops) {
            while (k < nops && ops[k] == ' ')
                k++, oi++, ni++;
            if (k == nops)
                break;
            size_t lead = k < CONTEXT ? k : CONTEXT, start = k - lead, end = k, gap = 0;
            for (size_t q = k; q < nops; q++) {
                if (ops[q] != ' ') {
                    end = q + 1;
                    gap = 0;
                } else if (++gap > 2 * CONTEXT) {
                    break;
                }
            }
            size_t stop = end + CONTEXT < nops ? end + CONTEXT : nops;
            size_t os = oi - lead, ns = ni - lead, oc = 0, nc = 0;
            for (size_t q = start; q < stop; q++) {
                oc += ops[q] != '+';
                nc += ops[q] != '-';
            }
            printf("@@ -%zu,%zu +%zu,%zu @@\n", oc ? os + 1 : os, oc, nc ? ns + 1 : ns, nc);
            for (size_t q = start; q < stop; q++) {
                if (ops[q] == ' ')
                    print_line(' ', a.s[os], a.len[os]), os++, ns++;
                else if (ops[q] == '-')
                    print_line('-', a.s[os], a.len[os]), os++;
                else
                    print_line('+', b.s[ns], b.len[ns]), ns++;
            }
            oi = os;
            ni = ns;
            k = stop;
        }
    }
    free(lcs);
    free(ops);
    free(a.s);
    free(a.len);
    free(b.s);
    free(b.len);
    return ok;
}

/* ---- the command ----------------------------------------------------------- */

/* Format one file as o says; returns its exit status. */
static int one(const options *o, const char *path, er_diag *d)
{
    bool std_in = strcmp(path, "-") == 0;
    const char *name = std_in ? "<stdin>" : path;
    er_fmt_kind kind = o->kind < 0 ? ER_FMT_RULES : kind_of[o->kind];
    if (o->kind < 0)
        er_fmt_kind_of(path, &kind);
    size_t len, outlen = 0;
    char *text = er_fmt_read(path, &len, d);
    if (!text)
        return EXIT_USAGE;
    char *out = er_format(kind, name, text, len, &outlen, d);
    int rc = out ? EXIT_EVALUATED : EXIT_INVALID;
    bool changed = out && (outlen != len || memcmp(out, text, len) != 0);
    if (!out) {
        /* reported */
    } else if (o->diff || o->check) {
        if (changed && o->diff && !print_diff(name, text, len, out, outlen)) {
            fputs("evalrules: out of memory\n", stderr);
            rc = EXIT_USAGE;
        } else if (changed) {
            if (!o->diff)
                printf("%s\n", name);
            rc = o->check ? EXIT_INVALID : EXIT_EVALUATED;
        }
    } else if (std_in) {
        fwrite(out, 1, outlen, stdout);
    } else if (changed) {
        if (!er_rewrite_file(path, out, outlen, d)) {
            rc = EXIT_USAGE;
        } else if (o->list) {
            printf("%s\n", name);
        }
    }
    er_fmt_free(out);
    er_fmt_free(text);
    return rc;
}

static int run(int argc, char **argv)
{
    options o = {.common = CLI_COMMON_INIT, .kind = -1};
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        free(o.files.v);
        return rc;
    }
    er_diag *d = cli_diag(&o.common);
    rc = d ? EXIT_EVALUATED : EXIT_USAGE;
    for (int i = 0; d && i < o.files.n; i++) {
        int r = one(&o, o.files.v[i], d); /* errors in one file do not stop the others */
        rc = r > rc ? r : rc;
    }
    free(o.files.v);
    return cli_finish(d, rc);
}
