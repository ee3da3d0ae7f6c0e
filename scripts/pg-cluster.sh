#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and benchmarks: 127.0.0.1 only, an unusual port, trust
# auth, its socket in its own folder. `start` prints the connection URL; `stop` removes it all.
set -euo pipefail
DIR=${STEERLOG_PG_DIR:-/tmp/steerlog-pg}
PORT=${STEERLOG_PG_PORT:-54329}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$BIN" ] || { echo "PostgreSQL is not installed (apt-get install -y postgresql)" >&2; exit 1; }

# initdb refuses to run as root: run the server as the postgres user when we are root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      # STEERLOG_PG_STATS=1: pg_stat_statements and I/O timing, for the bench's notes.
      extra=""
      [ "${STEERLOG_PG_STATS:-0}" = 1 ] && extra="-c shared_preload_libraries=pg_stat_statements -c track_io_timing=on"
      as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=on -c max_connections=200 $extra" start >/dev/null
    fi
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
