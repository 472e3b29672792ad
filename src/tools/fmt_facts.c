/* fmt_facts.c — the canonical layout of a facts file (`evalrules fmt`).
 *
 * A facts file is read without the rules, line by line, by the one
 * facts-line scanner (src/core/factline.h), which reports its syntax errors
 * (a file with errors is not formatted).  The layout: statements at the
 * left margin with single spaces, 'subject "…"' written 'subject = "…"',
 * values and reasons copied exactly; in each block of consecutive
 * statements (blank and comment lines end it) the '=' line up, and trailing
 * comments line up one space after the longest statement of the block but
 * not before column COMMENT_COLUMN + 1; blank lines collapse to one and
 * none is written first or last; a byte order mark is dropped.  Layout
 * rules are documented in docs/fmt.md. */
#include "fmt.h"

#include <string.h>

#include "factline.h"

#define COMMENT_COLUMN 27 /* trailing comments start here at the earliest */

/* Width of a statement line as written (before its comment). */
static size_t width_of(const char *t, const eri_factline *fl, size_t name_col)
{
    size_t value = eri_utf8_columns(t + fl->value.start, fl->value.end - fl->value.start);
    if (fl->kind != ERI_FL_EXCLUDE)
        return name_col + 3 + value;
    return 8 + (fl->key.end - fl->key.start) + 1 + value;
}

static void write_statement(const char *t, const eri_factline *fl, size_t name_col, eri_fmt_buf *out)
{
    if (fl->kind != ERI_FL_EXCLUDE) { /* NAME = VALUE, subject = "…" */
        eri_fmt_put(out, t + fl->key.start, fl->key.end - fl->key.start);
        eri_fmt_spaces(out, name_col - (fl->key.end - fl->key.start));
        eri_fmt_put(out, " = ", 3);
    } else {
        eri_fmt_put(out, "exclude ", 8);
        eri_fmt_put(out, t + fl->key.start, fl->key.end - fl->key.start);
        eri_fmt_put(out, " ", 1);
    }
    eri_fmt_put(out, t + fl->value.start, fl->value.end - fl->value.start);
}

static bool is_statement(const eri_factline *fl)
{
    return fl->kind == ERI_FL_FACT || fl->kind == ERI_FL_SUBJECT || fl->kind == ERI_FL_EXCLUDE;
}

bool eri_fmt_facts(eri_arena *a, const eri_source *src, er_diag *d, eri_fmt_buf *out)
{
    const char *t = src->text;
    uint32_t n = 0;
    for (size_t i = 0; i < src->len; i++)
        n += t[i] == '\n';
    eri_factline *fl = ERI_NEW_ARRAY(a, eri_factline, n + 1);
    uint32_t nfl = 0;
    bool ok = true;
    eri_lines it;
    eri_lines_init(&it, t, src->len);
    while (eri_lines_next(&it)) {
        eri_factline *l = &fl[nfl++];
        if (!eri_factline_scan(t, it.start, it.end, l))
            ok = eri_fl_report(d, src, &l->err, NULL);
    }
    if (!ok)
        return false;
    bool any = false, blank = false;
    for (uint32_t i = 0; i < nfl;) {
        if (fl[i].kind == ERI_FL_BLANK) {
            blank = any;
            i++;
            continue;
        }
        if (blank)
            eri_fmt_put(out, "\n", 1);
        blank = false;
        any = true;
        if (fl[i].kind == ERI_FL_COMMENT) {
            eri_fmt_put(out, t + fl[i].comment.start, fl[i].comment.end - fl[i].comment.start);
            eri_fmt_put(out, "\n", 1);
            i++;
            continue;
        }
        uint32_t e = i; /* the block [i, e) */
        size_t name_col = 0, width = 0;
        for (; e < nfl && is_statement(&fl[e]); e++)
            if (fl[e].kind != ERI_FL_EXCLUDE && fl[e].key.end - fl[e].key.start > name_col)
                name_col = fl[e].key.end - fl[e].key.start;
        for (uint32_t j = i; j < e; j++) {
            size_t w = width_of(t, &fl[j], name_col);
            width = w > width ? w : width;
        }
        size_t comment_col = width + 1 > COMMENT_COLUMN ? width + 1 : COMMENT_COLUMN;
        for (; i < e; i++) {
            write_statement(t, &fl[i], name_col, out);
            if (fl[i].comment.end > fl[i].comment.start) {
                eri_fmt_spaces(out, comment_col - width_of(t, &fl[i], name_col));
                eri_fmt_put(out, t + fl[i].comment.start, fl[i].comment.end - fl[i].comment.start);
            }
            eri_fmt_put(out, "\n", 1);
        }
    }
    return true;
}
