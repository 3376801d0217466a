/* mcf.c - primal-dual minimum-cost maximum flow with lexicographic cost
 * vectors, and its certificate check (see mcf.h).
 *
 * Arc e becomes two half-arcs, forward (residual cap - flow) and backward
 * (residual flow, cost negated), stored grouped by tail (index i in
 * first[v] .. first[v+1]) with their head, cost, residual and the index
 * of their reverse side by side, for locality. Potentials pi keep every
 * residual half-arc's reduced cost c + pi[tail] - pi[head] >= 0; each
 * phase runs Dijkstra from s (stopping at t), raises the potentials by the
 * distances (capped at dist[t], which keeps reduced costs non-negative),
 * and then pushes flow through the half-arcs of reduced cost zero until
 * none connects s to t (a greedy search, then shortest augmenting paths
 * over distance labels). The staged solve builds one such network per
 * step (the lead components over all arcs; then each later component
 * over the arcs still free, as a circulation from the flow so far) and
 * writes the flow and the potentials of all steps back into the full
 * network, where mcf_certify checks them together. */
#include "mcf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

struct mcf {
    int n, dim;
    int narcs, arccap;
    int *from, *to;  /* per arc */
    long *ucap;      /* per arc: capacity */
    long *cost;      /* per arc: dim components */
    /* half-arcs, grouped by tail: first[v] .. first[v+1] */
    int *first;
    int *head, *rev; /* per half-arc: head node, index of the reverse */
    long *res;       /* per half-arc: residual capacity */
    long *hcost;     /* per half-arc: dim components (negated backward) */
    int *fwd;        /* per arc: index of its forward half-arc */
    long *pi;        /* per node: dim components */
    long phases;
};

mcf *mcf_new(int nnodes, int dim)
{
    mcf *g = mem_zalloc(1, sizeof(*g));
    g->n = nnodes;
    g->dim = dim < 1 ? 1 : dim;
    return g;
}

void mcf_free(mcf *g)
{
    if (!g)
        return;
    free(g->from);
    free(g->to);
    free(g->ucap);
    free(g->cost);
    free(g->res);
    free(g->first);
    free(g->head);
    free(g->rev);
    free(g->hcost);
    free(g->fwd);
    free(g->pi);
    free(g);
}

/* Room for cap arcs in all. */
static void reserve_arcs(mcf *g, int cap)
{
    g->arccap = cap;
    g->from = mem_realloc(g->from, mem_mul(sizeof(int), (size_t)cap));
    g->to = mem_realloc(g->to, mem_mul(sizeof(int), (size_t)cap));
    g->ucap = mem_realloc(g->ucap, mem_mul(sizeof(long), (size_t)cap));
    g->cost = mem_realloc(g->cost, mem_mul(sizeof(long), mem_mul((size_t)cap, (size_t)g->dim)));
}

int mcf_add_arc(mcf *g, int from, int to, long cap, const long *cost)
{
    long *c;
    if (g->narcs == g->arccap)
        reserve_arcs(g, g->arccap ? g->arccap * 2 : 1024);
    g->from[g->narcs] = from;
    g->to[g->narcs] = to;
    g->ucap[g->narcs] = cap;
    c = g->cost + (size_t)g->narcs * (size_t)g->dim;
    for (int d = 0; d < g->dim; d++)
        c[d] = cost[d];
    return g->narcs++;
}

/* Component d of half-arc i's reduced cost, leaving node v. */
static inline long reduced(const mcf *g, int v, int i, int d)
{
    return g->hcost[(size_t)i * (size_t)g->dim + (size_t)d] + g->pi[(size_t)v * (size_t)g->dim + d] -
           g->pi[(size_t)g->head[i] * (size_t)g->dim + (size_t)d];
}

/* Component d of arc e's reduced cost, from the arc's own data (not the
 * half-arcs, which the staged solve lays out only at its end). */
static inline long arc_reduced(const mcf *g, int e, int d)
{
    return g->cost[(size_t)e * (size_t)g->dim + (size_t)d] +
           g->pi[(size_t)g->from[e] * (size_t)g->dim + (size_t)d] -
           g->pi[(size_t)g->to[e] * (size_t)g->dim + (size_t)d];
}

/* Sign of half-arc i's reduced cost (lexicographic): -1, 0 or 1. The
 * staged solve's later steps have one component: their hot loops take
 * the first branch. */
static inline int reduced_sign(const mcf *g, int v, int i)
{
    if (g->dim == 1) {
        long r = g->hcost[i] + g->pi[v] - g->pi[g->head[i]];
        return (r > 0) - (r < 0);
    }
    for (int d = 0; d < g->dim; d++) {
        long r = reduced(g, v, i, d);
        if (r)
            return r < 0 ? -1 : 1;
    }
    return 0;
}

static inline int vec_cmp(const long *a, const long *b, int dim)
{
    if (dim == 1)
        return (a[0] > b[0]) - (a[0] < b[0]);
    for (int d = 0; d < dim; d++)
        if (a[d] != b[d])
            return a[d] < b[d] ? -1 : 1;
    return 0;
}

static inline void vec_copy(long *to, const long *from, int dim)
{
    for (int d = 0; d < dim; d++)
        to[d] = from[d];
}

/* Lays out the half-arcs grouped by tail (counting sort). */
static void build_adjacency(mcf *g)
{
    int nh = 2 * g->narcs, dim = g->dim;
    int *fill;
    MEM_ZALLOC_ARRAY(g->first, g->n + 2);
    for (int e = 0; e < g->narcs; e++) {
        g->first[g->from[e] + 1]++;
        g->first[g->to[e] + 1]++;
    }
    for (int v = 0; v < g->n; v++)
        g->first[v + 1] += g->first[v];
    MEM_ALLOC_ARRAY(fill, g->n + 1);
    memcpy(fill, g->first, sizeof(int) * (size_t)g->n);
    MEM_ALLOC_ARRAY(g->head, nh + 1);
    MEM_ALLOC_ARRAY(g->rev, nh + 1);
    MEM_ALLOC_ARRAY(g->res, nh + 1);
    MEM_ALLOC_ARRAY(g->hcost, (size_t)nh * (size_t)dim + 1);
    MEM_ALLOC_ARRAY(g->fwd, g->narcs + 1);
    for (int e = 0; e < g->narcs; e++) {
        int i = fill[g->from[e]]++, j = fill[g->to[e]]++;
        g->head[i] = g->to[e];
        g->head[j] = g->from[e];
        g->rev[i] = j;
        g->rev[j] = i;
        g->res[i] = g->ucap[e];
        g->res[j] = 0;
        for (int d = 0; d < dim; d++) {
            long c = g->cost[(size_t)e * dim + d];
            g->hcost[(size_t)i * dim + d] = c;
            g->hcost[(size_t)j * dim + d] = -c;
        }
        g->fwd[e] = i;
    }
    free(fill);
}

/* Whether every arc's cost vector is lexicographically at least zero
 * (then zero potentials are valid, cycles or not). */
static int costs_nonnegative(const mcf *g)
{
    for (int e = 0; e < g->narcs; e++) {
        for (int d = 0; d < g->dim; d++) {
            long c = g->cost[(size_t)e * g->dim + d];
            if (c < 0)
                return 0;
            if (c > 0)
                break;
        }
    }
    return 1;
}

/* Initial potentials: zero when no cost is negative; else shortest
 * distances from a virtual node joined to every node at cost zero, over
 * the arcs with capacity, in topological order. Returns -1 when there
 * are negative costs and those arcs form a cycle. */
static int initial_potentials(mcf *g)
{
    int n = g->n, dim = g->dim, head = 0, tail = 0;
    int *indeg, *queue;
    long *cand;
    MEM_ZALLOC_ARRAY(g->pi, (size_t)n * (size_t)dim + 1);
    if (costs_nonnegative(g))
        return 0;
    MEM_ZALLOC_ARRAY(indeg, n + 1);
    MEM_ALLOC_ARRAY(queue, n + 1);
    MEM_ALLOC_ARRAY(cand, dim);
    for (int e = 0; e < g->narcs; e++)
        if (g->ucap[e] > 0)
            indeg[g->to[e]]++;
    for (int v = 0; v < n; v++)
        if (indeg[v] == 0)
            queue[tail++] = v;
    while (head < tail) {
        int v = queue[head++];
        for (int i = g->first[v]; i < g->first[v + 1]; i++) {
            int w = g->head[i];
            if (g->res[i] <= 0)
                continue; /* a backward half-arc, or no capacity */
            for (int d = 0; d < dim; d++)
                cand[d] = g->pi[(size_t)v * dim + d] + g->hcost[(size_t)i * dim + d];
            if (vec_cmp(cand, g->pi + (size_t)w * dim, dim) < 0)
                memcpy(g->pi + (size_t)w * dim, cand, sizeof(long) * (size_t)dim);
            if (--indeg[w] == 0)
                queue[tail++] = w;
        }
    }
    free(indeg);
    free(queue);
    free(cand);
    return tail == n ? 0 : -1;
}

/* ---- Dijkstra with an indexed binary heap on vector keys ---- */

typedef struct search {
    long *dist;     /* per node, dim components */
    signed char *state; /* 0 unseen, 1 queued, 2 settled */
    int *heap, *pos, size; /* dijkstra_buckets: a bucket's list, next and previous */
    long *cand;
    int *bucket;    /* dijkstra_buckets: per distance, its first node or -1 */
    long nbuckets, bucketcap;
} search;

static int heap_less(const mcf *g, const search *sr, int a, int b)
{
    return vec_cmp(sr->dist + (size_t)a * g->dim, sr->dist + (size_t)b * g->dim, g->dim) < 0;
}

static void heap_up(const mcf *g, search *sr, int i)
{
    int v = sr->heap[i];
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!heap_less(g, sr, v, sr->heap[p]))
            break;
        sr->heap[i] = sr->heap[p];
        sr->pos[sr->heap[i]] = i;
        i = p;
    }
    sr->heap[i] = v;
    sr->pos[v] = i;
}

static int heap_pop(const mcf *g, search *sr)
{
    int top = sr->heap[0], v = sr->heap[--sr->size], i = 0;
    while (1) {
        int l = 2 * i + 1, r = l + 1, m = i;
        int mv = v;
        if (l < sr->size && heap_less(g, sr, sr->heap[l], mv)) {
            m = l;
            mv = sr->heap[l];
        }
        if (r < sr->size && heap_less(g, sr, sr->heap[r], mv))
            m = r;
        if (m == i)
            break;
        sr->heap[i] = sr->heap[m];
        sr->pos[sr->heap[i]] = i;
        i = m;
    }
    if (sr->size > 0) {
        sr->heap[i] = v;
        sr->pos[v] = i;
    }
    return top;
}

/* pi += min(dist, dist[t]): settled nodes by their distance, the rest by
 * dist[t] (which keeps every residual half-arc's reduced cost at least
 * zero, and makes the half-arcs of the shortest paths to t tight). */
static void raise_potentials(mcf *g, const search *sr, int t)
{
    int dim = g->dim;
    const long *dt = sr->dist + (size_t)t * dim;
    for (int v = 0; v < g->n; v++) {
        const long *dv = sr->state[v] == 2 ? sr->dist + (size_t)v * dim : dt;
        for (int d = 0; d < dim; d++)
            g->pi[(size_t)v * dim + d] += dv[d];
    }
}

/* Shortest reduced distances from s until t is settled; returns whether t
 * was reached. Then raises the potentials. */
static int dijkstra_heap(mcf *g, search *sr, int s, int t)
{
    int dim = g->dim, reached = 0;
    memset(sr->state, 0, (size_t)g->n);
    sr->size = 0;
    memset(sr->dist + (size_t)s * dim, 0, sizeof(long) * (size_t)dim);
    sr->state[s] = 1;
    sr->heap[0] = s;
    sr->pos[s] = 0;
    sr->size = 1;
    while (sr->size > 0) {
        int v = heap_pop(g, sr);
        sr->state[v] = 2;
        if (v == t) {
            reached = 1;
            break;
        }
        for (int i = g->first[v]; i < g->first[v + 1]; i++) {
            int w = g->head[i];
            if (g->res[i] <= 0 || sr->state[w] == 2)
                continue;
            for (int d = 0; d < dim; d++)
                sr->cand[d] = sr->dist[(size_t)v * dim + d] + reduced(g, v, i, d);
            if (sr->state[w] == 0) {
                vec_copy(sr->dist + (size_t)w * dim, sr->cand, dim);
                sr->state[w] = 1;
                sr->heap[sr->size] = w;
                heap_up(g, sr, sr->size++);
            } else if (vec_cmp(sr->cand, sr->dist + (size_t)w * dim, dim) < 0) {
                vec_copy(sr->dist + (size_t)w * dim, sr->cand, dim);
                heap_up(g, sr, sr->pos[w]);
            }
        }
    }
    if (reached)
        raise_potentials(g, sr, t);
    return reached;
}

/* Buckets past this distance hand the search to the heap. */
#define BUCKETS_MAX (1L << 20)

static void bucket_unlink(search *sr, int v)
{
    int next = sr->heap[v], prev = sr->pos[v];
    if (prev >= 0)
        sr->heap[prev] = next;
    else
        sr->bucket[sr->dist[v]] = next;
    if (next >= 0)
        sr->pos[next] = prev;
}

static void bucket_link(search *sr, int v)
{
    long k = sr->dist[v];
    if (k >= sr->nbuckets) {
        if (k >= sr->bucketcap) {
            sr->bucketcap = 2 * k + 64;
            sr->bucket = mem_realloc(sr->bucket, mem_mul(sizeof(int), (size_t)sr->bucketcap));
        }
        for (long b = sr->nbuckets; b <= k; b++)
            sr->bucket[b] = -1;
        sr->nbuckets = k + 1;
    }
    sr->heap[v] = sr->bucket[k];
    sr->pos[v] = -1;
    if (sr->bucket[k] >= 0)
        sr->pos[sr->bucket[k]] = v;
    sr->bucket[k] = v;
}

/* dijkstra_heap for one cost component: distances are whole numbers, on
 * the staged networks small ones (most reduced costs are zero), so the
 * queue is an array of buckets by distance (Dial's), each a doubly
 * linked list, and a node's move to a shorter distance is O(1). Which
 * node of equal distance goes first changes nothing: every node settled
 * at dist[t] or not settled is raised by dist[t]. Returns as
 * dijkstra_heap, or -1 when a distance passes BUCKETS_MAX (the
 * potentials unchanged). */
static int dijkstra_buckets(mcf *g, search *sr, int s, int t)
{
    long cur = 0;
    memset(sr->state, 0, (size_t)g->n);
    sr->nbuckets = 0;
    sr->dist[s] = 0;
    sr->state[s] = 1;
    bucket_link(sr, s);
    for (;;) {
        int v;
        while (cur < sr->nbuckets && sr->bucket[cur] < 0)
            cur++;
        if (cur == sr->nbuckets)
            return 0;
        v = sr->bucket[cur];
        bucket_unlink(sr, v);
        sr->state[v] = 2;
        if (v == t)
            break;
        for (int i = g->first[v]; i < g->first[v + 1]; i++) {
            int w = g->head[i];
            long cand;
            if (g->res[i] <= 0 || sr->state[w] == 2)
                continue;
            cand = cur + g->hcost[i] + g->pi[v] - g->pi[w];
            if (sr->state[w] == 1 && cand >= sr->dist[w])
                continue;
            if (cand < cur || cand >= BUCKETS_MAX)
                return -1; /* (a negative reduced cost is a bug: no buckets) */
            if (sr->state[w] == 1)
                bucket_unlink(sr, w);
            sr->dist[w] = cand;
            sr->state[w] = 1;
            bucket_link(sr, w);
        }
    }
    raise_potentials(g, sr, t);
    return 1;
}

static int dijkstra(mcf *g, search *sr, int s, int t)
{
    int reached = g->dim == 1 ? dijkstra_buckets(g, sr, s, t) : -1;
    return reached >= 0 ? reached : dijkstra_heap(g, sr, s, t);
}

/* Scratch of the flow pushes, sized once per solve. */
typedef struct pusher {
    int *tfirst, *tadj; /* the half-arcs of reduced cost zero, by tail */
    int *it;            /* per node: next tight half-arc to try */
    int *label;         /* per node: push_greedy's dead-end marks, then
                           push_shortest's distance labels */
    int *count;         /* per distance below n: the nodes labelled with it */
    int *queue;
    int *path;
} pusher;

/* Pushes the most flow path[0..len) can carry along it. */
static void push_bottleneck(mcf *g, const int *path, int len)
{
    long push = g->res[path[0]];
    for (int i = 1; i < len; i++)
        if (g->res[path[i]] < push)
            push = g->res[path[i]];
    for (int i = 0; i < len; i++) {
        g->res[path[i]] -= push;
        g->res[g->rev[path[i]]] += push;
    }
}

/* One depth-first search from s over the tight half-arcs, without
 * distances, pushing along every path it meets; a dead end stays marked
 * (label -2) for the search, the nodes of an augmented path are freed
 * again. Cheap and finds most of a phase's flow at once; what it misses
 * (paths through nodes it marked dead before a push freed them),
 * push_shortest finds. */
static void push_greedy(mcf *g, int s, int t, pusher *pu)
{
    int v = s, len = 0;
    memset(pu->label, 0, sizeof(int) * (size_t)g->n);
    memcpy(pu->it, pu->tfirst, sizeof(int) * (size_t)g->n);
    pu->label[s] = -2;
    for (;;) {
        int moved = 0;
        if (v == t) {
            push_bottleneck(g, pu->path, len);
            for (int i = 0; i < len; i++)
                pu->label[g->head[pu->path[i]]] = 0; /* may carry more */
            v = s;
            len = 0;
            continue;
        }
        for (; pu->it[v] < pu->tfirst[v + 1]; pu->it[v]++) {
            int h = pu->tadj[pu->it[v]], w = g->head[h];
            if (g->res[h] > 0 && pu->label[w] != -2) {
                if (w != t)
                    pu->label[w] = -2;
                pu->path[len++] = h;
                v = w;
                moved = 1;
                break;
            }
        }
        if (moved)
            continue;
        if (v == s)
            return;
        len--;
        v = g->head[g->rev[pu->path[len]]];
        pu->it[v]++;
    }
}

/* Exact distance labels for push_shortest: the fewest tight residual
 * half-arcs from each node to t (n when t cannot be reached), by a
 * breadth-first search back from t; the counts per distance and the
 * current half-arcs start again. Returns the number of nodes labelled. */
static int exact_labels(const mcf *g, int t, pusher *pu)
{
    int n = g->n, head = 0, tail = 0, *d = pu->label;
    for (int v = 0; v < n; v++)
        d[v] = n;
    memset(pu->count, 0, sizeof(int) * (size_t)(n + 1));
    d[t] = 0;
    pu->queue[tail++] = t;
    while (head < tail) {
        int w = pu->queue[head++];
        pu->count[d[w]]++;
        for (int k = pu->tfirst[w]; k < pu->tfirst[w + 1]; k++) {
            int h = pu->tadj[k], v = g->head[h];
            /* a half-arc and its reverse are tight together: rev[h] is
               v's tight half-arc into w */
            if (d[v] == n && g->res[g->rev[h]] > 0) {
                d[v] = d[w] + 1;
                pu->queue[tail++] = v;
            }
        }
    }
    memcpy(pu->it, pu->tfirst, sizeof(int) * (size_t)n);
    return tail;
}

/* The rest of a phase's maximum flow after push_greedy, by shortest
 * augmenting paths over distance labels (an s-t path advances along
 * half-arcs whose head is one closer to t; a node with none left is
 * relabelled from its neighbours and the path retreats). Labels change
 * locally: on the staged networks nearly every half-arc is tight, and a
 * breadth-first search of the whole network per distance of t (Dinic's
 * rounds) took dozens of such searches per phase. Labels are computed
 * exactly again (one search back from t) after relabels as many as an
 * eighth of the nodes labelled (a share tuned on generator cycles;
 * exact labels always lead s to t, so each such search is followed by an
 * augmentation). It stops when s has no label below n, or when no node
 * is left at some distance (a gap: nothing beyond it reaches t). */
static void push_shortest(mcf *g, int s, int t, pusher *pu)
{
    int n = g->n, *d = pu->label, v = s, len = 0;
    long relabels = 0, budget = exact_labels(g, t, pu) / 8;
    while (d[s] < n) {
        int k, end = pu->tfirst[v + 1], low = n;
        if (v == t) {
            int cut = 0;
            push_bottleneck(g, pu->path, len);
            /* resume from the tail of the first half-arc it filled */
            while (g->res[pu->path[cut]] > 0)
                cut++;
            len = cut;
            v = g->head[g->rev[pu->path[cut]]];
            continue;
        }
        for (k = pu->it[v]; k < end; k++) {
            int h = pu->tadj[k];
            if (g->res[h] > 0 && d[g->head[h]] == d[v] - 1)
                break;
        }
        pu->it[v] = k;
        if (k < end) {
            pu->path[len++] = pu->tadj[k];
            v = g->head[pu->tadj[k]];
            continue;
        }
        if (++relabels > budget) {
            relabels = 0;
            budget = exact_labels(g, t, pu) / 8;
            v = s;
            len = 0;
            continue;
        }
        for (k = pu->tfirst[v]; k < end; k++) {
            int h = pu->tadj[k];
            if (g->res[h] > 0 && d[g->head[h]] + 1 < low)
                low = d[g->head[h]] + 1;
        }
        if (--pu->count[d[v]] == 0)
            return; /* a gap */
        d[v] = low;
        if (low < n)
            pu->count[low]++;
        pu->it[v] = pu->tfirst[v];
        if (v != s) {
            len--;
            v = g->head[g->rev[pu->path[len]]];
        }
    }
}

/* Pushes flow along half-arcs of reduced cost zero (every such s-t path
 * is a shortest one) until none joins s to t: push_greedy, then
 * push_shortest, on the list of tight half-arcs (a half-arc and its
 * reverse are tight together, and the potentials do not change within a
 * phase, so they are listed once). */
static void push_tight(mcf *g, int s, int t, pusher *pu)
{
    int n = g->n, ntight = 0;
    for (int v = 0; v < n; v++) {
        pu->tfirst[v] = ntight;
        for (int i = g->first[v]; i < g->first[v + 1]; i++)
            if (reduced_sign(g, v, i) == 0)
                pu->tadj[ntight++] = i;
    }
    pu->tfirst[n] = ntight;
    push_greedy(g, s, t, pu);
    push_shortest(g, s, t, pu);
}

int mcf_solve(mcf *g, int s, int t)
{
    search sr;
    pusher pu;
    build_adjacency(g);
    if (initial_potentials(g) != 0)
        return -1;
    memset(&sr, 0, sizeof(sr));
    MEM_ALLOC_ARRAY(sr.dist, (size_t)g->n * (size_t)g->dim + 1);
    MEM_ALLOC_ARRAY(sr.state, g->n + 1);
    MEM_ALLOC_ARRAY(sr.heap, g->n + 1);
    MEM_ALLOC_ARRAY(sr.pos, g->n + 1);
    MEM_ALLOC_ARRAY(sr.cand, g->dim);
    sr.bucket = NULL;
    sr.nbuckets = sr.bucketcap = 0;
    MEM_ALLOC_ARRAY(pu.tfirst, g->n + 2);
    MEM_ALLOC_ARRAY(pu.tadj, 2 * g->narcs + 1);
    MEM_ALLOC_ARRAY(pu.it, g->n + 1);
    MEM_ALLOC_ARRAY(pu.label, g->n + 1);
    MEM_ALLOC_ARRAY(pu.count, g->n + 1);
    MEM_ALLOC_ARRAY(pu.queue, g->n + 1);
    MEM_ALLOC_ARRAY(pu.path, g->n + 1);
    g->phases = 0;
    while (dijkstra(g, &sr, s, t)) {
        g->phases++;
        push_tight(g, s, t, &pu);
    }
    free(sr.dist);
    free(sr.state);
    free(sr.heap);
    free(sr.pos);
    free(sr.cand);
    free(sr.bucket);
    free(pu.tfirst);
    free(pu.tadj);
    free(pu.it);
    free(pu.label);
    free(pu.count);
    free(pu.queue);
    free(pu.path);
    return 0;
}

/* The first `lead` components of the staged solve: an s-t run of their
 * own over all arcs. Fills flow[] and the potentials' first components;
 * returns the phases, or -1 when the network has a cycle. */
static long solve_lead(mcf *g, int s, int t, int lead, long *flow)
{
    int n = g->n, m = g->narcs, dim = g->dim;
    long phases = -1;
    mcf *h = mcf_new(n, lead);
    reserve_arcs(h, m + 1);
    for (int e = 0; e < m; e++)
        mcf_add_arc(h, g->from[e], g->to[e], g->ucap[e], g->cost + (size_t)e * (size_t)dim);
    if (mcf_solve(h, s, t) == 0) {
        phases = h->phases;
        for (int e = 0; e < m; e++)
            flow[e] = mcf_flow(h, e);
        for (int v = 0; v < n; v++)
            memcpy(g->pi + (size_t)v * (size_t)dim, h->pi + (size_t)v * (size_t)lead,
                   sizeof(long) * (size_t)lead);
    }
    mcf_free(h);
    return phases;
}

/* Component d of the staged solve, from the flow the earlier ones left:
 * the least-cost circulation over the arcs not fixed yet. Every residual
 * half-arc of negative cost starts full, so the network of residual
 * capacities has non-negative costs (an arc of cost c > 0 from zero flow,
 * one of cost c < 0 reversed from full, one of cost 0 both ways), and the
 * excesses this leaves are routed from a source of their own to a sink of
 * their own. Only the students whose seats the component can change move,
 * not the whole flow again. Updates flow[] and the potentials' component
 * d; returns the phases, or -1 when the excesses cannot all be routed
 * (the earlier flow broke complementary slackness). */
static long improve_component(mcf *g, int d, const unsigned char *fixed, long *flow,
                              const long *base)
{
    int n = g->n, m = g->narcs, dim = g->dim, src = n, snk = n + 1;
    int *up, *down; /* per arc: its half in the residual network, or -1 */
    long *excess, zero = 0, supply = 0, routed = 0, phases = -1;
    mcf *h = mcf_new(n + 2, 1);
    reserve_arcs(h, 2 * m + n + 1); /* at most two per arc, one per node */
    MEM_ALLOC_ARRAY(up, m + 1);
    MEM_ALLOC_ARRAY(down, m + 1);
    MEM_ZALLOC_ARRAY(excess, n + 2);
    for (int e = 0; e < m; e++) {
        long c = g->cost[(size_t)e * (size_t)dim + (size_t)d], f = flow[e], u = g->ucap[e];
        long neg;
        int from = g->from[e], to = g->to[e];
        if (base)
            c += base[from] - base[to];
        neg = -c;
        up[e] = down[e] = -1;
        if (fixed[e])
            continue;
        if (c > 0) { /* x = y: the flow f leaves it, and may come back */
            up[e] = mcf_add_arc(h, from, to, u, &c);
            excess[from] += f;
            excess[to] -= f;
        } else if (c < 0) { /* x = u - y: it fills, and may empty again */
            down[e] = mcf_add_arc(h, to, from, u, &neg);
            excess[to] += u - f;
            excess[from] -= u - f;
        } else { /* x = f + y - y' */
            if (u - f > 0)
                up[e] = mcf_add_arc(h, from, to, u - f, &zero);
            if (f > 0)
                down[e] = mcf_add_arc(h, to, from, f, &zero);
        }
    }
    for (int v = 0; v < n; v++) {
        if (excess[v] > 0) {
            mcf_add_arc(h, src, v, excess[v], &zero);
            supply += excess[v];
        } else if (excess[v] < 0) {
            mcf_add_arc(h, v, snk, -excess[v], &zero);
        }
    }
    if (mcf_solve(h, src, snk) != 0)
        goto done;
    for (int i = h->first[src]; i < h->first[src + 1]; i++)
        routed += h->res[h->rev[i]];
    if (routed != supply)
        goto done;
    phases = h->phases;
    for (int e = 0; e < m; e++) {
        long c = g->cost[(size_t)e * (size_t)dim + (size_t)d];
        if (base)
            c += base[g->from[e]] - base[g->to[e]];
        if (fixed[e])
            continue;
        if (c > 0)
            flow[e] = mcf_flow(h, up[e]);
        else if (c < 0)
            flow[e] = g->ucap[e] - mcf_flow(h, down[e]);
        else
            flow[e] += (up[e] >= 0 ? mcf_flow(h, up[e]) : 0) -
                       (down[e] >= 0 ? mcf_flow(h, down[e]) : 0);
    }
    for (int v = 0; v < n; v++)
        g->pi[(size_t)v * (size_t)dim + (size_t)d] = (base ? base[v] : 0) + h->pi[v];
done:
    mcf_free(h);
    free(up);
    free(down);
    free(excess);
    return phases;
}

/* Marks fixed the arcs not fixed yet whose reduced cost is not zero in
 * some component lo..hi-1: at a bound in every optimum of those
 * components (complementary slackness). */
static void fix_priced(const mcf *g, unsigned char *fixed, int lo, int hi)
{
    for (int e = 0; e < g->narcs; e++)
        for (int k = lo; k < hi && !fixed[e]; k++)
            if (arc_reduced(g, e, k) != 0)
                fixed[e] = 1;
}

/* The staged solves' end: the half-arcs laid out, carrying flow[]. */
static void lay_flow(mcf *g, const long *flow)
{
    build_adjacency(g);
    for (int e = 0; e < g->narcs; e++) {
        g->res[g->fwd[e]] = g->ucap[e] - flow[e];
        g->res[g->rev[g->fwd[e]]] = flow[e];
    }
}

int mcf_solve_staged(mcf *g, int s, int t, int lead)
{
    int n = g->n, m = g->narcs, dim = g->dim, rc = 0;
    unsigned char *fixed;
    long *flow;
    if (lead < 1 || lead > dim)
        lead = dim;
    MEM_ZALLOC_ARRAY(fixed, m + 1);
    MEM_ZALLOC_ARRAY(flow, m + 1);
    MEM_ZALLOC_ARRAY(g->pi, (size_t)n * (size_t)dim + 1);
    g->phases = 0;
    for (int d = 0; d < dim; d += d == 0 ? lead : 1) {
        int nd = d == 0 ? lead : 1, any = 0;
        long phases;
        for (int e = 0; e < m && !any; e++)
            any = !fixed[e] && g->cost[(size_t)e * (size_t)dim + (size_t)d] != 0;
        if (d > 0 && !any)
            continue; /* nothing to improve: potentials zero */
        phases = d == 0 ? solve_lead(g, s, t, lead, flow)
                        : improve_component(g, d, fixed, flow, NULL);
        if (phases < 0) {
            rc = -1;
            break;
        }
        g->phases += phases;
        fix_priced(g, fixed, d, d + nd);
    }
    lay_flow(g, flow);
    free(fixed);
    free(flow);
    return rc;
}

int mcf_solve_staged_from(mcf *g, const mcf *prev, int from, long num, long den)
{
    int n = g->n, m = g->narcs, dim = g->dim, rc = 0;
    unsigned char *fixed;
    long *flow, *base;
    if (!prev || prev->n != n || prev->narcs != m || prev->dim != dim || !prev->pi || from < 1 ||
        from >= dim)
        return -1;
    MEM_ZALLOC_ARRAY(fixed, m + 1);
    MEM_ALLOC_ARRAY(flow, m + 1);
    MEM_ALLOC_ARRAY(base, n + 1);
    MEM_ALLOC_ARRAY(g->pi, (size_t)n * (size_t)dim + 1);
    memcpy(g->pi, prev->pi, sizeof(long) * (size_t)n * (size_t)dim);
    for (int e = 0; e < m; e++)
        flow[e] = mcf_flow(prev, e);
    g->phases = 0;
    /* the earlier components' costs are prev's: their potentials still
       hold, and fix the same arcs */
    fix_priced(g, fixed, 0, from);
    for (int d = from; d < dim && rc == 0; d++) {
        long phases;
        /* prev's potentials price most arcs right: only those whose
           reduced cost changed sign against their flow move */
        for (int v = 0; v < n; v++)
            base[v] = (long)llround((double)g->pi[(size_t)v * (size_t)dim + (size_t)d] *
                                    (double)num / (double)den);
        phases = improve_component(g, d, fixed, flow, base);
        if (phases < 0) {
            rc = -1;
            break;
        }
        g->phases += phases;
        fix_priced(g, fixed, d, d + 1);
    }
    lay_flow(g, flow);
    free(fixed);
    free(flow);
    free(base);
    return rc;
}

long mcf_flow(const mcf *g, int arc)
{
    return g->res ? g->res[g->rev[g->fwd[arc]]] : 0;
}

typedef struct keyed {
    long key;
    int index;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return p->index - q->index;
}

/* Pushes one unit along the half-arcs of path[0..n). */
static void push_path(mcf *g, const int *path, int n)
{
    for (int k = 0; k < n; k++) {
        g->res[path[k]]--;
        g->res[g->rev[path[k]]]++;
    }
}

long mcf_prefer_sources(mcf *g, int s, const int *arcs, const long *key, int narcs)
{
    int n = g->n, *src_of, *order, *parent, *queue, *stamp, *path;
    unsigned char *dead;
    long exchanges = 0;
    if (!g->res || narcs == 0)
        return 0;
    MEM_ALLOC_ARRAY(src_of, n + 1);
    MEM_ALLOC_ARRAY(order, narcs + 1);
    MEM_ALLOC_ARRAY(parent, n + 1);
    MEM_ALLOC_ARRAY(queue, n + 1);
    MEM_ZALLOC_ARRAY(stamp, n + 1);
    MEM_ALLOC_ARRAY(path, n + 2);
    MEM_ZALLOC_ARRAY(dead, n + 1);
    for (int v = 0; v < n; v++)
        src_of[v] = -1;
    for (int k = 0; k < narcs; k++)
        src_of[g->to[arcs[k]]] = k;
    {
        keyed *ko;
        MEM_ALLOC_ARRAY(ko, narcs);
        for (int k = 0; k < narcs; k++)
            ko[k] = (keyed){key[k], k};
        mem_sort(ko, (size_t)narcs, sizeof(*ko), cmp_keyed); /* best key first */
        for (int k = 0; k < narcs; k++)
            order[k] = ko[k].index;
        free(ko);
    }
    for (int oi = 0; oi < narcs; oi++) {
        int k = order[oi], e = arcs[k], u = g->to[e], in = g->fwd[e];
        int head = 0, tail = 0, worst = -1, stamp_id = oi + 1;
        if (g->res[in] <= 0 || dead[u] || reduced_sign(g, s, in) != 0)
            continue; /* placed already, known useless, or not free to place */
        stamp[u] = stamp_id;
        parent[u] = -1;
        queue[tail++] = u;
        while (head < tail) {
            int v = queue[head++];
            if (src_of[v] >= 0 && v != u) {
                int out = g->rev[g->fwd[arcs[src_of[v]]]];
                if (g->res[out] > 0 && reduced_sign(g, v, out) == 0 &&
                    key[src_of[v]] > key[k] && (worst < 0 || key[src_of[v]] > key[src_of[worst]]))
                    worst = v;
            }
            for (int i = g->first[v]; i < g->first[v + 1]; i++) {
                int w = g->head[i];
                if (w == s || g->res[i] <= 0 || dead[w] || stamp[w] == stamp_id ||
                    reduced_sign(g, v, i) != 0)
                    continue;
                stamp[w] = stamp_id;
                parent[w] = i;
                queue[tail++] = w;
            }
        }
        if (worst < 0) {
            /* nothing below u is reachable from here, now or after later
               exchanges (they never enter this closed set): skip it */
            for (int q = 0; q < tail; q++)
                dead[queue[q]] = 1;
            continue;
        }
        {
            int np = 0, v = worst;
            path[np++] = g->rev[g->fwd[arcs[src_of[worst]]]]; /* worst leaves */
            while (v != u) {
                path[np++] = parent[v];
                v = g->head[g->rev[parent[v]]];
            }
            path[np++] = in; /* u enters */
            push_path(g, path, np);
        }
        exchanges++;
    }
    free(src_of);
    free(order);
    free(parent);
    free(queue);
    free(stamp);
    free(path);
    free(dead);
    return exchanges;
}

long mcf_phases(const mcf *g)
{
    return g->phases;
}

/* Sign of arc e's reduced cost from its own data (not the half-arcs). */
static int arc_reduced_sign(const mcf *g, int e)
{
    for (int d = 0; d < g->dim; d++) {
        long r = arc_reduced(g, e, d);
        if (r)
            return r < 0 ? -1 : 1;
    }
    return 0;
}

int mcf_certify(const mcf *g, int s, int t, char *why, size_t whylen)
{
    long *net, *flow;
    int ok = 1, head = 0, tail = 0, *queue;
    unsigned char *seen;
    if (!g->res || !g->pi) {
        snprintf(why, whylen, "not solved");
        return 0;
    }
    MEM_ZALLOC_ARRAY(net, g->n + 1);
    MEM_ALLOC_ARRAY(flow, g->narcs + 1);
    /* capacities, and reduced costs against the flow (complementary
       slackness): below capacity needs >= 0, above zero needs <= 0 */
    for (int e = 0; e < g->narcs && ok; e++) {
        long f = mcf_flow(g, e);
        int sign = arc_reduced_sign(g, e);
        flow[e] = f;
        if (f < 0 || f > g->ucap[e] || g->res[g->fwd[e]] != g->ucap[e] - f) {
            snprintf(why, whylen, "arc %d: flow %ld outside [0, %ld]", e, f, g->ucap[e]);
            ok = 0;
        } else if (f < g->ucap[e] && sign < 0) {
            snprintf(why, whylen, "arc %d: negative reduced cost below capacity", e);
            ok = 0;
        } else if (f > 0 && sign > 0) {
            snprintf(why, whylen, "arc %d: positive reduced cost with flow", e);
            ok = 0;
        }
        net[g->from[e]] -= f;
        net[g->to[e]] += f;
    }
    for (int v = 0; v < g->n && ok; v++) {
        if (v != s && v != t && net[v] != 0) {
            snprintf(why, whylen, "node %d: flow not conserved (%ld)", v, net[v]);
            ok = 0;
        }
    }
    free(net);
    if (!ok) {
        free(flow);
        return 0;
    }
    /* maximum: no residual path from s reaches t (the half-arcs' residuals
       were just checked against the flows) */
    MEM_ZALLOC_ARRAY(seen, g->n + 1);
    MEM_ALLOC_ARRAY(queue, g->n + 1);
    seen[s] = 1;
    queue[tail++] = s;
    while (head < tail) {
        int v = queue[head++];
        for (int i = g->first[v]; i < g->first[v + 1]; i++) {
            int w = g->head[i];
            if (g->res[i] > 0 && !seen[w]) {
                seen[w] = 1;
                queue[tail++] = w;
            }
        }
    }
    free(queue);
    if (seen[t]) {
        snprintf(why, whylen, "an augmenting path is left: the flow is not maximum");
        ok = 0;
    }
    free(seen);
    free(flow);
    return ok;
}
