/* oracle.h - exhaustive answers for tiny cycles (about 6 students and 6
 * leaves), with the rules of SPEC §3-§5 written again here: the side rules
 * (minimums, must-place students, quotas), the priorities, the blocking
 * pairs and the objectives are judged by this module's own code. From the
 * engine it takes only the loaded cycle (tree, students, rankings, quotas)
 * and the admissible pairs of admit.h, so that a solver's answer can be
 * checked against something that shares none of its logic. */
#ifndef ORACLE_H
#define ORACLE_H

#include "admit.h"
#include "cycle.h"
#include "objective.h"
#include "rules.h"

/* The longest objective key: placements and one count per rank 1..R+1. */
#define ORACLE_KEYMAX 64

/* Calls visit for every assignment (leaf_of: per student a leaf index or
 * -1) that uses admissible pairs only and respects every capacity, and
 * stops when visit returns nonzero. leaf_of is only valid during the call.
 * Returns the number of assignments visited. */
long oracle_each(const cycle *c, const admit *a, int (*visit)(const int *leaf_of, void *ctx),
                 void *ctx);

/* Whether leaf_of uses admissible pairs only and respects every capacity. */
int oracle_capacities(const cycle *c, const admit *a, const int *leaf_of);
/* Whether leaf_of meets the side rules of r: every minimum in force, every
 * must-place student placed (within her fix when she has one), and, when
 * quotas is set, every quota in force. Capacities are not judged. */
int oracle_side_rules(const cycle *c, const rules *r, const int *leaf_of, int quotas);

/* Whether student s is strictly above student t at node n (SPEC §4): the
 * nearest ranking at n or above it (a student off it ranks below all who
 * are on it), else the score (higher first, none last), else nobody is;
 * with a lottery (c->lottery), where those tie, the lower number. */
int oracle_above(const cycle *c, int n, int s, int t);
/* The number of blocking pairs of leaf_of (SPEC §4; a fixed student never
 * blocks and is above everyone where she is held). */
int oracle_blocking(const cycle *c, const admit *a, const int *leaf_of);

/* Student s's rank at her leaf in leaf_of (R+1 when unranked), or
 * ORACLE_UNPLACED. */
#define ORACLE_UNPLACED 1000000
int oracle_rank(const admit *a, const int *leaf_of, int s);

/* The objective of SPEC §5 as a key to maximise lexicographically:
 * placements, then the rank sum negated (rank-sum), the counts at ranks
 * 1..R+1 (rank-maximal) or the counts at ranks R+1..1 negated (generous).
 * Fills key and returns its length (at most ORACLE_KEYMAX; the cycle must
 * have R+2 <= ORACLE_KEYMAX). */
int oracle_key(const cycle *c, const admit *a, enum objective o, const int *leaf_of, long *key);
/* <0, 0, >0 as key x is worse than, equal to or better than key y. */
int oracle_key_cmp(const long *x, const long *y, int n);

/* The best key over the assignments that respect the capacities and the
 * side rules of r (quotas when quotas is set) and, when stable is set,
 * have no blocking pair. Returns 1 with key (and witness, per student,
 * when not NULL) filled, or 0 when there is no such assignment. */
int oracle_optimum(const cycle *c, const admit *a, const rules *r, enum objective o, int stable,
                   int quotas, long *key, int *witness);

#endif
