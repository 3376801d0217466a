/* cycle_ranks.c - the two orders between students and places:
 * preferences.csv (each student ranks places: her choices) and
 * rankings.csv (a place ranks students: its priority). Both are rows of
 * (who, whom, rank), grouped, checked for repeats and sorted the same way. */
#include "cycle_read.h"

#include <stdlib.h>

/* A required rank of at least 1, or 0 after an error. */
static int get_rank(cycle_row *rc)
{
    long v;
    int col = cycle_read_col(rc, "rank");
    const char *text = cycle_read_cell(rc, col);
    if (text[0] == '\0') {
        cycle_read_error(rc, col, "'rank' is empty (it is required)");
        return 0;
    }
    if (!cycle_read_whole(rc, "rank", 0, &v))
        return 0;
    if (v < 1) {
        cycle_read_error(rc, col, "rank '%s' must be at least 1", text);
        return 0;
    }
    return (int)v;
}

/* A row of either file. Rankings put the ranker in student before they
 * sort, so both files group rows by whoever ranks. */
typedef struct pref_row {
    int student, node, rank;
    long line;
} pref_row;

/* By student, node, then line: a total order, as lines are unique. */
static int cmp_pref(const void *a, const void *b)
{
    const pref_row *x = a, *y = b;
    if (x->student != y->student)
        return x->student < y->student ? -1 : 1;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* By rank, then node: total once repeated choices are dropped. */
static int cmp_choice(const void *a, const void *b)
{
    const cycle_choice *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

void cycle_ranks_read_preferences(cycle_loader *L)
{
    cycle *c = L->c;
    cycle_row rc = {L, &L->t[CYCLE_PREFERENCES], NULL, 0};
    pref_row *rows = NULL;
    size_t n = 0, cap = 0;
    int choice_col = cycle_read_col(&rc, "choice"), k_distinct = 0;
    if (!L->usable[CYCLE_PREFERENCES])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        pref_row p;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        p.student = cycle_read_student_ref(&rc, "student");
        p.rank = get_rank(&rc);
        p.node = cycle_read_node_ref(&rc, "choice", "choice");
        p.line = rc.row->line;
        if (rc.bad)
            continue;
        MEM_GROW(rows, n, cap);
        rows[n++] = p;
    }
    mem_sort(rows, n, sizeof(pref_row), cmp_pref);
    c->ranks = mem_arena_alloc(&c->arena, mem_mul(sizeof(int), n + 1));
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        cycle_student *s = &c->students[rows[i].student];
        while (j < n && rows[j].student == rows[i].student)
            j++;
        s->choices = mem_arena_alloc(&c->arena, mem_mul(sizeof(cycle_choice), j - i));
        for (size_t q = i; q < j; q++) {
            if (q > i && rows[q].node == rows[q - 1].node) {
                diag_error(L->d, rc.t->path, rows[q].line, choice_col + 1,
                           "duplicate choice '%s' for student '%s' (also at line %ld)",
                           c->nodes[rows[q].node].id, s->id, rows[q - 1].line);
                continue;
            }
            s->choices[k].node = rows[q].node;
            s->choices[k].rank = rows[q].rank;
            s->choices[k].line = rows[q].line;
            if (rows[q].rank > c->max_rank)
                c->max_rank = rows[q].rank;
            c->ranks[c->nranks++] = rows[q].rank;
            k++;
        }
        s->nchoices = (int)k;
        mem_sort(s->choices, k, sizeof(cycle_choice), cmp_choice);
        i = j;
    }
    /* the ranks in use: the distinct ranks of the choices, ascending */
    mem_sort(c->ranks, (size_t)c->nranks, sizeof(int), cmp_int);
    for (int q = 0, all = c->nranks; q < all; q++)
        if (q == 0 || c->ranks[q] != c->ranks[q - 1])
            c->ranks[k_distinct++] = c->ranks[q];
    c->nranks = k_distinct;
    free(rows);
}

void cycle_ranks_read_rankings(cycle_loader *L)
{
    cycle *c = L->c;
    cycle_row rc = {L, &L->t[CYCLE_RANKINGS], NULL, 0};
    pref_row *rows = NULL; /* student, node = ranker, rank */
    size_t n = 0, cap = 0;
    int student_col = cycle_read_col(&rc, "student");
    if (!L->usable[CYCLE_RANKINGS])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        pref_row p;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        p.node = cycle_read_node_ref(&rc, "ranker", "ranker");
        p.student = cycle_read_student_ref(&rc, "student");
        p.rank = get_rank(&rc);
        p.line = rc.row->line;
        if (rc.bad)
            continue;
        MEM_GROW(rows, n, cap);
        rows[n++] = p;
    }
    /* by ranker, then student */
    for (size_t i = 0; i < n; i++) {
        int t = rows[i].student;
        rows[i].student = rows[i].node;
        rows[i].node = t;
    }
    mem_sort(rows, n, sizeof(pref_row), cmp_pref);
    MEM_ALLOC_ARRAY(c->rankings, n + 1);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        cycle_ranking *r = &c->rankings[c->nrankings];
        while (j < n && rows[j].student == rows[i].student)
            j++;
        r->node = rows[i].student;
        r->entries = mem_arena_alloc(&c->arena, mem_mul(sizeof(cycle_rank_entry), j - i));
        r->count = 0;
        for (size_t q = i; q < j; q++) {
            if (q > i && rows[q].node == rows[q - 1].node) {
                diag_error(L->d, rc.t->path, rows[q].line, student_col + 1,
                           "student '%s' is ranked twice by '%s' (also at line %ld)",
                           c->students[rows[q].node].id, c->nodes[r->node].id, rows[q - 1].line);
                continue;
            }
            r->entries[r->count].student = rows[q].node;
            r->entries[r->count].rank = rows[q].rank;
            r->count++;
        }
        c->nodes[r->node].ranking = c->nrankings++;
        i = j;
    }
    free(rows);
    /* priority: own ranking, else the nearest ancestor's (parents come first) */
    for (int i = 0; i < c->nnodes; i++) {
        cycle_node *nd = &c->nodes[i];
        nd->priority = nd->ranking >= 0 ? nd->ranking
                       : nd->parent >= 0 ? c->nodes[nd->parent].priority
                                         : -1;
    }
}
