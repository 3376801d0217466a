/* strmap.h - a hash map from strings to non-negative ints (open
 * addressing), used to resolve ids. Keys are not copied: they must outlive
 * the map (they live in the cycle's arena). The caller owns the struct. */
#ifndef STRMAP_H
#define STRMAP_H

#include <stddef.h>

typedef struct strmap {
    const char **keys;
    int *values;
    size_t count, cap; /* cap is a power of two or 0 */
} strmap;

void strmap_init(strmap *m);
void strmap_release(strmap *m);
/* The value stored for key, or -1. */
int strmap_get(const strmap *m, const char *key);
/* Stores value for key unless key is present; returns the value already
 * stored, or -1 when key was new. */
int strmap_put(strmap *m, const char *key, int value);

#endif
