/* results.h - the result files of SPEC §7 (assignments.csv, capacity.csv,
 * blocking_pairs.csv, quotas.csv, waitlist.csv, summary.csv), written into an outdir so that the
 * folder appears whole or not at all. */
#ifndef RESULTS_H
#define RESULTS_H

#include "admit.h"
#include "audit.h"
#include "cycle.h"
#include "diag.h"
#include "method.h"
#include "outdir.h"
#include "rules.h"
#include "stages.h"
#include "status.h"

#define ENGINE_VERSION "0.3.0"

/* What summary.csv's stable_placed row says. */
enum results_stable {
    RESULTS_STABLE_ABSENT = 0, /* no row: a --stable run, or no blocking pair */
    RESULTS_STABLE_KNOWN,      /* the number */
    RESULTS_STABLE_UNKNOWN     /* "n/a": no cheap exact method gives it */
};

/* What summary.csv reports besides the assignment itself. */
typedef struct results_info {
    const char *status;     /* "optimal", "feasible" or "time_limit" */
    const char *objective;  /* "rank-sum", ... */
    int stable, require_all;
    long blocking_pairs;    /* -1: not computed ("n/a") */
    enum results_stable stable_placed_is; /* the stable_placed row */
    long stable_placed;     /* RESULTS_STABLE_KNOWN: the most a stable
                               assignment places */
    double gap;
    double solve_seconds;
    const char *glpk_version;
    enum method method;     /* what answered */
    /* the optimum of each stage, as "stage:NAME" rows */
    int nstages;
    const char *stage_names[STAGES_MAX];
    long stage_values[STAGES_MAX];
    /* what the reasons weigh a trade against: the side rules in force
       and the objective's stages (stages_plan) */
    const rules *rules;
    const stage_def *stage_defs;
    int nstage_defs;
    /* clock_seconds() by which the files must be written, 0: no limit;
       past it the writers stop with ST_TIME_LIMIT (nothing is kept) */
    double deadline;
} results_info;

/* Writes assignments.csv (with reasons), capacity.csv, blocking_pairs.csv,
 * quotas.csv, waitlist.csv and summary.csv for the assignment leaf_of into o, then
 * results.xlsx holding them (workbook_write). Returns ST_TIME_LIMIT when
 * info->deadline passes first (the caller abandons o). */
status results_write(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                     const audit_pair *bp, long nbp, const results_info *info, diag *d);
/* The tables one at a time (verify -o writes capacity.csv, blocking_pairs.csv,
 * quotas.csv and waitlist.csv): blocking_pairs.csv also names, per pair, the
 * place that stops the move (audit_pair_stop), its holder and both
 * priorities there; quotas.csv gives each quota's bounds and fill;
 * waitlist.csv each leaf's waitlist (waitlist.h), rows by leaf id then
 * position. The two that grow with the pairs stop with ST_TIME_LIMIT
 * when clock_seconds() passes deadline (0: none). */
status results_write_capacity(outdir *o, const cycle *c, const int *leaf_of, diag *d);
status results_write_blocking(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                              const audit_pair *bp, long nbp, double deadline, diag *d);
status results_write_quotas(outdir *o, const cycle *c, const int *leaf_of, diag *d);
status results_write_waitlist(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                              double deadline, diag *d);

/* A results folder (solve -o, verify -o): every file the engine writes
 * into one, in one list (a name missing here cannot be written, and any
 * other name in the folder is a user's, carried over when it is
 * replaced); an earlier one holds summary.csv. */
extern const outdir_kind results_kind;

#endif
