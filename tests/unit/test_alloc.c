/* test_alloc.c — unit tests for alloc.c, the one allocation hook: a size
 * of 0 asks the hook for 1 byte (never a NULL that means success), calloc's
 * multiplication cannot overflow into a small block, its memory is zeroed,
 * and NULLs restore malloc, realloc and free. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "evalrules.h"

static size_t last_size, calls, frees;

static void *hook_malloc(size_t n)
{
    last_size = n, calls++;
    return malloc(n);
}

static void *hook_realloc(void *p, size_t n)
{
    last_size = n, calls++;
    return realloc(p, n);
}

static void hook_free(void *p)
{
    frees++;
    free(p);
}

static void test_zero_sizes_ask_for_one_byte(void **state)
{
    (void)state;
    er_set_allocator(hook_malloc, hook_realloc, hook_free);
    void *p = eri_malloc(0);
    assert_non_null(p);
    assert_int_equal(last_size, 1);
    p = eri_realloc(p, 0);
    assert_non_null(p);
    assert_int_equal(last_size, 1);
    eri_free(p);
    assert_int_equal(frees, 1);
    er_set_allocator(NULL, NULL, NULL);
}

static void test_zeroed_and_bounded(void **state)
{
    (void)state;
    er_set_allocator(hook_malloc, hook_realloc, hook_free);
    calls = 0;
    assert_null(eri_calloc((size_t)-1 / 2, 4)); /* would wrap around: refused before the hook */
    assert_int_equal(calls, 0);
    unsigned char *z = eri_calloc(16, 8);
    assert_non_null(z);
    assert_int_equal(last_size, 128);
    for (size_t i = 0; i < 128; i++)
        assert_int_equal(z[i], 0);
    eri_free(z);
    void *none = eri_calloc(0, 8); /* nothing asked: still a block, never NULL */
    assert_non_null(none);
    eri_free(none);
    er_set_allocator(NULL, NULL, NULL);
    calls = 0;
    void *p = eri_malloc(8); /* malloc again: the hook is not called */
    assert_non_null(p);
    eri_free(p);
    assert_int_equal(calls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_zero_sizes_ask_for_one_byte), cmocka_unit_test(test_zeroed_and_bounded)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
