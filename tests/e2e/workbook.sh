#!/usr/bin/env bash
# tests/e2e/workbook.sh BIN - results.xlsx beside the CSVs: `solve -o` on
# inputs/demo and on a tiny cycle with non-ASCII names (张芳, Nguyễn,
# Müller, Анна), ids "007" and "42" and a name holding a comma and a quote, and
# `verify -o` on an assignment with a broken rule (violations.csv), and
# `solve --stable` on it (blocking_pairs.csv with its header only). Each
# workbook is read with python3's standard library (zipfile and
# xml.etree; tests/lib/xlsx_check.py): one sheet per CSV, named after it,
# in the order written; every sheet's cells equal to its CSV's (rows and
# columns too, shared strings resolved); numeric columns stored as numbers
# and ids, names and text as text; the header bold and frozen; an
# autofilter over the whole table; every column's width set, at least
# the display width of its cells (CJK counts 2) up to the cap of 60. The
# results folder holds only the expected files, and nothing is left
# beside it. Prints "ok NAME" or "FAIL NAME: WHY" per check, then
# "workbook: N passed, N failed". KEEP_WORK set: the work folder is kept.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init workbook "$@"
demo="$top/inputs/demo"
checker="$tests/lib/xlsx_check.py"
limit=120
if ! command -v python3 >/dev/null; then
    suite_fail "workbook: python3 is not installed (.ci/install-deps installs it)"
    suite_finish
fi
[ -d "$demo" ] || { suite_fail "workbook: no inputs/demo"; suite_finish; }
[ -f "$checker" ] || { suite_fail "workbook: no $checker"; suite_finish; }

# run NAME ARGS... : runs BIN, output in $work/NAME.out/.err, exit in $rc
run() {
    local name=$1
    shift
    timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
}

# check_xlsx NAME OUT SHEETS : the checker's verdicts on OUT/results.xlsx
# (SHEETS: the sheet names in order, comma-separated), one check each
check_xlsx() {
    local line
    python3 "$checker" "$1" "$2" "$3" >"$work/check.out" 2>&1
    local prc=$?
    while IFS= read -r line; do
        case "$line" in
        'ok '*) suite_ok "${line#ok }" ;;
        'FAIL '*) suite_fail "${line#FAIL }" ;;
        *) echo "      $line" ;;
        esac
    done <"$work/check.out"
    grep -q '^ok \|^FAIL ' "$work/check.out" || suite_fail "$1: the checker gave no verdict (exit $prc)"
}

# only_files NAME OUT FILES... : OUT holds exactly FILES, and its parent
# folder holds nothing but OUT (no temporary sibling left)
only_files() {
    local name=$1 out=$2 got want beside
    shift 2
    got=$(ls -A "$out" 2>/dev/null | LC_ALL=C sort | tr '\n' ' ')
    want=$(printf '%s\n' "$@" | LC_ALL=C sort | tr '\n' ' ')
    beside=$(ls -A "$(dirname "$out")" | tr '\n' ' ')
    if [ "$got" != "$want" ]; then
        suite_fail "$name: files: '$got', expected '$want'"
    elif [ "$beside" != "$(basename "$out") " ]; then
        suite_fail "$name: left beside the results: '$beside'"
    else
        suite_ok "$name: only the expected files"
    fi
}

# waitlist_header NAME OUT: OUT/waitlist.csv starts with its header and
# lists someone (the demo and the names cycle both have students waiting)
waitlist_header() {
    if [ "$(head -n 1 "$2/waitlist.csv" 2>/dev/null)" != "leaf,position,student,name,rank,current_leaf" ]; then
        suite_fail "$1: waitlist.csv does not start with its header"
    elif [ "$(wc -l <"$2/waitlist.csv")" -lt 2 ]; then
        suite_fail "$1: waitlist.csv lists nobody"
    else
        suite_ok "$1: waitlist.csv has its header and rows"
    fi
}

solve_files="assignments.csv blocking_pairs.csv capacity.csv quotas.csv report.html results.xlsx summary.csv waitlist.csv"
solve_sheets="assignments,capacity,blocking_pairs,quotas,waitlist,summary"
verify_files="blocking_pairs.csv capacity.csv quotas.csv report.html results.xlsx summary.csv violations.csv waitlist.csv"
verify_sheets="capacity,blocking_pairs,quotas,waitlist,violations,summary"

# ---- the demo ----
mkdir -p "$work/demo"
run demo solve "$demo" -o "$work/demo/out" -q
if [ "$rc" -ne 0 ]; then
    suite_fail "demo: solve exits $rc"
    suite_show "$work/demo.err" 5
else
    suite_ok "demo: solve"
    only_files demo "$work/demo/out" $solve_files
    check_xlsx demo "$work/demo/out" "$solve_sheets"
    waitlist_header demo "$work/demo/out"
fi

# ---- a tiny cycle with names from many scripts ----
cyc="$work/names"
mkdir -p "$cyc"
cat >"$cyc/programs.csv" <<'EOF'
id,name,capacity,min,min_year,min_gpa,requires
P1,Chirurgie à Lyon,1,,,,
P2,北京协和医院临床交流项目,2,,,,
P3,Open Lab,,,,,
EOF
cat >"$cyc/students.csv" <<'EOF'
id,name,home,year,gpa,tags,score
007,张芳,med,3,3.5,,90
s2,Nguyễn Thị Lan,med,3,3.2,,80
s3,Jürgen Müller,pharm,2,3.0,,70
s4,"O'Brien, ""Pat""",med,4,3.9,,60
s5,Zoë Ångström,pharm,3,3.1,,50
42,Анна Иванова,med,2,3.4,,40
EOF
cat >"$cyc/preferences.csv" <<'EOF'
student,rank,choice
007,1,P1
s2,1,P1
s2,2,P2
s3,1,P1
s4,1,P2
s4,2,P3
s5,1,P2
s5,2,P1
42,1,P3
EOF
mkdir -p "$work/names-out"
run names solve "$cyc" -o "$work/names-out/out" -q
if [ "$rc" -ne 0 ]; then
    suite_fail "names: solve exits $rc"
    suite_show "$work/names.err" 5
else
    suite_ok "names: solve"
    # the cycle does hold what the sheets must keep intact
    if grep -q '^007,张芳,' "$work/names-out/out/assignments.csv" &&
        grep -qF "s4,\"O'Brien, \"\"Pat\"\"\"," "$work/names-out/out/assignments.csv"; then
        suite_ok "names: assignments.csv holds 007, 张芳 and the quoted name"
    else
        suite_fail "names: assignments.csv lacks 007, 张芳 or the quoted name"
    fi
    only_files names "$work/names-out/out" $solve_files
    check_xlsx names "$work/names-out/out" "$solve_sheets"

    # ---- verify -o on an assignment that breaks a capacity ----
    # s3 (unplaced or elsewhere) is put at P1, whose one seat is taken
    awk -F, 'BEGIN { OFS = "," } $1 == "s3" { print "s3,Jürgen Müller,placed,P1,,,1,,,,,"; next } { print }' \
        "$work/names-out/out/assignments.csv" >"$work/broken.csv"
    mkdir -p "$work/verify-out"
    run verify verify "$cyc" "$work/broken.csv" -o "$work/verify-out/out" -q
    if [ "$rc" -ne 3 ]; then
        suite_fail "verify: exits $rc, expected 3 (a broken capacity)"
        suite_show "$work/verify.err" 5
    elif [ "$(wc -l <"$work/verify-out/out/violations.csv")" -lt 2 ]; then
        suite_fail "verify: violations.csv lists no violation"
    else
        suite_ok "verify: exits 3 with violations"
        only_files verify "$work/verify-out/out" $verify_files
        check_xlsx verify "$work/verify-out/out" "$verify_sheets"
        waitlist_header verify "$work/verify-out/out"
    fi
fi

# ---- --stable: blocking_pairs.csv holds its header only ----
mkdir -p "$work/stable-out"
run stable solve "$cyc" -o "$work/stable-out/out" -q --stable
if [ "$rc" -ne 0 ]; then
    suite_fail "stable: solve --stable exits $rc"
    suite_show "$work/stable.err" 5
elif [ "$(wc -l <"$work/stable-out/out/blocking_pairs.csv")" -ne 1 ]; then
    suite_fail "stable: blocking_pairs.csv is not header only"
else
    suite_ok "stable: solve --stable, no blocking pair"
    only_files stable "$work/stable-out/out" $solve_files
    check_xlsx stable "$work/stable-out/out" "$solve_sheets"
fi

# ---- a rerun replaces the folder whole: still no stray file ----
run rerun solve "$cyc" -o "$work/names-out/out" -q
if [ "$rc" -ne 0 ]; then
    suite_fail "rerun: solve exits $rc"
else
    only_files rerun "$work/names-out/out" $solve_files
fi
suite_finish
