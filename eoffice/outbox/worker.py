"""The worker loop: `eoffice worker`, or a thread inside `eoffice serve` on the embedded default."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask

from eoffice.outbox import schedule, service

log = logging.getLogger(__name__)


HEARTBEAT_FILE = "worker.alive"


def heartbeat_path(app: Flask) -> Path:
    """Touched after every healthy iteration; a container healthcheck reads its age."""
    return Path(app.extensions["eoffice.settings"].data_dir) / HEARTBEAT_FILE


def run(app: Flask, stop: threading.Event, idle_seconds: float = 1.0) -> None:
    """Drain the outbox and run due periodic jobs until `stop` is set; sleep when idle."""
    heartbeat = heartbeat_path(app)
    while not stop.is_set():
        try:
            with app.app_context():
                handled = service.drain()
                schedule.run_due_jobs()
            heartbeat.touch()
        except Exception:  # noqa: BLE001 - the loop must survive a database hiccup
            log.exception("outbox worker iteration failed")
            handled = 0
        if handled == 0:
            stop.wait(idle_seconds)


def start_in_thread(app: Flask) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(app, stop), name="eoffice-worker", daemon=True)
    thread.start()
    return stop
