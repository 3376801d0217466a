/* outdir.c - output folders replaced whole: the lock, the temporary
 * folder, the carried-over user files, the atomic switch and the clean-up
 * after a killed run. */
#define _GNU_SOURCE /* renameat2, flock */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "mem.h"
#include "strbuf.h"
#include "tempfile.h"

/* Paths built after the switch, where nothing may allocate. */
#define PATH_ROOM 4096
/* Names of carried-over files listed in the warning. */
#define NAMES_SHOWN 10
/* The folder within the temporary one where a library keeps its scratch
 * files (outdir_scratch): the engine's, whatever it holds. */
#define SCRATCH ".placement-scratch"

struct outdir {
    const outdir_kind *kind;
    char *shown;   /* the path as given: messages name it */
    char *path;    /* the folder (a link resolved, no trailing '/') */
    char *parent;  /* its parent folder */
    char *base;    /* its last name */
    char *tmp;     /* the temporary sibling being filled */
    char *scratch; /* tmp/SCRATCH once made, else NULL */
    char *lock;    /* the lock file */
    int lock_fd;
    int h_tmp, h_lock; /* tempfile handles, -1 when none */
    int filling;       /* signals are deferred (tempfile_defer_begin) */
    char **names;      /* the files placed, in order */
    size_t nnames, capnames;
};

/* ---- names ---- */

static char *join(const char *dir, const char *name)
{
    strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s/%s", dir, name);
    return strbuf_detach(&sb);
}

/* PARENT/.BASE.what */
static char *sibling(const outdir *o, const char *what)
{
    strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s/.%s.%s", o->parent, o->base, what);
    return strbuf_detach(&sb);
}

static int listed(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (strcmp(*list, name) == 0)
            return 1;
    return 0;
}

/* Whether name is one the engine writes into a folder of kind k: a file
 * of its list, or the temporary name of one (".NAME.tmp"). */
static int engine_name(const outdir_kind *k, const char *name)
{
    size_t n = strlen(name);
    if (listed(k->names, name))
        return 1;
    if (n > 5 && name[0] == '.' && strcmp(name + n - 4, ".tmp") == 0) {
        for (const char *const *l = k->names; *l; l++)
            if (strlen(*l) == n - 5 && strncmp(name + 1, *l, n - 5) == 0)
                return 1;
    }
    return 0;
}

/* Whether name is PREFIX followed by the six letters or digits of a
 * mkdtemp name. */
static int temp_named(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0 || strlen(name) != n + 6)
        return 0;
    for (const char *p = name + n; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return 0;
    return 1;
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

static mode_t current_umask(void)
{
    mode_t m = umask(0);
    umask(m);
    return m;
}

/* fsync(2) of path (a file or a folder), so that what a rename puts in
 * place is on the disk before it: -1 with errno on a failure other than a
 * file system that does not sync (EINVAL). */
static int sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
    if (fd < 0)
        return -1;
    rc = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
    close(fd);
    return rc;
}

/* ---- test hooks ---- */

static void stop_at(int step)
{
    const char *v = getenv("PLACEMENT_TEST_STOP_AT");
    char *end;
    long n;
    if (!v || !*v)
        return;
    n = strtol(v, &end, 10);
    if (*end == '\0' && n == step)
        raise(SIGKILL);
}

static int exchange_disabled(void)
{
    const char *v = getenv("PLACEMENT_TEST_NO_EXCHANGE");
    return v && strcmp(v, "1") == 0;
}

/* ---- removing ---- */

/* Empties and removes dir, an earlier or unfinished folder of kind k:
 * unlinks the engine's files and those that into holds as well (the same
 * file: linked there when it was carried over), removes the scratch
 * folder of a library (a run killed while writing), moves every other entry
 * into into (when into is not NULL and has no entry of that name), then
 * removes dir. Returns how many entries are left in dir (0: it is gone),
 * the first of them in first (PATH_ROOM bytes). Allocates nothing, so it
 * may run after the point of no return of a commit. */
static int retire(const outdir_kind *k, const char *dir, const char *into, char *first)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    char from[PATH_ROOM], to[PATH_ROOM];
    int left = 0;
    first[0] = '\0';
    if (!dp)
        return 1;
    while ((e = readdir(dp)) != NULL) {
        struct stat st, there;
        int n, m = 0, gone = 0;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n = snprintf(from, sizeof(from), "%s/%s", dir, e->d_name);
        if (into)
            m = snprintf(to, sizeof(to), "%s/%s", into, e->d_name);
        if (n > 0 && (size_t)n < sizeof(from) && m >= 0 && (size_t)m < sizeof(to) &&
            lstat(from, &st) == 0) {
            int have = into && lstat(to, &there) == 0;
            if (!S_ISDIR(st.st_mode) && (engine_name(k, e->d_name) ||
                                         (have && same_file(&st, &there))))
                gone = unlink(from) == 0;
            else if (S_ISDIR(st.st_mode) && strcmp(e->d_name, SCRATCH) == 0) {
                tempfile_remove_tree(from, 0);
                gone = lstat(from, &st) != 0;
            } else if (into && !have)
                gone = rename(from, to) == 0;
        }
        if (!gone && left++ == 0)
            snprintf(first, PATH_ROOM, "%s", e->d_name);
    }
    closedir(dp);
    if (left == 0 && rmdir(dir) != 0)
        left = 1;
    return left;
}

/* ---- the lock ---- */

/* Takes PARENT/.BASE.lock with flock, failing at once when another run
 * holds it. The holder unlinks the file before it lets go, so a lock taken
 * on a file that is no longer at that path is let go and taken again. */
static status take_lock(outdir *o, diag *d)
{
    o->lock = sibling(o, "lock");
    for (int attempt = 0; attempt < 100; attempt++) {
        struct stat held, there;
        int fd = open(o->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd < 0) {
            diag_error(d, o->shown, 0, 0, "cannot write into folder '%s': %s", o->parent,
                       strerror(errno));
            return ST_IO;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int err = errno;
            close(fd);
            if (err == EWOULDBLOCK)
                diag_error(d, o->shown, 0, 0,
                           "another placement run is writing this folder (it holds '%s'); "
                           "try again when it has finished",
                           o->lock);
            else
                diag_error(d, o->shown, 0, 0, "cannot lock '%s': %s", o->lock, strerror(err));
            return ST_IO;
        }
        if (fstat(fd, &held) == 0 && stat(o->lock, &there) == 0 && same_file(&held, &there)) {
            o->lock_fd = fd;
            o->h_lock = tempfile_add(o->lock, TEMPFILE_FILE);
            if (o->h_lock < 0) {
                diag_error(d, o->shown, 0, 0, "cannot register '%s' for removal", o->lock);
                return ST_IO;
            }
            return ST_OK;
        }
        close(fd); /* the holder before us removed it: take the new one */
    }
    diag_error(d, o->shown, 0, 0, "cannot lock '%s': it keeps changing", o->lock);
    return ST_IO;
}

static void drop_lock(outdir *o)
{
    if (o->lock_fd < 0)
        return;
    unlink(o->lock); /* while still held: see take_lock */
    close(o->lock_fd);
    o->lock_fd = -1;
    tempfile_forget(o->h_lock);
    o->h_lock = -1;
}

/* ---- begin ---- */

/* Splits the path of o (trailing '/' dropped) into parent and base; a link
 * is followed. */
static status locate(outdir *o, const char *path, diag *d)
{
    struct stat st;
    char *p = mem_strdup(path), *slash;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *real = realpath(p, NULL);
        if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
            diag_error(d, o->shown, 0, 0,
                       "cannot write %s: it is a symbolic link that does not lead to a folder",
                       o->kind->what);
            free(real);
            free(p);
            return ST_INPUT;
        }
        free(p);
        p = mem_strdup(real);
        free(real);
    }
    o->path = p;
    slash = strrchr(p, '/');
    if (!slash) {
        o->parent = mem_strdup(".");
        o->base = mem_strdup(p);
    } else {
        o->base = mem_strdup(slash + 1);
        o->parent = mem_strdup(p);
        o->parent[slash == p ? 1 : (size_t)(slash - p)] = '\0';
    }
    if (!o->base[0] || strcmp(o->base, ".") == 0 || strcmp(o->base, "..") == 0) {
        diag_error(d, o->shown, 0, 0, "cannot write %s here: name a folder of their own",
                   o->kind->what);
        return ST_INPUT;
    }
    if (stat(o->parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diag_error(d, o->shown, 0, 0, "cannot write %s: folder '%s' does not exist", o->kind->what,
                   o->parent);
        return ST_INPUT;
    }
    return ST_OK;
}

/* An existing folder at o->path may be replaced: it holds the kind's
 * markers and no input of the run. */
static status check_target(outdir *o, const inputset *in, diag *d)
{
    struct stat st;
    const char *input = NULL;
    DIR *dp;
    struct dirent *e;
    if (lstat(o->path, &st) != 0) {
        if (errno == ENOENT)
            return ST_OK;
        diag_error(d, o->shown, 0, 0, "cannot write %s: %s", o->kind->what, strerror(errno));
        return ST_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        diag_error(d, o->shown, 0, 0, "cannot write %s: it exists and is not a folder",
                   o->kind->what);
        return ST_INPUT;
    }
    /* first, as the more telling reason */
    if (in)
        input = inputset_inside(in, &st);
    if (in && !input && (dp = opendir(o->path)) != NULL) {
        while (!input && (e = readdir(dp)) != NULL) {
            char *file;
            struct stat fst;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            file = join(o->path, e->d_name);
            if (stat(file, &fst) == 0)
                input = inputset_find(in, &fst);
            free(file);
        }
        closedir(dp);
    }
    if (input) {
        diag_error(d, o->shown, 0, 0,
                   "refusing to write into this folder: %s '%s', an input of this run (choose "
                   "another folder)",
                   inputset_find(in, &st) ? "it is" : "it holds", input);
        return ST_INPUT;
    }
    for (const char *const *m = o->kind->markers; *m; m++) {
        char *file = join(o->path, *m);
        int have = access(file, F_OK) == 0;
        free(file);
        if (!have) {
            strbuf sb;
            strbuf_init(&sb);
            for (const char *const *l = o->kind->markers; *l; l++)
                strbuf_addf(&sb, "%s%s", l == o->kind->markers ? "" : " and ", *l);
            diag_error(d, o->shown, 0, 0,
                       "refusing to replace this folder: it does not hold an earlier %s, so it "
                       "may hold other files (choose a new folder)",
                       sb.buf);
            strbuf_release(&sb);
            return ST_INPUT;
        }
    }
    return ST_OK;
}

/* Puts back the earlier folder that a run killed between its two renames
 * (without RENAME_EXCHANGE) left aside, then empties and removes the
 * temporary folders of killed runs, carrying their user files into the
 * folder. Under the lock. */
static void clean_stale(outdir *o, diag *d)
{
    char **stale = NULL, first[PATH_ROOM];
    size_t n = 0, cap = 0;
    strbuf tmp_p, old_p, ltmp_p, lold_p;
    DIR *dp = opendir(o->parent);
    struct dirent *e;
    struct stat st;
    int have_out;
    if (!dp)
        return;
    strbuf_init(&tmp_p);
    strbuf_init(&old_p);
    strbuf_init(&ltmp_p);
    strbuf_init(&lold_p);
    strbuf_addf(&tmp_p, ".%s.tmp-", o->base);
    strbuf_addf(&old_p, ".%s.old-", o->base);
    strbuf_addf(&ltmp_p, "%s.tmp-", o->base); /* the names of earlier versions */
    strbuf_addf(&lold_p, "%s.old-", o->base);
    while ((e = readdir(dp)) != NULL) {
        if (temp_named(e->d_name, tmp_p.buf) || temp_named(e->d_name, old_p.buf) ||
            temp_named(e->d_name, ltmp_p.buf) || temp_named(e->d_name, lold_p.buf)) {
            MEM_GROW(stale, n, cap);
            stale[n++] = join(o->parent, e->d_name);
        }
    }
    closedir(dp);
    have_out = lstat(o->path, &st) == 0;
    /* no folder, but an earlier one aside: a kill between the two renames */
    for (size_t i = 0; i < n && !have_out; i++) {
        const char *name = strrchr(stale[i], '/') + 1;
        if ((temp_named(name, old_p.buf) || temp_named(name, lold_p.buf)) &&
            lstat(stale[i], &st) == 0 && S_ISDIR(st.st_mode) && rename(stale[i], o->path) == 0) {
            diag_warning(d, o->shown, 0, 0,
                         "put back the earlier %s from '%s', where a run that was stopped while "
                         "replacing them had left them",
                         o->kind->what, stale[i]);
            have_out = 1;
            stale[i][0] = '\0';
        }
    }
    for (size_t i = 0; i < n; i++) {
        int left;
        if (!stale[i][0] || lstat(stale[i], &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        left = retire(o->kind, stale[i], have_out ? o->path : NULL, first);
        if (left == 0)
            diag_warning(d, o->shown, 0, 0, "removed '%s', left by a run that was stopped",
                         stale[i]);
        else
            diag_warning(d, o->shown, 0, 0,
                         "left '%s' (from a run that was stopped): it holds %d file%s the engine "
                         "did not write ('%s'%s)",
                         stale[i], left, left == 1 ? "" : "s", first, left > 1 ? ", ..." : "");
    }
    for (size_t i = 0; i < n; i++)
        free(stale[i]);
    free(stale);
    strbuf_release(&tmp_p);
    strbuf_release(&old_p);
    strbuf_release(&ltmp_p);
    strbuf_release(&lold_p);
}

static status make_tmp(outdir *o, diag *d)
{
    o->tmp = sibling(o, "tmp-XXXXXX");
    if (!mkdtemp(o->tmp)) {
        diag_error(d, o->shown, 0, 0, "cannot create a temporary folder in '%s': %s", o->parent,
                   strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        return ST_IO;
    }
    o->h_tmp = tempfile_add(o->tmp, TEMPFILE_DIR);
    /* mkdtemp makes it drwx------: the folder follows the umask instead */
    if (o->h_tmp < 0 || chmod(o->tmp, 0777 & ~current_umask()) != 0) {
        diag_error(d, o->shown, 0, 0, "cannot prepare the temporary folder '%s'", o->tmp);
        return ST_IO;
    }
    return ST_OK;
}

/* Frees o and what it holds (not the folders). */
static void outdir_free(outdir *o)
{
    for (size_t i = 0; i < o->nnames; i++)
        free(o->names[i]);
    free(o->names);
    free(o->shown);
    free(o->path);
    free(o->parent);
    free(o->base);
    free(o->tmp);
    free(o->scratch);
    free(o->lock);
    free(o);
}

status outdir_begin(const char *path, const outdir_kind *k, const inputset *in, diag *d,
                    outdir **out)
{
    outdir *o = mem_zalloc(1, sizeof(*o));
    status rc;
    *out = NULL;
    o->kind = k;
    o->shown = mem_strdup(path);
    o->lock_fd = o->h_tmp = o->h_lock = -1;
    if ((rc = locate(o, path, d)) != ST_OK || (rc = take_lock(o, d)) != ST_OK)
        goto fail;
    stop_at(1);
    if ((rc = check_target(o, in, d)) != ST_OK)
        goto fail;
    clean_stale(o, d);
    /* again: clean_stale may have put an earlier folder back */
    if ((rc = check_target(o, in, d)) != ST_OK)
        goto fail;
    stop_at(2);
    if ((rc = make_tmp(o, d)) != ST_OK)
        goto fail;
    stop_at(3);
    *out = o;
    return ST_OK;
fail:
    outdir_abort(o);
    return rc;
}

/* ---- filling ---- */

/* Rows between two looks at a signal and the clock (outdir_row_late). */
#define ROWS_PER_CHECK 4096

int outdir_row_late(double deadline, long row)
{
    if (row % ROWS_PER_CHECK != ROWS_PER_CHECK - 1)
        return 0;
    tempfile_check();
    return deadline > 0 && clock_seconds() > deadline;
}

/* From the first file on, a signal waits for the next outdir call. */
static void start_filling(outdir *o)
{
    if (!o->filling) {
        o->filling = 1;
        tempfile_defer_begin();
    }
}

static status check_name(const outdir *o, const char *name, diag *d)
{
    if (listed(o->kind->names, name))
        return ST_OK;
    diag_error(d, name, 0, 0, "internal error: not a file of a %s folder (outdir_kind)",
               o->kind->what);
    return ST_IO;
}

char *outdir_tmp_path(outdir *o, const char *name)
{
    strbuf sb;
    start_filling(o);
    tempfile_check();
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s/.%s.tmp", o->tmp, name);
    return strbuf_detach(&sb);
}

FILE *outdir_open(outdir *o, const char *name, diag *d)
{
    char *full;
    FILE *f;
    if (check_name(o, name, d) != ST_OK)
        return NULL;
    full = outdir_tmp_path(o, name);
    f = fopen(full, "wb");
    if (!f)
        diag_error(d, full, 0, 0, "cannot write: %s", strerror(errno));
    free(full);
    return f;
}

static void note_placed(outdir *o, const char *name)
{
    for (size_t i = 0; i < o->nnames; i++)
        if (strcmp(o->names[i], name) == 0)
            return;
    MEM_GROW(o->names, o->nnames, o->capnames);
    o->names[o->nnames++] = mem_strdup(name);
}

/* Renames name's temporary file into place; write_failed: the writer saw
 * an error (then nothing is renamed). */
static status place(outdir *o, const char *name, int write_failed, diag *d)
{
    struct stat st;
    char *from, *to;
    status rc = ST_OK;
    int err = errno;
    if (check_name(o, name, d) != ST_OK)
        return ST_IO;
    from = outdir_tmp_path(o, name);
    to = join(o->tmp, name);
    if (write_failed) {
        diag_error(d, to, 0, 0, "write error: %s", strerror(err));
        rc = ST_IO;
    } else if (stat(from, &st) != 0) {
        diag_error(d, to, 0, 0, "was not written: %s", strerror(errno));
        rc = ST_IO;
    } else if (!S_ISREG(st.st_mode)) {
        diag_error(d, to, 0, 0, "was not written: '%s' is not a file", from);
        rc = ST_IO;
    } else if (sync_path(from) != 0) {
        diag_error(d, to, 0, 0, "write error: %s", strerror(errno));
        rc = ST_IO;
    } else if (rename(from, to) != 0) {
        diag_error(d, to, 0, 0, "cannot rename into place: %s", strerror(errno));
        rc = ST_IO;
    } else {
        note_placed(o, name);
    }
    free(from);
    free(to);
    return rc;
}

status outdir_close(outdir *o, FILE *f, const char *name, diag *d)
{
    int bad = ferror(f);
    if (fclose(f) != 0)
        bad = 1;
    return place(o, name, bad, d);
}

status outdir_place(outdir *o, const char *name, diag *d)
{
    return place(o, name, 0, d);
}

const char *outdir_folder(const outdir *o)
{
    return o->tmp;
}

const char *outdir_scratch(outdir *o, diag *d)
{
    start_filling(o);
    if (!o->scratch) {
        char *dir = join(o->tmp, SCRATCH);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
            diag_error(d, dir, 0, 0, "cannot create a scratch folder: %s", strerror(errno));
            free(dir);
            return NULL;
        }
        o->scratch = dir;
    }
    return o->scratch;
}

int outdir_count(const outdir *o)
{
    return (int)o->nnames;
}

const char *outdir_name(const outdir *o, int i)
{
    return o->names[i];
}

/* ---- commit ---- */

/* Links each user file of the earlier folder into the new one; *nkept
 * counts the user's entries (linked or, when that fails, to be moved
 * after the switch), named in a warning. */
static status carry_over(outdir *o, diag *d)
{
    DIR *dp = opendir(o->path);
    struct dirent *e;
    strbuf names;
    int nkept = 0;
    if (!dp) {
        diag_error(d, o->shown, 0, 0, "cannot read the earlier %s: %s", o->kind->what,
                   strerror(errno));
        return ST_IO;
    }
    strbuf_init(&names);
    while ((e = readdir(dp)) != NULL) {
        char *from, *to;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            engine_name(o->kind, e->d_name))
            continue;
        from = join(o->path, e->d_name);
        to = join(o->tmp, e->d_name);
        /* a folder, or a file system without links: moved after the switch */
        (void)linkat(AT_FDCWD, from, AT_FDCWD, to, 0);
        if (nkept < NAMES_SHOWN)
            strbuf_addf(&names, "%s'%s'", nkept ? ", " : "", e->d_name);
        nkept++;
        free(from);
        free(to);
    }
    closedir(dp);
    if (nkept > NAMES_SHOWN)
        strbuf_addf(&names, " and %d more", nkept - NAMES_SHOWN);
    if (nkept)
        diag_warning(d, o->shown, 0, 0,
                     "kept %d file%s that the engine did not write, carried over into the new "
                     "%s: %s",
                     nkept, nkept == 1 ? "" : "s", o->kind->what, names.buf);
    strbuf_release(&names);
    return ST_OK;
}

/* rename(2) that swaps two existing entries; -1 with errno EINVAL where
 * the system or the file system has no RENAME_EXCHANGE. */
static int exchange(const char *a, const char *b)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    if (!exchange_disabled())
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    (void)a;
    (void)b;
#endif
    errno = EINVAL;
    return -1;
}

status outdir_commit(outdir *o, diag *d)
{
    struct stat st;
    status rc = ST_OK;
    char *aside, first[PATH_ROOM];
    const char *retired = NULL;
    int exists, left;
    start_filling(o);
    tempfile_check();
    if (o->scratch) /* what a library left there */
        tempfile_remove_tree(o->scratch, 0);
    stop_at(4);
    exists = lstat(o->path, &st) == 0;
    if (exists && (rc = carry_over(o, d)) != ST_OK) {
        outdir_abort(o);
        return rc;
    }
    stop_at(5);
    /* everything the steps below need, made before the point of no return */
    aside = sibling(o, "old-");
    {
        strbuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s%s", aside, o->tmp + strlen(o->tmp) - 6);
        free(aside);
        aside = strbuf_detach(&sb);
    }
    sync_path(o->tmp); /* its entries on the disk before the switch */
    tempfile_check(); /* the last moment an interrupt leaves the earlier folder */
    stop_at(6);
    if (!exists) {
        if (rename(o->tmp, o->path) != 0)
            rc = ST_IO;
    } else if (exchange(o->tmp, o->path) == 0) {
        retired = o->tmp; /* it holds the earlier folder now */
    } else if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
        rc = ST_IO;
    } else if (lstat(aside, &st) == 0 || rename(o->path, aside) != 0) {
        rc = ST_IO;
    } else {
        stop_at(7);
        if (rename(o->tmp, o->path) != 0) {
            int err = errno;
            rename(aside, o->path);
            errno = err;
            rc = ST_IO;
        } else {
            retired = aside;
        }
    }
    if (rc != ST_OK) {
        diag_error(d, o->shown, 0, 0, "cannot move the %s into place: %s", o->kind->what,
                   strerror(errno));
        free(aside);
        outdir_abort(o);
        return rc;
    }
    tempfile_forget(o->h_tmp);
    o->h_tmp = -1;
    sync_path(o->parent); /* the switch itself */
    tempfile_written(o->shown);
    stop_at(8);
    left = retired ? retire(o->kind, retired, o->path, first) : 0;
    stop_at(9);
    if (left)
        diag_warning(d, o->shown, 0, 0,
                     "left '%s': it holds %d entr%s of the earlier %s that could not be moved "
                     "into the new ones ('%s'%s)",
                     retired, left, left == 1 ? "y" : "ies", o->kind->what, first,
                     left > 1 ? ", ..." : "");
    stop_at(10);
    drop_lock(o);
    free(aside);
    outdir_free(o);
    tempfile_defer_end();
    tempfile_check(); /* a signal during the switch: it takes effect now */
    return ST_OK;
}

void outdir_abort(outdir *o)
{
    int filling;
    if (!o)
        return;
    if (o->tmp && o->h_tmp >= 0) {
        tempfile_remove_tree(o->tmp, 1);
        tempfile_forget(o->h_tmp);
    }
    drop_lock(o);
    filling = o->filling;
    outdir_free(o);
    if (filling) {
        tempfile_defer_end();
        tempfile_check();
    }
}

/* The parent folder and last name of path, as outdir_begin sees them. */
static void split(const char *path, char **parent, char **base)
{
    char *p = mem_strdup(path), *slash;
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    slash = strrchr(p, '/');
    if (!slash) {
        *parent = mem_strdup(".");
        *base = p;
        return;
    }
    *base = mem_strdup(slash + 1);
    slash[slash == p ? 1 : 0] = '\0';
    *parent = p;
}

int outdir_same(const char *a, const char *b)
{
    char *pa, *ba, *pb, *bb;
    struct stat sa, sb;
    int same;
    split(a, &pa, &ba);
    split(b, &pb, &bb);
    if (stat(pa, &sa) == 0 && stat(pb, &sb) == 0)
        same = same_file(&sa, &sb) && strcmp(ba, bb) == 0;
    else
        same = strcmp(pa, pb) == 0 && strcmp(ba, bb) == 0;
    free(pa);
    free(ba);
    free(pb);
    free(bb);
    return same;
}
