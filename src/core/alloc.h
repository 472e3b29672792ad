/* alloc.h — the one allocation hook every module (and flex) goes through,
 * so tests can make allocation fail (see er_set_allocator in evalrules.h). */
#ifndef ERI_ALLOC_H
#define ERI_ALLOC_H

#include <stddef.h>

void *eri_malloc(size_t size);
void *eri_calloc(size_t n, size_t size);
void *eri_realloc(void *p, size_t size);
void eri_free(void *p);
/* Copy of s[0..len) with a NUL after it; NULL when allocation fails. */
char *eri_strndup(const char *s, size_t len);

#endif
