/* inputset.c - the inputs of a run by device and inode. */
#include "inputset.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "strbuf.h"

void inputset_init(inputset *in)
{
    memset(in, 0, sizeof(*in));
}

void inputset_release(inputset *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->v[i].path);
    free(in->v);
    memset(in, 0, sizeof(*in));
}

static void add_one(inputset *in, const char *path, const struct stat *st, int walk)
{
    MEM_GROW(in->v, in->n, in->cap);
    in->v[in->n].dev = st->st_dev;
    in->v[in->n].ino = st->st_ino;
    in->v[in->n].is_dir = S_ISDIR(st->st_mode);
    in->v[in->n].walk = walk;
    in->v[in->n].path = mem_strdup(path);
    in->n++;
}

void inputset_add(inputset *in, const char *path)
{
    struct stat st;
    DIR *dp;
    struct dirent *e;
    if (stat(path, &st) != 0)
        return;
    add_one(in, path, &st, 1);
    if (!S_ISDIR(st.st_mode) || !(dp = opendir(path)))
        return;
    while ((e = readdir(dp)) != NULL) {
        strbuf sb;
        struct stat fst;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        strbuf_init(&sb);
        strbuf_addf(&sb, "%s/%s", path, e->d_name);
        if (stat(sb.buf, &fst) == 0 && !S_ISDIR(fst.st_mode))
            add_one(in, sb.buf, &fst, 0);
        strbuf_release(&sb);
    }
    closedir(dp);
}

static int same(const struct stat *a, dev_t dev, ino_t ino)
{
    return a->st_dev == dev && a->st_ino == ino;
}

const char *inputset_find(const inputset *in, const struct stat *st)
{
    for (size_t i = 0; i < in->n; i++)
        if (same(st, in->v[i].dev, in->v[i].ino))
            return in->v[i].path;
    return NULL;
}

/* Whether dir is the folder start or one above it: start, start/..,
 * start/../.., ... up to the root (".." is the physical parent). */
static int walks_into(const char *start, const struct stat *dir)
{
    strbuf up;
    struct stat st, above;
    int found = 0;
    strbuf_init(&up);
    strbuf_adds(&up, start);
    for (int depth = 0; depth < 4096 && stat(up.buf, &st) == 0; depth++) {
        if (same(dir, st.st_dev, st.st_ino)) {
            found = 1;
            break;
        }
        strbuf_adds(&up, "/..");
        if (stat(up.buf, &above) != 0 || same(&above, st.st_dev, st.st_ino))
            break; /* the root */
    }
    strbuf_release(&up);
    return found;
}

const char *inputset_inside(const inputset *in, const struct stat *dir)
{
    for (size_t i = 0; i < in->n; i++) {
        const inputset_entry *e = &in->v[i];
        int found;
        if (same(dir, e->dev, e->ino))
            return e->path;
        if (!e->walk)
            continue;
        if (e->is_dir) {
            found = walks_into(e->path, dir);
        } else {
            /* the folder the file is in */
            const char *slash = strrchr(e->path, '/');
            char *folder = slash ? mem_strdup(e->path) : mem_strdup(".");
            if (slash) /* "/x": the root */
                folder[slash == e->path ? 1 : (size_t)(slash - e->path)] = '\0';
            found = walks_into(folder, dir);
            free(folder);
        }
        if (found)
            return e->path;
    }
    return NULL;
}
