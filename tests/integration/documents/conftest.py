"""Fixtures for incoming documents: the demo office (units, people, registers) and real PDFs."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eoffice.actor import Actor
from eoffice.auth.models import User
from eoffice.db import db
from eoffice.documents import registration
from eoffice.documents.models import IncomingRegister
from eoffice.documents.uploads import stage_upload
from eoffice.org.models import Unit
from tests.helpers import sample_pdf  # noqa: F401 - re-exported for the tests here


@pytest.fixture
def office(app):
    """The demo units, people and registers, but no documents: tests create their own."""
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    return app


def actor(username: str) -> Actor:
    return Actor(db.session.scalars(select(User).where(User.username == username)).one())


def unit(short_name: str) -> Unit:
    return db.session.scalars(select(Unit).where(Unit.short_name == short_name)).first()


def register_of(confidential: bool = False) -> IncomingRegister:
    return db.session.scalars(select(IncomingRegister).where(
        IncomingRegister.unit_id == unit("VP").id, IncomingRegister.is_confidential.is_(confidential))).one()


def registration_input(token: str, **changes) -> registration.RegistrationInput:
    values = dict(
        register_id=register_of().id, issuer_name="Sở Nội vụ tỉnh Khánh Hòa", doc_type="QĐ",
        subject="Về việc phê duyệt kế hoạch cải cách hành chính năm 2027", code_number="15", code_notation="QĐ-SNV",
        issued_date=date.today() - timedelta(days=2), main_token=token, submitted_to_id=actor("chutich").user_id,
    )
    values.update(changes)
    return registration.RegistrationInput(**values)


def register_new(clerk: Actor | None = None, pdf: bytes | None = None, **changes):
    clerk = clerk or actor("vanthu")
    staged = stage_upload(clerk, io.BytesIO(pdf or sample_pdf(number=changes.get("code_number", "15"))), "van-ban.pdf", main_document=True)
    return registration.register_document(clerk, registration_input(staged.token, **changes))


def run_worker() -> int:
    """What `eoffice worker --once` does to the outbox: handle every due event (the background
    signature checks among them); returns how many were handled."""
    from eoffice.outbox import service as outbox

    total = 0
    while (handled := outbox.drain()) > 0:
        total += handled
    return total
