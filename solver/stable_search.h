/* stable_search.h - large stable assignments when priorities tie: the
 * incumbent and the fallback of --stable where deferred acceptance is not
 * exact.
 *
 * Any strict tie-breaking of the priorities turns deferred acceptance
 * into a stable assignment (weakly stable, as SPEC §4 judges ties), but
 * how many it places depends on the tie-breaking. After Király's
 * promotion idea (a student rejected everywhere wins the ties she lost
 * before), the search repeats deferred acceptance with the students left
 * unplaced promoted within their ties, and keeps the assignment that
 * places the most. Priorities are never overridden, only ties: every
 * round's answer is stable. */
#ifndef STABLE_SEARCH_H
#define STABLE_SEARCH_H

#include "admit.h"
#include "cycle.h"
#include "rules.h"

/* Runs up to rounds rounds (stopping early after a few without gain, when
 * every student with a pair is placed, or once clock_seconds() passes
 * deadline, 0: none; a round cut short by it gives nothing),
 * then, when guide is not NULL, as many again guided by a value per
 * admissible pair (e.g. the LP relaxation of the stable model): students
 * placed more in it win ties first, and a student tries the leaves she
 * ranks equally in decreasing value. On success leaf_of (per student, -1
 * unplaced) is the assignment of either pass that places the most; it is
 * stable, meets every side rule of r, and places at least as many as
 * deferred acceptance with ties broken by index. Returns the students it
 * places, or -1 when no round gave a stable assignment meeting the side
 * rules. */
long stable_search(const cycle *c, const admit *a, const rules *r, int rounds, const double *guide,
                   double deadline, int *leaf_of);

#endif
