/* admit.c - admissible pairs, eligibility checks and their explanations,
 * priority keys, and who can reach a place. */
#include "admit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "num.h"

static int lacks_tag(const cycle_student *st, const cycle_node *n)
{
    for (int i = 0; i < n->nrequires; i++)
        if (!cycle_has_tag(st, n->requires[i]))
            return n->requires[i];
    return -1;
}

/* The rules of one node (a missing year or GPA meets no threshold). */
static int fails_year(const cycle_student *st, const cycle_node *n)
{
    return n->min_year >= 0 && (st->year < 0 || st->year < n->min_year);
}

static int fails_gpa(const cycle_student *st, const cycle_node *n)
{
    /* exactly as written: 3.49999999999999999 is below 3.5 */
    return n->min_gpa && (!st->gpa || num_decimal_cmp(st->gpa, n->min_gpa) < 0);
}

static int fails_ranker(const cycle *c, int s, const cycle_node *n)
{
    return n->ranking >= 0 && cycle_ranking_rank(c, n->ranking, s) == 0;
}

/* The check of one node on the path (eligibility and its ranker). */
static admit_check node_check(const cycle *c, int s, int node)
{
    const cycle_student *st = &c->students[s];
    const cycle_node *n = &c->nodes[node];
    admit_check chk = {ADMIT_OK, node, -1};
    if (fails_year(st, n))
        chk.rule = ADMIT_YEAR;
    else if (fails_gpa(st, n))
        chk.rule = ADMIT_GPA;
    else if ((chk.tag = lacks_tag(st, n)) >= 0)
        chk.rule = ADMIT_TAG;
    else if (fails_ranker(c, s, n))
        chk.rule = ADMIT_RANKER;
    return chk;
}

static int forbidden(const cycle *c, int s, int node)
{
    const cycle_student *st = &c->students[s];
    for (int i = 0; i < st->nforbids; i++)
        if (cycle_within(c, st->forbids[i], node))
            return st->forbids[i];
    return -1;
}

/* The nodes from the program down to node, into path; returns the count. */
static int path_of(const cycle *c, int node, int path[3])
{
    int n = 0, tmp[3];
    for (int v = node; v >= 0 && n < 3; v = c->nodes[v].parent)
        tmp[n++] = v;
    for (int i = 0; i < n; i++)
        path[i] = tmp[n - 1 - i];
    return n;
}

admit_check admit_eligibility(const cycle *c, int s, int leaf)
{
    int path[3], n = path_of(c, c->leaves[leaf], path), f;
    admit_check chk = {ADMIT_OK, -1, -1};
    for (int i = 0; i < n; i++) {
        chk = node_check(c, s, path[i]);
        if (chk.rule != ADMIT_OK)
            return chk;
    }
    if ((f = forbidden(c, s, c->leaves[leaf])) >= 0) {
        chk.rule = ADMIT_FORBID;
        chk.node = f;
        return chk;
    }
    chk.node = -1;
    return chk;
}

static void push_check(admit_checks *list, enum admit_rule rule, int node, int tag)
{
    MEM_GROW(list->v, list->n, list->cap);
    list->v[list->n++] = (admit_check){rule, node, tag};
}

int admit_failures(const cycle *c, int s, int leaf, admit_checks *list)
{
    const cycle_student *st = &c->students[s];
    int node = c->leaves[leaf], path[3], n = path_of(c, node, path), before = list->n;
    int within_fix = st->fix >= 0 && cycle_within(c, st->fix, node);
    if (st->fix >= 0 && !within_fix)
        push_check(list, ADMIT_OUTSIDE_FIX, st->fix, -1);
    if (!within_fix) {
        if (admit_choice_rank(c, s, leaf) == 0)
            push_check(list, ADMIT_NOT_RANKED, -1, -1);
        for (int i = 0; i < n; i++) {
            const cycle_node *nd = &c->nodes[path[i]];
            if (fails_year(st, nd))
                push_check(list, ADMIT_YEAR, path[i], -1);
            if (fails_gpa(st, nd))
                push_check(list, ADMIT_GPA, path[i], -1);
            for (int k = 0; k < nd->nrequires; k++)
                if (!cycle_has_tag(st, nd->requires[k]))
                    push_check(list, ADMIT_TAG, path[i], nd->requires[k]);
            if (fails_ranker(c, s, nd))
                push_check(list, ADMIT_RANKER, path[i], -1);
        }
    }
    for (int i = 0; i < st->nforbids; i++)
        if (cycle_within(c, st->forbids[i], node))
            push_check(list, ADMIT_FORBID, st->forbids[i], -1);
    return list->n - before;
}

int admit_choice_rank(const cycle *c, int s, int leaf)
{
    const cycle_student *st = &c->students[s];
    int node = c->leaves[leaf];
    /* choices are sorted by rank: the first that covers the leaf is best */
    for (int i = 0; i < st->nchoices; i++)
        if (cycle_within(c, st->choices[i].node, node))
            return st->choices[i].rank;
    return 0;
}

void admit_explain(const cycle *c, int s, admit_check chk, strbuf *out)
{
    const cycle_student *st = &c->students[s];
    const cycle_node *n = chk.node >= 0 ? &c->nodes[chk.node] : NULL;
    switch (chk.rule) {
    case ADMIT_OK:
        strbuf_adds(out, "admissible");
        break;
    case ADMIT_NOT_RANKED:
        strbuf_adds(out, "not among the student's choices");
        break;
    case ADMIT_YEAR:
        if (st->year < 0)
            strbuf_addf(out, "'%s' requires year %d (the student's year is not given)", n->id, n->min_year);
        else
            strbuf_addf(out, "'%s' requires year %d (the student is in year %d)", n->id, n->min_year,
                        st->year);
        break;
    case ADMIT_GPA:
        if (!st->gpa)
            strbuf_addf(out, "'%s' requires GPA %s (the student's GPA is not given)", n->id, n->min_gpa);
        else
            strbuf_addf(out, "'%s' requires GPA %s (the student has %s)", n->id, n->min_gpa, st->gpa);
        break;
    case ADMIT_TAG:
        strbuf_addf(out, "'%s' requires '%s', which the student does not hold", n->id, c->tags[chk.tag]);
        break;
    case ADMIT_RANKER:
        strbuf_addf(out, "not on the ranking of '%s'", n->id);
        break;
    case ADMIT_FORBID:
        strbuf_addf(out, "forbidden within '%s' by an override", n->id);
        break;
    case ADMIT_OUTSIDE_FIX:
        strbuf_addf(out, "the student is fixed within '%s' by an override", n->id);
        break;
    }
}

static int cmp_pair(const void *a, const void *b)
{
    const admit_pair *x = a, *y = b;
    if (x->student != y->student)
        return x->student < y->student ? -1 : 1;
    return x->leaf < y->leaf ? -1 : x->leaf > y->leaf;
}

static long override_line(const cycle *c, int s, int node, int action)
{
    for (int i = 0; i < c->noverrides; i++)
        if (c->overrides[i].student == s && c->overrides[i].node == node &&
            c->overrides[i].action == action)
            return c->overrides[i].line;
    return 0;
}

int admit_fix_bypass(const cycle *c, int s, strbuf *out)
{
    const cycle_student *st = &c->students[s];
    const cycle_node *f;
    int ranked = 0, eligible = 0;
    admit_check first_fail = {ADMIT_OK, -1, -1};
    if (st->fix < 0)
        return 0;
    f = &c->nodes[st->fix];
    for (int leaf = f->leaf_lo; leaf < f->leaf_hi; leaf++) {
        admit_check chk = admit_eligibility(c, s, leaf);
        if (chk.rule == ADMIT_FORBID)
            continue;
        if (admit_choice_rank(c, s, leaf))
            ranked = 1;
        if (chk.rule == ADMIT_OK)
            eligible = 1;
        else if (first_fail.rule == ADMIT_OK)
            first_fail = chk;
    }
    if (ranked && first_fail.rule == ADMIT_OK)
        return 0;
    if (!ranked)
        strbuf_adds(out, "the student's preferences (not ranked)");
    if (first_fail.rule != ADMIT_OK) {
        if (!ranked)
            strbuf_adds(out, " and ");
        strbuf_adds(out, eligible ? "a rule at some of its leaves: " : "the rule ");
        admit_explain(c, s, first_fail, out);
    }
    return 1;
}

/* Warns once for student s's fix: what it bypasses, if anything. */
static void warn_fix(const cycle *c, int s, diag *d)
{
    const cycle_student *st = &c->students[s];
    strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "student '%s' is fixed within '%s', which bypasses ", st->id,
                c->nodes[st->fix].id);
    if (admit_fix_bypass(c, s, &sb))
        diag_warning(d, c->paths[CYCLE_OVERRIDES], override_line(c, s, st->fix, CYCLE_FIX),
                     c->override_node_col, "%s", sb.buf);
    strbuf_release(&sb);
}

void admit_describe_unplaceable(const cycle *c, int s, strbuf *sb)
{
    const cycle_student *st = &c->students[s];
    if (st->nchoices == 0) {
        strbuf_addf(sb, "student '%s' has no choices in preferences.csv and cannot be placed",
                    st->id);
        return;
    }
    strbuf_addf(sb, "student '%s' has no admissible choice:", st->id);
    for (int i = 0; i < st->nchoices && i < 4; i++) {
        const cycle_node *n = &c->nodes[st->choices[i].node];
        admit_check chk = admit_eligibility(c, s, n->leaf_lo);
        strbuf_addf(sb, "%s '%s' (rank %d): ", i ? ";" : "", n->id, st->choices[i].rank);
        if (n->leaf_hi - n->leaf_lo > 1 && chk.rule != ADMIT_OK)
            strbuf_adds(sb, "e.g. ");
        admit_explain(c, s, chk, sb);
    }
    if (st->nchoices > 4)
        strbuf_addf(sb, "; and %d more", st->nchoices - 4);
}

/* Warns that student s cannot be placed (no choices, or none admissible). */
static void warn_none_admissible(const cycle *c, int s, diag *d)
{
    strbuf sb;
    strbuf_init(&sb);
    admit_describe_unplaceable(c, s, &sb);
    diag_warning(d, c->paths[CYCLE_STUDENTS], c->students[s].line, c->student_id_col, "%s",
                 sb.buf);
    strbuf_release(&sb);
}

/* A student's score for sorting: by score, highest first, none last;
 * with a lottery, equal scores (and no score) by the lower number. */
typedef struct scored {
    const char *score; /* as written, NULL: none */
    int lottery;       /* her number, 0 without a lottery */
    int student;
} scored;

/* Scores compare exactly as written (69.80 = 69.8 tie; 3.49999999999999999
 * is below 3.5), never through binary floating point. */
static int score_cmp(const scored *p, const scored *q)
{
    if (!p->score != !q->score)
        return p->score ? -1 : 1;
    return p->score ? -num_decimal_cmp(p->score, q->score) : 0;
}

static int cmp_scored(const void *x, const void *y)
{
    const scored *p = x, *q = y;
    int r = score_cmp(p, q);
    if (r != 0)
        return r;
    if (p->lottery != q->lottery)
        return p->lottery < q->lottery ? -1 : 1;
    return (p->student > q->student) - (p->student < q->student);
}

/* Without a lottery equal scores share the first one's place; with one
 * (numbers distinct) every student has her own place. */
static void score_keys(admit *a, const cycle *c)
{
    int ns = c->nstudents;
    scored *order;
    MEM_ALLOC_ARRAY(order, ns + 1);
    MEM_ALLOC_ARRAY(a->score_key, ns + 1);
    for (int s = 0; s < ns; s++)
        order[s] = (scored){c->students[s].score, c->lottery ? c->students[s].lottery : 0, s};
    mem_sort(order, (size_t)ns, sizeof(*order), cmp_scored);
    for (int i = 0; i < ns; i++) {
        const scored *p = &order[i], *q = i > 0 ? &order[i - 1] : NULL;
        int tie = q && !c->lottery && score_cmp(p, q) == 0;
        a->score_key[p->student] = tie ? a->score_key[q->student] : i;
    }
    free(order);
}

/* admit_eligibility(c, s, leaf).rule == ADMIT_OK, with the rules of the
 * nodes above the leaf judged once per student: seen[v] == s + 1 when
 * ok[v] holds her result at node v (a choice of a program of 100,000
 * supervisors checks the program and its labs once, not per leaf). */
static int eligible_memo(const cycle *c, int s, int leaf, int *seen, unsigned char *ok)
{
    int v = c->leaves[leaf];
    if (node_check(c, s, v).rule != ADMIT_OK)
        return 0;
    for (int u = c->nodes[v].parent; u >= 0; u = c->nodes[u].parent) {
        if (seen[u] != s + 1) {
            seen[u] = s + 1;
            ok[u] = node_check(c, s, u).rule == ADMIT_OK;
        }
        if (!ok[u])
            return 0;
    }
    return forbidden(c, s, v) < 0;
}

/* Whether pairs p[0..n) are by leaf already, as one choice of a node
 * gives them (its leaves are consecutive): then no sort is needed. */
static int by_leaf(const admit_pair *p, int n)
{
    for (int i = 1; i < n; i++)
        if (p[i].leaf < p[i - 1].leaf)
            return 0;
    return 1;
}

/* A ranking's entry for sorting by (rank, lottery number). */
typedef struct ranked {
    int rank, lottery, entry;
} ranked;

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *p = x, *q = y;
    if (p->rank != q->rank)
        return p->rank < q->rank ? -1 : 1;
    if (p->lottery != q->lottery)
        return p->lottery < q->lottery ? -1 : 1;
    return (p->entry > q->entry) - (p->entry < q->entry);
}

/* With a lottery: each student's place by number, and on every ranking
 * each entry's place 1..count by (rank, number), so that no two students
 * tie anywhere (admit_priority_key). Nothing without one. */
static void lottery_keys(admit *a, const cycle *c)
{
    int ns = c->nstudents, total = 0;
    scored *order;
    if (!c->lottery)
        return;
    MEM_ALLOC_ARRAY(order, ns + 1);
    MEM_ALLOC_ARRAY(a->lottery_key, ns + 1);
    for (int s = 0; s < ns; s++)
        order[s] = (scored){NULL, c->students[s].lottery, s};
    mem_sort(order, (size_t)ns, sizeof(*order), cmp_scored);
    for (int i = 0; i < ns; i++)
        a->lottery_key[order[i].student] = i;
    free(order);
    MEM_ALLOC_ARRAY(a->ranking_first, c->nrankings + 1);
    for (int r = 0; r < c->nrankings; r++) {
        a->ranking_first[r] = total;
        total += c->rankings[r].count;
    }
    a->ranking_first[c->nrankings] = total;
    MEM_ALLOC_ARRAY(a->ranking_key, total + 1);
    for (int r = 0; r < c->nrankings; r++) {
        const cycle_ranking *rk = &c->rankings[r];
        ranked *by;
        MEM_ALLOC_ARRAY(by, rk->count + 1);
        for (int i = 0; i < rk->count; i++)
            by[i] = (ranked){rk->entries[i].rank, c->students[rk->entries[i].student].lottery, i};
        mem_sort(by, (size_t)rk->count, sizeof(*by), cmp_ranked);
        for (int i = 0; i < rk->count; i++)
            a->ranking_key[a->ranking_first[r] + by[i].entry] = i + 1;
        free(by);
    }
}

admit *admit_build(const cycle *c, diag *d)
{
    admit *a = mem_zalloc(1, sizeof(*a));
    int *best; /* per leaf: her best rank so far, 0 = none */
    int *touched, ntouched;
    int *seen;              /* per node: 1 + the student whose node_ok it holds */
    unsigned char *node_ok; /* per node: she meets its rules */
    int cap = 0;
    a->unranked_rank = c->max_rank + 1;
    score_keys(a, c);
    lottery_keys(a, c);
    MEM_ALLOC_ARRAY(a->first, c->nstudents + 1);
    MEM_ZALLOC_ARRAY(best, c->nleaves + 1);
    MEM_ALLOC_ARRAY(touched, c->nleaves + 1);
    MEM_ZALLOC_ARRAY(seen, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(node_ok, c->nnodes + 1);
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        int start = a->npairs;
        a->first[s] = start;
        ntouched = 0;
        if (st->round == CYCLE_ROUND_DECLINED)
            continue; /* out of this round: no pair, nothing to warn of */
        if (st->fix >= 0) {
            const cycle_node *f = &c->nodes[st->fix];
            for (int leaf = f->leaf_lo; leaf < f->leaf_hi; leaf++) {
                if (forbidden(c, s, c->leaves[leaf]) >= 0)
                    continue;
                MEM_GROW(a->pairs, a->npairs, cap);
                a->pairs[a->npairs].student = s;
                a->pairs[a->npairs].leaf = leaf;
                a->pairs[a->npairs].rank = admit_choice_rank(c, s, leaf);
                a->pairs[a->npairs].ranked = a->pairs[a->npairs].rank > 0;
                if (!a->pairs[a->npairs].ranked)
                    a->pairs[a->npairs].rank = a->unranked_rank;
                a->npairs++;
            }
            if (st->round == CYCLE_ROUND_OPEN) /* else fixed at her offer, not by an override */
                warn_fix(c, s, d);
            continue;
        }
        for (int i = 0; i < st->nchoices; i++) {
            const cycle_node *n = &c->nodes[st->choices[i].node];
            for (int leaf = n->leaf_lo; leaf < n->leaf_hi; leaf++) {
                if (best[leaf] == 0) {
                    best[leaf] = st->choices[i].rank;
                    touched[ntouched++] = leaf;
                }
            }
        }
        for (int k = 0; k < ntouched; k++) {
            int leaf = touched[k];
            if (eligible_memo(c, s, leaf, seen, node_ok)) {
                MEM_GROW(a->pairs, a->npairs, cap);
                a->pairs[a->npairs].student = s;
                a->pairs[a->npairs].leaf = leaf;
                a->pairs[a->npairs].rank = best[leaf];
                a->pairs[a->npairs].ranked = 1;
                a->npairs++;
            }
            best[leaf] = 0;
        }
        if (a->npairs - start > 1 && !by_leaf(&a->pairs[start], a->npairs - start))
            mem_sort(&a->pairs[start], (size_t)(a->npairs - start), sizeof(admit_pair), cmp_pair);
        if (a->npairs == start)
            warn_none_admissible(c, s, d);
    }
    a->first[c->nstudents] = a->npairs;
    free(best);
    free(touched);
    free(seen);
    free(node_ok);
    return a;
}

void admit_free(admit *a)
{
    if (!a)
        return;
    free(a->pairs);
    free(a->first);
    free(a->score_key);
    free(a->lottery_key);
    free(a->ranking_first);
    free(a->ranking_key);
    free(a);
}

const admit_pair *admit_find(const admit *a, int s, int leaf)
{
    int lo = a->first[s], hi = a->first[s + 1];
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a->pairs[mid].leaf < leaf)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->first[s + 1] && a->pairs[lo].leaf == leaf ? &a->pairs[lo] : NULL;
}

int admit_priority_key(const admit *a, const cycle *c, int node, int s)
{
    int r = c->nodes[node].priority, i;
    if (r < 0)
        return a->score_key[s];
    if (!a->ranking_key) {
        int rank = cycle_ranking_rank(c, r, s);
        return rank == 0 ? INT_MAX : rank;
    }
    /* with a lottery: her place on the ranking, else below everyone on
       it, those off it by number */
    i = cycle_ranking_entry(c, r, s);
    return i >= 0 ? a->ranking_key[a->ranking_first[r] + i]
                  : c->rankings[r].count + 1 + a->lottery_key[s];
}

void admit_priority_describe(const admit *a, const cycle *c, int node, int s, strbuf *basis,
                             strbuf *value)
{
    const cycle_student *st = &c->students[s];
    int r = c->nodes[node].priority;
    (void)a;
    if (r >= 0) {
        int pos = cycle_ranking_rank(c, r, s);
        strbuf_addf(basis, "ranking:%s", c->nodes[c->rankings[r].node].id);
        if (pos > 0)
            strbuf_addf(value, "%d", pos);
        return;
    }
    strbuf_adds(basis, "score");
    if (st->score)
        strbuf_adds(value, st->score);
}

int admit_prefers(const admit *a, const cycle *c, int node, int s, int t)
{
    return admit_priority_key(a, c, node, s) < admit_priority_key(a, c, node, t);
}

void admit_reach_counts(const admit *a, const cycle *c, int *count)
{
    int *stamp; /* per node: the last student counted there, plus one */
    MEM_ZALLOC_ARRAY(stamp, c->nnodes + 1);
    memset(count, 0, sizeof(int) * (size_t)c->nnodes);
    for (int s = 0; s < c->nstudents; s++)
        for (int k = a->first[s]; k < a->first[s + 1]; k++)
            for (int v = c->leaves[a->pairs[k].leaf]; v >= 0; v = c->nodes[v].parent)
                if (stamp[v] != s + 1) {
                    stamp[v] = s + 1;
                    count[v]++;
                }
    free(stamp);
}

/* Counts student stamp (s + 1) once at node v in the total demand and,
 * for a best-ranked choice (top), in the first-choice demand. */
static void count_once(admit_demand *dm, int v, int stamp, int top, int *mark_total, int *mark_first)
{
    if (mark_total[v] != stamp) {
        mark_total[v] = stamp;
        dm[v].total++;
    }
    if (top && mark_first[v] != stamp) {
        mark_first[v] = stamp;
        dm[v].first++;
    }
}

/* Counts each student once per node: marks her nodes, then counts. */
void admit_demand_count(const admit *a, const cycle *c, admit_demand *dm)
{
    memset(dm, 0, sizeof(*dm) * (size_t)c->nnodes);
    int *mark_first, *mark_total, *reach;
    MEM_ZALLOC_ARRAY(mark_first, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(mark_total, c->nnodes + 1);
    MEM_ALLOC_ARRAY(reach, c->nnodes + 1);
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        int stamp = s + 1;
        for (int i = 0; i < st->nchoices; i++) {
            int top = st->choices[i].rank == st->choices[0].rank;
            int n = st->choices[i].node;
            /* the choice, its ancestors, and its descendants */
            for (int v = n; v >= 0; v = c->nodes[v].parent)
                count_once(dm, v, stamp, top, mark_total, mark_first);
            for (int v = n + 1; v < c->nodes[n].end; v++)
                count_once(dm, v, stamp, top, mark_total, mark_first);
        }
    }
    admit_reach_counts(a, c, reach);
    for (int v = 0; v < c->nnodes; v++)
        dm[v].eligible = reach[v];
    free(mark_first);
    free(mark_total);
    free(reach);
}
