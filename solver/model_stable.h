/* model_stable.h - the stability rows of the integer program (SPEC §4),
 * exact and linear in the admissible pairs.
 *
 * For each capacitated node v, the distinct standings of the students
 * who can reach it (fixed students first, then by priority) are its
 * levels, and a count column h[v,l] holds the students placed below v at
 * levels 0..l (a chain of equalities: each pair appears once per node).
 * A binary y[s,v] for each non-fixed student s and capacitated node v on
 * her paths may be 1 only when h[v, her level] minus her own pairs below
 * v reaches v's capacity: v is full with others at least as high as she
 * is. Each admissible pair (s,t) then must not block: she holds a leaf
 * she ranks at least as well as t, or y[s,v] = 1 at a node v on t's path.
 * This replaces rows that listed every applicant at least as high (the
 * "dummy variable" idea of Delorme et al., EJOR 2019), with the same LP
 * relaxation and a matrix linear in the pairs times the depth. Pairs the
 * builder marks unused (no stable assignment holds them: stable_prune.h)
 * keep their "must not block" row but count towards no level, so fewer
 * y columns are made and the rows are shorter. */
#ifndef MODEL_STABLE_H
#define MODEL_STABLE_H

#include "admit.h"
#include "cycle.h"

struct builder;

/* Adds the columns and rows above to the builder's problem. */
void model_stable_rows(const cycle *c, const admit *a, struct builder *b);
/* An upper bound on the nonzeros the stability rows add, from the
 * students' list lengths and the tree's depth. No GLPK call. */
double model_stable_size(const cycle *c, const admit *a);

#endif
