/* test_sortctx.c - the context sort: ascending and stable at every length
 * up to a few merge levels, with many ties, keys held outside the elements
 * (as the cycle loader sorts indices by the names they point to), and an
 * odd element size; the count at most a key against a linear count. */
#include <stdlib.h>

#include "harness.h"
#include "sortctx.h"

static unsigned long rng = 12345;

static int next_rand(int range)
{
    rng = rng * 6364136223846793005UL + 1442695040888963407UL;
    return (int)((rng >> 33) % (unsigned long)range);
}

/* Elements are indices into the key array ctx. */
static int by_key(const void *a, const void *b, void *ctx)
{
    const int *key = ctx;
    int x = key[*(const int *)a], y = key[*(const int *)b];
    return x < y ? -1 : x > y;
}

/* Whether idx[0..n) is a permutation of 0..n-1 ordered by key, ties by index. */
static int sorted_stably(const int *idx, const int *key, int n)
{
    char *seen = calloc((size_t)n + 1, 1);
    int ok = 1;
    for (int i = 0; i < n && ok; i++) {
        ok = idx[i] >= 0 && idx[i] < n && !seen[idx[i]];
        if (ok)
            seen[idx[i]] = 1;
        if (ok && i > 0)
            ok = key[idx[i - 1]] < key[idx[i]] ||
                 (key[idx[i - 1]] == key[idx[i]] && idx[i - 1] < idx[i]);
    }
    free(seen);
    return ok;
}

typedef struct three {
    unsigned char b[3]; /* key in b[0], original position in b[1..2] */
} three;

static int by_first_byte(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    return (int)((const three *)a)->b[0] - (int)((const three *)b)->b[0];
}

/* sortctx_count_at_most against a linear count, on sorted arrays with
 * repeats, for keys below, between, on and above the values. */
static void test_count_at_most(void)
{
    long long v[40];
    int bad = 0;
    for (int n = 0; n <= 40 && !bad; n++) {
        for (int i = 0; i < n; i++)
            v[i] = (i > 0 ? v[i - 1] : -5) + (long long)next_rand(3);
        for (long long key = -7; key <= (n ? v[n - 1] + 2 : 2) && !bad; key++) {
            int want = 0;
            for (int i = 0; i < n; i++)
                want += v[i] <= key;
            bad |= !CHECK(sortctx_count_at_most(v, n, key) == want);
        }
    }
}

int main(void)
{
    static const int ranges[] = {1, 2, 5, 1000000};
    int bad = 0;
    sortctx_sort(NULL, 0, sizeof(int), by_key, NULL);
    CHECK(1); /* an empty NULL array is accepted */
    test_count_at_most();
    for (int n = 0; n <= 300 && !bad; n++) {
        for (int r = 0; r < 4 && !bad; r++) {
            int *key = malloc(sizeof(int) * ((size_t)n + 1));
            int *idx = malloc(sizeof(int) * ((size_t)n + 1));
            for (int i = 0; i < n; i++) {
                key[i] = next_rand(ranges[r]);
                idx[i] = i;
            }
            sortctx_sort(idx, (size_t)n, sizeof(int), by_key, key);
            if (!sorted_stably(idx, key, n))
                bad = n + 1;
            free(key);
            free(idx);
        }
    }
    CHECK(bad == 0);
    {
        /* already sorted, reversed, and a long random run */
        int n = 20000;
        int *key = malloc(sizeof(int) * (size_t)n), *idx = malloc(sizeof(int) * (size_t)n);
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < n; i++) {
                key[i] = pass == 0 ? i : pass == 1 ? n - i : next_rand(50);
                idx[i] = i;
            }
            sortctx_sort(idx, (size_t)n, sizeof(int), by_key, key);
            CHECK(sorted_stably(idx, key, n));
        }
        free(key);
        free(idx);
    }
    {
        three t[500];
        int ok = 1;
        for (int i = 0; i < 500; i++) {
            t[i].b[0] = (unsigned char)next_rand(7);
            t[i].b[1] = (unsigned char)(i >> 8);
            t[i].b[2] = (unsigned char)(i & 255);
        }
        sortctx_sort(t, 500, sizeof(three), by_first_byte, NULL);
        for (int i = 1; i < 500 && ok; i++) {
            int p = t[i - 1].b[1] << 8 | t[i - 1].b[2], q = t[i].b[1] << 8 | t[i].b[2];
            ok = t[i - 1].b[0] < t[i].b[0] || (t[i - 1].b[0] == t[i].b[0] && p < q);
        }
        CHECK(ok);
    }
    return harness_finish("sortctx");
}
