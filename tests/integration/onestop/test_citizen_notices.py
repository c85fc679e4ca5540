"""The citizen is told of every change by e-mail through a real SMTP server (aiosmtpd on
127.0.0.1) and by SMS through the HTTP gateway protocol (a local stand-in gateway); a
gateway that fails marks its notice failed and the e-mail still goes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from eoffice.db import db
from eoffice.onestop import processing
from eoffice.onestop.models import CitizenNotice
from eoffice.onestop.schemas import SupplementIn
from eoffice.outbox.service import drain
from tests.integration.documents.conftest import actor
from tests.integration.onestop.conftest import receive


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
