/* merit.h - merit among equally good assignments (without --stable): a
 * post-pass over any method's answer that swaps an unplaced student in
 * for a placed one of lower priority wherever the swap is free, until no
 * free swap is left.
 *
 * A swap (s in, s' out at leaf t) is free when s is unplaced, s' holds t
 * and is neither fixed nor required to be placed, s has t as an
 * admissible pair at the same rank as s', s is strictly above s' at every
 * node on t's path, and every quota in force still holds afterwards.
 * Capacities and minimums count the same students before and after, and
 * every stage of the objective keeps its value (same placements, same
 * ranks), so the result stays optimal. */
#ifndef MERIT_H
#define MERIT_H

#include "admit.h"
#include "cycle.h"
#include "rules.h"

/* Applies free swaps to leaf_of (per student, -1 unplaced) in canonical
 * order (students by index, their pairs by leaf) until none is left, or
 * until a bound on the swaps is reached (rankings that disagree between
 * places could otherwise trade two students back and forth). Returns the
 * number of swaps made. */
long merit_swap(const cycle *c, const admit *a, const rules *r, int *leaf_of);

#endif
