/* test_stable_prune.c - pairs no stable assignment uses (stable_prune.h).
 *
 * Hand cases: the rule at a program, and a lab whose program ranks the
 * other way (derived in their comments). Oracle: on
 * random tiny cycles, with ties and strict, under the plain rules,
 * --require-all and capacities only, brute force enumerates every stable
 * assignment that meets the rules (tests/lib/oracle.h): none uses a pair
 * the pruning removed.
 * Environment: UNIT_SEEDS (default 300). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "gencycle.h"
#include "harness.h"
#include "oracle.h"
#include "rules.h"
#include "stable_prune.h"
#include "testkit.h"

/* P (1 seat) and Q (no limit) are programs without labs. x (score 9)
 * ranks only P; y (score 5) ranks P, then Q. x has P as her one best
 * leaf and stands above y there, and P has one seat: in every stable
 * assignment x holds P (else x blocks with it), so y is never at P. x's
 * own pair and y's pair at Q stay. */
static void test_hand(void)
{
    fixture f;
    rules r;
    unsigned char *unused;
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\nQ,\n", "students.csv",
                 "id,score\nx,9\ny,5\n", "preferences.csv",
                 "student,rank,choice\nx,1,P\ny,1,P\ny,2,Q\n", NULL);
    rules_init(&r, 0);
    unused = testkit_xcalloc((size_t)f.a->npairs + 1, 1);
    CHECK(stable_prune(f.c, f.a, &r, unused) == 1);
    for (long k = 0; k < f.a->npairs; k++) {
        admit_pair p = admit_pair_at(f.a, k);
        int want = p.student == fixture_student(&f, "y") && p.leaf == fixture_leaf(&f, "P");
        CHECK(unused[k] == want && p.index == k);
    }
    free(unused);
    fixture_release(&f);

    /* Program P (1 seat) ranks r above s; its lab L (1 seat) ranks s above
       r; both rank only L. s has L as her one best leaf and is above r at
       L, but not at P: r at L with s left out is stable (P is full with r,
       whom P ranks above s), so nothing may be removed. */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "labs.csv",
                 "id,program,capacity\nL,P,1\n", "students.csv", "id,score\nr,5\ns,9\n",
                 "preferences.csv", "student,rank,choice\nr,1,L\ns,1,L\n", "rankings.csv",
                 "ranker,student,rank\nP,r,1\nP,s,2\nL,s,1\nL,r,2\n", NULL);
    unused = testkit_xcalloc((size_t)f.a->npairs + 1, 1);
    CHECK(stable_prune(f.c, f.a, &r, unused) == 0);
    free(unused);
    fixture_release(&f);
}

typedef struct walk {
    const fixture *f;
    const rules *r;
    const unsigned char *unused;
    long stable, bad;
} walk;

static int visit(const int *leaf_of, void *ctx)
{
    walk *w = ctx;
    const admit *a = w->f->a;
    if (!oracle_side_rules(w->f->c, w->r, leaf_of, 1) || oracle_blocking(w->f->c, a, leaf_of) > 0)
        return 0;
    w->stable++;
    for (int s = 0; s < w->f->c->nstudents; s++) {
        admit_iter it;
        admit_pair p;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p))
            if (leaf_of[s] == p.leaf && w->unused[p.index])
                w->bad++;
    }
    return 0;
}

static void test_random(int seeds)
{
    long marked = 0, pairs = 0, assignments = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny_ex((uint64_t)seed, seed % 2);
        fixture f;
        fixture_load_gen(&f, g);
        for (int kind = 0; kind < 3; kind++) {
            rules r;
            unsigned char *unused = testkit_xcalloc((size_t)f.a->npairs + 1, 1);
            walk w;
            rules_init(&r, kind == 1);
            r.relax = kind == 2;
            marked += stable_prune(f.c, f.a, &r, unused);
            pairs += f.a->npairs;
            memset(&w, 0, sizeof(w));
            w.f = &f;
            w.r = &r;
            w.unused = unused;
            oracle_each(f.c, f.a, visit, &w);
            assignments += w.stable;
            if (!CHECK(w.bad == 0))
                printf("  seed %d rules %d: %ld stable assignments use a removed pair\n", seed,
                       kind, w.bad);
            free(unused);
        }
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("random cycles: %ld of %ld pairs removed, %ld stable assignments checked\n", marked,
           pairs, assignments);
    CHECK(seeds < 30 || (marked > 0 && assignments > 0));
}

int main(void)
{
    testkit_set_name("test_stable_prune");
    test_hand();
    test_random((int)testkit_env_count("UNIT_SEEDS", 300));
    return harness_finish("stable_prune");
}
