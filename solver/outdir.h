/* outdir.h - an output folder that appears whole or not at all (git's
 * lockfile idea). Files are written into a temporary sibling folder, each
 * under a temporary name renamed into place; outdir_commit then swaps the
 * folder in, replacing an earlier results folder. An existing folder that
 * does not hold a summary.csv is never touched. The caller owns the
 * outdir; outdir_abort removes everything written so far. */
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
/* The temporary folder the files are written into until outdir_commit:
 * a closed file can be read back there under its name (the comparison of
 * solve --compare reads the new results this way). Owned by o. */
const char *outdir_temp_path(const outdir *o);
/* Moves the folder into place; frees o. */
status outdir_commit(outdir *o, diag *d);
/* Removes the temporary folder and everything in it; frees o. */
void outdir_abort(outdir *o);

#endif
