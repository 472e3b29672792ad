/* fmt.h — what the two layouts of the formatter share (internal to
 * src/tools): fmt.c has the entry points (include/evalrules_tools.h),
 * fmt_rules.c lays out a rules file token by token, fmt_facts.c a facts
 * file line by line, and both write into fmt_buf.c's output text. */
#ifndef ERI_FMT_H
#define ERI_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evalrules.h"
#include "arena.h"
#include "diag.h"
#include "source.h"

/* Output text growing in the arena (out of memory jumps to the protected call). */
typedef struct eri_fmt_buf {
    eri_arena *a;
    char *s;
    size_t len, cap;
} eri_fmt_buf;

void eri_fmt_put(eri_fmt_buf *b, const char *s, size_t n);
void eri_fmt_spaces(eri_fmt_buf *b, size_t n);
/* A comment's text s[start..end) without trailing blanks (and CR): its end. */
uint32_t eri_fmt_comment_end(const char *s, uint32_t start, uint32_t end);

/* The layouts of src into out; false after reporting (syntax errors). */
bool eri_fmt_rules(eri_arena *a, const eri_source *src, er_diag *d, eri_fmt_buf *out);
bool eri_fmt_facts(eri_arena *a, const eri_source *src, er_diag *d, eri_fmt_buf *out);

#endif
