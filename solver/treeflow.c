/* treeflow.c - the cycle as a min-cost flow network (see treeflow.h). */
#include "treeflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcf.h"
#include "mem.h"
#include "sortctx.h"

enum { SOURCE = 0, SINK = 1 };

/* Cost components the flow solves together before the rest go one at a
 * time (mcf_solve_staged): the lower bounds and the first stage after the
 * placements (and the placements between them when the lower bounds come
 * first: flow_run). Rank-sum is then one joint run; rank-maximal and generous
 * improve the flow rank by rank instead of carrying a vector per rank
 * through every Dijkstra (1,654 phases and 249 s on 50,000 students
 * before; 64 phases and 4 s after). */
#define TREEFLOW_LEAD 2

/* Cost components stored per half-arc at most (8 bytes each): beyond,
 * e.g. rank-maximal with a hundred distinct ranks on 50,000 students, the
 * flow would need gigabytes, and GLPK takes the cycle instead. */
#define TREEFLOW_MAX_COST_ENTRIES 4e7

/* A quota in force under its value, for grouping by value. */
typedef struct group_key {
    int value, q;
} group_key;

static int cmp_group_key(const void *a, const void *b)
{
    const group_key *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->q < y->q ? -1 : x->q > y->q;
}

static int cmp_first_q(const void *a, const void *b, void *ctx)
{
    const group_key *keys = ctx;
    int x = keys[*(const int *)a].q, y = keys[*(const int *)b].q;
    return x < y ? -1 : x > y;
}

/* The quota groups of r's quotas in force when they stay a network: every
 * one counts the whole cycle and all count one field that gives each
 * student at most one value (home or year), so their groups are disjoint.
 * Fills group_of (per student, -1 in none), gmax (-1: no maximum) and
 * gmin per group, and returns the number of groups; 0 when no quota is
 * in force, -1 when some quota in force is not of this kind. The arrays
 * may be NULL to ask only. */
static int quota_groups(const cycle *c, const rules *r, int *group_of, long *gmax, long *gmin)
{
    int field = -1, nk = 0, ng = 0, *run, *group;
    group_key *keys;
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        if (!rules_quota_applies(r, q))
            continue;
        if (qu->scope >= 0 || qu->field == CYCLE_FIELD_TAG || (field >= 0 && qu->field != field))
            return -1;
        field = qu->field;
    }
    if (field < 0)
        return 0;
    /* a group per value, numbered in the order of its first quota: the
       quotas sorted by value give the runs (a scan of the groups per quota
       was quadratic in the values of a '*' row) */
    MEM_ALLOC_ARRAY(keys, c->nquotas + 1);
    MEM_ALLOC_ARRAY(run, c->nquotas + 1);
    MEM_ALLOC_ARRAY(group, c->nquotas + 1);
    for (int q = 0; q < c->nquotas; q++)
        if (rules_quota_applies(r, q))
            keys[nk++] = (group_key){c->quotas[q].value, q};
    mem_sort(keys, (size_t)nk, sizeof(*keys), cmp_group_key);
    for (int k = 0; k < nk; k++)
        if (k == 0 || keys[k].value != keys[k - 1].value)
            run[ng++] = k; /* the run's first key has its lowest quota */
    sortctx_sort(run, (size_t)ng, sizeof(int), cmp_first_q, keys);
    for (int g = 0; g < ng; g++)
        for (int k = run[g]; k < nk && keys[k].value == keys[run[g]].value; k++)
            group[keys[k].q] = g;
    for (int g = 0; gmax && g < ng; g++) {
        gmax[g] = -1;
        gmin[g] = 0;
    }
    for (int q = 0; gmax && q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int g = group[q];
        if (!rules_quota_applies(r, q))
            continue;
        /* several rows on one value: the tightest of each bound */
        if (qu->max >= 0 && (gmax[g] < 0 || qu->max < gmax[g]))
            gmax[g] = qu->max;
        if (qu->min > gmin[g])
            gmin[g] = qu->min;
        for (int i = 0; i < qu->nstudents; i++)
            group_of[qu->students[i]] = g;
    }
    free(keys);
    free(run);
    free(group);
    return ng;
}

/* "Any leaf below": where a range of student's pairs (one rank, leaves
 * from leaf on, up to hi) covers every leaf of a node's subtree, she
 * reaches them by one arc into that node, not by an arc per leaf (100
 * students choosing a program of 100,000 supervisors: 100 arcs instead of
 * 10 million). Returns the highest such node above leaf (with at least
 * two leaves, its first leaf being leaf), or -1. */
static int bundle_node(const cycle *c, int leaf, int hi)
{
    int best = -1;
    for (int v = c->nodes[c->leaves[leaf]].parent; v >= 0; v = c->nodes[v].parent) {
        const cycle_node *nd = &c->nodes[v];
        if (nd->leaf_lo != leaf || nd->leaf_hi > hi)
            break;
        if (nd->leaf_hi - nd->leaf_lo >= 2)
            best = v;
    }
    return best;
}

/* The arcs students reach leaves by, in the order of their pairs: one per
 * leaf, or one into a node whose whole subtree is hers at one rank
 * (bundle_node). */
typedef struct reach {
    struct piece {
        int student, rank, ranked;
        int node;    /* the leaf's node, or the node a bundle reaches */
        int bundled; /* into node's down copy */
        int arc;
    } * pieces;
    long npieces, cap;
    unsigned char *down; /* per tree node: has a down node (a bundle
                            reaches it or a node above it) */
    int *down_arc;       /* per tree node n: the arc into it from its parent's
                            down node, -1 */
    long arcs;           /* arcs from students to leaves and nodes */
} reach;

/* Plans r (the pieces and the arcs they save) before the network is
 * built, so that the memory budget counts the arcs there will be. */
static void reach_plan(const cycle *c, const admit *a, reach *r)
{
    memset(r, 0, sizeof(*r));
    MEM_ZALLOC_ARRAY(r->down, c->nnodes + 1);
    MEM_ALLOC_ARRAY(r->down_arc, c->nnodes + 1);
    for (int k = 0; k < a->nranges; k++) {
        const admit_range *g = &a->ranges[k];
        for (int leaf = g->leaf_lo; leaf < g->leaf_hi;) {
            int v = bundle_node(c, leaf, g->leaf_hi);
            if (r->npieces == r->cap) {
                r->cap = r->cap ? 2 * r->cap : 64;
                r->pieces = mem_realloc(r->pieces, mem_mul(sizeof(*r->pieces), (size_t)r->cap));
            }
            r->pieces[r->npieces++] = (struct piece){g->student, g->rank, g->ranked,
                                                     v >= 0 ? v : c->leaves[leaf], v >= 0, -1};
            r->arcs++;
            if (v >= 0)
                r->down[v] = 1;
            leaf = v >= 0 ? c->nodes[v].leaf_hi : leaf + 1;
        }
    }
    /* nodes are depth first: a parent's mark reaches its children */
    for (int n = 0; n < c->nnodes; n++) {
        int p = c->nodes[n].parent;
        r->down_arc[n] = -1;
        if (p >= 0 && r->down[p]) {
            r->down[n] = 1;
            r->arcs++;
        }
    }
}

static void reach_release(reach *r)
{
    free(r->pieces);
    free(r->down);
    free(r->down_arc);
}

/* Which leaf each student who came in through a bundle takes: the
 * students entering each down node (by their bundle, or from the parent's
 * down node) are dealt to its children by the flow on their arcs, parents
 * before children. Any dealing is an optimal assignment: every student
 * entering a node may take any leaf below it at the same cost. */
static void reach_deal(const cycle *c, const reach *r, const mcf *g, int *leaf_of)
{
    int **in, *nin, *capin;
    MEM_ZALLOC_ARRAY(in, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(nin, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(capin, c->nnodes + 1);
    for (long b = 0; b < r->npieces; b++) {
        int v = r->pieces[b].node;
        if (!r->pieces[b].bundled || mcf_flow(g, r->pieces[b].arc) <= 0)
            continue;
        MEM_GROW(in[v], nin[v], capin[v]);
        in[v][nin[v]++] = r->pieces[b].student;
    }
    for (int n = 0; n < c->nnodes; n++) {
        int p = c->nodes[n].parent;
        long f;
        if (r->down_arc[n] < 0 || (f = mcf_flow(g, r->down_arc[n])) <= 0)
            continue;
        for (long i = 0; i < f && nin[p] > 0; i++) {
            int s = in[p][--nin[p]];
            if (c->nodes[n].leaf >= 0) {
                leaf_of[s] = c->nodes[n].leaf;
            } else {
                MEM_GROW(in[n], nin[n], capin[n]);
                in[n][nin[n]++] = s;
            }
        }
    }
    for (int n = 0; n < c->nnodes; n++)
        free(in[n]);
    free(in);
    free(nin);
    free(capin);
}

int treeflow_quotas_in_network(const cycle *c, const rules *r)
{
    return quota_groups(c, r, NULL, NULL, NULL) > 0;
}


/* What a run of the flow works on, set up once by treeflow_solve. */
typedef struct flow_in {
    const cycle *c;
    const admit *a;
    const rules *r;
    const stage_def *st;
    int nstages;
    int ngroups;         /* quota groups in the network (0: none) */
    const int *group_of; /* per student: her group, -1; NULL: none */
    const long *gmax;    /* per group: -1 no maximum */
    const long *gmin;
    /* treeflow_priced (unplaced runs only): component 1 costs
       unplaced_cost[s] on s's unplaced arc instead of 1, and
       pair_scale x pair_stage's coefficient on each of her pairs */
    const long *unplaced_cost;
    const stage_def *pair_stage;
    long pair_scale;
    long placed_exactly; /* >= 0 (unplaced runs only): the programs' arcs
                            to the sink pass a node taking that many, the
                            unplaced arcs one taking the rest */
    treeflow_warm *warm; /* treeflow_priced: the last network, kept */
} flow_in;

/* Student s's quota group, -1: none. */
static int group_of(const flow_in *in, int s)
{
    return in->group_of ? in->group_of[s] : -1;
}

/* The students of each group that can enter the network (those with a
 * pair, up to the group's maximum), into enter[]. */
static void group_entries(const flow_in *in, long *enter)
{
    for (int q = 0; q < in->ngroups; q++)
        enter[q] = 0;
    for (int s = 0; s < in->c->nstudents; s++)
        if (group_of(in, s) >= 0 && in->a->range_first[s] < in->a->range_first[s + 1])
            enter[group_of(in, s)]++;
    for (int q = 0; q < in->ngroups; q++)
        if (in->gmax[q] >= 0 && in->gmax[q] < enter[q])
            enter[q] = in->gmax[q];
}

/* One run of the flow: builds the network, solves it in stages, checks
 * the certificate and the lower bounds, and fills leaf_of.
 *
 * unplaced = 0: the maximum flow is the most placements, the lower bounds
 * cost -1 a unit in component 0, and stage j >= 1 is component j. The
 * run meets the lower bounds only if some assignment with the most
 * placements does.
 *
 * unplaced = 1: every student who need not be placed also has an arc to
 * the sink, +1 a unit in component 1, so every maximum flow routes every
 * student who can enter and the order is: the lower bounds met (component
 * 0), then the placements (1), then stage j >= 1 (j + 1). Any assignment
 * extends to such a flow by the unplaced arcs without changing those
 * costs, so a shortfall in component 0 proves that no assignment meets
 * the lower bounds. A group's minimum counts its placed students: the
 * unplaced arcs of its students go through a node of its own, whose arc
 * to the sink takes (students it lets in) - min free and the rest at +1
 * a unit in component 0. */
static enum treeflow_outcome flow_run(const flow_in *in, reach *rc, enum treeflow_merit merit,
                                      int unplaced, int *leaf_of, long *phases, long *exchanges,
                                      int *bounds_unmet, char *why, size_t whylen)
{
    const cycle *c = in->c;
    const admit *a = in->a;
    const rules *r = in->r;
    int nstages = in->nstages, ngroups = in->ngroups, ns = c->nstudents, nn = c->nnodes;
    int shift = unplaced ? 1 : 0;                 /* stage j is component j + shift */
    int dim = nstages + shift + (merit == TREEFLOW_MERIT_COST);
    int merit_comp = nstages + shift;             /* TREEFLOW_MERIT_COST's component */
    int node0 = 2 + ns;                           /* tree node n is network node node0 + n */
    int group0 = node0 + nn;                      /* quota group g: group0 + g */
    int down0 = group0 + ngroups;                 /* tree node n's down node (reach) */
    int left0 = down0 + nn;                       /* group g's unplaced node: left0 + g */
    int exact = unplaced && in->placed_exactly >= 0;
    int top = left0 + (unplaced ? ngroups : 0); /* exact: the programs' node */
    int rest = top + 1;                         /* exact: the unplaced arcs' node */
    long unlimited = (long)ns + 1, met = 0, need = 0, nnet = 0;
    long *cost, *lb_need, *src_key, *enter = NULL;
    int *lb_arc, nlb = 0, *src_arc, nsrc = 0;
    enum treeflow_outcome out = TREEFLOW_SOLVED;
    mcf *g;

    MEM_ZALLOC_ARRAY(cost, dim);
    MEM_ALLOC_ARRAY(lb_arc, ns + nn + c->nquotas + 1);
    MEM_ALLOC_ARRAY(lb_need, ns + nn + c->nquotas + 1);
    MEM_ALLOC_ARRAY(src_arc, ns + 1);
    MEM_ALLOC_ARRAY(src_key, ns + 1);
    *exchanges = 0;
    g = mcf_new(top + (exact ? 2 : 0), dim);
    if (unplaced) {
        /* the groups: source -> group up to the maximum; the minimum is
           counted on the unplaced side */
        MEM_ALLOC_ARRAY(enter, ngroups + 1);
        group_entries(in, enter);
        for (int q = 0; q < ngroups; q++) {
            long free_left = enter[q] - in->gmin[q];
            mcf_add_arc(g, SOURCE, group0 + q, in->gmax[q] >= 0 ? in->gmax[q] : unlimited, cost);
            if (in->gmin[q] <= 0)
                continue;
            if (free_left > 0)
                mcf_add_arc(g, left0 + q, SINK, free_left, cost);
            cost[0] = 1;
            mcf_add_arc(g, left0 + q, SINK, unlimited, cost);
            cost[0] = 0;
        }
    } else {
        /* the groups: source -> group, the minimum first (cost -1 a unit,
           as every lower bound), then up to the maximum */
        for (int q = 0; q < ngroups; q++) {
            long cap = in->gmax[q] >= 0 ? in->gmax[q] : unlimited, gmin = in->gmin[q];
            long min = gmin < cap ? gmin : cap;
            if (gmin > 0) { /* a min above the max: an arc it cannot fill, so unmet */
                cost[0] = -1;
                lb_arc[nlb] = mcf_add_arc(g, SOURCE, group0 + q, min, cost);
                lb_need[nlb++] = gmin;
                cost[0] = 0;
            }
            if (cap - min > 0)
                mcf_add_arc(g, SOURCE, group0 + q, cap - min, cost);
        }
    }
    for (int s = 0; s < ns; s++) {
        int must = rules_must_place(r, c, s), q = group_of(in, s);
        int from = q >= 0 ? group0 + q : SOURCE, arc;
        if (a->range_first[s] == a->range_first[s + 1]) {
            if (must) {
                snprintf(why, whylen, "a student who must be placed has no admissible leaf");
                out = TREEFLOW_UNMET;
                goto done;
            }
            continue;
        }
        memset(cost, 0, sizeof(long) * (size_t)dim);
        cost[0] = must ? -1 : 0;
        if (merit == TREEFLOW_MERIT_COST && !unplaced)
            cost[merit_comp] = a->score_key[s];
        arc = mcf_add_arc(g, from, 2 + s, 1, cost);
        src_arc[nsrc] = arc;
        src_key[nsrc++] = a->score_key[s];
        if (must) { /* no unplaced arc: her arc from the source is her place */
            lb_arc[nlb] = arc;
            lb_need[nlb++] = 1;
        } else if (unplaced) {
            memset(cost, 0, sizeof(long) * (size_t)dim);
            cost[1] = in->unplaced_cost ? in->unplaced_cost[s] : 1;
            mcf_add_arc(g, 2 + s,
                        exact                          ? rest
                        : q >= 0 && in->gmin[q] > 0 ? left0 + q
                                                       : SINK,
                        1, cost);
        }
        nnet++;
    }
    for (long k = 0; k < rc->npieces; k++) {
        struct piece *pc = &rc->pieces[k];
        admit_pair pr = {pc->student, -1, pc->rank, pc->ranked, -1}; /* its stage costs */
        memset(cost, 0, sizeof(long) * (size_t)dim);
        for (int j = 1; j < nstages; j++) {
            long cf = stages_coef(&in->st[j], &pr);
            cost[j + shift] = in->st[j].maximize ? -cf : cf;
        }
        if (merit == TREEFLOW_MERIT_COST && unplaced)
            cost[merit_comp] = a->score_key[pc->student];
        if (in->pair_stage)
            cost[1] = in->pair_scale * stages_coef(in->pair_stage, &pr);
        pc->arc =
            mcf_add_arc(g, 2 + pc->student, (pc->bundled ? down0 : node0) + pc->node, 1, cost);
    }
    memset(cost, 0, sizeof(long) * (size_t)dim);
    for (int n = 0; n < nn; n++) {
        int p = c->nodes[n].parent;
        if (p >= 0 && rc->down[p]) /* down to a leaf's own node, or to its down node */
            rc->down_arc[n] = mcf_add_arc(
                g, down0 + p, c->nodes[n].leaf >= 0 ? node0 + n : down0 + n, unlimited, cost);
    }
    if (exact) {
        memset(cost, 0, sizeof(long) * (size_t)dim);
        mcf_add_arc(g, top, SINK, in->placed_exactly, cost);
        if (nnet > in->placed_exactly)
            mcf_add_arc(g, rest, SINK, nnet - in->placed_exactly, cost);
    }
    for (int n = 0; n < nn; n++) {
        const cycle_node *nd = &c->nodes[n];
        int up = nd->parent >= 0 ? node0 + nd->parent : exact ? top : SINK;
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
    /* warm: the same network but component 1's costs, from its last flow
       (cold when it does not fit) */
    if ((!in->warm || !in->warm->g ||
         mcf_solve_staged_from(g, in->warm->g, 1, in->pair_scale ? in->pair_scale : 1,
                               in->warm->scale ? in->warm->scale : 1) != 0) &&
        mcf_solve_staged(g, SOURCE, SINK, TREEFLOW_LEAD + shift) != 0) {
        snprintf(why, whylen,
                 "the staged flow failed (a cycle, or a step that could not "
                 "route the excesses the earlier ones left)");
        out = TREEFLOW_UNCERTIFIED;
        goto done;
    }
    *phases += mcf_phases(g);
    if (merit == TREEFLOW_MERIT_EXCHANGE && !unplaced)
        *exchanges = mcf_prefer_sources(g, SOURCE, src_arc, src_key, nsrc);
    if (!mcf_certify(g, SOURCE, SINK, why, whylen)) {
        out = TREEFLOW_UNCERTIFIED;
        goto done;
    }
    for (int s = 0; s < ns; s++)
        leaf_of[s] = -1;
    for (long k = 0; k < rc->npieces; k++)
        if (!rc->pieces[k].bundled && mcf_flow(g, rc->pieces[k].arc) > 0)
            leaf_of[rc->pieces[k].student] = c->nodes[rc->pieces[k].node].leaf;
    reach_deal(c, rc, g, leaf_of);
    for (int i = 0; i < nlb; i++) {
        long f = mcf_flow(g, lb_arc[i]);
        met += f < lb_need[i] ? f : lb_need[i];
        need += lb_need[i];
    }
    if (unplaced) { /* the groups' minimums, counted on the placed students */
        long *placed;
        MEM_ZALLOC_ARRAY(placed, ngroups + 1);
        for (int s = 0; s < ns; s++)
            if (leaf_of[s] >= 0 && group_of(in, s) >= 0)
                placed[group_of(in, s)]++;
        for (int q = 0; q < ngroups; q++) {
            met += placed[q] < in->gmin[q] ? placed[q] : in->gmin[q];
            need += in->gmin[q];
        }
        free(placed);
    }
    if (met < need) {
        if (unplaced)
            snprintf(why, whylen,
                     "no assignment meets every minimum and must-place student (the flow "
                     "proves at most %ld of the %ld they need)",
                     met, need);
        else
            snprintf(why, whylen,
                     "the most placements leave a minimum or a must-place student unmet");
        out = TREEFLOW_UNMET;
        *bounds_unmet = 1;
    }
done:
    if (in->warm && out == TREEFLOW_SOLVED) {
        mcf_free(in->warm->g);
        in->warm->g = g;
        in->warm->scale = in->pair_scale;
    } else {
        mcf_free(g);
    }
    free(cost);
    free(lb_arc);
    free(lb_need);
    free(src_arc);
    free(src_key);
    free(enter);
    return out;
}

/* The most placements first (the common case, and the only one where
 * the exchanges to the best scores apply); when they leave a lower bound
 * unmet, the order with the lower bounds first, and why says so when
 * that solves it. */
static enum treeflow_outcome solve_either_order(const flow_in *in, reach *rc,
                                                enum treeflow_merit merit, int *leaf_of,
                                                long *phases, long *exchanges, char *why,
                                                size_t whylen)
{
    int bounds_unmet = 0;
    enum treeflow_outcome out;
    *phases = 0;
    out = flow_run(in, rc, merit, 0, leaf_of, phases, exchanges, &bounds_unmet, why, whylen);
    if (out == TREEFLOW_UNMET && bounds_unmet)
        out = flow_run(in, rc, merit == TREEFLOW_MERIT_EXCHANGE ? TREEFLOW_MERIT_NONE : merit, 1,
                       leaf_of, phases, exchanges, &bounds_unmet, why, whylen);
    if (out == TREEFLOW_SOLVED && bounds_unmet)
        snprintf(why, whylen,
                 "the minimums before the placements, as the most placements miss one");
    return out;
}

enum treeflow_outcome treeflow_solve(const cycle *c, const admit *a, const rules *r,
                                     const stage_def *st, int nstages, enum treeflow_merit merit,
                                     int with_quotas, int *leaf_of, long *phases, long *exchanges,
                                     char *why, size_t whylen)
{
    int dim = nstages + 1 + (merit == TREEFLOW_MERIT_COST), ns = c->nstudents;
    int *group_of, ngroups = 0;
    long *gmax, *gmin;
    enum treeflow_outcome out;
    flow_in in;
    reach rc;

    reach_plan(c, a, &rc);
    if (2.0 * ((double)ns + rc.arcs + 2.0 * c->nnodes) * dim > TREEFLOW_MAX_COST_ENTRIES) {
        snprintf(why, whylen, "%d stages on %ld arcs (%ld pairs) exceed the flow's memory budget",
                 nstages, rc.arcs, a->npairs);
        reach_release(&rc);
        return TREEFLOW_UNMET;
    }
    MEM_ALLOC_ARRAY(group_of, ns + 1);
    MEM_ALLOC_ARRAY(gmax, c->nquotas + 1);
    MEM_ALLOC_ARRAY(gmin, c->nquotas + 1);
    for (int s = 0; s < ns; s++)
        group_of[s] = -1;
    if (with_quotas && (ngroups = quota_groups(c, r, group_of, gmax, gmin)) < 0)
        ngroups = 0; /* not a network: the caller checks the quotas */
    if (ngroups > 0 && merit == TREEFLOW_MERIT_EXCHANGE)
        merit = TREEFLOW_MERIT_NONE; /* the exchanges need the students' arcs at the source */
    in = (flow_in){c, a, r, st, nstages, ngroups, group_of, gmax, gmin, NULL, NULL, 0, -1, NULL};
    out = solve_either_order(&in, &rc, merit, leaf_of, phases, exchanges, why, whylen);
    reach_release(&rc);
    free(group_of);
    free(gmax);
    free(gmin);
    return out;
}

enum treeflow_outcome treeflow_solve_groups(const cycle *c, const admit *a, const rules *r,
                                            const stage_def *st, int nstages,
                                            const int *group_of, int ngroups, const long *gmax,
                                            const long *gmin, int *leaf_of, long *phases,
                                            char *why, size_t whylen)
{
    flow_in in = {c, a, r, st, nstages, ngroups, group_of, gmax, gmin, NULL, NULL, 0, -1, NULL};
    long exchanges = 0;
    enum treeflow_outcome out;
    reach rc;
    reach_plan(c, a, &rc);
    out = solve_either_order(&in, &rc, TREEFLOW_MERIT_NONE, leaf_of, phases, &exchanges, why,
                             whylen);
    reach_release(&rc);
    return out;
}

enum treeflow_outcome treeflow_priced(const cycle *c, const admit *a, const rules *r,
                                      const stage_def *pair_stage, long pair_scale,
                                      const long *unplaced_cost, long placed,
                                      treeflow_warm *warm, int *leaf_of, long *value,
                                      long *phases, char *why, size_t whylen)
{
    static const stage_def none = {"placements", 1, 0, 0};
    flow_in in = {c, a, r, &none, 1, 0, NULL, NULL, NULL,
                  unplaced_cost, pair_stage, pair_scale, placed, warm};
    long exchanges = 0, total = 0;
    int bounds_unmet = 0;
    enum treeflow_outcome out;
    reach rc;
    reach_plan(c, a, &rc);
    *phases = 0;
    out = flow_run(&in, &rc, TREEFLOW_MERIT_NONE, 1, leaf_of, phases, &exchanges, &bounds_unmet,
                   why, whylen);
    reach_release(&rc);
    if (out != TREEFLOW_SOLVED)
        return out;
    if (placed >= 0) { /* the flow's value short of everyone: that many cannot be placed */
        long n = 0;
        for (int s = 0; s < c->nstudents; s++)
            n += leaf_of[s] >= 0;
        if (n != placed) {
            snprintf(why, whylen, "%ld placements cannot be made (the flow places %ld)", placed,
                     n);
            return TREEFLOW_UNMET;
        }
    }
    /* the cost, from the assignment itself (exact: whole numbers) */
    for (int s = 0; s < c->nstudents; s++) {
        if (a->range_first[s] == a->range_first[s + 1])
            continue; /* in no arc: not in the sum */
        if (leaf_of[s] < 0) {
            total += unplaced_cost[s];
        } else if (pair_stage) {
            admit_pair pr;
            if (admit_find(a, s, leaf_of[s], &pr))
                total += pair_scale * stages_coef(pair_stage, &pr);
        }
    }
    *value = total;
    return out;
}

void treeflow_warm_release(treeflow_warm *w)
{
    mcf_free(w->g);
    w->g = NULL;
}
