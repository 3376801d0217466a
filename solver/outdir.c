/* outdir.c - atomic result folders. */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "strbuf.h"

struct outdir {
    char *path; /* the final folder */
    char *tmp;  /* the temporary sibling folder */
};

/* The temporary folder of the run in progress: removed at exit when the
 * process ends before commit or abort (e.g. "fatal: out of memory"). */
static char *pending_tmp;

static int remove_folder(const char *dir);

static void remove_pending(void)
{
    if (pending_tmp)
        remove_folder(pending_tmp);
}

static void set_pending(const char *tmp)
{
    static int registered;
    if (!registered && atexit(remove_pending) == 0)
        registered = 1;
    pending_tmp = (char *)tmp;
}

static char *join(const char *dir, const char *name)
{
    strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s/%s", dir, name);
    return strbuf_detach(&sb);
}

static char *parent_of(const char *path)
{
    char *p = mem_strdup(path), *slash;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    slash = strrchr(p, '/');
    if (!slash) {
        free(p);
        return mem_strdup(".");
    }
    if (slash == p)
        slash[1] = '\0';
    else
        *slash = '\0';
    return p;
}

/* Removes folder dir and the plain files in it. Allocates nothing, so it
 * may run at exit after an out-of-memory failure. */
static int remove_folder(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    char path[4096];
    int bad = 0;
    if (!dp)
        return -1;
    while ((e = readdir(dp)) != NULL) {
        int n;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof(path) || unlink(path) != 0)
            bad = 1;
    }
    closedir(dp);
    if (rmdir(dir) != 0)
        bad = 1;
    return bad ? -1 : 0;
}

status outdir_check(const char *path, diag *d)
{
    struct stat st;
    char *parent = parent_of(path);
    status rc = ST_OK;
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(d, path, 0, 0, "cannot write results: folder '%s' does not exist", parent);
        rc = ST_INPUT;
    } else if (stat(path, &st) == 0) {
        char *summary = join(path, "summary.csv");
        if (!S_ISDIR(st.st_mode)) {
            diag_error(d, path, 0, 0, "cannot write results: it exists and is not a folder");
            rc = ST_INPUT;
        } else if (access(summary, F_OK) != 0) {
            diag_error(d, path, 0, 0,
                       "refusing to replace this folder: it does not hold an earlier "
                       "summary.csv, so it may hold other files (choose a new folder)");
            rc = ST_INPUT;
        }
        free(summary);
    }
    free(parent);
    return rc;
}

status outdir_begin(const char *path, diag *d, outdir **out)
{
    outdir *o;
    strbuf sb;
    status rc = outdir_check(path, d);
    *out = NULL;
    if (rc != ST_OK)
        return rc;
    o = mem_zalloc(1, sizeof(*o));
    o->path = mem_strdup(path);
    while (strlen(o->path) > 1 && o->path[strlen(o->path) - 1] == '/')
        o->path[strlen(o->path) - 1] = '\0';
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s.tmp-XXXXXX", o->path);
    o->tmp = strbuf_detach(&sb);
    if (!mkdtemp(o->tmp)) {
        diag_error(d, path, 0, 0, "cannot create a temporary folder: %s", strerror(errno));
        free(o->path);
        free(o->tmp);
        free(o);
        return ST_IO;
    }
    set_pending(o->tmp);
    *out = o;
    return ST_OK;
}

FILE *outdir_open(outdir *o, const char *name, diag *d)
{
    char *tmpname, *full;
    FILE *f;
    strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, ".%s.tmp", name);
    tmpname = strbuf_detach(&sb);
    full = join(o->tmp, tmpname);
    f = fopen(full, "wb");
    if (!f)
        diag_error(d, full, 0, 0, "cannot write: %s", strerror(errno));
    free(full);
    free(tmpname);
    return f;
}

status outdir_close(outdir *o, FILE *f, const char *name, diag *d)
{
    strbuf sb;
    char *from, *to;
    int bad = ferror(f);
    status rc = ST_OK;
    if (fclose(f) != 0)
        bad = 1;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s/.%s.tmp", o->tmp, name);
    from = strbuf_detach(&sb);
    to = join(o->tmp, name);
    if (bad) {
        diag_error(d, to, 0, 0, "write error: %s", strerror(errno));
        rc = ST_IO;
    } else if (rename(from, to) != 0) {
        diag_error(d, to, 0, 0, "cannot rename into place: %s", strerror(errno));
        rc = ST_IO;
    }
    free(from);
    free(to);
    return rc;
}

const char *outdir_temp_path(const outdir *o)
{
    return o->tmp;
}

status outdir_commit(outdir *o, diag *d)
{
    struct stat st;
    status rc = ST_OK;
    char *old = NULL;
    set_pending(NULL); /* from here on this function cleans up itself */
    if (stat(o->path, &st) == 0) {
        strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s.old-XXXXXX", o->path);
        old = strbuf_detach(&sb);
        /* reserve a unique name, then move the earlier results onto it */
        if (!mkdtemp(old) || rename(o->path, old) != 0) {
            diag_error(d, o->path, 0, 0, "cannot move the earlier results aside: %s",
                       strerror(errno));
            rmdir(old);
            free(old);
            outdir_abort(o);
            return ST_IO;
        }
    }
    if (rename(o->tmp, o->path) != 0) {
        diag_error(d, o->path, 0, 0, "cannot move the results into place: %s", strerror(errno));
        if (old)
            rename(old, o->path);
        rc = ST_IO;
        remove_folder(o->tmp);
    } else if (old && remove_folder(old) != 0) {
        diag_warning(d, old, 0, 0, "could not remove the earlier results");
    }
    free(old);
    free(o->path);
    free(o->tmp);
    free(o);
    return rc;
}

void outdir_abort(outdir *o)
{
    if (!o)
        return;
    set_pending(NULL);
    remove_folder(o->tmp);
    free(o->path);
    free(o->tmp);
    free(o);
}
