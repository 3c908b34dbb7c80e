#!/usr/bin/env bash
# The OCPP mutation fuzzer against chargedesk-server (see ocpp_fuzz.mjs). A long run:
#   tests/fuzz/ocpp_fuzz.sh --server build/ci/app/chargedesk-server --frames 100000 --seed 7
# prints progress every 10,000 frames, the crashes it found (with the frames that caused
# them, for --replay) and a summary; it exits 1 on any crash or failed check.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v node >/dev/null || { echo "ocpp_fuzz.sh: node is missing (packaging/setup.sh test installs it)" >&2; exit 1; }
[ -d "$here/../peers/node_modules/ws" ] ||
    { echo "ocpp_fuzz.sh: tests/peers/node_modules is missing (packaging/setup.sh test installs it)" >&2; exit 1; }
exec node "$here/ocpp_fuzz.mjs" "$@"
