/* cmd_verify.c - `placement verify DIR FILE [--stable] [-o OUT]`: audits
 * any assignments.csv against the cycle (SPEC §6): every broken rule of
 * §3, every blocking pair of §4, the rank profile. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "audit.h"
#include "cmd.h"
#include "csvin.h"
#include "csvout.h"
#include "cycle.h"
#include "diag.h"
#include "inputset.h"
#include "mem.h"
#include "nearname.h"
#include "num.h"
#include "outdir.h"
#include "report.h"
#include "results.h"
#include "rounds.h"
#include "rules.h"
#include "strbuf.h"
#include "workbook.h"

/* Lines of a list (violations, blocking pairs, warnings) printed before
 * "and N more"; --verbose prints them all. */
#define LIST_MAX 20

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

/* The words of the status column: what solve writes, and the later
 * rounds' kept (placed) and declined (unplaced). */
enum status_word { W_PLACED, W_FIXED, W_UNPLACED, W_KEPT, W_DECLINED, NSTATUS_WORDS };
static const char *const status_words[NSTATUS_WORDS] = {"placed", "fixed", "unplaced", "kept",
                                                        "declined"};

/* Warns at the status cell word of student s's row (node: her leaf, -1
 * when the row names none) where it disagrees with the cycle. The row's
 * path decides: the warning says how she is counted. An empty cell says
 * nothing. */
static void check_status(const cycle *c, int s, int node, const char *word, const char *path,
                         long line, int col, diag *d)
{
    const cycle_student *st = &c->students[s];
    int k = 0, says_unplaced;
    if (!word[0])
        return;
    while (k < NSTATUS_WORDS && nearname_distance(word, status_words[k]) != 0)
        k++; /* any case: a spreadsheet may capitalise it */
    if (k == NSTATUS_WORDS) {
        const char *near = nearname_best(word, status_words, NSTATUS_WORDS);
        strbuf hint;
        strbuf_init(&hint);
        if (near)
            strbuf_addf(&hint, " (did you mean '%s'?)", near);
        if (node >= 0)
            diag_warning(d, path, line, col,
                         "unknown status '%s'%s: the student counts as placed at '%s' (the row's "
                         "path decides)",
                         word, hint.buf, c->nodes[node].id);
        else
            diag_warning(d, path, line, col,
                         "unknown status '%s'%s: the student counts as unplaced (the row names no "
                         "place)",
                         word, hint.buf);
        strbuf_release(&hint);
        return;
    }
    says_unplaced = k == W_UNPLACED || k == W_DECLINED;
    if (node >= 0 && says_unplaced)
        diag_warning(d, path, line, col,
                     "status '%s' disagrees with the row's path: the student counts as placed at "
                     "'%s' (the path decides)",
                     word, c->nodes[node].id);
    else if (node < 0 && !says_unplaced)
        diag_warning(d, path, line, col,
                     "status '%s' disagrees with the row's path, which is empty: the student counts "
                     "as unplaced (the path decides)",
                     word);
    else if (c->round_number > 1 || (k != W_KEPT && k != W_DECLINED)) {
        /* what solve writes; without --previous a later round's words pass */
        const char *want = cycle_status_word(c, s, node >= 0);
        if (strcmp(status_words[k], want) == 0)
            return;
        if (st->round == CYCLE_ROUND_OPEN && k == W_FIXED && st->fix < 0)
            diag_warning(d, path, line, col,
                         "status '%s' disagrees with the cycle: the student has no fix override "
                         "(solve writes 'placed')",
                         word);
        else if (st->round == CYCLE_ROUND_OPEN && k == W_PLACED && st->fix >= 0)
            diag_warning(d, path, line, col,
                         "status '%s' disagrees with the cycle: the student is fixed within '%s' "
                         "by an override (solve writes 'fixed')",
                         word, c->nodes[st->fix].id);
        else
            diag_warning(d, path, line, col,
                         "status '%s' disagrees with round %d of the cycle (solve writes '%s')",
                         word, c->round_number, want);
    }
}

/* Warns at the rank cell text of student s's row (node as for
 * check_status) where it is not her rank as solve reports it: her rank
 * for the leaf (the best over it and the places above it), empty when
 * she did not rank it or is unplaced. */
static void check_rank(const cycle *c, int s, int node, const char *text, const char *path,
                       long line, int col, diag *d)
{
    int r = node >= 0 ? audit_rank(c, s, c->nodes[node].leaf) : 0;
    long v = -1;
    strbuf cell;
    strbuf_init(&cell);
    if (text[0])
        strbuf_addf(&cell, "rank '%s'", text);
    else
        strbuf_adds(&cell, "empty rank");
    if (node < 0 && text[0])
        diag_warning(d, path, line, col,
                     "%s disagrees with the row's path, which is empty: an unplaced student has "
                     "no rank",
                     cell.buf);
    else if (node >= 0 && r == 0 && text[0])
        diag_warning(d, path, line, col,
                     "%s disagrees with the cycle: the student did not rank '%s' or a place "
                     "above it (solve leaves the rank empty)",
                     cell.buf, c->nodes[node].id);
    else if (node >= 0 && r > 0 && (num_whole(text, &v) != NUM_OK || v != r))
        diag_warning(d, path, line, col,
                     "%s disagrees with the cycle: the student ranks '%s' at %d", cell.buf,
                     c->nodes[node].id, r);
    strbuf_release(&cell);
}

/* Reads the assignment file into leaf_of; file problems go to d (exit 2),
 * a student listed twice is a broken rule. Only the columns verify uses
 * are checked and decoded (from encoding where they are not UTF-8), so
 * names or reasons re-saved in another encoding do not stop the audit. */
static status read_assignment(const cycle *c, const char *path, const char *encoding, int *leaf_of,
                              violations *vs, diag *d)
{
    static const char *const known[] = {"student",    "name",  "status", "program",   "lab",
                                        "supervisor", "rank",  "reason", "leaf_name", "home",
                                        "year",       "score", NULL};
    static const char *const used[] = {"student", "program", "lab", "supervisor",
                                       "status",  "rank",    NULL};
    static const char *const required[] = {"student", NULL};
    static const char *const levels[3] = {"program", "lab", "supervisor"};
    mem_arena arena;
    csvin_table t;
    status rc;
    long *line_of;
    int col_student, col_level[3], col_status, col_rank;
    mem_arena_init(&arena);
    rc = csvin_read_file_columns(path, encoding, used, &arena, d, &t);
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
        if (col_status >= 0)
            check_status(c, s, node, row->fields[col_status], path, row->line, col_status + 1, d);
        if (col_rank >= 0)
            check_rank(c, s, node, row->fields[col_rank], path, row->line, col_rank + 1, d);
    }
    free(line_of);
done:
    csvin_table_release(&t);
    mem_arena_release(&arena);
    return rc;
}

/* The rules of SPEC §3 that leaf_of breaks: admissibility per student
 * (her fix first, then every rule an inadmissible pair breaks), then
 * capacities, minimums and quotas. */
static void check_rules(const cycle *c, const admit *a, const int *leaf_of, violations *vs)
{
    rules r;
    audit_breach *br;
    long nbr;
    strbuf why;
    admit_checks fails = {NULL, 0, 0};
    strbuf_init(&why);
    rules_init(&r, 0);
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        int leaf = leaf_of[s];
        if (st->round == CYCLE_ROUND_DECLINED && leaf >= 0) {
            add_violation(vs, "declined", s, c->leaves[leaf],
                          "student '%s' declined her offer, so she is out of this round, but is "
                          "placed at '%s'",
                          st->id, c->nodes[c->leaves[leaf]].id);
            continue;
        }
        if (audit_misplaced(c, &r, leaf_of, s)) {
            if (st->round == CYCLE_ROUND_KEPT || st->round == CYCLE_ROUND_HELD)
                add_violation(vs, "fix", s, st->fix,
                              "student '%s' must stay at '%s', her offer of the previous round "
                              "(%s)",
                              st->id, c->nodes[st->fix].id,
                              st->round == CYCLE_ROUND_KEPT ? "accepted" : "not answered yet");
            else
                add_violation(vs, "fix", s, st->fix,
                              "student '%s' must be placed within '%s' (fix override)", st->id,
                              c->nodes[st->fix].id);
            continue;
        }
        if (leaf < 0 || admit_find(a, s, leaf, NULL))
            continue;
        strbuf_reset(&why);
        fails.n = 0;
        admit_failures(c, s, leaf, &fails);
        assert(fails.n > 0); /* admit_build and admit_failures judge alike */
        for (int k = 0; k < fails.n; k++) {
            if (k)
                strbuf_adds(&why, "; ");
            admit_explain(c, s, fails.v[k], &why);
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
    free(fails.v);
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

/* Ends a list cut at LIST_MAX lines: "and N more", and where they all are. */
static void print_more(long n, const char *out, const char *file, const char *indent)
{
    if (out)
        diag_fprintf(stdout, "%sand %ld more (all in %s/%s)\n", indent, n, out, file);
    else
        diag_fprintf(stdout, "%sand %ld more (--verbose lists them all; -o OUT writes %s)\n",
                     indent, n, file);
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
    inputset in;
    /* once the cycle's messages are summarised: d's messages from
       file_from on are the assignment file's (d keeps both for report.html) */
    int file_stage = 0;
    size_t file_from = 0;

    diag_init(&d);
    /* claim -o OUT before any work: a bad or busy folder is refused at
       once, and so is one that holds the cycle or the file audited */
    inputset_init(&in);
    inputset_add(&in, o->dir);
    inputset_add(&in, o->assignments);
    if (o->out) {
        if ((rc = outdir_begin(o->out, &results_kind, &in, &d, &out)) != ST_OK)
            goto done;
        diag_print(&d, stderr, o->quiet); /* folders left by a killed run, removed */
        diag_release(&d);
        diag_init(&d);
    }
    if ((rc = cycle_load_as(o->dir, o->encoding, &d, &c)) != ST_OK)
        goto done;
    /* a later round: the previous round's kept and held students are fixed */
    if ((rc = o->previous ? rounds_apply(c, o->previous, &d) : rounds_first(c, 0, &d)) != ST_OK)
        goto done;
    a = admit_build(c, &d);
    /* the cycle's warnings as solve gives them: a count, all with -v */
    if (o->verbose)
        diag_print(&d, stderr, 0);
    else if (!o->quiet && d.warnings)
        diag_fprintf(stderr, "%zu warning%s about the cycle (see 'placement check %s')\n",
                     d.warnings, d.warnings == 1 ? "" : "s", o->dir);
    file_stage = 1;
    file_from = d.count;
    MEM_ALLOC_ARRAY(leaf_of, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++)
        leaf_of[s] = -1;
    if ((rc = read_assignment(c, o->assignments, o->encoding, leaf_of, &vs, &d)) != ST_OK)
        goto done;
    check_rules(c, a, leaf_of, &vs);
    nbp = audit_blocking_pairs(c, a, leaf_of, 0, &bp);
    if (out) {
        if ((rc = results_write_capacity(out, c, leaf_of, &d)) != ST_OK ||
            (rc = results_write_blocking(out, c, a, leaf_of, bp, nbp, 0, &d)) != ST_OK ||
            (rc = results_write_quotas(out, c, leaf_of, &d)) != ST_OK ||
            (rc = results_write_waitlist(out, c, a, leaf_of, 0, &d)) != ST_OK ||
            (rc = write_violations(out, c, &vs, &d)) != ST_OK)
            goto done;
        /* a summary.csv marks the folder as results, so a later run may replace it */
        {
            FILE *f = outdir_open(out, "summary.csv", &d);
            static const char *const h[] = {"metric", "value"};
            const char *row[2] = {"status", vs.n ? "violations" : "valid"};
            if (!f) {
                rc = ST_IO;
                goto done;
            }
            csvout_row(f, h, 2);
            csvout_row(f, row, 2);
            if ((rc = outdir_close(out, f, "summary.csv", &d)) != ST_OK ||
                (rc = workbook_write(out, 0, &d)) != ST_OK)
                goto done;
        }
        if ((rc = write_report(out, c, a, leaf_of, bp, nbp, o->assignments, &vs, &d)) != ST_OK)
            goto done;
        rc = outdir_commit(out, &d);
        out = NULL;
        if (rc != ST_OK)
            goto done;
    }
    if (!o->quiet) {
        audit_profile prof;
        audit_profile_init(&prof, c, leaf_of);
        diag_fprintf(stdout, "placed %ld of %d student%s\n", prof.placed, c->nstudents,
                     c->nstudents == 1 ? "" : "s");
        audit_profile_print(&prof, stdout);
        audit_profile_release(&prof);
    }
    for (int i = 0; i < vs.n && (i < LIST_MAX || o->verbose); i++)
        diag_fprintf(stdout, "violation %s: %s\n", vs.v[i].rule, vs.v[i].message);
    if (vs.n > LIST_MAX && !o->verbose)
        print_more(vs.n - LIST_MAX, o->out, "violations.csv", "");
    diag_fprintf(stdout, "broken rules: %d, blocking pairs: %ld\n", vs.n, nbp);
    for (long i = 0; i < nbp && (i < LIST_MAX || o->verbose) && !o->quiet; i++)
        diag_fprintf(stdout, "  blocking: '%s' prefers '%s'\n", c->students[bp[i].student].id,
                     c->nodes[c->leaves[bp[i].leaf]].id);
    if (nbp > LIST_MAX && !o->verbose && !o->quiet)
        print_more(nbp - LIST_MAX, o->out, "blocking_pairs.csv", "  ");
    rc = vs.n || (o->stable && nbp) ? ST_INFEASIBLE : ST_OK;
done:
    outdir_abort(out);
    inputset_release(&in);
    if (file_stage) {
        /* the assignment file's warnings, the first LIST_MAX without -v */
        size_t left = diag_print_some(&d, file_from, stderr, o->quiet,
                                      o->verbose ? (size_t)-1 : LIST_MAX);
        if (left)
            diag_fprintf(stderr, "%s: and %zu more warning%s (--verbose shows them all)\n",
                         o->assignments, left, left == 1 ? "" : "s");
    } else {
        diag_print(&d, stderr, o->quiet); /* the cycle's errors and warnings */
    }
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
