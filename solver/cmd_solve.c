/* cmd_solve.c - `placement solve DIR -o OUT`: read, validate, solve,
 * audit, write; and the one-screen summary on stdout. */
#include <math.h>
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
#include "diag.h"
#include "diff.h"
#include "explain.h"
#include "export.h"
#include "inputset.h"
#include "leafclass.h"
#include "mem.h"
#include "model.h"
#include "outdir.h"
#include "outfile.h"
#include "report.h"
#include "results.h"
#include "rounds.h"
#include "rules.h"
#include "solve.h"

/* The phases of a run, printed with --verbose (and read by make bench),
 * also when the solve fails. */
static void print_solve_timing(const solution *r)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr, "method: %s (%s)\n", method_name(r->method),
            r->method_note[0] ? r->method_note : "-");
    fprintf(stderr, "timing: build %.3f s\n", r->build_seconds);
    for (int i = 0; i < r->nstages; i++)
        fprintf(stderr, "timing: stage %d %s %.3f s (value %ld%s)\n", i + 1, r->stages[i].name,
                r->stages[i].seconds, r->stages[i].value,
                r->stages[i].optimal ? "" : ", not proven");
    fprintf(stderr, "timing: solve %.3f s, peak memory %ld MiB so far\n", r->seconds,
            ru.ru_maxrss / 1024);
}

/* How long after --time-limit the results may still be written: a run
 * that GLPK stopped at the limit writes its best assignment then, and the
 * run ends within a second of the limit (writing is cheap unless the files
 * themselves are huge, e.g. tens of millions of waitlist rows). */
#define WRITE_SECONDS 0.8

/* Programs listed on screen; capacity.csv has them all. */
#define SUMMARY_PROGRAMS 20

static void print_summary(const cycle *c, const int *leaf_of, const solution *r, const char *out,
                          const char *status_text, long nbp, const results_info *info)
{
    int *count;
    audit_profile prof;
    audit_profile_init(&prof, c, leaf_of);
    MEM_ALLOC_ARRAY(count, c->nnodes + 1);
    diag_fprintf(stdout, "placed %ld of %d student%s (%ld unplaced), %s in %.2f s", prof.placed,
                 c->nstudents, c->nstudents == 1 ? "" : "s", c->nstudents - prof.placed,
                 status_text, r->seconds);
    if (!r->optimal && isfinite(r->gap))
        diag_fprintf(stdout, " (proven gap %.2f%%)", 100.0 * r->gap);
    else if (!r->optimal)
        diag_fprintf(stdout, " (gap unknown)");
    diag_fprintf(stdout, "\n");
    if (!r->optimal && r->method_note[0])
        diag_fprintf(stdout, "  %s\n", r->method_note);
    if (c->round_number > 1) {
        long n[4], fresh = rounds_count(c, leaf_of, n);
        diag_fprintf(stdout,
                     "round %d: %ld kept (accepted), %ld holding their offers, %ld declined; %ld "
                     "competed for the seats left and %ld of them are newly placed\n",
                     c->round_number, n[CYCLE_ROUND_KEPT], n[CYCLE_ROUND_HELD],
                     n[CYCLE_ROUND_DECLINED], n[CYCLE_ROUND_OPEN], fresh);
    }
    audit_profile_print(&prof, stdout);
    audit_node_counts(c, leaf_of, count);
    diag_fprintf(stdout, "programs:\n");
    for (int n = 0, shown = 0; n < c->nnodes; n++) {
        const cycle_node *nd = &c->nodes[n];
        if (nd->level != CYCLE_PROGRAM)
            continue;
        if (shown == SUMMARY_PROGRAMS) {
            int more = 0;
            for (int m = n; m < c->nnodes; m++)
                more += c->nodes[m].level == CYCLE_PROGRAM;
            diag_fprintf(stdout, "  ... and %d more (see capacity.csv)\n", more);
            break;
        }
        shown++;
        if (nd->capacity >= 0)
            diag_fprintf(stdout, "  %-32s %4d of %4d seats%s\n", nd->id, count[n], nd->capacity,
                         count[n] >= nd->capacity ? "  (full)" : "");
        else
            diag_fprintf(stdout, "  %-32s %4d placed (no limit)\n", nd->id, count[n]);
    }
    diag_fprintf(
        stdout,
        "blocking pairs: %ld (students who would take a better seat held by someone of lower "
        "priority there)\n",
        nbp);
    if (info->stable_placed_is == RESULTS_STABLE_KNOWN)
        diag_fprintf(stdout,
                     "a stable assignment (--stable) would place %ld: this one places %ld more\n",
                     info->stable_placed, prof.placed - info->stable_placed);
    diag_fprintf(stdout, "results in %s/\n", out);
    audit_profile_release(&prof);
    free(count);
}

/* Explains an infeasible cycle: counting checks, then Hall's condition
 * from a maximum assignment under capacities only, then the conflict
 * filter. */
static void explain(const cycle *c, const admit *a, const rules *r, const cli_opts *o, diag *d)
{
    int found;
    if (r->require_all) {
        rules relaxed = *r;
        solve_question q;
        solution max;
        diag scratch;
        relaxed.relax = 1;
        solve_question_init(&q);
        diag_init(&scratch);
        if (solve_run(c, a, &relaxed, &q, &max, &scratch) == ST_OK)
            found = explain_infeasible(c, a, r, max.leaf_of, d);
        else
            found = explain_infeasible(c, a, r, NULL, d);
        solution_release(&max);
        diag_release(&scratch);
    } else {
        found = explain_infeasible(c, a, r, NULL, d);
    }
    if (!found && !conflict_find(c, a, r, 0, o->time_limit > 0 ? o->time_limit : 60, d))
        diag_error(d, NULL, 0, 0,
                   "the capacities, minimums, quotas and fixes of this cycle cannot all be "
                   "met together%s",
                   r->require_all ? " with every student placed (try without --require-all)" : "");
}

/* No stable assignment: finds which side rule is to blame by solving
 * again without it, and tells what a run without --stable achieves. */
static void explain_unstable(const cycle *c, const admit *a, const rules *r,
                             const solve_question *asked, const solution *answer, diag *d)
{
    solve_question q = *asked;
    solution sol;
    diag scratch;
    status st;
    q.export_lp = q.export_mps = NULL;
    q.progress = 0;
    q.verbose = 0;
    diag_init(&scratch);
    q.stable = 0;
    st = solve_run(c, a, r, &q, &sol, &scratch);
    if (st != ST_OK) {
        solution_release(&sol);
        diag_release(&scratch);
        diag_error(d, NULL, 0, 0, "no assignment satisfies the rules, stable or not");
        explain_infeasible(c, a, r, NULL, d);
        return;
    }
    {
        audit_pair *bp = NULL;
        long placed = solution_placed(&sol),
             nbp = audit_blocking_pairs(c, a, sol.leaf_of, 0, &bp);
        rules capacities_only;
        free(bp);
        solution_release(&sol);
        /* which rule makes stability impossible: all side rules dropped */
        rules_init(&capacities_only, 0);
        capacities_only.relax = 1;
        q.stable = 1;
        q.feasibility = 1;
        st = solve_run(c, a, &capacities_only, &q, &sol, &scratch);
        solution_release(&sol);
        if (st == ST_OK) {
            diag_error(d, NULL, 0, 0,
                       "no stable assignment meets the minimums, quotas, fixes%s of this cycle "
                       "(a stable one exists without them)",
                       r->require_all ? " and --require-all" : "");
            if (answer->settled_by_theorem)
                diag_error(d, NULL, 0, 0, "proven without GLPK: %s", answer->method_note);
            /* which of them: the deletion filter over stable feasibility */
            conflict_find(c, a, r, 1, asked->time_limit > 0 ? asked->time_limit : 60, d);
        } else if (st != ST_INFEASIBLE)
            diag_error(d, NULL, 0, 0,
                       "no stable assignment meets the rules of this cycle (whether one exists "
                       "without its minimums, quotas and fixes was not settled in time)");
        else
            diag_error(d, NULL, 0, 0,
                       "this cycle has no stable assignment at all: its nested capacities and "
                       "priorities conflict");
        diag_error(d, NULL, 0, 0,
                   "without --stable, the engine places %ld of %d student%s with %ld blocking "
                   "pair%s",
                   placed, c->nstudents, c->nstudents == 1 ? "" : "s", nbp, nbp == 1 ? "" : "s");
    }
    diag_release(&scratch);
}

/* solve_run on the cycle with its interchangeable leaves merged
 * (leafclass.h), the answer dealt back out to c's leaves. Not for
 * --method glpk (the plain model, for audits) or an export of the model
 * (which is then the cycle's own). The merged cycle's pairs count against
 * deadline (0: none), and q's time limit is what is left of it. */
static status solve_merged(const cycle *c, const admit *a, const rules *rl, const solve_question *q,
                           const cli_opts *o, double deadline, solution *mr, diag *d)
{
    leafclass lc;
    admit *ra;
    diag scratch;
    status rc;
    solve_question left = *q;
    if (o->method == METHOD_GLPK || o->export_lp || o->export_mps)
        return solve_run(c, a, rl, q, mr, d);
    leafclass_init(&lc, c);
    if (!lc.reduced)
        return solve_run(c, a, rl, q, mr, d);
    diag_init(&scratch); /* its warnings are c's, already counted */
    rc = admit_build_by(lc.reduced, deadline, &scratch, &ra);
    diag_release(&scratch);
    if (rc != ST_OK) {
        solution_init(mr, c->nstudents);
        leafclass_release(&lc);
        return rc;
    }
    if (o->verbose)
        fprintf(stderr,
                "merged %d interchangeable leaves (no rule tells them apart): %d leaves, %ld "
                "pairs to solve instead of %ld\n",
                lc.merged, lc.reduced->nleaves, ra->npairs, a->npairs);
    if (deadline > 0)
        left.time_limit = deadline - clock_seconds() > 1e-3 ? deadline - clock_seconds() : 1e-3;
    rc = solve_run(lc.reduced, ra, rl, &left, mr, d);
    if (mr->leaf_of) {
        int *leaf_of;
        MEM_ALLOC_ARRAY(leaf_of, c->nstudents + 1);
        leafclass_expand(&lc, c, mr->leaf_of, leaf_of);
        free(mr->leaf_of);
        mr->leaf_of = leaf_of;
    }
    admit_free(ra);
    leafclass_release(&lc);
    return rc;
}

status cmd_solve(const cli_opts *o)
{
    diag d, cycle_warnings;
    diff *compared = NULL;
    const char *compare_dir = NULL;
    cycle *c = NULL;
    admit *a = NULL;
    rules rl;
    stage_def defs[STAGES_MAX];
    solve_question q;
    solution mr;
    outdir *out = NULL, *xout = NULL;
    outfile *lp = NULL, *mps = NULL;
    inputset in;
    results_info info;
    status rc;
    int have_result = 0;
    audit_pair *bp = NULL;
    long nbp = 0;

    double t0 = clock_seconds(), t_read = 0, t_admit = 0, t_write = 0, t_report = 0;
    /* --time-limit counts from the start of the run: reading and the
       pairs are part of what the user waits for */
    double deadline = o->time_limit > 0 ? t0 + o->time_limit : 0, t_solved = 0;
    diag_init(&d);
    diag_init(&cycle_warnings);
    memset(&mr, 0, sizeof(mr));
    /* claim every output location before any work: a bad or busy one is
       refused at once, and none may hold an input of the run */
    inputset_init(&in);
    inputset_add(&in, o->dir);
    if (o->previous && outdir_same(o->previous, o->out)) {
        diag_error(&d, o->out, 0, 0,
                   "cannot write the round here: it is the folder of --previous, whose offers "
                   "the round answers (write the round to a folder of its own, e.g. -o "
                   "results/round2)");
        rc = ST_INPUT;
        goto done;
    }
    if (o->export_data && outdir_same(o->export_data, o->out)) {
        diag_error(&d, o->export_data, 0, 0, "cannot export here: it is the folder of -o");
        rc = ST_INPUT;
        goto done;
    }
    if ((rc = outdir_begin(o->out, &results_kind, &in, &d, &out)) != ST_OK ||
        (o->export_data &&
         (rc = outdir_begin(o->export_data, &export_kind, &in, &d, &xout)) != ST_OK) ||
        (o->export_lp && (rc = outfile_begin(o->export_lp, &in, &d, &lp)) != ST_OK) ||
        (o->export_mps && (rc = outfile_begin(o->export_mps, &in, &d, &mps)) != ST_OK))
        goto done;
    /* what that found (folders left by a killed run, removed) */
    diag_print(&d, stderr, o->quiet);
    diag_release(&d);
    diag_init(&d);
    if ((rc = cycle_load_as(o->dir, o->encoding, &d, &c)) != ST_OK)
        goto done;
    /* a later round: kept and held students fixed at their offers,
       decliners out; responses.csv without --previous is refused */
    if ((rc = o->previous ? rounds_apply(c, o->previous, &d) : rounds_first(c, 1, &d)) != ST_OK)
        goto done;
    t_read = clock_seconds() - t0;
    if (admit_build_by(c, deadline, &d, &a) != ST_OK) {
        diag_release(&d); /* the warnings of the students seen so far */
        diag_init(&d);
        diag_error(&d, NULL, 0, 0,
                   "the time limit of %g s ran out before any assignment was found (while "
                   "finding the admissible pairs)",
                   o->time_limit);
        rc = ST_TIME_LIMIT;
        goto done;
    }
    t_admit = clock_seconds() - t0 - t_read;
    if (o->verbose)
        fprintf(stderr,
                "timing: read+validate %.3f s, admissible pairs %.3f s (%ld pairs in %d ranges)\n",
                t_read, t_admit, a->npairs, a->nranges);
    if (o->verbose)
        diag_print(&d, stderr, 0);
    else if (!o->quiet && d.warnings)
        diag_fprintf(stderr, "%zu warning%s about the cycle (see 'placement check %s')\n",
                     d.warnings, d.warnings == 1 ? "" : "s", o->dir);
    /* the cycle's warnings stay for the report */
    cycle_warnings = d;
    diag_init(&d);
    /* solve --compare OLD: OLD must hold results of this cycle; nothing is written otherwise */
    if (o->compare && (rc = diff_check_cycle(o->compare, c, o->force, &d)) != ST_OK)
        goto done;
    compare_dir = o->compare ? o->compare : o->previous; /* a round is compared with the last */
    rules_init(&rl, o->require_all);
    /* the export is kept whatever the solve gives (e.g. to run glpsol on
       an infeasible cycle) */
    if (xout) {
        if ((rc = export_data(xout, c, a, &rl, o->objective, &d)) != ST_OK)
            goto done;
        rc = outdir_commit(xout, &d);
        xout = NULL;
        if (rc != ST_OK)
            goto done;
    }
    solve_question_init(&q);
    q.objective = o->objective;
    q.method = o->method;
    q.stable = o->stable;
    q.time_limit = o->time_limit;
    if (o->time_limit > 0) {
        q.time_limit = deadline - clock_seconds();
        if (q.time_limit < 1e-3)
            q.time_limit = 1e-3;
    }
    q.verbose = o->verbose;
    q.progress = !o->quiet && (o->verbose || isatty(2));
    q.export_lp = lp ? outfile_tmp_path(lp) : NULL;
    q.export_mps = mps ? outfile_tmp_path(mps) : NULL;
    rc = solve_merged(c, a, &rl, &q, o, deadline, &mr, &d);
    t_solved = clock_seconds() - t0;
    have_result = 1;
    /* the model files GLPK wrote are kept, as the export is */
    {
        outfile *files[2] = {lp, mps};
        lp = mps = NULL;
        for (int i = 0; i < 2; i++) {
            status frc = ST_OK;
            if (!files[i])
                continue;
            if (rc == ST_IO) /* GLPK failed, perhaps while writing it */
                outfile_abort(files[i]);
            else
                frc = outfile_finish(files[i], &d);
            if (frc != ST_OK && rc == ST_OK)
                rc = frc;
        }
    }
    if (o->verbose)
        print_solve_timing(&mr);
    if (rc == ST_INFEASIBLE && o->stable) {
        explain_unstable(c, a, &rl, &q, &mr, &d);
        goto done;
    }
    if (rc == ST_INFEASIBLE) {
        diag_error(&d, NULL, 0, 0, "no assignment satisfies every rule of cycle '%s'%s", o->dir,
                   o->require_all ? " with every student placed" : "");
        explain(c, a, &rl, o, &d);
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
    info.objective = objective_name(o->objective);
    info.stable = o->stable;
    info.require_all = o->require_all;
    /* an answer found in time is written, within WRITE_SECONDS of the
       limit; beyond it nothing is (exit 4) */
    info.deadline = deadline > 0 ? deadline + WRITE_SECONDS : 0;
    nbp = audit_blocking_pairs(c, a, mr.leaf_of, info.deadline, &bp);
    if (nbp < 0) {
        rc = ST_TIME_LIMIT;
        goto late;
    }
    info.blocking_pairs = nbp;
    if (!o->stable && nbp > 0)
        info.stable_placed_is =
            solve_stable_placed(c, a, &rl, &info.stable_placed) == SOLVE_STABLE_KNOWN
                ? RESULTS_STABLE_KNOWN
                : RESULTS_STABLE_UNKNOWN;
    info.gap = mr.gap;
    info.solve_seconds = mr.seconds;
    info.glpk_version = model_glpk_version();
    info.method = mr.method;
    info.nstages = mr.nstages;
    for (int i = 0; i < mr.nstages; i++) {
        info.stage_names[i] = mr.stages[i].name;
        info.stage_values[i] = mr.stages[i].value;
    }
    info.rules = &rl;
    info.stage_defs = defs;
    info.nstage_defs = stages_plan(a, o->objective, 0, 0, defs);
    if (info.nstage_defs < 0)
        info.nstage_defs = 0;
    t_write = clock_seconds();
    rc = results_write(out, c, a, mr.leaf_of, bp, nbp, &info, &d);
    /* solve --compare OLD: OLD against the tables just written */
    if (rc == ST_OK && compare_dir)
        rc = diff_new(compare_dir, outdir_folder(out), &d, &compared);
    if (rc == ST_OK) {
        report_input rin = {c,    a, mr.leaf_of,      bp,      nbp, &info, NULL,
                            NULL, 0, &cycle_warnings, compared};
        t_report = clock_seconds();
        rc = report_write(out, &rin, &d);
        t_report = clock_seconds() - t_report;
    }
late:
    if (rc == ST_TIME_LIMIT)
        diag_error(&d, NULL, 0, 0,
                   "the time limit of %g s ran out while the results were written (an "
                   "assignment was found after %.1f s; writing its files did not end within "
                   "%g s of the limit): nothing was written; allow more time with --time-limit",
                   o->time_limit, t_solved, WRITE_SECONDS);
    if (rc != ST_OK)
        goto done;
    rc = outdir_commit(out, &d);
    out = NULL;
    if (rc != ST_OK)
        goto done;
    t_write = clock_seconds() - t_write;
    if (o->verbose) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        fprintf(stderr, "timing: write %.3f s (report.html %.3f s), peak memory %ld MiB\n", t_write,
                t_report, ru.ru_maxrss / 1024);
    }
    if (!o->quiet)
        print_summary(c, mr.leaf_of, &mr, o->out, info.status, nbp, &info);
done:
    outdir_abort(out);
    outdir_abort(xout);
    outfile_abort(lp);
    outfile_abort(mps);
    inputset_release(&in);
    diag_print(&d, stderr, o->quiet && rc == ST_OK);
    if (rc == ST_INPUT && d.errors)
        fprintf(stderr, "%zu error%s; nothing was written\n", d.errors, d.errors == 1 ? "" : "s");
    if (have_result)
        solution_release(&mr);
    free(bp);
    admit_free(a);
    cycle_free(c);
    diag_release(&cycle_warnings);
    diff_free(compared);
    diag_release(&d);
    return rc;
}
