/* stable_search.c - deferred acceptance repeated with the unplaced
 * students promoted within their ties (see stable_search.h). */
#include "stable_search.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "deferred.h"
#include "mem.h"
#include "sortctx.h"

/* Rounds without a larger assignment after which the search stops. */
#define STALE_ROUNDS 8

typedef struct standing {
    const int *promoted; /* per student: rounds she ended unplaced */
    const double *lp;    /* per student: her placement in the guide, or NULL */
} standing;

static int by_promotion(const void *x, const void *y, void *ctx)
{
    const standing *st = ctx;
    int s = *(const int *)x, t = *(const int *)y;
    if (st->promoted[s] != st->promoted[t])
        return st->promoted[s] > st->promoted[t] ? -1 : 1;
    if (st->lp && st->lp[s] != st->lp[t])
        return st->lp[s] > st->lp[t] ? -1 : 1;
    return (s > t) - (s < t);
}

/* tie_rank from the promotion counts: more promotions first, then more
 * placed in the guide, then by index. */
static void rank_ties(int ns, const standing *st, int *by, int *tie_rank)
{
    for (int s = 0; s < ns; s++)
        by[s] = s;
    sortctx_sort(by, (size_t)ns, sizeof(int), by_promotion, (void *)st);
    for (int i = 0; i < ns; i++)
        tie_rank[by[i]] = i;
}

/* One pass of the search (guide NULL: unguided) from no promotions;
 * keeps in leaf_of what places more than best. Returns the new best. */
static long search_pass(const cycle *c, const admit *a, const rules *r, int rounds,
                        const double *guide, long best, long most, double deadline, int *leaf_of)
{
    int ns = c->nstudents, *promoted, *by, *tie_rank, *cur;
    int stale = 0;
    char why[160];
    double *lp = NULL;
    standing st;
    deferred_ties ties;
    MEM_ZALLOC_ARRAY(promoted, ns + 1);
    if (guide) {
        admit_iter it;
        admit_pair p;
        MEM_ZALLOC_ARRAY(lp, ns + 1);
        admit_iter_all(&it, a);
        while (admit_next(&it, &p))
            lp[p.student] += guide[p.index];
    }
    st.promoted = promoted;
    st.lp = lp;
    ties.pair_weight = guide;
    MEM_ALLOC_ARRAY(by, ns + 1);
    MEM_ALLOC_ARRAY(tie_rank, ns + 1);
    MEM_ALLOC_ARRAY(cur, ns + 1);
    ties.tie_rank = tie_rank;
    ties.deadline = deadline;
    for (int round = 0; round < rounds && stale < STALE_ROUNDS && best < most; round++) {
        long placed = 0;
        enum deferred_outcome o;
        rank_ties(ns, &st, by, tie_rank);
        o = deferred_solve_ties(c, a, r, &ties, cur, why, sizeof(why));
        if (o != DEFERRED_SOLVED && o != DEFERRED_UNMET)
            break; /* not applicable (or a defect): no round will do */
        for (int s = 0; s < ns; s++)
            placed += cur[s] >= 0;
        if (o == DEFERRED_SOLVED && placed > best) {
            best = placed;
            memcpy(leaf_of, cur, sizeof(int) * (size_t)ns);
            stale = 0;
        } else {
            stale++;
        }
        for (int s = 0; s < ns; s++)
            if (cur[s] < 0 && a->range_first[s] < a->range_first[s + 1])
                promoted[s]++;
        if (deadline > 0 && clock_seconds() > deadline)
            break;
    }
    free(promoted);
    free(lp);
    free(by);
    free(tie_rank);
    free(cur);
    return best;
}

long stable_search(const cycle *c, const admit *a, const rules *r, int rounds, const double *guide,
                   double deadline, int *leaf_of)
{
    long most = 0, best; /* no round places more than the students with a pair */
    for (int s = 0; s < c->nstudents; s++)
        most += a->range_first[s] < a->range_first[s + 1];
    best = search_pass(c, a, r, rounds, NULL, -1, most, deadline, leaf_of);
    if (guide && !(deadline > 0 && clock_seconds() > deadline))
        best = search_pass(c, a, r, rounds, guide, best, most, deadline, leaf_of);
    return best;
}
