/* cycle.h - the in-memory cycle: the tree of places, students and their
 * choices, rankings, quotas and overrides, every id resolved to an index.
 *
 * Indices are canonical: nodes in depth-first order with siblings by id
 * (bytewise), students by id, tags and home values by name. So the same
 * cycle written with other row or column orders, quoting or line ends
 * gives the same struct. cycle_load (cycle_load.c, with a reader per
 * input file behind cycle_read.h) reads and validates the cycle folder;
 * the caller owns the returned cycle (cycle_free). */
#ifndef CYCLE_H
#define CYCLE_H

#include "diag.h"
#include "mem.h"
#include "status.h"
#include "strmap.h"

enum cycle_level { CYCLE_PROGRAM = 0, CYCLE_LAB = 1, CYCLE_SUPERVISOR = 2 };
enum cycle_field { CYCLE_FIELD_HOME = 0, CYCLE_FIELD_YEAR = 1, CYCLE_FIELD_TAG = 2 };
enum cycle_action { CYCLE_FIX = 0, CYCLE_FORBID = 1 };
/* Where a student stands in a later round (rounds.h); a first round has
 * everyone open. */
enum cycle_round {
    CYCLE_ROUND_OPEN = 0, /* competes for the seats left */
    CYCLE_ROUND_KEPT,     /* accepted her offer: fixed at its leaf */
    CYCLE_ROUND_HELD,     /* has not answered: keeps her offer, fixed there */
    CYCLE_ROUND_DECLINED  /* declined: not placed in this round */
};

/* The input files, in the order they are read and reported. */
enum cycle_file {
    CYCLE_PROGRAMS,
    CYCLE_LABS,
    CYCLE_SUPERVISORS,
    CYCLE_STUDENTS,
    CYCLE_PREFERENCES,
    CYCLE_RANKINGS,
    CYCLE_QUOTAS,
    CYCLE_OVERRIDES,
    CYCLE_LOTTERY,
    CYCLE_RESPONSES,
    CYCLE_NFILES
};

typedef struct cycle_node {
    const char *id, *name, *institution, *country; /* "" when absent */
    int level;          /* enum cycle_level */
    int parent;         /* node index, -1 for a program */
    int end;            /* the subtree is [this index, end) */
    int leaf;           /* leaf index, -1 when the node has children */
    int leaf_lo, leaf_hi; /* leaves of the subtree: [leaf_lo, leaf_hi) */
    int capacity;       /* -1: no limit */
    int min;
    int min_year;       /* -1: no threshold */
    const char *min_gpa; /* a decimal as written (num_decimal_cmp), NULL:
                            no threshold */
    int *requires;      /* tag ids, ascending */
    int nrequires;
    int ranking;        /* its own ranking, -1 if none */
    int priority;       /* ranking that orders students here (own or nearest
                           ancestor's), -1: by score */
    long line;          /* line in its file */
} cycle_node;

typedef struct cycle_choice {
    int node;
    int rank;
    long line; /* preferences.csv line */
} cycle_choice;

typedef struct cycle_student {
    const char *id, *name;
    int home;   /* index in cycle.homes, -1: empty */
    int year;   /* -1: empty */
    /* decimals as written ('.' for a decimal comma), compared exactly with
       num_decimal_cmp and printed as they are; NULL: empty */
    const char *gpa;
    const char *score;
    int *tags;  /* tag ids, ascending */
    int ntags;
    cycle_choice *choices; /* by rank, then node index */
    int nchoices;
    int fix;    /* the node she is fixed within (deepest of her fixes; in a
                   later round her offer's leaf when kept or held), -1 */
    int round;  /* enum cycle_round */
    int offer;  /* the leaf node of her previous round's offer, -1 */
    int *forbids; /* nodes she is forbidden from */
    int nforbids;
    int lottery; /* her number in lottery.csv, 0 when the cycle has none */
    int *quotas; /* the quotas that count her (she has the value of their
                    field), whatever their scope: quota indices, ascending
                    (arena) */
    int nquotas;
    long line;  /* students.csv line */
} cycle_student;

typedef struct cycle_rank_entry {
    int student;
    int rank;
} cycle_rank_entry;

typedef struct cycle_ranking {
    int node;
    cycle_rank_entry *entries; /* by student index */
    int count;
} cycle_ranking;

typedef struct cycle_quota {
    int scope;  /* node index, -1: the whole cycle */
    int field;  /* enum cycle_field */
    int value;  /* home index, year, or tag id (a '*' row is expanded) */
    const char *value_text;
    int min;
    int max;    /* -1: no maximum */
    long line;  /* quotas.csv line */
    int *students; /* the students with its value (cycle_quota_counts),
                      whatever their leaf: ascending (arena) */
    int nstudents;
} cycle_quota;

typedef struct cycle_override {
    int student, node, action;
    long line;
} cycle_override;

/* A row of responses.csv: a student's answer to her offer of the
 * previous round (rounds.h applies it). */
typedef struct cycle_response {
    int student;
    int accepted; /* 1 accepted, 0 declined */
    long line;    /* responses.csv line */
} cycle_response;

typedef struct cycle {
    mem_arena arena;      /* every string of the cycle */
    const char *dir;
    const char *paths[CYCLE_NFILES]; /* file paths, NULL when absent */
    char delims[CYCLE_NFILES];       /* each file's field separator: ',',
                                        ';' or '\t' (csvin.h) */
    char sha256[CYCLE_NFILES][65]; /* SHA-256 (hex) of each file's bytes as
                                      read, "" when absent */
    cycle_node *nodes;
    int nnodes;
    int *leaves;          /* leaf index -> node index */
    int nleaves;
    cycle_student *students;
    int nstudents;
    cycle_ranking *rankings;
    int nrankings;
    cycle_quota *quotas;  /* '*' rows expanded, sorted */
    int nquotas;
    cycle_override *overrides; /* sorted by student, node */
    int noverrides;
    cycle_response *responses; /* by student, one each */
    int nresponses;
    int response_student_col;  /* 1-based column of 'student' in responses.csv */
    int round_number;          /* 1, or the previous round's + 1 (rounds.h) */
    char previous_sha256[65];  /* SHA-256 of the previous round's
                                  assignments.csv, "" in a first round */
    const char **tags;    /* tag names by id */
    int ntags;
    const char **homes;   /* home values by index */
    int nhomes;
    int max_rank;         /* R: the worst rank written in preferences.csv */
    int *ranks;           /* the distinct ranks written there, ascending
                             (arena): the ranks in use, which rank profiles
                             and stages are sized by, never 1..R */
    int nranks;
    int student_id_col;   /* 1-based column of 'id' in students.csv */
    int override_node_col; /* 1-based column of 'node' in overrides.csv */
    int lottery;          /* lottery.csv gave every student a distinct number
                             (cycle_student.lottery): ties in priority are
                             broken by the lower one (admit.h's keys) */
    strmap node_ids;      /* id -> node index */
    strmap student_ids;   /* id -> student index */
} cycle;

/* File names in the cycle folder, e.g. "programs.csv". */
const char *cycle_file_name(enum cycle_file f);

/* Reads and validates the cycle folder dir. Every problem is added to d
 * (all of them, not only the first). Returns ST_OK with *out set, or
 * ST_INPUT (invalid cycle) / ST_IO (read failure) with *out NULL. */
status cycle_load(const char *dir, diag *d, cycle **out);
/* The same, the files decoded from encoding (NULL: UTF-8; csvin.h). */
status cycle_load_as(const char *dir, const char *encoding, diag *d, cycle **out);
void cycle_free(cycle *c);

/* Node or student index for an id, or -1. */
int cycle_node_index(const cycle *c, const char *id);
int cycle_student_index(const cycle *c, const char *id);
/* Whether node b lies in the subtree of node a (a itself included). */
int cycle_within(const cycle *c, int a, int b);
/* The rank that ranking r gives student s, or 0 when s is not listed. */
int cycle_ranking_rank(const cycle *c, int r, int s);
/* The index of student s's entry in ranking r (c->rankings[r].entries),
 * or -1 when s is not listed. */
int cycle_ranking_entry(const cycle *c, int r, int s);
/* The position of rank in c->ranks (0 for the best rank written), or -1
 * when no preference is written at that rank. */
int cycle_rank_index(const cycle *c, int rank);
/* "program", "lab" or "supervisor". */
const char *cycle_level_name(int level);
/* "home", "year" or "tag". */
const char *cycle_field_name(int field);
/* Whether student s has the value of quota q's field. A pass over many
 * students or quotas walks cycle_student.quotas or cycle_quota.students
 * instead: asking every quota of every student is quadratic. */
int cycle_quota_counts(const cycle *c, const cycle_quota *q, int s);
/* Whether quota q counts student s placed at leaf (leaf index): she has
 * its value and the leaf lies in its scope. */
int cycle_quota_covers(const cycle *c, const cycle_quota *q, int s, int leaf);
/* The node student s is fixed within by an override (the deepest), or
 * -1; in a later round st->fix may be her offer instead. */
int cycle_override_fix(const cycle *c, int s);
/* The status results show for student s, placed (placed != 0) or not:
 * "placed", "fixed" (by an override), "unplaced", and in a later round
 * "kept" (accepted) and "declined"; a student holding an offer shows as
 * placed (or fixed, under an override). */
const char *cycle_status_word(const cycle *c, int s, int placed);
/* Whether leaf (leaf index) lies in quota q's scope. */
int cycle_quota_scopes(const cycle *c, const cycle_quota *q, int leaf);
/* The quotas that count student s or student t (t -1: s alone), as one
 * ascending walk, each once: start with *i = *j = 0 and call until it
 * returns -1; each call returns the next quota index. */
int cycle_quota_next2(const cycle *c, int s, int t, int *i, int *j);
/* Whether student s holds tag t. */
int cycle_has_tag(const cycle_student *st, int tag);

#endif
