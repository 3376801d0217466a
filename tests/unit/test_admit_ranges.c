/* test_admit_ranges.c - the admissible pairs kept as ranges (admit.h)
 * against the rules asked pair by pair, on random cycles of wide labs:
 * thresholds, required tags and rankings at every level (so that some
 * subtrees are taken whole and others leaf by leaf), choices of programs,
 * labs and leaves at mixed ranks, fixes and forbids. For every (student,
 * leaf): admissible exactly when admit_failures finds no rule broken, at
 * admit_choice_rank's rank (R+1 when unranked through a fix); the
 * iterator, admit_pair_at, admit_count and admit_range_from agree with
 * that list; a student's ranges are sorted, disjoint and maximal (two
 * that meet differ in rank); admit_range_reach reaches each node once;
 * admit_reach_counts and admit_demand_count equal counts made student by
 * student and node by node. And admit_build_by stops at a deadline that
 * has passed. Environment: UNIT_SEEDS (default 300) random cycles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "clock.h"
#include "fixture.h"
#include "gencycle.h"
#include "harness.h"
#include "strbuf.h"
#include "testkit.h"

static const char *pick(gencycle_rng *r, const char *const *v, int n)
{
    return v[gencycle_rng_below(r, n)];
}

/* A random cycle as CSV strings into the eight strbufs (programs, labs,
 * supervisors, students, preferences, rankings, overrides; the last two
 * may stay header-only). */
static void random_cycle(uint64_t seed, strbuf *files)
{
    static const char *const gpas[] = {"", "", "", "3.0", "3.5", "3.55", "3.9"};
    static const char *const tags[] = {"", "", "", "", "t1", "t2", "t1;t2"};
    static const char *const years[] = {"", "", "", "2", "3"};
    static const int widths[] = {0, 1, 2, 5, 12, 40};
    gencycle_rng r;
    char *nodes[400];
    int nnodes = 0, nprog, ns;
    gencycle_rng_init(&r, seed);
    strbuf_adds(&files[0], "id,capacity,min_gpa,requires,min_year\n");
    strbuf_adds(&files[1], "id,program,capacity,min_gpa,requires,min_year\n");
    strbuf_adds(&files[2], "id,lab,capacity,min_gpa,requires,min_year\n");
    nprog = gencycle_rng_range(&r, 1, 3);
    for (int p = 0; p < nprog; p++) {
        strbuf id;
        strbuf_init(&id);
        strbuf_addf(&id, "p%d", p);
        strbuf_addf(&files[0], "%s,%s,%s,%s,%s\n", id.buf, gencycle_rng_chance(&r, 30) ? "9" : "",
                    pick(&r, gpas, 7), pick(&r, tags, 7), pick(&r, years, 5));
        nodes[nnodes++] = strbuf_detach(&id);
        for (int l = gencycle_rng_below(&r, 4); l > 0 && nnodes < 380; l--) {
            strbuf lid;
            int lab = nnodes, nsup = widths[gencycle_rng_below(&r, 6)];
            strbuf_init(&lid);
            strbuf_addf(&lid, "l%d", lab);
            strbuf_addf(&files[1], "%s,p%d,%s,%s,%s,%s\n", lid.buf, p,
                        gencycle_rng_chance(&r, 30) ? "4" : "", pick(&r, gpas, 7),
                        pick(&r, tags, 7), pick(&r, years, 5));
            nodes[nnodes++] = strbuf_detach(&lid);
            for (int v = 0; v < nsup && nnodes < 390; v++) {
                strbuf vid;
                strbuf_init(&vid);
                strbuf_addf(&vid, "l%dv%d", lab, v);
                /* a threshold on few supervisors: most labs stay whole */
                strbuf_addf(&files[2], "%s,l%d,1,%s,%s,%s\n", vid.buf, lab,
                            gencycle_rng_chance(&r, 15) ? pick(&r, gpas, 7) : "",
                            gencycle_rng_chance(&r, 10) ? pick(&r, tags, 7) : "",
                            gencycle_rng_chance(&r, 10) ? pick(&r, years, 5) : "");
                nodes[nnodes++] = strbuf_detach(&vid);
            }
        }
    }
    ns = gencycle_rng_range(&r, 3, 25);
    strbuf_adds(&files[3], "id,year,gpa,tags,score\n");
    strbuf_adds(&files[4], "student,rank,choice\n");
    strbuf_adds(&files[5], "ranker,student,rank\n");
    strbuf_adds(&files[6], "student,node,action\n");
    for (int s = 0; s < ns; s++) {
        int nch = gencycle_rng_below(&r, 6), used[6], fixed = 0;
        /* half of them meet every rule, the others some */
        int strong = gencycle_rng_chance(&r, 50);
        strbuf_addf(&files[3], "s%02d,%s,%s,%s,%d\n", s, strong ? "3" : pick(&r, years, 5),
                    strong ? "4.0" : pick(&r, gpas, 7), strong ? "t1;t2" : pick(&r, tags, 7),
                    gencycle_rng_below(&r, 50));
        for (int i = 0; i < nch; i++) {
            int n = gencycle_rng_below(&r, nnodes), dup = 0;
            for (int j = 0; j < i; j++)
                dup |= used[j] == n;
            used[i] = n;
            if (!dup) /* the same (student, choice) twice is an input error */
                strbuf_addf(&files[4], "s%02d,%d,%s\n", s,
                            gencycle_rng_chance(&r, 50) ? i + 1 : gencycle_rng_range(&r, 1, 3),
                            nodes[n]);
        }
        if (gencycle_rng_chance(&r, 8)) { /* one fix, and no forbid that could cover it */
            strbuf_addf(&files[6], "s%02d,%s,fix\n", s, nodes[gencycle_rng_below(&r, nnodes)]);
            fixed = 1;
        }
        if (!fixed && gencycle_rng_chance(&r, 15))
            strbuf_addf(&files[6], "s%02d,%s,forbid\n", s, nodes[gencycle_rng_below(&r, nnodes)]);
    }
    for (int k = gencycle_rng_below(&r, 3), last = -1; k > 0; k--) {
        int n = gencycle_rng_below(&r, nnodes);
        const char *ranker = nodes[n];
        if (n == last)
            continue; /* a node ranks once */
        last = n;
        for (int s = 0; s < ns; s++)
            if (gencycle_rng_chance(&r, 60))
                strbuf_addf(&files[5], "%s,s%02d,%d\n", ranker, s, gencycle_rng_range(&r, 1, 4));
    }
    for (int i = 0; i < nnodes; i++)
        free(nodes[i]);
}

/* The rules asked pair by pair: whether (s, leaf) is admissible and at
 * which rank. */
static int reference(const cycle *c, const admit *a, int s, int leaf, int *rank)
{
    admit_checks list = {NULL, 0, 0};
    int n = admit_failures(c, s, leaf, &list);
    free(list.v);
    if (n > 0 || c->students[s].round == CYCLE_ROUND_DECLINED)
        return 0;
    *rank = admit_choice_rank(c, s, leaf);
    if (*rank == 0)
        *rank = a->unranked_rank;
    return 1;
}

/* Whether student s has an admissible leaf below node v (the reference). */
static int reaches(const cycle *c, const admit *a, int s, int v)
{
    int rank;
    for (int l = c->nodes[v].leaf_lo; l < c->nodes[v].leaf_hi; l++)
        if (reference(c, a, s, l, &rank))
            return 1;
    return 0;
}

/* Whether one of student s's choices (with top: one at her best rank)
 * is node v, above it or below it. */
static int asks(const cycle *c, int s, int v, int top)
{
    const cycle_student *st = &c->students[s];
    for (int i = 0; i < st->nchoices; i++) {
        int n = st->choices[i].node;
        if (top && st->choices[i].rank != st->choices[0].rank)
            continue;
        if (cycle_within(c, n, v) || cycle_within(c, v, n))
            return 1;
    }
    return 0;
}

static void check_cycle(const fixture *f, long *pairs, long *whole)
{
    const cycle *c = f->c;
    const admit *a = f->a;
    admit_iter it;
    admit_pair p;
    long k = 0, total = 0;
    int *count, *seen;
    admit_demand *dm;
    /* every pair, in index order, against the rules */
    admit_iter_all(&it, a);
    while (admit_next(&it, &p)) {
        admit_pair q = admit_pair_at(a, k);
        int rank = 0;
        CHECK(p.index == k && q.index == k && q.student == p.student && q.leaf == p.leaf);
        CHECK(reference(c, a, p.student, p.leaf, &rank) && rank == p.rank &&
              p.ranked == (rank != a->unranked_rank));
        k++;
    }
    CHECK(k == a->npairs);
    for (int s = 0; s < c->nstudents; s++) {
        long n = 0;
        for (int l = 0; l < c->nleaves; l++) {
            int rank = 0, want = reference(c, a, s, l, &rank);
            if (!CHECK(admit_find(a, s, l, &p) == want))
                printf("  (%s, %s): admissible %d by the rules\n", c->students[s].id,
                       c->nodes[c->leaves[l]].id, want);
            else if (want)
                CHECK(p.student == s && p.leaf == l && p.rank == rank);
            n += want;
        }
        CHECK(admit_count(a, s) == n);
        total += n;
        for (int g = a->range_first[s]; g < a->range_first[s + 1]; g++) {
            const admit_range *rg = &a->ranges[g];
            CHECK(rg->student == s && rg->leaf_lo < rg->leaf_hi);
            if (g > a->range_first[s]) {
                const admit_range *prev = rg - 1;
                CHECK(prev->leaf_hi <= rg->leaf_lo);
                CHECK(prev->leaf_hi < rg->leaf_lo || prev->rank != rg->rank); /* maximal */
                CHECK(prev->first + (prev->leaf_hi - prev->leaf_lo) == rg->first);
            }
            CHECK(admit_range_from(a, s, rg->leaf_lo) == g &&
                  admit_range_from(a, s, rg->leaf_hi - 1) == g);
            *whole += rg->leaf_hi - rg->leaf_lo > 1;
        }
        /* each node she reaches, by exactly one of her ranges */
        for (int v = 0; v < c->nnodes; v++) {
            int by = 0;
            for (int g = a->range_first[s]; g < a->range_first[s + 1]; g++) {
                int path[3], npath, from, to;
                admit_range_reach(c, a, g, path, &npath, &from, &to);
                by += v > from && v <= to;
                for (int i = 0; i < npath; i++)
                    by += path[i] == v;
            }
            if (!CHECK(by == reaches(c, a, s, v)))
                printf("  student %s, node %s: reached %d times\n", c->students[s].id,
                       c->nodes[v].id, by);
        }
    }
    CHECK(total == a->npairs);
    *pairs += total;
    /* the counts per node, student by student */
    count = testkit_xcalloc((size_t)c->nnodes + 1, sizeof(int));
    seen = testkit_xcalloc((size_t)c->nnodes + 1, sizeof(int));
    dm = testkit_xcalloc((size_t)c->nnodes + 1, sizeof(*dm));
    admit_reach_counts(a, c, count);
    admit_demand_count(a, c, dm);
    for (int v = 0; v < c->nnodes; v++) {
        int reach = 0, first = 0, all = 0;
        for (int s = 0; s < c->nstudents; s++) {
            reach += reaches(c, a, s, v);
            first += asks(c, s, v, 1);
            all += asks(c, s, v, 0);
        }
        CHECK(count[v] == reach && dm[v].eligible == reach);
        if (!CHECK(dm[v].first == first && dm[v].total == all))
            printf("  node %s: first %d/%d, total %d/%d\n", c->nodes[v].id, dm[v].first, first,
                   dm[v].total, all);
    }
    free(count);
    free(seen);
    free(dm);
}

static void test_random(int seeds)
{
    long pairs = 0, whole = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        strbuf files[7];
        fixture f;
        for (int i = 0; i < 7; i++)
            strbuf_init(&files[i]);
        random_cycle((uint64_t)seed, files);
        fixture_load(&f, "programs.csv", files[0].buf, "labs.csv", files[1].buf,
                     "supervisors.csv", files[2].buf, "students.csv", files[3].buf,
                     "preferences.csv", files[4].buf, "rankings.csv", files[5].buf,
                     "overrides.csv", files[6].buf, NULL);
        check_cycle(&f, &pairs, &whole);
        fixture_release(&f);
        for (int i = 0; i < 7; i++)
            strbuf_release(&files[i]);
    }
    printf("admit_ranges: %d cycles, %ld pairs, %ld ranges of two leaves or more\n", seeds,
           pairs, whole);
    CHECK(seeds < 20 || whole > 0);
}

/* A deadline already passed stops the build: no admit, ST_TIME_LIMIT. */
static void test_deadline(void)
{
    fixture f;
    diag d;
    admit *a = (admit *)&d; /* set to NULL by the build */
    fixture_load(&f, "programs.csv", "id\nP\n", "students.csv", "id\ns1\n", "preferences.csv",
                 "student,rank,choice\ns1,1,P\n", NULL);
    diag_init(&d);
    CHECK(admit_build_by(f.c, clock_seconds() - 1, &d, &a) == ST_TIME_LIMIT && a == NULL);
    CHECK(admit_build_by(f.c, clock_seconds() + 3600, &d, &a) == ST_OK && a && a->npairs == 1);
    admit_free(a);
    diag_release(&d);
    fixture_release(&f);
}

int main(void)
{
    int seeds = (int)testkit_env_count("UNIT_SEEDS", 300);
    test_random(seeds);
    test_deadline();
    return harness_finish("admit_ranges");
}
