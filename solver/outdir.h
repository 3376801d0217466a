/* outdir.h - an output folder that appears whole or not at all (git's
 * lockfile idea). Files are written into a temporary sibling folder, each
 * under a temporary name renamed into place (through a FILE *, or by a
 * library that writes to a file name: outdir_tmp_path, outdir_place);
 * outdir_commit then swaps the folder in, replacing an earlier results
 * folder. It keeps the names placed, in order, so that a later writer can
 * read them back (the workbook). An existing folder that does not hold a
 * summary.csv is never touched. The caller owns the outdir; outdir_abort
 * removes everything written so far. */
#ifndef OUTDIR_H
#define OUTDIR_H

#include <stdio.h>

#include "diag.h"
#include "status.h"

typedef struct outdir outdir;

/* Checks that path may be (re)placed and creates the temporary folder.
 * Returns ST_OK with *out set; ST_INPUT when path exists but is not an
 * earlier results folder or its parent folder is missing; ST_IO when the
 * temporary folder cannot be made. Messages go to d. */
status outdir_check(const char *path, diag *d);
status outdir_begin(const char *path, diag *d, outdir **out);
/* Opens name for writing (under a temporary name). NULL on failure,
 * with a message in d. */
FILE *outdir_open(outdir *o, const char *name, diag *d);
/* Closes f (checking write errors) and renames it to name. */
status outdir_close(outdir *o, FILE *f, const char *name, diag *d);
/* For a writer that takes a file name: the path (in the temporary folder)
 * to write name under before outdir_place. The caller frees it. */
char *outdir_tmp_path(const outdir *o, const char *name);
/* Renames the file written at outdir_tmp_path(o, name) to name. ST_IO,
 * with a message in d, when it is not a regular file or the rename fails;
 * the temporary file is then left for outdir_abort. */
status outdir_place(outdir *o, const char *name, diag *d);
/* The temporary folder the files are written in (valid until commit or
 * abort); a library's own scratch files may go there, as long as none is
 * left when it is done. */
const char *outdir_folder(const outdir *o);
/* The number of files placed so far (by outdir_close or outdir_place),
 * and the i-th of them (0-based, in the order placed; a name placed twice
 * counts once). The name belongs to o. */
int outdir_count(const outdir *o);
const char *outdir_name(const outdir *o, int i);
/* Moves the folder into place; frees o. */
status outdir_commit(outdir *o, diag *d);
/* Removes the temporary folder and everything in it; frees o. */
void outdir_abort(outdir *o);

#endif
