/* sortctx.c - a stable merge sort with a comparator context, and the
 * count of values at most a key in a sorted array. */
#include "sortctx.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Below this many elements a run is sorted by insertion. */
#define SORTCTX_SMALL 8

typedef struct sorter {
    size_t size;
    sortctx_cmp cmp;
    void *ctx;
    char *tmp; /* room for half of the array, and for one element */
} sorter;

/* Insertion sort of a[0..n): an element moves left only past strictly
 * greater ones, which keeps the sort stable. */
static void insertion_sort(const sorter *s, char *a, size_t n)
{
    size_t size = s->size;
    for (size_t i = 1; i < n; i++) {
        size_t j = i;
        if (s->cmp(a + (i - 1) * size, a + i * size, s->ctx) <= 0)
            continue;
        memcpy(s->tmp, a + i * size, size);
        while (j > 0 && s->cmp(a + (j - 1) * size, s->tmp, s->ctx) > 0)
            j--;
        memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
        memcpy(a + j * size, s->tmp, size);
    }
}

/* Sorts a[0..n) by sorting both halves and merging them; the left half is
 * copied aside, so the merged output never overtakes the unread right
 * half. Ties take the left element first. */
static void merge_sort(const sorter *s, char *a, size_t n)
{
    size_t size = s->size, h = n / 2, i = 0, j = h, k = 0;
    if (n <= SORTCTX_SMALL) {
        insertion_sort(s, a, n);
        return;
    }
    merge_sort(s, a, h);
    merge_sort(s, a + h * size, n - h);
    if (s->cmp(a + (h - 1) * size, a + h * size, s->ctx) <= 0)
        return; /* already in order */
    memcpy(s->tmp, a, h * size);
    while (i < h && j < n) {
        if (s->cmp(a + j * size, s->tmp + i * size, s->ctx) < 0)
            memcpy(a + k++ * size, a + j++ * size, size);
        else
            memcpy(a + k++ * size, s->tmp + i++ * size, size);
    }
    if (i < h)
        memcpy(a + k * size, s->tmp + i * size, (h - i) * size);
}

void sortctx_sort(void *base, size_t n, size_t size, sortctx_cmp cmp, void *ctx)
{
    sorter s;
    if (n < 2 || size == 0)
        return;
    s.size = size;
    s.cmp = cmp;
    s.ctx = ctx;
    /* n / 2 elements for a merge, at least one for insertion */
    s.tmp = mem_alloc(mem_mul(n / 2 + 1, size));
    merge_sort(&s, base, n);
    free(s.tmp);
}

int sortctx_count_at_most(const long long *v, int n, long long key)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid] <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int sortctx_count_at_most_int(const int *v, int n, int key)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid] <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
