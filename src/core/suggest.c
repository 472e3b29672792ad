/* suggest.c — did-you-mean hints: edit distance and the closest name. */
#include "suggest.h"

#include <string.h>

size_t eri_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t max)
{
    if ((alen > blen ? alen - blen : blen - alen) > max)
        return max + 1;
    if (blen > 255)
        return max + 1;
    size_t row[256];
    for (size_t j = 0; j <= blen; j++)
        row[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        size_t diag = row[0], best;
        row[0] = i;
        best = row[0];
        for (size_t j = 1; j <= blen; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = diag + cost;
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
    }
    return row[blen] > max ? max + 1 : row[blen];
}

eri_suggest eri_suggest_start_max(const char *name, size_t len, size_t max)
{
    return (eri_suggest){name, len, max + 1, NULL};
}

eri_suggest eri_suggest_start(const char *name, size_t len)
{
    return eri_suggest_start_max(name, len, len / 3 > 2 ? len / 3 : 2);
}

void eri_suggest_try(eri_suggest *s, const char *cand)
{
    if (!cand)
        return;
    size_t dist = eri_edit_distance(s->name, s->len, cand, strlen(cand), s->best_dist - 1);
    if (dist < s->best_dist) {
        s->best_dist = dist;
        s->best = cand;
    }
}
