/* solve.c - the method policy (see solve.h): fast paths first where they
 * are exact and their answer checks, GLPK with their hints otherwise. */
#include "solve.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "deferred.h"
#include "lagrange.h"
#include "mem.h"
#include "merit.h"
#include "model.h"
#include "model_stable.h"
#include "quota_repair.h"
#include "stable_prune.h"
#include "stable_search.h"
#include "stages.h"
#include "treeflow.h"

/* The stable model's size (model_stable_size, nonzeros) beyond which
 * GLPK is not tried for --stable when deferred acceptance is not exact:
 * the stable search's answer is returned instead, marked "feasible"
 * with its gap to the most placements without stability; without one
 * the run stops (exit 4). About 60,000 generator students; --method
 * glpk always tries. */
#define STABLE_MODEL_MAX_NONZEROS 3e7

/* The seconds GLPK is given for --stable when a stable assignment is
 * already at hand and the user set no --time-limit: it then answers with
 * the best stable assignment known and the proven gap instead of
 * searching for hours. */
#define STABLE_DEFAULT_SECONDS 120

/* Rounds of the stable search for --stable with ties (stable_search.h),
 * and the seconds its LP guide may take. Generator cycles with ties
 * (placements: index tie-break / search / guided search / optimum):
 * 600 students 445 / 447 / 458 / 462; 1,000: 729 / 736 / 742 / 743;
 * 2,000: 1,492 / 1,495 / 1,507 / 1,516 (measured before stable_prune.h,
 * which GLPK now solves these with). */
#define STABLE_SEARCH_ROUNDS 50
#define STABLE_GUIDE_SECONDS 30

/* Rounds of the same search when only a witness is wanted (is there a
 * stable assignment meeting the rules? the deletion filter asks this
 * once per rule). */
#define STABLE_WITNESS_ROUNDS 10

/* The seconds kept from GLPK's share of a --time-limit when a stable
 * assignment is at hand, or a flow's answer to repair, for what follows
 * GLPK (the repair, the fallback's bound and checks: about 1 s on 10,000
 * students), so the run ends within it. */
#define AFTER_GLPK_SECONDS 2.0

void solve_question_init(solve_question *q)
{
    memset(q, 0, sizeof(*q));
    q->objective = OBJECTIVE_RANK_SUM;
    q->method = METHOD_AUTO;
}

/* What the fast paths leave for GLPK. */
typedef struct fast_outcome {
    int solved;      /* sol holds a certified optimum */
    int have_bounds; /* bounds: each stage's optimum without the quotas */
    long bounds[STAGES_MAX];
    int *stable;           /* a stable assignment meeting the side rules (ties
                              broken by index), not proven optimal; or NULL */
    unsigned char *unused; /* per pair: no stable assignment uses it, or
                              NULL */
    long nunused;
    int impossible; /* no stable assignment meets the side rules (a
                       theorem says so; sol's note says which) */
    double lp_bound; /* a bound on the placements: the stable model's LP
                        optimum (the stable search's guide), or the
                        priced flow's; HUGE_VAL none */
    int *unrepaired; /* the flow's optimum without the quotas that bind,
                        for quota_repair when GLPK finds none in time; or
                        NULL */
    int *priced;     /* an assignment within every rule from the quotas
                        priced into the flow, not proven optimal; or NULL */
} fast_outcome;

/* leaf_of is the student-optimal stable assignment: every student is
 * placed at least as well there as in any stable assignment, so no
 * stable assignment uses a pair she ranks better (nor any pair of a
 * student it leaves unplaced); marks those pairs in fo->unused. */
static void mark_unused(const cycle *c, const admit *a, const int *leaf_of, fast_outcome *fo)
{
    MEM_ZALLOC_ARRAY(fo->unused, a->npairs + 1);
    for (int s = 0; s < c->nstudents; s++) {
        admit_pair best, p;
        int have = leaf_of[s] >= 0 && admit_find(a, s, leaf_of[s], &best);
        admit_iter it;
        if (c->students[s].fix >= 0)
            continue;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &p)) {
            if (!have || p.rank < best.rank) {
                fo->unused[p.index] = 1;
                fo->nunused++;
            }
        }
    }
}

/* The stable search's guide: the LP relaxation of the stable model's
 * placements stage (NULL when it gives none within its time), and its
 * optimum into *bound (HUGE_VAL when none). */
static double *stable_guide(const cycle *c, const admit *a, const rules *r,
                            const stage_def *stages, const unsigned char *unused, double seconds,
                            double *bound)
{
    model_task t;
    diag d;
    double *relax;
    memset(&t, 0, sizeof(t));
    t.stages = stages;
    t.nstages = 1;
    t.stable = 1;
    t.time_limit = seconds;
    t.unused = unused;
    MEM_ALLOC_ARRAY(relax, a->npairs + 1);
    diag_init(&d);
    if (model_relaxation(c, a, r, &t, relax, bound, &d) != ST_OK) {
        free(relax);
        relax = NULL;
        *bound = HUGE_VAL;
    }
    diag_release(&d);
    return relax;
}

/* --stable: deferred acceptance when it is exact, else the stable search
 * as a fallback for GLPK, guided by the LP relaxation when the stable
 * model fits (fits). */
static void try_deferred(const cycle *c, const admit *a, const rules *r, const stage_def *stages,
                         double time_limit, int fits, solution *sol, int *leaf_of,
                         fast_outcome *fo)
{
    char why[400] = "", why2[160] = "";
    double deadline = time_limit > 0 ? clock_seconds() + time_limit : 0;
    enum deferred_outcome o = deferred_solve(c, a, r, 0, leaf_of, why, sizeof(why));
    double *guide = NULL;
    long found;
    if (o == DEFERRED_SOLVED) {
        sol->method = METHOD_DEFERRED;
        solution_note(sol, "student-optimal stable assignment, no blocking pair");
        fo->solved = 1;
        return;
    }
    solution_note(sol, "%s%s", o == DEFERRED_UNCERTIFIED ? "certificate failed: " : "", why);
    if (o == DEFERRED_UNCERTIFIED)
        return;
    if (o == DEFERRED_IMPOSSIBLE) {
        fo->impossible = 1;
        return;
    }
    if (o == DEFERRED_UNMET) {
        mark_unused(c, a, leaf_of, fo);
        solution_note(sol,
                      "; %ld of %ld pairs fixed at 0 (better than the student-optimal stable "
                      "assignment",
                      fo->nunused, a->npairs);
        fo->nunused += stable_prune(c, a, r, fo->unused);
        solution_note(sol, ", or outranked: %ld in all)", fo->nunused);
        return;
    }
    if (fits) {
        /* for GLPK's stable model only: past its size the pruning (a pass
           per pair, 30 s on 10^8 pairs) would go unused */
        double seconds = STABLE_GUIDE_SECONDS;
        MEM_ZALLOC_ARRAY(fo->unused, a->npairs + 1);
        fo->nunused = stable_prune(c, a, r, fo->unused);
        solution_note(sol, "; %ld of %ld pairs fixed at 0 (no stable assignment uses them)",
                      fo->nunused, a->npairs);
        if (time_limit > 0 && time_limit / 4 < seconds)
            seconds = time_limit / 4;
        guide = stable_guide(c, a, r, stages, fo->unused, seconds, &fo->lp_bound);
    }
    found = stable_search(c, a, r, STABLE_SEARCH_ROUNDS, guide, deadline, leaf_of);
    free(guide);
    if (found >= 0) {
        solution_note(sol, "; the stable search places %ld", found);
        MEM_ALLOC_ARRAY(fo->stable, c->nstudents + 1);
        memcpy(fo->stable, leaf_of, sizeof(int) * (size_t)c->nstudents);
    } else if (deadline > 0 && clock_seconds() > deadline) {
        solution_note(sol, "; the stable search ran out of time");
    } else {
        deferred_solve(c, a, r, 1, leaf_of, why2, sizeof(why2));
        solution_note(sol, "; with ties broken: %s", why2);
    }
}

/* The min-cost flow, exact without quotas; with quotas it is exact when
 * they hold at its optimum, else its stage values bound GLPK's. */
static void try_flow(const cycle *c, const admit *a, const rules *r, const stage_def *stages,
                     int nstages, double deadline, solution *sol, int *leaf_of,
                     fast_outcome *fo)
{
    char why[160] = "";
    long phases = 0, exchanges = 0;
    int quotas = rules_any_quota(r, c), in_network = treeflow_quotas_in_network(c, r);
    enum treeflow_outcome o =
        treeflow_solve(c, a, r, stages, nstages, TREEFLOW_MERIT_EXCHANGE, in_network, leaf_of,
                       &phases, &exchanges, why, sizeof(why));
    int bind = o == TREEFLOW_SOLVED && quotas && !audit_holds(c, r, leaf_of, NULL);
    if (bind && lagrange_applies(c, r, stages, nstages)) {
        lagrange_result lr;
        int *priced;
        MEM_ALLOC_ARRAY(priced, c->nstudents + 1);
        if (lagrange_solve(c, a, r, stages, nstages, deadline, priced, &lr)) {
            memcpy(leaf_of, priced, sizeof(int) * (size_t)c->nstudents);
            free(priced);
            sol->method = METHOD_FLOW;
            solution_note(sol,
                          "whole-cycle quotas priced into the flow: every stage's Lagrangian "
                          "bound reached by a network with a cap per class of students, %ld "
                          "certified flows",
                          lr.flows);
            fo->solved = 1;
            return;
        }
        solution_note(sol, "quotas priced into the flow, %ld flows, not proven (%s); ", lr.flows,
                      lr.why);
        /* what it found stays at hand for GLPK running out of time */
        if (lr.feasible)
            fo->priced = priced;
        else
            free(priced);
        if (lr.most_placed >= 0 && (double)lr.most_placed < fo->lp_bound)
            fo->lp_bound = (double)lr.most_placed;
    }
    if (bind) {
        solution_note(sol, "quotas bind; GLPK warm-started with the flow's bounds");
        fo->have_bounds = 1;
        for (int i = 0; i < nstages; i++)
            fo->bounds[i] = stages_value(&stages[i], a, leaf_of, c->nstudents);
        MEM_ALLOC_ARRAY(fo->unrepaired, c->nstudents + 1);
        memcpy(fo->unrepaired, leaf_of, sizeof(int) * (size_t)c->nstudents);
    } else if (o == TREEFLOW_SOLVED) {
        sol->method = METHOD_FLOW;
        if (in_network)
            solution_note(sol,
                          "min-cost flow with the quotas as arcs (whole-cycle, over one field "
                          "with a value a student), %ld phases, optimality certificate checked",
                          phases);
        else
            solution_note(sol,
                          "min-cost flow, %ld phases, %ld exchanges to the best scores, "
                          "optimality certificate checked%s",
                          phases, exchanges, quotas ? "; quotas hold" : "");
        if (why[0])
            solution_note(sol, "; %s", why);
        fo->solved = 1;
    } else {
        solution_note(sol, "%s%s", o == TREEFLOW_UNCERTIFIED ? "certificate failed: " : "", why);
    }
}

/* Is there a stable assignment meeting the side rules (a feasibility
 * question)? Yes when deferred acceptance or the stable search finds one
 * (a witness, checked stable and within the rules); no when deferred
 * acceptance is exact and the rural hospitals theorem settles the rule it
 * misses; else GLPK decides. */
static void try_stable_witness(const cycle *c, const admit *a, const rules *relaxed,
                               double deadline, solution *sol, int *leaf_of, fast_outcome *fo)
{
    char why[400] = "";
    rules strict;
    const rules *r = relaxed;
    unsigned char *none = NULL;
    enum deferred_outcome o;
    if (relaxed->relax) {
        /* capacities only: a witness that also places every fixed student
           at her fix (deferred acceptance holds them there) will do */
        MEM_ALLOC_ARRAY(none, c->nnodes + c->nquotas + 1);
        memset(none, 1, (size_t)(c->nnodes + c->nquotas + 1));
        rules_init(&strict, 0);
        strict.drop_min = none;
        strict.drop_quota = none + c->nnodes;
        r = &strict;
    }
    o = deferred_solve(c, a, r, 0, leaf_of, why, sizeof(why));
    if (o == DEFERRED_IMPOSSIBLE && relaxed->relax)
        o = DEFERRED_UNMET; /* a must-place rule the question does not have */
    if (o == DEFERRED_SOLVED ||
        (o != DEFERRED_IMPOSSIBLE && stable_search(c, a, r, STABLE_WITNESS_ROUNDS, NULL,
                                                   deadline, leaf_of) >= 0)) {
        sol->method = METHOD_DEFERRED;
        solution_note(sol, "a stable assignment meeting the rules found by deferred acceptance");
        fo->solved = 1;
    } else if (o == DEFERRED_IMPOSSIBLE) {
        solution_note(sol, "%s", why);
        fo->impossible = 1;
    } else {
        solution_note(sol, "feasibility question: no stable witness found, GLPK decides");
    }
    free(none);
}

/* Tries the certified fast paths; fills fo, and sol when one solved every
 * stage (else sol->method_note says why not). stable_fits: the stable
 * model is small enough for GLPK. */
static void try_fast_path(const cycle *c, const admit *a, const rules *r, const solve_question *q,
                          const stage_def *stages, int nstages, int stable_fits, solution *sol,
                          fast_outcome *fo)
{
    double t0 = clock_seconds();
    int *leaf_of;
    memset(fo, 0, sizeof(*fo));
    fo->lp_bound = HUGE_VAL;
    if (q->method == METHOD_GLPK) {
        solution_note(sol, "--method glpk");
        return;
    }
    MEM_ALLOC_ARRAY(leaf_of, c->nstudents + 1);
    if (q->feasibility && q->stable)
        try_stable_witness(c, a, r, q->time_limit > 0 ? t0 + q->time_limit : 0, sol, leaf_of,
                           fo);
    else if (q->feasibility)
        solution_note(sol, "feasibility question");
    else if (q->stable)
        try_deferred(c, a, r, stages, q->time_limit, stable_fits, sol, leaf_of, fo);
    else
        try_flow(c, a, r, stages, nstages, q->time_limit > 0 ? t0 + q->time_limit : 0, sol,
                 leaf_of, fo);
    if (fo->solved)
        solution_set_all(sol, a, stages, nstages, leaf_of, clock_seconds() - t0);
    free(leaf_of);
}

/* Where GLPK did not prove an optimum in time: an assignment a heuristic
 * made (leaf, within every rule), reported as feasible (time_limit when
 * the time ran out) with the gap of its placements to the best bound
 * known: the most placements without stability and quotas, or GLPK's
 * bound for the placements stage or the stable model's LP optimum
 * (glpk_bound, HUGE_VAL none) when lower. what names the heuristic and
 * what its answer is; why says why GLPK did not answer. */
static void heuristic_answer(const cycle *c, const admit *a, const rules *r,
                             const stage_def *stages, int nstages, const int *leaf,
                             double seconds, int time_limited, double glpk_bound,
                             enum method method, const char *what, const char *why_glpk,
                             solution *sol)
{
    stage_def first = stages[0];
    int *bound_leaf;
    long phases, exchanges, placed, most = -1;
    char why[160];
    solution_set_all(sol, a, stages, nstages, leaf, seconds);
    sol->optimal = 0;
    sol->time_limited = time_limited;
    for (int i = 0; i < nstages; i++)
        sol->stages[i].optimal = 0;
    sol->method = method;
    MEM_ALLOC_ARRAY(bound_leaf, c->nstudents + 1);
    placed = sol->stages[0].value;
    if (treeflow_solve(c, a, r, &first, 1, TREEFLOW_MERIT_NONE, 0, bound_leaf, &phases,
                       &exchanges, why, sizeof(why)) == TREEFLOW_SOLVED)
        most = stages_value(&first, a, bound_leaf, c->nstudents);
    free(bound_leaf);
    if (glpk_bound < HUGE_VAL) {
        long proven = (long)floor(glpk_bound + 1e-6); /* placements are whole */
        if (most < 0 || proven < most)
            most = proven;
    }
    sol->gap = most > 0 ? (double)(most - placed) / (double)most : 0;
    sol->method_note[0] = '\0';
    solution_note(sol,
                  "%s, not proven optimal (%s); at most %ld placements are possible, %.2f%% more",
                  what, why_glpk, most, 100.0 * sol->gap);
}

/* --stable with ties where GLPK did not prove an optimum: the stable
 * search's assignment (heuristic_answer). */
static void stable_fallback(const cycle *c, const admit *a, const rules *r, const stage_def *stages,
                            int nstages, const int *stable, double seconds, int time_limited,
                            double glpk_bound, const char *why_glpk, solution *sol)
{
    heuristic_answer(c, a, r, stages, nstages, stable, seconds, time_limited, glpk_bound,
                     METHOD_DEFERRED,
                     "stable search (deferred acceptance, ties broken with promotion): stable",
                     why_glpk, sol);
}

/* Whether a heuristic's assignment (the stable search's, the repaired
 * flow's) places more than GLPK's time-limited answer (which then gives
 * way to it). */
static int search_beats(const admit *a, const stage_def *stages, const int *stable,
                        const solution *sol)
{
    return sol->nstages == 0 ||
           stages_value(&stages[0], a, stable, sol->nstudents) > sol->stages[0].value;
}

/* Among equally good assignments, merit decides (merit.h): free swaps by
 * priority, which keep every stage's value. Not for --stable, whose
 * answer is already stable, nor for a feasibility question. */
static void merit_ties(const cycle *c, const admit *a, const rules *r, const solve_question *q,
                       solution *sol)
{
    long swaps;
    double t0 = clock_seconds(), took;
    if (q->stable || q->feasibility)
        return;
    swaps = merit_swap(c, a, r, sol->leaf_of);
    took = clock_seconds() - t0;
    sol->seconds += took;
    if (swaps > 0)
        solution_note(sol, "; %ld free swap%s by priority among equally good assignments (%.3f s)",
                      swaps, swaps == 1 ? "" : "s", took);
}

status solve_run(const cycle *c, const admit *a, const rules *r, const solve_question *q,
                 solution *sol, diag *d)
{
    stage_def stages[STAGES_MAX];
    int nstages;
    fast_outcome fo;
    model_task task;
    status rc;
    double t0, stable_size;
    const int *heur;

    solution_init(sol, c->nstudents);
    nstages = stages_plan(a, q->objective, q->feasibility, q->placements_only, stages);
    if (nstages < 0) {
        diag_error(d, NULL, 0, 0,
                   "rank-maximal and generous take at most %d distinct ranks (one stage each); "
                   "use --objective rank-sum for this cycle",
                   STAGES_MAX - 1);
        return ST_INPUT;
    }
    memset(&task, 0, sizeof(task));
    task.stages = stages;
    task.nstages = nstages;
    task.stable = q->stable;
    task.time_limit = q->time_limit;
    task.verbose = q->verbose;
    task.progress = q->progress;
    task.export_lp = q->export_lp;
    task.export_mps = q->export_mps;
    task.cold = q->method == METHOD_GLPK;
    task.root_fixing_only = q->root_fixing_only;

    t0 = clock_seconds();
    stable_size = q->stable ? model_stable_size(c, a) : 0;
    try_fast_path(c, a, r, q, stages, nstages, stable_size <= STABLE_MODEL_MAX_NONZEROS, sol, &fo);
    if (fo.solved) {
        merit_ties(c, a, r, q, sol);
        return model_export(c, a, r, &task, sol, d);
    }
    if (fo.impossible) {
        sol->settled_by_theorem = 1;
        sol->seconds = clock_seconds() - t0;
        return ST_INFEASIBLE;
    }
    if (q->stable && q->method != METHOD_GLPK && stable_size > STABLE_MODEL_MAX_NONZEROS) {
        if (fo.stable) {
            stable_fallback(c, a, r, stages, nstages, fo.stable, clock_seconds() - t0, 0,
                            fo.lp_bound, "the stable model is too large for GLPK", sol);
            free(fo.stable);
            free(fo.unused);
            return ST_OK;
        }
        free(fo.unused);
        if (q->time_limit > 0 && clock_seconds() - t0 >= q->time_limit) {
            diag_error(d, NULL, 0, 0,
                       "the time limit ran out before the stable search found a stable "
                       "assignment (deferred acceptance does not settle this cycle: %s); allow "
                       "more time with --time-limit, or run without --stable",
                       sol->method_note);
            return ST_TIME_LIMIT;
        }
        diag_error(d, NULL, 0, 0,
                   "stopped before finding any stable assignment: deferred acceptance does "
                   "not settle this cycle (%s), and its stable model (about %.0f million "
                   "nonzeros) is beyond what GLPK solves; run without --stable, or with "
                   "--method glpk to try anyway",
                   sol->method_note, stable_size / 1e6);
        return ST_TIME_LIMIT;
    }
    if (q->stable && fo.stable && task.time_limit <= 0 && q->method != METHOD_GLPK)
        task.time_limit = STABLE_DEFAULT_SECONDS;
    if (task.time_limit > 0) {
        /* what the fast paths left of it (none: out of time), less a
           margin for the work after GLPK (the fallback's bound, checks) */
        double left = task.time_limit - (clock_seconds() - t0);
        double margin =
            fo.stable || fo.unrepaired ? fmin(AFTER_GLPK_SECONDS, 0.05 * task.time_limit) : 0;
        task.time_limit = left - margin > 0 ? left - margin : 1e-9;
    }
    task.bounds = fo.have_bounds ? fo.bounds : NULL;
    task.unused = fo.unused;
    task.warm_leaf = fo.unrepaired;
    rc = model_solve(c, a, r, &task, sol, d);
    if (sol->warm_starts > 0)
        solution_note(sol, "; %d of %d stages started from the flow's basis",
                      sol->warm_starts, nstages);
    if (sol->warm_infeasible > 0)
        solution_note(sol, "; %d of the flow's bases not dual feasible (a defect: please report)",
                      sol->warm_infeasible);
    if (sol->root_proofs > 0)
        solution_note(sol, "; %d of %d stages proven at the root (the LP's completion or "
                           "reduced-cost fixing)",
                      sol->root_proofs, nstages);
    free(fo.unused);
    /* a heuristic's answer (the stable search's, or the repaired flow's)
       where GLPK found none in time or placed fewer */
    heur = fo.stable ? fo.stable : fo.priced;
    if (!heur && fo.unrepaired && (rc == ST_TIME_LIMIT || (rc == ST_OK && !sol->optimal)) &&
        quota_repair(c, a, r, fo.unrepaired))
        heur = fo.unrepaired;
    if (heur && ((rc == ST_OK && !sol->optimal && search_beats(a, stages, heur, sol)) ||
                 rc == ST_TIME_LIMIT)) {
        double bound = sol->stop_stage == 0 ? sol->stop_bound : HUGE_VAL;
        char why[96];
        if (rc == ST_TIME_LIMIT)
            snprintf(why, sizeof(why), "GLPK found none in %.0f s", task.time_limit);
        else
            snprintf(why, sizeof(why), "GLPK's best in %.0f s placed fewer", task.time_limit);
        if (sol->nstages > 0 && sol->stop_stage > 0)
            bound = (double)sol->stages[0].value; /* GLPK proved the placements */
        if (fo.lp_bound < bound)
            bound = fo.lp_bound; /* the LP of the guide, when GLPK's tree has not reached it */
        if (fo.stable)
            stable_fallback(c, a, r, stages, nstages, fo.stable, clock_seconds() - t0, 1, bound,
                            why, sol);
        else
            heuristic_answer(c, a, r, stages, nstages, heur, clock_seconds() - t0, 1, bound,
                             METHOD_FLOW,
                             heur == fo.priced
                                 ? "the whole-cycle quotas priced into the flow, a network with "
                                   "a cap per class of students: within every rule"
                                 : "the min-cost flow without the quotas, repaired to meet them "
                                   "(the lowest scores leave a quota above its max, the "
                                   "unplaced take their best choice that fits): within every "
                                   "rule",
                             why, sol);
        rc = ST_OK;
    }
    free(fo.stable);
    free(fo.unrepaired);
    free(fo.priced);
    if (rc == ST_OK)
        merit_ties(c, a, r, q, sol);
    return rc;
}

enum solve_stable_outcome solve_stable_placed(const cycle *c, const admit *a, const rules *r,
                                              long *placed)
{
    char why[160];
    int *leaf_of;
    enum solve_stable_outcome out = SOLVE_STABLE_UNKNOWN;
    MEM_ALLOC_ARRAY(leaf_of, c->nstudents + 1);
    if (deferred_solve(c, a, r, 0, leaf_of, why, sizeof(why)) == DEFERRED_SOLVED) {
        *placed = 0;
        for (int s = 0; s < c->nstudents; s++)
            *placed += leaf_of[s] >= 0;
        out = SOLVE_STABLE_KNOWN;
    }
    free(leaf_of);
    return out;
}
