/* fuzz_rules.c — rules text: parse, check (every pass and every scoring
 * lint runs in er_rules_load_string), the diagnostics as JSON, then for a
 * rule set that loads: the syntax tree dumped, a facts template, its
 * schemes described, and the edition diff against the bundled rules both
 * ways, with its text and JSON reports.  Nothing may crash, leak or hang. */
#include "fuzz.h"

static er_rules *bundled;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    bundled = fuzz_bundled_rules("rules/gbt27922.rules");
    return 0;
}

/* The changes from a to b; -1 when out of memory. */
static long diff(const er_rules *a, const er_rules *b, er_diag *d)
{
    er_diff *df = er_diff_rules(a, b, d);
    if (!df)
        return -1;
    for (size_t i = 0; i < er_diff_count(df); i++)
        FUZZ_ASSERT(er_diff_change(df, i)->text != NULL, "change %zu has no text", i);
    er_diff_report_text(fuzz_sink(), df, NULL);
    FUZZ_ASSERT(er_diff_report_json(fuzz_sink(), df, NULL) == 0, "diff JSON not written");
    long n = (long)er_diff_count(df);
    er_diff_free(df);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return -1;
    er_diag *d = er_diag_new(NULL);
    er_diag_set_collect(d, true);
    er_rules *r = er_rules_load_string("fuzz.rules", (const char *)data, size, d);
    FUZZ_ASSERT((r != NULL) == (er_diag_errors(d) == 0), "loaded %d with %u errors", r != NULL,
                er_diag_errors(d));
    er_diag_write_json(d, fuzz_sink());
    er_diag_free(d);
    if (!r)
        return 0;
    d = er_diag_new(NULL);
    (void)er_rules_standard(r);
    (void)er_rules_title(r);
    er_rules_dump(fuzz_sink(), r);
    FUZZ_ASSERT(er_template_write(fuzz_sink(), r, "fuzz.rules") == 0, "template not written");
    for (size_t i = 0; i < er_rules_scheme_count(r); i++) {
        const er_scheme *s = er_rules_scheme_at(r, i);
        FUZZ_ASSERT(er_rules_scheme(r, er_scheme_name(s)) != NULL, "scheme %s not found by name",
                    er_scheme_name(s));
        er_scheme_describe(fuzz_sink(), r, s);
    }
    diff(bundled, r, d);
    diff(r, bundled, d);
    long self = diff(r, r, d);
    FUZZ_ASSERT(self == 0, "a rule set differs from itself in %ld changes", self);
    er_diag_free(d);
    er_rules_free(r);
    return 0;
}
