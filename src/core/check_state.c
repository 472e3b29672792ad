/* check_state.c — the checker's diagnostics: errors, warnings and notes at
 * a span of the file being checked, and the wording of numbers and types
 * in them. */
#include "check_state.h"

#include <stdarg.h>
#include <string.h>

void eri_ck_error(eri_checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_ERROR, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
    c->errors++;
}

void eri_ck_warning(eri_checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_WARNING, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
}

void eri_ck_note(eri_checker *c, eri_span at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    eri_diag_vat(c->d, ERI_SEV_NOTE, c->src ? c->src : c->r->src, at.start, at.end, fmt, ap);
    va_end(ap);
}

const char *eri_ck_fmt_num(char *buf, size_t cap, eri_num n)
{
    return eri_num_show(buf, cap, n, 6, false); /* a long one in the rules' number heap */
}

const char *eri_ck_plural(eri_num n) { return eri_num_eq(n, ERI_NUM_ONE) ? "" : "s"; }

const char *eri_ck_article(const char *word) { return word[0] && strchr("aeiou", word[0]) ? "an" : "a"; }

const char *eri_ck_type_name(eri_type t)
{
    static const char *const names[] = {"an erroneous value", "a yes/no value", "a number", "a sample",
                                        "text", "a date", "an enumeration value", "an indicator id"};
    return names[t];
}
