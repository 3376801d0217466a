/* lottery.c - the draw of the published lottery (lottery.h): SplitMix64
 * and a Fisher-Yates shuffle, exactly as inputs/README.md writes them. */
#include "lottery.h"

#include <stdlib.h>

#include "mem.h"

uint64_t lottery_next(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

uint64_t lottery_below(uint64_t *state, uint64_t m)
{
    /* (2^64 - m) mod m, in 64-bit arithmetic: the values below it are the
       ones that would make x mod m uneven */
    uint64_t threshold = (0 - m) % m, x;
    do
        x = lottery_next(state);
    while (x < threshold);
    return x % m;
}

void lottery_draw(uint64_t seed, int n, int *number)
{
    uint64_t state = seed;
    int *at; /* at[p]: the student (index in id order) at position p */
    MEM_ALLOC_ARRAY(at, n + 1);
    for (int p = 0; p < n; p++)
        at[p] = p;
    for (int i = n - 1; i >= 1; i--) {
        int j = (int)lottery_below(&state, (uint64_t)i + 1), t = at[i];
        at[i] = at[j];
        at[j] = t;
    }
    for (int p = 0; p < n; p++)
        number[at[p]] = p + 1;
    free(at);
}
