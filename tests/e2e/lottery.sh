#!/usr/bin/env bash
# tests/e2e/lottery.sh BIN - the published lottery (`placement lottery`,
# lottery.csv; SPEC §2, §6):
#   - the draw: the same seed gives the same file; the engine's file is
#     the one tests/lib/lottery_ref.py (written from the brief's
#     description) and the Python reference printed in inputs/README.md
#     both derive, for several seeds (0 and 2^64-1 among them) and sizes
#     (0, 1, 2 students and up); it is a permutation of 1..n; other
#     seeds give other files;
#   - the command: an existing lottery.csv (or a link there) is refused
#     with exit 2 and left as it was, nothing beside it; bad seeds and an
#     invalid cycle exit 2 and write nothing; the file follows the umask;
#     stdout names the file, the count and the seed; a late student is
#     accepted with the next free number by hand and named when missing;
#   - ties and only ties: on cycles whose priorities are all strict
#     (gen --strict), a lottery changes nothing (assignments.csv,
#     capacity.csv, blocking_pairs.csv byte for byte, every objective,
#     with and without --stable, and with --method glpk); on cycles with
#     ties, the result with lottery.csv is the result on the same cycle
#     whose ties are broken by the lottery in the data itself
#     (tests/lib/lottery_strict.py), student by student and in the number
#     of blocking pairs; --method glpk reaches the same stage optima as
#     the fast paths with a lottery; deferred acceptance answers --stable
#     once the lottery makes priorities strict;
#   - reporting: summary.csv fingerprints lottery.csv (sha256sum),
#     report.html says how ties were broken, check mentions the lottery.
# LOTTERY_SEEDS (default 4) sets how many generated cycles of each kind.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init lottery "$@"
suite_need_gen
ref="$tests/lib/lottery_ref.py"
strictify="$tests/lib/lottery_strict.py"
nseeds=${LOTTERY_SEEDS:-4}
case "$nseeds" in '' | *[!0-9]*)
    echo "lottery: LOTTERY_SEEDS '$nseeds' is not a whole number" >&2
    exit 2
    ;;
esac
limit=120
objectives="rank-sum rank-maximal generous"

# the README's reference, cut out of inputs/README.md (the block after
# the line "<!-- lottery reference -->") with a driver that prints the file
readme_ref="$work/readme_ref.py"
awk '/<!-- lottery reference -->/ { on = 1; next }
     on && /^```python/ { code = 1; next }
     code && /^```/ { exit }
     code { print }' "$top/inputs/README.md" >"$readme_ref"
cat >>"$readme_ref" <<'EOF'

import csv as _csv, sys as _sys
with open(_sys.argv[1], newline="", encoding="utf-8") as _f:
    _ids = [r["id"] for r in _csv.DictReader(_f)]
_numbers = lottery(_ids, int(_sys.argv[2]))
print("student,number")
for _s in sorted(_numbers, key=lambda s: s.encode("utf-8")):
    print("%s,%d" % (_s, _numbers[_s]))
EOF
if grep -q "def lottery" "$readme_ref"; then
    suite_ok "the reference in inputs/README.md is there"
else
    suite_fail "no 'def lottery' block after '<!-- lottery reference -->' in inputs/README.md"
fi

# a_cycle DIR N: a cycle of N students (ids with bytes that sort apart
# from locale order: upper case, digits, '-', UTF-8), one seat each
a_cycle() {
    local dir=$1 n=$2 i
    mkdir -p "$dir"
    printf 'id,capacity\nP,%d\n' "$n" >"$dir/programs.csv"
    printf 'id,name,score\n' >"$dir/students.csv"
    printf 'student,rank,choice\n' >"$dir/preferences.csv"
    for ((i = n; i >= 1; i--)); do
        case $((i % 4)) in
        0) id="s$i" ;;
        1) id="S-$i" ;;
        2) id="é$i" ;;
        *) id="$i" ;;
        esac
        printf '%s,,%d\n' "$id" $((i % 3)) >>"$dir/students.csv"
        printf '%s,1,P\n' "$id" >>"$dir/preferences.csv"
    done
}

# draw NAME DIR SEED: runs lottery, leaves rc and the output in $work/NAME.*
draw() {
    timeout "$limit" "$bin" lottery "$2" --seed "$3" >"$work/$1.out" 2>"$work/$1.err"
    rc=$?
}

# ---- the draw: reproducible, and the documented generator ----
for n in 0 1 2 3 10 257; do
    for seed in 0 1 42 18446744073709551615 12345678901234567890; do
        name="n$n-seed$seed"
        a_cycle "$work/$name" "$n"
        draw "$name" "$work/$name" "$seed"
        if [ "$rc" -ne 0 ]; then
            suite_fail "$name: lottery exits $rc: $(head -n 1 "$work/$name.err")"
            continue
        fi
        why=
        python3 "$ref" "$work/$name/students.csv" "$seed" >"$work/$name.ref" ||
            why="lottery_ref.py failed"
        python3 "$readme_ref" "$work/$name/students.csv" "$seed" >"$work/$name.readme" ||
            why="the README's reference failed"
        if [ -z "$why" ] && ! cmp -s "$work/$name/lottery.csv" "$work/$name.ref"; then
            why="differs from lottery_ref.py's: $(diff "$work/$name/lottery.csv" "$work/$name.ref" | head -n 3 | tr '\n' ' ')"
        elif [ -z "$why" ] && ! cmp -s "$work/$name/lottery.csv" "$work/$name.readme"; then
            why="differs from the README's reference"
        fi
        # a permutation of 1..n, one row per student
        if [ -z "$why" ] && [ "$(tail -n +2 "$work/$name/lottery.csv" | cut -d, -f2 | sort -n | tr '\n' ' ')" != "$(seq 1 "$n" | tr '\n' ' ')" ]; then
            why="the numbers are not 1..$n"
        fi
        # the same seed again, in a copy of the cycle: the same bytes
        mkdir -p "$work/$name-again"
        cp "$work/$name"/{programs,students,preferences}.csv "$work/$name-again/"
        draw "$name-again" "$work/$name-again" "$seed"
        if [ -z "$why" ] && { [ "$rc" -ne 0 ] || ! cmp -s "$work/$name/lottery.csv" "$work/$name-again/lottery.csv"; }; then
            why="drawn again with the same seed, it differs (exit $rc)"
        fi
        if [ -z "$why" ] && ! grep -qxF "wrote $work/$name/lottery.csv: $n student$([ "$n" -eq 1 ] || echo s), seed $seed" "$work/$name.out"; then
            why="stdout does not say what was written: $(head -n 1 "$work/$name.out")"
        fi
        if [ -z "$why" ]; then suite_ok "$name"; else suite_fail "$name: $why"; fi
    done
done
# other seeds, other numbers (257 students: 257! orders)
if ! cmp -s "$work/n257-seed0/lottery.csv" "$work/n257-seed1/lottery.csv" &&
    ! cmp -s "$work/n257-seed1/lottery.csv" "$work/n257-seed42/lottery.csv" &&
    ! cmp -s "$work/n257-seed42/lottery.csv" "$work/n257-seed18446744073709551615/lottery.csv"; then
    suite_ok "different seeds draw different lotteries"
else
    suite_fail "two seeds drew the same lottery of 257 students"
fi

# ---- the command: never over an existing file, strict seeds ----
a_cycle "$work/keep" 5
printf 'student,number\nhand-written,1\n' >"$work/keep/lottery.csv"
cp "$work/keep/lottery.csv" "$work/keep.before"
draw keep "$work/keep" 3
if [ "$rc" -eq 2 ] && cmp -s "$work/keep/lottery.csv" "$work/keep.before" &&
    grep -qF "lottery.csv: error: already exists" "$work/keep.err" &&
    [ "$(ls -A "$work/keep" | tr '\n' ' ')" = "lottery.csv preferences.csv programs.csv students.csv " ]; then
    suite_ok "an existing lottery.csv is refused (exit 2) and left as it was"
else
    suite_fail "existing lottery.csv: exit $rc, files $(ls -A "$work/keep" | tr '\n' ' '): $(head -n 1 "$work/keep.err")"
fi
a_cycle "$work/link" 5
ln -s "$work/nowhere.csv" "$work/link/lottery.csv"
draw link "$work/link" 3
if [ "$rc" -eq 2 ] && [ -L "$work/link/lottery.csv" ] && [ ! -e "$work/nowhere.csv" ]; then
    suite_ok "a dangling link at lottery.csv is refused, not followed"
else
    suite_fail "dangling link: exit $rc, $(ls -l "$work/link" | tr '\n' ' ')"
fi
for bad in -1 1.5 "" abc " 1" 1e3 +3 18446744073709551616 99999999999999999999999; do
    a_cycle "$work/badseed" 3
    draw badseed "$work/badseed" "$bad"
    if [ "$rc" -eq 2 ] && [ ! -e "$work/badseed/lottery.csv" ] && grep -q "error: " "$work/badseed.err"; then
        suite_ok "seed '$bad' refused"
    else
        suite_fail "seed '$bad': exit $rc, lottery.csv $([ -e "$work/badseed/lottery.csv" ] && echo written || echo absent)"
    fi
    rm -rf "$work/badseed"
done
a_cycle "$work/noseed" 3
timeout "$limit" "$bin" lottery "$work/noseed" >/dev/null 2>"$work/noseed.err"
rc=$?
if [ "$rc" -eq 2 ] && [ ! -e "$work/noseed/lottery.csv" ] && grep -q "needs --seed" "$work/noseed.err"; then
    suite_ok "no --seed: refused"
else
    suite_fail "no --seed: exit $rc"
fi
a_cycle "$work/invalid" 3
printf 'student,rank,choice\nnobody,1,P\n' >>"$work/invalid/preferences.csv"
draw invalid "$work/invalid" 1
if [ "$rc" -eq 2 ] && [ ! -e "$work/invalid/lottery.csv" ] &&
    grep -q "preferences.csv:.*unknown student 'nobody'" "$work/invalid.err"; then
    suite_ok "an invalid cycle: exit 2, nothing written"
else
    suite_fail "an invalid cycle: exit $rc, $(head -n 1 "$work/invalid.err")"
fi
for mask in 022 077; do
    a_cycle "$work/umask$mask" 3
    (umask $mask && "$bin" lottery "$work/umask$mask" --seed 1 -q) >/dev/null 2>&1
    want=$([ $mask = 022 ] && echo 644 || echo 600)
    got=$(stat -c %a "$work/umask$mask/lottery.csv" 2>/dev/null)
    if [ "$got" = "$want" ] && [ -z "$(ls -A "$work/umask$mask" | grep -v '\.csv$')" ]; then
        suite_ok "umask $mask: mode $got, no temporary file left"
    else
        suite_fail "umask $mask: mode '$got', want $want; files $(ls -A "$work/umask$mask" | tr '\n' ' ')"
    fi
done
# a student who joins late: the next free number by hand, and named when
# she has none
late="$work/late"
a_cycle "$late" 4
"$bin" lottery "$late" --seed 5 -q >/dev/null 2>&1
printf 'zz-late,,\n' >>"$late/students.csv"
"$bin" check "$late" >/dev/null 2>"$late.err"
rc=$?
if [ "$rc" -eq 2 ] && grep -qxF "$late/lottery.csv: error: 1 student of students.csv has no lottery number: 'zz-late' (the lottery is drawn once and never re-drawn; give a student who joined late the next free number by hand, 5, then 6, ...)" "$late.err"; then
    suite_ok "a late student without a number is named, with the next free number"
else
    suite_fail "late student without a number: exit $rc: $(head -n 1 "$late.err")"
fi
printf 'zz-late,5\n' >>"$late/lottery.csv"
if "$bin" check "$late" >"$late.out" 2>"$late.err" &&
    grep -q "lottery: every student has a number in lottery.csv" "$late.out"; then
    suite_ok "a late student with the next free number by hand: valid, and check says so"
else
    suite_fail "late student with number 5: $(head -n 1 "$late.err")"
fi

# ---- ties and only ties ----
files="assignments.csv capacity.csv blocking_pairs.csv"

# solve NAME DIR OPTIONS...: OUT is $work/res/NAME; rc set
solve() {
    local name=$1 dir=$2
    shift 2
    rm -rf "$work/res/$name"
    timeout "$limit" "$bin" solve "$dir" -o "$work/res/$name" --quiet "$@" >/dev/null 2>"$work/res/$name.err"
    rc=$?
}
mkdir -p "$work/res"

# placements A B: the students whose status or place differ between two
# assignments.csv (empty when none), read with Python's csv module
placements() {
    python3 - "$1" "$2" <<'EOF'
import csv, sys
def read(p):
    with open(p, newline="", encoding="utf-8") as f:
        return {r["student"]: (r["status"], r["program"], r["lab"], r["supervisor"])
                for r in csv.DictReader(f)}
a, b = read(sys.argv[1]), read(sys.argv[2])
print(" ".join("%s:%s/%s" % (s, "/".join(a.get(s, ())), "/".join(b.get(s, ())))
               for s in sorted(set(a) | set(b)) if a.get(s) != b.get(s))[:300])
EOF
}
metric() { # metric FILE NAME: the value of a summary.csv row
    grep "^$2," "$1" | head -n 1 | cut -d, -f2
}

# (a) strict cycles: a lottery changes nothing at all
for ((s = 1; s <= nseeds; s++)); do
    for kind in tiny large; do
        name="strict-$kind-$s"
        cyc="$work/$name"
        if [ $kind = tiny ]; then
            "$gen" "$cyc" --tiny --strict --seed "$s" >/dev/null 2>&1
        else
            "$gen" "$cyc" --strict --students 50 --choices 4 --seed "$s" $([ $((s % 2)) -eq 0 ] && echo --quotas) >/dev/null 2>&1
        fi
        cp -r "$cyc" "$cyc-lot"
        "$bin" lottery "$cyc-lot" --seed "$((s * 7919))" -q >/dev/null 2>&1
        for opts in "--objective rank-sum" "--objective rank-maximal" "--objective generous" \
            "--stable" "--stable --objective rank-maximal" "--stable --objective generous" \
            "--stable --method glpk" "--method glpk"; do
            tag="$name ${opts// /}"
            # shellcheck disable=SC2086
            solve "$tag-without" "$cyc" $opts
            rc0=$rc
            # shellcheck disable=SC2086
            solve "$tag-with" "$cyc-lot" $opts
            why=
            if [ "$rc" -ne "$rc0" ]; then
                why="exit $rc0 without the lottery, $rc with it"
            elif [ "$rc" -eq 0 ]; then
                for f in $files; do
                    cmp -s "$work/res/$tag-without/$f" "$work/res/$tag-with/$f" ||
                        why="$why $f differs"
                done
            elif [ "$rc" -ne 3 ]; then
                why="exit $rc: $(head -n 1 "$work/res/$tag-with.err")"
            fi
            if [ -z "$why" ]; then suite_ok "$tag: unchanged by a lottery"; else suite_fail "$tag:$why"; fi
        done
    done
done

# (b) cycles with ties: the lottery is the ties broken in the data
da_with=0
for ((s = 1; s <= nseeds; s++)); do
    for kind in tiny large; do
        name="ties-$kind-$s"
        cyc="$work/$name"
        if [ $kind = tiny ]; then
            "$gen" "$cyc" --tiny --seed "$((s + 100))" >/dev/null 2>&1
        else
            "$gen" "$cyc" --students 40 --choices 3 --seed "$s" >/dev/null 2>&1
        fi
        python3 "$tests/lib/lottery_ties.py" "$cyc"
        "$bin" lottery "$cyc" --seed "$s" -q >/dev/null 2>&1
        python3 "$strictify" "$cyc" "$cyc-strict"
        for opts in "--objective rank-sum" "--objective rank-maximal" "--stable" \
            "--stable --objective generous" "--stable --method glpk" "--method glpk"; do
            tag="$name ${opts// /}"
            # shellcheck disable=SC2086
            solve "$tag-lottery" "$cyc" $opts
            rc0=$rc
            # shellcheck disable=SC2086
            solve "$tag-data" "$cyc-strict" $opts
            why=
            if [ "$rc" -ne "$rc0" ]; then
                why="exit $rc0 with the lottery, $rc with the ties broken in the data"
            elif [ "$rc" -eq 0 ]; then
                moved=$(placements "$work/res/$tag-lottery/assignments.csv" "$work/res/$tag-data/assignments.csv")
                [ -z "$moved" ] || why=" placed differently: $moved"
                b0=$(metric "$work/res/$tag-lottery/summary.csv" blocking_pairs)
                b1=$(metric "$work/res/$tag-data/summary.csv" blocking_pairs)
                [ "$b0" = "$b1" ] || why="$why blocking pairs $b0 with the lottery, $b1 in the data"
                m0=$(metric "$work/res/$tag-lottery/summary.csv" method)
                m1=$(metric "$work/res/$tag-data/summary.csv" method)
                [ "$m0" = "$m1" ] || why="$why method $m0 with the lottery, $m1 in the data"
                [ "$m0" != deferred-acceptance ] || da_with=$((da_with + 1))
            elif [ "$rc" -ne 3 ]; then
                why="exit $rc: $(head -n 1 "$work/res/$tag-lottery.err")"
            fi
            if [ -z "$why" ]; then suite_ok "$tag: the lottery is the ties broken in the data"; else suite_fail "$tag:$why"; fi
        done
        # --method glpk reaches the fast paths' optima, with the lottery
        for opts in "" "--stable" "--stable --objective rank-maximal"; do
            tag="$name glpk-vs-auto${opts// /}"
            # shellcheck disable=SC2086
            solve "$tag-auto" "$cyc" $opts
            rc0=$rc
            # shellcheck disable=SC2086
            solve "$tag-glpk" "$cyc" $opts --method glpk
            why=
            if [ "$rc" -ne "$rc0" ]; then
                why="exit $rc0 by auto, $rc by glpk"
            elif [ "$rc" -eq 0 ]; then
                # the stage optima; without --stable two optimal answers
                # may differ in their blocking pairs, with it both have none
                a0=$(grep '^stage:\|^blocking_pairs,0$\|^stable,' "$work/res/$tag-auto/summary.csv" | tr '\n' ' ')
                a1=$(grep '^stage:\|^blocking_pairs,0$\|^stable,' "$work/res/$tag-glpk/summary.csv" | tr '\n' ' ')
                case "$opts" in *--stable*) case "$a0" in *blocking_pairs,0*) ;; *) why=" auto's answer is not stable" ;; esac ;; esac
                [ "$a0" = "$a1" ] || why="$why auto: $a0; glpk: $a1"
            fi
            if [ -z "$why" ]; then suite_ok "$tag"; else suite_fail "$tag:$why"; fi
        done
    done
done
# the demo's priority ties (equal scores, no scores, the 4-4 tie of
# surf-immuno's ranking) under a lottery, against the data
cp -r "$top/inputs/demo" "$work/demo"
"$bin" lottery "$work/demo" --seed 20250301 -q >/dev/null 2>&1
python3 "$strictify" "$work/demo" "$work/demo-strict"
for opts in "" "--stable"; do
    # shellcheck disable=SC2086
    solve "demo$opts-lottery" "$work/demo" $opts
    rc0=$rc
    # shellcheck disable=SC2086
    solve "demo$opts-data" "$work/demo-strict" $opts
    moved=$(placements "$work/res/demo$opts-lottery/assignments.csv" "$work/res/demo$opts-data/assignments.csv" 2>&1)
    if [ "$rc0" -eq 0 ] && [ "$rc" -eq 0 ] && [ -z "$moved" ]; then
        suite_ok "demo $opts: the lottery is the ties broken in the data"
    else
        suite_fail "demo $opts: exit $rc0 / $rc, placed differently: $moved"
    fi
done
# deferred acceptance answers --stable where only priorities tied: the
# tiny cycle below ties everyone (no scores) at a one-seat program
tie="$work/one-seat"
mkdir -p "$tie"
printf 'id,capacity\nP,1\nQ,1\n' >"$tie/programs.csv"
printf 'id\na\nb\nc\n' >"$tie/students.csv"
printf 'student,rank,choice\na,1,P\nb,1,P\nc,1,P\na,2,Q\nb,2,Q\nc,2,Q\n' >"$tie/preferences.csv"
solve one-seat-ties "$tie" --stable
m0=$(metric "$work/res/one-seat-ties/summary.csv" method)
printf 'student,number\na,3\nb,1\nc,2\n' >"$tie/lottery.csv"
solve one-seat-lottery "$tie" --stable
m1=$(metric "$work/res/one-seat-lottery/summary.csv" method)
# by the numbers b (1) takes P, c (2) Q, a (3) is left out
got=$(tail -n +2 "$work/res/one-seat-lottery/assignments.csv" | cut -d, -f1,3,4 | tr '\n' ' ')
if [ "$m0" = glpk ] && [ "$m1" = deferred-acceptance ] &&
    [ "$got" = "a,unplaced, b,placed,P c,placed,Q " ]; then
    suite_ok "ties in priority only: glpk without the lottery, deferred acceptance with it"
else
    suite_fail "one-seat: method $m0 without, $m1 with; assignments $got"
fi
if [ "$nseeds" -lt 2 ] || [ "$da_with" -gt 0 ]; then
    suite_ok "deferred acceptance answered $da_with generated questions with a lottery"
else
    suite_fail "deferred acceptance never answered a generated cycle with a lottery"
fi

# ---- reporting ----
res="$work/res/demo--stable-lottery"
want=$(sha256sum "$work/demo/lottery.csv" | cut -d' ' -f1)
if grep -qxF "sha256:lottery.csv,$want" "$res/summary.csv"; then
    suite_ok "summary.csv fingerprints lottery.csv (sha256sum)"
else
    suite_fail "summary.csv: no 'sha256:lottery.csv,$want'"
fi
if grep -qF "<tr><th>ties in priority</th><td>broken by the lottery: of two students equal in priority at a place, the one with the lower number in lottery.csv (sha256 <span class=\"id\">$want</span>) stands higher</td></tr>" "$res/report.html" &&
    grep -qF "<tr><th>ties in priority</th><td>by id order: no lottery.csv" "$work/res/demo--stable-data/report.html"; then
    suite_ok "report.html says how ties in priority were broken"
else
    suite_fail "report.html: no 'ties in priority' row as expected"
fi

suite_finish
