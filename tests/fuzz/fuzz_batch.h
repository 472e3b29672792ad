/* fuzz_batch.h — what fuzz_jsonl.c and fuzz_csv.c share: the input, as a
 * batch file of their kind, read by the batch driver (batch.c: records.c,
 * records_jsonl.c or records_csv.c, the facts reader's checks, the plan's
 * brief and the general evaluator) against rules/gbt27922.rules and written
 * as JSON Lines and as CSV.  Oracles: a JSON line per record (an invalid
 * CSV header counts as one invalid record and writes none); CSV: a header
 * and a row per record scored; total = scored + invalid; two threads write
 * the bytes one does. */
#ifndef ERI_FUZZ_BATCH_H
#define ERI_FUZZ_BATCH_H

#include <unistd.h>

#include "fuzz.h"

static er_rules *batch_rules;
static char batch_path[64];

static void batch_remove(void) { remove(batch_path); }

/* The input is written to a file of the process's own (removed at exit):
 * the batch driver reads files, as the command line gives them. */
static void batch_init(const char *ext)
{
    batch_rules = fuzz_bundled_rules("rules/gbt27922.rules");
    snprintf(batch_path, sizeof batch_path, "/tmp/evalrules-fuzz-%ld.%s", (long)getpid(), ext);
    atexit(batch_remove);
}

/* The batch's output in format, with threads; its counts in *counts. */
static char *batch_run(const char *format, unsigned threads, size_t *len, er_batch_counts *counts)
{
    char *out = NULL;
    FILE *m = open_memstream(&out, len);
    FUZZ_ASSERT(m != NULL, "open_memstream");
    er_report_opts ropts = {.date = "2026-03-27"};
    er_batch_opts o = {.format = format, .report = &ropts, .threads = threads};
    er_diag *d = er_diag_new(NULL);
    er_batch *b = er_batch_new(batch_rules, &o, m, d);
    FUZZ_ASSERT(b != NULL, "er_batch_new");
    bool read = er_batch_add(b, batch_path);
    bool done = er_batch_finish(b);
    FUZZ_ASSERT(read && done, "the batch file could not be read or written (%d, %d)", read, done);
    *counts = *er_batch_counts_of(b);
    counts->levels = NULL; /* er_batch_free frees them */
    er_batch_free(b);
    er_diag_free(d);
    fclose(m);
    return out;
}

static size_t lines_of(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

static int batch_one(const uint8_t *data, size_t size)
{
    FILE *f = fopen(batch_path, "wb");
    FUZZ_ASSERT(f != NULL, "cannot write %s", batch_path);
    FUZZ_ASSERT(fwrite(data, 1, size, f) == size && fclose(f) == 0, "cannot write %s", batch_path);
    size_t len1, len2, len3;
    er_batch_counts c1, c2, c3;
    char *one = batch_run("jsonl", 1, &len1, &c1);
    FUZZ_ASSERT(c1.total == c1.scored + c1.invalid, "total %zu, scored %zu, invalid %zu", c1.total, c1.scored,
                c1.invalid);
    /* a line per record, scored or invalid; a CSV header that is invalid counts as one invalid and
     * writes none (no row of its file is read) */
    size_t n1 = lines_of(one, len1);
    FUZZ_ASSERT(c1.scored <= n1 && n1 <= c1.total, "%zu lines for %zu records (%zu scored)", n1, c1.total,
                c1.scored);
    char *two = batch_run("jsonl", 2, &len2, &c2);
    FUZZ_ASSERT(len1 == len2 && memcmp(one, two, len1) == 0, "-j 2 wrote other bytes than -j 1");
    FUZZ_ASSERT(c1.total == c2.total && c1.invalid == c2.invalid, "-j 2 counted otherwise");
    char *table = batch_run("csv", 1, &len3, &c3);
    FUZZ_ASSERT(c3.total == c1.total && c3.invalid == c1.invalid, "the CSV output counted otherwise");
    /* a header, then a row per record (a row may hold quoted line breaks: at least as many) */
    FUZZ_ASSERT(lines_of(table, len3) >= c3.scored + 1, "%zu CSV lines for %zu records scored",
                lines_of(table, len3), c3.scored);
    free(one);
    free(two);
    free(table);
    return 0;
}

#endif
