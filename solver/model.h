/* model.h - the integer program of SPEC §3/§5 built and solved with GLPK.
 * The only module that includes glpk.h.
 *
 * One binary variable per admissible pair; a row per student (at most one
 * leaf, exactly one with --require-all or a fix), per node with a capacity
 * or a minimum, per quota. The objective is lexicographic and exact: stage
 * 1 maximises placements, later stages optimise the chosen objective, each
 * optimum added as a constraint before the next stage. */
#ifndef MODEL_H
#define MODEL_H

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "stages.h"
#include "status.h"

enum model_method {
    MODEL_METHOD_AUTO = 0, /* a certified fast path where one applies, else GLPK */
    MODEL_METHOD_GLPK = 1  /* the plain integer program, solved cold (audits) */
};

typedef struct model_params {
    int objective;      /* enum model_objective */
    int require_all;
    double time_limit;  /* seconds, 0: none */
    int verbose;        /* GLPK's own output and progress on stderr */
    int progress;       /* progress lines on stderr (at most one a second) */
    const char *export_lp, *export_mps; /* model of the last stage, or NULL */
    int stable;         /* only assignments without blocking pairs */
    int relax;          /* capacities and admissibility only: no minimums,
                           quotas or must-place rows (for explanations) */
    int feasibility;    /* one stage, no objective: is there any assignment? */
    int placements_only; /* only the first stage: the most placements */
    /* rules left out, for explanations (NULL: none): per node its min, per
       quota both bounds, per student her must-place row */
    const unsigned char *drop_min, *drop_quota, *drop_must;
    int method;         /* enum model_method */
    int fast_only;      /* only an exact fast path; else ST_TIME_LIMIT */
} model_params;

typedef struct model_stage {
    char name[48];      /* e.g. "placements", "rank-sum", "rank 2" */
    long value;         /* its optimum (or best found) */
    double seconds;
    int optimal;
} model_stage;

typedef struct model_result {
    int *leaf_of;       /* per student: leaf index or -1 (heap, caller frees
                           with model_result_release) */
    int optimal;        /* every stage proven optimal */
    int time_limited;   /* stopped by the time limit with an assignment */
    double gap;         /* relative gap of the last stage when time-limited */
    double seconds;     /* total solve time */
    double build_seconds;
    model_stage stages[MODEL_MAX_STAGES];
    int nstages;
    const char *method; /* "flow", "deferred-acceptance" or "glpk" */
    char method_note[200]; /* why GLPK (or what the fast path did) */
} model_result;

/* Solves the cycle. Returns ST_OK with r filled; ST_INFEASIBLE when no
 * assignment satisfies the rules (the caller explains why); ST_TIME_LIMIT
 * when the time ran out before any assignment was found; ST_INPUT when
 * the objective needs more stages than MODEL_MAX_STAGES; ST_IO on a GLPK
 * failure or an export that could not be written (message in d). */
status model_solve(const cycle *c, const admit *a, const model_params *p, model_result *r,
                   diag *d);
void model_result_release(model_result *r);
/* An upper bound on the nonzeros the --stable rows add: for every
 * capacitated node, (pairs below it)^2. Lets a caller skip an optional
 * stable solve that would not fit. */
double model_stable_size(const cycle *c, const admit *a);
/* GLPK's version string, e.g. "5.0". */
const char *model_glpk_version(void);

#endif
