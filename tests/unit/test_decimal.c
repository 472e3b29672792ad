/* test_decimal.c — unit tests for the exact rational numbers (decimal.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "decimal.h"

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */
/* ---------------------------------------------------------------------- */

/* num/den that must be representable. */
static eri_num Q(int64_t num, int64_t den)
{
    eri_num r;
    assert_int_equal(eri_num_make(num, den, &r), ERI_NUM_OK);
    return r;
}

/* A literal that must parse. */
static eri_num P(const char *s)
{
    eri_num r;
    assert_int_equal(eri_num_parse(s, strlen(s), &r), ERI_NUM_OK);
    return r;
}

static eri_num add(eri_num a, eri_num b)
{
    eri_num r;
    assert_int_equal(eri_num_add(a, b, &r), ERI_NUM_OK);
    return r;
}

static eri_num sub(eri_num a, eri_num b)
{
    eri_num r;
    assert_int_equal(eri_num_sub(a, b, &r), ERI_NUM_OK);
    return r;
}

static eri_num mul(eri_num a, eri_num b)
{
    eri_num r;
    assert_int_equal(eri_num_mul(a, b, &r), ERI_NUM_OK);
    return r;
}

static eri_num dvd(eri_num a, eri_num b)
{
    eri_num r;
    assert_int_equal(eri_num_div(a, b, &r), ERI_NUM_OK);
    return r;
}

static eri_num rnd(eri_num a, eri_num quantum, eri_round_mode mode)
{
    eri_num r;
    assert_int_equal(eri_num_round(a, quantum, mode, &r), ERI_NUM_OK);
    return r;
}

/* Exact representation check: reduced num and den. */
#define assert_num(x, n, d)                                                   \
    do {                                                                      \
        eri_num x_ = (x);                                                      \
        assert_true(x_.num == (int64_t)(n));                                  \
        assert_true(x_.den == (int64_t)(d));                                  \
    } while (0)

/* eri_num_format into a buffer and compare; also checks the returned length. */
static void check_format(eri_num a, int min_dec, int max_dec, const char *want, bool want_exact)
{
    char buf[128];
    bool exact = !want_exact;
    size_t n = eri_num_format(a, min_dec, max_dec, buf, sizeof buf, &exact);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
    assert_true(exact == want_exact);
}

static void check_fraction(eri_num a, const char *want)
{
    char buf[64];
    size_t n = eri_num_format_fraction(a, buf, sizeof buf);
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
}

static eri_num_status parse_status(const char *s)
{
    eri_num r = {123, 1};
    eri_num_status st = eri_num_parse(s, strlen(s), &r);
    if (st != ERI_NUM_OK)
        assert_num(r, 123, 1); /* untouched on error */
    return st;
}

/* ---------------------------------------------------------------------- */
/* Arithmetic                                                              */
/* ---------------------------------------------------------------------- */

static void test_make_reduces(void **state)
{
    (void)state;
    assert_num(Q(6, 4), 3, 2);
    assert_num(Q(-6, 4), -3, 2);
    assert_num(Q(6, -4), -3, 2);
    assert_num(Q(-6, -4), 3, 2);
    assert_num(Q(0, -7), 0, 1);
    assert_num(Q(INT64_MIN, 1), INT64_MIN, 1);
    assert_num(Q(INT64_MIN, 2), INT64_MIN / 2, 1);
    assert_num(Q(INT64_MIN, -2), -(INT64_MIN / 2), 1);
    assert_num(eri_num_int(-7), -7, 1);

    eri_num r = {5, 5};
    assert_int_equal(eri_num_make(1, 0, &r), ERI_NUM_DIVZERO);
    assert_num(r, 5, 5); /* untouched */
    assert_int_equal(eri_num_make(INT64_MIN, -1, &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_make(1, INT64_MIN, &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_make(2, INT64_MIN, &r), ERI_NUM_OK);
    assert_num(r, -1, INT64_MAX / 2 + 1);
}

static void test_tenths_exact(void **state)
{
    (void)state;
    eri_num s = add(P("0.1"), P("0.2"));
    assert_true(eri_num_eq(s, P("0.3")));
    assert_num(s, 3, 10);
    assert_num(P("0.1"), 1, 10);
    assert_num(sub(P("0.3"), P("0.1")), 1, 5);
    assert_num(mul(P("0.1"), P("0.1")), 1, 100);
    assert_num(dvd(P("1"), P("0.1")), 10, 1);
}

static void test_two_thirds(void **state)
{
    (void)state;
    eri_num t = dvd(eri_num_int(2), eri_num_int(3));
    assert_num(t, 2, 3);
    assert_num(mul(t, eri_num_int(3)), 2, 1);
    assert_num(rnd(t, Q(1, 10), ERI_ROUND_HALF_UP), 7, 10);
    check_format(t, 0, 4, "0.6667", false);
    check_fraction(t, "2/3");
}

static void test_percentages(void **state)
{
    (void)state;
    eri_num pct = dvd(eri_num_int(85), eri_num_int(100));
    assert_true(eri_num_eq(pct, Q(17, 20)));
    assert_num(pct, 17, 20);
    eri_num p925 = dvd(P("92.5"), eri_num_int(100));
    assert_true(eri_num_eq(p925, P("0.925")));
    assert_num(p925, 37, 40);
    /* 92.5% of 40 points is exactly 37 */
    assert_num(mul(p925, eri_num_int(40)), 37, 1);
}

static void test_negatives(void **state)
{
    (void)state;
    assert_num(add(P("-1.5"), P("0.25")), -5, 4);
    assert_num(sub(P("-1.5"), P("-1.5")), 0, 1);
    assert_num(mul(P("-1.5"), P("-2")), 3, 1);
    assert_num(mul(P("-1.5"), P("2")), -3, 1);
    assert_num(dvd(P("3"), P("-4")), -3, 4);
    assert_num(dvd(P("-3"), P("-4")), 3, 4);
    eri_num r;
    assert_int_equal(eri_num_neg(P("-2.5"), &r), ERI_NUM_OK);
    assert_num(r, 5, 2);
    assert_int_equal(eri_num_neg(ERI_NUM_ZERO, &r), ERI_NUM_OK);
    assert_num(r, 0, 1);
    assert_int_equal(eri_num_neg(eri_num_int(INT64_MAX), &r), ERI_NUM_OK);
    assert_num(r, -INT64_MAX, 1);
}

static void test_overflow(void **state)
{
    (void)state;
    eri_num r = {42, 1};
    assert_int_equal(eri_num_add(eri_num_int(INT64_MAX), ERI_NUM_ONE, &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_sub(eri_num_int(INT64_MIN), ERI_NUM_ONE, &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_mul(eri_num_int(INT64_MAX), eri_num_int(2), &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_mul(eri_num_int(INT64_MIN), eri_num_int(-1), &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_div(eri_num_int(INT64_MIN), eri_num_int(-1), &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_neg(eri_num_int(INT64_MIN), &r), ERI_NUM_OVERFLOW);
    /* 1/M + 1/(M-1) = (2M-1)/(M(M-1)): already reduced, den too large */
    assert_int_equal(eri_num_add(Q(1, INT64_MAX), Q(1, INT64_MAX - 1), &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_mul(Q(1, INT64_MAX), Q(1, 2), &r), ERI_NUM_OVERFLOW);
    assert_int_equal(eri_num_div(Q(1, INT64_MAX), eri_num_int(3), &r), ERI_NUM_OVERFLOW);
    assert_num(r, 42, 1); /* untouched on every failure */

    /* Large intermediates that reduce back into range are fine. */
    assert_num(mul(Q(INT64_MAX, 3), Q(3, INT64_MAX)), 1, 1);
    assert_num(add(Q(INT64_MAX - 1, INT64_MAX), Q(1, INT64_MAX)), 1, 1);
    assert_num(sub(eri_num_int(INT64_MIN + 1), ERI_NUM_ONE), INT64_MIN, 1);
    assert_num(dvd(eri_num_int(INT64_MIN), eri_num_int(INT64_MIN)), 1, 1);
}

static void test_divzero(void **state)
{
    (void)state;
    eri_num r = {42, 1};
    assert_int_equal(eri_num_div(ERI_NUM_ONE, ERI_NUM_ZERO, &r), ERI_NUM_DIVZERO);
    assert_int_equal(eri_num_div(ERI_NUM_ZERO, ERI_NUM_ZERO, &r), ERI_NUM_DIVZERO);
    assert_int_equal(eri_num_round(ERI_NUM_ONE, ERI_NUM_ZERO, ERI_ROUND_HALF_UP, &r), ERI_NUM_DIVZERO);
    assert_int_equal(eri_num_round(ERI_NUM_ONE, Q(-1, 10), ERI_ROUND_HALF_UP, &r), ERI_NUM_DIVZERO);
    assert_num(r, 42, 1);
    assert_num(dvd(ERI_NUM_ZERO, eri_num_int(-5)), 0, 1);
}

/* ---------------------------------------------------------------------- */
/* Comparison                                                              */
/* ---------------------------------------------------------------------- */

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(eri_num_cmp(P("0.1"), P("0.2")), -1);
    assert_int_equal(eri_num_cmp(P("0.2"), P("0.1")), 1);
    assert_int_equal(eri_num_cmp(P("0.5"), Q(1, 2)), 0);
    assert_int_equal(eri_num_cmp(P("-0.5"), P("-0.25")), -1);
    assert_true(eri_num_eq(P("-0"), ERI_NUM_ZERO));
    assert_false(eri_num_eq(Q(1, 3), P("0.3333")));

    /* Cross products near 2^126: naive int64 multiplication would overflow. */
    eri_num a = Q(INT64_MAX, INT64_MAX - 1); /* 1 + 1/(M-1) */
    eri_num b = Q(INT64_MAX - 1, INT64_MAX - 2); /* 1 + 1/(M-2) */
    assert_int_equal(eri_num_cmp(a, b), -1);
    assert_int_equal(eri_num_cmp(b, a), 1);
    assert_int_equal(eri_num_cmp(a, a), 0);
    eri_num na = Q(INT64_MIN, INT64_MAX);
    eri_num nb = Q(INT64_MIN + 1, INT64_MAX); /* -1 */
    assert_int_equal(eri_num_cmp(na, nb), -1);
    assert_int_equal(eri_num_cmp(eri_num_int(INT64_MIN), eri_num_int(INT64_MAX)), -1);
    assert_int_equal(eri_num_cmp(Q(1, INT64_MAX), Q(1, INT64_MAX - 1)), -1);
    assert_int_equal(eri_num_cmp(Q(-1, INT64_MAX), Q(-1, INT64_MAX - 1)), 1);
}

static void test_predicates(void **state)
{
    (void)state;
    assert_true(eri_num_is_zero(P("0.000")));
    assert_false(eri_num_is_zero(P("0.001")));
    assert_true(eri_num_is_int(P("95.0")));
    assert_true(eri_num_is_int(P("-3")));
    assert_false(eri_num_is_int(P("-3.5")));
    assert_int_equal(eri_num_sign(P("-0.01")), -1);
    assert_int_equal(eri_num_sign(P("0")), 0);
    assert_int_equal(eri_num_sign(P("7.5")), 1);

    eri_num lo = P("-1.5"), hi = P("2.5");
    assert_true(eri_num_eq(eri_num_min(lo, hi), lo));
    assert_true(eri_num_eq(eri_num_max(lo, hi), hi));
    assert_true(eri_num_eq(eri_num_min(hi, lo), lo));
    assert_true(eri_num_eq(eri_num_max(hi, lo), hi));
    assert_true(eri_num_eq(eri_num_clamp(P("-2"), lo, hi), lo));
    assert_true(eri_num_eq(eri_num_clamp(P("3"), lo, hi), hi));
    assert_true(eri_num_eq(eri_num_clamp(P("0.5"), lo, hi), P("0.5")));
    assert_true(eri_num_eq(eri_num_clamp(hi, lo, hi), hi));
}

/* ---------------------------------------------------------------------- */
/* Rounding                                                                */
/* ---------------------------------------------------------------------- */

static void test_round_scores(void **state)
{
    (void)state;
    eri_num tenth = Q(1, 10);
    eri_num r = rnd(P("94.95"), tenth, ERI_ROUND_HALF_UP);
    assert_num(r, 95, 1);
    assert_true(eri_num_eq(r, P("95.0")));
    assert_true(eri_num_eq(rnd(P("94.94999"), tenth, ERI_ROUND_HALF_UP), P("94.9")));
    assert_true(eri_num_eq(rnd(P("69.95"), tenth, ERI_ROUND_HALF_UP), P("70.0")));
    assert_true(eri_num_eq(rnd(P("69.949"), tenth, ERI_ROUND_HALF_UP), P("69.9")));
    assert_true(eri_num_eq(rnd(P("-0.05"), tenth, ERI_ROUND_HALF_UP), P("-0.1")));
    assert_true(eri_num_eq(rnd(P("12.34"), tenth, ERI_ROUND_HALF_UP), P("12.3")));
    /* Quanta other than powers of ten: to the nearest half point. */
    assert_true(eri_num_eq(rnd(P("3.74"), Q(1, 2), ERI_ROUND_HALF_UP), P("3.5")));
    assert_true(eri_num_eq(rnd(P("3.75"), Q(1, 2), ERI_ROUND_HALF_UP), P("4")));
    assert_true(eri_num_eq(rnd(P("7"), eri_num_int(5), ERI_ROUND_HALF_UP), P("5")));
    assert_true(eri_num_eq(rnd(P("7.5"), eri_num_int(5), ERI_ROUND_HALF_UP), P("10")));
    /* Unreduced quantum is accepted. */
    assert_true(eri_num_eq(rnd(P("94.95"), (eri_num){10, 100}, ERI_ROUND_HALF_UP), P("95")));
}

struct mode_case {
    const char *value;
    eri_round_mode mode;
    const char *want;
};

static void test_round_modes(void **state)
{
    (void)state;
    static const struct mode_case cases[] = {
        /* ties */
        {"2.5", ERI_ROUND_HALF_UP, "3"},    {"2.5", ERI_ROUND_HALF_EVEN, "2"},
        {"2.5", ERI_ROUND_HALF_DOWN, "2"},  {"2.5", ERI_ROUND_FLOOR, "2"},
        {"2.5", ERI_ROUND_CEILING, "3"},    {"2.5", ERI_ROUND_DOWN, "2"},
        {"2.5", ERI_ROUND_UP, "3"},         {"3.5", ERI_ROUND_HALF_EVEN, "4"},
        {"-2.5", ERI_ROUND_HALF_UP, "-3"},  {"-2.5", ERI_ROUND_HALF_EVEN, "-2"},
        {"-2.5", ERI_ROUND_HALF_DOWN, "-2"}, {"-2.5", ERI_ROUND_FLOOR, "-3"},
        {"-2.5", ERI_ROUND_CEILING, "-2"},  {"-2.5", ERI_ROUND_DOWN, "-2"},
        {"-2.5", ERI_ROUND_UP, "-3"},       {"-3.5", ERI_ROUND_HALF_EVEN, "-4"},
        {"0.5", ERI_ROUND_HALF_EVEN, "0"},  {"-0.5", ERI_ROUND_HALF_EVEN, "0"},
        /* below half */
        {"2.4", ERI_ROUND_HALF_UP, "2"},    {"2.4", ERI_ROUND_HALF_EVEN, "2"},
        {"2.4", ERI_ROUND_HALF_DOWN, "2"},  {"2.4", ERI_ROUND_FLOOR, "2"},
        {"2.4", ERI_ROUND_CEILING, "3"},    {"2.4", ERI_ROUND_DOWN, "2"},
        {"2.4", ERI_ROUND_UP, "3"},         {"-2.4", ERI_ROUND_HALF_UP, "-2"},
        {"-2.4", ERI_ROUND_HALF_EVEN, "-2"}, {"-2.4", ERI_ROUND_HALF_DOWN, "-2"},
        {"-2.4", ERI_ROUND_FLOOR, "-3"},    {"-2.4", ERI_ROUND_CEILING, "-2"},
        {"-2.4", ERI_ROUND_DOWN, "-2"},     {"-2.4", ERI_ROUND_UP, "-3"},
        /* above half */
        {"2.6", ERI_ROUND_HALF_UP, "3"},    {"2.6", ERI_ROUND_HALF_EVEN, "3"},
        {"2.6", ERI_ROUND_HALF_DOWN, "3"},  {"2.6", ERI_ROUND_FLOOR, "2"},
        {"2.6", ERI_ROUND_CEILING, "3"},    {"2.6", ERI_ROUND_DOWN, "2"},
        {"2.6", ERI_ROUND_UP, "3"},         {"-2.6", ERI_ROUND_HALF_UP, "-3"},
        {"-2.6", ERI_ROUND_HALF_EVEN, "-3"}, {"-2.6", ERI_ROUND_HALF_DOWN, "-3"},
        {"-2.6", ERI_ROUND_FLOOR, "-3"},    {"-2.6", ERI_ROUND_CEILING, "-2"},
        {"-2.6", ERI_ROUND_DOWN, "-2"},     {"-2.6", ERI_ROUND_UP, "-3"},
        /* already on the grid: every mode leaves it alone */
        {"-2", ERI_ROUND_HALF_UP, "-2"},    {"-2", ERI_ROUND_HALF_EVEN, "-2"},
        {"-2", ERI_ROUND_HALF_DOWN, "-2"},  {"-2", ERI_ROUND_FLOOR, "-2"},
        {"-2", ERI_ROUND_CEILING, "-2"},    {"-2", ERI_ROUND_DOWN, "-2"},
        {"-2", ERI_ROUND_UP, "-2"},         {"0", ERI_ROUND_UP, "0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        eri_num got = rnd(P(cases[i].value), ERI_NUM_ONE, cases[i].mode);
        if (!eri_num_eq(got, P(cases[i].want)))
            fail_msg("case %zu: %s mode %d gave %lld/%lld, want %s", i, cases[i].value,
                     (int)cases[i].mode, (long long)got.num, (long long)got.den, cases[i].want);
    }
    /* Same modes at a decimal quantum, negative ties. */
    eri_num hund = Q(1, 100);
    assert_true(eri_num_eq(rnd(P("-1.125"), hund, ERI_ROUND_HALF_UP), P("-1.13")));
    assert_true(eri_num_eq(rnd(P("-1.125"), hund, ERI_ROUND_HALF_EVEN), P("-1.12")));
    assert_true(eri_num_eq(rnd(P("-1.135"), hund, ERI_ROUND_HALF_EVEN), P("-1.14")));
    assert_true(eri_num_eq(rnd(P("-1.125"), hund, ERI_ROUND_HALF_DOWN), P("-1.12")));
}

static void test_round_overflow(void **state)
{
    (void)state;
    eri_num r = {42, 1};
    /* M/2 to the nearest third is k/3 with k about 1.5 M: does not fit. */
    assert_int_equal(eri_num_round(Q(INT64_MAX, 2), Q(1, 3), ERI_ROUND_HALF_UP, &r), ERI_NUM_OVERFLOW);
    assert_num(r, 42, 1);
    /* Extremes that do fit. */
    assert_num(rnd(eri_num_int(INT64_MAX), Q(1, 10), ERI_ROUND_HALF_UP), INT64_MAX, 1);
    assert_num(rnd(eri_num_int(INT64_MIN), Q(1, 10), ERI_ROUND_HALF_UP), INT64_MIN, 1);
    assert_num(rnd(Q(INT64_MAX, 2), ERI_NUM_ONE, ERI_ROUND_DOWN), INT64_MAX / 2, 1);
    assert_num(rnd(Q(INT64_MIN + 1, 2), ERI_NUM_ONE, ERI_ROUND_FLOOR), INT64_MIN / 2, 1);
    assert_num(rnd(Q(1, INT64_MAX), Q(1, INT64_MAX - 1), ERI_ROUND_CEILING), 1, INT64_MAX - 1);
}

static void test_floor_ceil(void **state)
{
    (void)state;
    eri_num r;
    assert_int_equal(eri_num_floor(P("-1.5"), &r), ERI_NUM_OK);
    assert_num(r, -2, 1);
    assert_int_equal(eri_num_ceil(P("-1.5"), &r), ERI_NUM_OK);
    assert_num(r, -1, 1);
    assert_int_equal(eri_num_floor(P("1.5"), &r), ERI_NUM_OK);
    assert_num(r, 1, 1);
    assert_int_equal(eri_num_ceil(P("1.5"), &r), ERI_NUM_OK);
    assert_num(r, 2, 1);
    assert_int_equal(eri_num_floor(P("-3"), &r), ERI_NUM_OK);
    assert_num(r, -3, 1);
    assert_int_equal(eri_num_ceil(P("-3"), &r), ERI_NUM_OK);
    assert_num(r, -3, 1);
    assert_int_equal(eri_num_ceil(P("-0.2"), &r), ERI_NUM_OK);
    assert_num(r, 0, 1);
    assert_int_equal(eri_num_floor(eri_num_int(INT64_MIN), &r), ERI_NUM_OK);
    assert_num(r, INT64_MIN, 1);
    assert_int_equal(eri_num_ceil(eri_num_int(INT64_MAX), &r), ERI_NUM_OK);
    assert_num(r, INT64_MAX, 1);
    assert_int_equal(eri_num_floor(Q(INT64_MIN, INT64_MAX), &r), ERI_NUM_OK);
    assert_num(r, -2, 1);
}

/* ---------------------------------------------------------------------- */
/* Parsing                                                                 */
/* ---------------------------------------------------------------------- */

static void test_parse_accept(void **state)
{
    (void)state;
    assert_num(P("42"), 42, 1);
    assert_num(P("-3.25"), -13, 4);
    assert_num(P("94.95"), 1899, 20);
    assert_num(P("0"), 0, 1);
    assert_num(P("-0"), 0, 1);
    assert_num(P("-0.000"), 0, 1);
    assert_num(P("007.50"), 15, 2);
    assert_num(P("0.125"), 1, 8);
    assert_num(P("9223372036854775807"), INT64_MAX, 1);
    assert_num(P("-9223372036854775808"), INT64_MIN, 1);
    /* 20 significant digits, but 123456 = 2^6 * 1929 reduces it into range */
    assert_num(P("12345678901234.123456"), INT64_C(192901232831783179), 15625);
    /* Long literals whose value is small stay exact. */
    assert_num(P("1.50000000000000000000000000000000000000000000000000000000000000000000000"), 3, 2);
    assert_num(P("0000000000000000000000000000000000000000000000000000000000000000000000042"), 42, 1);
    assert_num(P("0.00000000000000000021684043449710088680149056017398834228515625"), 1,
               INT64_C(1) << 62);
    assert_num(P("-0.0000000000000001"), -1, INT64_C(10000000000000000));
}

/* A decimal divided by 10^shift as it is read (a percent's value) is the
 * literal divided afterwards: on every kind of literal, reduced alike. */
static void test_parse_shifted(void **state)
{
    (void)state;
    eri_num r, want;
    assert_int_equal(eri_num_parse_shifted("100", 3, 2, &r), ERI_NUM_OK);
    assert_num(r, 1, 1);
    assert_int_equal(eri_num_parse_shifted("85.5", 4, 2, &r), ERI_NUM_OK);
    assert_num(r, 171, 200);
    assert_int_equal(eri_num_parse_shifted("-0.00", 5, 2, &r), ERI_NUM_OK);
    assert_num(r, 0, 1);
    assert_int_equal(eri_num_parse_shifted("85%", 3, 2, &r), ERI_NUM_SYNTAX);
    char buf[64];
    unsigned lcg = 27922;
    for (int i = 0; i < 200000; i++) {
        lcg = lcg * 1103515245u + 12345u;
        unsigned a = lcg >> 8, kind = i % 6;
        int len = kind == 0   ? snprintf(buf, sizeof buf, "%u", a % 1000)
                  : kind == 1 ? snprintf(buf, sizeof buf, "%u.%u", a % 101, (a >> 7) % 100)
                  : kind == 2 ? snprintf(buf, sizeof buf, "-%u.%03u0", a % 50, (a >> 9) % 1000)
                  : kind == 3 ? snprintf(buf, sizeof buf, "%u00", a % 20)
                  : kind == 4 ? snprintf(buf, sizeof buf, "0%u.%u", a, a >> 3)
                              : snprintf(buf, sizeof buf, "%u%u%u.%u%u", a, a, a, a, a); /* not small */
        for (unsigned shift = 0; shift <= 4; shift += 2) {
            eri_num_status st = eri_num_parse_shifted(buf, (size_t)len, shift, &r);
            eri_num_status ws = eri_num_parse(buf, (size_t)len, &want);
            if (ws == ERI_NUM_OK)
                ws = eri_num_div(want, eri_num_int(shift == 0 ? 1 : shift == 2 ? 100 : 10000), &want);
            if (st != ws || (st == ERI_NUM_OK && (r.num != want.num || r.den != want.den)))
                fail_msg("%s / 10^%u: %lld/%lld (%d), divided after %lld/%lld (%d)", buf, shift, (long long)r.num,
                         (long long)r.den, st, (long long)want.num, (long long)want.den, ws);
        }
    }
}

static void test_parse_reject(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "-", ".5", "5.", "1e3", "+1", "1.2.3", " 1", "1 ", "1 .5", "--1", "-.5",
        "1,5", "0x10", "1-", ".", "-.", "1.-5", "85%", "1_000", "\t1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (parse_status(bad[i]) != ERI_NUM_SYNTAX)
            fail_msg("accepted \"%s\"", bad[i]);

    /* Exactly len bytes are read: neither more nor less. */
    eri_num r;
    assert_int_equal(eri_num_parse("12.5xyz", 4, &r), ERI_NUM_OK);
    assert_num(r, 25, 2);
    assert_int_equal(eri_num_parse("12.5xyz", 3, &r), ERI_NUM_SYNTAX);
    assert_int_equal(eri_num_parse("1\0" "2", 3, &r), ERI_NUM_SYNTAX);
    assert_int_equal(eri_num_parse(NULL, 0, &r), ERI_NUM_SYNTAX);
}

static void test_parse_overflow(void **state)
{
    (void)state;
    assert_int_equal(parse_status("123456789012345678901234567890"), ERI_NUM_OVERFLOW);
    assert_int_equal(parse_status("-123456789012345678901234567890"), ERI_NUM_OVERFLOW);
    assert_int_equal(parse_status("9223372036854775808"), ERI_NUM_OVERFLOW);
    assert_int_equal(parse_status("-9223372036854775809"), ERI_NUM_OVERFLOW);
    assert_int_equal(parse_status("0.123456789012345678901234567891"), ERI_NUM_OVERFLOW);
    assert_int_equal(parse_status("0.00000000000000000000000000000000000000000000000000000000000000001"),
                     ERI_NUM_OVERFLOW);
    assert_int_equal(
        parse_status("1234567890123456789012345678901234567890123456789012345678901234567890"),
        ERI_NUM_OVERFLOW);
}

/* ---------------------------------------------------------------------- */
/* Decimals and formatting                                                 */
/* ---------------------------------------------------------------------- */

static void test_decimals(void **state)
{
    (void)state;
    assert_int_equal(eri_num_decimals(P("2.5")), 1);
    assert_int_equal(eri_num_decimals(P("3")), 0);
    assert_int_equal(eri_num_decimals(P("0.125")), 3);
    assert_int_equal(eri_num_decimals(P("-0.04")), 2);
    assert_int_equal(eri_num_decimals(P("95.0")), 0);
    assert_int_equal(eri_num_decimals(ERI_NUM_ZERO), 0);
    assert_int_equal(eri_num_decimals(Q(1, 3)), -1);
    assert_int_equal(eri_num_decimals(Q(17, 19)), -1);
    assert_int_equal(eri_num_decimals(Q(1, 6)), -1);
    assert_int_equal(eri_num_decimals(Q(1, INT64_C(1) << 62)), 62);
    assert_int_equal(eri_num_decimals((eri_num){3, 6}), 1); /* unreduced 1/2 */
}

static void test_format(void **state)
{
    (void)state;
    check_format(eri_num_int(95), 1, 4, "95.0", true);
    check_format(P("2.50"), 0, 4, "2.5", true);
    check_format(P("2.5"), 2, 4, "2.50", true);
    check_format(ERI_NUM_ZERO, 0, 4, "0", true);
    check_format(ERI_NUM_ZERO, 1, 4, "0.0", true);
    check_format(P("-1.25"), 0, 4, "-1.25", true);
    check_format(eri_num_int(7), 0, 4, "7", true);
    check_format(eri_num_int(-7), 0, 0, "-7", true);
    check_format(P("0.125"), 0, 2, "0.13", false);
    check_format(P("-0.125"), 0, 2, "-0.13", false);
    check_format(P("94.95"), 1, 1, "95.0", false);
    check_format(P("94.95"), 0, 1, "95", false);
    check_format(P("9.9999"), 0, 3, "10", false);
    check_format(P("-9.9999"), 1, 3, "-10.0", false);
    check_format(Q(1, 3), 0, 4, "0.3333", false);
    check_format(Q(-2, 3), 0, 4, "-0.6667", false);
    check_format(Q(1, INT64_C(1) << 62), 0, 64,
                 "0.00000000000000000021684043449710088680149056017398834228515625", true);
    check_format(eri_num_int(INT64_MIN), 0, 4, "-9223372036854775808", true);
    check_format(eri_num_int(INT64_MAX), 2, 4, "9223372036854775807.00", true);
    /* eri_num_round to 10^-4 would overflow here; formatting still works. */
    check_format(Q(INT64_C(100000000000000000), 3), 0, 4, "33333333333333333.3333", false);
    check_format(Q(INT64_MAX, 2), 0, 0, "4611686018427387904", false);
    /* max_dec below min_dec is raised to min_dec */
    check_format(P("1.25"), 1, 0, "1.3", false);
    /* places below 0 are 0; above 64, 64 */
    check_format(Q(1, 3), -2, 2, "0.33", false);
    check_format(Q(1, 2), 100, 100, "0.5000000000000000000000000000000000000000000000000000000000000000", true);
    check_format(Q(1, 2), 0, 100, "0.5", true);
    /* eri_num_show: no ellipsis asked for */
    char buf[32];
    assert_string_equal(eri_num_show(buf, sizeof buf, Q(1, 3), 2, false), "0.33");
    assert_string_equal(eri_num_show(buf, sizeof buf, Q(1, 3), 2, true), "0.33\xE2\x80\xA6");
}

static void test_format_no_negative_zero(void **state)
{
    (void)state;
    check_format(P("-0.00001"), 0, 4, "0", false);
    check_format(P("-0.00001"), 1, 4, "0.0", false);
    check_format(P("-0.4"), 0, 0, "0", false);
    check_format(P("-0.5"), 0, 0, "-1", false); /* half-up: away from zero */
    check_format(P("-0.00005"), 0, 4, "-0.0001", false);
    check_format(P("-0"), 2, 4, "0.00", true);
}

static void test_format_buffer(void **state)
{
    (void)state;
    char buf[8];
    memset(buf, 'x', sizeof buf);
    /* Too small: truncated, NUL-terminated, full length returned. */
    assert_int_equal(eri_num_format(P("-1234.5678"), 0, 4, buf, 5, NULL), 10);
    assert_string_equal(buf, "-123");
    assert_int_equal(buf[5], 'x');
    assert_int_equal(eri_num_format(P("1.5"), 0, 4, NULL, 0, NULL), 3);
    assert_int_equal(eri_num_format(P("1.5"), 0, 4, buf, 1, NULL), 3);
    assert_string_equal(buf, "");
    assert_int_equal(eri_num_format_fraction(Q(-1, 3), buf, 3), 4);
    assert_string_equal(buf, "-1");
    assert_int_equal(eri_num_format_fraction(Q(-1, 3), NULL, 0), 4);
}

static void test_format_fraction(void **state)
{
    (void)state;
    check_fraction(Q(1, 3), "1/3");
    check_fraction(Q(-1, 3), "-1/3");
    check_fraction(eri_num_int(7), "7");
    check_fraction(ERI_NUM_ZERO, "0");
    check_fraction(P("94.95"), "1899/20");
    check_fraction(Q(INT64_MIN, INT64_MAX), "-9223372036854775808/9223372036854775807");
}

/* ---------------------------------------------------------------------- */
/* A realistic score sum                                                   */
/* ---------------------------------------------------------------------- */

/* 60 item scores of the form weight * passed / sampled, with decimal
 * weights and sample-size denominators; the sum is known exactly. */
static void test_sample_sum(void **state)
{
    (void)state;
    static const char *const weights[] = {"1.5", "1.4", "0.5", "2.0", "2.5", "1.25", "0.75", "3.0"};
    static const int64_t samples[] = {19, 7, 20, 10, 8, 5, 12, 16, 9, 15};
    eri_num total = ERI_NUM_ZERO;
    for (int64_t i = 0; i < 60; i++) {
        int64_t s = samples[i % 10];
        int64_t passed = (i * 7 + 3) % (s + 1);
        eri_num term = dvd(mul(P(weights[i % 8]), eri_num_int(passed)), eri_num_int(s));
        eri_num next = add(total, term);
        assert_true(eri_num_eq(sub(next, term), total)); /* (a+b)-b == a */
        assert_int_equal(eri_num_cmp(next, total), passed > 0 ? 1 : 0);
        total = next;
    }
    assert_num(total, 9315773, 212800);
    check_format(total, 1, 1, "43.8", false); /* 43.777... */
    assert_true(eri_num_eq(rnd(total, Q(1, 10), ERI_ROUND_HALF_UP), P("43.8")));

    /* Telescoping: sum of 1/(k(k+1)) for k = 1..60 is exactly 60/61. */
    eri_num tele = ERI_NUM_ZERO;
    for (int64_t k = 1; k <= 60; k++)
        tele = add(tele, Q(1, k * (k + 1)));
    assert_num(tele, 60, 61);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_reduces),
        cmocka_unit_test(test_tenths_exact),
        cmocka_unit_test(test_two_thirds),
        cmocka_unit_test(test_percentages),
        cmocka_unit_test(test_negatives),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_divzero),
        cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_predicates),
        cmocka_unit_test(test_round_scores),
        cmocka_unit_test(test_round_modes),
        cmocka_unit_test(test_round_overflow),
        cmocka_unit_test(test_floor_ceil),
        cmocka_unit_test(test_parse_accept),
        cmocka_unit_test(test_parse_reject),
        cmocka_unit_test(test_parse_shifted),
        cmocka_unit_test(test_parse_overflow),
        cmocka_unit_test(test_decimals),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_no_negative_zero),
        cmocka_unit_test(test_format_buffer),
        cmocka_unit_test(test_format_fraction),
        cmocka_unit_test(test_sample_sum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
