/* arena.h — one arena per loaded rules file.  AST nodes, copied strings,
 * the checked rule set and its numbers that outgrow 64 bits (a number heap,
 * decimal.h) live here until the rule set is freed: no per-node frees.  When allocation fails the arena jumps back to the innermost
 * protected call (eri_arena_protect), as Lua's luaD_throw does. */
#ifndef ERI_ARENA_H
#define ERI_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct eri_arena eri_arena;

eri_arena *eri_arena_new(void);
void eri_arena_free(eri_arena *a);
/* The protected call (Lua's luaD_rawrunprotected): run fn(arg) with an
 * out-of-memory handler on a.  True when fn returned; false when an
 * allocation from a failed inside it, which jumps straight back here.
 * Calls nest: the handler in force before is restored either way.  While
 * fn runs, the arena's number heap is the current one (decimal.h).  fn's
 * state lives in *arg, never in the caller's locals across the jump.
 * Outside a protected call an arena allocation that fails returns NULL. */
bool eri_arena_protect(eri_arena *a, void (*fn)(void *arg), void *arg);
/* Jump to the innermost protected call's handler (for allocations made
 * outside the arena, such as the scanner's); aborts outside any. */
_Noreturn void eri_arena_fail(eri_arena *a);
/* Zeroed, aligned memory. */
void *eri_arena_alloc(eri_arena *a, size_t size);
char *eri_arena_strndup(eri_arena *a, const char *s, size_t len);
/* Grow an arena-owned array (old contents copied; old block is left). */
void *eri_arena_grow(eri_arena *a, void *old, size_t old_size, size_t new_size);
/* Bytes handed out so far (for tests and benchmarks). */
size_t eri_arena_used(const eri_arena *a);
/* The arena's number heap, to keep values in (eri_num_keep). */
struct eri_numheap *eri_arena_nums(eri_arena *a);

#define ERI_NEW(a, T) ((T *)eri_arena_alloc((a), sizeof(T)))
#define ERI_NEW_ARRAY(a, T, n) ((T *)eri_arena_alloc((a), sizeof(T) * (size_t)(n)))

#endif
