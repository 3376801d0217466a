/* deferred.c - student-proposing deferred acceptance over the tree of
 * places, its conditions, and its check (see deferred.h). */
#include "deferred.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "mem.h"
#include "sortctx.h"

/* The key with ties broken by tie_rank (or student index when NULL),
 * when asked to. A student fixed within a lab or program proposes too
 * (only with break_ties), above everyone. */
static long long full_key(const admit *a, const cycle *c, int node, int s, int break_ties,
                          const int *tie_rank)
{
    long long key = c->students[s].fix >= 0 ? -1 : admit_priority_key(a, c, node, s);
    return break_ties ? key * ((long long)c->nstudents + 1) + (tie_rank ? tie_rank[s] : s) : key;
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* Whether student s has two admissible leaves at one rank: a range of
 * two leaves or more, or two ranges at one rank (ranks: scratch). */
static int ties_in_ranks(const admit *a, int s, int **ranks, int *cap)
{
    int lo = a->range_first[s], n = a->range_first[s + 1] - lo, tie = 0;
    if (n > *cap) {
        *cap = n;
        *ranks = mem_realloc(*ranks, mem_mul(sizeof(int), (size_t)n));
    }
    for (int i = 0; i < n; i++) {
        tie |= a->ranges[lo + i].leaf_hi - a->ranges[lo + i].leaf_lo > 1;
        (*ranks)[i] = a->ranges[lo + i].rank;
    }
    mem_sort(*ranks, (size_t)n, sizeof(int), cmp_int);
    for (int i = 1; i < n && !tie; i++)
        tie = (*ranks)[i] == (*ranks)[i - 1];
    return tie;
}

/* Student s's priority key at capacitated node v, into its members. */
static void add_member(const admit *a, const cycle *c, int v, int s, int **members, int *nmem,
                       int *capmem)
{
    if (c->nodes[v].capacity < 0)
        return;
    MEM_GROW(members[v], nmem[v], capmem[v]);
    members[v][nmem[v]++] = admit_priority_key(a, c, v, s);
}

/* Whether deferred acceptance gives the answer here (see deferred.h). */
static int applicable(const cycle *c, const admit *a, const rules *r, int break_ties, char *why,
                      size_t whylen)
{
    int ok = 1, nn = c->nnodes, *ranks = NULL, nranks_cap = 0, *capped, ncapped = 0;
    int **members, *nmem, *capmem;
    for (int s = 0; s < c->nstudents && ok; s++) {
        int fix = c->students[s].fix;
        if (fix >= 0) {
            if (c->nodes[fix].leaf < 0 && !break_ties) {
                snprintf(why, whylen, "a fix names a lab or program, not a leaf");
                ok = 0;
            } else if (!rules_must_place(r, c, s)) {
                snprintf(why, whylen, "a fixed student may stay unplaced in this question");
                ok = 0;
            }
            continue;
        }
        if (break_ties)
            continue; /* ties in her ranks are broken by leaf index */
        if (ties_in_ranks(a, s, &ranks, &nranks_cap)) {
            snprintf(why, whylen, "a student ranks two admissible leaves equally");
            ok = 0;
        }
    }
    free(ranks);
    for (int l = 0; l < c->nleaves && ok && !break_ties; l++) {
        int src = INT_MIN;
        for (int v = c->leaves[l]; v >= 0; v = c->nodes[v].parent) {
            if (c->nodes[v].capacity < 0)
                continue;
            if (src != INT_MIN && c->nodes[v].priority != src) {
                snprintf(why, whylen, "capacitated places on one path order students differently");
                ok = 0;
                break;
            }
            src = c->nodes[v].priority;
        }
    }
    if (!ok || break_ties)
        return ok;
    /* strict priorities among the students who can reach each capacitated
       node (fixed students are above everyone and never compared) */
    MEM_ZALLOC_ARRAY(members, nn + 1);
    MEM_ZALLOC_ARRAY(nmem, nn + 1);
    MEM_ZALLOC_ARRAY(capmem, nn + 1);
    MEM_ALLOC_ARRAY(capped, nn + 1);
    for (int v = 0; v < nn; v++)
        if (c->nodes[v].capacity >= 0)
            capped[ncapped++] = v;
    /* each capacitated node once per student who reaches it: the nodes
       her ranges reach first (admit_range_reach) */
    for (int g = 0; g < a->nranges; g++) {
        int s = a->ranges[g].student, path[3], npath, from, to, lo;
        if (c->students[s].fix >= 0)
            continue;
        admit_range_reach(c, a, g, path, &npath, &from, &to);
        for (int i = 0; i < npath; i++)
            add_member(a, c, path[i], s, members, nmem, capmem);
        /* from the first capacitated node after from */
        lo = sortctx_count_at_most_int(capped, ncapped, from);
        for (; lo < ncapped && capped[lo] <= to; lo++)
            add_member(a, c, capped[lo], s, members, nmem, capmem);
    }
    for (int v = 0; v < nn; v++) {
        mem_sort(members[v], (size_t)nmem[v], sizeof(int), cmp_int);
        for (int i = 1; i < nmem[v] && ok; i++) {
            if (members[v][i] == members[v][i - 1]) {
                snprintf(why, whylen, "ties in priority at '%s'", c->nodes[v].id);
                ok = 0;
            }
        }
        free(members[v]);
    }
    free(members);
    free(nmem);
    free(capmem);
    free(capped);
    return ok;
}

/* ---- the proposals ---- */

/* Proposals between two looks at the clock (with a deadline). */
#define DEADLINE_STEPS 4096

typedef struct entry {
    long long key;
    int student;
    long seq; /* the proposal it belongs to */
} entry;

typedef struct node_heap { /* max-heap by key: the lowest priority on top */
    entry *e;
    int n, cap;
} node_heap;

static void heap_push(node_heap *h, entry x)
{
    int i;
    MEM_GROW(h->e, h->n, h->cap);
    i = h->n++;
    while (i > 0 && h->e[(i - 1) / 2].key < x.key) {
        h->e[i] = h->e[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->e[i] = x;
}

static void heap_pop(node_heap *h)
{
    entry x = h->e[--h->n];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        long long mk = x.key;
        if (l < h->n && h->e[l].key > mk) {
            m = l;
            mk = h->e[l].key;
        }
        if (r < h->n && h->e[r].key > mk)
            m = r;
        if (m == i)
            break;
        h->e[i] = h->e[m];
        i = m;
    }
    if (h->n > 0)
        h->e[i] = x;
}

/* A student's pairs in the order she proposes them, read from her ranges
 * only as far as she gets: the first `filled` are in pair[], the rest
 * follow from range by[at] on, at leaf `leaf` (by NULL: all are in pair[]).
 * A student under a choice of 100,000 supervisors usually proposes to a
 * few, so her list is not written out in full (10^8 pairs for 1,000 such
 * students, 2.4 GB, each round of the stable search). */
typedef struct proposals {
    admit_pair *pair;
    int filled, cap;
    int *by;     /* her ranges by rank, then first leaf */
    int nby, at, leaf;
    int known;   /* pair[next..known) have no free seat on their path (a
                    full place stays full), so prefer_free_in_tie skips them */
} proposals;

typedef struct da {
    const cycle *c;
    const admit *a;
    int break_ties;
    const int *tie_rank; /* with break_ties: per student, lower wins ties */
    int *count;     /* per node: students held in its subtree */
    node_heap *heap; /* per capacitated node */
    int *held;      /* per student: leaf or -1 */
    long *seq;      /* per student: her current proposal, 0 none */
    proposals *order; /* per student: her pairs in the order she proposes */
    int *next;      /* per student: next pair to propose */
} da;

static int by_rank_of_pair(const void *x, const void *y)
{
    const admit_pair *p = x, *q = y;
    if (p->rank != q->rank)
        return p->rank < q->rank ? -1 : 1;
    return p->leaf < q->leaf ? -1 : p->leaf > q->leaf;
}

static int cmp_range_rank(const void *x, const void *y, void *ctx)
{
    const admit_range *p = &((const admit *)ctx)->ranges[*(const int *)x];
    const admit_range *q = &((const admit *)ctx)->ranges[*(const int *)y];
    if (p->rank != q->rank)
        return p->rank < q->rank ? -1 : 1;
    return (p->leaf_lo > q->leaf_lo) - (p->leaf_lo < q->leaf_lo);
}

/* Student s's pairs by rank, then leaf, as proposals read lazily: her
 * ranges (apart, one rank each) sorted by rank and first leaf, each read
 * in leaf order, instead of a sort of every pair. */
static void order_by_rank(const admit *a, int s, proposals *o)
{
    int lo = a->range_first[s], n = a->range_first[s + 1] - lo;
    memset(o, 0, sizeof(*o));
    if (n == 0)
        return;
    MEM_ALLOC_ARRAY(o->by, n);
    for (int i = 0; i < n; i++)
        o->by[i] = lo + i;
    sortctx_sort(o->by, (size_t)n, sizeof(int), cmp_range_rank, (void *)a);
    o->nby = n;
    o->leaf = a->ranges[o->by[0]].leaf_lo;
}

/* Her i-th proposal (i below her pair count), read from her ranges when
 * not yet in the list. */
static admit_pair *proposal(const admit *a, proposals *o, int i)
{
    while (o->filled <= i) {
        const admit_range *g = &a->ranges[o->by[o->at]];
        if (o->filled == o->cap) {
            o->cap = o->cap ? 2 * o->cap : 8;
            o->pair = mem_realloc(o->pair, mem_mul(sizeof(admit_pair), (size_t)o->cap));
        }
        o->pair[o->filled++] = admit_range_pair(g, o->leaf++);
        if (o->leaf == g->leaf_hi && ++o->at < o->nby)
            o->leaf = a->ranges[o->by[o->at]].leaf_lo;
    }
    return &o->pair[i];
}

typedef struct weight_ctx {
    const admit *a;
    int student;
    const double *weight; /* per pair */
} weight_ctx;

/* By rank, then higher weight first, then by leaf (by_rank_of_pair with
 * the weight between). */
static int by_rank_then_weight(const void *x, const void *y, void *ctx)
{
    const admit_pair *p = x, *q = y;
    const weight_ctx *w = ctx;
    double wp, wq;
    if (p->rank != q->rank)
        return by_rank_of_pair(x, y);
    wp = w->weight[p->index];
    wq = w->weight[q->index];
    if (wp != wq)
        return wp > wq ? -1 : 1;
    return by_rank_of_pair(x, y);
}

/* Places s at leaf (all nodes on the path count her). */
static void hold(da *m, int s, int leaf, long seq, int fixed)
{
    const cycle *c = m->c;
    m->held[s] = leaf;
    m->seq[s] = seq;
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent) {
        m->count[v]++;
        if (!fixed && c->nodes[v].capacity >= 0) {
            entry x = {full_key(m->a, c, v, s, m->break_ties, m->tie_rank), s, seq};
            heap_push(&m->heap[v], x);
        }
    }
}

static void release(da *m, int s)
{
    const cycle *c = m->c;
    for (int v = c->leaves[m->held[s]]; v >= 0; v = c->nodes[v].parent)
        m->count[v]--;
    m->held[s] = -1;
    m->seq[s] = 0;
}

/* After a proposal: the lowest node over capacity on the path of leaf
 * rejects its lowest-priority holder (which mends every node above it
 * too). Returns the rejected student, or -1. */
static int reject_one(da *m, int leaf)
{
    const cycle *c = m->c;
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent) {
        node_heap *h = &m->heap[v];
        if (c->nodes[v].capacity < 0 || m->count[v] <= c->nodes[v].capacity)
            continue;
        while (h->n > 0) {
            entry top = h->e[0];
            heap_pop(h);
            if (m->seq[top.student] == top.seq) {
                release(m, top.student);
                return top.student;
            }
        }
        return -2; /* full with fixed students only */
    }
    return -1;
}

/* Whether a proposal of s to leaf would be refused at once: the lowest
 * full place on its path holds only students above her there, so after
 * hold() reject_one() would reject her. Refusing it without holding her
 * gives the same state (a full place stays full, and its holders only
 * rise), so a student under a full program of 100,000 supervisors passes
 * them without a heap operation each. */
static int refused_at_once(da *m, int s, int leaf)
{
    const cycle *c = m->c;
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent) {
        node_heap *h = &m->heap[v];
        if (c->nodes[v].capacity < 0 || m->count[v] < c->nodes[v].capacity)
            continue;
        while (h->n > 0 && m->seq[h->e[0].student] != h->e[0].seq)
            heap_pop(h); /* stale, as reject_one skips them */
        return h->n > 0 && full_key(m->a, c, v, s, m->break_ties, m->tie_rank) > h->e[0].key;
    }
    return 0;
}

/* Whether every capacitated node on leaf's path has a free seat. */
static int path_free(const da *m, int leaf)
{
    const cycle *c = m->c;
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent)
        if (c->nodes[v].capacity >= 0 && m->count[v] >= c->nodes[v].capacity)
            return 0;
    return 1;
}

/* With ties broken: among the leaves s ranks equally at her next rank,
 * she proposes first to one with a free seat on its whole path (Király's
 * rule for ties on the proposing side: it leaves the contested seats to
 * students who have no such alternative). Her list stays an order
 * consistent with her ranks, so the result is still stable. */
static void prefer_free_in_tie(da *m, int s, int np)
{
    proposals *o = &m->order[s];
    int i = m->next[s], rank = proposal(m->a, o, i)->rank, j;
    for (j = o->known > i ? o->known : i; j < np && proposal(m->a, o, j)->rank == rank; j++) {
        if (path_free(m, o->pair[j].leaf)) {
            admit_pair t = o->pair[i];
            o->pair[i] = o->pair[j];
            o->pair[j] = t;
            o->known = j + 1; /* what was at i is not free either */
            return;
        }
    }
    o->known = j;
}

/* Whether the assignment meets the side rules of r (deferred acceptance
 * respects the capacities by construction); why says which one fails. */
static int meets_side_rules(const cycle *c, const rules *r, const int *leaf_of, char *why,
                            size_t whylen)
{
    audit_breach first;
    if (audit_holds(c, r, leaf_of, &first))
        return 1;
    switch (first.rule) {
    case AUDIT_CAPACITY:
    case AUDIT_MIN:
        snprintf(why, whylen, "the student-optimal stable assignment misses the %s of '%s'",
                 first.rule == AUDIT_MIN ? "minimum" : "capacity", c->nodes[first.index].id);
        break;
    case AUDIT_QUOTA_MIN:
    case AUDIT_QUOTA_MAX:
        snprintf(why, whylen, "the student-optimal stable assignment breaks the quota of line %ld",
                 c->quotas[first.index].line);
        break;
    case AUDIT_MUST_PLACE:
        snprintf(why, whylen, "the student-optimal stable assignment leaves a student who "
                              "must be placed unplaced");
        break;
    }
    return 0;
}

/* The rural hospitals theorem (Roth 1986; Gale and Sotomayor 1985): with
 * strict priorities and preferences and capacities at the leaves only,
 * every stable assignment places the same students and the same number
 * at each leaf. So a minimum (of any place: the sum of its leaves), a
 * must-place student or a cycle-wide quota (it counts placed students)
 * that the student-optimal stable assignment leaf_of misses is missed by
 * every stable one. Returns 1 with why naming the rule and the theorem
 * when one such rule is missed; 0 when the theorem does not settle it. */
static int rural_hospitals(const cycle *c, const rules *r, const int *leaf_of, char *why,
                           size_t whylen)
{
    audit_breach *all, *hit = NULL;
    long n;
    for (int v = 0; v < c->nnodes; v++)
        if (c->nodes[v].leaf < 0 && c->nodes[v].capacity >= 0)
            return 0; /* a capacity above the leaves */
    n = audit_breaches(c, r, leaf_of, &all);
    for (long i = 0; i < n && !hit; i++)
        if (all[i].rule == AUDIT_MIN || all[i].rule == AUDIT_MUST_PLACE ||
            ((all[i].rule == AUDIT_QUOTA_MIN || all[i].rule == AUDIT_QUOTA_MAX) &&
             c->quotas[all[i].index].scope < 0))
            hit = &all[i];
    if (hit) {
        char rule[120];
        switch (hit->rule) {
        case AUDIT_MIN:
            snprintf(rule, sizeof(rule), "the minimum of '%s' (%d of %d)",
                     c->nodes[hit->index].id, hit->count, rules_min(r, c, hit->index));
            break;
        case AUDIT_MUST_PLACE:
            snprintf(rule, sizeof(rule), "student '%s', who must be placed",
                     c->students[hit->index].id);
            break;
        default:
            snprintf(rule, sizeof(rule), "the quota of line %ld (%d counted)",
                     c->quotas[hit->index].line, hit->count);
            break;
        }
        snprintf(why, whylen,
                 "the student-optimal stable assignment misses %s; priorities are strict and "
                 "capacities sit at the leaves, so by the rural hospitals theorem every stable "
                 "assignment places the same students and as many at each leaf: none meets it",
                 rule);
    }
    free(all);
    return hit != NULL;
}

static enum deferred_outcome run(const cycle *c, const admit *a, const rules *r, int break_ties,
                                 const deferred_ties *ties, int *leaf_of, char *why,
                                 size_t whylen)
{
    da m;
    int ns = c->nstudents, *stack, nstack = 0;
    long seq = 0, steps = 0;
    enum deferred_outcome out = DEFERRED_SOLVED;

    if (!applicable(c, a, r, break_ties, why, whylen))
        return DEFERRED_NOT_APPLICABLE;
    memset(&m, 0, sizeof(m));
    m.c = c;
    m.a = a;
    m.break_ties = break_ties;
    m.tie_rank = ties ? ties->tie_rank : NULL;
    MEM_ZALLOC_ARRAY(m.count, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(m.heap, c->nnodes + 1);
    MEM_ALLOC_ARRAY(m.held, ns + 1);
    MEM_ZALLOC_ARRAY(m.seq, ns + 1);
    MEM_ZALLOC_ARRAY(m.order, ns + 1);
    MEM_ZALLOC_ARRAY(m.next, ns + 1);
    MEM_ALLOC_ARRAY(stack, ns + 1);
    for (int s = 0; s < ns; s++) {
        int np = (int)admit_count(a, s); /* at most a pair per leaf */
        m.held[s] = -1;
        if (c->students[s].fix >= 0 && c->nodes[c->students[s].fix].leaf >= 0) {
            if (np > 0)
                hold(&m, s, a->ranges[a->range_first[s]].leaf_lo, ++seq, 1);
            continue;
        }
        if (ties && ties->pair_weight) {
            /* the weights order every pair: the list is written out */
            admit_iter it;
            weight_ctx w = {a, s, ties->pair_weight};
            proposals *o = &m.order[s];
            MEM_ALLOC_ARRAY(o->pair, np + 1);
            o->filled = o->cap = np;
            admit_iter_student(&it, a, s);
            for (int k = 0; admit_next(&it, &o->pair[k]); k++)
                ;
            sortctx_sort(o->pair, (size_t)np, sizeof(admit_pair), by_rank_then_weight, &w);
        } else {
            order_by_rank(a, s, &m.order[s]);
        }
    }
    for (int s = ns - 1; s >= 0; s--)
        if (m.held[s] < 0 && a->range_first[s] < a->range_first[s + 1])
            stack[nstack++] = s;
    for (int v = 0; v < c->nnodes; v++) {
        if (c->nodes[v].capacity >= 0 && m.count[v] > c->nodes[v].capacity) {
            snprintf(why, whylen, "fixed students alone exceed the capacity of '%s'",
                     c->nodes[v].id);
            out = DEFERRED_NOT_APPLICABLE;
            goto done;
        }
    }
    while (nstack > 0) {
        int s = stack[--nstack], np = (int)admit_count(a, s), leaf, x;
        for (; m.next[s] < np; m.next[s]++) {
            if (ties && ties->deadline > 0 && ++steps % DEADLINE_STEPS == 0 &&
                clock_seconds() > ties->deadline) {
                snprintf(why, whylen, "out of time");
                out = DEFERRED_TIME_LIMIT;
                goto done;
            }
            if (break_ties)
                prefer_free_in_tie(&m, s, np);
            if (!refused_at_once(&m, s, proposal(a, &m.order[s], m.next[s])->leaf))
                break;
        }
        if (m.next[s] >= np)
            continue; /* every choice refused: she stays unplaced */
        leaf = proposal(a, &m.order[s], m.next[s]++)->leaf;
        hold(&m, s, leaf, ++seq, 0);
        x = reject_one(&m, leaf);
        if (x == -2) {
            snprintf(why, whylen, "a place is full with fixed students");
            out = DEFERRED_NOT_APPLICABLE; /* cannot happen: checked above */
            goto done;
        }
        if (x >= 0)
            stack[nstack++] = x;
    }
    memcpy(leaf_of, m.held, sizeof(int) * (size_t)ns);
    {
        audit_pair *bp = NULL;
        long nbp = audit_blocking_pairs(c, a, leaf_of, 0, &bp);
        free(bp);
        if (nbp != 0) {
            snprintf(why, whylen, "deferred acceptance left %ld blocking pair%s", nbp,
                     nbp == 1 ? "" : "s");
            out = DEFERRED_UNCERTIFIED;
            goto done;
        }
    }
    if (!meets_side_rules(c, r, leaf_of, why, whylen))
        out = !break_ties && rural_hospitals(c, r, leaf_of, why, whylen) ? DEFERRED_IMPOSSIBLE
                                                                        : DEFERRED_UNMET;
done:
    for (int v = 0; v < c->nnodes; v++)
        free(m.heap[v].e);
    for (int s = 0; s < ns; s++) {
        free(m.order[s].pair);
        free(m.order[s].by);
    }
    free(m.heap);
    free(m.count);
    free(m.held);
    free(m.seq);
    free(m.order);
    free(m.next);
    free(stack);
    return out;
}

enum deferred_outcome deferred_solve(const cycle *c, const admit *a, const rules *r,
                                     int break_ties, int *leaf_of, char *why, size_t whylen)
{
    return run(c, a, r, break_ties, NULL, leaf_of, why, whylen);
}

enum deferred_outcome deferred_solve_ties(const cycle *c, const admit *a, const rules *r,
                                          const deferred_ties *ties, int *leaf_of, char *why,
                                          size_t whylen)
{
    return run(c, a, r, 1, ties, leaf_of, why, whylen);
}
