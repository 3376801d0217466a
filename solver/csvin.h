/* csvin.h - reading one CSV file into a table of strings with libcsv.
 *
 * Owns the wrapper around libcsv: the parser is fed line by line so every
 * record knows the line it starts on; the field separator (',', ';' or a
 * tab, as spreadsheets save "CSV" in many locales) is the one the header
 * line uses most outside quotes; it strips a UTF-8 byte-order mark,
 * checks that every field (or every field of the columns it is told to
 * read) is valid UTF-8 without NUL bytes, skips empty
 * lines (and rows whose fields are all blank), and checks each row's field
 * count against the header. Problems are recorded in a diag with the file,
 * the record's first line and the 1-based field number. It also hashes
 * every byte it is fed (SHA-256), so a file's fingerprint is that of the
 * bytes parsed, not of the file as it is later on disk. */
#ifndef CSVIN_H
#define CSVIN_H

#include <stddef.h>

#include "diag.h"
#include "mem.h"
#include "status.h"

typedef struct csvin_row {
    long line;      /* line where the record starts (1-based) */
    char **fields;  /* NUL-terminated strings, in the arena */
    int nfields;    /* the header's count unless bad */
    int bad;        /* an error was reported for this row: its values are
                       not to be used, only its id (to silence references) */
} csvin_row;

typedef struct csvin_table {
    const char *path;  /* as given, in the arena */
    int ncols;
    char **header;     /* ncols names, surrounding blanks trimmed */
    long header_line;
    csvin_row *rows;   /* heap array; fields live in the arena */
    size_t nrows, cap;
    char sha256[65];   /* SHA-256 of every byte fed (a byte-order mark
                          included) as lowercase hex; "" before csvin_finish */
    char delim;        /* the field separator found in the header line:
                          ',', ';' or '\t' */
} csvin_table;

typedef struct csvin_reader csvin_reader;

/* A reader for the file named path (used in messages). Strings it reads
 * are copied into arena; problems are added to d. Caller frees it with
 * csvin_free. */
csvin_reader *csvin_new(const char *path, mem_arena *arena, diag *d);
/* Decodes what is fed from the encoding name (iconv's names: "GB18030",
 * "WINDOWS-1252", ...) to UTF-8 first; without it the bytes must be
 * UTF-8, or UTF-16 with a byte-order mark (decoded too). Call before the
 * first csvin_feed. Returns 0, or -1 when iconv does not know name. */
int csvin_set_encoding(csvin_reader *r, const char *name);
/* Limits the checks to the columns named in names (NULL-terminated,
 * matched as csvin_column matches; the list is not copied and must
 * outlive the reader): only their fields are checked for valid UTF-8 and
 * NUL bytes and, when the encoding set leaves ASCII bytes as they are
 * (GB18030, Windows-1252, Latin-1; not UTF-16), decoded from it one by
 * one where they are not UTF-8 already, so a file written by the engine
 * in UTF-8 reads the same. The header's names and every other field are
 * kept as their bytes (cut at a NUL), neither checked nor decoded: a file
 * whose other columns are in another encoding still reads. A UTF-16
 * byte-order mark still decodes the whole file. Call before the first
 * csvin_feed. */
void csvin_set_columns(csvin_reader *r, const char *const *names);
/* Whether iconv knows the encoding name. */
int csvin_encoding_known(const char *name);
/* Feeds the next len bytes; any chunking gives the same table. */
void csvin_feed(csvin_reader *r, const char *buf, size_t len);
/* Ends the input and moves the table, with the digest of the bytes fed,
 * into *t (which the caller releases with csvin_table_release). Returns
 * ST_OK, or ST_INPUT when any problem was recorded for this file; *t is
 * filled with what could be read either way. */
status csvin_finish(csvin_reader *r, csvin_table *t);
void csvin_free(csvin_reader *r);

/* Reads the whole file at path; t->sha256 is the digest of the file's
 * bytes as read. Only a regular file is read: path is opened once,
 * without blocking, and what it opened is checked (a pipe, a folder or a
 * device is refused, never waited on). A file that is missing, cannot be
 * opened (the OS's reason is given) or is not a regular file is recorded
 * as "PATH: error: ..." and returns ST_INPUT; a read error after opening
 * returns ST_IO. */
status csvin_read_file(const char *path, mem_arena *arena, diag *d, csvin_table *t);
/* The same, decoding from encoding (NULL: UTF-8, or UTF-16 with a mark).
 * A file that is not UTF-8 gets one error, at its first invalid byte,
 * that names the common encodings that read the whole file cleanly. */
status csvin_read_file_as(const char *path, const char *encoding, mem_arena *arena, diag *d,
                          csvin_table *t);

/* csvin_read_file_as reading only the columns named in names (as
 * csvin_set_columns). */
status csvin_read_file_columns(const char *path, const char *encoding, const char *const *names,
                               mem_arena *arena, diag *d, csvin_table *t);

void csvin_table_init(csvin_table *t);
void csvin_table_release(csvin_table *t);
/* Index of the column named name, or -1. */
int csvin_column(const csvin_table *t, const char *name);

/* Checks the header against the columns the engine knows: an error for
 * each required column that is missing, one warning listing the unknown
 * ones. known and required are NULL-terminated lists. Returns the number
 * of missing required columns. */
int csvin_check_columns(const csvin_table *t, const char *const *known,
                        const char *const *required, diag *d);

#endif
