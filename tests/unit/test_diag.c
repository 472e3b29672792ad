/* test_diag.c — unit tests for the diagnostics' codes (diag.def), hints,
 * --strict and the kept records (er_diag_get, eri_diag_record_at). */
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
    assert_int_equal(eri_diag_number("the children of %s add up to %s points, but it declares %s"), 230);
    assert_int_equal(eri_diag_number("fact '%s' is declared but never used"), 503);
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

/* SARIF of no diagnostics and of some: a document, 0 returned. */
static void test_sarif_writes(void **state)
{
    (void)state;
    er_diag *d = collect(misspelt, false);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(er_diag_write_sarif(d, m), 0);
    fclose(m);
    assert_non_null(strstr(buf, "\"ruleId\": \"E0326\""));
    assert_non_null(strstr(buf, "\"relatedLocations\""));
    free(buf);
    er_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_pinned), cmocka_unit_test(test_kept_records), cmocka_unit_test(test_strict),
        cmocka_unit_test(test_hint),         cmocka_unit_test(test_sarif_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
