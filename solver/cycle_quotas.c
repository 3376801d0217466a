/* cycle_quotas.c - the quotas: reads quotas.csv, then, once tag and home
 * ids are canonical, resolves each quota's value, expands a '*' row into
 * one quota per value some student has, sorts them, and indexes who each
 * counts (per student her quotas, per quota its students). */
#include "cycle_read.h"

#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "strbuf.h"

void cycle_quotas_read(cycle_loader *L)
{
    static const char *const fields[3] = {"home", "year", "tag"};
    cycle *c = L->c;
    cycle_row rc = {L, &L->t[CYCLE_QUOTAS], NULL, 0};
    int cap = 0;
    if (!L->usable[CYCLE_QUOTAS])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        cycle_quota q;
        const char *scope, *field, *value;
        long v;
        int fcol, vcol;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        memset(&q, 0, sizeof(q));
        q.line = rc.row->line;
        q.scope = -1;
        scope = cycle_read_cell(&rc, cycle_read_col(&rc, "scope"));
        if (scope[0])
            q.scope = cycle_read_node_ref(&rc, "scope", "scope");
        field = cycle_read_id(&rc, "field");
        fcol = cycle_read_col(&rc, "field");
        q.field = -1;
        for (int f = 0; field && f < 3; f++)
            if (strcmp(field, fields[f]) == 0)
                q.field = f;
        if (field && q.field < 0)
            cycle_read_error(&rc, fcol,
                             "unknown quota field '%s' (expected 'home', 'year' or 'tag')", field);
        value = cycle_read_id(&rc, "value");
        vcol = cycle_read_col(&rc, "value");
        if (value && q.field == CYCLE_FIELD_YEAR && strcmp(value, "*") != 0) {
            enum num_result r = num_whole(value, &v);
            if (r != NUM_OK)
                cycle_read_error(&rc, vcol, "year value '%s' %s", value, num_result_str(r, 1));
        }
        cycle_read_whole(&rc, "min", 0, &v);
        q.min = (int)v;
        cycle_read_whole(&rc, "max", -1, &v);
        q.max = (int)v;
        if (q.max >= 0 && q.min > q.max)
            cycle_read_error(&rc, cycle_read_col(&rc, "min"), "min %d is above max %d", q.min,
                             q.max);
        if (rc.bad || !value)
            continue;
        q.value_text = cycle_read_copy(L, value);
        /* a tag a quota names is a tag even if nobody holds it; other
         * values are resolved once tags and homes are final */
        q.value = q.field == CYCLE_FIELD_TAG && strcmp(q.value_text, "*") != 0
                      ? cycle_read_tag_id(L, q.value_text, strlen(q.value_text))
                      : -1;
        MEM_GROW(c->quotas, c->nquotas, cap);
        c->quotas[c->nquotas++] = q;
    }
}

/* By scope, field, value, bounds, then line: repeated rows keep file
 * order, so the order does not rest on the sort being stable. */
static int cmp_quota(const void *a, const void *b)
{
    const cycle_quota *x = a, *y = b;
    int r;
    if (x->scope != y->scope)
        return x->scope < y->scope ? -1 : 1;
    if (x->field != y->field)
        return x->field < y->field ? -1 : 1;
    if ((r = strcmp(x->value_text, y->value_text)) != 0)
        return r;
    if (x->min != y->min)
        return x->min < y->min ? -1 : 1;
    if (x->max != y->max)
        return x->max < y->max ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

typedef struct quota_list {
    cycle_quota *q;
    int n, cap;
} quota_list;

static void push(quota_list *out, const cycle_quota *q)
{
    MEM_GROW(out->q, out->n, out->cap);
    out->q[out->n++] = *q;
}

/* A year '*' row: one quota per distinct year, ascending. The years are
 * sorted once, so many distinct years cost n log n, not n squared. */
static void expand_years(cycle *c, cycle_quota q, quota_list *out)
{
    int *years, ny = 0;
    strbuf sb;
    MEM_ALLOC_ARRAY(years, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++)
        if (c->students[s].year >= 0)
            years[ny++] = c->students[s].year;
    mem_sort(years, (size_t)ny, sizeof(int), cmp_int);
    strbuf_init(&sb);
    for (int k = 0; k < ny; k++) {
        if (k > 0 && years[k] == years[k - 1])
            continue;
        strbuf_reset(&sb);
        strbuf_addf(&sb, "%d", years[k]);
        q.value = years[k];
        q.value_text = mem_arena_strndup(&c->arena, sb.buf, sb.len);
        push(out, &q);
    }
    strbuf_release(&sb);
    free(years);
}

/* A home or tag '*' row: one quota per value some student has, by id;
 * one pass over the students marks the values held. */
static void expand_names(const cycle *c, cycle_quota q, quota_list *out)
{
    int tag = q.field == CYCLE_FIELD_TAG;
    int nvals = tag ? c->ntags : c->nhomes;
    const char **names = tag ? c->tags : c->homes;
    unsigned char *held;
    MEM_ZALLOC_ARRAY(held, nvals + 1);
    for (int s = 0; s < c->nstudents; s++) {
        const cycle_student *st = &c->students[s];
        if (!tag && st->home >= 0)
            held[st->home] = 1;
        for (int k = 0; tag && k < st->ntags; k++)
            held[st->tags[k]] = 1;
    }
    for (int v = 0; v < nvals; v++) {
        if (!held[v])
            continue;
        q.value = v;
        q.value_text = names[v];
        push(out, &q);
    }
    free(held);
}

/* A quota under the value it counts, for the lookup by value. */
typedef struct quota_key {
    int field, value, q;
} quota_key;

static int cmp_key(const void *a, const void *b)
{
    const quota_key *x = a, *y = b;
    if (x->field != y->field)
        return x->field < y->field ? -1 : 1;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->q < y->q ? -1 : x->q > y->q;
}

/* The first of keys[0..n) at (field, value), or n. */
static int key_lower(const quota_key *keys, int n, int field, int value)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (keys[mid].field < field || (keys[mid].field == field && keys[mid].value < value))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Appends to out (when not NULL) the quotas of keys at (field, value);
 * returns how many there are. */
static int key_run(const quota_key *keys, int n, int field, int value, int *out)
{
    int k = key_lower(keys, n, field, value), m = 0;
    for (; k < n && keys[k].field == field && keys[k].value == value; k++, m++)
        if (out)
            out[m] = keys[k].q;
    return m;
}

/* The quotas that count student s (by field and value, whatever the
 * scope) into out when not NULL, in no order; returns how many. */
static int student_quotas(const cycle_student *st, const quota_key *keys, int n, int *out)
{
    int m = 0;
    if (st->home >= 0)
        m += key_run(keys, n, CYCLE_FIELD_HOME, st->home, out);
    if (st->year >= 0)
        m += key_run(keys, n, CYCLE_FIELD_YEAR, st->year, out ? out + m : NULL);
    for (int i = 0; i < st->ntags; i++)
        m += key_run(keys, n, CYCLE_FIELD_TAG, st->tags[i], out ? out + m : NULL);
    return m;
}

/* Fills each student's quotas and each quota's students (cycle.h), the
 * lists every pass over who a quota counts walks: looking the students
 * up by value costs students x quotas-per-student, where asking each
 * quota of each student cost students x quotas (30,000 years under a
 * 'year,*' row: most of a minute). The lists live in the arena. */
static void index_counted(cycle *c)
{
    quota_key *keys;
    int nk = 0, *fill;
    size_t total = 0;
    int *all;
    MEM_ALLOC_ARRAY(keys, c->nquotas + 1);
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        /* a home or tag no student has (-1) counts nobody; so does a
           year, as no student's year is below 0 */
        if (qu->value >= 0)
            keys[nk++] = (quota_key){qu->field, qu->value, q};
    }
    mem_sort(keys, (size_t)nk, sizeof(*keys), cmp_key);
    for (int s = 0; s < c->nstudents; s++)
        total += (size_t)student_quotas(&c->students[s], keys, nk, NULL);
    all = mem_arena_alloc(&c->arena, mem_mul(sizeof(int), total + 1));
    total = 0;
    for (int s = 0; s < c->nstudents; s++) {
        cycle_student *st = &c->students[s];
        st->quotas = all + total;
        st->nquotas = student_quotas(st, keys, nk, st->quotas);
        mem_sort(st->quotas, (size_t)st->nquotas, sizeof(int), cmp_int);
        total += (size_t)st->nquotas;
    }
    free(keys);
    /* the transpose, by student: each quota's students come ascending */
    for (int q = 0; q < c->nquotas; q++)
        c->quotas[q].nstudents = 0;
    for (int s = 0; s < c->nstudents; s++)
        for (int i = 0; i < c->students[s].nquotas; i++)
            c->quotas[c->students[s].quotas[i]].nstudents++;
    all = mem_arena_alloc(&c->arena, mem_mul(sizeof(int), total + 1));
    MEM_ALLOC_ARRAY(fill, c->nquotas + 1);
    total = 0;
    for (int q = 0; q < c->nquotas; q++) {
        c->quotas[q].students = all + total;
        total += (size_t)c->quotas[q].nstudents;
        fill[q] = 0;
    }
    for (int s = 0; s < c->nstudents; s++)
        for (int i = 0; i < c->students[s].nquotas; i++) {
            cycle_quota *qu = &c->quotas[c->students[s].quotas[i]];
            qu->students[fill[c->students[s].quotas[i]]++] = s;
        }
    free(fill);
}

void cycle_quotas_resolve(cycle_loader *L, const int *tag_remap, const int *home_remap)
{
    cycle *c = L->c;
    quota_list expanded = {NULL, 0, 0};
    for (int i = 0; i < c->nquotas; i++) {
        cycle_quota q = c->quotas[i];
        if (strcmp(q.value_text, "*") != 0) {
            if (q.field == CYCLE_FIELD_TAG) {
                q.value = tag_remap[q.value];
            } else if (q.field == CYCLE_FIELD_HOME) {
                int home = strmap_get(&L->home_ids, q.value_text);
                q.value = home >= 0 ? home_remap[home] : -1; /* no student has it: counts nobody */
            } else {
                q.value = (int)strtol(q.value_text, NULL, 10);
            }
            push(&expanded, &q);
        } else if (q.field == CYCLE_FIELD_YEAR) {
            expand_years(c, q, &expanded);
        } else {
            expand_names(c, q, &expanded);
        }
    }
    free(c->quotas);
    c->quotas = expanded.q;
    c->nquotas = expanded.n;
    mem_sort(c->quotas, (size_t)c->nquotas, sizeof(cycle_quota), cmp_quota);
    index_counted(c);
}
