/* records.h — the records of a batch (docs/batch.md): JSON Lines and CSV
 * read one record at a time from a stream, each typed as a facts file is
 * (facts.h: eri_facts_from_record), so that a value means the same in every
 * form.
 *
 * Reading is two steps, so that a batch can be read by one thread and typed
 * by many: eri_rec_next splits the stream into records (a JSON Lines line,
 * a CSV row, which may span lines inside quotes) with bounded memory, and
 * eri_jsonl_facts / eri_csv_facts parse and type one record.  Errors name the
 * input file and the record's line and column (FILE:LINE:COL: error: …). */
#ifndef ERI_RECORDS_H
#define ERI_RECORDS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "facts.h"

typedef enum eri_rec_format { ERI_REC_FACTS, ERI_REC_JSONL, ERI_REC_CSV } eri_rec_format;

/* A record is at most this long; a longer one is cut and invalid. */
#define ERI_REC_MAX (16u << 20)

/* One record's bytes as read, without its line end. */
typedef struct eri_rec {
    char *text; /* malloc'd, NUL-terminated */
    size_t len;
    uint32_t line; /* its first line in the input (1-based) */
    bool too_long; /* more than ERI_REC_MAX bytes: text holds the first ERI_REC_MAX */
} eri_rec;

typedef struct eri_rec_reader eri_rec_reader;
/* Records of in (not closed here), JSON Lines or CSV: blank lines are
 * skipped, a UTF-8 byte order mark at the start too.  NULL when out of memory. */
eri_rec_reader *eri_rec_open(FILE *in, eri_rec_format format);
/* The next record into *out (its text is the caller's to free): 1, or 0 at
 * the end, -1 when reading failed (errno) or memory ran out (ENOMEM). */
int eri_rec_next(eri_rec_reader *rr, eri_rec *out);
void eri_rec_close(eri_rec_reader *rr);
/* Number the stream's lines from line instead of 1 (a part of a larger
 * file: --first-line, docs/batch.md "Scale-out"). */
void eri_rec_set_line(eri_rec_reader *rr, uint32_t line);

/* Room a thread reuses from record to record (the given facts and
 * exclusions, the unescaped strings, a CSV row's fields), so that a record
 * allocates little of its own; NULL when out of memory. */
typedef struct eri_rec_scratch {
    eri_given *facts, *excl;
    uint32_t capf, cape;
    char *pool;
    size_t pool_cap;
    void *fields; /* records_csv.c's */
    uint32_t fields_cap;
} eri_rec_scratch;
eri_rec_scratch *eri_rec_scratch_new(void);
void eri_rec_scratch_free(eri_rec_scratch *sc);

/* A JSON Lines record (docs/batch.md, "JSON Lines"):
 *   {"id": "E1", "subject": "…", "facts": {"name": value, …},
 *    "exclude": [{"indicator": "5.2.3", "reason": "…"}]}
 * every key optional.  The facts, or NULL after reporting; *id the record's
 * id when it gives one (malloc'd; also for an invalid record when its id
 * could be read), else NULL.  name: the input's name in messages. */
er_facts *eri_jsonl_facts(const er_rules *r, const char *name, const eri_rec *rec, char **id, er_diag *d);
/* For tests: false reads every record with yajl, as the plain reader's
 * fallback does (records_jsonl.c: plain), so that the two can be compared. */
void eri_jsonl_set_plain(bool on);
/* The same in sc's room, rec's text taken (NULL after: no copy made). */
er_facts *eri_jsonl_facts_in(eri_rec_scratch *sc, const er_rules *r, const char *name, eri_rec *rec, char **id,
                             er_diag *d);

/* A CSV file's header: fact names, and the columns id, subject, exclude. */
typedef struct eri_csv_header eri_csv_header;
/* The header from the file's first record, its fact columns known to r;
 * NULL after reporting. */
eri_csv_header *eri_csv_header_read(const er_rules *r, const char *name, const eri_rec *rec, er_diag *d);
void eri_csv_header_free(eri_csv_header *h);
/* A data row, as eri_jsonl_facts. */
er_facts *eri_csv_facts(const er_rules *r, const eri_csv_header *h, const char *name, const eri_rec *rec, char **id,
                        er_diag *d);
er_facts *eri_csv_facts_in(eri_rec_scratch *sc, const er_rules *r, const eri_csv_header *h, const char *name,
                           eri_rec *rec, char **id, er_diag *d);

/* The source of a record for its diagnostics (its line_base set), or NULL
 * after reporting out of memory; take: rec's text taken (NULL after), not copied. */
eri_source *eri_rec_source(const char *name, const eri_rec *rec, er_diag *d);
eri_source *eri_rec_source_take(const char *name, eri_rec *rec, er_diag *d);

#endif
