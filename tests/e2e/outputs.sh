#!/usr/bin/env bash
# tests/e2e/outputs.sh BIN - where a run may write (SPEC §6: no output
# location holds an input of the run; replacing OUT never deletes a file
# the engine did not write; folders and files follow the umask):
#   inputs   verify DIR OUT/assignments.csv -o OUT (also through a hard
#            link); --export-data into the cycle folder, into a folder
#            that is not an earlier export, into -o's folder;
#            --export-lp/--export-mps onto a cycle file (also a hard link
#            of one) or a folder: refused with exit 2, nothing changed
#   exports  --export-data replaces an earlier export whole (temporary
#            folder and rename, a user's file kept); --export-lp replaces
#            its file by rename (a hard link of the old one keeps the old
#            text) and leaves no temporary file
#   foreign  files a user put into OUT (committee_notes.txt,
#            assignments.xlsx, a folder) survive solve and verify -o,
#            unchanged, and stderr names them; a file with the name of a
#            result file is the engine's
#   umask    OUT, its files and the export follow the umask (027, 002)
#   names    -o . and -o with a trailing slash or through a link
# Prints "ok NAME" or "FAIL NAME: WHY" per check, then "outputs: N passed,
# N failed". KEEP_WORK set: the work folder is kept.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init outputs "$@"
demo="$top/inputs/demo"
limit=120

run() { # NAME ARGS...: the engine with a time limit; rc, $work/NAME.err
    local name=$1
    shift
    timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
}

# digest DIR: one line per file below DIR (name and SHA-256), sorted
digest() {
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# refused NAME WANT_MSG DIR...: the last run exited 2 with WANT_MSG in its
# stderr, and each DIR is as its digest in $work/NAME.before.* says
refused() {
    local name=$1 msg=$2 k=0 same=1 d
    shift 2
    for d in "$@"; do
        [ "$(digest "$d")" = "$(cat "$work/$name.before.$k")" ] || same=0
        k=$((k + 1))
    done
    if [ $rc -eq 2 ] && grep -qF -e "$msg" "$work/$name.err" && [ $same -eq 1 ]; then
        suite_ok "inputs: $name: refused (exit 2), nothing changed"
    else
        suite_fail "inputs: $name: exit $rc, unchanged: $same"
        suite_show "$work/$name.err" 3
    fi
}
# before NAME DIR...: remembers the digests of each DIR for refused
before() {
    local name=$1 k=0 d
    shift
    for d in "$@"; do
        digest "$d" >"$work/$name.before.$k"
        k=$((k + 1))
    done
}

cyc="$work/cycle"
cp -r "$demo" "$cyc"
out="$work/out"
if ! "$bin" solve "$cyc" -o "$out" -q >/dev/null 2>"$work/first.err"; then
    suite_fail "outputs: the first solve failed"
    suite_show "$work/first.err" 3
    suite_finish
fi

# ---- inputs ----
before audited "$out"
run audited verify "$cyc" "$out/assignments.csv" -o "$out"
refused audited "holds '$out/assignments.csv', an input of this run" "$out"
ln "$out/assignments.csv" "$work/linked.csv"
before audited-link "$out"
run audited-link verify "$cyc" "$work/linked.csv" -o "$out"
refused audited-link "an input of this run" "$out"
rm -f "$work/linked.csv"

touch "$cyc/summary.csv" "$cyc/params.csv" "$cyc/pairs.csv" # as if results lay there
before into-cycle "$cyc"
run into-cycle solve "$cyc" -o "$work/o2" --export-data "$cyc"
refused into-cycle "it is '$cyc', an input of this run" "$cyc"
before cycle-as-out "$cyc"
run cycle-as-out solve "$cyc" -o "$cyc"
refused cycle-as-out "an input of this run" "$cyc"
rm -f "$cyc/summary.csv" "$cyc/params.csv" "$cyc/pairs.csv"
[ ! -e "$work/o2" ] || suite_fail "inputs: into-cycle: -o was written"

mkdir "$work/mine"
echo "keep me" >"$work/mine/thesis.tex"
before not-export "$work/mine"
run not-export solve "$cyc" -o "$work/o3" --export-data "$work/mine"
refused not-export "does not hold an earlier params.csv and pairs.csv" "$work/mine"

before same-as-out "$out"
run same-as-out solve "$cyc" -o "$out" --export-data "$out/"
refused same-as-out "it is the folder of -o" "$out"

for opt in --export-lp --export-mps; do
    before "lp-input$opt" "$cyc"
    run "lp-input$opt" solve "$cyc" -o "$work/o4" "$opt" "$cyc/students.csv"
    refused "lp-input$opt" "an input of this run" "$cyc"
done
ln "$cyc/quotas.csv" "$work/hard.lp"
before lp-hardlink "$cyc"
run lp-hardlink solve "$cyc" -o "$work/o4" --export-lp "$work/hard.lp"
refused lp-hardlink "is '$cyc/quotas.csv', an input of this run" "$cyc"
before lp-folder "$work/mine"
run lp-folder solve "$cyc" -o "$work/o4" --export-mps "$work/mine"
refused lp-folder "it is a folder" "$work/mine"
[ ! -e "$work/o4" ] || suite_fail "inputs: a refused export wrote -o"

# ---- exports ----
# a fresh copy of the cycle, whatever the checks above did to it
rm -rf "$cyc"
cp -r "$demo" "$cyc"
data="$work/data"
run export1 solve "$cyc" -o "$work/o5" --export-data "$data" --export-lp "$work/m.lp" -q
files=$(ls -A "$data" | LC_ALL=C sort | tr '\n' ' ')
if [ $rc -eq 0 ] && [ "$files" = "ids.csv nodes.csv pairs.csv params.csv quota_pairs.csv quotas.csv ranks.csv students.csv within.csv " ] &&
    [ -s "$work/m.lp" ]; then
    suite_ok "exports: a new export folder and LP file"
else
    suite_fail "exports: first export: exit $rc, files '$files'"
    suite_show "$work/export1.err" 3
fi
echo "mine" >"$data/README.txt"
echo "stale" >"$data/ids.csv"
ln "$work/m.lp" "$work/m-old.lp"
ln "$data/pairs.csv" "$work/pairs-old.csv"
run export2 solve "$cyc" -o "$work/o5" --export-data "$data" --export-lp "$work/m.lp" -q
files=$(ls -A "$data" | LC_ALL=C sort | tr '\n' ' ')
beside=$(ls -A "$work" | grep -E '^\.(data|m\.lp)\.' | tr '\n' ' ')
if [ $rc -eq 0 ] && [ "$files" = "README.txt ids.csv nodes.csv pairs.csv params.csv quota_pairs.csv quotas.csv ranks.csv students.csv within.csv " ] &&
    [ "$(cat "$data/README.txt")" = mine ] && [ "$(head -n 1 "$data/ids.csv")" = "symbol,id" ] &&
    cmp -s "$work/m.lp" "$work/m-old.lp" && ! [ "$work/m.lp" -ef "$work/m-old.lp" ] &&
    ! [ "$data/pairs.csv" -ef "$work/pairs-old.csv" ] && [ -z "$beside" ]; then
    suite_ok "exports: replaced by rename (old links keep the old files), the user's file kept, nothing beside"
else
    suite_fail "exports: second export: exit $rc, files '$files', beside '$beside'"
    suite_show "$work/export2.err" 3
fi

# ---- foreign ----
f="$work/f"
"$bin" solve "$cyc" -o "$f" -q >/dev/null 2>&1
echo "notes of the committee" >"$f/committee_notes.txt"
cp "$f/results.xlsx" "$f/assignments.xlsx"
mkdir "$f/reviews"
echo "looks fine" >"$f/reviews/ana.txt"
echo "not a verify result" >"$f/violations.csv"
digest "$f" | grep -E 'committee_notes|assignments.xlsx|reviews' >"$work/foreign.before"
run foreign solve "$cyc" -o "$f"
after=$(digest "$f" | grep -E 'committee_notes|assignments.xlsx|reviews')
if [ $rc -eq 0 ] && [ "$after" = "$(cat "$work/foreign.before")" ] && [ ! -e "$f/violations.csv" ] &&
    grep -q "kept 3 files that the engine did not write" "$work/foreign.err" &&
    grep -q "'committee_notes.txt'" "$work/foreign.err" && ! ls -A "$work" | grep -q '^\.f\.'; then
    suite_ok "foreign: solve keeps the user's files unchanged and names them; violations.csv is the engine's"
else
    suite_fail "foreign: solve: exit $rc"
    suite_show "$work/foreign.err" 3
fi
run foreign-verify verify "$cyc" "$work/o5/assignments.csv" -o "$f"
after=$(digest "$f" | grep -E 'committee_notes|assignments.xlsx|reviews')
if [ $rc -eq 0 ] && [ "$after" = "$(cat "$work/foreign.before")" ] && [ ! -e "$f/assignments.csv" ] &&
    [ -f "$f/violations.csv" ]; then
    suite_ok "foreign: verify -o keeps them too"
else
    suite_fail "foreign: verify -o: exit $rc"
    suite_show "$work/foreign-verify.err" 3
fi

# ---- umask ----
for mask in 027 002; do
    rm -rf "$work/um" "$work/umd"
    (umask $mask && "$bin" solve "$cyc" -o "$work/um" --export-data "$work/umd" -q) >/dev/null 2>&1
    want_d=$(printf '%o' $((0777 & ~8#$mask)))
    want_f=$(printf '%o' $((0666 & ~8#$mask)))
    got=$( (stat -c '%a' "$work/um" "$work/umd"; stat -c '%a' "$work/um"/* "$work/umd"/*) | sort -u | tr '\n' ' ')
    want=$(printf '%s\n' "$want_d" "$want_f" | sort -u | tr '\n' ' ')
    if [ "$got" = "$want" ]; then
        suite_ok "umask $mask: folders $want_d, files $want_f"
    else
        suite_fail "umask $mask: modes '$got', want '$want'"
    fi
done

# ---- names ----
run dot solve "$cyc" -o "$out/."
if [ $rc -eq 2 ] && grep -q "name a folder of their own" "$work/dot.err"; then
    suite_ok "names: -o OUT/. refused"
else
    suite_fail "names: -o OUT/.: exit $rc"
    suite_show "$work/dot.err" 3
fi
ln -s out "$work/latest"
run link solve "$cyc" -o "$work/latest/" -q
if [ $rc -eq 0 ] && [ -L "$work/latest" ] && [ -f "$out/summary.csv" ] &&
    ! ls -A "$work" | grep -qE '^\.(out|latest)\.'; then
    suite_ok "names: a link to OUT is followed, the link stays"
else
    suite_fail "names: a link to OUT: exit $rc"
    suite_show "$work/link.err" 3
fi

suite_finish
