/* tempfile.h - what a run has on disk until it is done (git's tempfile.c
 * idea): temporary files and folders and lock files, removed when the run
 * ends without finishing them, by exit (after "fatal: out of memory") or by
 * SIGINT, SIGTERM or SIGHUP. On such a signal the run prints "interrupted,
 * nothing written" and ends by that signal (a shell reports 130 for SIGINT,
 * 143 for SIGTERM), as git does, so a script running it stops too.
 *
 * While an owner fills a folder (tempfile_defer_begin .. _end) a signal is
 * only recorded: the owner calls tempfile_check at its safe points, which
 * then removes everything (folders with what is in them) and ends the run.
 * Outside of that, the signal handler itself removes what is registered,
 * with async-signal-safe calls only: files are unlinked and folders, empty
 * then, removed. This module keeps the only mutable file-scope state of
 * the engine: the table the signal handler reads. */
#ifndef TEMPFILE_H
#define TEMPFILE_H

enum tempfile_kind {
    TEMPFILE_FILE, /* a file (or a lock file): unlinked */
    TEMPFILE_DIR   /* a folder: what it holds (files, and the files of
                      folders in it), then itself */
};

/* Removes dir with what it holds, folders within it up to depth levels
 * down (a folder being filled holds files and a scratch folder); links are
 * removed, not followed. Allocates nothing (it runs at exit after an
 * out-of-memory failure, and for outdir's clean-up). */
void tempfile_remove_tree(const char *dir, int depth);
/* Registers path (copied) to be removed when the run does not finish.
 * Installs the signal handlers and the exit hook on first use. Returns a
 * handle >= 0, or -1 when the path is too long or the table is full (the
 * caller then reports an I/O failure and does not create the path). */
int tempfile_add(const char *path, enum tempfile_kind kind);
/* Forgets handle h (renamed into place, or removed by its owner): it is no
 * longer removed. h < 0 is allowed and does nothing. */
void tempfile_forget(int h);
/* Records that path now holds this run's output, so that an interrupt
 * after it says "nothing more written" and names it. The string is copied
 * (left out when the message has no room for it). */
void tempfile_written(const char *path);

/* Starts and ends a stretch in which a signal is only recorded (they
 * nest). tempfile_defer_end does not act on a recorded signal: the caller
 * calls tempfile_check when it is safe. */
void tempfile_defer_begin(void);
void tempfile_defer_end(void);
/* If a signal was recorded: removes every registered path, prints the
 * message and ends the process by that signal. Returns otherwise. */
void tempfile_check(void);

#endif
