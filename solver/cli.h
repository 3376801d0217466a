/* cli.h - the command line: one option table drives parsing, range checks
 * and --help for every command (check, solve, verify, diff, lottery). */
#ifndef CLI_H
#define CLI_H

#include <stdint.h>
#include <stdio.h>

#include "method.h"
#include "objective.h"
#include "status.h"

enum cli_command { CLI_NONE, CLI_CHECK, CLI_SOLVE, CLI_VERIFY, CLI_DIFF, CLI_LOTTERY };

/* lottery --seed N: a whole number 0 .. 2^64-1. */
typedef struct cli_seed {
    int set; /* --seed was given */
    uint64_t value;
} cli_seed;

typedef struct cli_opts {
    enum cli_command command;
    const char *dir;         /* the cycle folder */
    const char *assignments; /* verify: the file to audit */
    const char *out;         /* -o OUT (diff: -o FILE) */
    const char *old_dir, *new_dir; /* diff: the two results folders */
    const char *compare;     /* solve --compare OLD: earlier results to compare with */
    int force;               /* diff, solve --compare: even results of another cycle */
    const char *previous;    /* solve, verify --previous OUT1: a later round */
    enum objective objective;
    enum method method;      /* METHOD_AUTO or METHOD_GLPK */
    int stable;
    int require_all;
    double time_limit;       /* seconds, 0: none */
    const char *export_lp, *export_mps, *export_data;
    const char *encoding;    /* of the cycle's files, NULL: UTF-8 */
    cli_seed seed;           /* lottery --seed N */
    int version;             /* placement --version */
    int quiet, verbose;
    int help;                /* --help was given: print usage, exit 0 */
} cli_opts;

/* Parses argv into *o. Returns ST_OK, or ST_INPUT after printing a
 * message to err (unknown option, missing or out-of-range value, missing
 * operand). With --help, sets o->help and returns ST_OK. */
status cli_parse(int argc, char **argv, cli_opts *o, FILE *err);
/* Prints the help of command (CLI_NONE: the program's overview). */
void cli_usage(enum cli_command command, FILE *out);

#endif
