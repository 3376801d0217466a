/* cycle_overrides.c - the overrides: reads overrides.csv (a student fixed
 * within, or forbidden from, a node), drops exact repeats, and sets each
 * student's fix and forbids once they are known to leave her a leaf. */
#include "cycle_read.h"

#include <string.h>

/* By student, node, action, then line: a total order. */
static int cmp_override(const void *a, const void *b)
{
    const cycle_override *x = a, *y = b;
    if (x->student != y->student)
        return x->student < y->student ? -1 : 1;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    if (x->action != y->action)
        return x->action < y->action ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* Student s's overrides o[0..n), repeats dropped: sets her fix (the
 * deepest) and forbids, and reports fixes that share no leaf or forbids
 * that cover every leaf of her fix. */
static void check_override_conflicts(cycle_loader *L, int s, const cycle_override *o, int n)
{
    cycle *c = L->c;
    const char *path = L->t[CYCLE_OVERRIDES].path;
    int node_col = csvin_column(&L->t[CYCLE_OVERRIDES], "node") + 1;
    const cycle_override *fix = NULL;
    cycle_student *st = &c->students[s];
    int nforbid = 0;
    for (int i = 0; i < n; i++) {
        if (o[i].action != CYCLE_FIX)
            continue;
        if (!fix || cycle_within(c, fix->node, o[i].node)) {
            fix = &o[i];
        } else if (!cycle_within(c, o[i].node, fix->node)) {
            const cycle_override *later = o[i].line > fix->line ? &o[i] : fix;
            const cycle_override *other = later == fix ? &o[i] : fix;
            diag_error(L->d, path, later->line, node_col,
                       "student '%s' is fixed within both '%s' and '%s' (line %ld), which share "
                       "no leaf",
                       st->id, c->nodes[later->node].id, c->nodes[other->node].id, other->line);
            return;
        }
    }
    for (int i = 0; i < n; i++)
        if (o[i].action == CYCLE_FORBID)
            nforbid++;
    st->forbids = nforbid ? mem_arena_alloc(&c->arena, mem_mul(sizeof(int), (size_t)nforbid))
                          : NULL;
    st->nforbids = 0;
    for (int i = 0; i < n; i++)
        if (o[i].action == CYCLE_FORBID)
            st->forbids[st->nforbids++] = o[i].node;
    if (!fix)
        return;
    st->fix = fix->node;
    {
        const cycle_node *f = &c->nodes[fix->node];
        int free_leaf = 0;
        long last_line = fix->line;
        for (int leaf = f->leaf_lo; leaf < f->leaf_hi && !free_leaf; leaf++) {
            int covered = 0;
            for (int i = 0; i < n && !covered; i++)
                if (o[i].action == CYCLE_FORBID && cycle_within(c, o[i].node, c->leaves[leaf]))
                    covered = 1;
            free_leaf = !covered;
        }
        if (free_leaf)
            return;
        for (int i = 0; i < n; i++)
            if (o[i].action == CYCLE_FORBID && o[i].line > last_line)
                last_line = o[i].line;
        diag_error(L->d, path, last_line, node_col,
                   "overrides leave student '%s' no leaf: the forbids cover all of fix '%s' "
                   "(line %ld)",
                   st->id, f->id, fix->line);
    }
}

void cycle_overrides_read(cycle_loader *L)
{
    cycle *c = L->c;
    cycle_row rc = {L, &L->t[CYCLE_OVERRIDES], NULL, 0};
    int cap = 0, node_col = cycle_read_col(&rc, "node");
    if (!L->usable[CYCLE_OVERRIDES])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        cycle_override o;
        const char *action;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        o.line = rc.row->line;
        o.student = cycle_read_student_ref(&rc, "student");
        o.node = cycle_read_node_ref(&rc, "node", "node");
        action = cycle_read_id(&rc, "action");
        o.action = -1;
        if (action && strcmp(action, "fix") == 0)
            o.action = CYCLE_FIX;
        else if (action && strcmp(action, "forbid") == 0)
            o.action = CYCLE_FORBID;
        else if (action)
            cycle_read_error(&rc, cycle_read_col(&rc, "action"),
                             "unknown action '%s' (expected 'fix' or 'forbid')", action);
        if (rc.bad)
            continue;
        MEM_GROW(c->overrides, c->noverrides, cap);
        c->overrides[c->noverrides++] = o;
    }
    mem_sort(c->overrides, (size_t)c->noverrides, sizeof(cycle_override), cmp_override);
    for (int i = 0; i < c->noverrides;) {
        int j = i, k = i;
        while (j < c->noverrides && c->overrides[j].student == c->overrides[i].student)
            j++;
        /* drop exact repeats, reporting them */
        for (int q = i; q < j; q++) {
            if (q > i && c->overrides[q].node == c->overrides[k - 1].node &&
                c->overrides[q].action == c->overrides[k - 1].action) {
                diag_error(L->d, rc.t->path, c->overrides[q].line, node_col + 1,
                           "duplicate override '%s %s' for student '%s' (also at line %ld)",
                           c->overrides[q].action == CYCLE_FIX ? "fix" : "forbid",
                           c->nodes[c->overrides[q].node].id,
                           c->students[c->overrides[q].student].id, c->overrides[k - 1].line);
                continue;
            }
            c->overrides[k++] = c->overrides[q];
        }
        check_override_conflicts(L, c->overrides[i].student, &c->overrides[i], k - i);
        if (k < j) {
            memmove(&c->overrides[k], &c->overrides[j],
                    sizeof(cycle_override) * (size_t)(c->noverrides - j));
            c->noverrides -= j - k;
            j = k;
        }
        i = j;
    }
}
