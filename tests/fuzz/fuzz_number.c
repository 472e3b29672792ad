/* fuzz_number.c — the exact-number module (decimal.c and bignum.c) against
 * GMP's mpq as an independent reference.  The input is a little program on
 * a stack of up to eight numbers: push a number made of two 64-bit
 * integers or parsed from a decimal literal, add, subtract, multiply,
 * divide, negate, floor, ceiling, round to a quantum in each of the seven
 * modes, compare, and write as a fraction and as a decimal.  Every result is
 * compared with what mpq computes; the decimal literal's syntax with a
 * grammar of our own.  Values over 4,096 bits are dropped (time, not
 * correctness: bignum.c has no size of its own). */
#include <gmp.h>
#include <stdbool.h>

#include "decimal.h"

#include "fuzz.h"

struct val {
    eri_num n;
    mpq_t q;
};

static struct val stack[8];
static int top; /* values on the stack */
static const uint8_t *in;
static size_t left;

static uint8_t byte(void)
{
    if (!left)
        return 0;
    left--;
    return *in++;
}

static int64_t i64(void)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | byte();
    return (int64_t)v;
}

static void mpz_set_i64(mpz_t z, int64_t v)
{
    uint64_t m = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    mpz_import(z, 1, 1, sizeof m, 0, 0, &m);
    if (v < 0)
        mpz_neg(z, z);
}

/* the library's number as "num/den", malloc'd */
static char *fraction(eri_num n)
{
    char small[64];
    size_t need = eri_num_format_fraction(n, small, sizeof small);
    char *buf = malloc(need + 1);
    if (!buf)
        abort();
    size_t again = eri_num_format_fraction(n, buf, need + 1);
    FUZZ_ASSERT(again == need, "fraction length %zu then %zu", need, again);
    return buf;
}

static void same(eri_num n, const mpq_t q, const char *what)
{
    char *mine = fraction(n);
    char *ref = mpq_get_str(NULL, 10, q);
    FUZZ_ASSERT(!strcmp(mine, ref), "%s: %s, mpq %s", what, mine, ref);
    /* decimal.h: values that fit are always small */
    FUZZ_ASSERT(!eri_num_is_big(n) || !(mpz_fits_slong_p(mpq_numref(q)) && mpz_fits_slong_p(mpq_denref(q))),
                "%s: %s is big though it fits in 64 bits", what, ref);
    free(mine);
    free(ref);
}

static bool too_big(const mpq_t q)
{
    return mpz_sizeinbase(mpq_numref(q), 2) + mpz_sizeinbase(mpq_denref(q), 2) > 4096;
}

static void push(eri_num n, mpq_t q, const char *what)
{
    same(n, q, what);
    if (too_big(q) || top == 8) {
        mpq_clear(q);
        return;
    }
    stack[top].n = n;
    mpq_init(stack[top].q);
    mpq_swap(stack[top].q, q);
    mpq_clear(q);
    top++;
}

static void pop(void) { mpq_clear(stack[--top].q); }

/* "-"? digits ("." digits)? — decimal.h's grammar, written again */
static bool literal(const char *s, size_t n, mpq_t out)
{
    size_t i = 0;
    bool neg = n && s[0] == '-';
    i = neg;
    size_t int_start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t int_end = i, frac_start = i, frac_end = i;
    if (int_end == int_start)
        return false;
    if (i < n && s[i] == '.') {
        frac_start = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        frac_end = i;
        if (frac_end == frac_start)
            return false;
    }
    if (i != n)
        return false;
    char *digits = malloc(n + 1);
    if (!digits)
        abort();
    size_t k = 0;
    for (size_t j = int_start; j < int_end; j++)
        digits[k++] = s[j];
    for (size_t j = frac_start; j < frac_end; j++)
        digits[k++] = s[j];
    digits[k] = '\0';
    mpz_set_str(mpq_numref(out), digits, 10);
    mpz_ui_pow_ui(mpq_denref(out), 10, frac_end - frac_start);
    mpq_canonicalize(out);
    if (neg)
        mpq_neg(out, out);
    free(digits);
    return true;
}

/* x rounded to an integer in mode */
static void round_int(mpz_t r, const mpq_t x, eri_round_mode mode)
{
    mpz_t fl;
    mpq_t frac, half;
    mpz_init(fl);
    mpq_init(frac);
    mpq_init(half);
    mpz_fdiv_q(fl, mpq_numref(x), mpq_denref(x));
    mpq_set_z(frac, fl);
    mpq_sub(frac, x, frac); /* 0 <= frac < 1 */
    mpq_set_ui(half, 1, 2);
    int c = mpq_cmp(frac, half), sign = mpq_sgn(x);
    bool up; /* fl + 1, else fl */
    if (mpq_sgn(frac) == 0)
        up = false;
    else
        switch (mode) {
        case ERI_ROUND_HALF_UP: up = c > 0 || (c == 0 && sign > 0); break;
        case ERI_ROUND_HALF_DOWN: up = c > 0 || (c == 0 && sign < 0); break;
        case ERI_ROUND_HALF_EVEN: up = c > 0 || (c == 0 && mpz_odd_p(fl)); break;
        case ERI_ROUND_UP: up = sign > 0; break;
        case ERI_ROUND_DOWN: up = sign < 0; break;
        case ERI_ROUND_FLOOR: up = false; break;
        default: up = true; break; /* ceiling */
        }
    mpz_set(r, fl);
    if (up)
        mpz_add_ui(r, r, 1);
    mpz_clear(fl);
    mpq_clear(frac);
    mpq_clear(half);
}

/* digits after the point of a terminating decimal, or -1 */
static int decimals(const mpq_t q)
{
    mpz_t d, f;
    mpz_init_set(d, mpq_denref(q));
    mpz_init_set_ui(f, 2);
    mp_bitcnt_t twos = mpz_remove(d, d, f);
    mpz_set_ui(f, 5);
    mp_bitcnt_t fives = mpz_remove(d, d, f);
    int n = mpz_cmp_ui(d, 1) ? -1 : (int)(twos > fives ? twos : fives);
    mpz_clear(d);
    mpz_clear(f);
    return n;
}

/* q (a multiple of 10^-places) in decimal with at least min_dec and at
 * most places digits after the point, trailing zeros beyond min_dec cut,
 * never "-0"; malloc'd */
static char *decimal_text(const mpq_t q, int places, int min_dec)
{
    mpz_t z, p;
    mpz_init(z);
    mpz_init(p);
    mpz_ui_pow_ui(p, 10, (unsigned long)places);
    mpz_mul(z, mpq_numref(q), p);
    mpz_divexact(z, z, mpq_denref(q));
    bool neg = mpz_sgn(z) < 0;
    mpz_abs(z, z);
    char *digits = mpz_get_str(NULL, 10, z);
    size_t nd = strlen(digits);
    char *out = malloc(nd + (size_t)places + (size_t)min_dec + 8);
    if (!out)
        abort();
    size_t k = 0;
    if (neg)
        out[k++] = '-';
    if (nd <= (size_t)places) {
        out[k++] = '0';
        out[k++] = '.';
        for (size_t i = nd; i < (size_t)places; i++)
            out[k++] = '0';
        memcpy(out + k, digits, nd);
        k += nd;
    } else {
        memcpy(out + k, digits, nd - (size_t)places);
        k += nd - (size_t)places;
        out[k++] = '.';
        memcpy(out + k, digits + nd - (size_t)places, (size_t)places);
        k += (size_t)places;
    }
    int dec = places;
    while (dec > min_dec && out[k - 1] == '0')
        k--, dec--;
    for (; dec < min_dec; dec++)
        out[k++] = '0';
    if (dec == 0)
        k--; /* the point */
    out[k] = '\0';
    bool all_zero = true;
    for (size_t i = neg; out[i]; i++)
        if (out[i] != '0' && out[i] != '.')
            all_zero = false;
    if (neg && all_zero)
        memmove(out, out + 1, strlen(out));
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    gmp_free(digits, nd + 1);
    mpz_clear(z);
    mpz_clear(p);
    return out;
}

static void check_format(const struct val *v, int min_dec, int max_dec)
{
    mpq_t r, quantum;
    mpq_init(r);
    mpq_init(quantum);
    int dec = decimals(v->q);
    bool exact_ref = dec >= 0 && dec <= max_dec;
    if (exact_ref) {
        mpq_set(r, v->q);
    } else { /* rounded half-up to max_dec places */
        mpz_t i;
        mpz_init(i);
        mpz_ui_pow_ui(mpq_denref(quantum), 10, (unsigned long)max_dec);
        mpz_set_ui(mpq_numref(quantum), 1);
        mpq_div(r, v->q, quantum);
        round_int(i, r, ERI_ROUND_HALF_UP);
        mpq_set_z(r, i);
        mpq_mul(r, r, quantum);
        mpz_clear(i);
    }
    char *ref = decimal_text(r, max_dec, min_dec);
    char small[8];
    bool exact = true;
    size_t need = eri_num_format(v->n, min_dec, max_dec, small, sizeof small, &exact);
    char *mine = malloc(need + 1);
    if (!mine)
        abort();
    bool exact2 = true;
    size_t again = eri_num_format(v->n, min_dec, max_dec, mine, need + 1, &exact2);
    FUZZ_ASSERT(again == need && exact == exact2, "format length %zu then %zu", need, again);
    if (strcmp(mine, "?")) { /* "?": no memory for a big value's digits */
        FUZZ_ASSERT(!strcmp(mine, ref), "format(min %d, max %d): %s, mpq %s", min_dec, max_dec, mine, ref);
        FUZZ_ASSERT(exact == exact_ref, "format of %s: exact %d, mpq %d", ref, exact, exact_ref);
        FUZZ_ASSERT(strlen(small) == (need < sizeof small ? need : sizeof small - 1) &&
                        !strncmp(small, mine, strlen(small)),
                    "format cut to %zu bytes: %s of %s", sizeof small, small, mine);
    }
    free(mine);
    free(ref);
    mpq_clear(r);
    mpq_clear(quantum);
}

static void step(void)
{
    uint8_t op = byte() % 13;
    mpq_t q;
    eri_num n = ERI_NUM_ZERO;
    eri_num_status st;
    switch (op) {
    case 0: { /* push num/den */
        int64_t a = i64(), b = i64();
        st = eri_num_make(a, b, &n);
        if (b == 0) {
            FUZZ_ASSERT(st == ERI_NUM_DIVZERO, "make(%lld, 0): %d", (long long)a, st);
            return;
        }
        FUZZ_ASSERT(st == ERI_NUM_OK, "make(%lld, %lld): %d", (long long)a, (long long)b, st);
        mpq_init(q);
        mpz_set_i64(mpq_numref(q), a);
        mpz_set_i64(mpq_denref(q), b);
        mpq_canonicalize(q);
        push(n, q, "make");
        return;
    }
    case 1: { /* push a decimal literal */
        static const char alphabet[] = "0123456789.-05";
        char text[64];
        size_t len = byte() % sizeof text;
        for (size_t i = 0; i < len; i++)
            text[i] = alphabet[byte() % (sizeof alphabet - 1)];
        mpq_init(q);
        bool valid = literal(text, len, q);
        st = eri_num_parse(text, len, &n);
        FUZZ_ASSERT((st == ERI_NUM_OK) == valid, "parse(%.*s): %d, grammar says %d", (int)len, text, st, valid);
        if (valid)
            push(n, q, "parse");
        else
            mpq_clear(q);
        return;
    }
    case 2: case 3: case 4: case 5: { /* + - * / */
        if (top < 2)
            return;
        struct val *a = &stack[top - 2], *b = &stack[top - 1];
        mpq_init(q);
        if (op == 5 && mpq_sgn(b->q) == 0) {
            FUZZ_ASSERT(eri_num_div(a->n, b->n, &n) == ERI_NUM_DIVZERO, "division by zero allowed");
            mpq_clear(q);
            return;
        }
        static const char *const names[] = {"add", "sub", "mul", "div"};
        st = op == 2 ? eri_num_add(a->n, b->n, &n) : op == 3 ? eri_num_sub(a->n, b->n, &n)
           : op == 4 ? eri_num_mul(a->n, b->n, &n) : eri_num_div(a->n, b->n, &n);
        FUZZ_ASSERT(st == ERI_NUM_OK, "%s: %d", names[op - 2], st);
        if (op == 2) mpq_add(q, a->q, b->q);
        else if (op == 3) mpq_sub(q, a->q, b->q);
        else if (op == 4) mpq_mul(q, a->q, b->q);
        else mpq_div(q, a->q, b->q);
        push(n, q, names[op - 2]);
        return;
    }
    case 6: /* negate */
        if (!top)
            return;
        FUZZ_ASSERT(eri_num_neg(stack[top - 1].n, &n) == ERI_NUM_OK, "neg");
        mpq_init(q);
        mpq_neg(q, stack[top - 1].q);
        push(n, q, "neg");
        return;
    case 7: case 8: { /* floor, ceiling */
        if (!top)
            return;
        mpz_t z;
        mpz_init(z);
        struct val *a = &stack[top - 1];
        st = op == 7 ? eri_num_floor(a->n, &n) : eri_num_ceil(a->n, &n);
        FUZZ_ASSERT(st == ERI_NUM_OK, "floor/ceil: %d", st);
        round_int(z, a->q, op == 7 ? ERI_ROUND_FLOOR : ERI_ROUND_CEILING);
        mpq_init(q);
        mpq_set_z(q, z);
        mpz_clear(z);
        push(n, q, op == 7 ? "floor" : "ceil");
        return;
    }
    case 9: { /* round a to a multiple of quantum b */
        if (top < 2)
            return;
        struct val *a = &stack[top - 2], *b = &stack[top - 1];
        eri_round_mode mode = (eri_round_mode)(byte() % 7);
        st = eri_num_round(a->n, b->n, mode, &n);
        if (mpq_sgn(b->q) <= 0) {
            FUZZ_ASSERT(st == ERI_NUM_DIVZERO, "round to a quantum <= 0: %d", st);
            return;
        }
        FUZZ_ASSERT(st == ERI_NUM_OK, "round: %d", st);
        mpq_init(q);
        mpq_div(q, a->q, b->q);
        mpz_t z;
        mpz_init(z);
        round_int(z, q, mode);
        mpq_set_z(q, z);
        mpq_mul(q, q, b->q);
        mpz_clear(z);
        char what[32];
        snprintf(what, sizeof what, "round mode %d", (int)mode);
        push(n, q, what);
        return;
    }
    case 10: { /* compare, sign, integer, zero, min, max */
        if (top < 2)
            return;
        struct val *a = &stack[top - 2], *b = &stack[top - 1];
        int c = mpq_cmp(a->q, b->q);
        c = (c > 0) - (c < 0);
        FUZZ_ASSERT(eri_num_cmp(a->n, b->n) == c, "cmp %d, mpq %d", eri_num_cmp(a->n, b->n), c);
        FUZZ_ASSERT(eri_num_eq(a->n, b->n) == (c == 0), "eq");
        FUZZ_ASSERT(eri_num_sign(a->n) == mpq_sgn(a->q), "sign");
        FUZZ_ASSERT(eri_num_is_zero(a->n) == (mpq_sgn(a->q) == 0), "is_zero");
        FUZZ_ASSERT(eri_num_is_int(a->n) == (mpz_cmp_ui(mpq_denref(a->q), 1) == 0), "is_int");
        FUZZ_ASSERT(eri_num_cmp(eri_num_min(a->n, b->n), c <= 0 ? a->n : b->n) == 0, "min");
        FUZZ_ASSERT(eri_num_cmp(eri_num_max(a->n, b->n), c >= 0 ? a->n : b->n) == 0, "max");
        return;
    }
    case 11: { /* as a decimal */
        if (!top)
            return;
        struct val *a = &stack[top - 1];
        FUZZ_ASSERT(eri_num_decimals(a->n) == decimals(a->q), "decimals %d, mpq %d", eri_num_decimals(a->n),
                    decimals(a->q));
        uint8_t b = byte();
        int min_dec = b % 3, max_dec = (b >> 2) % 40;
        check_format(a, min_dec, max_dec < min_dec ? min_dec : max_dec); /* decimal.h: min_dec <= max_dec */
        return;
    }
    default:
        if (top)
            pop();
        return;
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return -1;
    eri_numheap heap = ERI_NUMHEAP_INIT;
    eri_numheap *before = eri_numheap_use(&heap);
    in = data;
    left = size;
    while (left)
        step();
    while (top)
        pop();
    eri_numheap_use(before);
    eri_numheap_clear(&heap);
    return 0;
}
