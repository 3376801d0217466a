/* rules.h - a run's side rules, built once and passed as `const rules *`
 * to every method, the export, the explanations and the conflict filter:
 * who must be placed (fixes, --require-all) and which minimums and quotas
 * apply, with the relaxations the explanations ask for. Capacities and
 * admissibility are not side rules: they always hold. */
#ifndef RULES_H
#define RULES_H

#include "cycle.h"

typedef struct rules {
    int require_all; /* every student is placed (one without an
                        admissible leaf makes the cycle infeasible) */
    int relax;       /* capacities and admissibility only: no minimum,
                        quota or must-place student (stability, when
                        asked, still holds: it is not a side rule) */
    /* rules left out (NULL: none): per node its minimum, per quota both
       bounds, per student her must-place rule; the arrays belong to the
       caller and must outlive every use of the struct */
    const unsigned char *drop_min, *drop_quota, *drop_must;
} rules;

/* The rules of a plain run: every minimum, quota and fix applies. */
void rules_init(rules *r, int require_all);
/* Whether student s must be placed: she has a fix, or require_all. */
int rules_must_place(const rules *r, const cycle *c, int s);
/* The minimum in force at node n (0 when relaxed or dropped). */
int rules_min(const rules *r, const cycle *c, int n);
/* Whether quota q applies. */
int rules_quota_applies(const rules *r, int q);
/* Whether any quota of c applies. */
int rules_any_quota(const rules *r, const cycle *c);

#endif
