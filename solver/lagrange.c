/* lagrange.c - a few whole-cycle quotas priced into the flow (see
 * lagrange.h).
 *
 * A stage minimises g: minus the placements; then the rank-sum, over the
 * assignments with exactly P* placements (the first stage's optimum,
 * which the priced flow keeps exactly). For multipliers lambda >= 0 on
 * the maxima and mu >= 0 on the minima,
 *     L = min over those assignments meeting every rule but the quotas of
 *         g + sum lambda_i (n_i - max_i) + sum mu_i (min_i - n_i)
 * (n_i: the placed students quota i counts) is at most g of every one
 * that meets the quotas too, so ceil(L) bounds the stage. Scaled by a
 * common denominator D the multipliers are whole, and L * D is the least
 * cost of a priced flow (treeflow_priced) plus a constant: exact. Kelley's
 * method picks the multipliers: the LP "max t, t <= the linear function
 * each priced flow so far gives" (GLPK), within a trust region around the
 * best multipliers so far (which widens when they move to its edge), its
 * optimum the next multipliers, until the bound cannot rise by a whole
 * unit or the multipliers stop moving. */
#include "lagrange.h"

#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "mem.h"
#include "treeflow.h"

#define MAX_CLASSES (1 << LAGRANGE_MAX_QUOTAS)
#define MAX_CUTS 60           /* priced flows a stage at most */
#define MAX_DENOMINATOR 1000  /* of a multiplier, as read back from the LP */
#define MAX_SCALE 1000000L    /* of their common denominator */
#define TOLERANCE 1e-7        /* of the LP's optimum against an exact bound */

typedef struct lagrange {
    const cycle *c;
    const admit *a;
    const rules *r;
    const stage_def *st;
    int nq;                         /* quotas in force */
    int quota[LAGRANGE_MAX_QUOTAS]; /* their indices in c->quotas */
    long lo[LAGRANGE_MAX_QUOTAS];   /* min, 0: none */
    long hi[LAGRANGE_MAX_QUOTAS];   /* max, -1: none */
    int *class_of;                  /* per student */
    int nclasses;
    unsigned class_mask[MAX_CLASSES]; /* the quotas counting a class */
    long class_size[MAX_CLASSES];     /* its students with a pair */
    long max_coef;                    /* of the second stage, in absolute value */
    long *ucost;                      /* per student: treeflow_priced's */
    treeflow_warm warm;               /* the stage's last priced network */
    int *leaf;                        /* per student: scratch */
    long flows;
    double deadline;
    double last_flow;  /* seconds the last priced flow took */
    double first_flow; /* and the stage's first (cold) one */
} lagrange;

/* What a priced flow's assignment gives a stage's cut. */
typedef struct cut {
    long g, placed;
    long n[LAGRANGE_MAX_QUOTAS];
    long m[MAX_CLASSES]; /* placed per class */
} cut;

/* The multipliers of a stage, a max's and a min's per quota: the LP's
 * columns (then t). */
#define MAX_MULTS (2 * LAGRANGE_MAX_QUOTAS)
typedef struct mults {
    int n;
    int quota[MAX_MULTS]; /* the quota (index into lagrange.quota) */
    int is_min[MAX_MULTS];
    double box[MAX_MULTS]; /* its upper bound */
    double x[MAX_MULTS];   /* the LP's values */
    long p[MAX_MULTS];     /* scaled: whole */
    long scale;
} mults;

int lagrange_applies(const cycle *c, const rules *r, const stage_def *st, int nstages)
{
    int n = 0;
    if (nstages < 1 || nstages > 2 || st[0].rank != 0 || st[0].sum_ranks ||
        (nstages == 2 && !st[1].sum_ranks))
        return 0;
    for (int q = 0; q < c->nquotas; q++) {
        if (!rules_quota_applies(r, q))
            continue;
        if (c->quotas[q].scope >= 0 || ++n > LAGRANGE_MAX_QUOTAS)
            return 0;
    }
    return n > 0;
}

static void setup(lagrange *L, const cycle *c, const admit *a, const rules *r,
                  const stage_def *st, int nstages, double deadline)
{
    int idx[MAX_CLASSES];
    unsigned *mask;
    memset(L, 0, sizeof(*L));
    L->c = c;
    L->a = a;
    L->r = r;
    L->st = st;
    L->deadline = deadline;
    MEM_ZALLOC_ARRAY(mask, c->nstudents + 1);
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int i;
        if (!rules_quota_applies(r, q))
            continue;
        i = L->nq++;
        L->quota[i] = q;
        L->lo[i] = qu->min > 0 ? qu->min : 0;
        L->hi[i] = qu->max;
        for (int k = 0; k < qu->nstudents; k++)
            mask[qu->students[k]] |= 1u << i;
    }
    for (int k = 0; k < MAX_CLASSES; k++)
        idx[k] = -1;
    MEM_ALLOC_ARRAY(L->class_of, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++) {
        unsigned m = mask[s];
        if (idx[m] < 0) {
            idx[m] = L->nclasses++;
            L->class_mask[idx[m]] = m;
        }
        L->class_of[s] = idx[m];
        if (a->range_first[s] < a->range_first[s + 1])
            L->class_size[idx[m]]++;
    }
    free(mask);
    for (long k = 0; nstages == 2 && k < a->nranges; k++) {
        admit_pair pr = {a->ranges[k].student, -1, a->ranges[k].rank, a->ranges[k].ranked, -1};
        long cf = labs(stages_coef(&st[1], &pr));
        if (cf > L->max_coef)
            L->max_coef = cf;
    }
    MEM_ALLOC_ARRAY(L->ucost, c->nstudents + 1);
    MEM_ALLOC_ARRAY(L->leaf, c->nstudents + 1);
}

static void release(lagrange *L)
{
    treeflow_warm_release(&L->warm);
    free(L->class_of);
    free(L->ucost);
    free(L->leaf);
}

/* The best fraction p/q of x with q <= MAX_DENOMINATOR (continued
 * fractions); returns q and sets *p. */
static long rational(double x, long *p)
{
    long h0 = 0, h1 = 1, k0 = 1, k1 = 0;
    double v = x;
    for (int i = 0; i < 40; i++) {
        double f = floor(v);
        long a = (long)f, h2, k2;
        if (fabs(f) > 1e12)
            break;
        h2 = a * h1 + h0;
        k2 = a * k1 + k0;
        if (k2 > MAX_DENOMINATOR)
            break;
        h0 = h1;
        h1 = h2;
        k0 = k1;
        k1 = k2;
        if (fabs(x - (double)h1 / (double)k1) < 1e-12 || v - f < 1e-12)
            break;
        v = 1.0 / (v - f);
    }
    if (k1 == 0) {
        *p = (long)llround(x);
        return 1;
    }
    *p = h1;
    return k1;
}

static long gcd(long x, long y)
{
    while (y) {
        long t = x % y;
        x = y;
        y = t;
    }
    return x < 0 ? -x : x;
}

/* Whole multipliers m->p over m->scale from the LP's values m->x: their
 * fractions' common denominator, or the largest scale that keeps the
 * costs within a long (limit) and rounding. */
static void scale_mults(mults *m, long limit)
{
    long d = 1;
    for (int k = 0; k < m->n && d > 0; k++) {
        long p, q = rational(m->x[k], &p);
        long g = gcd(d, q);
        if (d / g > limit / q)
            d = 0; /* too large */
        else
            d = d / g * q;
    }
    if (d <= 0 || d > limit)
        d = limit;
    m->scale = d;
    for (int k = 0; k < m->n; k++)
        m->p[k] = (long)llround(m->x[k] * (double)d);
}

/* The priced flow for the multipliers m at stage `stage` (0 or 1; P* is
 * `target`): fills the cut from its assignment and returns the exact
 * L * scale in *num; 0 when the flow failed (why). */
static int evaluate(lagrange *L, int stage, long target, const mults *m, cut *ct, long *num,
                    char *why, size_t whylen)
{
    const cycle *c = L->c;
    const admit *a = L->a;
    long quota_price[LAGRANGE_MAX_QUOTAS] = {0}, class_price[MAX_CLASSES];
    long konst = 0, net = 0, value, phases;
    double t0;
    for (int k = 0; k < m->n; k++) {
        int i = m->quota[k];
        if (m->is_min[k]) {
            quota_price[i] -= m->p[k];
            konst += m->p[k] * L->lo[i];
        } else {
            quota_price[i] += m->p[k];
            konst -= m->p[k] * L->hi[i];
        }
    }
    /* a placement's price by class: the quotas counting it, and minus
       one placement at the first stage */
    for (int k = 0; k < L->nclasses; k++) {
        class_price[k] = stage == 0 ? -m->scale : 0;
        for (int i = 0; i < L->nq; i++)
            if (L->class_mask[k] & (1u << i))
                class_price[k] += quota_price[i];
    }
    for (int s = 0; s < c->nstudents; s++) {
        long cs = class_price[L->class_of[s]];
        if (a->range_first[s] == a->range_first[s + 1])
            continue;
        L->ucost[s] = -cs;
        net += cs;
    }
    L->flows++;
    t0 = clock_seconds();
    if (treeflow_priced(c, a, L->r, stage == 1 ? &L->st[1] : NULL,
                        stage == 1 ? (L->st[1].maximize ? -m->scale : m->scale) : 0, L->ucost,
                        stage == 1 ? target : -1, &L->warm, L->leaf, &value, &phases, why,
                        whylen) != TREEFLOW_SOLVED)
        return 0;
    L->last_flow = clock_seconds() - t0;
    *num = value + net + konst;
    memset(ct, 0, sizeof(*ct));
    for (int s = 0; s < c->nstudents; s++)
        if (L->leaf[s] >= 0) {
            ct->placed++;
            ct->m[L->class_of[s]]++;
        }
    for (int k = 0; k < L->nclasses; k++)
        for (int i = 0; i < L->nq; i++)
            if (L->class_mask[k] & (1u << i))
                ct->n[i] += ct->m[k];
    ct->g = stage == 0 ? -ct->placed
                       : (L->st[1].maximize ? -1 : 1) *
                             stages_value(&L->st[1], a, L->leaf, c->nstudents);
    return 1;
}

/* ceil(num / den), den > 0 */
static long ceil_div(long num, long den)
{
    long q = num / den;
    return q * den < num ? q + 1 : q;
}

/* Whole class counts f nearest the fractional ones (least total
 * distance) within the class sizes, meeting every quota and, at the
 * second stage, summing to target: a small integer program (a column and
 * two distance columns per class, a row per quota), for GLPK. Returns 0
 * when there are none. */
static int round_counts(const lagrange *L, int stage, long target, const double *frac, long *f)
{
    int nc = L->nclasses, ok = 0;
    int ind[3 * MAX_CLASSES + 1];
    double val[3 * MAX_CLASSES + 1];
    glp_prob *ip = glp_create_prob();
    glp_iocp parm;
    glp_set_obj_dir(ip, GLP_MIN);
    /* columns: f_k, then above_k and below_k (|f_k - frac_k| <= their sum) */
    glp_add_cols(ip, 3 * nc);
    for (int k = 0; k < nc; k++) {
        glp_set_col_kind(ip, k + 1, GLP_IV);
        glp_set_col_bnds(ip, k + 1, L->class_size[k] > 0 ? GLP_DB : GLP_FX, 0.0,
                         (double)L->class_size[k]);
        glp_set_col_bnds(ip, nc + k + 1, GLP_LO, 0.0, 0.0);
        glp_set_col_bnds(ip, 2 * nc + k + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(ip, nc + k + 1, 1.0);
        glp_set_obj_coef(ip, 2 * nc + k + 1, 1.0);
    }
    /* f_k - above_k + below_k = frac_k */
    for (int k = 0; k < nc; k++) {
        int row = glp_add_rows(ip, 1);
        ind[1] = k + 1;
        val[1] = 1.0;
        ind[2] = nc + k + 1;
        val[2] = -1.0;
        ind[3] = 2 * nc + k + 1;
        val[3] = 1.0;
        glp_set_mat_row(ip, row, 3, ind, val);
        glp_set_row_bnds(ip, row, GLP_FX, frac[k], frac[k]);
    }
    for (int i = 0; i <= L->nq; i++) {
        int n = 0, row;
        if (i == L->nq && stage == 0)
            break;
        for (int k = 0; k < nc; k++)
            if (i == L->nq || (L->class_mask[k] & (1u << i))) {
                ind[++n] = k + 1;
                val[n] = 1.0;
            }
        row = glp_add_rows(ip, 1);
        glp_set_mat_row(ip, row, n, ind, val);
        if (i == L->nq)
            glp_set_row_bnds(ip, row, GLP_FX, (double)target, (double)target);
        else if (L->hi[i] >= 0)
            glp_set_row_bnds(ip, row, L->lo[i] < L->hi[i] ? GLP_DB : GLP_FX, (double)L->lo[i],
                             (double)L->hi[i]);
        else
            glp_set_row_bnds(ip, row, GLP_LO, (double)L->lo[i], 0.0);
    }
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = GLP_ON;
    parm.tm_lim = 2000;
    if (glp_intopt(ip, &parm) == 0 &&
        (glp_mip_status(ip) == GLP_OPT || glp_mip_status(ip) == GLP_FEAS)) {
        for (int k = 0; k < nc; k++)
            f[k] = (long)llround(glp_mip_col_val(ip, k + 1));
        ok = 1;
    }
    glp_delete_prob(ip);
    return ok;
}

/* The network with the class counts f as caps of the classes a max
 * counts and as minimums of those a min counts (the others free), the
 * stages st[0..nstages) solved on it lexicographically: its assignment
 * into L->leaf. Returns whether it meets every rule, the quotas too. */
static int capped(lagrange *L, const long *f, int nstages, char *why, size_t whylen)
{
    long gmax[MAX_CLASSES], gmin[MAX_CLASSES], phases;
    for (int k = 0; k < L->nclasses; k++) {
        int by_max = 0, by_min = 0;
        for (int i = 0; i < L->nq; i++)
            if (L->class_mask[k] & (1u << i)) {
                by_max |= L->hi[i] >= 0;
                by_min |= L->lo[i] > 0;
            }
        gmax[k] = by_max ? f[k] : -1;
        gmin[k] = by_min ? f[k] : 0;
    }
    L->flows++;
    return treeflow_solve_groups(L->c, L->a, L->r, L->st, nstages, L->class_of, L->nclasses,
                                 gmax, gmin, L->leaf, &phases, why, whylen) == TREEFLOW_SOLVED &&
           audit_holds(L->c, L->r, L->leaf, NULL);
}

/* Stage `stage`'s bound by Kelley's cutting planes: returns 1 with
 * *bound (a whole lower bound on g: the best of the priced flows) and the
 * LP's convex combination of the priced flows' class counts in frac,
 * when the LP says the bound cannot rise by a whole unit, or it stopped
 * moving, or after MAX_CUTS priced flows or at the deadline (the bound so
 * far: a network may still reach it); 0 when a flow or the LP failed.
 * When a priced flow's own assignment meets every rule and the bound, it
 * stops there with *reached set and that assignment in L->leaf (frac is
 * then not filled). */
static int bound_stage(lagrange *L, int stage, long target, long *bound, double *frac,
                       int *reached, char *why, size_t whylen)
{
    mults m;
    cut *cuts;
    glp_prob *lp;
    glp_smcp parm;
    int ncuts = 0, ok = 0, tcol;
    long best = 0, limit;
    int have = 0;
    double span, center[MAX_MULTS], delta[MAX_MULTS];
    double center_value = 0;
    memset(&m, 0, sizeof(m));
    /* a multiplier is worth at most a placement (first stage) or a few
       coefficients (second); a box keeps the first LPs bounded, and any
       multipliers give a valid bound */
    span = stage == 0 ? 2.0 : 4.0 * ((double)L->max_coef + 1.0);
    for (int i = 0; i < L->nq; i++) {
        if (L->hi[i] >= 0) {
            m.quota[m.n] = i;
            m.is_min[m.n] = 0;
            m.box[m.n++] = span;
        }
        if (L->lo[i] > 0) {
            m.quota[m.n] = i;
            m.is_min[m.n] = 1;
            m.box[m.n++] = span;
        }
    }
    /* costs stay far within a long: the scale times the largest price of
       a student, summed over the students */
    {
        double per = ((double)L->max_coef + 1.0) + span * (m.n + 1);
        double room = 1e17 / (per * ((double)L->c->nstudents + 1.0));
        limit = room > (double)MAX_SCALE ? MAX_SCALE : room < 1 ? 0 : (long)room;
    }
    if (limit < 1) {
        snprintf(why, whylen, "the priced costs would not fit in whole numbers");
        return 0;
    }
    MEM_ALLOC_ARRAY(cuts, MAX_CUTS);
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, m.n + 1);
    for (int k = 0; k < m.n; k++)
        glp_set_col_bnds(lp, k + 1, GLP_DB, 0.0, m.box[k]);
    tcol = m.n + 1;
    glp_set_col_bnds(lp, tcol, GLP_FR, 0.0, 0.0);
    glp_set_obj_coef(lp, tcol, 1.0);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    for (int k = 0; k < m.n; k++) {
        m.x[k] = center[k] = 0;
        delta[k] = m.box[k] / 16; /* the trust region's half width */
    }
    for (;;) {
        long num;
        int ind[MAX_MULTS + 2], row, edge, settled;
        double val[MAX_MULTS + 2], t, here;
        cut *ct = &cuts[ncuts];
        if (have && L->deadline > 0 && clock_seconds() + 1.5 * L->last_flow > L->deadline) {
            ok = 1; /* no time for another flow: the bound so far */
            break;
        }
        scale_mults(&m, limit);
        if (!evaluate(L, stage, target, &m, ct, &num, why, whylen))
            break;
        if (!have)
            L->first_flow = L->last_flow;
        if (!have || ceil_div(num, m.scale) > best)
            best = ceil_div(num, m.scale);
        /* a priced flow that meets the quotas too and the bound is an
           optimum itself */
        if (ct->g == best && audit_holds(L->c, L->r, L->leaf, NULL)) {
            *reached = ok = 1;
            break;
        }
        /* a better point moves the trust region's centre there (and
           widens it when the point was on its edge) */
        here = (double)num / (double)m.scale;
        if (!have || here > center_value + TOLERANCE * (1.0 + fabs(here))) {
            int on_edge = 0;
            for (int k = 0; k < m.n; k++) {
                on_edge |= fabs(fabs(m.x[k] - center[k]) - delta[k]) < 1e-9;
                center[k] = m.x[k];
            }
            if (on_edge)
                for (int k = 0; k < m.n; k++)
                    delta[k] *= 2;
            center_value = here;
        }
        have = 1;
        /* the cut t <= g + sum coef x */
        row = glp_add_rows(lp, 1);
        ind[1] = tcol;
        val[1] = 1.0;
        for (int k = 0; k < m.n; k++) {
            int i = m.quota[k];
            double coef = m.is_min[k] ? (double)(L->lo[i] - ct->n[i])
                                      : (double)(ct->n[i] - L->hi[i]);
            ind[k + 2] = k + 1;
            val[k + 2] = -coef;
        }
        glp_set_mat_row(lp, row, m.n + 1, ind, val);
        glp_set_row_bnds(lp, row, GLP_UP, 0.0, (double)ct->g);
        ncuts++;
        /* the LP within the trust region; where its optimum is on the
           region's edge but says the bound is reached, widen the region
           (only the whole box's optimum proves that) */
        for (;;) {
            double lo[MAX_MULTS], hi[MAX_MULTS];
            edge = 0;
            for (int k = 0; k < m.n; k++) {
                lo[k] = fmax(0.0, center[k] - delta[k]);
                hi[k] = fmin(m.box[k], center[k] + delta[k]);
                glp_set_col_bnds(lp, k + 1, lo[k] < hi[k] ? GLP_DB : GLP_FX, lo[k], hi[k]);
            }
            if (glp_simplex(lp, &parm) != 0 || glp_get_status(lp) != GLP_OPT) {
                snprintf(why, whylen, "the multipliers' LP failed");
                goto out;
            }
            t = glp_get_obj_val(lp);
            settled = ceil(t - TOLERANCE * (1.0 + fabs(t))) <= (double)best;
            for (int k = 0; k < m.n; k++) {
                double x = glp_get_col_prim(lp, k + 1);
                edge |= (lo[k] > 0.0 && fabs(x - lo[k]) < 1e-9) ||
                        (hi[k] < m.box[k] && fabs(x - hi[k]) < 1e-9);
            }
            if (!edge || !settled)
                break;
            for (int k = 0; k < m.n; k++)
                delta[k] *= 4;
        }
        /* the bound cannot rise by a whole unit any more: done */
        if (settled) {
            ok = 1;
            break;
        }
        if (ncuts == MAX_CUTS) {
            ok = 1; /* the bound so far, which a network may still reach */
            break;
        }
        {
            double moved = 0;
            for (int k = 0; k < m.n; k++) {
                double x = glp_get_col_prim(lp, k + 1);
                moved = fmax(moved, fabs(x - m.x[k]));
                m.x[k] = x;
            }
            if (moved < 1e-12) { /* its rounding cut nothing off: the bound so far */
                ok = 1;
                break;
            }
        }
    }
out:
    if (ok) {
        /* the LP's weights on the cuts: a convex combination */
        for (int k = 0; k < L->nclasses; k++)
            frac[k] = 0;
        for (int j = 0; j < ncuts; j++) {
            double w = glp_get_row_dual(lp, j + 1);
            for (int k = 0; k < L->nclasses; k++)
                frac[k] += w * (double)cuts[j].m[k];
        }
        *bound = best;
    }
    glp_delete_prob(lp);
    free(cuts);
    return ok;
}

int lagrange_solve(const cycle *c, const admit *a, const rules *r, const stage_def *st,
                   int nstages, double deadline, int *leaf_of, lagrange_result *res)
{
    lagrange L;
    double frac[MAX_CLASSES];
    long f[MAX_CLASSES], bound, placed = 0, value;
    char *why = res->why;
    size_t whylen = sizeof(res->why);
    memset(res, 0, sizeof(*res));
    res->most_placed = -1;
    setup(&L, c, a, r, st, nstages, deadline);
    for (int stage = 0; stage < nstages; stage++) {
        int reached = 0;
        treeflow_warm_release(&L.warm); /* another network */
        if (!bound_stage(&L, stage, placed, &bound, frac, &reached, why, whylen))
            goto done;
        if (stage == 0)
            res->most_placed = -bound;
        if (!reached && deadline > 0 && clock_seconds() + 1.5 * L.first_flow > deadline) {
            snprintf(why, whylen, "stage %d: the time ran out", stage + 1);
            goto done;
        }
        if (!reached && !round_counts(&L, stage, stage == 0 ? 0 : placed, frac, f)) {
            snprintf(why, whylen, "stage %d: no whole class counts near the LP's meet the quotas",
                     stage + 1);
            goto done;
        }
        if (!reached && !capped(&L, f, stage + 1, why, whylen)) {
            snprintf(why, whylen, "stage %d: the network with the class caps breaks a rule",
                     stage + 1);
            goto done;
        }
        /* within every rule: the answer so far */
        memcpy(leaf_of, L.leaf, sizeof(int) * (size_t)c->nstudents);
        res->feasible = 1;
        value = stages_value(&st[stage], a, L.leaf, c->nstudents);
        if (stage == 0 ? value != -bound
                       : (st[1].maximize ? -value : value) != bound ||
                             stages_value(&st[0], a, L.leaf, c->nstudents) != placed) {
            snprintf(why, whylen, "stage %d: the class caps reach %ld, the bound is %ld",
                     stage + 1, value, stage == 0 ? -bound : bound);
            goto done;
        }
        if (stage == 0)
            placed = value;
    }
    res->proven = 1;
done:
    res->flows = L.flows;
    release(&L);
    return res->proven;
}
