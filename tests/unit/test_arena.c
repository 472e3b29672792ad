/* test_arena.c — the arena (arena.c): allocations zeroed and aligned, a
 * size too large, zero bytes, growing, and a failure inside a protected
 * call jumping back to it (the way every module's out-of-memory paths end
 * up). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdalign.h>
#include <string.h>

#include "arena.h"
#include "support.h"

static void test_sizes(void **state)
{
    (void)state;
    eri_arena *a = eri_arena_new();
    assert_non_null(a);
    assert_null(eri_arena_alloc(a, SIZE_MAX)); /* too large, outside a protected call: NULL */
    void *z1 = eri_arena_alloc(a, 0), *z2 = eri_arena_alloc(a, 0);
    assert_non_null(z1);
    assert_ptr_not_equal(z1, z2); /* zero bytes: still a place of its own */
    assert_int_equal((uintptr_t)z2 % alignof(max_align_t), 0);
    char *big = eri_arena_alloc(a, 1 << 20); /* more than a block */
    assert_non_null(big);
    assert_int_equal(big[(1 << 20) - 1], 0);
    char *s = eri_arena_strndup(a, "abc", 2);
    assert_string_equal(s, "ab");
    char *g = eri_arena_grow(a, s, 3, 2); /* smaller: what fits is kept */
    assert_int_equal(memcmp(g, "ab", 2), 0);
    char *n = eri_arena_grow(a, NULL, 0, 4); /* nothing to keep */
    assert_non_null(n);
    assert_int_equal(n[0], 0);
    eri_arena_free(a);
    eri_arena_free(NULL);
}

static void too_large(void *arg) { eri_arena_alloc(arg, SIZE_MAX); }

static void fails(void *arg) { eri_arena_fail(arg); }

/* Inside a protected call a failure jumps back: false, and the arena is
 * still usable; with no memory for a block the same. */
static void test_failure_jumps_back(void **state)
{
    (void)state;
    eri_arena *a = eri_arena_new();
    assert_non_null(a);
    assert_false(eri_arena_protect(a, too_large, a));
    assert_false(eri_arena_protect(a, fails, a));
    assert_non_null(eri_arena_alloc(a, 8));
    eri_arena *b = eri_arena_new();
    support_fail_from(0);
    assert_null(eri_arena_alloc(b, 8)); /* no block: NULL outside a protected call */
    assert_true(support_fail_stop());
    eri_arena_free(b);
    eri_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_failure_jumps_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
