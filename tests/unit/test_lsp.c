/* test_lsp.c — unit tests for the language server's messages and positions
 * (lsp_rpc.c): Content-Length framing (a message, several in a row, other
 * headers, a header without Content-Length, a body cut short, a body too
 * large, garbage), JSON nested too deeply, UTF-16 positions to byte
 * offsets and back (Chinese, astral characters, invalid bytes, CRLF, past
 * the end, inside a surrogate pair), the same through a line index, a
 * diagnostic's character column, and file URIs; the server itself
 * (er_lsp_serve on memory files): hover's text for facts and clauses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "evalrules_tools.h"
#include "lsp.h"
#include "support.h"

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

/* No memory for a message's body: read and dropped as such (not "too
 * large"), the next one read; the server answers -32603, naming memory. */
static void test_no_memory(void **state)
{
    (void)state;
    static const char two[] = "Content-Length: 2\r\n\r\n{}Content-Length: 2\r\n\r\n[]";
    FILE *f = input(two, sizeof two - 1);
    char *body;
    size_t len;
    support_fail_from(0);
    eri_lsp_read_status st = eri_lsp_read(f, &body, &len);
    support_fail_stop();
    assert_int_equal(st, ERI_LSP_NO_MEMORY);
    expect_message(f, "[]"); /* the next message is found */
    fclose(f);

    const char *msgs[] = {"{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}"};
    int status;
    char *in = NULL, *out = NULL;
    size_t in_len = 0, out_len = 0;
    FILE *m = open_memstream(&in, &in_len);
    assert_non_null(m);
    fprintf(m, "Content-Length: %zu\r\n\r\n%s", strlen(msgs[0]), msgs[0]);
    fclose(m);
    FILE *i = fmemopen(in, in_len, "r"), *o = open_memstream(&out, &out_len);
    assert_non_null(i);
    assert_non_null(o);
    support_fail_from(0);
    status = er_lsp_serve(i, o);
    support_fail_stop();
    fclose(i);
    fclose(o);
    assert_int_equal(status, 1);
    assert_non_null(strstr(out, "\"code\": -32603"));
    assert_non_null(strstr(out, "out of memory reading a message"));
    assert_null(strstr(out, "too large"));
    free(in);
    free(out);
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

/* ---- the server, in memory ---------------------------------------------------- */

/* What er_lsp_serve writes for the messages bodies[0..n) (each framed
 * here), with the exit status it returns; malloc'd. */
static char *serve(const char *const *bodies, size_t n, int *status)
{
    char *in = NULL, *out = NULL;
    size_t in_len = 0, out_len = 0;
    FILE *f = open_memstream(&in, &in_len);
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "Content-Length: %zu\r\n\r\n%s", strlen(bodies[i]), bodies[i]);
    fclose(f);
    FILE *i = fmemopen(in, in_len, "r"), *o = open_memstream(&out, &out_len);
    assert_non_null(i);
    assert_non_null(o);
    *status = er_lsp_serve(i, o);
    fclose(i);
    fclose(o);
    free(in);
    return out;
}

static const char hover_rules[] =
    "fact lo : int \"下限\" range 0..\n"
    "fact n : int \"人数\" range lo..100 default 3\n"
    "fact top : int \"上限\" range 0..\n"
    "fact m : int range 0..top\n"
    "fact ch : enum { phone, web } \"渠道\"\n"
    "fact unused : bool\n"
    "indicator 1 \"测试\" points 15 {\n"
    "  english \"Test\"\n"
    "  item 1.1 \"符合性\" points 10 { pass when n > 2 and ch == \"phone\" and m >= 0 }\n"
    "  indicator 1.2 \"配送\" points 5 {\n"
    "    item 1.2.1 \"记录\" points 5 {\n"
    "      excludable \"无配送\"\n"
    "      pass when lo > 1\n"
    "    }\n"
    "    exclude when lo > 5 because \"不适用\"\n"
    "  }\n"
    "}\n"
    "veto \"否决\" when lo > 50\n"
;

#define OPEN_HOVER_RULES                                                                        \
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":" \
    "{\"uri\":\"file:///nonexistent/h.rules\",\"languageId\":\"evalrules\",\"version\":1,\"text\":\"%s\"}}}"
#define HOVER(id, line, ch)                                                                     \
    "{\"jsonrpc\":\"2.0\",\"id\":" #id ",\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":" \
    "{\"uri\":\"file:///nonexistent/h.rules\"},\"position\":{\"line\":" #line ",\"character\":" #ch "}}}"

/* The didOpen of hover_rules: the rules as a JSON string (only newlines and
 * quotes to escape) in OPEN_HOVER_RULES */
static void open_hover_rules(char *open, size_t cap)
{
    char text[2048];
    size_t k = 0;
    for (const char *p = hover_rules; *p && k + 2 < sizeof text; p++) {
        if (*p == '\n' || *p == '"')
            text[k++] = '\\';
        text[k++] = *p == '\n' ? 'n' : *p;
    }
    text[k] = '\0';
    snprintf(open, cap, OPEN_HOVER_RULES, text);
}

/* Hover in a rules file (lsp_lang.c): a fact with its label, a range bounded
 * by facts, a default, an enum's choices, the clauses that read it or none;
 * an indicator's English name and children; an item's rule and that the
 * auditor may exclude it. */
static void test_hover(void **state)
{
    (void)state;
    char open[2600];
    open_hover_rules(open, sizeof open);
    const char *msgs[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}",
        open,
        HOVER(1, 1, 5), HOVER(2, 3, 5), HOVER(3, 4, 5), HOVER(4, 5, 6), HOVER(5, 6, 10), HOVER(6, 10, 10),
        HOVER(7, 0, 5),
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"shutdown\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
    };
    int status;
    char *out = serve(msgs, sizeof msgs / sizeof *msgs, &status);
    assert_int_equal(status, 0);
    static const char *const want[] = {
        "\"value\": \"**fact** `n` : int\\n\\n人数\\n\\nrange lo..100\\n\\ndefault 3\\n\\nread by:\\n- `1.1` 符合性\"",
        "\"value\": \"**fact** `m` : int\\n\\nrange 0..top\\n\\nread by:\\n- `1.1` 符合性\"",
        "\"value\": \"**fact** `ch` : enum (phone, web)\\n\\n渠道\\n\\nread by:\\n- `1.1` 符合性\"",
        "\"value\": \"**fact** `unused` : bool\\n\\nread by no clause\"",
        "\"value\": \"**indicator** `1` 测试 (Test)\\n\\npoints 15 (base weighting)\\n\\nchildren:\\n- `1.1` 符合性 — "
        "10\\n- `1.2` 配送 — 5\"",
        "\"value\": \"**item** `1.2.1` 记录\\n\\npoints 5 (base weighting)\\n\\n```\\npass when lo > 1\\n```\\n\\n"
        "excludable by the auditor\"",
        "\"value\": \"**fact** `lo` : int\\n\\n下限\\n\\nrange 0..\\n\\nread by:\\n- `1.2` 配送\\n- `1.2.1` 记录\\n- veto \\\"否决\\\"\"",
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!strstr(out, want[i]))
            fail_msg("hover %zu: no %s in\n%s", i + 1, want[i], out);
    free(out);
}

/* out is a sequence of messages, each 'Content-Length: N', a blank line and
 * N bytes; their number. */
static size_t framed(const char *out)
{
    size_t count = 0;
    for (const char *p = out; *p; count++) {
        size_t n = 0;
        int used = 0;
        assert_int_equal(sscanf(p, "Content-Length: %zu\r\n\r\n%n", &n, &used), 1);
        assert_true(used > 0 && strlen(p + used) >= n);
        p += used + n;
    }
    return count;
}

/* Out of memory from each allocation of a session on (open a rules file,
 * hover, complete, symbols, folding, formatting, references, shutdown,
 * exit): the server goes on to the end of its input, what it writes stays
 * framed, it returns 0 or 1 (1 when the shutdown or exit could not be read)
 * and frees what it held (the sanitizer build's leak checker); with enough
 * memory it answers as it does without a limit.  The JSON reading's own
 * allocations fail too (json_read.c: yajl's in an arena): some runs answer
 * -32603, "out of memory reading a message". */
static void test_out_of_memory(void **state)
{
    (void)state;
    char open[2600];
    open_hover_rules(open, sizeof open);
#define REQ(id, method, rest)                                                                   \
    "{\"jsonrpc\":\"2.0\",\"id\":" #id ",\"method\":\"textDocument/" method "\",\"params\":{\"textDocument\":" \
    "{\"uri\":\"file:///nonexistent/h.rules\"}" rest "}}"
    const char *msgs[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{}}",
        open,
        HOVER(1, 1, 5),
        HOVER(2, 6, 10),
        REQ(3, "completion", ",\"position\":{\"line\":8,\"character\":45}"),
        REQ(4, "documentSymbol", ""),
        REQ(5, "foldingRange", ""),
        REQ(6, "formatting", ",\"options\":{\"tabSize\":2,\"insertSpaces\":true}"),
        REQ(7, "references", ",\"position\":{\"line\":0,\"character\":5},\"context\":{\"includeDeclaration\":true}"),
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"shutdown\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
    };
#undef REQ
    int status;
    char *whole = serve(msgs, sizeof msgs / sizeof *msgs, &status);
    assert_int_equal(status, 0);
    size_t messages = framed(whole);
    assert_true(messages >= 10);
    bool reached = true;
    size_t reading = 0; /* runs where a message could not be read */
    for (long n = 0; reached; n++) {
        support_fail_from(n);
        char *out = serve(msgs, sizeof msgs / sizeof *msgs, &status);
        reached = support_fail_stop();
        reading += strstr(out, "\"code\": -32603,\n    \"message\": \"out of memory reading a message: it was dropped\"") != NULL;
        /* 1: the exit notification itself could not be read */
        if (status != 0 && status != 1)
            fail_msg("allocations from %ld failing: status %d, output\n%s", n, status, out);
        framed(out);
        if (!reached)
            assert_string_equal(out, whole);
        free(out);
    }
    assert_true(reading > 0);
    free(whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_framing),   cmocka_unit_test(test_bad_headers),
        cmocka_unit_test(test_too_large), cmocka_unit_test(test_no_memory),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_depth),     cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_positions), cmocka_unit_test(test_line_index),
        cmocka_unit_test(test_character_columns),
        cmocka_unit_test(test_uris),      cmocka_unit_test(test_hover),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
