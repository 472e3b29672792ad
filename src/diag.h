/* diag.h — diagnostics in the form compilers use:
 *   FILE:LINE:COL: error: MESSAGE
 *      48 |       pass when staff.certifed >= need
 *         |                 ^~~~~~~~~~~~~~
 * every one reported (up to a limit), counted, with a summary at the end. */
#ifndef ER_DIAG_H
#define ER_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "evalrules.h"
#include "source.h"

typedef enum er_severity { ER_SEV_ERROR, ER_SEV_WARNING, ER_SEV_NOTE } er_severity;

/* A diagnostic at s[start..end) with the source line and a caret. */
void er_diag_at(er_diag *d, er_severity sev, const er_source *s, uint32_t start, uint32_t end,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void er_diag_vat(er_diag *d, er_severity sev, const er_source *s, uint32_t start, uint32_t end,
                 const char *fmt, va_list ap);
/* A diagnostic about a whole file: "FILE: error: MESSAGE". */
void er_diag_file(er_diag *d, er_severity sev, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A diagnostic with no file: "evalrules: error: MESSAGE". */
void er_diag_plain(er_diag *d, er_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "evalrules: error: cannot read 'PATH': REASON", and remember it. */
void er_diag_io(er_diag *d, const char *path, int err);

#endif
