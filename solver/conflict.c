/* conflict.c - a deletion filter for infeasible cycles. */
#include "conflict.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "mem.h"
#include "solve.h"
#include "strbuf.h"

enum item_kind { ITEM_MIN, ITEM_QUOTA, ITEM_FIX, ITEM_ALL };

typedef struct item {
    int kind, index; /* node, quota or student */
} item;

typedef struct filter {
    const cycle *c;
    const admit *a;
    rules r;             /* the rules with the dropped ones marked */
    solve_question q;    /* a feasibility question */
    unsigned char *drop_min, *drop_quota, *drop_must;
    int all_dropped; /* --require-all dropped as a whole */
    int require_all;
    double deadline; /* the whole search shares one budget */
} filter;

static void set_item(filter *f, const item *it, unsigned char dropped)
{
    switch (it->kind) {
    case ITEM_MIN:
        f->drop_min[it->index] = dropped;
        break;
    case ITEM_QUOTA:
        f->drop_quota[it->index] = dropped;
        break;
    case ITEM_FIX:
        f->drop_must[it->index] = dropped;
        break;
    case ITEM_ALL:
        f->all_dropped = dropped;
        break;
    }
}

/* 1 feasible, 0 infeasible, -1 could not tell (time, failure). */
static int feasible(filter *f)
{
    solution sol;
    diag scratch;
    status st;
    double left = f->deadline - clock_seconds();
    if (left <= 0)
        return -1;
    f->q.time_limit = left;
    f->r.require_all = f->require_all && !f->all_dropped;
    diag_init(&scratch);
    st = solve_run(f->c, f->a, &f->r, &f->q, &sol, &scratch);
    solution_release(&sol);
    diag_release(&scratch);
    return st == ST_OK ? 1 : st == ST_INFEASIBLE ? 0 : -1;
}

/* Appends the rule it in words; reach is admit_reach_counts. */
static void describe(const cycle *c, const int *reach, const item *it, strbuf *sb)
{
    switch (it->kind) {
    case ITEM_MIN: {
        const cycle_node *n = &c->nodes[it->index];
        int eligible = reach[it->index];
        strbuf_addf(sb, "min %d of %s '%s' (%d student%s can be placed there)", n->min,
                    cycle_level_name(n->level), n->id, eligible, eligible == 1 ? "" : "s");
        break;
    }
    case ITEM_QUOTA: {
        const cycle_quota *q = &c->quotas[it->index];
        strbuf_addf(sb, "quota %s=%s%s%s", cycle_field_name(q->field), q->value_text,
                    q->scope >= 0 ? " in " : "", q->scope >= 0 ? c->nodes[q->scope].id : "");
        if (q->min > 0)
            strbuf_addf(sb, " min %d", q->min);
        if (q->max >= 0)
            strbuf_addf(sb, " max %d", q->max);
        strbuf_addf(sb, " (quotas.csv line %ld)", q->line);
        break;
    }
    case ITEM_FIX: {
        const cycle_student *st = &c->students[it->index];
        strbuf_addf(sb, "fix of student '%s' within '%s'", st->id, c->nodes[st->fix].id);
        break;
    }
    case ITEM_ALL:
        strbuf_adds(sb, "--require-all (every student placed)");
        break;
    }
}

int conflict_find(const cycle *c, const admit *a, const rules *r, int stable, double budget,
                  diag *d)
{
    filter f;
    item *items;
    unsigned char *needed;
    int n = 0, found = 0, complete = 1;
    double t0 = clock_seconds();
    memset(&f, 0, sizeof(f));
    f.c = c;
    f.a = a;
    solve_question_init(&f.q);
    f.q.stable = stable;
    f.q.feasibility = 1;
    f.require_all = r->require_all;
    f.deadline = t0 + budget;
    MEM_ZALLOC_ARRAY(f.drop_min, c->nnodes + 1);
    MEM_ZALLOC_ARRAY(f.drop_quota, c->nquotas + 1);
    MEM_ZALLOC_ARRAY(f.drop_must, c->nstudents + 1);
    rules_init(&f.r, f.require_all);
    f.r.drop_min = f.drop_min;
    f.r.drop_quota = f.drop_quota;
    f.r.drop_must = f.drop_must;
    MEM_ALLOC_ARRAY(items, c->nnodes + c->nquotas + c->nstudents + 1);
    MEM_ZALLOC_ARRAY(needed, c->nnodes + c->nquotas + c->nstudents + 1);
    /* groups first (all minimums, all quotas, all fixes, --require-all),
       each dropped whole when the rest stays infeasible without it */
    for (int kind = ITEM_MIN; kind <= ITEM_ALL; kind++) {
        int first = n, ok;
        if (kind == ITEM_MIN) {
            for (int v = 0; v < c->nnodes; v++)
                if (c->nodes[v].min > 0)
                    items[n++] = (item){ITEM_MIN, v};
        } else if (kind == ITEM_QUOTA) {
            for (int q = 0; q < c->nquotas; q++)
                items[n++] = (item){ITEM_QUOTA, q};
        } else if (kind == ITEM_FIX) {
            for (int s = 0; s < c->nstudents; s++)
                if (c->students[s].fix >= 0)
                    items[n++] = (item){ITEM_FIX, s};
        } else if (f.require_all) {
            items[n++] = (item){ITEM_ALL, 0};
        }
        if (n == first)
            continue;
        for (int i = first; i < n; i++)
            set_item(&f, &items[i], 1);
        ok = feasible(&f);
        if (ok != 0) {
            /* needed as a group: restore, filter one by one below */
            for (int i = first; i < n; i++)
                set_item(&f, &items[i], 0);
            if (ok < 0)
                complete = 0;
        } else {
            n = first; /* not needed at all */
        }
    }
    if (n == 0)
        goto done;
    for (int i = 0; i < n; i++) {
        int ok;
        if (clock_seconds() - t0 > budget) {
            complete = 0;
            for (int j = i; j < n; j++)
                needed[j] = 1;
            break;
        }
        set_item(&f, &items[i], 1);
        ok = feasible(&f);
        if (ok != 0) {
            set_item(&f, &items[i], 0);
            needed[i] = 1;
            if (ok < 0)
                complete = 0;
        }
    }
    {
        strbuf sb;
        int k = 0, *reach;
        MEM_ALLOC_ARRAY(reach, c->nnodes + 1);
        admit_reach_counts(a, c, reach);
        strbuf_init(&sb);
        for (int i = 0; i < n; i++) {
            if (!needed[i])
                continue;
            if (k++ < 20) {
                strbuf_adds(&sb, k > 1 ? "; " : "");
                describe(c, reach, &items[i], &sb);
            }
        }
        free(reach);
        if (k > 20)
            strbuf_addf(&sb, "; and %d more", k - 20);
        if (k > 0) {
            if (k == 1)
                diag_error(d, NULL, 0, 0, "this rule cannot hold%s: %s",
                           complete ? " (dropping it makes the cycle feasible)"
                                    : " (the search ran out of time: not proven)",
                           sb.buf);
            else
                diag_error(d, NULL, 0, 0, "these %d rules cannot all hold together%s: %s", k,
                           complete ? " (dropping any one of them makes the cycle feasible)"
                                    : " (the search ran out of time: the set may not be minimal)",
                           sb.buf);
            found = 1;
        }
        strbuf_release(&sb);
    }
done:
    free(items);
    free(needed);
    free(f.drop_min);
    free(f.drop_quota);
    free(f.drop_must);
    return found;
}
