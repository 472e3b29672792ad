/* sweep_points.c — a run's perturbed points in 64-bit integers: the same
 * points as eri_sweep_points (sweep.c), which shares them out in exact
 * rationals, at a fraction of its cost.
 *
 * Why it is the same.  Siblings share their parent's points T (in quanta) in
 * proportion to w_k = centre_k × factor_k by largest remainder: share k gets
 * floor(w_k × T / Σw) quanta, and the quanta left over go one each to the
 * largest remainders w_k × T mod Σw (all over the same Σw, so comparing them
 * as integers compares the rationals), ties to the lower index.  Multiplying
 * every w_k by one positive number changes none of these, so the weights can
 * be integers: centre_k × Dc (Dc the lcm of the centre's denominators) times
 * factor_k × S × sd (spread = sn / sd, factor = 1 + spread × (step − S) / S,
 * so factor × S × sd = S × sd + sn × (step − S)).  Whatever does not fit —
 * a centre or spread with large denominators, a quantum other than 1 / 10^k,
 * a sum past 2^62 — is declined at setup or at the run, and the caller
 * computes that run with eri_sweep_points, which also decides its errors.
 * test_sweep_points compares the two on many random trees, centres, spreads
 * and draws. */
#include <stdlib.h>

#include "alloc.h"
#include "sweep.h"

#define LIMIT ((int64_t)1 << 62)

__extension__ typedef __int128 i128;

/* lcm(a, b) into *out; false past LIMIT */
static bool lcm_to(int64_t a, int64_t b, int64_t *out)
{
    int64_t x = a, y = b;
    while (y) {
        int64_t t = x % y;
        x = y;
        y = t;
    }
    return !__builtin_mul_overflow(a / x, b, out) && *out < LIMIT;
}

bool eri_sweep_int_new(eri_sweep_int *si, const er_rules *r, const eri_num *centre, eri_num spread, eri_num quantum)
{
    *si = (eri_sweep_int){0};
    if (eri_num_is_big(spread) || eri_num_is_big(quantum) || quantum.num != 1 || spread.num < 0 ||
        spread.num >= spread.den || spread.den > ((int64_t)1 << 24))
        return false;
    int64_t dc = 1;
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (eri_num_is_big(centre[i]) || centre[i].num < 0 || !lcm_to(dc, centre[i].den, &dc))
            return false;
    si->base = ERI_SWEEP_STEPS * spread.den; /* at most 2^44: a factor is below 2^45 */
    si->sn = spread.num;
    si->qd = quantum.den;
    si->c = eri_calloc(r->nnodes + 1, sizeof *si->c);
    if (!si->c)
        return false;
    /* every weight of a run at most c × 2 × base: their sum must stay below 2^62 */
    int64_t sum = 0, root = 0, w;
    bool ok = true;
    for (uint32_t i = 0; ok && i < r->nnodes; i++) {
        ok = !__builtin_mul_overflow(centre[i].num, dc / centre[i].den, &si->c[i]) &&
             !__builtin_mul_overflow(si->c[i], 2 * si->base, &w) && !__builtin_add_overflow(sum, w, &sum) &&
             sum < LIMIT;
    }
    /* the roots' total in quanta */
    for (uint32_t i = 0; ok && i < r->nroots; i++) {
        eri_num c = centre[r->roots[i]];
        int64_t q;
        ok = si->qd % c.den == 0 && !__builtin_mul_overflow(c.num, si->qd / c.den, &q) &&
             !__builtin_add_overflow(root, q, &root) && root < LIMIT;
    }
    si->root = root;
    if (!ok)
        eri_sweep_int_free(si);
    return ok;
}

void eri_sweep_int_free(eri_sweep_int *si)
{
    eri_free(si->c);
    *si = (eri_sweep_int){0};
}

/* larger remainder first, then lower index */
static int by_remainder(const void *a, const void *b)
{
    const eri_sweep_rank *x = a, *y = b;
    return x->rem != y->rem ? (x->rem < y->rem) - (x->rem > y->rem) : (x->k > y->k) - (x->k < y->k);
}

/* kids[0..n) share t quanta in proportion to w[0..n) (sum ws > 0): q[kids[k]] */
static void share(const int32_t *kids, uint32_t n, int64_t t, const int64_t *w, int64_t ws, int64_t *q,
                  eri_sweep_rank *o)
{
    int64_t left = t;
    for (uint32_t k = 0; k < n; k++) {
        i128 x = (i128)w[k] * t; /* below 2^124 */
        int64_t fl = (int64_t)(x / ws);
        q[kids[k]] = fl;
        o[k] = (eri_sweep_rank){(int64_t)(x % ws), k};
        left -= fl;
    }
    /* left < n quanta, one each to the largest remainders (ties: the lower index) */
    if (left <= 0)
        return;
    if (n > 16) {
        qsort(o, n, sizeof *o, by_remainder);
        for (int64_t k = 0; k < left; k++)
            q[kids[o[k].k]]++;
        return;
    }
    for (uint32_t k = 0; k < n; k++) {
        int64_t above = 0;
        for (uint32_t j = 0; j < n && above < left; j++)
            above += o[j].rem > o[k].rem || (o[j].rem == o[k].rem && j < k);
        if (above < left)
            q[kids[k]]++;
    }
}

/* the children's weights and their points in quanta; false: decline */
static bool share_out(const eri_sweep_int *si, const int32_t *kids, uint32_t n, int64_t t, const uint32_t *steps,
                      int64_t *w, int64_t *q, eri_sweep_rank *o)
{
    if (n == 0)
        return true;
    if (t == 0 || n == 1) {
        for (uint32_t k = 0; k < n; k++)
            q[kids[k]] = n == 1 ? t : 0;
        return true;
    }
    int64_t ws = 0;
    for (uint32_t k = 0; k < n; k++) {
        int64_t f = si->base + si->sn * ((int64_t)steps[kids[k]] - ERI_SWEEP_STEPS);
        w[k] = si->c[kids[k]] * f; /* within 2^62 (eri_sweep_int_new) */
        ws += w[k];
    }
    if (ws == 0)
        return false; /* eri_sweep_points says why */
    share(kids, n, t, w, ws, q, o);
    return true;
}

bool eri_sweep_points_int(const eri_sweep_int *si, const er_rules *r, const uint32_t *steps, int64_t *q, int64_t *w,
                          eri_sweep_rank *order, eri_num *out)
{
    if (!share_out(si, r->roots, r->nroots, si->root, steps, w, q, order))
        return false;
    for (uint32_t i = 0; i < r->nnodes; i++) /* preorder: a parent before its children */
        if (!share_out(si, r->nodes[i].children, r->nodes[i].nchildren, q[i], steps, w, q, order))
            return false;
    for (uint32_t i = 0; i < r->nnodes; i++)
        if (eri_num_make(q[i], si->qd, &out[i]) != ERI_NUM_OK)
            return false;
    return true;
}
