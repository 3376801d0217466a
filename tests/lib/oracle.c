/* oracle.c - brute force over the assignments of a tiny cycle, with the
 * rules of SPEC §3-§5 written again (see oracle.h). */
#include "oracle.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "testkit.h"

typedef struct walk {
    const cycle *c;
    const admit *a;
    int (*visit)(const int *leaf_of, void *ctx);
    void *ctx;
    int *leaf_of, *count;
    long visited;
    int stop;
} walk;

/* Whether the placement of one more student at leaf fits every capacity
 * on its path. */
static int fits(const walk *w, int leaf)
{
    for (int v = w->c->leaves[leaf]; v >= 0; v = w->c->nodes[v].parent)
        if (w->c->nodes[v].capacity >= 0 && w->count[v] >= w->c->nodes[v].capacity)
            return 0;
    return 1;
}

static void add(walk *w, int leaf, int delta)
{
    for (int v = w->c->leaves[leaf]; v >= 0; v = w->c->nodes[v].parent)
        w->count[v] += delta;
}

static void step(walk *w, int s)
{
    admit_iter it;
    admit_pair p;
    if (w->stop)
        return;
    if (s == w->c->nstudents) {
        w->visited++;
        if (w->visit(w->leaf_of, w->ctx))
            w->stop = 1;
        return;
    }
    w->leaf_of[s] = -1;
    step(w, s + 1);
    admit_iter_student(&it, w->a, s);
    while (!w->stop && admit_next(&it, &p)) {
        int leaf = p.leaf;
        if (!fits(w, leaf))
            continue;
        add(w, leaf, 1);
        w->leaf_of[s] = leaf;
        step(w, s + 1);
        add(w, leaf, -1);
    }
    w->leaf_of[s] = -1;
}

long oracle_each(const cycle *c, const admit *a, int (*visit)(const int *leaf_of, void *ctx),
                 void *ctx)
{
    walk w;
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.a = a;
    w.visit = visit;
    w.ctx = ctx;
    w.leaf_of = testkit_xcalloc((size_t)c->nstudents + 1, sizeof(int));
    w.count = testkit_xcalloc((size_t)c->nnodes + 1, sizeof(int));
    step(&w, 0);
    free(w.leaf_of);
    free(w.count);
    return w.visited;
}

/* Whether node anc is node v or one of its ancestors. */
static int holds(const cycle *c, int anc, int v)
{
    for (; v >= 0; v = c->nodes[v].parent)
        if (v == anc)
            return 1;
    return 0;
}

static int pair_rank(const admit *a, int s, int leaf)
{
    admit_iter it;
    admit_pair p;
    admit_iter_student(&it, a, s);
    while (admit_next(&it, &p)) /* a scan, not admit_find: the oracle's own */
        if (p.leaf == leaf)
            return p.rank;
    return 0; /* not admissible */
}

static void subtree_counts(const cycle *c, const int *leaf_of, int *count)
{
    memset(count, 0, sizeof(int) * (size_t)c->nnodes);
    for (int s = 0; s < c->nstudents; s++)
        if (leaf_of[s] >= 0)
            for (int v = c->leaves[leaf_of[s]]; v >= 0; v = c->nodes[v].parent)
                count[v]++;
}

int oracle_capacities(const cycle *c, const admit *a, const int *leaf_of)
{
    int *count = testkit_xcalloc((size_t)c->nnodes + 1, sizeof(int)), ok = 1;
    for (int s = 0; s < c->nstudents; s++)
        if (leaf_of[s] >= 0 && (leaf_of[s] >= c->nleaves || !pair_rank(a, s, leaf_of[s])))
            ok = 0;
    if (ok) {
        subtree_counts(c, leaf_of, count);
        for (int v = 0; v < c->nnodes; v++)
            if (c->nodes[v].capacity >= 0 && count[v] > c->nodes[v].capacity)
                ok = 0;
    }
    free(count);
    return ok;
}

static int has_tag(const cycle_student *st, int tag)
{
    for (int i = 0; i < st->ntags; i++)
        if (st->tags[i] == tag)
            return 1;
    return 0;
}

static int quota_counts(const cycle *c, const cycle_quota *q, int s)
{
    const cycle_student *st = &c->students[s];
    switch (q->field) {
    case CYCLE_FIELD_HOME:
        return st->home >= 0 && st->home == q->value;
    case CYCLE_FIELD_YEAR:
        return st->year >= 0 && st->year == q->value;
    default:
        return has_tag(st, q->value);
    }
}

int oracle_side_rules(const cycle *c, const rules *r, const int *leaf_of, int quotas)
{
    int *count = testkit_xcalloc((size_t)c->nnodes + 1, sizeof(int)), ok = 1;
    subtree_counts(c, leaf_of, count);
    for (int v = 0; v < c->nnodes && ok; v++) {
        int dropped = r->relax || (r->drop_min && r->drop_min[v]);
        if (!dropped && count[v] < c->nodes[v].min)
            ok = 0;
    }
    for (int s = 0; s < c->nstudents && ok; s++) {
        int fix = c->students[s].fix;
        int must = !r->relax && (r->require_all || fix >= 0) && !(r->drop_must && r->drop_must[s]);
        if (!must)
            continue;
        if (leaf_of[s] < 0 || (fix >= 0 && !holds(c, fix, c->leaves[leaf_of[s]])))
            ok = 0;
    }
    for (int q = 0; q < c->nquotas && ok && quotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int n = 0;
        if (r->relax || (r->drop_quota && r->drop_quota[q]))
            continue;
        for (int s = 0; s < c->nstudents; s++)
            if (leaf_of[s] >= 0 && (qu->scope < 0 || holds(c, qu->scope, c->leaves[leaf_of[s]])) &&
                quota_counts(c, qu, s))
                n++;
        if (n < qu->min || (qu->max >= 0 && n > qu->max))
            ok = 0;
    }
    free(count);
    return ok;
}

/* Student s's place on ranking r, INT_MAX when she is not on it. */
static int ranking_place(const cycle *c, int r, int s)
{
    const cycle_ranking *rk = &c->rankings[r];
    for (int i = 0; i < rk->count; i++)
        if (rk->entries[i].student == s)
            return rk->entries[i].rank;
    return INT_MAX;
}

int oracle_above(const cycle *c, int n, int s, int t)
{
    const cycle_student *x = &c->students[s], *y = &c->students[t];
    int v = n;
    while (v >= 0 && c->nodes[v].ranking < 0)
        v = c->nodes[v].parent;
    /* a tie (equal places, both off the list, equal or no scores) goes to
       the lower lottery number when the cycle has a lottery */
    int tie_won = c->lottery && x->lottery < y->lottery;
    if (v >= 0) {
        int ps = ranking_place(c, c->nodes[v].ranking, s);
        int pt = ranking_place(c, c->nodes[v].ranking, t);
        return ps < pt || (ps == pt && tie_won);
    }
    /* the tests' scores have a few digits, which doubles order exactly
       (the engine compares the digits as written: num_decimal_cmp) */
    if (!x->score || !y->score)
        return x->score ? 1 : !y->score && tie_won;
    return strtod(x->score, NULL) > strtod(y->score, NULL) ||
           (strtod(x->score, NULL) == strtod(y->score, NULL) && tie_won);
}

int oracle_rank(const admit *a, const int *leaf_of, int s)
{
    return leaf_of[s] < 0 ? ORACLE_UNPLACED : pair_rank(a, s, leaf_of[s]);
}

/* Whether pair (s, leaf) blocks leaf_of; count holds the subtree counts. */
static int blocks(const cycle *c, const int *leaf_of, const int *count, int s, int leaf)
{
    int cur = leaf_of[s];
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent) {
        int outranks = 0;
        if (cur >= 0 && holds(c, v, c->leaves[cur]))
            continue; /* it already contains her */
        if (c->nodes[v].capacity < 0 || count[v] < c->nodes[v].capacity)
            continue; /* a free seat */
        for (int t = 0; t < c->nstudents && !outranks; t++)
            outranks = leaf_of[t] >= 0 && c->students[t].fix < 0 &&
                       holds(c, v, c->leaves[leaf_of[t]]) && oracle_above(c, v, s, t);
        if (!outranks)
            return 0;
    }
    return 1;
}

int oracle_blocking(const cycle *c, const admit *a, const int *leaf_of)
{
    int *count = testkit_xcalloc((size_t)c->nnodes + 1, sizeof(int)), n = 0;
    subtree_counts(c, leaf_of, count);
    for (int s = 0; s < c->nstudents; s++) {
        int mine = oracle_rank(a, leaf_of, s);
        if (c->students[s].fix >= 0)
            continue;
        admit_iter it;
        admit_pair p;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p))
            if (p.rank < mine && blocks(c, leaf_of, count, s, p.leaf))
                n++;
    }
    free(count);
    return n;
}

int oracle_key(const cycle *c, const admit *a, enum objective o, const int *leaf_of, long *key)
{
    int top = a->unranked_rank, n = 0;
    long placed = 0, sum = 0, at[ORACLE_KEYMAX + 1];
    memset(at, 0, sizeof(at));
    for (int s = 0; s < c->nstudents; s++) {
        int r = oracle_rank(a, leaf_of, s);
        if (r == ORACLE_UNPLACED)
            continue;
        placed++;
        sum += r;
        if (r <= ORACLE_KEYMAX)
            at[r]++;
    }
    key[n++] = placed;
    if (o == OBJECTIVE_RANK_SUM)
        key[n++] = -sum;
    else if (o == OBJECTIVE_RANK_MAXIMAL)
        for (int r = 1; r <= top && n < ORACLE_KEYMAX; r++)
            key[n++] = at[r];
    else
        for (int r = top; r >= 1 && n < ORACLE_KEYMAX; r--)
            key[n++] = -at[r];
    return n;
}

int oracle_key_cmp(const long *x, const long *y, int n)
{
    for (int i = 0; i < n; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

typedef struct search {
    const cycle *c;
    const admit *a;
    const rules *r;
    enum objective o;
    int stable, quotas, found;
    long *key;
    int *witness;
} search;

static int consider(const int *leaf_of, void *ctx)
{
    search *sr = ctx;
    long key[ORACLE_KEYMAX];
    int n;
    if (!oracle_side_rules(sr->c, sr->r, leaf_of, sr->quotas))
        return 0;
    if (sr->stable && oracle_blocking(sr->c, sr->a, leaf_of) > 0)
        return 0;
    n = oracle_key(sr->c, sr->a, sr->o, leaf_of, key);
    if (!sr->found || oracle_key_cmp(key, sr->key, n) > 0) {
        sr->found = 1;
        memcpy(sr->key, key, sizeof(long) * (size_t)n);
        if (sr->witness)
            memcpy(sr->witness, leaf_of, sizeof(int) * (size_t)sr->c->nstudents);
    }
    return 0;
}

int oracle_optimum(const cycle *c, const admit *a, const rules *r, enum objective o, int stable,
                   int quotas, long *key, int *witness)
{
    search sr = {c, a, r, o, stable, quotas, 0, key, witness};
    oracle_each(c, a, consider, &sr);
    return sr.found;
}
