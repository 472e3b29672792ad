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
/* A diagnostic with no file: "evalrules: error: MESSAGE". */
void eri_diag_plain(er_diag *d, eri_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Count in d diagnostics another sink showed (a batch's record's: batch.c),
 * so that d's summary and exit status include them. */
void eri_diag_count(er_diag *d, unsigned errors, unsigned warnings, bool io_failed);

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
