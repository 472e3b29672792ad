/* ahp.c — analytic hierarchy process: weights from Saaty-scale pairwise
 * judgements (see ahp.h and docs/ahp.md).
 *
 * Scoring paths never use binary floating point, and the principal
 * eigenvector of a judgement matrix is irrational in general, so it is
 * computed by power iteration in integer fixed point: a weight vector is
 * held as int64 multiples of 10^-18 summing to exactly 10^18, and every
 * product and quotient is formed in 128 bits.  Each matrix entry a_ij is
 * p/q with 1 <= p, q <= 9, so 2520 * a_ij (2520 = lcm(1..9)) is an integer
 * and A w is an exact integer vector before it is normalised again.
 *
 * Bounds that keep every intermediate in range (n <= 15, w_j <= 10^18):
 *   2520 * a_ij <= 22680, so (2520 A w)_i <= 15 * 22680 * 10^18 < 3.5e23 and
 *   their sum < 5.2e24; scaled_div() multiplies a remainder below such a
 *   divisor by 10^9, < 5.2e33, well inside 2^127 (1.7e38).
 */
#include "ahp.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "alloc.h"

__extension__ typedef __int128 i128;

#define SCALE_EXP 18
#define SCALE ((int64_t)1000000000000000000LL) /* 10^18: one unit of w */
#define LCM 2520                               /* lcm(1..9) */
#define CHUNK ((i128)1000000000)               /* 10^9 */

/* Power iteration stops when no component moves by more than TOL units of
 * 10^-18 in one step.  The iteration contracts by at least 40/41 per step
 * whatever the judgements (Birkhoff's bound for a positive matrix whose
 * entries lie in [1/9, 9]), which gives the worst-case iteration count
 * behind MAX_ITER and the accuracy argued in docs/ahp.md. */
#define TOL 1000
#define MAX_ITER 4000

/* Saaty's random index RI(n) * 100 for n = 1..15 (Saaty 1980, as widely
 * reproduced; the dip at n = 12 is in the published table). */
static const int RI_X100[ERI_AHP_MAX_N] = {0, 0, 58, 90, 112, 124, 132, 141, 145, 149,
                                          151, 148, 156, 157, 159};

/* ---------------------------------------------------------------------- */
/* Fixed-point helpers                                                     */
/* ---------------------------------------------------------------------- */

/* floor(a * 10^exp / d) for a >= 0, d > 0, exp a multiple of 9 or below 9;
 * *rem (if not NULL) receives the remainder over d.  Done in chunks of at
 * most 10^9 so that only remainder * 10^9 is ever formed (needs
 * d < 1.7e29). */
static i128 scaled_div(i128 a, int exp, i128 d, i128 *rem)
{
    i128 q = a / d, r = a % d;
    while (exp > 0) {
        int step = exp >= 9 ? 9 : exp;
        i128 m = 1;
        for (int k = 0; k < step; k++)
            m *= 10;
        r *= m;
        q = q * m + r / d;
        r %= d;
        exp -= step;
    }
    if (rem)
        *rem = r;
    return q;
}

/* Largest-remainder apportionment of `units` among shares proportional to
 * v[0..n) (each >= 0, positive sum): out[i] = floor(v_i * units / V) and the
 * units left over (fewer than n) go one each to the largest remainders,
 * ties to the lower index.  units is 10^exp.  Remainders are compared after
 * dividing by `grain` (a fraction of V): grain 1 compares them exactly, a
 * coarser grain makes remainders that differ only in digits below the
 * input's accuracy count as a tie. */
static void apportion(int n, const i128 *v, int exp, i128 grain, int64_t *out)
{
    i128 total = 0, rem[ERI_AHP_MAX_N];
    bool given[ERI_AHP_MAX_N];
    for (int i = 0; i < n; i++)
        total += v[i];
    i128 units = scaled_div(1, exp, 1, NULL), used = 0;
    for (int i = 0; i < n; i++) {
        out[i] = (int64_t)scaled_div(v[i], exp, total, &rem[i]);
        rem[i] /= grain;
        used += out[i];
        given[i] = false;
    }
    for (i128 left = units - used; left > 0; left--) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (!given[i] && (best < 0 || rem[i] > rem[best]))
                best = i; /* strict >: an equal remainder keeps the lower index */
        given[best] = true;
        out[best]++;
    }
}

/* x / 10^(SCALE_EXP - digits), rounded half up (x >= 0), as an eri_num with
 * denominator 10^digits. */
static eri_ahp_status round_scaled(i128 x, int digits, eri_num *out)
{
    i128 div = scaled_div(1, SCALE_EXP - digits, 1, NULL);
    i128 q = (x + div / 2) / div;
    int64_t den = (int64_t)scaled_div(1, digits, 1, NULL);
    if (q > INT64_MAX)
        return ERI_AHP_OVERFLOW;
    (void)eri_num_make((int64_t)q, den, out); /* cannot fail: den > 0 */
    return ERI_AHP_OK;
}

/* p/q as eri_num, rounded half up to 10^-digits (p, q > 0, p * 10^digits
 * within 128 bits). */
static eri_ahp_status round_ratio(i128 p, i128 q, int digits, eri_num *out)
{
    i128 r;
    i128 v = scaled_div(p, digits, q, &r);
    if (2 * r >= q)
        v++;
    if (v > INT64_MAX)
        return ERI_AHP_OVERFLOW;
    int64_t den = (int64_t)scaled_div(1, digits, 1, NULL);
    (void)eri_num_make((int64_t)v, den, out); /* cannot fail: den > 0 */
    return ERI_AHP_OK;
}

/* ---------------------------------------------------------------------- */
/* Public helpers                                                          */
/* ---------------------------------------------------------------------- */

int eri_ahp_pair_index(int n, int i, int j)
{
    /* rows 0..i-1 hold (n-1) + (n-2) + ... + (n-i) judgements */
    return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

bool eri_ahp_on_scale(eri_num a)
{
    /* eri_num values are reduced, so 2/4 arrives as 1/2 and 4/2 as 2 */
    if (eri_num_is_big(a))
        return false;
    if (a.den == 1)
        return a.num >= 1 && a.num <= 9;
    return a.num == 1 && a.den <= 9; /* den > 1 here */
}

eri_num eri_ahp_random_index(int n)
{
    eri_num r = ERI_NUM_ZERO;
    if (n >= 1 && n <= ERI_AHP_MAX_N)
        (void)eri_num_make(RI_X100[n - 1], 100, &r); /* cannot fail */
    return r;
}

eri_num eri_ahp_cr_limit(void)
{
    return (eri_num){1, 10};
}

const char *eri_ahp_status_message(eri_ahp_status st)
{
    switch (st) {
    case ERI_AHP_OK:
        return "ok";
    case ERI_AHP_INCONSISTENT:
        return "judgements are too inconsistent (consistency ratio 0.10 or more)";
    case ERI_AHP_BAD_SIZE:
        return "AHP needs between 2 and 15 elements";
    case ERI_AHP_OFF_SCALE:
        return "judgement off Saaty's scale (1 to 9 or 1/2 to 1/9)";
    case ERI_AHP_NO_CONVERGENCE:
        return "principal eigenvector did not converge";
    case ERI_AHP_OVERFLOW:
        return "number too large";
    case ERI_AHP_BAD_ARGUMENT:
        return "invalid weights, total or quantum";
    }
    return "unknown AHP status";
}

/* ---------------------------------------------------------------------- */
/* The eigenvector method                                                  */
/* ---------------------------------------------------------------------- */

/* The reciprocal matrix as exact fractions p/q plus 2520 * a_ij. */
typedef struct matrix {
    int n;
    int p[ERI_AHP_MAX_N][ERI_AHP_MAX_N], q[ERI_AHP_MAX_N][ERI_AHP_MAX_N];
    int64_t m[ERI_AHP_MAX_N][ERI_AHP_MAX_N];
} matrix;

/* a_ij * a_jk == a_ik for every triple: then w_i = a_i0 / sum_k a_k0 exactly
 * and lambda_max = n (Saaty's consistent matrix). */
static bool is_consistent(const matrix *A)
{
    for (int i = 0; i < A->n; i++)
        for (int j = 0; j < A->n; j++)
            for (int k = 0; k < A->n; k++)
                if ((int64_t)A->p[i][j] * A->p[j][k] * A->q[i][k] !=
                    (int64_t)A->q[i][j] * A->q[j][k] * A->p[i][k])
                    return false;
    return true;
}

/* Power iteration from the uniform vector: w <- A w / sum(A w).  Returns the
 * number of steps, or -1 when MAX_ITER is reached without settling. */
static int power_iterate(const matrix *A, int64_t *w)
{
    int n = A->n;
    i128 ones[ERI_AHP_MAX_N], y[ERI_AHP_MAX_N];
    int64_t next[ERI_AHP_MAX_N];
    for (int i = 0; i < n; i++)
        ones[i] = 1;
    apportion(n, ones, SCALE_EXP, 1, w);
    for (int it = 1; it <= MAX_ITER; it++) {
        for (int i = 0; i < n; i++) {
            y[i] = 0;
            for (int j = 0; j < n; j++)
                y[i] += (i128)A->m[i][j] * w[j];
        }
        apportion(n, y, SCALE_EXP, 1, next);
        int64_t moved = 0;
        for (int i = 0; i < n; i++) {
            int64_t d = next[i] > w[i] ? next[i] - w[i] : w[i] - next[i];
            if (d > moved)
                moved = d;
            w[i] = next[i];
        }
        if (moved <= TOL)
            return it;
    }
    return -1;
}

eri_ahp_status eri_ahp_compute(int n, const eri_num *judgements, eri_ahp_result *out)
{
    if (n < ERI_AHP_MIN_N || n > ERI_AHP_MAX_N)
        return ERI_AHP_BAD_SIZE;

    matrix A;
    A.n = n;
    for (int i = 0; i < n; i++) {
        A.p[i][i] = A.q[i][i] = 1;
        A.m[i][i] = LCM;
    }
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            int k = eri_ahp_pair_index(n, i, j);
            eri_num a = judgements[k];
            if (!eri_ahp_on_scale(a)) {
                out->bad_index = k;
                return ERI_AHP_OFF_SCALE;
            }
            A.p[i][j] = A.q[j][i] = (int)a.num;
            A.q[i][j] = A.p[j][i] = (int)a.den;
            A.m[i][j] = LCM / a.den * a.num;
            A.m[j][i] = LCM / a.num * a.den;
        }
    }

    out->n = n;
    out->bad_index = -1;
    out->consistent = is_consistent(&A);
    out->ri = eri_ahp_random_index(n);

    int64_t w[ERI_AHP_MAX_N];
    if (out->consistent) {
        /* Exact: w_i proportional to a_i0, i.e. to 2520 * a_i0. */
        i128 col[ERI_AHP_MAX_N];
        for (int i = 0; i < n; i++)
            col[i] = A.m[i][0];
        apportion(n, col, SCALE_EXP, 1, w);
        out->iterations = 0;
        int64_t wt[ERI_AHP_MAX_N];
        apportion(n, col, 6, 1, wt);
        for (int i = 0; i < n; i++)
            (void)eri_num_make(wt[i], ERI_AHP_WEIGHT_DEN, &out->weight[i]); /* cannot fail: a denominator > 0 */
        out->lambda_max = eri_num_int(n);
        out->ci = ERI_NUM_ZERO;
        out->cr = ERI_NUM_ZERO;
        out->worst_i = out->worst_j = -1;
        out->worst_deviation = ERI_NUM_ONE;
        out->worst_implied = ERI_NUM_ONE;
        for (int i = 0; i < n; i++)
            (void)eri_num_make(w[i], ERI_AHP_EIGVEC_DEN, &out->eigvec[i]);
        return ERI_AHP_OK;
    }

    out->iterations = power_iterate(&A, w);
    if (out->iterations < 0)
        return ERI_AHP_NO_CONVERGENCE;
    for (int i = 0; i < n; i++) {
        /* The power iterate of a positive matrix stays positive: every
         * (A w)_i >= sum(w) / 9.  Guard anyway before dividing by w_i. */
        if (w[i] <= 0)
            return ERI_AHP_NO_CONVERGENCE;
        (void)eri_num_make(w[i], ERI_AHP_EIGVEC_DEN, &out->eigvec[i]);
    }

    /* Weights at 10^-6 that sum to exactly 1.  The iterate carries rounding
     * noise in its last digits (a symmetric matrix need not give bit-equal
     * components), so remainders are compared at 10^-15: a tie there goes
     * to the lower index rather than to the noise.  A remainder counts
     * fractions of a 10^-6 quantum in units of 1/10^18 of it, i.e. 10^-24;
     * 10^-15 is 10^9 of those. */
    i128 wv[ERI_AHP_MAX_N];
    int64_t wt[ERI_AHP_MAX_N];
    for (int i = 0; i < n; i++)
        wv[i] = w[i];
    apportion(n, wv, 6, CHUNK, wt);
    for (int i = 0; i < n; i++)
        (void)eri_num_make(wt[i], ERI_AHP_WEIGHT_DEN, &out->weight[i]);

    /* lambda_max = mean of (A w)_i / w_i, at 10^-18 (truncated per term). */
    i128 lsum = 0;
    for (int i = 0; i < n; i++) {
        i128 aw = 0;
        for (int j = 0; j < n; j++)
            aw += (i128)A.m[i][j] * w[j];
        lsum += scaled_div(aw, SCALE_EXP, (i128)LCM * w[i], NULL);
    }
    i128 lambda = lsum / n;
    /* CI >= 0 in exact arithmetic (lambda_max >= n for any positive
     * reciprocal matrix); clamp so rounding noise cannot make it negative. */
    i128 ci = (lambda - (i128)n * SCALE) / (n - 1);
    if (ci < 0)
        ci = 0;
    eri_ahp_status st = round_scaled(lambda, 9, &out->lambda_max);
    if (st == ERI_AHP_OK)
        st = round_scaled(ci, 9, &out->ci);
    if (st != ERI_AHP_OK)
        return st;
    /* n >= 3 here (2 elements are always consistent): RI_X100[n - 1] > 0 */
    if ((st = round_ratio(ci * 100, (i128)RI_X100[n - 1] * SCALE, 9, &out->cr)) != ERI_AHP_OK)
        return st;

    /* The most inconsistent judgement: largest max(e, 1/e), e = a_ij w_j / w_i
     * = (p w_j) / (q w_i), compared at 10^-9 so that pairs equal to that
     * precision (e.g. every pair of a perfectly circular 3x3 matrix) do not
     * get ranked by the last bit of the iterate: the first in judgement
     * order wins a tie.  Each side is below 9 * 10^18. */
    i128 best = -1, best_hi = 1, best_lo = 1;
    out->worst_i = out->worst_j = -1;
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            i128 x = (i128)A.p[i][j] * w[j], y = (i128)A.q[i][j] * w[i];
            i128 hi = x > y ? x : y, lo = x > y ? y : x;
            i128 dev = scaled_div(hi, 9, lo, NULL);
            if (dev > best) {
                best = dev;
                best_hi = hi;
                best_lo = lo;
                out->worst_i = i;
                out->worst_j = j;
            }
        }
    }
    if ((st = round_ratio(best_hi, best_lo, 6, &out->worst_deviation)) != ERI_AHP_OK)
        return st;
    if ((st = round_ratio(w[out->worst_i], w[out->worst_j], 6, &out->worst_implied)) !=
        ERI_AHP_OK)
        return st;

    return eri_num_cmp(out->cr, eri_ahp_cr_limit()) >= 0 ? ERI_AHP_INCONSISTENT : ERI_AHP_OK;
}

/* ---------------------------------------------------------------------- */
/* Points by largest remainder                                             */
/* ---------------------------------------------------------------------- */

/* Share i's exact quota in quanta (weight_i * units / wsum), its floor and
 * the remainder. */
static eri_ahp_status quota(eri_num weight, eri_num units, eri_num wsum, eri_num *fl, eri_num *rem)
{
    eri_num q;
    if (eri_num_mul(weight, units, &q) != ERI_NUM_OK || eri_num_div(q, wsum, &q) != ERI_NUM_OK ||
        eri_num_floor(q, fl) != ERI_NUM_OK || eri_num_sub(q, *fl, rem) != ERI_NUM_OK)
        return ERI_AHP_OVERFLOW;
    return ERI_AHP_OK;
}

typedef struct ranked {
    eri_num rem, fl;
    int i;
} ranked;

/* larger remainder first, then lower index */
static int by_remainder(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    int c = eri_num_cmp(y->rem, x->rem);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

eri_ahp_status eri_ahp_points(int n, const eri_num *weights, eri_num total, eri_num quantum,
                            eri_num *points)
{
    if (n < 1 || eri_num_sign(quantum) <= 0 || eri_num_sign(total) < 0)
        return ERI_AHP_BAD_ARGUMENT;
    eri_num units, wsum = ERI_NUM_ZERO;
    if (eri_num_div(total, quantum, &units) != ERI_NUM_OK)
        return ERI_AHP_OVERFLOW;
    if (!eri_num_is_int(units))
        return ERI_AHP_BAD_ARGUMENT;
    for (int i = 0; i < n; i++) {
        if (eri_num_sign(weights[i]) < 0)
            return ERI_AHP_BAD_ARGUMENT;
        if (eri_num_add(wsum, weights[i], &wsum) != ERI_NUM_OK)
            return ERI_AHP_OVERFLOW;
    }
    if (eri_num_is_zero(wsum))
        return ERI_AHP_BAD_ARGUMENT;

    /* First pass: everything that can fail, so that points stays untouched
     * on error — the floors, and each share with one extra quantum. */
    eri_num left = units;
    for (int i = 0; i < n; i++) {
        eri_num fl, rem, up, p;
        eri_ahp_status st = quota(weights[i], units, wsum, &fl, &rem);
        if (st != ERI_AHP_OK)
            return st;
        if (eri_num_sub(left, fl, &left) != ERI_NUM_OK || eri_num_add(fl, ERI_NUM_ONE, &up) != ERI_NUM_OK ||
            eri_num_mul(up, quantum, &p) != ERI_NUM_OK)
            return ERI_AHP_OVERFLOW;
    }
    /* left = units - sum of floors: an integer in [0, n) because the quotas
     * sum to units exactly. */

    /* Second pass: share i gets an extra quantum when fewer than `left`
     * shares rank above it (larger remainder, or equal and lower index):
     * the first `left` in that order, sorted (n log n; many children, as
     * in a sweep of 10^5 indicators, would be n^2 counted one by one). */
    ranked *rank = n > 16 ? eri_malloc(sizeof *rank * (size_t)n) : NULL;
    if (rank) {
        for (int i = 0; i < n; i++) {
            eri_num fl;
            (void)quota(weights[i], units, wsum, &fl, &rank[i].rem);
            rank[i].i = i;
            rank[i].fl = fl;
        }
        qsort(rank, (size_t)n, sizeof *rank, by_remainder);
        for (int k = 0; k < n; k++) {
            eri_num fl = rank[k].fl;
            if (eri_num_cmp(eri_num_int(k), left) < 0)
                (void)eri_num_add(fl, ERI_NUM_ONE, &fl);
            (void)eri_num_mul(fl, quantum, &points[rank[k].i]);
        }
        eri_free(rank);
        return ERI_AHP_OK;
    }
    for (int i = 0; i < n; i++) {
        eri_num fl, rem, p;
        (void)quota(weights[i], units, wsum, &fl, &rem);
        int64_t above = 0;
        for (int j = 0; j < n && eri_num_cmp(eri_num_int(above), left) < 0; j++) {
            eri_num fj, rj;
            if (j == i)
                continue;
            (void)quota(weights[j], units, wsum, &fj, &rj);
            int c = eri_num_cmp(rj, rem);
            if (c > 0 || (c == 0 && j < i))
                above++;
        }
        if (eri_num_cmp(eri_num_int(above), left) < 0)
            (void)eri_num_add(fl, ERI_NUM_ONE, &fl);
        (void)eri_num_mul(fl, quantum, &p);
        points[i] = p;
    }
    return ERI_AHP_OK;
}
