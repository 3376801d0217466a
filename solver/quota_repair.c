/* quota_repair.c - an assignment within the quotas (see quota_repair.h). */
#include "quota_repair.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "mem.h"
#include "sortctx.h"

typedef struct repair {
    const cycle *c;
    const rules *r;
    int *leaf_of;
    int *occ;    /* per node: students placed within it */
    int *qcount; /* per quota: students it counts */
} repair;

/* Moves student s in (+1) or out (-1) of her leaf, counting her along the
 * path and in every quota that covers her there. */
static void count(repair *rp, int s, int dir)
{
    const cycle *c = rp->c;
    int leaf = rp->leaf_of[s];
    for (int n = c->leaves[leaf]; n >= 0; n = c->nodes[n].parent)
        rp->occ[n] += dir;
    for (int i = 0; i < c->students[s].nquotas; i++) {
        int q = c->students[s].quotas[i];
        if (cycle_quota_scopes(c, &c->quotas[q], leaf))
            rp->qcount[q] += dir;
    }
}

/* Whether some quota in force that covers s at leaf is above its max. */
static int over_max(const repair *rp, int s, int leaf)
{
    const cycle *c = rp->c;
    for (int i = 0; i < c->students[s].nquotas; i++) {
        int q = c->students[s].quotas[i];
        if (rules_quota_applies(rp->r, q) && c->quotas[q].max >= 0 &&
            rp->qcount[q] > c->quotas[q].max && cycle_quota_scopes(c, &c->quotas[q], leaf))
            return 1;
    }
    return 0;
}

/* Whether s fits at leaf: a seat free on the whole path, and no quota in
 * force that covers her there at its max. */
static int fits(const repair *rp, int s, int leaf)
{
    const cycle *c = rp->c;
    for (int n = c->leaves[leaf]; n >= 0; n = c->nodes[n].parent)
        if (c->nodes[n].capacity >= 0 && rp->occ[n] >= c->nodes[n].capacity)
            return 0;
    for (int i = 0; i < c->students[s].nquotas; i++) {
        int q = c->students[s].quotas[i];
        if (rules_quota_applies(rp->r, q) && c->quotas[q].max >= 0 &&
            rp->qcount[q] >= c->quotas[q].max && cycle_quota_scopes(c, &c->quotas[q], leaf))
            return 0;
    }
    return 1;
}

static int by_key(const void *x, const void *y, void *ctx)
{
    const int *key = ctx, s = *(const int *)x, t = *(const int *)y;
    if (key[s] != key[t])
        return key[s] < key[t] ? -1 : 1;
    return s - t;
}

int quota_repair(const cycle *c, const admit *a, const rules *r, int *leaf_of)
{
    int ns = c->nstudents, ok, *order;
    repair rp = {c, r, NULL, NULL, NULL};
    MEM_ALLOC_ARRAY(rp.leaf_of, ns + 1);
    memcpy(rp.leaf_of, leaf_of, sizeof(int) * (size_t)ns);
    MEM_ALLOC_ARRAY(rp.occ, c->nnodes + 1);
    MEM_ALLOC_ARRAY(rp.qcount, c->nquotas + 1);
    MEM_ALLOC_ARRAY(order, ns + 1);
    audit_node_counts(c, rp.leaf_of, rp.occ);
    audit_quota_counts(c, rp.leaf_of, rp.qcount);
    for (int s = 0; s < ns; s++)
        order[s] = s;
    sortctx_sort(order, (size_t)ns, sizeof(int), by_key, a->score_key); /* best score first */
    /* the lowest-scored leave the quotas above their max */
    for (int i = ns - 1; i >= 0; i--) {
        int s = order[i];
        if (rp.leaf_of[s] >= 0 && !rules_must_place(r, c, s) && over_max(&rp, s, rp.leaf_of[s])) {
            count(&rp, s, -1);
            rp.leaf_of[s] = -1;
        }
    }
    /* the unplaced, best score first, take their best choice that fits */
    for (int i = 0; i < ns; i++) {
        int s = order[i], best = -1, best_rank = 0;
        admit_iter it;
        admit_pair pr;
        if (rp.leaf_of[s] >= 0)
            continue;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &pr))
            if ((best < 0 || pr.rank < best_rank) && fits(&rp, s, pr.leaf)) {
                best = pr.leaf;
                best_rank = pr.rank;
            }
        if (best >= 0) {
            rp.leaf_of[s] = best;
            count(&rp, s, 1);
        }
    }
    ok = audit_holds(c, r, rp.leaf_of, NULL);
    if (ok)
        memcpy(leaf_of, rp.leaf_of, sizeof(int) * (size_t)ns);
    free(rp.leaf_of);
    free(rp.occ);
    free(rp.qcount);
    free(order);
    return ok;
}
