/* utf8.c - UTF-8 validity and display width. */
#include "utf8.h"

size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned int cp;
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return n;
}

/* Code point ranges (inclusive) of a display width other than 1: a small
 * table after Unicode's East Asian Width (W and F) and its nonspacing
 * marks, enough for names and reasons; not a full wcwidth. */
static const struct {
    unsigned int lo, hi;
    unsigned char width;
} widths[] = {
    {0x0300, 0x036F, 0}, {0x0483, 0x0489, 0},   {0x0591, 0x05BD, 0},   {0x0610, 0x061A, 0},
    {0x064B, 0x065F, 0}, {0x0E31, 0x0E31, 0},   {0x0E34, 0x0E3A, 0},   {0x0E47, 0x0E4E, 0},
    {0x1100, 0x115F, 2}, {0x1AB0, 0x1AFF, 0},   {0x1DC0, 0x1DFF, 0},   {0x200B, 0x200F, 0},
    {0x202A, 0x202E, 0}, {0x2060, 0x2064, 0},   {0x20D0, 0x20FF, 0},   {0x2E80, 0x303E, 2},
    {0x3041, 0x33FF, 2}, {0x3400, 0x4DBF, 2},   {0x4E00, 0x9FFF, 2},   {0xA000, 0xA4CF, 2},
    {0xAC00, 0xD7A3, 2}, {0xF900, 0xFAFF, 2},   {0xFE00, 0xFE0F, 0},   {0xFE10, 0xFE19, 2},
    {0xFE20, 0xFE2F, 0}, {0xFE30, 0xFE6F, 2},   {0xFEFF, 0xFEFF, 0},   {0xFF00, 0xFF60, 2},
    {0xFFE0, 0xFFE6, 2}, {0x1F300, 0x1F64F, 2}, {0x1F900, 0x1F9FF, 2}, {0x20000, 0x3FFFD, 2},
};

static size_t code_point_width(unsigned int cp)
{
    size_t lo = 0, hi = sizeof(widths) / sizeof(widths[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < widths[mid].lo)
            hi = mid;
        else if (cp > widths[mid].hi)
            lo = mid + 1;
        else
            return widths[mid].width;
    }
    return 1;
}

size_t utf8_display_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t widest = 0, line = 0;
    while (*p) {
        size_t n = 1, len;
        unsigned int cp = *p;
        if (*p == '\n') {
            line = 0;
            p++;
            continue;
        }
        len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC2 ? 2 : 0;
        if (len > 1 && utf8_valid_prefix(p, len) == len) {
            cp = *p & (0x7F >> len);
            for (size_t k = 1; k < len; k++)
                cp = (cp << 6) | (p[k] & 0x3F);
            n = len;
        }
        line += n > 1 ? code_point_width(cp) : *p == '\r' ? 0 : 1;
        if (line > widest)
            widest = line;
        p += n;
    }
    return widest;
}
