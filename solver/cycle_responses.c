/* cycle_responses.c - responses.csv: each student's answer to the offer
 * of the previous round ('accepted' or 'declined'), one per student. What
 * an answer does to a round is rounds.c's; here only the file is read and
 * checked at its line and column. */
#include "cycle_read.h"

#include <strings.h>

/* By student, then line. */
static int cmp_response(const void *a, const void *b)
{
    const cycle_response *x = a, *y = b;
    if (x->student != y->student)
        return x->student < y->student ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

void cycle_responses_read(cycle_loader *L)
{
    cycle *c = L->c;
    cycle_row rc = {L, &L->t[CYCLE_RESPONSES], NULL, 0};
    int cap = 0, k = 0, student_col = cycle_read_col(&rc, "student");
    if (!L->usable[CYCLE_RESPONSES])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        cycle_response r;
        const char *answer;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        r.line = rc.row->line;
        r.student = cycle_read_student_ref(&rc, "student");
        answer = cycle_read_id(&rc, "response");
        r.accepted = -1;
        /* as a spreadsheet capitalises it */
        if (answer && strcasecmp(answer, "accepted") == 0)
            r.accepted = 1;
        else if (answer && strcasecmp(answer, "declined") == 0)
            r.accepted = 0;
        else if (answer)
            cycle_read_error(&rc, cycle_read_col(&rc, "response"),
                             "unknown response '%s' (expected 'accepted' or 'declined')", answer);
        if (rc.bad)
            continue;
        MEM_GROW(c->responses, c->nresponses, cap);
        c->responses[c->nresponses++] = r;
    }
    mem_sort(c->responses, (size_t)c->nresponses, sizeof(cycle_response), cmp_response);
    for (int i = 0; i < c->nresponses; i++) {
        if (k > 0 && c->responses[k - 1].student == c->responses[i].student) {
            diag_error(L->d, rc.t->path, c->responses[i].line, student_col + 1,
                       "student '%s' has a second response (also at line %ld): one answer per "
                       "student",
                       c->students[c->responses[i].student].id, c->responses[k - 1].line);
            continue;
        }
        c->responses[k++] = c->responses[i];
    }
    c->nresponses = k;
}
