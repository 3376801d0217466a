/* chart.h - the report's charts, drawn as inline SVG (no script, no
 * library): vertical bars for a profile, and rows of horizontal bars
 * (one to three series each) with a capacity box and minimum and maximum
 * marks, for fill against capacity, demand against seats and quotas. */
#ifndef CHART_H
#define CHART_H

#include <stdio.h>

#define CHART_SERIES 3

/* One row of a horizontal chart. A negative outline, min or max is not
 * drawn. */
typedef struct chart_row {
    const char *label;  /* left of the bars (shortened when long) */
    const char *note;   /* right of the bars, e.g. "12/15, min 3" */
    double value[CHART_SERIES]; /* one bar per series in use */
    double outline;     /* a box from 0 to here: the capacity */
    double min, max;    /* marks: a minimum and a maximum */
    int indent;         /* 0 a program, 1 a lab, ...: shifts the label */
    int alert;          /* draws the first series in the alert colour */
} chart_row;

/* A chart: its id (the svg element's), a title (the svg's <title>) and
 * the names of its series (NULL past the last one used). */
typedef struct chart_spec {
    const char *id, *title;
    const char *series[CHART_SERIES];
    const char *outline_name, *min_name, *max_name; /* legend; NULL: none */
} chart_spec;

/* Writes a chart of n rows as an <svg class="chart">. */
void chart_hbars(FILE *f, const chart_spec *spec, const chart_row *rows, int n);
/* Writes vertical bars: labels[i] under a bar of height values[i]; the
 * value is written above each bar. */
void chart_vbars(FILE *f, const chart_spec *spec, const char *const *labels, const long *values,
                 int n);

#endif
