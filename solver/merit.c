/* merit.c - free swaps by priority (see merit.h). */
#include "merit.h"

#include <stdlib.h>

#include "audit.h"
#include "mem.h"

/* The students held at each leaf, kept as the swaps go. A swap puts one
 * student in another's seat, so the leaves held stay the same. */
typedef struct holders {
    int *first; /* leaf l holds who[first[l] .. first[l+1]) */
    int *who;
    int *held;  /* the leaves that hold someone, ascending */
    int nheld;
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
    MEM_ALLOC_ARRAY(h->held, c->nstudents + 1);
    h->nheld = 0;
    for (int l = 0; l < c->nleaves; l++)
        if (h->first[l + 1] > h->first[l])
            h->held[h->nheld++] = l;
}

static void holders_release(holders *h)
{
    free(h->first);
    free(h->who);
    free(h->held);
}

/* The position in h->held of the first leaf held at or after leaf. */
static int held_from(const holders *h, int leaf)
{
    int lo = 0, hi = h->nheld;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (h->held[mid] < leaf)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
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

/* Whether quota q is in force and n breaks its bounds. */
static int quota_broken(const cycle *c, const rules *r, int q, int n)
{
    const cycle_quota *qu = &c->quotas[q];
    return rules_quota_applies(r, q) && (n < qu->min || (qu->max >= 0 && n > qu->max));
}

/* The quota counts, and how many quotas in force they break: a swap
 * changes only the quotas of the two students, so the rest is read from
 * nbroken rather than asked of every quota. */
typedef struct quota_fill {
    int *qcount;
    int nbroken;
} quota_fill;

/* Whether every quota in force holds with s in place of t at leaf. */
static int quotas_hold(const cycle *c, const rules *r, const quota_fill *qf, int leaf, int s, int t)
{
    int broken = qf->nbroken;
    for (int i = 0, j = 0, q; (q = cycle_quota_next2(c, s, t, &i, &j)) >= 0;) {
        int n = qf->qcount[q] + quota_change(c, q, leaf, s, t);
        broken += quota_broken(c, r, q, n) - quota_broken(c, r, q, qf->qcount[q]);
    }
    return broken == 0;
}

/* Where in h.who the student sits whom s would replace through her pair
 * p (leaf t), or -1: of the holders of t that a free swap may displace,
 * the lowest in priority at t (the last by index among equals). */
static int free_swap(const cycle *c, const admit *a, const rules *r, const holders *h,
                     const quota_fill *qf, int s, const admit_pair *p)
{
    int node = c->leaves[p->leaf], best = -1, best_key = 0;
    for (int i = h->first[p->leaf]; i < h->first[p->leaf + 1]; i++) {
        int t = h->who[i];
        admit_pair held;
        if (c->students[t].fix >= 0 || rules_must_place(r, c, t))
            continue;
        if (!admit_find(a, t, p->leaf, &held) || held.rank != p->rank)
            continue;
        if (!above_on_path(c, a, p->leaf, s, t))
            continue;
        if (!quotas_hold(c, r, qf, p->leaf, s, t))
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
    quota_fill qf = {NULL, 0};
    long swaps = 0, cap = 4 * ((long)c->nstudents + 1);
    int changed = 1;
    if (a->npairs == 0)
        return 0;
    holders_init(&h, c, leaf_of);
    MEM_ALLOC_ARRAY(qf.qcount, c->nquotas + 1);
    audit_quota_counts(c, leaf_of, qf.qcount);
    for (int q = 0; q < c->nquotas; q++)
        qf.nbroken += quota_broken(c, r, q, qf.qcount[q]);
    while (changed && swaps < cap) {
        changed = 0;
        for (int s = 0; s < c->nstudents && swaps < cap; s++) {
            if (leaf_of[s] >= 0)
                continue;
            /* her pairs at leaves someone holds, in pair order: a free
               seat is no swap, and a range of 100,000 leaves holds at
               most the placed students */
            for (int g = a->range_first[s]; g < a->range_first[s + 1] && leaf_of[s] < 0; g++) {
                const admit_range *rg = &a->ranges[g];
                for (int j = held_from(&h, rg->leaf_lo); j < h.nheld && h.held[j] < rg->leaf_hi;
                     j++) {
                    admit_pair p = admit_range_pair(rg, h.held[j]);
                    int i = free_swap(c, a, r, &h, &qf, s, &p), t;
                    if (i < 0)
                        continue;
                    t = h.who[i];
                    for (int k = 0, m = 0, q; (q = cycle_quota_next2(c, s, t, &k, &m)) >= 0;) {
                        int n = qf.qcount[q] + quota_change(c, q, p.leaf, s, t);
                        qf.nbroken +=
                            quota_broken(c, r, q, n) - quota_broken(c, r, q, qf.qcount[q]);
                        qf.qcount[q] = n;
                    }
                    h.who[i] = s;
                    leaf_of[s] = p.leaf;
                    leaf_of[t] = -1;
                    swaps++;
                    changed = 1;
                    break;
                }
            }
        }
    }
    free(qf.qcount);
    holders_release(&h);
    return swaps;
}
