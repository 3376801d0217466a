/* diag.c - recording and printing located messages. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "strbuf.h"
#include "utf8.h"

void diag_init(diag *d)
{
    memset(d, 0, sizeof(*d));
}

void diag_release(diag *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->msgs[i].file);
        free(d->msgs[i].text);
    }
    free(d->msgs);
    diag_init(d);
}

/* A copy of s with each byte that is not valid UTF-8 written as \xNN, so
 * a message quoting a bad value never prints the bad bytes raw. */
static char *printable(const char *s, size_t n)
{
    strbuf out;
    size_t i = 0;
    strbuf_init(&out);
    while (i < n) {
        size_t ok = utf8_valid_prefix((const unsigned char *)s + i, n - i);
        strbuf_add(&out, s + i, ok);
        i += ok;
        if (i < n) {
            strbuf_addf(&out, "\\x%02X", (unsigned char)s[i]);
            i++;
        }
    }
    return strbuf_detach(&out);
}

void diag_vadd(diag *d, enum diag_level level, const char *file, long line, int column,
               const char *fmt, va_list ap)
{
    strbuf sb;
    diag_msg *m;
    strbuf_init(&sb);
    strbuf_vaddf(&sb, fmt, ap);
    MEM_GROW(d->msgs, d->count, d->cap);
    m = &d->msgs[d->count++];
    m->level = level;
    m->file = file ? mem_strdup(file) : NULL;
    m->line = line;
    m->column = column;
    m->text = printable(sb.buf, sb.len);
    strbuf_release(&sb);
    if (level == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void diag_add(diag *d, enum diag_level level, const char *file, long line, int column,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, level, file, line, column, fmt, ap);
    va_end(ap);
}

char *diag_format(const diag_msg *m)
{
    strbuf sb;
    strbuf_init(&sb);
    if (m->file) {
        strbuf_adds(&sb, m->file);
        if (m->line > 0) {
            strbuf_addf(&sb, ":%ld", m->line);
            if (m->column > 0)
                strbuf_addf(&sb, ":%d", m->column);
        }
        strbuf_adds(&sb, ": ");
    }
    strbuf_adds(&sb, m->level == DIAG_ERROR ? "error: " : "warning: ");
    strbuf_adds(&sb, m->text);
    return strbuf_detach(&sb);
}

void diag_print(const diag *d, FILE *out, int errors_only)
{
    diag_print_some(d, 0, out, errors_only, (size_t)-1);
}

size_t diag_print_some(const diag *d, size_t from, FILE *out, int errors_only,
                       size_t max_warnings)
{
    size_t shown = 0, left = 0;
    for (size_t i = from; i < d->count; i++) {
        char *s;
        if (d->msgs[i].level != DIAG_ERROR) {
            if (errors_only)
                continue;
            if (shown == max_warnings) {
                left++;
                continue;
            }
            shown++;
        }
        s = diag_format(&d->msgs[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
    return left;
}
