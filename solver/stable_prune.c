/* stable_prune.c - pairs no stable assignment uses (see stable_prune.h). */
#include "stable_prune.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "sortctx.h"

typedef struct pruner {
    const cycle *c;
    const admit *a;
    const rules *r;
    unsigned char *unused;
    long *leaf_first, *leaf_pairs; /* the pairs of each leaf (pair indices) */
    int *leaf_student;             /* and their students */
    int *best;                    /* per student: her one best remaining
                                     leaf (her fix's leaf when held), -1 */
    int *best_first, *best_who;   /* the students by best leaf */
    int *members, *stamp;
    /* rule B: per capacitated node, the standings of the students with a
       pair below it that may be used, sorted (stand_first per node) */
    int *stand_first;
    long long *stand;
} pruner;

/* Whether student s must sit at her fix's leaf (held there). */
static int held(const pruner *p, int s)
{
    const cycle *c = p->c;
    int fix = c->students[s].fix;
    return fix >= 0 && c->nodes[fix].leaf >= 0 && rules_must_place(p->r, c, s);
}

static void index_pairs_by_leaf(pruner *p)
{
    const admit *a = p->a;
    int nl = p->c->nleaves;
    long *fill;
    admit_iter it;
    admit_pair q;
    MEM_ZALLOC_ARRAY(p->leaf_first, nl + 2);
    MEM_ALLOC_ARRAY(p->leaf_pairs, a->npairs + 1);
    MEM_ALLOC_ARRAY(p->leaf_student, a->npairs + 1);
    MEM_ALLOC_ARRAY(fill, nl + 1);
    for (int g = 0; g < a->nranges; g++)
        for (int l = a->ranges[g].leaf_lo; l < a->ranges[g].leaf_hi; l++)
            p->leaf_first[l + 1]++;
    for (int l = 0; l < nl; l++) {
        p->leaf_first[l + 1] += p->leaf_first[l];
        fill[l] = p->leaf_first[l];
    }
    admit_iter_all(&it, a);
    while (admit_next(&it, &q)) {
        p->leaf_student[fill[q.leaf]] = q.student;
        p->leaf_pairs[fill[q.leaf]++] = q.index;
    }
    free(fill);
}

/* Each student's one best remaining leaf, and the students by it. */
static void find_best(pruner *p)
{
    const cycle *c = p->c;
    const admit *a = p->a;
    int ns = c->nstudents, nl = c->nleaves, *fill;
    for (int s = 0; s < ns; s++) {
        int rank = INT_MAX, n = 0, leaf = -1;
        admit_iter it;
        admit_pair q;
        if (c->students[s].fix >= 0) {
            /* held at her fix's leaf, or free to stay out: a fixed
               student never blocks */
            p->best[s] = held(p, s) ? c->nodes[c->students[s].fix].leaf : -1;
            continue;
        }
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &q)) {
            if (p->unused[q.index])
                continue;
            if (q.rank < rank) {
                rank = q.rank;
                leaf = q.leaf;
                n = 1;
            } else if (q.rank == rank) {
                n++;
            }
        }
        p->best[s] = n == 1 ? leaf : -1;
    }
    memset(p->best_first, 0, sizeof(int) * (size_t)(nl + 2));
    for (int s = 0; s < ns; s++)
        if (p->best[s] >= 0)
            p->best_first[p->best[s] + 1]++;
    for (int l = 0; l < nl; l++)
        p->best_first[l + 1] += p->best_first[l];
    MEM_ALLOC_ARRAY(fill, nl + 1);
    memcpy(fill, p->best_first, sizeof(int) * (size_t)nl);
    for (int s = 0; s < ns; s++)
        if (p->best[s] >= 0)
            p->best_who[fill[p->best[s]]++] = s;
    free(fill);
}

/* Whether no place strictly between leaf and its ancestor u has a capacity. */
static int open_between(const cycle *c, int leaf, int u)
{
    for (int v = c->leaves[leaf]; v != u; v = c->nodes[v].parent)
        if (c->nodes[v].capacity >= 0)
            return 0;
    return 1;
}

typedef struct by_key_ctx {
    const pruner *p;
    int node;
} by_key_ctx;

/* Held students first, then by priority at the node, then by index. */
static int by_key(const void *x, const void *y, void *ctx)
{
    const by_key_ctx *k = ctx;
    int s = *(const int *)x, t = *(const int *)y;
    int hs = held(k->p, s), ht = held(k->p, t), ks, kt;
    if (hs != ht)
        return hs ? -1 : 1;
    ks = admit_priority_key(k->p->a, k->p->c, k->node, s);
    kt = admit_priority_key(k->p->a, k->p->c, k->node, t);
    if (ks != kt)
        return ks < kt ? -1 : 1;
    return (s > t) - (s < t);
}

/* Whether s stands strictly above r at every capacitated place above u. */
static int above_from(const pruner *p, int u, int s, int r)
{
    for (int w = p->c->nodes[u].parent; w >= 0; w = p->c->nodes[w].parent)
        if (p->c->nodes[w].capacity >= 0 && !admit_prefers(p->a, p->c, w, s, r))
            return 0;
    return 1;
}

/* Whether at least cap members (nm, sorted by by_key at u) stand strictly
 * above r at u and at every capacitated place above it. */
static int outranked(const pruner *p, int u, const int *members, int nm, int cap, int r)
{
    int count = 0, kr = admit_priority_key(p->a, p->c, u, r);
    for (int i = 0; i < nm && count < cap; i++) {
        int s = members[i];
        if (s == r)
            continue;
        if (held(p, s)) {
            count++;
            continue;
        }
        if (admit_priority_key(p->a, p->c, u, s) >= kr)
            break; /* sorted: nobody further is above r at u */
        count += above_from(p, u, s, r);
    }
    return count >= cap;
}

/* The rule at node u; returns the pairs it marked. */
static long prune_node(pruner *p, int u, int stamp_id)
{
    const cycle *c = p->c;
    const admit *a = p->a;
    const cycle_node *nd = &c->nodes[u];
    int nm = 0;
    long marked = 0;
    by_key_ctx ctx = {p, u};
    for (int l = nd->leaf_lo; l < nd->leaf_hi; l++) {
        if (p->best_first[l] == p->best_first[l + 1] || !open_between(c, l, u))
            continue;
        for (int i = p->best_first[l]; i < p->best_first[l + 1]; i++)
            p->members[nm++] = p->best_who[i];
    }
    if (nm < nd->capacity)
        return 0;
    sortctx_sort(p->members, (size_t)nm, sizeof(int), by_key, &ctx);
    for (int l = nd->leaf_lo; l < nd->leaf_hi; l++) {
        for (long i = p->leaf_first[l]; i < p->leaf_first[l + 1]; i++) {
            long k = p->leaf_pairs[i];
            int r = p->leaf_student[i];
            if (p->unused[k] || p->stamp[r] == stamp_id || c->students[r].fix >= 0)
                continue;
            p->stamp[r] = stamp_id;
            if (!outranked(p, u, p->members, nm, nd->capacity, r))
                continue;
            /* her pairs below u */
            for (int g = admit_range_from(a, r, nd->leaf_lo);
                 g < a->range_first[r + 1] && a->ranges[g].leaf_lo < nd->leaf_hi; g++) {
                const admit_range *rg = &a->ranges[g];
                int lo = rg->leaf_lo > nd->leaf_lo ? rg->leaf_lo : nd->leaf_lo;
                int hi = rg->leaf_hi < nd->leaf_hi ? rg->leaf_hi : nd->leaf_hi;
                for (int leaf = lo; leaf < hi; leaf++) {
                    long j = rg->first + (leaf - rg->leaf_lo);
                    if (!p->unused[j]) {
                        p->unused[j] = 1;
                        marked++;
                    }
                }
            }
        }
    }
    return marked;
}

/* A student's standing at a node: fixed students above everyone (as
 * where they are held), then the priority key, lower higher. */
static long long standing(const pruner *p, int node, int s)
{
    return p->c->students[s].fix >= 0 ? LLONG_MIN
                                      : (long long)admit_priority_key(p->a, p->c, node, s);
}

static int cmp_standing(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return (a > b) - (a < b);
}

/* The standings below every capacitated node, from the pairs left. */
static void find_standings(pruner *p, int *stamp_id)
{
    const cycle *c = p->c;
    int n = 0;
    for (int v = 0; v < c->nnodes; v++) {
        p->stand_first[v] = n;
        if (c->nodes[v].capacity < 0)
            continue;
        ++*stamp_id;
        for (int l = c->nodes[v].leaf_lo; l < c->nodes[v].leaf_hi; l++)
            for (long i = p->leaf_first[l]; i < p->leaf_first[l + 1]; i++) {
                long k = p->leaf_pairs[i];
                int s = p->leaf_student[i];
                if (p->unused[k] || p->stamp[s] == *stamp_id)
                    continue;
                p->stamp[s] = *stamp_id;
                p->stand[n++] = standing(p, v, s);
            }
        mem_sort(p->stand + p->stand_first[v], (size_t)(n - p->stand_first[v]),
                 sizeof(long long), cmp_standing);
    }
    p->stand_first[c->nnodes] = n;
}

/* The students below node v standing at least as high as key. */
static int at_least(const pruner *p, int v, long long key)
{
    return sortctx_count_at_most(p->stand + p->stand_first[v],
                                 p->stand_first[v + 1] - p->stand_first[v], key);
}

/* Rule B for student s: a leaf whose path has no capacitated place that
 * capacity-many others standing at least as high as her could fill is
 * hers or better in every stable assignment (else she blocks with it),
 * so her pairs ranked worse are removed. Returns the pairs marked. */
static long prune_worse(pruner *p, int s)
{
    const cycle *c = p->c;
    const admit *a = p->a;
    int sure = INT_MAX;
    long marked = 0;
    admit_iter it;
    admit_pair q;
    if (c->students[s].fix >= 0)
        return 0; /* a fixed student never blocks */
    admit_iter_student(&it, a, s);
    while (admit_next(&it, &q)) {
        int open = 1;
        if (p->unused[q.index] || q.rank >= sure)
            continue;
        for (int v = c->leaves[q.leaf]; v >= 0 && open; v = c->nodes[v].parent)
            if (c->nodes[v].capacity >= 0 &&
                at_least(p, v, standing(p, v, s)) - 1 >= c->nodes[v].capacity)
                open = 0; /* v could be full against her (she is counted) */
        if (open)
            sure = q.rank;
    }
    admit_iter_student(&it, a, s);
    while (admit_next(&it, &q))
        if (!p->unused[q.index] && q.rank > sure) {
            p->unused[q.index] = 1;
            marked++;
        }
    return marked;
}

long stable_prune(const cycle *c, const admit *a, const rules *r, unsigned char *unused)
{
    pruner p;
    long total = 0, marked = 1;
    int stamp_id = 0;
    if (a->npairs == 0)
        return 0;
    memset(&p, 0, sizeof(p));
    p.c = c;
    p.a = a;
    p.r = r;
    p.unused = unused;
    index_pairs_by_leaf(&p);
    MEM_ALLOC_ARRAY(p.best, c->nstudents + 1);
    MEM_ALLOC_ARRAY(p.best_first, c->nleaves + 2);
    MEM_ALLOC_ARRAY(p.best_who, c->nstudents + 1);
    MEM_ALLOC_ARRAY(p.members, c->nstudents + 1);
    MEM_ZALLOC_ARRAY(p.stamp, c->nstudents + 1);
    MEM_ALLOC_ARRAY(p.stand_first, c->nnodes + 1);
    MEM_ALLOC_ARRAY(p.stand, (size_t)a->npairs * 3 + 1); /* at most a pair per level */
    while (marked > 0) {
        marked = 0;
        find_best(&p);
        for (int u = 0; u < c->nnodes; u++)
            if (c->nodes[u].capacity >= 0)
                marked += prune_node(&p, u, ++stamp_id);
        find_standings(&p, &stamp_id);
        for (int s = 0; s < c->nstudents; s++)
            marked += prune_worse(&p, s);
        total += marked;
    }
    free(p.leaf_first);
    free(p.leaf_pairs);
    free(p.leaf_student);
    free(p.best);
    free(p.best_first);
    free(p.best_who);
    free(p.members);
    free(p.stamp);
    free(p.stand_first);
    free(p.stand);
    return total;
}
