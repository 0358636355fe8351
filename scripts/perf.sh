#!/usr/bin/env bash
# perf.sh: measure cyberid in a pseudo-terminal with tuiperf (start-up, key→settled, resize, idle CPU,
# peak RSS, exit), at 120×40 and 200×60, optionally against other builds. Within a round every build
# runs REPEAT times in turn; with ROUNDS=2 or more the builds alternate round by round (A B A B), so
# that a busy machine weighs on all alike.
#
#   scripts/perf.sh                                  # this tree
#   REPEAT=5 ROUNDS=2 scripts/perf.sh /tmp/old-cyberid   # this tree and another build, as in README
#   RESIZE= scripts/perf.sh                          # no resizes: peak memory at the start size only
#
# TUIPERF (default ../shared/tools/tuiperf), REPEAT (default 10), ROUNDS (default 1) and RESIZE (the
# sizes to step through after the keys, default 80x24,200x60; empty for none) can be set. Each run's
# peak memory includes its resizes. Results go to $OUT (default /tmp/cyberid-perf) as JSON and
# tables. Figures are wall-clock: compare only builds measured in one run, on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."
TUIPERF=${TUIPERF:-../shared/tools/tuiperf}
REPEAT=${REPEAT:-10}
ROUNDS=${ROUNDS:-1}
RESIZE=${RESIZE-80x24,200x60}
resize=()
if [ -n "$RESIZE" ]; then resize=(--resize "$RESIZE"); fi
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
        --ready "Step 1 of" --keys "$keys" "${resize[@]}" --idle-measure 2 --quit q \
        --repeat "$REPEAT" --warmup 1 --label "$label" --json-out "$out/$label.json" -- "$bin" \
        | tee "$out/$label.txt" | sed -n '/metric/,/idle output/p'
    done
  done
done
