/* stages.h - the lexicographic objective of SPEC §5 as a list of stages:
 * first the most placements, then rank-sum, or one stage per distinct
 * rank in use for rank-maximal and generous. Each stage is a linear
 * objective over the admissible pairs; every solver (GLPK, the min-cost
 * flow, deferred acceptance) reports the same stages with the same
 * values, so their results can be compared. */
#ifndef STAGES_H
#define STAGES_H

#include "admit.h"
#include "objective.h"

/* Stages: placements, then one per distinct rank in use for rank-maximal
 * and generous, so those objectives take up to STAGES_MAX - 1
 * distinct ranks. */
#define STAGES_MAX 256

typedef struct stage_def {
    char name[48];  /* e.g. "placements", "rank-sum", "most at rank 2" */
    int maximize;
    int rank;       /* -1: no objective (feasibility); 0: placements or
                       rank-sum (see sum_ranks); r: the count at rank r */
    int sum_ranks;
} stage_def;

/* Plans the stages into st (STAGES_MAX entries) and returns their
 * number, or -1 when the objective needs more than STAGES_MAX.
 * feasibility: one stage without objective; placements_only: only the
 * first stage. */
int stages_plan(const admit *a, enum objective objective, int feasibility, int placements_only,
                stage_def *st);
/* Pair pr's coefficient in stage sd's objective. */
long stages_coef(const stage_def *sd, const admit_pair *pr);
/* Stage sd's value for an assignment (leaf_of per student, -1 unplaced). */
long stages_value(const stage_def *sd, const admit *a, const int *leaf_of, int nstudents);

#endif
