#!/usr/bin/env bash
# tests/e2e/faults.sh BIN - the results folder under faults (issue 15,
# "nothing lost, nothing hung"). OUT starts as an earlier complete result
# (cycle A, tests/e2e/cases/solve-binding-quota) holding a user's
# committee_notes.txt; a run writes the demo's results (B) into it. After
# every fault OUT must be A or B, complete (every result file, the tables
# byte for byte as a clean run writes them), with the user's file, and,
# after the next clean run, nothing may be left beside OUT. The faults:
#   full      OUT on a 64 KiB tmpfs (root only; skipped with a message
#             when mount is not permitted): a new OUT, a replacement that
#             does not fit, one that does
#   readonly  a read-only parent (a read-only tmpfs as root, else chmod):
#             refused before the cycle is read, exit 1, OUT as it was
#   steps     PLACEMENT_TEST_STOP_AT=N (SIGKILL at step N of the outdir)
#             for every N: solve replacing OUT, solve into a new OUT,
#             verify -o replacing OUT, and solve without RENAME_EXCHANGE
#             (PLACEMENT_TEST_NO_EXCHANGE=1: between its two renames OUT
#             is missing until the next run puts A back)
#   kill      SIGKILL at random moments of a solve
#   lock      8 solves into one OUT at once, 3 rounds: each writes or is
#             refused with "another placement run is writing", exit 1
#   signal    SIGTERM and SIGINT during a long solve (8000 students,
#             GLPK): "interrupted, nothing written", 143/130, within 5 s,
#             OUT as it was, no temporary --export-lp file left
#   earlier   the OUT.tmp-*/OUT.old-* folders of earlier versions: removed
#             by the next run, which says so
# Prints "ok NAME" or "FAIL NAME: WHY" per check, then "faults: N passed,
# N failed". KEEP_WORK set: the work folder is kept.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init faults "$@"
suite_need_gen
demo="$top/inputs/demo"
small="$here/cases/solve-binding-quota"
limit=120
tables="assignments.csv capacity.csv blocking_pairs.csv quotas.csv violations.csv waitlist.csv"
notes="committee notes: do not lose"
mounts=()
cleanup_mounts() {
    local m
    for m in "${mounts[@]}"; do umount "$m" 2>/dev/null; done
}
trap 'cleanup_mounts; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT

run() { # NAME ARGS...: the engine with a time limit; rc, $work/NAME.err
    local name=$1
    shift
    timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
}

# the reference results of a clean run: A (small), B (the demo), V (verify
# of B's assignments against the demo)
for r in A:"$small" B:"$demo"; do
    if ! "$bin" solve "${r#*:}" -o "$work/ref-${r%%:*}" -q >/dev/null 2>"$work/ref.err"; then
        suite_fail "faults: the reference run '${r#*:}' failed"
        suite_show "$work/ref.err" 3
        suite_finish
    fi
done
"$bin" verify "$demo" "$work/ref-B/assignments.csv" -o "$work/ref-V" -q >/dev/null 2>&1

# which OUT [NOTES]: prints A, B or V when OUT is that reference result:
# the same files (and the user's notes, unless NOTES is "no"), its tables
# byte for byte; "missing" when there is no OUT; else what is wrong
which() {
    local out=$1 notes_too=${2:-yes} got r t ok want
    if [ ! -e "$out" ]; then echo missing; return; fi
    got=$(ls -A "$out" 2>/dev/null | LC_ALL=C sort | tr '\n' ' ')
    if [ "$notes_too" != no ] && [ "$(cat "$out/committee_notes.txt" 2>/dev/null)" != "$notes" ]; then
        echo "without the user's notes ($got)"
        return
    fi
    for r in A B V; do
        want=$( (ls -A "$work/ref-$r"; [ "$notes_too" = no ] || echo committee_notes.txt) |
            LC_ALL=C sort | tr '\n' ' ')
        [ "$got" = "$want" ] || continue
        ok=1
        for t in $tables; do
            [ -f "$work/ref-$r/$t" ] || continue
            cmp -s "$out/$t" "$work/ref-$r/$t" || ok=0
        done
        if [ $ok -eq 1 ]; then echo $r; return; fi
    done
    echo "no reference result ($got)"
}

# beside PARENT: the entries of PARENT other than out, or "" (nothing left)
beside() {
    ls -A "$1" | grep -vx out | tr '\n' ' '
}

# earlier PARENT: PARENT/out = result A with the user's notes
earlier() {
    rm -rf "$1"
    mkdir -p "$1"
    cp -r "$work/ref-A" "$1/out"
    printf '%s\n' "$notes" >"$1/out/committee_notes.txt"
}

# ---- full: OUT on a 64 KiB file system ----
tiny="$work/tiny"
mkdir -p "$tiny"
printf 'id,capacity\np,1\n' >"$tiny/programs.csv"
printf 'id,score\ns1,1\n' >"$tiny/students.csv"
printf 'student,rank,choice\ns1,1,p\n' >"$tiny/preferences.csv"
full="$work/full"
mkdir -p "$full"
if [ "$(id -u)" -ne 0 ]; then
    echo "faults: full: skipped (mounting a 64 KiB tmpfs needs root)"
elif ! mount -t tmpfs -o size=64k tmpfs "$full" 2>"$work/mount.err"; then
    echo "faults: full: skipped (mount not permitted: $(head -n 1 "$work/mount.err"))"
else
    mounts+=("$full")
    run full-new solve "$demo" -o "$full/out" -q
    if [ $rc -eq 1 ] && grep -q "No space left on device" "$work/full-new.err" &&
        [ -z "$(ls -A "$full")" ]; then
        suite_ok "full: a new OUT that does not fit: exit 1, nothing left"
    else
        suite_fail "full: a new OUT that does not fit: exit $rc, left '$(ls -A "$full" | tr '\n' ' ')'"
        suite_show "$work/full-new.err" 3
    fi
    run full-tiny solve "$tiny" -o "$full/out" -q
    printf '%s\n' "$notes" >"$full/out/committee_notes.txt"
    rm -rf "$work/full-before"
    cp -r "$full/out" "$work/full-before"
    # the demo's results, then a second copy of the tiny ones (the new
    # folder is made before the earlier one goes): neither fits in 64 KiB
    for what in demo tiny; do
        src=$demo
        [ $what = tiny ] && src=$tiny
        run full-$what solve "$src" -o "$full/out" -q
        if [ $rc -eq 1 ] && grep -q "No space left on device" "$work/full-$what.err" &&
            diff -r "$full/out" "$work/full-before" >/dev/null && [ -z "$(beside "$full")" ]; then
            suite_ok "full: replacing OUT by the $what's results, which do not fit: exit 1, OUT as it was, nothing beside"
        else
            suite_fail "full: replacing OUT by the $what's results: exit $rc, beside '$(beside "$full")'"
            suite_show "$work/full-$what.err" 3
        fi
    done
    # a nearly full file system with room for the new folder
    if mount -o remount,size=160k "$full" 2>/dev/null; then
        run full-fits solve "$tiny" -o "$full/out" -q
        if [ $rc -eq 0 ] && [ "$(cat "$full/out/committee_notes.txt" 2>/dev/null)" = "$notes" ] &&
            cmp -s "$full/out/assignments.csv" "$work/full-before/assignments.csv" &&
            [ -z "$(beside "$full")" ]; then
            suite_ok "full: a replacement that fits in 160 KiB: written, the user's file kept, nothing beside"
        else
            suite_fail "full: a replacement that fits: exit $rc, beside '$(beside "$full")', files '$(ls -A "$full/out" 2>/dev/null | tr '\n' ' ')'"
            suite_show "$work/full-fits.err" 3
        fi
    fi
    umount "$full" && mounts=()
fi

# ---- readonly: a read-only parent ----
ro="$work/ro"
earlier "$ro"
cp -r "$ro/out" "$work/ro-before"
ro_how=
if [ "$(id -u)" -eq 0 ]; then
    rm -rf "$ro"
    mkdir -p "$ro"
    if mount -t tmpfs -o size=4m tmpfs "$ro" 2>/dev/null; then
        mounts+=("$ro")
        cp -r "$work/ro-before" "$ro/out"
        mount -o remount,ro "$ro" 2>/dev/null && ro_how="a read-only tmpfs"
    fi
else
    chmod a-w "$ro" && ro_how="chmod a-w"
fi
if [ -z "$ro_how" ]; then
    echo "faults: readonly: skipped (cannot make a read-only folder here)"
else
    for target in out new; do
        run ro-$target solve "$demo" -o "$ro/$target" -v
        if [ $rc -eq 1 ] && grep -q "cannot write into folder '$ro'" "$work/ro-$target.err" &&
            ! grep -q '^timing: read' "$work/ro-$target.err" &&
            diff -r "$ro/out" "$work/ro-before" >/dev/null && [ -z "$(beside "$ro")" ]; then
            suite_ok "readonly ($ro_how): -o $target refused before the cycle is read, exit 1, nothing changed"
        else
            suite_fail "readonly ($ro_how): -o $target: exit $rc, beside '$(beside "$ro")'"
            suite_show "$work/ro-$target.err" 3
        fi
    done
    if [ "$ro_how" = "chmod a-w" ]; then chmod u+w "$ro"; else umount "$ro" && mounts=(); fi
fi

# ---- steps: a SIGKILL at every step of the outdir ----
# steps_case MODE: solve (replace A by B), new (B into a new OUT), verify
# (replace A by V), noexchange (solve without RENAME_EXCHANGE)
steps_case() {
    local mode=$1 p="$work/steps-$1" step killed=0 got want notes_too=yes allowed args env=()
    args=(solve "$demo" -o "$p/out") want=B
    case $mode in
    verify) args=(verify "$demo" "$work/ref-B/assignments.csv" -o "$p/out") want=V ;;
    new) notes_too=no ;;
    noexchange) env=(PLACEMENT_TEST_NO_EXCHANGE=1) ;;
    esac
    for step in $(seq 1 11); do
        if [ "$mode" = new ]; then rm -rf "$p" && mkdir -p "$p"; else earlier "$p"; fi
        { env "${env[@]}" PLACEMENT_TEST_STOP_AT="$step" timeout "$limit" "$bin" "${args[@]}" -q \
            >/dev/null 2>"$work/steps.err"; } 2>/dev/null
        rc=$?
        if [ $rc -eq 137 ]; then
            killed=$((killed + 1))
        elif [ $rc -ne 0 ]; then
            suite_fail "steps $mode: step $step: exit $rc"
            suite_show "$work/steps.err" 3
            continue
        fi
        got=$(which "$p/out" $notes_too)
        case $mode in
        new) allowed="missing B" ;;
        noexchange) allowed="A B"; [ "$step" -eq 7 ] && allowed="missing" ;;
        *) allowed="A $want" ;;
        esac
        if [[ " $allowed " == *" $got "* ]]; then
            suite_ok
        else
            suite_fail "steps $mode: after a kill at step $step OUT is '$got' (allowed: $allowed)"
        fi
        # the next clean run (its notices shown: no -q): the new result, the
        # user's file, nothing beside
        timeout "$limit" "$bin" "${args[@]}" >/dev/null 2>"$work/steps-next.err"
        rc=$?
        got=$(which "$p/out" $notes_too)
        if [ $rc -eq 0 ] && [ "$got" = "$want" ] && [ -z "$(beside "$p")" ]; then
            suite_ok
        else
            suite_fail "steps $mode: the run after a kill at step $step: exit $rc, OUT is $got, beside '$(beside "$p")'"
            suite_show "$work/steps-next.err" 3
        fi
        if [ "$mode" = noexchange ] && [ "$step" -eq 7 ]; then
            if grep -q "put back the earlier results" "$work/steps-next.err"; then suite_ok; else
                suite_fail "steps noexchange: the run after step 7 does not say it put A back"; fi
        fi
    done
    # begin has 3 steps and commit 7, the 7th only without RENAME_EXCHANGE
    want=9
    [ "$mode" = noexchange ] && want=10
    if [ $killed -eq $want ]; then
        suite_ok "steps $mode: killed at each of the $killed steps, OUT the earlier or the new result each time"
    else
        suite_fail "steps $mode: killed at $killed steps (want $want: is PLACEMENT_TEST_STOP_AT honoured?)"
    fi
}
for mode in solve new verify noexchange; do steps_case $mode; done

# ---- kill: SIGKILL at random moments ----
p="$work/kill"
bad=0
for delay in 0.01 0.02 0.03 0.05 0.07 0.1 0.13 0.16 0.2 0.25 0.3 0.4; do
    earlier "$p"
    # not timeout -s KILL: it kills itself too and may return before the
    # engine is gone (and its lock let go)
    "$bin" solve "$demo" -o "$p/out" -q >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    { kill -KILL $pid; wait $pid; } 2>/dev/null
    got=$(which "$p/out")
    case $got in A | B) ;; *)
        suite_fail "kill after ${delay}s: OUT is $got"
        bad=1
        ;;
    esac
    "$bin" solve "$demo" -o "$p/out" -q >/dev/null 2>"$work/kill-next.err"
    rc=$?
    got=$(which "$p/out")
    if [ $rc -ne 0 ] || [ "$got" != B ] || [ -n "$(beside "$p")" ]; then
        suite_fail "kill after ${delay}s: the next run: exit $rc, OUT is $got, beside '$(beside "$p")'"
        suite_show "$work/kill-next.err" 3
        bad=1
    fi
done
[ $bad -eq 0 ] && suite_ok "kill: 12 SIGKILLs at random moments: OUT is A or B, the next run cleans up"

# ---- lock: concurrent writers ----
p="$work/lock"
for round in 1 2 3; do
    earlier "$p"
    pids=()
    for i in 1 2 3 4 5 6 7 8; do
        timeout "$limit" "$bin" solve "$demo" -o "$p/out" -q >/dev/null 2>"$work/lock-$i.err" &
        pids+=($!)
    done
    wrote=0 refused=0 other=
    for i in 1 2 3 4 5 6 7 8; do
        wait "${pids[$((i - 1))]}"
        rc=$?
        if [ $rc -eq 0 ]; then
            wrote=$((wrote + 1))
        elif [ $rc -eq 1 ] && grep -q "another placement run is writing this folder" "$work/lock-$i.err"; then
            refused=$((refused + 1))
        else
            other="$other run $i: exit $rc ($(head -n 1 "$work/lock-$i.err"));"
        fi
    done
    got=$(which "$p/out")
    if [ -z "$other" ] && [ $wrote -ge 1 ] && [ "$got" = B ] && [ -z "$(beside "$p")" ]; then
        suite_ok "lock round $round: $wrote wrote, $refused refused by the lock, OUT is B, nothing beside"
    else
        suite_fail "lock round $round: $wrote wrote, $refused refused,$other OUT is $got, beside '$(beside "$p")'"
    fi
done

# ---- signal: SIGTERM and SIGINT during a long solve ----
big="$work/big"
if ! "$gen" "$big" --students 8000 --quotas --seed 3 >/dev/null 2>"$work/gen.err"; then
    suite_fail "signal: gen failed: $(head -n 1 "$work/gen.err")"
else
    for sig in TERM INT; do
        p="$work/sig-$sig"
        earlier "$p"
        want=143
        [ $sig = INT ] && want=130
        # a background job of a script starts with SIGINT ignored: reset it
        env --default-signal=INT "$bin" solve "$big" -o "$p/out" --method glpk --time-limit 60 \
            --export-lp "$p/model.lp" >/dev/null 2>"$work/sig.err" &
        pid=$!
        sleep 2
        start=$(date +%s.%N)
        kill -s $sig $pid
        wait $pid
        rc=$?
        took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
        extra=$(ls -A "$p" | grep -vx out | tr '\n' ' ')
        if [ $rc -eq $want ] && [ "$(tail -n 1 "$work/sig.err")" = "interrupted, nothing written" ] &&
            [ "$(which "$p/out")" = A ] && [ -z "$extra" ] &&
            awk -v t="$took" 'BEGIN { exit !(t < 5) }'; then
            suite_ok "signal: SIG$sig during a long solve: exit $rc in ${took}s, 'interrupted, nothing written', OUT as it was"
        else
            suite_fail "signal: SIG$sig during a long solve: exit $rc in ${took}s, OUT is $(which "$p/out"), beside '$extra'"
            suite_show "$work/sig.err" 3
        fi
    done
fi

# ---- earlier: what earlier versions left beside OUT ----
p="$work/earlier"
earlier "$p"
mkdir "$p/out.tmp-a1B2c3" "$p/out.old-Z9y8X7"
cp "$work/ref-B/assignments.csv" "$work/ref-B/summary.csv" "$p/out.tmp-a1B2c3/"
cp "$work/ref-A/summary.csv" "$p/out.old-Z9y8X7/"
run earlier solve "$demo" -o "$p/out"
if [ $rc -eq 0 ] && [ "$(which "$p/out")" = B ] && [ -z "$(beside "$p")" ] &&
    [ "$(grep -c "left by a run that was stopped" "$work/earlier.err")" -eq 2 ]; then
    suite_ok "earlier: OUT.tmp-*/OUT.old-* of an earlier version removed, and said so"
else
    suite_fail "earlier: exit $rc, OUT is $(which "$p/out"), beside '$(beside "$p")'"
    suite_show "$work/earlier.err" 4
fi

suite_finish
