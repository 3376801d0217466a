/* treeflow.h - the exact fast path for cycles whose rules form a tree:
 * without quotas and stability rows, the student rows and the nested
 * capacity rows (leaf, lab, program) are a network matrix, so every
 * stage of the lexicographic objective is a minimum-cost flow
 *
 *     source -> student (1 seat) -> admissible leaf -> lab -> program -> sink
 *
 * with each node's capacity on its arc to its parent. A student whose
 * pairs cover a node's whole subtree at one rank (she chose a lab or a
 * program and meets every rule below it) has one arc into that node's
 * down copy instead of one per leaf; down arcs lead from it to its
 * children's, and so to the leaves. Minimums and
 * must-place students (fixes, --require-all) are lower bounds, put first
 * in the lexicographic cost (with an "unplaced" arc per student to the
 * sink when the most placements would miss them); whole-cycle quotas
 * over home or year become arcs source -> group -> student with their
 * max and min. Every later
 * stage of stages.h is one more cost component, solved exactly by
 * mcf.h's staged run (the first components together, then each next on
 * the optimal face of the earlier ones), and the certificate of all of
 * them is checked before the answer is used. */
#ifndef TREEFLOW_H
#define TREEFLOW_H

#include <stddef.h>

#include "admit.h"
#include "cycle.h"
#include "rules.h"
#include "stages.h"

enum treeflow_outcome {
    TREEFLOW_SOLVED = 0,   /* leaf_of is a certified optimum */
    TREEFLOW_UNMET = 1,    /* no assignment meets the minimums and the
                              must-place students (why says so), or the
                              network would be too large: let the general
                              model decide */
    TREEFLOW_UNCERTIFIED = 2 /* the certificate failed (why says where) */
};

/* What decides among the optimal assignments. */
enum treeflow_merit {
    TREEFLOW_MERIT_NONE = 0, /* whatever the augmenting order gives */
    /* the one that places the best scores: the placed sets of the optimal
       flows are the bases of a matroid, and mcf_prefer_sources turns the
       flow into the greedy basis by score (admit.h's score_key) */
    TREEFLOW_MERIT_EXCHANGE,
    /* the same set by one more cost component (the student's place by
       score on her arc from the source): exact too, but each distinct
       score costs Dijkstra phases (25 s instead of 0.3 s on 10,000
       students), so only the tests use it, as an oracle */
    TREEFLOW_MERIT_COST
};

/* Whether r's quotas in force (at least one) stay a network: all count
 * the whole cycle, over one field that gives each student at most one
 * value (home or year). Their groups of students are then disjoint, and
 * each quota is a capacity (its max) and a lower bound (its min) on an
 * arc source -> group, from which the group's students' arcs leave. */
int treeflow_quotas_in_network(const cycle *c, const rules *r);

/* Solves the stages st[0..nstages) under the minimums and must-place
 * students of r, and, with with_quotas set and treeflow_quotas_in_network,
 * under its quotas as group arcs; other quotas are ignored (the caller
 * checks them), and so is stability. merit decides among the optimal
 * assignments (the exchanges only without quota groups: they need the
 * students' arcs at the source). Fills leaf_of (per student, -1
 * unplaced), *phases (Dijkstra runs) and *exchanges
 * (mcf_prefer_sources'). The certificate is checked last. When the most
 * placements leave a lower bound unmet, a second run puts the lower
 * bounds first (then the placements, then the stages; no exchanges), and
 * why says so on TREEFLOW_SOLVED. */
enum treeflow_outcome treeflow_solve(const cycle *c, const admit *a, const rules *r,
                                     const stage_def *st, int nstages, enum treeflow_merit merit,
                                     int with_quotas, int *leaf_of, long *phases,
                                     long *exchanges, char *why, size_t whylen);

/* treeflow_solve with disjoint groups of the caller's instead of r's
 * quotas (lagrange.h's classes): group_of per student (-1: in none),
 * gmax (-1: no maximum) and gmin per group; no exchanges. */
enum treeflow_outcome treeflow_solve_groups(const cycle *c, const admit *a, const rules *r,
                                            const stage_def *st, int nstages,
                                            const int *group_of, int ngroups, const long *gmax,
                                            const long *gmin, int *leaf_of, long *phases,
                                            char *why, size_t whylen);

/* What treeflow_priced keeps between calls on one cycle: its last
 * network, whose flow and potentials start the next one (zero-initialise;
 * treeflow_warm_release frees it). */
typedef struct treeflow_warm {
    struct mcf *g;
    long scale; /* its pair_scale */
} treeflow_warm;
void treeflow_warm_release(treeflow_warm *w);

/* The priced flow of a Lagrangian bound (lagrange.h): among the
 * assignments that meet r's minimums and must-place students (quotas
 * ignored), one of least
 *     sum over placed students of pair_scale x pair_stage's coefficient
 *       (none when pair_stage is NULL)
 *   + sum over unplaced students s of unplaced_cost[s]
 * (costs may be negative), over the students with an admissible pair,
 * and with exactly `placed` placements when placed >= 0. Fills leaf_of
 * and *value (that least cost, exact); TREEFLOW_UNMET when no such
 * assignment meets the lower bounds. Certified like treeflow_solve.
 * warm (NULL: none) carries the network from one call to the next with
 * the same cycle, rules, pair_stage and placed, only the costs changed:
 * the flow then starts from the last one. */
enum treeflow_outcome treeflow_priced(const cycle *c, const admit *a, const rules *r,
                                      const stage_def *pair_stage, long pair_scale,
                                      const long *unplaced_cost, long placed,
                                      treeflow_warm *warm, int *leaf_of, long *value,
                                      long *phases, char *why, size_t whylen);

#endif
