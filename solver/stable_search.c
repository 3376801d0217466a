/* stable_search.c - deferred acceptance repeated with the unplaced
 * students promoted within their ties (see stable_search.h). */
#include "stable_search.h"

#include <stdlib.h>
#include <string.h>

#include "deferred.h"
#include "mem.h"
#include "sortctx.h"

/* Rounds without a larger assignment after which the search stops. */
#define STALE_ROUNDS 8

static int by_promotion(const void *x, const void *y, void *ctx)
{
    const int *promoted = ctx;
    int s = *(const int *)x, t = *(const int *)y;
    if (promoted[s] != promoted[t])
        return promoted[s] > promoted[t] ? -1 : 1;
    return (s > t) - (s < t);
}

/* tie_rank from the promotion counts: more promotions first, then by
 * index. */
static void rank_ties(int ns, const int *promoted, int *by, int *tie_rank)
{
    for (int s = 0; s < ns; s++)
        by[s] = s;
    sortctx_sort(by, (size_t)ns, sizeof(int), by_promotion, (void *)promoted);
    for (int i = 0; i < ns; i++)
        tie_rank[by[i]] = i;
}

long stable_search(const cycle *c, const admit *a, const rules *r, int rounds, int *leaf_of)
{
    int ns = c->nstudents, *promoted, *by, *tie_rank, *cur;
    long best = -1;
    int stale = 0;
    char why[160];
    MEM_ZALLOC_ARRAY(promoted, ns + 1);
    MEM_ALLOC_ARRAY(by, ns + 1);
    MEM_ALLOC_ARRAY(tie_rank, ns + 1);
    MEM_ALLOC_ARRAY(cur, ns + 1);
    for (int round = 0; round < rounds && stale < STALE_ROUNDS; round++) {
        long placed = 0;
        enum deferred_outcome o;
        rank_ties(ns, promoted, by, tie_rank);
        o = deferred_solve_ordered(c, a, r, 1, tie_rank, cur, why, sizeof(why));
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
            if (cur[s] < 0 && a->first[s] < a->first[s + 1])
                promoted[s]++;
    }
    free(promoted);
    free(by);
    free(tie_rank);
    free(cur);
    return best;
}
