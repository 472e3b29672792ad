/* facts.h — an auditor's facts file, typed by the rules' declarations.
 *
 *   # comments
 *   subject = "某某电器有限公司"        (also: subject "…")
 *   org.department = yes               bool: yes/no (true/false)
 *   staff.managers = 42                int
 *   funds.ratio = 3.5                  decimal
 *   satisfaction = 92.5%               percent
 *   complaints.sample = 18/20          sample: conforming/sampled
 *   audit.team = "张三、李四"           text
 *   audit.date = 2026-10-12            date
 *   channel = online                   enum (bare or quoted)
 *   exclude 5.2.3 "本企业不提供配送服务"  an indicator not applicable, with a reason
 */
#ifndef ERI_FACTS_H
#define ERI_FACTS_H

#include "rules.h"

typedef struct eri_fact_entry {
    bool present;         /* given in the file, or defaulted */
    bool left_empty;      /* not given, but named by a batch record without a value (an empty CSV cell,
                             JSON null): span is where, for the error if it is missing */
    bool defaulted;       /* value is the declaration's default */
    eri_value value;
    eri_span span;         /* the value in the facts file */
    int line;             /* its line (0 when defaulted) */
    const char *file;     /* the file that gave it (an overlay's name, or the facts file's) */
    uint32_t layer;       /* 0: the facts file; 1, 2…: overlays read over it */
} eri_fact_entry;

typedef struct eri_exclusion {
    int32_t node;
    const char *reason;
    eri_span span;
    int line;
    const char *file;
    uint32_t layer;
} eri_exclusion;

/* The facts' values again, compactly, for the compiled plan (plan.h): one
 * row per enterprise, every fact at the offset eri_row_layout gives (the
 * same for every enterprise of a rule set, so that a batch is one block of
 * rows).  Byte 0: ERI_ROW_EXCLUDED when the auditor excluded an indicator.
 * Then numbers (int, decimal) as two int32 a / b, b == 0 when absent or
 * beyond 32 bits; percents as int16 a / uint16 b, b == 0 when absent or
 * beyond 16 bits; samples as two bytes k, n, n == 0 when absent or more
 * than 255; bools as one byte 0/1, ERI_ROW_ABSENT when absent.  Text, dates
 * and enums are not held (ERI_ROW_NONE).  Then the auditor's exclusions
 * (eri_row_node_layout). */
#define ERI_ROW_EXCLUDED 1
#define ERI_ROW_ABSENT 0xFF
#define ERI_ROW_NONE UINT32_MAX
/* The row's size in bytes (a multiple of 4); each fact's offset into offsets
 * when not NULL (r->nfacts of them). */
uint32_t eri_row_layout(const er_rules *r, uint32_t *offsets);
/* After the facts, one byte per node the rules mark 'excludable': 1 when
 * the auditor excluded it, else 0.  Each node's offset into node_at
 * (r->nnodes of them; ERI_ROW_NONE for a node that is not excludable). */
void eri_row_node_layout(const er_rules *r, uint32_t *node_at);
/* Lays r's row out once (after checking, in r's arena): the facts it holds
 * in row order, and its size, so that each facts' row is packed without
 * working the layout out again. */
void eri_row_lay(er_rules *r);
/* f's row (f->row, its room made with f, else in its arena) filled from its
 * entries: once the file or an overlay is read */
void eri_facts_densify(er_facts *f);
/* The rows of n facts (each of the rules of f[0]) in one block of n × the
 * row size, or NULL when memory ran out; free with eri_free. */
uint8_t *eri_facts_rows(const er_facts *const *f, size_t n);

struct er_facts {
    const er_rules *rules;
    eri_source *src;
    eri_arena *arena;      /* strings of this file */
    const char *subject;  /* "" when absent */
    int subject_line;
    uint32_t subject_layer;
    eri_fact_entry *entries; /* one per rules->facts */
    uint8_t *row;          /* the values again for the plan (eri_row_layout; rebuilt after an overlay) */
    uint32_t row_size;
    eri_exclusion *exclusions;
    uint32_t nexclusions, excap;
    eri_source **overlays; /* sources of er_facts_overlay_string, freed with the facts */
    uint32_t noverlays;
    bool ignore_unknown;  /* facts and indicators the rules do not know are skipped */
    uint32_t ignored;     /* how many were */
};

/* The auditor excluded node i (directly, not through an ancestor); its entry or NULL. */
const eri_exclusion *eri_facts_excluded(const er_facts *f, int32_t node);
/* Fact i's value as the auditor wrote it (from the file or overlay that
 * gave it), the default's text, or "(missing)"; cut to cap - 1 bytes. */
const char *eri_facts_value_text(const er_facts *f, int32_t fact, char *buf, size_t cap);

/* er_facts_load_string and er_facts_overlay_string for text that is a window
 * of a file named name: line_base lines of it come before text[0], so that
 * messages and reports give the file's own line numbers (a test file's case:
 * its facts lines, not the whole file per case). */
er_facts *eri_facts_load_window(const er_rules *r, const char *name, const char *text, size_t len, uint32_t line_base,
                               er_diag *d);
bool eri_facts_overlay_window(er_facts *f, const char *name, const char *text, size_t len, uint32_t line_base,
                              er_diag *d);

/* ---- facts from a record of a batch (records.h: JSON Lines, CSV) -------- */
/* A name given with a value (a fact) or a reason (an exclusion's indicator
 * id), as a record's reader found them in the record's text (the source
 * handed to eri_facts_from_record).  Values are typed and checked exactly as
 * a facts file's: a value is its bare text value (in_place: "27/30", "88%",
 * "true", a JSON number as written) or, for text and enum facts, str. */
typedef struct eri_given {
    const char *name; /* a fact's name or an indicator's id (not NUL-terminated) */
    uint32_t name_len;
    eri_span at;      /* the name in the text */
    eri_span value;   /* the value (or reason) in the text */
    const char *str;  /* the value's or reason's text when a string (unescaped), else NULL */
    size_t str_len;
    bool in_place;    /* text[value] is the value as written (false with str NULL: not given, JSON null) */
} eri_given;
typedef struct eri_record {
    const char *subject; /* NUL-terminated, or NULL */
    const eri_given *facts;
    uint32_t nfacts;
    const eri_given *excludes;
    uint32_t nexcludes;
} eri_record;
/* The facts of rec, whose spans index src's text (src is taken: freed with
 * the facts, or here on failure); errors at src's lines (its line_base says
 * where the record starts in its file).  NULL after reporting. */
er_facts *eri_facts_from_record(const er_rules *r, eri_source *src, const eri_record *rec, er_diag *d);

#endif
