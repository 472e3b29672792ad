/* fuzz_scheme.c — scheme text (a weighting scheme file) for
 * rules/gbt27922.rules: loaded and checked; one that loads is described and
 * weights two example audits (evaluated, reports written) and a
 * comparison of them against the rules' own points.  Oracle: a scheme that
 * loads gives every evaluable audit a score, as the base does. */
#include "fuzz.h"

static er_rules *rules;
static er_facts *audits[2];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    rules = fuzz_bundled_rules("rules/gbt27922.rules");
    audits[0] = fuzz_bundled_facts(rules, "examples/four-star.facts");
    audits[1] = fuzz_bundled_facts(rules, "examples/capped.facts");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return -1;
    er_diag *d = er_diag_new(NULL);
    er_scheme *s = er_scheme_load_string(rules, "fuzz.scheme", (const char *)data, size, d);
    FUZZ_ASSERT((s != NULL) == (er_diag_errors(d) == 0), "loaded %d with %u errors", s != NULL,
                er_diag_errors(d));
    er_diag_free(d);
    if (!s)
        return 0;
    (void)er_scheme_name(s);
    (void)er_scheme_label(s);
    er_scheme_describe(fuzz_sink(), rules, s);
    d = er_diag_new(NULL);
    for (size_t i = 0; i < 2; i++) {
        er_result *res = er_eval_scheme(rules, audits[i], s, d);
        if (res) {
            er_report_text(fuzz_sink(), res, NULL);
            FUZZ_ASSERT(er_report_json(fuzz_sink(), res) == 0, "JSON not written");
        }
        er_result_free(res);
    }
    const er_scheme *list[] = {s};
    er_compare *c = er_compare_new(rules, list, 1, d);
    if (c) {
        for (size_t i = 0; i < 2; i++)
            er_compare_add_facts(c, i ? "capped.facts" : "four-star.facts", audits[i], d);
        er_compare_report_text(fuzz_sink(), c);
        er_compare_report_json(fuzz_sink(), c);
        er_compare_report_csv(fuzz_sink(), c);
        er_compare_report_html(fuzz_sink(), c, ER_LANG_ZH);
        er_compare_free(c);
    }
    er_diag_free(d);
    er_scheme_free(s);
    return 0;
}
