/* objective.c - the objectives' names. */
#include "objective.h"

#include <string.h>

static const char *const names[OBJECTIVE_COUNT] = {"rank-sum", "rank-maximal", "generous"};

const char *objective_name(enum objective o)
{
    return (int)o >= 0 && (int)o < OBJECTIVE_COUNT ? names[o] : "?";
}

int objective_parse(const char *name)
{
    for (int k = 0; k < OBJECTIVE_COUNT; k++)
        if (strcmp(name, names[k]) == 0)
            return k;
    return -1;
}
