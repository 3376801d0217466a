/* strbuf.h - a growable NUL-terminated string (git's strbuf idea), used to
 * build messages and reasons without sprintf. The caller owns the struct;
 * strbuf_release frees the buffer, strbuf_detach hands it over. */
#ifndef STRBUF_H
#define STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct strbuf {
    char *buf; /* always NUL-terminated once initialised */
    size_t len, cap;
} strbuf;

void strbuf_init(strbuf *sb);
void strbuf_release(strbuf *sb);
/* Returns the buffer (caller frees) and leaves sb empty. */
char *strbuf_detach(strbuf *sb);
void strbuf_reset(strbuf *sb);
void strbuf_add(strbuf *sb, const char *s, size_t len);
void strbuf_adds(strbuf *sb, const char *s);
void strbuf_addc(strbuf *sb, char c);
void strbuf_addf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
