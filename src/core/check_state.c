/* check_state.c — the checker's diagnostics: errors, warnings and notes at
 * a span of the file being checked, and the wording of numbers and types
 * in them. */
#include "check_state.h"

#include <stdarg.h>

void ck_error(checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_ERROR, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
    c->errors++;
}

void ck_warning(checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_WARNING, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
}

void ck_note(checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_NOTE, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
}

char *ck_fmt_num(char *buf, size_t cap, eri_num n)
{
    eri_num_format(n, 0, 6, buf, cap, NULL);
    return buf;
}

const char *ck_type_name(eri_type t)
{
    static const char *const names[] = {"an erroneous value", "a yes/no value", "a number", "a sample",
                                        "text", "a date", "an enumeration value", "an indicator id"};
    return names[t];
}
