/* decimal.h — exact numbers for scoring.
 *
 * Every number on a scoring path is an exact rational num/den held in two
 * 64-bit integers, always reduced (gcd(|num|, den) == 1) with den > 0.
 * Intermediate products are computed in 128 bits and reduced before they
 * are narrowed, so sums of item scores with sample denominators stay exact;
 * a result that still does not fit is reported as ERI_NUM_OVERFLOW, never
 * wrapped.  Decimal literals (0.1, 94.95, 85%) are exact rationals too, so
 * 0.1 + 0.2 == 0.3 holds exactly.  No IEEE-754 arithmetic anywhere.
 */
#ifndef ERI_DECIMAL_H
#define ERI_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct eri_num {
    int64_t num;
    int64_t den; /* > 0 */
} eri_num;

typedef enum eri_num_status {
    ERI_NUM_OK = 0,
    ERI_NUM_OVERFLOW, /* result does not fit in 64-bit numerator/denominator */
    ERI_NUM_DIVZERO,  /* division by zero */
    ERI_NUM_SYNTAX    /* eri_num_parse: not a decimal literal */
} eri_num_status;

/* How eri_num_round resolves a value to a multiple of a quantum. */
typedef enum eri_round_mode {
    ERI_ROUND_HALF_UP,   /* ties away from zero: 94.95 -> 95.0, -0.05 -> -0.1 */
    ERI_ROUND_HALF_EVEN, /* ties to the even multiple (banker's rounding) */
    ERI_ROUND_HALF_DOWN, /* ties toward zero */
    ERI_ROUND_UP,        /* away from zero */
    ERI_ROUND_DOWN,      /* toward zero (truncate) */
    ERI_ROUND_FLOOR,     /* toward negative infinity */
    ERI_ROUND_CEILING    /* toward positive infinity */
} eri_round_mode;

#define ERI_NUM_ZERO ((eri_num){0, 1})
#define ERI_NUM_ONE ((eri_num){1, 1})

/* The integer i as a number. */
eri_num eri_num_int(int64_t i);

/* num/den reduced; ERI_NUM_DIVZERO when den == 0, ERI_NUM_OVERFLOW when the
 * reduced value does not fit (e.g. INT64_MIN / -1). */
eri_num_status eri_num_make(int64_t num, int64_t den, eri_num *out);

eri_num_status eri_num_add(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_sub(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_mul(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_div(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_neg(eri_num a, eri_num *out);

/* -1, 0 or 1 as a < b, a == b, a > b.  Exact; never overflows. */
int eri_num_cmp(eri_num a, eri_num b);
bool eri_num_eq(eri_num a, eri_num b);
bool eri_num_is_zero(eri_num a);
bool eri_num_is_int(eri_num a);
int eri_num_sign(eri_num a);
eri_num eri_num_min(eri_num a, eri_num b);
eri_num eri_num_max(eri_num a, eri_num b);
/* lo <= a <= hi, else the nearer bound (lo <= hi expected). */
eri_num eri_num_clamp(eri_num a, eri_num lo, eri_num hi);

/* Round a to a multiple of quantum (> 0), e.g. quantum 1/10 rounds to one
 * decimal place, quantum 1 to an integer.  ERI_NUM_DIVZERO if quantum <= 0. */
eri_num_status eri_num_round(eri_num a, eri_num quantum, eri_round_mode mode, eri_num *out);
/* Integer floor and ceiling. */
eri_num_status eri_num_floor(eri_num a, eri_num *out);
eri_num_status eri_num_ceil(eri_num a, eri_num *out);

/* Parse a plain decimal literal: optional '-', digits, optional '.' and
 * digits ("42", "-3.25", "0.1", "94.95", ".5" is rejected, "5." is rejected).
 * Exactly len bytes of s are read; no leading/trailing spaces allowed.
 * ERI_NUM_SYNTAX on anything else, ERI_NUM_OVERFLOW when it does not fit. */
eri_num_status eri_num_parse(const char *s, size_t len, eri_num *out);

/* Digits after the point when a is a terminating decimal (its reduced
 * denominator has no prime factors but 2 and 5), or -1 when it is not
 * (e.g. 1/3).  2.5 -> 1, 3 -> 0, 0.125 -> 3. */
int eri_num_decimals(eri_num a);

/* Write a as a decimal into buf (always NUL-terminated when cap > 0) and
 * return the length it needs (like snprintf).  At least min_dec digits
 * after the point are written (95 with min_dec 1 -> "95.0").  A terminating
 * decimal with at most max_dec places is written exactly; anything else is
 * rounded half-up to max_dec places and *exact (if not NULL) is set false.
 * Trailing zeros beyond min_dec are not written ("2.50" -> "2.5").
 * "-0" is never written: a value that rounds to zero prints as "0". */
size_t eri_num_format(eri_num a, int min_dec, int max_dec, char *buf, size_t cap, bool *exact);

/* n as a decimal for people: exact when it terminates within max_dec
 * places, else rounded half-up with "…" appended when ellipsis is set.
 * Returns buf. */
const char *eri_num_show(char *buf, size_t cap, eri_num n, int max_dec, bool ellipsis);

/* "num/den", or just "num" for integers. */
size_t eri_num_format_fraction(eri_num a, char *buf, size_t cap);

#endif
