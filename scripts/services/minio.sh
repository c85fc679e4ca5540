#!/usr/bin/env bash
# Build, start and stop a real MinIO for eoffice's integration tests and for local use.
#
#   scripts/services/minio.sh install          # go install into the cache (reused when present)
#   scripts/services/minio.sh start DIR        # run on 127.0.0.1, data in DIR; last line = URL
#   scripts/services/minio.sh stop DIR
#   scripts/services/minio.sh url DIR          # print the URL of the server started from DIR
#
# Why `go install`: MinIO is now published as source only, and the Go module proxy is reachable.
# Why a pseudo-version and not a RELEASE.* tag: MinIO's tags are not semver, and the module proxy
# here refuses the version-info lookup of the commits behind the 2025 RELEASE tags (403) while it
# fully serves the final commit of the repository (2026-02-12). That commit is pinned here; it
# is the source of RELEASE.2025-10-15T17-29-55Z plus the last maintenance commits.
# Building takes several minutes on 2 cores, once; the binary is reused after that.
#
# Environment:
#   EOFFICE_CACHE              cache folder (default ~/.cache/eoffice); binary in $EOFFICE_CACHE/bin
#   EOFFICE_MINIO_VERSION      Go module version to build (default below)
#   EOFFICE_MINIO_PORT         S3 API port (default 9100; the next free port is used if taken)
#   EOFFICE_MINIO_BUCKET       bucket named in the printed URL (default eoffice-test)
#   EOFFICE_MINIO_START_TIMEOUT seconds to wait for /minio/health/ready (default 60)
set -euo pipefail

MINIO_VERSION="${EOFFICE_MINIO_VERSION:-v0.0.0-20260212201848-7aac2a2c5b7c}"
CACHE="${EOFFICE_CACHE:-$HOME/.cache/eoffice}"
BIN_DIR="${CACHE}/bin"
BINARY="${BIN_DIR}/minio"
STAMP="${BIN_DIR}/minio.version"
PORT="${EOFFICE_MINIO_PORT:-9100}"
BUCKET="${EOFFICE_MINIO_BUCKET:-eoffice-test}"
START_TIMEOUT="${EOFFICE_MINIO_START_TIMEOUT:-60}"

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
die() { echo "minio.sh: $*" >&2; exit 1; }

cmd_install() {
  if [[ -x "$BINARY" && "$(cat "$STAMP" 2>/dev/null)" == "$MINIO_VERSION" ]]; then
    echo "$BINARY"
    return
  fi
  command -v go >/dev/null 2>&1 || die "go not found: install Go 1.24+ (Debian: apt-get install golang)"
  mkdir -p "$BIN_DIR"
  echo "building github.com/minio/minio@${MINIO_VERSION} with $(go version | cut -d' ' -f3) (takes minutes) ..." >&2
  local started=$SECONDS
  # GOTOOLCHAIN=local: build with the machine's Go rather than downloading the toolchain named
  # in MinIO's go.mod (toolchain downloads are not available here).
  GOBIN="$BIN_DIR" GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 \
    go install "github.com/minio/minio@${MINIO_VERSION}" >&2 \
    || die "go install github.com/minio/minio@${MINIO_VERSION} failed"
  [[ -x "$BINARY" ]] || die "go install finished but ${BINARY} is missing"
  echo "$MINIO_VERSION" >"$STAMP"
  echo "built MinIO in $((SECONDS - started))s" >&2
  echo "$BINARY"
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port_from() {
  local p=$1
  while ! port_free "$p"; do
    p=$((p + 1))
    (( p < $1 + 100 )) || die "no free port in $1..$((p))"
  done
  echo "$p"
}

ready() {
  curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$1/minio/health/ready" 2>/dev/null
}

print_url() {
  local dir=$1
  [[ -s "$dir/minio.env" ]] || die "no server started from ${dir}"
  # shellcheck disable=SC1091
  source "$dir/minio.env"
  echo "minio://${MINIO_ROOT_USER}:${MINIO_ROOT_PASSWORD}@127.0.0.1:${MINIO_PORT}/${BUCKET}?secure=0"
}

cmd_start() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: $0 start DIR"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local pidfile="$dir/minio.pid"
  if [[ -s "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    # shellcheck disable=SC1091
    source "$dir/minio.env"
    ready "$MINIO_PORT" || die "a MinIO (pid $(cat "$pidfile")) runs from ${dir} but is not ready"
    print_url "$dir"
    return
  fi
  cmd_install >/dev/null
  local port console
  port="$(free_port_from "$PORT")"
  console="$(free_port_from $((port + 1)))"
  local user="eoffice$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  local pass; pass="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  mkdir -p "$dir/data"
  umask 077
  cat >"$dir/minio.env" <<ENV
MINIO_ROOT_USER=${user}
MINIO_ROOT_PASSWORD=${pass}
MINIO_PORT=${port}
MINIO_CONSOLE_PORT=${console}
ENV
  echo "starting MinIO on 127.0.0.1:${port} (console :${console}, data in ${dir}/data)" >&2
  MINIO_ROOT_USER="$user" MINIO_ROOT_PASSWORD="$pass" MINIO_BROWSER=off \
    MINIO_UPDATE=off MINIO_CI_CD=1 \
    nohup "$BINARY" server "$dir/data" --quiet --address "127.0.0.1:${port}" \
      --console-address "127.0.0.1:${console}" >"$dir/minio.log" 2>&1 &
  echo $! >"$pidfile"
  minio_ready() { ready "$port"; }
  wait_until_ready MinIO "$pidfile" "$START_TIMEOUT" minio_ready "$dir/minio.log" || exit 1
  print_url "$dir"
}

cmd_stop() {
  local dir="${1:-}"
  [[ -n "$dir" ]] || die "usage: $0 stop DIR"
  stop_by_pidfile "$dir/minio.pid" 20
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  url) shift; print_url "${1:?usage: $0 url DIR}" ;;
  *) echo "usage: $0 {install|start DIR|stop DIR|url DIR}" >&2; exit 2 ;;
esac
