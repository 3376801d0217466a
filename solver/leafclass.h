/* leafclass.h - interchangeable leaves merged into one before solving.
 *
 * Sibling leaves that no rule tells apart — no minimum, no eligibility
 * rule or ranking of their own, never named by a choice, an override or
 * a quota's scope — are the same seat to every student: she reaches them
 * only through a common ancestor, so her admissibility, rank and priority
 * are the same at each (SPEC §3, §4). Such a class is solved as one leaf
 * whose capacity is the sum of theirs (unlimited when one is), and the
 * students placed there are then dealt out to the members. Every stage
 * value, every capacity and side rule, and stability carry over both ways,
 * so the answer stays exact; a program of 100,000 identical supervisors
 * chosen by 100 students becomes 100 pairs instead of 10,000,000. */
#ifndef LEAFCLASS_H
#define LEAFCLASS_H

#include "cycle.h"

typedef struct leafclass {
    cycle *reduced; /* the cycle with each class as one leaf (its first
                       member's id); NULL when no two leaves merge */
    int *first;     /* reduced leaf r holds the original leaves */
    int *member;    /*   member[first[r] .. first[r + 1]), by index */
    int merged;     /* original leaves merged away */
} leafclass;

/* Finds the classes of c and builds the reduced cycle (which shares c's
 * strings: c must outlive it). lc->reduced is NULL when nothing merges. */
void leafclass_init(leafclass *lc, const cycle *c);
void leafclass_release(leafclass *lc);
/* Maps an assignment of the reduced cycle (reduced_leaf_of, leaf indices
 * of lc->reduced, -1 unplaced) to one of c: the students of a class, by
 * index, fill its members in order up to each member's capacity. */
void leafclass_expand(const leafclass *lc, const cycle *c, const int *reduced_leaf_of,
                      int *leaf_of);

#endif
