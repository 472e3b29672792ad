/* arena.c — bump allocator in chained blocks. */
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"

#define BLOCK_SIZE (32 * 1024)

typedef struct block {
    struct block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} block;

struct er_arena {
    block *head;
    size_t total;
    jmp_buf *oom;
};

er_arena *er_arena_new(void)
{
    er_arena *a = er_malloc(sizeof *a);
    if (a) {
        a->head = NULL;
        a->total = 0;
        a->oom = NULL;
    }
    return a;
}

void er_arena_free(er_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        er_free(b);
    }
    er_free(a);
}

void er_arena_on_oom(er_arena *a, jmp_buf *env) { a->oom = env; }
jmp_buf *er_arena_oom(const er_arena *a) { return a->oom; }

static void *fail(er_arena *a)
{
    if (a->oom)
        longjmp(*a->oom, 1);
    return NULL;
}

_Noreturn void er_arena_fail(er_arena *a)
{
    if (a->oom)
        longjmp(*a->oom, 1);
    abort();
}

void *er_arena_alloc(er_arena *a, size_t size)
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
        b = er_malloc(sizeof *b + cap);
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

char *er_arena_strndup(er_arena *a, const char *s, size_t len)
{
    char *d = er_arena_alloc(a, len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

void *er_arena_grow(er_arena *a, void *old, size_t old_size, size_t new_size)
{
    void *p = er_arena_alloc(a, new_size);
    if (p && old && old_size)
        memcpy(p, old, old_size < new_size ? old_size : new_size);
    return p;
}

size_t er_arena_used(const er_arena *a) { return a->total; }
