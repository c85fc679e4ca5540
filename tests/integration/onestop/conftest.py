"""Fixtures for one-stop dossiers: the demo office with its catalogue, a clock the tests set,
and a helper that receives a dossier at the Nha Trang desk."""
from __future__ import annotations

import dataclasses
import json
import socket
import threading
from datetime import datetime
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from eoffice.calendar.timezone import VN
from eoffice.db import db
from eoffice.onestop import clock, intake
from eoffice.onestop.citizen import THROTTLE
from eoffice.onestop.models import Dossier, Procedure
from eoffice.onestop.schemas import DossierIn
from tests.integration.documents.conftest import actor

# A Thursday morning, an ordinary working day.
MORNING = datetime(2026, 12, 3, 9, 0, tzinfo=VN)


class Clock:
    """The moment the one-stop services see; tests move it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def desk(app, monkeypatch):  # type: ignore[no-untyped-def]
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    THROTTLE.clear()
    now = Clock(MORNING)
    monkeypatch.setattr(clock, "now", now)
    return now


def procedure(code: str) -> Procedure:
    return db.session.scalars(select(Procedure).where(Procedure.code == code)).one()


def receive(code: str = "1.000894", who: str = "motcua", **changes: Any) -> Dossier:
    proc = procedure(code)
    values: dict[str, Any] = dict(procedure_id=proc.id, channel="desk", applicant_name="Nguyễn Văn An",
                                  applicant_phone="0905 123 456", applicant_email="an@example.vn",
                                  applicant_address="12 Trần Phú, Nha Trang",
                                  provided=[i for i, c in enumerate(proc.components) if c.get("required", True)])
    files = changes.pop("files", ())
    values.update(changes)
    return intake.receive(actor(who), DossierIn(**values), files)


# The citizen's channels: a real SMTP server (aiosmtpd on 127.0.0.1) and a local stand-in SMS gateway.

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
