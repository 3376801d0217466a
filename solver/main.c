/* main.c - the `placement` program: parses the command line and runs one
 * command (or prints the help or the version); its status is the exit
 * code (SPEC §6). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "mem.h"
#include "model.h"
#include "results.h"

static status run(const cli_opts *o)
{
    if (o->help) {
        cli_usage(o->command, stdout);
        return ST_OK;
    }
    if (o->version) {
        printf("placement %s (GLPK %s)\n", ENGINE_VERSION, model_glpk_version());
        return ST_OK;
    }
    switch (o->command) {
    case CLI_CHECK:
        return cmd_check(o);
    case CLI_SOLVE:
        return cmd_solve(o);
    case CLI_VERIFY:
        return cmd_verify(o);
    case CLI_DIFF:
        return cmd_diff(o);
    case CLI_LOTTERY:
        return cmd_lottery(o);
    case CLI_NONE:
        break;
    }
    return ST_INPUT;
}

/* What the command printed on stdout must have reached it (a full disk,
 * a closed pipe): an output lost is a failure, exit 1, unless the command
 * failed already (its status says more). */
static status check_stdout(status rc)
{
    int err;
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    err = errno;
    if (err)
        fprintf(stderr, "error: cannot write the output: %s\n", strerror(err));
    else
        fprintf(stderr, "error: cannot write the output\n");
    return rc == ST_OK ? ST_IO : rc;
}

int main(int argc, char **argv)
{
    cli_opts o;
    status rc;
    mem_init_from_env();
    rc = cli_parse(argc, argv, &o, stderr);
    if (rc != ST_OK)
        return check_stdout(rc);
    return check_stdout(run(&o));
}
