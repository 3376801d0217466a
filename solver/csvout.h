/* csvout.h - writing CSV rows with libcsv: a field is quoted (by libcsv's
 * csv_fwrite) only when it holds a comma, a quote, a line break or
 * surrounding blanks; rows end with LF. */
#ifndef CSVOUT_H
#define CSVOUT_H

#include <stdio.h>

/* Writes one row of n fields (NULL fields are written empty). Returns 0,
 * or -1 on a write error (ferror is set on f). */
int csvout_row(FILE *f, const char *const *fields, int n);

#endif
