/* test_bruteforce.c - the oracle: random tiny cycles (tests/lib/gencycle.h)
 * solved by the engine binary under every objective, with and without
 * --require-all, and by exhaustive enumeration here, from the in-memory
 * cycle and with rules written again from SPEC §3 and §5 (no solver code).
 * The engine's summary must show the optimal profile, its assignments.csv
 * must be feasible and admissible, and exit 3 must mean infeasible. Every
 * third cycle has its ranks spread out with gaps (gencycle_gap_ranks, up to
 * 10^9): the summary must then have rank rows for the ranks in use only.
 *
 * Environment: BRUTE_SEEDS (default 600) cycles, BRUTE_FIRST (default 1)
 * first seed, PLACEMENT_BIN (default ./placement) the engine, BRUTE_VERBOSE
 * set: one line per cycle. A failing cycle is kept in /tmp/brute-fail-*
 * (the first MAXKEEP of a run). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gencycle.h"
#include "testkit.h"

#define MAXS 8     /* students (tiny cycles have at most 6) */
#define MAXOPT 8   /* options a student has: leaves plus unplaced */
#define MAXR 40    /* distinct ranks in use, unranked included */
#define MAXQ 64    /* quotas after '*' expansion */
#define MAXKEEP 20 /* failing cycles kept in /tmp in one run */

enum { OBJ_RANK_SUM, OBJ_RANK_MAXIMAL, OBJ_GENEROUS, NOBJ };
static const char *const obj_names[NOBJ] = {"rank-sum", "rank-maximal", "generous"};

/* ---- the rules, from the in-memory cycle ---- */

typedef struct quota {
    int scope, field, value, min, max;
} quota;

typedef struct profile {
    int placed;
    long sum;
    int count[MAXR + 1]; /* count[i]: at rank rk[i], i < nrk; count[nrk]: unranked */
} profile;

typedef struct best {
    int found;
    profile p;
    int leaf[MAXS]; /* a witness: node index or -1 */
} best;

typedef struct oracle {
    const gencycle *g;
    int n, R;
    int rk[MAXR]; /* the distinct ranks written, ascending (gaps kept) */
    int nrk;
    int fix[MAXS]; /* deepest fix node, -1 */
    int nopt[MAXS];
    int opt[MAXS][MAXOPT]; /* leaf node indices */
    int optrank[MAXS][MAXOPT];
    int optpos[MAXS][MAXOPT]; /* the rank's position in rk (nrk: unranked) */
    quota q[MAXQ];
    int nq;
    /* enumeration state */
    int *cnt; /* placed in each node's subtree */
    int qcnt[MAXQ];
    int cur[MAXS];
    long visited;
    best best[NOBJ][2]; /* [objective][require_all] */
} oracle;

/* Student s's rank for leaf (best over the leaf and its ancestors), or 0
 * when she did not rank it. */
static int choice_rank(const gencycle *g, int s, int leaf)
{
    int best_rank = 0;
    for (int i = 0; i < g->nprefs; i++)
        if (g->prefs[i].student == s && gencycle_within(g, g->prefs[i].node, leaf) &&
            (best_rank == 0 || g->prefs[i].rank < best_rank))
            best_rank = g->prefs[i].rank;
    return best_rank;
}

static int has_ranking(const gencycle *g, int v)
{
    for (int i = 0; i < g->nranks; i++)
        if (g->ranks[i].ranker == v)
            return 1;
    return 0;
}

static int on_ranking(const gencycle *g, int v, int s)
{
    for (int i = 0; i < g->nranks; i++)
        if (g->ranks[i].ranker == v && g->ranks[i].student == s)
            return 1;
    return 0;
}

/* Whether node v itself lets student s in: thresholds (inclusive; an empty
 * year or gpa fails), required tags, the node's ranking. */
static int node_admits(const gencycle *g, int v, int s)
{
    const gencycle_node *n = &g->nodes[v];
    const gencycle_student *st = &g->students[s];
    if (n->min_year >= 0 && (st->year < 0 || st->year < n->min_year))
        return 0;
    if (n->min_gpa >= 0 && (st->gpa < 0 || st->gpa < n->min_gpa))
        return 0;
    if ((st->tags & n->requires) != n->requires)
        return 0;
    if (has_ranking(g, v) && !on_ranking(g, v, s))
        return 0;
    return 1;
}

static int forbidden(const gencycle *g, int s, int leaf)
{
    for (int i = 0; i < g->noverrides; i++)
        if (g->overrides[i].student == s && g->overrides[i].action == GENCYCLE_FORBID &&
            gencycle_within(g, g->overrides[i].node, leaf))
            return 1;
    return 0;
}

/* The rank at which (s, leaf) is admissible (R+1 when unranked through a
 * fix), or 0 when it is not. */
static int admissible(const oracle *o, int s, int leaf)
{
    const gencycle *g = o->g;
    int r;
    if (leaf < 0 || leaf >= g->nnodes || g->nodes[leaf].nchildren || forbidden(g, s, leaf))
        return 0;
    r = choice_rank(g, s, leaf);
    if (o->fix[s] >= 0)
        return gencycle_within(g, o->fix[s], leaf) ? (r ? r : o->R + 1) : 0;
    if (!r)
        return 0;
    for (int v = leaf; v >= 0; v = g->nodes[v].parent)
        if (!node_admits(g, v, s))
            return 0;
    return r;
}

static int student_has(const gencycle *g, int s, int field, int value)
{
    const gencycle_student *st = &g->students[s];
    if (field == GENCYCLE_HOME)
        return st->home >= 0 && st->home == value;
    if (field == GENCYCLE_YEAR)
        return st->year >= 0 && st->year == value;
    return (st->tags >> value) & 1u;
}

static void add_quota(oracle *o, const gencycle_quota *gq, int value)
{
    if (o->nq >= MAXQ) {
        fputs("bruteforce: too many quotas\n", stderr);
        exit(1);
    }
    o->q[o->nq].scope = gq->scope;
    o->q[o->nq].field = gq->field;
    o->q[o->nq].value = value;
    o->q[o->nq].min = gq->min;
    o->q[o->nq].max = gq->max;
    o->nq++;
}

/* '*' becomes one quota per distinct non-empty value some student has. */
static void expand_quotas(oracle *o)
{
    const gencycle *g = o->g;
    for (int i = 0; i < g->nquotas; i++) {
        const gencycle_quota *gq = &g->quotas[i];
        int hi = gq->field == GENCYCLE_HOME   ? GENCYCLE_NHOMES - 1
                 : gq->field == GENCYCLE_YEAR ? 100
                                              : GENCYCLE_NTAGS - 1;
        if (gq->value != GENCYCLE_ANY) {
            add_quota(o, gq, gq->value);
            continue;
        }
        for (int v = 0; v <= hi; v++) {
            int held = 0;
            for (int s = 0; s < g->nstudents && !held; s++)
                held = student_has(g, s, gq->field, v);
            if (held)
                add_quota(o, gq, v);
        }
    }
}

/* The position of rank r in o->rk, o->nrk for R+1 (unranked). */
static int rank_pos(const oracle *o, int r)
{
    for (int k = 0; k < o->nrk; k++)
        if (o->rk[k] == r)
            return k;
    return o->nrk;
}

static void oracle_init(oracle *o, const gencycle *g)
{
    memset(o, 0, sizeof(*o));
    o->g = g;
    o->n = g->nstudents;
    for (int i = 0; i < g->nprefs; i++) {
        int r = g->prefs[i].rank, k = 0;
        if (r > o->R)
            o->R = r;
        while (k < o->nrk && o->rk[k] < r)
            k++;
        if (k < o->nrk && o->rk[k] == r)
            continue;
        if (o->nrk + 1 >= MAXR) {
            fputs("bruteforce: too many distinct ranks for brute force\n", stderr);
            exit(1);
        }
        memmove(&o->rk[k + 1], &o->rk[k], sizeof(int) * (size_t)(o->nrk - k));
        o->rk[k] = r;
        o->nrk++;
    }
    if (o->n > MAXS) {
        fputs("bruteforce: cycle too large for brute force\n", stderr);
        exit(1);
    }
    for (int s = 0; s < o->n; s++) {
        o->fix[s] = -1;
        for (int i = 0; i < g->noverrides; i++) {
            const gencycle_override *ov = &g->overrides[i];
            if (ov->student == s && ov->action == GENCYCLE_FIX &&
                (o->fix[s] < 0 || gencycle_within(g, o->fix[s], ov->node)))
                o->fix[s] = ov->node;
        }
        for (int v = 0; v < g->nnodes; v++) {
            int r = admissible(o, s, v);
            if (!r)
                continue;
            if (o->nopt[s] >= MAXOPT - 1) {
                fputs("bruteforce: too many options\n", stderr);
                exit(1);
            }
            o->opt[s][o->nopt[s]] = v;
            o->optrank[s][o->nopt[s]] = r;
            o->optpos[s][o->nopt[s]] = rank_pos(o, r);
            o->nopt[s]++;
        }
    }
    expand_quotas(o);
    o->cnt = testkit_xcalloc((size_t)g->nnodes, sizeof(int));
}

static void oracle_release(oracle *o)
{
    free(o->cnt);
}

/* ---- profiles and objectives ---- */

/* 1 when a is strictly better than b under objective obj (most placed
 * first, then the objective of SPEC §5 with unranked at R+1). The counts
 * are over the nrk ranks in use, ascending, then unranked: a rank nobody
 * wrote counts nobody in either. */
static int better(int obj, const profile *a, const profile *b, int nrk)
{
    if (a->placed != b->placed)
        return a->placed > b->placed;
    if (obj == OBJ_RANK_SUM)
        return a->sum < b->sum;
    if (obj == OBJ_RANK_MAXIMAL) {
        for (int i = 0; i <= nrk; i++)
            if (a->count[i] != b->count[i])
                return a->count[i] > b->count[i];
        return 0;
    }
    for (int i = nrk; i >= 0; i--)
        if (a->count[i] != b->count[i])
            return a->count[i] < b->count[i];
    return 0;
}

static void profile_text(const profile *p, const oracle *o, char *buf, size_t len)
{
    size_t n = 0;
    int w = snprintf(buf, len, "placed %d, total %ld, ranks [", p->placed, p->sum);
    if (w > 0)
        n = (size_t)w;
    for (int i = 0; i <= o->nrk && n < len; i++) {
        if (i < o->nrk)
            w = snprintf(buf + n, len - n, "%s%d=%d", i ? " " : "", o->rk[i], p->count[i]);
        else
            w = snprintf(buf + n, len - n, "%sunranked=%d", i ? " " : "", p->count[i]);
        if (w > 0)
            n += (size_t)w;
    }
    if (n < len)
        snprintf(buf + n, len - n, "]");
}

/* ---- enumeration ---- */

/* Adds (delta +1) or removes (-1) student s at leaf; returns 0 when a
 * capacity or a quota maximum is exceeded (the change is made anyway). */
static int place(oracle *o, int s, int leaf, int delta)
{
    const gencycle *g = o->g;
    int ok = 1;
    for (int v = leaf; v >= 0; v = g->nodes[v].parent) {
        o->cnt[v] += delta;
        if (g->nodes[v].capacity >= 0 && o->cnt[v] > g->nodes[v].capacity)
            ok = 0;
    }
    for (int i = 0; i < o->nq; i++) {
        const quota *q = &o->q[i];
        if ((q->scope < 0 || gencycle_within(g, q->scope, leaf)) &&
            student_has(g, s, q->field, q->value)) {
            o->qcnt[i] += delta;
            if (q->max >= 0 && o->qcnt[i] > q->max)
                ok = 0;
        }
    }
    return ok;
}

static int minimums_met(const oracle *o)
{
    for (int v = 0; v < o->g->nnodes; v++)
        if (o->cnt[v] < o->g->nodes[v].min)
            return 0;
    for (int i = 0; i < o->nq; i++)
        if (o->qcnt[i] < o->q[i].min)
            return 0;
    return 1;
}

static void visit(oracle *o)
{
    profile p;
    memset(&p, 0, sizeof(p));
    o->visited++;
    if (!minimums_met(o))
        return;
    for (int s = 0; s < o->n; s++) {
        int r;
        if (o->cur[s] < 0)
            continue;
        r = o->optrank[s][o->cur[s]];
        p.placed++;
        p.sum += r;
        p.count[o->optpos[s][o->cur[s]]]++;
    }
    for (int obj = 0; obj < NOBJ; obj++)
        for (int all = 0; all < 2; all++) {
            best *b = &o->best[obj][all];
            if (all && p.placed < o->n)
                continue;
            if (!b->found || better(obj, &p, &b->p, o->nrk)) {
                b->found = 1;
                b->p = p;
                for (int s = 0; s < o->n; s++)
                    b->leaf[s] = o->cur[s] < 0 ? -1 : o->opt[s][o->cur[s]];
            }
        }
}

static void enumerate(oracle *o, int s)
{
    if (s == o->n) {
        visit(o);
        return;
    }
    if (o->fix[s] < 0) { /* a fixed student must be placed */
        o->cur[s] = -1;
        enumerate(o, s + 1);
    }
    for (int k = 0; k < o->nopt[s]; k++) {
        int leaf = o->opt[s][k];
        o->cur[s] = k;
        if (place(o, s, leaf, +1))
            enumerate(o, s + 1);
        place(o, s, leaf, -1);
    }
}

/* ---- checking one engine run ---- */

static int node_by_id(const gencycle *g, const char *id)
{
    for (int v = 0; v < g->nnodes; v++)
        if (strcmp(g->nodes[v].id, id) == 0)
            return v;
    return -1;
}

static int student_by_id(const gencycle *g, const char *id)
{
    for (int s = 0; s < g->nstudents; s++)
        if (strcmp(g->students[s].id, id) == 0)
            return s;
    return -1;
}

/* The columns assignments.csv appends for people: the leaf's name and
 * the student's home, year and score, as the generator wrote them. */
static void check_student_columns(const gencycle *g, int s, int v, char **f, testkit_msg *m)
{
    const gencycle_student *st = &g->students[s];
    const char *home = st->home >= 0 ? gencycle_home_names[st->home] : "";
    char year[16] = "", score[16] = "";
    if (strcmp(f[8], v >= 0 ? g->nodes[v].name : "") != 0)
        testkit_say(m, "student '%s' leaf_name '%s', expected '%s'", f[0], f[8],
                    v >= 0 ? g->nodes[v].name : "");
    if (strcmp(f[9], home) != 0)
        testkit_say(m, "student '%s' home '%s', expected '%s'", f[0], f[9], home);
    if (st->year >= 0)
        snprintf(year, sizeof(year), "%d", st->year);
    if (strcmp(f[10], year) != 0)
        testkit_say(m, "student '%s' year '%s', expected '%s'", f[0], f[10], year);
    if (st->score >= 0) /* as the generator writes it, and as written is how it prints */
        snprintf(score, sizeof(score), "%d.%d", st->score / 10, st->score % 10);
    if (strcmp(f[11], score) != 0)
        testkit_say(m, "student '%s' score '%s', expected '%s'", f[0], f[11], score);
}

/* Reads OUT/assignments.csv into leaf[] (node index or -1) and checks the
 * rows themselves: header, one row per student in id order, the path
 * columns, status, rank and name. Returns 0 when it could be read. */
static int read_assignments(const oracle *o, const char *out, int leaf[MAXS], testkit_msg *m)
{
    static const char *const header[12] = {"student", "name",      "status", "program",
                                           "lab",     "supervisor", "rank",  "reason",
                                           "leaf_name", "home",     "year",  "score"};
    const gencycle *g = o->g;
    testkit_table t;
    int seen[MAXS] = {0};
    if (testkit_table_read(out, "assignments.csv", &t) != 0) {
        testkit_say(m, "assignments.csv cannot be read");
        testkit_table_release(&t);
        return -1;
    }
    if (t.nrows < 1 || t.nfields[0] != 12) {
        testkit_say(m, "assignments.csv has no 12-column header");
        testkit_table_release(&t);
        return -1;
    }
    for (int j = 0; j < 12; j++)
        if (strcmp(t.rows[0][j], header[j]) != 0)
            testkit_say(m, "assignments.csv column %d is '%s', expected '%s'", j + 1, t.rows[0][j],
                        header[j]);
    for (int s = 0; s < o->n; s++)
        leaf[s] = -1;
    for (int i = 1; i < t.nrows; i++) {
        char **f = t.rows[i];
        int s, v = -1, r;
        const char *ids[3];
        if (t.nfields[i] != 12) {
            testkit_say(m, "assignments.csv row %d has %d fields", i + 1, t.nfields[i]);
            continue;
        }
        s = student_by_id(g, f[0]);
        if (s < 0) {
            testkit_say(m, "assignments.csv names unknown student '%s'", f[0]);
            continue;
        }
        if (seen[s]++)
            testkit_say(m, "student '%s' has two rows", f[0]);
        if (i > 1 && strcmp(t.rows[i - 1][0], f[0]) >= 0)
            testkit_say(m, "rows not sorted by student id at '%s'", f[0]);
        if (strcmp(f[1], g->students[s].name) != 0)
            testkit_say(m, "student '%s' name '%s', expected '%s'", f[0], f[1],
                        g->students[s].name);
        for (int k = 2; k >= 0 && v < 0; k--)
            if (f[3 + k][0])
                v = node_by_id(g, f[3 + k]);
        if (v < 0 && (f[3][0] || f[4][0] || f[5][0])) {
            testkit_say(m, "student '%s' placed at unknown node", f[0]);
            continue;
        }
        ids[0] = ids[1] = ids[2] = "";
        for (int u = v; u >= 0; u = g->nodes[u].parent)
            ids[g->nodes[u].level] = g->nodes[u].id;
        for (int k = 0; k < 3; k++)
            if (strcmp(ids[k], f[3 + k]) != 0)
                testkit_say(m, "student '%s' path '%s/%s/%s' is not that of a node", f[0], f[3],
                            f[4], f[5]);
        if (v >= 0 && g->nodes[v].nchildren)
            testkit_say(m, "student '%s' placed at '%s', not a leaf", f[0], g->nodes[v].id);
        leaf[s] = v;
        check_student_columns(g, s, v, f, m);
        {
            const char *want = v < 0 ? "unplaced" : o->fix[s] >= 0 ? "fixed" : "placed";
            if (strcmp(f[2], want) != 0)
                testkit_say(m, "student '%s' status '%s', expected '%s'", f[0], f[2], want);
        }
        r = v >= 0 ? admissible(o, s, v) : 0;
        if (v >= 0 && r > 0) {
            char want[16];
            if (r <= o->R)
                snprintf(want, sizeof(want), "%d", r);
            else
                want[0] = '\0';
            if (strcmp(f[6], want) != 0)
                testkit_say(m, "student '%s' rank '%s', expected '%s'", f[0], f[6], want);
        } else if (v < 0 && f[6][0]) {
            testkit_say(m, "unplaced student '%s' has rank '%s'", f[0], f[6]);
        }
    }
    for (int s = 0; s < o->n; s++)
        if (!seen[s])
            testkit_say(m, "student '%s' has no row", g->students[s].id);
    testkit_table_release(&t);
    return 0;
}

/* Checks the assignment against SPEC §3 by the oracle's rules and computes
 * its profile. */
static void check_feasible(oracle *o, const int leaf[MAXS], int require_all, profile *p,
                           testkit_msg *m)
{
    const gencycle *g = o->g;
    memset(p, 0, sizeof(*p));
    memset(o->cnt, 0, sizeof(int) * (size_t)g->nnodes);
    memset(o->qcnt, 0, sizeof(o->qcnt));
    for (int s = 0; s < o->n; s++) {
        int r;
        if (leaf[s] < 0) {
            if (o->fix[s] >= 0)
                testkit_say(m, "fixed student '%s' unplaced", g->students[s].id);
            else if (require_all)
                testkit_say(m, "student '%s' unplaced under --require-all", g->students[s].id);
            continue;
        }
        r = admissible(o, s, leaf[s]);
        if (!r) {
            testkit_say(m, "pair (%s, %s) not admissible", g->students[s].id, g->nodes[leaf[s]].id);
            r = o->R + 1;
        }
        place(o, s, leaf[s], +1);
        p->placed++;
        p->sum += r;
        p->count[rank_pos(o, r)]++;
    }
    for (int v = 0; v < g->nnodes; v++) {
        const gencycle_node *n = &g->nodes[v];
        if (n->capacity >= 0 && o->cnt[v] > n->capacity)
            testkit_say(m, "'%s' holds %d, capacity %d", n->id, o->cnt[v], n->capacity);
        if (o->cnt[v] < n->min)
            testkit_say(m, "'%s' holds %d, min %d", n->id, o->cnt[v], n->min);
    }
    for (int i = 0; i < o->nq; i++) {
        const quota *q = &o->q[i];
        char value[16];
        if (q->field == GENCYCLE_YEAR)
            snprintf(value, sizeof(value), "%d", q->value);
        if (o->qcnt[i] < q->min || (q->max >= 0 && o->qcnt[i] > q->max))
            testkit_say(m, "quota %s=%s within '%s' counts %d, bounds %d..%d",
                        q->field == GENCYCLE_HOME   ? "home"
                        : q->field == GENCYCLE_YEAR ? "year"
                                                    : "tag",
                        q->field == GENCYCLE_HOME   ? gencycle_home_names[q->value]
                        : q->field == GENCYCLE_YEAR ? value
                                                    : gencycle_tag_names[q->value],
                        q->scope >= 0 ? g->nodes[q->scope].id : "(whole cycle)", o->qcnt[i], q->min,
                        q->max);
    }
}

static const char *metric(const testkit_table *t, const char *name)
{
    for (int i = 1; i < t->nrows; i++)
        if (t->nfields[i] == 2 && strcmp(t->rows[i][0], name) == 0)
            return t->rows[i][1];
    return NULL;
}

static int metric_is(const testkit_table *t, const char *name, long want, testkit_msg *m)
{
    const char *v = metric(t, name);
    char *end;
    long got;
    if (!v) {
        testkit_say(m, "summary has no '%s'", name);
        return 0;
    }
    errno = 0;
    got = strtol(v, &end, 10);
    if (errno || end == v || *end || got != want) {
        testkit_say(m, "summary %s=%s, expected %ld", name, v, want);
        return 0;
    }
    return 1;
}

/* The engine's summary must describe its own assignment (profile p). */
/* quotas.csv: one row per quota ('*' expanded) with its bounds and the
 * count the oracle makes of the engine's assignment (o->qcnt, from
 * check_feasible); rows are matched as a multiset. */
static void check_quotas_file(const oracle *o, const char *out, testkit_msg *m)
{
    const gencycle *g = o->g;
    testkit_table t;
    int used[MAXQ + 1] = {0};
    if (testkit_table_read(out, "quotas.csv", &t) != 0 || t.nrows < 1 || t.nfields[0] != 6 ||
        strcmp(t.rows[0][0], "scope") != 0 || strcmp(t.rows[0][5], "placed") != 0) {
        testkit_say(m, "quotas.csv missing or without its 6-column header");
        testkit_table_release(&t);
        return;
    }
    if (t.nrows - 1 != o->nq)
        testkit_say(m, "quotas.csv has %d rows, the cycle %d quotas", t.nrows - 1, o->nq);
    for (int i = 0; i < o->nq; i++) {
        const quota *q = &o->q[i];
        char want[6][64];
        int found = 0;
        snprintf(want[0], 64, "%s", q->scope >= 0 ? g->nodes[q->scope].id : "");
        snprintf(want[1], 64, "%s", q->field == GENCYCLE_HOME   ? "home"
                                    : q->field == GENCYCLE_YEAR ? "year"
                                                                : "tag");
        if (q->field == GENCYCLE_YEAR)
            snprintf(want[2], 64, "%d", q->value);
        else
            snprintf(want[2], 64, "%s", q->field == GENCYCLE_HOME ? gencycle_home_names[q->value]
                                                                 : gencycle_tag_names[q->value]);
        snprintf(want[3], 64, "%d", q->min);
        if (q->max >= 0)
            snprintf(want[4], 64, "%d", q->max);
        else
            want[4][0] = '\0';
        snprintf(want[5], 64, "%d", o->qcnt[i]);
        for (int r = 1; r < t.nrows && r <= MAXQ && !found; r++) {
            int same = !used[r] && t.nfields[r] == 6;
            for (int j = 0; j < 6 && same; j++)
                same = strcmp(t.rows[r][j], want[j]) == 0;
            if (same)
                used[r] = found = 1;
        }
        if (!found)
            testkit_say(m, "quotas.csv has no row %s,%s,%s,%s,%s,%s", want[0], want[1], want[2],
                        want[3], want[4], want[5]);
    }
    testkit_table_release(&t);
}

static void check_summary(const oracle *o, const char *out, const profile *p, testkit_msg *m)
{
    char name[32];
    testkit_table t;
    const char *status;
    if (testkit_table_read(out, "summary.csv", &t) != 0) {
        testkit_say(m, "summary.csv cannot be read");
        testkit_table_release(&t);
        return;
    }
    status = metric(&t, "status");
    if (!status || strcmp(status, "optimal") != 0)
        testkit_say(m, "summary status '%s', expected 'optimal'", status ? status : "(none)");
    metric_is(&t, "students", o->n, m);
    metric_is(&t, "placed", p->placed, m);
    metric_is(&t, "unplaced", o->n - p->placed, m);
    metric_is(&t, "total_rank", p->sum, m);
    /* a row per rank in use and rank_unranked, no other rank row */
    for (int i = 0; i < o->nrk; i++) {
        snprintf(name, sizeof(name), "rank_%d", o->rk[i]);
        metric_is(&t, name, p->count[i], m);
    }
    metric_is(&t, "rank_unranked", p->count[o->nrk], m);
    {
        int nrows = 0;
        for (int i = 1; i < t.nrows; i++)
            nrows += t.nfields[i] == 2 && strncmp(t.rows[i][0], "rank_", 5) == 0;
        if (nrows != o->nrk + 1)
            testkit_say(m, "summary has %d rank rows, expected %d (the ranks in use and "
                           "unranked)", nrows, o->nrk + 1);
    }
    testkit_table_release(&t);
}

/* ---- one cycle ---- */

typedef struct ctx {
    const char *bin;
    char tmp[256];
    int verbose;
    long passed, failed;
    int kept; /* failing cycles kept so far */
    double engine_seconds;
} ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Keeps a failing cycle (written again from its seed) with the engine's
 * output in /tmp/brute-fail-SEED-XXXXXX; returns its path in keep. */
static void keep_failure(const gencycle *g, unsigned long long seed, int gapped, const char *out,
                         int obj, int all, const char *why, char *keep, size_t len)
{
    char dir[256], err[512], path[4096];
    gencycle_style st;
    FILE *f;
    snprintf(dir, sizeof(dir), "/tmp/brute-fail-%llu-XXXXXX", seed);
    if (!mkdtemp(dir)) {
        snprintf(keep, len, "(cannot keep: %s)", strerror(errno));
        return;
    }
    snprintf(keep, len, "%s", dir);
    testkit_path(path, sizeof(path), dir, "cycle");
    gencycle_style_init(&st);
    if (gencycle_write(g, path, &st, err, sizeof(err)) != 0)
        fprintf(stderr, "bruteforce: %s\n", err);
    testkit_path(path, sizeof(path), dir, "engine-out");
    if (rename(out, path) != 0)
        mkdir(path, 0777);
    testkit_path(path, sizeof(path), dir, "README");
    f = fopen(path, "w");
    if (f) {
        fprintf(f, "seed %llu (build/rel/tests/gen cycle --tiny --seed %llu%s)\n", seed, seed,
                gapped ? " --gap-ranks" : "");
        fprintf(f, "placement solve cycle -o out --objective %s%s\n", obj_names[obj],
                all ? " --require-all" : "");
        fprintf(f, "%s\n", why);
        fclose(f);
    }
}

static void run_cycle(ctx *c, unsigned long long seed)
{
    gencycle *g = gencycle_tiny(seed);
    int gapped = seed % 3 == 0; /* every third cycle: ranks with gaps, up to 10^9 */
    gencycle_style st;
    oracle o;
    char dir[4096], out[4096], so[4096], se[4096], err[512];
    char kept[300] = "";
    if (gapped)
        gencycle_gap_ranks(g, seed);
    gencycle_style_init(&st);
    testkit_path(dir, sizeof(dir), c->tmp, "cycle");
    testkit_path(out, sizeof(out), c->tmp, "out");
    testkit_path(so, sizeof(so), c->tmp, "stdout");
    testkit_path(se, sizeof(se), c->tmp, "stderr");
    testkit_rm_tree(dir);
    if (gencycle_write(g, dir, &st, err, sizeof(err)) != 0) {
        fprintf(stderr, "bruteforce: %s\n", err);
        exit(1);
    }
    oracle_init(&o, g);
    enumerate(&o, 0);
    if (c->verbose) {
        char a[256], b[256];
        if (o.best[0][0].found)
            profile_text(&o.best[0][0].p, &o, a, sizeof(a));
        else
            snprintf(a, sizeof(a), "infeasible");
        if (o.best[0][1].found)
            profile_text(&o.best[0][1].p, &o, b, sizeof(b));
        else
            snprintf(b, sizeof(b), "infeasible");
        printf("seed %llu: %d students, %d nodes, R %d, %d quotas, %d overrides, %ld "
               "assignments; %s; require-all: %s\n",
               seed, g->nstudents, g->nnodes, o.R, o.nq, g->noverrides, o.visited, a, b);
    }
    for (int obj = 0; obj < NOBJ; obj++)
        for (int all = 0; all < 2; all++) {
            const best *b = &o.best[obj][all];
            char *argv[10];
            int argc = 0, rc, leaf[MAXS];
            char why[2048];
            testkit_msg m;
            double t0;
            testkit_msg_init(&m, why, sizeof(why));
            argv[argc++] = (char *)c->bin;
            argv[argc++] = (char *)"solve";
            argv[argc++] = dir;
            argv[argc++] = (char *)"-o";
            argv[argc++] = out;
            argv[argc++] = (char *)"--objective";
            argv[argc++] = (char *)obj_names[obj];
            argv[argc++] = (char *)"--quiet";
            if (all)
                argv[argc++] = (char *)"--require-all";
            argv[argc] = NULL;
            testkit_rm_tree(out);
            t0 = now();
            rc = testkit_run(argv, so, se, 120);
            c->engine_seconds += now() - t0;
            if (rc == 3) {
                if (b->found) {
                    char want[256];
                    profile_text(&b->p, &o, want, sizeof(want));
                    testkit_say(&m, "engine says infeasible (exit 3), brute force finds %s", want);
                }
            } else if (rc != 0) {
                char line[512];
                testkit_first_line(se, line, sizeof(line));
                testkit_say(&m, "engine exit %d: %s", rc, line);
            } else {
                profile p;
                if (read_assignments(&o, out, leaf, &m) == 0) {
                    check_feasible(&o, leaf, all, &p, &m);
                    check_summary(&o, out, &p, &m);
                    check_quotas_file(&o, out, &m);
                    if (!b->found) {
                        testkit_say(&m, "engine exit 0, brute force finds no feasible assignment");
                    } else if (better(obj, &b->p, &p, o.nrk)) {
                        char want[256], got[256];
                        profile_text(&b->p, &o, want, sizeof(want));
                        profile_text(&p, &o, got, sizeof(got));
                        testkit_say(&m, "not optimal: engine %s, brute force %s", got, want);
                    } else if (better(obj, &p, &b->p, o.nrk)) {
                        char want[256], got[256];
                        profile_text(&b->p, &o, want, sizeof(want));
                        profile_text(&p, &o, got, sizeof(got));
                        testkit_say(&m, "engine beats brute force: engine %s, brute force %s", got,
                                    want);
                    }
                }
            }
            if (m.len == 0) {
                c->passed++;
                continue;
            }
            c->failed++;
            if (!kept[0] && c->kept < MAXKEEP) {
                keep_failure(g, seed, gapped, out, obj, all, m.text, kept, sizeof(kept));
                c->kept++;
            } else if (!kept[0]) {
                snprintf(kept, sizeof(kept), "not kept: %d kept already", MAXKEEP);
            }
            printf("FAIL seed %llu objective %s%s: %s [kept in %s]\n", seed, obj_names[obj],
                   all ? " --require-all" : "", m.text, kept);
        }
    testkit_rm_tree(out);
    oracle_release(&o);
    gencycle_free(g);
}

int main(void)
{
    ctx c;
    unsigned long long seeds, first;
    double t0 = now();
    testkit_set_name("bruteforce");
    memset(&c, 0, sizeof(c));
    c.bin = getenv("PLACEMENT_BIN");
    if (!c.bin || !*c.bin)
        c.bin = "./placement";
    c.verbose = getenv("BRUTE_VERBOSE") != NULL;
    seeds = (unsigned long long)testkit_env_count("BRUTE_SEEDS", 600);
    first = (unsigned long long)testkit_env_count("BRUTE_FIRST", 1);
    if (access(c.bin, X_OK) != 0) {
        printf("FAIL engine '%s' is not an executable (set PLACEMENT_BIN)\n", c.bin);
        printf("bruteforce: 0 passed, 1 failed\n");
        return 1;
    }
    testkit_tmpdir(c.tmp, sizeof(c.tmp), "brute");
    for (unsigned long long s = first; s < first + seeds; s++)
        run_cycle(&c, s);
    testkit_rm_tree(c.tmp);
    printf("bruteforce: %llu cycles x %d runs in %.1f s (engine %.1f s)\n", seeds, 2 * NOBJ,
           now() - t0, c.engine_seconds);
    printf("bruteforce: %ld passed, %ld failed\n", c.passed, c.failed);
    return c.failed ? 1 : 0;
}
