/* stable_prune.h - admissible pairs that no stable assignment uses, found
 * before the stable model is built (the preprocessing of Pettersson,
 * Delorme, García, Gondzio, Kalcsics and Manlove, Comput. Oper. Res.
 * 2021, carried to nested capacities).
 *
 * The rule, at a node u with a capacity: let F be the students whose one
 * best remaining leaf (no other at that rank) lies below u with no
 * capacity between that leaf and u, and the fixed students held below u.
 * In a stable assignment each member of F sits at that leaf, or the leaf's
 * path has a full place whose holders all stand at least as high as her
 * there (else she blocks). So when at least capacity(u) members of F stand
 * strictly above student r at u and at every capacitated place above u,
 * either they fill u, or a full place at or above u holds only students at
 * least as high as one of them: in both cases r has no seat below u, and
 * her pairs there are removed. Removing pairs makes new best leaves, so
 * the rule runs until nothing changes (a member whose best pair is removed
 * meanwhile still prefers that leaf to any seat she can have, so she
 * still counts). Minimums and quotas only narrow the stable assignments,
 * so the pairs stay unused under them too. */
#ifndef STABLE_PRUNE_H
#define STABLE_PRUNE_H

#include "admit.h"
#include "cycle.h"
#include "rules.h"

/* Marks in unused (npairs entries, already holding pairs known unused)
 * every pair that no stable assignment placing r's must-place students
 * uses, by the rule above (a fixed student counts as held at her fix's
 * leaf only when r says she must be placed). Returns the number of pairs
 * it marked. */
long stable_prune(const cycle *c, const admit *a, const rules *r, unsigned char *unused);

#endif
