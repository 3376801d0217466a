/* cycle.c - the in-memory cycle once loaded: freeing it and the queries
 * every stage asks of it (ids to indices, subtrees, ranks, quotas, tags).
 * Reading and validating a cycle folder is cycle_load.c's. */
#include "cycle.h"

#include <stdlib.h>

static const char *const file_names[CYCLE_NFILES] = {
    "programs.csv",    "labs.csv",     "supervisors.csv", "students.csv",
    "preferences.csv", "rankings.csv", "quotas.csv",      "overrides.csv",
    "lottery.csv",     "responses.csv"};

const char *cycle_file_name(enum cycle_file f)
{
    return file_names[f];
}

void cycle_free(cycle *c)
{
    if (!c)
        return;
    free(c->nodes);
    free(c->leaves);
    free(c->students);
    free(c->rankings);
    free(c->quotas);
    free(c->overrides);
    free(c->responses);
    strmap_release(&c->node_ids);
    strmap_release(&c->student_ids);
    mem_arena_release(&c->arena);
    free(c);
}

int cycle_node_index(const cycle *c, const char *id)
{
    int n = strmap_get(&c->node_ids, id);
    return n >= 0 ? n : -1;
}

int cycle_student_index(const cycle *c, const char *id)
{
    int s = strmap_get(&c->student_ids, id);
    return s >= 0 ? s : -1;
}

int cycle_within(const cycle *c, int a, int b)
{
    return b >= a && b < c->nodes[a].end;
}

int cycle_ranking_entry(const cycle *c, int r, int s)
{
    const cycle_ranking *rk = &c->rankings[r];
    int lo = 0, hi = rk->count;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (rk->entries[mid].student < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < rk->count && rk->entries[lo].student == s ? lo : -1;
}

int cycle_ranking_rank(const cycle *c, int r, int s)
{
    int i = cycle_ranking_entry(c, r, s);
    return i < 0 ? 0 : c->rankings[r].entries[i].rank;
}

const char *cycle_level_name(int level)
{
    static const char *const names[3] = {"program", "lab", "supervisor"};
    return level >= 0 && level < 3 ? names[level] : "node";
}

const char *cycle_field_name(int field)
{
    static const char *const names[3] = {"home", "year", "tag"};
    return field >= 0 && field < 3 ? names[field] : "field";
}

int cycle_has_tag(const cycle_student *st, int tag)
{
    int lo = 0, hi = st->ntags;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (st->tags[mid] < tag)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < st->ntags && st->tags[lo] == tag;
}

int cycle_rank_index(const cycle *c, int rank)
{
    int lo = 0, hi = c->nranks;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->ranks[mid] < rank)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->nranks && c->ranks[lo] == rank ? lo : -1;
}

int cycle_quota_counts(const cycle *c, const cycle_quota *q, int s)
{
    const cycle_student *st = &c->students[s];
    switch (q->field) {
    case CYCLE_FIELD_HOME:
        return q->value >= 0 && st->home == q->value;
    case CYCLE_FIELD_YEAR:
        return st->year >= 0 && st->year == q->value;
    case CYCLE_FIELD_TAG:
        return cycle_has_tag(st, q->value);
    }
    return 0;
}

int cycle_quota_scopes(const cycle *c, const cycle_quota *q, int leaf)
{
    return q->scope < 0 || cycle_within(c, q->scope, c->leaves[leaf]);
}

int cycle_quota_covers(const cycle *c, const cycle_quota *q, int s, int leaf)
{
    return cycle_quota_counts(c, q, s) && cycle_quota_scopes(c, q, leaf);
}

int cycle_quota_next2(const cycle *c, int s, int t, int *i, int *j)
{
    const cycle_student *a = &c->students[s], *b = t >= 0 ? &c->students[t] : NULL;
    int na = a->nquotas, nb = b ? b->nquotas : 0, qa, qb;
    qa = *i < na ? a->quotas[*i] : -1;
    qb = *j < nb ? b->quotas[*j] : -1;
    if (qa < 0 && qb < 0)
        return -1;
    if (qb < 0 || (qa >= 0 && qa < qb)) {
        ++*i;
        return qa;
    }
    if (qa == qb)
        ++*i;
    ++*j;
    return qb;
}

int cycle_override_fix(const cycle *c, int s)
{
    int lo = 0, hi = c->noverrides, best = -1;
    /* overrides are sorted by student: the first of hers */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (c->overrides[mid].student < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < c->noverrides && c->overrides[i].student == s; i++)
        if (c->overrides[i].action == CYCLE_FIX &&
            (best < 0 || cycle_within(c, best, c->overrides[i].node)))
            best = c->overrides[i].node;
    return best;
}

const char *cycle_status_word(const cycle *c, int s, int placed)
{
    const cycle_student *st = &c->students[s];
    if (st->round == CYCLE_ROUND_DECLINED)
        return "declined";
    if (!placed)
        return "unplaced";
    if (st->round == CYCLE_ROUND_KEPT)
        return "kept";
    if (st->round == CYCLE_ROUND_HELD)
        return cycle_override_fix(c, s) >= 0 ? "fixed" : "placed";
    return st->fix >= 0 ? "fixed" : "placed";
}
