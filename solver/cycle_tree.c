/* cycle_tree.c - the tree of places: reads programs.csv, labs.csv and
 * supervisors.csv, links each node to its parent, and lays the valid
 * nodes out in canonical order (depth first, siblings by id, bytewise). */
#include "cycle_read.h"

#include <stdlib.h>
#include <string.h>

#include "sortctx.h"

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

/* The nodes of all three files, in file and row order. */
typedef struct tree {
    cycle_loader *L;
    pnode *pn;
    int npn, cappn;
    strmap ids;          /* id -> provisional index, or CYCLE_READ_BROKEN */
    const char **broken; /* node ids of rows the CSV reader rejected */
    int nbroken, capbroken;
} tree;

static void read_node_file(tree *T, enum cycle_file f)
{
    static const char *const parent_col[3] = {NULL, "program", "lab"};
    cycle_loader *L = T->L;
    int level = f - CYCLE_PROGRAMS;
    cycle_row rc = {L, &L->t[f], NULL, 0};
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
            const char *key = cycle_read_note_broken(L, &rc, "id", &T->ids);
            if (key) {
                MEM_GROW(T->broken, T->nbroken, T->capbroken);
                T->broken[T->nbroken++] = key;
            }
            continue;
        }
        memset(&p, 0, sizeof(p));
        id = cycle_read_id(&rc, "id");
        if (parent_col[level]) {
            parent = cycle_read_id(&rc, parent_col[level]);
            p.parent_col = cycle_read_col(&rc, parent_col[level]) + 1;
        }
        p.n.level = level;
        p.n.line = rc.row->line;
        p.n.name = cycle_read_copy(L, cycle_read_cell(&rc, cycle_read_col(&rc, "name")));
        p.n.institution =
            cycle_read_copy(L, cycle_read_cell(&rc, cycle_read_col(&rc, "institution")));
        p.n.country = cycle_read_copy(L, cycle_read_cell(&rc, cycle_read_col(&rc, "country")));
        cycle_read_whole(&rc, "capacity", -1, &v);
        p.n.capacity = (int)v;
        cycle_read_whole(&rc, "min", 0, &v);
        p.n.min = (int)v;
        if (p.n.capacity >= 0 && p.n.min > p.n.capacity)
            cycle_read_error(&rc, cycle_read_col(&rc, "min"), "min %d is above capacity %d",
                             p.n.min, p.n.capacity);
        cycle_read_whole(&rc, "min_year", -1, &v);
        p.n.min_year = (int)v;
        cycle_read_decimal(&rc, "min_gpa", &p.n.min_gpa);
        p.n.nrequires =
            cycle_read_tags_cell(&rc, "requires", &p.n.requires);
        p.n.ranking = -1;
        p.n.priority = -1;
        p.file = f;
        p.parent = -1;
        p.valid = !rc.bad && parent;
        p.parent_id = parent ? parent : "";
        if (!id)
            continue;
        p.n.id = cycle_read_copy(L, id);
        prev = strmap_get(&T->ids, p.n.id);
        if (prev == CYCLE_READ_BROKEN)
            continue; /* its first row was already reported */
        if (prev >= 0) {
            const pnode *q = &T->pn[prev];
            cycle_read_error(&rc, cycle_read_col(&rc, "id"),
                             "duplicate id '%s' (already a %s at %s:%ld)", id,
                             cycle_level_name(q->n.level), L->t[q->file].path, q->n.line);
            continue;
        }
        MEM_GROW(T->pn, T->npn, T->cappn);
        T->pn[T->npn] = p;
        strmap_put(&T->ids, p.n.id, T->npn);
        T->npn++;
    }
}

/* Links labs to programs and supervisors to labs; a node whose parent is
 * missing is dropped, and so, silently, is everything below it. */
static void resolve_parents(tree *T)
{
    cycle_loader *L = T->L;
    for (int i = 0; i < T->npn; i++) {
        pnode *p = &T->pn[i];
        int want = p->n.level - 1, j;
        if (p->n.level == CYCLE_PROGRAM || p->parent_id[0] == '\0')
            continue;
        j = strmap_get(&T->ids, p->parent_id);
        /* a parent whose row was rejected, or in a file that could not be
           read: said already */
        if (j == CYCLE_READ_BROKEN ||
            (j < 0 && L->unread[want == CYCLE_PROGRAM ? CYCLE_PROGRAMS : CYCLE_LABS])) {
            p->valid = 0;
        } else if (j < 0) {
            diag_error(L->d, L->t[p->file].path, p->n.line, p->parent_col, "unknown %s '%s'",
                       cycle_level_name(want), p->parent_id);
            p->valid = 0;
        } else if (T->pn[j].n.level != want) {
            diag_error(L->d, L->t[p->file].path, p->n.line, p->parent_col,
                       "'%s' is a %s, not a %s", p->parent_id, cycle_level_name(T->pn[j].n.level),
                       cycle_level_name(want));
            p->valid = 0;
        } else {
            p->parent = j;
        }
    }
    /* programs first, then labs, then supervisors: parents settle first */
    for (int level = CYCLE_LAB; level <= CYCLE_SUPERVISOR; level++)
        for (int i = 0; i < T->npn; i++)
            if (T->pn[i].n.level == level && T->pn[i].parent >= 0 && !T->pn[T->pn[i].parent].valid)
                T->pn[i].valid = 0;
}

/* Provisional node indices by id; ctx is the tree. Ids are unique. */
static int cmp_pnode_id(const void *a, const void *b, void *ctx)
{
    const tree *T = ctx;
    const pnode *x = &T->pn[*(const int *)a], *y = &T->pn[*(const int *)b];
    return strcmp(x->n.id, y->n.id);
}

/* Appends the subtree of provisional node p in canonical order. */
static void place_subtree(tree *T, int p, int **kids, int *nkids)
{
    cycle *c = T->L->c;
    int idx = c->nnodes++;
    cycle_node *n = &c->nodes[idx];
    *n = T->pn[p].n;
    T->pn[p].canon = idx;
    n->parent = T->pn[p].parent >= 0 ? T->pn[T->pn[p].parent].canon : -1;
    n->leaf_lo = c->nleaves;
    if (nkids[p] == 0) {
        n->leaf = c->nleaves;
        c->leaves[c->nleaves++] = idx;
    } else {
        n->leaf = -1;
        for (int k = 0; k < nkids[p]; k++)
            place_subtree(T, kids[p][k], kids, nkids);
    }
    n = &c->nodes[idx];
    n->leaf_hi = c->nleaves;
    n->end = c->nnodes;
}

/* Fills c->nodes, c->leaves and c->node_ids from the valid nodes; the ids
 * of dropped or rejected nodes map to CYCLE_READ_BROKEN. */
static void order_tree(tree *T)
{
    cycle *c = T->L->c;
    int **kids, *nkids, *roots, nroots = 0;
    MEM_ZALLOC_ARRAY(kids, T->npn + 1);
    MEM_ZALLOC_ARRAY(nkids, T->npn + 1);
    MEM_ALLOC_ARRAY(roots, T->npn + 1);
    for (int i = 0; i < T->npn; i++) {
        int p = T->pn[i].parent;
        if (!T->pn[i].valid)
            continue;
        if (p < 0) {
            roots[nroots++] = i;
        } else {
            kids[p] = mem_realloc(kids[p], mem_mul(sizeof(int), (size_t)nkids[p] + 1));
            kids[p][nkids[p]++] = i;
        }
    }
    sortctx_sort(roots, (size_t)nroots, sizeof(int), cmp_pnode_id, T);
    for (int i = 0; i < T->npn; i++)
        if (nkids[i])
            sortctx_sort(kids[i], (size_t)nkids[i], sizeof(int), cmp_pnode_id, T);
    MEM_ALLOC_ARRAY(c->nodes, T->npn + 1);
    MEM_ALLOC_ARRAY(c->leaves, T->npn + 1);
    for (int r = 0; r < nroots; r++)
        place_subtree(T, roots[r], kids, nkids);
    for (int i = 0; i < T->npn; i++) {
        strmap_put(&c->node_ids, T->pn[i].n.id,
                   T->pn[i].valid ? T->pn[i].canon : CYCLE_READ_BROKEN);
        free(kids[i]);
    }
    for (int i = 0; i < T->nbroken; i++)
        strmap_put(&c->node_ids, T->broken[i], CYCLE_READ_BROKEN);
    free(kids);
    free(nkids);
    free(roots);
}

void cycle_tree_read(cycle_loader *L)
{
    tree T;
    memset(&T, 0, sizeof(T));
    T.L = L;
    strmap_init(&T.ids);
    read_node_file(&T, CYCLE_PROGRAMS);
    read_node_file(&T, CYCLE_LABS);
    read_node_file(&T, CYCLE_SUPERVISORS);
    resolve_parents(&T);
    order_tree(&T);
    free(T.pn);
    free(T.broken);
    strmap_release(&T.ids);
}
