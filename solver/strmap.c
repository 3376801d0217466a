/* strmap.c - open-addressing string hash map (FNV-1a, linear probing). */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void strmap_init(strmap *m)
{
    memset(m, 0, sizeof(*m));
}

void strmap_release(strmap *m)
{
    free(m->keys);
    free(m->values);
    strmap_init(m);
}

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t slot(const strmap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

int strmap_get(const strmap *m, const char *key)
{
    size_t i;
    if (!m->cap)
        return -1;
    i = slot(m, key);
    return m->keys[i] ? m->values[i] : -1;
}

static void rehash(strmap *m, size_t cap)
{
    strmap old = *m;
    MEM_ZALLOC_ARRAY(m->keys, cap);
    MEM_ALLOC_ARRAY(m->values, cap);
    m->cap = cap;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.keys[i]) {
            size_t j = slot(m, old.keys[i]);
            m->keys[j] = old.keys[i];
            m->values[j] = old.values[i];
        }
    }
    free(old.keys);
    free(old.values);
}

int strmap_put(strmap *m, const char *key, int value)
{
    size_t i;
    if (mem_mul(m->count + 1, 2) > m->cap)
        rehash(m, m->cap ? mem_mul(m->cap, 2) : 64);
    i = slot(m, key);
    if (m->keys[i])
        return m->values[i];
    m->keys[i] = key;
    m->values[i] = value;
    m->count++;
    return -1;
}
