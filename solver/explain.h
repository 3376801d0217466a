/* explain.h - why a cycle has no feasible assignment, in terms of
 * students, nodes, minimums and quotas (SPEC §6, exit 3). No GLPK: it
 * counts, and for --require-all it finds a set of students who together
 * have fewer seats than students (a violated Hall condition) from a
 * maximum assignment that the caller computed without the side rules. */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "rules.h"

/* Adds one error per reason found to d; returns how many were found
 * (0: none of these simple counts explains it). r gives who must be
 * placed (the minimums and quotas are counted as written).
 * max_leaf_of (may be NULL) is an assignment with the most placements
 * under capacities and admissibility only. */
int explain_infeasible(const cycle *c, const admit *a, const rules *r, const int *max_leaf_of,
                       diag *d);

#endif
