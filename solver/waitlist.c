/* waitlist.c - the waitlists of an assignment: for every leaf, who would
 * move in if a seat there freed up, judged against its minimums and
 * quotas, in the order of the leaf's priority (waitlist.h). */
#include "waitlist.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mem.h"
#include "sortctx.h"

/* Per student, the quotas a move of hers can change: those that count
 * her (cycle_quota_counts) and whose scope is the whole cycle or a node on
 * the path of her leaf or of one of her admissible leaves. Found by
 * looking up, at each such node, the quotas of her home, her year and
 * each of her tags, so a quota is looked at only where she can be and for
 * her own values: never quotas x students (a year quota in each of 2,000
 * programs counts every student of that year, but she can reach only the
 * few programs she chose). */
typedef struct quota_index {
    long *first; /* student s's quotas are list[first[s]] .. list[first[s + 1] - 1] */
    int *list;
} quota_index;

typedef struct quota_key {
    int field, value, quota;
} quota_key;

/* The quotas by scope (slot c->nnodes: the whole cycle), each scope's by
 * field and value. */
typedef struct quota_table {
    quota_key *keys;
    int *slot_first; /* scope slot v's keys: keys[slot_first[v]] .. keys[slot_first[v + 1] - 1] */
} quota_table;

static int scope_slot(const cycle *c, const cycle_quota *q)
{
    return q->scope >= 0 ? q->scope : c->nnodes;
}

static int cmp_key(const quota_key *a, int field, int value)
{
    if (a->field != field)
        return a->field < field ? -1 : 1;
    return (a->value > value) - (a->value < value);
}

static int cmp_quota_key(const void *x, const void *y)
{
    const quota_key *a = x, *b = y;
    int r = cmp_key(a, b->field, b->value);
    return r ? r : (a->quota > b->quota) - (a->quota < b->quota);
}

static void quota_table_init(quota_table *qt, const cycle *c)
{
    int nslots = c->nnodes + 1, *fill;
    MEM_ZALLOC_ARRAY(qt->slot_first, nslots + 1);
    MEM_ALLOC_ARRAY(qt->keys, c->nquotas + 1);
    for (int q = 0; q < c->nquotas; q++)
        qt->slot_first[scope_slot(c, &c->quotas[q]) + 1]++;
    for (int v = 0; v < nslots; v++)
        qt->slot_first[v + 1] += qt->slot_first[v];
    MEM_ALLOC_ARRAY(fill, nslots + 1);
    for (int v = 0; v < nslots; v++)
        fill[v] = qt->slot_first[v];
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        qt->keys[fill[scope_slot(c, qu)]++] = (quota_key){qu->field, qu->value, q};
    }
    free(fill);
    for (int v = 0; v < nslots; v++)
        mem_sort(qt->keys + qt->slot_first[v], (size_t)(qt->slot_first[v + 1] - qt->slot_first[v]),
                 sizeof(*qt->keys), cmp_quota_key);
}

static void quota_table_release(quota_table *qt)
{
    free(qt->keys);
    free(qt->slot_first);
}

/* Appends to x->list (n entries, capacity cap) the quotas of scope slot v
 * on (field, value) that count student s. */
static void take_quotas(const cycle *c, const quota_table *qt, int v, int field, int value, int s,
                        quota_index *x, long *n, long *cap)
{
    int lo = qt->slot_first[v], hi = qt->slot_first[v + 1];
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (cmp_key(&qt->keys[mid], field, value) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < qt->slot_first[v + 1] && cmp_key(&qt->keys[lo], field, value) == 0; lo++)
        if (cycle_quota_counts(c, &c->quotas[qt->keys[lo].quota], s)) {
            MEM_GROW(x->list, *n, *cap);
            x->list[(*n)++] = qt->keys[lo].quota;
        }
}

/* The quotas of scope slot v that count student s, onto x->list. */
static void take_slot(const cycle *c, const quota_table *qt, int v, int s, quota_index *x, long *n,
                      long *cap)
{
    const cycle_student *st = &c->students[s];
    if (qt->slot_first[v] == qt->slot_first[v + 1])
        return; /* most places have no quota */
    if (st->home >= 0)
        take_quotas(c, qt, v, CYCLE_FIELD_HOME, st->home, s, x, n, cap);
    if (st->year >= 0)
        take_quotas(c, qt, v, CYCLE_FIELD_YEAR, st->year, s, x, n, cap);
    for (int k = 0; k < st->ntags; k++)
        take_quotas(c, qt, v, CYCLE_FIELD_TAG, st->tags[k], s, x, n, cap);
}

/* take_slot at node v for student s, unless she was there already. */
static void take_node(const cycle *c, const quota_table *qt, int v, int s, int *stamp,
                      quota_index *x, long *n, long *cap)
{
    if (stamp[v] == s)
        return;
    stamp[v] = s;
    take_slot(c, qt, v, s, x, n, cap);
}

static void quota_index_init(quota_index *x, const cycle *c, const admit *a, const int *leaf_of)
{
    quota_table qt;
    int *stamp, *scoped, nscoped = 0; /* scoped: the nodes with a quota, ascending */
    long n = 0, cap = 0;
    x->list = NULL;
    MEM_ALLOC_ARRAY(x->first, c->nstudents + 1);
    if (c->nquotas == 0) {
        memset(x->first, 0, sizeof(*x->first) * (size_t)(c->nstudents + 1));
        return;
    }
    quota_table_init(&qt, c);
    MEM_ALLOC_ARRAY(stamp, c->nnodes + 1);
    MEM_ALLOC_ARRAY(scoped, c->nnodes + 1);
    for (int v = 0; v < c->nnodes; v++) {
        stamp[v] = -1;
        if (qt.slot_first[v] < qt.slot_first[v + 1])
            scoped[nscoped++] = v;
    }
    for (int s = 0; s < c->nstudents; s++) {
        x->first[s] = n;
        take_slot(c, &qt, c->nnodes, s, x, &n, &cap);
        /* the nodes above her leaf, then those with an admissible leaf
           below: every node once, a range's inner nodes only where a
           quota is scoped (admit_range_reach) */
        for (int v = leaf_of[s] >= 0 ? c->leaves[leaf_of[s]] : -1; v >= 0; v = c->nodes[v].parent)
            take_node(c, &qt, v, s, stamp, x, &n, &cap);
        for (int g = a->range_first[s]; g < a->range_first[s + 1]; g++) {
            int path[3], npath, from, to, lo;
            admit_range_reach(c, a, g, path, &npath, &from, &to);
            for (int i = 0; i < npath; i++)
                take_node(c, &qt, path[i], s, stamp, x, &n, &cap);
            /* from the first scoped node after from */
            lo = sortctx_count_at_most_int(scoped, nscoped, from);
            for (; lo < nscoped && scoped[lo] <= to; lo++)
                take_node(c, &qt, scoped[lo], s, stamp, x, &n, &cap);
        }
    }
    x->first[c->nstudents] = n;
    free(stamp);
    free(scoped);
    quota_table_release(&qt);
}

static void quota_index_release(quota_index *x)
{
    free(x->first);
    free(x->list);
}

/* What the checks read, computed once per assignment. */
typedef struct wl_view {
    const cycle *c;
    const int *leaf_of;
    int *count;       /* students placed under each node */
    int *qcount;      /* students each quota counts */
    unsigned char *no_seat; /* per leaf: a capacity 0 on its path */
    quota_index qx;
} wl_view;

/* Whether student s, at leaf cur (-1: unplaced), may move to leaf t with
 * no minimum or quota broken (the seat at t supposed free). */
static int move_allowed(const wl_view *w, int s, int cur, int t)
{
    const cycle *c = w->c;
    int tnode = c->leaves[t];
    if (cur >= 0)
        /* the nodes she leaves: her leaf's path below where it meets t's */
        for (int v = c->leaves[cur]; v >= 0 && !cycle_within(c, v, tnode); v = c->nodes[v].parent)
            if (w->count[v] - 1 < c->nodes[v].min)
                return 0;
    for (long i = w->qx.first[s]; i < w->qx.first[s + 1]; i++) {
        int q = w->qx.list[i];
        const cycle_quota *qu = &c->quotas[q];
        int in_cur = cur >= 0 && cycle_quota_covers(c, qu, s, cur);
        int in_t = cycle_quota_covers(c, qu, s, t);
        if (in_cur && !in_t && w->qcount[q] - 1 < qu->min)
            return 0;
        if (in_t && !in_cur && qu->max >= 0 && w->qcount[q] + 1 > qu->max)
            return 0;
    }
    return 1;
}

static int cmp_entry(const void *x, const void *y)
{
    const waitlist_entry *a = x, *b = y;
    if (a->leaf != b->leaf)
        return a->leaf < b->leaf ? -1 : 1;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return (a->student > b->student) - (a->student < b->student);
}

status waitlist_init(waitlist *wl, const cycle *c, const admit *a, const int *leaf_of,
                     double deadline)
{
    wl_view w;
    long cap = 0;
    int late = 0;
    w.c = c;
    w.leaf_of = leaf_of;
    MEM_ZALLOC_ARRAY(w.count, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(w.qcount, c->nquotas + 1);
    MEM_ZALLOC_ARRAY(w.no_seat, c->nleaves + 1);
    quota_index_init(&w.qx, c, a, leaf_of);
    for (int s = 0; s < c->nstudents; s++) {
        int leaf = leaf_of[s];
        if (leaf < 0)
            continue;
        for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent)
            w.count[v]++;
        for (long i = w.qx.first[s]; i < w.qx.first[s + 1]; i++)
            if (cycle_quota_covers(c, &c->quotas[w.qx.list[i]], s, leaf))
                w.qcount[w.qx.list[i]]++;
    }
    for (int t = 0; t < c->nleaves; t++)
        for (int v = c->leaves[t]; v >= 0; v = c->nodes[v].parent)
            if (c->nodes[v].capacity == 0)
                w.no_seat[t] = 1;

    wl->v = NULL;
    wl->n = 0;
    wl->nleaves = c->nleaves;
    for (int s = 0; s < c->nstudents && !late; s++) {
        int cur = leaf_of[s], cur_rank = 0;
        if (c->students[s].fix >= 0)
            continue; /* the coordinator has decided her place */
        if (deadline > 0 && clock_seconds() > deadline) {
            late = 1;
            break;
        }
        if (cur >= 0) {
            /* as blocking pairs count it: a seat that is not admissible
               (a hand-edited file) is below every rank */
            admit_pair p;
            cur_rank = admit_find(a, s, cur, &p) ? p.rank : a->unranked_rank;
        }
        for (int g = a->range_first[s]; g < a->range_first[s + 1]; g++) {
            const admit_range *rg = &a->ranges[g];
            if (cur >= 0 && rg->rank >= cur_rank)
                continue;
            for (int leaf = rg->leaf_lo; leaf < rg->leaf_hi; leaf++) {
                if (leaf == cur || w.no_seat[leaf] || !move_allowed(&w, s, cur, leaf))
                    continue;
                MEM_GROW(wl->v, wl->n, cap);
                wl->v[wl->n].leaf = leaf;
                wl->v[wl->n].student = s;
                wl->v[wl->n].key = admit_priority_key(a, c, c->leaves[leaf], s);
                wl->n++;
            }
        }
    }
    if (late) {
        free(wl->v);
        wl->v = NULL;
        wl->n = 0;
        wl->first = NULL;
        quota_index_release(&w.qx);
        free(w.count);
        free(w.qcount);
        free(w.no_seat);
        return ST_TIME_LIMIT;
    }
    /* by leaf (counted into place), then each leaf's list in order: a
       leaf's list is at most the students, and the clock is read
       between leaves */
    MEM_ZALLOC_ARRAY(wl->first, c->nleaves + 1);
    for (long i = 0; i < wl->n; i++)
        wl->first[wl->v[i].leaf + 1]++;
    for (int t = 0; t < c->nleaves; t++)
        wl->first[t + 1] += wl->first[t];
    {
        waitlist_entry *by_leaf;
        long *fill;
        MEM_ALLOC_ARRAY(by_leaf, wl->n + 1);
        MEM_ALLOC_ARRAY(fill, c->nleaves + 1);
        memcpy(fill, wl->first, sizeof(long) * (size_t)c->nleaves);
        for (long i = 0; i < wl->n; i++)
            by_leaf[fill[wl->v[i].leaf]++] = wl->v[i];
        free(fill);
        free(wl->v);
        wl->v = by_leaf;
    }
    for (int t = 0; t < c->nleaves && !late; t++) {
        if (deadline > 0 && t % 1024 == 1023 && clock_seconds() > deadline)
            late = 1;
        mem_sort(wl->v + wl->first[t], (size_t)(wl->first[t + 1] - wl->first[t]),
                 sizeof(*wl->v), cmp_entry);
    }
    if (late) {
        waitlist_release(wl);
        quota_index_release(&w.qx);
        free(w.count);
        free(w.qcount);
        free(w.no_seat);
        return ST_TIME_LIMIT;
    }

    quota_index_release(&w.qx);
    free(w.count);
    free(w.qcount);
    free(w.no_seat);
    return ST_OK;
}

void waitlist_release(waitlist *wl)
{
    free(wl->v);
    free(wl->first);
    wl->v = NULL;
    wl->first = NULL;
    wl->n = 0;
}
