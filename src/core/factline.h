/* factline.h — the one scanner of facts-file lines, shared by the facts
 * reader (facts.c), the test-file reader (src/tools/suite_read.c: test
 * files are facts-file lines plus 'case', 'facts' and 'expect') and the
 * formatter's facts layout (src/tools/fmt_facts.c).
 *
 * A facts file is UTF-8, one statement a line:
 *   blank | # comment
 *   NAME = VALUE            [# comment]   VALUE: a bare word (up to a blank
 *   subject = "…"           [# comment]     or '#') or a quoted string
 *   subject "…"             [# comment]
 *   exclude ID "reason"     [# comment]
 * Strings are "…" with the escapes \" \\ \n \t and never span lines.  A
 * UTF-8 byte order mark at the start is skipped; lines may end in CR LF.
 *
 * The scanner only splits: a line's parts come back as byte spans, and the
 * first syntax error on it as an eri_fl_error that is not yet reported, so
 * that a reader may first say what it knows better ("unknown fact") and
 * report the syntax error where it used to find it.  eri_fl_report words
 * every syntax error, in one place. */
#ifndef ERI_FACTLINE_H
#define ERI_FACTLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"

/* ---- lines ------------------------------------------------------------ */

typedef struct eri_lines {
    const char *t;
    uint32_t len;
    uint32_t start, end, next; /* the current line: its first byte, the end of its content
                                * (before CR LF), the first byte of the next line */
    int line;                  /* its number, from 1 */
} eri_lines;

/* Start at the first line of text[0..len), after a byte order mark. */
void eri_lines_init(eri_lines *it, const char *text, size_t len);
/* Step to the next line; false after the last. */
bool eri_lines_next(eri_lines *it);

/* ---- quoting user text in messages ------------------------------------ */

#define ERI_SHOWN 48 /* bytes of user text quoted in a message */
/* How many bytes of s[0..len) to quote: at most ERI_SHOWN, never half a character. */
int eri_clip(const char *s, size_t len);
/* Arguments for "%.*s%s": a possibly shortened quote of s[0..len). */
#define ERI_CLIP(s, len) eri_clip((s), (len)), (s), ((len) > ERI_SHOWN ? "…" : "")

/* ---- syntax errors ---------------------------------------------------- */

typedef enum eri_fl_err {
    ERI_FLE_NONE,
    /* the line as a whole */
    ERI_FLE_NUL,           /* unexpected NUL byte */
    ERI_FLE_CONTROL,       /* a control character other than tab */
    ERI_FLE_UTF8,          /* invalid UTF-8 */
    ERI_FLE_SHAPE,         /* none of the statements */
    ERI_FLE_WIDE_SEP,      /* a full-width '＝' or '：' after the name */
    /* the key */
    ERI_FLE_NO_ID,         /* 'exclude' without an indicator id */
    /* the value */
    ERI_FLE_NO_VALUE,      /* 'NAME =' and nothing */
    ERI_FLE_NOT_QUOTED,    /* the subject is not a quoted string */
    ERI_FLE_UNTERMINATED,  /* a string without its closing quote */
    ERI_FLE_ESCAPE,        /* an unknown escape in a string */
    ERI_FLE_EMPTY_SUBJECT, /* subject = "" */
    ERI_FLE_NO_REASON,     /* an exclusion without a quoted, non-empty reason */
    ERI_FLE_WIDE,          /* a full-width character in a value (digits, ％, ／, space, curly quotes) */
    ERI_FLE_SPACED,        /* '88 %' or '27 / 30': a blank inside a number */
    /* after the value */
    ERI_FLE_TRAILING       /* more text after the statement */
} eri_fl_err;

/* Where on the line an error was found, in the order a line is read. */
typedef enum eri_fl_stage { ERI_FLS_LINE, ERI_FLS_KEY, ERI_FLS_VALUE, ERI_FLS_REST, ERI_FLS_NONE } eri_fl_stage;

typedef struct eri_fl_error {
    eri_fl_err code;    /* ERI_FLE_NONE: no error */
    eri_span at;        /* the bytes the message points at */
    eri_span name;      /* NO_VALUE: the fact's name; NO_REASON: the indicator id */
    const char *after;  /* TRAILING: what the text follows ("the value") */
} eri_fl_error;

eri_fl_stage eri_fl_stage_of(eri_fl_err code);
/* Report e as an error in src (whose text the spans index); always false,
 * so callers can return it.  type, when not NULL, is the fact's type and
 * is named in a missing-value message: "missing value for 'n' (int)". */
bool eri_fl_report(er_diag *d, const eri_source *src, const eri_fl_error *e, const char *type);

/* ---- pieces of a line: t[p..end), end the line's end ------------------ */

bool eri_fl_is_blank(char c);
bool eri_fl_is_key(char c); /* letters, digits, '_' and '.': names and ids */
uint32_t eri_fl_blanks(const char *t, uint32_t p, uint32_t end); /* past spaces and tabs */
uint32_t eri_fl_word(const char *t, uint32_t p, uint32_t end);   /* past key characters */
uint32_t eri_fl_bare(const char *t, uint32_t p, uint32_t end);   /* up to a blank or '#' */
/* end without the blanks before it, but not before from. */
uint32_t eri_fl_trim(const char *t, uint32_t from, uint32_t end);
/* Nothing but blanks and perhaps a comment from p on. */
bool eri_fl_at_end(const char *t, uint32_t p, uint32_t end);
/* Control characters (but tab) and invalid UTF-8 in t[p..end) are errors. */
bool eri_fl_clean(const char *t, uint32_t p, uint32_t end, eri_fl_error *e);
/* The quoted string at t[q] (t[q] is '"'), its escapes checked: *after is
 * just past the closing quote.  False with *e set. */
bool eri_fl_string(const char *t, uint32_t q, uint32_t end, uint32_t *after, eri_fl_error *e);
/* Only blanks and perhaps a comment from p on ("unexpected text after
 * AFTER" otherwise); *comment, when not NULL, is the comment without
 * trailing blanks, or empty. */
bool eri_fl_rest(const char *t, uint32_t p, uint32_t end, const char *after, eri_span *comment,
                 eri_fl_error *e);
/* The text of a string that eri_fl_string accepted, t[s.start] being its
 * opening quote, unescaped into the arena; *len its length (may be NULL). */
char *eri_fl_unescape(eri_arena *a, const char *t, eri_span s, size_t *len);

/* ---- a facts-file line split into its parts --------------------------- */

typedef enum eri_fl_kind {
    ERI_FL_BLANK,   /* blanks only */
    ERI_FL_COMMENT, /* a comment line: see comment */
    ERI_FL_FACT,    /* NAME = VALUE */
    ERI_FL_SUBJECT, /* subject = "…" or subject "…" */
    ERI_FL_EXCLUDE, /* exclude ID "reason" */
    ERI_FL_OTHER    /* not a facts statement (err says why) */
} eri_fl_kind;

typedef struct eri_factline {
    eri_fl_kind kind;
    uint32_t start;   /* the statement's first byte: its name or keyword */
    eri_span key;     /* FACT: the name; SUBJECT: the word subject; EXCLUDE: the indicator id */
    eri_span value;   /* FACT: the value as written; SUBJECT: the string; EXCLUDE: the reason */
    bool quoted;      /* the value is a quoted string (its span has the quotes) */
    eri_span comment; /* the comment without trailing blanks; empty when none */
    eri_fl_error err; /* the first syntax error, not reported; the parts before it are set */
} eri_factline;

/* Split the line t[start..end) (as eri_lines gives it).  False when it
 * has a syntax error, in fl->err. */
bool eri_factline_scan(const char *t, uint32_t start, uint32_t end, eri_factline *fl);

#endif
