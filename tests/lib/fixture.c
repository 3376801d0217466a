/* fixture.c - temporary cycle folders for the module tests (fixture.h). */
#include "fixture.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testkit.h"

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fixture: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void make_dir(fixture *f)
{
    memset(f, 0, sizeof(*f));
    diag_init(&f->d);
    testkit_tmpdir(f->dir, sizeof(f->dir), "unit");
}

static void load(fixture *f)
{
    if (cycle_load(f->dir, &f->d, &f->c) != ST_OK) {
        diag_print(&f->d, stderr, 0);
        die("the cycle does not load", f->dir);
    }
    f->a = admit_build(f->c, &f->d);
}

void fixture_load(fixture *f, const char *name, ...)
{
    va_list ap;
    make_dir(f);
    va_start(ap, name);
    for (const char *n = name; n; n = va_arg(ap, const char *)) {
        const char *text = va_arg(ap, const char *);
        char path[512];
        FILE *out;
        testkit_path(path, sizeof(path), f->dir, n);
        out = fopen(path, "wb");
        if (!out || fputs(text, out) == EOF || fclose(out) != 0)
            die("cannot write", path);
    }
    va_end(ap);
    load(f);
}

void fixture_load_gen(fixture *f, const gencycle *g)
{
    gencycle_style style;
    char err[256];
    make_dir(f);
    gencycle_style_init(&style);
    if (gencycle_write(g, f->dir, &style, err, sizeof(err)) != 0)
        die("cannot write the generated cycle", err);
    load(f);
}

void fixture_release(fixture *f)
{
    admit_free(f->a);
    if (f->c)
        cycle_free(f->c);
    diag_release(&f->d);
    if (f->dir[0])
        testkit_rm_tree(f->dir);
    memset(f, 0, sizeof(*f));
}

int fixture_student(const fixture *f, const char *id)
{
    int s = cycle_student_index(f->c, id);
    if (s < 0)
        die("no such student", id);
    return s;
}

int fixture_node(const fixture *f, const char *id)
{
    int n = cycle_node_index(f->c, id);
    if (n < 0)
        die("no such node", id);
    return n;
}

int fixture_leaf(const fixture *f, const char *id)
{
    int leaf = f->c->nodes[fixture_node(f, id)].leaf;
    if (leaf < 0)
        die("not a leaf", id);
    return leaf;
}

const char *fixture_show(const fixture *f, const int *leaf_of, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int s = 0; s < f->c->nstudents && used < len; s++) {
        const char *leaf = leaf_of[s] >= 0 ? f->c->nodes[f->c->leaves[leaf_of[s]]].id : "-";
        int n = snprintf(buf + used, len - used, "%s%s=%s", s ? " " : "", f->c->students[s].id,
                         leaf);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return buf;
}
