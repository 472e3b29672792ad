/* fuzz_facts.c — facts text against rules/gbt27922.rules: loaded, then
 * evaluated under the rules' own points, every scheme the rules file
 * writes and every bundled scheme file, each result written in every
 * report format (writers.c's list) for both languages and audiences and
 * sealed.  Oracles: a reused evaluator gives the same score, level and
 * vetoes as er_eval_scheme; the same text overlaid on a complete audit
 * loads or is refused without harm. */
#include "fuzz.h"

static er_rules *rules;
static const er_scheme *schemes[16];
static size_t nschemes;
static er_evaluator *evaluator;
static char *complete; /* an example audit's text, for overlays */
static size_t complete_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    rules = fuzz_bundled_rules("rules/gbt27922.rules");
    schemes[nschemes++] = NULL; /* the rules' own points */
    for (size_t i = 0; i < er_rules_scheme_count(rules) && nschemes < 12; i++)
        schemes[nschemes++] = er_rules_scheme_at(rules, i);
    static const char *const files[] = {"examples/schemes/ahp-first-level.scheme",
                                        "examples/schemes/customer-heavy.scheme",
                                        "examples/schemes/equal-first-level.scheme"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", ERI_SOURCE_DIR, files[i]);
        er_diag *d = er_diag_new(stderr);
        schemes[nschemes] = er_scheme_load(rules, path, d);
        er_diag_free(d);
        if (!schemes[nschemes++])
            abort();
    }
    complete = fuzz_read("examples/four-star.facts", &complete_len);
    evaluator = er_evaluator_new(rules);
    if (!evaluator)
        abort();
    return 0;
}

static void write_all(const er_result *res)
{
    static const er_lang langs[] = {ER_LANG_EN, ER_LANG_ZH};
    static const er_audience audiences[] = {ER_AUDIENCE_DEFAULT, ER_AUDIENCE_AUDITOR, ER_AUDIENCE_ENTERPRISE};
    er_report_format fmt;
    for (size_t i = 0; er_report_format_at(i, &fmt); i++)
        for (size_t l = 0; l < 2; l++)
            for (size_t a = 0; a < 3; a++) {
                er_report_opts o = {.color = (a == 1), .lang = langs[l], .audience = audiences[a],
                                    .date = "2026-03-27"};
                FUZZ_ASSERT(er_report_write(fuzz_sink(), res, fmt.name, &o) == 0, "%s not written", fmt.name);
                if (!strcmp(fmt.name, "json"))
                    break; /* JSON has no language or audience */
            }
    er_seal seal;
    FUZZ_ASSERT(er_result_seal(res, &seal) == 0, "no seal");
    char buf[256];
    for (size_t i = 0; i < er_result_indicator_count(res); i++) {
        er_indicator ind;
        FUZZ_ASSERT(er_result_indicator(res, i, &ind), "indicator %zu", i);
        for (int k = ER_AMOUNT_EARNED; k <= ER_AMOUNT_SHARE; k++)
            er_result_indicator_amount(res, i, (er_amount)k, buf, sizeof buf);
    }
    for (int k = ER_TOTAL_EARNED; k <= ER_TOTAL_SCORE; k++)
        er_result_total(res, (er_total)k, buf, sizeof buf);
}

static void evaluate(const er_facts *f)
{
    for (size_t s = 0; s < nschemes; s++) {
        er_diag *d = er_diag_new(NULL);
        er_result *res = er_eval_scheme(rules, f, schemes[s], d);
        const er_result *again = er_evaluate(evaluator, f, schemes[s], d);
        FUZZ_ASSERT((res != NULL) == (again != NULL), "er_eval %d, er_evaluate %d", res != NULL, again != NULL);
        if (res) {
            FUZZ_ASSERT(!strcmp(er_result_score(res), er_result_score(again)), "score %s against %s",
                        er_result_score(res), er_result_score(again));
            FUZZ_ASSERT(er_result_level(res) == er_result_level(again), "level %d against %d",
                        er_result_level(res), er_result_level(again));
            FUZZ_ASSERT(er_result_veto_count(res) == er_result_veto_count(again), "vetoes");
            write_all(res);
        }
        er_result_free(res);
        er_diag_free(d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return -1;
    er_diag *d = er_diag_new(NULL);
    er_facts *f = er_facts_load_string(rules, "fuzz.facts", (const char *)data, size, d);
    FUZZ_ASSERT((f != NULL) == (er_diag_errors(d) == 0), "loaded %d with %u errors", f != NULL,
                er_diag_errors(d));
    if (f) {
        (void)er_facts_subject(f);
        evaluate(f);
        er_facts_free(f);
    }
    er_diag_free(d);
    /* the same lines over a complete audit */
    d = er_diag_new(NULL);
    f = er_facts_load_string(rules, "four-star.facts", complete, complete_len, d);
    FUZZ_ASSERT(f != NULL, "the example does not load");
    if (er_facts_overlay_string(f, "fuzz.facts", (const char *)data, size, d))
        evaluate(f);
    er_facts_free(f);
    er_diag_free(d);
    return 0;
}
