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
#include "stages.h"
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
/* The rank profile of an assignment, over the ranks in use (c->ranks):
 * its size follows the distinct ranks written, never the largest. */
typedef struct audit_profile {
    long placed;
    long total_rank;  /* unranked placements count R+1 */
    long *count;      /* count[i]: placed at rank ranks[i], i < nranks;
                         count[nranks]: unranked (heap) */
    const int *ranks; /* the cycle's ranks in use, ascending (not owned) */
    int nranks;
    int max_rank;     /* R */
} audit_profile;

/* Fills p for leaf_of; release with audit_profile_release. p borrows
 * c->ranks, so c must outlive it. */
void audit_profile_init(audit_profile *p, const cycle *c, const int *leaf_of);
void audit_profile_release(audit_profile *p);
/* Prints "rank profile: 1=N 2=N ... unranked=N" (the ranks in use) and a
 * newline. */
void audit_profile_print(const audit_profile *p, FILE *out);

/* Per node: the placed, non-fixed student of lowest priority there (-1
 * when none), into weakest (c->nnodes entries). Fixed students count as
 * above everyone where they are held, so they are never the weakest. */
void audit_weakest(const cycle *c, const admit *a, const int *leaf_of, int *weakest);

/* What the reasons of one assignment need, computed once. */
typedef struct audit_view {
    const cycle *c;
    const admit *a;
    const rules *r;           /* the side rules in force */
    const stage_def *stages;  /* the objective's stages (nstages) */
    int nstages;
    const int *leaf_of;
    int *count;               /* audit_node_counts */
    int *qcount;              /* audit_quota_counts */
    int *weakest;             /* audit_weakest */
    long *stage_value;        /* each stage's value for leaf_of */
} audit_view;

/* stages: the stages of the objective the assignment was solved for
 * (stages_plan), against which the reasons weigh a trade. */
void audit_view_init(audit_view *v, const cycle *c, const admit *a, const rules *r,
                     const stage_def *stages, int nstages, const int *leaf_of);
void audit_view_release(audit_view *v);

/* A one-seat trade a reason weighs: student s takes leaf; when a place on
 * its path is full, the lowest-priority holder of the lowest full place
 * (which frees a seat in every full place above it too) leaves her seat,
 * for s's old seat when she is placed and that seat is admissible for the
 * holder, else for none. */
typedef struct audit_trade {
    int student, leaf;
    int out, out_from, out_to; /* the holder who leaves (-1: none needed),
                                  her leaf and where she goes (-1: none) */
    int broken;                /* the trade breaks a rule: breach */
    audit_breach breach;
    int stage;    /* when it breaks none: the first stage whose value it
                     changes, -1 when none (equally good) */
    long before, after; /* that stage's value now and after the trade */
    int worse;    /* after is worse than before */
} audit_trade;

/* What stops student s from taking leaf at once: the lowest full place on
 * the path to leaf that does not hold her already (node, -1 when a seat is
 * free all the way), and its lowest-priority non-fixed holder (holder, -1
 * when none or no such place). For a blocking pair, the holder is someone
 * she outranks there: the student she would displace. */
typedef struct audit_stop {
    int node, holder;
} audit_stop;
audit_stop audit_pair_stop(const audit_view *v, int s, int leaf);
/* audit_pair_stop, with the priorities there as blocking_pairs.csv writes
 * them: basis is what orders students at the stop (admit_priority_describe:
 * "ranking:NODE" or "score"), student and holder their values. The three
 * are reset first and left empty without a stop (holder also without a
 * holder). */
audit_stop audit_pair_priorities(const audit_view *v, int s, int leaf, strbuf *basis,
                                 strbuf *student, strbuf *holder);

/* Builds and weighs the trade of student s into leaf (not her own). */
void audit_trade_weigh(const audit_view *v, int s, int leaf, audit_trade *t);

/* Appends the reason of student s: her rank, and for each better choice
 * (every choice when unplaced) why she is not there: ineligible (which
 * rule), not on a ranker's list, forbidden, a full place (naming its
 * lowest-priority holder, and when that holder is below her, what the
 * trade of the two would do: the rule it breaks or the stage it loses,
 * or that it would be equally good and how the tie was settled), a quota
 * at its max, or an open seat and what taking it would do. */
void audit_reason(const audit_view *v, int s, strbuf *out);


/* The blocking pairs of an assignment (SPEC §4), as (student, leaf)
 * pairs sorted by student id, then leaf id, into a heap array *out
 * (caller frees). Returns their number, or -1 with *out NULL when
 * clock_seconds() passes deadline first (0: no deadline). The work
 * follows the students' ranges and the pairs that block: a place that
 * refuses her is judged once for all her leaves below it. */
typedef struct audit_pair {
    int student, leaf;
} audit_pair;
long audit_blocking_pairs(const cycle *c, const admit *a, const int *leaf_of, double deadline,
                          audit_pair **out);

#endif
