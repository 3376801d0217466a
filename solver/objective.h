/* objective.h - the three objectives of SPEC §5 (after the most
 * placements): their one encoding and their names. */
#ifndef OBJECTIVE_H
#define OBJECTIVE_H

enum objective { OBJECTIVE_RANK_SUM = 0, OBJECTIVE_RANK_MAXIMAL, OBJECTIVE_GENEROUS };
#define OBJECTIVE_COUNT 3

/* "rank-sum", "rank-maximal" or "generous"; "?" for a value out of range. */
const char *objective_name(enum objective o);
/* The objective named name, or -1 when there is none of that name. */
int objective_parse(const char *name);

#endif
