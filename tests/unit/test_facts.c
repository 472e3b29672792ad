/* test_facts.c — unit tests for the facts file reader (facts.h).
 *
 * The rule set is built by hand here, so these tests need neither the
 * parser nor the checker. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "support.h"
#include "facts.h"

/* ---------------------------------------------------------------------- */
/* A hand-made rule set                                                    */
/* ---------------------------------------------------------------------- */

enum {
    F_DEPT, F_MANAGERS, F_CERTIFIED, F_RATIO, F_SATISFACTION, F_GROWTH, F_SAMPLE, F_TEAM,
    F_DATE, F_CHANNEL, F_HOURS, F_REPORT, F_F5111, F_SINCE, NFACTS
};

static const char *channels[] = {"online", "offline", "phone"};
static eri_fact facts[NFACTS];
static eri_node nodes[3];
static er_rules rules;

static eri_num Q(int64_t num, int64_t den)
{
    eri_num r;
    assert_int_equal(eri_num_make(num, den, &r), ERI_NUM_OK);
    return r;
}

static int32_t day(const char *s)
{
    int32_t d;
    assert_true(eri_date_parse(s, strlen(s), &d));
    return d;
}

static void fact(int i, const char *name, eri_fact_type type)
{
    facts[i].name = name;
    facts[i].label = "";
    facts[i].type = type;
}

static int setup(void **state)
{
    (void)state;
    memset(facts, 0, sizeof facts);
    memset(nodes, 0, sizeof nodes);
    memset(&rules, 0, sizeof rules);
    fact(F_DEPT, "org.department", ERI_FT_BOOL);
    fact(F_MANAGERS, "staff.managers", ERI_FT_INT);
    facts[F_MANAGERS].has_lo = true;
    facts[F_MANAGERS].lo.num = Q(0, 1);
    fact(F_CERTIFIED, "staff.certified", ERI_FT_INT);
    facts[F_CERTIFIED].has_lo = facts[F_CERTIFIED].has_hi = true;
    facts[F_CERTIFIED].lo.num = Q(0, 1);
    facts[F_CERTIFIED].hi.num = Q(100, 1);
    fact(F_RATIO, "funds.ratio", ERI_FT_DECIMAL);
    fact(F_SATISFACTION, "satisfaction", ERI_FT_PERCENT);
    facts[F_SATISFACTION].has_lo = facts[F_SATISFACTION].has_hi = true;
    facts[F_SATISFACTION].lo.num = Q(0, 1);
    facts[F_SATISFACTION].hi.num = Q(1, 1);
    fact(F_GROWTH, "growth", ERI_FT_PERCENT);
    fact(F_SAMPLE, "complaints.sample", ERI_FT_SAMPLE);
    fact(F_TEAM, "audit.team", ERI_FT_TEXT);
    fact(F_DATE, "audit.date", ERI_FT_DATE);
    facts[F_DATE].has_lo = true;
    facts[F_DATE].lo.date = day("2000-01-01");
    fact(F_CHANNEL, "channel", ERI_FT_ENUM);
    facts[F_CHANNEL].choices = channels;
    facts[F_CHANNEL].nchoices = 3;
    fact(F_HOURS, "training.hours", ERI_FT_DECIMAL);
    facts[F_HOURS].has_lo = true;
    facts[F_HOURS].lo.num = Q(0, 1);
    facts[F_HOURS].has_default = true;
    facts[F_HOURS].def.type = ERI_TY_NUMBER;
    facts[F_HOURS].def.num = Q(40, 1);
    fact(F_REPORT, "report.written", ERI_FT_BOOL);
    facts[F_REPORT].has_default = true;
    facts[F_REPORT].def.b = true;
    fact(F_F5111, "f_5_1_1_1", ERI_FT_BOOL);
    fact(F_SINCE, "history.rated_since", ERI_FT_DATE); /* range ..audit.date */
    facts[F_SINCE].hi_by_fact = true;
    facts[F_SINCE].hi_fact = F_DATE;
    nodes[0].id = "5.1";
    nodes[1].id = "5.2.3";
    nodes[2].id = "5.2.4";
    for (int i = 0; i < 3; i++)
        nodes[i].excludable = true;
    rules.facts = facts;
    rules.nfacts = NFACTS;
    rules.nodes = nodes;
    rules.nnodes = 3;
    return 0;
}

/* ---------------------------------------------------------------------- */
/* Loading with captured diagnostics                                       */
/* ---------------------------------------------------------------------- */

typedef struct run {
    er_facts *f;
    char *out;       /* everything the diagnostics printed */
    size_t outlen;
    unsigned errors;
} run;

static run load_n(const char *text, size_t len)
{
    run r = {0};
    FILE *m = open_memstream(&r.out, &r.outlen);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    assert_non_null(d);
    r.f = er_facts_load_string(&rules, "facts.txt", text, len, d);
    r.errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    return r;
}

static run load(const char *text) { return load_n(text, strlen(text)); }

static void done(run *r)
{
    er_facts_free(r->f);
    free(r->out);
}

/* The load succeeded without a word. */
static run ok(const char *text)
{
    run r = load(text);
    if (!r.f || r.errors || r.outlen)
        fail_msg("expected a clean load of:\n%s\ngot:\n%s", text, r.out);
    return r;
}

/* The diagnostics contain this line. */
static void has(const run *r, const char *line)
{
    if (!strstr(r->out, line))
        fail_msg("expected the diagnostics to contain\n  %s\nbut they were:\n%s", line, r->out);
}

/* A file with one error: its first line is exactly `first`. */
static void one_error(const char *text, const char *first)
{
    run r = load(text);
    assert_null(r.f);
    if (r.errors != 1)
        fail_msg("expected 1 error, got %u:\n%s", r.errors, r.out);
    size_t n = strlen(first);
    if (strncmp(r.out, first, n) != 0 || r.out[n] != '\n')
        fail_msg("expected\n  %s\nbut got:\n%s", first, r.out);
    done(&r);
}

static const eri_fact_entry *E(const run *r, int i) { return &r->f->entries[i]; }

static void assert_num(eri_num a, int64_t num, int64_t den)
{
    assert_int_equal(a.num, num);
    assert_int_equal(a.den, den);
}

/* ---------------------------------------------------------------------- */
/* Values                                                                  */
/* ---------------------------------------------------------------------- */

static void test_all_types(void **state)
{
    (void)state;
    run r = ok("org.department = yes\n"
               "staff.managers = 42\n"
               "staff.certified = 0\n"
               "funds.ratio = 3.5\n"
               "satisfaction = 92.5%\n"
               "complaints.sample = 18/20\n"
               "audit.team = \"张三、李四\"\n"
               "audit.date = 2026-10-12\n"
               "channel = online\n"
               "f_5_1_1_1 = false\n");
    assert_true(E(&r, F_DEPT)->present);
    assert_int_equal(E(&r, F_DEPT)->value.type, ERI_TY_BOOL);
    assert_true(E(&r, F_DEPT)->value.b);
    assert_int_equal(E(&r, F_MANAGERS)->value.type, ERI_TY_NUMBER);
    assert_num(E(&r, F_MANAGERS)->value.num, 42, 1);
    assert_num(E(&r, F_CERTIFIED)->value.num, 0, 1);
    assert_num(E(&r, F_RATIO)->value.num, 7, 2);
    assert_int_equal(E(&r, F_SATISFACTION)->value.type, ERI_TY_NUMBER);
    assert_num(E(&r, F_SATISFACTION)->value.num, 37, 40);
    assert_int_equal(E(&r, F_SAMPLE)->value.type, ERI_TY_SAMPLE);
    assert_int_equal(E(&r, F_SAMPLE)->value.k, 18);
    assert_int_equal(E(&r, F_SAMPLE)->value.n, 20);
    assert_num(E(&r, F_SAMPLE)->value.num, 9, 10);
    assert_int_equal(E(&r, F_TEAM)->value.type, ERI_TY_TEXT);
    assert_string_equal(E(&r, F_TEAM)->value.text, "张三、李四");
    assert_int_equal(E(&r, F_DATE)->value.type, ERI_TY_DATE);
    assert_int_equal(E(&r, F_DATE)->value.date, day("2026-10-12"));
    assert_int_equal(E(&r, F_CHANNEL)->value.type, ERI_TY_ENUM);
    assert_int_equal(E(&r, F_CHANNEL)->value.choice, 0);
    assert_false(E(&r, F_F5111)->value.b);
    assert_true(E(&r, F_F5111)->present);
    /* lines and spans */
    assert_int_equal(E(&r, F_DEPT)->line, 1);
    assert_int_equal(E(&r, F_DEPT)->span.start, 17);
    assert_int_equal(E(&r, F_DEPT)->span.end, 20);
    assert_int_equal(E(&r, F_F5111)->line, 10);
    assert_false(E(&r, F_DEPT)->defaulted);
    /* not given, no default */
    assert_false(E(&r, F_GROWTH)->present);
    done(&r);
}

static void test_more_forms(void **state)
{
    (void)state;
    run r = ok("org.department=no\n"
               "channel = \"phone\"\n"
               "staff.managers = 007\n"
               "funds.ratio = -2\n"
               "growth = -3%\n"
               "complaints.sample = 0/1\n"
               "audit.team = \"\"\n");
    assert_false(E(&r, F_DEPT)->value.b);
    assert_int_equal(E(&r, F_CHANNEL)->value.choice, 2);
    assert_string_equal(E(&r, F_CHANNEL)->value.text, "phone");
    assert_num(E(&r, F_MANAGERS)->value.num, 7, 1);
    assert_num(E(&r, F_RATIO)->value.num, -2, 1);
    assert_num(E(&r, F_GROWTH)->value.num, -3, 100);
    assert_num(E(&r, F_SAMPLE)->value.num, 0, 1);
    assert_string_equal(E(&r, F_TEAM)->value.text, "");
    done(&r);
}

static void test_percent_exact(void **state)
{
    (void)state;
    run r = ok("satisfaction = 92.5%\ngrowth = 85%\n");
    eri_num want = Q(37, 40);
    assert_true(eri_num_eq(E(&r, F_SATISFACTION)->value.num, want));
    assert_num(E(&r, F_GROWTH)->value.num, 17, 20);
    done(&r);
    r = ok("growth = 0.1%\nsatisfaction = 100%\n");
    assert_num(E(&r, F_GROWTH)->value.num, 1, 1000);
    assert_num(E(&r, F_SATISFACTION)->value.num, 1, 1);
    done(&r);
}

static void test_percent_bare(void **state)
{
    (void)state;
    run r = load("satisfaction = 85\n");
    assert_null(r.f);
    assert_string_equal(r.out,
                        "facts.txt:1:16: error: expected a percentage for 'satisfaction' "
                        "(percent), found '85'; write it as a percentage, e.g. 85%\n"
                        "    1 | satisfaction = 85\n"
                        "      |                ^~\n");
    done(&r);
    one_error("growth = 0.85\n", "facts.txt:1:10: error: expected a percentage for 'growth' "
              "(percent), found '0.85'; write it as a percentage, e.g. 85%");
    one_error("growth = high\n",
              "facts.txt:1:10: error: expected a percentage for 'growth' (percent), found 'high'");
    one_error("growth = %\n",
              "facts.txt:1:10: error: expected a percentage for 'growth' (percent), found '%'");
}

static void test_sample(void **state)
{
    (void)state;
    run r = ok("complaints.sample = 20/20\n");
    assert_num(E(&r, F_SAMPLE)->value.num, 1, 1);
    done(&r);
    one_error("complaints.sample = 21/20\n",
              "facts.txt:1:21: error: sample 21/20 has more conforming (21) than sampled (20)");
    one_error("complaints.sample = 3/0\n",
              "facts.txt:1:21: error: sample 3/0 for 'complaints.sample' has nothing sampled; "
              "the second number must be at least 1");
    one_error("complaints.sample = 0/0\n",
              "facts.txt:1:21: error: sample 0/0 for 'complaints.sample' has nothing sampled; "
              "the second number must be at least 1");
    one_error("complaints.sample = 18\n",
              "facts.txt:1:21: error: expected conforming/sampled counts like 18/20 for "
              "'complaints.sample' (sample), found '18'");
    one_error("complaints.sample = -1/20\n",
              "facts.txt:1:21: error: expected conforming/sampled counts like 18/20 for "
              "'complaints.sample' (sample), found '-1/20'");
    one_error("complaints.sample = 1.5/20\n",
              "facts.txt:1:21: error: expected conforming/sampled counts like 18/20 for "
              "'complaints.sample' (sample), found '1.5/20'");
    one_error("complaints.sample = 1/2/3\n",
              "facts.txt:1:21: error: expected conforming/sampled counts like 18/20 for "
              "'complaints.sample' (sample), found '1/2/3'");
    one_error("complaints.sample = /20\n",
              "facts.txt:1:21: error: expected conforming/sampled counts like 18/20 for "
              "'complaints.sample' (sample), found '/20'");
    one_error("complaints.sample = 1/99999999999999999999\n",
              "facts.txt:1:21: error: number too large for 'complaints.sample' (sample): "
              "'1/99999999999999999999'");
}

static void test_range(void **state)
{
    (void)state;
    run r = load("staff.certified = 120\n");
    assert_string_equal(r.out,
                        "facts.txt:1:19: error: value 120 for 'staff.certified' is outside its "
                        "range 0..100\n"
                        "    1 | staff.certified = 120\n"
                        "      |                   ^~~\n");
    done(&r);
    one_error("staff.certified = -1\n",
              "facts.txt:1:19: error: value -1 for 'staff.certified' is outside its range 0..100");
    one_error("satisfaction = 100.5%\n", "facts.txt:1:16: error: value 100.5% for 'satisfaction' "
              "is outside its range 0%..100%");
    one_error("training.hours = -0.5\n",
              "facts.txt:1:18: error: value -0.5 for 'training.hours' is outside its range 0..");
    one_error("audit.date = 1999-12-31\n", "facts.txt:1:14: error: value 1999-12-31 for "
              "'audit.date' is outside its range 2000-01-01..");
    /* the bounds themselves are inside */
    r = ok("staff.certified = 100\nsatisfaction = 0%\naudit.date = 2000-01-01\n");
    done(&r);
}

static void test_wrong_types(void **state)
{
    (void)state;
    one_error("org.department = 5\n",
              "facts.txt:1:18: error: expected yes or no for 'org.department' (bool), found '5'");
    one_error("org.department = \"yes\"\n", "facts.txt:1:18: error: expected yes or no for "
              "'org.department' (bool), found '\"yes\"'");
    one_error("org.department = Yes\n",
              "facts.txt:1:18: error: expected yes or no for 'org.department' (bool), found 'Yes'");
    one_error("staff.managers = 3.5\n", "facts.txt:1:18: error: expected a whole number for "
              "'staff.managers' (int), found '3.5'");
    one_error("staff.managers = +3\n", "facts.txt:1:18: error: expected a whole number for "
              "'staff.managers' (int), found '+3'");
    one_error("funds.ratio = .5\n",
              "facts.txt:1:15: error: expected a number for 'funds.ratio' (decimal), found '.5'");
    one_error("funds.ratio = 1e5\n",
              "facts.txt:1:15: error: expected a number for 'funds.ratio' (decimal), found '1e5'");
    one_error("audit.team = 张三\n", "facts.txt:1:14: error: expected a quoted string for "
              "'audit.team' (text), found '张三'");
    one_error("audit.date = 2026-02-30\n",
              "facts.txt:1:14: error: '2026-02-30' for 'audit.date' is not a real calendar date");
    one_error("audit.date = 2026/10/12\n", "facts.txt:1:14: error: expected a date YYYY-MM-DD "
              "for 'audit.date' (date), found '2026/10/12'");
    one_error("channel = onlin\n", "facts.txt:1:11: error: expected one of online, offline, "
              "phone for 'channel' (enum), found 'onlin'; did you mean 'online'?");
    one_error("channel = \"fax\"\n", "facts.txt:1:11: error: expected one of online, offline, "
              "phone for 'channel' (enum), found '\"fax\"'");
    one_error("staff.managers =\n",
              "facts.txt:1:17: error: missing value for 'staff.managers' (int)");
    one_error("staff.managers = # later\n",
              "facts.txt:1:18: error: missing value for 'staff.managers' (int)");
}

/* The exact text of a fact's number. */
static void assert_text(eri_num n, const char *want)
{
    char buf[512];
    if (eri_num_decimals(n) >= 0)
        eri_num_format(n, 0, eri_num_decimals(n), buf, sizeof buf, NULL);
    else
        eri_num_format_fraction(n, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_huge_numbers(void **state)
{
    (void)state;
    /* numbers of any size and precision are read exactly (beyond 64 bits, into the facts' own heap) */
    run r = ok("funds.ratio = 123456789012345678901234567890.000000000000000000000000000001\n"
               "staff.managers = 99999999999999999999\n"
               "growth = 99999999999999999999.5%\n");
    assert_true(eri_num_is_big(E(&r, F_RATIO)->value.num));
    assert_text(E(&r, F_RATIO)->value.num, "123456789012345678901234567890.000000000000000000000000000001");
    assert_text(E(&r, F_MANAGERS)->value.num, "99999999999999999999");
    assert_text(E(&r, F_GROWTH)->value.num, "999999999999999999.995");
    done(&r);
    /* a sample's counts are the one limit: whole numbers below 2^63 */
    one_error("complaints.sample = 1/99999999999999999999\n",
              "facts.txt:1:21: error: number too large for 'complaints.sample' (sample): "
              "'1/99999999999999999999'");
    /* a very long number is quoted shortened, on a character boundary */
    char line[400];
    strcpy(line, "complaints.sample = 1/");
    memset(line + 22, '9', 300);
    strcpy(line + 322, "\n");
    r = load(line);
    assert_null(r.f);
    has(&r, "error: number too large for 'complaints.sample' (sample): "
            "'1/9999999999999999999999999999999999999999999999…'\n");
    done(&r);
}

/* ---------------------------------------------------------------------- */
/* Names                                                                   */
/* ---------------------------------------------------------------------- */

static void test_unknown_name(void **state)
{
    (void)state;
    run r = load("staff.certifed = 3\n");
    assert_null(r.f);
    assert_string_equal(r.out, "facts.txt:1:1: error: unknown fact 'staff.certifed'; did you mean "
                               "'staff.certified'?\n"
                               "    1 | staff.certifed = 3\n"
                               "      | ^~~~~~~~~~~~~~\n");
    done(&r);
    one_error("  zzz = 3\n", "facts.txt:1:3: error: unknown fact 'zzz'");
    one_error("5.2.3 = n/a\n", "facts.txt:1:1: error: '5.2.3' is an indicator, not a fact; to mark "
              "it not applicable write: exclude 5.2.3 \"reason\"");
    one_error("f_5_1_1_2 = yes\n",
              "facts.txt:1:1: error: unknown fact 'f_5_1_1_2'; did you mean 'f_5_1_1_1'?");
}

static void test_duplicate(void **state)
{
    (void)state;
    run r = load("# header\n\nstaff.managers = 4\norg.department = yes\nstaff.managers = 5\n");
    assert_null(r.f);
    assert_int_equal(r.errors, 1);
    assert_string_equal(r.out, "facts.txt:5:1: error: fact 'staff.managers' is given twice "
                               "(first at line 3)\n"
                               "    5 | staff.managers = 5\n"
                               "      | ^~~~~~~~~~~~~~\n");
    done(&r);
    /* a first value that was wrong still counts as given */
    r = load("staff.managers = x\nstaff.managers = 5\n");
    assert_int_equal(r.errors, 2);
    has(&r, "facts.txt:2:1: error: fact 'staff.managers' is given twice (first at line 1)\n");
    done(&r);
}

static void test_generic_line(void **state)
{
    (void)state;
    run r = load("staff managers 4\n");
    assert_string_equal(r.out, "facts.txt:1:1: error: expected 'name = value', 'subject = \"…\"' "
                               "or 'exclude ID \"reason\"'\n"
                               "    1 | staff managers 4\n"
                               "      | ^~~~~~~~~~~~~~~~\n");
    done(&r);
    const char *bad[] = {"= 4\n", "staff.managers 4\n", "staff-managers = 4\n", "subject\n",
                         "\"x\" = 1\n", "员工 = 4\n", "staff.managers: 4\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = load(bad[i]);
        assert_null(r.f);
        assert_int_equal(r.errors, 1);
        has(&r, "error: expected 'name = value', 'subject = \"…\"' or 'exclude ID \"reason\"'\n");
        done(&r);
    }
}

static void test_trailing_garbage(void **state)
{
    (void)state;
    one_error("staff.managers = 4 5\n",
              "facts.txt:1:20: error: unexpected text after the value: '5'");
    one_error("audit.team = \"a\" \"b\"   # c\n",
              "facts.txt:1:18: error: unexpected text after the value: '\"b\"   # c'");
    one_error("subject = \"甲\" x\n",
              "facts.txt:1:15: error: unexpected text after the subject: 'x'");
    one_error("exclude 5.1 \"r\" x\n",
              "facts.txt:1:17: error: unexpected text after the reason: 'x'");
}

/* ---------------------------------------------------------------------- */
/* Subject and exclusions                                                  */
/* ---------------------------------------------------------------------- */

static void test_subject(void **state)
{
    (void)state;
    run r = ok("subject = \"某某电器有限公司\"\n");
    assert_string_equal(er_facts_subject(r.f), "某某电器有限公司");
    assert_int_equal(r.f->subject_line, 1);
    done(&r);
    r = ok("\n  subject \"某某电器有限公司\"  # the company\n");
    assert_string_equal(er_facts_subject(r.f), "某某电器有限公司");
    assert_int_equal(r.f->subject_line, 2);
    done(&r);
    r = ok("staff.managers = 1\n");
    assert_string_equal(er_facts_subject(r.f), "");
    done(&r);
    assert_string_equal(er_facts_subject(NULL), "");
    er_diag *q = er_diag_new(NULL);
    assert_null(er_facts_load_string(NULL, "x.facts", "", 0, q)); /* no rules to read facts with */
    assert_int_equal(er_diag_errors(q), 1);
    er_diag_free(q);
    one_error("subject = \"甲\"\nsubject = \"乙\"\n",
              "facts.txt:2:1: error: the subject is given twice (first at line 1)");
    one_error("subject = ACME\n", "facts.txt:1:11: error: the subject must be a quoted string: "
              "subject = \"某某有限公司\"");
    one_error("subject = \"\"\n", "facts.txt:1:11: error: the subject is empty");
}

static void test_exclusions(void **state)
{
    (void)state;
    run r = ok("exclude 5.2.3 \"本企业不提供配送服务\"\nexclude   5.1 \"n/a\"  # why\n");
    assert_int_equal(r.f->nexclusions, 2);
    const eri_exclusion *x = eri_facts_excluded(r.f, 1);
    assert_non_null(x);
    assert_int_equal(x->node, 1);
    assert_string_equal(x->reason, "本企业不提供配送服务");
    assert_int_equal(x->line, 1);
    assert_int_equal(x->span.start, 0);
    x = eri_facts_excluded(r.f, 0);
    assert_non_null(x);
    assert_string_equal(x->reason, "n/a");
    assert_int_equal(x->line, 2);
    assert_null(eri_facts_excluded(r.f, 2));
    assert_null(eri_facts_excluded(NULL, 0));
    done(&r);

    r = load("exclude 5.2.3\n");
    assert_null(r.f);
    assert_string_equal(r.out, "facts.txt:1:14: error: an exclusion needs a reason: "
                               "exclude 5.2.3 \"…\"\n"
                               "    1 | exclude 5.2.3\n"
                               "      |              ^\n");
    done(&r);
    one_error("exclude 5.2.3 \"\"\n",
              "facts.txt:1:15: error: an exclusion needs a reason: exclude 5.2.3 \"…\"");
    one_error("exclude 5.2.3 no delivery\n",
              "facts.txt:1:15: error: an exclusion needs a reason: exclude 5.2.3 \"…\"");
    one_error("exclude 5.2.3 # no delivery\n",
              "facts.txt:1:14: error: an exclusion needs a reason: exclude 5.2.3 \"…\"");
    one_error("exclude 5.2.9 \"x\"\n",
              "facts.txt:1:9: error: unknown indicator '5.2.9'; did you mean '5.2.3'?");
    one_error("exclude 9.9.9.9.9 \"x\"\n", "facts.txt:1:9: error: unknown indicator '9.9.9.9.9'");
    one_error("exclude\n", "facts.txt:1:8: error: expected an indicator id after 'exclude': "
              "exclude 5.2.3 \"reason\"");
    one_error("exclude 5.1 \"a\"\nexclude 5.1 \"b\"\n",
              "facts.txt:2:9: error: indicator '5.1' is excluded twice (first at line 1)");

    /* many exclusions grow the array */
    char text[4096] = "";
    for (int i = 0; i < 3; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "exclude %s \"r%d\"\n",
                 nodes[i].id, i);
    r = ok(text);
    assert_int_equal(r.f->nexclusions, 3);
    assert_string_equal(eri_facts_excluded(r.f, 2)->reason, "r2");
    done(&r);
}

/* Only the nodes the rules mark 'excludable' may be excluded; the hint lists them. */
static void test_exclusions_the_rules_allow(void **state)
{
    (void)state;
    nodes[1].label = "配送";
    nodes[2].label = "维修";
    nodes[2].excludable = false;
    one_error("exclude 5.2.4 \"本企业不维修\"\n",
              "facts.txt:1:9: error: 5.2.4 维修 cannot be excluded by the auditor: the rules allow excluding "
              "only 5.1 and 5.2.3");
    nodes[0].excludable = false;
    one_error("exclude 5.2.4 \"本企业不维修\"\n",
              "facts.txt:1:9: error: 5.2.4 维修 cannot be excluded by the auditor: the rules allow excluding "
              "only 5.2.3");
    run r = ok("exclude 5.2.3 \"本企业不提供配送服务\"\n");
    done(&r);
    nodes[1].excludable = false;
    one_error("exclude 5.2.3 \"本企业不提供配送服务\"\n",
              "facts.txt:1:9: error: 5.2.3 配送 cannot be excluded by the auditor: these rules allow no "
              "exclusions (rules mark an indicator that may not apply 'excludable')");
    /* the id's errors come first: an unknown id is not 'not excludable' */
    one_error("exclude 5.2.9 \"x\"\n", "facts.txt:1:9: error: unknown indicator '5.2.9'; did you mean '5.2.3'?");
    /* a reason of blanks is no reason */
    nodes[1].excludable = true;
    one_error("exclude 5.2.3 \"   \"\n",
              "facts.txt:1:15: error: an exclusion needs a reason: exclude 5.2.3 \"…\"");
}

/* range ..audit.date: checked with both values known, wherever each was given. */
static void test_range_bounded_by_a_fact(void **state)
{
    (void)state;
    run r = ok("history.rated_since = 2026-10-12\naudit.date = 2026-10-12\n");
    done(&r);
    r = ok("history.rated_since = 2020-02-29\naudit.date = 2026-10-12\n");
    done(&r);
    r = ok("history.rated_since = 2027-01-01\n"); /* the other one missing: the evaluator's business */
    done(&r);
    one_error("audit.date = 2026-10-12\nhistory.rated_since = 2026-10-13\n",
              "facts.txt:2:23: error: value 2026-10-13 for 'history.rated_since' is outside its range "
              "..audit.date: 'audit.date' is 2026-10-12 (line 1)");
    /* an overlay that moves the audit date before the first rating */
    r = ok("history.rated_since = 2026-01-05\naudit.date = 2026-10-12\n");
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    const char *over = "audit.date = 2025-12-31\n";
    assert_false(er_facts_overlay_string(r.f, "case.tests", over, strlen(over), d));
    er_diag_free(d);
    fclose(m);
    assert_string_equal(out, "facts.txt:1:23: error: value 2026-01-05 for 'history.rated_since' is outside its "
                             "range ..audit.date: 'audit.date' is 2025-12-31 (case.tests:1)\n"
                             "    1 | history.rated_since = 2026-01-05\n"
                             "      |                       ^~~~~~~~~~\n");
    free(out);
    done(&r);
    /* a lower bound too, and numbers */
    facts[F_CERTIFIED].has_hi = false;
    facts[F_CERTIFIED].hi_by_fact = true;
    facts[F_CERTIFIED].hi_fact = F_MANAGERS;
    r = ok("staff.managers = 10\nstaff.certified = 10\n");
    done(&r);
    one_error("staff.managers = 10\nstaff.certified = 11\n",
              "facts.txt:2:19: error: value 11 for 'staff.certified' is outside its range 0..staff.managers: "
              "'staff.managers' is 10 (line 1)");
    facts[F_MANAGERS].lo_by_fact = true;
    facts[F_MANAGERS].lo_fact = F_CERTIFIED;
    facts[F_MANAGERS].has_lo = false;
    run two = load("staff.managers = 10\nstaff.certified = 11\n");
    assert_null(two.f);
    assert_int_equal(two.errors, 2); /* each side is reported at its own value */
    done(&two);
}

static void test_defaults(void **state)
{
    (void)state;
    run r = ok("staff.managers = 3\n");
    const eri_fact_entry *e = E(&r, F_HOURS);
    assert_true(e->present);
    assert_true(e->defaulted);
    assert_int_equal(e->line, 0);
    assert_int_equal(e->value.type, ERI_TY_NUMBER);
    assert_num(e->value.num, 40, 1);
    assert_true(E(&r, F_REPORT)->present && E(&r, F_REPORT)->defaulted);
    assert_int_equal(E(&r, F_REPORT)->value.type, ERI_TY_BOOL);
    assert_true(E(&r, F_REPORT)->value.b);
    assert_false(E(&r, F_DEPT)->present); /* no default: missing is not an error here */
    done(&r);
    r = ok("training.hours = 12.5\nreport.written = no\n");
    assert_false(E(&r, F_HOURS)->defaulted);
    assert_num(E(&r, F_HOURS)->value.num, 25, 2);
    assert_int_equal(E(&r, F_HOURS)->line, 1);
    assert_false(E(&r, F_REPORT)->value.b);
    done(&r);
}

/* ---------------------------------------------------------------------- */
/* The file as a whole                                                     */
/* ---------------------------------------------------------------------- */

static void test_many_errors(void **state)
{
    (void)state;
    run r = load("subject = ACME\n"
                 "staff.certifed = 3\n"
                 "org.department = 5\n"
                 "complaints.sample = 21/20\n"
                 "staff.managers = 1\n"
                 "staff.managers = 2\n"
                 "exclude 5.2.3\n"
                 "exclude 7.7 \"x\"\n"
                 "what is this\n"
                 "audit.team = \"open\n"
                 "audit.date = 2026-13-01\n"
                 "channel = fax\n"
                 "satisfaction = 101%\n");
    assert_null(r.f);
    assert_int_equal(r.errors, 12);
    has(&r, "facts.txt:1:11: error: the subject must be a quoted string");
    has(&r, "facts.txt:2:1: error: unknown fact 'staff.certifed'; did you mean 'staff.certified'?");
    has(&r, "facts.txt:3:18: error: expected yes or no for 'org.department' (bool), found '5'");
    has(&r, "facts.txt:4:21: error: sample 21/20 has more conforming (21) than sampled (20)");
    has(&r, "facts.txt:6:1: error: fact 'staff.managers' is given twice (first at line 5)");
    has(&r, "facts.txt:7:14: error: an exclusion needs a reason: exclude 5.2.3 \"…\"");
    has(&r, "facts.txt:8:9: error: unknown indicator '7.7'");
    has(&r, "facts.txt:9:1: error: expected 'name = value'");
    has(&r, "facts.txt:10:14: error: unterminated string: the closing \" is missing");
    has(&r, "facts.txt:11:14: error: '2026-13-01' for 'audit.date' is not a real calendar date");
    has(&r, "facts.txt:12:11: error: expected one of online, offline, phone for 'channel' (enum), "
            "found 'fax'\n");
    has(&r, "facts.txt:13:16: error: value 101% for 'satisfaction' is outside its range 0%..100%");
    done(&r);
}

static void test_comments_crlf(void **state)
{
    (void)state;
    run r = ok("# facts for 某某电器\r\n"
               "\r\n"
               "   # indented comment\r\n"
               "subject = \"甲 # not a comment\"\r\n"
               "staff.managers = 42 # trailing\r\n"
               "channel = offline#tight\r\n"
               "audit.team = \"a#b\"\t# tab before\r\n"
               "\t org.department = yes \t\r\n");
    assert_string_equal(er_facts_subject(r.f), "甲 # not a comment");
    assert_num(E(&r, F_MANAGERS)->value.num, 42, 1);
    assert_int_equal(E(&r, F_MANAGERS)->line, 5);
    assert_int_equal(E(&r, F_CHANNEL)->value.choice, 1);
    assert_string_equal(E(&r, F_TEAM)->value.text, "a#b");
    assert_true(E(&r, F_DEPT)->value.b);
    done(&r);
    /* an error on a CRLF line: the CR is not shown or underlined */
    r = load("staff.managers = x\r\n");
    assert_string_equal(r.out, "facts.txt:1:18: error: expected a whole number for "
                               "'staff.managers' (int), found 'x'\n"
                               "    1 | staff.managers = x\n"
                               "      |                  ^\n");
    done(&r);
}

static void test_strings(void **state)
{
    (void)state;
    run r = ok("audit.team = \"say \\\"hi\\\"\\\\ \\n\\tend\"\n");
    assert_string_equal(E(&r, F_TEAM)->value.text, "say \"hi\"\\ \n\tend");
    done(&r);
    one_error("audit.team = \"open\n",
              "facts.txt:1:14: error: unterminated string: the closing \" is missing");
    one_error("audit.team = \"ends in backslash\\\n",
              "facts.txt:1:14: error: unterminated string: the closing \" is missing");
    one_error("audit.team = \"a\\qb\"\n",
              "facts.txt:1:16: error: unknown escape '\\q' in a string; use \\\" \\\\ \\n or \\t");
    one_error("audit.team = \"a\\张b\"\n",
              "facts.txt:1:16: error: unknown escape '\\张' in a string; use \\\" \\\\ \\n or \\t");
    one_error("audit.team = \"no close", /* no newline either */
              "facts.txt:1:14: error: unterminated string: the closing \" is missing");
}

/* The line scanner (factline.h) finds syntax errors, but a line's name is
 * judged first: what the rules say about it comes before what is wrong
 * later on the line, and a value's type before text after it. */
static void test_error_order(void **state)
{
    (void)state;
    one_error("staf.managers = \"open\n",
              "facts.txt:1:1: error: unknown fact 'staf.managers'; did you mean 'staff.managers'?");
    one_error("5.2.3 = \"a\\q\"\n",
              "facts.txt:1:1: error: '5.2.3' is an indicator, not a fact; to mark it not applicable "
              "write: exclude 5.2.3 \"reason\"");
    one_error("exclude 9.9 junk\n", "facts.txt:1:9: error: unknown indicator '9.9'; did you mean '5.1'?");
    one_error("staff.managers = x y\n",
              "facts.txt:1:18: error: expected a whole number for 'staff.managers' (int), found 'x'");
    one_error("staff.managers =\n", "facts.txt:1:17: error: missing value for 'staff.managers' (int)");
    one_error("subject \"A\"\nsubject = 某\n", "facts.txt:2:1: error: the subject is given twice (first at line 1)");
    /* skipped unknown names are not read further */
    er_diag *d = er_diag_new(NULL);
    er_facts_opts o = {.ignore_unknown = true};
    char path[] = "/tmp/test_facts_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "new.fact = \"open\nexclude 9.9 \"bad \\q\"\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    er_facts *f = er_facts_load_opts(&rules, path, &o, d);
    assert_non_null(f);
    assert_int_equal(er_facts_ignored(f), 2);
    er_facts_free(f);
    er_diag_free(d);
    unlink(path);
}

static void test_empty(void **state)
{
    (void)state;
    run r = ok("");
    assert_string_equal(er_facts_subject(r.f), "");
    assert_int_equal(r.f->nexclusions, 0);
    assert_true(E(&r, F_HOURS)->defaulted);
    done(&r);
    r = ok("\n\n   \n# only a comment\n\t\n");
    done(&r);
    r = ok("\xEF\xBB\xBF");
    done(&r);
    r = ok("\xEF\xBB\xBFstaff.managers = 1\n");
    assert_num(E(&r, F_MANAGERS)->value.num, 1, 1);
    done(&r);
    r = ok("\r\n\r\n");
    done(&r);
}

static void test_no_trailing_newline(void **state)
{
    (void)state;
    run r = ok("staff.managers = 1\nchannel = phone");
    assert_int_equal(E(&r, F_CHANNEL)->value.choice, 2);
    assert_int_equal(E(&r, F_CHANNEL)->line, 2);
    done(&r);
    r = ok("exclude 5.1 \"r\"");
    assert_non_null(eri_facts_excluded(r.f, 0));
    done(&r);
    r = ok("subject \"x\"\r");
    assert_string_equal(er_facts_subject(r.f), "x");
    done(&r);
    one_error("staff.managers = ",
              "facts.txt:1:18: error: missing value for 'staff.managers' (int)");
    one_error("staff.managers", "facts.txt:1:1: error: expected 'name = value', 'subject = \"…\"' "
              "or 'exclude ID \"reason\"'");
}

static void test_garbage(void **state)
{
    (void)state;
    static const char nul[] = "staff.managers = 1\nchannel = on\0line\norg.department = yes\n";
    run r = load_n(nul, sizeof nul - 1);
    assert_null(r.f);
    assert_int_equal(r.errors, 1);
    assert_string_equal(r.out, "facts.txt:2:13: error: unexpected NUL byte\n"
                               "    2 | channel = on?line\n"
                               "      |             ^\n");
    done(&r);
    static const char nul_in_string[] = "audit.team = \"a\0b\"\n";
    r = load_n(nul_in_string, sizeof nul_in_string - 1);
    assert_null(r.f);
    has(&r, "facts.txt:1:16: error: unexpected NUL byte\n");
    done(&r);
    one_error("staff.managers = \xFF\n", "facts.txt:1:18: error: invalid UTF-8 (byte 0xFF)");
    one_error("audit.team = \"\xE5\xBC\"\n", "facts.txt:1:15: error: invalid UTF-8 (byte 0xE5)");
    one_error("audit.team = \"\xED\xA0\x80\"\n", /* a surrogate */
              "facts.txt:1:15: error: invalid UTF-8 (byte 0xED)");
    one_error("channel = \x1b[31monline\n",
              "facts.txt:1:11: error: unexpected control character 0x1B");
    one_error("channel = on\rline\n", "facts.txt:1:13: error: unexpected control character 0x0D");
    one_error("\x7F\n", "facts.txt:1:1: error: unexpected control character 0x7F");
    /* one error per bad line, every bad line reported */
    static const char bin[] = "\x01\x02\n\xC0\xAF\n\0\0\0\n\xF5\x80\x80\x80 = 1\n";
    r = load_n(bin, sizeof bin - 1);
    assert_null(r.f);
    assert_int_equal(r.errors, 4);
    done(&r);
    /* truncated multi-byte character at the very end of the file */
    one_error("subject = \"甲\"\n\xE7\x94", "facts.txt:2:1: error: invalid UTF-8 (byte 0xE7)");
}

static void test_long_line(void **state)
{
    (void)state;
    size_t n = (size_t)1 << 20;
    char *text = malloc(n + 16);
    assert_non_null(text);
    memset(text, 'a', n);
    strcpy(text + n, " = 1\n");
    run r = load(text);
    assert_null(r.f);
    assert_int_equal(r.errors, 1);
    has(&r, "facts.txt:1:1: error: unknown fact "
            "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…'\n");
    done(&r);
    /* a long line of Chinese text is shortened without splitting a character */
    strcpy(text, "channel = ");
    size_t at = strlen(text);
    for (int i = 0; i < 100; i++, at += 3)
        memcpy(text + at, "张", 3);
    strcpy(text + at, "\n");
    r = load(text);
    assert_int_equal(r.errors, 1);
    has(&r, "found '张张张张张张张张张张张张张张张张…'\n");
    done(&r);
    /* a huge text value is fine */
    strcpy(text, "audit.team = \"");
    memset(text + 14, 'x', n - 20);
    strcpy(text + n - 6, "\"\n");
    r = ok(text);
    assert_int_equal(strlen(E(&r, F_TEAM)->value.text), n - 20);
    done(&r);
    free(text);
}

static void test_files(void **state)
{
    (void)state;
    char path[] = "/tmp/test_facts_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "subject \"乙\"\nstaff.managers = 9\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);

    char *out = NULL;
    size_t outlen = 0;
    FILE *m = open_memstream(&out, &outlen);
    er_diag *d = er_diag_new(m);
    er_facts *f = er_facts_load(&rules, path, d);
    assert_non_null(f);
    assert_string_equal(er_facts_subject(f), "乙");
    assert_num(f->entries[F_MANAGERS].value.num, 9, 1);
    assert_string_equal(f->src->name, path);
    er_facts_free(f);
    unlink(path);

    f = er_facts_load(&rules, "/nonexistent/facts.txt", d);
    assert_null(f);
    assert_true(er_diag_io_failed(d));
    assert_int_equal(er_diag_errors(d), 1);
    er_diag_free(d);
    fclose(m);
    assert_string_equal(out, "evalrules: error: cannot read '/nonexistent/facts.txt': "
                             "No such file or directory\n");
    free(out);
    er_facts_free(NULL);
}

/* ---------------------------------------------------------------------- */
/* Robustness                                                              */
/* ---------------------------------------------------------------------- */

static void test_out_of_memory(void **state)
{
    (void)state;
    const char *text = "subject = \"甲\"\nstaff.managers = 1\nchannel = phone\n"
                       "exclude 5.1 \"r\"\naudit.team = \"t\"\nchannel = fax\n";
    er_diag *d = er_diag_new(NULL);
    bool finished = false;
    for (long n = 0; n < 100 && !finished; n++) {
        support_fail_from(n);
        er_facts *f = er_facts_load_string(&rules, "facts.txt", text, strlen(text), d);
        finished = !support_fail_stop(); /* the limit was not reached */
        assert_null(f); /* out of memory, or the error on the last line */
    }
    assert_true(finished);
    assert_true(er_diag_errors(d) > 0);
    er_diag_free(d);
}

/* An overlay replaces values, exclusions and the subject of the file under
 * it, remembers where each came from, and still refuses a value given twice
 * within itself. */
static void test_overlay(void **state)
{
    (void)state;
    run r = ok("subject = \"甲\"\nstaff.managers = 42\nchannel = online\nexclude 5.2.3 \"none\"\n");
    char *out = NULL;
    size_t outlen = 0;
    FILE *m = open_memstream(&out, &outlen);
    er_diag *d = er_diag_new(m);
    const char *over = "\n\nstaff.managers = 7\nsubject = \"乙\"\nexclude 5.2.3 \"overlay\"\n"
                       "exclude 5.1 \"x\"\ntraining.hours = 12\n";
    assert_true(er_facts_overlay_string(r.f, "case.tests", over, strlen(over), d));
    assert_num(E(&r, F_MANAGERS)->value.num, 7, 1);
    assert_string_equal(E(&r, F_MANAGERS)->file, "case.tests");
    assert_int_equal(E(&r, F_MANAGERS)->line, 3);
    assert_string_equal(E(&r, F_CHANNEL)->file, "facts.txt");   /* untouched */
    assert_false(E(&r, F_HOURS)->defaulted);                    /* a default replaced */
    assert_num(E(&r, F_HOURS)->value.num, 12, 1);
    assert_true(E(&r, F_REPORT)->defaulted);
    assert_string_equal(er_facts_subject(r.f), "乙");
    assert_int_equal(r.f->nexclusions, 2);
    assert_string_equal(eri_facts_excluded(r.f, 1)->reason, "overlay");
    assert_string_equal(eri_facts_excluded(r.f, 1)->file, "case.tests");
    assert_int_equal(er_diag_errors(d), 0);

    /* twice within one overlay, and a bad value: reported at the overlay's lines */
    const char *bad = "staff.managers = 1\nstaff.managers = 2\nchannel = fax\n";
    assert_false(er_facts_overlay_string(r.f, "more.tests", bad, strlen(bad), d));
    er_diag_free(d);
    fclose(m);
    char *h = headers(out);
    assert_string_equal(h, "more.tests:2:1: error: fact 'staff.managers' is given twice (first at line 1)\n"
                           "more.tests:3:11: error: expected one of online, offline, phone for 'channel' "
                           "(enum), found 'fax'\n");
    free(h);
    free(out);
    done(&r);
}

/* With ignore_unknown, facts and indicators the rules do not declare are
 * counted, not reported; everything else is still checked. */
static void test_ignore_unknown(void **state)
{
    (void)state;
    char path[] = "/tmp/test_facts_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "staff.managers = 9\nnew.fact = 3\nexclude 9.9 \"gone\"\nanother = yes\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    er_diag *d = er_diag_new(NULL);
    er_facts_opts o = {.ignore_unknown = true};
    er_facts *f = er_facts_load_opts(&rules, path, &o, d);
    assert_non_null(f);
    assert_int_equal(er_facts_ignored(f), 3);
    assert_num(f->entries[F_MANAGERS].value.num, 9, 1);
    er_facts_free(f);
    assert_null(er_facts_load_opts(&rules, path, NULL, d)); /* strict by default */
    assert_int_equal(er_diag_errors(d), 3);
    er_diag_free(d);
    unlink(path);
}

/* An overlay failing for memory at every allocation leaves the facts freeable. */
static void test_overlay_out_of_memory(void **state)
{
    (void)state;
    const char *over = "staff.managers = 1\nchannel = phone\nexclude 5.1 \"r\"\n";
    er_diag *d = er_diag_new(NULL);
    bool finished = false;
    for (long n = 0; n < 100 && !finished; n++) {
        run r = ok("staff.managers = 5\n");
        support_fail_from(n);
        bool loaded = er_facts_overlay_string(r.f, "o", over, strlen(over), d);
        finished = !support_fail_stop(); /* the limit was not reached */
        assert_true(loaded || !finished); /* a failed load must have met a failed allocation */
        done(&r);
    }
    assert_true(finished);
    er_diag_free(d);
}

/* Every prefix of a valid file, and every single-byte mutation of it, loads
 * or fails cleanly (ASan and UBSan watch). */
static void test_mutations(void **state)
{
    (void)state;
    const char *text = "subject = \"某某电器\"\r\n"
                       "org.department = yes # c\n"
                       "staff.managers = 42\n"
                       "satisfaction = 92.5%\n"
                       "complaints.sample = 18/20\n"
                       "audit.team = \"a\\\"b\"\n"
                       "audit.date = 2026-10-12\n"
                       "channel = \"online\"\n"
                       "exclude 5.2.3 \"不适用\"\n";
    size_t len = strlen(text);
    static const char bytes[] = {'\0', '"', '\\', '#', '=', '%', '/', '\n', '\r', ' ', '.', '-',
                                 '9', 'a', '\x80', '\xE5', '\xFF'};
    er_diag *d = er_diag_new(NULL);
    char *buf = malloc(len + 1);
    assert_non_null(buf);
    for (size_t cut = 0; cut <= len; cut++) {
        memcpy(buf, text, cut); /* exactly cut bytes, no terminator: ASan catches over-reads */
        er_facts_free(er_facts_load_string(&rules, "f", buf, cut, d));
    }
    unsigned loaded = 0;
    for (size_t i = 0; i < len; i++)
        for (size_t b = 0; b < sizeof bytes; b++) {
            memcpy(buf, text, len);
            buf[i] = bytes[b];
            er_facts *f = er_facts_load_string(&rules, "f", buf, len, d);
            loaded += f != NULL;
            er_facts_free(f);
        }
    assert_true(loaded > 0);
    /* pseudo-random bytes */
    uint32_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 64);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (char)bytes[(seed >> 16) % sizeof bytes];
        }
        er_facts_free(er_facts_load_string(&rules, "f", buf, n, d));
    }
    free(buf);
    er_diag_free(d);
}


/* Values the reader turns down, one kind after another. */
static void test_every_value_error(void **state)
{
    (void)state;
    one_error("complaints.sample = 99999999999999999999/3\n",
              "facts.txt:1:21: error: number too large for 'complaints.sample' (sample): '99999999999999999999/3'");
    one_error("org.department = maybe\n",
              "facts.txt:1:18: error: expected yes or no for 'org.department' (bool), found 'maybe'");
    one_error("staff.managers = -\n",
              "facts.txt:1:18: error: expected a whole number for 'staff.managers' (int), found '-'");
    one_error("satisfaction = \n", "facts.txt:1:16: error: missing value for 'satisfaction' (percent)");
    one_error("audit.team = plain\n",
              "facts.txt:1:14: error: expected a quoted string for 'audit.team' (text), found 'plain'");
    one_error("channel = onlin\n", "facts.txt:1:11: error: expected one of online, offline, phone for 'channel' "
                                   "(enum), found 'onlin'; did you mean 'online'?");
    one_error("channel = zzzzzzz\n",
              "facts.txt:1:11: error: expected one of online, offline, phone for 'channel' (enum), found 'zzzzzzz'");
    one_error("funds.ratio = 1.2.3\n",
              "facts.txt:1:15: error: expected a number for 'funds.ratio' (decimal), found '1.2.3'");
    one_error("satisfaction = 101%\n",
              "facts.txt:1:16: error: value 101% for 'satisfaction' is outside its range 0%..100%");
    facts[F_DATE].has_hi = true;
    facts[F_DATE].hi.date = day("2030-12-31");
    one_error("audit.date = 2031-01-01\n",
              "facts.txt:1:14: error: value 2031-01-01 for 'audit.date' is outside its range 2000-01-01..2030-12-31");
    one_error("exclude 5.2.44 \"x\"\n", "facts.txt:1:9: error: unknown indicator '5.2.44'; did you mean '5.2.4'?");
    one_error("exclude 9.9.9.9.9 \"x\"\n", "facts.txt:1:9: error: unknown indicator '9.9.9.9.9'");
}

/* A fact bounded by another, one or both of them by default: reported at
 * the value given, or for the file when neither is written in it. */
static void test_range_bounded_by_defaults(void **state)
{
    (void)state;
    facts[F_SINCE].has_default = true;
    facts[F_SINCE].def = (eri_value){.type = ERI_TY_DATE, .date = day("2021-01-01")};
    one_error("audit.date = 2020-01-01\n",
              "facts.txt:1:14: error: value 2020-01-01 for 'audit.date' puts 'history.rated_since' (2021-01-01, its "
              "default) outside its range ..audit.date");
    facts[F_DATE].has_default = true;
    facts[F_DATE].def = (eri_value){.type = ERI_TY_DATE, .date = day("2020-01-01")};
    one_error("", "facts.txt: error: the default 2021-01-01 of 'history.rated_since' is outside its range "
                  "..audit.date: 'audit.date' is 2020-01-01 (its default)");
}

/* A value as the facts file wrote it: missing, cut to the buffer, from an
 * overlay, or written out when it is a default. */
static void test_value_text(void **state)
{
    (void)state;
    run r = ok("staff.managers = 1234567\n");
    char buf[64];
    assert_string_equal(eri_facts_value_text(r.f, F_DEPT, buf, sizeof buf), "(missing)");
    assert_string_equal(eri_facts_value_text(r.f, F_MANAGERS, buf, 4), "123");
    assert_string_equal(eri_facts_value_text(r.f, F_HOURS, buf, sizeof buf), "40");
    er_diag *d = er_diag_new(NULL);
    assert_true(er_facts_overlay_string(r.f, "o.facts", "\nstaff.managers = 89\n", 20, d));
    er_diag_free(d);
    assert_string_equal(eri_facts_value_text(r.f, F_MANAGERS, buf, sizeof buf), "89");
    assert_string_equal(er_facts_subject(NULL), "");
    er_diag *q = er_diag_new(NULL);
    assert_null(er_facts_load_string(NULL, "x.facts", "", 0, q)); /* no rules to read facts with */
    assert_int_equal(er_diag_errors(q), 1);
    er_diag_free(q);
    assert_string_equal(er_facts_subject(r.f), "");
    done(&r);
}

/* More than eight exclusions; none allowed by rules with no 'excludable'. */
static void test_many_exclusions_and_none_allowed(void **state)
{
    (void)state;
    static eri_node many[10];
    static const char *ids[10] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};
    char text[512];
    size_t len = 0;
    for (int i = 0; i < 10; i++) {
        many[i] = (eri_node){.id = ids[i], .excludable = true};
        len += (size_t)snprintf(text + len, sizeof text - len, "exclude %s \"r%d\"\n", ids[i], i);
    }
    rules.nodes = many;
    rules.nnodes = 10;
    run r = ok(text);
    assert_int_equal(r.f->nexclusions, 10);
    assert_string_equal(eri_facts_excluded(r.f, 9)->reason, "r9");
    done(&r);
    for (int i = 0; i < 10; i++)
        many[i].excludable = false;
    many[0].label = "甲";
    one_error("exclude 1 \"r\"\n", "facts.txt:1:9: error: 1 甲 cannot be excluded by the auditor: these rules allow "
                                   "no exclusions (rules mark an indicator that may not apply 'excludable')");
}


/* A value of each type as messages write it. */
static void test_fact_value_text_of_every_type(void **state)
{
    (void)state;
    static const struct {
        int fact;
        const char *text;
    } cases[] = {
        {F_DEPT, "yes"},          {F_SAMPLE, "18/20"},  {F_TEAM, "\"张三\""}, {F_DATE, "2026-10-12"},
        {F_CHANNEL, "offline"},   {F_SATISFACTION, "92.5%"}, {F_MANAGERS, "42"},
    };
    eri_value v[] = {
        {.type = ERI_TY_BOOL, .b = true},
        {.type = ERI_TY_SAMPLE, .k = 18, .n = 20, .num = Q(9, 10)},
        {.type = ERI_TY_TEXT, .text = "张三"},
        {.type = ERI_TY_DATE, .date = day("2026-10-12")},
        {.type = ERI_TY_ENUM, .choice = 1},
        {.type = ERI_TY_NUMBER, .num = Q(925, 1000)},
        {.type = ERI_TY_NUMBER, .num = Q(42, 1)},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eri_fact_value_text(&facts[cases[i].fact], &v[i], buf, sizeof buf);
        assert_string_equal(buf, cases[i].text);
    }
    v[0].b = false;
    eri_fact_value_text(&facts[F_DEPT], &v[0], buf, sizeof buf);
    assert_string_equal(buf, "no");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_all_types, setup),
        cmocka_unit_test_setup(test_more_forms, setup),
        cmocka_unit_test_setup(test_percent_exact, setup),
        cmocka_unit_test_setup(test_percent_bare, setup),
        cmocka_unit_test_setup(test_sample, setup),
        cmocka_unit_test_setup(test_range, setup),
        cmocka_unit_test_setup(test_wrong_types, setup),
        cmocka_unit_test_setup(test_huge_numbers, setup),
        cmocka_unit_test_setup(test_unknown_name, setup),
        cmocka_unit_test_setup(test_duplicate, setup),
        cmocka_unit_test_setup(test_generic_line, setup),
        cmocka_unit_test_setup(test_trailing_garbage, setup),
        cmocka_unit_test_setup(test_subject, setup),
        cmocka_unit_test_setup(test_exclusions, setup),
        cmocka_unit_test_setup(test_defaults, setup),
        cmocka_unit_test_setup(test_many_errors, setup),
        cmocka_unit_test_setup(test_comments_crlf, setup),
        cmocka_unit_test_setup(test_strings, setup),
        cmocka_unit_test_setup(test_empty, setup),
        cmocka_unit_test_setup(test_no_trailing_newline, setup),
        cmocka_unit_test_setup(test_garbage, setup),
        cmocka_unit_test_setup(test_long_line, setup),
        cmocka_unit_test_setup(test_files, setup),
        cmocka_unit_test_setup(test_out_of_memory, setup),
        cmocka_unit_test_setup(test_overlay, setup),
        cmocka_unit_test_setup(test_every_value_error, setup),
        cmocka_unit_test_setup(test_range_bounded_by_defaults, setup),
        cmocka_unit_test_setup(test_value_text, setup),
        cmocka_unit_test_setup(test_fact_value_text_of_every_type, setup),
        cmocka_unit_test_setup(test_many_exclusions_and_none_allowed, setup),
        cmocka_unit_test_setup(test_ignore_unknown, setup),
        cmocka_unit_test_setup(test_error_order, setup),
        cmocka_unit_test_setup(test_overlay_out_of_memory, setup),
        cmocka_unit_test_setup(test_mutations, setup),
        cmocka_unit_test_setup(test_exclusions_the_rules_allow, setup),
        cmocka_unit_test_setup(test_range_bounded_by_a_fact, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
