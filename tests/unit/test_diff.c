/* test_diff.c - the diff of two results folders as a renderer sees it
 * (diff.h): every kind of student change with both sides and the rank
 * direction, the counts, the places in NEW's order then OLD's others, the
 * blocking pairs added and removed (sorted), the metrics in their order
 * (rank_10 after rank_3), the fingerprints; columns found by name with
 * extra ones ignored; the same-cycle rule both ways and its message; the
 * check of a folder against an in-memory cycle (solve --compare); and the
 * located errors of folders that are not results. Folders are written
 * here by hand; every expectation is derived in the comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diff.h"
#include "fixture.h"
#include "harness.h"
#include "testkit.h"

static char root[256];

/* A results folder root/NAME holding the four files given (NULL: left
 * out); its path goes into dir. */
static void folder(char *dir, size_t len, const char *name, const char *assignments,
                   const char *capacity, const char *blocking, const char *summary)
{
    const char *files[9];
    int n = 0;
    testkit_path(dir, len, root, name);
    testkit_rm_tree(dir);
    if (mkdir(dir, 0777) != 0) {
        printf("FAIL cannot create %s\n", dir);
        exit(1);
    }
    if (assignments)
        files[n++] = "assignments.csv", files[n++] = assignments;
    if (capacity)
        files[n++] = "capacity.csv", files[n++] = capacity;
    if (blocking)
        files[n++] = "blocking_pairs.csv", files[n++] = blocking;
    if (summary)
        files[n++] = "summary.csv", files[n++] = summary;
    files[n] = NULL;
    testkit_write_files(dir, files);
}

static const char old_assignments[] =
    "student,name,status,program,lab,supervisor,rank,reason\n"
    "a,Ann,placed,P,L1,S1,1,\"placed at rank 1, no better choice\"\n"
    "b,Bea,placed,P,L1,,2,\n"
    "c,Cy,unplaced,,,,,\n"
    "d,Dan,placed,Q,,,3,\n"
    "e,Eve,placed,Q,,,1,\n"
    "f,Fay,placed,Q,,,,\n"
    "g,Gus,unplaced,,,,,\n"
    "h,Hal,placed,Q,,,1,\n";
/* other column order, an extra column, rows out of order */
static const char new_assignments[] =
    "rank,student,status,program,lab,supervisor,name,reason,extra\n"
    "1,i,placed,P,L1,S1,Ivy,,x\n"
    "1,a,placed,P,L1,S1,Ann,,x\n"
    "1,b,placed,Q,,,Bea,,x\n"
    "1,c,placed,P,L2,,Cy,,x\n"
    ",d,unplaced,,,,Dan,,x\n"
    "2,e,placed,Q,,,Eve,,x\n"
    ",f,fixed,Q,,,Fay,,x\n"
    ",g,declined,,,,Gus,,x\n";
static const char old_capacity[] = "level,id,name,parent,capacity,min,placed,free\n"
                                   "program,P,,,3,0,2,1\n"
                                   "lab,L1,,P,2,0,2,0\n"
                                   "supervisor,S1,,L1,1,0,1,0\n"
                                   "lab,L2,,P,,0,0,\n"
                                   "program,Q,,,4,0,4,0\n"
                                   "lab,GONE,,Q,1,0,0,1\n";
static const char new_capacity[] = "level,id,name,parent,capacity,min,placed,free,extra\n"
                                   "program,P,,,3,0,3,0,x\n"
                                   "lab,L1,,P,2,0,2,0,x\n"
                                   "supervisor,S1,,L1,1,0,2,0,x\n"
                                   "lab,L2,,P,,0,1,,x\n"
                                   "program,Q,,,5,0,3,2,x\n"
                                   "lab,NEWLAB,,Q,2,0,0,2,x\n";
static const char old_blocking[] = "student,leaf,rank,current_leaf,current_rank\n"
                                   "a,X,1,S1,1\n"
                                   "c,Y,2,,\n"
                                   "d,Z,1,Q,3\n";
static const char new_blocking[] = "student,leaf,rank,current_leaf,current_rank,extra\n"
                                   "e,W,1,Q,2,x\n"
                                   "a,X,1,S1,1,x\n"
                                   "c,Y,2,P,1,x\n";
static const char old_summary[] = "metric,value\nstatus,optimal\nobjective,rank-sum\nplaced,6\n"
                                  "unplaced,2\nrank_1,3\nrank_2,1\nrank_10,1\nrank_unranked,1\n"
                                  "total_rank,20\nblocking_pairs,3\nmethod,flow\n"
                                  "stage:placements,6\nstage:rank-sum,20\n"
                                  "sha256:programs.csv,aaa\nsha256:students.csv,bbb\n";
static const char new_summary[] = "metric,value\nstatus,optimal\nobjective,rank-sum\nplaced,6\n"
                                  "unplaced,2\nrank_1,4\nrank_2,1\nrank_3,0\nrank_unranked,1\n"
                                  "total_rank,19\nblocking_pairs,3\nmethod,glpk\n"
                                  "stage:placements,6\nstage:extra,5\nstage:rank-sum,19\n"
                                  "sha256:programs.csv,ccc\nsha256:students.csv,bbb\n"
                                  "sha256:quotas.csv,ddd\n";

/* One line per student of the diff: "ID KIND OLDLEAF/OLDRANK>NEWLEAF/NEWRANK CHANGE". */
static void show_students(const diff *df, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < df->nstudents && used < len; i++) {
        const diff_student *s = &df->students[i];
        int k = snprintf(out + used, len - used, "%s%s %d %s/%s>%s/%s %+d", used ? "; " : "",
                         s->id, (int)s->kind, s->old.leaf, s->old.rank, s->new.leaf,
                         s->new.rank, s->rank_change);
        if (k > 0)
            used += (size_t)k;
    }
}

static void test_changes(void)
{
    char od[512], nd[512], buf[2048];
    diag d;
    diff *df = NULL;
    folder(od, sizeof(od), "old", old_assignments, old_capacity, old_blocking, old_summary);
    folder(nd, sizeof(nd), "new", new_assignments, new_capacity, new_blocking, new_summary);
    diag_init(&d);
    if (!CHECK(diff_new(od, nd, &d, &df) == ST_OK && df != NULL)) {
        diag_print(&d, stdout, 0);
        diag_release(&d);
        return;
    }
    CHECK(d.count == 0); /* extra columns are no warning */
    /* a: same leaf and rank: not listed. b: L1 -> Q (leaf = deepest
       non-empty), rank 2 -> 1: better. c: none -> L2. d: Q -> none.
       e: Q, rank 1 -> 2: worse. f: placed -> fixed at Q, both unranked.
       g: unplaced -> declined. h: only in OLD, i: only in NEW. */
    show_students(df, buf, sizeof(buf));
    CHECK_STR(buf, "b 0 L1/2>Q/1 -1; c 1 />L2/1 +0; d 2 Q/3>/ +0; e 3 Q/1>Q/2 +1; "
                   "f 4 Q/>Q/ +0; g 4 />/ +0; h 5 Q/1>/ +0; i 6 />S1/1 +0");
    CHECK(df->count[DIFF_MOVED] == 1 && df->count[DIFF_PLACED] == 1 &&
          df->count[DIFF_UNPLACED] == 1 && df->count[DIFF_RANK] == 1 &&
          df->count[DIFF_STATUS] == 2 && df->count[DIFF_ONLY_OLD] == 1 &&
          df->count[DIFF_ONLY_NEW] == 1);
    CHECK(df->rank_better == 1 && df->rank_worse == 1);
    if (df->nstudents == 8) {
        const diff_student *h = &df->students[6], *i = &df->students[7], *g = &df->students[5];
        CHECK(h->old.present && !h->new.present && h->new.status[0] == '\0');
        CHECK_STR(h->name, "Hal");
        CHECK(!i->old.present && i->new.present);
        CHECK_STR(i->name, "Ivy");
        CHECK_STR(g->old.status, "unplaced");
        CHECK_STR(g->new.status, "declined");
        CHECK(df->students[0].old.rank_value == 2 && df->students[0].new.rank_value == 1);
    }
    /* places: P 2->3, S1 1->2, L2 0->1 (no limit), Q capacity 4->5 and
       placed 4->3, NEWLAB only in NEW; L1 unchanged; GONE only in OLD, last */
    buf[0] = '\0';
    for (size_t k = 0, used = 0; k < df->nnodes; k++) {
        const diff_node *n = &df->nodes[k];
        int w = snprintf(buf + used, sizeof(buf) - used, "%s%s:%s:%d%d:%ld/%ld>%ld/%ld",
                         k ? " " : "", n->id, n->level, n->in_old, n->in_new, n->old_placed,
                         n->old_capacity, n->new_placed, n->new_capacity);
        if (w > 0)
            used += (size_t)w;
    }
    CHECK_STR(buf, "P:program:11:2/3>3/3 S1:supervisor:11:1/1>2/1 L2:lab:11:0/-1>1/-1 "
                   "Q:program:11:4/4>3/5 NEWLAB:lab:01:-1/-1>0/2 GONE:lab:10:0/1>-1/-1");
    /* pairs: (e,W) only in NEW, (d,Z) only in OLD; (c,Y) in both (its
       current leaf differs, but a pair is its student and leaf) */
    CHECK(df->nadded == 1 && df->nremoved == 1);
    if (df->nadded == 1 && df->nremoved == 1) {
        CHECK_STR(df->added[0].student, "e");
        CHECK_STR(df->added[0].leaf, "W");
        CHECK_STR(df->added[0].current_leaf, "Q");
        CHECK_STR(df->removed[0].student, "d");
        CHECK_STR(df->removed[0].leaf, "Z");
        CHECK_STR(df->removed[0].current_rank, "3");
    }
    /* metrics: the fixed ones either side has, NEW's stages then OLD's
       others, ranks by number (10 after 3), rank_unranked last */
    buf[0] = '\0';
    for (size_t k = 0, used = 0; k < df->nmetrics; k++) {
        const diff_metric *m = &df->metrics[k];
        int w = snprintf(buf + used, sizeof(buf) - used, "%s%s=%s>%s%s", k ? " " : "", m->name,
                         m->old, m->new, m->changed ? "*" : "");
        if (w > 0)
            used += (size_t)w;
    }
    CHECK_STR(buf, "status=optimal>optimal objective=rank-sum>rank-sum method=flow>glpk* "
                   "placed=6>6 unplaced=2>2 total_rank=20>19* blocking_pairs=3>3 "
                   "stage:placements=6>6 stage:extra=>5* stage:rank-sum=20>19* rank_1=3>4* "
                   "rank_2=1>1 rank_3=>0* rank_10=1>* rank_unranked=1>1");
    /* fingerprints: programs differ, students the same, quotas only in NEW;
       one file in common: the same cycle, although the students differ */
    CHECK(df->nprints == 3);
    if (df->nprints == 3) {
        CHECK_STR(df->prints[0].file, "programs.csv");
        CHECK_STR(df->prints[2].file, "quotas.csv");
        CHECK_STR(df->prints[2].old, "");
    }
    CHECK(df->cycle.same && df->cycle.same_prints == 1 && df->cycle.other_prints == 2 &&
          !df->cycle.same_students && df->cycle.only_old == 1 && df->cycle.only_new == 1);
    CHECK(!diff_empty(df));
    CHECK_STR(diff_kind_name(DIFF_PLACED), "newly placed");
    diff_free(df);
    df = NULL;
    /* the same folder twice: nothing listed, no metric changed */
    CHECK(diff_new(od, od, &d, &df) == ST_OK && df && diff_empty(df) && df->nstudents == 0 &&
          df->nmetrics == 13 && df->cycle.same_students);
    diff_free(df);
    diag_release(&d);
}

static void test_other_cycle(void)
{
    char od[512], nd[512];
    diag d;
    diff *df = NULL;
    char *msg;
    /* no fingerprint in common and other students */
    static const char other_summary[] = "metric,value\nsha256:programs.csv,ccc\n"
                                        "sha256:students.csv,eee\nsha256:quotas.csv,ddd\n";
    folder(od, sizeof(od), "old", old_assignments, old_capacity, old_blocking, old_summary);
    folder(nd, sizeof(nd), "other", new_assignments, new_capacity, new_blocking, other_summary);
    diag_init(&d);
    CHECK(diff_new(od, nd, &d, &df) == ST_OK && df);
    if (!df)
        return;
    CHECK(!df->cycle.same && df->cycle.same_prints == 0 && df->cycle.other_prints == 3);
    diff_note_cycle(df, 0, &d);
    CHECK(d.errors == 1 && d.count == 1);
    if (d.count == 1) {
        char want[12288];
        msg = diag_format(&d.msgs[0]);
        snprintf(want, sizeof(want),
                 "error: '%s' and '%s' are results of different cycles: no input file has the "
                 "same fingerprint in both (programs.csv, students.csv differ; quotas.csv only "
                 "in '%s') and 1 student is only in '%s', 1 only in '%s'; --force compares "
                 "them anyway",
                 od, nd, nd, od, nd);
        CHECK_STR(msg, want);
        free(msg);
    }
    diff_note_cycle(df, 1, &d);
    CHECK(d.errors == 1 && d.warnings == 1);
    diff_free(df);
    diag_release(&d);
}

static void test_not_results(void)
{
    char od[512], nd[512], want[8192];
    diag d;
    diff *df = (diff *)&df; /* must be set to NULL on failure */
    folder(od, sizeof(od), "nosummary", old_assignments, old_capacity, old_blocking, NULL);
    folder(nd, sizeof(nd), "badrows",
           "student,name,status,program,rank\nx,X,placed,P,two\nx,X,placed,P,1\n", old_capacity,
           "who,rank\n", old_summary);
    diag_init(&d);
    CHECK(diff_new(od, nd, &d, &df) == ST_INPUT && df == NULL);
    /* every problem of both folders, located */
    CHECK(d.errors == 4);
    if (d.count >= 4) {
        char *m;
        snprintf(want, sizeof(want),
                 "%s/summary.csv: error: no such file: '%s' is not a results folder (placement "
                 "solve writes summary.csv and assignments.csv)",
                 od, od);
        m = diag_format(&d.msgs[0]);
        CHECK_STR(m, want);
        free(m);
        snprintf(want, sizeof(want), "%s/assignments.csv:2:5: error: rank 'two' is not a whole "
                 "number", nd);
        m = diag_format(&d.msgs[1]);
        CHECK_STR(m, want);
        free(m);
        /* the second x is kept (the first was unreadable): no "listed twice" */
        snprintf(want, sizeof(want), "%s/blocking_pairs.csv: error: missing required column 'student'",
                 nd);
        m = diag_format(&d.msgs[2]);
        CHECK_STR(m, want);
        free(m);
        snprintf(want, sizeof(want), "%s/blocking_pairs.csv: error: missing required column 'leaf'",
                 nd);
        m = diag_format(&d.msgs[3]);
        CHECK_STR(m, want);
        free(m);
    }
    diag_release(&d);
    /* a student listed twice */
    folder(nd, sizeof(nd), "twice",
           "student,program\nx,P\ny,\nx,Q\n", old_capacity, old_blocking, old_summary);
    diag_init(&d);
    CHECK(diff_new(nd, nd, &d, &df) == ST_INPUT && df == NULL && d.errors == 2);
    if (d.count >= 1) {
        char *m = diag_format(&d.msgs[0]);
        snprintf(want, sizeof(want), "%s/assignments.csv:4:1: error: student 'x' is listed twice "
                 "(also at line 2)", nd);
        CHECK_STR(m, want);
        free(m);
    }
    diag_release(&d);
    /* no such folder */
    diag_init(&d);
    testkit_path(od, sizeof(od), root, "missing");
    CHECK(diff_new(od, od, &d, &df) == ST_INPUT && d.errors == 2);
    diag_release(&d);
}

static void test_check_cycle(void)
{
    fixture f;
    char od[512], summary[1024], want[8192];
    diag d;
    const char *assign = "student,status,program\ns1,placed,P\ns2,unplaced,\n";
    fixture_load(&f, "programs.csv", "id,capacity\nP,1\n", "students.csv", "id\ns1\ns2\n",
                 "preferences.csv", "student,rank,choice\ns1,1,P\n", NULL);
    /* one fingerprint in common (programs.csv), other students: the same cycle */
    snprintf(summary, sizeof(summary), "metric,value\nsha256:programs.csv,%s\n",
             f.c->sha256[CYCLE_PROGRAMS]);
    folder(od, sizeof(od), "earlier", "student,program\nz,P\n", NULL, NULL, summary);
    diag_init(&d);
    CHECK(diff_check_cycle(od, f.c, 0, &d) == ST_OK && d.count == 0);
    diag_release(&d);
    /* no fingerprint in common, the same students: the same cycle */
    folder(od, sizeof(od), "earlier", assign, NULL, NULL,
           "metric,value\nsha256:programs.csv,0\nsha256:students.csv,0\n");
    diag_init(&d);
    CHECK(diff_check_cycle(od, f.c, 0, &d) == ST_OK && d.count == 0);
    diag_release(&d);
    /* neither: refused, or a warning with force */
    folder(od, sizeof(od), "earlier", "student,program\ns1,P\nz,\n", NULL, NULL,
           "metric,value\nsha256:programs.csv,0\n");
    diag_init(&d);
    CHECK(diff_check_cycle(od, f.c, 0, &d) == ST_INPUT && d.errors == 1);
    if (d.count == 1) {
        char *m = diag_format(&d.msgs[0]);
        /* programs.csv differs; students.csv and preferences.csv are
           fingerprinted by the cycle only; z only in OLD, s2 only in the cycle */
        snprintf(want, sizeof(want),
                 "error: '%s' holds results of another cycle than '%s': no input file has the "
                 "same fingerprint in both (programs.csv differs; students.csv, preferences.csv "
                 "only in '%s') and 1 student is only in '%s', 1 only in '%s'; --force compares "
                 "them anyway",
                 od, f.c->dir, f.c->dir, od, f.c->dir);
        CHECK_STR(m, want);
        free(m);
    }
    diag_release(&d);
    diag_init(&d);
    CHECK(diff_check_cycle(od, f.c, 1, &d) == ST_OK && d.errors == 0 && d.warnings == 1);
    diag_release(&d);
    /* not a results folder */
    folder(od, sizeof(od), "earlier", assign, NULL, NULL, NULL);
    diag_init(&d);
    CHECK(diff_check_cycle(od, f.c, 1, &d) == ST_INPUT && d.errors == 1);
    diag_release(&d);
    fixture_release(&f);
}

int main(void)
{
    testkit_set_name("test_diff");
    testkit_tmpdir(root, sizeof(root), "test_diff");
    test_changes();
    test_other_cycle();
    test_not_results();
    test_check_cycle();
    testkit_rm_tree(root);
    return harness_finish("diff");
}
