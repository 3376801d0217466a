/* cmd_solve.c - `placement solve DIR -o OUT`: read, validate, solve,
 * audit, write; and the one-screen summary on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "admit.h"
#include "audit.h"
#include "clock.h"
#include "cmd.h"
#include "conflict.h"
#include "cycle.h"
#include "explain.h"
#include "export.h"
#include "mem.h"
#include "model.h"
#include "outdir.h"
#include "results.h"

/* The phases of a run, printed with --verbose (and read by make bench),
 * also when the solve fails. */
static void print_solve_timing(const model_result *r)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "method: %s (%s)\n", r->method ? r->method : "none",
            r->method_note[0] ? r->method_note : "-");
    fprintf(stderr, "timing: build %.3f s\n", r->build_seconds);
    for (int i = 0; i < r->nstages; i++)
        fprintf(stderr, "timing: stage %d %s %.3f s (value %ld%s)\n", i + 1, r->stages[i].name,
                r->stages[i].seconds, r->stages[i].value, r->stages[i].optimal ? "" : ", not proven");
    fprintf(stderr, "timing: solve %.3f s, peak memory %ld MiB so far\n", r->seconds,
            ru.ru_maxrss / 1024);
}

/* Programs listed on screen; capacity.csv has them all. */
#define SUMMARY_PROGRAMS 20

static void print_summary(const cycle *c, const int *leaf_of, const model_result *r,
                          const char *out, const char *status_text, long nbp,
                          long stable_placed_n)
{
    int *count;
    audit_profile prof;
    audit_profile_init(&prof, c, leaf_of);
    MEM_ALLOC_ARRAY(count, c->nnodes + 1);
    printf("placed %ld of %d students (%ld unplaced), %s in %.2f s\n", prof.placed, c->nstudents,
           c->nstudents - prof.placed, status_text, r->seconds);
    audit_profile_print(&prof, stdout);
    audit_node_counts(c, leaf_of, count);
    printf("programs:\n");
    for (int n = 0, shown = 0; n < c->nnodes; n++) {
        const cycle_node *nd = &c->nodes[n];
        if (nd->level != CYCLE_PROGRAM)
            continue;
        if (shown == SUMMARY_PROGRAMS) {
            int more = 0;
            for (int m = n; m < c->nnodes; m++)
                more += c->nodes[m].level == CYCLE_PROGRAM;
            printf("  ... and %d more (see capacity.csv)\n", more);
            break;
        }
        shown++;
        if (nd->capacity >= 0)
            printf("  %-32s %4d of %4d seats%s\n", nd->id, count[n], nd->capacity,
                   count[n] >= nd->capacity ? "  (full)" : "");
        else
            printf("  %-32s %4d placed (no limit)\n", nd->id, count[n]);
    }
    printf("blocking pairs: %ld (students who would take a better seat held by someone of lower "
           "priority there)\n", nbp);
    if (stable_placed_n >= 0)
        printf("a stable assignment (--stable) would place %ld: this one places %ld more\n",
               stable_placed_n, prof.placed - stable_placed_n);
    else if (stable_placed_n == -2)
        printf("no stable assignment meets this cycle's minimums, quotas and fixes\n");
    printf("results in %s/\n", out);
    audit_profile_release(&prof);
    free(count);
}

/* Explains an infeasible cycle: counting checks, then Hall's condition
 * from a maximum assignment under capacities only. */
static void explain(const cycle *c, const admit *a, const cli_opts *o, diag *d)
{
    model_params rp;
    model_result rr;
    diag scratch;
    int found;
    memset(&rp, 0, sizeof(rp));
    rp.relax = 1;
    diag_init(&scratch);
    if (o->require_all && model_solve(c, a, &rp, &rr, &scratch) == ST_OK)
        found = explain_infeasible(c, a, o->require_all, rr.leaf_of, d);
    else
        found = explain_infeasible(c, a, o->require_all, NULL, d);
    if (o->require_all)
        model_result_release(&rr);
    diag_release(&scratch);
    if (!found) {
        model_params base;
        memset(&base, 0, sizeof(base));
        base.require_all = o->require_all;
        if (!conflict_find(c, a, &base, o->time_limit > 0 ? o->time_limit : 60, d))
            diag_error(d, NULL, 0, 0,
                       "the capacities, minimums, quotas and fixes of this cycle cannot all be "
                       "met together%s",
                       o->require_all ? " with every student placed (try without --require-all)"
                                      : "");
    }
}

/* No stable assignment: finds which side rule is to blame by solving
 * again without it, and tells what a run without --stable achieves. */
static void explain_unstable(const cycle *c, const admit *a, const model_params *mp, diag *d)
{
    model_params q = *mp;
    model_result rr;
    diag scratch;
    status st;
    q.export_lp = q.export_mps = NULL;
    q.progress = 0;
    q.verbose = 0;
    diag_init(&scratch);
    q.stable = 0;
    st = model_solve(c, a, &q, &rr, &scratch);
    if (st != ST_OK) {
        model_result_release(&rr);
        diag_release(&scratch);
        diag_error(d, NULL, 0, 0, "no assignment satisfies the rules, stable or not");
        explain_infeasible(c, a, mp->require_all, NULL, d);
        return;
    }
    {
        audit_pair *bp = NULL;
        long placed = 0, nbp = audit_blocking_pairs(c, a, rr.leaf_of, &bp);
        for (int s = 0; s < c->nstudents; s++)
            placed += rr.leaf_of[s] >= 0;
        free(bp);
        model_result_release(&rr);
        /* which rule makes stability impossible: drop one group at a time */
        q.stable = 1;
        q.relax = 1;
        q.require_all = 0;
        st = model_solve(c, a, &q, &rr, &scratch);
        model_result_release(&rr);
        if (st == ST_OK)
            diag_error(d, NULL, 0, 0,
                       "no stable assignment meets the minimums, quotas, fixes%s of this cycle "
                       "(a stable one exists without them)",
                       mp->require_all ? " and --require-all" : "");
        else
            diag_error(d, NULL, 0, 0,
                       "this cycle has no stable assignment at all: its nested capacities and "
                       "priorities conflict");
        diag_error(d, NULL, 0, 0,
                   "without --stable, the engine places %ld of %d students with %ld blocking "
                   "pair%s",
                   placed, c->nstudents, nbp, nbp == 1 ? "" : "s");
    }
    diag_release(&scratch);
}

/* The most students a stable assignment places, for comparison with a run
 * without --stable: -1 when not found within a few seconds (or the stable
 * model is too large to try), -2 when no stable assignment exists. */
#define STABLE_COMPARE_SECONDS 5.0
#define STABLE_COMPARE_MAX_NONZEROS 3e5
static long stable_placed(const cycle *c, const admit *a, const model_params *mp)
{
    model_params q = *mp;
    model_result r;
    diag scratch;
    status st;
    long placed = 0;
    /* beyond this size the model alone would take longer than the budget:
       only an exact deferred acceptance answers */
    q.fast_only = model_stable_size(c, a) > STABLE_COMPARE_MAX_NONZEROS;
    q.stable = 1;
    q.placements_only = 1;
    q.progress = q.verbose = 0;
    q.export_lp = q.export_mps = NULL;
    q.time_limit = STABLE_COMPARE_SECONDS;
    diag_init(&scratch);
    st = model_solve(c, a, &q, &r, &scratch);
    if (st == ST_OK && r.optimal)
        for (int s = 0; s < c->nstudents; s++)
            placed += r.leaf_of[s] >= 0;
    else
        placed = st == ST_INFEASIBLE ? -2 : -1;
    model_result_release(&r);
    diag_release(&scratch);
    return placed;
}

status cmd_solve(const cli_opts *o)
{
    diag d;
    cycle *c = NULL;
    admit *a = NULL;
    model_params mp;
    model_result mr;
    outdir *out = NULL;
    results_info info;
    status rc;
    int have_result = 0;
    audit_pair *bp = NULL;
    long nbp = 0;

    double t0 = clock_seconds(), t_read = 0, t_admit = 0, t_write = 0;
    diag_init(&d);
    memset(&mr, 0, sizeof(mr));
    /* refuse a bad output folder before any work */
    if ((rc = outdir_check(o->out, &d)) != ST_OK)
        goto done;
    if ((rc = cycle_load(o->dir, &d, &c)) != ST_OK)
        goto done;
    t_read = clock_seconds() - t0;
    a = admit_build(c, &d);
    t_admit = clock_seconds() - t0 - t_read;
    if (o->verbose)
        fprintf(stderr, "timing: read+validate %.3f s, admissible pairs %.3f s (%d pairs)\n",
                t_read, t_admit, a->npairs);
    if (o->verbose)
        diag_print(&d, stderr, 0);
    else if (!o->quiet && d.warnings)
        fprintf(stderr, "%zu warning%s about the cycle (see 'placement check %s')\n", d.warnings,
                d.warnings == 1 ? "" : "s", o->dir);
    diag_release(&d);
    diag_init(&d);
    if (o->export_data &&
        (rc = export_data(o->export_data, c, a, o->objective + 1, o->require_all, &d)) != ST_OK)
        goto done;
    memset(&mp, 0, sizeof(mp));
    mp.objective = o->objective;
    mp.method = o->method;
    mp.require_all = o->require_all;
    mp.stable = o->stable;
    mp.time_limit = o->time_limit;
    mp.verbose = o->verbose;
    mp.progress = !o->quiet && (o->verbose || isatty(2));
    mp.export_lp = o->export_lp;
    mp.export_mps = o->export_mps;
    rc = model_solve(c, a, &mp, &mr, &d);
    have_result = 1;
    if (o->verbose)
        print_solve_timing(&mr);
    if (rc == ST_INFEASIBLE && o->stable) {
        explain_unstable(c, a, &mp, &d);
        goto done;
    }
    if (rc == ST_INFEASIBLE) {
        diag_error(&d, NULL, 0, 0, "no assignment satisfies every rule of cycle '%s'%s", o->dir,
                   o->require_all ? " with every student placed" : "");
        explain(c, a, o, &d);
        goto done;
    }
    if (rc == ST_TIME_LIMIT && d.errors == 0) {
        diag_error(&d, NULL, 0, 0, "the time limit of %g s ran out before any assignment was found",
                   o->time_limit);
        goto done;
    }
    if (rc != ST_OK)
        goto done;
    memset(&info, 0, sizeof(info));
    info.status = mr.optimal ? "optimal" : mr.time_limited ? "time_limit" : "feasible";
    info.objective = cli_objective_name(o->objective);
    info.stable = o->stable;
    info.require_all = o->require_all;
    nbp = audit_blocking_pairs(c, a, mr.leaf_of, &bp);
    info.blocking_pairs = nbp;
    info.stable_placed = o->stable ? -3 : nbp == 0 ? -3 : stable_placed(c, a, &mp);
    info.gap = mr.gap;
    info.solve_seconds = mr.seconds;
    info.glpk_version = model_glpk_version();
    info.method = mr.method;
    info.nstages = mr.nstages;
    for (int i = 0; i < mr.nstages; i++) {
        info.stage_names[i] = mr.stages[i].name;
        info.stage_values[i] = mr.stages[i].value;
    }
    t_write = clock_seconds();
    if ((rc = outdir_begin(o->out, &d, &out)) != ST_OK)
        goto done;
    rc = results_write(out, c, a, mr.leaf_of, bp, nbp, &info, &d);
    if (rc != ST_OK) {
        outdir_abort(out);
        goto done;
    }
    if ((rc = outdir_commit(out, &d)) != ST_OK)
        goto done;
    t_write = clock_seconds() - t_write;
    if (o->verbose) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "timing: write %.3f s, peak memory %ld MiB\n", t_write,
                ru.ru_maxrss / 1024);
    }
    if (!o->quiet)
        print_summary(c, mr.leaf_of, &mr, o->out, info.status, nbp, info.stable_placed);
done:
    diag_print(&d, stderr, o->quiet && rc == ST_OK);
    if (rc == ST_INPUT && d.errors)
        fprintf(stderr, "%zu error%s; nothing was written\n", d.errors, d.errors == 1 ? "" : "s");
    if (have_result)
        model_result_release(&mr);
    free(bp);
    admit_free(a);
    cycle_free(c);
    diag_release(&d);
    return rc;
}
