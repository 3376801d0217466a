/* test_stages.c - the lexicographic stage plan (solver/stages.h): which
 * stages each objective takes (rank-sum two; rank-maximal and generous
 * one per distinct rank in use, minus the one whose count the earlier
 * stages already fix), gapped and unranked ranks, the feasibility and
 * placements-only questions, the STAGES_MAX limit, and the coefficient and
 * value of every kind of stage. The pairs are made by hand here (the plan
 * reads only their ranks and R+1), then once through a loaded cycle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "stages.h"
#include "testkit.h"

/* An admit of one student per pair, student k at leaf k with rank
 * ranks[k]; R+1 is unranked. Freed with admit_free. */
static admit *pairs_with_ranks(const int *ranks, int n, int unranked)
{
    admit *a = testkit_xcalloc(1, sizeof(*a));
    a->ranges = testkit_xcalloc((size_t)n + 1, sizeof(admit_range));
    a->range_first = testkit_xcalloc((size_t)n + 1, sizeof(int));
    a->score_key = testkit_xcalloc((size_t)n + 1, sizeof(int));
    a->nranges = n;
    a->npairs = n;
    a->unranked_rank = unranked;
    for (int k = 0; k < n; k++) {
        a->ranges[k] = (admit_range){k, k, k + 1, ranks[k], ranks[k] < unranked, k};
        a->range_first[k] = k;
    }
    a->range_first[n] = n;
    return a;
}

static int is_stage(const stage_def *sd, const char *name, int maximize, int rank, int sum_ranks)
{
    return strcmp(sd->name, name) == 0 && sd->maximize == maximize && sd->rank == rank &&
           sd->sum_ranks == sum_ranks;
}

static stage_def st[STAGES_MAX];

static void test_rank_sum(void)
{
    int ranks[] = {1, 2, 3, 2};
    admit *a = pairs_with_ranks(ranks, 4, 4);
    CHECK(stages_plan(a, OBJECTIVE_RANK_SUM, 0, 0, st) == 2);
    CHECK(is_stage(&st[0], "placements", 1, 0, 0));
    CHECK(is_stage(&st[1], "rank-sum", 0, 0, 1));
    admit_free(a);
}

/* Ranks 1, 2, 3 in use (R+1 = 4 is not): after the placements, fixing the
 * counts at 1 and 2 fixes the count at 3; generous from the top down. */
static void test_per_rank(void)
{
    int ranks[] = {3, 1, 2, 1, 3};
    admit *a = pairs_with_ranks(ranks, 5, 4);
    CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == 3);
    CHECK(is_stage(&st[0], "placements", 1, 0, 0));
    CHECK(is_stage(&st[1], "most at rank 1", 1, 1, 0));
    CHECK(is_stage(&st[2], "most at rank 2", 1, 2, 0));
    CHECK(stages_plan(a, OBJECTIVE_GENEROUS, 0, 0, st) == 3);
    CHECK(is_stage(&st[0], "placements", 1, 0, 0));
    CHECK(is_stage(&st[1], "fewest at rank 3", 0, 3, 0));
    CHECK(is_stage(&st[2], "fewest at rank 2", 0, 2, 0));
    admit_free(a);
}

/* Gaps: only the ranks in use get a stage, never every number up to R. */
static void test_gapped(void)
{
    int ranks[] = {300, 1, 300};
    int with_unranked[] = {300, 1, 301};
    admit *a = pairs_with_ranks(ranks, 3, 301);
    CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == 2);
    CHECK(is_stage(&st[1], "most at rank 1", 1, 1, 0));
    CHECK(stages_plan(a, OBJECTIVE_GENEROUS, 0, 0, st) == 2);
    CHECK(is_stage(&st[1], "fewest at rank 300", 0, 300, 0));
    admit_free(a);
    /* an unranked (fixed) placement is rank R+1, a rank in use like any */
    a = pairs_with_ranks(with_unranked, 3, 301);
    CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == 3);
    CHECK(is_stage(&st[1], "most at rank 1", 1, 1, 0));
    CHECK(is_stage(&st[2], "most at rank 300", 1, 300, 0));
    CHECK(stages_plan(a, OBJECTIVE_GENEROUS, 0, 0, st) == 3);
    CHECK(is_stage(&st[1], "fewest at rank 301", 0, 301, 0));
    CHECK(is_stage(&st[2], "fewest at rank 300", 0, 300, 0));
    admit_free(a);
    /* the largest rank a cycle may write is one stage like any other */
    {
        int far[] = {1000000000, 1, 1000000001};
        a = pairs_with_ranks(far, 3, 1000000001);
        CHECK(stages_plan(a, OBJECTIVE_GENEROUS, 0, 0, st) == 3);
        CHECK(is_stage(&st[1], "fewest at rank 1000000001", 0, 1000000001, 0));
        CHECK(is_stage(&st[2], "fewest at rank 1000000000", 0, 1000000000, 0));
        CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == 3);
        CHECK(is_stage(&st[2], "most at rank 1000000000", 1, 1000000000, 0));
        admit_free(a);
    }
}

/* One rank in use, or no pair at all: the placements say everything. */
static void test_one_rank(void)
{
    int ranks[] = {2, 2};
    admit *a = pairs_with_ranks(ranks, 2, 3);
    CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == 1);
    CHECK(stages_plan(a, OBJECTIVE_GENEROUS, 0, 0, st) == 1);
    CHECK(stages_plan(a, OBJECTIVE_RANK_SUM, 0, 0, st) == 2);
    admit_free(a);
    a = pairs_with_ranks(ranks, 0, 1);
    CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == 1);
    CHECK(is_stage(&st[0], "placements", 1, 0, 0));
    admit_free(a);
}

/* Ranks 1..n, one pair each. */
static admit *many_ranks(int n)
{
    int *ranks = testkit_xcalloc((size_t)n, sizeof(int));
    admit *a;
    for (int k = 0; k < n; k++)
        ranks[k] = k + 1;
    a = pairs_with_ranks(ranks, n, n + 1);
    free(ranks);
    return a;
}

static void test_questions_and_limit(void)
{
    admit *a = many_ranks(STAGES_MAX - 1);
    int n;
    /* feasibility: one stage without objective, whatever the objective */
    for (int o = 0; o < OBJECTIVE_COUNT; o++) {
        CHECK(stages_plan(a, (enum objective)o, 1, 0, st) == 1);
        CHECK(st[0].rank == -1 && st[0].maximize == 0);
        CHECK(stages_plan(a, (enum objective)o, 1, 1, st) == 1 && st[0].rank == -1);
        CHECK(stages_plan(a, (enum objective)o, 0, 1, st) == 1);
        CHECK(is_stage(&st[0], "placements", 1, 0, 0));
    }
    /* STAGES_MAX - 1 distinct ranks: the placements and all but the last */
    n = stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st);
    CHECK(n == STAGES_MAX - 1);
    if (n == STAGES_MAX - 1) {
        char want[48];
        snprintf(want, sizeof(want), "most at rank %d", STAGES_MAX - 2);
        CHECK(is_stage(&st[n - 1], want, 1, STAGES_MAX - 2, 0));
    }
    n = stages_plan(a, OBJECTIVE_GENEROUS, 0, 0, st);
    CHECK(n == STAGES_MAX - 1);
    if (n == STAGES_MAX - 1)
        CHECK(is_stage(&st[n - 1], "fewest at rank 2", 0, 2, 0));
    admit_free(a);
    /* one more distinct rank is refused, except where ranks take no stage */
    a = many_ranks(STAGES_MAX);
    CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == -1);
    CHECK(stages_plan(a, OBJECTIVE_GENEROUS, 0, 0, st) == -1);
    CHECK(stages_plan(a, OBJECTIVE_RANK_SUM, 0, 0, st) == 2);
    CHECK(stages_plan(a, OBJECTIVE_RANK_MAXIMAL, 1, 0, st) == 1);
    CHECK(stages_plan(a, OBJECTIVE_GENEROUS, 0, 1, st) == 1);
    admit_free(a);
}

static void test_coef_and_value(void)
{
    /* students 0, 1, 2 at ranks 1, 3, 3; student 3 has a pair at rank 5 */
    int ranks[] = {1, 3, 3, 5};
    int leaf_of[] = {0, 1, -1, 3};
    admit *a = pairs_with_ranks(ranks, 4, 6);
    stage_def feas = {"feasibility", 0, -1, 0}, place = {"placements", 1, 0, 0};
    stage_def sum = {"rank-sum", 0, 0, 1}, at3 = {"most at rank 3", 1, 3, 0};
    stage_def at1 = {"fewest at rank 1", 0, 1, 0};
    admit_pair p0 = admit_pair_at(a, 0), p1 = admit_pair_at(a, 1);
    CHECK(p1.student == 1 && p1.leaf == 1 && p1.index == 1);
    CHECK(stages_coef(&feas, &p1) == 0);
    CHECK(stages_coef(&place, &p1) == 1);
    CHECK(stages_coef(&sum, &p1) == 3);
    CHECK(stages_coef(&at3, &p1) == 1);
    CHECK(stages_coef(&at3, &p0) == 0);
    CHECK(stages_coef(&at1, &p0) == 1);
    /* placed: 0 (rank 1), 1 (rank 3), 3 (rank 5); 2 unplaced */
    CHECK(stages_value(&feas, a, leaf_of, 4) == 0);
    CHECK(stages_value(&place, a, leaf_of, 4) == 3);
    CHECK(stages_value(&sum, a, leaf_of, 4) == 1 + 3 + 5);
    CHECK(stages_value(&at3, a, leaf_of, 4) == 1);
    CHECK(stages_value(&at1, a, leaf_of, 4) == 1);
    admit_free(a);
}

/* The same plan from a loaded cycle: ranks 1 and 300 written, and a fix
 * that makes one placement unranked (R+1 = 301). */
static void test_from_cycle(void)
{
    fixture f;
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\nC,1\n", "students.csv",
                 "id,score\ns1,3\ns2,2\ns3,1\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns1,300,B\ns2,300,A\ns3,1,A\n", "overrides.csv",
                 "student,node,action\ns3,C,fix\n", NULL);
    CHECK(f.a->unranked_rank == 301);
    CHECK(stages_plan(f.a, OBJECTIVE_RANK_MAXIMAL, 0, 0, st) == 3);
    CHECK(is_stage(&st[1], "most at rank 1", 1, 1, 0));
    CHECK(is_stage(&st[2], "most at rank 300", 1, 300, 0));
    CHECK(stages_plan(f.a, OBJECTIVE_GENEROUS, 0, 0, st) == 3);
    CHECK(is_stage(&st[1], "fewest at rank 301", 0, 301, 0));
    CHECK(is_stage(&st[2], "fewest at rank 300", 0, 300, 0));
    {
        int leaf_of[3];
        leaf_of[fixture_student(&f, "s1")] = fixture_leaf(&f, "B");
        leaf_of[fixture_student(&f, "s2")] = fixture_leaf(&f, "A");
        leaf_of[fixture_student(&f, "s3")] = fixture_leaf(&f, "C");
        CHECK(stages_value(&st[1], f.a, leaf_of, 3) == 1);  /* s3 at 301 */
        CHECK(stages_value(&st[2], f.a, leaf_of, 3) == 2);  /* s1, s2 at 300 */
        CHECK(stages_value(&st[0], f.a, leaf_of, 3) == 3);
    }
    fixture_release(&f);
}

int main(void)
{
    testkit_set_name("test_stages");
    test_rank_sum();
    test_per_rank();
    test_gapped();
    test_one_rank();
    test_questions_and_limit();
    test_coef_and_value();
    test_from_cycle();
    return harness_finish("stages");
}
