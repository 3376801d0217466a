/* outdir.h - an output folder (results, --export-data) that is replaced
 * whole or not at all (git's lockfile idea). Files are written into a
 * temporary sibling folder, each under a temporary name renamed into place
 * (through a FILE *, or by a library that writes to a file name:
 * outdir_tmp_path, outdir_place); outdir_commit then swaps the folder in
 * with one atomic step, rename(2) of the new folder over the earlier one
 * with RENAME_EXCHANGE (see outdir_commit for file systems without it).
 *
 * Layout, for OUT = PARENT/NAME: OUT is a plain folder; while a run writes
 * it, PARENT also holds .NAME.lock (the lock, flock(2)) and
 * .NAME.tmp-XXXXXX (the folder being filled; without RENAME_EXCHANGE, for
 * a moment, .NAME.old-XXXXXX too). After a run nothing is left beside OUT.
 *
 * Rules: an existing folder that does not hold the kind's marker files is
 * never touched; nor is one that holds an input of the run. Files that the
 * engine did not write (a name not in the kind's list) are carried over
 * into the new folder unchanged: hard-linked before the switch (the same
 * file, so it is in OUT at every moment), or, when that is not possible (a
 * folder, a file system without links), moved right after it. Folders and
 * files follow the umask. One run at a time writes OUT: another one is
 * refused at once. Every file is synced (fsync) before it is renamed into
 * place, the new folder before the switch and the parent after it, so a
 * power cut too leaves one of the two folders whole. A run that finds the
 * temporary folders of a run that was killed (.NAME.tmp-*, .NAME.old-*,
 * and the NAME.tmp-* / NAME.old-* of earlier versions) empties them as
 * above (a user's file in one is moved into OUT, never deleted) and
 * removes them, saying so.
 *
 * The caller owns the outdir; outdir_abort removes everything written so
 * far. While files are being written (from the first outdir_open,
 * outdir_tmp_path, outdir_scratch or outdir_commit on) SIGINT, SIGTERM and
 * SIGHUP take effect only at the outdir's next call, which then cleans up
 * and ends the process (tempfile.h); before that, at once.
 *
 * Test hooks (environment): PLACEMENT_TEST_STOP_AT=N ends the process by
 * SIGKILL when an outdir reaches step N: 1 locked, 2 stale folders
 * handled, 3 temporary folder made (end of outdir_begin), 4 commit
 * started, 5 foreign files linked, 6 last moment before the switch, 7
 * (without RENAME_EXCHANGE only) the earlier folder moved aside, 8
 * switched, 9 the earlier folder emptied, 10 the lock about to go.
 * PLACEMENT_TEST_NO_EXCHANGE=1 commits as on a file system without
 * RENAME_EXCHANGE. */
#ifndef OUTDIR_H
#define OUTDIR_H

#include <stdio.h>

#include "diag.h"
#include "inputset.h"
#include "status.h"

/* A kind of output folder: the files the engine writes into one (the only
 * names outdir_open accepts; every other name in such a folder is a
 * user's), and the files an earlier one always holds. */
typedef struct outdir_kind {
    const char *what;           /* "results", "export": for messages */
    const char *const *names;   /* NULL-terminated */
    const char *const *markers; /* NULL-terminated, a subset of names */
} outdir_kind;

typedef struct outdir outdir;

/* Checks that path may be (re)placed by a folder of kind k, takes its lock,
 * handles the temporary folders of killed runs and creates the temporary
 * folder. A link at path is followed (the folder it leads to is replaced).
 * Returns ST_OK with *out set; ST_INPUT when path names no folder of its
 * own ("/", "."), its parent folder is missing, it exists and is not a
 * folder, it is a folder without k's markers, or it holds an input in
 * (NULL: none); ST_IO when another run holds the lock or the lock or the
 * temporary folder cannot be made (a read-only parent). On failure
 * nothing is left and *out is NULL. Messages go to d (the temporary
 * folders it removed, as warnings). */
status outdir_begin(const char *path, const outdir_kind *k, const inputset *in, diag *d,
                    outdir **out);
/* Opens name (one of the kind's names) for writing, under a temporary
 * name. NULL on failure, with a message in d. */
FILE *outdir_open(outdir *o, const char *name, diag *d);
/* Closes f (checking write errors) and renames it to name. */
status outdir_close(outdir *o, FILE *f, const char *name, diag *d);
/* For a writer of a table that grows with the pairs, once per row
 * (0, 1, 2, ...): every 4,096 rows a signal waiting takes effect (signals
 * otherwise wait for the next outdir call: 10 million blocking pairs took
 * 5 s) and the clock is read. Returns 1 when clock_seconds() has passed
 * deadline (0: none). */
int outdir_row_late(double deadline, long row);
/* For a writer that takes a file name: the path (in the temporary folder)
 * to write name under before outdir_place. The caller frees it. */
char *outdir_tmp_path(outdir *o, const char *name);
/* Renames the file written at outdir_tmp_path(o, name) to name. ST_IO,
 * with a message in d, when it is not a regular file or the rename fails;
 * the temporary file is then left for outdir_abort. */
status outdir_place(outdir *o, const char *name, diag *d);
/* The temporary folder the files are written in (valid until commit or
 * abort): for reading back the files placed so far. */
const char *outdir_folder(const outdir *o);
/* A folder within it for a library's own scratch files (made on first
 * use; removed with what it holds at commit or abort, and by the next run
 * after a kill). NULL, with a message in d, when it cannot be made. */
const char *outdir_scratch(outdir *o, diag *d);
/* The number of files placed so far (by outdir_close or outdir_place),
 * and the i-th of them (0-based, in the order placed; a name placed twice
 * counts once). The name belongs to o. */
int outdir_count(const outdir *o);
const char *outdir_name(const outdir *o, int i);
/* Puts the folder in place and frees o. The user's files of the earlier
 * folder are carried over (a warning names them); then the switch: one
 * rename(2) with RENAME_EXCHANGE, or, for a new folder, one plain rename.
 * Where the file system has no RENAME_EXCHANGE the earlier folder is
 * renamed aside first, so a kill between the two renames leaves no OUT
 * until the next run puts the earlier one back. Afterwards the earlier
 * folder is emptied and removed. ST_IO when the switch fails: then the
 * earlier folder is as it was and nothing is left. */
status outdir_commit(outdir *o, diag *d);
/* Removes the temporary folder and everything in it, and the lock; frees
 * o. NULL is allowed. */
void outdir_abort(outdir *o);
/* Whether paths a and b name the same output folder (the same name in the
 * same parent folder, by device and inode), existing or not. */
int outdir_same(const char *a, const char *b);

#endif
