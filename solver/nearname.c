/* nearname.c - near misses of typed names (see nearname.h). */
#include "nearname.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* nearname_distance gives 3 to names this long or longer */
#define NEARNAME_LEN 63

int nearname_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    int row[NEARNAME_LEN + 1], prev[NEARNAME_LEN + 1];
    if (na >= NEARNAME_LEN || nb >= NEARNAME_LEN)
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

struct nearname_set {
    const char **names;          /* by length, then by their order in the input */
    int *order;                  /* each one's place in the input */
    int first[NEARNAME_LEN + 1]; /* names of length l: [first[l], first[l+1]) */
    long spent;                  /* comparisons made so far */
};

nearname_set *nearname_set_new(const char *const *names, int n)
{
    nearname_set *s;
    int at[NEARNAME_LEN];
    MEM_ALLOC_ARRAY(s, 1);
    memset(s->first, 0, sizeof(s->first));
    s->spent = 0;
    /* a counting sort by length keeps the input order within a length;
       names of NEARNAME_LEN bytes or more are never near anything */
    for (int i = 0; i < n; i++) {
        size_t len = names[i] ? strlen(names[i]) : NEARNAME_LEN;
        if (len < NEARNAME_LEN)
            s->first[len + 1]++;
    }
    for (int l = 0; l < NEARNAME_LEN; l++) {
        s->first[l + 1] += s->first[l];
        at[l] = s->first[l];
    }
    MEM_ALLOC_ARRAY(s->names, s->first[NEARNAME_LEN] + 1);
    MEM_ALLOC_ARRAY(s->order, s->first[NEARNAME_LEN] + 1);
    for (int i = 0; i < n; i++) {
        size_t len = names[i] ? strlen(names[i]) : NEARNAME_LEN;
        if (len >= NEARNAME_LEN)
            continue;
        s->names[at[len]] = names[i];
        s->order[at[len]++] = i;
    }
    return s;
}

void nearname_set_free(nearname_set *s)
{
    if (!s)
        return;
    free(s->names);
    free(s->order);
    free(s);
}

const char *nearname_set_best(nearname_set *s, const char *typed)
{
    size_t len = strlen(typed);
    int lo, hi, best = -1, dist = 3;
    if (len >= NEARNAME_LEN)
        return NULL;
    /* a distance of at most 2 needs lengths at most 2 apart */
    lo = s->first[len >= 2 ? len - 2 : 0];
    hi = s->first[len + 3 < NEARNAME_LEN ? len + 3 : NEARNAME_LEN];
    if (hi - lo > NEARNAME_SET_BUDGET - s->spent)
        return NULL;
    s->spent += hi - lo;
    for (int k = lo; k < hi; k++) {
        int d;
        if (strcmp(s->names[k], typed) == 0)
            continue;
        d = nearname_distance(typed, s->names[k]);
        /* the first of equals in the input's order */
        if (d < dist || (d == dist && best >= 0 && s->order[k] < s->order[best])) {
            dist = d;
            best = k;
        }
    }
    return best >= 0 ? s->names[best] : NULL;
}
