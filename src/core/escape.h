/* escape.h — text from rules and facts made safe for a report: one helper
 * for every text writer (the evaluation report, compare, sweep, diff, test)
 * and one for HTML.
 *
 * A subject, label, reason or message may hold any character, but in a
 * text report a newline or another control character in it must never
 * start a new line or move the cursor: someone who writes the facts file
 * could otherwise forge a report line ("Level  五星级").  So control
 * characters are shown visibly, in the C manner: \n \r \t, the others
 * \xHH (C0, DEL) or \u0085, \u2028, \u2029 (the C1 controls and Unicode's
 * line and paragraph separators).  Everything else is kept as it is. */
#ifndef ERI_ESCAPE_H
#define ERI_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* The visible form of the control character at text (len > 0 bytes there):
 * written to out (cap bytes, NUL-terminated; 8 is enough), its length
 * returned and *used set to the bytes it stands for; 0 (and *used 1) when
 * text does not start with one.  For writers that also count columns. */
size_t eri_esc_control(const char *text, size_t len, char *out, size_t cap, size_t *used);

/* s made safe for one line of a text report: s itself when nothing needs
 * showing (no copy), else its visible form in buf (cut with "…" to fit cap
 * bytes).  NULL gives "". */
const char *eri_esc_text(char *buf, size_t cap, const char *s);
/* Write len bytes of s in the same visible form. */
void eri_esc_text_put(FILE *out, const char *s, size_t len);
/* Write s (out NULL: only measure) in the same visible form, cut with "…"
 * to at most max terminal columns (CJK counts two) when the whole does not
 * fit; returns the columns it takes.  For text tables. */
size_t eri_esc_cols(FILE *out, const char *s, size_t max);

/* Write len bytes of s as HTML text or an attribute value: & < > " '
 * as entities, control characters in the visible form above. */
void eri_esc_html_put(FILE *out, const char *s, size_t len);
/* The same for a NUL-terminated s (NULL writes nothing). */
void eri_esc_html(FILE *out, const char *s);

#endif
