#!/usr/bin/env bash
# perf.sh: measure cyberid in a pseudo-terminal with tuiperf (start-up, key→settled, resize, idle CPU,
# peak RSS, exit), at 120×40 and 200×60, optionally against other builds, alternating them run by run
# so that a busy machine weighs on all alike.
#
#   scripts/perf.sh                      # this tree
#   scripts/perf.sh /tmp/old-cyberid     # this tree and another build, A B A B …
#
# TUIPERF (default ../shared/tools/tuiperf), REPEAT (default 10) and ROUNDS (default 1) can be set.
# Results go to $OUT (default /tmp/cyberid-perf) as JSON and tables. Figures are wall-clock: compare only builds measured in
# one run, on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."
TUIPERF=${TUIPERF:-../shared/tools/tuiperf}
REPEAT=${REPEAT:-10}
ROUNDS=${ROUNDS:-1}
out=${OUT:-${TMPDIR:-/tmp}/cyberid-perf}
mkdir -p "$out"
go build -o "$out/cyberid" .
bins=("$out/cyberid" "$@")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
keys='right,right,left,right,left,left,right,right,right,left'
for round in $(seq "$ROUNDS"); do
  for size in 120x40 200x60; do
    for bin in "${bins[@]}"; do
      label="$(basename "$bin")-$size-r$round"
      "$TUIPERF" --cols "${size%x*}" --rows "${size#*x}" --env HOME="$home" --env XDG_CONFIG_HOME="$home" \
        --ready "Step 1 of" --keys "$keys" --resize 80x24,200x60 --idle-measure 2 --quit q \
        --repeat "$REPEAT" --warmup 1 --label "$label" --json-out "$out/$label.json" -- "$bin" \
        | tee "$out/$label.txt" | sed -n '/metric/,/idle output/p'
    done
  done
done
