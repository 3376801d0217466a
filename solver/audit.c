/* audit.c - counts, the side-rule check, reasons and blocking pairs of an
 * assignment. */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

void audit_node_counts(const cycle *c, const int *leaf_of, int *count)
{
    memset(count, 0, sizeof(int) * (size_t)c->nnodes);
    for (int s = 0; s < c->nstudents; s++)
        if (leaf_of[s] >= 0)
            for (int v = c->leaves[leaf_of[s]]; v >= 0; v = c->nodes[v].parent)
                count[v]++;
}

void audit_quota_counts(const cycle *c, const int *leaf_of, int *qcount)
{
    for (int q = 0; q < c->nquotas; q++) {
        qcount[q] = 0;
        for (int s = 0; s < c->nstudents; s++)
            if (leaf_of[s] >= 0 && cycle_quota_covers(c, &c->quotas[q], s, leaf_of[s]))
                qcount[q]++;
    }
}

int audit_misplaced(const cycle *c, const rules *r, const int *leaf_of, int s)
{
    int fix = c->students[s].fix, leaf = leaf_of[s];
    if (!rules_must_place(r, c, s))
        return 0;
    if (leaf < 0)
        return 1;
    return fix >= 0 && !cycle_within(c, fix, c->leaves[leaf]);
}

static void add_breach(audit_breach **out, long *n, long *cap, enum audit_rule rule, int index,
                       int count)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *out = mem_realloc(*out, mem_mul(sizeof(**out), (size_t)*cap));
    }
    (*out)[*n].rule = rule;
    (*out)[*n].index = index;
    (*out)[*n].count = count;
    (*n)++;
}

long audit_breaches(const cycle *c, const rules *r, const int *leaf_of, audit_breach **out)
{
    int *count, *qcount;
    long n = 0, cap = 0;
    *out = NULL;
    MEM_ALLOC_ARRAY(count, c->nnodes + 1);
    MEM_ALLOC_ARRAY(qcount, c->nquotas + 1);
    audit_node_counts(c, leaf_of, count);
    audit_quota_counts(c, leaf_of, qcount);
    for (int v = 0; v < c->nnodes; v++) {
        if (c->nodes[v].capacity >= 0 && count[v] > c->nodes[v].capacity)
            add_breach(out, &n, &cap, AUDIT_CAPACITY, v, count[v]);
        if (count[v] < rules_min(r, c, v))
            add_breach(out, &n, &cap, AUDIT_MIN, v, count[v]);
    }
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        if (!rules_quota_applies(r, q))
            continue;
        if (qcount[q] < qu->min)
            add_breach(out, &n, &cap, AUDIT_QUOTA_MIN, q, qcount[q]);
        if (qu->max >= 0 && qcount[q] > qu->max)
            add_breach(out, &n, &cap, AUDIT_QUOTA_MAX, q, qcount[q]);
    }
    for (int s = 0; s < c->nstudents; s++)
        if (audit_misplaced(c, r, leaf_of, s))
            add_breach(out, &n, &cap, AUDIT_MUST_PLACE, s, 0);
    free(count);
    free(qcount);
    return n;
}

int audit_holds(const cycle *c, const rules *r, const int *leaf_of, audit_breach *first)
{
    audit_breach *all;
    long n = audit_breaches(c, r, leaf_of, &all);
    if (n > 0 && first)
        *first = all[0];
    free(all);
    return n == 0;
}

int audit_rank(const cycle *c, int s, int leaf)
{
    return admit_choice_rank(c, s, leaf);
}

void audit_profile_init(audit_profile *p, const cycle *c, const int *leaf_of)
{
    p->max_rank = c->max_rank;
    p->placed = p->total_rank = 0;
    MEM_ZALLOC_ARRAY(p->count, c->max_rank + 2);
    for (int s = 0; s < c->nstudents; s++) {
        int r;
        if (leaf_of[s] < 0)
            continue;
        r = audit_rank(c, s, leaf_of[s]);
        if (r == 0)
            r = c->max_rank + 1;
        p->placed++;
        p->count[r]++;
        p->total_rank += r;
    }
}

void audit_profile_release(audit_profile *p)
{
    free(p->count);
    p->count = NULL;
}

void audit_profile_print(const audit_profile *p, FILE *out)
{
    fprintf(out, "rank profile:");
    for (int r = 1; r <= p->max_rank; r++)
        fprintf(out, " %d=%ld", r, p->count[r]);
    fprintf(out, " unranked=%ld\n", p->count[p->max_rank + 1]);
}

/* The place on the path to leaf that keeps student s out, among those
 * that do not already hold her (her current leaf is mine, -1 when
 * unplaced: moving within a place frees her own seat there): a full place
 * whose holders all rank at least as high as her there when there is one
 * (that is what makes her claim fail), else the first full place from the
 * program down (whose seat went to someone she outranks); -1 when none is
 * full. */
static int binding_node(const audit_view *v, int s, int leaf, int mine)
{
    const cycle *c = v->c;
    int path[3], n = 0, first_full = -1;
    for (int u = c->leaves[leaf]; u >= 0 && n < 3; u = c->nodes[u].parent)
        path[n++] = u;
    for (int i = n - 1; i >= 0; i--) {
        const cycle_node *nd = &c->nodes[path[i]];
        int w = v->weakest[path[i]];
        if (mine >= 0 && cycle_within(c, path[i], c->leaves[mine]))
            continue;
        if (nd->capacity < 0 || v->count[path[i]] < nd->capacity)
            continue;
        if (w < 0 || !admit_prefers(v->a, c, path[i], s, w))
            return path[i];
        if (first_full < 0)
            first_full = path[i];
    }
    return first_full;
}

/* A quota at its maximum that would count s at leaf and does not count
 * her already (at her current leaf mine, -1 when unplaced); -1 when none. */
static int full_quota(const cycle *c, int s, int leaf, const int *qcount, int mine)
{
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        if (qu->max < 0 || qcount[q] < qu->max || !cycle_quota_covers(c, qu, s, leaf))
            continue;
        if (mine >= 0 && (qu->scope < 0 || cycle_within(c, qu->scope, c->leaves[mine])))
            continue;
        return q;
    }
    return -1;
}

/* Why choice ch (a node) did not hold student s. */
typedef struct said {
    int nodes[16]; /* full places already explained for this student */
    int n;
} said;

static int already_said(said *sd, int node)
{
    for (int i = 0; i < sd->n; i++)
        if (sd->nodes[i] == node)
            return 1;
    if (sd->n < 16)
        sd->nodes[sd->n++] = node;
    return 0;
}

static void explain_choice(const audit_view *av, int s, const cycle_choice *ch, said *sd,
                           strbuf *out)
{
    const cycle *c = av->c;
    const admit *a = av->a;
    const int *leaf_of = av->leaf_of, *count = av->count, *qcount = av->qcount;
    const cycle_node *n = &c->nodes[ch->node];
    int shown[3], nshown = 0, admissible = 0, blocked = 0, quota = -1, mine = leaf_of[s];
    strbuf_addf(out, "'%s' (rank %d): ", n->id, ch->rank);
    for (int leaf = n->leaf_lo; leaf < n->leaf_hi; leaf++) {
        int f, q;
        if (!admit_find(a, s, leaf))
            continue;
        admissible++;
        if (leaf == mine)
            continue;
        f = binding_node(av, s, leaf, mine);
        q = full_quota(c, s, leaf, qcount, mine);
        if (f >= 0) {
            int seen = 0;
            blocked++;
            for (int k = 0; k < nshown; k++)
                seen |= shown[k] == f;
            if (!seen && nshown < 3)
                shown[nshown++] = f;
        } else if (q >= 0) {
            blocked++;
            quota = q;
        }
    }
    if (admissible == 0) {
        const cycle_student *st = &c->students[s];
        admit_check chk = admit_eligibility(c, s, n->leaf_lo);
        if (st->fix >= 0 && chk.rule == ADMIT_OK) {
            chk.rule = ADMIT_OUTSIDE_FIX;
            chk.node = st->fix;
        }
        admit_explain(c, s, chk, out);
        return;
    }
    if (blocked == admissible - (mine >= 0 && cycle_within(c, ch->node, c->leaves[mine]))) {
        for (int k = 0; k < nshown; k++) {
            int f = shown[k], w = av->weakest[f];
            strbuf_addf(out, "%s'%s' is full (%d/%d)", k ? ", " : "", c->nodes[f].id, count[f],
                        c->nodes[f].capacity);
            if (already_said(sd, f))
                strbuf_adds(out, " (as above)");
            else if (w < 0)
                strbuf_adds(out, " with students placed by override");
            else if (admit_prefers(a, c, f, s, w))
                strbuf_addf(out,
                            ", but it holds '%s', whom it ranks below this student: the seat went to "
                            "'%s' so that more students could be placed or ranks improve "
                            "overall",
                            c->students[w].id, c->students[w].id);
            else
                strbuf_addf(out, " with students of equal or higher priority (lowest: '%s')",
                            c->students[w].id);
        }
        if (quota >= 0) {
            const cycle_quota *qu = &c->quotas[quota];
            strbuf_addf(out, "%sthe quota %s=%s%s%s is at its max %d", nshown ? "; " : "",
                        cycle_field_name(qu->field), qu->value_text, qu->scope >= 0 ? " in " : "",
                        qu->scope >= 0 ? c->nodes[qu->scope].id : "", qu->max);
        }
        return;
    }
    strbuf_adds(out, "a seat was open, but placing the student there would lose placements, better "
                     "ranks, a minimum or a quota elsewhere (traded for a better result overall)");
}

void audit_view_init(audit_view *v, const cycle *c, const admit *a, const int *leaf_of)
{
    v->c = c;
    v->a = a;
    v->leaf_of = leaf_of;
    MEM_ALLOC_ARRAY(v->count, c->nnodes + 1);
    MEM_ALLOC_ARRAY(v->qcount, c->nquotas + 1);
    MEM_ALLOC_ARRAY(v->weakest, c->nnodes + 1);
    audit_node_counts(c, leaf_of, v->count);
    audit_quota_counts(c, leaf_of, v->qcount);
    audit_weakest(c, a, leaf_of, v->weakest);
}

void audit_view_release(audit_view *v)
{
    free(v->count);
    free(v->qcount);
    free(v->weakest);
}

void audit_reason(const audit_view *v, int s, strbuf *out)
{
    const cycle *c = v->c;
    const int *leaf_of = v->leaf_of;
    const cycle_student *st = &c->students[s];
    int leaf = leaf_of[s], rank = 0, nbetter = 0;
    said sd = {{0}, 0};
    if (leaf >= 0) {
        rank = audit_rank(c, s, leaf);
        if (st->fix >= 0)
            strbuf_addf(out, "fixed within '%s' by an override", c->nodes[st->fix].id);
        if (rank > 0)
            strbuf_addf(out, "%splaced at rank %d", st->fix >= 0 ? "; " : "", rank);
        else if (st->fix < 0)
            strbuf_adds(out, "placed at a place not ranked");
    } else {
        strbuf_adds(out, st->nchoices ? "not placed" : "not placed: no choices listed");
    }
    for (int i = 0; i < st->nchoices; i++) {
        const cycle_choice *ch = &st->choices[i];
        if (leaf >= 0 && rank > 0 && ch->rank >= rank)
            break;
        /* a choice that holds her leaf is not a better one */
        if (leaf >= 0 && cycle_within(c, ch->node, c->leaves[leaf]))
            continue;
        strbuf_adds(out, nbetter++ ? "; " : (leaf >= 0 ? "; better choices: " : "; choices: "));
        explain_choice(v, s, ch, &sd, out);
    }
    if (leaf >= 0 && rank > 0 && nbetter == 0)
        strbuf_adds(out, " (no better choice)");
}

/* A blocking pair with its leaf's id, sorted by student, then leaf id. */
typedef struct keyed_pair {
    audit_pair pair;
    const char *leaf_id;
} keyed_pair;

static int cmp_blocking(const void *x, const void *y)
{
    const keyed_pair *p = x, *q = y;
    if (p->pair.student != q->pair.student)
        return p->pair.student < q->pair.student ? -1 : 1;
    return strcmp(p->leaf_id, q->leaf_id);
}

void audit_weakest(const cycle *c, const admit *a, const int *leaf_of, int *weakest)
{
    for (int v = 0; v < c->nnodes; v++)
        weakest[v] = -1;
    for (int s = 0; s < c->nstudents; s++) {
        if (leaf_of[s] < 0 || c->students[s].fix >= 0)
            continue;
        for (int v = c->leaves[leaf_of[s]]; v >= 0; v = c->nodes[v].parent)
            if (weakest[v] < 0 || admit_prefers(a, c, v, weakest[v], s))
                weakest[v] = s;
    }
}

long audit_blocking_pairs(const cycle *c, const admit *a, const int *leaf_of, audit_pair **out)
{
    int *count, *weakest; /* per node: lowest-priority non-fixed holder, -1 */
    audit_pair *bp = NULL;
    long n = 0, cap = 0;
    MEM_ALLOC_ARRAY(count, c->nnodes + 1);
    MEM_ALLOC_ARRAY(weakest, c->nnodes + 1);
    audit_node_counts(c, leaf_of, count);
    audit_weakest(c, a, leaf_of, weakest);
    for (int s = 0; s < c->nstudents; s++) {
        int cur = leaf_of[s], cur_rank = 0;
        if (c->students[s].fix >= 0)
            continue; /* a fixed student never blocks */
        if (cur >= 0) {
            const admit_pair *p = admit_find(a, s, cur);
            cur_rank = p ? p->rank : a->unranked_rank;
        }
        for (int k = a->first[s]; k < a->first[s + 1]; k++) {
            const admit_pair *p = &a->pairs[k];
            int blocks = 1;
            if (cur >= 0 && p->rank >= cur_rank)
                continue;
            for (int v = c->leaves[p->leaf]; v >= 0 && blocks; v = c->nodes[v].parent) {
                const cycle_node *nd = &c->nodes[v];
                if (cur >= 0 && cycle_within(c, v, c->leaves[cur]))
                    continue; /* already contains her */
                if (nd->capacity < 0 || count[v] < nd->capacity)
                    continue; /* a free seat */
                if (weakest[v] >= 0 && admit_prefers(a, c, v, s, weakest[v]))
                    continue; /* she outranks a holder */
                blocks = 0;
            }
            if (!blocks)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                bp = mem_realloc(bp, mem_mul(sizeof(*bp), (size_t)cap));
            }
            bp[n].student = s;
            bp[n].leaf = p->leaf;
            n++;
        }
    }
    if (n > 1) {
        keyed_pair *kp;
        MEM_ALLOC_ARRAY(kp, n);
        for (long i = 0; i < n; i++)
            kp[i] = (keyed_pair){bp[i], c->nodes[c->leaves[bp[i].leaf]].id};
        mem_sort(kp, (size_t)n, sizeof(*kp), cmp_blocking);
        for (long i = 0; i < n; i++)
            bp[i] = kp[i].pair;
        free(kp);
    }
    free(count);
    free(weakest);
    *out = bp;
    return n;
}
