/* resfolder.h - reading a results folder back: its assignments.csv,
 * capacity.csv, blocking_pairs.csv and summary.csv, as placement wrote
 * them or as a person edited them. Used by diff (two folders compared)
 * and by rounds (the offers of the previous round).
 *
 * Columns are found by their header name; other columns and other files
 * are ignored, so later versions of the result files still read. Every
 * string lives in the arena given to resfolder_read. */
#ifndef RESFOLDER_H
#define RESFOLDER_H

#include <stddef.h>

#include "diag.h"
#include "mem.h"
#include "status.h"

/* The result files a folder is read from; a mask of (1u << RESFOLDER_*)
 * says which. */
enum resfolder_file {
    RESFOLDER_ASSIGNMENTS,
    RESFOLDER_CAPACITY,
    RESFOLDER_BLOCKING,
    RESFOLDER_SUMMARY,
    RESFOLDER_NFILES
};

/* A row of assignments.csv; leaf is the deepest non-empty of program,
 * lab, supervisor ("" when none). */
typedef struct resfolder_row {
    const char *id, *name, *status, *leaf, *rank;
    long rank_value; /* rank as a number, 0 when rank is "" */
    long line;
} resfolder_row;

/* A row of capacity.csv. */
typedef struct resfolder_node {
    const char *id, *level;
    long placed, capacity; /* capacity -1: no limit */
    long line;
} resfolder_node;

/* A row of summary.csv. */
typedef struct resfolder_metric {
    const char *name, *value;
} resfolder_metric;

/* A row of blocking_pairs.csv; every string is "" when absent. */
typedef struct resfolder_pair {
    const char *student, *leaf;
    const char *rank;         /* her rank at leaf, as written */
    const char *current_leaf; /* where she is in that folder, "" unplaced */
    const char *current_rank;
} resfolder_pair;

/* One results folder as read. */
typedef struct resfolder {
    const char *dir;
    resfolder_row *rows; /* by id */
    size_t nrows;
    resfolder_node *nodes; /* in file order */
    size_t nnodes;
    resfolder_pair *pairs; /* by student, then leaf; no two alike */
    size_t npairs;
    resfolder_metric *metrics; /* in file order */
    size_t nmetrics;
    char sha256[RESFOLDER_NFILES][65]; /* of each file's bytes, "" unread */
} resfolder;

/* Reads the files of mask of the results folder dir into *f. A folder
 * without summary.csv or assignments.csv (when mask asks for them) is
 * not a results folder. Every problem goes to d, located; returns the
 * worst status (ST_IO above ST_INPUT). Release f with resfolder_release
 * whatever it returns. */
status resfolder_read(const char *dir, unsigned mask, mem_arena *a, diag *d, resfolder *f);
void resfolder_release(resfolder *f);

/* The value of summary metric name (the first row of that name), or
 * NULL. */
const char *resfolder_metric_value(const resfolder *f, const char *name);
/* The row of student id, or NULL. */
const resfolder_row *resfolder_find(const resfolder *f, const char *id);

/* By student, then leaf (bytewise). */
int resfolder_pair_cmp(const void *a, const void *b);

#endif
