/* test_template.c — unit tests for facts templates (template.c): the exact
 * layout on a small rule set, grouping, and the round trip that matters to
 * auditors — the bundled rules' template, filled in with an example's
 * values, evaluates exactly as the example does, while an unfilled one is
 * refused with every missing fact named. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"
#include "evalrules_tools.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/* The source tree, from this file's path (CMake compiles it by absolute path). */
static char *source_path(const char *rel)
{
    const char *here = __FILE__, *cut = strstr(here, "tests/unit/test_template.c");
    assert_non_null(cut);
    size_t head = (size_t)(cut - here);
    char *p = malloc(head + strlen(rel) + 1);
    assert_non_null(p);
    memcpy(p, here, head);
    strcpy(p + head, rel);
    return p;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *s = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&s, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(f);
    fclose(m);
    return s;
}

static er_rules *load_rules_text(const char *text)
{
    er_diag *d = er_diag_new(NULL);
    er_rules *r = er_rules_load_string("t.rules", text, strlen(text), d);
    er_diag_free(d);
    assert_non_null(r);
    return r;
}

static char *template_of(const er_rules *r, const char *path)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_int_equal(er_template_write(m, r, path), 0);
    fclose(m);
    return out;
}

/* The value of NAME in a facts file ("subject" too): the text after '='
 * up to a comment, trimmed; NULL when the file does not give it. */
static char *value_in(const char *facts, const char *name)
{
    size_t nl = strlen(name);
    for (const char *line = facts; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > nl && strncmp(line, name, nl) == 0 && (line[nl] == ' ' || line[nl] == '=')) {
            const char *v = strchr(line, '=') + 1, *end = line + len;
            const char *hash = memchr(v, '#', (size_t)(end - v));
            const char *q = memchr(v, '"', (size_t)(end - v));
            if (hash && !(q && q < hash)) /* a '#' in a quoted value is not a comment */
                end = hash;
            while (*v == ' ')
                v++;
            while (end > v && (end[-1] == ' ' || end[-1] == '\r'))
                end--;
            char *out = malloc((size_t)(end - v) + 1);
            memcpy(out, v, (size_t)(end - v));
            out[end - v] = '\0';
            return out;
        }
        line += len + (eol ? 1 : 0);
    }
    return NULL;
}

/* The template filled in as an auditor would: every "# name =" line that
 * the example gives becomes "name = value", the subject too, and the
 * example's exclusions are added at the end. */
static char *fill(const char *tpl, const char *example)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    for (const char *line = tpl; *line;) {
        const char *eol = strchr(line, '\n');
        size_t n = eol ? (size_t)(eol - line) : strlen(line);
        char name[128] = "";
        if (n > 4 && n < sizeof name && line[0] == '#' && line[1] == ' ' && line[n - 1] == '=') {
            size_t k = 0;
            for (const char *p = line + 2; *p != ' ' && k + 1 < sizeof name; p++)
                name[k++] = *p;
            name[k] = '\0';
        } else if (strncmp(line, "# subject = \"\"", 14) == 0)
            strcpy(name, "subject");
        char *v = *name ? value_in(example, name) : NULL;
        if (v)
            fprintf(m, "%s = %s\n", name, v);
        else
            fprintf(m, "%.*s\n", (int)n, line);
        free(v);
        line += n + (eol ? 1 : 0);
    }
    for (const char *line = example; *line;) {
        const char *eol = strchr(line, '\n');
        size_t n = eol ? (size_t)(eol - line) : strlen(line);
        if (strncmp(line, "exclude ", 8) == 0)
            fprintf(m, "%.*s\n", (int)n, line);
        line += n + (eol ? 1 : 0);
    }
    fclose(m);
    return out;
}

typedef struct outcome {
    char score[32];
    char rating[64];
    unsigned errors;
    char *diags;
} outcome;

static outcome evaluate(const er_rules *r, const char *name, const char *text)
{
    outcome o = {.score = "", .rating = ""};
    size_t len = 0;
    FILE *m = open_memstream(&o.diags, &len);
    er_diag *d = er_diag_new(m);
    er_facts *f = er_facts_load_string(r, name, text, strlen(text), d);
    er_result *res = f ? er_eval(r, f, d) : NULL;
    if (res) {
        snprintf(o.score, sizeof o.score, "%s", er_result_score(res));
        snprintf(o.rating, sizeof o.rating, "%s", er_result_rating(res) ? er_result_rating(res) : "-");
    }
    o.errors = er_diag_errors(d);
    er_result_free(res);
    er_facts_free(f);
    er_diag_free(d);
    fclose(m);
    return o;
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                   */
/* ---------------------------------------------------------------------- */

static const char small_rules[] =
    "standard \"T 1-2024\" { title \"测试\" }\n"
    "fact a : bool \"有没有部门\"\n"
    "fact mode : enum { own, none } \"配送方式\"\n"
    "fact s : sample \"抽查合格数/抽查数\"\n"
    "fact p : percent \"满意度\" range 0%..100%\n"
    "fact d : int \"扣分项数\" range 0.. default 0\n"
    "fact day : date \"审核日期\"\n"
    "fact since : date \"首次日期\" range 2012-02-01..day\n"
    "fact spare : text \"备注\"\n"
    "indicator 1 \"一\" {\n"
    "  item 1.1 \"甲\" points 5 { pass when a }\n"
    "  item 1.2 \"乙\" points 5 { excludable \"无此业务\" ratio s * p }\n"
    "}\n"
    "indicator 2 \"二\" {\n"
    "  exclude when mode == \"none\" because \"不配送\"\n"
    "  item 2.1 \"丙\" points 10 { pass when a and s >= 90% }\n"
    "}\n"
    "total { normalize to 100 deduct \"扣分\" d round half_up to 0.1 }\n"
    "veto \"扣满\" when d >= 5\n"
    "rating { level \"优\" at 90 otherwise \"差\" cap \"优\" unless days_between(day, 2030-01-01) > 0 }\n"
    "indicator 3 \"三\" { excludable item 3.1 \"丁\" points 0 { pass when months_between(since, day) >= 1 } }\n";

static const char small_template[] =
    "# Facts file for T 1-2024 测试\n"
    "# A blank template from `evalrules template t.rules`.\n"
    "#\n"
    "# How to fill it in:\n"
    "#   1. Write the enterprise's name on the subject line and remove its \"# \".\n"
    "#   2. For every fact, remove the \"# \" before its name and write the value after \"=\":\n"
    "#      yes/no, 42, 3.5, 85%, 18/20 (conforming/sampled), \"text\", 2026-10-12, or one of\n"
    "#      the values listed.  The comment above each fact says what to record.\n"
    "#   3. Only these may be excluded, when they do not apply: add a line   exclude ID \"reason\"\n"
    "#        1.2 乙: 无此业务\n"
    "#        3 三\n"
    "#      The facts only it reads may then stay commented out.\n"
    "#   4. A fact with a default may stay commented out: the default is used.\n"
    "#   5. Evaluate: evalrules t.rules FILE\n"
    "#      A fact still commented out is reported as missing; nothing is scored until every\n"
    "#      fact needed is given.\n"
    "\n"
    "# subject = \"\"\n"
    "\n"
    "# 1 一\n"
    "#\n"
    "# 有没有部门\n"
    "#   yes or no; feeds 1.1, 2.1\n"
    "# a =\n"
    "#\n"
    "# 抽查合格数/抽查数\n"
    "#   conforming/sampled counts such as 18/20; feeds 1.2, 2.1\n"
    "# s =\n"
    "#\n"
    "# 满意度\n"
    "#   a percentage such as 85%, from 0% to 100%; feeds 1.2\n"
    "# p =\n"
    "\n"
    "# 2 二\n"
    "#   not applicable when mode == \"none\" (不配送): then the facts only it reads may stay commented out\n"
    "#\n"
    "# 配送方式\n"
    "#   one of: own, none; feeds 2 (exclusion)\n"
    "# mode =\n"
    "\n"
    "# 3 三\n"
    "#   may be excluded if it does not apply: exclude 3 \"reason\"\n"
    "#\n"
    "# 审核日期\n"
    "#   a date YYYY-MM-DD; feeds 3.1, a rating cap\n"
    "# day =\n"
    "#\n"
    "# 首次日期\n"
    "#   a date YYYY-MM-DD, from 2012-02-01 to day; feeds 3.1\n"
    "# since =\n"
    "\n"
    "# Total, vetoes and rating\n"
    "#\n"
    "# 扣分项数\n"
    "#   a whole number, at least 0; default 0 (may stay commented out); feeds the total (扣分), a veto\n"
    "# d =\n"
    "\n"
    "# Facts no rule reads (declared, but they change nothing)\n"
    "#\n"
    "# 备注\n"
    "#   text in quotes; feeds nothing (not read by any rule)\n"
    "# spare =\n";

static void test_small_template_exact(void **state)
{
    (void)state;
    er_rules *r = load_rules_text(small_rules);
    char *t = template_of(r, NULL);
    assert_string_equal(t, small_template);
    free(t);
    er_rules_free(r);
}

static void test_unfilled_template_loads_but_names_every_missing_fact(void **state)
{
    (void)state;
    er_rules *r = load_rules_text(small_rules);
    char *t = template_of(r, "t.rules");
    outcome o = evaluate(r, "blank.facts", t);
    assert_string_equal(o.score, ""); /* not scored */
    assert_int_equal(o.errors, 6);    /* a, s, p, mode, day, since; d has a default, spare is read by nothing */
    assert_non_null(strstr(o.diags, "blank.facts: error: missing fact 'a' (bool: 有没有部门), needed by"));
    assert_non_null(strstr(o.diags, "missing fact 'day'"));
    assert_null(strstr(o.diags, "missing fact 'd'"));
    assert_null(strstr(o.diags, ":1:")); /* nothing in the file itself is wrong */
    free(o.diags);
    free(t);
    er_rules_free(r);
}

static void test_small_template_filled_evaluates(void **state)
{
    (void)state;
    er_rules *r = load_rules_text(small_rules);
    char *t = template_of(r, "t.rules");
    const char *example = "subject = \"某公司\"\na = yes\ns = 9/10\np = 100%\nmode = none\nday = 2026-01-01\n"
                          "exclude 3 \"无此业务（测试）\"\n"; /* since is then not needed */
    char *filled = fill(t, example);
    assert_non_null(strstr(filled, "\nsubject = \"某公司\"\n"));
    assert_non_null(strstr(filled, "\na = yes\n"));
    outcome o = evaluate(r, "filled.facts", filled);
    assert_int_equal(o.errors, 0);
    assert_string_equal(o.score, "95.0"); /* 5 + 4.5 of 10 (2 excluded) */
    assert_string_equal(o.rating, "优");
    free(o.diags);
    free(filled);
    free(t);
    er_rules_free(r);
}

/* Every bundled example, through the bundled rules' template: the same score and level. */
static void test_bundled_template_filled_with_examples(void **state)
{
    (void)state;
    static const char *const examples[] = {"four-star", "three-star", "unrated", "standard", "capped"};
    char *rules_path = source_path("rules/gbt27922.rules");
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load(rules_path, d);
    er_diag_free(d);
    assert_non_null(r);
    char *t = template_of(r, "rules/gbt27922.rules");
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "examples/%s.facts", examples[i]);
        char *path = source_path(rel), *example = read_all(path);
        outcome want = evaluate(r, rel, example);
        char *filled = fill(t, example);
        outcome got = evaluate(r, "filled.facts", filled);
        assert_int_equal(want.errors, 0);
        assert_int_equal(got.errors, 0);
        assert_string_equal(got.score, want.score);
        assert_string_equal(got.rating, want.rating);
        if (strcmp(examples[i], "four-star") == 0) {
            assert_string_equal(got.score, "91.1"); /* examples/EXPECTED.md */
            assert_string_equal(got.rating, "四星级");
        }
        free(want.diags);
        free(got.diags);
        free(filled);
        free(example);
        free(path);
    }
    free(t);
    free(rules_path);
    er_rules_free(r);
}

static void test_every_fact_once_in_order_of_first_use(void **state)
{
    (void)state;
    char *rules_path = source_path("rules/gbt27922.rules");
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load(rules_path, d);
    er_diag_free(d);
    char *t = template_of(r, NULL);
    /* each fact line once */
    const char *names[] = {"# org.department =\n", "# delivery.mode =\n", "# special.bonus =\n",
                           "# audit.date =\n"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *at = strstr(t, names[i]);
        assert_non_null(at);
        assert_null(strstr(at + 1, names[i]));
    }
    /* groups follow the indicator tree; exclusion facts come under their indicator */
    const char *g511 = strstr(t, "\n# 5.1.1 组织架构 (in 5.1 售后服务体系)\n");
    const char *g523 = strstr(t, "\n# 5.2.3 配送 (in 5.2 商品服务)\n#   not applicable when delivery.mode == \"none\"");
    const char *glob = strstr(t, "\n# Total, vetoes and rating\n");
    assert_non_null(g511);
    assert_non_null(g523);
    assert_non_null(glob);
    assert_true(g511 < g523 && g523 < glob);
    assert_true(strstr(t, "# delivery.mode =\n") > g523);
    assert_non_null(strstr(t, "#   one of: own, contracted, none; feeds 5.2.3 (exclusion)\n"));
    assert_non_null(strstr(t, "#   yes or no; feeds 5.3.1.3, 5.3.1.4\n")); /* survey.conducted, read by two items */
    assert_null(strstr(t, "Facts no rule reads"));
    free(t);
    free(rules_path);
    er_rules_free(r);
}

static void test_write_failure_is_reported(void **state)
{
    (void)state;
    er_rules *r = load_rules_text(small_rules);
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        assert_int_equal(er_template_write(full, r, NULL), -1);
        fclose(full);
    }
    assert_int_equal(er_template_write(NULL, r, NULL), -1);
    assert_int_equal(er_template_write(stdout, NULL, NULL), -1);
    er_rules_free(r);
}

static void *no_malloc(size_t n)
{
    (void)n;
    return NULL;
}

static void test_out_of_memory_is_reported(void **state)
{
    (void)state;
    er_rules *r = load_rules_text(small_rules);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_set_allocator(no_malloc, NULL, NULL);
    int rc = er_template_write(m, r, NULL);
    er_set_allocator(NULL, NULL, NULL);
    fclose(m);
    assert_int_equal(rc, -1);
    assert_int_equal(len, 0);
    free(out);
    er_rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_template_exact),
        cmocka_unit_test(test_unfilled_template_loads_but_names_every_missing_fact),
        cmocka_unit_test(test_small_template_filled_evaluates),
        cmocka_unit_test(test_bundled_template_filled_with_examples),
        cmocka_unit_test(test_every_fact_once_in_order_of_first_use),
        cmocka_unit_test(test_write_failure_is_reported),
        cmocka_unit_test(test_out_of_memory_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
