/* strbuf.c - growable strings. */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void strbuf_init(strbuf *sb)
{
    sb->cap = 64;
    sb->len = 0;
    sb->buf = mem_alloc(sb->cap);
    sb->buf[0] = '\0';
}

void strbuf_release(strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

char *strbuf_detach(strbuf *sb)
{
    char *s = sb->buf;
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void strbuf_reset(strbuf *sb)
{
    sb->len = 0;
    sb->buf[0] = '\0';
}

static void grow(strbuf *sb, size_t extra)
{
    size_t need = mem_add(mem_add(sb->len, extra), 1);
    if (need <= sb->cap)
        return;
    while (sb->cap < need)
        sb->cap = mem_mul(sb->cap, 2);
    sb->buf = mem_realloc(sb->buf, sb->cap);
}

void strbuf_add(strbuf *sb, const char *s, size_t len)
{
    grow(sb, len);
    memcpy(sb->buf + sb->len, s, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_adds(strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addc(strbuf *sb, char c)
{
    strbuf_add(sb, &c, 1);
}

void strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    int n;
    va_copy(cp, ap);
    n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    if ((size_t)n >= sb->cap - sb->len) {
        grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
    }
    sb->len += (size_t)n;
}

void strbuf_addf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}
