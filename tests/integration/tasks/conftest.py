"""Fixtures for tasks: the demo office's people and units, and a helper that assigns a task."""
from __future__ import annotations

from typing import Any

import pytest

from eoffice.tasks import assigning
from eoffice.tasks.models import Task
from eoffice.tasks.schemas import TaskIn
from tests.integration.documents.conftest import actor, unit

TITLE = "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực đất đai"


@pytest.fixture
def office(app):  # type: ignore[no-untyped-def]
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    return app


def new_task(who: str = "chutich", **changes: Any) -> Task:
    values: dict[str, Any] = dict(title=TITLE, content="Báo cáo kết quả rà soát về UBND tỉnh.",
                                  lead_unit_id=unit("KT").id, working_days=5)
    values.update(changes)
    return assigning.assign(actor(who), TaskIn(**values))


class _Inbox:
    """What the local SMTP server received: (envelope recipients, parsed message)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Any]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        from email import message_from_bytes, policy

        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Any]:
        return [message for rcpt, message in self.messages if address in rcpt]


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    """A real SMTP server (aiosmtpd) on a free 127.0.0.1 port, for the length of one test."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


@pytest.fixture
def mail_office(make_app, database_url, smtp_server):  # type: ignore[no-untyped-def]
    """The demo office on an app that sends e-mail to the local SMTP server."""
    from eoffice.demo import load_demo

    url, inbox = smtp_server
    application = make_app(database_url, smtp_url=url, mail_from="vanphong@demo.eoffice.local")
    with application.app_context():
        load_demo(with_documents=False)
        yield application, inbox
