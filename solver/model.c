/* model.c - building and solving the integer program with GLPK: rows,
 * columns, the stage loop with its hints, exports and the error guard. */
#include "model.h"

#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mem.h"
#include "model_rows.h"
#include "model_stable.h"
#include "model_warm.h"
#include "strbuf.h"

/* Where GLPK errors jump back to, and its captured terminal text. */
typedef struct glpk_guard {
    jmp_buf env;
    int verbose;
    char tail[1024]; /* last output, for the error message */
} glpk_guard;

static int on_term(void *info, const char *s)
{
    glpk_guard *g = info;
    size_t have = strlen(g->tail), add = strlen(s);
    if (g->verbose)
        fputs(s, stderr);
    if (add >= sizeof(g->tail)) {
        s += add - (sizeof(g->tail) - 1);
        add = sizeof(g->tail) - 1;
    }
    if (have + add >= sizeof(g->tail)) {
        size_t drop = have + add - (sizeof(g->tail) - 1);
        memmove(g->tail, g->tail + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(g->tail + have, s, add + 1);
    return 1; /* GLPK prints nothing itself */
}

static void on_error(void *info)
{
    glpk_guard *g = info;
    longjmp(g->env, 1);
}

void model_add_nz(builder *b, int row, int col, double v)
{
    if (b->nz + 1 >= b->cap) {
        b->cap = b->cap ? b->cap * 2 : 1024;
        b->ia = mem_realloc(b->ia, mem_mul(sizeof(int), (size_t)b->cap + 1));
        b->ja = mem_realloc(b->ja, mem_mul(sizeof(int), (size_t)b->cap + 1));
        b->ar = mem_realloc(b->ar, mem_mul(sizeof(double), (size_t)b->cap + 1));
    }
    b->nz++;
    b->ia[b->nz] = row;
    b->ja[b->nz] = col;
    b->ar[b->nz] = v;
}

static void set_bounds(glp_prob *lp, int row, long lo, long hi)
{
    /* hi < 0: no upper bound */
    if (hi < 0)
        glp_set_row_bnds(lp, row, GLP_LO, (double)lo, 0.0);
    else if (lo == hi)
        glp_set_row_bnds(lp, row, GLP_FX, (double)lo, (double)hi);
    else if (lo <= 0)
        glp_set_row_bnds(lp, row, GLP_UP, 0.0, (double)hi);
    else
        glp_set_row_bnds(lp, row, GLP_DB, (double)lo, (double)hi);
}

int model_add_row(glp_prob *lp, const char *kind, int index)
{
    char name[64];
    int row = glp_add_rows(lp, 1);
    snprintf(name, sizeof(name), "%s_%d", kind, index);
    glp_set_row_name(lp, row, name);
    return row;
}

/* GLPK's memory per admissible pair, from building to the end of the
 * solve (measured: 2 million pairs, 1.3 GB; 10 million, 6.8 GB): a model
 * that cannot fit is refused before it is built. */
#define GLPK_BYTES_PER_PAIR 650.0

/* Whether the build has run past its deadline; looked at once every
 * BUILD_CHECK pairs, so that millions of pairs stop within the time limit
 * (the clock is not read per pair). */
#define BUILD_CHECK 16384
static int build_late(const builder *b, long k)
{
    return b->deadline > 0 && k % BUILD_CHECK == BUILD_CHECK - 1 && clock_seconds() > b->deadline;
}

/* Builds the rows and columns; returns 0, -1 when a row is trivially
 * infeasible (a required count with no variable to meet it), or -2 when
 * the deadline passed. */
static int build(const cycle *c, const admit *a, const rules *r, int stable, builder *b)
{
    glp_prob *lp = b->lp;
    int *node_pairs; /* pairs below each node: fewer than its min is infeasible */
    double start = clock_seconds();
    admit_iter it;
    admit_pair p;
    glp_set_prob_name(lp, "placement");
    b->student_row = mem_realloc(b->student_row, mem_mul(sizeof(int), (size_t)c->nstudents + 1));
    b->node_row = mem_realloc(b->node_row, mem_mul(sizeof(int), (size_t)c->nnodes + 1));
    memset(b->student_row, 0, sizeof(int) * ((size_t)c->nstudents + 1));
    memset(b->node_row, 0, sizeof(int) * ((size_t)c->nnodes + 1));
    b->stage_row = 0;
    admit_iter_all(&it, a);
    while (admit_next(&it, &p)) {
        long k = p.index;
        if (build_late(b, k))
            return -2;
        if (k % BUILD_CHECK == 0) /* in steps, so that a stop has little to undo */
            glp_add_cols(lp, (int)(a->npairs - k < BUILD_CHECK ? a->npairs - k : BUILD_CHECK));
        if (b->names) {
            char name[64];
            snprintf(name, sizeof(name), "x_%d_%d", p.student + 1, c->leaves[p.leaf] + 1);
            glp_set_col_name(lp, model_pair_col(k), name);
        }
        glp_set_col_kind(lp, model_pair_col(k), GLP_BV);
        if (b->unused && b->unused[k])
            glp_set_col_bnds(lp, model_pair_col(k), GLP_FX, 0.0, 0.0);
    }
    /* students */
    for (int s = 0; s < c->nstudents; s++) {
        int must = rules_must_place(r, c, s);
        int row;
        if (a->range_first[s] == a->range_first[s + 1]) {
            if (must)
                return -1;
            continue;
        }
        row = model_add_row(lp, "student", s + 1);
        b->student_row[s] = row;
        set_bounds(lp, row, must, 1);
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p))
            model_add_nz(b, row, model_pair_col(p.index), 1.0);
    }
    /* nodes: a pair counts at every node on its leaf's path */
    MEM_ZALLOC_ARRAY(node_pairs, c->nnodes + 1);
    {
        int *row_of;
        MEM_ALLOC_ARRAY(row_of, c->nnodes + 1);
        for (int n = 0; n < c->nnodes; n++) {
            const cycle_node *nd = &c->nodes[n];
            row_of[n] = 0;
            int min = rules_min(r, c, n);
            if (nd->capacity < 0 && min == 0)
                continue;
            row_of[n] = model_add_row(lp, "node", n + 1);
            b->node_row[n] = row_of[n];
            set_bounds(lp, row_of[n], min, nd->capacity);
        }
        admit_iter_all(&it, a);
        while (admit_next(&it, &p)) {
            if (build_late(b, p.index)) {
                free(row_of);
                free(node_pairs);
                return -2;
            }
            for (int v = c->leaves[p.leaf]; v >= 0; v = c->nodes[v].parent) {
                node_pairs[v]++;
                if (row_of[v])
                    model_add_nz(b, row_of[v], model_pair_col(p.index), 1.0);
            }
        }
        free(row_of);
    }
    for (int n = 0; n < c->nnodes; n++) {
        if (rules_min(r, c, n) > node_pairs[n]) {
            free(node_pairs);
            return -1;
        }
    }
    free(node_pairs);
    /* quotas */
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int row, count = 0;
        if (!rules_quota_applies(r, q))
            continue;
        row = model_add_row(lp, "quota", q + 1);
        set_bounds(lp, row, qu->min, qu->max);
        /* the pairs of the students with its value, in pair order (pairs
           go by student) */
        for (int i = 0; i < qu->nstudents; i++) {
            admit_iter_student(&it, a, qu->students[i]);
            while (admit_next(&it, &p)) {
                if (!cycle_quota_scopes(c, qu, p.leaf))
                    continue;
                model_add_nz(b, row, model_pair_col(p.index), 1.0);
                count++;
            }
        }
        if (count < qu->min)
            return -1;
    }
    if (stable)
        model_stable_rows(c, a, b);
    /* glp_load_matrix cannot be stopped, and takes about as long as
       gathering its entries did, both linear in them (10 million pairs:
       3 s each, up to 4.5 s for the load on a busy machine). When twice
       the gathering time does not fit before the deadline, stop now: the
       simplex needs far longer than the load anyway */
    if (b->deadline > 0 && clock_seconds() + 2 * (clock_seconds() - start) > b->deadline)
        return -2;
    if (b->nz > 0)
        glp_load_matrix(lp, b->nz, b->ia, b->ja, b->ar);
    return 0;
}

/* ---- stages ---- */

typedef struct progress {
    const model_task *t;
    int quotas; /* the model has quota rows */
    const char *stage;
    int index, count;
    double start, last;
    double gap;        /* last relative gap seen, -1 none */
    double best_bound; /* the tree's best bound seen, +-HUGE_VAL none */
    /* warm start of a stage without presolve: */
    const double *warm; /* a feasible column vector (1-based) or NULL */
    int injected;
    int has_bound; /* the stage's optimum cannot beat bound */
    double bound;
    int proven; /* stopped at an incumbent equal to the bound */
    int maximize;
    int stable;      /* the model has stability rows */
    double deadline; /* clock_seconds() at which the stage must stop
                        (0: none): GLPK checks its own limit only
                        between nodes, not in the root's cuts */
    int timed_out;   /* stopped at the deadline */
    int completed;   /* the root's sub-problems were tried */
    int flow_basis;  /* the stage starts from the flow's basis
                        (model_warm.h) */
    int root_proofs; /* stages they closed */
} progress;

/* Whether the incumbent reaches the known bound: then it is optimal. */
static int at_bound(const progress *pr, glp_prob *lp)
{
    double v;
    if (!pr->has_bound || glp_mip_status(lp) != GLP_FEAS)
        return 0;
    v = glp_mip_obj_val(lp);
    return pr->maximize ? v >= pr->bound - 0.5 : v <= pr->bound + 0.5;
}

/* A positive time limit in seconds as GLPK's milliseconds, at least 1. */
static int limit_ms(double seconds)
{
    return (int)(seconds * 1000) > 0 ? (int)(seconds * 1000) : 1;
}

/* Seconds the root's sub-problems may take together: half of what the
 * stage has left, at most ROOT_SUBMIP_SECONDS; and how many targets they
 * try. */
#define ROOT_SUBMIP_SECONDS 30.0
#define ROOT_SUBMIP_TARGETS 4

/* The target a sub-program stops at: no solution of the stage is better
 * (see root_submips), so one that reaches it is optimal, and GLPK, which
 * does not know that the objective takes whole values, would otherwise
 * branch on to close a gap below one. */
typedef struct submip_stop {
    double target;
    int maximize;
    int reached;
} submip_stop;

static void on_submip(glp_tree *tree, void *info)
{
    submip_stop *st = info;
    glp_prob *sub = glp_ios_get_prob(tree);
    int reason = glp_ios_reason(tree);
    double v;
    if (reason != GLP_IBINGO && reason != GLP_ISELECT && reason != GLP_IHEUR)
        return;
    if (glp_mip_status(sub) != GLP_FEAS)
        return;
    v = glp_mip_obj_val(sub);
    if (st->maximize ? v >= st->target - 0.5 : v <= st->target + 0.5) {
        st->reached = 1;
        glp_ios_terminate(tree);
    }
}

/* Solves sub, a copy of the root's problem with some columns fixed,
 * until clock_seconds() reaches until, or until a solution reaches
 * target (the best the stage can have): 1 optimal or at the target
 * (solution in x[1..], value in *value), 0 proven infeasible, -1 neither
 * (time, or a failure). */
static int solve_submip(glp_prob *sub, double until, double target, int maximize, double *x,
                        double *value)
{
    glp_iocp iocp;
    submip_stop stop = {target, maximize, 0};
    int ncols = glp_get_num_cols(sub), ret;
    double left = until - clock_seconds();
    if (left <= 0)
        return -1;
    glp_init_iocp(&iocp);
    iocp.msg_lev = GLP_MSG_OFF;
    iocp.presolve = GLP_ON;
    iocp.tm_lim = limit_ms(left);
    iocp.cb_func = on_submip;
    iocp.cb_info = &stop;
    /* cuts close most of the LP's gap below one that is left (2,000
       students, a scoped cap: 13 s -> 2-5 s) */
    iocp.gmi_cuts = GLP_ON;
    iocp.mir_cuts = GLP_ON;
    ret = glp_intopt(sub, &iocp);
    if (ret == GLP_ENOPFS || (ret == 0 && glp_mip_status(sub) == GLP_NOFEAS))
        return 0;
    if (!(ret == GLP_ESTOP && stop.reached) && (ret != 0 || glp_mip_status(sub) != GLP_OPT))
        return -1;
    *value = glp_mip_obj_val(sub);
    for (int j = 1; j <= ncols; j++)
        x[j] = glp_mip_col_val(sub, j);
    return 1;
}

/* At the root of a stage with quota rows: a completion of the LP, then
 * reduced-cost fixing towards a target. The LP optimum lpv is nearly
 * integral (a network matrix plus a few rows), and every objective
 * coefficient is whole and every column binary, so the stage's optimum is
 * at least T = lpv rounded towards the worse side. Fixing every column
 * the LP leaves whole often completes it to a solution at T, optimal
 * then. A column at a bound of the LP whose reduced cost d exceeds
 * |T - lpv| in size keeps that bound in every solution of value T or
 * better (leaving it moves the objective by |d|, and every other
 * nonbasic term only worsens it). So the integer program with all such
 * columns fixed, small where the LP is nearly integral, holds every
 * solution at least as good as T: when GLPK proves its optimum at T or
 * better, that is the stage's optimum; when it proves it worse than T or
 * infeasible, the optimum is worse than T, and the next target tries
 * T + 1 (the sub-program's solution, when it has one, is an incumbent
 * meanwhile). A proven optimum becomes the bound, and at_bound stops
 * GLPK's tree, which otherwise finds such an incumbent late (the
 * feasibility pump, many nodes). --method glpk skips this. */
static void root_submips(glp_tree *tree, progress *pr)
{
    glp_prob *lp = glp_ios_get_prob(tree);
    int ncols = glp_get_num_cols(lp), nfree = 0, nfree_completion = 0, tries = 0, solved = 0;
    double lpv = glp_get_obj_val(lp), dir = pr->maximize ? -1 : 1, target, until;
    double *x;
    pr->completed = 1;
    until = pr->deadline > 0 ? (pr->deadline - clock_seconds()) / 2 : ROOT_SUBMIP_SECONDS;
    until = clock_seconds() + (until < ROOT_SUBMIP_SECONDS ? until : ROOT_SUBMIP_SECONDS);
    target = pr->maximize ? floor(lpv + 1e-6) : ceil(lpv - 1e-6);
    if (pr->has_bound && dir * (pr->bound - target) > 0)
        target = pr->bound; /* the flow's bound is tighter */
    pr->has_bound = 1;
    pr->bound = target;
    MEM_ALLOC_ARRAY(x, ncols + 1);
    x[0] = 0;
    if (!pr->t->root_fixing_only) {
        /* first the completion: every column the LP leaves whole (and the
           incumbent agrees with, as RINS) fixed; where the objective is
           flat (the placements) the reduced costs fix little, and this is
           what finds the optimum */
        int incumbent = glp_mip_status(lp) == GLP_FEAS;
        double value;
        glp_prob *sub = glp_create_prob();
        glp_copy_prob(sub, lp, GLP_OFF);
        for (int j = 1; j <= ncols; j++) {
            double xj = glp_get_col_prim(lp, j), r = floor(xj + 0.5);
            if (fabs(xj - r) < 1e-9 && (!incumbent || fabs(glp_mip_col_val(lp, j) - r) < 0.5))
                glp_set_col_bnds(sub, j, GLP_FX, r, r);
            else
                nfree_completion++;
        }
        if (solve_submip(sub, until, target, pr->maximize, x, &value) == 1) {
            glp_ios_heur_sol(tree, x);
            if (dir * (value - target) <= 0.5) {
                pr->bound = value;
                solved = 1;
            }
        }
        glp_delete_prob(sub);
    }
    while (!solved && tries++ < ROOT_SUBMIP_TARGETS) {
        double slack = dir * (target - lpv) + 1e-6, value;
        glp_prob *sub = glp_create_prob();
        int res;
        glp_copy_prob(sub, lp, GLP_OFF);
        nfree = 0;
        for (int j = 1; j <= ncols; j++) {
            int stat = glp_get_col_stat(lp, j);
            if ((stat == GLP_NL || stat == GLP_NU) && fabs(glp_get_col_dual(lp, j)) > slack) {
                double at = stat == GLP_NL ? glp_get_col_lb(lp, j) : glp_get_col_ub(lp, j);
                glp_set_col_bnds(sub, j, GLP_FX, at, at);
            } else {
                nfree++;
            }
        }
        res = solve_submip(sub, until, target, pr->maximize, x, &value);
        glp_delete_prob(sub);
        if (res < 0)
            break; /* GLPK's tree goes on from the bound known */
        if (res == 1)
            glp_ios_heur_sol(tree, x);
        if (res == 1 && dir * (value - target) <= 0.5) {
            pr->bound = value; /* nothing better exists: at_bound stops */
            solved = 1;
        } else {
            target += dir; /* nothing at the target or better */
            pr->bound = target;
        }
    }
    pr->root_proofs += solved;
    if (pr->t->progress)
        fprintf(stderr, "stage %d/%d %s: LP %.1f; %s (%d of %d columns left by the fixing)\n",
                pr->index, pr->count, pr->stage, lpv,
                !solved      ? "the search goes on"
                : tries == 0 ? "the LP's completion is optimal"
                             : "optimum proven by reduced-cost fixing",
                tries == 0 ? nfree_completion : nfree, ncols);
    free(x);
}

static void on_ios(glp_tree *tree, void *info)
{
    progress *pr = info;
    int reason = glp_ios_reason(tree);
    double t = clock_seconds();
    if (pr->deadline > 0 && t > pr->deadline) {
        pr->timed_out = 1;
        glp_ios_terminate(tree);
        return;
    }
    if (reason == GLP_IHEUR && pr->warm && !pr->injected) {
        pr->injected = 1;
        glp_ios_heur_sol(tree, pr->warm);
    }
    if (reason == GLP_IHEUR && pr->quotas && !pr->stable && !pr->t->cold && !pr->completed &&
        glp_ios_curr_node(tree) == 1)
        root_submips(tree, pr);
    if ((reason == GLP_IHEUR || reason == GLP_ISELECT || reason == GLP_IBINGO) &&
        at_bound(pr, glp_ios_get_prob(tree))) {
        pr->proven = 1;
        glp_ios_terminate(tree);
        return;
    }
    if (reason != GLP_ISELECT && reason != GLP_IBINGO)
        return;
    pr->gap = glp_mip_status(glp_ios_get_prob(tree)) == GLP_FEAS ? glp_ios_mip_gap(tree) : NAN;
    {
        int best = glp_ios_best_node(tree);
        if (best && fabs(glp_ios_node_bound(tree, best)) < 1e300)
            pr->best_bound = glp_ios_node_bound(tree, best);
    }
    if (!pr->t->progress || t - pr->last < 1.0)
        return;
    pr->last = t;
    {
        glp_prob *lp = glp_ios_get_prob(tree);
        int best = glp_ios_best_node(tree);
        strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "stage %d/%d %s: ", pr->index, pr->count, pr->stage);
        if (glp_mip_status(lp) == GLP_FEAS)
            strbuf_addf(&sb, "incumbent %.0f", glp_mip_obj_val(lp));
        else
            strbuf_adds(&sb, "no incumbent yet");
        if (best && fabs(glp_ios_node_bound(tree, best)) < 1e300)
            strbuf_addf(&sb, ", bound %.1f", glp_ios_node_bound(tree, best));
        if (glp_mip_status(lp) == GLP_FEAS && pr->gap < 1e300)
            strbuf_addf(&sb, ", gap %.2f%%", 100.0 * pr->gap);
        fprintf(stderr, "%s, %.1f s\n", sb.buf, t - pr->start);
        strbuf_release(&sb);
    }
}

/* Reads the MIP outcome: 0 done (optimal, or feasible at the time limit:
 * *optimal says which), 1 infeasible, 2 time limit without a solution. */
static int mip_outcome(glp_prob *lp, int ret, int proven, int timed_out, int *optimal)
{
    int st = glp_mip_status(lp);
    if (ret == GLP_ENOPFS)
        return 1;
    if (ret == GLP_ESTOP && timed_out && !proven) /* our deadline: as GLPK's own limit */
        ret = GLP_ETMLIM;
    if (ret == GLP_ESTOP && proven && st == GLP_FEAS) {
        *optimal = 1;
        return 0;
    }
    if (st == GLP_OPT) {
        *optimal = 1;
        return 0;
    }
    if (st == GLP_FEAS) {
        *optimal = 0;
        return 0;
    }
    if (st == GLP_NOFEAS && ret != GLP_ETMLIM)
        return 1;
    return 2;
}

static void init_iocp(glp_iocp *iocp, double remaining, progress *pg)
{
    glp_init_iocp(iocp);
    iocp->msg_lev = pg->t->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    iocp->cb_func = on_ios;
    iocp->cb_info = pg;
    if (remaining > 0)
        iocp->tm_lim = limit_ms(remaining);
    pg->deadline = remaining > 0 ? clock_seconds() + remaining : 0;
    pg->timed_out = 0;
    pg->gap = 0;
    pg->best_bound = pg->maximize ? HUGE_VAL : -HUGE_VAL;
}

/* Solves the current objective (see mip_outcome for the result).
 * Without stability rows the constraint matrix is mostly a network
 * matrix whose LP optimum is integral: the primal simplex, warm-started
 * from the previous stage's basis, does the work and branch-and-bound
 * only confirms. With stability rows the LP is weak: GLPK's MIP presolver
 * and cutting planes (as glpsol --cuts) take the demo's --stable proof
 * from minutes to a fraction of a second. */
static int solve_stage(glp_prob *lp, double remaining, progress *pg, int *optimal)
{
    glp_iocp iocp;
    int ret;
    init_iocp(&iocp, remaining, pg);
    if (pg->stable) {
        iocp.presolve = GLP_ON;
        iocp.gmi_cuts = GLP_ON;
        iocp.mir_cuts = GLP_ON;
        iocp.cov_cuts = GLP_ON;
        iocp.clq_cuts = GLP_ON;
        ret = glp_intopt(lp, &iocp);
        return mip_outcome(lp, ret, 0, pg->timed_out, optimal);
    }
    {
        glp_smcp smcp;
        glp_init_smcp(&smcp);
        smcp.msg_lev = pg->t->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
        smcp.tm_lim = iocp.tm_lim;
        if (pg->flow_basis && pg->index > 1) {
            /* the placements' optimum leaves the flow's basis dual
               feasible and primal infeasible only at the quotas it
               breaks: the dual simplex, whose long-step ratio test
               passes many of the breakpoints a binary column makes at
               once (2,000 students, a scoped cap: 16 s -> 3 s). The
               placements stage, whose objective is flat, goes best with
               the primal simplex from the same basis (tag caps: the dual
               took 14 s, the primal from the standard basis 6.7 s, from
               the flow's 2.3 s) */
            smcp.meth = GLP_DUALP;
            smcp.r_test = GLP_RT_FLIP;
        }
        ret = glp_simplex(lp, &smcp);
        if (ret != 0 && ret != GLP_ETMLIM) {
            /* a singular warm basis: start again from the standard one */
            glp_std_basis(lp);
            ret = glp_simplex(lp, &smcp);
        }
        if (ret == GLP_ETMLIM)
            return 2;
        if (glp_get_status(lp) == GLP_NOFEAS)
            return 1;
        if (glp_get_status(lp) != GLP_OPT)
            return 2;
    }
    iocp.presolve = GLP_OFF;
    /* quotas break the network structure, and branch-and-bound may hunt
       long for the last placement: the feasibility pump finds it (2,000
       students with quotas: 112 s -> 2.6 s for the placements stage) */
    if (pg->index == 1 && pg->quotas && !pg->t->cold)
        iocp.fp_heur = GLP_ON;
    pg->proven = 0;
    ret = glp_intopt(lp, &iocp);
    return mip_outcome(lp, ret, pg->proven, pg->timed_out, optimal);
}

/* Sets stage sd's objective on the model. */
static void set_stage_objective(builder *b, const admit *a, const stage_def *sd)
{
    admit_iter it;
    admit_pair p;
    glp_set_obj_dir(b->lp, sd->maximize ? GLP_MAX : GLP_MIN);
    admit_iter_all(&it, a);
    while (admit_next(&it, &p))
        glp_set_obj_coef(b->lp, model_pair_col(p.index), (double)stages_coef(sd, &p));
}

/* Adds stage i's optimum value as a row, before the next stage. */
static void fix_stage(builder *b, const admit *a, const stage_def *sd, int i, long value)
{
    int row = model_add_row(b->lp, "stage", i + 1), len = 0;
    int *ind;
    double *val;
    admit_iter it;
    admit_pair p;
    b->stage_row = row;
    MEM_ALLOC_ARRAY(ind, a->npairs + 1);
    MEM_ALLOC_ARRAY(val, a->npairs + 1);
    admit_iter_all(&it, a);
    while (admit_next(&it, &p)) {
        double cf = (double)stages_coef(sd, &p);
        if (cf != 0) {
            len++;
            ind[len] = model_pair_col(p.index);
            val[len] = cf;
        }
    }
    glp_set_mat_row(b->lp, row, len, ind, val);
    if (sd->maximize)
        glp_set_row_bnds(b->lp, row, GLP_LO, (double)value, 0.0);
    else
        glp_set_row_bnds(b->lp, row, GLP_UP, 0.0, (double)value);
    free(ind);
    free(val);
}

/* Writes the model of the last stage (earlier optima fixed as rows) to
 * the files of --export-lp / --export-mps. */
static status write_exports(builder *b, const model_task *t, diag *d)
{
    status rc = ST_OK;
    if (t->export_lp && glp_write_lp(b->lp, NULL, t->export_lp) != 0) {
        diag_error(d, t->export_lp, 0, 0, "cannot write the LP file");
        rc = ST_IO;
    }
    if (t->export_mps && glp_write_mps(b->lp, GLP_MPS_FILE, NULL, t->export_mps) != 0) {
        diag_error(d, t->export_mps, 0, 0, "cannot write the MPS file");
        rc = ST_IO;
    }
    return rc;
}

/* The exports of a run another method solved: the same model GLPK
 * would have written, built but not solved. */
static status export_only(const cycle *c, const admit *a, const rules *r, const model_task *t,
                          const solution *sol, diag *d, builder *b)
{
    status rc;
    b->lp = glp_create_prob();
    if (build(c, a, r, t->stable, b) != 0) {
        glp_delete_prob(b->lp);
        b->lp = NULL;
        diag_error(d, NULL, 0, 0, "cannot build the model to export");
        return ST_IO;
    }
    for (int i = 0; i + 1 < t->nstages; i++)
        fix_stage(b, a, &t->stages[i], i, sol->stages[i].value);
    set_stage_objective(b, a, &t->stages[t->nstages - 1]);
    rc = write_exports(b, t, d);
    glp_delete_prob(b->lp);
    b->lp = NULL;
    return rc;
}

/* The relative gap of stage sd for the previous stage's assignment
 * leaf_of, which GLPK did not better before the time limit, to its best
 * bound (NAN when it proved none: the gap is unknown). */
static double stage_gap(const admit *a, const stage_def *sd, const int *leaf_of, int nstudents,
                        double bound)
{
    double value = (double)stages_value(sd, a, leaf_of, nstudents);
    if (fabs(bound) >= HUGE_VAL)
        return NAN;
    return fabs(value - bound) / (fabs(value) > 1 ? fabs(value) : 1);
}

/* The body of model_solve, between GLPK's error guard. Owns nothing of
 * its own: the builder and best_leaf are released by the caller. */
static status run_stages(const cycle *c, const admit *a, const rules *rl, const model_task *t,
                         solution *r, diag *d, builder *b)
{
    const stage_def *stages = t->stages;
    const long *bounds = t->bounds;
    int nstages = t->nstages;
    int bounds_hold = bounds != NULL; /* every earlier stage met its bound */
    double t0 = clock_seconds();
    status rc = ST_OK;
    int *best_leaf; /* the last complete stage's assignment */
    progress pg;
    admit_iter it;
    admit_pair p;

    b->lp = glp_create_prob();
    switch (build(c, a, rl, t->stable, b)) {
    case 0:
        break;
    case -2:
        r->build_seconds = clock_seconds() - t0;
        rc = ST_TIME_LIMIT; /* no stage was solved: no assignment */
        goto done;
    default:
        rc = ST_INFEASIBLE;
        goto done;
    }
    r->build_seconds = clock_seconds() - t0;
    memset(&pg, 0, sizeof(pg));
    pg.t = t;
    pg.stable = t->stable;
    pg.quotas = rules_any_quota(rl, c);
    pg.start = t0;
    pg.count = nstages;
    MEM_ALLOC_ARRAY(b->best_leaf, c->nstudents + 1);
    best_leaf = b->best_leaf;
    r->optimal = 1;
    for (int i = 0; i < nstages; i++) {
        const stage_def *sd = &stages[i];
        double ts = clock_seconds(), remaining = 0;
        int optimal = 0, res;
        double value = 0;
        if (t->time_limit > 0) {
            remaining = t->time_limit - (ts - t0);
            /* GLPK's simplex first copies and factorises the matrix, work
               it does not stop for and about as long as the build (10
               million pairs: 4.5 s, then 4 s past its own limit): that
               much is kept back from its limit, and with no more left it
               could only overrun */
            remaining -= r->build_seconds;
            if (remaining <= 0) {
                if (i == 0) {
                    rc = ST_TIME_LIMIT;
                    goto done;
                }
                r->optimal = 0;
                r->time_limited = 1;
                break;
            }
        }
        set_stage_objective(b, a, sd);
        pg.stage = sd->name;
        pg.index = i + 1;
        pg.maximize = sd->maximize;
        pg.has_bound = bounds_hold;
        pg.bound = bounds_hold ? (double)bounds[i] : 0;
        /* the previous stage's optimum; not under the MIP presolver
           (stability rows), whose problem has other columns, and not
           in a cold solve */
        pg.warm = i > 0 && !pg.stable && !t->cold ? b->warm : NULL;
        pg.injected = 0;
        pg.completed = 0;
        /* the flow's assignment is optimal without the quotas for the
           placements, and (once the placements the quotas cost are taken
           off it) for the stage after them: its basis is where GLPK
           starts */
        pg.flow_basis = 0;
        if (t->warm_leaf && pg.quotas && !pg.stable && !t->cold && a->npairs > 0 &&
            (i == 0 || (i == 1 && stages[0].rank == 0 && !stages[0].sum_ranks)))
            pg.flow_basis = model_warm_basis(b->lp, c, a, b->student_row, b->node_row,
                                             i == 0 ? 0 : b->stage_row, t->warm_leaf);
        if (pg.flow_basis) {
            /* optimal without the quotas: dual feasible, always (else
               model_warm.c is wrong; the simplex still solves, slower) */
            if (glp_warm_up(b->lp) == 0 && glp_get_dual_stat(b->lp) == GLP_FEAS)
                r->warm_starts++;
            else
                r->warm_infeasible++;
        }
        if (t->progress)
            fprintf(stderr, "stage %d/%d: %s%s\n", i + 1, nstages, sd->name,
                    pg.flow_basis ? " (simplex from the flow's basis)" : "");
        res = a->npairs > 0 ? solve_stage(b->lp, remaining, &pg, &optimal) : (optimal = 1, 0);
        if (res == 1) {
            if (i == 0) {
                rc = ST_INFEASIBLE;
                goto done;
            }
            /* an earlier optimum made this stage infeasible: numerically
               impossible for integer data, so report it as a failure */
            diag_error(d, NULL, 0, 0, "stage '%s' became infeasible after fixing earlier stages",
                       sd->name);
            rc = ST_IO;
            goto done;
        }
        if (res == 2 || (res == 0 && !optimal)) {
            r->stop_stage = i;
            r->stop_bound = pg.best_bound;
        }
        if (res == 2) {
            if (i == 0) {
                rc = ST_TIME_LIMIT;
                goto done;
            }
            r->optimal = 0;
            r->time_limited = 1;
            r->gap = stage_gap(a, sd, best_leaf, c->nstudents, pg.best_bound);
            break;
        }
        for (int s = 0; s < c->nstudents; s++)
            best_leaf[s] = -1;
        admit_iter_all(&it, a);
        while (admit_next(&it, &p)) {
            if (glp_mip_col_val(b->lp, model_pair_col(p.index)) > 0.5) {
                best_leaf[p.student] = p.leaf;
                value += (double)stages_coef(sd, &p);
            }
        }
        memcpy(r->leaf_of, best_leaf, sizeof(int) * (size_t)c->nstudents);
        memcpy(r->stages[r->nstages].name, sd->name, sizeof(sd->name));
        r->stages[r->nstages].value = lround(value);
        r->stages[r->nstages].seconds = clock_seconds() - ts;
        r->stages[r->nstages].optimal = optimal;
        r->nstages++;
        if (!optimal) {
            r->optimal = 0;
            r->time_limited = 1;
            r->gap = pg.gap;
            break;
        }
        if (bounds_hold && lround(value) != bounds[i])
            bounds_hold = 0;
        if (i + 1 < nstages) {
            int ncols = glp_get_num_cols(b->lp);
            b->warm = mem_realloc(b->warm, mem_mul(sizeof(double), (size_t)ncols + 1));
            b->warm[0] = 0;
            for (int j = 1; j <= ncols; j++)
                b->warm[j] = glp_mip_col_val(b->lp, j);
            fix_stage(b, a, sd, i, lround(value));
        }
    }
    r->root_proofs = pg.root_proofs;
    {
        status wrc = write_exports(b, t, d);
        if (wrc != ST_OK)
            rc = wrc;
    }
done:
    r->seconds = clock_seconds() - t0;
    glp_delete_prob(b->lp);
    b->lp = NULL;
    return rc;
}

/* The LP relaxation of t's first stage, each pair's value into relax.
 * The builder is released by the caller. */
static status relax_only(const cycle *c, const admit *a, const rules *r, const model_task *t,
                         double *relax, double *value, builder *b)
{
    glp_smcp smcp;
    int ret, optimal;
    int built;
    b->lp = glp_create_prob();
    if ((built = build(c, a, r, t->stable, b)) != 0) {
        glp_delete_prob(b->lp);
        b->lp = NULL;
        return built == -2 ? ST_TIME_LIMIT : ST_INFEASIBLE;
    }
    set_stage_objective(b, a, &t->stages[0]);
    glp_init_smcp(&smcp);
    smcp.msg_lev = t->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
    if (t->time_limit > 0)
        smcp.tm_lim = limit_ms(t->time_limit);
    smcp.presolve = GLP_ON;
    ret = glp_simplex(b->lp, &smcp);
    optimal = ret == 0 && glp_get_status(b->lp) == GLP_OPT;
    if (optimal) {
        for (long k = 0; k < a->npairs; k++)
            relax[k] = glp_get_col_prim(b->lp, model_pair_col(k));
        *value = glp_get_obj_val(b->lp);
    }
    glp_delete_prob(b->lp);
    b->lp = NULL;
    if (ret == GLP_ETMLIM || ret == GLP_EITLIM)
        return ST_TIME_LIMIT;
    return optimal ? ST_OK : ST_INFEASIBLE;
}

/* Runs GLPK between its error guard, so that an internal error becomes a
 * message and ST_IO instead of an abort: the stages into out, or (out
 * NULL) only the exports of a run that solved gives. Kept apart so that
 * nothing else lives in the frame that setjmp returns to. */
static status run_guarded(const cycle *c, const admit *a, const rules *r, const model_task *t,
                          solution *out, const solution *solved, double *relax, double *value,
                          diag *d)
{
    int export_alone = out == NULL && relax == NULL;
    glpk_guard guard;
    builder b;
    volatile status rc;
    if (a->npairs >= INT_MAX) {
        /* the pairs are ranges (admit.h), so nothing bounded their count
           before: GLPK numbers its columns by int */
        diag_error(d, NULL, 0, 0,
                   "the integer program would need a column per admissible pair, %ld, more "
                   "than GLPK can number",
                   a->npairs);
        return ST_IO;
    }
    if ((double)a->npairs * GLPK_BYTES_PER_PAIR > mem_room()) {
        /* GLPK would be killed by the system halfway through (100 million
           pairs: 24 GB taken in 80 s, then killed) */
        diag_error(d, NULL, 0, 0,
                   "the integer program would need a column per admissible pair, %ld, and "
                   "GLPK about %.1f GB for them, more than the %.1f GB this run may use; %s",
                   a->npairs, (double)a->npairs * GLPK_BYTES_PER_PAIR / 1e9, mem_room() / 1e9,
                   t->cold ? "solve without --method glpk (the flow takes such cycles in little "
                             "memory)"
                           : "the fast paths did not settle this cycle (solve -v says why), so "
                             "it needs fewer admissible pairs or a larger machine");
        return ST_IO;
    }
    memset(&b, 0, sizeof(b));
    b.unused = export_alone ? NULL : t->unused; /* exports show the plain model */
    b.names = t->export_lp || t->export_mps;
    b.deadline = !export_alone && t->time_limit > 0 ? clock_seconds() + t->time_limit : 0;
    memset(&guard, 0, sizeof(guard));
    guard.verbose = t->verbose;
    glp_term_hook(on_term, &guard);
    glp_error_hook(on_error, &guard);
    if (setjmp(guard.env) == 0) {
        rc = relax          ? relax_only(c, a, r, t, relax, value, &b)
             : export_alone ? export_only(c, a, r, t, solved, d, &b)
                            : run_stages(c, a, r, t, out, d, &b);
    } else {
        /* GLPK reported an internal error: its environment is unusable */
        glp_free_env();
        diag_error(d, NULL, 0, 0, "GLPK failed: %s", guard.tail[0] ? guard.tail : "unknown error");
        rc = ST_IO;
    }
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    free(b.ia);
    free(b.ja);
    free(b.ar);
    free(b.best_leaf);
    free(b.warm);
    free(b.student_row);
    free(b.node_row);
    return rc;
}

status model_solve(const cycle *c, const admit *a, const rules *r, const model_task *t,
                   solution *sol, diag *d)
{
    sol->method = METHOD_GLPK;
    return run_guarded(c, a, r, t, sol, NULL, NULL, NULL, d);
}

status model_relaxation(const cycle *c, const admit *a, const rules *r, const model_task *t,
                        double *relax, double *value, diag *d)
{
    return run_guarded(c, a, r, t, NULL, NULL, relax, value, d);
}

status model_export(const cycle *c, const admit *a, const rules *r, const model_task *t,
                    const solution *sol, diag *d)
{
    if (!t->export_lp && !t->export_mps)
        return ST_OK;
    return run_guarded(c, a, r, t, NULL, sol, NULL, NULL, d);
}

const char *model_glpk_version(void)
{
    return glp_version();
}
