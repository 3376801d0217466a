/* stages.h - the lexicographic objective of SPEC §5 as a list of stages:
 * first the most placements, then rank-sum, or one stage per distinct
 * rank in use for rank-maximal and generous. Each stage is a linear
 * objective over the admissible pairs; every solver (GLPK, the min-cost
 * flow, deferred acceptance) reports the same stages with the same
 * values, so their results can be compared. */
#ifndef STAGES_H
#define STAGES_H

#include "admit.h"

enum model_objective { MODEL_RANK_SUM, MODEL_RANK_MAXIMAL, MODEL_GENEROUS };

/* Stages: placements, then one per distinct rank in use for rank-maximal
 * and generous, so those objectives take up to MODEL_MAX_STAGES - 1
 * distinct ranks. */
#define MODEL_MAX_STAGES 256

typedef struct stage_def {
    char name[48];  /* e.g. "placements", "rank-sum", "most at rank 2" */
    int maximize;
    int rank;       /* -1: no objective (feasibility); 0: placements or
                       rank-sum (see sum_ranks); r: the count at rank r */
    int sum_ranks;
} stage_def;

/* Plans the stages into st (MODEL_MAX_STAGES entries) and returns their
 * number, or -1 when the objective needs more than MODEL_MAX_STAGES.
 * feasibility: one stage without objective; placements_only: only the
 * first stage. */
int stages_plan(const admit *a, int objective, int feasibility, int placements_only,
                stage_def *st);
/* Pair pr's coefficient in stage sd's objective. */
long stages_coef(const stage_def *sd, const admit_pair *pr);
/* Stage sd's value for an assignment (leaf_of per student, -1 unplaced). */
long stages_value(const stage_def *sd, const admit *a, const int *leaf_of, int nstudents);

#endif
