/* test_records_plain.c — a JSON Lines record read by the plain reader
 * (records_jsonl.c: plain, which reads most records without yajl) gives
 * the same facts, id and diagnostics, byte for byte, as yajl's reading of
 * it: on hand-picked records and on 20,000 random mutations of them
 * (bytes deleted, inserted, replaced by JSON's punctuation, escapes,
 * multibyte and invalid UTF-8). */
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

static er_rules *rules;

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
    er_diag *d = er_diag_new(NULL);
    rules = er_rules_load_string("t.rules", rules_text, sizeof rules_text - 1, d);
    er_diag_free(d);
    if (!rules)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds_read_alike),
        cmocka_unit_test(test_mutations_read_alike),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    er_rules_free(rules);
    return rc;
}
