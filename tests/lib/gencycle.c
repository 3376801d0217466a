/* gencycle.c - random cycles from a seed (tiny ones for brute force, large
 * realistic ones for the benchmark) and the CSV writer that puts a cycle,
 * or a cycle folder read back with libcsv, into files in a chosen style. */
#include "gencycle.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const gencycle_tag_names[GENCYCLE_NTAGS] = {"french_b2", "lab_safety", "german_b1",
                                                        "gcp"};
const char *const gencycle_home_names[GENCYCLE_NHOMES] = {"Basel",  "Bern",     "Zürich",
                                                          "Genève", "Lausanne", "west"};

/* ---- memory (test code: out of memory ends the program) ---- */

static void *xrealloc(void *p, size_t n, size_t size)
{
    void *q;
    if (size && n > (size_t)-1 / size) {
        fputs("gencycle: allocation size overflow\n", stderr);
        exit(1);
    }
    q = realloc(p, n * size > 0 ? n * size : 1);
    if (!q) {
        fputs("gencycle: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = xrealloc(NULL, n, size);
    memset(p, 0, n * size > 0 ? n * size : 1);
    return p;
}

/* Makes room for one more element in a growing array. */
#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) >= (cap)) {                                                                        \
            (cap) = (cap) ? 2 * (cap) : 16;                                                        \
            (arr) = xrealloc((arr), (size_t)(cap), sizeof(*(arr)));                                \
        }                                                                                          \
    } while (0)

/* ---- random source ---- */

void gencycle_rng_init(gencycle_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t gencycle_rng_next(gencycle_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int gencycle_rng_below(gencycle_rng *r, int n)
{
    /* rejection keeps it unbiased */
    uint64_t un = (uint64_t)n, limit = UINT64_MAX - UINT64_MAX % un, x;
    do
        x = gencycle_rng_next(r);
    while (x >= limit);
    return (int)(x % un);
}

int gencycle_rng_range(gencycle_rng *r, int lo, int hi)
{
    return lo + gencycle_rng_below(r, hi - lo + 1);
}

int gencycle_rng_chance(gencycle_rng *r, int percent)
{
    return gencycle_rng_below(r, 100) < percent;
}

/* ---- the instance ---- */

static int imin(int a, int b)
{
    return a < b ? a : b;
}

int gencycle_within(const gencycle *g, int a, int b)
{
    for (int v = b; v >= 0; v = g->nodes[v].parent)
        if (v == a)
            return 1;
    return 0;
}

void gencycle_whole_quotas(gencycle *g, uint64_t seed)
{
    gencycle_rng r;
    int field = seed % 2 ? GENCYCLE_HOME : GENCYCLE_YEAR;
    gencycle_rng_init(&r, seed * 0x9E3779B97F4A7C15ull + 1);
    g->nquotas = 1 + (int)(seed % 3);
    g->quotas = xrealloc(g->quotas, (size_t)g->nquotas, sizeof(*g->quotas));
    for (int q = 0; q < g->nquotas; q++) {
        uint64_t x = gencycle_rng_next(&r);
        g->quotas[q].scope = -1;
        g->quotas[q].field = field;
        g->quotas[q].value = x % 4 == 0              ? GENCYCLE_ANY
                             : field == GENCYCLE_HOME ? (int)(x % GENCYCLE_NHOMES)
                                                      : 1 + (int)(x % 5);
        g->quotas[q].max = (int)((x >> 8) % 3);
        g->quotas[q].min = (x >> 12) % 3 == 0 ? 1 : 0;
        if (g->quotas[q].min > g->quotas[q].max)
            g->quotas[q].max = g->quotas[q].min;
    }
}

void gencycle_tag_quotas(gencycle *g, uint64_t seed)
{
    gencycle_rng r;
    gencycle_rng_init(&r, seed * 0xC2B2AE3D27D4EB4Full + 11);
    g->nquotas = 1 + (int)(seed % 3);
    g->quotas = xrealloc(g->quotas, (size_t)g->nquotas, sizeof(*g->quotas));
    for (int q = 0; q < g->nquotas; q++) {
        gencycle_quota *qu = &g->quotas[q];
        int holders = 0;
        qu->scope = -1;
        qu->field = gencycle_rng_chance(&r, 75)   ? GENCYCLE_TAG
                    : gencycle_rng_chance(&r, 50) ? GENCYCLE_HOME
                                                  : GENCYCLE_YEAR;
        qu->value = qu->field == GENCYCLE_TAG    ? gencycle_rng_range(&r, 0, 2)
                    : qu->field == GENCYCLE_HOME ? gencycle_rng_range(&r, 0, 2)
                                                 : gencycle_rng_range(&r, 1, 5);
        for (int s = 0; s < g->nstudents; s++) {
            const gencycle_student *st = &g->students[s];
            holders += qu->field == GENCYCLE_TAG    ? (int)((st->tags >> qu->value) & 1u)
                       : qu->field == GENCYCLE_HOME ? st->home == qu->value
                                                    : st->year == qu->value;
        }
        qu->max = gencycle_rng_chance(&r, 75) ? holders * gencycle_rng_range(&r, 20, 80) / 100 : -1;
        qu->min = gencycle_rng_chance(&r, 35) ? 1 + holders * gencycle_rng_range(&r, 0, 20) / 100
                                              : 0;
        if (qu->max >= 0 && qu->max < qu->min)
            qu->max = qu->min;
    }
}

void gencycle_gap_ranks(gencycle *g, uint64_t seed)
{
    gencycle_rng r;
    int maxr = 0, v, *map;
    gencycle_rng_init(&r, seed * 0xD1B54A32D192ED03ull + 7);
    for (int i = 0; i < g->nprefs; i++)
        if (g->prefs[i].rank > maxr)
            maxr = g->prefs[i].rank;
    map = xrealloc(NULL, (size_t)maxr + 1, sizeof(int));
    v = gencycle_rng_chance(&r, 50) ? 0 : gencycle_rng_range(&r, 1, 5);
    for (int k = 1; k <= maxr; k++) {
        v += 1 + (gencycle_rng_chance(&r, 40) ? gencycle_rng_below(&r, 20) : 0);
        map[k] = v;
    }
    if (maxr > 0 && gencycle_rng_chance(&r, 50))
        map[maxr] = 1000000000;
    for (int i = 0; i < g->nprefs; i++)
        g->prefs[i].rank = map[g->prefs[i].rank];
    free(map);
}

void gencycle_lottery(gencycle *g, uint64_t seed)
{
    gencycle_rng r;
    int *at = xcalloc((size_t)g->nstudents + 1, sizeof(int));
    gencycle_rng_init(&r, seed ^ UINT64_C(0x6c6f7474657279)); /* "lottery" */
    for (int s = 0; s < g->nstudents; s++)
        at[s] = s;
    for (int i = g->nstudents - 1; i >= 1; i--) {
        int j = gencycle_rng_below(&r, i + 1), t = at[i];
        at[i] = at[j];
        at[j] = t;
    }
    /* distinct, not 1..n: the engine only needs them distinct */
    for (int p = 0; p < g->nstudents; p++)
        g->students[at[p]].lottery = 2 * p + 1 + (int)(seed % 3);
    free(at);
}

void gencycle_free(gencycle *g)
{
    if (!g)
        return;
    free(g->nodes);
    free(g->students);
    free(g->prefs);
    free(g->ranks);
    free(g->quotas);
    free(g->overrides);
    free(g);
}

/* Growing arrays of a gencycle being built. */
typedef struct builder {
    gencycle *g;
    gencycle_rng rng;
    int capnodes, capstudents, capprefs, capranks, capquotas, capoverrides;
    int serial[3]; /* nodes made so far at each level, for ids */
    int strict;    /* no ties in priorities or preferences (the _ex generators) */
} builder;

static int add_node(builder *b, int parent, int level)
{
    gencycle *g = b->g;
    gencycle_node *n;
    GROW(g->nodes, g->nnodes, b->capnodes);
    n = &g->nodes[g->nnodes];
    memset(n, 0, sizeof(*n));
    n->level = level;
    n->parent = parent;
    n->capacity = -1;
    n->min_year = -1;
    n->min_gpa = -1;
    if (parent >= 0)
        g->nodes[parent].nchildren++;
    return g->nnodes++;
}

static void add_pref(builder *b, int s, int node, int rank)
{
    gencycle *g = b->g;
    GROW(g->prefs, g->nprefs, b->capprefs);
    g->prefs[g->nprefs].student = s;
    g->prefs[g->nprefs].node = node;
    g->prefs[g->nprefs].rank = rank;
    g->nprefs++;
}

static void add_rank(builder *b, int ranker, int s, int rank)
{
    gencycle *g = b->g;
    GROW(g->ranks, g->nranks, b->capranks);
    g->ranks[g->nranks].ranker = ranker;
    g->ranks[g->nranks].student = s;
    g->ranks[g->nranks].rank = rank;
    g->nranks++;
}

static void add_quota(builder *b, int scope, int field, int value, int min, int max)
{
    gencycle *g = b->g;
    GROW(g->quotas, g->nquotas, b->capquotas);
    g->quotas[g->nquotas].scope = scope;
    g->quotas[g->nquotas].field = field;
    g->quotas[g->nquotas].value = value;
    g->quotas[g->nquotas].min = min;
    g->quotas[g->nquotas].max = max;
    g->nquotas++;
}

static void add_override(builder *b, int s, int node, int action)
{
    gencycle *g = b->g;
    GROW(g->overrides, g->noverrides, b->capoverrides);
    g->overrides[g->noverrides].student = s;
    g->overrides[g->noverrides].node = node;
    g->overrides[g->noverrides].action = action;
    g->noverrides++;
}

static int has_override(const gencycle *g, int s, int node)
{
    for (int i = 0; i < g->noverrides; i++)
        if (g->overrides[i].student == s && g->overrides[i].node == node)
            return 1;
    return 0;
}

/* Whether student s meets min_year, min_gpa and requires of every node on
 * the path to node v (rankings and overrides aside). */
static int eligible(const gencycle *g, int s, int v)
{
    const gencycle_student *st = &g->students[s];
    for (; v >= 0; v = g->nodes[v].parent) {
        const gencycle_node *n = &g->nodes[v];
        if (n->min_year >= 0 && (st->year < 0 || st->year < n->min_year))
            return 0;
        if (n->min_gpa >= 0 && (st->gpa < 0 || st->gpa < n->min_gpa))
            return 0;
        if ((n->requires & st->tags) != n->requires)
            return 0;
    }
    return 1;
}

/* A random permutation of 0..n-1 drawn from the builder's source; the
 * caller frees it. */
static int *shuffled(builder *b, int n)
{
    int *p = xcalloc((size_t)(n > 0 ? n : 1), sizeof(int));
    for (int i = 0; i < n; i++)
        p[i] = i;
    for (int i = n - 1; i > 0; i--) {
        int j = gencycle_rng_below(&b->rng, i + 1), t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    return p;
}

/* Strict mode: every student gets a score and no two share one. Scores
 * are in tenths; student s gets step * (1 + a random permutation of the
 * students) plus fewer than step random tenths, so they stay distinct. */
static void strict_scores(builder *b, int step)
{
    gencycle *g = b->g;
    int *p = shuffled(b, g->nstudents);
    for (int s = 0; s < g->nstudents; s++)
        g->students[s].score = step * (p[s] + 1) + gencycle_rng_below(&b->rng, step);
    free(p);
}

static void name_node(gencycle_node *n, int serial, int odd)
{
    static const char *const kind[3] = {"Program", "Lab", "Supervisor"};
    if (odd == 1)
        snprintf(n->name, sizeof(n->name), "%s %d, \"%s\"", kind[n->level], serial,
                 n->level == GENCYCLE_SUPERVISOR ? "Dr. Who" : "Basel");
    else if (odd == 2)
        snprintf(n->name, sizeof(n->name), "Müller %s %d", kind[n->level], serial);
    else
        snprintf(n->name, sizeof(n->name), "%s %d", kind[n->level], serial);
}

/* ---- tiny cycles ---- */

/* Adds a subtree of at most maxleaves leaves under parent; returns how many
 * leaves it has. */
static int tiny_subtree(builder *b, int parent, int level, int maxleaves)
{
    static const char *const prefix[3] = {"p", "l", "s"};
    int v = add_node(b, parent, level), used = 0, nchild;
    gencycle_node *n = &b->g->nodes[v];
    int serial = ++b->serial[level];
    snprintf(n->id, sizeof(n->id), "%s%d", prefix[level], serial);
    name_node(n, serial, gencycle_rng_below(&b->rng, 3));
    if (level == GENCYCLE_SUPERVISOR || maxleaves <= 1 || gencycle_rng_chance(&b->rng, 25))
        return 1;
    nchild = gencycle_rng_range(&b->rng, 1, imin(3, maxleaves));
    for (int i = 0; i < nchild; i++) {
        int cb = maxleaves - used - (nchild - 1 - i);
        used += tiny_subtree(b, v, level + 1, gencycle_rng_range(&b->rng, 1, cb));
    }
    return used;
}

static const int tiny_gpas[] = {200, 250, 275, 300, 325, 350, 375, 400};

static void tiny_nodes(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int budget =
        gencycle_rng_chance(r, 10) ? gencycle_rng_range(r, 1, 2) : gencycle_rng_range(r, 3, 6);
    int nprog = gencycle_rng_range(r, 1, imin(3, budget)), left = budget;
    for (int p = 0; p < nprog; p++) {
        int maxl = left - (nprog - 1 - p);
        left -= tiny_subtree(b, -1, GENCYCLE_PROGRAM, gencycle_rng_range(r, (maxl + 1) / 2, maxl));
    }
    for (int v = 0; v < g->nnodes; v++) {
        gencycle_node *n = &g->nodes[v];
        if (n->nchildren == 0)
            n->capacity = gencycle_rng_chance(r, 25)  ? -1
                          : gencycle_rng_chance(r, 8) ? 0
                                                      : gencycle_rng_range(r, 1, 3);
        else
            n->capacity = gencycle_rng_chance(r, 55) ? -1 : gencycle_rng_range(r, 1, 4);
        if (gencycle_rng_chance(r, 8)) {
            int m = gencycle_rng_range(r, 1, 2);
            n->min = n->capacity >= 0 ? imin(m, n->capacity) : m;
        }
        if (gencycle_rng_chance(r, 10))
            n->min_year = gencycle_rng_range(r, 2, 4);
        if (gencycle_rng_chance(r, 10))
            n->min_gpa = tiny_gpas[gencycle_rng_range(r, 1, 5)];
        if (gencycle_rng_chance(r, 10))
        n->requires |= 1u << gencycle_rng_range(r, 0, 2);
        if (gencycle_rng_chance(r, 4))
        n->requires |= 1u << gencycle_rng_range(r, 0, GENCYCLE_NTAGS - 1);
    }
}

static void tiny_students(builder *b)
{
    static const char *const names[] = {"Ann Lee",      "Doe, Jane",      "Bob \"Bobby\" Ray",
                                        "Zoë Müller",   "O'Neil, Sam",    "Kim",
                                        "\"Q\", Quinn", "Li, Wei \"Vic\""};
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    g->nstudents =
        gencycle_rng_chance(r, 15) ? gencycle_rng_range(r, 1, 2) : gencycle_rng_range(r, 3, 6);
    g->students = xcalloc((size_t)g->nstudents, sizeof(gencycle_student));
    b->capstudents = g->nstudents;
    for (int s = 0; s < g->nstudents; s++) {
        gencycle_student *st = &g->students[s];
        snprintf(st->id, sizeof(st->id), "st%d", s + 1);
        snprintf(st->name, sizeof(st->name), "%s", names[gencycle_rng_below(r, 8)]);
        st->home = gencycle_rng_chance(r, 15) ? -1 : gencycle_rng_range(r, 0, 2);
        st->year = gencycle_rng_chance(r, 10) ? -1 : gencycle_rng_range(r, 1, 5);
        st->gpa = gencycle_rng_chance(r, 10) ? -1 : tiny_gpas[gencycle_rng_below(r, 8)];
        for (int t = 0; t < 3; t++)
            if (gencycle_rng_chance(r, 40))
                st->tags |= 1u << t;
        st->score = gencycle_rng_chance(r, 15) ? -1 : 100 * gencycle_rng_range(r, 0, 5);
    }
    if (b->strict)
        strict_scores(b, 50);
}

static void tiny_prefs(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int *leaves = xcalloc((size_t)g->nnodes, sizeof(int)), nleaves = 0;
    for (int v = 0; v < g->nnodes; v++)
        if (g->nodes[v].nchildren == 0)
            leaves[nleaves++] = v;
    for (int s = 0; s < g->nstudents; s++) {
        int most = imin(4, g->nnodes);
        int nch = gencycle_rng_chance(r, 5) ? 0 : gencycle_rng_range(r, imin(2, most), most);
        int picked[4], np = 0, rank = 1, tries = 0;
        while (np < nch && tries++ < 50) {
            /* strict: leaves only, since a lab or program ties its leaves */
            int v = b->strict || gencycle_rng_chance(r, 65) ? leaves[gencycle_rng_below(r, nleaves)]
                                                            : gencycle_rng_below(r, g->nnodes);
            int dup = 0;
            for (int i = 0; i < np; i++)
                dup |= picked[i] == v;
            if (dup)
                continue;
            if (np > 0) {
                rank += gencycle_rng_chance(r, 25) && !b->strict ? 0 : 1;
                rank += gencycle_rng_chance(r, 10) ? 1 : 0;
            }
            picked[np++] = v;
            add_pref(b, s, v, rank);
        }
    }
    free(leaves);
}

static void tiny_rankings(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    for (int v = 0; v < g->nnodes; v++) {
        if (!gencycle_rng_chance(r, 10))
            continue;
        for (int s = 0; s < g->nstudents; s++)
            if (gencycle_rng_chance(r, 80))
                add_rank(b, v, s, gencycle_rng_range(r, 1, 3));
    }
}

/* Strict mode: some programs rank, with distinct ranks (gaps allowed),
 * every student who chose a place within the program or is fixed within
 * it, so priority below a program is its ranking throughout and no two
 * students tie. Runs after tiny_overrides. */
static void tiny_strict_rankings(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    for (int v = 0; v < g->nnodes; v++) {
        int *p, rank = 0;
        if (g->nodes[v].level != GENCYCLE_PROGRAM || !gencycle_rng_chance(r, 30))
            continue;
        p = shuffled(b, g->nstudents);
        for (int i = 0; i < g->nstudents; i++) {
            int s = p[i], within = 0;
            for (int k = 0; k < g->nprefs && !within; k++)
                within = g->prefs[k].student == s && gencycle_within(g, v, g->prefs[k].node);
            for (int k = 0; k < g->noverrides && !within; k++)
                within = g->overrides[k].student == s && g->overrides[k].action == GENCYCLE_FIX &&
                         gencycle_within(g, v, g->overrides[k].node);
            if (!within)
                continue;
            rank += gencycle_rng_chance(r, 20) ? 2 : 1;
            add_rank(b, v, s, rank);
        }
        free(p);
    }
}

static void tiny_quotas(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int nq;
    if (!gencycle_rng_chance(r, 30))
        return;
    nq = gencycle_rng_range(r, 1, 2);
    for (int i = 0; i < nq; i++) {
        int scope = gencycle_rng_chance(r, 50) ? -1 : gencycle_rng_below(r, g->nnodes);
        int field = gencycle_rng_range(r, 0, 2), value, min, max, dup = 0;
        if (gencycle_rng_chance(r, 30))
            value = GENCYCLE_ANY;
        else if (field == GENCYCLE_HOME)
            value = gencycle_rng_chance(r, 10) ? GENCYCLE_NHOMES - 1 : gencycle_rng_range(r, 0, 2);
        else if (field == GENCYCLE_YEAR)
            value = gencycle_rng_range(r, 1, 5);
        else
            value = gencycle_rng_range(r, 0, GENCYCLE_NTAGS - 1);
        min = gencycle_rng_chance(r, 70) ? 0 : gencycle_rng_range(r, 1, 2);
        max = gencycle_rng_chance(r, 45) ? -1 : gencycle_rng_range(r, min, min + 2);
        for (int q = 0; q < g->nquotas; q++)
            dup |= g->quotas[q].scope == scope && g->quotas[q].field == field &&
                   g->quotas[q].value == value;
        if (!dup)
            add_quota(b, scope, field, value, min, max);
    }
}

/* Whether the forbids of s leave a leaf under node f. */
static int fix_keeps_leaf(const gencycle *g, int s, int f)
{
    for (int v = 0; v < g->nnodes; v++) {
        int covered = 0;
        if (g->nodes[v].nchildren || !gencycle_within(g, f, v))
            continue;
        for (int i = 0; i < g->noverrides && !covered; i++)
            covered = g->overrides[i].student == s && g->overrides[i].action == GENCYCLE_FORBID &&
                      gencycle_within(g, g->overrides[i].node, v);
        if (!covered)
            return 1;
    }
    return 0;
}

static void tiny_overrides(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int k, first = -1, nleaves = 0, *leaves = xcalloc((size_t)g->nnodes, sizeof(int));
    for (int v = 0; v < g->nnodes; v++)
        if (g->nodes[v].nchildren == 0)
            leaves[nleaves++] = v;
    if (!gencycle_rng_chance(r, 30)) {
        free(leaves);
        return;
    }
    k = gencycle_rng_range(r, 1, imin(2, g->nstudents));
    for (int i = 0; i < k; i++) {
        int s = gencycle_rng_below(r, g->nstudents), f = -1;
        int nforbid = gencycle_rng_range(r, 0, 2);
        if (s == first)
            continue;
        first = s;
        if (gencycle_rng_chance(r, 60)) {
            /* strict: fixes at leaves only */
            f = b->strict ? leaves[gencycle_rng_below(r, nleaves)]
                          : gencycle_rng_below(r, g->nnodes);
            add_override(b, s, f, GENCYCLE_FIX);
            /* a second fix on an ancestor: the deepest one counts */
            if (!b->strict && g->nodes[f].parent >= 0 && gencycle_rng_chance(r, 25))
                add_override(b, s, g->nodes[f].parent, GENCYCLE_FIX);
        }
        for (int j = 0; j < nforbid; j++) {
            int x = gencycle_rng_below(r, g->nnodes);
            if (has_override(g, s, x) || (f >= 0 && gencycle_within(g, x, f)))
                continue;
            add_override(b, s, x, GENCYCLE_FORBID);
            if (f >= 0 && !fix_keeps_leaf(g, s, f))
                g->noverrides--; /* it would leave her no leaf */
        }
    }
    free(leaves);
}

gencycle *gencycle_tiny(uint64_t seed)
{
    return gencycle_tiny_ex(seed, 0);
}

gencycle *gencycle_tiny_ex(uint64_t seed, int strict)
{
    builder b;
    memset(&b, 0, sizeof(b));
    b.g = xcalloc(1, sizeof(gencycle));
    b.strict = strict;
    gencycle_rng_init(&b.rng, seed * 0x2545F4914F6CDD1DULL + 1);
    tiny_nodes(&b);
    tiny_students(&b);
    tiny_prefs(&b);
    if (strict) {
        /* rankings last: they list the students fixed within them */
        tiny_quotas(&b);
        tiny_overrides(&b);
        tiny_strict_rankings(&b);
        return b.g;
    }
    tiny_rankings(&b);
    tiny_quotas(&b);
    tiny_overrides(&b);
    return b.g;
}

/* ---- minimums that the most placements miss ---- */

static int planted_node(builder *b, int parent, int level, int capacity)
{
    static const char *const prefix[3] = {"p", "l", "s"};
    int v = add_node(b, parent, level), serial = ++b->serial[level];
    gencycle_node *n = &b->g->nodes[v];
    snprintf(n->id, sizeof(n->id), "%s%d", prefix[level], serial);
    name_node(n, serial, 0);
    n->capacity = capacity;
    return v;
}

static int planted_student(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    gencycle_student *st;
    GROW(g->students, g->nstudents, b->capstudents);
    st = &g->students[g->nstudents];
    memset(st, 0, sizeof(*st));
    snprintf(st->id, sizeof(st->id), "st%d", g->nstudents + 1);
    snprintf(st->name, sizeof(st->name), "Student %d", g->nstudents + 1);
    st->home = gencycle_rng_range(r, 0, 2);
    st->year = gencycle_rng_range(r, 1, 3);
    st->gpa = -1;
    st->score = 100 * gencycle_rng_range(r, 0, 5);
    return g->nstudents++;
}

gencycle *gencycle_planted_mins(uint64_t seed, int copies)
{
    builder b;
    gencycle_rng *r = &b.rng;
    int prev_x = -1;
    memset(&b, 0, sizeof(b));
    b.g = xcalloc(1, sizeof(gencycle));
    gencycle_rng_init(r, seed * 0x9FB21C651E98DF25ull + 5);
    for (int k = 0; k < copies; k++) {
        int c = gencycle_rng_range(r, 1, 3), m = gencycle_rng_range(r, 1, c);
        int p = planted_node(&b, -1, GENCYCLE_PROGRAM, c);
        int lab_m = planted_node(&b, p, GENCYCLE_LAB,
                                 gencycle_rng_chance(r, 50) ? -1 : gencycle_rng_range(r, m, c));
        int lab_n = planted_node(&b, p, GENCYCLE_LAB,
                                 gencycle_rng_chance(r, 50) ? -1 : gencycle_rng_range(r, 1, 2));
        int x = planted_node(&b, -1, GENCYCLE_PROGRAM, gencycle_rng_range(r, 0, 2));
        int a = m + gencycle_rng_range(r, 0, 1), nb = gencycle_rng_range(r, 1, 2);
        b.g->nodes[lab_m].min = m;
        for (int i = 0; i < a; i++) { /* M's students, with X beside it */
            int s = planted_student(&b), x_first = gencycle_rng_chance(r, 30);
            add_pref(&b, s, lab_m, x_first ? 2 : 1);
            add_pref(&b, s, x, x_first ? 1 : 2);
            if (prev_x >= 0 && gencycle_rng_chance(r, 20))
                add_pref(&b, s, prev_x, 3);
        }
        for (int i = 0; i < nb; i++) { /* N's students, who take P's seats */
            int s = planted_student(&b);
            add_pref(&b, s, lab_n, 1);
            if (gencycle_rng_chance(r, 30))
                add_pref(&b, s, x, 2);
        }
        if (gencycle_rng_chance(r, 30)) /* one who wants X alone */
            add_pref(&b, planted_student(&b), x, 1);
        prev_x = x;
    }
    return b.g;
}

/* ---- large cycles ---- */

/* Builds programs, labs and supervisors until the leaves hold at least
 * target seats, then trims leaf capacities down to target. */
static void large_tree(builder *b, int target)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    long seats = 0;
    int nprog = 0;
    while (seats < target) {
        int p = add_node(b, -1, GENCYCLE_PROGRAM), nlabs;
        nprog++;
        snprintf(g->nodes[p].id, sizeof(g->nodes[p].id), "P%03d", nprog);
        name_node(&g->nodes[p], nprog, gencycle_rng_below(r, 4));
        if (gencycle_rng_chance(r, 10)) {
            g->nodes[p].capacity = gencycle_rng_range(r, 4, 12);
            seats += g->nodes[p].capacity;
            continue;
        }
        nlabs = gencycle_rng_range(r, 2, 6);
        for (int l = 1; l <= nlabs; l++) {
            int lab = add_node(b, p, GENCYCLE_LAB), nsup;
            snprintf(g->nodes[lab].id, sizeof(g->nodes[lab].id), "P%03d-L%d", nprog, l);
            name_node(&g->nodes[lab], l, gencycle_rng_below(r, 4));
            if (gencycle_rng_chance(r, 15)) {
                g->nodes[lab].capacity = gencycle_rng_range(r, 2, 6);
                seats += g->nodes[lab].capacity;
                continue;
            }
            nsup = gencycle_rng_range(r, 1, 5);
            for (int k = 1; k <= nsup; k++) {
                int sv = add_node(b, lab, GENCYCLE_SUPERVISOR);
                snprintf(g->nodes[sv].id, sizeof(g->nodes[sv].id), "P%03d-L%d-S%d", nprog, l, k);
                name_node(&g->nodes[sv], k, gencycle_rng_below(r, 4));
                g->nodes[sv].capacity = gencycle_rng_range(r, 1, 4);
                seats += g->nodes[sv].capacity;
            }
        }
    }
    /* trim: take seats from random leaves that keep at least one */
    for (int guard = 0; seats > target && guard < 100 * g->nnodes; guard++) {
        int v = gencycle_rng_below(r, g->nnodes);
        if (g->nodes[v].nchildren == 0 && g->nodes[v].capacity > 1) {
            g->nodes[v].capacity--;
            seats--;
        }
    }
    /* some labs hold fewer seats than their supervisors together */
    for (int v = 0; v < g->nnodes; v++) {
        long sum = 0;
        if (g->nodes[v].level != GENCYCLE_LAB || g->nodes[v].nchildren == 0 ||
            !gencycle_rng_chance(r, 20))
            continue;
        for (int c = v + 1; c < g->nnodes && g->nodes[c].parent == v; c++)
            sum += g->nodes[c].capacity;
        g->nodes[v].capacity = (int)((sum * 9 + 9) / 10);
    }
}

static void large_rules(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    static const int gpas[] = {300, 320, 350};
    for (int v = 0; v < g->nnodes; v++) {
        gencycle_node *n = &g->nodes[v];
        if (n->level == GENCYCLE_PROGRAM) {
            if (gencycle_rng_chance(r, 20))
                n->min_year = gencycle_rng_range(r, 2, 4);
            if (gencycle_rng_chance(r, 12))
            n->requires |= 1u << (gencycle_rng_chance(r, 50) ? 0 : 2);
        } else if (n->level == GENCYCLE_LAB) {
            if (gencycle_rng_chance(r, 10))
                n->min_gpa = gpas[gencycle_rng_below(r, 3)];
        } else if (gencycle_rng_chance(r, 5)) {
            n->requires |= 1u << 1;
        }
    }
}

static void large_students(builder *b, int n)
{
    static const int home_weight[] = {40, 25, 15, 12, 8};
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    g->nstudents = n;
    g->students = xcalloc((size_t)n, sizeof(gencycle_student));
    for (int s = 0; s < n; s++) {
        gencycle_student *st = &g->students[s];
        int h = gencycle_rng_below(r, 100), acc = 0;
        snprintf(st->id, sizeof(st->id), "S%06d", s + 1);
        switch (gencycle_rng_below(r, 10)) {
        case 0:
        case 1:
        case 2:
            snprintf(st->name, sizeof(st->name), "Lee, Ann %d", s + 1);
            break;
        case 3:
            snprintf(st->name, sizeof(st->name), "Sam \"%d\" Roe", s + 1);
            break;
        default:
            snprintf(st->name, sizeof(st->name), "Student %d", s + 1);
        }
        st->home = 4;
        for (int k = 0; k < 5; k++) {
            acc += home_weight[k];
            if (h < acc) {
                st->home = k;
                break;
            }
        }
        st->year = gencycle_rng_chance(r, 2) ? -1 : gencycle_rng_range(r, 1, 6);
        st->gpa = gencycle_rng_chance(r, 2)
                      ? -1
                      : (gencycle_rng_range(r, 200, 400) + gencycle_rng_range(r, 200, 400)) / 2;
        if (gencycle_rng_chance(r, 30))
            st->tags |= 1u << 0;
        if (gencycle_rng_chance(r, 50))
            st->tags |= 1u << 1;
        if (gencycle_rng_chance(r, 20))
            st->tags |= 1u << 2;
        if (gencycle_rng_chance(r, 10))
            st->tags |= 1u << 3;
        st->score = gencycle_rng_range(r, 0, 1000);
    }
    if (b->strict)
        strict_scores(b, 10);
}

/* Each student ranks up to k places drawn by Zipf-like popularity (weight
 * 1/i^0.8 over a random order of the leaves); most redraw a place they are
 * not eligible for; some choose the lab instead of the supervisor. */
static void large_prefs(builder *b, int k)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int *leaves = xcalloc((size_t)g->nnodes, sizeof(int)), nleaves = 0, *picked;
    uint64_t *cum, total = 0;
    for (int v = 0; v < g->nnodes; v++)
        if (g->nodes[v].nchildren == 0)
            leaves[nleaves++] = v;
    for (int i = nleaves - 1; i > 0; i--) {
        int j = gencycle_rng_below(r, i + 1), t = leaves[i];
        leaves[i] = leaves[j];
        leaves[j] = t;
    }
    cum = xcalloc((size_t)nleaves, sizeof(uint64_t));
    for (int i = 0; i < nleaves; i++) {
        total += (uint64_t)llround(1e6 / pow(i + 1.0, 0.8)) + 1;
        cum[i] = total;
    }
    if (k > nleaves)
        k = nleaves;
    picked = xcalloc((size_t)k + 1, sizeof(int));
    for (int s = 0; s < g->nstudents; s++) {
        int want = gencycle_rng_chance(r, 80) ? k : gencycle_rng_range(r, 1, k);
        int np = 0, rank = 0;
        for (int tries = 0; np < want && tries < 30 * want; tries++) {
            uint64_t x = gencycle_rng_next(r) % total;
            int lo = 0, hi = nleaves - 1, v, dup = 0;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (cum[mid] > x)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            v = leaves[lo];
            if (!eligible(g, s, v) && gencycle_rng_chance(r, 80))
                continue;
            if (!b->strict && g->nodes[v].level == GENCYCLE_SUPERVISOR && gencycle_rng_chance(r, 5))
                v = g->nodes[v].parent;
            for (int i = 0; i < np; i++)
                dup |= picked[i] == v;
            if (dup)
                continue;
            picked[np++] = v;
            rank += (np > 1 && gencycle_rng_chance(r, 5) && !b->strict) ? 0 : 1;
            add_pref(b, s, v, rank);
        }
    }
    free(picked);
    free(cum);
    free(leaves);
}

/* Seats the children of node v hold together (a large number when some
 * child has no limit), so a minimum never exceeds what fits below. */
static int room_below(const gencycle *g, int v)
{
    long room = 0;
    int any = 0;
    for (int u = 0; u < g->nnodes; u++) {
        if (g->nodes[u].parent != v)
            continue;
        any = 1;
        if (g->nodes[u].capacity < 0)
            return 1 << 30;
        room += g->nodes[u].capacity;
    }
    return !any || room > (1 << 30) ? 1 << 30 : (int)room;
}

/* Minimums where demand is: a lab gets min 1 or 2 only when at least four
 * times as many eligible students chose within it, and never more than its
 * capacity or the seats below it. */
static void large_mins(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int *demand = xcalloc((size_t)g->nnodes, sizeof(int));
    for (int i = 0; i < g->nprefs; i++) {
        int v = g->prefs[i].node;
        if (eligible(g, g->prefs[i].student, v))
            for (int u = v; u >= 0; u = g->nodes[u].parent)
                demand[u]++;
    }
    for (int v = 0; v < g->nnodes; v++) {
        gencycle_node *n = &g->nodes[v];
        int m;
        if (n->level != GENCYCLE_LAB || !gencycle_rng_chance(r, 5))
            continue;
        m = imin(2, demand[v] / 4);
        if (n->capacity >= 0)
            m = imin(m, n->capacity);
        m = imin(m, room_below(g, v));
        n->min = m;
    }
    free(demand);
}

static void large_rankings(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    char *seen = xcalloc((size_t)g->nstudents, 1);
    for (int v = 0; v < g->nnodes; v++) {
        if (g->nodes[v].level != GENCYCLE_LAB || g->nodes[v].nchildren == 0 ||
            !gencycle_rng_chance(r, 5))
            continue;
        memset(seen, 0, (size_t)g->nstudents);
        for (int i = 0; i < g->nprefs; i++) {
            int s = g->prefs[i].student, u = g->prefs[i].node;
            if (seen[s] || !(gencycle_within(g, v, u) || gencycle_within(g, u, v)))
                continue;
            seen[s] = 1;
            if (gencycle_rng_chance(r, 90))
                add_rank(b, v, s,
                         1 + (1000 - g->students[s].score) / 50 + gencycle_rng_below(r, 3));
        }
    }
    free(seen);
}

/* A few students fixed at a leaf with a seat to spare (some through its
 * lab), a few forbidden from a lab or supervisor. */
static void large_overrides(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int nfix = g->nstudents / 400, nforbid = g->nstudents / 300;
    int *taken = xcalloc((size_t)g->nnodes, sizeof(int));
    char *fixed = xcalloc((size_t)g->nstudents, 1);
    for (int i = 0; i < nfix; i++) {
        int s = gencycle_rng_below(r, g->nstudents);
        if (fixed[s])
            continue;
        for (int tries = 0; tries < 20; tries++) {
            int v = gencycle_rng_below(r, g->nnodes), ok = g->nodes[v].nchildren == 0;
            for (int u = v; ok && u >= 0; u = g->nodes[u].parent)
                ok = g->nodes[u].capacity < 0 || taken[u] < g->nodes[u].capacity;
            if (!ok)
                continue;
            for (int u = v; u >= 0; u = g->nodes[u].parent)
                taken[u]++;
            if (!b->strict && g->nodes[v].level == GENCYCLE_SUPERVISOR &&
                gencycle_rng_chance(r, 30))
                v = g->nodes[v].parent;
            add_override(b, s, v, GENCYCLE_FIX);
            fixed[s] = 1;
            break;
        }
    }
    for (int i = 0; i < nforbid; i++) {
        int s = gencycle_rng_below(r, g->nstudents), v = gencycle_rng_below(r, g->nnodes);
        if (fixed[s] || g->nodes[v].level == GENCYCLE_PROGRAM || has_override(g, s, v))
            continue;
        add_override(b, s, v, GENCYCLE_FORBID);
    }
    free(fixed);
    free(taken);
}

static void large_quotas(builder *b)
{
    gencycle *g = b->g;
    gencycle_rng *r = &b->rng;
    int n = g->nstudents, done = 0;
    add_quota(b, -1, GENCYCLE_HOME, GENCYCLE_ANY, 0, (n * 45 + 99) / 100);
    add_quota(b, -1, GENCYCLE_TAG, 0, n / 50, -1);
    for (int tries = 0; tries < 20 && done < 3; tries++) {
        int v = gencycle_rng_below(r, g->nnodes);
        if (g->nodes[v].level != GENCYCLE_PROGRAM || g->nodes[v].nchildren == 0)
            continue;
        add_quota(b, v, GENCYCLE_YEAR, GENCYCLE_ANY, 0, 3 + gencycle_rng_below(r, 4));
        done++;
    }
}

gencycle *gencycle_large(uint64_t seed, int students, int choices, int quotas)
{
    return gencycle_large_ex(seed, students, choices, quotas, 0);
}

gencycle *gencycle_large_ex(uint64_t seed, int students, int choices, int quotas, int strict)
{
    builder b;
    int target;
    memset(&b, 0, sizeof(b));
    b.g = xcalloc(1, sizeof(gencycle));
    b.strict = strict;
    gencycle_rng_init(&b.rng, seed * 0x9E3779B97F4A7C15ULL + 7);
    if (students < 1)
        students = 1;
    if (choices < 1)
        choices = 1;
    target = (int)((long)students * gencycle_rng_range(&b.rng, 92, 100) / 100);
    large_tree(&b, target > 0 ? target : 1);
    large_rules(&b);
    large_students(&b, students);
    large_prefs(&b, choices);
    large_mins(&b);
    /* strict: no rankings, so priority is the distinct scores everywhere */
    if (!strict)
        large_rankings(&b);
    large_overrides(&b);
    if (quotas)
        large_quotas(&b);
    return b.g;
}

/* ---- tables of strings ---- */

/* Rows of ncols NUL-terminated cells packed in one buffer; row 0 is the
 * header. */
typedef struct table {
    int ncols;
    char *buf;
    size_t len, cap;
    size_t *cells; /* offsets into buf */
    size_t ncells, capcells;
} table;

static void table_init(table *t, int ncols)
{
    memset(t, 0, sizeof(*t));
    t->ncols = ncols;
}

static void table_release(table *t)
{
    free(t->buf);
    free(t->cells);
}

static void table_addn(table *t, const char *s, size_t n)
{
    while (t->len + n + 1 > t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4096;
        t->buf = xrealloc(t->buf, t->cap, 1);
    }
    if (t->ncells >= t->capcells) {
        t->capcells = t->capcells ? 2 * t->capcells : 256;
        t->cells = xrealloc(t->cells, t->capcells, sizeof(size_t));
    }
    t->cells[t->ncells++] = t->len;
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len++] = '\0';
}

static void table_add(table *t, const char *s)
{
    table_addn(t, s, strlen(s));
}

static void table_addf(table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void table_addf(table *t, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        fputs("gencycle: cell too long\n", stderr);
        exit(1);
    }
    table_addn(t, tmp, (size_t)n);
}

static void table_header(table *t, const char *const *names)
{
    for (int c = 0; c < t->ncols; c++)
        table_add(t, names[c]);
}

static size_t table_rows(const table *t)
{
    return t->ncols ? t->ncells / (size_t)t->ncols : 0;
}

static const char *table_cell(const table *t, size_t row, int col)
{
    return t->buf + t->cells[row * (size_t)t->ncols + (size_t)col];
}

/* ---- writing tables ---- */

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void gencycle_style_init(gencycle_style *s)
{
    memset(s, 0, sizeof(*s));
}

/* Whether s is digits, a point, digits (a decimal as written here). */
static int decimal_text(const char *s)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == s || *p != '.' || !p[1])
        return 0;
    for (p++; *p >= '0' && *p <= '9'; p++)
        ;
    return *p == '\0';
}

/* Whether s is digits only. */
static int whole_text(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* Whether a column of this name holds whole numbers. */
static int whole_column(const char *name)
{
    static const char *const names[] = {"capacity", "min", "max", "min_year", "year", "rank"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

/* Field s of a column named colname (NULL: a header cell) in style st. */
static void put_styled(FILE *f, const char *s, const char *colname, const gencycle_style *st)
{
    char buf[256];
    int delim = st->tab ? '\t' : st->semicolon ? ';' : ',';
    int quote;
    if (st->spreadsheet && !colname && strlen(s) + 3 < sizeof(buf)) {
        snprintf(buf, sizeof(buf), " %c%s ", s[0] >= 'a' && s[0] <= 'z' ? s[0] - 32 : s[0],
                 s + 1);
        s = buf;
    } else if (st->spreadsheet && colname && whole_column(colname) && whole_text(s) &&
               strlen(s) + 3 < sizeof(buf)) {
        snprintf(buf, sizeof(buf), "%s%s0", s, st->semicolon ? "," : ".");
        s = buf;
    } else if (st->semicolon && colname && decimal_text(s) && strlen(s) < sizeof(buf)) {
        snprintf(buf, sizeof(buf), "%s", s);
        *strchr(buf, '.') = ',';
        s = buf;
    }
    quote = st->quote_all || strchr(s, delim) || strpbrk(s, "\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* A random permutation of 0..n-1 from seed; never the identity when n > 1,
 * so a variant always differs from the original. */
static size_t *permutation(size_t n, uint64_t seed)
{
    size_t *p = xcalloc(n + 1, sizeof(size_t));
    gencycle_rng r;
    int identity = 1;
    gencycle_rng_init(&r, seed);
    for (size_t i = 0; i < n; i++)
        p[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(gencycle_rng_next(&r) % i), t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        identity &= p[i] == i;
    if (identity && n > 1) {
        p[0] = 1;
        p[1] = 0;
    }
    return p;
}

static int table_write(const table *t, const char *path, const gencycle_style *st, uint64_t salt,
                       char *err, size_t errlen)
{
    size_t nrows = table_rows(t), ndata = nrows ? nrows - 1 : 0, *rows = NULL, *cols = NULL;
    const char *eol = st->crlf ? "\r\n" : "\n";
    FILE *f = fopen(path, "wb");
    int rc = 0;
    if (!f) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (st->shuffle_rows)
        rows = permutation(ndata, st->shuffle_rows ^ (salt * 0xD1B54A32D192ED03ULL));
    if (st->shuffle_cols)
        cols = permutation((size_t)t->ncols, st->shuffle_cols ^ (salt * 0xD1B54A32D192ED03ULL));
    if (st->bom)
        fputs("\xEF\xBB\xBF", f);
    for (size_t i = 0; i < nrows; i++) {
        size_t row = i == 0 ? 0 : 1 + (rows ? rows[i - 1] : i - 1);
        for (int c = 0; c < t->ncols; c++) {
            int col = cols ? (int)cols[c] : c;
            if (c)
                fputc(st->tab ? '\t' : st->semicolon ? ';' : ',', f);
            put_styled(f, table_cell(t, row, col), row == 0 ? NULL : table_cell(t, 0, col), st);
        }
        if (st->spreadsheet)
            fputc(st->tab ? '\t' : st->semicolon ? ';' : ',', f); /* a stray empty last column */
        fputs(eol, f);
    }
    if (ferror(f)) {
        set_err(err, errlen, "%s: write error", path);
        rc = -1;
    }
    if (fclose(f) != 0 && rc == 0) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        rc = -1;
    }
    free(rows);
    free(cols);
    return rc;
}

#define NFILES 9
static const char *const file_names[NFILES] = {
    "programs.csv", "labs.csv",   "supervisors.csv", "students.csv", "preferences.csv",
    "rankings.csv", "quotas.csv", "overrides.csv",   "lottery.csv"};

/* Creates dir and its missing parents, like mkdir -p. */
static int make_dir(const char *dir, char *err, size_t errlen)
{
    char path[4096];
    size_t n = strlen(dir);
    if (n >= sizeof(path)) {
        set_err(err, errlen, "%s: path too long", dir);
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (size_t i = 1; i < n; i++) {
        if (path[i] != '/')
            continue;
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            set_err(err, errlen, "%s: %s", path, strerror(errno));
            return -1;
        }
        path[i] = '/';
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        set_err(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    return 0;
}

static int file_path(char *out, size_t len, const char *dir, const char *name, char *err,
                     size_t errlen)
{
    int n = snprintf(out, len, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= len) {
        set_err(err, errlen, "%s: path too long", dir);
        return -1;
    }
    return 0;
}

/* Writes table t as file number k of dir, or removes that file when t is
 * NULL. */
static int put_file(const char *dir, int k, const table *t, const gencycle_style *st, char *err,
                    size_t errlen)
{
    char path[4096];
    if (file_path(path, sizeof(path), dir, file_names[k], err, errlen) != 0)
        return -1;
    if (t)
        return table_write(t, path, st, (uint64_t)k + 1, err, errlen);
    if (unlink(path) != 0 && errno != ENOENT) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- a gencycle as tables ---- */

static void add_capacity(table *t, int v)
{
    if (v < 0)
        table_add(t, "");
    else
        table_addf(t, "%d", v);
}

static void add_gpa(table *t, int v)
{
    if (v < 0)
        table_add(t, "");
    else
        table_addf(t, "%d.%02d", v / 100, v % 100);
}

static void add_tags(table *t, unsigned tags)
{
    char tmp[128];
    size_t n = 0;
    for (int k = 0; k < GENCYCLE_NTAGS; k++) {
        size_t len = strlen(gencycle_tag_names[k]);
        if (!(tags & (1u << k)))
            continue;
        if (n)
            tmp[n++] = ';';
        memcpy(tmp + n, gencycle_tag_names[k], len);
        n += len;
    }
    table_addn(t, tmp, n);
}

/* The rules every node file shares: capacity, min, min_year, min_gpa,
 * requires. */
static void add_rules(table *t, const gencycle_node *n)
{
    add_capacity(t, n->capacity);
    if (n->min)
        table_addf(t, "%d", n->min);
    else
        table_add(t, "");
    add_capacity(t, n->min_year);
    add_gpa(t, n->min_gpa);
    add_tags(t, n->requires);
}

static void build_tables(const gencycle *g, table t[NFILES])
{
    static const char *const h_prog[] = {"id",       "name",    "capacity", "min",
                                         "min_year", "min_gpa", "requires"};
    static const char *const h_lab[] = {"id",      "program",  "name", "institution",
                                        "country", "capacity", "min",  "min_year",
                                        "min_gpa", "requires"};
    static const char *const h_sup[] = {"id",  "lab",      "name",    "capacity",
                                        "min", "min_year", "min_gpa", "requires"};
    static const char *const h_stu[] = {"id", "name", "home", "year", "gpa", "tags", "score"};
    static const char *const h_pref[] = {"student", "rank", "choice"};
    static const char *const h_rank[] = {"ranker", "student", "rank"};
    static const char *const h_quota[] = {"scope", "field", "value", "min", "max"};
    static const char *const h_over[] = {"student", "node", "action"};
    static const char *const h_lot[] = {"student", "number"};
    static const char *const fields[3] = {"home", "year", "tag"};
    table_init(&t[0], 7);
    table_header(&t[0], h_prog);
    table_init(&t[1], 10);
    table_header(&t[1], h_lab);
    table_init(&t[2], 8);
    table_header(&t[2], h_sup);
    for (int v = 0; v < g->nnodes; v++) {
        const gencycle_node *n = &g->nodes[v];
        table *x = &t[n->level];
        table_add(x, n->id);
        if (n->level != GENCYCLE_PROGRAM)
            table_add(x, g->nodes[n->parent].id);
        table_add(x, n->name);
        if (n->level == GENCYCLE_LAB) {
            table_addf(x, "Institute %d, \"Bio\"", v % 7);
            table_add(x, v % 2 ? "CH" : "Côte d'Ivoire");
        }
        add_rules(x, n);
    }
    table_init(&t[3], 7);
    table_header(&t[3], h_stu);
    for (int s = 0; s < g->nstudents; s++) {
        const gencycle_student *st = &g->students[s];
        table_add(&t[3], st->id);
        table_add(&t[3], st->name);
        table_add(&t[3], st->home >= 0 ? gencycle_home_names[st->home] : "");
        add_capacity(&t[3], st->year);
        add_gpa(&t[3], st->gpa);
        add_tags(&t[3], st->tags);
        if (st->score < 0)
            table_add(&t[3], "");
        else
            table_addf(&t[3], "%d.%d", st->score / 10, st->score % 10);
    }
    table_init(&t[4], 3);
    table_header(&t[4], h_pref);
    for (int i = 0; i < g->nprefs; i++) {
        table_add(&t[4], g->students[g->prefs[i].student].id);
        table_addf(&t[4], "%d", g->prefs[i].rank);
        table_add(&t[4], g->nodes[g->prefs[i].node].id);
    }
    table_init(&t[5], 3);
    table_header(&t[5], h_rank);
    for (int i = 0; i < g->nranks; i++) {
        table_add(&t[5], g->nodes[g->ranks[i].ranker].id);
        table_add(&t[5], g->students[g->ranks[i].student].id);
        table_addf(&t[5], "%d", g->ranks[i].rank);
    }
    table_init(&t[6], 5);
    table_header(&t[6], h_quota);
    for (int i = 0; i < g->nquotas; i++) {
        const gencycle_quota *q = &g->quotas[i];
        table_add(&t[6], q->scope >= 0 ? g->nodes[q->scope].id : "");
        table_add(&t[6], fields[q->field]);
        if (q->value == GENCYCLE_ANY)
            table_add(&t[6], "*");
        else if (q->field == GENCYCLE_HOME)
            table_add(&t[6], gencycle_home_names[q->value]);
        else if (q->field == GENCYCLE_YEAR)
            table_addf(&t[6], "%d", q->value);
        else
            table_add(&t[6], gencycle_tag_names[q->value]);
        table_addf(&t[6], "%d", q->min);
        add_capacity(&t[6], q->max);
    }
    table_init(&t[7], 3);
    table_header(&t[7], h_over);
    for (int i = 0; i < g->noverrides; i++) {
        table_add(&t[7], g->students[g->overrides[i].student].id);
        table_add(&t[7], g->nodes[g->overrides[i].node].id);
        table_add(&t[7], g->overrides[i].action == GENCYCLE_FIX ? "fix" : "forbid");
    }
    table_init(&t[8], 2);
    table_header(&t[8], h_lot);
    for (int s = 0; s < g->nstudents; s++) {
        if (g->students[s].lottery <= 0)
            continue;
        table_add(&t[8], g->students[s].id);
        table_addf(&t[8], "%d", g->students[s].lottery);
    }
}

int gencycle_write(const gencycle *g, const char *dir, const gencycle_style *style, char *err,
                   size_t errlen)
{
    table t[NFILES];
    int rc = 0;
    if (make_dir(dir, err, errlen) != 0)
        return -1;
    build_tables(g, t);
    for (int k = 0; k < NFILES && rc == 0; k++) {
        /* optional files only when the cycle has rows for them */
        int skip = k >= 5 && table_rows(&t[k]) <= 1;
        rc = put_file(dir, k, skip ? NULL : &t[k], style, err, errlen);
    }
    for (int k = 0; k < NFILES; k++)
        table_release(&t[k]);
    return rc;
}

/* ---- reading a folder back with libcsv ---- */

typedef struct reader {
    table *t;
    int fields; /* fields in the current row */
    int header; /* the header row has been read */
    int ragged; /* a row had another field count than the header */
} reader;

static void on_field(void *s, size_t len, void *data)
{
    reader *rd = data;
    table_addn(rd->t, s ? s : "", s ? len : 0);
    rd->fields++;
}

static void on_row(int c, void *data)
{
    reader *rd = data;
    (void)c;
    if (!rd->header) {
        rd->t->ncols = rd->fields;
        rd->header = 1;
    } else if (rd->fields != rd->t->ncols) {
        rd->ragged = 1;
    }
    rd->fields = 0;
}

static int read_table(const char *path, table *t, char *err, size_t errlen)
{
    struct csv_parser p;
    reader rd;
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;
    int first = 1, rc = 0;
    if (!f) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    table_init(t, 0);
    memset(&rd, 0, sizeof(rd));
    rd.t = t;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(f);
        set_err(err, errlen, "%s: cannot start libcsv", path);
        return -1;
    }
    while (rc == 0 && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
        const char *s = buf;
        if (first && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        first = 0;
        if (csv_parse(&p, s, n, on_field, on_row, &rd) != n) {
            set_err(err, errlen, "%s: %s", path, csv_strerror(csv_error(&p)));
            rc = -1;
        }
    }
    if (rc == 0 && ferror(f)) {
        set_err(err, errlen, "%s: read error", path);
        rc = -1;
    }
    if (rc == 0 && csv_fini(&p, on_field, on_row, &rd) != 0) {
        set_err(err, errlen, "%s: %s", path, csv_strerror(csv_error(&p)));
        rc = -1;
    }
    csv_free(&p);
    fclose(f);
    if (rc == 0 && rd.ragged) {
        set_err(err, errlen, "%s: rows with another field count than the header", path);
        rc = -1;
    }
    if (rc != 0)
        table_release(t);
    return rc;
}

int gencycle_rewrite(const char *src, const char *dst, const gencycle_style *style, char *err,
                     size_t errlen)
{
    if (make_dir(dst, err, errlen) != 0)
        return -1;
    for (int k = 0; k < NFILES; k++) {
        char path[4096];
        table t;
        int rc;
        if (file_path(path, sizeof(path), src, file_names[k], err, errlen) != 0)
            return -1;
        if (access(path, F_OK) != 0) {
            if (put_file(dst, k, NULL, style, err, errlen) != 0)
                return -1;
            continue;
        }
        if (read_table(path, &t, err, errlen) != 0)
            return -1;
        rc = put_file(dst, k, &t, style, err, errlen);
        table_release(&t);
        if (rc != 0)
            return -1;
    }
    return 0;
}
