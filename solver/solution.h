/* solution.h - what a method reports for a solve: the assignment, the
 * value of every stage of the lexicographic objective, what was proven
 * (optimal, or the gap at the time limit), the timings, and which method
 * answered and why. The same struct for the min-cost flow, deferred
 * acceptance and GLPK, so that their answers compare stage by stage. */
#ifndef SOLUTION_H
#define SOLUTION_H

#include "admit.h"
#include "method.h"
#include "stages.h"

typedef struct solution_stage {
    char name[48]; /* e.g. "placements", "rank-sum", "most at rank 2" */
    long value;    /* its optimum (or best found) */
    double seconds;
    int optimal;
} solution_stage;

typedef struct solution {
    int *leaf_of; /* per student: leaf index or -1 (owned: heap) */
    int nstudents;
    int optimal;          /* every stage proven optimal */
    int time_limited;     /* stopped by the time limit with an assignment */
    double gap;           /* relative gap of the last stage when not optimal */
    int stop_stage;       /* the stage GLPK stopped in at the time limit
                             (0-based), -1 none */
    double stop_bound;    /* the best bound GLPK proved for that stage
                             (HUGE_VAL or -HUGE_VAL: none) */
    double seconds;       /* total solve time */
    double build_seconds; /* building GLPK's model, 0 for other methods */
    solution_stage stages[STAGES_MAX];
    int nstages;
    enum method method;    /* what answered (never METHOD_AUTO once solved) */
    char method_note[400]; /* why this method, or what it did */
    int settled_by_theorem; /* ST_INFEASIBLE proven without GLPK: the rural
                               hospitals theorem (method_note says how) */
    int warm_starts;        /* GLPK stages started from the flow's basis
                               (model_warm.h), dual feasible as it must */
    int warm_infeasible;    /* ... that GLPK found not dual feasible: a
                               defect (the tests count them) */
    int root_proofs;        /* GLPK stages closed at the root by the LP's
                               completion or reduced-cost fixing */
} solution;

/* An empty solution for nstudents students: everyone unplaced, no stage,
 * method GLPK. Release with solution_release. */
void solution_init(solution *sol, int nstudents);
void solution_release(solution *sol);
/* Records leaf_of (copied) as the answer to every stage of st, with each
 * stage's value computed from it and marked proven optimal; seconds goes
 * to the first stage and the total. */
void solution_set_all(solution *sol, const admit *a, const stage_def *st, int nstages,
                      const int *leaf_of, double seconds);
/* Appends printf-style text to method_note (cut to fit). */
void solution_note(solution *sol, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The number of students placed. */
long solution_placed(const solution *sol);

#endif
