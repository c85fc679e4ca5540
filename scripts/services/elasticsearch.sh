#!/usr/bin/env bash
# Install, start and stop a real Elasticsearch for eoffice's integration tests and for local use.
#
#   scripts/services/elasticsearch.sh install          # download + unpack into the cache (reused)
#   scripts/services/elasticsearch.sh start DIR        # run a single node, data/logs inside DIR
#   scripts/services/elasticsearch.sh stop DIR
#   scripts/services/elasticsearch.sh url              # print the URL tests should use
#
# Why the Maven "integ-test-zip": it is the only runnable distribution we can fetch here (Maven
# Central is reachable, artifacts.elastic.co is not). It ships no JDK and no analysis-common
# module, so the search package folds Vietnamese itself (search/vietnamese.py).
# The version is pinned to the `elasticsearch` Python client (8.19.3): client major = server major.
#
# Environment:
#   EOFFICE_CACHE              cache folder (default ~/.cache/eoffice)
#   EOFFICE_ES_VERSION         server version (default 8.19.3)
#   EOFFICE_ES_PORT            HTTP port (default 9200)
#   EOFFICE_ES_HEAP            JVM heap (default 512m)
#   EOFFICE_ES_START_TIMEOUT   seconds to wait for health yellow (default 180)
#   EOFFICE_ES_USER            user to run as when invoked as root (default eoffice-es)
set -euo pipefail

ES_VERSION="${EOFFICE_ES_VERSION:-8.19.3}"
CACHE="${EOFFICE_CACHE:-$HOME/.cache/eoffice}"
PORT="${EOFFICE_ES_PORT:-9200}"
HEAP="${EOFFICE_ES_HEAP:-512m}"
START_TIMEOUT="${EOFFICE_ES_START_TIMEOUT:-180}"
ES_USER="${EOFFICE_ES_USER:-eoffice-es}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
HOME_DIR="${CACHE}/elasticsearch-${ES_VERSION}"

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
die() { echo "elasticsearch.sh: $*" >&2; exit 1; }

find_java_home() {
  # ES 8.x needs JDK 17+; prefer 17 (what 8.x is tested on), then any newer JDK.
  if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; return; fi
  local candidate
  for candidate in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/java-21-openjdk-* /usr/lib/jvm/temurin-2*-jdk-*; do
    if [[ -x "$candidate/bin/java" ]]; then echo "$candidate"; return; fi
  done
  if command -v java >/dev/null 2>&1; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"; return
  fi
  die "no JDK found: install one (Debian: apt-get install openjdk-17-jdk-headless)"
}

cmd_install() {
  if [[ -x "${HOME_DIR}/bin/elasticsearch" ]]; then
    echo "${HOME_DIR}"
    return
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven (Debian: apt-get install maven)"
  command -v unzip >/dev/null 2>&1 || die "unzip not found (Debian: apt-get install unzip)"
  mkdir -p "${CACHE}/downloads"
  local zip="${CACHE}/downloads/elasticsearch-${ES_VERSION}.zip"
  if [[ ! -s "$zip" ]]; then
    echo "downloading ${ARTIFACT} ..." >&2
    mvn -q -B dependency:copy -Dartifact="${ARTIFACT}" -DoutputDirectory="${CACHE}/downloads" \
      -Dmdep.stripVersion=false >&2 || die "mvn could not download ${ARTIFACT}"
    [[ -s "$zip" ]] || die "download finished but ${zip} is missing"
  fi
  local tmp
  tmp="$(mktemp -d "${CACHE}/unpack.XXXXXX")"
  unzip -q "$zip" -d "$tmp" || { rm -rf "$tmp"; die "could not unpack ${zip}"; }
  [[ -x "$tmp/elasticsearch-${ES_VERSION}/bin/elasticsearch" ]] || { rm -rf "$tmp"; die "unexpected zip layout in ${zip}"; }
  rm -rf "${HOME_DIR}"
  mv "$tmp/elasticsearch-${ES_VERSION}" "${HOME_DIR}"
  rmdir "$tmp"
  echo "${HOME_DIR}"
}

run_as() {
  # Elasticsearch refuses to run as root: drop to a dedicated system user.
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u "$ES_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_user() {
  [[ "$(id -u)" -eq 0 ]] || return 0
  if ! id "$ES_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER" \
      || die "could not create system user ${ES_USER}"
  fi
}

health_ok() {
  local body
  body="$(curl -fsS -m 5 "http://127.0.0.1:${PORT}/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null)" || return 1
  [[ "$body" == *'"status":"yellow"'* || "$body" == *'"status":"green"'* ]]
}

cmd_start() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: $0 start DIR"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local pidfile="$dir/elasticsearch.pid"
  if [[ -s "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    health_ok && { echo "http://127.0.0.1:${PORT}"; return; }
    die "an Elasticsearch (pid $(cat "$pidfile")) is running from ${dir} but is not healthy"
  fi
  if health_ok; then
    die "port ${PORT} already serves an Elasticsearch not started from ${dir}; stop it or set EOFFICE_ES_PORT"
  fi
  cmd_install >/dev/null
  ensure_user
  local java_home; java_home="$(find_java_home)"

  # A private config copy keeps DIR self-contained and leaves the cached install read-only.
  mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
  rm -rf "$dir/config"
  cp -r "${HOME_DIR}/config" "$dir/config"
  rm -f "$pidfile" "$dir/logs/console.log"
  local es_home="${HOME_DIR}"
  if [[ "$(id -u)" -eq 0 ]]; then
    chmod -R a+rX "${HOME_DIR}"
    if ! runuser -u "$ES_USER" -- test -x "${HOME_DIR}/bin/elasticsearch"; then
      # The cache usually sits under /root, which the service user cannot enter: give it a
      # private view of the install inside DIR (hard links when possible, so it costs nothing).
      es_home="$dir/es-home"
      rm -rf "$es_home"
      cp -al "${HOME_DIR}" "$es_home" 2>/dev/null || cp -r "${HOME_DIR}" "$es_home"
    fi
    chown -R "$ES_USER" "$dir/data" "$dir/logs" "$dir/tmp" "$dir/config"
    chown "$ES_USER" "$dir"
    # DIR often sits in a private folder (mktemp -d is 0700): let the service user traverse
    # (o+x only, no listing) the parents it cannot pass.
    local parent="$(dirname "$dir")"
    while [[ "$parent" != "/" ]]; do
      if ! runuser -u "$ES_USER" -- test -x "$parent"; then
        echo "elasticsearch.sh: allowing ${ES_USER} to traverse ${parent} (chmod o+x)" >&2
        chmod o+x "$parent"
      fi
      parent="$(dirname "$parent")"
    done
    runuser -u "$ES_USER" -- test -w "$dir" \
      || die "user ${ES_USER} cannot write to ${dir}: pick a DIR under /tmp or /var"
  fi

  # Written to a file so the environment survives runuser.
  local launcher="$dir/launch.sh"
  cat >"$launcher" <<LAUNCH
#!/usr/bin/env bash
export ES_JAVA_HOME='${java_home}'
export ES_PATH_CONF='${dir}/config'
export ES_TMPDIR='${dir}/tmp'
export ES_JAVA_OPTS='-Xms${HEAP} -Xmx${HEAP}'
exec '${es_home}/bin/elasticsearch' -d -p '${pidfile}' \\
  -E discovery.type=single-node -E xpack.security.enabled=false \\
  -E network.host=127.0.0.1 -E http.port=${PORT} \\
  -E path.data='${dir}/data' -E path.logs='${dir}/logs' \\
  -E cluster.routing.allocation.disk.threshold_enabled=false \\
  -E action.destructive_requires_name=false
LAUNCH
  chmod 755 "$launcher"
  [[ "$(id -u)" -eq 0 ]] && chown "$ES_USER" "$launcher"

  echo "starting Elasticsearch ${ES_VERSION} on 127.0.0.1:${PORT} (data in ${dir})" >&2
  if ! run_as "$launcher" >"$dir/logs/console.log" 2>&1; then
    echo "---- console output ----" >&2; tail -n 40 "$dir/logs/console.log" >&2 || true
    die "Elasticsearch failed to start"
  fi

  wait_until_ready Elasticsearch "$pidfile" "$START_TIMEOUT" health_ok "$dir/logs/"*.log || exit 1
  echo "http://127.0.0.1:${PORT}"
}

cmd_stop() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: $0 stop DIR"
  stop_by_pidfile "$dir/elasticsearch.pid" 60
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  url) echo "http://127.0.0.1:${PORT}" ;;
  *) echo "usage: $0 {install|start DIR|stop DIR|url}" >&2; exit 2 ;;
esac
