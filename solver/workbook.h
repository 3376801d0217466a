/* workbook.h - results.xlsx: the result tables of an outdir as one
 * spreadsheet for people (libxlsxwriter), one sheet per CSV file. The
 * CSVs stay the contract: every sheet is read back from the file just
 * written, so it holds the same cells. */
#ifndef WORKBOOK_H
#define WORKBOOK_H

#include "diag.h"
#include "outdir.h"
#include "status.h"

#define WORKBOOK_NAME "results.xlsx"

/* Writes results.xlsx into o: one sheet per .csv file placed in o so far
 * (outdir_name; in the order placed, named after the file without .csv),
 * its cells read back from that file with csvin. The header row is bold
 * and frozen, an autofilter spans the table, each column is as wide as
 * its widest cell (display width, capped at 60). A cell is a number when
 * its column holds numbers (rank, capacity, min, placed, free, ...;
 * summary's value on a numeric metric) and its text is a number as the
 * engine writes one ("007", "1.50", "n/a" stay text); every other cell is
 * text, an empty cell stays empty. A table longer than a sheet allows, or
 * a cell longer than Excel allows, is cut with a warning in d (the CSV
 * has it all). Rows go to the file as they are written (libxlsxwriter's
 * constant memory mode, text inline in its cell): a sheet of 100,000 rows
 * takes a second and little memory. Returns ST_OK, or ST_IO with a
 * message in d, or ST_TIME_LIMIT when clock_seconds() passes deadline
 * (0: none) while the sheets are filled: results.xlsx is then not placed,
 * and whatever was written is left for outdir_abort. */
status workbook_write(outdir *o, double deadline, diag *d);

#endif
