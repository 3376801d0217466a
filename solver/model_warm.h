/* model_warm.h - a starting basis for a stage of the integer program,
 * built from an assignment the min-cost flow found without the quotas
 * (issue 12: GLPK from a warm basis, not from scratch). Internal to the
 * model's files (it includes GLPK's header through model_rows.h).
 *
 * Without quota rows the model's LP is a network: student rows, node rows
 * and (from the second stage) the placements row are arcs of a tree-shaped
 * flow, the pair columns the arcs from students into the tree. An optimal
 * flow of that network has node potentials (found here by shortest paths
 * in its residual network) and, once they are shifted where the arcs of
 * reduced cost zero leave the network in pieces, a spanning tree of such
 * arcs: a basis that is optimal for the network, in which every quota row
 * is basic on its slack. It is dual feasible for the whole LP and primal
 * infeasible only where the flow breaks a quota, so GLPK's dual simplex
 * has only the quotas' work left. */
#ifndef MODEL_WARM_H
#define MODEL_WARM_H

#include "admit.h"
#include "cycle.h"
#include "model_rows.h"

/* Sets lp's basis for its current objective from leaf_of (per student,
 * her leaf or -1), when leaf_of is optimal for that objective without the
 * quota rows. student_row[s] and node_row[n] are the rows of students and
 * nodes (0: none); stage_row is the placements row of an earlier stage
 * (sum of every pair at least its optimum; 0: none). Every other row must
 * be a quota row. Returns 1 with the basis set; 0 (lp untouched) when
 * leaf_of breaks a bound of the network, is not optimal for it, or the
 * search for potentials runs past its bound of work. */
int model_warm_basis(glp_prob *lp, const cycle *c, const admit *a, const int *student_row,
                     const int *node_row, int stage_row, const int *leaf_of);

#endif
