/* conflict.h - which side rules of an infeasible cycle cannot hold
 * together: a deletion filter over feasibility solves (solve.h) that leaves
 * a set of minimums, quotas and fixed placements such that dropping any
 * one of them makes the cycle feasible. */
#ifndef CONFLICT_H
#define CONFLICT_H

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "rules.h"

/* Adds one error naming the conflicting rules to d and returns 1, or
 * returns 0 when the cycle is feasible without any side rule or the
 * filter could not finish within budget seconds (then nothing is added
 * unless a smaller infeasible set was already found, which is reported as
 * not proven minimal). r gives the rules of the run (require_all; its own
 * relaxations are not used), stable whether only stable assignments
 * count. */
int conflict_find(const cycle *c, const admit *a, const rules *r, int stable, double budget,
                  diag *d);

#endif
