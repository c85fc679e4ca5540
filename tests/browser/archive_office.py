"""The demo office served live for the archive's browser tests: migrated SQLite in its own
folder, `prepare()` run in the app context after the demo data, waitress on a free port, and
the outbox worker in a thread when the test needs it (OCR, indexing)."""
from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from tests.conftest import _build_app, _migrate


@contextmanager
def served_office(data_dir: Path, prepare: Callable[[], Any] = lambda: None, worker: bool = False) -> Iterator[tuple[str, Any, Any]]:
    """Yield (base url, app, what prepare returned)."""
    from waitress.server import create_server

    from eoffice.demo import load_demo

    url = f"sqlite:///{data_dir / 'eoffice.db'}"
    _migrate(url, data_dir)
    app = _build_app(url, data_dir)
    with app.app_context():
        load_demo(with_documents=False)
        prepared = prepare()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    stop_worker = None
    if worker:
        from eoffice.outbox.worker import start_in_thread

        stop_worker = start_in_thread(app)
    try:
        yield f"http://127.0.0.1:{port}", app, prepared
    finally:
        if stop_worker is not None:
            stop_worker.set()
        server.close()
