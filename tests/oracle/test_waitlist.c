/* test_waitlist.c - waitlist.csv against a brute-force recomputation on
 * random tiny cycles (tests/lib/gencycle.h). Admissibility, ranks,
 * priorities, minimums and quotas are written again here from SPEC §3-§4
 * and results/README.md, from the in-memory cycle, with no solver code:
 *
 *   solve     the engine's own assignment (every other cycle --stable);
 *   verify    random assignments, also ones that break rules, through
 *             verify -o (so minimums and quotas sit at every distance
 *             from their bounds);
 *   round     a later round simulated with overrides: one placed student
 *             declines (her choices removed), every other placed student
 *             is fixed at her leaf, and the cycle is solved again with
 *             --stable; on cycles ordered by score everywhere and without
 *             quotas (so no other rule intervenes), the freed seat must
 *             go by the first round's waitlist order: when some unplaced
 *             student is on the leaf's waitlist, a student of at least the
 *             priority of the best of them is placed, and whoever takes the
 *             leaf itself is on its waitlist; when none is, nobody new
 *             takes the leaf.
 *
 * Each cycle gets, beside gencycle_tiny's own, more minimums (every third
 * seed) and a quota (every other seed without one), so both checks are
 * often at stake. Environment: WAITLIST_SEEDS (default 200) cycles,
 * WAITLIST_FIRST (default 1) first seed, PLACEMENT_BIN (default
 * ./placement) the engine, WAITLIST_VERBOSE set: one line per cycle. A
 * failing cycle is kept in /tmp/waitlist-fail-* (the first MAXKEEP). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gencycle.h"
#include "testkit.h"

#define MAXS 8     /* students (tiny cycles have at most 6) */
#define MAXN 32    /* nodes */
#define MAXQ 64    /* quotas after '*' expansion */
#define MAXROWS 64 /* waitlist rows: students x leaves */
#define MAXKEEP 10
#define NVERIFY 3  /* random assignments audited per cycle */
#define LAST LONG_MAX /* a priority key below everyone */

typedef struct quota {
    int scope, field, value, min, max;
} quota;

/* The cycle as the rules see it, from the generator's data. */
typedef struct model {
    const gencycle *g;
    int R;         /* the worst rank written */
    int fix[MAXS]; /* the deepest fix node, -1 */
    quota q[MAXQ];
    int nq;
} model;

typedef struct row {
    int leaf, student;
    long key;
} row;

typedef struct ctx {
    const char *bin;
    char tmp[256];
    int verbose;
    long passed, failed, kept, skipped;
    long rows, round_checks, round_filled;
} ctx;

/* ---- the rules, again ---- */

static int is_leaf(const gencycle *g, int v)
{
    return g->nodes[v].nchildren == 0;
}

static int pref_rank(const gencycle *g, int s, int leaf)
{
    int best = 0;
    for (int i = 0; i < g->nprefs; i++)
        if (g->prefs[i].student == s && gencycle_within(g, g->prefs[i].node, leaf) &&
            (best == 0 || g->prefs[i].rank < best))
            best = g->prefs[i].rank;
    return best;
}

/* Her place on node v's ranking (0: not on it); -1 when v has none. */
static int ranking_of(const gencycle *g, int v, int s)
{
    int has = 0;
    for (int i = 0; i < g->nranks; i++)
        if (g->ranks[i].ranker == v) {
            has = 1;
            if (g->ranks[i].student == s)
                return g->ranks[i].rank;
        }
    return has ? 0 : -1;
}

/* SPEC §3 for a student without a fix: her rank for leaf, 0 when the
 * pair is not admissible. */
static int admissible_rank(const gencycle *g, int s, int leaf)
{
    const gencycle_student *st = &g->students[s];
    int r = pref_rank(g, s, leaf);
    if (!is_leaf(g, leaf) || r == 0)
        return 0;
    for (int v = leaf; v >= 0; v = g->nodes[v].parent) {
        const gencycle_node *n = &g->nodes[v];
        if (n->min_year >= 0 && (st->year < 0 || st->year < n->min_year))
            return 0;
        if (n->min_gpa >= 0 && (st->gpa < 0 || st->gpa < n->min_gpa))
            return 0;
        if ((st->tags & n->requires) != n->requires)
            return 0;
        if (ranking_of(g, v, s) == 0)
            return 0;
    }
    for (int i = 0; i < g->noverrides; i++)
        if (g->overrides[i].student == s && g->overrides[i].action == GENCYCLE_FORBID &&
            gencycle_within(g, g->overrides[i].node, leaf))
            return 0;
    return r;
}

/* SPEC §4 at node v, lower first: the nearest ranking at v or above (off
 * it: last), else the score (higher first, none last). */
static long priority(const gencycle *g, int v, int s)
{
    for (int u = v; u >= 0; u = g->nodes[u].parent) {
        int r = ranking_of(g, u, s);
        if (r > 0)
            return r;
        if (r == 0)
            return LAST;
    }
    return g->students[s].score >= 0 ? -(long)g->students[s].score : LAST;
}

static int has_value(const gencycle *g, int s, int field, int value)
{
    const gencycle_student *st = &g->students[s];
    if (field == GENCYCLE_HOME)
        return st->home >= 0 && st->home == value;
    if (field == GENCYCLE_YEAR)
        return st->year >= 0 && st->year == value;
    return (st->tags >> value) & 1u;
}

static void model_init(model *m, const gencycle *g)
{
    memset(m, 0, sizeof(*m));
    m->g = g;
    for (int i = 0; i < g->nprefs; i++)
        if (g->prefs[i].rank > m->R)
            m->R = g->prefs[i].rank;
    for (int s = 0; s < g->nstudents; s++)
        m->fix[s] = -1;
    for (int i = 0; i < g->noverrides; i++) {
        const gencycle_override *o = &g->overrides[i];
        if (o->action == GENCYCLE_FIX &&
            (m->fix[o->student] < 0 || g->nodes[o->node].level > g->nodes[m->fix[o->student]].level))
            m->fix[o->student] = o->node;
    }
    /* '*': one quota per distinct value some student has */
    for (int i = 0; i < g->nquotas; i++) {
        const gencycle_quota *gq = &g->quotas[i];
        int hi = gq->field == GENCYCLE_HOME ? GENCYCLE_NHOMES - 1
                 : gq->field == GENCYCLE_YEAR ? 100 : GENCYCLE_NTAGS - 1;
        for (int v = gq->value == GENCYCLE_ANY ? 0 : gq->value;
             v <= (gq->value == GENCYCLE_ANY ? hi : gq->value); v++) {
            int held = gq->value != GENCYCLE_ANY;
            for (int s = 0; s < g->nstudents && !held; s++)
                held = has_value(g, s, gq->field, v);
            if (!held)
                continue;
            if (m->nq == MAXQ) {
                fputs("waitlist: too many quotas\n", stderr);
                exit(1);
            }
            m->q[m->nq++] = (quota){gq->scope, gq->field, v, gq->min, gq->max};
        }
    }
}

/* Whether quota q counts student s placed at leaf (-1: unplaced). */
static int quota_has(const model *m, const quota *q, int s, int leaf)
{
    return leaf >= 0 && has_value(m->g, s, q->field, q->value) &&
           (q->scope < 0 || gencycle_within(m->g, q->scope, leaf));
}

static int cmp_row(const row *x, const row *y, const gencycle *g)
{
    int r = strcmp(g->nodes[x->leaf].id, g->nodes[y->leaf].id);
    if (r)
        return r;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return strcmp(g->students[x->student].id, g->students[y->student].id);
}

/* Every leaf's waitlist for leaf_of (node index or -1 per student), rows
 * sorted by leaf id, then priority, then student id. */
static int expected(const model *m, const int *leaf_of, row *rows)
{
    const gencycle *g = m->g;
    int cnt[MAXN] = {0}, qcnt[MAXQ] = {0}, n = 0;
    for (int s = 0; s < g->nstudents; s++) {
        for (int v = leaf_of[s]; v >= 0; v = g->nodes[v].parent)
            cnt[v]++;
        for (int k = 0; k < m->nq; k++)
            qcnt[k] += quota_has(m, &m->q[k], s, leaf_of[s]);
    }
    for (int t = 0; t < g->nnodes; t++) {
        int seat = 1;
        if (!is_leaf(g, t))
            continue;
        for (int v = t; v >= 0; v = g->nodes[v].parent)
            seat &= g->nodes[v].capacity != 0;
        if (!seat)
            continue;
        for (int s = 0; s < g->nstudents; s++) {
            int cur = leaf_of[s], r = admissible_rank(g, s, t), ok = 1;
            if (m->fix[s] >= 0 || r == 0 || cur == t)
                continue;
            if (cur >= 0) {
                int cr = admissible_rank(g, s, cur);
                if (r >= (cr ? cr : m->R + 1))
                    continue;
                /* the nodes she leaves must keep their minimum */
                for (int v = cur; v >= 0; v = g->nodes[v].parent)
                    if (!gencycle_within(g, v, t) && cnt[v] - 1 < g->nodes[v].min)
                        ok = 0;
            }
            for (int k = 0; k < m->nq; k++) {
                const quota *q = &m->q[k];
                int before = quota_has(m, q, s, cur), after = quota_has(m, q, s, t);
                if (before && !after && qcnt[k] - 1 < q->min)
                    ok = 0;
                if (after && !before && q->max >= 0 && qcnt[k] + 1 > q->max)
                    ok = 0;
            }
            if (!ok)
                continue;
            if (n == MAXROWS) {
                fputs("waitlist: too many rows\n", stderr);
                exit(1);
            }
            rows[n++] = (row){t, s, priority(g, t, s)};
        }
    }
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cmp_row(&rows[j], &rows[j - 1], g) < 0; j--) {
            row x = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = x;
        }
    return n;
}

/* ---- the engine's files ---- */

static int node_by_id(const gencycle *g, const char *id)
{
    for (int v = 0; v < g->nnodes; v++)
        if (strcmp(g->nodes[v].id, id) == 0)
            return v;
    return -1;
}

/* OUT/assignments.csv into leaf_of; 0, or -1 with a message. */
static int read_assignment(const gencycle *g, const char *out, int *leaf_of, testkit_msg *msg)
{
    testkit_table t;
    int rc = 0;
    for (int s = 0; s < g->nstudents; s++)
        leaf_of[s] = -1;
    if (testkit_table_read(out, "assignments.csv", &t) != 0 || t.nrows != g->nstudents + 1) {
        testkit_say(msg, "assignments.csv unreadable or not one row per student");
        testkit_table_release(&t);
        return -1;
    }
    for (int i = 1; i < t.nrows; i++) {
        int s = -1, v = -1;
        for (int k = 0; k < g->nstudents; k++)
            if (strcmp(g->students[k].id, t.rows[i][0]) == 0)
                s = k;
        for (int k = 5; k >= 3 && v < 0 && t.nfields[i] > 5; k--)
            if (t.rows[i][k][0])
                v = node_by_id(g, t.rows[i][k]);
        if (s < 0) {
            testkit_say(msg, "assignments.csv: unknown student '%s'", t.rows[i][0]);
            rc = -1;
        } else {
            leaf_of[s] = v;
        }
    }
    testkit_table_release(&t);
    return rc;
}

/* OUT/waitlist.csv against the expected rows. */
static void compare(const model *m, const char *out, const int *leaf_of, const row *rows, int n,
                    testkit_msg *msg)
{
    static const char *const header[6] = {"leaf", "position", "student",
                                          "name", "rank",     "current_leaf"};
    const gencycle *g = m->g;
    testkit_table t;
    if (testkit_table_read(out, "waitlist.csv", &t) != 0 || t.nrows < 1 || t.nfields[0] != 6) {
        testkit_say(msg, "waitlist.csv unreadable or without its 6-column header");
        testkit_table_release(&t);
        return;
    }
    for (int j = 0; j < 6; j++)
        if (strcmp(t.rows[0][j], header[j]) != 0)
            testkit_say(msg, "waitlist.csv column %d is '%s', expected '%s'", j + 1, t.rows[0][j],
                        header[j]);
    if (t.nrows - 1 != n)
        testkit_say(msg, "waitlist.csv has %d rows, expected %d", t.nrows - 1, n);
    for (int i = 0; i < n && i + 1 < t.nrows; i++) {
        const row *r = &rows[i];
        char pos[16], rank[16];
        int p = 1, cur = leaf_of[r->student];
        const char *want[6];
        for (int k = i - 1; k >= 0 && rows[k].leaf == r->leaf; k--)
            p++;
        snprintf(pos, sizeof(pos), "%d", p);
        snprintf(rank, sizeof(rank), "%d", pref_rank(g, r->student, r->leaf));
        want[0] = g->nodes[r->leaf].id;
        want[1] = pos;
        want[2] = g->students[r->student].id;
        want[3] = g->students[r->student].name;
        want[4] = rank;
        want[5] = cur >= 0 ? g->nodes[cur].id : "";
        if (t.nfields[i + 1] != 6) {
            testkit_say(msg, "waitlist.csv row %d has %d fields", i + 2, t.nfields[i + 1]);
            break;
        }
        for (int j = 0; j < 6; j++)
            if (strcmp(t.rows[i + 1][j], want[j]) != 0) {
                testkit_say(msg, "waitlist.csv row %d: %s '%s', expected '%s' (%s,%s,%s)", i + 2,
                            header[j], t.rows[i + 1][j], want[j], want[0], want[1], want[2]);
                i = n; /* the first difference says enough */
                break;
            }
    }
    testkit_table_release(&t);
}

/* ---- running ---- */

static int run_engine(ctx *c, char **argv)
{
    char so[4096], se[4096];
    testkit_path(so, sizeof(so), c->tmp, "stdout");
    testkit_path(se, sizeof(se), c->tmp, "stderr");
    return testkit_run(argv, so, se, 120);
}

static void keep_failure(ctx *c, const gencycle *g, unsigned long long seed, const char *what,
                         const char *why)
{
    char dir[256], err[512], path[4096];
    gencycle_style st;
    FILE *f;
    if (c->kept >= MAXKEEP)
        return;
    snprintf(dir, sizeof(dir), "/tmp/waitlist-fail-%llu-XXXXXX", seed);
    if (!mkdtemp(dir))
        return;
    c->kept++;
    testkit_path(path, sizeof(path), dir, "cycle");
    gencycle_style_init(&st);
    if (gencycle_write(g, path, &st, err, sizeof(err)) != 0)
        fprintf(stderr, "waitlist: %s\n", err);
    testkit_path(path, sizeof(path), c->tmp, "out");
    {
        char to[4096];
        testkit_path(to, sizeof(to), dir, "engine-out");
        rename(path, to);
        testkit_path(path, sizeof(path), c->tmp, "asg.csv");
        testkit_path(to, sizeof(to), dir, "asg.csv");
        rename(path, to);
    }
    testkit_path(path, sizeof(path), dir, "README");
    if ((f = fopen(path, "w"))) {
        fprintf(f, "seed %llu, %s\n%s\n", seed, what, why);
        fclose(f);
    }
    printf("  kept in %s\n", dir);
}

static void verdict(ctx *c, const gencycle *g, unsigned long long seed, const char *what,
                    const testkit_msg *msg)
{
    if (msg->len == 0) {
        c->passed++;
        return;
    }
    c->failed++;
    printf("FAIL seed %llu %s: %s\n", seed, what, msg->text);
    keep_failure(c, g, seed, what, msg->text);
}

/* More minimums and a quota than gencycle_tiny draws, from the seed. */
static void strengthen(gencycle *g, unsigned long long seed)
{
    gencycle_rng r;
    gencycle_rng_init(&r, seed * 7919 + 3);
    if (seed % 3 == 0)
        for (int v = 0; v < g->nnodes; v++)
            if (g->nodes[v].capacity != 0 && gencycle_rng_chance(&r, 25)) {
                int mn = gencycle_rng_range(&r, 1, 2);
                g->nodes[v].min = g->nodes[v].capacity > 0 && g->nodes[v].capacity < mn
                                      ? g->nodes[v].capacity
                                      : mn;
            }
    /* every other cycle one more quota; every fourth one with a minimum
       (the bound a student leaving can break) */
    if (seed % 2 == 0) {
        gencycle_quota q;
        int dup = 0;
        q.scope = gencycle_rng_chance(&r, 50) ? -1 : gencycle_rng_below(&r, g->nnodes);
        q.field = gencycle_rng_range(&r, 0, 2);
        q.value = gencycle_rng_chance(&r, 30)          ? GENCYCLE_ANY
                  : q.field == GENCYCLE_HOME           ? gencycle_rng_range(&r, 0, 2)
                  : q.field == GENCYCLE_YEAR           ? gencycle_rng_range(&r, 1, 5)
                                                       : gencycle_rng_range(&r, 0, 2);
        q.min = seed % 4 == 0 || gencycle_rng_chance(&r, 30) ? gencycle_rng_range(&r, 1, 2) : 0;
        q.max = gencycle_rng_chance(&r, 30) ? -1 : gencycle_rng_range(&r, q.min, q.min + 1);
        for (int i = 0; i < g->nquotas; i++)
            dup |= g->quotas[i].scope == q.scope && g->quotas[i].field == q.field &&
                   g->quotas[i].value == q.value;
        if (!dup) {
            g->quotas = realloc(g->quotas, sizeof(*g->quotas) * (size_t)(g->nquotas + 1));
            if (!g->quotas) {
                fputs("waitlist: out of memory\n", stderr);
                exit(1);
            }
            g->quotas[g->nquotas++] = q;
        }
    }
}

static void check_folder(ctx *c, const model *m, const char *out, const int *leaf_of,
                         testkit_msg *msg)
{
    row rows[MAXROWS];
    int n = expected(m, leaf_of, rows);
    c->rows += n;
    compare(m, out, leaf_of, rows, n, msg);
}

/* solve: the engine's own assignment. Returns the exit code. */
static int check_solve(ctx *c, const gencycle *g, const model *m, unsigned long long seed,
                       const char *dir, int stable, int *leaf_of)
{
    char out[4096], why[2048];
    char *argv[] = {(char *)c->bin, (char *)"solve", (char *)dir, (char *)"-o", out,
                    (char *)"--quiet", stable ? (char *)"--stable" : NULL, NULL};
    testkit_msg msg;
    int rc;
    testkit_msg_init(&msg, why, sizeof(why));
    testkit_path(out, sizeof(out), c->tmp, "out");
    testkit_rm_tree(out);
    rc = run_engine(c, argv);
    if (rc == 3) {
        c->skipped++;
        return rc;
    }
    if (rc != 0)
        testkit_say(&msg, "solve exits %d", rc);
    else if (read_assignment(g, out, leaf_of, &msg) == 0)
        check_folder(c, m, out, leaf_of, &msg);
    verdict(c, g, seed, stable ? "solve --stable" : "solve", &msg);
    return rc;
}

/* verify -o on a random assignment. */
static void check_verify(ctx *c, const gencycle *g, const model *m, unsigned long long seed,
                         const char *dir, int k)
{
    char out[4096], asg[4096], why[2048], what[64];
    char *argv[] = {(char *)c->bin, (char *)"verify", (char *)dir, asg, (char *)"-o", out,
                    (char *)"--quiet", NULL};
    int leaf_of[MAXS], leaves[MAXN], nleaves = 0, rc;
    gencycle_rng r;
    testkit_msg msg;
    FILE *f;
    testkit_msg_init(&msg, why, sizeof(why));
    snprintf(what, sizeof(what), "verify %d", k);
    gencycle_rng_init(&r, seed * 104729 + (unsigned long long)k);
    for (int v = 0; v < g->nnodes; v++)
        if (is_leaf(g, v))
            leaves[nleaves++] = v;
    testkit_path(asg, sizeof(asg), c->tmp, "asg.csv");
    testkit_path(out, sizeof(out), c->tmp, "out");
    testkit_rm_tree(out);
    f = fopen(asg, "w");
    if (!f) {
        perror("waitlist: asg.csv");
        exit(1);
    }
    fputs("student,program,lab,supervisor\n", f);
    for (int s = 0; s < g->nstudents; s++) {
        const char *ids[3] = {"", "", ""};
        int good[MAXN], ngood = 0;
        for (int i = 0; i < nleaves; i++)
            if (m->fix[s] >= 0 ? gencycle_within(g, m->fix[s], leaves[i])
                               : admissible_rank(g, s, leaves[i]) > 0)
                good[ngood++] = leaves[i];
        leaf_of[s] = -1;
        if (gencycle_rng_chance(&r, 30))
            continue;
        leaf_of[s] = ngood && gencycle_rng_chance(&r, 75) ? good[gencycle_rng_below(&r, ngood)]
                                                          : leaves[gencycle_rng_below(&r, nleaves)];
        for (int v = leaf_of[s]; v >= 0; v = g->nodes[v].parent)
            ids[g->nodes[v].level] = g->nodes[v].id;
        fprintf(f, "%s,%s,%s,%s\n", g->students[s].id, ids[0], ids[1], ids[2]);
    }
    if (fclose(f) != 0) {
        perror("waitlist: asg.csv");
        exit(1);
    }
    rc = run_engine(c, argv);
    if (rc != 0 && rc != 3)
        testkit_say(&msg, "verify exits %d", rc);
    else
        check_folder(c, m, out, leaf_of, &msg);
    verdict(c, g, seed, what, &msg);
}

/* round: see the top of the file. g has no rankings and no quotas; leaf_of
 * is its --stable solve's assignment, whose waitlist.csv is in OUT. */
static void check_round(ctx *c, gencycle *g, const model *m, unsigned long long seed,
                        const int *leaf_of)
{
    char out[4096], dir[4096], why[2048];
    char *argv[] = {(char *)c->bin, (char *)"solve", dir, (char *)"-o", out, (char *)"--quiet",
                    (char *)"--stable", NULL};
    int d = -1, t, nplaced = 0, after[MAXS], rc, nover = g->noverrides, npref = g->nprefs;
    long best = LAST;
    int on_list[MAXS] = {0}, any = 0;
    gencycle_override *saved_over = g->overrides;
    gencycle_pref *saved_pref = g->prefs;
    gencycle_style st;
    testkit_table wl;
    testkit_msg msg;
    testkit_msg_init(&msg, why, sizeof(why));
    /* the student who declines: the (seed-th) placed student without a fix */
    for (int s = 0; s < g->nstudents; s++)
        nplaced += leaf_of[s] >= 0 && m->fix[s] < 0;
    if (nplaced == 0)
        return;
    for (int s = 0, k = (int)(seed % (unsigned long long)nplaced); s < g->nstudents; s++)
        if (leaf_of[s] >= 0 && m->fix[s] < 0 && k-- == 0)
            d = s;
    t = leaf_of[d];
    /* the unplaced students on t's waitlist, as the first round wrote it */
    testkit_path(out, sizeof(out), c->tmp, "out");
    if (testkit_table_read(out, "waitlist.csv", &wl) != 0) {
        testkit_table_release(&wl);
        return; /* reported by the solve check */
    }
    for (int i = 1; i < wl.nrows; i++)
        if (wl.nfields[i] == 6 && strcmp(wl.rows[i][0], g->nodes[t].id) == 0)
            for (int s = 0; s < g->nstudents; s++)
                if (strcmp(g->students[s].id, wl.rows[i][2]) == 0 && leaf_of[s] < 0) {
                    on_list[s] = any = 1;
                    if (priority(g, t, s) < best)
                        best = priority(g, t, s);
                }
    testkit_table_release(&wl);

    /* the second round's cycle: d without choices, everyone else placed
       fixed at her leaf */
    g->prefs = calloc((size_t)npref + 1, sizeof(*g->prefs));
    g->overrides = calloc((size_t)(nover + g->nstudents) + 1, sizeof(*g->overrides));
    if (!g->prefs || !g->overrides) {
        fputs("waitlist: out of memory\n", stderr);
        exit(1);
    }
    g->nprefs = 0;
    for (int i = 0; i < npref; i++)
        if (saved_pref[i].student != d)
            g->prefs[g->nprefs++] = saved_pref[i];
    if (nover > 0)
        memcpy(g->overrides, saved_over, sizeof(*g->overrides) * (size_t)nover);
    for (int s = 0; s < g->nstudents; s++) {
        int dup = 0;
        if (s == d || leaf_of[s] < 0)
            continue;
        for (int i = 0; i < nover; i++)
            dup |= saved_over[i].student == s && saved_over[i].node == leaf_of[s];
        if (!dup)
            g->overrides[g->noverrides++] = (gencycle_override){s, leaf_of[s], GENCYCLE_FIX};
    }
    testkit_path(dir, sizeof(dir), c->tmp, "round2");
    testkit_rm_tree(dir);
    gencycle_style_init(&st);
    if (gencycle_write(g, dir, &st, why, sizeof(why)) != 0) {
        fprintf(stderr, "waitlist: %s\n", why);
        exit(1);
    }
    testkit_rm_tree(out);
    rc = run_engine(c, argv);
    if (rc == 3) {
        c->skipped++; /* the decline broke a minimum nobody can refill */
    } else if (rc != 0) {
        testkit_say(&msg, "round 2 solve exits %d", rc);
    } else if (read_assignment(g, out, after, &msg) == 0) {
        int newcomer = -1, at_t = -1;
        c->round_checks++;
        for (int s = 0; s < g->nstudents; s++) {
            if (s != d && leaf_of[s] >= 0 && after[s] != leaf_of[s])
                testkit_say(&msg, "fixed '%s' moved", g->students[s].id);
            if (leaf_of[s] < 0 && after[s] >= 0) {
                if (newcomer >= 0)
                    testkit_say(&msg, "two newcomers for one freed seat");
                newcomer = s;
                if (after[s] == t)
                    at_t = s;
            }
        }
        if (after[d] >= 0)
            testkit_say(&msg, "the declining '%s' is placed", g->students[d].id);
        if (any && newcomer < 0)
            testkit_say(&msg, "'%s' freed at '%s' with unplaced students on its waitlist, "
                              "nobody placed",
                        g->students[d].id, g->nodes[t].id);
        if (any && newcomer >= 0 && priority(g, t, newcomer) > best)
            testkit_say(&msg, "'%s' placed, below the best unplaced student on the waitlist of "
                              "'%s'",
                        g->students[newcomer].id, g->nodes[t].id);
        if (at_t >= 0 && !on_list[at_t])
            testkit_say(&msg, "'%s' takes '%s' but is not on its waitlist",
                        g->students[at_t].id, g->nodes[t].id);
        c->round_filled += at_t >= 0;
    }
    verdict(c, g, seed, "round", &msg);
    free(g->prefs);
    free(g->overrides);
    g->prefs = saved_pref;
    g->overrides = saved_over;
    g->nprefs = npref;
    g->noverrides = nover;
}

static void run_cycle(ctx *c, unsigned long long seed)
{
    gencycle *g = gencycle_tiny(seed);
    gencycle_style st;
    model m;
    char dir[4096], err[512];
    int leaf_of[MAXS];
    strengthen(g, seed);
    model_init(&m, g);
    gencycle_style_init(&st);
    testkit_path(dir, sizeof(dir), c->tmp, "cycle");
    testkit_rm_tree(dir);
    if (gencycle_write(g, dir, &st, err, sizeof(err)) != 0) {
        fprintf(stderr, "waitlist: %s\n", err);
        exit(1);
    }
    if (c->verbose)
        printf("seed %llu: %d students, %d nodes, %d quotas, %d overrides\n", seed, g->nstudents,
               g->nnodes, m.nq, g->noverrides);
    check_solve(c, g, &m, seed, dir, seed % 2 == 1, leaf_of);
    for (int k = 0; k < NVERIFY; k++)
        check_verify(c, g, &m, seed, dir, k);
    /* the round: ordered by score everywhere, no quotas */
    free(g->ranks);
    g->ranks = NULL;
    g->nranks = 0;
    g->nquotas = 0;
    model_init(&m, g);
    testkit_rm_tree(dir);
    if (gencycle_write(g, dir, &st, err, sizeof(err)) != 0) {
        fprintf(stderr, "waitlist: %s\n", err);
        exit(1);
    }
    if (check_solve(c, g, &m, seed, dir, 1, leaf_of) == 0)
        check_round(c, g, &m, seed, leaf_of);
    gencycle_free(g);
}

int main(void)
{
    ctx c;
    unsigned long long seeds, first;
    testkit_set_name("waitlist");
    memset(&c, 0, sizeof(c));
    c.bin = getenv("PLACEMENT_BIN");
    if (!c.bin || !*c.bin)
        c.bin = "./placement";
    c.verbose = getenv("WAITLIST_VERBOSE") != NULL;
    seeds = (unsigned long long)testkit_env_count("WAITLIST_SEEDS", 200);
    first = (unsigned long long)testkit_env_count("WAITLIST_FIRST", 1);
    if (access(c.bin, X_OK) != 0) {
        printf("FAIL engine '%s' is not an executable (set PLACEMENT_BIN)\n", c.bin);
        printf("waitlist: 0 passed, 1 failed\n");
        return 1;
    }
    testkit_tmpdir(c.tmp, sizeof(c.tmp), "waitlist");
    for (unsigned long long s = first; s < first + seeds; s++)
        run_cycle(&c, s);
    testkit_rm_tree(c.tmp);
    printf("waitlist: %llu cycles, %ld waitlist rows compared, %ld infeasible runs skipped, "
           "%ld rounds checked (%ld freed seats refilled at the leaf)\n",
           seeds, c.rows, c.skipped, c.round_checks, c.round_filled);
    printf("waitlist: %ld passed, %ld failed\n", c.passed, c.failed);
    return c.failed ? 1 : 0;
}
