/* test_mcf.c - the min-cost flow (solver/mcf.c) against GLPK's simplex on
 * random small acyclic networks with lexicographic cost vectors (negative
 * components included): the flow must be maximum, its cost vector the
 * lexicographic minimum among maximum flows (GLPK solves the LP stage by
 * stage, each optimum fixed; network LPs have integral optima), and its
 * certificate must hold; both ways, the joint run (mcf_solve) and one
 * component at a time (mcf_solve_staged), and warm from another
 * network's staged optimum whose later components' costs differ
 * (mcf_solve_staged_from). MCF_SEEDS (default 300)
 * networks, odd seeds random, even seeds shaped like treeflow's. */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "testkit.h"
#include "mcf.h"

#define MAXA 128
#define MAXD 4

typedef struct net {
    int n, m, dim;
    int from[MAXA], to[MAXA];
    long cap[MAXA], cost[MAXA][MAXD];
} net;

static unsigned long long rng_state;

static int below(int k)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)((rng_state >> 33) % (unsigned long long)k);
}

static void make_net(net *g, unsigned seed)
{
    rng_state = seed * 2654435761ULL + 1;
    g->n = 3 + below(6);
    g->dim = 1 + below(MAXD);
    g->m = 0;
    for (int tries = 0; tries < 4 * g->n && g->m < MAXA; tries++) {
        int u = below(g->n - 1), v = u + 1 + below(g->n - 1 - u);
        g->from[g->m] = u;
        g->to[g->m] = v;
        g->cap[g->m] = below(5);
        for (int d = 0; d < g->dim; d++)
            g->cost[g->m][d] = below(9) - 3;
        g->m++;
    }
}

/* A network shaped like treeflow's (source -> student, one seat -> leaf,
 * one arc per choice -> group of leaves -> sink, small capacities), with
 * each cost component counting the choices at one rank, +1 (generous) or
 * -1 (rank-maximal) a unit, and sometimes -1 on a source arc (a student
 * who must be placed). Students outnumber the seats, so the phases'
 * maximum flows have to move earlier paths: the greedy search leaves
 * flow to the shortest augmenting paths after it, which the small
 * random networks above seldom do. */
static void add_arc(net *g, int from, int to, long cap, const long *cost)
{
    g->from[g->m] = from;
    g->to[g->m] = to;
    g->cap[g->m] = cap;
    for (int d = 0; d < g->dim; d++)
        g->cost[g->m][d] = cost[d];
    g->m++;
}

static void make_tree_net(net *g, unsigned seed)
{
    int ns, nl, ngroups, leaf0, group0;
    long zero[MAXD] = {0};
    rng_state = seed * 2246822519ULL + 7;
    ns = 4 + below(13);
    nl = 2 + below(7);
    ngroups = 1 + below(3);
    leaf0 = 1 + ns;
    group0 = leaf0 + nl;
    g->n = group0 + ngroups + 1;
    g->dim = 1 + below(MAXD);
    g->m = 0;
    for (int s = 0; s < ns; s++) {
        long c[MAXD] = {0};
        int choices = 1 + below(4);
        c[0] = below(8) == 0 ? -1 : 0;
        add_arc(g, 0, 1 + s, 1, c);
        for (int k = 0; k < choices; k++) {
            long pc[MAXD] = {0};
            int rank = below(g->dim + 1); /* rank dim: in no component */
            if (rank < g->dim)
                pc[rank] = rank % 2 ? -1 : 1;
            add_arc(g, 1 + s, leaf0 + below(nl), 1, pc);
        }
    }
    for (int l = 0; l < nl; l++)
        add_arc(g, leaf0 + l, group0 + below(ngroups), 1 + below(3), zero);
    for (int q = 0; q < ngroups; q++)
        add_arc(g, group0 + q, g->n - 1, 1 + below(ns), zero);
}

/* The oracle: max flow, then each cost component minimised in turn. */
static void oracle(const net *g, double *flow_value, double *costs)
{
    glp_prob *lp = glp_create_prob();
    glp_smcp parm;
    int ind[MAXA + 1];
    double val[MAXA + 1];
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_add_cols(lp, g->m);
    for (int e = 0; e < g->m; e++)
        glp_set_col_bnds(lp, e + 1, g->cap[e] > 0 ? GLP_DB : GLP_FX, 0.0, (double)g->cap[e]);
    for (int v = 1; v < g->n - 1; v++) {
        int row = glp_add_rows(lp, 1), len = 0;
        for (int e = 0; e < g->m; e++) {
            double coef = (g->to[e] == v) - (g->from[e] == v);
            if (coef != 0) {
                len++;
                ind[len] = e + 1;
                val[len] = coef;
            }
        }
        glp_set_mat_row(lp, row, len, ind, val);
        glp_set_row_bnds(lp, row, GLP_FX, 0.0, 0.0);
    }
    for (int stage = -1; stage < g->dim; stage++) {
        double opt;
        int len = 0;
        glp_set_obj_dir(lp, stage < 0 ? GLP_MAX : GLP_MIN);
        for (int e = 0; e < g->m; e++) {
            double c = stage < 0 ? (double)(g->from[e] == 0) : (double)g->cost[e][stage];
            glp_set_obj_coef(lp, e + 1, c);
            if (c != 0) {
                len++;
                ind[len] = e + 1;
                val[len] = c;
            }
        }
        glp_simplex(lp, &parm);
        opt = glp_get_obj_val(lp);
        if (stage < 0)
            *flow_value = opt;
        else
            costs[stage] = opt;
        if (len > 0) {
            int row = glp_add_rows(lp, 1);
            glp_set_mat_row(lp, row, len, ind, val);
            glp_set_row_bnds(lp, row, GLP_FX, round(opt), round(opt));
        }
    }
    glp_delete_prob(lp);
}

int main(void)
{
    int seeds, warm = 0;
    testkit_set_name("test_mcf");
    seeds = (int)testkit_env_count("MCF_SEEDS", 300);
    for (int seed = 1; seed <= seeds; seed++) {
        net g;
        mcf *f;
        double want_value = -1, want_cost[MAXD] = {0};
        char why[200];
        int ok;
        if (seed % 2)
            make_net(&g, (unsigned)seed);
        else
            make_tree_net(&g, (unsigned)seed);
        oracle(&g, &want_value, want_cost);
        for (int staged = 0; staged <= 1; staged++) {
            long value = 0, cost[MAXD] = {0};
            const char *how = staged ? "staged" : "joint";
            f = mcf_new(g.n, g.dim);
            for (int e = 0; e < g.m; e++)
                mcf_add_arc(f, g.from[e], g.to[e], g.cap[e], g.cost[e]);
            CHECK((staged ? mcf_solve_staged(f, 0, g.n - 1, 1 + seed / 2 % 2) : mcf_solve(f, 0, g.n - 1)) == 0);
            ok = mcf_certify(f, 0, g.n - 1, why, sizeof(why));
            if (!CHECK(ok))
                printf("  seed %d (%s): certificate: %s\n", seed, how, why);
            for (int e = 0; e < g.m; e++) {
                long fl = mcf_flow(f, e);
                if (g.from[e] == 0)
                    value += fl;
                for (int d = 0; d < g.dim; d++)
                    cost[d] += fl * g.cost[e][d];
            }
            if (!CHECK(value == lround(want_value)))
                printf("  seed %d (%s): flow %ld, GLPK %g\n", seed, how, value, want_value);
            for (int d = 0; d < g.dim; d++)
                if (!CHECK(cost[d] == lround(want_cost[d])))
                    printf("  seed %d (%s): cost[%d] %ld, GLPK %g\n", seed, how, d, cost[d],
                           want_cost[d]);
            mcf_free(f);
        }
        if (g.dim >= 2) {
            /* warm (mcf_solve_staged_from): the staged optimum of g starts
               g2, whose later components' costs are new (and the earlier
               potentials scaled by a ratio, which is only a hint) */
            net g2 = g;
            mcf *f1 = mcf_new(g.n, g.dim), *f2 = mcf_new(g.n, g.dim);
            long value = 0, cost[MAXD] = {0}, num = 1 + below(3), den = 1 + below(3);
            int from = 1 + below(g.dim - 1);
            double want2_value = -1, want2_cost[MAXD] = {0};
            for (int e = 0; e < g.m; e++)
                for (int d = from; d < g.dim; d++)
                    g2.cost[e][d] = below(3) ? below(9) - 3 : g.cost[e][d];
            oracle(&g2, &want2_value, want2_cost);
            for (int e = 0; e < g.m; e++) {
                mcf_add_arc(f1, g.from[e], g.to[e], g.cap[e], g.cost[e]);
                mcf_add_arc(f2, g2.from[e], g2.to[e], g2.cap[e], g2.cost[e]);
            }
            CHECK(mcf_solve_staged(f1, 0, g.n - 1, 1 + seed / 2 % 2) == 0);
            if (CHECK(mcf_solve_staged_from(f2, f1, from, num, den) == 0)) {
                ok = mcf_certify(f2, 0, g.n - 1, why, sizeof(why));
                if (!CHECK(ok))
                    printf("  seed %d (warm): certificate: %s\n", seed, why);
                for (int e = 0; e < g.m; e++) {
                    long fl = mcf_flow(f2, e);
                    if (g.from[e] == 0)
                        value += fl;
                    for (int d = 0; d < g.dim; d++)
                        cost[d] += fl * g2.cost[e][d];
                }
                CHECK(value == lround(want2_value));
                for (int d = 0; d < g.dim; d++)
                    if (!CHECK(cost[d] == lround(want2_cost[d])))
                        printf("  seed %d (warm): cost[%d] %ld, GLPK %g\n", seed, d, cost[d],
                               want2_cost[d]);
                warm++;
            }
            mcf_free(f1);
            mcf_free(f2);
        }
    }
    printf("mcf: %d warm starts checked\n", warm);
    CHECK(seeds < 50 || warm > 0);
    return harness_finish("mcf");
}
