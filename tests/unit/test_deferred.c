/* test_deferred.c - deferred acceptance (solver/deferred.h) on its own:
 * the student-optimal stable assignment of small cycles derived by hand
 * (each derivation in a comment), each condition under which it refuses
 * (DEFERRED_NOT_APPLICABLE) next to the same cycle without it, a stable
 * result that misses a side rule (DEFERRED_UNMET), the tie-breaking mode,
 * and an oracle on random tiny cycles: no blocking pair, and no student
 * placed better in any stable assignment found by brute force
 * (tests/unit/oracle.h: SPEC §4 written again).
 *
 * Environment: UNIT_SEEDS (default 300) random cycles per sweep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "deferred.h"
#include "fixture.h"
#include "harness.h"
#include "oracle.h"
#include "testkit.h"

static char why[200];
static char shown[256];

static enum deferred_outcome run(const fixture *f, const rules *r, int break_ties, int *leaf_of)
{
    why[0] = '\0';
    for (int s = 0; s < f->c->nstudents; s++)
        leaf_of[s] = -2; /* to see what is written */
    return deferred_solve(f->c, f->a, r, break_ties, leaf_of, why, sizeof(why));
}

static const char *show(const fixture *f, const int *leaf_of)
{
    return fixture_show(f, leaf_of, shown, sizeof(shown));
}

/* Every stable assignment of f (brute force) places each student no
 * better than leaf_of; returns how many stable assignments there are. */
typedef struct optimality {
    const fixture *f;
    const int *da;
    long stable, better;
} optimality;

static int compare_stable(const int *leaf_of, void *ctx)
{
    optimality *o = ctx;
    const cycle *c = o->f->c;
    for (int s = 0; s < c->nstudents; s++)
        if (c->students[s].fix >= 0 && leaf_of[s] < 0)
            return 0; /* a fixed student is always placed */
    if (oracle_blocking(c, o->f->a, leaf_of) > 0)
        return 0;
    o->stable++;
    for (int s = 0; s < c->nstudents; s++)
        if (oracle_rank(o->f->a, leaf_of, s) < oracle_rank(o->f->a, o->da, s))
            o->better++;
    return 0;
}

static long student_optimal(const fixture *f, const int *leaf_of, long *stable)
{
    optimality o = {f, leaf_of, 0, 0};
    oracle_each(f->c, f->a, compare_stable, &o);
    *stable = o.stable;
    return o.better;
}

static long audit_count(const fixture *f, const int *leaf_of)
{
    audit_pair *bp = NULL;
    long n = audit_blocking_pairs(f->c, f->a, leaf_of, 0, &bp);
    free(bp);
    return n;
}

/* Two students, two one-seat places, opposite tastes on each side:
 *   s1: A > B    s2: B > A    A ranks s2 > s1    B ranks s1 > s2.
 * Both {s1=A, s2=B} and {s1=B, s2=A} are stable (in each, a student who
 * envies the other place is ranked below its holder there). Proposals:
 * s1 -> A (held), s2 -> B (held), nobody is rejected: the students' side
 * {s1=A, s2=B}. */
static void test_two_stable(void)
{
    fixture f;
    rules r;
    int leaf_of[2], other[2];
    long nstable;
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\n", "students.csv", "id\ns1\ns2\n",
                 "preferences.csv", "student,rank,choice\ns1,1,A\ns1,2,B\ns2,1,B\ns2,2,A\n",
                 "rankings.csv", "ranker,student,rank\nA,s2,1\nA,s1,2\nB,s1,1\nB,s2,2\n", NULL);
    rules_init(&r, 0);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=A s2=B");
    other[0] = fixture_leaf(&f, "B");
    other[1] = fixture_leaf(&f, "A");
    CHECK(oracle_blocking(f.c, f.a, other) == 0); /* the other stable one */
    CHECK(student_optimal(&f, leaf_of, &nstable) == 0 && nstable == 2);
    fixture_release(&f);
}

/* Nested capacities: program P (2 seats, ranking s3 > s1 > s2 > s4,
 * inherited by its labs L1 (2 seats) and L2 (1 seat)) and program Q (1
 * seat, ranking s4 > s2 > s1 > s3).
 *   s1: L1 > Q    s2: L2 > L1 > Q    s3: Q > L1    s4: L1 > Q
 * Proposals: s1 -> L1, s2 -> L2, s3 -> Q, all held (P holds s1, s2).
 * s4 -> L1: L1 holds 2 (fits), P holds 3 > 2: P rejects its lowest, s4.
 * s4 -> Q: Q prefers s4 to s3 and rejects s3. s3 -> L1: P holds s1, s2,
 * s3 and rejects s2 (its lowest). s2 -> L1: L1 holds s1, s3, s2 > 2 and
 * rejects s2 (the lowest node over capacity on the path decides). s2 -> Q:
 * Q keeps s4. s2 has no choice left.
 * Result {s1=L1, s2=-, s3=L1, s4=Q}; s2 is blocked from L2 by P, full
 * with s1 and s3, both above her there. */
static void test_nested(void)
{
    fixture f;
    rules r;
    int leaf_of[4];
    long nstable;
    fixture_load(&f, "programs.csv", "id,capacity\nP,2\nQ,1\n", "labs.csv",
                 "id,program,capacity\nL1,P,2\nL2,P,1\n", "students.csv",
                 "id\ns1\ns2\ns3\ns4\n", "preferences.csv",
                 "student,rank,choice\ns1,1,L1\ns1,2,Q\ns2,1,L2\ns2,2,L1\ns2,3,Q\n"
                 "s3,1,Q\ns3,2,L1\ns4,1,L1\ns4,2,Q\n",
                 "rankings.csv",
                 "ranker,student,rank\nP,s3,1\nP,s1,2\nP,s2,3\nP,s4,4\n"
                 "Q,s4,1\nQ,s2,2\nQ,s1,3\nQ,s3,4\n",
                 NULL);
    rules_init(&r, 0);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=L1 s2=- s3=L1 s4=Q");
    CHECK(audit_count(&f, leaf_of) == 0);
    CHECK(student_optimal(&f, leaf_of, &nstable) == 0 && nstable >= 1);
    fixture_release(&f);
}

/* A fix at a leaf holds its seat above everyone: s2 (score 1) is fixed at
 * A (1 seat); s1 (score 9) proposes A, is the lowest non-fixed holder and
 * is rejected at once, then holds B. {s1=B, s2=A}, no blocking pair (A is
 * full with a fixed student only). */
static void test_fixed_leaf(void)
{
    fixture f;
    rules r;
    int leaf_of[2];
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\n", "students.csv",
                 "id,score\ns1,9\ns2,1\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns1,2,B\ns2,1,B\n", "overrides.csv",
                 "student,node,action\ns2,A,fix\n", NULL);
    rules_init(&r, 0);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=B s2=A");
    fixture_release(&f);
}

/* Nobody has an admissible pair (s1 ranks nothing): nothing to propose,
 * the empty assignment is stable and solved. (No pair at all means the
 * pair array is empty: a case of its own for the proposal set-up.) */
static void test_no_pairs(void)
{
    fixture f;
    rules r;
    int leaf_of[1];
    rules_init(&r, 0);
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\n", "students.csv", "id\ns1\n",
                 "preferences.csv", "student,rank,choice\n", NULL);
    CHECK(f.a->npairs == 0);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=-");
    fixture_release(&f);
}

/* Each condition of deferred.h that makes it refuse, and the same cycle
 * one step away from it, where it applies. */
static void test_not_applicable(void)
{
    fixture f;
    rules r;
    int leaf_of[3];
    rules_init(&r, 0);

    /* equal scores at a capacitated place */
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\n", "students.csv",
                 "id,score\ns1,5\ns2,5\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns2,1,A\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
    CHECK(strstr(why, "ties in priority at 'A'") != NULL);
    /* ties broken by index: s1 (index 0) keeps the seat; s2 does not
       block, being only equal to s1 there */
    CHECK(run(&f, &r, 1, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=A s2=-");
    CHECK(oracle_blocking(f.c, f.a, leaf_of) == 0);
    fixture_release(&f);
    /* no score at all ties too */
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\n", "students.csv", "id\ns1\ns2\n",
                 "preferences.csv", "student,rank,choice\ns1,1,A\ns2,1,A\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
    CHECK(strstr(why, "ties in priority") != NULL);
    fixture_release(&f);
    /* the same tie where there is no capacity compares nobody */
    fixture_load(&f, "programs.csv", "id,capacity\nA,\n", "students.csv",
                 "id,score\ns1,5\ns2,5\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns2,1,A\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=A s2=A");
    fixture_release(&f);

    /* a student ranks two admissible leaves equally: choosing program P
       ranks both its labs at 1 */
    fixture_load(&f, "programs.csv", "id,capacity\nP,\n", "labs.csv",
                 "id,program,capacity,requires\nL1,P,1,\nL2,P,1,\n", "students.csv",
                 "id,score\ns1,5\n", "preferences.csv", "student,rank,choice\ns1,1,P\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
    CHECK(strstr(why, "ranks two admissible leaves equally") != NULL);
    /* ties in her ranks broken by leaf index: L1 */
    CHECK(run(&f, &r, 1, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=L1");
    fixture_release(&f);
    /* two choices at one rank, one of them not admissible: no tie */
    fixture_load(&f, "programs.csv", "id,capacity\nP,\n", "labs.csv",
                 "id,program,capacity,requires\nL1,P,1,\nL2,P,1,visa\n", "students.csv",
                 "id,score\ns1,5\n", "preferences.csv",
                 "student,rank,choice\ns1,1,L1\ns1,1,L2\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=L1");
    fixture_release(&f);

    /* program P (by score) and its lab L (its own ranking), both
       capacitated: two orders on one path */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "labs.csv",
                 "id,program,capacity\nL,P,1\n", "students.csv", "id,score\ns1,5\ns2,4\n",
                 "preferences.csv", "student,rank,choice\ns1,1,L\ns2,1,L\n", "rankings.csv",
                 "ranker,student,rank\nL,s2,1\nL,s1,2\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
    CHECK(strstr(why, "order students differently") != NULL);
    fixture_release(&f);
    /* without P's capacity only L orders: L takes s2 (its first) */
    fixture_load(&f, "programs.csv", "id,capacity\nP,\n", "labs.csv",
                 "id,program,capacity\nL,P,1\n", "students.csv", "id,score\ns1,5\ns2,4\n",
                 "preferences.csv", "student,rank,choice\ns1,1,L\ns2,1,L\n", "rankings.csv",
                 "ranker,student,rank\nL,s2,1\nL,s1,2\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=- s2=L");
    fixture_release(&f);

    /* a fix naming a lab with supervisors */
    fixture_load(&f, "programs.csv", "id,capacity\nP,\n", "labs.csv", "id,program\nL,P\n",
                 "supervisors.csv", "id,lab,capacity\nS1,L,1\nS2,L,1\n", "students.csv",
                 "id,score\ns1,5\ns2,4\n", "preferences.csv",
                 "student,rank,choice\ns1,1,S1\ns2,1,S1\n", "overrides.csv",
                 "student,node,action\ns2,L,fix\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
    CHECK(strstr(why, "a fix names a lab or program") != NULL);
    /* with ties broken the fixed student proposes within L, above
       everyone: s2 takes S1 (her rank 1), s1 is rejected there */
    CHECK(run(&f, &r, 1, leaf_of) == DEFERRED_SOLVED);
    CHECK_STR(show(&f, leaf_of), "s1=- s2=S1");
    fixture_release(&f);

    /* a fixed student who may stay unplaced (rules relaxed, or her rule
       dropped) is not what deferred acceptance decides */
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\n", "students.csv",
                 "id,score\ns1,9\ns2,1\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns1,2,B\n", "overrides.csv",
                 "student,node,action\ns2,A,fix\n", NULL);
    {
        rules relaxed = r, dropped = r;
        unsigned char drop_must[2] = {0, 0};
        relaxed.relax = 1;
        drop_must[fixture_student(&f, "s2")] = 1;
        dropped.drop_must = drop_must;
        CHECK(run(&f, &relaxed, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
        CHECK(strstr(why, "may stay unplaced") != NULL);
        CHECK(run(&f, &dropped, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
        CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
        CHECK_STR(show(&f, leaf_of), "s1=B s2=A");
    }
    fixture_release(&f);

    /* fixed students alone over a capacity */
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\n", "students.csv",
                 "id,score\ns1,9\ns2,1\n", "preferences.csv", "student,rank,choice\n",
                 "overrides.csv", "student,node,action\ns1,A,fix\ns2,A,fix\n", NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_NOT_APPLICABLE);
    CHECK(strstr(why, "fixed students alone exceed the capacity of 'A'") != NULL);
    fixture_release(&f);
}

/* Stable, but a side rule missed. s1 (alone) ranks A > B, both one seat,
 * B has min 1: she proposes A and is held there, so B stays empty. The
 * stable assignment is still returned. */
static void test_unmet(void)
{
    fixture f;
    rules r, no_min;
    int leaf_of[2];
    unsigned char drop_min[2] = {0, 0};
    rules_init(&r, 0);
    fixture_load(&f, "programs.csv", "id,capacity,min\nA,1,\nB,1,1\n", "students.csv",
                 "id,score\ns1,9\n", "preferences.csv", "student,rank,choice\ns1,1,A\ns1,2,B\n",
                 NULL);
    /* capacities at the leaves, strict: the rural hospitals theorem says
       no stable assignment fills B */
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_IMPOSSIBLE);
    CHECK(strstr(why, "minimum of 'B'") != NULL && strstr(why, "rural hospitals theorem"));
    CHECK_STR(show(&f, leaf_of), "s1=A");
    no_min = r;
    drop_min[fixture_node(&f, "B")] = 1;
    no_min.drop_min = drop_min;
    CHECK(run(&f, &no_min, 0, leaf_of) == DEFERRED_SOLVED);
    fixture_release(&f);

    /* --require-all: s1 (score 9) and s2 both want only A (1 seat): s2 is
       rejected and left unplaced */
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\n", "students.csv",
                 "id,score\ns1,9\ns2,1\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns2,1,A\n", NULL);
    rules_init(&r, 1);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_IMPOSSIBLE);
    CHECK(strstr(why, "must be placed") != NULL);
    CHECK_STR(show(&f, leaf_of), "s1=A s2=-");
    rules_init(&r, 0);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED);
    fixture_release(&f);

    /* a quota: at most 0 students from home 'x' in A; s1 (home x) takes A */
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\n", "students.csv",
                 "id,home,score\ns1,x,9\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns1,2,B\n", "quotas.csv",
                 "scope,field,value,min,max\nA,home,x,,0\n", NULL);
    /* a quota within A is not settled by the theorem (who sits at A may
       differ between stable assignments) */
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_UNMET);
    CHECK(strstr(why, "quota") != NULL);
    CHECK_STR(show(&f, leaf_of), "s1=A");
    fixture_release(&f);

    /* the first case with a capacity above the leaves: program P (1 seat)
       over labs A and B: the theorem is not used */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "labs.csv",
                 "id,program,capacity,min\nA,P,1,\nB,P,1,1\n", "students.csv",
                 "id,score\ns1,9\n", "preferences.csv", "student,rank,choice\ns1,1,A\ns1,2,B\n",
                 NULL);
    CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_UNMET);
    CHECK(strstr(why, "minimum of 'B'") != NULL && !strstr(why, "rural"));
    fixture_release(&f);
}

/* Whether fixed students alone fill some place over its capacity. */
static int fixed_overfull(const cycle *c)
{
    for (int v = 0; v < c->nnodes; v++) {
        int n = 0;
        for (int s = 0; s < c->nstudents; s++)
            n += c->students[s].fix >= v && c->students[s].fix < c->nodes[v].end;
        if (c->nodes[v].capacity >= 0 && n > c->nodes[v].capacity)
            return 1;
    }
    return 0;
}

/* Random strict cycles: deferred acceptance applies (unless fixed students
 * alone overfill a place), its result is stable, meets the side rules
 * exactly when it says so, and no stable assignment places anyone better. */
static void test_random_strict(int seeds)
{
    long solved = 0, unmet = 0, impossible = 0, refused = 0, several = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny_ex((uint64_t)seed, 1);
        fixture f;
        rules r, all;
        int *leaf_of, *again;
        enum deferred_outcome o;
        long nstable = 0;
        fixture_load_gen(&f, g);
        leaf_of = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        again = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        rules_init(&r, 0);
        rules_init(&all, 1);
        o = run(&f, &r, 0, leaf_of);
        if (o == DEFERRED_NOT_APPLICABLE) {
            refused++;
            if (!CHECK(fixed_overfull(f.c)))
                printf("  seed %d: refused a strict cycle: %s\n", seed, why);
        } else if (CHECK(o == DEFERRED_SOLVED || o == DEFERRED_UNMET ||
                         o == DEFERRED_IMPOSSIBLE)) {
            long better, key[ORACLE_KEYMAX];
            o == DEFERRED_SOLVED ? solved++ : o == DEFERRED_UNMET ? unmet++ : impossible++;
            /* the rural hospitals theorem's verdict, by brute force */
            if (o == DEFERRED_IMPOSSIBLE &&
                !CHECK(!oracle_optimum(f.c, f.a, &r, OBJECTIVE_RANK_SUM, 1, 1, key, NULL)))
                printf("  seed %d: a stable assignment meets the rules, yet: %s\n", seed, why);
            CHECK(oracle_capacities(f.c, f.a, leaf_of));
            CHECK(oracle_blocking(f.c, f.a, leaf_of) == 0);
            CHECK(audit_count(&f, leaf_of) == 0);
            CHECK((o == DEFERRED_SOLVED) == oracle_side_rules(f.c, &r, leaf_of, 1));
            better = student_optimal(&f, leaf_of, &nstable);
            if (!CHECK(better == 0 && nstable >= 1))
                printf("  seed %d: %ld students placed better in %ld stable assignments "
                       "than in %s\n",
                       seed, better, nstable, show(&f, leaf_of));
            several += nstable > 1;
            /* the rules do not change the assignment, only the outcome */
            o = run(&f, &all, 0, again);
            CHECK(o == DEFERRED_SOLVED || o == DEFERRED_UNMET || o == DEFERRED_IMPOSSIBLE);
            CHECK(memcmp(leaf_of, again, sizeof(int) * (size_t)f.c->nstudents) == 0);
        } else {
            printf("  seed %d: outcome %d: %s\n", seed, (int)o, why);
        }
        free(leaf_of);
        free(again);
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("strict cycles: %ld solved, %ld unmet, %ld impossible by the rural hospitals "
           "theorem (confirmed by brute force), %ld refused (fixed students over a capacity), "
           "%ld with several stable assignments\n",
           solved, unmet, impossible, refused, several);
    CHECK(seeds < 50 || (solved > 0 && unmet > 0 && impossible > 0 && several > 0));
}

/* A random cycle in the hospitals/residents and student-project shapes,
 * where several stable assignments are common: two or three programs,
 * each a leaf or one or two labs under an optional program capacity, most
 * leaves with one seat; most programs rank every student (strictly,
 * inherited by their labs; at random, or against the students' wishes),
 * the others go by the students' distinct scores; four or five students each rank three or four leaves (fewer
 * when there are fewer) strictly. No minimums, quotas or overrides. */
static gencycle *hr_cycle(uint64_t seed)
{
    gencycle *g = testkit_xcalloc(1, sizeof(*g));
    gencycle_rng r;
    int leaves[8], nleaves = 0, nprog, order[5], ranked[3], progs[3];
    gencycle_rng_init(&r, seed * 7919 + 3);
    g->nodes = testkit_xcalloc(12, sizeof(gencycle_node));
    g->students = testkit_xcalloc(5, sizeof(gencycle_student));
    g->prefs = testkit_xcalloc(5 * 4, sizeof(gencycle_pref));
    g->ranks = testkit_xcalloc(3 * 5, sizeof(gencycle_rank));
    g->nstudents = gencycle_rng_range(&r, 4, 5);
    for (int s = 0; s < g->nstudents; s++) {
        gencycle_student *st = &g->students[s];
        snprintf(st->id, sizeof(st->id), "s%d", s + 1);
        st->home = st->year = st->gpa = -1;
        order[s] = s;
    }
    for (int i = g->nstudents - 1; i > 0; i--) {
        int j = gencycle_rng_below(&r, i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int s = 0; s < g->nstudents; s++)
        g->students[s].score = 10 * (order[s] + 1);
    nprog = gencycle_rng_range(&r, 2, 3);
    for (int p = 0; p < nprog; p++) {
        int v = g->nnodes++, nlabs = gencycle_rng_chance(&r, 50) ? gencycle_rng_range(&r, 1, 2) : 0;
        gencycle_node *n = &g->nodes[v];
        snprintf(n->id, sizeof(n->id), "p%d", p + 1);
        n->level = GENCYCLE_PROGRAM;
        n->parent = -1;
        n->min_year = n->min_gpa = -1;
        n->capacity = nlabs == 0 ? (gencycle_rng_chance(&r, 75) ? 1 : 2)
                      : gencycle_rng_chance(&r, 50) ? gencycle_rng_range(&r, 1, 2) : -1;
        progs[p] = v;
        if (nlabs == 0)
            leaves[nleaves++] = v;
        for (int l = 0; l < nlabs; l++) {
            int u = g->nnodes++;
            gencycle_node *m = &g->nodes[u];
            snprintf(m->id, sizeof(m->id), "l%d", u + 1);
            m->level = GENCYCLE_LAB;
            m->parent = v;
            m->min_year = m->min_gpa = -1;
            m->capacity = gencycle_rng_chance(&r, 75) ? 1 : 2;
            g->nodes[v].nchildren++;
            leaves[nleaves++] = u;
        }
        ranked[p] = gencycle_rng_chance(&r, 85);
    }
    for (int s = 0; s < g->nstudents; s++) {
        int k = gencycle_rng_range(&r, nleaves < 3 ? nleaves : 3, nleaves < 4 ? nleaves : 4), picked[8];
        for (int i = 0; i < nleaves; i++)
            picked[i] = leaves[i];
        for (int i = 0; i < k; i++) {
            int j = i + gencycle_rng_below(&r, nleaves - i), t = picked[i];
            picked[i] = picked[j];
            picked[j] = t;
            g->prefs[g->nprefs++] = (gencycle_pref){s, picked[i], i + 1};
        }
    }
    /* a program ranks at random, or against the students' wishes (those
       who rank it worst first), which makes stable assignments differ */
    for (int p = 0; p < nprog; p++) {
        int key[5], against = gencycle_rng_chance(&r, 50);
        if (!ranked[p])
            continue;
        for (int s = 0; s < g->nstudents; s++) {
            key[s] = 100 * gencycle_rng_below(&r, 2) + gencycle_rng_below(&r, 100);
            for (int i = 0; i < g->nprefs && against; i++)
                if (g->prefs[i].student == s && gencycle_within(g, progs[p], g->prefs[i].node))
                    key[s] = 1000 * g->prefs[i].rank + gencycle_rng_below(&r, 100);
            order[s] = s;
        }
        for (int i = 1; i < g->nstudents; i++) /* by key, highest first */
            for (int j = i; j > 0 && key[order[j]] > key[order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        for (int i = 0; i < g->nstudents; i++)
            g->ranks[g->nranks++] = (gencycle_rank){progs[p], order[i], i + 1};
    }
    return g;
}

/* Random cycles of hr_cycle: always applicable and solved; the
 * student-optimality oracle where several stable assignments exist. */
static void test_random_hr(int seeds)
{
    long several = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = hr_cycle((uint64_t)seed);
        fixture f;
        rules r;
        int leaf_of[5];
        long nstable = 0, better;
        fixture_load_gen(&f, g);
        rules_init(&r, 0);
        if (!CHECK(run(&f, &r, 0, leaf_of) == DEFERRED_SOLVED)) {
            printf("  hr seed %d: %s\n", seed, why);
        } else {
            CHECK(oracle_blocking(f.c, f.a, leaf_of) == 0);
            better = student_optimal(&f, leaf_of, &nstable);
            if (!CHECK(better == 0 && nstable >= 1))
                printf("  hr seed %d: %ld students placed better in %ld stable assignments "
                       "than in %s\n",
                       seed, better, nstable, show(&f, leaf_of));
            several += nstable > 1;
        }
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("hospitals/residents cycles: %d, %ld with several stable assignments\n", seeds,
           several);
    CHECK(seeds < 50 || several > seeds / 10);
}

/* Random cycles with ties, rankings at any node and fixes at any node:
 * with ties broken, whatever deferred acceptance returns as solved or
 * unmet has no blocking pair by SPEC §4. */
static void test_random_ties(int seeds)
{
    long stable = 0, refused = 0, uncertified = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny((uint64_t)seed);
        fixture f;
        rules r;
        int *leaf_of;
        enum deferred_outcome o;
        fixture_load_gen(&f, g);
        leaf_of = testkit_xcalloc((size_t)f.c->nstudents + 1, sizeof(int));
        rules_init(&r, 0);
        o = run(&f, &r, 1, leaf_of);
        if (o == DEFERRED_SOLVED || o == DEFERRED_UNMET) {
            stable++;
            CHECK(oracle_capacities(f.c, f.a, leaf_of));
            if (!CHECK(oracle_blocking(f.c, f.a, leaf_of) == 0))
                printf("  seed %d: blocking pairs in %s\n", seed, show(&f, leaf_of));
        } else if (o == DEFERRED_UNCERTIFIED) {
            uncertified++;
        } else {
            refused++;
        }
        free(leaf_of);
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("cycles with ties, ties broken: %ld stable, %ld refused, %ld uncertified\n", stable,
           refused, uncertified);
}

int main(void)
{
    int seeds;
    testkit_set_name("test_deferred");
    seeds = (int)testkit_env_count("UNIT_SEEDS", 300);
    test_two_stable();
    test_nested();
    test_fixed_leaf();
    test_no_pairs();
    test_not_applicable();
    test_unmet();
    test_random_strict(seeds);
    test_random_hr(seeds);
    test_random_ties(seeds);
    return harness_finish("deferred");
}
