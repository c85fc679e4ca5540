"""Fixtures for one-stop dossiers: the demo office with its catalogue, a clock the tests set,
and a helper that receives a dossier at the Nha Trang desk."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
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
