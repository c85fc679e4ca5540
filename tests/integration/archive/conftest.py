"""Fixtures for the archive: the demo office with this year's approved catalogue, and helpers
that open a dossier and register an incoming document to file."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from eoffice.calendar import service as calendar
from eoffice.db import db
from eoffice.archive import dossiers
from eoffice.archive.models import ArchiveDossier, Catalogue, CatalogueEntry
from eoffice.archive.schemas import OpenDossierIn
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
