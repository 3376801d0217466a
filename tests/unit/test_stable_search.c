/* test_stable_search.c - the stable search (solver/stable_search.h) on
 * its own: a hand case where promotion places more than deferred
 * acceptance with ties broken by index, and an oracle on random tiny
 * cycles with ties: whatever it returns has no blocking pair by SPEC §4
 * (tests/lib/oracle.h), respects every capacity and side rule, places as
 * many as it says, at least as many as the index tie-break when that one
 * is stable and meets the rules, and no more than the most any stable
 * assignment meeting the rules places (brute force); with or without a
 * guide (random pair values stand in for the LP relaxation).
 *
 * Environment: UNIT_SEEDS (default 300) random cycles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deferred.h"
#include "fixture.h"
#include "harness.h"
#include "oracle.h"
#include "stable_search.h"
#include "testkit.h"

/* s1 ranks A and B equally (both rank 1), s2 ranks only A; one seat
 * each, nobody has a score or a ranking (all tie). Index tie-break:
 * s1 proposes to A (the lower leaf index), s2 loses the tie at A to s1
 * (lower index): 1 placed, stable (A is full with someone s2 does not
 * beat). Promotion: s2, left unplaced, wins the tie at A next round, s1
 * moves to B: 2 placed. */
static void test_promotion(void)
{
    fixture f;
    rules r;
    int leaf_of[2];
    char why[160];
    rules_init(&r, 0);
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\n", "students.csv", "id\ns1\ns2\n",
                 "preferences.csv", "student,rank,choice\ns1,1,A\ns1,1,B\ns2,1,A\n", NULL);
    CHECK(deferred_solve(f.c, f.a, &r, 1, leaf_of, why, sizeof(why)) == DEFERRED_SOLVED);
    CHECK(leaf_of[fixture_student(&f, "s2")] == -1);
    CHECK(stable_search(f.c, f.a, &r, 10, NULL, 0, leaf_of) == 2);
    CHECK(leaf_of[fixture_student(&f, "s1")] == fixture_leaf(&f, "B"));
    CHECK(leaf_of[fixture_student(&f, "s2")] == fixture_leaf(&f, "A"));
    CHECK(oracle_blocking(f.c, f.a, leaf_of) == 0);
    fixture_release(&f);
}

typedef struct best_stable {
    const fixture *f;
    const rules *r;
    long most; /* -1: none */
} best_stable;

static int visit_stable(const int *leaf_of, void *ctx)
{
    best_stable *b = ctx;
    const cycle *c = b->f->c;
    long placed = 0;
    if (!oracle_side_rules(c, b->r, leaf_of, 1) || oracle_blocking(c, b->f->a, leaf_of) > 0)
        return 0;
    for (int s = 0; s < c->nstudents; s++)
        placed += leaf_of[s] >= 0;
    if (placed > b->most)
        b->most = placed;
    return 0;
}

static void test_random(int seeds)
{
    long found = 0, none = 0, gained = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny((uint64_t)seed);
        fixture f;
        rules r;
        int *leaf_of, *index_leaf;
        double *guide;
        best_stable b;
        fixture_load_gen(&f, g);
        rules_init(&r, 0);
        leaf_of = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        index_leaf = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        guide = testkit_xcalloc((size_t)f.a->npairs + 1, sizeof(double));
        for (long k = 0; k < f.a->npairs; k++)
            guide[k] = (double)((seed * 7919 + k * 104729) % 101) / 100.0;
        b.f = &f;
        b.r = &r;
        b.most = -1;
        oracle_each(f.c, f.a, visit_stable, &b);
        for (int guided = 0; guided <= 1; guided++) {
            char why[160];
            long placed = stable_search(f.c, f.a, &r, 20, guided ? guide : NULL, 0, leaf_of), count = 0;
            if (placed < 0) {
                none++;
                continue;
            }
            found++;
            for (int s = 0; s < f.c->nstudents; s++)
                count += leaf_of[s] >= 0;
            CHECK(count == placed);
            CHECK(oracle_capacities(f.c, f.a, leaf_of));
            CHECK(oracle_side_rules(f.c, &r, leaf_of, 1));
            if (!CHECK(oracle_blocking(f.c, f.a, leaf_of) == 0))
                printf("  seed %d%s: blocking pairs\n", seed, guided ? " (guided)" : "");
            if (!CHECK(placed <= b.most))
                printf("  seed %d: places %ld, the most stable %ld\n", seed, placed, b.most);
            if (deferred_solve(f.c, f.a, &r, 1, index_leaf, why, sizeof(why)) == DEFERRED_SOLVED) {
                long index_placed = 0;
                for (int s = 0; s < f.c->nstudents; s++)
                    index_placed += index_leaf[s] >= 0;
                CHECK(placed >= index_placed);
                gained += placed > index_placed;
            }
        }
        free(leaf_of);
        free(index_leaf);
        free(guide);
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("stable search on cycles with ties: %ld answers (%ld above the index tie-break), %ld "
           "without one\n",
           found, gained, none);
    CHECK(seeds < 50 || found > seeds / 4);
}

int main(void)
{
    int seeds;
    testkit_set_name("test_stable_search");
    seeds = (int)testkit_env_count("UNIT_SEEDS", 300);
    test_promotion();
    test_random(seeds);
    return harness_finish("stable_search");
}
