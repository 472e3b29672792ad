/* test_limits.c — unit tests for size and depth (issue 9): a run of one
 * level's operators is one flat chain (ast.c) that every pass folds the way
 * the nested pairs would; the nesting limits (ast.h) are errors at their
 * place; names are found through the rule set's indexes (rules.c); a let
 * used twice by the next is worked out once; long lines are clipped in
 * excerpts (diag.c); past --max-errors no hint is searched for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "evalrules.h"
#include "parse.h"
#include "rules.h"
#include "source.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/* A growing text buffer for generated rules. */
typedef struct text {
    char *s;
    size_t len;
    FILE *f;
} text;

static void open_text(text *t)
{
    t->s = NULL;
    t->len = 0;
    t->f = open_memstream(&t->s, &t->len);
    assert_non_null(t->f);
}

static void close_text(text *t) { fclose(t->f); }

typedef struct loaded {
    er_rules *r;
    char *diag;
    size_t len;
    unsigned errors;
} loaded;

static loaded load_limit(const char *rules, size_t len, unsigned limit)
{
    loaded l = {0};
    FILE *m = open_memstream(&l.diag, &l.len);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    er_diag_set_limit(d, limit);
    l.r = er_rules_load_string("t.rules", rules, len, d);
    l.errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    return l;
}

static loaded load(const char *rules) { return load_limit(rules, strlen(rules), 100); }

static void unload(loaded *l)
{
    er_rules_free(l->r);
    free(l->diag);
}

/* The score of rules (no total: the earned sum) over facts, as text. */
static char *score_of(const char *rules, const char *facts)
{
    loaded l = load(rules);
    if (!l.r)
        fail_msg("the rules do not load:\n%s\n%s", rules, l.diag);
    er_diag *d = er_diag_new(stderr);
    er_facts *f = er_facts_load_string(l.r, "t.facts", facts, strlen(facts), d);
    assert_non_null(f);
    er_result *res = er_eval(l.r, f, d);
    assert_non_null(res);
    char *s = strdup(er_result_score(res));
    er_result_free(res);
    er_facts_free(f);
    er_diag_free(d);
    unload(&l);
    return s;
}

static void scores(const char *expr, const char *facts, const char *expected)
{
    char rules[1024];
    snprintf(rules, sizeof rules,
             "fact a : int\nfact b : int\nfact c : int\nfact p : bool\nfact q : bool\n"
             "item 1 \"x\" points 1000 { score %s }\n", expr);
    char *got = score_of(rules, facts);
    if (strcmp(got, expected) != 0)
        fail_msg("score %s with\n%sgave %s, expected %s", expr, facts, got, expected);
    free(got);
}

static void contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find\n%s\nin\n%s", needle, hay);
}

/* ---------------------------------------------------------------------- */
/* Chains                                                                  */
/* ---------------------------------------------------------------------- */

static const char abc[] = "a = 10\nb = 4\nc = 2\np = yes\nq = no\n";

static void test_chains_fold_left_to_right(void **state)
{
    (void)state;
    scores("a - b + c", abc, "8");          /* (10 - 4) + 2, not 10 - (4 + 2) */
    scores("a - b - c", abc, "4");
    scores("a / b * c", abc, "5");          /* (10 / 4) * 2 */
    scores("a / b / c", abc, "1.25");
    scores("a - (b - c)", abc, "8");        /* parentheses keep their own chain */
    scores("a - b * c + a / c", abc, "7");  /* levels nest: 10 - 8 + 5 */
    scores("if p and not q and a > b then 1 else 0", abc, "1");
    scores("if q or p or q then 1 else 0", abc, "1");
    scores("if p and (q or a == c) then 1 else 0", abc, "0");
}

static void test_chain_is_flat_and_dumps_as_pairs(void **state)
{
    (void)state;
    const char src[] = "let s = a + b - c + (d + e) * f\n";
    eri_source *s = eri_source_from_string("t.rules", src, strlen(src));
    eri_arena *a = eri_arena_new();
    er_diag *d = er_diag_new(NULL);
    eri_decl *ast = NULL;
    assert_int_equal(eri_parse(s, a, d, &ast), 0);
    const eri_expr *e = ast->a;
    assert_int_equal(e->kind, ERI_EX_CHAIN);
    assert_int_equal(e->op, ERI_OP_ADD);
    int n = 0;
    for (const eri_expr *x = e->a; x; x = x->next)
        n++;
    assert_int_equal(n, 4); /* a, + b, - c, + (…) * f */
    assert_int_equal(e->a->next->next->link, ERI_OP_SUB);
    const eri_expr *last = e->b;
    assert_int_equal(last->kind, ERI_EX_CHAIN);
    assert_int_equal(last->op, ERI_OP_MUL);
    assert_int_equal(last->a->kind, ERI_EX_CHAIN); /* (d + e) is its own chain */
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    eri_ast_dump(m, ast);
    fclose(m);
    assert_string_equal(out, "let s a=(((a + b) - c) + ((d + e) * f))\n");
    free(out);
    er_diag_free(d);
    eri_arena_free(a);
    eri_source_free(s);
}

static void test_long_sum_and_conjunction(void **state)
{
    (void)state;
    text t;
    open_text(&t);
    fprintf(t.f, "fact x : int range 0..\nitem 1 \"x\" points 1 {\n  score x");
    for (int i = 1; i < 100000; i++)
        fprintf(t.f, " + x");
    fprintf(t.f, " - 99999 * x\n}\nitem 2 \"y\" points 1 {\n  pass when x >= 0");
    for (int i = 1; i < 100000; i++)
        fprintf(t.f, " and x >= 0");
    fprintf(t.f, "\n}\n");
    close_text(&t);
    char *got = score_of(t.s, "x = 1\n");
    assert_string_equal(got, "2"); /* 1 + 1 */
    free(got);
    free(t.s);
}

static void test_division_by_zero_names_the_pair(void **state)
{
    (void)state;
    loaded l = load("fact a : int\nfact b : int\nitem 1 \"x\" points 1 { score a + 1 / b * 2 }\n");
    assert_non_null(l.r);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    er_facts *f = er_facts_load_string(l.r, "t.facts", "a = 1\nb = 0\n", 11, d);
    assert_non_null(f);
    assert_null(er_eval(l.r, f, d));
    fclose(m);
    contains(out, "t.rules:3:33: error: division by zero while evaluating this for t.facts");
    contains(out, "1 / b");
    er_diag_free(d);
    er_facts_free(f);
    free(out);
    unload(&l);
}

static void test_chain_type_errors_as_pairs(void **state)
{
    (void)state;
    loaded l = load("fact a : int\nfact p : bool\nitem 1 \"x\" points 1 { score a + p + 1 }\n"
                    "item 2 \"y\" points 1 { pass when p and a or p }\n");
    assert_null(l.r);
    char *h = headers(l.diag);
    assert_string_equal(h, "t.rules:3:33: error: a yes/no value where a number is needed; write 'if … then 1 else 0' "
                           "to count it\n"
                           "t.rules:4:39: error: a number where a condition (yes/no) is needed by 'and'\n");
    free(h);
    unload(&l);
}

/* ---------------------------------------------------------------------- */
/* Nesting limits                                                          */
/* ---------------------------------------------------------------------- */

static char *nested_ifs(int n)
{
    text t;
    open_text(&t);
    fprintf(t.f, "fact x : int\nitem 1 \"x\" points 1 {\n  score ");
    for (int i = 0; i < n; i++)
        fprintf(t.f, "if x > 0 then ");
    fprintf(t.f, "1");
    for (int i = 0; i < n; i++)
        fprintf(t.f, " else 0");
    fprintf(t.f, "\n}\n");
    close_text(&t);
    return t.s;
}

static void test_expression_depth_limit(void **state)
{
    (void)state;
    char *under = nested_ifs(ERI_MAX_EXPR_DEPTH - 2); /* its comparisons' operands at the limit */
    loaded l = load(under);
    assert_non_null(l.r);
    unload(&l);
    char *over = nested_ifs(ERI_MAX_EXPR_DEPTH - 1);
    l = load(over);
    assert_null(l.r);
    assert_int_equal(l.errors, 1);
    contains(l.diag, "error: this expression nests too deeply: at most 100 levels of parentheses, 'if', 'not', "
                     "signs and calls");
    unload(&l);
    free(under);
    free(over);
    char *far = nested_ifs(20000); /* beyond bison's stack: said with the same limits */
    l = load(far);
    assert_null(l.r);
    contains(l.diag, "error: nested too deeply: expressions nest at most 100 levels and indicators 32");
    unload(&l);
    free(far);
}

static char *nested_nodes(int n)
{
    text t;
    open_text(&t);
    fprintf(t.f, "fact x : bool\n");
    for (int i = 0; i < n - 1; i++)
        fprintf(t.f, "indicator n%d \"i\" {\n", i);
    fprintf(t.f, "item leaf \"x\" points 1 { pass when x }\n");
    for (int i = 0; i < n - 1; i++)
        fprintf(t.f, "}\n");
    close_text(&t);
    return t.s;
}

static void test_indicator_depth_limit(void **state)
{
    (void)state;
    char *under = nested_nodes(ERI_MAX_NODE_DEPTH);
    loaded l = load(under);
    assert_non_null(l.r);
    unload(&l);
    char *over = nested_nodes(ERI_MAX_NODE_DEPTH + 1);
    l = load(over);
    assert_null(l.r);
    char *h = headers(l.diag);
    assert_string_equal(h, "t.rules:34:1: error: indicators nest too deeply: at most 32 levels of indicators and items\n");
    free(h);
    unload(&l);
    free(under);
    free(over);
}

/* lets v1 … vn, each using the one before twice; declared last first when backwards */
static char *let_chain(int n, bool backwards)
{
    text t;
    open_text(&t);
    fprintf(t.f, "fact x : int range 0..10\n");
    for (int k = 0; k <= n; k++) {
        int i = backwards ? n - k : k;
        if (i == 0)
            fprintf(t.f, "let v0 = x\n");
        else
            fprintf(t.f, "let v%d = v%d + v%d - v%d\n", i, i - 1, i - 1, i - 1);
    }
    fprintf(t.f, "item 1 \"x\" points 100 { score min(points, v%d) }\n", n);
    close_text(&t);
    return t.s;
}

static void test_let_chains_are_linear_and_bounded(void **state)
{
    (void)state;
    for (int back = 0; back < 2; back++) {
        /* 60 levels: each let's bounds computed once (2^60 visits otherwise) */
        char *ok = let_chain(60, back);
        char *got = score_of(ok, "x = 7\n");
        assert_string_equal(got, "7");
        free(got);
        free(ok);
        /* far too deep, in either order of declaration: an error, not a crash */
        char *deep = let_chain(100000, back);
        loaded l = load_limit(deep, strlen(deep), 5);
        assert_null(l.r);
        contains(l.diag, "nests too deeply with the named values it uses, one inside another: at most 400 levels");
        unload(&l);
        free(deep);
    }
}

static void test_result_chain_limit(void **state)
{
    (void)state;
    for (int n = ERI_MAX_RESULT_DEPTH; n <= ERI_MAX_RESULT_DEPTH + 1; n++) {
        text t;
        open_text(&t);
        fprintf(t.f, "fact x : bool\nindicator i \"i\" {\n");
        for (int k = n; k >= 1; k--) /* each reads the one after it */
            fprintf(t.f, "  item r%d \"r\" points 1 { score earned(r%d) }\n", k, k - 1);
        fprintf(t.f, "  item r0 \"r\" points 1 { pass when x }\n}\n");
        close_text(&t);
        loaded l = load(t.s);
        if (n == ERI_MAX_RESULT_DEPTH)
            assert_non_null(l.r);
        else
            contains(l.diag, "is reached through too many results that read one another (earned() and the like): "
                             "at most 32");
        unload(&l);
        free(t.s);
    }
}

/* ---------------------------------------------------------------------- */
/* Names, strings, diagnostics                                             */
/* ---------------------------------------------------------------------- */

static void test_indexes_find_every_name(void **state)
{
    (void)state;
    text t;
    open_text(&t);
    for (int i = 0; i < 5000; i++)
        fprintf(t.f, "fact f%d : bool\n", i);
    for (int i = 0; i < 5000; i++)
        fprintf(t.f, "indicator %d.1 \"i\" { let w = f%d  item %d.1.1 \"x\" points 1 { pass when w } }\n", i + 1, i,
                i + 1);
    close_text(&t);
    loaded l = load(t.s);
    assert_non_null(l.r);
    assert_int_equal(eri_rules_find_fact(l.r, "f4321", 5), 4321);
    assert_int_equal(eri_rules_find_fact(l.r, "f43210", 6), -1);
    assert_int_equal(eri_rules_find_fact(l.r, "f432", 3), 43); /* len counts: "f43" */
    int32_t node = eri_rules_find_node(l.r, "77.1.1", 6);
    assert_true(node >= 0);
    assert_string_equal(l.r->nodes[node].id, "77.1.1");
    int32_t let = eri_rules_find_let(l.r, "w", l.r->nodes[node].parent);
    assert_true(let >= 0);
    assert_int_equal(l.r->lets[let].scope, l.r->nodes[node].parent);
    assert_int_equal(eri_rules_find_let(l.r, "w", node), -1); /* not in the item's own scope */
    assert_int_equal(eri_rules_find_let(l.r, "w", -1), -1);
    unload(&l);
    free(t.s);
    /* a second declaration under a name is reported and not indexed */
    l = load("fact a : int\nfact a : bool\nlet v = 1\nlet v = 2\n"
             "item 1 \"x\" points 1 { score min(1, a + v) }\nitem 1 \"y\" points 1 { pass when yes }\n");
    char *h = headers(l.diag);
    assert_string_equal(h, "t.rules:2:6: error: fact 'a' is declared twice\n"
                           "t.rules:1:6: note: first declared here\n"
                           "t.rules:4:5: error: 'v' is already defined here\n"
                           "t.rules:3:5: note: first defined here\n"
                           "t.rules:6:1: error: indicator id 1 is used twice\n"
                           "t.rules:5:1: note: first used here\n");
    free(h);
    unload(&l);
}

static void test_adjacent_strings_join(void **state)
{
    (void)state;
    text t;
    open_text(&t);
    fprintf(t.f, "fact x : bool\nitem 1");
    for (int i = 0; i < 100000; i++)
        fprintf(t.f, " \"%c\"", 'a' + i % 26);
    fprintf(t.f, " points 1 { pass when x }\nitem 2 \"p\" \"q\" points 1 { pass when x }\n");
    close_text(&t);
    loaded l = load(t.s);
    assert_non_null(l.r);
    assert_int_equal(strlen(l.r->nodes[0].label), 100000);
    assert_memory_equal(l.r->nodes[0].label, "abcdefghijklmnopqrstuvwxyzabc", 29);
    assert_string_equal(l.r->nodes[1].label, "pq");
    unload(&l);
    free(t.s);
}

static void test_long_line_excerpt_is_clipped(void **state)
{
    (void)state;
    size_t pad = 1000000;
    text t;
    open_text(&t);
    fprintf(t.f, "fact x : bool\nitem 1 \"x\" points 1 { pass when x%*s) }\n", (int)pad, "");
    close_text(&t);
    loaded l = load(t.s);
    assert_null(l.r);
    char *line = strstr(l.diag, "\n    2 | ");
    assert_non_null(line);
    char *end = strchr(line + 1, '\n');
    assert_true(end - line < 250); /* a window, not a megabyte */
    contains(l.diag, "    2 | …");
    contains(l.diag, " ) }\n");
    /* the caret stands under the ')' ("…" is three bytes, one column) */
    char *caret = strchr(end + 1, '^');
    char *close = strchr(line, ')');
    assert_non_null(caret);
    assert_int_equal(caret - (end + 1), close - (line + 1) - 2);
    unload(&l);
    free(t.s);
}

static void test_no_hint_past_the_limit(void **state)
{
    (void)state;
    text t;
    open_text(&t);
    for (int i = 0; i < 20000; i++)
        fprintf(t.f, "fact k%d : int\n", i);
    fprintf(t.f, "item 1 \"x\" points 1 { score k1");
    for (int i = 0; i < 200000; i++)
        fprintf(t.f, " + k%dx", i);
    fprintf(t.f, " }\n");
    close_text(&t);
    loaded l = load_limit(t.s, t.len, 3);
    assert_null(l.r);
    assert_int_equal(l.errors, 200000);
    contains(l.diag, "unknown name 'k0x'; did you mean 'k0'?"); /* the ones shown still have their hint */
    contains(l.diag, "evalrules: too many diagnostics; the rest are counted but not shown");
    unload(&l);
    free(t.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chains_fold_left_to_right),
        cmocka_unit_test(test_chain_is_flat_and_dumps_as_pairs),
        cmocka_unit_test(test_long_sum_and_conjunction),
        cmocka_unit_test(test_division_by_zero_names_the_pair),
        cmocka_unit_test(test_chain_type_errors_as_pairs),
        cmocka_unit_test(test_expression_depth_limit),
        cmocka_unit_test(test_indicator_depth_limit),
        cmocka_unit_test(test_let_chains_are_linear_and_bounded),
        cmocka_unit_test(test_result_chain_limit),
        cmocka_unit_test(test_indexes_find_every_name),
        cmocka_unit_test(test_adjacent_strings_join),
        cmocka_unit_test(test_long_line_excerpt_is_clipped),
        cmocka_unit_test(test_no_hint_past_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
