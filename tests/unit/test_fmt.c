/* test_fmt.c — unit tests for the formatter (fmt.c, fmt_rules.c, fmt_facts.c: er_format).
 *
 * Most tests are before → after pairs.  Every pair is also checked to be a
 * fixed point (formatting the result changes nothing) and, for rules, to
 * mean the same: the syntax tree printed by eri_ast_dump is the same before
 * and after.  The bundled rules and example facts files are checked the
 * same way, the facts by evaluating them before and after.  The token
 * interface the rules layout reads (tokens.h) is tested here too. */
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
#include "evalrules.h"
#include "evalrules_tools.h"
#include "parse.h"
#include "source.h"
#include "tokens.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct formatted {
    char *text;  /* NULL when er_format refused */
    size_t len;
    char *diag;  /* what was reported */
    size_t diaglen;
    unsigned errors;
} formatted;

static formatted run_n(er_fmt_kind kind, const char *name, const char *in, size_t len)
{
    formatted r = {0};
    FILE *m = open_memstream(&r.diag, &r.diaglen);
    assert_non_null(m);
    er_diag *d = er_diag_new(m);
    assert_non_null(d);
    r.text = er_format(kind, name, in, len, &r.len, d);
    r.errors = er_diag_errors(d);
    er_diag_free(d);
    fclose(m);
    return r;
}

static formatted run(er_fmt_kind kind, const char *in)
{
    return run_n(kind, kind == ER_FMT_RULES ? "t.rules" : "t.facts", in, strlen(in));
}

static void release(formatted *r)
{
    er_fmt_free(r->text);
    free(r->diag);
}

/* The syntax tree of a rules text, printed (the caller frees it). */
static char *tree(const char *text, size_t len)
{
    char *out = NULL;
    size_t outlen = 0;
    FILE *m = open_memstream(&out, &outlen);
    er_diag *d = er_diag_new(NULL);
    eri_source *src = eri_source_from_string("t.rules", text, len);
    eri_arena *a = eri_arena_new();
    assert_true(m && d && src && a);
    eri_decl *ast = NULL;
    assert_int_equal(eri_parse(src, a, d, &ast), 0);
    eri_ast_dump(m, ast);
    fclose(m);
    eri_arena_free(a);
    eri_source_free(src);
    er_diag_free(d);
    return out;
}

/* Formatting out again gives out; for rules, out means what in meant. */
static void settled(er_fmt_kind kind, const char *in, size_t inlen, const char *out, size_t outlen)
{
    formatted again = run_n(kind, "t", out, outlen);
    if (!again.text || again.len != outlen || memcmp(again.text, out, outlen) != 0)
        fail_msg("not a fixed point; formatting\n%s\ngave\n%s", out, again.text ? again.text : again.diag);
    release(&again);
    if (kind == ER_FMT_RULES) {
        char *before = tree(in, inlen), *after = tree(out, outlen);
        if (strcmp(before, after) != 0)
            fail_msg("the meaning changed:\n%s\nbecame\n%s", before, after);
        free(before);
        free(after);
    }
}

static void formats_n(er_fmt_kind kind, const char *in, size_t len, const char *expected)
{
    formatted r = run_n(kind, "t", in, len);
    if (!r.text)
        fail_msg("refused:\n%s\n%s", in, r.diag);
    if (strcmp(r.text, expected) != 0 || r.len != strlen(expected))
        fail_msg("formatting\n%s\nexpected\n%s\ngot\n%s", in, expected, r.text);
    assert_int_equal(r.errors, 0);
    settled(kind, in, len, r.text, r.len);
    release(&r);
}

static void rules_as(const char *in, const char *expected) { formats_n(ER_FMT_RULES, in, strlen(in), expected); }
static void facts_as(const char *in, const char *expected) { formats_n(ER_FMT_FACTS, in, strlen(in), expected); }
/* Already canonical. */
static void rules_kept(const char *in) { rules_as(in, in); }
static void facts_kept(const char *in) { facts_as(in, in); }

static void refused(er_fmt_kind kind, const char *in, const char *expected_headers)
{
    formatted r = run(kind, in);
    if (r.text)
        fail_msg("expected errors for\n%s\nbut it formatted as\n%s", in, r.text);
    char *h = headers(r.diag);
    if (strcmp(h, expected_headers) != 0)
        fail_msg("expected the diagnostics\n%s\nbut got\n%s", expected_headers, r.diag);
    free(h);
    release(&r);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        text = realloc(text, cap = cap * 2 + 4096);
        assert_non_null(text);
        size_t got = fread(text + *len, 1, cap - *len - 1, f);
        *len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    text[*len] = '\0';
    return text;
}

/* A file of the source tree, found from this file's path. */
static char *source_file(const char *rel, size_t *len)
{
    char path[4096];
    const char *here = __FILE__, *cut = strstr(here, "tests/unit/test_fmt.c");
    assert_non_null(cut);
    snprintf(path, sizeof path, "%.*s%s", (int)(cut - here), here, rel);
    char *text = slurp(path, len);
    if (!text)
        fail_msg("cannot read %s", path);
    return text;
}

/* ---------------------------------------------------------------------- */
/* Rules: statements, blocks, spacing                                      */
/* ---------------------------------------------------------------------- */

static void test_one_statement_a_line(void **state)
{
    (void)state;
    rules_as("indicator 5 \"服务\" { item 5.1 \"管理\" points 2 { text \"要求\" pass when yes } "
             "item 5.2 \"记录\" points 3 { ratio r } }\n",
             "indicator 5 \"服务\" {\n"
             "  item 5.1 \"管理\" points 2 {\n"
             "    text \"要求\"\n"
             "    pass when yes\n"
             "  }\n"
             "  item 5.2 \"记录\" points 3 {\n"
             "    ratio r\n"
             "  }\n"
             "}\n");
}

static void test_indentation_is_two_spaces_a_level(void **state)
{
    (void)state;
    rules_as("indicator 5 \"a\" {\n"
             "\tindicator 5.1 \"b\" {\n"
             "\t\t\tindicator 5.1.1 \"c\" {\n"
             "indicator 5.1.1.1 \"d\" {\n"
             "        indicator 5.1.1.1.1 \"e\" {\n"
             " item 5.1.1.1.1.1 \"f\" points 1 { pass when yes }\n"
             "}}}}}\n",
             "indicator 5 \"a\" {\n"
             "  indicator 5.1 \"b\" {\n"
             "    indicator 5.1.1 \"c\" {\n"
             "      indicator 5.1.1.1 \"d\" {\n"
             "        indicator 5.1.1.1.1 \"e\" {\n"
             "          item 5.1.1.1.1.1 \"f\" points 1 {\n"
             "            pass when yes\n"
             "          }\n"
             "        }\n"
             "      }\n"
             "    }\n"
             "  }\n"
             "}\n");
}

static void test_brace_joins_the_header(void **state)
{
    (void)state;
    rules_as("item 5.1 \"a\" points 2\n{\n  pass when yes\n}\n",
             "item 5.1 \"a\" points 2 {\n  pass when yes\n}\n");
    rules_as("standard \"T/A\" { }\nrating {}\n", "standard \"T/A\" {}\nrating {}\n");
}

static void test_spaces_around_operators_and_after_commas(void **state)
{
    (void)state;
    rules_as("let need=max( 1 ,ceil( m*10% ) )\n"
             "let b = not(a)and(c<=1 or d!=2)\n"
             "let c = if a>=1 then-x else - (y)\n",
             "let need = max(1, ceil(m * 10%))\n"
             "let b = not (a) and (c <= 1 or d != 2)\n"
             "let c = if a >= 1 then -x else -(y)\n");
}

static void test_signs_fractions_and_ranges(void **state)
{
    (void)state;
    rules_as("fact d : decimal range -5.5 .. -1 default -2\n"
             "fact p : percent range 0% .. 100%\n"
             "fact n : int range ..10\n"
             "fact m : int range 1 .. default 3\n"
             "fact s : sample default 18/20\n"
             "let f = 1 / 3 + a/3/4 + 2*1/3 - x/1/3 + - - 2\n",
             "fact d : decimal range -5.5..-1 default -2\n"
             "fact p : percent range 0%..100%\n"
             "fact n : int     range ..10\n"
             "fact m : int     range 1.. default 3\n"
             "fact s : sample  default 18/20\n"
             "let f = 1/3 + a / 3 / 4 + 2 * 1 / 3 - x / 1 / 3 + --2\n");
}

/* The parser keeps a signed literal's or a sample's text with the blanks
 * inside it; the formatter closes them up.  The values stay the same. */
static void test_spaced_literals_close_up(void **state)
{
    (void)state;
    const char *in = "fact d : decimal range - 5.5..-1 default - 2%\nfact s : sample default 18 / 20\n";
    const char *out = "fact d : decimal range -5.5..-1 default -2%\nfact s : sample  default 18/20\n";
    formatted r = run(ER_FMT_RULES, in);
    assert_non_null(r.text);
    assert_string_equal(r.text, out);
    settled(ER_FMT_RULES, out, strlen(out), r.text, r.len);
    char *before = tree("fact d : decimal range -5.5..-1 default -2%\nfact s : sample default 18/20\n", 74);
    char *after = tree(r.text, r.len);
    assert_string_equal(before, after);
    free(before);
    free(after);
    release(&r);
}

static void test_literals_are_copied_as_written(void **state)
{
    (void)state;
    rules_kept("let a = 5.0 + 05 + 10% + 12.50%\n"
               "let b = if true then yes else false\n"
               "let c = \"引号\\\"和\\\\反斜杠\\t\"\n"
               "let d = days_between(2024-02-29, 2026-01-01)\n"
               "let e = earned(5.1.2.2) + points(5.1)\n");
}

static void test_calls_and_keyword_calls(void **state)
{
    (void)state;
    rules_as("let a = round ( x , 0.1 ) + points ( 5.1 ) + min ( )\n",
             "let a = round(x, 0.1) + points(5.1) + min()\n");
}

/* ---------------------------------------------------------------------- */
/* Rules: alignment                                                        */
/* ---------------------------------------------------------------------- */

static void test_facts_align_in_columns_by_display_width(void **state)
{
    (void)state;
    rules_as("fact staff.managers:int \"管理人员\" range 0..\n"
             "fact a : sample \"抽样\"\n"
             "fact survey.satisfaction : percent \"满意度\"\n"
             "fact flag : bool\n",
             "fact staff.managers      : int     \"管理人员\" range 0..\n"
             "fact a                   : sample  \"抽样\"\n"
             "fact survey.satisfaction : percent \"满意度\"\n"
             "fact flag                : bool\n");
}

static void test_alignment_groups_break_at_blank_and_comment_lines(void **state)
{
    (void)state;
    rules_as("fact a : int \"甲\"\nfact bbbb : bool \"乙\"\n\n"
             "fact cc : percent \"丙\"\n# 注释\nfact d : int \"丁\"\n"
             "let x = 1\nfact eeeee : date \"戊\"\n",
             "fact a    : int  \"甲\"\nfact bbbb : bool \"乙\"\n\n"
             "fact cc : percent \"丙\"\n# 注释\nfact d : int \"丁\"\n"
             "let x = 1\nfact eeeee : date \"戊\"\n");
}

static void test_enum_fact_label_on_its_own_line(void **state)
{
    (void)state;
    /* the author's break before the label is kept; the label lines up
     * under the type, and this fact's type does not widen the column */
    rules_as("fact delivery.mode : enum { own, contracted, none }\n"
             "    \"配送方式\"\n"
             "fact delivery.ontime : sample \"按时\"\n"
             "fact d : bool \"规范\"\n",
             "fact delivery.mode   : enum { own, contracted, none }\n"
             "                       \"配送方式\"\n"
             "fact delivery.ontime : sample \"按时\"\n"
             "fact d               : bool   \"规范\"\n");
    rules_as("fact m : enum{a,\"b c\"}\"方式\"\n", "fact m : enum { a, \"b c\" } \"方式\"\n");
}

static void test_metadata_keys_align(void **state)
{
    (void)state;
    rules_as("standard \"GB/T 27922-2011\" {\ntitle \"商品售后服务评价体系\"\n"
             "effective 2012-02-01\n  replaces \"SB/T 10401-2006\" note \"注\" }\n",
             "standard \"GB/T 27922-2011\" {\n"
             "  title     \"商品售后服务评价体系\"\n"
             "  effective 2012-02-01\n"
             "  replaces  \"SB/T 10401-2006\"\n"
             "  note      \"注\"\n"
             "}\n");
}

static void test_total_rating_and_tiers_align(void **state)
{
    (void)state;
    rules_as("total { normalize to 100 deduct \"特别扣分项（每项扣1分）\" d "
             "bonus \"特别加分项（至多1分）\" b cap 1 round half_up to 0.1 }\n"
             "rating { level \"五星级\" at 95 level \"达标\" at 70 otherwise \"未达标\" }\n"
             "item 5 \"g\" points 2 { grade p { >= 95%: 100% >= 5%: 50% > 1% : 10% otherwise 0 } }\n",
             "total {\n"
             "  normalize to 100\n"
             "  deduct \"特别扣分项（每项扣1分）\" d\n"
             "  bonus  \"特别加分项（至多1分）\"   b cap 1\n"
             "  round half_up to 0.1\n"
             "}\n"
             "rating {\n"
             "  level \"五星级\" at 95\n"
             "  level \"达标\"   at 70\n"
             "  otherwise \"未达标\"\n"
             "}\n"
             "item 5 \"g\" points 2 {\n"
             "  grade p {\n"
             "    >= 95% : 100%\n"
             "    >= 5%  : 50%\n"
             "    > 1%   : 10%\n"
             "    otherwise 0\n"
             "  }\n"
             "}\n");
}

/* ---------------------------------------------------------------------- */
/* Rules: the author's line breaks, the standard's text                    */
/* ---------------------------------------------------------------------- */

static void test_concatenated_strings_one_a_line(void **state)
{
    (void)state;
    rules_as("item 5 \"a\" points 1 {\n"
             "text \"售后服务资金充足，\" \"并为特定问题准备专项资金。\"\n"
             "  \"（赔偿准备金）\"\n"
             "  pass when yes\n}\n",
             "item 5 \"a\" points 1 {\n"
             "  text \"售后服务资金充足，\"\n"
             "       \"并为特定问题准备专项资金。\"\n"
             "       \"（赔偿准备金）\"\n"
             "  pass when yes\n}\n");
    rules_as("veto \"特别扣分项\" \"达5项\" when d >= 5\n",
             "veto \"特别扣分项\"\n     \"达5项\" when d >= 5\n");
}

static void test_continuation_lines_up_after_the_keyword(void **state)
{
    (void)state;
    rules_as("item 5 \"a\" points 5 {\n"
             "    score (if a then 2 else 0) + (if b then 1 else 0)\n"
             "  + (if c then 2 else 0)\n"
             "pass when a and\n"
             "        b\n"
             "}\n"
             "rating {\n"
             "cap \"达标\" unless days_between(x, y) >= 365 or score >= 95\n"
             "because \"评为星级须保持一年以上\"\n"
             "}\n",
             "item 5 \"a\" points 5 {\n"
             "  score (if a then 2 else 0) + (if b then 1 else 0)\n"
             "        + (if c then 2 else 0)\n"
             "  pass when a and\n"
             "       b\n"
             "}\n"
             "rating {\n"
             "  cap \"达标\" unless days_between(x, y) >= 365 or score >= 95\n"
             "      because \"评为星级须保持一年以上\"\n"
             "}\n");
}

static void test_weighting_schemes(void **state)
{
    (void)state;
    rules_as("scheme ahp_top \"一级指标\" for \"GB/T 27922-2011\" { pairwise { 5.1 : 5.2 = 1  "
             "5.1:5.3 = 1 / 2 } pairwise 5.1 { 5.1.1 : 5.1.2 = 3 } 5.1 points 30 5.2 points 2.5 }\n",
             "scheme ahp_top \"一级指标\" for \"GB/T 27922-2011\" {\n"
             "  pairwise {\n"
             "    5.1 : 5.2 = 1\n"
             "    5.1 : 5.3 = 1/2\n"
             "  }\n"
             "  pairwise 5.1 {\n"
             "    5.1.1 : 5.1.2 = 3\n"
             "  }\n"
             "  5.1 points 30\n"
             "  5.2 points 2.5\n"
             "}\n");
}

static void test_long_lines_are_not_wrapped(void **state)
{
    (void)state;
    rules_kept("let x = aaaaaaaaaa + bbbbbbbbbb + cccccccccc + dddddddddd + eeeeeeeeee + ffffffffff + "
               "gggggggggg + hhhhhhhhhh + iiiiiiiiii\n");
}

/* ---------------------------------------------------------------------- */
/* Rules: comments and blank lines                                         */
/* ---------------------------------------------------------------------- */

static void test_comments_everywhere(void **state)
{
    (void)state;
    rules_as("# 文件头   \n"
             "\n\n\n"
             "indicator 5 \"x\" points 2 # 头\n"
             "{ # 括号后\n"
             "      # 第一条之前\n"
             "\n"
             "  item 5.1 \"y\" points 2 { pass when a and # 条件中\n"
             "# 续行之前\n"
             "  b # 行尾\n"
             "# 闭括号之前\n"
             "\n"
             "}\n"
             "}   # 闭括号后\n"
             "\n\n"
             "# 文件尾\n\n\n",
             "# 文件头\n"
             "\n"
             "indicator 5 \"x\" points 2 { # 头\n"
             "  # 括号后\n"
             "  # 第一条之前\n"
             "\n"
             "  item 5.1 \"y\" points 2 {\n"
             "    pass when a and # 条件中\n"
             "         # 续行之前\n"
             "         b # 行尾\n"
             "    # 闭括号之前\n"
             "  }\n"
             "} # 闭括号后\n"
             "\n"
             "# 文件尾\n");
}

static void test_comments_before_a_brace_move_inside_in_order(void **state)
{
    (void)state;
    rules_as("item 5 \"x\" points 1 # 一\n# 二\n{ # 三\npass when yes }\n",
             "item 5 \"x\" points 1 { # 一\n  # 二\n  # 三\n  pass when yes\n}\n");
    rules_as("item 5 \"x\" points 1\n# 一\n{ # 二\n}\n", "item 5 \"x\" points 1 {\n  # 一\n  # 二\n}\n");
}

static void test_comments_keep_their_bytes(void **state)
{
    (void)state;
    /* tabs, several spaces and odd characters inside a comment are its own */
    rules_as("let a = 1 #\tx  y ## \"z\" { }\n#!#\n#\n", "let a = 1 #\tx  y ## \"z\" { }\n#!#\n#\n");
}

static void test_trailing_comments_of_consecutive_lines_align(void **state)
{
    (void)state;
    rules_as("total {\n  normalize to 100      # 满分\n  round half_up to 0.1 # 一位\n"
             "  deduct \"扣\" d\n}\n",
             "total {\n  normalize to 100     # 满分\n  round half_up to 0.1 # 一位\n"
             "  deduct \"扣\" d\n}\n");
}

static void test_blank_lines_collapse_and_vanish_at_braces(void **state)
{
    (void)state;
    rules_as("\n\nlet a = 1\n\n\n\nlet b = 2\nindicator 5 \"x\" {\n\n\n  item 5.1 \"y\" points 1 {\n\n"
             "    pass when\n\n  yes\n\n  }\n\n}\n\n",
             "let a = 1\n\nlet b = 2\nindicator 5 \"x\" {\n  item 5.1 \"y\" points 1 {\n"
             "    pass when\n         yes\n  }\n}\n");
}

static void test_empty_and_comment_only_files(void **state)
{
    (void)state;
    rules_as("", "");
    rules_as("\n \n\t\n", "");
    rules_as("  # 只有注释", "# 只有注释\n");
}

/* ---------------------------------------------------------------------- */
/* Rules: line endings, tabs, errors                                       */
/* ---------------------------------------------------------------------- */

static void test_crlf_tabs_and_no_final_newline(void **state)
{
    (void)state;
    rules_as("fact a :\tint \"甲\"  # 注\r\n\r\nitem 5 \"x\" points 1 {\r\n\tpass when a > 1\r\n}", 
             "fact a : int \"甲\" # 注\n\nitem 5 \"x\" points 1 {\n  pass when a > 1\n}\n");
}

static void test_syntax_errors_are_reported_not_formatted(void **state)
{
    (void)state;
    refused(ER_FMT_RULES,
            "fact a : int \"甲\"\nitem 5 \"x\" points { pass when a }\nlet b = 1 +\n",
            "t.rules:2:19: error: unexpected '{', expecting number or percentage or '-'\n"
            "t.rules:3:12: error: unexpected end of file\n");
    refused(ER_FMT_RULES, "let a = 1 ＋ 2\n",
            "t.rules:1:11: error: stray '＋' in rules; names are ASCII letters, digits, '_' and '.', "
            "and text goes in \"strings\"\n"
            "t.rules:1:13: error: unexpected number\n");
}

/* ---------------------------------------------------------------------- */
/* Facts files                                                             */
/* ---------------------------------------------------------------------- */

static void test_facts_layout(void **state)
{
    (void)state;
    facts_as("\xEF\xBB\xBF\n\n  # 审核记录  \nsubject   \"某某电器有限公司\"\r\n\n\n"
             "org.department=yes\n"
             "staff.managers   =   46   # 人事部名册\r\n"
             "survey.satisfaction = 93.5%\n"
             "\texclude   5.2.3   \"不提供配送\"# 删减\n"
             "\n# 尾注\n\n",
             "# 审核记录\n"
             "subject = \"某某电器有限公司\"\n"
             "\n"
             "org.department      = yes\n"
             "staff.managers      = 46    # 人事部名册\n"
             "survey.satisfaction = 93.5%\n"
             "exclude 5.2.3 \"不提供配送\"  # 删减\n"
             "\n"
             "# 尾注\n");
}

static void test_facts_trailing_comments_line_up(void **state)
{
    (void)state;
    /* one space after the longest statement of the block, at column 28 at
     * the earliest; widths count Chinese characters as two columns */
    facts_as("a = 1 # x\nbb = 12/20 #y\n\nteam = \"张三、李四、王五、赵六\" # 组\nc = 2 # z\n",
             "a  = 1                     # x\nbb = 12/20                 #y\n\n"
             "team = \"张三、李四、王五、赵六\" # 组\n"
             "c    = 2                        # z\n");
}

static void test_facts_values_are_copied_as_written(void **state)
{
    (void)state;
    facts_kept("a = 5.0\nb = 10%\nc = 18/20\nd = \"含 # 号和\\\"引号\\\"\"\ne = 2024-02-29\nf = online\n"
               "g = -3\nh = true\n");
}

static void test_facts_keep_their_layout_when_canonical(void **state)
{
    (void)state;
    facts_kept("# 头\n\nsubject = \"公司\"\n\naudit.date          = 2026-05-12\n"
               "history.rated_since = 2019-04-20 # 首次\n");
}

static void test_facts_errors(void **state)
{
    (void)state;
    refused(ER_FMT_FACTS,
            "a = 1\nno equals here\nb = \"unterminated\nc = \"bad \\q\"\nd =\nsubject = x\n"
            "exclude\nexclude 5.1\nexclude 5.1 \"\"\ne = 1 2\nf = \x01\nsubject \"\"\n",
            "t.facts:2:1: error: expected 'name = value', 'subject = \"…\"' or 'exclude ID \"reason\"'\n"
            "t.facts:3:5: error: unterminated string: the closing \" is missing\n"
            "t.facts:4:10: error: unknown escape '\\q' in a string; use \\\" \\\\ \\n or \\t\n"
            "t.facts:5:4: error: missing value for 'd'\n"
            "t.facts:6:11: error: the subject must be a quoted string: subject = \"某某有限公司\"\n"
            "t.facts:7:8: error: expected an indicator id after 'exclude': exclude 5.2.3 \"reason\"\n"
            "t.facts:8:12: error: an exclusion needs a reason: exclude 5.1 \"…\"\n"
            "t.facts:9:13: error: an exclusion needs a reason: exclude 5.1 \"…\"\n"
            "t.facts:10:7: error: unexpected text after the value: '2'\n"
            "t.facts:11:5: error: unexpected control character 0x01\n"
            "t.facts:12:9: error: the subject is empty\n");
    refused(ER_FMT_FACTS, "a = \xff\n", "t.facts:1:5: error: invalid UTF-8 (byte 0xFF)\n");
}

static void test_facts_empty(void **state)
{
    (void)state;
    facts_as("", "");
    facts_as("\n\n# 空\n", "# 空\n");
}

/* ---------------------------------------------------------------------- */
/* The bundled files                                                       */
/* ---------------------------------------------------------------------- */

/* Formatting file is a fixed point after one round, and means the same. */
static void bundled(er_fmt_kind kind, const char *rel)
{
    size_t len;
    char *text = source_file(rel, &len);
    formatted r = run_n(kind, rel, text, len);
    if (!r.text)
        fail_msg("%s refused:\n%s", rel, r.diag);
    settled(kind, text, len, r.text, r.len);
    release(&r);
    free(text);
}

static void test_bundled_rules(void **state)
{
    (void)state;
    bundled(ER_FMT_RULES, "rules/gbt27922.rules");
}

/* Evaluating facts before and after formatting gives the same report. */
static char *report_of(er_rules *rules, const char *text, size_t len)
{
    char *out = NULL;
    size_t outlen = 0;
    FILE *m = open_memstream(&out, &outlen);
    er_diag *d = er_diag_new(stderr);
    er_facts *f = er_facts_load_string(rules, "example.facts", text, len, d);
    er_result *res = f ? er_eval(rules, f, d) : NULL;
    assert_non_null(res);
    assert_int_equal(er_report_json(m, res), 0);
    fclose(m);
    er_result_free(res);
    er_facts_free(f);
    er_diag_free(d);
    return out;
}

static void test_bundled_facts_mean_the_same(void **state)
{
    (void)state;
    static const char *const examples[] = {
        "examples/capped.facts",   "examples/first-five-star.facts", "examples/five-star.facts",
        "examples/four-star.facts", "examples/standard.facts",        "examples/three-star.facts",
        "examples/unrated.facts",  "examples/vetoed.facts"};
    size_t rlen;
    char *rtext = source_file("rules/gbt27922.rules", &rlen);
    er_diag *d = er_diag_new(stderr);
    er_rules *rules = er_rules_load_string("gbt27922.rules", rtext, rlen, d);
    assert_non_null(rules);
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        size_t len;
        char *text = source_file(examples[i], &len);
        formatted r = run_n(ER_FMT_FACTS, examples[i], text, len);
        assert_non_null(r.text);
        settled(ER_FMT_FACTS, text, len, r.text, r.len);
        char *before = report_of(rules, text, len), *after = report_of(rules, r.text, r.len);
        assert_string_equal(before, after);
        free(before);
        free(after);
        release(&r);
        free(text);
    }
    er_rules_free(rules);
    er_diag_free(d);
    free(rtext);
}

/* ---------------------------------------------------------------------- */
/* Fixed points of odd inputs                                              */
/* ---------------------------------------------------------------------- */

/* Formats (when it parses), then must be a fixed point meaning the same. */
static void settles(er_fmt_kind kind, const char *in)
{
    formatted r = run(kind, in);
    if (r.text)
        settled(kind, in, strlen(in), r.text, r.len);
    release(&r);
}

static void test_odd_inputs_settle(void **state)
{
    (void)state;
    static const char *const rules[] = {
        "fact a : int \"x\" # c\n range 0.. # d\n default 1\n",
        "fact a :\n int\n \"x\"\n",
        "fact a # c\n : int\n",
        "fact a : enum { # c\n x, # d\n y } # e\n \"l\"\n",
        "let a = min( # c\n 1, # d\n 2) # e\n",
        "item 5 \"x\" # a\n # b\n points 1 # c\n # d\n { # e\n # f\n pass when yes # g\n # h\n } # i\n",
        "item 5 \"x\" points 1 {\n text # a\n \"p\" # b\n # c\n \"q\"\n}\n",
        "rating { # a\n} # b\ntotal {\n# c\n}\n",
        "standard \"s\" # a\n",
        "item 5 \"x\" points 1 { grade a { # t\n >= 1 # u\n : 1 # v\n otherwise # w\n 0 } }\n",
        "let a = 1\n\n\n# x\n\n\n# y\n\n\nlet b = 2",
        "let a =\n\n\n 1\n",
        "fact 甲 : int\n",
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        settles(ER_FMT_RULES, rules[i]);
    static const char *const facts[] = {
        "a=1#x\n#y\n\n\nb   =    \"#\"#z\n",
        "subject\"x\"#c\nexclude 5 \"r\"\n\r\n\r\n",
        "\t\t# indented comment\n\ta = 1\n",
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++)
        settles(ER_FMT_FACTS, facts[i]);
}

/* ---------------------------------------------------------------------- */
/* The kind of a file; running out of memory                               */
/* ---------------------------------------------------------------------- */

static void test_kind_from_the_name(void **state)
{
    (void)state;
    er_fmt_kind k = ER_FMT_FACTS;
    assert_true(er_fmt_kind_of("rules/gbt27922.rules", &k));
    assert_int_equal(k, ER_FMT_RULES);
    assert_true(er_fmt_kind_of("a.b/x.facts", &k));
    assert_int_equal(k, ER_FMT_FACTS);
    assert_true(er_fmt_kind_of("ahp.scheme", &k));
    assert_int_equal(k, ER_FMT_RULES);
    assert_false(er_fmt_kind_of("notes.txt", &k));
    assert_false(er_fmt_kind_of("dir/.facts", &k));
    assert_false(er_fmt_kind_of(".rules", &k));
    assert_false(er_fmt_kind_of("x.rules.bak", &k));
}

/* The n-th allocation fails, for every n until one run needs no more: each
 * run gives the right text or reports and gives NULL, without leaking. */
static void out_of_memory(er_fmt_kind kind, const char *in, const char *expected)
{
    for (long n = 0;; n++) {
        FILE *sink = fopen("/dev/null", "w");
        er_diag *d = er_diag_new(sink); /* made before the allocator fails */
        assert_non_null(d);
        support_fail_from(n);
        size_t len = 0;
        char *out = er_format(kind, "oom", in, strlen(in), &len, d);
        bool failed = support_fail_stop();
        if (out)
            assert_string_equal(out, expected);
        else
            assert_true(er_diag_errors(d) > 0);
        er_fmt_free(out);
        er_diag_free(d);
        fclose(sink);
        if (!failed) {
            assert_non_null(out);
            break;
        }
    }
}

static void test_out_of_memory(void **state)
{
    (void)state;
    out_of_memory(ER_FMT_RULES, "fact a:int \"甲\" # c\nitem 5 \"x\" points 1 { text \"a\" \"b\" pass when a>1 }\n",
                  "fact a : int \"甲\" # c\nitem 5 \"x\" points 1 {\n  text \"a\"\n       \"b\"\n"
                  "  pass when a > 1\n}\n");
    out_of_memory(ER_FMT_FACTS, "subject \"x\"\na=1 # c\n", "subject = \"x\"\na       = 1                # c\n");
}

/* ---------------------------------------------------------------------- */
/* The token interface (tokens.h)                                          */
/* ---------------------------------------------------------------------- */

typedef struct tokenize_args {
    const eri_source *src;
    eri_arena *a;
    eri_token *tok;
    uint32_t n;
} tokenize_args;

static void tokenize(void *arg)
{
    tokenize_args *ta = arg;
    ta->n = eri_tokenize(ta->src, ta->a, NULL, &ta->tok);
}

static void test_tokens(void **state)
{
    (void)state;
    const char *text = "fact x : percent \"满意度\" range 0%..100%  # c\n"
                       "enum { yes } 18/20 -1.5 2026-10-12 false otherwise >= f(a, b)\n";
    static const int want[] = {
        ERI_TK_FACT, ERI_TK_OTHER, ':', ERI_TK_OTHER, ERI_TK_STRING, ERI_TK_RANGE, ERI_TK_PERCENT,
        ERI_TK_DOTDOT, ERI_TK_PERCENT, ERI_TK_ENUM, '{', ERI_TK_TRUE, '}', ERI_TK_NUMBER, '/',
        ERI_TK_NUMBER, '-', ERI_TK_NUMBER, ERI_TK_DATE, ERI_TK_FALSE, ERI_TK_OTHERWISE, ERI_TK_OTHER,
        ERI_TK_OTHER, '(', ERI_TK_OTHER, ',', ERI_TK_OTHER, ')'};
    eri_source *src = eri_source_from_string("t.rules", text, strlen(text));
    tokenize_args ta = {.src = src, .a = eri_arena_new()};
    assert_true(eri_arena_protect(ta.a, tokenize, &ta));
    assert_int_equal(ta.n, sizeof want / sizeof *want);
    for (uint32_t i = 0; i < ta.n; i++)
        assert_int_equal(ta.tok[i].kind, want[i]);
    /* spans are the tokens' bytes */
    assert_int_equal(ta.tok[4].span.start, 17);
    assert_int_equal(ta.tok[4].span.end, 17 + strlen("\"满意度\""));
    assert_memory_equal(text + ta.tok[7].span.start, "..", 2);
    assert_int_equal(ta.tok[7].span.end - ta.tok[7].span.start, 2);
    eri_arena_free(ta.a);
    eri_source_free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_statement_a_line),
        cmocka_unit_test(test_indentation_is_two_spaces_a_level),
        cmocka_unit_test(test_brace_joins_the_header),
        cmocka_unit_test(test_spaces_around_operators_and_after_commas),
        cmocka_unit_test(test_signs_fractions_and_ranges),
        cmocka_unit_test(test_spaced_literals_close_up),
        cmocka_unit_test(test_literals_are_copied_as_written),
        cmocka_unit_test(test_calls_and_keyword_calls),
        cmocka_unit_test(test_facts_align_in_columns_by_display_width),
        cmocka_unit_test(test_alignment_groups_break_at_blank_and_comment_lines),
        cmocka_unit_test(test_enum_fact_label_on_its_own_line),
        cmocka_unit_test(test_metadata_keys_align),
        cmocka_unit_test(test_total_rating_and_tiers_align),
        cmocka_unit_test(test_concatenated_strings_one_a_line),
        cmocka_unit_test(test_continuation_lines_up_after_the_keyword),
        cmocka_unit_test(test_weighting_schemes),
        cmocka_unit_test(test_long_lines_are_not_wrapped),
        cmocka_unit_test(test_comments_everywhere),
        cmocka_unit_test(test_comments_before_a_brace_move_inside_in_order),
        cmocka_unit_test(test_comments_keep_their_bytes),
        cmocka_unit_test(test_trailing_comments_of_consecutive_lines_align),
        cmocka_unit_test(test_blank_lines_collapse_and_vanish_at_braces),
        cmocka_unit_test(test_empty_and_comment_only_files),
        cmocka_unit_test(test_crlf_tabs_and_no_final_newline),
        cmocka_unit_test(test_syntax_errors_are_reported_not_formatted),
        cmocka_unit_test(test_facts_layout),
        cmocka_unit_test(test_facts_trailing_comments_line_up),
        cmocka_unit_test(test_facts_values_are_copied_as_written),
        cmocka_unit_test(test_facts_keep_their_layout_when_canonical),
        cmocka_unit_test(test_facts_errors),
        cmocka_unit_test(test_facts_empty),
        cmocka_unit_test(test_bundled_rules),
        cmocka_unit_test(test_bundled_facts_mean_the_same),
        cmocka_unit_test(test_odd_inputs_settle),
        cmocka_unit_test(test_kind_from_the_name),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
