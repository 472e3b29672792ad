/* arena.c — bump allocator in chained blocks. */
#include "arena.h"

#include <setjmp.h>
#include <stdalign.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "decimal.h"

#define BLOCK_SIZE (32 * 1024)

typedef struct block {
    struct block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} block;

struct eri_arena {
    block *head;
    size_t total;
    jmp_buf *oom;
    eri_numheap nums; /* the file's numbers that outgrow 64 bits */
};

eri_arena *eri_arena_new(void)
{
    eri_arena *a = eri_malloc(sizeof *a);
    if (a) {
        a->head = NULL;
        a->total = 0;
        a->oom = NULL;
        a->nums = (eri_numheap)ERI_NUMHEAP_INIT;
    }
    return a;
}

void eri_arena_free(eri_arena *a)
{
    if (!a)
        return;
    eri_numheap_clear(&a->nums);
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        eri_free(b);
    }
    eri_free(a);
}

bool eri_arena_protect(eri_arena *a, void (*fn)(void *arg), void *arg)
{
    jmp_buf *outer = a->oom, here;
    eri_numheap *nums = eri_numheap_use(&a->nums);
    volatile bool ok = false; /* read after the jump: volatile */
    if (setjmp(here) == 0) {
        a->oom = &here;
        fn(arg);
        ok = true;
    }
    a->oom = outer;
    eri_numheap_use(nums);
    return ok;
}

static void *fail(eri_arena *a)
{
    if (a->oom)
        longjmp(*a->oom, 1);
    return NULL;
}

_Noreturn void eri_arena_fail(eri_arena *a)
{
    if (a->oom)
        longjmp(*a->oom, 1);
    abort();
}

void *eri_arena_alloc(eri_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX / 2)
        return fail(a);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > BLOCK_SIZE ? size : BLOCK_SIZE;
        b = eri_malloc(sizeof *b + cap);
        if (!b)
            return fail(a);
        b->size = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

char *eri_arena_strndup(eri_arena *a, const char *s, size_t len)
{
    char *d = eri_arena_alloc(a, len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

void *eri_arena_grow(eri_arena *a, void *old, size_t old_size, size_t new_size)
{
    void *p = eri_arena_alloc(a, new_size);
    if (p && old && old_size)
        memcpy(p, old, old_size < new_size ? old_size : new_size);
    return p;
}

size_t eri_arena_used(const eri_arena *a) { return a->total; }

eri_numheap *eri_arena_nums(eri_arena *a) { return &a->nums; }
