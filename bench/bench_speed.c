/* bench_speed.c — evaluations per second: one evaluation (a reused
 * er_evaluator against er_eval allocating its result), compare-style (every
 * enterprise under K schemes) and a weight sweep (R runs × E enterprises on
 * one and on two threads).
 *
 *   bench_speed RULES (DIR | FACTS...) [--enterprises E] [--repeat N]
 *               [--schemes K] [--runs R]
 *
 * DIR is what ../shared/bench/gen_facts.py writes (its facts/NNNNNN.facts are
 * read, in name order); the first E enterprises are used (default 100), the
 * files loaded again in turn when there are fewer than E.
 * Timing is reporting only, in integer nanoseconds: no number here touches
 * a score, and no floating point is used. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "eval.h"
#include "evalrules.h"
#include "evalrules_tools.h"
#include "plan.h"
#include "sweep.h"

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* the CPU time of the process, all its threads */
static int64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* "what   123456 evaluations/s   (N in M ms, X.XX µs each)" */
static void figure(const char *what, int64_t ns, int64_t evals)
{
    if (ns <= 0)
        ns = 1;
    int64_t per_s = evals * 1000000000 / ns, per = evals ? ns * 100 / 1000 / evals : 0;
    printf("%-40s %9lld evaluations/s  (%lld in %lld ms, %lld.%02lld µs each)\n", what, (long long)per_s,
           (long long)evals, (long long)(ns / 1000000), (long long)(per / 100), (long long)(per % 100));
}

/* The facts files of DIR/facts, sorted; NULL when DIR is not a directory. */
static char **dir_files(const char *dir, size_t *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/facts", dir);
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    size_t cap = 256;
    char **names = malloc(cap * sizeof *names);
    *n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strstr(e->d_name, ".facts"))
            continue;
        if (*n == cap)
            names = realloc(names, (cap *= 2) * sizeof *names);
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[*n] = malloc(len);
        snprintf(names[*n], len, "%s/%s", path, e->d_name);
        (*n)++;
    }
    closedir(d);
    qsort(names, *n, sizeof *names, by_name);
    return names;
}

int main(int argc, char **argv)
{
    long enterprises = 100, repeat = 20, nschemes = 8, runs = 1000;
    const char *rules_path = NULL;
    char **files = calloc((size_t)argc, sizeof *files);
    size_t nfiles = 0;
    bool owned = false;
    for (int i = 1; i < argc; i++) {
        long *opt = strcmp(argv[i], "--enterprises") == 0 ? &enterprises
                    : strcmp(argv[i], "--repeat") == 0    ? &repeat
                    : strcmp(argv[i], "--schemes") == 0   ? &nschemes
                    : strcmp(argv[i], "--runs") == 0      ? &runs
                                                          : NULL;
        struct stat st;
        if (opt && i + 1 < argc)
            *opt = strtol(argv[++i], NULL, 10);
        else if (!rules_path)
            rules_path = argv[i];
        else if (nfiles == 0 && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            free(files);
            files = dir_files(argv[i], &nfiles);
            owned = true;
        } else
            files[nfiles++] = argv[i];
    }
    if (!rules_path || !files || nfiles == 0 || enterprises < 1 || repeat < 1 || nschemes < 1 || runs < 1) {
        fprintf(stderr, "usage: bench_speed RULES (DIR | FACTS...) [--enterprises E] [--repeat N] [--schemes K] "
                        "[--runs R]\n");
        return 2;
    }
    er_diag *d = er_diag_new(stderr);
    er_rules *r = er_rules_load(rules_path, d);
    if (!r)
        return 2;
    /* fewer files than E: each is loaded again, in turn, as another enterprise */
    size_t n = (size_t)enterprises;
    er_facts **facts = calloc(n, sizeof *facts);
    for (size_t i = 0; i < n; i++)
        if (!(facts[i] = er_facts_load(r, files[i % nfiles], d)))
            return 2;
    printf("rules %s, %zu enterprises (from %zu files)\n", rules_path, n, nfiles < n ? nfiles : n);

    /* one evaluation: allocating against reused */
    int64_t t0 = now_ns();
    for (long k = 0; k < repeat; k++)
        for (size_t i = 0; i < n; i++)
            er_result_free(er_eval(r, facts[i], d));
    figure("single: er_eval (allocates)", now_ns() - t0, repeat * (int64_t)n);
    er_evaluator *ev = er_evaluator_new(r);
    /* er_evaluate and its score and level read: through the plan (the
     * details made only when read), and every detail by the general evaluator */
    unsigned sink = 0;
    for (int lazy = 1; lazy >= 0; lazy--) {
        eri_evaluator_lazy(ev, lazy);
        t0 = now_ns();
        for (long k = 0; k < repeat; k++)
            for (size_t i = 0; i < n; i++) {
                const er_result *res = er_evaluate(ev, facts[i], NULL, d);
                if (!res)
                    return 1;
                sink += (unsigned)er_result_level(res) + (unsigned)er_result_score(res)[0];
            }
        figure(lazy ? "single: er_evaluate + score, level" : "single: er_evaluate, every detail",
               now_ns() - t0, repeat * (int64_t)n);
    }
    eri_evaluator_lazy(ev, true);
    if (sink == 1)
        printf("\n"); /* the reads are used */

    /* compare-style: K schemes, each the base perturbed by ±10% */
    eri_num *points = calloc((size_t)nschemes * r->nnodes, sizeof *points);
    eri_num *factor = calloc(r->nnodes, sizeof *factor), *scratch = calloc(2 * (size_t)r->nnodes, sizeof *scratch);
    er_scheme *schemes = calloc((size_t)nschemes, sizeof *schemes);
    eri_num quantum = {1, 1000}, spread = {1, 10};
    for (long k = 0; k < nschemes; k++) {
        eri_rng g;
        eri_rng_seed(&g, 2024, (uint64_t)k);
        for (uint32_t i = 0; i < r->nnodes; i++)
            eri_sweep_factor(spread, eri_rng_step(&g), &factor[i]);
        schemes[k] = r->base;
        schemes[k].points = points + (size_t)k * r->nnodes;
        if (!eri_sweep_points(r, r->base.points, factor, quantum, schemes[k].points, scratch))
            return 1;
    }
    eri_evaluator_lazy(ev, false); /* every detail, by the general evaluator */
    t0 = now_ns();
    for (long k = 0; k < repeat; k++)
        for (size_t i = 0; i < n; i++)
            for (long s = 0; s < nschemes; s++)
                if (!er_evaluate(ev, facts[i], &schemes[s], d))
                    return 1;
    eri_evaluator_lazy(ev, true);
    char what[96];
    snprintf(what, sizeof what, "compare: %ld schemes × %zu enterprises", nschemes, n);
    figure(what, now_ns() - t0, repeat * nschemes * (int64_t)n);
    /* as compare does it: the plan, and a memo per enterprise of what no weight changes (plan.h) */
    const eri_plan *plan = eri_evaluator_plan(ev);
    eri_plan_memo *memo = plan && eri_plan_memo_slots(plan) ? eri_plan_memo_new(plan) : NULL;
    t0 = now_ns();
    for (long k = 0; k < repeat; k++)
        for (size_t i = 0; i < n; i++) {
            if (memo)
                eri_plan_memo_clear(memo);
            for (long s = 0; s < nschemes; s++) {
                eri_brief b;
                if (!eri_evaluate_memo(ev, facts[i], &schemes[s], memo, s == 0, d, &b))
                    return 1;
            }
        }
    snprintf(what, sizeof what, "compare on the plan: %ld schemes × %zu", nschemes, n);
    figure(what, now_ns() - t0, repeat * nschemes * (int64_t)n);
    eri_plan_memo_free(memo);

    /* sweep: R runs × E enterprises, on 1 and 2 threads; the time includes
     * the centre and the one-at-a-time ranking (E × (nodes + 2) evaluations
     * more, counted here as they are done) */
    printf("(a sweep also evaluates each enterprise under the centre and once per weight raised alone)\n");
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        er_sweep_opts o = {.spread = "10%", .runs = (unsigned long)runs, .seed = 1, .jobs = jobs};
        t0 = now_ns();
        int64_t c0 = cpu_ns();
        er_sweep *sw = er_sweep_run(r, (const er_facts *const *)facts, n, &o, d);
        int64_t ns = now_ns() - t0, cpu = cpu_ns() - c0;
        if (!sw)
            return 1;
        snprintf(what, sizeof what, "sweep: %ld runs × %zu, %u thread%s", runs, n, jobs, jobs > 1 ? "s" : "");
        figure(what, ns, runs * (int64_t)n);
        /* on a shared machine the wall time waits for other jobs: the CPU time the sweep took */
        printf("%-40s %9lld ms of CPU (all threads)\n", "", (long long)(cpu / 1000000));
        er_sweep_free(sw);
    }

    er_evaluator_free(ev);
    free(schemes);
    free(points);
    free(factor);
    free(scratch);
    for (size_t i = 0; i < n; i++)
        er_facts_free(facts[i]);
    free(facts);
    if (owned)
        for (size_t i = 0; i < nfiles; i++)
            free(files[i]);
    free(files);
    er_rules_free(r);
    er_diag_free(d);
    return 0;
}
