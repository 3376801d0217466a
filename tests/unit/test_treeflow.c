/* test_treeflow.c - the min-cost flow over the tree (solver/treeflow.h):
 * the three objectives on a cycle where they disagree (derived by hand),
 * minimums and fixes as lower bounds, quotas ignored, minimums that only
 * fewer than the most placements meet, TREEFLOW_UNMET when no assignment
 * meets a minimum or a must-place student, and on random tiny cycles
 * (also planted ones whose minimums the most placements miss) every
 * objective with and without
 * --require-all against brute force (tests/unit/oracle.h): solved exactly
 * when some assignment meets the minimums and must-place rules, and then
 * with the optimal value at every stage. On larger
 * random cycles the two ways to merit among the optimal assignments
 * (exchanges, and a cost component) agree on the scores placed.
 *
 * Environment: UNIT_SEEDS (default 300) random cycles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "oracle.h"
#include "stages.h"
#include "testkit.h"
#include "treeflow.h"

static char why[200];
static char shown[256];
static stage_def st[STAGES_MAX];
static int nst;

/* Plans the stages of objective o and runs the flow under r with merit m. */
static enum treeflow_outcome run_merit(const fixture *f, const rules *r, enum objective o,
                                       enum treeflow_merit m, int *leaf_of)
{
    long phases = 0, exchanges = 0;
    why[0] = '\0';
    nst = stages_plan(f->a, o, 0, 0, st);
    if (nst < 0)
        return TREEFLOW_UNCERTIFIED;
    return treeflow_solve(f->c, f->a, r, st, nst, m, 0, leaf_of, &phases, &exchanges, why,
                          sizeof(why));
}

/* The same with the engine's merit, the exchanges. */
static enum treeflow_outcome run(const fixture *f, const rules *r, enum objective o, int *leaf_of)
{
    return run_merit(f, r, o, TREEFLOW_MERIT_EXCHANGE, leaf_of);
}

static const char *show(const fixture *f, const int *leaf_of)
{
    return fixture_show(f, leaf_of, shown, sizeof(shown));
}

/* Checks that leaf_of's key under objective o is best (the brute force's
 * optimum). */
static void check_optimal(const fixture *f, enum objective o, const int *leaf_of,
                          const long *best, int seed, int all)
{
    long got[ORACLE_KEYMAX];
    int n = oracle_key(f->c, f->a, o, leaf_of, got);
    if (!CHECK(oracle_key_cmp(got, best, n) == 0))
        printf("  seed %d %s%s: %s is not optimal\n", seed, objective_name(o),
               all ? " require-all" : "", show(f, leaf_of));
}

/* "v0 v1 ...": the stage values of leaf_of under the last plan. */
static const char *values(const fixture *f, const int *leaf_of)
{
    static char buf[256];
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < nst && used < sizeof(buf); i++)
        used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%ld", i ? " " : "",
                                 stages_value(&st[i], f->a, leaf_of, f->c->nstudents));
    return buf;
}

/* Three one-seat leaves; the only assignments placing all three are
 *   X = {s1=A (1), s2=B (1), s3=C (5)}  and  Y = {s1=B (2), s2=C (2), s3=A (2)}
 * (s1 takes A or B, s2 B or C, s3 A or C). Rank-sum: X 7, Y 6 -> Y.
 * Rank-maximal: X has two at rank 1, Y none -> X. Generous (R = 5): X has
 * one at rank 5, Y none -> Y. Stages: rank-sum "placements, rank-sum";
 * rank-maximal "placements, most at 1, most at 2" (ranks 1, 2, 5 in use);
 * generous "placements, fewest at 5, fewest at 2". */
static void test_objectives(void)
{
    fixture f;
    rules r;
    int leaf_of[3];
    rules_init(&r, 0);
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\nC,1\n", "students.csv",
                 "id\ns1\ns2\ns3\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns1,2,B\ns2,1,B\ns2,2,C\ns3,2,A\ns3,5,C\n", NULL);
    CHECK(run(&f, &r, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=B s2=C s3=A");
    CHECK_STR(values(&f, leaf_of), "3 6");
    CHECK(run(&f, &r, OBJECTIVE_RANK_MAXIMAL, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=A s2=B s3=C");
    CHECK_STR(values(&f, leaf_of), "3 2 0");
    CHECK(run(&f, &r, OBJECTIVE_GENEROUS, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=B s2=C s3=A");
    CHECK_STR(values(&f, leaf_of), "3 0 3");
    fixture_release(&f);
}

/* Lower bounds. B (1 seat) has min 1 and s1 alone ranks A > B: the
 * minimum sends her to B (rank-sum 2). Without B's minimum: A. A fixed
 * student holds her seat: s2 fixed at A sends s1 to B. A quota is not the
 * flow's business: at most 0 from home 'x' in A changes nothing. */
static void test_lower_bounds(void)
{
    fixture f;
    rules r, no_min;
    int leaf_of[2];
    unsigned char drop_min[2] = {0, 0};
    rules_init(&r, 0);
    fixture_load(&f, "programs.csv", "id,capacity,min\nA,1,\nB,1,1\n", "students.csv",
                 "id,home\ns1,x\n", "preferences.csv", "student,rank,choice\ns1,1,A\ns1,2,B\n",
                 "quotas.csv", "scope,field,value,min,max\nA,home,x,,0\n", NULL);
    CHECK(run(&f, &r, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=B");
    CHECK_STR(values(&f, leaf_of), "1 2");
    no_min = r;
    drop_min[fixture_node(&f, "B")] = 1;
    no_min.drop_min = drop_min;
    CHECK(run(&f, &no_min, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=A"); /* the quota at A is ignored */
    fixture_release(&f);

    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\n", "students.csv", "id\ns1\ns2\n",
                 "preferences.csv", "student,rank,choice\ns1,1,A\ns1,2,B\n", "overrides.csv",
                 "student,node,action\ns2,A,fix\n", NULL);
    CHECK(run(&f, &r, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=B s2=A");
    fixture_release(&f);
}

/* Minimums the most placements miss, and TREEFLOW_UNMET. (1) Program P
 * (2 seats) has labs M (min 2) and N; s1 and s2 rank M > X, s3 ranks
 * only N. Placing all three needs s3 at N, leaving one seat of P for M:
 * every maximum assignment misses M's minimum, and {s1=M, s2=M, s3=-}
 * meets it with two placements (rank sum 2), which the run with the
 * lower bounds first finds. Dropping M's minimum: three placed. (2) A
 * minimum nobody can reach: no assignment meets it. (3) With
 * --require-all, a student without an admissible leaf. */
static void test_unmet(void)
{
    fixture f;
    rules r, no_min, all;
    int leaf_of[3];
    unsigned char drop_min[8] = {0};
    long key[ORACLE_KEYMAX];
    rules_init(&r, 0);
    fixture_load(&f, "programs.csv", "id,capacity\nP,2\nX,\n", "labs.csv",
                 "id,program,capacity,min\nM,P,,2\nN,P,,\n", "students.csv", "id\ns1\ns2\ns3\n",
                 "preferences.csv",
                 "student,rank,choice\ns1,1,M\ns1,2,X\ns2,1,M\ns2,2,X\ns3,1,N\n", NULL);
    CHECK(run(&f, &r, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=M s2=M s3=-");
    CHECK_STR(values(&f, leaf_of), "2 2");
    /* the brute force agrees: two placed */
    CHECK(oracle_optimum(f.c, f.a, &r, OBJECTIVE_RANK_SUM, 0, 1, key, NULL) && key[0] == 2);
    no_min = r;
    drop_min[fixture_node(&f, "M")] = 1;
    no_min.drop_min = drop_min;
    CHECK(run(&f, &no_min, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(values(&f, leaf_of), "3 4"); /* M, X, N: 1 + 2 + 1 */
    fixture_release(&f);

    fixture_load(&f, "programs.csv", "id,capacity,min\nA,1,\nB,1,1\n", "students.csv",
                 "id\ns1\n", "preferences.csv", "student,rank,choice\ns1,1,A\n", NULL);
    CHECK(run(&f, &r, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_UNMET);
    CHECK(strstr(why, "no assignment meets") != NULL);
    fixture_release(&f);

    fixture_load(&f, "programs.csv", "id,capacity,min_year\nA,1,3\n", "students.csv",
                 "id,year\ns1,3\ns2,1\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns2,1,A\n", NULL);
    rules_init(&all, 1);
    CHECK(run(&f, &all, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_UNMET);
    CHECK(strstr(why, "no admissible leaf") != NULL);
    CHECK(run(&f, &r, OBJECTIVE_RANK_SUM, leaf_of) == TREEFLOW_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=A s2=-");
    fixture_release(&f);
}

/* Random tiny cycles: every objective, with and without --require-all. */
static void test_random(int seeds)
{
    long solved = 0, unmet = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny((uint64_t)seed);
        fixture f;
        rules relaxed;
        long most[ORACLE_KEYMAX];
        int *leaf_of;
        fixture_load_gen(&f, g);
        leaf_of = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        rules_init(&relaxed, 0);
        relaxed.relax = 1;
        /* the most placements under the capacities alone */
        oracle_optimum(f.c, f.a, &relaxed, OBJECTIVE_RANK_SUM, 0, 0, most, NULL);
        for (int all = 0; all <= 1; all++) {
            for (int o = 0; o < OBJECTIVE_COUNT; o++) {
                rules r;
                long best[ORACLE_KEYMAX];
                int found;
                enum treeflow_outcome out;
                rules_init(&r, all);
                found = oracle_optimum(f.c, f.a, &r, (enum objective)o, 0, 0, best, NULL);
                out = run(&f, &r, (enum objective)o, leaf_of);
                if (!CHECK(out != TREEFLOW_UNCERTIFIED)) {
                    printf("  seed %d: %s\n", seed, why);
                    continue;
                }
                if (!CHECK((out == TREEFLOW_SOLVED) == found)) {
                    printf("  seed %d %s%s: outcome %d (%s), brute force %s %ld of %ld\n", seed,
                           objective_name((enum objective)o), all ? " require-all" : "",
                           (int)out, why, found ? "places" : "infeasible", found ? best[0] : 0,
                           most[0]);
                    continue;
                }
                if (out != TREEFLOW_SOLVED) {
                    unmet++;
                    continue;
                }
                solved++;
                CHECK(oracle_capacities(f.c, f.a, leaf_of));
                CHECK(oracle_side_rules(f.c, &r, leaf_of, 0));
                check_optimal(&f, (enum objective)o, leaf_of, best, seed, all);
            }
        }
        free(leaf_of);
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("random cycles x objectives x require-all: %ld solved, %ld with no assignment\n",
           solved, unmet);
    CHECK(seeds < 50 || (solved > 0 && unmet > 0));
}

/* The placed students' places by score, best first, into key; returns
 * their number. */
static int placed_keys(const fixture *f, const int *leaf_of, long *key)
{
    int n = 0;
    for (int s = 0; s < f->c->nstudents; s++)
        if (leaf_of[s] >= 0) {
            int j = n++;
            while (j > 0 && key[j - 1] > f->a->score_key[s]) {
                key[j] = key[j - 1];
                j--;
            }
            key[j] = f->a->score_key[s];
        }
    return n;
}

/* Larger cycles (no brute force): the exchanges of mcf_prefer_sources and
 * the merit cost component, two exact ways to the greedy set by score,
 * place the same scores with the same stage values; both certified. */
static void test_merit_ways(int seeds)
{
    long compared = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        int students = 20 + (seed * 37) % 180;
        gencycle *g = gencycle_large_ex((uint64_t)seed, students, 1 + seed % 5, 0, seed % 2);
        fixture f;
        int *x, *y, nx, ny;
        long *kx, *ky;
        fixture_load_gen(&f, g);
        x = testkit_xcalloc((size_t)students + 1, sizeof(int));
        y = testkit_xcalloc((size_t)students + 1, sizeof(int));
        kx = testkit_xcalloc((size_t)students + 1, sizeof(long));
        ky = testkit_xcalloc((size_t)students + 1, sizeof(long));
        for (int o = 0; o < OBJECTIVE_COUNT; o++) {
            rules r;
            char vx[256];
            int same = 1;
            rules_init(&r, 0);
            if (run_merit(&f, &r, (enum objective)o, TREEFLOW_MERIT_EXCHANGE, x) !=
                TREEFLOW_SOLVED)
                continue;
            snprintf(vx, sizeof(vx), "%s", values(&f, x));
            if (!CHECK(run_merit(&f, &r, (enum objective)o, TREEFLOW_MERIT_COST, y) ==
                       TREEFLOW_SOLVED))
                continue;
            compared++;
            CHECK_STR(values(&f, y), vx);
            nx = placed_keys(&f, x, kx);
            ny = placed_keys(&f, y, ky);
            for (int i = 0; i < nx && i < ny; i++)
                same &= kx[i] == ky[i];
            if (!CHECK(nx == ny && same))
                printf("  %d students seed %d %s: the exchanges place other scores than the "
                       "cost component\n",
                       students, seed, objective_name((enum objective)o));
        }
        free(x);
        free(y);
        free(kx);
        free(ky);
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("merit: exchanges and cost component compared on %ld answers\n", compared);
    CHECK(seeds < 10 || compared > 0);
}

/* Whole-cycle quotas over home or year go into the network: on random
 * tiny cycles whose quotas are replaced by one to three such rows (a
 * value or '*', a max, sometimes a min), the flow with its quota groups
 * solves exactly when brute force finds an assignment with the most
 * placements that meets every rule, and then with the optimal value at
 * every stage. */
static void test_quota_groups(int seeds)
{
    long solved = 0, unmet = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny((uint64_t)seed);
        fixture f;
        int *leaf_of;
        gencycle_whole_quotas(g, (uint64_t)seed);
        fixture_load_gen(&f, g);
        leaf_of = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        for (int all = 0; all <= 1; all++) {
            for (int o = 0; o < OBJECTIVE_COUNT; o++) {
                rules r, relaxed;
                long best[ORACLE_KEYMAX], most[ORACLE_KEYMAX], phases = 0, exchanges = 0;
                int found;
                enum treeflow_outcome out;
                rules_init(&r, all);
                rules_init(&relaxed, 0);
                relaxed.relax = 1;
                if (f.c->nquotas == 0) /* a '*' row over values nobody has */
                    continue;
                if (!CHECK(treeflow_quotas_in_network(f.c, &r)))
                    continue;
                found = oracle_optimum(f.c, f.a, &r, (enum objective)o, 0, 1, best, NULL);
                oracle_optimum(f.c, f.a, &relaxed, OBJECTIVE_RANK_SUM, 0, 0, most, NULL);
                nst = stages_plan(f.a, (enum objective)o, 0, 0, st);
                out = treeflow_solve(f.c, f.a, &r, st, nst, TREEFLOW_MERIT_EXCHANGE, 1, leaf_of,
                                     &phases, &exchanges, why, sizeof(why));
                if (!CHECK(out != TREEFLOW_UNCERTIFIED))
                    continue;
                if (!CHECK((out == TREEFLOW_SOLVED) == found))
                    printf("  seed %d %s%s: outcome %d (%s), brute force %s\n", seed,
                           objective_name((enum objective)o), all ? " require-all" : "",
                           (int)out, why, found ? "feasible" : "infeasible");
                if (out != TREEFLOW_SOLVED) {
                    unmet++;
                    continue;
                }
                solved++;
                CHECK(oracle_capacities(f.c, f.a, leaf_of));
                if (!CHECK(oracle_side_rules(f.c, &r, leaf_of, 1)))
                    printf("  seed %d: %s breaks a rule\n", seed, show(&f, leaf_of));
                if (found)
                    check_optimal(&f, (enum objective)o, leaf_of, best, seed, all);
            }
        }
        free(leaf_of);
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("whole-cycle quotas in the network: %ld solved, %ld unmet\n", solved, unmet);
    CHECK(seeds < 50 || (solved > 0 && unmet > 0));
}

/* Minimums that the most placements miss: on planted tiny cycles
 * (gencycle_planted_mins; whole-cycle quotas as arcs for odd seeds), the
 * flow solves exactly when brute force finds an assignment meeting every
 * rule, also with fewer than the most placements (the run with the lower
 * bounds first), and then with the optimal value at every stage;
 * otherwise it says no assignment meets them. */
static void test_bounds_first(int seeds)
{
    long solved = 0, unmet = 0, fewer = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_planted_mins((uint64_t)seed, 1);
        int quotas = seed % 2;
        fixture f;
        int *leaf_of;
        if (quotas)
            gencycle_whole_quotas(g, (uint64_t)seed);
        for (int q = 0; q < g->nquotas; q++) /* group minimums beside M's */
            if (g->quotas[q].min > 0 || seed % 3 == 0) {
                g->quotas[q].min = 1 + seed % 3;
                if (g->quotas[q].max >= 0 && g->quotas[q].max < g->quotas[q].min)
                    g->quotas[q].max = g->quotas[q].min;
            }
        fixture_load_gen(&f, g);
        leaf_of = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        for (int all = 0; all <= 1; all++) {
            for (int o = 0; o < OBJECTIVE_COUNT; o++) {
                rules r;
                long best[ORACLE_KEYMAX], phases = 0, exchanges = 0;
                int found, in_network;
                enum treeflow_outcome out;
                rules_init(&r, all);
                in_network = quotas && treeflow_quotas_in_network(f.c, &r);
                found = oracle_optimum(f.c, f.a, &r, (enum objective)o, 0, in_network, best, NULL);
                nst = stages_plan(f.a, (enum objective)o, 0, 0, st);
                out = treeflow_solve(f.c, f.a, &r, st, nst, TREEFLOW_MERIT_EXCHANGE, in_network,
                                     leaf_of, &phases, &exchanges, why, sizeof(why));
                if (!CHECK(out != TREEFLOW_UNCERTIFIED)) {
                    printf("  seed %d: %s\n", seed, why);
                    continue;
                }
                if (!CHECK((out == TREEFLOW_SOLVED) == found)) {
                    printf("  seed %d %s%s: outcome %d (%s), brute force %s\n", seed,
                           objective_name((enum objective)o), all ? " require-all" : "",
                           (int)out, why, found ? "feasible" : "infeasible");
                    continue;
                }
                if (out != TREEFLOW_SOLVED) {
                    unmet++;
                    CHECK(strstr(why, "no assignment meets") != NULL ||
                          strstr(why, "no admissible leaf") != NULL);
                    continue;
                }
                solved++;
                fewer += strstr(why, "minimums before the placements") != NULL;
                CHECK(oracle_capacities(f.c, f.a, leaf_of));
                if (!CHECK(oracle_side_rules(f.c, &r, leaf_of, in_network)))
                    printf("  seed %d: %s breaks a rule\n", seed, show(&f, leaf_of));
                check_optimal(&f, (enum objective)o, leaf_of, best, seed, all);
            }
        }
        free(leaf_of);
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("planted minimums: %ld solved (%ld with the minimums before the placements), %ld "
           "with no assignment\n",
           solved, fewer, unmet);
    CHECK(seeds < 50 || (fewer > 0 && unmet > 0));
}

int main(void)
{
    int seeds;
    testkit_set_name("test_treeflow");
    seeds = (int)testkit_env_count("UNIT_SEEDS", 300);
    test_objectives();
    test_lower_bounds();
    test_unmet();
    test_random(seeds);
    test_merit_ways(seeds / 5);
    test_quota_groups(seeds);
    test_bounds_first(seeds);
    return harness_finish("treeflow");
}
