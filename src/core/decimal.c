/* decimal.c — exact rational arithmetic for scoring (see decimal.h).
 *
 * This is the fast path: two small operands whose result fits.  Anything
 * else — a big operand, or a result that does not fit (ERI_NUM_OVERFLOW
 * from the 128-bit code below) — is done again exactly by bignum.c.
 *
 * Every operation forms its result as a 128-bit numerator/denominator pair,
 * reduces it by the gcd and only then narrows it back to int64_t (addition
 * and multiplication cancel common factors of the operands first, which
 * gives the same reduced result with cheaper gcds).  Products
 * of two int64_t values stay below 2^126 in magnitude and sums of two such
 * products below 2^127, so no intermediate can wrap.  Magnitudes are taken
 * as unsigned 128-bit values, so INT64_MIN never has to be negated.
 *
 * On error the output argument is left untouched.
 */
#include "decimal.h"

#include <string.h>

#include "alloc.h"
#include "bignum.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

/* Enough fractional digits to write any eri_num exactly: a reduced
 * denominator 2^a * 5^b below 2^63 has a <= 62 and b <= 27. */
#define FORMAT_DEC_MAX 64

/* A literal with more significant digits cannot fit: its fraction part has
 * at most 62 digits (the denominator is at least 2^digits), so its integer
 * significand is below 2^63 * 5^62 < 10^63. */
#define PARSE_DIGITS_MAX 64

/* ---------------------------------------------------------------------- */
/* 128-bit helpers                                                         */
/* ---------------------------------------------------------------------- */

/* |x| without negating a possibly most-negative value. */
static u128 uabs(i128 x)
{
    return x < 0 ? (u128)0 - (u128)x : (u128)x;
}

/* Binary gcd (Stein) on 64 bits: no division, which is what makes exact
 * arithmetic slow. */
static uint64_t gcd64(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0)
        return a | b;
    if (a == 1 || b == 1)
        return 1;
    int shift = __builtin_ctzll(a | b);
    a >>= __builtin_ctzll(a);
    do { /* without branches: which operand is larger is a coin toss */
        b >>= __builtin_ctzll(b);
        uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
        a = lo;
        b = hi - lo;
    } while (b != 0);
    return a << shift;
}

static u128 gcd(u128 a, u128 b)
{
    /* Euclid's 128-bit steps only while an operand needs more than 64 bits */
    while (b != 0 && ((a >> 64) != 0 || (b >> 64) != 0)) {
        u128 t = a % b;
        a = b;
        b = t;
    }
    return b == 0 ? a : gcd64((uint64_t)a, (uint64_t)b);
}

/* Store un/ud (already reduced), negated when neg, if it fits. */
static eri_num_status store(bool neg, u128 un, u128 ud, eri_num *out)
{
    if (ud > (u128)INT64_MAX)
        return ERI_NUM_OVERFLOW;
    if (un == 0) {
        *out = (eri_num){0, 1};
        return ERI_NUM_OK;
    }
    if (neg) {
        if (un > (u128)INT64_MAX + 1)
            return ERI_NUM_OVERFLOW;
        /* -(un - 1) - 1 reaches INT64_MIN without overflowing. */
        out->num = -(int64_t)(un - 1) - 1;
    } else {
        if (un > (u128)INT64_MAX)
            return ERI_NUM_OVERFLOW;
        out->num = (int64_t)un;
    }
    out->den = (int64_t)ud;
    return ERI_NUM_OK;
}

/* Store n/d, reduced and with a positive denominator, if it fits. */
static eri_num_status narrow(i128 n, i128 d, eri_num *out)
{
    if (d == 0)
        return ERI_NUM_DIVZERO;
    u128 un = uabs(n), ud = uabs(d);
    u128 g = gcd(un, ud); /* gcd(0, d) == d, so zero becomes 0/1 */
    return store((n < 0) != (d < 0), un / g, ud / g, out);
}

/* The sum an/ad + bn/bd of two reduced fractions (ad, bd > 0), reduced
 * with gcds of the operands rather than of the 128-bit cross products
 * (Knuth, TAOCP 4.5.1): the same result as narrow(an·bd + bn·ad, ad·bd),
 * several times faster. */
static eri_num_status add_reduced(i128 an, int64_t ad, i128 bn, int64_t bd, eri_num *out)
{
    /* sums of earned points mostly add a denominator to a multiple of it */
    uint64_t g = bd % ad == 0 ? (uint64_t)ad : ad % bd == 0 ? (uint64_t)bd : gcd64((uint64_t)ad, (uint64_t)bd);
    if (g == 1) /* coprime denominators: the sum is already reduced */
        return store(an * bd + bn * ad < 0, uabs(an * bd + bn * ad), (u128)ad * (u128)bd, out);
    int64_t adg = ad / (int64_t)g, bdg = bd / (int64_t)g;
    i128 t = an * bdg + bn * adg;
    if (t == 0)
        return store(false, 0, 1, out);
    u128 ut = uabs(t);
    uint64_t g2 = gcd64((uint64_t)(ut % g), g); /* gcd(t, g) */
    return store(t < 0, ut / g2, (u128)adg * (u128)(bd / (int64_t)g2), out);
}

/* The product of reduced fractions: |an|/ad × |bn|/bd, negated when neg.
 * Cancelling across first leaves the result reduced. */
static eri_num_status mul_reduced(bool neg, uint64_t an, uint64_t ad, uint64_t bn, uint64_t bd, eri_num *out)
{
    if (an == 0 || bn == 0)
        return store(false, 0, 1, out);
    uint64_t g1 = gcd64(an, bd), g2 = gcd64(bn, ad);
    return store(neg, (u128)(an / g1) * (bn / g2), (u128)(ad / g2) * (bd / g1), out);
}

static uint64_t mag(int64_t x) { return x < 0 ? (uint64_t)0 - (uint64_t)x : (uint64_t)x; }

/* ---------------------------------------------------------------------- */
/* Construction and arithmetic                                             */
/* ---------------------------------------------------------------------- */

eri_num eri_num_int(int64_t i)
{
    return (eri_num){i, 1};
}

eri_num_status eri_num_make(int64_t num, int64_t den, eri_num *out)
{
    eri_num_status st = narrow(num, den, out);
    return st == ERI_NUM_OVERFLOW ? eri_big_make(num, den, out) : st; /* INT64_MIN / -1 */
}

eri_num_status eri_num_make_wide(i128 num, i128 den, eri_num *out) { return narrow(num, den, out); }

/* Both operands small: the fast path may be taken. */
#define SMALL2(a, b) __builtin_expect((a).den != 0 && (b).den != 0, 1)
/* The fast path's status, or the big path's when it did not fit. */
#define OR_BIG(st, op, a, b, out) \
    (__builtin_expect((st) != ERI_NUM_OVERFLOW, 1) ? (st) : eri_big_arith(op, a, b, out))

eri_num_status eri_num_add(eri_num a, eri_num b, eri_num *out)
{
    if (!SMALL2(a, b))
        return eri_big_arith(ERI_BIG_ADD, a, b, out);
    eri_num_status st = add_reduced(a.num, a.den, b.num, b.den, out);
    return OR_BIG(st, ERI_BIG_ADD, a, b, out);
}

eri_num_status eri_num_sub(eri_num a, eri_num b, eri_num *out)
{
    if (!SMALL2(a, b))
        return eri_big_arith(ERI_BIG_SUB, a, b, out);
    eri_num_status st = add_reduced(a.num, a.den, -(i128)b.num, b.den, out);
    return OR_BIG(st, ERI_BIG_SUB, a, b, out);
}

eri_num_status eri_num_mul(eri_num a, eri_num b, eri_num *out)
{
    if (!SMALL2(a, b))
        return eri_big_arith(ERI_BIG_MUL, a, b, out);
    eri_num_status st =
        mul_reduced((a.num < 0) != (b.num < 0), mag(a.num), (uint64_t)a.den, mag(b.num), (uint64_t)b.den, out);
    return OR_BIG(st, ERI_BIG_MUL, a, b, out);
}

eri_num_status eri_num_div(eri_num a, eri_num b, eri_num *out)
{
    if (b.num == 0) /* a big value is never zero */
        return ERI_NUM_DIVZERO;
    if (!SMALL2(a, b))
        return eri_big_arith(ERI_BIG_DIV, a, b, out);
    /* a × bd/bn, the sign of bn moved to the numerator */
    eri_num_status st =
        mul_reduced((a.num < 0) != (b.num < 0), mag(a.num), (uint64_t)a.den, (uint64_t)b.den, mag(b.num), out);
    return OR_BIG(st, ERI_BIG_DIV, a, b, out);
}

eri_num_status eri_num_neg(eri_num a, eri_num *out)
{
    if (a.den == 0)
        return eri_big_arith(ERI_BIG_NEG, a, a, out);
    eri_num_status st = narrow(-(i128)a.num, a.den, out);
    return OR_BIG(st, ERI_BIG_NEG, a, a, out);
}

/* ---------------------------------------------------------------------- */
/* Comparison                                                              */
/* ---------------------------------------------------------------------- */

int eri_num_cmp(eri_num a, eri_num b)
{
    if (!SMALL2(a, b))
        return eri_big_cmp(a, b);
    /* Both denominators are positive, so cross-multiplying keeps order. */
    i128 l = (i128)a.num * b.den;
    i128 r = (i128)b.num * a.den;
    return (l > r) - (l < r);
}

bool eri_num_eq(eri_num a, eri_num b)
{
    if (SMALL2(a, b)) /* reduced: equal values have equal terms */
        return a.num == b.num && a.den == b.den;
    return eri_num_cmp(a, b) == 0;
}

bool eri_num_is_zero(eri_num a)
{
    return a.num == 0; /* a big value is never zero, nor a null pointer */
}

bool eri_num_is_int(eri_num a)
{
    return a.den == 0 ? eri_big_is_int(a) : a.num % a.den == 0;
}

int eri_num_sign(eri_num a)
{
    return a.den == 0 ? eri_big_sign(a) : (a.num > 0) - (a.num < 0);
}

eri_num eri_num_min(eri_num a, eri_num b)
{
    return eri_num_cmp(b, a) < 0 ? b : a;
}

eri_num eri_num_max(eri_num a, eri_num b)
{
    return eri_num_cmp(b, a) > 0 ? b : a;
}

eri_num eri_num_clamp(eri_num a, eri_num lo, eri_num hi)
{
    if (eri_num_cmp(a, lo) < 0)
        return lo;
    if (eri_num_cmp(a, hi) > 0)
        return hi;
    return a;
}

/* ---------------------------------------------------------------------- */
/* Rounding                                                                */
/* ---------------------------------------------------------------------- */

/* Whether a value floor + r/d (0 < r < d) rounds up to floor + 1.
 * positive tells the sign of the value (it is never zero here). */
static bool rounds_up(eri_round_mode mode, bool positive, i128 floor, u128 r, u128 d)
{
    u128 twice = 2 * r; /* r < d < 2^126: no overflow */
    return eri_rounds_up(mode, positive, (twice > d) - (twice < d), floor % 2 != 0);
}

eri_num_status eri_num_round(eri_num a, eri_num quantum, eri_round_mode mode, eri_num *out)
{
    if (eri_num_sign(quantum) <= 0)
        return ERI_NUM_DIVZERO;
    if (!SMALL2(a, quantum))
        return eri_big_round(a, quantum, mode, out);
    eri_num q;
    if (narrow(quantum.num, quantum.den, &q) != ERI_NUM_OK)
        return ERI_NUM_DIVZERO;

    /* a / q = n / d with d > 0; split it into floor + r/d, 0 <= r < d. */
    i128 n = (i128)a.num * q.den;
    i128 d = (i128)a.den * q.num;
    i128 k = n / d;
    i128 r = n % d;
    if (r < 0) {
        k -= 1;
        r += d;
    }
    if (r != 0 && rounds_up(mode, n > 0, k, (u128)r, (u128)d))
        k += 1;

    /* The result is k * q.num / q.den; q is reduced, so only k and q.den
     * share factors.  Cancel them first so k can be range-checked. */
    i128 g = (i128)gcd(uabs(k), (u128)q.den);
    k /= g;
    eri_num_status st = k < INT64_MIN || k > INT64_MAX ? ERI_NUM_OVERFLOW : narrow(k * q.num, q.den / g, out);
    return st == ERI_NUM_OVERFLOW ? eri_big_round(a, q, mode, out) : st;
}

eri_num_status eri_num_floor(eri_num a, eri_num *out)
{
    return eri_num_round(a, ERI_NUM_ONE, ERI_ROUND_FLOOR, out);
}

eri_num_status eri_num_ceil(eri_num a, eri_num *out)
{
    return eri_num_round(a, ERI_NUM_ONE, ERI_ROUND_CEILING, out);
}

/* ---------------------------------------------------------------------- */
/* Parsing                                                                 */
/* ---------------------------------------------------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Divide the decimal digit string dig[0..n) (values 0-9) by p in place. */
static void divide_digits(unsigned char *dig, size_t n, unsigned p)
{
    unsigned rem = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned cur = rem * 10 + dig[i];
        dig[i] = (unsigned char)(cur / p);
        rem = cur % p;
    }
}

/* The value of a literal is M / 10^f, M its significand.  Leading zeros
 * and trailing fractional zeros are dropped first, so M is not divisible by
 * 10 and gcd(M, 10^f) is a power of 2 or of 5 alone.  That power is divided
 * out of M as a digit string, which keeps long but representable literals
 * such as 2^-62 written out in full exact. */
static eri_num_status parse_small(const char *s, bool neg, size_t int_start, size_t int_end, size_t frac_start,
                                  size_t frac_end, size_t shift, eri_num *out);

/* s (len) as a decimal literal divided by 10^shift; ERI_NUM_OVERFLOW when
 * shift is not 0 and the value is not small (the caller divides then). */
static eri_num_status parse(const char *s, size_t len, size_t shift, eri_num *out)
{
    if (s == NULL)
        return ERI_NUM_SYNTAX;

    size_t i = 0;
    bool neg = false;
    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    size_t int_start = i;
    while (i < len && is_digit(s[i]))
        i++;
    size_t int_end = i;
    if (int_end == int_start)
        return ERI_NUM_SYNTAX;
    size_t frac_start = i, frac_end = i;
    if (i < len && s[i] == '.') {
        frac_start = ++i;
        while (i < len && is_digit(s[i]))
            i++;
        frac_end = i;
        if (frac_end == frac_start)
            return ERI_NUM_SYNTAX;
    }
    if (i != len)
        return ERI_NUM_SYNTAX;

    /* Significant digits only. */
    while (int_start < int_end && s[int_start] == '0')
        int_start++;
    while (frac_end > frac_start && s[frac_end - 1] == '0')
        frac_end--;
    size_t f = frac_end - frac_start;
    while (f == 0 && shift && int_end > int_start && s[int_end - 1] == '0') { /* 100 / 10^2 is 1 / 10^0 */
        int_end--;
        shift--;
    }
    size_t n_int = int_end - int_start;
    eri_num_status st = ERI_NUM_OVERFLOW; /* denominator >= 2^f, or significand too big */
    if (f + shift <= 62 && n_int + f <= PARSE_DIGITS_MAX)
        st = parse_small(s, neg, int_start, int_end, frac_start, frac_end, shift, out);
    if (st != ERI_NUM_OVERFLOW || shift)
        return st;
    /* any length: GMP reads it ("0" stands for an integer part of zeros) */
    return eri_big_parse(neg, n_int ? s + int_start : "0", n_int ? n_int : 1, s + frac_start, f, out);
}

eri_num_status eri_num_parse(const char *s, size_t len, eri_num *out)
{
    return parse(s, len, 0, out);
}

eri_num_status eri_num_parse_shifted(const char *s, size_t len, unsigned shift, eri_num *out)
{
    if (shift > 18)
        return ERI_NUM_OVERFLOW;
    eri_num_status st = parse(s, len, shift, out);
    if (st != ERI_NUM_OVERFLOW)
        return st; /* reduced as it is read: the cancelling of 2s or 5s, no gcd */
    int64_t p = 1; /* a value that is not small: read, then divided */
    for (unsigned i = 0; i < shift; i++)
        p *= 10;
    st = parse(s, len, 0, out);
    return st == ERI_NUM_OK ? eri_num_div(*out, eri_num_int(p), out) : st;
}

/* A literal of at most PARSE_DIGITS_MAX significant digits and 62 decimals
 * (its own and shift's: the value is divided by 10^shift). */
static eri_num_status parse_small(const char *s, bool neg, size_t int_start, size_t int_end, size_t frac_start,
                                  size_t frac_end, size_t shift, eri_num *out)
{
    size_t f = frac_end - frac_start + shift;
    if (int_start == int_end && frac_start == frac_end)
        f = 0; /* zero */

    unsigned char dig[PARSE_DIGITS_MAX];
    size_t n = 0;
    for (size_t k = int_start; k < int_end; k++)
        dig[n++] = (unsigned char)(s[k] - '0');
    for (size_t k = frac_start; k < frac_end; k++)
        dig[n++] = (unsigned char)(s[k] - '0');

    /* Cancel the common factor of M and 10^f. */
    unsigned p = 0, cancelled = 0;
    if (f > 0)
        p = dig[n - 1] % 2 == 0 ? 2 : dig[n - 1] == 5 ? 5 : 0;
    while (p != 0 && cancelled < f && dig[n - 1] % p == 0) {
        divide_digits(dig, n, p);
        cancelled++;
    }

    u128 mag = 0;
    for (size_t k = 0; k < n; k++) {
        mag = mag * 10 + dig[k];
        if (mag > (u128)1 << 64)
            return ERI_NUM_OVERFLOW; /* far beyond int64_t; stop before u128 wraps */
    }
    u128 den = 1;
    size_t twos = f - (p == 2 ? cancelled : 0);
    size_t fives = f - (p == 5 ? cancelled : 0);
    for (size_t k = 0; k < twos + fives && den <= (u128)INT64_MAX; k++)
        den *= k < twos ? 2 : 5;
    if (den > (u128)INT64_MAX)
        return ERI_NUM_OVERFLOW;

    return store(neg, mag, den, out); /* reduced by the cancelling above: no gcd */
}

/* ---------------------------------------------------------------------- */
/* Formatting                                                              */
/* ---------------------------------------------------------------------- */

int eri_num_decimals(eri_num a)
{
    if (a.den == 0)
        return eri_big_decimals(a);
    u128 d = (u128)a.den / gcd(uabs(a.num), (u128)a.den);
    int twos = 0, fives = 0;
    for (; d % 2 == 0; d /= 2)
        twos++;
    for (; d % 5 == 0; d /= 5)
        fives++;
    if (d != 1)
        return -1;
    return twos > fives ? twos : fives;
}

/* An snprintf-style output buffer: counts every byte, stores what fits. */
typedef struct sink {
    char *buf;
    size_t cap;
    size_t len;
} sink;

static void put(sink *s, char c)
{
    if (s->len + 1 < s->cap)
        s->buf[s->len] = c;
    s->len++;
}

static void put_uint(sink *s, u128 v)
{
    char tmp[40];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v != 0);
    while (n > 0)
        put(s, tmp[--n]);
}

static void put_str(sink *s, const char *t, size_t n)
{
    for (size_t k = 0; k < n; k++)
        put(s, t[k]);
}

static size_t finish(sink *s)
{
    if (s->cap > 0)
        s->buf[s->len < s->cap ? s->len : s->cap - 1] = '\0';
    return s->len;
}

/* eri_num_format of a big value: its digits scaled by 10^max_dec (already
 * rounded half-up) with the point put back. */
static size_t format_big(eri_num a, size_t min_dec, size_t max_dec, sink *out, bool *exact)
{
    char local[128];
    bool ex = false;
    char *d = eri_big_scaled(a, max_dec, &ex, local, sizeof local);
    if (exact != NULL)
        *exact = d != NULL && ex;
    if (d == NULL) {
        put(out, '?');
        return finish(out);
    }
    size_t point = strlen(d) - max_dec, used = max_dec; /* at least one digit before the point */
    while (used > min_dec && d[point + used - 1] == '0')
        used--;
    bool zero = true;
    for (size_t k = 0; k < point + used && zero; k++)
        zero = d[k] == '0';
    if (eri_big_sign(a) < 0 && !zero)
        put(out, '-');
    put_str(out, d, point);
    if (used > 0)
        put(out, '.');
    put_str(out, d + point, used);
    if (d != local)
        eri_free(d);
    return finish(out);
}

/* Digits come from long division of |a| rather than eri_num_round: rounding
 * 10^17/3 to 4 places is printable but its numerator would not fit.  The
 * result is the same: half-up (ties away from zero) at max_dec places.
 * min_dec and max_dec are clamped to 0..FORMAT_DEC_MAX, max_dec >= min_dec. */
size_t eri_num_format(eri_num a, int min_dec, int max_dec, char *buf, size_t cap, bool *exact)
{
    sink out = {buf, cap, 0};
    if (min_dec < 0)
        min_dec = 0;
    if (a.den == 0)
        return format_big(a, (size_t)min_dec, (size_t)(max_dec > min_dec ? max_dec : min_dec), &out, exact);
    if (min_dec > FORMAT_DEC_MAX)
        min_dec = FORMAT_DEC_MAX;
    if (max_dec < min_dec)
        max_dec = min_dec;
    if (max_dec > FORMAT_DEC_MAX)
        max_dec = FORMAT_DEC_MAX;

    u128 den = (u128)a.den; /* > 0: a small value's */
    u128 whole = uabs(a.num) / den;
    u128 rem = uabs(a.num) % den;
    char frac[FORMAT_DEC_MAX];
    for (int k = 0; k < max_dec; k++) {
        rem *= 10; /* rem < den < 2^63 */
        frac[k] = (char)('0' + (int)(rem / den));
        rem %= den;
    }
    if (exact != NULL)
        *exact = rem == 0;
    if (rem != 0 && 2 * rem >= den) { /* round half-up, carrying left */
        int k = max_dec;
        while (k > 0 && frac[k - 1] == '9')
            frac[--k] = '0';
        if (k > 0)
            frac[k - 1]++;
        else
            whole++;
    }

    int used = max_dec; /* drop trailing zeros down to min_dec */
    while (used > min_dec && frac[used - 1] == '0')
        used--;
    bool zero = whole == 0;
    for (int k = 0; k < used; k++)
        zero = zero && frac[k] == '0';

    if (a.num < 0 && !zero)
        put(&out, '-');
    put_uint(&out, whole);
    if (used > 0)
        put(&out, '.');
    for (int k = 0; k < used; k++)
        put(&out, frac[k]);
    return finish(&out);
}

size_t eri_num_format_fraction(eri_num a, char *buf, size_t cap)
{
    sink out = {buf, cap, 0};
    if (a.den == 0) {
        char local[128], *t = eri_big_fraction(a, local, sizeof local);
        put_str(&out, t ? t : "?", t ? strlen(t) : 1);
        if (t && t != local)
            eri_free(t);
        return finish(&out);
    }
    if (a.num < 0)
        put(&out, '-');
    put_uint(&out, uabs(a.num));
    if (a.den != 1) {
        put(&out, '/');
        put_uint(&out, uabs(a.den));
    }
    return finish(&out);
}

const char *eri_num_show(char *buf, size_t cap, eri_num n, int max_dec, bool ellipsis)
{
    bool exact = true;
    size_t len = eri_num_format(n, 0, max_dec, buf, cap, &exact);
    size_t need = len + (!exact && ellipsis ? 4 : 1);
    if (need > cap) { /* too long for buf: into the current heap, if any */
        char *own = eri_numheap_text(need);
        if (!own)
            return buf;
        buf = own;
        cap = need;
        eri_num_format(n, 0, max_dec, buf, cap, &exact);
    }
    if (!exact && ellipsis)
        memcpy(buf + len, "\xE2\x80\xA6", 4); /* … */
    return buf;
}
