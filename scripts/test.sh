#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine (system packages, Python
# packages, real PostgreSQL, MinIO and Elasticsearch servers on 127.0.0.1), runs the whole
# suite, and stops what it started. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export EOFFICE_CACHE="${EOFFICE_CACHE:-$HOME/.cache/eoffice}"
mkdir -p "$EOFFICE_CACHE"

step() { printf '\n==> %s\n' "$*"; }

# --- System packages (only what is missing, so a warm machine starts fast) -----------------
SYSTEM_PACKAGES=(postgresql chromium poppler-utils libnss3-tools fonts-noto-core fonts-dejavu-core softhsm2 opensc tesseract-ocr tesseract-ocr-vie ocrmypdf libreoffice-writer-nogui)
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Python ---------------------------------------------------------------------------------
step "Python packages"
command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
[ -x .venv/bin/python ] || uv venv -q -p 3.11 .venv
# Bytecode compiled once here: some machines set PYTHONDONTWRITEBYTECODE, and then every Python
# process the suite starts (the worker processes, the CLI) would compile ~1,500 modules again.
uv pip install -q --compile-bytecode --python .venv/bin/python -r requirements-dev.txt -e .
.venv/bin/python -m compileall -q -j 0 eoffice search storage migrations >/dev/null

# --- Real servers -----------------------------------------------------------------------------
RUN_DIR=$(mktemp -d /tmp/eoffice-test.XXXXXX)
chmod 755 "$RUN_DIR"
cleanup() {
  step "Stopping test servers"
  for service in elasticsearch minio postgres; do
    [ -d "$RUN_DIR/$service" ] && scripts/services/$service.sh stop "$RUN_DIR/$service" || true
  done
  rm -rf "$RUN_DIR" 2>/dev/null || true
}
trap cleanup EXIT

step "Building/fetching MinIO and Elasticsearch (cached in $EOFFICE_CACHE)"
scripts/services/minio.sh install &
minio_install=$!
scripts/services/elasticsearch.sh install &
es_install=$!

step "Starting PostgreSQL"
export EOFFICE_TEST_DATABASE_URL=$(scripts/services/postgres.sh start "$RUN_DIR/postgres" | tail -1)

wait $minio_install || { echo "MinIO could not be installed" >&2; exit 1; }
wait $es_install || { echo "Elasticsearch could not be installed" >&2; exit 1; }
step "Starting MinIO"
export EOFFICE_TEST_MINIO_URL=$(scripts/services/minio.sh start "$RUN_DIR/minio" | tail -1)
step "Starting Elasticsearch"
export EOFFICE_TEST_ELASTICSEARCH_URL=$(scripts/services/elasticsearch.sh start "$RUN_DIR/elasticsearch" | tail -1)

# --- The suite ------------------------------------------------------------------------------------
step "Running the test suite"
mkdir -p test-artifacts
export EOFFICE_REQUIRE_SERVERS=1
set +e
# Two pytest workers (EOFFICE_TEST_WORKERS; 0 runs in one process): each has its own
# PostgreSQL database (tests/conftest.py), search-index prefixes, buckets and live servers.
.venv/bin/python -m pytest -p no:cacheprovider -n "${EOFFICE_TEST_WORKERS:-2}" --junitxml=test-artifacts/junit.xml "$@"
status=$?
set -e
exit $status
