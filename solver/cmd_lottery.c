/* cmd_lottery.c - `placement lottery DIR --seed N`: draws the cycle's
 * published lottery (lottery.h) once and writes DIR/lottery.csv, never
 * over an existing one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "csvout.h"
#include "cycle.h"
#include "diag.h"
#include "lottery.h"
#include "mem.h"
#include "outfile.h"
#include "strbuf.h"

/* Whether anything at all is at path (a dangling link too): the lottery
 * is drawn once, so whatever is there is kept, and the run refused. */
static int something_at(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 || errno != ENOENT;
}

/* Writes student,number rows (students in id order, their canonical
 * order) into the temporary file of f. Returns ST_OK or ST_IO. */
static status write_rows(const cycle *c, const int *number, outfile *f, diag *d)
{
    static const char *const header[] = {"student", "number"};
    FILE *fp = fopen(outfile_tmp_path(f), "wb");
    int bad = 0;
    if (!fp) {
        diag_error(d, outfile_tmp_path(f), 0, 0, "cannot write: %s", strerror(errno));
        return ST_IO;
    }
    bad |= csvout_row(fp, header, 2);
    for (int s = 0; s < c->nstudents; s++) {
        char num[16];
        const char *row[2] = {c->students[s].id, num};
        snprintf(num, sizeof(num), "%d", number[s]);
        bad |= csvout_row(fp, row, 2);
    }
    if (ferror(fp))
        bad = 1;
    if (fclose(fp) != 0)
        bad = 1;
    if (bad) {
        diag_error(d, outfile_tmp_path(f), 0, 0, "write error: %s", strerror(errno));
        return ST_IO;
    }
    return ST_OK;
}

status cmd_lottery(const cli_opts *o)
{
    diag d;
    cycle *c = NULL;
    outfile *f = NULL;
    int *number = NULL;
    strbuf path;
    status rc;
    int unread = 0; /* the cycle could not be read */
    size_t n = strlen(o->dir);
    diag_init(&d);
    strbuf_init(&path);
    strbuf_addf(&path, "%s%s%s", o->dir, n && o->dir[n - 1] == '/' ? "" : "/",
                cycle_file_name(CYCLE_LOTTERY));
    if (something_at(path.buf)) {
        diag_error(&d, path.buf, 0, 0,
                   "already exists: a lottery is drawn once and never re-drawn, so it is not "
                   "replaced (give a student who joined late the next free number by hand; "
                   "remove the file only if it was never published)");
        rc = ST_INPUT;
        goto done;
    }
    /* the students must be the cycle's valid ones */
    rc = cycle_load_as(o->dir, o->encoding, &d, &c);
    if (rc != ST_OK) {
        unread = 1;
        goto done;
    }
    MEM_ALLOC_ARRAY(number, c->nstudents + 1);
    lottery_draw(o->seed.value, c->nstudents, number);
    rc = outfile_begin(path.buf, NULL, &d, &f);
    if (rc != ST_OK)
        goto done;
    rc = write_rows(c, number, f, &d);
    if (rc != ST_OK) {
        outfile_abort(f);
        goto done;
    }
    rc = outfile_finish_new(f, &d);
    if (rc == ST_OK && !o->quiet)
        diag_fprintf(stdout,
                     "wrote %s: %d student%s, seed %llu\n"
                     "publish the seed and this file before any result, and never draw it "
                     "again: a tie in priority at any place is now broken by the lower number\n",
                     path.buf, c->nstudents, c->nstudents == 1 ? "" : "s",
                     (unsigned long long)o->seed.value);
done:
    diag_print(&d, stderr, o->quiet);
    if (unread)
        diag_fprintf(stderr, "%zu error%s in cycle '%s'\n", d.errors, d.errors == 1 ? "" : "s",
                     o->dir);
    free(number);
    cycle_free(c);
    strbuf_release(&path);
    diag_release(&d);
    return rc;
}
