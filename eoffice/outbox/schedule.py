"""Periodic jobs the worker runs besides draining the outbox (e.g. deadline notices).

Each job is idempotent — it marks what it has done in the database — so running it twice, or in
two workers at once, at worst repeats a query, never a notice.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Callable

from flask import current_app

log = logging.getLogger(__name__)


@dataclass
class PeriodicJob:
    name: str
    every_seconds: float
    run: Callable[[], object]


_JOBS: dict[str, PeriodicJob] = {}


def periodic(name: str, every_seconds: float, run: Callable[[], object]) -> None:
    """Register `run` to be called by the worker at most every `every_seconds`."""
    _JOBS.setdefault(name, PeriodicJob(name, every_seconds, run))


def forget(name: str) -> None:
    """Stop running the job `name` (a kind that is uninstalled, e.g. in tests)."""
    _JOBS.pop(name, None)


def run_due_jobs(force: bool = False) -> int:
    """Run every job whose interval has passed (all of them with `force`); return how many ran.

    Call inside an app context. A failing job is logged and retried at its next interval. When
    it last ran is kept per application: two offices served by one process (the test suite's
    live servers) each run every job on their own database, neither starving the other.
    """
    ran = 0
    clock = time.monotonic()
    last_run: dict[str, float] = current_app.extensions.setdefault("eoffice.periodic_last_run", {})
    for job in list(_JOBS.values()):
        if not force and clock - last_run.get(job.name, float("-inf")) < job.every_seconds:
            continue
        last_run[job.name] = clock
        try:
            job.run()
            ran += 1
        except Exception:  # noqa: BLE001 - one broken job must not stop the others
            log.exception("periodic job %s failed", job.name)
            from eoffice.db import db

            db.session.rollback()
    return ran


def _purge_outbox() -> int:
    from eoffice.outbox.housekeeping import purge_old_events

    return purge_old_events()


# The outbox's own housekeeping; the kinds of work register theirs when they are wired in.
periodic("outbox.purge_processed", 3600, _purge_outbox)
