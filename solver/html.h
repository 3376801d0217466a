/* html.h - writing HTML text safely: escaping for element text and
 * attribute values, and printf-style output whose string arguments are
 * escaped. The report (report.c) and its charts (chart.c) write through
 * these, so no name from a cycle can break the page. */
#ifndef HTML_H
#define HTML_H

#include <stdio.h>

/* Writes s with &, <, >, " and ' escaped (fit for text and for attribute
 * values in double quotes). NULL writes nothing. */
void html_text(FILE *f, const char *s);
/* Like fprintf, where every %s argument is written escaped; the format
 * itself is written as is (it is the page's own markup). Supports the
 * conversions %s, %d, %ld, %zu, %g, %f, %.Nf, %c and %% (no width or
 * flags). */
void html_printf(FILE *f, const char *fmt, ...);

#endif
