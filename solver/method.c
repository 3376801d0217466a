/* method.c - the methods' names. */
#include "method.h"

#include <string.h>

static const char *const names[METHOD_COUNT] = {"auto", "flow", "deferred-acceptance", "glpk"};

const char *method_name(enum method m)
{
    return (int)m >= 0 && (int)m < METHOD_COUNT ? names[m] : "?";
}

int method_parse(const char *name)
{
    for (int k = 0; k < METHOD_COUNT; k++)
        if (strcmp(name, names[k]) == 0)
            return k;
    return -1;
}
