/* test_eval_errors.c — a value that cannot be computed (a division by
 * zero) stops the evaluation wherever it is: inside every built-in
 * function and operator, a named value, each scoring kind, an exclusion,
 * a deduction or a bonus and its cap, a veto, a rating cap's condition.
 * Each is reported once, at the line that divides, with a note giving the
 * divisor's fact and its value (eval_errors.c), and er_eval returns NULL.
 * Where 'and', 'or' or 'if' does not need the failing part, it is not
 * evaluated and the evaluation succeeds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"

static const char facts[] = "x = 3\nz = 0\nd1 = 2024-02-29\nd2 = 2026-03-01\ns = 18/20\nok = yes\ne = red\n"
                            "w = \"red\"\n";

/* The rules: the facts above, `pre` at the top level before the tree, one
 * item scored by `item`, then `post` after it. */
static char *rules_text(const char *pre, const char *item, const char *post)
{
    static const char head[] = "fact x : int \"x\"\nfact z : int \"z\"\nfact d1 : date \"d1\"\nfact d2 : date \"d2\"\n"
                               "fact s : sample \"s\"\nfact ok : bool \"ok\"\nfact e : enum { red, green } \"e\"\n"
                               "fact w : text \"w\"\n";
    size_t n = strlen(head) + strlen(pre) + strlen(item) + strlen(post) + 200;
    char *t = malloc(n);
    assert_non_null(t);
    snprintf(t, n, "%s%s\nindicator 1 \"I\" {\n  item 1.1 \"A\" points 10 { %s }\n}\n%s\n", head, pre, item, post);
    return t;
}

typedef struct outcome {
    bool evaluated;
    char *score; /* when evaluated */
    char *out;   /* every diagnostic */
} outcome;

static outcome evaluate(const char *pre, const char *item, const char *post)
{
    char *text = rules_text(pre, item, post);
    outcome o = {false, NULL, NULL};
    size_t len = 0;
    FILE *m = open_memstream(&o.out, &len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    er_rules *r = er_rules_load_string("t.rules", text, strlen(text), d);
    if (!r) {
        fclose(m);
        fail_msg("the rules do not load:\n%s\n%s", text, o.out);
    }
    unsigned before = er_diag_errors(d);
    er_facts *f = er_facts_load_string(r, "t.facts", facts, sizeof facts - 1, d);
    assert_non_null(f);
    er_result *res = er_eval(r, f, d);
    o.evaluated = res != NULL;
    if (res) {
        o.score = strdup(er_result_score(res));
        assert_int_equal(er_diag_errors(d), before);
    } else {
        assert_int_equal(er_diag_errors(d), before + 1); /* reported once */
    }
    er_result_free(res);
    er_facts_free(f);
    er_rules_free(r);
    er_diag_free(d);
    fclose(m);
    free(text);
    return o;
}

/* The evaluation fails with a division by zero reported at `line` of the
 * rules, and a note that z is 0 at line 2 of the facts. */
static void fails_at(const char *pre, const char *item, const char *post, int line)
{
    outcome o = evaluate(pre, item, post);
    char want[64];
    snprintf(want, sizeof want, "t.rules:%d:", line);
    if (o.evaluated || !strstr(o.out, want) || !strstr(o.out, "error: division by zero") ||
        !strstr(o.out, "t.facts:2:5: note: z is 0 here"))
        fail_msg("expected a division by zero at line %d for\n%s | %s | %s\nbut got (%s):\n%s", line, pre, item, post,
                 o.evaluated ? o.score : "not evaluated", o.out);
    free(o.out);
}

static void evaluates_to(const char *pre, const char *item, const char *post, const char *score)
{
    outcome o = evaluate(pre, item, post);
    if (!o.evaluated || strcmp(o.score, score))
        fail_msg("expected score %s for\n%s | %s | %s\nbut got %s:\n%s", score, pre, item, post,
                 o.evaluated ? o.score : "no evaluation", o.out);
    free(o.score);
    free(o.out);
}

/* the item's line: after the eight facts, `pre` (one line) and the indicator */
enum { PRE_LINE = 9, ITEM_LINE = 11, POST_LINE = 13 };

static void test_builtins(void **state)
{
    (void)state;
    static const char *const items[] = {
        "score abs(x / z)",         "score ceil(x / z)",        "score floor(x / z)",   "score round(x / z)",
        "score round(x / z, 0.5)",  "score min(x / z, 1)",      "score max(1, x / z)",  "score -(x / z)",
        "score 1 + x / z",          "score 1 - x / z",          "score 2 * (x / z)",    "score (x / z) / 2",
        "score x / z + 1",          "score 10 - (x / z) * 2",
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        fails_at("", items[i], "", ITEM_LINE);
}

static void test_conditions(void **state)
{
    (void)state;
    fails_at("", "pass when x / z > 1", "", ITEM_LINE);
    fails_at("", "pass when not (x / z > 1)", "", ITEM_LINE);
    fails_at("", "pass when ok and x / z > 1", "", ITEM_LINE);
    fails_at("", "pass when not ok or x / z > 1", "", ITEM_LINE);
    fails_at("", "score if x / z > 1 then 1 else 0", "", ITEM_LINE);
    fails_at("", "score if x > 1 then x / z else 0", "", ITEM_LINE);
    fails_at("", "score if x < 1 then 0 else x / z", "", ITEM_LINE);
    fails_at("", "pass when days_between(d1, d2) / z > 1", "", ITEM_LINE);
    fails_at("", "pass when months_between(d1, d2) > x / z", "", ITEM_LINE);
    fails_at("", "pass when conforming(s) / z > 1", "", ITEM_LINE);
    fails_at("", "grade x / z { >= 1: 100% otherwise 0 }", "", ITEM_LINE);
    fails_at("", "ratio x / z", "", ITEM_LINE);
    /* what is not needed is not evaluated */
    evaluates_to("", "pass when not ok and x / z > 1", "", "0");
    evaluates_to("", "pass when ok or x / z > 1", "", "10");
    evaluates_to("", "score if x > 1 then 10 else x / z", "", "10");
    evaluates_to("", "score if x < 1 then x / z else 5", "", "5");
}

static void test_values(void **state)
{
    (void)state;
    /* the built-ins' values, exactly */
    evaluates_to("", "score abs(0 - x) + round(7 / 4, 0.5) + floor(7 / 4)", "", "6"); /* 3 + 2 + 1 */
    evaluates_to("", "score years_between(d1, d2) + months_between(d1, d2) / 100", "", "2.24"); /* 2 + 24 / 100 */
    evaluates_to("", "score sampled(s) - conforming(s) + days_between(d1, d2) / 1000", "", "2.731"); /* 20 - 18 + 731 / 1000 */
    /* an enumeration against text, either way round; dates compared */
    evaluates_to("", "pass when e == w and w == e and not (e != w)", "", "10");
    evaluates_to("", "pass when d1 < d2 and d2 >= d1 and not (d1 == d2)", "", "10");
    /* results of other indicators: earned, applicable, failed */
    evaluates_to("", "score x", "indicator 2 \"J\" {\n  item 2.1 \"B\" points 5 { score min(points, earned(1.1) - failed(1)) }\n}",
                 "5"); /* 1.1: 3, lost 7 (failed(1) = 1); 2.1: 3 - 1 */
    evaluates_to("", "score x\n  exclude when ok because \"r\"",
                 "indicator 2 \"J\" {\n  item 2.1 \"B\" points 5 { score min(points, applicable(1) + earned(1.1) + 1) }\n}",
                 "1"); /* 1.1 excluded: 0 + 0 + 1 of 5 */
}

static void test_places(void **state)
{
    (void)state;
    fails_at("let q = x / z", "score q", "", PRE_LINE);
    fails_at("", "pass when ok", "veto \"v\" when x / z > 1", POST_LINE);
    fails_at("", "pass when ok", "rating { level \"L\" at 5 cap \"L\" unless x / z > 1 }", POST_LINE);
    fails_at("", "pass when ok", "total { deduct \"d\" x / z }", POST_LINE);
    fails_at("", "pass when ok", "total { bonus \"b\" 1 cap x / z }", POST_LINE);
    fails_at("", "pass when ok\n  exclude when x / z > 1 because \"r\"", "", ITEM_LINE + 1);
    fails_at("", "pass when ok", "indicator 2 \"J\" {\n  item 2.1 \"B\" points 5 { score earned(1.1) / z }\n}", POST_LINE + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_builtins), cmocka_unit_test(test_conditions),
                                       cmocka_unit_test(test_values), cmocka_unit_test(test_places)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
