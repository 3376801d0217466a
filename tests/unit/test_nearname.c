/* test_nearname.c - near misses of typed names (solver/nearname.h): the
 * distance on cases worked out by hand; a set of names gives the hint
 * nearname_best gives against the same names less the typed one (on
 * random short names over a small alphabet, so that many are near), and
 * within its budget: once names of a near length would take it over,
 * no hint, while a typed name whose length no name is near still costs
 * nothing and one with few near names still gets its hint.
 *
 * Environment: UNIT_SEEDS (default 300) random sets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gencycle.h"
#include "harness.h"
#include "nearname.h"
#include "testkit.h"

static void test_distance(void)
{
    CHECK(nearname_distance("quotas.csv", "quotas.csv") == 0);
    CHECK(nearname_distance("Quotas.csv", "quotas.csv") == 0); /* letters in any case */
    CHECK(nearname_distance("override.csv", "overrides.csv") == 1);
    CHECK(nearname_distance("french_b2", "frnech_b2") == 2);
    CHECK(nearname_distance("abc", "xyz") == 3);
    CHECK(nearname_distance("", "abcdef") == 3); /* 3 means 3 or more */
}

/* A random name of 0 to 5 letters from "abc". */
static void random_name(gencycle_rng *r, char *out)
{
    int len = gencycle_rng_below(r, 6);
    for (int i = 0; i < len; i++)
        out[i] = "abcA"[gencycle_rng_below(r, 4)];
    out[len] = '\0';
}

static void test_set_agrees(int seeds)
{
    static char store[40][8], typed[8];
    const char *names[40], *others[40];
    long hints = 0;
    for (int seed = 1; seed <= seeds; seed++) {
        gencycle_rng r;
        int n;
        nearname_set *set;
        gencycle_rng_init(&r, (uint64_t)seed);
        n = gencycle_rng_range(&r, 0, 40);
        for (int i = 0; i < n; i++) {
            random_name(&r, store[i]);
            names[i] = gencycle_rng_chance(&r, 10) ? NULL : store[i];
        }
        set = nearname_set_new(names, n);
        for (int k = 0; k < 20; k++) {
            const char *got, *want;
            int m = 0;
            random_name(&r, typed);
            for (int i = 0; i < n; i++)
                if (names[i] && strcmp(names[i], typed) != 0)
                    others[m++] = names[i];
            want = nearname_best(typed, others, m);
            got = nearname_set_best(set, typed);
            /* the same name, not only the same text: the first of equals */
            if (!CHECK(got == want))
                printf("  seed %d: '%s' gives '%s', expected '%s'\n", seed, typed,
                       got ? got : "(none)", want ? want : "(none)");
            hints += want != NULL;
        }
        nearname_set_free(set);
    }
    printf("nearname: %ld hints compared\n", hints);
    CHECK(seeds < 10 || hints > 0);
}

static void test_budget(void)
{
    /* 100,000 names of 6 letters: a typed name of 6 letters compares with
       each, so the budget of 2,000,000 takes 20 of them */
    int n = 100000, hinted = 0;
    char *store = testkit_xcalloc((size_t)n, 8);
    const char **names = testkit_xcalloc((size_t)n, sizeof(char *));
    nearname_set *set;
    for (int i = 0; i < n; i++) {
        snprintf(store + 8 * i, 8, "n%05u", (unsigned)i % 100000u);
        names[i] = store + 8 * i;
    }
    set = nearname_set_new(names, n);
    for (int i = 0; i < 30; i++) {
        char typed[8];
        const char *got;
        snprintf(typed, sizeof(typed), "m%05u", (unsigned)i % 100000u);
        got = nearname_set_best(set, typed);
        if (i < NEARNAME_SET_BUDGET / n)
            CHECK(got == names[i]); /* one substitution; the first of equals */
        else
            CHECK(got == NULL);
        hinted += got != NULL;
    }
    CHECK(hinted == 20);
    /* no name has a length near 12: no comparison, so nothing to refuse */
    CHECK(nearname_set_best(set, "abcdefghijkl") == NULL);
    nearname_set_free(set);
    /* a set with a few names of a near length next to many of another */
    names[n - 1] = "xy";
    set = nearname_set_new(names, n);
    for (int i = 0; i < 30; i++)
        nearname_set_best(set, "m00000");
    CHECK(nearname_set_best(set, "xz") == names[n - 1]);
    nearname_set_free(set);
    free(names);
    free(store);
}

int main(void)
{
    int seeds;
    testkit_set_name("test_nearname");
    seeds = (int)testkit_env_count("UNIT_SEEDS", 300);
    test_distance();
    test_set_agrees(seeds);
    test_budget();
    return harness_finish("nearname");
}
