/* fuzz_suite.c — test-suite files (docs/testing-rules.md) for
 * rules/gbt27922.rules, named as if beside it so that 'facts
 * ../examples/…' lines read the bundled audits: loaded and checked, run
 * (with coverage), then --update computed.  Oracles: the updated text
 * loads again; run again it fails exactly the cases the update could not
 * rewrite; updated once more it changes nothing. */
#include "fuzz.h"

static er_rules *rules;
static char name[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    rules = fuzz_bundled_rules("rules/gbt27922.rules");
    snprintf(name, sizeof name, "%s/rules/fuzz.tests", ERI_SOURCE_DIR);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return -1;
    er_diag *d = er_diag_new(NULL);
    er_suite *s = er_suite_load_string(rules, name, (const char *)data, size, d);
    FUZZ_ASSERT((s != NULL) == (er_diag_errors(d) == 0), "loaded %d with %u errors", s != NULL,
                er_diag_errors(d));
    er_diag_free(d);
    if (!s)
        return 0;
    for (size_t i = 0; i < er_suite_cases(s); i++)
        FUZZ_ASSERT(er_suite_case_name(s, i) != NULL, "case %zu has no name", i);
    er_coverage *cov = er_coverage_new(rules);
    er_suite_opts o = {.verbose = true, .coverage = cov};
    er_suite_tally t = {0, 0};
    if (er_suite_run(s, fuzz_sink(), &o, &t) == 0)
        FUZZ_ASSERT(t.passed + t.failed == er_suite_cases(s), "%zu + %zu of %zu cases", t.passed, t.failed,
                    er_suite_cases(s));
    if (cov) {
        FUZZ_ASSERT(er_coverage_covered(cov) <= er_coverage_targets(cov), "coverage over 100%%");
        er_coverage_report(fuzz_sink(), cov, true);
        er_coverage_report_json(fuzz_sink(), cov);
        er_coverage_free(cov);
    }
    o.coverage = NULL;
    o.verbose = false;
    size_t len, changed, failed;
    char *text = er_suite_updated_text(s, NULL, &o, &len, &changed, &failed);
    if (text) {
        d = er_diag_new(NULL);
        er_suite *u = er_suite_load_string(rules, name, text, len, d);
        FUZZ_ASSERT(u != NULL, "the updated text does not load (%u errors):\n%.*s", er_diag_errors(d), (int)len,
                    text);
        er_diag_free(d);
        er_suite_tally ut = {0, 0};
        if (er_suite_run(u, NULL, &o, &ut) == 0)
            FUZZ_ASSERT(ut.failed == failed, "%zu cases fail after the update, %zu could not be updated:\n%.*s",
                        ut.failed, failed, (int)len, text);
        size_t len2, changed2, failed2;
        char *again = er_suite_updated_text(u, NULL, &o, &len2, &changed2, &failed2);
        if (again)
            FUZZ_ASSERT(changed2 == 0 && len2 == len && !memcmp(again, text, len),
                        "a second update changed %zu cases", changed2);
        free(again);
        er_suite_free(u);
        free(text);
    }
    er_suite_free(s);
    return 0;
}
