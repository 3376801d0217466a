/* diff.c - what changed between two results folders (read by
 * resfolder.c); the same-cycle rule (diff.h). */
#include "diff.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "num.h"
#include "strbuf.h"
#include "strmap.h"

/* ---- the same-cycle rule ---- */

#define SHA_PREFIX "sha256:"

static int is_print(const char *metric)
{
    return strncmp(metric, SHA_PREFIX, strlen(SHA_PREFIX)) == 0;
}

/* The fingerprints of a folder's summary side by side with other ones:
 * prints gets old's rows in order, then new's others. */
static size_t pair_prints(const resfolder *old, const resfolder *new, diff_fingerprint **out)
{
    diff_fingerprint *p;
    size_t n = 0, cap = old->nmetrics + new->nmetrics + 1;
    MEM_ALLOC_ARRAY(p, cap);
    for (int side = 0; side < 2; side++) {
        const resfolder *f = side ? new : old;
        for (size_t i = 0; i < f->nmetrics; i++) {
            const char *file = f->metrics[i].name + strlen(SHA_PREFIX);
            size_t j;
            if (!is_print(f->metrics[i].name))
                continue;
            for (j = 0; j < n && strcmp(p[j].file, file) != 0; j++)
                ;
            if (j == n) {
                p[n].file = file;
                p[n].old = p[n].new = "";
                n++;
            }
            /* the first row of a file counts */
            if (side == 0 && !p[j].old[0])
                p[j].old = f->metrics[i].value;
            if (side == 1 && !p[j].new[0])
                p[j].new = f->metrics[i].value;
        }
    }
    *out = p;
    return n;
}

static void judge_prints(diff_cycle *v, const diff_fingerprint *p, size_t n)
{
    v->same_prints = v->other_prints = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i].old[0] && strcmp(p[i].old, p[i].new) == 0)
            v->same_prints++;
        else
            v->other_prints++;
    }
    v->same_students = v->only_old == 0 && v->only_new == 0;
    v->same = v->same_prints > 0 || v->same_students;
}

/* Appends to sb the list of files of p whose fingerprints differ (which:
 * 0 both have one, 1 only old, 2 only new), "A, B". Returns how many. */
static int list_prints(strbuf *sb, const diff_fingerprint *p, size_t n, int which)
{
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        int w = !p[i].new[0] ? 1 : !p[i].old[0] ? 2 : 0;
        if (w != which || (w == 0 && strcmp(p[i].old, p[i].new) == 0))
            continue;
        strbuf_addf(sb, "%s%s", k ? ", " : "", p[i].file);
        k++;
    }
    return k;
}

/* Why the rule does not hold: the fingerprints, then the students. */
static void explain_cycle(strbuf *sb, const diff_cycle *v, const diff_fingerprint *p, size_t n,
                          const char *old_name, const char *new_name)
{
    if (n == 0) {
        strbuf_adds(sb, "neither has input fingerprints (sha256 rows in summary.csv)");
    } else {
        strbuf part;
        int k;
        strbuf_init(&part);
        strbuf_adds(sb, "no input file has the same fingerprint in both (");
        if ((k = list_prints(&part, p, n, 0)) > 0)
            strbuf_addf(&part, " differ%s", k == 1 ? "s" : "");
        {
            strbuf more;
            strbuf_init(&more);
            if (list_prints(&more, p, n, 1) > 0)
                strbuf_addf(&part, "%s%s only in '%s'", part.len ? "; " : "", more.buf, old_name);
            strbuf_reset(&more);
            if (list_prints(&more, p, n, 2) > 0)
                strbuf_addf(&part, "%s%s only in '%s'", part.len ? "; " : "", more.buf, new_name);
            strbuf_release(&more);
        }
        strbuf_addf(sb, "%s)", part.buf);
        strbuf_release(&part);
    }
    strbuf_adds(sb, " and ");
    if (v->only_old)
        strbuf_addf(sb, "%ld student%s %s only in '%s'", v->only_old, v->only_old == 1 ? "" : "s",
                    v->only_old == 1 ? "is" : "are", old_name);
    if (v->only_old && v->only_new)
        strbuf_addf(sb, ", %ld only in '%s'", v->only_new, new_name);
    else if (v->only_new)
        strbuf_addf(sb, "%ld student%s %s only in '%s'", v->only_new, v->only_new == 1 ? "" : "s",
                    v->only_new == 1 ? "is" : "are", new_name);
}

void diff_note_cycle(const diff *df, int force, diag *d)
{
    strbuf sb;
    strbuf_init(&sb);
    explain_cycle(&sb, &df->cycle, df->prints, df->nprints, df->old_dir, df->new_dir);
    if (force)
        diag_warning(d, NULL, 0, 0,
                     "'%s' and '%s' are results of different cycles (compared anyway, --force): "
                     "%s",
                     df->old_dir, df->new_dir, sb.buf);
    else
        diag_error(d, NULL, 0, 0,
                   "'%s' and '%s' are results of different cycles: %s; --force compares them "
                   "anyway",
                   df->old_dir, df->new_dir, sb.buf);
    strbuf_release(&sb);
}

status diff_check_cycle(const char *old_dir, const cycle *c, int force, diag *d)
{
    mem_arena a;
    resfolder old, now;
    diff_fingerprint *p = NULL;
    size_t n;
    diff_cycle v;
    long matched = 0;
    status rc;
    mem_arena_init(&a);
    memset(&now, 0, sizeof(now));
    rc = resfolder_read(old_dir, (1u << RESFOLDER_SUMMARY) | (1u << RESFOLDER_ASSIGNMENTS), &a, d,
                        &old);
    if (rc != ST_OK)
        goto done;
    /* the cycle's fingerprints as the summary it would write */
    MEM_ALLOC_ARRAY(now.metrics, CYCLE_NFILES);
    for (int k = 0; k < CYCLE_NFILES; k++) {
        strbuf name;
        if (!c->paths[k])
            continue;
        strbuf_init(&name);
        strbuf_addf(&name, SHA_PREFIX "%s", cycle_file_name((enum cycle_file)k));
        now.metrics[now.nmetrics].name = mem_arena_strndup(&a, name.buf, name.len);
        now.metrics[now.nmetrics].value = c->sha256[k];
        now.nmetrics++;
        strbuf_release(&name);
    }
    n = pair_prints(&old, &now, &p);
    memset(&v, 0, sizeof(v));
    for (size_t i = 0; i < old.nrows; i++)
        if (cycle_student_index(c, old.rows[i].id) >= 0)
            matched++;
    v.only_old = (long)old.nrows - matched;
    v.only_new = c->nstudents - matched;
    judge_prints(&v, p, n);
    if (!v.same) {
        strbuf sb;
        strbuf_init(&sb);
        explain_cycle(&sb, &v, p, n, old_dir, c->dir ? c->dir : "the cycle");
        if (force)
            diag_warning(d, NULL, 0, 0,
                         "'%s' holds results of another cycle than '%s' (compared anyway, "
                         "--force): %s",
                         old_dir, c->dir ? c->dir : "the cycle", sb.buf);
        else {
            diag_error(d, NULL, 0, 0,
                       "'%s' holds results of another cycle than '%s': %s; --force compares "
                       "them anyway",
                       old_dir, c->dir ? c->dir : "the cycle", sb.buf);
            rc = ST_INPUT;
        }
        strbuf_release(&sb);
    }
done:
    free(p);
    resfolder_release(&old);
    resfolder_release(&now);
    mem_arena_release(&a);
    return rc;
}

/* ---- what changed ---- */

static int placed(const resfolder_row *r)
{
    return r && r->leaf[0];
}

static void side_of(diff_side *s, const resfolder_row *r)
{
    static const char empty[] = "";
    s->present = r != NULL;
    s->status = r ? r->status : empty;
    s->leaf = r ? r->leaf : empty;
    s->rank = r ? r->rank : empty;
    s->rank_value = r ? r->rank_value : 0;
}

/* Whether the student of rows o and n (either may be NULL) changed; fills
 * *s when she did. */
static int compare_student(const resfolder_row *o, const resfolder_row *n, diff_student *s)
{
    memset(s, 0, sizeof(*s));
    if (!o)
        s->kind = DIFF_ONLY_NEW;
    else if (!n)
        s->kind = DIFF_ONLY_OLD;
    else if (placed(o) && placed(n) && strcmp(o->leaf, n->leaf) != 0)
        s->kind = DIFF_MOVED;
    else if (!placed(o) && placed(n))
        s->kind = DIFF_PLACED;
    else if (placed(o) && !placed(n))
        s->kind = DIFF_UNPLACED;
    else if (strcmp(o->rank, n->rank) != 0)
        s->kind = DIFF_RANK;
    else if (strcmp(o->status, n->status) != 0)
        s->kind = DIFF_STATUS;
    else
        return 0;
    s->id = n ? n->id : o->id;
    s->name = n ? n->name : o->name;
    side_of(&s->old, o);
    side_of(&s->new, n);
    if (placed(o) && placed(n)) {
        /* unranked (a fix she did not rank) is worse than any rank */
        long a = o->rank_value ? o->rank_value : LONG_MAX;
        long b = n->rank_value ? n->rank_value : LONG_MAX;
        s->rank_change = (b > a) - (b < a);
    }
    return 1;
}

static void compare_students(diff *df, const resfolder *old, const resfolder *new)
{
    size_t i = 0, j = 0, cap = old->nrows + new->nrows + 1;
    MEM_ALLOC_ARRAY(df->students, cap);
    while (i < old->nrows || j < new->nrows) {
        const resfolder_row *o = i < old->nrows ? &old->rows[i] : NULL;
        const resfolder_row *n = j < new->nrows ? &new->rows[j] : NULL;
        int c = !o ? 1 : !n ? -1 : strcmp(o->id, n->id);
        diff_student *s = &df->students[df->nstudents];
        if (c < 0)
            n = NULL, i++;
        else if (c > 0)
            o = NULL, j++;
        else
            i++, j++;
        if (!compare_student(o, n, s))
            continue;
        df->count[s->kind]++;
        df->rank_better += s->rank_change < 0;
        df->rank_worse += s->rank_change > 0;
        df->nstudents++;
    }
}

static void compare_nodes(diff *df, const resfolder *old, const resfolder *new)
{
    strmap in_old;
    char *used;
    strmap_init(&in_old);
    for (size_t i = 0; i < old->nnodes; i++)
        strmap_put(&in_old, old->nodes[i].id, (int)i);
    MEM_ALLOC_ARRAY(df->nodes, old->nnodes + new->nnodes + 1);
    used = mem_zalloc(old->nnodes + 1, 1);
    for (size_t j = 0; j < new->nnodes; j++) {
        const resfolder_node *n = &new->nodes[j];
        int k = strmap_get(&in_old, n->id);
        const resfolder_node *o = k >= 0 ? &old->nodes[k] : NULL;
        diff_node *x = &df->nodes[df->nnodes];
        if (o)
            used[k] = 1;
        if (o && o->placed == n->placed && o->capacity == n->capacity)
            continue;
        x->id = n->id;
        x->level = n->level[0] || !o ? n->level : o->level;
        x->in_old = o != NULL;
        x->in_new = 1;
        x->old_placed = o ? o->placed : -1;
        x->old_capacity = o ? o->capacity : -1;
        x->new_placed = n->placed;
        x->new_capacity = n->capacity;
        df->nnodes++;
    }
    for (size_t i = 0; i < old->nnodes; i++) {
        const resfolder_node *o = &old->nodes[i];
        diff_node *x = &df->nodes[df->nnodes];
        if (used[i])
            continue;
        x->id = o->id;
        x->level = o->level;
        x->in_old = 1;
        x->in_new = 0;
        x->old_placed = o->placed;
        x->old_capacity = o->capacity;
        x->new_placed = x->new_capacity = -1;
        df->nnodes++;
    }
    free(used);
    strmap_release(&in_old);
}

static void compare_pairs(diff *df, const resfolder *old, const resfolder *new)
{
    size_t i = 0, j = 0;
    MEM_ALLOC_ARRAY(df->added, new->npairs + 1);
    MEM_ALLOC_ARRAY(df->removed, old->npairs + 1);
    while (i < old->npairs || j < new->npairs) {
        int c = i == old->npairs   ? 1
                : j == new->npairs ? -1
                                   : resfolder_pair_cmp(&old->pairs[i], &new->pairs[j]);
        if (c < 0)
            df->removed[df->nremoved++] = old->pairs[i++];
        else if (c > 0)
            df->added[df->nadded++] = new->pairs[j++];
        else
            i++, j++;
    }
}

/* The number N of a "rank_N" metric, or 0. */
static long rank_metric(const char *name)
{
    long v;
    if (strncmp(name, "rank_", 5) != 0 || num_whole(name + 5, &v) != NUM_OK || v < 1)
        return 0;
    return v;
}

static int long_cmp(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void add_metric(diff *df, const resfolder *old, const resfolder *new, const char *name)
{
    const char *o = resfolder_metric_value(old, name), *n = resfolder_metric_value(new, name);
    diff_metric *m;
    for (size_t i = 0; i < df->nmetrics; i++)
        if (strcmp(df->metrics[i].name, name) == 0)
            return;
    if (!o && !n)
        return;
    m = &df->metrics[df->nmetrics++];
    m->name = mem_arena_strndup(&df->arena, name, strlen(name));
    m->old = o ? o : "";
    m->new = n ? n : "";
    m->changed = strcmp(m->old, m->new) != 0;
}

static void compare_metrics(diff *df, const resfolder *old, const resfolder *new)
{
    static const char *const fixed[] = {"status",     "objective",     "stable", "require_all",
                                        "method",     "students",      "placed", "unplaced",
                                        "total_rank", "blocking_pairs"};
    long *ranks;
    size_t nranks = 0;
    MEM_ALLOC_ARRAY(df->metrics,
                    sizeof(fixed) / sizeof(fixed[0]) + old->nmetrics + new->nmetrics + 1);
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        add_metric(df, old, new, fixed[i]);
    for (int side = 1; side >= 0; side--) {
        const resfolder *f = side ? new : old;
        for (size_t i = 0; i < f->nmetrics; i++)
            if (strncmp(f->metrics[i].name, "stage:", 6) == 0)
                add_metric(df, old, new, f->metrics[i].name);
    }
    MEM_ALLOC_ARRAY(ranks, old->nmetrics + new->nmetrics + 1);
    for (int side = 0; side < 2; side++) {
        const resfolder *f = side ? new : old;
        for (size_t i = 0; i < f->nmetrics; i++) {
            long r = rank_metric(f->metrics[i].name);
            if (r)
                ranks[nranks++] = r;
        }
    }
    mem_sort(ranks, nranks, sizeof(*ranks), long_cmp);
    for (size_t i = 0; i < nranks; i++) {
        strbuf name;
        if (i && ranks[i] == ranks[i - 1])
            continue;
        strbuf_init(&name);
        strbuf_addf(&name, "rank_%ld", ranks[i]);
        add_metric(df, old, new, name.buf);
        strbuf_release(&name);
    }
    add_metric(df, old, new, "rank_unranked");
    free(ranks);
}

status diff_new(const char *old_dir, const char *new_dir, diag *d, diff **out)
{
    const unsigned all = (1u << RESFOLDER_NFILES) - 1;
    diff *df = mem_zalloc(1, sizeof(*df));
    resfolder old, new;
    status r1, r2;
    *out = NULL;
    mem_arena_init(&df->arena);
    r1 = resfolder_read(old_dir, all, &df->arena, d, &old);
    r2 = resfolder_read(new_dir, all, &df->arena, d, &new);
    if (r1 != ST_OK || r2 != ST_OK) {
        resfolder_release(&old);
        resfolder_release(&new);
        diff_free(df);
        return r1 == ST_IO || r2 == ST_IO ? ST_IO : ST_INPUT;
    }
    df->old_dir = old.dir;
    df->new_dir = new.dir;
    compare_students(df, &old, &new);
    compare_nodes(df, &old, &new);
    compare_pairs(df, &old, &new);
    compare_metrics(df, &old, &new);
    df->nprints = pair_prints(&old, &new, &df->prints);
    df->cycle.only_old = df->count[DIFF_ONLY_OLD];
    df->cycle.only_new = df->count[DIFF_ONLY_NEW];
    judge_prints(&df->cycle, df->prints, df->nprints);
    resfolder_release(&old);
    resfolder_release(&new);
    *out = df;
    return ST_OK;
}

void diff_free(diff *df)
{
    if (!df)
        return;
    free(df->students);
    free(df->nodes);
    free(df->added);
    free(df->removed);
    free(df->metrics);
    free(df->prints);
    mem_arena_release(&df->arena);
    free(df);
}

int diff_empty(const diff *df)
{
    if (df->nstudents || df->nnodes || df->nadded || df->nremoved)
        return 0;
    for (size_t i = 0; i < df->nmetrics; i++)
        if (df->metrics[i].changed)
            return 0;
    return 1;
}

const char *diff_kind_name(enum diff_kind k)
{
    switch (k) {
    case DIFF_MOVED:
        return "moved";
    case DIFF_PLACED:
        return "newly placed";
    case DIFF_UNPLACED:
        return "newly unplaced";
    case DIFF_RANK:
        return "rank changed";
    case DIFF_STATUS:
        return "status changed";
    case DIFF_ONLY_OLD:
        return "only in OLD";
    case DIFF_ONLY_NEW:
        return "only in NEW";
    case DIFF_NKINDS:
        break;
    }
    return "?";
}
