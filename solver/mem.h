/* mem.h - allocation that never returns NULL, overflow-checked sizes, and
 * the string arena that holds every string read from a cycle.
 *
 * On out-of-memory the wrappers print "fatal: out of memory" and exit 1:
 * no caller checks for NULL. For tests, mem_fail_after(n) makes the n-th
 * allocation from now fail (also set by the environment variable
 * PLACEMENT_FAIL_ALLOC=n, read by mem_init_from_env). */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_zalloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);
/* A heap copy of s (caller frees). */
char *mem_strdup(const char *s);

/* a * b and a + b, exiting with "fatal: size overflow" when they overflow. */
size_t mem_mul(size_t a, size_t b);
size_t mem_add(size_t a, size_t b);

/* Allocation-failure injection: the n-th allocation from now fails (n >= 1);
 * 0 turns it off. */
void mem_fail_after(long n);
/* Reads PLACEMENT_FAIL_ALLOC from the environment, if set. */
void mem_init_from_env(void);

#define MEM_ALLOC_ARRAY(p, n) ((p) = mem_alloc(mem_mul(sizeof(*(p)), (size_t)(n))))
#define MEM_ZALLOC_ARRAY(p, n) ((p) = mem_zalloc((size_t)(n), sizeof(*(p))))
/* Grows array p holding n elements with capacity cap so that one more fits. */
#define MEM_GROW(p, n, cap)                                                   \
    do {                                                                      \
        if ((size_t)(n) >= (size_t)(cap)) {                                   \
            (cap) = (cap) ? mem_mul((size_t)(cap), 2) : 16;                   \
            (p) = mem_realloc((p), mem_mul(sizeof(*(p)), (size_t)(cap)));     \
        }                                                                     \
    } while (0)

/* The bytes this process may hold: the machine's physical memory, or
 * less where its address-space or data limit (ulimit -v, -d) says so.
 * For refusing up front a model that cannot fit, rather than being
 * killed by the system halfway through it. */
double mem_room(void);

/* qsort that accepts an empty or NULL array (qsort's pointer must never
 * be NULL, even for zero elements). */
void mem_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* A string arena: many small strings freed at once. The caller owns the
 * struct; mem_arena_release frees every string it handed out. */
typedef struct mem_arena {
    struct mem_arena_block *blocks;
    size_t used, size;
} mem_arena;

void mem_arena_init(mem_arena *a);
void mem_arena_release(mem_arena *a);
/* A NUL-terminated copy of s[0..len) owned by the arena. */
char *mem_arena_strndup(mem_arena *a, const char *s, size_t len);
/* size bytes of zeroed, pointer-aligned memory owned by the arena. */
void *mem_arena_alloc(mem_arena *a, size_t size);

#endif
