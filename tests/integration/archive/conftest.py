"""Fixtures for the archive: the demo office with this year's approved catalogue, and helpers
that open a dossier, fill it with an upload, and close it years ago (retention run out)."""
from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from eoffice.calendar import service as calendar
from eoffice.db import db, utcnow
from eoffice.archive import dossiers
from eoffice.archive.models import ArchiveDossier, Catalogue, CatalogueEntry
from eoffice.archive.schemas import DocumentMetaIn, OpenDossierIn
from tests.helpers import sample_pdf
from tests.integration.documents.conftest import actor


@pytest.fixture
def office(app):  # type: ignore[no-untyped-def]
    from eoffice.demo import load_demo

    load_demo(with_documents=False)
    return app


def entry(code: str) -> CatalogueEntry:
    year = calendar.now().year
    return db.session.scalars(select(CatalogueEntry).join(Catalogue).where(
        Catalogue.year == year, CatalogueEntry.code == code)).one()


def open_dossier(who: str = "luutru", code: str = "05.HCTC", **changes: Any) -> ArchiveDossier:
    return dossiers.open_dossier(actor(who), OpenDossierIn(entry_id=entry(code).id, **changes))


YEARS_AGO = 12


def filled(code: str = "04.NC", number: str = "9") -> ArchiveDossier:
    dossier = open_dossier("luutru", code)
    dossiers.file_upload(actor("luutru"), dossier, dossiers.Upload(io.BytesIO(sample_pdf(number=number)), f"bc-{number}.pdf"),
                         DocumentMetaIn(subject=f"Báo cáo giải quyết khiếu nại số {number}", number=number, notation="BC-NC"))
    return dossier


def close_years_ago(monkeypatch: pytest.MonkeyPatch, dossier: ArchiveDossier, years: int = YEARS_AGO) -> None:
    """Close as if it were `years` years ago (the dossier module's clock), so retention has run."""
    past = utcnow() - timedelta(days=366 * years)
    monkeypatch.setattr(dossiers, "utcnow", lambda: past)
    dossiers.close(actor("luutru"), dossier)
    monkeypatch.undo()
