/* model.h - the integer program of SPEC §3/§5 built and solved with GLPK.
 * The only module that includes GLPK's header; it solves what it is given and
 * chooses nothing (solve.h picks the method and the hints).
 *
 * One binary variable per admissible pair; a row per student (at most one
 * leaf, exactly one when she must be placed), per node with a capacity or
 * a minimum in force, per quota in force, and with stability the rows of
 * SPEC §4. The objective is lexicographic and exact: each stage of
 * stages.h is solved in turn, its optimum added as a row before the next
 * stage (no weights, no big-M). */
#ifndef MODEL_H
#define MODEL_H

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "rules.h"
#include "solution.h"
#include "stages.h"
#include "status.h"

/* One solve: the stages, the model's options and the hints a caller may
 * give. Hints never change the optimum, only how fast it is found. */
typedef struct model_task {
    const stage_def *stages;
    int nstages;
    int stable;          /* add the stability rows (stability is not a side
                            rule: relaxed rules keep them) */
    double time_limit;   /* seconds for all stages, 0: none */
    int verbose;         /* GLPK's own output on stderr */
    int progress;        /* progress lines on stderr (at most one a second) */
    const char *export_lp, *export_mps; /* the last stage's model, or NULL */
    /* hints */
    const long *bounds;  /* per stage, a value its optimum cannot beat
                            (e.g. the flow's without quotas); B&B stops at
                            an incumbent that meets it. NULL: none */
    const unsigned char *unused; /* per pair: no optimal assignment uses
                                    it, its column is fixed at 0; NULL */
    const int *warm_leaf; /* per student her leaf (-1: none) in an
                             assignment optimal without the quota rows
                             (the flow's): the placements stage and the
                             next start GLPK's simplex from its basis
                             (model_warm.h). NULL: none */
    int cold;            /* no incumbent from the previous stage, no
                            feasibility pump and no root sub-problems: the
                            plain model as glpsol would solve it (--method
                            glpk) */
    int root_fixing_only; /* the tests: no completion of the root's LP, so
                             that reduced-cost fixing alone must prove */
} model_task;

/* Solves the stages into sol (from solution_init). Returns ST_OK with sol
 * filled (every stage, or the stages done before the time limit, with
 * sol->optimal, time_limited and gap set); ST_INFEASIBLE when no
 * assignment satisfies the rules; ST_TIME_LIMIT when the time ran out
 * before any assignment was found; ST_IO on a GLPK failure or an export
 * that could not be written (message in d). sol->method is METHOD_GLPK. */
status model_solve(const cycle *c, const admit *a, const rules *r, const model_task *t,
                   solution *sol, diag *d);
/* Solves the LP relaxation of t's first stage (with t->stable, of the
 * stable model; within t->time_limit) and writes each admissible pair's
 * value, 0..1, into relax (npairs entries): a guide for heuristics; and
 * its optimum into *value: a bound on the stage (up to the simplex's
 * tolerance: round it with care). Returns ST_OK, ST_TIME_LIMIT, ST_INFEASIBLE (also when the
 * simplex gives no optimum) or ST_IO (GLPK failed; message in d). */
status model_relaxation(const cycle *c, const admit *a, const rules *r, const model_task *t,
                        double *relax, double *value, diag *d);
/* Writes the exports of t for a run another method solved: the model
 * GLPK would have solved at its last stage, the earlier stages' values
 * (from sol) fixed as rows. Returns ST_OK or ST_IO. */
status model_export(const cycle *c, const admit *a, const rules *r, const model_task *t,
                    const solution *sol, diag *d);
/* GLPK's version string, e.g. "5.0". */
const char *model_glpk_version(void);

#endif
