/* bench_scale.c — how loading and evaluation grow with the size of the rules.
 *
 *   bench_scale [--max ITEMS] [--repeat N]
 *
 * For 60, 600, 6,000 and 60,000 items (up to --max), rules are generated in
 * memory — indicators of ten items each, scored in turn by 'pass when',
 * 'ratio', 'grade' and 'score' with a named value — with a facts file of
 * one line per item, and the program prints the time to load the rules
 * (parse and check), to load the facts, and to evaluate (the mean of N
 * evaluations with one reused er_evaluator), each also per item, so that
 * linear growth shows as a steady time per item.  Timing is reporting only,
 * in integer nanoseconds; no floating point is used.  Exit 1 when a load or
 * an evaluation fails. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evalrules.h"

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* rules and facts of n items (a multiple of 10) */
static void generate(long n, char **rules, size_t *rlen, char **facts, size_t *flen)
{
    FILE *r = open_memstream(rules, rlen), *f = open_memstream(facts, flen);
    fprintf(r, "standard \"T/SCALE-%ld\"\n", n);
    fprintf(f, "subject = \"scale %ld\"\n", n);
    for (long i = 0; i < n; i++) {
        switch (i % 4) {
        case 0:
            fprintf(r, "fact f%ld : bool \"q%ld\"\n", i, i);
            fprintf(f, "f%ld = %s\n", i, i % 3 ? "yes" : "no");
            break;
        case 1:
            fprintf(r, "fact f%ld : sample \"q%ld\"\n", i, i);
            fprintf(f, "f%ld = %ld/30\n", i, 20 + i % 11);
            break;
        case 2:
            fprintf(r, "fact f%ld : percent \"q%ld\" range 0%%..100%%\n", i, i);
            fprintf(f, "f%ld = %ld%%\n", i, 50 + i % 50);
            break;
        default:
            fprintf(r, "fact f%ld : int \"q%ld\" range 0..\n", i, i);
            fprintf(f, "f%ld = %ld\n", i, i % 13);
            break;
        }
    }
    for (long g = 0; g < n / 10; g++) {
        fprintf(r, "indicator s%ld \"indicator %ld\" points 10 {\n", g, g);
        for (long j = 0; j < 10; j++) {
            long i = g * 10 + j;
            fprintf(r, "  item s%ld.k%ld \"item %ld\" points 1 { ", g, j, i);
            switch (i % 4) {
            case 0: fprintf(r, "pass when f%ld }\n", i); break;
            case 1: fprintf(r, "ratio f%ld }\n", i); break;
            case 2: fprintf(r, "grade f%ld { >= 90%% : 100%%  >= 60%% : 50%%  otherwise 0 } }\n", i); break;
            default: fprintf(r, "let need%ld = max(1, ceil(f%ld * 10%%))  score points * min(1, f%ld / 12 + need%ld / 100) }\n",
                             i, i, i, i);
            }
        }
        fprintf(r, "}\n");
    }
    fprintf(r, "total { normalize to 100  round half_up to 0.1 }\n"
               "rating { level \"A\" at 90  level \"B\" at 70  otherwise \"none\" }\n");
    fclose(r);
    fclose(f);
}

/* "  12.345 ms   1.234 µs/item" from ns over n items */
static void show(int64_t ns, long n)
{
    int64_t per = ns * 1000 / n; /* picoseconds per item */
    printf("  %6lld.%03lld ms %5lld.%03lld µs/item", (long long)(ns / 1000000), (long long)(ns / 1000 % 1000),
           (long long)(per / 1000000), (long long)(per / 1000 % 1000));
}

int main(int argc, char **argv)
{
    long max = 60000, repeat = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--max") == 0 && i + 1 < argc)
            max = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = strtol(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "usage: bench_scale [--max ITEMS] [--repeat N]\n");
            return 2;
        }
    }
    if (repeat < 1)
        repeat = 1;
    er_diag *d = er_diag_new(stderr);
    printf("%7s %8s  %28s  %28s  %28s\n", "items", "bytes", "load rules", "load facts", "evaluate");
    int status = 0;
    for (long n = 60; n <= max && status == 0; n *= 10) {
        char *rules = NULL, *facts = NULL;
        size_t rlen = 0, flen = 0;
        generate(n, &rules, &rlen, &facts, &flen);
        int64_t t0 = now_ns();
        er_rules *r = er_rules_load_string("scale.rules", rules, rlen, d);
        int64_t t1 = now_ns();
        er_facts *f = r ? er_facts_load_string(r, "scale.facts", facts, flen, d) : NULL;
        int64_t t2 = now_ns();
        er_evaluator *ev = f ? er_evaluator_new(r) : NULL;
        const er_result *res = NULL;
        for (long k = 0; ev && k < repeat; k++)
            res = er_evaluate(ev, f, NULL, d);
        int64_t t3 = now_ns();
        if (!r || !f || !ev || !res) {
            fprintf(stderr, "bench_scale: %ld items: %s failed\n", n, !r ? "loading the rules" : !f ? "loading the facts"
                                                                                                : "the evaluation");
            status = 1;
        } else {
            printf("%7ld %8zu", n, rlen + flen);
            show(t1 - t0, n);
            show(t2 - t1, n);
            show((t3 - t2) / repeat, n);
            printf("   score %s\n", er_result_score(res));
        }
        er_evaluator_free(ev);
        er_facts_free(f);
        er_rules_free(r);
        free(rules);
        free(facts);
    }
    er_diag_free(d);
    return status;
}
