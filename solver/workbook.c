/* workbook.c - results.xlsx from the CSV files of an outdir: which cells
 * are numbers, how wide a column is, and the only file that includes
 * libxlsxwriter's header. */
#include "workbook.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "clock.h"
#include "csvin.h"
#include "mem.h"
#include "strbuf.h"
#include "utf8.h"

#define WIDTH_MAX 60   /* the widest column, in characters */
#define FILTER_PAD 3   /* room for the autofilter's button beside a header */
#define CELL_MAX 32767 /* Excel's longest cell, in characters */
#define DIGITS_MAX 15  /* significant digits a double holds exactly */
#define FRACTION_MAX 15 /* digits after the point a number format shows */

/* Columns that hold numbers, in whatever table they appear (a table added
 * later gets numbers for these names without a change here). */
static const char *const number_columns[] = {
    "rank",     "current_rank", "capacity", "min",  "max",      "placed",           "free",
    "count",    "position",     "score",    "year", "students", "gpa",              "old_rank",
    "new_rank", "student_priority", "holder_priority", NULL};

/* summary.csv's value column holds a number on these metrics ("x*": every
 * metric starting with x); its other rows (status, versions, digests)
 * are text. */
#define SUMMARY_TABLE "summary"
static const char *const number_metrics[] = {
    "students",      "placed", "unplaced",      "rank_*",  "total_rank", "blocking_pairs",
    "stable_placed", "gap",    "solve_seconds", "stage:*", NULL};

enum column_kind {
    COLUMN_TEXT,
    COLUMN_NUMBER,   /* its canonical numbers are numbers */
    COLUMN_BY_METRIC /* summary's value: a number where the metric is one */
};

static int listed(const char *const *list, const char *name)
{
    for (; *list; list++) {
        size_t n = strlen(*list);
        if ((*list)[n - 1] == '*' ? strncmp(*list, name, n - 1) == 0 : strcmp(*list, name) == 0)
            return 1;
    }
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Whether s is a number as the engine writes one (%ld, %g such as
 * "0.0123" or "1e-05", or a decimal as the cycle wrote it, "100.0"): an
 * optional '-', digits without a leading zero, a fraction, an exponent
 * with its sign and two or more digits, at most DIGITS_MAX significant
 * digits (a double holds them exactly). "007", "+3", " 3", "-0", "n/a"
 * and "" are not. Sets *out, and *fraction to the digits after the point
 * (-1 with an exponent), so the cell can show them as written. */
static int canonical_number(const char *s, double *out, int *fraction)
{
    const char *p = s;
    int sig = 0;
    char *end;
    double v;
    if (*p == '-')
        p++;
    if (!is_digit(*p) || (*p == '0' && is_digit(p[1])))
        return 0;
    for (; is_digit(*p); p++)
        sig += *p != '0' || sig;
    *fraction = 0;
    if (*p == '.') {
        if (!is_digit(*++p))
            return 0;
        for (; is_digit(*p); p++) {
            sig += *p != '0' || sig;
            ++*fraction;
        }
    }
    if (*p == 'e') {
        *fraction = -1;
        p++;
        if ((*p != '-' && *p != '+') || !is_digit(p[1]) || !is_digit(p[2]))
            return 0;
        for (p++; is_digit(*p); p++)
            ;
    }
    if (*p != '\0' || sig > DIGITS_MAX)
        return 0;
    errno = 0;
    v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v) || (v == 0 && s[0] == '-'))
        return 0;
    *out = v;
    return 1;
}

/* s cut to CELL_MAX - 1 characters and an ellipsis, into out; 0 when it
 * fits as it is (out untouched). */
static int cut_text(const char *s, strbuf *out)
{
    size_t chars = 0, keep = 0;
    for (size_t i = 0; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        if (++chars == CELL_MAX)
            keep = i; /* where the last character that may stay starts */
        else if (chars > CELL_MAX)
            break;
    }
    if (chars <= CELL_MAX)
        return 0;
    strbuf_reset(out);
    strbuf_add(out, s, keep);
    strbuf_adds(out, "\xE2\x80\xA6"); /* U+2026, an ellipsis */
    return 1;
}

static char *join(const char *dir, const char *name)
{
    strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s/%s", dir, name);
    return strbuf_detach(&sb);
}

/* workbook_close, which zips the sheets' XML and cannot be stopped, takes
 * about as long as filling the sheets did (both linear in the cells: a
 * 100,000-row sheet about 1 s each); under a deadline it starts only
 * when this many times the filling still fits before it. */
#define CLOSE_PER_FILL 1.25

/* The sheet's cells and column widths. The first libxlsxwriter error is
 * returned; *late is set (and the sheet left unfinished) when
 * clock_seconds() passes deadline (0: none). */
static lxw_error fill_sheet(lxw_worksheet *ws, lxw_format *bold, lxw_format *const *fixed,
                            const csvin_table *t,
                            const enum column_kind *kind, int metric_col, size_t nrows, int *cut,
                            size_t *width, double deadline, int *late)
{
    lxw_error err = LXW_NO_ERROR, e;
    strbuf shortened;
    strbuf_init(&shortened);
    for (int c = 0; c < t->ncols; c++) {
        width[c] = utf8_display_width(t->header[c]) + FILTER_PAD;
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, t->header[c], bold);
        err = err ? err : e;
    }
    for (size_t r = 0; r < nrows; r++) {
        const csvin_row *row = &t->rows[r];
        if (outdir_row_late(deadline, (long)r)) {
            *late = 1;
            break;
        }
        for (int c = 0; c < t->ncols; c++) {
            const char *s = row->fields[c];
            size_t w;
            double v;
            int fraction;
            int number =
                kind[c] == COLUMN_NUMBER ||
                (kind[c] == COLUMN_BY_METRIC && listed(number_metrics, row->fields[metric_col]));
            if (s[0] == '\0')
                continue;
            if (number && canonical_number(s, &v, &fraction)) {
                e = worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v,
                                           fraction > 0 && fraction <= FRACTION_MAX
                                               ? fixed[fraction]
                                               : NULL);
                w = strlen(s);
            } else {
                if (cut_text(s, &shortened)) {
                    s = shortened.buf;
                    *cut = 1;
                }
                e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, s, NULL);
                w = utf8_display_width(s);
            }
            err = err ? err : e;
            if (w + 1 > width[c])
                width[c] = w + 1;
        }
    }
    for (int c = 0; c < t->ncols; c++) {
        e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                 (double)(width[c] < WIDTH_MAX ? width[c] : WIDTH_MAX), NULL);
        err = err ? err : e;
    }
    worksheet_freeze_panes(ws, 1, 0);
    e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(t->ncols - 1));
    strbuf_release(&shortened);
    return err ? err : e;
}

/* Adds the sheet sheet_name holding the table read back from file. */
static status add_sheet(lxw_workbook *wb, lxw_format *bold, lxw_format *const *fixed,
                        const char *file,
                        const char *sheet_name, double deadline, diag *d)
{
    mem_arena arena;
    csvin_table t;
    enum column_kind *kind = NULL;
    size_t *width = NULL, nrows;
    lxw_worksheet *ws;
    lxw_error err;
    int metric_col, cut = 0, late = 0;
    status rc;
    mem_arena_init(&arena);
    csvin_table_init(&t);
    if (deadline > 0 && clock_seconds() > deadline) {
        rc = ST_TIME_LIMIT; /* not even read back */
        goto done;
    }
    if ((rc = csvin_read_file(file, &arena, d, &t)) != ST_OK) {
        diag_error(d, file, 0, 0, "cannot read the table back for %s", WORKBOOK_NAME);
        rc = ST_IO;
        goto done;
    }
    err = workbook_validate_sheet_name(wb, sheet_name);
    ws = err == LXW_NO_ERROR && t.ncols > 0 && t.ncols <= LXW_COL_MAX
             ? workbook_add_worksheet(wb, sheet_name)
             : NULL;
    if (!ws) {
        diag_error(d, file, 0, 0, "%s cannot hold a sheet '%s': %s", WORKBOOK_NAME, sheet_name,
                   err                     ? lxw_strerror(err)
                   : t.ncols == 0          ? "the table has no header"
                   : t.ncols > LXW_COL_MAX ? "too many columns"
                                           : "libxlsxwriter refused it");
        rc = ST_IO;
        goto done;
    }
    metric_col = strcmp(sheet_name, SUMMARY_TABLE) == 0 ? csvin_column(&t, "metric") : -1;
    MEM_ALLOC_ARRAY(kind, t.ncols);
    MEM_ALLOC_ARRAY(width, t.ncols);
    for (int c = 0; c < t.ncols; c++)
        kind[c] = metric_col >= 0 && strcmp(t.header[c], "value") == 0 ? COLUMN_BY_METRIC
                  : listed(number_columns, t.header[c])                ? COLUMN_NUMBER
                                                                       : COLUMN_TEXT;
    /* the header takes a row of the sheet */
    nrows = t.nrows < (size_t)LXW_ROW_MAX - 1 ? t.nrows : (size_t)LXW_ROW_MAX - 1;
    if (nrows < t.nrows)
        diag_warning(d, NULL, 0, 0,
                     "%s: sheet '%s' holds the first %zu of %zu rows (a sheet's limit; the "
                     "CSV has them all)",
                     WORKBOOK_NAME, sheet_name, nrows, t.nrows);
    err = fill_sheet(ws, bold, fixed, &t, kind, metric_col, nrows, &cut, width, deadline, &late);
    if (late) {
        rc = ST_TIME_LIMIT;
        goto done;
    }
    if (err != LXW_NO_ERROR) {
        diag_error(d, file, 0, 0, "cannot write sheet '%s' of %s: %s", sheet_name, WORKBOOK_NAME,
                   lxw_strerror(err));
        rc = ST_IO;
        goto done;
    }
    if (cut)
        diag_warning(d, NULL, 0, 0,
                     "%s: sheet '%s' cuts cells longer than %d characters (a cell's limit; "
                     "the CSV has them whole)",
                     WORKBOOK_NAME, sheet_name, CELL_MAX);
done:
    free(kind);
    free(width);
    csvin_table_release(&t);
    mem_arena_release(&arena);
    return rc;
}

status workbook_write(outdir *o, double deadline, diag *d)
{
    lxw_workbook_options opt;
    char *path = outdir_tmp_path(o, WORKBOOK_NAME);
    const char *scratch_dir = outdir_scratch(o, d);
    char *scratch;
    lxw_workbook *wb;
    lxw_format *bold, *fixed[FRACTION_MAX + 1];
    lxw_error err;
    status rc = ST_OK;
    double filling = clock_seconds();
    if (!scratch_dir) {
        free(path);
        return ST_IO;
    }
    /* its temporary files go where the outdir removes them, also after a kill */
    scratch = mem_strdup(scratch_dir);
    memset(&opt, 0, sizeof(opt));
    opt.tmpdir = scratch;
    /* rows go to a temporary file as they are written, strings inline in
       their cells: no table of shared strings, which on 50,000 students'
       reasons (mostly distinct, long) took a third of the workbook's time
       and 100 MB; sheets are filled row by row, as this mode needs */
    opt.constant_memory = LXW_TRUE;
    wb = workbook_new_opt(path, &opt);
    if (!wb) {
        diag_error(d, path, 0, 0, "cannot start %s", WORKBOOK_NAME);
        rc = ST_IO;
        goto done;
    }
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    /* "0.0", "0.00", ...: a decimal shows the digits it was written with */
    fixed[0] = NULL;
    for (int k = 1; k <= FRACTION_MAX; k++) {
        char pattern[FRACTION_MAX + 3] = "0.";
        memset(pattern + 2, '0', (size_t)k);
        pattern[k + 2] = '\0';
        fixed[k] = workbook_add_format(wb);
        format_set_num_format(fixed[k], pattern);
    }
    for (int i = 0; i < outdir_count(o) && rc == ST_OK; i++) {
        const char *name = outdir_name(o, i);
        size_t n = strlen(name);
        char *file, *sheet;
        if (n <= 4 || strcmp(name + n - 4, ".csv") != 0)
            continue;
        file = join(outdir_folder(o), name);
        sheet = mem_strdup(name);
        sheet[n - 4] = '\0';
        rc = add_sheet(wb, bold, fixed, file, sheet, deadline, d);
        free(sheet);
        free(file);
    }
    filling = clock_seconds() - filling;
    if (rc == ST_OK && deadline > 0 && clock_seconds() + CLOSE_PER_FILL * filling > deadline)
        rc = ST_TIME_LIMIT;
    if (rc != ST_OK) {
        lxw_workbook_free(wb); /* nothing written */
        goto done;
    }
    if ((err = workbook_close(wb)) != LXW_NO_ERROR) {
        diag_error(d, path, 0, 0, "cannot write %s: %s", WORKBOOK_NAME, lxw_strerror(err));
        rc = ST_IO;
        goto done;
    }
    rc = outdir_place(o, WORKBOOK_NAME, d);
done:
    free(scratch);
    free(path);
    return rc;
}
