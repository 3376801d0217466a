/* cycle_read.h - internal to the cycle loader: cycle_load.c and the
 * readers of each input file (cycle_tree.c, cycle_students.c,
 * cycle_ranks.c, cycle_quotas.c, cycle_overrides.c, cycle_lottery.c)
 * include it; no other module does. Owns the loader state shared while a folder is read, the
 * row context messages point from, and the typed cell readers. */
#ifndef CYCLE_READ_H
#define CYCLE_READ_H

#include <stddef.h>

#include "csvin.h"
#include "cycle.h"

/* The value, in an id map, of an id that is defined by a row the reader
 * rejected: references to it are not reported once more as unknown. */
#define CYCLE_READ_BROKEN (-2)

/* The state of one cycle_load, which owns it; c is the cycle being
 * filled, d takes every message. Tag and home ids are provisional (in
 * order of first sight) until cycle_load makes them canonical. */
typedef struct cycle_loader {
    cycle *c;
    diag *d;
    const char *encoding; /* of the files, NULL: UTF-8 */
    csvin_table t[CYCLE_NFILES];
    int usable[CYCLE_NFILES]; /* read, with its required columns */
    int unread[CYCLE_NFILES]; /* required or there, but not usable (an error
                                 said why): ids it would define are not
                                 known, so references to them are not
                                 reported as unknown */
    strmap tag_ids, home_ids; /* name -> provisional id */
    const char **tag_names, **home_names; /* by provisional id (heap arrays) */
    int ntag, captag, nhome, caphome;
} cycle_loader;

/* One row being read: where messages point. A reader sets row and clears
 * bad for each row; bad says an error was reported for it. */
typedef struct cycle_row {
    cycle_loader *L;
    const csvin_table *t;
    const csvin_row *row;
    int bad;
} cycle_row;

/* ---- cells of one row (cycle_read.c) ---- */

/* Index of column name in the row's file, or -1 when it has none. */
int cycle_read_col(const cycle_row *rc, const char *name);
/* The text of column col, "" for col -1; it belongs to the file's table. */
const char *cycle_read_cell(const cycle_row *rc, int col);
/* Adds an error at the row's line and at column col (0-based, -1 for
 * none) and marks the row bad. */
void cycle_read_error(cycle_row *rc, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The id in column colname: required non-empty, without leading or
 * trailing blanks. Returns it (owned by the table), or NULL: silently
 * when the column is absent, after an error otherwise. */
const char *cycle_read_id(cycle_row *rc, const char *colname);
/* A whole number in column colname into *out; an empty cell gives def.
 * Returns 1, or 0 after an error (*out is def). */
int cycle_read_whole(cycle_row *rc, const char *colname, long def, long *out);
/* A decimal number in column colname into *out: its text as written (in
 * the arena), a decimal comma of a ';'-separated file made a point, never
 * converted to binary floating point, so it compares exactly
 * (num_decimal_cmp) and prints as typed. An empty cell gives NULL.
 * Returns 1, or 0 after an error (*out NULL). */
int cycle_read_decimal(cycle_row *rc, const char *colname, const char **out);
/* The node whose id is in column colname (what names the column in the
 * message), or -1: after an error for an unknown id, silently (the row
 * marked bad) for an id whose own row was rejected or when a file of the
 * tree could not be read (L->unread). Needs c->node_ids. */
int cycle_read_node_ref(cycle_row *rc, const char *colname, const char *what);
/* The student whose id is in column colname, or -1 as for
 * cycle_read_node_ref (silently when students.csv could not be read).
 * Needs c->student_ids. */
int cycle_read_student_ref(cycle_row *rc, const char *colname);

/* ---- strings and names (cycle_read.c) ---- */

/* A copy of s in the cycle's arena. */
const char *cycle_read_copy(cycle_loader *L, const char *s);
/* The provisional id of tag s[0..len) or home value s, new ones added. */
int cycle_read_tag_id(cycle_loader *L, const char *s, size_t len);
int cycle_read_home_id(cycle_loader *L, const char *s);
/* Splits a ';'-separated tag list (blanks around tags trimmed, empty
 * entries skipped) into provisional tag ids in an arena array *out (NULL
 * when none); returns their count. */
int cycle_read_tags(cycle_loader *L, const char *s, int **out);
/* The same for the cell of column colname of the row; a full-width '；'
 * or '，' in it separates tags too, with a warning at the cell. */
int cycle_read_tags_cell(cycle_row *rc, const char *colname, int **out);
/* For a row the CSV reader rejected: marks the id in its column colname
 * as CYCLE_READ_BROKEN in ids unless ids knows it already. Returns the id
 * (copied into the arena) when it was marked, else NULL. */
const char *cycle_read_note_broken(cycle_loader *L, const cycle_row *rc, const char *colname,
                                   strmap *ids);

/* ---- the readers of each file, in the order cycle_load calls them ----
 * Each reads its usable files (L->usable) into L->c and reports every
 * problem to L->d; a file that is not usable is skipped. */

/* programs, labs, supervisors (cycle_tree.c): c->nodes in canonical order
 * (depth first, siblings by id), c->leaves and c->node_ids. */
void cycle_tree_read(cycle_loader *L);
/* students.csv (cycle_students.c): c->students by id, c->student_ids. */
void cycle_students_read(cycle_loader *L);
/* preferences.csv (cycle_ranks.c): each student's choices, c->max_rank. */
void cycle_ranks_read_preferences(cycle_loader *L);
/* rankings.csv (cycle_ranks.c): c->rankings, each node's ranking and
 * priority. */
void cycle_ranks_read_rankings(cycle_loader *L);
/* quotas.csv (cycle_quotas.c): c->quotas as written, a tag value as a
 * provisional tag id, other values unresolved until cycle_quotas_resolve. */
void cycle_quotas_read(cycle_loader *L);
/* overrides.csv (cycle_overrides.c): c->overrides, each student's fix and
 * forbids. */
void cycle_overrides_read(cycle_loader *L);
/* lottery.csv (cycle_lottery.c): each student's number and c->lottery;
 * every student of students.csv must have one, and no two the same. */
void cycle_lottery_read(cycle_loader *L);
/* responses.csv (cycle_responses.c): c->responses, one per student; what
 * they mean is rounds.h's. */
void cycle_responses_read(cycle_loader *L);
/* Once tag and home ids are canonical (remap: provisional -> canonical
 * id): resolves quota values, expands '*' rows into one quota per value
 * some student has, and sorts c->quotas (cycle_quotas.c). */
void cycle_quotas_resolve(cycle_loader *L, const int *tag_remap, const int *home_remap);

#endif
