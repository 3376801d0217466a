/* tempfile.c - temporary paths removed at exit or on a signal, and the
 * interrupt message. */
#include "tempfile.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SLOTS 16
#define PATH_ROOM 4096
#define MESSAGE_ROOM 1024

/* The signal handler reads this table, so it lives at file scope: a slot
 * is filled with its path before it is marked live, with the signals
 * blocked (block_signals), and the handler only reads it. */
static struct slot {
    volatile sig_atomic_t live;
    enum tempfile_kind kind;
    char path[PATH_ROOM];
} slots[SLOTS];
/* > 0: signals are only recorded, into pending */
static volatile sig_atomic_t deferred;
static volatile sig_atomic_t pending;
/* what an interrupt prints, composed ahead so that the handler only writes */
static char message[MESSAGE_ROOM] = "interrupted, nothing written\n";
static size_t message_len = sizeof("interrupted, nothing written\n") - 1;
static char written[MESSAGE_ROOM];
static int installed;

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
#define NHANDLED ((int)(sizeof(handled) / sizeof(handled[0])))

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < NHANDLED; i++)
        sigaddset(&set, handled[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

void tempfile_remove_tree(const char *dir, int depth)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    char path[PATH_ROOM];
    if (dp) {
        while ((e = readdir(dp)) != NULL) {
            struct stat st;
            int n;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            if (n <= 0 || (size_t)n >= sizeof(path) || lstat(path, &st) != 0)
                continue;
            if (!S_ISDIR(st.st_mode))
                unlink(path);
            else if (depth > 0)
                tempfile_remove_tree(path, depth - 1);
        }
        closedir(dp);
    }
    rmdir(dir);
}

/* Removes every live path: folders with what they hold (full), or only
 * when empty (from the signal handler, where readdir is not allowed). */
static void remove_all(int full)
{
    for (int i = 0; i < SLOTS; i++) {
        if (!slots[i].live)
            continue;
        if (slots[i].kind == TEMPFILE_FILE)
            unlink(slots[i].path);
        else if (full)
            tempfile_remove_tree(slots[i].path, 1);
        else
            rmdir(slots[i].path);
        slots[i].live = 0;
    }
}

/* Ends the process by sig, as if it had not been caught. */
static void die_by(int sig)
{
    sigset_t set;
    ssize_t w = write(STDERR_FILENO, message, message_len);
    (void)w;
    signal(sig, SIG_DFL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

static void on_signal(int sig)
{
    int saved = errno;
    if (deferred > 0) {
        if (!pending)
            pending = sig;
        errno = saved;
        return;
    }
    remove_all(0);
    die_by(sig);
}

static void on_exit_hook(void)
{
    remove_all(1);
}

static void install(void)
{
    struct sigaction sa;
    if (installed)
        return;
    installed = 1;
    atexit(on_exit_hook);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NHANDLED; i++)
        sigaddset(&sa.sa_mask, handled[i]);
    for (int i = 0; i < NHANDLED; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup, a background job)
           stays ignored */
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(handled[i], &sa, NULL);
    }
}

int tempfile_add(const char *path, enum tempfile_kind kind)
{
    sigset_t old;
    int h = -1;
    if (strlen(path) >= PATH_ROOM)
        return -1;
    install();
    block_signals(&old);
    for (int i = 0; i < SLOTS && h < 0; i++) {
        if (slots[i].live)
            continue;
        slots[i].kind = kind;
        memcpy(slots[i].path, path, strlen(path) + 1);
        slots[i].live = 1;
        h = i;
    }
    restore_signals(&old);
    return h;
}

void tempfile_forget(int h)
{
    sigset_t old;
    if (h < 0 || h >= SLOTS)
        return;
    block_signals(&old);
    slots[h].live = 0;
    restore_signals(&old);
}

void tempfile_written(const char *path)
{
    sigset_t old;
    size_t used = strlen(written);
    int n;
    block_signals(&old);
    n = snprintf(written + used, sizeof(written) - used, "%s'%s'", used ? ", " : "", path);
    if (n < 0 || (size_t)n >= sizeof(written) - used)
        written[used] = '\0'; /* no room: named by the ones before */
    n = snprintf(message, sizeof(message), "interrupted, nothing more written (written before: %s)\n",
                 written[0] ? written : "-");
    message_len = n > 0 && (size_t)n < sizeof(message) ? (size_t)n : strlen(message);
    restore_signals(&old);
}

void tempfile_defer_begin(void)
{
    install();
    deferred++;
}

void tempfile_defer_end(void)
{
    if (deferred > 0)
        deferred--;
}

void tempfile_check(void)
{
    sigset_t old;
    int sig;
    if (!pending)
        return;
    block_signals(&old);
    sig = pending;
    remove_all(1);
    die_by(sig);
}
