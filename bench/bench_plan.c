/* bench_plan.c — evaluation alone against the hand-written C baseline, from
 * one run on the same data.
 *
 *   bench_plan RULES DIR [--baseline SCORE] [--luajit MODEL.lua] [--repeat N]
 *              [--only general|lazy|brief|batch|block]
 *   bench_plan RULES --coverage
 *
 * --only runs that one loop alone (to profile it: perf record bench_plan ...);
 * the others print "skipped".
 * --coverage prints how much of RULES the plan runs itself (plan.h:
 * eri_plan_coverage) and exits.
 *
 * DIR is what ../shared/bench/gen_facts.py writes (facts/NNNNNN.facts,
 * expected.tsv) plus flat.tsv (../shared/bench/baseline/to_tsv.py), which
 * SCORE — the baseline built from ../shared/bench/baseline/score.c — reads;
 * its stderr gives the time of its scoring loop alone (eval_seconds=S);
 * --luajit runs luajit MODEL.lua (bench/model_to_lua.py) the same way.
 * Here the facts are loaded once, then every enterprise is evaluated by a
 * reused evaluator in a loop: the general evaluator (er_evaluate, the full
 * result every report reads) and the compiled plan (eri_evaluate_brief: the
 * score, level and vetoes only; plan.h).  Each loop runs N times (default 3) and
 * the fastest pass counts, the baseline's too.  Every plan answer is
 * compared with the general evaluator's and every one with the oracle
 * (expected.tsv): exits 1 on any mismatch.  Timing is reporting only, in
 * integer nanoseconds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "arena.h"
#include "eval.h"
#include "evalrules.h"
#include "oracle_data.h"

/* "name   123456 enterprises/s  (fastest pass of N: M µs)" */
static void figure(const char *what, int64_t ns, size_t n)
{
    if (ns == INT64_MAX) {
        printf("%-34s %10s\n", what, "skipped");
        return;
    }
    if (ns <= 0)
        ns = 1;
    printf("%-34s %10lld enterprises/s  (%lld.%03lld ms for %zu)\n", what, (long long)((int64_t)n * 1000000000 / ns),
           (long long)(ns / 1000000), (long long)(ns / 1000 % 1000), n);
}

/* how many passes the loop named what runs: none when --only names another */
static long passes(const char *only, const char *what, long repeat)
{
    return !only || strcmp(only, what) == 0 ? repeat : 0;
}

/* a / b to two decimals, in integers */
static void ratio(const char *what, int64_t a, int64_t b)
{
    if (a == INT64_MAX || b == INT64_MAX) {
        printf("%-34s %s\n", what, "skipped");
        return;
    }
    int64_t r = b > 0 ? (a * 100 + b / 2) / b : 0;
    printf("%-34s %lld.%02lld\n", what, (long long)(r / 100), (long long)(r % 100));
}

/* A peer's eval_seconds=S from its stderr, in nanoseconds; -1 when absent.
 * The peer is run as RUN 'DIR/flat.tsv' > DIR/NAME.tsv: the baseline's
 * program, or luajit with the model written in Lua (model_to_lua.py). */
static int64_t peer_ns(const char *run, const char *dir, const char *name)
{
    char cmd[8192], err[4096];
    snprintf(err, sizeof err, "%s/%s.err", dir, name);
    snprintf(cmd, sizeof cmd, "%s '%s/flat.tsv' > '%s/%s.tsv' 2> '%s'", run, dir, dir, name, err);
    if (system(cmd) != 0)
        return -1;
    FILE *f = fopen(err, "r");
    if (!f)
        return -1;
    char line[256] = "";
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    const char *p = got ? strstr(line, "eval_seconds=") : NULL;
    if (!p)
        return -1;
    p += strlen("eval_seconds=");
    int64_t ns = 0, unit = 1000000000;
    for (; *p >= '0' && *p <= '9'; p++)
        ns = ns * 10 + (*p - '0');
    ns *= unit;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ns += (*p - '0') * (unit /= 10);
    return ns;
}

/* "plan coverage  items 37 of 40, conditions 4 of 6" */
static int print_coverage(const er_rules *rules)
{
    er_evaluator *ev = er_evaluator_new(rules);
    if (!ev)
        return 2;
    const eri_plan *p = eri_evaluator_plan(ev);
    if (!p)
        printf("plan coverage                      no plan\n");
    else {
        eri_plan_cover c;
        eri_plan_coverage(p, &c);
        printf("plan coverage                      items %u of %u, conditions %u of %u\n", c.items_planned, c.items,
               c.conds_planned, c.conds);
    }
    er_evaluator_free(ev);
    return 0;
}

int main(int argc, char **argv)
{
    const char *rules_path = NULL, *dir = NULL, *score = NULL, *lua = NULL;
    long repeat = 3;
    bool coverage = false;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--coverage") == 0)
            coverage = true;
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--baseline") == 0 && i + 1 < argc)
            score = argv[++i];
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--luajit") == 0 && i + 1 < argc)
            lua = argv[++i];
        else if (!rules_path)
            rules_path = argv[i];
        else
            dir = argv[i];
    }
    if (only && strcmp(only, "general") != 0 && strcmp(only, "lazy") != 0 && strcmp(only, "brief") != 0 &&
        strcmp(only, "batch") != 0 && strcmp(only, "block") != 0)
        rules_path = NULL;
    if (!rules_path || (!dir && !coverage) || repeat < 1) {
        fprintf(stderr, "usage: bench_plan RULES DIR [--baseline SCORE] [--luajit MODEL.lua] [--repeat N]\n"
                        "                  [--only general|lazy|brief|batch|block]\n"
                        "       bench_plan RULES --coverage\n");
        return 2;
    }
    er_diag *d = er_diag_new(stderr);
    er_rules *rules = er_rules_load(rules_path, d);
    if (!rules)
        return 2;
    if (coverage)
        return print_coverage(rules);
    char path[4096];
    size_t n = 0;
    char **names = facts_names(dir, &n);
    if (!names)
        return 2;
    FILE *ex = expected_open(dir);
    if (!ex)
        return 2;
    er_facts **facts = calloc(n ? n : 1, sizeof *facts);
    er_evaluator *ev = er_evaluator_new(rules);
    if (!ev)
        return 2;
    eri_evaluator_lazy(ev, false); /* er_evaluate: the general evaluator, every detail */
    size_t mismatches = 0, planned_count = 0;
    for (size_t i = 0; i < n; i++) {
        expected x;
        if (!expected_next(ex, i + 1, &x))
            return 2;
        const char *subject = x.subject, *want = x.score, *level = x.level;
        int veto = x.veto;
        snprintf(path, sizeof path, "%s/facts/%s", dir, names[i]);
        if (!(facts[i] = er_facts_load(rules, path, d)))
            return 2;
        const er_result *res = er_evaluate(ev, facts[i], NULL, d);
        if (!res)
            return 2;
        const char *got = er_result_rating(res) ? er_result_rating(res) : "-";
        if (strcmp(er_result_score(res), want) != 0 || strcmp(got, level) != 0 ||
            (er_result_veto_count(res) > 0) != (veto != 0)) {
            if (mismatches++ < 10)
                fprintf(stderr, "MISMATCH %s: evalrules %s %s, oracle %s %s\n", subject, er_result_score(res), got,
                        want, level);
        }
        /* the plan gives the same answer as the general evaluator */
        eri_num general = res->score, planned;
        int32_t general_level = res->level;
        uint32_t general_vetoes = res->nvetoed;
        eri_brief b;
        if (!eri_evaluate_brief(ev, facts[i], NULL, d, &b) || eri_brief_score(rules, &b, &planned) != ERI_NUM_OK ||
            !eri_num_eq(planned, general) || b.level != general_level || b.nvetoed != general_vetoes) {
            if (mismatches++ < 10)
                fprintf(stderr, "MISMATCH %s: the plan differs from the general evaluator\n", subject);
        }
        planned_count += b.planned;
    }
    fclose(ex);
    printf("rules %s, %zu enterprises, fastest of %ld passes\n", rules_path, n, repeat);
    printf("exact matches with the oracle      %zu of %zu\n", n - mismatches, n);
    print_coverage(rules);
    printf("scored by the compiled plan        %zu of %zu%s\n", planned_count, n,
           eri_evaluator_planned(ev) ? "" : " (these rules have no plan)");

    int64_t best_general = INT64_MAX;
    for (long rep = 0; rep < passes(only, "general", repeat); rep++) {
        int64_t t0 = now_ns();
        for (size_t i = 0; i < n; i++)
            if (!er_evaluate(ev, facts[i], NULL, d))
                return 1;
        int64_t t = now_ns() - t0;
        best_general = t < best_general ? t : best_general;
    }
    figure("evalrules er_evaluate (general)", best_general, n);
    eri_evaluator_lazy(ev, true); /* through the plan, the details when read: score and level read */
    int64_t best_lazy = INT64_MAX;
    for (long rep = 0; rep < passes(only, "lazy", repeat); rep++) {
        int64_t t0 = now_ns();
        for (size_t i = 0; i < n; i++) {
            const er_result *res = er_evaluate(ev, facts[i], NULL, d);
            if (!res || !er_result_score(res) || er_result_level(res) < -1)
                return 1;
        }
        int64_t t = now_ns() - t0;
        best_lazy = t < best_lazy ? t : best_lazy;
    }
    figure("evalrules er_evaluate (plan, lazy)", best_lazy, n);

    int64_t best_plan = INT64_MAX;
    for (long rep = 0; rep < passes(only, "brief", repeat); rep++) {
        eri_brief b;
        int64_t t0 = now_ns();
        for (size_t i = 0; i < n; i++)
            if (!eri_evaluate_brief(ev, facts[i], NULL, d, &b))
                return 1;
        int64_t t = now_ns() - t0;
        best_plan = t < best_plan ? t : best_plan;
    }
    figure("evalrules plan (score, level)", best_plan, n);

    /* the same on a batch: every enterprise's row in one block (facts.h) */
    uint8_t *rows = eri_facts_rows((const er_facts *const *)facts, n);
    uint32_t row_size = n ? facts[0]->row_size : 0;
    if (!rows)
        return 2;
    int64_t best_batch = INT64_MAX;
    for (long rep = 0; rep < passes(only, "batch", repeat); rep++) {
        eri_brief b;
        int64_t t0 = now_ns();
        for (size_t i = 0; i < n; i++)
            if (!eri_evaluate_row(ev, facts[i], rows + i * row_size, NULL, d, &b))
                return 1;
        int64_t t = now_ns() - t0;
        best_batch = t < best_batch ? t : best_batch;
    }
    figure("evalrules plan on a batch", best_batch, n);
    /* the public form of the same: a block (er_block), er_evaluate_at, score and level read */
    er_block *block = er_block_new(rules, (const er_facts *const *)facts, n);
    if (!block)
        return 2;
    int64_t best_block = INT64_MAX;
    for (long rep = 0; rep < passes(only, "block", repeat); rep++) {
        int64_t t0 = now_ns();
        for (size_t i = 0; i < n; i++) {
            const er_result *res = er_evaluate_at(ev, block, i, NULL, d);
            if (!res || !er_result_score(res) || er_result_level(res) < -1)
                return 1;
        }
        int64_t t = now_ns() - t0;
        best_block = t < best_block ? t : best_block;
    }
    er_block_free(block);
    figure("evalrules er_evaluate_at (a block)", best_block, n);
    uint32_t items = 0;
    for (uint32_t i = 0; i < rules->nnodes; i++)
        items += rules->nodes[i].is_item;
    if (n && items && best_batch != INT64_MAX) { /* how cost grows with the model: time per item (run_scaled.sh) */
        int64_t per = best_batch * 100 / (int64_t)n, per_item = best_batch * 100 / ((int64_t)n * items);
        printf("%-34s %7lld.%02lld ns per enterprise, %lld.%02lld ns per item (%u items)\n", "plan on a batch",
               (long long)(per / 100), (long long)(per % 100), (long long)(per_item / 100), (long long)(per_item % 100),
               items);
    }
    size_t held = 0;
    for (size_t i = 0; i < n; i++)
        held += eri_arena_used(facts[i]->arena) + sizeof *facts[i];
    printf("%-34s %10u bytes per enterprise (the batch's row)\n", "memory held for the plan", row_size);
    printf("%-34s %10zu bytes per enterprise (its arena and struct)\n", "memory held by a loaded facts file",
           n ? held / n : 0);
    eri_free(rows);

    int64_t best_c = INT64_MAX;
    for (long rep = 0; score && rep < repeat; rep++) {
        char run[4200];
        snprintf(run, sizeof run, "'%s'", score);
        int64_t t = peer_ns(run, dir, "baseline");
        if (t < 0) {
            fprintf(stderr, "bench_plan: the baseline %s did not run on %s/flat.tsv\n", score, dir);
            return 2;
        }
        best_c = t < best_c ? t : best_c;
    }
    if (score) {
        figure("hand-written C baseline", best_c, n);
        ratio("general: share of C speed", best_c, best_general);
        ratio("plan: share of C speed", best_c, best_plan);
        ratio("plan on a batch: share of C speed", best_c, best_batch);
        ratio("er_evaluate_at: share of C speed", best_c, best_block);
    }
    if (lua) { /* LuaJIT with the same model: its fastest of three passes, from one run */
        char run[4200];
        snprintf(run, sizeof run, "luajit '%s'", lua);
        int64_t t = peer_ns(run, dir, "luajit");
        if (t < 0) {
            fprintf(stderr, "bench_plan: luajit %s did not run on %s/flat.tsv\n", lua, dir);
            return 2;
        }
        figure("LuaJIT, the same model", t, n);
        ratio("plan on a batch: times LuaJIT", t, best_batch);
    }

    er_evaluator_free(ev);
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
