/* cycle_students.c - the students: reads students.csv (id, name, home,
 * year, gpa, score, tags) into c->students, in canonical order by id. */
#include "cycle_read.h"

#include <string.h>

/* Students by id; ids are unique once duplicates are dropped. */
static int cmp_student_id(const void *a, const void *b)
{
    return strcmp(((const cycle_student *)a)->id, ((const cycle_student *)b)->id);
}

void cycle_students_read(cycle_loader *L)
{
    cycle *c = L->c;
    cycle_row rc = {L, &L->t[CYCLE_STUDENTS], NULL, 0};
    strmap seen;
    int cap = 0;
    strmap_init(&seen);
    if (!L->usable[CYCLE_STUDENTS])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        cycle_student s;
        const char *id, *home;
        long year;
        int prev;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad) {
            cycle_read_note_broken(L, &rc, "id", &seen);
            continue;
        }
        memset(&s, 0, sizeof(s));
        id = cycle_read_id(&rc, "id");
        s.line = rc.row->line;
        s.name = cycle_read_copy(L, cycle_read_cell(&rc, cycle_read_col(&rc, "name")));
        home = cycle_read_cell(&rc, cycle_read_col(&rc, "home"));
        s.home = home[0] ? cycle_read_home_id(L, home) : -1;
        cycle_read_whole(&rc, "year", -1, &year);
        s.year = (int)year;
        cycle_read_decimal(&rc, "gpa", &s.gpa);
        cycle_read_decimal(&rc, "score", &s.score);
        s.ntags = cycle_read_tags_cell(&rc, "tags", &s.tags);
        s.fix = -1;
        s.round = CYCLE_ROUND_OPEN;
        s.offer = -1;
        if (!id)
            continue;
        s.id = cycle_read_copy(L, id);
        prev = strmap_get(&seen, s.id);
        if (prev == CYCLE_READ_BROKEN)
            continue;
        if (prev >= 0) {
            cycle_read_error(&rc, cycle_read_col(&rc, "id"),
                             "duplicate student id '%s' (already at line %ld)", id,
                             c->students[prev].line);
            continue;
        }
        MEM_GROW(c->students, c->nstudents, cap);
        c->students[c->nstudents] = s;
        strmap_put(&seen, s.id, c->nstudents);
        c->nstudents++;
    }
    mem_sort(c->students, (size_t)c->nstudents, sizeof(cycle_student), cmp_student_id);
    for (int i = 0; i < c->nstudents; i++)
        strmap_put(&c->student_ids, c->students[i].id, i);
    for (size_t i = 0; i < seen.cap; i++)
        if (seen.keys[i] && seen.values[i] == CYCLE_READ_BROKEN)
            strmap_put(&c->student_ids, seen.keys[i], CYCLE_READ_BROKEN);
    strmap_release(&seen);
}
