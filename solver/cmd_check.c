/* cmd_check.c - `placement check DIR`: validate a cycle and print the
 * overview a coordinator reads before solving. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "cmd.h"
#include "cycle.h"
#include "diag.h"
#include "mem.h"
#include "strbuf.h"

static void print_capacity(int cap)
{
    if (cap < 0)
        diag_fprintf(stdout, " %8s", "-");
    else
        diag_fprintf(stdout, " %8d", cap);
}

static void print_overview(const cycle *c, const admit *a)
{
    int nlabs = 0, nsup = 0, nchoices = 0, nrank = 0, unplaceable = 0, unlimited = 0;
    long seats = 0;
    admit_demand *dm;
    for (int i = 0; i < c->nnodes; i++) {
        nlabs += c->nodes[i].level == CYCLE_LAB;
        nsup += c->nodes[i].level == CYCLE_SUPERVISOR;
    }
    for (int s = 0; s < c->nstudents; s++) {
        nchoices += c->students[s].nchoices;
        unplaceable += a->range_first[s] == a->range_first[s + 1];
    }
    for (int r = 0; r < c->nrankings; r++)
        nrank += c->rankings[r].count;
    /* seats: a leaf's limit is the tightest capacity on its path; a
       program's seats are at most its own capacity */
    for (int i = 0; i < c->nnodes; i++) {
        const cycle_node *n = &c->nodes[i];
        long sub = 0;
        int unl = 0;
        if (n->level != CYCLE_PROGRAM)
            continue;
        for (int v = i; v < n->end; v++) {
            if (c->nodes[v].leaf < 0)
                continue;
            {
                long cap = -1;
                for (int u = v; u >= i; u = c->nodes[u].parent) {
                    if (c->nodes[u].capacity >= 0 && (cap < 0 || c->nodes[u].capacity < cap))
                        cap = c->nodes[u].capacity;
                    if (u == i)
                        break;
                }
                if (cap < 0)
                    unl = 1;
                else
                    sub += cap;
            }
        }
        if (n->capacity >= 0 && (unl || n->capacity < sub)) {
            sub = n->capacity;
            unl = 0;
        }
        if (unl)
            unlimited++;
        else
            seats += sub;
    }
    diag_fprintf(stdout, "cycle %s\n", c->dir);
    diag_fprintf(stdout,
                 "  places: %d programs, %d labs, %d supervisors (%d leaves where students are "
                 "placed)\n",
                 c->nnodes - nlabs - nsup, nlabs, nsup, c->nleaves);
    diag_fprintf(stdout, "  students: %d, choices: %d (worst rank %d), admissible pairs: %ld\n",
                 c->nstudents, nchoices, c->max_rank, a->npairs);
    diag_fprintf(stdout, "  rankings: %d (%d entries), quotas: %d, overrides: %d\n", c->nrankings,
                 nrank, c->nquotas, c->noverrides);
    if (c->lottery) /* said only when there is one: the overview is unchanged without */
        diag_fprintf(stdout,
                     "  lottery: every student has a number in lottery.csv; ties in priority "
                     "are broken by the lower number\n");

    if (c->paths[CYCLE_RESPONSES]) {
        int accepted = 0;
        for (int i = 0; i < c->nresponses; i++)
            accepted += c->responses[i].accepted;
        diag_fprintf(stdout,
                     "  responses: %d accepted, %d declined (a later round: solve --previous "
                     "OUT1 checks them against OUT1's offers)\n",
                     accepted, c->nresponses - accepted);
    }
    for (int sep = 0; sep < 2; sep++) {
        /* files that are not comma-separated, as read */
        char want = sep ? '\t' : ';';
        int n = 0;
        for (int f = 0; f < CYCLE_NFILES; f++)
            if (c->paths[f] && c->delims[f] == want)
                diag_fprintf(stdout, "%s%s",
                             n++   ? ", "
                             : sep ? "  tab-separated: "
                                   : "  ';'-separated, decimal comma allowed: ",
                             cycle_file_name((enum cycle_file)f));
        if (n)
            diag_fprintf(stdout, "\n");
    }
    if (unlimited)
        diag_fprintf(stdout,
                     "  seats: %ld in programs with a limit, and %d program%s without one; "
                     "students: %d",
                     seats, unlimited, unlimited == 1 ? "" : "s", c->nstudents);
    else
        diag_fprintf(stdout, "  seats: %ld for %d students", seats, c->nstudents);
    if (!unlimited)
        diag_fprintf(stdout, " (%s %ld)", seats >= c->nstudents ? "spare" : "short by",
                     seats >= c->nstudents ? seats - c->nstudents : c->nstudents - seats);
    diag_fprintf(stdout, "\n  students without any admissible choice: %d\n\n", unplaceable);

    MEM_ALLOC_ARRAY(dm, c->nnodes + 1);
    admit_demand_count(a, c, dm);
    diag_fprintf(stdout, "  %-28s %8s %8s %8s %8s %8s\n", "program / lab", "capacity", "min",
                 "first", "demand", "eligible");
    for (int i = 0; i < c->nnodes; i++) {
        const cycle_node *n = &c->nodes[i];
        if (n->level == CYCLE_SUPERVISOR)
            continue;
        diag_fprintf(stdout, "  %s%-*s", n->level == CYCLE_LAB ? "  " : "",
                     n->level == CYCLE_LAB ? 26 : 28, n->id);
        print_capacity(n->capacity);
        diag_fprintf(stdout, " %8d %8d %8d %8d%s\n", n->min, dm[i].first, dm[i].total,
                     dm[i].eligible,
                     n->min > dm[i].eligible ? "  <- min above eligible applicants" : "");
    }
    free(dm);
}

static void print_unplaceable(const cycle *c, const admit *a)
{
    int any = 0;
    strbuf sb;
    strbuf_init(&sb);
    for (int s = 0; s < c->nstudents; s++) {
        if (a->range_first[s] < a->range_first[s + 1] || c->students[s].fix >= 0)
            continue;
        if (!any)
            diag_fprintf(stdout, "\nstudents who cannot be placed:\n");
        any = 1;
        strbuf_reset(&sb);
        admit_describe_unplaceable(c, s, &sb);
        diag_fprintf(stdout, "  %s\n", sb.buf);
    }
    strbuf_release(&sb);
}

status cmd_check(const cli_opts *o)
{
    diag d;
    cycle *c = NULL;
    admit *a = NULL;
    status rc;
    diag_init(&d);
    rc = cycle_load_as(o->dir, o->encoding, &d, &c);
    if (rc == ST_OK)
        a = admit_build(c, &d);
    diag_print(&d, stderr, o->quiet);
    if (rc != ST_OK) {
        diag_fprintf(stderr, "%zu error%s in cycle '%s'\n", d.errors, d.errors == 1 ? "" : "s",
                     o->dir);
        goto done;
    }
    if (!o->quiet) {
        print_overview(c, a);
        print_unplaceable(c, a);
    }
done:
    admit_free(a);
    cycle_free(c);
    diag_release(&d);
    return rc;
}
