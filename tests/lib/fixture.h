/* fixture.h - a cycle for a module test: CSV files given as strings, or a
 * generated cycle (gencycle.h), written into a fresh temporary folder, read
 * with cycle_load and turned into admissible pairs with admit_build; and
 * assignments shown as one line ("s1=A s2=- s3=C") so that a test compares
 * them with CHECK_STR. A cycle that cannot be written or read is a broken
 * test, not a failed check: it prints the loader's messages and exits 1. */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stddef.h>

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "gencycle.h"

typedef struct fixture {
    char dir[256]; /* the temporary folder, removed by fixture_release */
    cycle *c;      /* owned */
    admit *a;      /* owned */
    diag d;        /* the loader's and admit_build's warnings */
} fixture;

/* Writes the files given as name, contents pairs (the list ends with NULL)
 * into a fresh folder and loads it into f. A file not named is absent. */
void fixture_load(fixture *f, const char *name, ...) __attribute__((sentinel));
/* The same for a generated cycle, written in the plain style. */
void fixture_load_gen(fixture *f, const gencycle *g);
/* Frees the cycle, the pairs and the messages and removes the folder. */
void fixture_release(fixture *f);

/* Student, node and leaf index of an id; an unknown id exits 1. */
int fixture_student(const fixture *f, const char *id);
int fixture_node(const fixture *f, const char *id);
int fixture_leaf(const fixture *f, const char *id);

/* Writes "ID=LEAF ..." for every student in index order (by id), "-" for
 * an unplaced student, into buf (len bytes, cut to fit); returns buf. */
const char *fixture_show(const fixture *f, const int *leaf_of, char *buf, size_t len);

#endif
