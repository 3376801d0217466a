/* test_trade.c - the trades the reasons weigh (audit_trade_weigh) and the
 * words they are said in (audit_reason).
 *
 * Hand cases: every kind of outcome in the words of assignments.csv. Oracle:
 * on random tiny cycles solved under every objective, with and without
 * --require-all and --stable, every trade of a student into a better leaf
 * is rebuilt here as an assignment and judged by the oracle's own code
 * (tests/lib/oracle.h): the rule it breaks, or the objective key it
 * reaches, must be what the trade says; and since the answer is optimal,
 * no trade that breaks no rule may do better (without --stable: it would
 * be a better assignment; with --stable: it must not be stable).
 * Environment: UNIT_SEEDS (default 300). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "fixture.h"
#include "gencycle.h"
#include "harness.h"
#include "oracle.h"
#include "rules.h"
#include "solve.h"
#include "stages.h"
#include "testkit.h"

/* The reason of student s_id under the assignment spec ("x=A y=-"). */
static void reason_of(const fixture *f, const rules *r, const char *spec, const char *s_id,
                      char *out, size_t len)
{
    int leaf_of[16], nstages;
    stage_def st[STAGES_MAX];
    audit_view v;
    strbuf sb;
    char id[32], leaf[32];
    const char *p = spec;
    int used;
    for (int s = 0; s < f->c->nstudents; s++)
        leaf_of[s] = -1;
    while (sscanf(p, " %31[^=]=%31s%n", id, leaf, &used) == 2) {
        leaf_of[fixture_student(f, id)] = strcmp(leaf, "-") ? fixture_leaf(f, leaf) : -1;
        p += used;
    }
    nstages = stages_plan(f->a, OBJECTIVE_RANK_SUM, 0, 0, st);
    audit_view_init(&v, f->c, f->a, r, st, nstages, leaf_of);
    strbuf_init(&sb);
    audit_reason(&v, fixture_student(f, s_id), &sb);
    snprintf(out, len, "%s", sb.buf);
    strbuf_release(&sb);
    audit_view_release(&v);
}

static void expect_in(const char *got, const char *want)
{
    if (!CHECK(strstr(got, want)))
        printf("  reason: '%s'\n  wanted: '%s'\n", got, want);
}

/* Programs A and B (1 seat each, B's minimum 1) and C (no limit); x and y
 * rank A then B, z ranks A then C; x's score 90 is above y's 50, z has
 * none. */
static void test_words(void)
{
    fixture f;
    rules r;
    char got[1024];
    fixture_load(&f, "programs.csv", "id,capacity,min\nA,1,\nB,1,1\nC,,\n", "students.csv",
                 "id,score\nx,90\ny,50\nz,\n", "preferences.csv",
                 "student,rank,choice\nx,1,A\nx,2,B\ny,1,A\ny,2,B\nz,1,A\nz,2,C\n", NULL);
    rules_init(&r, 0);
    /* x at B, y at A: swapping the two keeps every rank (1+2 either way) */
    reason_of(&f, &r, "x=B y=A z=C", "x", got, sizeof(got));
    expect_in(got, "'A' is full (1/1), but it holds 'y', whom it ranks below this student: "
                   "swapping this student's seat with that of 'y' would be equally good; "
                   "merit settles ties only for students left out");
    /* x unplaced, y at A: taking y's seat keeps placements and ranks; for
       B, x would take the open seat and place one more */
    reason_of(&f, &r, "y=A z=C", "x", got, sizeof(got));
    expect_in(got, "giving this student the seat of 'y' would be equally good; the canonical "
                   "order settled the tie");
    expect_in(got, "'B' (rank 2): a seat was open at 'B', but giving this student that seat "
                   "would do better on 'placements' (3 instead of 2)");
    /* x at B (B's minimum is 1) and A free: moving x to A would empty B */
    reason_of(&f, &r, "x=B z=C", "x", got, sizeof(got));
    expect_in(got, "a seat was open at 'A', but moving this student there would leave 'B' "
                   "below its minimum (0/1)");
    /* z at A, y at B, x unplaced: z (no score) is below x at A and ranks
       A first as x does; taking her seat changes no stage */
    reason_of(&f, &r, "y=B z=A", "x", got, sizeof(got));
    expect_in(got, "giving this student the seat of 'z' would be equally good");
    fixture_release(&f);

    /* A and B have one seat each; x (50) holds A, her first choice; y (90)
       ranks B then A; z (99) holds B. Taking x's seat puts y at rank 2
       where x has rank 1: the rank total goes from 1+1 to 2+1 */
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\nB,1\n", "students.csv",
                 "id,score\nx,50\ny,90\nz,99\n", "preferences.csv",
                 "student,rank,choice\nx,1,A\ny,1,B\ny,2,A\nz,1,B\n", NULL);
    reason_of(&f, &r, "x=A z=B", "y", got, sizeof(got));
    expect_in(got, "'B' (rank 1): 'B' is full (1/1) with students of equal or higher priority "
                   "(lowest: 'z')");
    expect_in(got, "'A' (rank 2): 'A' is full (1/1), but it holds 'x', whom it ranks below this "
                   "student: giving this student the seat of 'x' would raise the total rank "
                   "(3 instead of 2)");
    fixture_release(&f);

    /* --require-all: the holder must stay placed */
    rules_init(&r, 1);
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\n", "students.csv",
                 "id,score\nx,90\ny,50\n", "preferences.csv",
                 "student,rank,choice\nx,1,A\ny,1,A\n", NULL);
    reason_of(&f, &r, "y=A", "x", got, sizeof(got));
    expect_in(got, "giving this student the seat of 'y' would leave 'y', who must be placed, "
                   "unplaced");
    fixture_release(&f);
}

/* The trade t rebuilt as an assignment into trial. */
static void apply_trade(const cycle *c, const int *leaf_of, const audit_trade *t, int *trial)
{
    memcpy(trial, leaf_of, sizeof(int) * (size_t)c->nstudents);
    trial[t->student] = t->leaf;
    if (t->out >= 0)
        trial[t->out] = t->out_to;
}

/* Every trade of every student into a better admissible leaf of the
 * answer leaf_of, judged by the oracle. */
static void check_trades(const fixture *f, const rules *r, enum objective o, int stable,
                         const int *leaf_of, const char *label)
{
    const cycle *c = f->c;
    const admit *a = f->a;
    stage_def st[STAGES_MAX];
    int nstages = stages_plan(a, o, 0, 0, st), trial[64];
    long cur[ORACLE_KEYMAX], got[ORACLE_KEYMAX];
    int kn = oracle_key(c, a, o, leaf_of, cur);
    audit_view v;
    audit_view_init(&v, c, a, r, st, nstages, leaf_of);
    for (int s = 0; s < c->nstudents; s++) {
        int mine_rank = oracle_rank(a, leaf_of, s);
        admit_iter it;
        admit_pair pk;
        admit_iter_student(&it, a, s);
        while (admit_next(&it, &pk)) {
            audit_trade t;
            int ok, cmp;
            if (pk.leaf == leaf_of[s] || pk.rank >= mine_rank)
                continue;
            audit_trade_weigh(&v, s, pk.leaf, &t);
            /* the holder who leaves held a seat, and goes to an admissible one */
            if (t.out >= 0) {
                CHECK(t.out != s && leaf_of[t.out] == t.out_from && t.out_from >= 0);
                CHECK(t.out_to < 0 ||
                      (t.out_to == leaf_of[s] && admit_find(a, t.out, t.out_to, NULL)));
            }
            apply_trade(c, leaf_of, &t, trial);
            ok = oracle_capacities(c, a, trial) && oracle_side_rules(c, r, trial, 1);
            if (!CHECK(ok == !t.broken)) {
                printf("  %s: trade of %s: oracle says %s, the trade says %s\n", label,
                       c->students[s].id, ok ? "meets the rules" : "breaks a rule",
                       t.broken ? "broken" : "meets");
                continue;
            }
            if (!ok)
                continue;
            oracle_key(c, a, o, trial, got);
            cmp = oracle_key_cmp(got, cur, kn);
            if (!CHECK((cmp == 0) == (t.stage < 0) && (cmp < 0) == (t.stage >= 0 && t.worse)))
                printf("  %s: trade of %s: oracle cmp %d, stage %d worse %d\n", label,
                       c->students[s].id, cmp, t.stage, t.worse);
            /* an optimum has no better trade, or only an unstable one */
            if (cmp > 0 && !CHECK(stable && oracle_blocking(c, a, trial) > 0))
                printf("  %s: trade of %s does better on an optimal answer\n", label,
                       c->students[s].id);
            if (t.stage >= 0)
                CHECK(t.before == v.stage_value[t.stage]);
        }
    }
    audit_view_release(&v);
}

static void test_random(int seeds)
{
    solution sol;
    long answers = 0;
    solution_init(&sol, 0);
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle *g = gencycle_tiny_ex((uint64_t)seed, seed % 2);
        fixture f;
        fixture_load_gen(&f, g);
        for (int o = 0; o < OBJECTIVE_COUNT; o++)
            for (int mode = 0; mode < 3; mode++) {
                char label[96];
                solve_question q;
                diag d;
                rules r;
                rules_init(&r, mode == 1);
                solve_question_init(&q);
                q.objective = (enum objective)o;
                q.stable = mode == 2;
                solution_release(&sol);
                diag_init(&d);
                if (solve_run(f.c, f.a, &r, &q, &sol, &d) == ST_OK && sol.optimal) {
                    snprintf(label, sizeof(label), "tiny seed %d %s%s", seed,
                             objective_name((enum objective)o),
                             mode == 1 ? " require-all" : mode == 2 ? " stable" : "");
                    check_trades(&f, &r, (enum objective)o, q.stable, sol.leaf_of, label);
                    answers++;
                }
                diag_release(&d);
            }
        fixture_release(&f);
        gencycle_free(g);
    }
    solution_release(&sol);
    printf("random cycles: trades weighed on %ld answers\n", answers);
    CHECK(seeds < 10 || answers > 0);
}

int main(void)
{
    testkit_set_name("test_trade");
    test_words();
    test_random((int)testkit_env_count("UNIT_SEEDS", 300) / 3);
    return harness_finish("trade");
}
