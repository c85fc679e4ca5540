"""Where a notice goes besides the in-app bell: channels behind one small interface, so SMS
or Zalo can plug in later without touching the kinds that send notices.

`send(user_ids, kind, text, link, subject=...)` writes the in-app notice in the caller's
transaction and, for every other configured channel, an outbox event: the message leaves only
if the transaction commits, and a failing mail server is retried by the worker (with backoff)
instead of failing the user's action.
"""
from __future__ import annotations

import secrets
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Iterable, Protocol
from urllib.parse import unquote, urlsplit

from sqlalchemy import select

from eoffice.db import db, utcnow
from eoffice.notify.service import notify
from eoffice.outbox.service import emit, handler

TOPIC = "notify.channel"


@dataclass(frozen=True)
class Message:
    to: str        # the channel's address: an e-mail address, a phone number …
    subject: str
    text: str


class Channel(Protocol):
    """One way out. `address(user)` says where this user is reached (None: not reachable)."""

    name: str

    def is_configured(self) -> bool: ...

    def address(self, user: object) -> str | None: ...

    def deliver(self, message: Message) -> None: ...


class EmailChannel:
    """E-mail through the SMTP server of `EOFFICE_SMTP_URL` (smtp://[user:password@]host:port,
    STARTTLS before a login; smtps:// for implicit TLS), sent with the standard library's
    smtplib. The one SMTP client: the one-stop desk's citizen notices use it too."""

    name = "email"

    def _settings(self):  # type: ignore[no-untyped-def]
        from eoffice import current_settings

        return current_settings()

    def is_configured(self) -> bool:
        return bool(self._settings().smtp_url)

    def address(self, user: object) -> str | None:
        return getattr(user, "email", None) or None

    def deliver(self, message: Message) -> None:
        settings = self._settings()
        url = urlsplit(settings.smtp_url)
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = settings.mail_from, message.to, message.subject
        mail.set_content(message.text)
        client = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        with client(url.hostname or "127.0.0.1", url.port or (465 if url.scheme == "smtps" else 25), timeout=30) as smtp:
            if url.username:
                if url.scheme != "smtps":
                    smtp.starttls()  # never a password in clear over the network
                smtp.login(unquote(url.username), unquote(url.password or ""))
            smtp.send_message(mail)


_CHANNELS: dict[str, Channel] = {}


def register_channel(channel: Channel) -> None:
    _CHANNELS[channel.name] = channel


def channels() -> list[Channel]:
    return list(_CHANNELS.values())


register_channel(EmailChannel())


def send(user_ids: Iterable[int], kind: str, text: str, link: str = "", *, subject: str = "") -> list[str]:
    """Notify people in-app and on every configured channel; returns the channels used."""
    from eoffice.auth.models import User

    ids = list(dict.fromkeys(user_ids))
    notify(ids, kind, text, link)
    used = ["in_app"]
    users = list(db.session.scalars(select(User).where(User.id.in_(ids), User.is_enabled.is_(True)))) if ids else []
    for channel in channels():
        if not channel.is_configured():
            continue
        addresses = [a for a in (channel.address(u) for u in users) if a]
        for address in addresses:
            emit(TOPIC, f"{channel.name}:{address}:{secrets.token_hex(6)}", {"channel": channel.name, "to": address,
                                                      "subject": subject or text[:120], "text": f"{text}\n\n{link}".strip()})
        if addresses:
            used.append(channel.name)
    return used


@handler(TOPIC)
def _deliver(events: list) -> None:  # type: ignore[type-arg]
    for event in events:
        if event.processed_at is not None:
            continue
        channel = _CHANNELS.get(event.payload.get("channel", ""))
        if channel is None:
            continue
        channel.deliver(Message(event.payload["to"], event.payload["subject"], event.payload["text"]))
        # Marked and committed one by one (the worker has claimed the batch, so committing
        # here is safe): when a later message fails, or the worker is killed, the batch is
        # retried but the messages already delivered are not sent twice.
        event.processed_at = utcnow()
        db.session.commit()
