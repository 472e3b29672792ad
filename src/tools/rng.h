/* rng.h — the random numbers of the tools (the weight sweep's): our own
 * generators, never rand(), so that a seed gives the same numbers on every
 * machine.  xoshiro256** (Blackman and Vigna), its state for run k being
 * words 4k..4k+3 of the splitmix64 stream started at the seed: a run's
 * numbers can so be drawn without drawing those of the runs before it, on
 * whichever thread runs it. */
#ifndef ERI_RNG_H
#define ERI_RNG_H

#include <stdint.h>

/* splitmix64 (Steele, Lea and Flood): the next word of the stream whose
 * state is *state. */
uint64_t eri_splitmix64(uint64_t *state);

typedef struct eri_rng {
    uint64_t s[4];
} eri_rng;
/* xoshiro256** set up for run `run` of a sweep seeded with `seed`. */
void eri_rng_seed(eri_rng *g, uint64_t seed, uint64_t run);
uint64_t eri_rng_next(eri_rng *g);

#endif
