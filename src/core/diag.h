/* diag.h — diagnostics in the form compilers use:
 *   FILE:LINE:COL: error: MESSAGE
 *      48 |       pass when staff.certifed >= need
 *         |                 ^~~~~~~~~~~~~~
 * every one reported (up to a limit), counted, with a summary at the end. */
#ifndef ERI_DIAG_H
#define ERI_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "evalrules.h"
#include "source.h"

typedef enum eri_severity { ERI_SEV_ERROR, ERI_SEV_WARNING, ERI_SEV_NOTE } eri_severity;

/* A diagnostic kept by a collecting sink (er_diag_set_collect): file NULL
 * for one about no file, line 0 for one about a whole file; code its number
 * in diag.def (0: none), shown as E or W by code_warning (what it was before
 * --strict made it an error).  A note has the code of the diagnostic it
 * explains. */
typedef struct eri_diag_record {
    eri_severity sev;
    char *file, *message;
    int line, col, end_line, end_col;
    unsigned code;
    bool code_warning;
} eri_diag_record;
size_t eri_diag_count(const er_diag *d);
const eri_diag_record *eri_diag_record_at(const er_diag *d, size_t i); /* NULL past the end */
/* Whether a diagnostic could not be kept (out of memory). */
bool eri_diag_lost(const er_diag *d);
/* The record's code, "E0301" or "W0601", in buf; "" when it has none. */
const char *eri_diag_code(const eri_diag_record *r, char buf[8]);
/* The number of the diagnostic with this printf format (diag.def), or 0. */
unsigned eri_diag_number(const char *fmt);
/* What to do, in a message written "PROBLEM; WHAT TO DO": the text after its
 * first "; " outside quotes, or NULL. */
const char *eri_diag_hint(const char *message);
/* Every code, for SARIF's rules: the i-th entry of diag.def (false past the end). */
bool eri_diag_code_at(size_t i, unsigned *number, const char **format);

/* A diagnostic at s[start..end) with the source line and a caret. */
void eri_diag_at(er_diag *d, eri_severity sev, const eri_source *s, uint32_t start, uint32_t end,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void eri_diag_vat(er_diag *d, eri_severity sev, const eri_source *s, uint32_t start, uint32_t end,
                 const char *fmt, va_list ap);
/* True when the next error or warning would not be shown (no stream, or
 * --max-errors reached): it is only counted, so a caller may skip the
 * work of a hint, such as a did-you-mean search over every name. */
bool eri_diag_quiet(const er_diag *d);

/* A diagnostic about a whole file: "FILE: error: MESSAGE". */
void eri_diag_file(er_diag *d, eri_severity sev, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A diagnostic about the whole of s: "FILE: error: MESSAGE", or for a
 * batch's record (s->record) "FILE:LINE: error: MESSAGE", LINE its first. */
void eri_diag_whole(er_diag *d, eri_severity sev, const eri_source *s, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A diagnostic with no file: "evalrules: error: MESSAGE". */
void eri_diag_plain(er_diag *d, eri_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Count in d diagnostics another sink showed (a batch's record's: batch.c),
 * so that d's summary and exit status include them. */
void eri_diag_add_counts(er_diag *d, unsigned errors, unsigned warnings, bool io_failed);

/* "evalrules: error: cannot read 'PATH': REASON", and remember it. */
void eri_diag_io(er_diag *d, const char *path, int err);

/* Every loader's first step: a file read whole (eri_source_read), or NULL
 * after reporting why it could not be (eri_diag_io); text copied as a
 * source named name, or NULL after reporting out of memory.  Either is
 * NULL after "this file looks like GBK; save it as UTF-8" (or UTF-16), said
 * once with an iconv command (eri_source_encoding). */
eri_source *eri_diag_read(er_diag *d, const char *path);
eri_source *eri_diag_text(er_diag *d, const char *name, const char *text, size_t len);

#endif
