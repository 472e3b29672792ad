/* test_lsp.c — unit tests for the language server's messages and positions
 * (lsp_rpc.c): Content-Length framing (a message, several in a row, other
 * headers, a header without Content-Length, a body cut short, a body too
 * large, garbage), JSON nested too deeply, UTF-16 positions to byte
 * offsets and back (Chinese, astral characters, invalid bytes, CRLF, past
 * the end, inside a surrogate pair), the same through a line index, a
 * diagnostic's character column, and file URIs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lsp.h"

static FILE *input(const char *text, size_t len)
{
    FILE *f = fmemopen((void *)text, len, "rb");
    assert_non_null(f);
    return f;
}
#define INPUT(lit) input(lit, sizeof lit - 1)

static void expect_message(FILE *f, const char *body)
{
    char *got = NULL;
    size_t len = 0;
    assert_int_equal(eri_lsp_read(f, &got, &len), ERI_LSP_MESSAGE);
    assert_int_equal(len, strlen(body));
    assert_string_equal(got, body);
    eri_free(got);
}

static void test_framing(void **state)
{
    (void)state;
    FILE *f = INPUT("Content-Length: 2\r\n\r\n{}"
                    "Content-Length: 7\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1,2,3]"
                    "content-length:3\n\n\"x\"" /* any case, bare newlines */
                    "\r\n\r\nContent-Length:  1 \r\n\r\n5");
    expect_message(f, "{}");
    expect_message(f, "[1,2,3]");
    expect_message(f, "\"x\"");
    expect_message(f, "5");
    char *body;
    size_t len;
    assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_EOF);
    fclose(f);
}

static void test_bad_headers(void **state)
{
    (void)state;
    char *body;
    size_t len;
    FILE *f = INPUT("Content-Type: x\r\n\r\n"           /* no length */
                    "Content-Length: 12x\r\n\r\n"        /* not a number */
                    "Content-Length: -1\r\n\r\n"
                    "Content-Length: 99999999999999999999999999\r\n\r\n" /* overflows */
                    "garbage line\r\nContent-Length: 2\r\n\r\nok");
    for (int i = 0; i < 4; i++)
        assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_BAD_HEADER);
    expect_message(f, "ok"); /* a valid length after garbage: the message is read */
    assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_EOF);
    fclose(f);
    /* a header line longer than the limit, and a body cut short */
    static char big[ERI_LSP_MAX_HEADER * 3];
    memset(big, 'a', sizeof big);
    memcpy(big + sizeof big - 4, "\r\n\r\n", 4);
    f = input(big, sizeof big);
    assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_BAD_HEADER);
    assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_EOF);
    fclose(f);
    f = INPUT("Content-Length: 10\r\n\r\n{\"a\"");
    assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_EOF);
    fclose(f);
    f = INPUT("Content-Length: 5\r\n");
    assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_EOF);
    fclose(f);
}

static void test_too_large(void **state)
{
    (void)state;
    size_t n = ERI_LSP_MAX_MESSAGE + 1;
    char head[64];
    int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    char *text = malloc((size_t)h + n + 40);
    assert_non_null(text);
    memcpy(text, head, (size_t)h);
    memset(text + h, ' ', n);
    memcpy(text + h + n, "Content-Length: 2\r\n\r\n[]", 24);
    FILE *f = input(text, (size_t)h + n + 24);
    char *body;
    size_t len;
    assert_int_equal(eri_lsp_read(f, &body, &len), ERI_LSP_TOO_LARGE);
    expect_message(f, "[]"); /* the next message is found */
    fclose(f);
    free(text);
}

static void test_write(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_int_equal(eri_lsp_write(f, "{\"a\":\"中\"}", strlen("{\"a\":\"中\"}")), 0);
    fclose(f);
    assert_string_equal(buf, "Content-Length: 11\r\n\r\n{\"a\":\"中\"}"); /* bytes, not characters */
    free(buf);
}

static void test_depth(void **state)
{
    (void)state;
    assert_false(eri_lsp_too_deep("[[[]]]", 6, 3));
    assert_true(eri_lsp_too_deep("[[[[]]]]", 8, 3));
    assert_false(eri_lsp_too_deep("[\"[[[[[\"]", 9, 3));     /* brackets in a string */
    assert_false(eri_lsp_too_deep("[\"\\\"[[[[\"]", 10, 3)); /* after an escaped quote */
    assert_false(eri_lsp_too_deep("{\"a\":{\"b\":[]}}", 14, 3));
}

/* 'a中𝔸b' + invalid byte + 'c' on line 0; 'x' after CRLF on line 1 */
static const char text[] = "a\xe4\xb8\xad\xf0\x9d\x94\xb8" "b\xff" "c\r\nx\n";
#define TLEN (sizeof text - 1)

static void test_offsets(void **state)
{
    (void)state;
    /* a=0 中=1 𝔸=2,3 b=4 \xff=5 c=6 \r=7 */
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 0), 0);
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 1), 1);
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 2), 4);
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 3), 4); /* inside the surrogate pair: its start */
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 4), 8);
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 5), 9);
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 6), 10);
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 7), 11); /* the '\r' */
    assert_int_equal(eri_lsp_offset(text, TLEN, 0, 99), 12); /* past the end: the line's end */
    assert_int_equal(eri_lsp_offset(text, TLEN, 1, 0), 13);
    assert_int_equal(eri_lsp_offset(text, TLEN, 1, 1), 14);
    assert_int_equal(eri_lsp_offset(text, TLEN, 2, 0), 15); /* the empty last line */
    assert_int_equal(eri_lsp_offset(text, TLEN, 7, 3), TLEN); /* past the last line */
    assert_int_equal(eri_lsp_offset(text, TLEN, -1, 5), 0);
    assert_int_equal(eri_lsp_offset(text, TLEN, INT64_MAX, INT64_MAX), TLEN);
    assert_int_equal(eri_lsp_offset("", 0, 0, 3), 0);
}

static void test_positions(void **state)
{
    (void)state;
    static const struct { size_t off; uint32_t line, ch; } cases[] = {
        {0, 0, 0}, {1, 0, 1}, {2, 0, 1} /* inside 中 */, {4, 0, 2}, {6, 0, 2} /* inside 𝔸 */,
        {8, 0, 4}, {9, 0, 5}, {10, 0, 6}, {11, 0, 7}, {13, 1, 0}, {14, 1, 1}, {15, 2, 0}, {99, 2, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint32_t l, c;
        eri_lsp_position(text, TLEN, cases[i].off, &l, &c);
        assert_int_equal(l, cases[i].line);
        assert_int_equal(c, cases[i].ch);
    }
    /* there and back */
    for (size_t off = 0; off <= TLEN; off++) {
        uint32_t l, c;
        eri_lsp_position(text, TLEN, off, &l, &c);
        size_t back = eri_lsp_offset(text, TLEN, l, c);
        assert_true(back <= off);
        if (off == 0 || off == 1 || off == 4 || off >= 8)
            assert_int_equal(back, off); /* a character's start */
    }
}

/* A text with its line index gives the positions a scan from the start
 * gives: every offset in order (going on from the last), backwards, and
 * jumping about. */
static void test_line_index(void **state)
{
    (void)state;
    static const char t[] = "规则 𝔸x\n\n  a\xff" "b\r\n\xf0\x9f\x8f\xad" "z\nend";
    size_t len = sizeof t - 1;
    eri_lsp_text view;
    eri_lsp_text_init(&view, t, len);
    assert_int_equal(view.nlines, 5);
    for (int pass = 0; pass < 3; pass++)
        for (size_t k = 0; k <= len + 2; k++) {
            size_t off = pass == 0 ? k : pass == 1 ? len + 2 - k : (k * 7) % (len + 3);
            uint32_t l1, c1, l2, c2;
            eri_lsp_position(t, len, off, &l1, &c1);
            eri_lsp_text_position(&view, off, &l2, &c2);
            assert_int_equal(l1, l2);
            assert_int_equal(c1, c2);
        }
    eri_lsp_text_free(&view);
}

static void test_character_columns(void **state)
{
    (void)state;
    /* the library's columns count characters: 中 and 𝔸 one each */
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 1, 1), 0);
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 1, 3), 4);
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 1, 4), 8);
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 1, 6), 10);
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 1, 99), 12);
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 2, 2), 14);
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 0, 1), 0);
    assert_int_equal(eri_lsp_offset_chars(text, TLEN, 9, 1), TLEN);
}

/* A UTF-8 byte order mark at the start is not counted: editors neither show
 * nor count it, and the checker's columns begin after it. */
static void test_byte_order_mark(void **state)
{
    (void)state;
    static const char bom[] = "\xEF\xBB\xBF" "ab\ncd";
    const size_t n = sizeof bom - 1;
    assert_int_equal(eri_lsp_text_start(bom, n), 3);
    assert_int_equal(eri_lsp_text_start("\xEF\xBB", 2), 0);
    assert_int_equal(eri_lsp_text_start("ab", 2), 0);
    assert_int_equal(eri_lsp_offset(bom, n, 0, 0), 3);
    assert_int_equal(eri_lsp_offset(bom, n, 0, 1), 4);
    assert_int_equal(eri_lsp_offset(bom, n, 1, 1), 7);
    assert_int_equal(eri_lsp_offset_chars(bom, n, 1, 1), 3);
    assert_int_equal(eri_lsp_offset_chars(bom, n, 1, 2), 4);
    uint32_t l, c;
    eri_lsp_position(bom, n, 4, &l, &c);
    assert_int_equal(l, 0);
    assert_int_equal(c, 1);
    eri_lsp_position(bom, n, 0, &l, &c); /* inside the mark: the line's start */
    assert_int_equal(c, 0);
    eri_lsp_text view;
    eri_lsp_text_init(&view, bom, n);
    for (size_t off = 0; off <= n; off++) {
        uint32_t l2, c2;
        eri_lsp_position(bom, n, off, &l, &c);
        eri_lsp_text_position(&view, off, &l2, &c2);
        assert_int_equal(l, l2);
        assert_int_equal(c, c2);
    }
    eri_lsp_text_position(&view, 5, &l, &c);
    assert_int_equal(c, 2);
    eri_lsp_text_free(&view);
}

static void test_uris(void **state)
{
    (void)state;
    char *p = eri_lsp_uri_path("file:///home/a%20b/%E8%A7%84%E5%88%99.rules");
    assert_string_equal(p, "/home/a b/规则.rules");
    eri_free(p);
    p = eri_lsp_uri_path("file://localhost/x.facts");
    assert_string_equal(p, "/x.facts");
    eri_free(p);
    assert_null(eri_lsp_uri_path("untitled:Untitled-1"));
    assert_null(eri_lsp_uri_path("file://server/share/x.rules"));
    assert_null(eri_lsp_uri_path("file:///a%00b"));
    char *u = eri_lsp_path_uri("/home/a b/规则#1.rules");
    assert_string_equal(u, "file:///home/a%20b/%E8%A7%84%E5%88%99%231.rules");
    p = eri_lsp_uri_path(u);
    assert_string_equal(p, "/home/a b/规则#1.rules");
    eri_free(p);
    eri_free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framing),   cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_too_large), cmocka_unit_test(test_write),
        cmocka_unit_test(test_depth),     cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_positions), cmocka_unit_test(test_line_index),
        cmocka_unit_test(test_character_columns),
        cmocka_unit_test(test_uris),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
