/* audit.c - counts, the side-rule check, reasons and blocking pairs of an
 * assignment. */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mem.h"
#include "sortctx.h"

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
    memset(qcount, 0, sizeof(int) * (size_t)c->nquotas);
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        if (leaf_of[s] < 0)
            continue;
        for (int i = 0; i < st->nquotas; i++)
            if (cycle_quota_scopes(c, &c->quotas[st->quotas[i]], leaf_of[s]))
                qcount[st->quotas[i]]++;
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
    p->ranks = c->ranks;
    p->nranks = c->nranks;
    p->placed = p->total_rank = 0;
    MEM_ZALLOC_ARRAY(p->count, c->nranks + 1);
    for (int s = 0; s < c->nstudents; s++) {
        int r, i;
        if (leaf_of[s] < 0)
            continue;
        r = audit_rank(c, s, leaf_of[s]);
        i = r > 0 ? cycle_rank_index(c, r) : -1;
        if (i < 0) { /* unranked (a rank is always one written) */
            r = c->max_rank + 1;
            i = c->nranks;
        }
        p->placed++;
        p->count[i]++;
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
    for (int i = 0; i < p->nranks; i++)
        fprintf(out, " %d=%ld", p->ranks[i], p->count[i]);
    fprintf(out, " unranked=%ld\n", p->count[p->nranks]);
}

/* The place on the path to leaf that keeps student s out, among those
 * that do not already hold her (her current leaf is mine, -1 when
 * unplaced: moving within a place frees her own seat there): a full place
 * whose holders all rank at least as high as her there when there is one
 * (that is what makes her claim fail), else the first full place from the
 * program down (whose seat went to someone she outranks); -1 when none is
 * full. *whole is set when every leaf below the place has the same answer
 * (the first kind, found from the program down: the nodes above it are
 * those of every leaf below it). */
static int binding_node(const audit_view *v, int s, int leaf, int mine, int *whole)
{
    const cycle *c = v->c;
    int path[3], n = 0, first_full = -1;
    *whole = 0;
    for (int u = c->leaves[leaf]; u >= 0 && n < 3; u = c->nodes[u].parent)
        path[n++] = u;
    for (int i = n - 1; i >= 0; i--) {
        const cycle_node *nd = &c->nodes[path[i]];
        int w = v->weakest[path[i]];
        if (mine >= 0 && cycle_within(c, path[i], c->leaves[mine]))
            continue;
        if (nd->capacity < 0 || v->count[path[i]] < nd->capacity)
            continue;
        if (w < 0 || !admit_prefers(v->a, c, path[i], s, w)) {
            *whole = 1;
            return path[i];
        }
        if (first_full < 0)
            first_full = path[i];
    }
    return first_full;
}

/* Names student s in a reason: "NAME ('ID')", or "'ID'" when she has no
 * name. */
static void say_student(const cycle *c, int s, strbuf *out)
{
    const cycle_student *st = &c->students[s];
    if (st->name[0])
        strbuf_addf(out, "%s ('%s')", st->name, st->id);
    else
        strbuf_addf(out, "'%s'", st->id);
}

/* A quota at its maximum that would count s at leaf and does not count
 * her already (at her current leaf mine, -1 when unplaced); -1 when none. */
static int full_quota(const cycle *c, int s, int leaf, const int *qcount, int mine)
{
    const cycle_student *st = &c->students[s];
    for (int i = 0; i < st->nquotas; i++) {
        int q = st->quotas[i];
        const cycle_quota *qu = &c->quotas[q];
        if (qu->max < 0 || qcount[q] < qu->max || !cycle_quota_scopes(c, qu, leaf))
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

/* A node's change in count under a trade. */
typedef struct node_delta {
    int node, delta;
} node_delta;

/* Adds d to every node on leaf's path in dl (n entries so far); returns
 * the new n. leaf -1: nothing. */
static int add_path(const cycle *c, node_delta *dl, int n, int leaf, int d)
{
    if (leaf < 0)
        return n;
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent) {
        int i = 0;
        while (i < n && dl[i].node != v)
            i++;
        if (i == n)
            dl[n++] = (node_delta){v, 0};
        dl[i].delta += d;
    }
    return n;
}

static int covers(const cycle *c, int q, int s, int leaf)
{
    return leaf >= 0 && cycle_quota_covers(c, &c->quotas[q], s, leaf);
}

static long coef(const audit_view *v, int i, int s, int leaf)
{
    admit_pair p;
    return leaf >= 0 && admit_find(v->a, s, leaf, &p) ? stages_coef(&v->stages[i], &p) : 0;
}

/* The first rule the trade breaks into t->breach; 0 when none. */
static int trade_breach(const audit_view *v, audit_trade *t)
{
    const cycle *c = v->c;
    const rules *r = v->r;
    int s = t->student, mine = v->leaf_of[s], n = 0;
    node_delta dl[12];
    if (t->out >= 0 && t->out_to < 0 && rules_must_place(r, c, t->out)) {
        t->breach = (audit_breach){AUDIT_MUST_PLACE, t->out, 0};
        return 1;
    }
    if (c->students[s].fix >= 0 && !cycle_within(c, c->students[s].fix, c->leaves[t->leaf])) {
        t->breach = (audit_breach){AUDIT_MUST_PLACE, s, 0};
        return 1;
    }
    n = add_path(c, dl, n, t->leaf, 1);
    n = add_path(c, dl, n, mine, -1);
    n = add_path(c, dl, n, t->out_to, 1);
    n = add_path(c, dl, n, t->out_from, -1);
    for (int i = 0; i < n; i++) {
        const cycle_node *nd = &c->nodes[dl[i].node];
        int after = v->count[dl[i].node] + dl[i].delta;
        if (dl[i].delta > 0 && nd->capacity >= 0 && after > nd->capacity) {
            t->breach = (audit_breach){AUDIT_CAPACITY, dl[i].node, after};
            return 1;
        }
        if (dl[i].delta < 0 && after < rules_min(r, c, dl[i].node)) {
            t->breach = (audit_breach){AUDIT_MIN, dl[i].node, after};
            return 1;
        }
    }
    /* only the quotas that count s or the one she moves change */
    for (int i = 0, j = 0, q; (q = cycle_quota_next2(c, s, t->out, &i, &j)) >= 0;) {
        const cycle_quota *qu = &c->quotas[q];
        int d = covers(c, q, s, t->leaf) - covers(c, q, s, mine), after;
        if (t->out >= 0)
            d += covers(c, q, t->out, t->out_to) - covers(c, q, t->out, t->out_from);
        after = v->qcount[q] + d;
        if (!rules_quota_applies(r, q) || d == 0)
            continue;
        if (d < 0 && after < qu->min) {
            t->breach = (audit_breach){AUDIT_QUOTA_MIN, q, after};
            return 1;
        }
        if (d > 0 && qu->max >= 0 && after > qu->max) {
            t->breach = (audit_breach){AUDIT_QUOTA_MAX, q, after};
            return 1;
        }
    }
    return 0;
}

audit_stop audit_pair_stop(const audit_view *v, int s, int leaf)
{
    const cycle *c = v->c;
    int mine = v->leaf_of[s];
    audit_stop stop = {-1, -1};
    for (int u = c->leaves[leaf]; u >= 0; u = c->nodes[u].parent)
        if (c->nodes[u].capacity >= 0 && v->count[u] >= c->nodes[u].capacity &&
            !(mine >= 0 && cycle_within(c, u, c->leaves[mine]))) {
            stop.node = u;
            stop.holder = v->weakest[u];
            break;
        }
    return stop;
}

audit_stop audit_pair_priorities(const audit_view *v, int s, int leaf, strbuf *basis,
                                 strbuf *student, strbuf *holder)
{
    audit_stop stop = audit_pair_stop(v, s, leaf);
    strbuf_reset(basis);
    strbuf_reset(student);
    strbuf_reset(holder);
    if (stop.node < 0)
        return stop;
    admit_priority_describe(v->a, v->c, stop.node, s, basis, student);
    if (stop.holder >= 0) {
        /* the same basis: one place orders both */
        strbuf_reset(basis);
        admit_priority_describe(v->a, v->c, stop.node, stop.holder, basis, holder);
    }
    return stop;
}

void audit_trade_weigh(const audit_view *v, int s, int leaf, audit_trade *t)
{
    int mine = v->leaf_of[s];
    audit_stop stop = audit_pair_stop(v, s, leaf);
    t->student = s;
    t->leaf = leaf;
    t->out = t->out_from = t->out_to = -1;
    t->stage = -1;
    t->before = t->after = 0;
    t->worse = 0;
    if (stop.holder >= 0) {
        t->out = stop.holder;
        t->out_from = v->leaf_of[t->out];
        if (mine >= 0 && admit_find(v->a, t->out, mine, NULL))
            t->out_to = mine;
    }
    t->broken = trade_breach(v, t);
    if (t->broken)
        return;
    for (int i = 0; i < v->nstages; i++) {
        long d = coef(v, i, s, leaf) - coef(v, i, s, mine);
        if (t->out >= 0)
            d += coef(v, i, t->out, t->out_to) - coef(v, i, t->out, t->out_from);
        if (d == 0)
            continue;
        t->stage = i;
        t->before = v->stage_value[i];
        t->after = v->stage_value[i] + d;
        t->worse = v->stages[i].maximize ? d < 0 : d > 0;
        return;
    }
}

/* "would ..." for what trade t breaks or changes. */
static void say_outcome(const audit_view *v, const audit_trade *t, strbuf *out)
{
    const cycle *c = v->c;
    if (t->broken) {
        const audit_breach *b = &t->breach;
        const cycle_quota *qu = b->rule == AUDIT_QUOTA_MIN || b->rule == AUDIT_QUOTA_MAX
                                    ? &c->quotas[b->index]
                                    : NULL;
        switch (b->rule) {
        case AUDIT_CAPACITY:
            strbuf_addf(out, "put '%s' above its capacity (%d/%d)", c->nodes[b->index].id,
                        b->count, c->nodes[b->index].capacity);
            break;
        case AUDIT_MIN:
            strbuf_addf(out, "leave '%s' below its minimum (%d/%d)", c->nodes[b->index].id,
                        b->count, rules_min(v->r, c, b->index));
            break;
        case AUDIT_QUOTA_MIN:
        case AUDIT_QUOTA_MAX:
            /* no line number: the reasons do not depend on the order of rows */
            strbuf_addf(out, "take the quota %s=%s%s%s %s its %s %d (%d)",
                        cycle_field_name(qu->field), qu->value_text, qu->scope >= 0 ? " in " : "",
                        qu->scope >= 0 ? c->nodes[qu->scope].id : "",
                        b->rule == AUDIT_QUOTA_MIN ? "below" : "above",
                        b->rule == AUDIT_QUOTA_MIN ? "min" : "max",
                        b->rule == AUDIT_QUOTA_MIN ? qu->min : qu->max, b->count);
            break;
        case AUDIT_MUST_PLACE:
            if (b->index == t->student)
                strbuf_addf(out, "move this student, who is fixed within '%s', outside it",
                            c->nodes[c->students[b->index].fix].id);
            else
            {
                strbuf_adds(out, "leave ");
                say_student(c, b->index, out);
                strbuf_adds(out, ", who must be placed, unplaced");
            }
            break;
        }
        return;
    }
    if (t->stage < 0) {
        strbuf_adds(out, "be equally good");
        return;
    }
    {
        const stage_def *sd = &v->stages[t->stage];
        if (!t->worse)
            strbuf_addf(out, "do better on '%s' (%ld instead of %ld)", sd->name, t->after,
                        t->before);
        else if (sd->sum_ranks)
            strbuf_addf(out, "raise the total rank (%ld instead of %ld)", t->after, t->before);
        else if (sd->rank == 0)
            strbuf_addf(out, "place fewer students (%ld instead of %ld)", t->after, t->before);
        else
            strbuf_addf(out, "place %s students at rank %d (%ld instead of %ld)",
                        sd->maximize ? "fewer" : "more", sd->rank, t->after, t->before);
    }
}

/* How an equally good trade's tie was settled, after "be equally good". */
static void say_tie(const audit_view *v, const audit_trade *t, strbuf *out)
{
    const cycle *c = v->c;
    int s = t->student, w = t->out;
    admit_pair ps, pw;
    int have_ps = admit_find(v->a, s, t->leaf, &ps);
    if (w < 0)
        return;
    if (v->leaf_of[s] >= 0) {
        strbuf_adds(out, "; merit settles ties only for students left out");
        return;
    }
    if (t->out_from != t->leaf) {
        strbuf_adds(out, "; merit compares students at the same seat, and ");
        say_student(c, w, out);
        strbuf_adds(out, " holds another one");
        return;
    }
    if (have_ps && admit_find(v->a, w, t->leaf, &pw) && ps.rank != pw.rank) {
        strbuf_adds(out, "; ");
        say_student(c, w, out);
        strbuf_addf(out, " ranks this seat %d, this student %d", pw.rank, ps.rank);
        return;
    }
    for (int u = c->leaves[t->leaf]; u >= 0; u = c->nodes[u].parent)
        if (!admit_prefers(v->a, c, u, s, w)) {
            strbuf_addf(out, "; '%s' ranks ", c->nodes[u].id);
            say_student(c, w, out);
            strbuf_adds(out, " at least as high as this student");
            return;
        }
    strbuf_adds(out, "; the canonical order settled the tie");
}

/* "giving her ... would ..." for the trade of s into leaf. */
static void say_trade(const audit_view *v, int s, int leaf, strbuf *out)
{
    const cycle *c = v->c;
    audit_trade t;
    audit_trade_weigh(v, s, leaf, &t);
    if (t.out < 0)
        strbuf_adds(out, v->leaf_of[s] < 0 ? "giving this student that seat would "
                                           : "moving this student there would ");
    else {
        strbuf_adds(out, v->leaf_of[s] < 0   ? "giving this student the seat of "
                         : t.out_to >= 0 ? "swapping this student's seat with that of "
                                         : "moving this student there in place of ");
        say_student(c, t.out, out);
        strbuf_adds(out, v->leaf_of[s] >= 0 && t.out_to < 0
                             ? " (who is not admissible at this student's seat) would "
                             : " would ");
    }
    say_outcome(v, &t, out);
    if (!t.broken && t.stage < 0)
        say_tie(v, &t, out);
}

static void explain_choice(const audit_view *av, int s, const cycle_choice *ch, said *sd,
                           strbuf *out)
{
    const cycle *c = av->c;
    const admit *a = av->a;
    const int *leaf_of = av->leaf_of, *count = av->count, *qcount = av->qcount;
    const cycle_node *n = &c->nodes[ch->node];
    int shown[3], shown_leaf[3], nshown = 0, admissible = 0, quota = -1;
    int mine = leaf_of[s], open = -1;
    strbuf_addf(out, "'%s' (rank %d): ", n->id, ch->rank);
    /* her admissible leaves below the choice, until a seat is open (the
       reason then names it, and nothing else) */
    for (int g = admit_range_from(a, s, n->leaf_lo);
         g < a->range_first[s + 1] && a->ranges[g].leaf_lo < n->leaf_hi && open < 0; g++) {
        int lo = a->ranges[g].leaf_lo > n->leaf_lo ? a->ranges[g].leaf_lo : n->leaf_lo;
        int hi = a->ranges[g].leaf_hi < n->leaf_hi ? a->ranges[g].leaf_hi : n->leaf_hi;
        for (int leaf = lo; leaf < hi && open < 0; leaf++) {
            int f, q, whole;
            admissible++;
            if (leaf == mine)
                continue;
            f = binding_node(av, s, leaf, mine, &whole);
            if (f >= 0) {
                int seen = 0;
                for (int k = 0; k < nshown; k++)
                    seen |= shown[k] == f;
                if (!seen && nshown < 3) {
                    shown_leaf[nshown] = leaf;
                    shown[nshown++] = f;
                }
                /* the leaves below f say f again: skip them (mine is not
                   below it) */
                if (whole && c->nodes[f].leaf_hi < hi)
                    leaf = c->nodes[f].leaf_hi - 1;
                else if (whole)
                    leaf = hi - 1;
            } else if ((q = full_quota(c, s, leaf, qcount, mine)) >= 0) {
                quota = q;
            } else {
                open = leaf;
            }
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
    if (open < 0) {
        for (int k = 0; k < nshown; k++) {
            int f = shown[k], w = av->weakest[f];
            strbuf_addf(out, "%s'%s' is full (%d/%d)", k ? ", " : "", c->nodes[f].id, count[f],
                        c->nodes[f].capacity);
            int before = already_said(sd, f);
            if (before)
                strbuf_adds(out, " (as above)");
            if (w >= 0 && admit_prefers(a, c, f, s, w)) {
                /* the trade differs from leaf to leaf: said each time */
                if (!before)
                {
                    strbuf_adds(out, ", but it holds ");
                    say_student(c, w, out);
                    strbuf_adds(out, ", whom it ranks below this student");
                }
                strbuf_adds(out, ": ");
                say_trade(av, s, shown_leaf[k], out);
            } else if (!before) {
                if (w < 0)
                    strbuf_adds(out, " with students placed by override");
                else
                {
                    strbuf_adds(out, " with students of equal or higher priority (lowest: ");
                    say_student(c, w, out);
                    strbuf_adds(out, ")");
                }
            }
        }
        if (quota >= 0) {
            const cycle_quota *qu = &c->quotas[quota];
            strbuf_addf(out, "%sthe quota %s=%s%s%s is at its max %d", nshown ? "; " : "",
                        cycle_field_name(qu->field), qu->value_text, qu->scope >= 0 ? " in " : "",
                        qu->scope >= 0 ? c->nodes[qu->scope].id : "", qu->max);
        }
        return;
    }
    strbuf_addf(out, "a seat was open at '%s', but ", c->nodes[c->leaves[open]].id);
    say_trade(av, s, open, out);
}

void audit_view_init(audit_view *v, const cycle *c, const admit *a, const rules *r,
                     const stage_def *stages, int nstages, const int *leaf_of)
{
    v->c = c;
    v->a = a;
    v->r = r;
    v->stages = stages;
    v->nstages = nstages;
    v->leaf_of = leaf_of;
    MEM_ALLOC_ARRAY(v->count, c->nnodes + 1);
    MEM_ALLOC_ARRAY(v->qcount, c->nquotas + 1);
    MEM_ALLOC_ARRAY(v->weakest, c->nnodes + 1);
    MEM_ALLOC_ARRAY(v->stage_value, nstages + 1);
    audit_node_counts(c, leaf_of, v->count);
    audit_quota_counts(c, leaf_of, v->qcount);
    audit_weakest(c, a, leaf_of, v->weakest);
    for (int i = 0; i < nstages; i++)
        v->stage_value[i] = stages_value(&stages[i], a, leaf_of, c->nstudents);
}

void audit_view_release(audit_view *v)
{
    free(v->count);
    free(v->qcount);
    free(v->weakest);
    free(v->stage_value);
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
        if (st->round == CYCLE_ROUND_KEPT) {
            strbuf_adds(out, "accepted her offer of an earlier round: kept there");
        } else if (st->round == CYCLE_ROUND_HELD) {
            strbuf_adds(out, "holds her offer of an earlier round (no response yet)");
        } else if (st->fix >= 0) {
            strbuf_addf(out, "fixed within '%s' by an override", c->nodes[st->fix].id);
            strbuf bypass;
            strbuf_init(&bypass);
            if (admit_fix_bypass(c, s, &bypass))
                strbuf_addf(out, ", which bypasses %s", bypass.buf);
            strbuf_release(&bypass);
        }
        if (rank > 0)
            strbuf_addf(out, "%splaced at rank %d", st->fix >= 0 ? "; " : "", rank);
        else if (st->fix < 0)
            strbuf_adds(out, "placed at a place not ranked");
    } else if (st->round == CYCLE_ROUND_DECLINED) {
        if (st->offer >= 0)
            strbuf_addf(out, "declined her offer at '%s'", c->nodes[st->offer].id);
        else
            strbuf_adds(out, "declined her offer in an earlier round");
        return; /* out of the cycle: her choices no longer matter */
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

static int cmp_leaf_id(const void *x, const void *y, void *ctx)
{
    const cycle *c = ctx;
    return strcmp(c->nodes[c->leaves[*(const int *)x]].id, c->nodes[c->leaves[*(const int *)y]].id);
}

/* Each leaf's place among the leaves sorted by id (bytewise), heap. */
static int *leaf_id_order(const cycle *c)
{
    int *by_id, *order;
    MEM_ALLOC_ARRAY(by_id, c->nleaves + 1);
    MEM_ALLOC_ARRAY(order, c->nleaves + 1);
    for (int l = 0; l < c->nleaves; l++)
        by_id[l] = l;
    sortctx_sort(by_id, (size_t)c->nleaves, sizeof(int), cmp_leaf_id, (void *)c);
    for (int i = 0; i < c->nleaves; i++)
        order[by_id[i]] = i;
    free(by_id);
    return order;
}

static int cmp_by_order(const void *x, const void *y, void *ctx)
{
    const int *order = ctx;
    int p = order[((const audit_pair *)x)->leaf], q = order[((const audit_pair *)y)->leaf];
    return (p > q) - (p < q);
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

long audit_blocking_pairs(const cycle *c, const admit *a, const int *leaf_of, double deadline,
                          audit_pair **out)
{
    int *count, *weakest; /* per node: lowest-priority non-fixed holder, -1 */
    int *order = NULL;    /* leaf_id_order, made when a student has two */
    audit_pair *bp = NULL;
    long n = 0, cap = 0;
    MEM_ALLOC_ARRAY(count, c->nnodes + 1);
    MEM_ALLOC_ARRAY(weakest, c->nnodes + 1);
    audit_node_counts(c, leaf_of, count);
    audit_weakest(c, a, leaf_of, weakest);
    for (int s = 0; s < c->nstudents; s++) {
        int cur = leaf_of[s], cur_rank = 0;
        long start = n;
        if (c->students[s].fix >= 0)
            continue; /* a fixed student never blocks */
        if (deadline > 0 && clock_seconds() > deadline) {
            free(bp);
            bp = NULL;
            n = -1;
            break;
        }
        if (cur >= 0) {
            admit_pair p;
            cur_rank = admit_find(a, s, cur, &p) ? p.rank : a->unranked_rank;
        }
        for (int g = a->range_first[s]; g < a->range_first[s + 1]; g++) {
            const admit_range *rg = &a->ranges[g];
            if (cur >= 0 && rg->rank >= cur_rank)
                continue;
            for (int leaf = rg->leaf_lo; leaf < rg->leaf_hi; leaf++) {
                int stop = -1; /* the node on the path that refuses her */
                for (int v = c->leaves[leaf]; v >= 0 && stop < 0; v = c->nodes[v].parent) {
                    const cycle_node *nd = &c->nodes[v];
                    if (cur >= 0 && cycle_within(c, v, c->leaves[cur]))
                        continue; /* already contains her */
                    if (nd->capacity < 0 || count[v] < nd->capacity)
                        continue; /* a free seat */
                    if (weakest[v] >= 0 && admit_prefers(a, c, v, s, weakest[v]))
                        continue; /* she outranks a holder */
                    stop = v;
                }
                if (stop >= 0) {
                    /* a place above the leaf refuses her at all its leaves */
                    if (c->nodes[stop].leaf < 0)
                        leaf = (c->nodes[stop].leaf_hi < rg->leaf_hi ? c->nodes[stop].leaf_hi
                                                                     : rg->leaf_hi) -
                               1;
                    continue;
                }
                if (n == cap) {
                    cap = cap ? cap * 2 : 64;
                    bp = mem_realloc(bp, mem_mul(sizeof(*bp), (size_t)cap));
                }
                bp[n].student = s;
                bp[n].leaf = leaf;
                n++;
            }
        }
        /* students come by index (by id): her pairs by leaf id */
        if (n - start > 1) {
            if (!order)
                order = leaf_id_order(c);
            sortctx_sort(bp + start, (size_t)(n - start), sizeof(*bp), cmp_by_order, order);
        }
    }
    free(order);
    free(count);
    free(weakest);
    *out = bp;
    return n;
}
