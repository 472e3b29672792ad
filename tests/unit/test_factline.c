/* test_factline.c — unit tests for the one facts-line scanner (factline.h):
 * lines (BOM, CRLF), a line split into its parts, every syntax error with
 * its message, the stage each is found at, and unescaping. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "factline.h"
#include "support.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/* The first line of text, split. */
static bool split(const char *text, eri_factline *fl)
{
    eri_lines it;
    eri_lines_init(&it, text, strlen(text));
    assert_true(eri_lines_next(&it));
    return eri_factline_scan(text, it.start, it.end, fl);
}

/* The bytes of span s of text, in a static buffer. */
static const char *part(const char *text, eri_span s)
{
    static char buf[256];
    assert_true(s.end >= s.start && s.end - s.start < sizeof buf);
    memcpy(buf, text + s.start, s.end - s.start);
    buf[s.end - s.start] = '\0';
    return buf;
}

/* The diagnostic headers eri_fl_report writes for the first line of text
 * (which must have a syntax error); type as eri_fl_report's.  Freed by the caller. */
static char *message(const char *text, const char *type, eri_fl_stage stage)
{
    eri_factline fl;
    assert_false(split(text, &fl));
    assert_int_equal(eri_fl_stage_of(fl.err.code), stage);
    eri_source *src = eri_source_from_string("t.facts", text, strlen(text));
    assert_non_null(src);
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);
    er_diag *d = er_diag_new(mem);
    assert_false(eri_fl_report(d, src, &fl.err, type));
    er_diag_free(d);
    fclose(mem);
    eri_source_free(src);
    char *h = headers(out);
    free(out);
    return h;
}

static void error_is(const char *text, eri_fl_stage stage, const char *want)
{
    char *got = message(text, NULL, stage);
    assert_string_equal(got, want);
    free(got);
}

/* ---------------------------------------------------------------------- */
/* Lines                                                                   */
/* ---------------------------------------------------------------------- */

static void test_lines(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF" "a = 1\r\n\nb = 2\nc = 3";
    eri_lines it;
    eri_lines_init(&it, text, sizeof text - 1);
    assert_true(eri_lines_next(&it)); /* the byte order mark is skipped, CR LF is not content */
    assert_int_equal(it.line, 1);
    assert_int_equal(it.start, 3);
    assert_string_equal(part(text, (eri_span){it.start, it.end}), "a = 1");
    assert_int_equal(it.next, 10);
    assert_true(eri_lines_next(&it));
    assert_int_equal(it.line, 2);
    assert_int_equal(it.start, it.end);
    assert_true(eri_lines_next(&it));
    assert_string_equal(part(text, (eri_span){it.start, it.end}), "b = 2");
    assert_true(eri_lines_next(&it)); /* no final newline */
    assert_int_equal(it.line, 4);
    assert_string_equal(part(text, (eri_span){it.start, it.end}), "c = 3");
    assert_int_equal(it.next, sizeof text - 1);
    assert_false(eri_lines_next(&it));

    eri_lines_init(&it, "x\n", 2); /* a final newline starts no line */
    assert_true(eri_lines_next(&it));
    assert_false(eri_lines_next(&it));
    eri_lines_init(&it, "", 0);
    assert_false(eri_lines_next(&it));
}

static void test_clip(void **state)
{
    (void)state;
    char long_text[100];
    memset(long_text, 'a', sizeof long_text);
    assert_int_equal(eri_clip("abc", 3), 3);
    assert_int_equal(eri_clip(long_text, sizeof long_text), ERI_SHOWN);
    /* 20 three-byte characters: the quote stops before the one byte 48 is inside */
    const char *han = "一二三四五六七八九十一二三四五六七八九十";
    assert_int_equal(eri_clip(han, strlen(han)), 48);
    char *shifted = malloc(strlen(han) + 2);
    shifted[0] = 'x';
    strcpy(shifted + 1, han);
    assert_int_equal(eri_clip(shifted, strlen(shifted)), 46);
    free(shifted);
}

/* ---------------------------------------------------------------------- */
/* A line split                                                            */
/* ---------------------------------------------------------------------- */

static void test_blank_and_comment(void **state)
{
    (void)state;
    eri_factline fl;
    assert_true(split("   \t \n", &fl));
    assert_int_equal(fl.kind, ERI_FL_BLANK);
    const char *c = "  # a comment  \t\n";
    assert_true(split(c, &fl));
    assert_int_equal(fl.kind, ERI_FL_COMMENT);
    assert_string_equal(part(c, fl.comment), "# a comment");
}

static void test_fact(void **state)
{
    (void)state;
    eri_factline fl;
    const char *a = "  staff.managers=42#from HR  \n";
    assert_true(split(a, &fl));
    assert_int_equal(fl.kind, ERI_FL_FACT);
    assert_int_equal(fl.start, 2);
    assert_string_equal(part(a, fl.key), "staff.managers");
    assert_string_equal(part(a, fl.value), "42");
    assert_false(fl.quoted);
    assert_string_equal(part(a, fl.comment), "#from HR");

    const char *b = "audit.team = \"张三 \\\"李四\\\"\"   # quoted\r\n";
    assert_true(split(b, &fl));
    assert_true(fl.quoted);
    assert_string_equal(part(b, fl.value), "\"张三 \\\"李四\\\"\"");
    assert_string_equal(part(b, fl.comment), "# quoted");

    const char *c = "exclude = yes\n"; /* a fact named exclude */
    assert_true(split(c, &fl));
    assert_int_equal(fl.kind, ERI_FL_FACT);
    assert_string_equal(part(c, fl.key), "exclude");
    assert_int_equal(fl.comment.start, fl.comment.end);
}

static void test_subject(void **state)
{
    (void)state;
    eri_factline fl;
    const char *a = "subject = \"某某电器有限公司\"\n";
    assert_true(split(a, &fl));
    assert_int_equal(fl.kind, ERI_FL_SUBJECT);
    assert_string_equal(part(a, fl.key), "subject");
    assert_string_equal(part(a, fl.value), "\"某某电器有限公司\"");
    const char *b = "subject\"X\" # no equals sign\n";
    assert_true(split(b, &fl));
    assert_int_equal(fl.kind, ERI_FL_SUBJECT);
    assert_string_equal(part(b, fl.value), "\"X\"");
    assert_string_equal(part(b, fl.comment), "# no equals sign");
}

static void test_exclude(void **state)
{
    (void)state;
    eri_factline fl;
    const char *a = "exclude 5.2.3 \"不提供配送\"  # why\n";
    assert_true(split(a, &fl));
    assert_int_equal(fl.kind, ERI_FL_EXCLUDE);
    assert_int_equal(fl.start, 0);
    assert_string_equal(part(a, fl.key), "5.2.3");
    assert_string_equal(part(a, fl.value), "\"不提供配送\"");
    assert_string_equal(part(a, fl.comment), "# why");
}

static void test_unescape(void **state)
{
    (void)state;
    const char *t = "\"a\\\"b\\\\c\\nd\\te\"";
    eri_arena *a = eri_arena_new();
    size_t len = 0;
    char *s = eri_fl_unescape(a, t, (eri_span){0, (uint32_t)strlen(t)}, &len);
    assert_string_equal(s, "a\"b\\c\nd\te");
    assert_int_equal(len, 9);
    assert_string_equal(eri_fl_unescape(a, "\"\"", (eri_span){0, 2}, NULL), "");
    eri_arena_free(a);
}

static void test_pieces(void **state)
{
    (void)state;
    const char *t = "  word.x_1=bare#c  ";
    uint32_t end = (uint32_t)strlen(t);
    assert_int_equal(eri_fl_blanks(t, 0, end), 2);
    assert_int_equal(eri_fl_word(t, 2, end), 10);
    assert_int_equal(eri_fl_bare(t, 11, end), 15);
    assert_int_equal(eri_fl_trim(t, 0, end), 17);
    assert_int_equal(eri_fl_trim(t, 18, end), 18); /* never before from */
    assert_true(eri_fl_at_end(t, 15, end));
    assert_false(eri_fl_at_end(t, 11, end));
    eri_span c;
    eri_fl_error e;
    assert_true(eri_fl_rest(t, 15, end, "x", &c, &e));
    assert_int_equal(c.start, 15);
    assert_int_equal(c.end, 17);
    assert_true(eri_fl_rest(t, end, end, "x", &c, &e));
    assert_int_equal(c.start, c.end);
    uint32_t after = 0;
    assert_true(eri_fl_string("\"ab\" x", 0, 6, &after, &e));
    assert_int_equal(after, 4);
}

/* ---------------------------------------------------------------------- */
/* Every syntax error and its message                                      */
/* ---------------------------------------------------------------------- */

static void test_line_errors(void **state)
{
    (void)state;
    eri_factline fl;
    const char nul[] = "a = 1\0 b\n";
    eri_source *src = eri_source_from_string("t.facts", nul, sizeof nul - 1);
    assert_false(eri_factline_scan(src->text, 0, 8, &fl));
    assert_int_equal(fl.err.code, ERI_FLE_NUL);
    assert_int_equal(fl.err.at.start, 5);
    eri_source_free(src);
    error_is("a = \x01\n", ERI_FLS_LINE, "t.facts:1:5: error: unexpected control character 0x01\n");
    error_is("a = 1\x7F\n", ERI_FLS_LINE, "t.facts:1:6: error: unexpected control character 0x7F\n");
    error_is("a = \"\xFF\"\n", ERI_FLS_LINE, "t.facts:1:6: error: invalid UTF-8 (byte 0xFF)\n");
    error_is("a b c\n", ERI_FLS_LINE,
             "t.facts:1:1: error: expected 'name = value', 'subject = \"…\"' or 'exclude ID \"reason\"'\n");
    error_is("= 5\n", ERI_FLS_LINE,
             "t.facts:1:1: error: expected 'name = value', 'subject = \"…\"' or 'exclude ID \"reason\"'\n");
    error_is("subject foo\n", ERI_FLS_LINE,
             "t.facts:1:1: error: expected 'name = value', 'subject = \"…\"' or 'exclude ID \"reason\"'\n");
}

static void test_key_errors(void **state)
{
    (void)state;
    error_is("exclude\n", ERI_FLS_KEY,
             "t.facts:1:8: error: expected an indicator id after 'exclude': exclude 5.2.3 \"reason\"\n");
    error_is("exclude \"r\"\n", ERI_FLS_KEY,
             "t.facts:1:9: error: expected an indicator id after 'exclude': exclude 5.2.3 \"reason\"\n");
}

static void test_value_errors(void **state)
{
    (void)state;
    error_is("n =   # nothing\n", ERI_FLS_VALUE, "t.facts:1:7: error: missing value for 'n'\n");
    char *typed = message("n =\n", "int", ERI_FLS_VALUE);
    assert_string_equal(typed, "t.facts:1:4: error: missing value for 'n' (int)\n");
    free(typed);
    error_is("subject = 某某\n", ERI_FLS_VALUE,
             "t.facts:1:11: error: the subject must be a quoted string: subject = \"某某有限公司\"\n");
    error_is("subject =\n", ERI_FLS_VALUE,
             "t.facts:1:10: error: the subject must be a quoted string: subject = \"某某有限公司\"\n");
    error_is("t = \"abc\n", ERI_FLS_VALUE, "t.facts:1:5: error: unterminated string: the closing \" is missing\n");
    error_is("t = \"abc\\\n", ERI_FLS_VALUE, "t.facts:1:5: error: unterminated string: the closing \" is missing\n");
    error_is("t = \"a\\qb\"\n", ERI_FLS_VALUE,
             "t.facts:1:7: error: unknown escape '\\q' in a string; use \\\" \\\\ \\n or \\t\n");
    error_is("t = \"a\\张\"\n", ERI_FLS_VALUE,
             "t.facts:1:7: error: unknown escape '\\张' in a string; use \\\" \\\\ \\n or \\t\n");
    error_is("subject \"\"\n", ERI_FLS_VALUE, "t.facts:1:9: error: the subject is empty\n");
    error_is("exclude 5.2.3\n", ERI_FLS_VALUE,
             "t.facts:1:14: error: an exclusion needs a reason: exclude 5.2.3 \"…\"\n");
    error_is("exclude 5.2.3 # c\n", ERI_FLS_VALUE,
             "t.facts:1:14: error: an exclusion needs a reason: exclude 5.2.3 \"…\"\n");
    error_is("exclude 5.2.3 reason\n", ERI_FLS_VALUE,
             "t.facts:1:15: error: an exclusion needs a reason: exclude 5.2.3 \"…\"\n");
    error_is("exclude 5.2.3 \"\"\n", ERI_FLS_VALUE,
             "t.facts:1:15: error: an exclusion needs a reason: exclude 5.2.3 \"…\"\n");
    error_is("exclude 5.2.3 \"a\\x\"\n", ERI_FLS_VALUE,
             "t.facts:1:17: error: unknown escape '\\x' in a string; use \\\" \\\\ \\n or \\t\n");
}

static void test_rest_errors(void **state)
{
    (void)state;
    error_is("n = 42 43\n", ERI_FLS_REST, "t.facts:1:8: error: unexpected text after the value: '43'\n");
    error_is("t = \"a\"b  \n", ERI_FLS_REST, "t.facts:1:8: error: unexpected text after the value: 'b'\n");
    error_is("subject = \"X\" Y\n", ERI_FLS_REST, "t.facts:1:15: error: unexpected text after the subject: 'Y'\n");
    error_is("exclude 5.2.3 \"r\" more\n", ERI_FLS_REST,
             "t.facts:1:19: error: unexpected text after the reason: 'more'\n");
    char line[128] = "n = 1 ";
    memset(line + 6, 'x', 60);
    strcpy(line + 66, "\n");
    error_is(line, ERI_FLS_REST,
             "t.facts:1:7: error: unexpected text after the value: "
             "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'\n");
}

/* The parts before an error are set, so a reader can check them first. */
static void test_parts_before_error(void **state)
{
    (void)state;
    eri_factline fl;
    const char *a = "staf.managers = \"x\n";
    assert_false(split(a, &fl));
    assert_int_equal(fl.kind, ERI_FL_FACT);
    assert_string_equal(part(a, fl.key), "staf.managers");
    const char *b = "exclude 9.9 junk\n";
    assert_false(split(b, &fl));
    assert_int_equal(fl.kind, ERI_FL_EXCLUDE);
    assert_string_equal(part(b, fl.key), "9.9");
    const char *c = "n = 42 43\n";
    assert_false(split(c, &fl));
    assert_string_equal(part(c, fl.value), "42");
    assert_int_equal(eri_fl_stage_of(ERI_FLE_NONE), ERI_FLS_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_blank_and_comment),
        cmocka_unit_test(test_fact),
        cmocka_unit_test(test_subject),
        cmocka_unit_test(test_exclude),
        cmocka_unit_test(test_unescape),
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_line_errors),
        cmocka_unit_test(test_key_errors),
        cmocka_unit_test(test_value_errors),
        cmocka_unit_test(test_rest_errors),
        cmocka_unit_test(test_parts_before_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
