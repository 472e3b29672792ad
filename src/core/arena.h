/* arena.h — one arena per loaded rules file.  AST nodes, copied strings and
 * the checked rule set live here until the rule set is freed: no per-node
 * frees.  When allocation fails the arena jumps to the handler set with
 * eri_arena_on_oom (the loader's setjmp), as Lua's luaD_throw does. */
#ifndef ERI_ARENA_H
#define ERI_ARENA_H

#include <setjmp.h>
#include <stddef.h>

typedef struct eri_arena eri_arena;

eri_arena *eri_arena_new(void);
void eri_arena_free(eri_arena *a);
/* Where to longjmp when memory runs out (NULL: return NULL instead). */
void eri_arena_on_oom(eri_arena *a, jmp_buf *env);
jmp_buf *eri_arena_oom(const eri_arena *a);
/* Jump to the out-of-memory handler (for allocators outside the arena). */
_Noreturn void eri_arena_fail(eri_arena *a);
/* Zeroed, aligned memory. */
void *eri_arena_alloc(eri_arena *a, size_t size);
char *eri_arena_strndup(eri_arena *a, const char *s, size_t len);
/* Grow an arena-owned array (old contents copied; old block is left). */
void *eri_arena_grow(eri_arena *a, void *old, size_t old_size, size_t new_size);
/* Bytes handed out so far (for tests and benchmarks). */
size_t eri_arena_used(const eri_arena *a);

#define ERI_NEW(a, T) ((T *)eri_arena_alloc((a), sizeof(T)))
#define ERI_NEW_ARRAY(a, T, n) ((T *)eri_arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
