#!/usr/bin/env bash
# tests/e2e/rounds.sh BIN - a cycle run in rounds: `solve --previous OUT1`
# with the cycle's responses.csv, and `verify --previous OUT1`. Every
# promise is checked from the result files by tests/lib/rounds_check.py
# (Python's csv module), never against hard-coded engine output:
#  - the demo: round 1, then 10 accepts and 5 declines (chosen by a seed
#    among the placed), round 2 under rank-sum and --stable: accepted
#    students kept at their leaves, placed students without an answer at
#    theirs, decliners declined and unplaced, the summary's round,
#    previous_assignments_sha256 (sha256sum of OUT1's file) and counts, no
#    place over capacity; verify --previous accepts each round 2 (with
#    --stable for the stable one) and catches a decliner placed by hand and
#    a kept student moved; report.html compares the round with OUT1; diff
#    OUT1 OUT2 counts the newly placed as the files do;
#  - nobody answers (no responses.csv, or its header only): round 2 equals
#    round 1 (status, path and rank of every student), for each objective
#    and --stable;
#  - round 3 after round 2 with the earlier answers carried over and new
#    ones: kept stay kept, declined stay declined, round 3;
#  - refusals (exit 2, at FILE:LINE:COLUMN where a line applies, nothing
#    written): an unknown student, a second answer, an unknown response, an
#    answer from a student who had no offer, an accept after a decline,
#    responses.csv without --previous, OUT1 of an edited cycle, -o onto
#    OUT1, an OUT1 that is not results;
#  - random generated cycles (ROUNDS_SEEDS of them, default 4): round 2
#    under --stable and not, checked as the demo, verify --previous accepts
#    it, and --method glpk finds the same stage values as the fast paths.
# Prints "ok NAME" or "FAIL NAME: WHY", then "rounds: N passed, N failed".
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init rounds "$@"
suite_need_gen
check="$tests/lib/rounds_check.py"
demo="$top/inputs/demo"
limit=120
seeds=${ROUNDS_SEEDS:-4}
case "$seeds" in '' | *[!0-9]*)
    echo "rounds: ROUNDS_SEEDS '$seeds' is not a whole number" >&2
    exit 2
    ;;
esac
export LC_ALL=C

# run NAME ARGS...: BIN under the time limit; output in $work/NAME.out/.err, exit in $rc
run() {
    local name=$1
    shift
    timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
}

# expect_rc NAME WANT: the last run's exit was WANT (else its stderr is shown)
expect_rc() {
    if [ "$rc" -eq "$2" ]; then suite_ok "$1"; else
        suite_fail "$1: exit $rc, expected $2"
        suite_show "$work/$1.err" 6
    fi
}

# promises NAME OUT1 OUT2 RESPONSES: rounds_check.py check finds nothing
promises() {
    local out
    out=$(python3 "$check" check "$2" "$3" "$4" 2>&1)
    if [ -z "$out" ]; then suite_ok "$1: kept, held, declined and summary as promised"; else
        suite_fail "$1:"
        printf '%s\n' "$out" | sed 's/^/    /'
    fi
}

# unchanged NAME OUT1 OUT2: rounds_check.py same finds nothing
unchanged() {
    local out
    out=$(python3 "$check" same "$2" "$3" 2>&1)
    if [ -z "$out" ]; then suite_ok "$1: nothing moved"; else
        suite_fail "$1:"
        printf '%s\n' "$out" | head -10 | sed 's/^/    /'
    fi
}

# refused NAME WANT_TEXT OUT ARGS...: exit 2, stderr has WANT_TEXT, OUT not written
refused() {
    local name=$1 want=$2 out=$3
    shift 3
    run "$name" "$@"
    if [ "$rc" -ne 2 ]; then
        suite_fail "$name: exit $rc, expected 2"
        suite_show "$work/$name.err" 6
    elif ! grep -qF -- "$want" "$work/$name.err"; then
        suite_fail "$name: stderr lacks '$want'"
        suite_show "$work/$name.err" 6
    elif [ -e "$out" ]; then
        suite_fail "$name: $out was written"
    else
        suite_ok "$name: refused ($want)"
    fi
}

# ---- the demo: round 1, answers, round 2 ----
cyc="$work/demo"
cp -r "$demo" "$cyc"
rm -f "$cyc/responses.csv"
run demo-r1 solve "$cyc" -o "$work/r1" -q
expect_rc demo-r1 0
run demo-r1s solve "$cyc" -o "$work/r1s" -q --stable
expect_rc demo-r1s 0
python3 "$check" respond "$work/r1" 10 5 7 >"$cyc/responses.csv"
naccept=$(grep -c ',accepted$' "$cyc/responses.csv")
ndecline=$(grep -c ',declined$' "$cyc/responses.csv")
if [ "$naccept" -eq 10 ] && [ "$ndecline" -eq 5 ]; then suite_ok "demo: 10 accepts, 5 declines"
else suite_fail "demo: responses.csv has $naccept accepts and $ndecline declines"; fi
run demo-r2 solve "$cyc" -o "$work/r2" --previous "$work/r1"
expect_rc demo-r2 0
promises "demo round 2" "$work/r1" "$work/r2" "$cyc/responses.csv"
run demo-r2-verify verify "$cyc" "$work/r2/assignments.csv" --previous "$work/r1" -q
expect_rc demo-r2-verify 0
# held offers never move, so a freed seat that a quota keeps from the
# student first in line for it can leave no stable round 2 at all (exit 3,
# explained): the first seed whose answers leave one is used
stable_seed=
for k in $(seq 1 20); do
    python3 "$check" respond "$work/r1s" 10 5 "$k" >"$cyc/responses.csv"
    run demo-r2s solve "$cyc" -o "$work/r2s" --previous "$work/r1s" --stable -q
    if [ "$rc" -eq 0 ]; then stable_seed=$k; break; fi
    if [ "$rc" -ne 3 ] || ! grep -q "no stable assignment" "$work/demo-r2s.err"; then
        expect_rc demo-r2s 0
        break
    fi
done
if [ -n "$stable_seed" ]; then suite_ok "demo round 2 --stable: solved (answers of seed $stable_seed)"
else suite_fail "demo round 2 --stable: no seed of 1..20 leaves a stable round 2"; fi
promises "demo round 2 --stable" "$work/r1s" "$work/r2s" "$cyc/responses.csv"
run demo-r2s-verify verify "$cyc" "$work/r2s/assignments.csv" --previous "$work/r1s" --stable -q
expect_rc demo-r2s-verify 0
bp=$(awk -F, '$1 == "blocking_pairs" { print $2 }' "$work/r2s/summary.csv")
if [ "$bp" = 0 ]; then suite_ok "demo round 2 --stable: no blocking pair"
else suite_fail "demo round 2 --stable: $bp blocking pairs"; fi

# verify catches a decliner placed and a kept student moved (edited by hand)
python3 - "$work/r2s/assignments.csv" "$work/r1s/assignments.csv" "$work/edited.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
old = {r["student"]: r for r in csv.DictReader(open(sys.argv[2], newline=""))}
dec = next(r for r in rows if r["status"] == "declined")
kept = next(r for r in rows if r["status"] == "kept")
other = next(r for r in rows if r["status"] == "placed" and r["program"] != kept["program"])
for col in ("program", "lab", "supervisor"):
    dec[col] = old[dec["student"]][col]   # back at the offer she declined
    kept[col] = other[col]                # somewhere else
w = csv.DictWriter(open(sys.argv[3], "w", newline=""), fieldnames=list(rows[0].keys()))
w.writeheader()
w.writerows(rows)

EOF
run edited verify "$cyc" "$work/edited.csv" --previous "$work/r1s" -o "$work/edited-out"
if [ "$rc" -eq 3 ] && grep -q '^declined,' "$work/edited-out/violations.csv" &&
    grep -q '^fix,' "$work/edited-out/violations.csv"; then
    suite_ok "verify --previous: a decliner placed and a kept student moved are violations"
else
    suite_fail "verify --previous on an edited round 2: exit $rc"
    suite_show "$work/edited.err" 6
fi

# the summary's previous_assignments_sha256 against sha256sum
want=$(sha256sum "$work/r1/assignments.csv" | cut -d' ' -f1)
got=$(awk -F, '$1 == "previous_assignments_sha256" { print $2 }' "$work/r2/summary.csv")
if [ "$want" = "$got" ]; then suite_ok "summary: previous_assignments_sha256 is sha256sum's"
else suite_fail "summary: previous_assignments_sha256 '$got', sha256sum says '$want'"; fi

# the report compares the round with OUT1; diff counts the newly placed as the files do
if grep -q 'id="compare"' "$work/r2/report.html"; then suite_ok "report.html: compare section"
else suite_fail "report.html of round 2 has no compare section"; fi
python3 "$check" newly "$work/r1" "$work/r2" >"$work/newly.txt"
n_new=$(wc -l <"$work/newly.txt")
run diff-r diff "$work/r1" "$work/r2" -o "$work/diff.csv"
n_diff=$(awk -F, 'NR > 1 && $3 == "unplaced" && $6 == "placed"' "$work/diff.csv" | wc -l)
if [ "$rc" -eq 0 ] && [ "$n_new" -eq "$n_diff" ]; then
    suite_ok "diff OUT1 OUT2: $n_diff newly placed, as the files say"
else suite_fail "diff OUT1 OUT2: exit $rc, $n_diff newly placed, the files say $n_new"; fi

# ---- nobody answers: nothing changes ----
rm -f "$cyc/responses.csv"
for variant in "rank-sum" "rank-maximal" "generous" "rank-sum --stable"; do
    set -- $variant
    tag=$(echo "$variant" | tr -d ' -')
    run "quiet-$tag-r1" solve "$cyc" -o "$work/q1-$tag" -q --objective "$@"
    run "quiet-$tag-r2" solve "$cyc" -o "$work/q2-$tag" -q --objective "$@" --previous "$work/q1-$tag"
    expect_rc "quiet-$tag-r2" 0
    unchanged "no responses.csv ($variant)" "$work/q1-$tag" "$work/q2-$tag"
done
echo "student,response" >"$cyc/responses.csv"
run quiet-header solve "$cyc" -o "$work/q2-header" -q --previous "$work/q1-ranksum"
expect_rc quiet-header 0
unchanged "responses.csv with its header only" "$work/q1-ranksum" "$work/q2-header"

# ---- round 3: answers carried over, new ones added ----
python3 "$check" respond "$work/r1" 10 5 7 >"$cyc/responses.csv"
cp "$cyc/responses.csv" "$work/resp-r2.csv"
python3 "$check" respond "$work/r2" 3 3 11 "$work/resp-r2.csv" >"$work/resp-r3.csv"
cp "$work/resp-r3.csv" "$cyc/responses.csv"
run demo-r3 solve "$cyc" -o "$work/r3" -q --previous "$work/r2"
expect_rc demo-r3 0
promises "demo round 3" "$work/r2" "$work/r3" "$cyc/responses.csv"

# ---- refusals ----
bad="$work/bad"
cp -r "$demo" "$bad"
first_unplaced=$(awk -F, 'NR > 1 && $3 == "unplaced" { print $1; exit }' "$work/r1/assignments.csv")
first_placed=$(awk -F, 'NR > 1 && $3 == "placed" { print $1; exit }' "$work/r1/assignments.csv")
printf 'student,response\nnobody,accepted\n' >"$bad/responses.csv"
refused "unknown student" "responses.csv:2:1: error" "$work/x" solve "$bad" -o "$work/x" --previous "$work/r1"
printf 'student,response\n%s,accepted\n%s,declined\n' "$first_placed" "$first_placed" >"$bad/responses.csv"
refused "second answer" "responses.csv:3:1: error" "$work/x" solve "$bad" -o "$work/x" --previous "$work/r1"
printf 'student,response\n%s,maybe\n' "$first_placed" >"$bad/responses.csv"
refused "unknown response" "responses.csv:2:2: error: unknown response 'maybe'" "$work/x" solve "$bad" -o "$work/x" --previous "$work/r1"
printf 'student,response\n%s,accepted\n' "$first_unplaced" >"$bad/responses.csv"
refused "no offer" "responses.csv:2:1: error: student '$first_unplaced' had no offer" "$work/x" solve "$bad" -o "$work/x" --previous "$work/r1"
printf 'student,response\n%s,Accepted\n' "$first_placed" >"$bad/responses.csv"
refused "responses.csv without --previous" "responses.csv: error: answers the offers of an earlier round" "$work/x" solve "$bad" -o "$work/x"
run "capitalised" solve "$bad" -o "$work/cap" -q --previous "$work/r1"
expect_rc "capitalised" 0
declined_r2=$(awk -F, 'NR > 1 && $3 == "declined" { print $1; exit }' "$work/r2/assignments.csv")
printf 'student,response\n%s,accepted\n' "$declined_r2" >"$bad/responses.csv"
refused "accept after decline" "a declined offer cannot be accepted later" "$work/x" solve "$bad" -o "$work/x" --previous "$work/r2"
printf 'student,response\n' >"$bad/responses.csv"
sed -i '2s/,[0-9.]*$/,1.5/' "$bad/students.csv"
refused "edited cycle" "was not produced from this cycle (students.csv changed" "$work/x" solve "$bad" -o "$work/x" --previous "$work/r1"
cp "$demo/students.csv" "$bad/students.csv"
cp -r "$work/r1" "$work/r1-copy"
refused "-o onto OUT1" "it is the folder of --previous" "$work/x" solve "$bad" -o "$work/r1-copy" --previous "$work/r1-copy"
if cmp -s "$work/r1/assignments.csv" "$work/r1-copy/assignments.csv"; then suite_ok "-o onto OUT1: OUT1 untouched"
else suite_fail "-o onto OUT1: OUT1 changed"; fi
refused "OUT1 not results" "is not a results folder" "$work/x" solve "$bad" -o "$work/x" --previous "$demo"

# ---- random generated cycles ----
for seed in $(seq 1 "$seeds"); do
    g="$work/gen$seed"
    "$gen" "$g" --students 60 --choices 4 --seed "$seed" >/dev/null 2>&1 || { suite_fail "gen seed $seed"; continue; }
    for stable in "" "--stable"; do
        tag="gen$seed${stable:+-stable}"
        rm -f "$g/responses.csv"
        run "$tag-r1" solve "$g" -o "$work/$tag-r1" -q $stable
        [ "$rc" -eq 0 ] || { expect_rc "$tag-r1" 0; continue; }
        python3 "$check" respond "$work/$tag-r1" 8 6 "$seed" >"$g/responses.csv"
        run "$tag-r2" solve "$g" -o "$work/$tag-r2" -q $stable --previous "$work/$tag-r1"
        [ "$rc" -eq 0 ] || { expect_rc "$tag-r2" 0; continue; }
        promises "$tag round 2" "$work/$tag-r1" "$work/$tag-r2" "$g/responses.csv"
        run "$tag-verify" verify "$g" "$work/$tag-r2/assignments.csv" -q $stable --previous "$work/$tag-r1"
        expect_rc "$tag-verify" 0
        run "$tag-glpk" solve "$g" -o "$work/$tag-glpk" -q $stable --method glpk --previous "$work/$tag-r1"
        a=$(grep '^stage:' "$work/$tag-r2/summary.csv")
        b=$(grep '^stage:' "$work/$tag-glpk/summary.csv" 2>/dev/null)
        if [ "$rc" -eq 0 ] && [ "$a" = "$b" ]; then suite_ok "$tag round 2: glpk's stages are the fast path's"
        else suite_fail "$tag round 2: glpk exit $rc, stages '$b' against '$a'"; fi
    done
done

# ---- freed seats go down the waitlist: cycles whose every place orders
# by score (no rankings.csv) and without quotas, so nothing but the
# order of OUT1's waitlist.csv decides who takes a freed seat; round 2
# under --stable must then give each freed seat to the first open
# student on its list who wants it (a student skipped would block) ----
wl_done=0
for seed in $(seq 1 $((seeds + 2))); do
    g="$work/wl$seed"
    if [ "$seed" -le "$seeds" ]; then
        "$gen" "$g" --students 80 --choices 4 --seed "$((seed + 100))" >/dev/null 2>&1 || { suite_fail "gen wl $seed"; continue; }
    else
        cp -r "$demo" "$g"
    fi
    rm -f "$g/rankings.csv" "$g/quotas.csv" "$g/responses.csv" "$g/lottery.csv"
    run "wl$seed-r1" solve "$g" -o "$work/wl$seed-r1" -q --stable
    [ "$rc" -eq 0 ] || continue
    python3 "$check" respond "$work/wl$seed-r1" 6 8 "$seed" >"$g/responses.csv"
    run "wl$seed-r2" solve "$g" -o "$work/wl$seed-r2" -q --stable --previous "$work/wl$seed-r1"
    [ "$rc" -eq 0 ] || continue
    out=$(python3 "$check" waitlist "$work/wl$seed-r1" "$work/wl$seed-r2" 2>&1)
    n=$(python3 "$check" taken "$work/wl$seed-r1" "$work/wl$seed-r2" | wc -l)
    if [ -z "$out" ]; then suite_ok "wl$seed round 2: $n newly placed, each the first open student on her leaf's waitlist"
    else
        suite_fail "wl$seed round 2 against OUT1's waitlist:"
        printf '%s\n' "$out" | head -10 | sed 's/^/    /'
    fi
    wl_done=$((wl_done + 1))
done
if [ "$wl_done" -ge 2 ]; then suite_ok "waitlist order: $wl_done cycles checked"
else suite_fail "waitlist order: only $wl_done cycles had a stable round 2"; fi

suite_finish
