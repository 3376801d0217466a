/* placement.mod - the exchange placement integer program in GNU MathProg.
 *
 * An independent statement of SPEC §3 (what a feasible assignment is) and
 * §5 (the lexicographic objectives), for reviewers and for cross-checking
 * the engine.  It reads the normalised data that
 *     placement solve DIR -o OUT --export-data D
 * writes into D, and is run with D as the working directory:
 *     cd D && glpsol -m /path/to/placement.mod              (stage 1)
 *     cd D && glpsol -m /path/to/placement.mod -d stage.dat (stage k >= 2)
 * tests/lib/glpsol_stages.sh runs all the stages in sequence.
 *
 * Not modelled: stability (--stable, SPEC §4); priorities are not exported.
 *
 * LEXICOGRAPHIC STAGES.  glpsol optimises one objective per run, so the
 * objectives of SPEC §5 are numbered as stages 1..K and a driver solves them
 * one after another.  Stage 1 always maximises the number of students
 * placed.  Then, with U = R + 1 the rank of an unranked placement and
 * r_1 < r_2 < ... < r_N the N ranks in use (ranks.csv), r_(N+1) = U:
 *   objective 1 rank-sum     : K = 2,     stage 2 minimises the sum of ranks;
 *   objective 2 rank-maximal : K = N + 2, stage k maximises the number placed
 *                              at rank r_(k-1) (the best rank first, ... U);
 *   objective 3 generous     : K = N + 2, stage k minimises the number placed
 *                              at rank r_(N+3-k) (U first, ... down to r_1).
 * A rank nobody wrote has no stage: the stages follow the ranks in use, so
 * a rank of 10^9 is one stage, not 10^9.
 * To solve stage k, the driver passes a small MathProg data file (-d) that
 * sets `stage` to k and `fixed[j]` to the optimum of every earlier stage j;
 * constraint Keep holds each earlier stage at its optimum (not worse).  This
 * is exactly SPEC §5's "solve the stages in sequence with each optimum
 * fixed"; no weights, no big-M.  Without that file, stage 1 is solved.
 * (A data file rather than a CSV table: MathProg tables cannot be optional,
 * and the engine's export must be solvable on its own.)
 *
 * OUTPUT (printf lines after the solve, for a driver to parse; glpsol
 * prints none of them when the stage has no feasible solution):
 *   STAGE k K objective max|min description
 *   ASSIGN student leaf rank        one line per placed student
 *   PROFILE placed=N total_rank=N rank_r1=N ... rank_rN=N rank_unranked=N
 *   FEASIBLE 1|0                    the rounded solution re-checked against
 *                                   every constraint below (0 = the solver
 *                                   returned no integral feasible solution)
 *   STAGE_VALUE v                   the value of stage k's objective
 * Whether the stage was proven optimal is GLPK's status: the "s" line of
 * the solution file (glpsol -w FILE: "s mip ROWS COLS o ..." when optimal).
 */

/* ------------------------------------------------------------------ */
/* Data (all CSV files of the export; symbols such as s1, n4, q1 stand   */
/* for the ids listed in ids.csv, which the model does not need).       */
/* ------------------------------------------------------------------ */

/* params.csv: name,value - cycle-wide settings:
 *   max_rank R, unranked_rank R+1, objective (1 rank-sum, 2 rank-maximal,
 *   3 generous), require_all (0/1; already folded into students.csv). */
set PARAM_NAMES;
param param_value{PARAM_NAMES};
table t_params IN "CSV" "params.csv":
    PARAM_NAMES <- [name], param_value ~ value;

/* students.csv: student,must - every student who has an admissible pair
 * (and maybe others); must = 1 when she has to be placed (--require-all,
 * or a fix override). */
set STUDENTS;
param must{STUDENTS} binary;
table t_students IN "CSV" "students.csv":
    STUDENTS <- [student], must ~ must;

/* nodes.csv: node,capacity,min - every node of the tree of places
 * (programs, labs, supervisors).  capacity -1 = no limit. */
set NODES;
param capacity{NODES} integer >= -1;
param node_min{NODES} integer >= 0;
table t_nodes IN "CSV" "nodes.csv":
    NODES <- [node], capacity ~ capacity, node_min ~ min;

/* within.csv: leaf,node - (t, n) for each leaf t and each node n on the path
 * from t's program down to t itself.  "Placed within n" = placed at a leaf
 * t with (t, n) in WITHIN. */
set WITHIN dimen 2;
table t_within IN "CSV" "within.csv":
    WITHIN <- [leaf, node];

/* The leaves: the nodes that are within themselves. */
set LEAVES := setof{(t, n) in WITHIN: t = n} t;

/* pairs.csv: student,leaf,rank - the admissible pairs of SPEC §3 (ranked,
 * eligible, not forbidden, accepted by every ranker on the path, or made
 * admissible by a fix override).  rank = the student's best rank for the
 * leaf, or R + 1 for an unranked pair from a fix override. */
set PAIRS dimen 2;
param rank{PAIRS} integer >= 1;
table t_pairs IN "CSV" "pairs.csv":
    PAIRS <- [student, leaf], rank ~ rank;

/* quotas.csv: quota,min,max - a quota of SPEC §2 expanded per value
 * (max -1 = no maximum); quota_pairs.csv: quota,student,leaf - the pairs
 * whose placement the quota counts (its scope and field already applied).
 * Both may be header-only. */
set QUOTAS;
param quota_min{QUOTAS} integer >= 0;
param quota_max{QUOTAS} integer >= -1;
table t_quotas IN "CSV" "quotas.csv":
    QUOTAS <- [quota], quota_min ~ min, quota_max ~ max;

set QUOTA_PAIRS dimen 3;
table t_quota_pairs IN "CSV" "quota_pairs.csv":
    QUOTA_PAIRS <- [quota, student, leaf];

/* ranks.csv: index,rank - the ranks in use: the distinct ranks written in
 * preferences.csv, ascending (index 1 is the best, index N the worst, R). */
set RANK_INDEX;
param rank_at{RANK_INDEX} integer >= 1;
table t_ranks IN "CSV" "ranks.csv":
    RANK_INDEX <- [index], rank_at ~ rank;

/* Derived settings. */
param R integer >= 0 := param_value["max_rank"];     /* worst written rank */
param U integer >= 1 := param_value["unranked_rank"]; /* = R + 1 */
param N integer >= 0 := card(RANK_INDEX);             /* ranks in use */

/* The ranks a pair can have: those in use, and U. */
set RANKS_U := (setof{i in RANK_INDEX} rank_at[i]) union {U};

/* The objective: from params.csv unless the stage file overrides it. */
param objective_arg integer in 0..3 default 0;        /* set by stage.dat */
param objective integer in 1..3 :=
    if objective_arg > 0 then objective_arg else param_value["objective"];

/* ------------------------------------------------------------------ */
/* Consistency of the export (a failed check stops glpsol with an error) */
/* ------------------------------------------------------------------ */
check: U = R + 1;
check{(s, t) in PAIRS}: s in STUDENTS and t in LEAVES;
check{(s, t) in PAIRS}: rank[s, t] in RANKS_U;
check{i in RANK_INDEX}: i in 1..N;        /* N of them: exactly 1..N */
check{i in 2..N}: rank_at[i - 1] < rank_at[i];
check: N = 0 or rank_at[N] = R;
check{(t, n) in WITHIN}: t in NODES and n in NODES;
check{n in NODES}: capacity[n] = -1 or node_min[n] <= capacity[n];
check{(q, s, t) in QUOTA_PAIRS}: q in QUOTAS and (s, t) in PAIRS;
check{q in QUOTAS}: quota_max[q] = -1 or quota_min[q] <= quota_max[q];

/* ------------------------------------------------------------------ */
/* Stages                                                               */
/* ------------------------------------------------------------------ */

/* K = number of stages of the chosen objective (see the header). */
param K integer := if objective = 1 then 2 else N + 2;

/* The stage to solve now, and the optimum of each earlier stage; both come
 * from the driver's data file, and default to stage 1 with nothing fixed. */
param stage integer >= 1, <= K default 1;
param fixed{j in 1..stage - 1} integer;

/* For stages 2..K of rank-maximal and generous: the rank the stage counts. */
param stage_rank{k in 2..K} integer :=
    if objective = 2 then (if k - 1 <= N then rank_at[k - 1] else U)
    else (if k = 2 then U else rank_at[N + 3 - k]);

/* sense[k] = +1 when stage k maximises, -1 when it minimises. */
param sense{k in 1..K} :=
    if k = 1 or objective = 2 then +1 else -1;

/* weight[k, s, t] = what placing s at t adds to stage k's objective:
 * 1 for "placed"; the rank for rank-sum; 1 if the pair's rank is the
 * stage's rank for rank-maximal and generous. */
param weight{k in 1..stage, (s, t) in PAIRS} :=
    if k = 1 then 1
    else if objective = 1 then rank[s, t]
    else if rank[s, t] = stage_rank[k] then 1 else 0;

/* ------------------------------------------------------------------ */
/* Index sets for the constraints                                       */
/* ------------------------------------------------------------------ */

/* The students who may be placed at leaf t, and the leaves open to student
 * s.  (Both are computed once per index; the second form tests membership
 * instead of scanning all pairs for each student, which keeps model
 * generation fast on large cycles.) */
set STUDENTS_AT{t in LEAVES} := setof{(s, t) in PAIRS} s;
set LEAVES_OF{s in STUDENTS} := setof{t in LEAVES: (s, t) in PAIRS} t;

/* The pairs quota q counts. */
set PAIRS_OF_QUOTA{q in QUOTAS} within PAIRS :=
    setof{(q, s, t) in QUOTA_PAIRS} (s, t);

/* ------------------------------------------------------------------ */
/* Variables                                                            */
/* ------------------------------------------------------------------ */

/* x[s, t] = 1 when student s is placed at leaf t (admissible pairs only,
 * which is SPEC §3's "only admissible pairs"). */
var x{PAIRS} binary;

/* ------------------------------------------------------------------ */
/* Constraints: a feasible assignment (SPEC §3)                         */
/* ------------------------------------------------------------------ */

/* Each student at most one leaf; exactly one when she must be placed
 * (--require-all, or a fix override: her pairs are then only the leaves
 * within her fix node, so being placed satisfies the fix). */
s.t. One_leaf{s in STUDENTS}:
    must[s] <= sum{t in LEAVES_OF[s]} x[s, t] <= 1;

/* Seats: the students placed within node n (at any leaf t in n's subtree)
 * do not exceed its capacity... */
s.t. Capacity{n in NODES: capacity[n] >= 0}:
    sum{(t, n) in WITHIN, s in STUDENTS_AT[t]} x[s, t] <= capacity[n];

/* ... and reach its minimum intake. */
s.t. Minimum{n in NODES: node_min[n] > 0}:
    sum{(t, n) in WITHIN, s in STUDENTS_AT[t]} x[s, t] >= node_min[n];

/* Quotas: the placed students a quota counts stay within its bounds. */
s.t. Quota_min{q in QUOTAS: quota_min[q] > 0}:
    sum{(s, t) in PAIRS_OF_QUOTA[q]} x[s, t] >= quota_min[q];

s.t. Quota_max{q in QUOTAS: quota_max[q] >= 0}:
    sum{(s, t) in PAIRS_OF_QUOTA[q]} x[s, t] <= quota_max[q];

/* ------------------------------------------------------------------ */
/* Lexicographic objective                                              */
/* ------------------------------------------------------------------ */

/* Every earlier stage keeps its optimum: its value is not worse than
 * fixed[j] (and, being optimal already, cannot be better). */
s.t. Keep{j in 1..stage - 1}:
    sense[j] * sum{(s, t) in PAIRS} weight[j, s, t] * x[s, t]
        >= sense[j] * fixed[j];

/* The current stage, written as a maximisation: sense flips a minimisation. */
maximize Stage_objective:
    sense[stage] * sum{(s, t) in PAIRS} weight[stage, s, t] * x[s, t];

solve;

/* ------------------------------------------------------------------ */
/* Report                                                               */
/* ------------------------------------------------------------------ */

/* The solution, rounded (the solver's values carry tolerances). */
param placed_at{(s, t) in PAIRS} binary :=
    if x[s, t].val > 0.5 then 1 else 0;

param placed_total := sum{(s, t) in PAIRS} placed_at[s, t];
param rank_total := sum{(s, t) in PAIRS} rank[s, t] * placed_at[s, t];
param at_rank{r in RANKS_U} :=
    sum{(s, t) in PAIRS: rank[s, t] = r} placed_at[s, t];
param stage_value :=
    sum{(s, t) in PAIRS} weight[stage, s, t] * placed_at[s, t];

/* Re-check the rounded solution against every rule, independently of the
 * solver's status: 1 only for an integral, feasible assignment. */
param count_in{n in NODES} :=
    sum{(t, n) in WITHIN, s in STUDENTS_AT[t]} placed_at[s, t];
param count_of{q in QUOTAS} := sum{(s, t) in PAIRS_OF_QUOTA[q]} placed_at[s, t];
param count_for{s in STUDENTS} := sum{t in LEAVES_OF[s]} placed_at[s, t];
param feasible binary :=
    if  (forall{(s, t) in PAIRS} abs(x[s, t].val - placed_at[s, t]) <= 1e-6)
    and (forall{s in STUDENTS} must[s] <= count_for[s] and count_for[s] <= 1)
    and (forall{n in NODES} count_in[n] >= node_min[n]
            and (capacity[n] = -1 or count_in[n] <= capacity[n]))
    and (forall{q in QUOTAS} count_of[q] >= quota_min[q]
            and (quota_max[q] = -1 or count_of[q] <= quota_max[q]))
    and (forall{j in 1..stage - 1}
            sense[j] * sum{(s, t) in PAIRS} weight[j, s, t] * placed_at[s, t]
                >= sense[j] * fixed[j])
    then 1 else 0;

printf "STAGE %d %d %d %s %s\n", stage, K, objective,
    if sense[stage] > 0 then "max" else "min",
    if stage = 1 then "placed"
    else if objective = 1 then "rank_sum"
    else "rank_" & stage_rank[stage];
printf{(s, t) in PAIRS: placed_at[s, t] = 1} "ASSIGN %s %s %d\n",
    s, t, rank[s, t];
printf "PROFILE placed=%d total_rank=%d", placed_total, rank_total;
printf{i in 1..N} " rank_%d=%d", rank_at[i], at_rank[rank_at[i]];
printf " rank_unranked=%d", at_rank[U];
printf "\n";
printf "FEASIBLE %d\n", feasible;
printf "STAGE_VALUE %d\n", stage_value;

end;
