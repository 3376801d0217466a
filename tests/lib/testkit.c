/* testkit.c - the plumbing of tests/lib/testkit.h: fatal allocation and path
 * helpers, temporary folders and files, folder removal, the engine as a child process with a time
 * limit, the libcsv table reader and the failure-message buffer. */
#include "testkit.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *progname = "testkit";

void testkit_set_name(const char *name)
{
    progname = name;
}

void *testkit_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", progname);
        exit(1);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", progname);
        exit(1);
    }
    return p;
}

void testkit_path(char *out, size_t len, const char *dir, const char *name)
{
    int n = snprintf(out, len, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= len) {
        fprintf(stderr, "%s: path too long\n", progname);
        exit(1);
    }
}

long testkit_env_count(const char *var, long dflt)
{
    const char *v = getenv(var);
    char *end;
    long n;
    if (!v || !*v)
        return dflt;
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-' || v[0] == '+' || n > 1000000000L) {
        fprintf(stderr, "%s: %s '%s' is not a whole number\n", progname, var, v);
        exit(2);
    }
    return n;
}

void testkit_tmpdir(char *out, size_t len, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    int n = snprintf(out, len, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    if (n < 0 || (size_t)n >= len) {
        fprintf(stderr, "%s: path too long\n", progname);
        exit(1);
    }
    if (!mkdtemp(out)) {
        fprintf(stderr, "%s: mkdtemp '%s': %s\n", progname, out, strerror(errno));
        exit(1);
    }
}

void testkit_write(const char *dir, const char *name, const char *text)
{
    char path[4096];
    FILE *f;
    int bad;
    testkit_path(path, sizeof(path), dir, name);
    f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "%s: cannot write '%s': %s\n", progname, path, strerror(errno));
        exit(1);
    }
    bad = fputs(text, f) == EOF;
    if (fclose(f) != 0 || bad) {
        fprintf(stderr, "%s: write error on '%s'\n", progname, path);
        exit(1);
    }
}

void testkit_write_files(const char *dir, const char *const *files)
{
    for (; files[0]; files += 2)
        testkit_write(dir, files[0], files[1]);
}

void testkit_rm_tree(const char *path)
{
    struct stat sb;
    DIR *d;
    struct dirent *e;
    if (lstat(path, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(path);
        return;
    }
    d = opendir(path);
    while (d && (e = readdir(d)) != NULL) {
        char sub[4096];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) < (int)sizeof(sub))
            testkit_rm_tree(sub);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

int testkit_run(char *const argv[], const char *out_path, const char *err_path, unsigned seconds)
{
    int status;
    pid_t pid;
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s: fork: %s\n", progname, strerror(errno));
        exit(1);
    }
    if (pid == 0) {
        int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
            _exit(126);
        close(fo);
        close(fe);
        alarm(seconds);
        execv(argv[0], argv);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "%s: waitpid: %s\n", progname, strerror(errno));
            exit(1);
        }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

void testkit_first_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "rb");
    buf[0] = '\0';
    if (!f)
        return;
    if (fgets(buf, (int)len, f))
        buf[strcspn(buf, "\r\n")] = '\0';
    fclose(f);
}

/* ---- testkit_table: libcsv callbacks ---- */

static void on_field(void *s, size_t len, void *data)
{
    testkit_table *t = data;
    char *f = xrealloc(NULL, len + 1);
    if (len)
        memcpy(f, s, len);
    f[len] = '\0';
    if (t->ncur >= t->capcur) {
        t->capcur = t->capcur ? 2 * t->capcur : 8;
        t->cur = xrealloc(t->cur, (size_t)t->capcur * sizeof(char *));
    }
    t->cur[t->ncur++] = f;
}

static void on_row(int c, void *data)
{
    testkit_table *t = data;
    (void)c;
    if (t->nrows >= t->cap) {
        t->cap = t->cap ? 2 * t->cap : 16;
        t->rows = xrealloc(t->rows, (size_t)t->cap * sizeof(char **));
        t->nfields = xrealloc(t->nfields, (size_t)t->cap * sizeof(int));
    }
    t->rows[t->nrows] = t->cur;
    t->nfields[t->nrows++] = t->ncur;
    t->cur = NULL;
    t->ncur = t->capcur = 0;
}

void testkit_table_release(testkit_table *t)
{
    for (int i = 0; i < t->nrows; i++) {
        for (int j = 0; j < t->nfields[i]; j++)
            free(t->rows[i][j]);
        free(t->rows[i]);
    }
    for (int j = 0; j < t->ncur; j++)
        free(t->cur[j]);
    free(t->cur);
    free(t->rows);
    free(t->nfields);
    memset(t, 0, sizeof(*t));
}

int testkit_table_read(const char *dir, const char *name, testkit_table *t)
{
    struct csv_parser p;
    char buf[8192], path[4096];
    size_t n;
    int rc = 0;
    FILE *f;
    memset(t, 0, sizeof(*t));
    testkit_path(path, sizeof(path), dir, name);
    f = fopen(path, "rb");
    if (!f)
        return -1;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fclose(f);
        return -1;
    }
    while (rc == 0 && (n = fread(buf, 1, sizeof(buf), f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, t) != n)
            rc = -1;
    if (ferror(f))
        rc = -1;
    if (rc == 0 && csv_fini(&p, on_field, on_row, t) != 0)
        rc = -1;
    csv_free(&p);
    fclose(f);
    return rc;
}

/* ---- testkit_msg ---- */

void testkit_msg_init(testkit_msg *m, char *buf, size_t cap)
{
    m->text = buf;
    m->cap = cap;
    m->len = 0;
    buf[0] = '\0';
}

void testkit_say(testkit_msg *m, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (m->len + 3 >= m->cap)
        return;
    if (m->len) {
        memcpy(m->text + m->len, "; ", 3);
        m->len += 2;
    }
    va_start(ap, fmt);
    n = vsnprintf(m->text + m->len, m->cap - m->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        m->len += (size_t)n < m->cap - m->len ? (size_t)n : m->cap - m->len - 1;
}
