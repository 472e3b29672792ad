/* alloc.c — allocation hook. */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#include "evalrules.h"

static er_alloc_fn alloc_fn = NULL;
static er_realloc_fn realloc_fn = NULL;
static er_free_fn free_fn = NULL;

void er_set_allocator(er_alloc_fn a, er_realloc_fn r, er_free_fn f)
{
    alloc_fn = a;
    realloc_fn = r;
    free_fn = f;
}

void *eri_malloc(size_t size)
{
    if (size == 0)
        size = 1;
    return alloc_fn ? alloc_fn(size) : malloc(size);
}

void *eri_calloc(size_t n, size_t size)
{
    if (size != 0 && n > (size_t)-1 / size)
        return NULL;
    void *p = eri_malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *eri_realloc(void *p, size_t size)
{
    if (size == 0)
        size = 1;
    return realloc_fn ? realloc_fn(p, size) : realloc(p, size);
}

void eri_free(void *p)
{
    if (free_fn)
        free_fn(p);
    else
        free(p);
}

char *eri_strndup(const char *s, size_t len)
{
    char *d = eri_malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}
