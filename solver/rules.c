/* rules.c - the queries on a run's side rules. */
#include "rules.h"

#include <string.h>

void rules_init(rules *r, int require_all)
{
    memset(r, 0, sizeof(*r));
    r->require_all = require_all;
}

int rules_must_place(const rules *r, const cycle *c, int s)
{
    const cycle_student *st = &c->students[s];
    return !r->relax && st->round != CYCLE_ROUND_DECLINED && (r->require_all || st->fix >= 0) &&
           !(r->drop_must && r->drop_must[s]);
}

int rules_min(const rules *r, const cycle *c, int n)
{
    return r->relax || (r->drop_min && r->drop_min[n]) ? 0 : c->nodes[n].min;
}

int rules_quota_applies(const rules *r, int q)
{
    return !r->relax && !(r->drop_quota && r->drop_quota[q]);
}

int rules_any_quota(const rules *r, const cycle *c)
{
    for (int q = 0; q < c->nquotas; q++)
        if (rules_quota_applies(r, q))
            return 1;
    return 0;
}
