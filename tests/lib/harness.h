/* harness.h - a tiny test harness (Redis testhelp.h idea): CHECK counts a
 * passed or failed assertion and prints the failed ones with their place;
 * harness_finish prints "NAME: N passed, N failed" and gives the exit code. */
#ifndef HARNESS_H
#define HARNESS_H

int harness_check(int ok, const char *expr, const char *file, int line);
/* Like CHECK for strings, printing both when they differ. */
int harness_check_str(const char *got, const char *want, const char *expr, const char *file,
                      int line);
int harness_finish(const char *name);

#define CHECK(cond) harness_check(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) harness_check_str((got), (want), #got, __FILE__, __LINE__)

#endif
