/* bench_eval.c — exactness against the shared oracle, and speed.
 *
 *   bench_eval RULES DIR [--repeat N]
 *
 * DIR is what ../shared/bench/gen_facts.py writes: facts/NNNNNN.facts and
 * expected.tsv (subject, exact score rounded half-up to 0.1, level or '-',
 * vetoed 0/1, all computed with Python fractions).  Every enterprise is
 * evaluated and compared with the oracle; then the evaluations are repeated
 * N times to time them.  Every enterprise is also evaluated by one reused
 * er_evaluator, which must agree with er_eval and the oracle.  Prints
 * figures; exits 1 on any mismatch.  Timing
 * is reporting only: no number here touches a score. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evalrules.h"
#include "oracle_data.h"
#include "evalrules_tools.h"

/* "12345 ns" as microseconds with two decimals, in integers */
static void print_us(const char *what, int64_t ns, int64_t count)
{
    int64_t per = count ? ns * 100 / 1000 / count : 0; /* hundredths of a µs */
    printf("%-28s %lld.%02lld µs each (%lld in %lld ms)\n", what, (long long)(per / 100), (long long)(per % 100),
           (long long)count, (long long)(ns / 1000000));
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_eval RULES DIR [--repeat N]\n");
        return 2;
    }
    long repeat = 20;
    if (argc >= 5 && strcmp(argv[3], "--repeat") == 0)
        repeat = strtol(argv[4], NULL, 10);
    er_diag *d = er_diag_new(stderr);
    int64_t t0 = now_ns();
    er_rules *rules = er_rules_load(argv[1], d);
    int64_t t_rules = now_ns() - t0;
    if (!rules)
        return 2;

    char path[4096];
    size_t n = 0;
    char **names = facts_names(argv[2], &n);
    if (!names)
        return 2;

    FILE *ex = expected_open(argv[2]);
    if (!ex)
        return 2;
    er_facts **facts = calloc(n ? n : 1, sizeof *facts);
    er_evaluator *ev = er_evaluator_new(rules);
    if (!ev)
        return 2;
    int64_t t_facts = 0, t_eval = 0;
    size_t mismatches = 0, rated = 0, vetoed = 0;
    for (size_t i = 0; i < n; i++) {
        expected x;
        if (!expected_next(ex, i + 1, &x))
            return 2;
        const char *subject = x.subject, *score = x.score, *level = x.level;
        int veto = x.veto;
        snprintf(path, sizeof path, "%s/facts/%s", argv[2], names[i]);
        t0 = now_ns();
        facts[i] = er_facts_load(rules, path, d);
        t_facts += now_ns() - t0;
        if (!facts[i])
            return 2;
        t0 = now_ns();
        er_result *res = er_eval(rules, facts[i], d);
        t_eval += now_ns() - t0;
        if (!res)
            return 2;
        const char *got_level = er_result_rating(res) ? er_result_rating(res) : "-";
        bool got_veto = er_result_veto_count(res) > 0;
        if (strcmp(er_facts_subject(facts[i]), subject) != 0 || strcmp(er_result_score(res), score) != 0 ||
            strcmp(got_level, level) != 0 || got_veto != (veto != 0)) {
            if (mismatches < 10)
                fprintf(stderr, "MISMATCH %s: evalrules %s %s %d, oracle %s %s %d\n", subject, er_result_score(res),
                        got_level, got_veto, score, level, veto);
            mismatches++;
        }
        /* the reused evaluator gives the same result */
        const er_result *again = er_evaluate(ev, facts[i], NULL, d);
        if (!again || strcmp(er_result_score(again), er_result_score(res)) != 0 ||
            er_result_veto_count(again) != er_result_veto_count(res) ||
            strcmp(er_result_rating(again) ? er_result_rating(again) : "-", got_level) != 0) {
            if (mismatches < 10)
                fprintf(stderr, "MISMATCH %s: er_evaluate differs from er_eval\n", subject);
            mismatches++;
        }
        rated += strcmp(got_level, "-") != 0;
        vetoed += got_veto;
        er_result_free(res);
    }
    fclose(ex);

    int64_t t_repeat = 0;
    size_t evals = 0;
    for (long rep = 0; rep < repeat; rep++)
        for (size_t i = 0; i < n; i++) {
            t0 = now_ns();
            er_result *res = er_eval(rules, facts[i], d);
            t_repeat += now_ns() - t0;
            evals++;
            er_result_free(res);
        }

    int64_t t_reused = 0;
    size_t reused = 0;
    for (long rep = 0; rep < repeat; rep++) {
        t0 = now_ns();
        for (size_t i = 0; i < n; i++)
            reused += er_evaluate(ev, facts[i], NULL, d) != NULL;
        t_reused += now_ns() - t0;
    }
    er_evaluator_free(ev);

    printf("enterprises                  %zu (%zu rated, %zu vetoed)\n", n, rated, vetoed);
    printf("exact matches with oracle    %zu of %zu\n", n - mismatches, n);
    print_us("load + check rules", t_rules, 1);
    print_us("read facts file", t_facts, (int64_t)n);
    print_us("evaluate (first pass)", t_eval, (int64_t)n);
    print_us("evaluate (repeated)", t_repeat, (int64_t)evals);
    print_us("evaluate (reused evaluator)", t_reused, (int64_t)reused);
    if (t_repeat > 0)
        printf("%-28s %lld\n", "evaluations per second", (long long)((int64_t)evals * 1000000000 / t_repeat));
    if (t_reused > 0)
        printf("%-28s %lld\n", "  with a reused evaluator", (long long)((int64_t)reused * 1000000000 / t_reused));

    for (size_t i = 0; i < n; i++) {
        er_facts_free(facts[i]);
        free(names[i]);
    }
    free(facts);
    free(names);
    er_rules_free(rules);
    er_diag_free(d);
    return mismatches ? 1 : 0;
}
