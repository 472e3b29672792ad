/* test_json.c — unit tests for the JSON writer (json.c): the layout (the
 * one jansson's JSON_INDENT(2) gives, checked against jansson itself),
 * string escapes, strings that are not UTF-8 (U+FFFD and KEY_bytes, which
 * gives the bytes back), exact numbers and failed writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct doc {
    char *text;
    size_t len;
    FILE *f;
    eri_json j;
} doc;

static eri_json *start(doc *d)
{
    d->text = NULL;
    d->f = open_memstream(&d->text, &d->len);
    assert_non_null(d->f);
    eri_json_begin(&d->j, d->f);
    return &d->j;
}

/* End the document; its text (the caller frees it). */
static char *finish(doc *d)
{
    assert_int_equal(eri_json_end(&d->j), 0);
    fclose(d->f);
    return d->text;
}

/* jansson's text for the same value, as the reports printed it before. */
static char *jansson_text(json_t *v)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    assert_non_null(s);
    size_t n = strlen(s);
    char *t = malloc(n + 2);
    memcpy(t, s, n);
    t[n] = '\n';
    t[n + 1] = '\0';
    free(s);
    json_decref(v);
    return t;
}

/* Percent-decoding (what a reader does with KEY_bytes). */
static size_t unpercent(const char *s, char *out)
{
    size_t k = 0;
    for (; *s; s++) {
        if (*s == '%' && s[1] && s[2]) {
            char hex[3] = {s[1], s[2], '\0'};
            out[k++] = (char)strtol(hex, NULL, 16);
            s += 2;
        } else {
            out[k++] = *s;
        }
    }
    out[k] = '\0';
    return k;
}

/* ---- layout ------------------------------------------------------------- */

static void test_layout_matches_jansson(void **state)
{
    (void)state;
    doc d;
    eri_json *j = start(&d);
    eri_json_object(j, NULL);
    eri_json_str(j, "name", "温州");
    eri_json_int(j, "n", -42);
    eri_json_bool(j, "yes", true);
    eri_json_bool(j, "no", false);
    eri_json_null(j, "none");
    eri_json_str(j, "nul", NULL);
    eri_json_array(j, "empty_array");
    eri_json_array_end(j);
    eri_json_object(j, "empty_object");
    eri_json_object_end(j);
    eri_json_array(j, "list");
    eri_json_int(j, NULL, 1);
    eri_json_object(j, NULL);
    eri_json_array(j, "deeper");
    eri_json_array(j, NULL);
    eri_json_array_end(j);
    eri_json_str(j, NULL, "x");
    eri_json_array_end(j);
    eri_json_object_end(j);
    eri_json_str(j, NULL, "last");
    eri_json_array_end(j);
    eri_json_object_end(j);
    char *ours = finish(&d);

    json_t *o = json_object(), *list = json_array(), *inner = json_object(), *deeper = json_array();
    json_object_set_new(o, "name", json_string("温州"));
    json_object_set_new(o, "n", json_integer(-42));
    json_object_set_new(o, "yes", json_true());
    json_object_set_new(o, "no", json_false());
    json_object_set_new(o, "none", json_null());
    json_object_set_new(o, "nul", json_null());
    json_object_set_new(o, "empty_array", json_array());
    json_object_set_new(o, "empty_object", json_object());
    json_array_append_new(list, json_integer(1));
    json_array_append_new(deeper, json_array());
    json_array_append_new(deeper, json_string("x"));
    json_object_set_new(inner, "deeper", deeper);
    json_array_append_new(list, inner);
    json_array_append_new(list, json_string("last"));
    json_object_set_new(o, "list", list);
    char *theirs = jansson_text(o);
    assert_string_equal(ours, theirs);
    free(ours);
    free(theirs);
}

static void test_top_level_values(void **state)
{
    (void)state;
    doc d;
    eri_json_object(start(&d), NULL);
    eri_json_object_end(&d.j);
    char *t = finish(&d);
    assert_string_equal(t, "{}\n");
    free(t);
    eri_json_str(start(&d), NULL, "s");
    t = finish(&d);
    assert_string_equal(t, "\"s\"\n");
    free(t);
    eri_json_int(start(&d), NULL, LLONG_MIN);
    t = finish(&d);
    assert_string_equal(t, "-9223372036854775808\n");
    free(t);
}

/* ---- strings ------------------------------------------------------------ */

/* Every ASCII character, as jansson escapes it: \b \t \n \f \r, other
 * control characters as \u00XX, '"' and '\\'; '/' and DEL as they are. */
static void test_escapes_match_jansson(void **state)
{
    (void)state;
    char s[128];
    for (int c = 1; c < 128; c++)
        s[c - 1] = (char)c;
    s[127] = '\0';
    doc d;
    eri_json *j = start(&d);
    eri_json_object(j, NULL);
    eri_json_str(j, "ascii", s);
    eri_json_strn(j, "nul", "a\0b", 3);
    eri_json_str(j, "key \"quoted\"\n", "v");
    eri_json_str(j, "cjk", "商品售后服务评价体系 ★ 𝄞");
    eri_json_object_end(j);
    char *ours = finish(&d);
    json_t *o = json_object();
    json_object_set_new(o, "ascii", json_string(s));
    json_object_set_new(o, "nul", json_stringn("a\0b", 3));
    json_object_set_new(o, "key \"quoted\"\n", json_string("v"));
    json_object_set_new(o, "cjk", json_string("商品售后服务评价体系 ★ 𝄞"));
    char *theirs = jansson_text(o);
    assert_string_equal(ours, theirs);
    assert_non_null(strstr(ours, "\\u0001\\u0002"));
    assert_non_null(strstr(ours, "\\b\\t\\n\\u000B\\f\\r"));
    free(ours);
    free(theirs);
}

/* A name that is not UTF-8: U+FFFD for each bad byte, and KEY_bytes. */
static void test_invalid_utf8_kept_beside(void **state)
{
    (void)state;
    doc d;
    eri_json *j = start(&d);
    eri_json_object(j, NULL);
    eri_json_str(j, "facts_file", "bad\xff.facts");
    eri_json_str(j, "percent", "100%\xe4\xb8.facts"); /* a cut sequence: two bad bytes */
    eri_json_str(j, "valid", "100% 合格");             /* valid: no _bytes, '%' as it is */
    eri_json_object_end(j);
    char *t = finish(&d);
    assert_string_equal(t, "{\n"
                           "  \"facts_file\": \"bad\xEF\xBF\xBD.facts\",\n"
                           "  \"facts_file_bytes\": \"bad%FF.facts\",\n"
                           "  \"percent\": \"100%\xEF\xBF\xBD\xEF\xBF\xBD.facts\",\n"
                           "  \"percent_bytes\": \"100%25%E4%B8.facts\",\n"
                           "  \"valid\": \"100% 合格\"\n"
                           "}\n");
    free(t);
}

/* Overlong forms, surrogates, code points beyond U+10FFFF, stray
 * continuation bytes and a cut sequence at the end are all invalid. */
static void test_invalid_forms(void **state)
{
    (void)state;
    static const char *const bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "a\xE5\xBC",
                                      "\xF8\x88\x80\x80\x80", "\xFE"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        doc d;
        eri_json *j = start(&d);
        eri_json_object(j, NULL);
        eri_json_str(j, "s", bad[i]);
        eri_json_object_end(j);
        char *t = finish(&d);
        json_error_t err;
        json_t *o = json_loads(t, 0, &err); /* jansson accepts only valid UTF-8 */
        assert_non_null(o);
        const char *s = json_string_value(json_object_get(o, "s"));
        assert_non_null(strstr(s, "\xEF\xBF\xBD"));
        char back[64];
        size_t n = unpercent(json_string_value(json_object_get(o, "s_bytes")), back);
        assert_int_equal(n, strlen(bad[i]));
        assert_memory_equal(back, bad[i], n);
        json_decref(o);
        free(t);
    }
}

/* In an array and in a key there is no member beside: U+FFFD only. */
static void test_invalid_utf8_in_array_and_key(void **state)
{
    (void)state;
    doc d;
    eri_json *j = start(&d);
    eri_json_object(j, NULL);
    eri_json_array(j, "files");
    eri_json_str(j, NULL, "a\xff");
    eri_json_array_end(j);
    eri_json_int(j, "k\xff", 1);
    eri_json_object_end(j);
    char *t = finish(&d);
    assert_string_equal(t, "{\n"
                           "  \"files\": [\n"
                           "    \"a\xEF\xBF\xBD\"\n"
                           "  ],\n"
                           "  \"k\xEF\xBF\xBD\": 1\n"
                           "}\n");
    free(t);
}

/* Any bytes at all: the output is valid JSON (so valid UTF-8) and the
 * value, or its KEY_bytes, gives the bytes back. */
static void test_random_bytes_round_trip(void **state)
{
    (void)state;
    uint64_t x = 88172645463325252u; /* xorshift64 */
    for (int round = 0; round < 2000; round++) {
        char s[40];
        size_t n = 0;
        int len = (int)(round % 39);
        for (int i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            unsigned char c = (unsigned char)(x >> 24);
            /* bias towards UTF-8 lead and continuation bytes and '%' */
            s[n++] = (char)(c % 5 == 0 ? '%' : c % 5 == 1 ? (0x80 | (c & 0x3F)) : c == 0 ? 'z' : c);
        }
        s[n] = '\0';
        doc d;
        eri_json *j = start(&d);
        eri_json_object(j, NULL);
        eri_json_str(j, "s", s);
        eri_json_object_end(j);
        char *t = finish(&d);
        json_error_t err;
        json_t *o = json_loads(t, 0, &err);
        assert_non_null(o);
        json_t *raw = json_object_get(o, "s_bytes");
        char back[256];
        if (raw) {
            assert_int_equal(unpercent(json_string_value(raw), back), n);
            assert_memory_equal(back, s, n);
        } else {
            assert_string_equal(json_string_value(json_object_get(o, "s")), s);
        }
        json_decref(o);
        free(t);
    }
}

/* ---- numbers ------------------------------------------------------------ */

static void test_exact_numbers(void **state)
{
    (void)state;
    doc d;
    eri_json *j = start(&d);
    eri_json_object(j, NULL);
    eri_json_num(j, "whole", eri_num_int(94));
    eri_json_num(j, "decimal", (eri_num){365, 4});
    eri_json_num(j, "third", (eri_num){4, 3});
    eri_json_num(j, "negative", (eri_num){-721, 12});
    eri_json_num(j, "small", (eri_num){1, 1000000});
    eri_json_array(j, "in_array");
    eri_json_num(j, NULL, (eri_num){1, 3});
    eri_json_array_end(j);
    eri_json_object_end(j);
    char *t = finish(&d);
    assert_string_equal(t, "{\n"
                           "  \"whole\": \"94\",\n"
                           "  \"decimal\": \"91.25\",\n"
                           "  \"third\": \"1.333333\",\n"
                           "  \"third_exact\": \"4/3\",\n"
                           "  \"negative\": \"-60.083333\",\n"
                           "  \"negative_exact\": \"-721/12\",\n"
                           "  \"small\": \"0.000001\",\n"
                           "  \"in_array\": [\n"
                           "    \"0.333333\"\n"
                           "  ]\n"
                           "}\n");
    free(t);
}

/* ---- failures ----------------------------------------------------------- */

static void test_failed_write(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0);
    eri_json j;
    eri_json_begin(&j, f);
    eri_json_object(&j, NULL);
    eri_json_str(&j, "a", "b");
    eri_json_object_end(&j);
    assert_int_equal(eri_json_end(&j), -1);
    fclose(f);
}

static void test_unbalanced(void **state)
{
    (void)state;
    doc d;
    eri_json_object(start(&d), NULL); /* never closed */
    assert_int_equal(eri_json_end(&d.j), -1);
    fclose(d.f);
    free(d.text);
    eri_json_array_end(start(&d)); /* closed, never opened */
    assert_int_equal(eri_json_end(&d.j), -1);
    fclose(d.f);
    free(d.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_matches_jansson),
        cmocka_unit_test(test_top_level_values),
        cmocka_unit_test(test_escapes_match_jansson),
        cmocka_unit_test(test_invalid_utf8_kept_beside),
        cmocka_unit_test(test_invalid_forms),
        cmocka_unit_test(test_invalid_utf8_in_array_and_key),
        cmocka_unit_test(test_random_bytes_round_trip),
        cmocka_unit_test(test_exact_numbers),
        cmocka_unit_test(test_failed_write),
        cmocka_unit_test(test_unbalanced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
