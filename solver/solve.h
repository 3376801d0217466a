/* solve.h - answering a question about a cycle: "the most placements,
 * then this objective, under these rules, stable or not". The policy
 * above the methods: it plans the stages, chooses the method (the
 * certified min-cost flow, deferred acceptance, or GLPK's integer
 * program), runs it, checks its answer, falls back, and gives GLPK the
 * hints a fast path leaves (bounds, incumbents, columns fixed at 0). */
#ifndef SOLVE_H
#define SOLVE_H

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "method.h"
#include "objective.h"
#include "rules.h"
#include "solution.h"
#include "status.h"

typedef struct solve_question {
    enum objective objective;
    int stable;                         /* only assignments without blocking pairs */
    int feasibility;                    /* one stage, no objective: is there any assignment? */
    int placements_only;                /* only the first stage: the most placements */
    enum method method;                 /* METHOD_AUTO, or METHOD_GLPK: the plain model cold */
    double time_limit;                  /* seconds, 0: none */
    int verbose;                        /* GLPK's own output on stderr */
    int progress;                       /* progress lines on stderr */
    const char *export_lp, *export_mps; /* the last stage's model, or NULL */
    int root_fixing_only;               /* the tests: see model.h */
} solve_question;

/* A question with the defaults: rank-sum, not stable, auto, no limit. */
void solve_question_init(solve_question *q);

/* Answers q under the rules r into sol (initialised here; the caller
 * releases it with solution_release whatever the status). Returns ST_OK
 * with sol filled (sol->optimal, or feasible / time-limited with a gap);
 * ST_INFEASIBLE when no assignment satisfies the rules (the caller
 * explains why); ST_TIME_LIMIT when the time ran out before any
 * assignment was found, or when --stable meets a cycle whose stable
 * model is beyond GLPK (message in d); ST_INPUT when the objective needs
 * more than STAGES_MAX stages (message in d); ST_IO on a GLPK failure or
 * an export that could not be written. sol->method_note says why the
 * method was chosen. */
status solve_run(const cycle *c, const admit *a, const rules *r, const solve_question *q,
                 solution *sol, diag *d);

/* What a run without --stable can say about the stable assignments. */
enum solve_stable_outcome {
    SOLVE_STABLE_KNOWN,  /* *placed: the most a stable assignment places */
    SOLVE_STABLE_UNKNOWN /* not known without a stable solve */
};
/* The most students a stable assignment under r places, when a method
 * that is cheap by construction gives it: deferred acceptance where it is
 * exact (its student-optimal stable assignment meets the side rules).
 * Never runs GLPK. */
enum solve_stable_outcome solve_stable_placed(const cycle *c, const admit *a, const rules *r,
                                              long *placed);

#endif
