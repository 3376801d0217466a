/* cli.c - option table, strict parsing and --help text. */
#include "cli.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "nearname.h"
#include "num.h"

enum opt_kind { OPT_FLAG, OPT_STRING, OPT_SECONDS, OPT_OBJECTIVE, OPT_METHOD, OPT_SEED };

#define FOR_CHECK (1u << CLI_CHECK)
#define FOR_SOLVE (1u << CLI_SOLVE)
#define FOR_VERIFY (1u << CLI_VERIFY)
#define FOR_DIFF (1u << CLI_DIFF)
#define FOR_LOTTERY (1u << CLI_LOTTERY)
#define NCOMMANDS 5 /* check, solve, verify, diff, lottery: CLI_CHECK .. CLI_LOTTERY */

typedef struct cli_option {
    const char *name;  /* long name without "--" */
    char short_name;   /* 0: none */
    enum opt_kind kind;
    unsigned commands; /* FOR_* mask */
    size_t offset;     /* field in cli_opts */
    const char *arg;   /* argument name in --help */
    const char *help;
} cli_option;

#define OFF(f) offsetof(cli_opts, f)

static const cli_option options[] = {
    {"output", 'o', OPT_STRING, FOR_SOLVE | FOR_VERIFY, OFF(out), "OUT",
     "write the result files into folder OUT (replaced whole in one step, only on success; an "
     "existing OUT must hold an earlier summary.csv and no input of the run; your own files in "
     "it are kept; one run at a time writes it)"},
    {"output", 'o', OPT_STRING, FOR_DIFF, OFF(out), "FILE",
     "also write one CSV row per student whose status, leaf or rank changed (student,name,"
     "old_status,old_leaf,old_rank,new_status,new_leaf,new_rank) into FILE, which may not lie "
     "in OLD or NEW"},
    {"objective", 0, OPT_OBJECTIVE, FOR_SOLVE, OFF(objective), "NAME",
     "after the most placements: rank-sum (default, smallest sum of ranks), rank-maximal (most "
     "first choices, then second, ...) or generous (fewest worst ranks, then next worst, ...)"},
    {"stable", 0, OPT_FLAG, FOR_SOLVE | FOR_VERIFY, OFF(stable), NULL,
     "only assignments without blocking pairs: nobody is left out of, or placed below, a seat "
     "held by a student ranked below her there (merit fairness)"},
    {"require-all", 0, OPT_FLAG, FOR_SOLVE, OFF(require_all), NULL,
     "every student must be placed (exit 3 with the reason when impossible)"},
    {"time-limit", 0, OPT_SECONDS, FOR_SOLVE, OFF(time_limit), "SECONDS",
     "stop SECONDS after the start of the run (reading included) and return the best "
     "assignment found (status time_limit, with the proven gap); --stable with ties gives GLPK 120 s by default once a stable assignment is "
     "known"},
    {"method", 0, OPT_METHOD, FOR_SOLVE, OFF(method), "NAME",
     "auto (default): an exact combinatorial algorithm where the cycle allows one (min-cost "
     "flow without quotas; deferred acceptance for --stable with strict priorities), its "
     "optimality checked by a certificate, else GLPK; glpk: always the plain integer program "
     "solved by GLPK (for audits)"},
    {"export-lp", 0, OPT_STRING, FOR_SOLVE, OFF(export_lp), "FILE",
     "write the integer program of the last stage in CPLEX LP format"},
    {"export-mps", 0, OPT_STRING, FOR_SOLVE, OFF(export_mps), "FILE",
     "write the integer program of the last stage in free MPS format"},
    {"export-data", 0, OPT_STRING, FOR_SOLVE, OFF(export_data), "DIR",
     "write the normalised data that models/placement.mod reads into folder DIR (replaced as "
     "OUT is, before the solve; an existing DIR must hold an earlier export)"},
    {"compare", 0, OPT_STRING, FOR_SOLVE, OFF(compare), "OLD",
     "compare with the earlier results folder OLD (as 'placement diff OLD OUT' does) in a "
     "section of report.html; OLD must hold results of the same cycle (see --force), checked "
     "before solving"},
    {"previous", 0, OPT_STRING, FOR_SOLVE, OFF(previous), "OUT1",
     "solve a later round: OUT1 is the previous round's results folder (of this very cycle), "
     "DIR/responses.csv the answers to its offers. Who accepted keeps her place, who has not "
     "answered keeps her offer, who declined is left out; everyone else competes for the seats "
     "left. The report compares the round with OUT1"},
    {"previous", 0, OPT_STRING, FOR_VERIFY, OFF(previous), "OUT1",
     "audit a later round's assignment: the students kept or holding an offer in round OUT1 "
     "(with DIR/responses.csv) count as fixed at their places, decliners as out, as solve "
     "--previous judged them"},
    {"force", 0, OPT_FLAG, FOR_SOLVE | FOR_DIFF, OFF(force), NULL,
     "compare results of different cycles anyway (no input file with the same fingerprint and "
     "not the same students)"},
    {"seed", 0, OPT_SEED, FOR_LOTTERY, OFF(seed), "N",
     "the seed of the draw, a whole number from 0 to 18446744073709551615 (required); publish "
     "it with lottery.csv, so that anyone can draw the same numbers again"},
    {"encoding", 0, OPT_STRING, FOR_CHECK | FOR_SOLVE | FOR_VERIFY | FOR_LOTTERY, OFF(encoding),
     "NAME",
     "read the cycle's files from encoding NAME (e.g. gb18030, windows-1252, latin1) instead "
     "of UTF-8; UTF-16 with a byte-order mark is read without it; results are UTF-8"},
    {"quiet", 'q', OPT_FLAG, FOR_CHECK | FOR_SOLVE | FOR_VERIFY | FOR_DIFF | FOR_LOTTERY,
     OFF(quiet), NULL,
     "print errors only"},
    {"verbose", 'v', OPT_FLAG, FOR_CHECK | FOR_SOLVE, OFF(verbose), NULL,
     "print solver progress and GLPK's own output"},
    {"verbose", 'v', OPT_FLAG, FOR_VERIFY, OFF(verbose), NULL,
     "print every warning about the cycle (default: their count) and every violation, blocking "
     "pair and warning about the file (default: the first 20 of each list)"},
    {"verbose", 'v', OPT_FLAG, FOR_DIFF, OFF(verbose), NULL,
     "list every changed student, place and blocking pair (default: the first 20 of each list)"},
    {"help", 'h', OPT_FLAG, FOR_CHECK | FOR_SOLVE | FOR_VERIFY | FOR_DIFF | FOR_LOTTERY,
     OFF(help), NULL,
     "show this help"},
};
#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static const char *const command_names[] = {NULL, "check", "solve", "verify", "diff", "lottery"};

static const char *const synopsis[] = {
    "placement COMMAND [OPTIONS] ...",
    "placement check DIR",
    "placement solve DIR -o OUT [--objective NAME] [--stable] [--require-all]\n"
    "                       [--method auto|glpk] [--time-limit SECONDS] [--export-lp FILE]\n"
    "                       [--export-mps FILE] [--export-data DIR] [--compare OLD [--force]]\n"
    "                       [--previous OUT1] [--quiet|--verbose]",
    "placement verify DIR ASSIGNMENTS.csv [--stable] [--previous OUT1] [-o OUT]",
    "placement diff OLD NEW [-o FILE] [--force] [--quiet|--verbose]",
    "placement lottery DIR --seed N [--encoding NAME] [--quiet]",
};

static const char *const about[] = {
    "Places students into exchange placements from one cycle folder of CSV files\n"
    "(programs, labs, supervisors, students, preferences, and optional rankings,\n"
    "quotas, overrides; see inputs/README.md), with a provably optimal integer\n"
    "program (GLPK), and writes result CSVs that reviewers can audit.\n\n"
    "Commands:\n"
    "  check DIR                 validate the cycle and print an overview\n"
    "  solve DIR -o OUT          compute the assignment and write the result files\n"
    "  verify DIR FILE           audit an assignments.csv against the cycle\n"
    "  diff OLD NEW              what changed between two results folders\n"
    "  lottery DIR --seed N      draw the published lottery that breaks ties in priority\n\n"
    "Run 'placement COMMAND --help' for a command's options, 'placement --version' for\n"
    "the engine's and GLPK's versions.\n\n"
    "Exit status: 0 done; 1 I/O or internal failure; 2 bad usage or invalid input;\n"
    "3 infeasible (or verify found a broken rule); 4 time limit without any\n"
    "feasible assignment. Interrupted (SIGINT, SIGTERM): nothing written, and the\n"
    "run ends by the signal (a shell shows 130, 143).",
    "Reads and validates every file of the cycle folder DIR, reports every problem\n"
    "as FILE:LINE:COLUMN: error: MESSAGE (all of them, then exit 2), and prints an\n"
    "overview: counts, seats against students, and per program and lab the\n"
    "capacity, minimum, first-choice and total demand and eligible applicants.\n"
    "Example: placement check inputs/demo",
    "Places as many students as possible, then optimises the chosen objective,\n"
    "each stage proven optimal (by a certified min-cost flow, deferred acceptance\n"
    "or GLPK: see --method), and writes assignments.csv, capacity.csv,\n"
    "blocking_pairs.csv, quotas.csv and summary.csv into OUT, with results.xlsx\n"
    "(the same tables as a workbook) and report.html (a page for reviewers:\n"
    "charts, rosters, reasons, blocking pairs); see results/README.md.\n"
    "Example: placement solve inputs/demo -o results/demo --objective rank-maximal\n\n"
    "A later round, once students answered the offers of results/round1 in\n"
    "inputs/demo/responses.csv (student,response: accepted or declined):\n"
    "  placement solve inputs/demo -o results/round2 --previous results/round1\n"
    "Who accepted keeps her place (kept), who has not answered keeps her offer,\n"
    "who declined is out; the others compete for the seats left.",
    "Audits an assignments.csv (also one edited by hand) against the cycle: every\n"
    "broken rule, every blocking pair, the rank profile. Exit 0 when no rule is\n"
    "broken (and, with --stable, no pair blocks), 3 when one is, 2 when the cycle\n"
    "or the file cannot be read.\n"
    "Example: placement verify inputs/demo results/demo/assignments.csv --stable",
    "Compares two results folders of one cycle (two runs, or two versions of the\n"
    "cycle, e.g. with two more seats in a program): the summary's values side by\n"
    "side (stages, placed, ranks, blocking pairs), then who moved, who was newly\n"
    "placed or unplaced, whose rank changed at the same place, the places whose\n"
    "fill changed, and the blocking pairs added and removed. The two must be of the\n"
    "same cycle: at least one input file with the same fingerprint (the sha256 rows\n"
    "of summary.csv), or the same students; else exit 2 unless --force. Exit 0 when\n"
    "compared (with differences or not), 2 for bad usage or a folder that is not\n"
    "results, 1 on a read or write failure.\n"
    "Example: what would two more seats in 'scholars' change?\n"
    "  cp -r inputs/demo more-seats   (then raise scholars' capacity in programs.csv)\n"
    "  placement solve inputs/demo -o results/before\n"
    "  placement solve more-seats -o results/after\n"
    "  placement diff results/before results/after -o changes.csv",
    "Draws the cycle's lottery once, before the first solve, and writes it to\n"
    "DIR/lottery.csv: one row per student (student,number), the numbers 1..n in a\n"
    "random order made from the seed. When lottery.csv is in the cycle, a tie in\n"
    "priority at any place (equal rank on a ranking, equal score, no score, or\n"
    "off a ranking) is broken by the lower number, the same number at every place;\n"
    "nothing else changes, and summary.csv fingerprints the file like every input.\n"
    "Publish the seed and lottery.csv before the results: anyone can re-derive the\n"
    "numbers from the seed and the students' ids (the generator, SplitMix64 and a\n"
    "Fisher-Yates shuffle of the ids in byte order, is written out with a short\n"
    "Python version in inputs/README.md). The lottery is never re-drawn: an\n"
    "existing DIR/lottery.csv is refused (exit 2, nothing written), and a student\n"
    "who joins late is given the next free number by hand (numbers need only be\n"
    "distinct). Exit 0 when written, 2 for bad usage, an invalid cycle or an\n"
    "existing lottery.csv, 1 when the file cannot be written.\n"
    "Example: placement lottery inputs/demo --seed 20250301",
};

void cli_usage(enum cli_command command, FILE *out)
{
    fprintf(out, "usage: %s\n\n%s\n", synopsis[command], about[command]);
    if (command == CLI_NONE)
        return;
    fprintf(out, "\nOptions:\n");
    for (size_t i = 0; i < NOPTIONS; i++) {
        const cli_option *op = &options[i];
        char head[64];
        if (!(op->commands & (1u << command)))
            continue;
        char flag[8] = "    "; /* "-o, " or blanks: the long names align */
        if (op->short_name)
            snprintf(flag, sizeof(flag), "-%c, ", op->short_name);
        snprintf(head, sizeof(head), "%s--%s%s%s", flag, op->name, op->arg ? " " : "",
                 op->arg ? op->arg : "");
        fprintf(out, "  %-26s %s\n", head, op->help);
    }
}

/* The option named name (len bytes) of command cmd, or else of another
 * command (so that the caller can refuse it), or NULL. */
static const cli_option *find_long(const char *name, size_t len, enum cli_command cmd)
{
    const cli_option *other = NULL;
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0) {
            if (options[i].commands & (1u << cmd))
                return &options[i];
            other = other ? other : &options[i];
        }
    return other;
}

static const cli_option *find_short(char c, enum cli_command cmd)
{
    const cli_option *other = NULL;
    for (size_t i = 0; i < NOPTIONS; i++)
        if (options[i].short_name == c) {
            if (options[i].commands & (1u << cmd))
                return &options[i];
            other = other ? other : &options[i];
        }
    return other;
}

static status set_value(const cli_option *op, const char *val, cli_opts *o, FILE *err)
{
    char *base = (char *)o + op->offset;
    switch (op->kind) {
    case OPT_FLAG:
        *(int *)base = 1;
        return ST_OK;
    case OPT_STRING:
        if (val[0] == '\0') {
            fprintf(err, "error: --%s needs a non-empty value\n", op->name);
            return ST_INPUT;
        }
        *(const char **)base = val;
        return ST_OK;
    case OPT_SECONDS: {
        double v;
        enum num_result r = num_decimal(val, &v);
        if (r != NUM_OK || v <= 0 || v > 1e7) {
            diag_fprintf(err, "error: --%s '%s' must be a number of seconds above 0\n", op->name,
                         val);
            return ST_INPUT;
        }
        *(double *)base = v;
        return ST_OK;
    }
    case OPT_OBJECTIVE: {
        int k = objective_parse(val);
        if (k >= 0) {
            *(enum objective *)base = (enum objective)k;
            return ST_OK;
        }
        diag_fprintf(
            err, "error: unknown objective '%s' (expected rank-sum, rank-maximal or generous)\n",
            val);
        return ST_INPUT;
    }
    case OPT_SEED: {
        /* digits only, at most 2^64-1: the seed is published and typed
           again by others, so nothing is rounded or wrapped */
        uint64_t v = 0;
        size_t i = 0;
        for (; val[i] >= '0' && val[i] <= '9'; i++) {
            unsigned d = (unsigned)(val[i] - '0');
            if (v > (UINT64_MAX - d) / 10)
                break;
            v = v * 10 + d;
        }
        if (i == 0 || val[i] != '\0') {
            diag_fprintf(err,
                         "error: --%s '%s' must be a whole number from 0 to "
                         "18446744073709551615\n",
                         op->name, val);
            return ST_INPUT;
        }
        ((cli_seed *)base)->set = 1;
        ((cli_seed *)base)->value = v;
        return ST_OK;
    }
    case OPT_METHOD: {
        /* a run may ask for auto or for GLPK; the fast paths are chosen */
        int k = method_parse(val);
        if (k == METHOD_AUTO || k == METHOD_GLPK) {
            *(enum method *)base = (enum method)k;
            return ST_OK;
        }
        diag_fprintf(err, "error: unknown method '%s' (expected auto or glpk)\n", val);
        return ST_INPUT;
    }
    }
    return ST_INPUT;
}

/* The long option of command cmd nearest to the typed name (up to its
 * '='), or NULL. */
static const char *near_option(const char *typed, enum cli_command cmd)
{
    const char *names[sizeof(options) / sizeof(options[0])];
    char name[64];
    int n = 0;
    snprintf(name, sizeof(name), "%.*s", (int)strcspn(typed, "="), typed);
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
        if (options[i].commands & (1u << cmd))
            names[n++] = options[i].name;
    return nearname_best(name, names, n);
}

status cli_parse(int argc, char **argv, cli_opts *o, FILE *err)
{
    const char *operands[3]; /* at most two are taken; the third is refused */
    int noperands = 0, want;
    memset(o, 0, sizeof(*o));
    o->objective = OBJECTIVE_RANK_SUM;
    o->method = METHOD_AUTO;
    if (argc < 2) {
        cli_usage(CLI_NONE, err);
        return ST_INPUT;
    }
    if (strcmp(argv[1], "--version") == 0) {
        o->version = 1;
        return ST_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        o->help = 1;
        if (argc > 2)
            for (int k = 1; k <= NCOMMANDS; k++)
                if (strcmp(argv[2], command_names[k]) == 0)
                    o->command = (enum cli_command)k;
        return ST_OK;
    }
    for (int k = 1; k <= NCOMMANDS; k++)
        if (strcmp(argv[1], command_names[k]) == 0)
            o->command = (enum cli_command)k;
    if (o->command == CLI_NONE) {
        const char *near = nearname_best(argv[1], command_names + 1, NCOMMANDS);
        diag_fprintf(err, "error: unknown command '%s'", argv[1]);
        if (near)
            fprintf(err, ": did you mean '%s'?", near);
        fprintf(err, " (expected check, solve, verify, diff or lottery; see 'placement --help')\n");
        return ST_INPUT;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const cli_option *op = NULL;
        const char *val = NULL;
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                if (noperands == 3) {
                    diag_fprintf(err, "error: unexpected argument '%s'\n", argv[i]);
                    return ST_INPUT;
                }
                operands[noperands++] = argv[i];
            }
            break;
        }
        if (a[0] == '-' && a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            op = find_long(a + 2, len, o->command);
            if (eq)
                val = eq + 1;
        } else if (a[0] == '-' && a[1] && !a[2]) {
            op = find_short(a[1], o->command);
        } else {
            if (noperands == 3) {
                diag_fprintf(err, "error: unexpected argument '%s'\n", a);
                return ST_INPUT;
            }
            operands[noperands++] = a;
            continue;
        }
        if (!op || !(op->commands & (1u << o->command))) {
            const char *near = a[0] == '-' && a[1] == '-' ? near_option(a + 2, o->command) : NULL;
            diag_fprintf(err, "error: unknown option '%s' for '%s'", a, command_names[o->command]);
            if (near)
                fprintf(err, ": did you mean '--%s'?", near);
            fprintf(err, " (see 'placement %s --help')\n", command_names[o->command]);
            return ST_INPUT;
        }
        if (op->kind == OPT_FLAG && val) {
            fprintf(err, "error: option '--%s' takes no value\n", op->name);
            return ST_INPUT;
        }
        if (op->kind != OPT_FLAG && !val) {
            if (i + 1 >= argc) {
                diag_fprintf(err, "error: option '%s' needs a value (%s)\n", a, op->arg);
                return ST_INPUT;
            }
            val = argv[++i];
        }
        if (set_value(op, val ? val : "", o, err) != ST_OK)
            return ST_INPUT;
    }
    if (o->help)
        return ST_OK;
    if (o->quiet && o->verbose) {
        fprintf(err, "error: --quiet and --verbose exclude each other\n");
        return ST_INPUT;
    }
    want = o->command == CLI_VERIFY || o->command == CLI_DIFF ? 2 : 1;
    if (noperands != want) {
        fprintf(err, "error: '%s' takes %s (see 'placement %s --help')\n",
                command_names[o->command],
                o->command == CLI_DIFF     ? "two results folders, OLD and NEW"
                : o->command == CLI_VERIFY ? "a cycle folder and an assignments file"
                                           : "one cycle folder",
                command_names[o->command]);
        return ST_INPUT;
    }
    if (o->command == CLI_DIFF) {
        o->old_dir = operands[0];
        o->new_dir = operands[1];
        return ST_OK;
    }
    o->dir = operands[0];
    if (want == 2)
        o->assignments = operands[1];
    if (o->command == CLI_LOTTERY && !o->seed.set) {
        fprintf(err, "error: 'lottery' needs --seed N (a whole number from 0 to "
                     "18446744073709551615, published with the lottery)\n");
        return ST_INPUT;
    }
    if (o->command == CLI_SOLVE && !o->out) {
        fprintf(err, "error: 'solve' needs an output folder: -o OUT\n");
        return ST_INPUT;
    }
    return ST_OK;
}
