/* test_audit.c - judging an assignment (solver/audit.h): the breaches of
 * capacities and side rules in their documented order, what each
 * relaxation of rules.h leaves out, audit_holds' first breach,
 * audit_misplaced, and on random tiny cycles, for every assignment that
 * respects the capacities, the blocking pairs and the side rules against
 * the brute-force oracle's own reading of SPEC §3-§4 (tests/unit/oracle.h).
 *
 * Environment: UNIT_SEEDS (default 300; this sweep takes a third of it)
 * random cycles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fixture.h"
#include "harness.h"
#include "oracle.h"
#include "testkit.h"

static int quota_index(const cycle *c, const char *value)
{
    for (int q = 0; q < c->nquotas; q++)
        if (strcmp(c->quotas[q].value_text, value) == 0)
            return q;
    return -1;
}

static int is_breach(const audit_breach *b, enum audit_rule rule, int index, int count)
{
    return b->rule == rule && b->index == index && b->count == count;
}

/* A (1 seat), B (2 seats, min 2); at most 1 student from home x, at least
 * 1 from home y; s3 (home y) is fixed within B. The assignment {s1=A,
 * s2=A, s3=-, s4=-} breaks A's capacity (2 > 1), B's minimum (0 < 2), both
 * quotas (x: 2 > 1, y: 0 < 1) and s3's fix, in that order: nodes by
 * index (capacity before minimum), quotas by index, students. */
static void test_breaches(void)
{
    fixture f;
    rules r;
    audit_breach *b = NULL, first;
    int leaf_of[4], A, B, s1, s2, s3, s4, qx, qy;
    unsigned char drop_min[2] = {0, 0}, drop_quota[2] = {0, 0}, drop_must[4] = {0};
    long n;
    fixture_load(&f, "programs.csv", "id,capacity,min\nA,1,\nB,2,2\n", "students.csv",
                 "id,home\ns1,x\ns2,x\ns3,y\ns4,\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns2,1,A\ns4,1,B\n", "quotas.csv",
                 "scope,field,value,min,max\n,home,x,,1\n,home,y,1,\n", "overrides.csv",
                 "student,node,action\ns3,B,fix\n", NULL);
    A = fixture_node(&f, "A");
    B = fixture_node(&f, "B");
    s1 = fixture_student(&f, "s1");
    s2 = fixture_student(&f, "s2");
    s3 = fixture_student(&f, "s3");
    s4 = fixture_student(&f, "s4");
    qx = quota_index(f.c, "x");
    qy = quota_index(f.c, "y");
    CHECK(A < B && qx >= 0 && qy >= 0);
    leaf_of[s1] = leaf_of[s2] = fixture_leaf(&f, "A");
    leaf_of[s3] = leaf_of[s4] = -1;
    rules_init(&r, 0);
    n = audit_breaches(f.c, &r, leaf_of, &b);
    CHECK(n == 5);
    if (n == 5) {
        CHECK(is_breach(&b[0], AUDIT_CAPACITY, A, 2));
        CHECK(is_breach(&b[1], AUDIT_MIN, B, 0));
        CHECK(is_breach(&b[2], qx < qy ? AUDIT_QUOTA_MAX : AUDIT_QUOTA_MIN, qx < qy ? qx : qy,
                        qx < qy ? 2 : 0));
        CHECK(is_breach(&b[3], qx < qy ? AUDIT_QUOTA_MIN : AUDIT_QUOTA_MAX, qx < qy ? qy : qx,
                        qx < qy ? 0 : 2));
        CHECK(b[4].rule == AUDIT_MUST_PLACE && b[4].index == s3);
    }
    free(b);
    CHECK(!audit_holds(f.c, &r, leaf_of, &first) && is_breach(&first, AUDIT_CAPACITY, A, 2));
    CHECK(!audit_holds(f.c, &r, leaf_of, NULL));
    /* --require-all adds s4, unplaced (s3 is already there) */
    rules_init(&r, 1);
    n = audit_breaches(f.c, &r, leaf_of, &b);
    CHECK(n == 6 && b[5].rule == AUDIT_MUST_PLACE && b[5].index == s4);
    free(b);
    /* relaxed: the capacity only */
    r.relax = 1;
    n = audit_breaches(f.c, &r, leaf_of, &b);
    CHECK(n == 1 && is_breach(&b[0], AUDIT_CAPACITY, A, 2));
    free(b);
    /* each rule dropped on its own */
    rules_init(&r, 0);
    drop_min[B] = 1;
    drop_quota[qx] = drop_quota[qy] = 1;
    drop_must[s3] = 1;
    r.drop_min = drop_min;
    r.drop_quota = drop_quota;
    r.drop_must = drop_must;
    n = audit_breaches(f.c, &r, leaf_of, &b);
    CHECK(n == 1 && is_breach(&b[0], AUDIT_CAPACITY, A, 2));
    free(b);
    /* nothing broken: NULL, 0 */
    leaf_of[s2] = -1;
    b = (audit_breach *)&first; /* must be overwritten */
    CHECK(audit_breaches(f.c, &r, leaf_of, &b) == 0 && b == NULL);
    CHECK(audit_holds(f.c, &r, leaf_of, NULL));
    /* s3 and s4 at B, s1 at A: every rule holds (y: s3 counts); with
       --require-all s2 is missing */
    rules_init(&r, 1);
    leaf_of[s3] = leaf_of[s4] = fixture_leaf(&f, "B");
    CHECK(!audit_holds(f.c, &r, leaf_of, &first) && first.rule == AUDIT_MUST_PLACE &&
          first.index == s2);
    rules_init(&r, 0);
    CHECK(audit_holds(f.c, &r, leaf_of, NULL));
    fixture_release(&f);
}

/* audit_misplaced: s1 is fixed within lab L1 (of P), s2 is free. */
static void test_misplaced(void)
{
    fixture f;
    rules r;
    int leaf_of[2], s1, s2;
    unsigned char drop_must[2] = {0, 0};
    fixture_load(&f, "programs.csv", "id\nP\nQ\n", "labs.csv", "id,program\nL1,P\nL2,P\n",
                 "students.csv", "id\ns1\ns2\n", "preferences.csv",
                 "student,rank,choice\ns1,1,Q\ns2,1,Q\n", "overrides.csv",
                 "student,node,action\ns1,L1,fix\n", NULL);
    s1 = fixture_student(&f, "s1");
    s2 = fixture_student(&f, "s2");
    rules_init(&r, 0);
    leaf_of[s1] = leaf_of[s2] = -1;
    CHECK(audit_misplaced(f.c, &r, leaf_of, s1));
    CHECK(!audit_misplaced(f.c, &r, leaf_of, s2));
    leaf_of[s1] = fixture_leaf(&f, "L2"); /* in P, but outside L1 */
    CHECK(audit_misplaced(f.c, &r, leaf_of, s1));
    leaf_of[s1] = fixture_leaf(&f, "Q");
    CHECK(audit_misplaced(f.c, &r, leaf_of, s1));
    leaf_of[s1] = fixture_leaf(&f, "L1");
    CHECK(!audit_misplaced(f.c, &r, leaf_of, s1));
    rules_init(&r, 1);
    CHECK(audit_misplaced(f.c, &r, leaf_of, s2));
    leaf_of[s2] = fixture_leaf(&f, "L2"); /* anywhere will do for her */
    CHECK(!audit_misplaced(f.c, &r, leaf_of, s2));
    leaf_of[s1] = -1;
    drop_must[s1] = 1;
    r.drop_must = drop_must;
    CHECK(!audit_misplaced(f.c, &r, leaf_of, s1));
    r.drop_must = NULL;
    r.relax = 1;
    CHECK(!audit_misplaced(f.c, &r, leaf_of, s1));
    fixture_release(&f);
}

/* Blocking pairs by hand, and their order. A and B one seat each, C
 * open; scores s1 9 > s2 5 > s3 1. s1 ranks A > B > C, s2 B > C, s3 A > B.
 * In {s1=C, s2=B, s3=A}: s1 blocks at A (above s3) and at B (above s2);
 * s2 is at her first choice; s3 would take B only from s2, who is above
 * her. Sorted by student, then leaf id: (s1, A), (s1, B). */
static void test_blocking(void)
{
    fixture f;
    audit_pair *bp = NULL;
    int leaf_of[3];
    long n;
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\nC,\n", "students.csv",
                 "id,score\ns1,9\ns2,5\ns3,1\n", "preferences.csv",
                 "student,rank,choice\ns1,1,A\ns1,2,B\ns1,3,C\ns2,1,B\ns2,2,C\ns3,1,A\ns3,2,B\n",
                 NULL);
    leaf_of[fixture_student(&f, "s1")] = fixture_leaf(&f, "C");
    leaf_of[fixture_student(&f, "s2")] = fixture_leaf(&f, "B");
    leaf_of[fixture_student(&f, "s3")] = fixture_leaf(&f, "A");
    n = audit_blocking_pairs(f.c, f.a, leaf_of, 0, &bp);
    CHECK(n == 2);
    if (n == 2) {
        CHECK(bp[0].student == fixture_student(&f, "s1") && bp[0].leaf == fixture_leaf(&f, "A"));
        CHECK(bp[1].student == fixture_student(&f, "s1") && bp[1].leaf == fixture_leaf(&f, "B"));
    }
    free(bp);
    CHECK(oracle_blocking(f.c, f.a, leaf_of) == 2);
    fixture_release(&f);
}

typedef struct sweep {
    const fixture *f;
    int seed;
    long visited, blocking, broken, failures;
} sweep;

static int judge(const int *leaf_of, void *ctx)
{
    sweep *sw = ctx;
    const cycle *c = sw->f->c;
    audit_pair *bp = NULL;
    long n = audit_blocking_pairs(c, sw->f->a, leaf_of, 0, &bp);
    int want = oracle_blocking(c, sw->f->a, leaf_of);
    free(bp);
    sw->visited++;
    sw->blocking += want > 0;
    if (!CHECK(n == want) && sw->failures++ < 5)
        printf("  seed %d: %ld blocking pairs, the oracle counts %d in %s\n", sw->seed, n, want,
               fixture_show(sw->f, leaf_of, (char[256]){0}, 256));
    for (int all = 0; all <= 1; all++) {
        rules r;
        int holds, meets;
        rules_init(&r, all);
        holds = audit_holds(c, &r, leaf_of, NULL);
        meets = oracle_side_rules(c, &r, leaf_of, 1);
        sw->broken += !meets;
        if (!CHECK(holds == meets) && sw->failures++ < 5)
            printf("  seed %d%s: audit_holds %d, the oracle %d\n", sw->seed,
                   all ? " require-all" : "", holds, meets);
    }
    return 0;
}

static void test_random(int seeds)
{
    long visited = 0, blocking = 0, broken = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny((uint64_t)seed);
        fixture f;
        sweep sw = {&f, seed, 0, 0, 0, 0};
        fixture_load_gen(&f, g);
        oracle_each(f.c, f.a, judge, &sw);
        visited += sw.visited;
        blocking += sw.blocking;
        broken += sw.broken;
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("random cycles: %ld assignments judged, %ld with blocking pairs, %ld side-rule "
           "verdicts of broken\n",
           visited, blocking, broken);
}

int main(void)
{
    int seeds;
    testkit_set_name("test_audit_rules");
    seeds = (int)testkit_env_count("UNIT_SEEDS", 300) / 3;
    test_breaches();
    test_misplaced();
    test_blocking();
    test_random(seeds);
    return harness_finish("audit_rules");
}
