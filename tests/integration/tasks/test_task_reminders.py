"""Reminders: the job warns before the deadline (the configured working days) and on the day it
passes, once each — running it again sends nothing — and a leader's manual reminder carries
their own words; each arrives in-app and by e-mail at a real local SMTP server and is recorded
on the task."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from eoffice.db import db
from eoffice.errors import ServiceError
from eoffice.notify.models import Notification
from eoffice.outbox.service import drain
from eoffice.tasks import reminders
from eoffice.tasks.models import TaskReminder
from eoffice.tasks.schemas import ReminderIn
from tests.integration.documents.conftest import actor
from tests.integration.tasks.conftest import TITLE, new_task

SPECIALIST_MAIL = "chuyenvien@demo.eoffice.local"


def _notices(username: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == actor(username).user_id, Notification.kind == "task.reminder")) or 0


def test_the_job_reminds_before_the_deadline_once_by_e_mail_and_in_app(mail_office):
    app, inbox = mail_office
    task = new_task(lead_user_id=actor("chuyenvien").user_id, working_days=1)
    far = new_task(lead_user_id=actor("chuyenvien").user_id, working_days=20, title="Nhiệm vụ còn xa hạn")
    assert reminders.send_due_reminders() == 1
    assert reminders.send_due_reminders() == 0, "a second run sends nothing twice"
    drain()
    [mail] = inbox.to(SPECIALIST_MAIL)
    assert "Đôn đốc nhiệm vụ" in mail["Subject"] and "còn 1 ngày làm việc" in mail.get_content()
    assert f"/tasks/{task.id}" in mail.get_content()
    [reminder] = task.reminders
    assert reminder.key.startswith("before:1:") and reminder.channels == "in_app,email"
    assert _notices("chuyenvien") == 1 and far.reminders == []


def test_on_the_day_the_deadline_passes_the_lead_and_the_assigner_are_told_once(mail_office):
    app, inbox = mail_office
    task = new_task(lead_user_id=actor("chuyenvien").user_id, working_days=1)
    later = task.deadline + timedelta(hours=1)
    assert reminders.send_due_reminders(now=later) == 1
    assert reminders.send_due_reminders(now=later + timedelta(hours=3)) == 0
    drain()
    assert [r.key.split(":")[0] for r in task.reminders] == ["overdue"]
    assert "đã quá hạn" in inbox.to(SPECIALIST_MAIL)[0].get_content()
    assert inbox.to("chutich@demo.eoffice.local"), "the assigner hears of it too"


def test_a_manual_reminder_carries_the_leaders_own_text(mail_office):
    app, inbox = mail_office
    task = new_task(lead_user_id=actor("chuyenvien").user_id)
    with pytest.raises(ServiceError, match="nội dung đôn đốc"):
        reminders.remind(actor("chutich"), task, ReminderIn(text="  "))
    reminders.remind(actor("chutich"), task, ReminderIn(text="Đề nghị gửi báo cáo trước 16 giờ chiều nay."))
    drain()
    [mail] = inbox.to(SPECIALIST_MAIL)
    assert "Đề nghị gửi báo cáo trước 16 giờ chiều nay." in mail.get_content() and TITLE[:40] in mail["Subject"]
    assert db.session.scalar(select(func.count()).select_from(TaskReminder)) == 1
    assert "reminded" in [e.kind for e in task.events]


def test_a_mail_server_that_is_down_does_not_lose_the_reminder(make_app, database_url):
    """The e-mail waits in the outbox and is retried; the in-app notice and the record stay."""
    import socket

    from eoffice.demo import load_demo
    from eoffice.outbox.models import OutboxEvent

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here
    app = make_app(database_url, smtp_url=f"smtp://127.0.0.1:{port}")
    with app.app_context():
        load_demo(with_documents=False)
        task = new_task(lead_user_id=actor("chuyenvien").user_id, working_days=1)
        assert reminders.send_due_reminders() == 1
        drain()
        event = db.session.scalars(select(OutboxEvent).where(OutboxEvent.topic == "notify.channel")).one()
        assert event.processed_at is None and event.attempts == 1
        assert len(task.reminders) == 1 and _notices("chuyenvien") == 1
