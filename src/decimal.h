/* decimal.h — exact numbers for scoring.
 *
 * Every number on a scoring path is an exact rational num/den held in two
 * 64-bit integers, always reduced (gcd(|num|, den) == 1) with den > 0.
 * Intermediate products are computed in 128 bits and reduced before they
 * are narrowed, so sums of item scores with sample denominators stay exact;
 * a result that still does not fit is reported as ER_NUM_OVERFLOW, never
 * wrapped.  Decimal literals (0.1, 94.95, 85%) are exact rationals too, so
 * 0.1 + 0.2 == 0.3 holds exactly.  No IEEE-754 arithmetic anywhere.
 */
#ifndef ER_DECIMAL_H
#define ER_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct er_num {
    int64_t num;
    int64_t den; /* > 0 */
} er_num;

typedef enum er_num_status {
    ER_NUM_OK = 0,
    ER_NUM_OVERFLOW, /* result does not fit in 64-bit numerator/denominator */
    ER_NUM_DIVZERO,  /* division by zero */
    ER_NUM_SYNTAX    /* er_num_parse: not a decimal literal */
} er_num_status;

/* How er_num_round resolves a value to a multiple of a quantum. */
typedef enum er_round_mode {
    ER_ROUND_HALF_UP,   /* ties away from zero: 94.95 -> 95.0, -0.05 -> -0.1 */
    ER_ROUND_HALF_EVEN, /* ties to the even multiple (banker's rounding) */
    ER_ROUND_HALF_DOWN, /* ties toward zero */
    ER_ROUND_UP,        /* away from zero */
    ER_ROUND_DOWN,      /* toward zero (truncate) */
    ER_ROUND_FLOOR,     /* toward negative infinity */
    ER_ROUND_CEILING    /* toward positive infinity */
} er_round_mode;

#define ER_NUM_ZERO ((er_num){0, 1})
#define ER_NUM_ONE ((er_num){1, 1})

/* The integer i as a number. */
er_num er_num_int(int64_t i);

/* num/den reduced; ER_NUM_DIVZERO when den == 0, ER_NUM_OVERFLOW when the
 * reduced value does not fit (e.g. INT64_MIN / -1). */
er_num_status er_num_make(int64_t num, int64_t den, er_num *out);

er_num_status er_num_add(er_num a, er_num b, er_num *out);
er_num_status er_num_sub(er_num a, er_num b, er_num *out);
er_num_status er_num_mul(er_num a, er_num b, er_num *out);
er_num_status er_num_div(er_num a, er_num b, er_num *out);
er_num_status er_num_neg(er_num a, er_num *out);

/* -1, 0 or 1 as a < b, a == b, a > b.  Exact; never overflows. */
int er_num_cmp(er_num a, er_num b);
bool er_num_eq(er_num a, er_num b);
bool er_num_is_zero(er_num a);
bool er_num_is_int(er_num a);
int er_num_sign(er_num a);
er_num er_num_min(er_num a, er_num b);
er_num er_num_max(er_num a, er_num b);
/* lo <= a <= hi, else the nearer bound (lo <= hi expected). */
er_num er_num_clamp(er_num a, er_num lo, er_num hi);

/* Round a to a multiple of quantum (> 0), e.g. quantum 1/10 rounds to one
 * decimal place, quantum 1 to an integer.  ER_NUM_DIVZERO if quantum <= 0. */
er_num_status er_num_round(er_num a, er_num quantum, er_round_mode mode, er_num *out);
/* Integer floor and ceiling. */
er_num_status er_num_floor(er_num a, er_num *out);
er_num_status er_num_ceil(er_num a, er_num *out);

/* Parse a plain decimal literal: optional '-', digits, optional '.' and
 * digits ("42", "-3.25", "0.1", "94.95", ".5" is rejected, "5." is rejected).
 * Exactly len bytes of s are read; no leading/trailing spaces allowed.
 * ER_NUM_SYNTAX on anything else, ER_NUM_OVERFLOW when it does not fit. */
er_num_status er_num_parse(const char *s, size_t len, er_num *out);

/* Digits after the point when a is a terminating decimal (its reduced
 * denominator has no prime factors but 2 and 5), or -1 when it is not
 * (e.g. 1/3).  2.5 -> 1, 3 -> 0, 0.125 -> 3. */
int er_num_decimals(er_num a);

/* Write a as a decimal into buf (always NUL-terminated when cap > 0) and
 * return the length it needs (like snprintf).  At least min_dec digits
 * after the point are written (95 with min_dec 1 -> "95.0").  A terminating
 * decimal with at most max_dec places is written exactly; anything else is
 * rounded half-up to max_dec places and *exact (if not NULL) is set false.
 * Trailing zeros beyond min_dec are not written ("2.50" -> "2.5").
 * "-0" is never written: a value that rounds to zero prints as "0". */
size_t er_num_format(er_num a, int min_dec, int max_dec, char *buf, size_t cap, bool *exact);

/* "num/den", or just "num" for integers. */
size_t er_num_format_fraction(er_num a, char *buf, size_t cap);

#endif
