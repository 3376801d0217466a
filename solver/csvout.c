/* csvout.c - CSV rows through libcsv's writer. */
#include "csvout.h"

#include <csv.h>
#include <string.h>

static int needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

int csvout_row(FILE *f, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        const char *s = fields[i] ? fields[i] : "";
        if (i && fputc(',', f) == EOF)
            return -1;
        if (needs_quotes(s)) {
            if (csv_fwrite(f, s, strlen(s)) != 0)
                return -1;
        } else if (fputs(s, f) == EOF) {
            return -1;
        }
    }
    return fputc('\n', f) == EOF ? -1 : 0;
}
