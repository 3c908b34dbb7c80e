#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server for the storage tests.
# Usage: postgres.sh start|stop STATE_DIR
# `start` writes STATE_DIR/url (postgresql://...) for the tests; the data directory lives
# in a fresh temporary folder that `stop` removes again.
set -euo pipefail
cmd=$1
state=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL server binaries not found (install the postgresql package)" >&2; exit 1; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
    [ -f "$state/datadir" ] || return 0
    local data
    data=$(cat "$state/datadir")
    if [ -f "$data/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$data" "$state"
}

free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

case "$cmd" in
start)
    stop
    mkdir -p "$state"
    data=$(mktemp -d /tmp/chargedesk-pg.XXXXXX)
    echo "$data" > "$state/datadir"
    password="test-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
    echo "$password" > "$data/pwfile"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$data"
    as_owner "$bindir/initdb" -D "$data/data" -U chargedesk --pwfile="$data/pwfile" -A scram-sha-256 \
        -E UTF8 --locale=C --no-sync >"$data/initdb.log" 2>&1 || { cat "$data/initdb.log" >&2; exit 1; }
    port=$(free_port)
    # The server outlives this script: it must not keep open what its caller had open (a lock
    # file a build waits on, a pipe a test runner reads to its end).
    for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
    done
    as_owner "$bindir/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
        || { cat "$data/server.log" >&2; exit 1; }
    echo "postgresql://chargedesk:$password@127.0.0.1:$port/postgres" > "$state/url"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port"
    ;;
stop)
    stop
    echo "PostgreSQL stopped"
    ;;
*)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac
