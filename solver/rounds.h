/* rounds.h - a later round of a cycle (`solve --previous OUT1`, and
 * `verify --previous OUT1`): the offers in OUT1's assignments.csv and the
 * answers in the cycle's responses.csv decide where each student stands.
 *
 * - placed in OUT1 (status placed, fixed or kept) and `accepted` now, or
 *   kept in OUT1 without an answer: kept, fixed at her OUT1 leaf;
 * - placed in OUT1 without an answer: held, her offer stands (fixed at
 *   her OUT1 leaf as well, so nothing moves her; she is reported as
 *   placed, or fixed under an override);
 * - `declined` now, or declined in OUT1: declined, not placed in this
 *   round (no admissible pair, never required by --require-all);
 * - unplaced in OUT1: open, competing for the seats left under all the
 *   cycle's rules.
 * Kept and held students are fixed students of SPEC §4: never displaced,
 * never blocking. A response for a student who had no offer, or an
 * `accepted` after a decline, is an input error at its line and column.
 *
 * OUT1 must come from the same cycle: every input file has the same
 * fingerprint (summary.csv's sha256 rows) as now, responses.csv aside. */
#ifndef ROUNDS_H
#define ROUNDS_H

#include "cycle.h"
#include "diag.h"
#include "status.h"

/* Applies the round after previous_dir to c: each student's round,
 * offer and fix, c->round_number and c->previous_sha256. Every problem
 * goes to d (all of them); returns ST_OK, ST_INPUT (another cycle, a bad
 * response or an unreadable OUT1) or ST_IO. */
status rounds_apply(cycle *c, const char *previous_dir, diag *d);

/* For a run without --previous: responses.csv belongs to a later round.
 * With strict (solve) its presence is an error, since the run would
 * silently ignore every answer; otherwise (verify) a warning that it is
 * not read. Returns ST_INPUT after an error, else ST_OK. */
status rounds_first(const cycle *c, int strict, diag *d);

/* The count of students in each enum cycle_round, into count[4];
 * returns how many open students leaf_of places (the newly placed of a
 * later round), 0 when leaf_of is NULL. */
long rounds_count(const cycle *c, const int *leaf_of, long count[4]);

#endif
