/* cycle.c - reading a cycle folder into a cycle and validating it (SPEC §2). */
#include "cycle.h"

#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "num.h"
#include "sortctx.h"
#include "strbuf.h"

#define NODE_BROKEN (-2) /* id known but unusable: references to it stay silent */

static const char *const file_names[CYCLE_NFILES] = {
    "programs.csv",    "labs.csv",     "supervisors.csv", "students.csv",
    "preferences.csv", "rankings.csv", "quotas.csv",      "overrides.csv"};
static const int file_required[CYCLE_NFILES] = {1, 0, 0, 1, 1, 0, 0, 0};

static const char *const known_cols[CYCLE_NFILES][12] = {
    {"id", "name", "capacity", "min", "min_year", "min_gpa", "requires", NULL},
    {"id", "program", "name", "institution", "country", "capacity", "min", "min_year", "min_gpa",
     "requires", NULL},
    {"id", "lab", "name", "capacity", "min", "min_year", "min_gpa", "requires", NULL},
    {"id", "name", "home", "year", "gpa", "tags", "score", NULL},
    {"student", "rank", "choice", NULL},
    {"ranker", "student", "rank", NULL},
    {"scope", "field", "value", "min", "max", NULL},
    {"student", "node", "action", NULL}};
static const char *const required_cols[CYCLE_NFILES][4] = {
    {"id", NULL},          {"id", "program", NULL},         {"id", "lab", NULL},
    {"id", NULL},          {"student", "rank", "choice", NULL}, {"ranker", "student", "rank", NULL},
    {"field", "value", NULL}, {"student", "node", "action", NULL}};

const char *cycle_file_name(enum cycle_file f)
{
    return file_names[f];
}

/* A node while the three node files are read, before canonical order. */
typedef struct pnode {
    cycle_node n;
    const char *parent_id; /* "" for a program */
    int parent_col;        /* 1-based column of parent_id */
    int file;
    int parent;            /* provisional index, -1 */
    int valid;
    int canon;             /* canonical index once ordered */
} pnode;

typedef struct loader {
    cycle *c;
    diag *d;
    csvin_table t[CYCLE_NFILES];
    int usable[CYCLE_NFILES]; /* read, with its required columns */
    pnode *pn;
    int npn, cappn;
    strmap pnode_ids; /* id -> provisional index, or NODE_BROKEN */
    strmap tag_ids, home_ids; /* name -> provisional id */
    const char **tag_names, **home_names;
    const char **broken; /* node ids of rows the reader rejected */
    int nbroken, capbroken;
    int ntag, captag, nhome, caphome;
} loader;

/* One row being read: where messages point. */
typedef struct row_ctx {
    loader *L;
    enum cycle_file file;
    const csvin_table *t;
    const csvin_row *row;
    int bad;
} row_ctx;

static const char *cell(const row_ctx *rc, int col)
{
    return col < 0 ? "" : rc->row->fields[col];
}

static void row_error(row_ctx *rc, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void row_error(row_ctx *rc, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(rc->L->d, DIAG_ERROR, rc->t->path, rc->row->line, col + 1, fmt, ap);
    va_end(ap);
    rc->bad = 1;
}

static int col_of(const row_ctx *rc, const char *name)
{
    return csvin_column(rc->t, name);
}

static int has_outer_space(const char *s)
{
    size_t n = strlen(s);
    return n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
}

/* An id cell: required non-empty, no surrounding blanks. NULL on error. */
static const char *get_id(row_ctx *rc, const char *colname)
{
    int col = col_of(rc, colname);
    const char *v = cell(rc, col);
    if (col < 0)
        return NULL;
    if (v[0] == '\0') {
        row_error(rc, col, "'%s' is empty (it is required)", colname);
        return NULL;
    }
    if (has_outer_space(v)) {
        row_error(rc, col, "%s '%s' has leading or trailing spaces", colname, v);
        return NULL;
    }
    return v;
}

/* A whole-number cell; empty gives def. Returns 0 on error. */
static int get_whole(row_ctx *rc, const char *colname, long def, long *out)
{
    int col = col_of(rc, colname);
    const char *v = cell(rc, col);
    enum num_result r;
    *out = def;
    if (v[0] == '\0')
        return 1;
    r = num_whole(v, out);
    if (r != NUM_OK) {
        row_error(rc, col, "%s '%s' %s", colname, v, num_result_str(r, 1));
        *out = def;
        return 0;
    }
    return 1;
}

/* A decimal cell; *has is 0 when empty. Returns 0 on error. */
static int get_decimal(row_ctx *rc, const char *colname, int *has, double *out)
{
    int col = col_of(rc, colname);
    const char *v = cell(rc, col);
    enum num_result r;
    *has = 0;
    *out = 0;
    if (v[0] == '\0')
        return 1;
    r = num_decimal(v, out);
    if (r != NUM_OK) {
        row_error(rc, col, "%s '%s' %s", colname, v, num_result_str(r, 0));
        return 0;
    }
    *has = 1;
    return 1;
}

static int intern(mem_arena *a, strmap *m, const char ***names, int *n, int *cap, const char *s,
                  size_t len)
{
    char *key = mem_arena_strndup(a, s, len);
    int id = strmap_get(m, key);
    if (id >= 0)
        return id;
    MEM_GROW(*names, *n, *cap);
    (*names)[*n] = key;
    strmap_put(m, key, *n);
    return (*n)++;
}

static int tag_id(loader *L, const char *s, size_t len)
{
    return intern(&L->c->arena, &L->tag_ids, &L->tag_names, &L->ntag, &L->captag, s, len);
}

static int home_id(loader *L, const char *s)
{
    return intern(&L->c->arena, &L->home_ids, &L->home_names, &L->nhome, &L->caphome, s,
                  strlen(s));
}

/* Splits a ';'-separated tag list (blanks around tags trimmed, empty
 * entries skipped) into provisional tag ids in an arena array. */
static int parse_tags(loader *L, const char *s, int **out)
{
    int n = 0, cap = 0;
    int *ids = NULL;
    while (*s) {
        const char *e = strchr(s, ';');
        const char *b = s, *z = e ? e : s + strlen(s);
        while (b < z && (*b == ' ' || *b == '\t'))
            b++;
        while (z > b && (z[-1] == ' ' || z[-1] == '\t'))
            z--;
        if (z > b) {
            MEM_GROW(ids, n, cap);
            ids[n++] = tag_id(L, b, (size_t)(z - b));
        }
        if (!e)
            break;
        s = e + 1;
    }
    *out = NULL;
    if (n) {
        *out = mem_arena_alloc(&L->c->arena, mem_mul(sizeof(int), (size_t)n));
        memcpy(*out, ids, sizeof(int) * (size_t)n);
    }
    free(ids);
    return n;
}

static const char *arena_copy(loader *L, const char *s)
{
    return mem_arena_strndup(&L->c->arena, s, strlen(s));
}

/* A row the CSV reader rejected: its id (if readable) is remembered as
 * broken, so references to it are not reported once more as unknown. */
static void note_broken(loader *L, const row_ctx *rc, const char *colname, strmap *ids)
{
    int col = col_of(rc, colname);
    const char *id;
    if (col < 0 || col >= rc->row->nfields)
        return;
    id = rc->row->fields[col];
    if (id[0] && strmap_get(ids, id) == -1) {
        const char *key = arena_copy(L, id);
        strmap_put(ids, key, NODE_BROKEN);
        MEM_GROW(L->broken, L->nbroken, L->capbroken);
        L->broken[L->nbroken++] = key;
    }
}

/* ---- the tree of places ---- */

static void read_node_file(loader *L, enum cycle_file f)
{
    static const char *const parent_col[3] = {NULL, "program", "lab"};
    int level = f - CYCLE_PROGRAMS;
    row_ctx rc = {L, f, &L->t[f], NULL, 0};
    if (!L->usable[f])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        pnode p;
        const char *id, *parent = "";
        long v;
        int prev;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad) {
            note_broken(L, &rc, "id", &L->pnode_ids);
            continue;
        }
        memset(&p, 0, sizeof(p));
        id = get_id(&rc, "id");
        if (parent_col[level]) {
            parent = get_id(&rc, parent_col[level]);
            p.parent_col = col_of(&rc, parent_col[level]) + 1;
        }
        p.n.level = level;
        p.n.line = rc.row->line;
        p.n.name = arena_copy(L, cell(&rc, col_of(&rc, "name")));
        p.n.institution = arena_copy(L, cell(&rc, col_of(&rc, "institution")));
        p.n.country = arena_copy(L, cell(&rc, col_of(&rc, "country")));
        get_whole(&rc, "capacity", -1, &v);
        p.n.capacity = (int)v;
        get_whole(&rc, "min", 0, &v);
        p.n.min = (int)v;
        if (p.n.capacity >= 0 && p.n.min > p.n.capacity)
            row_error(&rc, col_of(&rc, "min"), "min %d is above capacity %d", p.n.min,
                      p.n.capacity);
        get_whole(&rc, "min_year", -1, &v);
        p.n.min_year = (int)v;
        get_decimal(&rc, "min_gpa", &p.n.has_min_gpa, &p.n.min_gpa);
        p.n.nrequires = parse_tags(L, cell(&rc, col_of(&rc, "requires")), &p.n.requires);
        p.n.ranking = -1;
        p.n.priority = -1;
        p.file = f;
        p.parent = -1;
        p.valid = !rc.bad && parent;
        p.parent_id = parent ? parent : "";
        if (!id)
            continue;
        p.n.id = arena_copy(L, id);
        prev = strmap_get(&L->pnode_ids, p.n.id);
        if (prev == NODE_BROKEN)
            continue; /* its first row was already reported */
        if (prev >= 0) {
            const pnode *q = &L->pn[prev];
            row_error(&rc, col_of(&rc, "id"), "duplicate id '%s' (already a %s at %s:%ld)",
                      id, cycle_level_name(q->n.level), L->t[q->file].path, q->n.line);
            continue;
        }
        MEM_GROW(L->pn, L->npn, L->cappn);
        L->pn[L->npn] = p;
        strmap_put(&L->pnode_ids, p.n.id, L->npn);
        L->npn++;
    }
}

/* Links labs to programs and supervisors to labs; a node whose parent is
 * missing is dropped, and so, silently, is everything below it. */
static void resolve_parents(loader *L)
{
    for (int i = 0; i < L->npn; i++) {
        pnode *p = &L->pn[i];
        int want = p->n.level - 1, j;
        if (p->n.level == CYCLE_PROGRAM || p->parent_id[0] == '\0')
            continue;
        j = strmap_get(&L->pnode_ids, p->parent_id);
        if (j == NODE_BROKEN) {
            p->valid = 0;
        } else if (j < 0) {
            diag_error(L->d, L->t[p->file].path, p->n.line, p->parent_col, "unknown %s '%s'",
                       cycle_level_name(want), p->parent_id);
            p->valid = 0;
        } else if (L->pn[j].n.level != want) {
            diag_error(L->d, L->t[p->file].path, p->n.line, p->parent_col,
                       "'%s' is a %s, not a %s", p->parent_id, cycle_level_name(L->pn[j].n.level),
                       cycle_level_name(want));
            p->valid = 0;
        } else {
            p->parent = j;
        }
    }
    /* programs first, then labs, then supervisors: parents settle first */
    for (int level = CYCLE_LAB; level <= CYCLE_SUPERVISOR; level++)
        for (int i = 0; i < L->npn; i++)
            if (L->pn[i].n.level == level && L->pn[i].parent >= 0 && !L->pn[L->pn[i].parent].valid)
                L->pn[i].valid = 0;
}

/* Provisional node indices by id; ctx is the loader. Ids are unique. */
static int cmp_pnode_id(const void *a, const void *b, void *ctx)
{
    const loader *L = ctx;
    const pnode *x = &L->pn[*(const int *)a], *y = &L->pn[*(const int *)b];
    return strcmp(x->n.id, y->n.id);
}

/* Appends the subtree of provisional node p in canonical order. */
static void place_subtree(loader *L, int p, int **kids, int *nkids)
{
    cycle *c = L->c;
    int idx = c->nnodes++;
    cycle_node *n = &c->nodes[idx];
    *n = L->pn[p].n;
    L->pn[p].canon = idx;
    n->parent = L->pn[p].parent >= 0 ? L->pn[L->pn[p].parent].canon : -1;
    n->leaf_lo = c->nleaves;
    if (nkids[p] == 0) {
        n->leaf = c->nleaves;
        c->leaves[c->nleaves++] = idx;
    } else {
        n->leaf = -1;
        for (int k = 0; k < nkids[p]; k++)
            place_subtree(L, kids[p][k], kids, nkids);
    }
    n = &c->nodes[idx];
    n->leaf_hi = c->nleaves;
    n->end = c->nnodes;
}

static void order_tree(loader *L)
{
    cycle *c = L->c;
    int **kids, *nkids, *roots, nroots = 0;
    MEM_ZALLOC_ARRAY(kids, L->npn + 1);
    MEM_ZALLOC_ARRAY(nkids, L->npn + 1);
    MEM_ALLOC_ARRAY(roots, L->npn + 1);
    for (int i = 0; i < L->npn; i++) {
        int p = L->pn[i].parent;
        if (!L->pn[i].valid)
            continue;
        if (p < 0) {
            roots[nroots++] = i;
        } else {
            kids[p] = mem_realloc(kids[p], mem_mul(sizeof(int), (size_t)nkids[p] + 1));
            kids[p][nkids[p]++] = i;
        }
    }
    sortctx_sort(roots, (size_t)nroots, sizeof(int), cmp_pnode_id, L);
    for (int i = 0; i < L->npn; i++)
        if (nkids[i])
            sortctx_sort(kids[i], (size_t)nkids[i], sizeof(int), cmp_pnode_id, L);
    MEM_ALLOC_ARRAY(c->nodes, L->npn + 1);
    MEM_ALLOC_ARRAY(c->leaves, L->npn + 1);
    for (int r = 0; r < nroots; r++)
        place_subtree(L, roots[r], kids, nkids);
    for (int i = 0; i < L->npn; i++) {
        strmap_put(&c->node_ids, L->pn[i].n.id, L->pn[i].valid ? L->pn[i].canon : NODE_BROKEN);
        free(kids[i]);
    }
    for (int i = 0; i < L->nbroken; i++)
        strmap_put(&c->node_ids, L->broken[i], NODE_BROKEN);
    free(kids);
    free(nkids);
    free(roots);
}

/* ---- students ---- */

static int cmp_student_id(const void *a, const void *b)
{
    return strcmp(((const cycle_student *)a)->id, ((const cycle_student *)b)->id);
}

static void read_students(loader *L)
{
    cycle *c = L->c;
    row_ctx rc = {L, CYCLE_STUDENTS, &L->t[CYCLE_STUDENTS], NULL, 0};
    strmap seen;
    int cap = 0;
    strmap_init(&seen);
    if (!L->usable[CYCLE_STUDENTS])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        cycle_student s;
        const char *id, *home;
        long year;
        int prev;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad) {
            note_broken(L, &rc, "id", &seen);
            continue;
        }
        memset(&s, 0, sizeof(s));
        id = get_id(&rc, "id");
        s.line = rc.row->line;
        s.name = arena_copy(L, cell(&rc, col_of(&rc, "name")));
        home = cell(&rc, col_of(&rc, "home"));
        s.home = home[0] ? home_id(L, home) : -1;
        get_whole(&rc, "year", -1, &year);
        s.year = (int)year;
        get_decimal(&rc, "gpa", &s.has_gpa, &s.gpa);
        get_decimal(&rc, "score", &s.has_score, &s.score);
        s.ntags = parse_tags(L, cell(&rc, col_of(&rc, "tags")), &s.tags);
        s.fix = -1;
        if (!id)
            continue;
        s.id = arena_copy(L, id);
        prev = strmap_get(&seen, s.id);
        if (prev == NODE_BROKEN)
            continue;
        if (prev >= 0) {
            row_error(&rc, col_of(&rc, "id"), "duplicate student id '%s' (already at line %ld)",
                      id, c->students[prev].line);
            continue;
        }
        MEM_GROW(c->students, c->nstudents, cap);
        c->students[c->nstudents] = s;
        strmap_put(&seen, s.id, c->nstudents);
        c->nstudents++;
    }
    mem_sort(c->students, (size_t)c->nstudents, sizeof(cycle_student), cmp_student_id);
    for (int i = 0; i < c->nstudents; i++)
        strmap_put(&c->student_ids, c->students[i].id, i);
    for (size_t i = 0; i < seen.cap; i++)
        if (seen.keys[i] && seen.values[i] == NODE_BROKEN)
            strmap_put(&c->student_ids, seen.keys[i], NODE_BROKEN);
    strmap_release(&seen);
}

/* Resolves a node reference; reports an unknown id unless it is a node
 * already reported as broken. Returns the node index or -1. */
static int ref_node(row_ctx *rc, const char *colname, const char *what)
{
    const char *id = get_id(rc, colname);
    int n;
    if (!id)
        return -1;
    n = strmap_get(&rc->L->c->node_ids, id);
    if (n == -1) {
        row_error(rc, col_of(rc, colname), "unknown %s '%s' (not a program, lab or supervisor id)",
                  what, id);
        return -1;
    }
    if (n == NODE_BROKEN) {
        rc->bad = 1;
        return -1;
    }
    return n;
}

static int ref_student(row_ctx *rc, const char *colname)
{
    const char *id = get_id(rc, colname);
    int s;
    if (!id)
        return -1;
    s = strmap_get(&rc->L->c->student_ids, id);
    if (s == NODE_BROKEN) {
        rc->bad = 1;
        return -1;
    }
    if (s < 0)
        row_error(rc, col_of(rc, colname), "unknown student '%s'", id);
    return s;
}

static int get_rank(row_ctx *rc)
{
    long v;
    int col = col_of(rc, "rank");
    const char *text = cell(rc, col);
    if (text[0] == '\0') {
        row_error(rc, col, "'rank' is empty (it is required)");
        return 0;
    }
    if (!get_whole(rc, "rank", 0, &v))
        return 0;
    if (v < 1) {
        row_error(rc, col, "rank '%s' must be at least 1", text);
        return 0;
    }
    return (int)v;
}

/* ---- preferences ---- */

typedef struct pref_row {
    int student, node, rank;
    long line;
} pref_row;

static int cmp_pref(const void *a, const void *b)
{
    const pref_row *x = a, *y = b;
    if (x->student != y->student)
        return x->student < y->student ? -1 : 1;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int cmp_choice(const void *a, const void *b)
{
    const cycle_choice *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->node < y->node ? -1 : x->node > y->node;
}

static void read_preferences(loader *L)
{
    cycle *c = L->c;
    row_ctx rc = {L, CYCLE_PREFERENCES, &L->t[CYCLE_PREFERENCES], NULL, 0};
    pref_row *rows = NULL;
    size_t n = 0, cap = 0;
    int choice_col = col_of(&rc, "choice");
    if (!L->usable[CYCLE_PREFERENCES])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        pref_row p;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        p.student = ref_student(&rc, "student");
        p.rank = get_rank(&rc);
        p.node = ref_node(&rc, "choice", "choice");
        p.line = rc.row->line;
        if (rc.bad)
            continue;
        MEM_GROW(rows, n, cap);
        rows[n++] = p;
    }
    mem_sort(rows, n, sizeof(pref_row), cmp_pref);
    for (size_t i = 0; i < n;) {
        size_t j = i, k = 0;
        cycle_student *s = &c->students[rows[i].student];
        while (j < n && rows[j].student == rows[i].student)
            j++;
        s->choices = mem_arena_alloc(&c->arena, mem_mul(sizeof(cycle_choice), j - i));
        for (size_t q = i; q < j; q++) {
            if (q > i && rows[q].node == rows[q - 1].node) {
                diag_error(L->d, rc.t->path, rows[q].line, choice_col + 1,
                           "duplicate choice '%s' for student '%s' (also at line %ld)",
                           c->nodes[rows[q].node].id, s->id, rows[q - 1].line);
                continue;
            }
            s->choices[k].node = rows[q].node;
            s->choices[k].rank = rows[q].rank;
            s->choices[k].line = rows[q].line;
            if (rows[q].rank > c->max_rank)
                c->max_rank = rows[q].rank;
            k++;
        }
        s->nchoices = (int)k;
        mem_sort(s->choices, k, sizeof(cycle_choice), cmp_choice);
        i = j;
    }
    free(rows);
}

/* ---- rankings ---- */

static void read_rankings(loader *L)
{
    cycle *c = L->c;
    row_ctx rc = {L, CYCLE_RANKINGS, &L->t[CYCLE_RANKINGS], NULL, 0};
    pref_row *rows = NULL; /* student, node = ranker, rank */
    size_t n = 0, cap = 0;
    int student_col = col_of(&rc, "student");
    if (!L->usable[CYCLE_RANKINGS])
        return;
    for (size_t i = 0; i < rc.t->nrows; i++) {
        pref_row p;
        rc.row = &rc.t->rows[i];
        rc.bad = 0;
        if (rc.row->bad)
            continue;
        p.node = ref_node(&rc, "ranker", "ranker");
        p.student = ref_student(&rc, "student");
        p.rank = get_rank(&rc);
        p.line = rc.row->line;
        if (rc.bad)
            continue;
        MEM_GROW(rows, n, cap);
        rows[n++] = p;
    }
    /* by ranker, then student */
    for (size_t i = 0; i < n; i++) {
        int t = rows[i].student;
        rows[i].student = rows[i].node;
        rows[i].node = t;
    }
    mem_sort(rows, n, sizeof(pref_row), cmp_pref);
    MEM_ALLOC_ARRAY(c->rankings, n + 1);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        cycle_ranking *r = &c->rankings[c->nrankings];
        while (j < n && rows[j].student == rows[i].student)
            j++;
        r->node = rows[i].student;
        r->entries = mem_arena_alloc(&c->arena, mem_mul(sizeof(cycle_rank_entry), j - i));
        r->count = 0;
        for (size_t q = i; q < j; q++) {
            if (q > i && rows[q].node == rows[q - 1].node) {
                diag_error(L->d, rc.t->path, rows[q].line, student_col + 1,
                           "student '%s' is ranked twice by '%s' (also at line %ld)",
                           c->students[rows[q].node].id, c->nodes[r->node].id, rows[q - 1].line);
                continue;
            }
            r->entries[r->count].student = rows[q].node;
            r->entries[r->count].rank = rows[q].rank;
            r->count++;
        }
        c->nodes[r->node].ranking = c->nrankings++;
        i = j;
    }
    free(rows);
    /* priority: own ranking, else the nearest ancestor's (parents come first) */
    for (int i = 0; i < c->nnodes; i++) {
        cycle_node *nd = &c->nodes[i];
        nd->priority = nd->ranking >= 0 ? nd->ranking
                       : nd->parent >= 0 ? c->nodes[nd->parent].priority
                                         : -1;
    }
}

/* ---- quotas ---- */

static void read_quotas(loader *L)
{
    static const char *const fields[3] = {"home", "year", "tag"};
    cycle *c = L->c;
    row_ctx rc = {L, CYCLE_QUOTAS, &L->t[CYCLE_QUOTAS], NULL, 0};
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
        scope = cell(&rc, col_of(&rc, "scope"));
        if (scope[0])
            q.scope = ref_node(&rc, "scope", "scope");
        field = get_id(&rc, "field");
        fcol = col_of(&rc, "field");
        q.field = -1;
        for (int f = 0; field && f < 3; f++)
            if (strcmp(field, fields[f]) == 0)
                q.field = f;
        if (field && q.field < 0)
            row_error(&rc, fcol, "unknown quota field '%s' (expected 'home', 'year' or 'tag')",
                      field);
        value = get_id(&rc, "value");
        vcol = col_of(&rc, "value");
        if (value && q.field == CYCLE_FIELD_YEAR && strcmp(value, "*") != 0) {
            enum num_result r = num_whole(value, &v);
            if (r != NUM_OK)
                row_error(&rc, vcol, "year value '%s' %s", value, num_result_str(r, 1));
        }
        get_whole(&rc, "min", 0, &v);
        q.min = (int)v;
        get_whole(&rc, "max", -1, &v);
        q.max = (int)v;
        if (q.max >= 0 && q.min > q.max)
            row_error(&rc, col_of(&rc, "min"), "min %d is above max %d", q.min, q.max);
        if (rc.bad || !value)
            continue;
        q.value_text = arena_copy(L, value);
        q.value = -1; /* resolved once tags and homes are final */
        MEM_GROW(c->quotas, c->nquotas, cap);
        c->quotas[c->nquotas++] = q;
    }
}

/* ---- overrides ---- */

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

/* Whether student s's overrides leave her a leaf; reports the conflict. */
static void check_override_conflicts(loader *L, int s, const cycle_override *o, int n)
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

static void read_overrides(loader *L)
{
    cycle *c = L->c;
    row_ctx rc = {L, CYCLE_OVERRIDES, &L->t[CYCLE_OVERRIDES], NULL, 0};
    int cap = 0, node_col = col_of(&rc, "node");
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
        o.student = ref_student(&rc, "student");
        o.node = ref_node(&rc, "node", "node");
        action = get_id(&rc, "action");
        o.action = -1;
        if (action && strcmp(action, "fix") == 0)
            o.action = CYCLE_FIX;
        else if (action && strcmp(action, "forbid") == 0)
            o.action = CYCLE_FORBID;
        else if (action)
            row_error(&rc, col_of(&rc, "action"),
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

/* ---- canonical tag and home ids ---- */

/* Name indices by name; ctx is the name array. Names are unique. */
static int cmp_name_index(const void *a, const void *b, void *ctx)
{
    const char *const *names = ctx;
    return strcmp(names[*(const int *)a], names[*(const int *)b]);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* Sorts names; fills remap[old id] = new id. Returns the sorted names
 * (arena). */
static const char **canonical_names(loader *L, const char **names, int n, int *remap)
{
    int *order;
    const char **sorted;
    MEM_ALLOC_ARRAY(order, n + 1);
    for (int i = 0; i < n; i++)
        order[i] = i;
    sortctx_sort(order, (size_t)n, sizeof(int), cmp_name_index, names);
    sorted = mem_arena_alloc(&L->c->arena, mem_mul(sizeof(char *), (size_t)n + 1));
    for (int i = 0; i < n; i++) {
        sorted[i] = names[order[i]];
        remap[order[i]] = i;
    }
    free(order);
    return sorted;
}

/* Remaps ids in place, sorts them and drops repeats; returns the new count. */
static int remap_set(int *ids, int n, const int *remap)
{
    int k = 0;
    if (n == 0)
        return 0;
    for (int i = 0; i < n; i++)
        ids[i] = remap[ids[i]];
    mem_sort(ids, (size_t)n, sizeof(int), cmp_int);
    for (int i = 0; i < n; i++)
        if (k == 0 || ids[i] != ids[k - 1])
            ids[k++] = ids[i];
    return k;
}

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
    /* repeated rows keep file order (qsort does not promise stability) */
    return x->line < y->line ? -1 : x->line > y->line;
}

static int cmp_year_text(const void *a, const void *b)
{
    long x = strtol(*(const char *const *)a, NULL, 10), y = strtol(*(const char *const *)b, NULL, 10);
    return x < y ? -1 : x > y;
}

static void finish_ids(loader *L)
{
    cycle *c = L->c;
    int *tag_remap, *home_remap;
    cycle_quota *expanded = NULL;
    int nexp = 0, capexp = 0;
    /* quota tag values are tags too, even if nobody holds them */
    for (int i = 0; i < c->nquotas; i++)
        if (c->quotas[i].field == CYCLE_FIELD_TAG && strcmp(c->quotas[i].value_text, "*") != 0)
            c->quotas[i].value = tag_id(L, c->quotas[i].value_text, strlen(c->quotas[i].value_text));
    MEM_ALLOC_ARRAY(tag_remap, L->ntag + 1);
    MEM_ALLOC_ARRAY(home_remap, L->nhome + 1);
    c->tags = canonical_names(L, L->tag_names, L->ntag, tag_remap);
    c->ntags = L->ntag;
    c->homes = canonical_names(L, L->home_names, L->nhome, home_remap);
    c->nhomes = L->nhome;
    for (int i = 0; i < c->nnodes; i++)
        c->nodes[i].nrequires = remap_set(c->nodes[i].requires, c->nodes[i].nrequires, tag_remap);
    for (int i = 0; i < c->nstudents; i++) {
        cycle_student *s = &c->students[i];
        s->ntags = remap_set(s->tags, s->ntags, tag_remap);
        if (s->home >= 0)
            s->home = home_remap[s->home];
    }
    /* expand quotas: '*' becomes one quota per distinct value some student has */
    for (int i = 0; i < c->nquotas; i++) {
        cycle_quota q = c->quotas[i];
        int star = strcmp(q.value_text, "*") == 0;
        if (!star) {
            if (q.field == CYCLE_FIELD_TAG)
                q.value = tag_remap[q.value];
            else if (q.field == CYCLE_FIELD_HOME)
                q.value = strmap_get(&L->home_ids, q.value_text) >= 0
                              ? home_remap[strmap_get(&L->home_ids, q.value_text)]
                              : -1; /* no student has it: counts nobody */
            else
                q.value = (int)strtol(q.value_text, NULL, 10);
            MEM_GROW(expanded, nexp, capexp);
            expanded[nexp++] = q;
            continue;
        }
        if (q.field == CYCLE_FIELD_YEAR) {
            char seen[64] = {0};
            const char **years = NULL;
            int ny = 0, capy = 0;
            for (int s = 0; s < c->nstudents; s++) {
                int y = c->students[s].year;
                int dup = 0;
                if (y < 0)
                    continue;
                if (y < 64) {
                    dup = seen[y];
                    seen[y] = 1;
                } else {
                    for (int k = 0; k < ny && !dup; k++)
                        dup = strtol(years[k], NULL, 10) == y;
                }
                if (dup)
                    continue;
                {
                    strbuf sb;
                    strbuf_init(&sb);
                    strbuf_addf(&sb, "%d", y);
                    MEM_GROW(years, ny, capy);
                    years[ny++] = mem_arena_strndup(&c->arena, sb.buf, sb.len);
                    strbuf_release(&sb);
                }
            }
            mem_sort(years, (size_t)ny, sizeof(char *), cmp_year_text);
            for (int k = 0; k < ny; k++) {
                q.value = (int)strtol(years[k], NULL, 10);
                q.value_text = years[k];
                MEM_GROW(expanded, nexp, capexp);
                expanded[nexp++] = q;
            }
            free(years);
        } else {
            int nvals = q.field == CYCLE_FIELD_TAG ? c->ntags : c->nhomes;
            const char **names = q.field == CYCLE_FIELD_TAG ? c->tags : c->homes;
            for (int v = 0; v < nvals; v++) {
                int held = 0;
                for (int s = 0; s < c->nstudents && !held; s++)
                    held = q.field == CYCLE_FIELD_TAG ? cycle_has_tag(&c->students[s], v)
                                                      : c->students[s].home == v;
                if (!held)
                    continue;
                q.value = v;
                q.value_text = names[v];
                MEM_GROW(expanded, nexp, capexp);
                expanded[nexp++] = q;
            }
        }
    }
    free(c->quotas);
    c->quotas = expanded;
    c->nquotas = nexp;
    mem_sort(c->quotas, (size_t)c->nquotas, sizeof(cycle_quota), cmp_quota);
    free(tag_remap);
    free(home_remap);
}

/* ---- entry points ---- */

status cycle_load(const char *dir, diag *d, cycle **out)
{
    loader L;
    cycle *c = mem_zalloc(1, sizeof(*c));
    status rc = ST_OK;
    size_t errors_before = d->errors;
    memset(&L, 0, sizeof(L));
    L.c = c;
    L.d = d;
    mem_arena_init(&c->arena);
    strmap_init(&c->node_ids);
    strmap_init(&c->student_ids);
    strmap_init(&L.pnode_ids);
    strmap_init(&L.tag_ids);
    strmap_init(&L.home_ids);
    c->dir = mem_arena_strndup(&c->arena, dir, strlen(dir));
    *out = NULL;

    for (int f = 0; f < CYCLE_NFILES; f++) {
        strbuf path;
        FILE *probe;
        status st;
        strbuf_init(&path);
        strbuf_addf(&path, "%s%s%s", dir,
                    dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", file_names[f]);
        probe = fopen(path.buf, "rb");
        if (!probe && !file_required[f]) {
            strbuf_release(&path);
            csvin_table_init(&L.t[f]);
            continue;
        }
        if (probe)
            fclose(probe);
        if (!probe) {
            diag_error(d, path.buf, 0, 0, "required file is missing");
            csvin_table_init(&L.t[f]);
            strbuf_release(&path);
            continue;
        }
        c->paths[f] = mem_arena_strndup(&c->arena, path.buf, path.len);
        st = csvin_read_file(path.buf, &c->arena, d, &L.t[f]);
        strbuf_release(&path);
        if (st == ST_IO)
            rc = ST_IO;
        if (L.t[f].header &&
            csvin_check_columns(&L.t[f], known_cols[f], required_cols[f], d) == 0)
            L.usable[f] = 1;
    }

    c->student_id_col = csvin_column(&L.t[CYCLE_STUDENTS], "id") + 1;
    c->override_node_col = csvin_column(&L.t[CYCLE_OVERRIDES], "node") + 1;
    read_node_file(&L, CYCLE_PROGRAMS);
    read_node_file(&L, CYCLE_LABS);
    read_node_file(&L, CYCLE_SUPERVISORS);
    resolve_parents(&L);
    order_tree(&L);
    read_students(&L);
    read_preferences(&L);
    read_rankings(&L);
    read_quotas(&L);
    read_overrides(&L);
    finish_ids(&L);

    for (int f = 0; f < CYCLE_NFILES; f++)
        csvin_table_release(&L.t[f]);
    free(L.pn);
    free(L.tag_names);
    free(L.home_names);
    free(L.broken);
    strmap_release(&L.pnode_ids);
    strmap_release(&L.tag_ids);
    strmap_release(&L.home_ids);
    if (rc == ST_OK && d->errors > errors_before)
        rc = ST_INPUT;
    if (rc != ST_OK) {
        cycle_free(c);
        return rc;
    }
    *out = c;
    return ST_OK;
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

int cycle_ranking_rank(const cycle *c, int r, int s)
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
    return lo < rk->count && rk->entries[lo].student == s ? rk->entries[lo].rank : 0;
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
