/* batch.h — the parts of a batch (evalrules_tools.h: er_batch) shared by
 * batch.c (the inputs read into records, the summary) and batch_pipe.c
 * (the pipeline: records evaluated by long-lived workers while the main
 * thread reads the next block and writes the last one). */
#ifndef ERI_BATCH_H
#define ERI_BATCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "evalrules_tools.h"
#include "lines.h"
#include "records.h"

enum { PER_THREAD = 256, MAX_THREADS = 64 };

/* An invalid CSV header's first error, which every row under it names. */
typedef struct bad_header {
    char msg[512];
    int line, column;
} bad_header;

typedef struct item {
    eri_rec_format kind;
    const char *input; /* the input's name in messages */
    char *path;        /* a facts file's path (malloc'd) */
    eri_rec rec;       /* a record's bytes */
    const eri_csv_header *header;
    const struct bad_header *bad; /* a CSV row under an invalid header: its error line says why */
    /* what its thread made of it */
    char *id;
    size_t out_at, out_len, err_at, err_len;
    bool invalid, io_failed, vetoed;
    unsigned errors, warnings; /* its diagnostics */
    int level; /* -1 not rated */
} item;

/* A worker's memory streams for one block: the reports and diagnostics of
 * its slice, which the main thread writes out while the worker fills the
 * other block's. */
typedef struct outs {
    FILE *out, *err;
    char *out_buf, *err_buf;
    size_t out_size, err_size;
    bool failed; /* out of memory or a write failed */
} outs;

/* A block of records read: each worker evaluates its contiguous slice. */
typedef struct block {
    item *items;
    size_t n;
    item *from[MAX_THREADS], *to[MAX_THREADS];
} block;

typedef struct worker {
    er_batch *b;
    er_evaluator *ev;
    eri_rec_scratch *scratch; /* a record's room, reused */
    outs o[2];                /* per block */
    pthread_t tid;
} worker;

struct er_batch {
    const er_rules *r;
    er_batch_opts o;
    er_report_format format;
    bool lines, csv; /* a batch format; csv: its header is written once */
    FILE *out;
    er_diag *d;
    char digest[ER_SHA256_HEX];
    worker w[MAX_THREADS];
    unsigned nthreads;
    block blocks[2]; /* one read into while the other is evaluated */
    size_t cap;      /* records a block holds */
    int fill;        /* the block being read into */
    int flight;      /* the block evaluating or evaluated, not yet written; -1 none */
    /* the workers' threads (-j 2 and more): started once, handed each block */
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    unsigned gen, ndone, nstarted;
    int posted; /* the block of generation gen */
    bool threaded, quit;
    eri_csv_header **headers;
    size_t nheaders;
    bad_header **bad; /* the invalid ones' errors */
    size_t nbad;
    bool written, io_failed, failed;
    er_batch_counts counts;
    size_t *levels;
    /* --output-dir: names given so far (an open-addressing set) */
    char **names;
    size_t nnames, names_cap;
};

/* Start the workers' threads (nthreads > 1); without them the blocks are
 * evaluated in the calling thread, with the same output. */
void eri_batch_start(er_batch *b);
/* Stop and join them. */
void eri_batch_stop(er_batch *b);
/* Add a record to the block being read (evaluating and writing blocks as
 * they fill). */
void eri_batch_push(er_batch *b, const item *it);
/* Evaluate and write every record added so far. */
void eri_batch_flush(er_batch *b);
/* The first error of a diagnostics text: its line, column and message
 * (colour codes skipped) into l (msg: room for the message). */
void eri_batch_first_error(const char *text, size_t len, eri_line *l, char *msg, size_t cap);

#endif
