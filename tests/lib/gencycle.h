/* gencycle.h - random cycles for the tests and the benchmark: an in-memory
 * instance (tree of places, students, preferences, rankings, quotas,
 * overrides) made deterministically from a seed, and a writer that puts it,
 * or any cycle folder read back with libcsv, into a folder of CSV files
 * (SPEC §2) in a chosen style: rows shuffled, columns reordered, every
 * field quoted, CRLF line ends, a byte-order mark. A strict cycle has no
 * ties in any priority or preference (the fast paths' test cycles). */
#ifndef GENCYCLE_H
#define GENCYCLE_H

#include <stddef.h>
#include <stdint.h>

/* ---- the random source ---- */

/* splitmix64: small, fast, and the same sequence on every platform. */
typedef struct gencycle_rng {
    uint64_t state;
} gencycle_rng;

void gencycle_rng_init(gencycle_rng *r, uint64_t seed);
uint64_t gencycle_rng_next(gencycle_rng *r);
/* A uniform integer in [0, n); n must be positive. */
int gencycle_rng_below(gencycle_rng *r, int n);
/* A uniform integer in [lo, hi]. */
int gencycle_rng_range(gencycle_rng *r, int lo, int hi);
/* 1 with probability percent/100. */
int gencycle_rng_chance(gencycle_rng *r, int percent);

/* ---- the instance ---- */

enum gencycle_level { GENCYCLE_PROGRAM = 0, GENCYCLE_LAB = 1, GENCYCLE_SUPERVISOR = 2 };
enum gencycle_field { GENCYCLE_HOME = 0, GENCYCLE_YEAR = 1, GENCYCLE_TAG = 2 };
enum gencycle_action { GENCYCLE_FIX = 0, GENCYCLE_FORBID = 1 };

#define GENCYCLE_ANY (-1) /* a quota value of '*' */
#define GENCYCLE_NTAGS 4
#define GENCYCLE_NHOMES 6

/* Tag and home names; the last home and the last tag are held by nobody in
 * tiny cycles, so quotas on them count nobody. */
extern const char *const gencycle_tag_names[GENCYCLE_NTAGS];
extern const char *const gencycle_home_names[GENCYCLE_NHOMES];

typedef struct gencycle_node {
    char id[48];
    char name[64];
    int level;     /* enum gencycle_level */
    int parent;    /* node index (always lower than this one), -1 for a program */
    int nchildren; /* 0: a leaf */
    int capacity;  /* -1: no limit */
    int min;
    int min_year;      /* -1: no threshold */
    int min_gpa;       /* hundredths, -1: no threshold */
    unsigned requires; /* bit t: tag t */
} gencycle_node;

typedef struct gencycle_student {
    char id[48];
    char name[64];
    int home;      /* index in gencycle_home_names, -1: empty */
    int year;      /* -1: empty */
    int gpa;       /* hundredths, -1: empty */
    unsigned tags; /* bit t: tag t */
    int score;     /* tenths, -1: empty */
    int lottery;   /* her lottery number, 0: none (lottery.csv is written
                      when some student has one) */
} gencycle_student;

typedef struct gencycle_pref {
    int student, node, rank;
} gencycle_pref;

typedef struct gencycle_rank {
    int ranker, student, rank; /* ranker is a node index */
} gencycle_rank;

typedef struct gencycle_quota {
    int scope; /* node index, -1: the whole cycle */
    int field; /* enum gencycle_field */
    int value; /* home index, year or tag index; GENCYCLE_ANY for '*' */
    int min;
    int max; /* -1: no maximum */
} gencycle_quota;

typedef struct gencycle_override {
    int student, node, action; /* enum gencycle_action */
} gencycle_override;

/* A whole cycle. Every array is owned by the struct (gencycle_free). The
 * generators guarantee a valid cycle: unique ids, min <= capacity, no
 * repeated (student, choice) or (ranker, student), overrides that always
 * leave a student a leaf. */
typedef struct gencycle {
    gencycle_node *nodes; /* parents before children */
    int nnodes;
    gencycle_student *students;
    int nstudents;
    gencycle_pref *prefs;
    int nprefs;
    gencycle_rank *ranks;
    int nranks;
    gencycle_quota *quotas;
    int nquotas;
    gencycle_override *overrides;
    int noverrides;
} gencycle;

/* A tiny cycle for brute force: at most 6 students, 6 leaves and 4 choices
 * a student, with minimums, eligibility rules, rankings, quotas and
 * overrides mixed in at random. The caller frees it with gencycle_free. */
gencycle *gencycle_tiny(uint64_t seed);
/* A realistic cycle: students each ranking up to choices places (mostly
 * leaves, some labs) with Zipf-like popularity; programs, labs and
 * supervisors whose capacities sum to about 0.9-1.0 x students; some
 * eligibility rules, rankings and overrides; quotas when quotas is set.
 * The caller frees it with gencycle_free. */
gencycle *gencycle_large(uint64_t seed, int students, int choices, int quotas);
/* The same generators with a strict switch. With strict 0 they make
 * exactly the cycles above. With strict 1 priorities and preferences have
 * no ties: every student has a score and no two share one; each student's
 * choices are leaves only (a lab or program would tie its leaves) with
 * distinct ranks; fix overrides name leaves only (forbids are kept); the
 * large generator writes no rankings (priority is the score everywhere);
 * the tiny one ranks at some programs only (inherited below), with
 * distinct ranks, listing every student who chose or is fixed within the
 * program. Tree, capacities, minimums, eligibility rules and quotas are
 * made as without strict (from another random sequence). */
gencycle *gencycle_tiny_ex(uint64_t seed, int strict);
/* Minimums that the most placements miss, planted: copies of program P
 * (1 to 3 seats) with labs M (min m <= those seats) and N, and program X
 * (0 to 2 seats); m or m + 1 students choose M and X (either first), one
 * or two choose N (sometimes X too), sometimes one X alone, and some of
 * M's students also the previous copy's X. N's students take P's seats
 * in the most placements, M's students could go to X, and M's minimum
 * needs P's seats: often only fewer placements meet it. Students have a
 * home (3), a year (1 to 3) and tied scores; no rankings, rules,
 * quotas or overrides. The caller frees it with gencycle_free. */
gencycle *gencycle_planted_mins(uint64_t seed, int copies);
gencycle *gencycle_large_ex(uint64_t seed, int students, int choices, int quotas, int strict);
void gencycle_free(gencycle *g);
/* Replaces g's quotas by one to three whole-cycle rows over one field a
 * student has one value of (home for odd seeds, year for even ones): a
 * value or '*', a max of 0 to 2, sometimes a min of 1 (the max raised to
 * it) - the quotas the flow takes as arcs. */
void gencycle_whole_quotas(gencycle *g, uint64_t seed);
/* Replaces g's quotas by one to three whole-cycle rows that are not a
 * network: mostly over a tag (students hold several), else over home or
 * year beside them; a max of 20-80 % of the students it counts (three
 * rows in four), sometimes a min - the quotas lagrange.h prices. */
void gencycle_tag_quotas(gencycle *g, uint64_t seed);
/* Spreads g's preference ranks out with gaps, keeping their order and
 * ties: rank r becomes map(r), strictly increasing, with random gaps, the
 * best rank sometimes above 1 and, for half the seeds, the worst at
 * 1000000000 (the largest rank a cycle may write). Rankings are kept. */
void gencycle_gap_ranks(gencycle *g, uint64_t seed);

/* Gives every student of g a distinct lottery number from seed (a random
 * order, odd gaps between the numbers: they need only be distinct), so
 * that gencycle_write writes lottery.csv. */
void gencycle_lottery(gencycle *g, uint64_t seed);

/* Whether node a is node b or one of its ancestors. */
int gencycle_within(const gencycle *g, int a, int b);

/* ---- writing ---- */

typedef struct gencycle_style {
    int quote_all;         /* quote every field, not only those that need it */
    int crlf;              /* CRLF line ends instead of LF */
    int bom;               /* start each file with a UTF-8 byte-order mark */
    uint64_t shuffle_rows; /* nonzero: seed to shuffle data rows */
    uint64_t shuffle_cols; /* nonzero: seed to reorder columns */
    int tab;               /* a tab between fields (Excel's "Unicode Text",
                              once decoded) */
    int semicolon;         /* ';' between fields and a decimal comma
                              (3,75), as French or German Excel saves CSV */
    int spreadsheet;       /* as typed in a spreadsheet: header names
                              capitalised with blanks around them, a stray
                              empty last column, whole numbers with a zero
                              fraction (3.0) */
} gencycle_style;

/* The style of a plain cycle: LF, quoting only where needed, file order. */
void gencycle_style_init(gencycle_style *s);

/* Writes g into folder dir (created when missing) as programs.csv,
 * labs.csv, supervisors.csv, students.csv, preferences.csv and, when g has
 * any, rankings.csv, quotas.csv, overrides.csv and lottery.csv; an optional file g does
 * not need is removed from dir. Returns 0, or -1 with a message in
 * err (of size errlen); files may then be half written. */
int gencycle_write(const gencycle *g, const char *dir, const gencycle_style *style, char *err,
                   size_t errlen);

/* Reads every cycle file present in folder src with libcsv and writes it
 * to folder dst (created when missing) in style; fields are kept as read.
 * Returns 0, or -1 with a message in err. */
int gencycle_rewrite(const char *src, const char *dst, const gencycle_style *style, char *err,
                     size_t errlen);

#endif
