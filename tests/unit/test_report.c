/* test_report.c — unit tests for the text and JSON reports (report_text.c,
 * report_json.c).  A small rule set is evaluated on facts given as strings;
 * the text report is searched for its rows and lines, the JSON report is
 * parsed back with jansson. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "evalrules.h"
#include "evalrules_tools.h"
#include "report.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static const char rules_text[] =
    "standard \"T 1-2024\" { title \"测试标准\" }\n"                           /* 1 */
    "fact a : bool \"有没有\"\n"                                                /* 2 */
    "fact b : bool\n"                                                           /* 3 */
    "fact s : sample\n"                                                         /* 4 */
    "fact mode : enum { own, none }\n"                                          /* 5 */
    "fact d : int range 0.. default 0\n"                                        /* 6 */
    "fact k : int range 0.. default 0\n"                                        /* 7 */
    "indicator 1 \"一级\" {\n"                                                  /* 8 */
    "  english \"First\"\n"                                                     /* 9 */
    "  item 1.1 \"部门\" points 40 {\n"                                         /* 10 */
    "    text \"设立部门。\"\n"                                                 /* 11 */
    "    pass when a\n"                                                         /* 12 */
    "  }\n"                                                                     /* 13 */
    "  item 1.2 \"制度\" points 30 {\n"                                         /* 14 */
    "    text \"建立制度。\"\n"                                                 /* 15 */
    "    pass when b\n"                                                         /* 16 */
    "  }\n"                                                                     /* 17 */
    "}\n"                                                                       /* 18 */
    "indicator 2 \"二级\" {\n"                                                  /* 19 */
    "  exclude when mode == \"none\" because \"不提供配送\"\n"                  /* 20 */
    "  item 2.1 \"配送\" points 30 { excludable ratio s }\n"                    /* 21 */
    "}\n"                                                                       /* 22 */
    "total {\n"                                                                 /* 23 */
    "  normalize to 100\n"                                                      /* 24 */
    "  deduct \"扣分项\" d\n"                                                   /* 25 */
    "  bonus \"加分项\" k cap 1\n"                                              /* 26 */
    "  round half_up to 0.1\n"                                                  /* 27 */
    "}\n"                                                                       /* 28 */
    "veto \"扣分项达5项\" when d >= 5\n"                                        /* 29 */
    "rating {\n"                                                                /* 30 */
    "  level \"优\" at 90\n"                                                    /* 31 */
    "  level \"良\" at 60\n"                                                    /* 32 */
    "  otherwise \"差\"\n"                                                      /* 33 */
    "}\n";

typedef struct run {
    er_rules *r;
    er_facts *f;
    er_result *res;
} run;

static run eval_with(const char *rules, const char *facts)
{
    run x = {0};
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    x.r = er_rules_load_string("t.rules", rules, strlen(rules), d);
    if (x.r)
        x.f = er_facts_load_string(x.r, "t.facts", facts, strlen(facts), d);
    if (x.f)
        x.res = er_eval(x.r, x.f, d);
    unsigned errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    if (!x.res || errors)
        fail_msg("the test did not evaluate:\n%s", out);
    free(out);
    return x;
}

static run eval(const char *facts) { return eval_with(rules_text, facts); }

static void done(run *x)
{
    er_result_free(x->res);
    er_facts_free(x->f);
    er_rules_free(x->r);
}

static char *text_report(const run *x, bool color)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    er_report_opts opts = {.color = color};
    er_report_text(m, x->res, &opts);
    fclose(m);
    return out;
}

static char *json_report(const run *x)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    assert_int_equal(er_report_json(m, x->res), 0);
    fclose(m);
    return out;
}

static void contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find\n%s\nin\n%s", needle, hay);
}

static void lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect\n%s\nin\n%s", needle, hay);
}

/* The line of out that starts with prefix (a copy), or fail. */
static char *line_starting(const char *out, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *line = out; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len >= n && strncmp(line, prefix, n) == 0) {
            char *copy = malloc(len + 1);
            memcpy(copy, line, len);
            copy[len] = '\0';
            return copy;
        }
        line += len + (nl ? 1 : 0);
    }
    fail_msg("no line starts with '%s' in\n%s", prefix, out);
    return NULL;
}

/* The line starting with prefix has these words, in this order. */
static void row(const char *out, const char *prefix, const char *w1, const char *w2, const char *w3)
{
    char *line = line_starting(out, prefix);
    const char *p = line + strlen(prefix);
    const char *words[] = {w1, w2, w3};
    for (int i = 0; i < 3; i++) {
        if (!words[i])
            continue;
        const char *q = strstr(p, words[i]);
        if (!q)
            fail_msg("the row '%s' lacks '%s' (after what came before)", line, words[i]);
        p = q + strlen(words[i]);
    }
    free(line);
}

static const char good_facts[] = "subject = \"某某电器有限公司\"\n" /* 1 */
                                 "a = yes\n"                       /* 2 */
                                 "b = no\n"                        /* 3 */
                                 "s = 18/20\n"                     /* 4 */
                                 "mode = own\n"                    /* 5 */
                                 "k = 3\n";                        /* 6 */

/* ---------------------------------------------------------------------- */
/* Text                                                                    */
/* ---------------------------------------------------------------------- */

static void test_text_header(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = text_report(&x, false);
    assert_true(strncmp(out, "T 1-2024 测试标准\nSubject: 某某电器有限公司\nFacts:   t.facts\nRules:   t.rules\n",
                        strlen("T 1-2024 测试标准\nSubject: 某某电器有限公司\nFacts:   t.facts\nRules:   t.rules\n")) ==
                0);
    free(out);
    done(&x);
}

static void test_text_tree_rows(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = text_report(&x, false);
    row(out, "Indicator", "Points", "Earned", "Status");
    row(out, "1 一级", "70", "40", "lost 30");
    row(out, "  1.1 部门", "40", "40", "full");
    row(out, "  1.2 制度", "30", "0", "lost 30");
    row(out, "2 二级", "30", "27", "lost 3");
    row(out, "  2.1 配送", "30", "27", "lost 3");
    /* the tree comes in order */
    assert_true(strstr(out, "1 一级") < strstr(out, "  1.1 部门"));
    assert_true(strstr(out, "  1.2 制度") < strstr(out, "2 二级"));
    lacks(out, "\033[");
    free(out);
    done(&x);
}

static void test_text_where_points_were_lost(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = text_report(&x, false);
    const char *lost = strstr(out, "\nWhere points were lost\n");
    assert_non_null(lost);
    contains(lost, "1.2 制度: 0 of 30 points, lost 30\n");
    contains(lost, "requires  建立制度。\n");
    /* the rule's text with its line in the rules */
    row(lost, "      rule      pass when b", "t.rules:16", NULL, NULL);
    /* the facts it read, with their line in the facts file */
    contains(lost, "b = no");
    row(strstr(lost, "b = no"), "b = no", "t.facts:3", NULL, NULL);
    contains(lost, "2.1 配送: 27 of 30 points, lost 3\n");
    row(lost, "      rule      ratio s", "t.rules:21", NULL, NULL);
    contains(lost, "share     0.9\n");
    row(strstr(lost, "s = 18/20"), "s = 18/20", "t.facts:4", NULL, NULL);
    /* a full item is not listed */
    lacks(lost, "1.1 部门:");
    free(out);
    done(&x);
}

static void test_text_no_points_lost(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = yes\ns = 5/5\nmode = own\n");
    char *out = text_report(&x, false);
    contains(out, "\nNo points were lost.\n");
    lacks(out, "Where points were lost");
    free(out);
    done(&x);
}

static void test_text_totals(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = text_report(&x, false);
    const char *t = strstr(out, "\nTotals\n");
    assert_non_null(t);
    contains(t, "  applicable points   100\n");
    contains(t, "  earned points       67\n");
    contains(t, "  normalized          67 / 100 × 100 = 67\n");
    contains(t, "  − 0   扣分项\n");
    contains(t, "  + 1   加分项 (3, capped)\n");
    /* a defaulted fact says so instead of a line */
    row(t, "      facts", "d = 0", "(default)", NULL);
    contains(t, "  before rounding     68\n");
    contains(t, "  rounded half_up to 0.1: 68.0\n");
    contains(t, "\nScore  68.0\n");
    free(out);
    done(&x);
}

static void test_text_level_line(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = text_report(&x, false);
    row(out, "Level  良", "(score ≥ 60)", NULL, NULL);
    contains(out, "  next level: 优 at 90 needs 22 more points\n");
    free(out);
    done(&x);
}

static void test_text_not_applicable(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = yes\nmode = none\n");
    char *out = text_report(&x, false);
    row(out, "2 二级", "30", "-", "excluded");
    row(out, "  2.1 配送", "30", "-", "excluded (above)");
    const char *na = strstr(out, "\nNot applicable");
    assert_non_null(na);
    contains(na, "  2 二级 (30 points): 不提供配送\n");
    row(na, "      rule      exclude when mode == \"none\"", "t.rules:20", NULL, NULL);
    contains(out, "  applicable points   70   (30 of 100 points not applicable)\n");
    contains(out, "\nScore  100.0\n");
    free(out);
    done(&x);
}

static void test_text_excluded_by_auditor(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = yes\nmode = own\nexclude 2.1 \"本企业无配送\"\n");
    char *out = text_report(&x, false);
    const char *na = strstr(out, "\nNot applicable");
    assert_non_null(na);
    contains(na, "  2.1 配送 (30 points): 本企业无配送\n");
    row(na, "      excluded by the auditor", "t.facts:4", NULL, NULL);
    free(out);
    done(&x);
}

static void test_text_vetoed(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = yes\ns = 1/1\nmode = own\nd = 6\n");
    char *out = text_report(&x, false);
    contains(out, "Vetoed (no level can be awarded):\n");
    row(out, "  扣分项达5项", "when d >= 5", "t.rules:29", NULL);
    row(out, "Level  not rated", "vetoed", NULL, NULL);
    lacks(out, "next level");
    free(out);
    done(&x);
}

static void test_text_unrated(void **state)
{
    (void)state;
    run x = eval("a = no\nb = no\ns = 1/2\nmode = own\n");
    char *out = text_report(&x, false);
    contains(out, "\nScore  15.0\n");
    row(out, "Level  not rated", "差", NULL, NULL);
    contains(out, "  next level: 良 at 60 needs 45 more points\n");
    free(out);
    done(&x);
}

static void test_text_color(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = text_report(&x, true);
    contains(out, "\033[");
    contains(out, "\033[0m");
    free(out);
    done(&x);
}

static void test_text_default_options(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_report_text(m, x.res, NULL);
    fclose(m);
    lacks(out, "\033[");
    contains(out, "Score  68.0");
    free(out);
    done(&x);
}

/* ---------------------------------------------------------------------- */
/* JSON                                                                    */
/* ---------------------------------------------------------------------- */

static json_t *parse_json(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    if (!j)
        fail_msg("the JSON report does not parse: %s (line %d)\n%s", err.text, err.line, text);
    return j;
}

static json_t *get(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        fail_msg("no key '%s'", key);
    return v;
}

static void is_string(json_t *obj, const char *key, const char *value)
{
    json_t *v = get(obj, key);
    if (!json_is_string(v))
        fail_msg("'%s' is not a string", key);
    if (strcmp(json_string_value(v), value) != 0)
        fail_msg("'%s' is \"%s\", expected \"%s\"", key, json_string_value(v), value);
}

static void test_json_top_level(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = json_report(&x);
    size_t n = strlen(out);
    assert_true(n > 0 && out[n - 1] == '\n');
    json_t *j = parse_json(out);
    assert_true(json_is_object(j));
    is_string(j, "subject", "某某电器有限公司");
    is_string(j, "standard", "T 1-2024");
    is_string(j, "title", "测试标准");
    is_string(j, "score", "68.0");
    is_string(j, "rating", "良");
    assert_true(json_is_array(get(j, "vetoes")));
    assert_int_equal(json_array_size(get(j, "vetoes")), 0);
    is_string(j, "applicable_total", "100");
    is_string(j, "earned_total", "67");
    is_string(j, "normalized", "67");
    json_decref(j);
    free(out);
    done(&x);
}

static void test_json_indicators(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *out = json_report(&x);
    json_t *j = parse_json(out);
    json_t *tree = get(j, "indicators");
    assert_true(json_is_array(tree));
    assert_int_equal(json_array_size(tree), 2);
    json_t *one = json_array_get(tree, 0);
    is_string(one, "id", "1");
    is_string(one, "label", "一级");
    is_string(one, "english", "First");
    is_string(one, "points", "70");
    is_string(one, "earned", "40");
    assert_true(json_is_true(get(one, "applicable")));
    json_t *kids = get(one, "children");
    assert_true(json_is_array(kids));
    assert_int_equal(json_array_size(kids), 2);
    json_t *item = json_array_get(kids, 1);
    is_string(item, "id", "1.2");
    is_string(item, "label", "制度");
    is_string(item, "points", "30");
    is_string(item, "earned", "0");
    assert_true(json_is_boolean(get(item, "applicable")));
    assert_true(json_is_array(get(item, "children")));
    assert_int_equal(json_array_size(get(item, "children")), 0);
    /* an item's rule and the facts it read */
    json_t *rule = get(item, "rule");
    is_string(rule, "kind", "pass");
    is_string(rule, "text", "pass when b");
    assert_int_equal(json_integer_value(get(rule, "line")), 16);
    json_t *facts = get(item, "facts");
    assert_int_equal(json_array_size(facts), 1);
    is_string(json_array_get(facts, 0), "name", "b");
    is_string(json_array_get(facts, 0), "value", "no");
    assert_int_equal(json_integer_value(get(json_array_get(facts, 0), "line")), 3);
    json_decref(j);
    free(out);
    done(&x);
}

static void test_json_excluded_indicator(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = yes\nmode = none\n");
    char *out = json_report(&x);
    json_t *j = parse_json(out);
    json_t *two = json_array_get(get(j, "indicators"), 1);
    is_string(two, "id", "2");
    assert_true(json_is_false(get(two, "applicable")));
    json_t *ex = get(two, "excluded");
    is_string(ex, "by", "rule");
    is_string(ex, "reason", "不提供配送");
    json_t *child = json_array_get(get(two, "children"), 0);
    assert_true(json_is_false(get(child, "applicable")));
    is_string(j, "applicable_total", "70");
    json_decref(j);
    free(out);
    done(&x);
}

static void test_json_vetoed_rating_null(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = yes\ns = 1/1\nmode = own\nd = 6\n");
    char *out = json_report(&x);
    json_t *j = parse_json(out);
    assert_true(json_is_null(get(j, "rating")));
    json_t *v = get(j, "vetoes");
    assert_int_equal(json_array_size(v), 1);
    assert_true(json_is_object(json_array_get(v, 0)));
    is_string(json_array_get(v, 0), "message", "扣分项达5项");
    is_string(j, "score", "94.0");
    assert_true(json_is_null(get(j, "next_level")));
    json_decref(j);
    free(out);
    done(&x);
}

static void test_json_unrated_rating_null(void **state)
{
    (void)state;
    run x = eval("a = no\nb = no\ns = 1/2\nmode = own\n");
    char *out = json_report(&x);
    json_t *j = parse_json(out);
    assert_true(json_is_null(get(j, "rating")));
    assert_int_equal(json_array_size(get(j, "vetoes")), 0);
    json_decref(j);
    free(out);
    done(&x);
}

static void test_json_inexact_numbers_carry_fractions(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = no\ns = 2/3\nmode = own\n");
    char *out = json_report(&x);
    json_t *j = parse_json(out);
    json_t *item = json_array_get(get(json_array_get(get(j, "indicators"), 1), "children"), 0);
    is_string(item, "earned", "20");
    is_string(item, "value", "0.666667");
    is_string(item, "value_exact", "2/3");
    json_decref(j);
    free(out);
    done(&x);
}

/* A facts file whose name is not UTF-8 keeps its name: U+FFFD in
 * facts_file, the exact bytes percent-encoded in facts_file_bytes. */
static void test_json_facts_file_not_utf8(void **state)
{
    (void)state;
    er_diag *d = er_diag_new(NULL);
    er_rules *r = er_rules_load_string("t.rules", rules_text, strlen(rules_text), d);
    assert_non_null(r);
    er_facts *f = er_facts_load_string(r, "审核\xff 100%.facts", good_facts, strlen(good_facts), d);
    assert_non_null(f);
    run x = {.r = r, .f = f, .res = er_eval(r, f, d)};
    assert_non_null(x.res);
    er_diag_free(d);
    char *out = json_report(&x);
    contains(out, "  \"facts_file\": \"审核\xEF\xBF\xBD 100%.facts\",\n"
                  "  \"facts_file_bytes\": \"审核%FF 100%25.facts\",\n"
                  "  \"scheme\": {\n");
    json_t *j = parse_json(out); /* valid JSON, so valid UTF-8 */
    is_string(j, "facts_file", "审核\xEF\xBF\xBD 100%.facts");
    is_string(j, "rules_file", "t.rules");
    assert_null(json_object_get(j, "rules_file_bytes"));
    json_decref(j);
    free(out);
    done(&x);
}

static void test_json_key_order_is_stable(void **state)
{
    (void)state;
    run x = eval(good_facts);
    char *a = json_report(&x), *b = json_report(&x);
    assert_string_equal(a, b);
    /* the documented keys come in this order */
    static const char *const keys[] = {"\"subject\"",          "\"standard\"",     "\"score\"",
                                       "\"rating\"",           "\"vetoes\"",       "\"applicable_total\"",
                                       "\"earned_total\"",     "\"indicators\""};
    const char *prev = a;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *p = strstr(a, keys[i]);
        if (!p)
            fail_msg("no key %s", keys[i]);
        if (p < prev)
            fail_msg("key %s is out of order", keys[i]);
        prev = p;
    }
    /* and two evaluations of the same facts give the same bytes */
    run y = eval(good_facts);
    char *c = json_report(&y);
    assert_string_equal(a, c);
    free(a);
    free(b);
    free(c);
    done(&y);
    done(&x);
}

/* ---------------------------------------------------------------------- */
/* The real rules: a capped level                                          */
/* ---------------------------------------------------------------------- */

static void repo_path(char *buf, size_t cap, const char *rel)
{
    const char *file = __FILE__, *cut = strstr(file, "tests/unit/test_report.c");
    snprintf(buf, cap, "%.*s%s", cut ? (int)(cut - file) : 0, file, rel);
}

static void test_capped_level_in_both_reports(void **state)
{
    (void)state;
    char path[4096];
    er_diag *d = er_diag_new(NULL);
    repo_path(path, sizeof path, "rules/gbt27922.rules");
    er_rules *r = er_rules_load(path, d);
    assert_non_null(r);
    repo_path(path, sizeof path, "examples/capped.facts");
    er_facts *f = er_facts_load(r, path, d);
    assert_non_null(f);
    er_result *res = er_eval(r, f, d);
    assert_non_null(res);
    run x = {r, f, res};
    char *text = text_report(&x, false);
    contains(text, "\nScore  92.5\n");
    row(text, "Level  达标", "(score ≥ 70)", NULL, NULL);
    row(text, "  capped at 达标: the score alone gives 四星级", "years_between(history.rated_since, audit.date) >= 1",
        "gbt27922.rules:", NULL);
    contains(text, "(评为星级须在达标级保持一年以上，业绩突出（得分≥95）者除外)\n");
    char *json = json_report(&x);
    json_t *j = parse_json(json);
    is_string(j, "rating", "达标");
    json_t *cap = get(j, "cap");
    is_string(cap, "level", "达标");
    is_string(cap, "uncapped", "四星级");
    is_string(j, "applicable_total", "100");
    is_string(j, "earned_total", "92.46");
    assert_int_equal(json_array_size(get(j, "indicators")), 3);
    json_decref(j);
    free(json);
    free(text);
    done(&x);
    er_diag_free(d);
}

/* Regression: an indicator all of whose items the auditor excluded one by one is
 * reported as applicable and "full" with 0 of its points earned:
 *   2 二级                 30         0  full
 * (JSON: "applicable": true, "status": "full").  eval_node gives it
 * outcome FULL because earned 0 >= applicable 0.  Nothing under it
 * applies, so it should read as excluded / not applicable, not as full. */
static void test_indicator_with_every_item_excluded(void **state)
{
    (void)state;
    run x = eval("a = yes\nb = yes\nmode = own\nexclude 2.1 \"无\"\n");
    char *out = text_report(&x, false);
    char *line = line_starting(out, "2 二级");
    lacks(line, "full");
    free(line);
    char *json = json_report(&x);
    json_t *j = parse_json(json);
    json_t *two = json_array_get(get(j, "indicators"), 1);
    assert_false(json_is_true(get(two, "applicable")) && strcmp(json_string_value(get(two, "status")), "full") == 0);
    json_decref(j);
    free(json);
    free(out);
    done(&x);
}


/* An item of one point left out by its rule without a reason, a named
 * value shown where points were lost, a cap without a reason: the text
 * report and the HTML one. */
static void test_one_point_no_reason_and_a_named_value(void **state)
{
    (void)state;
    run x = eval_with("fact a : bool\nfact x : int range 0..\nfact m : enum { own, none }\n"
                      "indicator 1 \"一\" {\n"
                      "  item 1.1 \"单\" points 1 { exclude when m == \"none\"  pass when x > 2 }\n"
                      "  item 1.2 \"二\" points 9 { let need = x * 2  score min(points, need) }\n"
                      "}\n"
                      "rating { level \"A\" at 1  level \"B\" at 0  cap \"B\" unless a }\n",
                      "m = none\na = no\nx = 1\n");
    char *out = text_report(&x, false);
    contains(out, "  1.1 单 (1 point): no reason given\n");
    contains(out, "      where     need = 2\n");
    contains(out, "  capped at B: the score alone gives A, but this holds only when a   t.rules:8\n");
    free(out);
    out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_int_equal(er_report_html(m, x.res, NULL), 0);
    fclose(m);
    contains(out, "<dt>excluded by the rules</dt><dd>no reason given</dd>");
    free(out);
    done(&x);
}


/* Why points were lost, in the HTML report: a share clamped to 0..1, a
 * grade of an expression (not a percentage fact) that met no tier. */
static void test_html_why_clamped_and_graded_expression(void **state)
{
    (void)state;
    run x = eval_with("fact u : int range 0..\nfact n : int range 0..10\n"
                      "item 1 \"a\" points 10 { ratio 1 - u / 10 }\n"
                      "item 2 \"b\" points 10 { grade n * 2 { >= 15: 100%  otherwise 50% } }\n",
                      "u = 30\nn = 3\n");
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_int_equal(er_report_html(m, x.res, NULL), 0);
    fclose(m);
    contains(out, "<dt>why</dt><dd>Points are given in proportion to the evidence: -200% of them were earned. "
                  "(limited to the item&#39;s points)</dd>");
    contains(out, "<dt>why</dt><dd>The assessed value 6 reached no tier, which gives 50% of the points.</dd>");
    free(out);
    done(&x);
}


/* The audit's date and team in the HTML report's head: an empty team is
 * left out, and so is a team not given. */
static void test_html_audit_date_and_team(void **state)
{
    (void)state;
    static const char rules[] = "fact audit.date : date\nfact audit.team : text\nfact a : bool\n"
                                "item 1 \"x\" points 1 { pass when a and audit.date > 2020-01-01 and audit.team != \"q\" }\n";
    static const char *const facts[] = {"audit.date = 2026-01-02\naudit.team = \"\"\na = yes\n",
                                        "audit.date = 2026-01-02\na = yes\naudit.team = \"张三\"\n"};
    for (int i = 0; i < 2; i++) {
        run x = eval_with(rules, facts[i]);
        char *out = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&out, &len);
        assert_int_equal(er_report_html(m, x.res, NULL), 0);
        fclose(m);
        contains(out, "<dt>Audit date</dt><dd>2026-01-02</dd>");
        if (i == 0)
            assert_null(strstr(out, "Audit team"));
        else
            contains(out, "<dd>张三</dd>");
        free(out);
        done(&x);
    }
}


/* The scheme evaluated under, in the text report's head: its name, its
 * label when it has one, and where it is. */
static void test_text_scheme_line(void **state)
{
    (void)state;
    static const char *const schemes[] = {"scheme w \"加权方案\" { 1 points 15  2 points 5 }\n",
                                          "scheme w { 1 points 15  2 points 5 }\n"};
    static const char *const lines[] = {"Scheme:  w 加权方案   t.rules:4\n", "Scheme:  w   t.rules:4\n"};
    for (int i = 0; i < 2; i++) {
        char rules[512];
        snprintf(rules, sizeof rules, "fact a : bool\nindicator 1 \"一\" { item 1.1 \"x\" points 10 { pass when a } }\n"
                                      "indicator 2 \"二\" { item 2.1 \"y\" points 10 { pass when a } }\n%s", schemes[i]);
        run x = eval_with(rules, "a = yes\n");
        er_diag *d = er_diag_new(NULL);
        er_result *res = er_eval_scheme(x.r, x.f, er_rules_scheme(x.r, "w"), d);
        er_diag_free(d);
        assert_non_null(res);
        er_result_free(x.res);
        x.res = res;
        char *out = text_report(&x, false);
        contains(out, lines[i]);
        free(out);
        done(&x);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_header),
        cmocka_unit_test(test_text_tree_rows),
        cmocka_unit_test(test_text_where_points_were_lost),
        cmocka_unit_test(test_text_no_points_lost),
        cmocka_unit_test(test_text_totals),
        cmocka_unit_test(test_text_level_line),
        cmocka_unit_test(test_text_not_applicable),
        cmocka_unit_test(test_text_excluded_by_auditor),
        cmocka_unit_test(test_text_vetoed),
        cmocka_unit_test(test_text_unrated),
        cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_text_default_options),
        cmocka_unit_test(test_json_top_level),
        cmocka_unit_test(test_json_indicators),
        cmocka_unit_test(test_json_excluded_indicator),
        cmocka_unit_test(test_json_vetoed_rating_null),
        cmocka_unit_test(test_json_unrated_rating_null),
        cmocka_unit_test(test_json_inexact_numbers_carry_fractions),
        cmocka_unit_test(test_json_key_order_is_stable),
        cmocka_unit_test(test_json_facts_file_not_utf8),
        cmocka_unit_test(test_capped_level_in_both_reports),
            cmocka_unit_test(test_indicator_with_every_item_excluded),
        cmocka_unit_test(test_one_point_no_reason_and_a_named_value),
        cmocka_unit_test(test_html_why_clamped_and_graded_expression),
        cmocka_unit_test(test_html_audit_date_and_team),
        cmocka_unit_test(test_text_scheme_line),
};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
