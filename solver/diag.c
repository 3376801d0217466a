/* diag.c - recording and printing located messages, and the one way
 * values are shown in them (escaped, long ones cut). */
#include "diag.h"

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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

/* The length of the UTF-8 character at s[0..n), or 0 when the bytes
 * there are not one. */
static size_t char_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || len > n || utf8_valid_prefix(s, len) != len)
        return 0;
    return len;
}

void diag_escape(strbuf *sb, const char *s, size_t len, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, chars = 0;
    while (i < len) {
        size_t n = char_len(u + i, len - i);
        if (chars++ == max) {
            strbuf_addf(sb, "\xE2\x80\xA6 (%zu bytes)", len); /* U+2026 */
            return;
        }
        if (n == 1 && u[i] == '\n')
            strbuf_adds(sb, "\\n");
        else if (n == 1 && u[i] == '\t')
            strbuf_adds(sb, "\\t");
        else if (n == 1 && u[i] == '\r')
            strbuf_adds(sb, "\\r");
        else if (n == 0 || (n == 1 && (u[i] < 0x20 || u[i] == 0x7F)))
            strbuf_addf(sb, "\\x%02X", u[i]); /* a control or not UTF-8 */
        else if (n == 2 && u[i] == 0xC2 && u[i + 1] < 0xA0)
            strbuf_addf(sb, "\\xC2\\x%02X", u[i + 1]); /* C1: U+0080..U+009F */
        else
            strbuf_add(sb, s + i, n);
        i += n ? n : 1;
    }
}

/* Appends the value s[0..n) escaped (cut after max characters), padded
 * with spaces to width bytes as printf pads, on the left unless left. */
static void add_value(strbuf *sb, const char *s, size_t n, size_t max, int width, int left)
{
    size_t at = sb->len, pad;
    diag_escape(sb, s, n, max);
    if (width <= 0 || sb->len - at >= (size_t)width)
        return;
    pad = (size_t)width - (sb->len - at);
    for (size_t i = 0; i < pad; i++)
        strbuf_addc(sb, ' ');
    if (!left) {
        memmove(sb->buf + at + pad, sb->buf + at, sb->len - at - pad);
        memset(sb->buf + at, ' ', pad);
    }
}

/* Appends one conversion of a printf format, spec (e.g. "%-8ld", no
 * '*'), with its argument. spec is not a literal: diag_vtext cuts it out
 * of a caller's format, which the compiler checked against the
 * arguments, and passes the argument of the type that conversion takes. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void add_spec(strbuf *sb, const char *spec, ...)
{
    va_list ap;
    va_start(ap, spec);
    strbuf_vaddf(sb, spec, ap);
    va_end(ap);
}
#pragma GCC diagnostic pop

char *diag_vtext(const char *fmt, va_list ap)
{
    strbuf out;
    va_list args;
    const char *p = fmt;
    strbuf_init(&out);
    va_copy(args, ap);
    while (*p) {
        const char *q = p + 1;
        char spec[64], len[3] = "";
        size_t k = 0;
        int width = -1, prec = -1, left = 0, neg = 0;
        if (*p != '%' || p[1] == '%') {
            strbuf_addc(&out, *p);
            p += *p == '%' ? 2 : 1;
            continue;
        }
        /* flags, width, precision, length, conversion; '*' is read here */
        spec[k++] = '%';
        for (; *q && strchr("-+ #0", *q); q++) {
            left |= *q == '-';
            if (k < 8)
                spec[k++] = *q;
        }
        if (*q == '*') {
            width = va_arg(args, int);
            neg = width < 0; /* a negative width is the '-' flag */
            left |= neg;
            width = neg ? -width : width;
            q++;
        } else {
            for (; *q >= '0' && *q <= '9'; q++)
                width = (width < 0 ? 0 : width * 10) + (*q - '0');
        }
        if (*q == '.') {
            q++;
            prec = 0;
            if (*q == '*') {
                prec = va_arg(args, int);
                prec = prec < 0 ? -1 : prec; /* as if none was given */
                q++;
            }
            for (; *q >= '0' && *q <= '9'; q++)
                prec = prec * 10 + (*q - '0');
        }
        while (*q && strchr("hlzjtL", *q) && strlen(len) < 2)
            len[strlen(len)] = *q++;
        if (width >= 0)
            k += (size_t)snprintf(spec + k, sizeof(spec) - k, "%s%d", neg ? "-" : "", width);
        if (prec >= 0)
            k += (size_t)snprintf(spec + k, sizeof(spec) - k, ".%d", prec);
        snprintf(spec + k, sizeof(spec) - k, "%s%c", len, *q);
        switch (*q) {
        case 's':
        case 'c': {
            /* data: escaped, padded to the width; quoted ('%s'), cut */
            char ch = 0;
            const char *v = &ch;
            size_t n = 1;
            int quoted = p > fmt && p[-1] == '\'' && q[1] == '\'';
            if (*q == 's') {
                v = va_arg(args, const char *);
                v = v ? v : "(null)"; /* as glibc prints it */
                n = prec >= 0 ? strnlen(v, (size_t)prec) : strlen(v);
            } else {
                ch = (char)va_arg(args, int);
            }
            add_value(&out, v, n, quoted ? DIAG_QUOTE_MAX : (size_t)-1, width, left);
            break;
        }
        case 'd':
        case 'i':
            if (!strcmp(len, "l"))
                add_spec(&out, spec, va_arg(args, long));
            else if (!strcmp(len, "ll"))
                add_spec(&out, spec, va_arg(args, long long));
            else if (!strcmp(len, "z"))
                add_spec(&out, spec, va_arg(args, size_t));
            else if (!strcmp(len, "j"))
                add_spec(&out, spec, va_arg(args, intmax_t));
            else if (!strcmp(len, "t"))
                add_spec(&out, spec, va_arg(args, ptrdiff_t));
            else
                add_spec(&out, spec, va_arg(args, int));
            break;
        case 'u':
        case 'o':
        case 'x':
        case 'X':
            if (!strcmp(len, "l"))
                add_spec(&out, spec, va_arg(args, unsigned long));
            else if (!strcmp(len, "ll"))
                add_spec(&out, spec, va_arg(args, unsigned long long));
            else if (!strcmp(len, "z"))
                add_spec(&out, spec, va_arg(args, size_t));
            else if (!strcmp(len, "j"))
                add_spec(&out, spec, va_arg(args, uintmax_t));
            else if (!strcmp(len, "t"))
                add_spec(&out, spec, va_arg(args, ptrdiff_t));
            else
                add_spec(&out, spec, va_arg(args, unsigned int));
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'a':
        case 'A':
            if (!strcmp(len, "L"))
                add_spec(&out, spec, va_arg(args, long double));
            else
                add_spec(&out, spec, va_arg(args, double));
            break;
        case 'p':
            add_spec(&out, spec, va_arg(args, void *));
            break;
        default:
            /* the compiler checked the format: nothing else is used */
            assert(!"diag_vtext: unsupported conversion");
            break;
        }
        p = *q ? q + 1 : q;
    }
    va_end(args);
    return strbuf_detach(&out);
}

void diag_fprintf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    char *text;
    va_start(ap, fmt);
    text = diag_vtext(fmt, ap);
    va_end(ap);
    fputs(text, out);
    free(text);
}

void diag_vadd(diag *d, enum diag_level level, const char *file, long line, int column,
               const char *fmt, va_list ap)
{
    diag_msg *m;
    MEM_GROW(d->msgs, d->count, d->cap);
    m = &d->msgs[d->count++];
    m->level = level;
    m->file = file ? mem_strdup(file) : NULL;
    m->line = line;
    m->column = column;
    m->text = diag_vtext(fmt, ap);
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
        diag_escape(&sb, m->file, strlen(m->file), (size_t)-1);
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
