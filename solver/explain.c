/* explain.c - reasons for infeasibility. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "strbuf.h"

#define LIST_MAX 12

static void add_name(strbuf *sb, int *n, const char *id)
{
    if (*n < LIST_MAX)
        strbuf_addf(sb, "%s'%s'", *n ? ", " : "", id);
    else if (*n == LIST_MAX)
        strbuf_adds(sb, ", ...");
    (*n)++;
}

/* Students who must be placed but have no admissible leaf. */
static int no_leaf(const cycle *c, const admit *a, const rules *r, diag *d)
{
    strbuf sb;
    int n = 0;
    strbuf_init(&sb);
    for (int s = 0; s < c->nstudents; s++) {
        int must = rules_must_place(r, c, s);
        if (must && a->range_first[s] == a->range_first[s + 1])
            add_name(&sb, &n, c->students[s].id);
    }
    if (n)
        diag_error(d, NULL, 0, 0,
                   "%d student%s must be placed but %s no admissible leaf: %s", n,
                   n == 1 ? "" : "s", n == 1 ? "has" : "have", sb.buf);
    strbuf_release(&sb);
    return n > 0;
}

/* Nodes whose fixed students exceed their capacity. */
static int fixes_over_capacity(const cycle *c, diag *d)
{
    int found = 0;
    for (int n = 0; n < c->nnodes; n++) {
        const cycle_node *nd = &c->nodes[n];
        strbuf sb;
        int k = 0;
        if (nd->capacity < 0)
            continue;
        strbuf_init(&sb);
        for (int s = 0; s < c->nstudents; s++)
            if (c->students[s].fix >= 0 && cycle_within(c, n, c->students[s].fix))
                add_name(&sb, &k, c->students[s].id);
        if (k > nd->capacity) {
            diag_error(d, NULL, 0, 0, "%s '%s' has capacity %d but %d student%s fixed within it: %s",
                       cycle_level_name(nd->level), nd->id, nd->capacity, k,
                       k == 1 ? " is" : "s are", sb.buf);
            found++;
        }
        strbuf_release(&sb);
    }
    return found;
}

/* Minimums above the students who could be placed there. */
static int unreachable_mins(const cycle *c, const admit *a, diag *d)
{
    int found = 0, *reach;
    MEM_ALLOC_ARRAY(reach, c->nnodes + 1);
    admit_reach_counts(a, c, reach);
    for (int n = 0; n < c->nnodes; n++) {
        const cycle_node *nd = &c->nodes[n];
        int eligible = reach[n];
        if (nd->min == 0)
            continue;
        if (eligible < nd->min) {
            diag_error(d, NULL, 0, 0,
                       "%s '%s' needs at least %d student%s but only %d student%s can be placed "
                       "there (eligible and ranking it)",
                       cycle_level_name(nd->level), nd->id, nd->min, nd->min == 1 ? "" : "s",
                       eligible, eligible == 1 ? "" : "s");
            found++;
        }
    }
    /* a subtree needs at least max(its min, what its children need), and
       holds at most min(its capacity, what its children hold) */
    {
        long *need, *hold; /* hold -1: no limit */
        MEM_ZALLOC_ARRAY(need, c->nnodes + 1);
        MEM_ZALLOC_ARRAY(hold, c->nnodes + 1);
        for (int n = c->nnodes - 1; n >= 0; n--) {
            const cycle_node *nd = &c->nodes[n];
            long below = 0, room = nd->leaf >= 0 ? -1 : 0;
            for (int v = n + 1; v < nd->end; v++) {
                if (c->nodes[v].parent != n)
                    continue;
                below += need[v];
                if (room >= 0)
                    room = hold[v] < 0 ? -1 : room + hold[v];
            }
            hold[n] = nd->capacity >= 0 && (room < 0 || nd->capacity < room) ? nd->capacity : room;
            if (hold[n] >= 0 && nd->min > hold[n]) {
                diag_error(d, NULL, 0, 0,
                           "%s '%s' needs at least %d student%s but the places below it hold "
                           "at most %ld",
                           cycle_level_name(nd->level), nd->id, nd->min, nd->min == 1 ? "" : "s",
                           hold[n]);
                found++;
            }
            need[n] = below > nd->min ? below : nd->min;
            if (nd->capacity >= 0 && below > nd->capacity) {
                diag_error(d, NULL, 0, 0,
                           "the minimums below %s '%s' add up to %ld, above its capacity %d",
                           cycle_level_name(nd->level), nd->id, below, nd->capacity);
                found++;
            }
        }
        free(need);
        free(hold);
    }
    free(reach);
    return found;
}

static void quota_name(const cycle *c, const cycle_quota *q, strbuf *sb)
{
    strbuf_addf(sb, "quota %s=%s", cycle_field_name(q->field), q->value_text);
    if (q->scope >= 0)
        strbuf_addf(sb, " in '%s'", c->nodes[q->scope].id);
    strbuf_addf(sb, " (quotas.csv line %ld)", q->line);
}

static int unreachable_quotas(const cycle *c, const admit *a, diag *d)
{
    int found = 0;
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int eligible = 0, must = 0;
        for (int i = 0; i < qu->nstudents; i++) {
            int s = qu->students[i], any = 0;
            /* a range reaches the scope when it overlaps the scope's leaves */
            for (int g = a->range_first[s]; g < a->range_first[s + 1] && !any; g++)
                any = qu->scope < 0 || (a->ranges[g].leaf_lo < c->nodes[qu->scope].leaf_hi &&
                                        a->ranges[g].leaf_hi > c->nodes[qu->scope].leaf_lo);
            eligible += any;
            /* a fixed student inside the scope always counts */
            if (c->students[s].fix >= 0 && qu->scope >= 0 &&
                cycle_within(c, qu->scope, c->students[s].fix))
                must++;
            else if (c->students[s].fix >= 0 && qu->scope < 0)
                must++;
        }
        if (eligible < qu->min || (qu->max >= 0 && must > qu->max)) {
            strbuf sb;
            strbuf_init(&sb);
            quota_name(c, qu, &sb);
            if (eligible < qu->min)
                diag_error(d, NULL, 0, 0,
                           "%s needs at least %d student%s but only %d can be placed in its "
                           "scope",
                           sb.buf, qu->min, qu->min == 1 ? "" : "s", eligible);
            else
                diag_error(d, NULL, 0, 0, "%s allows at most %d student%s but %d %s fixed there",
                           sb.buf, qu->max, qu->max == 1 ? "" : "s", must,
                           must == 1 ? "is" : "are");
            strbuf_release(&sb);
            found++;
        }
    }
    return found;
}

/* Hall: from the unplaced students of a maximum assignment, the students
 * reachable by alternating paths compete for the seats of full nodes. */
static int hall(const cycle *c, const admit *a, const int *leaf_of, diag *d)
{
    int *count, *seen_s, *seen_n, *queue, head = 0, tail = 0, unplaced = 0;
    int nstud = 0, nfull = 0;
    long seats = 0;
    strbuf studs, nodes;
    MEM_ALLOC_ARRAY(count, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(seen_s, c->nstudents + 1);
    MEM_ZALLOC_ARRAY(seen_n, c->nnodes + 1);
    MEM_ALLOC_ARRAY(queue, c->nstudents + 1);
    memset(count, 0, sizeof(int) * (size_t)c->nnodes);
    for (int s = 0; s < c->nstudents; s++)
        if (leaf_of[s] >= 0)
            for (int v = c->leaves[leaf_of[s]]; v >= 0; v = c->nodes[v].parent)
                count[v]++;
    for (int s = 0; s < c->nstudents; s++) {
        if (leaf_of[s] < 0 && a->range_first[s] < a->range_first[s + 1]) {
            seen_s[s] = 1;
            queue[tail++] = s;
            unplaced++;
        }
    }
    if (!unplaced)
        goto out;
    /* a reachable student's admissible leaves: their full nodes hold
       students who are then reachable too (they could move) */
    while (head < tail) {
        int s = queue[head++];
        admit_iter it;
        admit_pair p;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p)) {
            int leaf = p.leaf;
            for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent) {
                const cycle_node *nd = &c->nodes[v];
                if (nd->capacity < 0 || count[v] < nd->capacity || seen_n[v])
                    continue;
                seen_n[v] = 1;
                for (int t = 0; t < c->nstudents; t++) {
                    if (seen_s[t] || leaf_of[t] < 0 || !cycle_within(c, v, c->leaves[leaf_of[t]]))
                        continue;
                    seen_s[t] = 1;
                    queue[tail++] = t;
                }
            }
        }
    }
    strbuf_init(&studs);
    strbuf_init(&nodes);
    for (int s = 0; s < c->nstudents; s++)
        if (seen_s[s])
            add_name(&studs, &nstud, c->students[s].id);
    /* the outermost full nodes reached carry the seats */
    for (int n = 0; n < c->nnodes; n++) {
        int outer = seen_n[n];
        for (int v = c->nodes[n].parent; v >= 0 && outer; v = c->nodes[v].parent)
            if (seen_n[v])
                outer = 0;
        if (!outer)
            continue;
        seats += c->nodes[n].capacity;
        add_name(&nodes, &nfull, c->nodes[n].id);
    }
    diag_error(d, NULL, 0, 0,
               "not every student can be placed: %s %d student%s can only be placed in %s "
               "with %ld seat%s together: %s (%d of them stay unplaced)",
               nstud == 1 ? "this" : "these", nstud, nstud == 1 ? "" : "s",
               nfull ? nodes.buf : "(no place)", seats, seats == 1 ? "" : "s", studs.buf,
               unplaced);
    strbuf_release(&studs);
    strbuf_release(&nodes);
out:
    free(count);
    free(seen_s);
    free(seen_n);
    free(queue);
    return unplaced > 0;
}

int explain_infeasible(const cycle *c, const admit *a, const rules *r, const int *max_leaf_of,
                       diag *d)
{
    int found = 0;
    found += no_leaf(c, a, r, d);
    found += fixes_over_capacity(c, d);
    found += unreachable_mins(c, a, d);
    found += unreachable_quotas(c, a, d);
    if (!found && r->require_all && max_leaf_of)
        found += hall(c, a, max_leaf_of, d);
    return found;
}
