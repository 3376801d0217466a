#!/usr/bin/env bash
# tests/e2e/diff.sh BIN - `placement diff OLD NEW` and `solve --compare OLD`.
# Every expectation is computed here from the result files themselves
# (awk, sort, join, comm), never from hard-coded engine output:
#  - a folder against itself: "no differences", a header-only CSV;
#  - the demo against a copy with two more seats in 'scholars': every CSV
#    row against a join of the two assignments.csv, the counts, the fill
#    changes against a join of the two capacity.csv, the blocking pairs
#    against comm of the two blocking_pairs.csv, the summary's values;
#  - hand-made folders (a copy of the demo's results edited with awk, with
#    an extra column appended to each file): a move, a newly placed, a
#    newly unplaced, a rank change, a status change, a student only in OLD;
#  - -o FILE that cannot be written (a file size limit) or whose run gets
#    SIGTERM at the rename: no FILE, an earlier FILE kept, no temporary
#    file left;
#  - the same-cycle rule both ways, --force, a folder that is not results,
#    -o inside OLD or onto one of its files, and solve --compare.
# Prints "ok NAME" or "FAIL NAME: WHY" per check, then
# "diff: N passed, N failed". KEEP_WORK set: the work folder is kept.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init diff "$@"
demo="$top/inputs/demo"
other="$here/cases/pass-base"
limit=120
export LC_ALL=C
for d in "$demo" "$other"; do
    [ -d "$d" ] || { suite_fail "diff: needs $d"; suite_finish; }
done
header='student,name,old_status,old_leaf,old_rank,new_status,new_leaf,new_rank'

# run NAME ARGS... : runs BIN, output in $work/NAME.out/.err, exit in $rc
run() {
    local name=$1
    shift
    timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
}

# The CSV reader of these tests (RFC 4180: quotes, doubled quotes, commas
# and line breaks inside quotes), for awk programs: csvsplit(REC, F) fills
# F[1..n] and returns n; a record continues while its quotes are unbalanced.
csv_lib='
function csvsplit(s, f,    n, i, c, q, cur) {
    n = 0; cur = ""; q = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(s, i + 1, 1) == "\"") { cur = cur "\""; i++ } else q = 0
            } else cur = cur c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
    }
    f[++n] = cur
    return n
}
function unbalanced(s,    t) { t = s; return gsub(/"/, "", t) % 2 }
function csvquote(s) {
    if (s ~ /[",\n]/ || s ~ /^[ \t]/ || s ~ /[ \t]$/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    return s
}
'

# tsv FILE COLS : the columns COLS (comma-separated header names) of CSV
# FILE, tab-separated, header dropped; the column "@leaf" is the deepest
# non-empty of program, lab and supervisor.
tsv() {
    awk -v cols="$2" "$csv_lib"'
    { rec = pending == "" ? $0 : pending "\n" $0
      if (unbalanced(rec)) { pending = rec; next }
      pending = ""
      n = csvsplit(rec, f) }
    nrec++ == 0 { for (i = 1; i <= n; i++) c[f[i]] = i; k = split(cols, want, ","); next }
    { line = ""
      for (j = 1; j <= k; j++) {
          if (want[j] == "@leaf") {
              v = f[c["supervisor"]]; if (v == "") v = f[c["lab"]]; if (v == "") v = f[c["program"]]
          } else v = (want[j] in c) ? f[c[want[j]]] : ""
          line = line (j > 1 ? "\t" : "") v
      }
      print line }' "$1"
}

# edit_csv IN OUT ID CODE : copies CSV IN to OUT, each data row parsed
# into f[] (c["name"]: a column's index), CODE run on it (ID in awk's id;
# setting drop=1 leaves the row out), every field written back, and an
# extra column "note" appended (the diff must ignore it).
edit_csv() {
    awk -v id="$3" "$csv_lib"'
    { rec = pending == "" ? $0 : pending "\n" $0
      if (unbalanced(rec)) { pending = rec; next }
      pending = ""
      n = csvsplit(rec, f) }
    nrec++ == 0 { for (i = 1; i <= n; i++) c[f[i]] = i; print rec ",note"; next }
    { drop = 0
      '"$4"'
      if (drop) next
      line = ""
      for (i = 1; i <= n; i++) line = line (i > 1 ? "," : "") csvquote(f[i])
      print line ",\"a note, with a comma\"" }' "$1" >"$2"
}

# section FILE TITLE : the lines of the report section "TITLE (N):"
section() {
    awk -v t="$2" 'index($0, t " (") == 1 && /\):$/ { on = 1; next } /^$/ { on = 0 } on' "$1"
}

# ---- results to compare ----
solve_ok() { # NAME DIR : solves DIR into $work/NAME; a failure ends the suite
    run "solve-$1" solve "$2" -o "$work/$1" -q
    if [ "$rc" -ne 0 ]; then
        suite_fail "diff: solve $2 exits $rc"
        suite_show "$work/solve-$1.err" 5
        suite_finish
    fi
}
solve_ok a "$demo"
cp -r "$demo" "$work/seats"
# two more seats in scholars (a program without labs: the seats are its own)
awk "$csv_lib"'
    { n = csvsplit($0, f) }
    NR == 1 { for (i = 1; i <= n; i++) c[f[i]] = i; print; next }
    f[c["id"]] == "scholars" { f[c["capacity"]] += 2; line = ""
        for (i = 1; i <= n; i++) line = line (i > 1 ? "," : "") csvquote(f[i])
        print line; next }
    { print }' "$demo/programs.csv" >"$work/seats/programs.csv"
if [ "$(tsv "$work/seats/programs.csv" id,capacity | awk -F'\t' '$1 == "scholars" { print $2 }')" \
    != "$(($(tsv "$demo/programs.csv" id,capacity | awk -F'\t' '$1 == "scholars" { print $2 }') + 2))" ]; then
    suite_fail "diff: could not add two seats to scholars"
    suite_finish
fi
solve_ok b "$work/seats"
solve_ok p "$other"

# ---- the same folder twice ----
run same diff "$work/a" "$work/a" -o "$work/same.csv"
if [ "$rc" -ne 0 ]; then
    suite_fail "same: exit $rc"
    suite_show "$work/same.err" 3
else
    suite_ok "same folder: exit 0"
fi
if grep -qx 'no differences' "$work/same.out"; then suite_ok "same folder: no differences"; else
    suite_fail "same folder: no 'no differences' line"
    suite_show "$work/same.out" 5
fi
if [ -f "$work/same.csv" ] && [ "$(cat "$work/same.csv")" = "$header" ]; then
    suite_ok "same folder: header-only CSV"
else
    suite_fail "same folder: the CSV is not the header alone"
    [ -f "$work/same.csv" ] && suite_show "$work/same.csv" 3
fi

# ---- the demo against two more seats ----
run seats diff "$work/a" "$work/b" -o "$work/seats.csv" -v
if [ "$rc" -ne 0 ]; then
    suite_fail "seats: exit $rc"
    suite_show "$work/seats.err" 3
fi
tsv "$work/a/assignments.csv" student,name,status,@leaf,rank | sort -t $'\t' -k1,1 >"$work/a.tsv"
tsv "$work/b/assignments.csv" student,name,status,@leaf,rank | sort -t $'\t' -k1,1 >"$work/b.tsv"
# both sides of every student; the rows whose status, leaf or rank differ
join -t $'\t' -a 1 -a 2 -e '' -o 0,1.2,2.2,1.3,1.4,1.5,2.3,2.4,2.5 "$work/a.tsv" "$work/b.tsv" |
    awk -F'\t' -v OFS='\t' '$4 != $7 || $5 != $8 || $6 != $9 {
        print $1, ($3 != "" ? $3 : $2), $4, $5, $6, $7, $8, $9 }' >"$work/want.tsv"
if [ ! -s "$work/want.tsv" ]; then
    suite_fail "seats: two more seats in scholars changed nobody's place (the test needs a change)"
fi
if [ "$(head -n 1 "$work/seats.csv")" = "$header" ]; then suite_ok "seats: CSV header"; else
    suite_fail "seats: CSV header is '$(head -n 1 "$work/seats.csv")'"
fi
tsv "$work/seats.csv" "${header}" >"$work/got.tsv"
if cmp -s "$work/got.tsv" "$work/want.tsv"; then
    suite_ok "seats: every CSV row matches the join of the two assignments.csv ($(wc -l <"$work/want.tsv") rows)"
else
    suite_fail "seats: CSV rows differ from the join of the two assignments.csv (< engine, > join)"
    diff "$work/got.tsv" "$work/want.tsv" | suite_show /dev/stdin 10
fi
if cut -f1 "$work/got.tsv" | sort -c 2>/dev/null; then suite_ok "seats: CSV sorted by student"; else
    suite_fail "seats: CSV not sorted by student (bytewise)"
fi
# the counts line against the rows
want_counts=$(awk -F'\t' '
    $3 != "" && $6 != "" && $4 != "" && $7 != "" && $4 != $7 { m++ }
    $3 != "" && $6 != "" && $4 == "" && $7 != "" { p++ }
    $3 != "" && $6 != "" && $4 != "" && $7 == "" { u++ }
    $3 != "" && $6 != "" && $4 == $7 && $5 != $8 { r++ }
    END { printf "students: %d moved, %d newly placed, %d newly unplaced, %d rank changed at the same place\n", m, p, u, r }' \
    "$work/want.tsv")
if grep -qxF "$want_counts" "$work/seats.out"; then suite_ok "seats: counts ($want_counts)"; else
    suite_fail "seats: no line '$want_counts'"
    grep '^students:' "$work/seats.out" | suite_show /dev/stdin
fi
for kind in "moved:m" "newly placed:p"; do
    title=${kind%:*}
    want_ids=$(awk -F'\t' -v k="${kind#*:}" '
        k == "m" && $4 != "" && $7 != "" && $4 != $7 { print $1 }
        k == "p" && $4 == "" && $7 != "" { print $1 }' "$work/want.tsv")
    got_ids=$(section "$work/seats.out" "$title" | awk '{ print $1 }')
    if [ "$got_ids" = "$want_ids" ]; then suite_ok "seats: section '$title'"; else
        suite_fail "seats: section '$title' lists other students"
        section "$work/seats.out" "$title" | suite_show /dev/stdin 5
    fi
done
# fill changes: the places whose placed or capacity differ, as the report words them
tsv "$work/a/capacity.csv" id,level,placed,capacity | sort -t $'\t' -k1,1 >"$work/ca.tsv"
tsv "$work/b/capacity.csv" id,level,placed,capacity | sort -t $'\t' -k1,1 >"$work/cb.tsv"
join -t $'\t' "$work/ca.tsv" "$work/cb.tsv" |
    awk -F'\t' 'function fill(p, c) { return c == "" ? p " (no limit)" : p " of " c }
        $3 != $6 || $4 != $7 {
            if ($4 == $7) print "  " $2 " " $1 ": " $3 " -> " fill($6, $7)
            else print "  " $2 " " $1 ": " fill($3, $4) " -> " fill($6, $7) }' | sort >"$work/fill-want"
section "$work/seats.out" "fill changes" | sort >"$work/fill-got"
if [ -s "$work/fill-want" ] && cmp -s "$work/fill-got" "$work/fill-want"; then
    suite_ok "seats: fill changes match capacity.csv ($(wc -l <"$work/fill-want") places)"
else
    suite_fail "seats: fill changes differ from the two capacity.csv (< engine, > join)"
    diff "$work/fill-got" "$work/fill-want" | suite_show /dev/stdin 10
fi
# blocking pairs: comm of the two files
tsv "$work/a/blocking_pairs.csv" student,leaf | sort >"$work/bpa"
tsv "$work/b/blocking_pairs.csv" student,leaf | sort >"$work/bpb"
for which in added removed; do
    if [ "$which" = added ]; then comm -13 "$work/bpa" "$work/bpb"; else comm -23 "$work/bpa" "$work/bpb"; fi \
        >"$work/bp-want-$which"
    section "$work/seats.out" "blocking pairs $which" | awk -v OFS='\t' '{ print $1, $4 }' | sort \
        >"$work/bp-got-$which"
    if cmp -s "$work/bp-got-$which" "$work/bp-want-$which"; then
        suite_ok "seats: blocking pairs $which match comm ($(wc -l <"$work/bp-want-$which"))"
    else
        suite_fail "seats: blocking pairs $which differ from comm (< engine, > comm)"
        diff "$work/bp-got-$which" "$work/bp-want-$which" | suite_show /dev/stdin 10
    fi
done
# the summary's values side by side
bad=
for m in placed unplaced total_rank blocking_pairs $(tsv "$work/b/summary.csv" metric | grep '^stage:'); do
    want="$(tsv "$work/a/summary.csv" metric,value | awk -F'\t' -v m="$m" '$1 == m { print $2 }') $(
        tsv "$work/b/summary.csv" metric,value | awk -F'\t' -v m="$m" '$1 == m { print $2 }')"
    got=$(awk -v m="$m" '$1 == m { print $2, $3; exit }' "$work/seats.out")
    [ "$got" = "$want" ] || bad="$bad $m: '$got' (want '$want');"
done
if [ -z "$bad" ]; then suite_ok "seats: summary values side by side"; else
    suite_fail "seats: summary values:$bad"
fi
if grep -qx 'inputs: programs.csv changed; 7 the same' "$work/seats.out"; then
    suite_ok "seats: inputs line names programs.csv"
else
    suite_fail "seats: the inputs line does not name programs.csv alone"
    grep '^inputs' "$work/seats.out" | suite_show /dev/stdin
fi
if ls -A "$work" | grep -q '\.tmp-'; then
    suite_fail "seats: a temporary file was left next to the CSV"
else
    suite_ok "seats: no temporary file left"
fi

# ---- hand-made folders: one change each ----
# crafted NAME TITLE ID CODE : $work/NAME is a copy of a's results whose
# assignments.csv went through edit_csv with CODE for student ID; the
# diff must list ID alone, under TITLE, and the CSV hold her one row.
crafted() {
    local name=$1 title=$2 id=$3 code=$4 dir="$work/$1" f
    mkdir "$dir"
    for f in capacity.csv blocking_pairs.csv summary.csv; do
        edit_csv "$work/a/$f" "$dir/$f" "" ""
    done
    edit_csv "$work/a/assignments.csv" "$dir/assignments.csv" "$id" "$code"
    run "$name" diff "$work/a" "$dir" -o "$work/$name.csv"
    if [ "$rc" -ne 0 ]; then
        suite_fail "$name: exit $rc"
        suite_show "$work/$name.err" 3
        return
    fi
    tsv "$dir/assignments.csv" student,name,status,@leaf,rank | sort -t $'\t' -k1,1 >"$work/$name.tsv"
    join -t $'\t' -a 1 -a 2 -e '' -o 0,1.2,2.2,1.3,1.4,1.5,2.3,2.4,2.5 "$work/a.tsv" "$work/$name.tsv" |
        awk -F'\t' -v OFS='\t' '$4 != $7 || $5 != $8 || $6 != $9 {
            print $1, ($3 != "" ? $3 : $2), $4, $5, $6, $7, $8, $9 }' >"$work/$name.want"
    tsv "$work/$name.csv" "$header" >"$work/$name.got"
    if [ "$(cut -f1 "$work/$name.want")" != "$id" ]; then
        suite_fail "$name: the edit did not change student '$id' alone"
    elif cmp -s "$work/$name.got" "$work/$name.want"; then
        suite_ok "$name: the CSV holds '$id' alone"
    else
        suite_fail "$name: CSV rows (< engine, > expected)"
        diff "$work/$name.got" "$work/$name.want" | suite_show /dev/stdin 6
    fi
    # her line under TITLE, and no other list in the report
    if [ "$(section "$work/$name.out" "$title" | awk '{ print $1 }')" = "$id" ] &&
        [ "$(awk '/\):$/' "$work/$name.out" | wc -l)" -eq 1 ]; then
        suite_ok "$name: listed under '$title' only"
    else
        suite_fail "$name: not listed under '$title' alone"
        grep -v '^  [a-z_:0-9-]* ' "$work/$name.out" | suite_show /dev/stdin 12
    fi
}
# the students to edit, from a's results
first() { awk -F'\t' "$1"' { print $1; exit }' "$work/a.tsv"; }
at_scholars=$(first '$4 == "scholars"')
unplaced=$(first '$4 == ""')
ranked=$(first '$3 == "placed" && $5 != "" && $1 != "'"$at_scholars"'"')
ranked2=$(awk -F'\t' -v x="$ranked" -v y="$at_scholars" '$3 == "placed" && $1 != x && $1 != y { print $1 }' "$work/a.tsv" | sed -n 2p)
placed=$(awk -F'\t' -v x="$ranked" -v y="$at_scholars" -v z="$ranked2" '$3 == "placed" && $1 != x && $1 != y && $1 != z { print $1 }' "$work/a.tsv" | sed -n 3p)
if [ -z "$at_scholars" ] || [ -z "$unplaced" ] || [ -z "$ranked" ] || [ -z "$ranked2" ] || [ -z "$placed" ]; then
    suite_fail "diff: the demo's results lack the students the hand-made folders need"
else
    crafted move moved "$at_scholars" \
        'if (f[c["student"]] == id) { f[c["program"]] = "jdp-pharm"; f[c["rank"]] = "2" }'
    crafted placed "newly placed" "$unplaced" \
        'if (f[c["student"]] == id) { f[c["status"]] = "placed"; f[c["program"]] = "scholars"; f[c["rank"]] = "1" }'
    crafted unplaced "newly unplaced" "$placed" \
        'if (f[c["student"]] == id) { f[c["status"]] = "unplaced"; f[c["program"]] = f[c["lab"]] = f[c["supervisor"]] = f[c["rank"]] = "" }'
    crafted rank "rank changes at the same place" "$ranked" \
        'if (f[c["student"]] == id) f[c["rank"]] = f[c["rank"]] + 1'
    crafted status "status changes" "$ranked2" \
        'if (f[c["student"]] == id) f[c["status"]] = "fixed"'
    crafted only-old "only in OLD" "$placed" 'if (f[c["student"]] == id) drop = 1'
    # a worse rank counts as worse
    if grep -qx 'ranks of students placed in both: 0 better, 1 worse' "$work/rank.out"; then
        suite_ok "rank: counted as worse"
    else
        suite_fail "rank: not counted as 1 worse"
        grep '^ranks' "$work/rank.out" | suite_show /dev/stdin
    fi
fi
# fill changes and blocking pairs of a hand-made folder: one place loses a
# student, one gains one, one pair goes and one comes
mkdir "$work/fill"
cp "$work/a/assignments.csv" "$work/a/summary.csv" "$work/fill/"
edit_csv "$work/a/capacity.csv" "$work/fill/capacity.csv" "" \
    'if (f[c["id"]] == "scholars") f[c["placed"]]--; if (f[c["id"]] == "jdp-pharm") f[c["placed"]]++'
first_pair=$(sed -n 2p "$work/a/blocking_pairs.csv" | cut -d, -f1,2)
edit_csv "$work/a/blocking_pairs.csv" "$work/fill/blocking_pairs.csv" "$first_pair" \
    'if (f[1] "," f[2] == id) drop = 1'
# a made-up pair, its row padded to the header's columns (which may grow)
head -n 1 "$work/fill/blocking_pairs.csv" |
    awk -F, -v row="$unplaced,made-up-leaf,1" '{ n = split(row, f, ","); for (; n < NF; n++) row = row ","; print row }' \
        >>"$work/fill/blocking_pairs.csv"
run fill diff "$work/a" "$work/fill" -v
want_fill=$(join -t $'\t' "$work/ca.tsv" <(tsv "$work/fill/capacity.csv" id,level,placed,capacity | sort -t $'\t' -k1,1) |
    awk -F'\t' '$3 != $6 { print "  " $2 " " $1 ": " $3 " -> " $6 ($7 == "" ? " (no limit)" : " of " $7) }' | sort)
if [ "$rc" -eq 0 ] && [ "$(section "$work/fill.out" "fill changes" | sort)" = "$want_fill" ] &&
    [ "$(echo "$want_fill" | wc -l)" -eq 2 ]; then
    suite_ok "fill: the two places whose placed changed"
else
    suite_fail "fill: exit $rc; fill changes differ from the edit"
    section "$work/fill.out" "fill changes" | suite_show /dev/stdin
fi
if [ "$(section "$work/fill.out" "blocking pairs added" | awk '{ print $1 "," $4 }')" = "$unplaced,made-up-leaf" ] &&
    [ "$(section "$work/fill.out" "blocking pairs removed" | awk '{ print $1 "," $4 }')" = "$first_pair" ]; then
    suite_ok "fill: one blocking pair added, one removed"
else
    suite_fail "fill: blocking pairs added/removed differ from the edit"
    grep -A2 '^blocking pairs' "$work/fill.out" | suite_show /dev/stdin
fi

# ---- -o FILE that fails: no partial file, FILE as it was ----
# beside PATH: what is left next to PATH under its temporary names
beside() { find "$(dirname "$1")" -maxdepth 1 -name ".$(basename "$1").tmp-*" | wc -l; }
# the write fails (a file size limit of 0, its signal ignored: EFBIG);
# stdout and stderr go through pipes, which the limit does not cover
( ulimit -f 0; trap '' XFSZ; exec "$bin" diff "$work/a" "$work/b" -o "$work/efbig.csv" ) \
    2>&1 | cat >"$work/efbig.err"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 1 ] && grep -qF "$work/efbig.csv: error: write error: File too large" "$work/efbig.err" &&
    [ ! -e "$work/efbig.csv" ] && [ "$(beside "$work/efbig.csv")" -eq 0 ]; then
    suite_ok "-o that cannot be written: exit 1, no file, no temporary file"
else
    suite_fail "-o that cannot be written: exit $rc, file $([ -e "$work/efbig.csv" ] && echo there || echo absent), $(beside "$work/efbig.csv") temporary files left"
    suite_show "$work/efbig.err" 3
fi
printf 'an earlier file\n' >"$work/kept.csv"
( ulimit -f 0; trap '' XFSZ; exec "$bin" diff "$work/a" "$work/b" -o "$work/kept.csv" ) \
    2>&1 | cat >"$work/kept.err"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 1 ] && [ "$(cat "$work/kept.csv")" = "an earlier file" ] &&
    [ "$(beside "$work/kept.csv")" -eq 0 ]; then
    suite_ok "-o that cannot be written: the earlier file kept"
else
    suite_fail "-o that cannot be written over a file: exit $rc, or the file changed, or $(beside "$work/kept.csv") temporary files left"
fi
# SIGTERM with the CSV written, at its rename (a preloaded rename that
# raises it): the temporary file is removed as for every output
if cc -shared -fPIC -o "$work/rename-term.so" -x c - <<'EOF_C' 2>"$work/rename-term.cc"; then
#include <signal.h>
#include <string.h>
int rename(const char *from, const char *to)
{
    (void)to;
    if (strstr(from, ".tmp-"))
        raise(SIGTERM);
    return -1;
}
EOF_C
    LD_PRELOAD="$work/rename-term.so" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        timeout "$limit" "$bin" diff "$work/a" "$work/b" -o "$work/term.csv" >/dev/null 2>"$work/term.err"
    rc=$?
    if [ "$rc" -eq 143 ] && grep -q "interrupted, nothing written" "$work/term.err" &&
        [ ! -e "$work/term.csv" ] && [ "$(beside "$work/term.csv")" -eq 0 ]; then
        suite_ok "-o, SIGTERM at the rename: ended by the signal, no file, no temporary file"
    else
        suite_fail "-o, SIGTERM at the rename: exit $rc, $(beside "$work/term.csv") temporary files left"
        suite_show "$work/term.err" 3
    fi
else
    suite_fail "-o, SIGTERM at the rename: cannot build the preloaded rename"
    suite_show "$work/rename-term.cc" 3
fi

# ---- the same-cycle rule ----
run other diff "$work/a" "$work/p" -o "$work/other.csv"
if [ "$rc" -eq 2 ] && grep -q "^error: '$work/a' and '$work/p' are results of different cycles: no input file has the same fingerprint" "$work/other.err" &&
    grep -q -- "--force compares them anyway$" "$work/other.err" && [ ! -s "$work/other.out" ] &&
    [ ! -e "$work/other.csv" ]; then
    suite_ok "other cycle: refused with exit 2, nothing written"
else
    suite_fail "other cycle: exit $rc (want 2 and the message, no output)"
    suite_show "$work/other.err" 3
fi
only_old=$(join -t $'\t' -v 1 "$work/a.tsv" <(tsv "$work/p/assignments.csv" student | sort) | wc -l)
if grep -q "and $only_old students are only in '$work/a'" "$work/other.err"; then
    suite_ok "other cycle: the message counts the $only_old students only in OLD"
else
    suite_fail "other cycle: the message does not count $only_old students only in OLD"
fi
run force diff "$work/a" "$work/p" --force
if [ "$rc" -eq 0 ] && grep -q "^warning: .*compared anyway, --force" "$work/force.err" &&
    grep -qx "only in OLD ($only_old):" "$work/force.out"; then
    suite_ok "other cycle: compared with --force"
else
    suite_fail "other cycle --force: exit $rc"
    suite_show "$work/force.err" 3
fi
# no fingerprint in common but the same students: one cycle
mkdir "$work/prints"
cp "$work/a/assignments.csv" "$work/a/capacity.csv" "$work/a/blocking_pairs.csv" "$work/prints/"
awk -F, -v OFS=, '$1 ~ /^sha256:/ { $2 = "0" $2 } { print }' "$work/a/summary.csv" >"$work/prints/summary.csv"
run prints diff "$work/a" "$work/prints"
if [ "$rc" -eq 0 ]; then suite_ok "same students, other fingerprints: compared"; else
    suite_fail "same students, other fingerprints: exit $rc"
    suite_show "$work/prints.err" 3
fi
# ... and one student fewer: refused
edit_csv "$work/prints/assignments.csv" "$work/prints/a2.csv" "$placed" 'if (f[1] == id) drop = 1'
mv "$work/prints/a2.csv" "$work/prints/assignments.csv"
run prints2 diff "$work/a" "$work/prints"
if [ "$rc" -eq 2 ] && grep -q "and 1 student is only in '$work/a'; --force" "$work/prints2.err"; then
    suite_ok "other fingerprints and a student fewer: refused"
else
    suite_fail "other fingerprints and a student fewer: exit $rc"
    suite_show "$work/prints2.err" 3
fi

# ---- not a results folder ----
mkdir "$work/nosummary"
cp "$work/a/assignments.csv" "$work/a/capacity.csv" "$work/a/blocking_pairs.csv" "$work/nosummary/"
run nosummary diff "$work/a" "$work/nosummary"
if [ "$rc" -eq 2 ] && grep -qxF "$work/nosummary/summary.csv: error: no such file: '$work/nosummary' is not a results folder (placement solve writes summary.csv and assignments.csv)" "$work/nosummary.err" &&
    [ ! -s "$work/nosummary.out" ]; then
    suite_ok "no summary.csv: refused with a located error"
else
    suite_fail "no summary.csv: exit $rc"
    suite_show "$work/nosummary.err" 3
fi
mkdir "$work/badrank"
cp "$work/a/capacity.csv" "$work/a/blocking_pairs.csv" "$work/a/summary.csv" "$work/badrank/"
edit_csv "$work/a/assignments.csv" "$work/badrank/assignments.csv" "$ranked" \
    'if (f[1] == id) f[c["rank"]] = "two"'
line=$(grep -n "^$ranked," "$work/badrank/assignments.csv" | cut -d: -f1)
col=$(head -n 1 "$work/badrank/assignments.csv" | tr , '\n' | grep -nx rank | cut -d: -f1)
run badrank diff "$work/badrank" "$work/a"
if [ "$rc" -eq 2 ] && grep -qxF "$work/badrank/assignments.csv:$line:$col: error: rank 'two' is not a whole number" "$work/badrank.err"; then
    suite_ok "bad rank: refused at its line and column"
else
    suite_fail "bad rank: exit $rc (want 2 and $work/badrank/assignments.csv:$line:$col)"
    suite_show "$work/badrank.err" 3
fi

# ---- -o inside OLD or NEW ----
cp "$work/a/summary.csv" "$work/summary.before"
run inside diff "$work/a" "$work/b" -o "$work/a/changes.csv"
if [ "$rc" -eq 2 ] && [ ! -e "$work/a/changes.csv" ] &&
    grep -q "refusing to write the CSV into the results folder '$work/a'" "$work/inside.err"; then
    suite_ok "-o inside OLD: refused"
else
    suite_fail "-o inside OLD: exit $rc"
    suite_show "$work/inside.err" 3
fi
run onto diff "$work/a" "$work/b" -o "$work/b/../a/summary.csv"
if [ "$rc" -eq 2 ] && cmp -s "$work/a/summary.csv" "$work/summary.before"; then
    suite_ok "-o onto OLD's summary.csv: refused, the file untouched"
else
    suite_fail "-o onto OLD's summary.csv: exit $rc"
fi
ln -s "$work/b" "$work/link"
run link diff "$work/a" "$work/b" -o "$work/link/changes.csv"
if [ "$rc" -eq 2 ] && [ ! -e "$work/b/changes.csv" ]; then suite_ok "-o inside NEW through a link: refused"; else
    suite_fail "-o inside NEW through a link: exit $rc"
fi

# ---- solve --compare ----
run cmp-other solve "$demo" -o "$work/cmp-other" --compare "$work/p" --export-data "$work/cmp-data"
if [ "$rc" -eq 2 ] && [ ! -e "$work/cmp-other" ] && [ ! -e "$work/cmp-data" ] &&
    grep -q "^error: '$work/p' holds results of another cycle than '$demo'" "$work/cmp-other.err"; then
    suite_ok "solve --compare another cycle: refused before solving, nothing written"
else
    suite_fail "solve --compare another cycle: exit $rc"
    suite_show "$work/cmp-other.err" 3
fi
run cmp-not solve "$demo" -o "$work/cmp-not" --compare "$work/nosummary"
if [ "$rc" -eq 2 ] && [ ! -e "$work/cmp-not" ] && grep -q "is not a results folder" "$work/cmp-not.err"; then
    suite_ok "solve --compare a folder without summary.csv: refused"
else
    suite_fail "solve --compare a folder without summary.csv: exit $rc"
fi
run cmp-same solve "$work/seats" -o "$work/cmp-same" --compare "$work/a" -q
if [ "$rc" -eq 0 ] && [ -f "$work/cmp-same/summary.csv" ]; then
    suite_ok "solve --compare the same cycle (two more seats): solved"
else
    suite_fail "solve --compare the same cycle: exit $rc"
    suite_show "$work/cmp-same.err" 3
fi
# the section of report.html: one row per student of diff's CSV, one per
# place whose fill or capacity changed, and no section without --compare
run cmp-csv diff "$work/a" "$work/cmp-same" -o "$work/cmp.csv"
rows_in() { # FILE TABLE_ID: the body rows of that table in FILE
    python3 -c 'import re, sys
m = re.search(r"<table id=\"%s\">.*?<tbody>(.*?)</tbody>" % sys.argv[2], open(sys.argv[1], encoding="utf-8").read(), re.S)
print(m.group(1).count("<tr>") if m else -1)' "$1" "$2"
}
want=$(($(wc -l <"$work/cmp.csv") - 1))
got=$(rows_in "$work/cmp-same/report.html" compare-students)
if grep -q '<section id="compare">' "$work/cmp-same/report.html" && [ "$got" -eq "$want" ] &&
    [ "$want" -gt 0 ] && ! grep -q '<section id="compare">' "$work/a/report.html"; then
    suite_ok "solve --compare: report.html's section lists the $want students of diff -o"
else
    suite_fail "solve --compare: report.html's compare section has $got student rows, diff -o $want"
fi
want=$(awk -F, 'NR == FNR && FNR > 1 { p[$2] = $7; c[$2] = $5; next }
    FNR > 1 && (!($2 in p) || p[$2] != $7 || c[$2] != $5) { n++ } END { print n + 0 }' \
    "$work/a/capacity.csv" "$work/cmp-same/capacity.csv")
got=$(rows_in "$work/cmp-same/report.html" compare-places)
if [ "$got" -eq "$want" ]; then suite_ok "solve --compare: $want places whose fill or capacity changed"; else
    suite_fail "solve --compare: report.html lists $got changed places, capacity.csv $want"
fi
run cmp-force solve "$demo" -o "$work/cmp-force" --compare "$work/p" --force
if [ "$rc" -eq 0 ] && [ -f "$work/cmp-force/summary.csv" ] && grep -q "^warning: .*--force" "$work/cmp-force.err"; then
    suite_ok "solve --compare another cycle --force: solved with a warning"
else
    suite_fail "solve --compare another cycle --force: exit $rc"
fi
suite_finish
