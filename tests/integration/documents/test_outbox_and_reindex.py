"""The search index follows the database through the outbox: nothing is lost when the search
server is down or a handler fails, and `eoffice reindex` rebuilds everything from the database."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from eoffice.cli import main
from eoffice.db import db, utcnow
from eoffice.outbox import service as outbox
from eoffice.outbox.models import OutboxEvent
from search import Query
from tests.integration.documents.conftest import register_new



def _found(text: str) -> int:
    from eoffice.backends import search_index
    from eoffice.auth.models import User
    from eoffice.auth.principals import principals_of

    clerk = db.session.scalars(select(User).where(User.username == "vanthu")).one()
    search_index().refresh()
    return search_index().search(Query(text=text, principals=principals_of(clerk))).total


def test_an_event_exists_only_if_its_transaction_commits(office):
    before = outbox.pending_count()
    outbox.emit("search.index", "incoming:999999")
    db.session.rollback()
    assert outbox.pending_count() == before


def test_a_failing_handler_keeps_its_events_and_retries_them_with_backoff(office):
    calls: list[int] = []

    @outbox.handler("test.flaky")
    def flaky(events):  # type: ignore[no-untyped-def]
        calls.append(len(events))
        if len(calls) == 1:
            raise ConnectionError("máy chủ không trả lời")

    outbox.emit("test.flaky", "a")
    outbox.emit("test.flaky", "b")
    db.session.commit()
    assert outbox.drain() == 0
    events = list(db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "test.flaky")))
    assert all(e.processed_at is None and e.attempts == 1 and "ConnectionError" in e.last_error for e in events)
    assert all(e.available_at > utcnow() for e in events), "not retried at once: backoff"
    assert outbox.drain() == 0, "nothing is due yet"

    for event in events:  # the backoff has passed
        event.available_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert outbox.drain() == 2
    assert outbox.pending_count() == 0 and calls == [2, 2]


def test_documents_registered_while_search_is_down_become_findable_when_it_returns(office, make_app, database_url):
    down = make_app(database_url, search_url="http://127.0.0.1:9/?timeout=1")
    with down.app_context():
        register_new(code_number="77", subject="Về việc kiểm tra an toàn hồ đập mùa mưa bão")
        assert outbox.drain() == 0, "the index cannot be reached: the event waits"
        waiting = db.session.scalars(select(OutboxEvent).where(OutboxEvent.processed_at.is_(None))).all()
        assert waiting and all(e.attempts == 1 for e in waiting)
        for event in waiting:
            event.available_at = utcnow()
        db.session.commit()
        db.session.remove()

    # The office's own app (embedded search, same database) picks the waiting events up.
    assert outbox.drain() >= 1
    assert _found("ho dap mua mua bao") == 1


def test_reindex_rebuilds_the_whole_index_from_the_database_with_progress(office):
    for number in range(1, 4):
        register_new(code_number=str(number), subject=f"Về việc tổng kết công tác thủy lợi đợt {number}")
    db.session.query(OutboxEvent).delete()  # as if the index had been lost with its pending events
    db.session.commit()
    assert _found("thuy loi") == 0

    result = office.test_cli_runner().invoke(main, ["reindex"])
    assert result.exit_code == 0, result.output
    assert "Đang lập chỉ mục" in result.output and "Đã lập chỉ mục 3 mục" in result.output
    assert _found("thuy loi") == 3


def test_the_worker_drains_in_the_background_and_keeps_a_heartbeat(office):
    from eoffice.outbox.worker import heartbeat_path, run

    register_new(code_number="5", subject="Về việc phòng chống sạt lở đất")
    db.session.remove()
    heartbeat = heartbeat_path(office)
    heartbeat.unlink(missing_ok=True)
    stop = threading.Event()
    thread = threading.Thread(target=run, args=(office, stop, 0.1))
    thread.start()
    try:
        for _ in range(100):
            if heartbeat.exists() and outbox.pending_count() == 0:
                break
            db.session.remove()
            stop.wait(0.1)
    finally:
        stop.set()
        thread.join(10)
    assert heartbeat.exists()
    assert _found("sat lo dat") == 1


def test_reindex_with_the_search_server_down_says_so_and_exits_4(office, make_app, database_url):
    down = make_app(database_url, search_url="http://127.0.0.1:9/?timeout=1")
    with down.app_context():  # the command runs in the current app's context
        result = down.test_cli_runner().invoke(main, ["reindex"])
    assert result.exit_code == 4
    assert "Máy chủ tìm kiếm" in result.output and "Traceback" not in result.output
