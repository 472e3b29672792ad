/* test_seal.c — SHA-256 (digest.c, Nettle) against the known test vectors,
 * the digests of what was read (seal.c), the seal of a result
 * (report_json.c) and evalrules verify's check (verify.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "evalrules.h"
#include "facts.h"
#include "seal.h"

/* FIPS 180-2 (appendix B) and NIST's example values. */
static void test_sha256_vectors(void **state)
{
    (void)state;
    char hex[ERI_SHA256_HEX];
    eri_sha256_of("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    eri_sha256_of("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    eri_sha256_of(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* a million 'a', given in pieces of uneven length */
    char a[1000];
    memset(a, 'a', sizeof a);
    eri_sha256 h;
    eri_sha256_init(&h);
    for (size_t done = 0, k = 1; done < 1000000; done += k, k = k % 997 + 1)
        eri_sha256_update(&h, a, done + k > 1000000 ? 1000000 - done : k);
    eri_sha256_hex(&h, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* the context starts afresh after a digest */
    eri_sha256_update(&h, "abc", 3);
    eri_sha256_hex(&h, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static const char rules_text[] = "fact a : int range 0..10\n"
                                 "indicator 1 \"一\" points 10 {\n"
                                 "  item 1.1 \"甲\" points 10 { score points * a / 10 }\n"
                                 "}\n"
                                 "rating { level \"好\" at 8 otherwise \"差\" }\n";
static const char facts_text[] = "subject = \"某公司\"\na = 9\n";

typedef struct run {
    er_diag *d;
    er_rules *r;
    er_facts *f;
    er_result *res;
} run;

static void start(run *x, const char *facts)
{
    x->d = er_diag_new(NULL);
    x->r = er_rules_load_string("t.rules", rules_text, strlen(rules_text), x->d);
    assert_non_null(x->r);
    x->f = er_facts_load_string(x->r, "t.facts", facts, strlen(facts), x->d);
    assert_non_null(x->f);
    x->res = er_eval(x->r, x->f, x->d);
    assert_non_null(x->res);
}

static void stop(run *x)
{
    er_result_free(x->res);
    er_facts_free(x->f);
    er_rules_free(x->r);
    er_diag_free(x->d);
}

static char *json_of(const er_result *res, size_t *len)
{
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    assert_non_null(m);
    assert_int_equal(er_report_json(m, res), 0);
    fclose(m);
    return buf;
}

/* The seal is the SHA-256 of the JSON report's bytes before its seal line,
 * the file digests those of the bytes read (a string source's: its bytes). */
static void test_seal_is_the_json_reports(void **state)
{
    (void)state;
    run x;
    start(&x, facts_text);
    er_seal s;
    assert_int_equal(er_result_seal(x.res, &s), 0);
    char hex[ERI_SHA256_HEX];
    eri_sha256_of(rules_text, strlen(rules_text), hex);
    assert_string_equal(s.rules, hex);
    eri_sha256_of(facts_text, strlen(facts_text), hex);
    assert_string_equal(s.facts, hex);
    assert_string_equal(s.scheme, "");
    assert_string_equal(s.version, er_version());
    size_t len;
    char *json = json_of(x.res, &len);
    char *line = strstr(json, "\n" ERI_SEAL_LINE);
    assert_non_null(line);
    eri_sha256_of(json, (size_t)(line + 1 - json), hex);
    assert_string_equal(s.seal, hex);
    char want[100];
    snprintf(want, sizeof want, ERI_SEAL_LINE "%s\"\n  }\n}\n", s.seal);
    assert_string_equal(line + 1, want); /* the seal is the last member */
    /* the same result gives the same seal: nothing of the moment is in it */
    er_seal again;
    assert_int_equal(er_result_seal(x.res, &again), 0);
    assert_memory_equal(&s, &again, sizeof s);
    free(json);
    stop(&x);
}

/* One byte of the facts changes their digest and the seal. */
static void test_one_byte(void **state)
{
    (void)state;
    run x, y;
    start(&x, facts_text);
    start(&y, "subject = \"某公司\"\na = 9 \n"); /* the same values */
    er_seal s, t;
    assert_int_equal(er_result_seal(x.res, &s), 0);
    assert_int_equal(er_result_seal(y.res, &t), 0);
    assert_string_equal(s.rules, t.rules);
    assert_string_not_equal(s.facts, t.facts);
    assert_string_not_equal(s.seal, t.seal);
    stop(&x);
    stop(&y);
}

/* Facts with an overlay: the digest of the layers' digests (seal.h). */
static void test_overlay_digest(void **state)
{
    (void)state;
    run x;
    start(&x, facts_text);
    const char over[] = "a = 3\n";
    assert_true(er_facts_overlay_string(x.f, "over", over, strlen(over), x.d));
    char got[ERI_SHA256_HEX], file[ERI_SHA256_HEX], layer[ERI_SHA256_HEX], want[ERI_SHA256_HEX];
    eri_seal_facts(x.f, got);
    eri_sha256_of(facts_text, strlen(facts_text), file);
    eri_sha256_of(over, strlen(over), layer);
    char text[300];
    int n = snprintf(text, sizeof text, "evalrules facts layers\n%s\n%s\n", file, layer);
    eri_sha256_of(text, (size_t)n, want);
    assert_string_equal(got, want);
    stop(&x);
}

/* The text and HTML reports show the JSON report's seal. */
static void test_text_and_html_show_it(void **state)
{
    (void)state;
    run x;
    start(&x, facts_text);
    er_seal s;
    assert_int_equal(er_result_seal(x.res, &s), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    er_report_text(m, x.res, NULL);
    assert_int_equal(er_report_html(m, x.res, NULL), 0);
    fclose(m);
    char want[120];
    snprintf(want, sizeof want, "  seal       %s\n", s.seal);
    assert_non_null(strstr(buf, want));
    snprintf(want, sizeof want, "<dd id=\"seal\"><code>%s</code>", s.seal);
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, s.rules));
    assert_non_null(strstr(buf, s.facts));
    free(buf);
    stop(&x);
}

static char dir[] = "/tmp/evalrules-seal.XXXXXX";

static void put_file(const char *name, const char *text, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* Remove the files of dir, then dir. */
static void remove_dir(const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static unsigned verify(const char *report, const char *rules, const char *facts, er_verification *v)
{
    char p[3][256];
    snprintf(p[0], sizeof p[0], "%s/%s", dir, report);
    snprintf(p[1], sizeof p[1], "%s/%s", dir, rules);
    snprintf(p[2], sizeof p[2], "%s/%s", dir, facts);
    er_diag *d = er_diag_new(NULL);
    assert_true(er_verify(p[0], p[1], p[2], NULL, v, d));
    er_diag_free(d);
    return v->differs;
}

/* verify: a report with its inputs matches; each part changed is named. */
static void test_verify(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    run x;
    start(&x, facts_text);
    size_t len;
    char *json = json_of(x.res, &len);
    put_file("r.json", json, len);
    put_file("t.rules", rules_text, strlen(rules_text));
    put_file("t.facts", facts_text, strlen(facts_text));
    put_file("u.facts", "subject = \"某公司\"\na = 9 \n", strlen(facts_text) + 1);
    put_file("u.rules", rules_text, strlen(rules_text) - 1); /* no last newline */
    er_verification v;
    assert_int_equal(verify("r.json", "t.rules", "t.facts", &v), 0);
    assert_string_equal(v.actual.seal, v.sealed.seal);
    assert_int_equal(verify("r.json", "t.rules", "u.facts", &v), ER_VERIFY_FACTS);
    assert_int_equal(verify("r.json", "u.rules", "t.facts", &v), ER_VERIFY_RULES);
    assert_int_equal(verify("r.json", "u.rules", "u.facts", &v), ER_VERIFY_RULES | ER_VERIFY_FACTS);
    /* the score edited: the seal no longer matches, and the line is found */
    char *score = strstr(json, "\"score\": \"9\"");
    assert_non_null(score);
    score[10] = '8';
    put_file("e.json", json, len);
    assert_int_equal(verify("e.json", "t.rules", "t.facts", &v), ER_VERIFY_REPORT);
    assert_int_equal(v.line, 12);
    assert_string_equal(v.found, "  \"score\": \"8\",");
    assert_string_equal(v.expected, "  \"score\": \"9\",");
    /* … and sealed again by hand: still caught, by evaluating the inputs */
    char *line = strstr(json, "\n" ERI_SEAL_LINE) + 1;
    eri_sha256_of(json, (size_t)(line - json), line + strlen(ERI_SEAL_LINE));
    line[strlen(ERI_SEAL_LINE) + 64] = '"';
    put_file("f.json", json, len);
    assert_int_equal(verify("f.json", "t.rules", "t.facts", &v), ER_VERIFY_REPORT);
    assert_string_equal(v.actual.seal, v.sealed.seal);
    assert_int_equal(v.line, 12);
    /* the file names are not compared: only the bytes */
    score[10] = '9';
    char *name = strstr(json, "\"facts_file\": \"t.facts\"");
    memcpy(name + 15, "x.facts", 7);
    put_file("n.json", json, len);
    assert_int_equal(verify("n.json", "t.rules", "t.facts", &v), ER_VERIFY_REPORT); /* the seal covers it */
    assert_int_equal(v.line, 0);
    /* a file that is no report */
    assert_int_equal(verify("t.facts", "t.rules", "t.facts", &v), ER_VERIFY_UNSEALED);
    put_file("cut.json", json, len / 2);
    assert_int_equal(verify("cut.json", "t.rules", "t.facts", &v), ER_VERIFY_UNSEALED);
    free(json);
    stop(&x);
    /* an unreadable input: false, and reported */
    er_diag *d = er_diag_new(NULL);
    char p[256];
    snprintf(p, sizeof p, "%s/r.json", dir);
    assert_false(er_verify(p, "/nonexistent/t.rules", "/nonexistent/t.facts", NULL, &v, d));
    assert_true(er_diag_io_failed(d));
    er_diag_free(d);
    const char *names[] = {"r.json", "t.rules", "t.facts", "u.facts", "u.rules", "e.json", "f.json", "n.json", "cut.json"};
    remove_dir(names, sizeof names / sizeof names[0]);
}

/* The report json[0..len) with the first `from` replaced by `to` and, when
 * reseal, sealed again by hand (the seal line's digest recomputed), put in
 * dir as name. */
static void put_edited(const char *name, const char *json, size_t len, const char *from, const char *to, bool reseal)
{
    const char *at = strstr(json, from);
    assert_non_null(at);
    size_t head = (size_t)(at - json), fl = strlen(from), tl = strlen(to), n = len - fl + tl;
    char *e = malloc(n + 1);
    assert_non_null(e);
    memcpy(e, json, head);
    memcpy(e + head, to, tl);
    memcpy(e + head + tl, at + fl, len - head - fl + 1);
    char *line = strstr(e, "\n" ERI_SEAL_LINE);
    if (reseal && line && strlen(line + 1 + strlen(ERI_SEAL_LINE)) > 64) {
        line++;
        eri_sha256_of(e, (size_t)(line - e), line + strlen(ERI_SEAL_LINE));
        line[strlen(ERI_SEAL_LINE) + 64] = '"';
    }
    put_file(name, e, n);
    free(e);
}

/* A fresh dir (test_verify used the template) with the rules and facts
 * in it; x evaluated; its JSON report (*len bytes, the caller frees it),
 * *seal at the seal's digest in it. */
static char *seal_fixture(run *x, size_t *len, char **seal)
{
    strcpy(dir, "/tmp/evalrules-seal.XXXXXX");
    assert_non_null(mkdtemp(dir));
    start(x, facts_text);
    char *json = json_of(x->res, len);
    put_file("t.rules", rules_text, strlen(rules_text));
    put_file("t.facts", facts_text, strlen(facts_text));
    *seal = strstr(json, "\n" ERI_SEAL_LINE) + 1 + strlen(ERI_SEAL_LINE);
    return json;
}

/* verify reads the seal's members line by line (verify.c's read_seal): a
 * digest that is not 64 characters, null or escaped, a member missing or a
 * scheme without its name is no seal; the version changed and sealed again
 * is named as the version alone. */
static void test_verify_seal_lines(void **state)
{
    (void)state;
    run x;
    size_t len;
    char *seal, *json = seal_fixture(&x, &len, &seal);
    char digest[65];
    snprintf(digest, sizeof digest, "%.64s", seal);
    char short_seal[80], whole_seal[80];
    snprintf(short_seal, sizeof short_seal, "\"%.63s\"", digest); /* 63 hex digits */
    snprintf(whole_seal, sizeof whole_seal, "\"%.64s\"", digest);
    er_verification v;
    put_edited("a.json", json, len, whole_seal, short_seal, false);
    assert_int_equal(verify("a.json", "t.rules", "t.facts", &v), ER_VERIFY_UNSEALED);
    put_edited("b.json", json, len, whole_seal, "null", false);
    assert_int_equal(verify("b.json", "t.rules", "t.facts", &v), ER_VERIFY_UNSEALED);
    put_edited("c.json", json, len, "    \"rules_sha256\": \"", "    \"rules_sha256\": \"\\u0030", true);
    assert_int_equal(verify("c.json", "t.rules", "t.facts", &v), ER_VERIFY_UNSEALED);
    put_edited("d.json", json, len, "    \"facts_sha256\": ", "    \"facts_digest\": ", true);
    assert_int_equal(verify("d.json", "t.rules", "t.facts", &v), ER_VERIFY_UNSEALED);
    put_edited("e.json", json, len, "\n  \"scheme\": {\n    \"name\": ", "\n  \"scheme\": {\n    \"nom\": ", true);
    assert_int_equal(verify("e.json", "t.rules", "t.facts", &v), ER_VERIFY_UNSEALED);
    char version[80];
    snprintf(version, sizeof version, "    \"evalrules\": \"%s\"", er_version());
    put_edited("f.json", json, len, version, "    \"evalrules\": \"0.0.1\"", true);
    assert_int_equal(verify("f.json", "t.rules", "t.facts", &v), ER_VERIFY_VERSION);
    assert_string_equal(v.sealed.version, "0.0.1");
    assert_string_equal(v.actual.version, er_version());
    free(json);
    stop(&x);
    const char *names[] = {"t.rules", "t.facts", "a.json", "b.json", "c.json", "d.json", "e.json", "f.json"};
    remove_dir(names, sizeof names / sizeof names[0]);
}


/* More reports verify turns down or finds different: digests that are no
 * quoted 64-character text, a seal without its opening line, a report
 * without its scheme or a member of its seal, a report cut after its seal
 * (the end of the report is where it differs), a changed line with a
 * control character (shown escaped), and a scheme file that cannot be
 * read or is not the one sealed. */
static void test_verify_more(void **state)
{
    (void)state;
    run x;
    size_t len;
    char *seal, *json = seal_fixture(&x, &len, &seal);
    char whole_seal[80], long_seal[90];
    snprintf(whole_seal, sizeof whole_seal, "\"%.64s\"", seal);
    snprintf(long_seal, sizeof long_seal, "\"%.64sab\"", seal);
    er_verification v;
    static const char *const unsealed[][2] = {
        {NULL, "\"ab\""}, {NULL, "12"}, {NULL, "1"}, {NULL, NULL},
        {"\n  \"seal\": {\n", "\n  \"seal\":  {\n"},
        {"\n  \"scheme\": {\n", "\n  \"schema\": {\n"},
        {"    \"evalrules\": ", "    \"evalrulez\": "},
        {"    \"rules_sha256\": ", "    \"rules_digest\": "},
        {"    \"scheme_sha256\": ", "    \"scheme_digest\": "},
    };
    for (size_t i = 0; i < sizeof unsealed / sizeof unsealed[0]; i++) {
        bool digest = unsealed[i][0] == NULL;
        put_edited("a.json", json, len, digest ? whole_seal : unsealed[i][0],
                   digest ? (unsealed[i][1] ? unsealed[i][1] : long_seal) : unsealed[i][1], !digest);
        if (verify("a.json", "t.rules", "t.facts", &v) != ER_VERIFY_UNSEALED)
            fail_msg("edit %zu: expected no seal, got %u", i, v.differs);
    }
    /* cut right after the seal's digest line: sealed, but the report ends early */
    size_t cut = (size_t)(strchr(seal, '\n') - json);
    put_file("b.json", json, cut);
    assert_int_equal(verify("b.json", "t.rules", "t.facts", &v), ER_VERIFY_REPORT);
    assert_string_equal(v.found, "(the end of the report)");
    assert_string_equal(v.expected, "  }");
    /* a control character in a changed line */
    put_edited("c.json", json, len, "\"score\": \"9\"", "\"score\": \"\x1b" "9\"", false);
    assert_int_equal(verify("c.json", "t.rules", "t.facts", &v), ER_VERIFY_REPORT);
    assert_string_equal(v.found, "  \"score\": \"\\x1B9\",");
    /* a scheme file: unreadable, or not the one sealed */
    put_file("r.json", json, len);
    put_file("bad.scheme", "scheme {\n", 9);
    char p[4][256];
    const char *files[] = {"r.json", "t.rules", "t.facts", "bad.scheme"};
    for (int i = 0; i < 4; i++)
        snprintf(p[i], sizeof p[i], "%s/%s", dir, files[i]);
    er_diag *d = er_diag_new(NULL);
    assert_false(er_verify(p[0], p[1], p[2], "/nonexistent/x.scheme", &v, d));
    assert_true(er_diag_io_failed(d));
    er_diag_free(d);
    d = er_diag_new(NULL); /* not the scheme sealed (none was): said so, not loaded */
    assert_true(er_verify(p[0], p[1], p[2], p[3], &v, d));
    assert_int_equal(v.differs, ER_VERIFY_SCHEME);
    assert_int_equal(er_diag_errors(d), 0);
    er_diag_free(d);
    free(json);
    stop(&x);
    const char *names[] = {"t.rules", "t.facts", "a.json", "b.json", "c.json", "r.json", "bad.scheme"};
    remove_dir(names, sizeof names / sizeof names[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),       cmocka_unit_test(test_seal_is_the_json_reports),
        cmocka_unit_test(test_one_byte),             cmocka_unit_test(test_overlay_digest),
        cmocka_unit_test(test_text_and_html_show_it), cmocka_unit_test(test_verify),
        cmocka_unit_test(test_verify_seal_lines),  cmocka_unit_test(test_verify_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
