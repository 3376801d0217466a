/* chart.c - inline SVG charts for the report: fixed layouts in pixels,
 * every text escaped, every bar with a <title> so a reader can hover for
 * the exact numbers. */
#include "chart.h"

#include <string.h>

#include "html.h"
#include "strbuf.h"

static const char *const series_class[CHART_SERIES] = {"s0", "s1", "s2"};

enum {
    WIDTH = 760,
    LABEL_W = 270,
    NOTE_W = 120,
    BAR_W = WIDTH - LABEL_W - NOTE_W - 10,
    LEGEND_H = 22,
    LABEL_CHARS = 42
};

/* label cut to LABEL_CHARS characters (UTF-8 aware), with an ellipsis */
static void short_label(const char *s, strbuf *out)
{
    int chars = 0;
    const char *p = s;
    for (; *p && chars < LABEL_CHARS; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            chars++;
    while (*p && ((unsigned char)*p & 0xC0) == 0x80)
        p++;
    if (!*p) {
        strbuf_adds(out, s);
        return;
    }
    /* p is at the start of character LABEL_CHARS + 1: keep one less */
    do
        p--;
    while (p > s && ((unsigned char)*p & 0xC0) == 0x80);
    strbuf_add(out, s, (size_t)(p - s));
    strbuf_adds(out, "\xE2\x80\xA6");
}

static void legend(FILE *f, const chart_spec *sp)
{
    int x = LABEL_W;
    for (int k = 0; k < CHART_SERIES && sp->series[k]; k++) {
        html_printf(f, "<rect class=\"%s\" x=\"%d\" y=\"5\" width=\"12\" height=\"12\"/>",
                    series_class[k], x);
        html_printf(f, "<text x=\"%d\" y=\"15\">%s</text>", x + 16, sp->series[k]);
        x += 28 + 7 * (int)strlen(sp->series[k]);
    }
    if (sp->outline_name) {
        html_printf(f, "<rect class=\"cap\" x=\"%d\" y=\"5\" width=\"12\" height=\"12\"/>", x);
        html_printf(f, "<text x=\"%d\" y=\"15\">%s</text>", x + 16, sp->outline_name);
        x += 28 + 7 * (int)strlen(sp->outline_name);
    }
    if (sp->min_name) {
        html_printf(f, "<path class=\"min\" d=\"M%d 3V19\"/>", x + 4);
        html_printf(f, "<text x=\"%d\" y=\"15\">%s</text>", x + 12, sp->min_name);
        x += 24 + 7 * (int)strlen(sp->min_name);
    }
    if (sp->max_name) {
        html_printf(f, "<path class=\"max\" d=\"M%d 3V19\"/>", x + 4);
        html_printf(f, "<text x=\"%d\" y=\"15\">%s</text>", x + 12, sp->max_name);
    }
}

void chart_hbars(FILE *f, const chart_spec *sp, const chart_row *rows, int n)
{
    int nseries = 0, row_h, height;
    double top = 1;
    strbuf label;
    while (nseries < CHART_SERIES && sp->series[nseries])
        nseries++;
    if (nseries == 0)
        nseries = 1;
    row_h = 8 + 11 * nseries;
    height = LEGEND_H + n * row_h + 22;
    for (int i = 0; i < n; i++) {
        const chart_row *r = &rows[i];
        for (int k = 0; k < nseries; k++)
            if (r->value[k] > top)
                top = r->value[k];
        if (r->outline > top)
            top = r->outline;
        if (r->min > top)
            top = r->min;
        if (r->max > top)
            top = r->max;
    }
    html_printf(f,
                "<svg class=\"chart\" id=\"%s\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" "
                "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"><title>%s</title>",
                sp->id, WIDTH, height, WIDTH, height, sp->title);
    legend(f, sp);
    strbuf_init(&label);
    for (int i = 0; i < n; i++) {
        const chart_row *r = &rows[i];
        int y = LEGEND_H + i * row_h + 4;
        strbuf_reset(&label);
        short_label(r->label, &label);
        html_printf(f, "<g><title>%s: %s</title>", r->label, r->note ? r->note : "");
        html_printf(f, "<text class=\"label\" x=\"%d\" y=\"%d\">%s</text>", 4 + 12 * r->indent,
                    y + row_h / 2 + 1, label.buf);
        if (r->outline >= 0)
            html_printf(f,
                        "<rect class=\"cap\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                        LABEL_W, y, r->outline / top * BAR_W, row_h - 8);
        for (int k = 0; k < nseries; k++)
            html_printf(f, "<rect class=\"%s%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"9\"/>",
                        series_class[k], k == 0 && r->alert ? " alert" : "", LABEL_W,
                        y + 1 + 11 * k, r->value[k] / top * BAR_W);
        if (r->min > 0)
            html_printf(f, "<path class=\"min\" d=\"M%.1f %dV%d\"/>", LABEL_W + r->min / top * BAR_W,
                        y - 2, y + row_h - 6);
        if (r->max >= 0)
            html_printf(f, "<path class=\"max\" d=\"M%.1f %dV%d\"/>", LABEL_W + r->max / top * BAR_W,
                        y - 2, y + row_h - 6);
        html_printf(f, "<text class=\"note\" x=\"%d\" y=\"%d\">%s</text></g>",
                    LABEL_W + BAR_W + 8, y + row_h / 2 + 1, r->note ? r->note : "");
    }
    /* the scale: 0 and the top */
    html_printf(f, "<path class=\"axis\" d=\"M%d %dH%d\"/>", LABEL_W, height - 18,
                LABEL_W + BAR_W);
    html_printf(f, "<text class=\"tick\" x=\"%d\" y=\"%d\">0</text>", LABEL_W, height - 5);
    html_printf(f, "<text class=\"tick end\" x=\"%d\" y=\"%d\">%g</text>", LABEL_W + BAR_W,
                height - 5, top);
    fputs("</svg>\n", f);
    strbuf_release(&label);
}

void chart_vbars(FILE *f, const chart_spec *sp, const char *const *labels, const long *values,
                 int n)
{
    enum { PLOT_H = 180, TOP = 30, BOTTOM = 40 };
    long top = 1;
    int slot, bar, width, height = TOP + PLOT_H + BOTTOM;
    for (int i = 0; i < n; i++)
        if (values[i] > top)
            top = values[i];
    slot = n > 0 ? (WIDTH - 40) / n : WIDTH;
    if (slot > 70)
        slot = 70;
    if (slot < 6)
        slot = 6;
    bar = slot * 3 / 4;
    width = 40 + slot * n + 10;
    if (width < 300)
        width = 300;
    html_printf(f,
                "<svg class=\"chart\" id=\"%s\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" "
                "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\"><title>%s</title>",
                sp->id, width, height, width, height, sp->title);
    for (int i = 0; i < n; i++) {
        double h = (double)values[i] / (double)top * PLOT_H;
        int x = 40 + i * slot;
        html_printf(f, "<g><title>%s: %ld</title>", labels[i], values[i]);
        html_printf(f, "<rect class=\"s0\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>", x,
                    TOP + PLOT_H - h, bar, h);
        if (slot >= 24)
            html_printf(f, "<text class=\"tick mid\" x=\"%d\" y=\"%.1f\">%ld</text>", x + bar / 2,
                        TOP + PLOT_H - h - 4, values[i]);
        if (slot >= 24 || i % 5 == 0)
            html_printf(f, "<text class=\"tick mid\" x=\"%d\" y=\"%d\">%s</text>", x + bar / 2,
                        TOP + PLOT_H + 16, labels[i]);
        fputs("</g>", f);
    }
    html_printf(f, "<path class=\"axis\" d=\"M36 %dH%d\"/>", TOP + PLOT_H, width - 6);
    html_printf(f, "<text class=\"tick end\" x=\"32\" y=\"%d\">%ld</text>", TOP + 4, top);
    html_printf(f, "<text class=\"tick end\" x=\"32\" y=\"%d\">0</text>", TOP + PLOT_H);
    fputs("</svg>\n", f);
}
