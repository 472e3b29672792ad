/* test_check.c — unit tests for the checker (check.c) through
 * er_rules_load_string: names, types, points, tiers, bounds, levels, caps,
 * cycles and warnings.  Each test loads a small rules text and compares the
 * diagnostic header lines ("t.rules:L:C: error: …") exactly. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "evalrules.h"
#include "evalrules_tools.h"
#include "rules.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct loaded {
    er_rules *r;
    char *out; /* everything the diagnostics printed */
    size_t len;
    unsigned errors, warnings;
} loaded;

static loaded load(const char *text)
{
    loaded l = {0};
    FILE *m = open_memstream(&l.out, &l.len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    assert_non_null(d);
    l.r = er_rules_load_string("t.rules", text, strlen(text), d);
    l.errors = er_diag_errors(d);
    l.warnings = er_diag_warnings(d);
    er_diag_free(d);
    fclose(m);
    return l;
}

static void done(loaded *l)
{
    er_rules_free(l->r);
    free(l->out);
}


/* The load fails and prints exactly these header lines. */
static void rejected(const char *text, const char *expected)
{
    loaded l = load(text);
    char *h = headers(l.out);
    if (l.r)
        fail_msg("expected the rules to be rejected:\n%s", text);
    if (strcmp(h, expected) != 0)
        fail_msg("for the rules\n%s\nexpected the diagnostics\n%s\nbut got\n%s\n(full output:\n%s)", text,
                 expected, h, l.out);
    free(h);
    done(&l);
}

/* The load succeeds and prints exactly these header lines (warnings). */
static void accepted(const char *text, const char *expected)
{
    loaded l = load(text);
    char *h = headers(l.out);
    if (!l.r || l.errors)
        fail_msg("expected the rules to load:\n%s\nbut got:\n%s", text, l.out);
    if (strcmp(h, expected) != 0)
        fail_msg("for the rules\n%s\nexpected the diagnostics\n%s\nbut got\n%s\n(full output:\n%s)", text,
                 expected, h, l.out);
    free(h);
    done(&l);
}

static void clean(const char *text) { accepted(text, ""); }

/* ---------------------------------------------------------------------- */
/* Names                                                                   */
/* ---------------------------------------------------------------------- */

static void test_unknown_fact_did_you_mean(void **state)
{
    (void)state;
    rejected("fact staff.certified : int\n"
             "item 1 \"a\" points 1 {\n"
             "  pass when staff.certifed > 1\n"
             "}\n",
             "t.rules:3:13: error: unknown name 'staff.certifed'; did you mean 'staff.certified'?\n"
             "t.rules:1:6: warning: fact 'staff.certified' is declared but never used\n");
}

static void test_unknown_fact_caret(void **state)
{
    (void)state;
    loaded l = load("fact staff.certified : int\n"
                    "item 1 \"a\" points 1 {\n"
                    "  pass when staff.certifed > 1\n"
                    "}\n");
    assert_null(l.r);
    const char *want = "t.rules:3:13: error: unknown name 'staff.certifed'; did you mean 'staff.certified'?\n"
                       "    3 |   pass when staff.certifed > 1\n"
                       "      |             ^~~~~~~~~~~~~~\n";
    assert_true(strncmp(l.out, want, strlen(want)) == 0);
    done(&l);
}

static void test_unknown_name_without_suggestion(void **state)
{
    (void)state;
    rejected("item 1 \"a\" points 1 { pass when qqqqqq }\n",
             "t.rules:1:33: error: unknown name 'qqqqqq': declare it with 'fact qqqqqq : TYPE' or "
             "'let qqqqqq = …'\n");
}

static void test_let_names_are_suggested(void **state)
{
    (void)state;
    rejected("fact x : int\n"
             "let coverage = x * 2\n"
             "item 1 \"a\" points 1 { pass when coverag > 1 }\n",
             "t.rules:3:33: error: unknown name 'coverag'; did you mean 'coverage'?\n");
}

static void test_unknown_function(void **state)
{
    (void)state;
    rejected("fact x : int\n"
             "item 1 \"a\" points 1 { score foo(x) }\n",
             "t.rules:2:29: error: unknown function 'foo'; did you mean 'floor'?\n");
    rejected("fact x : int\n"
             "item 1 \"a\" points 1 { score zzzzzzzz(x) }\n",
             "t.rules:2:29: error: unknown function 'zzzzzzzz'\n");
}

static void test_wrong_number_of_arguments(void **state)
{
    (void)state;
    rejected("fact d : date\n"
             "item 1 \"a\" points 1 { pass when days_between(d) > 1 }\n",
             /* the arguments are still checked, so 'd' counts as used */
             "t.rules:2:33: error: days_between() takes 2 arguments, not 1\n");
}

static void test_unknown_indicator_in_earned(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "indicator 5.1 \"a\" { item 5.1.2 \"b\" points 1 { pass when x } }\n"
             "item 6 \"c\" points 1 { score min(points, earned(9.9.9)) }\n"
             "item 7 \"d\" points 1 { score min(points, earned(5.1.3)) }\n",
             "t.rules:3:48: error: unknown indicator '9.9.9'\n"
             "t.rules:4:48: error: unknown indicator '5.1.3'; did you mean '5.1.2'?\n");
}

static void test_id_outside_earned(void **state)
{
    (void)state;
    rejected("item 1 \"a\" points 1 { score 5.1.1 }\n",
             "t.rules:1:29: error: an indicator id means something only inside earned(), applicable(), "
             "failed(), points() or excluded()\n");
}

static void test_duplicate_fact(void **state)
{
    (void)state;
    rejected("fact x : int\n"
             "fact x : bool\n"
             "item 1 \"a\" points 1 { pass when x > 1 }\n",
             "t.rules:2:6: error: fact 'x' is declared twice\n"
             "t.rules:1:6: note: first declared here\n");
}

static void test_duplicate_id(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "indicator 5.1 \"a\" {\n"
             "  item 5.1.1 \"b\" points 1 { pass when x }\n"
             "  item 5.1.1 \"c\" points 1 { pass when x }\n"
             "}\n",
             "t.rules:4:3: error: indicator id 5.1.1 is used twice\n"
             "t.rules:3:3: note: first used here\n");
}

static void test_duplicate_let(void **state)
{
    (void)state;
    rejected("let a = 1\n"
             "let a = 2\n"
             "item 1 \"x\" points 1 { ratio a }\n",
             "t.rules:2:5: error: 'a' is already defined here\n"
             "t.rules:1:5: note: first defined here\n");
}

static void test_subject_is_reserved(void **state)
{
    (void)state;
    rejected("fact subject : int\n"
             "item 1 \"x\" points 1 { pass when yes }\n",
             "t.rules:1:6: error: 'subject' is reserved: facts files name the enterprise with "
             "'subject = \"…\"'\n");
}

static void test_unknown_type(void **state)
{
    (void)state;
    rejected("fact x : integer\n"
             "item 1 \"x\" points 1 { pass when yes }\n",
             "t.rules:1:10: error: unknown type 'integer'; did you mean 'int'?\n");
}

/* ---------------------------------------------------------------------- */
/* Types                                                                   */
/* ---------------------------------------------------------------------- */

static void test_bool_used_as_number(void **state)
{
    (void)state;
    rejected("fact flag : bool\n"
             "item 1 \"a\" points 2 { score flag + 1 }\n",
             "t.rules:2:29: error: a yes/no value where a number is needed; write 'if … then 1 else 0' "
             "to count it\n");
}

static void test_number_used_as_condition(void **state)
{
    (void)state;
    rejected("fact n : int\n"
             "item 1 \"a\" points 2 { pass when n }\n",
             "t.rules:2:33: error: a number where a condition (yes/no) is needed after 'pass when'\n");
}

static void test_date_compared_with_number(void **state)
{
    (void)state;
    rejected("fact d : date\n"
             "item 1 \"a\" points 2 { pass when d > 3 }\n",
             "t.rules:2:33: error: a date can only be compared with a date\n");
}

static void test_if_branches_differ(void **state)
{
    (void)state;
    rejected("fact b : bool\n"
             "item 1 \"a\" points 2 { score if b then 1 else yes }\n",
             "t.rules:2:29: error: the branches of 'if' differ: a number after 'then', a yes/no value "
             "after 'else'\n");
}

static void test_enum_compared_with_unknown_string(void **state)
{
    (void)state;
    rejected("fact mode : enum { own, contracted, none }\n"
             "item 1 \"a\" points 2 { pass when mode == \"nonee\" }\n"
             "item 2 \"b\" points 2 { pass when \"xyzzy\" != mode }\n",
             "t.rules:2:41: error: \"nonee\" is not a value of 'mode'; did you mean \"none\"?\n"
             "t.rules:3:33: error: \"xyzzy\" is not a value of 'mode'\n");
}

static void test_enum_compared_with_its_value(void **state)
{
    (void)state;
    clean("fact mode : enum { own, contracted, none }\n"
          "item 1 \"a\" points 2 { pass when mode == \"own\" or mode != \"none\" }\n");
}

static void test_percent_comparison_hint(void **state)
{
    (void)state;
    accepted("fact satisfaction : percent\n"
             "item 1 \"a\" points 2 { pass when satisfaction >= 90 }\n",
             "t.rules:2:49: warning: 'satisfaction' is a percentage (92% is 0.92) but is compared with 90; "
             "did you mean 90%?\n");
    /* written as a percentage, or a fraction up to 1: no hint */
    clean("fact satisfaction : percent\n"
          "item 1 \"a\" points 2 { pass when satisfaction >= 90% and satisfaction < 1 }\n");
}

/* ---------------------------------------------------------------------- */
/* Points and items                                                        */
/* ---------------------------------------------------------------------- */

static void test_children_points_differ_from_parent(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "indicator 5.1 \"a\" points 10 {\n"
             "  item 5.1.1 \"b\" points 3 { pass when x }\n"
             "  item 5.1.2 \"c\" points 4.5 { pass when x }\n"
             "}\n",
             "t.rules:2:1: error: the children of 5.1 add up to 7.5 points, but it declares 10\n"
             "t.rules:3:3: note: 5.1.1: 3 points\n"
             "t.rules:4:3: note: 5.1.2: 4.5 points\n");
}

static void test_indicator_points_are_summed(void **state)
{
    (void)state;
    loaded l = load("fact x : bool\n"
                    "indicator 5 \"top\" {\n"
                    "  indicator 5.1 \"a\" {\n"
                    "    item 5.1.1 \"b\" points 3 { pass when x }\n"
                    "    item 5.1.2 \"c\" points 4.5 { pass when x }\n"
                    "  }\n"
                    "  item 5.2 \"d\" points 2 { pass when x }\n"
                    "}\n");
    assert_non_null(l.r);
    int32_t top = eri_rules_find_node(l.r, "5", 1), mid = eri_rules_find_node(l.r, "5.1", 3);
    assert_true(top >= 0 && mid >= 0);
    assert_int_equal(l.r->nodes[mid].points.num, 15);
    assert_int_equal(l.r->nodes[mid].points.den, 2);
    assert_int_equal(l.r->nodes[top].points.num, 19);
    assert_int_equal(l.r->nodes[top].points.den, 2);
    done(&l);
}

static void test_item_without_points(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "item 6.1 \"d\" { pass when x }\n",
             "t.rules:2:1: error: item 6.1 needs its points: item 6.1 \"…\" points N { … }\n");
}

/* under an indicator too, whose points are added up all the same (this
 * crashed: the item's points were left unset; found by fuzz_fmt) */
static void test_item_without_points_in_indicator(void **state)
{
    (void)state;
    rejected("fact n : int range 0..10\n"
             "indicator 1 \"测试\" { item 1.1 \"档次\" { grade n { >= 20: 100% otherwise 0 } } }\n",
             "t.rules:2:20: error: item 1.1 needs its points: item 1.1 \"…\" points N { … }\n");
}

static void test_item_without_scoring_rule(void **state)
{
    (void)state;
    rejected("item 6.2 \"e\" points 1 { text \"t\" }\n",
             "t.rules:1:1: error: item 6.2 has no scoring rule; add 'pass when …', 'ratio …', "
             "'grade … { … }' or 'score …'\n");
}

static void test_item_with_two_scoring_rules(void **state)
{
    (void)state;
    rejected("fact x : int range 0..10\n"
             "item 6.3 \"f\" points 1 {\n"
             "  pass when x > 1\n"
             "  ratio x / 10\n"
             "}\n",
             "t.rules:4:3: error: item 6.3 has a second scoring rule\n"
             "t.rules:3:3: note: the first is here\n");
}

static void test_indicator_cannot_score(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "indicator 5 \"a\" {\n"
             "  pass when x\n"
             "  item 5.1 \"b\" points 1 { pass when x }\n"
             "}\n",
             "t.rules:3:3: error: only items score: indicator 5 adds up its children (make it an 'item')\n");
}

static void test_indicator_without_items(void **state)
{
    (void)state;
    rejected("indicator 5 \"a\" { }\n", "t.rules:1:1: error: indicator 5 has no items\n");
}

static void test_item_inside_item(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "item 5 \"a\" points 1 {\n"
             "  pass when x\n"
             "  item 5.1 \"b\" points 1 { pass when x }\n"
             "}\n",
             "t.rules:4:3: error: an item cannot contain items; make '5' an indicator\n");
}

static void test_negative_points(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "item 5 \"a\" points -3 { pass when x }\n",
             "t.rules:2:19: error: points are a number of points, zero or more\n");
}

/* ---------------------------------------------------------------------- */
/* Grades                                                                  */
/* ---------------------------------------------------------------------- */

static void test_grade_tiers_out_of_order(void **state)
{
    (void)state;
    rejected("fact p : percent range 0%..100%\n"
             "item 6.4 \"g\" points 1 {\n"
             "  grade p {\n"
             "    >= 80% : 50%\n"
             "    >= 90% : 100%\n"
             "  }\n"
             "}\n",
             "t.rules:5:5: error: this tier can never apply: the tier before it (>= 80% : 50%) already covers "
             "it; list tiers from the highest threshold down\n");
}

static void test_grade_tier_unreachable(void **state)
{
    (void)state;
    /* an equal threshold is covered too; '<=' tiers go up */
    rejected("fact p : percent range 0%..100%\n"
             "item 1 \"g\" points 1 {\n"
             "  grade p {\n"
             "    >= 90% : 100%\n"
             "    >= 90% : 50%\n"
             "  }\n"
             "}\n"
             "item 2 \"h\" points 1 {\n"
             "  grade p {\n"
             "    <= 5% : 100%\n"
             "    <= 2% : 50%\n"
             "  }\n"
             "}\n",
             "t.rules:5:5: error: this tier can never apply: the tier before it (>= 90% : 100%) already covers "
             "it; list tiers from the highest threshold down\n"
             "t.rules:11:5: error: this tier can never apply: the tier before it (<= 5% : 100%) already covers "
             "it; list tiers from the lowest threshold up\n");
}

static void test_grade_strict_after_inclusive_is_fine(void **state)
{
    (void)state;
    /* '> 90%' after '>= 90%' can never apply, but '>= 90%' after '> 90%' can */
    clean("fact p : percent range 0%..100%\n"
          "item 1 \"g\" points 1 {\n"
          "  grade p {\n"
          "    > 90% : 100%\n"
          "    >= 90% : 50%\n"
          "    otherwise 0\n"
          "  }\n"
          "}\n");
}

static void test_grade_tiers_mix_directions(void **state)
{
    (void)state;
    rejected("fact p : percent range 0%..100%\n"
             "item 1 \"g\" points 1 {\n"
             "  grade p {\n"
             "    >= 90% : 100%\n"
             "    <= 10% : 50%\n"
             "  }\n"
             "}\n",
             "t.rules:5:5: error: tiers mix '>=' and '<=' directions; grade one way\n");
}

static void test_grade_share_above_100_percent(void **state)
{
    (void)state;
    rejected("fact p : percent range 0%..100%\n"
             "item 1 \"g\" points 1 {\n"
             "  grade p {\n"
             "    >= 90% : 120%\n"
             "    >= 80% : 50%\n"
             "    otherwise 1.5\n"
             "  }\n"
             "}\n",
             "t.rules:4:14: error: a tier gives a share of the item's points, from 0 to 100%; 120% is not\n"
             "t.rules:6:15: error: 'otherwise' gives a share of the item's points, from 0 to 100%\n");
}

static void test_grade_threshold_must_be_constant(void **state)
{
    (void)state;
    rejected("fact p : percent\nfact q : percent\n"
             "item 1 \"g\" points 1 { grade p { >= q : 100% } }\n",
             "t.rules:3:36: error: a tier's threshold is a number such as 90% or 4.5\n");
}

/* ---------------------------------------------------------------------- */
/* Bounds                                                                  */
/* ---------------------------------------------------------------------- */

static void test_score_can_exceed_points(void **state)
{
    (void)state;
    rejected("item 6.6 \"i\" points 5 { score points * 2 }\n",
             "t.rules:1:31: error: item 6.6 can score up to 10, more than its 5 points; write "
             "min(points, …) if that is meant\n");
}

static void test_score_with_min_points_is_fine(void **state)
{
    (void)state;
    clean("fact x : int range 0..\n"
          "item 6.7 \"j\" points 5 { score min(points, x) }\n");
    /* the real 5.1.2.2 formula */
    clean("fact staff.managers : int range 0..\n"
          "fact staff.certified : int range 0..\n"
          "item 5.1.2.2 \"售后服务管理师\" points 5 {\n"
          "  let need = max(1, ceil(staff.managers * 10%))\n"
          "  score points * min(1, staff.certified / need)\n"
          "}\n");
}

static void test_score_bounded_by_a_range(void **state)
{
    (void)state;
    rejected("fact x : int range 0..8\n"
             "item 1 \"i\" points 5 { score x }\n",
             "t.rules:2:29: error: item 1 can score up to 8, more than its 5 points; write min(points, …) "
             "if that is meant\n");
    clean("fact x : int range 0..5\n"
          "item 1 \"i\" points 5 { score x }\n");
}

static void test_score_always_negative(void **state)
{
    (void)state;
    rejected("item 1 \"i\" points 5 { score -1 }\n", "t.rules:1:29: error: item 1 always scores below zero\n");
}

static void test_ratio_above_one_provable(void **state)
{
    (void)state;
    rejected("fact x : int range 0..10\n"
             "item 6.1 \"a\" points 10 { ratio x / 5 }\n",
             "t.rules:2:32: error: this ratio can reach 2, above 1: item 6.1 would score more than its "
             "points; write min(1, …) if that is meant\n");
    rejected("fact x : int range 0..10\n"
             "item 6.8 \"k\" points 5 { ratio x + 2 }\n",
             "t.rules:2:31: error: this ratio is always outside 0..1, so item 6.8 always scores full points\n");
    clean("fact x : int range 0..10\n"
          "item 6.1 \"a\" points 10 { ratio min(1, x / 5) }\n");
}

static void test_sample_ratio_is_fine(void **state)
{
    (void)state;
    clean("fact s : sample\nfact t : sample\n"
          "item 1 \"a\" points 10 { ratio s * t }\n");
}

/* ---------------------------------------------------------------------- */
/* Rating                                                                  */
/* ---------------------------------------------------------------------- */

static const char item100[] = "fact x : bool\n"
                              "item 1 \"a\" points 100 { pass when x }\n";

static char *with(const char *head, const char *tail)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s%s", head, tail);
    return buf;
}

static void test_rating_levels_out_of_order(void **state)
{
    (void)state;
    rejected(with(item100, "rating {\n"
                           "  level \"B\" at 80\n"
                           "  level \"A\" at 90\n"
                           "}\n"),
             "t.rules:5:3: error: level \"A\" at 90 can never be reached: \"B\" at 80 comes first; list "
             "levels from the highest threshold down\n");
}

static void test_level_above_max_score(void **state)
{
    (void)state;
    rejected(with(item100, "total { normalize to 100 }\n"
                           "rating {\n"
                           "  level \"S\" at 120\n"
                           "  level \"A\" at 90\n"
                           "}\n"),
             "t.rules:5:3: error: level \"S\" needs 120, but the score can be at most 100\n");
    /* without normalization the most is the sum of the points */
    rejected("fact x : bool\n"
             "item 1 \"a\" points 40 { pass when x }\n"
             "item 2 \"b\" points 40 { pass when x }\n"
             "rating { level \"A\" at 90 }\n",
             "t.rules:4:10: error: level \"A\" needs 90, but the score can be at most 80\n");
}

static void test_bonus_raises_max_score(void **state)
{
    (void)state;
    clean(with(item100, "fact b : int range 0..\n"
                        "total { normalize to 100 bonus \"b\" b cap 1 }\n"
                        "rating { level \"S\" at 101 }\n"));
    rejected(with(item100, "fact b : int range 0..\n"
                           "total { normalize to 100 bonus \"b\" b cap 1 }\n"
                           "rating { level \"S\" at 101.5 }\n"),
             "t.rules:5:10: error: level \"S\" needs 101.5, but the score can be at most 101\n");
}

/* Regression: the highest-score bound ignores deductions that can be negative.
 * max_score() subtracts max(lo, 0) for a deduction, so with adj in -5..5
 * it says "the score can be at most 100" and rejects a level at 103,
 * although adj = -4 gives a score of 104 (the evaluator adds it).  The
 * bound should be 100 - lo = 105. */
static void test_negative_deduction_raises_max_score(void **state)
{
    (void)state;
    clean(with(item100, "fact adj : int range -5..5\n"
                        "total { normalize to 100 deduct \"adj\" adj }\n"
                        "rating { level \"S\" at 103 }\n"));
}

static void test_cap_unknown_level(void **state)
{
    (void)state;
    rejected(with(item100, "rating {\n"
                           "  level \"五星级\" at 95\n"
                           "  level \"达标\" at 70\n"
                           "  cap \"达 标\" unless x\n"
                           "  cap \"silver\" unless x\n"
                           "}\n"),
             "t.rules:6:7: error: unknown level \"达 标\"; did you mean \"达标\"?\n"
             "t.rules:7:7: error: unknown level \"silver\": caps name one of the levels above\n");
}

static void test_level_threshold_is_not_a_percentage(void **state)
{
    (void)state;
    rejected(with(item100, "rating { level \"A\" at 90% }\n"),
             "t.rules:3:23: error: a level's threshold is a score, not a percentage\n");
}

static void test_duplicate_level(void **state)
{
    (void)state;
    rejected(with(item100, "rating {\n"
                           "  level \"A\" at 90\n"
                           "  level \"A\" at 80\n"
                           "}\n"),
             "t.rules:5:9: error: level \"A\" is listed twice\n");
}

static void test_second_rating_and_total(void **state)
{
    (void)state;
    rejected(with(item100, "rating { level \"A\" at 90 }\n"
                           "rating { level \"B\" at 80 }\n"
                           "total { normalize to 100 }\n"
                           "total { normalize to 100 }\n"),
             "t.rules:6:1: error: a second 'total' block\n"
             "t.rules:5:1: note: the first is here\n"
             "t.rules:4:1: error: a second 'rating' block\n"
             "t.rules:3:1: note: the first is here\n");
}

/* ---------------------------------------------------------------------- */
/* Cycles                                                                  */
/* ---------------------------------------------------------------------- */

static void test_let_cycle(void **state)
{
    (void)state;
    rejected("fact x : int range 0..10\n"
             "let a = b + 1\n"
             "let b = a + x\n"
             "item 6.1 \"a\" points 10 { score min(points, a) }\n",
             "t.rules:3:9: error: 'a' is defined in terms of itself: a → b → a\n");
}

static void test_let_defined_by_itself(void **state)
{
    (void)state;
    rejected("let a = a + 1\n"
             "item 1 \"x\" points 10 { score min(points, a) }\n",
             "t.rules:1:9: error: 'a' is defined in terms of itself: a → a\n");
}

static void test_item_depends_on_its_own_indicator(void **state)
{
    (void)state;
    rejected("fact x : bool\n"
             "indicator 7 \"i\" {\n"
             "  item 7.1 \"b\" points 2 { score min(points, earned(7)) }\n"
             "  item 7.2 \"c\" points 2 { pass when x }\n"
             "}\n",
             "t.rules:3:3: error: 7.1 depends on its own result through 7\n");
}

static void test_item_depends_on_itself_through_a_let(void **state)
{
    (void)state;
    rejected("let e = earned(7.1)\n"
             "item 7.1 \"b\" points 2 { score min(points, e) }\n",
             "t.rules:2:1: error: 7.1 depends on its own result through 7.1\n");
}

static void test_earned_of_another_indicator_is_fine(void **state)
{
    (void)state;
    clean("fact x : bool\n"
          "indicator 7 \"i\" { item 7.1 \"b\" points 2 { pass when x } }\n"
          "item 8 \"c\" points 2 { score min(points, earned(7) + applicable(7.1) + failed(7)) }\n"
          "item 9 \"d\" points 2 { pass when not excluded(7) and points(7.1) == 2 }\n");
}

/* ---------------------------------------------------------------------- */
/* 'score', warnings, metadata, total                                      */
/* ---------------------------------------------------------------------- */

static void test_score_outside_vetoes_and_caps(void **state)
{
    (void)state;
    rejected("fact x : int range 0..\n"
             "item 7.1 \"b\" points 2 { pass when x > 1 and score > 3 }\n"
             "let s = score\n"
             "total { deduct \"d\" score }\n",
             "t.rules:3:9: error: 'score' is the final score: it can be used only in vetoes and rating caps\n"
             "t.rules:2:45: error: 'score' is the final score: it can be used only in vetoes and rating caps\n"
             "t.rules:4:20: error: 'score' is the final score: it can be used only in vetoes and rating caps\n");
}

static void test_score_in_vetoes_and_caps_is_fine(void **state)
{
    (void)state;
    clean("fact x : bool\n"
          "item 1 \"a\" points 100 { pass when x }\n"
          "veto \"low\" when score < 10\n"
          "rating { level \"A\" at 90 level \"B\" at 50 cap \"B\" unless score >= 95 }\n");
}

static void test_unused_fact_warning(void **state)
{
    (void)state;
    accepted("fact x : bool\n"
             "fact unused : bool\n"
             "item 1 \"a\" points 1 { pass when x }\n",
             "t.rules:2:6: warning: fact 'unused' is declared but never used\n");
}

static void test_fact_used_only_by_a_let_is_used(void **state)
{
    (void)state;
    clean("fact x : bool\n"
          "let y = x\n"
          "item 1 \"a\" points 1 { pass when y }\n");
}

static void test_unknown_metadata_warning(void **state)
{
    (void)state;
    accepted("standard \"X\" { titel \"t\" autor \"me\" }\n"
             "fact ok : bool\n"
             "item 1 \"a\" points 1 { pass when ok }\n",
             "t.rules:1:16: warning: unknown metadata 'titel'; did you mean 'title'?\n"
             "t.rules:1:26: warning: unknown metadata 'autor'\n");
}

/* Scoring lints: verdicts from the facts' declared ranges, and silence when
 * a range leaves the question open. */
static void test_lint_full_points_unreachable(void **state)
{
    (void)state;
    accepted("fact s : sample\nfact n : int range 0..10\nfact p : percent range 0%..80%\n"
             "item 1 \"r\" points 5 { ratio s * 80% }\n"
             "item 2 \"s\" points 5 { score min(points, n / 4) }\n"
             "item 3 \"g\" points 5 { grade p { >= 90%: 100%  >= 70%: 60%  otherwise 0 } }\n",
             "t.rules:4:23: warning: item 1 can never earn its full 5 points: its ratio is at most 0.8, given "
             "the declared ranges of the facts it reads\n"
             "t.rules:5:23: warning: item 2 can never earn its full 5 points: its score is at most 2.5, given "
             "the declared ranges of the facts it reads\n"
             "t.rules:6:33: warning: this tier can never apply: the graded value is at most 0.8, given the "
             "declared ranges of the facts it reads\n"
             "t.rules:6:23: warning: item 3 can never earn its full 5 points: no tier that can apply gives more "
             "than 0.6 of them\n");
    /* open ranges, or full points reachable: nothing to say */
    accepted("fact s : sample\nfact n : int range 0..\nfact p : percent range 0%..100%\n"
             "item 1 \"r\" points 5 { ratio s }\n"
             "item 2 \"s\" points 5 { score min(points, n / 4) }\n"
             "item 3 \"g\" points 5 { grade p { >= 90%: 100%  otherwise 0 } }\n"
             "item 4 \"t\" points 5 { grade p { <= 10%: 100%  otherwise 0 } }\n", "");
}

static void test_lint_conditions(void **state)
{
    (void)state;
    accepted("fact d : int range 0..3\nfact b : bool\n"
             "item 1 \"never\" points 1 { pass when d > 3 }\n"
             "item 2 \"always\" points 1 { pass when d <= 3 or b }\n"
             "item 3 \"const\" points 1 { pass when not yes }\n"
             "indicator 4 \"x\" { exclude when d == 7 because \"r\"  item 4.1 \"y\" points 1 { pass when b } }\n"
             "veto \"v1\" when d >= 5\nveto \"v2\" when d >= 0 and not (d < 0)\n"
             "rating { level \"A\" at 1  cap \"A\" unless d != 9 }\n",
             "t.rules:3:27: warning: item 1 can never pass: its condition is false for every enterprise, given "
             "the declared ranges of the facts it reads\n"
             "t.rules:4:28: warning: item 2 always passes: its condition cannot be false, given the declared "
             "ranges of the facts it reads\n"
             "t.rules:5:27: warning: item 3 can never pass: its condition is false for every enterprise, "
             "whatever the facts\n"
             "t.rules:6:19: warning: this exclusion never applies: its condition is false for every enterprise, "
             "given the declared ranges of the facts it reads\n"
             "t.rules:7:1: warning: this veto can never fire: its condition is false for every enterprise, given "
             "the declared ranges of the facts it reads\n"
             "t.rules:8:1: warning: this veto always fires: its condition cannot be false, given the declared "
             "ranges of the facts it reads, so no enterprise can be rated\n"
             "t.rules:9:26: warning: this cap never applies: its 'unless' condition always holds, given the "
             "declared ranges of the facts it reads\n");
    /* a condition the ranges leave open, through a named value and if/then/else */
    accepted("fact d : int range 0..9\nfact b : bool\nlet many = d >= 5\n"
             "item 1 \"x\" points 1 { pass when if b then many else d == 0 }\n"
             "veto \"v\" when many\nrating { level \"A\" at 1  cap \"A\" unless d > 2 }\n", "");
}

static void test_metadata_types(void **state)
{
    (void)state;
    rejected("standard \"X\" { title 3 issued \"2011\" }\n"
             "item 1 \"a\" points 1 { pass when yes }\n",
             "t.rules:1:22: error: 'title' is text: put it in \"quotes\"\n"
             "t.rules:1:31: error: 'issued' is a date (YYYY-MM-DD)\n");
}

static void test_standard_and_title(void **state)
{
    (void)state;
    loaded l = load("standard \"GB/T 27922-2011\" { title \"商品售后服务评价体系\" }\n"
                    "item 1 \"a\" points 1 { pass when yes }\n");
    assert_non_null(l.r);
    assert_string_equal(er_rules_standard(l.r), "GB/T 27922-2011");
    assert_string_equal(er_rules_title(l.r), "商品售后服务评价体系");
    done(&l);
}

static void test_unknown_rounding_mode(void **state)
{
    (void)state;
    rejected("item 1 \"a\" points 1 { pass when yes }\n"
             "total { round half_upp to 0.1 }\n",
             "t.rules:2:15: error: unknown rounding 'half_upp'; did you mean 'half_up'? (half_up, half_even, "
             "half_down, up, down, floor, ceiling)\n");
    rejected("item 1 \"a\" points 1 { pass when yes }\n"
             "total { round bankers to 0.1 }\n",
             "t.rules:2:15: error: unknown rounding 'bankers' (half_up, half_even, half_down, up, down, floor, "
             "ceiling)\n");
}

static void test_round_step(void **state)
{
    (void)state;
    rejected("item 1 \"a\" points 1 { pass when yes }\n"
             "total { round half_up to 0 }\n",
             "t.rules:2:26: error: round to a step such as 0.1, 0.5 or 1\n");
}

static void test_fact_default_outside_range(void **state)
{
    (void)state;
    rejected("fact n : int range 0..10 default 11\n"
             "item 1 \"a\" points 1 { pass when n > 1 }\n",
             "t.rules:1:34: error: the default of 'n' is outside its range\n");
}

static void test_range_on_a_bool(void **state)
{
    (void)state;
    rejected("fact b : bool range 0..1\n"
             "item 1 \"a\" points 1 { pass when b }\n",
             "t.rules:1:21: error: a bool fact has no range\n");
}

/* Regression: negative literals lose their sign in messages (e->str keeps only the
 * digits after '-', see grammar/parser.y number_lit).  These print
 *   'i' is a whole number (int); default 2.5 is not
 *   … from 0 to 100%; 50% is not
 * for -2.5 and -50%. */
static void test_negative_literals_in_messages(void **state)
{
    (void)state;
    rejected("fact i : int default -2.5\n"
             "item 1 \"a\" points 1 { pass when i > 1 }\n",
             "t.rules:1:22: error: 'i' is a whole number (int); default -2.5 is not\n");
    rejected("fact q : percent\n"
             "item 1 \"a\" points 1 { grade q { >= 90% : -50% } }\n",
             "t.rules:2:42: error: a tier gives a share of the item's points, from 0 to 100%; -50% is not\n");
}

/* ---------------------------------------------------------------------- */
/* The real rules                                                          */
/* ---------------------------------------------------------------------- */

static char *repo_path(const char *rel)
{
    /* __FILE__ is tests/unit/test_check.c inside the source tree */
    static char buf[4096];
    const char *file = __FILE__;
    const char *cut = strstr(file, "tests/unit/test_check.c");
    size_t n = cut ? (size_t)(cut - file) : 0;
    snprintf(buf, sizeof buf, "%.*s%s", (int)n, file, rel);
    return buf;
}

static void test_real_rules_load_clean(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    er_rules *r = er_rules_load(repo_path("rules/gbt27922.rules"), d);
    unsigned errors = er_diag_errors(d), warnings = er_diag_warnings(d);
    bool io = er_diag_io_failed(d);
    er_diag_free(d);
    fclose(m);
    if (!r || errors || warnings || io)
        fail_msg("rules/gbt27922.rules: %u errors, %u warnings:\n%s", errors, warnings, out);
    assert_string_equal(er_rules_standard(r), "GB/T 27922-2011");
    assert_string_equal(er_rules_title(r), "商品售后服务评价体系");
    /* 3 first-level indicators worth 100 in all */
    assert_int_equal(r->nroots, 3);
    eri_num sum = ERI_NUM_ZERO;
    for (uint32_t i = 0; i < r->nroots; i++)
        assert_int_equal(eri_num_add(sum, r->nodes[r->roots[i]].points, &sum), ERI_NUM_OK);
    assert_true(eri_num_eq(sum, eri_num_int(100)));
    int32_t n = eri_rules_find_node(r, "5.1.2.2", 7);
    assert_true(n >= 0);
    assert_true(r->nodes[n].is_item);
    assert_int_equal(r->nodes[n].kind, ERI_SC_EXPR);
    assert_int_equal(r->nlevels, 4);
    assert_int_equal(r->ncaps, 1);
    assert_int_equal(r->nvetoes, 1);
    assert_true(r->normalize);
    er_rules_free(r);
    free(out);
}

static void test_unreadable_rules_file(void **state)
{
    (void)state;
    er_diag *d = er_diag_new(NULL);
    assert_null(er_rules_load("/nonexistent/evalrules/x.rules", d));
    assert_true(er_diag_io_failed(d));
    assert_int_equal(er_diag_errors(d), 1);
    er_diag_free(d);
}


/* The bounds of every arithmetic form, read from the largest score the
 * checker finds (an error above an item's points; nothing when the bound
 * is unknown or within the points): a side without a bound leaves the sum,
 * difference, product, quotient, negation, 'if', min and max without that
 * bound, and a divisor below zero is no division by zero. */
static void test_bounds_of_every_form(void **state)
{
    (void)state;
    rejected("fact n : int range 0..10\nfact u : int range 0..\nfact w : int range ..5\n"
             "fact m : int range -5..-1\nfact s : sample\nfact b : bool\n"
             "item 1 \"\" points 1 { score n + w }\n"     /* ..15 */
             "item 2 \"\" points 1 { score n - w }\n"     /* -5.. */
             "item 3 \"\" points 1 { score n * u }\n"     /* unknown */
             "item 4 \"\" points 1 { score 5 + n / m }\n" /* -5..5 */
             "item 5 \"\" points 1 { score -w }\n"        /* -5.. */
             "item 6 \"\" points 1 { score -m }\n"        /* 1..5 */
             "item 7 \"\" points 1 { score if b then n else u }\n"  /* unknown */
             "item 8 \"\" points 1 { score if b then n else 20 }\n" /* 0..20 */
             "item 9 \"\" points 1 { score min(u, n) }\n"           /* 0..10 */
             "item 10 \"\" points 1 { score max(u, n) }\n"          /* 0.. */
             "item 11 \"\" points 1 { score max(w, n) }\n"          /* 0..10 */
             "item 12 \"\" points 1 { score min(w, u) }\n"          /* ..5 */
             "item 13 \"\" points 1 { score s * 2 + u * 0 }\n"      /* unknown: u * 0 is */
             "item 14 \"\" points 1 { score s * 2 }\n"              /* 0..2 */
             "item 15 \"\" points 1 { score ceil(w) + floor(n) }\n",/* ..15 */
             "t.rules:7:28: error: item 1 can score up to 15, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:10:28: error: item 4 can score up to 5, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:12:28: error: item 6 can score up to 5, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:14:28: error: item 8 can score up to 20, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:15:28: error: item 9 can score up to 10, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:17:29: error: item 11 can score up to 10, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:18:29: error: item 12 can score up to 5, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:20:29: error: item 14 can score up to 2, more than its 1 point; write min(points, …) if that is meant\n"
             "t.rules:21:29: error: item 15 can score up to 15, more than its 1 point; write min(points, …) if that is meant\n");
}

/* Conditions the lints can decide, and those they cannot: == and != of a
 * value that has one possible value, an 'if' with a constant condition, a
 * comparison with an unbounded side or of dates, a named value read twice
 * or reading no fact. */
static void test_lint_conditions_of_every_form(void **state)
{
    (void)state;
    accepted("fact n : int range 0..10\nfact k : int range 3..3\nfact u : int range 0..\nfact w : int range ..5\n"
             "fact b : bool\nfact day : date\n"
             "let big = n > 20\nlet no_fact = 3 > 5\n"
             "item 1 \"\" points 1 { pass when n == 20 or b }\n"
             "item 2 \"\" points 1 { pass when k == 3 }\n"
             "item 3 \"\" points 1 { pass when k != 3 }\n"
             "item 4 \"\" points 1 { pass when n != 20 }\n"
             "item 5 \"\" points 1 { pass when if yes then 20 < n else b }\n"
             "item 6 \"\" points 1 { pass when if no then b else n > 20 }\n"
             "item 7 \"\" points 1 { pass when 5 > u or 5 < w or day > 2020-01-01 }\n"
             "item 8 \"\" points 1 { pass when big or big }\n"
             "item 9 \"\" points 1 { pass when no_fact or no_fact }\n"
             "item 10 \"\" points 1 { pass when -n < 1 }\n",
             "t.rules:10:22: warning: item 2 always passes: its condition cannot be false, given the declared ranges "
             "of the facts it reads\n"
             "t.rules:11:22: warning: item 3 can never pass: its condition is false for every enterprise, given the "
             "declared ranges of the facts it reads\n"
             "t.rules:12:22: warning: item 4 always passes: its condition cannot be false, given the declared ranges "
             "of the facts it reads\n"
             "t.rules:13:22: warning: item 5 can never pass: its condition is false for every enterprise, given the "
             "declared ranges of the facts it reads\n"
             "t.rules:14:22: warning: item 6 can never pass: its condition is false for every enterprise, given the "
             "declared ranges of the facts it reads\n"
             "t.rules:16:22: warning: item 8 can never pass: its condition is false for every enterprise, given the "
             "declared ranges of the facts it reads\n"
             "t.rules:17:22: warning: item 9 can never pass: its condition is false for every enterprise, whatever "
             "the facts\n"
             "t.rules:18:23: warning: item 10 always passes: its condition cannot be false, given the declared ranges "
             "of the facts it reads\n");
}

/* Named values that read each other (an error) have unknown bounds while
 * they are worked out: the checker reports the cycle and nothing else. */
static void test_bounds_of_a_let_cycle(void **state)
{
    (void)state;
    loaded l = load("let a = b + 1\nlet b = a + 1\nitem 1 \"\" points 1 { score a }\n"
                    "item 2 \"\" points 1 { pass when a > 2 }\n");
    assert_null(l.r);
    assert_null(strstr(l.out, "can score up to"));
    done(&l);
}


/* Declarations: a second standard, metadata of the wrong kind, defaults of
 * every type, types and ranges, facts as bounds, statements given twice. */
static void test_declarations_every_error(void **state)
{
    (void)state;
    rejected("standard \"A\"\nstandard \"B\"\nitem 1 \"a\" points 1 { pass when yes }\n",
             "t.rules:2:1: error: a rules file describes one standard; this is a second 'standard'\n");
    rejected("standard \"A\" { foo 3  note yes }\nitem 1 \"a\" points 1 { pass when yes }\n",
             "t.rules:1:16: warning: unknown metadata 'foo'\n"
             "t.rules:1:28: error: 'note' is text: put it in \"quotes\"\n");
    const char *defaults = "fact b : bool default yes\nfact s : sample default 3/4\nfact m : enum { x, y } default \"y\"\n"
                           "item 1 \"a\" points 1 { pass when b and m == \"y\" and conforming(s) == 3 }\n";
    clean(defaults);
    loaded l = load(defaults);
    er_diag *d = er_diag_new(NULL);
    er_facts *f = er_facts_load_string(l.r, "t.facts", "", 0, d);
    assert_non_null(f);
    er_result *res = er_eval(l.r, f, d);
    er_diag_free(d);
    assert_non_null(res);
    assert_string_equal(er_result_score(res), "1"); /* every default holds */
    er_result_free(res);
    er_facts_free(f);
    done(&l);
    rejected("fact c : bool default 3\nitem 1 \"a\" points 1 { pass when c }\n",
             "t.rules:1:23: error: the default of 'c' must be a bool\n");
    rejected("fact x : zzzzzzzz\nfact y : boolean\nfact z : bool range ..1\nfact n : int range 0..5 default 9\n"
             "item 1 \"a\" points 1 { pass when yes }\n",
             "t.rules:1:10: error: unknown type 'zzzzzzzz' (types: bool, int, decimal, percent, sample, text, date, "
             "enum { … })\n"
             "t.rules:2:10: error: unknown type 'boolean'; did you mean 'bool'?\n"
             "t.rules:3:23: error: a bool fact has no range\n"
             "t.rules:4:33: error: the default of 'n' is outside its range\n"
             "t.rules:3:6: warning: fact 'z' is declared but never used\n"
             "t.rules:4:6: warning: fact 'n' is declared but never used\n");
    /* an int bounded by a decimal is fine; by a percent it is not */
    rejected("fact d : date range ..qqqqzz\nfact p : percent range 0%..100%\nfact i : int range ..p\n"
             "fact j : int range 0..\nfact k : decimal range ..j\nfact b : bool range ..k\n"
             "item 1 \"a\" points 1 { pass when d > 2020-01-01 and i > 1 and k > 1 and b }\n",
             "t.rules:6:23: error: a bool fact has no range\n"
             "t.rules:1:23: error: unknown fact 'qqqqzz' as a bound of 'd'\n"
             "t.rules:3:22: error: 'p' (percent) cannot bound 'i' (int): a bound is a fact of the same type\n"
             "t.rules:2:6: warning: fact 'p' is declared but never used\n");
    rejected("fact n : int range 0..9\nitem 1 \"a\" points 1 { text \"x\" text \"y\" note \"n\" note \"m\" english \"e\" "
             "english \"f\" exclude when n > 1 exclude when n > 2 pass when yes }\n",
             "t.rules:2:32: error: 'text' is given twice for 1\n"
             "t.rules:2:50: error: 'note' is given twice for 1\n"
             "t.rules:2:71: error: 'english' is given twice for 1\n"
             "t.rules:2:102: error: 1 has two 'exclude when' rules; join the conditions with 'or'\n");
    rejected("indicator 5 \"a\" points 3 { }\n", "t.rules:1:1: error: indicator 5 has no items\n");
    /* rules without any item have an indicator without items, and that is all they are told (E0232 is retired) */
    rejected("indicator 5 \"a\" {\n  indicator 5.1 \"b\" { }\n  indicator 5.2 \"c\" { indicator 5.2.1 \"d\" { } }\n}\n",
             "t.rules:2:3: error: indicator 5.1 has no items\nt.rules:3:23: error: indicator 5.2.1 has no items\n");
    /* facts as bounds of facts that have no range, or no type; an int bounded by a decimal is fine */
    rejected("standard \"A\" { note no }\nfact y : int range 0..\nfact d : decimal range 0..\n"
             "fact x : zzz range ..y\nfact x : int range ..y\nfact s : sample range ..y\nfact t : text range ..y\n"
             "fact e : enum { a } range ..y\nfact k : int range ..d\nfact s2 : sample default 3\n"
             "item 1 \"a\" points 1 { pass when x > 1 and k > 1 and conforming(s) > 1 and t == \"a\" and e == \"a\" "
             "and conforming(s2) > 1 }\n",
             "t.rules:1:21: error: 'note' is text: put it in \"quotes\"\n"
             "t.rules:4:10: error: unknown type 'zzz' (types: bool, int, decimal, percent, sample, text, date, enum { … })\n"
             "t.rules:6:25: error: a sample fact has no range\n"
             "t.rules:7:23: error: a text fact has no range\n"
             "t.rules:8:29: error: an enum fact has no range\n"
             "t.rules:10:26: error: the default of 's2' must be a sample\n");
}

/* Calls and names in error: an id that is a percentage, an unknown
 * function of an id, too many arguments with an id, arguments that are
 * unknown names, 'points' outside an item, an enum out of an 'if'. */
static void test_calls_every_error(void **state)
{
    (void)state;
    rejected("fact n : int range 0..10\nfact mode : enum { own, other }\nveto \"v\" when points > 1\n"
             "item 1 \"a\" points 10 { score min(points, earned(50%), foo(5.1.2), round(5.1.2, 1, 2), earned(1.1, 1.2), "
             "days_between(nofact, 2020-01-01), conforming(nofact2), if n > 1 then nofact3 else 1) }\n"
             "item 2 \"b\" points 1 { pass when (if n > 1 then mode else mode) == \"own\" }\n",
             "t.rules:4:49: error: earned() takes an indicator id, such as earned(5.1)\n"
             "t.rules:4:55: error: unknown function 'foo'; did you mean 'floor'?\n"
             "t.rules:4:67: error: round() takes 1 to 2 arguments, not 3\n"
             "t.rules:4:87: error: earned() takes 1 argument, not 2\n"
             "t.rules:4:118: error: unknown name 'nofact': declare it with 'fact nofact : TYPE' or 'let nofact = …'\n"
             "t.rules:4:150: error: unknown name 'nofact2': declare it with 'fact nofact2 : TYPE' or 'let nofact2 = …'\n"
             "t.rules:4:174: error: unknown name 'nofact3': declare it with 'fact nofact3 : TYPE' or 'let nofact3 = …'\n"
             "t.rules:3:15: error: 'points' means the points of the enclosing item or indicator; there is none here\n");
    clean("fact n : int range 0..10\nfact mode : enum { own, other }\n"
          "item 2 \"b\" points 1 { pass when (if n > 1 then mode else mode) == \"own\" }\n");
}


/* The total: a percentage where points or a step are wanted, a cap below
 * zero; the highest score known through a bonus's cap (lower than the
 * bonus, or the only bound), unknown through an unbounded bonus or a
 * deduction with no lower bound; an English label on a later level only. */
static void test_total_and_the_highest_score(void **state)
{
    (void)state;
    rejected("fact x : int range 0..\nitem 1 \"a\" points 10 { pass when x > 1 }\n"
             "total { normalize to 50%  round half_up to 5%  bonus \"b\" 1 cap -1 }\n",
             "t.rules:3:22: error: normalize to a positive number of points, such as 100\n"
             "t.rules:3:44: error: round to a step such as 0.1, 0.5 or 1\n"
             "t.rules:3:64: error: a cap below zero\n");
    rejected("fact x : int range 0..\nfact y : int range 0..5\nitem 1 \"a\" points 10 { pass when x > y }\n"
             "total { bonus \"b\" x cap 5  bonus \"c\" y cap 9 }\nrating { level \"A\" at 30 }\n",
             "t.rules:5:10: error: level \"A\" needs 30, but the score can be at most 20\n");
    clean("fact x : int range 0..\nfact w : int range ..5\nitem 1 \"a\" points 10 { pass when x > w }\n"
          "total { bonus \"b\" x  deduct \"d\" w }\nrating { level \"A\" at 1000 }\n");
    clean("fact w : int range ..5\nitem 1 \"a\" points 10 { pass when w > 1 }\ntotal { deduct \"d\" w }\n"
          "rating { level \"A\" at 1000  level \"B\" english \"Beta\" at 8 }\n");
}


/* Grades: a threshold that is no number, a '<' tier covered by the one
 * before, 'otherwise' above 100%, a '<' tier below every value, a
 * percentage compared with 0.5 (no hint: it is a share). */
static void test_grade_every_check(void **state)
{
    (void)state;
    rejected("fact n : int range 0..10\nfact p : percent range 0%..100%\n"
             "item 1 \"a\" points 1 { grade n { >= -n: 100%  otherwise 0 } }\n"
             "item 2 \"b\" points 1 { grade n { < 10: 100%  < 5: 50% } }\n"
             "item 3 \"c\" points 1 { grade p { >= 0.5: 100%  otherwise 150% } }\n",
             "t.rules:3:36: error: a tier's threshold is a number such as 90% or 4.5\n"
             "t.rules:4:45: error: this tier can never apply: the tier before it (< 10: 100%) already covers it; list "
             "tiers from the lowest threshold up\n"
             "t.rules:5:57: error: 'otherwise' gives a share of the item's points, from 0 to 100%\n");
    accepted("fact n : int range 0..10\nfact p : percent range 0%..100%\nfact q : int range 5..9\n"
             "item 2 \"b\" points 1 { grade n { < 10: 100%  <= 10: 50% } }\n"
             "item 3 \"c\" points 1 { grade p { >= 0.5: 100%  otherwise 0 } }\n"
             "item 4 \"d\" points 1 { grade q { < 3: 100%  otherwise 0 } }\n",
             "t.rules:6:33: warning: this tier can never apply: the graded value is at least 5, given the declared "
             "ranges of the facts it reads\n"
             "t.rules:6:23: warning: item 4 can never earn its full 1 point: no tier that can apply gives more than 0 "
             "of them\n");
}


/* Checking rules whose numbers outgrow 64 bits (ranges, bounds, the
 * highest score, a scheme's rescaling) with the n-th allocation failing,
 * for every n: the load fails with an error said, or succeeds; nothing
 * leaks (the sanitizer build). */
static void test_large_numbers_out_of_memory(void **state)
{
    (void)state;
    const char text[] =
        "fact big : decimal range 0..1000000000000000000000000000000\n"
        "fact neg : decimal range -1000000000000000000000000000000..0\n"
        "let v = big * big - neg / 3\n"
        "indicator 1 \"x\" points 20 {\n"
        "  item 1.1 \"a\" points 10 { score min(points, v + -big, ceil(big / 7), floor(neg / 7), -neg) }\n"
        "  item 1.2 \"b\" points 10 { pass when big * 3 > neg - big }\n"
        "}\n"
        "item 2 \"c\" points 10 { ratio min(1, max(0, big / 3000000000000000000000000000000)) }\n"
        "total { bonus \"b\" big / 1000000000000000000000000000000 cap 1  deduct \"d\" -neg / 3 }\n"
        "rating { level \"A\" at 5 }\n"
        "scheme s { 1 points 29.999999999999999999999  2 points 0.000000000000000000001 }\n";
    loaded clean_load = load(text);
    assert_non_null(clean_load.r);
    done(&clean_load);
    int failed = 0;
    for (long n = 0;; n++) {
        er_diag *d = er_diag_new(NULL);
        assert_non_null(d);
        support_fail_from(n);
        er_rules *r = er_rules_load_string("t.rules", text, sizeof text - 1, d);
        bool reached = support_fail_stop();
        if (!r) {
            assert_true(er_diag_errors(d) > 0);
            failed++;
        }
        er_rules_free(r);
        er_diag_free(d);
        if (!reached)
            break;
    }
    assert_true(failed > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_fact_did_you_mean),
        cmocka_unit_test(test_unknown_fact_caret),
        cmocka_unit_test(test_unknown_name_without_suggestion),
        cmocka_unit_test(test_let_names_are_suggested),
        cmocka_unit_test(test_unknown_function),
        cmocka_unit_test(test_wrong_number_of_arguments),
        cmocka_unit_test(test_unknown_indicator_in_earned),
        cmocka_unit_test(test_id_outside_earned),
        cmocka_unit_test(test_duplicate_fact),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_duplicate_let),
        cmocka_unit_test(test_subject_is_reserved),
        cmocka_unit_test(test_unknown_type),
        cmocka_unit_test(test_bool_used_as_number),
        cmocka_unit_test(test_number_used_as_condition),
        cmocka_unit_test(test_date_compared_with_number),
        cmocka_unit_test(test_if_branches_differ),
        cmocka_unit_test(test_enum_compared_with_unknown_string),
        cmocka_unit_test(test_enum_compared_with_its_value),
        cmocka_unit_test(test_percent_comparison_hint),
        cmocka_unit_test(test_children_points_differ_from_parent),
        cmocka_unit_test(test_indicator_points_are_summed),
        cmocka_unit_test(test_item_without_points),
        cmocka_unit_test(test_item_without_points_in_indicator),
        cmocka_unit_test(test_item_without_scoring_rule),
        cmocka_unit_test(test_item_with_two_scoring_rules),
        cmocka_unit_test(test_indicator_cannot_score),
        cmocka_unit_test(test_indicator_without_items),
        cmocka_unit_test(test_item_inside_item),
        cmocka_unit_test(test_negative_points),
        cmocka_unit_test(test_grade_tiers_out_of_order),
        cmocka_unit_test(test_grade_tier_unreachable),
        cmocka_unit_test(test_grade_strict_after_inclusive_is_fine),
        cmocka_unit_test(test_grade_tiers_mix_directions),
        cmocka_unit_test(test_grade_share_above_100_percent),
        cmocka_unit_test(test_grade_threshold_must_be_constant),
        cmocka_unit_test(test_score_can_exceed_points),
        cmocka_unit_test(test_score_with_min_points_is_fine),
        cmocka_unit_test(test_score_bounded_by_a_range),
        cmocka_unit_test(test_score_always_negative),
        cmocka_unit_test(test_ratio_above_one_provable),
        cmocka_unit_test(test_sample_ratio_is_fine),
        cmocka_unit_test(test_rating_levels_out_of_order),
        cmocka_unit_test(test_level_above_max_score),
        cmocka_unit_test(test_bonus_raises_max_score),
        cmocka_unit_test(test_cap_unknown_level),
        cmocka_unit_test(test_level_threshold_is_not_a_percentage),
        cmocka_unit_test(test_duplicate_level),
        cmocka_unit_test(test_second_rating_and_total),
        cmocka_unit_test(test_let_cycle),
        cmocka_unit_test(test_let_defined_by_itself),
        cmocka_unit_test(test_item_depends_on_its_own_indicator),
        cmocka_unit_test(test_item_depends_on_itself_through_a_let),
        cmocka_unit_test(test_earned_of_another_indicator_is_fine),
        cmocka_unit_test(test_score_outside_vetoes_and_caps),
        cmocka_unit_test(test_score_in_vetoes_and_caps_is_fine),
        cmocka_unit_test(test_unused_fact_warning),
        cmocka_unit_test(test_fact_used_only_by_a_let_is_used),
        cmocka_unit_test(test_unknown_metadata_warning),
        cmocka_unit_test(test_lint_full_points_unreachable),
        cmocka_unit_test(test_lint_conditions),
        cmocka_unit_test(test_bounds_of_every_form),
        cmocka_unit_test(test_lint_conditions_of_every_form),
        cmocka_unit_test(test_bounds_of_a_let_cycle),
        cmocka_unit_test(test_declarations_every_error),
        cmocka_unit_test(test_calls_every_error),
        cmocka_unit_test(test_total_and_the_highest_score),
        cmocka_unit_test(test_grade_every_check),
        cmocka_unit_test(test_large_numbers_out_of_memory),
        cmocka_unit_test(test_metadata_types),
        cmocka_unit_test(test_standard_and_title),
        cmocka_unit_test(test_unknown_rounding_mode),
        cmocka_unit_test(test_round_step),
        cmocka_unit_test(test_fact_default_outside_range),
        cmocka_unit_test(test_range_on_a_bool),
        cmocka_unit_test(test_real_rules_load_clean),
        cmocka_unit_test(test_unreadable_rules_file),
            cmocka_unit_test(test_negative_deduction_raises_max_score),
        cmocka_unit_test(test_negative_literals_in_messages),
};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
