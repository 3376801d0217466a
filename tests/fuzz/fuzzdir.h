/* fuzzdir.h - the fuzz targets' scratch folder and input format: one
 * folder per process (on /dev/shm when it is writable), emptied and
 * refilled for every input, removed at exit; an input is split into the
 * files of a cycle folder.
 *
 * The format (tests/fuzz/corpus.py packs and unpacks it): the input is cut
 * at every "%%%%" (FUZZDIR_MARK); the bytes before the first mark are
 * ignored; each later piece is NAME, a newline, then the file's bytes as
 * they are (a piece without a newline: an empty file). NAME is 1 to 32 of
 * A-Z a-z 0-9 . _ - and does not start with '.'; a piece with another
 * NAME is skipped, and so is every piece after the first FUZZDIR_MAX_FILES.
 * The piece named "encoding" is not a file: its bytes (a newline and
 * blanks trimmed) name the encoding to read the cycle with, one of
 * fuzzdir_encodings, and any other text reads it as UTF-8. */
#ifndef FUZZDIR_H
#define FUZZDIR_H

#include <stddef.h>
#include <stdint.h>

#define FUZZDIR_MARK "%%%%" /* all of one byte: fuzzdir.c counts a run of it */
#define FUZZDIR_MAX_FILES 10

/* The encodings an "encoding" piece may name (NULL-terminated). */
extern const char *const fuzzdir_encodings[];

/* The scratch folder's path, created on the first call; exits the process
 * (a setup failure, not a finding) when it cannot be made. */
const char *fuzzdir_path(void);
/* Empties the scratch folder, then writes len bytes of buf into the file
 * name there. Exits the process when the file cannot be written. */
void fuzzdir_write_one(const char *name, const uint8_t *buf, size_t len);
/* Empties the scratch folder, then writes the files of the input data
 * (the format above) into it. Returns the encoding named, or NULL. */
const char *fuzzdir_unpack(const uint8_t *data, size_t size);

#endif
