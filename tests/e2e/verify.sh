#!/usr/bin/env bash
# tests/e2e/verify.sh BIN - `placement verify` (SPEC §6) on the demo cycle:
# it accepts what `solve` wrote, writes capacity.csv and blocking_pairs.csv
# byte-identical to solve's, only warns about a wrong `rank` or `status`
# (at its cell, counting the student by her path), and catches each broken
# rule of a corrupted copy of solve's output (made with awk/sed here) with
# exit 3, the rule in `violation RULE:` and a row of violations.csv (an
# inadmissible pair with every rule it breaks), or refuses an unreadable
# file with exit 2 and a located error. A copy re-saved as Latin-1 audits
# the same; the cycle's warnings are one count line; long lists end with
# "and N more". Also a tiny cycle whose minimum no stable assignment
# meets: solve --stable exits 3 and says so. Corruptions are chosen so
# that the broken rule does not depend on which optimum solve picked.
# Prints "ok NAME" or "FAIL NAME: WHY" per check, then
# "verify: N passed, N failed". KEEP_WORK set: the work folder is kept.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init verify "$@"
demo="$top/inputs/demo"
limit=120
if [ ! -d "$demo" ]; then
    suite_fail "verify: needs inputs/demo"
    suite_finish
fi

# run NAME ARGS... : runs BIN, output in $work/NAME.out/.err, exit in $rc
run() {
    local name=$1
    shift
    timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
}

# set_row IN OUT STUDENT ROW : copies IN with the row of STUDENT replaced
# by ROW (empty ROW: the row removed), ROW given as its first 8 fields
# (SPEC's columns) and padded with empty ones to the header's width.
# Rows are matched on their first field, which is a plain id in solve's
# output.
set_row() {
    awk -v id="$3" -v row="$4" 'NR == 1 { pad = ""; for (i = 9; i <= split($0, h, ","); i++) pad = pad "," }
        index($0, id ",") == 1 { if (row != "") print row pad; next } { print }' \
        "$1" >"$2"
}

# expect_rule NAME FILE RULE [NODE_OR_STUDENT] : verify -o on FILE exits 3,
# prints "violation RULE:", and violations.csv has a RULE row (naming
# NODE_OR_STUDENT in its student or node column when given).
expect_rule() {
    local name=$1 file=$2 rule=$3 who=${4:-} out="$work/v.$1"
    run "$name" verify "$demo" "$file" -o "$out"
    if [ "$rc" -ne 3 ]; then
        suite_fail "$name: verify exits $rc, expected 3"
        suite_show "$work/$name.err" 3
        return
    fi
    if ! grep -q "^violation $rule: " "$work/$name.out"; then
        suite_fail "$name: no 'violation $rule:' line"
        grep '^violation\|^broken' "$work/$name.out" | suite_show /dev/stdin 8
        return
    fi
    if [ ! -f "$out/violations.csv" ]; then
        suite_fail "$name: -o wrote no violations.csv"
        return
    fi
    if ! awk -F, -v r="$rule" -v w="$who" 'NR > 1 && $1 == r && (w == "" || $2 == w || $3 == w) { f = 1 }
            END { exit !f }' "$out/violations.csv"; then
        suite_fail "$name: violations.csv has no '$rule' row naming '${who:-anyone}'"
        suite_show "$out/violations.csv" 8
        return
    fi
    suite_ok "$name"
}

# expect_unreadable NAME FILE PATTERN : verify -o exits 2, stderr has a
# line matching PATTERN (grep -E), and no output folder is written.
expect_unreadable() {
    local name=$1 file=$2 pattern=$3 out="$work/v.$1"
    run "$name" verify "$demo" "$file" -o "$out"
    if [ "$rc" -ne 2 ]; then
        suite_fail "$name: verify exits $rc, expected 2"
        suite_show "$work/$name.out" 4
    elif ! grep -Eq -- "$pattern" "$work/$name.err"; then
        suite_fail "$name: stderr lacks /$pattern/"
        grep -v ': warning: ' "$work/$name.err" | suite_show /dev/stdin 8
    elif [ -e "$out" ]; then
        suite_fail "$name: verify wrote '$out' although the file is unreadable"
    else
        suite_ok "$name"
    fi
}

# ---- solve's own results are accepted ----

run solve solve "$demo" -o "$work/base" --quiet
run solve-stable solve "$demo" -o "$work/stable" --stable --quiet
if [ ! -f "$work/base/assignments.csv" ] || [ ! -f "$work/stable/assignments.csv" ]; then
    suite_fail "demo: solve on inputs/demo wrote no assignments.csv"
    suite_show "$work/solve.err" 4
    suite_finish
fi
base="$work/base/assignments.csv"

# same_files NAME SOLVE_OUT VERIFY_OUT : capacity.csv and blocking_pairs.csv
same_files() {
    local f why=
    for f in capacity.csv blocking_pairs.csv; do
        if ! cmp -s "$2/$f" "$3/$f"; then
            why="$why $f differs;"
        fi
    done
    if [ -n "$why" ]; then
        suite_fail "$1: $why"
        diff "$2/blocking_pairs.csv" "$3/blocking_pairs.csv" | suite_show /dev/stdin 8
    else
        suite_ok "$1"
    fi
}

run accept verify "$demo" "$base" -o "$work/v.accept"
if [ "$rc" -eq 0 ] && grep -q '^broken rules: 0, blocking pairs: [0-9]*$' "$work/accept.out"; then
    suite_ok accept
else
    suite_fail "accept: verify of solve's own output exits $rc: $(grep '^broken\|^violation' "$work/accept.out" | head -n 3)"
fi
if [ -f "$work/v.accept/violations.csv" ] && [ "$(wc -l <"$work/v.accept/violations.csv")" -eq 1 ]; then
    suite_ok accept-violations-header-only
else
    suite_fail "accept-violations-header-only: violations.csv missing or not header-only"
fi
same_files accept-files "$work/base" "$work/v.accept"
# the count verify prints is the one solve reported
want=$(awk -F, '$1 == "blocking_pairs" { print $2 }' "$work/base/summary.csv")
if grep -q "^broken rules: 0, blocking pairs: $want\$" "$work/accept.out"; then
    suite_ok accept-count
else
    suite_fail "accept-count: solve reports $want blocking pairs, verify: $(grep '^broken' "$work/accept.out")"
fi
# --stable on a result that has blocking pairs is a failed audit
if [ "${want:-0}" -gt 0 ]; then
    run accept-not-stable verify "$demo" "$base" --stable
    if [ "$rc" -eq 3 ]; then suite_ok accept-not-stable; else suite_fail "accept-not-stable: verify --stable exits $rc on a result with $want blocking pairs"; fi
fi

run accept-stable verify "$demo" "$work/stable/assignments.csv" --stable -o "$work/v.stable"
if [ "$rc" -eq 0 ] && grep -q '^broken rules: 0, blocking pairs: 0$' "$work/accept-stable.out"; then
    suite_ok accept-stable
else
    suite_fail "accept-stable: verify --stable of solve --stable's output exits $rc: $(grep '^broken' "$work/accept-stable.out")"
fi
same_files accept-stable-files "$work/stable" "$work/v.stable"

# solve's own columns are all known; the cycle's warnings are one line
if grep -q "assignments\.csv.*unknown column" "$work/accept.err"; then
    suite_fail "accept-columns: verify warns about solve's own columns: $(grep 'unknown column' "$work/accept.err")"
else
    suite_ok accept-columns
fi
nwarn=$(grep -c ': warning: ' "$work/accept.err")
if grep -Eq "^[0-9]+ warnings? about the cycle \(see 'placement check $demo'\)\$" "$work/accept.err" &&
    [ "$nwarn" -eq 0 ]; then
    suite_ok cycle-warnings-summary
else
    suite_fail "cycle-warnings-summary: expected one count line and no warnings, got $nwarn warning lines"
    suite_show "$work/accept.err" 4
fi
run accept-verbose verify "$demo" "$base" --verbose
n=$(grep -Eo '^[0-9]+ warnings? about the cycle' "$work/accept.err" | cut -d' ' -f1)
if [ "$rc" -eq 0 ] && [ -n "$n" ] && [ "$(grep -c "^$demo/.*: warning: " "$work/accept-verbose.err")" -eq "$n" ] &&
    ! grep -q 'about the cycle' "$work/accept-verbose.err"; then
    suite_ok cycle-warnings-verbose
else
    suite_fail "cycle-warnings-verbose: verify -v exits $rc and does not list the ${n:-?} warnings of the cycle"
    suite_show "$work/accept-verbose.err" 4
fi

# more than 20 blocking pairs: 20 lines, then where the others are
nbp=$(($(wc -l <"$work/v.accept/blocking_pairs.csv") - 1))
if [ "$nbp" -gt 20 ]; then
    if [ "$(grep -c '^  blocking: ' "$work/accept.out")" -eq 20 ] &&
        grep -q "^  and $((nbp - 20)) more (all in $work/v.accept/blocking_pairs.csv)\$" "$work/accept.out" &&
        [ "$(grep -c '^  blocking: ' "$work/accept-verbose.out")" -eq "$nbp" ] &&
        ! grep -q 'more (' "$work/accept-verbose.out"; then
        suite_ok blocking-more
    else
        suite_fail "blocking-more: $nbp blocking pairs not shown as 20 lines and 'and $((nbp - 20)) more' (all with -v)"
        grep -v '^  blocking' "$work/accept.out" | suite_show /dev/stdin 6
    fi
else
    suite_fail "blocking-more: the demo no longer has more than 20 blocking pairs"
fi

# a file re-saved as Latin-1 (names, reasons, leaf names; the ids are
# ASCII) audits the same: verify reads only the columns it uses
iconv -f utf-8 -t latin1//TRANSLIT "$base" >"$work/latin1.csv" 2>"$work/iconv.err"
if cmp -s "$base" "$work/latin1.csv" || iconv -f utf-8 -t utf-8 "$work/latin1.csv" >/dev/null 2>&1; then
    suite_fail "latin1: the Latin-1 copy is still UTF-8 (the demo has no non-ASCII name?)"
else
    run latin1 verify "$demo" "$work/latin1.csv" -o "$work/v.latin1"
    if [ "$rc" -eq 0 ] && cmp -s "$work/accept.out" <(sed "s|$work/v.latin1/|$work/v.accept/|" "$work/latin1.out") &&
        ! grep -q 'latin1\.csv.*: \(error\|warning\): ' "$work/latin1.err" &&
        cmp -s "$work/v.accept/violations.csv" "$work/v.latin1/violations.csv"; then
        same_files latin1 "$work/base" "$work/v.latin1"
    else
        suite_fail "latin1: verify of the Latin-1 copy exits $rc or reports otherwise"
        grep 'latin1' "$work/latin1.err" | suite_show /dev/stdin 4
        diff "$work/accept.out" "$work/latin1.out" | suite_show /dev/stdin 6
    fi
fi

# a wrong status or rank column only warns (s001's name has no comma)
sed -E 's/^(s001,[^,]*),[^,]*,([^,]*,[^,]*,[^,]*),[^,]*,/\1,fixed,\2,9,/' "$base" >"$work/hand.csv"
run hand verify "$demo" "$work/hand.csv"
if [ "$rc" -ne 0 ]; then
    suite_fail "hand-edited: verify exits $rc on a wrong status/rank"
elif ! grep -q "hand.csv:2:3: warning: status 'fixed' disagrees" "$work/hand.err"; then
    suite_fail "hand-edited: no warning about the status at hand.csv:2:3"
    grep 'hand.csv' "$work/hand.err" | suite_show /dev/stdin 8
elif ! grep -q "hand.csv:2:7: warning: rank '9' disagrees" "$work/hand.err"; then
    suite_fail "hand-edited: no warning about the rank at hand.csv:2:7"
    grep 'hand.csv' "$work/hand.err" | suite_show /dev/stdin 8
else
    suite_ok hand-edited
fi

# status and rank against the path and the cycle: each disagreement warns
# at its cell, and the path decides how the student is counted (the
# profile verify prints is that of solve's own file). p1, p2 are placed
# and not fixed, u1, u2 unplaced (names without commas); s072 is fixed
# (she ranked her leaf), s099 fixed at a leaf she did not rank.
pick() { grep -E "^[^,]*,[^,\"]*,$1," "$base" | sed -n "${2}p" | cut -d, -f1; }
p1=$(pick placed 1) p2=$(pick placed 2) u1=$(pick unplaced 1) u2=$(pick unplaced 2)
line_of() { grep -n "^$1," "$work/status.csv" | cut -d: -f1; }
sed -E -e "s/^($p1,[^,]*),placed,/\1,unplaced,/" -e "s/^($u1,[^,]*),unplaced,/\1,placed,/" \
    -e "s/^($p2,[^,]*),placed,/\1,plcaed,/" -e "s/^(s072,[^,]*),fixed,/\1,placed,/" \
    -e "s/^(s099,[^,]*),fixed,([^,]*,[^,]*,[^,]*),,/\1,Fixed,\2,1,/" \
    -e "s/^($u2,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*),,/\1,3,/" "$base" >"$work/status.csv"
run status verify "$demo" "$work/status.csv"
why=
for want in "$(line_of "$p1"):3: warning: status 'unplaced' disagrees with the row's path: the student counts as placed at" \
    "$(line_of "$u1"):3: warning: status 'placed' disagrees with the row's path, which is empty: the student counts as unplaced" \
    "$(line_of "$p2"):3: warning: unknown status 'plcaed' (did you mean 'placed'?): the student counts as placed at" \
    "$(line_of s072):3: warning: status 'placed' disagrees with the cycle: the student is fixed within 'irt-oncology'" \
    "$(line_of s099):7: warning: rank '1' disagrees with the cycle: the student did not rank 'surf-neuro-osei'" \
    "$(line_of "$u2"):7: warning: rank '3' disagrees with the row's path, which is empty"; do
    grep -qF "status.csv:$want" "$work/status.err" || why="$why; no 'status.csv:$want'"
done
# 'Fixed' in another case is s099's status, not a warning
[ "$(grep -c 'status\.csv:.*: warning: ' "$work/status.err")" -eq 6 ] || why="$why; not 6 warnings"
if [ "$rc" -ne 0 ]; then
    suite_fail "status-rank: verify exits $rc on status and rank disagreements alone"
elif [ -z "$p1$p2$u1$u2" ]; then
    suite_fail "status-rank: no placed or unplaced rows found in solve's output"
elif [ -n "$why" ]; then
    suite_fail "status-rank${why}"
    grep 'status\.csv' "$work/status.err" | suite_show /dev/stdin 10
elif ! cmp -s <(grep -v '^  ' "$work/accept.out") <(grep -v '^  ' "$work/status.out"); then
    suite_fail "status-rank: the counts differ from those of solve's own file (the path must decide)"
    diff "$work/accept.out" "$work/status.out" | suite_show /dev/stdin 6
else
    suite_ok status-rank
fi

# more than 20 warnings about the file: 20, then a count (all with -v);
# every row says 'placed' (so the unplaced and the fixed students warn)
sed -E 's/^([^,]*,[^,"]*),(unplaced|fixed),/\1,placed,/' "$base" >"$work/all-placed.csv"
run all-placed verify "$demo" "$work/all-placed.csv"
run all-placed-v verify "$demo" "$work/all-placed.csv" --verbose
nall=$(grep -c 'all-placed\.csv:.*: warning: ' "$work/all-placed-v.err")
if [ "$nall" -le 20 ]; then
    suite_fail "warnings-more: only $nall warnings with every status 'placed'"
elif [ "$rc" -eq 0 ] && [ "$(grep -c 'all-placed\.csv:.*: warning: ' "$work/all-placed.err")" -eq 20 ] &&
    grep -q "^$work/all-placed.csv: and $((nall - 20)) more warnings (--verbose shows them all)\$" "$work/all-placed.err"; then
    suite_ok warnings-more
else
    suite_fail "warnings-more: $nall warnings not shown as 20 and 'and $((nall - 20)) more warnings'"
    grep -v ': warning: ' "$work/all-placed.err" | suite_show /dev/stdin 4
fi

# ---- broken rules: exit 3 ----

# capacity: s099 is fixed at surf-neuro-osei (capacity 1); s001 (who ranks
# all of surf) and s119 (all of surf-neuro) join her
set_row "$base" "$work/t.csv" s001 "s001,,,surf,surf-neuro,surf-neuro-osei,,"
set_row "$work/t.csv" "$work/capacity.csv" s119 "s119,,,surf,surf-neuro,surf-neuro-osei,,"
expect_rule capacity "$work/capacity.csv" capacity surf-neuro-osei

# admissible: s002 (year 2, no french_b2, never chose it) at cfr-valmont,
# in the seat of s003
set_row "$base" "$work/t.csv" s003 "s003,,unplaced,,,,,"
set_row "$work/t.csv" "$work/admissible.csv" s002 "s002,,,clinical-fr,cfr-valmont,,,"
expect_rule admissible "$work/admissible.csv" admissible s002
# every rule the pair breaks, not only the first: not ranked, the
# program's year and tag, the lab's tag
why=
for want in "not among the student's choices" "'clinical-fr' requires year 4 (the student is in year 2)" \
    "'clinical-fr' requires 'clinical_clearance'" "'cfr-valmont' requires 'french_b2'"; do
    grep -q "^admissible,s002,cfr-valmont,.*$want" "$work/v.admissible/violations.csv" || why="$why; violations.csv lacks \"$want\""
    grep -q "^violation admissible: student 's002'.*$want" "$work/admissible.out" || why="$why; stdout lacks \"$want\""
done
if [ -z "$why" ]; then suite_ok admissible-every-rule; else suite_fail "admissible-every-rule$why"; fi
# the same file re-saved as Latin-1 gives the same violations
iconv -f utf-8 -t latin1//TRANSLIT "$work/admissible.csv" >"$work/admissible-latin1.csv"
run admissible-latin1 verify "$demo" "$work/admissible-latin1.csv" -o "$work/v.admissible-latin1"
if [ "$rc" -eq 3 ] && cmp -s "$work/v.admissible/violations.csv" "$work/v.admissible-latin1/violations.csv"; then
    suite_ok admissible-latin1
else
    suite_fail "admissible-latin1: exits $rc, or violations.csv differs from the UTF-8 file's"
    grep 'latin1' "$work/admissible-latin1.err" | suite_show /dev/stdin 4
fi

# more than 20 broken rules: 20 lines, then where they all are. Every
# unplaced student at cfr-valmont (most are not admissible there; the
# rest overfill it)
awk 'NR == 1 { pad = ""; for (i = 9; i <= split($0, h, ","); i++) pad = pad "," }
    /^[^,]*,[^,"]*,unplaced,/ { split($0, f, ","); print f[1] ",,,clinical-fr,cfr-valmont,,," pad; next } { print }' \
    "$base" >"$work/many.csv"
run many verify "$demo" "$work/many.csv" -o "$work/v.many"
run many-v verify "$demo" "$work/many.csv" --verbose
nv=$(($(wc -l <"$work/v.many/violations.csv" 2>/dev/null || echo 1) - 1))
if [ "$nv" -le 20 ]; then
    suite_fail "violations-more: only $nv violations"
elif [ "$rc" -eq 3 ] && [ "$(grep -c '^violation ' "$work/many.out")" -eq 20 ] &&
    grep -q "^and $((nv - 20)) more (all in $work/v.many/violations.csv)\$" "$work/many.out" &&
    grep -q "^broken rules: $nv," "$work/many.out" &&
    [ "$(grep -c '^violation ' "$work/many-v.out")" -eq "$nv" ]; then
    suite_ok violations-more
else
    suite_fail "violations-more: $nv violations not shown as 20 lines and 'and $((nv - 20)) more' (all with -v)"
    grep -v '^violation\|^  ' "$work/many.out" | suite_show /dev/stdin 6
fi

# one_leaf: s001's row twice
{ cat "$base"; grep '^s001,' "$base"; } >"$work/duplicate.csv"
expect_rule duplicate-row "$work/duplicate.csv" one_leaf s001

# leaf: a lab that has supervisors
set_row "$base" "$work/leaf.csv" s001 "s001,,,surf,surf-neuro,,,"
expect_rule not-a-leaf "$work/leaf.csv" leaf s001

# min: irt (min 2) keeps only its fixed student s072
awk 'NR == 1 { pad = ""; for (i = 9; i <= split($0, h, ","); i++) pad = pad "," }
    index($0, "s072,") != 1 && /,irt,/ { split($0, f, ","); print f[1] ",,unplaced,,,,," pad; next } { print }' \
    "$base" >"$work/min.csv"
expect_rule below-min "$work/min.csv" min irt

# fix: s072 (fixed within irt-oncology) unplaced, and s072 left out
set_row "$base" "$work/fix.csv" s072 "s072,,unplaced,,,,,"
expect_rule fix-moved "$work/fix.csv" fix s072
set_row "$base" "$work/fix-missing.csv" s072 ""
expect_rule fix-missing "$work/fix-missing.csv" fix s072

# the empty fields that pad a hand-written row of SPEC's 8 columns to the
# header's width (solve appends columns)
pad=$(head -n 1 "$base" | awk -F, '{ for (i = 9; i <= NF; i++) printf "," }')

# quota_max: all 16 nursing students placed (the cycle allows 14); those
# solve left unplaced go to ry-eastbury
grep ',nursing,' "$demo/students.csv" | cut -d, -f1 >"$work/nursing.txt"
awk 'NR == FNR { n[$1] = 1; next }
     { split($0, f, ",") }
     (f[1] in n) && /,unplaced,/ { print f[1] ",,,research-year,ry-eastbury,,," pad; next } { print }' \
    pad="$pad" "$work/nursing.txt" "$base" >"$work/quota-max.csv"
if [ "$(wc -l <"$work/nursing.txt")" -gt 14 ]; then
    expect_rule quota-max "$work/quota-max.csv" quota_max
else
    suite_fail "quota-max: the demo no longer has more than 14 nursing students"
fi

# quota_min: no first_gen student placed (scholars needs 2)
grep 'first_gen' "$demo/students.csv" | cut -d, -f1 >"$work/first_gen.txt"
awk 'NR == FNR { n[$1] = 1; next }
     { split($0, f, ",") } (f[1] in n) { print f[1] ",,unplaced,,,,," pad; next } { print }' \
    pad="$pad" "$work/first_gen.txt" "$base" >"$work/quota-min.csv"
expect_rule quota-min "$work/quota-min.csv" quota_min scholars

# ---- unreadable files: exit 2 ----

sed 's/^s002,/s999,/' "$base" >"$work/unknown-student.csv"
expect_unreadable unknown-student "$work/unknown-student.csv" \
    "unknown-student\.csv:3:1: error: unknown student 's999'"
set_row "$base" "$work/unknown-place.csv" s002 "s002,,,surf,surf-neuro,surf-neuro-nobody,,"
expect_unreadable unknown-place "$work/unknown-place.csv" \
    "unknown-place\.csv:3:6: error: unknown supervisor 'surf-neuro-nobody'"
set_row "$base" "$work/unknown-program.csv" s002 "s002,,,nowhere,,,,"
expect_unreadable unknown-program "$work/unknown-program.csv" \
    "unknown-program\.csv:3:4: error: unknown program 'nowhere'"
set_row "$base" "$work/path.csv" s002 "s002,,,irt,surf-neuro,surf-neuro-osei,,"
expect_unreadable path-mismatch "$work/path.csv" "path\.csv:3:4: error: .*does not match"
set_row "$base" "$work/malformed.csv" s002 's002,"Lorenzo,placed,surf,surf-neuro,surf-neuro-osei,,'
expect_unreadable malformed "$work/malformed.csv" "malformed\.csv(:[0-9]+(:[0-9]+)?)?: error: "
printf 'student,name\ns001,x\n' >"$work/no-program.csv"
expect_unreadable no-program-column "$work/no-program.csv" "no-program\.csv.*error: .*'program'"
# a column verify uses must be UTF-8 (or decode with --encoding)
sed 's/^s002,/s\xe9,/' "$base" >"$work/latin1-id.csv"
expect_unreadable latin1-id "$work/latin1-id.csv" \
    "latin1-id\.csv:3:1: error: invalid UTF-8 byte 0xE9 in column 'student'"

# ---- a cycle whose minimum no stable assignment meets ----
# s1 ranks a (capacity 1) first and b (min 1) second; she alone can fill
# b, and from b she blocks with a's free seat: feasible, never stable.
mkdir -p "$work/unstable"
printf 'id,name,capacity,min\na,A,1,0\nb,B,1,1\n' >"$work/unstable/programs.csv"
printf 'id,name,score\ns1,One,50\n' >"$work/unstable/students.csv"
printf 'student,rank,choice\ns1,1,a\ns1,2,b\n' >"$work/unstable/preferences.csv"
run unstable solve "$work/unstable" -o "$work/res.unstable" --stable
if [ "$rc" -ne 3 ]; then
    suite_fail "unstable-min: solve --stable exits $rc, expected 3"
elif ! grep -q 'no stable assignment meets the minimums' "$work/unstable.err"; then
    suite_fail "unstable-min: stderr does not name the missing stable assignment"
    suite_show "$work/unstable.err" 8
elif [ -e "$work/res.unstable" ]; then
    suite_fail "unstable-min: solve wrote results although it failed"
else
    suite_ok unstable-min
fi
run unstable-free solve "$work/unstable" -o "$work/res.unstable-free" --quiet
if [ "$rc" -eq 0 ] && grep -q '^s1,One,placed,b,' "$work/res.unstable-free/assignments.csv" &&
    grep -q '^blocking_pairs,1$' "$work/res.unstable-free/summary.csv"; then
    suite_ok unstable-without-stable
else
    suite_fail "unstable-without-stable: solve exits $rc; expected s1 at b with 1 blocking pair"
fi
# verify agrees: s1 at b breaks no rule but blocks, s1 at a breaks the min
printf 'student,program\ns1,b\n' >"$work/at-b.csv"
timeout "$limit" "$bin" verify "$work/unstable" "$work/at-b.csv" --stable >"$work/at-b.out" 2>&1
rc=$?
if [ "$rc" -eq 3 ] && grep -q '^broken rules: 0, blocking pairs: 1$' "$work/at-b.out"; then
    suite_ok unstable-verify-block
else
    suite_fail "unstable-verify-block: verify --stable exits $rc: $(grep '^broken' "$work/at-b.out")"
fi
printf 'student,program\ns1,a\n' >"$work/at-a.csv"
timeout "$limit" "$bin" verify "$work/unstable" "$work/at-a.csv" --stable >"$work/at-a.out" 2>&1
rc=$?
if [ "$rc" -eq 3 ] && grep -q '^violation min: ' "$work/at-a.out" &&
    grep -q '^broken rules: 1, blocking pairs: 0$' "$work/at-a.out"; then
    suite_ok unstable-verify-min
else
    suite_fail "unstable-verify-min: verify --stable exits $rc: $(grep '^broken\|^violation' "$work/at-a.out")"
fi

suite_finish
