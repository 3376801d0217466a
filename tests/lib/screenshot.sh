#!/usr/bin/env bash
# tests/lib/screenshot.sh REPORT PNG - a picture of report.html for the
# README (make screenshot: results/demo/report.html -> results/report.png).
# Headless Chromium, 1280 px wide, as tall as the top of the page that shows
# the run facts, the warnings and the charts (down to the end of the lowest
# of sections run, warnings, rank-profile, fill, demand, quotas and
# compare; the whole page when it has none), between 600 and 4000 px.
# The height is measured on a copy of REPORT with a script added (the
# report itself has none). Chromium's profile, HOME and stderr stay in a
# temporary folder removed at exit; every run has a time limit
# (SCREENSHOT_LIMIT, 60 s). PNG is written under a temporary name and
# renamed, so it appears whole or not at all.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: tests/lib/screenshot.sh REPORT.html OUT.png" >&2
    exit 2
fi
report=$1 png=$2 width=1280 min=600 max=4000
limit=${SCREENSHOT_LIMIT:-60}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=chromium.sh
. "$here/chromium.sh"
if [ ! -f "$report" ]; then
    echo "screenshot: no '$report' (make run writes results/demo/report.html)" >&2
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/screenshot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! chromium_init "$tmp/chromium"; then
    echo "screenshot: Chromium is not installed (apt-get install chromium)" >&2
    exit 1
fi

# the height: the bottom of the lowest top section, in CSS pixels at this width
cp "$report" "$tmp/measure.html"
cat >>"$tmp/measure.html" <<'EOF'
<script>
(function () {
  var ids = ["run", "warnings", "rank-profile", "fill", "demand", "quotas", "compare"], h = 0;
  ids.forEach(function (id) {
    var e = document.getElementById(id);
    if (e) h = Math.max(h, e.getBoundingClientRect().bottom + window.scrollY);
  });
  if (h === 0) h = document.documentElement.scrollHeight;
  document.documentElement.setAttribute("data-screenshot-height", String(Math.ceil(h + 16)));
})();
</script>
EOF
if ! chromium_run "$limit" --window-size="$width,800" --dump-dom "$(chromium_url "$tmp/measure.html")" >"$tmp/measure.dom"; then
    echo "screenshot: Chromium could not measure '$report' (see below)" >&2
    tail -n 5 "$chromium_log" >&2
    exit 1
fi
height=$(sed -n 's/.*data-screenshot-height="\([0-9]*\)".*/\1/p' "$tmp/measure.dom" | head -n 1)
[ -n "$height" ] || height=$max
[ "$height" -ge "$min" ] || height=$min
[ "$height" -le "$max" ] || height=$max

if ! chromium_run "$limit" --window-size="$width,$height" --screenshot="$tmp/shot.png" \
    "$(chromium_url "$report")" >/dev/null || [ ! -s "$tmp/shot.png" ]; then
    echo "screenshot: Chromium made no screenshot of '$report'" >&2
    tail -n 5 "$chromium_log" >&2
    exit 1
fi
mkdir -p "$(dirname "$png")"
cp "$tmp/shot.png" "$png.tmp"
mv -f "$png.tmp" "$png"
echo "screenshot: $png (${width}x$height) from $report"
