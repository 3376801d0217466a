/* status.h - the one status code of the engine, shared by every layer.
 * The numeric values are the process exit codes of SPEC §6, so main can
 * return a status as it is. */
#ifndef STATUS_H
#define STATUS_H

typedef enum status {
    ST_OK = 0,         /* done */
    ST_IO = 1,         /* I/O or internal failure */
    ST_INPUT = 2,      /* bad usage or invalid input */
    ST_INFEASIBLE = 3, /* no assignment satisfies the rules (or verify found a broken rule) */
    ST_TIME_LIMIT = 4  /* stopped by the time limit without a feasible assignment */
} status;

/* A short lowercase name of the status, never NULL. */
const char *status_str(status st);

#endif
