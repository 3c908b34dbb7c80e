#!/usr/bin/env bash
# OCPP load benchmark: chargedesk-server against a Node.js reference (ocpp-rpc, strict
# mode), same load, same machine, same run. Builds nothing: pass the server binary with
# --server PATH or CHARGEDESK_SERVER (default build/ci/app/chargedesk-server).
#   tests/bench/ocpp_load.sh                 10,000 stations, full phases (a few minutes)
#   tests/bench/ocpp_load.sh --stations 2000 --rate 2000
#   tests/bench/ocpp_load.sh --quick         50 stations, 3 s phases (the bench_smoke test)
# All options: tests/bench/ocpp_load.sh --help
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Each connection is a file descriptor on both sides; 10,000 stations need more than the
# usual soft limit. Raising the hard limit needs root; otherwise take what is allowed.
want=262144
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$want" ]; then
    ulimit -Hn "$want" 2>/dev/null || want=$(ulimit -Hn)
fi
ulimit -Sn "$want" 2>/dev/null || true

command -v node >/dev/null || { echo "ocpp_load.sh: node is missing (packaging/setup.sh test installs it)" >&2; exit 1; }
[ -d "$here/../peers/node_modules/ocpp-rpc" ] ||
    { echo "ocpp_load.sh: tests/peers/node_modules is missing (packaging/setup.sh test installs it)" >&2; exit 1; }
exec node "$here/bench.mjs" "$@"
