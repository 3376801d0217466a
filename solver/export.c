/* export.c - writing the MathProg model's data folder. */
#include "export.h"

#include <stdarg.h>

#include "csvout.h"
#include "strbuf.h"

/* Every file written below, in one list (outdir_open accepts no other). */
static const char *const export_names[] = {
    "pairs.csv", "students.csv",    "nodes.csv", "within.csv", "quotas.csv",
    "ranks.csv", "quota_pairs.csv", "params.csv", "ids.csv",   NULL};
static const char *const export_markers[] = {"params.csv", "pairs.csv", NULL};
const outdir_kind export_kind = {"export", export_names, export_markers};

typedef struct writer {
    outdir *o;
    FILE *f;
    const char *name;
    diag *d;
    int bad;
} writer;

static int open_file(writer *w, const char *name, const char *const *header, int n)
{
    w->name = name;
    w->f = outdir_open(w->o, name, w->d);
    if (!w->f) {
        w->bad = 1;
        return -1;
    }
    csvout_row(w->f, header, n);
    return 0;
}

static void close_file(writer *w)
{
    if (outdir_close(w->o, w->f, w->name, w->d) != ST_OK)
        w->bad = 1;
}

static void row_ints(writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes one row given as a printf format of comma-separated symbols and
 * numbers (no field needs quoting). */
static void row_ints(writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(w->f, fmt, ap);
    va_end(ap);
    fputc('\n', w->f);
}

status export_data(outdir *o, const cycle *c, const admit *a, const rules *r,
                   enum objective objective, diag *d)
{
    writer w = {o, NULL, NULL, d, 0};
    static const char *const h_pairs[] = {"student", "leaf", "rank"};
    static const char *const h_students[] = {"student", "must"};
    static const char *const h_nodes[] = {"node", "capacity", "min"};
    static const char *const h_within[] = {"leaf", "node"};
    static const char *const h_quotas[] = {"quota", "min", "max"};
    static const char *const h_qpairs[] = {"quota", "student", "leaf"};
    static const char *const h_ranks[] = {"index", "rank"};
    static const char *const h_params[] = {"name", "value"};
    static const char *const h_ids[] = {"symbol", "id"};
    if (open_file(&w, "pairs.csv", h_pairs, 3) == 0) {
        admit_iter it;
        admit_pair p;
        admit_iter_all(&it, a);
        while (admit_next(&it, &p))
            row_ints(&w, "s%d,n%d,%d", p.student + 1, c->leaves[p.leaf] + 1, p.rank);
        close_file(&w);
    }
    if (open_file(&w, "students.csv", h_students, 2) == 0) {
        for (int s = 0; s < c->nstudents; s++)
            row_ints(&w, "s%d,%d", s + 1, rules_must_place(r, c, s));
        close_file(&w);
    }
    if (open_file(&w, "nodes.csv", h_nodes, 3) == 0) {
        for (int n = 0; n < c->nnodes; n++)
            row_ints(&w, "n%d,%d,%d", n + 1, c->nodes[n].capacity, c->nodes[n].min);
        close_file(&w);
    }
    if (open_file(&w, "within.csv", h_within, 2) == 0) {
        for (int l = 0; l < c->nleaves; l++)
            for (int v = c->leaves[l]; v >= 0; v = c->nodes[v].parent)
                row_ints(&w, "n%d,n%d", c->leaves[l] + 1, v + 1);
        close_file(&w);
    }
    if (open_file(&w, "quotas.csv", h_quotas, 3) == 0) {
        for (int q = 0; q < c->nquotas; q++)
            row_ints(&w, "q%d,%d,%d", q + 1, c->quotas[q].min, c->quotas[q].max);
        close_file(&w);
    }
    if (open_file(&w, "quota_pairs.csv", h_qpairs, 3) == 0) {
        for (int q = 0; q < c->nquotas; q++) {
            const cycle_quota *qu = &c->quotas[q];
            /* pairs go by student: its students' pairs, in pair order */
            for (int i = 0; i < qu->nstudents; i++) {
                admit_iter it;
                admit_pair p;
                admit_iter_student(&it, a, qu->students[i]);
                while (admit_next(&it, &p))
                    if (cycle_quota_scopes(c, qu, p.leaf))
                        row_ints(&w, "q%d,s%d,n%d", q + 1, p.student + 1, c->leaves[p.leaf] + 1);
            }
        }
        close_file(&w);
    }
    /* the ranks in use, so that the model's stages and profile run over
       them and not over every number up to R */
    if (open_file(&w, "ranks.csv", h_ranks, 2) == 0) {
        for (int i = 0; i < c->nranks; i++)
            row_ints(&w, "%d,%d", i + 1, c->ranks[i]);
        close_file(&w);
    }
    if (open_file(&w, "params.csv", h_params, 2) == 0) {
        row_ints(&w, "max_rank,%d", c->max_rank);
        row_ints(&w, "unranked_rank,%d", a->unranked_rank);
        /* models/placement.mod numbers the objectives from 1 */
        row_ints(&w, "objective,%d", (int)objective + 1);
        row_ints(&w, "require_all,%d", r->require_all);
        close_file(&w);
    }
    if (open_file(&w, "ids.csv", h_ids, 2) == 0) {
        strbuf sym;
        strbuf_init(&sym);
        for (int s = 0; s < c->nstudents; s++) {
            const char *row[2];
            strbuf_reset(&sym);
            strbuf_addf(&sym, "s%d", s + 1);
            row[0] = sym.buf;
            row[1] = c->students[s].id;
            csvout_row(w.f, row, 2);
        }
        for (int n = 0; n < c->nnodes; n++) {
            const char *row[2];
            strbuf_reset(&sym);
            strbuf_addf(&sym, "n%d", n + 1);
            row[0] = sym.buf;
            row[1] = c->nodes[n].id;
            csvout_row(w.f, row, 2);
        }
        strbuf_release(&sym);
        close_file(&w);
    }
    return w.bad ? ST_IO : ST_OK;
}
