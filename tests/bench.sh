#!/usr/bin/env bash
# tests/bench.sh - `make bench`: generates large realistic cycles (tests/gen:
# N students ranking K places with Zipf-like popularity, supervisors under
# labs under programs, capacities near demand, eligibility rules, rankings,
# overrides) and prints, per size, the phases of `placement solve`: read +
# validate, admissible pairs, model build, each lexicographic stage, write,
# total wall time and peak memory. Figures, never pass/fail.
# Knobs: BENCH_SIZES ("1000 10000 50000"), BENCH_CHOICES (10), BENCH_SEED
# (1), BENCH_TIME_LIMIT (seconds per run, 600), BENCH_OPTIONS (extra solve
# options, e.g. "--stable" or "--objective rank-maximal").
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin="$top/placement"
gen="$top/build/rel/tests/gen"
sizes=${BENCH_SIZES:-"1000 10000 50000"}
k=${BENCH_CHOICES:-10}
seed=${BENCH_SEED:-1}
tl=${BENCH_TIME_LIMIT:-600}
opts=${BENCH_OPTIONS:-}
work=$(mktemp -d /tmp/placement-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
[ -x "$gen" ] && [ -x "$bin" ] || { echo "bench: build first (make placement build/rel/tests/gen)" >&2; exit 1; }

field() { sed -nE "s/^timing: .*$1 ([0-9.]+) s.*/\1/p" "$2" | head -n 1; }

printf '%-8s %-8s %9s %9s %9s %-40s %9s %9s %8s  %s\n' students pairs read+val admit build \
    "stages (s)" write total peakMiB status
for n in $sizes; do
    dir="$work/c$n" log="$work/log$n"
    "$gen" "$dir" --students "$n" --choices "$k" --seed "$seed" >/dev/null 2>&1 ||
        { echo "bench: gen failed for $n" >&2; continue; }
    start=$(date +%s.%N)
    "$bin" solve "$dir" -o "$work/out$n" -v --time-limit "$tl" --export-data "$work/data$n" $opts \
        >"$work/stdout$n" 2>"$log"
    rc=$?
    total=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{print b - a}')
    pairs=$(($(wc -l <"$work/data$n/pairs.csv") - 1))
    stages=$(sed -nE 's/^timing: stage ([0-9]+) (.*) ([0-9.]+) s \(value.*/\2=\3/p' "$log" |
        tr ' ' '_' | paste -sd' ')
    status=$(awk -F, '$1=="status"{print $2}' "$work/out$n/summary.csv" 2>/dev/null)
    [ $rc -eq 0 ] || status="exit $rc: $(grep -m1 error "$log" | cut -c1-60)"
    printf '%-8s %-8s %9s %9s %9s %-40s %9s %9.2f %8s  %s\n' "$n" "$pairs" \
        "$(field 'read\+validate' "$log")" "$(field 'admissible pairs' "$log")" \
        "$(field 'build' "$log")" "${stages:--}" "$(field 'write' "$log")" "$total" \
        "$(sed -nE 's/.*peak memory ([0-9]+) MiB.*/\1/p' "$log" | tail -n 1)" "$status"
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; glpk $(glpsol --version | head -n1 | awk '{print $NF}'); options: ${opts:-none}"
