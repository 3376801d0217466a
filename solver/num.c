/* num.c - strict number parsing shared by the CSV reader and the CLI. */
#include "num.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Classifies s as [-]digits[.digits]: returns NUM_OK with *has_fraction
 * and *negative set, or NUM_EMPTY/NUM_NOT_NUMBER. */
static enum num_result shape(const char *s, int *negative, int *has_fraction)
{
    int digits = 0;
    *negative = *has_fraction = 0;
    if (*s == '\0')
        return NUM_EMPTY;
    if (*s == '-') {
        *negative = 1;
        s++;
    }
    for (; is_digit(*s); s++)
        digits++;
    if (*s == '.') {
        s++;
        for (; is_digit(*s); s++) {
            digits++;
            if (*s != '0')
                *has_fraction = 1;
        }
        if (!*has_fraction)
            *has_fraction = 2; /* "3.0": written as a fraction */
    }
    if (*s != '\0' || digits == 0)
        return NUM_NOT_NUMBER;
    return NUM_OK;
}

/* Whether s is digits grouped by thousands: 1 to 3 digits, then one or
 * more groups of a ',' or '.' and 3 digits, then optionally the other
 * mark and more digits ("1,000", "12.500", "1.000,5", "1,000.25"). */
static int grouped(const char *s)
{
    int n = 0, groups = 0;
    char mark = 0;
    while (is_digit(s[n]))
        n++;
    if (n < 1 || n > 3)
        return 0;
    s += n;
    while ((*s == ',' || *s == '.') && (!mark || *s == mark) && is_digit(s[1]) &&
           is_digit(s[2]) && is_digit(s[3]) && !is_digit(s[4])) {
        mark = *s;
        s += 4;
        groups++;
    }
    if (!groups)
        return 0;
    if (*s == '\0')
        return 1;
    if ((*s == ',' || *s == '.') && *s != mark && is_digit(s[1])) {
        for (s++; is_digit(*s); s++)
            ;
        return *s == '\0';
    }
    return 0;
}

enum num_result num_whole(const char *s, long *out)
{
    int negative, fraction;
    enum num_result r = shape(s, &negative, &fraction);
    long v = 0;
    const char *point = strchr(s, '.');
    if (r != NUM_OK)
        return grouped(s) ? NUM_GROUPED : r;
    if (fraction == 2 && point && strlen(point + 1) == 3)
        return NUM_GROUPED; /* "1.000": a thousand, or 1? */
    if (negative) {
        /* "-0" is zero, but still written as a negative */
        return NUM_NEGATIVE;
    }
    if (fraction == 1)
        return NUM_FRACTION;
    if (*s == '.')
        return NUM_NOT_NUMBER; /* ".0": no whole part */
    /* "3.0", "3.": a zero fraction, as spreadsheets write whole numbers */
    for (; *s && *s != '.'; s++) {
        v = v * 10 + (*s - '0');
        if (v > NUM_WHOLE_MAX)
            return NUM_TOO_LARGE;
    }
    *out = v;
    return NUM_OK;
}

enum num_result num_decimal_check(const char *s)
{
    int negative, fraction;
    enum num_result r = shape(s, &negative, &fraction);
    if (r != NUM_OK)
        return grouped(s) ? NUM_GROUPED : r;
    return negative ? NUM_NEGATIVE : NUM_OK;
}

/* The significant digits of decimal s: its whole part without leading
 * zeros and its fraction without trailing zeros. */
typedef struct digits {
    const char *whole, *frac;
    size_t nwhole, nfrac;
} digits;

static digits split(const char *s)
{
    digits d;
    while (*s == '0')
        s++;
    d.whole = s;
    while (is_digit(*s))
        s++;
    d.nwhole = (size_t)(s - d.whole);
    if (*s == '.')
        s++;
    d.frac = s;
    d.nfrac = strlen(s);
    while (d.nfrac > 0 && s[d.nfrac - 1] == '0')
        d.nfrac--;
    return d;
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

int num_decimal_cmp(const char *a, const char *b)
{
    digits x = split(a), y = split(b);
    size_t n = x.nfrac < y.nfrac ? x.nfrac : y.nfrac;
    int r;
    /* more whole digits is larger; then digit by digit, the whole part
       first; a fraction that is a prefix of the other is smaller */
    if (x.nwhole != y.nwhole)
        return x.nwhole < y.nwhole ? -1 : 1;
    if ((r = memcmp(x.whole, y.whole, x.nwhole)) != 0)
        return sign(r);
    if ((r = memcmp(x.frac, y.frac, n)) != 0)
        return sign(r);
    return (x.nfrac > y.nfrac) - (x.nfrac < y.nfrac);
}

enum num_result num_decimal(const char *s, double *out)
{
    enum num_result r = num_decimal_check(s);
    char *end;
    double v;
    if (r != NUM_OK)
        return r;
    errno = 0;
    v = strtod(s, &end);
    if (*end != '\0')
        return NUM_NOT_NUMBER;
    if (errno == ERANGE && v != 0)
        return NUM_TOO_LARGE;
    *out = v;
    return NUM_OK;
}

const char *num_result_str(enum num_result r, int whole)
{
    switch (r) {
    case NUM_OK:
        return "is valid";
    case NUM_EMPTY:
        return "is empty";
    case NUM_NOT_NUMBER:
        return whole ? "is not a whole number" : "is not a number";
    case NUM_FRACTION:
        return "is not a whole number";
    case NUM_NEGATIVE:
        return "is negative";
    case NUM_TOO_LARGE:
        return "is too large";
    case NUM_GROUPED:
        return "has a thousands separator (write the digits alone, e.g. 1000)";
    }
    return "is invalid";
}
