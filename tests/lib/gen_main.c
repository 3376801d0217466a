/* gen_main.c - the `gen` program: writes a random cycle folder for the
 * benchmark and the end-to-end tests (tests/lib/gencycle.h), large or tiny,
 * optionally strict (no ties in priorities or preferences), or rewrites an
 * existing cycle folder in another style (rows shuffled, columns
 * reordered, every field quoted, CRLF, byte-order mark). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gencycle.h"

enum opt_kind { OPT_FLAG, OPT_INT, OPT_SEED, OPT_PATH };

typedef struct opt {
    const char *name;
    enum opt_kind kind;
    long lo, hi; /* range of an OPT_INT */
    const char *help;
} opt;

/* Every option; the order is the index used in main. */
static const opt opts[] = {
    {"--students", OPT_INT, 1, 10000000, "number of students (default 100)"},
    {"--choices", OPT_INT, 1, 1000, "places each student ranks (default 5)"},
    {"--seed", OPT_SEED, 0, 0, "seed of the random cycle and of the shuffles (default 1)"},
    {"--quotas", OPT_FLAG, 0, 0, "add quotas (large cycles)"},
    {"--tiny", OPT_FLAG, 0, 0, "a tiny cycle for brute force (<= 6 students, 6 leaves)"},
    {"--strict", OPT_FLAG, 0, 0, "no ties: distinct scores and ranks, choices and fixes at leaves"},
    {"--no-min", OPT_FLAG, 0, 0, "no minimums on programs, labs or supervisors (the same cycle otherwise)"},
    {"--gap-ranks", OPT_FLAG, 0, 0, "preference ranks spread out with gaps, sometimes up to 1000000000"},
    {"--from", OPT_PATH, 0, 0, "rewrite the cycle folder DIR instead of generating one"},
    {"--shuffle-rows", OPT_FLAG, 0, 0, "shuffle the data rows of every file"},
    {"--shuffle-cols", OPT_FLAG, 0, 0, "reorder the columns of every file"},
    {"--quote-all", OPT_FLAG, 0, 0, "quote every field"},
    {"--crlf", OPT_FLAG, 0, 0, "CRLF line ends"},
    {"--bom", OPT_FLAG, 0, 0, "start every file with a UTF-8 byte-order mark"},
    {"--tab", OPT_FLAG, 0, 0, "a tab between fields"},
    {"--semicolon", OPT_FLAG, 0, 0, "';' between fields and a decimal comma (French/German Excel)"},
    {"--spreadsheet", OPT_FLAG, 0, 0,
     "headers as typed (' Capacity '), a stray empty last column, whole numbers as 3.0"},
    {"--help", OPT_FLAG, 0, 0, "show this help"},
};
enum {
    O_STUDENTS,
    O_CHOICES,
    O_SEED,
    O_QUOTAS,
    O_TINY,
    O_STRICT,
    O_NO_MIN,
    O_GAP_RANKS,
    O_FROM,
    O_SHUFFLE_ROWS,
    O_SHUFFLE_COLS,
    O_QUOTE_ALL,
    O_CRLF,
    O_BOM,
    O_TAB,
    O_SEMICOLON,
    O_SPREADSHEET,
    O_HELP,
    O_COUNT
};

static void usage(FILE *f)
{
    fputs(
        "usage: gen OUTDIR [--students N] [--choices K] [--seed S] [--quotas] [--tiny] [--strict]\n"
        "           [--no-min] [--gap-ranks] [--from DIR] [--shuffle-rows] [--shuffle-cols] [--quote-all] [--crlf] "
        "[--bom] [--tab] [--semicolon] [--spreadsheet]\n\nOptions:\n",
        f);
    for (int i = 0; i < O_COUNT; i++)
        fprintf(f, "  %-16s %s%s\n", opts[i].name,
                opts[i].kind == OPT_INT    ? "N: "
                : opts[i].kind == OPT_SEED ? "S: "
                : opts[i].kind == OPT_PATH ? "DIR: "
                                           : "",
                opts[i].help);
}

int main(int argc, char **argv)
{
    long ival[O_COUNT] = {0};
    int set[O_COUNT] = {0};
    uint64_t seed = 1;
    const char *from = NULL, *out = NULL;
    gencycle_style style;
    char err[512];
    int rc;
    ival[O_STUDENTS] = 100;
    ival[O_CHOICES] = 5;
    for (int i = 1; i < argc; i++) {
        int k = -1;
        if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) {
            if (out) {
                fprintf(stderr, "gen: error: more than one OUTDIR ('%s' and '%s')\n", out, argv[i]);
                return 2;
            }
            out = argv[i];
            continue;
        }
        for (int j = 0; j < O_COUNT; j++)
            if (strcmp(argv[i], opts[j].name) == 0)
                k = j;
        if (k < 0) {
            fprintf(stderr, "gen: error: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
        set[k] = 1;
        if (opts[k].kind == OPT_FLAG)
            continue;
        if (i + 1 >= argc) {
            fprintf(stderr, "gen: error: option '%s' needs a value\n", argv[i]);
            return 2;
        }
        i++;
        if (opts[k].kind == OPT_PATH) {
            from = argv[i];
        } else if (opts[k].kind == OPT_SEED) {
            char *end;
            unsigned long long v;
            errno = 0;
            v = strtoull(argv[i], &end, 10);
            if (errno || end == argv[i] || *end || argv[i][0] == '-') {
                fprintf(stderr, "gen: error: seed '%s' is not a whole number\n", argv[i]);
                return 2;
            }
            seed = (uint64_t)v;
        } else {
            char *end;
            long v;
            errno = 0;
            v = strtol(argv[i], &end, 10);
            if (errno || end == argv[i] || *end || v < opts[k].lo || v > opts[k].hi) {
                fprintf(stderr, "gen: error: %s '%s' is not a whole number in %ld..%ld\n",
                        opts[k].name, argv[i], opts[k].lo, opts[k].hi);
                return 2;
            }
            ival[k] = v;
        }
    }
    if (set[O_HELP]) {
        usage(stdout);
        return 0;
    }
    if (!out) {
        usage(stderr);
        return 2;
    }
    gencycle_style_init(&style);
    style.quote_all = set[O_QUOTE_ALL];
    style.crlf = set[O_CRLF];
    style.bom = set[O_BOM];
    style.tab = set[O_TAB];
    style.semicolon = set[O_SEMICOLON];
    style.spreadsheet = set[O_SPREADSHEET];
    /* shuffles get their own seeds, never 0 (0 means "keep the order") */
    if (set[O_SHUFFLE_ROWS])
        style.shuffle_rows = seed * 2 + 1;
    if (set[O_SHUFFLE_COLS])
        style.shuffle_cols = seed * 2 + 3;
    if (from) {
        rc = gencycle_rewrite(from, out, &style, err, sizeof(err));
    } else {
        gencycle *g = set[O_TINY]
                          ? gencycle_tiny_ex(seed, set[O_STRICT])
                          : gencycle_large_ex(seed, (int)ival[O_STUDENTS], (int)ival[O_CHOICES],
                                              set[O_QUOTAS], set[O_STRICT]);
        if (set[O_NO_MIN])
            for (int i = 0; i < g->nnodes; i++)
                g->nodes[i].min = 0;
        if (set[O_GAP_RANKS])
            gencycle_gap_ranks(g, seed);
        rc = gencycle_write(g, out, &style, err, sizeof(err));
        gencycle_free(g);
    }
    if (rc != 0) {
        fprintf(stderr, "gen: error: %s\n", err);
        return 1;
    }
    return 0;
}
