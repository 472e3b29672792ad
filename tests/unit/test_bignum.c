/* test_bignum.c — exact numbers across the 64-bit boundary (decimal.h,
 * bignum.c): every operation and every rounding mode on operands around
 * and beyond 2^63, checked against a reference computed another way — GMP's
 * mpq used directly, and rounding worked out by comparing the two
 * neighbouring multiples — plus number heaps, keeping, long literals, text
 * and running out of memory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal.h"
#include "evalrules.h"
#include "support.h"

static eri_numheap heap = ERI_NUMHEAP_INIT;

static int setup(void **state)
{
    (void)state;
    eri_numheap_use(&heap);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    eri_numheap_use(NULL);
    eri_numheap_clear(&heap);
    return 0;
}

/* ---- the reference -------------------------------------------------------- */

/* s ("-12.5", "3/7", "123…") as an mpq, read by GMP alone. */
static void ref_set(mpq_t q, const char *s)
{
    char buf[4096];
    const char *dot = strchr(s, '.');
    if (!dot) {
        assert_int_equal(mpq_set_str(q, s, 10), 0);
    } else { /* digits without the point over 10^places */
        size_t places = strlen(dot + 1);
        snprintf(buf, sizeof buf, "%.*s%s/1", (int)(dot - s), s, dot + 1);
        char *slash = strrchr(buf, '/');
        slash[1] = '1';
        memset(slash + 2, '0', places);
        slash[2 + places] = '\0';
        assert_int_equal(mpq_set_str(q, buf, 10), 0);
    }
    mpq_canonicalize(q);
}

/* The exact text of n ("num/den"), as the library writes it. */
static const char *text(eri_num n)
{
    static char buf[8192];
    size_t len = eri_num_format_fraction(n, buf, sizeof buf);
    assert_true(len < sizeof buf);
    return buf;
}

/* n equals the reference q exactly. */
static void same(eri_num n, const mpq_t q)
{
    char *want = mpq_get_str(NULL, 10, q);
    if (strcmp(text(n), want) != 0)
        fail_msg("expected %s, got %s", want, text(n));
    /* a value that fits is small, one that does not is big */
    bool fits = mpz_sizeinbase(mpq_denref(q), 2) <= 63 &&
                (mpz_sizeinbase(mpq_numref(q), 2) <= 63 ||
                 (mpz_sgn(mpq_numref(q)) < 0 && mpz_sizeinbase(mpq_numref(q), 2) == 64 &&
                  mpz_scan1(mpq_numref(q), 0) == 63));
    assert_int_equal(eri_num_is_big(n), !fits);
    void (*freefn)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &freefn);
    freefn(want, strlen(want) + 1);
}

static eri_num num(const char *s)
{
    eri_num n;
    const char *slash = strchr(s, '/');
    if (!slash) {
        assert_int_equal(eri_num_parse(s, strlen(s), &n), ERI_NUM_OK);
        return n;
    }
    eri_num a, b;
    assert_int_equal(eri_num_parse(s, (size_t)(slash - s), &a), ERI_NUM_OK);
    assert_int_equal(eri_num_parse(slash + 1, strlen(slash + 1), &b), ERI_NUM_OK);
    assert_int_equal(eri_num_div(a, b, &n), ERI_NUM_OK);
    return n;
}

/* Operands around and beyond the boundary: ±(2^63 - 1), -2^63, 2^63, 2^64,
 * fractions with denominators near 2^63, products of primes, long decimals. */
static const char *const operands[] = {
    "0", "1", "-1", "2", "1/2", "-7/3",
    "9223372036854775807", "-9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "18446744073709551616", "-18446744073709551617", "9223372036854775806",
    "1/9223372036854775807", "-1/9223372036854775806", "9223372036854775807/9223372036854775806",
    "4611686018427387904/3", "3037000499", "3037000500", "-3037000501/3037000499",
    "94.95", "0.1", "99.123456789012345678901234567890123",
    "123456789012345678901234567890.000000000000000000000000000001",
    "1/600000000000000000000000000000000000000007", "-5/18446744073709551629",
    "391/4050810670794771305", "393954199585867850039/4050810670794771305",
};
#define NOPS (sizeof operands / sizeof *operands)

/* ---- arithmetic ------------------------------------------------------------- */

typedef eri_num_status (*binop)(eri_num, eri_num, eri_num *);

static void check_op(const char *name, binop op, void (*ref)(mpq_ptr, mpq_srcptr, mpq_srcptr), bool div)
{
    mpq_t a, b, r;
    mpq_inits(a, b, r, NULL);
    for (size_t i = 0; i < NOPS; i++)
        for (size_t j = 0; j < NOPS; j++) {
            eri_num x = num(operands[i]), y = num(operands[j]), z;
            ref_set(a, text(x));
            ref_set(b, text(y));
            eri_num_status st = op(x, y, &z);
            if (div && mpq_sgn(b) == 0) {
                assert_int_equal(st, ERI_NUM_DIVZERO);
                continue;
            }
            if (st != ERI_NUM_OK)
                fail_msg("%s %s %s: status %d", operands[i], name, operands[j], (int)st);
            ref(r, a, b);
            same(z, r);
        }
    mpq_clears(a, b, r, NULL);
}

static void test_add(void **state) { (void)state; check_op("+", eri_num_add, mpq_add, false); }
static void test_sub(void **state) { (void)state; check_op("-", eri_num_sub, mpq_sub, false); }
static void test_mul(void **state) { (void)state; check_op("*", eri_num_mul, mpq_mul, false); }
static void test_div(void **state) { (void)state; check_op("/", eri_num_div, mpq_div, true); }

/* Negation, comparison, predicates, min/max/abs against the reference. */
static void test_unary_and_order(void **state)
{
    (void)state;
    mpq_t a, b, r;
    mpq_inits(a, b, r, NULL);
    for (size_t i = 0; i < NOPS; i++) {
        eri_num x = num(operands[i]), z;
        ref_set(a, text(x));
        assert_int_equal(eri_num_neg(x, &z), ERI_NUM_OK);
        mpq_neg(r, a);
        same(z, r);
        mpq_abs(r, a);
        eri_num abs = x;
        if (eri_num_sign(x) < 0)
            assert_int_equal(eri_num_neg(x, &abs), ERI_NUM_OK);
        same(abs, r);
        assert_int_equal(eri_num_sign(x), mpq_sgn(a));
        assert_int_equal(eri_num_is_zero(x), mpq_sgn(a) == 0);
        assert_int_equal(eri_num_is_int(x), mpz_cmp_ui(mpq_denref(a), 1) == 0);
        for (size_t j = 0; j < NOPS; j++) {
            eri_num y = num(operands[j]);
            ref_set(b, text(y));
            int c = mpq_cmp(a, b);
            c = (c > 0) - (c < 0);
            assert_int_equal(eri_num_cmp(x, y), c);
            assert_int_equal(eri_num_eq(x, y), c == 0);
            same(eri_num_min(x, y), c <= 0 ? a : b);
            same(eri_num_max(x, y), c >= 0 ? a : b);
        }
    }
    mpq_clears(a, b, r, NULL);
}

/* ---- rounding ----------------------------------------------------------------- */

/* The reference: the two multiples of q around a, and which one the mode
 * picks by comparing distances (not by remainders, as the library does). */
static void ref_round(mpq_t out, const mpq_t a, const mpq_t q, eri_round_mode mode)
{
    mpq_t t, lo, hi, dlo, dhi;
    mpz_t k;
    mpq_inits(t, lo, hi, dlo, dhi, NULL);
    mpz_init(k);
    mpq_div(t, a, q);
    mpz_fdiv_q(k, mpq_numref(t), mpq_denref(t));
    mpq_set_z(lo, k);
    mpq_mul(lo, lo, q);
    mpz_add_ui(k, k, 1);
    mpq_set_z(hi, k);
    mpq_mul(hi, hi, q);
    bool hi_even = mpz_even_p(k);
    mpz_sub_ui(k, k, 1);
    mpq_sub(dlo, a, lo);
    mpq_sub(dhi, hi, a);
    int pos = mpq_sgn(a) > 0, closer = mpq_cmp(dlo, dhi); /* < 0: lo is closer */
    bool up;
    if (mpq_sgn(dlo) == 0)
        up = false;
    else
        switch (mode) {
        case ERI_ROUND_FLOOR: up = false; break;
        case ERI_ROUND_CEILING: up = true; break;
        case ERI_ROUND_DOWN: up = !pos; break;
        case ERI_ROUND_UP: up = pos; break;
        case ERI_ROUND_HALF_UP: up = closer > 0 || (closer == 0 && pos); break;
        case ERI_ROUND_HALF_DOWN: up = closer > 0 || (closer == 0 && !pos); break;
        default: up = closer > 0 || (closer == 0 && hi_even); break;
        }
    mpq_set(out, up ? hi : lo);
    mpq_clears(t, lo, hi, dlo, dhi, NULL);
    mpz_clear(k);
}

static void test_round_every_mode(void **state)
{
    (void)state;
    static const char *const quanta[] = {"1", "1/10", "1/3", "7/2", "1/1000000000000000000000000000000",
                                         "9223372036854775807", "36893488147419103232", "5/18446744073709551629"};
    /* ties beyond 64 bits: (2k + 1)/2 for a k near and past 2^63, and their negatives */
    static const char *const ties[] = {"18446744073709551615/2", "18446744073709551617/2",
                                       "-18446744073709551617/2", "36893488147419103233/2",
                                       "-36893488147419103231/2"};
    mpq_t a, q, r;
    mpq_inits(a, q, r, NULL);
    for (int mode = ERI_ROUND_HALF_UP; mode <= ERI_ROUND_CEILING; mode++) {
        for (size_t qi = 0; qi < sizeof quanta / sizeof *quanta; qi++) {
            eri_num qn = num(quanta[qi]);
            ref_set(q, text(qn));
            for (size_t i = 0; i < NOPS + sizeof ties / sizeof *ties; i++) {
                eri_num x = num(i < NOPS ? operands[i] : ties[i - NOPS]), z;
                ref_set(a, text(x));
                if (eri_num_round(x, qn, (eri_round_mode)mode, &z) != ERI_NUM_OK)
                    fail_msg("round %s to %s", text(x), quanta[qi]);
                ref_round(r, a, q, (eri_round_mode)mode);
                same(z, r);
            }
        }
    }
    /* floor and ceiling are rounding to 1 */
    for (size_t i = 0; i < NOPS; i++) {
        eri_num x = num(operands[i]), z;
        ref_set(a, text(x));
        mpq_set_ui(q, 1, 1);
        assert_int_equal(eri_num_floor(x, &z), ERI_NUM_OK);
        ref_round(r, a, q, ERI_ROUND_FLOOR);
        same(z, r);
        assert_int_equal(eri_num_ceil(x, &z), ERI_NUM_OK);
        ref_round(r, a, q, ERI_ROUND_CEILING);
        same(z, r);
    }
    eri_num z;
    assert_int_equal(eri_num_round(num("5"), num("-18446744073709551616"), ERI_ROUND_FLOOR, &z), ERI_NUM_DIVZERO);
    mpq_clears(a, q, r, NULL);
}

/* Random operands on both sides of the boundary, every operation chained,
 * against mpq; a fixed seed so a failure can be replayed. */
static void test_random_chains(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15u;
    mpq_t acc, x, t;
    mpq_inits(acc, x, t, NULL);
    for (int chain = 0; chain < 200; chain++) {
        eri_num e = ERI_NUM_ZERO;
        mpq_set_ui(acc, 0, 1);
        for (int step = 0; step < 30; step++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            int64_t n = (int64_t)(seed >> 1) >> (seed % 40), d = (int64_t)((seed >> 20) % 1000003) + 1;
            eri_num v;
            if (eri_num_make(n, d, &v) != ERI_NUM_OK)
                continue;
            mpq_set_si(x, n, (unsigned long)d);
            mpq_canonicalize(x);
            switch (seed % 5) {
            case 0: assert_int_equal(eri_num_add(e, v, &e), ERI_NUM_OK); mpq_add(acc, acc, x); break;
            case 1: assert_int_equal(eri_num_sub(e, v, &e), ERI_NUM_OK); mpq_sub(acc, acc, x); break;
            case 2: assert_int_equal(eri_num_mul(e, v, &e), ERI_NUM_OK); mpq_mul(acc, acc, x); break;
            case 3:
                if (mpq_sgn(x) == 0)
                    break;
                assert_int_equal(eri_num_div(e, v, &e), ERI_NUM_OK);
                mpq_div(acc, acc, x);
                break;
            default: /* round to 1/1000 half-even now and then, to stay small sometimes */
                mpq_set_ui(t, 1, 1000);
                assert_int_equal(eri_num_round(e, num("1/1000"), ERI_ROUND_HALF_EVEN, &e), ERI_NUM_OK);
                ref_round(acc, acc, t, ERI_ROUND_HALF_EVEN);
                break;
            }
            same(e, acc);
            if (mpz_sizeinbase(mpq_numref(acc), 2) > 2000) /* keep the chains cheap */
                break;
        }
        eri_numheap_clear(&heap);
    }
    mpq_clears(acc, x, t, NULL);
}

/* ---- literals and text ------------------------------------------------------------ */

static void test_long_literals(void **state)
{
    (void)state;
    mpq_t q;
    mpq_init(q);
    char lit[700];
    /* 300 digits before the point and 300 after: read exactly */
    memset(lit, '7', 300);
    lit[300] = '.';
    memset(lit + 301, '3', 299);
    strcpy(lit + 600, "1");
    eri_num n = num(lit);
    ref_set(q, lit);
    same(n, q);
    char out[700];
    eri_num_format(n, 0, eri_num_decimals(n), out, sizeof out, NULL);
    assert_string_equal(out, lit);
    /* long but small: 2^-62 in full, and a long run of zeros */
    n = num("0.00000000000000000021684043449710088680149056017398834228515625");
    assert_false(eri_num_is_big(n));
    n = num("-00000000000000000000000000000000000042.50000000000000000000000000000000000");
    assert_false(eri_num_is_big(n));
    assert_string_equal(text(n), "-85/2");
    /* a denominator of 10^40 after reduction */
    n = num("0.0000000000000000000000000000000000000001");
    assert_true(eri_num_is_big(n));
    assert_string_equal(text(n), "1/10000000000000000000000000000000000000000");
    mpq_clear(q);
}

static void test_text_of_large_values(void **state)
{
    (void)state;
    char buf[256];
    bool exact = true;
    /* terminating: exact, however many places */
    eri_num n = num("123456789012345678901234567890.5");
    eri_num_format(n, 0, eri_num_decimals(n), buf, sizeof buf, &exact);
    assert_string_equal(buf, "123456789012345678901234567890.5");
    assert_true(exact);
    eri_num_format(n, 3, 6, buf, sizeof buf, &exact);
    assert_string_equal(buf, "123456789012345678901234567890.500");
    /* not terminating: rounded half-up, flagged, "…" from eri_num_show */
    n = num("1000000000000000000000000000002/3"); /* an integer after all */
    eri_num_format(n, 0, 6, buf, sizeof buf, &exact);
    assert_string_equal(buf, "333333333333333333333333333334");
    assert_true(exact);
    eri_num_format(n, 1, 2, buf, sizeof buf, &exact);
    assert_string_equal(buf, "333333333333333333333333333334.0");
    n = num("1000000000000000000000000000001/3");
    eri_num_format(n, 1, 2, buf, sizeof buf, &exact);
    assert_string_equal(buf, "333333333333333333333333333333.67");
    assert_false(exact);
    n = num("-1000000000000000000000000000001/3");
    eri_num_format(n, 0, 4, buf, sizeof buf, &exact);
    assert_string_equal(buf, "-333333333333333333333333333333.6667");
    assert_false(exact);
    assert_string_equal(eri_num_show(buf, sizeof buf, n, 2, true), "-333333333333333333333333333333.67\xE2\x80\xA6");
    /* tiny: rounds to zero without "-0" */
    n = num("-1/600000000000000000000000000000000000000007");
    eri_num_format(n, 0, 6, buf, sizeof buf, &exact);
    assert_string_equal(buf, "0");
    eri_num_format(n, 2, 6, buf, sizeof buf, &exact);
    assert_string_equal(buf, "0.00");
    assert_int_equal(eri_num_decimals(n), -1);
    assert_int_equal(eri_num_decimals(num("1/1267650600228229401496703205376")), 100); /* 2^-100 */
    /* snprintf-style: the length it needs, cut to the buffer */
    char small[8];
    n = num("98765432109876543210987654321");
    assert_int_equal(eri_num_format(n, 0, 0, small, sizeof small, NULL), 29);
    assert_string_equal(small, "9876543");
    assert_int_equal(eri_num_format_fraction(num("-98765432109876543210987654321/7"), small, sizeof small), 30);
    /* eri_num_show: too long for buf, so the current heap holds the text */
    const char *shown = eri_num_show(small, sizeof small, n, 3, true);
    assert_true(shown != small);
    assert_string_equal(shown, "98765432109876543210987654321");
    eri_numheap_use(NULL); /* none: cut to the buffer */
    assert_string_equal(eri_num_show(small, sizeof small, n, 3, true), "9876543");
    eri_numheap_use(&heap);
    /* a fraction of more than 128 digits; the signs of large values */
    n = num("1000000000000000000000000000000000000000"
            "0000000000000000000000000000001/"
            "1000000000000000000000000000000000000000"
            "0000000000000000000000000000003"); /* 10^70 + 1 over 10^70 + 3: no common factor */
    eri_num_format_fraction(n, buf, sizeof buf);
    assert_string_equal(buf, "10000000000000000000000000000000000000000000000000000000000000000000001/"
                             "10000000000000000000000000000000000000000000000000000000000000000000003");
    assert_int_equal(eri_num_sign(n), 1);
    assert_int_equal(eri_num_sign(num("-98765432109876543210987654321")), -1);
}

/* ---- heaps ------------------------------------------------------------------------ */

static void test_heaps_and_keep(void **state)
{
    (void)state;
    eri_numheap a = ERI_NUMHEAP_INIT, b = ERI_NUMHEAP_INIT;
    eri_numheap *before = eri_numheap_use(&a);
    assert_ptr_equal(before, &heap);
    eri_num x = num("18446744073709551616"), small = num("42");
    assert_int_equal(eri_numheap_count(&a), 1);
    assert_int_equal(eri_num_keep(&b, &small), ERI_NUM_OK); /* small: nothing to copy */
    assert_int_equal(eri_numheap_count(&b), 0);
    eri_num y = x;
    assert_int_equal(eri_num_keep(&b, &y), ERI_NUM_OK);
    assert_int_equal(eri_numheap_count(&b), 1);
    assert_int_equal(eri_num_keep(&b, &y), ERI_NUM_OK); /* already b's */
    assert_int_equal(eri_numheap_count(&b), 1);
    eri_numheap_clear(&a); /* x is gone, y lives on */
    eri_numheap_use(&b);
    assert_string_equal(text(y), "18446744073709551616");
    /* a result that fits is small and costs the heap nothing */
    eri_num z;
    eri_num y1 = num("18446744073709551615");
    size_t held = eri_numheap_count(&b);
    assert_int_equal(eri_num_sub(y, y1, &z), ERI_NUM_OK);
    assert_false(eri_num_is_big(z));
    assert_true(eri_num_eq(z, ERI_NUM_ONE));
    assert_int_equal(eri_numheap_count(&b), held);
    /* no heap: a big result is ERI_NUM_OVERFLOW, as before; comparisons still work */
    eri_numheap_use(NULL);
    assert_int_equal(eri_num_add(y, ERI_NUM_ONE, &z), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_add(eri_num_int(INT64_MAX), ERI_NUM_ONE, &z), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_cmp(y, eri_num_int(INT64_MAX)), 1);
    assert_int_equal(eri_num_keep(NULL, &y), ERI_NUM_OVERFLOW);
    eri_numheap_clear(&b);
    eri_numheap_use(before);
}

/* ---- out of memory ------------------------------------------------------------------ */

/* Every allocation of a big operation can fail: ERI_NUM_NOMEM, nothing
 * held, nothing leaked (the sanitizer build watches), the heap unchanged. */
static void test_out_of_memory(void **state)
{
    (void)state;
    char lit[400];
    memset(lit, '9', sizeof lit - 1);
    lit[sizeof lit - 1] = '\0';
    eri_num big = num(lit), big2 = num("-123456789012345678901234567890/7");
    size_t held = eri_numheap_count(&heap);
    int completed = 0;
    for (long n = 0; n < 40; n++) {
        eri_num z, k = big;
        eri_numheap other = ERI_NUMHEAP_INIT;
        char buf[600];
        support_fail_from(n);
        eri_num_status st = eri_num_mul(big, big2, &z);
        assert_true(st == ERI_NUM_OK || st == ERI_NUM_NOMEM);
        support_fail_from(n);
        st = eri_num_round(big2, num("1/7"), ERI_ROUND_HALF_EVEN, &z);
        assert_true(st == ERI_NUM_OK || st == ERI_NUM_NOMEM);
        support_fail_from(n);
        st = eri_num_parse(lit, strlen(lit), &z);
        assert_true(st == ERI_NUM_OK || st == ERI_NUM_NOMEM);
        support_fail_from(n);
        st = eri_num_keep(&other, &k);
        assert_true(st == ERI_NUM_OK || st == ERI_NUM_NOMEM);
        support_fail_from(n);
        eri_num_format(big2, 0, 300, buf, sizeof buf, NULL); /* "?" when it cannot */
        support_fail_stop();
        completed += st == ERI_NUM_OK;
        eri_numheap_clear(&other);
    }
    assert_true(completed > 0);
    assert_true(eri_numheap_count(&heap) >= held);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mul, setup, teardown),
        cmocka_unit_test_setup_teardown(test_div, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unary_and_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_every_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_chains, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_literals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_of_large_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_heaps_and_keep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
