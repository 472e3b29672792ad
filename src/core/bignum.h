/* bignum.h — the arbitrary-precision half of exact numbers, behind the
 * 64-bit fast path of decimal.c, which alone calls it (decimal.h is the
 * interface everyone else uses).
 *
 * A number that does not fit in two int64_t is "big": den == 0 and num holds
 * a pointer to an immutable GMP mpq owned by a number heap (decimal.h).  Its
 * value never fits in the small form (values that fit are always small, so
 * a big value is never zero and never an integer of 64 bits).  Each
 * operation here takes small or big operands, computes exactly with GMP and
 * gives a small result when it fits, else a big one in this thread's current
 * heap; with no current heap it gives ERI_NUM_OVERFLOW, and when GMP cannot
 * allocate, ERI_NUM_NOMEM (docs/language.md, "Numbers"). */
#ifndef ERI_BIGNUM_H
#define ERI_BIGNUM_H

#include "decimal.h"

typedef enum eri_big_op { ERI_BIG_ADD, ERI_BIG_SUB, ERI_BIG_MUL, ERI_BIG_DIV, ERI_BIG_NEG } eri_big_op;

/* a op b (b unused for ERI_BIG_NEG); the caller has ruled out b == 0 for division. */
eri_num_status eri_big_arith(eri_big_op op, eri_num a, eri_num b, eri_num *out);
eri_num_status eri_big_make(int64_t num, int64_t den, eri_num *out); /* den != 0 */
int eri_big_cmp(eri_num a, eri_num b);
int eri_big_sign(eri_num a);
bool eri_big_is_int(eri_num a);
/* Round a to a multiple of quantum (> 0). */
eri_num_status eri_big_round(eri_num a, eri_num quantum, eri_round_mode mode, eri_num *out);
/* The literal [-]int.frac, digits only (n_int >= 1), of any length. */
eri_num_status eri_big_parse(bool neg, const char *int_digits, size_t n_int, const char *frac, size_t n_frac,
                             eri_num *out);
/* eri_num_decimals of a big value (-1 also when memory runs out). */
int eri_big_decimals(eri_num a);
/* The digits of |a| × 10^places rounded half-up, at least places + 1 of them
 * (zeros in front), NUL-terminated: in buf when they fit in cap, else in
 * memory from eri_malloc for the caller to eri_free.  *exact tells whether
 * nothing was rounded away.  NULL when memory runs out. */
char *eri_big_scaled(eri_num a, size_t places, bool *exact, char *buf, size_t cap);
/* "num/den" (or "num"), as eri_big_scaled hands out its digits. */
char *eri_big_fraction(eri_num a, char *buf, size_t cap);

/* Whether a value floor + r/d (0 < r < d) rounds up to floor + 1, given
 * how r/d compares with 1/2 (half: -1, 0, 1), the value's sign and whether
 * floor is odd.  Shared by both halves so the seven modes mean one thing. */
static inline bool eri_rounds_up(eri_round_mode mode, bool positive, int half, bool odd_floor)
{
    switch (mode) {
    case ERI_ROUND_FLOOR: return false;
    case ERI_ROUND_CEILING: return true;
    case ERI_ROUND_DOWN: return !positive;
    case ERI_ROUND_UP: return positive;
    case ERI_ROUND_HALF_UP: return half > 0 || (half == 0 && positive);
    case ERI_ROUND_HALF_DOWN: return half > 0 || (half == 0 && !positive);
    case ERI_ROUND_HALF_EVEN: return half > 0 || (half == 0 && odd_floor);
    }
    return false;
}

#endif
