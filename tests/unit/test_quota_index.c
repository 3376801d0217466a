/* test_quota_index.c - who each quota counts, as the loader indexes it
 * (cycle.h: cycle_student.quotas, cycle_quota.students,
 * cycle_quota_next2): on a cycle written by hand (repeated rows, a home
 * and a year nobody has, '*' rows over each field, scoped rows) and on
 * random tiny and large cycles, each student's list holds exactly the
 * quotas cycle_quota_counts says count her, ascending, each quota's list
 * is the transpose, and the walk over two students' lists is their union
 * in order; the reduced cycle of merged leaves keeps the same lists.
 *
 * Environment: UNIT_SEEDS (default 300) random cycles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "leafclass.h"
#include "testkit.h"

/* Whether the index of c agrees with cycle_quota_counts everywhere. */
static int index_agrees(const cycle *c)
{
    int ok = 1;
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        int i = 0;
        for (int q = 0; q < c->nquotas; q++) {
            int listed = i < st->nquotas && st->quotas[i] == q;
            if (listed != cycle_quota_counts(c, &c->quotas[q], s))
                ok = 0;
            i += listed;
        }
        if (i != st->nquotas) /* out of order, repeated or out of range */
            ok = 0;
    }
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int i = 0;
        for (int s = 0; s < c->nstudents; s++) {
            int listed = i < qu->nstudents && qu->students[i] == s;
            if (listed != cycle_quota_counts(c, qu, s))
                ok = 0;
            i += listed;
        }
        if (i != qu->nstudents)
            ok = 0;
    }
    return ok;
}

/* Whether cycle_quota_next2 walks the union of the quotas of s and t
 * (t -1: s alone) in ascending order. */
static int walk_agrees(const cycle *c, int s, int t)
{
    int i = 0, j = 0, q, want = 0;
    while ((q = cycle_quota_next2(c, s, t, &i, &j)) >= 0) {
        while (want < c->nquotas && !cycle_quota_counts(c, &c->quotas[want], s) &&
               !(t >= 0 && cycle_quota_counts(c, &c->quotas[want], t)))
            want++;
        if (q != want)
            return 0;
        want++;
    }
    while (want < c->nquotas && !cycle_quota_counts(c, &c->quotas[want], s) &&
           !(t >= 0 && cycle_quota_counts(c, &c->quotas[want], t)))
        want++;
    return want == c->nquotas;
}

static int walks_agree(const cycle *c)
{
    for (int s = 0; s < c->nstudents; s++)
        for (int t = -1; t < c->nstudents; t++)
            if (!walk_agrees(c, s, t))
                return 0;
    return 1;
}

static void test_by_hand(void)
{
    fixture f;
    const cycle *c;
    int a, b, d;
    fixture_load(&f, "programs.csv", "id,capacity\nP,3\nQ,3\n", "students.csv",
                 "id,home,year,tags\na,h1,2,x;y\nb,h2,2,y\nd,,,\n", "preferences.csv",
                 "student,rank,choice\na,1,P\nb,1,Q\nd,1,P\n", "quotas.csv",
                 "scope,field,value,min,max\n,home,h1,,1\n,home,h1,,2\n,home,nobody,,1\n"
                 ",year,2,,1\n,year,7,,1\n,year,*,,1\n,tag,*,,1\nP,tag,y,,1\n,home,*,,1\n",
                 NULL);
    c = f.c;
    a = fixture_student(&f, "a");
    b = fixture_student(&f, "b");
    d = fixture_student(&f, "d");
    CHECK(index_agrees(c));
    CHECK(walks_agree(c));
    /* a: home h1 (two rows and the '*' row's h1), year 2 (the row and the
       '*' row's 2), tags x and y ('*' rows, and y in P) */
    CHECK(c->students[a].nquotas == 8);
    /* b: home h2 ('*'), year 2 (two), tag y (two) */
    CHECK(c->students[b].nquotas == 5);
    CHECK(c->students[d].nquotas == 0);
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        if (strcmp(qu->value_text, "nobody") == 0 || strcmp(qu->value_text, "7") == 0)
            CHECK(qu->nstudents == 0);
        if (qu->field == CYCLE_FIELD_TAG && strcmp(qu->value_text, "y") == 0)
            CHECK(qu->nstudents == 2);
    }
    fixture_release(&f);
}

static void test_random(int seeds)
{
    long cycles = 0, reduced = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        for (int kind = 0; kind < 3; kind++) {
            gencycle *g = kind == 2 ? gencycle_large((uint64_t)seed, 40, 4, 1)
                                    : gencycle_tiny((uint64_t)seed);
            fixture f;
            leafclass lc;
            if (kind == 1)
                gencycle_whole_quotas(g, (uint64_t)seed);
            fixture_load_gen(&f, g);
            if (!CHECK(index_agrees(f.c)))
                printf("  seed %d, kind %d: the index disagrees\n", seed, kind);
            if (kind < 2 && !CHECK(walks_agree(f.c)))
                printf("  seed %d, kind %d: the walk disagrees\n", seed, kind);
            cycles++;
            leafclass_init(&lc, f.c);
            if (lc.merged > 0) {
                CHECK(index_agrees(lc.reduced));
                reduced++;
            }
            leafclass_release(&lc);
            fixture_release(&f);
            gencycle_free(g);
        }
    }
    printf("quota index: %ld cycles, %ld reduced by merged leaves\n", cycles, reduced);
    CHECK(seeds < 50 || reduced > 0);
}

int main(void)
{
    int seeds;
    testkit_set_name("test_quota_index");
    seeds = (int)testkit_env_count("UNIT_SEEDS", 300);
    test_by_hand();
    test_random(seeds);
    return harness_finish("quota_index");
}
