/* test_records.c — the batch's record readers (records.h): JSON Lines and
 * CSV records typed as facts files are, and hostile input — deep nesting,
 * huge numbers, invalid UTF-8, NUL bytes, unterminated quotes, long lines —
 * reported as an error of that record, never a crash; and the plain JSON
 * reader giving what yajl gives. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "records.h"
#include "support.h"

static const char rules_text[] =
    "standard \"T/TEST-2\"\n"
    "fact managers  : int     \"managers\" range 0..\n"
    "fact share     : decimal \"share\"\n"
    "fact survey    : percent \"survey\" range 0%..100%\n"
    "fact records   : sample  \"records\"\n"
    "fact delivery  : bool    \"delivery\"\n"
    "fact team      : text    \"team\" default \"\"\n"
    "fact channel   : enum { online, offline } \"channel\"\n"
    "indicator 5 \"service\" points 15 {\n"
    "  item 5.1 \"managers\" points 5 { pass when managers >= 1 }\n"
    "  item 5.2 \"survey\" points 5 { grade survey { >= 90%: 100%  otherwise 0 } }\n"
    "  indicator 5.3 \"delivery\" points 5 {\n"
    "    excludable \"no delivery\"\n"
    "    item 5.3.1 \"records\" points 5 { ratio records }\n"
    "    exclude when not delivery because \"none\"\n"
    "  }\n"
    "}\n"
    "total { normalize to 100  round half_up to 0.1 }\n"
    "rating { level \"ok\" at 70 }\n";

static er_rules *rules;

static int setup(void **state)
{
    (void)state;
    er_diag *d = er_diag_new(NULL); /* (its lints: unused facts) */
    rules = er_rules_load_string("t.rules", rules_text, sizeof rules_text - 1, d);
    er_diag_free(d);
    return rules ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    er_rules_free(rules);
    return 0;
}

/* The facts of one JSON Lines record (text: its line), the diagnostics in *msgs. */
static er_facts *jsonl(const char *text, size_t len, char **msgs, char **id)
{
    size_t n;
    FILE *m = open_memstream(msgs, &n);
    er_diag *d = er_diag_new(m);
    char *copy = malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    eri_rec rec = {.text = copy, .len = len, .line = 7};
    er_facts *f = eri_jsonl_facts(rules, "b.jsonl", &rec, id, d);
    er_diag_free(d);
    fclose(m);
    free(copy);
    return f;
}

static void expect_jsonl_error(const char *text, size_t len, const char *wanted)
{
    char *msgs = NULL, *id = NULL;
    er_facts *f = jsonl(text, len, &msgs, &id);
    assert_null(f);
    if (!strstr(msgs, wanted))
        fail_msg("wanted '%s' in:\n%s", wanted, msgs);
    assert_non_null(strstr(msgs, "b.jsonl:7:")); /* the record's line */
    free(msgs);
    free(id);
}

static void test_jsonl_record_typed_as_facts(void **state)
{
    (void)state;
    const char *t = "{\"id\": \"E1\", \"subject\": \"甲\", \"facts\": {\"managers\": 42, \"share\": 0.1, "
                    "\"survey\": \"92.5%\", \"records\": \"18/20\", \"delivery\": true, \"team\": \"张三\\\"\", "
                    "\"channel\": \"offline\"}}";
    char *msgs = NULL, *id = NULL;
    er_facts *f = jsonl(t, strlen(t), &msgs, &id);
    assert_non_null(f);
    assert_string_equal(msgs, "");
    assert_string_equal(id, "E1");
    assert_string_equal(er_facts_subject(f), "甲");
    int32_t ratio = eri_rules_find_fact(rules, "share", 5);
    eri_num tenth;
    assert_int_equal(eri_num_make(1, 10, &tenth), ERI_NUM_OK);
    assert_int_equal(eri_num_cmp(f->entries[ratio].value.num, tenth), 0); /* exactly 1/10 */
    int32_t team = eri_rules_find_fact(rules, "team", 4);
    assert_string_equal(f->entries[team].value.text, "张三\"");
    er_result *res = er_eval(rules, f, NULL);
    assert_non_null(res);
    er_result_free(res);
    er_facts_free(f);
    free(msgs);
    free(id);
}

static void test_jsonl_exclusion_and_null(void **state)
{
    (void)state;
    const char *t = "{\"facts\": {\"managers\": 1, \"survey\": \"95%\", \"records\": null, \"delivery\": true},"
                    " \"exclude\": [{\"indicator\": \"5.3\", \"reason\": \"no delivery\"}]}";
    char *msgs = NULL, *id = NULL;
    er_facts *f = jsonl(t, strlen(t), &msgs, &id);
    assert_non_null(f);
    assert_null(id);
    assert_int_equal(f->nexclusions, 1);
    assert_string_equal(f->exclusions[0].reason, "no delivery");
    er_facts_free(f);
    free(msgs);
}

static void test_jsonl_errors_name_the_record(void **state)
{
    (void)state;
    expect_jsonl_error("{\"facts\": {\"managers\": \"many\"}}", 31, "expected a whole number for 'managers'");
    expect_jsonl_error("{\"facts\": {\"managres\": 1}}", 26, "did you mean 'managers'?");
    expect_jsonl_error("{\"facts\": {\"survey\": 95}}", 25, "write it as a percentage");
    expect_jsonl_error("{\"facts\": {\"managers\": 1.5e3}}", 30, "expected a whole number");
    expect_jsonl_error("{\"facts\": {\"managers\": 1,}}", 27, "invalid JSON");
    expect_jsonl_error("{\"fact\": {}}", 12, "unknown key");
    expect_jsonl_error("[1, 2]", 6, "a record is a JSON object");
    expect_jsonl_error("{\"id\": 1} {\"id\": 2}", 19, "invalid JSON");
    expect_jsonl_error("{\"facts\": {\"managers\": 1, \"managers\": 2}}", 41, "given twice");
    expect_jsonl_error("{\"exclude\": [{\"indicator\": \"5.1\", \"reason\": \"x\"}]}", 50, "cannot be excluded");
    expect_jsonl_error("{\"exclude\": [{\"indicator\": \"5.3\"}]}", 35, "needs a reason");
    expect_jsonl_error("{\"exclude\": [\"5.3\"]}", 20, "an exclusion is an object");
    expect_jsonl_error("{\"subject\": 5}", 14, "\"subject\" is a string");
}

static void test_jsonl_hostile(void **state)
{
    (void)state;
    /* nesting 100,000 deep: refused at the first level too deep */
    size_t depth = 100000;
    char *deep = malloc(2 * depth + 32);
    size_t n = (size_t)sprintf(deep, "{\"facts\": {\"managers\": ");
    for (size_t i = 0; i < depth; i++)
        deep[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n++] = '}';
    expect_jsonl_error(deep, n, "a fact's value is a number");
    free(deep);
    /* a number of 5,000 digits: exact, or too large for an int */
    char *huge = malloc(6000);
    n = (size_t)sprintf(huge, "{\"facts\": {\"managers\": ");
    memset(huge + n, '9', 5000);
    n += 5000;
    n += (size_t)sprintf(huge + n, "}}");
    char *msgs = NULL, *id = NULL;
    er_facts *f = jsonl(huge, n, &msgs, &id);
    er_facts_free(f); /* typed as a facts file types it; no crash either way */
    free(msgs);
    free(huge);
    expect_jsonl_error("{\"subject\": \"\xff\xfe\"}", 17, "invalid JSON");
    expect_jsonl_error("{\"subject\": \"a\0b\"}", 18, "invalid JSON");
    expect_jsonl_error("{\"subject\": \"abc", 16, "invalid JSON");
    expect_jsonl_error("", 0, "invalid JSON");
    /* a 1 MB line: read whole */
    size_t big = 1 << 20;
    char *line = malloc(big + 64);
    n = (size_t)sprintf(line, "{\"subject\": \"");
    memset(line + n, 'x', big);
    n += big;
    n += (size_t)sprintf(line + n, "\", \"facts\": {\"managers\": -1}}");
    expect_jsonl_error(line, n, "outside its range");
    free(line);
}

/* ---- CSV ------------------------------------------------------------- */

static eri_csv_header *header(const char *text, char **msgs)
{
    size_t n;
    FILE *m = open_memstream(msgs, &n);
    er_diag *d = er_diag_new(m);
    eri_rec rec = {.text = strdup(text), .len = strlen(text), .line = 1};
    eri_csv_header *h = eri_csv_header_read(rules, "b.csv", &rec, d);
    free(rec.text);
    er_diag_free(d);
    fclose(m);
    return h;
}

static er_facts *row(const eri_csv_header *h, const char *text, size_t len, char **msgs, char **id)
{
    size_t n;
    FILE *m = open_memstream(msgs, &n);
    er_diag *d = er_diag_new(m);
    char *copy = malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    eri_rec rec = {.text = copy, .len = len, .line = 3};
    er_facts *f = eri_csv_facts(rules, h, "b.csv", &rec, id, d);
    free(copy);
    er_diag_free(d);
    fclose(m);
    return f;
}

static void expect_row_error(const eri_csv_header *h, const char *text, size_t len, const char *wanted)
{
    char *msgs = NULL, *id = NULL;
    er_facts *f = row(h, text, len, &msgs, &id);
    assert_null(f);
    if (!strstr(msgs, wanted) || !strstr(msgs, "b.csv:3:"))
        fail_msg("wanted '%s' at b.csv:3 in:\n%s", wanted, msgs);
    free(msgs);
    free(id);
}

static void test_csv_rows(void **state)
{
    (void)state;
    char *msgs = NULL, *id = NULL;
    eri_csv_header *h = header("id,subject,managers,survey,records,delivery,team,exclude", &msgs);
    assert_non_null(h);
    free(msgs);
    const char *t = "E2,\"甲, 乙\",3,88%,18/20,no,\"say \"\"hi\"\"\",5.3: not offered";
    er_facts *f = row(h, t, strlen(t), &msgs, &id);
    assert_non_null(f);
    assert_string_equal(msgs, "");
    assert_string_equal(id, "E2");
    assert_string_equal(er_facts_subject(f), "甲, 乙");
    int32_t team = eri_rules_find_fact(rules, "team", 4);
    assert_string_equal(f->entries[team].value.text, "say \"hi\"");
    assert_int_equal(f->nexclusions, 1);
    assert_string_equal(f->exclusions[0].reason, "not offered");
    er_facts_free(f);
    free(msgs);
    free(id);
    expect_row_error(h, "E3,,x,88%,18/20,no,,", 20, "expected a whole number for 'managers'");
    expect_row_error(h, "E3,,1,88%", 9, "the row has 4 fields, the header 8");
    expect_row_error(h, "E3,\"unterminated,1,88%,18/20,no,,", 33, "unterminated quoted field");
    expect_row_error(h, "E3,a\"b,1,88%,18/20,no,,", 23, "a quote inside an unquoted field");
    expect_row_error(h, "E3,\"a\"b,1,88%,18/20,no,,", 24, "unexpected text after a quoted field");
    expect_row_error(h, "E3,\xff,1,88%,18/20,no,,", 20, "");
    expect_row_error(h, "E3,,1,88%,18/20,no,,5.1: x", 26, "cannot be excluded");
    expect_row_error(h, "E3,,1,88%,18/20,no,,5.3", 23, "needs a reason");
    eri_csv_header_free(h);
}

static void test_csv_header_errors(void **state)
{
    (void)state;
    char *msgs = NULL;
    assert_null(header("id,managres", &msgs));
    assert_non_null(strstr(msgs, "did you mean 'managers'?"));
    free(msgs);
    assert_null(header("managers,managers", &msgs));
    assert_non_null(strstr(msgs, "given twice"));
    free(msgs);
    assert_null(header("managers,,survey", &msgs));
    assert_non_null(strstr(msgs, "column 2 has no name"));
    free(msgs);
}

/* ---- splitting a stream ------------------------------------------------ */

static void test_split_rows_and_lines(void **state)
{
    (void)state;
    const char text[] = "\xEF\xBB\xBF" "a,b\r\n\r\n\"x\ny\",2\r\n  \nlast";
    FILE *in = fmemopen((void *)text, sizeof text - 1, "r");
    eri_rec_reader *rr = eri_rec_open(in, ERI_REC_CSV);
    eri_rec r;
    assert_int_equal(eri_rec_next(rr, &r), 1);
    assert_string_equal(r.text, "a,b");
    assert_int_equal(r.line, 1);
    free(r.text);
    assert_int_equal(eri_rec_next(rr, &r), 1);
    assert_string_equal(r.text, "\"x\ny\",2"); /* a newline inside quotes stays in the row */
    assert_int_equal(r.line, 3);
    free(r.text);
    assert_int_equal(eri_rec_next(rr, &r), 1);
    assert_string_equal(r.text, "last");
    assert_int_equal(r.line, 6);
    free(r.text);
    assert_int_equal(eri_rec_next(rr, &r), 0);
    eri_rec_close(rr);
    fclose(in);
}

static void test_split_too_long(void **state)
{
    (void)state;
    size_t n = ERI_REC_MAX + 10;
    char *text = malloc(n + 8);
    memset(text, 'x', n);
    memcpy(text + n, "\n{}\n", 4);
    FILE *in = fmemopen(text, n + 4, "r");
    eri_rec_reader *rr = eri_rec_open(in, ERI_REC_JSONL);
    eri_rec r;
    assert_int_equal(eri_rec_next(rr, &r), 1);
    assert_true(r.too_long);
    assert_int_equal(r.len, ERI_REC_MAX);
    char *msgs = NULL, *id = NULL;
    assert_null(jsonl(r.text, 0, &msgs, &id)); /* (the reader says so; here: an empty record) */
    free(msgs);
    free(r.text);
    assert_int_equal(eri_rec_next(rr, &r), 1); /* the next line is read as usual */
    assert_string_equal(r.text, "{}");
    assert_int_equal(r.line, 2);
    free(r.text);
    eri_rec_close(rr);
    fclose(in);
    free(text);
}

/* ---- the plain JSON reader (records_jsonl.c: plain) against yajl --------
 * A record read by the plain reader gives the same facts, id and
 * diagnostics, byte for byte, as yajl's reading of it: on hand-picked
 * records and on 20,000 random mutations of them (bytes deleted, inserted,
 * replaced by JSON's punctuation, escapes, multibyte and invalid UTF-8). */

static const char *const seeds[] = {
    "{\"id\": \"E1\", \"subject\": \"甲\", \"facts\": {\"managers\": 42, \"share\": 0.1, \"survey\": \"92.5%\", "
    "\"records\": \"18/20\", \"delivery\": true, \"team\": \"张三\", \"channel\": \"offline\"}}",
    "{\"id\":7,\"facts\":{\"managers\":-0,\"share\":1.5e2,\"survey\":null,\"delivery\":false},"
    "\"exclude\":[{\"indicator\":\"5.3\",\"reason\":\"none\"}]}",
    "  {\"facts\": {\"managers\": 3, \"share\": -2.25E-1}, \"id\": \"x\"}  ",
    "{\"id\":\"E2\",\"facts\":{\"managers\":[1],\"share\":{}}}",
    "{\"id\":\"E3\",\"exclude\":[{\"indicator\":\"5.3\"}],\"facts\":{}}",
    "{\"id\":\"E4\",\"facts\":{\"nosuch\":1,\"managers\":\"x\"},\"subject\":null}",
    "[{\"id\":\"E5\"}]",
    "{\"id\":true}",
    "{\"id\":\"E6\",\"id\":\"E7\"}",
    "{\"id\":\"E8\",\"facts\":{\"team\":\"a\\\"b\\u00e9\"}}",
};

/* What reading text gives: the diagnostics, the id and every fact's value,
 * as one string (malloc'd). */
static char *reading(const char *text, size_t len, bool plain)
{
    char *out = NULL;
    size_t n;
    FILE *m = open_memstream(&out, &n);
    er_diag *d = er_diag_new(m);
    char *copy = malloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    eri_rec rec = {.text = copy, .len = len, .line = 3};
    char *id = NULL;
    eri_jsonl_set_plain(plain);
    er_facts *f = eri_jsonl_facts(rules, "r.jsonl", &rec, &id, d);
    eri_jsonl_set_plain(true);
    er_diag_free(d);
    fprintf(m, "\nid=%s facts=%s subject=%s\n", id ? id : "(none)", f ? "yes" : "no", er_facts_subject(f));
    for (uint32_t i = 0; f && i < rules->nfacts; i++) {
        char buf[128];
        fprintf(m, "%s=%s\n", rules->facts[i].name, eri_facts_value_text(f, (int32_t)i, buf, sizeof buf));
    }
    fclose(m);
    er_facts_free(f);
    free(id);
    free(copy);
    return out;
}

static void same(const char *text, size_t len)
{
    char *a = reading(text, len, true), *b = reading(text, len, false);
    if (strcmp(a, b) != 0)
        fail_msg("record '%.*s'\nplain:\n%s\nyajl:\n%s", (int)len, text, a, b);
    free(a);
    free(b);
}

static void test_seeds_read_alike(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++)
        same(seeds[i], strlen(seeds[i]));
    char *valid = reading(seeds[0], strlen(seeds[0]), true); /* and the plain reader did read it */
    assert_non_null(strstr(valid, "facts=yes"));
    assert_non_null(strstr(valid, "team=张三"));
    free(valid);
}

static void test_mutations_read_alike(void **state)
{
    (void)state;
    static const char *const bits[] = {"{", "}", "[", "]", "\"", ":", ",", " ", "\\", "\\u00e9", "0", "-", ".",
                                       "e", "1e", "tru", "null", "\t", "\n", "\x01", "\xC3", "\xE5\x8F", "é"};
    unsigned long x = 12345;
    char buf[1024];
    for (int k = 0; k < 20000; k++) {
        const char *s = seeds[k % (sizeof seeds / sizeof *seeds)];
        size_t len = strlen(s);
        memcpy(buf, s, len);
        for (int m = 0; m < 1 + k % 3; m++) {
            x = x * 6364136223846793005UL + 1442695040888963407UL;
            size_t at = (size_t)(x >> 33) % (len + 1);
            const char *bit = bits[(x >> 20) % (sizeof bits / sizeof *bits)];
            size_t bl = strlen(bit), op = (x >> 13) % 3;
            if (op == 0 && at < len) { /* delete a byte */
                memmove(buf + at, buf + at + 1, len - at - 1);
                len--;
            } else if (len + bl < sizeof buf) { /* insert, or replace a byte */
                size_t cut = op == 2 && at < len;
                memmove(buf + at + bl, buf + at + cut, len - at - cut);
                memcpy(buf + at, bit, bl);
                len = len + bl - cut;
            }
        }
        same(buf, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonl_record_typed_as_facts),
        cmocka_unit_test(test_jsonl_exclusion_and_null),
        cmocka_unit_test(test_jsonl_errors_name_the_record),
        cmocka_unit_test(test_jsonl_hostile),
        cmocka_unit_test(test_csv_rows),
        cmocka_unit_test(test_csv_header_errors),
        cmocka_unit_test(test_split_rows_and_lines),
        cmocka_unit_test(test_split_too_long),
        cmocka_unit_test(test_seeds_read_alike),
        cmocka_unit_test(test_mutations_read_alike),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
