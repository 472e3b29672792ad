/* test_escape.c — text from rules and facts made safe (escape.c): a control
 * character never reaches a text report as itself, so it cannot start a
 * forged line; HTML special characters become entities. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

static void test_plain_text_is_not_copied(void **state)
{
    (void)state;
    char buf[64];
    const char *s = "深圳市启明智能电子有限公司 <b> & \"x\"";
    assert_ptr_equal(eri_esc_text(buf, sizeof buf, s), s);
    assert_string_equal(eri_esc_text(buf, sizeof buf, NULL), "");
}

static void test_controls_shown_visibly(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(eri_esc_text(buf, sizeof buf, "甲\nLevel  五星级"), "甲\\nLevel  五星级");
    assert_string_equal(eri_esc_text(buf, sizeof buf, "a\rb\tc\x01" "d\x1b[2J\x7f"), "a\\rb\\tc\\x01d\\x1B[2J\\x7F");
    /* C1 controls (NEL) and Unicode's line and paragraph separators */
    assert_string_equal(eri_esc_text(buf, sizeof buf, "a\xC2\x85" "b\xE2\x80\xA8" "c\xE2\x80\xA9"), "a\\u0085b\\u2028c\\u2029");
    /* other characters of those lead bytes are kept */
    assert_string_equal(eri_esc_text(buf, sizeof buf, "\xC2\xA9\xE2\x80\x94\n"), "\xC2\xA9\xE2\x80\x94\\n");
}

static void test_cut_to_fit(void **state)
{
    (void)state;
    char buf[12];
    const char *s = eri_esc_text(buf, sizeof buf, "\n\n\n\n\n\n\n\n");
    assert_true(strlen(s) < sizeof buf);
    assert_non_null(strstr(s, "\xE2\x80\xA6"));
    assert_null(strchr(s, '\n'));
}

static char *html_of(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    eri_esc_html(m, s);
    fclose(m);
    return buf;
}

static void test_html(void **state)
{
    (void)state;
    char *h = html_of("<script>alert('x')</script> & \"q\"\n");
    assert_string_equal(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\\n");
    free(h);
    h = html_of("测试");
    assert_string_equal(h, "测试");
    free(h);
}

static void test_put_is_the_same(void **state)
{
    (void)state;
    char *buf = NULL, one[64];
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    const char *s = "x\n\ty\x02";
    eri_esc_text_put(m, s, strlen(s));
    fclose(m);
    assert_string_equal(buf, eri_esc_text(one, sizeof one, s));
    free(buf);
}

/* eri_esc_cols: whole when it fits, else cut with "…" to the columns (CJK
 * two wide), control characters shown visibly; NULL only measures. */
static void test_columns(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_int_equal(eri_esc_cols(m, "售后服务", 8), 8); /* exactly fits */
    fputc('|', m);
    assert_int_equal(eri_esc_cols(m, "售后服务体系", 8), 7); /* 3 characters and … */
    fputc('|', m);
    assert_int_equal(eri_esc_cols(m, "a\nb", 10), 4);
    fclose(m);
    assert_string_equal(buf, "售后服务|售后服\xE2\x80\xA6|a\\nb");
    free(buf);
    assert_int_equal(eri_esc_cols(NULL, "甲\tb", 80), 5);
}


/* The lead bytes of the escaped code points cut short at the end of the
 * text, or followed by other bytes, are kept as they are; a buffer of no
 * room gives the text unchanged; HTML of NULL is nothing; a cut that
 * leaves no room for the ellipsis ends the text there. */
static void test_escape_edges(void **state)
{
    (void)state;
    char buf[16];
    const char cut_c2[] = {'a', '\xC2'}, cut_e2[] = {'a', '\xE2', '\x80'};
    char out[8];
    size_t used;
    assert_int_equal(eri_esc_control(cut_c2 + 1, 1, out, sizeof out, &used), 0);
    assert_int_equal(eri_esc_control(cut_e2 + 1, 2, out, sizeof out, &used), 0);
    assert_string_equal(eri_esc_text(buf, sizeof buf, "\xC2\x41\xE2\x81\xA8\xE2\x80\x41"), "\xC2\x41\xE2\x81\xA8\xE2\x80\x41");
    const char *nl = "a\nb";
    assert_ptr_equal(eri_esc_text(buf, 0, nl), nl);
    assert_string_equal(eri_esc_text(buf, 5, "\n\n\n"), "\xE2\x80\xA6"); /* room for the ellipsis only */
    assert_string_equal(eri_esc_text(buf, 3, "\n\n\n"), "");                /* not even for that */
    char *h = html_of(NULL);
    assert_string_equal(h, "");
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_is_not_copied),
        cmocka_unit_test(test_controls_shown_visibly),
        cmocka_unit_test(test_cut_to_fit),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_put_is_the_same),
        cmocka_unit_test(test_columns), cmocka_unit_test(test_escape_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
