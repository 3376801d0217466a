/* cmd_solve.c - `placement solve DIR -o OUT`. */
#include <stdio.h>

#include "cmd.h"

status cmd_solve(const cli_opts *o)
{
    (void)o;
    fprintf(stderr, "error: 'solve' is not built yet\n");
    return ST_IO;
}
