/* test_merit.c - merit among equally good assignments (merit.h, through
 * solve_run without --stable).
 *
 * Hand cases: a tie broken by score, a ranking that overrides the score,
 * the swaps that are not free (another rank, a fixed holder, a quota that
 * would break, a student who must stay placed). Oracle: on random cycles
 * of every shape (tiny ones with brute force, larger ones with quotas,
 * minimums, rankings and fixes) under every objective, with and without
 * --require-all, for the fast path and GLPK cold: the answer keeps its
 * optimum, meets every rule, and has no free swap left, judged by this
 * file's own code with the oracle's priority (tests/lib/oracle.h).
 * Brute force under one order (no rankings, no quotas): the default
 * method's placed students are the greedy set by score among all optimal
 * assignments (GLPK's, with only the post-pass, are counted, not judged).
 * Environment: UNIT_SEEDS (default 300; a third of it per sweep). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "gencycle.h"
#include "harness.h"
#include "oracle.h"
#include "rules.h"
#include "solve.h"
#include "testkit.h"

static solution sol;

static status ask(const fixture *f, const rules *r, enum objective o, enum method m)
{
    solve_question q;
    diag d;
    status st;
    solve_question_init(&q);
    q.objective = o;
    q.method = m;
    solution_release(&sol);
    diag_init(&d);
    st = solve_run(f->c, f->a, r, &q, &sol, &d);
    diag_release(&d);
    return st;
}

static const char *shown(const fixture *f)
{
    static char buf[512];
    return fixture_show(f, sol.leaf_of, buf, sizeof(buf));
}

/* Both methods give want. */
static void expect(const fixture *f, const rules *r, const char *want)
{
    for (int m = 0; m < 2; m++) {
        CHECK(ask(f, r, OBJECTIVE_RANK_SUM, m ? METHOD_GLPK : METHOD_AUTO) == ST_OK);
        CHECK_STR(shown(f), want);
    }
}

/* P has one seat; s1 and s2 both rank it first. By score s2 (9) is above
 * s1 (5): s2 gets it, whatever order the methods reach first. */
static void test_score(void)
{
    fixture f;
    rules r;
    rules_init(&r, 0);
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "students.csv",
                 "id,score\ns1,5\ns2,9\n", "preferences.csv",
                 "student,rank,choice\ns1,1,P\ns2,1,P\n", NULL);
    expect(&f, &r, "s1=- s2=P");
    fixture_release(&f);
    /* the same with a ranking at P that puts s1 first */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "students.csv",
                 "id,score\ns1,5\ns2,9\n", "preferences.csv",
                 "student,rank,choice\ns1,1,P\ns2,1,P\n", "rankings.csv",
                 "ranker,student,rank\nP,s1,1\nP,s2,2\n", NULL);
    expect(&f, &r, "s1=P s2=-");
    fixture_release(&f);
}

/* Swaps that are not free. */
static void test_not_free(void)
{
    fixture f;
    rules r;
    rules_init(&r, 0);
    /* another rank: s2 (score 9) ranks P second, s1 first: rank-sum wants
       s1 there (a swap would lose the rank-sum stage) */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\nQ,0\n", "students.csv",
                 "id,score\ns1,5\ns2,9\n", "preferences.csv",
                 "student,rank,choice\ns1,1,P\ns2,1,Q\ns2,2,P\n", NULL);
    expect(&f, &r, "s1=P s2=-");
    fixture_release(&f);
    /* a fixed holder stays: s1 is fixed at P */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "students.csv",
                 "id,score\ns1,5\ns2,9\n", "preferences.csv",
                 "student,rank,choice\ns1,1,P\ns2,1,P\n", "overrides.csv",
                 "student,node,action\ns1,P,fix\n", NULL);
    expect(&f, &r, "s1=P s2=-");
    fixture_release(&f);
    /* a quota: at most 0 from home x in P, and s2 is from x */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "students.csv",
                 "id,score,home\ns1,5,y\ns2,9,x\n", "preferences.csv",
                 "student,rank,choice\ns1,1,P\ns2,1,P\n", "quotas.csv",
                 "scope,field,value,min,max\nP,home,x,,0\n", NULL);
    expect(&f, &r, "s1=P s2=-");
    fixture_release(&f);
    /* a quota minimum: at least 1 from home y overall, s1 is the only one */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "students.csv",
                 "id,score,home\ns1,5,y\ns2,9,x\n", "preferences.csv",
                 "student,rank,choice\ns1,1,P\ns2,1,P\n", "quotas.csv",
                 "scope,field,value,min,max\n,home,y,1,\n", NULL);
    expect(&f, &r, "s1=P s2=-");
    fixture_release(&f);
    /* priority must hold at every node on the path: L's ranking puts s1
       first, the program P (above L) orders by score (s2 first) */
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "labs.csv", "id,program\nL,P\n",
                 "students.csv", "id,score\ns1,5\ns2,9\n", "preferences.csv",
                 "student,rank,choice\ns1,1,L\ns2,1,L\n", "rankings.csv",
                 "ranker,student,rank\nL,s1,1\nL,s2,2\n", NULL);
    /* either is merit-consistent; only the property is checked below */
    CHECK(ask(&f, &r, OBJECTIVE_RANK_SUM, METHOD_AUTO) == ST_OK);
    fixture_release(&f);
}

/* The quota count of q in leaf_of, by this file's own count. */
static int quota_count(const cycle *c, int q, const int *leaf_of)
{
    const cycle_quota *qu = &c->quotas[q];
    int n = 0;
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        int has;
        if (leaf_of[s] < 0)
            continue;
        if (qu->scope >= 0) {
            int v = c->leaves[leaf_of[s]];
            while (v >= 0 && v != qu->scope)
                v = c->nodes[v].parent;
            if (v < 0)
                continue;
        }
        has = 0;
        if (qu->field == CYCLE_FIELD_HOME)
            has = qu->value >= 0 && st->home == qu->value;
        else if (qu->field == CYCLE_FIELD_YEAR)
            has = st->year >= 0 && st->year == qu->value;
        else
            for (int i = 0; i < st->ntags; i++)
                has |= st->tags[i] == qu->value;
        n += has;
    }
    return n;
}

/* A free swap left in leaf_of (SPEC of issue 11): returns 1 and names it
 * in why. */
static int free_swap_left(const fixture *f, const rules *r, int *leaf_of, char *why, size_t len)
{
    const cycle *c = f->c;
    const admit *a = f->a;
    for (int s = 0; s < c->nstudents; s++) {
        if (leaf_of[s] >= 0)
            continue;
        admit_iter it;
        admit_pair pk;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &pk)) {
            int t_leaf = pk.leaf;
            for (int t = 0; t < c->nstudents; t++) {
                int ok = 1, rank_t = -1;
                if (leaf_of[t] != t_leaf || c->students[t].fix >= 0)
                    continue;
                if (r->require_all)
                    continue; /* t must stay placed */
                admit_iter jt;
                admit_pair pj;
                admit_iter_student(&jt, a, t);
                while (admit_next(&jt, &pj))
                    if (pj.leaf == t_leaf)
                        rank_t = pj.rank;
                if (rank_t != pk.rank)
                    continue;
                for (int v = c->leaves[t_leaf]; v >= 0 && ok; v = c->nodes[v].parent)
                    ok = oracle_above(c, v, s, t);
                if (!ok)
                    continue;
                leaf_of[s] = t_leaf;
                leaf_of[t] = -1;
                for (int q = 0; q < c->nquotas && ok; q++) {
                    int n = quota_count(c, q, leaf_of);
                    ok = n >= c->quotas[q].min && (c->quotas[q].max < 0 || n <= c->quotas[q].max);
                }
                leaf_of[s] = -1;
                leaf_of[t] = t_leaf;
                if (ok) {
                    snprintf(why, len, "'%s' could take '%s' from '%s'", c->students[s].id,
                             c->nodes[c->leaves[t_leaf]].id, c->students[t].id);
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* One cycle, every objective, with and without --require-all, both
 * methods: same stage values, every rule met, no free swap left; on tiny
 * cycles also the brute-force optimum. */
static void check_cycle(const fixture *f, const char *label, int tiny, long *swapped)
{
    for (int o = 0; o < OBJECTIVE_COUNT; o++) {
        for (int all = 0; all <= 1; all++) {
            long values[STAGES_MAX];
            int n = 0;
            rules r;
            rules_init(&r, all);
            for (int m = 0; m < 2; m++) {
                char why[200];
                status st = ask(f, &r, (enum objective)o, m ? METHOD_GLPK : METHOD_AUTO);
                if (st != ST_OK)
                    break;
                if (strstr(sol.method_note, "free swap"))
                    (*swapped)++;
                if (m == 0) {
                    n = sol.nstages;
                    for (int i = 0; i < n; i++)
                        values[i] = sol.stages[i].value;
                } else {
                    CHECK(sol.nstages == n);
                    for (int i = 0; i < n && i < sol.nstages; i++)
                        CHECK(sol.stages[i].value == values[i]);
                }
                CHECK(oracle_capacities(f->c, f->a, sol.leaf_of));
                CHECK(oracle_side_rules(f->c, &r, sol.leaf_of, 1));
                if (!CHECK(!free_swap_left(f, &r, sol.leaf_of, why, sizeof(why))))
                    printf("  %s %s%s %s: %s\n", label, objective_name((enum objective)o),
                           all ? " require-all" : "", m ? "glpk" : "auto", why);
                if (tiny) {
                    long best[ORACLE_KEYMAX], got[ORACLE_KEYMAX];
                    int kn;
                    CHECK(oracle_optimum(f->c, f->a, &r, (enum objective)o, 0, 1, best, NULL));
                    kn = oracle_key(f->c, f->a, (enum objective)o, sol.leaf_of, got);
                    CHECK(oracle_key_cmp(got, best, kn) == 0);
                }
            }
        }
    }
}

static void test_random(int seeds)
{
    long swapped = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        char label[64];
        for (int strict = 0; strict <= 1; strict++) {
            gencycle *g = gencycle_tiny_ex((uint64_t)seed, strict);
            fixture f;
            fixture_load_gen(&f, g);
            snprintf(label, sizeof(label), "tiny seed %d%s", seed, strict ? " strict" : "");
            check_cycle(&f, label, 1, &swapped);
            fixture_release(&f);
            gencycle_free(g);
        }
        if (seed % 5 == 0) {
            gencycle *g = gencycle_large((uint64_t)seed, 40, 4, seed % 10 == 0);
            fixture f;
            fixture_load_gen(&f, g);
            snprintf(label, sizeof(label), "40 students seed %d", seed);
            check_cycle(&f, label, 0, &swapped);
            fixture_release(&f);
            gencycle_free(g);
        }
    }
    printf("random cycles: %ld answers needed free swaps\n", swapped);
    CHECK(seeds < 30 || swapped > 0); /* the sweep exercises the swaps */
}

/* ---- merit-greedy under one order: with no ranking anywhere, priority is
 * the score at every node; the placed sets of the optimal assignments are
 * then the bases of a matroid (without quotas), and the greedy one places
 * the best scores it can: its placed students, sorted by score, are
 * lexicographically best. Judged by brute force over every assignment. */

typedef struct greedy_walk {
    const fixture *f;
    const rules *r;
    enum objective o;
    int kn, found;
    long best[ORACLE_KEYMAX];
    int best_set[16], nbest; /* the greedy placed set, best score first */
} greedy_walk;

static const fixture *sort_fixture;

static int by_priority(const void *x, const void *y)
{
    int s = *(const int *)x, t = *(const int *)y;
    const cycle *c = sort_fixture->c;
    if (oracle_above(c, c->leaves[0], s, t))
        return -1;
    if (oracle_above(c, c->leaves[0], t, s))
        return 1;
    return s - t;
}

/* The placed students of leaf_of, best priority first; returns their number. */
static int placed_set(const fixture *f, const int *leaf_of, int *set)
{
    int n = 0;
    for (int s = 0; s < f->c->nstudents; s++)
        if (leaf_of[s] >= 0)
            set[n++] = s;
    sort_fixture = f;
    qsort(set, (size_t)n, sizeof(int), by_priority);
    return n;
}

/* >0, 0, <0 as set x (n students, best first) places better scores than y,
 * as well, or worse. */
static int set_cmp(const fixture *f, const int *x, const int *y, int n)
{
    const cycle *c = f->c;
    for (int i = 0; i < n; i++) {
        if (oracle_above(c, c->leaves[0], x[i], y[i]))
            return 1;
        if (oracle_above(c, c->leaves[0], y[i], x[i]))
            return -1;
    }
    return 0;
}

static int greedy_visit(const int *leaf_of, void *ctx)
{
    greedy_walk *w = ctx;
    long key[ORACLE_KEYMAX];
    int set[16], n, cmp;
    if (!oracle_side_rules(w->f->c, w->r, leaf_of, 1))
        return 0;
    w->kn = oracle_key(w->f->c, w->f->a, w->o, leaf_of, key);
    n = placed_set(w->f, leaf_of, set);
    cmp = w->found ? oracle_key_cmp(key, w->best, w->kn) : 1;
    if (cmp == 0 && n == w->nbest && set_cmp(w->f, set, w->best_set, n) > 0)
        cmp = 1;
    if (cmp > 0) {
        w->found = 1;
        memcpy(w->best, key, sizeof(key));
        memcpy(w->best_set, set, sizeof(set));
        w->nbest = n;
    }
    return 0;
}

static void test_greedy(int seeds)
{
    long judged = 0, by_method[2] = {0, 0};
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny_ex((uint64_t)seed, seed % 2);
        fixture f;
        g->nranks = 0;  /* one order: the score */
        g->nquotas = 0; /* quotas would cut the matroid */
        fixture_load_gen(&f, g);
        for (int o = 0; o < OBJECTIVE_COUNT; o++)
            for (int all = 0; all <= 1; all++) {
                greedy_walk w;
                rules r;
                rules_init(&r, all);
                memset(&w, 0, sizeof(w));
                w.f = &f;
                w.r = &r;
                w.o = (enum objective)o;
                oracle_each(f.c, f.a, greedy_visit, &w);
                if (!w.found)
                    continue;
                for (int m = 0; m < 2; m++) {
                    int set[16], n;
                    if (ask(&f, &r, (enum objective)o, m ? METHOD_GLPK : METHOD_AUTO) != ST_OK)
                        continue;
                    judged++;
                    n = placed_set(&f, sol.leaf_of, set);
                    /* the flow's merit component makes the default greedy;
                       under GLPK only the post-pass of free swaps runs */
                    if (n == w.nbest && set_cmp(&f, set, w.best_set, n) == 0)
                        continue;
                    by_method[m]++;
                    if (!CHECK(m == 1))
                        printf("  tiny seed %d %s%s %s: %s is not merit-greedy\n", seed,
                               objective_name((enum objective)o), all ? " require-all" : "",
                               m ? "glpk" : "auto", shown(&f));
                }
            }
        fixture_release(&f);
        gencycle_free(g);
    }
    printf("merit-greedy under one order: %ld answers judged, %ld (auto) and %ld (glpk) not "
           "greedy\n",
           judged, by_method[0], by_method[1]);
    CHECK(seeds < 30 || judged > 0);
}

int main(void)
{
    int seeds;
    testkit_set_name("test_merit");
    seeds = (int)testkit_env_count("UNIT_SEEDS", 300) / 3;
    solution_init(&sol, 0);
    test_score();
    test_not_free();
    test_random(seeds);
    test_greedy(seeds);
    solution_release(&sol);
    return harness_finish("merit");
}
