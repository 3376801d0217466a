/* cmd.h - the subcommands (git's builtin/ idea): each takes the parsed
 * options, prints its own report on stdout and its diagnostics on stderr,
 * and returns the status that becomes the exit code. */
#ifndef CMD_H
#define CMD_H

#include "cli.h"
#include "status.h"

status cmd_check(const cli_opts *o);
status cmd_solve(const cli_opts *o);
status cmd_verify(const cli_opts *o);
status cmd_diff(const cli_opts *o);
status cmd_lottery(const cli_opts *o);

#endif
