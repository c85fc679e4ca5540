"""Telling the citizen of every change of their dossier, through an adapter.

Each change writes one `CitizenNotice` per address the citizen gave (e-mail, phone) and an
outbox event in the change's transaction; the worker hands the notice to the channel's adapter.
E-mail goes to the SMTP server of `EOFFICE_SMTP_URL`, SMS to the HTTP gateway of
`EOFFICE_SMS_GATEWAY_URL`; with neither set the stand-in writes the message to the log. Staff on the dossier get the in-app notice (`eoffice.notify`).
"""
from __future__ import annotations

import json
import logging
import urllib.request
from typing import Callable, Protocol

from sqlalchemy import select

from eoffice.db import db, utcnow
from eoffice.onestop.models import STATUS_LABELS, CitizenNotice, Dossier
from eoffice.outbox.service import emit, handler

log = logging.getLogger(__name__)
TOPIC = "onestop.citizen_notice"


class NoticeAdapter(Protocol):
    def send(self, address: str, text: str) -> None: ...


class LogAdapter:
    """The stand-in while no server is configured: writes the message to the log."""

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, address: str, text: str) -> None:
        log.info("%s → %s: %s", self.channel, address, text)


class EmailAdapter:
    """E-mail through the office's one SMTP channel (`eoffice.notify.channels.EmailChannel`,
    `EOFFICE_SMTP_URL`); the subject is the message's first clause."""

    def send(self, address: str, text: str) -> None:
        from eoffice.notify.channels import EmailChannel, Message

        EmailChannel().deliver(Message(address, text.split(":", 1)[0][:120], text))


class HttpSmsAdapter:
    """SMS through an HTTP gateway (`EOFFICE_SMS_GATEWAY_URL`): POST {"to", "text"} as JSON,
    any 2xx answer is taken as accepted."""

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, address: str, text: str) -> None:
        body = json.dumps({"to": address, "text": text}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=20) as answer:  # noqa: S310 - the configured gateway
            if not 200 <= answer.status < 300:
                raise RuntimeError(f"Cổng SMS trả lời {answer.status}")


def _email() -> NoticeAdapter:
    from eoffice.notify.channels import EmailChannel

    return EmailAdapter() if EmailChannel().is_configured() else LogAdapter("email")


def _sms() -> NoticeAdapter:
    from eoffice import current_settings

    settings = current_settings()
    return HttpSmsAdapter(settings.sms_gateway_url) if settings.sms_gateway_url else LogAdapter("sms")


ADAPTERS: dict[str, Callable[[], NoticeAdapter]] = {"email": _email, "sms": _sms}


def set_adapter(channel: str, factory: Callable[[], NoticeAdapter]) -> None:
    """Plug in another channel client (e.g. a provider's own SMS API)."""
    ADAPTERS[channel] = factory


def tell_citizen(dossier: Dossier, text: str) -> None:
    """Queue the message for each address of the citizen (caller's transaction)."""
    message = f"Hồ sơ {dossier.code}: {text} Trạng thái: {STATUS_LABELS.get(dossier.status, dossier.status)}."
    for channel, address in (("email", dossier.applicant_email), ("sms", dossier.applicant_phone)):
        if address:
            notice = CitizenNotice(dossier_id=dossier.id, channel=channel, address=address, text=message[:2000])
            db.session.add(notice)
            db.session.flush()
            emit(TOPIC, str(notice.id), {"notice_id": notice.id})


@handler(TOPIC)
def _send(events: list) -> None:  # type: ignore[type-arg]
    ids = [int(e.payload["notice_id"]) for e in events]
    for notice in db.session.scalars(select(CitizenNotice).where(CitizenNotice.id.in_(ids))):
        if notice.status == "sent":
            continue
        try:
            ADAPTERS[notice.channel]().send(notice.address, notice.text)
        except Exception as exc:  # noqa: BLE001 - a failing channel is recorded, the others go on
            notice.status, notice.error = "failed", str(exc)[:500]
            continue
        notice.status, notice.sent_at, notice.error = "sent", utcnow(), ""
