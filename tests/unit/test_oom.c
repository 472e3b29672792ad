/* test_oom.c — every allocation the library makes can fail: loading rules,
 * reading facts and evaluating must then report and return, never crash or
 * leak (the sanitizer build's leak checker watches).  The n-th allocation
 * is made to fail, for n = 1, 2, … until a run needs no more.  Besides the
 * whole pipeline: every report format and the seal, a reused evaluator and
 * the compiled plan, a block of facts, templates and the syntax tree's dump, pairwise (AHP)
 * schemes, comparisons and sweeps with their reports, verification of a
 * sealed report, and a file written or rewritten in place. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evalrules.h"
#include "evalrules_tools.h"

static long countdown = -1; /* allocations left before one fails; -1: never */
static long made;

static void *failing_malloc(size_t n)
{
    made++;
    if (countdown == 0)
        return NULL;
    if (countdown > 0)
        countdown--;
    return malloc(n);
}

static void *failing_realloc(void *p, size_t n)
{
    made++;
    if (countdown == 0)
        return NULL;
    if (countdown > 0)
        countdown--;
    return realloc(p, n);
}

static const char rules[] =
    "standard \"T/OOM\" { title \"内存测试\" }\n"
    "fact m : int \"管理人员\" range 0..\n"
    "fact c : int \"持证人数\" range 0..\n"
    "fact s : sample \"抽样\"\n"
    "fact p : percent \"满意度\"\n"
    "fact d : int \"特别扣分\" range 0..\n"
    "let need = max(1, ceil(m * 10%))\n"
    "indicator 5 \"服务\" {\n"
    "  item 5.1 \"管理师\" points 5 { score points * min(1, c / need) }\n"
    "  item 5.2 \"抽样\" points 5 { ratio s }\n"
    "  item 5.3 \"满意度\" points 5 { grade p { >= 90%: 100% >= 80%: 60% otherwise 0 } }\n"
    "}\n"
    "veto \"五项\" when d >= 5\n"
    "total { normalize to 100 deduct \"扣分\" d round half_up to 0.1 }\n"
    "rating { level \"达标\" at 70 otherwise \"不予评级\" }\n";

static const char facts[] = "subject = \"某公司\"\nm = 42\nc = 3\ns = 18/20\np = 85%\nd = 1\n";

/* one full run; true when it got all the way to a report */
static bool run_once(void)
{
    FILE *sink = fopen("/dev/null", "w");
    er_diag *d = er_diag_new(sink);
    bool done = false;
    if (d) {
        er_rules *r = er_rules_load_string("oom.rules", rules, sizeof rules - 1, d);
        er_facts *f = r ? er_facts_load_string(r, "oom.facts", facts, sizeof facts - 1, d) : NULL;
        er_result *res = f ? er_eval(r, f, d) : NULL;
        if (res) {
            er_report_text(sink, res, NULL);
            done = strcmp(er_result_score(res), "69.0") == 0; /* 10.5 of 15 → 70, less 1 */
        } else {
            assert_true(er_diag_errors(d) > 0); /* a failure is always reported */
        }
        er_result_free(res);
        er_facts_free(f);
        er_rules_free(r);
        er_diag_free(d);
    }
    fclose(sink);
    return done;
}

/* Run once with every allocation succeeding (it must complete, after more
 * than at_least allocations), then with the n-th failing for every n it
 * made, then once more in full: no crash, no leak, whether or not a failing
 * run completes. */
static void fail_each_allocation(bool (*once)(void), long at_least)
{
    er_set_allocator(failing_malloc, failing_realloc, free);
    countdown = -1;
    made = 0;
    assert_true(once());
    long needed = made;
    assert_true(needed > at_least);
    for (long n = 0; n < needed; n++) {
        countdown = n;
        made = 0;
        once();
    }
    countdown = -1;
    assert_true(once());
    er_set_allocator(NULL, NULL, NULL);
}

static void every_allocation_can_fail(void **state)
{
    (void)state;
    fail_each_allocation(run_once, 10);
}

/* check --format json: rules with an error, a warning and a note, the
 * diagnostics kept (er_diag_set_collect) and written as JSON; true when
 * every one was kept and written. */
static bool collect_once(void)
{
    static const char bad[] = "fact ok : bool\nfact n : int range 0..10\n"
                              "indicator 1 \"测试\" points 20 { item 1.1 \"符合性\" points 10 { pass when okk } }\n";
    FILE *sink = fopen("/dev/null", "w");
    er_diag *d = er_diag_new(sink);
    bool done = false;
    if (d) {
        er_diag_set_collect(d, true);
        er_rules *r = er_rules_load_string("bad.rules", bad, sizeof bad - 1, d);
        assert_null(r);
        assert_true(er_diag_errors(d) > 0);
        done = er_diag_write_json(d, sink) == 0;
        er_diag_free(d);
    }
    fclose(sink);
    return done;
}

static void collecting_can_fail(void **state)
{
    (void)state;
    fail_each_allocation(collect_once, 5);
}

/* The rules and facts above, loaded and evaluated with every allocation
 * succeeding or not: NULLs when something failed (then reported). */
typedef struct loaded {
    FILE *sink;
    er_diag *d;
    er_rules *r;
    er_facts *f;
} loaded;

static loaded load(void)
{
    loaded l = {fopen("/dev/null", "w"), NULL, NULL, NULL};
    assert_non_null(l.sink);
    l.d = er_diag_new(l.sink);
    l.r = l.d ? er_rules_load_string("oom.rules", rules, sizeof rules - 1, l.d) : NULL;
    l.f = l.r ? er_facts_load_string(l.r, "oom.facts", facts, sizeof facts - 1, l.d) : NULL;
    return l;
}

static void unload(loaded *l)
{
    er_facts_free(l->f);
    er_rules_free(l->r);
    er_diag_free(l->d);
    fclose(l->sink);
}

/* Every report format in both languages and for both audiences, the seal,
 * a reused evaluator, a facts template and the syntax tree: true when all
 * were written. */
static bool reports_once(void)
{
    loaded l = load();
    bool done = false;
    er_result *res = l.f ? er_eval(l.r, l.f, l.d) : NULL;
    if (res) {
        done = true;
        er_report_format fmt;
        for (size_t i = 0; er_report_format_at(i, &fmt); i++)
            for (int lang = ER_LANG_EN; lang <= ER_LANG_ZH; lang++) {
                er_report_opts o = {.lang = (er_lang)lang, .audience = ER_AUDIENCE_ENTERPRISE, .date = "2026-03-27"};
                done &= er_report_write(l.sink, res, fmt.name, &o) == 0;
            }
        er_seal seal;
        done &= er_result_seal(res, &seal) == 0;
        er_evaluator *ev = er_evaluator_new(l.r);
        const er_result *again = ev ? er_evaluate(ev, l.f, NULL, l.d) : NULL;
        done &= again && strcmp(er_result_score(again), "69.0") == 0;
        const er_facts *one[] = {l.f};
        er_block *block = ev ? er_block_new(l.r, one, 1) : NULL; /* NULL: out of memory */
        const er_result *at = block ? er_evaluate_at(ev, block, 0, NULL, l.d) : NULL;
        done &= at && strcmp(er_result_score(at), "69.0") == 0;
        er_block_free(block);
        er_evaluator_free(ev);
        done &= er_template_write(l.sink, l.r, "oom.rules") == 0;
        er_rules_dump(l.sink, l.r);
    } else if (l.d) {
        assert_true(er_diag_errors(l.d) > 0);
    }
    er_result_free(res);
    unload(&l);
    return done;
}

static void reports_can_fail(void **state)
{
    (void)state;
    fail_each_allocation(reports_once, 10);
}

/* A pairwise (AHP) scheme described and compared with the rules' points
 * in all four of compare's formats, then a sweep of 20 runs in one thread
 * with its three reports: true when all of it was done. */
static bool schemes_once(void)
{
    static const char ahp[] = "scheme ahp \"层次分析\" {\n  pairwise 5 {\n    5.1 : 5.2 = 2\n"
                              "    5.1 : 5.3 = 1\n    5.2 : 5.3 = 1/2\n  }\n}\n";
    loaded l = load();
    bool done = false, computed = false; /* computed: what reports its failures to l.d succeeded */
    er_scheme *s = l.f ? er_scheme_load_string(l.r, "ahp.scheme", ahp, sizeof ahp - 1, l.d) : NULL;
    if (s) {
        er_scheme_describe(l.sink, l.r, s);
        const er_scheme *list[] = {s};
        er_compare *c = er_compare_new(l.r, list, 1, l.d);
        computed = done = c && er_compare_add_facts(c, "oom.facts", l.f, l.d) == 1;
        if (done) {
            done &= er_compare_report_text(l.sink, c) == 0;
            done &= er_compare_report_json(l.sink, c) == 0;
            er_compare_report_csv(l.sink, c);
            done &= er_compare_report_html(l.sink, c, ER_LANG_ZH) == 0;
        }
        er_compare_free(c);
        const er_facts *audits[] = {l.f};
        er_sweep_opts o = {.spread = "10%", .runs = 20, .seed = 7, .jobs = 1, .centre = s};
        er_sweep *sw = er_sweep_run(l.r, audits, 1, &o, l.d);
        done &= sw != NULL;
        computed &= sw != NULL;
        if (sw) {
            assert_int_equal(er_sweep_count(sw), 1);
            done &= er_sweep_report_text(l.sink, sw, NULL) == 0;
            done &= er_sweep_report_json(l.sink, sw) == 0;
            done &= er_sweep_report_html(l.sink, sw, ER_LANG_EN) == 0;
        }
        er_sweep_free(sw);
        er_scheme_free(s);
    }
    if (!computed && l.d)
        assert_true(er_diag_errors(l.d) > 0); /* a comparison or sweep that failed was reported */
    unload(&l);
    return done;
}

static void schemes_can_fail(void **state)
{
    (void)state;
    fail_each_allocation(schemes_once, 10);
}

/* Files of one run of verify_once, written before the allocator fails. */
static char dir[64], rules_path[96], facts_path[96], report_path[96], out_path[96];

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A sealed JSON report verified against its files, and a file written anew
 * and rewritten in place (er_write_file, er_rewrite_file): true when the
 * report was verified and both files hold their new text. */
static bool files_once(void)
{
    er_diag *d = er_diag_new(NULL);
    if (!d)
        return false;
    er_verification v;
    bool done = er_verify(report_path, rules_path, facts_path, NULL, &v, d) && v.differs == 0;
    remove(out_path);
    done &= er_write_file(out_path, "one\n", 4, d);
    done &= er_rewrite_file(out_path, "two\n", 4, d);
    if (!done)
        assert_true(er_diag_errors(d) > 0 || er_diag_io_failed(d));
    er_diag_free(d);
    return done;
}

static void files_can_fail(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s", "/tmp/evalrules-oom.XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(rules_path, sizeof rules_path, "%s/oom.rules", dir);
    snprintf(facts_path, sizeof facts_path, "%s/oom.facts", dir);
    snprintf(report_path, sizeof report_path, "%s/report.json", dir);
    snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
    write_text(rules_path, rules);
    write_text(facts_path, facts);
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load(rules_path, d);
    er_facts *f = r ? er_facts_load(r, facts_path, d) : NULL;
    er_result *res = f ? er_eval(r, f, d) : NULL;
    assert_non_null(res);
    FILE *out = fopen(report_path, "w");
    assert_non_null(out);
    assert_int_equal(er_report_json(out, res), 0);
    fclose(out);
    er_result_free(res);
    er_facts_free(f);
    er_rules_free(r);
    er_diag_free(d);
    fail_each_allocation(files_once, 5);
    FILE *in = fopen(out_path, "r");
    char line[8] = "";
    assert_non_null(in);
    assert_non_null(fgets(line, sizeof line, in));
    fclose(in);
    assert_string_equal(line, "two\n");
    const char *names[] = {rules_path, facts_path, report_path, out_path};
    for (size_t i = 0; i < 4; i++)
        remove(names[i]);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_allocation_can_fail),
                                       cmocka_unit_test(collecting_can_fail),
                                       cmocka_unit_test(reports_can_fail),
                                       cmocka_unit_test(schemes_can_fail),
                                       cmocka_unit_test(files_can_fail)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
