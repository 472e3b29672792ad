/* test_scoring.c — unit tests for the table of scoring kinds (scoring.def,
 * scoring.c): every kind is in step with its enum value, its statement and
 * its name; each kind's evaluation turns a rule's value into earned points;
 * and a rules file scoring all four ways loads and evaluates through it. */
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
#include "scoring.h"

static void test_table_in_step_with_the_list(void **state)
{
    (void)state;
    static const char *const names[] = {"none", "pass", "ratio", "grade", "score"};
    assert_int_equal(ERI_SC_COUNT_, sizeof names / sizeof names[0]);
    for (int k = 0; k < ERI_SC_COUNT_; k++) {
        const eri_scoring *sk = &eri_scorings[k];
        assert_int_equal(sk->kind, k);
        assert_string_equal(sk->name, names[k]);
        assert_non_null(sk->form);
        assert_non_null(sk->check);
        assert_non_null(sk->lint);
        assert_non_null(sk->eval);
        assert_non_null(sk->explain);
        if (k == ERI_SC_NONE)
            continue;
        assert_ptr_equal(eri_scoring_of_decl(sk->decl), sk);
        assert_ptr_equal(eri_scoring_named(sk->name), sk);
    }
    assert_int_equal(eri_scorings[ERI_SC_PASS].decl, ERI_DC_PASS);
    assert_int_equal(eri_scorings[ERI_SC_RATIO].decl, ERI_DC_RATIO);
    assert_int_equal(eri_scorings[ERI_SC_GRADE].decl, ERI_DC_GRADE);
    assert_int_equal(eri_scorings[ERI_SC_EXPR].decl, ERI_DC_SCORE);
    assert_null(eri_scoring_of_decl(ERI_DC_ITEM));
    assert_null(eri_scoring_of_decl(ERI_DC_TIER));
    assert_null(eri_scoring_named("none"));
    assert_null(eri_scoring_named("percent"));
}

static void test_flags(void **state)
{
    (void)state;
    assert_int_equal(eri_scorings[ERI_SC_PASS].outcomes, ERI_SO_PASS_FAIL);
    assert_int_equal(eri_scorings[ERI_SC_RATIO].outcomes, ERI_SO_SHARE);
    assert_int_equal(eri_scorings[ERI_SC_GRADE].outcomes, ERI_SO_TIERS);
    assert_int_equal(eri_scorings[ERI_SC_EXPR].outcomes, ERI_SO_SHARE);
    assert_false(eri_scorings[ERI_SC_PASS].valued);
    assert_true(eri_scorings[ERI_SC_RATIO].valued && eri_scorings[ERI_SC_GRADE].valued && eri_scorings[ERI_SC_EXPR].valued);
    for (int k = 0; k < ERI_SC_COUNT_; k++)
        assert_int_equal(eri_scorings[k].gives_points, k == ERI_SC_EXPR);
}

static void test_forms_hint(void **state)
{
    (void)state;
    char buf[256];
    eri_scoring_forms(buf, sizeof buf);
    assert_string_equal(buf, "'pass when …', 'ratio …', 'grade … { … }' or 'score …'");
    char small[8];
    eri_scoring_forms(small, sizeof small); /* cut, still terminated */
    assert_true(strlen(small) < sizeof small);
}

static eri_value num(int64_t n, int64_t d) { return (eri_value){.type = ERI_TY_NUMBER, .num = {n, d}}; }

static void test_eval_each_kind(void **state)
{
    (void)state;
    eri_node n = {.id = "1"};
    eri_node_result nr = {.tier = -1};
    eri_num four = eri_num_int(4);

    eri_value yes = {.type = ERI_TY_BOOL, .b = true}, no = {.type = ERI_TY_BOOL, .b = false};
    assert_int_equal(eri_scorings[ERI_SC_PASS].eval(&n, &yes, four, &nr), ERI_NUM_OK);
    assert_true(eri_num_eq(nr.earned, four));
    assert_int_equal(eri_scorings[ERI_SC_PASS].eval(&n, &no, four, &nr), ERI_NUM_OK);
    assert_true(eri_num_is_zero(nr.earned));

    eri_value v = num(9, 10);
    nr = (eri_node_result){.tier = -1};
    assert_int_equal(eri_scorings[ERI_SC_RATIO].eval(&n, &v, four, &nr), ERI_NUM_OK);
    assert_true(eri_num_eq(nr.earned, (eri_num){18, 5}) && !nr.clamped);
    v = num(3, 2);
    assert_int_equal(eri_scorings[ERI_SC_RATIO].eval(&n, &v, four, &nr), ERI_NUM_OK);
    assert_true(eri_num_eq(nr.earned, four) && nr.clamped && eri_num_eq(nr.raw, (eri_num){3, 2}));

    eri_tier tiers[] = {{ERI_OP_GE, {95, 100}, ERI_NUM_ONE, {0, 0}}, {ERI_OP_GE, {85, 100}, {1, 2}, {0, 0}}};
    eri_node g = {.id = "2", .tiers = tiers, .ntiers = 2, .otherwise = ERI_NUM_ZERO};
    v = num(9, 10);
    nr = (eri_node_result){.tier = -1};
    assert_int_equal(eri_scorings[ERI_SC_GRADE].eval(&g, &v, four, &nr), ERI_NUM_OK);
    assert_int_equal(nr.tier, 1);
    assert_true(eri_num_eq(nr.earned, eri_num_int(2)));
    v = num(1, 2);
    nr = (eri_node_result){.tier = -1};
    assert_int_equal(eri_scorings[ERI_SC_GRADE].eval(&g, &v, four, &nr), ERI_NUM_OK);
    assert_int_equal(nr.tier, -1);
    assert_true(eri_num_is_zero(nr.earned));

    v = num(5, 1);
    nr = (eri_node_result){.tier = -1};
    assert_int_equal(eri_scorings[ERI_SC_EXPR].eval(&n, &v, four, &nr), ERI_NUM_OK);
    assert_true(eri_num_eq(nr.earned, four) && nr.clamped && eri_num_eq(nr.share, ERI_NUM_ONE));
    v = num(3, 1);
    assert_int_equal(eri_scorings[ERI_SC_EXPR].eval(&n, &v, eri_num_int(0), &nr), ERI_NUM_OK);
    assert_true(eri_num_is_zero(nr.earned) && nr.clamped && eri_num_eq(nr.share, ERI_NUM_ONE));
}

static const char rules_text[] =
    "fact a : bool\n"
    "fact b : sample\n"
    "fact c : percent range 0%..100%\n"
    "fact d : int range 0..10\n"
    "indicator 1 \"one\" {\n"
    "  item 1.1 \"p\" points 2 { pass when a }\n"
    "  item 1.2 \"r\" points 2 { ratio b }\n"
    "  item 1.3 \"g\" points 2 { grade c { >= 90% : 100%  >= 50% : 50% } }\n"
    "  item 1.4 \"s\" points 2 { score min(points, d) }\n"
    "}\n";

static void test_rules_score_every_way(void **state)
{
    (void)state;
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load_string("t.rules", rules_text, strlen(rules_text), d);
    assert_non_null(r);
    for (int k = ERI_SC_NONE + 1; k < ERI_SC_COUNT_; k++)
        assert_int_equal(r->nodes[k].kind, k); /* 1.1 … 1.4 in the order of the list */
    const char facts[] = "a = yes\nb = 3/4\nc = 60%\nd = 1\n";
    er_facts *f = er_facts_load_string(r, "t.facts", facts, strlen(facts), d);
    assert_non_null(f);
    er_result *res = er_eval(r, f, d);
    assert_non_null(res);
    assert_true(eri_num_eq(res->nodes[1].earned, eri_num_int(2)));
    assert_true(eri_num_eq(res->nodes[2].earned, (eri_num){3, 2}));
    assert_true(eri_num_eq(res->nodes[3].earned, eri_num_int(1)));
    assert_int_equal(res->nodes[3].tier, 1);
    assert_true(eri_num_eq(res->nodes[4].earned, eri_num_int(1)));
    assert_true(eri_num_eq(res->nodes[0].earned, (eri_num){11, 2}));
    er_result_free(res);
    er_facts_free(f);
    er_rules_free(r);
    er_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_in_step_with_the_list),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_forms_hint),
        cmocka_unit_test(test_eval_each_kind),
        cmocka_unit_test(test_rules_score_every_way),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
