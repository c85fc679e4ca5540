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

# wait_until_ready NAME PIDFILE SECONDS CHECK LOGS...: poll the command CHECK five times a
# second until it succeeds; give up with the logs' tails if the process dies or time runs out.
# (The pid file may appear late: Elasticsearch writes its own after daemonising.)
wait_until_ready() {
  local name="$1" pidfile="$2" limit="$3" check="$4"; shift 4
  local waited=0
  until "$check"; do
    if [[ -s "$pidfile" ]] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "---- log tail ----" >&2; tail -n 40 "$@" >&2 2>/dev/null || true
      echo "${name} exited during start-up" >&2; return 1
    fi
    if (( waited >= limit * 5 )); then
      echo "---- log tail ----" >&2; tail -n 40 "$@" >&2 2>/dev/null || true
      echo "${name} not ready within ${limit}s" >&2; return 1
    fi
    sleep 0.2; waited=$((waited + 1))
  done
}
