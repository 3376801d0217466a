/* cmd_verify.c - `placement verify DIR FILE [--stable] [-o OUT]`: audits
 * any assignments.csv against the cycle (SPEC §6): every broken rule of
 * §3, every blocking pair of §4, the rank profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "audit.h"
#include "cmd.h"
#include "csvin.h"
#include "csvout.h"
#include "cycle.h"
#include "mem.h"
#include "num.h"
#include "outdir.h"
#include "report.h"
#include "results.h"
#include "rules.h"
#include "strbuf.h"

typedef struct violation {
    const char *rule;
    int student, node; /* -1 when none */
    char *message;
} violation;

typedef struct violations {
    violation *v;
    int n, cap;
} violations;

static void add_violation(violations *vs, const char *rule, int student, int node, const char *fmt,
                          ...) __attribute__((format(printf, 5, 6)));
static void add_violation(violations *vs, const char *rule, int student, int node, const char *fmt,
                          ...)
{
    strbuf sb;
    va_list ap;
    strbuf_init(&sb);
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    MEM_GROW(vs->v, vs->n, vs->cap);
    vs->v[vs->n].rule = rule;
    vs->v[vs->n].student = student;
    vs->v[vs->n].node = node;
    vs->v[vs->n].message = strbuf_detach(&sb);
    vs->n++;
}

/* Reads the assignment file into leaf_of; file problems go to d (exit 2),
 * a student listed twice is a broken rule. */
static status read_assignment(const cycle *c, const char *path, int *leaf_of, violations *vs,
                              diag *d)
{
    static const char *const known[] = {"student",    "name", "status", "program", "lab",
                                        "supervisor", "rank", "reason", NULL};
    static const char *const required[] = {"student", NULL};
    static const char *const levels[3] = {"program", "lab", "supervisor"};
    mem_arena arena;
    csvin_table t;
    status rc;
    long *line_of;
    int col_student, col_level[3], col_status, col_rank;
    mem_arena_init(&arena);
    rc = csvin_read_file(path, &arena, d, &t);
    if (rc != ST_OK || csvin_check_columns(&t, known, required, d) != 0) {
        rc = rc == ST_IO ? ST_IO : ST_INPUT;
        goto done;
    }
    col_student = csvin_column(&t, "student");
    for (int k = 0; k < 3; k++)
        col_level[k] = csvin_column(&t, levels[k]);
    if (col_level[0] < 0) {
        diag_error(d, path, 0, 0, "missing required column 'program'");
        rc = ST_INPUT;
        goto done;
    }
    col_status = csvin_column(&t, "status");
    col_rank = csvin_column(&t, "rank");
    MEM_ZALLOC_ARRAY(line_of, c->nstudents + 1);
    for (size_t i = 0; i < t.nrows; i++) {
        const csvin_row *row = &t.rows[i];
        const char *sid = row->fields[col_student];
        int s = cycle_student_index(c, sid), node = -1, deepest = -1, bad = 0;
        if (s < 0) {
            diag_error(d, path, row->line, col_student + 1, "unknown student '%s'", sid);
            rc = ST_INPUT;
            continue;
        }
        for (int k = 2; k >= 0; k--)
            if (col_level[k] >= 0 && row->fields[col_level[k]][0] && deepest < 0)
                deepest = k;
        if (deepest >= 0) {
            const char *id = row->fields[col_level[deepest]];
            node = cycle_node_index(c, id);
            if (node < 0 || c->nodes[node].level != deepest) {
                diag_error(d, path, row->line, col_level[deepest] + 1, "unknown %s '%s'",
                           levels[deepest], id);
                rc = ST_INPUT;
                continue;
            }
            /* the other columns must spell its path */
            for (int k = 0; k < deepest; k++) {
                int anc = node;
                const char *want;
                while (c->nodes[anc].level > k)
                    anc = c->nodes[anc].parent;
                want = col_level[k] >= 0 ? row->fields[col_level[k]] : "";
                if (strcmp(want, c->nodes[anc].id) != 0) {
                    diag_error(d, path, row->line, col_level[k] >= 0 ? col_level[k] + 1 : 1,
                               "%s '%s' does not match '%s', whose %s is '%s'", levels[k], want,
                               c->nodes[node].id, levels[k], c->nodes[anc].id);
                    bad = 1;
                }
            }
            if (bad) {
                rc = ST_INPUT;
                continue;
            }
        }
        if (line_of[s]) {
            add_violation(vs, "one_leaf", s, node,
                          "student '%s' is listed twice (%s:%ld and line %ld)", sid, path,
                          line_of[s], row->line);
            continue;
        }
        line_of[s] = row->line;
        if (node >= 0 && c->nodes[node].leaf < 0) {
            add_violation(vs, "leaf", s, node,
                          "student '%s' is placed at '%s', which is not a leaf (it has places "
                          "below it)",
                          sid, c->nodes[node].id);
            continue;
        }
        leaf_of[s] = node >= 0 ? c->nodes[node].leaf : -1;
        if (col_status >= 0) {
            const char *st = row->fields[col_status];
            const char *want = node < 0 ? "unplaced" : c->students[s].fix >= 0 ? "fixed" : "placed";
            if (st[0] && strcmp(st, want) != 0)
                diag_warning(d, path, row->line, col_status + 1,
                             "status '%s' disagrees with the cycle: it should be '%s'", st, want);
        }
        if (col_rank >= 0 && node >= 0) {
            const char *rs = row->fields[col_rank];
            int r = audit_rank(c, s, c->nodes[node].leaf);
            long v = -1;
            if ((rs[0] || r) && (num_whole(rs, &v) != NUM_OK ? rs[0] != 0 || r != 0 : v != r))
                diag_warning(d, path, row->line, col_rank + 1,
                             "rank '%s' disagrees with the cycle: the student's rank there is %s%d",
                             rs, r ? "" : "unranked, ", r);
        }
    }
    free(line_of);
done:
    csvin_table_release(&t);
    mem_arena_release(&arena);
    return rc;
}

/* The rules of SPEC §3 that leaf_of breaks: admissibility per student
 * (with her fix first), then capacities, minimums and quotas. */
static void check_rules(const cycle *c, const admit *a, const int *leaf_of, violations *vs)
{
    rules r;
    audit_breach *br;
    long nbr;
    strbuf why;
    strbuf_init(&why);
    rules_init(&r, 0);
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        int leaf = leaf_of[s];
        if (audit_misplaced(c, &r, leaf_of, s)) {
            add_violation(vs, "fix", s, st->fix,
                          "student '%s' must be placed within '%s' (fix override)", st->id,
                          c->nodes[st->fix].id);
            continue;
        }
        if (leaf < 0 || admit_find(a, s, leaf))
            continue;
        strbuf_reset(&why);
        {
            admit_check chk = admit_eligibility(c, s, leaf);
            if (chk.rule == ADMIT_OK)
                chk.rule = ADMIT_NOT_RANKED;
            admit_explain(c, s, chk, &why);
        }
        add_violation(vs, "admissible", s, c->leaves[leaf],
                      "student '%s' at '%s' is not an admissible pair: %s", st->id,
                      c->nodes[c->leaves[leaf]].id, why.buf);
    }
    nbr = audit_breaches(c, &r, leaf_of, &br);
    for (long i = 0; i < nbr; i++) {
        const audit_breach *b = &br[i];
        const cycle_node *nd =
            b->rule == AUDIT_CAPACITY || b->rule == AUDIT_MIN ? &c->nodes[b->index] : NULL;
        const cycle_quota *qu =
            b->rule == AUDIT_QUOTA_MIN || b->rule == AUDIT_QUOTA_MAX ? &c->quotas[b->index] : NULL;
        const char *scope = qu && qu->scope >= 0 ? c->nodes[qu->scope].id : "the whole cycle";
        switch (b->rule) {
        case AUDIT_CAPACITY:
            add_violation(vs, "capacity", -1, b->index,
                          "%s '%s' holds %d student%s, above its capacity %d",
                          cycle_level_name(nd->level), nd->id, b->count,
                          b->count == 1 ? "" : "s", nd->capacity);
            break;
        case AUDIT_MIN:
            add_violation(vs, "min", -1, b->index, "%s '%s' holds %d student%s, below its min %d",
                          cycle_level_name(nd->level), nd->id, b->count,
                          b->count == 1 ? "" : "s", nd->min);
            break;
        case AUDIT_QUOTA_MIN:
            add_violation(vs, "quota_min", -1, qu->scope,
                          "quota %s=%s in %s (quotas.csv line %ld) counts %d, below its min %d",
                          cycle_field_name(qu->field), qu->value_text, scope, qu->line, b->count,
                          qu->min);
            break;
        case AUDIT_QUOTA_MAX:
            add_violation(vs, "quota_max", -1, qu->scope,
                          "quota %s=%s in %s (quotas.csv line %ld) counts %d, above its max %d",
                          cycle_field_name(qu->field), qu->value_text, scope, qu->line, b->count,
                          qu->max);
            break;
        case AUDIT_MUST_PLACE:
            break; /* reported with the student above */
        }
    }
    free(br);
    strbuf_release(&why);
}

static status write_violations(outdir *o, const cycle *c, const violations *vs, diag *d)
{
    static const char *const header[] = {"rule", "student", "node", "message"};
    FILE *f = outdir_open(o, "violations.csv", d);
    if (!f)
        return ST_IO;
    csvout_row(f, header, 4);
    for (int i = 0; i < vs->n; i++) {
        const violation *v = &vs->v[i];
        const char *row[4] = {v->rule, v->student >= 0 ? c->students[v->student].id : "",
                              v->node >= 0 ? c->nodes[v->node].id : "", v->message};
        csvout_row(f, row, 4);
    }
    return outdir_close(o, f, "violations.csv", d);
}

/* report.html of the audit: the broken rules as "RULE: MESSAGE", and the
 * warnings found so far (the cycle's and the file's). */
static status write_report(outdir *out, const cycle *c, const admit *a, const int *leaf_of,
                           const audit_pair *bp, long nbp, const char *file,
                           const violations *vs, diag *d)
{
    report_input rin = {c, a, leaf_of, bp, nbp, NULL, file, NULL, vs->n, d, NULL};
    char **texts;
    status rc;
    MEM_ALLOC_ARRAY(texts, vs->n + 1);
    for (int i = 0; i < vs->n; i++) {
        strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s: %s", vs->v[i].rule, vs->v[i].message);
        texts[i] = strbuf_detach(&sb);
    }
    rin.violations = (const char *const *)texts;
    rc = report_write(out, &rin, d);
    for (int i = 0; i < vs->n; i++)
        free(texts[i]);
    free(texts);
    return rc;
}

status cmd_verify(const cli_opts *o)
{
    diag d;
    cycle *c = NULL;
    admit *a = NULL;
    int *leaf_of = NULL;
    violations vs = {NULL, 0, 0};
    audit_pair *bp = NULL;
    long nbp = 0;
    status rc;
    outdir *out = NULL;

    diag_init(&d);
    if (o->out && (rc = outdir_check(o->out, &d)) != ST_OK)
        goto done;
    if ((rc = cycle_load_as(o->dir, o->encoding, &d, &c)) != ST_OK)
        goto done;
    a = admit_build(c, &d);
    MEM_ALLOC_ARRAY(leaf_of, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++)
        leaf_of[s] = -1;
    if ((rc = read_assignment(c, o->assignments, leaf_of, &vs, &d)) != ST_OK)
        goto done;
    check_rules(c, a, leaf_of, &vs);
    nbp = audit_blocking_pairs(c, a, leaf_of, &bp);
    if (o->out) {
        if ((rc = outdir_begin(o->out, &d, &out)) != ST_OK)
            goto done;
        if ((rc = results_write_capacity(out, c, leaf_of, &d)) != ST_OK ||
            (rc = results_write_blocking(out, c, a, leaf_of, bp, nbp, &d)) != ST_OK ||
            (rc = results_write_quotas(out, c, leaf_of, &d)) != ST_OK ||
            (rc = write_violations(out, c, &vs, &d)) != ST_OK) {
            outdir_abort(out);
            goto done;
        }
        /* a summary.csv marks the folder as results, so a later run may replace it */
        {
            FILE *f = outdir_open(out, "summary.csv", &d);
            static const char *const h[] = {"metric", "value"};
            const char *row[2] = {"status", vs.n ? "violations" : "valid"};
            if (!f) {
                outdir_abort(out);
                rc = ST_IO;
                goto done;
            }
            csvout_row(f, h, 2);
            csvout_row(f, row, 2);
            if ((rc = outdir_close(out, f, "summary.csv", &d)) != ST_OK) {
                outdir_abort(out);
                goto done;
            }
        }
        if ((rc = write_report(out, c, a, leaf_of, bp, nbp, o->assignments, &vs, &d)) != ST_OK) {
            outdir_abort(out);
            goto done;
        }
        if ((rc = outdir_commit(out, &d)) != ST_OK)
            goto done;
    }
    if (!o->quiet) {
        audit_profile prof;
        audit_profile_init(&prof, c, leaf_of);
        printf("placed %ld of %d student%s\n", prof.placed, c->nstudents,
               c->nstudents == 1 ? "" : "s");
        audit_profile_print(&prof, stdout);
        audit_profile_release(&prof);
    }
    for (int i = 0; i < vs.n; i++)
        printf("violation %s: %s\n", vs.v[i].rule, vs.v[i].message);
    printf("broken rules: %d, blocking pairs: %ld\n", vs.n, nbp);
    for (long i = 0; i < nbp && i < 20 && !o->quiet; i++)
        printf("  blocking: '%s' prefers '%s'\n", c->students[bp[i].student].id,
               c->nodes[c->leaves[bp[i].leaf]].id);
    rc = vs.n || (o->stable && nbp) ? ST_INFEASIBLE : ST_OK;
done:
    diag_print(&d, stderr, o->quiet);
    for (int i = 0; i < vs.n; i++)
        free(vs.v[i].message);
    free(vs.v);
    free(bp);
    free(leaf_of);
    admit_free(a);
    cycle_free(c);
    diag_release(&d);
    return rc;
}
