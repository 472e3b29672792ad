/* rng.c — splitmix64 and xoshiro256** (rng.h), as their authors give them. */
#include "rng.h"

#define GOLDEN 0x9E3779B97F4A7C15u

uint64_t eri_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += GOLDEN);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

void eri_rng_seed(eri_rng *g, uint64_t seed, uint64_t run)
{
    /* splitmix64's state after n words is seed + n·GOLDEN: jump to word 4·run */
    uint64_t state = seed + 4 * run * GOLDEN;
    for (int i = 0; i < 4; i++)
        g->s[i] = eri_splitmix64(&state);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t eri_rng_next(eri_rng *g)
{
    uint64_t *s = g->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}
