/* model_stable.c - the stability rows of the integer program (SPEC §4),
 * linear in the admissible pairs (see model_stable.h). */
#include "model_stable.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "mem.h"
#include "model_rows.h"
#include "sortctx.h"

/* A pair's standing at a node: fixed students above everyone, then the
 * priority key (lower is higher). */
static long long standing(const admit *a, const cycle *c, int node, int s)
{
    return c->students[s].fix >= 0 ? LLONG_MIN : (long long)admit_priority_key(a, c, node, s);
}

typedef struct ranked_pair {
    long long key;
    int pair; /* its index (model.c refuses more pairs than an int holds) */
    int student;
} ranked_pair;

static int cmp_ranked(const void *x, const void *y)
{
    const ranked_pair *p = x, *q = y;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return (p->pair > q->pair) - (p->pair < q->pair);
}

/* One capacitated node's applicants by standing: level l (0 highest) is
 * the l-th distinct standing among the pairs below it. The count column
 * col0 + l, made on first use, holds the students placed below the node
 * at levels 0..l. */
typedef struct node_levels {
    ranked_pair *rp; /* the pairs below the node, by standing */
    int npairs, cap; /* of rp */
    long long *key;  /* per level: its standing */
    int *students;   /* per level: students at levels 0..l */
    int *pairs;      /* per level: pairs at levels 0..l (a prefix of rp) */
    int n;
    int col0; /* 0: no count columns yet */
} node_levels;

/* Sorts a node's pairs (nl->rp, keys set) into levels (no GLPK call). */
static void prepare_levels(node_levels *nl)
{
    int nstudents = 0, npairs = nl->npairs;
    mem_sort(nl->rp, (size_t)npairs, sizeof(*nl->rp), cmp_ranked);
    MEM_ALLOC_ARRAY(nl->key, npairs + 1);
    MEM_ALLOC_ARRAY(nl->students, npairs + 1);
    MEM_ALLOC_ARRAY(nl->pairs, npairs + 1);
    nl->n = 0;
    for (int i = 0; i < npairs; i++) {
        /* her pairs below one node share a level and are adjacent:
           sorted by standing, then pair, and a student's pairs are
           consecutive in a */
        if (i == 0 || nl->rp[i].key != nl->rp[i - 1].key)
            nl->key[nl->n++] = nl->rp[i].key;
        nstudents += i == 0 || nl->rp[i].student != nl->rp[i - 1].student;
        nl->students[nl->n - 1] = nstudents;
        nl->pairs[nl->n - 1] = i + 1;
    }
}

/* Adds node v's count columns and their chain rows, once:
 * h[v,l] = h[v,l-1] + (x of the pairs below v at level l), each at most
 * the capacity and the students at these levels. */
static void add_counts(const cycle *c, builder *b, int v, node_levels *nl)
{
    if (nl->col0)
        return;
    for (int l = 0; l < nl->n; l++) {
        char name[64];
        int col = glp_add_cols(b->lp, 1), row;
        int hi = nl->students[l] < c->nodes[v].capacity ? nl->students[l] : c->nodes[v].capacity;
        if (l == 0)
            nl->col0 = col;
        snprintf(name, sizeof(name), "h_%d_%d", v + 1, l + 1);
        glp_set_col_name(b->lp, col, name);
        glp_set_col_bnds(b->lp, col, GLP_DB, 0.0, (double)hi);
        row = model_add_row(b->lp, "level", col);
        glp_set_row_bnds(b->lp, row, GLP_FX, 0.0, 0.0);
        model_add_nz(b, row, col, 1.0);
        if (l > 0)
            model_add_nz(b, row, col - 1, -1.0);
        for (int i = l > 0 ? nl->pairs[l - 1] : 0; i < nl->pairs[l]; i++)
            model_add_nz(b, row, model_pair_col(nl->rp[i].pair), -1.0);
    }
}

/* The lowest level of nl whose standing is at least as high as key
 * (the level of key itself when it has one), or -1 when none is. */
static int level_at_most(const node_levels *nl, long long key)
{
    return sortctx_count_at_most(nl->key, nl->n, key) - 1;
}

/* Whether student s has a pair below node v that may be used. */
static int holds_below(const cycle *c, const admit *a, const builder *b, int v, int s)
{
    admit_iter it;
    admit_pair p;
    admit_iter_student(&it, a, s);
    while (admit_next(&it, &p))
        if (!(b->unused && b->unused[p.index]) && cycle_within(c, v, c->leaves[p.leaf]))
            return 1;
    return 0;
}

/* The longest list of pairs a "full" row names directly; beyond it the
 * row uses the node's count column. Short lists keep the row a knapsack
 * of binaries, on which GLPK's presolver and cover cuts work (generator
 * cycles with ties, --method glpk: 300 students 0.7 s against 29 s with
 * counts alone; 600: 17 s, 1,000: 12 s, against 23 s and 24 s with every
 * row listed); long ones would make the model quadratic. */
#define FULL_ROW_MAX_PAIRS 32

/* The left side of y[s,v]'s "full" row: the students at least as high
 * as s (level lev) placed below v, s not counted. */
static void add_full_count(const cycle *c, const admit *a, builder *b, int row, int v, int s,
                           int lev, node_levels *nl)
{
    int own = 0;
    admit_iter it;
    admit_pair p;
    admit_iter_student(&it, a, s);
    while (admit_next(&it, &p))
        own += cycle_within(c, v, c->leaves[p.leaf]);
    if (nl->pairs[lev] - own <= FULL_ROW_MAX_PAIRS) {
        for (int i = 0; i < nl->pairs[lev]; i++)
            if (nl->rp[i].student != s)
                model_add_nz(b, row, model_pair_col(nl->rp[i].pair), 1.0);
        return;
    }
    add_counts(c, b, v, nl);
    model_add_nz(b, row, nl->col0 + lev, 1.0);
    admit_iter_student(&it, a, s);
    while (admit_next(&it, &p))
        if (cycle_within(c, v, c->leaves[p.leaf]))
            model_add_nz(b, row, model_pair_col(p.index), -1.0);
}

void model_stable_rows(const cycle *c, const admit *a, builder *b)
{
    glp_prob *lp = b->lp;
    int *ycol;
    node_levels *lv;
    admit_iter it, jt;
    admit_pair p, q;
    MEM_ZALLOC_ARRAY(ycol, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(lv, c->nnodes + 1);
    admit_iter_all(&it, a);
    while (admit_next(&it, &p)) {
        if (b->unused && b->unused[p.index])
            continue; /* never held: it cannot fill a place */
        for (int v = c->leaves[p.leaf]; v >= 0; v = c->nodes[v].parent) {
            node_levels *nl = &lv[v];
            if (c->nodes[v].capacity < 0)
                continue;
            MEM_GROW(nl->rp, nl->npairs, nl->cap);
            nl->rp[nl->npairs].pair = (int)p.index;
            nl->rp[nl->npairs].student = p.student;
            nl->rp[nl->npairs++].key = standing(a, c, v, p.student);
        }
    }
    for (int v = 0; v < c->nnodes; v++)
        if (lv[v].npairs > 0)
            prepare_levels(&lv[v]);
    for (int s = 0; s < c->nstudents; s++) {
        if (c->students[s].fix >= 0)
            continue; /* a fixed student never blocks */
        /* y[s,v] for the capacitated nodes on her paths: 1 only when v
           holds capacity students at least as high as she is there,
           herself not counted (so v cannot hold her). None where fewer
           others than the capacity are that high: v can never be full
           against her (ycol -1: seen, no column) */
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p)) {
            for (int v = c->leaves[p.leaf]; v >= 0; v = c->nodes[v].parent) {
                int col, row, lev, others;
                char name[64];
                if (c->nodes[v].capacity < 0 || ycol[v])
                    continue;
                lev = lv[v].n > 0 ? level_at_most(&lv[v], standing(a, c, v, s)) : -1;
                others = lev < 0 ? 0 : lv[v].students[lev] - holds_below(c, a, b, v, s);
                if (others < c->nodes[v].capacity) {
                    ycol[v] = -1;
                    continue;
                }
                col = glp_add_cols(lp, 1);
                snprintf(name, sizeof(name), "y_%d_%d", s + 1, v + 1);
                glp_set_col_name(lp, col, name);
                glp_set_col_kind(lp, col, GLP_BV);
                ycol[v] = col;
                row = model_add_row(lp, "full", col);
                glp_set_row_bnds(lp, row, GLP_LO, 0.0, 0.0);
                model_add_nz(b, row, col, -(double)c->nodes[v].capacity);
                if (lev >= 0) /* else nobody else: a capacity of 0, always full */
                    add_full_count(c, a, b, row, v, s, lev, &lv[v]);
            }
        }
        /* no pair of hers blocks: she holds a leaf she ranks at least as
           well, or a node on its path is full as above */
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p)) {
            int row = model_add_row(lp, "stable", (int)p.index + 1);
            glp_set_row_bnds(lp, row, GLP_LO, 1.0, 0.0);
            admit_iter_student(&jt, a, s);
            while (admit_next(&jt, &q))
                if (q.rank <= p.rank && !(b->unused && b->unused[q.index]))
                    model_add_nz(b, row, model_pair_col(q.index), 1.0);
            for (int v = c->leaves[p.leaf]; v >= 0; v = c->nodes[v].parent)
                if (ycol[v] > 0)
                    model_add_nz(b, row, ycol[v], 1.0);
        }
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p))
            for (int v = c->leaves[p.leaf]; v >= 0; v = c->nodes[v].parent)
                ycol[v] = 0;
    }
    for (int n = 0; n < c->nnodes; n++) {
        free(lv[n].rp);
        free(lv[n].key);
        free(lv[n].students);
        free(lv[n].pairs);
    }
    free(ycol);
    free(lv);
}

double model_stable_size(const cycle *c, const admit *a)
{
    double total = 0;
    int depth = 0;
    for (int l = 0; l < c->nleaves; l++) {
        int d = 0;
        for (int v = c->leaves[l]; v >= 0; v = c->nodes[v].parent)
            d++;
        depth = d > depth ? d : depth;
    }
    for (int s = 0; s < c->nstudents; s++) {
        double len = (double)admit_count(a, s);
        /* count chains, full rows and stable rows */
        total += 3.0 * len * depth + len * depth * (2.0 + len) + len * (len + depth);
    }
    return total;
}
