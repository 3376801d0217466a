/* diff.c - reading two results folders and what changed between them; the
 * same-cycle rule (diff.h). */
#include "diff.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvin.h"
#include "num.h"
#include "strbuf.h"
#include "strmap.h"

/* The result files a folder is read from. */
enum folder_file { F_ASSIGNMENTS, F_CAPACITY, F_BLOCKING, F_SUMMARY, F_NFILES };

static const char *const file_names[F_NFILES] = {"assignments.csv", "capacity.csv",
                                                 "blocking_pairs.csv", "summary.csv"};

/* A row of assignments.csv. */
typedef struct arow {
    const char *id, *name, *status, *leaf, *rank;
    long rank_value;
    long line;
} arow;

/* A row of capacity.csv. */
typedef struct nrow {
    const char *id, *level;
    long placed, capacity; /* capacity -1: no limit */
    long line;
} nrow;

/* A row of summary.csv. */
typedef struct mrow {
    const char *name, *value;
} mrow;

/* One results folder as read; strings live in the arena of the read. */
typedef struct folder {
    const char *dir;
    arow *rows;      /* by id */
    size_t nrows;
    nrow *nodes;     /* in file order */
    size_t nnodes;
    diff_pair *pairs; /* by student, then leaf; no two alike */
    size_t npairs;
    mrow *metrics;   /* in file order */
    size_t nmetrics;
} folder;

static void folder_release(folder *f)
{
    free(f->rows);
    free(f->nodes);
    free(f->pairs);
    free(f->metrics);
    memset(f, 0, sizeof(*f));
}

static const char *copy(mem_arena *a, const char *s)
{
    return mem_arena_strndup(a, s, strlen(s));
}

/* dir/name without doubled slashes, in the arena. */
static const char *join(mem_arena *a, const char *dir, const char *name)
{
    strbuf sb;
    const char *s;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    strbuf_init(&sb);
    strbuf_add(&sb, dir, n);
    if (n == 0 || dir[n - 1] != '/')
        strbuf_addc(&sb, '/');
    strbuf_adds(&sb, name);
    s = copy(a, sb.buf);
    strbuf_release(&sb);
    return s;
}

static const char *cell(const csvin_row *r, int col)
{
    return col >= 0 && col < r->nfields ? r->fields[col] : "";
}

/* The column named name; a missing one is an error in d. */
static int need_column(const csvin_table *t, const char *name, diag *d)
{
    int k = csvin_column(t, name);
    if (k < 0)
        diag_error(d, t->path, 0, 0, "missing required column '%s'", name);
    return k;
}

/* Parses a whole-number cell; an error in d when it is not one. */
static int whole_cell(const csvin_table *t, const csvin_row *r, int col, long *out, diag *d)
{
    const char *s = cell(r, col);
    enum num_result nr = num_whole(s, out);
    if (nr == NUM_OK)
        return 0;
    diag_error(d, t->path, r->line, col + 1, "%s '%s' %s", t->header[col], s,
               num_result_str(nr, 1));
    return -1;
}

static int arow_cmp(const void *a, const void *b)
{
    const arow *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int pair_cmp(const void *a, const void *b)
{
    const diff_pair *x = a, *y = b;
    int c = strcmp(x->student, y->student);
    return c ? c : strcmp(x->leaf, y->leaf);
}

static status read_assignments(const csvin_table *t, folder *f, diag *d)
{
    int cs = need_column(t, "student", d), cp = need_column(t, "program", d);
    int cn = csvin_column(t, "name"), cst = csvin_column(t, "status");
    int cl = csvin_column(t, "lab"), csu = csvin_column(t, "supervisor");
    int cr = csvin_column(t, "rank");
    int cols[3] = {cp, cl, csu};
    status rc = ST_OK;
    size_t k = 0;
    if (cs < 0 || cp < 0)
        return ST_INPUT;
    MEM_ALLOC_ARRAY(f->rows, t->nrows + 1);
    for (size_t i = 0; i < t->nrows; i++) {
        const csvin_row *r = &t->rows[i];
        arow *a = &f->rows[k];
        if (r->bad) {
            rc = ST_INPUT;
            continue;
        }
        a->id = cell(r, cs);
        if (!a->id[0]) {
            diag_error(d, t->path, r->line, cs + 1, "empty student id");
            rc = ST_INPUT;
            continue;
        }
        a->name = cell(r, cn);
        a->status = cell(r, cst);
        a->leaf = "";
        for (int lv = 2; lv >= 0; lv--)
            if (cell(r, cols[lv])[0]) {
                a->leaf = cell(r, cols[lv]);
                break;
            }
        a->rank = cell(r, cr);
        a->rank_value = 0;
        a->line = r->line;
        if (a->rank[0] && whole_cell(t, r, cr, &a->rank_value, d) != 0) {
            rc = ST_INPUT;
            continue;
        }
        k++;
    }
    f->nrows = k;
    mem_sort(f->rows, f->nrows, sizeof(*f->rows), arow_cmp);
    for (size_t i = 1; i < f->nrows; i++)
        if (strcmp(f->rows[i].id, f->rows[i - 1].id) == 0) {
            diag_error(d, t->path, f->rows[i].line, cs + 1,
                       "student '%s' is listed twice (also at line %ld)", f->rows[i].id,
                       f->rows[i - 1].line);
            rc = ST_INPUT;
        }
    return rc;
}

static status read_capacity(const csvin_table *t, folder *f, diag *d)
{
    int ci = need_column(t, "id", d), cpl = need_column(t, "placed", d);
    int clv = csvin_column(t, "level"), cc = csvin_column(t, "capacity");
    status rc = ST_OK;
    strmap seen;
    if (ci < 0 || cpl < 0)
        return ST_INPUT;
    strmap_init(&seen);
    MEM_ALLOC_ARRAY(f->nodes, t->nrows + 1);
    for (size_t i = 0; i < t->nrows; i++) {
        const csvin_row *r = &t->rows[i];
        nrow *n = &f->nodes[f->nnodes];
        int first;
        if (r->bad) {
            rc = ST_INPUT;
            continue;
        }
        n->id = cell(r, ci);
        n->level = cell(r, clv);
        n->line = r->line;
        n->capacity = -1;
        if (whole_cell(t, r, cpl, &n->placed, d) != 0 ||
            (cell(r, cc)[0] && whole_cell(t, r, cc, &n->capacity, d) != 0)) {
            rc = ST_INPUT;
            continue;
        }
        if ((first = strmap_put(&seen, n->id, (int)f->nnodes)) >= 0) {
            diag_error(d, t->path, r->line, ci + 1, "place '%s' is listed twice (also at line %ld)",
                       n->id, f->nodes[first].line);
            rc = ST_INPUT;
            continue;
        }
        f->nnodes++;
    }
    strmap_release(&seen);
    return rc;
}

static status read_blocking(const csvin_table *t, folder *f, diag *d)
{
    int cs = need_column(t, "student", d), cl = need_column(t, "leaf", d);
    int cr = csvin_column(t, "rank"), ccl = csvin_column(t, "current_leaf");
    int ccr = csvin_column(t, "current_rank");
    status rc = ST_OK;
    size_t k = 0;
    if (cs < 0 || cl < 0)
        return ST_INPUT;
    MEM_ALLOC_ARRAY(f->pairs, t->nrows + 1);
    for (size_t i = 0; i < t->nrows; i++) {
        const csvin_row *r = &t->rows[i];
        diff_pair *p = &f->pairs[k];
        if (r->bad) {
            rc = ST_INPUT;
            continue;
        }
        p->student = cell(r, cs);
        p->leaf = cell(r, cl);
        p->rank = cell(r, cr);
        p->current_leaf = cell(r, ccl);
        p->current_rank = cell(r, ccr);
        k++;
    }
    mem_sort(f->pairs, k, sizeof(*f->pairs), pair_cmp);
    /* a pair written twice is one pair */
    f->npairs = 0;
    for (size_t i = 0; i < k; i++)
        if (f->npairs == 0 || pair_cmp(&f->pairs[f->npairs - 1], &f->pairs[i]) != 0)
            f->pairs[f->npairs++] = f->pairs[i];
    return rc;
}

static status read_summary(const csvin_table *t, folder *f, diag *d)
{
    int cm = need_column(t, "metric", d), cv = need_column(t, "value", d);
    status rc = ST_OK;
    if (cm < 0 || cv < 0)
        return ST_INPUT;
    MEM_ALLOC_ARRAY(f->metrics, t->nrows + 1);
    for (size_t i = 0; i < t->nrows; i++) {
        const csvin_row *r = &t->rows[i];
        if (r->bad) {
            rc = ST_INPUT;
            continue;
        }
        f->metrics[f->nmetrics].name = cell(r, cm);
        f->metrics[f->nmetrics].value = cell(r, cv);
        f->nmetrics++;
    }
    return rc;
}

/* Reads the files of mask (1 << F_*) of the results folder dir into *f.
 * Every problem goes to d; returns the worst status (ST_IO above
 * ST_INPUT). */
static status folder_read(const char *dir, unsigned mask, mem_arena *a, diag *d, folder *f)
{
    struct stat st;
    status rc = ST_OK;
    memset(f, 0, sizeof(*f));
    f->dir = copy(a, dir);
    if (stat(dir, &st) != 0) {
        diag_error(d, dir, 0, 0, "cannot read results: %s", strerror(errno));
        return ST_INPUT;
    }
    if (!S_ISDIR(st.st_mode)) {
        diag_error(d, dir, 0, 0, "not a results folder: it is a file");
        return ST_INPUT;
    }
    /* the two files that make a folder results: one message for both */
    {
        const char *missing[2];
        int nmissing = 0;
        const enum folder_file marks[2] = {F_SUMMARY, F_ASSIGNMENTS};
        for (int k = 0; k < 2; k++)
            if ((mask & (1u << marks[k])) && lstat(join(a, dir, file_names[marks[k]]), &st) != 0 &&
                errno == ENOENT)
                missing[nmissing++] = file_names[marks[k]];
        if (nmissing) {
            diag_error(d, join(a, dir, missing[0]), 0, 0,
                       "no such file: '%s' is not a results folder (placement solve writes "
                       "summary.csv and assignments.csv)%s",
                       dir, nmissing == 2 ? "; it has neither" : "");
            return ST_INPUT;
        }
    }
    for (int k = 0; k < F_NFILES; k++) {
        csvin_table t;
        status r;
        const char *path;
        if (!(mask & (1u << k)))
            continue;
        path = join(a, dir, file_names[k]);
        /* absent: no entry at all; csvin says why anything else there
           (a dangling link, a pipe, a folder) cannot be read */
        if (lstat(path, &st) != 0 && errno == ENOENT) {
            diag_error(d, path, 0, 0, "no such file (a results folder of placement solve has it)");
            rc = rc == ST_IO ? ST_IO : ST_INPUT;
            continue;
        }
        r = csvin_read_file(path, a, d, &t);
        if (r == ST_OK || t.ncols > 0) {
            status r2 = ST_OK;
            switch ((enum folder_file)k) {
            case F_ASSIGNMENTS:
                r2 = read_assignments(&t, f, d);
                break;
            case F_CAPACITY:
                r2 = read_capacity(&t, f, d);
                break;
            case F_BLOCKING:
                r2 = read_blocking(&t, f, d);
                break;
            case F_SUMMARY:
                r2 = read_summary(&t, f, d);
                break;
            case F_NFILES:
                break;
            }
            if (r == ST_OK)
                r = r2;
        }
        csvin_table_release(&t);
        if (r == ST_IO || rc == ST_IO)
            rc = ST_IO;
        else if (r != ST_OK)
            rc = ST_INPUT;
    }
    return rc;
}

/* ---- the same-cycle rule ---- */

#define SHA_PREFIX "sha256:"

static int is_print(const char *metric)
{
    return strncmp(metric, SHA_PREFIX, strlen(SHA_PREFIX)) == 0;
}

/* The fingerprints of a folder's summary side by side with other ones:
 * prints gets old's rows in order, then new's others. */
static size_t pair_prints(const folder *old, const folder *new, diff_fingerprint **out)
{
    diff_fingerprint *p;
    size_t n = 0, cap = old->nmetrics + new->nmetrics + 1;
    MEM_ALLOC_ARRAY(p, cap);
    for (int side = 0; side < 2; side++) {
        const folder *f = side ? new : old;
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
                strbuf_addf(&part, "%s%s only in '%s'", part.len ? "; " : "", more.buf,
                            old_name);
            strbuf_reset(&more);
            if (list_prints(&more, p, n, 2) > 0)
                strbuf_addf(&part, "%s%s only in '%s'", part.len ? "; " : "", more.buf,
                            new_name);
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
    folder old, now;
    diff_fingerprint *p = NULL;
    size_t n;
    diff_cycle v;
    long matched = 0;
    status rc;
    mem_arena_init(&a);
    memset(&now, 0, sizeof(now));
    rc = folder_read(old_dir, (1u << F_SUMMARY) | (1u << F_ASSIGNMENTS), &a, d, &old);
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
        now.metrics[now.nmetrics].name = copy(&a, name.buf);
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
    folder_release(&old);
    folder_release(&now);
    mem_arena_release(&a);
    return rc;
}

/* ---- what changed ---- */

static int placed(const arow *r)
{
    return r && r->leaf[0];
}

static void side_of(diff_side *s, const arow *r)
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
static int compare_student(const arow *o, const arow *n, diff_student *s)
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

static void compare_students(diff *df, const folder *old, const folder *new)
{
    size_t i = 0, j = 0, cap = old->nrows + new->nrows + 1;
    MEM_ALLOC_ARRAY(df->students, cap);
    while (i < old->nrows || j < new->nrows) {
        const arow *o = i < old->nrows ? &old->rows[i] : NULL;
        const arow *n = j < new->nrows ? &new->rows[j] : NULL;
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

static void compare_nodes(diff *df, const folder *old, const folder *new)
{
    strmap in_old;
    char *used;
    strmap_init(&in_old);
    for (size_t i = 0; i < old->nnodes; i++)
        strmap_put(&in_old, old->nodes[i].id, (int)i);
    MEM_ALLOC_ARRAY(df->nodes, old->nnodes + new->nnodes + 1);
    used = mem_zalloc(old->nnodes + 1, 1);
    for (size_t j = 0; j < new->nnodes; j++) {
        const nrow *n = &new->nodes[j];
        int k = strmap_get(&in_old, n->id);
        const nrow *o = k >= 0 ? &old->nodes[k] : NULL;
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
        const nrow *o = &old->nodes[i];
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

static void compare_pairs(diff *df, const folder *old, const folder *new)
{
    size_t i = 0, j = 0;
    MEM_ALLOC_ARRAY(df->added, new->npairs + 1);
    MEM_ALLOC_ARRAY(df->removed, old->npairs + 1);
    while (i < old->npairs || j < new->npairs) {
        int c = i == old->npairs ? 1
                : j == new->npairs ? -1
                                   : pair_cmp(&old->pairs[i], &new->pairs[j]);
        if (c < 0)
            df->removed[df->nremoved++] = old->pairs[i++];
        else if (c > 0)
            df->added[df->nadded++] = new->pairs[j++];
        else
            i++, j++;
    }
}

static const char *metric_value(const folder *f, const char *name)
{
    for (size_t i = 0; i < f->nmetrics; i++)
        if (strcmp(f->metrics[i].name, name) == 0)
            return f->metrics[i].value;
    return NULL;
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

static void add_metric(diff *df, const folder *old, const folder *new, const char *name)
{
    const char *o = metric_value(old, name), *n = metric_value(new, name);
    diff_metric *m;
    for (size_t i = 0; i < df->nmetrics; i++)
        if (strcmp(df->metrics[i].name, name) == 0)
            return;
    if (!o && !n)
        return;
    m = &df->metrics[df->nmetrics++];
    m->name = copy(&df->arena, name);
    m->old = o ? o : "";
    m->new = n ? n : "";
    m->changed = strcmp(m->old, m->new) != 0;
}

static void compare_metrics(diff *df, const folder *old, const folder *new)
{
    static const char *const fixed[] = {"status",   "objective", "stable",     "require_all",
                                        "method",   "students",  "placed",     "unplaced",
                                        "total_rank", "blocking_pairs"};
    long *ranks;
    size_t nranks = 0;
    MEM_ALLOC_ARRAY(df->metrics, sizeof(fixed) / sizeof(fixed[0]) + old->nmetrics +
                                     new->nmetrics + 1);
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        add_metric(df, old, new, fixed[i]);
    for (int side = 1; side >= 0; side--) {
        const folder *f = side ? new : old;
        for (size_t i = 0; i < f->nmetrics; i++)
            if (strncmp(f->metrics[i].name, "stage:", 6) == 0)
                add_metric(df, old, new, f->metrics[i].name);
    }
    MEM_ALLOC_ARRAY(ranks, old->nmetrics + new->nmetrics + 1);
    for (int side = 0; side < 2; side++) {
        const folder *f = side ? new : old;
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
    const unsigned all = (1u << F_NFILES) - 1;
    diff *df = mem_zalloc(1, sizeof(*df));
    folder old, new;
    status r1, r2;
    *out = NULL;
    mem_arena_init(&df->arena);
    r1 = folder_read(old_dir, all, &df->arena, d, &old);
    r2 = folder_read(new_dir, all, &df->arena, d, &new);
    if (r1 != ST_OK || r2 != ST_OK) {
        folder_release(&old);
        folder_release(&new);
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
    folder_release(&old);
    folder_release(&new);
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
