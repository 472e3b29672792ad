/* evalrules.h — the public interface of the evalrules library.
 *
 * A rules file is loaded once (parsed, checked, frozen) and can then be
 * evaluated any number of times against facts files:
 *
 *     er_diag *d = er_diag_new(stderr);
 *     er_rules *rules = er_rules_load("rules/gbt27922.rules", d);
 *     er_facts *facts = rules ? er_facts_load(rules, "facts.txt", d) : NULL;
 *     er_result *res = facts ? er_eval(rules, facts, d) : NULL;
 *     if (res) er_report_text(stdout, res, NULL);
 *     er_result_free(res); er_facts_free(facts); er_rules_free(rules);
 *     er_diag_summary(d); er_diag_free(d);
 *
 * Every function that can fail reports to the er_diag it is given
 * (FILE:LINE:COL: error: …) and returns NULL.  A loaded er_rules is
 * immutable: several evaluations may share it.  All numbers are exact
 * (see docs/language.md, "Numbers"); a result is read through accessors
 * ("reading a result"), its numbers as exact text.
 *
 * This is the core library.  The tools built on it (formatter, test files,
 * templates, editions compared, schemes compared, sweeps) are declared in
 * evalrules_tools.h.  Build with `pkg-config --cflags --libs evalrules`
 * (docs/architecture.md). */
#ifndef EVALRULES_H
#define EVALRULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "0.1.0" */
const char *er_version(void);

/* ---- allocation ------------------------------------------------------- */
typedef void *(*er_alloc_fn)(size_t size);
typedef void *(*er_realloc_fn)(void *p, size_t size);
typedef void (*er_free_fn)(void *p);
/* Route every allocation of the library through these (NULLs restore
 * malloc/realloc/free).  Set it before loading anything.  The library's
 * exact numbers beyond 64 bits use GMP, whose allocations go through the
 * same hook: the first time a number outgrows 64 bits the library installs
 * its memory functions in GMP (mp_set_memory_functions, process-wide — a
 * program that also uses GMP shares them).  When an allocation for such a
 * number fails, the operation reports "out of memory" and releases what it
 * held (scratch space GMP keeps for numbers of more than about 250,000
 * digits may be lost). */
void er_set_allocator(er_alloc_fn alloc, er_realloc_fn realloc, er_free_fn free);

/* ---- diagnostics ------------------------------------------------------ */
typedef struct er_diag er_diag;
/* Diagnostics are printed to out as they are found (out NULL: only counted). */
er_diag *er_diag_new(FILE *out);
void er_diag_free(er_diag *d);
void er_diag_set_color(er_diag *d, bool on);
/* Stop printing after this many errors and warnings (default 100). */
void er_diag_set_limit(er_diag *d, unsigned max_shown);
unsigned er_diag_errors(const er_diag *d);
unsigned er_diag_warnings(const er_diag *d);
/* Whether a file could not be read (the CLI's exit status 2). */
bool er_diag_io_failed(const er_diag *d);
/* "evalrules: 2 errors, 1 warning" (nothing when there were none, or when
 * collecting). */
void er_diag_summary(er_diag *d);
/* Keep each diagnostic (up to the limit) instead of printing it, for
 * er_diag_write_json. */
void er_diag_set_collect(er_diag *d, bool on);
/* The diagnostics kept, as one JSON document (docs/standards-experts.md,
 * "check's JSON"): {"diagnostics": [{file, line, column, end, severity,
 * code, message, hint}…], errors, warnings, not_shown, complete}.  0, or -1
 * when a write failed or a diagnostic could not be kept (out of memory). */
int er_diag_write_json(er_diag *d, FILE *out);
/* The same as SARIF 2.1.0 (for code-review tools): one run, the codes seen
 * as tool.driver.rules, one result per error or warning with its notes as
 * related locations.  0, or -1 as er_diag_write_json. */
int er_diag_write_sarif(er_diag *d, FILE *out);
/* Warnings count and are shown as errors (--strict); their codes keep the W. */
void er_diag_set_strict(er_diag *d, bool on);
/* A diagnostic kept by a collecting sink, valid until the sink is freed. */
typedef struct er_diagnostic {
    const char *file;          /* NULL: about no file */
    int line, column;          /* 1-based, columns in characters; 0: about a whole file */
    int end_line, end_column;  /* just after its span; 0 with line */
    const char *severity;      /* "error", "warning" or "note" */
    char code[8];              /* its stable code, "E0301" or "W0601" (docs/diagnostics.md);
                                * a note has the code of what it explains; "" when none */
    const char *message;       /* as printed after "error: " */
    const char *hint;          /* what to do: the message after its "; ", or NULL */
} er_diagnostic;
/* How many diagnostics are kept; the i-th of them into *out (false past the end). */
size_t er_diag_count(const er_diag *d);
bool er_diag_get(const er_diag *d, size_t i, er_diagnostic *out);

/* ---- rules (load.c) ----------------------------------------------------- */
typedef struct er_rules er_rules;
/* Parse and check a rules file.  NULL when it cannot be read or has
 * errors; both are reported (er_diag_io_failed tells which). */
er_rules *er_rules_load(const char *path, er_diag *d);
er_rules *er_rules_load_string(const char *name, const char *text, size_t len, er_diag *d);
void er_rules_free(er_rules *r);
const char *er_rules_standard(const er_rules *r); /* "GB/T 27922-2011" or "" */
const char *er_rules_title(const er_rules *r);
/* Print the syntax tree (debugging aid for rule authors). */
void er_rules_dump(FILE *out, const er_rules *r);

/* ---- weighting schemes ------------------------------------------------ */
typedef struct er_scheme er_scheme;
/* The rules' own points (named "base"). */
const er_scheme *er_rules_base(const er_rules *r);
/* The schemes written in the rules file: count, by position, by name (NULL
 * when there is none of that name). */
size_t er_rules_scheme_count(const er_rules *r);
const er_scheme *er_rules_scheme_at(const er_rules *r, size_t i);
const er_scheme *er_rules_scheme(const er_rules *r, const char *name);
/* Load and check a scheme file written for r (it holds one scheme).  NULL
 * after reporting.  Keep r alive while the scheme is used. */
er_scheme *er_scheme_load(const er_rules *r, const char *path, er_diag *d);
er_scheme *er_scheme_load_string(const er_rules *r, const char *name, const char *text, size_t len, er_diag *d);
/* Frees a scheme from er_scheme_load*; those of the rules file are freed with it. */
void er_scheme_free(er_scheme *s);
const char *er_scheme_name(const er_scheme *s);
const char *er_scheme_label(const er_scheme *s); /* "" when not given */
/* What a scheme's pairwise comparisons derived: per comparison, lambda max,
 * CI and CR, and each child's weight and points (nothing for a scheme
 * without 'pairwise'). */
void er_scheme_describe(FILE *out, const er_rules *r, const er_scheme *s);

/* ---- facts ------------------------------------------------------------ */
typedef struct er_facts er_facts;
/* Read an auditor's facts file, typed by the rules' declarations.  NULL
 * after reporting when unreadable or invalid. */
er_facts *er_facts_load(const er_rules *r, const char *path, er_diag *d);
er_facts *er_facts_load_string(const er_rules *r, const char *name, const char *text, size_t len,
                               er_diag *d);
void er_facts_free(er_facts *f);
typedef struct er_facts_opts {
    /* Skip facts and indicator ids the rules do not declare instead of
     * reporting them (replaying an audit under another edition's rules);
     * er_facts_ignored counts them. */
    bool ignore_unknown;
} er_facts_opts;
er_facts *er_facts_load_opts(const er_rules *r, const char *path, const er_facts_opts *o, er_diag *d);
/* Read more facts over f, as a facts file (text named name): a value or an
 * exclusion given here replaces f's.  False after reporting; then free f. */
bool er_facts_overlay_string(er_facts *f, const char *name, const char *text, size_t len, er_diag *d);
size_t er_facts_ignored(const er_facts *f);
const char *er_facts_subject(const er_facts *f); /* "" when not given */

/* ---- evaluation ------------------------------------------------------- */
typedef struct er_result er_result;
/* Evaluate.  NULL after reporting when facts are missing or a value
 * cannot be computed (division by zero).  A vetoed or unrated
 * enterprise is a successful evaluation. */
er_result *er_eval(const er_rules *r, const er_facts *f, er_diag *d);
/* The same under a weighting scheme (NULL: the rules' own points). */
er_result *er_eval_scheme(const er_rules *r, const er_facts *f, const er_scheme *s, er_diag *d);
void er_result_free(er_result *res);
/* The final score as an exact decimal string at the declared rounding ("95.0"). */
const char *er_result_score(const er_result *res);
/* The level's label, or NULL when not rated (vetoed, capped out or below every level). */
const char *er_result_rating(const er_result *res);
size_t er_result_veto_count(const er_result *res);
const char *er_result_veto_message(const er_result *res, size_t i);

/* Repeated evaluation without allocating: an evaluator owns every buffer
 * one evaluation of r needs and reuses them, so er_evaluate never calls the
 * allocator (er_eval and er_eval_scheme are one evaluator used once).  The
 * result is exactly er_eval_scheme's; it belongs to the evaluator and stays
 * valid until its next er_evaluate or er_evaluator_free.  NULL after
 * reporting, as er_eval.  One evaluator per thread: r, facts and schemes
 * may be shared.  When the rules' compiled plan answers, the score, level,
 * cap and vetoes are there at once and the indicators' details are worked
 * out when one is first read (docs/performance.md): so f and s must stay
 * valid as long as the result is read, and a result is read by one thread
 * at a time (as its evaluator is used). */
typedef struct er_evaluator er_evaluator;
er_evaluator *er_evaluator_new(const er_rules *r); /* NULL when out of memory */
void er_evaluator_free(er_evaluator *ev);
const er_result *er_evaluate(er_evaluator *ev, const er_facts *f, const er_scheme *s, er_diag *d);

/* Many enterprises in memory, scored in a loop: a block holds the values
 * of n loaded facts again, compactly, one after another in the order given
 * (a few hundred bytes each), so that evaluating them in turn reads memory
 * in order, as a program holding its data in an array of structs does — on
 * the benchmark model some twice as fast as er_evaluate on the same facts
 * (docs/performance.md).  er_evaluate_at(ev, b, i, s, d) is
 * er_evaluate(ev, facts[i], s, d), the same result; the facts stay the
 * block's to read (a result's details, an evaluation the compiled plan
 * cannot answer), so they must outlive it, and a block holds their values
 * as they were when it was made (make it after any overlay).  NULL from
 * er_block_new when out of memory or when a facts is NULL or of other
 * rules; NULL from er_evaluate_at, reported, as er_evaluate, or when i is
 * not below er_block_count or the block is of other rules than ev's. */
typedef struct er_block er_block;
er_block *er_block_new(const er_rules *r, const er_facts *const *facts, size_t n);
void er_block_free(er_block *b);
size_t er_block_count(const er_block *b);
const er_result *er_evaluate_at(er_evaluator *ev, const er_block *b, size_t i, const er_scheme *s, er_diag *d);

/* ---- reading a result (result.c) -------------------------------------- */
/* Everything an evaluation found, read through these accessors (the result's
 * layout is the library's own).  Indexes count as the rules list things:
 * levels from the highest (0), vetoes, rating caps, adjustments ('deduct'
 * and 'bonus' lines of the total) in the order written, and indicators and
 * items in preorder.  Exact numbers are written as text, like snprintf:
 * the length needed is returned and at most cap bytes (NUL included) are
 * written.  A terminating decimal is written in full ("91.25"), any other
 * number as an exact fraction ("1/3"). */

/* How much the result holds of each. */
size_t er_result_level_count(const er_result *res);
size_t er_result_rules_veto_count(const er_result *res);
size_t er_result_cap_count(const er_result *res);
size_t er_result_adjust_count(const er_result *res);
size_t er_result_indicator_count(const er_result *res);

/* The level awarded, or -1 when not rated; the level the score alone would
 * give, before vetoes and rating caps (-1: below every level); a level's label. */
int er_result_level(const er_result *res);
int er_result_uncapped_level(const er_result *res);
const char *er_result_level_label(const er_result *res, size_t level);
/* Whether veto i of the rules fired. */
bool er_result_vetoed(const er_result *res, size_t veto);
/* The rating cap that lowered the level (or -1), and whether cap i's
 * 'unless' condition held, lifting it. */
int er_result_cap(const er_result *res);
bool er_result_cap_lifted(const er_result *res, size_t cap);
/* Adjustment i: whether its cap limited it, and the points it applied
 * (after the cap; deductions are written positive). */
bool er_result_adjust_capped(const er_result *res, size_t i);
size_t er_result_adjust_points(const er_result *res, size_t i, char *buf, size_t cap);

/* The totals, from earned points to the final score. */
typedef enum er_total {
    ER_TOTAL_EARNED,       /* points earned over the applicable items */
    ER_TOTAL_APPLICABLE,   /* points of the applicable items */
    ER_TOTAL_NORMALIZED,   /* earned / applicable × the scale (or earned when not normalized) */
    ER_TOTAL_BEFORE_ROUND, /* after the adjustments, before rounding */
    ER_TOTAL_SCORE         /* the final score, exactly (er_result_score: at the declared places) */
} er_total;
size_t er_result_total(const er_result *res, er_total which, char *buf, size_t cap);

/* One indicator or item of the result. */
typedef enum er_outcome {
    ER_OUTCOME_FULL,    /* all its points earned */
    ER_OUTCOME_PARTIAL, /* some lost */
    ER_OUTCOME_LOST,    /* all lost */
    ER_OUTCOME_EXCLUDED /* not applicable */
} er_outcome;
typedef struct er_indicator {
    const char *id, *label;
    bool is_item;
    int depth;                    /* 0 for a first-level indicator */
    int parent;                   /* its index, -1 at the first level */
    const char *kind;             /* items: "pass", "ratio", "grade" or "score"; indicators: NULL */
    bool applicable;
    er_outcome outcome;
    int excluded_by;              /* the indicator or item whose exclusion applies (itself or an ancestor), or -1 */
    bool excluded_by_auditor;     /* that exclusion was in the facts, not an 'exclude when' of the rules */
    const char *exclusion_reason; /* NULL when none was given */
    int tier;                     /* a grade item's tier that held (0 first), -1 for 'otherwise' or other kinds */
    bool clamped;                 /* the rule's value was outside its range and was clamped */
    unsigned failed;              /* applicable items at or below it that lost points */
} er_indicator;
/* Indicator i (preorder); false when i is out of range. */
bool er_result_indicator(const er_result *res, size_t i, er_indicator *out);
typedef enum er_amount {
    ER_AMOUNT_EARNED,     /* points earned (0 when not applicable) */
    ER_AMOUNT_APPLICABLE, /* points that count (0 when not applicable) */
    ER_AMOUNT_POINTS,     /* its points under the weighting used, applicable or not */
    ER_AMOUNT_SHARE       /* items: the share of its points the rule gave, before clamping */
} er_amount;
size_t er_result_indicator_amount(const er_result *res, size_t i, er_amount which, char *buf, size_t cap);

/* ---- reports ---------------------------------------------------------- */
/* The language of a report's fixed wording (docs/auditors.md, "Language and
 * audience"): English (the text report's language so far) or Chinese.  Labels
 * come from the rules: an enterprise's report in English uses a node's
 * 'english' label where the rules give one. */
typedef enum er_lang { ER_LANG_EN, ER_LANG_ZH } er_lang;
/* Whom a report is for: the auditor (rule formulas, rules and facts file
 * lines, the rules' own labels) or the audited enterprise (plain words, no
 * formulas or file lines).  DEFAULT: auditor for text, enterprise for HTML. */
typedef enum er_audience { ER_AUDIENCE_DEFAULT, ER_AUDIENCE_AUDITOR, ER_AUDIENCE_ENTERPRISE } er_audience;
typedef struct er_report_opts {
    bool color;           /* ANSI colours in the text report */
    er_lang lang;         /* text and HTML */
    er_audience audience; /* text and HTML */
    const char *date;     /* the evaluation date for the HTML header ("2026-03-30"); NULL: not shown */
} er_report_opts;
/* The human report: indicator tree, lost points and why, totals, level. */
void er_report_text(FILE *out, const er_result *res, const er_report_opts *opts);
/* One JSON object (keys in docs/language.md, "JSON report"), newline-terminated,
 * written as it goes (it allocates nothing).  Returns 0, or -1 when writing failed. */
int er_report_json(FILE *out, const er_result *res);
/* One self-contained HTML document (inline CSS and SVG, no script, nothing
 * fetched) for the enterprise or the auditor, readable on screen and printed
 * on A4: the headline score and level, a chart per indicator level, the
 * indicator table, every lost point with its requirement, evidence and why,
 * exclusions, vetoes and caps, the totals.  Everything from the rules and the
 * facts is HTML-escaped.  Returns 0, or -1 when writing failed. */
int er_report_html(FILE *out, const er_result *res, const er_report_opts *opts);

/* ---- report formats (writers.c) --------------------------------------- */
/* The formats above from one list (src/core/writers.c), so that a program
 * offers every one by name: "text", "json", then "html".  A new format is one
 * writer and one entry there. */
typedef struct er_report_format {
    const char *name;        /* "json": what a --format option takes */
    const char *description; /* one short line, for a command's --help */
    const char *separator;   /* written between two reports on one stream ("" for none); NULL: a
                              * document format, one report per file (html) */
} er_report_format;
/* Format i of the list (0 first); false when i is past the last. */
bool er_report_format_at(size_t i, er_report_format *out);
/* Write res in the format named name (opts may be NULL).  Returns 0; -1 when
 * out of memory or writing failed; -2 when no format has that name (nothing is
 * written). */
int er_report_write(FILE *out, const er_result *res, const char *name, const er_report_opts *opts);

/* ---- the seal (seal.c, report_json.c, verify.c) ---------------------- */
/* Every report carries a seal (docs/language.md, "The seal"): the SHA-256
 * of the rules file, the scheme file (when the result was weighted by one)
 * and the facts file, each of the exact bytes read (what `sha256sum FILE`
 * prints; a string loaded with *_load_string: of its len bytes; facts with
 * overlays: see the docs), the version of evalrules, and a digest over them
 * and the result: the SHA-256 of the JSON report's bytes before the line of
 * its seal.  A digest, not a signature: anyone can recompute it, so it
 * proves that a report matches its inputs, not who wrote it (a
 * certification body signs the JSON report itself: docs/auditors.md).
 * Digests are 64 lower-case hex digits. */
#define ER_SHA256_HEX 65
typedef struct er_seal {
    char version[32];          /* er_version() of the evalrules that sealed it */
    char rules[ER_SHA256_HEX]; /* the rules file's digest */
    char scheme[ER_SHA256_HEX]; /* the scheme file's, "" for the rules' own points or a scheme of the rules file */
    char facts[ER_SHA256_HEX];  /* the facts file's */
    char seal[ER_SHA256_HEX];   /* over the JSON report up to its seal line */
} er_seal;
/* The seal of res's reports (the same in every format).  Returns 0, or -1
 * when out of memory. */
int er_result_seal(const er_result *res, er_seal *out);

/* What `evalrules verify` checks: whether a JSON report is what its inputs
 * give.  Each part that differs is a bit of er_verification.differs. */
enum {
    ER_VERIFY_UNSEALED = 1, /* the file holds no seal: not a JSON report of evalrules, or cut short */
    ER_VERIFY_VERSION = 2,  /* sealed by another version of evalrules (nothing else was compared) */
    ER_VERIFY_RULES = 4,    /* the rules file given is not the one sealed */
    ER_VERIFY_SCHEME = 8,   /* the scheme file given (or its absence) is not the one sealed */
    ER_VERIFY_FACTS = 16,   /* the facts file given is not the one sealed */
    ER_VERIFY_REPORT = 32   /* the report was edited: its content does not match its seal, or is
                             * not what the inputs give */
};
typedef struct er_verification {
    unsigned differs;  /* 0: the report matches its inputs */
    er_seal sealed;    /* what the report says */
    er_seal actual;    /* the inputs' digests and this version; .seal: the digest of the report's content */
    int line;          /* ER_VERIFY_REPORT: the report's first line that is not what the inputs give (0: none
                        * found, only the seal disagrees with the content) */
    char found[160], expected[160]; /* that line and what the inputs give there, cut, control characters shown */
} er_verification;
/* Check the JSON report in the file report against the rules and facts
 * files and, when the report was made under a scheme file, that scheme
 * file (scheme_file NULL: none; a scheme written in the rules file is found
 * by the name the report gives).  File names do not matter, only bytes:
 * the report's names of its inputs are not compared.  When every digest
 * and the version agree, the inputs are evaluated again and the report
 * compared with theirs, line by line.  Returns false after reporting to d
 * when a file cannot be read or the inputs cannot be evaluated. */
bool er_verify(const char *report, const char *rules, const char *facts, const char *scheme_file,
               er_verification *v, er_diag *d);

#ifdef __cplusplus
}
#endif
#endif
