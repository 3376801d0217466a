/* results.h - the result files of SPEC §7 (assignments.csv, capacity.csv,
 * blocking_pairs.csv, summary.csv), written into an outdir so that the
 * folder appears whole or not at all. */
#ifndef RESULTS_H
#define RESULTS_H

#include "admit.h"
#include "audit.h"
#include "cycle.h"
#include "diag.h"
#include "model.h"
#include "outdir.h"
#include "status.h"

#define ENGINE_VERSION "0.3.0"

/* What summary.csv reports besides the assignment itself. */
typedef struct results_info {
    const char *status;     /* "optimal", "feasible" or "time_limit" */
    const char *objective;  /* "rank-sum", ... */
    int stable, require_all;
    long blocking_pairs;    /* -1: not computed ("n/a") */
    long stable_placed;     /* most placements of a stable assignment; -1 not
                               known in time ("n/a"), -2 no stable one exists,
                               -3 not reported (a --stable run) */
    double gap;
    double solve_seconds;
    const char *glpk_version;
    const char *method;     /* "flow", "deferred-acceptance" or "glpk" */
    /* the optimum of each stage, as "stage:NAME" rows */
    int nstages;
    const char *stage_names[MODEL_MAX_STAGES];
    long stage_values[MODEL_MAX_STAGES];
} results_info;

/* Writes assignments.csv (with reasons), capacity.csv, blocking_pairs.csv
 * and summary.csv for the assignment leaf_of into o. */
status results_write(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                     const audit_pair *bp, long nbp, const results_info *info, diag *d);
/* Writes only capacity.csv and blocking_pairs.csv (for verify -o). */
status results_write_capacity(outdir *o, const cycle *c, const int *leaf_of, diag *d);
status results_write_blocking(outdir *o, const cycle *c, const int *leaf_of,
                              const audit_pair *bp, long nbp, diag *d);

#endif
