/* test_diag.c - how messages show values (diag.h): every control
 * character escaped (C0, DEL, C1), bytes that are not UTF-8 as \xNN, a
 * quoted value cut after DIAG_QUOTE_MAX characters with "… (N bytes)",
 * the file name escaped too, and every other conversion of the format
 * printed as printf prints it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "strbuf.h"

/* The message recorded from fmt, as diag_format prints it. */
static char *message(const char *file, long line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static char *message(const char *file, long line, int column, const char *fmt, ...)
{
    diag d;
    va_list ap;
    char *s;
    diag_init(&d);
    va_start(ap, fmt);
    diag_vadd(&d, DIAG_ERROR, file, line, column, fmt, ap);
    va_end(ap);
    s = diag_format(&d.msgs[0]);
    diag_release(&d);
    return s;
}

static void expect(char *got, const char *want)
{
    CHECK_STR(got, want);
    free(got);
}

/* Whether s holds a control byte (C0 or DEL). */
static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return 1;
    return 0;
}

int main(void)
{
    /* a newline cannot forge a message line, an ESC cannot reach the
       terminal */
    expect(
        message("p.csv", 2, 1, "unknown student '%s'", "x\n/etc/passwd:1:1: error: forged\x1B[31m"),
        "p.csv:2:1: error: unknown student 'x\\n/etc/passwd:1:1: error: forged\\x1B[31m'");
    expect(message(NULL, 0, 0, "'%s'", "a\tb\rc\x01\x7F"), "error: 'a\\tb\\rc\\x01\\x7F'");
    /* C1 controls as their two UTF-8 bytes, other characters as they are */
    expect(message(NULL, 0, 0, "'%s'", "\xC2\x85\xC2\x9B|\xC2\xA0\xC3\xA9\xE6\x9D\x8E"),
           "error: '\\xC2\\x85\\xC2\\x9B|\xC2\xA0\xC3\xA9\xE6\x9D\x8E'");
    /* not UTF-8: each bad byte as \xNN (one scheme for both) */
    expect(message(NULL, 0, 0, "'%s'", "Zo\xEB \xC2"), "error: 'Zo\\xEB \\xC2'");
    /* unquoted strings are escaped too, and the file name */
    expect(message("dir\n/x.csv", 1, 0, "in %s", "a\nb"), "dir\\n/x.csv:1: error: in a\\nb");
    /* the format's own text and every conversion as printf has them */
    expect(message(NULL, 0, 0, "%d %ld %+ld %zu %02X %.3f %g %% %5s|%-5s|%.*s|%c %x %lu", -3, 7L,
                   4L, (size_t)12, 0xAu, 2.5, 0.25, "ab", "cd", 2, "xyz", 'q', 255u, 9UL),
           "error: -3 7 +4 12 0A 2.500 0.25 %    ab|cd   |xy|q ff 9");
    expect(message(NULL, 0, 0, "%-*s|%*s|%s", 4, "a", 3, "b\n", "\x1B"), "error: a   |b\\n|\\x1B");

    /* a quoted value longer than DIAG_QUOTE_MAX characters is cut */
    {
        strbuf big, want;
        char *got;
        strbuf_init(&big);
        strbuf_init(&want);
        for (int i = 0; i < 10000; i++)
            strbuf_adds(&big, i % 2 ? "\xC3\xA9" : "a\n");
        strbuf_adds(&want, "error: id '");
        for (int i = 0; i < DIAG_QUOTE_MAX; i++)
            strbuf_adds(&want, (i % 3) == 2 ? "\xC3\xA9" : (i % 3) == 0 ? "a" : "\\n");
        strbuf_addf(&want, "\xE2\x80\xA6 (%zu bytes)' is too long", big.len);
        got = message(NULL, 0, 0, "id '%s' is too long", big.buf);
        CHECK_STR(got, want.buf);
        CHECK(!has_control(got));
        free(got);
        /* exactly the limit: whole; unquoted: whole */
        strbuf_reset(&big);
        for (int i = 0; i < DIAG_QUOTE_MAX; i++)
            strbuf_addc(&big, 'b');
        got = message(NULL, 0, 0, "'%s'", big.buf);
        CHECK(strlen(got) == strlen("error: ''") + DIAG_QUOTE_MAX);
        free(got);
        strbuf_addc(&big, 'b');
        got = message(NULL, 0, 0, "%s", big.buf);
        CHECK(strlen(got) == strlen("error: ") + DIAG_QUOTE_MAX + 1);
        free(got);
        strbuf_release(&big);
        strbuf_release(&want);
    }

    /* diag_fprintf: the same for lines said outside a diag; the
       format's newline stays */
    {
        char *text = NULL;
        size_t size = 0;
        FILE *mem = open_memstream(&text, &size);
        CHECK(mem != NULL);
        if (mem) {
            diag_fprintf(mem, "1 error in cycle '%s'\n", "c\n/etc/passwd:1:1: error: forged");
            fclose(mem);
            CHECK_STR(text, "1 error in cycle 'c\\n/etc/passwd:1:1: error: forged'\n");
            free(text);
        }
    }
    return harness_finish("diag");
}
