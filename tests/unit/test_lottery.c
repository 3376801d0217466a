/* test_lottery.c - the draw of the published lottery (solver/lottery.h)
 * against values derived outside the engine: SplitMix64's published
 * first output, the rejection step of lottery_below where it matters (m
 * just above 2^63, where half of all draws are rejected), and whole
 * draws computed by tests/lib/lottery_ref.py from inputs/README.md's
 * description. The file side (lottery.csv, the command) is in
 * tests/e2e/lottery.sh. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "lottery.h"

static void test_generator(void)
{
    uint64_t state = 0;
    /* SplitMix64 seeded with 0: 0xE220A8397B1DCDAF first (Vigna's
       splitmix64.c test value), the state advanced by the golden gamma */
    CHECK(lottery_next(&state) == UINT64_C(0xE220A8397B1DCDAF));
    CHECK(state == UINT64_C(0x9E3779B97F4A7C15));
    /* m = 2^63 + 1: the threshold (2^64 - m) mod m is 2^63 - 1. Seed 3's
       first draw 0x1D0B14E4DB018FED is below it, so it is rejected and
       the second, 0xB3466F8A7B81A989, gives 0xB3466F8A7B81A989 - m =
       3694763184872335752 (python3: the README's steps by hand); taking
       the first draw mod m would give 2092789425003139053 */
    state = 3;
    CHECK(lottery_below(&state, (UINT64_C(1) << 63) + 1) == UINT64_C(3694763184872335752));
    /* seed 0's first draw 0xE220A8397B1DCDAF is above the threshold:
       kept, 0xE220A8397B1DCDAF - (2^63 + 1) = 7070836379803831726 */
    state = 0;
    CHECK(lottery_below(&state, (UINT64_C(1) << 63) + 1) == UINT64_C(7070836379803831726));
    /* m = 1 draws once and is always 0 */
    state = 0;
    CHECK(lottery_below(&state, 1) == 0 && state == UINT64_C(0x9E3779B97F4A7C15));
}

static void test_draw(void)
{
    int number[8];
    /* ids a..e with --seed 20250301: a 5, b 1, c 2, d 4, e 3 (inputs/README.md's
       example, from tests/lib/lottery_ref.py) */
    lottery_draw(UINT64_C(20250301), 5, number);
    CHECK(number[0] == 5 && number[1] == 1 && number[2] == 2 && number[3] == 4 &&
          number[4] == 3);
    /* one student: number 1 and nothing drawn; none: nothing written */
    number[0] = 0;
    lottery_draw(UINT64_C(18446744073709551615), 1, number);
    CHECK(number[0] == 1);
    number[0] = -7;
    lottery_draw(0, 0, number);
    CHECK(number[0] == -7);
    /* a permutation of 1..8 for every seed tried */
    for (uint64_t seed = 0; seed < 200; seed++) {
        int seen[9] = {0}, ok = 1;
        lottery_draw(seed * UINT64_C(0x100000001), 8, number);
        for (int i = 0; i < 8; i++)
            ok &= number[i] >= 1 && number[i] <= 8 && !seen[number[i]]++;
        CHECK(ok);
    }
}

int main(void)
{
    test_generator();
    test_draw();
    return harness_finish("lottery");
}
