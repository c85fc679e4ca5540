"""Browser tests: Playwright drives Debian's Chromium against a live eoffice server.

The server is real (waitress on 127.0.0.1, a migrated SQLite database with the demo office).
Never `playwright install`: the machine's /usr/bin/chromium is used.
"""
from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS, _build_app, _migrate

# A page that posts, redirects and renders takes more than Playwright's default 5 s when the
# machine is loaded (a CI run beside other jobs on two cores): the assertions wait up to 20 s.
expect.set_options(timeout=20_000)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test.sh, which installs Debian's chromium.", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from waitress.server import create_server

    data_dir = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{data_dir / 'eoffice.db'}"
    _migrate(url, data_dir)
    app = _build_app(url, data_dir)
    with app.app_context():
        from eoffice.demo import load_demo

        load_demo()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    from eoffice.outbox.worker import start_in_thread

    stop_worker = start_in_thread(app)  # as `eoffice serve` does on the embedded default
    yield f"http://127.0.0.1:{port}"
    stop_worker.set()
    server.close()


@pytest.fixture
def screenshot_dir() -> Path:
    directory = ARTIFACTS / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    """Browse as an office in Vietnam does: Vietnamese locale (dd/mm/yyyy date fields) and time."""
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}
