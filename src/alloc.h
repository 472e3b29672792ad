/* alloc.h — the one allocation hook every module (and flex) goes through,
 * so tests can make allocation fail (see er_set_allocator in evalrules.h). */
#ifndef ER_ALLOC_H
#define ER_ALLOC_H

#include <stddef.h>

void *er_malloc(size_t size);
void *er_calloc(size_t n, size_t size);
void *er_realloc(void *p, size_t size);
void er_free(void *p);
/* Copy of s[0..len) with a NUL after it; NULL when allocation fails. */
char *er_strndup(const char *s, size_t len);

#endif
