/* test_cycle_files.c - which files of a cycle folder are read (cycle.h):
 * an optional file that is there but cannot be read as a file (a pipe, a
 * folder, a link to nothing, a link loop) is an error at that file, never
 * "absent", and a pipe does not hang the load; a near miss of a file's
 * name is an error naming the right one; another CSV file is a warning
 * (tests/e2e/io.sh runs the same and permission denied). Cases that
 * git can hold are also CLI case folders (tests/e2e/cases/file-*). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cycle.h"
#include "fixture.h"
#include "harness.h"
#include "testkit.h"

/* Loads f's folder again; returns its errors, the messages into buf. */
static size_t reload(const fixture *f, char *buf, size_t len)
{
    diag d;
    cycle *c = NULL;
    size_t errors;
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    diag_init(&d);
    cycle_load(f->dir, &d, &c);
    diag_print(&d, mem, 0);
    fclose(mem);
    snprintf(buf, len, "%s", text ? text : "");
    free(text);
    errors = d.errors;
    if (c)
        cycle_free(c);
    diag_release(&d);
    return errors;
}

static void expect(const char *got, const char *want)
{
    if (!CHECK(strstr(got, want) != NULL))
        printf("  messages: %s\n  wanted: %s\n", got, want);
}

int main(void)
{
    fixture f;
    char path[512], got[4096];
    testkit_set_name("test_cycle_files");
    fixture_load(&f, "programs.csv", "id,capacity\nA,1\n", "students.csv", "id\ns1\n",
                 "preferences.csv", "student,rank,choice\ns1,1,A\n", NULL);
    CHECK(reload(&f, got, sizeof(got)) == 0);

    snprintf(path, sizeof(path), "%s/quotas.csv", f.dir);
    CHECK(mkfifo(path, 0600) == 0);
    CHECK(reload(&f, got, sizeof(got)) == 1);
    expect(got, "quotas.csv: error: is not a regular file (a pipe); it must be a CSV file");
    unlink(path);

    CHECK(symlink("/nonexistent/quotas.csv", path) == 0);
    CHECK(reload(&f, got, sizeof(got)) == 1);
    expect(got, "quotas.csv: error: cannot open: No such file or directory (it is a link to a "
                "file that does not exist)");
    unlink(path);

    CHECK(symlink("quotas.csv", path) == 0);
    CHECK(reload(&f, got, sizeof(got)) == 1);
    expect(got, "quotas.csv: error: cannot open: Too many levels of symbolic links");
    unlink(path);

    CHECK(mkdir(path, 0700) == 0);
    CHECK(reload(&f, got, sizeof(got)) == 1);
    expect(got, "quotas.csv: error: is not a regular file (a folder)");
    rmdir(path);

    /* near misses: case, a letter missing, a letter extra */
    {
        static const char *const miss[][2] = {{"Quotas.csv", "quotas.csv"},
                                              {"override.csv", "overrides.csv"},
                                              {"rankingss.csv", "rankings.csv"},
                                              {"LABS.CSV", "labs.csv"}};
        for (size_t i = 0; i < sizeof(miss) / sizeof(miss[0]); i++) {
            char want[128];
            FILE *fp;
            snprintf(path, sizeof(path), "%s/%s", f.dir, miss[i][0]);
            fp = fopen(path, "w");
            CHECK(fp != NULL);
            if (fp)
                fclose(fp);
            CHECK(reload(&f, got, sizeof(got)) == 1);
            snprintf(want, sizeof(want), "did you mean '%s'?", miss[i][1]);
            expect(got, want);
            unlink(path);
        }
    }
    /* a CSV file of another kind: a warning only */
    snprintf(path, sizeof(path), "%s/notes.csv", f.dir);
    {
        FILE *fp = fopen(path, "w");
        if (fp)
            fclose(fp);
    }
    CHECK(reload(&f, got, sizeof(got)) == 0);
    expect(got, "notes.csv: warning: not a file of the cycle; it is not read");
    unlink(path);
    fixture_release(&f);

    /* the header-only templates coordinators start from read cleanly:
       every column known, no file missing, nothing else to say */
    {
        char top[512];
        const char *src = __FILE__, *cut = strstr(src, "tests/unit/");
        diag d;
        cycle *c = NULL;
        snprintf(top, sizeof(top), "%.*sinputs/templates", cut ? (int)(cut - src) : 0, src);
        diag_init(&d);
        CHECK(cycle_load(top, &d, &c) == ST_OK);
        if (!CHECK(d.errors == 0 && d.warnings == 0))
            diag_print(&d, stdout, 0);
        if (c)
            cycle_free(c);
        diag_release(&d);
    }
    return harness_finish("cycle_files");
}
