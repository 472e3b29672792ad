/* test_source.c — unit tests for source.c: the encodings a file is named
 * by when it is not UTF-8 (GBK, UTF-16 with and without a byte order
 * mark), what is left to the readers (a stray byte), and line 1 after a
 * UTF-8 byte order mark. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "source.h"

#define ENC(lit) eri_source_encoding(lit, sizeof lit - 1)

static void test_utf8_is_utf8(void **state)
{
    (void)state;
    assert_null(ENC(""));
    assert_null(ENC("a = 1\n"));
    assert_null(ENC("subject = \"青岛澜海\"\n"));
    assert_null(ENC("\xEF\xBB\xBF" "a = 1\n"));
}

static void test_gbk(void **state)
{
    (void)state;
    /* 青岛澜海家电 in GBK */
    assert_string_equal(ENC("# \xc7\xe0\xb5\xba\xc0\xbd\xba\xa3\xbc\xd2\xb5\xe7\nsubject = 1\n"), "GB18030");
    /* four-byte GB18030 characters */
    assert_string_equal(ENC("a = \"\x81\x30\x81\x30\x81\x30\x81\x31\"\n"), "GB18030");
    /* one character cut off is left to the reader (it says where) */
    assert_null(ENC("audit.team = \"\xE5\xBC\"\n"));
    /* UTF-8 Chinese with one character cut off */
    assert_null(ENC("subject = \"青岛澜海\xE5\xBC\"\n"));
    /* UTF-8 with one stray Latin-1 byte is not GBK: the reader says where */
    assert_null(ENC("subject = \"青岛\" caf\xe9 \n"));
    /* a lead byte at the very end */
    assert_null(ENC("a = \xc7"));
}

static void test_utf16(void **state)
{
    (void)state;
    assert_string_equal(ENC("\xff\xfe" "a\0 \0=\0 \0" "1\0\n\0"), "UTF-16LE");
    assert_string_equal(ENC("\xfe\xff\0a\0 \0=\0 \0" "1\0\n"), "UTF-16BE");
    assert_string_equal(ENC("a\0 \0=\0 \0" "1\0\n\0"), "UTF-16LE");
    assert_string_equal(ENC("\0a\0 \0=\0 \0" "1\0\n"), "UTF-16BE");
    /* one NUL in a long line is not UTF-16 */
    assert_null(ENC("subject = \"a long enough name\0 for this\"\n"));
}

static void test_bom_line_one(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF" "ab c\nd\n";
    eri_source *s = eri_source_from_string("x", text, sizeof text - 1);
    assert_non_null(s);
    assert_int_equal(eri_source_start(s), 3);
    int line, col;
    eri_source_position(s, 5, &line, &col); /* the 'c' */
    assert_int_equal(line, 1);
    assert_int_equal(col, 3);
    size_t len;
    const char *l = eri_source_line(s, 1, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(l, "ab c", 4);
    eri_source_position(s, 8, &line, &col); /* the 'd' */
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    eri_source_free(s);
}

/* Terminal columns: two for each wide script (Hangul Jamo, CJK, Hangul
 * syllables, compatibility ideographs and forms, full-width forms, emoji,
 * the supplementary ideographs), one for the rest; lines by number (CR LF
 * ends one, a line out of range is empty); an offset past the end is
 * placed at the end. */
static void test_columns_and_lines(void **state)
{
    (void)state;
    static const char *const wide[] = {"\xE1\x84\x80", "\xE4\xB8\xAD", "\xEA\xB0\x80", "\xEF\xA4\x80",
                                       "\xEF\xB8\xB0", "\xEF\xBC\x81", "\xEF\xBF\xA0", "\xF0\x9F\x98\x80",
                                       "\xF0\xA0\x80\x80"};
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        assert_int_equal(eri_utf8_columns(wide[i], strlen(wide[i])), 2);
    assert_int_equal(eri_utf8_columns("a\xC3\xA9" "b", 4), 3); /* é is one */
    assert_int_equal(eri_utf8_columns("\xEF\xBD\xA1", 3), 1);    /* half-width katakana point */
    const char text[] = "one\r\ntwo\n";
    eri_source *s = eri_source_from_string("x", text, sizeof text - 1);
    assert_non_null(s);
    size_t len;
    const char *l = eri_source_line(s, 1, &len);
    assert_int_equal(len, 3); /* without the CR */
    assert_memory_equal(l, "one", 3);
    assert_string_equal(eri_source_line(s, 0, &len), ""); /* out of range: an empty line */
    assert_int_equal(len, 0);
    assert_string_equal(eri_source_line(s, 9, &len), "");
    assert_int_equal(len, 0);
    int line, col;
    eri_source_position(s, 1000, &line, &col);
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    eri_source_free(s);
}


/* Invalid four-byte GB18030 is not GB18030. */
static void test_gb18030_four_bytes_invalid(void **state)
{
    (void)state;
    assert_null(ENC("a = \"\x81\x30\x20\x30\x81\x30\x81\x31\"\n"));
    assert_null(ENC("a = \"\x81\x30\x81\x20\x81\x30\x81\x31\"\n"));
    assert_null(ENC("a = \"\x81\x3A\x81\x30\"\n"));
}

static eri_source_kind guess(const char *text)
{
    eri_source *s = eri_source_from_string("x", text, strlen(text));
    assert_non_null(s);
    eri_source_kind k = eri_source_guess(s);
    eri_source_free(s);
    return k;
}

/* What a file looks like: tests, facts (full-width '＝' and '：' too, a
 * blank before '='), rules (a lone '}', a keyword before '{'), or none. */
static void test_guess_the_kind(void **state)
{
    (void)state;
    assert_int_equal(guess("# t\ncase \"x\" {\n}\n"), ERI_SRC_TESTS);
    assert_int_equal(guess("a\xEF\xBC\x9D" "1\nb\xEF\xBC\x9A" "2\nc\t= 3\n"), ERI_SRC_FACTS);
    assert_int_equal(guess("fact x : int\n}\nitem{\n"), ERI_SRC_RULES);
    assert_int_equal(guess("hello world\n9 = x\n"), ERI_SRC_OTHER);
    assert_int_equal(guess(""), ERI_SRC_OTHER);
}

/* Full-width digits and punctuation and their ASCII twins. */
static void test_wide_twins(void **state)
{
    (void)state;
    int n = 0;
    assert_string_equal(eri_wide_twin("\xEF\xBC\x90", 3, &n), "0");
    assert_int_equal(n, 3);
    assert_string_equal(eri_wide_twin("\xEF\xBC\x99", 3, &n), "9");
    assert_string_equal(eri_wide_twin("\xEF\xBC\x9A", 3, &n), ":");
    assert_null(eri_wide_twin("\xEF\xBC\xA0", 3, &n));
    assert_null(eri_wide_twin("\xEF\xBC", 2, &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_is_utf8),
        cmocka_unit_test(test_gbk),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_bom_line_one),
                                       cmocka_unit_test(test_columns_and_lines),
        cmocka_unit_test(test_gb18030_four_bytes_invalid), cmocka_unit_test(test_guess_the_kind),
        cmocka_unit_test(test_wide_twins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
