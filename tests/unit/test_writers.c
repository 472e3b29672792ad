/* test_writers.c — unit tests for the list of report formats (writers.c):
 * what it lists, and that writing by name gives each format's own report. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"
#include "support.h"

static const char rules_text[] = "fact ok : bool\n"
                                 "indicator 1 \"测试\" { item 1.1 \"符合性\" points 10 { pass when ok } }\n"
                                 "total { normalize to 100 round half_up to 0.1 }\n"
                                 "rating { level \"达标\" at 70 }\n";
static const char facts_text[] = "subject = \"甲\"\nok = yes\n";

typedef struct fixture {
    er_diag *d;
    er_rules *rules;
    er_facts *facts;
    er_result *res;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->d = er_diag_new(stderr);
    f->rules = er_rules_load_string("t.rules", rules_text, strlen(rules_text), f->d);
    assert_non_null(f->rules);
    f->facts = er_facts_load_string(f->rules, "t.facts", facts_text, strlen(facts_text), f->d);
    assert_non_null(f->facts);
    f->res = er_eval(f->rules, f->facts, f->d);
    assert_non_null(f->res);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    er_result_free(f->res);
    er_facts_free(f->facts);
    er_rules_free(f->rules);
    er_diag_free(f->d);
    free(f);
    return 0;
}

/* What name writes, as a string (the caller frees it); *rc its return value. */
static char *written(const er_result *res, const char *name, const er_report_opts *opts, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    *rc = er_report_write(m, res, name, opts);
    fclose(m);
    return buf;
}

static void test_the_list(void **state)
{
    (void)state;
    er_report_format f;
    assert_true(er_report_format_at(0, &f));
    assert_string_equal(f.name, "text");
    assert_true(strlen(f.description) > 0);
    assert_non_null(strstr(f.separator, "────"));
    assert_true(er_report_format_at(1, &f));
    assert_string_equal(f.name, "json");
    assert_string_equal(f.separator, "");
    assert_true(er_report_format_at(2, &f));
    assert_string_equal(f.name, "html");
    assert_null(f.separator); /* a document: one per file */
    assert_true(er_report_format_at(3, &f)); /* the batch formats: a line per enterprise */
    assert_string_equal(f.name, "jsonl");
    assert_string_equal(f.separator, "");
    assert_true(er_report_format_at(4, &f));
    assert_string_equal(f.name, "csv");
    assert_string_equal(f.separator, "");
    assert_false(er_report_format_at(5, &f));
    /* every name once, and every description short enough for --help */
    for (size_t i = 0; er_report_format_at(i, &f); i++) {
        assert_true(strlen(f.description) < 50);
        er_report_format g;
        for (size_t j = 0; j < i; j++)
            assert_true(er_report_format_at(j, &g) && strcmp(f.name, g.name) != 0);
    }
}

static void test_write_by_name_is_the_formats_own_report(void **state)
{
    fixture *fx = *state;
    int rc;
    char *json = written(fx->res, "json", NULL, &rc), *own = NULL;
    assert_int_equal(rc, 0);
    size_t len = 0;
    FILE *m = open_memstream(&own, &len);
    assert_int_equal(er_report_json(m, fx->res), 0);
    fclose(m);
    assert_string_equal(json, own);
    assert_non_null(strstr(json, "\"subject\": \"甲\""));
    free(json);
    free(own);

    er_report_opts color = {.color = true};
    char *text = written(fx->res, "text", &color, &rc);
    assert_int_equal(rc, 0);
    m = open_memstream(&own, &len);
    er_report_text(m, fx->res, &color);
    fclose(m);
    assert_string_equal(text, own);
    assert_non_null(strstr(text, "\033[")); /* the options reach the writer */
    free(text);
    free(own);
}

static void test_unknown_name_writes_nothing(void **state)
{
    fixture *fx = *state;
    int rc;
    char *out = written(fx->res, "xml", NULL, &rc);
    assert_int_equal(rc, -2);
    assert_string_equal(out, "");
    free(out);
    out = written(fx->res, NULL, NULL, &rc);
    assert_int_equal(rc, -2);
    free(out);
}


/* One enterprise's line: its id is the facts file's name without its
 * directory and '.facts' (a name that only ends so keeps it); CSV starts
 * with its header; without memory for the line, -1 and nothing written. */
static void test_line_formats(void **state)
{
    fixture *fx = *state;
    static const struct {
        const char *file, *id;
    } names[] = {{"some/dir/acme.facts", "\"id\":\"acme\""}, {"acme.txt", "\"id\":\"acme.txt\""},
                 {".facts", "\"id\":\".facts\""}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        er_facts *f = er_facts_load_string(fx->rules, names[i].file, facts_text, strlen(facts_text), fx->d);
        er_result *res = er_eval(fx->rules, f, fx->d);
        assert_non_null(res);
        int rc;
        char *line = written(res, "jsonl", NULL, &rc);
        assert_int_equal(rc, 0);
        if (!strstr(line, names[i].id))
            fail_msg("expected %s in %s", names[i].id, line);
        free(line);
        er_result_free(res);
        er_facts_free(f);
    }
    int rc;
    char *csv = written(fx->res, "csv", NULL, &rc);
    assert_int_equal(rc, 0);
    assert_int_equal(strncmp(csv, "id,", 3), 0);
    assert_non_null(strstr(csv, "\nt,"));
    free(csv);
    support_fail_from(0);
    char *none = written(fx->res, "csv", NULL, &rc);
    assert_true(support_fail_stop());
    assert_int_equal(rc, -1);
    assert_string_equal(none, "");
    free(none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_list),
        cmocka_unit_test_setup_teardown(test_write_by_name_is_the_formats_own_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_name_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_formats, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
