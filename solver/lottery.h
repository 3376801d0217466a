/* lottery.h - the draw of the published lottery (`placement lottery`): a
 * permutation of 1..n made from a seed by a generator written out in
 * inputs/README.md, so that anyone can draw it again from the seed and
 * the students' ids. It owns no state and reads no file. */
#ifndef LOTTERY_H
#define LOTTERY_H

#include <stdint.h>

/* One step of SplitMix64 (Steele, Lea and Flood, 2014): adds
 * 0x9E3779B97F4A7C15 to *state and returns the mixed value. */
uint64_t lottery_next(uint64_t *state);
/* A uniform integer in [0, m) (m >= 1) from *state, by rejection: draws x
 * until x >= (2^64 - m) mod m, then returns x mod m. */
uint64_t lottery_below(uint64_t *state, uint64_t m);
/* Fills number[0..n) with a permutation of 1..n drawn from seed: the
 * positions 0..n-1 (the students in id order) are shuffled by
 * Fisher-Yates from the last down, for i = n-1 .. 1 swapping position i
 * with j = lottery_below(state, i + 1), the state starting at seed; the
 * student who ends at position p gets number p + 1. n = 0 is allowed.
 * The caller owns number. */
void lottery_draw(uint64_t seed, int n, int *number);

#endif
