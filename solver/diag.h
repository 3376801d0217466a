/* diag.h - the list of errors and warnings found in a run, each with the
 * place it refers to (file, line, column), printed like a compiler's:
 *   FILE:LINE:COLUMN: error: MESSAGE
 * Lower layers record here; only main (through the commands) prints.
 * The caller owns a diag; diag_release frees its messages. */
#ifndef DIAG_H
#define DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "strbuf.h"

/* A value quoted in a message ('%s' in its format) is cut after this
 * many characters, with "… (N bytes)": far above any id or name, and
 * enough for a folder's path. */
#define DIAG_QUOTE_MAX 200

enum diag_level { DIAG_WARNING, DIAG_ERROR };

typedef struct diag_msg {
    enum diag_level level;
    char *file; /* NULL: no file applies */
    long line;  /* 0: no line applies */
    int column; /* 0: no column applies */
    char *text;
} diag_msg;

typedef struct diag {
    diag_msg *msgs;
    size_t count, cap;
    size_t errors, warnings;
} diag;

void diag_init(diag *d);
void diag_release(diag *d);

/* Records a message; file may be NULL, line and column 0 when they do not
 * apply. The strings are copied. The text is formatted by diag_vtext, so
 * no value can print a control character raw or forge a line. */
void diag_add(diag *d, enum diag_level level, const char *file, long line, int column,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* diag_add with a va_list. */
void diag_vadd(diag *d, enum diag_level level, const char *file, long line, int column,
               const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
#define diag_error(d, ...) diag_add((d), DIAG_ERROR, __VA_ARGS__)
#define diag_warning(d, ...) diag_add((d), DIAG_WARNING, __VA_ARGS__)

/* Prints every message in the order recorded, one per line. With
 * errors_only, warnings are left out. */
void diag_print(const diag *d, FILE *out, int errors_only);
/* diag_print of the messages from index from on (the ones recorded
 * since d->count was from), showing only the first max_warnings warnings
 * (every error still); returns how many warnings it left out. */
size_t diag_print_some(const diag *d, size_t from, FILE *out, int errors_only,
                       size_t max_warnings);
/* Formats one message as it is printed, into a heap string the caller
 * frees; the file name is escaped as diag_escape does. */
char *diag_format(const diag_msg *m);

/* Appends s[0..len) to sb as messages show a value: each control
 * character (C0, DEL, and C1 as its two UTF-8 bytes) as \n, \r, \t or
 * \xNN, each byte that is not UTF-8 as \xNN (a backslash stays as it
 * is); when it has more than max characters, only the first max and
 * then "… (N bytes)", N being len. max (size_t)-1: never cut. */
void diag_escape(strbuf *sb, const char *s, size_t len, size_t max);
/* Formats fmt as printf does, except that every string (and %c)
 * argument is escaped as diag_escape does, and one quoted in the format
 * ('%s') is also cut after DIAG_QUOTE_MAX characters; the format's own
 * text is kept as it is. Returns a heap string the caller frees. */
char *diag_vtext(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Prints fmt to out as diag_vtext formats it: for the lines said outside
 * a diag (usage errors, counts that name a folder). */
void diag_fprintf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
