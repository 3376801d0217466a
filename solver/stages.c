/* stages.c - planning the lexicographic stages and their coefficients. */
#include "stages.h"

#include <stdio.h>
#include <stdlib.h>

#include "mem.h"

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

int stages_plan(const admit *a, enum objective objective, int feasibility, int placements_only,
                stage_def *st)
{
    int n = 0, nranks = 0, *ranks;
    snprintf(st[n].name, sizeof(st[n].name), "placements");
    st[n].maximize = 1;
    st[n].rank = 0;
    st[n++].sum_ranks = 0;
    if (feasibility) {
        st[0].maximize = 0; /* any assignment: the objective is 0 */
        st[0].rank = -1;
        return 1;
    }
    if (placements_only)
        return n;
    if (objective == OBJECTIVE_RANK_SUM) {
        snprintf(st[n].name, sizeof(st[n].name), "rank-sum");
        st[n].maximize = 0;
        st[n].rank = 0;
        st[n++].sum_ranks = 1;
        return n;
    }
    /* the distinct ranks of the pairs: one stage per rank in use, never
       one per number up to the worst (a rank of 10^9 would be 10^9
       stages and as many bytes) */
    MEM_ALLOC_ARRAY(ranks, a->nranges + 1);
    for (int k = 0; k < a->nranges; k++)
        ranks[k] = a->ranges[k].rank;
    mem_sort(ranks, (size_t)a->nranges, sizeof(int), cmp_int);
    for (int k = 0; k < a->nranges; k++)
        if (k == 0 || ranks[k] != ranks[nranks - 1])
            ranks[nranks++] = ranks[k];
    if (nranks > STAGES_MAX - 1) {
        free(ranks);
        return -1;
    }
    /* the last rank's count follows from the placements already fixed */
    for (int i = 0; i < nranks - 1; i++) {
        int r = objective == OBJECTIVE_RANK_MAXIMAL ? ranks[i] : ranks[nranks - 1 - i];
        snprintf(st[n].name, sizeof(st[n].name), "%s rank %d",
                 objective == OBJECTIVE_RANK_MAXIMAL ? "most at" : "fewest at", r);
        st[n].maximize = objective == OBJECTIVE_RANK_MAXIMAL;
        st[n].rank = r;
        st[n++].sum_ranks = 0;
    }
    free(ranks);
    return n;
}

long stages_coef(const stage_def *sd, const admit_pair *pr)
{
    if (sd->rank < 0)
        return 0;
    if (sd->sum_ranks)
        return pr->rank;
    if (sd->rank)
        return pr->rank == sd->rank;
    return 1;
}

long stages_value(const stage_def *sd, const admit *a, const int *leaf_of, int nstudents)
{
    long value = 0;
    for (int s = 0; s < nstudents; s++) {
        admit_pair pr;
        if (leaf_of[s] >= 0 && admit_find(a, s, leaf_of[s], &pr))
            value += stages_coef(sd, &pr);
    }
    return value;
}
