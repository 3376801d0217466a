/* solution.c - filling and releasing a solution. */
#include "solution.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void solution_init(solution *sol, int nstudents)
{
    memset(sol, 0, sizeof(*sol));
    sol->nstudents = nstudents;
    MEM_ALLOC_ARRAY(sol->leaf_of, nstudents + 1);
    for (int s = 0; s < nstudents; s++)
        sol->leaf_of[s] = -1;
    sol->method = METHOD_GLPK;
    sol->stop_stage = -1;
    sol->stop_bound = HUGE_VAL;
}

void solution_release(solution *sol)
{
    free(sol->leaf_of);
    sol->leaf_of = NULL;
}

void solution_set_all(solution *sol, const admit *a, const stage_def *st, int nstages,
                      const int *leaf_of, double seconds)
{
    memcpy(sol->leaf_of, leaf_of, sizeof(int) * (size_t)sol->nstudents);
    sol->optimal = 1;
    sol->nstages = nstages;
    for (int i = 0; i < nstages; i++) {
        memcpy(sol->stages[i].name, st[i].name, sizeof(st[i].name));
        sol->stages[i].value = stages_value(&st[i], a, leaf_of, sol->nstudents);
        sol->stages[i].optimal = 1;
        sol->stages[i].seconds = i == 0 ? seconds : 0;
    }
    sol->seconds = seconds;
}

void solution_note(solution *sol, const char *fmt, ...)
{
    size_t len = strlen(sol->method_note);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sol->method_note + len, sizeof(sol->method_note) - len, fmt, ap);
    va_end(ap);
}

long solution_placed(const solution *sol)
{
    long placed = 0;
    for (int s = 0; s < sol->nstudents; s++)
        placed += sol->leaf_of[s] >= 0;
    return placed;
}
