#!/usr/bin/env bash
# Regenerates assets/demo.gif from demo.tape with charmbracelet/vhs v0.10.0.
#
# vhs needs ttyd, ffmpeg and a Chromium, and the Chinese terms need a CJK font. On Debian:
#   apt-get install ffmpeg chromium fonts-wqy-zenhei ttyd
# Debian 12 has no ttyd package: build ttyd 1.7.x from its source (cmake, libwebsockets-dev, libjson-c-dev,
# libuv1-dev) and pass TTYD_DIR=/dir/with/ttyd. vhs itself is installed into a temporary GOBIN, never
# into the project's go.mod. CI does not run this script.
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
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh)" ]; then
	echo "demo.sh: warning: no CJK font, Chinese terms will show as boxes (apt-get install fonts-wqy-zenhei)" >&2
fi

echo "== building cyberid and vhs $VHS_VERSION into $tmp"
go build -o "$tmp/cyberid" .
GOBIN="$tmp" go install "github.com/charmbracelet/vhs@$VHS_VERSION"

# Chromium refuses to start as root inside its sandbox; vhs knows how to turn it off.
if [ "$(id -u)" = 0 ]; then export VHS_NO_SANDBOX=true; fi

mkdir -p assets
# No inherited CYBERID_THEME: the app picks its theme from the recorder's background. A state directory
# of its own, so that saved progress from earlier runs neither changes the recording nor is changed by it.
run_vhs() { env -u CYBERID_THEME XDG_STATE_HOME="$tmp/state" PATH="$tmp:$PATH" "$tmp/vhs" "$1"; }
echo "== recording demo.tape (dark terminal)"
run_vhs demo.tape
echo "== recording themes.tape (light terminal: automatic light theme, then high contrast)"
run_vhs themes.tape
rm -f assets/themes.gif # the tape needs an output; only its screenshots are kept
ls -l assets/demo.gif assets/theme-light.png assets/theme-high-contrast.png
