/* method.h - the methods that answer a solve, in one encoding: what a run
 * asks for (--method: auto, or glpk for the plain integer program solved
 * cold) and what answered it (summary.csv's method row). */
#ifndef METHOD_H
#define METHOD_H

enum method {
    METHOD_AUTO = 0, /* asked: a certified fast path where one applies */
    METHOD_FLOW,     /* the min-cost flow (treeflow.h) */
    METHOD_DEFERRED, /* deferred acceptance (deferred.h) */
    METHOD_GLPK      /* the integer program (model.h); asked: solved cold */
};
#define METHOD_COUNT 4

/* "auto", "flow", "deferred-acceptance" or "glpk"; "?" out of range. */
const char *method_name(enum method m);
/* The method named name, or -1. */
int method_parse(const char *name);

#endif
