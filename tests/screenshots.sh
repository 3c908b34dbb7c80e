#!/usr/bin/env bash
# Screenshots of the console's main sections on the demo network, for a person to review.
# Not part of the test run, and it builds nothing: build the ci preset first. (The window
# tests' own pictures: CHARGEDESK_SHOTS=<folder> ctest ..., see tests/ui/screenshots.h.)
#
#   tests/screenshots.sh [OUT_DIR]          writes OUT_DIR/<section>.png (default build/screenshots)
#
# Environment:
#   CHARGEDESK=path      the console to run (default build/ci/app/chargedesk)
#   WAIT=seconds         how long each window gets to settle before the shot (default 8)
#   LANGUAGE_CODE=de     the console's language setting (default: the desktop's)
#   SECTIONS="a b"      only these sections
#   SCREEN=WxHxD         the virtual screen (default 1600x1000x24); e.g. QT_SCALE_FACTOR=2
#                        with SCREEN=3200x2000x24 checks high-DPI, GTK_THEME=Adwaita:dark the dark look
# Uses ../shared/tools/xshot when it is there and the screen is the default one, else
# xvfb-run with ImageMagick's import (both in packaging/setup.sh's package list).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${CHARGEDESK:-$root/build/ci/app/chargedesk}
out=${1:-$root/build/screenshots}
wait=${WAIT:-8}
screen=${SCREEN:-}
xshot=$root/../shared/tools/xshot
[ -x "$xshot" ] || xshot=/work/shared/tools/xshot

if [ ! -x "$bin" ]; then
    echo "screenshots: $bin is not built (cmake --build build/ci --target chargedesk)" >&2
    exit 1
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)

# The section keys of ui/shell/sections.cpp; "overview" is the start page.
sections=(overview stations chargers connectors areas sessions reservations chargingProfiles configurationTemplates
          customers idDevices users operators settings)
if [ -n "${SECTIONS:-}" ]; then read -r -a sections <<<"$SECTIONS"; fi

shot() { # OUT.png COMMAND...
    local png=$1
    shift
    if [ -z "$screen" ] && [ -x "$xshot" ]; then
        "$xshot" "$png" "$wait" -- "$@" >/dev/null
        return
    fi
    xvfb-run -a -s "-screen 0 ${screen:-1600x1000x24}" bash -c '
        png=$1 wait=$2; shift 2
        "$@" & pid=$!
        sleep "$wait"
        import -window root "$png" || echo "screenshots: import failed" >&2
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 0' _ "$png" "$wait" "$@"
}

for section in "${sections[@]}"; do
    # A fresh home per shot: the console opens the section it was last closed on.
    home=$(mktemp -d)
    config="$home/.config/Unknown Organization"
    mkdir -p "$config"
    key=$section
    [ "$section" = overview ] && key=
    {
        printf '[mainWindow]\nsection=%s\n' "$key"
        if [ -n "${LANGUAGE_CODE:-}" ]; then printf '[ui]\nlanguage=%s\n' "$LANGUAGE_CODE"; fi
    } >"$config/ChargeDesk.conf"
    # The console's own log goes beside the picture, so that this script's output lists the files.
    shot "$out/$section.png" sh -c 'exec "$@" >"$0" 2>&1' "$out/$section.log" \
        env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" "$bin" --demo
    rm -rf "$home"
    if [ -s "$out/$section.png" ]; then echo "$out/$section.png"; else echo "screenshots: no $section.png" >&2; fi
done
