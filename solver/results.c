/* results.c - writing the result files. */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "csvout.h"
#include "mem.h"
#include "rounds.h"
#include "sortctx.h"
#include "strbuf.h"
#include "waitlist.h"
#include "workbook.h"

static const char *const result_names[] = {
    "assignments.csv", "capacity.csv", "blocking_pairs.csv", "quotas.csv", "summary.csv",
    "violations.csv",  "waitlist.csv", WORKBOOK_NAME,        "report.html", NULL};
static const char *const result_markers[] = {"summary.csv", NULL};
const outdir_kind results_kind = {"results", result_names, result_markers};

/* The program, lab and supervisor ids on the path to leaf. */
static void path_ids(const cycle *c, int leaf, const char *ids[3])
{
    ids[0] = ids[1] = ids[2] = "";
    for (int v = c->leaves[leaf]; v >= 0; v = c->nodes[v].parent)
        ids[c->nodes[v].level] = c->nodes[v].id;
}

static char *int_str(long v)
{
    strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%ld", v);
    return strbuf_detach(&sb);
}

/* A file left unfinished at the deadline: closed, not placed (nor synced:
 * that alone took a quarter of a second for 150 MB); outdir_abort removes
 * it. */
static status abandon(FILE *f)
{
    (void)fclose(f);
    return ST_TIME_LIMIT;
}

static status write_assignments(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                                const results_info *info, diag *d)
{
    static const char *const header[] = {"student", "name",   "status", "program",
                                         "lab",     "supervisor", "rank", "reason",
                                         "leaf_name", "home", "year", "score"};
    FILE *f = outdir_open(o, "assignments.csv", d);
    audit_view view;
    strbuf reason;
    int late = 0;
    if (!f)
        return ST_IO;
    audit_view_init(&view, c, a, info->rules, info->stage_defs, info->nstage_defs, leaf_of);
    strbuf_init(&reason);
    csvout_row(f, header, 12);
    for (int s = 0; s < c->nstudents; s++) {
        if (info->deadline > 0 && clock_seconds() > info->deadline) {
            late = 1;
            break;
        }
        const cycle_student *st = &c->students[s];
        const char *ids[3] = {"", "", ""}, *row[12];
        char *rank = NULL, *year = st->year >= 0 ? int_str(st->year) : NULL;

        int leaf = leaf_of[s];
        strbuf_reset(&reason);
        audit_reason(&view, s, &reason);
        if (leaf >= 0) {
            int r = audit_rank(c, s, leaf);
            path_ids(c, leaf, ids);
            if (r > 0)
                rank = int_str(r);
        }
        row[0] = st->id;
        row[1] = st->name;
        row[2] = cycle_status_word(c, s, leaf >= 0);
        row[3] = ids[0];
        row[4] = ids[1];
        row[5] = ids[2];
        row[6] = rank ? rank : "";
        row[7] = reason.buf;
        row[8] = leaf >= 0 ? c->nodes[c->leaves[leaf]].name : "";
        row[9] = st->home >= 0 ? c->homes[st->home] : "";
        row[10] = year ? year : "";
        row[11] = st->score ? st->score : ""; /* as written */
        csvout_row(f, row, 12);
        free(rank);
        free(year);
    }
    strbuf_release(&reason);
    audit_view_release(&view);
    return late ? abandon(f) : outdir_close(o, f, "assignments.csv", d);
}

status results_write_capacity(outdir *o, const cycle *c, const int *leaf_of, diag *d)
{
    static const char *const header[] = {"level", "id",     "name",   "parent",
                                         "capacity", "min", "placed", "free"};
    FILE *f = outdir_open(o, "capacity.csv", d);
    int *count;
    if (!f)
        return ST_IO;
    MEM_ALLOC_ARRAY(count, c->nnodes + 1);
    audit_node_counts(c, leaf_of, count);
    csvout_row(f, header, 8);
    /* nodes are already depth first with siblings by id */
    for (int n = 0; n < c->nnodes; n++) {
        const cycle_node *nd = &c->nodes[n];
        char *cap = nd->capacity >= 0 ? int_str(nd->capacity) : NULL;
        char *mn = int_str(nd->min), *placed = int_str(count[n]);
        char *fr = nd->capacity >= 0 ? int_str(nd->capacity - count[n]) : NULL;
        const char *row[8] = {cycle_level_name(nd->level),
                              nd->id,
                              nd->name,
                              nd->parent >= 0 ? c->nodes[nd->parent].id : "",
                              cap ? cap : "",
                              mn,
                              placed,
                              fr ? fr : ""};
        csvout_row(f, row, 8);
        free(cap);
        free(mn);
        free(placed);
        free(fr);
    }
    free(count);
    return outdir_close(o, f, "capacity.csv", d);
}

status results_write_blocking(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                              const audit_pair *bp, long nbp, double deadline, diag *d)
{
    static const char *const header[] = {"student",      "leaf",         "rank",
                                         "current_leaf", "current_rank", "stop_node",
                                         "holder",       "priority_by",  "student_priority",
                                         "holder_priority"};
    FILE *f = outdir_open(o, "blocking_pairs.csv", d);
    audit_view view;
    strbuf by, sp, hp;
    int late = 0;
    if (!f)
        return ST_IO;
    audit_view_init(&view, c, a, NULL, NULL, 0, leaf_of);
    strbuf_init(&by);
    strbuf_init(&sp);
    strbuf_init(&hp);
    csvout_row(f, header, 10);
    for (long i = 0; i < nbp && !(late = outdir_row_late(deadline, i)); i++) {
        int s = bp[i].student, cur = leaf_of[s];
        int r = audit_rank(c, s, bp[i].leaf), cr = cur >= 0 ? audit_rank(c, s, cur) : 0;
        char *rs = r > 0 ? int_str(r) : NULL, *crs = cr > 0 ? int_str(cr) : NULL;
        audit_stop stop = audit_pair_priorities(&view, s, bp[i].leaf, &by, &sp, &hp);
        const char *row[10] = {c->students[s].id,
                               c->nodes[c->leaves[bp[i].leaf]].id,
                               rs ? rs : "",
                               cur >= 0 ? c->nodes[c->leaves[cur]].id : "",
                               crs ? crs : "",
                               stop.node >= 0 ? c->nodes[stop.node].id : "",
                               stop.holder >= 0 ? c->students[stop.holder].id : "",
                               by.buf,
                               sp.buf,
                               hp.buf};
        csvout_row(f, row, 10);
        free(rs);
        free(crs);
    }
    strbuf_release(&by);
    strbuf_release(&sp);
    strbuf_release(&hp);
    audit_view_release(&view);
    return late ? abandon(f) : outdir_close(o, f, "blocking_pairs.csv", d);
}

status results_write_quotas(outdir *o, const cycle *c, const int *leaf_of, diag *d)
{
    static const char *const header[] = {"scope", "field", "value", "min", "max", "placed"};
    FILE *f = outdir_open(o, "quotas.csv", d);
    int *qcount;
    if (!f)
        return ST_IO;
    MEM_ALLOC_ARRAY(qcount, c->nquotas + 1);
    audit_quota_counts(c, leaf_of, qcount);
    csvout_row(f, header, 6);
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        char *mn = int_str(qu->min), *mx = qu->max >= 0 ? int_str(qu->max) : NULL;
        char *placed = int_str(qcount[q]);
        const char *row[6] = {qu->scope >= 0 ? c->nodes[qu->scope].id : "",
                              cycle_field_name(qu->field),
                              qu->value_text,
                              mn,
                              mx ? mx : "",
                              placed};
        csvout_row(f, row, 6);
        free(mn);
        free(mx);
        free(placed);
    }
    free(qcount);
    return outdir_close(o, f, "quotas.csv", d);
}

static int cmp_leaf_id(const void *x, const void *y, void *ctx)
{
    const cycle *c = ctx;
    return strcmp(c->nodes[c->leaves[*(const int *)x]].id, c->nodes[c->leaves[*(const int *)y]].id);
}

status results_write_waitlist(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                              double deadline, diag *d)
{
    static const char *const header[] = {"leaf", "position", "student",
                                         "name", "rank",     "current_leaf"};
    FILE *f = outdir_open(o, "waitlist.csv", d);
    waitlist wl;
    int *order, late = 0;
    long rows = 0;
    if (!f)
        return ST_IO;
    if (waitlist_init(&wl, c, a, leaf_of, deadline) != ST_OK)
        return abandon(f);
    /* rows by leaf id (bytewise), as SPEC §7 sorts rows, then position */
    MEM_ALLOC_ARRAY(order, c->nleaves + 1);
    for (int t = 0; t < c->nleaves; t++)
        order[t] = t;
    sortctx_sort(order, (size_t)c->nleaves, sizeof(*order), cmp_leaf_id, (void *)c);
    csvout_row(f, header, 6);
    for (int i = 0; i < c->nleaves && !late; i++) {
        int t = order[i];
        for (long k = wl.first[t]; k < wl.first[t + 1] && !(late = outdir_row_late(deadline, rows++)); k++) {
            int s = wl.v[k].student, cur = leaf_of[s], r = audit_rank(c, s, t);
            char *pos = int_str(k - wl.first[t] + 1), *rs = r > 0 ? int_str(r) : NULL;
            const char *row[6] = {c->nodes[c->leaves[t]].id,
                                  pos,
                                  c->students[s].id,
                                  c->students[s].name,
                                  rs ? rs : "",
                                  cur >= 0 ? c->nodes[c->leaves[cur]].id : ""};
            csvout_row(f, row, 6);
            free(pos);
            free(rs);
        }
    }
    free(order);
    waitlist_release(&wl);
    return late ? abandon(f) : outdir_close(o, f, "waitlist.csv", d);
}

static void metric(FILE *f, const char *name, const char *value)
{
    const char *row[2] = {name, value};
    csvout_row(f, row, 2);
}

static void metric_long(FILE *f, const char *name, long v)
{
    char *s = int_str(v);
    metric(f, name, s);
    free(s);
}

static void metric_double(FILE *f, const char *name, double v)
{
    strbuf sb;
    strbuf_init(&sb);
    if (isfinite(v))
        strbuf_addf(&sb, "%.6g", v); /* else empty: unknown */
    metric(f, name, sb.buf);
    strbuf_release(&sb);
}

static status write_summary(outdir *o, const cycle *c, const int *leaf_of,
                            const results_info *info, diag *d)
{
    static const char *const header[] = {"metric", "value"};
    FILE *f = outdir_open(o, "summary.csv", d);
    audit_profile prof;
    if (!f)
        return ST_IO;
    audit_profile_init(&prof, c, leaf_of);
    csvout_row(f, header, 2);
    metric(f, "status", info->status);
    metric(f, "objective", info->objective);
    metric(f, "stable", info->stable ? "true" : "false");
    metric(f, "require_all", info->require_all ? "true" : "false");
    metric_long(f, "students", c->nstudents);
    metric_long(f, "placed", prof.placed);
    metric_long(f, "unplaced", c->nstudents - prof.placed);
    metric_long(f, "round", c->round_number);
    if (c->round_number > 1) {
        long count[4];
        rounds_count(c, NULL, count);
        metric(f, "previous_assignments_sha256", c->previous_sha256);
        metric_long(f, "kept", count[CYCLE_ROUND_KEPT]);
        metric_long(f, "held", count[CYCLE_ROUND_HELD]);
        metric_long(f, "declined", count[CYCLE_ROUND_DECLINED]);
    }
    /* the ranks in use only: one row per distinct rank written */
    for (int i = 0; i < prof.nranks; i++) {
        strbuf name;
        strbuf_init(&name);
        strbuf_addf(&name, "rank_%d", prof.ranks[i]);
        metric_long(f, name.buf, prof.count[i]);
        strbuf_release(&name);
    }
    metric_long(f, "rank_unranked", prof.count[prof.nranks]);
    metric_long(f, "total_rank", prof.total_rank);
    if (info->blocking_pairs < 0)
        metric(f, "blocking_pairs", "n/a");
    else
        metric_long(f, "blocking_pairs", info->blocking_pairs);
    if (info->stable_placed_is == RESULTS_STABLE_KNOWN)
        metric_long(f, "stable_placed", info->stable_placed);
    else if (info->stable_placed_is == RESULTS_STABLE_UNKNOWN)
        metric(f, "stable_placed", "n/a");
    metric_double(f, "gap", info->gap);
    metric_double(f, "solve_seconds", info->solve_seconds);
    metric(f, "method", method_name(info->method));
    for (int i = 0; i < info->nstages; i++) {
        strbuf name;
        strbuf_init(&name);
        strbuf_addf(&name, "stage:%s", info->stage_names[i]);
        metric_long(f, name.buf, info->stage_values[i]);
        strbuf_release(&name);
    }
    metric(f, "engine_version", ENGINE_VERSION);
    metric(f, "glpk_version", info->glpk_version);
    /* the digests of the bytes the cycle was read from, not of the files now */
    for (int k = 0; k < CYCLE_NFILES; k++) {
        strbuf name;
        if (!c->paths[k])
            continue;
        strbuf_init(&name);
        strbuf_addf(&name, "sha256:%s", cycle_file_name((enum cycle_file)k));
        metric(f, name.buf, c->sha256[k]);
        strbuf_release(&name);
    }
    audit_profile_release(&prof);
    return outdir_close(o, f, "summary.csv", d);
}

status results_write(outdir *o, const cycle *c, const admit *a, const int *leaf_of,
                     const audit_pair *bp, long nbp, const results_info *info, diag *d)
{
    status rc;
    if ((rc = write_assignments(o, c, a, leaf_of, info, d)) != ST_OK)
        return rc;
    if ((rc = results_write_capacity(o, c, leaf_of, d)) != ST_OK)
        return rc;
    if ((rc = results_write_blocking(o, c, a, leaf_of, bp, nbp, info->deadline, d)) != ST_OK)
        return rc;
    if ((rc = results_write_quotas(o, c, leaf_of, d)) != ST_OK)
        return rc;
    if ((rc = results_write_waitlist(o, c, a, leaf_of, info->deadline, d)) != ST_OK)
        return rc;
    if ((rc = write_summary(o, c, leaf_of, info, d)) != ST_OK)
        return rc;
    return workbook_write(o, info->deadline, d); /* last: one sheet per table above */
}
