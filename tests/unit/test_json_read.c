/* test_json_read.c — JSON read with yajl in an arena (json_read.c): the
 * tree is yajl_tree_parse's on many inputs (objects, arrays, nesting,
 * escapes, UTF-8, comments, numbers at the edges of 64 bits, a key given
 * twice), bad JSON gives yajl_tree_parse's very message, and every
 * allocation failing in turn — yajl's own included — returns NULL with
 * "out of memory" and leaks nothing (the sanitizer build's leak checker). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "json_read.h"
#include "support.h"

/* a and b the same tree: types, strings, keys in order, a number's text
 * and, when an integer, its value (d is not read: see json_read.h) */
static void same(yajl_val a, yajl_val b, const char *what)
{
    if (!a || !b) {
        if (a != b)
            fail_msg("%s: one tree is empty", what);
        return;
    }
    if (a->type != b->type)
        fail_msg("%s: type %d, yajl_tree's %d", what, (int)a->type, (int)b->type);
    switch (a->type) {
    case yajl_t_string:
        assert_string_equal(a->u.string, b->u.string);
        break;
    case yajl_t_number:
        assert_string_equal(a->u.number.r, b->u.number.r);
        assert_int_equal(a->u.number.flags & YAJL_NUMBER_INT_VALID, b->u.number.flags & YAJL_NUMBER_INT_VALID);
        if (YAJL_IS_INTEGER(a))
            assert_true(a->u.number.i == b->u.number.i);
        assert_false(YAJL_IS_DOUBLE(a));
        break;
    case yajl_t_object:
        assert_int_equal(a->u.object.len, b->u.object.len);
        for (size_t i = 0; i < a->u.object.len; i++) {
            assert_string_equal(a->u.object.keys[i], b->u.object.keys[i]);
            same(a->u.object.values[i], b->u.object.values[i], what);
        }
        break;
    case yajl_t_array:
        assert_int_equal(a->u.array.len, b->u.array.len);
        for (size_t i = 0; i < a->u.array.len; i++)
            same(a->u.array.values[i], b->u.array.values[i], what);
        break;
    default:
        break;
    }
}

static const char *const inputs[] = {
    "{}", "[]", "null", "true", "false", "0", "-0", "\"\"", "\"a\"",
    "{\"a\":1,\"b\":[1,2,3],\"c\":{\"d\":null,\"e\":true,\"f\":false}}",
    "[[[[[]]]],{},[{}],{\"x\":[]}]",
    "{\"a\":1,\"a\":2}",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u4e2d\\ud83d\\ude00\"",
    "{\"键\":\"值 — 中文 ✓\",\"é\":\"\\u0041\"}",
    "/* a comment */ {\"a\" : 1 // another\n}",
    "[1.5, -2.25e3, 1e5, 1E-5, 0.0, 12345678901234567890, 9223372036854775807, 9223372036854775808,"
    " -9223372036854775807, -9223372036854775808, 922337203685477581, 9223372036854775810, 99999999999999999999]",
    "  [ 1 , 2 ]  \n",
    "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\"]",
    "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":"
    "{\"uri\":\"file:///a.rules\"},\"position\":{\"line\":3,\"character\":12}}}",
    /* bad JSON: the messages must be yajl_tree_parse's */
    "", "   ", "{", "[1,", "{\"a\"}", "{\"a\":}", "[1 2]", "{} {}", "tru", "\"\\x\"", "\"\\u12\"", "01",
    "[1,]", "{\"a\":1,}", "\"unterminated", "/* open comment", "\"\xff\"", "[-]", "1.", "1e", "{1:2}",
};

/* the tree and the error message equal yajl_tree_parse's, for each input */
static void test_like_yajl_tree(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        char want[512], got[512];
        yajl_val w = yajl_tree_parse(inputs[i], want, sizeof want);
        eri_arena *a = eri_arena_new();
        assert_non_null(a);
        bool oom = true;
        yajl_val g = eri_json_tree_parse(a, inputs[i], strlen(inputs[i]), got, sizeof got, &oom);
        assert_false(oom);
        same(g, w, inputs[i]);
        if (!w) {
            assert_null(g);
            assert_string_equal(got, want);
            assert_true(*got);
        }
        /* what the language server does with the tree: yajl_tree_get reads it */
        const char *path[] = {"params", "position", "line", NULL};
        yajl_val line = yajl_tree_get(g, path, yajl_t_number);
        assert_true(line == NULL || YAJL_GET_INTEGER(line) == 3);
        yajl_tree_free(w);
        eri_arena_free(a);
    }
}

/* an integer's value kept exactly, at 64 bits' edges (yajl keeps 2^63
 * apart: its magnitude is too large) */
static void test_integers(void **state)
{
    (void)state;
    eri_arena *a = eri_arena_new();
    static const char text[] = "[9223372036854775807,-9223372036854775807,-9223372036854775808,0,-1,1.0]";
    yajl_val v = eri_json_tree_parse(a, text, sizeof text - 1, NULL, 0, NULL);
    assert_true(YAJL_IS_ARRAY(v));
    assert_int_equal(v->u.array.len, 6);
    assert_true(YAJL_IS_INTEGER(v->u.array.values[0]) && YAJL_GET_INTEGER(v->u.array.values[0]) == LLONG_MAX);
    assert_true(YAJL_IS_INTEGER(v->u.array.values[1]) && YAJL_GET_INTEGER(v->u.array.values[1]) == -LLONG_MAX);
    assert_false(YAJL_IS_INTEGER(v->u.array.values[2]));
    assert_string_equal(YAJL_GET_NUMBER(v->u.array.values[2]), "-9223372036854775808");
    assert_true(YAJL_GET_INTEGER(v->u.array.values[4]) == -1);
    assert_false(YAJL_IS_INTEGER(v->u.array.values[5]));
    eri_arena_free(a);
}

/* deep and wide: the open containers and the members grow in the arena;
 * only len bytes read (no NUL needed after them) */
static void test_deep_and_wide(void **state)
{
    (void)state;
    enum { DEPTH = 3000, WIDE = 5000 };
    char *text = malloc(2 * DEPTH + 16 * WIDE + 16);
    assert_non_null(text);
    size_t n = 0;
    for (int i = 0; i < DEPTH; i++)
        text[n++] = '[';
    for (int i = 0; i < DEPTH; i++)
        text[n++] = ']';
    eri_arena *a = eri_arena_new();
    yajl_val v = eri_json_tree_parse(a, text, n, NULL, 0, NULL);
    for (int i = 1; i < DEPTH; i++) {
        assert_true(YAJL_IS_ARRAY(v) && v->u.array.len == 1);
        v = v->u.array.values[0];
    }
    assert_true(YAJL_IS_ARRAY(v) && v->u.array.len == 0);
    eri_arena_free(a);
    n = 0;
    text[n++] = '{';
    for (int i = 0; i < WIDE; i++)
        n += (size_t)sprintf(text + n, "%s\"%d\":%d", i ? "," : "", i % 100, i);
    text[n++] = '}';
    text[n] = 'x'; /* past len: not read */
    a = eri_arena_new();
    v = eri_json_tree_parse(a, text, n, NULL, 0, NULL);
    assert_true(YAJL_IS_OBJECT(v));
    assert_int_equal(v->u.object.len, WIDE);
    assert_string_equal(v->u.object.keys[WIDE - 1], "99");
    assert_true(YAJL_GET_INTEGER(v->u.object.values[WIDE - 1]) == WIDE - 1);
    eri_arena_free(a);
    free(text);
}

/* each allocation failing in turn, yajl's own among them: NULL, "out of
 * memory", nothing leaked; past the last one the same tree */
static void test_out_of_memory(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"a\":[1,2,3,4,5,6,7,8,9],\"s\":\"\\u00e9\\n\"}}",
        "[1,", /* an error message allocated too */
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char want[256];
        yajl_val w = yajl_tree_parse(texts[t], want, sizeof want);
        bool reached = true;
        long failed = 0;
        for (long n = 0; reached; n++) {
            char why[256];
            bool oom = false;
            support_fail_from(n);
            eri_arena *a = eri_arena_new();
            yajl_val g = a ? eri_json_tree_parse(a, texts[t], strlen(texts[t]), why, sizeof why, &oom) : NULL;
            reached = support_fail_stop();
            if (a && oom) {
                assert_null(g);
                assert_string_equal(why, "out of memory");
                failed++;
            } else if (a) {
                same(g, w, texts[t]);
                if (!w)
                    assert_string_equal(why, want);
            }
            eri_arena_free(a);
        }
        assert_true(failed > 0);
        yajl_tree_free(w);
    }
}

/* The allocation functions alone, as a streaming reader uses them: a
 * handle made inside a protected call; realloc keeps the bytes; a failure
 * jumps out of yajl to the protected call. */
typedef struct stream {
    eri_arena *a;
    const char *text;
    int values;
    yajl_status st;
} stream;

static int count(void *ctx, const char *s, size_t len)
{
    (void)s, (void)len;
    ((stream *)ctx)->values++;
    return 1;
}

static void read_stream(void *arg)
{
    stream *s = arg;
    static const yajl_callbacks cb = {.yajl_number = count};
    yajl_alloc_funcs funcs = eri_json_alloc_funcs(s->a);
    yajl_handle h = yajl_alloc(&cb, &funcs, s);
    yajl_config(h, yajl_allow_multiple_values, 1);
    s->st = yajl_parse(h, (const unsigned char *)s->text, strlen(s->text));
    if (s->st == yajl_status_ok)
        s->st = yajl_complete_parse(h);
    yajl_free(h);
}

static void test_alloc_funcs(void **state)
{
    (void)state;
    eri_arena *a = eri_arena_new();
    yajl_alloc_funcs f = eri_json_alloc_funcs(a);
    assert_true(f.ctx == a);
    char *p = f.malloc(f.ctx, 5);
    memcpy(p, "abcde", 5);
    char *q = f.realloc(f.ctx, p, 100);
    assert_memory_equal(q, "abcde", 5);
    char *r = f.realloc(f.ctx, q, 2);
    assert_memory_equal(r, "ab", 2);
    f.free(f.ctx, r);
    assert_non_null(f.realloc(f.ctx, NULL, 3));
    eri_arena_free(a);

    bool reached = true, failed = false;
    for (long n = 0; reached; n++) {
        stream s = {.text = "1 2 [3] {\"a\": 4}"};
        support_fail_from(n);
        s.a = eri_arena_new();
        bool ok = s.a && eri_arena_protect(s.a, read_stream, &s);
        reached = support_fail_stop();
        if (ok) {
            assert_int_equal(s.st, yajl_status_ok);
            assert_int_equal(s.values, 4);
        }
        failed |= s.a && !ok;
        eri_arena_free(s.a);
    }
    assert_true(failed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_like_yajl_tree), cmocka_unit_test(test_integers),
        cmocka_unit_test(test_deep_and_wide),  cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_alloc_funcs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
