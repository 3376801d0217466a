/* harness.c - counting assertions for the unit tests. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static long passed, failed;

int harness_check(int ok, const char *expr, const char *file, int line)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s:%d: %s\n", file, line, expr);
    }
    return ok;
}

int harness_check_str(const char *got, const char *want, const char *expr, const char *file,
                      int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok)
        printf("  got:  '%s'\n  want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
    return harness_check(ok, expr, file, line);
}

int harness_finish(const char *name)
{
    printf("%s: %ld passed, %ld failed\n", name, passed, failed);
    return failed ? 1 : 0;
}
