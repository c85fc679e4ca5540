"""Periodic jobs the worker runs besides draining the outbox (e.g. deadline notices).

A job runs once per interval across all workers of an office: a worker starts it only when it
moves the job's `last_started_at` forward from a value older than the interval (one UPDATE
that exactly one worker can win, on PostgreSQL and SQLite alike). Each job is idempotent as
well — it marks what it has done — so a forced run (`eoffice worker --once`) repeats at worst a
query, never a notice.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

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


# How often a worker asks the database whether a job is due (at most): cheaper than asking on
# every loop, and soon enough that a job another worker ran is not delayed by a whole interval.
RECHECK_SECONDS = 30.0


def _won_the_period(job: PeriodicJob, force: bool) -> bool:
    """Record that this worker starts `job` now; False when another worker started it within
    the interval (or is doing so at this moment)."""
    from eoffice.db import db, utcnow
    from eoffice.outbox.models import PeriodicJobRun
    from eoffice.outbox.service import worker_name

    now, worker = utcnow(), worker_name()
    if db.session.get(PeriodicJobRun, job.name) is None:
        db.session.add(PeriodicJobRun(name=job.name, last_started_at=now, last_worker=worker))
        try:
            db.session.commit()
            return True
        except IntegrityError:  # another worker wrote the first row at the same moment
            db.session.rollback()
    due = PeriodicJobRun.name == job.name
    if not force:
        due = due & (PeriodicJobRun.last_started_at <= now - timedelta(seconds=job.every_seconds))
    result = db.session.execute(update(PeriodicJobRun).where(due).values(last_started_at=now, last_worker=worker))
    db.session.commit()
    return result.rowcount == 1


def run_due_jobs(force: bool = False) -> int:
    """Run every job whose interval has passed (all of them with `force`); return how many ran.

    Call inside an app context. A failing job is logged and retried at its next interval. The
    database decides which worker runs a due job (`_won_the_period`); each application keeps
    only when it last asked, so an idle worker does not write to the database every second.
    """
    ran = 0
    clock = time.monotonic()
    last_asked: dict[str, float] = current_app.extensions.setdefault("eoffice.periodic_last_run", {})
    for job in list(_JOBS.values()):
        if not force and clock - last_asked.get(job.name, float("-inf")) < min(job.every_seconds, RECHECK_SECONDS):
            continue
        last_asked[job.name] = clock
        try:
            if not _won_the_period(job, force):
                continue
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
