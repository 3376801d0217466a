/* cycle_load.c - reading a cycle folder into a cycle and validating it
 * (SPEC §2): the files and their columns, the order the readers run in,
 * and the canonical tag and home ids. Each file's rows are read by its
 * reader (cycle_read.h). */
#include "cycle_read.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nearname.h"
#include "sortctx.h"
#include "strbuf.h"

static const int file_required[CYCLE_NFILES] = {1, 0, 0, 1, 1, 0, 0, 0, 0, 0};

static const char *const known_cols[CYCLE_NFILES][12] = {
    {"id", "name", "capacity", "min", "min_year", "min_gpa", "requires", NULL},
    {"id", "program", "name", "institution", "country", "capacity", "min", "min_year", "min_gpa",
     "requires", NULL},
    {"id", "lab", "name", "capacity", "min", "min_year", "min_gpa", "requires", NULL},
    {"id", "name", "home", "year", "gpa", "tags", "score", NULL},
    {"student", "rank", "choice", NULL},
    {"ranker", "student", "rank", NULL},
    {"scope", "field", "value", "min", "max", NULL},
    {"student", "node", "action", NULL},
    {"student", "number", NULL},
    {"student", "response", NULL}};
static const char *const required_cols[CYCLE_NFILES][4] = {
    {"id", NULL},          {"id", "program", NULL},         {"id", "lab", NULL},
    {"id", NULL},          {"student", "rank", "choice", NULL}, {"ranker", "student", "rank", NULL},
    {"field", "value", NULL}, {"student", "node", "action", NULL}, {"student", "number", NULL},
    {"student", "response", NULL}};

/* Whether name ends in ".csv", in any case. */
static int csv_named(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && name[n - 4] == '.' && tolower((unsigned char)name[n - 3]) == 'c' &&
           tolower((unsigned char)name[n - 2]) == 's' && tolower((unsigned char)name[n - 1]) == 'v';
}

/* dir/name into path (one '/' between them). */
static void join_path(strbuf *path, const char *dir, const char *name)
{
    strbuf_addf(path, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's other CSV files: a near miss of a cycle file's name (case,
 * a letter or two: "Quotas.csv", "override.csv") is an error, since the
 * engine would silently go without that file; any other is a warning
 * that lists the cycle's files. */
static void check_other_files(cycle_loader *L, const char *dir)
{
    DIR *folder = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    if (!folder)
        return; /* the required files will be reported missing */
    while ((e = readdir(folder)) != NULL)
        if (csv_named(e->d_name)) {
            MEM_GROW(names, n, cap);
            names[n++] = mem_strdup(e->d_name);
        }
    closedir(folder);
    mem_sort(names, n, sizeof(*names), cmp_str); /* the folder's order is the file system's */
    for (size_t i = 0; i < n; i++) {
        int known = -1, best = 3;
        strbuf path;
        for (int f = 0; f < CYCLE_NFILES; f++) {
            const char *want = cycle_file_name((enum cycle_file)f);
            int dist = strcmp(names[i], want) == 0 ? -1 : nearname_distance(names[i], want);
            if (dist < best) {
                best = dist;
                known = f;
            }
        }
        if (best >= 0) {
            strbuf_init(&path);
            join_path(&path, dir, names[i]);
            if (best <= 2) {
                diag_error(L->d, path.buf, 0, 0,
                           "not a file of the cycle, so it would not be read: did you mean "
                           "'%s'? (file names must be exactly as listed, in lower case)",
                           cycle_file_name((enum cycle_file)known));
            } else {
                strbuf all;
                strbuf_init(&all);
                for (int f = 0; f < CYCLE_NFILES; f++)
                    strbuf_addf(&all, "%s%s", f == 0 ? "" : f + 1 < CYCLE_NFILES ? ", " : " and ",
                                cycle_file_name((enum cycle_file)f));
                diag_warning(L->d, path.buf, 0, 0,
                             "not a file of the cycle; it is not read (the cycle's files are %s)",
                             all.buf);
                strbuf_release(&all);
            }
            strbuf_release(&path);
        }
        free(names[i]);
    }
    free(names);
}

/* Whether the folder has no entry named like path at all (lstat's
 * ENOENT): only then is a file absent. Anything else there, a dangling
 * link or a name that cannot be looked up included, is read by csvin,
 * which says why it cannot be (an optional file that cannot be read is an
 * error, never "absent": the run would go on without its rules). */
static int file_absent(const char *path)
{
    struct stat st;
    return lstat(path, &st) != 0 && errno == ENOENT;
}

/* Reads every file of the folder into L->t; a file is usable when it was
 * read with its required columns. Returns ST_IO after a read error, else
 * ST_OK (other problems are only reported). */
static status read_files(cycle_loader *L, const char *dir)
{
    cycle *c = L->c;
    status rc = ST_OK;
    for (int f = 0; f < CYCLE_NFILES; f++) {
        strbuf path;
        status st;
        strbuf_init(&path);
        join_path(&path, dir, cycle_file_name((enum cycle_file)f));
        if (file_absent(path.buf)) {
            if (file_required[f]) {
                diag_error(L->d, path.buf, 0, 0, "required file is missing");
                L->unread[f] = 1;
            }
            csvin_table_init(&L->t[f]);
            strbuf_release(&path);
            continue;
        }
        c->paths[f] = mem_arena_strndup(&c->arena, path.buf, path.len);
        st = csvin_read_file_as(path.buf, L->encoding, &c->arena, L->d, &L->t[f]);
        memcpy(c->sha256[f], L->t[f].sha256, sizeof(c->sha256[f]));
        c->delims[f] = L->t[f].delim;
        strbuf_release(&path);
        if (st == ST_IO)
            rc = ST_IO;
        if (L->t[f].header &&
            csvin_check_columns(&L->t[f], known_cols[f], required_cols[f], L->d) == 0)
            L->usable[f] = 1;
        else
            L->unread[f] = 1;
    }
    return rc;
}

/* Name indices by name; ctx is the name array. Names are unique. */
static int cmp_name_index(const void *a, const void *b, void *ctx)
{
    const char *const *names = ctx;
    return strcmp(names[*(const int *)a], names[*(const int *)b]);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* Sorts names; fills remap[old id] = new id. Returns the sorted names
 * (arena). */
static const char **canonical_names(cycle_loader *L, const char **names, int n, int *remap)
{
    int *order;
    const char **sorted;
    MEM_ALLOC_ARRAY(order, n + 1);
    for (int i = 0; i < n; i++)
        order[i] = i;
    sortctx_sort(order, (size_t)n, sizeof(int), cmp_name_index, names);
    sorted = mem_arena_alloc(&L->c->arena, mem_mul(sizeof(char *), (size_t)n + 1));
    for (int i = 0; i < n; i++) {
        sorted[i] = names[order[i]];
        remap[order[i]] = i;
    }
    free(order);
    return sorted;
}

/* Remaps ids in place, sorts them and drops repeats; returns the new count. */
static int remap_set(int *ids, int n, const int *remap)
{
    int k = 0;
    if (n == 0)
        return 0;
    for (int i = 0; i < n; i++)
        ids[i] = remap[ids[i]];
    mem_sort(ids, (size_t)n, sizeof(int), cmp_int);
    for (int i = 0; i < n; i++)
        if (k == 0 || ids[i] != ids[k - 1])
            ids[k++] = ids[i];
    return k;
}

/* Tags and home values get their canonical ids (by name), everywhere they
 * are used; then the quotas, which name them, are resolved. */
static void canonical_ids(cycle_loader *L)
{
    cycle *c = L->c;
    int *tag_remap, *home_remap;
    MEM_ALLOC_ARRAY(tag_remap, L->ntag + 1);
    MEM_ALLOC_ARRAY(home_remap, L->nhome + 1);
    c->tags = canonical_names(L, L->tag_names, L->ntag, tag_remap);
    c->ntags = L->ntag;
    c->homes = canonical_names(L, L->home_names, L->nhome, home_remap);
    c->nhomes = L->nhome;
    for (int i = 0; i < c->nnodes; i++)
        c->nodes[i].nrequires = remap_set(c->nodes[i].requires, c->nodes[i].nrequires, tag_remap);
    for (int i = 0; i < c->nstudents; i++) {
        cycle_student *s = &c->students[i];
        s->ntags = remap_set(s->tags, s->ntags, tag_remap);
        if (s->home >= 0)
            s->home = home_remap[s->home];
    }
    cycle_quotas_resolve(L, tag_remap, home_remap);
    free(tag_remap);
    free(home_remap);
}

/* The set of names[i] with count[i] > 0, for near matches. */
static nearname_set *names_in_use(const char *const *names, const int *count, int n)
{
    const char **live;
    nearname_set *set;
    MEM_ALLOC_ARRAY(live, n + 1);
    for (int i = 0; i < n; i++)
        live[i] = count[i] > 0 ? names[i] : NULL;
    set = nearname_set_new(live, n);
    free(live);
    return set;
}

/* Whether v is in the ascending array a of n ints. */
static int sorted_has(const int *a, int n, int v)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo] == v;
}

/* Nothing passes silently: a tag a rule or quota asks for that no student
 * holds, tags students hold that nothing uses, and a quota that counts no
 * student are warnings, with the near match where one exists. */
static void warn_unmatched(cycle_loader *L)
{
    cycle *c = L->c;
    int *held, *used, *years, nyears = 0;
    unsigned char *home_held;
    strbuf unused;
    int nunused = 0;
    nearname_set *held_set, *used_set, *home_set;
    MEM_ZALLOC_ARRAY(held, c->ntags + 1);
    MEM_ZALLOC_ARRAY(used, c->ntags + 1);
    for (int s = 0; s < c->nstudents; s++)
        for (int i = 0; i < c->students[s].ntags; i++)
            held[c->students[s].tags[i]]++;
    for (int v = 0; v < c->nnodes; v++)
        for (int i = 0; i < c->nodes[v].nrequires; i++)
            used[c->nodes[v].requires[i]]++;
    for (int q = 0; q < c->nquotas; q++)
        if (c->quotas[q].field == CYCLE_FIELD_TAG && c->quotas[q].value >= 0)
            used[c->quotas[q].value]++;
    strbuf_init(&unused);
    /* the near names, looked up in a set of each side once (a list of
       the other side's tags made per tag and scanned was quadratic) */
    held_set = names_in_use(c->tags, held, c->ntags);
    used_set = names_in_use(c->tags, used, c->ntags);
    home_set = nearname_set_new(c->homes, c->nhomes);
    for (int t = 0; t < c->ntags; t++) {
        const char *near;
        if (!used[t] == !held[t])
            continue; /* used and held, or neither */
        /* the near name among the tags of the other side */
        near = nearname_set_best(held[t] ? used_set : held_set, c->tags[t]);
        if (used[t]) {
            if (near)
                diag_warning(L->d, NULL, 0, 0,
                             "no student holds the tag '%s' that a rule or quota asks for: did "
                             "you mean '%s'?",
                             c->tags[t], near);
            else
                diag_warning(L->d, NULL, 0, 0,
                             "no student holds the tag '%s' that a rule or quota asks for",
                             c->tags[t]);
        } else {
            strbuf_addf(&unused, "%s'%s'", nunused++ ? ", " : "", c->tags[t]);
            if (near)
                strbuf_addf(&unused, " (a rule asks for '%s')", near);
        }
    }
    if (nunused)
        diag_warning(L->d, c->paths[CYCLE_STUDENTS], 0, 0,
                     "student tag%s that no rule or quota uses: %s", nunused == 1 ? "" : "s",
                     unused.buf);
    strbuf_release(&unused);
    /* who has each value, once: a scan of the students per quota was
       quadratic in the values of a '*' row (30,000 years: seconds) */
    MEM_ZALLOC_ARRAY(home_held, c->nhomes + 1);
    MEM_ALLOC_ARRAY(years, c->nstudents + 1);
    for (int s = 0; s < c->nstudents; s++) {
        if (c->students[s].home >= 0)
            home_held[c->students[s].home] = 1;
        if (c->students[s].year >= 0)
            years[nyears++] = c->students[s].year;
    }
    mem_sort(years, (size_t)nyears, sizeof(int), cmp_int);
    for (int q = 0; q < c->nquotas; q++) {
        const cycle_quota *qu = &c->quotas[q];
        const char *near = NULL;
        int counts = qu->field == CYCLE_FIELD_TAG    ? qu->value >= 0 && held[qu->value] > 0
                     : qu->field == CYCLE_FIELD_HOME ? qu->value >= 0 && home_held[qu->value]
                                                     : sorted_has(years, nyears, qu->value);
        if (counts)
            continue;
        if (qu->field == CYCLE_FIELD_TAG)
            near = nearname_set_best(held_set, qu->value_text);
        else if (qu->field == CYCLE_FIELD_HOME)
            near = nearname_set_best(home_set, qu->value_text);
        if (near)
            diag_warning(L->d, c->paths[CYCLE_QUOTAS], qu->line, 0,
                         "the quota on %s=%s counts no student (no student has that value): "
                         "did you mean '%s'?",
                         cycle_field_name(qu->field), qu->value_text, near);
        else
            diag_warning(L->d, c->paths[CYCLE_QUOTAS], qu->line, 0,
                         "the quota on %s=%s counts no student (no student has that value)",
                         cycle_field_name(qu->field), qu->value_text);
    }
    nearname_set_free(held_set);
    nearname_set_free(used_set);
    nearname_set_free(home_set);
    free(held);
    free(used);
    free(home_held);
    free(years);
}

/* Whether dir is a folder to look in; else one error says why (rather
 * than one per file of the cycle). */
static int folder_there(const char *dir, diag *d)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno == ENOENT)
            diag_error(d, dir, 0, 0, "no such folder (a cycle is a folder of CSV files)");
        else
            diag_error(d, dir, 0, 0, "cannot open the folder: %s", strerror(errno));
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        diag_error(d, dir, 0, 0, "is not a folder (a cycle is a folder of CSV files)");
        return 0;
    }
    return 1;
}

status cycle_load(const char *dir, diag *d, cycle **out)
{
    return cycle_load_as(dir, NULL, d, out);
}

status cycle_load_as(const char *dir, const char *encoding, diag *d, cycle **out)
{
    cycle_loader L;
    cycle *c;
    status rc;
    size_t errors_before = d->errors;
    *out = NULL;
    if (encoding && !csvin_encoding_known(encoding)) {
        diag_error(d, NULL, 0, 0,
                   "unknown encoding '%s' for --encoding (e.g. gb18030, windows-1252, latin1, "
                   "utf-16; `iconv -l` lists them all)",
                   encoding);
        return ST_INPUT;
    }
    if (!folder_there(dir, d))
        return ST_INPUT;
    c = mem_zalloc(1, sizeof(*c));
    memset(&L, 0, sizeof(L));
    L.c = c;
    L.d = d;
    L.encoding = encoding;
    mem_arena_init(&c->arena);
    strmap_init(&c->node_ids);
    strmap_init(&c->student_ids);
    strmap_init(&L.tag_ids);
    strmap_init(&L.home_ids);
    c->dir = mem_arena_strndup(&c->arena, dir, strlen(dir));
    c->round_number = 1;
    *out = NULL;

    check_other_files(&L, dir);
    rc = read_files(&L, dir);
    c->student_id_col = csvin_column(&L.t[CYCLE_STUDENTS], "id") + 1;
    c->override_node_col = csvin_column(&L.t[CYCLE_OVERRIDES], "node") + 1;
    c->response_student_col = csvin_column(&L.t[CYCLE_RESPONSES], "student") + 1;
    /* each reader resolves ids against the ones before it */
    cycle_tree_read(&L);
    cycle_students_read(&L);
    cycle_ranks_read_preferences(&L);
    cycle_ranks_read_rankings(&L);
    cycle_quotas_read(&L);
    cycle_overrides_read(&L);
    cycle_lottery_read(&L);
    cycle_responses_read(&L);
    canonical_ids(&L);
    if (d->errors == errors_before)
        warn_unmatched(&L);

    for (int f = 0; f < CYCLE_NFILES; f++)
        csvin_table_release(&L.t[f]);
    free(L.tag_names);
    free(L.home_names);
    strmap_release(&L.tag_ids);
    strmap_release(&L.home_ids);
    if (rc == ST_OK && d->errors > errors_before)
        rc = ST_INPUT;
    if (rc != ST_OK) {
        cycle_free(c);
        return rc;
    }
    *out = c;
    return ST_OK;
}
