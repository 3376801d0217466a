/* test_admit.c - admissible pairs and priorities (solver/admit.h) on one
 * cycle worked out by hand: the pairs (best rank over a leaf and its
 * ancestors; every ranker on the path must list the student; a fix makes
 * her leaves within it admissible, unranked at R+1), admit_find, the
 * first failing rule along the path and its words, the warnings, the
 * priority key at each node (own ranking, inherited ranking, score with
 * ties sharing a key, no score last, off the list INT_MAX), admit_prefers
 * and admit_reach_counts. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "fixture.h"
#include "harness.h"
#include "strbuf.h"
#include "testkit.h"

/* Program P (labs L and M, one seat each) ranks s2 (1) and s1 (3); M also
 * ranks s1 (1) and s4 (2). Leaf program Q (one seat, min_year 2) goes by
 * score: s3 90, s1 and s2 80, s4 and s5 none. s4 is in year 1, everyone
 * else in year 3. s5 is fixed at L.
 *   s1: M 1, L 2, Q 3   -> L 2, M 1 (on P's and M's lists), Q 3
 *   s2: P 1             -> L 1; not M (not on M's list)
 *   s3: Q 2             -> Q 2
 *   s4: M 1, Q 1        -> none: M (not on P's list), Q (year 1 < 2)
 *   s5: fixed at L      -> L unranked, R+1 = 4
 * Priority keys (lower is higher): at P and L (P's list) s2 1, s1 3, the
 * others INT_MAX; at M s1 1, s4 2, others INT_MAX; at Q by score: s3 0,
 * s1 and s2 1 (equal), s4 and s5 3 (none, equal). Students reaching: L
 * s1, s2, s5; M s1; P s1, s2, s5; Q s1, s3. */
static void test_worked(void)
{
    fixture f;
    const cycle *c;
    const admit *a;
    int s1, s2, s3, s4, s5, L, M, Q, P, lL, lM, lQ, *count;
    admit_pair pr, prev;
    admit_iter it;
    fixture_load(&f, "programs.csv", "id,capacity,min_year\nP,,\nQ,1,2\n", "labs.csv",
                 "id,program,capacity\nL,P,1\nM,P,1\n", "students.csv",
                 "id,year,score\ns1,3,80\ns2,3,80\ns3,3,90\ns4,1,\ns5,3,\n", "preferences.csv",
                 "student,rank,choice\ns1,1,M\ns1,2,L\ns1,3,Q\ns2,1,P\ns3,2,Q\ns4,1,M\ns4,1,Q\n",
                 "rankings.csv", "ranker,student,rank\nP,s2,1\nP,s1,3\nM,s1,1\nM,s4,2\n",
                 "overrides.csv", "student,node,action\ns5,L,fix\n", NULL);
    c = f.c;
    a = f.a;
    s1 = fixture_student(&f, "s1");
    s2 = fixture_student(&f, "s2");
    s3 = fixture_student(&f, "s3");
    s4 = fixture_student(&f, "s4");
    s5 = fixture_student(&f, "s5");
    P = fixture_node(&f, "P");
    L = fixture_node(&f, "L");
    M = fixture_node(&f, "M");
    Q = fixture_node(&f, "Q");
    lL = fixture_leaf(&f, "L");
    lM = fixture_leaf(&f, "M");
    lQ = fixture_leaf(&f, "Q");

    CHECK(a->unranked_rank == 4);
    CHECK(a->npairs == 6);
    CHECK(admit_count(a, s1) == 3 && admit_count(a, s2) == 1);
    CHECK(admit_count(a, s3) == 1 && admit_count(a, s4) == 0);
    CHECK(admit_count(a, s5) == 1);
    admit_iter_student(&it, a, s1);
    for (int k = 0; admit_next(&it, &pr); k++, prev = pr)
        CHECK(k == 0 || (prev.leaf < pr.leaf && prev.index + 1 == pr.index)); /* by leaf */
    CHECK(admit_find(a, s1, lL, &pr) && pr.rank == 2 && pr.ranked);
    CHECK(admit_find(a, s1, lM, &pr) && pr.rank == 1 && pr.ranked);
    CHECK(admit_find(a, s1, lQ, &pr) && pr.rank == 3);
    CHECK(admit_find(a, s2, lL, &pr) && pr.rank == 1 && pr.student == s2);
    CHECK(!admit_find(a, s2, lM, NULL));
    CHECK(admit_find(a, s3, lQ, &pr) && pr.rank == 2);
    CHECK(!admit_find(a, s4, lM, NULL) && !admit_find(a, s4, lQ, NULL));
    CHECK(admit_find(a, s5, lL, &pr) && pr.rank == 4 && !pr.ranked);

    /* ranks from choices, admissible or not */
    CHECK(admit_choice_rank(c, s2, lM) == 1);
    CHECK(admit_choice_rank(c, s1, lL) == 2);
    CHECK(admit_choice_rank(c, s3, lL) == 0);
    CHECK(admit_choice_rank(c, s5, lL) == 0);

    /* the first failing rule, from the program down, and its words */
    {
        admit_check chk = admit_eligibility(c, s2, lM);
        strbuf sb;
        CHECK(chk.rule == ADMIT_RANKER && chk.node == M);
        chk = admit_eligibility(c, s4, lM);
        CHECK(chk.rule == ADMIT_RANKER && chk.node == P);
        chk = admit_eligibility(c, s4, lQ);
        CHECK(chk.rule == ADMIT_YEAR && chk.node == Q);
        strbuf_init(&sb);
        admit_explain(c, s4, chk, &sb);
        CHECK_STR(sb.buf, "'Q' requires year 2 (the student is in year 1)");
        strbuf_release(&sb);
        chk = admit_eligibility(c, s1, lM);
        CHECK(chk.rule == ADMIT_OK);
        /* the fix is ignored here: s5 is not on P's list */
        chk = admit_eligibility(c, s5, lL);
        CHECK(chk.rule == ADMIT_RANKER && chk.node == P);
    }

    /* warnings: s4 cannot be placed, s5's fix bypasses her preferences */
    {
        int no_choice = 0, bypass = 0;
        for (size_t i = 0; i < f.d.count; i++) {
            const char *t = f.d.msgs[i].text;
            no_choice += f.d.msgs[i].level == DIAG_WARNING &&
                         strstr(t, "student 's4' has no admissible choice") != NULL;
            bypass += f.d.msgs[i].level == DIAG_WARNING &&
                      strstr(t, "student 's5' is fixed within 'L', which bypasses") != NULL;
        }
        CHECK(no_choice == 1 && bypass == 1);
    }

    /* priority keys */
    CHECK(admit_priority_key(a, c, P, s2) == 1 && admit_priority_key(a, c, P, s1) == 3);
    CHECK(admit_priority_key(a, c, P, s3) == INT_MAX && admit_priority_key(a, c, P, s5) == INT_MAX);
    CHECK(admit_priority_key(a, c, L, s2) == 1 && admit_priority_key(a, c, L, s1) == 3);
    CHECK(admit_priority_key(a, c, M, s1) == 1 && admit_priority_key(a, c, M, s4) == 2);
    CHECK(admit_priority_key(a, c, M, s2) == INT_MAX);
    CHECK(admit_priority_key(a, c, Q, s3) == 0);
    CHECK(admit_priority_key(a, c, Q, s1) == 1 && admit_priority_key(a, c, Q, s2) == 1);
    CHECK(admit_priority_key(a, c, Q, s4) == 3 && admit_priority_key(a, c, Q, s5) == 3);
    /* strictly above */
    CHECK(admit_prefers(a, c, P, s2, s1) && !admit_prefers(a, c, P, s1, s2));
    CHECK(admit_prefers(a, c, L, s1, s5)); /* on the list beats off it */
    CHECK(admit_prefers(a, c, M, s1, s4) && admit_prefers(a, c, M, s4, s2));
    CHECK(admit_prefers(a, c, Q, s3, s1) && admit_prefers(a, c, Q, s1, s4));
    CHECK(!admit_prefers(a, c, Q, s1, s2) && !admit_prefers(a, c, Q, s2, s1));
    CHECK(!admit_prefers(a, c, Q, s4, s5) && !admit_prefers(a, c, Q, s5, s4));
    CHECK(!admit_prefers(a, c, Q, s3, s3));

    /* who can reach each node */
    count = testkit_xcalloc((size_t)c->nnodes, sizeof(int));
    memset(count, 0x7f, sizeof(int) * (size_t)c->nnodes); /* must be overwritten */
    admit_reach_counts(a, c, count);
    CHECK(count[L] == 3 && count[M] == 1 && count[P] == 3 && count[Q] == 2);
    free(count);
    fixture_release(&f);
}

/* A fix within a lab: every leaf below it, minus a forbidden one, and
 * nothing outside it, even what she ranked. s1 ranks Q (1) and S1 (2),
 * is fixed within lab L (supervisors S1, S2, S3) and forbidden at S3. */
static void test_fix_within(void)
{
    fixture f;
    int s1;
    admit_pair pr;
    fixture_load(&f, "programs.csv", "id\nP\nQ\n", "labs.csv", "id,program\nL,P\n",
                 "supervisors.csv", "id,lab\nS1,L\nS2,L\nS3,L\n", "students.csv", "id\ns1\n",
                 "preferences.csv", "student,rank,choice\ns1,1,Q\ns1,2,S1\n", "overrides.csv",
                 "student,node,action\ns1,L,fix\ns1,S3,forbid\n", NULL);
    s1 = fixture_student(&f, "s1");
    CHECK(f.a->npairs == 2);
    CHECK(admit_find(f.a, s1, fixture_leaf(&f, "S1"), &pr) && pr.rank == 2 && pr.ranked);
    CHECK(admit_find(f.a, s1, fixture_leaf(&f, "S2"), &pr) && pr.rank == 3 && !pr.ranked);
    CHECK(!admit_find(f.a, s1, fixture_leaf(&f, "S3"), NULL));
    CHECK(!admit_find(f.a, s1, fixture_leaf(&f, "Q"), NULL));
    CHECK(admit_eligibility(f.c, s1, fixture_leaf(&f, "S3")).rule == ADMIT_FORBID);
    fixture_release(&f);
}

int main(void)
{
    testkit_set_name("test_admit_keys");
    test_worked();
    test_fix_within();
    return harness_finish("admit_keys");
}
