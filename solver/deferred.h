/* deferred.h - the student-optimal stable assignment by student-proposing
 * deferred acceptance, the fast path of --stable.
 *
 * It applies when the theory guarantees the answer: strict priorities at
 * every capacitated node among the students who can reach it, students'
 * ranks strict over their admissible leaves, the capacitated nodes on
 * each leaf's path sharing one priority order (so rejecting the lowest
 * student at the lowest full node is each node's own choice), and fixes
 * naming leaves. Then deferred acceptance yields the stable assignment
 * that every student weakly prefers to any other stable one: it places
 * the most students any stable assignment places, and is optimal for
 * rank-sum, rank-maximal and generous alike. Minimums, quotas and
 * --require-all are not part of stability; when the result meets them it
 * is optimal with them too, else the general model must decide. */
#ifndef DEFERRED_H
#define DEFERRED_H

#include <stddef.h>

#include "admit.h"
#include "cycle.h"
#include "rules.h"

enum deferred_outcome {
    DEFERRED_SOLVED = 0,       /* leaf_of is the certified optimum */
    DEFERRED_NOT_APPLICABLE = 1, /* why says which condition fails */
    DEFERRED_UNMET = 2,        /* stable, but misses a minimum, a quota or a
                                  must-place student */
    DEFERRED_UNCERTIFIED = 3,  /* the stability check failed (a defect) */
    /* strict priorities and preferences, capacities at the leaves only,
       and the stable assignment misses a minimum, a must-place student or
       a cycle-wide quota: by the rural hospitals theorem every stable
       assignment places the same students and the same number at every
       leaf, so none meets that rule (why names it and the theorem) */
    DEFERRED_IMPOSSIBLE = 4,
    DEFERRED_TIME_LIMIT = 5 /* deferred_ties.deadline passed first */
};

/* Runs deferred acceptance when it applies; on DEFERRED_SOLVED, leaf_of
 * (per student, -1 unplaced) has no blocking pair (checked with audit.h)
 * and meets every side rule of r. On DEFERRED_UNMET leaf_of still holds
 * the stable assignment found.
 * break_ties: ties in priorities and in students' ranks are broken by
 * index (student, then leaf): the result is stable (weakly, as SPEC §4
 * judges ties) but with ties not necessarily optimal; DEFERRED_SOLVED
 * then only means stable and meeting the side rules. */
enum deferred_outcome deferred_solve(const cycle *c, const admit *a, const rules *r,
                                     int break_ties, int *leaf_of, char *why, size_t whylen);
/* How deferred_solve_ties breaks ties. */
typedef struct deferred_ties {
    const int *tie_rank;       /* per student, a permutation of
                                  0..nstudents-1: at a node, lower wins a
                                  tie in priority; NULL: student index */
    const double *pair_weight; /* per pair: among the leaves a student
                                  ranks equally, higher first (then one
                                  with a free seat, then leaf index);
                                  NULL: none */
    double deadline;           /* clock_seconds() at which the run stops
                                  (DEFERRED_TIME_LIMIT); 0: never */
} deferred_ties;

/* deferred_solve with break_ties, the ties broken as ties says. */
enum deferred_outcome deferred_solve_ties(const cycle *c, const admit *a, const rules *r,
                                          const deferred_ties *ties, int *leaf_of, char *why,
                                          size_t whylen);

#endif
