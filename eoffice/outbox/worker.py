"""The worker loop: `eoffice worker`, or a thread inside `eoffice serve` on the embedded default."""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from eoffice.outbox import schedule, service

log = logging.getLogger(__name__)


def run(app: Flask, stop: threading.Event, idle_seconds: float = 1.0) -> None:
    """Drain the outbox and run due periodic jobs until `stop` is set; sleep when idle."""
    while not stop.is_set():
        try:
            with app.app_context():
                handled = service.drain()
                schedule.run_due_jobs()
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
