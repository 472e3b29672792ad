/* oracle_data.h — what the benchmark programs that read the shared
 * oracle's data share: a monotonic clock, and the data directory written
 * by ../shared/bench/gen_facts.py (facts/NAME.facts, and expected.tsv in
 * the facts files' name order). */
#ifndef BENCH_ORACLE_DATA_H
#define BENCH_ORACLE_DATA_H

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The names of the .facts files in dir/facts, in name order (expected.tsv's order),
 * *n of them (malloc'd, as each name); NULL after saying why. */
static inline char **facts_names(const char *dir, size_t *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/facts", dir);
    DIR *dd = opendir(path);
    if (!dd) {
        perror(path);
        return NULL;
    }
    size_t cap = 1024;
    char **names = malloc(cap * sizeof *names);
    *n = 0;
    for (struct dirent *e; names && (e = readdir(dd));) {
        if (!strstr(e->d_name, ".facts"))
            continue;
        if (*n == cap) {
            char **more = realloc(names, (cap *= 2) * sizeof *names);
            if (!more) {
                free(names);
                names = NULL;
                break;
            }
            names = more;
        }
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(dd);
    if (!names) {
        fprintf(stderr, "%s: out of memory\n", path);
        return NULL;
    }
    qsort(names, *n, sizeof *names, by_name);
    return names;
}

/* One line of expected.tsv: the subject, the exact score rounded half-up
 * to 0.1, the level or '-', and whether a veto fired.  False at the end
 * or on a line that does not read (said, with its number). */
typedef struct expected {
    char subject[256], score[64], level[128];
    int veto;
} expected;

static inline FILE *expected_open(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/expected.tsv", dir);
    FILE *ex = fopen(path, "r");
    if (!ex)
        perror(path);
    return ex;
}

static inline bool expected_next(FILE *ex, size_t line, expected *x)
{
    if (fscanf(ex, "%255s\t%63s\t%127[^\t]\t%d", x->subject, x->score, x->level, &x->veto) == 4)
        return true;
    fprintf(stderr, "expected.tsv: line %zu unreadable\n", line);
    return false;
}

#endif
