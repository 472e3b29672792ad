/* embed.c — a program from outside the project, built against the
 * installed library (pkg-config or CMake's find_package): it loads the
 * bundled rules and a facts file, evaluates, reads the result through the
 * public accessors (and again from a block of facts), and prints the JSON
 * report.  It names only evalrules,
 * never jansson or the library's internals. */
#include <evalrules.h>
#include <evalrules_tools.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: embed RULES FACTS\n");
        return 2;
    }
    er_diag *d = er_diag_new(stderr);
    er_rules *rules = d ? er_rules_load(argv[1], d) : NULL;
    er_facts *facts = rules ? er_facts_load(rules, argv[2], d) : NULL;
    er_result *res = facts ? er_eval(rules, facts, d) : NULL;
    int rc = res ? 0 : 1;
    if (res) {
        const char *rating = er_result_rating(res);
        printf("version %s\n", er_version());
        printf("%s: %s %s\n", er_rules_standard(rules), er_result_score(res), rating ? rating : "(not rated)");
        size_t lost = 0;
        for (size_t i = 0; i < er_result_indicator_count(res); i++) {
            er_indicator in;
            if (er_result_indicator(res, i, &in) && in.is_item &&
                (in.outcome == ER_OUTCOME_PARTIAL || in.outcome == ER_OUTCOME_LOST))
                lost++;
        }
        char earned[64], applicable[64];
        er_result_total(res, ER_TOTAL_EARNED, earned, sizeof earned);
        er_result_total(res, ER_TOTAL_APPLICABLE, applicable, sizeof applicable);
        printf("items that lost points: %zu; earned %s of %s\n", lost, earned, applicable);
        /* the same facts in a block (many enterprises scored in a loop): the same score */
        er_evaluator *ev = er_evaluator_new(rules);
        const er_facts *one[] = {facts};
        er_block *block = ev ? er_block_new(rules, one, 1) : NULL;
        const er_result *at = block ? er_evaluate_at(ev, block, 0, NULL, d) : NULL;
        printf("block: %zu, %s\n", block ? er_block_count(block) : 0,
               at && strcmp(er_result_score(at), er_result_score(res)) == 0 ? "same score" : "differs");
        er_block_free(block);
        er_evaluator_free(ev);
        size_t len = 0;
        const char text[] = "fact  a :  int\n";
        char *formatted = er_format(ER_FMT_RULES, "inline.rules", text, strlen(text), &len, d);
        printf("formatted: %s", formatted ? formatted : "(failed)\n");
        er_fmt_free(formatted);
        if (er_report_json(stdout, res) != 0)
            rc = 1;
    }
    er_result_free(res);
    er_facts_free(facts);
    er_rules_free(rules);
    if (d) {
        er_diag_summary(d);
        er_diag_free(d);
    }
    return rc;
}
