/* mcf.h - exact minimum-cost maximum flow with lexicographic costs, and
 * the check of its optimality certificate.
 *
 * Each arc has an integer capacity and a cost vector of `dim` whole
 * numbers compared lexicographically (component 0 first), so a
 * lexicographic objective is solved in one run, never through big-M
 * weights. mcf_solve finds a maximum s-t flow whose cost is the least
 * among all maximum flows (primal-dual: Dijkstra on reduced costs, then
 * a maximum flow on the arcs of reduced cost zero). The network must be
 * acyclic when it starts (so that negative costs get initial potentials).
 *
 * mcf_certify checks the result independently of how it was found:
 * capacities and conservation; the node potentials make every residual
 * arc's reduced cost lexicographically non-negative (complementary
 * slackness: no cheaper flow of the same value exists); and no residual
 * s-t path is left (the flow is maximum). */
#ifndef MCF_H
#define MCF_H

#include <stddef.h>

typedef struct mcf mcf;

/* A network of nnodes nodes (0..nnodes-1) with cost vectors of dim >= 1
 * components. */
mcf *mcf_new(int nnodes, int dim);
void mcf_free(mcf *g);
/* Adds the arc from -> to with capacity cap >= 0 and cost vector
 * cost[0..dim); returns its index (0, 1, 2, ... in order of addition). */
int mcf_add_arc(mcf *g, int from, int to, long cap, const long *cost);
/* Solves from s to t. Returns 0, or -1 when the network has a cycle
 * (not supported). */
int mcf_solve(mcf *g, int s, int t);
/* The same result in steps: the first `lead` cost components together
 * over all arcs, then each next component alone over the arcs whose
 * reduced costs were zero in every earlier component (the others are at
 * a bound in every optimum of those components), keeping the flow's
 * value. A component alone runs few phases where the joint run's vector
 * distances take many (one per rank for rank-maximal); the potentials of
 * the steps together are the joint certificate, which mcf_certify checks
 * as usual. lead outside 1..dim means dim (the joint run). Returns 0, or
 * -1 when a step's network has a cycle with negative costs or a later
 * step cannot route the excesses the earlier ones left (an earlier step
 * broke complementary slackness: never with exact arithmetic). */
int mcf_solve_staged(mcf *g, int s, int t, int lead);
/* mcf_solve_staged warm: g is prev's network (the same nodes and arcs,
 * in the same order) with only the costs of components from..dim-1
 * changed (1 <= from < dim), solved between the same source and sink
 * (the flow's value is kept). Starts from prev's flow and potentials: the
 * earlier components stay as they were, and each later one moves only
 * the flow its new costs make wrong (prev's potentials, times num / den
 * when the costs were scaled so, price the rest: a hint, whatever its
 * values, as every potential is).
 * Returns 0, or -1 when g is not shaped as prev or a step fails;
 * mcf_certify checks the result as usual. */
int mcf_solve_staged_from(mcf *g, const mcf *prev, int from, long num, long den);
/* The flow on arc `arc` after mcf_solve. */
long mcf_flow(const mcf *g, int arc);
/* After mcf_solve: among the flows of the same value and least cost, moves
 * the flow to the unit arcs arcs[0..narcs) leaving s whose key is lowest,
 * greedily: each arc not carrying flow, lowest key first, takes the flow
 * of the highest-key carrying arc it can replace through a cycle of
 * residual half-arcs of reduced cost zero (which keeps the cost and the
 * certificate). When the carrying sets form the bases of a matroid (one
 * unit per arc from s, as in a transversal or gammoid network), the result
 * is the greedy basis: the most arcs of the lowest key, then of the next.
 * Returns the number of exchanges. */
long mcf_prefer_sources(mcf *g, int s, const int *arcs, const long *key, int narcs);
/* Number of augmenting phases (Dijkstra runs) of the last solve. */
long mcf_phases(const mcf *g);
/* 1 when the certificate holds; else 0 with the first failure in why. */
int mcf_certify(const mcf *g, int s, int t, char *why, size_t whylen);

#endif
