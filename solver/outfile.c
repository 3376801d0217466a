/* outfile.c - one output file replaced by rename, or put where none is
 * by link. */
#define _GNU_SOURCE /* renameat2 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "strbuf.h"
#include "tempfile.h"

struct outfile {
    char *path;
    char *tmp;
    int h; /* tempfile handle */
};

/* fsync(2) of path, so that the rename puts a file on the disk in place;
 * a file system that does not sync (EINVAL) counts as done. */
static int sync_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC), ok;
    if (fd < 0)
        return 0;
    ok = fsync(fd) == 0 || errno == EINVAL;
    close(fd);
    return ok;
}

status outfile_begin(const char *path, const inputset *in, diag *d, outfile **out)
{
    const char *slash = strrchr(path, '/'), *input;
    char *dir;
    struct stat st;
    outfile *f;
    int fd = -1;
    *out = NULL;
    if (!slash)
        dir = mem_strdup(".");
    else {
        size_t n = (size_t)(slash - path);
        dir = mem_alloc(n + 2);
        memcpy(dir, path, n ? n : 1);
        dir[n ? n : 1] = '\0';
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(d, path, 0, 0, "cannot write: folder '%s' does not exist", dir);
        free(dir);
        return ST_INPUT;
    }
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode)) {
            diag_error(d, path, 0, 0, "cannot write: it is %s (name a file)",
                       S_ISDIR(st.st_mode) ? "a folder" : "not a regular file");
            free(dir);
            return ST_INPUT;
        }
        if (in && (input = inputset_find(in, &st)) != NULL) {
            diag_error(d, path, 0, 0, "refusing to write: it is '%s', an input of this run",
                       input);
            free(dir);
            return ST_INPUT;
        }
    }
    f = mem_zalloc(1, sizeof(*f));
    f->path = mem_strdup(path);
    f->h = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s/.%s.tmp-%ld-%d", dir, slash ? slash + 1 : path, (long)getpid(),
                    attempt);
        free(f->tmp);
        f->tmp = strbuf_detach(&sb);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    free(dir);
    if (fd < 0) {
        diag_error(d, path, 0, 0, "cannot write: %s", strerror(errno));
        free(f->tmp);
        f->tmp = NULL;
        outfile_abort(f);
        return ST_IO;
    }
    close(fd);
    if ((f->h = tempfile_add(f->tmp, TEMPFILE_FILE)) < 0) {
        diag_error(d, path, 0, 0, "cannot register '%s' for removal", f->tmp);
        outfile_abort(f);
        return ST_IO;
    }
    *out = f;
    return ST_OK;
}

const char *outfile_tmp_path(const outfile *f)
{
    return f->tmp;
}

status outfile_finish(outfile *f, diag *d)
{
    struct stat st;
    if (stat(f->tmp, &st) != 0 || st.st_size == 0) {
        outfile_abort(f);
        return ST_OK;
    }
    if (!sync_file(f->tmp)) {
        diag_error(d, f->path, 0, 0, "write error: %s", strerror(errno));
        outfile_abort(f);
        return ST_IO;
    }
    if (rename(f->tmp, f->path) != 0) {
        diag_error(d, f->path, 0, 0, "cannot rename into place: %s", strerror(errno));
        outfile_abort(f);
        return ST_IO;
    }
    tempfile_forget(f->h);
    tempfile_written(f->path);
    free(f->tmp);
    free(f->path);
    free(f);
    return ST_OK;
}

/* Moves from to to unless to exists: link(2), else, on a file system
 * without hard links, renameat2 with RENAME_NOREPLACE. 0, or -1 with
 * errno (EEXIST: to exists). */
static int place_new(const char *from, const char *to)
{
    if (link(from, to) == 0)
        return 0;
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EMLINK &&
        errno != ENOSYS)
        return -1;
#if defined(__linux__) && defined(RENAME_NOREPLACE)
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
#else
    return -1;
#endif
}

status outfile_finish_new(outfile *f, diag *d)
{
    status rc = ST_OK;
    if (!sync_file(f->tmp)) {
        diag_error(d, f->path, 0, 0, "write error: %s", strerror(errno));
        rc = ST_IO;
    } else if (place_new(f->tmp, f->path) != 0) {
        if (errno == EEXIST) {
            diag_error(d, f->path, 0, 0,
                       "already exists (written meanwhile by another run?); it is kept as it is");
            rc = ST_INPUT;
        } else {
            diag_error(d, f->path, 0, 0, "cannot put into place: %s", strerror(errno));
            rc = ST_IO;
        }
    } else {
        tempfile_written(f->path);
    }
    outfile_abort(f); /* the temporary name; after a rename it is gone already */
    return rc;
}

void outfile_abort(outfile *f)
{
    if (!f)
        return;
    if (f->tmp)
        unlink(f->tmp);
    tempfile_forget(f->h);
    free(f->tmp);
    free(f->path);
    free(f);
}
