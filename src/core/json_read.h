/* json_read.h — JSON read with yajl, every byte of it in an arena.  yajl
 * does not check its own allocations (its handle, lexer, buffers and byte
 * stack write through whatever malloc returns), so it allocates here from
 * an eri_arena, inside a protected call (arena.h): an allocation that fails
 * jumps straight out of yajl, and nothing it half-built is touched again;
 * the arena is then freed whole. */
#ifndef ERI_JSON_READ_H
#define ERI_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

#include <yajl/yajl_common.h>
#include <yajl/yajl_tree.h>

#include "arena.h"

/* yajl's allocation functions over a (pass a pointer to the result to
 * yajl_alloc, which copies it): each block is size-prefixed, so realloc
 * copies; free does nothing — the memory is a's until a is freed.  Use a
 * handle made with them only inside eri_arena_protect(a, fn, arg): make it,
 * parse and read its callbacks in fn; when the protected call returns
 * false an allocation failed inside yajl or a callback, and the handle is
 * dropped as it is (never yajl_free'd, never used again; freeing a frees
 * it).  Memory yajl frees is kept until then: one arena per document.
 * A streaming reader, for example (its state in *arg, never in locals):
 *     static void run(void *arg) {
 *         reader *r = arg;
 *         yajl_alloc_funcs f = eri_json_alloc_funcs(r->arena);
 *         yajl_handle h = yajl_alloc(&callbacks, &f, r);
 *         r->st = yajl_parse(h, r->text, r->len);
 *         if (r->st == yajl_status_ok)
 *             r->st = yajl_complete_parse(h);
 *     }
 *     if (!eri_arena_protect(r.arena, run, &r)) … out of memory …
 *     eri_arena_free(r.arena);
 * (test_json_read.c, test_alloc_funcs, runs this.) */
yajl_alloc_funcs eri_json_alloc_funcs(eri_arena *a);

/* text[0..len) parsed as yajl_tree_parse parses it (comments allowed, the
 * same error text in errbuf, at most errlen bytes with the NUL), to a tree
 * of yajl_tree's struct yajl_val_s — YAJL_IS_*, YAJL_GET_* and
 * yajl_tree_get read it — whose every node, key and string is a's (never
 * yajl_tree_free it: free a).  An object keeps a key given twice twice, in
 * order.  A number keeps its text (r) and its value when it is an integer
 * of 64 bits (i, YAJL_NUMBER_INT_VALID); no double is read (d is 0, never
 * YAJL_NUMBER_DOUBLE_VALID).  NULL on bad JSON, or when memory ran out:
 * then errbuf says "out of memory" and *out_of_memory (when not NULL) is
 * set.  Runs its own protected call on a. */
yajl_val eri_json_tree_parse(eri_arena *a, const char *text, size_t len, char *errbuf, size_t errlen,
                             bool *out_of_memory);

#endif
