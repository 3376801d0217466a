/* utf8.h - UTF-8 validity, shared by the CSV reader (which rejects bad
 * bytes) and the messages (which must never print them raw), and the
 * width text takes on screen (the workbook's column widths). */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 prefix of s[0..n); n when all is valid.
 * Rejects NUL, overlong forms, surrogates and code points past U+10FFFF. */
size_t utf8_valid_prefix(const unsigned char *s, size_t n);
/* The display width of the UTF-8 string s, in columns of a fixed-width
 * font: East Asian wide and full-width characters (CJK, Hangul, kana,
 * emoji) count 2, combining marks and zero-width characters 0, every
 * other character 1; for text of several lines, the widest line. Bytes
 * that are not UTF-8 count 1 each. */
size_t utf8_display_width(const char *s);

#endif
