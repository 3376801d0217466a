/* lagrange.h - a few whole-cycle quotas that are not a network (over
 * tags, which a student holds several of, or over two fields), priced
 * into the flow instead of handed to GLPK.
 *
 * Such quotas count students, wherever they are placed, so they see a
 * student only through her class: the set of quotas in force that count
 * her (at most 2^Q classes for Q quotas). With a cap and a minimum per
 * class instead of the quotas, the cycle is a network again (disjoint
 * groups, as treeflow.h's home and year quotas).
 *
 * Each stage of the objective is bounded by Lagrangian relaxation: the
 * quota rows priced into the flow with multipliers (the second stage
 * keeps the placements at their optimum exactly), treeflow_priced
 * solving the priced cycle exactly and certified. Any multipliers give a
 * valid bound; the best are found by Kelley's cutting planes (a small LP
 * in GLPK, one cut per priced flow, within a trust region). The LP's
 * convex combination of the priced flows gives each class a fractional
 * count; the whole counts nearest to it that meet the quotas (a tiny
 * integer program) are the caps and minimums of a network that treeflow
 * solves. When its stage values reach the bounds, they are proven
 * optimal (a feasible assignment as good as a bound). Otherwise nothing
 * is claimed and GLPK decides, as before, with what was found at hand
 * for when it runs out of time. */
#ifndef LAGRANGE_H
#define LAGRANGE_H

#include <stddef.h>

#include "admit.h"
#include "cycle.h"
#include "rules.h"
#include "stages.h"

/* Quotas in force at most: 2^6 classes. */
#define LAGRANGE_MAX_QUOTAS 6

/* Whether the quotas in force (at least one) are all whole-cycle, at most
 * LAGRANGE_MAX_QUOTAS, and the stages are the placements and at most one
 * more (rank-sum). */
int lagrange_applies(const cycle *c, const rules *r, const stage_def *st, int nstages);

/* What lagrange_solve found. */
typedef struct lagrange_result {
    int proven;       /* leaf_of is optimal at every stage */
    int feasible;     /* leaf_of meets every rule, proven or not (the
                         last capped network that did) */
    long most_placed; /* a proven upper bound on the placements, -1: none */
    long flows;       /* priced and capped flows solved */
    char why[160];    /* when not proven: the stage whose bound was not
                         reached and both figures, or what stopped it */
} lagrange_result;

/* Solves the stages st[0..nstages) under r (its quotas included; not
 * stability) into leaf_of (per student, -1 unplaced) and *res; returns
 * res->proven. deadline (clock_seconds(), 0: none) is kept: no flow is
 * started that the last one's time says would end past it. */
int lagrange_solve(const cycle *c, const admit *a, const rules *r, const stage_def *st,
                   int nstages, double deadline, int *leaf_of, lagrange_result *res);

#endif
