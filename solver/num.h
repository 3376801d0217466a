/* num.h - strict parsing of the numbers in CSV cells and on the command
 * line: whole numbers in base 10 ("01" is 1) and plain decimals ("3.75",
 * ".5"), which are kept as text and compared exactly. No signs,
 * exponents, blanks, "inf" or "nan" are accepted. */
#ifndef NUM_H
#define NUM_H

enum num_result {
    NUM_OK,
    NUM_EMPTY,      /* "" */
    NUM_NOT_NUMBER, /* "ten", "3x", " 3" */
    NUM_FRACTION,   /* "3.5" where a whole number is expected */
    NUM_NEGATIVE,   /* "-2" */
    NUM_TOO_LARGE,  /* above NUM_WHOLE_MAX */
    NUM_GROUPED     /* "1,000", "1.000", "1.000,5": a thousands separator */
};

#define NUM_WHOLE_MAX 1000000000L

/* Parses s as a whole number 0..NUM_WHOLE_MAX into *out; a zero fraction
 * ("3.0", "3.") is allowed, but not three zeros ("1.000" reads as a
 * thousands separator: NUM_GROUPED). */
enum num_result num_whole(const char *s, long *out);
/* Parses s as a non-negative decimal into *out (binary floating point:
 * for the command line's seconds, never for values that are compared). */
enum num_result num_decimal(const char *s, double *out);
/* Whether s is a non-negative decimal as num_decimal reads it (digits with
 * an optional point: "3.5", "3.50", ".5", "88", "4."): NUM_OK or why not.
 * Any number of digits; nothing is converted. */
enum num_result num_decimal_check(const char *s);
/* Compares two decimals that num_decimal_check accepts, exactly as
 * written, digit by digit: <0, 0 or >0 as a is below, equal to or above b.
 * Leading and trailing zeros do not count ("69.80" = "69.8", "07" = "7",
 * ".5" = "0.5"), and nothing is rounded ("3.49999999999999999" < "3.5"). */
int num_decimal_cmp(const char *a, const char *b);
/* The message fragment for a failed parse, e.g. "is not a whole number". */
const char *num_result_str(enum num_result r, int whole);

#endif
