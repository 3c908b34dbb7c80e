#!/usr/bin/env bash
# ChargeDesk's one entry point for a new machine (Debian 12).
#   packaging/setup.sh run [ARGS...]  install what is missing, build the console alone (optimised, no tests), start it
#   packaging/setup.sh test           install what is missing, build the ci preset, run every test
# Both are idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mode=${1:-run}
[ $# -gt 0 ] && shift

# Debian packages by name: build tools, Qt 6.4 modules, libraries, and the test peers'
# runtimes (PostgreSQL server, Node.js, a virtual X server and ImageMagick for screenshots, a
# QR decoder), and Qt's own German translations.
packages=(
    g++ cmake ninja-build ccache pkg-config git clang-format clang-tidy
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qt6-charts-dev qt6-positioning-dev
    qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
    libqt6sql6-sqlite libqt6sql6-psql
    libssl-dev libargon2-dev libcurl4-openssl-dev libqrencode-dev libvalijson-dev
    postgresql xvfb xauth zbar-tools imagemagick qt6-translations-l10n
)

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "setup: installing ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

install_test_peers() {
    local dir=tests/peers
    # Reinstall only when the lock file changed since the last install.
    if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
        echo "setup: installing Node.js test peers"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

build() {
    local preset=$1
    [ -f "build/$preset/CMakeCache.txt" ] || cmake --preset "$preset"
    cmake --build --preset "$preset"
}

case "$mode" in
run)
    install_packages
    # Only the console, optimised and without the tests: what `run` starts is all it builds.
    if [ ! -x build/release/app/chargedesk ]; then
        echo "setup: building the console (first time: about ten minutes on two cores; later runs rebuild only what changed)"
    fi
    [ -f build/release/CMakeCache.txt ] || cmake --preset release >/dev/null
    cmake --build --preset release --target chargedesk
    exec build/release/app/chargedesk "$@"
    ;;
test)
    install_packages
    install_test_peers
    build ci
    ctest --preset ci "$@"
    ;;
*)
    echo "usage: $0 run [ARGS...] | test [CTEST ARGS...]" >&2
    exit 2
    ;;
esac
