/* html.c - escaping text for the report's HTML. */
#include "html.h"

#include <stdarg.h>

void html_text(FILE *f, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

void html_printf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        int prec = -1;
        if (*p != '%') {
            fputc(*p, f);
            continue;
        }
        p++;
        if (*p == '.') {
            prec = 0;
            for (p++; *p >= '0' && *p <= '9'; p++)
                prec = prec * 10 + (*p - '0');
        }
        if (*p == 's') {
            html_text(f, va_arg(ap, const char *));
        } else if (*p == 'd') {
            fprintf(f, "%d", va_arg(ap, int));
        } else if (*p == 'c') {
            fputc(va_arg(ap, int), f);
        } else if (p[0] == 'l' && p[1] == 'd') {
            fprintf(f, "%ld", va_arg(ap, long));
            p++;
        } else if (p[0] == 'z' && p[1] == 'u') {
            fprintf(f, "%zu", va_arg(ap, size_t));
            p++;
        } else if (*p == 'g') {
            fprintf(f, "%g", va_arg(ap, double));
        } else if (*p == 'f') {
            fprintf(f, "%.*f", prec < 0 ? 6 : prec, va_arg(ap, double));
        } else if (*p == '%') {
            fputc('%', f);
        } else {
            break; /* not a conversion this supports: a programmer error */
        }
    }
    va_end(ap);
}
