/* sweep.h — the pieces of a weight sweep (sweep.c) that tests look at: the
 * random numbers and the perturbed points of one run.  The sweep itself is
 * in evalrules.h ("weight sweeps"); the model is described in docs/sweep.md.
 *
 * Random numbers come from our own generators, never rand(), so that a seed
 * gives the same sweep on every machine: xoshiro256** (Blackman and Vigna),
 * its state for run k being words 4k..4k+3 of the splitmix64 stream started
 * at the seed.  A run's numbers can so be drawn without drawing those of
 * the runs before it, on whichever thread runs it. */
#ifndef ERI_SWEEP_H
#define ERI_SWEEP_H

#include <stdint.h>

#include "decimal.h"
#include "rules.h"

/* u takes the 2·ERI_SWEEP_STEPS + 1 values spread × j / ERI_SWEEP_STEPS,
 * j = -ERI_SWEEP_STEPS … ERI_SWEEP_STEPS, each as likely. */
#define ERI_SWEEP_STEPS 1000000

/* splitmix64 (Steele, Lea and Flood): the next word of the stream whose
 * state is *state. */
uint64_t eri_splitmix64(uint64_t *state);

typedef struct eri_rng {
    uint64_t s[4];
} eri_rng;
/* xoshiro256** set up for run `run` of a sweep seeded with `seed`. */
void eri_rng_seed(eri_rng *g, uint64_t seed, uint64_t run);
uint64_t eri_rng_next(eri_rng *g);
/* j + ERI_SWEEP_STEPS for the next u: the top 21 bits of a word, drawn
 * again while above 2·ERI_SWEEP_STEPS (so that every j is as likely). */
uint32_t eri_rng_step(eri_rng *g);

/* "10%", "12.5%", "0.1" as a number; ERI_NUM_SYNTAX when it is not a
 * decimal or percentage, ERI_NUM_OVERFLOW when it does not fit. */
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

#endif
