/* testkit.h - plumbing for the tests: allocation and paths that exit on
 * failure, temporary folders and small files written from strings (the
 * unit tests build cycles that way), removing a folder tree, running a
 * program with its output in files under a time limit, reading a result
 * CSV into memory with libcsv, and collecting failure messages. */
#ifndef TESTKIT_H
#define TESTKIT_H

#include <stddef.h>

/* Sets the name that starts testkit's fatal messages ("NAME: out of
 * memory", "NAME: fork: ..."); the string is not copied and must outlive
 * every later testkit call. Until it is called the name is "testkit". */
void testkit_set_name(const char *name);

/* Like calloc, but never returns NULL: on out of memory prints "NAME: out
 * of memory" and exits 1. A zero n or size still gives a unique block.
 * The caller frees the block. */
void *testkit_xcalloc(size_t n, size_t size);

/* Writes "DIR/NAME" into out (len bytes). When it does not fit, prints
 * "NAME: path too long" and exits 1. */
void testkit_path(char *out, size_t len, const char *dir, const char *name);

/* The whole number in environment variable var (a seed count, a first
 * seed), or dflt when it is unset or empty. A value that is not a whole
 * number from 0 to 10^9 prints "NAME: VAR 'VALUE' is not a whole number"
 * and exits 2: a mistyped knob never runs the default silently. */
long testkit_env_count(const char *var, long dflt);

/* Creates a fresh folder "${TMPDIR:-/tmp}/NAME.XXXXXX" and writes its
 * path into out (len bytes). A failure prints "NAME: ..." and exits 1.
 * The caller removes the folder (testkit_rm_tree). */
void testkit_tmpdir(char *out, size_t len, const char *name);

/* Writes text into DIR/NAME, created or truncated. A failure prints and
 * exits 1. */
void testkit_write(const char *dir, const char *name, const char *text);

/* Writes several files into dir: files holds pairs of a name and its text,
 * ended by NULL (e.g. {"programs.csv", "id\nP\n", NULL}). */
void testkit_write_files(const char *dir, const char *const *files);

/* Removes path: a file or link, or a folder with everything below it
 * (links are removed, not followed). A missing path is no error; what
 * cannot be removed is left behind silently. */
void testkit_rm_tree(const char *path);

/* Runs argv (argv[0] is a path: no PATH search; argv ends with NULL) with
 * its stdout written to out_path and its stderr to err_path (created or
 * truncated) and waits for it; the child is killed by SIGALRM after
 * seconds. Our stdout is flushed first. Returns the exit code, or 128 +
 * the signal that ended it; 126 when the files cannot be opened, 127 when
 * argv[0] cannot be executed. A failing fork or wait prints and exits 1. */
int testkit_run(char *const argv[], const char *out_path, const char *err_path, unsigned seconds);

/* Copies the first line of the file at path, without its "\r\n" or "\n",
 * into buf (len > 0 bytes; a longer line is cut). buf is "" when the file
 * cannot be opened or is empty. */
void testkit_first_line(const char *path, char *buf, size_t len);

/* A CSV file in memory: rows[i][j] is field j of row i (row 0 is the
 * header), a NUL-terminated copy; nfields[i] is the number of fields of
 * row i. The caller owns the struct and releases it with
 * testkit_table_release. cur..capcur hold the row being parsed. */
typedef struct testkit_table {
    char ***rows;
    int *nfields;
    int nrows, cap;
    char **cur;
    int ncur, capcur;
} testkit_table;

/* Reads DIR/NAME with libcsv (CSV_STRICT | CSV_STRICT_FINI) into t, whose
 * old contents are overwritten, not freed. Returns 0, or -1 when the file
 * cannot be opened, read or parsed; after -1, t holds what was read before
 * the error. Either way the caller calls testkit_table_release(t). Out of
 * memory prints and exits 1. */
int testkit_table_read(const char *dir, const char *name, testkit_table *t);

/* Frees every row and field of t and leaves it empty (all zero), so a
 * second release does nothing. */
void testkit_table_release(testkit_table *t);

/* The failure messages of one check, joined by "; " into a buffer the
 * caller owns (text, cap bytes); len is the length of text. text stays
 * NUL-terminated; a message that does not fit is cut, and once the buffer
 * is full further messages are dropped. */
typedef struct testkit_msg {
    char *text;
    size_t cap, len;
} testkit_msg;

/* Starts an empty message in buf (cap >= 1 bytes); m keeps buf, which must
 * outlive m. */
void testkit_msg_init(testkit_msg *m, char *buf, size_t cap);

/* Appends one printf-formatted message to m, after "; " when m is not
 * empty. */
void testkit_say(testkit_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
