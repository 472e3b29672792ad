/* suggest.h — did-you-mean: the edit distance between two names, and the
 * closest of a list of candidates.  Used by the checker and the facts
 * reader (and the tools); depends on nothing else. */
#ifndef ERI_SUGGEST_H
#define ERI_SUGGEST_H

#include <stddef.h>

/* Edit distance capped at max+1, for did-you-mean hints. */
size_t eri_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t max);

/* The closest candidate to name so far (best is NULL while none is close). */
typedef struct eri_suggest {
    const char *name;
    size_t len, best_dist;
    const char *best;
} eri_suggest;

/* Start with candidates up to len/3 edits away (at least 2). */
eri_suggest eri_suggest_start(const char *name, size_t len);
/* Start with candidates up to max edits away. */
eri_suggest eri_suggest_start_max(const char *name, size_t len, size_t max);
/* Consider cand (NULL is skipped). */
void eri_suggest_try(eri_suggest *s, const char *cand);

#endif
