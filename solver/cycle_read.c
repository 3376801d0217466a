/* cycle_read.c - reading the cells of one cycle row: typed values, ids and
 * references with messages that point at the cell, and the tag and home
 * names met on the way (cycle_read.h, internal to the loader). */
#include "cycle_read.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "strbuf.h"

int cycle_read_col(const cycle_row *rc, const char *name)
{
    return csvin_column(rc->t, name);
}

const char *cycle_read_cell(const cycle_row *rc, int col)
{
    return col < 0 ? "" : rc->row->fields[col];
}

void cycle_read_error(cycle_row *rc, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(rc->L->d, DIAG_ERROR, rc->t->path, rc->row->line, col + 1, fmt, ap);
    va_end(ap);
    rc->bad = 1;
}

static int has_outer_space(const char *s)
{
    size_t n = strlen(s);
    return n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t');
}

const char *cycle_read_id(cycle_row *rc, const char *colname)
{
    int col = cycle_read_col(rc, colname);
    const char *v = cycle_read_cell(rc, col);
    if (col < 0)
        return NULL;
    if (v[0] == '\0') {
        cycle_read_error(rc, col, "'%s' is empty (it is required)", colname);
        return NULL;
    }
    if (has_outer_space(v)) {
        cycle_read_error(rc, col, "%s '%s' has leading or trailing spaces", colname, v);
        return NULL;
    }
    return v;
}

/* The decimal comma of number text v: in a ';'-separated file, its one
 * comma when it has no point ("3,75", as French or German spreadsheets
 * write it); NULL otherwise. */
static const char *decimal_comma(const cycle_row *rc, const char *v)
{
    const char *comma = strchr(v, ',');
    if (rc->t->delim != ';' || !comma || strchr(comma + 1, ',') || strchr(v, '.'))
        return NULL;
    return comma;
}

/* The number text v as the parser takes it: a decimal comma is a point;
 * buf holds the copy (len bytes). Anything else is v itself. */
static const char *number_text(const cycle_row *rc, const char *v, char *buf, size_t len)
{
    const char *comma = decimal_comma(rc, v);
    if (!comma || strlen(v) >= len)
        return v;
    memcpy(buf, v, strlen(v) + 1);
    buf[comma - v] = '.';
    return buf;
}

int cycle_read_whole(cycle_row *rc, const char *colname, long def, long *out)
{
    int col = cycle_read_col(rc, colname);
    const char *v = cycle_read_cell(rc, col);
    char buf[64];
    enum num_result r;
    *out = def;
    if (v[0] == '\0')
        return 1;
    r = num_whole(number_text(rc, v, buf, sizeof(buf)), out);
    if (r != NUM_OK) {
        cycle_read_error(rc, col, "%s '%s' %s", colname, v, num_result_str(r, 1));
        *out = def;
        return 0;
    }
    return 1;
}

int cycle_read_decimal(cycle_row *rc, const char *colname, const char **out)
{
    int col = cycle_read_col(rc, colname);
    const char *v = cycle_read_cell(rc, col);
    enum num_result r;
    char *text;
    *out = NULL;
    if (v[0] == '\0')
        return 1;
    /* the text itself, whatever its length, a decimal comma made a point */
    text = mem_arena_strndup(&rc->L->c->arena, v, strlen(v));
    if (decimal_comma(rc, v))
        text[decimal_comma(rc, v) - v] = '.';
    r = num_decimal_check(text);
    if (r != NUM_OK) {
        cycle_read_error(rc, col, "%s '%s' %s", colname, v, num_result_str(r, 0));
        return 0;
    }
    *out = text;
    return 1;
}

int cycle_read_node_ref(cycle_row *rc, const char *colname, const char *what)
{
    const char *id = cycle_read_id(rc, colname);
    int n;
    if (!id)
        return -1;
    n = strmap_get(&rc->L->c->node_ids, id);
    if (n == -1 && (rc->L->unread[CYCLE_PROGRAMS] || rc->L->unread[CYCLE_LABS] ||
                    rc->L->unread[CYCLE_SUPERVISORS])) {
        rc->bad = 1; /* maybe defined in the file that could not be read */
        return -1;
    }
    if (n == -1) {
        cycle_read_error(rc, cycle_read_col(rc, colname),
                         "unknown %s '%s' (not a program, lab or supervisor id)", what, id);
        return -1;
    }
    if (n == CYCLE_READ_BROKEN) {
        rc->bad = 1;
        return -1;
    }
    return n;
}

int cycle_read_student_ref(cycle_row *rc, const char *colname)
{
    const char *id = cycle_read_id(rc, colname);
    int s;
    if (!id)
        return -1;
    s = strmap_get(&rc->L->c->student_ids, id);
    if (s == CYCLE_READ_BROKEN || (s < 0 && rc->L->unread[CYCLE_STUDENTS])) {
        rc->bad = 1;
        return -1;
    }
    if (s < 0)
        cycle_read_error(rc, cycle_read_col(rc, colname), "unknown student '%s'", id);
    return s;
}

const char *cycle_read_copy(cycle_loader *L, const char *s)
{
    return mem_arena_strndup(&L->c->arena, s, strlen(s));
}

/* The id of name s[0..len) in m, appended to names when new. */
static int intern(mem_arena *a, strmap *m, const char ***names, int *n, int *cap, const char *s,
                  size_t len)
{
    char *key = mem_arena_strndup(a, s, len);
    int id = strmap_get(m, key);
    if (id >= 0)
        return id;
    MEM_GROW(*names, *n, *cap);
    (*names)[*n] = key;
    strmap_put(m, key, *n);
    return (*n)++;
}

int cycle_read_tag_id(cycle_loader *L, const char *s, size_t len)
{
    return intern(&L->c->arena, &L->tag_ids, &L->tag_names, &L->ntag, &L->captag, s, len);
}

int cycle_read_home_id(cycle_loader *L, const char *s)
{
    return intern(&L->c->arena, &L->home_ids, &L->home_names, &L->nhome, &L->caphome, s,
                  strlen(s));
}

int cycle_read_tags_cell(cycle_row *rc, const char *colname, int **out)
{
    int col = cycle_read_col(rc, colname), n;
    const char *v = cycle_read_cell(rc, col);
    /* a full-width semicolon or comma (from a Chinese or Japanese input
       method) separates tags too, with a warning */
    static const char *const wide[2] = {"\xEF\xBC\x9B", "\xEF\xBC\x8C"};
    if (strstr(v, wide[0]) || strstr(v, wide[1])) {
        strbuf sb;
        strbuf_init(&sb);
        for (const char *p = v; *p;) {
            if (strncmp(p, wide[0], 3) == 0 || strncmp(p, wide[1], 3) == 0) {
                strbuf_addc(&sb, ';');
                p += 3;
            } else {
                strbuf_addc(&sb, *p++);
            }
        }
        diag_warning(rc->L->d, rc->t->path, rc->row->line, col + 1,
                     "%s '%s' uses a full-width '；' or '，' between tags: read as ';'", colname,
                     v);
        n = cycle_read_tags(rc->L, sb.buf, out);
        strbuf_release(&sb);
        return n;
    }
    return cycle_read_tags(rc->L, v, out);
}

int cycle_read_tags(cycle_loader *L, const char *s, int **out)
{
    int n = 0, cap = 0;
    int *ids = NULL;
    while (*s) {
        const char *e = strchr(s, ';');
        const char *b = s, *z = e ? e : s + strlen(s);
        while (b < z && (*b == ' ' || *b == '\t'))
            b++;
        while (z > b && (z[-1] == ' ' || z[-1] == '\t'))
            z--;
        if (z > b) {
            MEM_GROW(ids, n, cap);
            ids[n++] = cycle_read_tag_id(L, b, (size_t)(z - b));
        }
        if (!e)
            break;
        s = e + 1;
    }
    *out = NULL;
    if (n) {
        *out = mem_arena_alloc(&L->c->arena, mem_mul(sizeof(int), (size_t)n));
        memcpy(*out, ids, sizeof(int) * (size_t)n);
    }
    free(ids);
    return n;
}

const char *cycle_read_note_broken(cycle_loader *L, const cycle_row *rc, const char *colname,
                                   strmap *ids)
{
    int col = cycle_read_col(rc, colname);
    const char *id, *key;
    if (col < 0 || col >= rc->row->nfields)
        return NULL;
    id = rc->row->fields[col];
    if (!id[0] || strmap_get(ids, id) != -1)
        return NULL;
    key = cycle_read_copy(L, id);
    strmap_put(ids, key, CYCLE_READ_BROKEN);
    return key;
}
