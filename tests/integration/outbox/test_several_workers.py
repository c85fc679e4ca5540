"""Several workers against one office: each outbox event is handled by one worker, a killed
worker's events go to another once its lease runs out, and a periodic job runs once per period
across all of them."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select, update

from eoffice.db import db, utcnow
from eoffice.outbox import schedule, service
from eoffice.outbox.models import OutboxEvent, PeriodicJobRun


@pytest.fixture
def handled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A topic whose handler records the ids it handled."""
    seen: list[int] = []
    monkeypatch.setitem(service._HANDLERS, "test.record", lambda events: seen.extend(e.id for e in events))
    return seen


def _emit(count: int) -> None:
    for number in range(count):
        service.emit("test.record", str(number))
    db.session.commit()


def test_events_claimed_by_one_worker_are_left_alone_by_another_until_the_lease_runs_out(make_app, database_url, handled):
    first, second = make_app(database_url), make_app(database_url)
    with first.app_context():
        _emit(3)
        service._claim(200, timedelta(minutes=5))  # the first worker claims them, then stops answering
    with second.app_context():
        assert service.drain() == 0 and handled == []
        db.session.execute(update(OutboxEvent).values(claimed_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert service.drain() == 3
        assert len(handled) == 3 and service.pending_count() == 0


def test_a_failing_topic_is_retried_without_undoing_the_topics_handled_beside_it(app, handled, monkeypatch: pytest.MonkeyPatch):
    def broken(events):  # type: ignore[no-untyped-def]
        raise RuntimeError("máy chủ nhận không trả lời")

    monkeypatch.setitem(service._HANDLERS, "test.broken", broken)
    _emit(2)
    service.emit("test.broken", "x")
    db.session.commit()
    assert service.drain() == 2
    db.session.remove()
    failed = db.session.scalars(select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))).one()
    assert (failed.topic, failed.attempts, failed.claimed_until) == ("test.broken", 1, None)
    assert "máy chủ nhận không trả lời" in failed.last_error and failed.available_at > utcnow()


def test_a_periodic_job_runs_once_per_period_across_the_workers_of_one_office(make_app, database_url, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(schedule, "_JOBS", {})
    ran: list[str] = []
    schedule.periodic("test.once", 3600, lambda: ran.append(current_app.name))
    first, second = make_app(database_url), make_app(database_url)
    second.name = "second"
    for application in (first, second, first):
        with application.app_context():
            schedule.run_due_jobs()
    assert ran == [first.name]
    with second.app_context():
        # An hour later (and past the worker's own recheck delay) the next worker to ask runs it.
        db.session.execute(update(PeriodicJobRun).values(last_started_at=utcnow() - timedelta(hours=1, seconds=1)))
        db.session.commit()
        second.extensions["eoffice.periodic_last_run"].clear()
        schedule.run_due_jobs()
        run = db.session.get(PeriodicJobRun, "test.once")
        assert run is not None and run.last_worker == service.worker_name()
    assert ran == [first.name, "second"]


class _SlowInbox:
    """A real SMTP server that takes its time over each message, so that a worker can be
    killed while it is sending one."""

    def __init__(self) -> None:
        self.subjects: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        from email import message_from_bytes, policy

        await asyncio.sleep(0.15)
        self.subjects.append(str(message_from_bytes(envelope.content, policy=policy.default)["Subject"]))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.postgres
def test_three_workers_share_the_outbox_and_a_killed_one_leaves_its_events_to_the_others(make_app, postgres_database, tmp_path: Path):
    from aiosmtpd.controller import Controller

    from eoffice.notify.channels import TOPIC

    inbox = _SlowInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    office = make_app(postgres_database)
    environment = {**os.environ, "EOFFICE_DATABASE_URL": postgres_database, "EOFFICE_SECRET_KEY": "worker-test",
                   "EOFFICE_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}", "EOFFICE_OUTBOX_LEASE_SECONDS": "3", "EOFFICE_OUTBOX_BATCH_SIZE": "5"}
    command = [str(Path(sys.executable).parent / "eoffice"), "worker"]
    logs = [tmp_path / f"worker{n}.log" for n in range(3)]
    workers = [subprocess.Popen(command, env={**environment, "EOFFICE_DATA_DIR": str(tmp_path / f"w{n}")},
                                stdout=subprocess.DEVNULL, stderr=logs[n].open("wb")) for n in range(3)]
    try:
        deadline = time.monotonic() + 150  # three app processes starting on a loaded 2-core machine
        heartbeats = [tmp_path / f"w{n}" / "worker.alive" for n in range(3)]
        while not all(h.exists() for h in heartbeats) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert all(h.exists() for h in heartbeats), "the workers did not start: " + _logs(logs)
        with office.app_context():
            for number in range(40):
                service.emit(TOPIC, f"mail-{number}", {"channel": "email", "to": "vanthu@demo.eoffice.local",
                                                      "subject": f"Thông báo số {number}", "text": "Nội dung"})
            db.session.commit()
        while len(inbox.subjects) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(inbox.subjects) >= 4, "the workers sent nothing: " + _logs(logs)
        with office.app_context():
            victim = _worker_holding_a_claim(workers)
            victim.send_signal(signal.SIGKILL)  # mid-batch: its claimed events wait for the lease
            while time.monotonic() < deadline:
                db.session.remove()
                if service.pending_count() == 0:
                    break
                time.sleep(0.2)
            db.session.remove()
            assert service.pending_count() == 0, "events were left behind: " + _logs(logs)
            handlers = Counter(claim.rsplit(":", 1)[0] for claim in db.session.scalars(select(OutboxEvent.claimed_by)))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in workers:
            worker.wait(20)
        smtp.stop()
    sent = Counter(inbox.subjects)
    assert set(sent) == {f"Thông báo số {number}" for number in range(40)}
    # Delivered and committed one by one: only the message the killed worker was sending may go twice.
    assert sum(sent.values()) - 40 <= 1, sent.most_common(3)
    surviving = {f"{socket.gethostname()}:{w.pid}"[:60] for w in workers if w is not victim}
    assert len(set(handlers)) >= 2 and set(handlers) & surviving, handlers


def _worker_holding_a_claim(workers: list[subprocess.Popen]) -> subprocess.Popen:  # type: ignore[type-arg]
    """The worker process that has claimed events it has not finished yet."""
    by_name = {f"{socket.gethostname()}:{w.pid}"[:60]: w for w in workers}
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        db.session.remove()
        claims = db.session.scalars(select(OutboxEvent.claimed_by).where(
            OutboxEvent.processed_at.is_(None), OutboxEvent.claimed_until > utcnow()))
        for claim in claims:
            if claim and claim.rsplit(":", 1)[0] in by_name:
                return by_name[claim.rsplit(":", 1)[0]]
        time.sleep(0.02)
    raise AssertionError("no worker was holding a claim")


def _logs(logs: list[Path]) -> str:
    return "\n".join(f"--- {log.name}\n" + log.read_text(errors="replace")[-1500:] for log in logs if log.exists())
