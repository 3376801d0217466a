/* cmd_verify.c - `placement verify DIR FILE`. */
#include <stdio.h>

#include "cmd.h"

status cmd_verify(const cli_opts *o)
{
    (void)o;
    fprintf(stderr, "error: 'verify' is not built yet\n");
    return ST_IO;
}
