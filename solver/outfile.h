/* outfile.h - one output file (--export-lp FILE, --export-mps FILE, diff
 * -o FILE, lottery's DIR/lottery.csv) written by a writer that takes a
 * file name (GLPK, or fopen) under a temporary sibling name and renamed
 * (or, for the lottery, linked) into place, so FILE is whole or as it
 * was. FILE may not be an input of the run, a folder or anything but a
 * regular file.
 * The temporary file is removed when the run ends without finishing it
 * (tempfile.h). The caller owns the outfile. */
#ifndef OUTFILE_H
#define OUTFILE_H

#include "diag.h"
#include "inputset.h"
#include "status.h"

typedef struct outfile outfile;

/* Checks path and creates its temporary file (empty; the umask applies).
 * Returns ST_OK with *out set; ST_INPUT when its folder is missing or
 * path is a folder, not a regular file, or an input in (NULL: none);
 * ST_IO when the temporary file cannot be made. */
status outfile_begin(const char *path, const inputset *in, diag *d, outfile **out);
/* The temporary file the writer writes (valid until finish or abort). */
const char *outfile_tmp_path(const outfile *f);
/* Renames the temporary file to the path when the writer wrote it (it is
 * not empty), else removes it; frees f. ST_IO, with a message in d, when
 * the rename fails (the temporary file is then removed). */
status outfile_finish(outfile *f, diag *d);
/* The same for a file that must never replace another: the temporary
 * file is linked into place only while the path does not exist (link(2);
 * renameat2's RENAME_NOREPLACE where the file system has no hard links),
 * so a file that appeared there meanwhile (another run's) is kept. The
 * temporary file is removed in every case and f freed. ST_OK; ST_INPUT
 * with a message in d when the path exists; ST_IO when it cannot be
 * linked or synced. An empty temporary file is put in place too. */
status outfile_finish_new(outfile *f, diag *d);
/* Removes the temporary file; frees f. NULL is allowed. */
void outfile_abort(outfile *f);

#endif
