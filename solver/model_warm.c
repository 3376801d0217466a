/* model_warm.c - the starting basis of a stage from the flow's assignment
 * (model_warm.h): the model's network, potentials by shortest paths in its
 * residual network, and a spanning tree of arcs of reduced cost zero. */
#include "model_warm.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "mem.h"

#define NO_LO LONG_MIN
#define NO_HI LONG_MAX
/* The bound of the shortest-path work: this many label corrections per
 * arc and node for each search (they take a few in practice), and at
 * most this many placements taken off the flow (one search each). */
#define WARM_WORK_PER_ARC 40L
#define WARM_MAX_UNPLACE 2000L

/* One arc of the network: a row's activity (row > 0) or a pair's column
 * (col > 0), from -> to, its bounds, its flow under leaf_of and its cost
 * (the objective's coefficient, negated when the stage maximises). */
typedef struct warm_arc {
    int from, to;
    long lo, hi, flow, cost;
    int row, col;
} warm_arc;

/* A binary min-heap of arcs by key: the crossing arcs of tight_tree by
 * the shift at which each becomes zero. */
typedef struct heap_item {
    long key;
    int arc;
} heap_item;

typedef struct heap {
    heap_item *v;
    int n, cap;
} heap;

static void heap_push(heap *h, long key, int arc)
{
    int i;
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 256;
        h->v = mem_realloc(h->v, mem_mul(sizeof(*h->v), (size_t)h->cap));
    }
    i = h->n++;
    while (i > 0 && h->v[(i - 1) / 2].key > key) {
        h->v[i] = h->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->v[i].key = key;
    h->v[i].arc = arc;
}

static void heap_pop(heap *h)
{
    heap_item last = h->v[--h->n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->v[c + 1].key < h->v[c].key)
            c++;
        if (h->v[c].key >= last.key)
            break;
        h->v[i] = h->v[c];
        i = c;
    }
    if (h->n > 0)
        h->v[i] = last;
}

/* The bounds of row i as GLPK holds them, as whole numbers. */
static void row_bounds(glp_prob *lp, int i, long *lo, long *hi)
{
    int type = glp_get_row_type(lp, i);
    *lo = type == GLP_LO || type == GLP_DB || type == GLP_FX ? lround(glp_get_row_lb(lp, i)) : NO_LO;
    *hi = type == GLP_UP || type == GLP_DB || type == GLP_FX ? lround(glp_get_row_ub(lp, i)) : NO_HI;
}

/* The network: its arcs, and per node the arcs at it,
 * inc[first[v]..first[v+1]). */
typedef struct warm_net {
    warm_arc *arcs;
    int narcs, nv;
    int *first, *inc;
} warm_net;

static void net_index(warm_net *g)
{
    int *at;
    MEM_ZALLOC_ARRAY(g->first, g->nv + 2);
    for (int e = 0; e < g->narcs; e++) {
        g->first[g->arcs[e].from + 1]++;
        g->first[g->arcs[e].to + 1]++;
    }
    for (int v = 0; v < g->nv; v++)
        g->first[v + 1] += g->first[v];
    MEM_ALLOC_ARRAY(g->inc, g->first[g->nv] + 1);
    MEM_ALLOC_ARRAY(at, g->nv + 1);
    for (int v = 0; v < g->nv; v++)
        at[v] = g->first[v];
    for (int e = 0; e < g->narcs; e++) {
        g->inc[at[g->arcs[e].from]++] = e;
        g->inc[at[g->arcs[e].to]++] = e;
    }
    free(at);
}

/* Shortest distances over the residual arcs (an arc where its flow can
 * grow, at its cost; reversed where it can shrink, at the negated cost),
 * skipping arc `skip` (-1: none): from node `source`, or with source -1
 * from a virtual node joined to every node at cost 0 (potentials under
 * which no residual arc has a negative reduced cost). Bellman-Ford with a
 * queue; pred[v] (when not NULL) is the arc v was reached by, -1 none,
 * and unreached nodes keep LONG_MAX. Returns 0 on a negative cycle (the
 * flow is not optimal) or when *work passes max_work. */
static int shortest(const warm_net *g, int source, int skip, long *dist, int *pred, long *work,
                    long max_work)
{
    int nv = g->nv, head = 0, tail = 0, ok = 1;
    int *queue, *count;
    unsigned char *queued;
    MEM_ALLOC_ARRAY(queue, nv + 1);
    MEM_ZALLOC_ARRAY(count, nv + 1);
    MEM_ZALLOC_ARRAY(queued, nv + 1);
    for (int v = 0; v < nv; v++) {
        dist[v] = source < 0 ? 0 : LONG_MAX;
        if (pred)
            pred[v] = -1;
        if (source < 0) {
            queue[tail++] = v;
            queued[v] = 1;
        }
    }
    if (source >= 0) {
        dist[source] = 0;
        queue[tail++] = source;
        queued[source] = 1;
    }
    while (head != tail) {
        int u = queue[head];
        head = (head + 1) % (nv + 1);
        queued[u] = 0;
        for (int k = g->first[u]; k < g->first[u + 1]; k++) {
            const warm_arc *ar = &g->arcs[g->inc[k]];
            int v;
            long w;
            if (g->inc[k] == skip)
                continue;
            if (ar->from == u && ar->flow < ar->hi) {
                v = ar->to;
                w = ar->cost;
            } else if (ar->to == u && ar->flow > ar->lo) {
                v = ar->from;
                w = -ar->cost;
            } else {
                continue;
            }
            if (++*work > max_work) {
                ok = 0;
                goto done;
            }
            if (dist[u] + w < dist[v]) {
                dist[v] = dist[u] + w;
                if (pred)
                    pred[v] = g->inc[k];
                if (!queued[v]) {
                    if (++count[v] > nv) { /* a negative cycle */
                        ok = 0;
                        goto done;
                    }
                    queued[v] = 1;
                    queue[tail] = v;
                    tail = (tail + 1) % (nv + 1);
                }
            }
        }
    }
done:
    free(queue);
    free(count);
    free(queued);
    return ok;
}

/* Takes `excess` placements off the flow, each time the one whose loss
 * lowers the cost most: a shortest residual path from node 0 to osrc,
 * closed by the placements arc `stage` backwards (successive shortest
 * paths, so the flow stays the cheapest of its value). Returns 0 when no
 * path is left or the work runs out. */
static int unplace(warm_net *g, int osrc, int stage, long excess, long *dist, long *work,
                   long max_work)
{
    int *pred, ok = 1;
    MEM_ALLOC_ARRAY(pred, g->nv + 1);
    for (long n = 0; n < excess && ok; n++) {
        if (!shortest(g, 0, stage, dist, pred, work, max_work) || dist[osrc] == LONG_MAX) {
            ok = 0;
            break;
        }
        for (int v = osrc; v != 0;) {
            warm_arc *ar = &g->arcs[pred[v]];
            if (ar->to == v) {
                ar->flow++;
                v = ar->from;
            } else {
                ar->flow--;
                v = ar->to;
            }
        }
        g->arcs[stage].flow--;
    }
    free(pred);
    return ok;
}

/* The state of tight_tree's search. */
typedef struct tree_search {
    const warm_arc *arcs;
    const long *dist;
    const int *first, *inc; /* the net's index */
    unsigned char *in, *basic;
    long *pot, shift;
    int *stack, *scan, nscan, reached;
} tree_search;

/* Node v joins the tree, with its piece of the forest of inner arcs
 * (their flow strictly between the bounds: reduced cost zero), so that
 * those arcs are all in the tree; each joins the list to scan. */
static void join(tree_search *ts, int v)
{
    int nstack = 0;
    ts->in[v] = 1;
    ts->stack[nstack++] = v;
    while (nstack > 0) {
        int u = ts->stack[--nstack];
        ts->pot[u] = ts->dist[u] + ts->shift;
        ts->scan[ts->nscan++] = u;
        ts->reached++;
        for (int k = ts->first[u]; k < ts->first[u + 1]; k++) {
            const warm_arc *ar = &ts->arcs[ts->inc[k]];
            int w = ar->from == u ? ar->to : ar->from;
            if (!ts->in[w] && ar->flow > ar->lo && ar->flow < ar->hi) {
                ts->in[w] = 1;
                ts->basic[ts->inc[k]] = 1;
                ts->stack[nstack++] = w;
            }
        }
    }
}

/* A spanning tree of arcs of reduced cost zero over the present nodes,
 * grown from node 0: the arcs a node joins by are marked in basic. When
 * no arc of reduced cost zero leaves the tree, every node outside it is
 * shifted by the same amount, up to where the nearest crossing arc
 * becomes zero: arcs among those nodes keep their reduced costs, and no
 * crossing arc passes zero, so the potentials stay optimal. Returns 0
 * when some present node is not reached (the network is not
 * connected). */
static int tight_tree(const warm_net *g, const unsigned char *present, const long *dist,
                      unsigned char *basic)
{
    const warm_arc *arcs = g->arcs;
    int nv = g->nv;
    tree_search ts = {0};
    heap up = {0}, down = {0}; /* events above the shift (key L), below it (key -L) */
    int nscanned = 0, want = 0;
    ts.arcs = arcs;
    ts.dist = dist;
    ts.basic = basic;
    ts.first = g->first;
    ts.inc = g->inc;
    MEM_ZALLOC_ARRAY(ts.in, nv + 1);
    MEM_ALLOC_ARRAY(ts.pot, nv + 1);
    MEM_ALLOC_ARRAY(ts.stack, nv + 1);
    MEM_ALLOC_ARRAY(ts.scan, nv + 1);
    for (int v = 0; v < nv; v++)
        want += present[v];
    join(&ts, 0);
    for (;;) {
        /* the arcs from the tree: zero ones bring their far node in, the
           others are events */
        while (nscanned < ts.nscan) {
            int u = ts.scan[nscanned++];
            for (int k = ts.first[u]; k < ts.first[u + 1]; k++) {
                const warm_arc *ar = &arcs[ts.inc[k]];
                int leaves = ar->from == u, v = leaves ? ar->to : ar->from;
                long d, level;
                if (ts.in[v])
                    continue;
                d = leaves ? ar->cost + ts.pot[u] - (dist[v] + ts.shift)
                           : ar->cost + (dist[v] + ts.shift) - ts.pot[u];
                if (d == 0) {
                    basic[ts.inc[k]] = 1;
                    join(&ts, v);
                    continue;
                }
                /* the shift at which it becomes zero */
                level = leaves ? ts.shift + d : ts.shift - d;
                if (level > ts.shift)
                    heap_push(&up, level, ts.inc[k]);
                else
                    heap_push(&down, -level, ts.inc[k]);
            }
        }
        /* nothing zero leaves the tree: shift the rest to the nearest
           event */
        while (up.n > 0 && ts.in[arcs[up.v[0].arc].from] && ts.in[arcs[up.v[0].arc].to])
            heap_pop(&up);
        while (down.n > 0 && ts.in[arcs[down.v[0].arc].from] && ts.in[arcs[down.v[0].arc].to])
            heap_pop(&down);
        if (up.n == 0 && down.n == 0)
            break;
        {
            int use_up =
                down.n == 0 || (up.n > 0 && up.v[0].key - ts.shift <= ts.shift + down.v[0].key);
            heap *h = use_up ? &up : &down;
            int e = h->v[0].arc;
            ts.shift = use_up ? h->v[0].key : -h->v[0].key;
            heap_pop(h);
            basic[e] = 1;
            join(&ts, ts.in[arcs[e].from] ? arcs[e].to : arcs[e].from);
        }
    }
    free(ts.in);
    free(ts.pot);
    free(ts.stack);
    free(ts.scan);
    free(up.v);
    free(down.v);
    return ts.reached == want;
}

/* The status a nonbasic arc takes at its flow; -1 when its flow is at no
 * bound. */
static int nonbasic_stat(const warm_arc *ar)
{
    if (ar->lo == ar->hi)
        return GLP_NS;
    if (ar->flow == ar->lo)
        return GLP_NL;
    if (ar->flow == ar->hi)
        return GLP_NU;
    return -1;
}

int model_warm_basis(glp_prob *lp, const cycle *c, const admit *a, const int *student_row,
                     const int *node_row, int stage_row, const int *leaf_of)
{
    int osrc = stage_row ? 1 : 0, sbase = 2, nbase = 2 + c->nstudents;
    int nv = nbase + c->nnodes, narcs = 0, ok = 0;
    double dir = glp_get_obj_dir(lp) == GLP_MAX ? -1 : 1;
    warm_arc *arcs;
    int *up;            /* per node: the network node of its nearest row at or above it */
    long *count;        /* per node, the students placed below it */
    long *dist;         /* per network node, its potential */
    unsigned char *present, *basic;
    long placed = 0, work = 0;
    warm_net g = {0};
    admit_iter it;
    admit_pair pair;
    MEM_ALLOC_ARRAY(arcs, c->nstudents + a->npairs + c->nnodes + 2);
    MEM_ALLOC_ARRAY(up, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(count, c->nnodes + 1);
    MEM_ALLOC_ARRAY(dist, nv + 1);
    MEM_ZALLOC_ARRAY(present, nv + 1);
    basic = NULL;
    present[0] = present[osrc] = 1;
    for (int n = 0; n < c->nnodes; n++) {
        int v = n;
        while (v >= 0 && !node_row[v])
            v = c->nodes[v].parent;
        up[n] = v >= 0 ? nbase + v : 0;
    }
    /* the students' arcs and the pairs' */
    for (int s = 0; s < c->nstudents; s++) {
        int leaf = leaf_of[s], found = leaf < 0;
        if (!student_row[s]) {
            if (leaf >= 0)
                goto done;
            continue;
        }
        present[sbase + s] = 1;
        arcs[narcs].from = osrc;
        arcs[narcs].to = sbase + s;
        row_bounds(lp, student_row[s], &arcs[narcs].lo, &arcs[narcs].hi);
        arcs[narcs].flow = leaf >= 0;
        arcs[narcs].cost = 0;
        arcs[narcs].row = student_row[s];
        arcs[narcs].col = 0;
        narcs++;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &pair)) {
            int col = model_pair_col(pair.index);
            warm_arc *ar = &arcs[narcs++];
            ar->from = sbase + s;
            ar->to = up[c->leaves[pair.leaf]];
            ar->lo = lround(glp_get_col_lb(lp, col));
            ar->hi = lround(glp_get_col_ub(lp, col));
            ar->flow = pair.leaf == leaf;
            ar->cost = lround(dir * glp_get_obj_coef(lp, col));
            ar->row = 0;
            ar->col = col;
            found |= pair.leaf == leaf;
        }
        if (!found)
            goto done; /* not one of her pairs */
        if (leaf >= 0) {
            placed++;
            for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent)
                count[v]++;
        }
    }
    /* the nodes' arcs, each into the nearest row above */
    for (int n = 0; n < c->nnodes; n++) {
        int p = c->nodes[n].parent;
        if (!node_row[n])
            continue;
        present[nbase + n] = 1;
        arcs[narcs].from = nbase + n;
        arcs[narcs].to = p >= 0 ? up[p] : 0;
        row_bounds(lp, node_row[n], &arcs[narcs].lo, &arcs[narcs].hi);
        arcs[narcs].flow = count[n];
        arcs[narcs].cost = 0;
        arcs[narcs].row = node_row[n];
        arcs[narcs].col = 0;
        narcs++;
    }
    if (stage_row) {
        arcs[narcs].from = 0;
        arcs[narcs].to = osrc;
        row_bounds(lp, stage_row, &arcs[narcs].lo, &arcs[narcs].hi);
        arcs[narcs].flow = placed;
        arcs[narcs].cost = 0;
        arcs[narcs].row = stage_row;
        arcs[narcs].col = 0;
        narcs++;
    }
    for (int e = 0; e < narcs; e++)
        if (arcs[e].flow < arcs[e].lo || arcs[e].flow > arcs[e].hi)
            goto done; /* breaks a bound of the network */
    g.arcs = arcs;
    g.narcs = narcs;
    g.nv = nv;
    net_index(&g);
    /* the quotas cost placements: the flow places more than the earlier
       stage's optimum, and the cheapest flow of that optimum's value is
       the one to start from */
    if (stage_row && arcs[narcs - 1].lo != NO_LO && placed > arcs[narcs - 1].lo) {
        long excess = placed - arcs[narcs - 1].lo;
        if (excess > WARM_MAX_UNPLACE ||
            !unplace(&g, osrc, narcs - 1, excess, dist, &work,
                     WARM_WORK_PER_ARC * (long)(narcs + nv) * (excess + 1)))
            goto done;
    }
    if (!shortest(&g, -1, -1, dist, NULL, &work, work + WARM_WORK_PER_ARC * (long)(narcs + nv)))
        goto done;
    MEM_ZALLOC_ARRAY(basic, narcs + 1);
    if (!tight_tree(&g, present, dist, basic))
        goto done;
    for (int e = 0; e < narcs; e++)
        if (!basic[e] && nonbasic_stat(&arcs[e]) < 0)
            goto done;
    /* every other row (the quotas) basic on its slack */
    for (int i = 1; i <= glp_get_num_rows(lp); i++)
        glp_set_row_stat(lp, i, GLP_BS);
    for (int e = 0; e < narcs; e++) {
        int st = basic[e] ? GLP_BS : nonbasic_stat(&arcs[e]);
        if (arcs[e].row)
            glp_set_row_stat(lp, arcs[e].row, st);
        else
            glp_set_col_stat(lp, arcs[e].col, st);
    }
    ok = 1;
done:
    free(arcs);
    free(up);
    free(count);
    free(dist);
    free(present);
    free(basic);
    free(g.first);
    free(g.inc);
    return ok;
}
