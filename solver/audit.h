/* audit.h - checking and explaining an assignment without GLPK: the count
 * placed under every node, and for every student the plain-words reason
 * she did not get a better choice. It takes any assignment (one from the
 * solver, or one read from a file) as leaf_of[student] = leaf or -1. */
#ifndef AUDIT_H
#define AUDIT_H

#include "admit.h"
#include "cycle.h"
#include "strbuf.h"

/* Fills count[node] with the students placed in each node's subtree;
 * count has c->nnodes entries. */
void audit_node_counts(const cycle *c, const int *leaf_of, int *count);
/* Fills qcount[q] with the placed students each quota counts. */
void audit_quota_counts(const cycle *c, const int *leaf_of, int *qcount);
/* The rank of student s at leaf as reported: her rank, or 0 when unranked. */
int audit_rank(const cycle *c, int s, int leaf);
/* Appends the reason of student s: her rank, and for each better choice
 * (every choice when unplaced) why she is not there. count and qcount are
 * from audit_node_counts / audit_quota_counts. */
void audit_reason(const cycle *c, const admit *a, const int *leaf_of, const int *count,
                  const int *qcount, int s, strbuf *out);


/* The blocking pairs of an assignment (SPEC §4), as (student, leaf)
 * pairs sorted by student id, then leaf id, into a heap array *out
 * (caller frees). Returns their number. */
typedef struct audit_pair {
    int student, leaf;
} audit_pair;
long audit_blocking_pairs(const cycle *c, const admit *a, const int *leaf_of, audit_pair **out);

#endif
