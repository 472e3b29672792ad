/* test_diag.c — unit tests for diag.c: the diagnostics' codes (diag.def),
 * hints, --strict and the kept records (er_diag_get, eri_diag_record_at);
 * the same diagnostics in colour and without (the colours are only added:
 * stripped of them the text is the same), a tab kept under the caret,
 * control characters shown as '?', a span past the end of its line, a long
 * line shown as a window around the caret, the limit of diagnostics shown
 * and the summary that counts them all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "evalrules.h"
#include "source.h"

/* Load text as rules with a collecting sink; the sink is returned. */
static er_diag *collect(const char *text, bool strict)
{
    er_diag *d = er_diag_new(stderr);
    assert_non_null(d);
    er_diag_set_collect(d, true);
    er_diag_set_strict(d, strict);
    er_rules_free(er_rules_load_string("t.rules", text, strlen(text), d));
    return d;
}

static const char misspelt[] = "fact ok : bool\n"
                               "indicator 1 \"测试\" points 20 { item 1.1 \"符合性\" points 10 { pass when okk } }\n";

/* The codes are pinned: a code, once given, names the same diagnostic. */
static void test_codes_pinned(void **state)
{
    (void)state;
    assert_int_equal(eri_diag_number("cannot read '%s': %s"), 1);
    assert_int_equal(eri_diag_number("unknown name '%s'; did you mean '%s'?"), 326);
    assert_int_equal(eri_diag_number("the children of %s add up to %s point%s, but it declares %s"), 230);
    assert_int_equal(eri_diag_number("fact '%s' is declared but never used"), 503);
    assert_int_equal(eri_diag_number("item %s can never earn its full %s point%s: its ratio is at most %s, %s"), 608);
    assert_int_equal(eri_diag_number("no such message"), 0);
    unsigned n, last = 0;
    const char *fmt;
    size_t i = 0;
    for (; eri_diag_code_at(i, &n, &fmt); i++) { /* ascending, so each is unique */
        assert_true(n > last);
        last = n;
        assert_int_equal(eri_diag_number(fmt), n);
    }
    assert_true(i > 200);
}

/* Each kept diagnostic has its code, position, severity and hint; a note
 * has the code of the error it explains. */
static void test_kept_records(void **state)
{
    (void)state;
    er_diag *d = collect(misspelt, false);
    assert_int_equal(er_diag_count(d), 4); /* the sum, its note, the name, ok unused */
    er_diagnostic g;
    assert_true(er_diag_get(d, 0, &g));
    assert_string_equal(g.code, "E0230");
    assert_string_equal(g.severity, "error");
    assert_string_equal(g.file, "t.rules");
    assert_int_equal(g.line, 2);
    assert_null(g.hint);
    assert_true(er_diag_get(d, 1, &g));
    assert_string_equal(g.severity, "note");
    assert_string_equal(g.code, "E0230");
    assert_true(er_diag_get(d, 2, &g));
    assert_string_equal(g.code, "E0326");
    assert_string_equal(g.message, "unknown name 'okk'; did you mean 'ok'?");
    assert_string_equal(g.hint, "did you mean 'ok'?");
    assert_int_equal(g.column, 67);
    assert_int_equal(g.end_column, 70);
    assert_true(er_diag_get(d, 3, &g));
    assert_string_equal(g.code, "W0503");
    assert_false(er_diag_get(d, 4, &g));
    char buf[8];
    assert_string_equal(eri_diag_code(eri_diag_record_at(d, 2), buf), "E0326");
    assert_null(eri_diag_record_at(d, 4));
    er_diag_free(d);
}

static const char unused[] = "fact n : int range 0..10\nfact unused : bool\n"
                             "indicator 1 \"测试\" { item 1.1 \"档次\" points 10 { grade n { >= 5: 100% otherwise 0 } } }\n";

/* --strict: a warning counts and shows as an error, its code keeps the W. */
static void test_strict(void **state)
{
    (void)state;
    er_diag *d = collect(unused, false);
    assert_int_equal(er_diag_errors(d), 0);
    assert_int_equal(er_diag_warnings(d), 1);
    er_diagnostic g;
    assert_true(er_diag_get(d, 0, &g));
    assert_string_equal(g.severity, "warning");
    assert_string_equal(g.code, "W0503");
    er_diag_free(d);
    d = collect(unused, true);
    assert_int_equal(er_diag_errors(d), 1);
    assert_int_equal(er_diag_warnings(d), 0);
    assert_true(er_diag_get(d, 0, &g));
    assert_string_equal(g.severity, "error");
    assert_string_equal(g.code, "W0503");
    er_diag_free(d);
}

/* The hint is what follows the first "; " outside quotes. */
static void test_hint(void **state)
{
    (void)state;
    assert_null(eri_diag_hint("the children of 1 add up to 10 points, but it declares 20"));
    assert_string_equal(eri_diag_hint("'=' is not a comparison; did you mean '=='?"), "did you mean '=='?");
    assert_string_equal(eri_diag_hint("unknown fact 'a; b'; did you mean 'ab'?"), "did you mean 'ab'?");
    assert_string_equal(eri_diag_hint("a sample's counts; write them whole"), "write them whole");
    assert_null(eri_diag_hint("ends with; "));
}

/* The SARIF of what d kept (0 returned); the caller frees it. */
static char *sarif_of(er_diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_int_equal(er_diag_write_sarif(d, m), 0);
    fclose(m);
    return buf;
}

/* SARIF of no diagnostics and of some: a document, 0 returned. */
static void test_sarif_writes(void **state)
{
    (void)state;
    er_diag *d = collect(misspelt, false);
    char *buf = sarif_of(d);
    assert_non_null(strstr(buf, "\"ruleId\": \"E0326\""));
    assert_non_null(strstr(buf, "\"relatedLocations\""));
    free(buf);
    er_diag_free(d);
}

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


/* SARIF of a warning whose format holds '%%' (a literal '%'), a whole-file
 * diagnostic (no region), one with no file (no location) and a file name
 * to percent-encode. */
static void test_sarif_of_every_kind(void **state)
{
    (void)state;
    er_diag *d = er_diag_new(stderr); /* collecting: kept, not printed */
    er_diag_set_collect(d, true);
    const char rules[] = "fact p : percent\nitem 1 \"a\" points 1 { pass when p > 90 }\n";
    er_rules *r = er_rules_load_string("a b.rules", rules, sizeof rules - 1, d);
    assert_non_null(r);
    eri_diag_file(d, ERI_SEV_WARNING, "a b.rules", "a whole-file %s", "warning");
    eri_diag_plain(d, ERI_SEV_ERROR, "no file at all");
    char *buf = sarif_of(d);
    assert_non_null(strstr(buf, "\"text\": \"'…' is a percentage (92% is 0.92) but is compared with …; did you mean "
                                "…%?\""));
    assert_non_null(strstr(buf, "\"uri\": \"a%20b.rules\""));
    assert_non_null(strstr(buf, "\"text\": \"a whole-file warning\""));
    assert_non_null(strstr(buf, "\"text\": \"no file at all\""));
    const char *plain = strstr(buf, "\"text\": \"no file at all\"");
    assert_null(strstr(plain, "\"physicalLocation\""));
    free(buf);
    er_rules_free(r);
    er_diag_free(d);
}


/* A collecting sink keeps more than its first 16; a diagnostic whose
 * wording has no code gets none (JSON null, ""); the summary line is not
 * printed while collecting; past the last there is none. */
static void test_collect_many_without_codes(void **state)
{
    (void)state;
    char *printed = NULL;
    size_t plen = 0;
    FILE *pm = open_memstream(&printed, &plen);
    er_diag *d = er_diag_new(pm);
    er_diag_set_collect(d, true);
    for (int i = 0; i < 20; i++)
        eri_diag_plain(d, ERI_SEV_ERROR, "a wording of no code, number %d", i);
    er_diag_summary(d);
    fclose(pm);
    assert_string_equal(printed, "");
    free(printed);
    assert_int_equal(er_diag_count(d), 20);
    er_diagnostic g;
    assert_true(er_diag_get(d, 19, &g));
    assert_string_equal(g.message, "a wording of no code, number 19");
    assert_string_equal(g.code, "");
    assert_false(er_diag_get(d, 20, &g));
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(er_diag_write_json(d, m), 0);
    fclose(m);
    assert_non_null(strstr(buf, "\"code\": null"));
    assert_non_null(strstr(buf, "\"line\": null"));
    free(buf);
    er_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_pinned),     cmocka_unit_test(test_kept_records),
        cmocka_unit_test(test_strict),           cmocka_unit_test(test_hint),
        cmocka_unit_test(test_sarif_writes),     cmocka_unit_test(test_sarif_of_every_kind), cmocka_unit_test(test_collect_many_without_codes),     cmocka_unit_test(test_color_adds_only_colour),
        cmocka_unit_test(test_limit),            cmocka_unit_test(test_long_line_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
