/* json.h — the one JSON writer of every report (the evaluation report, the
 * coverage, diff and replay, compare and sweep reports).
 *
 * A streaming writer: each call writes its value at once, in the order
 * called, so a report is written as it is walked, with no tree in between.
 * The layout is fixed: two spaces per level, members as "key": value, one
 * per line, an empty object or array as {} or [], and a newline at the end
 * (the layout jansson's JSON_INDENT(2) gave these reports before).
 *
 * Strings are arbitrary bytes.  Valid UTF-8 is written as it is, with '"',
 * '\\' and the control characters escaped (\b \t \n \f \r, the others as
 * \u00XX).  A string that is not valid UTF-8 (a file name can hold any
 * bytes) is never dropped: each byte that does not begin a valid UTF-8
 * sequence is written as U+FFFD, and beside the member KEY comes a member
 * KEY_bytes holding the exact bytes, percent-encoded: every such byte and
 * every '%' as %XX (two upper-case hex digits), everything else as it is.
 * Any percent-decoder gives the bytes back (Python:
 * urllib.parse.unquote_to_bytes).  Keys and strings in arrays, having no
 * member beside them, get only the U+FFFD form.
 *
 * Exact numbers (eri_json_num) are strings: a terminating decimal in full,
 * any other number to 6 places with its exact fraction beside it as
 * KEY_exact ("1.333333" and "4/3").
 *
 * The writer allocates nothing, so it cannot run out of memory; a failed
 * write is remembered and eri_json_end reports it.
 *
 * Every byte written can also go into a SHA-256 digest (the reports' seal,
 * seal.c): set .digest after eri_json_begin (out may then be NULL, to
 * digest without writing), and NULL again to stop. */
#ifndef ERI_JSON_H
#define ERI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "decimal.h"

struct eri_sha256;

/* A growable byte buffer: a line built in memory and written at once
 * (report_lines.c).  It starts in the caller's room (stack, cap bytes) and
 * moves to the heap when that is full; failed: memory ran out (what did
 * not fit is dropped). */
typedef struct eri_bytes {
    char *p;
    size_t len, cap;
    bool heap, failed;
} eri_bytes;
void eri_bytes_init(eri_bytes *b, char *room, size_t cap);
void eri_bytes_add(eri_bytes *b, const char *s, size_t len);
/* Write the bytes to out (NULL: nowhere) and free them: 0, or -1 when
 * writing or memory failed (or out is NULL). */
int eri_bytes_flush(eri_bytes *b, FILE *out);

typedef struct eri_json {
    FILE *out;                 /* NULL: written nowhere (only digested) */
    eri_bytes *bytes;          /* set after eri_json_begin: written here instead of out */
    struct eri_sha256 *digest; /* NULL, or the digest every byte also goes to */
    unsigned depth; /* containers open */
    bool empty;     /* the innermost container has no value yet */
    bool failed;    /* a write failed */
    bool compact;   /* one line: no line breaks or indentation, "key":value (JSON Lines) */
} eri_json;

/* Start a document on out. */
void eri_json_begin(eri_json *j, FILE *out);
/* End it with a newline: 0, or -1 when a write failed. */
int eri_json_end(eri_json *j);

/* Every value below is a member named key of the object open, or (key NULL)
 * an element of the array open or the document itself. */
void eri_json_object(eri_json *j, const char *key);
void eri_json_object_end(eri_json *j);
void eri_json_array(eri_json *j, const char *key);
void eri_json_array_end(eri_json *j);

/* The string s (NULL: null), or its len bytes. */
void eri_json_str(eri_json *j, const char *key, const char *s);
void eri_json_strn(eri_json *j, const char *key, const char *s, size_t len);
void eri_json_int(eri_json *j, const char *key, long long v);
void eri_json_bool(eri_json *j, const char *key, bool b);
void eri_json_null(eri_json *j, const char *key);
/* An exact number, as a string (and KEY_exact when it does not terminate). */
void eri_json_num(eri_json *j, const char *key, eri_num n);

#endif
