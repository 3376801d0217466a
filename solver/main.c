/* main.c - the `placement` program: parses the command line and runs one
 * command (or prints the help or the version); its status is the exit
 * code (SPEC §6). */
#include <stdio.h>

#include "cli.h"
#include "cmd.h"
#include "mem.h"
#include "model.h"
#include "results.h"

int main(int argc, char **argv)
{
    cli_opts o;
    status rc;
    mem_init_from_env();
    rc = cli_parse(argc, argv, &o, stderr);
    if (rc != ST_OK)
        return rc;
    if (o.help) {
        cli_usage(o.command, stdout);
        return ST_OK;
    }
    if (o.version) {
        printf("placement %s (GLPK %s)\n", ENGINE_VERSION, model_glpk_version());
        return ST_OK;
    }
    switch (o.command) {
    case CLI_CHECK:
        return cmd_check(&o);
    case CLI_SOLVE:
        return cmd_solve(&o);
    case CLI_VERIFY:
        return cmd_verify(&o);
    case CLI_DIFF:
        return cmd_diff(&o);
    case CLI_NONE:
        break;
    }
    return ST_INPUT;
}
