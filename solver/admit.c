/* admit.c - admissible pairs, eligibility checks and their explanations,
 * priority keys, and who can reach a place. */
#include "admit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mem.h"
#include "num.h"
#include "sortctx.h"

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

/* ---- building the ranges ---- */

/* What the rules strictly below a node ask, so that a subtree a student
 * passes whole is taken as one range without judging each leaf: the
 * highest min_year and min_gpa there, the tags required there (up to
 * BELOW_TAGS distinct; beyond, ntags is -1 and the leaves are judged),
 * and whether a ranking lists students there. */
#define BELOW_TAGS 4
typedef struct below {
    int max_year;        /* -1: none */
    const char *max_gpa; /* NULL: none */
    int tags[BELOW_TAGS];
    int ntags;           /* -1: more than BELOW_TAGS */
    int ranked;
} below;

static void below_add_tag(below *b, int tag)
{
    if (b->ntags < 0)
        return;
    for (int i = 0; i < b->ntags; i++)
        if (b->tags[i] == tag)
            return;
    if (b->ntags == BELOW_TAGS)
        b->ntags = -1;
    else
        b->tags[b->ntags++] = tag;
}

/* Folds node v's own rules and what lies below it into into. */
static void below_fold(below *into, const cycle_node *v, const below *under)
{
    int year = v->min_year > under->max_year ? v->min_year : under->max_year;
    const char *gpa = under->max_gpa;
    if (v->min_gpa && (!gpa || num_decimal_cmp(v->min_gpa, gpa) > 0))
        gpa = v->min_gpa;
    if (year > into->max_year)
        into->max_year = year;
    if (gpa && (!into->max_gpa || num_decimal_cmp(gpa, into->max_gpa) > 0))
        into->max_gpa = gpa;
    for (int i = 0; i < v->nrequires; i++)
        below_add_tag(into, v->requires[i]);
    if (under->ntags < 0)
        into->ntags = -1;
    for (int i = 0; i < under->ntags; i++)
        below_add_tag(into, under->tags[i]);
    into->ranked |= v->ranking >= 0 || under->ranked;
}

/* Per node, what lies below it; children come after their parent in the
 * depth-first order, so one backward pass folds each into its parent. */
static below *below_init(const cycle *c)
{
    below *b;
    MEM_ALLOC_ARRAY(b, c->nnodes + 1);
    for (int v = 0; v < c->nnodes; v++)
        b[v] = (below){-1, NULL, {0}, 0, 0};
    for (int v = c->nnodes - 1; v >= 0; v--)
        if (c->nodes[v].parent >= 0)
            below_fold(&b[c->nodes[v].parent], &c->nodes[v], &b[v]);
    return b;
}

/* Whether student st meets every rule below, so that the subtree is hers
 * whole (a ranking below sends its leaves to be judged one by one: its
 * list may leave her out). */
static int below_passes(const below *b, const cycle_student *st)
{
    if (b->ranked || b->ntags < 0)
        return 0;
    if (b->max_year >= 0 && (st->year < 0 || st->year < b->max_year))
        return 0;
    if (b->max_gpa && (!st->gpa || num_decimal_cmp(st->gpa, b->max_gpa) < 0))
        return 0;
    for (int i = 0; i < b->ntags; i++)
        if (!cycle_has_tag(st, b->tags[i]))
            return 0;
    return 1;
}

/* Leaves [lo, hi) at one rank: a choice's, or a run of one best rank. */
typedef struct span {
    int lo, hi, rank;
} span;

/* Wider first among equal starts: a node before the nodes below it. */
static int cmp_span(const void *x, const void *y)
{
    const span *p = x, *q = y;
    if (p->lo != q->lo)
        return p->lo < q->lo ? -1 : 1;
    if (p->hi != q->hi)
        return p->hi > q->hi ? -1 : 1;
    return (p->rank > q->rank) - (p->rank < q->rank);
}

/* What admit_build_by keeps while it goes through the students. */
typedef struct builder {
    const cycle *c;
    admit *a;
    int cap;                /* of a->ranges */
    below *below;           /* per node */
    int *seen;              /* per node: 1 + the student whose result ok holds */
    unsigned char *ok;      /* per node: she meets its rules */
    int *node_gpa, *student_gpa; /* min_gpa and gpa as places in one order
                                    of the decimals (-1: none; gpa_order) */
    struct leaf_rule {           /* per leaf, its rules in 12 bytes: */
        int min_year, gpa;       /* as cycle_node, the GPA as a place */
        int other;               /* tags or a ranking: asked of passes */
    } * leaf_rules;
    span *in, *open, *runs; /* one student's choices, the ones open in
                               the sweep, and her runs of one best rank */
    int nruns, spans_cap;
    double deadline;        /* 0: none */
    long work;              /* nodes judged, for looking at the clock */
    int late;               /* the deadline passed */
} builder;

/* A decimal of the cycle for gpa_order: node v's min_gpa (v >= 0) or
 * student -1 - v's gpa. */
static const char *decimal_of(const cycle *c, int v)
{
    return v >= 0 ? c->nodes[v].min_gpa : c->students[-1 - v].gpa;
}

static int cmp_decimal(const void *x, const void *y, void *ctx)
{
    const cycle *c = ctx;
    return num_decimal_cmp(decimal_of(c, *(const int *)x), decimal_of(c, *(const int *)y));
}

/* Every min_gpa and gpa as its place among them (equal values share it),
 * so that a leaf's threshold is one comparison of ints, not of strings:
 * below nodes whose thresholds differ leaf by leaf that is most of the
 * work (10^8 leaves: 11 s with strings). */
static void gpa_order(builder *b)
{
    const cycle *c = b->c;
    int n = 0, *by, place = -1;
    MEM_ALLOC_ARRAY(by, c->nnodes + c->nstudents + 1);
    MEM_ALLOC_ARRAY(b->node_gpa, c->nnodes + 1);
    MEM_ALLOC_ARRAY(b->student_gpa, c->nstudents + 1);
    for (int v = 0; v < c->nnodes; v++)
        if ((b->node_gpa[v] = -1, c->nodes[v].min_gpa))
            by[n++] = v;
    for (int s = 0; s < c->nstudents; s++)
        if ((b->student_gpa[s] = -1, c->students[s].gpa))
            by[n++] = -1 - s;
    sortctx_sort(by, (size_t)n, sizeof(int), cmp_decimal, (void *)c);
    for (int i = 0; i < n; i++) {
        if (i == 0 || num_decimal_cmp(decimal_of(c, by[i - 1]), decimal_of(c, by[i])) != 0)
            place++;
        if (by[i] >= 0)
            b->node_gpa[by[i]] = place;
        else
            b->student_gpa[-1 - by[i]] = place;
    }
    free(by);
}

/* node_check(c, s, v).rule == ADMIT_OK, the GPA by gpa_order. */
static int passes(const builder *b, int s, int v)
{
    const cycle *c = b->c;
    const cycle_student *st = &c->students[s];
    const cycle_node *n = &c->nodes[v];
    if (fails_year(st, n))
        return 0;
    if (n->min_gpa && b->student_gpa[s] < b->node_gpa[v]) /* no gpa: -1, below all */
        return 0;
    return lacks_tag(st, n) < 0 && !fails_ranker(c, s, n);
}

/* passes at leaf (index), from the leaf's rules packed together: below a
 * lab of 100,000 supervisors judged for 1,000 students the nodes
 * themselves (100 bytes each) would be read from memory 1,000 times. */
static int leaf_passes(const builder *b, int s, int leaf)
{
    const struct leaf_rule *r = &b->leaf_rules[leaf];
    int year = b->c->students[s].year;
    if (r->min_year >= 0 && (year < 0 || year < r->min_year))
        return 0;
    if (r->gpa >= 0 && b->student_gpa[s] < r->gpa)
        return 0;
    return !r->other || passes(b, s, b->c->leaves[leaf]);
}

static void leaf_rules_init(builder *b)
{
    const cycle *c = b->c;
    MEM_ALLOC_ARRAY(b->leaf_rules, c->nleaves + 1);
    for (int l = 0; l < c->nleaves; l++) {
        const cycle_node *n = &c->nodes[c->leaves[l]];
        b->leaf_rules[l].min_year = n->min_year;
        b->leaf_rules[l].gpa = b->node_gpa[c->leaves[l]];
        b->leaf_rules[l].other = n->nrequires > 0 || n->ranking >= 0;
    }
}

/* passes, judged once per student at a node above the leaves. */
static int node_ok(builder *b, int s, int v)
{
    if (b->seen[v] != s + 1) {
        b->seen[v] = s + 1;
        b->ok[v] = passes(b, s, v);
    }
    return b->ok[v];
}

/* Appends leaves [lo, hi) at rank to student s's ranges, joining the last
 * one when it ends at lo with the same rank. */
static void add_range(builder *b, int s, int lo, int hi, int rank, int is_ranked)
{
    admit *a = b->a;
    admit_range *last = a->nranges > a->range_first[s] ? &a->ranges[a->nranges - 1] : NULL;
    if (last && last->leaf_hi == lo && last->rank == rank) {
        last->leaf_hi = hi;
    } else {
        MEM_GROW(a->ranges, a->nranges, b->cap);
        a->ranges[a->nranges++] = (admit_range){s, lo, hi, rank, is_ranked, a->npairs};
    }
    a->npairs += hi - lo;
}

/* add_range for the leaves of [lo, hi) that no forbid of s covers. */
static void add_allowed(builder *b, int s, int lo, int hi, int rank, int is_ranked)
{
    const cycle_student *st = &b->c->students[s];
    while (lo < hi) {
        int next = hi, moved = 0;
        for (int i = 0; i < st->nforbids; i++) {
            const cycle_node *f = &b->c->nodes[st->forbids[i]];
            if (f->leaf_lo <= lo && lo < f->leaf_hi) {
                lo = f->leaf_hi;
                moved = 1;
            } else if (f->leaf_lo > lo && f->leaf_lo < next) {
                next = f->leaf_lo;
            }
        }
        if (moved)
            continue;
        add_range(b, s, lo, next, rank, is_ranked);
        lo = next;
    }
}

/* The admissible leaves of [lo, hi) within node v, whose ancestors s
 * passes: none when she fails v's rules, all of them when she passes
 * every rule below v, else those of each child that overlaps. */
static void judge(builder *b, int s, int v, int lo, int hi, int rank)
{
    const cycle *c = b->c;
    const cycle_node *nd = &c->nodes[v];
    int u;
    if (b->late)
        return;
    if ((++b->work & 0x3fff) == 0 && b->deadline > 0 && clock_seconds() > b->deadline) {
        b->late = 1;
        return;
    }
    if (nd->leaf >= 0) { /* judged once for her: no memo */
        if (leaf_passes(b, s, nd->leaf))
            add_allowed(b, s, nd->leaf, nd->leaf + 1, rank, 1);
        return;
    }
    if (!node_ok(b, s, v))
        return;
    if (lo < nd->leaf_lo)
        lo = nd->leaf_lo;
    if (hi > nd->leaf_hi)
        hi = nd->leaf_hi;
    if (below_passes(&b->below[v], &c->students[s])) {
        add_allowed(b, s, lo, hi, rank, 1);
        return;
    }
    if (nd->end - v - 1 == nd->leaf_hi - nd->leaf_lo) {
        /* every node below is a leaf: its children by leaf index, each
           run of leaves she passes added at once */
        int from = lo;
        for (int l = lo; l <= hi; l++) {
            if (l < hi && (++b->work & 0x3fff) == 0 && b->deadline > 0 &&
                clock_seconds() > b->deadline) {
                b->late = 1;
                return;
            }
            if (l < hi && leaf_passes(b, s, l))
                continue;
            if (from < l)
                add_allowed(b, s, from, l, rank, 1);
            from = l + 1;
        }
        return;
    }
    /* the child that holds leaf lo, then its siblings up to leaf hi */
    for (u = c->leaves[lo]; c->nodes[u].parent != v; u = c->nodes[u].parent)
        ;
    for (; u < nd->end && c->nodes[u].leaf_lo < hi; u = c->nodes[u].end)
        judge(b, s, u, lo, hi, rank);
}

/* The admissible leaves of a run [lo, hi) of student s's choices at one
 * rank: below the lowest node that holds the run (each program's part
 * apart), when she passes the rules of the nodes above it. */
static void admit_run(builder *b, int s, int lo, int hi, int rank)
{
    const cycle *c = b->c;
    while (lo < hi && !b->late) {
        int v = c->leaves[lo], end, ok = 1;
        while (c->nodes[v].parent >= 0 && c->nodes[v].leaf_hi < hi)
            v = c->nodes[v].parent;
        end = c->nodes[v].leaf_hi < hi ? c->nodes[v].leaf_hi : hi;
        for (int u = c->nodes[v].parent; u >= 0 && ok; u = c->nodes[u].parent)
            ok = node_ok(b, s, u);
        if (ok)
            judge(b, s, v, lo, end, rank);
        lo = end;
    }
}

static void add_run(builder *b, int lo, int hi, int rank)
{
    span *last = b->nruns > 0 ? &b->runs[b->nruns - 1] : NULL;
    if (lo >= hi)
        return;
    if (last && last->hi == lo && last->rank == rank)
        last->hi = hi;
    else
        b->runs[b->nruns++] = (span){lo, hi, rank};
}

/* Student st's leaves by best rank (the first choice that covers a leaf
 * sets its rank: her choices are by rank) as runs in leaf order into
 * b->runs, and with fix >= 0 the leaves of that node she did not rank at
 * R+1. Choices are nodes, so any two are nested or apart: one sweep in
 * leaf order, keeping the choices open at the point reached, each with
 * the best rank of itself and those around it. */
static void best_runs(builder *b, const cycle_student *st, int fix)
{
    const cycle *c = b->c;
    int n = 0, open = 0, pos = 0, need = st->nchoices + 1;
    if (need > b->spans_cap) {
        b->spans_cap = need;
        b->in = mem_realloc(b->in, mem_mul(sizeof(span), (size_t)need));
        b->open = mem_realloc(b->open, mem_mul(sizeof(span), (size_t)need));
        /* at most a run per choice boundary */
        b->runs = mem_realloc(b->runs, mem_mul(sizeof(span), mem_mul(2, (size_t)need)));
    }
    for (int i = 0; i < st->nchoices; i++) {
        const cycle_node *nd = &c->nodes[st->choices[i].node];
        b->in[n++] = (span){nd->leaf_lo, nd->leaf_hi, st->choices[i].rank};
    }
    if (fix >= 0)
        b->in[n++] = (span){c->nodes[fix].leaf_lo, c->nodes[fix].leaf_hi, b->a->unranked_rank};
    mem_sort(b->in, (size_t)n, sizeof(span), cmp_span);
    b->nruns = 0;
    for (int i = 0; i <= n; i++) {
        int lo = i < n ? b->in[i].lo : INT_MAX, rank;
        while (open > 0 && b->open[open - 1].hi <= lo) {
            add_run(b, pos, b->open[open - 1].hi, b->open[open - 1].rank);
            pos = b->open[--open].hi;
        }
        if (i == n)
            break;
        if (open > 0)
            add_run(b, pos, lo, b->open[open - 1].rank);
        pos = lo;
        rank = b->in[i].rank;
        if (open > 0 && b->open[open - 1].rank < rank)
            rank = b->open[open - 1].rank;
        b->open[open++] = (span){lo, b->in[i].hi, rank};
    }
}

/* Student s's ranges: with a fix, every leaf of its node no forbid
 * covers (her rank or R+1); else the leaves of her choices she is
 * admissible at. */
static void build_student(builder *b, int s)
{
    const cycle *c = b->c;
    const cycle_student *st = &c->students[s];
    best_runs(b, st, st->fix);
    for (int i = 0; i < b->nruns && !b->late; i++) {
        span r = b->runs[i];
        if (st->fix < 0) {
            admit_run(b, s, r.lo, r.hi, r.rank);
            continue;
        }
        if (r.lo < c->nodes[st->fix].leaf_lo)
            r.lo = c->nodes[st->fix].leaf_lo;
        if (r.hi > c->nodes[st->fix].leaf_hi)
            r.hi = c->nodes[st->fix].leaf_hi;
        if (r.lo < r.hi)
            add_allowed(b, s, r.lo, r.hi, r.rank, r.rank != b->a->unranked_rank);
    }
}

status admit_build_by(const cycle *c, double deadline, diag *d, admit **out)
{
    admit *a = mem_zalloc(1, sizeof(*a));
    builder b;
    memset(&b, 0, sizeof(b));
    b.c = c;
    b.a = a;
    b.deadline = deadline;
    b.below = below_init(c);
    MEM_ZALLOC_ARRAY(b.seen, c->nnodes + 1);
    gpa_order(&b);
    leaf_rules_init(&b);
    MEM_ZALLOC_ARRAY(b.ok, c->nnodes + 1);
    a->unranked_rank = c->max_rank + 1;
    score_keys(a, c);
    lottery_keys(a, c);
    MEM_ALLOC_ARRAY(a->range_first, c->nstudents + 1);
    for (int s = 0; s < c->nstudents && !b.late; s++) {
        const cycle_student *st = &c->students[s];
        a->range_first[s] = a->nranges;
        if (st->round == CYCLE_ROUND_DECLINED)
            continue; /* out of this round: no pair, nothing to warn of */
        if (deadline > 0 && clock_seconds() > deadline) {
            b.late = 1;
            break;
        }
        build_student(&b, s);
        if (b.late)
            break;
        if (st->fix >= 0) {
            if (st->round == CYCLE_ROUND_OPEN) /* else fixed at her offer, not by an override */
                warn_fix(c, s, d);
        } else if (a->nranges == a->range_first[s]) {
            warn_none_admissible(c, s, d);
        }
    }
    a->range_first[c->nstudents] = a->nranges;
    free(b.below);
    free(b.seen);
    free(b.node_gpa);
    free(b.leaf_rules);
    free(b.student_gpa);
    free(b.ok);
    free(b.in);
    free(b.open);
    free(b.runs);
    if (b.late) {
        admit_free(a);
        *out = NULL;
        return ST_TIME_LIMIT;
    }
    *out = a;
    return ST_OK;
}

admit *admit_build(const cycle *c, diag *d)
{
    admit *a;
    admit_build_by(c, 0, d, &a);
    return a;
}

void admit_free(admit *a)
{
    if (!a)
        return;
    free(a->ranges);
    free(a->range_first);
    free(a->score_key);
    free(a->lottery_key);
    free(a->ranking_first);
    free(a->ranking_key);
    free(a);
}

/* ---- reading the ranges ---- */

void admit_iter_all(admit_iter *it, const admit *a)
{
    it->a = a;
    it->range = 0;
    it->range_end = a->nranges;
    it->leaf = a->nranges > 0 ? a->ranges[0].leaf_lo : 0;
}

void admit_iter_student(admit_iter *it, const admit *a, int s)
{
    it->a = a;
    it->range = a->range_first[s];
    it->range_end = a->range_first[s + 1];
    it->leaf = it->range < it->range_end ? a->ranges[it->range].leaf_lo : 0;
}

int admit_next(admit_iter *it, admit_pair *p)
{
    while (it->range < it->range_end) {
        const admit_range *g = &it->a->ranges[it->range];
        if (it->leaf < g->leaf_hi) {
            p->student = g->student;
            p->leaf = it->leaf;
            p->rank = g->rank;
            p->ranked = g->ranked;
            p->index = g->first + (it->leaf - g->leaf_lo);
            it->leaf++;
            return 1;
        }
        if (++it->range < it->range_end)
            it->leaf = it->a->ranges[it->range].leaf_lo;
    }
    return 0;
}

long admit_count(const admit *a, int s)
{
    int lo = a->range_first[s], hi = a->range_first[s + 1];
    const admit_range *last;
    if (lo == hi)
        return 0;
    last = &a->ranges[hi - 1];
    return last->first + (last->leaf_hi - last->leaf_lo) - a->ranges[lo].first;
}

admit_pair admit_range_pair(const admit_range *g, int leaf)
{
    admit_pair p = {g->student, leaf, g->rank, g->ranked, g->first + (leaf - g->leaf_lo)};
    return p;
}

admit_pair admit_pair_at(const admit *a, long k)
{
    int lo = 0, hi = a->nranges - 1;
    while (lo < hi) { /* the last range whose first pair is at most k */
        int mid = lo + (hi - lo + 1) / 2;
        if (a->ranges[mid].first <= k)
            lo = mid;
        else
            hi = mid - 1;
    }
    return admit_range_pair(&a->ranges[lo], a->ranges[lo].leaf_lo + (int)(k - a->ranges[lo].first));
}

int admit_range_from(const admit *a, int s, int leaf)
{
    int lo = a->range_first[s], hi = a->range_first[s + 1];
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a->ranges[mid].leaf_hi <= leaf)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int admit_find(const admit *a, int s, int leaf, admit_pair *p)
{
    int lo = admit_range_from(a, s, leaf);
    if (lo == a->range_first[s + 1] || a->ranges[lo].leaf_lo > leaf)
        return 0;
    if (p)
        *p = admit_range_pair(&a->ranges[lo], leaf);
    return 1;
}

void admit_range_reach(const cycle *c, const admit *a, int r, int path[3], int *npath, int *from,
                       int *to)
{
    const admit_range *g = &a->ranges[r];
    int before = r > 0 && a->ranges[r - 1].student == g->student ? a->ranges[r - 1].leaf_hi : -1;
    *npath = 0;
    /* going up, first leaves only move left: once a node holds an earlier
       range's leaf, so does every node above it */
    for (int v = c->leaves[g->leaf_lo]; v >= 0 && c->nodes[v].leaf_lo >= before && *npath < 3;
         v = c->nodes[v].parent)
        path[(*npath)++] = v;
    *from = c->leaves[g->leaf_lo];
    *to = c->leaves[g->leaf_hi - 1];
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
    int *inside; /* a difference array over node indices: (from, to] of each range */
    MEM_ZALLOC_ARRAY(inside, c->nnodes + 1);
    memset(count, 0, sizeof(int) * (size_t)c->nnodes);
    for (int r = 0; r < a->nranges; r++) {
        int path[3], npath, from, to;
        admit_range_reach(c, a, r, path, &npath, &from, &to);
        for (int i = 0; i < npath; i++)
            count[path[i]]++;
        if (to > from) {
            inside[from + 1]++;
            inside[to + 1]--;
        }
    }
    for (int v = 0, run = 0; v < c->nnodes; v++) {
        run += inside[v];
        count[v] += run;
    }
    free(inside);
}

static int cmp_int(const void *x, const void *y)
{
    int p = *(const int *)x, q = *(const int *)y;
    return (p > q) - (p < q);
}

/* Counts student stamp once at every node that chosen[0..n) reach: each
 * chosen node with its subtree (into the difference array inside over
 * node indices) and the nodes above it (into count, marked with stamp).
 * A node chosen within another chosen one adds nothing; a node above a
 * chosen one is never inside another, so the two parts never meet. */
static void count_reached(const cycle *c, int *chosen, int n, int stamp, int *mark, int *count,
                          int *inside)
{
    int end = -1;
    mem_sort(chosen, (size_t)n, sizeof(int), cmp_int);
    for (int i = 0; i < n; i++) {
        int v = chosen[i];
        if (v < end)
            continue; /* within the last node counted */
        end = c->nodes[v].end;
        inside[v]++;
        inside[end]--;
        for (int u = c->nodes[v].parent; u >= 0 && mark[u] != stamp; u = c->nodes[u].parent) {
            mark[u] = stamp;
            count[u]++;
        }
    }
}

/* Counts each student once per node: her choices' nodes, those above and
 * those below them, for all her choices and for the best-ranked ones. */
void admit_demand_count(const admit *a, const cycle *c, admit_demand *dm)
{
    int *mark_first, *mark_total, *reach, *first, *total, *in_first, *in_total, *chosen;
    int most = 1;
    memset(dm, 0, sizeof(*dm) * (size_t)c->nnodes);
    for (int s = 0; s < c->nstudents; s++)
        if (c->students[s].nchoices > most)
            most = c->students[s].nchoices;
    MEM_ZALLOC_ARRAY(mark_first, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(mark_total, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(first, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(total, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(in_first, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(in_total, c->nnodes + 1);
    MEM_ALLOC_ARRAY(reach, c->nnodes + 1);
    MEM_ALLOC_ARRAY(chosen, most);
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        int ntop = 0;
        for (int i = 0; i < st->nchoices; i++)
            if (st->choices[i].rank == st->choices[0].rank)
                chosen[ntop++] = st->choices[i].node;
        count_reached(c, chosen, ntop, s + 1, mark_first, first, in_first);
        for (int i = 0; i < st->nchoices; i++)
            chosen[i] = st->choices[i].node;
        count_reached(c, chosen, st->nchoices, s + 1, mark_total, total, in_total);
    }
    admit_reach_counts(a, c, reach);
    for (int v = 0, run_first = 0, run_total = 0; v < c->nnodes; v++) {
        run_first += in_first[v];
        run_total += in_total[v];
        dm[v].first = first[v] + run_first;
        dm[v].total = total[v] + run_total;
        dm[v].eligible = reach[v];
    }
    free(mark_first);
    free(mark_total);
    free(first);
    free(total);
    free(in_first);
    free(in_total);
    free(reach);
    free(chosen);
}
