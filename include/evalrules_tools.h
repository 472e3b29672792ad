/* evalrules_tools.h — the tools built on the evalrules core library: the
 * formatter, test files and coverage, facts templates, editions compared
 * and audits replayed, schemes compared, and weight sweeps.
 *
 * Everything here is built only on the core (include/evalrules.h): a rules
 * set, facts and results are the core's types, loaded and evaluated with
 * its functions.  The command line (src/cli/) is one user of these tools;
 * an embedder may be another.  See docs/architecture.md for the layers. */
#ifndef EVALRULES_TOOLS_H
#define EVALRULES_TOOLS_H

#include "evalrules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- rewriting a file in place (rewrite.c) --------------------------- */
/* Replace the contents of the regular file at path (through a symbolic
 * link, of its target) with text[0..len): written to a fresh temporary file
 * created exclusively beside it, flushed to disk, given the old file's
 * permissions, then renamed over it, so that a reader sees the old contents
 * or the new, never a mix, and a crash leaves one or the other.  False
 * after reporting "PATH: error: cannot rewrite the file: REASON" to d. */
bool er_rewrite_file(const char *path, const char *text, size_t len, er_diag *d);
/* The same, for a file that may not exist yet (it is then made with the
 * permissions a new file gets): `evalrules -o FILE`.  False after reporting
 * "PATH: error: cannot write the file: REASON" to d. */
bool er_write_file(const char *path, const char *text, size_t len, er_diag *d);

/* ---- the language server (lsp.c, lsp_rpc.c, lsp_lang.c) ------------ */
/* Serve the Language Server Protocol (JSON-RPC 2.0, Content-Length framed)
 * on in and out until the client's "exit" or the end of in
 * (docs/editors.md): diagnostics for rules, scheme, test and facts files,
 * hover, definition, references, completion, symbols, formatting and
 * folding.  Returns 0 after "shutdown" then "exit", else 1. */
int er_lsp_serve(FILE *in, FILE *out);

/* ---- batches (batch.c; docs/batch.md) -------------------------------- */
/* Many enterprises in one run: facts files, directories of facts files
 * (their *.facts, by name), JSON Lines and CSV files of records, "-" for
 * standard input, each record typed as a facts file is.  Records are read,
 * evaluated and written in blocks (memory bounded by a block whatever the
 * input's length), by threads threads, in input order: the bytes written
 * are the same for any number of threads.  An invalid record is reported
 * (FILE:LINE:COL: error: …, to diagnostics) and, in the batch formats jsonl
 * and csv, written as an error line; the batch goes on. */
typedef struct er_batch_opts {
    const char *format;             /* a report format's name (er_report_format_at) */
    const er_report_opts *report;   /* for text and html */
    const er_scheme *scheme;        /* NULL: the rules' own points */
    const char *input_format;       /* "facts", "jsonl", "csv", or NULL: by each input's extension */
    const char *output_dir;         /* one report per enterprise there (docs/batch.md), or NULL */
    unsigned threads;               /* 0 or 1: one */
    FILE *diagnostics;              /* where each record's diagnostics go (stderr), or NULL */
    unsigned max_shown;             /* diagnostics shown per record (er_diag_set_limit; 0: the default) */
    bool color_diagnostics;
    unsigned first_line;            /* a JSON Lines or CSV input's first line is numbered this (0: 1),
                                     * for a part of a larger file (docs/batch.md, "Scale-out") */
} er_batch_opts;
typedef struct er_batch er_batch;
/* A batch writing to out (and files in output_dir); d reports what is not a
 * record's (an input that cannot be read, a CSV header).  NULL when out of
 * memory. */
er_batch *er_batch_new(const er_rules *r, const er_batch_opts *o, FILE *out, er_diag *d);
/* Read input's records (the format from o's input_format, else from its
 * name: a directory, *.jsonl or *.ndjson, *.csv, else a facts file; "-":
 * facts) and evaluate and write them (those of a facts file or a
 * directory may wait for the next call or er_batch_finish).  False when
 * the input could not be read (reported to d). */
bool er_batch_add(er_batch *b, const char *input);
/* Write what is left; false when a write failed or an input could not be read. */
bool er_batch_finish(er_batch *b);
void er_batch_free(er_batch *b);
/* What the batch found so far (levels: a count per level of the rules). */
typedef struct er_batch_counts {
    size_t total, scored, invalid, vetoed, not_rated;
    const size_t *levels;
    size_t nlevels;
} er_batch_counts;
const er_batch_counts *er_batch_counts_of(const er_batch *b);
/* Whether a record's file could not be read (exit status 2). */
bool er_batch_io_failed(const er_batch *b);
/* The counts as one line for people, or (json) one JSON object whose keys
 * (docs/batch.md, "Summary") add up across partitions.  0, or -1 when
 * writing failed. */
int er_batch_summary(const er_batch *b, FILE *out, bool json);

/* The enterprises of one input as er_batch_add reads it (input_format's
 * "facts", "jsonl" or "csv" when not NULL; else by its name: a directory,
 * JSON Lines, CSV, else one facts file), one at a time: for compare and sweep,
 * which need every enterprise's facts at once.  er_inputs_next gives 1 with
 * *f (the caller's to free; NULL when the record is invalid, reported to d)
 * and *name (a record's id, or FILE:LINE; a facts file's path; valid until
 * the next call), 0 at the end. */
typedef struct er_inputs er_inputs;
er_inputs *er_inputs_open(const er_rules *r, const char *input, const char *input_format, er_diag *d);
int er_inputs_next(er_inputs *in, er_facts **f, const char **name);
void er_inputs_close(er_inputs *in);
/* Whether input is read as one facts file: input_format "facts", or (NULL)
 * not a directory, *.jsonl, *.ndjson or *.csv; "-" is. */
bool er_input_is_facts_file(const char *input, const char *input_format);

/* ---- formatting (fmt.c, fmt_rules.c, fmt_facts.c) -------------------- */
/* One canonical layout for rules files and facts files (docs/fmt.md): the
 * same text comes out however it was spaced, every comment and every
 * literal is kept byte for byte, and formatting formatted text changes
 * nothing.  A rules file is formatted only when it parses; a facts file
 * only when every line reads as a facts line (its values are not checked:
 * that needs the rules). */
typedef enum er_fmt_kind { ER_FMT_RULES, ER_FMT_FACTS } er_fmt_kind;
/* The kind a file name says: "*.rules" and "*.scheme" (weighting schemes
 * are written in the rules language) or "*.facts"; false for any other. */
bool er_fmt_kind_of(const char *path, er_fmt_kind *kind);
/* text[0..len) laid out canonically: NUL-terminated, *out_len bytes, to be
 * freed with er_fmt_free.  NULL after reporting the syntax errors (every
 * one, FILE:LINE:COL with the source line; name is FILE) or running out of
 * memory. */
char *er_format(er_fmt_kind kind, const char *name, const char *text, size_t len, size_t *out_len,
                er_diag *d);
/* A whole file for er_format ("-": standard input), NUL-terminated, *len
 * bytes; NULL after reporting (er_diag_io_failed then says so). */
char *er_fmt_read(const char *path, size_t *len, er_diag *d);
void er_fmt_free(char *text);

/* ---- test files and coverage (suite_*.c, coverage.c) ----------------- */
/* A test file holds cases for one rules file: each names its facts (a
 * facts file with a few overriding lines, or all facts inline, in facts-file
 * syntax) and what the evaluation must give (docs/testing-rules.md):
 *
 *     case "一年期满：365 天可评四星级"
 *       facts ../examples/four-star.facts
 *       history.rated_since = 2025-03-24
 *       expect score 91.1
 *       expect level 四星级
 *
 * Loading checks every case against the rules (unknown keywords, facts,
 * indicator ids, levels and veto messages, duplicate names, a case without
 * expectations, unreadable facts files) and reports each error at its
 * FILE:LINE:COL; a file with errors is not loaded (NULL). */
typedef struct er_suite er_suite;
typedef struct er_coverage er_coverage;
er_suite *er_suite_load(const er_rules *r, const char *path, er_diag *d);
/* From text: facts paths are read relative to name's directory. */
er_suite *er_suite_load_string(const er_rules *r, const char *name, const char *text, size_t len,
                               er_diag *d);
void er_suite_free(er_suite *s);
size_t er_suite_cases(const er_suite *s);
const char *er_suite_case_name(const er_suite *s, size_t i);

typedef struct er_suite_opts {
    const char *filter;    /* run only cases whose name contains this (NULL: every case) */
    bool verbose;          /* explain passing cases too */
    bool color;            /* ANSI colours for ok/FAIL and the explanations */
    er_coverage *coverage; /* not NULL: record what each evaluation exercised */
    bool junit;            /* er_suite_run writes JUnit XML instead of text lines */
} er_suite_opts;
typedef struct er_suite_tally {
    size_t passed, failed;
} er_suite_tally;
/* Evaluate the cases, printing "ok   NAME" or "FAIL NAME" (then each unmet
 * expectation, expected against actual, and the explanation of the actual
 * result) to out (NULL: nothing printed); counts are added to *t.  Returns
 * -1 when out of memory. */
int er_suite_run(const er_suite *s, FILE *out, const er_suite_opts *o, er_suite_tally *t);
/* JUnit XML, for CI systems (`evalrules test --format junit`): with
 * o->junit, er_suite_run writes one <testsuite> for the file (named by it,
 * with its tests and failures counted), a <testcase> per case run and a
 * <failure> holding what the text form explains; the whole document is
 * er_suite_junit_begin (the XML declaration and <testsuites> with the totals
 * in *t), the test files' suites, and er_suite_junit_end. */
void er_suite_junit_begin(FILE *out, const er_suite_tally *t);
void er_suite_junit_end(FILE *out);
/* Rewrite each unmet 'expect score/level/veto/vetoes/earned/applicable/
 * excluded' of the cases o selects so that it states the actual result,
 * add 'expect score' where a case has none, and leave every other byte of
 * the file as it was.  The new text (malloc'd, *len bytes) or NULL when
 * out of memory; *changed counts the cases rewritten, *failed those that
 * could not be (their evaluation failed unexpectedly), each printed to out
 * ("updated NAME" / "FAIL NAME") when out is not NULL. */
char *er_suite_updated_text(const er_suite *s, FILE *out, const er_suite_opts *o, size_t *len,
                            size_t *changed, size_t *failed);
/* er_suite_updated_text written over the test file (when anything
 * changed).  False after reporting a write error to d. */
bool er_suite_update(const er_suite *s, FILE *out, const er_suite_opts *o, er_suite_tally *t,
                     er_diag *d);

/* What a rules file offers to be exercised (see docs/testing-rules.md,
 * "Coverage"): every indicator and item applicable (and excluded, when it
 * has an 'exclude when'), each 'exclude when' holding and not, pass items
 * passed and failed, ratio/score items full, partial and zero, each grade
 * tier and its otherwise, each veto fired and not, each deduction or bonus
 * applied and its cap reached, each rating cap applied and lifted by its
 * 'unless', each level awarded and the score left unrated. */
er_coverage *er_coverage_new(const er_rules *r); /* NULL when out of memory */
void er_coverage_free(er_coverage *c);
/* Count what one successful evaluation (of c's rules) exercised. */
void er_coverage_add(er_coverage *c, const er_result *res);
size_t er_coverage_targets(const er_coverage *c);
size_t er_coverage_covered(const er_coverage *c);
/* "coverage of FILE: 412/436 (94.5%)" and then every target not exercised,
 * one a line, at the rules file's FILE:LINE. */
void er_coverage_report(FILE *out, const er_coverage *c, bool color);
/* The same as one JSON object (targets, covered, percent, missed[]);
 * 0, or -1 when writing failed. */
int er_coverage_report_json(FILE *out, const er_coverage *c);

/* ---- facts templates (template.c) ------------------------------------- */
/* Write a blank facts file for r: a header saying how to fill it in, then
 * every fact as a commented-out line "# name =", grouped under the
 * indicator that first reads it (preorder), each with its question, type,
 * allowed values, default and the clause ids it feeds; facts only the
 * total, vetoes or rating read come last, unused facts after them.  An
 * unfilled template loads but does not evaluate: every fact without a
 * default is reported missing.  rules_path (may be NULL) is named in the
 * header.  Returns 0, or -1 when writing failed. */
int er_template_write(FILE *out, const er_rules *r, const char *rules_path);

/* ---- editions compared (diff.c, replay.c, diff_report.c) ------------- */
/* One difference between two editions of a rules file.  Indicators and
 * items are paired by clause id; those left over by an identical label,
 * then (items) by reading exactly the same facts — reported as renumbered.
 * Strings live as long as the er_diff. */
typedef enum er_change_op { ER_CHANGE_ADDED = '+', ER_CHANGE_REMOVED = '-', ER_CHANGE_CHANGED = '~' } er_change_op;
typedef struct er_change {
    er_change_op op;
    const char *section; /* "standard", "facts", "indicators", "total", "vetoes", "rating" */
    const char *what;    /* "added", "removed", "renumbered", "moved", "relabelled", "kind",
                          * "points", "scoring", "exclusion", "type", "range", "default",
                          * "question", "values", "normalize", "adjustment", "rounding",
                          * "condition", "message", "threshold", "level", "otherwise", "cap",
                          * or a metadata key ("code", "title", "version", …) */
    const char *key;     /* node id (the new one when both), fact name, level, veto message, … */
    const char *old_key; /* the old id of a renumbered node; else NULL */
    const char *label;   /* node label (the new one when both), or NULL */
    const char *old_value, *new_value; /* as text; NULL where there is none */
    const char *text;    /* one readable line: "5.2.6 废弃商品回收 (4 points, 2 items)" … */
} er_change;

typedef struct er_diff er_diff;
/* Compare two loaded rule sets.  NULL only when out of memory (reported). */
er_diff *er_diff_rules(const er_rules *old_rules, const er_rules *new_rules, er_diag *d);
void er_diff_free(er_diff *df);
size_t er_diff_count(const er_diff *df);
const er_change *er_diff_change(const er_diff *df, size_t i);
/* How many changes have this op. */
size_t er_diff_count_op(const er_diff *df, er_change_op op);

/* Replaying audits under both editions. */
typedef enum er_replay_status {
    ER_REPLAY_LEVEL,        /* the level changes (the score may too) */
    ER_REPLAY_SCORE,        /* only the score changes */
    ER_REPLAY_UNCHANGED,
    ER_REPLAY_NOT_EVALUABLE /* not evaluated under one edition or both: see reason */
} er_replay_status;
typedef struct er_replay_side {
    bool evaluated;
    const char *score;      /* "91.1"; NULL when not evaluated */
    const char *rating;     /* level label; NULL when not rated */
    const char *outcome;    /* rating, else the 'otherwise' text, else "not rated"; NULL when not evaluated */
    bool vetoed;
    size_t ignored;         /* facts and exclusions of the file this edition does not declare */
    const char *reason;     /* why it was not evaluated (the first error); else NULL */
} er_replay_side;
typedef struct er_replay_entry {
    const char *file, *subject;   /* subject "" when the file gives none */
    er_replay_status status;
    er_replay_side old_side, new_side;
    const char *delta;            /* new score − old score, exact, signed ("+2.3", "-0.4", "0"); NULL when not evaluable */
} er_replay_entry;
typedef struct er_replay er_replay;
/* Load every facts file under both editions (facts and exclusions an
 * edition does not declare are skipped and counted) and evaluate.  Entries
 * are sorted: biggest |delta| first (level changes first among equals),
 * then files not evaluable, each group in the order given.  Diagnostics of
 * the audits are kept as reasons, not printed; an unreadable file is
 * reported to d (er_diag_io_failed).  NULL only when out of memory. */
er_replay *er_replay_run(const er_rules *old_rules, const er_rules *new_rules, const char *const *paths,
                         size_t npaths, er_diag *d);
void er_replay_free(er_replay *rp);
size_t er_replay_count(const er_replay *rp);
const er_replay_entry *er_replay_entry_at(const er_replay *rp, size_t i);
size_t er_replay_count_status(const er_replay *rp, er_replay_status st);

/* Reports: the changes grouped by section with a summary line, then (rp
 * not NULL) the enterprises whose score or level changes.  The JSON form is
 * one object (schema in docs/editions.md); it returns 0, or -1 when writing
 * failed. */
void er_diff_report_text(FILE *out, const er_diff *df, const er_replay *rp);
int er_diff_report_json(FILE *out, const er_diff *df, const er_replay *rp);

/* ---- schemes compared (compare.c, compare_report.c) ------------------- */
/* Enterprises under several weighting schemes side by side: each facts file
 * is loaded once and evaluated under every scheme (the columns: the rules'
 * own points, "base", first).  A row whose level is not the same under
 * every scheme "changes level"; rows are kept sorted: level changes first,
 * then the widest spread between the scores, then the order added; files
 * that could not be evaluated last.  Strings live as long as the
 * er_compare (level labels as long as the rules). */
typedef struct er_compare_cell {
    const char *score;   /* "91.1", exact at the rules' rounding (er_result_score) */
    const char *rating;  /* the level's label; NULL when not rated */
    const char *outcome; /* rating, else "vetoed", else the rules' 'otherwise' text, else "not rated" */
    bool vetoed;
} er_compare_cell;
typedef struct er_compare_row {
    const char *file, *subject;   /* subject "" when the facts give none (or were not loaded) */
    size_t index;                 /* position in the order added */
    bool evaluated;               /* false: not evaluable, see reason (the errors went to the diag) */
    bool changes_level;
    const char *spread;           /* highest score − lowest, exact ("5.3"); NULL when not evaluated */
    const er_compare_cell *cells; /* one per scheme, in column order; NULL when not evaluated */
    const char *reason;           /* "facts not loaded: 2 errors", …; NULL when evaluated */
} er_compare_row;
typedef struct er_compare er_compare;
/* A comparison over r: the base, then schemes[0..n) in that order (one
 * named "base" is skipped: it is the first column already).  r and the
 * schemes must outlive it.  NULL after reporting two schemes of the same
 * name or running out of memory. */
er_compare *er_compare_new(const er_rules *r, const er_scheme *const *schemes, size_t n, er_diag *d);
void er_compare_free(er_compare *c);
/* Load a facts file ("-": standard input, named <stdin>) and evaluate it under every scheme; its errors go to d
 * (an unreadable file as an I/O error) and the row is then kept as not
 * evaluable.  1 evaluated, 0 not evaluable, -1 out of memory (reported). */
int er_compare_add(er_compare *c, const char *path, er_diag *d);
/* The same for facts already loaded, shown as file. */
int er_compare_add_facts(er_compare *c, const char *file, const er_facts *f, er_diag *d);
size_t er_compare_schemes(const er_compare *c);
const er_scheme *er_compare_scheme(const er_compare *c, size_t i);
size_t er_compare_count(const er_compare *c);
const er_compare_row *er_compare_row_at(const er_compare *c, size_t i); /* sorted */
size_t er_compare_changed(const er_compare *c);                          /* rows that change level */
size_t er_compare_not_evaluable(const er_compare *c);
/* The outcomes counted per scheme: the rules' levels (highest first), then
 * not rated (the 'otherwise' text, or "not rated"), then "vetoed". */
size_t er_compare_outcomes(const er_compare *c);
const char *er_compare_outcome(const er_compare *c, size_t k);
/* How many evaluated enterprises scheme i puts at outcome k. */
size_t er_compare_tally(const er_compare *c, size_t i, size_t k);
/* Reports (docs/compare.md).  Text: the schemes, the table aligned in
 * terminal columns (CJK text is two wide), "N enterprises, K change level
 * between schemes" and the levels awarded under each scheme.  JSON: one
 * object (standard, title, rules_file, schemes, rows, summary).  CSV: a
 * header row, then one row per facts file, RFC 4180 with CRLF line ends;
 * a cell a spreadsheet would take as a formula (= + - @ tab CR first) is
 * prefixed with ' and quoted.  Text and JSON return 0, or -1 when out of
 * memory or writing failed. */
int er_compare_report_text(FILE *out, const er_compare *c);
int er_compare_report_json(FILE *out, const er_compare *c);
void er_compare_report_csv(FILE *out, const er_compare *c);
/* One self-contained HTML document (inline CSS and SVG, no script, nothing
 * fetched): the schemes, a chart of the levels each scheme awards, and the
 * table, rows that change level shaded; its wording in lang, levels by
 * their English labels in English where the rules give them.  0, or -1
 * when writing failed. */
int er_compare_report_html(FILE *out, const er_compare *c, er_lang lang);

/* ---- weight sweeps (sweep.c, sweep_report.c, rng.c) ------------------- */
/* A weight sweep (docs/sweep.md): in each of `runs` runs every node's
 * points under the centre scheme are multiplied by 1 + u, u drawn uniformly
 * from [-spread, +spread] by a generator of our own seeded with `seed`
 * (xoshiro256** fed by splitmix64; run k's numbers do not depend on the
 * other runs or on the threads), renormalised top-down to the parent's
 * points and shared out in steps of 0.001 by largest remainder, so every
 * indicator's children add up exactly.  Every enterprise is evaluated under
 * each run.  The result per enterprise: how many runs give each level (and
 * how many leave it unrated or vetoed), the lowest, median and highest
 * score, and the weights that move its score most, one at a time.  The
 * same seed gives the same result for any number of jobs. */
typedef struct er_sweep_opts {
    const char *spread;      /* "10%" or "0.1"; 0 <= spread < 100% (NULL: "10%") */
    unsigned long runs;      /* >= 1 (0: 1000) */
    unsigned long long seed; /* any value */
    unsigned jobs;           /* threads (0: 1) */
    const er_scheme *centre; /* NULL: the rules' own points */
    /* What the report calls each enterprise (a record's id; kept until the
     * sweep is freed), or NULL (or a NULL entry): its facts file's name. */
    const char *const *names;
    /* Called now and then from the calling thread with the runs done so
     * far (never more often than once per run it finished itself), and
     * once at the end with done == total.  NULL: none. */
    void (*progress)(void *arg, unsigned long long done, unsigned long long total);
    void *progress_arg;
} er_sweep_opts;
#define ER_SWEEP_TOP 5 /* weights ranked per enterprise */

/* NULL when the spread is valid, else what is wrong with it (for a usage
 * error): "10%", "12.5%", "0.1" and "0" are valid, "-5%", "100%", "1.5",
 * "ten" are not. */
const char *er_sweep_spread_error(const char *spread);

typedef struct er_sweep er_sweep;
/* Sweep the facts files' enterprises.  One whose evaluation under the
 * centre fails is reported to d and left out (er_sweep_count tells how many
 * were kept); an evaluation that fails under a perturbed run (a division by zero)
 * is reported with its run and ends the sweep: NULL.  NULL too after
 * reporting a bad spread or running out of memory. */
er_sweep *er_sweep_run(const er_rules *r, const er_facts *const *facts, size_t nfacts, const er_sweep_opts *o,
                       er_diag *d);
void er_sweep_free(er_sweep *sw);
size_t er_sweep_count(const er_sweep *sw); /* enterprises swept */
/* The outcomes counted per enterprise: the levels (highest first), then
 * "unrated" (below every level, or capped out; the rules' 'otherwise' text
 * when they have one), then "vetoed". */
size_t er_sweep_outcomes(const er_sweep *sw);
const char *er_sweep_outcome_label(const er_sweep *sw, size_t k);
/* Runs of enterprise i that gave outcome k; they add up to the runs. */
unsigned long long er_sweep_runs_with(const er_sweep *sw, size_t i, size_t k);
/* Enterprise i's lowest, median (the lower middle one of an even count)
 * and highest final score over the runs, as the report writes them. */
const char *er_sweep_score(const er_sweep *sw, size_t i, int which /* 0 min, 1 median, 2 max */);
/* Shares in tenths of a percent, each runs_with × 1000 / runs rounded by
 * largest remainder so that they add up to exactly 1000 (100.0 %); ties
 * go to the outcome listed first.  shares has er_sweep_outcomes entries. */
void er_sweep_shares(const er_sweep *sw, size_t i, unsigned *shares);

typedef struct er_sweep_report_opts {
    bool color;
} er_sweep_report_opts;
/* The report: the model in one line, then per enterprise its centre score
 * and level, score range, outcome counts and shares, and the weights that
 * move its score most.  0, or -1 when out of memory (nothing written). */
int er_sweep_report_text(FILE *out, const er_sweep *sw, const er_sweep_report_opts *opts);
/* The same as one JSON object (keys in docs/sweep.md); 0, or -1 when out of
 * memory or writing failed. */
int er_sweep_report_json(FILE *out, const er_sweep *sw);
/* One self-contained HTML document (inline CSS and SVG, no script, nothing
 * fetched): the model, a chart of the share of runs per level for each
 * enterprise, and per enterprise its scores and the weights that move its
 * score most as bars; its wording in lang, levels and indicators by their
 * English labels in English where the rules give them.  0, or -1 when out
 * of memory or writing failed. */
int er_sweep_report_html(FILE *out, const er_sweep *sw, er_lang lang);

#ifdef __cplusplus
}
#endif
#endif
