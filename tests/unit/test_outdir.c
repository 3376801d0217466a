/* test_outdir.c - result folders appear whole or not at all: nothing at
 * the target until the commit, every file there after it, no temporary
 * name left in the parent folder after a commit, an abort or an exit
 * without either; an earlier results folder is replaced whole; a target
 * that is not an earlier results folder, or whose parent is missing, is
 * refused before anything is written. A file written by name
 * (outdir_tmp_path, outdir_place) is placed like one written through a
 * FILE *; the names placed are listed in order. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "outdir.h"
#include "testkit.h"

static char root[4096];

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
    return stat(path, &st) == 0;
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

static void test_new_folder(void)
{
    char parent[4096], out[4096], names[4096];
    diag d;
    outdir *o = NULL;
    fresh(parent, sizeof(parent), "new");
    testkit_path(out, sizeof(out), parent, "out");
    diag_init(&d);
    CHECK(outdir_check(out, &d) == ST_OK);
    list(parent, names, sizeof(names));
    CHECK_STR(names, ""); /* a check writes nothing */
    CHECK(outdir_begin(out, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "a.csv", "a\n", &d) == ST_OK);
    CHECK(put(o, "b.csv", "b\n", &d) == ST_OK);
    /* a file that cannot be created: NULL and an error */
    CHECK(outdir_open(o, "no-such-folder/c.csv", &d) == NULL && d.errors == 1);
    d.errors = 0;
    /* before the commit: nothing at the target, one temporary sibling */
    CHECK(!exists(out));
    list(parent, names, sizeof(names));
    CHECK(strncmp(names, "out.tmp-", 8) == 0 && !strchr(names, ' '));
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
    CHECK(outdir_begin(out, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "a.csv", "a\n", &d) == ST_OK);
    outdir_abort(o);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "");
    outdir_abort(NULL); /* allowed, does nothing */
    diag_release(&d);
}

/* An earlier results folder (it holds summary.csv) is replaced whole: its
 * other files go, and no ".old" copy is left beside it. */
static void test_replace(void)
{
    char parent[4096], out[4096], names[4096], buf[64];
    diag d;
    outdir *o = NULL;
    FILE *f;
    fresh(parent, sizeof(parent), "replace");
    testkit_path(out, sizeof(out), parent, "out");
    mkdir(out, 0777);
    testkit_write(out, "summary.csv", "metric,value\nold,1\n");
    testkit_write(out, "stale.csv", "x\n");
    diag_init(&d);
    CHECK(outdir_begin(out, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "summary.csv", "metric,value\nnew,1\n", &d) == ST_OK);
    /* until the commit the earlier results stay as they were */
    list(out, names, sizeof(names));
    CHECK_STR(names, "stale.csv summary.csv");
    CHECK(outdir_commit(o, &d) == ST_OK);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "summary.csv");
    testkit_path(names, sizeof(names), out, "summary.csv");
    f = fopen(names, "rb");
    buf[0] = '\0';
    if (f) {
        size_t n = fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    CHECK_STR(buf, "metric,value\nnew,1\n");
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
    mkdir(out, 0777);
    testkit_write(out, "summary.csv", "metric,value\n");
    diag_init(&d);
    CHECK(outdir_begin(out, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "summary.csv", "metric,value\nnew,1\n", &d) == ST_OK);
    outdir_abort(o);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
    list(out, names, sizeof(names));
    CHECK_STR(names, "summary.csv");
    diag_release(&d);
}

/* check and begin refuse the target with ST_INPUT and one error that
 * names it, write nothing and leave what is there as it was. */
static void refused(const char *what, const char *parent, const char *out, const char *want_in_msg)
{
    char before[4096], after[4096];
    diag d;
    outdir *o = NULL;
    list(parent, before, sizeof(before));
    diag_init(&d);
    if (!CHECK(outdir_check(out, &d) == ST_INPUT))
        printf("  (%s)\n", what);
    if (!CHECK(d.errors == 1 && d.msgs[0].file && strcmp(d.msgs[0].file, out) == 0 &&
               strstr(first_msg(&d), want_in_msg)))
        printf("  (%s) message: '%s'\n", what, first_msg(&d));
    diag_release(&d);
    diag_init(&d);
    CHECK(outdir_begin(out, &d, &o) == ST_INPUT);
    list(parent, after, sizeof(after));
    if (!CHECK_STR(after, before))
        printf("  (%s)\n", what);
    diag_release(&d);
}

static void test_refused(void)
{
    char parent[4096], out[4096], names[4096];
    fresh(parent, sizeof(parent), "refuse");
    /* a folder with other files, and an empty one: never replaced */
    testkit_path(out, sizeof(out), parent, "mine");
    mkdir(out, 0777);
    testkit_write(out, "thesis.tex", "keep me\n");
    refused("folder without summary.csv", parent, out, "does not hold an earlier summary.csv");
    list(out, names, sizeof(names));
    CHECK_STR(names, "thesis.tex");
    testkit_path(out, sizeof(out), parent, "empty");
    mkdir(out, 0777);
    refused("empty folder", parent, out, "does not hold an earlier summary.csv");
    /* a file */
    testkit_path(out, sizeof(out), parent, "file.csv");
    testkit_write(parent, "file.csv", "x\n");
    refused("a file", parent, out, "it exists and is not a folder");
    /* a missing parent folder is not created */
    testkit_path(out, sizeof(out), parent, "no-such-folder/out");
    refused("missing parent", parent, out, "does not exist");
}

/* A trailing slash names the same folder. */
static void test_trailing_slash(void)
{
    char parent[4096], out[4096], names[4096];
    diag d;
    outdir *o = NULL;
    fresh(parent, sizeof(parent), "slash");
    testkit_path(out, sizeof(out), parent, "out/");
    diag_init(&d);
    CHECK(outdir_begin(out, &d, &o) == ST_OK && o);
    if (!o)
        return;
    CHECK(put(o, "summary.csv", "metric,value\n", &d) == ST_OK);
    CHECK(outdir_commit(o, &d) == ST_OK);
    list(parent, names, sizeof(names));
    CHECK_STR(names, "out");
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
    CHECK(outdir_begin(out, &d, &o) == ST_OK && o);
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

/* The child's outdir, kept reachable so that a leak checker at exit does
 * not report it. */
static outdir *child_o;

/* A process that ends between begin and commit (as "fatal: out of memory"
 * does, through exit) leaves no temporary folder behind. */
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
        rc = outdir_begin(out, &d, &child_o);
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

int main(void)
{
    testkit_set_name("test_outdir");
    testkit_tmpdir(root, sizeof(root), "test_outdir");
    test_new_folder();
    test_abort();
    test_replace();
    test_replace_aborted();
    test_refused();
    test_trailing_slash();
    test_place_by_name();
    test_exit_without_commit();
    testkit_rm_tree(root);
    return harness_finish("outdir");
}
