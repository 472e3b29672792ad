/* decimal.h — exact numbers for scoring.
 *
 * Every number on a scoring path is an exact rational of any size.  The
 * common case is "small": num/den in two 64-bit integers, always reduced
 * (gcd(|num|, den) == 1) with den > 0, computed in 128 bits and reduced
 * before it is narrowed.  A result that does not fit is not an error: it
 * is computed again exactly with GMP and becomes "big" (den == 0, num refers
 * to an immutable mpq; bignum.h), owned by this thread's current number
 * heap (below).  Values that fit are always small.  Decimal literals (0.1,
 * 94.95, 85%) of any length are exact rationals too, so 0.1 + 0.2 == 0.3
 * holds exactly.  No IEEE-754 arithmetic anywhere.
 *
 * Number heaps.  Whoever computes sets the heap its big results go to
 * (eri_numheap_use) and frees it with what it belongs to: an arena owns one
 * and makes it current during its protected calls (the rules' constants,
 * schemes and AHP weights, a facts file's values, a tool's reading), a
 * result owns one for its evaluation, and each tool that computes on
 * results owns one for its own numbers.  A value that moves to a longer-
 * lived owner is copied there with eri_num_keep.  With no current heap an
 * operation whose result is big gives ERI_NUM_OVERFLOW, as before.
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
    ERI_NUM_OVERFLOW, /* result is big and no number heap is current */
    ERI_NUM_DIVZERO,  /* division by zero */
    ERI_NUM_SYNTAX,   /* eri_num_parse: not a decimal literal */
    ERI_NUM_NOMEM     /* no memory for a big result (GMP could not allocate) */
} eri_num_status;

/* The owner of big values: they are freed together (eri_numheap_clear).
 * Zero-initialise one (ERI_NUMHEAP_INIT) to start it; it allocates only
 * when a value outgrows 64 bits. */
typedef struct eri_numheap {
    struct eri_big *values;
    struct eri_numtext *texts; /* long texts of eri_num_show */
} eri_numheap;
#define ERI_NUMHEAP_INIT {NULL, NULL}

/* Free every value and text of h; h stays usable. */
void eri_numheap_clear(eri_numheap *h);
/* Make h this thread's current heap (NULL: none); returns the one before,
 * for the caller to put back. */
eri_numheap *eri_numheap_use(eri_numheap *h);
eri_numheap *eri_numheap_current(void);
/* size bytes owned by the current heap, or NULL (none current, no memory). */
char *eri_numheap_text(size_t size);
/* How many big values h holds (tests). */
size_t eri_numheap_count(const eri_numheap *h);
/* Make *n safe to keep as long as h: a big value of another heap is copied
 * into h.  ERI_NUM_NOMEM when it cannot be, *n then unchanged. */
eri_num_status eri_num_keep(eri_numheap *h, eri_num *n);

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

/* Whether a is big (held by a number heap). */
static inline bool eri_num_is_big(eri_num a) { return a.den == 0; }

/* num/den reduced; ERI_NUM_DIVZERO when den == 0. */
eri_num_status eri_num_make(int64_t num, int64_t den, eri_num *out);
/* The same of two 128-bit integers; ERI_NUM_OVERFLOW when the reduced
 * number does not fit in 64 bits (no number heap is used). */
__extension__ eri_num_status eri_num_make_wide(__int128 num, __int128 den, eri_num *out);

eri_num_status eri_num_add(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_sub(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_mul(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_div(eri_num a, eri_num b, eri_num *out);
eri_num_status eri_num_neg(eri_num a, eri_num *out);

/* -1, 0 or 1 as a < b, a == b, a > b.  Exact; never fails. */
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
 * Any number of digits is read exactly.  ERI_NUM_SYNTAX on anything else. */
eri_num_status eri_num_parse(const char *s, size_t len, eri_num *out);
/* The same divided by 10^shift (a percent: 2; at most 18), reduced as it is
 * read (the value's 2s or 5s cancelled, no gcd) when it is small. */
eri_num_status eri_num_parse_shifted(const char *s, size_t len, unsigned shift, eri_num *out);

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
 * "-0" is never written: a value that rounds to zero prints as "0".
 * max_dec is at most 64 for a small value (which never needs more); a big
 * one is written to max_dec places whatever it is.  When memory runs out
 * for a big value's digits, "?" is written. */
size_t eri_num_format(eri_num a, int min_dec, int max_dec, char *buf, size_t cap, bool *exact);

/* n as a decimal for people: exact when it terminates within max_dec
 * places, else rounded half-up with "…" appended when ellipsis is set.
 * Returns buf, or when the text does not fit in cap bytes a copy owned by
 * the current number heap (cut to fit buf when there is none). */
const char *eri_num_show(char *buf, size_t cap, eri_num n, int max_dec, bool ellipsis);

/* "num/den", or just "num" for integers. */
size_t eri_num_format_fraction(eri_num a, char *buf, size_t cap);

#endif
