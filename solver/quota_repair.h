/* quota_repair.h - an assignment that meets the quotas, made from one
 * that meets every other rule (the min-cost flow's optimum without the
 * quotas), for when GLPK finds none in time: the lowest-scored students
 * leave the quotas above their max, then the unplaced, best score first,
 * take their best choice that breaks no capacity and no quota. Not
 * optimal; a feasible answer with a gap instead of none. */
#ifndef QUOTA_REPAIR_H
#define QUOTA_REPAIR_H

#include "admit.h"
#include "cycle.h"
#include "rules.h"

/* Repairs leaf_of (per student, -1 unplaced) in place. Returns 1 when
 * the result meets every rule of r (audit_holds), else 0 with leaf_of
 * unchanged (e.g. a removal broke a minimum, or a quota's min is not
 * met). */
int quota_repair(const cycle *c, const admit *a, const rules *r, int *leaf_of);

#endif
