/* test_compare.c — schemes compared (compare.c): every enterprise whose
 * level depends on the scheme is marked, rows sorted level changes first,
 * then the widest spread, then the order added; exact spreads; the levels
 * tallied per scheme; files that cannot be evaluated kept apart; the text
 * table aligned in terminal columns; CSV quoting and formula escaping; the
 * JSON shape; allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"
#include "evalrules_tools.h"
#include "source.h"

/* Two halves of 50 points; the schemes move 30 points one way or the other.
 * With shares a and b: base 50a + 50b, one_heavy 80a + 20b, two_heavy
 * 20a + 80b (× 100 / 100), levels A ≥ 90, B ≥ 70, else "none". */
static const char rules_text[] =
    "standard \"T/C-1\"\n"
    "fact a : sample\n"
    "fact b : sample\n"
    "fact d : int range 0..10\n"
    "indicator 1 \"一\" points 50 {\n"
    "  item 1.1 \"x\" points 50 { ratio a }\n"
    "}\n"
    "indicator 2 \"二\" points 50 {\n"
    "  item 2.1 \"y\" points 50 { ratio b }\n"
    "}\n"
    "total { normalize to 100  round half_up to 0.1 }\n"
    "veto \"d reaches 5\" when d >= 5\n"
    "rating {\n"
    "  level \"A\" at 90\n"
    "  level \"B\" at 70\n"
    "  otherwise \"none\"\n"
    "}\n"
    "scheme one_heavy \"一重\" {\n"
    "  1 points 80\n"
    "  2 points 20\n"
    "}\n"
    "scheme two_heavy \"二重\" {\n"
    "  1 points 20\n"
    "  2 points 80\n"
    "}\n";

typedef struct fixture {
    er_rules *r;
    er_compare *c;
    er_diag *d;
    FILE *diag_out;
    char *diag_text;
    size_t diag_len;
} fixture;

static void setup(fixture *x, const char *rules)
{
    memset(x, 0, sizeof *x);
    x->diag_out = open_memstream(&x->diag_text, &x->diag_len);
    assert_non_null(x->diag_out);
    x->d = er_diag_new(x->diag_out);
    x->r = er_rules_load_string("t.rules", rules, strlen(rules), x->d);
    assert_non_null(x->r);
    const er_scheme *s[] = {er_rules_scheme(x->r, "one_heavy"), er_rules_scheme(x->r, "two_heavy")};
    assert_non_null(s[0]);
    assert_non_null(s[1]);
    x->c = er_compare_new(x->r, s, 2, x->d);
    assert_non_null(x->c);
}

static void teardown(fixture *x)
{
    er_compare_free(x->c);
    er_rules_free(x->r);
    er_diag_free(x->d);
    fclose(x->diag_out);
    free(x->diag_text);
}

/* Add an enterprise from facts text; returns er_compare_add_facts's answer
 * (or 0 when the facts do not load: then nothing is added). */
static int add(fixture *x, const char *file, const char *facts)
{
    er_facts *f = er_facts_load_string(x->r, file, facts, strlen(facts), x->d);
    int rc = f ? er_compare_add_facts(x->c, file, f, x->d) : 0;
    er_facts_free(f);
    return rc;
}

static char *report(const er_compare *c, int format, size_t *len)
{
    char *text = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&text, &n);
    assert_non_null(m);
    if (format == 0)
        assert_int_equal(er_compare_report_text(m, c), 0);
    else if (format == 1)
        assert_int_equal(er_compare_report_json(m, c), 0);
    else
        er_compare_report_csv(m, c);
    fclose(m);
    if (len)
        *len = n;
    return text;
}

/* The six enterprises of most tests, added in this order:
 *   P  a 9/10,  b 9/10   90 A   / 90 A  / 90 A      same level, spread 0
 *   Q  a 10/10, b 5/10   75 B   / 90 A  / 60 none   changes, spread 30
 *   M  b missing                                    not evaluable
 *   R  a 8/10,  b 7/10   75 B   / 78 B  / 72 B      same level, spread 6
 *   S  a 10/10, b 8/10   90 A   / 96 A  / 84 B      changes, spread 12
 *   V  a 1/1, b 1/1, d 5: 100 vetoed under each     same level, spread 0 */
static void add_six(fixture *x)
{
    assert_int_equal(add(x, "p.facts", "subject = \"P\"\na = 9/10\nb = 9/10\nd = 0\n"), 1);
    assert_int_equal(add(x, "q.facts", "subject = \"Q\"\na = 10/10\nb = 5/10\nd = 0\n"), 1);
    assert_int_equal(add(x, "m.facts", "subject = \"M\"\na = 10/10\nd = 0\n"), 0);
    assert_int_equal(add(x, "r.facts", "subject = \"R\"\na = 8/10\nb = 7/10\nd = 0\n"), 1);
    assert_int_equal(add(x, "s.facts", "subject = \"S\"\na = 10/10\nb = 8/10\nd = 0\n"), 1);
    assert_int_equal(add(x, "v.facts", "subject = \"V\"\na = 1/1\nb = 1/1\nd = 5\n"), 1);
}

static void test_marks_and_sorts(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    add_six(&x);
    assert_int_equal(er_compare_schemes(x.c), 3);
    assert_string_equal(er_scheme_name(er_compare_scheme(x.c, 0)), "base");
    assert_string_equal(er_scheme_name(er_compare_scheme(x.c, 2)), "two_heavy");
    assert_int_equal(er_compare_count(x.c), 6);
    assert_int_equal(er_compare_changed(x.c), 2);
    assert_int_equal(er_compare_not_evaluable(x.c), 1);
    static const struct {
        const char *subject, *spread;
        bool changes;
        const char *score[3], *outcome[3];
    } want[] = {
        {"Q", "30.0", true, {"75.0", "90.0", "60.0"}, {"B", "A", "none"}},
        {"S", "12.0", true, {"90.0", "96.0", "84.0"}, {"A", "A", "B"}},
        {"R", "6.0", false, {"75.0", "78.0", "72.0"}, {"B", "B", "B"}},
        {"P", "0.0", false, {"90.0", "90.0", "90.0"}, {"A", "A", "A"}},
        {"V", "0.0", false, {"100.0", "100.0", "100.0"}, {"vetoed", "vetoed", "vetoed"}},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const er_compare_row *row = er_compare_row_at(x.c, i);
        assert_non_null(row);
        assert_string_equal(row->subject, want[i].subject);
        assert_true(row->evaluated);
        assert_int_equal(row->changes_level, want[i].changes);
        assert_string_equal(row->spread, want[i].spread);
        assert_null(row->reason);
        for (size_t k = 0; k < 3; k++) {
            assert_string_equal(row->cells[k].score, want[i].score[k]);
            assert_string_equal(row->cells[k].outcome, want[i].outcome[k]);
        }
    }
    const er_compare_row *v = er_compare_row_at(x.c, 4), *q = er_compare_row_at(x.c, 0);
    assert_true(v->cells[1].vetoed);
    assert_null(v->cells[1].rating);
    assert_null(q->cells[2].rating); /* "none" is the unrated text, not a level */
    assert_string_equal(q->cells[1].rating, "A");
    assert_false(q->cells[2].vetoed);
    const er_compare_row *m = er_compare_row_at(x.c, 5);
    assert_false(m->evaluated);
    assert_false(m->changes_level);
    assert_null(m->cells);
    assert_null(m->spread);
    assert_string_equal(m->subject, "M");
    assert_string_equal(m->reason, "not evaluated: 1 error");
    assert_int_equal(m->index, 2);
    assert_null(er_compare_row_at(x.c, 6));
    /* the missing fact was reported, once (not once per scheme) */
    fflush(x.diag_out);
    assert_non_null(strstr(x.diag_text, "missing fact 'b'"));
    assert_null(strstr(strstr(x.diag_text, "missing fact 'b'") + 1, "missing fact 'b'"));
    teardown(&x);
}

static void test_tally(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    add_six(&x);
    assert_int_equal(er_compare_outcomes(x.c), 4);
    const char *names[] = {"A", "B", "none", "vetoed"};
    for (size_t k = 0; k < 4; k++)
        assert_string_equal(er_compare_outcome(x.c, k), names[k]);
    assert_null(er_compare_outcome(x.c, 4));
    static const size_t want[3][4] = {
        {2, 2, 0, 1}, /* base: P S | Q R | – | V */
        {3, 1, 0, 1}, /* one_heavy: P Q S | R */
        {1, 2, 1, 1}, /* two_heavy: P | R S | Q */
    };
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 4; k++)
            assert_int_equal(er_compare_tally(x.c, i, k), want[i][k]);
    assert_int_equal(er_compare_tally(x.c, 3, 0), 0);
    teardown(&x);
}

/* Equal keys keep the order added, whatever it is. */
static void test_ties_keep_order(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    const char *subjects[] = {"E1", "E2", "E3", "E4"};
    for (size_t i = 0; i < 4; i++) {
        char facts[128];
        snprintf(facts, sizeof facts, "subject = \"%s\"\na = %s\nb = 9/10\nd = 0\n", subjects[i],
                 i % 2 ? "9/10" : "10/10"); /* E1, E3: 95 / 98 / 92, spread 6; E2, E4: spread 0 */
        assert_int_equal(add(&x, "f.facts", facts), 1);
    }
    const char *order[] = {"E1", "E3", "E2", "E4"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(er_compare_row_at(x.c, i)->subject, order[i]);
    teardown(&x);
}

/* A level change comes before a wider spread that keeps the level. */
static void test_level_change_before_spread(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    /* U: 30 / 48 / 12, "none" under each, spread 36; S: 90 A / 96 A / 84 B, spread 12 */
    assert_int_equal(add(&x, "u.facts", "subject = \"U\"\na = 6/10\nb = 0/10\nd = 0\n"), 1);
    assert_int_equal(add(&x, "s.facts", "subject = \"S\"\na = 10/10\nb = 8/10\nd = 0\n"), 1);
    assert_string_equal(er_compare_row_at(x.c, 0)->subject, "S");
    assert_true(er_compare_row_at(x.c, 0)->changes_level);
    assert_string_equal(er_compare_row_at(x.c, 1)->subject, "U");
    assert_false(er_compare_row_at(x.c, 1)->changes_level);
    assert_string_equal(er_compare_row_at(x.c, 1)->spread, "36.0");
    teardown(&x);
}

/* An evaluation that fails under one scheme only: the row is not evaluable
 * and says under which. */
static void test_fails_under_one_scheme(void **state)
{
    (void)state;
    char *rules = malloc(sizeof rules_text + 128);
    assert_non_null(rules);
    snprintf(rules, sizeof rules_text + 128, "%sveto \"odd\" when 1 / (points(1) - 80) > 100\n", rules_text);
    fixture x;
    setup(&x, rules);
    assert_int_equal(add(&x, "p.facts", "subject = \"P\"\na = 9/10\nb = 9/10\nd = 0\n"), 0);
    const er_compare_row *row = er_compare_row_at(x.c, 0);
    assert_false(row->evaluated);
    assert_string_equal(row->reason, "not evaluated under scheme 'one_heavy': 1 error");
    assert_int_equal(er_compare_not_evaluable(x.c), 1);
    assert_int_equal(er_compare_tally(x.c, 0, 0), 0); /* nothing counted of a half-done row */
    teardown(&x);
    free(rules);
}

static void test_new_rejects_duplicates(void **state)
{
    (void)state;
    FILE *sink = fopen("/dev/null", "w");
    er_diag *d = er_diag_new(sink);
    er_rules *r = er_rules_load_string("t.rules", rules_text, strlen(rules_text), d);
    assert_non_null(r);
    const er_scheme *one = er_rules_scheme(r, "one_heavy");
    const er_scheme *twice[] = {one, er_rules_scheme(r, "two_heavy"), one};
    assert_null(er_compare_new(r, twice, 3, d));
    assert_int_equal(er_diag_errors(d), 1);
    /* a scheme file of the same name as one of the rules' is the same name */
    static const char file[] = "scheme one_heavy \"again\" {\n  1 points 70\n  2 points 30\n}\n";
    er_scheme *again = er_scheme_load_string(r, "again.scheme", file, strlen(file), d);
    assert_non_null(again);
    const er_scheme *clash[] = {one, again};
    assert_null(er_compare_new(r, clash, 2, d));
    /* base given is not repeated: it is the first column anyway */
    const er_scheme *with_base[] = {er_rules_base(r), again};
    er_compare *c = er_compare_new(r, with_base, 2, d);
    assert_non_null(c);
    assert_int_equal(er_compare_schemes(c), 2);
    assert_string_equal(er_scheme_name(er_compare_scheme(c, 1)), "one_heavy");
    assert_null(er_compare_scheme(c, 2));
    er_compare_free(c);
    er_scheme_free(again);
    er_rules_free(r);
    er_diag_free(d);
    fclose(sink);
}

/* The row's line with this subject in the text report, after its mark. */
static const char *line_of(const char *text, const char *subject, size_t *len)
{
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (n > 2 && strncmp(line + 2, subject, strlen(subject)) == 0) {
            *len = n - 2;
            return line + 2;
        }
        line += n + (nl ? 1 : 0);
    }
    fail_msg("no line for %s in\n%s", subject, text);
    return NULL;
}

/* Terminal columns from the line's start to the first occurrence of what. */
static size_t column_of(const char *line, size_t len, const char *what)
{
    const char *at = strstr(line, what);
    assert_non_null(at);
    assert_true(at < line + len);
    return eri_utf8_columns(line, (size_t)(at - line));
}

static void test_text_report(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    add_six(&x);
    assert_int_equal(add(&x, "wide.facts", "subject = \"中文名称的企业\"\na = 7/10\nb = 7/10\nd = 0\n"), 1);
    char *text = report(x.c, 0, NULL);
    assert_non_null(strstr(text, "T/C-1\nRules:    t.rules\n"
                                 "Schemes:  base       the rules' own points\n"
                                 "          one_heavy  一重  t.rules:18\n"
                                 "          two_heavy  二重  t.rules:22\n"));
    size_t ql, rl, wl, ml;
    const char *q = line_of(text, "Q", &ql), *r = line_of(text, "R", &rl), *w = line_of(text, "中文名称的企业", &wl),
               *m = line_of(text, "M", &ml);
    assert_memory_equal(q - 2, "* Q", 3);
    assert_memory_equal(w - 2, "  中", 3);
    assert_memory_equal(m - 2, "! M", 3);
    /* the same scheme's cells start in the same terminal column, CJK or not */
    assert_int_equal(column_of(q, ql, "75.0 B"), column_of(w, wl, "70.0 B"));
    assert_int_equal(column_of(q, ql, "90.0 A"), column_of(r, rl, "78.0 B"));
    assert_int_equal(column_of(q, ql, "60.0 none"), column_of(r, rl, "72.0 B"));
    assert_int_equal(column_of(q, ql, "q.facts"), column_of(w, wl, "wide.facts"));
    assert_non_null(strstr(m, "not evaluable (not evaluated: 1 error)  m.facts\n"));
    assert_non_null(strstr(text, "\n6 enterprises, 2 change level between schemes (marked *)\n"
                                 "1 facts file not evaluable (marked !): see the errors reported\n"));
    assert_non_null(strstr(text, "\nLevels awarded  base  one_heavy  two_heavy\n"
                                 "  A                2          3          1\n"
                                 "  B                3          2          3\n"
                                 "  none             0          0          1\n"
                                 "  vetoed           1          1          1\n"));
    /* no line ends in blanks */
    assert_null(strstr(text, " \n"));
    free(text);
    /* the HTML's head counts them as English says it: 2 change level (1 changes level: compare-1.5) */
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    assert_non_null(f);
    assert_int_equal(er_compare_report_html(f, x.c, ER_LANG_EN), 0);
    fclose(f);
    assert_non_null(strstr(text, "<dd>6 evaluated, 2 change level between schemes; 1 facts file not evaluable</dd>"));
    free(text);
    teardown(&x);
}

static void test_text_escapes_control_characters(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    assert_int_equal(add(&x, "t.facts", "subject = \"two\\nlines\\tand tab\"\na = 1/1\nb = 1/1\nd = 0\n"), 1);
    /* 25 CJK characters: 50 columns, cut to 40 with the "…" */
    assert_int_equal(add(&x, "long.facts", "subject = \"一二三四五六七八九十一二三四五六七八九十一二三四五\"\n"
                                           "a = 1/1\nb = 1/1\nd = 0\n"), 1);
    char *text = report(x.c, 0, NULL);
    assert_non_null(strstr(text, "\n  two\\nlines\\tand tab  "));
    size_t len;
    const char *cut = line_of(text, "一二三", &len);
    assert_memory_equal(cut, "一二三四五六七八九十一二三四五六七八九…  ", strlen("一二三四五六七八九十一二三四五六七八九…  "));
    free(text);
    teardown(&x);
}

static void test_csv(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    static const struct {
        const char *subject; /* as written in the facts file */
        const char *cell;    /* as the CSV must give it */
    } cases[] = {
        {"=HYPERLINK(\\\"http://evil.example\\\",\\\"点击\\\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点击\"\")\""},
        {"+1+2", "\"'+1+2\""},
        {"-2+3", "\"'-2+3\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {"\\tx", "\"'\tx\""},
        {"＝1+1", "\"'＝1+1\""},
        {"a,b", "\"a,b\""},
        {"say \\\"hi\\\"", "\"say \"\"hi\"\"\""},
        {"two\\nlines", "\"two\nlines\""},
        {"x=1", "x=1"},
        {"上海某某公司", "上海某某公司"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++) {
        char facts[256];
        snprintf(facts, sizeof facts, "subject = \"%s\"\na = 1/1\nb = 1/1\nd = 0\n", cases[i].subject);
        assert_int_equal(add(&x, "e.facts", facts), 1);
    }
    assert_int_equal(add(&x, "m.facts", "subject = \"M\"\na = 1/1\nd = 0\n"), 0);
    size_t len;
    char *text = report(x.c, 2, &len);
    const char *head = "subject,file,status,base score,base level,one_heavy score,one_heavy level,"
                       "two_heavy score,two_heavy level,spread\r\n";
    assert_memory_equal(text, head, strlen(head));
    const char *p = text + strlen(head);
    for (size_t i = 0; i < n; i++) { /* all equal (spread 0): the order added */
        char line[512];
        snprintf(line, sizeof line, "%s,e.facts,same level,100.0,A,100.0,A,100.0,A,0.0\r\n", cases[i].cell);
        if (strncmp(p, line, strlen(line)) != 0)
            fail_msg("case %zu: expected\n%s\nbut got\n%s", i, line, p);
        p += strlen(line);
    }
    assert_string_equal(p, "M,m.facts,not evaluable,,,,,,,\r\n");
    assert_int_equal(strlen(text), len); /* no NUL inside */
    free(text);
    teardown(&x);
}

static void test_json(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    add_six(&x);
    char *text = report(x.c, 1, NULL);
    json_error_t err;
    json_t *o = json_loads(text, 0, &err);
    if (!o)
        fail_msg("invalid JSON (%s):\n%s", err.text, text);
    assert_string_equal(json_string_value(json_object_get(o, "standard")), "T/C-1");
    assert_string_equal(json_string_value(json_object_get(o, "rules_file")), "t.rules");
    json_t *schemes = json_object_get(o, "schemes");
    assert_int_equal(json_array_size(schemes), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(schemes, 0), "name")), "base");
    assert_true(json_is_null(json_object_get(json_array_get(schemes, 0), "file")));
    assert_string_equal(json_string_value(json_object_get(json_array_get(schemes, 1), "label")), "一重");
    assert_string_equal(json_string_value(json_object_get(json_array_get(schemes, 2), "file")), "t.rules");
    json_t *rows = json_object_get(o, "rows");
    assert_int_equal(json_array_size(rows), 6);
    json_t *q = json_array_get(rows, 0);
    assert_string_equal(json_string_value(json_object_get(q, "subject")), "Q");
    assert_string_equal(json_string_value(json_object_get(q, "file")), "q.facts");
    assert_true(json_is_true(json_object_get(q, "evaluated")));
    assert_true(json_is_true(json_object_get(q, "changes_level")));
    assert_string_equal(json_string_value(json_object_get(q, "spread")), "30.0");
    json_t *res = json_object_get(q, "results");
    assert_int_equal(json_object_size(res), 3);
    json_t *two = json_object_get(res, "two_heavy");
    assert_string_equal(json_string_value(json_object_get(two, "score")), "60.0");
    assert_true(json_is_null(json_object_get(two, "rating")));
    assert_string_equal(json_string_value(json_object_get(two, "outcome")), "none");
    assert_true(json_is_false(json_object_get(two, "vetoed")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(res, "one_heavy"), "rating")), "A");
    json_t *v = json_object_get(json_object_get(json_array_get(rows, 4), "results"), "base");
    assert_true(json_is_true(json_object_get(v, "vetoed")));
    assert_string_equal(json_string_value(json_object_get(v, "outcome")), "vetoed");
    json_t *m = json_array_get(rows, 5);
    assert_true(json_is_false(json_object_get(m, "evaluated")));
    assert_true(json_is_null(json_object_get(m, "results")));
    assert_true(json_is_null(json_object_get(m, "spread")));
    assert_string_equal(json_string_value(json_object_get(m, "reason")), "not evaluated: 1 error");
    json_t *sum = json_object_get(o, "summary");
    assert_int_equal(json_integer_value(json_object_get(sum, "enterprises")), 5);
    assert_int_equal(json_integer_value(json_object_get(sum, "change_level")), 2);
    assert_int_equal(json_integer_value(json_object_get(sum, "same_level")), 3);
    assert_int_equal(json_integer_value(json_object_get(sum, "not_evaluable")), 1);
    json_t *levels = json_object_get(sum, "levels");
    assert_int_equal(json_array_size(levels), 4);
    json_t *none = json_array_get(levels, 2);
    assert_string_equal(json_string_value(json_object_get(none, "outcome")), "none");
    assert_true(json_is_false(json_object_get(none, "rated")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(none, "counts"), "two_heavy")), 1);
    json_decref(o);
    free(text);
    teardown(&x);
}

/* A file name that is not UTF-8 still gives valid JSON. */
static void test_json_file_name_not_utf8(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    assert_int_equal(add(&x, "bad\xff.facts", "subject = \"P\"\na = 1/1\nb = 1/1\nd = 0\n"), 1);
    char *text = report(x.c, 1, NULL);
    json_t *o = json_loads(text, 0, NULL);
    assert_non_null(o);
    json_t *row = json_array_get(json_object_get(o, "rows"), 0);
    assert_string_equal(json_string_value(json_object_get(row, "file")), "bad\xEF\xBF\xBD.facts");
    json_decref(o);
    free(text);
    teardown(&x);
}

/* ... and keeps its bytes beside it: file_bytes, percent-encoded. */
static void test_json_file_name_not_utf8_bytes_kept(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    assert_int_equal(add(&x, "审核\xff\xe4 100%.facts", "subject = \"P\"\na = 1/1\nb = 1/1\nd = 0\n"), 1);
    char *text = report(x.c, 1, NULL);
    assert_non_null(strstr(text, "      \"file\": \"审核\xEF\xBF\xBD\xEF\xBF\xBD 100%.facts\",\n"
                                 "      \"file_bytes\": \"审核%FF%E4 100%25.facts\",\n"
                                 "      \"evaluated\": true,\n"));
    json_t *o = json_loads(text, 0, NULL);
    assert_non_null(o);
    json_t *row = json_array_get(json_object_get(o, "rows"), 0);
    assert_string_equal(json_string_value(json_object_get(row, "file_bytes")), "审核%FF%E4 100%25.facts");
    assert_null(json_object_get(row, "subject_bytes"));
    assert_null(json_object_get(o, "rules_file_bytes"));
    json_decref(o);
    free(text);
    teardown(&x);
}

static void test_add_unreadable_and_invalid_files(void **state)
{
    (void)state;
    fixture x;
    setup(&x, rules_text);
    char path[] = "/tmp/test_compare_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("subject = \"F\"\na = 1/2\nb = 1/1\nd = 0\nzz = 1\n", f);
    fclose(f);
    assert_int_equal(er_compare_add(x.c, "/nonexistent/x.facts", x.d), 0);
    assert_true(er_diag_io_failed(x.d));
    assert_int_equal(er_compare_add(x.c, path, x.d), 0);
    const er_compare_row *a = er_compare_row_at(x.c, 0), *b = er_compare_row_at(x.c, 1);
    assert_string_equal(a->reason, "cannot read: No such file or directory");
    assert_string_equal(a->subject, "");
    assert_string_equal(b->reason, "facts not loaded: 1 error");
    f = fopen(path, "w");
    fputs("subject = \"F\"\na = 1/2\nb = 1/1\nd = 0\n", f);
    fclose(f);
    assert_int_equal(er_compare_add(x.c, path, x.d), 1);
    assert_string_equal(er_compare_row_at(x.c, 0)->subject, "F"); /* evaluated rows first */
    assert_string_equal(er_compare_row_at(x.c, 0)->spread, "30.0");
    assert_int_equal(er_compare_not_evaluable(x.c), 2);
    remove(path);
    teardown(&x);
}

/* ---- allocation failures ---- */

static long countdown = -1;

static void *failing_malloc(size_t n)
{
    if (countdown == 0)
        return NULL;
    if (countdown > 0)
        countdown--;
    return malloc(n);
}

static void *failing_realloc(void *p, size_t n)
{
    if (countdown == 0)
        return NULL;
    if (countdown > 0)
        countdown--;
    return realloc(p, n);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    FILE *sink = fopen("/dev/null", "w");
    er_diag *d = er_diag_new(sink);
    er_rules *r = er_rules_load_string("t.rules", rules_text, strlen(rules_text), d);
    static const char facts[] = "subject = \"P\"\na = 10/10\nb = 5/10\nd = 0\n";
    er_facts *f = er_facts_load_string(r, "p.facts", facts, strlen(facts), d);
    assert_non_null(f);
    const er_scheme *s[] = {er_rules_scheme(r, "one_heavy"), er_rules_scheme(r, "two_heavy")};
    bool done = false;
    for (long n = 0; !done && n < 100000; n++) {
        countdown = n;
        er_set_allocator(failing_malloc, failing_realloc, NULL);
        unsigned before = er_diag_errors(d);
        er_compare *c = er_compare_new(r, s, 2, d);
        bool all = c != NULL;
        for (int k = 0; all && k < 20; k++) /* enough rows to grow the table */
            all = er_compare_add_facts(c, "p.facts", f, d) == 1;
        countdown = -1;
        er_set_allocator(NULL, NULL, NULL);
        if (all) {
            assert_int_equal(er_compare_count(c), 20);
            assert_string_equal(er_compare_row_at(c, 19)->spread, "30.0");
            done = true;
        } else
            assert_true(er_diag_errors(d) > before); /* every failure is reported */
        er_compare_free(c);
    }
    assert_true(done);
    er_facts_free(f);
    er_rules_free(r);
    er_diag_free(d);
    fclose(sink);
}

/* The accessors answer NULL or 0 for a comparison that is NULL and for an
 * index past the end, and never read past it. */
static void test_null_and_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(er_compare_schemes(NULL), 0);
    assert_null(er_compare_scheme(NULL, 0));
    assert_int_equal(er_compare_count(NULL), 0);
    assert_null(er_compare_row_at(NULL, 0));
    assert_int_equal(er_compare_changed(NULL), 0);
    assert_int_equal(er_compare_not_evaluable(NULL), 0);
    assert_int_equal(er_compare_outcomes(NULL), 0);
    assert_null(er_compare_outcome(NULL, 0));
    assert_int_equal(er_compare_tally(NULL, 0, 0), 0);
    fixture x;
    setup(&x, rules_text);
    add_six(&x);
    assert_int_equal(er_compare_schemes(x.c), 3);
    assert_null(er_compare_scheme(x.c, 3));
    assert_null(er_compare_row_at(x.c, er_compare_count(x.c)));
    assert_null(er_compare_outcome(x.c, er_compare_outcomes(x.c)));
    assert_int_equal(er_compare_tally(x.c, 3, 0), 0);
    assert_int_equal(er_compare_tally(x.c, 0, er_compare_outcomes(x.c)), 0);
    /* a file or facts that are not given */
    assert_int_equal(er_compare_add(x.c, NULL, x.d), -1);
    assert_int_equal(er_compare_add_facts(x.c, NULL, NULL, x.d), -1);
    teardown(&x);
}

/* Without a rounding rule a spread is written with up to four places, and
 * without an 'otherwise' an unrated enterprise is "not rated". */
static void test_unrounded_and_no_otherwise(void **state)
{
    (void)state;
    static const char text[] = "fact a : sample\nfact b : sample\n"
                               "indicator 1 \"一\" points 50 { item 1.1 \"x\" points 50 { ratio a } }\n"
                               "indicator 2 \"二\" points 50 { item 2.1 \"y\" points 50 { ratio b } }\n"
                               "rating { level \"A\" at 90 }\n"
                               "scheme one_heavy { 1 points 80  2 points 20 }\n"
                               "scheme two_heavy { 1 points 20  2 points 80 }\n";
    fixture x;
    setup(&x, text);
    assert_int_equal(add(&x, "q.facts", "a = 1/3\nb = 2/3\n"), 1);
    const er_compare_row *row = er_compare_row_at(x.c, 0);
    assert_non_null(row);
    assert_string_equal(row->spread, "20"); /* 80×1/3 + 20×2/3 = 40 against 20×1/3 + 80×2/3 = 60 */
    assert_string_equal(row->cells[0].outcome, "not rated");
    assert_null(row->cells[0].rating);
    assert_string_equal(er_compare_outcome(x.c, er_compare_outcomes(x.c) - 2), "not rated");
    assert_int_equal(add(&x, "t.facts", "a = 1/7\nb = 1/3\n"), 1);
    bool found = false;
    for (size_t i = 0; i < er_compare_count(x.c); i++)
        if (!strcmp(er_compare_row_at(x.c, i)->file, "t.facts")) {
            found = true;
            /* (20/7 + 80/3) - (80/7 + 20/3) = 60/3 - 60/7 = 240/21 = 11.428571…, at four places */
            assert_string_equal(er_compare_row_at(x.c, i)->spread, "11.4286");
        }
    assert_true(found);
    teardown(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_out_of_range),
        cmocka_unit_test(test_unrounded_and_no_otherwise),
        cmocka_unit_test(test_marks_and_sorts),
        cmocka_unit_test(test_tally),
        cmocka_unit_test(test_ties_keep_order),
        cmocka_unit_test(test_level_change_before_spread),
        cmocka_unit_test(test_fails_under_one_scheme),
        cmocka_unit_test(test_new_rejects_duplicates),
        cmocka_unit_test(test_text_report),
        cmocka_unit_test(test_text_escapes_control_characters),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_file_name_not_utf8),
        cmocka_unit_test(test_json_file_name_not_utf8_bytes_kept),
        cmocka_unit_test(test_add_unreadable_and_invalid_files),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
