# Shared by the service scripts (sourced, not run): stopping a server we started ourselves.

# stop_by_pidfile PIDFILE SECONDS: ask the process politely (SIGTERM), wait up to SECONDS for
# it to flush and exit, then force it; a missing pid file means nothing of ours is running.
stop_by_pidfile() {
  local pidfile="$1" grace="$2"
  [[ -s "$pidfile" ]] || { echo "not running (no pid file ${pidfile})" >&2; return 0; }
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
      if (( waited >= grace * 5 )); then kill -9 "$pid" 2>/dev/null || true; break; fi
      sleep 0.2; waited=$((waited + 1))
    done
  fi
  rm -f "$pidfile"
}
