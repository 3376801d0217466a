/* test_admit.c - admissible pairs and why a pair is not admissible, on
 * one small cycle written as CSV files and loaded with cycle_load. Every
 * expectation is worked out by hand from the files below (SPEC §3, the
 * rules in inputs/README.md): which (student, leaf) pairs exist and at
 * which rank, the first rule along the path from the program down that
 * keeps a pair out and every rule that does, priorities (ranking, inherited ranking, score), who
 * must be placed, and the warnings for fixes and unplaceable students;
 * then, on a second cycle, decimals compared exactly as written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "admit.h"
#include "harness.h"
#include "rules.h"
#include "strbuf.h"
#include "testkit.h"

/* The tree, leaves in brackets:
 *   P (no rules)  - PL1 (min_gpa 3.0, ranking f a b) - [PS1], [PS2 min_year 4]
 *                 - [PL2 requires lab_safety]
 *   [Q min_year 3]   [R min_gpa 3.5, ranking a d]   [T requires english;lab_safety]
 * a ranks all of P at 1 and PS1 again at 2 (rank 1 counts); d is fixed
 * within PL1 and forbidden from PS1; a is forbidden from T; e has no
 * choices; c has no year and no GPA. */
static const char *const files[] = {
    "programs.csv",
    "id,capacity,min_year,min_gpa,requires\n"
    "P,,,,\n"
    "Q,,3,,\n"
    "R,,,3.5,\n"
    "T,,,,english;lab_safety\n",
    "labs.csv",
    "id,program,capacity,min_gpa,requires\n"
    "PL1,P,,3.0,\n"
    "PL2,P,,,lab_safety\n",
    "supervisors.csv",
    "id,lab,capacity,min_year\n"
    "PS1,PL1,,\n"
    "PS2,PL1,,4\n",
    "students.csv",
    "id,year,gpa,tags,score\n"
    "a,3,3.6,english;lab_safety,80\n"
    "b,2,3.0,,70\n"
    "c,,,,\n"
    "d,4,3.9,english,90\n"
    "e,3,3.0,,50\n"
    "f,3,3.8,,60\n",
    "preferences.csv",
    "student,rank,choice\n"
    "a,1,P\n"
    "a,2,PS1\n"
    "a,3,Q\n"
    "a,4,R\n"
    "a,5,T\n"
    "b,1,Q\n"
    "b,2,R\n"
    "b,3,T\n"
    "b,4,PL2\n"
    "b,5,PS1\n"
    "c,1,Q\n"
    "c,2,R\n"
    "c,3,PS2\n"
    "d,1,T\n"
    "f,1,R\n"
    "f,2,PL1\n",
    "rankings.csv",
    "ranker,student,rank\n"
    "PL1,f,1\n"
    "PL1,a,2\n"
    "PL1,b,3\n"
    "R,a,1\n"
    "R,d,2\n",
    "overrides.csv",
    "student,node,action\n"
    "d,PL1,fix\n"
    "d,PS1,forbid\n"
    "a,T,forbid\n",
    NULL};

static const cycle *c;

static int st(const char *id)
{
    int s = cycle_student_index(c, id);
    if (s < 0) {
        printf("FAIL no student '%s'\n", id);
        exit(1);
    }
    return s;
}

static int node(const char *id)
{
    int n = cycle_node_index(c, id);
    if (n < 0) {
        printf("FAIL no node '%s'\n", id);
        exit(1);
    }
    return n;
}

static int leaf(const char *id)
{
    return c->nodes[node(id)].leaf;
}

/* The admissible pairs of student s as "LEAF:RANK" (a trailing "*" when
 * admissible only through her fix), in the order admit keeps them. */
static void pairs_of(const admit *a, const char *s_id, char *out, size_t len)
{
    int s = st(s_id);
    size_t used = 0;
    admit_iter it;
    admit_pair p;
    out[0] = '\0';
    admit_iter_student(&it, a, s);
    while (admit_next(&it, &p) && used < len) {
        int n = snprintf(out + used, len - used, "%s%s:%d%s", used ? " " : "",
                         c->nodes[c->leaves[p.leaf]].id, p.rank, p.ranked ? "" : "*");
        if (n > 0)
            used += (size_t)n;
        if (p.student != s)
            printf("FAIL pair %ld of '%s' belongs to student %d\n", p.index, s_id, p.student);
    }
}

static void test_pairs(const admit *a)
{
    char got[512];
    /* leaves in canonical order: PS1 PS2 PL2 (under P, labs by id), Q, R, T */
    pairs_of(a, "a", got, sizeof(got));
    CHECK_STR(got, "PS1:1 PL2:1 Q:3 R:4"); /* PS2: year 3 < 4; T: forbidden */
    pairs_of(a, "b", got, sizeof(got));
    CHECK_STR(got, "PS1:5"); /* gpa 3.0 meets PL1's 3.0 (inclusive) */
    pairs_of(a, "c", got, sizeof(got));
    CHECK_STR(got, ""); /* no year, no GPA */
    pairs_of(a, "d", got, sizeof(got));
    CHECK_STR(got, "PS2:6*"); /* fixed in PL1 but not PS1; unranked: R+1 = 6 */
    pairs_of(a, "e", got, sizeof(got));
    CHECK_STR(got, "");
    pairs_of(a, "f", got, sizeof(got));
    CHECK_STR(got, "PS1:2"); /* R: not on its ranking; PS2: year */
    CHECK(a->npairs == 7);
    CHECK(a->unranked_rank == 6);
    CHECK(a->range_first[0] == 0 && a->range_first[c->nstudents] == a->nranges);

    admit_pair p;
    CHECK(admit_find(a, st("a"), leaf("R"), &p) && p.student == st("a") && p.leaf == leaf("R") &&
          p.rank == 4 && p.ranked);
    CHECK(!admit_find(a, st("a"), leaf("T"), NULL));
    CHECK(!admit_find(a, st("a"), leaf("PS2"), NULL));
    CHECK(!admit_find(a, st("e"), leaf("PS1"), NULL));
}

static const char *const rule_names[] = {"ok",  "not-ranked", "year",   "gpa",
                                         "tag", "ranker",     "forbid", "outside-fix"};

/* The first failing rule of (student, leaf), as "RULE@NODE". */
static void check_of(const char *s_id, const char *leaf_id, char *out, size_t len)
{
    admit_check chk = admit_eligibility(c, st(s_id), leaf(leaf_id));
    snprintf(out, len, "%s@%s", chk.rule <= ADMIT_OUTSIDE_FIX ? rule_names[chk.rule] : "?",
             chk.node >= 0 ? c->nodes[chk.node].id : "-");
}

static void test_eligibility(void)
{
    char got[128];
    check_of("a", "PS1", got, sizeof(got));
    CHECK_STR(got, "ok@-");
    check_of("a", "PS2", got, sizeof(got));
    CHECK_STR(got, "year@PS2");
    check_of("a", "T", got, sizeof(got));
    CHECK_STR(got, "forbid@T");
    check_of("b", "Q", got, sizeof(got));
    CHECK_STR(got, "year@Q");
    check_of("b", "R", got, sizeof(got));
    CHECK_STR(got, "gpa@R");
    check_of("b", "T", got, sizeof(got));
    CHECK_STR(got, "tag@T");
    check_of("b", "PL2", got, sizeof(got));
    CHECK_STR(got, "tag@PL2");
    /* no year and no GPA: the first rule from the program down, PL1's GPA,
       not PS2's year below it */
    check_of("c", "PS2", got, sizeof(got));
    CHECK_STR(got, "gpa@PL1");
    check_of("c", "Q", got, sizeof(got));
    CHECK_STR(got, "year@Q");
    /* a ranking is a list of acceptable students, for its whole subtree */
    check_of("f", "R", got, sizeof(got));
    CHECK_STR(got, "ranker@R");
    check_of("c", "PS1", got, sizeof(got));
    CHECK_STR(got, "gpa@PL1");
    check_of("e", "PS1", got, sizeof(got));
    CHECK_STR(got, "ranker@PL1");
    /* eligibility ignores fixes: d is still forbidden from PS1 and not on PL1's list */
    check_of("d", "PS1", got, sizeof(got));
    CHECK_STR(got, "ranker@PL1");
    check_of("d", "R", got, sizeof(got));
    CHECK_STR(got, "ok@-");
    /* the failing tag is named */
    admit_check chk = admit_eligibility(c, st("b"), leaf("T"));
    CHECK(chk.rule == ADMIT_TAG && chk.tag >= 0 && strcmp(c->tags[chk.tag], "english") == 0);
}

/* Every failing check of (student, leaf), as "RULE@NODE" (a tag's rule
 * as "tag@NODE:TAG"), separated by spaces. */
static void failures_of(const char *s_id, const char *leaf_id, char *out, size_t len)
{
    admit_checks list = {NULL, 0, 0};
    size_t used = 0;
    int n = admit_failures(c, st(s_id), leaf(leaf_id), &list);
    out[0] = '\0';
    CHECK(n == list.n);
    for (int k = 0; k < list.n && used < len; k++) {
        const admit_check *chk = &list.v[k];
        int w = snprintf(out + used, len - used, "%s%s@%s%s%s", k ? " " : "",
                         chk->rule <= ADMIT_OUTSIDE_FIX ? rule_names[chk->rule] : "?",
                         chk->node >= 0 ? c->nodes[chk->node].id : "-", chk->tag >= 0 ? ":" : "",
                         chk->tag >= 0 ? c->tags[chk->tag] : "");
        if (w > 0)
            used += (size_t)w;
    }
    free(list.v);
}

static void test_failures(const admit *a)
{
    char got[256];
    /* every rule on the path, not only PL1's GPA (as admit_eligibility) */
    failures_of("c", "PS2", got, sizeof(got));
    CHECK_STR(got, "gpa@PL1 ranker@PL1 year@PS2");
    failures_of("b", "PS2", got, sizeof(got));
    CHECK_STR(got, "not-ranked@- year@PS2");
    failures_of("b", "T", got, sizeof(got));
    CHECK_STR(got, "tag@T:english tag@T:lab_safety");
    failures_of("e", "PS1", got, sizeof(got));
    CHECK_STR(got, "not-ranked@- ranker@PL1");
    failures_of("a", "T", got, sizeof(got));
    CHECK_STR(got, "forbid@T");
    failures_of("a", "PS1", got, sizeof(got));
    CHECK_STR(got, "");
    /* within her fix only the forbid counts; outside it, the fix and the
       rules as if she had none (R: d is on its list, GPA 3.9) */
    failures_of("d", "PS1", got, sizeof(got));
    CHECK_STR(got, "forbid@PS1");
    failures_of("d", "PS2", got, sizeof(got));
    CHECK_STR(got, "");
    failures_of("d", "R", got, sizeof(got));
    CHECK_STR(got, "outside-fix@PL1 not-ranked@-");
    /* on every pair: none exactly when admissible, and for a student
       without a fix the first rule of the path is admit_eligibility's */
    for (int s = 0; s < c->nstudents; s++)
        for (int l = 0; l < c->nleaves; l++) {
            admit_checks list = {NULL, 0, 0};
            admit_check first = admit_eligibility(c, s, l);
            int k = 0;
            admit_failures(c, s, l, &list);
            if (!CHECK((list.n == 0) == admit_find(a, s, l, NULL)))
                printf("  (%s, %s): %d failures\n", c->students[s].id, c->nodes[c->leaves[l]].id,
                       list.n);
            while (k < list.n && list.v[k].rule == ADMIT_NOT_RANKED)
                k++;
            if (c->students[s].fix < 0)
                CHECK(first.rule == ADMIT_OK
                          ? k == list.n
                          : k < list.n && list.v[k].rule == first.rule &&
                                list.v[k].node == first.node && list.v[k].tag == first.tag);
            free(list.v);
        }
}

static void test_choice_rank(void)
{
    CHECK(admit_choice_rank(c, st("a"), leaf("PS1")) == 1); /* P at 1 beats PS1 at 2 */
    CHECK(admit_choice_rank(c, st("a"), leaf("PS2")) == 1); /* ranked, though not eligible */
    CHECK(admit_choice_rank(c, st("f"), leaf("PS2")) == 2); /* through PL1 */
    CHECK(admit_choice_rank(c, st("d"), leaf("PS2")) == 0); /* not ranked */
    CHECK(admit_choice_rank(c, st("e"), leaf("Q")) == 0);
}

/* Whether the explanation of (student, leaf) holds every word in want. */
static int explains(const char *s_id, const char *leaf_id, const char *const *want)
{
    strbuf sb;
    int ok = 1;
    strbuf_init(&sb);
    admit_explain(c, st(s_id), admit_eligibility(c, st(s_id), leaf(leaf_id)), &sb);
    for (; *want; want++)
        ok &= strstr(sb.buf, *want) != NULL;
    if (!ok)
        printf("  (%s, %s): '%s'\n", s_id, leaf_id, sb.buf);
    strbuf_release(&sb);
    return ok;
}

#define EXPLAINS(s, l, ...) explains((s), (l), (const char *const[]){__VA_ARGS__, NULL})

static void test_explain(void)
{
    CHECK(EXPLAINS("b", "Q", "'Q'", "year 3", "year 2"));
    CHECK(EXPLAINS("c", "Q", "'Q'", "year 3", "not given"));
    CHECK(EXPLAINS("b", "R", "'R'", "GPA 3.5", "3"));
    CHECK(EXPLAINS("c", "PS2", "'PL1'", "GPA 3", "not given"));
    CHECK(EXPLAINS("b", "T", "'T'", "'english'"));
    CHECK(EXPLAINS("f", "R", "ranking", "'R'"));
    CHECK(EXPLAINS("a", "T", "forbidden", "'T'"));
}

static void test_prefers(const admit *pa)
{
    int R = node("R"), P = node("P"), PS1 = node("PS1"), PL2 = node("PL2");
    /* R's own ranking: a above d; anyone on it above anyone off it; two
       students off it are equal */
    CHECK(admit_prefers(pa, c, R, st("a"), st("d")) && !admit_prefers(pa, c, R, st("d"), st("a")));
    CHECK(admit_prefers(pa, c, R, st("d"), st("f")) && !admit_prefers(pa, c, R, st("f"), st("d")));
    CHECK(!admit_prefers(pa, c, R, st("f"), st("b")) && !admit_prefers(pa, c, R, st("b"), st("f")));
    /* P has no ranking: scores, higher first; no score is last */
    CHECK(admit_prefers(pa, c, P, st("d"), st("a")) && !admit_prefers(pa, c, P, st("a"), st("d")));
    CHECK(admit_prefers(pa, c, P, st("e"), st("c")) && !admit_prefers(pa, c, P, st("c"), st("e")));
    CHECK(!admit_prefers(pa, c, P, st("a"), st("a")));
    /* PS1 inherits PL1's ranking (f above a, though a's score is higher);
       PL2, beside it, does not */
    CHECK(admit_prefers(pa, c, PS1, st("f"), st("a")) && !admit_prefers(pa, c, PS1, st("a"), st("f")));
    CHECK(admit_prefers(pa, c, PL2, st("a"), st("f")) && !admit_prefers(pa, c, PL2, st("f"), st("a")));
}

static void test_must_place(void)
{
    unsigned char drop[16] = {0};
    int d = st("d"), a = st("a");
    rules r;
    rules_init(&r, 0);
    CHECK(rules_must_place(&r, c, d)); /* fixed */
    CHECK(!rules_must_place(&r, c, a));
    rules_init(&r, 1);
    CHECK(rules_must_place(&r, c, a)); /* --require-all */
    r.relax = 1;
    CHECK(!rules_must_place(&r, c, d)); /* relaxed: capacities only */
    rules_init(&r, 0);
    drop[d] = 1;
    r.drop_must = drop;
    CHECK(!rules_must_place(&r, c, d));
    r.require_all = 1;
    CHECK(rules_must_place(&r, c, a));
}

/* Warnings: d's fix bypasses her preferences (she did not rank PL1) and
 * PL1's list; c (nothing admissible) and e (no choices) cannot be
 * placed. Nothing else. */
static void test_warnings(const diag *d)
{
    int fix = 0, c_none = 0, e_none = 0;
    for (size_t i = 0; i < d->count; i++) {
        const char *t = d->msgs[i].text;
        CHECK(d->msgs[i].level == DIAG_WARNING);
        fix += strstr(t, "'d'") && strstr(t, "'PL1'") && strstr(t, "bypasses");
        c_none += strstr(t, "'c'") && strstr(t, "no admissible choice");
        e_none += strstr(t, "'e'") && strstr(t, "no choices");
    }
    CHECK(d->errors == 0 && d->warnings == 3);
    CHECK(fix == 1 && c_none == 1 && e_none == 1);
    if (d->warnings != 3)
        diag_print(d, stdout, 0);
}

/* ---- decimals compared exactly as written: GPAs against min_gpa, and
 * scores, which order students (equal scores tie exactly); messages and
 * priorities quote them as written ---- */
static const char *const decimals[] = {
    "programs.csv", "id,min_gpa\nG,3.5\nH,3.50\nK,\n",
    "students.csv",
    "id,gpa,score\n"
    "x,3.49999999999999999,69.80\n"
    "y,3.4999999999,69.8\n"
    "z,3.5,70\n"
    "w,03.500000000000000001,3.5\n"
    "v,,3.49999999999999999\n"
    "u,3.5,\n",
    "preferences.csv", "student,rank,choice\nx,1,G\ny,1,H\nz,1,G\nw,1,H\nv,1,K\nu,1,K\n",
    NULL};

static void test_decimals(const char *root)
{
    char dir[4096], got[128];
    diag d;
    cycle *cy = NULL;
    const cycle *saved = c;
    admit *a;
    strbuf sb;
    testkit_path(dir, sizeof(dir), root, "decimals");
    if (!CHECK(mkdir(dir, 0777) == 0))
        return;
    testkit_write_files(dir, decimals);
    diag_init(&d);
    if (!CHECK(cycle_load(dir, &d, &cy) == ST_OK && cy)) {
        diag_print(&d, stdout, 0);
        diag_release(&d);
        return;
    }
    c = cy;
    a = admit_build(c, &d);
    /* 3.49999999999999999 is below 3.5 (a double rounds it to 3.5), and
       3.4999999999 below 3.50; 3.5 and 03.500000000000000001 meet them */
    check_of("x", "G", got, sizeof(got));
    CHECK_STR(got, "gpa@G");
    check_of("y", "H", got, sizeof(got));
    CHECK_STR(got, "gpa@H");
    check_of("z", "G", got, sizeof(got));
    CHECK_STR(got, "ok@-");
    check_of("w", "H", got, sizeof(got));
    CHECK_STR(got, "ok@-");
    check_of("v", "G", got, sizeof(got));
    CHECK_STR(got, "gpa@G"); /* no GPA */
    /* the message quotes both values as written */
    strbuf_init(&sb);
    admit_explain(c, st("x"), admit_eligibility(c, st("x"), leaf("G")), &sb);
    CHECK_STR(sb.buf, "'G' requires GPA 3.5 (the student has 3.49999999999999999)");
    strbuf_reset(&sb);
    admit_explain(c, st("y"), admit_eligibility(c, st("y"), leaf("H")), &sb);
    CHECK_STR(sb.buf, "'H' requires GPA 3.50 (the student has 3.4999999999)");
    strbuf_reset(&sb);
    admit_explain(c, st("v"), admit_eligibility(c, st("v"), leaf("H")), &sb);
    CHECK_STR(sb.buf, "'H' requires GPA 3.50 (the student's GPA is not given)");
    strbuf_reset(&sb);
    /* scores: 70 first; 69.80 and 69.8 tie exactly; 3.5 above
       3.49999999999999999; no score last */
    CHECK(a->score_key[st("z")] < a->score_key[st("x")]);
    CHECK(a->score_key[st("x")] == a->score_key[st("y")]);
    CHECK(a->score_key[st("y")] < a->score_key[st("w")]);
    CHECK(a->score_key[st("w")] < a->score_key[st("v")]);
    CHECK(a->score_key[st("v")] < a->score_key[st("u")]);
    CHECK(!admit_prefers(a, c, node("K"), st("x"), st("y")) &&
          !admit_prefers(a, c, node("K"), st("y"), st("x")));
    CHECK(admit_prefers(a, c, node("K"), st("w"), st("v")));
    /* a priority by score is the score as written */
    {
        strbuf basis;
        strbuf_init(&basis);
        admit_priority_describe(a, c, node("K"), st("x"), &basis, &sb);
        CHECK_STR(basis.buf, "score");
        CHECK_STR(sb.buf, "69.80");
        strbuf_release(&basis);
    }
    strbuf_release(&sb);
    admit_free(a);
    diag_release(&d);
    cycle_free(cy);
    c = saved;
}

int main(void)
{
    char dir[4096];
    diag d;
    cycle *cy = NULL;
    admit *a;
    testkit_set_name("test_admit");
    testkit_tmpdir(dir, sizeof(dir), "test_admit");
    testkit_write_files(dir, files);
    diag_init(&d);
    if (!CHECK(cycle_load(dir, &d, &cy) == ST_OK && cy)) {
        diag_print(&d, stdout, 0);
        testkit_rm_tree(dir);
        return harness_finish("admit");
    }
    diag_release(&d);
    c = cy;
    CHECK(c->max_rank == 5);
    diag_init(&d);
    a = admit_build(c, &d);
    test_pairs(a);
    test_warnings(&d);
    test_eligibility();
    test_failures(a);
    test_choice_rank();
    test_explain();
    test_prefers(a);
    test_must_place();
    test_decimals(dir);
    diag_release(&d);
    admit_free(a);
    cycle_free(cy);
    testkit_rm_tree(dir);
    return harness_finish("admit");
}
