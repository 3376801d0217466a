/* diff.h - what changed between two results folders (`placement diff OLD
 * NEW`, and the comparison that `solve --compare OLD` adds to report.html):
 * students who moved, were placed or unplaced or changed rank; places
 * whose fill changed; blocking pairs added and removed; the summary's
 * values side by side; and whether the two folders come from one cycle.
 *
 * A results folder is read by resfolder.h from its assignments.csv,
 * capacity.csv, blocking_pairs.csv and summary.csv, so later versions of
 * the result files still compare. The diff is plain data for a renderer: arrays
 * with counts, every string owned by the diff (its arena), freed by
 * diff_free.
 *
 * Same cycle: summary.csv's `sha256:FILE` rows fingerprint the inputs. Two
 * folders are of the same cycle when at least one input file has the same
 * fingerprint in both (two versions of a cycle change some files and keep
 * others), or when both hold the same set of student ids. */
#ifndef DIFF_H
#define DIFF_H

#include <stddef.h>

#include "cycle.h"
#include "diag.h"
#include "mem.h"
#include "resfolder.h"
#include "status.h"

/* How a student's row changed. "Placed" means the row names a leaf, whatever
 * its status (placed, fixed, kept); a row without a leaf (unplaced,
 * declined) is not placed. */
enum diff_kind {
    DIFF_MOVED,    /* placed in both, at another leaf */
    DIFF_PLACED,   /* not placed in OLD, placed in NEW */
    DIFF_UNPLACED, /* placed in OLD, not placed in NEW */
    DIFF_RANK,     /* the same leaf, another rank */
    DIFF_STATUS,   /* the same leaf (or none) and rank, another status
                      (placed -> fixed, unplaced -> declined) */
    DIFF_ONLY_OLD, /* a row in OLD's assignments.csv only */
    DIFF_ONLY_NEW, /* a row in NEW's assignments.csv only */
    DIFF_NKINDS
};

/* One side of a student's row; every string is "" when absent. */
typedef struct diff_side {
    int present;        /* the folder has a row for her */
    const char *status; /* as written: "placed", "fixed", "unplaced", ... */
    const char *leaf;   /* the deepest non-empty of program, lab, supervisor */
    const char *rank;   /* as written ("" also when placed unranked) */
    long rank_value;    /* rank as a number, 0 when rank is "" */
} diff_side;

typedef struct diff_student {
    const char *id;
    const char *name; /* NEW's name, or OLD's when she is only there */
    enum diff_kind kind;
    diff_side old, new;
    int rank_change; /* placed in both: -1 a better rank in NEW (a lower
                        number, or ranked where OLD was unranked), +1 a
                        worse one, 0 the same; 0 when not placed in both */
} diff_student;

/* A place whose fill or capacity changed, or that only one folder lists. */
typedef struct diff_node {
    const char *id;
    const char *level;               /* "program", "lab" or "supervisor" (NEW's, else OLD's) */
    int in_old, in_new;              /* capacity.csv of that folder lists it */
    long old_placed, new_placed;     /* -1 when not listed there */
    long old_capacity, new_capacity; /* -1 when no limit or not listed there */
} diff_node;

/* A row of blocking_pairs.csv, from the folder that has it. */
typedef resfolder_pair diff_pair;

/* A summary.csv metric side by side. */
typedef struct diff_metric {
    const char *name;      /* "placed", "stage:rank-sum", "rank_1", ... */
    const char *old, *new; /* the values as written, "" when absent */
    int changed;           /* the two texts differ */
} diff_metric;

/* A `sha256:FILE` row side by side. */
typedef struct diff_fingerprint {
    const char *file;      /* "programs.csv" */
    const char *old, *new; /* the digests, "" when that side has no row */
} diff_fingerprint;

/* The same-cycle verdict (the rule at the top of this file). */
typedef struct diff_cycle {
    int same;                /* the rule holds: comparable without --force */
    int same_prints;         /* input files with the same fingerprint in both */
    int other_prints;        /* files whose fingerprints differ or that only one
                                side fingerprints */
    int same_students;       /* both hold the same set of student ids */
    long only_old, only_new; /* students only in OLD, only in NEW */
} diff_cycle;

typedef struct diff {
    const char *old_dir, *new_dir; /* as given */
    /* students whose status, leaf or rank differs, or who are in one folder
       only: sorted by id (bytewise); filter by kind */
    diff_student *students;
    size_t nstudents;
    long count[DIFF_NKINDS];      /* students of each kind */
    long rank_better, rank_worse; /* students placed in both whose rank_change
                                     is -1, +1 */
    /* places: NEW's capacity.csv order, then those only in OLD in its order */
    diff_node *nodes;
    size_t nnodes;
    /* blocking pairs in NEW and not in OLD (added) and the reverse
       (removed), each sorted by student, then leaf (bytewise) */
    diff_pair *added, *removed;
    size_t nadded, nremoved;
    /* status, objective, stable, require_all, method, students, placed,
       unplaced, total_rank, blocking_pairs, then each stage:NAME row (NEW's
       order, then OLD's others), then rank_1 ... rank_R and rank_unranked
       (the union of both sides); a metric neither side has is left out */
    diff_metric *metrics;
    size_t nmetrics;
    /* every sha256:FILE row, OLD's order, then NEW's others */
    diff_fingerprint *prints;
    size_t nprints;
    diff_cycle cycle;
    mem_arena arena; /* every string above */
} diff;

/* Reads the results folders old_dir and new_dir and computes what changed.
 * Returns ST_OK with *out set (the caller frees it with diff_free), whether
 * or not they are of the same cycle (see out->cycle; diff_note_cycle says
 * why not). A folder that is not a results folder (no summary.csv or
 * assignments.csv), a missing column or an unreadable row makes it
 * ST_INPUT, ST_IO for a read error, with *out NULL; every problem of both
 * folders is recorded in d, located (FILE: error: ..., FILE:LINE:COL). */
status diff_new(const char *old_dir, const char *new_dir, diag *d, diff **out);
void diff_free(diff *df);

/* Whether nothing changed: no student, place or pair listed and no metric
 * changed. */
int diff_empty(const diff *df);

/* The words for a kind in a report: "moved", "newly placed", "newly
 * unplaced", "rank changed", "status changed", "only in OLD", "only in
 * NEW". */
const char *diff_kind_name(enum diff_kind k);

/* Records in d why df's folders are not of one cycle (call it when
 * df->cycle.same is 0): which fingerprints differ and how many students
 * are only in one folder; without force an error that ends with "--force
 * compares them anyway", with force a warning that they were compared
 * anyway. */
void diff_note_cycle(const diff *df, int force, diag *d);

/* For `solve --compare OLD`: checks that old_dir is a results folder (its
 * summary.csv and assignments.csv) of the cycle c, by the rule above, with
 * c's fingerprints (c->sha256) and students. Returns ST_OK; ST_INPUT with
 * an error in d when it is not a results folder, or is of another cycle and
 * force is 0 (with force, a warning instead); ST_IO on a read error. */
status diff_check_cycle(const char *old_dir, const cycle *c, int force, diag *d);

#endif
