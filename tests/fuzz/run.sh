#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD SECONDS - make fuzz: runs each libFuzzer target
# of BUILD (fuzz_cycle, fuzz_verify) for SECONDS, one after the other,
# seeded from tests/e2e/cases, inputs/demo and inputs/templates (packed
# by corpus.py; for fuzz_verify, what ./placement solve writes for the
# demo), and prints per target: time, executions, exec/s, coverage
# (libFuzzer's cov: edges of all it instruments, ft: features), corpus.
# The corpus grows in BUILD/corpus/TARGET from run to run. A crash, leak,
# sanitizer report, timeout or exit of the engine fails the run (exit 1):
# its input stays in BUILD/crashes, with the commands to minimise it and
# to make it a case folder. libFuzzer's log: BUILD/TARGET.log.
set -u
build=${1:?usage: tests/fuzz/run.sh BUILD SECONDS}
secs=${2:?usage: tests/fuzz/run.sh BUILD SECONDS}
case "$secs" in
'' | *[!0-9]* | 0)
    echo "fuzz: FUZZ_SECONDS '$secs' is not a whole number of seconds above 0" >&2
    exit 2
    ;;
esac
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
seeds=$build/seeds crashes=$build/crashes
rm -rf "$seeds"
mkdir -p "$seeds/cycle" "$seeds/verify" "$build/corpus/cycle" "$build/corpus/verify" "$crashes"

# ---- seeds ----
for d in tests/e2e/cases/*/ inputs/demo/ inputs/templates/; do
    python3 tests/fuzz/corpus.py pack "$d" "$seeds/cycle/$(basename "$d")" || exit 1
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! ./placement solve inputs/demo -o "$work/plain" --quiet ||
    ! ./placement solve inputs/demo -o "$work/stable" --stable --quiet; then
    echo "fuzz: ./placement solve inputs/demo failed: no seeds for fuzz_verify" >&2
    exit 1
fi
cp "$work/plain/assignments.csv" "$seeds/verify/demo"
cp "$work/stable/assignments.csv" "$seeds/verify/demo-stable"
# assignment files of other cycles (unknown students and places)
for f in tests/e2e/cases/*/*/assignments.csv; do
    [ -f "$f" ] && cp "$f" "$seeds/verify/$(echo "${f#tests/e2e/cases/}" | tr / -)"
done

# ---- the runs ----
# the scratch folders (fuzzdir.c) on a memory file system when there is one
if [ -z "${FUZZ_TMPDIR:-}" ]; then
    if [ -w /dev/shm ]; then FUZZ_TMPDIR=/dev/shm; else FUZZ_TMPDIR=$build/tmp; fi
fi
mkdir -p "$FUZZ_TMPDIR"
export FUZZ_TMPDIR FUZZ_CYCLE="$top/inputs/demo"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
failed=0

# figure LOG KEY: the value after "stat::KEY: " in libFuzzer's final stats
figure() { sed -n "s/^stat::$2: *//p" "$1" | tail -n 1; }
# last LOG FIELD: the last status line's value of FIELD (cov, ft, corp)
last() { grep -E '^#[0-9]+' "$1" | grep -o "$2: [^ ]*" | tail -n 1 | cut -d' ' -f2; }

run_target() {
    local name=$1 bin=$build/fuzz_$1 log=$build/$1.log pid rc start took edges artifact
    local execs speed cov ft corp added rss
    start=$(date +%s)
    # a single allocation above 512 MB, or 2 GB in all, is a finding
    # (malloc-limit, rss-limit), before the engine's allocation wrapper
    # would exit on out-of-memory
    "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=25 \
        -rss_limit_mb=2048 -malloc_limit_mb=512 -dict="tests/fuzz/$1.dict" \
        -artifact_prefix="$crashes/$name-" "$build/corpus/$name" "$seeds/$name" >"$log" 2>&1 &
    pid=$!
    wait "$pid"
    rc=$?
    took=$(($(date +%s) - start))
    rm -rf "$FUZZ_TMPDIR/placement-fuzz-$pid-"* # what a crash left
    edges=$(sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' "$log" | head -n 1)
    execs=$(figure "$log" number_of_executed_units) speed=$(figure "$log" average_exec_per_sec)
    cov=$(last "$log" cov) ft=$(last "$log" ft) corp=$(last "$log" corp | cut -d/ -f1)
    added=$(figure "$log" new_units_added) rss=$(figure "$log" peak_rss_mb)
    # "?": a crash before the seeds were all read leaves no status line
    printf 'fuzz %s: %s s, %s executions (%s/s), coverage: cov %s edges (of %s in the engine), ft %s, corpus %s inputs (%s new), peak %s MB\n' \
        "$name" "$took" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${edges:-?}" "${ft:-?}" \
        "${corp:-?}" "${added:-?}" "${rss:-?}"
    if [ "$rc" -ne 0 ]; then
        failed=$((failed + 1))
        artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
        echo "FAIL fuzz $name: exit $rc; the report (all of it in $log):"
        # the report's first line and stack, and its summary
        awk '!on && /==ERROR|runtime error|ERROR: libFuzzer/ { on = 1 }
            on && n < 24 { if ($0 == "" && n > 1) { on = 0; n = 24 } else { print; n++ } }
            /^SUMMARY/ { print }' "$log" | sed 's/^/  /'
        if [ -n "$artifact" ]; then
            echo "  input: $artifact"
            echo "  minimise: $bin -minimize_crash=1 -max_total_time=60 -artifact_prefix=$crashes/$name-min- $artifact"
            echo "  a case folder: bash tests/fuzz/unpack.sh $([ "$name" = verify ] && echo '--verify ')$artifact tests/e2e/cases/fuzz-NAME"
        fi
    fi
}

run_target cycle
run_target verify
echo "fuzz: 2 targets, $failed failed"
[ "$failed" -eq 0 ]
