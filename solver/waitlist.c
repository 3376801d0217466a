/* waitlist.c - the waitlists of an assignment: for every leaf, who would
 * move in if a seat there freed up, judged against its minimums and
 * quotas, in the order of the leaf's priority (waitlist.h). */
#include "waitlist.h"

#include <stdlib.h>

#include "mem.h"

/* Per student, the quotas that count her (cycle_quota_counts): the only
 * quotas a move of hers can change. Built from the quotas grouped by
 * field and value, so the cost is the students' values and tags plus
 * the memberships, never quotas x students. */
typedef struct quota_index {
    int *first; /* student s's quotas are list[first[s]] .. list[first[s + 1] - 1] */
    int *list;
} quota_index;

typedef struct year_quota {
    int year, quota;
} year_quota;

static int cmp_year_quota(const void *x, const void *y)
{
    const year_quota *a = x, *b = y;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    return (a->quota > b->quota) - (a->quota < b->quota);
}

/* CSR of quota indices by a value in [0, nvalues), from the quotas on
 * field whose value lies in range; the others are left to the caller. */
static void bucket_quotas(const cycle *c, int field, int nvalues, int **first, int **list)
{
    int *f, *l, *fill;
    MEM_ZALLOC_ARRAY(f, nvalues + 1);
    for (int q = 0; q < c->nquotas; q++)
        if (c->quotas[q].field == field && c->quotas[q].value >= 0 &&
            c->quotas[q].value < nvalues)
            f[c->quotas[q].value + 1]++;
    for (int v = 0; v < nvalues; v++)
        f[v + 1] += f[v];
    MEM_ALLOC_ARRAY(l, f[nvalues] + 1);
    MEM_ALLOC_ARRAY(fill, nvalues + 1);
    for (int v = 0; v < nvalues; v++)
        fill[v] = f[v];
    for (int q = 0; q < c->nquotas; q++)
        if (c->quotas[q].field == field && c->quotas[q].value >= 0 &&
            c->quotas[q].value < nvalues)
            l[fill[c->quotas[q].value]++] = q;
    free(fill);
    *first = f;
    *list = l;
}

/* The quotas grouped by the value they count: homes and tags by index,
 * years sorted by year, and the few whose value is out of range (rest). */
typedef struct quota_buckets {
    int *home_first, *home_list;
    int *tag_first, *tag_list;
    year_quota *years;
    int nyears;
    int *rest; /* quotas in no bucket */
    int nrest;
} quota_buckets;

/* The quotas that count student s (each confirmed by cycle_quota_counts),
 * from the buckets of her home, her year and each of her tags, and the
 * rest: returns their number and, when out is not NULL, stores them. */
static int student_quotas(const cycle *c, const quota_buckets *b, int s, int *out)
{
    const cycle_student *st = &c->students[s];
    int n = 0;
#define TAKE(q)                                                                \
    do {                                                                       \
        if (cycle_quota_counts(c, &c->quotas[(q)], s)) {                       \
            if (out)                                                           \
                out[n] = (q);                                                  \
            n++;                                                               \
        }                                                                      \
    } while (0)
    if (st->home >= 0 && st->home < c->nhomes)
        for (int i = b->home_first[st->home]; i < b->home_first[st->home + 1]; i++)
            TAKE(b->home_list[i]);
    if (st->year >= 0) {
        int lo = 0, hi = b->nyears;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (b->years[mid].year < st->year)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int i = lo; i < b->nyears && b->years[i].year == st->year; i++)
            TAKE(b->years[i].quota);
    }
    for (int k = 0; k < st->ntags; k++) {
        int t = st->tags[k];
        if (t >= 0 && t < c->ntags)
            for (int i = b->tag_first[t]; i < b->tag_first[t + 1]; i++)
                TAKE(b->tag_list[i]);
    }
    for (int i = 0; i < b->nrest; i++)
        TAKE(b->rest[i]);
#undef TAKE
    return n;
}

static void quota_index_init(quota_index *x, const cycle *c)
{
    quota_buckets b;
    int total = 0;
    bucket_quotas(c, CYCLE_FIELD_HOME, c->nhomes, &b.home_first, &b.home_list);
    bucket_quotas(c, CYCLE_FIELD_TAG, c->ntags, &b.tag_first, &b.tag_list);
    MEM_ALLOC_ARRAY(b.years, c->nquotas + 1);
    MEM_ALLOC_ARRAY(b.rest, c->nquotas + 1);
    b.nyears = b.nrest = 0;
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        if (qu->field == CYCLE_FIELD_YEAR)
            b.years[b.nyears++] = (year_quota){qu->value, q};
        else if ((qu->field == CYCLE_FIELD_HOME && qu->value >= c->nhomes) ||
                 (qu->field == CYCLE_FIELD_TAG && (qu->value < 0 || qu->value >= c->ntags)))
            b.rest[b.nrest++] = q; /* not bucketed: checked for everyone */
    }
    mem_sort(b.years, (size_t)b.nyears, sizeof(*b.years), cmp_year_quota);
    MEM_ALLOC_ARRAY(x->first, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++) {
        x->first[s] = total;
        total += student_quotas(c, &b, s, NULL);
    }
    x->first[c->nstudents] = total;
    MEM_ALLOC_ARRAY(x->list, total + 1);
    for (int s = 0; s < c->nstudents; s++)
        student_quotas(c, &b, s, x->list + x->first[s]);
    free(b.home_first);
    free(b.home_list);
    free(b.tag_first);
    free(b.tag_list);
    free(b.years);
    free(b.rest);
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
    for (int i = w->qx.first[s]; i < w->qx.first[s + 1]; i++) {
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

void waitlist_init(waitlist *wl, const cycle *c, const admit *a, const int *leaf_of)
{
    wl_view w;
    long cap = 0;
    w.c = c;
    w.leaf_of = leaf_of;
    MEM_ZALLOC_ARRAY(w.count, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(w.qcount, c->nquotas + 1);
    MEM_ZALLOC_ARRAY(w.no_seat, c->nleaves + 1);
    quota_index_init(&w.qx, c);
    for (int s = 0; s < c->nstudents; s++) {
        int leaf = leaf_of[s];
        if (leaf < 0)
            continue;
        for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent)
            w.count[v]++;
        for (int i = w.qx.first[s]; i < w.qx.first[s + 1]; i++)
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
    for (int s = 0; s < c->nstudents; s++) {
        int cur = leaf_of[s], cur_rank = 0;
        if (c->students[s].fix >= 0)
            continue; /* the coordinator has decided her place */
        if (cur >= 0) {
            /* as blocking pairs count it: a seat that is not admissible
               (a hand-edited file) is below every rank */
            const admit_pair *p = admit_find(a, s, cur);
            cur_rank = p ? p->rank : a->unranked_rank;
        }
        for (int k = a->first[s]; k < a->first[s + 1]; k++) {
            const admit_pair *p = &a->pairs[k];
            if (p->leaf == cur || (cur >= 0 && p->rank >= cur_rank) || w.no_seat[p->leaf] ||
                !move_allowed(&w, s, cur, p->leaf))
                continue;
            MEM_GROW(wl->v, wl->n, cap);
            wl->v[wl->n].leaf = p->leaf;
            wl->v[wl->n].student = s;
            wl->v[wl->n].key = admit_priority_key(a, c, c->leaves[p->leaf], s);
            wl->n++;
        }
    }
    mem_sort(wl->v, (size_t)wl->n, sizeof(*wl->v), cmp_entry);
    MEM_ZALLOC_ARRAY(wl->first, c->nleaves + 1);
    for (long i = 0; i < wl->n; i++)
        wl->first[wl->v[i].leaf + 1]++;
    for (int t = 0; t < c->nleaves; t++)
        wl->first[t + 1] += wl->first[t];

    quota_index_release(&w.qx);
    free(w.count);
    free(w.qcount);
    free(w.no_seat);
}

void waitlist_release(waitlist *wl)
{
    free(wl->v);
    free(wl->first);
    wl->v = NULL;
    wl->first = NULL;
    wl->n = 0;
}
