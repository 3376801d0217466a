/* inputset.h - the files and folders a run reads, by device and inode, so
 * that no output location holds one of them (SPEC §6): a link, a second
 * name or a "." in a path does not hide an input. The caller owns the set;
 * inputset_release frees it. */
#ifndef INPUTSET_H
#define INPUTSET_H

#include <stddef.h>
#include <sys/stat.h>

typedef struct inputset_entry {
    dev_t dev;
    ino_t ino;
    int is_dir;
    int walk;   /* whether inputset_inside walks up from it (not from the
                   files of a folder added whole: their folder is walked) */
    char *path; /* as given (a folder's file: FOLDER/NAME) */
} inputset_entry;

typedef struct inputset {
    inputset_entry *v;
    size_t n, cap;
} inputset;

void inputset_init(inputset *in);
void inputset_release(inputset *in);
/* Adds path (links followed): a file, or a folder with every entry in it
 * (the cycle folder: its files are read, or may be). A path that cannot be
 * stat'ed is left out: the reader reports it. */
void inputset_add(inputset *in, const char *path);
/* The input that is the file *st (same device and inode), or NULL. */
const char *inputset_find(const inputset *in, const struct stat *st);
/* An input that lies within the folder *dir (the folder itself, or below
 * it, judged by the physical parents of each input's folder), or NULL. */
const char *inputset_inside(const inputset *in, const struct stat *dir);

#endif
