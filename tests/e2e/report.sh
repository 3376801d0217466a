#!/usr/bin/env bash
# tests/e2e/report.sh BIN - report.html as headless Chromium sees it. Solves
# inputs/demo (quotas) and a small generated cycle without quotas, verifies
# the demo's assignment with -o, solves the demo again with --stable
# --compare (section#compare), and for each report.html checks the DOM
# Chromium built (--dump-dom), so a page it cannot parse fails: every
# section (run, warnings, rank-profile, fill, demand, quotas, rosters,
# unplaced, blocking, waitlist) and chart (svg.chart with marks and labels; the
# quotas chart when the cycle has quotas, words when it has none), one
# roster table per program and lab whose body rows are the students placed
# in its subtree, the unplaced and blocking tables row for row against
# assignments.csv and blocking_pairs.csv, the waitlist table one row per
# leaf of waitlist.csv naming its first (counted by tests/lib/
# report_check.py from the CSVs and capacity.csv's tree), the run facts of
# summary.csv, the warnings of `placement check`, UTF-8 text, and no
# external resource in the file's bytes. The demo's report also prints to
# an A4 PDF (--print-to-pdf, MediaBox 595 x 842 pt) and makes a 1280x2000
# screenshot with content. Every Chromium run has a time limit
# (REPORT_CHROMIUM_LIMIT, 60 s) and a profile in the work folder.
# REPORT_WRITER=CMD runs CMD OUT after each solve or verify, to check a
# hand-made report.html in place of the engine's (a broken one must fail).
# Prints "ok NAME: WHAT" or "FAIL NAME: WHAT: WHY" per check, then
# "report: N passed, N failed". KEEP_WORK set: the work folder is kept.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init report "$@"
suite_need_gen
# shellcheck source-path=SCRIPTDIR source=../lib/chromium.sh
. "$tests/lib/chromium.sh"
demo="$top/inputs/demo"
limit=${REPORT_CHROMIUM_LIMIT:-60}
case "$limit" in
'' | *[!0-9]* | 0)
    suite_fail "report: REPORT_CHROMIUM_LIMIT '$limit' is not a whole number of seconds"
    suite_finish
    ;;
esac
if [ ! -d "$demo" ]; then
    suite_fail "report: needs inputs/demo"
    suite_finish
fi
if ! command -v python3 >/dev/null; then
    suite_fail "report: python3 is not installed (.ci/install-deps installs it)"
    suite_finish
fi
if ! chromium_init "$work/chromium"; then
    suite_fail "report: Chromium is not installed (apt-get install chromium; .ci/install-deps installs it)"
    suite_finish
fi

# chromium_failed NAME WHAT RC: a failure for a Chromium run that did not
# end well, with the end of its stderr
chromium_failed() {
    if [ "$3" -eq 124 ] || [ "$3" -eq 137 ]; then
        suite_fail "$1: $2: Chromium did not finish within $limit s"
    else
        suite_fail "$1: $2: Chromium exits $3"
    fi
    grep -v 'dbus\|zygote\|unexpected operator' "$chromium_log" | tail -n 4 | suite_show /dev/stdin
}

# engine NAME ARGS...: runs BIN ARGS (output in $work/NAME.log); a failure
# when it exits non-zero; then REPORT_WRITER on the folder after -o
engine() {
    local name=$1 out="" prev="" a rc
    shift
    for a in "$@"; do
        [ "$prev" != -o ] || out=$a
        prev=$a
    done
    timeout 120 "$bin" "$@" >"$work/$name.log" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ]; then
        suite_fail "$name: placement $1 exits $rc (expected 0)"
        suite_show "$work/$name.log" 4
        return 1
    fi
    if [ -n "${REPORT_WRITER:-}" ] && [ -n "$out" ]; then
        # shellcheck disable=SC2086
        ${REPORT_WRITER} "$out" || suite_fail "$name: REPORT_WRITER '$REPORT_WRITER' failed"
    fi
}

# checker FILE ARGS...: tests/lib/report_check.py ARGS, its output kept in
# FILE; its "ok"/"FAIL" lines go into the counters, a crash is a failure
checker() {
    local file=$1 line rc
    shift
    python3 "$tests/lib/report_check.py" "$@" >"$file" 2>&1
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        "ok "*) suite_ok "${line#ok }" ;;
        "FAIL "*) suite_fail "${line#FAIL }" ;;
        *) printf '%s\n' "$line" ;;
        esac
    done <"$file"
    [ "$rc" -le 1 ] || suite_fail "$2: report_check.py $1 exits $rc"
}

# check_dom NAME OUT CHROMIUM_ARGS -- [report_check.py dom options]: one
# Chromium run on OUT/report.html with --dump-dom and CHROMIUM_ARGS (a PDF,
# a screenshot: one start of Chromium for all), then the DOM checks; sets
# secs to the run's seconds; returns 1 when Chromium did not render
check_dom() {
    local name=$1 out=$2 rc start
    local -a args=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        args+=("$1")
        shift
    done
    [ $# -eq 0 ] || shift
    if [ ! -f "$out/report.html" ]; then
        suite_fail "$name: no report.html in the output folder (it holds: $(cd "$out" && echo *))"
        return 1
    fi
    start=$(date +%s.%N)
    chromium_run "$limit" --dump-dom "${args[@]}" "$(chromium_url "$out/report.html")" >"$work/$name.dom"
    rc=$?
    secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
    if [ "$rc" -ne 0 ]; then
        chromium_failed "$name" "${args[*]:---dump-dom}" "$rc"
        return 1
    fi
    checker "$work/$name.check" dom "$name" "$work/$name.dom" "$out/report.html" "$out" "$@"
}

# the demo: quotas, warnings, unplaced students, blocking pairs; printed
# and photographed in the same Chromium run
if engine demo solve "$demo" -o "$work/demo" -q; then
    "$bin" check "$demo" >/dev/null 2>"$work/demo.warnings"
    if check_dom demo "$work/demo" --no-pdf-header-footer --print-to-pdf="$work/demo.pdf" \
        --screenshot="$work/demo.png" --window-size=1280,2000 -- --warnings "$work/demo.warnings"; then
        if [ ! -s "$work/demo.pdf" ]; then
            suite_fail "demo: --print-to-pdf wrote no PDF"
        else
            suite_ok "demo: DOM, PDF and screenshot in $secs s (limit $limit s)"
            checker "$work/demo.pdf.check" pdf demo "$work/demo.pdf"
        fi
        if [ ! -s "$work/demo.png" ]; then
            suite_fail "demo: --screenshot wrote no PNG"
        else
            checker "$work/demo.png.check" png demo "$work/demo.png" 1280 2000
        fi
    fi
fi

# a generated cycle without quotas: section#quotas says there are none
if "$gen" "$work/gen-cycle" --students 40 --seed 7 >"$work/gen.log" 2>&1 &&
    [ ! -f "$work/gen-cycle/quotas.csv" ]; then
    if engine gen solve "$work/gen-cycle" -o "$work/gen" -q; then
        "$bin" check "$work/gen-cycle" >/dev/null 2>"$work/gen.warnings"
        check_dom gen "$work/gen" -- --warnings "$work/gen.warnings"
    fi
else
    suite_fail "gen: gen could not write a cycle without quotas"
    suite_show "$work/gen.log" 3
fi

# verify -o on the demo's own assignment
if [ -f "$work/demo/assignments.csv" ] &&
    engine verify verify "$demo" "$work/demo/assignments.csv" -o "$work/verify" -q; then
    check_dom verify "$work/verify" -- --assignments "$work/demo/assignments.csv" --verify
fi

# solve --stable --compare OLD against the demo's first solve: section#compare
if [ -f "$work/demo/summary.csv" ] &&
    engine compare solve "$demo" -o "$work/compare" --stable --compare "$work/demo" -q; then
    check_dom compare "$work/compare" -- --compare --warnings "$work/demo.warnings"
fi

[ "$chromium_runs" -gt 0 ] || suite_fail "report: Chromium never ran"
suite_finish
