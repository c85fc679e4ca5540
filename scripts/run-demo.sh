#!/usr/bin/env bash
# Installs eoffice in .venv, loads the demo office on the embedded default (SQLite + local
# disk + embedded search, all under ./data) and serves it on http://127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v uv >/dev/null 2>&1 || python3 -m pip install -q uv
[ -x .venv/bin/python ] || uv venv -q -p 3.11 .venv
uv pip install -q --compile-bytecode --python .venv/bin/python -r requirements.txt -e .
.venv/bin/python -m compileall -q -j 0 eoffice search storage migrations >/dev/null
export EOFFICE_DATA_DIR="${EOFFICE_DATA_DIR:-$PWD/data}"
.venv/bin/eoffice demo
exec .venv/bin/eoffice serve
