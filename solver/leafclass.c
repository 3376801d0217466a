/* leafclass.c - merging interchangeable sibling leaves (leafclass.h): the
 * classes, the reduced cycle with every index remapped, and dealing a
 * class's students out to its members. */
#include "leafclass.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Marks the nodes something names: a choice, an override (or a student's
 * fix and forbids), a quota's scope. */
static void mark_named(const cycle *c, char *named)
{
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        for (int i = 0; i < st->nchoices; i++)
            named[st->choices[i].node] = 1;
        for (int i = 0; i < st->nforbids; i++)
            named[st->forbids[i]] = 1;
        if (st->fix >= 0)
            named[st->fix] = 1;
    }
    for (int i = 0; i < c->noverrides; i++)
        named[c->overrides[i].node] = 1;
    for (int q = 0; q < c->nquotas; q++)
        if (c->quotas[q].scope >= 0)
            named[c->quotas[q].scope] = 1;
}

/* Whether leaf node v has nothing of its own that sets it apart. */
static int plain_leaf(const cycle *c, const char *named, int v)
{
    const cycle_node *n = &c->nodes[v];
    return n->leaf >= 0 && n->parent >= 0 && !named[v] && n->min == 0 && n->min_year < 0 &&
           !n->min_gpa && n->nrequires == 0 && n->ranking < 0;
}

/* rep[v]: the first plain sibling leaf of v's class, v itself when v is
 * not in a class of two or more. Returns the number of leaves merged. */
static int find_classes(const cycle *c, int *rep)
{
    char *named;
    int *first_plain, merged = 0;
    MEM_ALLOC_ARRAY(named, c->nnodes + 1);
    MEM_ALLOC_ARRAY(first_plain, c->nnodes + 1);
    memset(named, 0, (size_t)c->nnodes + 1);
    mark_named(c, named);
    for (int v = 0; v < c->nnodes; v++)
        first_plain[v] = -1;
    for (int v = 0; v < c->nnodes; v++) {
        int p = c->nodes[v].parent;
        rep[v] = v;
        if (!plain_leaf(c, named, v))
            continue;
        if (first_plain[p] < 0) {
            first_plain[p] = v;
        } else {
            rep[v] = first_plain[p];
            merged++;
        }
    }
    free(first_plain);
    free(named);
    return merged;
}

/* The reduced cycle: kept nodes (every node whose rep is itself) in
 * their order, every node index remapped by newidx. */
static cycle *build_reduced(const cycle *c, const int *rep, const int *newidx, const int *kept_before,
                            const int *leaves_before)
{
    cycle *r;
    int nn = kept_before[c->nnodes];
    MEM_ALLOC_ARRAY(r, 1);
    *r = *c; /* strings, paths, fingerprints, tags and homes are shared */
    mem_arena_init(&r->arena);
    strmap_init(&r->node_ids);
    strmap_init(&r->student_ids);
    MEM_ALLOC_ARRAY(r->nodes, nn + 1);
    MEM_ALLOC_ARRAY(r->leaves, leaves_before[c->nnodes] + 1);
    r->nnodes = nn;
    r->nleaves = leaves_before[c->nnodes];
    for (int v = 0; v < c->nnodes; v++) {
        cycle_node *n;
        if (rep[v] != v) {
            /* a merged member adds its seats to its class's leaf */
            n = &r->nodes[newidx[v]];
            if (n->capacity >= 0)
                n->capacity = c->nodes[v].capacity < 0 ? -1 : n->capacity + c->nodes[v].capacity;
            continue;
        }
        n = &r->nodes[newidx[v]];
        *n = c->nodes[v];
        n->parent = n->parent >= 0 ? newidx[n->parent] : -1;
        n->end = kept_before[c->nodes[v].end];
        n->leaf_lo = leaves_before[v];
        n->leaf_hi = leaves_before[c->nodes[v].end];
        if (n->leaf >= 0) {
            n->leaf = leaves_before[v];
            r->leaves[n->leaf] = newidx[v];
        }
        strmap_put(&r->node_ids, n->id, newidx[v]);
    }
    MEM_ALLOC_ARRAY(r->students, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++) {
        cycle_student *st = &r->students[s];
        *st = c->students[s];
        st->choices = mem_arena_alloc(&r->arena, sizeof(*st->choices) * (size_t)(st->nchoices + 1));
        for (int i = 0; i < st->nchoices; i++) {
            st->choices[i] = c->students[s].choices[i];
            st->choices[i].node = newidx[st->choices[i].node];
        }
        st->forbids = mem_arena_alloc(&r->arena, sizeof(*st->forbids) * (size_t)(st->nforbids + 1));
        for (int i = 0; i < st->nforbids; i++)
            st->forbids[i] = newidx[c->students[s].forbids[i]];
        if (st->fix >= 0)
            st->fix = newidx[st->fix];
        /* a kept or held offer is her fix (named, so never merged away); a
           declined one only words her reason, which c gives */
        st->offer = st->fix >= 0 && st->round != CYCLE_ROUND_OPEN ? st->fix : -1;
        strmap_put(&r->student_ids, st->id, s);
    }
    MEM_ALLOC_ARRAY(r->rankings, c->nrankings + 1);
    for (int k = 0; k < c->nrankings; k++) {
        r->rankings[k] = c->rankings[k];
        r->rankings[k].node = newidx[r->rankings[k].node];
    }
    MEM_ALLOC_ARRAY(r->quotas, c->nquotas + 1);
    for (int q = 0; q < c->nquotas; q++) {
        r->quotas[q] = c->quotas[q];
        if (r->quotas[q].scope >= 0)
            r->quotas[q].scope = newidx[r->quotas[q].scope];
    }
    MEM_ALLOC_ARRAY(r->overrides, c->noverrides + 1);
    for (int i = 0; i < c->noverrides; i++) {
        r->overrides[i] = c->overrides[i];
        r->overrides[i].node = newidx[r->overrides[i].node];
    }
    return r;
}

void leafclass_init(leafclass *lc, const cycle *c)
{
    int *rep, *newidx, *kept_before, *leaves_before, *count;
    memset(lc, 0, sizeof(*lc));
    MEM_ALLOC_ARRAY(rep, c->nnodes + 1);
    lc->merged = find_classes(c, rep);
    if (lc->merged == 0) {
        free(rep);
        return;
    }
    MEM_ALLOC_ARRAY(newidx, c->nnodes + 1);
    MEM_ALLOC_ARRAY(kept_before, c->nnodes + 1);
    MEM_ALLOC_ARRAY(leaves_before, c->nnodes + 1);
    kept_before[0] = leaves_before[0] = 0;
    for (int v = 0; v < c->nnodes; v++) {
        int kept = rep[v] == v;
        kept_before[v + 1] = kept_before[v] + kept;
        leaves_before[v + 1] = leaves_before[v] + (kept && c->nodes[v].leaf >= 0);
    }
    for (int v = 0; v < c->nnodes; v++)
        newidx[v] = kept_before[rep[v]];
    lc->reduced = build_reduced(c, rep, newidx, kept_before, leaves_before);
    /* the members of each reduced leaf, by original index */
    MEM_ALLOC_ARRAY(count, lc->reduced->nleaves + 1);
    MEM_ALLOC_ARRAY(lc->first, lc->reduced->nleaves + 1);
    MEM_ALLOC_ARRAY(lc->member, c->nleaves + 1);
    memset(count, 0, sizeof(*count) * (size_t)(lc->reduced->nleaves + 1));
    for (int l = 0; l < c->nleaves; l++)
        count[lc->reduced->nodes[newidx[c->leaves[l]]].leaf]++;
    lc->first[0] = 0;
    for (int r = 0; r < lc->reduced->nleaves; r++) {
        lc->first[r + 1] = lc->first[r] + count[r];
        count[r] = lc->first[r];
    }
    for (int l = 0; l < c->nleaves; l++)
        lc->member[count[lc->reduced->nodes[newidx[c->leaves[l]]].leaf]++] = l;
    free(count);
    free(leaves_before);
    free(kept_before);
    free(newidx);
    free(rep);
}

void leafclass_release(leafclass *lc)
{
    /* the reduced cycle's arena is its own (the remapped choices and
       forbids); its strings are c's and live in c's arena */
    cycle_free(lc->reduced);
    free(lc->first);
    free(lc->member);
    memset(lc, 0, sizeof(*lc));
}

void leafclass_expand(const leafclass *lc, const cycle *c, const int *reduced_leaf_of,
                      int *leaf_of)
{
    int *next, *used;
    MEM_ALLOC_ARRAY(next, lc->reduced->nleaves + 1);
    MEM_ALLOC_ARRAY(used, lc->reduced->nleaves + 1);
    for (int r = 0; r < lc->reduced->nleaves; r++) {
        next[r] = lc->first[r];
        used[r] = 0;
    }
    for (int s = 0; s < c->nstudents; s++) {
        int r = reduced_leaf_of[s];
        if (r < 0) {
            leaf_of[s] = -1;
            continue;
        }
        /* the next member with a free seat (the class's total holds her) */
        while (next[r] + 1 < lc->first[r + 1]) {
            int cap = c->nodes[c->leaves[lc->member[next[r]]]].capacity;
            if (cap < 0 || used[r] < cap)
                break;
            next[r]++;
            used[r] = 0;
        }
        leaf_of[s] = lc->member[next[r]];
        used[r]++;
    }
    free(used);
    free(next);
}
