/* nearname.h - near misses of names a person typed ("Quotas.csv" for
 * "quotas.csv", "--time-limt" for "--time-limit"), for "did you mean"
 * hints: against a short list, or against a set of many names with a
 * bounded amount of work. */
#ifndef NEARNAME_H
#define NEARNAME_H

/* The edit distance of a and b (insertions, deletions and substitutions
 * of one byte, ASCII letters compared in any case), counted up to 3: 3
 * means 3 or more. */
int nearname_distance(const char *a, const char *b);

/* Of the n names, the one nearest to typed at a distance of at most 2
 * (the first of equals), or NULL. NULL entries are skipped. */
const char *nearname_best(const char *typed, const char *const *names, int n);

/* Many names to look near misses up in (e.g. a cycle's tags), indexed by
 * length, for a hint each of many typed names: asking every name for each
 * typed one is quadratic (30,000 tags against 15,000: a minute). */
typedef struct nearname_set nearname_set;

/* A set of the n names (NULL entries skipped). The names are not copied:
 * they must outlive the set. The caller frees it with nearname_set_free. */
nearname_set *nearname_set_new(const char *const *names, int n);
void nearname_set_free(nearname_set *s);
/* nearname_best of typed against the set's names in their order, names
 * equal to typed left out; or NULL, also when the names whose length is
 * near enough to typed's would take the comparisons made with s above
 * NEARNAME_SET_BUDGET: then no hint rather than unbounded work (later
 * calls with fewer such names still get one). */
const char *nearname_set_best(nearname_set *s, const char *typed);
#define NEARNAME_SET_BUDGET 2000000L

#endif
