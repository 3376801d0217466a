/* cmd_diff.c - `placement diff OLD NEW [-o FILE]`: what changed between two
 * results folders (diff.h), as a text report on stdout and, with -o, a CSV
 * of the students whose status, leaf or rank changed, written atomically. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "csvout.h"
#include "diag.h"
#include "diff.h"
#include "mem.h"
#include "num.h"
#include "outfile.h"
#include "strbuf.h"

/* Rows of each list shown without --verbose. */
#define DIFF_SHOWN 20

/* ---- -o FILE ---- */

/* path split into its folder ("." for a bare name) and its last name. */
static void split_path(const char *path, char **dir, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *dir = mem_strdup(".");
        *base = path;
    } else {
        size_t n = (size_t)(slash - path);
        *dir = mem_alloc(n + 2);
        memcpy(*dir, path, n ? n : 1);
        (*dir)[n ? n : 1] = '\0';
        *base = slash + 1;
    }
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether folder dir, or a folder above it, is the folder of *top (by
 * device and inode, so links and "." or ".." in paths do not hide it). */
static int lies_within(const char *dir, const struct stat *top)
{
    strbuf up;
    struct stat st, above;
    int found = 0;
    strbuf_init(&up);
    strbuf_adds(&up, dir);
    for (int depth = 0; depth < 4096 && stat(up.buf, &st) == 0; depth++) {
        if (same_file(&st, top)) {
            found = 1;
            break;
        }
        strbuf_adds(&up, "/..");
        if (stat(up.buf, &above) != 0 || same_file(&above, &st))
            break; /* the root */
    }
    strbuf_release(&up);
    return found;
}

/* Checks that -o FILE may be written: its folder exists, it is not a
 * folder itself, and it is neither in OLD or NEW nor one of their files
 * (no output may hold an input). */
static status check_output(const cli_opts *o, diag *d)
{
    static const char *const files[] = {"assignments.csv", "capacity.csv", "blocking_pairs.csv",
                                        "summary.csv"};
    const char *path = o->out, *base;
    const char *dirs[2] = {o->old_dir, o->new_dir};
    char *parent;
    struct stat st, target;
    int exists;
    status rc = ST_OK;
    split_path(path, &parent, &base);
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(d, path, 0, 0, "cannot write the CSV: folder '%s' does not exist", parent);
        rc = ST_INPUT;
        goto done;
    }
    exists = stat(path, &target) == 0; /* links followed */
    if (base[0] == '\0' || (exists && S_ISDIR(target.st_mode))) {
        diag_error(d, path, 0, 0, "cannot write the CSV: it is a folder (name a file)");
        rc = ST_INPUT;
        goto done;
    }
    for (int k = 0; k < 2 && rc == ST_OK; k++) {
        int inside = stat(dirs[k], &st) == 0 && lies_within(parent, &st);
        for (size_t f = 0; f < sizeof(files) / sizeof(files[0]) && exists && !inside; f++) {
            strbuf sb;
            strbuf_init(&sb);
            strbuf_addf(&sb, "%s/%s", dirs[k], files[f]);
            inside = stat(sb.buf, &st) == 0 && same_file(&st, &target);
            strbuf_release(&sb);
        }
        if (inside) {
            diag_error(d, path, 0, 0,
                       "refusing to write the CSV into the results folder '%s' (choose a file "
                       "outside OLD and NEW)",
                       dirs[k]);
            rc = ST_INPUT;
        }
    }
done:
    free(parent);
    return rc;
}

/* Writes the changed students of df into path: a temporary sibling first
 * (outfile.h: removed on a signal or at exit), renamed into place, so the
 * file is whole or untouched. */
static status write_csv(const diff *df, const char *path, diag *d)
{
    static const char *const header[] = {"student",    "name",     "old_status", "old_leaf",
                                         "old_rank",   "new_status", "new_leaf", "new_rank"};
    outfile *of = NULL;
    FILE *f = NULL;
    int bad = 0;
    status rc;
    /* check_output refused inputs already: no input set here */
    if ((rc = outfile_begin(path, NULL, d, &of)) != ST_OK)
        return rc;
    if (!(f = fopen(outfile_tmp_path(of), "wb"))) {
        diag_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
        outfile_abort(of);
        return ST_IO;
    }
    bad |= csvout_row(f, header, 8);
    for (size_t i = 0; i < df->nstudents; i++) {
        const diff_student *s = &df->students[i];
        const char *row[8] = {s->id,         s->name,       s->old.status, s->old.leaf,
                              s->old.rank,   s->new.status, s->new.leaf,   s->new.rank};
        bad |= csvout_row(f, row, 8);
    }
    if (ferror(f))
        bad = 1;
    if (fclose(f) != 0)
        bad = 1;
    if (bad) {
        diag_error(d, path, 0, 0, "write error: %s", strerror(errno));
        outfile_abort(of);
        return ST_IO;
    }
    return outfile_finish(of, d);
}

/* ---- the text report ---- */

/* A student's place on one side, e.g. "surf-neuro-osei (rank 2)". */
static void describe(strbuf *sb, const diff_side *s)
{
    strbuf_reset(sb);
    if (!s->present)
        strbuf_adds(sb, "(not listed)");
    else if (s->leaf[0]) {
        strbuf_addf(sb, "%s (", s->leaf);
        if (s->rank[0])
            strbuf_addf(sb, "rank %s", s->rank);
        else
            strbuf_adds(sb, "unranked");
        if (s->status[0] && strcmp(s->status, "placed") != 0)
            strbuf_addf(sb, ", %s", s->status);
        strbuf_addc(sb, ')');
    } else
        strbuf_adds(sb, s->status[0] ? s->status : "unplaced");
}

static void print_more(size_t total, size_t shown)
{
    if (total > shown)
        diag_fprintf(stdout, "  and %zu more (--verbose lists all)\n", total - shown);
}

static void print_students(const diff *df, enum diff_kind kind, const char *title, int verbose)
{
    strbuf a, b;
    size_t shown = 0;
    long total = df->count[kind];
    if (total == 0)
        return;
    strbuf_init(&a);
    strbuf_init(&b);
    diag_fprintf(stdout, "\n%s (%ld):\n", title, total);
    for (size_t i = 0; i < df->nstudents; i++) {
        const diff_student *s = &df->students[i];
        if (s->kind != kind)
            continue;
        if (!verbose && shown == DIFF_SHOWN)
            break;
        describe(&a, &s->old);
        describe(&b, &s->new);
        diag_fprintf(stdout, "  %s%s%s%s: %s -> %s\n", s->id, s->name[0] ? " (" : "", s->name,
                     s->name[0] ? ")" : "", a.buf, b.buf);
        shown++;
    }
    print_more((size_t)total, shown);
    strbuf_release(&a);
    strbuf_release(&b);
}

static void fill(strbuf *sb, long placed, long capacity)
{
    strbuf_addf(sb, "%ld", placed);
    if (capacity >= 0)
        strbuf_addf(sb, " of %ld", capacity);
    else
        strbuf_adds(sb, " (no limit)");
}

static void print_nodes(const diff *df, int verbose)
{
    strbuf sb;
    size_t shown = 0;
    if (df->nnodes == 0)
        return;
    strbuf_init(&sb);
    diag_fprintf(stdout, "\nfill changes (%zu):\n", df->nnodes);
    for (size_t i = 0; i < df->nnodes && (verbose || shown < DIFF_SHOWN); i++, shown++) {
        const diff_node *n = &df->nodes[i];
        strbuf_reset(&sb);
        if (!n->in_old || !n->in_new) {
            strbuf_addf(&sb, "only in %s, ", n->in_old ? "OLD" : "NEW");
            fill(&sb, n->in_old ? n->old_placed : n->new_placed,
                 n->in_old ? n->old_capacity : n->new_capacity);
        } else if (n->old_capacity == n->new_capacity) {
            strbuf_addf(&sb, "%ld -> ", n->old_placed);
            fill(&sb, n->new_placed, n->new_capacity);
        } else {
            fill(&sb, n->old_placed, n->old_capacity);
            strbuf_adds(&sb, " -> ");
            fill(&sb, n->new_placed, n->new_capacity);
        }
        diag_fprintf(stdout, "  %s%s%s: %s\n", n->level, n->level[0] ? " " : "", n->id, sb.buf);
    }
    print_more(df->nnodes, shown);
    strbuf_release(&sb);
}

static void print_pairs(const diff_pair *p, size_t n, const char *title, int verbose)
{
    size_t shown = 0;
    if (n == 0)
        return;
    diag_fprintf(stdout, "\n%s (%zu):\n", title, n);
    for (size_t i = 0; i < n && (verbose || shown < DIFF_SHOWN); i++, shown++) {
        diag_fprintf(stdout, "  %s would take %s", p[i].student, p[i].leaf);
        if (p[i].rank[0])
            diag_fprintf(stdout, " (rank %s)", p[i].rank);
        if (p[i].current_leaf[0]) {
            diag_fprintf(stdout, "; she holds %s", p[i].current_leaf);
            if (p[i].current_rank[0])
                diag_fprintf(stdout, " (rank %s)", p[i].current_rank);
        } else
            diag_fprintf(stdout, "; she is unplaced");
        diag_fprintf(stdout, "\n");
    }
    print_more(n, shown);
}

/* The files of df's fingerprints in one state (0 changed, 1 only in OLD,
 * 2 only in NEW, 3 the same), "a.csv, b.csv" into sb; returns how many. */
static int prints_in(const diff *df, int state, strbuf *sb)
{
    int n = 0;
    for (size_t i = 0; i < df->nprints; i++) {
        const diff_fingerprint *p = &df->prints[i];
        int st = !p->new[0] ? 1 : !p->old[0] ? 2 : strcmp(p->old, p->new) == 0 ? 3 : 0;
        if (st != state)
            continue;
        strbuf_addf(sb, "%s%s", n ? ", " : "", p->file);
        n++;
    }
    return n;
}

/* "inputs: programs.csv changed; 7 the same" from the fingerprints. */
static void print_inputs(const diff *df)
{
    static const char *const what[3] = {"changed", "only in OLD", "only in NEW"};
    strbuf sb, files;
    int same;
    if (df->nprints == 0) {
        diag_fprintf(stdout, "inputs: no fingerprints in either summary.csv\n");
        return;
    }
    strbuf_init(&sb);
    strbuf_init(&files);
    for (int state = 0; state < 3; state++) {
        strbuf_reset(&files);
        if (prints_in(df, state, &files))
            strbuf_addf(&sb, "%s%s %s", sb.len ? "; " : "", files.buf, what[state]);
    }
    strbuf_reset(&files);
    same = prints_in(df, 3, &files);
    if (sb.len == 0)
        diag_fprintf(stdout, "inputs: the same %d file%s\n", same, same == 1 ? "" : "s");
    else
        diag_fprintf(stdout, "inputs: %s; %d the same\n", sb.buf, same);
    strbuf_release(&sb);
    strbuf_release(&files);
}

static void print_metrics(const diff *df)
{
    int wn = 6, wo = 3, wv = 3;
    for (size_t i = 0; i < df->nmetrics; i++) {
        int n = (int)strlen(df->metrics[i].name), v = (int)strlen(df->metrics[i].old);
        int w = (int)strlen(df->metrics[i].new);
        wn = n > wn ? n : wn;
        wo = v > wo ? v : wo;
        wv = w > wv ? w : wv;
    }
    diag_fprintf(stdout, "\n  %-*s  %-*s  %s\n", wn, "", wo, "OLD", "NEW");
    for (size_t i = 0; i < df->nmetrics; i++) {
        const diff_metric *m = &df->metrics[i];
        long a, b;
        /* "-": the folder has no such row (or an empty value) */
        diag_fprintf(stdout, "  %-*s  %-*s  %-*s", wn, m->name, wo, m->old[0] ? m->old : "-",
                     m->changed ? wv : 0, m->new[0] ? m->new : "-");
        if (m->changed && num_whole(m->old, &a) == NUM_OK && num_whole(m->new, &b) == NUM_OK)
            diag_fprintf(stdout, "  (%+ld)", b - a);
        else if (m->changed)
            diag_fprintf(stdout, "  (changed)");
        diag_fprintf(stdout, "\n");
    }
}

static void print_report(const diff *df, int verbose)
{
    diag_fprintf(stdout, "placement diff: OLD '%s', NEW '%s'\n", df->old_dir, df->new_dir);
    print_inputs(df);
    print_metrics(df);
    if (diff_empty(df)) {
        diag_fprintf(stdout, "\nno differences\n");
        return;
    }
    diag_fprintf(
        stdout,
        "\nstudents: %ld moved, %ld newly placed, %ld newly unplaced, %ld rank changed at the "
        "same place",
        df->count[DIFF_MOVED], df->count[DIFF_PLACED], df->count[DIFF_UNPLACED],
        df->count[DIFF_RANK]);
    if (df->count[DIFF_STATUS])
        diag_fprintf(stdout, ", %ld status changed", df->count[DIFF_STATUS]);
    if (df->count[DIFF_ONLY_OLD])
        diag_fprintf(stdout, ", %ld only in OLD", df->count[DIFF_ONLY_OLD]);
    if (df->count[DIFF_ONLY_NEW])
        diag_fprintf(stdout, ", %ld only in NEW", df->count[DIFF_ONLY_NEW]);
    diag_fprintf(stdout, "\nranks of students placed in both: %ld better, %ld worse\n",
                 df->rank_better, df->rank_worse);
    diag_fprintf(
        stdout,
        "places: %zu with another fill or capacity; blocking pairs: %zu added, %zu removed\n",
        df->nnodes, df->nadded, df->nremoved);
    print_students(df, DIFF_MOVED, "moved", verbose);
    print_students(df, DIFF_PLACED, "newly placed", verbose);
    print_students(df, DIFF_UNPLACED, "newly unplaced", verbose);
    print_students(df, DIFF_RANK, "rank changes at the same place", verbose);
    print_students(df, DIFF_STATUS, "status changes", verbose);
    print_students(df, DIFF_ONLY_OLD, "only in OLD", verbose);
    print_students(df, DIFF_ONLY_NEW, "only in NEW", verbose);
    print_nodes(df, verbose);
    print_pairs(df->added, df->nadded, "blocking pairs added", verbose);
    print_pairs(df->removed, df->nremoved, "blocking pairs removed", verbose);
}

status cmd_diff(const cli_opts *o)
{
    diag d;
    diff *df = NULL;
    status rc;
    diag_init(&d);
    if (o->out && (rc = check_output(o, &d)) != ST_OK)
        goto done;
    if ((rc = diff_new(o->old_dir, o->new_dir, &d, &df)) != ST_OK)
        goto done;
    if (!df->cycle.same) {
        diff_note_cycle(df, o->force, &d);
        if (!o->force) {
            rc = ST_INPUT;
            goto done;
        }
    }
    if (o->out && (rc = write_csv(df, o->out, &d)) != ST_OK)
        goto done;
    if (!o->quiet)
        print_report(df, o->verbose); /* main checks that stdout took it */
done:
    diag_print(&d, stderr, o->quiet && rc == ST_OK);
    diff_free(df);
    diag_release(&d);
    return rc;
}
