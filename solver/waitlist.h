/* waitlist.h - per leaf, the students who would take a seat there if one
 * freed up (waitlist.csv), in the order of the priority that decides at
 * the leaf. Plain data for the writers; no file is read or written here.
 *
 * Student s is on leaf t's waitlist when (s, t) is admissible, s is not
 * fixed, s is unplaced or ranks t strictly better than her leaf, t has a
 * seat at all (no capacity 0 on its path), and the move breaks no minimum
 * or quota, judged on the assignment as if one seat at t were free: s
 * leaving her leaf takes no node on its path outside t's path below its
 * min and no quota counting her there but not at t below its min;
 * entering takes no quota counting her at t but not at her leaf above
 * its max. Capacities on t's path do not count (a seat is supposed
 * freed). Order: admit_priority_key at t (lower first), then student
 * index (her id, bytewise). */
#ifndef WAITLIST_H
#define WAITLIST_H

#include "admit.h"
#include "cycle.h"
#include "status.h"

typedef struct waitlist_entry {
    int leaf;    /* leaf index */
    int student;
    int key;     /* her admit_priority_key at the leaf */
} waitlist_entry;

/* The waitlists of one assignment; the caller owns the struct
 * (waitlist_init, waitlist_release). */
typedef struct waitlist {
    waitlist_entry *v; /* leaf by leaf in leaf index order, each leaf's
                          students in waitlist order (heap) */
    long n;
    long *first;       /* leaf t's list is v[first[t]] .. v[first[t + 1] - 1]
                          (c->nleaves + 1 entries, heap) */
    int nleaves;
} waitlist;

/* Computes the waitlist of every leaf of c for the assignment leaf_of
 * (per student a leaf index or -1; any assignment, also one that breaks
 * rules). Costs about O(the pairs it lists and the ranges of pairs ranked
 * above a student's seat, x path length + quotas counting each student).
 * w is overwritten, not released; release it with waitlist_release.
 * Returns ST_OK, or ST_TIME_LIMIT with w empty when clock_seconds()
 * passes deadline first (0: no deadline). */
status waitlist_init(waitlist *w, const cycle *c, const admit *a, const int *leaf_of,
                     double deadline);
void waitlist_release(waitlist *w);

#endif
