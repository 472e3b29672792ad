/* test_html.c — the HTML report (report_html.c): self-contained (no script,
 * nothing fetched), everything from the rules and the facts escaped, the
 * fixed wording in the language asked for, formulas and file lines only for
 * the auditor. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalrules.h"
#include "html.h"

static const char hostile_rules[] =
    "fact ok : bool \"q<b>\\\"'\\n\"\n"
    "indicator 1 \"测<script>alert(1)</script>\\n试\" {\n"
    "  english \"</title><script>x</script>\"\n"
    "  item 1.1 \"符合\\t性\x01\" points 10 { text \"要求 'x' & <i>\" pass when ok }\n"
    "  item 1.2 \"二\" points 5 { excludable pass when ok }\n"
    "}\n"
    "total { normalize to 100 deduct \"扣<s>\" 1 round half_up to 0.1 }\n"
    "veto \"否<决>\\nLevel  五星级\" when not ok\n"
    "rating { level \"达<标>\" at 70 otherwise \"未\\n达标\" }\n";
static const char hostile_facts[] = "subject = \"甲<script>x</script>\\nLevel  五星级\xe2\x80\xa8\"\n"
                                    "ok = no\n"
                                    "exclude 1.2 \"理由<img src=x onerror=alert(1)>\\n伪造\"\n";

/* The HTML report of rules and facts given as text (the caller frees it). */
static char *html_of(const char *rules_text, const char *facts_text, const er_report_opts *o)
{
    er_diag *d = er_diag_new(NULL);
    er_rules *r = er_rules_load_string("t.rules", rules_text, strlen(rules_text), d);
    assert_non_null(r);
    er_facts *f = er_facts_load_string(r, "t.facts", facts_text, strlen(facts_text), d);
    assert_non_null(f);
    er_result *res = er_eval(r, f, d);
    assert_non_null(res);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_non_null(m);
    assert_int_equal(er_report_html(m, res, o), 0);
    fclose(m);
    er_result_free(res);
    er_facts_free(f);
    er_rules_free(r);
    er_diag_free(d);
    return buf;
}

static char *file_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, m);
    fclose(m);
    fclose(f);
    return buf;
}

/* Nothing runs and nothing is fetched: every tag is one the report writes,
 * no tag has an attribute that loads or runs anything, no URL, no control
 * character but the newline. */
static void assert_self_contained(const char *html)
{
    static const char *const tags[] = {"!DOCTYPE", "html", "head", "meta",  "title",  "style", "body",
                                       "header",   "p",    "h1",   "h2",    "h3",     "dl",    "dt",
                                       "dd",       "section", "div", "span", "br",    "svg",   "text",
                                       "rect",     "table", "thead", "tbody", "tr",   "th",    "td",
                                       "article",  "ul",   "li",   "code",  "strong", "footer"};
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        const char *name = p + 1 + (p[1] == '/');
        size_t len = strcspn(name, " >/\n");
        bool known = false;
        for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
            known |= strlen(tags[i]) == len && strncmp(name, tags[i], len) == 0;
        if (!known)
            fail_msg("the HTML has a tag <%.*s>", (int)len, name);
        const char *end = strchr(p, '>');
        assert_non_null(end);
        char tag[512];
        snprintf(tag, sizeof tag, "%.*s", (int)(end - p), p);
        if (strstr(tag, " on") || strstr(tag, "src=") || strstr(tag, "href=") || strstr(tag, "url("))
            fail_msg("the HTML has a tag that loads or runs something: %s", tag);
    }
    static const char *const banned[] = {"http:", "https:", "url(", "@import"};
    for (size_t i = 0; i < sizeof banned / sizeof banned[0]; i++)
        if (strstr(html, banned[i]))
            fail_msg("the HTML holds '%s'", banned[i]);
    for (const unsigned char *p = (const unsigned char *)html; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
            fail_msg("the HTML holds the control character 0x%02X", *p);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "</html>\n"));
}

static void test_hostile_text_is_escaped(void **state)
{
    (void)state;
    for (int audience = ER_AUDIENCE_AUDITOR; audience <= ER_AUDIENCE_ENTERPRISE; audience++)
        for (int lang = ER_LANG_EN; lang <= ER_LANG_ZH; lang++) {
            er_report_opts o = {.lang = (er_lang)lang, .audience = (er_audience)audience, .date = "<d>"};
            char *html = html_of(hostile_rules, hostile_facts, &o);
            assert_self_contained(html);
            assert_non_null(strstr(html, "甲&lt;script&gt;x&lt;/script&gt;\\nLevel  五星级\\u2028"));
            if (audience == ER_AUDIENCE_AUDITOR || lang == ER_LANG_ZH) /* else the english label */
                assert_non_null(strstr(html, "测&lt;script&gt;alert(1)&lt;/script&gt;\\n试"));
            assert_non_null(strstr(html, "符合\\t性\\x01"));
            assert_non_null(strstr(html, "否&lt;决&gt;\\nLevel  五星级"));
            assert_non_null(strstr(html, "理由&lt;img src=x onerror=alert(1)&gt;\\n伪造"));
            assert_non_null(strstr(html, "&lt;d&gt;"));
            if (audience == ER_AUDIENCE_ENTERPRISE && lang == ER_LANG_EN)
                assert_non_null(strstr(html, "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;"));
            free(html);
        }
}

static void test_examples_self_contained(void **state)
{
    (void)state;
    static const char *const names[] = {"capped", "first-five-star", "five-star", "four-star",
                                        "standard", "three-star", "unrated", "vetoed"};
    char *rules = file_text(ERI_SOURCE_DIR "/rules/gbt27922.rules");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, ERI_SOURCE_DIR "/examples/%s.facts", names[i]);
        char *facts = file_text(path);
        er_report_opts o = {.lang = ER_LANG_ZH};
        char *html = html_of(rules, facts, &o);
        assert_self_contained(html);
        assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
        assert_non_null(strstr(html, "<svg"));
        free(html);
        free(facts);
    }
    free(rules);
}

/* The enterprise sees no formula and no file line; the auditor sees both. */
static void test_audience(void **state)
{
    (void)state;
    const char *rules = "fact n : int \"人数\"\n"
                        "indicator 1 \"甲\" { item 1.1 \"乙\" points 10 { score min(points, n) } }\n"
                        "total { normalize to 100 round half_up to 0.1 }\n"
                        "rating { level \"达标\" at 70 }\n";
    er_report_opts ent = {.lang = ER_LANG_ZH, .audience = ER_AUDIENCE_ENTERPRISE};
    er_report_opts aud = {.lang = ER_LANG_ZH, .audience = ER_AUDIENCE_AUDITOR};
    char *e = html_of(rules, "n = 7\n", &ent), *a = html_of(rules, "n = 7\n", &aud);
    assert_null(strstr(e, "min(points, n)"));
    assert_null(strstr(e, "t.rules:"));
    assert_null(strstr(e, "t.facts:"));
    assert_non_null(strstr(e, "人数"));
    assert_non_null(strstr(e, "按审核证据计算得 7 分。"));
    assert_non_null(strstr(a, "min(points, n)"));
    assert_non_null(strstr(a, "t.rules:2"));
    assert_non_null(strstr(a, "t.facts:1"));
    free(e);
    free(a);
}

/* The fixed wording follows --lang; the headline holds the score and level. */
static void test_language(void **state)
{
    (void)state;
    const char *rules = "fact ok : bool\n"
                        "indicator 1 \"甲\" { english \"First\" item 1.1 \"乙\" points 10 { pass when ok } }\n"
                        "total { normalize to 100 round half_up to 0.1 }\n"
                        "rating { level \"达标\" at 70 }\n";
    er_report_opts zh = {.lang = ER_LANG_ZH}, en = {.lang = ER_LANG_EN};
    char *z = html_of(rules, "ok = yes\n", &zh), *e = html_of(rules, "ok = yes\n", &en);
    assert_non_null(strstr(z, "<span class=\"k\">得分</span><span class=\"v\" id=\"score\">100.0</span>"));
    assert_non_null(strstr(z, "id=\"level\">达标</span>"));
    assert_non_null(strstr(z, "已达最高级别。"));
    assert_null(strstr(z, "Score"));
    assert_non_null(strstr(e, "<span class=\"k\">Score</span>"));
    assert_non_null(strstr(e, "1 First"));
    assert_null(strstr(e, "得分"));
    free(z);
    free(e);
}


/* A stacked bar chart: rows of 1000 and 1, and an empty row. */
static const unsigned long long stack_values[3][3] = {{998, 1, 1}, {0, 1, 0}, {0, 0, 0}};
static const char *stack_row(const void *ctx, size_t row)
{
    (void)ctx;
    static const char *const names[] = {"甲", "乙<", "丙"};
    return names[row];
}
static const char *stack_part(const void *ctx, size_t part)
{
    (void)ctx;
    static const char *const names[] = {"A", "B", "C"};
    return names[part];
}
static unsigned long long stack_value(const void *ctx, size_t row, size_t part)
{
    (void)ctx;
    return stack_values[row][part];
}
static void stack_text(const void *ctx, size_t row, size_t part, char *buf, size_t cap)
{
    (void)ctx;
    snprintf(buf, cap, "%llu", stack_values[row][part]);
}

/* A part too narrow for its number leaves it out of the bar (still in its
 * title); a row of nothing is an empty bar; a bar against no maximum is 0. */
static void test_stacked_and_bars(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    assert_non_null(m);
    eri_html_stack st = {"t", 3, 3, NULL, stack_row, stack_part, stack_value, stack_text};
    eri_html_stacked(m, &st);
    fclose(m);
    assert_non_null(strstr(out, ">998</text>"));           /* wide enough: shown */
    assert_non_null(strstr(out, "<title>B: 1</title></rect>\n")); /* 1 of 1000: too narrow for its text */
    assert_non_null(strstr(out, "<title>B: 1</title></rect><text")); /* 1 of 1: wide enough */
    assert_non_null(strstr(out, "乙&lt;"));
    assert_non_null(strstr(out, "<rect class=\"bg\""));    /* the empty row */
    free(out);
    char buf[16];
    assert_string_equal(eri_html_bar(buf, sizeof buf, eri_num_int(3), ERI_NUM_ZERO, 100), "0");
    assert_string_equal(eri_html_bar(buf, sizeof buf, eri_num_int(1), eri_num_int(3), 100), "33.3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_text_is_escaped),
        cmocka_unit_test(test_examples_self_contained),
        cmocka_unit_test(test_audience),
        cmocka_unit_test(test_language), cmocka_unit_test(test_stacked_and_bars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
