/* cycle_lottery.c - the published lottery: reads lottery.csv (one number
 * per student, written once by `placement lottery`) into each student's
 * lottery number, and checks that every student has one and that no two
 * share one. The numbers break ties in priority (admit.h's keys). */
#include "cycle_read.h"

#include <stdlib.h>

#include "strbuf.h"

/* The students named when some have no number; the rest are counted. */
#define MISSING_SHOWN 5

/* A row that read cleanly. */
typedef struct lottery_row {
    int student;
    long number;
    long line;
} lottery_row;

/* By number, then line: the first row of a number comes first. */
static int cmp_number(const void *a, const void *b)
{
    const lottery_row *x = a, *y = b;
    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Her number from column 'number': a whole number of at least 1, or 0
 * after an error. */
static long get_number(cycle_row *rc)
{
    int col = cycle_read_col(rc, "number");
    const char *text = cycle_read_cell(rc, col);
    long v;
    if (text[0] == '\0') {
        cycle_read_error(rc, col, "'number' is empty (it is required)");
        return 0;
    }
    if (!cycle_read_whole(rc, "number", 0, &v))
        return 0;
    if (v < 1) {
        cycle_read_error(rc, col, "number '%s' must be at least 1", text);
        return 0;
    }
    return v;
}

/* The students of students.csv that no row names (named[s] 0; a row with
 * a bad number had its own error): one error for the file, with how
 * many, the first few by id, and what to do about a late one. */
static void report_missing(cycle_loader *L, const char *named, long largest)
{
    cycle *c = L->c;
    strbuf names;
    int missing = 0;
    strbuf_init(&names);
    for (int s = 0; s < c->nstudents; s++) {
        if (named[s])
            continue;
        if (missing < MISSING_SHOWN)
            strbuf_addf(&names, "%s'%s'", missing ? ", " : "", c->students[s].id);
        missing++;
    }
    if (missing > MISSING_SHOWN)
        strbuf_addf(&names, " and %d more", missing - MISSING_SHOWN);
    if (missing)
        diag_error(L->d, L->t[CYCLE_LOTTERY].path, 0, 0,
                   "%d student%s of students.csv %s no lottery number: %s (the lottery is drawn "
                   "once and never re-drawn; give a student who joined late the next free "
                   "number by hand, %ld, then %ld, ...)",
                   missing, missing == 1 ? "" : "s", missing == 1 ? "has" : "have", names.buf,
                   largest + 1, largest + 2);
    strbuf_release(&names);
}

void cycle_lottery_read(cycle_loader *L)
{
    cycle *c = L->c;
    cycle_row rc = {L, &L->t[CYCLE_LOTTERY], NULL, 0};
    lottery_row *rows = NULL;
    long *first_line; /* per student: the line that gave her a number, 0 */
    char *named;      /* per student: some row names her */
    long largest = 0;
    size_t n = 0, cap = 0;
    int student_col = cycle_read_col(&rc, "student"), number_col = cycle_read_col(&rc, "number");
    if (!L->usable[CYCLE_LOTTERY])
        return;
    MEM_ZALLOC_ARRAY(first_line, c->nstudents + 1);
    MEM_ZALLOC_ARRAY(named, c->nstudents + 1);
    for (size_t i = 0; i < rc.t->nrows; i++) {
        lottery_row r;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        r.student = cycle_read_student_ref(&rc, "student");
        r.number = get_number(&rc);
        r.line = rc.row->line;
        if (r.student >= 0)
            named[r.student] = 1;
        if (rc.bad)
            continue;
        if (first_line[r.student]) {
            cycle_read_error(&rc, student_col,
                             "student '%s' has a second lottery number (also at line %ld)",
                             c->students[r.student].id, first_line[r.student]);
            continue;
        }
        first_line[r.student] = r.line;
        MEM_GROW(rows, n, cap);
        rows[n++] = r;
    }
    mem_sort(rows, n, sizeof(*rows), cmp_number);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && rows[i].number == rows[i - 1].number) {
            size_t k = i;
            while (k > 0 && rows[k - 1].number == rows[i].number)
                k--;
            diag_error(L->d, rc.t->path, rows[i].line, number_col + 1,
                       "lottery number %ld is also given to student '%s' (line %ld): each "
                       "number is drawn for one student",
                       rows[i].number, c->students[rows[k].student].id, rows[k].line);
            continue;
        }
        c->students[rows[i].student].lottery = (int)rows[i].number;
        if (rows[i].number > largest)
            largest = rows[i].number;
    }
    /* a student whose id row was rejected, or a students.csv that could
       not be read, would be named missing for no fault of this file */
    if (!L->unread[CYCLE_STUDENTS])
        report_missing(L, named, largest);
    c->lottery = 1;
    free(rows);
    free(first_line);
    free(named);
}
