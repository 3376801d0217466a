/* treeflow.c - the cycle as a min-cost flow network (see treeflow.h). */
#include "treeflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcf.h"
#include "mem.h"

enum { SOURCE = 0, SINK = 1 };

/* Cost components stored per half-arc at most (8 bytes each): beyond,
 * e.g. rank-maximal with a hundred distinct ranks on 50,000 students, the
 * flow would need gigabytes, and GLPK takes the cycle instead. */
#define TREEFLOW_MAX_COST_ENTRIES 4e7

enum treeflow_outcome treeflow_solve(const cycle *c, const admit *a, const rules *r,
                                     const stage_def *st, int nstages, enum treeflow_merit merit, int *leaf_of,
                                     long *phases, long *exchanges, char *why, size_t whylen)
{
    int dim = nstages + (merit == TREEFLOW_MERIT_COST), ns = c->nstudents, nn = c->nnodes;
    int node0 = 2 + ns; /* tree node n is network node node0 + n */
    long unlimited = (long)ns + 1;
    long *cost;
    int *pair_arc, *lb_arc, nlb = 0, *src_arc, nsrc = 0;
    long *src_key;
    long *lb_need;
    enum treeflow_outcome out = TREEFLOW_SOLVED;
    mcf *g;

    if (2.0 * ((double)ns + a->npairs + 2.0 * nn) * dim > TREEFLOW_MAX_COST_ENTRIES) {
        snprintf(why, whylen, "%d stages on %d pairs exceed the flow's memory budget", nstages,
                 a->npairs);
        return TREEFLOW_UNMET;
    }
    /* cost component 0: lower bounds met (-1 a unit); component j >= 1:
       stage j, negated when it maximises; stage 0 (placements) is the
       maximum flow itself; TREEFLOW_MERIT_COST: a last component, the
       student's place by score on her arc from the source */
    MEM_ZALLOC_ARRAY(cost, dim);
    MEM_ALLOC_ARRAY(pair_arc, a->npairs + 1);
    MEM_ALLOC_ARRAY(lb_arc, ns + nn + 1);
    MEM_ALLOC_ARRAY(lb_need, ns + nn + 1);
    MEM_ALLOC_ARRAY(src_arc, ns + 1);
    MEM_ALLOC_ARRAY(src_key, ns + 1);
    *exchanges = 0;
    g = mcf_new(2 + ns + nn, dim);
    for (int s = 0; s < ns; s++) {
        int must = rules_must_place(r, c, s);
        if (a->first[s] == a->first[s + 1]) {
            if (must) {
                snprintf(why, whylen, "a student who must be placed has no admissible leaf");
                out = TREEFLOW_UNMET;
                goto done;
            }
            continue;
        }
        memset(cost, 0, sizeof(long) * (size_t)dim);
        cost[0] = must ? -1 : 0;
        if (merit == TREEFLOW_MERIT_COST)
            cost[nstages] = a->score_key[s];
        {
            int arc = mcf_add_arc(g, SOURCE, 2 + s, 1, cost);
            src_arc[nsrc] = arc;
            src_key[nsrc++] = a->score_key[s];
            if (must) {
                lb_arc[nlb] = arc;
                lb_need[nlb++] = 1;
            }
        }
    }
    for (int k = 0; k < a->npairs; k++) {
        const admit_pair *pr = &a->pairs[k];
        memset(cost, 0, sizeof(long) * (size_t)dim);
        for (int j = 1; j < nstages; j++) {
            long cf = stages_coef(&st[j], pr);
            cost[j] = st[j].maximize ? -cf : cf;
        }
        pair_arc[k] = mcf_add_arc(g, 2 + pr->student, node0 + c->leaves[pr->leaf], 1, cost);
    }
    for (int n = 0; n < nn; n++) {
        const cycle_node *nd = &c->nodes[n];
        int up = nd->parent >= 0 ? node0 + nd->parent : SINK;
        long cap = nd->capacity >= 0 ? nd->capacity : unlimited;
        long min = rules_min(r, c, n);
        memset(cost, 0, sizeof(long) * (size_t)dim);
        if (min > cap)
            min = cap;
        if (min > 0) {
            cost[0] = -1;
            lb_arc[nlb] = mcf_add_arc(g, node0 + n, up, min, cost);
            lb_need[nlb++] = min;
            cost[0] = 0;
        }
        if (cap - min > 0)
            mcf_add_arc(g, node0 + n, up, cap - min, cost);
    }
    if (mcf_solve(g, SOURCE, SINK) != 0) {
        snprintf(why, whylen, "the flow network has a cycle");
        out = TREEFLOW_UNCERTIFIED;
        goto done;
    }
    *phases = mcf_phases(g);
    if (merit == TREEFLOW_MERIT_EXCHANGE)
        *exchanges = mcf_prefer_sources(g, SOURCE, src_arc, src_key, nsrc);
    if (!mcf_certify(g, SOURCE, SINK, why, whylen)) {
        out = TREEFLOW_UNCERTIFIED;
        goto done;
    }
    for (int i = 0; i < nlb; i++) {
        if (mcf_flow(g, lb_arc[i]) < lb_need[i]) {
            snprintf(why, whylen, "the most placements leave a minimum or a must-place student "
                                  "unmet");
            out = TREEFLOW_UNMET;
            goto done;
        }
    }
    for (int s = 0; s < ns; s++)
        leaf_of[s] = -1;
    for (int k = 0; k < a->npairs; k++)
        if (mcf_flow(g, pair_arc[k]) > 0)
            leaf_of[a->pairs[k].student] = a->pairs[k].leaf;
done:
    mcf_free(g);
    free(cost);
    free(pair_arc);
    free(lb_arc);
    free(lb_need);
    free(src_arc);
    free(src_key);
    return out;
}
