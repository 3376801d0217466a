/* resfolder.c - reading a results folder back (resfolder.h). */
#include "resfolder.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvin.h"
#include "num.h"
#include "strbuf.h"
#include "strmap.h"

static const char *const file_names[RESFOLDER_NFILES] = {"assignments.csv", "capacity.csv",
                                                         "blocking_pairs.csv", "summary.csv"};

void resfolder_release(resfolder *f)
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
    const resfolder_row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

int resfolder_pair_cmp(const void *a, const void *b)
{
    const resfolder_pair *x = a, *y = b;
    int c = strcmp(x->student, y->student);
    return c ? c : strcmp(x->leaf, y->leaf);
}

static status read_assignments(const csvin_table *t, resfolder *f, diag *d)
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
        resfolder_row *a = &f->rows[k];
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

static status read_capacity(const csvin_table *t, resfolder *f, diag *d)
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
        resfolder_node *n = &f->nodes[f->nnodes];
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

static status read_blocking(const csvin_table *t, resfolder *f, diag *d)
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
        resfolder_pair *p = &f->pairs[k];
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
    mem_sort(f->pairs, k, sizeof(*f->pairs), resfolder_pair_cmp);
    /* a pair written twice is one pair */
    f->npairs = 0;
    for (size_t i = 0; i < k; i++)
        if (f->npairs == 0 || resfolder_pair_cmp(&f->pairs[f->npairs - 1], &f->pairs[i]) != 0)
            f->pairs[f->npairs++] = f->pairs[i];
    return rc;
}

static status read_summary(const csvin_table *t, resfolder *f, diag *d)
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

status resfolder_read(const char *dir, unsigned mask, mem_arena *a, diag *d, resfolder *f)
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
        const enum resfolder_file marks[2] = {RESFOLDER_SUMMARY, RESFOLDER_ASSIGNMENTS};
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
    for (int k = 0; k < RESFOLDER_NFILES; k++) {
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
            switch ((enum resfolder_file)k) {
            case RESFOLDER_ASSIGNMENTS:
                r2 = read_assignments(&t, f, d);
                break;
            case RESFOLDER_CAPACITY:
                r2 = read_capacity(&t, f, d);
                break;
            case RESFOLDER_BLOCKING:
                r2 = read_blocking(&t, f, d);
                break;
            case RESFOLDER_SUMMARY:
                r2 = read_summary(&t, f, d);
                break;
            case RESFOLDER_NFILES:
                break;
            }
            if (r == ST_OK)
                r = r2;
        }
        memcpy(f->sha256[k], t.sha256, sizeof(f->sha256[k]));
        csvin_table_release(&t);
        if (r == ST_IO || rc == ST_IO)
            rc = ST_IO;
        else if (r != ST_OK)
            rc = ST_INPUT;
    }
    return rc;
}

const char *resfolder_metric_value(const resfolder *f, const char *name)
{
    for (size_t i = 0; i < f->nmetrics; i++)
        if (strcmp(f->metrics[i].name, name) == 0)
            return f->metrics[i].value;
    return NULL;
}

const resfolder_row *resfolder_find(const resfolder *f, const char *id)
{
    size_t lo = 0, hi = f->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(f->rows[mid].id, id);
        if (c == 0)
            return &f->rows[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}
