/* mem.c - allocation wrappers, failure injection and the string arena. */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static long fail_countdown; /* 0 = off */

/* mem_room when the system does not say (1 TB) */
#define HUGE_ROOM 1e12

static void die(const char *what)
{
    fprintf(stderr, "fatal: %s\n", what);
    exit(1);
}

static void *check(void *p)
{
    if (!p)
        die("out of memory");
    return p;
}

static int should_fail(void)
{
    if (fail_countdown > 0 && --fail_countdown == 0)
        return 1;
    return 0;
}

double mem_room(void)
{
    static const int limits[] = {RLIMIT_AS, RLIMIT_DATA};
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    double room = pages > 0 && size > 0 ? (double)pages * (double)size : HUGE_ROOM;
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
        struct rlimit rl;
        if (getrlimit(limits[i], &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
            (double)rl.rlim_cur < room)
            room = (double)rl.rlim_cur;
    }
    return room;
}

void mem_fail_after(long n)
{
    fail_countdown = n > 0 ? n : 0;
}

void mem_init_from_env(void)
{
    const char *v = getenv("PLACEMENT_FAIL_ALLOC");
    char *end;
    long n;
    if (!v || !*v)
        return;
    n = strtol(v, &end, 10);
    if (*end == '\0' && n > 0)
        mem_fail_after(n);
}

void *mem_alloc(size_t size)
{
    if (should_fail())
        die("out of memory");
    return check(malloc(size ? size : 1));
}

void *mem_zalloc(size_t count, size_t size)
{
    if (should_fail())
        die("out of memory");
    return check(calloc(count ? count : 1, size ? size : 1));
}

void *mem_realloc(void *ptr, size_t size)
{
    if (should_fail())
        die("out of memory");
    return check(realloc(ptr, size ? size : 1));
}

char *mem_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = mem_alloc(n);
    memcpy(p, s, n);
    return p;
}

size_t mem_mul(size_t a, size_t b)
{
    if (a && b > SIZE_MAX / a)
        die("size overflow");
    return a * b;
}

size_t mem_add(size_t a, size_t b)
{
    if (b > SIZE_MAX - a)
        die("size overflow");
    return a + b;
}

void mem_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

struct mem_arena_block {
    struct mem_arena_block *next;
    max_align_t align[]; /* payload */
};

#define ARENA_BLOCK (64 * 1024)

void mem_arena_init(mem_arena *a)
{
    a->blocks = NULL;
    a->used = a->size = 0;
}

void mem_arena_release(mem_arena *a)
{
    struct mem_arena_block *b = a->blocks;
    while (b) {
        struct mem_arena_block *next = b->next;
        free(b);
        b = next;
    }
    mem_arena_init(a);
}

/* size bytes at a multiple of align from the block start. */
static char *arena_take(mem_arena *a, size_t size, size_t align)
{
    size_t start = a->blocks ? mem_add(a->used, align - 1) / align * align : 0;
    char *p;
    if (!a->blocks || start > a->size || size > a->size - start) {
        size_t need = mem_add(size, 1);
        size_t payload = need > ARENA_BLOCK ? need : ARENA_BLOCK;
        struct mem_arena_block *b =
            mem_alloc(mem_add(sizeof(struct mem_arena_block), payload));
        b->next = a->blocks;
        a->blocks = b;
        a->size = payload;
        start = 0;
    }
    p = (char *)a->blocks->align + start;
    a->used = start + size;
    return p;
}

void *mem_arena_alloc(mem_arena *a, size_t size)
{
    char *p = arena_take(a, size, sizeof(max_align_t));
    memset(p, 0, size);
    return p;
}

char *mem_arena_strndup(mem_arena *a, const char *s, size_t len)
{
    char *p = arena_take(a, mem_add(len, 1), 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
