/* cycle_quotas.c - the quotas: reads quotas.csv, then, once tag and home
 * ids are canonical, resolves each quota's value, expands a '*' row into
 * one quota per value some student has, and sorts them. */
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
}
