/* sortctx.h - a stable sort whose comparator takes a context argument, so
 * sort keys that live outside the elements travel as an argument instead
 * of a file-scope variable (qsort has no context; qsort_r is not C11);
 * and the count below a key in a sorted array. */
#ifndef SORTCTX_H
#define SORTCTX_H

#include <stddef.h>

/* Compares the elements a and b under ctx: negative, zero or positive. */
typedef int (*sortctx_cmp)(const void *a, const void *b, void *ctx);

/* Sorts the n elements of size bytes at base in place, in ascending
 * order of cmp, which is called with ctx. The sort is stable: elements
 * that compare equal keep their order. base may be NULL when n is 0.
 * Scratch memory comes from mem.h (out of memory ends the program); ctx
 * is not touched except through cmp. */
void sortctx_sort(void *base, size_t n, size_t size, sortctx_cmp cmp, void *ctx);

/* How many of the n ascending values at v are at most key (the index of
 * the first one above it). */
int sortctx_count_at_most(const long long *v, int n, long long key);
/* The same for int values. */
int sortctx_count_at_most_int(const int *v, int n, int key);

#endif
