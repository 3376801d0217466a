/* report.c - report.html (report.h): the page's sections in reading
 * order, each computed from the cycle and the assignment with the same
 * audit functions the CSVs use, so the page and the files never disagree.
 * Charts are drawn by chart.c, text is escaped by html.c. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "html.h"
#include "mem.h"
#include "method.h"
#include "objective.h"
#include "rounds.h"
#include "sortctx.h"
#include "stages.h"
#include "strbuf.h"
#include "waitlist.h"

/* Lists longer than this end with "and N more" (the CSVs hold them all). */
#define REPORT_LIST_MAX 500
/* Students named per leaf in the waitlists (waitlist.csv has them all). */
#define REPORT_WAITLIST_NAMES 3
/* Charts with more rows than this show the programs only. */
#define REPORT_CHART_ROWS 80

static const char *const style =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',Arial,sans-serif;"
    "color:#1b1f24;max-width:1000px;margin:0 auto;padding:16px 24px}"
    "h1{font-size:24px;margin:8px 0 2px}h2{font-size:19px;margin:28px 0 8px;"
    "border-bottom:2px solid #d0d7de;padding-bottom:3px;break-after:avoid}"
    "h3{font-size:15px;margin:18px 0 4px;break-after:avoid}"
    ".sub{color:#57606a;margin:0 0 12px}nav{margin:10px 0 4px;font-size:13px}"
    "nav a{margin-right:12px;color:#0550ae;text-decoration:none}"
    "table{border-collapse:collapse;margin:6px 0 10px;font-size:13px;width:100%}"
    "th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#f3f5f7}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "tr{break-inside:avoid}table.facts{width:auto}table.facts th{width:190px}"
    ".id{color:#57606a;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}"
    ".reason{font-size:12px;color:#333}.ok{color:#1a7f37;font-weight:600}"
    ".warn{color:#9a6700;font-weight:600}.bad{color:#cf222e;font-weight:600}"
    ".note{color:#57606a;font-size:12px}ul.warnings{font-size:12px;padding-left:18px}"
    "svg.chart{display:block;max-width:100%;height:auto;margin:6px 0 12px}"
    "svg text{font:11px system-ui,'Noto Sans','DejaVu Sans',Arial,sans-serif;fill:#1b1f24}"
    "svg text.tick{fill:#57606a}svg text.end{text-anchor:end}svg text.mid{text-anchor:middle}"
    "svg .s0{fill:#4c78a8}svg .s1{fill:#f58518}svg .s2{fill:#9ecae9}svg .alert{fill:#e45756}"
    "svg .cap{fill:none;stroke:#8c959f;stroke-width:1;stroke-dasharray:3 2}"
    "svg .min{stroke:#cf222e;stroke-width:2}svg .max{stroke:#1b1f24;stroke-width:2}"
    "svg .axis{stroke:#8c959f}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}"
    "table{font-size:10px}h2{break-before:auto}section{break-inside:auto}}";

/* ---- small writers ---- */

/* "Name (id)" with the id in its own style; the id alone when unnamed. */
static void student_cell(FILE *f, const cycle *c, int s)
{
    const cycle_student *st = &c->students[s];
    if (st->name[0])
        html_printf(f, "%s <span class=\"id\">%s</span>", st->name, st->id);
    else
        html_printf(f, "<span class=\"id\">%s</span>", st->id);
}

static void node_cell(FILE *f, const cycle *c, int v)
{
    const cycle_node *n = &c->nodes[v];
    if (n->name[0] && strcmp(n->name, n->id) != 0)
        html_printf(f, "%s <span class=\"id\">%s</span>", n->name, n->id);
    else
        html_printf(f, "<span class=\"id\">%s</span>", n->id);
}

/* A node's label in a chart: its name, else its id. */
static const char *node_label(const cycle *c, int v)
{
    return c->nodes[v].name[0] ? c->nodes[v].name : c->nodes[v].id;
}

static void fact(FILE *f, const char *name, const char *value)
{
    html_printf(f, "<tr><th>%s</th><td>%s</td></tr>\n", name, value);
}

static void fact_long(FILE *f, const char *name, long v)
{
    html_printf(f, "<tr><th>%s</th><td>%ld</td></tr>\n", name, v);
}

static void more(FILE *f, long shown, long total, const char *file)
{
    if (total > shown)
        html_printf(f, "<p class=\"note\">and %ld more (all in %s)</p>\n", total - shown, file);
}

/* ---- the sections ---- */

typedef struct page {
    FILE *f;
    const report_input *in;
    const cycle *c;
    audit_view view;
    audit_profile prof;
    rules verify_rules;     /* verify: the rules reasons are weighed against */
    stage_def verify_stages[STAGES_MAX];
    double deadline;        /* the run's results_info.deadline, 0: none */
    int late;               /* a section stopped at it */
} page;

static void run_date(strbuf *out)
{
    /* SOURCE_DATE_EPOCH (reproducible builds) fixes the date */
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t now = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
    struct tm tm;
    char buf[64];
    gmtime_r(&now, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M UTC", &tm);
    strbuf_adds(out, buf);
}

static const char *status_words(const char *word)
{
    if (strcmp(word, "optimal") == 0)
        return "every stage of the objective is proven optimal";
    if (strcmp(word, "time_limit") == 0)
        return "stopped by the time limit: the best assignment found, not proven optimal";
    if (strcmp(word, "feasible") == 0)
        return "valid, but optimality is not proven";
    return "";
}

static void section_run(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    const results_info *info = p->in->info;
    strbuf sb;
    strbuf_init(&sb);
    html_printf(f, "<section id=\"run\"><h2>The run</h2>\n<table class=\"facts\">\n");
    if (info) {
        html_printf(f, "<tr><th>status</th><td><span class=\"%s\">%s</span> — %s</td></tr>\n",
                    strcmp(info->status, "optimal") == 0 ? "ok" : "warn", info->status,
                    status_words(info->status));
        fact(f, "objective", info->objective);
        html_printf(f, "<tr><th>stable</th><td>%s</td></tr>\n",
                    info->stable ? "yes: no student was passed over (--stable)"
                                 : "not required (without --stable)");
        if (info->require_all)
            fact(f, "require all", "every student must be placed (--require-all)");
        fact(f, "method", method_name(info->method));
        strbuf_reset(&sb);
        if (isfinite(info->gap)) /* else unknown: no bound */
            strbuf_addf(&sb, "%.4g %%", info->gap * 100);
        else
            strbuf_adds(&sb, "unknown");
        fact(f, "proven gap", sb.buf);
        for (int i = 0; i < info->nstages; i++) {
            strbuf_reset(&sb);
            strbuf_addf(&sb, "stage: %s", info->stage_names[i]);
            fact_long(f, sb.buf, info->stage_values[i]);
        }
        strbuf_reset(&sb);
        strbuf_addf(&sb, "%.2f s", info->solve_seconds);
        fact(f, "solve time", sb.buf);
    } else {
        html_printf(f, "<tr><th>audited file</th><td>%s</td></tr>\n", p->in->audited);
        html_printf(f, "<tr><th>status</th><td><span class=\"%s\">%s</span></td></tr>\n",
                    p->in->nviolations ? "bad" : "ok",
                    p->in->nviolations ? "violations: the assignment breaks a rule"
                                       : "valid: the assignment breaks no rule");
        fact_long(f, "broken rules", p->in->nviolations);
    }
    if (c->round_number > 1) {
        long n[4], fresh = rounds_count(c, p->in->leaf_of, n);
        html_printf(f,
                    "<tr><th>round</th><td>%d — after the offers of the previous round "
                    "(assignments.csv <span class=\"id\">%s</span>): %ld accepted and kept, %ld "
                    "holding their offers, %ld declined; %ld newly placed of the %ld who "
                    "competed for the seats left</td></tr>\n",
                    c->round_number, c->previous_sha256, n[CYCLE_ROUND_KEPT],
                    n[CYCLE_ROUND_HELD], n[CYCLE_ROUND_DECLINED], fresh, n[CYCLE_ROUND_OPEN]);
    }
    /* how a tie in priority was settled: by the published lottery, or
       not at all (the canonical order decides among equal answers) */
    if (c->lottery)
        html_printf(f,
                    "<tr><th>ties in priority</th><td>broken by the lottery: of two students "
                    "equal in priority at a place, the one with the lower number in %s "
                    "(sha256 <span class=\"id\">%s</span>) stands higher</td></tr>\n",
                    cycle_file_name(CYCLE_LOTTERY), c->sha256[CYCLE_LOTTERY]);
    else
        html_printf(f,
                    "<tr><th>ties in priority</th><td>by id order: no %s, so students equal "
                    "in priority at a place stay equal there, and where one of them must be "
                    "chosen the order of student ids decides</td></tr>\n",
                    cycle_file_name(CYCLE_LOTTERY));
    fact_long(f, "students", c->nstudents);
    fact_long(f, "placed", p->prof.placed);
    fact_long(f, "unplaced", c->nstudents - p->prof.placed);
    fact_long(f, "total rank", p->prof.total_rank);
    html_printf(f, "<tr><th>blocking pairs</th><td><span class=\"%s\">%ld</span>%s</td></tr>\n",
                p->in->nbp ? "warn" : "ok", p->in->nbp,
                p->in->nbp ? " — students passed over by someone of lower priority (below)" : "");
    if (info && info->stable_placed_is == RESULTS_STABLE_KNOWN)
        html_printf(f,
                    "<tr><th>stable placed</th><td>%ld — what a stable assignment would place"
                    "</td></tr>\n",
                    info->stable_placed);
    strbuf_reset(&sb);
    run_date(&sb);
    fact(f, "date", sb.buf);
    strbuf_reset(&sb);
    strbuf_addf(&sb, "placement %s, GLPK %s", ENGINE_VERSION,
                info && info->glpk_version ? info->glpk_version : "(not used)");
    fact(f, "versions", sb.buf);
    html_printf(f, "<tr><th>cycle</th><td>%s</td></tr>\n", c->dir);
    html_printf(f, "<tr><th>input fingerprints</th><td>");
    for (int k = 0; k < CYCLE_NFILES; k++) {
        if (!c->paths[k])
            continue;
        html_printf(f, "%s <span class=\"id\">%s</span><br>", cycle_file_name((enum cycle_file)k),
                    c->sha256[k]);
    }
    html_printf(f, "</td></tr>\n</table></section>\n");
    strbuf_release(&sb);
}

static void section_warnings(page *p)
{
    FILE *f = p->f;
    const diag *w = p->in->warnings;
    long shown = 0, total = w ? (long)w->warnings : 0;
    html_printf(f, "<section id=\"warnings\"><h2>Warnings about the cycle</h2>\n");
    if (total == 0) {
        html_printf(f, "<p>None: every file was read without a warning.</p></section>\n");
        return;
    }
    html_printf(f,
                "<p>%ld warning%s: none stops the run, but each may mean the cycle is not what "
                "its coordinator meant (<span class=\"id\">placement check</span> prints them "
                "too).</p>\n<ul class=\"warnings\">\n",
                total, total == 1 ? "" : "s");
    for (size_t i = 0; i < w->count && shown < REPORT_LIST_MAX; i++) {
        char *text;
        if (w->msgs[i].level != DIAG_WARNING)
            continue;
        text = diag_format(&w->msgs[i]);
        html_printf(f, "<li>%s</li>\n", text);
        free(text);
        shown++;
    }
    html_printf(f, "</ul>\n");
    more(f, shown, total, "the output of placement check");
    html_printf(f, "</section>\n");
}

static void section_profile(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    int n = p->prof.nranks + 2; /* the ranks in use, unranked, unplaced */
    const char **labels;
    long *values;
    strbuf names;
    chart_spec spec = {"chart-rank-profile", "Students placed at each rank", {"students"}, NULL,
                       NULL, NULL};
    MEM_ALLOC_ARRAY(labels, n);
    MEM_ALLOC_ARRAY(values, n);
    strbuf_init(&names);
    /* the labels live in one buffer: offsets first, pointers after */
    for (int i = 0; i < p->prof.nranks; i++)
        strbuf_addf(&names, "%d%c", p->prof.ranks[i], '\0');
    {
        const char *q = names.buf;
        for (int i = 0; i < p->prof.nranks; i++) {
            labels[i] = q;
            values[i] = p->prof.count[i];
            q += strlen(q) + 1;
        }
    }
    labels[n - 2] = "unranked";
    values[n - 2] = p->prof.count[p->prof.nranks];
    labels[n - 1] = "unplaced";
    values[n - 1] = c->nstudents - p->prof.placed;
    html_printf(f,
                "<section id=\"rank-profile\"><h2>Rank profile</h2>\n<p>How many students got "
                "their first choice, their second, …; <i>unranked</i>: placed where they did not "
                "rank (a <span class=\"id\">fix</span>); <i>unplaced</i>: no seat.</p>\n");
    chart_vbars(f, &spec, labels, values, n);
    html_printf(f, "<table><thead><tr>");
    for (int i = 0; i < n; i++)
        html_printf(f, "<th class=\"n\">%s</th>", labels[i]);
    html_printf(f, "</tr></thead><tbody><tr>");
    for (int i = 0; i < n; i++)
        html_printf(f, "<td class=\"n\">%ld</td>", values[i]);
    html_printf(f, "</tr></tbody></table></section>\n");
    strbuf_release(&names);
    free(labels);
    free(values);
}

/* The programs and labs to chart: all of them, or the programs only when
 * there are too many. Returns their number, node indices into *out. */
static int charted_nodes(const cycle *c, int **out, int *programs_only)
{
    int n = 0, all = 0;
    MEM_ALLOC_ARRAY(*out, c->nnodes + 1);
    for (int v = 0; v < c->nnodes; v++)
        all += c->nodes[v].level <= CYCLE_LAB;
    *programs_only = all > REPORT_CHART_ROWS;
    for (int v = 0; v < c->nnodes; v++)
        if (c->nodes[v].level == CYCLE_PROGRAM ||
            (!*programs_only && c->nodes[v].level == CYCLE_LAB))
            (*out)[n++] = v;
    return n;
}

static void section_fill(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    int *nodes, only, n = charted_nodes(c, &nodes, &only);
    chart_row *rows;
    strbuf notes;
    size_t *at;
    chart_spec spec = {"chart-fill",  "Fill of every program and lab against capacity and minimum",
                       {"placed"},    "capacity",
                       "minimum",     NULL};
    MEM_ALLOC_ARRAY(rows, n + 1);
    MEM_ALLOC_ARRAY(at, n + 1);
    strbuf_init(&notes);
    for (int i = 0; i < n; i++) {
        const cycle_node *nd = &c->nodes[nodes[i]];
        int placed = p->view.count[nodes[i]];
        at[i] = notes.len;
        if (nd->capacity >= 0)
            strbuf_addf(&notes, "%d / %d", placed, nd->capacity);
        else
            strbuf_addf(&notes, "%d (no limit)", placed);
        if (nd->min > 0)
            strbuf_addf(&notes, ", min %d", nd->min);
        strbuf_addc(&notes, '\0');
        memset(&rows[i], 0, sizeof(rows[i]));
        rows[i].label = node_label(c, nodes[i]);
        rows[i].value[0] = placed;
        rows[i].outline = nd->capacity;
        rows[i].min = nd->min;
        rows[i].max = -1;
        rows[i].indent = nd->level;
        rows[i].alert = placed < nd->min || (nd->capacity >= 0 && placed > nd->capacity);
    }
    for (int i = 0; i < n; i++)
        rows[i].note = notes.buf + at[i];
    html_printf(f,
                "<section id=\"fill\"><h2>Fill against capacity</h2>\n<p>Students placed in "
                "each program%s (its whole subtree), the dashed box its capacity, the red mark "
                "its minimum.%s</p>\n",
                only ? "" : " and lab",
                only ? " The cycle has too many labs to chart; capacity.csv lists them all." : "");
    chart_hbars(f, &spec, rows, n);
    html_printf(f, "</section>\n");
    strbuf_release(&notes);
    free(at);
    free(rows);
    free(nodes);
}

/* A program's seats: its capacity, else the sum of its children's when
 * each has one; -1 when unlimited. */
static long program_seats(const cycle *c, int v)
{
    long sum = 0;
    if (c->nodes[v].capacity >= 0)
        return c->nodes[v].capacity;
    if (c->nodes[v].leaf >= 0)
        return -1;
    for (int u = v + 1; u < c->nodes[v].end; u = c->nodes[u].end) {
        long k = program_seats(c, u);
        if (k < 0)
            return -1;
        sum += k;
    }
    return sum;
}

static void section_demand(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    admit_demand *dm;
    int n = 0;
    chart_row *rows;
    strbuf notes;
    size_t *at;
    chart_spec spec = {"chart-demand",
                       "Demand against seats per program",
                       {"seats", "first choices", "applicants"},
                       NULL,
                       NULL,
                       NULL};
    MEM_ALLOC_ARRAY(dm, c->nnodes + 1);
    MEM_ALLOC_ARRAY(rows, c->nnodes + 1);
    MEM_ALLOC_ARRAY(at, c->nnodes + 1);
    strbuf_init(&notes);
    admit_demand_count(p->in->a, c, dm);
    for (int v = 0; v < c->nnodes; v = c->nodes[v].end) {
        long seats = program_seats(c, v);
        at[n] = notes.len;
        if (seats >= 0)
            strbuf_addf(&notes, "%ld seats, %d / %d", seats, dm[v].first, dm[v].total);
        else
            strbuf_addf(&notes, "no limit, %d / %d", dm[v].first, dm[v].total);
        strbuf_addc(&notes, '\0');
        memset(&rows[n], 0, sizeof(rows[n]));
        rows[n].label = node_label(c, v);
        rows[n].value[0] = seats >= 0 ? (double)seats : 0;
        rows[n].value[1] = dm[v].first;
        rows[n].value[2] = dm[v].total;
        rows[n].outline = rows[n].min = rows[n].max = -1;
        n++;
    }
    for (int i = 0; i < n; i++)
        rows[i].note = notes.buf + at[i];
    html_printf(f,
                "<section id=\"demand\"><h2>Demand against seats</h2>\n<p>Per program: its "
                "seats, the students whose first choice is in it, and all students who ranked "
                "it or a place in it (note: seats, first choices / applicants).</p>\n");
    chart_hbars(f, &spec, rows, n);
    html_printf(f, "</section>\n");
    strbuf_release(&notes);
    free(at);
    free(rows);
    free(dm);
}

static void quota_name(const cycle *c, const cycle_quota *q, strbuf *out)
{
    strbuf_addf(out, "%s=%s %s%s", cycle_field_name(q->field), q->value_text,
                q->scope >= 0 ? "in " : "(whole cycle)", q->scope >= 0 ? c->nodes[q->scope].id : "");
}

static void section_quotas(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    chart_row *rows;
    strbuf text;
    size_t *at;
    int n = c->nquotas < REPORT_CHART_ROWS ? c->nquotas : REPORT_CHART_ROWS;
    chart_spec spec = {"chart-quotas", "Quota fill against bounds", {"counted"}, NULL,
                       "minimum",      "maximum"};
    html_printf(f, "<section id=\"quotas\"><h2>Quotas</h2>\n");
    if (c->nquotas == 0) {
        html_printf(f, "<p>The cycle has no quotas (no quotas.csv rows).</p></section>\n");
        return;
    }
    MEM_ALLOC_ARRAY(rows, n + 1);
    MEM_ALLOC_ARRAY(at, 2 * n + 1);
    strbuf_init(&text);
    for (int q = 0; q < n; q++) {
        const cycle_quota *qu = &c->quotas[q];
        int k = p->view.qcount[q];
        at[2 * q] = text.len;
        quota_name(c, qu, &text);
        strbuf_addc(&text, '\0');
        at[2 * q + 1] = text.len;
        strbuf_addf(&text, "%d", k);
        if (qu->max >= 0)
            strbuf_addf(&text, " of max %d", qu->max);
        if (qu->min > 0)
            strbuf_addf(&text, ", min %d", qu->min);
        strbuf_addc(&text, '\0');
        memset(&rows[q], 0, sizeof(rows[q]));
        rows[q].value[0] = k;
        rows[q].outline = -1;
        rows[q].min = qu->min;
        rows[q].max = qu->max;
        rows[q].alert = k < qu->min || (qu->max >= 0 && k > qu->max);
    }
    for (int q = 0; q < n; q++) {
        rows[q].label = text.buf + at[2 * q];
        rows[q].note = text.buf + at[2 * q + 1];
    }
    html_printf(f,
                "<p>Each quota counts the placed students with a home, a year or a tag, in the "
                "whole cycle or within one place; the red mark is its minimum, the black its "
                "maximum.</p>\n");
    chart_hbars(f, &spec, rows, n);
    more(f, n, c->nquotas, "quotas.csv");
    html_printf(f, "</section>\n");
    strbuf_release(&text);
    free(at);
    free(rows);
}

/* A roster entry: a student and her priority key at the roster's node. */
typedef struct roster_entry {
    int student, key;
} roster_entry;

static int cmp_roster(const void *x, const void *y)
{
    const roster_entry *p = x, *q = y;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return p->student < q->student ? -1 : p->student > q->student;
}

/* The roster of node v: its placed students (n of them in buf, any order)
 * by priority there. */
static void roster(page *p, int v, roster_entry *buf, int n, strbuf *by, strbuf *val)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    const cycle_node *nd = &c->nodes[v];
    for (int i = 0; i < n; i++)
        buf[i].key = admit_priority_key(p->in->a, c, v, buf[i].student);
    mem_sort(buf, (size_t)n, sizeof(*buf), cmp_roster);
    html_printf(f, "<h3 id=\"roster-%s\">", nd->id);
    node_cell(f, c, v);
    html_printf(f, " <span class=\"note\">%s, %d placed", cycle_level_name(nd->level), n);
    if (nd->capacity >= 0)
        html_printf(f, " of %d seats", nd->capacity);
    if (nd->min > 0)
        html_printf(f, ", min %d", nd->min);
    strbuf_reset(by);
    strbuf_reset(val);
    if (n > 0)
        admit_priority_describe(p->in->a, c, v, buf[0].student, by, val);
    if (by->len)
        html_printf(f, "; ordered by %s", by->buf);
    html_printf(f, "</span></h3>\n<table class=\"roster\" data-node=\"%s\"><thead><tr>"
                   "<th class=\"n\">#</th><th>student</th><th>placed at</th><th class=\"n\">rank"
                   "</th><th class=\"n\">priority</th><th>status</th></tr></thead><tbody>\n",
                nd->id);
    for (int i = 0; i < n; i++) {
        int s = buf[i].student, leaf = p->in->leaf_of[s], r = audit_rank(c, s, leaf);
        strbuf_reset(by);
        strbuf_reset(val);
        admit_priority_describe(p->in->a, c, v, s, by, val);
        html_printf(f, "<tr><td class=\"n\">%d</td><td>", i + 1);
        student_cell(f, c, s);
        html_printf(f, "</td><td>");
        node_cell(f, c, c->leaves[leaf]);
        if (r > 0)
            html_printf(f, "</td><td class=\"n\">%d", r);
        else
            html_printf(f, "</td><td class=\"n\">unranked");
        html_printf(f, "</td><td class=\"n\">%s</td><td>%s</td></tr>\n",
                    val->len ? val->buf : "—", cycle_status_word(c, s, 1));
    }
    html_printf(f, "</tbody></table>\n");
}

static void section_rosters(page *p)
{
    const cycle *c = p->c;
    const int *count = p->view.count;
    roster_entry *buf;
    int *start, *fill;
    strbuf by, val;
    /* the placed students of every node's subtree, bucketed once:
       node v's are buf[start[v] .. start[v] + count[v]) */
    MEM_ALLOC_ARRAY(start, c->nnodes + 1);
    MEM_ALLOC_ARRAY(fill, c->nnodes + 1);
    start[0] = 0;
    for (int v = 0; v < c->nnodes; v++) {
        start[v + 1] = start[v] + count[v];
        fill[v] = start[v];
    }
    MEM_ALLOC_ARRAY(buf, start[c->nnodes] + 1);
    for (int s = 0; s < c->nstudents; s++)
        if (p->in->leaf_of[s] >= 0)
            for (int v = c->leaves[p->in->leaf_of[s]]; v >= 0; v = c->nodes[v].parent)
                buf[fill[v]++].student = s;
    strbuf_init(&by);
    strbuf_init(&val);
    html_printf(p->f,
                "<section id=\"rosters\"><h2>Rosters</h2>\n<p>Every program and lab with the "
                "students placed in it, in its order of priority (its ranking, else the "
                "students' scores), so a reader can check that seats went by merit.</p>\n");
    for (int v = 0; v < c->nnodes; v++)
        if (c->nodes[v].level <= CYCLE_LAB)
            roster(p, v, buf + start[v], count[v], &by, &val);
    html_printf(p->f, "</section>\n");
    strbuf_release(&by);
    strbuf_release(&val);
    free(buf);
    free(fill);
    free(start);
}

static void section_unplaced(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    long total = c->nstudents - p->prof.placed, shown = 0;
    strbuf reason;
    strbuf_init(&reason);
    html_printf(f, "<section id=\"unplaced\"><h2>Unplaced students</h2>\n");
    html_printf(f, "<p>%ld student%s without a seat, each with the reason, choice by choice.</p>\n",
                total, total == 1 ? "" : "s");
    html_printf(f, "<table id=\"unplaced-table\"><thead><tr><th>student</th><th>home</th>"
                   "<th class=\"n\">year</th><th class=\"n\">score</th><th>reason</th></tr>"
                   "</thead><tbody>\n");
    for (int s = 0; s < c->nstudents && shown < REPORT_LIST_MAX; s++) {
        const cycle_student *st = &c->students[s];
        if (p->in->leaf_of[s] >= 0)
            continue;
        strbuf_reset(&reason);
        audit_reason(&p->view, s, &reason);
        html_printf(f, "<tr><td>");
        student_cell(f, c, s);
        html_printf(f, "</td><td>%s</td><td class=\"n\">", st->home >= 0 ? c->homes[st->home] : "");
        if (st->year >= 0)
            html_printf(f, "%d", st->year);
        html_printf(f, "</td><td class=\"n\">");
        if (st->score)
            html_printf(f, "%s", st->score); /* as written */
        html_printf(f, "</td><td class=\"reason\">%s</td></tr>\n", reason.buf);
        shown++;
    }
    html_printf(f, "</tbody></table>\n");
    more(f, shown, total, "assignments.csv");
    html_printf(f, "</section>\n");
    strbuf_release(&reason);
}

static void section_blocking(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    const int *leaf_of = p->in->leaf_of;
    long shown = 0;
    strbuf by, sv, hv;
    strbuf_init(&by);
    strbuf_init(&sv);
    strbuf_init(&hv);
    html_printf(f, "<section id=\"blocking\"><h2>Blocking pairs</h2>\n");
    if (p->in->nbp == 0)
        html_printf(f, "<p>None: no student would rather have a seat that is free or held by "
                       "someone she outranks. The assignment is stable.</p>\n");
    else
        html_printf(f,
                    "<p>%ld pair%s: the student would rather be at the seat, and at the place "
                    "that stops her (the lowest full place on the way) she outranks the holder "
                    "named. A stable assignment has none; without <span class=\"id\">--stable"
                    "</span> the engine may accept some to place more students or give better "
                    "ranks overall (each student's reason says what the swap would cost).</p>\n",
                    p->in->nbp, p->in->nbp == 1 ? "" : "s");
    html_printf(f, "<table id=\"blocking-table\"><thead><tr><th>student</th><th>would rather be "
                   "at</th><th class=\"n\">rank</th><th>now at</th><th class=\"n\">rank</th>"
                   "<th>stopped at</th><th>holder there</th><th>priority by</th>"
                   "<th class=\"n\">student</th><th class=\"n\">holder</th></tr></thead><tbody>\n");
    for (long i = 0; i < p->in->nbp && shown < REPORT_LIST_MAX; i++, shown++) {
        int s = p->in->bp[i].student, leaf = p->in->bp[i].leaf, cur = leaf_of[s];
        int r = audit_rank(c, s, leaf), cr = cur >= 0 ? audit_rank(c, s, cur) : 0;
        audit_stop stop = audit_pair_priorities(&p->view, s, leaf, &by, &sv, &hv);
        html_printf(f, "<tr><td>");
        student_cell(f, c, s);
        html_printf(f, "</td><td>");
        node_cell(f, c, c->leaves[leaf]);
        html_printf(f, "</td><td class=\"n\">%d</td><td>", r);
        if (cur >= 0) {
            node_cell(f, c, c->leaves[cur]);
            html_printf(f, "</td><td class=\"n\">");
            if (cr > 0)
                html_printf(f, "%d", cr);
        } else {
            html_printf(f, "<i>unplaced</i></td><td class=\"n\">");
        }
        html_printf(f, "</td><td>");
        if (stop.node >= 0)
            node_cell(f, c, stop.node);
        else
            html_printf(f, "<i>a seat is free</i>");
        html_printf(f, "</td><td>");
        if (stop.holder >= 0)
            student_cell(f, c, stop.holder);
        html_printf(f, "</td><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
                    by.buf, sv.buf, hv.buf);
    }
    html_printf(f, "</tbody></table>\n");
    more(f, shown, p->in->nbp, "blocking_pairs.csv");
    html_printf(f, "</section>\n");
    strbuf_release(&by);
    strbuf_release(&sv);
    strbuf_release(&hv);
}

/* One row per leaf someone waits for, in the tree's order: how many, and
 * the first few in line with where they are now. */
static void section_waitlist(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    const int *leaf_of = p->in->leaf_of;
    waitlist wl;
    long leaves = 0, shown = 0;
    if (waitlist_init(&wl, c, p->in->a, leaf_of, p->deadline) != ST_OK) {
        p->late = 1;
        return;
    }
    for (int t = 0; t < c->nleaves; t++)
        leaves += wl.first[t + 1] > wl.first[t];
    html_printf(f, "<section id=\"waitlist\"><h2>Waitlists</h2>\n");
    if (wl.n == 0)
        html_printf(f, "<p>Nobody is waiting: no student could take a seat that frees up.</p>\n");
    else
        html_printf(f,
                    "<p>%ld place%s, %ld entr%s: who would take a seat there if one freed up "
                    "(admissible, ranking it above her own seat, not fixed, and held back by no "
                    "minimum or quota), in the order of the place's priority. The first %d are "
                    "named; waitlist.csv lists them all.</p>\n",
                    leaves, leaves == 1 ? "" : "s", wl.n, wl.n == 1 ? "y" : "ies",
                    REPORT_WAITLIST_NAMES);
    html_printf(f, "<table id=\"waitlist-table\"><thead><tr><th>place</th>"
                   "<th class=\"n\">waiting</th><th>next in line (rank; now at)</th></tr>"
                   "</thead><tbody>\n");
    for (int t = 0; t < c->nleaves && shown < REPORT_LIST_MAX; t++) {
        long lo = wl.first[t], hi = wl.first[t + 1];
        if (lo == hi)
            continue;
        html_printf(f, "<tr><td>");
        node_cell(f, c, c->leaves[t]);
        html_printf(f, "</td><td class=\"n\">%ld</td><td>", hi - lo);
        for (long k = lo; k < hi && k < lo + REPORT_WAITLIST_NAMES; k++) {
            int s = wl.v[k].student, cur = leaf_of[s], r = audit_rank(c, s, t);
            if (k > lo)
                html_printf(f, "<br>"); /* markup in the format, never through %s */
            html_printf(f, "%ld. ", k - lo + 1);
            student_cell(f, c, s);
            html_printf(f, " (");
            if (r > 0)
                html_printf(f, "%d; ", r);
            if (cur >= 0)
                node_cell(f, c, c->leaves[cur]);
            else
                html_printf(f, "<i>unplaced</i>");
            html_printf(f, ")");
        }
        html_printf(f, "</td></tr>\n");
        shown++;
    }
    html_printf(f, "</tbody></table>\n");
    more(f, shown, leaves, "waitlist.csv");
    html_printf(f, "</section>\n");
    waitlist_release(&wl);
}

static void section_violations(page *p)
{
    FILE *f = p->f;
    long n = p->in->nviolations, shown = 0;
    html_printf(f, "<section id=\"violations\"><h2>Broken rules</h2>\n");
    if (n == 0) {
        html_printf(f, "<p>None.</p></section>\n");
        return;
    }
    html_printf(f, "<ul>\n");
    for (; shown < n && shown < REPORT_LIST_MAX; shown++)
        html_printf(f, "<li>%s</li>\n", p->in->violations[shown]);
    html_printf(f, "</ul>\n");
    more(f, shown, n, "violations.csv");
    html_printf(f, "</section>\n");
}

/* A leaf id from a results file, with its name when this cycle has it. */
static void leaf_id_cell(FILE *f, const cycle *c, const char *id, const char *rank)
{
    int v = id[0] ? cycle_node_index(c, id) : -1;
    if (!id[0])
        html_printf(f, "<i>unplaced</i>");
    else if (v >= 0)
        node_cell(f, c, v);
    else
        html_printf(f, "<span class=\"id\">%s</span>", id);
    if (rank[0])
        html_printf(f, " (rank %s)", rank);
}

static void compare_pairs(page *p, const char *title, const diff_pair *pairs, size_t n)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    size_t shown = 0;
    html_printf(f, "<h3>%s: %zu</h3>\n", title, n);
    if (n == 0)
        return;
    html_printf(f, "<table class=\"compare-pairs\"><thead><tr><th>student</th><th>would rather "
                   "be at</th><th>was at</th></tr></thead><tbody>\n");
    for (; shown < n && shown < REPORT_LIST_MAX; shown++) {
        int s = cycle_student_index(c, pairs[shown].student);
        html_printf(f, "<tr><td>");
        if (s >= 0)
            student_cell(f, c, s);
        else
            html_printf(f, "<span class=\"id\">%s</span>", pairs[shown].student);
        html_printf(f, "</td><td>");
        leaf_id_cell(f, c, pairs[shown].leaf, pairs[shown].rank);
        html_printf(f, "</td><td>");
        leaf_id_cell(f, c, pairs[shown].current_leaf, pairs[shown].current_rank);
        html_printf(f, "</td></tr>\n");
    }
    html_printf(f, "</tbody></table>\n");
    more(f, (long)shown, (long)n, "the output of placement diff");
}

static void section_compare(page *p)
{
    FILE *f = p->f;
    const cycle *c = p->c;
    const diff *df = p->in->compare;
    size_t shown = 0;
    long changed_nodes = 0;
    html_printf(f, "<section id=\"compare\"><h2>Compared with earlier results</h2>\n<p>These "
                   "results against <span class=\"id\">%s</span> (<span class=\"id\">solve "
                   "--compare</span>; <span class=\"id\">placement diff</span> gives the same "
                   "as text or CSV).",
                df->old_dir);
    if (!df->cycle.same)
        html_printf(f, " <span class=\"warn\">The two are not of one cycle</span> (compared "
                       "with --force).");
    html_printf(f, "</p>\n");
    if (diff_empty(df)) {
        html_printf(f, "<p class=\"ok\">No differences.</p></section>\n");
        return;
    }
    html_printf(f, "<table class=\"facts\" id=\"compare-metrics\"><thead><tr><th>metric</th>"
                   "<th>earlier</th><th>now</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < df->nmetrics; i++) {
        const diff_metric *m = &df->metrics[i];
        if (strncmp(m->name, "rank_", 5) == 0 && !m->changed)
            continue;
        html_printf(f, m->changed ? "<tr><th>%s</th><td>%s</td><td class=\"warn\">%s</td></tr>\n"
                                  : "<tr><th>%s</th><td>%s</td><td>%s</td></tr>\n",
                    m->name, m->old, m->new);
    }
    html_printf(f, "</tbody></table>\n<p>");
    for (int k = 0; k < DIFF_NKINDS; k++)
        if (df->count[k])
            html_printf(f, "%s: <b>%ld</b>; ", diff_kind_name((enum diff_kind)k), df->count[k]);
    html_printf(f, "better rank: <b>%ld</b>, worse rank: <b>%ld</b>.</p>\n", df->rank_better,
                df->rank_worse);
    if (df->nstudents) {
        html_printf(f, "<h3>Students whose seat changed: %zu</h3>\n<table id=\"compare-students\">"
                       "<thead><tr><th>student</th><th>change</th><th>earlier</th><th>now</th>"
                       "</tr></thead><tbody>\n",
                    df->nstudents);
        for (; shown < df->nstudents && shown < REPORT_LIST_MAX; shown++) {
            const diff_student *ds = &df->students[shown];
            int s = cycle_student_index(c, ds->id);
            html_printf(f, "<tr><td>");
            if (s >= 0)
                student_cell(f, c, s);
            else
                html_printf(f, "%s <span class=\"id\">%s</span>", ds->name, ds->id);
            html_printf(f, "</td><td>%s</td><td>", diff_kind_name(ds->kind));
            if (ds->old.present)
                leaf_id_cell(f, c, ds->old.leaf, ds->old.rank);
            html_printf(f, "</td><td>");
            if (ds->new.present)
                leaf_id_cell(f, c, ds->new.leaf, ds->new.rank);
            html_printf(f, "</td></tr>\n");
        }
        html_printf(f, "</tbody></table>\n");
        more(f, (long)shown, (long)df->nstudents, "the output of placement diff");
    }
    for (size_t i = 0; i < df->nnodes; i++)
        changed_nodes += df->nodes[i].old_placed != df->nodes[i].new_placed ||
                         df->nodes[i].old_capacity != df->nodes[i].new_capacity;
    if (changed_nodes) {
        html_printf(f, "<h3>Places whose fill or capacity changed: %ld</h3>\n<table "
                       "id=\"compare-places\"><thead><tr><th>place</th><th class=\"n\">placed "
                       "earlier</th><th class=\"n\">now</th><th class=\"n\">capacity earlier</th>"
                       "<th class=\"n\">now</th></tr></thead><tbody>\n",
                    changed_nodes);
        for (size_t i = 0, rows = 0; i < df->nnodes && rows < REPORT_LIST_MAX; i++) {
            const diff_node *dn = &df->nodes[i];
            int v = cycle_node_index(c, dn->id);
            if (dn->old_placed == dn->new_placed && dn->old_capacity == dn->new_capacity)
                continue;
            rows++;
            html_printf(f, "<tr><td>");
            if (v >= 0)
                node_cell(f, c, v);
            else
                html_printf(f, "<span class=\"id\">%s</span>", dn->id);
            html_printf(f, " <span class=\"note\">%s</span></td>", dn->level);
            if (dn->in_old)
                html_printf(f, "<td class=\"n\">%ld</td>", dn->old_placed);
            else
                html_printf(f, "<td class=\"n\">—</td>");
            if (dn->in_new)
                html_printf(f, "<td class=\"n\">%ld</td>", dn->new_placed);
            else
                html_printf(f, "<td class=\"n\">—</td>");
            if (dn->old_capacity >= 0)
                html_printf(f, "<td class=\"n\">%ld</td>", dn->old_capacity);
            else
                html_printf(f, "<td class=\"n\">—</td>");
            if (dn->new_capacity >= 0)
                html_printf(f, "<td class=\"n\">%ld</td></tr>\n", dn->new_capacity);
            else
                html_printf(f, "<td class=\"n\">—</td></tr>\n");
        }
        html_printf(f, "</tbody></table>\n");
        more(f, changed_nodes < REPORT_LIST_MAX ? changed_nodes : REPORT_LIST_MAX, changed_nodes,
             "the output of placement diff");
    }
    compare_pairs(p, "Blocking pairs added", df->added, df->nadded);
    compare_pairs(p, "Blocking pairs removed", df->removed, df->nremoved);
    html_printf(f, "</section>\n");
}

status report_write(outdir *o, const report_input *in, diag *d)
{
    const cycle *c = in->c;
    FILE *f = outdir_open(o, "report.html", d);
    page p;
    const rules *r;
    const stage_def *stages;
    int nstages;
    if (!f)
        return ST_IO;
    memset(&p, 0, sizeof(p));
    p.f = f;
    p.in = in;
    p.c = c;
    p.deadline = in->info ? in->info->deadline : 0;
    if (in->info) {
        r = in->info->rules;
        stages = in->info->stage_defs;
        nstages = in->info->nstage_defs;
    } else {
        rules_init(&p.verify_rules, 0);
        r = &p.verify_rules;
        nstages = stages_plan(in->a, OBJECTIVE_RANK_SUM, 0, 0, p.verify_stages);
        if (nstages < 0)
            nstages = 0;
        stages = p.verify_stages;
    }
    audit_view_init(&p.view, c, in->a, r, stages, nstages, in->leaf_of);
    audit_profile_init(&p.prof, c, in->leaf_of);
    html_printf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>Placement results: %s</title><style>",
                c->dir);
    fputs(style, f); /* the page's own CSS: raw text, never escaped */
    fputs("</style></head><body>\n", f);
    html_printf(f, "<h1>Placement results</h1><p class=\"sub\">%s of cycle <b>%s</b>: %d students, "
                   "%ld placed. The CSV files beside this page are the record; this page is "
                   "drawn from the same data.</p>\n",
                in->info ? "Solution" : "Audit", c->dir, c->nstudents, p.prof.placed);
    fputs("<nav><a href=\"#run\">Run</a>", f);
    if (in->compare)
        fputs("<a href=\"#compare\">Compared</a>", f);
    if (!in->info)
        fputs("<a href=\"#violations\">Broken rules</a>", f);
    fputs("<a href=\"#rank-profile\">Rank profile</a><a href=\"#fill\">Fill</a>"
          "<a href=\"#demand\">Demand</a><a href=\"#quotas\">Quotas</a>"
          "<a href=\"#rosters\">Rosters</a><a href=\"#unplaced\">Unplaced</a>"
          "<a href=\"#blocking\">Blocking pairs</a><a href=\"#waitlist\">Waitlists</a>"
          "<a href=\"#warnings\">Warnings</a></nav>\n",
          f);
    section_run(&p);
    if (in->compare)
        section_compare(&p);
    if (!in->info)
        section_violations(&p);
    section_profile(&p);
    section_fill(&p);
    section_demand(&p);
    section_quotas(&p);
    section_rosters(&p);
    section_unplaced(&p);
    section_blocking(&p);
    section_waitlist(&p);
    section_warnings(&p);
    html_printf(f, "<p class=\"note\">Written by placement %s. See results/README.md for what "
                   "each file and column means.</p>\n</body></html>\n",
                ENGINE_VERSION);
    audit_profile_release(&p.prof);
    audit_view_release(&p.view);
    if (p.late) {
        (void)fclose(f); /* unfinished: not placed, outdir_abort removes it */
        return ST_TIME_LIMIT;
    }
    return outdir_close(o, f, "report.html", d);
}
