/* test_cli.c - the command line through its behaviour: what cli_parse
 * accepts and refuses (with a message on the error stream quoting the bad
 * value, nothing on success), the values it reads (the objective by its
 * name through cli_objective_name, strings, flags, seconds), and --help:
 * every option the help of a command lists parses for that command, and
 * an option of solve that check's or verify's help does not list is
 * refused there (one table drives both). Enum values and field types are
 * left alone: they are being unified elsewhere. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "harness.h"

/* One parse: the status, the options and what went to the error stream. */
typedef struct parsed {
    status rc;
    cli_opts o;
    char err[2048];
} parsed;

/* Parses the NULL-terminated words after "placement". */
static parsed parse_v(const char *const *words)
{
    parsed p;
    char *argv[32], *buf = NULL;
    size_t len = 0;
    int argc = 0;
    FILE *err = open_memstream(&buf, &len);
    argv[argc++] = (char *)"placement";
    for (; *words && argc < 31; words++)
        argv[argc++] = (char *)*words;
    argv[argc] = NULL;
    memset(&p, 0, sizeof(p));
    if (!err) {
        printf("FAIL open_memstream\n");
        exit(1);
    }
    p.rc = cli_parse(argc, argv, &p.o, err);
    fclose(err);
    snprintf(p.err, sizeof(p.err), "%s", buf ? buf : "");
    free(buf);
    return p;
}

#define PARSE(...) parse_v((const char *const[]){__VA_ARGS__, NULL})

/* Whether the parse was refused with a message holding want. */
static int refused(parsed p, const char *want)
{
    int ok = p.rc == ST_INPUT && strstr(p.err, want) != NULL;
    if (!ok)
        printf("  status %d, stderr: '%s' (want '%s')\n", (int)p.rc, p.err, want);
    return ok;
}

/* Whether the parse succeeded silently. */
static int accepted(parsed p)
{
    int ok = p.rc == ST_OK && p.err[0] == '\0';
    if (!ok)
        printf("  status %d, stderr: '%s'\n", (int)p.rc, p.err);
    return ok;
}

static void test_commands(void)
{
    parsed p;
    p = PARSE("check", "cycle");
    CHECK(accepted(p) && p.o.command == CLI_CHECK && !p.o.help);
    CHECK_STR(p.o.dir, "cycle");
    p = PARSE("verify", "cycle", "a.csv");
    CHECK(accepted(p) && p.o.command == CLI_VERIFY);
    CHECK_STR(p.o.dir, "cycle");
    CHECK_STR(p.o.assignments, "a.csv");
    p = PARSE("diff", "old", "new");
    CHECK(accepted(p) && p.o.command == CLI_DIFF);
    CHECK_STR(p.o.old_dir, "old");
    CHECK_STR(p.o.new_dir, "new");
    CHECK(!p.o.out && !p.o.force && !p.o.verbose && !p.o.quiet);
    CHECK(refused(PARSE("frobnicate", "cycle"), "unknown command 'frobnicate'"));
    /* no command at all: the overview goes to the error stream */
    p = parse_v((const char *const[]){NULL});
    CHECK(p.rc == ST_INPUT && strstr(p.err, "usage: placement"));
}

static void test_operands(void)
{
    CHECK(refused(PARSE("check"), "'check' takes one cycle folder"));
    CHECK(refused(PARSE("check", "a", "b"), "'check' takes one cycle folder"));
    CHECK(refused(PARSE("verify", "a"), "'verify' takes a cycle folder and an assignments file"));
    CHECK(refused(PARSE("solve", "a"), "needs an output folder"));
    CHECK(refused(PARSE("diff", "a"), "'diff' takes two results folders, OLD and NEW"));
    CHECK(refused(PARSE("diff", "a", "b", "c"), "'diff' takes two results folders"));
    CHECK(refused(PARSE("check", "a", "b", "c", "d"), "unexpected argument 'd'"));
    /* "--" ends the options: what follows is an operand */
    parsed p = PARSE("check", "--", "-q");
    CHECK(accepted(p) && !p.o.quiet);
    CHECK_STR(p.o.dir, "-q");
}

static void test_solve_values(void)
{
    parsed p = PARSE("solve", "cycle", "-o", "out");
    CHECK(accepted(p) && p.o.command == CLI_SOLVE);
    CHECK_STR(p.o.out, "out");
    CHECK_STR(objective_name(p.o.objective), "rank-sum"); /* the default */
    CHECK(!p.o.stable && !p.o.require_all && !p.o.quiet && !p.o.verbose);
    CHECK(p.o.time_limit == 0); /* no limit */
    CHECK(!p.o.export_lp && !p.o.export_mps && !p.o.export_data);

    p = PARSE("solve", "cycle", "--output=out", "--stable", "--require-all", "-q",
              "--export-lp", "m.lp", "--export-mps=m.mps", "--export-data", "d");
    CHECK(accepted(p) && p.o.stable && p.o.require_all && p.o.quiet);
    CHECK_STR(p.o.out, "out");
    CHECK_STR(p.o.export_lp, "m.lp");
    CHECK_STR(p.o.export_mps, "m.mps");
    CHECK_STR(p.o.export_data, "d");
    /* options may come before the operand */
    p = PARSE("solve", "-v", "-o", "out", "cycle");
    CHECK(accepted(p) && p.o.verbose);
    CHECK_STR(p.o.dir, "cycle");
}

/* diff's options, and solve's --compare */
static void test_diff_values(void)
{
    parsed p = PARSE("diff", "old", "new", "-o", "changes.csv", "--force", "-v");
    CHECK(accepted(p) && p.o.force && p.o.verbose);
    CHECK_STR(p.o.out, "changes.csv");
    p = PARSE("diff", "--output=x.csv", "old", "new", "-q");
    CHECK(accepted(p) && p.o.quiet);
    CHECK_STR(p.o.out, "x.csv");
    CHECK_STR(p.o.old_dir, "old");
    CHECK(refused(PARSE("diff", "a", "b", "-q", "-v"), "--quiet and --verbose exclude each other"));
    CHECK(refused(PARSE("diff", "a", "b", "--stable"), "unknown option '--stable' for 'diff'"));
    CHECK(refused(PARSE("diff", "a", "b", "--compare", "c"), "unknown option '--compare' for 'diff'"));
    CHECK(refused(PARSE("check", "c", "--force"), "unknown option '--force' for 'check'"));
    p = PARSE("solve", "c", "-o", "out", "--compare", "earlier", "--force");
    CHECK(accepted(p) && p.o.force);
    CHECK_STR(p.o.compare, "earlier");
    CHECK(refused(PARSE("solve", "c", "-o", "out", "--compare"), "needs a value (OLD)"));
    CHECK(refused(PARSE("dif", "a", "b"), "did you mean 'diff'?"));
}

static void test_objective(void)
{
    static const char *const names[] = {"rank-sum", "rank-maximal", "generous"};
    for (int i = 0; i < 3; i++) {
        char eq[64];
        parsed p = PARSE("solve", "c", "-o", "o", "--objective", names[i]);
        CHECK(accepted(p));
        CHECK_STR(objective_name(p.o.objective), names[i]);
        snprintf(eq, sizeof(eq), "--objective=%s", names[i]);
        p = PARSE("solve", "c", "-o", "o", eq);
        CHECK(accepted(p));
        CHECK_STR(objective_name(p.o.objective), names[i]);
    }
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--objective", "fair"), "unknown objective 'fair'"));
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--objective", "Rank-Sum"),
                  "unknown objective 'Rank-Sum'"));
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--objective"), "needs a value"));
}

static void test_method(void)
{
    parsed a = PARSE("solve", "c", "-o", "o", "--method", "auto");
    parsed g = PARSE("solve", "c", "-o", "o", "--method", "glpk");
    parsed d = PARSE("solve", "c", "-o", "o");
    CHECK(accepted(a) && accepted(g));
    CHECK(a.o.method != g.o.method); /* two methods, told apart */
    CHECK(d.o.method == a.o.method); /* auto is the default */
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--method", "cbc"), "unknown method 'cbc'"));
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--method", "flow"), "unknown method 'flow'"));
}

static void test_time_limit(void)
{
    parsed p = PARSE("solve", "c", "-o", "o", "--time-limit", "90");
    CHECK(accepted(p) && p.o.time_limit == 90);
    p = PARSE("solve", "c", "-o", "o", "--time-limit=0.5");
    CHECK(accepted(p) && p.o.time_limit == 0.5);
    /* strictly positive, digits and a point only, not absurdly large */
    static const char *const bad[] = {"0", "-5", "ten", "1e3", "5s", "", " 5", "99999999999"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char want[64];
        snprintf(want, sizeof(want), "--time-limit '%s' must be a number of seconds", bad[i]);
        if (!CHECK(refused(PARSE("solve", "c", "-o", "o", "--time-limit", bad[i]), want)))
            printf("  (value '%s')\n", bad[i]);
    }
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--time-limit"), "needs a value (SECONDS)"));
}

static void test_misuse(void)
{
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--stable=yes"), "'--stable' takes no value"));
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--frobnicate"), "unknown option '--frobnicate'"));
    CHECK(refused(PARSE("solve", "c", "-o", "o", "-x"), "unknown option '-x'"));
    CHECK(refused(PARSE("solve", "c", "-o", ""), "--output needs a non-empty value"));
    CHECK(refused(PARSE("solve", "c", "-o", "o", "-q", "-v"), "--quiet and --verbose exclude each other"));
    /* an option of another command */
    CHECK(refused(PARSE("check", "c", "--stable"), "unknown option '--stable' for 'check'"));
    CHECK(refused(PARSE("verify", "c", "a.csv", "--objective", "generous"),
                  "unknown option '--objective' for 'verify'"));
}

static void test_help_flag(void)
{
    parsed p = PARSE("--help");
    CHECK(accepted(p) && p.o.help && p.o.command == CLI_NONE);
    p = PARSE("help", "solve");
    CHECK(accepted(p) && p.o.help && p.o.command == CLI_SOLVE);
    /* --help wins over missing operands */
    p = PARSE("solve", "--help");
    CHECK(accepted(p) && p.o.help && p.o.command == CLI_SOLVE);
    p = PARSE("verify", "-h");
    CHECK(accepted(p) && p.o.help && p.o.command == CLI_VERIFY);
    p = PARSE("--version");
    CHECK(accepted(p) && p.o.version && !p.o.help);
    /* a near miss names the option or command meant */
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--time-limt", "5"),
                  "did you mean '--time-limit'?"));
    CHECK(refused(PARSE("solve", "c", "-o", "o", "--objectiv=generous"),
                  "did you mean '--objective'?"));
    CHECK(refused(PARSE("chek", "c"), "did you mean 'check'?"));
    CHECK(refused(PARSE("check", "c", "--zzz"), "unknown option '--zzz' for 'check' (see"));
}

/* The help text of a command, into out (len bytes; a longer text is cut). */
static void usage_text(enum cli_command cmd, char *out, size_t len)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f) {
        printf("FAIL open_memstream\n");
        exit(1);
    }
    cli_usage(cmd, f);
    fclose(f);
    snprintf(out, len, "%s", buf ? buf : "");
    free(buf);
}

/* A value for an option's argument, by the argument's name in the help. */
static const char *value_for(const char *opt, const char *arg)
{
    if (strcmp(opt, "objective") == 0)
        return "generous";
    if (strcmp(opt, "method") == 0)
        return "glpk";
    if (strcmp(opt, "encoding") == 0)
        return "gb18030";
    if (strcmp(arg, "SECONDS") == 0)
        return "5";
    if (strcmp(arg, "OUT") == 0 || strcmp(arg, "FILE") == 0 || strcmp(arg, "DIR") == 0 ||
        strcmp(arg, "OLD") == 0)
        return "x";
    return NULL;
}

/* Parses command cmd (its operands, -o for solve) with the option and,
 * when arg is not "", a value for it. */
static parsed parse_with(const char *cmd, const char *opt, const char *arg)
{
    char flag[64];
    const char *w[8], *val = arg[0] ? value_for(opt, arg) : NULL;
    int n = 0;
    snprintf(flag, sizeof(flag), "--%s", opt);
    w[n++] = cmd;
    w[n++] = "c";
    if (strcmp(cmd, "solve") == 0) {
        w[n++] = "-o";
        w[n++] = "o";
    } else if (strcmp(cmd, "verify") == 0) {
        w[n++] = "a.csv";
    } else if (strcmp(cmd, "diff") == 0) {
        w[n++] = "c2";
    }
    w[n++] = flag;
    if (val)
        w[n++] = val;
    w[n] = NULL;
    return parse_v(w);
}

/* The options the help of a command lists, as "name ARG" or "name"
 * lines (from the lines of its "Options:" section) into out. */
static int listed_options(const char *help, char names[][64], int max)
{
    const char *p = strstr(help, "\nOptions:\n");
    int n = 0;
    if (!p)
        return 0;
    for (p += 10; *p && n < max;) {
        const char *q = p, *eol = strchr(p, '\n');
        size_t k = 0;
        p = eol ? eol + 1 : p + strlen(p);
        while (*q == ' ')
            q++;
        if (q[0] == '-' && q[1] && q[1] != '-' && q[2] == ',')
            q += 4; /* "-o, " */
        if (strncmp(q, "--", 2) != 0)
            continue;
        for (q += 2; ((*q >= 'a' && *q <= 'z') || *q == '-') && k < 40; q++)
            names[n][k++] = *q;
        /* "--name ARG": an upper-case word right after one space */
        if (q[0] == ' ' && q[1] >= 'A' && q[1] <= 'Z') {
            names[n][k++] = ' ';
            for (q++; *q >= 'A' && *q <= 'Z' && k < 62; q++)
                names[n][k++] = *q;
        }
        names[n][k] = '\0';
        n++;
    }
    return n;
}

static int lists(char names[][64], int n, const char *opt)
{
    size_t len = strlen(opt);
    for (int i = 0; i < n; i++)
        if (strncmp(names[i], opt, len) == 0 && (names[i][len] == '\0' || names[i][len] == ' '))
            return 1;
    return 0;
}

static void test_help_text(void)
{
    static const char *const cmds[] = {"check", "solve", "verify", "diff"};
    static const enum cli_command ids[] = {CLI_CHECK, CLI_SOLVE, CLI_VERIFY, CLI_DIFF};
    char opts[4][32][64];
    int nopts[4];
    static char help[16384];
    usage_text(CLI_NONE, help, sizeof(help));
    for (int c = 0; c < 4; c++)
        CHECK(strstr(help, cmds[c]) != NULL);
    for (int c = 0; c < 4; c++) {
        char head[64];
        usage_text(ids[c], help, sizeof(help));
        snprintf(head, sizeof(head), "usage: placement %s ", cmds[c]);
        CHECK(strncmp(help, head, strlen(head)) == 0);
        nopts[c] = listed_options(help, opts[c], 32);
        CHECK(lists(opts[c], nopts[c], "help") && lists(opts[c], nopts[c], "quiet"));
        /* every listed option parses for its command */
        for (int i = 0; i < nopts[c]; i++) {
            char name[64], *sp;
            const char *arg = "";
            snprintf(name, sizeof(name), "%.63s", opts[c][i]);
            if ((sp = strchr(name, ' ')) != NULL) {
                *sp = '\0';
                arg = sp + 1;
                if (!CHECK(value_for(name, arg) != NULL))
                    printf("  %s --help: option '--%s' takes '%s', unknown to this test\n", cmds[c],
                           name, arg);
                if (!value_for(name, arg))
                    continue;
            }
            if (strcmp(name, "help") == 0 || strcmp(name, "verbose") == 0)
                continue; /* --help stops the parse; --verbose is tried alone below */
            if (!CHECK(accepted(parse_with(cmds[c], name, arg))))
                printf("  %s --help lists '--%s' but it does not parse\n", cmds[c], name);
        }
    }
    CHECK(accepted(PARSE("check", "c", "--verbose")));
    /* solve's options that check's or verify's help leaves out are refused there */
    CHECK(nopts[1] > nopts[0] && nopts[1] > nopts[2] && nopts[1] > nopts[3]);
    CHECK(lists(opts[1], nopts[1], "objective") && !lists(opts[0], nopts[0], "objective"));
    /* diff's help teaches with an example and lists its own -o */
    usage_text(CLI_DIFF, help, sizeof(help));
    CHECK(strstr(help, "Example:") != NULL && strstr(help, "placement diff ") != NULL);
    CHECK(lists(opts[3], nopts[3], "output FILE") && lists(opts[3], nopts[3], "force"));
    for (int c = 0; c < 4; c += c == 0 ? 2 : 1)
        for (int i = 0; i < nopts[1]; i++) {
            char name[64], *sp, want[128];
            const char *arg = "";
            snprintf(name, sizeof(name), "%.63s", opts[1][i]);
            if ((sp = strchr(name, ' ')) != NULL) {
                *sp = '\0';
                arg = sp + 1;
            }
            if (lists(opts[c], nopts[c], name))
                continue;
            snprintf(want, sizeof(want), "unknown option '--%s' for '%s'", name, cmds[c]);
            if (!CHECK(refused(parse_with(cmds[c], name, arg), want)))
                printf("  %s accepts '--%s', which its help does not list\n", cmds[c], name);
        }
}

int main(void)
{
    test_commands();
    test_operands();
    test_solve_values();
    test_diff_values();
    test_objective();
    test_method();
    test_time_limit();
    test_misuse();
    test_help_flag();
    test_help_text();
    return harness_finish("cli");
}
