#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests, on 127.0.0.1 (Debian's postgresql package).
#   postgres.sh start DIR   -> initdb into DIR, start on port ${EOFFICE_PG_PORT:-5433}, create the test database
#   postgres.sh stop DIR
set -euo pipefail

PORT="${EOFFICE_PG_PORT:-5433}"
DBNAME="${EOFFICE_PG_DB:-eoffice_test}"

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] || { echo "postgres.sh: PostgreSQL server is not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$dir"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: postgres.sh start|stop DIR" >&2; exit 2; }
BIN=$(pg_bin)

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { echo "postgres.sh: initdb failed:" >&2; tail -20 "$dir/initdb.log" >&2; exit 1; }
    fi
    as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
      || { echo "postgres.sh: server did not start:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DBNAME'" | grep -q 1 \
      || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DBNAME"
    echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DBNAME"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
  *) echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
