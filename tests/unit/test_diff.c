/* test_diff.c — unit tests for comparing editions (diff.c): every kind of
 * change on small inline rule sets that differ from one base text by one
 * edit, the three pairing passes, the reports, replaying audits under both
 * editions, and allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evalrules.h"
#include "evalrules_tools.h"
#include "support.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

static const char base[] =
    "standard \"T 1-2020\" { title \"测试\" version \"1\" }\n"
    "fact a : bool \"有没有\"\n"
    "fact n : int range 0..\n"
    "fact s : sample\n"
    "fact m : enum { x, y }\n"
    "fact d : int range 0.. default 0\n"
    "indicator 1 \"一\" points 10 {\n"
    "  item 1.1 \"甲\" points 5 { pass when a }\n"
    "  item 1.2 \"乙\" points 5 { ratio s }\n"
    "}\n"
    "indicator 2 \"二\" points 10 {\n"
    "  exclude when m == \"y\" because \"不适用\"\n"
    "  item 2.1 \"丙\" points 10 { pass when n >= 1 }\n"
    "}\n"
    "total { normalize to 100 deduct \"扣\" d round half_up to 0.1 }\n"
    "veto \"扣满\" when d >= 5\n"
    "rating { level \"优\" at 90 level \"良\" at 60 otherwise \"差\" }\n";

/* text with the first occurrence of from replaced by to (the caller frees) */
static char *edit_in(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t head = (size_t)(at - text), fl = strlen(from), tl = strlen(to);
    char *s = malloc(strlen(text) - fl + tl + 1);
    assert_non_null(s);
    memcpy(s, text, head);
    memcpy(s + head, to, tl);
    strcpy(s + head + tl, at + fl);
    return s;
}

static char *edit(const char *from, const char *to) { return edit_in(base, from, to); }

static er_rules *load(const char *name, const char *text)
{
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load_string(name, text, strlen(text), d);
    assert_int_equal(er_diag_errors(d), 0);
    er_diag_free(d);
    assert_non_null(r);
    return r;
}

typedef struct pair {
    er_rules *o, *n;
    er_diff *df;
} pair;

static pair compare(const char *old_text, const char *new_text)
{
    pair p = {load("old.rules", old_text), load("new.rules", new_text), NULL};
    er_diag *d = er_diag_new(stderr);
    p.df = er_diff_rules(p.o, p.n, d);
    er_diag_free(d);
    assert_non_null(p.df);
    return p;
}

/* base against base with one edit */
static pair compare_edit(const char *from, const char *to)
{
    char *s = edit(from, to);
    pair p = compare(base, s);
    free(s);
    return p;
}

static void done(pair *p)
{
    er_diff_free(p->df);
    er_rules_free(p->o);
    er_rules_free(p->n);
}

/* The change with this section, what and key (NULL: any key), or NULL. */
static const er_change *find(const er_diff *df, const char *section, const char *what, const char *key)
{
    for (size_t i = 0; i < er_diff_count(df); i++) {
        const er_change *c = er_diff_change(df, i);
        if (strcmp(c->section, section) == 0 && strcmp(c->what, what) == 0 && (!key || strcmp(c->key, key) == 0))
            return c;
    }
    return NULL;
}

static void expect(const er_change *c, er_change_op op, const char *old_value, const char *new_value)
{
    assert_non_null(c);
    assert_int_equal(c->op, op);
    if (old_value)
        assert_string_equal(c->old_value, old_value);
    else
        assert_null(c->old_value);
    if (new_value)
        assert_string_equal(c->new_value, new_value);
    else
        assert_null(c->new_value);
}

static char *text_report(const er_diff *df, const er_replay *rp)
{
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    er_diff_report_text(m, df, rp);
    fclose(m);
    return out;
}

/* ---------------------------------------------------------------------- */
/* Indicators                                                              */
/* ---------------------------------------------------------------------- */

static void test_identical_editions_have_no_changes(void **state)
{
    (void)state;
    pair p = compare(base, base);
    assert_int_equal(er_diff_count(p.df), 0);
    char *t = text_report(p.df, NULL);
    assert_non_null(strstr(t, "No changes."));
    free(t);
    done(&p);
}

static void test_layout_and_comments_are_not_changes(void **state)
{
    (void)state;
    pair p = compare_edit("{ pass when n >= 1 }", "{\n    pass when   n >= 1   # 至少一个\n  }");
    assert_int_equal(er_diff_count(p.df), 0);
    done(&p);
}

static void test_item_added_and_removed(void **state)
{
    (void)state;
    pair p = compare_edit("  item 1.2 \"乙\" points 5 { ratio s }\n",
                          "  item 1.3 \"丁\" points 5 { ratio s * s }\n");
    /* 1.2 and 1.3 read the same fact, but the scoring differs only in text: they pair by facts */
    const er_change *c = find(p.df, "indicators", "renumbered", "1.3");
    expect(c, ER_CHANGE_CHANGED, "1.2", "1.3");
    expect(find(p.df, "indicators", "relabelled", "1.3"), ER_CHANGE_CHANGED, "乙", "丁");
    done(&p);

    p = compare_edit("  item 1.2 \"乙\" points 5 { ratio s }\n", "  item 1.3 \"丁\" points 5 { pass when a }\n");
    expect(find(p.df, "indicators", "added", "1.3"), ER_CHANGE_ADDED, NULL, "5");
    expect(find(p.df, "indicators", "removed", "1.2"), ER_CHANGE_REMOVED, "5", NULL);
    assert_string_equal(find(p.df, "indicators", "added", "1.3")->text, "(5 points)");
    assert_int_equal(er_diff_count_op(p.df, ER_CHANGE_ADDED), 1);
    assert_int_equal(er_diff_count_op(p.df, ER_CHANGE_REMOVED), 1);
    done(&p);
}

static void test_added_indicator_is_one_change_with_its_items(void **state)
{
    (void)state;
    char *s = edit("total {", "indicator 3 \"三\" { item 3.1 \"戊\" points 2 { pass when a }\n"
                              "  item 3.2 \"己\" points 2 { pass when not a } }\ntotal {");
    pair p = compare(base, s);
    free(s);
    const er_change *c = find(p.df, "indicators", "added", "3");
    expect(c, ER_CHANGE_ADDED, NULL, "4");
    assert_string_equal(c->text, "(4 points, 2 items)");
    assert_null(find(p.df, "indicators", "added", "3.1"));
    assert_int_equal(er_diff_count_op(p.df, ER_CHANGE_ADDED), 1);
    done(&p);
    /* and the other way round: removed */
    s = edit("total {", "indicator 3 \"三\" { item 3.1 \"戊\" points 2 { pass when a } }\ntotal {");
    p = compare(s, base);
    free(s);
    expect(find(p.df, "indicators", "removed", "3"), ER_CHANGE_REMOVED, "2", NULL);
    assert_int_equal(er_diff_count(p.df), 1);
    done(&p);
}

static void test_item_moved_to_another_indicator(void **state)
{
    (void)state;
    const char *o = "fact a : bool\nfact s : sample\n"
                    "indicator 1 \"一\" {\n"
                    "  item 1.1 \"甲\" points 5 { pass when a }\n"
                    "  item 1.2 \"乙\" points 5 { ratio s }\n"
                    "}\n"
                    "indicator 2 \"二\" { item 2.1 \"丙\" points 10 { pass when not a } }\n";
    const char *n = "fact a : bool\nfact s : sample\n"
                    "indicator 1 \"一\" { item 1.1 \"甲\" points 5 { pass when a } }\n"
                    "indicator 2 \"二\" {\n"
                    "  item 2.1 \"丙\" points 10 { pass when not a }\n"
                    "  item 1.2 \"乙\" points 5 { ratio s }\n"
                    "}\n";
    pair p = compare(o, n);
    const er_change *c = find(p.df, "indicators", "moved", "1.2");
    expect(c, ER_CHANGE_CHANGED, "1", "2");
    assert_string_equal(c->text, "moved from 1 (一) to 2 (二)");
    expect(find(p.df, "indicators", "points", "1"), ER_CHANGE_CHANGED, "10", "5");
    expect(find(p.df, "indicators", "points", "2"), ER_CHANGE_CHANGED, "10", "15");
    assert_null(find(p.df, "indicators", "renumbered", NULL));
    assert_int_equal(er_diff_count(p.df), 3);
    done(&p);
}

static void test_relabelled_and_points(void **state)
{
    (void)state;
    pair p = compare_edit("item 2.1 \"丙\" points 10", "item 2.1 \"丙丙\" points 10");
    expect(find(p.df, "indicators", "relabelled", "2.1"), ER_CHANGE_CHANGED, "丙", "丙丙");
    assert_string_equal(find(p.df, "indicators", "relabelled", "2.1")->label, "丙丙");
    assert_int_equal(er_diff_count(p.df), 1);
    done(&p);

    char *s = edit("indicator 1 \"一\" points 10 {\n  item 1.1 \"甲\" points 5",
                   "indicator 1 \"一\" points 12 {\n  item 1.1 \"甲\" points 7");
    p = compare(base, s);
    free(s);
    expect(find(p.df, "indicators", "points", "1.1"), ER_CHANGE_CHANGED, "5", "7");
    expect(find(p.df, "indicators", "points", "1"), ER_CHANGE_CHANGED, "10", "12");
    assert_string_equal(find(p.df, "indicators", "points", "1.1")->text, "points 5 → 7");
    done(&p);
}

static void test_scoring_kind_and_text(void **state)
{
    (void)state;
    pair p = compare_edit("{ pass when n >= 1 }", "{ pass when n >= 2 }");
    const er_change *c = find(p.df, "indicators", "scoring", "2.1");
    expect(c, ER_CHANGE_CHANGED, "pass when n >= 1", "pass when n >= 2");
    assert_string_equal(c->text, "scoring `pass when n >= 1` → `pass when n >= 2`");
    done(&p);

    p = compare_edit("{ ratio s }", "{ grade s { >= 90% : 100% otherwise 50% } }");
    expect(find(p.df, "indicators", "scoring", "1.2"), ER_CHANGE_CHANGED, "ratio s",
           "grade s { >= 90% : 100% otherwise 50% }");
    done(&p);

    p = compare_edit("{ ratio s }", "{ grade s { >= 90% : 100% >= 80% : 50% } }");
    char *g = edit("{ ratio s }", "{ grade s { >= 90% : 100% >= 80% : 60% } }");
    er_rules *o2 = load("old.rules", g);
    free(g);
    er_diff_free(p.df);
    er_rules_free(p.o);
    p.o = o2;
    er_diag *dg = er_diag_new(stderr);
    p.df = er_diff_rules(p.o, p.n, dg);
    er_diag_free(dg);
    expect(find(p.df, "indicators", "scoring", "1.2"), ER_CHANGE_CHANGED,
           "grade s { >= 90% : 100% >= 80% : 60% otherwise 0% }", "grade s { >= 90% : 100% >= 80% : 50% otherwise 0% }");
    done(&p);

    /* a named value the rule reads is part of the rule */
    char *o = edit("{ ratio s }", "{ let k = s ratio k }");
    char *n = edit("{ ratio s }", "{ let k = s * s ratio k }");
    p = compare(o, n);
    free(o);
    free(n);
    expect(find(p.df, "indicators", "scoring", "1.2"), ER_CHANGE_CHANGED, "ratio k; let k = s",
           "ratio k; let k = s * s");
    done(&p);
}

static void test_exclusion_changed_added_removed(void **state)
{
    (void)state;
    pair p = compare_edit("exclude when m == \"y\" because \"不适用\"", "exclude when m == \"x\" because \"不适用\"");
    expect(find(p.df, "indicators", "exclusion", "2"), ER_CHANGE_CHANGED, "m == \"y\" because \"不适用\"",
           "m == \"x\" because \"不适用\"");
    done(&p);

    p = compare_edit("exclude when m == \"y\" because \"不适用\"", "");
    const er_change *c = find(p.df, "indicators", "exclusion", "2");
    expect(c, ER_CHANGE_CHANGED, "m == \"y\" because \"不适用\"", NULL);
    assert_non_null(strstr(c->text, "→ never"));
    done(&p);
}

static void test_renumbered_by_label_and_moved(void **state)
{
    (void)state;
    /* 2 becomes 1.3 under 1: the same label pairs them */
    const char *o = "fact a : bool\n"
                    "indicator 1 \"一\" { item 1.1 \"甲\" points 5 { pass when a } }\n"
                    "indicator 2 \"服务文化\" { item 2.1 \"服务理念\" points 4 { pass when a } }\n";
    const char *n = "fact a : bool\n"
                    "indicator 5 \"一\" {\n"
                    "  item 5.1 \"甲\" points 5 { pass when a }\n"
                    "  indicator 5.7 \"服务文化\" { item 5.7.1 \"服务理念\" points 1 { pass when a } }\n"
                    "}\n";
    pair p = compare(o, n);
    expect(find(p.df, "indicators", "renumbered", "5.7"), ER_CHANGE_CHANGED, "2", "5.7");
    expect(find(p.df, "indicators", "moved", "5.7"), ER_CHANGE_CHANGED, NULL, "5");
    assert_string_equal(find(p.df, "indicators", "moved", "5.7")->text, "moved from top level to 5 (一)");
    expect(find(p.df, "indicators", "renumbered", "5.7.1"), ER_CHANGE_CHANGED, "2.1", "5.7.1");
    assert_null(find(p.df, "indicators", "moved", "5.7.1")); /* its parent's pair is its parent */
    expect(find(p.df, "indicators", "points", "5.7.1"), ER_CHANGE_CHANGED, "4", "1");
    assert_string_equal(find(p.df, "indicators", "renumbered", "5")->old_key, "1");
    assert_int_equal(er_diff_count_op(p.df, ER_CHANGE_ADDED), 0);
    assert_int_equal(er_diff_count_op(p.df, ER_CHANGE_REMOVED), 0);
    char *t = text_report(p.df, NULL);
    assert_non_null(strstr(t, "  ~ 5.7 服务文化: renumbered from 2; moved from top level to 5 (一); points 4 → 1\n"));
    free(t);
    done(&p);
}

static void test_ambiguous_labels_do_not_pair(void **state)
{
    (void)state;
    const char *o = "fact a : bool\nindicator 1 \"一\" { item 1.1 \"甲\" points 5 { pass when a } }\n";
    const char *n = "fact a : bool\nindicator 2 \"二\" { item 2.1 \"甲\" points 5 { pass when a }\n"
                    "  item 2.2 \"甲\" points 5 { pass when not a } }\n";
    pair p = compare(o, n);
    assert_null(find(p.df, "indicators", "renumbered", NULL));
    assert_non_null(find(p.df, "indicators", "removed", "1"));
    assert_non_null(find(p.df, "indicators", "added", "2"));
    done(&p);
}

static void test_item_becomes_indicator(void **state)
{
    (void)state;
    const char *o = "fact a : bool\nfact b : bool\n"
                    "indicator 1 \"一\" { item 1.1 \"商品信息\" points 5 { pass when a and b } }\n";
    const char *n = "fact a : bool\nfact b : bool\n"
                    "indicator 1 \"一\" { indicator 1.1 \"商品信息\" {\n"
                    "  item 1.1.1 \"说明\" points 3 { pass when a }\n"
                    "  item 1.1.2 \"标识\" points 2 { pass when b } } }\n";
    pair p = compare(o, n);
    const er_change *c = find(p.df, "indicators", "kind", "1.1");
    expect(c, ER_CHANGE_CHANGED, "item", "indicator");
    assert_string_equal(c->text, "now an indicator (was an item)");
    assert_null(find(p.df, "indicators", "scoring", "1.1"));
    assert_non_null(find(p.df, "indicators", "added", "1.1.1"));
    done(&p);
}

/* ---------------------------------------------------------------------- */
/* Facts, total, vetoes, rating, standard                                  */
/* ---------------------------------------------------------------------- */

static void test_fact_changes(void **state)
{
    (void)state;
    pair p = compare_edit("fact n : int range 0..\n", "fact n : decimal \"多少\" range 1..10 default 2\n");
    expect(find(p.df, "facts", "type", "n"), ER_CHANGE_CHANGED, "int", "decimal");
    expect(find(p.df, "facts", "range", "n"), ER_CHANGE_CHANGED, "0..", "1..10");
    expect(find(p.df, "facts", "default", "n"), ER_CHANGE_CHANGED, NULL, "2");
    expect(find(p.df, "facts", "question", "n"), ER_CHANGE_CHANGED, "", "多少");
    done(&p);

    p = compare_edit("fact m : enum { x, y }", "fact m : enum { x, y, z }");
    expect(find(p.df, "facts", "values", "m"), ER_CHANGE_CHANGED, "enum { x, y }", "enum { x, y, z }");
    done(&p);

    char *s = edit("fact d : int", "fact p : percent range 0%..100%\nfact d : int");
    char *t = edit("fact d : int", "fact q : date\nfact d : int");
    p = compare(s, t); /* p and q are unused: warnings only */
    free(s);
    free(t);
    expect(find(p.df, "facts", "removed", "p"), ER_CHANGE_REMOVED, "percent", NULL);
    expect(find(p.df, "facts", "added", "q"), ER_CHANGE_ADDED, NULL, "date");
    done(&p);
}

static void test_total_changes(void **state)
{
    (void)state;
    pair p = compare_edit("total { normalize to 100 deduct \"扣\" d round half_up to 0.1 }",
                          "total { normalize to 1000 deduct \"扣\" d cap 3 bonus \"加\" d round half_even to 1 }");
    expect(find(p.df, "total", "normalize", NULL), ER_CHANGE_CHANGED, "to 100", "to 1000");
    expect(find(p.df, "total", "deduct", "扣"), ER_CHANGE_CHANGED, "d", "d cap 3");
    assert_string_equal(find(p.df, "total", "deduct", "扣")->text, "deduct `d` → `d cap 3`");
    expect(find(p.df, "total", "adjustment", "加"), ER_CHANGE_ADDED, NULL, "bonus d");
    expect(find(p.df, "total", "rounding", NULL), ER_CHANGE_CHANGED, "half_up to 0.1", "half_even to 1");
    done(&p);

    /* without normalize the score is at most 20: lower the levels too */
    char *s = edit("total { normalize to 100 deduct \"扣\" d round half_up to 0.1 }", "total { }");
    char *t = edit_in(s, "level \"优\" at 90 level \"良\" at 60", "level \"优\" at 18 level \"良\" at 12");
    p = compare(base, t);
    free(s);
    free(t);
    expect(find(p.df, "total", "normalize", NULL), ER_CHANGE_CHANGED, "to 100", NULL);
    expect(find(p.df, "total", "adjustment", "扣"), ER_CHANGE_REMOVED, "deduct d", NULL);
    expect(find(p.df, "total", "rounding", NULL), ER_CHANGE_CHANGED, "half_up to 0.1", NULL);
    done(&p);
}

static void test_veto_changes(void **state)
{
    (void)state;
    pair p = compare_edit("veto \"扣满\" when d >= 5", "veto \"扣满\" when d >= 4");
    expect(find(p.df, "vetoes", "condition", "扣满"), ER_CHANGE_CHANGED, "d >= 5", "d >= 4");
    done(&p);

    p = compare_edit("veto \"扣满\" when d >= 5", "veto \"扣分满五项\" when d >= 5");
    expect(find(p.df, "vetoes", "message", "扣分满五项"), ER_CHANGE_CHANGED, "扣满", "扣分满五项");
    assert_int_equal(er_diff_count(p.df), 1);
    done(&p);

    p = compare_edit("veto \"扣满\" when d >= 5", "veto \"没有\" when not a");
    expect(find(p.df, "vetoes", "removed", "扣满"), ER_CHANGE_REMOVED, "d >= 5", NULL);
    expect(find(p.df, "vetoes", "added", "没有"), ER_CHANGE_ADDED, NULL, "not a");
    done(&p);
}

static void test_rating_changes(void **state)
{
    (void)state;
    pair p = compare_edit("rating { level \"优\" at 90 level \"良\" at 60 otherwise \"差\" }",
                          "rating { level \"优\" at 95 level \"中\" at 70 otherwise \"不合格\"\n"
                          "  cap \"中\" unless a because \"须有\" }");
    expect(find(p.df, "rating", "threshold", "优"), ER_CHANGE_CHANGED, "90", "95");
    assert_string_equal(find(p.df, "rating", "threshold", "优")->text, "at 90 → 95");
    expect(find(p.df, "rating", "level", "良"), ER_CHANGE_REMOVED, "60", NULL);
    expect(find(p.df, "rating", "level", "中"), ER_CHANGE_ADDED, NULL, "70");
    expect(find(p.df, "rating", "otherwise", NULL), ER_CHANGE_CHANGED, "差", "不合格");
    expect(find(p.df, "rating", "cap", "中"), ER_CHANGE_ADDED, NULL, "unless a because \"须有\"");
    done(&p);

    char *o = edit("otherwise \"差\" }", "otherwise \"差\" cap \"良\" unless a }");
    char *n = edit("otherwise \"差\" }", "otherwise \"差\" cap \"良\" unless not a }");
    p = compare(o, n);
    free(o);
    free(n);
    expect(find(p.df, "rating", "cap", "良"), ER_CHANGE_CHANGED, "unless a", "unless not a");
    done(&p);
}

static void test_standard_changes(void **state)
{
    (void)state;
    pair p = compare_edit("standard \"T 1-2020\" { title \"测试\" version \"1\" }",
                          "standard \"T 1-2024\" { title \"测试二\" effective 2024-01-01 }");
    expect(find(p.df, "standard", "code", NULL), ER_CHANGE_CHANGED, "T 1-2020", "T 1-2024");
    expect(find(p.df, "standard", "title", NULL), ER_CHANGE_CHANGED, "测试", "测试二");
    expect(find(p.df, "standard", "version", NULL), ER_CHANGE_CHANGED, "1", NULL);
    expect(find(p.df, "standard", "effective", NULL), ER_CHANGE_CHANGED, NULL, "2024-01-01");
    assert_int_equal(er_diff_count(p.df), 4);
    done(&p);
}

/* A range bounded by another fact, or on one side only, and a fact's type
 * changed from one enum to a type that is not one. */
static void test_fact_ranges_by_fact(void **state)
{
    (void)state;
    pair p = compare_edit("fact n : int range 0..\n", "fact n : int range d..\n");
    expect(find(p.df, "facts", "range", "n"), ER_CHANGE_CHANGED, "0..", "d..");
    done(&p);
    p = compare_edit("fact n : int range 0..\n", "fact n : int range ..d\n");
    expect(find(p.df, "facts", "range", "n"), ER_CHANGE_CHANGED, "0..", "..d");
    done(&p);
    p = compare_edit("fact n : int range 0..\n", "fact n : int\n");
    expect(find(p.df, "facts", "range", "n"), ER_CHANGE_CHANGED, "0..", NULL);
    done(&p);
    char *s = edit("fact d : int", "fact e : enum { u, v }\nfact d : int");
    char *t = edit("fact d : int", "fact e : int\nfact d : int");
    p = compare(s, t); /* e is unused: a warning only */
    free(s);
    free(t);
    expect(find(p.df, "facts", "type", "e"), ER_CHANGE_CHANGED, "enum { u, v }", "int");
    done(&p);
}

/* Without a standard block on either side, no change of it; NULL and out of
 * range arguments of the accessors; no rules to compare or replay. */
static void test_no_standard_and_null_arguments(void **state)
{
    (void)state;
    const char *plain = strchr(base, '\n') + 1;
    pair p = compare(plain, plain);
    assert_int_equal(er_diff_count(p.df), 0);
    assert_null(er_diff_change(p.df, 0));
    assert_null(er_diff_change(NULL, 0));
    assert_int_equal(er_diff_count(NULL), 0);
    assert_int_equal(er_diff_count_op(NULL, ER_CHANGE_ADDED), 0);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diff_report_text(m, p.df, NULL);
    fclose(m);
    assert_non_null(strstr(out, "Comparing (no standard) (old.rules)\n     with (no standard) (new.rules)\n"));
    assert_non_null(strstr(out, "No changes."));
    free(out);
    m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    assert_null(er_diff_rules(p.o, NULL, d));
    assert_null(er_replay_run(NULL, p.n, NULL, 0, d));
    assert_null(er_replay_run(p.o, p.n, NULL, 1, d));
    assert_int_equal(er_diag_errors(d), 3);
    fflush(m);
    assert_string_equal(out, "evalrules: error: no rules to compare\n"
                             "evalrules: error: no rules or audits to replay\n"
                             "evalrules: error: no rules or audits to replay\n");
    er_replay *rp = er_replay_run(p.o, p.n, NULL, 0, d);
    assert_non_null(rp);
    assert_int_equal(er_replay_count(rp), 0);
    assert_null(er_replay_entry_at(rp, 0));
    assert_null(er_replay_entry_at(NULL, 0));
    assert_int_equal(er_replay_count(NULL), 0);
    assert_int_equal(er_replay_count_status(NULL, ER_REPLAY_UNCHANGED), 0);
    er_replay_free(rp);
    er_diag_free(d);
    fclose(m);
    free(out);
    done(&p);
}

/* ---------------------------------------------------------------------- */
/* Reports                                                                 */
/* ---------------------------------------------------------------------- */

static void test_text_report_sections_and_summary(void **state)
{
    (void)state;
    char *s = edit("item 2.1 \"丙\" points 10 { pass when n >= 1 }", "item 2.1 \"丙丙\" points 10 { pass when n >= 2 }");
    char *t = malloc(strlen(s) + 64);
    strcpy(t, s);
    strcat(t, "veto \"无\" when not a\n");
    pair p = compare(base, t);
    free(s);
    free(t);
    char *out = text_report(p.df, NULL);
    assert_non_null(strstr(out, "Comparing T 1-2020 (old.rules)\n     with T 1-2020 (new.rules)\n"));
    assert_non_null(strstr(out, "\nIndicators\n  ~ 2.1 丙丙: relabelled from 丙; scoring `pass when n >= 1` → "
                                "`pass when n >= 2`\n"));
    assert_non_null(strstr(out, "\nVetoes\n  + 无 when `not a`"));
    assert_non_null(strstr(out, " added\n"));
    assert_non_null(strstr(out, "\n3 changes: 1 added, 0 removed, 2 changed\n"));
    free(out);
    done(&p);
}

static void test_json_report_schema(void **state)
{
    (void)state;
    pair p = compare_edit("level \"优\" at 90", "level \"优\" at 95");
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_int_equal(er_diff_report_json(m, p.df, NULL), 0);
    fclose(m);
    json_error_t err;
    json_t *j = json_loads(out, 0, &err);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "old"), "standard")), "T 1-2020");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "new"), "rules_file")), "new.rules");
    json_t *c = json_array_get(json_object_get(j, "changes"), 0);
    assert_string_equal(json_string_value(json_object_get(c, "op")), "~");
    assert_string_equal(json_string_value(json_object_get(c, "section")), "rating");
    assert_string_equal(json_string_value(json_object_get(c, "what")), "threshold");
    assert_string_equal(json_string_value(json_object_get(c, "key")), "优");
    assert_string_equal(json_string_value(json_object_get(c, "old")), "90");
    assert_string_equal(json_string_value(json_object_get(c, "new")), "95");
    assert_true(json_is_null(json_object_get(c, "label")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "summary"), "changed")), 1);
    assert_true(json_is_null(json_object_get(j, "replay")));
    json_decref(j);
    free(out);
    done(&p);
}

/* ---------------------------------------------------------------------- */
/* Replay                                                                  */
/* ---------------------------------------------------------------------- */

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
    static char paths[8][128];
    static int k;
    char *path = paths[k++ % 8];
    snprintf(path, 128, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int make_dir(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/test_diff.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_replay_lists_movers_biggest_first(void **state)
{
    (void)state;
    /* new edition: 1.2 worth more, a new fact c for a new item, a higher 优 */
    const char *n_text = "standard \"T 1-2024\"\n"
                         "fact a : bool\nfact n : int range 0..\nfact s : sample\nfact m : enum { x, y }\n"
                         "fact d : int range 0.. default 0\nfact c : bool\n"
                         "indicator 1 \"一\" {\n"
                         "  item 1.1 \"甲\" points 5 { pass when a }\n"
                         "  item 1.2 \"乙\" points 10 { ratio s }\n"
                         "  item 1.4 \"新\" points 5 { pass when c }\n"
                         "}\n"
                         "indicator 2 \"二\" points 10 {\n"
                         "  exclude when m == \"y\" because \"不适用\"\n"
                         "  item 2.1 \"丙\" points 10 { pass when n >= 1 }\n"
                         "}\n"
                         "total { normalize to 100 deduct \"扣\" d round half_up to 0.1 }\n"
                         "veto \"扣满\" when d >= 5\n"
                         "rating { level \"优\" at 95 level \"良\" at 60 otherwise \"差\" }\n";
    pair p = compare(base, n_text);
    const char *paths[5];
    /* old: 1.2 = 2.5 of 5 → 17.5/20 = 87.5 良; new: 5 + 5 + 5 + 10 = 25/30 → 83.3 良 */
    paths[0] = write_file("a.facts", "subject = \"甲公司\"\na = yes\nn = 2\ns = 1/2\nm = x\nc = yes\n");
    /* all full: 100 优 under both */
    paths[1] = write_file("b.facts", "subject = \"乙公司\"\na = yes\nn = 2\ns = 2/2\nm = x\nc = yes\n");
    /* old: 19.5/20 = 97.5 优; new: c = no, 5 + 9 + 0 + 10 = 24/30 = 80.0 良 */
    paths[2] = write_file("c.facts", "a = yes\nn = 2\ns = 9/10\nm = x\nc = no\n");
    /* c missing: not evaluable under the new edition */
    paths[3] = write_file("d.facts", "subject = \"丁公司\"\na = yes\nn = 2\ns = 1/2\nm = x\n");
    paths[4] = "/nonexistent/e.facts";
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    er_diag *d = er_diag_new(m);
    er_replay *rp = er_replay_run(p.o, p.n, paths, 5, d);
    assert_non_null(rp);
    assert_true(er_diag_io_failed(d));
    er_diag_free(d);
    fclose(m);
    assert_non_null(strstr(out, "cannot read '/nonexistent/e.facts'"));
    free(out);

    assert_int_equal(er_replay_count(rp), 5);
    const er_replay_entry *e = er_replay_entry_at(rp, 0);
    assert_string_equal(e->file, paths[2]); /* 97.5 → 80.0: -17.5, the biggest */
    assert_string_equal(e->subject, "");
    assert_int_equal(e->status, ER_REPLAY_LEVEL);
    assert_string_equal(e->old_side.score, "97.5");
    assert_string_equal(e->new_side.score, "80.0");
    assert_string_equal(e->old_side.rating, "优");
    assert_string_equal(e->new_side.rating, "良");
    assert_string_equal(e->delta, "-17.5");
    assert_int_equal(e->old_side.ignored, 1); /* c is not a fact of the old edition */
    assert_int_equal(e->new_side.ignored, 0);
    e = er_replay_entry_at(rp, 1);
    assert_string_equal(e->subject, "甲公司"); /* 87.5 → 83.3 */
    assert_int_equal(e->status, ER_REPLAY_SCORE);
    assert_string_equal(e->delta, "-4.2");
    e = er_replay_entry_at(rp, 2);
    assert_string_equal(e->subject, "乙公司");
    assert_int_equal(e->status, ER_REPLAY_UNCHANGED);
    assert_string_equal(e->delta, "0.0");
    e = er_replay_entry_at(rp, 3);
    assert_string_equal(e->subject, "丁公司");
    assert_int_equal(e->status, ER_REPLAY_NOT_EVALUABLE);
    assert_true(e->old_side.evaluated);
    assert_false(e->new_side.evaluated);
    assert_string_equal(e->new_side.reason, "missing fact c");
    assert_null(e->delta);
    e = er_replay_entry_at(rp, 4);
    assert_int_equal(e->status, ER_REPLAY_NOT_EVALUABLE);
    assert_non_null(strstr(e->old_side.reason, "cannot read"));
    assert_int_equal(er_replay_count_status(rp, ER_REPLAY_LEVEL), 1);
    assert_int_equal(er_replay_count_status(rp, ER_REPLAY_SCORE), 1);
    assert_int_equal(er_replay_count_status(rp, ER_REPLAY_UNCHANGED), 1);
    assert_int_equal(er_replay_count_status(rp, ER_REPLAY_NOT_EVALUABLE), 2);

    char *t = text_report(NULL, rp);
    assert_non_null(strstr(t, "  *   -17.5  97.5 → 80.0     优 → 良"));
    assert_non_null(strstr(t, "       -4.2  87.5 → 83.3     良"));
    assert_null(strstr(t, "乙公司")); /* unchanged: counted, not listed */
    assert_non_null(strstr(t, "  ! 丁公司 ("));
    assert_non_null(strstr(t, "not evaluable under T 1-2024: missing fact c"));
    assert_non_null(strstr(t, "5 audits replayed: 1 changes level, 1 changes score only, 1 unchanged, 2 not evaluable\n"));
    free(t);

    out = NULL;
    m = open_memstream(&out, &len);
    assert_int_equal(er_diff_report_json(m, p.df, rp), 0);
    fclose(m);
    json_error_t err;
    json_t *j = json_loads(out, 0, &err);
    assert_non_null(j);
    json_t *rj = json_object_get(j, "replay");
    json_t *a0 = json_array_get(json_object_get(rj, "audits"), 0);
    assert_string_equal(json_string_value(json_object_get(a0, "status")), "level");
    assert_string_equal(json_string_value(json_object_get(a0, "delta")), "-17.5");
    assert_string_equal(json_string_value(json_object_get(json_object_get(a0, "new"), "rating")), "良");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(rj, "summary"), "not_evaluable")), 2);
    json_decref(j);
    free(out);
    er_replay_free(rp);
    done(&p);
}

static void test_replay_reason_names_first_error(void **state)
{
    (void)state;
    pair p = compare(base, base);
    const char *paths[] = {write_file("bad.facts", "a = maybe\nn = -1\ns = 1/2\nm = x\n")};
    er_diag *d = er_diag_new(NULL);
    er_replay *rp = er_replay_run(p.o, p.n, paths, 1, d);
    assert_false(er_diag_io_failed(d));
    assert_int_equal(er_diag_errors(d), 0); /* the audit's errors are reasons, not the caller's */
    er_diag_free(d);
    const er_replay_entry *e = er_replay_entry_at(rp, 0);
    assert_int_equal(e->status, ER_REPLAY_NOT_EVALUABLE);
    assert_string_equal(e->old_side.reason, "expected yes or no for 'a' (bool), found 'maybe' (and 1 more error)");
    assert_string_equal(e->subject, "");
    char *t = text_report(NULL, rp);
    assert_non_null(strstr(t, "  ! "));
    assert_non_null(strstr(t, "bad.facts; not evaluable under either edition: expected yes or no"));
    free(t);
    er_replay_free(rp);
    done(&p);
}

/* Audit files whose names are not UTF-8 keep their names in the JSON:
 * U+FFFD in file (and in a reason that names the file), the exact bytes
 * percent-encoded in file_bytes (and reason_bytes). */
static void test_replay_json_file_name_not_utf8(void **state)
{
    (void)state;
    pair p = compare(base, base);
    char missing[128];
    snprintf(missing, sizeof missing, "%s/gone\xfe.facts", dir);
    const char *paths[] = {write_file("audit\xff.facts", "subject = \"某\"\na = yes\nn = 2\ns = 1/2\nm = x\n"),
                           missing};
    er_diag *d = er_diag_new(NULL);
    er_replay *rp = er_replay_run(p.o, p.n, paths, 2, d);
    er_diag_free(d);
    assert_non_null(rp);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_int_equal(er_diff_report_json(m, p.df, rp), 0);
    fclose(m);
    json_error_t err;
    json_t *j = json_loads(out, 0, &err); /* valid JSON, so valid UTF-8 */
    assert_non_null(j);
    json_t *audits = json_object_get(json_object_get(j, "replay"), "audits");
    json_t *a0 = json_array_get(audits, 0), *a1 = json_array_get(audits, 1);
    assert_string_equal(json_string_value(json_object_get(a0, "status")), "unchanged");
    char want[160];
    snprintf(want, sizeof want, "%s/audit\xEF\xBF\xBD.facts", dir);
    assert_string_equal(json_string_value(json_object_get(a0, "file")), want);
    snprintf(want, sizeof want, "%s/audit%%FF.facts", dir);
    assert_string_equal(json_string_value(json_object_get(a0, "file_bytes")), want);
    assert_string_equal(json_string_value(json_object_get(a1, "status")), "not_evaluable");
    snprintf(want, sizeof want, "%s/gone%%FE.facts", dir);
    assert_string_equal(json_string_value(json_object_get(a1, "file_bytes")), want);
    snprintf(want, sizeof want, "cannot read '%s/gone%%FE.facts': No such file or directory", dir);
    assert_string_equal(json_string_value(json_object_get(json_object_get(a1, "old"), "reason_bytes")), want);
    json_decref(j);
    free(out);
    er_replay_free(rp);
    done(&p);
}

/* ---------------------------------------------------------------------- */
/* Allocation failures                                                     */
/* ---------------------------------------------------------------------- */

static void test_out_of_memory_never_crashes(void **state)
{
    (void)state;
    char *s = edit("level \"优\" at 90", "level \"优\" at 95");
    pair p = {load("old.rules", base), load("new.rules", s), NULL};
    free(s);
    const char *paths[] = {write_file("oom.facts", "subject = \"某\"\na = yes\nn = 2\ns = 1/2\nm = x\n")};
    bool finished = false;
    for (long k = 0; k < 100000 && !finished; k++) {
        er_diag *d = er_diag_new(NULL);
        support_fail_from(k);
        er_diff *df = er_diff_rules(p.o, p.n, d);
        er_replay *rp = df ? er_replay_run(p.o, p.n, paths, 1, d) : NULL;
        support_fail_stop();
        finished = df && rp && er_replay_entry_at(rp, 0)->status == ER_REPLAY_UNCHANGED;
        er_replay_free(rp);
        er_diff_free(df);
        er_diag_free(d);
    }
    assert_true(finished);
    done(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_editions_have_no_changes),
        cmocka_unit_test(test_layout_and_comments_are_not_changes),
        cmocka_unit_test(test_item_added_and_removed),
        cmocka_unit_test(test_added_indicator_is_one_change_with_its_items),
        cmocka_unit_test(test_item_moved_to_another_indicator),
        cmocka_unit_test(test_relabelled_and_points),
        cmocka_unit_test(test_scoring_kind_and_text),
        cmocka_unit_test(test_exclusion_changed_added_removed),
        cmocka_unit_test(test_renumbered_by_label_and_moved),
        cmocka_unit_test(test_ambiguous_labels_do_not_pair),
        cmocka_unit_test(test_item_becomes_indicator),
        cmocka_unit_test(test_fact_changes),
        cmocka_unit_test(test_fact_ranges_by_fact),
        cmocka_unit_test(test_no_standard_and_null_arguments),
        cmocka_unit_test(test_total_changes),
        cmocka_unit_test(test_veto_changes),
        cmocka_unit_test(test_rating_changes),
        cmocka_unit_test(test_standard_changes),
        cmocka_unit_test(test_text_report_sections_and_summary),
        cmocka_unit_test(test_json_report_schema),
        cmocka_unit_test(test_replay_lists_movers_biggest_first),
        cmocka_unit_test(test_replay_reason_names_first_error),
        cmocka_unit_test(test_replay_json_file_name_not_utf8),
        cmocka_unit_test(test_out_of_memory_never_crashes),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
