/* nearname.h - near misses of names a person typed ("Quotas.csv" for
 * "quotas.csv", "--time-limt" for "--time-limit"), for "did you mean"
 * hints. */
#ifndef NEARNAME_H
#define NEARNAME_H

/* The edit distance of a and b (insertions, deletions and substitutions
 * of one byte, ASCII letters compared in any case), counted up to 3: 3
 * means 3 or more. */
int nearname_distance(const char *a, const char *b);

/* Of the n names, the one nearest to typed at a distance of at most 2
 * (the first of equals), or NULL. NULL entries are skipped. */
const char *nearname_best(const char *typed, const char *const *names, int n);

#endif
