/* fuzzdir.c - the fuzz targets' scratch folder and the splitting of an
 * input into a cycle folder's files (format in fuzzdir.h). The folder's
 * path is file-scope state: libFuzzer calls the target with no context. */
#include "fuzzdir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const fuzzdir_encodings[] = {"gb18030", "windows-1252", "latin1", "utf-16", NULL};

static char folder[4096];

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzzdir: cannot %s '%s'\n", what, path);
    exit(1);
}

static void empty_folder(void)
{
    DIR *dir = opendir(folder);
    struct dirent *e;
    char path[4200];
    if (!dir)
        die("open", folder);
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* the fuzzer's names never start with '.' */
        snprintf(path, sizeof(path), "%s/%s", folder, e->d_name);
        if (unlink(path) != 0)
            die("remove", path);
    }
    closedir(dir);
}

static void remove_folder(void)
{
    if (folder[0]) {
        empty_folder();
        rmdir(folder);
    }
}

const char *fuzzdir_path(void)
{
    const char *base;
    if (folder[0])
        return folder;
    base = getenv("FUZZ_TMPDIR");
    if (!base || !*base)
        base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    /* the pid lets tests/fuzz/run.sh remove what a crashed run left */
    snprintf(folder, sizeof(folder), "%s/placement-fuzz-%ld-XXXXXX", base, (long)getpid());
    if (!mkdtemp(folder))
        die("create", folder);
    atexit(remove_folder);
    return folder;
}

static void write_file(const char *name, const uint8_t *buf, size_t len)
{
    char path[4200];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", folder, name);
    f = fopen(path, "wb");
    if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f) != 0)
        die("write", path);
}

void fuzzdir_write_one(const char *name, const uint8_t *buf, size_t len)
{
    fuzzdir_path();
    empty_folder();
    write_file(name, buf, len);
}

static int name_ok(const uint8_t *s, size_t n)
{
    if (n == 0 || n > 32 || s[0] == '.')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= 'A' && s[i] <= 'Z') &&
            !(s[i] >= '0' && s[i] <= '9') && s[i] != '.' && s[i] != '_' && s[i] != '-')
            return 0;
    return 1;
}

/* The encoding that the bytes of an "encoding" piece name, or NULL. */
static const char *encoding_named(const uint8_t *s, size_t n)
{
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        n--;
    while (n && s[0] == ' ') {
        s++;
        n--;
    }
    for (int i = 0; fuzzdir_encodings[i]; i++)
        if (strlen(fuzzdir_encodings[i]) == n && memcmp(fuzzdir_encodings[i], s, n) == 0)
            return fuzzdir_encodings[i];
    return NULL;
}

/* The first mark at or after data[from], or size. A run of '%' is
 * counted as it goes: no memcmp, which libFuzzer intercepts and traces. */
static size_t next_mark(const uint8_t *data, size_t size, size_t from)
{
    size_t m = sizeof(FUZZDIR_MARK) - 1, run = 0;
    for (size_t i = from; i < size; i++) {
        run = data[i] == '%' ? run + 1 : 0;
        if (run == m)
            return i + 1 - m;
    }
    return size;
}

const char *fuzzdir_unpack(const uint8_t *data, size_t size)
{
    const char *encoding = NULL;
    size_t m = sizeof(FUZZDIR_MARK) - 1, at = next_mark(data, size, 0);
    int files = 0;
    fuzzdir_path();
    empty_folder();
    while (at < size) {
        size_t start = at + m, end = next_mark(data, size, start), eol = start;
        char name[33];
        while (eol < end && data[eol] != '\n')
            eol++;
        at = end;
        if (!name_ok(data + start, eol - start) || files >= FUZZDIR_MAX_FILES)
            continue;
        memcpy(name, data + start, eol - start);
        name[eol - start] = '\0';
        eol = eol < end ? eol + 1 : end; /* the file starts after the newline */
        if (strcmp(name, "encoding") == 0) {
            encoding = encoding_named(data + eol, end - eol);
            continue;
        }
        write_file(name, data + eol, end - eol);
        files++;
    }
    return encoding;
}
