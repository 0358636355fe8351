#!/usr/bin/env bash
# Regenerates assets/demo.gif from demo.tape with charmbracelet/vhs v0.10.0.
#
# vhs needs ttyd, ffmpeg and a Chromium. On Debian: apt-get install ffmpeg chromium (Debian 13 also has
# ttyd; on Debian 12 build ttyd 1.7.x from source, or pass TTYD_DIR=/dir/with/ttyd). vhs itself is
# installed into a temporary GOBIN, never into the project's go.mod. CI does not run this script.
set -euo pipefail
cd "$(dirname "$0")/.."

VHS_VERSION=v0.10.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for tool in ffmpeg; do
	command -v "$tool" >/dev/null || { echo "demo.sh: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done
if [ -n "${TTYD_DIR:-}" ]; then PATH="$TTYD_DIR:$PATH"; fi
command -v ttyd >/dev/null || { echo "demo.sh: ttyd is missing (apt-get install ttyd, or set TTYD_DIR)" >&2; exit 1; }
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null ||
	{ echo "demo.sh: a Chromium is missing (apt-get install chromium)" >&2; exit 1; }

echo "== building cyberid and vhs $VHS_VERSION into $tmp"
go build -o "$tmp/cyberid" .
GOBIN="$tmp" go install "github.com/charmbracelet/vhs@$VHS_VERSION"

# Chromium refuses to start as root inside its sandbox; vhs knows how to turn it off.
if [ "$(id -u)" = 0 ]; then export VHS_NO_SANDBOX=true; fi

mkdir -p assets
echo "== recording demo.tape"
# No inherited CYBERID_THEME: the app picks its theme from the recorder's (dark) background.
env -u CYBERID_THEME PATH="$tmp:$PATH" "$tmp/vhs" demo.tape
ls -l assets/demo.gif
