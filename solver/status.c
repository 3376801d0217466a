/* status.c - names of the engine's status codes. */
#include "status.h"

const char *status_str(status st)
{
    switch (st) {
    case ST_OK:
        return "ok";
    case ST_IO:
        return "i/o or internal failure";
    case ST_INPUT:
        return "invalid input";
    case ST_INFEASIBLE:
        return "infeasible";
    case ST_TIME_LIMIT:
        return "time limit";
    }
    return "unknown status";
}
