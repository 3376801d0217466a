/* report.h - report.html, the results folder for people: one
 * self-contained page (inline CSS and SVG, no script, nothing fetched)
 * that prints on A4. It shows the run, the cycle's warnings, the rank
 * profile, fill against capacity and minimum, demand against seats,
 * quota fill, a roster per program and lab, the unplaced students with
 * their reasons, the blocking pairs with the holder each would displace
 * and the waitlists. Names everywhere, ids beside them. */
#ifndef REPORT_H
#define REPORT_H

#include "admit.h"
#include "audit.h"
#include "cycle.h"
#include "diag.h"
#include "diff.h"
#include "outdir.h"
#include "results.h"
#include "status.h"

typedef struct report_input {
    const cycle *c;
    const admit *a;
    const int *leaf_of;
    const audit_pair *bp; /* the blocking pairs (audit_blocking_pairs) */
    long nbp;
    /* solve: the run. verify: NULL, and the fields below say what was
       audited */
    const results_info *info;
    const char *audited;               /* verify: the assignment file */
    const char *const *violations;     /* verify: each broken rule, in words */
    long nviolations;
    const diag *warnings; /* the cycle's warnings, NULL when none kept */
    const diff *compare;  /* solve --compare OLD: OLD against these results,
                             shown as a section; NULL: none */
} report_input;

/* Writes report.html into o. Reasons are weighed against in->info's rules
 * and stages; for verify (no info) against no side rule beyond the
 * cycle's and the default objective's stages. */
status report_write(outdir *o, const report_input *in, diag *d);

#endif
