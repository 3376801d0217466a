/* test_stable.c - stability (SPEC §4) checked against independent oracles:
 * student-proposing deferred acceptance (DA) on random cycles with strict
 * priorities, in three shapes (hospitals/residents, SPA-S with inherited lab
 * rankings, common score with nested capacities), and exhaustive search of
 * the stable optimum on tiny cycles with ties, minimums, fixes and nested
 * capacities whose priorities differ. Everything here - the generator, the
 * PRNG, admissibility, priorities, blocking pairs - is written again from
 * the SPEC; no solver function is called (the Makefile links the solver
 * objects into every test, this one uses none). The engine runs as a
 * process.
 *
 * Environment: STABLE_SEEDS (default 500) cycles per family, STABLE_FIRST
 * (default 1) first seed, PLACEMENT_BIN (default ./placement) the engine,
 * STABLE_VERBOSE set: one line per cycle. A failing cycle is kept in
 * /tmp/stable-fail-FAMILY-SEED-* (the first MAXKEEP of a run). */
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "testkit.h"

#define MAXS 40    /* students */
#define MAXN 64    /* nodes */
#define MAXP 8     /* choices a student lists */
#define MAXKEEP 10 /* failing cycles kept in /tmp in one run */
#define TINY_S 5   /* brute force: students */
#define TINY_L 5   /* brute force: leaves */

enum family { FAM_HR, FAM_SPA, FAM_SD, FAM_TIES, NFAM };
static const char *const fam_names[NFAM] = {"hr", "spa", "sd", "ties"};

/* ---- the random source: xorshift64*, seeded through splitmix64 ---- */

typedef struct rng {
    unsigned long long s;
} rng;

static void rng_seed(rng *r, unsigned long long seed)
{
    unsigned long long z = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    r->s = (z ^ (z >> 31)) | 1;
}

static unsigned long long rng_next(rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}

/* uniform in [lo, hi] */
static int rnd(rng *r, int lo, int hi)
{
    return lo + (int)(rng_next(r) % (unsigned long long)(hi - lo + 1));
}

static int chance(rng *r, int percent)
{
    return rnd(r, 0, 99) < percent;
}

static void shuffle(rng *r, int *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = rnd(r, 0, i), t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

/* ---- the instance ---- */

typedef struct node {
    char id[16];
    int level;  /* 0 program, 1 lab, 2 supervisor */
    int parent; /* -1 for a program; always a lower index */
    int nchildren;
    int capacity; /* -1: no limit */
    int min;
    int min_year;   /* -1: none */
    int ranked;     /* has a ranking in rankings.csv */
    int rank[MAXS]; /* 0: not on it */
} node;

typedef struct student {
    char id[16];
    int year;
    int score; /* -1: empty */
    int npref;
    int choice[MAXP]; /* node ids (any level) */
    int crank[MAXP];
    int fix; /* node or -1 */
} student;

typedef struct inst {
    int nn, ns;
    int score_col; /* students.csv has a score column */
    node nodes[MAXN];
    student st[MAXS];
} inst;

static int add_node(inst *g, int level, int parent, const char *prefix)
{
    node *n;
    int v = g->nn++;
    if (v >= MAXN) {
        fputs("test_stable: too many nodes\n", stderr);
        exit(1);
    }
    n = &g->nodes[v];
    memset(n, 0, sizeof(*n));
    n->level = level;
    n->parent = parent;
    n->capacity = -1;
    n->min_year = -1;
    if (parent >= 0)
        g->nodes[parent].nchildren++;
    snprintf(n->id, sizeof(n->id), "%s%d", prefix, v + 1);
    return v;
}

static void add_students(inst *g, int n)
{
    g->ns = n;
    for (int s = 0; s < n; s++) {
        memset(&g->st[s], 0, sizeof(g->st[s]));
        snprintf(g->st[s].id, sizeof(g->st[s].id), "s%02d", s + 1);
        g->st[s].fix = -1;
        g->st[s].score = -1;
    }
}

static int within(const inst *g, int anc, int v)
{
    for (; v >= 0; v = g->nodes[v].parent)
        if (v == anc)
            return 1;
    return 0;
}

static int is_leaf(const inst *g, int v)
{
    return g->nodes[v].nchildren == 0;
}

static int worst_rank(const inst *g)
{
    int R = 0;
    for (int s = 0; s < g->ns; s++)
        for (int k = 0; k < g->st[s].npref; k++)
            if (g->st[s].crank[k] > R)
                R = g->st[s].crank[k];
    return R;
}

/* s's rank for leaf: the best over the leaf and its ancestors, 0 if none */
static int pref_rank(const inst *g, int s, int leaf)
{
    int best = 0;
    for (int k = 0; k < g->st[s].npref; k++)
        if (within(g, g->st[s].choice[k], leaf) && (!best || g->st[s].crank[k] < best))
            best = g->st[s].crank[k];
    return best;
}

/* SPEC §3: the rank at which (s, leaf) is admissible (R+1 when unranked
 * through a fix), 0 when it is not */
static int adm_rank(const inst *g, int s, int leaf)
{
    const student *st = &g->st[s];
    int r;
    if (leaf < 0 || !is_leaf(g, leaf))
        return 0;
    r = pref_rank(g, s, leaf);
    if (st->fix >= 0)
        return within(g, st->fix, leaf) ? (r ? r : worst_rank(g) + 1) : 0;
    if (!r)
        return 0;
    for (int v = leaf; v >= 0; v = g->nodes[v].parent) {
        const node *n = &g->nodes[v];
        if (n->min_year >= 0 && st->year < n->min_year)
            return 0;
        if (n->ranked && !n->rank[s])
            return 0;
    }
    return r;
}

/* SPEC §4: s's priority at node v, higher is better: the nearest ranking
 * (v's own or an ancestor's; off the list ranks last), else the score
 * (empty ranks last), else all equal */
static long prio(const inst *g, int v, int s)
{
    for (int u = v; u >= 0; u = g->nodes[u].parent)
        if (g->nodes[u].ranked)
            return g->nodes[u].rank[s] ? 1000000L - g->nodes[u].rank[s] : 0;
    if (g->score_col && g->st[s].score >= 0)
        return 1L + g->st[s].score;
    return 0;
}

static void node_counts(const inst *g, const int *asg, int *cnt)
{
    memset(cnt, 0, sizeof(int) * (size_t)g->nn);
    for (int s = 0; s < g->ns; s++)
        for (int v = asg[s]; v >= 0; v = g->nodes[v].parent)
            cnt[v]++;
}

/* SPEC §4: whether (s, t) blocks asg; cnt from node_counts */
static int blocks(const inst *g, const int *asg, const int *cnt, int s, int t)
{
    int r, cur = asg[s];
    if (g->st[s].fix >= 0 || !(r = adm_rank(g, s, t)))
        return 0;
    if (cur >= 0) {
        int rc = pref_rank(g, s, cur);
        if (!rc)
            rc = worst_rank(g) + 1;
        if (r >= rc)
            return 0;
    }
    for (int v = t; v >= 0; v = g->nodes[v].parent) {
        const node *n = &g->nodes[v];
        int lower = 0;
        if (cur >= 0 && within(g, v, cur))
            continue;
        if (n->capacity < 0 || cnt[v] < n->capacity)
            continue;
        for (int o = 0; o < g->ns && !lower; o++)
            lower = o != s && asg[o] >= 0 && within(g, v, asg[o]) && g->st[o].fix < 0 &&
                    prio(g, v, s) > prio(g, v, o);
        if (!lower)
            return 0;
    }
    return 1;
}

/* Number of blocking pairs; with pairs, marks pairs[s * MAXN + t]. */
static int count_blocking(const inst *g, const int *asg, unsigned char *pairs)
{
    int cnt[MAXN], n = 0;
    node_counts(g, asg, cnt);
    if (pairs)
        memset(pairs, 0, (size_t)MAXS * MAXN);
    for (int s = 0; s < g->ns; s++)
        for (int t = 0; t < g->nn; t++)
            if (is_leaf(g, t) && blocks(g, asg, cnt, s, t)) {
                n++;
                if (pairs)
                    pairs[s * MAXN + t] = 1;
            }
    return n;
}

/* SPEC §3 without quotas: admissible, fixes held, capacities and mins */
static int feasible(const inst *g, const int *asg)
{
    int cnt[MAXN];
    for (int s = 0; s < g->ns; s++) {
        if (asg[s] < 0 ? g->st[s].fix >= 0 : !adm_rank(g, s, asg[s]))
            return 0;
    }
    node_counts(g, asg, cnt);
    for (int v = 0; v < g->nn; v++)
        if ((g->nodes[v].capacity >= 0 && cnt[v] > g->nodes[v].capacity) ||
            cnt[v] < g->nodes[v].min)
            return 0;
    return 1;
}

static void profile_of(const inst *g, const int *asg, int *placed, long *sum)
{
    *placed = 0;
    *sum = 0;
    for (int s = 0; s < g->ns; s++)
        if (asg[s] >= 0) {
            int r = pref_rank(g, s, asg[s]);
            ++*placed;
            *sum += r ? r : worst_rank(g) + 1;
        }
}

/* ---- the oracles for strict priorities ---- */

/* Student-proposing deferred acceptance: a student proposes to her next
 * admissible leaf; the leaf and every capacitated node on its path accept
 * her and, while over capacity, reject their lowest-priority holder. With
 * one strict priority per capacitated subtree this gives the student-
 * optimal stable matching. Returns -1 when two holders tie (a test bug). */
static int deferred_acceptance(const inst *g, int *asg)
{
    int next[MAXS] = {0}, cnt[MAXN];
    for (int s = 0; s < g->ns; s++)
        asg[s] = -1;
    for (;;) {
        int s = -1, t;
        for (int i = 0; i < g->ns && s < 0; i++)
            if (asg[i] < 0 && next[i] < g->st[i].npref)
                s = i;
        if (s < 0)
            return 0;
        t = g->st[s].choice[next[s]++];
        if (!adm_rank(g, s, t))
            continue;
        asg[s] = t;
        for (int v = t; v >= 0; v = g->nodes[v].parent) {
            if (g->nodes[v].capacity < 0)
                continue;
            for (;;) {
                int worst = -1, tie = 0;
                node_counts(g, asg, cnt);
                if (cnt[v] <= g->nodes[v].capacity)
                    break;
                for (int o = 0; o < g->ns; o++) {
                    if (asg[o] < 0 || !within(g, v, asg[o]))
                        continue;
                    if (worst < 0 || prio(g, v, o) < prio(g, v, worst)) {
                        worst = o;
                        tie = 0;
                    } else if (prio(g, v, o) == prio(g, v, worst)) {
                        tie = 1;
                    }
                }
                if (tie)
                    return -1;
                asg[worst] = -1;
            }
        }
    }
}

/* Serial dictatorship by score: in score order each student takes her best
 * admissible leaf with a free seat at every node of its path. */
static void serial_dictatorship(const inst *g, int *asg)
{
    int order[MAXS], cnt[MAXN];
    for (int s = 0; s < g->ns; s++) {
        order[s] = s;
        asg[s] = -1;
    }
    for (int i = 1; i < g->ns; i++)
        for (int j = i; j > 0 && g->st[order[j]].score > g->st[order[j - 1]].score; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (int i = 0; i < g->ns; i++) {
        int s = order[i];
        node_counts(g, asg, cnt);
        for (int k = 0; k < g->st[s].npref && asg[s] < 0; k++) {
            int t = g->st[s].choice[k], free_path = 1;
            if (!adm_rank(g, s, t))
                continue;
            for (int v = t; v >= 0; v = g->nodes[v].parent)
                if (g->nodes[v].capacity >= 0 && cnt[v] >= g->nodes[v].capacity)
                    free_path = 0;
            if (free_path)
                asg[s] = t;
        }
    }
}

/* ---- the generators ---- */

static int collect_leaves(const inst *g, int *leaves)
{
    int n = 0;
    for (int v = 0; v < g->nn; v++)
        if (is_leaf(g, v))
            leaves[n++] = v;
    return n;
}

/* strict preferences: k distinct leaves at ranks 1..k */
static void strict_prefs(rng *r, inst *g, int maxk)
{
    int leaves[MAXN], nl = collect_leaves(g, leaves);
    for (int s = 0; s < g->ns; s++) {
        int k = rnd(r, chance(r, 5) ? 0 : 1, nl < maxk ? nl : maxk);
        shuffle(r, leaves, nl);
        g->st[s].npref = k;
        for (int i = 0; i < k; i++) {
            g->st[s].choice[i] = leaves[i];
            g->st[s].crank[i] = i + 1;
        }
    }
}

/* distinct scores 10..; years 1..6 */
static void distinct_scores(rng *r, inst *g)
{
    int perm[MAXS];
    for (int s = 0; s < g->ns; s++)
        perm[s] = s;
    shuffle(r, perm, g->ns);
    g->score_col = 1;
    for (int s = 0; s < g->ns; s++) {
        g->st[s].score = 10 + 3 * perm[s];
        g->st[s].year = rnd(r, 1, 6);
    }
}

/* a strict ranking of a random subset (each student with p percent) */
static void strict_ranking(rng *r, inst *g, int v, int p)
{
    int perm[MAXS], k = 0;
    for (int s = 0; s < g->ns; s++)
        perm[s] = s;
    shuffle(r, perm, g->ns);
    g->nodes[v].ranked = 1;
    memset(g->nodes[v].rank, 0, sizeof(g->nodes[v].rank));
    for (int i = 0; i < g->ns; i++)
        if (chance(r, p))
            g->nodes[v].rank[perm[i]] = ++k;
    g->nodes[v].ranked = k > 0; /* an empty ranking cannot be written */
}

static void maybe_min_year(rng *r, node *n, int percent)
{
    if (chance(r, percent))
        n->min_year = rnd(r, 2, 4);
}

/* (a) hospitals/residents: programs only */
static void gen_hr(rng *r, inst *g)
{
    int np = rnd(r, 2, 6);
    memset(g, 0, sizeof(*g));
    add_students(g, rnd(r, 3, 30));
    distinct_scores(r, g);
    for (int i = 0; i < np; i++) {
        int v = add_node(g, 0, -1, "p");
        g->nodes[v].capacity = chance(r, 10) ? -1 : rnd(r, 0, 4);
        maybe_min_year(r, &g->nodes[v], 15);
        if (chance(r, 45))
            strict_ranking(r, g, v, 85);
    }
    strict_prefs(r, g, 5);
}

/* (b) SPA-S: programs -> labs -> supervisors; a capacitated subtree has
 * one ranking at its top (a lab's, or the program's when that program has
 * a capacity), which the nodes below inherit */
static void gen_spa(rng *r, inst *g)
{
    int np = rnd(r, 1, 3);
    memset(g, 0, sizeof(*g));
    add_students(g, rnd(r, 3, 30));
    distinct_scores(r, g);
    for (int i = 0; i < np; i++) {
        int p = add_node(g, 0, -1, "p"), nl = rnd(r, 1, 3), prog_ranked = chance(r, 30);
        if (prog_ranked) {
            g->nodes[p].capacity = rnd(r, 1, 8);
            strict_ranking(r, g, p, 85);
        }
        for (int j = 0; j < nl; j++) {
            int l = add_node(g, 1, p, "l"), nsup = chance(r, 15) ? 0 : rnd(r, 1, 3);
            g->nodes[l].capacity = chance(r, 10) ? -1 : rnd(r, 1, 5);
            maybe_min_year(r, &g->nodes[l], 10);
            if (!prog_ranked)
                strict_ranking(r, g, l, 85);
            for (int k = 0; k < nsup; k++) {
                int v = add_node(g, 2, l, "v");
                g->nodes[v].capacity = rnd(r, 0, 3);
            }
        }
    }
    strict_prefs(r, g, 6);
}

/* (c) a common score with capacities at every level */
static void gen_sd(rng *r, inst *g)
{
    int np = rnd(r, 1, 3);
    memset(g, 0, sizeof(*g));
    add_students(g, rnd(r, 3, 30));
    distinct_scores(r, g);
    for (int i = 0; i < np; i++) {
        int p = add_node(g, 0, -1, "p"), nl = chance(r, 15) ? 0 : rnd(r, 1, 3);
        g->nodes[p].capacity = chance(r, 20) ? -1 : rnd(r, 1, 10);
        maybe_min_year(r, &g->nodes[p], 10);
        for (int j = 0; j < nl; j++) {
            int l = add_node(g, 1, p, "l"), nsup = chance(r, 20) ? 0 : rnd(r, 1, 3);
            g->nodes[l].capacity = chance(r, 20) ? -1 : rnd(r, 1, 5);
            maybe_min_year(r, &g->nodes[l], 10);
            for (int k = 0; k < nsup; k++) {
                int v = add_node(g, 2, l, "v");
                g->nodes[v].capacity = chance(r, 10) ? -1 : rnd(r, 0, 3);
            }
        }
    }
    strict_prefs(r, g, 6);
}

/* a ranking with ties (ranks 1..3) of a random subset */
static void tied_ranking(rng *r, inst *g, int v)
{
    g->nodes[v].ranked = 1;
    memset(g->nodes[v].rank, 0, sizeof(g->nodes[v].rank));
    g->nodes[v].ranked = 0; /* an empty ranking cannot be written */
    for (int s = 0; s < g->ns; s++)
        if (chance(r, 80))
            g->nodes[v].ranked = g->nodes[v].rank[s] = rnd(r, 1, 3);
}

static void tiny_node(rng *r, inst *g, int v)
{
    node *n = &g->nodes[v];
    n->capacity = chance(r, 20) ? -1 : chance(r, 8) ? 0 : rnd(r, 1, 2);
    if (chance(r, 8))
        n->min = n->capacity < 0 ? 1 : rnd(r, 0, n->capacity);
    maybe_min_year(r, n, 10);
    if (chance(r, 30))
        tied_ranking(r, g, v);
}

/* (2) tiny cycles with ties: scores from a few values, tied rankings at any
 * level (so lab and supervisor may judge differently), tied student ranks,
 * choices of inner nodes, minimums, a fix now and then */
static void gen_ties(rng *r, inst *g)
{
    int nodes[MAXN], nall;
    memset(g, 0, sizeof(*g));
    add_students(g, rnd(r, chance(r, 10) ? 1 : 3, TINY_S));
    g->score_col = !chance(r, 10);
    for (int s = 0; s < g->ns; s++) {
        g->st[s].score = chance(r, 15) ? -1 : rnd(r, 1, 3);
        g->st[s].year = rnd(r, 1, 6);
    }
    if (chance(r, 40)) {
        int np = rnd(r, 1, TINY_L);
        for (int i = 0; i < np; i++)
            tiny_node(r, g, add_node(g, 0, -1, "p"));
    } else {
        /* a lab level; drawn again until it has at most TINY_L leaves */
        int leaves[MAXN];
        do {
            int np = rnd(r, 1, 2);
            g->nn = 0;
            for (int i = 0; i < np; i++) {
                int p = add_node(g, 0, -1, "p"), nl = rnd(r, 1, 2);
                tiny_node(r, g, p);
                for (int j = 0; j < nl; j++) {
                    int l = add_node(g, 1, p, "l"), nsup = rnd(r, 0, 3);
                    tiny_node(r, g, l);
                    for (int k = 0; k < nsup; k++)
                        tiny_node(r, g, add_node(g, 2, l, "v"));
                }
            }
        } while (collect_leaves(g, leaves) > TINY_L);
    }
    nall = g->nn;
    for (int v = 0; v < nall; v++)
        nodes[v] = v;
    for (int s = 0; s < g->ns; s++) {
        int k = rnd(r, chance(r, 5) ? 0 : 1, nall < 4 ? nall : 4), rank = 0;
        shuffle(r, nodes, nall);
        g->st[s].npref = k;
        for (int i = 0; i < k; i++) {
            rank += i == 0 || !chance(r, 20) ? rnd(r, 1, 2) : 0;
            g->st[s].choice[i] = nodes[i];
            g->st[s].crank[i] = rank;
        }
    }
    if (chance(r, 20))
        g->st[rnd(r, 0, g->ns - 1)].fix = rnd(r, 0, g->nn - 1);
}

/* ---- writing a cycle folder (SPEC §2) ---- */

static FILE *open_in(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "test_stable: cannot write '%s': %s\n", path, strerror(errno));
        exit(1);
    }
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) | fclose(f)) {
        fputs("test_stable: write error\n", stderr);
        exit(1);
    }
}

/* a field that needs quoting, through libcsv */
static void quoted(FILE *f, const char *text)
{
    if (csv_fwrite(f, text, strlen(text)) != 0) {
        fputs("test_stable: csv_fwrite failed\n", stderr);
        exit(1);
    }
}

static void opt_int(FILE *f, int v)
{
    if (v >= 0)
        fprintf(f, "%d", v);
}

static void write_cycle(const inst *g, const char *dir)
{
    FILE *f;
    int has_level[3] = {0}, any_rank = 0, any_fix = 0;
    char name[64];
    for (int v = 0; v < g->nn; v++) {
        has_level[g->nodes[v].level] = 1;
        any_rank |= g->nodes[v].ranked;
    }
    f = open_in(dir, "programs.csv");
    fputs("id,name,capacity,min,min_year\n", f);
    for (int v = 0; v < g->nn; v++) {
        const node *n = &g->nodes[v];
        if (n->level != 0)
            continue;
        snprintf(name, sizeof(name), "Program %d, \"%s\"", v + 1, n->id);
        fprintf(f, "%s,", n->id);
        quoted(f, name);
        fputc(',', f);
        opt_int(f, n->capacity);
        fprintf(f, ",%d,", n->min);
        opt_int(f, n->min_year);
        fputc('\n', f);
    }
    close_out(f);
    for (int level = 1; level <= 2; level++) {
        if (!has_level[level])
            continue;
        f = open_in(dir, level == 1 ? "labs.csv" : "supervisors.csv");
        fprintf(f, "id,%s,name,capacity,min,min_year\n", level == 1 ? "program" : "lab");
        for (int v = 0; v < g->nn; v++) {
            const node *n = &g->nodes[v];
            if (n->level != level)
                continue;
            fprintf(f, "%s,%s,%s %s,", n->id, g->nodes[n->parent].id, level == 1 ? "Lab" : "Dr.",
                    n->id);
            opt_int(f, n->capacity);
            fprintf(f, ",%d,", n->min);
            opt_int(f, n->min_year);
            fputc('\n', f);
        }
        close_out(f);
    }
    f = open_in(dir, "students.csv");
    fprintf(f, "id,name,year%s\n", g->score_col ? ",score" : "");
    for (int s = 0; s < g->ns; s++) {
        const student *st = &g->st[s];
        snprintf(name, sizeof(name), "Doe, Jane \"%s\"", st->id);
        fprintf(f, "%s,", st->id);
        quoted(f, name);
        fprintf(f, ",%d", st->year);
        if (g->score_col) {
            fputc(',', f);
            opt_int(f, st->score);
        }
        fputc('\n', f);
        any_fix |= st->fix >= 0;
    }
    close_out(f);
    f = open_in(dir, "preferences.csv");
    fputs("student,rank,choice\n", f);
    for (int s = 0; s < g->ns; s++)
        for (int k = 0; k < g->st[s].npref; k++)
            fprintf(f, "%s,%d,%s\n", g->st[s].id, g->st[s].crank[k],
                    g->nodes[g->st[s].choice[k]].id);
    close_out(f);
    if (any_rank) {
        f = open_in(dir, "rankings.csv");
        fputs("ranker,student,rank\n", f);
        for (int v = 0; v < g->nn; v++)
            for (int s = 0; g->nodes[v].ranked && s < g->ns; s++)
                if (g->nodes[v].rank[s])
                    fprintf(f, "%s,%s,%d\n", g->nodes[v].id, g->st[s].id, g->nodes[v].rank[s]);
        close_out(f);
    }
    if (any_fix) {
        f = open_in(dir, "overrides.csv");
        fputs("student,node,action\n", f);
        for (int s = 0; s < g->ns; s++)
            if (g->st[s].fix >= 0)
                fprintf(f, "%s,%s,fix\n", g->st[s].id, g->nodes[g->st[s].fix].id);
        close_out(f);
    }
}

/* ---- reading results back with libcsv ---- */

static int column(const testkit_table *t, const char *name)
{
    for (int j = 0; t->nrows > 0 && j < t->nfields[0]; j++)
        if (strcmp(t->rows[0][j], name) == 0)
            return j;
    return -1;
}

static int node_by_id(const inst *g, const char *id)
{
    for (int v = 0; v < g->nn; v++)
        if (strcmp(g->nodes[v].id, id) == 0)
            return v;
    return -1;
}

static int student_by_id(const inst *g, const char *id)
{
    for (int s = 0; s < g->ns; s++)
        if (strcmp(g->st[s].id, id) == 0)
            return s;
    return -1;
}

/* whole-number parse; 0 on success */
static int whole(const char *text, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(text, &end, 10);
    return errno || end == text || *end ? -1 : 0;
}

/* OUT/assignments.csv into asg (leaf node or -1); 0 when readable */
static int read_assignments(const inst *g, const char *out, int *asg, testkit_msg *m)
{
    static const char *const levels[3] = {"program", "lab", "supervisor"};
    testkit_table t;
    int cs, cl[3], seen[MAXS] = {0}, rc = 0;
    for (int s = 0; s < g->ns; s++)
        asg[s] = -1;
    if (testkit_table_read(out, "assignments.csv", &t) != 0 || t.nrows < 1) {
        testkit_say(m, "assignments.csv cannot be read");
        testkit_table_release(&t);
        return -1;
    }
    cs = column(&t, "student");
    for (int k = 0; k < 3; k++)
        cl[k] = column(&t, levels[k]);
    if (cs < 0 || cl[0] < 0 || cl[1] < 0 || cl[2] < 0) {
        testkit_say(m, "assignments.csv lacks student/program/lab/supervisor columns");
        testkit_table_release(&t);
        return -1;
    }
    for (int i = 1; i < t.nrows; i++) {
        char **f = t.rows[i];
        int s, v = -1;
        if (t.nfields[i] != t.nfields[0]) {
            testkit_say(m, "assignments.csv row %d has %d fields", i + 1, t.nfields[i]);
            rc = -1;
            continue;
        }
        if ((s = student_by_id(g, f[cs])) < 0 || seen[s]++) {
            testkit_say(m, "assignments.csv: unknown or repeated student '%s'", f[cs]);
            rc = -1;
            continue;
        }
        for (int k = 2; k >= 0 && v < 0; k--)
            if (f[cl[k]][0] && (v = node_by_id(g, f[cl[k]])) < 0) {
                testkit_say(m, "assignments.csv: unknown %s '%s'", levels[k], f[cl[k]]);
                rc = -1;
                break;
            }
        if (v >= 0 && !is_leaf(g, v)) {
            testkit_say(m, "student '%s' placed at '%s', not a leaf", f[cs], f[cl[0]]);
            rc = -1;
            v = -1;
        }
        asg[s] = v;
    }
    for (int s = 0; s < g->ns; s++)
        if (!seen[s]) {
            testkit_say(m, "assignments.csv has no row for '%s'", g->st[s].id);
            rc = -1;
        }
    testkit_table_release(&t);
    return rc;
}

/* a metric of OUT/summary.csv, or LONG_MIN when missing */
static long summary_metric(const char *out, const char *metric)
{
    testkit_table t;
    long v = LONG_MIN;
    if (testkit_table_read(out, "summary.csv", &t) == 0)
        for (int i = 1; i < t.nrows; i++)
            if (t.nfields[i] >= 2 && strcmp(t.rows[i][0], metric) == 0 &&
                whole(t.rows[i][1], &v) != 0)
                v = LONG_MIN;
    testkit_table_release(&t);
    return v;
}

/* OUT/blocking_pairs.csv into pairs[s * MAXN + leaf]; the row count, or -1 */
static int read_blocking(const inst *g, const char *out, unsigned char *pairs, testkit_msg *m)
{
    testkit_table t;
    int cs, cl, n = 0;
    memset(pairs, 0, (size_t)MAXS * MAXN);
    if (testkit_table_read(out, "blocking_pairs.csv", &t) != 0 ||
        (cs = column(&t, "student")) < 0 || (cl = column(&t, "leaf")) < 0) {
        testkit_say(m, "blocking_pairs.csv cannot be read");
        testkit_table_release(&t);
        return -1;
    }
    for (int i = 1; i < t.nrows; i++) {
        int s = student_by_id(g, t.rows[i][cs]), v = node_by_id(g, t.rows[i][cl]);
        if (s < 0 || v < 0) {
            testkit_say(m, "blocking_pairs.csv row %d names unknown ids", i + 1);
            n = -1;
            break;
        }
        pairs[s * MAXN + v] = 1;
        n++;
    }
    testkit_table_release(&t);
    return n;
}

/* ---- files and processes ---- */

/* whether a file contains text */
static int file_has(const char *path, const char *text)
{
    char buf[16384];
    size_t n;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strstr(buf, text) != NULL;
}

typedef struct ctx {
    const char *bin;
    char work[256];
    char cyc[300], out[300], log_out[300], log_err[300];
    int kept, verbose;
    long cycles[NFAM], runs;
    long no_stable, infeasible, binding; /* ties: outcomes seen */
    long unstable_free; /* strict: results without --stable that have blocking pairs */
} ctx;

/* solve the cycle; the exit code */
static int solve(ctx *c, int stable)
{
    char *argv[10];
    int i = 0;
    testkit_rm_tree(c->out);
    argv[i++] = (char *)c->bin;
    argv[i++] = (char *)"solve";
    argv[i++] = c->cyc;
    argv[i++] = (char *)"-o";
    argv[i++] = c->out;
    argv[i++] = (char *)"--objective";
    argv[i++] = (char *)"rank-sum";
    argv[i++] = (char *)"--quiet";
    if (stable)
        argv[i++] = (char *)"--stable";
    argv[i] = NULL;
    c->runs++;
    return testkit_run(argv, c->log_out, c->log_err, 60);
}

/* verify OUT/assignments.csv with --stable; the exit code */
static int verify_stable(ctx *c)
{
    char file[400];
    char *argv[] = {(char *)c->bin,     (char *)"verify",  c->cyc, file,
                    (char *)"--stable", (char *)"--quiet", NULL};
    snprintf(file, sizeof(file), "%s/assignments.csv", c->out);
    c->runs++;
    return testkit_run(argv, c->log_out, c->log_err, 60);
}

static void fail_cycle(ctx *c, const inst *g, int fam, unsigned long long seed,
                       const testkit_msg *m)
{
    char dir[256];
    printf("FAIL %s seed %llu: %s\n", fam_names[fam], seed, m->text);
    if (c->kept >= MAXKEEP)
        return;
    snprintf(dir, sizeof(dir), "/tmp/stable-fail-%s-%llu-XXXXXX", fam_names[fam], seed);
    if (!mkdtemp(dir))
        return;
    write_cycle(g, dir);
    c->kept++;
    printf("  kept in %s (placement solve %s -o OUT --stable --objective rank-sum)\n", dir, dir);
}

static void show_asg(const inst *g, const int *asg, testkit_msg *m, const char *what)
{
    char buf[1024];
    size_t len = 0;
    buf[0] = '\0';
    for (int s = 0; s < g->ns && len + 40 < sizeof(buf); s++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s=%s", g->st[s].id,
                                asg[s] >= 0 ? g->nodes[asg[s]].id : "-");
    testkit_say(m, "%s:%s", what, buf);
}

/* s's priority at node v as blocking_pairs.csv writes it: the basis
 * ("ranking:NODE" of the nearest ranking, or "score") and the value */
static void prio_text(const inst *g, int v, int s, char *basis, char *value, size_t len)
{
    value[0] = '\0';
    for (int u = v; u >= 0; u = g->nodes[u].parent)
        if (g->nodes[u].ranked) {
            snprintf(basis, len, "ranking:%s", g->nodes[u].id);
            if (g->nodes[u].rank[s])
                snprintf(value, len, "%d", g->nodes[u].rank[s]);
            return;
        }
    snprintf(basis, len, "score");
    if (g->score_col && g->st[s].score >= 0)
        snprintf(value, len, "%d", g->st[s].score);
}

/* The columns that say what stops each blocking pair's move: the lowest
 * full place on the way to the leaf that does not hold the student, a
 * holder of lowest priority there (below the student), both priorities. */
static void check_blocking_stops(const inst *g, const int *asg, const char *out, testkit_msg *m)
{
    testkit_table t;
    int cnt[MAXN], col[7];
    static const char *const names[7] = {"student",     "leaf",         "stop_node",
                                         "holder",      "priority_by",  "student_priority",
                                         "holder_priority"};
    node_counts(g, asg, cnt);
    if (testkit_table_read(out, "blocking_pairs.csv", &t) != 0) {
        testkit_say(m, "blocking_pairs.csv cannot be read");
        testkit_table_release(&t);
        return;
    }
    for (int j = 0; j < 7; j++)
        if ((col[j] = column(&t, names[j])) < 0) {
            testkit_say(m, "blocking_pairs.csv has no column '%s'", names[j]);
            testkit_table_release(&t);
            return;
        }
    for (int i = 1; i < t.nrows; i++) {
        char **f = t.rows[i];
        int s = student_by_id(g, f[col[0]]), leaf = node_by_id(g, f[col[1]]), stop = -1, h;
        char basis[64], sv[32], hv[32];
        if (s < 0 || leaf < 0)
            continue; /* read_blocking says so */
        for (int v = leaf; v >= 0 && stop < 0; v = g->nodes[v].parent)
            if (g->nodes[v].capacity >= 0 && cnt[v] >= g->nodes[v].capacity &&
                !(asg[s] >= 0 && within(g, v, asg[s])))
                stop = v;
        if (strcmp(f[col[2]], stop >= 0 ? g->nodes[stop].id : "") != 0) {
            testkit_say(m, "pair (%s, %s): stop_node '%s', expected '%s'", f[col[0]], f[col[1]],
                        f[col[2]], stop >= 0 ? g->nodes[stop].id : "");
            continue;
        }
        if (stop < 0) {
            for (int j = 3; j < 7; j++)
                if (f[col[j]][0])
                    testkit_say(m, "pair (%s, %s): no stop, but %s is '%s'", f[col[0]],
                                f[col[1]], names[j], f[col[j]]);
            continue;
        }
        h = student_by_id(g, f[col[3]]);
        if (h < 0 || asg[h] < 0 || !within(g, stop, asg[h]) || g->st[h].fix >= 0 ||
            prio(g, stop, h) >= prio(g, stop, s)) {
            testkit_say(m, "pair (%s, %s): holder '%s' is not a non-fixed student at '%s' below her",
                        f[col[0]], f[col[1]], f[col[3]], g->nodes[stop].id);
            continue;
        }
        for (int o = 0; o < g->ns; o++)
            if (asg[o] >= 0 && within(g, stop, asg[o]) && g->st[o].fix < 0 &&
                prio(g, stop, o) < prio(g, stop, h))
                testkit_say(m, "pair (%s, %s): holder '%s', but '%s' is lower at '%s'",
                            f[col[0]], f[col[1]], f[col[3]], g->st[o].id, g->nodes[stop].id);
        prio_text(g, stop, s, basis, sv, sizeof(sv));
        prio_text(g, stop, h, basis, hv, sizeof(hv));
        if (strcmp(f[col[4]], basis) != 0 || strcmp(f[col[5]], sv) != 0 ||
            strcmp(f[col[6]], hv) != 0)
            testkit_say(m, "pair (%s, %s): priorities '%s' %s/%s, expected '%s' %s/%s", f[col[0]],
                        f[col[1]], f[col[4]], f[col[5]], f[col[6]], basis, sv, hv);
    }
    testkit_table_release(&t);
}

/* The engine's blocking pairs on its own assignment must be ours (count
 * in summary.csv and the rows of blocking_pairs.csv). */
static void check_blocking_report(ctx *c, const inst *g, const int *asg, testkit_msg *m)
{
    static unsigned char mine[MAXS * MAXN], theirs[MAXS * MAXN];
    int n = count_blocking(g, asg, mine), rows = read_blocking(g, c->out, theirs, m);
    long reported = summary_metric(c->out, "blocking_pairs");
    if (reported != n)
        testkit_say(m, "summary blocking_pairs %ld, the test counts %d", reported, n);
    if (rows >= 0 && rows != n)
        testkit_say(m, "blocking_pairs.csv has %d rows, the test counts %d", rows, n);
    for (int s = 0; rows >= 0 && s < g->ns; s++)
        for (int t = 0; t < g->nn; t++)
            if (mine[s * MAXN + t] != theirs[s * MAXN + t])
                testkit_say(m, "pair (%s, %s) blocks: test %d, engine %d", g->st[s].id,
                            g->nodes[t].id, mine[s * MAXN + t], theirs[s * MAXN + t]);
    if (rows > 0)
        check_blocking_stops(g, asg, c->out, m);
}

/* ---- (1) strict priorities against DA ---- */

static void run_strict(ctx *c, int fam, unsigned long long seed)
{
    inst *g = testkit_xcalloc(1, sizeof(inst));
    rng r;
    int da[MAXS], sd[MAXS], eng[MAXS], rc, placed;
    long sum;
    char why[4096];
    testkit_msg m;
    testkit_msg_init(&m, why, sizeof(why));
    rng_seed(&r, seed * 4 + (unsigned long long)fam);
    if (fam == FAM_HR)
        gen_hr(&r, g);
    else if (fam == FAM_SPA)
        gen_spa(&r, g);
    else
        gen_sd(&r, g);
    testkit_rm_tree(c->cyc);
    mkdir(c->cyc, 0777);
    write_cycle(g, c->cyc);
    c->cycles[fam]++;

    if (deferred_acceptance(g, da) != 0)
        testkit_say(&m, "test bug: DA met tied priorities");
    if (!CHECK(count_blocking(g, da, NULL) == 0))
        testkit_say(&m, "test bug: DA's matching has %d blocking pairs",
                    count_blocking(g, da, NULL));
    if (!feasible(g, da))
        testkit_say(&m, "test bug: DA's matching is not feasible");
    if (fam == FAM_SD) {
        serial_dictatorship(g, sd);
        if (!CHECK(memcmp(sd, da, sizeof(int) * (size_t)g->ns) == 0)) {
            testkit_say(&m, "test bug: DA and serial dictatorship differ");
            show_asg(g, sd, &m, "SD");
        }
    }
    profile_of(g, da, &placed, &sum);

    rc = solve(c, 1);
    if (rc != 0) {
        char line[300];
        testkit_first_line(c->log_err, line, sizeof(line));
        testkit_say(&m, "solve --stable exits %d: %s", rc, line);
    } else if (read_assignments(g, c->out, eng, &m) == 0) {
        int diff = 0;
        for (int s = 0; s < g->ns; s++)
            if (eng[s] != da[s]) {
                if (diff++ < 6)
                    testkit_say(&m, "student %s: engine %s, DA %s", g->st[s].id,
                                eng[s] >= 0 ? g->nodes[eng[s]].id : "unplaced",
                                da[s] >= 0 ? g->nodes[da[s]].id : "unplaced");
            }
        if (diff)
            testkit_say(
                &m,
                "%d students differ from DA (DA placed %d, rank sum %ld; engine placed %ld, "
                "total_rank %ld)",
                diff, placed, sum, summary_metric(c->out, "placed"),
                summary_metric(c->out, "total_rank"));
        if (summary_metric(c->out, "blocking_pairs") != 0)
            testkit_say(&m, "--stable summary blocking_pairs %ld",
                        summary_metric(c->out, "blocking_pairs"));
        if (summary_metric(c->out, "placed") != placed ||
            summary_metric(c->out, "total_rank") != sum)
            testkit_say(&m, "summary placed %ld total_rank %ld, DA %d %ld",
                        summary_metric(c->out, "placed"), summary_metric(c->out, "total_rank"),
                        placed, sum);
        check_blocking_report(c, g, eng, &m);
    }
    /* without --stable: the reported blocking pairs are those of its result */
    rc = solve(c, 0);
    if (rc != 0)
        testkit_say(&m, "solve exits %d", rc);
    else if (read_assignments(g, c->out, eng, &m) == 0) {
        check_blocking_report(c, g, eng, &m);
        c->unstable_free += count_blocking(g, eng, NULL) > 0;
    }

    if (!CHECK(m.len == 0))
        fail_cycle(c, g, fam, seed, &m);
    else if (c->verbose)
        printf("ok %s seed %llu: %d students, %d nodes, DA places %d, rank sum %ld\n",
               fam_names[fam], seed, g->ns, g->nn, placed, sum);
    free(g);
}

/* ---- (2) ties: exhaustive search of the stable optimum ---- */

typedef struct search {
    const inst *g;
    int nopt[MAXS], opt[MAXS][MAXN + 1];
    int cur[MAXS];
    int any_feasible, any_stable;
    int free_placed; /* the optimum without stability */
    long free_sum;
    int best_placed;
    long best_sum;
    int best[MAXS];
} search;

static void search_visit(search *z)
{
    int placed;
    long sum;
    if (!feasible(z->g, z->cur))
        return;
    profile_of(z->g, z->cur, &placed, &sum);
    if (!z->any_feasible || placed > z->free_placed ||
        (placed == z->free_placed && sum < z->free_sum)) {
        z->free_placed = placed;
        z->free_sum = sum;
    }
    z->any_feasible = 1;
    if (count_blocking(z->g, z->cur, NULL))
        return;
    if (!z->any_stable || placed > z->best_placed ||
        (placed == z->best_placed && sum < z->best_sum)) {
        z->any_stable = 1;
        z->best_placed = placed;
        z->best_sum = sum;
        memcpy(z->best, z->cur, sizeof(z->best));
    }
}

static void search_all(search *z, int s)
{
    if (s == z->g->ns) {
        search_visit(z);
        return;
    }
    for (int i = 0; i < z->nopt[s]; i++) {
        z->cur[s] = z->opt[s][i];
        search_all(z, s + 1);
    }
}

static void run_ties(ctx *c, unsigned long long seed)
{
    inst *g = testkit_xcalloc(1, sizeof(inst));
    search *z = testkit_xcalloc(1, sizeof(search));
    rng r;
    int rc, eng[MAXS];
    char why[4096];
    testkit_msg m;
    testkit_msg_init(&m, why, sizeof(why));
    rng_seed(&r, seed * 4 + FAM_TIES);
    gen_ties(&r, g);
    testkit_rm_tree(c->cyc);
    mkdir(c->cyc, 0777);
    write_cycle(g, c->cyc);
    c->cycles[FAM_TIES]++;

    memset(z, 0, sizeof(*z));
    z->g = g;
    for (int s = 0; s < g->ns; s++) {
        if (g->st[s].fix < 0)
            z->opt[s][z->nopt[s]++] = -1;
        for (int t = 0; t < g->nn; t++)
            if (adm_rank(g, s, t))
                z->opt[s][z->nopt[s]++] = t;
    }
    search_all(z, 0);
    c->infeasible += !z->any_feasible;
    c->no_stable += z->any_feasible && !z->any_stable;
    c->binding += z->any_stable && (z->best_placed != z->free_placed || z->best_sum != z->free_sum);

    rc = solve(c, 1);
    if (!z->any_stable) {
        if (rc != 3)
            testkit_say(
                &m, "no stable assignment exists (feasible ones: %s), but solve --stable exits %d",
                z->any_feasible ? "yes" : "none", rc);
        else if (z->any_feasible && !file_has(c->log_err, "stable assignment"))
            testkit_say(&m, "exit 3 without naming the missing stable assignment on stderr");
        else if (!z->any_feasible && !file_has(c->log_err, "stable or not"))
            testkit_say(&m, "exit 3 on an infeasible cycle without saying so on stderr");
    } else if (rc != 0) {
        testkit_say(&m, "solve --stable exits %d, but a stable assignment exists", rc);
        show_asg(g, z->best, &m, "stable optimum");
    } else if (read_assignments(g, c->out, eng, &m) == 0) {
        int placed;
        long sum;
        profile_of(g, eng, &placed, &sum);
        if (!feasible(g, eng))
            testkit_say(&m, "the engine's assignment is not feasible");
        if (count_blocking(g, eng, NULL))
            testkit_say(&m, "the engine's --stable assignment has %d blocking pairs",
                        count_blocking(g, eng, NULL));
        if (placed != z->best_placed || sum != z->best_sum) {
            testkit_say(&m, "engine placed %d rank sum %ld, stable optimum %d %ld", placed, sum,
                        z->best_placed, z->best_sum);
            show_asg(g, eng, &m, "engine");
            show_asg(g, z->best, &m, "optimum");
        }
        if (summary_metric(c->out, "placed") != z->best_placed ||
            summary_metric(c->out, "total_rank") != z->best_sum)
            testkit_say(&m, "summary placed %ld total_rank %ld, stable optimum %d %ld",
                        summary_metric(c->out, "placed"), summary_metric(c->out, "total_rank"),
                        z->best_placed, z->best_sum);
        check_blocking_report(c, g, eng, &m);
        if ((rc = verify_stable(c)) != 0)
            testkit_say(&m, "verify --stable on the engine's own result exits %d", rc);
    }
    rc = solve(c, 0);
    if (rc == 0 && read_assignments(g, c->out, eng, &m) == 0)
        check_blocking_report(c, g, eng, &m);
    else if (rc != (z->any_feasible ? 0 : 3))
        testkit_say(&m, "solve exits %d, feasible: %s", rc, z->any_feasible ? "yes" : "no");

    if (!CHECK(m.len == 0))
        fail_cycle(c, g, FAM_TIES, seed, &m);
    else if (c->verbose)
        printf("ok ties seed %llu: %d students, %d nodes, %s\n", seed, g->ns, g->nn,
               z->any_stable ? "stable optimum found" : "no stable assignment");
    free(z);
    free(g);
}

int main(void)
{
    ctx c;
    long nseeds = testkit_env_count("STABLE_SEEDS", 500), first = testkit_env_count("STABLE_FIRST", 1);
    struct timespec t0, t1;
    testkit_set_name("test_stable");
    memset(&c, 0, sizeof(c));
    c.bin = getenv("PLACEMENT_BIN") ? getenv("PLACEMENT_BIN") : "./placement";
    c.verbose = getenv("STABLE_VERBOSE") != NULL;
    if (access(c.bin, X_OK) != 0) {
        printf("FAIL the engine '%s' is not executable (set PLACEMENT_BIN)\n", c.bin);
        CHECK(0);
        return harness_finish("stable");
    }
    testkit_tmpdir(c.work, sizeof(c.work), "stable");
    snprintf(c.cyc, sizeof(c.cyc), "%s/cycle", c.work);
    snprintf(c.out, sizeof(c.out), "%s/out", c.work);
    snprintf(c.log_out, sizeof(c.log_out), "%s/stdout", c.work);
    snprintf(c.log_err, sizeof(c.log_err), "%s/stderr", c.work);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < nseeds; i++) {
        unsigned long long seed = (unsigned long long)(first + i);
        run_strict(&c, FAM_HR, seed);
        run_strict(&c, FAM_SPA, seed);
        run_strict(&c, FAM_SD, seed);
        run_ties(&c, seed);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("stable: %ld hr, %ld spa, %ld sd cycles (%ld with blocking pairs without --stable), "
           "%ld ties cycles (%ld where stability costs, %ld without a stable assignment, %ld "
           "infeasible), %ld engine runs, %.1f s\n",
           c.cycles[FAM_HR], c.cycles[FAM_SPA], c.cycles[FAM_SD], c.unstable_free,
           c.cycles[FAM_TIES], c.binding, c.no_stable, c.infeasible, c.runs,
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    testkit_rm_tree(c.work);
    return harness_finish("stable");
}
