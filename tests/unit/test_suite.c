/* test_suite.c — unit tests for test files (suite.c) and coverage
 * (coverage.c): every error of the reader, comparing expectations,
 * rewriting them byte for byte, and coverage counts on a small rules text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evalrules.h"
#include "evalrules_tools.h"
#include "support.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static const char rules_text[] =
    "standard \"T/SUITE-1\"\n"
    "fact ok   : bool    \"是否符合\"\n"
    "fact s    : sample  \"抽样\"\n"
    "fact g    : percent \"满意度\" range 0%..100%\n"
    "fact n    : int     \"扣分项数\" range 0..\n"
    "fact b    : int     \"加分项数\" range 0.. default 0\n"
    "fact skip : bool    \"是否不适用\"\n"
    "fact hist : bool    \"是否满一年\"\n"
    "indicator 1 \"测试\" points 10 {\n"                                         /* 9 */
    "  item 1.1 \"符合性\" points 4 { pass when ok }\n"                          /* 10 */
    "  item 1.2 \"抽样\" points 3 { ratio s }\n"                                 /* 11 */
    "  indicator 1.3 \"可删减\" points 3 {\n"                                    /* 12 */
    "    exclude when skip because \"不适用\"\n"                                 /* 13 */
    "    item 1.3.1 \"分档\" points 3 { grade g { >= 90% : 100%  >= 80% : 50% } }\n"
    "  }\n"
    "}\n"
    "total { normalize to 100  deduct \"扣分\" n  bonus \"加分\" b cap 1  round half_up to 0.1 }\n"
    "veto \"扣分达3项\" when n >= 3\n"
    "rating { level \"甲\" at 90  level \"乙\" at 60  otherwise \"未评级\"\n"
    "         cap \"乙\" unless hist because \"须满一年\" }\n";

/* all full: 100.0, 甲 */
#define GOOD "  ok = yes\n  s = 10/10\n  g = 95%\n  n = 0\n  skip = no\n  hist = yes\n"
/* the same with three deductions: 97.0, vetoed */
#define N3 "  ok = yes\n  s = 10/10\n  g = 95%\n  n = 3\n  skip = no\n  hist = yes\n"

static er_rules *rules(void)
{
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load_string("t.rules", rules_text, strlen(rules_text), d);
    assert_non_null(r);
    er_diag_free(d);
    return r;
}

typedef struct loaded {
    er_suite *s;
    char *out; /* diagnostics */
    size_t len;
    unsigned errors;
} loaded;

static loaded load(const er_rules *r, const char *name, const char *text)
{
    loaded x = {0};
    FILE *m = open_memstream(&x.out, &x.len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    x.s = er_suite_load_string(r, name, text, strlen(text), d);
    x.errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    return x;
}

static void unload(loaded *x)
{
    er_suite_free(x->s);
    free(x->out);
}

/* Run every case; the output in *out (caller frees). */
static er_suite_tally run(const er_suite *s, char **out, const er_suite_opts *o)
{
    size_t len;
    FILE *m = open_memstream(out, &len);
    assert_non_null(m);
    er_suite_tally t = {0, 0};
    assert_int_equal(er_suite_run(s, m, o, &t), 0);
    fclose(m);
    return t;
}

/* The errors reported for a test file text, as header lines. */
static char *errors_of(const er_rules *r, const char *text)
{
    loaded x = load(r, "t.tests", text);
    assert_null(x.s);
    char *h = headers(x.out);
    free(x.out);
    return h;
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */
/* ---------------------------------------------------------------------- */

static void test_load_ok(void **state)
{
    (void)state;
    er_rules *r = rules();
    loaded x = load(r, "t.tests",
                    "# a comment\n\n"
                    "case \"全部符合\"   # trailing comment\n" GOOD
                    "  expect score 100.0\n  expect level 甲\n  expect veto none\n"
                    "case \"第二个\"\n" GOOD "  expect earned 1.1 4\n");
    assert_string_equal(x.out ? x.out : "", "");
    assert_non_null(x.s);
    assert_int_equal(er_suite_cases(x.s), 2);
    assert_string_equal(er_suite_case_name(x.s, 0), "全部符合");
    assert_string_equal(er_suite_case_name(x.s, 1), "第二个");
    assert_null(er_suite_case_name(x.s, 2));
    unload(&x);
    er_rules_free(r);
}

/* Every kind of error, all reported in one run, each at its line and column. */
static void test_load_errors(void **state)
{
    (void)state;
    er_rules *r = rules();
    char *h = errors_of(r, "stray\n"                          /* 1 */
                           "case \"a\"\n" GOOD                /* 2, 3-8 */
                           "  expct score 95\n"               /* 9 */
                           "  expect scor 95\n"               /* 10 */
                           "  expect score high\n"            /* 11 */
                           "  expect level 丙\n"              /* 12 */
                           "  expect veto \"扣分\"\n"         /* 13 */
                           "  expect earned 1.9 2\n"          /* 14 */
                           "  expect earned 1.1 x\n"          /* 15 */
                           "  expect vetoes -1\n"             /* 16 */
                           "  expect score 100 extra\n"       /* 17 */
                           "  expect score 100\n"             /* 18 */
                           "  expect score 90\n"              /* 19 */
                           "  b = maybe\n"                    /* 20 */
                           "  okk = yes\n"                    /* 21 */
                           "  exclude 1.9 \"x\"\n"            /* 22 */
                           "case \"a\"\n"                     /* 23 */
                           "  expect score 1\n"               /* 24 */
                           "case \"nothing\"\n"               /* 25 */
                           "case \"err\"\n"                   /* 26 */
                           "  expect error \"missing\"\n"     /* 27 */
                           "  expect level none\n"            /* 28 */
                           "case \"f\"\n"                     /* 29 */
                           "  facts no-such.facts\n"          /* 30 */
                           "  facts other.facts\n"            /* 31 */
                           "  expect veto none\n"             /* 32 */
                           "  expect veto \"扣分达3项\"\n"    /* 33 */
                           "  expect excluded 1.3 now\n"      /* 34 */
                           "case 名字\n"                      /* 35 */
                           "  expect error missing\n");       /* 36 */
    assert_string_equal(h,
        "t.tests:1:1: error: expected 'case \"name\"' to start a test case\n"
        "t.tests:9:3: error: unknown keyword 'expct'; did you mean 'expect'?\n"
        "t.tests:10:10: error: unknown expectation 'scor'; did you mean 'score'?\n"
        "t.tests:11:16: error: expected a score such as 95.0, found 'high'\n"
        "t.tests:12:16: error: unknown level '丙'; did you mean '乙'? (the levels: 甲 … 乙)\n"
        "t.tests:13:15: error: no veto has the message '扣分'; did you mean \"扣分达3项\"?\n"
        "t.tests:14:17: error: unknown indicator '1.9'; did you mean '1.1'?\n"
        "t.tests:15:21: error: expected points such as 3.75, 15/4 or 3.866667…, found 'x'\n"
        "t.tests:16:17: error: expected a count of vetoes, found '-1'\n"
        "t.tests:17:20: error: unexpected text after the expected value: 'extra'\n"
        "t.tests:19:10: error: this case already expects a score (line 18)\n"
        "t.tests:20:7: error: expected a whole number for 'b' (int), found 'maybe'\n"
        "t.tests:21:3: error: unknown fact 'okk'; did you mean 'ok'?\n"
        "t.tests:22:11: error: unknown indicator '1.9'; did you mean '1.1'?\n"
        "t.tests:23:6: error: a case named \"a\" already exists (line 2)\n"
        "t.tests:25:6: error: case \"nothing\" expects nothing; add at least one line such as 'expect score 95.0'\n"
        "t.tests:28:10: error: a case that expects an error (line 27) cannot expect results too\n"
        "t.tests:31:3: error: this case already names its facts file (line 30)\n"
        "t.tests:33:15: error: 'expect veto none' and an expected veto contradict each other (line 32)\n"
        "t.tests:34:23: error: unexpected text after the indicator id: 'now'\n"
        "t.tests:30:9: error: cannot read the facts file 'no-such.facts': No such file or directory\n"
        "t.tests:35:6: error: a case needs a quoted name: case \"五星级下限\"\n"
        "t.tests:36:16: error: expect error takes a quoted text: expect error \"missing fact\"\n");
    free(h);
    h = errors_of(r, "# nothing but comments\n");
    assert_string_equal(h, "t.tests: error: no test cases: start one with 'case \"name\"'\n");
    free(h);
    er_rules_free(r);
}

/* The test file's own lines are scanned like facts lines (factline.h):
 * strings, escapes, control characters and invalid UTF-8 are worded the
 * same, on the test file's lines and in its facts lines alike. */
static void test_scanner_errors(void **state)
{
    (void)state;
    er_rules *r = rules();
    char *h = errors_of(r, "\xEF\xBB\xBF" "case \"a\\q\"\r\n"  /* 1: after a byte order mark (not a column) */
                           "case \"b\"\n" GOOD                  /* 2, 3-8 */
                           "  expect error \"x\\张\"\n"         /* 9 */
                           "  expect veto \"open\n"             /* 10 */
                           "  expect level \x01\n"              /* 11 */
                           "  expect level \xFF\n"              /* 12 */
                           "  b = \"\\q\"\n"                   /* 13: a facts line, read by facts.c */
                           "  ok = \x02\n");                    /* 14 */
    assert_string_equal(h,
        "t.tests:1:8: error: unknown escape '\\q' in a string; use \\\" \\\\ \\n or \\t\n"
        "t.tests:9:18: error: unknown escape '\\张' in a string; use \\\" \\\\ \\n or \\t\n"
        "t.tests:10:15: error: unterminated string: the closing \" is missing\n"
        "t.tests:11:16: error: unexpected control character 0x01\n"
        "t.tests:12:16: error: invalid UTF-8 (byte 0xFF)\n"
        "t.tests:14:8: error: unexpected control character 0x02\n"
        "t.tests:13:8: error: unknown escape '\\q' in a string; use \\\" \\\\ \\n or \\t\n");
    free(h);
    er_rules_free(r);
}

/* A case with a facts file and overriding lines: an error in an inline fact
 * is reported at the test file's own line and column, with its caret. */
static void test_facts_file_and_overrides(void **state)
{
    (void)state;
    er_rules *r = rules();
    char dir[] = "/tmp/er-suite-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char facts[64], tests[64];
    snprintf(facts, sizeof facts, "%s/base.facts", dir);
    snprintf(tests, sizeof tests, "%s/t.tests", dir);
    FILE *f = fopen(facts, "w");
    assert_non_null(f);
    fputs("ok = yes\ns = 10/10\ng = 95%\nn = 0\nskip = no\nhist = yes\n", f);
    fclose(f);

    loaded x = load(r, tests, "case \"override\"\n  facts base.facts\n  s = 5/10   # half\n  expect earned 1.2 1.5\n"
                              "  expect score 85.0\n  expect level 乙\n");
    assert_non_null(x.s);
    char *out;
    er_suite_tally t = run(x.s, &out, NULL);
    assert_int_equal(t.passed, 1);
    assert_int_equal(t.failed, 0);
    assert_string_equal(out, "ok   override\n");
    free(out);
    unload(&x);

    x = load(r, tests, "# line 1\ncase \"bad inline\"\n  facts base.facts\n\n  g = 120%\n  expect score 1\n");
    assert_null(x.s);
    char expect[512];
    snprintf(expect, sizeof expect,
             "%s:5:7: error: value 120%% for 'g' is outside its range 0%%..100%%\n"
             "    5 |   g = 120%%\n"
             "      |       ^~~~\n", tests);
    assert_string_equal(x.out, expect);
    unload(&x);
    remove(facts);
    rmdir(dir);
    er_rules_free(r);
}

/* ---------------------------------------------------------------------- */
/* Comparing expectations                                                  */
/* ---------------------------------------------------------------------- */

static void test_compare(void **state)
{
    (void)state;
    er_rules *r = rules();
    /* s = 1/3 of 3 points: earned 1; g 85% → half of 3; total 4 + 1 + 1.5 = 6.5 of 10 → 65.0 */
    loaded x = load(r, "t.tests",
                    "case \"exact forms\"\n  ok = yes\n  s = 1/3\n  g = 85%\n  n = 0\n  skip = no\n  hist = yes\n"
                    "  expect score 65\n"             /* 65 == 65.0 */
                    "  expect level 乙\n"
                    "  expect earned 1.2 1\n"
                    "  expect earned 1 13/2\n"
                    "  expect earned total 6.5\n"
                    "  expect applicable 1.3 3\n"
                    "  expect vetoes 0\n"
                    "case \"rounded forms\"\n  ok = yes\n  s = 2/3\n  g = 95%\n  n = 0\n  skip = no\n  hist = yes\n"
                    "  expect earned 1.2 2\n"
                    "  expect score 90.0\n"
                    "case \"thirds\"\n  ok = yes\n  s = 2/9\n  g = 95%\n  n = 0\n  skip = no\n  hist = yes\n"
                    "  expect earned 1.2 0.666667…\n" /* 2/3 rounded to 6 places */
                    "  expect earned 1 23/3\n"
                    "  expect earned total 23/3\n"
                    "  expect applicable total 10\n"
                    "case \"wrong\"\n  ok = no\n  s = 2/9\n  g = 50%\n  n = 3\n  skip = yes\n  hist = no\n"
                    "  expect score 10.0\n"
                    "  expect level 甲\n"
                    "  expect veto none\n"
                    "  expect earned 1.2 0.66…\n" /* 2/3 rounds to 0.67 */
                    "  expect applicable total 10\n"
                    "  expect excluded 1.1\n"
                    "case \"vetoed\"\n  ok = no\n  s = 0/9\n  g = 50%\n  n = 3\n  skip = yes\n  hist = no\n"
                    "  expect veto \"扣分达3项\"\n  expect vetoes 1\n  expect level 未评级\n"
                    "case \"missing\"\n  ok = yes\n  expect error \"missing fact 's'\"\n"
                    "case \"missing, other text\"\n  ok = yes\n  expect error \"division by zero\"\n"
                    "case \"not missing\"\n" GOOD "  expect error \"missing\"\n");
    assert_string_equal(x.out ? x.out : "", "");
    char *out;
    er_suite_opts o = {.filter = NULL};
    er_suite_tally t = run(x.s, &out, &o);
    assert_int_equal(t.passed, 5);
    assert_int_equal(t.failed, 3);
    char *h = strstr(out, "FAIL wrong\n");
    assert_non_null(h);
    /* 2/3 earned of 7 applicable (1.1 failed; 1.2: 2/9 of 3; 1.3 excluded) = 9.5238… − 3 → 6.5 */
    assert_non_null(strstr(h, "     t.tests:42: score: expected 10.0, actual 6.5\n"));
    assert_non_null(strstr(h, "     t.tests:43: level: expected 甲, actual none\n"));
    assert_non_null(strstr(h, "     t.tests:44: veto: expected none, actual \"扣分达3项\"\n"));
    assert_non_null(strstr(h, "     t.tests:45: earned 1.2: expected 0.66…, actual 2/3 (≈ 0.666667…)\n"));
    assert_non_null(strstr(h, "     t.tests:46: applicable total: expected 10, actual 7\n"));
    assert_non_null(strstr(h, "     t.tests:47: excluded 1.1: expected not applicable, actual applicable (4 points)\n"));
    assert_non_null(strstr(h, "     Where points were lost\n")); /* the explanation follows */
    assert_null(strstr(h, "Indicator ")); /* without the indicator table */
    assert_non_null(strstr(out, "ok   exact forms\nok   rounded forms\nok   thirds\n"));
    assert_non_null(strstr(out, "ok   vetoed\nok   missing\nFAIL missing, other text\n"));
    assert_non_null(strstr(out, "     t.tests:63: error: expected \"division by zero\", actual other errors (below)\n"));
    assert_non_null(strstr(out, "     | t.tests: error: missing fact 's'"));
    assert_non_null(strstr(out, "FAIL not missing\n     t.tests:71: error: expected \"missing\", actual it evaluated"));
    free(out);

    /* --filter runs only matching cases; without out nothing is printed */
    o.filter = "missing";
    er_suite_tally t2 = {0, 0};
    assert_int_equal(er_suite_run(x.s, NULL, &o, &t2), 0);
    assert_int_equal(t2.passed, 1);
    assert_int_equal(t2.failed, 2);
    unload(&x);
    er_rules_free(r);
}

/* ---------------------------------------------------------------------- */
/* Updating                                                                */
/* ---------------------------------------------------------------------- */

static void test_update(void **state)
{
    (void)state;
    er_rules *r = rules();
    const char *text = "# update me  \r\n"
                       "case \"wrong\"   # keep\n" N3
                       "  expect score  99.9   # was right once\n"
                       "  expect level 乙\n"
                       "  expect veto none\n"
                       "  expect vetoes 0\n"
                       "  expect earned 1.2 3/1   # right already, written oddly\n"
                       "  expect applicable total 9\n"
                       "  expect excluded 1.3\n"
                       "\n"
                       "case \"right, no score\"\n"
                       "\t" "ok = yes\n\ts = 1/3\n\tg = 95%\n\tn = 0\n\tskip = yes\n\thist = yes\n"
                       "\texpect level 乙\n"
                       "# between cases\n"
                       "case \"vetoes listed\"\n" GOOD
                       "  expect veto \"扣分达3项\"\n"
                       "  expect level 甲\n"
                       "case \"evaluates now\"\n" GOOD
                       "  expect error \"missing\"\n"
                       "case \"cannot evaluate\"\n  ok = yes\n  expect score 1.0\n"
                       "case \"last, no newline\"\n" GOOD "  expect level 甲";
    const char *want = "# update me  \r\n"
                       "case \"wrong\"   # keep\n" N3
                       "  expect score  97.0   # was right once\n"
                       "  expect level none\n"
                       "  expect veto \"扣分达3项\"\n"
                       "  expect vetoes 1\n"
                       "  expect earned 1.2 3/1   # right already, written oddly\n"
                       "  expect applicable total 10\n"
                       "  expect applicable 1.3 3\n"
                       "\n"
                       "case \"right, no score\"\n"
                       "\t" "ok = yes\n\ts = 1/3\n\tg = 95%\n\tn = 0\n\tskip = yes\n\thist = yes\n"
                       "\texpect level 乙\n"
                       "\texpect score 71.4\n"
                       "# between cases\n"
                       "case \"vetoes listed\"\n" GOOD
                       "  expect veto none\n"
                       "  expect level 甲\n"
                       "  expect score 100.0\n"
                       "case \"evaluates now\"\n" GOOD
                       "  expect score 100.0\n"
                       "case \"cannot evaluate\"\n  ok = yes\n  expect score 1.0\n"
                       "case \"last, no newline\"\n" GOOD "  expect level 甲\n  expect score 100.0";
    loaded x = load(r, "t.tests", text);
    assert_non_null(x.s);
    size_t len = 0, changed = 0, failed = 0;
    char *out = NULL;
    size_t olen;
    FILE *m = open_memstream(&out, &olen);
    char *got = er_suite_updated_text(x.s, m, NULL, &len, &changed, &failed);
    fclose(m);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(len, strlen(want));
    assert_int_equal(changed, 5);
    assert_int_equal(failed, 1);
    assert_non_null(strstr(out, "updated wrong\nupdated right, no score\nupdated vetoes listed\n"
                                "updated evaluates now\nFAIL    cannot evaluate (it does not evaluate: not updated)\n"));
    free(out);
    unload(&x);

    /* updated, the cases pass (all but the one that cannot evaluate) */
    x = load(r, "t.tests", got);
    assert_non_null(x.s);
    er_suite_tally t = run(x.s, &out, NULL);
    assert_int_equal(t.passed, 5);
    assert_int_equal(t.failed, 1);
    free(out);
    /* and a second update changes nothing */
    char *again = er_suite_updated_text(x.s, NULL, NULL, &len, &changed, &failed);
    assert_string_equal(again, got);
    assert_int_equal(changed, 0);
    free(again);
    free(got);
    unload(&x);
    er_rules_free(r);
}

/* --update writes what it states whole, whatever its length: a 700-digit
 * earned total and a 1,000-byte veto message (they were cut at 600 bytes). */
static void test_update_long_values(void **state)
{
    (void)state;
    char digits[701], msg[1001], *rules_text = NULL, *tests_text = NULL;
    memset(digits, '7', 700);
    digits[700] = '\0';
    for (size_t i = 0; i < 1000; i++)
        msg[i] = (char)('a' + i % 26);
    msg[1000] = '\0';
    size_t n = 0;
    FILE *m = open_memstream(&rules_text, &n);
    fprintf(m, "fact ok : bool \"ok\"\n"
               "indicator 1 \"一\" { item 1.1 \"甲\" points %s { pass when ok } }\n"
               "veto \"%s\" when ok\n", digits, msg);
    fclose(m);
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load_string("long.rules", rules_text, strlen(rules_text), d);
    assert_non_null(r);
    loaded x = load(r, "t.tests", "case \"long\"\n  ok = yes\n  expect earned total 1\n  expect veto none\n");
    assert_non_null(x.s);
    size_t len = 0, changed = 0, failed = 0;
    char *got = er_suite_updated_text(x.s, NULL, NULL, &len, &changed, &failed);
    assert_non_null(got);
    assert_int_equal(changed, 1);
    assert_non_null(strstr(got, digits));
    assert_non_null(strstr(got, msg));
    unload(&x);
    /* and the updated cases pass */
    x = load(r, "t.tests", got);
    assert_non_null(x.s);
    char *out = NULL;
    er_suite_tally t = run(x.s, &out, NULL);
    assert_int_equal(t.passed, 1);
    assert_int_equal(t.failed, 0);
    free(out);
    unload(&x);
    free(got);
    er_rules_free(r);
    er_diag_free(d);
    free(rules_text);
    free(tests_text);
}

/* er_suite_update writes the file in place; untouched bytes stay as they were. */
static void test_update_file(void **state)
{
    (void)state;
    er_rules *r = rules();
    char dir[] = "/tmp/er-suite-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.tests", dir);
    const char *text = "case \"x\"\n" GOOD "  expect score 1.0  # comment\n";
    FILE *w = fopen(path, "w");
    assert_non_null(w);
    fputs(text, w);
    fclose(w);
    er_diag *d = er_diag_new(stderr);
    er_suite *s = er_suite_load(r, path, d);
    assert_non_null(s);
    er_suite_tally t = {0, 0};
    FILE *null = fopen("/dev/null", "w");
    assert_true(er_suite_update(s, null, NULL, &t, d));
    fclose(null);
    assert_int_equal(t.passed, 1);
    er_suite_free(s);
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, "case \"x\"\n" GOOD "  expect score 100.0  # comment\n");
    remove(path);
    rmdir(dir);
    er_diag_free(d);
    er_rules_free(r);
}

static void write_file(const char *path, const char *text)
{
    FILE *w = fopen(path, "w");
    assert_non_null(w);
    fputs(text, w);
    fclose(w);
}

static void read_back(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* test --update rewrites the file safely (er_rewrite_file): its mode is
 * kept, and a symbolic link planted at a fixed name beside it (FILE.new,
 * FILE.tmp, FILE~, even the temporary name's pattern) is neither followed
 * nor replaced; nothing is left behind. */
static void test_update_safely(void **state)
{
    (void)state;
    static const char *const planted[] = {".new", ".tmp", "~", ".bak", ".swp", ".evalrules-XXXXXX"};
    enum { NPLANTED = sizeof planted / sizeof *planted };
    er_rules *r = rules();
    char dir[] = "/tmp/er-suite-XXXXXX", path[64], victim[64], link[96], target[96];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.tests", dir);
    snprintf(victim, sizeof victim, "%s/victim", dir);
    write_file(path, "case \"x\"\n" GOOD "  expect score 1.0\n");
    assert_int_equal(chmod(path, 0640), 0);
    write_file(victim, "untouched\n");
    for (int i = 0; i < NPLANTED; i++) {
        snprintf(link, sizeof link, "%s%s", path, planted[i]);
        assert_int_equal(symlink(victim, link), 0);
    }
    er_diag *d = er_diag_new(stderr);
    er_suite *s = er_suite_load(r, path, d);
    assert_non_null(s);
    er_suite_tally t = {0, 0};
    FILE *null = fopen("/dev/null", "w");
    assert_true(er_suite_update(s, null, NULL, &t, d));
    fclose(null);
    er_suite_free(s);
    char buf[256];
    read_back(path, buf, sizeof buf);
    assert_string_equal(buf, "case \"x\"\n" GOOD "  expect score 100.0\n");
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0640);
    read_back(victim, buf, sizeof buf);
    assert_string_equal(buf, "untouched\n");
    for (int i = 0; i < NPLANTED; i++) {
        snprintf(link, sizeof link, "%s%s", path, planted[i]);
        assert_int_equal(lstat(link, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
        ssize_t n = readlink(link, target, sizeof target - 1);
        assert_true(n > 0);
        target[n] = '\0';
        assert_string_equal(target, victim);
        remove(link);
    }
    DIR *dd = opendir(dir); /* the test file and the victim, nothing more */
    assert_non_null(dd);
    int entries = 0;
    for (struct dirent *e; (e = readdir(dd));)
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dd);
    assert_int_equal(entries, 2);
    remove(victim);
    remove(path);
    rmdir(dir);
    er_diag_free(d);
    er_rules_free(r);
}

/* er_write_file (evalrules -o FILE): a new file is made with the mode a new
 * file gets (umask applied), an existing one replaced whole with its mode
 * kept, through a symbolic link its target; a directory is refused; nothing
 * is left behind. */
static void test_write_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/er-write-XXXXXX", path[64], link[64], sub[64], buf[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/new.txt", dir);
    snprintf(link, sizeof link, "%s/link.txt", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    er_diag *d = er_diag_new(NULL);
    mode_t old = umask(022);
    assert_true(er_write_file(path, "one\n", 4, d));
    umask(old);
    read_back(path, buf, sizeof buf);
    assert_string_equal(buf, "one\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(symlink(path, link), 0);
    assert_true(er_write_file(link, "two\n", 4, d));
    read_back(path, buf, sizeof buf);
    assert_string_equal(buf, "two\n");
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_false(er_write_file(sub, "x", 1, d));
    assert_int_equal(er_diag_errors(d), 1);
    DIR *dd = opendir(dir); /* the file, the link and sub, nothing more */
    assert_non_null(dd);
    int entries = 0;
    for (struct dirent *e; (e = readdir(dd));)
        entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dd);
    assert_int_equal(entries, 3);
    remove(link);
    remove(path);
    rmdir(sub);
    rmdir(dir);
    er_diag_free(d);
}

/* ---------------------------------------------------------------------- */
/* Coverage                                                                */
/* ---------------------------------------------------------------------- */

static void test_coverage(void **state)
{
    (void)state;
    er_rules *r = rules();
    er_coverage *c = er_coverage_new(r);
    assert_non_null(c);
    /* nodes: 1 (1), 1.1 (3), 1.2 (4), 1.3 (4), 1.3.1 (4); veto 2; deduct 1; bonus 2; levels 2 + unrated;
     * cap 2 */
    assert_int_equal(er_coverage_targets(c), 26);
    assert_int_equal(er_coverage_covered(c), 0);
    loaded x = load(r, "t.tests", "case \"good\"\n" GOOD "  expect score 100\n");
    er_suite_opts o = {.coverage = c};
    char *out;
    run(x.s, &out, &o);
    free(out);
    unload(&x);
    /* 1, 1.1 passed, 1.2 full, 1.3 held-not, 1.3.1 tier 1, veto not fired, 甲, cap lifted */
    assert_int_equal(er_coverage_covered(c), 12);
    char *rep;
    size_t len;
    FILE *m = open_memstream(&rep, &len);
    er_coverage_report(m, c, false);
    fclose(m);
    assert_non_null(strstr(rep, "coverage of t.rules: 12/26 (46.2%)\nnot exercised by any case:\n"));
    assert_non_null(strstr(rep, "  t.rules:10: item 1.1 符合性: never failed\n"));
    assert_non_null(strstr(rep, "  t.rules:11: item 1.2 抽样: never partial points\n"));
    assert_non_null(strstr(rep, "  t.rules:12: indicator 1.3 可删减: never excluded\n"));
    assert_non_null(strstr(rep, "  t.rules:13: indicator 1.3 可删减: 'exclude when skip' never held\n"));
    assert_non_null(strstr(rep, "  t.rules:14: item 1.3.1 分档: tier '>= 80% : 50%' never applied\n"));
    assert_non_null(strstr(rep, "  t.rules:14: item 1.3.1 分档: 'otherwise 0' never applied\n"));
    assert_non_null(strstr(rep, "  t.rules:18: veto \"扣分达3项\": never fired\n"));
    assert_non_null(strstr(rep, "  t.rules:17: deduct \"扣分\": never applied (always 0)\n"));
    assert_non_null(strstr(rep, "  t.rules:17: bonus \"加分\": its cap was never reached\n"));
    assert_non_null(strstr(rep, "  t.rules:19: level \"乙\": never awarded\n"));
    assert_non_null(strstr(rep, "  t.rules:19: otherwise \"未评级\": no case scored below every level\n"));
    assert_non_null(strstr(rep, "  t.rules:20: cap \"乙\": never lowered a level\n"));
    assert_null(strstr(rep, "never lifted"));
    free(rep);

    /* the rest: a failing, partial, excluded, capped, vetoed and a low case */
    x = load(r, "t.tests",
             "case \"partial, deduction, bonus capped\"\n  ok = yes\n  s = 1/2\n  g = 85%\n  n = 1\n  b = 2\n"
             "  skip = no\n  hist = yes\n  expect level 乙\n"
             "case \"capped\"\n  ok = yes\n  s = 1/1\n  g = 95%\n  n = 0\n  skip = no\n  hist = no\n  expect level 乙\n"
             "case \"low, excluded\"\n  ok = no\n  s = 0/2\n  n = 0\n  skip = yes\n  hist = no\n  expect level none\n"
             "case \"otherwise, vetoed\"\n  ok = no\n  s = 0/2\n  g = 10%\n  n = 3\n  skip = no\n  hist = no\n"
             "  expect vetoes 1\n");
    assert_non_null(x.s);
    run(x.s, &out, &o);
    free(out);
    unload(&x);
    assert_int_equal(er_coverage_covered(c), 26);
    m = open_memstream(&rep, &len);
    er_coverage_report(m, c, false);
    fclose(m);
    assert_string_equal(rep, "coverage of t.rules: 26/26 (100.0%)\n");
    free(rep);
    m = open_memstream(&rep, &len);
    assert_int_equal(er_coverage_report_json(m, c), 0);
    fclose(m);
    assert_non_null(strstr(rep, "\"covered\": 26"));
    assert_non_null(strstr(rep, "\"percent\": \"100.0\""));
    free(rep);
    er_coverage_free(c);
    er_rules_free(r);
}

/* Coverage of NULL counts nothing; a result of other rules adds nothing;
 * rules with no targets at all are fully covered (100.0%, not a division
 * by zero); rules without levels offer no level or unrated targets. */
static void test_coverage_edges(void **state)
{
    (void)state;
    assert_int_equal(er_coverage_targets(NULL), 0);
    assert_int_equal(er_coverage_covered(NULL), 0);
    er_coverage_add(NULL, NULL);
    er_diag *d = er_diag_new(NULL);
    static const char none[] = "standard \"T/EMPTY\"\n";
    er_rules *empty = er_rules_load_string("e.rules", none, sizeof none - 1, d);
    assert_non_null(empty);
    er_coverage *c = er_coverage_new(empty);
    assert_non_null(c);
    assert_int_equal(er_coverage_targets(c), 0);
    char *rep;
    size_t len;
    FILE *m = open_memstream(&rep, &len);
    er_coverage_report(m, c, false);
    fclose(m);
    assert_string_equal(rep, "coverage of e.rules: 0/0 (100.0%)\n");
    free(rep);
    static const char one[] = "fact ok : bool\nindicator 1 \"一\" points 1 { item 1.1 \"x\" points 1 { pass when ok } }\n";
    er_rules *r = er_rules_load_string("o.rules", one, sizeof one - 1, d);
    assert_non_null(r);
    er_coverage *co = er_coverage_new(r);
    assert_non_null(co);
    assert_int_equal(er_coverage_targets(co), 4); /* 1 and 1.1 applicable; 1.1 passed, failed */
    er_facts *f = er_facts_load_string(r, "o.facts", "ok = yes\n", 9, d);
    er_result *res = er_eval(r, f, d);
    assert_non_null(res);
    er_coverage_add(c, res); /* of other rules: ignored */
    assert_int_equal(er_coverage_covered(c), 0);
    er_coverage_add(co, res);
    assert_int_equal(er_coverage_covered(co), 3);
    er_coverage_add(co, NULL);
    assert_int_equal(er_coverage_covered(co), 3);
    m = open_memstream(&rep, &len);
    er_coverage_report(m, co, true);
    fclose(m);
    assert_non_null(strstr(rep, "3/4 (75.0%)"));
    assert_non_null(strstr(rep, "item 1.1 x: never failed"));
    free(rep);
    er_result_free(res);
    er_facts_free(f);
    er_coverage_free(co);
    er_coverage_free(c);
    er_rules_free(r);
    er_rules_free(empty);
    er_diag_free(d);
}

/* ---------------------------------------------------------------------- */
/* Out of memory                                                           */
/* ---------------------------------------------------------------------- */

/* Loading, running, updating and coverage, with the n-th allocation failing
 * for every n: never a crash or a leak (the sanitizer build checks). */
static void test_out_of_memory(void **state)
{
    (void)state;
    er_rules *r = rules();
    const char *text = "case \"a\"\n" GOOD "  expect score 99\n  expect earned 1.1 4\n"
                       "case \"b\"\n" N3 "  expect veto none\n";
    bool done = false;
    for (long n = 0; !done && n < 5000; n++) {
        er_diag *d = er_diag_new(NULL);
        assert_non_null(d);
        support_fail_from(n);
        er_suite *s = er_suite_load_string(r, "t.tests", text, strlen(text), d);
        er_coverage *c = s ? er_coverage_new(r) : NULL;
        er_suite_opts o = {.coverage = c};
        er_suite_tally t = {0, 0};
        FILE *null = fopen("/dev/null", "w");
        int rc = s && c ? er_suite_run(s, null, &o, &t) : -1;
        size_t len, changed, failed;
        char *up = rc == 0 ? er_suite_updated_text(s, null, &o, &len, &changed, &failed) : NULL;
        done = !support_fail_reached() && up != NULL;
        fclose(null);
        free(up);
        er_coverage_free(c);
        er_suite_free(s);
        support_fail_stop();
        er_diag_free(d);
    }
    assert_true(done);
    er_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_ok),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_scanner_errors),
        cmocka_unit_test(test_facts_file_and_overrides),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_update),
        cmocka_unit_test(test_update_long_values),
        cmocka_unit_test(test_update_file),
        cmocka_unit_test(test_update_safely),
        cmocka_unit_test(test_write_file),
        cmocka_unit_test(test_coverage),
        cmocka_unit_test(test_coverage_edges),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
