/* nearname.c - near misses of typed names (see nearname.h). */
#include "nearname.h"

#include <ctype.h>
#include <string.h>

int nearname_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    int row[64], prev[64];
    if (na >= 63 || nb >= 63)
        return 3;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int best;
        row[0] = (int)i;
        best = row[0];
        for (size_t j = 1; j <= nb; j++) {
            int sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
                                     tolower((unsigned char)b[j - 1]));
            int del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (row[j] < best)
                best = row[j];
        }
        if (best >= 3)
            return 3;
        memcpy(prev, row, sizeof(int) * (nb + 1));
    }
    return prev[nb] < 3 ? prev[nb] : 3;
}

const char *nearname_best(const char *typed, const char *const *names, int n)
{
    const char *best = NULL;
    int dist = 3;
    for (int i = 0; i < n; i++) {
        int d;
        if (!names[i])
            continue;
        d = nearname_distance(typed, names[i]);
        if (d < dist) {
            dist = d;
            best = names[i];
        }
    }
    return best;
}
