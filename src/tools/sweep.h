/* sweep.h — what the files of a weight sweep share: the model and the runs
 * (sweep.c), the reports (sweep_report.c), and the pieces tests look at:
 * the random steps and the perturbed points of one run.  The sweep itself
 * is in evalrules_tools.h ("weight sweeps"); the model is described in
 * docs/sweep.md.  The random numbers are rng.h's. */
#ifndef ERI_SWEEP_H
#define ERI_SWEEP_H

#include <stdatomic.h>
#include <stdint.h>

#include "evalrules_tools.h"
#include "decimal.h"
#include "rng.h"
#include "rules.h"

/* u takes the 2·ERI_SWEEP_STEPS + 1 values spread × j / ERI_SWEEP_STEPS,
 * j = -ERI_SWEEP_STEPS … ERI_SWEEP_STEPS, each as likely. */
#define ERI_SWEEP_STEPS 1000000

/* j + ERI_SWEEP_STEPS for the next u: the top 21 bits of a word, drawn
 * again while above 2·ERI_SWEEP_STEPS (so that every j is as likely). */
uint32_t eri_rng_step(eri_rng *g);

/* "10%", "12.5%", "0.1" as a number; ERI_NUM_SYNTAX when it is not a
 * decimal or percentage (any length: a long one in the current number heap). */
eri_num_status eri_sweep_parse_spread(const char *text, eri_num *out);

/* 1 + spread × (step - ERI_SWEEP_STEPS) / ERI_SWEEP_STEPS. */
eri_num_status eri_sweep_factor(eri_num spread, uint32_t step, eri_num *out);

/* The step the points are shared out in: 0.001, or finer when the total
 * has more decimals (0.0001 for a total of 99.9995); false when the total
 * is not a decimal of at most 9 places. */
bool eri_sweep_quantum(eri_num total, eri_num *quantum);

/* Points for every node: the first-level indicators share the centre's
 * total, and then (preorder) each indicator's children share its new
 * points, in proportion to centre × factor, in multiples of quantum by
 * largest remainder (eri_ahp_points).  scratch has 2 × r->nnodes numbers.
 * False when the numbers do not fit; out is then partly written. */
bool eri_sweep_points(const er_rules *r, const eri_num *centre, const eri_num *factor, eri_num quantum, eri_num *out,
                     eri_num *scratch);

/* The same points in 64-bit integers (sweep_points.c): set up once per
 * sweep from the centre, spread and quantum (false: they do not fit; then
 * every run is eri_sweep_points's), then per run from its steps (one per
 * node, in preorder, as eri_rng_step draws them).  A run that does not fit
 * answers false: eri_sweep_points decides it.  q, w and order have
 * r->nnodes entries each. */
typedef struct eri_sweep_int {
    int64_t base, sn; /* factor × base = base + sn × (step − ERI_SWEEP_STEPS) */
    int64_t qd;       /* the quantum is 1 / qd */
    int64_t root;     /* the first-level indicators' total, in quanta */
    int64_t *c;       /* per node: the centre's points × the lcm of their denominators */
} eri_sweep_int;
typedef struct eri_sweep_rank {
    int64_t rem;
    uint32_t k;
} eri_sweep_rank;
bool eri_sweep_int_new(eri_sweep_int *si, const er_rules *r, const eri_num *centre, eri_num spread, eri_num quantum);
void eri_sweep_int_free(eri_sweep_int *si);
bool eri_sweep_points_int(const eri_sweep_int *si, const er_rules *r, const uint32_t *steps, int64_t *q, int64_t *w,
                          eri_sweep_rank *order, eri_num *out);

/* ---- the sweep's state ---------------------------------------------------- */

/* The distinct scores of one enterprise, ascending, with how many runs gave each. */
typedef struct eri_sweep_hist {
    eri_num *v;
    uint64_t *n;
    size_t len, cap, last; /* last: where the previous score went (runs repeat scores) */
} eri_sweep_hist;

/* One enterprise swept: what the reports show of it. */
typedef struct eri_sweep_ent {
    const er_facts *f;
    const char *name;        /* as the report shows it: a record's id, a facts file's path */
    uint64_t *counts;        /* per outcome */
    eri_sweep_hist h;        /* final scores over the runs */
    struct eri_plan_memo *memo; /* its general parts that no weight changes (plan.h), or NULL */
    char *centre_score;      /* whole, whatever its length (malloc'd) */
    size_t centre_outcome;
    char *score[3];          /* min, median, max (malloc'd; NULL until summarised) */
    uint32_t nsens;
    int32_t sens_node[ER_SWEEP_TOP];
    eri_num sens_delta[ER_SWEEP_TOP];
} eri_sweep_ent;

struct er_sweep {
    const er_rules *r;
    const er_scheme *centre;
    const char *const *names; /* er_sweep_opts' */
    eri_num spread, quantum;
    char spread_text[48];    /* "10%" */
    uint64_t runs, seed;
    unsigned jobs;
    size_t nout;             /* levels, unrated, vetoed */
    eri_sweep_ent *ents;
    size_t n;
    bool sens_skipped;       /* more than ERI_SWEEP_SENS_NODES nodes: weights not ranked */
    eri_sweep_int si;        /* the runs' points in integers (sweep_points.c) when si_ok */
    bool si_ok;
    /* while running */
    void (*progress)(void *arg, unsigned long long done, unsigned long long total);
    void *progress_arg;
    _Atomic uint64_t done;     /* runs finished */
    _Atomic uint64_t stop_at;  /* the first run that failed (runs when none) */
    _Atomic unsigned finished; /* threads finished */
    eri_numheap nums;          /* its numbers that outgrow 64 bits */
};

/* The weights are ranked one at a time (an evaluation per node and
 * enterprise, so time grows with the square of the rules' size) only for
 * rule sets of at most this many indicators and items. */
#define ERI_SWEEP_SENS_NODES 2000

/* |a| (a itself when there is no memory for -a). */
eri_num eri_sweep_magnitude(eri_num a);

#endif
