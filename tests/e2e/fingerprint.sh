#!/usr/bin/env bash
# tests/e2e/fingerprint.sh BIN - the sha256:FILE rows of summary.csv: after
# a solve, each is the SHA-256 of the input file as on disk (sha256sum),
# byte-order mark and CRLF included, one row per file present and none for
# an absent optional file. Runs on inputs/demo, a BOM+CRLF rewrite of it
# (by the `gen` program next to BIN) and the pass-* cases of e2e/cases.
# Prints "ok NAME" or "FAIL NAME: WHY", then "fingerprint: N passed, N failed".
set -u
. "$(dirname "$0")/../lib/suite.sh"
suite_init fingerprint "$@"
suite_need_gen
files="programs.csv labs.csv supervisors.csv students.csv preferences.csv rankings.csv quotas.csv overrides.csv lottery.csv"
if ! command -v sha256sum >/dev/null; then
    suite_fail "fingerprint: sha256sum is not installed"
    suite_finish
fi
[ -d "$top/inputs/demo" ] || { suite_fail "fingerprint: no inputs/demo"; suite_finish; }
dirs="$top/inputs/demo"
if "$gen" "$work/demo-bom-crlf" --from "$top/inputs/demo" --bom --crlf --quote-all >/dev/null 2>&1; then
    dirs="$dirs $work/demo-bom-crlf"
else
    suite_fail "fingerprint: gen could not rewrite the demo with a BOM and CRLF"
fi
for d in "$here"/cases/pass-*/; do
    dirs="$dirs ${d%/}"
done

for d in $dirs; do
    name=$(basename "$d")
    out="$work/out-$name"
    why=
    if ! "$bin" solve "$d" -o "$out" -q >"$work/log" 2>&1; then
        why="solve failed: $(head -n 1 "$work/log")"
    else
        for f in $files; do
            got=$(grep "^sha256:$f," "$out/summary.csv" | cut -d, -f2)
            if [ -f "$d/$f" ]; then
                want=$(sha256sum <"$d/$f" | cut -d' ' -f1)
                [ "$got" = "$want" ] || why="$why sha256:$f is '$got', sha256sum says '$want';"
            elif [ -n "$got" ]; then
                why="$why sha256:$f written for an absent file;"
            fi
        done
    fi
    if [ -z "$why" ]; then suite_ok "$name"; else suite_fail "$name:$why"; fi
done
suite_finish
