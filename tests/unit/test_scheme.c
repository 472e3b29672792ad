/* test_scheme.c — weighting schemes (scheme.c): points set and rescaled
 * exactly, totals kept, every error reported, scheme files, and
 * evaluation under a scheme. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "evalrules.h"
#include "evalrules_tools.h"
#include "rules.h"

/* A small tree: 1 (10) = 1.1 (4) + 1.2 (6 = 1.2.1 2 + 1.2.2 4); 2 (10) = 2.1 + 2.2. */
static const char rules_text[] =
    "standard \"T/S-1\"\n"
    "fact a : bool\nfact s : sample\nfact n : int range 0..5\n"
    "indicator 1 \"one\" points 10 {\n"
    "  item 1.1 \"a\" points 4 { pass when a }\n"
    "  indicator 1.2 \"b\" points 6 {\n"
    "    item 1.2.1 \"c\" points 2 { ratio s }\n"
    "    item 1.2.2 \"d\" points 4 { score min(points, n) }\n"
    "  }\n"
    "}\n"
    "indicator 2 \"two\" points 10 {\n"
    "  item 2.1 \"e\" points 5 { pass when a }\n"
    "  item 2.2 \"f\" points 5 { ratio s }\n"
    "}\n"
    "total { normalize to 100  round half_up to 0.1 }\n"
    "rating { level \"A\" at 90  level \"B\" at 70 }\n";

typedef struct loaded {
    er_rules *r;
    char *out;
    size_t len;
    unsigned errors;
} loaded;

/* rules (NULL: rules_text) followed by schemes */
static loaded load_with(const char *rules, const char *schemes)
{
    loaded l = {0};
    rules = rules ? rules : rules_text;
    size_t n = strlen(rules) + strlen(schemes) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s", rules, schemes);
    FILE *m = open_memstream(&l.out, &l.len);
    er_diag *d = er_diag_new(m);
    l.r = er_rules_load_string("t.rules", text, strlen(text), d);
    l.errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    free(text);
    return l;
}

static loaded load(const char *schemes) { return load_with(NULL, schemes); }

static void done(loaded *l)
{
    er_rules_free(l->r);
    free(l->out);
}

static void rejected_with(const char *rules, const char *schemes, const char *expected)
{
    loaded l = load_with(rules, schemes);
    char *h = headers(l.out);
    if (l.r)
        fail_msg("expected the scheme to be rejected:\n%s", schemes);
    if (strcmp(h, expected) != 0)
        fail_msg("for\n%s\nexpected\n%s\nbut got\n%s", schemes, expected, h);
    free(h);
    done(&l);
}

static void rejected(const char *schemes, const char *expected) { rejected_with(NULL, schemes, expected); }

static eri_num pts(const er_scheme *s, const er_rules *r, const char *id)
{
    int32_t i = eri_rules_find_node(r, id, strlen(id));
    assert_true(i >= 0);
    return s->points[i];
}

#define assert_pts(s, r, id, N, D)                              \
    do {                                                        \
        eri_num v_ = pts(s, r, id);                              \
        assert_int_equal(v_.num, N);                            \
        assert_int_equal(v_.den, D);                            \
    } while (0)

static void test_set_and_rescale_exactly(void **state)
{
    (void)state;
    loaded l = load("scheme w \"重\" for \"T/S-1\" {\n  1 points 13\n  2 points 7\n  1.2.2 points 2.8\n"
                    "  1.2.1 points 5\n}\n");
    if (!l.r)
        fail_msg("%s", l.out);
    const er_scheme *s = er_rules_scheme(l.r, "w");
    assert_non_null(s);
    assert_string_equal(er_scheme_label(s), "重");
    /* 1: 10 -> 13 scales 1.1 to 5.2 and 1.2 to 7.8; then 1.2's children are set */
    assert_pts(s, l.r, "1", 13, 1);
    assert_pts(s, l.r, "1.1", 26, 5);
    assert_pts(s, l.r, "1.2", 39, 5);
    assert_pts(s, l.r, "1.2.1", 5, 1);
    assert_pts(s, l.r, "1.2.2", 14, 5);
    assert_pts(s, l.r, "2.1", 7, 2);
    assert_int_equal(s->how[eri_rules_find_node(l.r, "1.1", 3)], ERI_SCH_RESCALED);
    assert_int_equal(s->how[eri_rules_find_node(l.r, "1.2.1", 5)], ERI_SCH_SET);
    /* the base is untouched */
    assert_pts(er_rules_base(l.r), l.r, "1.1", 4, 1);
    assert_null(er_rules_scheme(l.r, "nope"));
    assert_ptr_equal(er_rules_scheme(l.r, "base"), er_rules_base(l.r));
    done(&l);
}

/* 10 -> 10/3 and back: thirds stay exact, nothing is rounded */
static void test_thirds(void **state)
{
    (void)state;
    loaded l = load("scheme t {\n  1 points 10/3\n}\n");
    assert_null(l.r); /* points are a number, not a fraction */
    done(&l);
    l = load("scheme t {\n  1.2 points 5\n  1.1 points 5\n}\n");
    if (!l.r)
        fail_msg("%s", l.out);
    const er_scheme *s = er_rules_scheme(l.r, "t");
    assert_pts(s, l.r, "1.2.1", 5, 3);
    assert_pts(s, l.r, "1.2.2", 10, 3);
    done(&l);
}

static void test_errors(void **state)
{
    (void)state;
    rejected("scheme x for \"T/S-2\" {\n  1.3 points 2\n  1.1 points -1\n  2.1 points 6\n  2.1 points 7\n}\n",
             "t.rules:18:14: error: scheme 'x' is for \"T/S-2\", but these rules are \"T/S-1\"\n"
             "t.rules:19:3: error: scheme 'x' names indicator 1.3, which the rules do not have; did you mean 1.1?\n"
             "t.rules:20:14: error: points are a number of points, zero or more\n"
             "t.rules:22:3: error: scheme 'x' gives the points of 2.1 twice\n"
             "t.rules:21:3: note: first here\n");
    rejected("scheme y {\n  1.2.1 points 3\n}\n",
             "t.rules:19:3: error: under scheme 'y' the children of 1.2 add up to 7, but 1.2 has 6 points; change "
             "its other children too, or set 1.2 itself\n");
    rejected("scheme z {\n  1 points 12\n}\n",
             "t.rules:19:3: error: under scheme 'z' the first-level indicators add up to 22, not 20 as in the rules; "
             "a scheme moves points between indicators, so change the others too\n");
    /* a literal in a score rule that exceeds the item's new points */
    rejected("scheme base {\n}\n", "t.rules:18:8: error: 'base' names the rules' own points; call this scheme "
                                   "something else\n");
    rejected("scheme d {\n}\nscheme d {\n}\n", "t.rules:20:8: error: scheme 'd' is defined twice\n"
                                                "t.rules:18:1: note: first defined here\n");
}

/* Pairwise judgements: weights by AHP, apportioned in 0.1 steps, then the
 * subtrees rescaled like any other change. */
static void test_pairwise(void **state)
{
    (void)state;
    loaded l = load("scheme p {\n  pairwise { 1 : 2 = 3 }\n  pairwise 1 { 1.2 : 1.1 = 3 }\n}\n");
    if (!l.r)
        fail_msg("%s", l.out);
    const er_scheme *s = er_rules_scheme(l.r, "p");
    assert_pts(s, l.r, "1", 15, 1);
    assert_pts(s, l.r, "2", 5, 1);
    assert_pts(s, l.r, "2.1", 5, 2);
    /* 1/4 and 3/4 of 15 in steps of 0.1: 3.75 and 11.25 tie, the first gets the rounding */
    assert_pts(s, l.r, "1.1", 19, 5);
    assert_pts(s, l.r, "1.2", 56, 5);
    assert_pts(s, l.r, "1.2.1", 56, 15); /* 2 of 6, then 1.2 rescaled to 11.2 */
    assert_int_equal(s->npairwise, 2);
    assert_int_equal(s->pairwise[0].parent, -1);
    assert_int_equal(s->pairwise[0].weights[0].num, 3);
    assert_int_equal(s->pairwise[0].weights[0].den, 4);
    assert_int_equal(s->how[eri_rules_find_node(l.r, "2", 1)], ERI_SCH_PAIRWISE);
    done(&l);
}

static void test_pairwise_errors(void **state)
{
    (void)state;
    rejected("scheme e {\n  pairwise 1 {\n    1.1 : 1.2 = 10\n    1.1 : 2 = 2\n    1.1 : 1.1 = 1\n"
             "    1.2 : 1.1 = 2.5\n  }\n  pairwise 1.1 { }\n  pairwise 1.2 { }\n}\n",
             "t.rules:25:12: error: 1.1 is an item: pairwise comparisons weigh the children of an indicator\n"
             "t.rules:20:17: error: a judgement is on Saaty's scale: 1 to 9 (how many times 1.1 matters as much as "
             "1.2), or 1/2 to 1/9\n"
             "t.rules:21:11: error: 2 is not among what this compares: the children of 1\n"
             "t.rules:22:5: error: 1.1 is compared with itself\n"
             "t.rules:23:17: error: a judgement is on Saaty's scale: 1 to 9 (how many times 1.2 matters as much as "
             "1.1), or 1/2 to 1/9\n"
             "t.rules:26:3: error: comparing the children of 1.2 needs a judgement on each pair of them (1 pair); "
             "missing 1.2.1 : 1.2.2\n");
    rejected("scheme t {\n  pairwise { 1 : 2 = 2  2 : 1 = 1/2 }\n  1 points 12\n}\n",
             "t.rules:19:25: error: 2 and 1 are compared twice\n"
             "t.rules:19:14: note: first here\n");
    rejected("scheme u {\n  pairwise { 1 : 2 = 2 }\n  1 points 12\n  2 points 8\n}\n",
             "t.rules:20:3: error: scheme 'u' gives the points of 1 twice\n"
             "t.rules:19:3: note: first here\n"
             "t.rules:21:3: error: scheme 'u' gives the points of 2 twice\n"
             "t.rules:19:3: note: first here\n");
}

/* A literal in a score rule above the item's new points is an error, shown
 * at the statement that changed those points. */
static void test_literal_above_new_points(void **state)
{
    (void)state;
    const char *text = "fact n : int range 0..5\n"
                       "indicator 1 \"x\" points 6 {\n"
                       "  item 1.1 \"a\" points 4 { score min(4, n) }\n"
                       "  item 1.2 \"b\" points 2 { score min(points, n) }\n"
                       "}\n"
                       "scheme q {\n  1.1 points 3\n  1.2 points 3\n}\n";
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    assert_null(er_rules_load_string("t.rules", text, strlen(text), d));
    er_diag_free(d);
    fclose(m);
    char *h = headers(out);
    assert_string_equal(h, "t.rules:7:3: error: under scheme 'q' item 1.1 has 3 points, but its rule can score up "
                           "to 4; write its rule with 'points' rather than a number\n"
                           "t.rules:3:27: note: the rule of 1.1\n");
    free(h);
    free(out);
}

/* zero points are allowed: an indicator or item can be weighed out */
static void test_zero(void **state)
{
    (void)state;
    loaded l = load("scheme a {\n  1.2 points 0\n  1.1 points 10\n}\nscheme b {\n  1.2.1 points 0\n"
                    "  1.2.2 points 6\n}\n");
    if (!l.r)
        fail_msg("%s", l.out);
    assert_pts(er_rules_scheme(l.r, "a"), l.r, "1.2.2", 0, 1);
    assert_pts(er_rules_scheme(l.r, "b"), l.r, "1.2.1", 0, 1);
    assert_int_equal(er_rules_scheme_count(l.r), 2);
    done(&l);
}

static void test_eval_under_scheme(void **state)
{
    (void)state;
    loaded l = load("scheme w {\n  1 points 15\n  2 points 5\n}\n");
    if (!l.r)
        fail_msg("%s", l.out);
    er_diag *d = er_diag_new(NULL);
    const char *facts = "a = no\ns = 1/2\nn = 5\n";
    er_facts *f = er_facts_load_string(l.r, "f", facts, strlen(facts), d);
    assert_non_null(f);
    /* base: 1.1 0 + 1.2.1 1 + 1.2.2 4 + 2.1 0 + 2.2 2.5 = 7.5 of 20 -> 37.5 */
    er_result *base = er_eval(l.r, f, d);
    assert_string_equal(er_result_score(base), "37.5");
    /* w: 1.1 0 of 6, 1.2.1 1.5 of 3 (x1.5), 1.2.2 min(6, 5) = 5 of 6, 2.1 0 of 2.5, 2.2 1.25 of 2.5
     * = 7.75 of 20 -> 38.75 -> 38.8 */
    er_result *w = er_eval_scheme(l.r, f, er_rules_scheme(l.r, "w"), d);
    assert_non_null(w);
    assert_string_equal(er_result_score(w), "38.8");
    assert_int_equal(w->earned_total.num, 31);
    assert_int_equal(w->earned_total.den, 4);
    assert_int_equal(er_diag_errors(d), 0);
    er_result_free(base);
    er_result_free(w);
    er_facts_free(f);
    er_diag_free(d);
    done(&l);
}

static void test_scheme_file(void **state)
{
    (void)state;
    loaded l = load("");
    assert_non_null(l.r);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    const char *ok = "# a scheme of its own\nscheme own \"自有\" for \"T/S-1\" {\n  1 points 12\n  2 points 8\n}\n";
    er_scheme *s = er_scheme_load_string(l.r, "own.scheme", ok, strlen(ok), d);
    assert_non_null(s);
    assert_string_equal(er_scheme_name(s), "own");
    assert_pts(s, l.r, "2.2", 4, 1);
    er_scheme_free(s);
    const char *bad = "fact b : bool\nscheme one {\n  9 points 1\n}\nscheme two {\n}\n";
    assert_null(er_scheme_load_string(l.r, "bad.scheme", bad, strlen(bad), d));
    assert_null(er_scheme_load_string(l.r, "empty.scheme", "# nothing\n", 10, d));
    assert_null(er_scheme_load(l.r, "/nonexistent/x.scheme", d));
    assert_true(er_diag_io_failed(d));
    er_diag_free(d);
    fclose(m);
    char *h = headers(out);
    assert_string_equal(h, "bad.scheme:1:1: error: a scheme file holds one scheme; this fact belongs in the rules file\n"
                           "bad.scheme:5:1: error: a scheme file holds one scheme; put 'two' in a file of its own\n"
                           "bad.scheme:3:3: error: scheme 'one' names indicator 9, which the rules do not have\n"
                           "empty.scheme:1:1: error: no scheme in this file: scheme NAME \"label\" for \"T/S-1\" { … }\n"
                           "evalrules: error: cannot read '/nonexistent/x.scheme': No such file or directory\n");
    free(h);
    free(out);
    done(&l);
}

/* A scheme file failing for memory at every allocation in turn fails cleanly. */
static void test_out_of_memory(void **state)
{
    (void)state;
    loaded l = load("");
    er_diag *d = er_diag_new(NULL);
    const char *text = "scheme own {\n  1 points 12\n  2 points 8\n}\n";
    bool finished = false;
    for (long n = 0; n < 200 && !finished; n++) {
        support_fail_from(n);
        er_scheme *s = er_scheme_load_string(l.r, "o", text, strlen(text), d);
        finished = !support_fail_stop(); /* the limit was not reached */
        assert_true(s != NULL || !finished); /* a failed load must have met a failed allocation */
        er_scheme_free(s);
    }
    assert_true(finished);
    er_diag_free(d);
    done(&l);
}


/* Rules with a 0-point indicator, one with a single item and one with
 * five: pairwise comparisons they cannot take, and the culprits named. */
static const char wide_rules[] =
    "fact n : int range 0..10\n"
    "indicator 1 \"one\" points 10 {\n"
    "  item 1.1 \"a\" points 4 { score min(4, n) }\n"
    "  item 1.2 \"b\" points 6 { score min(points, n) }\n"
    "}\n"
    "indicator 2 \"zero\" points 0 { item 2.1 \"c\" points 0 { pass when n > 1 } }\n"
    "indicator 3 \"single\" points 5 { item 3.1 \"d\" points 5 { score min(points, n) } }\n"
    "indicator 4 \"five\" points 5 {\n"
    "  item 4.1 \"\" points 1 { pass when n > 0 }  item 4.2 \"\" points 1 { pass when n > 1 }\n"
    "  item 4.3 \"\" points 1 { pass when n > 2 }  item 4.4 \"\" points 1 { pass when n > 3 }\n"
    "  item 4.5 \"\" points 1 { pass when n > 4 }\n"
    "}\n";

static void test_pairwise_limits(void **state)
{
    (void)state;
    /* 0 points cannot be rescaled; one child is nothing to compare; 10 pairs, 6 named */
    rejected_with(wide_rules, "scheme a {\n  2 points 3\n  1 points 7\n}\n",
                  "t.rules:14:3: error: indicator 2 has 0 points here, so its children cannot be rescaled to 3; give "
                  "them their points one by one\n");
    rejected_with(wide_rules, "scheme b {\n  pairwise 3 { }\n  pairwise 4 { }\n}\n",
                  "t.rules:14:3: error: pairwise comparison weighs 2 to 15 indicators, and the children of 3 number 1\n"
                  "t.rules:15:3: error: comparing the children of 4 needs a judgement on each pair of them (10 pairs); "
                  "missing 4.1 : 4.2, 4.1 : 4.3, 4.1 : 4.4, 4.1 : 4.5, 4.2 : 4.3, 4.2 : 4.4, …\n");
    /* the first of a pair not compared; a judgement 1/0 */
    rejected_with(wide_rules, "scheme c {\n  pairwise 1 { 2 : 1.1 = 2  1.1 : 1.2 = 1/0 }\n}\n",
                  "t.rules:14:16: error: 2 is not among what this compares: the children of 1\n"
                  "t.rules:14:41: error: a judgement is on Saaty's scale: 1 to 9 (how many times 1.1 matters as much "
                  "as 1.2), or 1/2 to 1/9\n");
    /* a pairwise share given to a 0-point indicator */
    rejected_with(wide_rules, "scheme d {\n  pairwise { 1 : 2 = 1  1 : 3 = 1  1 : 4 = 1  2 : 3 = 1  2 : 4 = 1  3 : 4 = 1 }\n}\n",
                  "t.rules:14:3: error: indicator 2 has 0 points here, so its children cannot be rescaled to 5; give "
                  "them their points one by one\n");
    /* a share rescaled below a literal in a score rule: reported where its indicator was set */
    rejected_with(wide_rules, "scheme f {\n  1 points 6\n  3 points 9\n}\n",
                  "t.rules:14:3: error: under scheme 'f' item 1.1 has 2.4 points, but its rule can score up to 4; "
                  "write its rule with 'points' rather than a number\n"
                  "t.rules:3:27: note: the rule of 1.1\n");
    /* points set, then compared */
    rejected_with(wide_rules, "scheme g {\n  1.1 points 3\n  pairwise 1 { 1.1 : 1.2 = 2 }\n}\n",
                  "t.rules:15:3: error: scheme 'g' gives the points of 1.1 twice\n"
                  "t.rules:14:3: note: first here\n");
    /* sixteen children are more than a comparison weighs */
    char many[4096];
    size_t len = (size_t)snprintf(many, sizeof many, "fact n : int range 0..10\nindicator 1 \"x\" points 16 {\n");
    for (int i = 1; i <= 16; i++)
        len += (size_t)snprintf(many + len, sizeof many - len, "  item 1.%d \"\" points 1 { pass when n > 0 }\n", i);
    snprintf(many + len, sizeof many - len, "}\n");
    rejected_with(many, "scheme h {\n  pairwise 1 { 1.1 : 1.2 = 2 }\n}\n",
                  "t.rules:21:3: error: pairwise comparison weighs 2 to 15 indicators, and the children of 1 number 16\n");
    /* a pairwise share below a literal in a score rule: reported at the comparison */
    rejected_with(wide_rules, "scheme e {\n  pairwise 1 { 1.1 : 1.2 = 1/3 }\n}\n",
                  "t.rules:14:3: error: under scheme 'e' item 1.1 has 2.5 points, but its rule can score up to 4; "
                  "write its rule with 'points' rather than a number\n"
                  "t.rules:3:27: note: the rule of 1.1\n");
}

/* Points that cannot be shared out in steps of 0.01; a sum that does not
 * hold, reported at the last statement that set one of the children. */
static void test_shares_and_culprits(void **state)
{
    (void)state;
    rejected("scheme p {\n  1 points 10.01\n  2 points 9.99\n  pairwise 1.2 { 1.2.1 : 1.2.2 = 2 }\n}\n",
             "t.rules:21:3: error: the 6.006 points of the children of 1.2 cannot be shared out in steps of 0.01\n");
    rejected("scheme q {\n  1.2.2 points 5\n  1.2.1 points 3\n}\n",
             "t.rules:20:3: error: under scheme 'q' the children of 1.2 add up to 8, but 1.2 has 6 points; change "
             "its other children too, or set 1.2 itself\n");
}

/* A scheme file for rules that name no standard; one with an error and no
 * scheme says only the error. */
static void test_scheme_file_without_standard(void **state)
{
    (void)state;
    loaded l = load_with(wide_rules, "");
    assert_non_null(l.r);
    capture c;
    capture_start(&c);
    assert_null(er_scheme_load_string(l.r, "empty.scheme", "\n", 1, c.d));
    assert_null(er_scheme_load_string(l.r, "fact.scheme", "fact b : bool\n", 14, c.d));
    const char ok[] = "scheme s {\n  1 points 12\n  3 points 3\n}\n";
    er_scheme *s = er_scheme_load_string(l.r, "ok.scheme", ok, sizeof ok - 1, c.d);
    assert_non_null(s);
    assert_string_equal(s->standard, "");
    assert_pts(s, l.r, "3.1", 3, 1);
    er_scheme_free(s);
    char *h = capture_headers(&c);
    assert_string_equal(h, "empty.scheme:1:1: error: no scheme in this file: scheme NAME \"label\" for \"STANDARD\" { … }\n"
                           "fact.scheme:1:1: error: a scheme file holds one scheme; this fact belongs in the rules file\n");
    free(h);
    assert_string_equal(l.r->base.standard, "");
    done(&l);
}


/* A scheme file for no rules, one that does not parse; the rules' own
 * schemes are theirs to free (er_scheme_free leaves them); past the last
 * scheme there is none. */
static void test_scheme_file_edges(void **state)
{
    (void)state;
    loaded l = load("scheme a {\n  1 points 12\n  2 points 8\n}\n");
    assert_non_null(l.r);
    capture c;
    capture_start(&c);
    const char ok[] = "scheme s {\n}\n";
    assert_null(er_scheme_load_string(NULL, "s.scheme", ok, sizeof ok - 1, c.d));
    assert_null(er_scheme_load_string(l.r, "bad.scheme", "scheme {\n", 9, c.d));
    char *h = capture_headers(&c);
    assert_string_equal(h, "evalrules: error: no rules to apply the scheme to\n"
                           "bad.scheme:1:8: error: unexpected '{', expecting identifier\n");
    free(h);
    er_scheme_free((er_scheme *)er_rules_scheme(l.r, "a"));
    er_scheme_free((er_scheme *)er_rules_base(l.r));
    assert_pts(er_rules_scheme(l.r, "a"), l.r, "1", 12, 1);
    assert_int_equal(er_rules_scheme_count(l.r), 1);
    assert_non_null(er_rules_scheme_at(l.r, 0));
    assert_null(er_rules_scheme_at(l.r, 1));
    assert_string_equal(er_rules_title(l.r), "");
    done(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_and_rescale_exactly),
        cmocka_unit_test(test_thirds),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_pairwise),
        cmocka_unit_test(test_pairwise_errors),
        cmocka_unit_test(test_literal_above_new_points),
        cmocka_unit_test(test_zero),
        cmocka_unit_test(test_eval_under_scheme),
        cmocka_unit_test(test_scheme_file),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_pairwise_limits),
        cmocka_unit_test(test_shares_and_culprits),
        cmocka_unit_test(test_scheme_file_without_standard),
        cmocka_unit_test(test_scheme_file_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
