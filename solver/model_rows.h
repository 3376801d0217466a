/* model_rows.h - the row and column builder shared by the two files of
 * the integer program (model.c: the assignment rows and the stage loop;
 * model_stable.c: the stability rows). Internal to them: only these two
 * files include GLPK's header. */
#ifndef MODEL_ROWS_H
#define MODEL_ROWS_H

#include <glpk.h>

typedef struct builder {
    glp_prob *lp;
    int *ia, *ja; /* 1-based triplets for glp_load_matrix */
    double *ar;
    int nz, cap;
    int *best_leaf; /* per student, the last complete stage's leaf */
    double *warm;   /* the last stage's column values, 1-based */
    const unsigned char *unused; /* per pair: its column is fixed at 0, or
                                    NULL */
    int names;       /* name the pair columns (x_S_N): for the LP and MPS
                        exports only, since naming millions costs seconds */
    double deadline; /* clock_seconds() at which building stops (the time
                        limit), 0: none */
    int *student_row, *node_row; /* per student, per node: its row, 0 none */
    int stage_row;               /* the last stage's optimum row, 0 none */
} builder;

/* GLPK numbers rows, columns and array entries from 1: admissible pair k
 * is column model_pair_col(k), and every array handed to GLPK leaves
 * entry 0 unused. */
static inline int model_pair_col(long k)
{
    return (int)k + 1; /* model_solve refuses more pairs than GLPK numbers */
}

/* Appends coefficient v at (row, col) to the triplets. */
void model_add_nz(builder *b, int row, int col, double v);
/* A new row named KIND_INDEX; returns its number. */
int model_add_row(glp_prob *lp, const char *kind, int index);

#endif
