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


def test_the_bytes_of_an_expired_staged_upload_are_deleted_once_past_the_grace_period(office):
    from eoffice.backends import blob_store
    from eoffice.files.housekeeping import collect_unreferenced_blobs
    from eoffice.files.models import StoredFile

    assert "files.collect_unreferenced_blobs" in schedule._JOBS
    staged = stage_upload(actor("vanthu"), io.BytesIO(sample_pdf(number="74")), "bo.pdf", main_document=True)
    kept = stage_upload(actor("vanthu"), io.BytesIO(sample_pdf(number="75")), "giu.pdf", main_document=True)
    staged.created_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    dropped, live = staged.sha256, kept.sha256

    schedule.run_due_jobs(force=True)
    db.session.expire_all()
    assert db.session.scalar(select(StoredFile).where(StoredFile.sha256 == dropped)) is None, "its stored-file row goes too"
    assert blob_store().exists(dropped), "a blob younger than the grace period is kept"
    assert collect_unreferenced_blobs(now=utcnow() + timedelta(days=2)) >= 1
    assert not blob_store().exists(dropped) and blob_store().exists(live)


def test_old_ended_sessions_and_login_attempts_are_deleted_but_what_the_throttle_reads_is_kept(office):
    from eoffice.auth.housekeeping import drop_old_sessions_and_attempts
    from eoffice.auth.models import LoginAttempt, User, UserSession

    user = db.session.scalar(select(User).where(User.username == "vanthu"))
    now = utcnow()
    old_ended = UserSession(user_id=user.id, secret_hash="a" * 64, created_at=now - timedelta(days=60),
                            expires_at=now - timedelta(days=59), last_seen_at=now - timedelta(days=60),
                            ended_at=now - timedelta(days=59), end_reason="logout")
    live = UserSession(user_id=user.id, secret_hash="b" * 64, created_at=now, expires_at=now + timedelta(hours=10),
                       last_seen_at=now)
    ancient = LoginAttempt(username="vanthu", ip_address="127.0.0.1", succeeded=False, reason="bad_password",
                           at=now - timedelta(days=400))
    recent = LoginAttempt(username="vanthu", ip_address="127.0.0.1", succeeded=True, at=now - timedelta(days=20))
    db.session.add_all([old_ended, live, ancient, recent])
    db.session.commit()
    ids = (old_ended.id, live.id, ancient.id, recent.id)

    assert "auth.drop_old_sessions_and_attempts" in schedule._JOBS
    drop_old_sessions_and_attempts()
    db.session.expire_all()
    assert db.session.get(UserSession, ids[0]) is None and db.session.get(UserSession, ids[1]) is not None
    assert db.session.get(LoginAttempt, ids[2]) is None and db.session.get(LoginAttempt, ids[3]) is not None


def test_login_attempts_are_kept_at_least_as_long_as_the_throttle_reads_them(make_app, database_url):
    from eoffice.auth.housekeeping import drop_old_sessions_and_attempts
    from eoffice.auth.models import LoginAttempt
    from eoffice.auth.throttle import TRUSTED_DAYS

    app = make_app(database_url, login_log_retention_days=1)
    with app.app_context():
        attempt = LoginAttempt(username="x", ip_address="127.0.0.1", succeeded=True, at=utcnow() - timedelta(days=TRUSTED_DAYS - 1))
        db.session.add(attempt)
        db.session.commit()
        attempt_id = attempt.id
        drop_old_sessions_and_attempts()
        assert db.session.get(LoginAttempt, attempt_id) is not None
