/* admit.h - admissible (student, leaf) pairs of SPEC §3 and the reason a
 * pair is not admissible, in words a coordinator reads. The pairs are kept
 * as ranges of consecutive leaves at one rank (a choice of a node is one
 * entry, not one per leaf below it); an iterator gives them one at a time
 * to the code that needs single pairs.
 *
 * A pair is admissible when the student ranks the leaf or an ancestor of
 * it (her rank is the best such rank), meets min_year, min_gpa and requires
 * of every node on the path, is listed by every ranker on the path and is
 * not forbidden there. A fix override makes every non-forbidden leaf under
 * its node admissible (unranked ones at rank R+1) and drops her pairs
 * outside it, since she must be placed within it. */
#ifndef ADMIT_H
#define ADMIT_H

#include "cycle.h"
#include "diag.h"
#include "strbuf.h"

/* One admissible pair, as admit_next and admit_find give it. */
typedef struct admit_pair {
    int student;
    int leaf;   /* leaf index */
    int rank;   /* her rank; R+1 when unranked (fixed placement) */
    int ranked; /* 0: admissible only through her fix */
    long index; /* its place among all pairs, by student, then leaf
                   (0..npairs-1): the index of arrays kept per pair */
} admit_pair;

/* A run of one student's admissible pairs at one rank: the leaves
 * [leaf_lo, leaf_hi), consecutive in leaf order. The leaves of a subtree
 * are consecutive, so a choice of a node she meets every rule below is one
 * range, however many leaves it holds (a program of 100,000 supervisors:
 * one entry, not 100,000 pairs). */
typedef struct admit_range {
    int student;
    int leaf_lo, leaf_hi;
    int rank;   /* as admit_pair */
    int ranked;
    long first; /* the index of the pair (student, leaf_lo) */
} admit_range;

/* Why a (student, leaf) pair is not admissible. */
enum admit_rule {
    ADMIT_OK = 0,
    ADMIT_NOT_RANKED, /* she did not rank the leaf or an ancestor */
    ADMIT_YEAR,       /* below min_year (or no year) */
    ADMIT_GPA,        /* below min_gpa (or no gpa) */
    ADMIT_TAG,        /* lacks a required tag */
    ADMIT_RANKER,     /* not on the node's ranking */
    ADMIT_FORBID,     /* a forbid override covers the leaf */
    ADMIT_OUTSIDE_FIX /* she is fixed within another node */
};

typedef struct admit_check {
    enum admit_rule rule;
    int node; /* the node whose rule fails, -1 */
    int tag;  /* for ADMIT_TAG */
} admit_check;

typedef struct admit {
    /* by student, then leaf; two ranges of a student that meet differ in
       rank (else they are one) */
    admit_range *ranges;
    int nranges;
    int *range_first;  /* student s owns ranges [range_first[s], range_first[s+1]) */
    long npairs;       /* the pairs the ranges hold */
    int unranked_rank; /* R+1 */
    int *score_key;    /* per student: her place by score, highest first,
                          equal scores sharing one key, no score last;
                          with a lottery (c->lottery) equal scores, and
                          students without one, ordered by the lower
                          number: every key distinct */
    /* With a lottery only (NULL without): per student her place by number
       (0: the lowest number), and per entry of each ranking (ranking r's
       entries from ranking_first[r], in their order) her place on it,
       1..count, by rank and then number. */
    int *lottery_key;
    int *ranking_first;
    int *ranking_key;
} admit;

/* Computes the admissible pairs of c into a heap admit (admit_free).
 * Adds a warning for each fix override that bypasses a preference, an
 * eligibility rule or a ranker's list, and for each student who cannot be
 * placed: no choices, or none admissible (saying why). The work is about
 * the students' choices and the ranges, not the pairs: a node whose
 * subtree holds no rule a student fails is taken whole; only below nodes
 * whose rules differ from leaf to leaf (and she fails some) is each leaf
 * judged. */
admit *admit_build(const cycle *c, diag *d);
/* The same, stopping once clock_seconds() passes deadline (0: never):
 * then returns ST_TIME_LIMIT with *out NULL (the warnings added so far
 * stay in d), else ST_OK with *out set. */
status admit_build_by(const cycle *c, double deadline, diag *d, admit **out);
void admit_free(admit *a);

/* The pairs one at a time, in index order (by student, then leaf),
 * without an array of them: start with admit_iter_all (every pair) or
 * admit_iter_student (student s's), then call admit_next until it returns
 * 0; each call that returns 1 fills *p. The iterator borrows a. */
typedef struct admit_iter {
    const admit *a;
    int range, range_end; /* the range at hand and the end of those to visit */
    int leaf;             /* the next leaf of the range at hand */
} admit_iter;
void admit_iter_all(admit_iter *it, const admit *a);
void admit_iter_student(admit_iter *it, const admit *a, int s);
int admit_next(admit_iter *it, admit_pair *p);
/* How many admissible pairs student s has. */
long admit_count(const admit *a, int s);
/* The first of student s's ranges that ends after leaf (a->ranges
 * index; range_first[s + 1] when none does), by binary search: where her
 * pairs at leaf and after it begin. */
int admit_range_from(const admit *a, int s, int leaf);
/* The pair of range g at leaf (leaf_lo <= leaf < leaf_hi). */
admit_pair admit_range_pair(const admit_range *g, int leaf);
/* The pair of index k (0 <= k < npairs), found by binary search. */
admit_pair admit_pair_at(const admit *a, long k);
/* The nodes that range r is the first of its student's ranges to reach:
 * those with a leaf of r below them and none of her earlier ranges. They
 * are the nodes on the path from r's first leaf up that hold no leaf of
 * an earlier range of hers (into path, *npath of them, at most 3), and
 * every node whose index lies in (*from, *to] (nodes are depth first:
 * these are the nodes whose first leaf lies inside r after its first).
 * So each node with an admissible leaf of hers below it is counted once,
 * at the cost of a few steps per range rather than one per pair. */
void admit_range_reach(const cycle *c, const admit *a, int r, int path[3], int *npath, int *from,
                       int *to);

/* The first rule, along the path from the program down to the leaf, that
 * keeps (s, leaf) from being admissible, ignoring fix overrides and
 * preferences (eligibility, rankers' lists and forbids only). */
admit_check admit_eligibility(const cycle *c, int s, int leaf);
/* A list of checks that admit_failures appends to: zero-initialise it;
 * the caller frees v. */
typedef struct admit_checks {
    admit_check *v;
    int n, cap;
} admit_checks;

/* Appends to list every check that keeps (s, leaf) from being admissible
 * as admit_build judges it, and returns how many (0: the pair is
 * admissible). Within the node of her fix only the forbids covering the
 * leaf count (the fix bypasses the rest). Otherwise, in this order: her
 * fix when the leaf is outside it (ADMIT_OUTSIDE_FIX at the fix's node),
 * ADMIT_NOT_RANKED when she ranked neither the leaf nor a node above it,
 * then for each node on the path from the program down its min_year,
 * min_gpa, each required tag she lacks and its ranker's list, then each
 * forbid that covers the leaf. */
int admit_failures(const cycle *c, int s, int leaf, admit_checks *list);
/* Student s's rank for leaf from her choices (best over the leaf and its
 * ancestors), 0 when she did not rank it. */
int admit_choice_rank(const cycle *c, int s, int leaf);
/* Appends a plain-words reason for a failed check, e.g.
 * "'neuro' requires year 3 (she is in year 2)". */
void admit_explain(const cycle *c, int s, admit_check chk, strbuf *out);
/* Priority at node n (SPEC §4) as a key, lower is higher: her rank on
 * n's ranking or the nearest ancestor's (INT_MAX when she is not on it:
 * below everyone listed), else her score_key. Equal keys are ties. With
 * a lottery (c->lottery) there are none: a tie in rank, in score or off
 * the ranking is broken by the lower number (her place on the ranking
 * by rank and number; count + 1 + lottery_key when she is not on it).
 * Only the order of keys means anything, never their values (print
 * admit_priority_describe). Fixed students are not special here:
 * callers treat them as above all. */
int admit_priority_key(const admit *a, const cycle *c, int node, int s);
/* What orders students at node n and where student s stands: basis gets
 * "ranking:NODE" (the ranking in force there, by its node's id) and value
 * her position on it (empty when she is not on it), or basis "score" and
 * value her score (empty when she has none). */
void admit_priority_describe(const admit *a, const cycle *c, int node, int s, strbuf *basis,
                             strbuf *value);
/* Whether student s is strictly above student t at node n: her
 * admit_priority_key is lower. */
int admit_prefers(const admit *a, const cycle *c, int node, int s, int t);
/* When student s's fix bypasses her preferences or a rule, appends what
 * ("the student's preferences (not ranked) and the rule ...") and returns
 * 1; else appends nothing and returns 0 (also when she has no fix). */
int admit_fix_bypass(const cycle *c, int s, strbuf *out);
/* Appends why student s, who has no admissible pair and no fix, cannot
 * be placed: no choices at all, or for her first choices the rule that
 * fails. */
void admit_describe_unplaceable(const cycle *c, int s, strbuf *sb);
/* Whether (s, leaf) is admissible: returns 1 and fills *p (when not
 * NULL) with the pair, else returns 0. A binary search over her ranges. */
int admit_find(const admit *a, int s, int leaf, admit_pair *p);
/* Fills count[n] (c->nnodes entries) with the students who can be
 * placed within node n: those with an admissible leaf below it. */
void admit_reach_counts(const admit *a, const cycle *c, int *count);
/* Per node, the students who ask for it, each counted once: those whose
 * best-ranked choices reach it (the node, a node above it or one below
 * it), those with any choice that reaches it, and those with an
 * admissible pair below it (admit_reach_counts). dm has c->nnodes
 * entries. */
typedef struct admit_demand {
    int first;    /* students whose best-ranked choices reach the node */
    int total;    /* students who rank a leaf below it */
    int eligible; /* students with an admissible pair below it */
} admit_demand;
void admit_demand_count(const admit *a, const cycle *c, admit_demand *dm);

#endif
