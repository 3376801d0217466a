/* clock.h - wall time for timings, progress and time limits: seconds on
 * the monotonic clock (never goes back when the system time changes). */
#ifndef CLOCK_H
#define CLOCK_H

/* Seconds since an arbitrary fixed point; only differences are meaningful. */
double clock_seconds(void);

#endif
