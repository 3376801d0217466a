/* test_audit.c - checking an assignment without a solver, on tiny cycles
 * written as CSV files and loaded with cycle_load, with assignments given
 * by hand: the count under every node, quota counts and the first broken
 * quota, the rank profile (a fixed, unranked place counts R+1), the
 * blocking pairs of SPEC §4 (a free seat or a holder she strictly
 * outranks at every capacitated place on the way that does not hold her
 * already; fixed students never block and are never displaced; a
 * ranking, inherited downwards, overrides scores; ties never block) and,
 * briefly, what the reasons say about a full place. Every expectation is
 * worked out by hand in the comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "admit.h"
#include "audit.h"
#include "harness.h"
#include "rules.h"
#include "strbuf.h"
#include "testkit.h"

static char root[4096];

/* A loaded cycle with its admissible pairs. */
typedef struct fixture {
    cycle *c;
    admit *a;
} fixture;

/* Writes files into root/name and loads them; exits when they do not load. */
static fixture load(const char *name, const char *const *files)
{
    char dir[4096];
    diag d;
    fixture f = {NULL, NULL};
    testkit_path(dir, sizeof(dir), root, name);
    testkit_rm_tree(dir);
    if (mkdir(dir, 0777) != 0) {
        printf("FAIL cannot create '%s'\n", dir);
        exit(1);
    }
    testkit_write_files(dir, files);
    diag_init(&d);
    if (cycle_load(dir, &d, &f.c) != ST_OK) {
        printf("FAIL cycle '%s' does not load:\n", name);
        diag_print(&d, stdout, 0);
        exit(1);
    }
    diag_release(&d);
    diag_init(&d);
    f.a = admit_build(f.c, &d);
    diag_release(&d);
    return f;
}

static void unload(fixture *f)
{
    admit_free(f->a);
    cycle_free(f->c);
}

static int leaf(const cycle *c, const char *id)
{
    int n = cycle_node_index(c, id);
    if (n < 0 || c->nodes[n].leaf < 0) {
        printf("FAIL '%s' is not a leaf\n", id);
        exit(1);
    }
    return c->nodes[n].leaf;
}

/* An assignment from "student=LEAF ..." (students not named are
 * unplaced), into leaf_of (c->nstudents entries). */
static void assign(const cycle *c, const char *spec, int *leaf_of)
{
    for (int s = 0; s < c->nstudents; s++)
        leaf_of[s] = -1;
    while (*spec) {
        char word[64], *eq;
        size_t n = strcspn(spec, " ");
        int s;
        snprintf(word, sizeof(word), "%.*s", (int)n, spec);
        spec += n + (spec[n] == ' ');
        if (n == 0)
            continue;
        eq = strchr(word, '=');
        if (!eq) {
            printf("FAIL bad assignment word '%s'\n", word);
            exit(1);
        }
        *eq = '\0';
        s = cycle_student_index(c, word);
        if (s < 0) {
            printf("FAIL no student '%s'\n", word);
            exit(1);
        }
        leaf_of[s] = leaf(c, eq + 1);
    }
}

/* The index of the quota with the given scope (NULL: the whole cycle). */
static int quota_index(const cycle *c, const char *scope)
{
    int node = scope ? cycle_node_index(c, scope) : -1;
    for (int q = 0; q < c->nquotas; q++)
        if (c->quotas[q].scope == node)
            return q;
    printf("FAIL no quota in '%s'\n", scope ? scope : "(cycle)");
    exit(1);
}

/* The blocking pairs of the assignment spec as "student:LEAF ...", in
 * the order audit_blocking_pairs gives them. */
static void blocking(const fixture *f, const char *spec, char *out, size_t len)
{
    int leaf_of[16];
    audit_pair *bp = NULL;
    long n;
    size_t used = 0;
    assign(f->c, spec, leaf_of);
    n = audit_blocking_pairs(f->c, f->a, leaf_of, 0, &bp);
    out[0] = '\0';
    for (long i = 0; i < n && used < len; i++) {
        int k = snprintf(out + used, len - used, "%s%s:%s", used ? " " : "",
                         f->c->students[bp[i].student].id,
                         f->c->nodes[f->c->leaves[bp[i].leaf]].id);
        if (k > 0)
            used += (size_t)k;
    }
    free(bp);
}

/* The reason of student s under the assignment spec, into out. */
static void reason(const fixture *f, const char *spec, const char *s_id, char *out, size_t len)
{
    int leaf_of[16], nstages;
    audit_view v;
    strbuf sb;
    rules r;
    stage_def st[STAGES_MAX];
    rules_init(&r, 0);
    nstages = stages_plan(f->a, OBJECTIVE_RANK_SUM, 0, 0, st);
    assign(f->c, spec, leaf_of);
    audit_view_init(&v, f->c, f->a, &r, st, nstages, leaf_of);
    strbuf_init(&sb);
    audit_reason(&v, cycle_student_index(f->c, s_id), &sb);
    snprintf(out, len, "%s", sb.buf);
    strbuf_release(&sb);
    audit_view_release(&v);
}

/* ---- leaf programs A (1 seat), B (1 seat), C (no limit); x and y rank A
 * then B, z ranks A then C; x's score 90 is above y's 50, z has none ---- */
static const char *const scores[] = {
    "programs.csv", "id,capacity\nA,1\nB,1\nC,\n",
    "students.csv", "id,score\nx,90\ny,50\nz,\n",
    "preferences.csv", "student,rank,choice\nx,1,A\nx,2,B\ny,1,A\ny,2,B\nz,1,A\nz,2,C\n",
    NULL};

static void test_scores(void)
{
    fixture f = load("scores", scores);
    char got[512];
    /* y holds A, which x ranks first and where x outranks her */
    blocking(&f, "x=B y=A z=C", got, sizeof(got));
    CHECK_STR(got, "x:A");
    /* x holds A: y and z are below her there; nobody else wants better */
    blocking(&f, "x=A y=B z=C", got, sizeof(got));
    CHECK_STR(got, "");
    /* y unplaced and B free: y blocks with B (not with A: x is above her) */
    blocking(&f, "x=A z=C", got, sizeof(got));
    CHECK_STR(got, "y:B");
    /* z unplaced and C has no limit: z blocks with C; z, without a score,
       is below y at A, and so is nobody at B */
    blocking(&f, "x=A y=B", got, sizeof(got));
    CHECK_STR(got, "z:C");
    /* everyone unplaced: every admissible pair blocks, by student then leaf */
    blocking(&f, "", got, sizeof(got));
    CHECK_STR(got, "x:A x:B y:A y:B z:A z:C");

    /* the reasons name the full place and its lowest holder, and whether
       the student is above that holder */
    reason(&f, "x=B y=A z=C", "x", got, sizeof(got));
    if (!CHECK(strstr(got, "'A' is full (1/1)") && strstr(got, "'y', whom it ranks below")))
        printf("  reason: '%s'\n", got);
    reason(&f, "x=A y=B z=C", "y", got, sizeof(got));
    if (!CHECK(strstr(got, "'A' is full (1/1)") && strstr(got, "lowest: 'x'") &&
               !strstr(got, "ranks below")))
        printf("  reason: '%s'\n", got);

    /* the profile of x=B y=A z=C: ranks 2, 1, 2 */
    int leaf_of[16];
    audit_profile p;
    assign(f.c, "x=B y=A z=C", leaf_of);
    audit_profile_init(&p, f.c, leaf_of);
    CHECK(p.placed == 3 && p.total_rank == 5 && p.max_rank == 2);
    /* counts per rank in use (1 and 2), then unranked */
    CHECK(p.nranks == 2 && p.ranks[0] == 1 && p.ranks[1] == 2);
    CHECK(p.count[0] == 1 && p.count[1] == 2 && p.count[2] == 0);
    audit_profile_release(&p);
    unload(&f);
}

/* ---- the same, with names: reasons name students by name and id, and
 * what stops a blocking pair is the full place and its lowest holder ---- */
static const char *const named[] = {
    "programs.csv", "id,capacity\nA,1\nB,1\nC,\n",
    "students.csv", "id,name,score\nx,Xena Ames,90\ny,Nguyễn Thị Yến,50\nz,,\n",
    "preferences.csv", "student,rank,choice\nx,1,A\nx,2,B\ny,1,A\ny,2,B\nz,1,A\nz,2,C\n",
    NULL};

static void test_named(void)
{
    fixture f = load("named", named);
    char got[512];
    int leaf_of[16];
    audit_view v;
    audit_stop stop;
    reason(&f, "x=B y=A z=C", "x", got, sizeof(got));
    if (!CHECK(strstr(got, "it holds Nguyễn Thị Yến ('y'), whom it ranks below") &&
               strstr(got, "that of Nguyễn Thị Yến ('y') would")))
        printf("  reason: '%s'\n", got);
    /* z has no name: her id alone */
    reason(&f, "x=A y=B z=C", "y", got, sizeof(got));
    if (!CHECK(strstr(got, "lowest: Xena Ames ('x')")))
        printf("  reason: '%s'\n", got);
    assign(f.c, "x=B y=A z=C", leaf_of);
    audit_view_init(&v, f.c, f.a, NULL, NULL, 0, leaf_of);
    stop = audit_pair_stop(&v, cycle_student_index(f.c, "x"), leaf(f.c, "A"));
    CHECK(stop.node == f.c->leaves[leaf(f.c, "A")] && stop.holder == cycle_student_index(f.c, "y"));
    /* C has no limit: nothing stops z there */
    stop = audit_pair_stop(&v, cycle_student_index(f.c, "z"), leaf(f.c, "C"));
    CHECK(stop.node == -1 && stop.holder == -1);
    audit_view_release(&v);
    assign(f.c, "y=A x=B", leaf_of);
    audit_view_init(&v, f.c, f.a, NULL, NULL, 0, leaf_of);
    stop = audit_pair_stop(&v, cycle_student_index(f.c, "z"), leaf(f.c, "A"));
    CHECK(stop.node == f.c->leaves[leaf(f.c, "A")] && stop.holder == cycle_student_index(f.c, "y"));
    audit_view_release(&v);
    unload(&f);
}

/* ---- the same places; y is fixed at A and z at B, which she did not rank ---- */
static const char *const fixed[] = {
    "programs.csv", "id,capacity\nA,1\nB,1\nC,\n",
    "students.csv", "id,score\nx,90\ny,50\nz,\n",
    "preferences.csv", "student,rank,choice\nx,1,A\nx,2,B\ny,1,A\ny,2,B\nz,1,A\nz,2,C\n",
    "overrides.csv", "student,node,action\ny,A,fix\nz,B,fix\n",
    NULL};

static void test_fixed(void)
{
    fixture f = load("fixed", fixed);
    char got[512];
    int leaf_of[16];
    audit_profile p;
    /* x outranks both holders, but fixed students are never displaced,
       and a fixed student never blocks (z would rather be at A) */
    blocking(&f, "y=A z=B", got, sizeof(got));
    CHECK_STR(got, "");
    reason(&f, "y=A z=B", "x", got, sizeof(got));
    if (!CHECK(strstr(got, "placed by override")))
        printf("  reason: '%s'\n", got);
    /* the reason of a fixed student says what her fix bypassed, if anything */
    reason(&f, "y=A z=B", "z", got, sizeof(got));
    if (!CHECK(strstr(got, "fixed within 'B' by an override, which bypasses the student's "
                           "preferences (not ranked)")))
        printf("  reason: '%s'\n", got);
    reason(&f, "y=A z=B", "y", got, sizeof(got));
    if (!CHECK(strstr(got, "fixed within 'A' by an override") && !strstr(got, "bypasses")))
        printf("  reason: '%s'\n", got);
    /* z at B, unranked: rank R+1 = 3 in the profile, 0 as reported */
    assign(f.c, "y=A z=B", leaf_of);
    CHECK(audit_rank(f.c, cycle_student_index(f.c, "z"), leaf(f.c, "B")) == 0);
    CHECK(audit_rank(f.c, cycle_student_index(f.c, "y"), leaf(f.c, "A")) == 1);
    audit_profile_init(&p, f.c, leaf_of);
    CHECK(p.placed == 2 && p.total_rank == 1 + 3 && p.count[0] == 1 && p.count[2] == 1);
    audit_profile_release(&p);
    unload(&f);
}

/* ---- nested places: program P (2 seats) holds lab L (1 seat) with
 * supervisors S1 and S2 (no own limit), and lab M (no limit). u ranks S2
 * then M, v ranks S1; u's home is med, v's pharm ---- */
#define NESTED_TREE                                                                   \
    "programs.csv", "id,capacity\nP,2\n", "labs.csv", "id,program,capacity\nL,P,1\nM,P,\n", \
        "supervisors.csv", "id,lab,capacity\nS1,L,\nS2,L,\n"
static const char *const nested[] = {
    NESTED_TREE,
    "students.csv", "id,home,score\nu,med,90\nv,pharm,50\n",
    "preferences.csv", "student,rank,choice\nu,1,S2\nu,2,M\nv,1,S1\n",
    "quotas.csv", "scope,field,value,min,max\nP,home,med,0,1\n,home,pharm,1,\n",
    NULL};
/* the same, with L ranking v above u (scores no longer decide in L) */
static const char *const nested_ranked[] = {
    NESTED_TREE,
    "students.csv", "id,home,score\nu,med,90\nv,pharm,50\n",
    "preferences.csv", "student,rank,choice\nu,1,S2\nu,2,M\nv,1,S1\n",
    "rankings.csv", "ranker,student,rank\nL,v,1\nL,u,2\n",
    NULL};

/* L ranks u first, but by score (P has no ranking) u is P's lowest */
static const char *const nested_own_seat[] = {
    NESTED_TREE,
    "students.csv", "id,home,score\nu,med,50\nv,pharm,90\n",
    "preferences.csv", "student,rank,choice\nu,1,S2\nu,2,M\nv,1,S1\n",
    "rankings.csv", "ranker,student,rank\nL,u,1\nL,v,2\n",
    NULL};

static void test_nested(void)
{
    fixture f = load("nested", nested);
    char got[512];
    int leaf_of[16], count[16], qcount[4];
    const cycle *c = f.c;
    /* v at S1, u at M: P is full (2/2) but holds u already; L is full
       with v, whom u outranks; S2 has no limit: u blocks with S2 */
    blocking(&f, "u=M v=S1", got, sizeof(got));
    CHECK_STR(got, "u:S2");
    /* counts under every node */
    assign(c, "u=M v=S1", leaf_of);
    audit_node_counts(c, leaf_of, count);
    CHECK(count[cycle_node_index(c, "P")] == 2 && count[cycle_node_index(c, "L")] == 1);
    CHECK(count[cycle_node_index(c, "S1")] == 1 && count[cycle_node_index(c, "S2")] == 0);
    CHECK(count[cycle_node_index(c, "M")] == 1);
    /* quotas: one med student in P (max 1), one pharm student overall (min 1) */
    int qmed = quota_index(c, "P"), qpharm = quota_index(c, NULL);
    CHECK(c->nquotas == 2);
    audit_quota_counts(c, leaf_of, qcount);
    CHECK(qcount[qmed] == 1 && qcount[qpharm] == 1);
    rules r;
    audit_breach first;
    rules_init(&r, 0);
    CHECK(audit_holds(c, &r, leaf_of, &first));
    /* without v the pharm minimum breaks; skipping it, nothing does */
    assign(c, "u=M", leaf_of);
    audit_quota_counts(c, leaf_of, qcount);
    CHECK(qcount[qmed] == 1 && qcount[qpharm] == 0);
    CHECK(!audit_holds(c, &r, leaf_of, &first) && first.rule == AUDIT_QUOTA_MIN &&
          first.index == qpharm && first.count == 0);
    unsigned char skip[4] = {0};
    skip[qpharm] = 1;
    r.drop_quota = skip;
    CHECK(audit_holds(c, &r, leaf_of, NULL));
    /* u at S2 and v at S1: L holds two, P two; the med quota still holds */
    assign(c, "u=S2 v=S1", leaf_of);
    audit_node_counts(c, leaf_of, count);
    CHECK(count[cycle_node_index(c, "L")] == 2 && count[cycle_node_index(c, "M")] == 0);
    unload(&f);

    /* L's ranking puts v first: u is below the holder of L's only seat */
    f = load("nested-ranked", nested_ranked);
    blocking(&f, "u=M v=S1", got, sizeof(got));
    CHECK_STR(got, "");
    /* u at S2, v unplaced: v is above u on L's list (S1 has no limit of
       its own, P a free seat), so she claims L's seat */
    blocking(&f, "u=S2", got, sizeof(got));
    CHECK_STR(got, "v:S1");
    unload(&f);

    /* u at M is P's lowest and P is full, but a move within P frees her
       own seat there: only L (full, with v below u on its list) is
       claimed, so u blocks with S2 */
    f = load("nested-own-seat", nested_own_seat);
    blocking(&f, "u=M v=S1", got, sizeof(got));
    CHECK_STR(got, "u:S2");
    unload(&f);
}

/* ---- ties: equal scores never block ---- */
static const char *const ties[] = {
    "programs.csv", "id,capacity\nA,1\n",
    "students.csv", "id,score\nx,70\ny,70\n",
    "preferences.csv", "student,rank,choice\nx,1,A\ny,1,A\n",
    NULL};

static void test_ties(void)
{
    fixture f = load("ties", ties);
    char got[512];
    blocking(&f, "x=A", got, sizeof(got));
    CHECK_STR(got, "");
    blocking(&f, "y=A", got, sizeof(got));
    CHECK_STR(got, "");
    unload(&f);
}

/* ---- the profile over ranks with gaps: one count per rank written, the
 * largest rank a cycle may write included, never one per number up to it ---- */
static const char *const far_ranks[] = {
    "programs.csv", "id,capacity\nA,1\nB,1\nC,1\n",
    "students.csv", "id\nx\ny\nz\n",
    "preferences.csv", "student,rank,choice\nx,1,A\nx,1000000000,B\ny,7,B\n",
    "overrides.csv", "student,node,action\nz,C,fix\n",
    NULL};

static void test_far_ranks(void)
{
    fixture f = load("far", far_ranks);
    int leaf_of[16];
    audit_profile p;
    char *text = NULL;
    size_t len = 0;
    FILE *mem;
    CHECK(f.c->max_rank == 1000000000 && f.c->nranks == 3);
    CHECK(cycle_rank_index(f.c, 7) == 1 && cycle_rank_index(f.c, 2) == -1);
    /* x at B (rank 10^9), y unplaced, z fixed at C: unranked, R+1 */
    assign(f.c, "x=B z=C", leaf_of);
    audit_profile_init(&p, f.c, leaf_of);
    CHECK(p.placed == 2 && p.total_rank == 2000000001L);
    CHECK(p.nranks == 3 && p.ranks[0] == 1 && p.ranks[1] == 7 && p.ranks[2] == 1000000000);
    CHECK(p.count[0] == 0 && p.count[1] == 0 && p.count[2] == 1 && p.count[3] == 1);
    mem = open_memstream(&text, &len);
    audit_profile_print(&p, mem);
    fclose(mem);
    CHECK_STR(text, "rank profile: 1=0 7=0 1000000000=1 unranked=1\n");
    free(text);
    audit_profile_release(&p);
    unload(&f);
}

int main(void)
{
    testkit_set_name("test_audit");
    testkit_tmpdir(root, sizeof(root), "test_audit");
    test_scores();
    test_fixed();
    test_named();
    test_nested();
    test_ties();
    test_far_ranks();
    testkit_rm_tree(root);
    return harness_finish("audit");
}
