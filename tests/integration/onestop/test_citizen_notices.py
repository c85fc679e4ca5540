"""The citizen is told of every change by e-mail through a real SMTP server (aiosmtpd on
127.0.0.1) and by SMS through the HTTP gateway protocol (a local stand-in gateway); a
gateway that fails marks its notice failed and the e-mail still goes."""
from __future__ import annotations

import dataclasses
import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from eoffice.db import db
from eoffice.onestop import processing
from eoffice.onestop.models import CitizenNotice
from eoffice.onestop.schemas import SupplementIn
from eoffice.outbox.service import drain
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import receive


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[str, Mailbox]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield f"smtp://127.0.0.1:{port}", box
    controller.stop()


@pytest.fixture
def sms_gateway() -> Iterator[tuple[str, list[dict[str, str]], dict[str, int]]]:
    received: list[dict[str, str]] = []
    answer = {"status": 200}

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(answer["status"])
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sms", received, answer
    server.shutdown()


@pytest.fixture
def configured(desk, app, monkeypatch, smtp, sms_gateway):  # type: ignore[no-untyped-def]
    settings = app.extensions["eoffice.settings"]
    monkeypatch.setitem(app.extensions, "eoffice.settings", dataclasses.replace(
        settings, smtp_url=smtp[0], mail_from="motcua@nhatrang.khanhhoa.gov.vn", sms_gateway_url=sms_gateway[0]))
    return smtp[1], sms_gateway[1], sms_gateway[2]


def test_each_change_reaches_the_citizen_by_email_and_sms(configured):
    mailbox, texts, _ = configured
    dossier = receive()
    processing.request_supplement(actor("motcua"), dossier, SupplementIn(missing=["Ảnh chân dung 4x6"]))
    drain()
    assert [m["To"] for m in mailbox.messages] == ["an@example.vn", "an@example.vn"]
    assert "Ảnh chân dung 4x6" in mailbox.messages[1].get_content() and dossier.code in mailbox.messages[0]["Subject"]
    assert [t["to"] for t in texts] == ["0905123456", "0905123456"] and "đã được tiếp nhận" in texts[0]["text"]
    assert all(n.status == "sent" for n in db.session.scalars(select(CitizenNotice)))


def test_a_failing_sms_gateway_marks_its_notice_and_the_email_still_goes(configured):
    mailbox, _, answer = configured
    answer["status"] = 503
    receive()
    drain()
    notices = {n.channel: n for n in db.session.scalars(select(CitizenNotice))}
    assert notices["email"].status == "sent" and len(mailbox.messages) == 1
    assert notices["sms"].status == "failed" and "503" in notices["sms"].error
