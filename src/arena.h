/* arena.h — one arena per loaded rules file.  AST nodes, copied strings and
 * the checked rule set live here until the rule set is freed: no per-node
 * frees.  When allocation fails the arena jumps to the handler set with
 * er_arena_on_oom (the loader's setjmp), as Lua's luaD_throw does. */
#ifndef ER_ARENA_H
#define ER_ARENA_H

#include <setjmp.h>
#include <stddef.h>

typedef struct er_arena er_arena;

er_arena *er_arena_new(void);
void er_arena_free(er_arena *a);
/* Where to longjmp when memory runs out (NULL: return NULL instead). */
void er_arena_on_oom(er_arena *a, jmp_buf *env);
jmp_buf *er_arena_oom(const er_arena *a);
/* Jump to the out-of-memory handler (for allocators outside the arena). */
_Noreturn void er_arena_fail(er_arena *a);
/* Zeroed, aligned memory. */
void *er_arena_alloc(er_arena *a, size_t size);
char *er_arena_strndup(er_arena *a, const char *s, size_t len);
/* Grow an arena-owned array (old contents copied; old block is left). */
void *er_arena_grow(er_arena *a, void *old, size_t old_size, size_t new_size);
/* Bytes handed out so far (for tests and benchmarks). */
size_t er_arena_used(const er_arena *a);

#define ER_NEW(a, T) ((T *)er_arena_alloc((a), sizeof(T)))
#define ER_NEW_ARRAY(a, T, n) ((T *)er_arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
