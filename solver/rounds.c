/* rounds.c - a later round: the previous round's offers and the answers
 * to them applied to the cycle (rounds.h). */
#include "rounds.h"

#include <stdlib.h>
#include <string.h>

#include "admit.h"
#include "mem.h"
#include "num.h"
#include "resfolder.h"
#include "strbuf.h"

/* Students named in one message at most; the rest are counted. */
#define ROUNDS_NAMED 5

/* dir/name, for messages. */
static void join_path(strbuf *sb, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    strbuf_addf(sb, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

/* Every input file but responses.csv has the fingerprint OUT1's
 * summary.csv gives it (absent in both counts as the same). */
static status check_same_cycle(const cycle *c, const resfolder *f, const char *prev, diag *d)
{
    strbuf differ, added, gone;
    int ndiffer = 0, nadded = 0, ngone = 0;
    status rc = ST_OK;
    strbuf_init(&differ);
    strbuf_init(&added);
    strbuf_init(&gone);
    for (int k = 0; k < CYCLE_NFILES; k++) {
        const char *file = cycle_file_name((enum cycle_file)k), *old;
        strbuf name;
        if (k == CYCLE_RESPONSES)
            continue; /* the later round's own file */
        strbuf_init(&name);
        strbuf_addf(&name, "sha256:%s", file);
        old = resfolder_metric_value(f, name.buf);
        strbuf_release(&name);
        if (c->paths[k] && old && strcmp(old, c->sha256[k]) == 0)
            continue;
        if (!c->paths[k] && !old)
            continue;
        if (c->paths[k] && old)
            strbuf_addf(&differ, "%s%s", ndiffer++ ? ", " : "", file);
        else if (c->paths[k])
            strbuf_addf(&added, "%s%s", nadded++ ? ", " : "", file);
        else
            strbuf_addf(&gone, "%s%s", ngone++ ? ", " : "", file);
    }
    if (ndiffer + nadded + ngone) {
        strbuf why;
        strbuf_init(&why);
        if (ndiffer)
            strbuf_addf(&why, "%s changed", differ.buf);
        if (nadded)
            strbuf_addf(&why, "%s%s %s new", why.len ? "; " : "", added.buf,
                        nadded == 1 ? "is" : "are");
        if (ngone)
            strbuf_addf(&why, "%s%s %s gone", why.len ? "; " : "", gone.buf,
                        ngone == 1 ? "is" : "are");
        diag_error(d, NULL, 0, 0,
                   "'%s' was not produced from this cycle (%s since, by the fingerprints in its "
                   "summary.csv): a later round is solved on the very cycle of the rounds before "
                   "it, only responses.csv may change",
                   prev, why.buf);
        strbuf_release(&why);
        rc = ST_INPUT;
    }
    strbuf_release(&differ);
    strbuf_release(&added);
    strbuf_release(&gone);
    return rc;
}

/* What OUT1's row says of a student. */
enum offer_kind { OFFER_NONE, OFFER_HELD, OFFER_KEPT, OFFER_DECLINED, OFFER_BAD };

/* Reads row (student s's row of OUT1) into a kind and, for an offer, the
 * leaf node in *leaf; a row that does not fit the cycle is an error. */
static enum offer_kind read_offer(const cycle *c, const resfolder_row *row, const char *path,
                                  int *leaf, diag *d)
{
    static const char *const words[] = {"placed", "fixed", "kept", "unplaced", "declined"};
    static const enum offer_kind kinds[] = {OFFER_HELD, OFFER_HELD, OFFER_KEPT, OFFER_NONE,
                                            OFFER_DECLINED};
    enum offer_kind kind = OFFER_BAD;
    *leaf = -1;
    for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
        if (strcmp(row->status, words[i]) == 0)
            kind = kinds[i];
    if (kind == OFFER_BAD) {
        diag_error(d, path, row->line, 0,
                   "unknown status '%s' for student '%s' (expected placed, fixed, kept, unplaced "
                   "or declined)",
                   row->status, row->id);
        return OFFER_BAD;
    }
    if (kind == OFFER_HELD || kind == OFFER_KEPT) {
        int node = row->leaf[0] ? cycle_node_index(c, row->leaf) : -1;
        if (!row->leaf[0]) {
            diag_error(d, path, row->line, 0, "student '%s' is '%s' but has no place", row->id,
                       row->status);
            return OFFER_BAD;
        }
        if (node < 0 || c->nodes[node].leaf < 0) {
            diag_error(d, path, row->line, 0,
                       "student '%s' is placed at '%s', which is not a leaf of the cycle", row->id,
                       row->leaf);
            return OFFER_BAD;
        }
        *leaf = node;
    }
    return kind;
}

/* Her offer at leaf node must still be a place she can hold: within her
 * fix, not forbidden, admissible as round 1 judged it. */
static int offer_admissible(const cycle *c, int s, int node, const char *path, long line, diag *d)
{
    admit_checks list = {0};
    int n = admit_failures(c, s, c->nodes[node].leaf, &list);
    if (n > 0) {
        strbuf why;
        strbuf_init(&why);
        admit_explain(c, s, list.v[0], &why);
        diag_error(d, path, line, 0,
                   "student '%s' holds an offer at '%s' that the cycle does not allow: %s",
                   c->students[s].id, c->nodes[node].id, why.buf);
        strbuf_release(&why);
    }
    free(list.v);
    return n == 0;
}

status rounds_apply(cycle *c, const char *previous_dir, diag *d)
{
    mem_arena arena;
    resfolder f;
    status rc;
    strbuf apath, missing;
    long nmissing = 0, round = 1;
    size_t errors_before = d->errors;
    int *kind, *offer;
    const char *rnum;

    mem_arena_init(&arena);
    strbuf_init(&apath);
    strbuf_init(&missing);
    rc = resfolder_read(previous_dir, (1u << RESFOLDER_SUMMARY) | (1u << RESFOLDER_ASSIGNMENTS),
                        &arena, d, &f);
    if (rc != ST_OK)
        goto done;
    if ((rc = check_same_cycle(c, &f, previous_dir, d)) != ST_OK)
        goto done;
    rnum = resfolder_metric_value(&f, "round");
    if (rnum && (num_whole(rnum, &round) != NUM_OK || round < 1 || round >= 1000000)) {
        strbuf spath;
        strbuf_init(&spath);
        join_path(&spath, previous_dir, "summary.csv");
        diag_error(d, spath.buf, 0, 0, "round '%s' is not a round number", rnum);
        strbuf_release(&spath);
        rc = ST_INPUT;
        goto done;
    }
    join_path(&apath, previous_dir, "assignments.csv");
    MEM_ALLOC_ARRAY(kind, c->nstudents + 1);
    MEM_ALLOC_ARRAY(offer, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++) {
        const resfolder_row *row = resfolder_find(&f, c->students[s].id);
        kind[s] = OFFER_BAD;
        offer[s] = -1;
        if (!row) {
            if (nmissing++ < ROUNDS_NAMED)
                strbuf_addf(&missing, "%s'%s'", nmissing > 1 ? ", " : "", c->students[s].id);
            continue;
        }
        kind[s] = read_offer(c, row, apath.buf, &offer[s], d);
        if ((kind[s] == OFFER_HELD || kind[s] == OFFER_KEPT) &&
            !offer_admissible(c, s, offer[s], apath.buf, row->line, d))
            kind[s] = OFFER_BAD;
    }
    if (nmissing)
        diag_error(d, apath.buf, 0, 0, "no row for %ld student%s of the cycle (%s%s)", nmissing,
                   nmissing == 1 ? "" : "s", missing.buf, nmissing > ROUNDS_NAMED ? ", …" : "");
    for (size_t i = 0; i < f.nrows; i++)
        if (cycle_student_index(c, f.rows[i].id) < 0)
            diag_error(d, apath.buf, f.rows[i].line, 0, "student '%s' is not in the cycle",
                       f.rows[i].id);
    /* the answers */
    for (int i = 0; i < c->nresponses; i++) {
        const cycle_response *r = &c->responses[i];
        int s = r->student;
        if (kind[s] == OFFER_NONE)
            diag_error(d, c->paths[CYCLE_RESPONSES], r->line, c->response_student_col,
                       "student '%s' had no offer to answer: she is unplaced in '%s'",
                       c->students[s].id, apath.buf);
        else if (kind[s] == OFFER_DECLINED && r->accepted)
            diag_error(d, c->paths[CYCLE_RESPONSES], r->line, c->response_student_col,
                       "student '%s' declined her offer in an earlier round ('%s' says "
                       "declined): a declined offer cannot be accepted later",
                       c->students[s].id, apath.buf);
    }
    if (d->errors > errors_before) {
        rc = ST_INPUT;
        goto free_kinds;
    }
    for (int s = 0; s < c->nstudents; s++) {
        cycle_student *st = &c->students[s];
        st->offer = offer[s];
        switch ((enum offer_kind)kind[s]) {
        case OFFER_NONE:
        case OFFER_BAD:
            st->round = CYCLE_ROUND_OPEN;
            break;
        case OFFER_DECLINED:
            st->round = CYCLE_ROUND_DECLINED;
            break;
        case OFFER_KEPT:
            st->round = CYCLE_ROUND_KEPT;
            break;
        case OFFER_HELD:
            st->round = CYCLE_ROUND_HELD;
            break;
        }
    }
    for (int i = 0; i < c->nresponses; i++) {
        cycle_student *st = &c->students[c->responses[i].student];
        st->round = c->responses[i].accepted ? CYCLE_ROUND_KEPT : CYCLE_ROUND_DECLINED;
    }
    for (int s = 0; s < c->nstudents; s++) {
        cycle_student *st = &c->students[s];
        if (st->round == CYCLE_ROUND_KEPT || st->round == CYCLE_ROUND_HELD)
            st->fix = st->offer;
    }
    c->round_number = (int)round + 1;
    memcpy(c->previous_sha256, f.sha256[RESFOLDER_ASSIGNMENTS], sizeof(c->previous_sha256));
free_kinds:
    free(kind);
    free(offer);
done:
    resfolder_release(&f);
    mem_arena_release(&arena);
    strbuf_release(&apath);
    strbuf_release(&missing);
    return rc;
}

status rounds_first(const cycle *c, int strict, diag *d)
{
    if (!c->paths[CYCLE_RESPONSES])
        return ST_OK;
    if (!strict) {
        diag_warning(d, c->paths[CYCLE_RESPONSES], 0, 0,
                     "not read without --previous OUT1 (the round whose offers it answers)");
        return ST_OK;
    }
    diag_error(d, c->paths[CYCLE_RESPONSES], 0, 0,
               "answers the offers of an earlier round, but no --previous was given: solve the "
               "later round with --previous OUT1 (that round's results folder), or move "
               "responses.csv out of the cycle for a first round");
    return ST_INPUT;
}

long rounds_count(const cycle *c, const int *leaf_of, long count[4])
{
    long fresh = 0;
    count[0] = count[1] = count[2] = count[3] = 0;
    for (int s = 0; s < c->nstudents; s++) {
        count[c->students[s].round]++;
        fresh += leaf_of && c->students[s].round == CYCLE_ROUND_OPEN && leaf_of[s] >= 0;
    }
    return fresh;
}
