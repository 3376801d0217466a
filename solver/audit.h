/* audit.h - checking and explaining an assignment without GLPK: the count
 * placed under every node, the capacities and side rules it breaks (the
 * one check every method and verify use), its blocking pairs, and for
 * every student the plain-words reason she did not get a better choice.
 * It takes any assignment (one from a method, or one read from a file) as
 * leaf_of[student] = leaf or -1. */
#ifndef AUDIT_H
#define AUDIT_H

#include "admit.h"
#include "cycle.h"
#include "rules.h"
#include "strbuf.h"

#include <stdio.h>

/* Fills count[node] with the students placed in each node's subtree;
 * count has c->nnodes entries. */
void audit_node_counts(const cycle *c, const int *leaf_of, int *count);
/* Fills qcount[q] with the placed students each quota counts. */
void audit_quota_counts(const cycle *c, const int *leaf_of, int *qcount);
/* A rule an assignment breaks: a capacity, or a side rule of r. */
enum audit_rule {
    AUDIT_CAPACITY,   /* index: node; count above its capacity */
    AUDIT_MIN,        /* index: node; count below the minimum in force */
    AUDIT_QUOTA_MIN,  /* index: quota; count below its min */
    AUDIT_QUOTA_MAX,  /* index: quota; count above its max */
    AUDIT_MUST_PLACE  /* index: student; unplaced, or outside her fix */
};
typedef struct audit_breach {
    enum audit_rule rule;
    int index;
    int count;
} audit_breach;

/* The capacities and side rules of r that leaf_of breaks, nodes first
 * (capacity, then minimum, by node), then quotas, then students. Returns
 * their number with a heap array in *out (caller frees; NULL when none). */
long audit_breaches(const cycle *c, const rules *r, const int *leaf_of, audit_breach **out);
/* Whether leaf_of meets every capacity and side rule of r; when not, and
 * first is not NULL, *first is the first breach in audit_breaches' order. */
int audit_holds(const cycle *c, const rules *r, const int *leaf_of, audit_breach *first);
/* Whether student s breaks her must-place rule: she must be placed under
 * r and is not, or she is placed outside the node of her fix. */
int audit_misplaced(const cycle *c, const rules *r, const int *leaf_of, int s);
/* The rank of student s at leaf as reported: her rank, or 0 when unranked. */
int audit_rank(const cycle *c, int s, int leaf);
/* The rank profile of an assignment. */
typedef struct audit_profile {
    long placed;
    long total_rank; /* unranked placements count R+1 */
    long *count;     /* count[r], r = 1..R; count[R+1]: unranked (heap) */
    int max_rank;    /* R */
} audit_profile;

/* Fills p for leaf_of; release with audit_profile_release. */
void audit_profile_init(audit_profile *p, const cycle *c, const int *leaf_of);
void audit_profile_release(audit_profile *p);
/* Prints "rank profile: 1=N 2=N ... unranked=N" and a newline. */
void audit_profile_print(const audit_profile *p, FILE *out);

/* Per node: the placed, non-fixed student of lowest priority there (-1
 * when none), into weakest (c->nnodes entries). Fixed students count as
 * above everyone where they are held, so they are never the weakest. */
void audit_weakest(const cycle *c, const admit *a, const int *leaf_of, int *weakest);

/* What the reasons of one assignment need, computed once. */
typedef struct audit_view {
    const cycle *c;
    const admit *a;
    const int *leaf_of;
    int *count;   /* audit_node_counts */
    int *qcount;  /* audit_quota_counts */
    int *weakest; /* audit_weakest */
} audit_view;

void audit_view_init(audit_view *v, const cycle *c, const admit *a, const int *leaf_of);
void audit_view_release(audit_view *v);
/* Appends the reason of student s: her rank, and for each better choice
 * (every choice when unplaced) why she is not there: ineligible (which
 * rule), not on a ranker's list, forbidden, a full place (naming its
 * lowest-priority holder, and whether that holder is below her, i.e. the
 * seat was traded for a better result overall), or a quota at its max. */
void audit_reason(const audit_view *v, int s, strbuf *out);


/* The blocking pairs of an assignment (SPEC §4), as (student, leaf)
 * pairs sorted by student id, then leaf id, into a heap array *out
 * (caller frees). Returns their number. */
typedef struct audit_pair {
    int student, leaf;
} audit_pair;
long audit_blocking_pairs(const cycle *c, const admit *a, const int *leaf_of, audit_pair **out);

#endif
