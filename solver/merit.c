/* merit.c - free swaps by priority (see merit.h). */
#include "merit.h"

#include <stdlib.h>

#include "audit.h"
#include "mem.h"

/* The students held at each leaf, kept as the swaps go. */
typedef struct holders {
    int *first; /* leaf l holds who[first[l] .. first[l+1]) */
    int *who;
} holders;

static void holders_init(holders *h, const cycle *c, const int *leaf_of)
{
    int *fill;
    MEM_ZALLOC_ARRAY(h->first, c->nleaves + 2);
    MEM_ALLOC_ARRAY(h->who, c->nstudents + 1);
    MEM_ALLOC_ARRAY(fill, c->nleaves + 1);
    for (int s = 0; s < c->nstudents; s++)
        if (leaf_of[s] >= 0)
            h->first[leaf_of[s] + 1]++;
    for (int l = 0; l < c->nleaves; l++) {
        h->first[l + 1] += h->first[l];
        fill[l] = h->first[l];
    }
    for (int s = 0; s < c->nstudents; s++)
        if (leaf_of[s] >= 0)
            h->who[fill[leaf_of[s]]++] = s;
    free(fill);
}

static void holders_release(holders *h)
{
    free(h->first);
    free(h->who);
}

/* Whether s is strictly above t at every node on the path of leaf. */
static int above_on_path(const cycle *c, const admit *a, int leaf, int s, int t)
{
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent)
        if (!admit_prefers(a, c, v, s, t))
            return 0;
    return 1;
}

/* How quota q's count changes with s in place of t at leaf. */
static int quota_change(const cycle *c, int q, int leaf, int s, int t)
{
    return cycle_quota_covers(c, &c->quotas[q], s, leaf) -
           cycle_quota_covers(c, &c->quotas[q], t, leaf);
}

/* Whether every quota in force holds with s in place of t at leaf. */
static int quotas_hold(const cycle *c, const rules *r, const int *qcount, int leaf, int s, int t)
{
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int n;
        if (!rules_quota_applies(r, q))
            continue;
        n = qcount[q] + quota_change(c, q, leaf, s, t);
        if (n < qu->min || (qu->max >= 0 && n > qu->max))
            return 0;
    }
    return 1;
}

/* Where in h.who the student sits whom s would replace through her pair
 * k (leaf t), or -1: of the holders of t that a free swap may displace,
 * the lowest in priority at t (the last by index among equals). */
static int free_swap(const cycle *c, const admit *a, const rules *r, const holders *h,
                     const int *qcount, int s, int k)
{
    const admit_pair *p = &a->pairs[k];
    int node = c->leaves[p->leaf], best = -1, best_key = 0;
    for (int i = h->first[p->leaf]; i < h->first[p->leaf + 1]; i++) {
        int t = h->who[i];
        const admit_pair *held = admit_find(a, t, p->leaf);
        if (c->students[t].fix >= 0 || rules_must_place(r, c, t))
            continue;
        if (!held || held->rank != p->rank)
            continue;
        if (!above_on_path(c, a, p->leaf, s, t))
            continue;
        if (!quotas_hold(c, r, qcount, p->leaf, s, t))
            continue;
        if (best < 0 || admit_priority_key(a, c, node, t) >= best_key) {
            best = i;
            best_key = admit_priority_key(a, c, node, t);
        }
    }
    return best;
}

long merit_swap(const cycle *c, const admit *a, const rules *r, int *leaf_of)
{
    holders h;
    int *qcount;
    long swaps = 0, cap = 4 * ((long)c->nstudents + 1);
    int changed = 1;
    if (a->npairs == 0)
        return 0;
    holders_init(&h, c, leaf_of);
    MEM_ALLOC_ARRAY(qcount, c->nquotas + 1);
    audit_quota_counts(c, leaf_of, qcount);
    while (changed && swaps < cap) {
        changed = 0;
        for (int s = 0; s < c->nstudents && swaps < cap; s++) {
            if (leaf_of[s] >= 0)
                continue;
            for (int k = a->first[s]; k < a->first[s + 1]; k++) {
                int i = free_swap(c, a, r, &h, qcount, s, k), t, leaf = a->pairs[k].leaf;
                if (i < 0)
                    continue;
                t = h.who[i];
                for (int q = 0; q < c->nquotas; q++)
                    qcount[q] += quota_change(c, q, leaf, s, t);
                h.who[i] = s;
                leaf_of[s] = leaf;
                leaf_of[t] = -1;
                swaps++;
                changed = 1;
                break;
            }
        }
    }
    free(qcount);
    holders_release(&h);
    return swaps;
}
