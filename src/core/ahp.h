/* ahp.h — weights from pairwise-comparison judgements (analytic hierarchy
 * process, Saaty's eigenvector method) and their apportionment into points.
 *
 * The judgements for n elements are the upper triangle of a reciprocal
 * matrix: a_ij ("how many times more important is i than j") for i < j,
 * listed row by row — a_01, a_02, ..., a_0(n-1), a_12, ... — so that
 * eri_ahp_pair_index(n, i, j) finds the one for (i, j).  a_ji = 1/a_ij and
 * a_ii = 1 are implied.  Only Saaty's scale is accepted: the integers 1..9
 * and their reciprocals 1/2..1/9.
 *
 * No binary floating point: the eigenvector is computed by power iteration
 * in 128-bit integer fixed point (10^-18), and every reported number is an
 * exact eri_num rounded to a stated quantum.  See docs/ahp.md.
 */
#ifndef ERI_AHP_H
#define ERI_AHP_H

#include <stdbool.h>

#include "decimal.h"

#define ERI_AHP_MIN_N 2
#define ERI_AHP_MAX_N 15 /* Saaty's random index table stops at 15 */
#define ERI_AHP_MAX_JUDGEMENTS (ERI_AHP_MAX_N * (ERI_AHP_MAX_N - 1) / 2)

/* Quanta of the reported numbers (as denominators). */
#define ERI_AHP_WEIGHT_DEN 1000000        /* weights: multiples of 10^-6 */
#define ERI_AHP_STAT_DEN 1000000000       /* lambda_max, CI, CR: 10^-9 */
#define ERI_AHP_EIGVEC_DEN 1000000000000000000LL /* eigvec: 10^-18 */

typedef enum eri_ahp_status {
    ERI_AHP_OK = 0,
    ERI_AHP_INCONSISTENT,   /* CR >= 0.10: the result is filled in all the same
                            * and worst_i/worst_j name the judgement to revise */
    ERI_AHP_BAD_SIZE,       /* n outside ERI_AHP_MIN_N..ERI_AHP_MAX_N */
    ERI_AHP_OFF_SCALE,      /* a judgement is not 1..9 or 1/2..1/9 (bad_index) */
    ERI_AHP_NO_CONVERGENCE, /* power iteration did not settle (not expected for
                            * valid input; see docs/ahp.md) */
    ERI_AHP_OVERFLOW,       /* eri_num arithmetic would not fit */
    ERI_AHP_BAD_ARGUMENT    /* eri_ahp_points: quantum <= 0, total not a
                            * multiple of quantum, negative or all-zero weights */
} eri_ahp_status;

typedef struct eri_ahp_result {
    int n;
    /* Weights, multiples of 10^-6 that sum to exactly 1: the eigenvector
     * apportioned by largest remainder (ties to the lower index). */
    eri_num weight[ERI_AHP_MAX_N];
    /* The normalised principal eigenvector itself, multiples of 10^-18
     * summing to exactly 1 (the last power iterate; docs/ahp.md bounds its
     * error below 10^-10). */
    eri_num eigvec[ERI_AHP_MAX_N];
    eri_num lambda_max; /* mean of (A w)_i / w_i, rounded half-up to 10^-9 */
    eri_num ci;         /* (lambda_max - n) / (n - 1), 10^-9, never negative */
    eri_num ri;         /* Saaty's random index for n, exact (0 for n <= 2) */
    eri_num cr;         /* ci / ri rounded half-up to 10^-9; 0 when ri == 0 */
    bool consistent;   /* exactly consistent: a_ij * a_jk == a_ik for all */
    /* The most inconsistent judgement: the pair i < j maximising
     * max(e, 1/e) with e = a_ij * w_j / w_i (Saaty 2003), ties at 10^-9 to
     * the first pair in judgement order; -1 when the matrix is exactly
     * consistent (every other matrix names a pair, even below the limit). */
    int worst_i, worst_j;
    eri_num worst_deviation; /* that max(e, 1/e), >= 1, rounded to 10^-6 */
    eri_num worst_implied;   /* w_i / w_j, the value the other judgements
                             * imply for a_ij, rounded to 10^-6 */
    int iterations;         /* power-iteration steps taken */
    int bad_index;          /* ERI_AHP_OFF_SCALE: index into the judgements */
} eri_ahp_result;

/* Position of a_ij (0 <= i < j < n) in the judgement list. */
int eri_ahp_pair_index(int n, int i, int j);

/* Whether a is on Saaty's scale (1..9 or 1/2..1/9). */
bool eri_ahp_on_scale(eri_num a);

/* Saaty's random index RI for n (exact; 0 for n <= 2), or ERI_NUM_ZERO when
 * n is outside 1..ERI_AHP_MAX_N. */
eri_num eri_ahp_random_index(int n);

/* The consistency limit: CR >= 1/10 is refused. */
eri_num eri_ahp_cr_limit(void);

/* Derive the weights of n elements from their n(n-1)/2 judgements.
 * ERI_AHP_OK or ERI_AHP_INCONSISTENT leave a complete *out; ERI_AHP_OFF_SCALE
 * sets out->bad_index; other errors leave *out unspecified. */
eri_ahp_status eri_ahp_compute(int n, const eri_num *judgements, eri_ahp_result *out);

/* Apportion total into n shares proportional to weights (>= 0, positive
 * sum; they need not sum to 1), each a multiple of quantum, summing to
 * exactly total (which must be a multiple of quantum): each share gets the
 * floor of its exact quota in quanta, and the quanta left over go one each
 * to the largest remainders, ties to the lower index.  E.g. weights 1/3,
 * 1/3, 1/3 of 100 at quantum 0.1 -> 33.4, 33.3, 33.3.  On error points is
 * left untouched. */
eri_ahp_status eri_ahp_points(int n, const eri_num *weights, eri_num total, eri_num quantum,
                            eri_num *points);

/* A short English description of a status, e.g. for ERI_AHP_OFF_SCALE
 * "judgement off Saaty's scale (1 to 9 or 1/2 to 1/9)". */
const char *eri_ahp_status_message(eri_ahp_status st);

#endif
