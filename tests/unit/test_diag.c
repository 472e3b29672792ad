/* test_diag.c — unit tests for diag.c: the same diagnostics in colour and
 * without (the colours are only added: stripped of them the text is the
 * same), a tab kept under the caret, control characters shown as '?', a
 * span past the end of its line, a long line shown as a window around
 * the caret, the limit of diagnostics shown and the summary that counts
 * them all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "source.h"

static const char text[] = "fact a : int\n\tpass when a\x01 > 1\nlast";

/* every kind of diagnostic once, to a stream, with or without colour */
static char *write_all(bool color, unsigned limit)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    er_diag_set_color(d, color);
    if (limit)
        er_diag_set_limit(d, limit);
    eri_source *s = eri_source_from_string("t.rules", text, sizeof text - 1);
    assert_non_null(s);
    eri_diag_at(d, ERI_SEV_ERROR, s, 14, 18, "unknown word '%s'", "pass");     /* after the tab */
    eri_diag_at(d, ERI_SEV_WARNING, s, 25, 25, "a control character");        /* the \x01, empty span */
    eri_diag_at(d, ERI_SEV_NOTE, s, 5, 400, "to past the end of the line");   /* clipped */
    eri_diag_file(d, ERI_SEV_WARNING, "t.rules", "a whole-file %s", "warning");
    eri_diag_plain(d, ERI_SEV_ERROR, "no file at all");
    er_diag_summary(d);
    assert_int_equal(er_diag_errors(d), 2);
    assert_int_equal(er_diag_warnings(d), 2);
    eri_source_free(s);
    er_diag_free(d);
    fclose(m);
    return out;
}

/* s without its ANSI escape sequences (ESC [ … m) */
static char *plain(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    assert_non_null(out);
    size_t k = 0;
    for (size_t i = 0; s[i];)
        if (s[i] == '\033' && s[i + 1] == '[') {
            i += 2;
            while (s[i] && s[i] != 'm')
                i++;
            i += s[i] == 'm';
        } else
            out[k++] = s[i++];
    out[k] = '\0';
    return out;
}

static void test_color_adds_only_colour(void **state)
{
    (void)state;
    char *bw = write_all(false, 0), *color = write_all(true, 0);
    assert_null(strchr(bw, '\033'));
    assert_non_null(strchr(color, '\033'));
    char *stripped = plain(color);
    assert_string_equal(stripped, bw);
    free(stripped);
    free(color);
    assert_string_equal(bw, "t.rules:2:2: error: unknown word 'pass'\n"
                            "    2 | \tpass when a? > 1\n"
                            "      | \t^~~~\n"
                            "t.rules:2:13: warning: a control character\n"
                            "    2 | \tpass when a? > 1\n"
                            "      | \t           ^\n"
                            "t.rules:1:6: note: to past the end of the line\n"
                            "    1 | fact a : int\n"
                            "      |      ^~~~~~~\n"
                            "t.rules: warning: a whole-file warning\n"
                            "evalrules: error: no file at all\n"
                            "evalrules: 2 errors, 2 warnings\n");
    free(bw);
}

static void test_limit(void **state)
{
    (void)state;
    char *out = write_all(false, 1);
    assert_non_null(strstr(out, "unknown word 'pass'"));
    assert_null(strstr(out, "a control character"));
    assert_null(strstr(out, "no file at all"));
    assert_non_null(strstr(out, "evalrules: 2 errors, 2 warnings"));
    free(out);
}

/* A line longer than 160 bytes is shown as a window around the caret,
 * cut on character boundaries and marked with "…" where it is cut. */
static void test_long_line_window(void **state)
{
    (void)state;
    char line[1200];
    size_t k = 0;
    for (int i = 0; i < 300; i++) { /* 300 Chinese characters, 900 bytes */
        memcpy(line + k, "\xE4\xB8\xAD", 3);
        k += 3;
    }
    memcpy(line + k, " bad ", 5);
    k += 5;
    for (int i = 0; i < 100; i++)
        line[k++] = 'x';
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    eri_source *s = eri_source_from_string("t.rules", line, k);
    eri_diag_at(d, ERI_SEV_ERROR, s, 901, 904, "here");
    eri_source_free(s);
    er_diag_free(d);
    fclose(m);
    assert_non_null(strstr(out, "t.rules:1:302: error: here\n"));
    assert_non_null(strstr(out, "    1 | …"));  /* cut before */
    assert_non_null(strstr(out, "x…\n"));      /* and after */
    assert_non_null(strstr(out, "^~~\n"));
    /* no character cut in half: the window starts on a whole 中 */
    const char *shown = strstr(out, "    1 | …") + strlen("    1 | …");
    assert_memory_equal(shown, "\xE4\xB8\xAD", 3);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_color_adds_only_colour), cmocka_unit_test(test_limit),
                                       cmocka_unit_test(test_long_line_window)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
