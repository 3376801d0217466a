/* utf8.h - UTF-8 validity, shared by the CSV reader (which rejects bad
 * bytes) and the messages (which must never print them raw). */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 prefix of s[0..n); n when all is valid.
 * Rejects NUL, overlong forms, surrogates and code points past U+10FFFF. */
size_t utf8_valid_prefix(const unsigned char *s, size_t n);

#endif
