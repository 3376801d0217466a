/* num.h - strict parsing of the numbers in CSV cells and on the command
 * line: whole numbers in base 10 ("01" is 1) and plain decimals ("3.75",
 * ".5"). No signs, exponents, blanks, "inf" or "nan" are accepted. */
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
/* Parses s as a non-negative decimal into *out. */
enum num_result num_decimal(const char *s, double *out);
/* The message fragment for a failed parse, e.g. "is not a whole number". */
const char *num_result_str(enum num_result r, int whole);

#endif
