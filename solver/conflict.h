/* conflict.h - which side rules of an infeasible cycle cannot hold
 * together: a deletion filter over feasibility solves (model) that leaves
 * a set of minimums, quotas and fixed placements such that dropping any
 * one of them makes the cycle feasible. */
#ifndef CONFLICT_H
#define CONFLICT_H

#include "admit.h"
#include "cycle.h"
#include "diag.h"
#include "model.h"

/* Adds one error naming the conflicting rules to d and returns 1, or
 * returns 0 when the cycle is feasible without any side rule or the
 * filter could not finish within budget seconds (then nothing is added
 * unless a smaller infeasible set was already found, which is reported as
 * not proven minimal). base gives require_all and stable. */
int conflict_find(const cycle *c, const admit *a, const model_params *base, double budget,
                  diag *d);

#endif
