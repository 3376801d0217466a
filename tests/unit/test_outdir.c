/* test_outdir.c - output folders are replaced whole or not at all: nothing
 * at the target until the commit, every file there after it, nothing
 * beside it after a commit, an abort, an exit or a signal; the files of a
 * user in an earlier folder are carried over, unchanged; folders and files
 * follow the umask; a second writer is refused by the lock; what a killed
 * run left is cleaned up by the next one; a kill at every step of begin
 * and commit leaves the earlier folder or the new one; a target that is
 * not an earlier folder, holds an input or has no parent is refused before
 * anything is written. Also outfile (one file replaced by rename). */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "inputset.h"
#include "outdir.h"
#include "outfile.h"
#include "testkit.h"

static char root[4096];

static const char *const test_files[] = {"a.csv",     "b.csv",    "summary.csv", "book.xlsx",
                                         "dir.xlsx",  "missing.xlsx", NULL};
static const char *const test_markers[] = {"summary.csv", NULL};
static const outdir_kind kind = {"results", test_files, test_markers};

/* The names in dir other than "." and "..", sorted, joined by ' ' into
 * out; "-" when dir cannot be opened. */
static void list(const char *dir, char *out, size_t len)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    size_t used = 0;
    out[0] = '\0';
    if (n < 0) {
        snprintf(out, len, "-");
        return;
    }
    for (int i = 0; i < n; i++) {
        const char *e = names[i]->d_name;
        if (strcmp(e, ".") != 0 && strcmp(e, "..") != 0 && used < len) {
            int k = snprintf(out + used, len - used, "%s%s", used ? " " : "", e);
            if (k > 0)
                used += (size_t)k;
        }
        free(names[i]);
    }
    free(names);
}

/* A fresh parent folder under root for one check. */
static void fresh(char *dir, size_t len, const char *name)
{
    testkit_path(dir, len, root, name);
    testkit_rm_tree(dir);
    if (mkdir(dir, 0777) != 0) {
        printf("FAIL cannot create '%s'\n", dir);
        exit(1);
    }
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The text of dir/name ("" when it cannot be read) into buf. */
static void slurp(const char *dir, const char *name, char *buf, size_t len)
{
    char path[4096];
    FILE *f;
    size_t n = 0;
    testkit_path(path, sizeof(path), dir, name);
    f = fopen(path, "rb");
    if (f) {
        n = fread(buf, 1, len - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
}

/* Writes name with text into o; returns the status of outdir_close. */
static status put(outdir *o, const char *name, const char *text, diag *d)
{
    FILE *f = outdir_open(o, name, d);
    if (!f)
        return ST_IO;
    fputs(text, f);
    return outdir_close(o, f, name, d);
}

/* The first message of d, "" when there is none. */
static const char *first_msg(const diag *d)
{
    return d->count ? d->msgs[0].text : "";
}

/* Whether some message of d holds text. */
static int said(const diag *d, const char *text)
{
    for (size_t i = 0; i < d->count; i++)
        if (strstr(d->msgs[i].text, text))
            return 1;
    return 0;
}

/* An earlier results folder at parent/out with summary.csv "old" and, when
 * notes, a user's notes.txt. */
static void earlier(const char *out, int notes)
{
    mkdir(out, 0777);
    testkit_write(out, "summary.csv", "old\n");
    testkit_write(out, "a.csv", "old a\n");
    if (notes)
        testkit_write(out, "notes.txt", "mine\n");
}

/* begin, a.csv and summary.csv "new", commit; the status of the first
 * step that failed. */
static status write_new(const char *out, diag *d)
{
    outdir *o = NULL;
    status rc = outdir_begin(out, &kind, NULL, d, &o);
    if (rc == ST_OK && (rc = put(o, "a.csv", "new a\n", d)) == ST_OK &&
        (rc = put(o, "summary.csv", "new\n", d)) == ST_OK)
        return outdir_commit(o, d);
    outdir_abort(o);
    return rc;
}

static void test_new_folder(void)
{
    char parent[4096], out[4096], names[4096];
    diag d;
    outdir *o = NULL;
    fresh(parent, sizeof(parent), "new");
    testkit_path(out, sizeof(out), parent, "out");
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "a.csv", "a\n", &d) == ST_OK);
    CHECK(put(o, "b.csv", "b\n", &d) == ST_OK);
    /* a name the kind does not list: NULL and an error */
    CHECK(outdir_open(o, "c.csv", &d) == NULL && d.errors == 1 &&
          strstr(first_msg(&d), "not a file of a results folder"));
    d.errors = 0;
    /* before the commit: nothing at the target; the lock and the
       temporary folder beside it, hidden */
    CHECK(!exists(out));
    list(parent, names, sizeof(names));
    CHECK(strncmp(names, ".out.lock .out.tmp-", 19) == 0 && strlen(names) == 25);
    CHECK(outdir_commit(o, &d) == ST_OK);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv b.csv");
    CHECK(d.errors == 0 && d.warnings == 0);
    diag_release(&d);
}

static void test_abort(void)
{
    char parent[4096], out[4096], names[4096];
    diag d;
    outdir *o = NULL;
    fresh(parent, sizeof(parent), "abort");
    testkit_path(out, sizeof(out), parent, "out");
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "a.csv", "a\n", &d) == ST_OK);
    outdir_abort(o);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "");
    outdir_abort(NULL); /* allowed, does nothing */
    diag_release(&d);
}

/* An earlier results folder is replaced whole: its engine files that the
 * new run does not write go, and nothing is left beside it. */
static void test_replace(void)
{
    char parent[4096], out[4096], names[4096], buf[64];
    diag d;
    outdir *o = NULL;
    fresh(parent, sizeof(parent), "replace");
    testkit_path(out, sizeof(out), parent, "out");
    earlier(out, 0);
    testkit_write(out, "b.csv", "old b\n");
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "summary.csv", "new\n", &d) == ST_OK);
    /* until the commit the earlier results stay as they were */
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv b.csv summary.csv");
    CHECK(outdir_commit(o, &d) == ST_OK);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "summary.csv");
    slurp(out, "summary.csv", buf, sizeof(buf));
    CHECK_STR(buf, "new\n");
    CHECK(d.errors == 0 && d.warnings == 0);
    diag_release(&d);
}

/* An aborted replacement leaves the earlier results untouched. */
static void test_replace_aborted(void)
{
    char parent[4096], out[4096], names[4096];
    diag d;
    outdir *o = NULL;
    fresh(parent, sizeof(parent), "replace-abort");
    testkit_path(out, sizeof(out), parent, "out");
    earlier(out, 1);
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "summary.csv", "new\n", &d) == ST_OK);
    outdir_abort(o);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv notes.txt summary.csv");
    diag_release(&d);
}

/* The files of a user are carried over unchanged: a file is the same file
 * (hard link), a folder moved with what it holds; a warning names them.
 * A file with the name of an engine file is the engine's. */
static void test_foreign(void)
{
    char parent[4096], out[4096], names[4096], buf[64], path[4096];
    struct stat before, after;
    diag d;
    fresh(parent, sizeof(parent), "foreign");
    testkit_path(out, sizeof(out), parent, "out");
    earlier(out, 1);
    testkit_write(out, "b.csv", "a user's b.csv is the engine's\n");
    testkit_path(path, sizeof(path), out, "sub");
    mkdir(path, 0777);
    testkit_write(path, "deep.txt", "deep\n");
    testkit_path(path, sizeof(path), out, "notes.txt");
    CHECK(stat(path, &before) == 0);
    diag_init(&d);
    CHECK(write_new(out, &d) == ST_OK);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv notes.txt sub summary.csv");
    CHECK(stat(path, &after) == 0 && after.st_ino == before.st_ino &&
          after.st_mtime == before.st_mtime);
    slurp(out, "notes.txt", buf, sizeof(buf));
    CHECK_STR(buf, "mine\n");
    testkit_path(path, sizeof(path), out, "sub");
    slurp(path, "deep.txt", buf, sizeof(buf));
    CHECK_STR(buf, "deep\n");
    if (!CHECK(d.warnings == 1 && said(&d, "kept 2 files that the engine did not write") &&
               said(&d, "'notes.txt'") && said(&d, "'sub'")))
        printf("  message: '%s'\n", first_msg(&d));
    diag_release(&d);
    /* the same again (now with the folder carried once): still one copy */
    diag_init(&d);
    CHECK(write_new(out, &d) == ST_OK);
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv notes.txt sub summary.csv");
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    diag_release(&d);
}

/* The folder and its files follow the umask (mkdtemp alone makes
 * drwx------). */
static void test_umask(void)
{
    char parent[4096], out[4096], path[4096];
    struct stat st;
    mode_t old = umask(027);
    diag d;
    fresh(parent, sizeof(parent), "umask");
    testkit_path(out, sizeof(out), parent, "out");
    diag_init(&d);
    CHECK(write_new(out, &d) == ST_OK);
    CHECK(stat(out, &st) == 0 && (st.st_mode & 07777) == 0750);
    testkit_path(path, sizeof(path), out, "a.csv");
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
    umask(022);
    CHECK(write_new(out, &d) == ST_OK);
    CHECK(stat(out, &st) == 0 && (st.st_mode & 07777) == 0755);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0644);
    umask(old);
    diag_release(&d);
}

/* begin and the error it gives refuse the target with want, one error
 * that names it, and leave what is there as it was. */
static void refused(const char *what, const char *parent, const char *out, const inputset *in,
                    status want, const char *want_in_msg)
{
    char before[4096], after[4096];
    diag d;
    outdir *o = NULL;
    list(parent, before, sizeof(before));
    diag_init(&d);
    if (!CHECK(outdir_begin(out, &kind, in, &d, &o) == want && !o))
        printf("  (%s)\n", what);
    if (!CHECK(d.errors == 1 && d.msgs[0].file && strcmp(d.msgs[0].file, out) == 0 &&
               strstr(first_msg(&d), want_in_msg)))
        printf("  (%s) message: '%s'\n", what, first_msg(&d));
    list(parent, after, sizeof(after));
    if (!CHECK_STR(after, before))
        printf("  (%s)\n", what);
    diag_release(&d);
}

static void test_refused(void)
{
    char parent[4096], out[4096], names[4096], cwd[4096];
    fresh(parent, sizeof(parent), "refuse");
    /* a folder with other files, and an empty one: never replaced */
    testkit_path(out, sizeof(out), parent, "mine");
    mkdir(out, 0777);
    testkit_write(out, "thesis.tex", "keep me\n");
    refused("folder without summary.csv", parent, out, NULL, ST_INPUT,
            "does not hold an earlier summary.csv");
    list(out, names, sizeof(names));
    CHECK_STR(names, "thesis.tex");
    testkit_path(out, sizeof(out), parent, "empty");
    mkdir(out, 0777);
    refused("empty folder", parent, out, NULL, ST_INPUT, "does not hold an earlier summary.csv");
    /* a file */
    testkit_path(out, sizeof(out), parent, "file.csv");
    testkit_write(parent, "file.csv", "x\n");
    refused("a file", parent, out, NULL, ST_INPUT, "it exists and is not a folder");
    /* a missing parent folder is not created */
    testkit_path(out, sizeof(out), parent, "no-such-folder/out");
    refused("missing parent", parent, out, NULL, ST_INPUT, "does not exist");
    /* no folder of its own */
    if (getcwd(cwd, sizeof(cwd)) && chdir(parent) == 0) {
        refused("'.'", parent, ".", NULL, ST_INPUT, "name a folder of their own");
        refused("'mine/..'", parent, "mine/..", NULL, ST_INPUT, "name a folder of their own");
        CHECK(chdir(cwd) == 0);
    }
    refused("'/'", parent, "/", NULL, ST_INPUT, "name a folder of their own");
    /* a link that leads nowhere */
    testkit_path(out, sizeof(out), parent, "dangling");
    CHECK(symlink("no-such-target", out) == 0);
    refused("dangling link", parent, out, NULL, ST_INPUT, "symbolic link");
}

/* A folder that holds an input of the run, by any name, is refused: the
 * input itself, a hard link to it, a link to it, the input folder, or a
 * folder above it. */
static void test_inputs(void)
{
    char parent[4096], out[4096], cyc[4096], file[4096], other[4096], names[4096];
    inputset in;
    fresh(parent, sizeof(parent), "inputs");
    testkit_path(out, sizeof(out), parent, "out");
    testkit_path(cyc, sizeof(cyc), parent, "cycle");
    earlier(out, 0);
    mkdir(cyc, 0777);
    testkit_write(cyc, "students.csv", "id\n");
    testkit_write(out, "assignments.csv", "student\n");
    /* verify OUT/assignments.csv -o OUT */
    inputset_init(&in);
    testkit_path(file, sizeof(file), out, "assignments.csv");
    inputset_add(&in, file);
    refused("the file audited", parent, out, &in, ST_INPUT,
            "it holds '" /* the path as given */);
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv assignments.csv summary.csv");
    inputset_release(&in);
    /* a hard link of a cycle file in OUT */
    inputset_init(&in);
    inputset_add(&in, cyc);
    testkit_path(file, sizeof(file), cyc, "students.csv");
    testkit_path(other, sizeof(other), out, "copy.csv");
    CHECK(link(file, other) == 0);
    refused("a hard link of an input", parent, out, &in, ST_INPUT, "an input of this run");
    unlink(other);
    CHECK(symlink(file, other) == 0);
    refused("a link to an input", parent, out, &in, ST_INPUT, "an input of this run");
    unlink(other);
    /* the cycle folder itself, with a summary.csv; then through a link */
    testkit_write(cyc, "summary.csv", "x\n");
    refused("the cycle folder", parent, cyc, &in, ST_INPUT, "it is '");
    testkit_path(other, sizeof(other), parent, "cycle-link");
    CHECK(symlink("cycle", other) == 0);
    refused("a link to the cycle folder", parent, other, &in, ST_INPUT, "an input of this run");
    /* a folder above the cycle folder */
    testkit_path(other, sizeof(other), out, "nested");
    CHECK(rename(cyc, other) == 0);
    inputset_release(&in);
    inputset_init(&in);
    inputset_add(&in, other);
    refused("a folder above the cycle", parent, out, &in, ST_INPUT, "it holds '");
    inputset_release(&in);
}

/* A trailing slash names the same folder; so does a link to it. */
static void test_names(void)
{
    char parent[4096], out[4096], names[4096], link[4096], buf[64];
    diag d;
    fresh(parent, sizeof(parent), "slash");
    testkit_path(out, sizeof(out), parent, "out/");
    diag_init(&d);
    CHECK(write_new(out, &d) == ST_OK);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    testkit_path(link, sizeof(link), parent, "latest");
    testkit_path(out, sizeof(out), parent, "out");
    CHECK(symlink("out", link) == 0);
    testkit_write(out, "summary.csv", "changed\n");
    CHECK(write_new(link, &d) == ST_OK);
    slurp(out, "summary.csv", buf, sizeof(buf));
    CHECK_STR(buf, "new\n");
    list(parent, names, sizeof(names));
    CHECK_STR(names, "latest out");
    CHECK(outdir_same(out, link) == 0); /* names, not what they lead to */
    testkit_path(link, sizeof(link), parent, "./out/");
    CHECK(outdir_same(out, link) == 1);
    testkit_path(link, sizeof(link), parent, "missing/../out");
    CHECK(outdir_same(out, link) == 0);
    testkit_path(link, sizeof(link), parent, "other");
    CHECK(outdir_same(out, link) == 0);
    diag_release(&d);
}

/* A writer that takes a file name: it writes at outdir_tmp_path, and
 * outdir_place renames that into place; a missing file or a folder there
 * is an error that places nothing. outdir_count and outdir_name list what
 * was placed, in order, once each. */
static void test_place_by_name(void)
{
    char parent[4096], out[4096], names[4096];
    diag d;
    outdir *o = NULL;
    char *tmp;
    FILE *f;
    fresh(parent, sizeof(parent), "place");
    testkit_path(out, sizeof(out), parent, "out");
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(outdir_count(o) == 0);
    CHECK(put(o, "summary.csv", "metric,value\n", &d) == ST_OK);
    tmp = outdir_tmp_path(o, "book.xlsx");
    CHECK(strncmp(tmp, outdir_folder(o), strlen(outdir_folder(o))) == 0);
    f = fopen(tmp, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs("PK", f);
        fclose(f);
    }
    free(tmp);
    CHECK(outdir_place(o, "book.xlsx", &d) == ST_OK && d.errors == 0);
    /* nothing written under that name: an error, nothing placed */
    CHECK(outdir_place(o, "missing.xlsx", &d) == ST_IO && d.errors == 1 &&
          strstr(first_msg(&d), "was not written"));
    tmp = outdir_tmp_path(o, "dir.xlsx");
    CHECK(mkdir(tmp, 0777) == 0);
    CHECK(outdir_place(o, "dir.xlsx", &d) == ST_IO && d.errors == 2);
    rmdir(tmp);
    free(tmp);
    CHECK(put(o, "summary.csv", "metric,value\nagain,1\n", &d) == ST_OK);
    CHECK(outdir_count(o) == 2);
    if (outdir_count(o) == 2) {
        CHECK_STR(outdir_name(o, 0), "summary.csv");
        CHECK_STR(outdir_name(o, 1), "book.xlsx");
    }
    d.errors = 0;
    CHECK(outdir_commit(o, &d) == ST_OK);
    list(out, names, sizeof(names));
    CHECK_STR(names, "book.xlsx summary.csv");
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    diag_release(&d);
}

/* One writer at a time: a second begin on the same folder is refused at
 * once, and works again when the first is done. */
static void test_lock(void)
{
    char parent[4096], out[4096], names[4096];
    diag d;
    outdir *o1 = NULL, *o2 = NULL;
    fresh(parent, sizeof(parent), "lock");
    testkit_path(out, sizeof(out), parent, "out");
    earlier(out, 0);
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o1) == ST_OK && o1);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o2) == ST_IO && !o2 && d.errors == 1 &&
          strstr(first_msg(&d), "another placement run is writing this folder"));
    outdir_abort(o1);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    d.errors = 0;
    CHECK(outdir_begin(out, &kind, NULL, &d, &o2) == ST_OK && o2);
    outdir_abort(o2);
    diag_release(&d);
}

/* What a killed run left beside the folder is removed by the next run,
 * which says so; user files in it are moved into the folder, never
 * deleted. An earlier folder left aside by a run killed between its two
 * renames is put back. */
static void test_stale(void)
{
    char parent[4096], out[4096], names[4096], dir[4096], buf[64];
    diag d;
    outdir *o = NULL;
    fresh(parent, sizeof(parent), "stale");
    testkit_path(out, sizeof(out), parent, "out");
    earlier(out, 0);
    testkit_path(dir, sizeof(dir), parent, ".out.tmp-Ab12Cd");
    mkdir(dir, 0777);
    testkit_write(dir, "a.csv", "half\n");
    testkit_write(dir, ".summary.csv.tmp", "half\n");
    testkit_path(dir, sizeof(dir), parent, ".out.old-Zz99zz");
    mkdir(dir, 0777);
    testkit_write(dir, "summary.csv", "older\n");
    testkit_write(dir, "letter.txt", "a user's\n");
    testkit_path(dir, sizeof(dir), parent, "out.tmp-q1w2e3"); /* an earlier version's */
    mkdir(dir, 0777);
    testkit_write(dir, "summary.csv", "older\n");
    testkit_path(dir, sizeof(dir), parent, ".out.tmp-notmine"); /* not a mkdtemp name */
    mkdir(dir, 0777);
    testkit_path(dir, sizeof(dir), parent, ".other.tmp-Ab12Cd"); /* another folder's */
    mkdir(dir, 0777);
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o) == ST_OK && o);
    if (o)
        outdir_abort(o);
    list(parent, names, sizeof(names));
    CHECK_STR(names, ".other.tmp-Ab12Cd .out.tmp-notmine out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv letter.txt summary.csv");
    slurp(out, "summary.csv", buf, sizeof(buf));
    CHECK_STR(buf, "old\n");
    CHECK(d.errors == 0 && d.warnings == 3 && said(&d, "left by a run that was stopped"));
    diag_release(&d);

    /* no folder, the earlier one aside: put back */
    fresh(parent, sizeof(parent), "stale-aside");
    testkit_path(out, sizeof(out), parent, "out");
    testkit_path(dir, sizeof(dir), parent, ".out.old-Xy12Zw");
    earlier(dir, 1);
    testkit_path(dir, sizeof(dir), parent, ".out.tmp-Xy12Zw");
    mkdir(dir, 0777);
    testkit_write(dir, "summary.csv", "new\n");
    diag_init(&d);
    CHECK(outdir_begin(out, &kind, NULL, &d, &o) == ST_OK && o);
    if (o)
        outdir_abort(o);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "a.csv notes.txt summary.csv");
    slurp(out, "summary.csv", buf, sizeof(buf));
    CHECK_STR(buf, "old\n");
    CHECK(said(&d, "put back the earlier results"));
    diag_release(&d);
}

/* The child's outdir, kept reachable so that a leak checker at exit does
 * not report it. */
static outdir *child_o;

/* Runs one writer of write_new in a child with PLACEMENT_TEST_STOP_AT=step
 * (and PLACEMENT_TEST_NO_EXCHANGE=1 when no_exchange); returns its wait
 * status. The child's stderr goes to err. */
static int child_writer(const char *out, int step, int no_exchange, const char *err)
{
    int wstatus = -1;
    pid_t pid;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char n[16];
        diag d;
        int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0)
            dup2(fd, 2);
        snprintf(n, sizeof(n), "%d", step);
        setenv("PLACEMENT_TEST_STOP_AT", n, 1);
        if (no_exchange)
            setenv("PLACEMENT_TEST_NO_EXCHANGE", "1", 1);
        diag_init(&d);
        _exit(write_new(out, &d) == ST_OK ? 0 : 1);
    }
    waitpid(pid, &wstatus, 0);
    return wstatus;
}

/* A kill (SIGKILL, no clean-up at all) at every step of begin and commit,
 * replacing an earlier folder with a user's file in it, with and without
 * RENAME_EXCHANGE: afterwards the folder is the earlier one or the new
 * one, with the user's file (without RENAME_EXCHANGE, between its two
 * renames, there is no folder until the next run puts the earlier one
 * back); the next run cleans up, and nothing is left beside the folder. */
static void test_kill_at_each_step(void)
{
    char parent[4096], out[4096], names[4096], buf[64], err[4096];
    for (int no_exchange = 0; no_exchange < 2; no_exchange++) {
        int killed = 0, finished = 0;
        for (int step = 1; step <= 11; step++) {
            int ws;
            diag d;
            fresh(parent, sizeof(parent), "kill");
            testkit_path(out, sizeof(out), parent, "out");
            testkit_path(err, sizeof(err), root, "kill.err");
            earlier(out, 1);
            ws = child_writer(out, step, no_exchange, err);
            if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0) {
                finished++; /* no such step on this path */
            } else if (!CHECK(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL)) {
                printf("  step %d%s: wait status %d\n", step, no_exchange ? " (no exchange)" : "",
                       ws);
                continue;
            } else {
                killed++;
            }
            slurp(out, "summary.csv", buf, sizeof(buf));
            if (!(no_exchange && step == 7)) {
                if (!CHECK(strcmp(buf, "old\n") == 0 || strcmp(buf, "new\n") == 0))
                    printf("  step %d%s: summary.csv '%s'\n", step,
                           no_exchange ? " (no exchange)" : "", buf);
                slurp(out, "notes.txt", buf, sizeof(buf));
                if (!CHECK_STR(buf, "mine\n"))
                    printf("  step %d%s: notes.txt\n", step, no_exchange ? " (no exchange)" : "");
            } else {
                CHECK(!exists(out)); /* the documented gap without RENAME_EXCHANGE */
            }
            /* the next run: the new results, the user's file, nothing beside */
            diag_init(&d);
            CHECK(write_new(out, &d) == ST_OK);
            diag_release(&d);
            list(parent, names, sizeof(names));
            if (!CHECK_STR(names, "out"))
                printf("  step %d%s\n", step, no_exchange ? " (no exchange)" : "");
            list(out, names, sizeof(names));
            if (!CHECK_STR(names, "a.csv notes.txt summary.csv"))
                printf("  step %d%s\n", step, no_exchange ? " (no exchange)" : "");
        }
        if (!CHECK(finished == (no_exchange ? 1 : 2) && killed == (no_exchange ? 10 : 9)))
            printf("  %d killed, %d finished%s\n", killed, finished,
                   no_exchange ? " (no exchange)" : "");
    }
}

/* SIGTERM while the files are written is put off to the next outdir call,
 * which removes the temporary folder and the lock and ends the process by
 * that signal with "interrupted, nothing ..."; before the first file,
 * the handler itself cleans up. The earlier folder stays as it was. */
static void test_signals(void)
{
    char parent[4096], out[4096], names[4096], err[4096], line[256];
    for (int when = 0; when < 2; when++) {
        int wstatus = -1;
        pid_t pid;
        fresh(parent, sizeof(parent), "signal");
        testkit_path(out, sizeof(out), parent, "out");
        testkit_path(err, sizeof(err), root, "signal.err");
        earlier(out, 1);
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            diag d;
            int fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
            if (fd >= 0)
                dup2(fd, 2);
            diag_init(&d);
            if (outdir_begin(out, &kind, NULL, &d, &child_o) != ST_OK)
                _exit(2);
            if (when == 1 && put(child_o, "a.csv", "new a\n", &d) != ST_OK)
                _exit(2);
            raise(SIGTERM);
            put(child_o, "summary.csv", "new\n", &d);
            _exit(3); /* not reached */
        }
        CHECK(pid > 0 && waitpid(pid, &wstatus, 0) == pid);
        if (!CHECK(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGTERM))
            printf("  (%s) wait status %d\n", when ? "while writing" : "before", wstatus);
        list(parent, names, sizeof(names));
        CHECK_STR(names, "out");
        list(out, names, sizeof(names));
        CHECK_STR(names, "a.csv notes.txt summary.csv");
        /* "nothing more written (written before: ...)" here: this process
           has committed folders of earlier checks */
        testkit_first_line(err, line, sizeof(line));
        if (!CHECK(strncmp(line, "interrupted, nothing ", 21) == 0))
            printf("  (%s) stderr: '%s'\n", when ? "while writing" : "before", line);
    }
}

/* A process that ends between begin and commit (as "fatal: out of memory"
 * does, through exit) leaves no temporary folder and no lock behind. */
static void test_exit_without_commit(void)
{
    char parent[4096], out[4096], names[4096];
    int wstatus = -1;
    pid_t pid;
    fresh(parent, sizeof(parent), "exit");
    testkit_path(out, sizeof(out), parent, "out");
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        diag d;
        status rc;
        diag_init(&d);
        rc = outdir_begin(out, &kind, NULL, &d, &child_o);
        if (rc == ST_OK)
            rc = put(child_o, "a.csv", "a\n", &d);
        diag_release(&d);
        if (rc != ST_OK)
            _exit(2);
        exit(1);
    }
    CHECK(pid > 0 && waitpid(pid, &wstatus, 0) == pid);
    CHECK(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 1);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "");
}

/* outfile: refused on an input, a folder or a missing folder; written
 * under a temporary name renamed into place; nothing written: nothing
 * renamed, nothing left. */
static void test_outfile(void)
{
    char parent[4096], path[4096], names[4096], buf[64];
    inputset in;
    outfile *f = NULL;
    diag d;
    FILE *fp;
    fresh(parent, sizeof(parent), "outfile");
    testkit_write(parent, "students.csv", "id\n");
    testkit_write(parent, "model.lp", "old\n");
    testkit_path(path, sizeof(path), parent, "students.csv");
    inputset_init(&in);
    inputset_add(&in, path);
    diag_init(&d);
    CHECK(outfile_begin(path, &in, &d, &f) == ST_INPUT && !f &&
          strstr(first_msg(&d), "an input of this run"));
    CHECK(outfile_begin(parent, &in, &d, &f) == ST_INPUT && !f);
    testkit_path(path, sizeof(path), parent, "none/model.lp");
    CHECK(outfile_begin(path, &in, &d, &f) == ST_INPUT && !f);
    testkit_path(path, sizeof(path), parent, "model.lp");
    CHECK(outfile_begin(path, &in, &d, &f) == ST_OK && f);
    if (f) {
        fp = fopen(outfile_tmp_path(f), "wb");
        if (fp) {
            fputs("new\n", fp);
            fclose(fp);
        }
        slurp(parent, "model.lp", buf, sizeof(buf));
        CHECK_STR(buf, "old\n");
        CHECK(outfile_finish(f, &d) == ST_OK);
    }
    slurp(parent, "model.lp", buf, sizeof(buf));
    CHECK_STR(buf, "new\n");
    f = NULL;
    CHECK(outfile_begin(path, &in, &d, &f) == ST_OK && f);
    if (f)
        CHECK(outfile_finish(f, &d) == ST_OK); /* nothing written */
    f = NULL;
    CHECK(outfile_begin(path, &in, &d, &f) == ST_OK && f);
    outfile_abort(f);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "model.lp students.csv");
    slurp(parent, "model.lp", buf, sizeof(buf));
    CHECK_STR(buf, "new\n");
    inputset_release(&in);
    diag_release(&d);
}

int main(void)
{
    testkit_set_name("test_outdir");
    testkit_tmpdir(root, sizeof(root), "test_outdir");
    test_new_folder();
    test_abort();
    test_replace();
    test_replace_aborted();
    test_foreign();
    test_umask();
    test_refused();
    test_inputs();
    test_names();
    test_place_by_name();
    test_lock();
    test_stale();
    test_kill_at_each_step();
    test_signals();
    test_exit_without_commit();
    test_outfile();
    testkit_rm_tree(root);
    return harness_finish("outdir");
}
