"""The worker's housekeeping: staged uploads never registered are dropped after their lifetime,
handled outbox events after the retention; pending events are never touched."""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from eoffice.db import db, utcnow
from eoffice.documents.models import StagedUpload
from eoffice.documents.uploads import stage_upload
from eoffice.outbox import schedule
from eoffice.outbox.models import OutboxEvent
from tests.helpers import sample_pdf
from tests.integration.documents.conftest import actor


def test_the_worker_drops_expired_staged_uploads_and_purges_old_handled_events_only(office):
    assert {"incoming.drop_expired_staged", "outbox.purge_processed"} <= set(schedule._JOBS)
    old = stage_upload(actor("vanthu"), io.BytesIO(sample_pdf(number="71")), "cu.pdf", main_document=True)
    fresh = stage_upload(actor("vanthu"), io.BytesIO(sample_pdf(number="72")), "moi.pdf", main_document=True)
    old.created_at = utcnow() - timedelta(hours=25)
    long_ago = utcnow() - timedelta(days=8)
    handled_old = OutboxEvent(topic="test.done", key="a", processed_at=long_ago, created_at=long_ago)
    handled_recent = OutboxEvent(topic="test.done", key="b", processed_at=utcnow() - timedelta(days=1))
    pending_old = OutboxEvent(topic="test.pending", key="c", created_at=long_ago, available_at=utcnow() + timedelta(days=1))
    db.session.add_all([handled_old, handled_recent, pending_old])
    db.session.commit()
    ids = {e.key: e.id for e in (handled_old, handled_recent, pending_old)}
    old_token, fresh_token = old.token, fresh.token

    schedule.run_due_jobs(force=True)
    db.session.expire_all()
    staged = set(db.session.scalars(select(StagedUpload.token)))
    assert old_token not in staged and fresh_token in staged
    events = set(db.session.scalars(select(OutboxEvent.id).where(OutboxEvent.id.in_(ids.values()))))
    assert events == {ids["b"], ids["c"]}, "an unprocessed event is never purged, however old"


def test_the_ages_are_configurable(make_app, database_url):
    from eoffice.demo import load_demo

    app = make_app(database_url, staged_upload_hours=1, outbox_retention_days=30)
    with app.app_context():
        load_demo(with_documents=False)
        staged = stage_upload(actor("vanthu"), io.BytesIO(sample_pdf(number="73")), "a.pdf", main_document=True)
        staged.created_at = utcnow() - timedelta(hours=2)
        kept = OutboxEvent(topic="test.done", key="d", processed_at=utcnow() - timedelta(days=8))
        db.session.add(kept)
        db.session.commit()
        staged_id, kept_id = staged.id, kept.id
        schedule.run_due_jobs(force=True)
        db.session.expire_all()
        assert db.session.get(StagedUpload, staged_id) is None, "older than 1 hour"
        assert db.session.get(OutboxEvent, kept_id) is not None, "younger than 30 days"
