#!/usr/bin/env bash
# tests/e2e_fingerprint.sh BIN - the sha256:FILE rows of summary.csv: after
# a solve, each is the SHA-256 of the input file as on disk (sha256sum),
# byte-order mark and CRLF included, one row per file present and none for
# an absent optional file. Runs on inputs/demo, a BOM+CRLF rewrite of it
# (by the `gen` program next to BIN) and the pass-* cases of tests/cases.
# Prints "ok NAME" or "FAIL NAME: WHY", then "fingerprint: N passed, N failed".
set -u
bin=${1:?usage: tests/e2e_fingerprint.sh BIN}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
files="programs.csv labs.csv supervisors.csv students.csv preferences.csv rankings.csv quotas.csv overrides.csv"

case "$bin" in
/*) ;;
*/*) bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" ;;
*) if [ -f "$bin" ]; then bin="$PWD/$bin"; else bin=$(command -v "$bin" || echo "$bin"); fi ;;
esac
gen=
for g in "$(dirname "$bin")/tests/gen" "$top/build/rel/tests/gen" "$top/build/san/tests/gen"; do
    if [ -x "$g" ]; then
        gen=$g
        break
    fi
done
if [ ! -x "$bin" ] || ! command -v sha256sum >/dev/null; then
    echo "FAIL fingerprint: needs an executable BIN ('$bin') and sha256sum"
    echo "fingerprint: 0 passed, 1 failed"
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
dirs=""
if [ -d "$top/inputs/demo" ]; then
    dirs="$top/inputs/demo"
    if [ -n "$gen" ] && "$gen" "$work/demo-bom-crlf" --from "$top/inputs/demo" --bom --crlf \
        --quote-all >/dev/null 2>&1; then
        dirs="$dirs $work/demo-bom-crlf"
    fi
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
    if [ -z "$why" ]; then
        echo "ok $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name:$why"
        fail=$((fail + 1))
    fi
done
echo "fingerprint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
