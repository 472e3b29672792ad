/* test_oom.c — every allocation the library makes can fail: loading rules,
 * reading facts and evaluating must then report and return, never crash or
 * leak (the sanitizer build's leak checker watches).  The n-th allocation
 * is made to fail, for n = 1, 2, … until a run needs no more. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(every_allocation_can_fail),
                                       cmocka_unit_test(collecting_can_fail)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
